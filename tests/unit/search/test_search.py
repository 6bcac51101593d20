"""The search index (kbgen/search/: documents, index builder, shards) and, in Chromium, the search box and page.

`fixture_help_center` is also what tests/js/search.test.js indexes (through
`python3 -c`), so both sides test one fixture.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping

import pytest

from kbgen.load.vocabulary import shop_vocabulary
from kbgen.model import Carrier, HelpCenter, Question, Section, Site
from kbgen.search import documents, packing, shards
from kbgen.search.documents import FIELDS, collect_docs, doc_url
from kbgen.search.index import build_index
from kbgen.search.shards import DEFAULT_LIMITS, INDEX_PATH, SearchLimits, build_search_files
from kbgen.search.stemmer import porter_js
from kbgen.search.text import APOSTROPHES, fold_text, html_to_text
from kbgen.urls import content_hash
from tests.support.lunr_index import plain_index
from tests.support.lunr_reference import reference_index


def question(slug: str, text: str, answer_html: str, tags: tuple[str, ...] = ()) -> Question:
    """A question whose Markdown is irrelevant here."""
    return Question(slug=slug, question=text, answer_md="", answer_html=answer_html, tags=tags)


def fixture_help_center() -> HelpCenter:
    """A small help center with intros, tags, carriers, synonyms and non-ASCII text."""
    membership = Section(
        slug="membership",
        title="POP MART Membership",
        intro_html="<p>We’re updating some membership policies. Add your card to <strong>Apple Wallet</strong>.</p>",
        questions=(
            question(
                "points-validity",
                "How long are the points valid for?",
                "<p>Points are valid for 365 days and can’t be restored once expired.</p>",
                ("points", "expiry"),
            ),
            question(
                "delete-account",
                "How to delete the account?",
                "<p>Please contact customer service. You’ll lose your points 😢 when the account is deactivated.</p>",
                ("account",),
            ),
        ),
    )
    products = Section(
        slug="product-inquiry",
        title="Product Inquiry",
        questions=(
            question(
                "authenticity",
                "How can I verify the authenticity of my product?",
                "<p>Visit our verification website 👉 and enter the number on the holographic label.</p>"
                "<ol><li>Click “Verify”.</li><li>Done – it’s authentic.</li></ol>",
            ),
            question(
                "refund-after-unboxing",
                "Can I get a refund if I don’t like it after I unbox it?",
                "<p>Opened blind boxes are consumed, like a café voucher: we can’t accept returns.</p>",
                ("refund", "blind box"),
            ),
        ),
    )
    logistics = Section(
        slug="logistics",
        title="Common Logistics Providers",
        description="Which courier delivers your order.",
        questions=(
            question(
                "contact-your-carrier",
                "How to contact your delivery carrier",
                "<ul><li>UPS: starts with 1Z</li><li>USPS: starts with 420</li></ul>",
                ("carrier", "courier"),
            ),
        ),
    )
    carriers = (
        Carrier(name="UPS", prefixes=("1Z",), website="https://www.ups.com/track", example="1Z123456789"),
        Carrier(name="USPS", prefixes=("420",), website="https://tools.usps.com", example="420123456789"),
        Carrier(name="Cainiao", prefixes=("CNUS",), website="global.cainiao.com", example="CNUS123456789"),
    )
    site = Site(
        title="Test Help",
        contact_email="help@example.org",
        synonyms=(("refund", "return", "money back"), ("parcel", "package", "order")),
        vocabulary=shop_vocabulary(),
    )
    return HelpCenter(site=site, sections=(membership, products, logistics), carriers=carriers)


#: Strings whose folding must agree between fold_text and theme/static/js/search/fold.js.
FOLD_SAMPLES = (
    "Don’t ‘quote’ “double” can't it`s ʼokina",
    "Café CRÈME brûlée naïve Ångström",
    "👉 Click “Verify” ✅ 👍🏽 family: 👨‍👩‍👧",
    "①Click ② ③ ½ x² ﬁnal ﬂow straße ẞ",
    "İstanbul ΣΊΣΥΦΟΣ Ὀδυσσεύς",
    "ПРИВЕТ мир — 日本語のテキスト 한국어 العربية مَرحبا हिन्दी",
    "1Z-999 AA1\u00a0U.S.\u2009e.g.\u200bzero\u200dwidth\ttab\nline",
    "𝐁𝐨𝐥𝐝 𝔉𝔯𝔞𝔨𝔱𝔲𝔯 𠀀𠀁 a_b",
)


def generated_help_center(questions: int = 150) -> HelpCenter:
    """A generated help center (tests/support/corpus.py), big enough to split into many shards."""
    from tests.support.corpus import generate_help_center

    return generate_help_center(questions, seed=3)


def node_fixtures() -> dict:
    """What tests/js/search.test.js checks the search scripts against, computed by Python."""
    import random

    from lunr.stop_word_filter import WORDS

    from tests.support.corpus import make_queries

    fixture = fixture_help_center()
    generated = generated_help_center()
    out: dict = {
        "fixture": _index_set(fixture),
        # a shard per term: terms with the same postings share a shard file
        "fixtureSplit": _index_set(fixture, SearchLimits(inline_text=0, shard_postings=1, vocabulary_block=2)),
        "generated": {
            **_index_set(generated, SearchLimits(inline_text=0, shard_postings=250, vocabulary_block=64)),
            "queries": make_queries(generated, 150),
        },
        "folds": {text: fold_text(text) for text in FOLD_SAMPLES},
    }
    words = {word for text in FOLD_SAMPLES for word in fold_text(text).split()}
    words |= {word for doc in collect_docs(fixture)[1] for word in fold_text(doc.text + " " + doc.title).split()}
    from kbgen.load.loader import load_help_center
    from tests.conftest import CONTENT

    shipped, _ = load_help_center(CONTENT)
    out["content"] = _index_set(shipped)
    out["contentSplit"] = _index_set(shipped, SearchLimits(inline_text=0, shard_postings=100, vocabulary_block=16))
    words |= {word for doc in collect_docs(shipped)[1] for word in fold_text(doc.text + " " + doc.title).split()}
    rng = random.Random(7)
    letters = "aeiouybcdlmnrstyzgp"
    words |= {"".join(rng.choice(letters) for _ in range(rng.randint(1, 12))) for _ in range(3000)}
    out["stems"] = {word: porter_js(word) for word in sorted(words)}
    out["stopWords"] = sorted(WORDS)
    values = [rng.uniform(0, 40) for _ in range(2000)] + [odd / 16 for odd in range(1, 400, 2)]
    out["rounds"] = [[value, round(value, 3)] for value in values]
    return out


def _index_set(hc: HelpCenter, limits: SearchLimits = DEFAULT_LIMITS) -> dict:
    """The transport of `hc` (index and parts), and the plain lunr index it must answer like."""
    sections, docs = collect_docs(hc)
    plain = json.loads(shards.to_json_bytes(plain_index(build_index(sections, docs))))
    transport = shards.search_transport(hc, limits)
    index = json.loads(shards.to_json_bytes(transport.index))
    parts = {name: json.loads(data) for name, data in transport.parts.items()}
    return {"index": index, "parts": parts, "plain": plain, "refs": [doc_url(sections, d) for d in docs]}


@pytest.fixture(scope="module")
def hc() -> HelpCenter:
    return fixture_help_center()


@pytest.fixture(scope="module")
def payload(hc: HelpCenter) -> dict:
    return shards.search_transport(hc).index


def refs_for(hc: HelpCenter, query: str) -> list[str]:
    """lunr.py's own answer to a query (lunr query syntax), on the plain serialization."""
    from lunr.index import Index

    sections, docs = collect_docs(hc)
    index = Index.load(plain_index(build_index(sections, docs)))
    return [result["ref"] for result in index.search(query)]


def test_small_help_centers_ship_one_file(hc: HelpCenter) -> None:
    files = build_search_files(hc)
    assert files.index[0] == INDEX_PATH == "search/index.json"  # not under assets/: never cached for good
    assert files.parts == ()


def test_bytes_are_deterministic_and_sorted(hc: HelpCenter) -> None:
    first = build_search_files(hc)
    again = build_search_files(fixture_help_center())
    assert first == again
    data = first.index[1]
    assert data.endswith(b"\n")
    assert (
        data
        == (json.dumps(json.loads(data), sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n").encode()
    )


def test_doc_store_has_what_results_show(payload: dict) -> None:
    sections = payload["sections"]
    rows = {f"{sections[row[0]][0]}/{row[1]}/" if row[1] else f"{sections[row[0]][0]}/": row for row in payload["docs"]}
    assert set(rows) == {
        "membership/",
        "membership/points-validity/",
        "membership/delete-account/",
        "product-inquiry/authenticity/",
        "product-inquiry/refund-after-unboxing/",
        "logistics/contact-your-carrier/",
        "track/",
    }
    assert rows["membership/points-validity/"][2] == "How long are the points valid for?"
    assert rows["membership/points-validity/"][3] == "points expiry"
    assert sections[rows["track/"][0]] == ["track", documents.TRACK_SECTION]
    position = list(rows).index("membership/points-validity/")
    assert payload["text"][position].startswith("Points are valid for 365 days")
    assert list(rows) == sorted(rows), "documents are sorted by URL"


def test_popular_questions_are_each_sections_first(payload: dict) -> None:
    titles = [payload["docs"][i][2] for i in payload["popular"]]
    assert titles == [
        "How long are the points valid for?",
        "How can I verify the authenticity of my product?",
        "How to contact your delivery carrier",
    ]


def test_synonyms_ship_folded(payload: dict) -> None:
    from kbgen.search.shards import unpack_synonyms

    # the site's groups first, then the shipped vocabulary's that can match (tests/unit/search/test_search_vocabulary.py)
    assert unpack_synonyms(payload["synonyms"])[:2] == [
        [["refund"], ["return"], ["money", "back"]],
        [["parcel"], ["package"], ["order"]],
    ]


def test_tokenizer_settings_ship_in_the_index(payload: dict) -> None:
    assert payload["normalize"] == {"apostrophes": APOSTROPHES}
    assert payload["pipeline"] == {"index": ["stopWordFilter", "stemmer"], "search": ["stemmer"]}
    assert payload["fields"] == [list(field) for field in FIELDS]


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Don’t", "dont"),
        ("can't log in", "cant log in"),
        ("Café CRÈME", "cafe creme"),
        ("👉 Click “Verify”!", "click verify"),
        ("1Z-999 AA1", "1z 999 aa1"),
        ("U.S. orders over $199", "u s orders over 199"),
        ("①Click", "1click"),
        ("ﬁnal straße", "final straße"),
        ("na.support@popmart.com", "na support popmart com"),
        ("ПРИВЕТ мир", "привет мир"),
        ("snake_case\u00a0and\u200bjoin", "snake case and join"),
        ("", ""),
    ],
)
def test_fold_text(text: str, folded: str) -> None:
    assert fold_text(text) == folded


def test_fold_text_leaves_only_letters_numbers_and_single_spaces() -> None:
    sample = "".join(chr(c) for c in range(0x20, 0x3000) if unicodedata.category(chr(c))[0] != "C")
    for word in fold_text(sample).split(" "):
        assert word
        assert all(unicodedata.category(char)[0] in "LN" for char in word), word


def test_html_to_text_separates_elements() -> None:
    assert html_to_text("<ul><li>UPS</li><li>USPS &amp; DHL</li></ul><p>x<br>y</p>") == "UPS USPS & DHL x y"


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("day", "day"),
        ("days", "day"),
        ("try", "tri"),
        ("always", "alway"),
        ("buy", "buy"),
        ("authenticity", "authent"),
        ("membership", "membership"),
        ("shipping", "ship"),
        ("delivery", "deliveri"),
        ("policies", "polici"),
        ("yelling", "yell"),
        ("relational", "relat"),
        ("ab", "ab"),
    ],
)
def test_stemmer_is_lunr_js(word: str, stem: str) -> None:
    assert porter_js(word) == stem


def test_terms_are_numbered_in_sorted_order(hc: HelpCenter) -> None:
    sections, docs = collect_docs(hc)
    plain = plain_index(build_index(sections, docs))
    terms = [term for term, _ in plain["invertedIndex"]]
    assert terms == sorted(terms)
    assert [posting["_index"] for _, posting in plain["invertedIndex"]] == list(range(len(terms)))
    assert plain["pipeline"] == ["stemmer"]


def _shipped() -> HelpCenter:
    from kbgen.load.loader import load_help_center
    from tests.conftest import CONTENT

    return load_help_center(CONTENT)[0]


@pytest.mark.parametrize("which", ["fixture", "shipped", "generated"])
def test_index_is_lunr_py_builders_byte_for_byte(which: str) -> None:
    """The direct index equals what lunr.py's Builder makes of the same documents."""
    hc = {"fixture": fixture_help_center, "shipped": _shipped, "generated": generated_help_center}[which]()
    sections, docs = collect_docs(hc)
    ours = shards.to_json_bytes(plain_index(build_index(sections, docs)))
    assert ours == shards.to_json_bytes(reference_index(sections, docs))


@pytest.mark.parametrize(
    ("query", "url"),
    [
        ("authenticity", "product-inquiry/authenticity/"),
        ("membership policy Apple Wallet", "membership/"),
        ("UPS", "track/"),
        ("Cainiao", "track/"),
        ("expiry", "membership/points-validity/"),
        ("cafe", "product-inquiry/refund-after-unboxing/"),
        ("dont", "product-inquiry/refund-after-unboxing/"),
        ("courier", "logistics/contact-your-carrier/"),
    ],
)
def test_lunr_py_index_answers(hc: HelpCenter, query: str, url: str) -> None:
    assert url in refs_for(hc, query)[:3]


def test_stop_words_and_emoji_are_not_terms(hc: HelpCenter) -> None:
    sections, docs = collect_docs(hc)
    terms = set(build_index(sections, docs).terms)
    assert not terms & {"the", "you", "and", "can", ""}
    assert not any(re.search(r"[^\w]", term) for term in terms)


def _numbers(text: str) -> list[int]:
    alphabet = {char: value for value, char in enumerate(packing.VLQ_ALPHABET)}
    out, value, shift = [], 0, 0
    for char in text:
        digit = alphabet[char]
        value += (digit & 31) << shift
        shift += 5
        if not digit & 32:
            out.append(value)
            value = shift = 0
    return out


def _front_decode(text: str) -> list[str]:
    terms, previous = [], ""
    for item in text.split(" ") if text else []:
        length = next(i for i, char in enumerate(item) if packing.VLQ_ALPHABET.index(char) < 32) + 1
        shared = _numbers(item[:length])[0]
        previous = previous[:shared] + item[length:]
        terms.append(previous)
    return terms


def _vocabulary(index: dict, parts: Mapping[str, bytes]) -> list[str]:
    """A split index's whole vocabulary, from its blocks (`parts` by the names the head gives)."""
    vocab = index["vocab"]
    blocks = [_front_decode(json.loads(parts[f"words/{name}.json"])) for name in vocab["files"].split(" ")]
    assert [block[0] for block in blocks] == _front_decode(vocab["firsts"])
    assert [len(block) for block in blocks] == _numbers(vocab["counts"])
    return [term for block in blocks for term in block]


@pytest.fixture(scope="module")
def split() -> tuple[HelpCenter, shards.Transport]:
    hc = generated_help_center()
    return hc, shards.search_transport(hc, SearchLimits(inline_text=0))


def test_large_help_centers_split_into_shards_and_document_files(split) -> None:
    hc, transport = split
    index = transport.index
    assert "text" not in index
    sections, docs = collect_docs(hc)
    built = build_index(sections, docs)
    assert _vocabulary(index, transport.parts) == list(built.terms)
    assert len(index["vocab"]["files"].split(" ")) > 1
    assert index["alphabet"] == "".join(sorted(set("".join(built.terms))))
    assert index["totals"] == [sum(per_doc) for per_doc in built.lengths]
    # the answer's lengths are listed; the other fields' travel with their postings
    listed = [name in shards.HEAD_LENGTHS for name, _ in FIELDS]
    assert [lengths is not None for lengths in index["lengths"]] == listed == [False, False, False, True]
    low, high = index["lengths"][3].split(" ")
    assert [packing.VLQ_ALPHABET.index(char) for char in low] == [length % 32 for length in built.lengths[3]]
    assert _numbers(high) == [length // 32 for length in built.lengths[3]]
    firsts = [first for first, _ in index["shards"]]
    assert firsts[0] == 0 and firsts == sorted(firsts) and len(firsts) > 1
    # every field's postings, decoded from the shards, are the index's term frequencies (and lengths)
    decoded: list[list[dict[str, int]]] = [[{} for _ in docs] for _ in FIELDS]
    for first, name in index["shards"]:
        shard = json.loads(transport.parts[name])
        terms = built.terms[first : first + shard["count"]]
        for field, (counts, gaps, tfs, *lengths) in enumerate(shard["fields"]):
            assert len(lengths) == (0 if listed[field] else 1)
            gaps_iter, tfs_iter = iter(_numbers(gaps)), iter(_numbers(tfs))
            lengths_iter = iter(_numbers(lengths[0]) if lengths else [])
            for term, count in zip(terms, _numbers(counts), strict=True):
                doc = -1
                for _ in range(count):
                    doc += next(gaps_iter) + 1
                    decoded[field][doc][term] = next(tfs_iter) + 1
                    if lengths:
                        assert next(lengths_iter) == built.lengths[field][doc]
    assert decoded == built.frequencies()
    assert sum(shard["count"] for shard in map(json.loads, transport.parts.values()) if isinstance(shard, dict)) == len(
        built.terms
    )
    per, group, groups = index["docs"]["per"], index["docs"]["files"], index["docs"]["groups"]
    rows = [
        row
        for number in range(-(-len(docs) // per))
        for row in json.loads(transport.parts[f"docs/{groups[number // group]}-{number}.json"])
    ]
    assert [doc_url(sections, docs[i]) for i in range(len(rows))] == list(built.refs)
    assert [row[2] for row in rows] == [doc.title for doc in docs]
    assert len(groups) == -(-len(docs) // (per * group)) > 1


def test_part_names_change_with_their_bytes(split) -> None:
    _, transport = split
    groups: dict[str, list[tuple[int, bytes]]] = {}
    for name, data in transport.parts.items():
        kind, file = name.split("/")
        if kind in ("terms", "words"):
            assert file == f"{content_hash(data)}.json"
        else:
            group, number = file.removesuffix(".json").split("-")
            groups.setdefault(group, []).append((int(number), data))
    assert list(groups) == transport.index["docs"]["groups"]
    for group, files in groups.items():
        assert group == content_hash(b"".join(data for _, data in sorted(files)))


#: First-query budget of the shipped help center: lunr.min.js plus index.json, gzipped.
SHIPPED_BUDGET = 15 * 1024


def test_shipped_search_fits_the_first_query_budget() -> None:
    import gzip

    from tests.conftest import REPO

    files = build_search_files(_shipped())
    assert files.parts == (), "the shipped help center is small enough to ship inline"
    lunr_js = (REPO / "theme" / "node_modules" / "lunr" / "lunr.min.js").read_bytes()
    total = len(gzip.compress(files.index[1], 9, mtime=0)) + len(gzip.compress(lunr_js, 9, mtime=0))
    assert total <= SHIPPED_BUDGET, f"{total} bytes gzipped: see bench/search_bench.py"


def test_vlq() -> None:
    assert [packing.vlq(n) for n in (0, 1, 31, 32, 1000)] == ["A", "B", "f", "gB", "of"]


# --- in Chromium, on the built shipped site --------------------------------------------
