"""Reading the content folder: paths as messages show them, folder listings, text and YAML files.

The loader's file system layer: every problem reading a file (unreadable, not
UTF-8, empty, bad YAML) goes to the `Report` with the file and line.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

from kbgen.load.schema import Report
from kbgen.load.yamlio import MarkedDict, ParseCache, YamlSyntaxError, parse_yaml


def display_path(path: Path) -> str:
    """A path as an editor would type it: relative to the working directory when inside it."""
    relative = os.path.relpath(path)
    return path.as_posix() if relative.startswith("..") else PurePosixPath(Path(relative)).as_posix()


class Tree:
    """The content folders as the loader walks them, each listed, named and resolved once.

    Asking the file system about every one of 10,000 files (a `stat` for
    `is_file`, a `relpath` for its display path, a `realpath` for link targets)
    costs more than reading them, so per file this only joins strings: a
    folder's listing (`os.scandir`, whose entries know their type), its display
    path and its real path are each worked out once. Paths are strings joined
    the way `pathlib` joins them, so messages read exactly as `display_path`
    would write them.
    """

    def __init__(self) -> None:
        self._relative: dict[str, str] = {}
        self._real_dirs: dict[str, str] = {}
        self._real_files: dict[str, str] = {}
        self.markdown: set[str] = set()
        """The real path of every `.md` file a link may name, loaded or not."""

    def entries(self, folder: str) -> list[os.DirEntry]:
        """The entries of `folder`, sorted by name."""
        with os.scandir(folder) as listing:
            return sorted(listing, key=lambda entry: entry.name)

    def shown(self, folder: str, name: str) -> str:
        """`display_path` of the file `name` in `folder`, with one `relpath` per folder."""
        relative = self._relative.get(folder)
        if relative is None:
            relative = self._relative[folder] = os.path.relpath(folder)
        relative = name if relative == "." else f"{relative}/{name}"
        return join(folder, name) if relative.startswith("..") else relative

    def real(self, path: str, is_link: bool | None = None) -> str:
        """`os.path.realpath(path)`, resolving each folder once: only the file's own name is looked at (`lstat`)."""
        real = self._real_files.get(path)
        if real is not None:
            return real
        folder, name = os.path.split(path)
        if name in ("", ".", "..") or (os.path.islink(path) if is_link is None else is_link):
            real = os.path.realpath(path)
        else:
            real_folder = self._real_dirs.get(folder)
            if real_folder is None:
                real_folder = self._real_dirs[folder] = os.path.realpath(folder)
            real = os.path.join(real_folder, name)
        self._real_files[path] = real
        return real

    def note_markdown(self, folder: str, entries: list[os.DirEntry]) -> None:
        """Remember the `.md` entries of `folder` as possible link targets."""
        for entry in entries:
            if entry.name.endswith(".md"):
                self.markdown.add(self.real(join(folder, entry.name), is_link(entry)))


def join(folder: str, name: str) -> str:
    """`str(Path(folder) / name)` for a plain name, without building the Path."""
    if folder == ".":
        return name
    return folder + name if folder.endswith("/") else f"{folder}/{name}"


def is_link(entry: os.DirEntry) -> bool:
    try:
        return entry.is_symlink()
    except OSError:
        return False


def is_dir(entry: os.DirEntry) -> bool:
    # As Path.is_dir: follows symbolic links, and a broken one is no folder.
    try:
        return entry.is_dir()
    except OSError:
        return False


def is_file(entry: os.DirEntry) -> bool:
    try:
        return entry.is_file()
    except OSError:
        return False


def read_text(path: str, shown: str, report: Report) -> str | None:
    """Read a UTF-8 file, reporting unreadable, non-UTF-8 or empty files."""
    try:
        data = read_bytes(path)
    except OSError as err:
        report.error(shown, 1, f"cannot read file: {err.strerror}")
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        report.error(shown, line, f"file is not UTF-8 (byte 0x{data[err.start]:02x})")
        return None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    if not text.strip():
        report.error(shown, 1, "file is empty")
        return None
    return text


def read_bytes(path: str) -> bytes:
    """The bytes of the file at `path` (OSError when it cannot be read)."""
    # Plain system calls: Python's buffered file objects cost as much again as the reading, 10,000 times over.
    fd = os.open(path, os.O_RDONLY)
    try:
        chunks = []
        while chunk := os.read(fd, 1 << 16):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def load_yaml_file(path: str, shown: str, report: Report, cache: ParseCache | None = None) -> MarkedDict | None:
    """Read a YAML file whose top level must be a mapping (`cache` remembers parses)."""
    text = read_text(path, shown, report)
    if text is None:
        return None
    try:
        data = parse_yaml(text, cache=cache)
    except YamlSyntaxError as err:
        report.error(shown, err.line, str(err))
        return None
    if not isinstance(data, MarkedDict):
        report.error(shown, 1, "expected a mapping of keys to values at the top level")
        return None
    return data
