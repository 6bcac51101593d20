"""Compiled templates kept in the build cache (kbgen/render/theme.py): read back, never changing a byte."""

from __future__ import annotations

from pathlib import Path

from kbgen.pipeline import build_site


def files(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def test_a_build_reads_the_templates_an_earlier_one_compiled(shipped_copy: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    build_site(shipped_copy, tmp_path / "first", cache_dir=cache)
    (compiled,) = cache.glob("templates-*")
    written = {path.name: path.stat().st_mtime_ns for path in compiled.iterdir()}
    assert written, "the first build compiled no template into the cache"
    build_site(shipped_copy, tmp_path / "second", cache_dir=cache)  # the cache folder check accepts the folder
    assert {path.name: path.stat().st_mtime_ns for path in compiled.iterdir()} == written  # read, not rewritten
    build_site(shipped_copy, tmp_path / "uncached", cache=False)
    assert files(tmp_path / "second") == files(tmp_path / "uncached")
