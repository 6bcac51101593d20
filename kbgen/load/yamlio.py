"""YAML reading with line numbers; the only module that imports `yaml`.

Mappings come back as `MarkedDict`, which remembers the line of every key, so
validation can point at the exact line an editor has to fix. A parsed value can
also be written as plain JSON data and read back, lines and all (`to_plain`,
`from_plain`), which is how load/cache.py remembers parses between builds.
`yaml_scalar` writes a value back as one line of YAML, for the files `kbgen new`
and `kbgen import` create.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import yaml


class MarkedDict(dict):
    """A dict that knows the 1-based line of each key (`key_lines`) and its own `line`."""

    line: int = 1
    key_lines: dict

    def line_of(self, key: str) -> int:
        """Line of `key`, or of the mapping itself when the key is absent."""
        return self.key_lines.get(key, self.line)


class YamlSyntaxError(ValueError):
    """Unparseable YAML; `line` is 1-based in the file."""

    def __init__(self, message: str, line: int):
        super().__init__(message)
        self.line = line


class _MarkedLoader(yaml.SafeLoader):
    pass


def _construct_mapping(loader: _MarkedLoader, node: yaml.MappingNode) -> MarkedDict:
    loader.flatten_mapping(node)
    result = MarkedDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int, float, bool)) and key is not None:
            raise YamlSyntaxError("mapping keys must be plain values", key_node.start_mark.line + 1)
        if key in result:
            raise YamlSyntaxError(f"duplicate key '{key}'", key_node.start_mark.line + 1)
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


_MarkedLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _construct_sequence(loader, node: yaml.SequenceNode) -> list:
    # `- cards` over a deeper `- money` is one plain item "cards - money" to YAML; an editor meant two items.
    lines = getattr(loader, "kbgen_lines", None)
    for item in node.value:
        if lines is None or not isinstance(item, yaml.ScalarNode) or item.style:  # plain: None, or "" from libyaml
            continue
        for number in range(item.start_mark.line + 1, item.end_mark.line + 1):
            row = lines[number].strip() if number < len(lines) else ""
            if row == "-" or row.startswith("- "):
                first = lines[item.start_mark.line].strip()
                raise YamlSyntaxError(
                    f"the list item '{first}' runs on into the line '{row}', which is indented deeper: check the "
                    "indentation (every '- ' item of a list starts in the same column), or put the item in quotes",
                    number + 1,
                )
    return loader.construct_sequence(node, deep=True)


_MarkedLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def _construct_timestamp(loader: _MarkedLoader, node: yaml.ScalarNode):
    # PyYAML raises a bare ValueError (no line) for dates such as 2025-13-01.
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError as err:
        raise YamlSyntaxError(
            f"'{node.value}' is not a valid date ({err}): write it as YYYY-MM-DD", node.start_mark.line + 1
        ) from None


_MarkedLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)

if getattr(yaml, "__with_libyaml__", False):

    class _FastMarkedLoader(yaml.CSafeLoader):
        """The same constructors over libyaml's parser: ten times faster on 10,000 question files."""

    _FastMarkedLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    _FastMarkedLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
    _FastMarkedLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
    _FAST_LOADER: type | None = _FastMarkedLoader
else:  # pragma: no cover - PyYAML built without libyaml
    _FAST_LOADER = None


def _load_fast(text: str, fast: bool = True):
    """Parse with libyaml when it is there; None when it is not or the text has any problem.

    Problems are then reported by the pure-Python parser, whose messages (and
    the hints below) the editors know; libyaml only speeds up valid files.
    """
    if not fast or _FAST_LOADER is None or yaml.reader.Reader.NON_PRINTABLE.search(text):
        return None
    try:
        return _load(text, _FAST_LOADER)  # a CSafeLoader subclass: safe
    except Exception:  # noqa: BLE001 - any failure is reported by the slow path
        return None


def _load(text: str, loader_class: type):
    """`yaml.load`, with the text's lines at hand for the constructors (`kbgen_lines`)."""
    loader = loader_class(text)
    loader.kbgen_lines = text.split("\n")
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


_HINTS = {
    "found character '\\t' that cannot start any token": "indent with spaces, not tabs",
    "mapping values are not allowed here": "a value that contains ': ' must be put in quotes",
    "found unexpected ':'": "a value that contains ': ' must be put in quotes",
}


def _over_indented(text: str, mark) -> bool:
    """True when the line of `mark` is a lone `key:` indented deeper than the line above: a mis-indented key."""
    lines = text.split("\n")
    if mark.line >= len(lines) or mark.line == 0:
        return False
    row = lines[mark.line]
    key = row[: mark.column].strip()
    if not key or ": " in key or key.startswith(("- ", "#")) or row[mark.column : mark.column + 1] != ":":
        return False
    above = next((r for r in reversed(lines[: mark.line]) if r.strip() and not r.lstrip().startswith("#")), "")
    return _indent(row) > _indent(above)


def _indent(row: str) -> int:
    return len(row) - len(row.lstrip(" "))


class ParseCache(Protocol):
    """Parses remembered between builds (load/cache.py's `YamlCache`)."""

    def parse(self, text: str, first_line: int, parse: Callable[[str, int], Any]) -> Any: ...


def parser_version() -> str:
    """What parses depend on besides the text and this module: PyYAML, and whether libyaml is there."""
    return f"{yaml.__version__}:{'libyaml' if _FAST_LOADER is not None else 'python'}"


def parse_yaml(text: str, first_line: int = 1, cache: ParseCache | None = None):
    """Parse YAML text; line numbers are offset so `first_line` is the text's first line. `cache` remembers."""
    if cache is not None:
        return cache.parse(text, first_line, parse_yaml_uncached)
    return parse_yaml_uncached(text, first_line)


def parse_yaml_uncached(text: str, first_line: int = 1, fast: bool = True):
    """`parse_yaml` without the cache; `fast=False` parses with the pure-Python parser even when libyaml is there."""
    data = _load_fast(text, fast)
    try:
        if data is None:
            data = _load(text, _MarkedLoader)  # a SafeLoader subclass: safe
    except YamlSyntaxError as err:
        raise YamlSyntaxError(str(err), err.line + first_line - 1) from None
    except yaml.MarkedYAMLError as err:
        unclosed = (err.problem or "").startswith(("found unexpected end of stream", "found unexpected document"))
        if unclosed and (err.context or "").endswith("quoted scalar") and err.context_mark is not None:
            # The parser notices only at the end of the text; the mistake is where the quote opens.
            opened = err.context_mark
            quote = text[opened.index] if opened.index < len(text) else '"'
            raise YamlSyntaxError(
                f"YAML syntax error: the {quote} at column {opened.column + 1} opens a quoted value that is never "
                f"closed: end the value with {quote}",
                opened.line + first_line,
            ) from None
        mark = err.problem_mark or err.context_mark
        line = (mark.line + 1) if mark else 1
        column = (mark.column + 1) if mark else 1
        problem = err.problem or "invalid YAML"
        hint = next((f"; {h}" for p, h in _HINTS.items() if problem.startswith(p)), "")
        if mark and problem.startswith("mapping values are not allowed here") and _over_indented(text, mark):
            hint = (
                "; check the indentation: this key is indented deeper than the line above it, so YAML reads it as "
                "part of that value (keys of one mapping start in the same column; a value with ': ' goes in quotes)"
            )
        raise YamlSyntaxError(f"YAML syntax error: {problem} (column {column}){hint}", line + first_line - 1) from None
    except yaml.reader.ReaderError as err:
        line = text[: err.position].count("\n") + first_line
        raise YamlSyntaxError(f"control character #x{err.character:04x} is not allowed in YAML", line) from None
    except yaml.YAMLError as err:
        raise YamlSyntaxError(f"YAML error: {err}", first_line) from None
    if first_line != 1:
        _shift_lines(data, first_line - 1)
    return data


def _shift_lines(value, offset: int) -> None:
    if isinstance(value, MarkedDict):
        value.line += offset
        value.key_lines = {k: v + offset for k, v in value.key_lines.items()}
        for item in value.values():
            _shift_lines(item, offset)
    elif isinstance(value, list):
        for item in value:
            _shift_lines(item, offset)


class NotPlain(ValueError):
    """A parsed value `to_plain` cannot write down exactly: it is then simply parsed again next time."""


def to_plain(value, line_offset: int = 0):
    """A parsed value as JSON data: mappings tagged `m` (with their lines, plus `line_offset`), dates `d`.

    Only what front matter and site files hold is written (strings, numbers,
    booleans, null, dates, lists, mappings), and only when no list or mapping
    appears twice (a YAML alias): reading the data back must give an equal
    value with the same lines, so anything else raises NotPlain.
    """
    seen: set[int] = set()

    def plain(item):
        kind = type(item)
        if kind in (str, int, bool, float) or item is None:
            return item
        if kind is dt.date:
            return {"d": item.isoformat()}
        if kind not in (list, MarkedDict) or id(item) in seen:
            raise NotPlain(kind.__name__)
        seen.add(id(item))
        if kind is list:
            return [plain(v) for v in item]
        keys = [[plain(k), item.key_lines[k] + line_offset, plain(v)] for k, v in item.items()]
        return {"m": [item.line + line_offset, keys]}

    return plain(value)


def from_plain(data, line_offset: int = 0):
    """The value `to_plain` wrote, its lines moved by `line_offset`."""
    if isinstance(data, list):
        return [from_plain(v, line_offset) for v in data]
    if not isinstance(data, dict):
        return data
    if "d" in data:
        return dt.date.fromisoformat(data["d"])
    line, keys = data["m"]
    result = MarkedDict()
    result.line = line + line_offset
    result.key_lines = {}
    for key, key_line, value in keys:
        result[key] = from_plain(value, line_offset)
        result.key_lines[key] = key_line + line_offset
    return result


@dataclass(frozen=True)
class FrontMatterDoc:
    """A Markdown file split into its front matter and body."""

    meta: object
    body: str
    body_line: int
    """1-based line of the body's first line in the file."""


class FrontMatterError(ValueError):
    """The file does not open with a closed `---` block."""

    def __init__(self, message: str, line: int):
        super().__init__(message)
        self.line = line


def split_front_matter(text: str, cache: ParseCache | None = None) -> FrontMatterDoc:
    """Split `---`-fenced YAML front matter from a Markdown body, keeping line numbers."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        raise FrontMatterError("missing front matter: the file must start with a '---' line", 1)
    for index in range(1, len(lines)):
        if lines[index].rstrip() == "---":
            meta_text = "\n".join(lines[1:index])
            meta = parse_yaml(meta_text, first_line=2, cache=cache) if meta_text.strip() else None
            return FrontMatterDoc(meta, "\n".join(lines[index + 1 :]), index + 2)
    raise FrontMatterError("front matter is not closed: add a '---' line after it", 1)


def yaml_scalar(text: str) -> str:
    """`text` as a one-line YAML value: plain when YAML reads it back unchanged, else double-quoted."""
    text = " ".join(text.split())
    try:
        if parse_yaml(f"value: {text}\n") == {"value": text}:
            return text
    except YamlSyntaxError:
        pass  # not plain YAML: quoted below
    return json.dumps(text, ensure_ascii=False)
