"""The look, as pictures: a few page types at 320, 375, 768 and 1280 px, light and
dark, compared with the references committed in tests/data/screenshots/.

A change to the theme shows up here as a failing test and, in review, as changed
PNG files. To accept a new look, refresh the references and commit them:

    KBGEN_UPDATE_SCREENSHOTS=1 .venv/bin/python -m pytest tests/browser/test_screenshots.py

A mismatch leaves the new picture and a diff (changed pixels in magenta) in
the artifacts folder (tests/support/pagetypes.py). The tolerance absorbs anti-aliasing noise,
not a moved box: at most 0.2 % of the pixels may differ by more than 48 levels.
"""

from __future__ import annotations

import io
import os

import pytest
from PIL import Image

from tests.support.pagetypes import ARTIFACTS, REPO, by_name
from tests.support.picture import SHARE, changed_share

REFERENCES = REPO / "tests" / "data" / "screenshots"
DIFFS = ARTIFACTS / "screenshots-diff"
UPDATE = os.environ.get("KBGEN_UPDATE_SCREENSHOTS") == "1"
WIDTHS = [320, 375, 768, 1280]
SCHEMES = ["light", "dark"]
PAGES = ["home", "section", "track-match"]
#: The first screen of each page: what a shopper sees before scrolling.
HEIGHT = 720


def small(shot: Image.Image) -> Image.Image:
    """The picture in 64 colours, undithered: a fifth of the bytes, and the same for the same pixels."""
    return shot.convert("RGB").quantize(colors=64, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
def test_pages_look_as_committed(browser, site_url: str, width: int, scheme: str) -> None:
    context = browser.new_context(viewport={"width": width, "height": HEIGHT}, color_scheme=scheme)
    tab = context.new_page()
    problems = []
    try:
        for name in PAGES:
            by_name(name).open(tab, site_url)
            # A blinking caret must not decide the test.
            tab.evaluate("document.activeElement && document.activeElement.blur()")
            shot = small(Image.open(io.BytesIO(tab.screenshot(animations="disabled", caret="hide"))))
            reference = REFERENCES / f"{name}-{width}-{scheme}.png"
            if UPDATE or not reference.is_file():
                REFERENCES.mkdir(parents=True, exist_ok=True)
                shot.save(reference, optimize=True)
                if not UPDATE:
                    problems.append(f"{reference.name}: no reference yet; written, commit it")
                continue
            expected = Image.open(reference)
            if shot.size != expected.size:
                problems.append(f"{reference.name}: size {shot.size} != {expected.size}")
                continue
            share, overlay = changed_share(shot, expected)
            if share > SHARE:
                DIFFS.mkdir(parents=True, exist_ok=True)
                shot.save(DIFFS / f"{name}-{width}-{scheme}.actual.png")
                overlay.save(DIFFS / f"{name}-{width}-{scheme}.diff.png")
                problems.append(f"{reference.name}: {share:.2%} of pixels changed (diff in {DIFFS})")
    finally:
        context.close()
    assert not problems, "\n".join(problems)
