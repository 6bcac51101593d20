"""What a build publishes beside the pages: redirects, host files, the URL manifest.

Pure, like rendering: takes the loaded help center and returns `(path, bytes)`
pairs plus the problems found comparing with the previous manifest. pipeline.py
calls `publishing_files` once, between rendering and writing.
"""

from __future__ import annotations

from pathlib import Path

from kbgen.errors import Problem
from kbgen.model import HelpCenter, OutputFile
from kbgen.publish.hosting import hosting_files, site_base_url
from kbgen.publish.manifest import Manifest, build_manifest, lost_urls, manifest_file
from kbgen.publish.redirects import redirect_files
from kbgen.render.theme import Theme


def publishing_files(
    hc: HelpCenter, theme: Theme, content_dir: Path, base_url: str = "", previous: Manifest | None = None
) -> tuple[list[OutputFile], list[Problem]]:
    """Redirect pages, `_redirects`, `_headers` and `manifest.json`; warnings for URLs lost since `previous`."""
    manifest = build_manifest(hc, site_base_url(hc, base_url), content_dir)
    files = [*redirect_files(hc, theme, base_url), *hosting_files(hc, base_url), manifest_file(manifest)]
    # a question left out by its dates is missing on purpose: not called lost
    # a question left out by its dates is left out of every locale (under each one's folder)
    meant = {prefix + item.url for prefix, _ in hc.in_every_locale() for item in hc.unpublished}
    lost = lost_urls(previous, manifest, meant) if previous is not None else []
    return files, lost
