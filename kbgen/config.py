"""The one schema of the content files: every key editors may write, declared once.

Owns the keys of `site.yaml`, `carriers.yaml`, `_section.yaml` and question and
page front matter: for each its type, whether it is required, its default, the
rule its value must follow, and one line of help. The loader checks mappings
against these tables (load/schema.py), takes defaults from them, and the key
tables of docs/content-format.md are generated from them (scripts/config-docs,
checked by tests/unit/test_config_docs.py). Adding a key means adding one `Key`
here and reading it where it is used. Nothing here reads files.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Key:
    """One allowed key of a YAML mapping: its type, whether it must be present, its default, rule and help."""

    types: tuple[type, ...]
    required: bool = False
    label: str = ""
    """The type as messages name it: `'nav' must be a list, not ...`."""
    keys: dict[str, Key] | None = None
    """The keys of the mapping under this key (or of each mapping in its list), for indentation hints."""
    default: object = None
    """The value when the key is left out (None: nothing, the feature is off or the text empty)."""
    rule: str = ""
    """What a value must be beyond its type, as the docs say it (the loader enforces it)."""
    choices: frozenset[str] = frozenset()
    """The values allowed, when they are a fixed set (each item's, for a list)."""
    help: str = ""
    """One line for the docs: what the key does."""


def _text(help: str, required: bool = False, rule: str = "", default: object = None) -> Key:
    return Key((str,), required, "a string", help=help, rule=rule, default=default)


#: Schemes a nav link may point to beyond the site (a site path starts with `/`).
NAV_SCHEMES = frozenset({"https", "http", "mailto"})

CONTACT_KEYS = {
    "email": _text(
        "the address shoppers write to (a `mailto:` link on every page)", True, "an email address like help@example.org"
    ),
    "form": _text(
        'a contact form the "Still need help?" card links to instead of the email address, '
        "with `question` or `query` and `page` as query parameters (docs/feedback.md)",
        rule="an absolute https or http URL",
    ),
}
NAV_KEYS = {
    "title": _text("the link's text", True),
    "url": _text("where it goes", True, "a site path like `/track/`, or an https, http or mailto address"),
}
BRAND_KEYS = {
    "color": Key(
        (str,),
        label='a colour like "#c8102e"',
        rule="a CSS colour in quotes, dark enough to carry white text (WCAG AA)",
        help="the brand colour of the header and buttons (default: the theme's own)",
    ),
    "accent": Key(
        (str,), label="a colour", rule="a colour, checked like `color`", help="a second colour for icons and highlights"
    ),
}
#: How a locale shows a question it has no translation of: from its fallback, with a notice, or not at all.
UNTRANSLATED_CHOICES = frozenset({"fallback", "omit"})
LOCALE_KEYS = {
    "tag": _text(
        "the locale's BCP 47 tag (`fr`, `en-CA`): its pages live under `/<tag in lower case>/`",
        True,
        "a BCP 47 language tag, one per locale",
    ),
    "fallback": _text(
        "the locale whose text shows where this one has none (default: the tag's language, then the default locale)",
        rule="a declared locale's tag or the default `language`; no cycles",
    ),
    "name": _text("the locale's name in the language switcher (default: the language's own name, else the tag)"),
    "title": _text("the help center's name in this locale (default: the site's)"),
    "description": _text("the home page's sentence in this locale (default: the site's)"),
    "complete": Key(
        (bool,),
        label="true or false",
        default=False,
        help="every question is translated: missing and outdated translations are errors under `--strict`",
    ),
    "untranslated": Key(
        (str,),
        label="fallback or omit",
        default="fallback",
        choices=UNTRANSLATED_CHOICES,
        help="a question without a translation: shown from the fallback with a notice, or left out",
    ),
    "synonyms": Key(
        (list,),
        label="a list of lists",
        rule="each group two or more words",
        help="groups of words this locale's search treats as one (default: those of the locales of its language "
        "along its chain, `en-CA` takes the top-level `synonyms`)",
    ),
}
FEEDBACK_KEYS = {
    "endpoint": _text(
        'where "Was this helpful?" votes and search events are sent with `navigator.sendBeacon` (docs/feedback.md)',
        True,
        "an https URL (http only for localhost), or a path on the site's own host like `/api/feedback`",
    )
}
NOTICE_KEYS = {
    "text": Key((str,), True, "Markdown text", help="what the notice says (Markdown; links like an answer's)"),
    "from": Key((dt.date,), label="a date (YYYY-MM-DD)", help="the first day it shows (default: from now on)"),
    "until": Key(
        (dt.date,),
        label="a date (YYYY-MM-DD)",
        rule="on or after `from`",
        help="the last day it shows (default: no end); after it the build leaves it out and browsers hide it",
    ),
}
DATA_KEYS = {
    "llms": Key((bool,), label="true or false", default=True, help="`llms.txt` and `llms-full.txt` for AI assistants"),
    "markdown": Key(
        (bool,), label="true or false", default=True, help="a Markdown copy of every question at `<its URL>index.md`"
    ),
    "api": Key((bool,), label="true or false", default=True, help="the static JSON API under `api/v1/`"),
    "feed": Key(
        (bool,),
        label="true or false",
        default=True,
        help="`feed.xml`, an Atom feed of the answers updated last (needs a base URL)",
    ),
    "feed_count": Key(
        (int,), label="a whole number", default=20, rule="1 or more", help="how many answers the feed lists"
    ),
    "opensearch": Key(
        (bool,),
        label="true or false",
        default=True,
        help="`opensearch.xml`, so browsers offer the site's search in the address bar (needs a base URL)",
    ),
}
SITE_KEYS = {
    "title": _text("the help center's name", True),
    "base_url": _text(
        "the site's public address (`--base-url` wins); gives the sitemap and canonical links",
        rule="an absolute http(s) URL with a host",
    ),
    "language": _text(
        "the language of the pages (`<html lang>`)",
        rule="a BCP 47 language tag like `en` or `pt-BR` (checked against the IANA registry)",
        default="en",
    ),
    "description": _text("one sentence for search engines and the home page"),
    "contact": Key((dict,), label="a mapping", keys=CONTACT_KEYS, help="how shoppers reach the shop: `email`"),
    "logo": Key(
        (str,),
        label="a path to an .svg or .png file",
        rule="a file inside the content folder, under 200,000 bytes",
        help="the logo shown in the header",
    ),
    "nav": Key((list,), label="a list", keys=NAV_KEYS, help="extra header links, each with `title` and `url`"),
    "synonyms": Key(
        (list,),
        label="a list of lists",
        rule="each group two or more words",
        help="groups of words the search treats as one (`[parcel, package]`)",
    ),
    "carrier_help": Key(
        (str,),
        label="a site path like '/shipping/contact-your-carrier/'",
        rule="an existing site path",
        help="the page the carrier lookup page sends shoppers to for contacting a carrier",
    ),
    "brand": Key(
        (dict,),
        label="a mapping with 'color' and optional 'accent'",
        keys=BRAND_KEYS,
        help="the site's colours: `color`, `accent`",
    ),
    "shop_vocabulary": Key(
        (bool,),
        label="true or false",
        default=True,
        help="add kbgen's shipped shop-help synonyms in each locale's language (kbgen/data/shop_vocabulary.yaml, "
        "shop_vocabulary.fr.yaml, …) to `synonyms`",
    ),
    "feedback": Key(
        (dict,),
        label="a mapping with 'endpoint'",
        keys=FEEDBACK_KEYS,
        help='"Was this helpful?" and search events, sent to `endpoint`; left out: no widget, no events, no script',
    ),
    "notice": Key(
        (dict,),
        label="a mapping with 'text' and optional 'from' and 'until'",
        keys=NOTICE_KEYS,
        help="a notice above the content of every page while its dates last",
    ),
    "recent": Key(
        (int,),
        label="a whole number",
        default=5,
        rule="0 or more (0: no list)",
        help='how many questions the home page\'s "Recently updated" list shows, newest first',
    ),
    "data": Key(
        (dict,),
        label="a mapping of true or false",
        keys=DATA_KEYS,
        help="the help center as data beside its pages (docs/publishing.md): each item on unless set false",
    ),
    "locales": Key(
        (list,),
        label="a list",
        keys=LOCALE_KEYS,
        help="the site's other locales besides `language` (docs/locales.md), each with `tag` and optional settings",
    ),
}
#: A translation's record of the file it translates (docs/locales.md): 12 hex digits of its SHA-256.
SOURCE_HASH = _text(
    "a translation's record of its source: `kbgen new translation` writes it",
    rule="12 hex digits: the SHA-256 of the source file (CRLF read as LF)",
)
SECTION_KEYS = {
    "title": _text("the section's name", True, "one title per section (two alike are a warning)"),
    "description": _text("one line under the title on the home page"),
    "intro": Key((str,), label="Markdown text", help="Markdown shown above the section's questions"),
    "aliases": Key(
        (list,), label="a list", rule="root-relative URLs like `old-section/`", help="old URLs that redirect here"
    ),
    "icon": Key(
        (str,),
        label="an icon name or a path to an .svg or .png file",
        rule="a shipped icon's name, or an image file inside the content folder",
        help="the section's icon on the home page",
    ),
    "notice": Key(
        (dict,),
        label="a mapping with 'text' and optional 'from' and 'until'",
        keys=NOTICE_KEYS,
        help="a notice above the section's page, beside its intro, while its dates last",
    ),
}
QUESTION_KEYS = {
    "question": _text("the question as a shopper asks it", True),
    "slug": _text(
        "the question's URL name (default: the file name without `NN-` and `.md`)",
        rule="lower-case letters, digits and single hyphens",
    ),
    "tags": Key((list,), label="a list", help="extra words the search finds the question by"),
    "updated": Key(
        (dt.date,),
        label="a date (YYYY-MM-DD)",
        help="when the answer last changed (default: the date of the last git commit touching the file)",
    ),
    "aliases": Key((list,), label="a list", rule="root-relative URLs", help="old URLs that must keep working"),
    "allow_warnings": Key(
        (list,),
        label="a list of warning names",
        # Warnings about one question alone: those an editor may accept for it.
        choices=frozenset({"duplicate-question", "duplicate-answer", "no-question-mark", "long-answer"}),
        help="this question's warnings accepted on purpose",
    ),
    "promoted": Key(
        (bool,),
        label="true or false",
        default=False,
        help="offer it first: home page's popular questions, the top of its section's page, "
        "and a search that finds nothing",
    ),
    "related": Key(
        (list,),
        label="a list of question links",
        rule="links to question files like `../02-orders/01-cancel.md`, or their site paths like `/orders/cancel/`",
        help="the related questions shown under the answer, in this order (default: picked from the content)",
    ),
    "publish": Key(
        (dt.date,),
        label="a date (YYYY-MM-DD)",
        help="the first day the question is published (before it: not built, not searched, not listed)",
    ),
    "expire": Key(
        (dt.date,),
        label="a date (YYYY-MM-DD)",
        rule="after `publish`",
        help="the day the question stops being published (from it on: not built, not searched, not listed)",
    ),
}
PAGE_KEYS = {
    "title": _text("the page's title", True),
    "slug": _text("the page's URL name (default: the file name)", rule="lower-case letters, digits and single hyphens"),
}
CARRIER_KEYS = {
    "name": _text("the carrier's name", True),
    "prefix": Key(
        (str, list),
        True,
        "a string or a list of strings",
        help="how its tracking numbers start",
        rule="each used by one carrier only",
    ),
    "digits_only": Key((bool,), label="true or false", default=False, help="its numbers are digits after the prefix"),
    "website": _text("the carrier's site", True, "a full http(s) URL"),
    "track_url": _text("a tracking page for one number", rule="contains `{number}`"),
    "phone": _text("the carrier's phone number"),
    "example": _text("a tracking number the rule accepts, shown as a hint", True, "matched by this carrier alone"),
}
#: What a translation (docs/locales.md) may say besides its source's keys.
TRANSLATION_KEYS = {"source_hash": SOURCE_HASH}
TRANSLATED_QUESTION_KEYS = {**QUESTION_KEYS, **TRANSLATION_KEYS}
TRANSLATED_SECTION_KEYS = {**SECTION_KEYS, **TRANSLATION_KEYS}
TRANSLATED_PAGE_KEYS = {**PAGE_KEYS, **TRANSLATION_KEYS}
CARRIERS_FILE_KEYS = {"carriers": Key((list,), True, "a list", keys=CARRIER_KEYS, help="the carrier lookup rules")}

FILES: tuple[tuple[str, dict[str, Key]], ...] = (
    ("site.yaml", SITE_KEYS),
    ("carriers.yaml", CARRIERS_FILE_KEYS),
    ("_section.yaml", SECTION_KEYS),
    ("A question's front matter", QUESTION_KEYS),
    ("A page's front matter", PAGE_KEYS),
    ("A translation's front matter or YAML, besides its source's keys", TRANSLATION_KEYS),
)
"""Every file an editor writes keys in, with its top-level keys, in the order the docs show them."""


def key_tables() -> str:
    """The Markdown tables of every file's keys, as docs/content-format.md shows them."""
    parts = []
    for name, keys in FILES:
        shown = f"`{name}`" if "." in name else name
        parts.append(f"{shown}:\n\n| key | type | required / default | rule | what it does |\n|---|---|---|---|---|")
        parts[-1] += "".join(_rows(keys, ""))
    return "\n\n".join(parts) + "\n"


def _rows(keys: dict[str, Key], prefix: str) -> list[str]:
    rows = []
    for name, key in keys.items():
        rule = key.rule or ("one of: " + ", ".join(sorted(key.choices)) if key.choices else "")
        rows.append(
            f"\n| `{prefix}{name}` | {_cell(key.label)} | {_presence(key)} | {_cell(rule)} | {_cell(key.help)} |"
        )
        if key.keys is not None:
            rows.extend(_rows(key.keys, f"{prefix}{name}{'[]' if list in key.types else ''}."))
    return rows


def _presence(key: Key) -> str:
    if key.required:
        return "required"
    if key.default is None:
        return ""
    return str(key.default).lower() if isinstance(key.default, bool) else f"`{key.default}`"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")
