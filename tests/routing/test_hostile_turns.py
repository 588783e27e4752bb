"""Turns built to make the rules' patterns slow are decided as fast as ordinary ones.

The router runs on the event loop: a turn that costs the regex engine seconds holds every other
request for as long. A few hundred spaces, line breaks or digits between two words used to do
that (a pattern's work grew with the square of the run, or worse), and a turn of megabytes in a
few words was read whole. White space runs are now read as one, a turn over ``max_chars`` is not
read by the patterns, and the patterns that restarted at every digit of a run start at its first.

Each bound below is tens of times what the slowest of these turns takes now (a few milliseconds
on a loaded machine), and a small fraction of what each took before.
"""

from __future__ import annotations

import itertools
import time
from pathlib import Path

import pytest

from trooper.model.conversation import ChatRequest, Message, TextPart
from trooper.routing import Classifier, Decision
from trooper.routing.rules import LEVELS, load_rules

# generous: the slowest turn below takes a few ms (it took seconds, or minutes, before). The
# time is the thread's own CPU time: the router's work, not how long a busy machine kept the
# test waiting for a core (wall time failed this bound while a compiler ran beside it).
BOUND_S = 0.25


def ask(text: str) -> ChatRequest:
    return ChatRequest("m", [Message("user", [TextPart(text)])])


def timed(router: Classifier, text: str) -> tuple[Decision, float]:
    started = time.thread_time()
    decision = router.classify(ask(text))
    return decision, time.thread_time() - started


@pytest.fixture(scope="module", params=LEVELS)
def router(request: pytest.FixtureRequest) -> Classifier:
    return Classifier.from_file(None, request.param)


# each of these held the router for seconds or more before
FOUND = [
    "what is" + " " * 1000 + "?",
    "where is" + " " * 600 + " answer:",
    "3 x 4 " + "\n" * 200 + " meaning",
    "list " + "  \n" * 300 + " x?",
    "translate " + "1" * 580 + "?",
    "( what is " + "the_" * 140,
    "name three " + "1" * 570 + " plural?",
    "what is " + "1,1" * 190 + " km to miles",
]


@pytest.mark.parametrize("text", FOUND, ids=range(len(FOUND)))
def test_turns_that_held_the_router_are_quick(router: Classifier, text: str) -> None:
    _, seconds = timed(router, text)
    assert seconds < BOUND_S


def test_before_the_gates_are_built_too() -> None:
    # the server decides with the groups' whole alternations until its gates are built
    router = Classifier.from_file(None, gated=False)
    for text in FOUND:
        _, seconds = timed(router, text)
        assert seconds < BOUND_S, repr(text[:40])


HEADS = ["what is ", "list ", "who wrote ", "convert 5 ", "how many ", "translate ", "1 + ", ""]
FILLS = [" ", "\n", " .", "1", "1,", ",,1", "1 1", "'a", "_", "$1", "x1", "(("]
TAILS = ["?", " x", " = ?", "\nA) a\nB) b", " answer:", " é"]


def test_no_run_of_one_kind_of_character_holds_the_router(router: Classifier) -> None:
    """Every mix of a question's start, a run up to the character limit and an ending."""
    limit = router.rules.limits.max_chars
    slowest = (0.0, "")
    for head, fill, tail in itertools.product(HEADS, FILLS, TAILS):
        text = head + fill * ((limit - len(head) - len(tail)) // len(fill)) + tail
        _, seconds = timed(router, text)
        slowest = max(slowest, (seconds, text))
    assert slowest[0] < BOUND_S, repr(slowest[1][:80])


def test_spacing_does_not_change_a_decision(router: Classifier) -> None:
    for plain, spaced in [
        ("what is 2 + 2?", "what   is 2 +\t2 ?"),
        ("who wrote Hamlet?", "who" + " " * 5000 + "wrote Hamlet?"),
        (
            "Which planet is red?\nA) Mars\nB) Venus",
            "Which planet is red?\n\n\n  A) Mars\n \nB) Venus",
        ),
    ]:
        assert router.classify(ask(spaced)) == router.classify(ask(plain)), spaced[:40]


def test_a_turn_over_the_character_limit_is_not_read(router: Classifier) -> None:
    limit = router.rules.limits.max_chars
    decision = router.classify(ask("what is " + "7" * limit + "?"))
    assert decision == Decision(False, f"over {limit} characters")
    # a long turn in words keeps its own rule, and a long paste of code is still code
    words = router.classify(ask("word " * 100))
    assert words.rule == "over 20 words"
    code = router.classify(ask("function f() {\n  return 1;\n}\n" + "1" * limit))
    assert code.rule == "code"


@pytest.mark.parametrize("size", [1 << 20, 8 << 20])
def test_megabytes_in_a_few_words_are_decided_at_once(router: Classifier, size: int) -> None:
    for text in ("x" * size, "what is " + "1" * size + "?", "who" + " " * size + "wrote it?"):
        decision, seconds = timed(router, text)
        assert not decision.local
        assert seconds < BOUND_S


def test_the_character_limit_is_a_setting(tmp_path: Path) -> None:
    rules = tmp_path / "rules.toml"
    rules.write_text("[limits]\nmax_chars = 30\n", "utf-8")
    router = Classifier(load_rules(rules))
    assert router.classify(ask("what is the capital of France?")).local
    assert router.classify(ask("what is the capital of France, please?")) == Decision(
        False, "over 30 characters"
    )
