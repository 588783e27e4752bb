"""The SITREP: rule-based extraction, exact fields, always-valid JSON within its budget."""

from __future__ import annotations

import json
import random
import time

import pytest
from context_support import SITREP_FIELDS

from trooper.context.sitrep import (
    _BACKTICK,
    _STRIP,
    CLOSE_TAG,
    OPEN_TAG,
    Sitrep,
    _candidates,
    _words,
    extract_sitrep,
    fit_sitrep,
    render_sitrep,
)
from trooper.context.tokens import estimate_text
from trooper.model.conversation import Message, TextPart, ToolCallPart, ToolResultPart


def said(role: str, text: str) -> Message:
    return Message(role, [TextPart(text)])  # type: ignore[arg-type]


SESSION = [
    said("user", "I'm building a Go proxy called Trooper that falls back to Ollama."),
    said("assistant", "Great. I'll sketch the health check first."),
    said("user", "It must stay local-first and keep the proxy layer thin. Never log API keys."),
    said("assistant", "Understood. Let's wire the health check into main.go next."),
    said(
        "user", "Deploy is on Monday. TODO: streaming is still pending. Did the health check work?"
    ),
    said("assistant", "Yes, the health check is fixed and passes now. I'll check streaming next."),
]


def parse(rendered: str) -> dict[str, object]:
    assert rendered.startswith(OPEN_TAG) and rendered.endswith(CLOSE_TAG)
    value = json.loads(rendered[len(OPEN_TAG) : -len(CLOSE_TAG)])
    assert isinstance(value, dict)
    assert tuple(value) == SITREP_FIELDS
    return value


def test_seed_like_session_is_summarised() -> None:
    s = extract_sitrep(SESSION)
    assert "Trooper" in s.intent
    assert any("local-first" in c for c in s.constraints)
    assert any("Never log API keys" in c for c in s.constraints)
    assert {"Trooper", "Ollama", "main.go"} <= set(s.active_entities)
    assert any("streaming" in loop for loop in s.open_loops)
    assert any("health check" in r for r in s.resolved_loops)
    assert not any("health check work" in loop for loop in s.open_loops), "closed by a later turn"
    assert any("check streaming" in a for a in s.recent_actions)
    assert s.stage in {"planning", "in_progress", "debugging", "verifying", "wrapping_up"}
    assert s.confidence == 1.0
    parsed = parse(s.render())
    assert parsed["intent"] == s.intent and parsed["confidence"] == 1.0


def test_tool_calls_and_errors_become_actions_and_stage() -> None:
    messages = [
        said("user", "Fix the failing test in src/app/server.py please."),
        Message("assistant", [ToolCallPart("c1", "bash", {"cmd": "pytest tests/test_server.py"})]),
        Message(
            "user",
            [ToolResultPart("c1", [TextPart("Traceback: KeyError in handle_request\nFAILED")])],
        ),
    ]
    s = extract_sitrep(messages)
    assert s.recent_actions == ["bash: pytest tests/test_server.py"]
    assert s.stage == "debugging"
    assert "src/app/server.py" in s.active_entities
    assert "handle_request" in s.active_entities


@pytest.mark.parametrize("run", [" ", "x", "1,"])
def test_a_stage_word_after_a_long_unbroken_run_names_the_stage(run: str) -> None:
    # the sentence around a stage word was cut at 600 characters from its start, before the
    # word itself when nothing broke the run: no stage matched it, and compaction failed
    messages = [
        said("user", "Let's plan the billing migration."),
        said("assistant", "ok " + run * 700 + " the build has an error"),
    ]
    assert extract_sitrep(messages).stage == "debugging"


@pytest.mark.parametrize("budget", [75, 90, 120, 200, 400, 1000])
def test_fitting_shrinks_lists_and_stays_valid_json(budget: int) -> None:
    long_session = SESSION * 20 + [said("user", f"Entity Number{i} matters.") for i in range(40)]
    s = extract_sitrep(long_session)
    fitted = fit_sitrep(s, budget)
    assert fitted is not None
    rendered = fitted.render()
    assert estimate_text(rendered) <= budget
    parsed = parse(rendered)
    assert 0.0 < float(str(parsed["confidence"])) <= 1.0
    assert render_sitrep(s, budget) == rendered
    assert s.item_count() >= fitted.item_count(), "the original is left alone"


def test_confidence_drops_as_items_are_cut() -> None:
    s = extract_sitrep(SESSION * 5)
    big, small = fit_sitrep(s, 2000), fit_sitrep(s, 100)
    assert big is not None and small is not None
    assert big.confidence == 1.0 > small.confidence


def test_too_small_a_budget_gives_nothing() -> None:
    assert fit_sitrep(extract_sitrep(SESSION), 10) is None
    assert render_sitrep(extract_sitrep(SESSION), 10) == ""


def test_nothing_found_is_said_plainly() -> None:
    s = extract_sitrep([])
    assert s == Sitrep() and s.confidence == 0.0
    assert parse(s.render())["intent"] == ""


def test_intent_falls_back_to_the_opening() -> None:
    opening = [said("user", "We're currently solving the issue in the marshmallow repository.")]
    middle = [said("user", "[File: reproduce.py (9 lines total)]"), said("assistant", "ok")]
    assert "marshmallow" in extract_sitrep(middle, opening).intent


def test_extraction_cost_is_bounded() -> None:
    huge = [
        said("user" if i % 2 else "assistant", "Proxy token Budget. " * 500) for i in range(500)
    ]
    times = []
    for _ in range(3):
        started = time.perf_counter()
        extract_sitrep(huge)
        times.append(time.perf_counter() - started)
    assert min(times) < 0.05, "only the latest window is read"


def test_extraction_is_deterministic() -> None:
    assert extract_sitrep(SESSION * 3) == extract_sitrep(SESSION * 3)


def _candidates_word_by_word(text: str) -> list[str]:
    """What :func:`_candidates` finds, read word by word, line by line (the reference)."""
    found = _BACKTICK.findall(text)
    for line in text.splitlines():
        opening = True
        for raw in line.split():
            plain = raw.islower() and "/" not in raw and "_" not in raw and "." not in raw[1:-1]
            word = raw.strip(_STRIP)
            if not plain and not (opening and word.istitle() and word.isalpha()):
                found += _words(raw)
            if any(c.isalpha() for c in raw):
                opening = raw[-1] in ".!?:"
    return found


CANDIDATE_TEXTS = [
    "The Proxy said: Hello. And Then? Yes! - Bullet 1. Item (Paren) [Bracket] said Trooper",
    "CamelCase snake_case CONSTANT_NAME a/b/c.py ./run.sh 1.2.3 3.14 10:30 v2 `x` `code span`",
    '..dots.. a..b .a a. éa Éa aÉ 日本 A1 a1 1a ab-cd ab\'cd (ab) "ab" ... - 1. Ollama',
    "line one ends here\nSecond line\r\nThird\x85Fourth\u2028Fifth\x1cSixth -- Seventh",
    "İstanbul ǅemal Σίσυφος Straße naïve café 日本語 ✓ 🚀 Прокси Москва x\x00y a\tB",
    "def handle(request: Request) -> Response:\n    raise ProviderError(f'{provider}')",
]


@pytest.mark.parametrize("seed", range(4))
def test_candidates_are_the_words_a_word_by_word_reading_finds(seed: int) -> None:
    rng = random.Random(seed)
    pieces = [*CANDIDATE_TEXTS, *"aZé日1.:!?-_/`()\n\r\t\x1c\x85\u2028 ", "Word", "word."]
    texts = list(CANDIDATE_TEXTS)
    for _ in range(2000):
        texts.append("".join(rng.choice(pieces) for _ in range(rng.randint(0, 30))))
    known: dict[str, list[str]] = {}
    for text in texts:
        expected = _candidates_word_by_word(text)
        assert _candidates(text) == expected, text
        assert _candidates(text, known) == expected, text
