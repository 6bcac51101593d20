"""Render the model into the site's files, in memory.

Never touches the file system: takes a HelpCenter and a loaded Theme, returns
`(path, bytes)` pairs. Every page gets `root`, its relative path to the site
root, so the tree works from any sub-path and from a plain folder.

Each page's template sees only its own context (a question page: the site, its
section and the question; never the list of every section), and every page
has a fingerprint of the code, templates and context it renders from
(render/fingerprint.py), known before any page is rendered (`plan_site`). A page
whose fingerprint the output already holds is not rendered again (`render_pages`'
`skip`): that is what makes a rebuild after one edit fast, without tracking which
page depends on which.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from markupsafe import Markup

from kbgen.carriers import carrier_rules
from kbgen.errors import KbgenError
from kbgen.model import HelpCenter, OutputFile, Section, text_direction
from kbgen.render.assets import hashed_asset_names, preload_helper, without_assets
from kbgen.render.brand import logo_asset, site_assets
from kbgen.render.fingerprint import Fingerprinter, code_fingerprint
from kbgen.render.locales import Alternate, LocalePages
from kbgen.render.site_files import NO_SITEMAP_NOTE, page_dates, render_manifest, render_robots, render_sitemap
from kbgen.render.structured import template_helpers
from kbgen.render.theme import LUNR_ASSET, Theme, page_policy, search_runtime
from kbgen.render.words import install
from kbgen.search.languages import search_language
from kbgen.search.related import related_for
from kbgen.urls import relink, with_slash
from kbgen.util.json_text import compact_json
from kbgen.util.processes import fork_imap


@dataclass(frozen=True)
class PageSpec:
    """One HTML page to render: output path, template and its own context."""

    path: str
    template: str
    context: dict
    digested: dict | None = None
    """What the page's fingerprint covers in place of `context`, when that is narrower (a question page's related
    questions: each question and its section's slug and title, not the section's every question); None: `context`."""


def root_for(path: str) -> str:
    """Relative prefix from the folder of `path` to the site root."""
    return "../" * path.count("/")


def url_of(path: str) -> str:
    """The pretty URL (relative to the root) of an output path."""
    return path.removesuffix("index.html")


#: What only the track page links (track.html): a site without carriers.yaml has no track page and ships none of
#: it, nor the modules only these import (the carrier matcher).
TRACK_PAGE_ASSETS = ("css/track.css", "js/track.js")
#: What only the pages of a site with several locales link (base.html, with the switcher).
LOCALE_ASSETS = ("css/locales.css", "js/locales.js")


#: What only a site with a feedback endpoint loads (base.html names it then): without one, nothing of it is shipped.
FEEDBACK_ASSETS = ("js/feedback.js",)


def carrier_steps_url(hc: HelpCenter) -> str:
    """Root-relative URL of the page on contacting a carrier that `site.yaml` names (`carrier_help`), if any."""
    link = hc.site.carrier_help
    return link.url.removeprefix("/") if link is not None else ""


def page_specs(hc: HelpCenter, related: dict[str, tuple[str, ...]] | None = None) -> list[PageSpec]:
    """Every HTML page of the site; `related` gives question pages their related questions (by URL)."""
    home = {"sections": hc.sections, "popular": hc.popular(), "recent": hc.recent()}
    specs = [PageSpec("index.html", "home.html", home)]
    by_url = {f"{s.slug}/{q.slug}/": (s, q) for s in hc.sections for q in s.questions}
    for section in hc.sections:
        # a section's notice stands on its page, beside its intro; a question's page keeps the answer in the first
        # screen of a phone, so only the site-wide notice stands above it
        site_notices = [hc.site.notice] if hc.site.notice is not None else []
        notices = [notice for notice in (hc.site.notice, section.notice) if notice is not None]
        context = {"section": section, "promoted": section.promoted(), "notices": notices}
        specs.append(PageSpec(f"{section.slug}/index.html", "section.html", context))
        for question in section.questions:
            url = f"{section.slug}/{question.slug}/"
            # a related question is in the fingerprint (page_fingerprints), with its section's slug and title
            picks = question.related or (related or {}).get(url, ())
            pairs = [by_url[pick] for pick in picks if pick in by_url]
            context = {
                "section": section,
                "question": question,
                "related": pairs,
                "in_section": [other for other in section.questions if other is not question],
                "notices": site_notices,
            }
            # `in_section` follows from `section` and `question`, both digested: leaving it out spares feeding every
            # page the ~30 questions of its section
            digested = {**context, "related": [(s.slug, s.title, q) for s, q in pairs], "in_section": None}
            specs.append(PageSpec(f"{url}index.html", "question.html", context, digested))
    for page in hc.pages:
        specs.append(PageSpec(f"{page.slug}/index.html", "page.html", {"page": page}))
    specs.append(PageSpec("search/index.html", "search.html", {"sections": hc.sections}))
    if hc.carriers:  # without carriers.yaml there is nothing to look up: no page, and no link to it
        rules = compact_json(carrier_rules(hc.carriers))
        context = {"carriers": hc.carriers, "carrier_rules_json": rules, "steps_url": carrier_steps_url(hc)}
        specs.append(PageSpec("track/index.html", "track.html", context))
    return specs


@dataclass(frozen=True)
class SitePlan:
    """A site's pages before any is rendered: what each page renders from, and what they all share."""

    specs: list[PageSpec]
    fingerprints: dict[str, str]
    """Every page's fingerprint by output path."""
    common: dict
    """The context every page shares."""
    assets: dict[str, bytes]
    names: dict[str, str]
    """Each asset's hashed name."""
    base_url: str
    prefix: str = ""
    """The locale's folder its pages are under (`fr/`; "" for the default locale)."""
    alternates: dict[str, tuple[Alternate, ...]] = field(default_factory=dict)
    """Each page's alternates in the other locales, by its URL (with the prefix): the sitemap's `xhtml:link`s."""


@dataclass(frozen=True)
class RenderedSite:
    """What `render_site` (or `render_others`, pages aside) made."""

    files: list[OutputFile]
    """Every file rendered, with its bytes: pages, 404, sitemap, robots.txt and hashed assets."""
    fingerprints: dict[str, str]
    """Every page's fingerprint by output path, pages not rendered included."""
    notes: tuple[str, ...] = ()
    """Things the user should know that are no problem in the content (say, why there is no sitemap)."""


def plan_site(
    hc: HelpCenter,
    theme: Theme,
    base_url: str = "",
    locale: LocalePages | None = None,
    related: dict[str, tuple[str, ...]] | None = None,
) -> SitePlan:
    """Every page of the site with its fingerprint, and every asset by its content hash; nothing rendered yet.

    With `locale`, the pages are one locale's of a site with several: under its folder, each with its alternates.
    `related` is `related_for(hc)` when the caller has it (from the build's search index), else computed here.
    """
    base_url = with_slash(base_url or hc.site.base_url)
    # the theme's words, dates and direction in the site's language
    install(theme.env, hc.site.language, theme.words_dir)
    # a theme's own brand.css or favicon wins; stylesheets and modules name what they draw and import by hashed names
    sources = {**site_assets(hc), **theme.assets}
    if LUNR_ASSET in sources:
        sources[LUNR_ASSET] = search_runtime(sources[LUNR_ASSET], search_language(hc.site.language))
    if not hc.carriers:
        sources = without_assets(sources, TRACK_PAGE_ASSETS)
    if not hc.translations and locale is None:  # a site of one locale ships no switcher styles
        sources = without_assets(sources, LOCALE_ASSETS)
    if not hc.site.feedback_endpoint:  # no endpoint: no script sends anything, none is shipped
        sources = without_assets(sources, FEEDBACK_ASSETS)
    assets, names = hashed_asset_names(sources)
    common = {
        "site": hc.site,
        "base_url": base_url,
        "has_track": bool(hc.carriers),
        "relink": relink,
        "logo_asset": logo_asset(hc.site),
        "inline_icon": _icon_helper(assets),
        "module_preloads": preload_helper(sources),
        "section_icon_asset": section_icon_asset,
        # with a feedback endpoint on another origin, the policy lets beacons reach it (render/theme.py)
        "content_security_policy": Markup(page_policy(hc.site.feedback_endpoint)),
        # the site-wide notice on every page; a section's pages add their own (page_specs)
        "notices": [hc.site.notice] if hc.site.notice is not None else [],
        "text_dir": text_direction(hc.site.language),
        "direction_of": text_direction,
        "alternates": (),
        "locale_links": (),
        **template_helpers(),
    }
    specs = page_specs(hc, related if related is not None else related_for(hc))
    alternates = {}
    if locale is not None:
        specs = [_in_locale(spec, locale) for spec in specs]
        alternates = {url_of(spec.path): spec.context["alternates"] for spec in specs}
    fingerprints = dict(zip((spec.path for spec in specs), page_fingerprints(specs, theme, common, names), strict=True))
    prefix = locale.prefix if locale is not None else ""
    return SitePlan(specs, fingerprints, common, assets, names, base_url, prefix, alternates)


def _in_locale(spec: PageSpec, locale: LocalePages) -> PageSpec:
    """A page of one locale: under its folder, with the same page in the other locales."""
    url = url_of(spec.path)
    context = {
        **spec.context,
        "alternates": locale.alternates.get(url, ()),
        "locale_links": locale.switcher.get(url, ()),
    }
    return PageSpec(locale.prefix + spec.path, spec.template, context)


def render_pages(
    plan: SitePlan,
    theme: Theme,
    skip: Collection[str] = (),
    workers: int = 1,
    stage: Callable[[str, bytes], Any] | None = None,
) -> Iterator[tuple[str, Any]]:
    """Each page of `plan` but those in `skip`, as (path, bytes), in order, as soon as it is rendered.

    `workers` > 1 renders in that many processes when enough pages are to be rendered for it to pay; the
    bytes are the same. Closing the iterator early stops the workers at once. With `stage`, the process that
    renders a page hands it to `stage(path, bytes)` (the writer's) and the pair holds what that returned.
    """
    # a site of several locales plans them all first: the words are the ones of the locale rendered now
    install(theme.env, plan.common["site"].language, theme.words_dir)
    todo = [number for number, spec in enumerate(plan.specs) if spec.path not in skip]
    job = _PageJob(theme, plan.common, plan.names, plan.specs, plan.prefix)
    function = job.render if stage is None else lambda number: stage(plan.specs[number].path, job.render(number))
    pages = fork_imap(function, todo, workers, PARALLEL_MIN_PAGES, _CHUNK)
    with closing(pages):
        for number, html in zip(todo, pages, strict=True):
            yield plan.specs[number].path, html


def render_page(plan: SitePlan, theme: Theme, spec: PageSpec) -> bytes:
    """One page of `plan`'s site rendered from `spec` (a spec of the plan, or one in its place: kbgen/preview.py)."""
    install(theme.env, plan.common["site"].language, theme.words_dir)
    return _PageJob(theme, plan.common, plan.names, [spec], plan.prefix).render(0)


def render_others(hc: HelpCenter, theme: Theme, plan: SitePlan, locales: Collection[SitePlan] = ()) -> RenderedSite:
    """Every file of the site but its pages: 404, sitemap, robots.txt, the web manifest and hashed assets.

    `locales` are the plans of the site's other locales, whose pages the sitemap lists too.
    """
    base_url, names, assets, specs = plan.base_url, plan.names, plan.assets, plan.specs
    install(theme.env, plan.common["site"].language, theme.words_dir)  # the 404 page in the default locale's words
    files: list[OutputFile] = []
    files.append(("404.html", render_404(theme, {**plan.common, "sections": hc.sections}, names, base_url)))
    notes = ()
    if base_url:  # the sitemap protocol allows only absolute URLs
        urls = [url_of(s.path) for s in specs]
        dates = page_dates(hc, [(url_of(s.path), s.context) for s in specs])
        alternates = dict(plan.alternates)
        for other, center in zip(locales, [t.hc for t in hc.translations], strict=True):
            urls.extend(url_of(s.path) for s in other.specs)
            dates.update(page_dates(center, [(url_of(s.path), s.context) for s in other.specs], other.prefix))
            alternates.update(other.alternates)
        files.append(("sitemap.xml", render_sitemap(urls, base_url, dates, alternates)))
    else:
        notes = (NO_SITEMAP_NOTE,)
    files.append(("robots.txt", render_robots(base_url)))
    files.append(("site.webmanifest", render_manifest(hc, names, assets)))
    files.extend((f"assets/{names[name]}", data) for name, data in sorted(assets.items()))
    # a locale's assets differ where its language does (the search runtime with its stemmer): each is written once
    written = {f"assets/{names[name]}" for name in assets}
    for other in locales:
        for name, data in sorted(other.assets.items()):
            if f"assets/{other.names[name]}" not in written:
                written.add(f"assets/{other.names[name]}")
                files.append((f"assets/{other.names[name]}", data))
    return RenderedSite(files, plan.fingerprints, notes)


def render_site(
    hc: HelpCenter,
    theme: Theme,
    base_url: str = "",
    progress: Callable[[int, int], None] | None = None,
    workers: int = 1,
) -> RenderedSite:
    """Render every page, 404, sitemap and robots.txt, and name every asset by its content hash.

    `progress(done, total)` is called as pages are rendered; `workers` as in `render_pages`.
    """
    plan = plan_site(hc, theme, base_url)
    pages: list[OutputFile] = []
    for done, page in enumerate(render_pages(plan, theme, workers=workers), start=1):
        pages.append(page)
        if progress is not None:
            progress(done, len(plan.specs))
    others = render_others(hc, theme, plan)
    return RenderedSite(pages + others.files, plan.fingerprints, others.notes)


def page_fingerprints(specs: list[PageSpec], theme: Theme, common: dict, names: dict[str, str]) -> list[str]:
    """Per page, the digest of everything its bytes follow from: code, templates, context, asset names, path."""
    printer = Fingerprinter()
    shared = printer.digest(
        [
            code_fingerprint(),
            theme.templates_digest,
            names,
            {key: value for key, value in common.items() if not callable(value)},
        ]
    )
    fingerprints = []
    for spec in specs:
        context = spec.context if spec.digested is None else spec.digested
        parts = [shared, spec.path.encode(), spec.template.encode(), printer.digest(context)]
        fingerprints.append(hashlib.sha256(b"".join(parts)).hexdigest()[:32])
    return fingerprints


@dataclass(frozen=True)
class _PageJob:
    """What rendering any page of a site needs."""

    theme: Theme
    common: dict
    names: dict[str, str]
    specs: list[PageSpec]
    prefix: str = ""

    def render(self, number: int) -> bytes:
        spec = self.specs[number]
        site_root = root_for(spec.path)
        # `root` is the locale's home (where its links go); assets and the web manifest are the site's, at `site_root`
        helpers = {**_asset_helper(site_root, self.names), "root": root_for(spec.path.removeprefix(self.prefix))}
        context = {**self.common, **helpers, "site_root": site_root, "page_url": url_of(spec.path), **spec.context}
        return self.theme.env.get_template(spec.template).render(context).encode("utf-8")


#: Below this many pages, starting processes costs more than it saves.
PARALLEL_MIN_PAGES = 500
_CHUNK = 250


def _asset_helper(root: str, names: dict[str, str]) -> dict:
    """Template context giving `root` and `asset(name)`, the URL of an asset's hashed file."""

    def asset(name: str) -> str:
        if name not in names:
            if name in TRACK_PAGE_ASSETS:
                why = "which this site does not publish: a site without carriers.yaml has no track page, nor its files"
            else:
                why = "which is not in the theme's static/ folder"
            raise KbgenError(f"a template names the asset '{name}', {why}")
        return f"{root}assets/{names[name]}"

    return {"root": root, "asset": asset}


def _icon_helper(assets: dict[str, bytes]) -> Callable[[str], Markup]:
    """Template helper: a theme icon (`icons/<name>.svg`) as inline SVG, hidden from assistive technology."""

    def inline_icon(name: str) -> Markup:
        svg = assets[f"icons/{name}.svg"].decode("utf-8").strip()
        return Markup(svg.replace("<svg ", '<svg class="icon" aria-hidden="true" focusable="false" ', 1))

    return inline_icon


def section_icon_asset(section: Section) -> str:
    """The asset name of a section's icon file from the content folder."""
    assert section.icon_image is not None
    return f"icons/content/{section.slug}{PurePosixPath(section.icon_image.path).suffix}"


def render_404(theme: Theme, common: dict, names: dict[str, str], base_url: str) -> bytes:
    """The not-found page; served at any depth, so its links are rooted, not relative."""
    root = _path_of(base_url) if base_url else "/"
    context = {**common, **_asset_helper(root, names), "site_root": root, "page_url": "404.html"}
    return theme.env.get_template("404.html").render(context).encode("utf-8")


def _path_of(url: str) -> str:
    without_scheme = url.split("://", 1)[-1]
    slash = without_scheme.find("/")
    return without_scheme[slash:] if slash >= 0 else "/"
