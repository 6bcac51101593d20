"""Fingerprints (kbgen/render/fingerprint.py): a digest is the same whatever was digested before it, and differs
whenever the value does."""

from __future__ import annotations

import dataclasses

from kbgen.model import Question, Section
from kbgen.render.fingerprint import Fingerprinter


def section() -> Section:
    questions = tuple(
        Question(slug=f"q{n}", question=f"Question {n}?", answer_md="A.", answer_html="<p>A.</p>") for n in range(4)
    )
    return Section(slug="s", title="S", questions=questions)


def context(chosen: Section, number: int) -> dict:
    """A question page's context, as render/pages.py gives one: the section, the question and its neighbours."""
    question = chosen.questions[number]
    others = [other for other in chosen.questions if other is not question]
    return {"section": chosen, "question": question, "in_section": others, "related": [("s", "S", others[0])]}


def test_a_digest_does_not_depend_on_what_the_printer_digested_before() -> None:
    shared = section()
    primed = Fingerprinter()
    first = [primed.digest(context(shared, number)) for number in range(4)]
    again = [primed.digest(context(shared, number)) for number in range(4)]
    fresh = [Fingerprinter().digest(context(shared, number)) for number in range(4)]
    copied = [Fingerprinter().digest(context(dataclasses.replace(shared), number)) for number in range(4)]
    assert first == again == fresh == copied
    assert len(set(first)) == 4


def test_a_digest_differs_when_any_part_of_the_value_does() -> None:
    shared = section()
    printer = Fingerprinter()
    before = printer.digest(context(shared, 0))
    edited = dataclasses.replace(shared.questions[2], answer_html="<p>B.</p>")
    changed = dataclasses.replace(shared, questions=(*shared.questions[:2], edited, shared.questions[3]))
    assert printer.digest(context(changed, 0)) != before
    assert printer.digest({**context(shared, 0), "notices": []}) != before
    assert printer.digest(["a", "b"]) != printer.digest(["ab"]) != printer.digest(("a", "b", ""))
    assert printer.digest({"a": "b"}) != printer.digest({"b": "a"})
    assert printer.digest({"a": 1, "b": 2}) == printer.digest({"b": 2, "a": 1})  # a dict's order does not render
