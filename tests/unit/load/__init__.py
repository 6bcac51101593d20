"""Tests of kbgen.load: the loader, validation messages, caches."""
