"""Pausing Python's cyclic garbage collector while a stage builds large structures.

Loading and indexing make hundreds of thousands of objects that all live on
(values with line marks, the model, postings lists) and hold no cycles worth
finding. The collector would walk them, and everything else alive, again and
again while they pile up: a seventh of a cached load and a tenth of the search
index at 10,000 questions. Cycles made meanwhile are freed at the next
collection after the block.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Within the block, no automatic garbage collection; as before afterwards, even on error."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
