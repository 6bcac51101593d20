"""`kbgen serve`, the live preview: `server.py` serves the output and injects live reload, `watch.py` watches the
content and theme, `state.py` keeps each build's outcome and the state open tabs follow, `signals.py` stops it on
Ctrl-C or SIGTERM; `static/` is the browser's side (the reload script and the error overlay).

Nothing of the core (load, render, search, publish, pipeline, write) imports this package.
"""
