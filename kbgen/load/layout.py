"""What belongs where in a content folder: files the site will not show, and editors' leftovers.

Part of the loader: the walks of folders.py and loader.py ask here about each
entry they do not read. A file an editor wrote that the site would not show
(`about.md` at the root, `carrier.yaml`, a `page/` folder, a question straight
under `sections/`) is a warning at its path, with a "did you mean" for a
misplaced name; an editor's backup or swap file (`x.md~`, `.x.md.swp`,
`x.orig`, `#x#`, `.DS_Store`) is skipped with a note (an allowed warning, which
never fails `--strict`). Reads no files: it is given names.
"""

from __future__ import annotations

import difflib
import os

from kbgen.load.schema import Report

#: What kbgen reads at the top of a content folder (beside the images site.yaml names).
ROOT_FILES = ("site.yaml", "carriers.yaml")
ROOT_FOLDERS = ("sections", "pages", "static")
_LEFTOVER_SUFFIXES = ("~", ".swp", ".swo", ".swx", ".orig", ".rej", ".bak", ".tmp")
_LEFTOVER_NAMES = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})
#: The code of the note about a skipped leftover (allowed: it never fails `--strict`).
LEFTOVER = "editor-file"


def is_leftover(name: str) -> bool:
    """True for an editor's backup, swap or lock file, or a file manager's: never meant for the site."""
    if name in _LEFTOVER_NAMES or name.endswith(_LEFTOVER_SUFFIXES):
        return True
    return (name.startswith("#") and name.endswith("#")) or name.startswith(".#")


def note_leftover(shown: str, report: Report) -> None:
    """Note that an editor's leftover file was skipped."""
    report.warn(shown, 1, "skipped: an editor's backup or swap file, never published", LEFTOVER, allowed=True)


def skipped(name: str, shown: str, report: Report) -> bool:
    """True (noted) for a leftover, and for another hidden file (`.gitkeep`), which is skipped silently."""
    if is_leftover(name):
        note_leftover(shown, report)
        return True
    return name.startswith(".")


def check_root(content_dir: str, shown_of: dict[str, str], used: set[str], report: Report) -> None:
    """Warn about each entry at the top of the content folder that the site will not show.

    `shown_of` maps each entry's name to its path as messages show it; `used` holds the names of the top-level
    files and folders a setting names (the logo, section icons).
    """
    for name, shown in shown_of.items():
        if name in ROOT_FILES or name in used or skipped(name, shown, report):
            continue
        folder = os.path.isdir(os.path.join(content_dir, name))
        if folder and name in ROOT_FOLDERS:
            continue
        known = ROOT_FOLDERS if folder else ROOT_FILES
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.75)
        if close:
            hint = f" (did you mean '{close[0]}{'/' if folder else ''}'?)"
        elif name.endswith(".md") and not folder:
            hint = f" (a page belongs in pages/: did you mean 'pages/{name}'?)"
        else:
            hint = ""
        what = "folder" if folder else "file"
        report.warn(
            shown,
            0 if folder else 1,
            f"{what} not part of the site: kbgen reads site.yaml, carriers.yaml, sections/, pages/ and static/ "
            f"here{hint}",
        )


def warn_not_shown(shown: str, folder: bool, why: str, report: Report) -> None:
    """Warn that a file or folder in a folder kbgen reads is not part of the site, and why."""
    report.warn(shown, 0 if folder else 1, f"{'folder' if folder else 'file'} not part of the site: {why}")
