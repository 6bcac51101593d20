"""Pages written by the render workers, other files by the writer's threads: the same record, the same guarantees."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.kill_table import kbgen, survivors, tree
from kbgen.errors import KbgenError
from kbgen.load.cache import output_record_file
from kbgen.write.writer import THREADS_MIN_FILES, SiteWriter
from tests.support.corpus import write_corpus
from tests.support.leftovers import settled

REPO = Path(__file__).resolve().parents[2]

QUESTIONS = 600  # over 500 questions: rendered (and written) in forked workers


def record_of(cache: Path, output: Path) -> dict[str, list]:
    """Per file of the output: its fingerprint, size and digest as the record keeps them (not its mtime or inode)."""
    files = json.loads(output_record_file(cache, output).read_text(encoding="utf-8"))["files"]
    return {path: [entry[0], entry[1], entry[4]] for path, entry in files.items()}


#: One build in a process of its own, which no thread of the test run keeps from forking its workers.
BUILD_IN_A_FRESH_PROCESS = """
import sys
from pathlib import Path
from kbgen.pipeline import build_site
from kbgen.util.processes import can_fork
content, output, cache, workers = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4])
assert workers == 1 or can_fork(workers)  # else both builds would render in one process, proving nothing
build_site(content, output, workers=workers, cache_dir=cache)
"""


def test_pages_written_by_workers_are_recorded_as_pages_written_by_the_build_process(tmp_path: Path) -> None:
    content = write_corpus(tmp_path / "corpus", QUESTIONS)
    for workers in (1, 2):
        output, cache = tmp_path / f"site-{workers}", tmp_path / f"cache-{workers}"
        command = [sys.executable, "-c", BUILD_IN_A_FRESH_PROCESS, str(content), str(output), str(cache), str(workers)]
        subprocess.run(command, cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(REPO)}, check=True)
    assert tree(tmp_path / "site-1") == tree(tmp_path / "site-2")
    one, two = (
        record_of(tmp_path / "cache-1", tmp_path / "site-1"),
        record_of(tmp_path / "cache-2", tmp_path / "site-2"),
    )
    assert len(one) > 2 * QUESTIONS and one == two
    # what the record keeps of each file is what it is on disk: a rebuild keeps every page
    files = json.loads(output_record_file(tmp_path / "cache-2", tmp_path / "site-2").read_text())["files"]
    for path, (_, size, mtime_ns, inode, _) in files.items():
        stat = os.stat(tmp_path / "site-2" / path)
        assert [stat.st_size, stat.st_mtime_ns, stat.st_ino] == [size, mtime_ns, inode], path


def test_a_render_worker_killed_while_it_writes_pages_leaves_the_output_as_it_was(tmp_path: Path) -> None:
    content = write_corpus(tmp_path / "corpus", QUESTIONS)
    output = tmp_path / "www" / "site"
    assert kbgen(content, output, tmp_path) == 0
    old = tree(output)
    site = content / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("title: Generated", "title: Renamed", 1), encoding="utf-8")
    # each worker counts the files it wrote; the fifth kills it (not the build): the build fails on its own
    code = kbgen(content, output, tmp_path, "kill=write:5")
    assert code not in (0, -9)
    assert survivors(output) == 0
    assert tree(output) == old
    assert settled(output.parent) == ["site"]  # the staging folder, with the workers' pages, is gone
    assert kbgen(content, output, tmp_path) == 0
    assert tree(output) != old


def test_files_written_by_threads_are_recorded_as_files_written_one_by_one(tmp_path: Path) -> None:
    files = [(f"part/{number % 7}/file-{number}.json", b"x" * number) for number in range(3 * THREADS_MIN_FILES)]
    one, record_one = tmp_path / "one", tmp_path / "one.json"
    writer = SiteWriter(one, record_one)
    for name, data in files:
        writer.add(name, data)
    writer.finish()
    many, record_many = tmp_path / "many", tmp_path / "many.json"
    writer = SiteWriter(many, record_many)
    writer.add_all(files)
    assert len(writer.staged) == len(files)
    writer.finish()
    assert tree(one) == tree(many)
    listed = [json.loads(path.read_text())["files"] for path in (record_one, record_many)]
    assert {p: [e[0], e[1], e[4]] for p, e in listed[0].items()} == {
        p: [e[0], e[1], e[4]] for p, e in listed[1].items()
    }


def test_two_files_of_one_name_stop_the_threads_before_they_write(tmp_path: Path) -> None:
    output = tmp_path / "site"
    writer = SiteWriter(output)
    writer.add("index.html", b"home")
    writer.finish()
    again = SiteWriter(output)
    files = [(f"part/file-{number}.json", b"{}") for number in range(THREADS_MIN_FILES)]
    with pytest.raises(KbgenError, match="two files render to 'part/file-3.json'"):
        again.add_all([*files, ("part/file-3.json", b"[]")])
    assert again.staged == set()
    again.discard()
    assert (output / "index.html").read_bytes() == b"home"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["site"]
