"""Phrases: a finite alternation found by its strings first, with exactly ``re``'s matches."""

from __future__ import annotations

import random
import re

import pytest

from trooper.context.literals import Phrases, expand
from trooper.context.sitrep import _ACTION, _MARK_WORDS, _MARKS


def test_expand_lists_every_string() -> None:
    assert expand("a|b") == ["a", "b"]
    assert expand("follow[- ]up") == ["follow-up", "follow up"]
    assert expand("must(?:n't| not)?") == ["mustn't", "must not", "must"]
    assert expand("x(?:y|z)?") == ["xy", "xz", "x"]
    assert expand("(?:a|b)(?:c|d)") == ["ac", "ad", "bc", "bd"]
    for words in _MARK_WORDS.values():
        for phrase in expand(words):
            assert re.fullmatch(f"(?:{words})", phrase), phrase


@pytest.mark.parametrize("pattern", [r"a+", r"a\b", "a.c", "(a)", "(?:a", "a)"])
def test_expand_refuses_what_is_not_a_finite_phrase(pattern: str) -> None:
    with pytest.raises(ValueError):
        expand(pattern)


def _texts(phrases: list[str], seed: int) -> list[str]:
    rng = random.Random(seed)
    pieces = [*phrases, *" \n.!?,'_-x9é日🚀", "un", "s", ". ", "\n"]
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 40))) for _ in range(3000)]


@pytest.mark.parametrize("finder", [_MARKS, _ACTION], ids=["marks", "action"])
def test_the_matches_are_re_finditer_s(finder: Phrases) -> None:
    phrases = expand("|".join(_MARK_WORDS.values())) if finder is _MARKS else []
    phrases += ["i'll", "let's", "now, we", "then ", "first, ", "we have", "i'm going to"]
    seen = 0
    for text in _texts(phrases, seed=len(phrases)):
        expected = [(m.span(), m.lastgroup) for m in finder.pattern.finditer(text)]
        assert [(m.span(), m.lastgroup) for m in finder.finditer(text)] == expected, text
        seen += len(expected)
    assert seen > 1000
