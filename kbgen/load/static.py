"""The content folder's `static/`: files published unchanged at the same path under the output root.

`static/CNAME` becomes the output's `CNAME`, `static/.well-known/security.txt`
its `.well-known/security.txt`, `static/files/returns.pdf` its
`files/returns.pdf`. kbgen writes them like any page (so they are part of what
it owns in the output) and lists them in the manifest. Editors' leftovers are
skipped with a note (load/layout.py); a link leading out of the content folder
is refused. A static file that would take the place of something the build
writes is an error at its path: the loader catches the pages and the site's own
paths (`static_clashes`), the build every other file (publish/static.py).
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from kbgen.load.files import Tree, join, read_bytes
from kbgen.load.layout import is_leftover, note_leftover
from kbgen.load.schema import Report
from kbgen.model import Source, StaticFile

FOLDER = "static"


def read_static(content_dir: str, tree: Tree, report: Report) -> tuple[StaticFile, ...]:
    """Every file under `static/` (optional), by its path there, with its bytes."""
    root = join(content_dir, FOLDER)
    if not os.path.isdir(root):
        return ()
    inside = os.path.realpath(content_dir) + os.sep
    files = []
    pending = [(root, "")]
    while pending:
        folder, prefix = pending.pop()
        for entry in tree.entries(folder):
            path, shown, relative = join(folder, entry.name), tree.shown(folder, entry.name), prefix + entry.name
            if is_leftover(entry.name):
                note_leftover(shown, report)
                continue
            if entry.is_symlink() and (entry.is_dir() or not os.path.realpath(path).startswith(inside)):
                # A linked folder may hold the folder itself, and a file outside may be anything.
                report.error(
                    shown, 1, "a link to a folder or to outside the content folder: static/ publishes its own files"
                )
                continue
            if entry.is_dir():
                pending.append((path, relative + "/"))
                continue
            try:
                data = read_bytes(path)
            except OSError as err:
                report.error(shown, 1, f"cannot read file: {err.strerror}")
                continue
            files.append(StaticFile(relative, data, Source(shown, 1)))
    return tuple(sorted(files, key=lambda f: f.path))


def clash_message(path: str, what: str) -> str:
    """The message for a static file at `path` that would replace `what`, which the build writes."""
    return f"'{path}' would replace {what}, which the build writes: rename or move the file"


def static_clashes(files: Iterable[StaticFile], urls: Iterable[str], report: Report) -> None:
    """Report each static file in the place of a page (`urls`, root-relative like `orders/`) or a site's own path."""
    pages = {url for url in urls if url.endswith("/") or url == ""}
    for file in files:
        path = file.path
        folder, _, name = path.rpartition("/")
        page = f"{folder}/" if folder else ""
        if name == "index.html" and page in pages:
            what = "the home page" if page == "" else f"the page /{page}"
        elif path in urls:
            what = f"the site's own /{path}"
        elif f"{path}/" in pages:
            what = f"the folder of the page /{path}/"
        elif path.startswith("assets/"):
            what = "kbgen's own assets/ folder"
        else:
            continue
        report.error(file.source.path, file.source.line, clash_message(path, what))
