"""`kbgen new`: start a help center, create correctly numbered and slugged section folders and question files.

Owns file names and the starting text of new files. Looks at folder and file
*names* only (the content itself is read by the loader), and never
overwrites: an existing file or a slug already taken is an error, and a new
help center goes only into a missing or empty folder.
"""

from __future__ import annotations

import difflib
import json
import shlex
from dataclasses import dataclass
from pathlib import Path

from kbgen.errors import KbgenError
from kbgen.load.locales import source_hash, translated_name, translation_name
from kbgen.load.yamlio import YamlSyntaxError, parse_yaml, split_front_matter, yaml_scalar
from kbgen.urls import ORDER_PREFIX_RE, RESERVED_SLUGS, is_slug, question_slug, slug_from_filename, slugify

SECTION_TEMPLATE = """\
title: {title}
# description: One line about this section, shown on the home page.
# intro: |
#   Optional Markdown shown above the questions.
"""

QUESTION_TEMPLATE = """\
---
question: {question}
# tags: [word, another word]   # optional: helps search
# updated: YYYY-MM-DD          # optional
# promoted: true               # optional: among the home page's popular questions
---
{answer}"""


SITE_TEMPLATE = """\
title: {title}
description: Answers to our customers' most common questions.
language: en
{contact}
# base_url: https://example.org/help/   # the site's public address: canonical links and the sitemap
# logo: images/logo.svg                 # an .svg or .png file in this folder
# brand:
#   color: "#1f5fbf"                    # the header, buttons and links (quoted; WCAG AA against white)
# synonyms:                             # words shoppers use for the same thing
#   - [refund, money back]
"""

FIRST_ANSWER = """\
Write each answer in Markdown below its question's front matter, one file per question.

- `kbgen new question getting-started "Your question?"{option}` adds a question here;
  `kbgen new section "Shipping"{option}` adds a topic.
- `kbgen serve{option}` shows the help center as you edit; `kbgen check{option}` names every mistake
  with its file and line.
"""


class NotAHelpCenter(KbgenError):
    """The content folder is not a help center (no site.yaml): a mistaken --content, or a help center not started."""


@dataclass(frozen=True)
class Created:
    """A file written by `kbgen new` or `kbgen import`."""

    path: Path
    what: str


def numbered(names: list[str]) -> tuple[int, int]:
    """Next order number after `names` (`01-x`, `02-y`, …) and the digits to pad it to."""
    numbers = [m for m in (ORDER_PREFIX_RE.match(n) for n in names) if m]
    if not numbers:
        return 1, 2
    width = max(2, *(len(m.group(1)) for m in numbers))
    return max(int(m.group(1)) for m in numbers) + 1, width


def section_folders(content: Path) -> list[Path]:
    """The section folders of a content directory, in order."""
    folder = content / "sections"
    return sorted(p for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []


def find_section(content: Path, name: str) -> Path:
    """The section folder named `name`, given as its slug (`membership`) or folder name (`01-membership`)."""
    folders = section_folders(content)
    for folder in folders:
        if name.strip("/") in (folder.name, slug_from_filename(folder.name)):
            return folder
    slugs = [slug_from_filename(f.name) for f in folders]
    close = difflib.get_close_matches(name, slugs, n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    known = ", ".join(slugs) or "none yet: create one with 'kbgen new section TITLE'"
    raise KbgenError(f"no section '{name}' in {content / 'sections'}{hint}; sections: {known}")


def content_option(content: Path) -> str:
    """` --content FOLDER` for a command that should work on `content` (nothing for the default `content`)."""
    return "" if content == Path("content") else f" --content {shlex.quote(content.as_posix())}"


def require_help_center(content: Path) -> None:
    """Refuse a content folder without site.yaml, saying how to start a help center there."""
    if (content / "site.yaml").is_file():
        return
    where = f"{content}/ has no site.yaml" if content.is_dir() else f"there is no folder {content}/"
    raise NotAHelpCenter(
        f"{where}: not a help center. Start one with 'kbgen new site \"Title\"{content_option(content)}', "
        "or name yours with --content"
    )


def _checked_slug(slug: str, text: str) -> str:
    if not slug:
        raise KbgenError(f"cannot make a URL slug from '{text}': give one with --slug")
    if not is_slug(slug):
        raise KbgenError(f"slug '{slug}' is not URL-clean: use lower-case letters, digits and single hyphens")
    return slug


def new_section(content: Path, title: str, slug: str | None = None, intro: str = "") -> Created:
    """Create `sections/NN-slug/_section.yaml` for a new section titled `title` (with a Markdown `intro`)."""
    require_help_center(content)
    title = " ".join(title.split())
    if not title:
        raise KbgenError("the section title is empty")
    slug = _checked_slug(slug if slug is not None else slugify(title), title)
    if slug in RESERVED_SLUGS:
        raise KbgenError(f"slug '{slug}' is reserved for the site's own pages: choose another with --slug")
    folders = section_folders(content)
    for folder in folders:
        if slug_from_filename(folder.name) == slug:
            raise KbgenError(f"a section with slug '{slug}' already exists: {folder}")
    number, width = numbered([f.name for f in folders])
    path = content / "sections" / f"{number:0{width}d}-{slug}" / "_section.yaml"
    if intro.strip():
        block = "\n".join(f"  {line}" if line.strip() else "" for line in intro.strip().split("\n"))
        text = f"title: {yaml_scalar(title)}\nintro: |\n{block}\n"
    else:
        text = SECTION_TEMPLATE.format(title=yaml_scalar(title))
    write_new(path, text)
    return Created(path, "section")


def new_question(content: Path, section: str, question: str, slug: str | None = None, answer: str = "") -> Created:
    """Create `NN-slug.md` in `section` with the question's front matter (and `answer`, if given)."""
    require_help_center(content)
    question = " ".join(question.split())
    if not question:
        raise KbgenError("the question is empty")
    folder = find_section(content, section)
    slug = _checked_slug(slug if slug is not None else question_slug(question), question)
    files = sorted(p.name for p in folder.glob("*.md"))
    for name in files:
        if slug_from_filename(name) == slug:
            raise KbgenError(
                f"a question with slug '{slug}' already exists: {folder / name}; choose another with --slug"
            )
    number, width = numbered(files)
    path = folder / f"{number:0{width}d}-{slug}.md"
    body = answer.strip() + "\n" if answer.strip() else ""
    write_new(path, QUESTION_TEMPLATE.format(question=yaml_scalar(question), answer=body))
    return Created(path, "question")


TRANSLATION_HEAD = """\
# A translation into {tag} of {source}: translate the question and the answer below, then delete this line.
# source_hash records the text translated; when {source} changes, kbgen check says this file is outdated.
"""


def new_translation(content: Path, question: str, tag: str) -> Created:
    """Write the translation into `tag` of `question` (`SECTION/QUESTION`: slugs or file names) beside it: the
    source's front matter and answer to translate, and its `source_hash`."""
    section, _, name = question.strip("/").partition("/")
    if not name:
        raise KbgenError(f"name the question as SECTION/QUESTION (membership/benefits), not '{question}'")
    folder = find_section(content, section)
    sources = sorted(p for p in folder.glob("*.md") if translation_name(p.name) is None)
    source = next((p for p in sources if name.removesuffix(".md") in (p.stem, slug_from_filename(p.name))), None)
    if source is None:
        known = ", ".join(slug_from_filename(p.name) for p in sources) or "none"
        raise KbgenError(f"no question '{name}' in {folder}; its questions: {known}")
    declared = _declared_locales(content)
    spelled = next((t for t in declared if t.lower() == tag.lower()), None)
    if spelled is None:
        known = ", ".join(declared) or "none yet"
        raise KbgenError(
            f"'{tag}' is not a locale of the site: add it under 'locales:' in site.yaml (locales: {known})"
        )
    path = folder / translated_name(source.name, spelled)
    data = source.read_bytes()
    doc = split_front_matter(data.decode("utf-8-sig").replace("\r\n", "\n"))
    meta = doc.meta if isinstance(doc.meta, dict) else {}
    front = [f"question: {yaml_scalar(str(meta.get('question') or ''))}"]
    if isinstance(meta.get("tags"), list) and meta["tags"]:
        front.append("tags: [" + ", ".join(yaml_scalar(str(t)) for t in meta["tags"]) + "]")
    front.append(f"source_hash: {json.dumps(source_hash(data))}")
    head = TRANSLATION_HEAD.format(tag=spelled, source=source.name)
    write_new(path, "---\n" + head + "\n".join(front) + "\n---\n" + doc.body.lstrip("\n"))
    return Created(path, "translation")


def _declared_locales(content: Path) -> list[str]:
    """The tags `locales:` in site.yaml declares (none when it cannot be read: `kbgen check` says why)."""
    try:
        data = parse_yaml((content / "site.yaml").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, YamlSyntaxError):
        return []
    items = data.get("locales") if isinstance(data, dict) else None
    return [str(item["tag"]) for item in items or [] if isinstance(item, dict) and item.get("tag")]


def new_site(content: Path, title: str, email: str = "") -> list[Created]:
    """Start a help center in `content` (missing or empty): site.yaml, a first section and a first question."""
    title = " ".join(title.split())
    if not title:
        raise KbgenError("the help center's title is empty")
    if content.exists() and (not content.is_dir() or any(content.iterdir())):
        raise KbgenError(f"{content} is not an empty folder: a new help center starts in a new or empty one")
    contact = f"contact:\n  email: {yaml_scalar(email)}" if email else "# contact:\n#   email: help@example.org"
    site = content / "site.yaml"
    write_new(site, SITE_TEMPLATE.format(title=yaml_scalar(title), contact=contact))
    section = new_section(content, "Getting started")
    first = FIRST_ANSWER.format(option=content_option(content))
    question = new_question(content, "getting-started", "How do I write an answer?", answer=first)
    return [Created(site, "site settings"), section, question]


def write_new(path: Path, text: str) -> None:
    """Write a new UTF-8 file, creating folders; refuse to overwrite anything."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        raise KbgenError(f"{path} already exists: not overwriting it") from None
