"""Claude Code, unchanged, with ANTHROPIC_BASE_URL pointed at Trooper.

The request below has the shape a current Claude Code (2.1.x) sends: ``?beta=true``, streaming,
beta and version headers, its session header, and a body with a system prompt in blocks with
cache control, a dozen tools, thinking, context management, output config and metadata.
"""

from __future__ import annotations

import copy
import http.client
import json
from collections.abc import Callable
from urllib.parse import urlsplit

from tests.conftest import Proxy, fake_env
from tests.fakes.upstream import FakeUpstream, overloaded

ProxyFactory = Callable[[dict[str, str]], Proxy]
SESSION = "0f7c2a4e-5b1d-4c7e-9a55-3c2d1e0f9b8a"

TOOLS = [
    {
        "name": name,
        "description": f"The {name} tool.",
        "input_schema": {
            "type": "object",
            "properties": {"path": {"type": "string"}},
            "required": ["path"],
            "additionalProperties": False,
            "$schema": "http://json-schema.org/draft-07/schema#",
        },
    }
    for name in (
        "Task",
        "Bash",
        "Glob",
        "Grep",
        "LS",
        "Read",
        "Edit",
        "MultiEdit",
        "Write",
        "NotebookEdit",
        "WebFetch",
        "TodoWrite",
    )
]


def claude_code_body(text: str = "list the files") -> dict[str, object]:
    return {
        "model": "claude-sonnet-4-6",
        "max_tokens": 32000,
        "stream": True,
        "system": [
            {"type": "text", "text": "You are Claude Code, Anthropic's official CLI for Claude."},
            {
                "type": "text",
                "text": "You are an interactive CLI tool that helps users with software tasks.",
                "cache_control": {"type": "ephemeral"},
            },
        ],
        "messages": [
            {
                "role": "user",
                "content": [
                    {"type": "text", "text": text, "cache_control": {"type": "ephemeral"}},
                ],
            }
        ],
        "tools": TOOLS,
        "thinking": {"type": "enabled", "budget_tokens": 31999},
        "context_management": {"edits": [{"type": "clear_thinking_20251015", "keep": "all"}]},
        "output_config": {"effort": "medium"},
        "metadata": {"user_id": "user_abc_account_def_session_" + SESSION},
    }


def claude_code_post(
    proxy: Proxy, body: dict[str, object], auth: dict[str, str]
) -> tuple[int, dict[str, str], str]:
    parts = urlsplit(proxy.url)
    conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=20)
    headers = {
        "content-type": "application/json",
        "anthropic-version": "2023-06-01",
        "anthropic-beta": "claude-code-20250219,interleaved-thinking-2025-05-14,"
        "context-management-2025-06-27",
        "x-app": "cli",
        "user-agent": "claude-cli/2.1.12 (external, cli)",
        "X-Claude-Code-Session-Id": SESSION,
        **auth,
    }
    try:
        conn.request("POST", "/v1/messages?beta=true", body=json.dumps(body), headers=headers)
        response = conn.getresponse()
        text = response.read().decode()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, text
    finally:
        conn.close()


def events(sse: str) -> list[str]:
    return [line[7:] for line in sse.splitlines() if line.startswith("event: ")]


def test_claude_code_is_forwarded_intact(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    proxy = proxy_factory(fake_env(fakes))
    status, headers, sse = claude_code_post(proxy, claude_code_body(), {"x-api-key": "sk-ant-cc"})
    assert status == 200
    assert headers["content-type"].startswith("text/event-stream")
    assert headers["x-trooper-provider"] == "claude"
    seq = events(sse)
    assert seq[0] == "message_start" and seq[-1] == "message_stop"
    assert "content_block_delta" in seq and "message_delta" in seq
    sent = fakes["anthropic"].requests[-1]
    body = sent.body
    assert body is not None
    original = claude_code_body()
    for key in (
        "system",
        "tools",
        "thinking",
        "context_management",
        "output_config",
        "metadata",
        "messages",
        "max_tokens",
    ):
        assert body[key] == original[key], key
    assert body["model"] == "claude-sonnet-4-6"
    assert sent.headers["anthropic-beta"].startswith("claude-code-20250219")
    # The server's key is used, never the client's, and the client's never leaks upstream.
    assert sent.headers["x-api-key"] == "sk-ant-test-key"
    # The Claude Code session header names the Trooper session.
    assert headers["x-trooper-session-id"] == SESSION


def test_subscription_token_passes_through_when_no_server_key(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    proxy = proxy_factory(fake_env(fakes, keys=()))
    token = "sk-ant-oat01-subscription-token"
    status, headers, _ = claude_code_post(
        proxy, claude_code_body(), {"authorization": f"Bearer {token}"}
    )
    assert status == 200
    assert headers["x-trooper-provider"] == "claude"
    sent = fakes["anthropic"].requests[-1]
    assert sent.headers["authorization"] == f"Bearer {token}"
    assert "x-api-key" not in sent.headers


def test_claude_code_falls_back_to_local_with_tools(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    fakes["anthropic"].always(overloaded("anthropic"))
    proxy = proxy_factory(fake_env(fakes))
    status, headers, sse = claude_code_post(proxy, claude_code_body(), {"x-api-key": "sk-ant-cc"})
    assert status == 200
    assert headers["x-trooper-provider"] == "ollama"
    assert headers["x-trooper-decision"] == "ollama (fallback: overloaded)"
    seq = events(sse)
    assert seq[0] == "message_start" and seq[-1] == "message_stop"
    sent = fakes["ollama"].requests[-1].body
    assert sent is not None
    tools = sent["tools"]
    assert isinstance(tools, list) and len(tools) == 12
    messages = sent["messages"]
    assert isinstance(messages, list)
    assert messages[0]["role"] == "system"
    assert "Claude Code" in messages[0]["content"]
    assert messages[-1]["role"] == "user"
    assert "thinking" not in sent
    # The local model was asked for a tool call (the fake calls the first tool).
    assert '"name":"Task"' in sse.replace(" ", "")


def test_heavy_tool_definitions_are_slimmed_to_fit_the_local_window(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    """A coding agent's tools can outweigh a small window: their prose goes, names stay."""
    fakes["anthropic"].always(overloaded("anthropic"))
    proxy = proxy_factory({**fake_env(fakes), "CONTEXT_WINDOW": "4096"})
    body = copy.deepcopy(claude_code_body())
    for tool in body["tools"]:  # type: ignore[attr-defined]
        tool["description"] = "Does its job. " + "Detailed usage guidance. " * 150
    status, headers, _ = claude_code_post(proxy, body, {"x-api-key": "sk-ant-cc"})
    assert status == 200
    assert headers["x-trooper-provider"] == "ollama"
    sent = fakes["ollama"].requests[-1].body
    assert sent is not None
    tools = sent["tools"]
    assert isinstance(tools, list) and len(tools) == 12
    assert [t["function"]["name"] for t in tools] == [t["name"] for t in TOOLS]
    assert all(t["function"]["description"] == "Does its job." for t in tools)
    assert all(t["function"]["parameters"]["required"] == ["path"] for t in tools)


def with_system_message(body: dict[str, object]) -> dict[str, object]:
    """Claude Code 2.1.3xx places system messages inside ``messages`` (Anthropic's
    mid-conversation system messages)."""
    body = copy.deepcopy(body)
    messages = body["messages"]
    assert isinstance(messages, list)
    messages.insert(
        1, {"role": "system", "content": [{"type": "text", "text": "Working directory: /repo"}]}
    )
    messages.append({"role": "user", "content": "and now the tests"})
    return body


def test_system_messages_inside_the_conversation_reach_claude_as_sent(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    proxy = proxy_factory(fake_env(fakes))
    body = with_system_message(claude_code_body())
    status, headers, sse = claude_code_post(proxy, body, {"x-api-key": "sk-ant-cc"})
    assert status == 200, sse
    assert headers["x-trooper-provider"] == "claude"
    sent = fakes["anthropic"].requests[-1].body
    assert sent is not None
    assert sent["messages"] == body["messages"]


def test_system_messages_stay_in_place_on_the_local_model(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    fakes["anthropic"].always(overloaded("anthropic"))
    proxy = proxy_factory(fake_env(fakes))
    body = with_system_message(claude_code_body())
    status, headers, sse = claude_code_post(proxy, body, {"x-api-key": "sk-ant-cc"})
    assert status == 200, sse
    assert headers["x-trooper-provider"] == "ollama"
    sent = fakes["ollama"].requests[-1].body
    assert sent is not None
    roles = [(m["role"], m["content"]) for m in sent["messages"]]  # type: ignore[index,union-attr]
    assert roles[0][0] == "system" and "Claude Code" in roles[0][1]
    assert roles[1:] == [
        ("user", "list the files"),
        ("system", "Working directory: /repo"),
        ("user", "and now the tests"),
    ]


def test_count_tokens_accepts_system_messages(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    proxy = proxy_factory(fake_env(fakes))
    body = with_system_message(claude_code_body())
    count = proxy.anthropic().messages.count_tokens(
        model="claude-sonnet-4-6",
        messages=body["messages"],  # type: ignore[arg-type]
    )
    assert count.input_tokens > 0


def test_a_subagent_conversation_under_the_same_session_header_is_sent_as_is(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    """Claude Code sends one session header for the main conversation and its subagents: a
    one-message request is a new conversation, never the stored one with a message added."""
    proxy = proxy_factory(fake_env(fakes))
    main = claude_code_body("read the README")
    status, _, _ = claude_code_post(proxy, main, {"x-api-key": "sk-ant-cc"})  # a tool call
    assert status == 200
    subagent = claude_code_body("search the code for TODO")
    status, headers, sse = claude_code_post(proxy, subagent, {"x-api-key": "sk-ant-cc"})
    assert status == 200, sse
    sent = fakes["anthropic"].requests[-1].body
    assert sent is not None
    assert sent["messages"] == subagent["messages"]
    assert sent["system"] == subagent["system"]  # block structure and cache_control kept
    assert headers["x-trooper-session-id"] == SESSION
    session = proxy.run(proxy.state.store.get(SESSION))
    assert session is not None and len(session.turns) == 2
