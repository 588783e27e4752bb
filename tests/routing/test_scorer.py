"""The learned scorer: its shipped weights, its pure-Python evaluation, its cost, and its hook."""

from __future__ import annotations

import json
import math
import time
import tomllib
from importlib import resources
from pathlib import Path

import pytest

from trooper.model.conversation import ChatRequest, Message, TextPart
from trooper.routing import Classifier
from trooper.routing.rules import LEVELS, load_rules
from trooper.routing.scorer import MAX_CHARS, WEIGHTS_FILE, Scorer, grams

SHIPPED = json.loads(
    resources.files("trooper.routing").joinpath(WEIGHTS_FILE).read_text(encoding="utf-8")
)


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer.packaged()


@pytest.fixture(scope="module")
def routers() -> dict[str, Classifier]:
    return {level: Classifier.from_file(None, level) for level in LEVELS}


def ask(text: str, history: int = 0) -> ChatRequest:
    earlier = [
        Message("user" if i % 2 == 0 else "assistant", [TextPart("ok")]) for i in range(history)
    ]
    return ChatRequest("m", [*earlier, Message("user", [TextPart(text)])])


# --- the weights file -------------------------------------------------------------------------


def test_the_weights_file_loads_and_stays_small(scorer: Scorer) -> None:
    path = resources.files("trooper.routing").joinpath(WEIGHTS_FILE)
    assert len(path.read_bytes()) < 400_000
    assert len(scorer.words) + len(scorer.pairs) + len(scorer.chars) > 1000
    assert scorer.threshold("strict") is None
    balanced, eager = scorer.threshold("balanced"), scorer.threshold("eager")
    assert balanced is not None and eager is not None
    assert eager < balanced  # the eager point takes more


def test_a_weights_file_of_the_wrong_shape_is_refused() -> None:
    doc = dict(SHIPPED, lengths=[0, 1])
    with pytest.raises(ValueError, match="length"):
        Scorer.from_json(json.dumps(doc))


@pytest.mark.parametrize("check", SHIPPED["checks"], ids=lambda c: repr(c[0])[:30])
def test_pure_python_scores_equal_the_training_script(scorer: Scorer, check: list[object]) -> None:
    # written by scripts/train_router.py with numpy: the shipped weights, and the fit before
    # its weights were rounded to 16 bits
    text, shipped, fitted = check
    assert isinstance(text, str) and isinstance(shipped, float) and isinstance(fitted, float)
    assert scorer.score(text) == pytest.approx(shipped, abs=1e-9)
    assert scorer.score(text) == pytest.approx(fitted, abs=0.01)


def test_the_training_script_reads_the_features_the_scorer_reads(scorer: Scorer) -> None:
    pytest.importorskip("sklearn")
    from scripts import train_router

    texts = ["What is 17 times 3?", "Spell 'necessary' backwards", "Convert 5 km to miles"]
    rows = [grams(t) for t in texts]
    vocab = train_router.vocabulary(rows * train_router.MIN_COUNT)  # every feature kept
    x = train_router.matrix(rows, vocab).toarray()
    for text, row in zip(texts, x, strict=True):
        g = grams(text)
        assert row.sum() == pytest.approx(g.size / g.size**0.5)


def _by_the_features(scorer: Scorer, text: str) -> float:
    """The score as the model defines it: each feature of ``grams`` weighed, each kind's weights
    summed exactly."""
    g = grams(text)
    total = scorer.lengths[g.length] + scorer.digits[g.digits]
    total += math.fsum([scorer.words.get(w, 0.0) for w in g.words])
    total += math.fsum([scorer.pairs.get(p, 0.0) for p in g.pairs])
    total += math.fsum([scorer.chars.get(c, 0.0) for c in g.chars])
    return scorer.bias + total / math.sqrt(g.size)


ODD_TEXTS = [
    "",
    " ",
    "?",
    "ab",
    "İstanbul İİİ population?",  # lower-casing makes these longer
    "İ" * (MAX_CHARS + 10),
    "ß" * 50 + " what’s 2+2",
    "x" * 100_000,
    "what\tis   12 ×  3,000.5 ?\n\nA) 1 B) 2",
    "🙂 emoji in a question 🙂?",
    "no\u00a0break\u2003em\x0bvertical\x1cseparator  two  spaces ",
]


def test_the_score_is_every_feature_weighed_exactly(scorer: Scorer) -> None:
    # the scorer's quick evaluation must give the very float the features define, on every
    # prompt the router is measured on and on odd text
    texts = [
        prompt
        for name in sorted(Path(__file__).parent.glob("paraphrases*.toml"))
        for family in tomllib.loads(name.read_text("utf-8")).values()
        for prompt in family["prompts"]
    ]
    assert len(texts) > 1000
    for text in [*texts, *ODD_TEXTS, *(t.upper() for t in texts[:200])]:
        assert scorer.score(text) == _by_the_features(scorer, text), text


# --- cost -------------------------------------------------------------------------------------


def _best_of(scorer: Scorer, text: str, rounds: int = 200) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        scorer.score(text)
        best = min(best, time.perf_counter() - start)
    return best


def test_a_long_token_costs_no_more_than_the_characters_read(scorer: Scorer) -> None:
    short = "what is the capital of " + "x" * MAX_CHARS
    huge = "what is the capital of " + "x" * 100_000
    assert grams(huge).size == grams(short).size
    assert _best_of(scorer, huge) < 3 * _best_of(scorer, short)


def test_scoring_costs_about_what_a_decision_costs(
    scorer: Scorer, routers: dict[str, Classifier]
) -> None:
    # the budget is 50 us on a quiet machine, where the rules take about 15: the scorer on the
    # longest turn it reads stays within a few times a decision, measured in the same run
    text = "could you tell me which of the two rivers in northern europe flows the longest way " * 2
    turn = ask("what is the capital of France?")
    router = routers["strict"]
    best_decision = float("inf")
    for _ in range(200):
        start = time.perf_counter()
        router.classify(turn)
        best_decision = min(best_decision, time.perf_counter() - start)
    assert _best_of(scorer, text) < 8 * best_decision


# --- the hook in the classifier ---------------------------------------------------------------

# simple forms no rule reads (each left unclear by the rules alone at balanced)
SCORED = [
    "Moon landing year?",
    "How many legs has a spider got?",
    "Which bird lays the biggest egg?",
]


@pytest.mark.parametrize("text", SCORED)
def test_a_short_turn_no_rule_reads_goes_local_when_it_scores_high(
    routers: dict[str, Classifier], text: str
) -> None:
    rules_alone = Classifier(load_rules(None), "balanced", scored=False)
    assert rules_alone.classify(ask(text)).rule == "unclear"
    decision = routers["balanced"].classify(ask(text))
    assert decision.header() == "ollama (scored simple turn) | cloud skipped"
    assert routers["eager"].classify(ask(text)).local
    assert not routers["strict"].classify(ask(text)).local


def test_a_rule_match_wins_over_the_scorer(scorer: Scorer, routers: dict[str, Classifier]) -> None:
    # a cloud rule's turn the scorer alone would send local
    text = "How do you make mouse plural?"
    assert scorer.score(text) >= (scorer.threshold("balanced") or 0.0)
    decision = routers["balanced"].classify(ask(text))
    assert not decision.local and decision.rule == "reasoning"


def test_a_low_score_stays_in_the_cloud(routers: dict[str, Classifier]) -> None:
    for text in ("Tell me about yourself and your goals", "What is 4821 times 376?"):
        assert routers["balanced"].classify(ask(text)) == routers["balanced"].classify(ask(text))
        assert not routers["balanced"].classify(ask(text)).local


def test_a_long_history_keeps_a_scored_turn_in_the_cloud(routers: dict[str, Classifier]) -> None:
    assert routers["balanced"].classify(ask(SCORED[0], history=1)).local
    assert not routers["balanced"].classify(ask(SCORED[0], history=9)).local


def test_context_set_aside_still_vetoes_a_scored_turn(routers: dict[str, Classifier]) -> None:
    # the question is read without its context; the context's code still needs the cloud
    assert (
        routers["balanced"].classify(ask("I'm writing a Python script. Moon landing year?")).local
        is False
    )
