"""The editors' demo: a copy of the shipped content with a dozen different mistakes, checked in one run.

Run it to see what an editor sees:

    python tests/integration/test_demo_mistakes.py
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

# (file, text to find, replacement): each one a mistake an editor could make.
MISTAKES = [
    ("site.yaml", "language: en", "langauge: en"),  # a typo in a key
    ("sections/02-pop-now/_section.yaml", "title:", "tittle:"),  # ... that also loses a required key
    ("sections/03-product-inquiry/05-restock.md", "notify me]", "notify me"),  # YAML syntax
    ("sections/01-membership/05-points-validity.md", "tags:", "slug: Points Validity\ntags:"),  # unclean slug
    ("sections/09-pre-order/02-pre-order-shipping.md", "tags:", "slug: identify-pre-order\ntags:"),  # slug taken
    ("sections/03-product-inquiry/01-blind-box.md", "tags:", "updated: 2025-02-30\ntags:"),  # no such date
    (
        "sections/07-buy-from-distributor/01-distributor-after-sales.md",
        "tags: [distributor, after-sales, reseller]",
        "tags: distributor",
    ),  # not a list
    ("sections/06-buy-from-store/02-remote-return.md", "tags:", "aliases: [buy-from-store/store-return-policy]\ntags:"),
    ("sections/04-order-inquiry/01-change-address.md", "01-contact-your-carrier.md", "01-contact-your-carier.md"),
    ("carriers.yaml", 'prefix: "GF"', 'prefix: "SF"'),  # a prefix used twice
    ("carriers.yaml", 'prefix: "420"', 'prefix: "US"'),  # digits_only with letters; the example no longer matches
    ("carriers.yaml", "tracking.html?tracking-id={number}", "tracking.html?tracking-id="),  # no {number}
    (
        "sections/10-common-logistics-providers/01-contact-your-carrier.md",
        "<https://www.yunexpress.cn/>",
        "<http://www.yunexpress.cn/>",
    ),  # warning: not https
    ("sections/01-membership/06-review-points.md", "receive the points?", "receive the points"),  # warning: no '?'
]
NO_ANSWER = "sections/01-membership/03-delete-account.md"  # the answer deleted, the front matter kept
NOT_UTF8 = "sections/02-pop-now/01-refund-after-unboxing.md"  # saved as Windows-1252
EMPTY = "sections/08-payment-method/02-gift-cards.md"  # a new file, never written

EXPECTED = """\
content/carriers.yaml:20: carrier 'USPS' is digits_only but its prefix 'US' is not all digits: no tracking number can match it
content/carriers.yaml:25: example '420123456789' does not match carrier 'USPS': it does not start with 'US'
content/carriers.yaml:29: track_url has no '{number}' placeholder: put it where the tracking number goes, or drop track_url to link to the website
content/carriers.yaml:32: prefix 'SF' of carrier 'GOFO Express' is already used by carrier 'SF Express' (content/carriers.yaml:11): the rules are ambiguous, numbers would always go to 'SF Express'
content/carriers.yaml:34: example 'GF123456789' does not match carrier 'GOFO Express': it does not start with 'SF'
content/sections/01-membership/03-delete-account.md:5: the answer is empty: write it below the front matter
content/sections/01-membership/05-points-validity.md:3: slug 'Points Validity' is not URL-clean: use lower-case letters, digits and single hyphens (did you mean 'points-validity'?)
content/sections/01-membership/06-review-points.md:2: warning: the question has no question mark: end it with '?'
content/sections/02-pop-now/01-refund-after-unboxing.md:2: file is not UTF-8 (byte 0x92)
content/sections/02-pop-now/_section.yaml:1: missing required key 'title'
content/sections/02-pop-now/_section.yaml:1: unknown key 'tittle' (did you mean 'title'?); allowed: title, description, intro, aliases, icon, notice
content/sections/03-product-inquiry/01-blind-box.md:3: '2025-02-30' is not a valid date (day is out of range for month): write it as YYYY-MM-DD
content/sections/03-product-inquiry/05-restock.md:3: YAML syntax error: expected ',' or ']', but got '<stream end>' (column 41)
content/sections/04-order-inquiry/01-change-address.md:10: link to '../10-common-logistics-providers/01-contact-your-carier.md' does not resolve to a question or page (did you mean '../10-common-logistics-providers/01-contact-your-carrier.md'?)
content/sections/06-buy-from-store/02-remote-return.md:3: alias '/buy-from-store/store-return-policy/' is already used by content/sections/06-buy-from-store/01-store-return-policy.md:2
content/sections/07-buy-from-distributor/01-distributor-after-sales.md:3: 'tags' must be a list, not 'distributor'
content/sections/08-payment-method/02-gift-cards.md:1: file is empty
content/sections/09-pre-order/02-pre-order-shipping.md:3: question URL '/pre-order/identify-pre-order/' is already used by content/sections/09-pre-order/01-identify-pre-order.md:2
content/sections/10-common-logistics-providers/01-contact-your-carrier.md:10: warning: link to 'http://www.yunexpress.cn/' is not https: use https://
content/site.yaml:3: unknown key 'langauge' (did you mean 'language'?); allowed: title, base_url, language, description, contact, logo, nav, synonyms, carrier_help, brand, shop_vocabulary, feedback, notice, recent, data, locales
Error: 18 error(s), 2 warning(s)
"""


def make_mistakes(content: Path) -> None:
    """Apply every mistake to a copy of the shipped content."""
    for name, old, new in MISTAKES:
        path = content / name
        text = path.read_text(encoding="utf-8")
        assert old in text, (name, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    no_answer = content / NO_ANSWER
    front_matter = no_answer.read_text(encoding="utf-8").split("---\n")[1]
    no_answer.write_text(f"---\n{front_matter}---\n", encoding="utf-8")
    broken = content / NOT_UTF8
    broken.write_bytes(broken.read_text(encoding="utf-8").encode("cp1252", errors="replace"))
    (content / EMPTY).write_text("", encoding="utf-8")


def run_check(workdir: Path) -> subprocess.CompletedProcess:
    shutil.copytree(REPO / "content", workdir / "content")
    make_mistakes(workdir / "content")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "kbgen", "check", "--content", "content"],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_dozen_mistakes_in_one_run(tmp_path: Path) -> None:
    run = run_check(tmp_path)
    assert run.returncode == 1
    assert run.stdout == ""
    # The two warnings are printed among the errors, at their own file and line.
    assert run.stderr == EXPECTED


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as folder:
        result = run_check(Path(folder))
        print(f"$ kbgen check --content content    # exit {result.returncode}")
        print(result.stdout + result.stderr, end="")
