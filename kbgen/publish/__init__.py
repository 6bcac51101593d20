"""Publishing: what a build writes beside the pages for static hosts and old links.

Redirects (`redirects.py`), host files (`hosting.py`), the URL manifest (`manifest.py`),
gathered by `files.py`. Pure, like rendering.
"""
