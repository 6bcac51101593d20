"""`SiteWriter` used directly: what a caller that skips the optional steps still gets."""

from __future__ import annotations

from pathlib import Path

from kbgen.write.writer import SiteWriter


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


def test_a_thread_removes_the_old_tree_which_the_next_build_leaves_alone_meanwhile(tmp_path: Path) -> None:
    from kbgen.write.leftovers import clear_leftovers
    from kbgen.write.removal import lock_for_removal

    output = tmp_path / "site"
    for number in range(3):
        writer = SiteWriter(output, removal_thread=True)
        for page in range(50):
            writer.add(f"q{page}/index.html", b"build %d" % number)
        writer.finish()
        # the new tree is the output at once, whatever the thread has removed yet
        assert (output / "q7" / "index.html").read_bytes() == b"build %d" % number
        if number == 0:
            assert writer.removing is None  # the first build swapped nothing out
            continue
        assert writer.removing is not None
        old = [path for path in tmp_path.iterdir() if path != output]
        if old:  # not removed yet: its removal lock is held, and a build's clearing leaves it to the thread
            assert lock_for_removal(old[0]) is None
            assert clear_leftovers(output) == []
        writer.removing.join(timeout=30)
        assert sorted(path.name for path in tmp_path.iterdir()) == ["site"]
