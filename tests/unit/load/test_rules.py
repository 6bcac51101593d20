"""The value rules of kbgen/load/rules.py: the language tags accepted without asking langcodes."""

from __future__ import annotations

import langcodes
import pytest

from kbgen.load.rules import KNOWN_TAGS, language_problem


@pytest.mark.parametrize("tag", sorted(KNOWN_TAGS))
def test_known_tags_are_valid_for_langcodes(tag: str) -> None:
    assert langcodes.tag_is_valid(tag)
    assert language_problem(tag) == ""


@pytest.mark.parametrize(
    ("tag", "problem"),
    [
        ("de-CH", ""),
        ("xx", "must be a BCP 47 language tag like 'en' or 'pt-BR', not 'xx'"),
        ("en_US", "must be a BCP 47 language tag like 'en' or 'pt-BR', not 'en_US' (did you mean 'en-US'?)"),
        ("japanese", "must be a BCP 47 language tag like 'en' or 'pt-BR', not 'japanese' (did you mean 'ja'?)"),
    ],
)
def test_other_tags_are_asked_of_langcodes(tag: str, problem: str) -> None:
    assert language_problem(tag) == problem
