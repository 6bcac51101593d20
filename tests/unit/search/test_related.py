"""Related questions (kbgen/search/related.py): deterministic, never the question itself, from any section."""

from __future__ import annotations

import dataclasses
import time

import pytest

from kbgen.model import Carrier, HelpCenter, Question, Section, Site
from kbgen.search import related
from kbgen.search.documents import collect_docs
from kbgen.search.index import build_index
from kbgen.search.related import related_for, related_questions


@pytest.fixture(autouse=True, params=["loops", "arrays"])
def computed_by(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every test twice: candidates from related.py's Python loops, and from related_arrays.py's numpy."""
    monkeypatch.setattr(related, "ARRAYS_FROM", 0 if request.param == "arrays" else 10**9)
    return request.param


def question(slug: str, text: str, answer: str, tags: tuple[str, ...] = ()) -> Question:
    """A question whose answer is one paragraph."""
    return Question(slug=slug, question=text, answer_md=answer, answer_html=f"<p>{answer}</p>", tags=tags)


def help_center(*sections: Section) -> HelpCenter:
    return HelpCenter(Site(title="Help"), sections)


@pytest.fixture(scope="module")
def shipped() -> HelpCenter:
    from kbgen.load.loader import load_help_center
    from tests.conftest import CONTENT

    hc, _ = load_help_center(CONTENT)
    return hc


@pytest.fixture(scope="module")
def shipped_related(shipped: HelpCenter) -> dict[str, tuple[str, ...]]:
    return related_for(shipped)


def test_every_question_gets_three_to_five_other_questions(shipped, shipped_related) -> None:
    urls = {f"{s.slug}/{q.slug}/" for s in shipped.sections for q in s.questions}
    assert set(shipped_related) == urls  # every question, and no section intro or the track page
    for url, picks in shipped_related.items():
        assert 3 <= len(picks) <= 5, (url, picks)
        assert url not in picks
        assert len(set(picks)) == len(picks)
        assert set(picks) <= urls, picks


def test_the_same_content_gives_the_same_picks_in_any_order(shipped, shipped_related) -> None:
    assert related_for(shipped) == shipped_related
    # sections and questions read in another order: the documents are sorted by URL, so nothing changes
    shuffled = dataclasses.replace(
        shipped,
        sections=tuple(dataclasses.replace(s, questions=s.questions[::-1]) for s in reversed(shipped.sections)),
    )
    assert related_for(shuffled) == shipped_related


def test_picks_come_from_any_section(shipped_related) -> None:
    crossing = [
        url for url, picks in shipped_related.items() if any(p.split("/")[0] != url.split("/")[0] for p in picks)
    ]
    assert len(crossing) >= len(shipped_related) // 2
    # unboxing online (POP NOW) and opening a blind box (returns) are one shopper's question
    assert shipped_related["pop-now/refund-after-unboxing/"][0] == "return-and-replacement/return-after-opening/"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("membership/points-validity/", {"membership/review-points/", "membership/offline-points/"}),
        (
            "buy-from-store/remote-return/",
            {"buy-from-store/store-return-policy/", "return-and-replacement/defective-figurine/"},
        ),
        ("product-inquiry/restock/", {"product-inquiry/sold-out/"}),
        ("order-inquiry/change-address/", {"order-inquiry/cancel-order/", "membership/add-address/"}),
        ("troubleshooting/high-risk-detected/", {"troubleshooting/unusual-activity/"}),
    ],
)
def test_shipped_picks_a_shopper_would_follow(shipped_related, url: str, expected: set[str]) -> None:
    picks = shipped_related[url]
    assert expected <= set(picks[: len(expected)]), picks


def test_a_question_in_another_section_that_shares_the_rare_words_comes_first() -> None:
    hc = help_center(
        Section(
            slug="shipping",
            title="Shipping",
            questions=(
                question(
                    "labubu-delay", "Why is my Labubu keychain late?", "Labubu keychains ship from the warehouse."
                ),
                question("parcel-lost", "My parcel is lost", "Ask the carrier to trace the parcel."),
                question("express", "Do you ship express?", "Express shipping takes two days."),
            ),
        ),
        Section(
            slug="products",
            title="Products",
            questions=(
                question("labubu-keychain", "Is the Labubu keychain real?", "Every Labubu keychain has a code."),
                question("sizes", "What sizes are there?", "Figures come in three sizes."),
            ),
        ),
    )
    assert related_for(hc)["shipping/labubu-delay/"][0] == "products/labubu-keychain/"


def test_equal_scores_prefer_the_question_s_own_section_then_url_order() -> None:
    twin = "Gift wrapping is free for every order."
    hc = help_center(
        Section(
            slug="a-other",
            title="Other",
            questions=(question("wrap", "Can you wrap a gift?", twin), question("z", "Zebra?", "Stripes.")),
        ),
        Section(
            slug="b-orders",
            title="Orders",
            questions=(
                question("gift", "Gift wrapping?", "Gift wrapping is free for every order."),
                question("wrap", "Can you wrap a gift?", twin),
                question("y", "Yak?", "Fur."),
            ),
        ),
    )
    related = related_for(hc)
    # both copies score alike for b-orders/gift: its own section's copy first
    assert related["b-orders/gift/"][:2] == ("b-orders/wrap/", "a-other/wrap/")


def test_a_question_like_no_other_is_given_its_section_neighbours() -> None:
    hc = help_center(
        Section(
            slug="misc",
            title="Misc",
            questions=(
                question("alpha", "Alpha?", "Aardvark."),
                question("beta", "Beta?", "Bison."),
                question("gamma", "Gamma?", "Camel."),
                question("delta", "Delta?", "Dingo."),
            ),
        ),
        Section(slug="more", title="More", questions=(question("omega", "Omega?", "Ocelot."),)),
    )
    related = related_for(hc)
    # the section's questions after it in URL order, wrapping round; then the help center's first
    assert related["misc/beta/"] == ("misc/delta/", "misc/gamma/", "misc/alpha/")
    assert related["more/omega/"] == ("misc/alpha/", "misc/beta/", "misc/delta/")


def test_a_fourth_and_fifth_only_when_nearly_as_like_as_the_best() -> None:
    shared = "Refund to the card within five days."
    questions = [question(f"q{n}", f"Refund question {n}?", shared) for n in range(7)]
    questions.append(question("other", "Opening hours?", "Stores open at ten. Refund desks close at six."))
    hc = help_center(Section(slug="s", title="S", questions=tuple(questions)))
    sections, docs = collect_docs(hc)
    built = build_index(sections, docs)
    assert len(related_questions(sections, docs, built)["s/q0/"]) == 5
    assert len(related_questions(sections, docs, built, keep=1.01)["s/q0/"]) == 3
    assert related_questions(sections, docs, built, most=4)["s/q0/"] == ("s/q1/", "s/q2/", "s/q3/", "s/q4/")


def test_section_intros_and_the_track_page_are_never_picked() -> None:
    hc = help_center(
        Section(
            slug="track-help",
            title="Tracking",
            intro_html="<p>UPS tracking numbers and carrier help.</p>",
            questions=(
                question("ups", "Where is my UPS parcel?", "UPS tracking numbers start with 1Z."),
                question("dhl", "Where is my DHL parcel?", "DHL numbers have ten digits."),
            ),
        ),
    )
    hc = dataclasses.replace(
        hc, carriers=(Carrier(name="UPS", prefixes=("1Z",), website="https://ups.example", example="1Z999"),)
    )
    related = related_for(hc)
    assert set(related) == {"track-help/ups/", "track-help/dhl/"}
    assert related["track-help/ups/"] == ("track-help/dhl/",)  # the only other question


def test_questions_without_a_weighted_term_are_given_their_section_neighbours() -> None:
    hc = help_center(
        Section(
            slug="s",
            title="S",
            questions=(question("a", "?", "The."), question("b", "?", "A."), question("c", "?", "It.")),
        )
    )
    assert related_for(hc) == {"s/a/": ("s/b/", "s/c/"), "s/b/": ("s/c/", "s/a/"), "s/c/": ("s/a/", "s/b/")}


@pytest.mark.slow
def test_ten_thousand_questions_take_seconds_not_minutes() -> None:
    from tests.support.corpus import generate_help_center

    hc = generate_help_center(10_000)
    sections, docs = collect_docs(hc)
    built = build_index(sections, docs)
    started = time.process_time()
    related = related_questions(sections, docs, built)
    took = time.process_time() - started
    assert len(related) == 10_000
    # all pairs would take minutes; a shared, loaded machine gets several times the 3-4 s it takes alone
    assert took < 30, took
