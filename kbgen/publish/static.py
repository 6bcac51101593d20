"""The files of `static/` in the output, once every other file of the build is known.

The loader has refused static files in the place of a page or a site's own path
(load/static.py); here each is checked against every file the build writes
(`manifest.json`, `_headers`, the search index, ...) and against the folders
those need, then handed to the writer like any other file.
"""

from __future__ import annotations

from collections.abc import Iterable

from kbgen.errors import Problem
from kbgen.load.static import clash_message
from kbgen.model import HelpCenter, OutputFile


def static_output(hc: HelpCenter, built: Iterable[str]) -> tuple[list[OutputFile], list[Problem]]:
    """The static files as output files, and an error for each that would replace a file the build writes."""
    files = set(built)
    folders = {name.rsplit("/", 1)[0] + "/" for name in files if "/" in name}
    folders |= {part for name in list(folders) for part in _parents(name)}
    problems = []
    for file in hc.static_files:
        parent = next((p.rstrip("/") for p in _parents(file.path) if p.rstrip("/") in files), "")
        if file.path in files:
            what = f"the file '{file.path}'"
        elif f"{file.path}/" in folders:
            what = f"the folder '{file.path}/'"
        elif parent:
            what = f"the file '{parent}'"
        else:
            continue
        problems.append(Problem(file.source.path, file.source.line, clash_message(file.path, what)))
    return [(file.path, file.data) for file in hc.static_files], problems


def _parents(path: str) -> list[str]:
    """`a/`, `a/b/` for `a/b/c`."""
    parts = path.split("/")[:-1]
    return ["/".join(parts[: i + 1]) + "/" for i in range(len(parts))]
