"""Redirects that keep old links alive: one page per alias, and a `_redirects` file.

Owns what an `aliases:` entry (on a question or a section) turns into. Every old
URL gets a small HTML page (meta refresh, canonical link, a plain link; no
script) that works on any static host, served from any sub-path; hosts that read
`_redirects` (Netlify, Cloudflare Pages) answer with a real 301 instead. Pure:
renders through the theme's `redirect.html` and returns `(path, bytes)`; loading
has already checked that no alias shadows a live URL or another alias.
"""

from __future__ import annotations

from dataclasses import dataclass

from kbgen.model import HelpCenter, OutputFile
from kbgen.publish.hosting import base_path, site_base_url
from kbgen.render.pages import root_for
from kbgen.render.theme import Theme
from kbgen.render.words import install

REDIRECTS_PATH = "_redirects"
TEMPLATE = "redirect.html"


@dataclass(frozen=True, order=True)
class Redirect:
    """An old URL and where it now lives, both relative to the site root (`old/slug/`)."""

    alias: str
    target: str
    title: str


def site_redirects(hc: HelpCenter) -> list[Redirect]:
    """Every alias of the help center, in every locale (a locale's under its folder), with its target, sorted by
    old URL."""
    return sorted(r for prefix, center in hc.in_every_locale() for r in locale_redirects(prefix, center))


def locale_redirects(prefix: str, center: HelpCenter) -> list[Redirect]:
    """The aliases of one locale's help center, under its folder `prefix` ("" for the default locale)."""
    redirects = []
    for section in center.sections:
        target = f"{prefix}{section.slug}/"
        redirects.extend(Redirect(prefix + alias, target, section.title) for alias in section.aliases)
        for question in section.questions:
            target = f"{prefix}{section.slug}/{question.slug}/"
            redirects.extend(Redirect(prefix + alias, target, question.question) for alias in question.aliases)
    return redirects


def render_redirect_page(redirect: Redirect, hc: HelpCenter, theme: Theme, base_url: str) -> bytes:
    """The HTML page served at an old URL: refresh to the new one, canonical, plain link."""
    relative = root_for(f"{redirect.alias}index.html") + redirect.target
    context = {
        "site": hc.site,
        "title": redirect.title,
        "target": relative,
        "canonical": f"{base_url}{redirect.target}" if base_url else relative,
    }
    return theme.env.get_template(TEMPLATE).render(context).encode("utf-8")


def render_redirects_file(redirects: list[Redirect], base_url: str) -> bytes:
    """`_redirects`: one permanent redirect a line, paths rooted at the site's base path."""
    root = base_path(base_url)
    lines = ["# Written by kbgen build from 'aliases:'; read by Netlify and Cloudflare Pages."]
    lines.extend(f"{root}{r.alias} {root}{r.target} 301" for r in redirects)
    return ("\n".join(lines) + "\n").encode("utf-8")


def redirect_files(hc: HelpCenter, theme: Theme, base_url: str = "") -> list[OutputFile]:
    """A redirect page per alias, in its locale's language and words, plus the `_redirects` file."""
    base_url = site_base_url(hc, base_url)
    files = []
    for prefix, center in hc.in_every_locale():
        install(theme.env, center.site.language, theme.words_dir)
        files += [
            (f"{r.alias}index.html", render_redirect_page(r, center, theme, base_url))
            for r in locale_redirects(prefix, center)
        ]
    install(
        theme.env, hc.site.language, theme.words_dir
    )  # the environment speaks the default locale again, as render_others left it
    files.append((REDIRECTS_PATH, render_redirects_file(site_redirects(hc), base_url)))
    return files
