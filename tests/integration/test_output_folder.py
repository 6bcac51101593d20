"""What an output folder may be: kbgen builds only into a folder that is missing, empty or its own.

Every home-folder case points HOME at a temporary folder: no test touches a real one.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kbgen.cli import main
from kbgen.errors import KbgenError
from kbgen.pipeline import build_site
from kbgen.serve.server import DevServer
from kbgen.write import removal
from kbgen.write.leftovers import clear_leftovers
from kbgen.write.ownership import MARKER, STAGING_TAG
from kbgen.write.removal import lock_for_removal, remove_tree
from tests.support.leftovers import settled


def tree(folder: Path) -> dict[str, str]:
    """Every file, folder and link under `folder`, with a hash of each file's bytes."""
    found = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[rel] = "link:" + os.readlink(path)
        elif path.is_file():
            found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            found[rel] = "dir"
    return found


def precious(folder: Path) -> dict[str, str]:
    """A folder of someone's files: a thesis chapter, a dotfile and notes."""
    (folder / "thesis").mkdir(parents=True)
    (folder / "thesis" / "chapter1.txt").write_text("It was a dark and stormy night.\n", encoding="utf-8")
    (folder / ".bashrc").write_text("export PATH=$HOME/bin:$PATH\n", encoding="utf-8")
    (folder / "notes.md").write_text("# Notes\n", encoding="utf-8")
    return tree(folder)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A throwaway home folder, as HOME, and a work folder as the current folder."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return home


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_a_folder_of_other_files_is_refused_and_every_file_survives(shipped_copy: Path, home: Path) -> None:
    folder = home / "docs"
    before = precious(folder)
    result = run("build", "--content", str(shipped_copy), "--output", str(folder))
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1] == (
        f"Error: refusing to build into {folder}: it holds .bashrc, notes.md and thesis/, which kbgen did not write; "
        "choose an empty or new folder, or pass --force to replace everything in it"
    )
    assert tree(folder) == before
    assert sorted(p.name for p in folder.parent.iterdir()) == ["docs"]  # nothing staged beside it


def test_refusal_names_at_most_five_files(shipped_copy: Path, tmp_path: Path) -> None:
    folder = tmp_path / "site"
    folder.mkdir()
    for n in range(8):
        (folder / f"file{n}.txt").write_text("x", encoding="utf-8")
    with pytest.raises(
        KbgenError,
        match=r"holds file0.txt, file1.txt, file2.txt, file3.txt, file4.txt and more, which kbgen did not write",
    ):
        build_site(shipped_copy, folder)


def test_home_folder_is_refused_even_with_force(shipped_copy: Path, home: Path) -> None:
    before = precious(home)
    for extra in ([], ["--force"]):
        result = run("build", "--content", str(shipped_copy), "--output", str(home), *extra)
        assert result.exit_code == 1
        assert result.stderr.strip().splitlines()[-1] == (
            f"Error: refusing to build into {home}: it is your home folder; choose an empty folder or a new one "
            "(--force cannot override this)"
        )
    assert tree(home) == before


@pytest.mark.parametrize("where", ["root", "cwd", "above cwd", "above home", "git", "pyproject", "content"])
def test_folders_refused_always(shipped_copy: Path, home: Path, where: str) -> None:
    cwd = Path.cwd()
    folder = {
        "root": Path("/"),
        "cwd": cwd,
        "above cwd": cwd.parent,
        "above home": home.parent,
        "git": home / "repo",
        "pyproject": home / "project",
        "content": shipped_copy.parent,
    }[where]
    if where == "git":
        (folder / ".git").mkdir(parents=True)
    if where == "pyproject":
        folder.mkdir()
        (folder / "pyproject.toml").write_text("[project]\n", encoding="utf-8")
    before = tree(folder) if where != "root" else None
    for force in (False, True):
        with pytest.raises(KbgenError, match=r"refusing to build into .*--force cannot override this"):
            build_site(shipped_copy, folder, force=force)
    if before is not None:
        assert tree(folder) == before


def test_force_takes_over_a_folder(shipped_copy: Path, home: Path, tmp_path: Path) -> None:
    folder = home / "site"
    precious(folder)
    result = run("build", "--content", str(shipped_copy), "--output", str(folder), "--force", "-q")
    assert result.exit_code == 0, result.output
    build_site(shipped_copy, tmp_path / "cold", cache=False)
    assert tree(folder) == tree(tmp_path / "cold")
    # from then on the folder is kbgen's: no --force needed
    assert run("build", "--content", str(shipped_copy), "--output", str(folder), "-q").exit_code == 0


def test_a_marker_beside_other_files_does_not_make_a_folder_kbgens(shipped_copy: Path, tmp_path: Path) -> None:
    build_site(shipped_copy, tmp_path / "site")
    folder = tmp_path / "docs"
    precious(folder)
    shutil.copy(tmp_path / "site" / MARKER, folder / MARKER)
    before = tree(folder)
    with pytest.raises(KbgenError, match=r"it holds \.bashrc, notes.md and thesis/, which kbgen did not write"):
        build_site(shipped_copy, folder)
    assert tree(folder) == before


def test_a_copied_or_moved_output_is_still_kbgens(shipped_copy: Path, tmp_path: Path) -> None:
    build_site(shipped_copy, tmp_path / "site")
    subprocess.run(["cp", "-r", str(tmp_path / "site"), str(tmp_path / "copy")], check=True)  # new inodes and mtimes
    build_site(shipped_copy, tmp_path / "copy", cache=False)
    os.rename(tmp_path / "site", tmp_path / "moved")
    build_site(shipped_copy, tmp_path / "moved")
    assert tree(tmp_path / "copy") == tree(tmp_path / "moved")


def test_an_empty_folder_is_built_into(shipped_copy: Path, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    build_site(shipped_copy, tmp_path / "empty")
    assert (tmp_path / "empty" / "index.html").is_file()


def test_an_output_path_that_is_a_file(shipped_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "site"
    target.write_text("a file, not a folder\n", encoding="utf-8")
    with pytest.raises(KbgenError, match=f"output path {target} exists and is not a folder"):
        build_site(shipped_copy, target)
    monkeypatch.chdir(tmp_path)
    result = run("build", "--content", str(shipped_copy), "--output", "site")
    assert result.exit_code == 2
    assert "'site' is a file" in result.stderr
    assert target.read_text(encoding="utf-8") == "a file, not a folder\n"


def test_a_symlinked_output_folder_builds_into_its_target_and_stays_a_link(shipped_copy: Path, tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    build_site(shipped_copy, tmp_path / "link")
    build_site(shipped_copy, tmp_path / "link")  # and again, as kbgen's own
    assert (tmp_path / "link").is_symlink()
    assert (tmp_path / "real" / "index.html").is_file()
    # a link to a folder that is refused is refused
    (tmp_path / "home-link").symlink_to(Path.home())
    with pytest.raises(KbgenError, match="it is your home folder"):
        build_site(shipped_copy, tmp_path / "home-link", force=True)


def test_a_symlink_inside_the_output_is_not_kbgens(shipped_copy: Path, tmp_path: Path) -> None:
    build_site(shipped_copy, tmp_path / "site")
    (tmp_path / "site" / "thesis").symlink_to(tmp_path)
    with pytest.raises(KbgenError, match=r"it holds thesis \(a link\), which kbgen did not write"):
        build_site(shipped_copy, tmp_path / "site")


def test_the_cache_is_in_the_current_folder_and_nothing_is_written_beside_the_output(
    shipped_copy: Path, home: Path, tmp_path: Path
) -> None:
    out_parent = tmp_path / "www"
    out_parent.mkdir()
    assert run("build", "--content", str(shipped_copy), "--output", str(out_parent / "site"), "-q").exit_code == 0
    assert settled(out_parent) == ["site"]
    cache = Path.cwd() / ".kbgen-cache"
    assert (cache / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    assert any(p.name.startswith("written-site-") for p in cache.iterdir())
    other = tmp_path / "elsewhere-cache"
    result = run(
        "build", "--content", str(shipped_copy), "--output", str(out_parent / "site"), "--cache-dir", str(other), "-q"
    )
    assert result.exit_code == 0
    assert (other / "markdown.json").is_file()
    assert settled(out_parent) == ["site"]  # the old tree, removed in the background, is gone too


def test_a_cache_inside_the_output_is_refused(shipped_copy: Path, tmp_path: Path) -> None:
    with pytest.raises(KbgenError, match="it would replace the cache"):
        build_site(shipped_copy, tmp_path / "site", cache_dir=tmp_path / "site" / ".kbgen-cache")


def test_leftovers_of_a_killed_build_are_cleared_and_lookalikes_left_alone(shipped_copy: Path, tmp_path: Path) -> None:
    output = tmp_path / "site"
    build_site(shipped_copy, output)
    staged = tmp_path / ".site.kbgen-new-abcd1234"
    staged.mkdir()
    (staged / STAGING_TAG).write_bytes(b"")
    (staged / "index.html").write_text("half a build", encoding="utf-8")
    lookalike = tmp_path / ".site.kbgen-new-mine"
    lookalike.mkdir()
    (lookalike / "thesis.txt").write_text("not kbgen's", encoding="utf-8")
    build_site(shipped_copy, output)
    assert not staged.exists()
    assert (lookalike / "thesis.txt").read_text(encoding="utf-8") == "not kbgen's"


def test_the_command_line_leaves_the_old_tree_to_a_process_of_its_own(shipped_copy: Path, tmp_path: Path) -> None:
    """`kbgen build` returns once the new tree is in; the old one, swapped out, is removed by a detached process:
    killing that process half-way (a kill point of the tests) leaves the build's own exit alone."""
    output = tmp_path / "www" / "site"

    def kbgen(faults: str = "") -> int:
        env = {**os.environ, "KBGEN_TEST_FAULTS": faults}
        command = [
            sys.executable,
            "-m",
            "kbgen",
            "build",
            "-q",
            "--content",
            str(shipped_copy),
            "--output",
            str(output),
        ]
        return subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, timeout=120, check=False).returncode

    def retitle(title: str) -> None:
        site = shipped_copy / "site.yaml"
        site.write_text(site.read_text(encoding="utf-8").replace("title: ", f"title: {title} ", 1), encoding="utf-8")

    assert kbgen() == 0
    retitle("New")
    assert kbgen("kill=removing") == 0  # the remover was killed, not the build
    beside = settled(output.parent)
    assert beside[-1] == "site" and len(beside) == 2 and ".kbgen-new-" in beside[0]  # half the old tree is left
    assert (output.parent / beside[0] / MARKER).is_file()  # still known as kbgen's
    retitle("Newer")
    assert kbgen() == 0  # clears it, and leaves its own old tree to its remover, which finishes
    assert settled(output.parent) == ["site"]
    build_site(shipped_copy, tmp_path / "cold", cache=False)
    assert tree(output) == tree(tmp_path / "cold")


def test_a_folder_being_removed_is_left_to_its_remover_and_cleared_once_it_is_gone(tmp_path: Path) -> None:
    output = tmp_path / "site"
    old = tmp_path / ".site.kbgen-new-abcd1234"
    (old / "faq").mkdir(parents=True)
    (old / "faq" / "index.html").write_text("old page", encoding="utf-8")
    (old / MARKER).write_text('{"format":"kbgen-output","version":1,"files":{}}', encoding="utf-8")
    lock = lock_for_removal(old)
    assert lock is not None and lock_for_removal(old) is None  # one remover at a time
    try:
        assert clear_leftovers(output) == []
        assert (old / "faq" / "index.html").is_file()
    finally:
        os.close(lock)  # the remover died: its lock went with it
    assert clear_leftovers(output) == [old.resolve()]
    assert not old.exists()


def test_a_removal_cut_short_leaves_the_marker_and_tag_for_the_next_build(
    shipped_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    output = tmp_path / "site"
    build_site(shipped_copy, output, cache=False)
    old = tmp_path / ".site.kbgen-new-abcd1234"
    shutil.copytree(output, old)
    (old / STAGING_TAG).write_bytes(b"")

    def killed(path, ignore_errors=False):
        raise KeyboardInterrupt  # the remover stops at its first folder

    monkeypatch.setattr(removal.shutil, "rmtree", killed)
    with pytest.raises(KeyboardInterrupt):
        remove_tree(old)
    monkeypatch.undo()
    assert (old / MARKER).is_file() and (old / STAGING_TAG).is_file()
    build_site(shipped_copy, output, cache=False)  # the next build knows it as kbgen's and clears it
    assert not old.exists()


def test_serve_follows_the_same_rules(shipped_copy: Path, home: Path) -> None:
    folder = home / "docs"
    before = precious(folder)
    server = DevServer(shipped_copy, folder, port=0)
    try:
        outcome = server.rebuild()
    finally:
        server.close()
    assert not outcome.ok and outcome.fatal
    assert "which kbgen did not write" in outcome.errors[0]
    assert tree(folder) == before
    server = DevServer(shipped_copy, home, port=0, force=True)
    try:
        outcome = server.rebuild()
    finally:
        server.close()
    assert not outcome.ok and "it is your home folder" in outcome.errors[0]
    result = run("serve", "--content", str(shipped_copy), "--output", str(folder), "--port", "0")
    assert result.exit_code == 1
    assert "refusing to build into" in result.stderr
    assert tree(folder) == before


def test_a_cache_folder_of_other_files_is_refused(shipped_copy: Path, tmp_path: Path) -> None:
    folder = tmp_path / "documents"
    before = precious(folder)
    with pytest.raises(KbgenError, match=r"refusing to use .*documents as the cache: .*\(\.bashrc, notes.md, thesis\)"):
        build_site(shipped_copy, tmp_path / "site", cache_dir=folder)
    assert tree(folder) == before
    assert not (tmp_path / "site").exists()


def test_a_refusal_names_each_file_with_its_reason(shipped_copy: Path, tmp_path: Path) -> None:
    output = tmp_path / "site"
    build_site(shipped_copy, output, cache=False)
    page = output / "index.html"
    page.write_bytes(page.read_bytes() + b"<!-- edited -->")
    with pytest.raises(KbgenError) as refused:
        build_site(shipped_copy, output, cache=False)
    assert str(refused.value) == (
        f"refusing to build into {output}: index.html was changed since kbgen wrote it; "
        "choose an empty or new folder, or pass --force to replace everything in it"
    )
    (output / "notes.md").write_text("mine", encoding="utf-8")
    (output / "membership" / "index.html").write_text("edited", encoding="utf-8")
    with pytest.raises(KbgenError) as refused:
        build_site(shipped_copy, output, cache=False)
    assert str(refused.value) == (
        f"refusing to build into {output}: it holds notes.md, which kbgen did not write (a file to publish as it is "
        "belongs in the content's static/ folder), and index.html and membership/index.html were changed since kbgen "
        "wrote them; choose an empty or new folder, or pass --force to replace everything in it"
    )
