"""Publishing: what a build writes beside the pages for static hosts, old links, apps and assistants.

Redirects (`redirects.py`), host files (`hosting.py`), the URL manifest (`manifest.py`),
the help center as data (`data.py`: llms.txt and Markdown twins; `api.py`: the JSON API;
`feed.py`: the Atom feed and OpenSearch), gathered by `files.py`. Pure, like rendering.
"""
