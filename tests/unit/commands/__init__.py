"""Tests of kbgen.commands: serve, new."""
