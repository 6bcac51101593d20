"""Whole builds: the shipped site, safety, incremental builds, scale, packaging, valid HTML."""
