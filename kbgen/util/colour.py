"""Colours as `#aabbcc`: parsing, the WCAG contrast ratio, and tints that keep a contrast.

Pure functions, shared by loading (a brand colour that fails WCAG AA is refused at
its site.yaml line) and rendering (the brand stylesheet).
"""

from __future__ import annotations

import re

#: WCAG 2.x AA for normal text: the brand colour carries white text (header, buttons)
#: and is the link colour on the white page, and both pairs have the same ratio.
AA_TEXT = 4.5
DEFAULT_BRAND = "#b4002d"
LIGHT_TEXT = "#ffffff"
#: The dark scheme's page background (theme/static/css/site.css, --bg).
DARK_BG = "#141417"
_HEX = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")


def parse_color(text: str) -> str | None:
    """`#abc` or `#aabbcc` (any case) as lowercase `#aabbcc`; None for anything else."""
    if not _HEX.fullmatch(text):
        return None
    digits = text[1:].lower()
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return "#" + digits


def _luminance(color: str) -> float:
    channels = [int(color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    """The WCAG contrast ratio of two `#aabbcc` colours, 1 to 21."""
    high, low = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def contrast_problem(name: str, color: str) -> str:
    """Why `color` cannot be the brand's `name` colour, or "" when it passes WCAG AA with white text."""
    ratio = contrast(color, LIGHT_TEXT)
    if ratio >= AA_TEXT:
        return ""
    return (
        f"'{name}' {color} has a contrast of {ratio:.2f}:1 with the white text it carries; "
        f"WCAG AA needs {AA_TEXT}:1 (try a darker shade)"
    )


def _mix(color: str, other: str, share: float) -> str:
    """`color` moved `share` (0 to 1) of the way to `other`."""
    parts = [round(int(color[i : i + 2], 16) * (1 - share) + int(other[i : i + 2], 16) * share) for i in (1, 3, 5)]
    return "#" + "".join(f"{p:02x}" for p in parts)


def on_dark(color: str) -> str:
    """A tint of `color` that reads as text on the dark scheme's background (AA), as close to it as can be."""
    for step in range(21):
        tint = _mix(color, LIGHT_TEXT, step / 20)
        if contrast(tint, DARK_BG) >= AA_TEXT:
            return tint
    return LIGHT_TEXT
