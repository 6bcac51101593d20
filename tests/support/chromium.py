"""Debian's Chromium as the tests and benchmarks start it: where it is, and the flags for this closed network.

Without the background-networking flags Chromium keeps trying hosts this machine cannot reach.
"""

from __future__ import annotations

import os

CHROMIUM = os.environ.get("KBGEN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
