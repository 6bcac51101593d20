"""Search: the index the browser queries, computed at build time.

Layered from the files out: `shards.py` (the index as the browser fetches it:
a first file, vocabulary blocks, term shards and document files on demand, written by `packing.py`) over `synonyms.py`
(the synonym groups and filler words shipped, and their warnings) and
`related.py` (each question's related questions, from the index; `related_arrays.py` computes
them with numpy on large help centers) over
`incremental.py` (the index a rebuild updates from the last one, changed
documents only) over `index.py` (the builder: lunr's postings and field lengths) over
`documents.py` (what is indexed per question, section and the track page) and
`languages.py` (the analyzer of the site's language) over `text.py` (folding
and HTML → text), `stemmer.py` (lunr.js's stemmer) and `arabic.py` (lunr-languages'
Arabic stemmer).
Pure: files come back as bytes; the only files read are kbgen's own (its stop word and
Arabic stemmer data, and the analysing code's source that versions a kept index).
"""
