"""Claude Code (``claude -p``, print mode) with ANTHROPIC_BASE_URL pointed at Trooper.

A turn on the cloud, the same conversation resumed after the cloud runs out of credit (served
by the local model with the earlier turn in its context), a Bash round trip on each, and the
stream as Claude Code reads it (``stream-json`` with partial messages).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.clients.conftest import Stack, local_turns, npm_client, received, text_of
from tests.fakes.upstream import CallTool, Recorded, Say, credit_balance

pytestmark = pytest.mark.clients

Event = dict[str, Any]


def claude(stack: Stack, prompt: str, *options: str) -> str:
    """Run ``claude -p`` as a user would, reaching Trooper only; its standard output."""
    env = stack.env(
        ANTHROPIC_BASE_URL=stack.proxy.url,
        ANTHROPIC_API_KEY="sk-ant-api03-client-key",
        CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC="1",
        DISABLE_AUTOUPDATER="1",
        DISABLE_TELEMETRY="1",
        DISABLE_ERROR_REPORTING="1",
    )
    return stack.run([npm_client("claude"), "-p", prompt, *options], env).stdout


def result_of(stdout: str) -> Event:
    """The final ``result`` of ``--output-format json`` (or the last line of stream-json)."""
    lines = [json.loads(line) for line in stdout.splitlines() if line.strip()]
    result: Event = lines[-1]
    assert result["type"] == "result", result
    assert result["is_error"] is False, result
    return result


def text_deltas(stdout: str) -> list[str]:
    """The text pieces of ``stream-json --include-partial-messages``, in order."""
    events = [json.loads(line) for line in stdout.splitlines() if line.strip()]
    inner = [e["event"] for e in events if e["type"] == "stream_event"]
    deltas = [e["delta"] for e in inner if e["type"] == "content_block_delta"]
    return [d["text"] for d in deltas if d["type"] == "text_delta"]


def tool_results(stack_requests: list[Any]) -> list[str]:
    """Every Anthropic ``tool_result`` block's text in the recorded requests."""
    texts: list[str] = []
    for request in stack_requests:
        for message in request.body["messages"]:
            content = message["content"]
            blocks = content if isinstance(content, list) else []
            texts += [json.dumps(b["content"]) for b in blocks if b.get("type") == "tool_result"]
    return texts


def assert_as_claude_code_sends(requests: list[Recorded]) -> None:
    """What the real API requires of, and Claude Code puts in, every body: each ``tool_use``
    answered by a ``tool_result`` in the next turn, and its prompt-cache breakpoints."""
    for request in requests:
        assert request.body is not None
        messages = request.body["messages"]
        assert isinstance(messages, list)
        for i, message in enumerate(messages):
            content = message["content"] if isinstance(message["content"], list) else []
            calls = [b["id"] for b in content if b.get("type") == "tool_use"]
            if calls:
                following = messages[i + 1]["content"] if i + 1 < len(messages) else []
                answered = [b.get("tool_use_id") for b in following if isinstance(b, dict)]
                assert set(calls) <= set(answered), f"unanswered tool_use in {request.body}"
        assert "cache_control" in json.dumps(request.body), "prompt-cache breakpoints lost"


def test_cloud_turn_then_the_local_model_continues_the_conversation(stack: Stack) -> None:
    stack.cloud.always(Say())
    stack.local.always(Say())
    first = result_of(claude(stack, "Remember the codeword PELICAN-7.", "--output-format", "json"))
    assert first["result"].startswith("anthropic says:") and "PELICAN-7" in first["result"]
    assert [r.stream for r in received(stack.cloud, "PELICAN-7")] == [True]
    assert_as_claude_code_sends(stack.cloud.requests)
    assert stack.local.count() == 0

    stack.cloud.always(credit_balance())
    stdout = claude(
        stack,
        "What was the codeword?",
        "--resume",
        first["session_id"],
        "--output-format",
        "stream-json",
        "--verbose",
        "--include-partial-messages",
    )
    second = result_of(stdout)
    assert second["result"].startswith("ollama says:")
    assert "What was the codeword?" in second["result"]
    # Streamed as Claude Code shows it: piece by piece, adding up to the final answer.
    pieces = text_deltas(stdout)
    assert len(pieces) > 1 and "".join(pieces) == second["result"]
    # The cloud was asked first (and refused), then the local model got the whole conversation.
    assert received(stack.cloud, "What was the codeword?")
    served = received(stack.local, "What was the codeword?")
    assert served and all(r.stream for r in served)
    assert "PELICAN-7" in text_of(served[0])
    # The earlier answer (perhaps shortened to the local window) is in the local model's context.
    earlier = [t for t in local_turns(served[0], "assistant") if t.startswith("anthropic says:")]
    assert earlier and "PELICAN-7" in earlier[0]


def test_bash_round_trip_on_the_cloud_and_after_the_fallback(stack: Stack) -> None:
    # The command prints what only running it can print: the fakes see its output, not its text.
    stack.cloud.always(CallTool("Bash", {"command": "echo cloud-$((6*7))", "description": "Mark"}))
    first = result_of(
        claude(
            stack, "Run the marker command.", "--allowedTools", "Bash", "--output-format", "json"
        )
    )
    assert first["result"] == "anthropic got tool result: cloud-42"
    assert any("cloud-42" in t for t in tool_results(stack.cloud.requests))
    assert_as_claude_code_sends(stack.cloud.requests)

    stack.cloud.always(credit_balance())
    stack.local.always(CallTool("Bash", {"command": "echo local-$((6*7))", "description": "Mark"}))
    second = result_of(
        claude(
            stack,
            "Run it again.",
            "--resume",
            first["session_id"],
            "--allowedTools",
            "Bash",
            "--output-format",
            "json",
        )
    )
    assert second["result"] == "ollama got tool result: local-42"
    answered = [
        r for r in stack.local.requests if r.body and r.body["messages"][-1]["role"] == "tool"
    ]
    assert answered, "the local model never got the Bash result"
    last = answered[-1].body
    assert last is not None and "local-42" in last["messages"][-1]["content"]
    # The earlier cloud turn, with its tool result, is in the local model's context.
    assert "cloud-42" in text_of(answered[-1])
    offered = [t["function"]["name"] for t in last["tools"]]
    assert "Bash" in offered


def test_a_subagent_conversation_reaches_the_cloud_as_sent(stack: Stack) -> None:
    """Claude Code sends one session header for the parent and its subagents alike: the
    subagent's fresh conversation must reach Claude as it was sent, nothing spliced in."""
    delegate = {
        "description": "Look around",
        "prompt": "Subagent: list the files.",
        "subagent_type": "general-purpose",
    }
    stack.cloud.script(CallTool("Agent", delegate))
    stack.cloud.always(Say())
    claude(stack, "Delegate this, codeword KESTREL-9.", "--output-format", "json")
    parent = received(stack.cloud, "Delegate this, codeword KESTREL-9.")
    child = [r for r in received(stack.cloud, "Subagent: list the files.") if r not in parent]
    assert len(parent) >= 2 and child, "the subagent never reached the cloud"
    assert_as_claude_code_sends(stack.cloud.requests)
