"""The theme's words (kbgen/render/words.py): every template word in every shipped catalogue, translated and
checked, plural forms per language, dates and direction per locale."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import jinja2
import pytest
from babel.messages.extract import extract_from_dir, extract_from_file
from babel.messages.pofile import read_po

from kbgen.render.words import (
    SHIPPED,
    babel_locale,
    catalogue_path,
    install,
    locale_facts,
    plural_samples,
    text_direction,
    translations,
)
from kbgen.util import messages

REPO = Path(__file__).resolve().parents[3]
TEMPLATES = REPO / "theme" / "templates"
#: The Python that says words of the theme's (the track page's search document), as scripts/extract-messages reads it.
PYTHON_SOURCES = (REPO / "kbgen" / "search" / "documents.py",)
#: As babel.cfg and scripts/extract-messages say: the templates through Jinja2's extractor, plural_forms() counted.
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "plural_forms": (1, 2)}
OPTIONS = {
    "extensions": "jinja2.ext.i18n,kbgen.render.shared.SharedFragments",
    "trim_blocks": "True",
    "lstrip_blocks": "True",
}


def template_messages() -> set[str | tuple[str, str]]:
    """Every word the templates (and the Python that says words) give the catalogue: a msgid, or (singular, plural)."""
    found = [
        message
        for _, _, message, _, _ in extract_from_dir(
            str(TEMPLATES), method_map=[("**.html", "jinja2")], options_map={"**.html": OPTIONS}, keywords=KEYWORDS
        )
    ]
    for source in PYTHON_SOURCES:
        found.extend(message for _, message, _, _ in extract_from_file("python", str(source), keywords=KEYWORDS))
    return {message if isinstance(message, str) else tuple(message[:2]) for message in found}


def read(language: str):
    with catalogue_path(language).open("rb") as po:
        return read_po(po, locale=language)


def test_the_templates_have_words_to_translate() -> None:
    messages = template_messages()
    assert "Skip to content" in messages
    assert ("%(num)s result", "%(num)s results") in messages  # the search's count, through plural_forms()
    assert "{carrier}: tracking numbers start with {prefixes}." in messages  # the track page's search document
    assert len(messages) > 100


@pytest.mark.parametrize("language", SHIPPED)
def test_catalogue_has_every_template_word_translated_and_checked(language: str) -> None:
    catalogue = read(language)
    entries = {message.id: message for message in catalogue if message.id}
    missing = sorted(map(str, template_messages() - set(entries)))
    assert missing == [], f"{catalogue_path(language)} lacks these words: run scripts/extract-messages"
    for message in entries.values():
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert "fuzzy" not in message.flags, (language, message.id)
        assert all(strings) and len(strings) == (catalogue.num_plurals if message.pluralizable else 1), (
            language,
            message.id,
        )
        singular = message.id[0] if message.pluralizable else message.id
        for text in strings:
            # what the page fills in or the browser replaces, and the markup, are the msgid's own
            assert set(re.findall(r"\{\w+\}", text)) == set(re.findall(r"\{\w+\}", singular)), (language, text)
            assert re.findall(r"</?\w+", text) == re.findall(r"</?\w+", singular), (language, text)
            named = set(re.findall(r"%\((\w+)\)s", text))
            wanted = set(re.findall(r"%\((\w+)\)s", singular))
            # a plural form may say its number in words ("سؤالان", two questions); nothing else may go
            assert named <= wanted if message.pluralizable else named == wanted, (language, text)
            assert '"' not in re.sub(r"<[^>]*>", "", text), (language, text)  # words go into attributes too


def test_catalogues_have_no_words_the_templates_lost() -> None:
    messages = template_messages()
    for language in SHIPPED:
        stale = sorted(str(m.id) for m in read(language) if m.id and m.id not in messages)
        assert stale == [], f"{catalogue_path(language)}: words no template uses: {stale}"


def test_plural_forms_follow_each_language() -> None:
    assert translations("de").ngettext("%(num)s result", "%(num)s results", 1) == "%(num)s Ergebnis"
    assert translations("de").ngettext("%(num)s result", "%(num)s results", 5) == "%(num)s Ergebnisse"
    arabic = translations("ar")
    forms = [arabic.ngettext("%(num)s result", "%(num)s results", n) for n in (1, 2, 3, 11, 100)]
    assert forms == ["نتيجة واحدة", "نتيجتان", "%(num)s نتائج", "%(num)s نتيجة", "%(num)s نتيجة"]
    assert len(set(forms)) == 4  # few, many and other differ in Arabic grammar though two are spelled alike
    assert translations("ja").ngettext("%(num)s result", "%(num)s results", 7) == "%(num)s 件"
    assert translations("fr").ngettext("%(num)s result", "%(num)s results", 0) == "%(num)s résultat"  # 0 is one


def test_plural_samples_are_cldr_categories() -> None:
    assert plural_samples("en") == {"one": 1, "other": 0}
    assert plural_samples("ar") == {"zero": 0, "one": 1, "two": 2, "few": 3, "many": 11, "other": 100}
    assert plural_samples("ja") == {"other": 0}


def test_a_region_falls_back_to_its_language_and_an_unknown_one_to_english() -> None:
    assert translations("de-AT").gettext("Search") == "Suchen"
    assert translations("fr-CA").gettext("Search") == "Rechercher"
    assert translations("xx").gettext("Search") == "Search"
    assert babel_locale("pt-BR").language == "pt"


def test_dates_in_german_japanese_arabic_and_english() -> None:
    env = jinja2.Environment(extensions=["jinja2.ext.i18n"], autoescape=True)
    day = date(2025, 8, 16)
    written = {}
    for tag in ("de", "ja", "ar", "en", "en-US"):
        install(env, tag)
        written[tag] = env.from_string("{{ format_date(day) }}").render(day=day)
    assert written == {
        "de": "16. August 2025",
        "ja": "2025年8月16日",
        "ar": "16 أغسطس 2025",
        "en": "16 August 2025",  # bare English as the theme always wrote it (CLDR's en-001)
        "en-US": "August 16, 2025",
    }


def test_a_template_speaks_the_installed_language() -> None:
    env = jinja2.Environment(extensions=["jinja2.ext.i18n"], autoescape=True)
    page = "{% trans count=n, number=format_number(n) %}{{ number }} question{% pluralize count %}{{ number }} questions{% endtrans %}"
    install(env, "de")
    assert env.from_string(page).render(n=1234) == "1.234 Fragen"
    install(env, "fr")
    assert env.from_string(page).render(n=1) == "1 question"
    install(env, "en")
    assert env.from_string(page).render(n=2) == "2 questions"
    install(env, "ar")
    assert env.from_string(page).render(n=2) == "سؤالان"
    assert env.globals["plural_forms"]("%(num)s result", "%(num)s results")["two"] == "نتيجتان"


@pytest.mark.parametrize(
    ("tag", "direction"),
    [("ar", "rtl"), ("he", "rtl"), ("fa-IR", "rtl"), ("ur", "rtl"), ("en", "ltr"), ("ja", "ltr"), ("de-CH", "ltr")],
)
def test_direction_from_the_locale(tag: str, direction: str) -> None:
    assert text_direction(tag) == direction


@pytest.mark.parametrize("tag", ["en", "fr", "ar", "ja", "de-AT", "pt-BR", "xx"])
def test_what_is_kept_between_builds_speaks_as_babel_does(tmp_path: Path, tag: str) -> None:
    """Installed from the kept catalogues and locale facts (a second build), a template says what one installed
    straight from Babel says: every counted message in every category, dates, numbers and direction."""
    page = (
        "{{ text_direction }} {{ plural_forms('%(num)s result', '%(num)s results') }} {{ format_date(day) }} "
        "{{ format_number(1234567) }} {{ _('Search') }} "
        "{% for n in range(12) %}{% trans count=n %}{{ count }} question{% pluralize %}{{ count }} questions"
        "{% endtrans %}{% endfor %}"
    )
    said = []
    for folder in (None, tmp_path, tmp_path):  # Babel alone; Babel, kept in the folder; read back from it
        env = jinja2.Environment(extensions=["jinja2.ext.i18n"], autoescape=True)
        _forget_catalogues()
        install(env, tag, folder)
        said.append(env.from_string(page).render(day=date(2025, 8, 16)))
    assert said[0] == said[1] == said[2]
    assert (tmp_path / f"{tag}.json").is_file()
    assert locale_facts(tag, tmp_path) == (text_direction(tag), plural_samples(tag))


def test_a_damaged_kept_file_is_made_again(tmp_path: Path) -> None:
    (tmp_path / "fr.json").write_text('{"direction": "sideways"}', encoding="utf-8")
    (tmp_path / "fr.mo").write_bytes(b"not a catalogue")
    _forget_catalogues()
    env = jinja2.Environment(extensions=["jinja2.ext.i18n"], autoescape=True)
    install(env, "fr", tmp_path)
    assert env.from_string("{{ _('Search') }}").render() == "Rechercher"
    assert locale_facts("fr", tmp_path) == ("ltr", plural_samples("fr"))
    assert (tmp_path / "fr.mo").read_bytes().startswith(b"\xde\x12\x04\x95")  # a GNU .mo, little-endian


def _forget_catalogues() -> None:
    """Catalogues are compiled once per process: forget them, as a new build's process would not know them."""
    messages._LOADED.clear()
