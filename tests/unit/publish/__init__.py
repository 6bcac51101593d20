"""Tests of kbgen.publish: dates, redirects, manifest, host files."""
