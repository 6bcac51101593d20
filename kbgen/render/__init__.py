"""Rendering: the model into the site's files, in memory; never touches the file system.

Pages, 404, sitemap and robots.txt (`pages.py`), assets by hashed names (`assets.py`), the
brand's files (`brand.py`), the theme (`theme.py`), structured data
(`structured.py`), the heading outline (`outline.py`), fingerprints (`fingerprint.py`), each
page's alternates in the other locales and the language switcher's links (`locales.py`), and the
theme's words in a locale's language: catalogues, dates, numbers, direction (`words.py`).
"""
