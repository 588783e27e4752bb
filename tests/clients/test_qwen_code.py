"""Qwen Code (``qwen``, headless) speaking OpenAI chat completions to Trooper.

Qwen Code streams every call. Its turn goes to the cloud (the fake Claude, translated from
OpenAI's dialect and back), the resumed conversation to the local model once the cloud runs out
of credit, and its shell tool (``run_shell_command``) runs for real on both. Qwen Code takes
seconds to start, so one test covers all of it in two runs.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.clients.conftest import Stack, local_turns, npm_client, received, text_of
from tests.fakes.upstream import CallTool, credit_balance

pytestmark = pytest.mark.clients

Event = dict[str, Any]
MODEL = "claude-sonnet-4-6"  # a Claude model by name: Trooper sends it to Claude as asked
SETTINGS = {
    "privacy": {"usageStatisticsEnabled": False},
    "telemetry": {"enabled": False},
    "general": {"disableAutoUpdate": True, "disableUpdateNag": True, "preventSystemSleep": False},
}


def qwen(stack: Stack, prompt: str, *options: str) -> list[Event]:
    """Run ``qwen`` headless with OPENAI_BASE_URL at Trooper; the events it printed."""
    settings = stack.home / ".qwen" / "settings.json"
    settings.parent.mkdir(exist_ok=True)
    settings.write_text(json.dumps(SETTINGS))
    env = stack.env(
        OPENAI_BASE_URL=stack.proxy.url + "/v1",
        OPENAI_API_KEY="sk-client-key",
        OPENAI_MODEL=MODEL,
        QWEN_CODE_SUPPRESS_YOLO_WARNING="1",
    )
    command = [npm_client("qwen"), prompt, "--auth-type", "openai", *options]
    stdout = stack.run(command, env, timeout=180).stdout
    return parse(stdout)


def parse(stdout: str) -> list[Event]:
    """``--output-format json`` prints one array; ``stream-json`` one event a line."""
    text = stdout.strip()
    if text.startswith("["):
        events: list[Event] = json.loads(text)
        return events
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def result_of(events: list[Event]) -> Event:
    result = events[-1]
    assert result["type"] == "result" and result["is_error"] is False, result
    return result


def text_deltas(events: list[Event]) -> list[str]:
    inner = [e["event"] for e in events if e["type"] == "stream_event"]
    deltas = [e["delta"] for e in inner if e["type"] == "content_block_delta"]
    return [d["text"] for d in deltas if d["type"] == "text_delta"]


def marker(name: str) -> CallTool:
    """A call of Qwen Code's shell tool printing what only running it prints (``name``-42).

    Qwen Code 0.24.4 now and then reports "Output: (empty)" for a command that exits at once
    (its capture races the exit): the pause keeps the process alive until its output is read.
    """
    command = f"echo {name}-$((6*7)); sleep 0.3"
    return CallTool("run_shell_command", {"command": command, "description": "Print a marker"})


def test_shell_turn_on_the_cloud_then_after_the_fallback_streamed(stack: Stack) -> None:
    """Two Qwen Code runs (each costs seconds of start-up): a turn on the cloud with a shell
    round trip, then the same conversation resumed after the cloud runs out of credit."""
    stack.cloud.always(marker("cloud"))
    first = result_of(
        qwen(
            stack,
            "Remember the codeword HERON-5, then run the marker command.",
            "--approval-mode",
            "yolo",
            "--output-format",
            "json",
        )
    )
    assert first["result"].startswith("anthropic got tool result:")
    assert "cloud-42" in first["result"]
    asked = received(stack.cloud, "HERON-5")
    assert asked and all(r.stream for r in asked) and asked[0].body
    assert asked[0].body["model"] == MODEL
    assert stack.local.count() == 0

    stack.cloud.always(credit_balance())
    stack.local.always(marker("local"))
    events = qwen(
        stack,
        "What was the codeword? Run the marker command again.",
        "--resume",
        first["session_id"],
        "--approval-mode",
        "yolo",
        "--output-format",
        "stream-json",
        "--include-partial-messages",
    )
    second = result_of(events)
    assert second["result"].startswith("ollama got tool result:")
    assert "local-42" in second["result"]
    # Streamed as Qwen Code shows it: the final answer piece by piece.
    pieces = text_deltas(events)
    assert len(pieces) > 1 and "".join(pieces) == second["result"]
    # The cloud was asked first (and refused); the local model got the whole conversation.
    assert received(stack.cloud, "What was the codeword?")
    answered = [
        r for r in stack.local.requests if r.body and r.body["messages"][-1]["role"] == "tool"
    ]
    assert answered, "the local model never got the shell result"
    assert "local-42" in local_turns(answered[-1], "tool")[-1]
    context = text_of(answered[-1])
    assert "HERON-5" in context and "cloud-42" in context
    earlier = [t for t in local_turns(answered[-1], "assistant") if t.startswith("anthropic got")]
    assert earlier and "cloud-42" in earlier[0]
