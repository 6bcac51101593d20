"""Search: the index the browser queries, computed at build time.

The index (`index.py`), lunr.js's stemmer in Python (`stemmer.py`) and the compact
transport the browser fetches (`transport.py`). Pure: files come back as bytes.
"""
