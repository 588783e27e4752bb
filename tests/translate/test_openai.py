"""Golden tests of the OpenAI Chat Completions translator, both directions.

Inbound: client bodies -> ChatRequest, ChatResponse/events -> chat.completion(.chunk), proven
against the official ``openai`` SDK through an ``httpx2.MockTransport``. Upstream: ChatRequest ->
request bodies, chat.completion(.chunk) -> ChatResponse/events.
"""

from __future__ import annotations

import copy
import dataclasses
import re

import httpx2
import openai
import orjson
import pytest

from tests.translate.translate_support import (
    WEATHER,
    WEATHER_PARAMS,
    Handler,
    answer,
    check_incomplete,
    decode_stream,
    mock_http,
)
from trooper.errors import (
    AuthFailed,
    ContextTooLong,
    InvalidRequest,
    LocalOnlyFailed,
    NoProviderAvailable,
    Overloaded,
    QuotaExhausted,
    RateLimited,
    ServerError,
    TrooperError,
)
from trooper.model.conversation import (
    ChatRequest,
    ChatResponse,
    ImagePart,
    JSONObject,
    JSONValue,
    Message,
    StopReason,
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
)
from trooper.translate import openai as translator
from trooper.translate.base import UpstreamStreamError

CREATED = 1_700_000_000


def clock() -> float:
    return CREATED + 0.75


def wire_call(call_id: str, name: str, arguments: str) -> JSONObject:
    """A ``tool_calls[]`` item as OpenAI writes it (the arguments a JSON string)."""
    return {"id": call_id, "type": "function", "function": {"name": name, "arguments": arguments}}


# A client body using everything the translator maps (and two fields it does not).
CLIENT_MESSAGES: list[JSONValue] = [
    {"role": "system", "content": "You are terse."},
    {"role": "developer", "content": [{"type": "text", "text": "Use metric units."}]},
    {
        "role": "user",
        "content": [
            {"type": "text", "text": "Weather and time in Paris? And this:"},
            {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="}},
            {
                "type": "image_url",
                "image_url": {"url": "https://example.com/cat.JPG?size=l", "detail": "low"},
            },
        ],
    },
    {
        "role": "assistant",
        "content": None,
        "tool_calls": [
            wire_call("call_a", "get_weather", '{"city":"Paris"}'),
            wire_call("call_b", "get_time", '{"tz":"CET"}'),
        ],
    },
    {"role": "tool", "tool_call_id": "call_a", "content": "18C, cloudy"},
    {"role": "tool", "tool_call_id": "call_b", "content": "14:05"},
    {"role": "user", "content": "Thanks. And tomorrow?"},
]
CLIENT_TOOLS: list[JSONValue] = [
    {
        "type": "function",
        "function": {
            "name": "get_weather",
            "description": "Weather for a city",
            "parameters": WEATHER_PARAMS,
        },
    },
    {"type": "function", "function": {"name": "get_time"}},
]
CLIENT_BODY: JSONObject = {
    "model": "gpt-4o",
    "messages": CLIENT_MESSAGES,
    "tools": CLIENT_TOOLS,
    "tool_choice": "required",
    "max_completion_tokens": 256,
    "max_tokens": 100,
    "temperature": 0.2,
    "top_p": 1,
    "stop": "END",
    "stream": True,
    "stream_options": {"include_usage": True},
    "seed": 7,
    "user": "u-1",
}

CANONICAL_MESSAGES = [
    Message(
        "user",
        [
            TextPart("Weather and time in Paris? And this:"),
            ImagePart("image/png", data="iVBORw0KGgo="),
            ImagePart("image/jpeg", url="https://example.com/cat.JPG?size=l"),
        ],
    ),
    Message(
        "assistant",
        [
            ToolCallPart("call_a", "get_weather", {"city": "Paris"}),
            ToolCallPart("call_b", "get_time", {"tz": "CET"}),
        ],
    ),
    Message(
        "user",
        [
            ToolResultPart("call_a", [TextPart("18C, cloudy")]),
            ToolResultPart("call_b", [TextPart("14:05")]),
            TextPart("Thanks. And tomorrow?"),
        ],
    ),
]


def user(content: JSONValue) -> JSONObject:
    return {"role": "user", "content": content}


def sse_payloads(stream: bytes) -> list[JSONValue]:
    """The JSON of each ``data:`` item, ``"[DONE]"`` kept as the string; checks the framing."""
    assert stream.endswith(b"\n\n")
    items = stream[:-2].split(b"\n\n")
    assert all(item.startswith(b"data: ") for item in items)
    out: list[JSONValue] = []
    for item in items:
        data = item[len(b"data: ") :]
        out.append("[DONE]" if data == b"[DONE]" else orjson.loads(data))
    return out


def chunk(delta: JSONObject, finish: str | None = None, **extra: JSONValue) -> JSONObject:
    """One chunk as Trooper's encoder writes it for the streams below."""
    body: JSONObject = {
        "id": "chatcmpl-msg_1",
        "object": "chat.completion.chunk",
        "created": CREATED,
        "model": "gpt-4o",
        "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}],
    }
    body.update(extra)
    return body


# ------------------------------------------------------------------------ inbound: parse_request


def test_parse_request_golden() -> None:
    req = translator.parse_request(copy.deepcopy(CLIENT_BODY))
    assert req == ChatRequest(
        model="gpt-4o",
        messages=CANONICAL_MESSAGES,
        system="You are terse.\n\nUse metric units.",
        tools=[
            WEATHER,
            ToolDef("get_time", "", {"type": "object", "properties": {}}),
        ],
        tool_choice=ToolChoice("any"),
        max_tokens=256,
        temperature=0.2,
        top_p=1.0,
        stop=["END"],
        seed=7,
        stream=True,
        include_usage=True,
        dialect="openai",
        raw=CLIENT_BODY,
        modified=False,
    )


def test_parse_request_minimal_defaults() -> None:
    req = translator.parse_request({"messages": [user("hi")]})
    assert req == ChatRequest(
        model="", messages=[Message("user", [TextPart("hi")])], dialect="openai", raw=req.raw
    )
    assert req.raw == {"messages": [user("hi")]}


def test_parse_request_nulls_are_absent() -> None:
    body: JSONObject = {"model": "m", "messages": [user("hi")]}
    for key in ("temperature", "top_p", "max_tokens", "stop", "tools", "tool_choice", "stream"):
        body[key] = None
    body["stream_options"] = None
    req = translator.parse_request(body)
    assert (req.temperature, req.top_p, req.max_tokens, req.stop, req.tools) == (
        None,
        None,
        None,
        [],
        [],
    )
    assert (req.tool_choice, req.stream, req.include_usage) == (None, False, False)


@pytest.mark.parametrize(
    ("wire", "expected"),
    [
        ("auto", ToolChoice("auto")),
        ("none", ToolChoice("none")),
        ("required", ToolChoice("any")),
        ({"type": "function", "function": {"name": "get_time"}}, ToolChoice("auto", "get_time")),
    ],
)
def test_parse_request_tool_choice(wire: JSONValue, expected: ToolChoice) -> None:
    req = translator.parse_request({"messages": [user("hi")], "tool_choice": wire})
    assert req.tool_choice == expected


def test_parse_request_max_tokens_alone_and_stop_list() -> None:
    req = translator.parse_request(
        {"messages": [user("hi")], "max_tokens": 64, "stop": ["a", "b"], "stream": False}
    )
    assert (req.max_tokens, req.stop, req.stream) == (64, ["a", "b"], False)


def test_parse_request_merges_turns_so_roles_alternate() -> None:
    req = translator.parse_request(
        {
            "messages": [
                user("one"),
                user([{"type": "text", "text": "two"}]),
                {"role": "assistant", "content": "A"},
                {"role": "system", "content": "late system"},
                {"role": "assistant", "content": [{"type": "refusal", "refusal": "No."}]},
                {"role": "tool", "tool_call_id": "c1", "content": [{"type": "text", "text": "r"}]},
            ]
        }
    )
    assert req.system is None
    assert req.messages == [
        Message("user", [TextPart("one"), TextPart("two")]),
        Message("assistant", [TextPart("A")]),
        Message("system", [TextPart("late system")]),  # kept where the client put it
        Message("assistant", [TextPart("No.")]),
        Message("user", [ToolResultPart("c1", [TextPart("r")])]),
    ]


def test_parse_request_assistant_content_forms() -> None:
    calls: JSONValue = [
        {"id": "c1", "type": "function", "function": {"name": "f", "arguments": "not json"}},
        {"id": "c2", "type": "function", "function": {"name": "g", "arguments": "[1, 2]"}},
        {"id": "c3", "type": "function", "function": {"name": "h", "arguments": ""}},
        {"id": "c4", "function": {"name": "k", "arguments": {"x": 1}}},
    ]
    req = translator.parse_request(
        {
            "messages": [
                user("go"),
                {"role": "assistant", "content": "", "tool_calls": calls},
                {"role": "tool", "tool_call_id": "c1", "content": "ok"},
                {"role": "assistant", "content": ""},
            ]
        }
    )
    assert req.messages[1] == Message(
        "assistant",
        [
            ToolCallPart("c1", "f", {"_raw": "not json"}),
            ToolCallPart("c2", "g", {"_raw": "[1, 2]"}),
            ToolCallPart("c3", "h", {}),
            ToolCallPart("c4", "k", {"x": 1}),
        ],
    )
    assert req.messages[3] == Message("assistant", [TextPart("")])


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("data:image/webp;base64,AAAA", ImagePart("image/webp", data="AAAA")),
        ("https://x.test/a.png", ImagePart("image/png", url="https://x.test/a.png")),
        ("https://x.test/a.gif#f", ImagePart("image/gif", url="https://x.test/a.gif#f")),
        ("https://x.test/a.jpeg", ImagePart("image/jpeg", url="https://x.test/a.jpeg")),
        ("https://x.test/render?id=3", ImagePart("image/*", url="https://x.test/render?id=3")),
    ],
)
def test_parse_request_images(url: str, expected: ImagePart) -> None:
    part: JSONValue = {"type": "image_url", "image_url": {"url": url}}
    req = translator.parse_request({"messages": [user([part])]})
    assert req.messages[0].parts == [expected]


def msgs(*messages: JSONValue) -> JSONObject:
    return {"messages": list(messages)}


def with_user(**fields: JSONValue) -> JSONObject:
    return {"messages": [user("hi")], **fields}


def call(**override: JSONValue) -> JSONObject:
    base: JSONObject = wire_call("c1", "f", "{}")
    base.update(override)
    return {"role": "assistant", "tool_calls": [base]}


BAD_REQUESTS: list[tuple[JSONValue, str]] = [
    ([], "request body must be a JSON object"),
    ("hi", "request body must be a JSON object"),
    ({}, "messages: required"),
    (msgs() | {"messages": "hi"}, "messages: expected an array of messages"),
    (msgs(), "messages: must not be empty"),
    (msgs("hi"), "messages[0]: expected an object"),
    (msgs({"role": "function", "content": "x"}), "messages[0].name: expected a string"),
    (msgs({"content": "x"}), "messages[0].role: expected one of"),
    (msgs(user("a"), {"role": "robot", "content": "x"}), "messages[1].role"),
    (msgs(user(42)), "messages[0].content: expected a string or an array"),
    (msgs(user(None)), "messages[0].content: expected a string or an array"),
    (msgs({"role": "user"}), "messages[0].content: expected a string or an array"),
    (msgs({"role": "system", "content": 1}), "messages[0].content: expected a string"),
    (msgs(user(["hi"])), "messages[0].content[0]: expected an object"),
    (msgs(user([{"type": "input_audio"}])), "messages[0].content[0].input_audio: expected an"),
    (msgs(user([{"type": "video"}])), 'messages[0].content[0].type: expected "file"'),
    (msgs(user([{"text": "no type"}])), "messages[0].content[0].type"),
    (msgs(user([{"type": "text"}])), "messages[0].content[0].text: expected a string"),
    (msgs(user([{"type": "text", "text": 3}])), "messages[0].content[0].text"),
    (
        msgs(user([{"type": "image_url", "image_url": "u"}])),
        "messages[0].content[0].image_url: expected an object",
    ),
    (
        msgs(user([{"type": "image_url", "image_url": {}}])),
        "messages[0].content[0].image_url.url: expected a string",
    ),
    (
        msgs(user([{"type": "image_url", "image_url": {"url": "data:image/png,abc"}}])),
        "messages[0].content[0].image_url.url: expected an http(s) URL or data:",
    ),
    (
        msgs(user([{"type": "image_url", "image_url": {"url": "data:;base64,abc"}}])),
        "messages[0].content[0].image_url.url",
    ),
    (
        msgs({"role": "system", "content": [{"type": "image_url", "image_url": {"url": "u"}}]}),
        'messages[0].content[0].type: expected "text"',
    ),
    (
        msgs({"role": "assistant", "content": [{"type": "image_url"}]}),
        'messages[0].content[0].type: expected "refusal" or "text"',
    ),
    (msgs({"role": "assistant", "content": 5}), "messages[0].content"),
    (msgs({"role": "assistant", "tool_calls": {}}), "messages[0].tool_calls: expected an array"),
    (msgs({"role": "assistant", "tool_calls": [1]}), "messages[0].tool_calls[0]: expected an"),
    (msgs(call(type="custom")), 'messages[0].tool_calls[0].type: expected "function"'),
    (msgs(call(id=None)), "messages[0].tool_calls[0].id: expected a string"),
    (msgs(call(function="f")), "messages[0].tool_calls[0].function: expected an object"),
    (msgs(call(function={"arguments": "{}"})), "messages[0].tool_calls[0].function.name"),
    (
        msgs(call(function={"name": "f", "arguments": 5})),
        "messages[0].tool_calls[0].function.arguments: expected a JSON string",
    ),
    (msgs(user("a"), {"role": "tool", "content": "r"}), "messages[1].tool_call_id: expected"),
    (msgs({"role": "tool", "tool_call_id": "", "content": "r"}), "messages[0].tool_call_id"),
    (msgs({"role": "tool", "tool_call_id": "c", "content": None}), "messages[0].content"),
    (with_user(model=5), "model: expected a string"),
    (with_user(max_tokens=0), "max_tokens: expected a positive integer"),
    (with_user(max_tokens=-3), "max_tokens: expected a positive integer"),
    (with_user(max_tokens="10"), "max_tokens: expected a positive integer"),
    (with_user(max_tokens=True), "max_tokens: expected a positive integer"),
    (with_user(max_tokens=1.5), "max_tokens: expected a positive integer"),
    (with_user(max_completion_tokens=0), "max_completion_tokens: expected a positive integer"),
    (with_user(temperature="hot"), "temperature: expected a number"),
    (with_user(temperature=True), "temperature: expected a number"),
    (with_user(top_p=[1]), "top_p: expected a number"),
    (with_user(stream="yes"), "stream: expected a boolean"),
    (with_user(stream=1), "stream: expected a boolean"),
    (with_user(stream_options="x"), "stream_options: expected an object"),
    (with_user(stream_options={"include_usage": 1}), "stream_options.include_usage: expected"),
    (with_user(tools={}), "tools: expected an array"),
    (with_user(tools=["f"]), "tools[0]: expected an object"),
    (with_user(tools=[{"type": "web_search"}]), 'tools[0].type: expected "function"'),
    (with_user(tools=[{"type": "function"}]), "tools[0].function: expected an object"),
    (with_user(tools=[{"type": "function", "function": {}}]), "tools[0].function.name"),
    (
        with_user(tools=[{"type": "function", "function": {"name": "f", "description": 1}}]),
        "tools[0].function.description: expected a string",
    ),
    (
        with_user(tools=[{"type": "function", "function": {"name": "f", "parameters": "{}"}}]),
        "tools[0].function.parameters: expected a JSON Schema object",
    ),
    (with_user(tool_choice="sometimes"), "tool_choice: expected"),
    (with_user(tool_choice={"type": "function"}), "tool_choice: expected"),
    (with_user(tool_choice={"type": "function", "function": {"name": 1}}), "tool_choice"),
    (with_user(tool_choice=1), "tool_choice: expected"),
    (with_user(stop=5), "stop: expected a string or an array of strings"),
    (with_user(stop=["a", 1]), "stop: expected a string or an array of strings"),
]


@pytest.mark.parametrize(("body", "message"), BAD_REQUESTS)
def test_parse_request_rejects(body: JSONValue, message: str) -> None:
    with pytest.raises(InvalidRequest, match=f"^{re.escape(message)}"):
        translator.parse_request(body)  # type: ignore[arg-type]


def test_parse_request_ignores_unknown_fields() -> None:
    body = with_user(n=1, seed=3, response_format={"type": "json_object"}, logit_bias={})
    req = translator.parse_request(body)
    assert req.raw is body
    assert req.messages == [Message("user", [TextPart("hi")])]


# ------------------------------------------------------------------------ inbound: responses


TEXT_REQ = ChatRequest(model="gpt-4o", messages=[Message("user", [TextPart("hi")])])


def test_encode_response_text_golden() -> None:
    resp = ChatResponse(
        id="msg_01",
        model="claude-sonnet-4-6",
        parts=[ThinkingPart("let me think", "sig"), TextPart("Hello"), TextPart(" there")],
        stop_reason="end_turn",
        usage=Usage(12, 3),
    )
    assert translator.encode_response(resp, TEXT_REQ, clock=clock) == {
        "id": "chatcmpl-msg_01",
        "object": "chat.completion",
        "created": CREATED,
        "model": "claude-sonnet-4-6",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": "Hello there", "refusal": None},
                "logprobs": None,
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 12, "completion_tokens": 3, "total_tokens": 15},
    }


def test_encode_response_parallel_tool_calls_golden() -> None:
    resp = ChatResponse(
        id="chatcmpl-abc",
        model="",
        parts=[
            ToolCallPart("call_a", "get_weather", {"city": "Paris"}),
            ToolCallPart("call_b", "get_time", {"_raw": "tz=CET"}),
        ],
        stop_reason="tool_use",
        usage=Usage(50, 20),
    )
    body = translator.encode_response(resp, TEXT_REQ, clock=clock)
    assert (body["id"], body["model"]) == ("chatcmpl-abc", "gpt-4o")
    assert body["choices"] == [
        {
            "index": 0,
            "message": {
                "role": "assistant",
                "content": None,
                "tool_calls": [
                    wire_call("call_a", "get_weather", '{"city":"Paris"}'),
                    wire_call("call_b", "get_time", "tz=CET"),
                ],
                "refusal": None,
            },
            "logprobs": None,
            "finish_reason": "tool_calls",
        }
    ]


@pytest.mark.parametrize(
    ("stop", "finish"),
    [
        ("end_turn", "stop"),
        ("stop_sequence", "stop"),
        ("max_tokens", "length"),
        ("tool_use", "tool_calls"),
        ("content_filter", "content_filter"),
    ],
)
def test_encode_response_finish_reason(stop: StopReason, finish: str) -> None:
    resp = ChatResponse(id="", model="m", parts=[TextPart("x")], stop_reason=stop)
    body = translator.encode_response(resp, TEXT_REQ, clock=clock)
    assert body["id"] == "chatcmpl-trooper"
    assert body["choices"] == [
        {
            "index": 0,
            "message": {"role": "assistant", "content": "x", "refusal": None},
            "logprobs": None,
            "finish_reason": finish,
        }
    ]


@pytest.mark.parametrize(
    ("err", "kind", "code"),
    [
        (InvalidRequest("messages: required"), "invalid_request_error", None),
        (RateLimited("slow down"), "rate_limit_error", "rate_limit_exceeded"),
        (QuotaExhausted("spent"), "rate_limit_error", "insufficient_quota"),
        (ContextTooLong("too long"), "invalid_request_error", "context_length_exceeded"),
        (AuthFailed("bad key"), "authentication_error", "invalid_api_key"),
        (Overloaded("busy"), "overloaded_error", "overloaded"),
        (NoProviderAvailable("all down"), "overloaded_error", "no_provider_available"),
        (LocalOnlyFailed("local down"), "overloaded_error", "local_only_failed"),
        (TrooperError("boom"), "api_error", None),
    ],
)
def test_error_body(err: TrooperError, kind: str, code: str | None) -> None:
    assert translator.error_body(err) == {
        "error": {"message": err.message, "type": kind, "param": None, "code": code}
    }


# ------------------------------------------------------------------------ inbound: streams

TEXT_EVENTS: list[StreamEvent] = [
    MessageStart("msg_1", "gpt-4o"),
    BlockStart(0, "text"),
    BlockDelta(0, "Hel"),
    BlockDelta(0, "lo"),
    BlockStop(0),
    MessageEnd("end_turn", Usage(12, 2)),
]

TOOL_EVENTS: list[StreamEvent] = [
    MessageStart("msg_1", "gpt-4o", input_tokens=30),
    BlockStart(0, "thinking"),
    BlockDelta(0, "hmm"),
    BlockStop(0),
    BlockStart(1, "text"),
    BlockDelta(1, "Checking."),
    BlockStop(1),
    BlockStart(2, "tool_call", id="call_a", name="get_weather"),
    BlockDelta(2, '{"city":'),
    BlockDelta(2, '"Paris"}'),
    BlockStop(2),
    BlockStart(3, "tool_call", id="call_b", name="get_time"),
    BlockDelta(3, '{"tz":"CET"}'),
    BlockStop(3),
    MessageEnd("tool_use", Usage(0, 20)),
]


def encode_all(events: list[StreamEvent], include_usage: bool = False) -> bytes:
    req = dataclasses.replace(TEXT_REQ, dialect="openai", include_usage=include_usage)
    encoder = translator.stream_encoder(req, clock=clock)
    return b"".join(encoder.encode(e) for e in events)


def test_stream_encoder_text_exact_bytes() -> None:
    head = b'{"id":"chatcmpl-msg_1","object":"chat.completion.chunk","created":1700000000,'
    head += b'"model":"gpt-4o","choices":[{"index":0,"delta":'
    tail = b',"logprobs":null,"finish_reason":null}]}\n\n'
    assert encode_all(TEXT_EVENTS) == (
        b"data: " + head + b'{"role":"assistant","content":""}' + tail
        + b"data: " + head + b'{"content":"Hel"}' + tail
        + b"data: " + head + b'{"content":"lo"}' + tail
        + b"data: " + head + b'{},"logprobs":null,"finish_reason":"stop"}]}\n\n'
        + b"data: [DONE]\n\n"
    )  # fmt: skip


def test_stream_encoder_include_usage() -> None:
    assert sse_payloads(encode_all(TEXT_EVENTS, include_usage=True)) == [
        chunk({"role": "assistant", "content": ""}, usage=None),
        chunk({"content": "Hel"}, usage=None),
        chunk({"content": "lo"}, usage=None),
        chunk({}, "stop", usage=None),
        {
            "id": "chatcmpl-msg_1",
            "object": "chat.completion.chunk",
            "created": CREATED,
            "model": "gpt-4o",
            "choices": [],
            "usage": {"prompt_tokens": 12, "completion_tokens": 2, "total_tokens": 14},
        },
        "[DONE]",
    ]


def test_stream_encoder_parallel_tool_calls_without_thinking() -> None:
    payloads = sse_payloads(encode_all(TOOL_EVENTS, include_usage=True))
    assert payloads[:-2] == [
        chunk({"role": "assistant", "content": ""}, usage=None),
        chunk({"content": "Checking."}, usage=None),
        chunk(
            {"tool_calls": [{"index": 0, **wire_call("call_a", "get_weather", "")}]},
            usage=None,
        ),
        chunk({"tool_calls": [{"index": 0, "function": {"arguments": '{"city":'}}]}, usage=None),
        chunk({"tool_calls": [{"index": 0, "function": {"arguments": '"Paris"}'}}]}, usage=None),
        chunk(
            {"tool_calls": [{"index": 1, **wire_call("call_b", "get_time", "")}]},
            usage=None,
        ),
        chunk(
            {"tool_calls": [{"index": 1, "function": {"arguments": '{"tz":"CET"}'}}]}, usage=None
        ),
        chunk({}, "tool_calls", usage=None),
    ]
    # input tokens known only at MessageStart still reach the usage chunk
    usage_chunk = payloads[-2]
    assert isinstance(usage_chunk, dict)
    assert usage_chunk["usage"] == {
        "prompt_tokens": 30,
        "completion_tokens": 20,
        "total_tokens": 50,
    }
    assert payloads[-1] == "[DONE]"


def test_stream_encoder_error_has_no_done() -> None:
    encoder = translator.stream_encoder(TEXT_REQ, clock=clock)
    out = encoder.error(Overloaded("every provider is busy"))
    assert out == (
        b'data: {"error":{"message":"every provider is busy","type":"overloaded_error",'
        b'"param":null,"code":"overloaded"}}\n\n'
    )


# ------------------------------------------------------------------------ the official SDK


def sdk(handler: Handler) -> openai.OpenAI:
    return openai.OpenAI(
        api_key="sk-test",
        base_url="http://trooper.test/v1",
        http_client=mock_http(handler),
        max_retries=0,
    )


def serve_stream(events: list[StreamEvent], seen: list[ChatRequest]) -> Handler:
    def handler(request: httpx2.Request) -> httpx2.Response:
        req = translator.parse_request(orjson.loads(request.content))
        seen.append(req)
        encoder = translator.stream_encoder(req, clock=clock)
        body = b"".join(encoder.encode(e) for e in events)
        return answer(body, "text/event-stream")

    return handler


def test_sdk_reads_completion_with_parallel_tool_calls() -> None:
    seen: list[ChatRequest] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        req = translator.parse_request(orjson.loads(request.content))
        seen.append(req)
        resp = ChatResponse(
            id="msg_9",
            model="gpt-4o-mini",
            parts=[
                TextPart("Checking both."),
                ToolCallPart("call_a", "get_weather", {"city": "Paris"}),
                ToolCallPart("call_b", "get_time", {"tz": "CET"}),
            ],
            stop_reason="tool_use",
            usage=Usage(40, 9),
        )
        body = orjson.dumps(translator.encode_response(resp, req, clock=clock))
        return answer(body, "application/json")

    completion = sdk(handler).chat.completions.create(
        model="gpt-4o-mini",
        messages=[
            {"role": "developer", "content": "Be brief."},
            {"role": "user", "content": "Weather and time in Paris?"},
        ],
        tools=[{"type": "function", "function": {"name": "get_weather", "parameters": {}}}],
        max_completion_tokens=99,
    )
    assert seen[0].system == "Be brief."
    assert seen[0].max_tokens == 99
    assert seen[0].tools == [ToolDef("get_weather", "", {})]
    assert completion.id == "chatcmpl-msg_9"
    assert completion.created == CREATED
    choice = completion.choices[0]
    assert choice.finish_reason == "tool_calls"
    assert choice.message.content == "Checking both."
    calls = choice.message.tool_calls or []
    assert [(c.id, c.function.name, c.function.arguments) for c in calls] == [  # type: ignore[union-attr]
        ("call_a", "get_weather", '{"city":"Paris"}'),
        ("call_b", "get_time", '{"tz":"CET"}'),
    ]
    assert completion.usage is not None
    assert completion.usage.total_tokens == 49


def test_sdk_reads_text_stream_with_usage() -> None:
    seen: list[ChatRequest] = []
    stream = sdk(serve_stream(TEXT_EVENTS, seen)).chat.completions.create(
        model="gpt-4o",
        messages=[{"role": "user", "content": "hi"}],
        stream=True,
        stream_options={"include_usage": True},
    )
    chunks = list(stream)
    assert seen[0].stream and seen[0].include_usage
    assert "".join(c.choices[0].delta.content or "" for c in chunks if c.choices) == "Hello"
    assert [c.choices[0].finish_reason for c in chunks if c.choices][-1] == "stop"
    assert chunks[-1].choices == []
    assert chunks[-1].usage is not None
    assert (chunks[-1].usage.prompt_tokens, chunks[-1].usage.completion_tokens) == (12, 2)


def test_sdk_stream_without_usage_has_no_usage_chunk() -> None:
    stream = sdk(serve_stream(TEXT_EVENTS, [])).chat.completions.create(
        model="gpt-4o", messages=[{"role": "user", "content": "hi"}], stream=True
    )
    chunks = list(stream)
    assert all(c.choices and c.usage is None for c in chunks)
    assert len(chunks) == 4


def test_sdk_accumulates_streamed_parallel_tool_calls() -> None:
    client = sdk(serve_stream(TOOL_EVENTS, []))
    with client.chat.completions.stream(
        model="gpt-4o",
        messages=[{"role": "user", "content": "Weather and time?"}],
        tools=[
            {
                "type": "function",
                "function": {"name": "get_weather", "parameters": {"type": "object"}},
            },
            {"type": "function", "function": {"name": "get_time", "parameters": {}}},
        ],
    ) as stream:
        final = stream.get_final_completion()
    message = final.choices[0].message
    assert final.choices[0].finish_reason == "tool_calls"
    assert message.content == "Checking."
    calls = message.tool_calls or []
    assert [(c.id, c.function.name, c.function.arguments) for c in calls] == [
        ("call_a", "get_weather", '{"city":"Paris"}'),
        ("call_b", "get_time", '{"tz":"CET"}'),
    ]


def test_sdk_raises_on_in_stream_error() -> None:
    def handler(request: httpx2.Request) -> httpx2.Response:
        req = translator.parse_request(orjson.loads(request.content))
        encoder = translator.stream_encoder(req, clock=clock)
        body = encoder.encode(TEXT_EVENTS[0]) + encoder.encode(TEXT_EVENTS[2])
        body += encoder.error(NoProviderAvailable("every provider failed"))
        return answer(body, "text/event-stream")

    stream = sdk(handler).chat.completions.create(
        model="gpt-4o", messages=[{"role": "user", "content": "hi"}], stream=True
    )
    received: list[str] = []
    with pytest.raises(openai.APIError, match="every provider failed"):
        for c in stream:
            received.append(c.choices[0].delta.content or "")
    assert received == ["", "Hel"]


# ------------------------------------------------------------------------ upstream: build_request


def test_build_request_forwards_unmodified_openai_body() -> None:
    req = translator.parse_request(copy.deepcopy(CLIENT_BODY))
    body = translator.build_request(req, "gpt-4.1")
    assert body == {**CLIENT_BODY, "model": "gpt-4.1", "stream_options": {"include_usage": True}}
    assert req.raw == CLIENT_BODY  # the client's body is not touched


def test_build_request_forward_forces_usage_and_drops_options_when_not_streaming() -> None:
    raw = with_user(model="m", stream=True, stream_options={"include_usage": False}, n=1)
    req = translator.parse_request(raw)
    assert translator.build_request(req, "up")["stream_options"] == {"include_usage": True}
    req.stream = False
    body = translator.build_request(req, "up")
    assert body == {"messages": [user("hi")], "model": "up", "stream": False, "n": 1}
    assert raw["stream_options"] == {"include_usage": False}


def test_build_request_modified_openai_golden_round_trip() -> None:
    req = dataclasses.replace(translator.parse_request(copy.deepcopy(CLIENT_BODY)), modified=True)
    rebuilt_user: JSONObject = {
        "role": "user",
        "content": [
            {"type": "text", "text": "Weather and time in Paris? And this:"},
            {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="}},
            # the canonical model has no "detail": it is lost once the body is rebuilt
            {"type": "image_url", "image_url": {"url": "https://example.com/cat.JPG?size=l"}},
        ],
    }
    assert translator.build_request(req, "gpt-4o") == {
        "model": "gpt-4o",
        "messages": [
            {"role": "system", "content": "You are terse.\n\nUse metric units."},
            rebuilt_user,
            *CLIENT_MESSAGES[3:],
        ],
        "tools": [
            CLIENT_TOOLS[0],
            {
                "type": "function",
                "function": {
                    "name": "get_time",
                    "parameters": {"type": "object", "properties": {}},
                },
            },
        ],
        "tool_choice": "required",
        "max_tokens": 256,
        "temperature": 0.2,
        "top_p": 1.0,
        "stop": ["END"],
        "stream": True,
        "stream_options": {"include_usage": True},
        "seed": 7,
        "user": "u-1",
    }


def test_build_request_from_canonical_golden() -> None:
    req = ChatRequest(
        model="claude-sonnet-4-6",
        system="Be helpful.",
        messages=[
            Message("user", [TextPart("Look:"), ImagePart("image/png", data="AAAA")]),
            Message(
                "assistant",
                [
                    ThinkingPart("I should call tools", "sig"),
                    TextPart("Calling."),
                    ToolCallPart("toolu_1", "ocr", {"lang": "fr"}),
                    ToolCallPart("toolu_2", "fetch", {"_raw": "oops"}),
                ],
            ),
            Message(
                "user",
                [
                    ToolResultPart(
                        "toolu_1",
                        [TextPart("Bonjour"), ImagePart("image/gif", url="https://x.test/c.gif")],
                    ),
                    ToolResultPart("toolu_2", [TextPart("404")], is_error=True),
                    TextPart("Now summarise."),
                ],
            ),
            Message("assistant", [ThinkingPart("only thinking")]),
            Message("user", [ToolResultPart("toolu_3", [])]),
        ],
        tools=[ToolDef("ocr", "Read text", {"type": "object"})],
        tool_choice=ToolChoice("auto", name="ocr"),
        max_tokens=512,
        stop=["\n\nHuman:"],
        raw={"model": "claude-sonnet-4-6", "metadata": {"user_id": "u"}},
    )
    assert translator.build_request(req, "o3-mini") == {
        "model": "o3-mini",
        "messages": [
            {"role": "system", "content": "Be helpful."},
            {
                "role": "user",
                "content": [
                    {"type": "text", "text": "Look:"},
                    {"type": "image_url", "image_url": {"url": "data:image/png;base64,AAAA"}},
                ],
            },
            {
                "role": "assistant",
                "content": "Calling.",
                "tool_calls": [
                    wire_call("toolu_1", "ocr", '{"lang":"fr"}'),
                    wire_call("toolu_2", "fetch", "oops"),
                ],
            },
            {"role": "tool", "tool_call_id": "toolu_1", "content": "Bonjour"},
            {"role": "tool", "tool_call_id": "toolu_2", "content": "404"},
            {
                "role": "user",
                "content": [
                    {"type": "image_url", "image_url": {"url": "https://x.test/c.gif"}},
                    {"type": "text", "text": "Now summarise."},
                ],
            },
            {"role": "assistant", "content": ""},
            {"role": "tool", "tool_call_id": "toolu_3", "content": ""},
        ],
        "tools": [
            {
                "type": "function",
                "function": {
                    "name": "ocr",
                    "description": "Read text",
                    "parameters": {"type": "object"},
                },
            }
        ],
        "tool_choice": {"type": "function", "function": {"name": "ocr"}},
        "max_completion_tokens": 512,
        "stop": ["\n\nHuman:"],
        "stream": False,
    }


@pytest.mark.parametrize(
    ("model", "key"),
    [
        ("gpt-4o", "max_tokens"),
        ("o1", "max_completion_tokens"),
        ("o3-mini", "max_completion_tokens"),
        ("o4-mini", "max_completion_tokens"),
        ("gpt-5-nano", "max_completion_tokens"),
        ("llama-3.1-8b-instruct", "max_tokens"),
    ],
)
def test_build_request_max_tokens_key(model: str, key: str) -> None:
    body = translator.build_request(dataclasses.replace(TEXT_REQ, max_tokens=9), model)
    assert body[key] == 9
    assert {"max_tokens", "max_completion_tokens"} - {key} & body.keys() == set()


@pytest.mark.parametrize(
    ("choice", "wire"),
    [
        (ToolChoice("auto"), "auto"),
        (ToolChoice("none"), "none"),
        (ToolChoice("any"), "required"),
        (ToolChoice("any", "f"), {"type": "function", "function": {"name": "f"}}),
    ],
)
def test_build_request_tool_choice(choice: ToolChoice, wire: JSONValue) -> None:
    req = dataclasses.replace(TEXT_REQ, tools=[ToolDef("f", "", {})], tool_choice=choice)
    assert translator.build_request(req, "m")["tool_choice"] == wire
    without_tools = translator.build_request(dataclasses.replace(req, tools=[]), "m")
    assert "tool_choice" not in without_tools and "tools" not in without_tools


def test_build_request_streaming_always_asks_for_usage() -> None:
    req = dataclasses.replace(TEXT_REQ, stream=True, include_usage=False, temperature=0.0)
    assert translator.build_request(req, "m") == {
        "model": "m",
        "messages": [user("hi")],
        "temperature": 0.0,
        "stream": True,
        "stream_options": {"include_usage": True},
    }


# ------------------------------------------------------------------------ upstream: parse_response


def completion(message: JSONObject, finish: str | None, **extra: JSONValue) -> JSONObject:
    body: JSONObject = {
        "id": "chatcmpl-B9",
        "object": "chat.completion",
        "created": 1748496646,
        "model": "gpt-4o-2024-08-06",
        "choices": [{"index": 0, "message": message, "logprobs": None, "finish_reason": finish}],
        "usage": {
            "prompt_tokens": 91,
            "completion_tokens": 14,
            "total_tokens": 105,
            "completion_tokens_details": {"reasoning_tokens": 0},
        },
        "system_fingerprint": "fp_76544d79cb",
    }
    body.update(extra)
    return body


def test_parse_response_text_golden() -> None:
    body = completion(
        {"role": "assistant", "content": "Hi there.", "refusal": None, "annotations": []}, "stop"
    )
    assert translator.parse_response(body, "gpt-4o") == ChatResponse(
        id="chatcmpl-B9",
        model="gpt-4o-2024-08-06",
        parts=[TextPart("Hi there.")],
        stop_reason="end_turn",
        usage=Usage(91, 14),
    )


def test_parse_response_parallel_tool_calls_golden() -> None:
    message: JSONObject = {
        "role": "assistant",
        "content": None,
        "tool_calls": [
            wire_call("call_a", "get_weather", '{"city":"Paris"}'),
            wire_call("call_b", "get_time", "{"),
        ],
    }
    resp = translator.parse_response(completion(message, "tool_calls"), "gpt-4o")
    assert resp.parts == [
        ToolCallPart("call_a", "get_weather", {"city": "Paris"}),
        ToolCallPart("call_b", "get_time", {"_raw": "{"}),
    ]
    assert resp.stop_reason == "tool_use"


def test_parse_response_local_server_quirks() -> None:
    body: JSONObject = {
        "choices": [
            {"index": 1, "message": {"role": "assistant", "content": "second"}},
            {
                "index": 0,
                "message": {
                    "role": "assistant",
                    "content": [{"type": "text", "text": "Sure."}],
                    "tool_calls": [
                        {"type": "function", "function": {"name": "f", "arguments": ""}}
                    ],
                },
                "finish_reason": "stop",
            },
        ]
    }
    assert translator.parse_response(body, "qwen2.5-7b") == ChatResponse(
        id="",
        model="qwen2.5-7b",
        parts=[TextPart("Sure."), ToolCallPart("call_0", "f", {})],
        stop_reason="tool_use",
        usage=Usage(),
    )


@pytest.mark.parametrize(
    ("finish", "stop"),
    [
        ("stop", "end_turn"),
        ("length", "max_tokens"),
        ("content_filter", "content_filter"),
        (None, "end_turn"),
        ("eos", "end_turn"),
    ],
)
def test_parse_response_finish_reason(finish: str | None, stop: StopReason) -> None:
    body = completion({"role": "assistant", "content": "x"}, finish, usage=None)
    resp = translator.parse_response(body, "m")
    assert (resp.stop_reason, resp.usage) == (stop, Usage())


def test_parse_response_refusal_is_text() -> None:
    body = completion({"role": "assistant", "content": None, "refusal": "I can't."}, "stop")
    assert translator.parse_response(body, "m").parts == [TextPart("I can't.")]


@pytest.mark.parametrize("body", [{}, {"choices": []}, {"choices": ["x"]}, {"error": {}}])
def test_parse_response_without_choices_is_a_server_error(body: JSONObject) -> None:
    with pytest.raises(ServerError, match="no choices"):
        translator.parse_response(body, "m")


# ------------------------------------------------------------------------ upstream: streams


def upstream(choices: JSONValue, **extra: JSONValue) -> bytes:
    """One chunk as OpenAI sends it (with include_usage on)."""
    body: JSONObject = {
        "id": "chatcmpl-X",
        "object": "chat.completion.chunk",
        "created": 1748496646,
        "model": "gpt-4o-2024-08-06",
        "system_fingerprint": "fp_1",
        "choices": choices,
        "usage": None,
    }
    body.update(extra)
    return orjson.dumps(body)


def delta(d: JSONObject, finish: str | None = None) -> bytes:
    return upstream([{"index": 0, "delta": d, "logprobs": None, "finish_reason": finish}])


def tool_delta(index: int, **fields: JSONValue) -> bytes:
    return delta({"tool_calls": [{"index": index, **fields}]})


USAGE_CHUNK = upstream(
    [], usage={"prompt_tokens": 80, "completion_tokens": 40, "total_tokens": 120}
)


def decode(items: list[bytes], finish: bool = False) -> list[StreamEvent]:
    return decode_stream(translator.stream_decoder("gpt-4o"), items, finish=finish)


def test_stream_decoder_text_golden() -> None:
    items = [
        delta({"role": "assistant", "content": "", "refusal": None}),
        delta({"content": "Hel"}),
        delta({"content": "lo"}),
        delta({}, "stop"),
        USAGE_CHUNK,
        b"[DONE]",
    ]
    assert decode(items, finish=True) == [
        MessageStart("chatcmpl-X", "gpt-4o-2024-08-06"),
        BlockStart(0, "text"),
        BlockDelta(0, "Hel"),
        BlockDelta(0, "lo"),
        BlockStop(0),
        MessageEnd("end_turn", Usage(80, 40)),
    ]


def test_stream_decoder_parallel_tool_calls_golden() -> None:
    fn_a: JSONValue = {"name": "get_weather", "arguments": ""}
    fn_b: JSONValue = {"name": "get_time", "arguments": ""}
    items = [
        delta({"role": "assistant", "content": "Let me check."}),
        tool_delta(0, id="call_a", type="function", function=fn_a),
        tool_delta(0, function={"arguments": '{"ci'}),
        tool_delta(0, function={"arguments": 'ty":"Paris"}'}),
        tool_delta(1, id="call_b", type="function", function=fn_b),
        tool_delta(1, function={"arguments": '{"tz":"CET"}'}),
        delta({}, "tool_calls"),
        USAGE_CHUNK,
        b"[DONE]",
    ]
    assert decode(items) == [
        MessageStart("chatcmpl-X", "gpt-4o-2024-08-06"),
        BlockStart(0, "text"),
        BlockDelta(0, "Let me check."),
        BlockStop(0),
        BlockStart(1, "tool_call", id="call_a", name="get_weather"),
        BlockDelta(1, '{"ci'),
        BlockDelta(1, 'ty":"Paris"}'),
        BlockStop(1),
        BlockStart(2, "tool_call", id="call_b", name="get_time"),
        BlockDelta(2, '{"tz":"CET"}'),
        BlockStop(2),
        MessageEnd("tool_use", Usage(80, 40)),
    ]


def test_stream_decoder_tool_calls_without_index_or_id() -> None:
    # Some OpenAI-compatible servers send each call whole, with no index (or no id).
    items = [
        delta({"tool_calls": [{"id": "a", "function": {"name": "f", "arguments": "{}"}}]}),
        delta({"tool_calls": [{"id": "b", "function": {"name": "g", "arguments": '{"x":1}'}}]}),
        delta({"tool_calls": [{"function": {"name": "h", "arguments": "{"}}]}),
        delta({"tool_calls": [{"function": {"arguments": "}"}}]}),
        delta({}, "stop"),
    ]
    assert decode(items, finish=True)[1:] == [
        BlockStart(0, "tool_call", id="a", name="f"),
        BlockDelta(0, "{}"),
        BlockStop(0),
        BlockStart(1, "tool_call", id="b", name="g"),
        BlockDelta(1, '{"x":1}'),
        BlockStop(1),
        BlockStart(2, "tool_call", id="call_2", name="h"),
        BlockDelta(2, "{"),
        BlockDelta(2, "}"),
        BlockStop(2),
        MessageEnd("tool_use", Usage()),
    ]


def test_stream_decoder_ignores_reasoning_and_malformed_items() -> None:
    items = [
        b"{not json",
        b"[1, 2]",
        delta({"role": "assistant", "reasoning_content": "thinking..."}),
        b": keep-alive",
        delta({"content": None, "reasoning_content": "more"}),
        delta({"content": "Answer"}),
        delta({}, "length"),
        b"[DONE]",
    ]
    assert decode(items) == [
        MessageStart("chatcmpl-X", "gpt-4o-2024-08-06"),
        BlockStart(0, "text"),
        BlockDelta(0, "Answer"),
        BlockStop(0),
        MessageEnd("max_tokens", Usage()),
    ]


def test_stream_decoder_error_payload_raises() -> None:
    decoder = translator.stream_decoder("gpt-4o")
    decoder.feed(None, delta({"content": "Hi"}))
    payload = b'{"error":{"message":"overloaded","type":"server_error","param":null,"code":null}}'
    with pytest.raises(UpstreamStreamError) as caught:
        decoder.feed(None, payload)
    assert (caught.value.payload, caught.value.status_hint) == (payload, 500)


def test_stream_decoder_error_status_hint_and_named_event() -> None:
    vllm = b'{"error":{"object":"error","message":"too long","type":"BadRequestError","code":400}}'
    with pytest.raises(UpstreamStreamError) as caught:
        translator.stream_decoder("m").feed(None, vllm)
    assert caught.value.status_hint == 400
    with pytest.raises(UpstreamStreamError):
        translator.stream_decoder("m").feed("error", b"upstream exploded")


def test_stream_decoder_without_done_closes_on_finish() -> None:
    decoder = translator.stream_decoder("gpt-4o")
    events = decoder.feed(None, delta({"content": "Hi"}))
    events += decoder.feed(None, delta({}, "stop"))
    events += decoder.feed(None, USAGE_CHUNK)
    assert events == [
        MessageStart("chatcmpl-X", "gpt-4o-2024-08-06"),
        BlockStart(0, "text"),
        BlockDelta(0, "Hi"),
        BlockStop(0),
    ]
    assert decoder.finish() == [MessageEnd("end_turn", Usage(80, 40))]
    assert decoder.finish() == []
    assert decoder.feed(None, b"[DONE]") == []


def test_stream_decoder_cut_before_finish_is_incomplete() -> None:
    check_incomplete(lambda: translator.stream_decoder("gpt-4o"), [delta({"content": "Hi"})])


def test_stream_decoder_done_without_finish_reason_still_ends() -> None:
    assert decode([delta({"content": "Hi"}), b"[DONE]"], finish=True)[-2:] == [
        BlockStop(0),
        MessageEnd("end_turn", Usage()),
    ]
    assert decode([b"[DONE]"]) == [MessageStart("", "gpt-4o"), MessageEnd("end_turn", Usage())]


def test_stream_round_trip_through_encoder_and_decoder() -> None:
    """Trooper's own chunks decode to the events they came from (thinking left out)."""
    items = [
        item[len(b"data: ") :]
        for item in encode_all(TOOL_EVENTS, include_usage=True)[:-2].split(b"\n\n")
    ]
    assert decode(items, finish=True) == [
        MessageStart("chatcmpl-msg_1", "gpt-4o"),
        BlockStart(0, "text"),
        BlockDelta(0, "Checking."),
        BlockStop(0),
        BlockStart(1, "tool_call", id="call_a", name="get_weather"),
        BlockDelta(1, '{"city":'),
        BlockDelta(1, '"Paris"}'),
        BlockStop(1),
        BlockStart(2, "tool_call", id="call_b", name="get_time"),
        BlockDelta(2, '{"tz":"CET"}'),
        BlockStop(2),
        MessageEnd("tool_use", Usage(30, 20)),
    ]
