"""Reading rules for FAQ pages of every age, each on a page written for the project (tests/data/import/)."""

from __future__ import annotations

import pytest

from kbgen.importer.readers.html.page import read_page
from tests.unit.importer.pages import DATA


def _read(name: str) -> list[tuple[str, list[tuple[str, str]]]]:
    faq = read_page((DATA / "import" / name).read_text(encoding="utf-8"))
    return [(s.title, [(q.question, q.answer) for q in s.questions]) for s in faq.sections]


def test_definition_lists_with_unclosed_terms_and_a_nested_list() -> None:
    assert _read("dl-unclosed.html") == [
        (
            "General",
            [
                ("What is a widget?", "A widget is a small gadget that sits on your desk.\n\nIt needs no batteries."),
                ("Where can I buy one?", "At any of our shops, or by mail order."),
            ],
        ),
        (
            "Care",
            [
                ("How do I clean my widget?", "Wipe it with a dry cloth."),
                ("Can I use water?", "Only a little, on a damp cloth."),  # the nested list's own question
                ("Does it need oiling?", "Once a year, one drop."),
            ],
        ),
    ]


INDEXES = {
    "an index that is itself a definition list": "dl-index.html",
    "bold topic labels and question links in one paragraph": "index-top.html",
    "topic headings each above a list of question links": "index-topics.html",
}


@pytest.mark.parametrize("page", INDEXES.values(), ids=INDEXES.keys())
def test_an_index_at_the_top_is_not_taken_for_questions_and_its_topics_file_the_entries(page: str) -> None:
    read = _read(page)
    questions = [q for _, found in read for q, _ in found]
    assert len(questions) == len(set(questions))  # each question once: the index's links are not entries
    assert [title for title, _ in read] in (["Ordering", "Care"], ["Buying", "Repairs"])
    assert all(len(found) >= 1 and all(answer for _, answer in found) for _, found in read)
    if page != "dl-index.html":
        assert read[0][1][0] == (
            "Which camera should I buy?",
            "That depends on what you photograph: ask us in the shop"
            + (" and bring your old photos." if page == "index-top.html" else "."),
        )
        assert [q for q, _ in read[1][1]] == ["How long does a repair take?", "Is a repair under warranty free?"]


CODE = {
    "headings": "code-answers.html",
    "bold paragraphs": "code-bold.html",
    "definition list": "code-dl.html",
}


@pytest.mark.parametrize("page", CODE.values(), ids=CODE.keys())
def test_answers_go_on_past_their_code_blocks(page: str) -> None:
    answers = dict(q for _, found in _read(page) for q in found)
    install = answers["How do I install the tool?"]
    assert install.startswith("Download the archive and unpack it:\n\n```\ntar xzf tool-1.0.tar.gz\n")
    assert install.endswith(("That is all.", "Then run `make install`."))
    assert answers["How do I check the version?"].endswith(("It prints the version and exits.", "read what it prints."))
    assert "```\ntool --version\n```" in answers["How do I check the version?"]


def test_one_entry_with_several_phrasings_is_named_after_the_first() -> None:
    faq = read_page((DATA / "import" / "phrasings.html").read_text(encoding="utf-8"))
    [section] = faq.sections
    first = section.questions[0]
    assert [q.question for q in section.questions] == ["How do I reset my password?", "How do I close my account?"]
    assert first.answer.startswith('Use the "Forgot password" link')
    assert first.tags == ["I forgot my password: what now?", "Can I change my password?"]  # search finds them
    assert (
        "line 4: 'How do I reset my password?' is also asked as 'I forgot my password: what now?', "
        "'Can I change my password?': kept as its tags"
    ) in faq.notes


PRINTER = [
    ("How do I load paper?", "Pull out the tray, fan the paper and put it in face down."),
    ("Why is the print faint?", "The toner is running out. Shake the cartridge gently, or put in a new one."),
    ("How do I clear a paper jam?", "Open the back cover and pull the sheet out slowly with both hands."),
]
NUMBERED = {
    "linked index, answers in unclosed items with paragraphs": "numbered-a.html",
    "linked index, answers in unclosed items after a line break": "numbered-b.html",
    "index without links, answers in unclosed items": "numbered-c.html",
}


@pytest.mark.parametrize("page", NUMBERED.values(), ids=NUMBERED.keys())
def test_a_numbered_index_then_a_numbered_list_of_unclosed_items(page: str) -> None:
    assert _read(page) == [("Printer questions", PRINTER)]


def test_numbered_bold_paragraphs_whose_number_or_question_is_split_across_elements() -> None:
    assert _read("numbered-bold.html") == [
        (
            "Restaurant questions",
            [
                ("How do I book a table?", "Call us, or use the form on the booking page."),
                ("Can I bring my dog?", "Yes, on the terrace."),
                ("Do you cater for allergies?", "Tell us when you book and the kitchen will plan your meal."),
                ("Is there parking near the restaurant?", "There is a car park behind the building."),
                ("Can I pay by card?", "All cards except American Express."),
            ],
        )
    ]
    assert [q for q, _ in _read("numbered-bold-inline.html")[0][1]] == [
        "How do I book a table?",
        "Can I bring my dog?",
        "Do you cater for allergies?",
    ]
