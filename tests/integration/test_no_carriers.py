"""A help center without carriers.yaml: no track page, no link to it, and none of the files only it loads."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from kbgen.errors import KbgenError
from kbgen.pipeline import build_site

CARRIERS = "carriers:\n  - name: X\n    prefix: X\n    website: https://x.org/\n    example: X1\n"
#: The files only the track page loads, by hashed name.
TRACK_ONLY = re.compile(r"^assets/(js/track|js/carriers|css/track)\.[0-9a-f]{10}\.(js|css)$")


def files(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())


def html_pages(site: Path) -> list[BeautifulSoup]:
    return [BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser") for p in sorted(site.rglob("*.html"))]


def test_a_site_without_carriers_ships_no_track_page_and_none_of_its_files(make_project, tmp_path: Path) -> None:
    site = tmp_path / "site"
    build_site(make_project(), site, cache=False)
    shipped = files(site)
    assert not [name for name in shipped if TRACK_ONLY.match(name) or name.startswith("track/")]
    assert any(re.match(r"assets/js/dom\.[0-9a-f]{10}\.js$", name) for name in shipped)  # the search box still needs it
    for html in html_pages(site):
        links = [a["href"] for a in html.select("a[href]")] + [form["action"] for form in html.select("form[action]")]
        assert not [link for link in links if "track/" in link]
        loaded = [tag.get("src") or tag.get("href") for tag in html.select("script[src], link[href]")]
        assert not [url for url in loaded if re.search(r"/(track|carriers)\.", url)]
        for url in loaded:  # every file a page loads is there
            if url.startswith(("../", "assets/", "/")) and "assets/" in url:
                assert url[url.index("assets/") :] in shipped, url


def test_adding_and_removing_carriers_yaml_adds_and_removes_the_track_files(make_project, tmp_path: Path) -> None:
    site = tmp_path / "site"
    content = make_project({"carriers.yaml": CARRIERS})
    build_site(content, site, cache=False)
    with_track = [name for name in files(site) if TRACK_ONLY.match(name)]
    assert len(with_track) == 3 and (site / "track" / "index.html").is_file()
    (content / "carriers.yaml").unlink()
    build_site(content, site, cache=False)
    assert not [name for name in files(site) if TRACK_ONLY.match(name) or name.startswith("track/")]
    (content / "carriers.yaml").write_text(CARRIERS, encoding="utf-8")
    build_site(content, site, cache=False)
    assert [name for name in files(site) if TRACK_ONLY.match(name)] == with_track


def test_a_theme_naming_a_track_file_on_a_site_without_carriers_is_told_why(make_project, tmp_path: Path) -> None:
    theme = tmp_path / "theme" / "templates"
    theme.mkdir(parents=True)
    head = '{% block head %}<link rel="stylesheet" href="{{ asset(\'css/track.css\') }}">{% endblock %}'
    (theme / "base.html").write_text('{% extends "default/base.html" %}\n' + head + "\n", encoding="utf-8")
    with pytest.raises(
        KbgenError,
        match=r"names the asset 'css/track.css', which this site does not publish: a site without carriers.yaml",
    ):
        build_site(make_project(), tmp_path / "site", theme_dir=theme.parent, cache=False)
    (theme / "base.html").write_text(
        head.replace("track.css", "nope.css").join(['{% extends "default/base.html" %}\n', "\n"])
    )
    with pytest.raises(KbgenError, match=r"names the asset 'css/nope.css', which is not in the theme's static/ folder"):
        build_site(make_project(), tmp_path / "site", theme_dir=theme.parent, cache=False)
