"""Helpers with no knowledge of help centers: worker processes, Ctrl-C and signals, the GC pause, a static host."""
