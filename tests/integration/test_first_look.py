"""An edit's first look in `kbgen serve` (kbgen/preview.py, kbgen/load/single.py): the edited question's page rendered
alone from the last build, as the whole build then writes it; anything else is left to the whole build."""

from __future__ import annotations

import http.client
import json
import threading
from pathlib import Path

import pytest

from kbgen.pipeline import BuildResult, build_site
from kbgen.preview import preview_pages
from kbgen.serve.server import DevServer

POINTS = Path("sections/01-membership/05-points-validity.md")
POINTS_PAGE = "membership/points-validity/index.html"
HEAD = "question: How long are the points valid for?\ntags: [points, expiry, validity]\n"


def build(content: Path, output: Path) -> BuildResult:
    return build_site(content, output, cache_dir=output.parent / "cache", keep_preview=True)


def rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_an_edited_question_is_shown_first_as_the_whole_build_writes_it(shipped_copy: Path, tmp_path: Path) -> None:
    output = tmp_path / "output"
    result = build(shipped_copy, output)
    assert result.preview is not None
    points = shipped_copy / POINTS
    rewrite(points, "365 days", "400 days, [as the policy says](../04-order-inquiry/02-cancel-order.md),")
    rewrite(points, "How long are the points valid for?", "How long do points last?")
    rewrite(points, "tags: [points, expiry, validity]", "tags: [points, expiry]\nupdated: 2026-01-02")
    pages = preview_pages(result.preview, [points])
    assert pages is not None and list(pages) == [POINTS_PAGE]
    assert b"400 days" in pages[POINTS_PAGE] and b"How long do points last?" in pages[POINTS_PAGE]
    build(shipped_copy, output)
    assert pages[POINTS_PAGE] == (output / POINTS_PAGE).read_bytes()


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (HEAD, HEAD + "slug: points-expiry\n"),  # a new URL
        (HEAD, HEAD + "aliases: [/points/]\n"),
        (HEAD, HEAD + "related: [../04-order-inquiry/02-cancel-order.md]\n"),  # picks weighed against the others
        (HEAD, HEAD + "expire: 2020-01-01\n"),  # out of the site
        ("promoted: true", "promoted: false"),
        ("365 days", "365 days, [see](../04-order-inquiry/no-such-question.md)"),  # a link only the whole build reports
        ("question:", "questoin:"),  # a mistake: the whole build reports it
    ],
)
def test_edits_only_the_whole_build_can_judge_get_no_first_look(
    shipped_copy: Path, tmp_path: Path, old: str, new: str
) -> None:
    result = build(shipped_copy, tmp_path / "output")
    assert result.preview is not None
    rewrite(shipped_copy / POINTS, old, new)
    assert preview_pages(result.preview, [shipped_copy / POINTS]) is None


def test_changes_other_than_question_edits_get_no_first_look(shipped_copy: Path, tmp_path: Path) -> None:
    result = build(shipped_copy, tmp_path / "output")
    assert result.preview is not None
    new = shipped_copy / "sections/01-membership/99-new.md"
    new.write_text("---\nquestion: Is this new?\n---\nYes.\n", encoding="utf-8")
    site_yaml = shipped_copy / "site.yaml"
    section = shipped_copy / "sections/01-membership/_section.yaml"
    for changed in ([new], [site_yaml], [section], [shipped_copy / POINTS, new], []):
        assert preview_pages(result.preview, changed) is None
    (shipped_copy / POINTS).unlink()
    assert preview_pages(result.preview, [shipped_copy / POINTS]) is None


def test_the_server_shows_the_first_look_while_the_whole_build_runs(
    shipped_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    server = DevServer(Path("content"), Path("output"), port=0)
    server.first_look_from = 1  # the shipped site is small: a first look only because this test asks
    assert server.rebuild().ok
    host, port = server.httpd.server_address[:2]

    def fetch(path: str) -> bytes:
        connection = http.client.HTTPConnection(host, port, timeout=10)
        try:
            connection.request("GET", path)
            return connection.getresponse().read()
        finally:
            connection.close()

    seen: list[tuple[bytes, dict]] = []
    whole_build = server._build

    def watched_build() -> BuildResult:  # the page and the state, as a tab sees them while the whole build runs
        seen.append((fetch("/membership/points-validity/"), json.loads(server.state().as_json())))
        return whole_build()

    monkeypatch.setattr(server, "_build", watched_build)
    serving = threading.Thread(target=server.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    serving.start()
    try:
        before = server.state().version
        rewrite(Path("content") / POINTS, "365 days", "400 days")
        outcome = server.rebuild({Path("content") / POINTS})
        assert outcome.ok
        ((page, state),) = seen
        assert b"400 days" in page and b"reload.js" in page  # the first look, served with the reload script
        assert state["ok"] and state["version"] != before  # open tabs were told to reload for it
        assert server.pages == {}  # the whole build's output is served from then on
        built = json.loads(server.state().as_json())
        assert built["version"] != state["version"]
        # the whole build wrote the page as the first look showed it: a tab showing that needs no second reload
        assert built["after"] == state["version"] and built["kept"] == ["/membership/points-validity/"]
        assert b"400 days" in fetch("/membership/points-validity/")
        # a change the first look cannot show: the tabs wait for the whole build alone
        seen.clear()
        version = server.state().version
        (Path("content") / POINTS).write_text("---\nquestion: Points?\nslug: points\n---\nAlways.\n", encoding="utf-8")
        assert server.rebuild({Path("content") / POINTS}).ok
        ((page, state),) = seen
        assert b"Always." not in page and state["version"] == version
        assert "after" not in json.loads(server.state().as_json())
    finally:
        server.httpd.shutdown()
        server.close()
