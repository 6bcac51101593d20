"""Tests of kbgen.search: the index, its transport, edits."""
