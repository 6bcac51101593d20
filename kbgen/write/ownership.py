"""What an output folder may be, and how kbgen knows a folder is its own.

A build writes into a folder only when it is missing, empty, or holds nothing
but what an earlier kbgen build wrote there. The proof travels with the folder:
the marker file `.kbgen-output.json`, written by every build as its last file,
lists each file of the output with its size and SHA-256. A folder is kbgen's
when every file and folder in it is one the marker lists (or a folder holding
them) with those bytes: a marker beside other files does not make a folder
kbgen's, and a file edited by hand is no longer kbgen's. The record in the cache
(`write/record.py`) spares the hashing when a file's size, mtime and inode
are still as the build left them; a moved or copied folder is hashed.

Some folders are never built into, `--force` or not: `/`, the home folder and
the folders above it, the current folder and the folders above it, a folder
holding `.git` or `pyproject.toml`, and any folder that holds, or lies inside,
the content, the theme, kbgen itself or the cache.

A build stages beside the output in `.NAME.kbgen-new-XXXXXXXX` (`staging_prefix`),
a folder that carries `STAGING_TAG` until it becomes the output; what a killed
build leaves there is cleared by `write/leftovers.py`.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

from kbgen.errors import KbgenError

MARKER = ".kbgen-output.json"
MARKER_FORMAT = "kbgen-output"
MARKER_VERSION = 1
STAGING_TAG = ".kbgen-staging"
"""Written first into a staging folder, removed just before it becomes the output."""
SHOWN_FOREIGN = 5
"""How many files a refusal names."""
PROJECT_FILES = (".git", "pyproject.toml")


def staging_prefix(output: Path) -> str:
    """The name every staging folder of `output` starts with (it lives in output's parent)."""
    return f".{output.name}.kbgen-new-"


def retired_prefix(output: Path) -> str:
    """The name of the old tree while two plain renames swap it out (where an atomic exchange is not possible)."""
    return f".{output.name}.kbgen-old-"


def file_digest(data: bytes) -> str:
    """The digest the marker keeps for a file's bytes."""
    return hashlib.sha256(data).hexdigest()


def marker_bytes(files: Mapping[str, tuple[int, str]]) -> bytes:
    """The marker listing `files` (path -> (size, digest)); sorted, so two builds of one site write the same bytes."""
    listing = {path: [size, digest] for path, (size, digest) in sorted(files.items())}
    data = {"format": MARKER_FORMAT, "version": MARKER_VERSION, "files": listing}
    return (json.dumps(data, separators=(",", ":"), sort_keys=True) + "\n").encode("utf-8")


def read_marker(folder: Path) -> dict[str, tuple[int, str]] | None:
    """The files the marker in `folder` lists, or None when there is no readable kbgen marker."""
    try:
        data = json.loads((folder / MARKER).read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("format") != MARKER_FORMAT or data.get("version") != MARKER_VERSION:
        return None
    files = data.get("files")
    if not isinstance(files, dict):
        return None
    listed: dict[str, tuple[int, str]] = {}
    for path, entry in files.items():
        if not (
            isinstance(entry, list) and len(entry) == 2 and isinstance(entry[0], int) and isinstance(entry[1], str)
        ):
            return None
        listed[path] = (entry[0], entry[1])
    return listed


def _walk(folder: Path, descend: Callable[[str], bool]) -> Iterator[tuple[str, os.DirEntry]]:
    """Every entry under `folder` (not following links), with its path relative to `folder`, parents first;
    the folders for which `descend(path)` is false are listed but not entered."""
    pending = [("", str(folder))]
    while pending:
        prefix, path = pending.pop()
        with os.scandir(path) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                rel = prefix + entry.name
                yield rel, entry
                if entry.is_dir(follow_symlinks=False) and descend(rel):
                    pending.append((rel + "/", entry.path))


def foreign_files(
    folder: Path, untouched: dict[str, tuple[int, int, int, str]] | None = None, limit: int = SHOWN_FOREIGN + 1
) -> list[tuple[str, bool]]:
    """Up to `limit` things in `folder` kbgen did not write, each with whether it is a file kbgen wrote whose
    bytes changed since (the others: files and folders its marker does not list, and links). Without a marker,
    the folder's own entries (a home folder is not walked).

    `untouched` maps a path to the (size, mtime_ns, inode, digest) a build left it with: a file that still has
    them is not hashed again, and a file found unchanged is added to it. Folders are named with a trailing slash.
    """
    listed = read_marker(folder)
    if listed is None:
        with os.scandir(folder) as entries:
            names = sorted(e.name + ("/" if e.is_dir(follow_symlinks=False) else "") for e in entries)
        return [(name, False) for name in names[:limit]]
    folders = parent_folders(listed)
    untouched = {} if untouched is None else untouched
    foreign: list[tuple[str, bool]] = []
    for rel, entry in _walk(folder, folders.__contains__):
        if entry.is_symlink():
            foreign.append((f"{rel} (a link)", False))
        elif entry.is_dir():
            if rel not in folders:
                foreign.append((rel + "/", False))
        elif rel == MARKER:
            continue
        elif rel not in listed:
            foreign.append((rel, False))
        elif not _same_file(entry, listed[rel], untouched, rel):
            foreign.append((rel, True))
        if len(foreign) >= limit:
            break
    return foreign


def refusal(output: Path, foreign: list[tuple[str, bool]], ours: bool = False) -> str:
    """Why a build will not replace `output`, naming each thing (`foreign_files`) with its reason, in one sentence;
    `ours`: the folder is a site kbgen wrote, where a file was added by hand."""
    more = len(foreign) > SHOWN_FOREIGN
    shown = foreign[:SHOWN_FOREIGN]
    other = [name for name, changed in shown if not changed]
    edited = [name for name, changed in shown if changed]
    reasons = []
    # a file added by hand beside the pages (a host's CNAME, .well-known/) is published from the content's static/
    hint = " (a file to publish as it is belongs in the content's static/ folder)" if ours else ""
    if other:
        reasons.append(f"it holds {_listing(other, more and not edited)}, which kbgen did not write{hint}")
    if edited:
        were = ("were", "them") if len(edited) > 1 or more else ("was", "it")
        reasons.append(f"{_listing(edited, more)} {were[0]} changed since kbgen wrote {were[1]}")
    return (
        f"refusing to build into {output}: {', and '.join(reasons)}; "
        "choose an empty or new folder, or pass --force to replace everything in it"
    )


def _listing(names: list[str], more: bool) -> str:
    """`a, b and c` (`a, b, c and more` when there are more than those)."""
    if more:
        return ", ".join(names) + " and more"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def parent_folders(paths: Iterable[str]) -> set[str]:
    """Every folder holding one of `paths` (relative, with `/`), up to the top."""
    parents: set[str] = set()
    for path in paths:
        while "/" in path:
            path = path.rsplit("/", 1)[0]
            if path in parents:
                break
            parents.add(path)
    return parents


def _same_file(
    entry: os.DirEntry, listed: tuple[int, str], untouched: dict[str, tuple[int, int, int, str]], rel: str
) -> bool:
    """Whether the file at `entry` still has the bytes the marker lists (remembered in `untouched` if so)."""
    stat = entry.stat(follow_symlinks=False)
    size, digest = listed
    if stat.st_size != size:
        return False
    left = (stat.st_size, stat.st_mtime_ns, stat.st_ino, digest)
    if untouched.get(rel) == left:
        return True
    hasher = hashlib.sha256()
    try:
        with open(entry.path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                hasher.update(block)
    except OSError:
        return False
    if hasher.hexdigest() != digest:
        return False
    untouched[rel] = left
    return True


def refuse_always(output: Path, protected: Mapping[str, Path], cwd: Path, home: Path) -> None:
    """Refuse, `--force` or not, an output that would replace a folder no site belongs in.

    `protected` names folders (content, theme, kbgen, the cache) the output may neither be, hold nor lie in.
    """
    out = output.resolve()
    shown = str(output)

    def refuse(reason: str) -> None:
        raise KbgenError(
            f"refusing to build into {shown}: {reason}; choose an empty folder or a new one (--force cannot override this)"
        )

    if out.parent == out:
        refuse("it is the file system's root")
    for name, folder in (("your home folder", home.resolve()), ("the current folder", cwd.resolve())):
        if out == folder:
            refuse(f"it is {name}")
        if out in folder.parents:
            refuse(f"it holds {name} ({folder})")
    for label, path in protected.items():
        guarded = path.resolve()
        if out == guarded or out in guarded.parents:
            refuse(f"it would replace {label} ({path})")
        if guarded.is_dir() and guarded in out.parents:
            refuse(f"it is inside {label} ({path})")
    if out.is_dir():
        for name in PROJECT_FILES:
            if os.path.lexists(out / name):
                refuse(f"it holds {name}, so it looks like a project, not a site")


def check_ownership(output: Path, untouched: dict[str, tuple[int, int, int, str]] | None, force: bool) -> None:
    """Refuse an output folder that holds anything kbgen did not write, unless `force` (`foreign_files`)."""
    out = output.resolve()
    if not os.path.lexists(out):
        return
    if not out.is_dir():
        raise KbgenError(f"output path {output} exists and is not a folder")
    if force:
        return
    foreign = foreign_files(out, untouched)
    if foreign:
        raise KbgenError(refusal(output, foreign, ours=os.path.lexists(out / MARKER)))
