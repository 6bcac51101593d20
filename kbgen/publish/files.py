"""What a build publishes beside the pages: redirects, host files, the help center as data, the URL manifest.

Pure, like rendering: takes the loaded help center and returns `(path, bytes)`
pairs plus the problems found comparing with the previous manifest and the notes
for the build's summary. pipeline.py calls `publishing_files` once, between
rendering and writing. The data files (publish/data.py, api.py, feed.py) are
made for every locale, each under its own folder (`llms.txt`, `fr/llms.txt`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from kbgen.errors import Problem
from kbgen.model import HelpCenter, OutputFile
from kbgen.publish.api import api_files
from kbgen.publish.data import DataSite, text_files
from kbgen.publish.feed import NO_BASE_URL_NOTE, feed_files
from kbgen.publish.hosting import hosting_files, site_base_url
from kbgen.publish.manifest import Manifest, build_manifest, lost_urls, manifest_file
from kbgen.publish.redirects import redirect_files
from kbgen.render.pages import PageSpec
from kbgen.render.theme import Theme


def publishing_files(
    hc: HelpCenter,
    theme: Theme,
    content_dir: Path,
    base_url: str = "",
    previous: Manifest | None = None,
    related: list[dict[str, tuple[str, ...]]] | None = None,
    specs: Sequence[Sequence[PageSpec]] | None = None,
) -> tuple[list[OutputFile], list[Problem], tuple[str, ...]]:
    """Redirect pages, `_redirects`, `_headers`, the data files and `manifest.json`; warnings for URLs lost
    since `previous`; notes for the summary. `related` is, per locale (the default's first), each question page's
    related questions, by URL; `specs`, per locale, its pages as planned (when the caller has them)."""
    root = site_base_url(hc, base_url)
    locales = hc.in_every_locale()
    shown = related or [{} for _ in locales]
    tags = tuple((center.site.language, prefix) for prefix, center in locales)
    data = [
        file
        for (prefix, center), picks in zip(locales, shown, strict=True)
        for file in data_files(DataSite(center, root, prefix, picks, tags))
    ]
    manifest = build_manifest(hc, site_base_url(hc, base_url), content_dir, [path for path, _ in data], specs)
    files = [*redirect_files(hc, theme, base_url), *hosting_files(hc, base_url), *data, manifest_file(manifest)]
    # a question left out by its dates is missing on purpose: not called lost
    # a question left out by its dates is left out of every locale (under each one's folder)
    meant = {prefix + item.url for prefix, _ in hc.in_every_locale() for item in hc.unpublished}
    lost = lost_urls(previous, manifest, meant) if previous is not None else []
    settings = hc.site.data
    notes = (NO_BASE_URL_NOTE,) if (settings.feed or settings.opensearch) and not site_base_url(hc, base_url) else ()
    return files, lost, notes


def data_files(data: DataSite) -> list[OutputFile]:
    """The help center as data for one locale: llms.txt, Markdown twins, the JSON API, the feed, OpenSearch."""
    return [*text_files(data), *api_files(data), *feed_files(data)]
