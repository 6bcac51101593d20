"""The help center as text for assistants: `llms.txt`, `llms-full.txt` and a Markdown twin of every question.

Owns `DataSite` (one locale's help center, where it is published and its related
questions: what every data producer reads), the URLs the data files give, and the
Markdown files. Pure: `(path, bytes)` out, nothing read, nothing written; the same
content gives the same bytes. The JSON API is publish/api.py, the feed and the
OpenSearch description publish/feed.py.

Every producer takes one `DataSite`: a help center of one language and the
`prefix` its pages live under in the output (`""` at the root, `fr/` for a
French one), so a site of several locales calls them once per locale.

Links: with a base URL every link is absolute (`https://example.org/help/orders/cancel/`);
without one they are root-relative (`/orders/cancel/`), right for a site served
at its host's root. `llms.txt` follows llmstxt.org: an H1 with the title, a
blockquote summary, one H2 per section listing its questions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape

from kbgen.model import HelpCenter, OutputFile, Question, Section
from kbgen.render.pages import PageSpec, url_of
from kbgen.render.structured import text_of
from kbgen.urls import ROOT_MARK

LLMS_PATH = "llms.txt"
LLMS_FULL_PATH = "llms-full.txt"
#: A question's Markdown twin, beside its page's index.html.
TWIN_NAME = "index.md"
#: How long the one-line summary of a question in llms.txt may be.
SUMMARY_LIMIT = 160

#: An inline Markdown link or image target: `](target)` or `](target "title")`.
_LINK_TARGET = re.compile(r'\]\(\s*<?([^)\s>]+)>?(\s+"[^"]*")?\s*\)')
#: An internal link or image of rendered HTML (load/markdown.py marks them with ROOT_MARK), in document order.
_MARKED_HREF = re.compile(r' (?:href|src)="' + re.escape(ROOT_MARK) + r'([^"]*)"')
_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING = re.compile(r"^(#{1,6})(\s)")
_MD_SPECIAL = re.compile(r"([\\\[\]])")
#: The elements whose tags separate words in an answer's text, as render/structured.py's `text_of` reads them.
_BREAK_TAG = re.compile(r"</?(?:p|div|li|tr|td|th|pre|table|blockquote|h[1-6]|br)\b[^>]*>")
_ANY_TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class DataSite:
    """One locale's help center as the data producers read it."""

    hc: HelpCenter
    base_url: str = ""
    """The site's public address ending in `/` (the root of every locale), or "" for none."""
    prefix: str = ""
    """Where this locale's pages are under the output root: "" or `fr/`."""
    related: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Each question's related questions, by URL relative to the locale (`section/question/`), as its page shows."""
    locales: tuple[tuple[str, str], ...] = ()
    """Every locale of the site as (language tag, folder), the default's first; empty means this one alone."""
    texts: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    """Answers' plain text by HTML, read once for llms.txt, the API and the feed (this build's alone)."""
    markdowns: dict[tuple[str, str], str] = field(default_factory=dict, compare=False, repr=False)
    """Answers' Markdown with absolute links, by Markdown and HTML, made once for the twins and llms-full.txt."""

    def url(self, path: str) -> str:
        """The public URL of `path` (relative to this locale): absolute with a base URL, else root-relative."""
        return (self.base_url or "/") + self.prefix + path

    @property
    def root(self) -> str:
        """What the site's own links start with: the base URL, or `/`."""
        return self.base_url or "/"

    def text(self, question: Question) -> str:
        """The answer's plain text, whitespace collapsed."""
        html = question.answer_html
        if html not in self.texts:
            self.texts[html] = plain_text(html)
        return self.texts[html]

    def summary(self, question: Question) -> str:
        """One line saying what the answer says: its text cut at a word before SUMMARY_LIMIT characters."""
        text = self.text(question) or question.question
        if len(text) <= SUMMARY_LIMIT:
            return text
        return text[: SUMMARY_LIMIT - 1].rsplit(" ", 1)[0].rstrip(" ,;:.–—-") + "…"

    def questions(self) -> list[tuple[Section, Question]]:
        """Every question in site order."""
        return [(section, question) for section in self.hc.sections for question in section.questions]


def question_path(section: Section, question: Question) -> str:
    """A question's page URL relative to its locale's root: `section/question/`."""
    return f"{section.slug}/{question.slug}/"


def related_urls(specs: list[PageSpec]) -> dict[str, tuple[str, ...]]:
    """The related questions every question page of `specs` shows, by page URL (what render/pages.py chose)."""
    return {
        url_of(spec.path): tuple(question_path(s, q) for s, q in spec.context["related"])
        for spec in specs
        if "question" in spec.context
    }


def absolute_markdown(data: DataSite, markdown: str, html: str) -> str:
    """The editor's Markdown with its links to the site made absolute, as the rendered `html` resolved them.

    load/markdown.py resolved each relative `.md` and site-rooted link of the answer into `html`, in order;
    the Markdown's own targets are paired with those in the same order. When they cannot be paired (a link
    inside code, a reference-style link), the Markdown is left as the editor wrote it.
    """
    resolved = [data.root + href for href in _MARKED_HREF.findall(html)]
    internal = [m for m in _LINK_TARGET.finditer(markdown) if _is_internal(m.group(1))]
    if len(internal) != len(resolved):
        return markdown
    parts, last = [], 0
    for match, url in zip(internal, resolved, strict=True):
        parts.append(markdown[last : match.start(1)] + url)
        last = match.end(1)
    return "".join(parts) + markdown[last:]


def _is_internal(target: str) -> bool:
    if target.startswith("#") or re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", target):
        return False
    return target.startswith("/") or target.split("#", 1)[0].endswith(".md")


def shift_headings(markdown: str, below: int) -> str:
    """The Markdown with its ATX headings moved down so the highest is level `below + 1` (at most 6); code kept."""
    lines = markdown.split("\n")
    levels, fenced = [], False
    for line in lines:
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced and (m := _HEADING.match(line)):
            levels.append(len(m.group(1)))
    if not levels or min(levels) > below:
        return markdown
    shift, fenced, out = below + 1 - min(levels), False, []
    for line in lines:
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced and (m := _HEADING.match(line)):
            line = "#" * min(6, len(m.group(1)) + shift) + line[len(m.group(1)) :]
        out.append(line)
    return "\n".join(out)


def link_text(text: str) -> str:
    """Text safe inside a Markdown link's brackets."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def plain_text(html: str) -> str:
    """An answer's HTML as plain text, whitespace collapsed: what render/structured.py's `text_of` gives.

    Markdown's HTML (load/markdown.py escapes raw HTML) holds only tags, so it is read with two regexes,
    several times faster than HTMLParser; anything else (a stray `<`) goes through `text_of`.
    """
    stripped = _ANY_TAG.sub("", _BREAK_TAG.sub(" ", html))
    if "<" in stripped or ">" in stripped:
        return text_of(html)
    return " ".join(unescape(stripped).split())


def _answer(data: DataSite, question: Question, below: int) -> str:
    key = (question.answer_md, question.answer_html)
    text = data.markdowns.get(key)
    if text is None:
        text = data.markdowns[key] = absolute_markdown(data, question.answer_md.strip(), question.answer_html)
    return shift_headings(text, below)


def _blurb(hc: HelpCenter) -> str:
    return hc.site.description or f"Answers to shoppers' questions from {hc.site.title}."


def render_llms(data: DataSite) -> bytes:
    """`llms.txt`: the title, a summary, and every question as a link with one line, by section."""
    hc = data.hc
    lines = [f"# {hc.site.title}", "", f"> {_blurb(hc)}", ""]
    notes = []
    if hc.site.data.markdown:
        notes.append(f"Every answer is also published as Markdown: add `{TWIN_NAME}` to its URL.")
    notes.append(f"Every question with its whole answer, in one file: [{LLMS_FULL_PATH}]({data.url(LLMS_FULL_PATH)}).")
    lines += [" ".join(notes), ""]
    for section in hc.sections:
        if not section.questions:
            continue
        lines += [f"## {section.title}", ""]
        if section.description:
            lines += [section.description, ""]
        for question in section.questions:
            url = data.url(question_path(section, question))
            lines.append(f"- [{link_text(question.question)}]({url}): {data.summary(question)}")
        lines.append("")
    return "\n".join(lines).rstrip("\n").encode("utf-8") + b"\n"


def render_llms_full(data: DataSite) -> bytes:
    """`llms-full.txt`: every question and its whole answer in Markdown, in site order."""
    hc = data.hc
    lines = [f"# {hc.site.title}", "", f"> {_blurb(hc)}", ""]
    for section in hc.sections:
        if not section.questions:
            continue
        lines += [f"## {section.title}", ""]
        for question in section.questions:
            lines += [f"### {question.question}", "", f"URL: {data.url(question_path(section, question))}"]
            if question.updated is not None:
                lines.append(f"Updated: {question.updated.isoformat()}")
            lines += ["", _answer(data, question, 3), ""]
    return "\n".join(lines).rstrip("\n").encode("utf-8") + b"\n"


def render_twin(data: DataSite, section: Section, question: Question) -> bytes:
    """A question's Markdown twin: the question as title, the answer as written, its section and date."""
    lines = [f"# {question.question}", "", _answer(data, question, 1), "", "---", ""]
    lines.append(f"Section: [{link_text(section.title)}]({data.url(section.slug + '/')})")
    if question.updated is not None:
        lines.append(f"Updated: {question.updated.isoformat()}")
    lines.append(f"Page: {data.url(question_path(section, question))}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def twin_path(section: Section, question: Question) -> str:
    """Where a question's Markdown twin is written, relative to its locale."""
    return question_path(section, question) + TWIN_NAME


def text_files(data: DataSite) -> list[OutputFile]:
    """The Markdown files the site's settings ask for: llms.txt, llms-full.txt, the twins."""
    settings, files = data.hc.site.data, []
    if settings.llms:
        files += [(data.prefix + LLMS_PATH, render_llms(data)), (data.prefix + LLMS_FULL_PATH, render_llms_full(data))]
    if settings.markdown:
        files += [(data.prefix + twin_path(s, q), render_twin(data, s, q)) for s, q in data.questions()]
    return files
