"""Qwen Code (``qwen``, headless) speaking OpenAI chat completions to Trooper.

Qwen Code streams every call. Its turn goes to the cloud (the fake Claude, translated from
OpenAI's dialect and back), the resumed conversation to the local model once the cloud runs out
of credit, and its shell tool (``run_shell_command``) runs for real on both.
"""

from __future__ import annotations

import json
from typing import Any

from tests.clients.conftest import Stack, local_turns, npm_client, received, text_of
from tests.fakes.upstream import CallTool, Say, credit_balance

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
    text = stdout[stdout.index("[") :] if stdout.lstrip().startswith("[") else stdout
    if text.startswith("["):
        events: list[Event] = json.loads(text)
        return events
    return [json.loads(line) for line in stdout.splitlines() if line.startswith("{")]


def result_of(events: list[Event]) -> Event:
    result = events[-1]
    assert result["type"] == "result" and result["is_error"] is False, result
    return result


def text_deltas(events: list[Event]) -> list[str]:
    inner = [e["event"] for e in events if e["type"] == "stream_event"]
    deltas = [e["delta"] for e in inner if e["type"] == "content_block_delta"]
    return [d["text"] for d in deltas if d["type"] == "text_delta"]


def test_cloud_turn_then_the_local_model_continues_the_conversation(stack: Stack) -> None:
    stack.cloud.always(Say())
    stack.local.always(Say())
    first = result_of(qwen(stack, "Remember the codeword HERON-5.", "--output-format", "json"))
    assert first["result"].startswith("anthropic says:") and "HERON-5" in first["result"]
    asked = received(stack.cloud, "HERON-5")
    assert asked and all(r.stream for r in asked) and asked[0].body
    assert asked[0].body["model"] == MODEL

    stack.cloud.always(credit_balance())
    events = qwen(
        stack,
        "What was the codeword?",
        "--resume",
        first["session_id"],
        "--output-format",
        "stream-json",
        "--include-partial-messages",
    )
    second = result_of(events)
    assert second["result"].startswith("ollama says:")
    assert "What was the codeword?" in second["result"]
    pieces = text_deltas(events)
    assert len(pieces) > 1 and "".join(pieces) == second["result"]
    assert received(stack.cloud, "What was the codeword?")
    served = received(stack.local, "What was the codeword?")
    assert served and "HERON-5" in text_of(served[0])
    # The earlier answer (perhaps shortened to the local window) is in the local model's context.
    earlier = [t for t in local_turns(served[0], "assistant") if t.startswith("anthropic says:")]
    assert earlier and "HERON-5" in earlier[0]


def marker(name: str) -> CallTool:
    """A call of Qwen Code's shell tool printing what only running it prints (``name``-42).

    Qwen Code 0.24.4 now and then reports "Output: (empty)" for a command that exits at once
    (its capture races the exit): the pause keeps the process alive until its output is read.
    """
    command = f"echo {name}-$((6*7)); sleep 0.3"
    return CallTool("run_shell_command", {"command": command, "description": "Print a marker"})


def test_shell_round_trip_on_the_cloud_and_after_the_fallback(stack: Stack) -> None:
    stack.cloud.always(marker("cloud"))
    first = result_of(
        qwen(stack, "Run the marker command.", "--approval-mode", "yolo", "--output-format", "json")
    )
    assert first["result"].startswith("anthropic got tool result:")
    assert "cloud-42" in first["result"]

    stack.cloud.always(credit_balance())
    stack.local.always(marker("local"))
    second = result_of(
        qwen(
            stack,
            "Run it again.",
            "--resume",
            first["session_id"],
            "--approval-mode",
            "yolo",
            "--output-format",
            "json",
        )
    )
    assert second["result"].startswith("ollama got tool result:")
    assert "local-42" in second["result"]
    answered = [
        r for r in stack.local.requests if r.body and r.body["messages"][-1]["role"] == "tool"
    ]
    assert answered, "the local model never got the shell result"
    assert "local-42" in text_of(answered[-1]) and "cloud-42" in text_of(answered[-1])
