"""`locales:` in site.yaml: BCP 47 tags, fallback chains and their cycles, translation file names and hashes."""

from __future__ import annotations

from kbgen.load.locales import read_locales, source_hash, translated_name, translation_name
from kbgen.load.schema import Report
from kbgen.load.yamlio import parse_yaml


def locales(text: str, language: str = "en"):
    report = Report()
    found = read_locales(parse_yaml(text), "site.yaml", language, report)
    return found, [str(problem) for problem in report.errors]


def test_chains_go_through_the_language_then_the_default() -> None:
    found, errors = locales("locales:\n  - tag: fr\n  - tag: fr-CA\n  - tag: en-CA\n  - tag: ja\n")
    assert errors == []
    assert {loc.tag: loc.chain for loc in found} == {
        "fr": ("en",),
        "fr-CA": ("fr", "en"),
        "en-CA": ("en",),
        "ja": ("en",),
    }
    assert [loc.prefix for loc in found] == ["fr/", "fr-ca/", "en-ca/", "ja/"]


def test_an_explicit_fallback_wins() -> None:
    found, errors = locales("locales:\n  - tag: fr\n  - tag: fr-CA\n  - tag: fr-BE\n    fallback: fr-CA\n")
    assert errors == []
    assert found[2].chain == ("fr-CA", "fr", "en")


def test_a_fallback_cycle_is_an_error_at_its_line() -> None:
    text = "locales:\n  - tag: fr\n    fallback: fr-CA\n  - tag: fr-CA\n    fallback: fr\n"
    _, errors = locales(text)
    assert errors == [
        "site.yaml:3: fallback cycle: fr -> fr-ca -> fr",
        "site.yaml:5: fallback cycle: fr-CA -> fr -> fr-ca",
    ]


def test_tags_are_bcp47_and_declared_once() -> None:
    text = "locales:\n  - tag: french\n  - tag: fr_CA\n  - tag: en\n  - tag: de\n  - tag: de\n"
    _, errors = locales(text)
    assert errors == [
        "site.yaml:2: locale 'tag' must be a BCP 47 language tag like 'en' or 'pt-BR', not 'french' (did you mean 'fr'?)",
        "site.yaml:3: locale 'tag' must be a BCP 47 language tag like 'en' or 'pt-BR', not 'fr_CA' (did you mean 'fr-CA'?)",
        "site.yaml:4: locale 'en' is already declared as the default locale ('language')",
        "site.yaml:6: locale 'de' is already declared as another locale",
    ]


def test_a_fallback_must_be_a_locale_and_untranslated_a_choice() -> None:
    text = "locales:\n  - tag: fr\n    fallback: es\n    untranslated: hide\n    colour: red\n"
    _, errors = locales(text)
    assert errors[:2] == [
        "site.yaml:3: fallback 'es' is not a locale of the site (en, fr)",
        "site.yaml:4: 'untranslated' must be fallback or omit, not 'hide'",
    ]
    assert errors[2].startswith("site.yaml:5: unknown key 'colour'")


def test_translation_names() -> None:
    assert translation_name("01-benefits.fr.md") == ("01-benefits.md", "fr")
    assert translation_name("_section.en-CA.yaml") == ("_section.yaml", "en-CA")
    assert translation_name("about.zh-Hant-TW.md") == ("about.md", "zh-Hant-TW")
    assert translation_name("01-benefits.md") is None
    assert translation_name("_section.yaml") is None
    assert translated_name("01-benefits.md", "fr") == "01-benefits.fr.md"


def test_source_hash_reads_crlf_as_lf() -> None:
    assert source_hash(b"---\nquestion: Q?\n---\nA.\n") == source_hash(b"---\r\nquestion: Q?\r\n---\r\nA.\r\n")
    assert len(source_hash(b"x")) == 12
    assert source_hash(b"x") != source_hash(b"y")
