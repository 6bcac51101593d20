"""Rendering: the model into the site's files, in memory; never touches the file system.

Pages and the 404 (`pages.py`), the sitemap, robots.txt and web manifest (`site_files.py`), assets by hashed names (`assets.py`), the
brand's files (`brand.py`), the theme (`theme.py`), structured data
(`structured.py`), the heading outline (`outline.py`), fingerprints (`fingerprint.py`), each
page's alternates in the other locales and the language switcher's links (`locales.py`), and the
theme's words in a locale's language: catalogues, dates, numbers, direction (`words.py`), and the
template tag that renders a fragment many pages share once (`shared.py`).
"""
