"""kbgen's message catalogues: `kbgen/locale/<lang>/LC_MESSAGES/messages.po`, compiled in memory with Babel.

The theme's words (render/words.py installs them in the templates) and the few words the build writes
elsewhere (the track page's search document, search/documents.py) come from here. Reads only the package's
own catalogues; English is the msgids themselves.
"""

from __future__ import annotations

import gettext
import io
from functools import cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

#: The catalogues' folder: one `<lang>/LC_MESSAGES/messages.po` per language the theme speaks.
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "messages"
#: The languages whose catalogues ship with kbgen (English being the msgids, its catalogue repeats them).
SHIPPED = ("ar", "de", "en", "es", "fr", "ja")


def catalogue_path(language: str) -> Path:
    """The .po file of one language's words."""
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def _compiled(language: str) -> gettext.NullTranslations:
    path = catalogue_path(language)
    if not path.is_file():
        return gettext.NullTranslations()
    with path.open("rb") as po:
        catalogue = read_po(po, locale=language)
    mo = io.BytesIO()
    write_mo(mo, catalogue, use_fuzzy=False)  # a fuzzy entry is a guess: the English stands until it is checked
    mo.seek(0)
    return Translations(mo, domain=DOMAIN)


def translations(tag: str) -> gettext.NullTranslations:
    """The words for a BCP 47 tag: its region's catalogue, else its language's; English (the msgids) else."""
    parts = tag.replace("_", "-").split("-")
    language = parts[0].lower()
    regional = f"{language}_{parts[1].upper()}" if len(parts) > 1 and len(parts[1]) == 2 else ""
    if regional and catalogue_path(regional).is_file():
        return _compiled(regional)
    return _compiled(language)
