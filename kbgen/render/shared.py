"""Fragments many pages share, rendered once: the `{% shared key, ... %}…{% endshared %}` template tag.

A help center's pages repeat most of their markup: the header, the footer and the words block are the same on
every page at the same depth, a section's list of questions the same on each of its question pages but one line.
A template marks such a fragment with the values it differs by (`{% shared root %}`); the first page to reach it
renders it, the others reuse those characters. So the templates stay the one place the markup is written, and a
theme that overrides a partial without the tag renders it on every page, as before.

The key must name every value the fragment reads that is not the same on all of one locale's pages (the site,
its words and asset names are: they are the context every page shares). Model objects are compared by identity
(they are frozen for a build); strings and numbers by value. With `for x in xs`, the body is rendered for each
item, as a `for` loop's, and each item's is kept under the key and the item. What is kept lasts until the environment next
speaks a locale (`forget`, called by `render/words.py`'s `install`): every rendering of a site's pages starts so.
Variables set inside the fragment stay inside it, as in a `{% call %}` block.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import ClassVar

import jinja2
from jinja2 import nodes
from jinja2.ext import Extension
from jinja2.parser import Parser
from markupsafe import Markup

_VALUES = (str, int, float, bool, type(None))
#: The name the rendered tag keeps a found fragment in (a template's own variables never start with `_kb`).
_FOUND = "_kb_shared"


class SharedFragments(Extension):
    """The `shared` tag: a fragment rendered once per distinct key, until `forget`."""

    tags: ClassVar[set[str]] = {"shared"}

    def __init__(self, environment: jinja2.Environment) -> None:
        super().__init__(environment)
        self.kept: dict[tuple, tuple[tuple, Markup | dict]] = {}
        """By tag and key: the key's values (holding the objects keyed by identity) and the fragment, or for the
        loop form the fragment of each item by the item's key."""

    def parse(self, parser: Parser) -> nodes.Node | list[nodes.Node]:
        """`{% shared a, b %}body{% endshared %}`, or `{% shared a, b for x in xs %}body{% endshared %}`."""
        lineno = next(parser.stream).lineno
        keys = [parser.parse_expression()]
        while parser.stream.skip_if("comma"):
            keys.append(parser.parse_expression())
        target = items = None
        if parser.stream.skip_if("name:for"):
            target = parser.parse_assign_target(extra_end_rules=("name:in",))
            parser.stream.expect("name:in")
            items = parser.parse_expression()
        body = parser.parse_statements(("name:endshared",), drop_needle=True)
        # the place of the tag is part of the key: two tags with the same values are two fragments
        args = [nodes.Const(f"{parser.name}:{lineno}"), nodes.Tuple(keys, "load")]
        if target is not None:
            names = target.items if isinstance(target, nodes.Tuple) else [target]
            params = [nodes.Name(name.name, "param") for name in names]
            call = self.call_method("_each", [*args, items, nodes.Const(isinstance(target, nodes.Tuple))])
            return nodes.CallBlock(call, params, [], body).set_lineno(lineno)
        found = nodes.Name(_FOUND, "load")
        render = nodes.CallBlock(self.call_method("_keep", args), [], [], body)
        missing = nodes.Test(found, "none", [], [], None, None)
        return [
            nodes.Assign(nodes.Name(_FOUND, "store"), self.call_method("_find", args)).set_lineno(lineno),
            nodes.If(missing, [render], [], [nodes.Output([found])]).set_lineno(lineno),
        ]

    def _find(self, where: str, keys: tuple) -> Markup | None:
        entry = self.kept.get(_key(where, keys))
        return None if entry is None else entry[1]

    def _keep(self, where: str, keys: tuple, caller: Callable[[], str]) -> Markup:
        html = Markup(caller())
        # the entry holds the objects keyed by identity: none is freed, so no other takes its address, while it is kept
        self.kept[_key(where, keys)] = (keys, html)
        return html

    def _each(self, where: str, keys: tuple, items: Iterable, unpack: bool, caller: Callable[..., str]) -> Markup:
        """The body for each item in turn, each kept under the key and the item (its parts, when unpacked)."""
        # one table per key, by item: a section's list of thirty questions is thirty look-ups on each of its pages
        key = _key(where, keys)
        entry = self.kept.get(key)
        if entry is None:
            entry = self.kept[key] = (keys, {})
        table: dict = entry[1]
        parts = []
        for item in items:
            if unpack:
                values = tuple(item)
                key = tuple([value if isinstance(value, _VALUES) else id(value) for value in values])
            else:
                values, key = (item,), item if isinstance(item, _VALUES) else id(item)
            found = table.get(key)
            if found is None:
                # the table holds each item it keys by identity (as `_keep` does its keys)
                found = table[key] = (values, Markup(caller(*values)))
            parts.append(found[1])
        return Markup("".join(parts))


def _key(where: str, keys: tuple) -> tuple:
    return (where, *[value if isinstance(value, _VALUES) else id(value) for value in keys])


def forget(env: jinja2.Environment) -> None:
    """Drop every fragment `env` kept: its words or its site are about to change."""
    extension = env.extensions.get(f"{SharedFragments.__module__}.{SharedFragments.__name__}")
    if isinstance(extension, SharedFragments):
        extension.kept.clear()
