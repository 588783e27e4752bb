"""The cheap checks before the rules' regexes: the same matches, never a different one."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from trooper.model.conversation import ChatRequest, Message, TextPart
from trooper.routing import Classifier
from trooper.routing.prefilter import bundles, first_chars, guarded, required
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
        for regex in (*group.regexes, group.cased, *(s.regex for s in group.bundled)):
            if regex is None or not regex.pattern.startswith("(?="):
                continue
            plain = re.compile(regex.pattern[regex.pattern.index("(?:") :], regex.flags)
            for prompt in PROMPTS:
                for text in (prompt, prompt.lower()):
                    got, want = regex.search(text), plain.search(text)
                    assert (got and got.span()) == (want and want.span()), (regex.pattern, text)
            checked += 1
    assert checked >= 5


@pytest.mark.parametrize(
    ("pattern", "need"),
    [
        (r"import\s+\w+|class\s+\w+", ("class", "import")),
        (r"\bsimplify\s+[-(\d]", ("simplify",)),
        (r"\d\s*[-+]\s*\d", ("+", "-")),
        (r"(?:sin|cos)\s*\(", ("(",)),
        (r"\A\s*(?:what|who) (?:planet|element)\s+is", ("element", "planet")),
        (r"[a-c]\(", ("(",)),
        (r"\w+ing\b", ("ing",)),
    ],
)
def test_required_names_what_every_match_holds(pattern: str, need: tuple[str, ...]) -> None:
    assert required(pattern) == need


@pytest.mark.parametrize(
    "pattern", [r"\w+\s", r"x?y?", r"[^a]b", r"(?i:select)\s", r"(?i)select", r".\. "]
)
def test_nothing_required_when_nothing_rare_is_needed(pattern: str) -> None:
    assert required(pattern) is None


def test_bundles_keep_every_pattern_once() -> None:
    patterns = [r"def\s+\w+\(", r"\w+\s", r"import\s+\w+", r"print\(", r"\d+ x \d+"]
    got = bundles(patterns)
    assert sorted(p for _, members in got for p in members) == sorted(patterns)
    assert got[-1] == ((), [r"\w+\s"])


@pytest.mark.parametrize("level", LEVELS)
def test_every_match_of_a_bundle_holds_its_need(level: str) -> None:
    """The check before a bundle's search never rules out a turn the search would match."""
    router = Classifier.from_file(None, level)
    matched = 0
    for table in (router._plain, router._choice, router._context):
        for group in table.groups:
            for search in group.bundled:
                for prompt in PROMPTS:
                    text = prompt.lower()
                    if not text.isascii() or search.regex.search(text) is None:
                        continue
                    matched += 1
                    for clause in search.needs:
                        assert any(atom in text for atom in clause), (clause, text)
    assert matched > 1000


@pytest.mark.parametrize("level", LEVELS)
def test_bundles_match_where_the_whole_alternations_do(level: str) -> None:
    router = Classifier.from_file(None, level)
    for group in router._plain.groups + router._choice.groups + router._context.groups:
        assert group.bundled is not None
        for prompt in PROMPTS:
            text = prompt.lower()
            whole = any(regex.search(text) for regex in group.regexes)
            assert any(s.regex.search(text) for s in group.bundled) == whole, (group, text)
            if text.isascii():
                assert any(s.found(text) for s in group.bundled) == whole, (group, text)


@pytest.mark.parametrize("level", LEVELS)
def test_decisions_do_not_wait_for_the_bundles(level: str) -> None:
    # the server builds the bundles in a thread once it listens: a request decided before then
    # meets the whole alternations, and must get the same decision
    before = Classifier.from_file(None, level, bundled=False)
    assert all(g.bundled is None for g in before._plain.groups)
    ready = Classifier.from_file(None, level)
    for prompt in PROMPTS:
        request = ChatRequest("m", [Message("user", [TextPart(prompt)])])
        assert before.classify(request) == ready.classify(request), prompt
    before.bundle()
    assert all(g.bundled is not None for g in before._plain.groups + before._choice.groups)
