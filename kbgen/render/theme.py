"""Find and load a theme: Jinja2 templates and static assets.

The default theme lives in `theme/` of the source tree, or inside the package
(`kbgen/theme/`) when installed from a wheel. A user theme folder, when given,
overrides any template or asset of the same name; its templates can extend the
original as `default/<name>`. lunr.js comes from npm: in a source tree from
`theme/node_modules/lunr/`, in a wheel from the copy the build hook put there; so do
the lunr-languages files a site not in English adds to it (`search_runtime`).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
import markupsafe

from kbgen.errors import KbgenError
from kbgen.render.fingerprint import code_fingerprint
from kbgen.render.shared import SharedFragments
from kbgen.render.words import install
from kbgen.search.languages import Language
from kbgen.util.package import find_default_theme

LUNR_ASSET = "js/lunr.min.js"
#: The pages' Content-Security-Policy, given to every template as `content_security_policy` (base.html's meta
#: tag). The theme uses no inline script or style and loads nothing from other origins; hosts send it as a
#: header too, with what only a header can carry (publish/hosting.py).
PAGE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'"
)


def feedback_origin(endpoint: str) -> str:
    """The origin a feedback endpoint adds to `connect-src`: `https://host[:port]`; "" for a site path (same origin)."""
    if not endpoint or endpoint.startswith("/"):
        return ""
    parts = urlsplit(endpoint)
    return f"{parts.scheme}://{parts.netloc}".lower()


def page_policy(endpoint: str = "") -> str:
    """The pages' CSP: PAGE_POLICY, and for an endpoint on another origin `connect-src 'self' <origin>`.

    'self' stays: the search fetches its index from the site, and a `connect-src` replaces `default-src` for
    fetch and sendBeacon alike. The endpoint was checked at load (load/rules.py): it holds no space, quote or `;`.
    """
    origin = feedback_origin(endpoint)
    return f"{PAGE_POLICY}; connect-src 'self' {origin}" if origin else PAGE_POLICY


#: The registrations the index file's pipeline names need, appended to lunr.js for a site not in English.
LANGUAGES_SCRIPT = "search-languages.cjs"


def search_runtime(lunr: bytes, language: Language) -> bytes:
    """The page's lunr.js for a site in `language`: lunr.js itself in English, else followed by that language's
    lunr-languages files and `theme/search-languages.cjs` called for it (one classic script, loaded on first search)."""
    if language.code == "en":
        return lunr
    default = default_theme_dir()
    parts = [lunr]
    for name in language.scripts:
        # a wheel carries the files in kbgen/theme/lunr-languages/ (hatch_build.py), a source tree in node_modules
        for folder in (default / "lunr-languages", default / "node_modules" / "lunr-languages"):
            if (folder / name).is_file():
                parts.append((folder / name).read_bytes())
                break
        else:
            raise KbgenError(f"lunr-languages not found: run 'npm ci' in {default}")
    parts.append(_without_comments((default / LANGUAGES_SCRIPT).read_text(encoding="utf-8")).encode())
    stop_words = " ".join(sorted(language.stop_words))
    parts.append(f'kbgenSearchLanguage(lunr, "{language.code}", "{stop_words}");\n'.encode())
    return b"\n;".join(parts)


#: Whole-line `//` comments and `/* … */` blocks of theme/search-languages.cjs (kbgen's own file, which holds no
#: `/*` or `//` inside a string or a regular expression): a third of its gzipped bytes on every first search.
_JS_COMMENT = re.compile(r"^[ \t]*//[^\n]*\n|[ \t]*/\*.*?\*/[ \t]*\n?", re.MULTILINE | re.DOTALL)


def _without_comments(script: str) -> str:
    """`script` without its comments (see `_JS_COMMENT`)."""
    return _JS_COMMENT.sub("", script)


#: What `urllib.parse.quote` leaves as it is in a path (its always-safe characters and `/`), as Jinja2's urlencode.
_UNQUOTED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~/")


class _Quoted(dict):
    """Each character's quoted form, by code point, found when first asked for (`str.translate`'s table)."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        quoted = char if char in _UNQUOTED else "".join(f"%{byte:02X}" for byte in char.encode("utf-8"))
        self[code] = quoted
        return quoted


_QUOTED = _Quoted()


def urlencode(value: object) -> str:
    """Jinja2's `urlencode` filter, a string quoted by one `str.translate` rather than byte by byte in Python: a
    help card's `mailto:` link quotes a subject and a body on each question page. Else Jinja2's own."""
    if isinstance(value, str):
        return str.translate(value, _QUOTED)
    return jinja2.filters.do_urlencode(value)  # type: ignore[arg-type]


def default_theme_dir() -> Path:
    """The default theme's folder, installed or in the source tree."""
    folder = find_default_theme()
    if folder is None:
        raise KbgenError("the default theme is missing from this installation of kbgen")
    return folder


@dataclass(frozen=True)
class Theme:
    """Templates ready to render, and every static asset as bytes keyed by its path under `assets/`."""

    env: jinja2.Environment
    assets: dict[str, bytes]
    templates_digest: str = ""
    """Digest of every template file the theme can load, in lookup order: pages' fingerprints include it."""
    words_dir: Path | None = None
    """Where compiled catalogues and locale facts are kept between builds (render/words.py), or None."""


def _read_assets(folder: Path) -> dict[str, bytes]:
    static = folder / "static"
    if not static.is_dir():
        return {}
    return {
        path.relative_to(static).as_posix(): path.read_bytes()
        for path in sorted(static.rglob("*"))
        if path.is_file() and not path.name.startswith(".")
    }


def _templates_digest(folders: list[Path]) -> str:
    digest = hashlib.sha256()
    for number, folder in enumerate(folders):
        for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
            if path.is_file():
                digest.update(f"{number}:{path.relative_to(folder).as_posix()}\0".encode())
                digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _bytecode_cache(folder: Path | None) -> jinja2.BytecodeCache | None:
    """Compiled templates kept under `folder` (the build's cache folder), or none without one."""
    # Jinja2 keys a compiled template by its name, file and source, not by the environment's options: a folder
    # per kbgen code (which sets them), Python and Jinja2 version keeps one kbgen's compiled code from another's.
    target = _code_folder(folder, "templates")
    return jinja2.FileSystemBytecodeCache(str(target)) if target is not None else None


def _code_folder(folder: Path | None, kind: str) -> Path | None:
    """`<folder>/<kind>-<kbgen code fingerprint>`, made if missing; None without a cache folder or when it cannot
    be made (an unwritable cache folder only costs the work it would have saved)."""
    if folder is None:
        return None
    target = folder / f"{kind}-{code_fingerprint()[:16]}"
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return target


def load_theme(user_theme: Path | None = None, bytecode_dir: Path | None = None) -> Theme:
    """Load the default theme, overlaid by `user_theme` when given; compiled templates kept in `bytecode_dir`."""
    default = default_theme_dir()
    loaders: list[jinja2.BaseLoader] = []
    template_folders = [default / "templates"]
    assets = _read_assets(default)
    if LUNR_ASSET not in assets:
        lunr = default / "node_modules" / "lunr" / "lunr.min.js"
        if not lunr.is_file():
            raise KbgenError(f"lunr.js not found: run 'npm ci' in {default}")
        assets[LUNR_ASSET] = lunr.read_bytes()
    if user_theme is not None:
        if not (user_theme / "templates").is_dir() and not (user_theme / "static").is_dir():
            raise KbgenError(f"{user_theme}: a theme folder needs templates/ or static/")
        loaders.append(jinja2.FileSystemLoader(str(user_theme / "templates")))
        template_folders.insert(0, user_theme / "templates")
        assets.update(_read_assets(user_theme))
    loaders.append(jinja2.FileSystemLoader(str(default / "templates")))
    loaders.append(jinja2.PrefixLoader({"default": jinja2.FileSystemLoader(str(default / "templates"))}))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # the theme's words (render/words.py); fragments many pages share, rendered once (render/shared.py)
        extensions=["jinja2.ext.i18n", SharedFragments],
        bytecode_cache=_bytecode_cache(bytecode_dir),
        # a build loads its own theme (pipeline.py) and its templates do not change under it: no stat of a
        # template's file each time a page asks for it (12,000 at 1,000 questions)
        auto_reload=False,
    )
    env.filters["urlencode"] = urlencode
    # the words block (partials/words.html) in the page's own characters, not \u escapes: a third of the bytes
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}
    # the compiled catalogues and locale facts: a folder per kbgen code holds those of its .po files and Babel
    words_dir = _code_folder(bytecode_dir, "words")
    install(env, "en", words_dir)  # until a site's language is known (plan_site installs it)
    env.globals["content_security_policy"] = markupsafe.Markup(PAGE_POLICY)  # ours, with quotes to keep as they are
    return Theme(env=env, assets=assets, templates_digest=_templates_digest(template_folders), words_dir=words_dir)
