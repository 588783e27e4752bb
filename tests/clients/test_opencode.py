"""OpenCode (``opencode run``) speaking Anthropic Messages to Trooper.

OpenCode's Anthropic provider takes its base URL from the project's ``opencode.json``; every call
streams, and a session also asks a small model for its title. Its turn goes to the cloud (the fake
Claude) with a ``bash`` round trip that OpenCode really runs; then the same session, continued
once the cloud runs out of credit, goes to the local model with the earlier turns and another
round trip. OpenCode takes seconds to start, so one test covers all of it in two runs.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.clients.conftest import Stack, npm_client, received, text_of
from tests.fakes.upstream import CallTool, credit_balance

pytestmark = pytest.mark.clients

MODEL = "claude-sonnet-4-6"
Event = dict[str, Any]


def opencode(stack: Stack, prompt: str, *options: str) -> list[Event]:
    """Run ``opencode run`` with its Anthropic base URL at Trooper; the JSON events it printed."""
    config = {
        "$schema": "https://opencode.ai/config.json",
        "autoupdate": False,
        "share": "disabled",
        "permission": {"bash": "allow"},
        "provider": {
            "anthropic": {
                "options": {"baseURL": stack.proxy.url + "/v1", "apiKey": "sk-ant-client-key"}
            }
        },
        "model": f"anthropic/{MODEL}",
    }
    (stack.project / "opencode.json").write_text(json.dumps(config))
    env = stack.env(OPENCODE_DISABLE_MODELS_FETCH="1", OPENCODE_DISABLE_AUTOUPDATE="1")
    command = [npm_client("opencode"), "run", "--format", "json", *options, prompt]
    stdout = stack.run(command, env, timeout=180).stdout
    return [json.loads(line) for line in stdout.splitlines() if line.startswith("{")]


def marker(name: str) -> CallTool:
    """A call of OpenCode's bash tool printing what only running it prints (``name``-42)."""
    return CallTool("bash", {"command": f"echo {name}-$((6*7))", "description": "Print a marker"})


def texts(events: list[Event]) -> list[str]:
    return [e["part"]["text"] for e in events if e.get("type") == "text"]


def ran(events: list[Event]) -> list[str]:
    """What each bash call OpenCode ran printed."""
    calls = [e["part"] for e in events if e.get("type") == "tool_use"]
    return [str(c["state"]["output"]).strip() for c in calls if c["tool"] == "bash"]


def test_bash_turn_on_the_cloud_then_continued_after_the_fallback(stack: Stack) -> None:
    stack.cloud.always(marker("cloud"))
    first = opencode(stack, "Remember the codeword KESTREL-8, then run the marker command.")
    answer = "\n".join(texts(first))
    assert answer.startswith("anthropic got tool result:") and "cloud-42" in answer, first
    assert ran(first) == ["cloud-42"]  # OpenCode ran the command the cloud asked for
    asked = received(stack.cloud, "KESTREL-8")
    assert asked and all(r.stream for r in asked)
    assert any(r.body and r.body["model"] == MODEL for r in asked)
    assert not received(stack.local)

    stack.cloud.always(credit_balance())
    stack.local.always(marker("local"))
    second = opencode(stack, "What was the codeword? Run the marker command again.", "--continue")
    answer = "\n".join(texts(second))
    assert answer.startswith("ollama got tool result:") and "local-42" in answer, second
    assert ran(second) == ["local-42"]
    # The cloud was asked first (and refused); the local model got the whole session.
    assert received(stack.cloud, "What was the codeword?")
    answered = received(stack.local, "What was the codeword?", "local-42")
    assert answered, "the local model never got the bash result"
    context = text_of(answered[-1])
    assert "KESTREL-8" in context and "cloud-42" in context
