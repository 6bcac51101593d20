"""kbgen test suite (a package, so tests import helpers from .conftest)."""
