"""A full disk and a read-only folder, on real small file systems (tmpfs mounts, as CI runs as root).

Where mounting is not allowed, the same cases run with the failure injected at the system-call level.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import pathlib
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from kbgen.cli import main

pytestmark = pytest.mark.slow  # mounts real file systems


def tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
        for p in sorted(folder.rglob("*"))
    }


def _mount(folder: Path, options: str) -> bool:
    folder.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True, check=False
    )
    return result.returncode == 0


@contextlib.contextmanager
def small_disk(folder: Path, size: str) -> Iterator[bool]:
    """A tmpfs of `size` at `folder`; yields whether it could be mounted."""
    mounted = os.geteuid() == 0 and _mount(folder, f"size={size}")
    try:
        yield mounted
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(folder)], check=True)


def cli_build(content: Path, output: Path, *extra: str):
    return CliRunner().invoke(main, ["build", "--content", str(content), "--output", str(output), "-q", *extra])


def grow(content: Path) -> None:
    """An answer of about 1.5 MB: the next build needs far more room than the last."""
    question = content / "sections" / "01-membership" / "01-benefits.md"
    words = " ".join(f"word{n}" for n in range(200_000))
    question.write_text(question.read_text(encoding="utf-8") + "\n" + words + "\n", encoding="utf-8")


def test_disk_full_mid_build(shipped_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # the cache stays off the small disk
    disk = tmp_path / "disk"
    with small_disk(disk, "1500k") as mounted:
        if not mounted:  # no mount here: the writer's writes fail as a full disk would
            disk.mkdir(exist_ok=True)
        output = disk / "site"
        assert cli_build(shipped_copy, output).exit_code == 0
        before = tree(output)
        grow(shipped_copy)
        if not mounted:
            real = pathlib.Path.write_bytes

            def full(self: Path, data: bytes) -> int:
                if len(data) > 100_000:
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))
                return real(self, data)

            monkeypatch.setattr(pathlib.Path, "write_bytes", full)
        result = cli_build(shipped_copy, output)
        monkeypatch.undo()
        monkeypatch.chdir(tmp_path)
        assert result.exit_code == 1
        message = result.stderr.strip().splitlines()[-1]
        assert message.startswith("Error: cannot write ")
        assert message.endswith(": No space left on device; the build stopped and the previous output is unchanged")
        assert tree(output) == before
        assert sorted(p.name for p in disk.iterdir()) == ["site"]  # no staging left behind


def test_read_only_parent(shipped_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    disk = tmp_path / "disk"
    with small_disk(disk, "8m") as mounted:
        if not mounted:
            pytest.fail("mounting a tmpfs needs root: run the suite as CI does")
        output = disk / "site"
        assert cli_build(shipped_copy, output).exit_code == 0
        before = tree(output)
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        grow(shipped_copy)
        result = cli_build(shipped_copy, output)
        assert result.exit_code == 1
        assert result.stderr.strip().splitlines()[-1] == (
            f"Error: cannot build into {output}: kbgen stages the new site beside it, in {disk}, "
            "and cannot write there (Read-only file system)"
        )
        assert tree(output) == before
        missing = disk / "new-site"
        result = cli_build(shipped_copy, missing)
        assert result.exit_code == 1
        assert "cannot write there (Read-only file system)" in result.stderr
