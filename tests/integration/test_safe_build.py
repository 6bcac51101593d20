"""Nothing broken is ever published: a failed build leaves `output/` byte-identical and writes nothing beside it."""

from __future__ import annotations

import hashlib
import os
import pathlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from kbgen.cli import main
from kbgen.errors import ContentError, KbgenError
from kbgen.pipeline import build_site
from kbgen.render.theme import default_theme_dir
from kbgen.util.package import PACKAGE_DIR
from kbgen.write import writer as output_module
from tests.conftest import REPO


def digest(folder: Path) -> dict[str, str]:
    """Every file and folder under `folder`, with a hash of each file's bytes."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
        for p in sorted(folder.rglob("*"))
    }


@pytest.fixture
def published(shipped_copy: Path, tmp_path: Path) -> Path:
    """A good build of the shipped content in `tmp_path/output`."""
    output = tmp_path / "output"
    build_site(shipped_copy, output)
    return output


def assert_untouched(tmp_path: Path, before: dict[str, str]) -> None:
    assert digest(tmp_path / "output") == before
    # no staging folder left behind (the Markdown cache of the good build may be there)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != ".kbgen-cache") == ["content", "output"]


BREAKAGES = {
    "yaml syntax": ("sections/01-membership/01-benefits.md", "---\nquestion: [unclosed\n---\nText\n"),
    "unknown key": ("sections/01-membership/01-benefits.md", "---\nquestoin: Q?\n---\nText\n"),
    "empty answer": ("sections/01-membership/01-benefits.md", "---\nquestion: Q?\n---\n"),
    "broken link": ("sections/01-membership/01-benefits.md", "---\nquestion: Q?\n---\n[x](nope.md)\n"),
    "carrier rule": (
        "carriers.yaml",
        "carriers:\n  - name: X\n    prefix: X\n    website: https://x.org/\n    example: Y1\n",
    ),
    "not utf-8": ("site.yaml", b"title: Caf\xe9\n"),
}


@pytest.mark.parametrize("name, text", BREAKAGES.values(), ids=BREAKAGES.keys())
def test_content_error_leaves_output_identical(shipped_copy: Path, published: Path, tmp_path: Path, name, text) -> None:
    before = digest(published)
    target = shipped_copy / name
    target.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    with pytest.raises(ContentError):
        build_site(shipped_copy, published)
    assert_untouched(tmp_path, before)


def test_strict_warning_leaves_output_identical(shipped_copy: Path, published: Path, tmp_path: Path) -> None:
    before = digest(published)
    question = shipped_copy / "sections" / "01-membership" / "05-points-validity.md"
    question.write_text(question.read_text(encoding="utf-8") + "\n[A plain-http link](http://example.org/)\n")
    with pytest.raises(ContentError) as caught:
        build_site(shipped_copy, published, strict=True)
    assert [p.warning for p in caught.value.problems] == [True]
    assert_untouched(tmp_path, before)


def test_theme_error_leaves_output_identical(
    shipped_copy: Path, published: Path, tmp_path: Path, tmp_path_factory
) -> None:
    theme = tmp_path_factory.mktemp("theme")
    (theme / "templates").mkdir()
    (theme / "templates" / "question.html").write_text("{{ no_such_variable.x }}", encoding="utf-8")
    before = digest(published)
    with pytest.raises(Exception, match="no_such_variable"):
        build_site(shipped_copy, published, theme_dir=theme)
    assert_untouched(tmp_path, before)


def test_failure_while_writing_leaves_output_identical(
    shipped_copy: Path, published: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = digest(published)
    real_write = pathlib.Path.write_bytes
    written = []

    def failing_write(self: Path, data: bytes) -> int:
        written.append(self)
        if len(written) > 10:
            raise OSError(28, "No space left on device")
        return real_write(self, data)

    monkeypatch.setattr(pathlib.Path, "write_bytes", failing_write)
    with pytest.raises(KbgenError, match="cannot write .*: No space left on device; the build stopped"):
        build_site(shipped_copy, published, cache=False)  # no record of the output: a whole new tree is written
    monkeypatch.undo()
    assert len(written) == 11
    assert_untouched(tmp_path, before)


def edit_one_answer(content: Path) -> None:
    question = content / "sections" / "04-order-inquiry" / "03-order-arrival.md"
    question.write_text(question.read_text(encoding="utf-8") + "\nHolidays add a day.\n", encoding="utf-8")


@pytest.mark.parametrize("failing", [1, 4, 30])
def test_failure_while_linking_kept_pages_leaves_output_identical(
    shipped_copy: Path, published: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: int
) -> None:
    """A rebuild after one edit links the pages it keeps into the new tree (ahead, in a forked process, while the
    content loads; then the rest); whichever link fails, linking stops there and nothing changes."""
    before = digest(published)
    edit_one_answer(shipped_copy)
    real_link = os.link
    log = tmp_path / "links.log"  # counted across processes

    def failing_link(source, target, *args, **kwargs):
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(f"{source}\n")
        if len(log.read_text(encoding="utf-8").splitlines()) == failing:
            raise OSError(5, "Input/output error", target)
        return real_link(source, target, *args, **kwargs)

    monkeypatch.setattr(os, "link", failing_link)
    with pytest.raises(KbgenError, match="Input/output error"):
        build_site(shipped_copy, published)
    monkeypatch.undo()
    assert len(log.read_text(encoding="utf-8").splitlines()) == failing
    log.unlink()
    assert_untouched(tmp_path, before)
    build_site(shipped_copy, published)  # and the next build still gives the right site
    build_site(shipped_copy, tmp_path / "cold", cache=False)
    assert digest(published) == digest(tmp_path / "cold")


def test_failure_of_the_swap_leaves_output_identical(
    shipped_copy: Path, published: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = digest(published)
    edit_one_answer(shipped_copy)

    def refused(staging, output):
        raise OSError(16, "Device or resource busy", str(output))

    monkeypatch.setattr(output_module, "swap_in", refused)
    with pytest.raises(KbgenError, match="Device or resource busy"):
        build_site(shipped_copy, published)
    monkeypatch.undo()
    assert_untouched(tmp_path, before)


def test_failure_while_staging_a_patch_leaves_output_identical(
    shipped_copy: Path, published: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = digest(published)
    edit_one_answer(shipped_copy)

    def full_disk(self: Path, data: bytes) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pathlib.Path, "write_bytes", full_disk)
    with pytest.raises(KbgenError, match="No space left"):
        build_site(shipped_copy, published)
    monkeypatch.undo()
    assert_untouched(tmp_path, before)


def test_cli_build_failure_exit_1_and_output_identical(
    shipped_copy: Path, published: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    before = digest(published)
    (shipped_copy / "sections" / "02-pop-now" / "_section.yaml").write_text("titel: POP NOW\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--content", "content", "--output", "output"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "content/sections/02-pop-now/_section.yaml:1: missing required key 'title'",
        (
            "content/sections/02-pop-now/_section.yaml:1: unknown key 'titel' (did you mean 'title'?); "
            "allowed: title, description, intro, aliases, icon, notice"
        ),
        "Error: 2 error(s), 1 allowed warning: --verbose shows it",
    ]
    assert_untouched(tmp_path, before)


def test_refuses_outputs_that_hold_the_content_or_the_project(
    shipped_copy: Path, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path_factory.mktemp("elsewhere"))  # the working folder is refused for a reason of its own
    content_before = digest(shipped_copy)
    for output, reason in [
        (shipped_copy, "it would replace the content"),
        (tmp_path, "it would replace the content"),
        (shipped_copy / "sections" / "out", "it is inside the content"),
        (default_theme_dir(), "it would replace the default theme"),
        (default_theme_dir() / "out", "it is inside the default theme"),
        (PACKAGE_DIR, "it would replace kbgen's own files"),
    ]:
        for force in (False, True):
            with pytest.raises(KbgenError, match=f"refusing to build into .*: {reason}.*--force cannot override"):
                build_site(shipped_copy, output, force=force)
    monkeypatch.chdir(REPO)
    with pytest.raises(KbgenError, match="refusing to build into .*: it is the current folder"):
        build_site(shipped_copy, REPO, force=True)
    assert digest(shipped_copy) == content_before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content"]
