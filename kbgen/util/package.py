"""Where kbgen's own files are: the package folder and the default theme, installed or in the source tree."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent


def find_default_theme() -> Path | None:
    """The default theme's folder, installed (`kbgen/theme/`) or in the source tree (`theme/`); None if missing."""
    for candidate in (PACKAGE_DIR / "theme", PACKAGE_DIR.parent / "theme"):
        if (candidate / "templates" / "base.html").is_file():
            return candidate
    return None
