"""`kbgen check`: one fixture per kind of bad content, each with the exact `path:line: message` lines and exit code."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kbgen.cli import main

Q = "sections/01-orders/01-cancel.md"
S = "sections/01-orders/_section.yaml"
C = "content/"

CARRIERS_OK = """\
carriers:
  - name: UPS
    prefix: "1Z"
    website: "https://www.ups.com/track"
    track_url: "https://www.ups.com/track?tracknum={number}"
    example: "1Z123456789"
"""


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def check(content: Path, *args: str) -> tuple[int, list[str]]:
    """Run `kbgen check`; return the exit code and the problem lines (without Click's summary line)."""
    result = CliRunner().invoke(main, ["check", "--content", "content", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    lines = [line for line in result.stderr.splitlines() if not line.startswith("Error: ")]
    return result.exit_code, lines


def question(front: str, body: str = "Email us.\n") -> str:
    return f"---\n{front}---\n{body}"


# Each case: files written over the minimal project -> the exact lines `kbgen check` must print.
ERROR_CASES = {
    "nav links that lead nowhere": (
        {
            "site.yaml": (
                "title: Test Help\nnav:\n"
                "  - title: Orders\n    url: /orders/\n"
                "  - title: Track\n    url: /track/\n"
                "  - title: Shop\n    url: https://shop.example.org/\n"
                "  - title: Typo\n    url: /order/cancel/\n"
                "  - title: Relative\n    url: orders/\n"
                "  - title: Script\n    url: javascript:alert(1)\n"
            ),
            "carriers.yaml": CARRIERS_OK,  # the site has a /track/ page
        },
        [
            f"{C}site.yaml:10: nav link '/order/cancel/' is not a page of the site (did you mean '/orders/cancel/'?)",
            f"{C}site.yaml:12: nav url 'orders/' must be a site path like '/track/' or an https:// or mailto: address",
            (
                f"{C}site.yaml:14: nav url 'javascript:alert(1)' must be a site path like '/track/' "
                "or an https:// or mailto: address"
            ),
        ],
    ),
    "carrier_help that leads nowhere or off the site": (
        {"site.yaml": "title: Test Help\ncarrier_help: /orders/cancl/\n"},
        [f"{C}site.yaml:2: carrier_help '/orders/cancl/' is not a page of the site (did you mean '/orders/cancel/'?)"],
    ),
    "carrier_help that is no site path": (
        {"site.yaml": "title: Test Help\ncarrier_help: https://carrier.example.org/\n"},
        [f"{C}site.yaml:2: carrier_help 'https://carrier.example.org/' must be a site path like '/track/'"],
    ),
    "aliases that are not strings, said once each": (
        {
            Q: question("question: How do I cancel?\naliases: [old-cancel, 3]\n"),
            S: "title: Orders\naliases: [[nested]]\n",
        },
        [
            f"{C}{Q}:3: every item of 'aliases' must be a non-empty string",
            f"{C}{S}:2: every item of 'aliases' must be a non-empty string",
        ],
    ),
    "yaml syntax error in front matter": (
        {Q: question("question: How do I cancel?\ntags: [cancel\n")},
        [
            f"{C}{Q}:3: YAML syntax error: expected ',' or ']', but got '<stream end>' (column 14)",
        ],
    ),
    "an unclosed quote, at the line it opens": (
        {
            Q: question('question: "How do I cancel?\ntags: [cancel]\n'),
            S: "title: 'Orders\ndescription: About orders\n",
        },
        [
            (
                f'{C}{Q}:2: YAML syntax error: the " at column 11 opens a quoted value that is never closed: end the value '
                'with "'
            ),
            (
                f"{C}{S}:1: YAML syntax error: the ' at column 8 opens a quoted value that is never closed: end the value "
                "with '"
            ),
        ],
    ),
    "yaml syntax error in a yaml file": (
        {S: "title: Orders\ndescription: Orders: shipping and more\n"},
        [
            (
                f"{C}{S}:2: YAML syntax error: mapping values are not allowed here (column 20); "
                "a value that contains ': ' must be put in quotes"
            ),
        ],
    ),
    "tab indentation": (
        {"site.yaml": "title: Test Help\ncontact:\n\temail: help@example.org\n"},
        [
            (
                f"{C}site.yaml:3: YAML syntax error: found character '\\t' that cannot start any token (column 1); "
                "indent with spaces, not tabs"
            )
        ],
    ),
    "not utf-8": (
        {Q: "---\nquestion: How do I cancel?\n---\nEmail us at café.\n".encode("latin-1")},
        [f"{C}{Q}:4: file is not UTF-8 (byte 0xe9)"],
    ),
    "empty file": (
        {Q: ""},
        [f"{C}{Q}:1: file is empty"],
    ),
    "no front matter": (
        {Q: "How do I cancel?\n\nEmail us.\n"},
        [f"{C}{Q}:1: missing front matter: the file must start with a '---' line"],
    ),
    "front matter not closed": (
        {Q: "---\nquestion: How do I cancel?\nEmail us.\n"},
        [f"{C}{Q}:1: front matter is not closed: add a '---' line after it"],
    ),
    "missing required keys": (
        {S: "description: About orders\n", Q: question("tags: [cancel]\n")},
        [
            f"{C}{Q}:2: missing required key 'question'",
            f"{C}{S}:1: missing required key 'title'",
        ],
    ),
    "wrong types": (
        {Q: question("question: How do I cancel?\ntags: cancel\nupdated: next week\n")},
        [
            f"{C}{Q}:3: 'tags' must be a list, not 'cancel'",
            f"{C}{Q}:4: 'updated' must be a date (YYYY-MM-DD), not 'next week'",
        ],
    ),
    "impossible date": (
        {Q: question("question: How do I cancel?\nupdated: 2025-13-01\n")},
        [f"{C}{Q}:3: '2025-13-01' is not a valid date (month must be in 1..12): write it as YYYY-MM-DD"],
    ),
    "unknown key with hint": (
        {Q: question("question: How do I cancel?\ntag: [cancel]\n")},
        [
            f"{C}{Q}:3: unknown key 'tag' (did you mean 'tags'?); allowed: question, slug, tags, updated, aliases, allow_warnings, promoted, related, publish, expire",
        ],
    ),
    "unsafe slugs": (
        {
            Q: question("question: How do I cancel?\nslug: ../x\n"),
            "sections/01-orders/02-path.md": question("question: Path?\nslug: a/b\n"),
            "sections/01-orders/03-space.md": question("question: Space?\nslug: two words\n"),
            "sections/01-orders/04-upper.md": question("question: Upper?\nslug: Upper\n"),
        },
        [
            (
                f"{C}{Q}:3: slug '../x' is not URL-clean: use lower-case letters, digits and single hyphens "
                "(did you mean 'x'?)"
            ),
            (
                f"{C}sections/01-orders/02-path.md:3: slug 'a/b' is not URL-clean: use lower-case letters, digits "
                "and single hyphens (did you mean 'a-b'?)"
            ),
            (
                f"{C}sections/01-orders/03-space.md:3: slug 'two words' is not URL-clean: use lower-case letters, "
                "digits and single hyphens (did you mean 'two-words'?)"
            ),
            (
                f"{C}sections/01-orders/04-upper.md:3: slug 'Upper' is not URL-clean: use lower-case letters, "
                "digits and single hyphens (did you mean 'upper'?)"
            ),
        ],
    ),
    "slug collision in a section": (
        {"sections/01-orders/02-stop.md": question("question: How do I stop an order?\nslug: cancel\n")},
        [
            f"{C}sections/01-orders/02-stop.md:3: question URL '/orders/cancel/' is already used by {C}{Q}:2",
        ],
    ),
    "alias shadows a live url": (
        {
            "sections/01-orders/02-stop.md": question(
                "question: How do I stop an order?\naliases: [orders/cancel, search]\n"
            )
        },
        [
            f"{C}sections/01-orders/02-stop.md:3: alias '/orders/cancel/' is already used by {C}{Q}:2",
            f"{C}sections/01-orders/02-stop.md:3: alias '/search/' would replace the site's own '/search/'",
        ],
    ),
    "two sources write one output path": (
        {
            "sections/02-orders/_section.yaml": "title: More orders\n",
            "sections/02-orders/01-track.md": question("question: Where is my order?\n"),
            "pages/orders.md": question("title: Orders\n", "All about orders.\n"),
        },
        [
            f"{C}pages/orders.md:2: page URL '/orders/' is already used by {C}sections/01-orders",
            f"{C}sections/02-orders: section URL '/orders/' is already used by {C}sections/01-orders",
        ],
    ),
    "empty answer": (
        {Q: question("question: How do I cancel?\n", "\n\n")},
        [f"{C}{Q}:4: the answer is empty: write it below the front matter"],
    ),
    "broken links": (
        {
            Q: question(
                "question: How do I cancel?\n",
                "Email us.\n\nSee [tracking](02-trak.md), [returns](../02-returns/01-x.md)\n"
                "and [the about page](../../pages/abuot.md).\n\nOr [search](/serch/).\n",
            ),
            "sections/01-orders/02-track.md": question("question: Where is my order?\n"),
            "pages/about.md": question("title: About\n"),
        },
        [
            f"{C}{Q}:6: link to '../02-returns/01-x.md' does not resolve to a question or page",
            f"{C}{Q}:6: link to '02-trak.md' does not resolve to a question or page (did you mean '02-track.md'?)",
            (
                f"{C}{Q}:7: link to '../../pages/abuot.md' does not resolve to a question or page "
                "(did you mean '../../pages/about.md'?)"
            ),
            f"{C}{Q}:9: link to '/serch/' does not match any page of the site (did you mean '/search/'?)",
        ],
    ),
    "carrier rules": (
        {
            "carriers.yaml": """\
carriers:
  - name: UPS
    prefix: ["1Z", "1Z"]
    website: "https://www.ups.com/track"
    track_url: "https://www.ups.com/track?tracknum={num}"
    example: "1Z123456789"
  - name: Copycat
    prefix: "1Z"
    website: "ups.com"
    example: "1Z987654321"
  - name: USPS
    prefix: "US"
    digits_only: true
    website: "https://tools.usps.com/"
    example: 420123456789
  - name: DHL
    prefix: "DHL"
    website: "https://www.dhl.com/"
    example: "DH123456789"
  - name: Cainiao
    prefix: "CN"
    website: "https://global.cainiao.com/"
    example: "CNUS12345"
  - name: Cainiao US
    prefix: "CNUS"
    website: "https://global.cainiao.com/"
    example: "CNUS123"
"""
        },
        [
            f"{C}carriers.yaml:3: prefix '1Z' is listed twice for carrier 'UPS'",
            (
                f"{C}carriers.yaml:5: track_url has no '{{number}}' placeholder (found '{{num}}'): put it where the "
                "tracking number goes, or drop track_url to link to the website"
            ),
            (
                f"{C}carriers.yaml:8: prefix '1Z' of carrier 'Copycat' is already used by carrier 'UPS' "
                f"({C}carriers.yaml:3): the rules are ambiguous, numbers would always go to 'UPS'"
            ),
            f"{C}carriers.yaml:9: 'website' must be a full URL starting with https://, not 'ups.com'",
            f"{C}carriers.yaml:15: 'example' must be a string, not '420123456789' (put it in quotes)",
            f"{C}carriers.yaml:19: example 'DH123456789' does not match carrier 'DHL': it does not start with 'DHL'",
            (
                f"{C}carriers.yaml:23: example 'CNUS12345' of carrier 'Cainiao' is claimed by carrier 'Cainiao US' "
                "(longer prefix 'CNUS'): the rules are ambiguous"
            ),
        ],
    ),
    "carrier digits_only with letters": (
        {
            "carriers.yaml": CARRIERS_OK
            + '  - name: USPS\n    prefix: "US"\n    digits_only: true\n    website: "https://tools.usps.com/"\n'
            '    example: "US123"\n'
        },
        [
            (
                f"{C}carriers.yaml:8: carrier 'USPS' is digits_only but its prefix 'US' is not all digits: "
                "no tracking number can match it"
            ),
            (
                f"{C}carriers.yaml:11: example 'US123' does not match carrier 'USPS': the carrier is digits_only "
                "and the example is not all digits"
            ),
        ],
    ),
    "an email that is no address": (
        {"site.yaml": "title: Test Help\ncontact:\n  email: notanemail\n"},
        [f"{C}site.yaml:3: 'email' must be an email address like help@example.org, not 'notanemail'"],
    ),
    "a language that is no BCP 47 tag": (
        {"site.yaml": "title: Test Help\nlanguage: japanese\n"},
        [
            f"{C}site.yaml:2: 'language' must be a BCP 47 language tag like 'en' or 'pt-BR', not 'japanese' (did you mean 'ja'?)"
        ],
    ),
    "a POSIX locale for a language": (
        {"site.yaml": "title: Test Help\nlanguage: en_US\n"},
        [
            f"{C}site.yaml:2: 'language' must be a BCP 47 language tag like 'en' or 'pt-BR', not 'en_US' (did you mean 'en-US'?)"
        ],
    ),
    "a language the registry does not have": (
        {"site.yaml": "title: Test Help\nlanguage: xx\n"},
        [f"{C}site.yaml:2: 'language' must be a BCP 47 language tag like 'en' or 'pt-BR', not 'xx'"],
    ),
}


@pytest.mark.parametrize("files, expected", ERROR_CASES.values(), ids=ERROR_CASES.keys())
def test_each_kind_of_error(make_project, files: dict, expected: list[str]) -> None:
    content = make_project(files)
    code, lines = check(content)
    assert lines == expected
    assert code == 1


WARNING_CASES = {
    "duplicated answer": (
        {"sections/01-orders/02-stop.md": question("question: How do I stop an order?\n", "Email us.\n")},
        [],  # too short to be worth a warning
    ),
    "duplicated long answer and question": (
        {
            Q: question("question: How do I cancel?\n", "Write to us with your order number and we will help.\n"),
            "sections/01-orders/02-stop.md": question(
                "question: how do I cancel ?\n", "Write to us with your order number and we will help.\n"
            ),
        },
        [
            f"{C}sections/01-orders/02-stop.md:2: warning: the same question is asked in {C}{Q}:2",
            (
                f"{C}sections/01-orders/02-stop.md:4: warning: the answer repeats the answer in {C}{Q}:4 word for word: "
                "write the answer this question needs, or link to the other one"
            ),
        ],
    ),
    "plain http link": (
        {Q: question("question: How do I cancel?\n", "Email us.\n\nOr see <http://example.org/cancel>.\n")},
        [f"{C}{Q}:6: warning: link to 'http://example.org/cancel' is not https: use https://"],
    ),
    "question without a question mark": (
        {
            Q: question("question: How do I cancel my order\n"),
            "sections/01-orders/02-guide.md": question("question: How to cancel an order\n"),
        },
        [f"{C}{Q}:2: warning: the question has no question mark: end it with '?'"],
    ),
    "very long answer": (
        {Q: question("question: How do I cancel?\n", "word " * 450 + "\n")},
        [
            (
                f"{C}{Q}:4: warning: the answer is very long (450 words, over 400): "
                "split it into several questions or shorten it"
            )
        ],
    ),
    "two sections with one title": (
        {
            "sections/02-more/_section.yaml": "description: More\ntitle: orders\n",
            "sections/02-more/01-q.md": question("question: Where is my order?\n"),
        },
        [
            (
                f"{C}sections/02-more/_section.yaml:2: warning: section title 'orders' is also the title of {C}{S}:1: "
                "shoppers cannot tell the two sections apart"
            )
        ],
    ),
    "a region subtag and a script are a tag too": (
        {"site.yaml": "title: Test Help\nlanguage: zh-Hant-TW\n"},
        [],
    ),
    "carrier website over http": (
        {"carriers.yaml": CARRIERS_OK.replace('https://www.ups.com/track"', 'http://www.ups.com/track"')},
        [f"{C}carriers.yaml:4: warning: 'website' is not https: use https:// if the carrier supports it"],
    ),
}


@pytest.mark.parametrize("files, expected", WARNING_CASES.values(), ids=WARNING_CASES.keys())
def test_each_kind_of_warning(make_project, files: dict, expected: list[str]) -> None:
    content = make_project(files)
    code, lines = check(content)
    assert (code, lines) == (0, expected)
    if expected:
        strict_code, strict_lines = check(content, "--strict")
        assert (strict_code, strict_lines) == (1, expected)


def test_every_problem_at_once_sorted(make_project) -> None:
    content = make_project(
        {
            "site.yaml": "title: Test Help\ncontact:\n  emial: help@example.org\n",
            S: "title: Orders\ndescripton: About orders\n",
            Q: question("question: How do I cancel?\n", ""),
            "sections/01-orders/02-track.md": question("question: Where is it?\ntags: track\n"),
            "carriers.yaml": CARRIERS_OK.replace("{number}", ""),
        }
    )
    code, lines = check(content)
    assert code == 1
    assert lines == [
        (
            "content/carriers.yaml:5: track_url has no '{number}' placeholder: put it where the tracking number goes, "
            "or drop track_url to link to the website"
        ),
        "content/sections/01-orders/01-cancel.md:4: the answer is empty: write it below the front matter",
        "content/sections/01-orders/02-track.md:3: 'tags' must be a list, not 'track'",
        (
            "content/sections/01-orders/_section.yaml:2: unknown key 'descripton' (did you mean 'description'?); "
            "allowed: title, description, intro, aliases, icon, notice"
        ),
        "content/site.yaml:3: missing required key 'email'",
        "content/site.yaml:3: unknown key 'emial' (did you mean 'email'?); allowed: email, form",
    ]
    result = CliRunner().invoke(main, ["check", "--content", "content"])
    assert result.stderr.splitlines()[-1] == "Error: 6 error(s)"


def test_shipped_content_passes_with_its_one_allowed_warning(tmp_path: Path, shipped_copy: Path) -> None:
    expected = [
        (
            "content/sections/04-order-inquiry/02-cancel-order.md:7: warning (duplicate-answer, allowed): the answer "
            "repeats the answer in content/sections/04-order-inquiry/01-change-address.md:5 word for word: write the "
            "answer this question needs, or link to the other one"
        )
    ]
    assert check(shipped_copy) == (0, [])  # counted in the summary line, printed only with --verbose
    assert check(shipped_copy, "--strict") == (0, [])
    assert check(shipped_copy, "--verbose") == (0, expected)
    assert check(shipped_copy, "--strict", "-v") == (0, expected)
    result = CliRunner().invoke(main, ["check", "--content", "content"])
    assert result.stdout == "content: OK (1 allowed warning: --verbose shows it)\n"


def test_allow_warnings_lets_strict_pass_but_still_reports(make_project) -> None:
    answer = "Write to us with your order number and we will cancel it for you today.\n"
    files = {
        Q: question("question: How do I cancel?\n", answer),
        "sections/01-orders/02-stop.md": question("question: How do I stop an order?\n", answer),
    }
    content = make_project(files)
    code, lines = check(content, "--strict")
    assert code == 1 and lines == [
        (
            f"{C}sections/01-orders/02-stop.md:4: warning: the answer repeats the answer in {C}{Q}:4 word for word: "
            "write the answer this question needs, or link to the other one"
        )
    ]
    files["sections/01-orders/02-stop.md"] = question(
        "question: How do I stop an order?\nallow_warnings: [duplicate-answer]\n", answer
    )
    make_project(files)
    assert check(content, "--strict") == (0, [])
    code, lines = check(content, "--strict", "--verbose")
    assert code == 0 and lines == [
        (
            f"{C}sections/01-orders/02-stop.md:5: warning (duplicate-answer, allowed): the answer repeats the answer in "
            f"{C}{Q}:4 word for word: write the answer this question needs, or link to the other one"
        )
    ]


def test_allow_warnings_names_must_be_known(make_project) -> None:
    content = make_project({Q: question("question: How do I cancel?\nallow_warnings: [duplicate-answr]\n")})
    assert check(content) == (
        1,
        [
            (
                f"{C}{Q}:3: unknown warning 'duplicate-answr' (did you mean 'duplicate-answer'?); known: "
                "duplicate-answer, duplicate-question, long-answer, no-question-mark"
            )
        ],
    )


def test_links_between_questions_and_pages_resolve(make_project) -> None:
    from kbgen.load.loader import load_help_center

    content = make_project(
        {
            Q: question(
                "question: How do I cancel?\n", "See [about](../../pages/about.md#team) and [track](/track/).\n"
            ),
            "pages/about.md": question("title: About\n", "Back to [cancelling](../sections/01-orders/01-cancel.md).\n"),
            "carriers.yaml": CARRIERS_OK,
        }
    )
    hc, warnings = load_help_center(content)
    assert warnings == []
    assert 'href="kbroot:about/#team"' in hc.sections[0].questions[0].answer_html
    assert 'href="kbroot:orders/cancel/"' in hc.pages[0].body_html


def test_a_broken_file_does_not_also_break_links_to_it(make_project) -> None:
    content = make_project(
        {
            Q: question("question: How do I cancel?\n", "See [tracking](02-track.md).\n"),
            "sections/01-orders/02-track.md": question("questoin: Where is it?\n"),
        }
    )
    code, lines = check(content)
    assert code == 1
    assert [line.split(": ", 1)[1] for line in lines] == [
        "missing required key 'question'",
        "unknown key 'questoin' (did you mean 'question'?); allowed: question, slug, tags, updated, aliases, allow_warnings, promoted, related, publish, expire",
    ]
