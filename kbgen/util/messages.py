"""kbgen's message catalogues: `kbgen/locale/<lang>/LC_MESSAGES/messages.po`, compiled with Babel.

The theme's words (render/words.py installs them in the templates) and the few words the build writes
elsewhere (the track page's search document, search/documents.py) come from here. Reads only the package's
own catalogues; English is the msgids themselves. A catalogue is compiled once per process; given a folder
(the build cache's, one per kbgen code and so per catalogue text), its compiled form is kept there and read
back by later builds, which then load neither Babel's catalogue code nor the email package it parses headers
with (a tenth of the shipped site's build).
"""

from __future__ import annotations

import gettext
import io
import struct
from pathlib import Path

from kbgen.util.atomic import kept

#: The catalogues' folder: one `<lang>/LC_MESSAGES/messages.po` per language the theme speaks.
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "messages"
#: The languages whose catalogues ship with kbgen (English being the msgids, its catalogue repeats them).
SHIPPED = ("ar", "de", "en", "es", "fr", "ja")


def catalogue_path(language: str) -> Path:
    """The .po file of one language's words."""
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


_LOADED: dict[str, gettext.NullTranslations] = {}


def _compiled(language: str, folder: Path | None) -> gettext.NullTranslations:
    known = _LOADED.get(language)
    if known is None:
        known = _LOADED[language] = _load(language, folder)
    return known


def _load(language: str, folder: Path | None) -> gettext.NullTranslations:
    path = catalogue_path(language)
    if not path.is_file():
        return gettext.NullTranslations()
    return kept(
        folder / f"{language}.mo" if folder is not None else None, lambda: compile_catalogue(path, language), _read_mo
    )


def _read_mo(mo: bytes) -> gettext.GNUTranslations:
    """A compiled catalogue; ValueError for bytes that are not one (a damaged cache file)."""
    try:
        return gettext.GNUTranslations(io.BytesIO(mo))
    except struct.error as error:
        raise ValueError("not a .mo file") from error


def compile_catalogue(path: Path, language: str) -> bytes:
    """The .mo bytes of one .po catalogue, its fuzzy entries left out."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with path.open("rb") as po:
        catalogue = read_po(po, locale=language)
    mo = io.BytesIO()
    write_mo(mo, catalogue, use_fuzzy=False)  # a fuzzy entry is a guess: the English stands until it is checked
    return mo.getvalue()


def translations(tag: str, folder: Path | None = None) -> gettext.NullTranslations:
    """The words for a BCP 47 tag: its region's catalogue, else its language's; English (the msgids) else.

    Compiled catalogues are kept in `folder` when given (one per kbgen code: see the module's docstring)."""
    parts = tag.replace("_", "-").split("-")
    language = parts[0].lower()
    regional = f"{language}_{parts[1].upper()}" if len(parts) > 1 and len(parts[1]) == 2 else ""
    if regional and catalogue_path(regional).is_file():
        return _compiled(regional, folder)
    return _compiled(language, folder)
