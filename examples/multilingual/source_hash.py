"""Write or check `source_hash:` in the example's translations (a maintenance script, not part of kbgen).

A translation (`01-benefits.fr.md`, `_section.ja.yaml`) records the file it translates with
`source_hash:`: the first 12 hex digits of the SHA-256 of its source's bytes, CRLF read as LF.
`kbgen new translation` writes the same value; this script keeps the example's records current
after its English sources are edited on purpose (the translation itself must be checked by hand).

    python examples/multilingual/source_hash.py          # report translations whose record differs
    python examples/multilingual/source_hash.py --write  # rewrite those records
    python examples/multilingual/source_hash.py FOLDER   # the same for another content folder
"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

CONTENT = Path(__file__).resolve().parent / "content"
# `<stem>.<BCP 47 tag>.<md|yaml>`: the tag sits between the source's name and its extension.
TRANSLATION_NAME = re.compile(r"^(?P<stem>[^.]+)\.(?P<tag>[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)\.(?P<ext>md|yaml)$")
RECORD = re.compile(r"^source_hash:.*$", re.MULTILINE)


def source_hash(path: Path) -> str:
    """The 12-digit record of `path`: SHA-256 of its bytes with CRLF as LF."""
    return hashlib.sha256(path.read_bytes().replace(b"\r\n", b"\n")).hexdigest()[:12]


def translations(content: Path) -> list[tuple[Path, Path]]:
    """Each translation under `content` with the source file beside it that it names."""
    found = []
    for path in sorted(content.rglob("*")):
        match = TRANSLATION_NAME.match(path.name)
        if match and path.is_file():
            found.append((path, path.with_name(f"{match['stem']}.{match['ext']}")))
    return found


def with_record(text: str, digest: str, is_markdown: bool) -> str:
    """`text` with its `source_hash:` set to `digest` (added at the end of the front matter, or first in YAML)."""
    line = f"source_hash: {digest}"
    if RECORD.search(text):
        return RECORD.sub(line, text, count=1)
    if is_markdown:
        head, sep, rest = text[4:].partition("\n---\n")
        return f"---\n{head}\n{line}{sep}{rest}"
    return f"{line}\n{text}"


def main(argv: list[str]) -> int:
    """Report (or with --write, fix) every translation whose record is not its source's hash."""
    write = "--write" in argv
    folders = [Path(arg) for arg in argv if arg != "--write"]
    stale = 0
    for translation, source in translations(folders[0] if folders else CONTENT):
        if not source.is_file():
            print(f"{translation}: its source {source.name} does not exist")
            stale += 1
            continue
        digest = source_hash(source)
        text = translation.read_text(encoding="utf-8")
        if f"source_hash: {digest}\n" in text:
            continue
        stale += 1
        if write:
            translation.write_text(with_record(text, digest, translation.suffix == ".md"), encoding="utf-8")
        print(f"{translation}: {'written' if write else 'differs from'} {digest}")
    return 1 if stale and not write else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
