"""The test-only kill points of a build: the one module that knows them.

Set only by the tests and the benchmarks (`bench/kill_table.py`, `bench/interrupt_table.py`),
through the environment variable `KBGEN_TEST_FAULTS` (comma-separated): `kill=POINT` or
`kill=POINT:N` ends the process with SIGKILL when the build reaches POINT (the Nth time: `stage`
counts staged files); `interrupt=POINT[:N]` sends SIGINT to the process group there (as Ctrl-C in
a terminal does) and `term=POINT[:N]` sends the process SIGTERM; `plain-renames` swaps the output
with two renames instead of an atomic exchange.

The build reaches its points by calling `point(name)`; unset, a point does nothing. The
points, in build order: `loaded`, `staging`, `write:N` (the Nth file a process wrote into the
staging folder: a forked render worker counts its own, and is the one killed), `stage:N`,
`rendered`, `linked`, `marked`, `untagged`, `retired` (two plain renames only), `swapped`,
`cleaned`, and `removing` (in the detached remover, half-way through the old tree).
"""

from __future__ import annotations

import os
import signal

VARIABLE = "KBGEN_TEST_FAULTS"
#: What each fault does at its point: the signal, and whether it goes to the whole process group.
ACTIONS = {"kill": (signal.SIGKILL, False), "interrupt": (signal.SIGINT, True), "term": (signal.SIGTERM, False)}


def _spec() -> tuple[str, str, int, bool]:
    """(action, point, its count, plain renames) as the environment sets them now."""
    action, where, count, plain = "", "", 0, False
    for item in filter(None, os.environ.get(VARIABLE, "").split(",")):
        if item == "plain-renames":
            plain = True
        elif item.partition("=")[0] in ACTIONS:
            action, _, target = item.partition("=")
            where, _, number = target.partition(":")
            count = int(number or 0)
    return action, where, count, plain


def point(name: str, count: int = 0) -> None:
    """The build reached `name` (for the `count`th time): the signal the tests asked for, if any, is sent here."""
    if VARIABLE not in os.environ:  # every build but the tests': one look-up per point
        return
    action, where, wanted, _ = _spec()
    if action and where == name and count == wanted:
        signum, group = ACTIONS[action]
        if group:
            os.killpg(0, signum)
        else:
            os.kill(os.getpid(), signum)


def plain_renames() -> bool:
    """Whether the tests ask the swap to use two renames instead of an atomic exchange."""
    return VARIABLE in os.environ and _spec()[3]
