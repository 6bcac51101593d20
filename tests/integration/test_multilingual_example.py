"""The multilingual example's content (examples/multilingual/): translations beside faithful English sources.

These tests read the files only; tests/integration/test_multilingual_build.py builds the example.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from kbgen.config import QUESTION_KEYS, SECTION_KEYS

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "multilingual"
CONTENT = EXAMPLE / "content"
SHIPPED = REPO / "content"
SCRIPT = EXAMPLE / "source_hash.py"
# `01-benefits.fr.md`, `_section.en-CA.yaml`: a BCP 47 tag between the source's name and its extension.
TRANSLATION = re.compile(r"^(?P<stem>[^.]+)\.(?P<tag>[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)\.(?P<ext>md|yaml)$")
LINK = re.compile(r"\]\(([^)\s]+)\)|<(https?://[^>\s]+|mailto:[^>\s]+)>")
TRANSLATED_LOCALES = ("fr", "ja", "ar")
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
ARABIC = re.compile(r"[\u0600-\u06ff]")
# The questions whose answer differs for Canada: the English text answers for the U.S. and Canada at once.
CANADIAN = {
    "01-membership/01-benefits.md",
    "01-membership/02-free-shipping-not-applied.md",
    "04-order-inquiry/03-order-arrival.md",
}


def source_hash(path: Path) -> str:
    """First 12 hex digits of the SHA-256 of the file's bytes with CRLF read as LF."""
    return hashlib.sha256(path.read_bytes().replace(b"\r\n", b"\n")).hexdigest()[:12]


def translations(content: Path) -> list[tuple[Path, Path, str]]:
    """Every translation under `content`: (translation, the source file it names, its tag)."""
    found = []
    for path in sorted((content / "sections").rglob("*")):
        match = TRANSLATION.match(path.name)
        if match:
            found.append((path, path.with_name(f"{match['stem']}.{match['ext']}"), match["tag"]))
    return found


def english_files(content: Path) -> list[Path]:
    """The example's own (untranslated) files: every file that is not a translation."""
    return sorted(p for p in content.rglob("*") if p.is_file() and not TRANSLATION.match(p.name))


def front_matter(path: Path) -> tuple[dict, str]:
    """A question's front matter and body, or a section file's mapping and an empty body."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".yaml":
        return yaml.safe_load(text), ""
    _, head, body = text.split("---\n", 2)
    return yaml.safe_load(head), body


def links(text: str) -> set[str]:
    """The link targets of a Markdown text: `[words](target)` and `<https://…>`."""
    return {inline or auto for inline, auto in LINK.findall(text)}


def questions_in(locale: str) -> list[Path]:
    """The question files translated into `locale`."""
    return [t for t, _, tag in translations(CONTENT) if tag == locale and t.suffix == ".md"]


def sections_in(locale: str) -> list[Path]:
    """The section folders whose `_section.yaml` is translated into `locale`."""
    return [t.parent for t, _, tag in translations(CONTENT) if tag == locale and t.suffix == ".yaml"]


def english_questions() -> list[Path]:
    """The example's English question files."""
    return [p for p in english_files(CONTENT) if p.suffix == ".md"]


def declared_locales() -> list[dict]:
    """The `locales:` list of the example's site.yaml."""
    return yaml.safe_load((CONTENT / "site.yaml").read_text(encoding="utf-8"))["locales"]


def test_every_translation_names_an_existing_source_with_its_current_hash():
    found = translations(CONTENT)
    assert len(found) > 40
    for translation, source, _ in found:
        assert source.is_file(), f"{translation.relative_to(CONTENT)}: no source {source.name}"
        record = front_matter(translation)[0].get("source_hash")
        assert record == source_hash(source), f"{translation.relative_to(CONTENT)}: source_hash {record}"


def test_the_hash_reads_crlf_as_lf(tmp_path: Path):
    unix, windows = tmp_path / "unix.md", tmp_path / "windows.md"
    unix.write_bytes(b"---\nquestion: Why?\n---\nBecause.\n")
    windows.write_bytes(b"---\r\nquestion: Why?\r\n---\r\nBecause.\r\n")
    assert source_hash(windows) == source_hash(unix) == hashlib.sha256(unix.read_bytes()).hexdigest()[:12]


def test_french_translates_every_question_and_section():
    english_sections = {p.parent for p in english_files(CONTENT) if p.name == "_section.yaml"}
    assert {t.with_name(t.name.replace(".fr.", ".")) for t in questions_in("fr")} == set(english_questions())
    assert set(sections_in("fr")) == english_sections
    assert len(english_questions()) == 29 and len(english_sections) == 11


@pytest.mark.parametrize(("locale", "at_least"), [("ja", 10), ("ar", 5)])
def test_japanese_and_arabic_translate_enough_questions_and_their_sections(locale: str, at_least: int):
    questions = questions_in(locale)
    assert len(questions) >= at_least
    assert {q.parent for q in questions} == set(sections_in(locale))


def test_canadian_english_overrides_only_the_answers_that_differ():
    overrides = {str(q.relative_to(CONTENT / "sections")).replace(".en-CA.", ".") for q in questions_in("en-CA")}
    assert overrides == CANADIAN
    assert sections_in("en-CA") == []
    benefits = (CONTENT / "sections/01-membership/01-benefits.en-CA.md").read_text(encoding="utf-8")
    assert "259 CAD" in benefits and "39 CAD" in benefits
    assert "USD" not in benefits and "U.S." not in benefits
    arrival = (CONTENT / "sections/04-order-inquiry/03-order-arrival.en-CA.md").read_text(encoding="utf-8")
    assert "https://www.popmart.com/ca" in arrival and "/us" not in arrival


def test_the_english_text_stays_the_shipped_faq():
    for path in english_files(CONTENT):
        if path.name != "site.yaml":
            shipped = SHIPPED / path.relative_to(CONTENT)
            assert path.read_bytes() == shipped.read_bytes(), f"{path.relative_to(CONTENT)} differs from content/"
    site = yaml.safe_load((CONTENT / "site.yaml").read_text(encoding="utf-8"))
    site.pop("locales")
    assert site == yaml.safe_load((SHIPPED / "site.yaml").read_text(encoding="utf-8"))
    benefits = (CONTENT / "sections/01-membership/01-benefits.md").read_text(encoding="utf-8")
    assert "199 USD" in benefits and "259 CAD" in benefits


def test_site_yaml_declares_each_locale_the_files_use():
    locales = declared_locales()
    assert [entry["tag"] for entry in locales] == ["fr", "ja", "ar", "en-CA"]
    by_tag = {entry["tag"]: entry for entry in locales}
    assert by_tag["en-CA"]["fallback"] == "en"
    assert by_tag["fr"]["complete"] is True
    assert {tag for _, _, tag in translations(CONTENT)} == set(by_tag)
    allowed = {"tag", "fallback", "name", "title", "description", "complete", "untranslated", "synonyms"}
    for entry in locales:
        assert set(entry) <= allowed, entry
    for tag in TRANSLATED_LOCALES:
        assert by_tag[tag]["title"] and by_tag[tag]["description"]


def test_translations_keep_their_sources_front_matter_keys():
    for translation, source, _ in translations(CONTENT):
        keys, source_keys = set(front_matter(translation)[0]), set(front_matter(source)[0])
        schema = SECTION_KEYS if translation.suffix == ".yaml" else QUESTION_KEYS
        name = translation.relative_to(CONTENT)
        assert keys - {"source_hash"} <= set(schema), f"{name}: unknown keys {keys - set(schema)}"
        assert keys == source_keys | {"source_hash"}, f"{name}: keys {sorted(keys)} but source {sorted(source_keys)}"
        matter = front_matter(translation)[0]
        for key in ("icon", "promoted", "allow_warnings"):
            assert matter.get(key) == front_matter(source)[0].get(key), f"{name}: {key}"


def test_translations_keep_their_sources_links():
    for translation, source, tag in translations(CONTENT):
        if translation.suffix == ".md" and tag != "en-CA":
            mine, theirs = links(front_matter(translation)[1]), links(front_matter(source)[1])
            assert mine == theirs, f"{translation.relative_to(CONTENT)}: links {sorted(mine ^ theirs)}"


def test_translations_are_written_in_their_language():
    for translation, source, tag in translations(CONTENT):
        matter, body = front_matter(translation)
        text = " ".join(str(matter.get(key, "")) for key in ("question", "title", "description", "intro"))
        name = translation.relative_to(CONTENT)
        if tag in TRANSLATED_LOCALES and translation.suffix == ".md":
            assert matter["question"] != front_matter(source)[0]["question"], f"{name}: question left in English"
            assert set(matter["tags"]) != set(front_matter(source)[0]["tags"]), f"{name}: tags left in English"
        if tag == "ja":
            assert JAPANESE.search(text + body), name
        if tag == "ar":
            assert ARABIC.search(text + body), name
    refund = CONTENT / "sections/02-pop-now/01-refund-after-unboxing.fr.md"
    assert "remboursement" in refund.read_text(encoding="utf-8")


def test_the_script_finds_an_outdated_translation_and_renews_its_record(tmp_path: Path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    run = [sys.executable, str(SCRIPT), str(content)]
    assert subprocess.run(run, capture_output=True, text=True, check=False).returncode == 0

    source = content / "sections/08-payment-method/01-payment-types.md"
    source.write_text(source.read_text(encoding="utf-8") + "- PayPal\n", encoding="utf-8")
    checked = subprocess.run(run, capture_output=True, text=True, check=False)
    outdated = sorted(line.split(":")[0] for line in checked.stdout.splitlines())
    assert checked.returncode == 1
    assert outdated == [str(source.with_name(f"01-payment-types.{tag}.md")) for tag in ("ar", "fr", "ja")]

    renewed = subprocess.run([*run, "--write"], capture_output=True, text=True, check=False)
    assert renewed.returncode == 0
    assert f"source_hash: {source_hash(source)}\n" in source.with_name("01-payment-types.fr.md").read_text("utf-8")
    assert subprocess.run(run, capture_output=True, text=True, check=False).returncode == 0
