"""System turns inside the conversation: parsed where they stand, kept where they stand."""

from __future__ import annotations

from dataclasses import replace

from trooper.model.conversation import ChatRequest, Message, TextPart
from trooper.translate import anthropic, gemini, ollama, openai

BODY: dict[str, object] = {
    "model": "claude-sonnet-4-6",
    "max_tokens": 64,
    "system": "Be brief.",
    "messages": [
        {"role": "user", "content": "hi"},
        {"role": "system", "content": [{"type": "text", "text": "Today is Tuesday."}]},
        {"role": "assistant", "content": "hello"},
        {"role": "system", "content": "Answer in French."},
        {"role": "user", "content": "what day is it?"},
    ],
}


def parsed() -> ChatRequest:
    return anthropic.parse_request(BODY)  # type: ignore[arg-type]


def test_anthropic_system_messages_become_system_turns_in_place() -> None:
    req = parsed()
    assert req.system == "Be brief."
    assert [(m.role, m.text()) for m in req.messages] == [
        ("user", "hi"),
        ("system", "Today is Tuesday."),
        ("assistant", "hello"),
        ("system", "Answer in French."),
        ("user", "what day is it?"),
    ]
    assert req.latest_user_text() == "what day is it?"


def test_claude_gets_them_as_sent_and_in_place_when_rebuilt() -> None:
    req = parsed()
    assert anthropic.build_request(req, "claude-haiku-4-5")["messages"] == BODY["messages"]
    rebuilt = anthropic.build_request(replace(req, modified=True), "claude-haiku-4-5")
    assert [m["role"] for m in rebuilt["messages"]] == [  # type: ignore[index,union-attr]
        "user",
        "system",
        "assistant",
        "system",
        "user",
    ]


def test_openai_targets_get_in_place_system_messages() -> None:
    messages = openai.build_request(parsed(), "gpt-4o")["messages"]
    assert messages == [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": "hi"},
        {"role": "system", "content": "Today is Tuesday."},
        {"role": "assistant", "content": "hello"},
        {"role": "system", "content": "Answer in French."},
        {"role": "user", "content": "what day is it?"},
    ]


def test_ollama_gets_in_place_system_messages() -> None:
    messages = ollama.build_request(parsed(), "qwen2.5:3b")["messages"]
    assert [(m["role"], m["content"]) for m in messages] == [  # type: ignore[index,union-attr]
        ("system", "Be brief."),
        ("user", "hi"),
        ("system", "Today is Tuesday."),
        ("assistant", "hello"),
        ("system", "Answer in French."),
        ("user", "what day is it?"),
    ]


def test_gemini_gets_marked_instructions_in_user_turns() -> None:
    """Gemini's contents take only user and model turns; the instruction keeps its place."""
    body = gemini.build_request(parsed(), "gemini-2.5-flash")
    assert body["systemInstruction"] == {"parts": [{"text": "Be brief."}]}
    assert body["contents"] == [
        {
            "role": "user",
            "parts": [{"text": "hi"}, {"text": "[System instruction]\nToday is Tuesday."}],
        },
        {"role": "model", "parts": [{"text": "hello"}]},
        {
            "role": "user",
            "parts": [
                {"text": "[System instruction]\nAnswer in French."},
                {"text": "what day is it?"},
            ],
        },
    ]


def test_openai_mid_conversation_system_round_trips() -> None:
    req = openai.parse_request(
        {
            "model": "gpt-4o",
            "messages": [
                {"role": "developer", "content": "Be brief."},
                {"role": "user", "content": "hi"},
                {"role": "developer", "content": "Now in French."},
            ],
        }
    )
    assert req.system == "Be brief."
    assert req.messages[-1] == Message("system", [TextPart("Now in French.")])
    built = anthropic.build_request(req, "claude-haiku-4-5")
    assert built["messages"] == [
        {"role": "user", "content": [{"type": "text", "text": "hi"}]},
        {"role": "system", "content": [{"type": "text", "text": "Now in French."}]},
    ]
