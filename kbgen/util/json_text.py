"""Compact, deterministic JSON text: the one way the site's JSON is written (search files, carrier rules,
JSON-LD). Sorted keys, no spaces, non-ASCII kept as it is."""

from __future__ import annotations

import json


def compact_json(data: object) -> str:
    """`data` as JSON with sorted keys and no whitespace."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
