"""Loading: the only stage that reads content files; turns a content folder into the model.

The loader (`loader.py`) reads `site.yaml` and `carriers.yaml` (`settings.py`), section and
question files (`folders.py`), what belongs where (`layout.py`), `static/` (`static.py`),
images and brand colours (`images.py`), the shipped shop vocabulary (`vocabulary.py`) and the
build's day with notices' and questions' date windows (`schedule.py`),
with its file layer (`files.py`), line-marked YAML (`yamlio.py`), checks against the schema
of kbgen/config.py (`schema.py`), rules on single values (`rules.py`), cross-file checks
(`checks.py`), Markdown (`markdown.py`, Python-Markdown with kbgen's extension in
`markdown_engine.py`), git dates (`gitdates.py`), the caches of costly
pure results (`cache.py`), the site's locales and their fallback chains (`locales.py`) and the
translations beside their sources, a help center per locale (`translations.py`).
Never imports render, search, publish or commands.
"""
