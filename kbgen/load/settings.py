"""Loading `site.yaml` and `carriers.yaml`: the site's settings and the carrier rules.

Part of the loader (load/loader.py calls it); reads those two files only and
reports every problem into the load's `Report`.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from urllib.parse import urlsplit

from kbgen.config import (
    CARRIER_KEYS,
    CARRIERS_FILE_KEYS,
    CONTACT_KEYS,
    DATA_KEYS,
    FEEDBACK_KEYS,
    NAV_KEYS,
    NAV_SCHEMES,
    SITE_KEYS,
)
from kbgen.load.checks import NO_TRACK_HINT, check_carrier_rules
from kbgen.load.files import display_path, load_yaml_file
from kbgen.load.images import load_brand, load_image
from kbgen.load.locales import read_locales
from kbgen.load.rules import contact_form_problem, email_problem, endpoint_problem, language_problem
from kbgen.load.schedule import NoticeText, read_notice
from kbgen.load.schema import Report, check_keys, readable_part, setting
from kbgen.load.vocabulary import language_vocabulary, read_synonyms
from kbgen.load.yamlio import (
    MarkedDict,
    ParseCache,
)
from kbgen.model import Carrier, DataOutputs, NavLink, Site, Source
from kbgen.urls import base_url_problem, with_slash


def load_site(
    content_dir: Path, report: Report, cache: ParseCache | None = None, notices: list[NoticeText] | None = None
) -> Site | None:
    """Load `site.yaml`; its `notice:`, checked, is added to `notices` for the loader to render and date."""
    path = content_dir / "site.yaml"
    if not path.is_file():
        report.error(display_path(path), 0, "missing site.yaml: every content directory needs one")
        return None
    shown = display_path(path)
    data = load_yaml_file(str(path), shown, report, cache)
    if data is None:
        return None
    # Each part is checked even when another has a mistake; the build stops anyway (the errors are reported).
    if not check_keys(data, SITE_KEYS, shown, report):
        data = readable_part(data, SITE_KEYS)
    contact = data.get("contact") or MarkedDict()
    if contact and not check_keys(contact, CONTACT_KEYS, shown, report, SITE_KEYS):
        contact = readable_part(contact, CONTACT_KEYS)
    email = (contact.get("email") or "").strip()
    if email and (problem := email_problem(email)):
        report.error(shown, contact.line_of("email"), f"'email' {problem}")
        email = ""
    contact_form = (contact.get("form") or "").strip()
    if contact_form and (problem := contact_form_problem(contact_form)):
        report.error(shown, contact.line_of("form"), f"contact form '{contact_form}' {problem}")
        contact_form = ""
    feedback = data.get("feedback") or MarkedDict()
    if feedback and not check_keys(feedback, FEEDBACK_KEYS, shown, report, SITE_KEYS):
        feedback = readable_part(feedback, FEEDBACK_KEYS)
    endpoint = (feedback.get("endpoint") or "").strip()
    if endpoint and (problem := endpoint_problem(endpoint)):
        report.error(shown, feedback.line_of("endpoint"), f"feedback endpoint '{endpoint}' {problem}")
        endpoint = ""
    language = str(data.get("language") or "").strip()
    if language and (problem := language_problem(language)):
        report.error(shown, data.line_of("language"), f"'language' {problem}")
    locales = read_locales(data, shown, language or SITE_KEYS["language"].default, report)
    nav = []
    for item in data.get("nav") or []:
        if not isinstance(item, MarkedDict):
            report.error(shown, data.line_of("nav"), "each nav item must be a mapping with title and url")
            continue
        if not check_keys(item, NAV_KEYS, shown, report, SITE_KEYS):
            continue
        url = item["url"].strip()
        if not (url.startswith("/") and not url.startswith("//")) and urlsplit(url).scheme not in NAV_SCHEMES:
            report.error(
                shown,
                item.line_of("url"),
                f"nav url '{url}' must be a site path like '/track/' or an https:// or mailto: address",
            )
        nav.append(NavLink(item["title"].strip(), url, Source(shown, item.line_of("url"))))
    synonyms, synonym_sources = read_synonyms(data, shown, report)
    carrier_help = (data.get("carrier_help") or "").strip()
    if carrier_help and (not carrier_help.startswith("/") or carrier_help.startswith("//")):
        report.error(
            shown, data.line_of("carrier_help"), f"carrier_help '{carrier_help}' must be a site path like '/track/'"
        )
    logo = (data.get("logo") or "").strip()
    logo_image = load_image(content_dir, logo, shown, data.line_of("logo"), "logo", report) if logo else None
    brand_color, accent_color = load_brand(data, shown, report)
    base_url = (data.get("base_url") or "").strip()
    if problem := base_url_problem(base_url):
        report.error(shown, data.line_of("base_url"), f"base_url {problem}")
    base_url = with_slash(base_url)
    notice = read_notice(data, SITE_KEYS, shown, report)
    if notice is not None and notices is not None:
        notices.append(notice)
    return Site(
        title=(data.get("title") or "").strip(),
        base_url=base_url,
        language=language or SITE_KEYS["language"].default,
        description=(data.get("description") or "").strip(),
        contact_email=email,
        contact_form=contact_form,
        feedback_endpoint=endpoint,
        logo=logo,
        logo_image=logo_image,
        brand_color=brand_color,
        accent_color=accent_color,
        nav=tuple(nav),
        synonyms=synonyms,
        synonym_sources=synonym_sources,
        recent=_recent(data, shown, report),
        vocabulary=language_vocabulary(language or SITE_KEYS["language"].default)
        if setting(data, SITE_KEYS, "shop_vocabulary")
        else None,
        data=_data_outputs(data, shown, report),
        carrier_help=NavLink("carrier_help", carrier_help, Source(shown, data.line_of("carrier_help")))
        if carrier_help
        else None,
        locales=locales,
    )


def _recent(data: MarkedDict, shown: str, report: Report) -> int:
    """`recent:`, how many questions the home page's "Recently updated" lists."""
    recent = setting(data, SITE_KEYS, "recent")
    assert isinstance(recent, int)
    if recent < 0:
        report.error(shown, data.line_of("recent"), f"'recent' must be 0 or more, not {recent}")
        return 0
    return recent


def _data_outputs(data: MarkedDict, shown: str, report: Report) -> DataOutputs:
    """`data:`, which data files the build publishes beside the pages."""
    part = data.get("data") or MarkedDict()
    if part and not check_keys(part, DATA_KEYS, shown, report, SITE_KEYS):
        part = readable_part(part, DATA_KEYS)
    values = {key: setting(part, DATA_KEYS, key) for key in DATA_KEYS}
    count = values["feed_count"]
    assert isinstance(count, int)
    if count < 1:
        report.error(shown, part.line_of("feed_count"), f"'feed_count' must be 1 or more, not {count}")
        values["feed_count"] = DATA_KEYS["feed_count"].default
    return DataOutputs(**values)  # type: ignore[arg-type]


def load_carriers(content_dir: Path, report: Report, cache: ParseCache | None = None) -> tuple[Carrier, ...]:
    """Load `carriers.yaml` (optional)."""
    path = content_dir / "carriers.yaml"
    if not path.is_file():
        return ()
    shown = display_path(path)
    data = load_yaml_file(str(path), shown, report, cache)
    if data is None:
        return ()
    if not check_keys(data, CARRIERS_FILE_KEYS, shown, report):
        data = readable_part(data, CARRIERS_FILE_KEYS)
    if not data.get("carriers"):
        if "carriers" in data:
            report.error(shown, data.line_of("carriers"), "no carriers listed: add one, or delete carriers.yaml")
        return ()
    carriers, marks = [], []
    for item in data["carriers"]:
        if not isinstance(item, MarkedDict):
            report.error(shown, data.line_of("carriers"), "each carrier must be a mapping")
            continue
        if not check_keys(item, CARRIER_KEYS, shown, report, CARRIERS_FILE_KEYS):
            # Still checked against the others (a clashing prefix) when what it needs could be read.
            item = readable_part(item, CARRIER_KEYS)
            if not all(key in item for key, spec in CARRIER_KEYS.items() if spec.required):
                continue
        prefixes = item["prefix"] if isinstance(item["prefix"], list) else [item["prefix"]]
        if not prefixes or not all(isinstance(p, (str, int)) and str(p).strip() for p in prefixes):
            report.error(shown, item.line_of("prefix"), "'prefix' must be a non-empty string or list of strings")
            continue
        carriers.append(
            Carrier(
                name=item["name"].strip(),
                prefixes=tuple(str(p).strip().upper() for p in prefixes),
                website=item["website"].strip(),
                example=item["example"].strip(),
                digits_only=bool(setting(item, CARRIER_KEYS, "digits_only")),
                track_url=(item.get("track_url") or "").strip(),
                phone=(item.get("phone") or "").strip(),
                source=Source(shown, item.line),
            )
        )
        marks.append(item)
    check_carrier_rules(carriers, marks, shown, report)
    return tuple(carriers)


def check_nav(site: Site, paths: set[str], report: Report) -> None:
    """Report nav links and `carrier_help` pointing at site paths that no page has."""
    named = [("nav link", link) for link in site.nav]
    if site.carrier_help is not None:
        named.append(("carrier_help", site.carrier_help))
    for what, link in named:
        if not link.url.startswith("/") or link.url.startswith("//"):
            continue
        path = urlsplit(link.url).path[1:]
        if path in paths:
            continue
        close = difflib.get_close_matches(path, sorted(paths), n=1)
        hint = f" (did you mean '/{close[0]}'?)" if close else ""
        if path.rstrip("/") == "track" and "track/" not in paths:
            hint = NO_TRACK_HINT
        report.error(link.source.path, link.source.line, f"{what} '{link.url}' is not a page of the site{hint}")
