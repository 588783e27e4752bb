"""A Claude request Trooper must rebuild (compacted, extended from a session) keeps what the
client set: cache breakpoints, tool fields, the system prompt's blocks, every other field."""

from __future__ import annotations

from dataclasses import replace

from trooper.model.conversation import JSONObject, Message, TextPart
from trooper.translate import anthropic

EPHEMERAL: JSONObject = {"type": "ephemeral"}
BODY: JSONObject = {
    "model": "claude-sonnet-4-6",
    "max_tokens": 2048,
    "system": [
        {"type": "text", "text": "You are Claude Code."},
        {"type": "text", "text": "Be careful.", "cache_control": EPHEMERAL},
    ],
    "tools": [
        {
            "name": "Bash",
            "description": "Run a command.",
            "input_schema": {"type": "object", "properties": {"command": {"type": "string"}}},
            "defer_loading": True,
            "cache_control": EPHEMERAL,
        }
    ],
    "messages": [
        {
            "role": "user",
            "content": [{"type": "text", "text": "first", "cache_control": EPHEMERAL}],
        },
        {"role": "assistant", "content": "ok"},
        {"role": "user", "content": [{"type": "text", "text": "last", "cache_control": EPHEMERAL}]},
    ],
    "context_management": {"edits": [{"type": "clear_thinking_20251015", "keep": "all"}]},
}


def test_breakpoints_on_kept_blocks_stay_and_tools_keep_their_fields() -> None:
    req = replace(anthropic.parse_request(BODY), modified=True)
    body = anthropic.build_request(req, "claude-sonnet-4-6")
    sent = BODY["messages"]
    assert isinstance(sent, list)
    assert body["messages"] == [
        sent[0],
        {"role": "assistant", "content": [{"type": "text", "text": "ok"}]},
        sent[2],
    ]
    assert body["tools"] == BODY["tools"]
    assert body["system"] == BODY["system"]
    assert body["context_management"] == BODY["context_management"]


def test_a_compacted_breakpoint_moves_to_the_newest_block_and_a_sitrep_is_one_more_block() -> None:
    req = anthropic.parse_request(BODY)
    req = replace(
        req,
        system=req.system + "\n\nSITREP: the user is fixing tests.",  # type: ignore[operator]
        messages=[Message("user", [TextPart("last (shortened)")])],
        modified=True,
    )
    body = anthropic.build_request(req, "claude-sonnet-4-6")
    assert body["messages"] == [
        {
            "role": "user",
            "content": [{"type": "text", "text": "last (shortened)", "cache_control": EPHEMERAL}],
        }
    ]
    assert body["system"] == [
        *BODY["system"],  # type: ignore[misc]
        {"type": "text", "text": "SITREP: the user is fixing tests."},
    ]
