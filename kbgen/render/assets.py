"""Assets by content-hashed names: every file a page links to is named after its bytes, and so is what it draws and imports.

Owns the hashed name of every asset of a build and the rewriting that makes those names follow
references: a stylesheet's relative `url(...)` of an icon or image, and an ES module's relative
import specifiers (`import { el } from "../dom.js"`). A file that refers to others is named after
its rewritten bytes, its references first, so a change to one module renames every module that
imports it, directly or not: a browser holding an old module never runs it with a new one.
Also the modules an entry module imports, for the pages' `<link rel="modulepreload">`.
Pure: bytes in, bytes and names out.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Mapping
from functools import lru_cache

from kbgen.errors import KbgenError
from kbgen.urls import hashed_name

_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'"()\s]+)\1\s*\)""")
#: A static `import … from "./x.js"` or `export … from "./x.js"` (over several lines), a bare `import "./x.js"`,
#: a dynamic `import("./x.js")`: group `spec` is the specifier, only relative ones (`./`, `../`).
_JS_IMPORT = re.compile(
    r"""(?:^[ \t]*(?:import|export)\b[^;'"]*?\bfrom\s*|^[ \t]*import\s*|(?P<dynamic>\bimport\(\s*))"""
    r"""(?P<quote>["'])(?P<spec>\.\.?/[^"'\n]+)(?P=quote)""",
    re.MULTILINE,
)


def _is_module(name: str) -> bool:
    return name.endswith(".js")


def _target(name: str, spec: str) -> str:
    """The asset a relative URL or specifier in asset `name` points at."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(name), spec))


def _relative(name: str, target: str) -> str:
    """The URL of `target` from asset `name`'s folder."""
    return posixpath.relpath(target, posixpath.dirname(name) or ".")


def module_imports(assets: Mapping[str, bytes], static_only: bool = False) -> dict[str, list[str]]:
    """Per ES module among `assets`, the modules it imports by a relative specifier, in the order written.

    With `static_only`, not those it imports on demand (`import("./x.js")`): only what the browser
    fetches before the module runs."""
    return {name: _imports_of(name, data, assets, static_only) for name, data in assets.items() if _is_module(name)}


def _imports_of(name: str, data: bytes, assets: Mapping[str, bytes], static_only: bool) -> list[str]:
    found = []
    for spec, dynamic in _specifiers(data):
        target = _target(name, spec)
        if static_only and dynamic:
            continue
        if _is_module(target) and target in assets and target not in found:
            found.append(target)
    return found


@lru_cache(maxsize=256)
def _specifiers(data: bytes) -> tuple[tuple[str, bool], ...]:
    """Each relative import specifier of a module's text, in order, and whether it is a dynamic `import()`.

    Remembered by the text: a build asks for every module's imports several times (dropping assets, naming
    them, preloading), and the regular expression tries each character of 120 KB of scripts (lunr.js's too)."""
    return tuple(
        (match.group("spec"), bool(match.group("dynamic"))) for match in _JS_IMPORT.finditer(data.decode("utf-8"))
    )


def hashed_asset_names(assets: Mapping[str, bytes]) -> tuple[dict[str, bytes], dict[str, str]]:
    """Every asset's hashed name (`hashed_name`), and the assets with their references turned into hashed names.

    A stylesheet's relative `url(...)` of another asset (`url(../icons/search.svg)` in `css/site.css`) and an
    ES module's relative import specifier (`"./fold.js"` in `js/search/query.js`) name the target's hashed
    file, so a theme's own icons follow into the CSS that draws them and modules into the modules that import
    them. A file is named after the change; a URL or specifier that names no asset stays as written (a
    stylesheet's `url()` of another stylesheet too). Modules that import each other in a circle cannot all be
    named after their bytes: that is an error."""
    drawn = {
        name: hashed_name(name, data)
        for name, data in assets.items()
        if not name.endswith(".css") and not _is_module(name)
    }
    names = dict(drawn)
    linked = dict(assets)
    for name, data in assets.items():
        if name.endswith(".css"):
            linked[name] = _link_stylesheet(name, data, drawn)
            names[name] = hashed_name(name, linked[name])
    graph = module_imports(assets)
    for name in _dependencies_first(graph):
        linked[name] = _link_module(name, assets[name], names)
        names[name] = hashed_name(name, linked[name])
    return linked, names


def _link_stylesheet(name: str, data: bytes, drawn: Mapping[str, str]) -> bytes:
    def hashed(match: re.Match) -> str:
        quote, url = match.groups()
        target = _target(name, url)
        if ":" in url or url.startswith(("/", "#")) or target not in drawn:
            return match.group(0)
        return f"url({quote}{_relative(name, drawn[target])}{quote})"

    return _CSS_URL.sub(hashed, data.decode("utf-8")).encode("utf-8")


def _link_module(name: str, data: bytes, names: Mapping[str, str]) -> bytes:
    def hashed(match: re.Match) -> str:
        target = _target(name, match.group("spec"))
        if target not in names:
            return match.group(0)
        url = _relative(name, names[target])
        url = url if url.startswith("../") else f"./{url}"  # a bare name would be a package, not a file
        start, end = match.span("spec")
        return match.group(0)[: start - match.start()] + url + match.group(0)[end - match.start() :]

    return _JS_IMPORT.sub(hashed, data.decode("utf-8")).encode("utf-8")


def _dependencies_first(graph: Mapping[str, list[str]]) -> list[str]:
    """Every module of `graph` after the modules it imports (in name order otherwise); a circle is an error."""
    done: dict[str, bool] = {}  # False while a module's imports are being visited
    order: list[str] = []

    def visit(name: str, path: list[str]) -> None:
        if done.get(name) is False:
            circle = " -> ".join([*path[path.index(name) :], name])
            raise KbgenError(
                f"theme asset {name}: its modules import each other in a circle ({circle}); a module is named "
                "after its bytes, which hold the names of what it imports: move what they share into a module of its own"
            )
        if name in done:
            return
        done[name] = False
        for target in graph[name]:
            visit(target, [*path, name])
        done[name] = True
        order.append(name)

    for name in sorted(graph):
        visit(name, [])
    return order


def without_assets(assets: Mapping[str, bytes], dropped: tuple[str, ...]) -> dict[str, bytes]:
    """`assets` without `dropped` and without the modules that only they import, directly or not."""
    graph = module_imports(assets)

    def closure(roots: set[str]) -> set[str]:
        reached, todo = set(), list(roots)
        while todo:
            name = todo.pop()
            if name not in reached:
                reached.add(name)
                todo.extend(graph.get(name, ()))
        return reached

    theirs = closure({name for name in dropped if name in assets})
    kept = closure({name for name in assets if name not in theirs})
    return {name: data for name, data in assets.items() if name not in theirs - kept}


def preload_helper(assets: Mapping[str, bytes]) -> Callable[..., list[str]]:
    """Template helper: `module_preloads(*entries, loaded=())`, the modules the entry modules import.

    Every module the entries import statically, directly or not, each once, dependencies first; without
    those `loaded` (entries another script tag of the page already brings) and what they import. The
    page lists them as `<link rel="modulepreload">`, so the browser fetches them all at once rather than
    one level of imports after another."""
    graph = module_imports(assets, static_only=True)

    def reached(entries: tuple[str, ...] | list[str]) -> list[str]:
        seen: set[str] = set()
        order: list[str] = []

        def visit(name: str) -> None:
            if name in seen:
                return
            seen.add(name)
            for target in graph.get(name, ()):
                visit(target)
            order.append(name)

        for entry in entries:
            visit(entry)
        return order

    def module_preloads(*entries: str, loaded: tuple[str, ...] | list[str] = ()) -> list[str]:
        skip = set(reached(loaded))
        return [name for name in reached(entries) if name not in entries and name not in skip]

    return module_preloads
