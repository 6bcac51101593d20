"""The static JSON API: `api/v1/site.json`, `api/v1/sections/<slug>.json`, `api/v1/carriers.json`.

Owns the API's files and their shape, which the JSON Schemas in docs/api/v1/
describe (the tests validate every built file against them). Pure: `(path, bytes)`
out, from one locale's `DataSite` (publish/data.py), so a site of several locales
calls `api_files` once per locale, each writing under its own prefix.

Versioned: a field is added within `v1`, never renamed or removed; a change that
breaks a reader is `v2`, published beside `v1` for a while. URLs follow the data
files' rule (absolute with a base URL, else root-relative), and answers' HTML
has its links made the same way, so an app can show it outside the site.
JSON is compact and sorted (util/json_text.py), so two builds of the same content are byte-identical;
`jq .` shows it indented.
"""

from __future__ import annotations

from kbgen.model import Carrier, OutputFile, Question, Section
from kbgen.publish.data import DataSite, question_path
from kbgen.urls import relink
from kbgen.util.json_text import compact_json

API_DIR = "api/v1/"
API_VERSION = 1
SITE_JSON = API_DIR + "site.json"
CARRIERS_JSON = API_DIR + "carriers.json"


def section_json_path(section: Section) -> str:
    """Where a section's file is, relative to its locale."""
    return f"{API_DIR}sections/{section.slug}.json"


def _json(data: object) -> bytes:
    return (compact_json(data) + "\n").encode("utf-8")


def site_json(data: DataSite) -> dict:
    """What `site.json` says: the site, its locale, its sections with their counts and files."""
    hc = data.hc
    return {
        "api_version": API_VERSION,
        "title": hc.site.title,
        "description": hc.site.description,
        "language": hc.site.language,
        "url": data.url(""),
        "locales": [
            {"language": tag, "url": data.root + prefix, "api": data.root + prefix + SITE_JSON}
            for tag, prefix in data.locales or ((hc.site.language, data.prefix),)
        ],
        "sections": [
            {
                "slug": section.slug,
                "title": section.title,
                "description": section.description,
                "url": data.url(section.slug + "/"),
                "questions": len(section.questions),
                "api": data.url(section_json_path(section)),
            }
            for section in hc.sections
        ],
        "questions": sum(len(section.questions) for section in hc.sections),
        "carriers": data.url(CARRIERS_JSON) if hc.carriers else None,
    }


def question_json(data: DataSite, section: Section, question: Question) -> dict:
    """One question as a section's file lists it."""
    path = question_path(section, question)
    return {
        "id": path.rstrip("/"),
        "url": data.url(path),
        "title": question.question,
        "answer_html": relink(question.answer_html, data.root),
        "answer_text": data.text(question),
        "tags": list(question.tags),
        "updated": question.updated.isoformat() if question.updated is not None else None,
        "related": [data.url(url) for url in data.related.get(path, question.related)],
    }


def section_json(data: DataSite, section: Section) -> dict:
    """What a section's file says: the section and every question in it, in content order."""
    return {
        "api_version": API_VERSION,
        "slug": section.slug,
        "title": section.title,
        "description": section.description,
        "url": data.url(section.slug + "/"),
        "intro_html": relink(section.intro_html, data.root),
        "questions": [question_json(data, section, question) for question in section.questions],
    }


def carrier_json(carrier: Carrier) -> dict:
    """One carrier lookup rule, as `carriers.yaml` gives it."""
    return {
        "name": carrier.name,
        "prefixes": list(carrier.prefixes),
        "digits_only": carrier.digits_only,
        "website": carrier.website,
        "track_url": carrier.track_url or None,
        "phone": carrier.phone or None,
        "example": carrier.example,
    }


def api_files(data: DataSite) -> list[OutputFile]:
    """Every file of the API for one locale (none when `data: {api: false}`)."""
    hc = data.hc
    if not hc.site.data.api:
        return []
    files = [(data.prefix + SITE_JSON, _json(site_json(data)))]
    files += [(data.prefix + section_json_path(s), _json(section_json(data, s))) for s in hc.sections]
    if hc.carriers:
        carriers = {"api_version": API_VERSION, "carriers": [carrier_json(c) for c in hc.carriers]}
        files.append((data.prefix + CARRIERS_JSON, _json(carriers)))
    return files
