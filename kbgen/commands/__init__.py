"""The import, apart from the build: `kbgen import` (`kbgen serve` is in `kbgen/serve/`, `kbgen new` in `kbgen/new.py`).

The core (load, render, search, publish, pipeline) never imports this package.
"""
