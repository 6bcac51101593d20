"""Assets by hashed name: stylesheets name the icons and images they draw by those names too, and ES modules the
modules they import; the pages preload what their entry modules import."""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup

from kbgen.pipeline import build_site
from tests.unit.render.test_assets import SEARCH


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


def test_the_shipped_pages_load_their_modules_by_hashed_names(shipped_copy: Path, tmp_path: Path) -> None:
    output = tmp_path / "site"
    build_site(shipped_copy, output, cache=False)
    for page in ("index.html", "search/index.html", "track/index.html"):
        html = BeautifulSoup((output / page).read_text(encoding="utf-8"), "html.parser")
        scripts = [s["src"] for s in html.select("script[src]")]
        assert all(s.get("type") == "module" for s in html.select("script[src]"))
        preloads = [link["href"] for link in html.select('link[rel="modulepreload"]')]
        folder = (output / page).parent
        fetched = {(folder / url).resolve() for url in scripts + preloads}
        for url in scripts + preloads:  # every import of every module it loads is preloaded or loaded
            module = (folder / url).resolve()
            for spec in re.findall(r'^import .*? from "([^"]+)";$', module.read_text(encoding="utf-8"), re.MULTILINE):
                assert (module.parent / spec).resolve() in fetched, (page, url, spec)
        assert len(fetched) == len(scripts + preloads)
