"""Golden tests of the Anthropic Messages translator, both directions.

Stream output is checked twice: as exact bytes, and by the official ``anthropic`` SDK parsing it
(handed the bytes through an ``httpx2.MockTransport``, so nothing is patched and nothing leaves
the process).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import anthropic
import orjson
import pytest

from tests.translate.translate_support import (
    PNG,
    answer,
    check_incomplete,
    decode_stream,
    mock_http,
    sse_items,
)
from trooper import errors
from trooper.model.conversation import (
    ChatRequest,
    ChatResponse,
    DocumentPart,
    ImagePart,
    JSONObject,
    Message,
    TextPart,
    ThinkingPart,
    ToolCallPart,
    ToolChoice,
    ToolDef,
    ToolResultPart,
    Usage,
)
from trooper.model.events import (
    BlockDelta,
    BlockStart,
    BlockStop,
    MessageEnd,
    MessageStart,
    StreamEvent,
    is_content,
)
from trooper.translate import anthropic as t
from trooper.translate import anthropic_stream, openai
from trooper.translate.base import UpstreamStreamError

SCHEMA: JSONObject = {"type": "object", "properties": {"city": {"type": "string"}}}
PNG_BLOCK: JSONObject = {
    "type": "image",
    "source": {"type": "base64", "media_type": "image/png", "data": PNG},
}


# --- helpers ---------------------------------------------------------------------------------


@contextmanager
def sdk(body: bytes, content_type: str) -> Iterator[anthropic.Anthropic]:
    """An official SDK client whose every request is answered with ``body``."""
    with (
        mock_http(lambda request: answer(body, content_type)) as http,
        anthropic.Anthropic(
            api_key="test", base_url="http://claude.test", http_client=http, max_retries=0
        ) as client,
    ):
        yield client


def decode_all(raw: bytes, model: str = "fallback-model") -> list[StreamEvent]:
    return decode_stream(t.stream_decoder(model), sse_items(raw))


def encode_all(events: list[StreamEvent], model: str = "client-model") -> bytes:
    encoder = t.stream_encoder(ChatRequest(model=model, messages=[], stream=True))
    return b"".join(encoder.encode(e) for e in events)


def sse(event: str, payload: JSONObject) -> bytes:
    """One SSE event as Claude writes it."""
    return b"event: " + event.encode() + b"\ndata: " + orjson.dumps(payload) + b"\n\n"


def block_events(index: int, block: JSONObject, *deltas: JSONObject) -> bytes:
    """A whole content block: its start, ``deltas`` and its stop."""
    start = {"type": "content_block_start", "index": index, "content_block": block}
    raw = sse("content_block_start", start)
    for delta in deltas:
        item: JSONObject = {"type": "content_block_delta", "index": index, "delta": delta}
        raw += sse("content_block_delta", item)
    return raw + sse("content_block_stop", {"type": "content_block_stop", "index": index})


def message_start(message: JSONObject) -> bytes:
    return sse("message_start", {"type": "message_start", "message": message})


def message_end(stop_reason: str, output_tokens: int) -> bytes:
    """``message_delta`` with the stop reason and the output tokens, then ``message_stop``."""
    delta: JSONObject = {"stop_reason": stop_reason, "stop_sequence": None}
    usage: JSONObject = {"output_tokens": output_tokens}
    end = sse("message_delta", {"type": "message_delta", "delta": delta, "usage": usage})
    return end + sse("message_stop", {"type": "message_stop"})


def tool_use(block_id: str, name: str, arguments: JSONObject) -> JSONObject:
    """A ``tool_use`` content block as Claude writes it."""
    return {"type": "tool_use", "id": block_id, "name": name, "input": arguments}


def body_with(**fields: Any) -> JSONObject:
    body: JSONObject = {"model": "claude-sonnet-4-6", "max_tokens": 100}
    body["messages"] = [{"role": "user", "content": "hi"}]
    body.update(fields)
    return body


# --- inbound: parse_request ------------------------------------------------------------------

FULL_REQUEST: JSONObject = {
    "model": "claude-sonnet-4-6",
    "max_tokens": 1024,
    "temperature": 0.5,
    "top_p": 1,
    "stream": True,
    "stop_sequences": ["END"],
    "system": [
        {"type": "text", "text": "You are terse."},
        {"type": "text", "text": "Use tools.", "cache_control": {"type": "ephemeral"}},
    ],
    "tools": [
        {"name": "weather", "description": "Weather by city", "input_schema": SCHEMA},
        {"name": "clock", "input_schema": {"type": "object"}, "type": "custom"},
        {"type": "web_search_20250305", "name": "web_search", "max_uses": 3},
    ],
    "tool_choice": {"type": "auto"},
    "thinking": {"type": "enabled", "budget_tokens": 2048},
    "metadata": {"user_id": "u1"},
    "messages": [
        {
            "role": "user",
            "content": [
                {"type": "text", "text": "Weather in Paris? See:"},
                PNG_BLOCK,
                {"type": "image", "source": {"type": "url", "url": "https://x.test/a.JPG?s=1"}},
                {"type": "image", "source": {"type": "file", "file_id": "file_1"}},
                {"type": "document", "source": {"type": "text", "data": "doc"}},
            ],
        },
        {
            "role": "assistant",
            "content": [
                {"type": "thinking", "thinking": "Look it up.", "signature": "sig1"},
                {"type": "redacted_thinking", "data": "opaque"},
                {"type": "server_tool_use", "id": "srvtoolu_1", "name": "web_search", "input": {}},
                {"type": "web_search_tool_result", "tool_use_id": "srvtoolu_1", "content": []},
                {"type": "text", "text": "Checking."},
                tool_use("toolu_1", "weather", {"city": "Paris"}),
            ],
        },
        {
            "role": "user",
            "content": [
                {"type": "tool_result", "tool_use_id": "toolu_1", "content": "18C"},
                {
                    "type": "tool_result",
                    "tool_use_id": "toolu_2",
                    "is_error": True,
                    "content": [
                        {"type": "text", "text": "failed"},
                        {
                            "type": "image",
                            "source": {"type": "base64", "media_type": "image/gif", "data": "R0"},
                        },
                        {"type": "search_result", "source": "s", "title": "t", "content": []},
                    ],
                },
                {"type": "tool_result", "tool_use_id": "toolu_3"},
                {"type": "some_future_block", "x": 1},
            ],
        },
        {"role": "assistant", "content": [{"type": "redacted_thinking", "data": "only"}]},
    ],
}


def test_parse_request_golden() -> None:
    req = t.parse_request(FULL_REQUEST)
    assert req == ChatRequest(
        model="claude-sonnet-4-6",
        system="You are terse.\n\nUse tools.",
        messages=[
            Message(
                "user",
                [
                    TextPart("Weather in Paris? See:"),
                    ImagePart("image/png", data=PNG),
                    ImagePart("image/jpeg", url="https://x.test/a.JPG?s=1"),
                    DocumentPart("text/plain", text="doc"),
                ],
            ),
            Message(
                "assistant",
                [
                    ThinkingPart("Look it up.", "sig1"),
                    ThinkingPart("", redacted="opaque"),
                    TextPart("Checking."),
                    ToolCallPart("toolu_1", "weather", {"city": "Paris"}),
                ],
            ),
            Message(
                "user",
                [
                    ToolResultPart("toolu_1", [TextPart("18C")]),
                    ToolResultPart(
                        "toolu_2",
                        [
                            TextPart("failed"),
                            ImagePart("image/gif", data="R0"),
                            TextPart('[Document "t" (s)]\n'),
                        ],
                        is_error=True,
                    ),
                    ToolResultPart("toolu_3", []),
                ],
            ),
            Message("assistant", [ThinkingPart("", redacted="only")]),
        ],
        tools=[
            ToolDef("weather", "Weather by city", SCHEMA),
            ToolDef("clock", "", {"type": "object"}),
        ],
        tool_choice=ToolChoice("auto"),
        max_tokens=1024,
        temperature=0.5,
        top_p=1.0,
        stop=["END"],
        reasoning="low",  # thinking with a 2,048-token budget
        stream=True,
        dialect="anthropic",
        raw=FULL_REQUEST,
    )
    assert req.raw is FULL_REQUEST


def test_parse_request_minimal() -> None:
    req = t.parse_request({"messages": [{"role": "user", "content": "hello"}]})
    assert req.model == ""
    assert req.messages == [Message("user", [TextPart("hello")])]
    assert (req.system, req.max_tokens, req.temperature, req.stream) == (None, None, None, False)
    assert (req.tools, req.tool_choice, req.stop) == ([], None, [])


def test_parse_request_system_string() -> None:
    assert t.parse_request(body_with(system="Be brief.")).system == "Be brief."


@pytest.mark.parametrize(
    ("wire", "canonical"),
    [
        ({"type": "auto"}, ToolChoice("auto")),
        ({"type": "any"}, ToolChoice("any")),
        ({"type": "none"}, ToolChoice("none")),
        ({"type": "tool", "name": "weather"}, ToolChoice("auto", "weather")),
        ({"type": "auto", "disable_parallel_tool_use": True}, ToolChoice("auto")),
    ],
)
def test_parse_tool_choice(wire: JSONObject, canonical: ToolChoice) -> None:
    assert t.parse_request(body_with(tool_choice=wire)).tool_choice == canonical


@pytest.mark.parametrize(
    ("url", "media_type"),
    [
        ("https://x.test/cat.png", "image/png"),
        ("https://x.test/cat.webp#frag", "image/webp"),
        ("https://x.test/cat.gif?v=2", "image/gif"),
        ("https://x.test/cat", ""),
    ],
)
def test_image_url_media_type_is_guessed(url: str, media_type: str) -> None:
    block: JSONObject = {"type": "image", "source": {"type": "url", "url": url}}
    req = t.parse_request(body_with(messages=[{"role": "user", "content": [block]}]))
    assert req.messages[0].parts == [ImagePart(media_type, url=url)]


def test_empty_thinking_signature_is_none() -> None:
    block: JSONObject = {"type": "thinking", "thinking": "t", "signature": ""}
    req = t.parse_request(body_with(messages=[{"role": "assistant", "content": [block]}]))
    assert req.messages[0].parts == [ThinkingPart("t", None)]
    assert t.build_request(req, "c")["messages"] == [{"role": "assistant", "content": [block]}]
    req.modified = True
    assert t.build_request(req, "c")["messages"] == []


def test_null_optionals_are_absent() -> None:
    req = t.parse_request(body_with(temperature=None, stream=None, system=None, tools=None))
    assert (req.temperature, req.stream, req.system, req.tools) == (None, False, None, [])


def user(*blocks: Any) -> JSONObject:
    """A request whose one user turn holds ``blocks``."""
    return body_with(messages=[{"role": "user", "content": list(blocks)}])


def assistant(*blocks: Any) -> JSONObject:
    return body_with(messages=[{"role": "assistant", "content": list(blocks)}])


BAD_INPUTS: list[tuple[Any, str]] = [
    ([], "request body must be a JSON object"),
    ({"model": "m"}, "messages: is required"),
    (body_with(messages="hi"), "messages: must be a list"),
    (body_with(messages=[]), "messages: must not be empty"),
    (body_with(messages=["hi"]), "messages[0]: must be an object"),
    (body_with(messages=[{"role": "tool", "content": "x"}]), "messages[0].role: must be"),
    (body_with(messages=[{"content": "x"}]), "messages[0].role: must be"),
    (body_with(messages=[{"role": "user", "content": 3}]), "messages[0].content: must be a str"),
    (body_with(messages=[{"role": "user"}]), "messages[0].content: must be a string"),
    (user("x"), "messages[0].content[0]: must be an object"),
    (user({}), "messages[0].content[0].type: must be a string"),
    (user({"type": "text"}), "messages[0].content[0].text: must be a string"),
    (user({"type": "image"}), "content[0].source: must be an object"),
    (user({"type": "image", "source": {"type": "base64"}}), "content[0].source.media_type"),
    (user({"type": "image", "source": {"type": "url"}}), "content[0].source.url: must be a str"),
    (assistant({"type": "tool_use", "name": "n"}), "content[0].id: must be a string"),
    (assistant({"type": "tool_use", "id": "t", "name": "n", "input": "{}"}), "input: must be an"),
    (assistant({"type": "thinking"}), "content[0].thinking: must be a string"),
    (user({"type": "tool_result"}), "content[0].tool_use_id: must be a string"),
    (user({"type": "tool_result", "tool_use_id": "t", "is_error": "yes"}), "is_error: must be"),
    (user({"type": "tool_result", "tool_use_id": "t", "content": 5}), "content[0].content: must"),
    (user({"type": "tool_result", "tool_use_id": "t", "content": [{}]}), "content[0].content[0]"),
    (body_with(model=7), "model: must be a string"),
    (body_with(max_tokens=0), "max_tokens: must be a positive integer"),
    (body_with(max_tokens="100"), "max_tokens: must be a positive integer"),
    (body_with(max_tokens=True), "max_tokens: must be a positive integer"),
    (body_with(max_tokens=1.5), "max_tokens: must be a positive integer"),
    (body_with(temperature="hot"), "temperature: must be a number"),
    (body_with(temperature=True), "temperature: must be a number"),
    (body_with(top_p=[1]), "top_p: must be a number"),
    (body_with(stream="true"), "stream: must be a boolean"),
    (body_with(system=5), "system: must be a list"),
    (body_with(system=[{"type": "image"}]), "system[0].type: must be 'text'"),
    (body_with(system=[{"type": "text"}]), "system[0].text: must be a string"),
    (body_with(tools={"name": "x"}), "tools: must be a list"),
    (body_with(tools=["x"]), "tools[0]: must be an object"),
    (body_with(tools=[{"input_schema": {}}]), "tools[0].name: must be a string"),
    (body_with(tools=[{"name": "x"}]), "tools[0].input_schema: must be an object"),
    (body_with(tools=[{"name": "x", "input_schema": {}, "description": 1}]), "description"),
    (body_with(tool_choice="auto"), "tool_choice: must be an object"),
    (body_with(tool_choice={"type": "some"}), "tool_choice.type: must be one of"),
    (body_with(tool_choice={"type": "tool"}), "tool_choice.name: must be a string"),
    (body_with(stop_sequences="END"), "stop_sequences: must be a list"),
    (body_with(stop_sequences=["END", 3]), "stop_sequences[1]: must be a string"),
]


@pytest.mark.parametrize(("body", "message"), BAD_INPUTS)
def test_parse_request_rejects(body: Any, message: str) -> None:
    with pytest.raises(errors.InvalidRequest) as info:
        t.parse_request(body)
    assert message in info.value.message
    assert info.value.status == 400


# --- inbound: encode_response, error_body ----------------------------------------------------

RESPONSE = ChatResponse(
    id="abc123",
    model="gpt-4o",
    parts=[
        ThinkingPart("Hmm.", "sig"),
        TextPart("It is 18C."),
        ToolCallPart("toolu_9", "weather", {"city": "Paris"}),
    ],
    stop_reason="tool_use",
    usage=Usage(30, 12),
)


def test_encode_response_golden() -> None:
    assert t.encode_response(RESPONSE, t.parse_request(body_with())) == {
        "id": "msg_abc123",
        "type": "message",
        "role": "assistant",
        "model": "gpt-4o",
        "content": [
            {"type": "thinking", "thinking": "Hmm.", "signature": "sig"},
            {"type": "text", "text": "It is 18C."},
            {"type": "tool_use", "id": "toolu_9", "name": "weather", "input": {"city": "Paris"}},
        ],
        "stop_reason": "tool_use",
        "stop_sequence": None,
        "usage": {
            "input_tokens": 30,
            "cache_creation_input_tokens": 0,
            "cache_read_input_tokens": 0,
            "output_tokens": 12,
        },
    }


@pytest.mark.parametrize(
    ("canonical", "wire"),
    [
        ("end_turn", "end_turn"),
        ("max_tokens", "max_tokens"),
        ("tool_use", "tool_use"),
        ("stop_sequence", "stop_sequence"),
        ("content_filter", "refusal"),
        ("pause_turn", "pause_turn"),
    ],
)
def test_encode_response_stop_reasons(canonical: Any, wire: str) -> None:
    resp = ChatResponse(id="msg_1", model="m", parts=[TextPart("x")], stop_reason=canonical)
    body = t.encode_response(resp, t.parse_request(body_with()))
    assert (body["id"], body["stop_reason"]) == ("msg_1", wire)


def test_sdk_reads_encoded_response() -> None:
    body = orjson.dumps(t.encode_response(RESPONSE, t.parse_request(body_with())))
    with sdk(body, "application/json") as client:
        message = client.messages.create(model="m", max_tokens=10, messages=[])
    assert message.id == "msg_abc123"
    assert message.stop_reason == "tool_use"
    assert [b.type for b in message.content] == ["thinking", "text", "tool_use"]
    tool = message.content[2]
    assert tool.type == "tool_use" and tool.input == {"city": "Paris"}
    assert (message.usage.input_tokens, message.usage.output_tokens) == (30, 12)


@pytest.mark.parametrize(
    ("err", "kind"),
    [
        (errors.InvalidRequest("messages: is required"), "invalid_request_error"),
        (errors.Overloaded("busy"), "overloaded_error"),
        (errors.RateLimited("slow down"), "rate_limit_error"),
        (errors.NoProviderAvailable("all failed"), "overloaded_error"),
        (errors.AuthRequired("token"), "authentication_error"),
    ],
)
def test_error_body(err: errors.TrooperError, kind: str) -> None:
    assert t.error_body(err) == {"type": "error", "error": {"type": kind, "message": err.message}}


# --- inbound: stream_encoder -----------------------------------------------------------------


def test_stream_encoder_exact_bytes() -> None:
    events: list[StreamEvent] = [
        MessageStart("msg_1", "claude-x", 5),
        BlockStart(0, "text"),
        BlockDelta(0, "Hi"),
        BlockStop(0),
        MessageEnd("end_turn", Usage(5, 2)),
    ]
    assert encode_all(events) == (
        b"event: message_start\n"
        b'data: {"type":"message_start","message":{"id":"msg_1","type":"message",'
        b'"role":"assistant","model":"claude-x","content":[],"stop_reason":null,'
        b'"stop_sequence":null,"usage":{"input_tokens":5,"cache_creation_input_tokens":0,'
        b'"cache_read_input_tokens":0,"output_tokens":1}}}\n\n'
        b"event: content_block_start\n"
        b'data: {"type":"content_block_start","index":0,'
        b'"content_block":{"type":"text","text":""}}\n\n'
        b"event: content_block_delta\n"
        b'data: {"type":"content_block_delta","index":0,'
        b'"delta":{"type":"text_delta","text":"Hi"}}\n\n'
        b"event: content_block_stop\n"
        b'data: {"type":"content_block_stop","index":0}\n\n'
        b"event: message_delta\n"
        b'data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},'
        b'"usage":{"input_tokens":5,"cache_creation_input_tokens":0,'
        b'"cache_read_input_tokens":0,"output_tokens":2}}\n\n'
        b"event: message_stop\n"
        b'data: {"type":"message_stop"}\n\n'
    )


MIXED_STREAM: list[StreamEvent] = [
    MessageStart("abc", "gemini-2.5-flash", 12),
    BlockStart(0, "thinking"),
    BlockDelta(0, "Let me "),
    BlockDelta(0, "think."),
    BlockStop(0),
    BlockStart(1, "text"),
    BlockDelta(1, "Hel"),
    BlockDelta(1, "lo"),
    BlockStop(1),
    BlockStart(2, "tool_call", "toolu_1", "weather"),
    BlockDelta(2, '{"city":'),
    BlockDelta(2, ' "Paris"}'),
    BlockStop(2),
    MessageEnd("tool_use", Usage(0, 7)),
]


def test_stream_encoder_delta_types_follow_the_block() -> None:
    items = [(e, orjson.loads(d)) for e, d in sse_items(encode_all(MIXED_STREAM))]
    deltas = [d["delta"] for e, d in items if e == "content_block_delta"]
    assert deltas == [
        {"type": "thinking_delta", "thinking": "Let me "},
        {"type": "thinking_delta", "thinking": "think."},
        {"type": "text_delta", "text": "Hel"},
        {"type": "text_delta", "text": "lo"},
        {"type": "input_json_delta", "partial_json": '{"city":'},
        {"type": "input_json_delta", "partial_json": ' "Paris"}'},
    ]
    starts = [d["content_block"] for e, d in items if e == "content_block_start"]
    assert starts == [
        {"type": "thinking", "thinking": "", "signature": ""},
        {"type": "text", "text": ""},
        {"type": "tool_use", "id": "toolu_1", "name": "weather", "input": {}},
    ]
    assert [e for e, _ in items][-2:] == ["message_delta", "message_stop"]
    assert all(e == d["type"] for e, d in items)


def test_sdk_reads_encoded_stream() -> None:
    with (
        sdk(encode_all(MIXED_STREAM), "text/event-stream") as client,
        client.messages.stream(model="m", max_tokens=10, messages=[]) as stream,
    ):
        text = "".join(stream.text_stream)
        message = stream.get_final_message()
    assert text == "Hello"
    assert message.id == "msg_abc"
    assert message.model == "gemini-2.5-flash"
    assert message.stop_reason == "tool_use"
    # message_delta repeats the start's input tokens: SDKs overwrite usage with it
    assert (message.usage.input_tokens, message.usage.output_tokens) == (12, 7)
    thinking, text_block, tool = message.content
    assert thinking.type == "thinking" and thinking.thinking == "Let me think."
    assert text_block.type == "text" and text_block.text == "Hello"
    assert tool.type == "tool_use" and (tool.id, tool.name) == ("toolu_1", "weather")
    assert tool.input == {"city": "Paris"}


def test_stream_encoder_error_event() -> None:
    encoder = t.stream_encoder(t.parse_request(body_with(stream=True)))
    raw = encoder.encode(MessageStart("msg_1", "m", 1)) + encoder.error(errors.Overloaded("busy"))
    assert raw.endswith(
        b"event: error\n"
        b'data: {"type":"error","error":{"type":"overloaded_error","message":"busy"}}\n\n'
    )
    assert b"message_stop" not in raw
    with (
        sdk(raw, "text/event-stream") as client,
        pytest.raises(anthropic.APIStatusError) as info,
        client.messages.stream(model="m", max_tokens=10, messages=[]) as stream,
    ):
        stream.get_final_message()
    assert info.value.body == {
        "type": "error",
        "error": {"type": "overloaded_error", "message": "busy"},
    }


def test_stream_encoder_writes_signatures_and_redacted_thinking() -> None:
    encoder = t.stream_encoder(ChatRequest(model="m", messages=[], stream=True))
    encoder.encode(BlockStart(0, "thinking"))
    assert encoder.encode(BlockDelta(0, "", signature="EqQB+/=")) == (
        b"event: content_block_delta\n"
        b'data: {"type":"content_block_delta","index":0,'
        b'"delta":{"type":"signature_delta","signature":"EqQB+/="}}\n\n'
    )
    both = sse_items(encoder.encode(BlockDelta(0, "last words", signature="sig2")))
    assert [orjson.loads(data)["delta"] for _, data in both] == [
        {"type": "thinking_delta", "thinking": "last words"},
        {"type": "signature_delta", "signature": "sig2"},
    ]
    assert encoder.encode(BlockStart(1, "redacted_thinking", data="EmwK")) == (
        b"event: content_block_start\n"
        b'data: {"type":"content_block_start","index":1,'
        b'"content_block":{"type":"redacted_thinking","data":"EmwK"}}\n\n'
    )
    assert encoder.encode(BlockDelta(1, "stray")) == b""  # a redacted block has no deltas


def test_signatures_and_redacted_thinking_are_no_content() -> None:
    """They come before the answer: the chain must not commit to a provider on them."""
    assert not is_content(BlockDelta(0, "", signature="sig"))
    assert not is_content(BlockStart(1, "redacted_thinking", data="opaque"))


# --- upstream: build_request -----------------------------------------------------------------

CLAUDE_CODE_BODY: JSONObject = {
    "model": "claude-opus-4-1",
    "max_tokens": 32000,
    "stream": True,
    "system": [{"type": "text", "text": "sys", "cache_control": {"type": "ephemeral"}}],
    "thinking": {"type": "enabled", "budget_tokens": 10000},
    "context_management": {"edits": [{"type": "clear_tool_uses_20250919"}]},
    "metadata": {"user_id": "u"},
    "tools": [{"type": "web_search_20250305", "name": "web_search"}],
    "messages": [
        {
            "role": "user",
            "content": [{"type": "text", "text": "go", "cache_control": {"type": "ephemeral"}}],
        },
        {"role": "assistant", "content": [{"type": "redacted_thinking", "data": "opaque"}]},
        {"role": "user", "content": "continue"},
    ],
}


def test_build_request_passes_an_unmodified_anthropic_body_through() -> None:
    req = t.parse_request(CLAUDE_CODE_BODY)
    req.stream = False
    body = t.build_request(req, "claude-sonnet-4-6")
    assert body == {**CLAUDE_CODE_BODY, "model": "claude-sonnet-4-6", "stream": False}
    assert body is not CLAUDE_CODE_BODY
    assert CLAUDE_CODE_BODY["model"] == "claude-opus-4-1"


def test_build_request_from_canonical() -> None:
    req = ChatRequest(
        model="gpt-4o",
        dialect="openai",
        raw={"model": "gpt-4o", "messages": [], "user": "not-for-claude"},
        system="Be brief.",
        messages=[
            Message("user", [TextPart("Weather?"), ImagePart("image/png", data=PNG)]),
            Message("user", [ImagePart("", url="https://x.test/a.png"), TextPart("")]),
            Message(
                "assistant",
                [
                    ThinkingPart("no signature: left out"),
                    ThinkingPart("signed", "sig"),
                    ToolCallPart("call_1", "weather", {"city": "Paris"}),
                ],
            ),
            Message("user", [TextPart("also this")]),
            Message("user", [ToolResultPart("call_1", [TextPart("18C")], name="weather")]),
            Message("user", [ToolResultPart("call_2", [], is_error=True)]),
            Message("assistant", [TextPart("")]),
        ],
        tools=[ToolDef("weather", "Weather by city", SCHEMA), ToolDef("clock", "", {})],
        tool_choice=ToolChoice("any", "weather"),
        temperature=0.2,
        top_p=0.9,
        stop=["END"],
        stream=True,
    )
    assert t.build_request(req, "claude-haiku-4-5") == {
        "model": "claude-haiku-4-5",
        "max_tokens": 4096,
        "system": "Be brief.",
        "messages": [
            {
                "role": "user",
                "content": [
                    {"type": "text", "text": "Weather?"},
                    PNG_BLOCK,
                    {"type": "image", "source": {"type": "url", "url": "https://x.test/a.png"}},
                ],
            },
            {
                "role": "assistant",
                "content": [
                    {"type": "thinking", "thinking": "signed", "signature": "sig"},
                    tool_use("call_1", "weather", {"city": "Paris"}),
                ],
            },
            {
                "role": "user",
                "content": [
                    {
                        "type": "tool_result",
                        "tool_use_id": "call_1",
                        "content": [{"type": "text", "text": "18C"}],
                    },
                    {"type": "tool_result", "tool_use_id": "call_2", "is_error": True},
                    {"type": "text", "text": "also this"},
                ],
            },
        ],
        "tools": [
            {"name": "weather", "description": "Weather by city", "input_schema": SCHEMA},
            {"name": "clock", "input_schema": {}},
        ],
        "tool_choice": {"type": "tool", "name": "weather"},
        "temperature": 0.2,
        "top_p": 0.9,
        "stop_sequences": ["END"],
        "stream": True,
    }


def test_build_request_modified_anthropic_keeps_unknown_fields() -> None:
    """Rebuilt (compacted): the system blocks stay the client's, and a cache breakpoint whose
    block was compacted away moves to the newest block that remains."""
    req = t.parse_request(CLAUDE_CODE_BODY)
    req.messages = [Message("user", [TextPart("SITREP: compacted")])]
    req.modified = True
    body = t.build_request(req, "claude-sonnet-4-6")
    ephemeral: JSONObject = {"type": "ephemeral"}
    assert body == {
        "model": "claude-sonnet-4-6",
        "max_tokens": 32000,
        "system": [{"type": "text", "text": "sys", "cache_control": ephemeral}],
        "messages": [
            {
                "role": "user",
                "content": [
                    {"type": "text", "text": "SITREP: compacted", "cache_control": ephemeral}
                ],
            }
        ],
        "tools": [{"type": "web_search_20250305", "name": "web_search"}],
        "stream": True,
        "thinking": {"type": "enabled", "budget_tokens": 10000},
        "context_management": {"edits": [{"type": "clear_tool_uses_20250919"}]},
        "metadata": {"user_id": "u"},
    }


@pytest.mark.parametrize(
    ("choice", "wire"),
    [
        (ToolChoice("auto"), {"type": "auto"}),
        (ToolChoice("any"), {"type": "any"}),
        (ToolChoice("none"), {"type": "none"}),
        (ToolChoice("auto", "weather"), {"type": "tool", "name": "weather"}),
    ],
)
def test_build_request_tool_choice(choice: ToolChoice, wire: JSONObject) -> None:
    req = ChatRequest(
        model="m",
        messages=[Message("user", [TextPart("hi")])],
        tools=[ToolDef("weather", "", SCHEMA)],
        tool_choice=choice,
    )
    assert t.build_request(req, "c")["tool_choice"] == wire


def test_build_request_leaves_out_tool_choice_without_tools() -> None:
    req = ChatRequest(
        model="m", messages=[Message("user", [TextPart("hi")])], tool_choice=ToolChoice("none")
    )
    body = t.build_request(req, "c")
    assert "tool_choice" not in body and "tools" not in body


def test_tool_round_trip_through_the_canonical_model() -> None:
    """Anthropic in -> canonical -> Claude out rebuilds the same conversation."""
    messages: list[Any] = [
        {"role": "user", "content": [{"type": "text", "text": "Weather in Paris?"}]},
        {
            "role": "assistant",
            "content": [
                {"type": "thinking", "thinking": "Use the tool.", "signature": "sig"},
                {"type": "text", "text": "Checking."},
                tool_use("toolu_1", "weather", {"city": "Paris"}),
            ],
        },
        {
            "role": "user",
            "content": [
                {
                    "type": "tool_result",
                    "tool_use_id": "toolu_1",
                    "content": [{"type": "text", "text": "18C"}],
                    "is_error": True,
                },
            ],
        },
    ]
    client_body = body_with(
        messages=messages,
        tools=[{"name": "weather", "description": "d", "input_schema": SCHEMA}],
        tool_choice={"type": "tool", "name": "weather"},
    )
    req = t.parse_request(client_body)
    req.modified = True
    assert t.build_request(req, "claude-sonnet-4-6") == {**client_body, "stream": False}


# --- upstream: parse_response ----------------------------------------------------------------

CLAUDE_MESSAGE: JSONObject = {
    "id": "msg_01XFDUDYJgAACzvnptvVoYEL",
    "type": "message",
    "role": "assistant",
    "model": "claude-sonnet-4-6",
    "content": [
        {"type": "thinking", "thinking": "Search first.", "signature": "EqQB"},
        {"type": "redacted_thinking", "data": "opaque"},
        {"type": "server_tool_use", "id": "srvtoolu_1", "name": "web_search", "input": {}},
        {"type": "web_search_tool_result", "tool_use_id": "srvtoolu_1", "content": []},
        {"type": "text", "text": "Let me check.", "citations": None},
        {"type": "tool_use", "id": "toolu_1", "name": "weather", "input": {"city": "Paris"}},
    ],
    "stop_reason": "tool_use",
    "stop_sequence": None,
    "usage": {
        "input_tokens": 100,
        "cache_creation_input_tokens": 20,
        "cache_read_input_tokens": 300,
        "output_tokens": 45,
    },
}


def test_parse_response_golden() -> None:
    assert t.parse_response(CLAUDE_MESSAGE, "claude-sonnet-4-6") == ChatResponse(
        id="msg_01XFDUDYJgAACzvnptvVoYEL",
        model="claude-sonnet-4-6",
        parts=[
            ThinkingPart("Search first.", "EqQB"),
            ThinkingPart("", redacted="opaque"),
            TextPart("Let me check."),
            ToolCallPart("toolu_1", "weather", {"city": "Paris"}),
        ],
        stop_reason="tool_use",
        usage=Usage(420, 45, cache_read_tokens=300, cache_write_tokens=20),
    )


def test_redacted_thinking_round_trips_whole_answers() -> None:
    """Claude's message -> canonical -> the client's message -> the client's next turn ->
    Claude: thinking and redacted thinking come back exactly as Claude sent them."""
    resp = t.parse_response(CLAUDE_MESSAGE, "claude-sonnet-4-6")
    body = orjson.dumps(t.encode_response(resp, t.parse_request(body_with())))
    with sdk(body, "application/json") as client:
        message = client.messages.create(model="m", max_tokens=10, messages=[])
    blocks = [b.to_dict() for b in message.content]
    content = CLAUDE_MESSAGE["content"]
    assert isinstance(content, list)
    kept = [content[0], content[1], {"type": "text", "text": "Let me check."}, content[5]]
    assert blocks == kept
    req = t.parse_request(body_with(messages=[{"role": "assistant", "content": blocks}]))
    assert req.messages[0].parts[:2] == [
        ThinkingPart("Search first.", "EqQB"),
        ThinkingPart("", redacted="opaque"),
    ]
    req.modified = True
    assert t.build_request(req, "c")["messages"] == [{"role": "assistant", "content": kept}]


def test_build_request_sends_redacted_thinking_from_the_canonical_model() -> None:
    redacted = ThinkingPart("", redacted="EmwK")
    req = ChatRequest(
        model="m",
        messages=[
            Message("user", [TextPart("hi")]),
            Message("assistant", [redacted, ToolCallPart("toolu_1", "clock", {})]),
        ],
        dialect="openai",
    )
    assert t.build_request(req, "c")["messages"] == [
        {"role": "user", "content": [{"type": "text", "text": "hi"}]},
        {
            "role": "assistant",
            "content": [
                {"type": "redacted_thinking", "data": "EmwK"},
                {"type": "tool_use", "id": "toolu_1", "name": "clock", "input": {}},
            ],
        },
    ]


def test_parse_response_model_falls_back_to_the_argument() -> None:
    resp = t.parse_response({"id": "msg_1", "content": [], "stop_reason": None}, "claude-x")
    assert (resp.model, resp.parts, resp.stop_reason, resp.usage) == (
        "claude-x",
        [],
        "end_turn",
        Usage(0, 0),
    )


@pytest.mark.parametrize(
    ("wire", "canonical"),
    [
        ("end_turn", "end_turn"),
        ("max_tokens", "max_tokens"),
        ("tool_use", "tool_use"),
        ("stop_sequence", "stop_sequence"),
        ("refusal", "content_filter"),
        ("pause_turn", "pause_turn"),
        ("model_context_window_exceeded", "max_tokens"),
        ("something_new", "end_turn"),
    ],
)
def test_parse_response_stop_reasons(wire: str, canonical: str) -> None:
    body: JSONObject = {"id": "msg_1", "model": "m", "content": [], "stop_reason": wire}
    assert t.parse_response(body, "m").stop_reason == canonical


# --- upstream: stream_decoder ----------------------------------------------------------------

# A tool-use stream as Claude sends it (the shape of the streaming docs' example).
CLAUDE_TOOL_STREAM = b"""event: message_start
data: {"type":"message_start","message":{"id":"msg_014p7gG3wDgGV9EUtLvnow3U","type":"message","role":"assistant","model":"claude-sonnet-4-6","stop_sequence":null,"usage":{"input_tokens":472,"output_tokens":2},"content":[],"stop_reason":null}}

event: content_block_start
data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

event: ping
data: {"type": "ping"}

event: content_block_delta
data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Okay"}}

event: content_block_delta
data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":", checking."}}

event: content_block_stop
data: {"type":"content_block_stop","index":0}

event: content_block_start
data: {"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_01T1x1fJ34qAmk2tNTrN7Up6","name":"get_weather","input":{}}}

event: content_block_delta
data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":""}}

event: content_block_delta
data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\\"location\\":"}}

event: content_block_delta
data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":" \\"Paris\\"}"}}

event: content_block_stop
data: {"type":"content_block_stop","index":1}

event: message_delta
data: {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":89}}

event: message_stop
data: {"type":"message_stop"}

"""  # noqa: E501

TOOL_EVENTS: list[StreamEvent] = [
    MessageStart("msg_014p7gG3wDgGV9EUtLvnow3U", "claude-sonnet-4-6", 472),
    BlockStart(0, "text"),
    BlockDelta(0, "Okay"),
    BlockDelta(0, ", checking."),
    BlockStop(0),
    BlockStart(1, "tool_call", "toolu_01T1x1fJ34qAmk2tNTrN7Up6", "get_weather"),
    BlockDelta(1, '{"location":'),
    BlockDelta(1, ' "Paris"}'),
    BlockStop(1),
    MessageEnd("tool_use", Usage(472, 89)),
]


def test_stream_decoder_golden_tool_stream() -> None:
    assert decode_all(CLAUDE_TOOL_STREAM) == TOOL_EVENTS


def test_claude_stream_survives_decode_and_encode() -> None:
    """Claude -> canonical -> Anthropic client: the SDK sees the same message."""
    with (
        sdk(encode_all(decode_all(CLAUDE_TOOL_STREAM)), "text/event-stream") as client,
        client.messages.stream(model="m", max_tokens=10, messages=[]) as stream,
    ):
        message = stream.get_final_message()
    assert message.id == "msg_014p7gG3wDgGV9EUtLvnow3U"
    assert [b.type for b in message.content] == ["text", "tool_use"]
    assert message.content[1].type == "tool_use"
    assert message.content[1].input == {"location": "Paris"}
    assert (message.usage.input_tokens, message.usage.output_tokens) == (472, 89)


# Thinking (with its signature), a redacted block and a server tool, then text with a citation:
# all of it has a place in the canonical model.
CLAUDE_THINKING_STREAM = (
    message_start(
        {"id": "msg_t", "model": "", "usage": {"input_tokens": 10, "cache_read_input_tokens": 5}}
    )
    + block_events(
        0,
        {"type": "thinking", "thinking": "", "signature": ""},
        {"type": "thinking_delta", "thinking": "Hmm."},
        {"type": "signature_delta", "signature": "EqQB"},
    )
    + block_events(1, {"type": "redacted_thinking", "data": "opaque"})
    + block_events(
        2,
        {"type": "server_tool_use", "id": "srvtoolu_1", "name": "web_search", "input": {}},
        {"type": "input_json_delta", "partial_json": '{"query": "x"}'},
    )
    + block_events(
        3,
        {"type": "text", "text": "Done"},
        {"type": "citations_delta", "citation": {"type": "web_search_result_location"}},
        {"type": "text_delta", "text": "!"},
    )
    + message_end("refusal", 9)
)


def test_stream_decoder_thinking_and_left_out_blocks() -> None:
    decoder = t.stream_decoder("claude-fallback")
    events = decode_stream(decoder, sse_items(CLAUDE_THINKING_STREAM), finish=False)
    search: JSONObject = {
        "type": "server_tool_use",
        "id": "srvtoolu_1",
        "name": "web_search",
        "input": {},
    }
    assert events == [
        MessageStart("msg_t", "claude-fallback", 15, cache_read_tokens=5),
        BlockStart(0, "thinking"),
        BlockDelta(0, "Hmm."),
        BlockDelta(0, "", signature="EqQB"),
        BlockStop(0),
        BlockStart(1, "redacted_thinking", data="opaque"),
        BlockStop(1),
        BlockStart(2, "server_tool_use", "srvtoolu_1", "web_search", block=search),
        BlockDelta(2, '{"query": "x"}'),
        BlockStop(2),
        BlockStart(3, "text"),
        BlockDelta(3, "Done"),
        BlockDelta(3, "", citation={"type": "web_search_result_location"}),
        BlockDelta(3, "!"),
        BlockStop(3),
        MessageEnd("content_filter", Usage(15, 9, cache_read_tokens=5)),
    ]
    assert decoder.finish() == []


SIGNATURE = "EqQBCkgIARABGAIiQL7YkT5k/a+9xK2Q5h+Tg0Fw2Ls3EPJqc1ZgC8n0dRmW4X/lU0y7hV=="
REDACTED = (
    "EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpPkNRj2YfWXGmKDxH4mPnZ5sQ=="
)


# Claude Code's turn with extended thinking and a tool: thinking signed by a signature_delta
# just before its stop, a redacted block, text, then the tool call.
CLAUDE_SIGNED_TOOL_STREAM = (
    message_start(
        {
            "id": "msg_01Tk",
            "type": "message",
            "role": "assistant",
            "model": "claude-sonnet-4-6",
            "content": [],
            "stop_reason": None,
            "stop_sequence": None,
            "usage": {"input_tokens": 512, "output_tokens": 4},
        }
    )
    + block_events(
        0,
        {"type": "thinking", "thinking": "", "signature": ""},
        {"type": "thinking_delta", "thinking": "The user wants"},
        {"type": "thinking_delta", "thinking": " the weather."},
        {"type": "signature_delta", "signature": SIGNATURE},
    )
    + sse("ping", {"type": "ping"})
    + block_events(1, {"type": "redacted_thinking", "data": REDACTED})
    + block_events(
        2, {"type": "text", "text": ""}, {"type": "text_delta", "text": "Checking Paris."}
    )
    + block_events(
        3,
        {"type": "tool_use", "id": "toolu_01", "name": "weather", "input": {}},
        {"type": "input_json_delta", "partial_json": '{"city": '},
        {"type": "input_json_delta", "partial_json": '"Paris"}'},
    )
    + message_end("tool_use", 120)
)


def test_stream_decoder_keeps_signatures_and_redacted_thinking() -> None:
    events = decode_all(CLAUDE_SIGNED_TOOL_STREAM)
    assert events[1:6] == [
        BlockStart(0, "thinking"),
        BlockDelta(0, "The user wants"),
        BlockDelta(0, " the weather."),
        BlockDelta(0, "", signature=SIGNATURE),
        BlockStop(0),
    ]
    assert events[6:8] == [BlockStart(1, "redacted_thinking", data=REDACTED), BlockStop(1)]
    assert events[8] == BlockStart(2, "text")
    assert decode_all(encode_all(events)) == events  # re-encoding loses nothing


def test_signed_thinking_stream_reaches_the_sdk_and_the_next_turn() -> None:
    """Claude -> canonical -> the official SDK, then the SDK's message as the next turn's
    assistant content -> Claude: the signature and the redacted data are Claude's own."""
    with (
        sdk(encode_all(decode_all(CLAUDE_SIGNED_TOOL_STREAM)), "text/event-stream") as client,
        client.messages.stream(model="m", max_tokens=10, messages=[]) as stream,
    ):
        message = stream.get_final_message()
    thinking, redacted, text, tool = message.content
    assert thinking.type == "thinking"
    assert (thinking.thinking, thinking.signature) == ("The user wants the weather.", SIGNATURE)
    assert redacted.type == "redacted_thinking" and redacted.data == REDACTED
    assert text.type == "text" and text.text == "Checking Paris."
    assert tool.type == "tool_use" and tool.input == {"city": "Paris"}
    assert (message.stop_reason, message.usage.output_tokens) == ("tool_use", 120)

    turn: JSONObject = {"role": "assistant", "content": [b.to_dict() for b in message.content]}
    result = {"type": "tool_result", "tool_use_id": "toolu_01", "content": "18C"}
    messages: list[Any] = [{"role": "user", "content": "Weather in Paris?"}, turn]
    messages.append({"role": "user", "content": [result]})
    req = t.parse_request(body_with(messages=messages))
    req.modified = True  # rebuilt from the canonical model, not forwarded
    built = t.build_request(req, "claude-sonnet-4-6")["messages"]
    assert isinstance(built, list) and isinstance(built[1], dict)
    assert built[1]["content"] == [
        {"type": "thinking", "thinking": "The user wants the weather.", "signature": SIGNATURE},
        {"type": "redacted_thinking", "data": REDACTED},
        {"type": "text", "text": "Checking Paris."},
        {"type": "tool_use", "id": "toolu_01", "name": "weather", "input": {"city": "Paris"}},
    ]


def test_thinking_start_carrying_a_signature() -> None:
    decoder = t.stream_decoder("m")
    block = {"type": "thinking", "thinking": "Done.", "signature": "sig"}
    item = {"type": "content_block_start", "index": 0, "content_block": block}
    assert decoder.feed(None, orjson.dumps(item)) == [
        BlockStart(0, "thinking"),
        BlockDelta(0, "Done."),
        BlockDelta(0, "", signature="sig"),
    ]
    empty = {"type": "content_block_delta", "index": 0, "delta": {"type": "signature_delta"}}
    assert decoder.feed(None, orjson.dumps(empty)) == []


def test_openai_clients_see_no_thinking_from_a_signed_stream() -> None:
    encoder = openai.stream_encoder(ChatRequest(model="m", messages=[], stream=True))
    raw = b"".join(encoder.encode(e) for e in decode_all(CLAUDE_SIGNED_TOOL_STREAM))
    assert SIGNATURE.encode() not in raw and REDACTED.encode() not in raw
    assert b"Checking Paris." in raw


def test_stream_halves_are_re_exported() -> None:
    assert t.stream_decoder is anthropic_stream.stream_decoder
    assert t.stream_encoder is anthropic_stream.stream_encoder
    assert t.AnthropicStreamDecoder is anthropic_stream.AnthropicStreamDecoder
    assert t.AnthropicStreamEncoder is anthropic_stream.AnthropicStreamEncoder


def test_stream_decoder_skips_noise() -> None:
    decoder = t.stream_decoder("m")
    assert decoder.feed("ping", b'{"type": "ping"}') == []
    assert decoder.feed("content_block_delta", b"{not json") == []
    assert decoder.feed(None, b"[1, 2]") == []
    assert decoder.feed("future_event", b'{"type": "future_event"}') == []
    assert decoder.feed(None, b'{"type":"content_block_stop","index":7}') == []


@pytest.mark.parametrize(
    ("event", "data", "status"),
    [
        (
            "error",
            b'{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}',
            529,
        ),
        (None, b'{"type":"error","error":{"type":"rate_limit_error","message":"slow"}}', 429),
        ("error", b'{"type":"error","error":{"type":"api_error","message":"boom"}}', 500),
        ("error", b"not json", 500),
    ],
)
def test_stream_decoder_raises_on_error_events(event: str | None, data: bytes, status: int) -> None:
    decoder = t.stream_decoder("m")
    decoder.feed("message_start", b'{"type":"message_start","message":{"id":"msg_1"}}')
    with pytest.raises(UpstreamStreamError) as info:
        decoder.feed(event, data)
    assert (info.value.payload, info.value.status_hint) == (data, status)


def truncated(before: bytes) -> bytes:
    return CLAUDE_TOOL_STREAM[: CLAUDE_TOOL_STREAM.index(before)]


def test_finish_closes_a_stream_cut_after_message_delta() -> None:
    decoder = t.stream_decoder("m")
    tail = b"event: content_block_stop\ndata: " + b'{"type":"content_block_stop","index":1}'
    head = truncated(tail)
    cut = head + b'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":'
    cut += b'"max_tokens"},"usage":{"output_tokens":50}}\n\n'
    events = decode_stream(decoder, sse_items(cut), finish=False)
    assert events == TOOL_EVENTS[:-2]
    assert decoder.finish() == [BlockStop(1), MessageEnd("max_tokens", Usage(472, 50))]
    assert decoder.finish() == []


def test_finish_after_message_stop_is_empty() -> None:
    decoder = t.stream_decoder("m")
    decode_stream(decoder, sse_items(CLAUDE_TOOL_STREAM), finish=False)
    assert decoder.finish() == []
    assert decoder.feed("message_stop", b'{"type":"message_stop"}') == []


def test_finish_without_a_stop_reason_is_incomplete() -> None:
    check_incomplete(lambda: t.stream_decoder("m"), sse_items(truncated(b"event: message_delta")))
