"""The cheap tests that spare normalize's costly regexes never rule out a turn they match."""

from __future__ import annotations

import pytest

from tests.routing.test_prefilter import PROMPTS  # every family's phrasings, and a few more
from trooper.routing.normalize import _COMPLETION, _may_complete

# endings a stem to complete can have, and some it cannot
ENDINGS = [" is:", " IS ?: ", " are", " equals", " equal _", " =", "=", " is\u2003?\u2003", " iſ"]
ENDINGS += ["", "?", " is it?", " this", " equalsx"]


@pytest.mark.parametrize(
    "text",
    ["6 times 7 is:", "x =", "The capital of Kenya is", "a iſ", "A B is __", "x ARE ?: "],
)
def test_a_stem_to_complete_passes_the_cheap_test(text: str) -> None:
    assert _COMPLETION.match(text)
    assert _may_complete(text)


def test_the_cheap_test_never_rules_out_a_completion() -> None:
    matched = 0
    for prompt in PROMPTS:
        stem = " ".join(prompt.split()[:5]).rstrip("?.!")
        for ending in ENDINGS:
            text = stem + ending
            if _COMPLETION.match(text):
                matched += 1
                assert _may_complete(text), text
    assert matched > 1000


def test_the_cheap_test_rules_out_a_plain_question() -> None:
    assert not _may_complete("what is the capital of France?")
