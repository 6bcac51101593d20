"""Dates and journeys at load (kbgen/load/schedule.py): notices, publish/expire, related links, recent, promoted."""

from __future__ import annotations

import datetime as dt

import pytest

from kbgen.errors import ContentError, KbgenError
from kbgen.load.loader import load_help_center
from kbgen.load.schedule import in_window, today

#: 2026-06-15 00:00:00 UTC
JUNE_15 = str(int(dt.datetime(2026, 6, 15, tzinfo=dt.timezone.utc).timestamp()))
SECTION = "sections/01-orders/_section.yaml"
OTHER = "sections/01-orders/02-refund.md"


def _errors(make_project, files: dict[str, str]) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_help_center(make_project(files))
    return [str(problem) for problem in caught.value.problems if not problem.warning]


@pytest.fixture
def june_15(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", JUNE_15)


def test_today_is_source_date_epoch_in_utc_else_the_clock() -> None:
    assert today({"SOURCE_DATE_EPOCH": JUNE_15}) == dt.date(2026, 6, 15)
    assert today({"SOURCE_DATE_EPOCH": str(int(JUNE_15) + 86_399)}) == dt.date(2026, 6, 15)
    assert today({}) == dt.date.today()
    with pytest.raises(KbgenError, match="SOURCE_DATE_EPOCH must be a whole number"):
        today({"SOURCE_DATE_EPOCH": "tomorrow"})


def test_a_window_includes_both_of_its_days() -> None:
    day = dt.date(2026, 6, 15)
    assert in_window(day, day, day)
    assert in_window(day, None, None)
    assert not in_window(day, dt.date(2026, 6, 16), None)
    assert not in_window(day, None, dt.date(2026, 6, 14))


def test_a_section_notice_inside_its_window_is_in_the_model(make_project, june_15) -> None:
    section = (
        "title: Orders\nnotice:\n  text: Parcels are **late** this week.\n  from: 2026-06-01\n  until: 2026-06-15\n"
    )
    hc, _ = load_help_center(make_project({SECTION: section}))
    notice = hc.sections[0].notice
    assert notice is not None and "<strong>late</strong>" in notice.html
    assert (notice.starts, notice.until) == (dt.date(2026, 6, 1), dt.date(2026, 6, 15))
    assert hc.notes == ()


def test_an_ended_notice_is_left_out_with_one_note(make_project, june_15) -> None:
    site = "title: Test Help\nnotice:\n  text: Closed for the holidays.\n  until: 2026-06-14\n"
    hc, _ = load_help_center(make_project({"site.yaml": site}))
    assert hc.site.notice is None
    assert len(hc.notes) == 1
    assert hc.notes[0].endswith("site.yaml:3: notice left out: it ended on 2026-06-14 (remove it)")


def test_a_notice_not_started_yet_is_left_out_quietly(make_project, june_15) -> None:
    site = "title: Test Help\nnotice:\n  text: New returns policy.\n  from: 2026-07-01\n"
    hc, _ = load_help_center(make_project({"site.yaml": site}))
    assert hc.site.notice is None and hc.notes == ()


@pytest.mark.parametrize(
    ("notice", "message"),
    [
        (
            "  text: Hi\n  from: 2026-07-01\n  until: 2026-06-01\n",
            ":5: notice 'until' (2026-06-01) is before its 'from'",
        ),
        ("  text: Hi\n  until: next week\n", ":4: 'until' must be a date (YYYY-MM-DD), not 'next week'"),
        ("  from: 2026-07-01\n", ":3: missing required key 'text'"),
        ("  text: Hi\n  till: 2026-07-01\n", ":4: unknown key 'till' (did you mean 'until'?)"),
        ("  text: See [the refund](02-nowhere.md).\n", ":3: link to '02-nowhere.md' does not resolve"),
    ],
)
def test_a_notice_s_mistakes_are_reported_at_their_line(make_project, notice: str, message: str) -> None:
    errors = _errors(make_project, {SECTION: "title: Orders\nnotice:\n" + notice})
    assert any(SECTION in error and message in error for error in errors), errors


def test_questions_outside_their_dates_are_left_out_and_listed(make_project, june_15) -> None:
    content = make_project(
        {
            OTHER: "---\nquestion: Refund?\npublish: 2026-07-01\n---\nSoon.\n",
            "sections/01-orders/03-old.md": "---\nquestion: Old?\nexpire: 2026-06-15\n---\nGone.\n",
            "sections/01-orders/04-live.md": "---\nquestion: Live?\npublish: 2026-06-15\nexpire: 2026-06-16\n---\nHere.\n",
        }
    )
    hc, _ = load_help_center(content)
    assert [q.slug for q in hc.sections[0].questions] == ["cancel", "live"]
    assert [(item.url, item.why) for item in hc.unpublished] == [
        ("orders/refund/", "not published until 2026-07-01"),
        ("orders/old/", "expired on 2026-06-15"),
    ]
    assert [note.split(": ", 1)[1] for note in hc.notes] == [
        "left out of this build: not published until 2026-07-01",
        "left out of this build: expired on 2026-06-15",
    ]


def test_an_expire_date_not_after_publish_is_an_error(make_project) -> None:
    errors = _errors(
        make_project, {OTHER: "---\nquestion: Refund?\npublish: 2026-07-01\nexpire: 2026-07-01\n---\nA.\n"}
    )
    assert any(f"{OTHER}:4: 'expire' (2026-07-01) is not after 'publish' (2026-07-01)" in error for error in errors)


def test_related_links_name_questions_by_file_or_site_path(make_project) -> None:
    content = make_project(
        {
            OTHER: "---\nquestion: Refund?\nrelated: [01-cancel.md, /shipping/late/]\n---\nA.\n",
            "sections/02-shipping/_section.yaml": "title: Shipping\n",
            "sections/02-shipping/01-late.md": "---\nquestion: Late?\nrelated: [../01-orders/02-refund.md]\n---\nB.\n",
        }
    )
    hc, _ = load_help_center(content)
    refund = hc.sections[0].questions[1]
    assert refund.related == ("orders/cancel/", "shipping/late/")
    assert hc.sections[1].questions[0].related == ("orders/refund/",)
    assert hc.sections[0].questions[0].related == ()  # none named: picked at render


@pytest.mark.parametrize(
    ("related", "message"),
    [
        ("[01-cancle.md]", "related link '01-cancle.md' does not lead to a question"),
        ("[/orders/]", "related link '/orders/' does not lead to a question"),
        ("[01-cancel.md, /orders/cancel/]", "related link '/orders/cancel/' is listed twice"),
        ("[3]", "every item of 'related' must be a question link"),
        ("[02-refund.md]", "related link '02-refund.md' leads to this question itself"),
        ("01-cancel.md", "'related' must be a list of question links, not '01-cancel.md'"),
    ],
)
def test_a_related_link_that_leads_nowhere_is_an_error_at_its_line(make_project, related: str, message: str) -> None:
    errors = _errors(make_project, {OTHER: f"---\nquestion: Refund?\nrelated: {related}\n---\nA.\n"})
    assert any(f"{OTHER}:3: {message}" in error for error in errors), errors


def test_a_related_link_to_a_question_left_out_by_its_dates_is_dropped(make_project, june_15) -> None:
    content = make_project(
        {
            OTHER: "---\nquestion: Refund?\nrelated: [01-cancel.md, 03-later.md]\n---\nA.\n",
            "sections/01-orders/03-later.md": "---\nquestion: Later?\npublish: 2027-01-01\n---\nB.\n",
        }
    )
    hc, _ = load_help_center(content)
    assert hc.sections[0].questions[1].related == ("orders/cancel/",)


def test_recent_lists_the_newest_dates_first_up_to_the_setting(make_project) -> None:
    questions = {
        f"sections/01-orders/0{n}-q{n}.md": f"---\nquestion: Q{n}?\nupdated: 2026-0{n}-01\n---\nA{n}.\n"
        for n in range(2, 8)
    }
    hc, _ = load_help_center(make_project({**questions, "site.yaml": "title: T\nrecent: 3\n"}))
    assert [q.slug for _, q in hc.recent()] == ["q7", "q6", "q5"]
    hc, _ = load_help_center(make_project({"site.yaml": "title: T\n"}))
    assert len(hc.recent()) == 5  # the default, of the six dated questions
    errors = _errors(make_project, {"site.yaml": "title: T\nrecent: -1\n"})
    assert any("site.yaml:2: 'recent' must be 0 or more, not -1" in error for error in errors)


def test_a_section_s_promoted_questions_come_in_content_order(make_project) -> None:
    content = make_project(
        {
            OTHER: "---\nquestion: Refund?\npromoted: true\n---\nA.\n",
            "sections/01-orders/03-late.md": "---\nquestion: Late?\n---\nB.\n",
            "sections/01-orders/04-lost.md": "---\nquestion: Lost?\npromoted: true\n---\nC.\n",
        }
    )
    hc, _ = load_help_center(content)
    assert [q.slug for q in hc.sections[0].promoted()] == ["refund", "lost"]


def test_an_answer_linking_to_a_question_left_out_is_warned_about(make_project, june_15) -> None:
    content = make_project(
        {
            OTHER: "---\nquestion: Refund?\n---\nSee [gift cards](03-later.md).\n",
            "sections/01-orders/03-later.md": "---\nquestion: Gift cards?\npublish: 2027-01-01\n---\nB.\n",
        }
    )
    _, warnings = load_help_center(content)
    expected = (
        ":2: warning: links to '/orders/later/', which is left out of this build (not published until 2027-01-01): "
        "the link would lead nowhere; remove it until the question is published"
    )
    assert [str(w).split(OTHER, 1)[1] for w in warnings] == [expected]
