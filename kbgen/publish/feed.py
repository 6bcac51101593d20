"""The Atom feed of recently updated answers (`feed.xml`) and the OpenSearch description (`opensearch.xml`).

Owns both XML files. Pure: `(path, bytes)` out, from one locale's `DataSite`
(publish/data.py), so a site of several locales calls `feed_files` once per locale.

Both need the site's base URL: Atom wants absolute links and ids, and a browser
adds a search engine only from an absolute URL template. Without one neither is
written, and the build says why (`NO_BASE_URL_NOTE`), as it does for the sitemap.

The feed lists the `data.feed_count` questions updated last, newest first
(between equal dates, content order), questions without a date left out. Its
dates are the questions' (`updated:` or git's), never the clock, so a rebuild
gives the same bytes. An entry's id is its page's absolute URL: it survives
every rebuild and changes only when the page moves, which a feed reader should
see as a new entry anyway.
"""

from __future__ import annotations

import html
from datetime import date

from kbgen.model import OutputFile, Question, Section
from kbgen.publish.data import DataSite, question_path
from kbgen.urls import relink

FEED_PATH = "feed.xml"
OPENSEARCH_PATH = "opensearch.xml"
#: OpenSearch 1.1 allows a ShortName of at most 16 characters.
SHORT_NAME_LIMIT = 16
NO_BASE_URL_NOTE = (
    "no feed.xml or opensearch.xml: both need absolute URLs and this build has no base URL; "
    "build with --base-url https://example.org/help/ or set base_url in site.yaml to get them"
)


#: What an attribute value must not hold as itself: `&`, `<`, `>`, and tabs and line ends, which would be read back as
#: spaces (`&` first, so no reference is escaped twice).
_ATTRIBUTE = (("&", "&amp;"), (">", "&gt;"), ("<", "&lt;"), ("\n", "&#10;"), ("\r", "&#13;"), ("\t", "&#9;"))


def escape(text: str) -> str:
    """Character data: `&`, `<` and `>` as entity references, as `xml.sax.saxutils.escape` writes them (which loads
    urllib.request, http.client, ssl and email: 30 ms of every build with a base URL); the sitemap's way."""
    return html.escape(text, quote=False)


def quoteattr(text: str) -> str:
    """An attribute value with its quotes, as `xml.sax.saxutils.quoteattr` writes it: escaped, tabs and line ends
    as character references, in double quotes unless it holds `"` and no `'`."""
    for char, reference in _ATTRIBUTE:
        text = text.replace(char, reference)
    if '"' not in text:
        return f'"{text}"'
    if "'" not in text:
        return f"'{text}'"
    return '"{}"'.format(text.replace('"', "&quot;"))


def _timestamp(day: date | None) -> str:
    return f"{(day or date(1970, 1, 1)).isoformat()}T00:00:00Z"


def feed_entries(data: DataSite) -> list[tuple[Section, Question]]:
    """The questions the feed lists: the `feed_count` updated last, newest first."""
    dated = [(s, q) for s, q in data.questions() if q.updated is not None]
    dated.sort(key=lambda pair: pair[1].updated, reverse=True)  # stable: content order between equal dates
    return dated[: data.hc.site.data.feed_count]


def render_feed(data: DataSite) -> bytes:
    """`feed.xml`: an Atom feed of the answers updated last."""
    site, entries = data.hc.site, feed_entries(data)
    newest = entries[0][1].updated if entries else None
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={quoteattr(site.language)}>',
        f"<title>{escape(site.title)}</title>",
    ]
    if site.description:
        lines.append(f"<subtitle>{escape(site.description)}</subtitle>")
    lines += [
        f"<id>{escape(data.url(''))}</id>",
        f'<link rel="self" type="application/atom+xml" href={quoteattr(data.url(FEED_PATH))}/>',
        f'<link rel="alternate" type="text/html" href={quoteattr(data.url(""))}/>',
        f"<updated>{_timestamp(newest)}</updated>",
        f"<author><name>{escape(site.title)}</name></author>",
        "<generator>kbgen</generator>",
    ]
    for section, question in entries:
        url = data.url(question_path(section, question))
        lines += [
            "<entry>",
            f"<title>{escape(question.question)}</title>",
            f'<link rel="alternate" type="text/html" href={quoteattr(url)}/>',
            f"<id>{escape(url)}</id>",
            f"<updated>{_timestamp(question.updated)}</updated>",
            f"<category term={quoteattr(section.slug)} label={quoteattr(section.title)}/>",
            f"<summary>{escape(data.summary(question))}</summary>",
            f'<content type="html">{escape(relink(question.answer_html, data.root))}</content>',
            "</entry>",
        ]
    lines.append("</feed>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def short_name(title: str) -> str:
    """The site's title fitted to OpenSearch's ShortName: cut at a word, at most 16 characters."""
    if len(title) <= SHORT_NAME_LIMIT:
        return title
    cut = title[:SHORT_NAME_LIMIT].rsplit(" ", 1)[0]
    return cut if cut and cut != title[:SHORT_NAME_LIMIT] else title[:SHORT_NAME_LIMIT]


def render_opensearch(data: DataSite) -> bytes:
    """`opensearch.xml`: the site's search page, `?q=` filled by the browser with what was typed."""
    site = data.hc.site
    template = data.url("search/") + "?q={searchTerms}"
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<OpenSearchDescription xmlns="http://a9.com/-/spec/opensearch/1.1/">',
        f"<ShortName>{escape(short_name(site.title))}</ShortName>",
        f"<Description>{escape('Search ' + site.title)}</Description>",
        "<InputEncoding>UTF-8</InputEncoding>",
        f"<Language>{escape(site.language)}</Language>",
        f'<Url type="text/html" method="get" template={quoteattr(template)}/>',
        f'<Url type="application/opensearchdescription+xml" rel="self" template={quoteattr(data.url(OPENSEARCH_PATH))}/>',
        "</OpenSearchDescription>",
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def feed_files(data: DataSite) -> list[OutputFile]:
    """The feed and the OpenSearch description the settings ask for; none without a base URL."""
    settings = data.hc.site.data
    if not data.base_url:
        return []
    files = []
    if settings.feed:
        files.append((data.prefix + FEED_PATH, render_feed(data)))
    if settings.opensearch:
        files.append((data.prefix + OPENSEARCH_PATH, render_opensearch(data)))
    return files
