"""Assets by hashed name: stylesheets name the icons and images they draw by those names too, and ES modules the
modules they import; the pages preload what their entry modules import."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from kbgen.errors import KbgenError
from kbgen.pipeline import build_site
from kbgen.render.assets import hashed_asset_names, module_imports, preload_helper, without_assets
from kbgen.urls import hashed_name

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


MODULES = {
    "js/dom.js": b"export function el() {}\n",
    "js/search/fold.js": b"export const fold = 1;\n",
    "js/search/query.js": b'import { fold } from "./fold.js";\nexport const query = fold;\n',
    "js/search/ui.js": (
        b"import {\n  query,\n} from './query.js';\n"  # over several lines, single quotes
        b'import { el } from "../dom.js";\n'
        b'import "./side-effect.js";\n'  # names no asset: left as written
        b'export * from "./fold.js";\n'
        b'const later = () => import("./lazy.js");\n'
        b'// a comment that says from "./query.js" is no import\n'
    ),
    "js/search/lazy.js": b"export const lazy = 1;\n",
    "js/site.js": b"document.title;\n",
}


def test_a_modules_imports_name_the_hashed_modules_dependencies_first() -> None:
    linked, names = hashed_asset_names(MODULES)
    query = linked["js/search/query.js"].decode()
    assert f'from "./{names["js/search/fold.js"].rsplit("/", 1)[1]}"' in query
    ui = linked["js/search/ui.js"].decode()
    assert f"from './{names['js/search/query.js'].rsplit('/', 1)[1]}'" in ui
    assert f'from "../{names["js/dom.js"].removeprefix("js/")}"' in ui
    assert 'import "./side-effect.js";' in ui
    assert f'export * from "./{names["js/search/fold.js"].rsplit("/", 1)[1]}"' in ui
    assert f'import("./{names["js/search/lazy.js"].rsplit("/", 1)[1]}")' in ui
    assert 'says from "./query.js" is no import' in ui
    for name, data in linked.items():  # every module is named after the bytes it ships with
        assert names[name] == hashed_name(name, data)
    assert linked["js/site.js"] == MODULES["js/site.js"]


def test_a_change_renames_every_module_that_imports_it_and_nothing_else() -> None:
    _, before = hashed_asset_names(MODULES)
    _, after = hashed_asset_names({**MODULES, "js/search/fold.js": b"export const fold = 2;\n"})
    changed = {name for name in MODULES if before[name] != after[name]}
    assert changed == {"js/search/fold.js", "js/search/query.js", "js/search/ui.js"}
    assert hashed_asset_names(dict(reversed(MODULES.items()))) == hashed_asset_names(MODULES)  # order-free


def test_modules_that_import_in_a_circle_are_refused() -> None:
    circle = {"js/a.js": b'import "./b.js";\n', "js/b.js": b'import { a } from "./a.js";\n'}
    with pytest.raises(KbgenError, match=r"js/a.js: .*circle \(js/a.js -> js/b.js -> js/a.js\)"):
        hashed_asset_names(circle)


def test_preloads_are_the_static_imports_of_the_entries_once_each() -> None:
    assert module_imports(MODULES, static_only=True)["js/search/ui.js"] == [
        "js/search/query.js",
        "js/dom.js",
        "js/search/fold.js",
    ]
    preloads = preload_helper(MODULES)
    assert preloads("js/search/ui.js", "js/site.js") == ["js/search/fold.js", "js/search/query.js", "js/dom.js"]
    assert preloads("js/search/query.js", loaded=["js/search/ui.js"]) == []


def test_without_assets_drops_the_modules_only_the_dropped_ones_import() -> None:
    assets = {
        **MODULES,
        "js/track.js": b'import { match } from "./carriers.js";\nimport { el } from "./dom.js";\n',
        "js/carriers.js": b'import { norm } from "./normalize.js";\nexport const match = norm;\n',
        "js/normalize.js": b"export const norm = 1;\n",
        "css/track.css": b".track {}\n",
    }
    kept = without_assets(assets, ("js/track.js", "css/track.css", "css/missing.css"))
    assert set(assets) - set(kept) == {"js/track.js", "js/carriers.js", "js/normalize.js", "css/track.css"}
    assert "js/dom.js" in kept  # the search box imports it too
    assert without_assets(assets, ()) == assets


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
