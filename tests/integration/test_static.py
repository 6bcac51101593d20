"""Files published as they are: content/static/ in the output, owned by kbgen and listed in the manifest."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kbgen.errors import ContentError, KbgenError
from kbgen.pipeline import build_site


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def test_static_files_are_published_and_owned(make_project, tmp_path: Path) -> None:
    content = make_project(
        {"static/CNAME": "help.example.org\n", "static/.well-known/security.txt": "Contact: mailto:s@example.org\n"}
    )
    output = tmp_path / "out"
    build_site(content, output, cache=False)
    assert (output / "CNAME").read_bytes() == b"help.example.org\n"
    assert (output / ".well-known" / "security.txt").read_text(encoding="utf-8") == "Contact: mailto:s@example.org\n"
    urls = json.loads((output / "manifest.json").read_text(encoding="utf-8"))["urls"]
    assert urls["CNAME"] == {"kind": "file", "source": "static/CNAME"}
    assert urls[".well-known/security.txt"] == {"kind": "file", "source": "static/.well-known/security.txt"}
    # kbgen wrote them, so the next build may replace or remove them: no refusal, no leftover.
    (content / "static" / "CNAME").write_text("docs.example.org\n", encoding="utf-8")
    (content / "static" / ".well-known" / "security.txt").unlink()
    build_site(content, output, cache=False)
    assert (output / "CNAME").read_bytes() == b"docs.example.org\n"
    assert not (output / ".well-known" / "security.txt").exists()


def test_a_hand_added_file_in_the_output_is_still_refused(make_project, tmp_path: Path) -> None:
    content = make_project()
    output = tmp_path / "out"
    build_site(content, output, cache=False)
    (output / "CNAME").write_text("help.example.org\n", encoding="utf-8")
    with pytest.raises(
        KbgenError,
        match=r"it holds CNAME, which kbgen did not write \(a file to publish as it is belongs in the content's static/",
    ):
        build_site(content, output, cache=False)


def test_a_static_file_in_the_place_of_a_file_the_build_writes_is_an_error(make_project, tmp_path: Path) -> None:
    content = make_project({"static/manifest.json": "{}", "static/_headers/x": "a folder where a file goes"})
    output = tmp_path / "out"
    with pytest.raises(ContentError) as raised:
        build_site(content, output, cache=False)
    tail = "which the build writes: rename or move the file"
    assert [str(p) for p in raised.value.problems] == [
        f"content/static/_headers/x:1: '_headers/x' would replace the file '_headers', {tail}",
        f"content/static/manifest.json:1: 'manifest.json' would replace the file 'manifest.json', {tail}",
    ]
    assert not output.exists(), "nothing is written"
