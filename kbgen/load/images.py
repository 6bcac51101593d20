"""Load stage: the brand settings of `site.yaml` and the images content names (logo, section icons).

Reads image files from the content folder only; checks colours with brand.py and
icon names against the default theme's shipped set. Every problem is reported
at the `path:line` of the key that named it.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from kbgen.config import BRAND_KEYS
from kbgen.load.schema import Report, check_keys
from kbgen.load.yamlio import MarkedDict
from kbgen.model import Image
from kbgen.util.colour import contrast_problem, parse_color
from kbgen.util.package import find_default_theme

IMAGE_TYPES = {".svg": b"<", ".png": b"\x89PNG\r\n\x1a\n"}
#: An icon or logo bigger than this is surely not meant to be one (and would weigh on every page).
IMAGE_LIMIT = 200_000


def shipped_icons() -> list[str]:
    """The names of the icons the default theme ships (`static/icons/<name>.svg`)."""
    theme = find_default_theme()
    folder = theme / "static" / "icons" if theme is not None else None
    return sorted(p.stem for p in folder.glob("*.svg")) if folder is not None and folder.is_dir() else []


def load_brand(data: MarkedDict, shown: str, report: Report) -> tuple[str, str]:
    """`(brand colour, accent colour)` from site.yaml's `brand:` mapping, each "" when unset or refused."""
    brand = data.get("brand")
    if brand is None:
        return "", ""
    if not isinstance(brand, MarkedDict):
        report.error(shown, data.line_of("brand"), "'brand' must be a mapping with 'color' and optional 'accent'")
        return "", ""
    if not check_keys(brand, BRAND_KEYS, shown, report):
        return "", ""
    colors = []
    for key in BRAND_KEYS:
        if key in brand and brand[key] is None:
            # YAML reads an unquoted `#c8102e` as a comment, leaving the key empty.
            report.error(shown, brand.line_of(key), f"'{key}' is empty: put the colour in quotes, like \"#c8102e\"")
            colors.append("")
            continue
        text = (brand.get(key) or "").strip()
        color = parse_color(text) if text else ""
        if color is None:
            report.error(shown, brand.line_of(key), f"'{key}' must be a colour like \"#c8102e\", not '{text}'")
            color = ""
        elif color and (problem := contrast_problem(key, color)):
            report.error(shown, brand.line_of(key), problem)
            color = ""
        colors.append(color)
    return colors[0], colors[1]


def load_image(content_dir: Path, value: str, shown: str, line: int, key: str, report: Report) -> Image | None:
    """The SVG or PNG file `value` names, relative to the content folder; None (reported) when unusable."""
    relative = PurePosixPath(value)
    if relative.is_absolute() or ".." in relative.parts:
        report.error(shown, line, f"'{key}' must be a path inside the content folder, not '{value}'")
        return None
    signature = IMAGE_TYPES.get(relative.suffix.lower())
    if signature is None:
        report.error(shown, line, f"'{key}' must be an .svg or .png file, not '{value}'")
        return None
    path = content_dir / relative
    try:
        data = path.read_bytes()
    except OSError:
        report.error(shown, line, f"'{key}' names '{value}', which is not a file in the content folder")
        return None
    if len(data) > IMAGE_LIMIT:
        report.error(shown, line, f"'{key}' file '{value}' is {len(data):,} bytes; keep it under {IMAGE_LIMIT:,}")
        return None
    if not data.lstrip().startswith(signature):
        report.error(shown, line, f"'{key}' file '{value}' is not a {relative.suffix.lower()[1:].upper()} image")
        return None
    return Image(relative.as_posix(), data)


def load_icon(content_dir: Path, meta: MarkedDict, shown: str, report: Report) -> tuple[str, Image | None]:
    """A section's `icon:`: a shipped icon's name, or an image file from the content folder."""
    value = (meta.get("icon") or "").strip()
    if not value:
        return "", None
    line = meta.line_of("icon")
    if "." in value or "/" in value:
        return "", load_image(content_dir, value, shown, line, "icon", report)
    names = shipped_icons()
    if value not in names:
        report.error(
            shown, line, f"unknown icon '{value}'; shipped icons: {', '.join(names)} (or a .svg/.png file path)"
        )
        return "", None
    return value, None
