"""Helpers with no knowledge of help centers: worker processes, the GC pause, a static host."""
