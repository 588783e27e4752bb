"""Context carried across a fallback: a long session compacted to the local window, end to end.

The SDK client sends a 300-turn conversation; Claude's credit runs out; the local model (a
fake Ollama with a 2,048-token window) receives the anchor turns, a SITREP in the system prompt,
the turn that mentions the fact asked about, and the recent turns, and nothing over its window.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable

import anthropic
import pytest

from tests.conftest import Proxy, fake_env
from tests.fakes.upstream import FakeUpstream, context_length, credit_balance
from trooper.context.tokens import estimate_text

ProxyFactory = Callable[..., Proxy]
WINDOW = 2048


def long_conversation() -> list[dict[str, str]]:
    messages: list[dict[str, str]] = [
        {"role": "user", "content": "We are building Trooper, a fallback proxy in Python."},
        {"role": "assistant", "content": "Great: Trooper it is. Where do we start?"},
    ]
    for turn in range(1, 150):
        note = f"Step {turn}: we tuned the retry policy and the breaker thresholds again. " * 3
        if turn == 40:
            note = "The staging database password rotates every 45 days via VaultSync. " * 2
        messages.append({"role": "user", "content": note})
        messages.append({"role": "assistant", "content": f"Done with step {turn}."})
    messages.append({"role": "user", "content": "How often does the staging password rotate?"})
    return messages


@pytest.fixture
def proxy(fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory({**fake_env(fakes), "CONTEXT_WINDOW": str(WINDOW)})


def test_fallback_compacts_to_the_local_window(
    proxy: Proxy, fakes: dict[str, FakeUpstream], caplog: pytest.LogCaptureFixture
) -> None:
    fakes["anthropic"].always(credit_balance())
    caplog.set_level(logging.INFO, logger="trooper")
    raw = proxy.openai().chat.completions.with_raw_response.create(
        model="gpt-4o-mini",
        messages=[
            {"role": "system", "content": "You are the Trooper pair programmer."},
            *long_conversation(),
        ],  # type: ignore[list-item]
    )
    assert raw.headers["x-trooper-summary"] == "claude → ollama (credit_balance) | context ✓"
    sent = fakes["ollama"].requests[-1].body
    assert sent is not None
    messages = sent["messages"]
    assert isinstance(messages, list)
    system, rest = messages[0], messages[1:]
    assert system["role"] == "system"
    assert system["content"].startswith("You are the Trooper pair programmer.")
    sitrep = re.search(r"\[TROOPER_SITREP\](.*?)\[/TROOPER_SITREP\]", system["content"], re.S)
    assert sitrep is not None, "the SITREP rides in the system prompt"
    fields = json.loads(sitrep.group(1))
    assert set(fields) >= {
        "intent",
        "stage",
        "constraints",
        "active_entities",
        "open_loops",
        "recent_actions",
        "resolved_loops",
        "confidence",
    }
    assert rest[0]["content"] == "We are building Trooper, a fallback proxy in Python."
    assert rest[-1] == {"role": "user", "content": "How often does the staging password rotate?"}
    assert any("VaultSync" in m["content"] for m in rest), "the relevant middle turn is recalled"
    total = sum(estimate_text(json.dumps(m)) for m in messages)
    assert total <= WINDOW
    options = sent["options"]
    assert isinstance(options, dict) and options["num_ctx"] == WINDOW
    logs = caplog.text
    assert re.search(r"📦 Context compaction triggered — \d+ tokens exceeds \d+ budget", logs)
    assert "Anchor turns : 2" in logs and "→ SITREP" in logs and "Tokens used :" in logs


def test_cloud_context_length_error_falls_over_with_compaction(
    proxy: Proxy, fakes: dict[str, FakeUpstream]
) -> None:
    fakes["anthropic"].script(context_length("anthropic"))
    raw = proxy.anthropic().messages.with_raw_response.create(
        model="claude-sonnet-4-6",
        max_tokens=100,
        messages=long_conversation(),  # type: ignore[arg-type]
    )
    assert raw.headers["x-trooper-decision"] == "ollama (fallback: context_length)"
    assert fakes["anthropic"].count() == 1, "never retried on the same model"
    sent = fakes["ollama"].requests[-1].body
    assert sent is not None and "[TROOPER_SITREP]" in json.dumps(sent)


def test_short_conversation_is_sent_unchanged(proxy: Proxy, fakes: dict[str, FakeUpstream]) -> None:
    fakes["anthropic"].always(credit_balance())
    proxy.anthropic().messages.create(
        model="claude-sonnet-4-6",
        max_tokens=100,
        system="Be brief.",
        messages=[
            {"role": "user", "content": "hi"},
            {"role": "assistant", "content": "hello"},
            {"role": "user", "content": "how are you?"},
        ],
    )
    sent = fakes["ollama"].requests[-1].body
    assert sent is not None
    assert sent["messages"] == [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": "hi"},
        {"role": "assistant", "content": "hello"},
        {"role": "user", "content": "how are you?"},
    ]


def test_tools_too_large_for_the_local_window_fail_cleanly(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    """A request that cannot fit the local window is that target's failure, not a crash."""
    proxy = proxy_factory({**fake_env(fakes), "CONTEXT_WINDOW": "512"})
    fakes["anthropic"].always(credit_balance())
    schema = {
        "type": "object",
        "properties": {
            f"field_{i}": {"type": "string", "enum": [f"v{j}" for j in range(20)]}
            for i in range(40)
        },
    }
    with pytest.raises(anthropic.APIStatusError) as caught:
        proxy.anthropic().messages.create(
            model="claude-sonnet-4-6",
            max_tokens=50,
            tools=[{"name": "huge", "description": "x", "input_schema": schema}],
            messages=[{"role": "user", "content": "go"}],
        )
    assert caught.value.status_code == 503
    assert "context_length" in str(caught.value)
    assert fakes["ollama"].count() == 0
