"""The screenshot comparison itself: it sees a box that moved (tests/browser/test_screenshots.py takes the pictures)."""

from __future__ import annotations

from PIL import Image

from tests.support.picture import SHARE, changed_share


def test_the_comparison_sees_a_moved_box() -> None:
    """The tolerance keeps noise out, not change: one moved 40 px box fails it, one pixel does not."""
    base = Image.new("RGB", (320, 240), "white")
    moved = base.copy()
    moved.paste(Image.new("RGB", (40, 40), "black"), (10, 10))
    assert changed_share(moved, base)[0] > SHARE
    speck = base.copy()
    speck.putpixel((5, 5), (0, 0, 0))
    assert changed_share(speck, base)[0] <= SHARE
