"""Tests of kbgen.render."""
