"""Every dialect's ``parse_request_steps``: the same canonical request as ``parse_request``,
field for field, its messages converted one per step, and the same error for bad input.

A long conversation's conversion holds the event loop for milliseconds in one call; in steps
(driven by :func:`trooper.slices.run`) the loop gets turns in between. Each body here mixes the
shapes a dialect's conversion handles (turns of one role merged, system turns in place, tool
calls and their results, images, parts left out), so a stepped conversion that lost any state
between two messages would differ.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from types import ModuleType
from typing import Any

import pytest

from trooper.errors import InvalidRequest
from trooper.model.conversation import ChatRequest, JSONObject
from trooper.slices import Steps
from trooper.translate import anthropic, gemini_inbound, openai, responses

N = 200
PNG = "iVBORw0KGgo="


def anthropic_body(n: int = N) -> JSONObject:
    messages: list[Any] = []
    for i in range(n):
        kind = i % 5
        if kind == 0:
            messages.append({"role": "user", "content": f"question {i}"})
        elif kind == 1:
            messages.append(
                {
                    "role": "assistant",
                    "content": [
                        {"type": "thinking", "thinking": f"hm {i}", "signature": "sig"},
                        {"type": "text", "text": f"calling {i}"},
                        {"type": "tool_use", "id": f"t{i}", "name": "get", "input": {"i": i}},
                    ],
                }
            )
        elif kind == 2:
            messages.append(
                {
                    "role": "user",
                    "content": [
                        {"type": "tool_result", "tool_use_id": f"t{i - 1}", "content": f"r{i}"},
                        {
                            "type": "image",
                            "source": {"type": "base64", "media_type": "image/png", "data": PNG},
                        },
                        {"type": "text", "text": "go on", "cache_control": {"type": "ephemeral"}},
                    ],
                }
            )
        elif kind == 3:
            messages.append({"role": "assistant", "content": []})  # left out
        else:
            messages.append({"role": "assistant", "content": f"answer {i}"})
    messages.append({"role": "user", "content": "last"})
    return {
        "model": "claude-sonnet-4-6",
        "max_tokens": 64,
        "system": "Be brief.",
        "messages": messages,
        "tools": [{"name": "get", "input_schema": {"type": "object"}}],
    }


def openai_body(n: int = N) -> JSONObject:
    messages: list[Any] = [{"role": "system", "content": "Be brief."}]
    for i in range(n):
        kind = i % 6
        if kind == 0:
            messages.append({"role": "user", "content": f"question {i}"})
        elif kind == 1:  # a second user turn: merged into the first
            image = {"url": f"data:image/png;base64,{PNG}"}
            messages.append(
                {
                    "role": "user",
                    "content": [
                        {"type": "text", "text": f"and {i}"},
                        {"type": "image_url", "image_url": image},
                    ],
                }
            )
        elif kind == 2:
            call = {"name": "get", "arguments": f'{{"i": {i}}}'}
            messages.append(
                {
                    "role": "assistant",
                    "content": None,
                    "tool_calls": [{"id": f"c{i}", "type": "function", "function": call}],
                }
            )
        elif kind == 3:
            messages.append({"role": "tool", "tool_call_id": f"c{i - 1}", "content": f"r{i}"})
        elif kind == 4:
            messages.append({"role": "developer", "content": f"note {i}"})  # in place
        else:
            messages.append({"role": "assistant", "content": f"answer {i}"})
    messages.append({"role": "user", "content": "last"})
    return {"model": "gpt-4o", "messages": messages, "temperature": 0.5}


def responses_body(n: int = N) -> JSONObject:
    items: list[Any] = [{"role": "developer", "content": "Be brief."}]
    for i in range(n):
        kind = i % 6
        if kind == 0:
            items.append({"type": "message", "role": "user", "content": f"question {i}"})
        elif kind == 1:
            items.append({"role": "user", "content": [{"type": "input_text", "text": f"and {i}"}]})
        elif kind == 2:
            items.append({"type": "reasoning", "id": f"rs{i}", "summary": []})  # left out
        elif kind == 3:
            items.append(
                {
                    "type": "function_call",
                    "call_id": f"c{i}",
                    "name": "get",
                    "arguments": f'{{"i": {i}}}',
                }
            )
        elif kind == 4:
            items.append({"type": "function_call_output", "call_id": f"c{i - 1}", "output": "r"})
        else:
            items.append(
                {
                    "type": "message",
                    "role": "assistant",
                    "content": [{"type": "output_text", "text": f"answer {i}"}],
                }
            )
    items.append({"role": "user", "content": "last"})
    return {"model": "gpt-5", "instructions": "Answer.", "input": items}


def gemini_body(n: int = N) -> JSONObject:
    contents: list[Any] = []
    for i in range(n):
        kind = i % 5
        if kind == 0:
            contents.append({"role": "user", "parts": [{"text": f"question {i}"}]})
        elif kind == 1:  # no id: the call gets one from its place, its answer finds it
            contents.append(
                {
                    "role": "model",
                    "parts": [
                        {"text": "thinking", "thought": True},
                        {"function_call": {"name": "get", "args": {"i": i}}},
                    ],
                }
            )
        elif kind == 2:
            answer = {"name": "get", "response": {"output": f"r{i}"}}
            contents.append({"role": "user", "parts": [{"functionResponse": answer}]})
        elif kind == 3:
            blob = {"mimeType": "image/png", "data": PNG}
            contents.append({"role": "user", "parts": [{"inline_data": blob}]})  # merged
        else:
            contents.append({"role": "model", "parts": [{"text": f"answer {i}"}]})
    contents.append({"role": "user", "parts": [{"text": "last"}]})
    return {
        "contents": contents,
        "systemInstruction": {"parts": [{"text": "Be brief."}]},
        "generationConfig": {"temperature": 0.5},
    }


DIALECTS: dict[str, tuple[ModuleType, Callable[..., JSONObject], str]] = {
    "anthropic": (anthropic, anthropic_body, "messages"),
    "openai": (openai, openai_body, "messages"),
    "responses": (responses, responses_body, "input"),
    "gemini": (gemini_inbound, gemini_body, "contents"),
}


def stepped(steps: Steps[ChatRequest]) -> tuple[ChatRequest, int]:
    """The request ``steps`` returns, and how many steps it took."""
    count = 0
    while True:
        try:
            next(steps)
        except StopIteration as done:
            return done.value, count  # type: ignore[no-any-return]
        count += 1


@pytest.mark.parametrize("name", DIALECTS)
def test_the_stepped_parse_is_the_one_step_parse_one_message_per_step(name: str) -> None:
    module, body, _ = DIALECTS[name]
    data = body()
    whole = module.parse_request(copy.deepcopy(data))
    req, count = stepped(module.parse_request_steps(data))
    assert count >= N
    assert len(req.messages) > 10
    assert req == whole  # every field, every message and part
    assert req.messages == whole.messages
    assert req.system == whole.system and req.raw == whole.raw


@pytest.mark.parametrize("name", DIALECTS)
def test_a_short_conversation_is_the_same_in_steps(name: str) -> None:
    module, body, _ = DIALECTS[name]
    data = body(3)
    assert stepped(module.parse_request_steps(data))[0] == module.parse_request(data)


def _bad_bodies(name: str) -> list[JSONObject]:
    """Bodies each dialect refuses: a bad message deep in the list, a bad message and a bad
    field before it, a bad field after it, no list at all."""
    _, body, key = DIALECTS[name]
    bad_item: dict[str, object] = {"role": "robot", "content": "hi"}
    if name == "gemini":
        bad_item = {"role": "user", "parts": [{"nothing": 1}]}
    bodies: list[JSONObject] = []
    deep = body()
    deep[key][N - 7] = bad_item
    bodies.append(deep)
    not_object = body()
    not_object[key][N // 2] = 42
    bodies.append(not_object)
    both = body()
    both[key][3] = bad_item
    if name == "gemini":
        both["generationConfig"] = {"temperature": "hot"}  # read before the contents
        both["systemInstruction"] = {"parts": 7}
    else:
        both["model"] = 7
    bodies.append(both)
    after = body()
    after["tools"] = "none"
    bodies.append(after)
    for value in (None, "text", [], {"a": 1}):
        missing = body()
        missing[key] = value
        bodies.append(missing)
    return bodies


@pytest.mark.parametrize("name", DIALECTS)
def test_bad_input_raises_what_the_one_step_parse_raises(name: str) -> None:
    module = DIALECTS[name][0]
    bodies = _bad_bodies(name)
    refused = 0
    for data in bodies:
        try:
            whole = module.parse_request(copy.deepcopy(data))
        except InvalidRequest as expected:
            with pytest.raises(InvalidRequest) as got:
                stepped(module.parse_request_steps(data))
            assert got.value.message == expected.message
            refused += 1
        else:  # a shape this dialect takes (Responses' input may be a string)
            assert stepped(module.parse_request_steps(data))[0] == whole
    assert refused >= len(bodies) - 2
