"""Tests of kbgen.importer: the readers, planning and writing of `kbgen import`."""
