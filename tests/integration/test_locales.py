"""A help center in several locales: pages under /<tag>/, reciprocal hreflang, the sitemap's alternates, the
manifest, redirects and search index per locale, fallbacks with their notice, and what `kbgen check` says."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from kbgen.cli import main
from kbgen.errors import ContentError
from kbgen.load.loader import load_help_center
from kbgen.load.locales import source_hash
from kbgen.pipeline import build_site
from tests.conftest import page

BASE = "https://help.example/"
SOURCE = "---\nquestion: How do I cancel?\ntags: [cancel]\naliases: [old-cancel]\n---\nEmail us.\n"
SHIP = "---\nquestion: What does shipping cost?\n---\nFree over 199 USD.\n"


def three_locales(make_project, **files: str | None) -> Path:
    """en (default), fr (two translations, one with its own slug) and en-CA (one override), plus ar."""
    return make_project(
        {
            "site.yaml": "title: Test Help\nlanguage: en\ncontact:\n  email: help@example.org\nlocales:\n"
            "  - tag: fr\n    title: Aide\n  - tag: en-CA\n  - tag: ar\n",
            "sections/01-orders/01-cancel.md": SOURCE,
            "sections/01-orders/02-shipping.md": SHIP,
            "sections/01-orders/_section.fr.yaml": "title: Commandes\n",
            "sections/01-orders/01-cancel.fr.md": "---\nquestion: Comment annuler ?\nslug: annuler\n"
            f'source_hash: "{source_hash(SOURCE.encode())}"\naliases: [ancien]\n---\n'
            "Écrivez-nous pour un remboursement. Voir [la livraison](02-shipping.fr.md).\n",
            "sections/01-orders/02-shipping.fr.md": "---\nquestion: Combien coûte la livraison ?\n"
            'source_hash: "000000000000"\n---\nGratuite dès 199 USD.\n',
            "sections/01-orders/02-shipping.en-CA.md": "---\nquestion: What does shipping cost?\n"
            f'source_hash: "{source_hash(SHIP.encode())}"\n---\nFree over 259 CAD.\n',
            **files,
        }
    )


@pytest.fixture
def built(make_project, tmp_path) -> Path:
    build_site(three_locales(make_project), tmp_path / "out", base_url=BASE)
    return tmp_path / "out"


def html_pages(output: Path) -> list[str]:
    """Every page's site URL, redirect pages and 404 left out."""
    urls = []
    for path in sorted(output.rglob("index.html")):
        url = "/" + path.parent.relative_to(output).as_posix() + "/"
        url = "/" if url == "/./" else url
        if 'http-equiv="refresh"' not in path.read_text(encoding="utf-8"):
            urls.append(url)
    return urls


def alternates(output: Path, url: str) -> dict[str, str]:
    soup = page(output, url)
    return {link["hreflang"]: link["href"] for link in soup.select('link[rel="alternate"][hreflang]')}


def test_every_page_lists_its_alternates_reciprocally_with_x_default(built) -> None:
    urls = html_pages(built)
    assert "/fr/orders/annuler/" in urls and "/en-ca/orders/shipping/" in urls and "/ar/track/" not in urls
    for url in urls:
        found = alternates(built, url)
        assert set(found) == {"en", "fr", "en-CA", "ar", "x-default"}, url
        assert BASE + url.lstrip("/") in found.values(), url  # the page lists itself
        assert found["x-default"] == found["en"]
        for href in found.values():  # and every page it lists lists it back
            assert BASE + url.lstrip("/") in alternates(built, "/" + href.removeprefix(BASE)).values(), (url, href)
    assert alternates(built, "/orders/cancel/")["fr"] == BASE + "fr/orders/annuler/"


def test_each_locale_says_its_language_and_direction(built) -> None:
    for url, lang, direction in (
        ("/", "en", None),
        ("/fr/", "fr", None),
        ("/en-ca/", "en-CA", None),
        ("/ar/", "ar", "rtl"),
    ):
        html = page(built, url).html
        assert (html["lang"], html.get("dir")) == (lang, direction)
    assert page(built, "/fr/").select_one(".brand-name").text == "Aide"


def test_translated_text_fallbacks_and_their_notice(built) -> None:
    cancel = page(built, "/fr/orders/annuler/")
    assert cancel.h1.text == "Comment annuler ?"
    assert cancel.select_one(".fallback-notice") is None
    # a link to the translation of another question leads to that question in the same locale
    assert cancel.select_one(".prose a")["href"] == "../../orders/shipping/"
    fallback = page(built, "/ar/orders/cancel/")
    assert fallback.select_one(".fallback-notice") is not None
    assert fallback.select_one("article")["lang"] == "en"
    assert fallback.h1.text == "How do I cancel?"
    canada = page(built, "/en-ca/orders/")
    assert canada.select_one(".fallback-notice") is None  # en-CA inherits en: same language, no notice
    assert "259 CAD" in page(built, "/en-ca/orders/shipping/").text
    assert "259 CAD" not in page(built, "/orders/shipping/").text


def test_the_switcher_goes_to_the_same_page_or_the_locales_home(make_project, tmp_path) -> None:
    site = "title: T\ncontact:\n  email: a@b.org\nlocales:\n  - tag: fr\n    untranslated: omit\n"
    content = three_locales(
        make_project,
        **{
            "site.yaml": site,
            "sections/01-orders/02-shipping.en-CA.md": None,
            "sections/01-orders/03-only.md": "---\nquestion: Only in English?\n---\nYes.\n",
        },
    )
    build_site(content, tmp_path / "out")
    out = tmp_path / "out"
    switch = {
        a["hreflang"]: a["href"] for a in page(out, "/orders/cancel/").select("nav.locales a:not([aria-current])")
    }
    assert switch == {"fr": "../../fr/orders/annuler/"}
    back = {
        a["hreflang"]: a["href"] for a in page(out, "/fr/orders/annuler/").select("nav.locales a:not([aria-current])")
    }
    assert back == {"en": "../../../orders/cancel/"}
    # untranslated: omit leaves the question out of fr, so its switcher link goes to fr's home
    assert not (out / "fr" / "orders" / "only").exists()
    only = {a["hreflang"]: a["href"] for a in page(out, "/orders/only/").select("nav.locales a:not([aria-current])")}
    assert only == {"fr": "../../fr/"}
    assert [link["hreflang"] for link in page(out, "/orders/only/").select("link[hreflang]")] == []


def test_sitemap_lists_every_locales_pages_with_alternates(built) -> None:
    sitemap = (built / "sitemap.xml").read_text(encoding="utf-8")
    assert 'xmlns:xhtml="http://www.w3.org/1999/xhtml"' in sitemap
    assert f"<loc>{BASE}fr/orders/annuler/</loc>" in sitemap
    row = next(line for line in sitemap.splitlines() if f"<loc>{BASE}orders/cancel/</loc>" in line)
    assert f'hreflang="fr" href="{BASE}fr/orders/annuler/"' in row
    assert f'hreflang="x-default" href="{BASE}orders/cancel/"' in row


def test_manifest_redirects_and_search_per_locale(built) -> None:
    manifest = json.loads((built / "manifest.json").read_text(encoding="utf-8"))
    text = json.dumps(manifest)
    for url in ("fr/orders/annuler/", "en-ca/orders/shipping/", "ar/orders/cancel/", "fr/ancien/", "old-cancel/"):
        assert f'"{url}"' in text, url
    assert "fr/ancien/ /fr/orders/annuler/ 301" in (built / "_redirects").read_text(encoding="utf-8")
    fr_index = (built / "fr" / "search" / "index.json").read_text(encoding="utf-8")
    assert "remboursement" in fr_index and "annuler" in fr_index
    assert "remboursement" not in (built / "search" / "index.json").read_text(encoding="utf-8")
    # questions a locale shows from another language are named in its index, for results to mark them
    assert json.loads((built / "ar" / "search" / "index.json").read_text(encoding="utf-8"))["fallback"] == {
        "orders/cancel/": "en",
        "orders/shipping/": "en",
    }
    assert "fallback" not in json.loads(fr_index) and "fallback" not in json.loads(
        (built / "search" / "index.json").read_text(encoding="utf-8")
    )


def test_check_reports_each_locale(make_project) -> None:
    content = three_locales(make_project)
    result = CliRunner().invoke(main, ["check", "--content", str(content)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "fr: 2 translated, 0 missing, 1 outdated, 0 unknown" in lines
    assert "en-CA: 2 translated, 0 missing, 0 outdated, 0 unknown" in lines
    assert "ar: 0 translated, 2 missing, 0 outdated, 0 unknown" in lines
    strict = CliRunner().invoke(main, ["check", "--strict", "--content", str(content)])
    assert strict.exit_code == 0, strict.output  # nothing is marked complete: all allowed


def test_a_complete_locale_fails_strict_on_missing_and_outdated(make_project) -> None:
    content = three_locales(make_project)
    site = (content / "site.yaml").read_text(encoding="utf-8")
    (content / "site.yaml").write_text(site.replace("    title: Aide\n", "    complete: true\n"), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--strict", "--content", str(content)])
    assert result.exit_code == 1
    assert "02-shipping.fr.md:3: warning: outdated: 02-shipping.md changed since it was translated" in result.output


def test_stray_translations_are_errors_at_their_path(make_project) -> None:
    content = three_locales(
        make_project,
        **{
            "sections/01-orders/03-missing.fr.md": "---\nquestion: Q ?\n---\nR.\n",
            "sections/01-orders/01-cancel.de.md": "---\nquestion: Q?\n---\nA.\n",
        },
    )
    with pytest.raises(ContentError) as error:
        load_help_center(content)
    messages = sorted(str(p).split("content/", 1)[1] for p in error.value.problems if not p.warning)
    assert messages == [
        (
            "sections/01-orders/01-cancel.de.md:1: a translation into 'de', which is not a locale of the site: "
            "declare it under 'locales:' in site.yaml"
        ),
        (
            "sections/01-orders/03-missing.fr.md:1: a translation of '03-missing.md', which does not exist: "
            "a translation sits beside its source, named after it"
        ),
    ]


def test_new_translation_writes_the_source_and_its_hash(make_project) -> None:
    content = three_locales(make_project)
    result = CliRunner().invoke(main, ["new", "translation", "--content", str(content), "orders/shipping", "ar"])
    assert result.exit_code == 0, result.output
    written = (content / "sections" / "01-orders" / "02-shipping.ar.md").read_text(encoding="utf-8")
    assert f'source_hash: "{source_hash(SHIP.encode())}"' in written
    assert "question: What does shipping cost?" in written and written.endswith("Free over 199 USD.\n")
    hc, _ = load_help_center(content)
    assert [t.status.translated for t in hc.translations] == [2, 2, 1]
    refused = CliRunner().invoke(main, ["new", "translation", "--content", str(content), "orders/shipping", "de"])
    assert refused.exit_code == 1 and "'de' is not a locale of the site" in refused.output


def test_one_language_alone_needs_no_locales(make_project, tmp_path) -> None:
    site = "title: مساعدة\nlanguage: ar\ncontact:\n  email: help@example.org\n"
    build_site(make_project({"site.yaml": site}), tmp_path / "out")
    html = page(tmp_path / "out", "/orders/cancel/")
    assert (html.html["lang"], html.html["dir"]) == ("ar", "rtl")
    assert html.select("link[hreflang]") == [] and html.select("nav.locales") == []


def test_every_asset_a_locales_page_names_is_written(built) -> None:
    for url in ("/", "/fr/search/", "/ar/orders/cancel/", "/en-ca/"):
        soup = page(built, url)
        named = [tag.get("src") or tag.get("href") for tag in soup.select("script[src], link[href]")]
        named += [soup.body["data-lunr"]]
        folder = built / url.lstrip("/")
        for ref in named:
            if "assets/" in ref:
                assert (folder / ref).resolve().is_file(), (url, ref)


def test_a_locales_vanished_url_is_named(make_project, tmp_path) -> None:
    content = three_locales(make_project)
    build_site(content, tmp_path / "first")
    previous = tmp_path / "previous.json"
    previous.write_bytes((tmp_path / "first" / "manifest.json").read_bytes())
    # the fr translation's own slug changes, and nothing keeps its old URL
    translation = content / "sections" / "01-orders" / "01-cancel.fr.md"
    translation.write_text(translation.read_text(encoding="utf-8").replace("slug: annuler", "slug: annulation"))
    result = build_site(content, tmp_path / "second", previous=previous)
    lost = [p.message for p in result.warnings if "was published before" in p.message]
    assert len(lost) == 1 and lost[0].startswith("'/fr/orders/annuler/' was published before but is gone"), lost


@pytest.mark.slow
def test_the_nu_html_checker_finds_no_errors_in_any_locale(built) -> None:
    from tests.integration.test_html_valid import VNU_JAR

    run = subprocess.run(
        ["java", "-Xss2m", "-jar", str(VNU_JAR), "--format", "json", "--also-check-css", "--skip-non-html", str(built)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    messages = json.loads(run.stderr or run.stdout or '{"messages": []}')["messages"]
    # a meta CSP judged against file: URLs is an artefact of checking files (as in test_html_valid)
    found = [m for m in messages if "Content Security Policy" not in m["message"]]
    assert [(m.get("url"), m.get("lastLine"), m["message"]) for m in found] == []
    assert len(list(built.rglob("*.html"))) > 20  # every locale's pages were checked
