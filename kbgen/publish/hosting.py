"""Files that static hosts read beside the site: `_headers` (Netlify, Cloudflare Pages).

Owns the caching and security headers policy. Pure: returns `(path, bytes)` and
reads nothing. Hosts that do not read `_headers` (GitHub Pages, a plain bucket)
serve it as an inert text file; docs/publishing.md shows how to set the same headers there.

The cache rule: every file under `assets/` carries a content hash in its name
(`urls.hashed_name`), so it can never change and is marked immutable for a
year. HTML, `sitemap.xml`, the search index's first file (`search/index.json`,
which names its hashed parts) and the rest keep their URLs across builds, so they get
no Cache-Control rule and keep the host's default, which on both Netlify and
Cloudflare Pages is `public, max-age=0, must-revalidate`: always revalidated. A
second Cache-Control rule on `/*` would be *joined* with the assets rule by
Cloudflare Pages (it merges all matching rules), so none is written.

The data files (docs/publishing.md) get their content types here too, as
`kbgen serve` gives them (`DATA_TYPES`): a host guesses `.md` and `feed.xml`
as text or generic XML otherwise. Each path has one Content-Type rule only.
"""

from __future__ import annotations

from kbgen.model import DataOutputs, HelpCenter, OutputFile
from kbgen.render.theme import PAGE_POLICY, page_policy
from kbgen.urls import with_slash

HEADERS_PATH = "_headers"

#: The site's Content-Security-Policy, sent on every response: the pages' own (in
#: their meta tag), plus what only a header can carry.
CONTENT_SECURITY_POLICY = PAGE_POLICY + "; frame-ancestors 'none'"
IMMUTABLE = "public, max-age=31536000, immutable"
SECURITY_HEADERS: tuple[tuple[str, str], ...] = (
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("X-Content-Type-Options", "nosniff"),
)


#: The content type of each data file, by the end of its path (the Markdown twins are `<question URL>index.md`).
DATA_TYPES: dict[str, str] = {
    "llms.txt": "text/plain; charset=utf-8",
    "llms-full.txt": "text/plain; charset=utf-8",
    "index.md": "text/markdown; charset=utf-8",
    ".json": "application/json",
    "feed.xml": "application/atom+xml",
    "opensearch.xml": "application/opensearchdescription+xml",
}


def data_type(path: str) -> str | None:
    """The content type a data file is served with, or None for any other file."""
    return next((kind for end, kind in DATA_TYPES.items() if path.endswith(end)), None)


def _data_rules(root: str, data: DataOutputs, has_base_url: bool, prefixes: tuple[str, ...] = ("",)) -> list[str]:
    """`_headers` rules giving the data files that are built their content types, in every locale's folder."""
    paths = []
    if data.llms:
        paths += [("llms.txt", "llms.txt"), ("llms-full.txt", "llms-full.txt")]
    if data.markdown:  # `:placeholder` matches one path segment on Netlify and Cloudflare Pages
        paths.append((":section/:question/index.md", "index.md"))
    if data.api:
        paths.append(("api/v1/*", ".json"))
    if has_base_url and data.feed:
        paths.append(("feed.xml", "feed.xml"))
    if has_base_url and data.opensearch:
        paths.append(("opensearch.xml", "opensearch.xml"))
    lines = ["# The data files, with their content types (docs/publishing.md)."] if paths else []
    for prefix in prefixes:
        for path, end in paths:
            lines += [root + prefix + path, f"  Content-Type: {DATA_TYPES[end]}"]
    return lines


def site_base_url(hc: HelpCenter, base_url: str = "") -> str:
    """The public URL the site is built for (`--base-url`, else site.yaml), ending in `/`; may be empty."""
    return with_slash(base_url or hc.site.base_url)


def base_path(base_url: str) -> str:
    """The path part of a base URL: `https://example.org/help/` -> `/help/`; `/` when there is none."""
    if not base_url:
        return "/"
    without_scheme = base_url.split("://", 1)[-1]
    slash = without_scheme.find("/")
    return with_slash(without_scheme[slash:] if slash >= 0 else "/")


def render_headers(
    base_url: str, feedback_endpoint: str = "", data: DataOutputs | None = None, prefixes: tuple[str, ...] = ("",)
) -> bytes:
    """The `_headers` file: immutable hashed assets, data files' content types (under each locale's folder in
    `prefixes`), security headers everywhere."""
    root = base_path(base_url)
    policy = page_policy(feedback_endpoint) + "; frame-ancestors 'none'"
    headers = [(name, policy if name == "Content-Security-Policy" else value) for name, value in SECURITY_HEADERS]
    lines = [
        "# Written by kbgen build; read by Netlify and Cloudflare Pages (other hosts ignore it).",
        "# Files under assets/ have a content hash in their names: cache them for a year.",
        f"{root}assets/*",
        f"  Cache-Control: {IMMUTABLE}",
        *_data_rules(root, data or DataOutputs(False, False, False, False, 1, False), bool(base_url), prefixes),
        "# Every response. HTML has no Cache-Control rule so the host's default (revalidate) applies.",
        f"{root}*",
        *(f"  {name}: {value}" for name, value in headers),
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def hosting_files(hc: HelpCenter, base_url: str = "") -> list[OutputFile]:
    """The host configuration files of a build."""
    prefixes = tuple(prefix for prefix, _ in hc.in_every_locale())
    site = hc.site
    return [(HEADERS_PATH, render_headers(site_base_url(hc, base_url), site.feedback_endpoint, site.data, prefixes))]
