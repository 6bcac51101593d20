"""Where kbgen's own files are (the package folder and the default theme, installed or in the source tree), and
which version of a library is installed."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent


def find_default_theme() -> Path | None:
    """The default theme's folder, installed (`kbgen/theme/`) or in the source tree (`theme/`); None if missing."""
    for candidate in (PACKAGE_DIR / "theme", PACKAGE_DIR.parent / "theme"):
        if (candidate / "templates" / "base.html").is_file():
            return candidate
    return None


def library_version(distribution: str, module: str) -> str:
    """The installed version of `distribution` (whose top-level package is `module`), as `importlib.metadata` says.

    Read from the `<name>-<version>.dist-info` folder that pip puts beside the package, without importing either
    (importlib.metadata loads the email package: a tenth of a small build's start); from importlib.metadata when
    there is not exactly one such folder (an egg, a zip, two versions' leftovers)."""
    spec = importlib.util.find_spec(module)
    if spec is not None and spec.origin is not None:
        wanted = _normalized(distribution)
        site = Path(spec.origin).parent.parent if spec.submodule_search_locations else Path(spec.origin).parent
        found = [
            path.name[: -len(".dist-info")].partition("-")[2]
            for path in site.glob("*-*.dist-info")
            if _normalized(path.name.partition("-")[0]) == wanted
        ]
        if len(found) == 1 and found[0]:
            return found[0]
    from importlib.metadata import version

    return version(distribution)


def _normalized(name: str) -> str:
    """A distribution's name as wheels spell it in their folders' names, in lower case (PEP 503, PEP 427)."""
    return re.sub(r"[-_.]+", "_", name).lower()
