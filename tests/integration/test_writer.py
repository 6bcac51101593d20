"""`SiteWriter` used directly: what a caller that skips the optional steps still gets."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from kbgen.util.processes import can_fork
from kbgen.write import linking
from kbgen.write.writer import SiteWriter
from tests.support.leftovers import settled


def test_kept_pages_are_linked_even_when_linking_was_never_started(tmp_path: Path) -> None:
    output, record = tmp_path / "site", tmp_path / "record.json"
    first = SiteWriter(output, record)
    first.add("faq/index.html", b"<p>kept</p>", "fingerprint-1")
    first.add("robots.txt", b"old")
    first.finish()
    inode = (output / "faq" / "index.html").stat().st_ino
    second = SiteWriter(output, record)  # no prelink, no start_linking: finish links what is kept
    assert second.reusable({"faq/index.html": "fingerprint-1"}) == {"faq/index.html"}
    second.add("robots.txt", b"new")
    second.finish()
    assert (output / "faq" / "index.html").read_bytes() == b"<p>kept</p>"
    assert (output / "faq" / "index.html").stat().st_ino == inode  # linked, not written again
    assert (output / "robots.txt").read_bytes() == b"new"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["record.json", "site"]


def test_the_outcome_of_a_writer_says_what_the_output_holds(tmp_path: Path) -> None:
    output = tmp_path / "site"
    writer = SiteWriter(output)
    writer.add("index.html", b"home")
    assert writer.outcome() == f"nothing was written to {output}"
    writer.finish()
    assert writer.outcome() == f"the new site is complete in {output}"
    again = SiteWriter(output)
    again.add("index.html", b"home again")
    assert again.outcome() == f"the output folder {output} is unchanged"
    again.discard()
    assert (output / "index.html").read_bytes() == b"home"


def test_a_writer_in_a_process_with_threads_leaves_the_old_tree_to_a_thread(tmp_path: Path) -> None:
    output = tmp_path / "site"
    first = SiteWriter(output)
    first.add_all([(f"q{number}/index.html", b"old") for number in range(100)])
    first.finish()
    release = threading.Event()
    other = threading.Thread(target=release.wait)  # as the dev server's: no process can be forked now
    other.start()
    try:
        assert not can_fork()
        second = SiteWriter(output, detach_removal=True)
        second.add("index.html", b"new")
        second.finish()
        assert sorted(path.name for path in output.iterdir()) == [".kbgen-output.json", "index.html"]
        assert settled(tmp_path) == ["site"]  # the thread held the old tree's removal lock until it was gone
    finally:
        release.set()
        other.join()


def test_a_process_with_threads_links_the_kept_files_ahead_in_a_thread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(linking, "AHEAD_FORK_MIN", 10)  # a process would be forked for this many files
    output, record = tmp_path / "site", tmp_path / "record.json"
    pages = {f"q{number}/index.html": f"fingerprint-{number}" for number in range(40)}
    first = SiteWriter(output, record)
    for path, fingerprint in pages.items():
        first.add(path, path.encode(), fingerprint)
    first.finish()
    inodes = {path: (output / path).stat().st_ino for path in pages}
    release = threading.Event()
    other = threading.Thread(target=release.wait)  # as the dev server's: no process can be forked now
    other.start()
    try:
        second = SiteWriter(output, record)
        monkeypatch.setattr(linking, "Background", None)  # neither a forked process nor this one: a thread
        second.prelink()
        changed = {**pages, "q3/index.html": "fingerprint-new"}
        assert second.reusable(changed) == set(pages) - {"q3/index.html"}
        second.add("q3/index.html", b"new", "fingerprint-new")  # linked ahead: unlinked first, never written through
        second.finish()
    finally:
        release.set()
        other.join()
    assert (output / "q3" / "index.html").read_bytes() == b"new"
    assert {path: (output / path).stat().st_ino for path in pages if path != "q3/index.html"} == {
        path: inode for path, inode in inodes.items() if path != "q3/index.html"
    }
    assert json.loads(record.read_text())["files"]["q3/index.html"][0] == "fingerprint-new"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["record.json", "site"]
