"""The content's static/ folder as the loader reads it: every file by its path, clashes with pages refused."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kbgen.errors import ContentError
from kbgen.load.loader import load_help_center


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def errors(content: Path) -> list[str]:
    with pytest.raises(ContentError) as raised:
        load_help_center(content, workers=1)
    return [str(p) for p in raised.value.problems if not p.warning]


def test_static_files_are_read_by_their_path_hidden_folders_too(make_project) -> None:
    content = make_project(
        {
            "static/CNAME": "help.example.org\n",
            "static/.well-known/security.txt": "Contact: mailto:security@example.org\n",
            "static/files/returns.pdf": b"%PDF-1.4\n\xff\xfe",
            "static/files/returns.pdf~": "an old copy",
            "sections/01-orders/01-cancel.md": "---\nquestion: How do I cancel?\n---\nSee [the form](/files/returns.pdf).\n",
        }
    )
    hc, warnings = load_help_center(content, workers=1)
    assert [(f.path, f.data, f.source.path) for f in hc.static_files] == [
        (
            ".well-known/security.txt",
            b"Contact: mailto:security@example.org\n",
            "content/static/.well-known/security.txt",
        ),
        ("CNAME", b"help.example.org\n", "content/static/CNAME"),
        ("files/returns.pdf", b"%PDF-1.4\n\xff\xfe", "content/static/files/returns.pdf"),
    ]
    assert [str(w) for w in warnings] == [
        (
            "content/static/files/returns.pdf~:1: warning (editor-file, allowed): "
            "skipped: an editor's backup or swap file, never published"
        )
    ]
    assert 'href="kbroot:files/returns.pdf"' in hc.sections[0].questions[0].answer_html


def test_a_static_file_in_the_place_of_a_page_is_an_error(make_project) -> None:
    content = make_project(
        {
            "static/index.html": "<p>mine</p>",
            "static/orders/index.html": "<p>mine</p>",
            "static/orders/cancel": "a file where a page's folder goes",
            "static/404.html": "<p>lost</p>",
            "static/assets/site.css": "p {}",
            "static/orders/photo.png": b"\x89PNG\r\n\x1a\n",  # beside a page: fine
        }
    )
    tail = "which the build writes: rename or move the file"
    assert errors(content) == [
        f"content/static/404.html:1: '404.html' would replace the site's own /404.html, {tail}",
        f"content/static/assets/site.css:1: 'assets/site.css' would replace kbgen's own assets/ folder, {tail}",
        f"content/static/index.html:1: 'index.html' would replace the home page, {tail}",
        f"content/static/orders/cancel:1: 'orders/cancel' would replace the folder of the page /orders/cancel/, {tail}",
        f"content/static/orders/index.html:1: 'orders/index.html' would replace the page /orders/, {tail}",
    ]


def test_links_to_folders_or_out_of_the_content_are_refused(make_project, tmp_path: Path) -> None:
    content = make_project({"static/CNAME": "help.example.org\n"})
    (tmp_path / "secret.txt").write_text("not for the site", encoding="utf-8")
    os.symlink(tmp_path / "secret.txt", content / "static" / "secret.txt")
    os.symlink(content / "static", content / "static" / "again")
    refused = "a link to a folder or to outside the content folder: static/ publishes its own files"
    assert errors(content) == [f"content/static/again:1: {refused}", f"content/static/secret.txt:1: {refused}"]
