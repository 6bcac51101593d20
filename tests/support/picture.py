"""Comparing two screenshots: the share of pixels that changed beyond noise, and a picture of where."""

from __future__ import annotations

from PIL import Image, ImageChops

#: A channel may differ by this much (font smoothing, GPU-less rendering) before a pixel counts as changed.
LEVELS = 48
#: The share of changed pixels a page may have before it no longer looks as committed.
SHARE = 0.002


def changed_share(actual: Image.Image, expected: Image.Image) -> tuple[float, Image.Image]:
    """The share of pixels that differ by more than LEVELS in any channel, and a picture of them."""
    difference = ImageChops.difference(actual.convert("RGB"), expected.convert("RGB"))
    channels = [band.point(lambda v: 255 if v > LEVELS else 0) for band in difference.split()]
    mask = ImageChops.lighter(ImageChops.lighter(channels[0], channels[1]), channels[2])
    changed = mask.histogram()[255]
    overlay = Image.blend(expected.convert("RGB"), Image.new("RGB", expected.size, "white"), 0.6)
    overlay.paste(Image.new("RGB", expected.size, (255, 0, 255)), mask=mask)
    return changed / (expected.width * expected.height), overlay
