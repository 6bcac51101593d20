"""The editor commands apart from the build: `kbgen serve`, `kbgen new` (`kbgen import` is `kbgen/importer/`).

The core (load, render, search, publish, pipeline) never imports this package.
"""
