"""Rebuilds patch the output: only what changed is rendered and written, and the result is a cold build's, byte for byte."""

from __future__ import annotations

import hashlib
import os
import random
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from kbgen import pipeline
from kbgen.errors import KbgenError
from kbgen.pipeline import build_site
from kbgen.search.incremental import forget_memories
from kbgen.search.shards import DEFAULT_LIMITS, SearchLimits

pytestmark = pytest.mark.slow

ARRIVAL = "sections/04-order-inquiry/03-order-arrival.md"


def digest(folder: Path) -> dict[str, str]:
    """Every file and folder under `folder`, with a hash of each file's bytes."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
        for p in sorted(folder.rglob("*"))
    }


def identities(folder: Path) -> dict[str, tuple[int, int]]:
    """Inode and mtime of every file: unchanged when a build left the file alone."""
    return {
        p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def append(name: str, text: str) -> Callable[[Path], None]:
    def change(content: Path) -> None:
        path = content / name
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")

    return change


def replace(name: str, old: str, new: str) -> Callable[[Path], None]:
    def change(content: Path) -> None:
        path = content / name
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return change


def delete(name: str) -> Callable[[Path], None]:
    return lambda content: (content / name).unlink()


def write(name: str, text: str) -> Callable[[Path], None]:
    return lambda content: (content / name).write_text(text, encoding="utf-8")


CHANGES = {
    "edit one answer": append(ARRIVAL, "\nOrders placed on a holiday ship the next working day.\n"),
    "edit a question": replace(ARRIVAL, "question: ", "question: Honestly, "),
    "new slug": replace(ARRIVAL, "question: ", "slug: when-will-it-arrive\nquestion: "),
    "delete a question": delete(ARRIVAL),
    "add a question": write(
        "sections/04-order-inquiry/04-gift-wrap.md", "---\nquestion: Can you gift-wrap my order?\n---\nNot yet.\n"
    ),
    "section title": replace("sections/04-order-inquiry/_section.yaml", "title: ", "title: All about "),
    "carrier name": replace("carriers.yaml", "name: ", "name: The "),
    "site title": replace("site.yaml", "title: ", "title: Official "),
    # order-arrival lists it among its related questions: that page shows the new title
    "a related question's title": replace(
        "sections/10-common-logistics-providers/01-contact-your-carrier.md", "question: ", "question: Honestly, "
    ),
}


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_patched_output_equals_a_cold_build(shipped_copy: Path, tmp_path: Path, change) -> None:
    patched, cold = tmp_path / "out" / "site", tmp_path / "cold" / "site"
    build_site(shipped_copy, patched)
    change(shipped_copy)
    build_site(shipped_copy, patched)
    build_site(shipped_copy, cold, cache=False)
    assert digest(patched) == digest(cold)
    assert sorted(p.name for p in patched.parent.iterdir()) == ["site"]  # nothing staged is left


def related_links(output: Path) -> dict[str, list[str]]:
    """Per question page, the hrefs of its "Related questions"."""
    return {
        page.relative_to(output).as_posix(): [a["href"] for a in soup.select("[aria-labelledby=related-title] a")]
        for page in sorted(output.glob("*/*/index.html"))
        if (soup := BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser"))
    }


def test_one_edit_rewrites_only_its_section_and_the_search_files(shipped_copy: Path, tmp_path: Path) -> None:
    output = tmp_path / "output"
    build_site(shipped_copy, output)
    before, related_before = identities(output), related_links(output)
    CHANGES["edit one answer"](shipped_copy)
    build_site(shipped_copy, output)
    after, related_after = identities(output), related_links(output)
    rewritten = {name for name in after if before.get(name) != after[name]}
    pages = {name for name in rewritten if name.endswith(".html")}
    section = {
        "order-inquiry/index.html",
        "order-inquiry/change-address/index.html",
        "order-inquiry/cancel-order/index.html",
        "order-inquiry/order-arrival/index.html",
    }
    # and the pages that list the edited question as related, or whose related questions the edit changed
    relating = {
        name
        for name, links in related_after.items()
        if links != related_before[name] or any(link.endswith("/order-inquiry/order-arrival/") for link in links)
    }
    assert relating - section, "the shipped site has pages of other sections relating to the edited question"
    assert pages == section | relating | {"index.html", "search/index.html"}  # these two are given every section
    others = rewritten - pages
    assert "search/index.json" in others
    # the help center as data: the edited answer's twin, the llms files, the section files naming it or related
    assert {name for name in others if name.endswith(".md")} == {"order-inquiry/order-arrival/index.md"}
    assert "api/v1/sections/order-inquiry.json" in others
    # the manifest holds a digest of each answer; the sitemap the dates
    assert all(
        name.startswith(("assets/search/", "search/", "api/v1/sections/"))
        or name in ("manifest.json", "sitemap.xml", ".kbgen-output.json", "llms.txt", "llms-full.txt")
        or name.endswith(".md")
        for name in others
    )


def test_rebuild_without_changes_writes_nothing(shipped_copy: Path, tmp_path: Path) -> None:
    output = tmp_path / "output"
    build_site(shipped_copy, output)
    before = identities(output)
    build_site(shipped_copy, output)
    assert identities(output) == before


def test_a_deleted_output_file_is_written_again(shipped_copy: Path, tmp_path: Path) -> None:
    output, cold = tmp_path / "output", tmp_path / "cold"
    build_site(shipped_copy, output)
    (output / "membership" / "index.html").unlink()
    CHANGES["edit one answer"](shipped_copy)
    build_site(shipped_copy, output)
    build_site(shipped_copy, cold, cache=False)
    assert digest(output) == digest(cold)


@pytest.mark.parametrize("damage", ["edit", "add"])
def test_a_tampered_output_is_refused_then_replaced_with_force(shipped_copy: Path, tmp_path: Path, damage: str) -> None:
    """A file edited or added by hand is not kbgen's: the build refuses, and leaves it; `force` replaces it."""
    output, cold = tmp_path / "output", tmp_path / "cold"
    build_site(shipped_copy, output)
    page = output / "membership" / "index.html"
    if damage == "edit":
        page.write_bytes(page.read_bytes().replace(b"<h1>", b"<h1>Defaced "))
        named = "membership/index.html was changed since kbgen wrote it;"
    else:
        (output / "membership" / "stray.txt").write_text("not from the build", encoding="utf-8")
        named = "it holds membership/stray.txt, which kbgen did not write (a file to publish as it is belongs in the"
    tampered = digest(output)
    CHANGES["edit one answer"](shipped_copy)
    with pytest.raises(KbgenError, match=re.escape(f"refusing to build into {output}: {named}")):
        build_site(shipped_copy, output)
    assert digest(output) == tampered
    build_site(shipped_copy, output, force=True)
    build_site(shipped_copy, cold, cache=False)
    assert digest(output) == digest(cold)


def test_a_moved_output_folder_is_written_whole(shipped_copy: Path, tmp_path: Path) -> None:
    output = tmp_path / "output"
    build_site(shipped_copy, output)
    os.rename(output, tmp_path / "elsewhere")
    output.mkdir()
    build_site(shipped_copy, output)
    build_site(shipped_copy, tmp_path / "cold", cache=False)
    assert digest(output) == digest(tmp_path / "cold")


KINDS = ["answer", "answer", "question", "add", "delete", "rename", "section"]


def random_step(content: Path, rng: random.Random, step: int, kind: str) -> None:
    """One change of `kind` to the content, on a question (and with words) the seeded `rng` picks."""
    files = sorted(content.glob("sections/*/[0-9]*.md"))
    path = rng.choice(files)
    text = path.read_text(encoding="utf-8")
    if kind == "answer":
        words = rng.choice(files).read_text(encoding="utf-8").split("---", 2)[-1].split()
        path.write_text(text + f"\n{' '.join(rng.sample(words, min(8, len(words))))} zyx{step}.\n", encoding="utf-8")
    elif kind == "question":
        path.write_text(text.replace("question: ", f"question: Step {step}, ", 1), encoding="utf-8")
    elif kind == "add":
        (path.parent / f"{90 + step}-added-{step}.md").write_text(
            f"---\nquestion: Can step {step} ship gift wrap?\n---\nGift wrap ships with step {step} orders.\n",
            encoding="utf-8",
        )
    elif kind == "delete" and len(list(path.parent.glob("[0-9]*.md"))) > 1:
        path.unlink()
    elif kind == "rename":
        path.write_text(text.replace("question: ", f"slug: renamed-{step}\nquestion: ", 1), encoding="utf-8")
    elif kind == "section":
        section = path.parent / "_section.yaml"
        section.write_text(section.read_text(encoding="utf-8").replace("title: ", f"title: {step} ", 1), "utf-8")


@pytest.mark.parametrize(
    "limits", [DEFAULT_LIMITS, SearchLimits(inline_text=0, shard_postings=300)], ids=["inline", "split"]
)
def test_random_changes_in_one_process_equal_cold_builds(shipped_copy: Path, tmp_path: Path, limits) -> None:
    """A seeded sequence of edits, additions, deletions, renames and a section rename, each rebuilt in the same
    process (the search index updated from the last build's) and compared with a cold build."""
    patched, cache = tmp_path / "out" / "site", tmp_path / "cache"
    build_site(shipped_copy, patched, cache_dir=cache, search_limits=limits)
    rng = random.Random(23)
    kinds = rng.sample(KINDS * 2, len(KINDS) * 2)
    for step, kind in enumerate(kinds):
        random_step(shipped_copy, rng, step, kind)
        build_site(shipped_copy, patched, cache_dir=cache, search_limits=limits)
        cold = tmp_path / f"cold-{step}" / "site"
        build_site(shipped_copy, cold, cache=False, search_limits=limits)
        assert digest(patched) == digest(cold), (step, kinds[: step + 1])


def test_rebuilds_whose_related_questions_numpy_computes_equal_cold_builds(
    shipped_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A server's rebuilds compute related questions with numpy (search/related_arrays.py) from fewer questions
    than a cold build does: here from any number, so every rebuild does and every cold build does not."""
    monkeypatch.setattr(pipeline, "REBUILD_ARRAYS_FROM", 0)
    patched, cache = tmp_path / "out" / "site", tmp_path / "cache"
    build_site(shipped_copy, patched, cache_dir=cache)
    rng = random.Random(29)
    for step, kind in enumerate(rng.sample(KINDS, len(KINDS))):
        random_step(shipped_copy, rng, step, kind)
        build_site(shipped_copy, patched, cache_dir=cache)
        cold = tmp_path / f"cold-{step}" / "site"
        build_site(shipped_copy, cold, cache=False)
        assert digest(patched) == digest(cold), (step, kind)


def test_translations_rebuilt_in_one_process_equal_cold_builds(tmp_path: Path) -> None:
    """Each locale keeps its own search index between builds: edits to a translation and to its source."""
    content = tmp_path / "content"
    shutil.copytree(Path(__file__).resolve().parents[2] / "examples" / "multilingual" / "content", content)
    patched, cache = tmp_path / "out" / "site", tmp_path / "cache"
    build_site(content, patched, cache_dir=cache)
    sections = content / "sections" / "01-membership"
    changes = [
        append("sections/01-membership/01-benefits.fr.md", "\nLes points expirent après un an.\n"),
        append("sections/01-membership/01-benefits.ja.md", "\nポイントは一年で失効します。\n"),
        append("sections/01-membership/01-benefits.md", "\nPoints expire after a year.\n"),
        delete("sections/01-membership/03-delete-account.ja.md"),
    ]
    assert (sections / "03-delete-account.ja.md").exists()
    for step, change in enumerate(changes):
        change(content)
        build_site(content, patched, cache_dir=cache)
        cold = tmp_path / f"cold-{step}" / "site"
        build_site(content, cold, cache=False)
        assert digest(patched) == digest(cold), step


def test_a_new_process_updates_the_index_the_cache_keeps(shipped_copy: Path, tmp_path: Path) -> None:
    """The command line's rebuild: no index in the process, the cache folder's copy updated, equal to a cold build."""
    patched, cache = tmp_path / "out" / "site", tmp_path / "cache"
    limits = SearchLimits(inline_text=0, shard_postings=300)
    build_site(shipped_copy, patched, cache_dir=cache, search_limits=limits)
    assert (cache / "search-index.marshal").is_file()
    rng = random.Random(5)
    for step, kind in enumerate(["answer", "add", "rename", "answer"]):
        forget_memories()
        random_step(shipped_copy, rng, step, kind)
        build_site(shipped_copy, patched, cache_dir=cache, search_limits=limits)
        cold = tmp_path / f"cold-{step}" / "site"
        build_site(shipped_copy, cold, cache=False, search_limits=limits)
        assert digest(patched) == digest(cold), (step, kind)


def test_a_damaged_kept_index_is_built_again(shipped_copy: Path, tmp_path: Path) -> None:
    patched, cache = tmp_path / "out" / "site", tmp_path / "cache"
    build_site(shipped_copy, patched, cache_dir=cache)
    kept = cache / "search-index.marshal"
    kept.write_bytes(kept.read_bytes()[: len(kept.read_bytes()) // 2])
    forget_memories()
    CHANGES["edit one answer"](shipped_copy)
    build_site(shipped_copy, patched, cache_dir=cache)
    build_site(shipped_copy, tmp_path / "cold", cache=False)
    assert digest(patched) == digest(tmp_path / "cold")
