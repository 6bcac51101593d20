"""The `{% shared %}` tag (kbgen/render/shared.py): a fragment rendered once per key, the same characters as without."""

from __future__ import annotations

from dataclasses import dataclass

import jinja2
import pytest

from kbgen.model import HelpCenter, Question, Section, Site
from kbgen.render.pages import render_site
from kbgen.render.shared import SharedFragments, forget
from kbgen.render.theme import load_theme


@dataclass(frozen=True)
class Item:
    title: str


def environment(templates: dict[str, str]) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.DictLoader(templates),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        extensions=[SharedFragments],
    )


def counting() -> tuple[list[str], dict]:
    calls: list[str] = []

    def seen(value: str) -> str:
        calls.append(value)
        return value

    return calls, {"seen": seen}


PLAIN = "<p>\n{% shared root %}\n<a href=\"{{ root }}\">{{ seen(title) }} &amp; {{ '<' }}</a>\n{% endshared %}\n</p>\n"


def test_a_fragment_renders_once_per_key_and_as_it_would_without_the_tag() -> None:
    calls, helpers = counting()
    env = environment(
        {"page": PLAIN, "bare": PLAIN.replace("{% shared root %}\n", "").replace("{% endshared %}\n", "")}
    )
    env.globals.update(helpers)
    first = env.get_template("page").render(root="../", title="A")
    assert (
        first == env.get_template("bare").render(root="../", title="A") == '<p>\n<a href="../">A &amp; &lt;</a>\n</p>\n'
    )
    calls.clear()
    # the key is `root` alone: another title at the same root is the kept fragment (the key must name what differs)
    assert env.get_template("page").render(root="../", title="B") == first
    assert calls == []
    assert env.get_template("page").render(root="", title="B") == '<p>\n<a href="">B &amp; &lt;</a>\n</p>\n'
    assert calls == ["B"]


def test_forget_drops_what_was_kept() -> None:
    _, helpers = counting()
    env = environment({"page": PLAIN})
    env.globals.update(helpers)
    env.get_template("page").render(root="", title="A")
    forget(env)
    assert "B" in env.get_template("page").render(root="", title="B")


def test_objects_are_keyed_by_identity_and_values_by_value() -> None:
    calls, helpers = counting()
    env = environment({"page": "{% shared item, n %}{{ seen(item.title) }}{{ n }}{% endshared %}"})
    env.globals.update(helpers)
    one, same = Item("x"), Item("x")
    for item in (one, one, same):
        env.get_template("page").render(item=item, n=int("2"))
    assert calls == ["x", "x"]  # `same` equals `one` but is another object: rendered again


LOOP = "<ul>\n{% shared root for a, b in pairs %}\n<li>{{ root }}{{ seen(a.title) }}/{{ b.title }}</li>\n{% endshared %}\n</ul>\n"


def test_the_loop_form_keeps_each_item_and_renders_as_a_for_loop() -> None:
    calls, helpers = counting()
    loop = LOOP.replace("{% shared root for a, b in pairs %}", "{% for a, b in pairs %}")
    env = environment({"page": LOOP, "bare": loop.replace("{% endshared %}", "{% endfor %}")})
    env.globals.update(helpers)
    x, y, z = Item("x"), Item("y"), Item("z")
    pairs = [(x, y), (y, z)]
    html = env.get_template("page").render(root="../", pairs=pairs)
    assert (
        html
        == env.get_template("bare").render(root="../", pairs=pairs)
        == "<ul>\n<li>../x/y</li>\n<li>../y/z</li>\n</ul>\n"
    )
    calls.clear()
    # another page's list: the pair it shares with the first is kept, the new one rendered
    assert (
        env.get_template("page").render(root="../", pairs=[(y, z), (z, x)])
        == "<ul>\n<li>../y/z</li>\n<li>../z/x</li>\n</ul>\n"
    )
    assert calls == ["z"]


def test_a_single_loop_variable() -> None:
    env = environment({"page": "{% shared 1 for item in items %}[{{ item.title }}]{% endshared %}"})
    assert env.get_template("page").render(items=[Item("a"), Item("b")]) == "[a][b]"
    assert env.get_template("page").render(items=[]) == ""


@pytest.mark.parametrize("source", ["{% shared %}x{% endshared %}", "{% shared a for %}x{% endshared %}"])
def test_a_malformed_tag_is_a_template_error(source: str) -> None:
    with pytest.raises(jinja2.TemplateSyntaxError):
        environment({"page": source}).get_template("page")


def test_one_theme_renders_two_sites_each_with_its_own_fragments() -> None:
    """The fragments kept for one site (its header, its section's list) never stand in another's pages."""
    theme = load_theme()

    def site(title: str, language: str, question: str) -> dict[str, bytes]:
        questions = (Question("a", question, "x", "<p>x</p>"), Question("b", f"{question} too", "y", "<p>y</p>"))
        hc = HelpCenter(
            Site(title=title, language=language, contact_email="help@example.org"),
            (Section("s", "S", questions=questions),),
        )
        return dict(render_site(hc, theme).files)

    first, second = site("First", "en", "One?"), site("Second", "fr", "Deux ?")
    page = second["s/a/index.html"].decode()
    assert '<span class="brand-name">Second</span>' in page and "First" not in page
    assert "Deux ? too" in page and "One?" not in page  # the section's list, another site's questions
    assert 'lang="fr"' in page and "Skip to content" not in page  # the French words, not the English ones kept before
    assert "One? too" in first["s/a/index.html"].decode()
