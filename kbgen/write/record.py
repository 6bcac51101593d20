"""What the last build wrote to an output folder: the record that lets a rebuild keep pages.

`OutputRecord` lists every file of the output with its fingerprint (for pages, the digest of
what they render from; for other files, of their bytes), the stat it was left with (size,
mtime, inode) and the digest of its bytes. It lives in the cache folder, never in the output;
a page whose fingerprint it holds, on a file still as the build left it, need not be rendered
again. The same stat spares `ownership.foreign_files` the hashing.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from kbgen.util.atomic import replace_text

RECORD_VERSION = 2
#: Keep pages from the output only when it can keep at least this share of them.
PATCH_MIN_KEPT = 0.5


class OutputRecord:
    """What the last build wrote to an output folder: per file, its fingerprint and the stat it was left with."""

    def __init__(self, output: Path, files: dict[str, list] | None = None) -> None:
        self.output = Path(output)
        self.files: dict[str, list] = files or {}
        self._prefix = os.path.join(output, "")  # string joins: 10,000 pathlib paths cost a tenth of a second

    @classmethod
    def read(cls, record_file: Path | None, output: Path) -> OutputRecord:
        """The record in `record_file`; empty when missing, unreadable, stale or for another folder."""
        output = Path(output)
        if record_file is None:
            return cls(output)
        try:
            data = json.loads(Path(record_file).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls(output)
        if (
            not isinstance(data, dict)
            or data.get("version") != RECORD_VERSION
            or data.get("output") != str(output.resolve())
            or not isinstance(data.get("files"), dict)
            or not all(isinstance(entry, list) and len(entry) == 5 for entry in data["files"].values())
        ):
            return cls(output)
        return cls(output, data["files"])

    def untouched(self) -> dict[str, tuple[int, int, int, str]]:
        """Each recorded file's (size, mtime_ns, inode, digest), for `ownership.check_ownership`."""
        return {path: (entry[1], entry[2], entry[3], entry[4]) for path, entry in self.files.items()}

    def holds(self, path: str, fingerprint: str) -> bool:
        """Whether the output holds `path` as written with `fingerprint`, untouched since."""
        entry = self.files.get(path)
        if entry is None or entry[0] != fingerprint:
            return False
        try:
            stat = os.stat(self._prefix + path)
        except OSError:
            return False
        return [stat.st_size, stat.st_mtime_ns, stat.st_ino] == entry[1:4]

    def reusable(self, fingerprints: Mapping[str, str]) -> set[str]:
        """The pages a build need not render again: none unless the output keeps at least PATCH_MIN_KEPT of them."""
        held = {path for path, fingerprint in fingerprints.items() if self.holds(path, fingerprint)}
        return held if len(held) >= PATCH_MIN_KEPT * len(fingerprints) else set()

    def size_of(self, paths: Iterable[str]) -> int:
        """Bytes of the recorded files `paths`."""
        return sum(self.files[path][1] for path in paths)

    def save(self, record_file: Path) -> None:
        """Write the record atomically; failing to is not an error (the next build writes a whole tree)."""
        data = {"version": RECORD_VERSION, "output": str(self.output.resolve()), "files": self.files}
        try:
            replace_text(Path(record_file), json.dumps(data, separators=(",", ":"), sort_keys=True))
        except OSError:
            return
