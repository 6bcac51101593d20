"""The test-only kill points of a build: the one module that knows them.

Set only by the kill tests and `bench/kill_table.py`, through the environment variable
`KBGEN_TEST_FAULTS` (comma-separated): `kill=POINT` or `kill=POINT:N` ends the process with
SIGKILL when the build reaches POINT (the Nth time: `stage` counts staged files);
`plain-renames` swaps the output with two renames instead of an atomic exchange.

The build reaches its points by calling `point(name)`; unset, a point does nothing. The
points, in build order: `loaded`, `staging`, `stage:N`, `rendered`, `linked`, `marked`,
`untagged`, `retired` (two plain renames only), `swapped`, `cleaned`, and `removing` (in the
detached remover, half-way through the old tree).
"""

from __future__ import annotations

import os
import signal

VARIABLE = "KBGEN_TEST_FAULTS"


def _spec() -> tuple[str, int, bool]:
    """(kill point, its count, plain renames) as the environment sets them now."""
    kill, count, plain = "", 0, False
    for item in filter(None, os.environ.get(VARIABLE, "").split(",")):
        if item == "plain-renames":
            plain = True
        elif item.startswith("kill="):
            name, _, number = item[5:].partition(":")
            kill, count = name, int(number or 0)
    return kill, count, plain


def point(name: str, count: int = 0) -> None:
    """The build reached `name` (for the `count`th time): SIGKILL here if the tests asked for it."""
    if VARIABLE not in os.environ:  # every build but the kill tests': one look-up per point
        return
    kill, wanted, _ = _spec()
    if kill == name and count == wanted:
        os.kill(os.getpid(), signal.SIGKILL)


def plain_renames() -> bool:
    """Whether the tests ask the swap to use two renames instead of an atomic exchange."""
    return VARIABLE in os.environ and _spec()[2]
