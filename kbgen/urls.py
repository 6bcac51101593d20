"""What counts as a site's public address (`--base-url`, `base_url:` in site.yaml).

Pure string checks, shared by the CLI (a usage error) and the loader (a
content error at site.yaml's line), so both refuse the same addresses.
"""

from __future__ import annotations

from urllib.parse import urlsplit

BASE_URL_SCHEMES = ("https", "http")


def base_url_problem(url: str) -> str:
    """Why `url` cannot be a site's public address, or "" when it can (an empty `url` means none is set)."""
    if not url:
        return ""
    example = "such as https://example.org/help/"
    if any(char.isspace() for char in url):
        return f"'{url}' contains spaces: the base URL must be an absolute http(s) URL {example}"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return f"'{url}' is not a URL: the base URL must be an absolute http(s) URL {example}"
    if parts.scheme.lower() not in BASE_URL_SCHEMES or not parts.hostname or "://" not in url:
        return f"'{url}' is not an absolute http(s) URL: the base URL must start with https:// (or http://) and a host, {example}"
    if parts.query or parts.fragment or url.rstrip("/").endswith(("?", "#")):
        return f"'{url}' has a query or fragment: the base URL is the site's folder, {example}"
    return ""
