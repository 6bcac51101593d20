"""Assets by hashed name: stylesheets name the icons and images they draw by those names too."""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup

from kbgen.pipeline import build_site
from kbgen.urls import hashed_asset_names, hashed_name

SEARCH = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><circle cx="11" cy="11" r="7"/></svg>'


def test_a_stylesheets_urls_of_assets_get_their_hashed_names() -> None:
    css = (
        b".a::before { mask-image: url(../icons/search.svg); }\n"
        b'.b { background: url("../img/dot.png") }\n'
        b".c { background: url(../img/missing.png) url(data:image/png;base64,AAAA) url(/abs.png) url(#id); }\n"
        b"@import url(print.css);\n"
    )
    assets = {"css/print.css": b"", "css/site.css": css, "icons/search.svg": SEARCH, "img/dot.png": b"PNG"}
    linked, names = hashed_asset_names(assets)
    text = linked["css/site.css"].decode()
    assert f"url(../{names['icons/search.svg']})" in text
    assert f'url("../{names["img/dot.png"]}")' in text
    for untouched in ("url(../img/missing.png)", "url(data:image/png;base64,AAAA)", "url(/abs.png)", "url(#id)"):
        assert untouched in text
    assert "@import url(print.css)" in text  # stylesheets are named after their own change, so never rewritten
    assert names["css/site.css"] == hashed_name("css/site.css", linked["css/site.css"])  # named after the change
    assert linked["icons/search.svg"] == SEARCH and names["icons/search.svg"] == hashed_name("icons/search.svg", SEARCH)


def test_a_themes_own_header_icon_is_the_one_the_css_draws(shipped_copy: Path, tmp_path: Path) -> None:
    theme = tmp_path / "my-theme"
    (theme / "static" / "icons").mkdir(parents=True)
    (theme / "static" / "icons" / "search.svg").write_bytes(SEARCH)
    output = tmp_path / "site"
    build_site(shipped_copy, output, theme_dir=theme, cache=False)
    home = BeautifulSoup((output / "index.html").read_text(encoding="utf-8"), "html.parser")
    css_href = next(link["href"] for link in home.select('link[rel="stylesheet"]') if "/site." in link["href"])
    css = (output / css_href).read_text(encoding="utf-8")
    drawn = re.search(r"\.header-search-link::before \{[^}]*mask-image: url\(([^)]+)\)", css)
    assert drawn is not None
    assert (output / "assets" / "css" / drawn.group(1)).resolve().read_bytes() == SEARCH
    for name in ("truck", "mail"):  # the shipped ones still, by their hashed names
        (icon,) = re.findall(rf"url\((\.\./icons/{name}\.[0-9a-f]{{10}}\.svg)\)", css)[:1]
        assert (output / "assets" / "css" / icon).resolve().is_file()
    assert not home.select(".site-header svg")  # drawn by the stylesheet: no markup in every page
