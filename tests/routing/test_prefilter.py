"""The first-character guard on the rules' regexes: the same matches, never a different one."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from trooper.routing import Classifier
from trooper.routing.prefilter import first_chars, guarded
from trooper.routing.rules import LEVELS

HERE = Path(__file__).parent
PROMPTS = [
    prompt
    for name in sorted(HERE.glob("paraphrases*.toml"))
    for family in tomllib.loads(name.read_text("utf-8")).values()
    for prompt in family["prompts"]
] + [
    "def add(a, b):\n    return a + b",
    "  import os\nprint(x)",
    "x^2 + 3x = 10, solve for x",
    "Review this plan for migrating our billing service.",
    "SELECT name FROM users; then explain",
    "what's 2(3+4)?  \\frac{1}{2}",
]


@pytest.mark.parametrize(
    ("pattern", "chars"),
    [
        (r"abc|\d+x", r"[\da]"),
        (r"\bfoo|(?<=x)bar", "[bf]"),
        (r"\s*import\b", r"[\si]"),
        (r"(?:a|b)?c", "[abc]"),
        (r"[a-c_]x|\$y", r"[\$_a-c]"),
    ],
)
def test_first_chars_holds_every_start(pattern: str, chars: str) -> None:
    assert first_chars(pattern) == chars


@pytest.mark.parametrize("pattern", [r"a?", r"x|", r".b", r"[^a]b", r"(?i:a)b"])
def test_no_guard_when_any_character_may_start(pattern: str) -> None:
    assert guarded(pattern) is None


@pytest.mark.parametrize("level", LEVELS)
def test_guarded_rules_match_where_the_plain_ones_do(level: str) -> None:
    router = Classifier.from_file(None, level)
    checked = 0
    for group in router._plain.groups + router._choice.groups:
        for regex in (*group.regexes, group.cased):
            if regex is None or not regex.pattern.startswith("(?="):
                continue
            plain = re.compile(regex.pattern[regex.pattern.index("(?:") :], regex.flags)
            for prompt in PROMPTS:
                for text in (prompt, prompt.lower()):
                    got, want = regex.search(text), plain.search(text)
                    assert (got and got.span()) == (want and want.span()), (regex.pattern, text)
            checked += 1
    assert checked >= 5
