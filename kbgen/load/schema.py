"""Checking content mappings against the schema, and the problems report.

Checks a `site.yaml`, `carriers.yaml`, `_section.yaml` or front matter mapping
against its key table in kbgen/config.py, the one schema (`check_keys`,
`readable_part`, `string_list`, `allowed_warnings`), and owns `Report`, which
collects every problem of a load as `path:line: message`.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field

from kbgen.config import QUESTION_KEYS, Key
from kbgen.errors import Problem
from kbgen.load.yamlio import MarkedDict


@dataclass
class Report:
    """Problems collected while loading."""

    problems: list[Problem] = field(default_factory=list)

    def error(self, path: str, line: int, message: str) -> None:
        self.problems.append(Problem(path, line, message))

    def warn(self, path: str, line: int, message: str, code: str = "", allowed: bool = False) -> None:
        self.problems.append(Problem(path, line, message, warning=True, code=code, allowed=allowed))

    @property
    def errors(self) -> list[Problem]:
        return sorted({p for p in self.problems if not p.warning})

    @property
    def warnings(self) -> list[Problem]:
        return sorted({p for p in self.problems if p.warning})


def allowed_warnings(meta: MarkedDict, shown: str, report: Report) -> frozenset[str]:
    """The warning names a question's `allow_warnings` lists, each checked against the known ones."""
    names = set()
    choices = sorted(QUESTION_KEYS["allow_warnings"].choices)
    for name in string_list(meta, "allow_warnings", shown, report):
        if name in choices:
            names.add(name)
            continue
        hint = difflib.get_close_matches(name, choices, n=1)
        suggestion = f" (did you mean '{hint[0]}'?)" if hint else ""
        known = ", ".join(choices)
        report.error(shown, meta.line_of("allow_warnings"), f"unknown warning '{name}'{suggestion}; known: {known}")
    return frozenset(names)


def check_keys(
    data: MarkedDict, schema: dict[str, Key], shown: str, report: Report, outer: dict[str, Key] | None = None
) -> bool:
    """Report unknown, missing and mistyped keys; True when the mapping is usable.

    `outer` is the schema of the mapping `data` is nested in: a key of it found
    here, or a key of a nested mapping found at this level, is most likely
    mis-indented, and the message says so.
    """
    ok = True
    for key in data:
        if key not in schema:
            hint = difflib.get_close_matches(str(key), list(schema), n=1)
            suggestion = f" (did you mean '{hint[0]}'?)" if hint else ""
            parent = next((name for name, spec in schema.items() if spec.keys and key in spec.keys), None)
            if parent is not None:
                suggestion = f" ('{key}' belongs under '{parent}:': it is probably mis-indented)"
            elif outer is not None and key in outer:
                suggestion = f" ('{key}' belongs one level up: it is probably indented too deep)"
            allowed = ", ".join(schema)
            report.error(shown, data.line_of(key), f"unknown key '{key}'{suggestion}; allowed: {allowed}")
            ok = False
    for key, spec in schema.items():
        if key not in data or data[key] is None:
            if spec.required:
                report.error(shown, data.line, f"missing required key '{key}'")
                ok = False
            continue
        value = data[key]
        if not _well_typed(value, spec):
            hint = " (put it in quotes)" if str in spec.types and isinstance(value, (int, float)) else ""
            report.error(shown, data.line_of(key), f"'{key}' must be {spec.label}, not {_describe(value)}{hint}")
            ok = False
        elif str in spec.types and isinstance(value, str) and spec.required and not value.strip():
            report.error(shown, data.line_of(key), f"'{key}' must not be empty")
            ok = False
    return ok


def _well_typed(value: object, spec: Key) -> bool:
    if isinstance(value, bool) and bool not in spec.types:
        return False
    if dt.date in spec.types and isinstance(value, dt.datetime):
        return False
    return isinstance(value, spec.types)


def readable_part(data: MarkedDict | None, schema: dict[str, Key]) -> MarkedDict:
    """The keys of `data` that `schema` knows, with values of the right type, line marks kept.

    What the cross-file checks (duplicate URLs, repeated questions) can still
    use of a mapping `check_keys` found a mistake in: a mistake in one file
    must not hide the mistakes of another.
    """
    result = MarkedDict()
    result.line = data.line if data is not None else 1
    result.key_lines = {}
    for key, value in (data or {}).items():
        spec = schema.get(key)
        if spec is not None and value is not None and _well_typed(value, spec):
            result[key] = value
            result.key_lines[key] = data.line_of(key)
    return result


def _describe(value: object) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return f"'{str(value).lower()}'"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    return f"'{value}'"


def setting(data: MarkedDict, keys: dict[str, Key], key: str) -> object:
    """The value of `key` in `data`, or the schema's default when it is left out or empty."""
    value = data.get(key)
    return keys[key].default if value is None else value


def string_list(data: MarkedDict, key: str, shown: str, report: Report) -> tuple[str, ...]:
    """A list-of-strings value, reporting any item that is not a non-empty string."""
    items = data.get(key) or []
    result = []
    for item in items:
        if not isinstance(item, str) or not item.strip():
            report.error(shown, data.line_of(key), f"every item of '{key}' must be a non-empty string")
            return ()
        result.append(item.strip())
    return tuple(result)
