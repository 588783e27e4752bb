"""The fake upstreams themselves: each wire format, each behaviour, recording and counting.

Plain aiohttp clients check the bytes; the official SDKs check that the formats are the real ones.
Delays are a few tens of milliseconds: these are real sockets, not a mocked clock.
"""

from __future__ import annotations

import asyncio
import re
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from typing import Any

import aiohttp
import anthropic
import openai
import orjson
import pytest

from tests.fakes import bodies
from tests.fakes.upstream import (
    Api,
    CutStream,
    Error,
    ErrorEvent,
    FakeUpstream,
    Hang,
    MalformedChunk,
    NoDone,
    Ok,
    RejectPrefill,
    Reset,
    SlowFirstToken,
    Stall,
    _SharedLoop,
    content_policy,
    context_length,
    credit_balance,
    insufficient_quota,
    overloaded,
    payment_required,
    prefill_rejected,
    rate_limited,
    server_error,
    split,
    unauthorized,
    unavailable,
)
from trooper.errors import Overloaded, RateLimited, ServerError, UpstreamBadRequest
from trooper.model.conversation import JSONObject, JSONValue
from trooper.providers.classify import (
    DEFAULT_QUOTA_CODES,
    classify_response,
    classify_stream_error,
)

APIS: tuple[Api, ...] = ("anthropic", "openai", "gemini", "ollama")
PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"  # a PNG, base64
MODEL = {"anthropic": "claude-haiku-4-5", "openai": "gpt-4o-mini", "ollama": "llama3.2"}
MODEL["gemini"] = "gemini-2.5-flash"


@pytest.fixture(params=APIS)
def fake(request: pytest.FixtureRequest) -> Iterator[FakeUpstream]:
    server = FakeUpstream(request.param).start()
    yield server
    server.stop()


def _fake(api: Api) -> Iterator[FakeUpstream]:
    server = FakeUpstream(api).start()
    yield server
    server.stop()


@pytest.fixture
def claude() -> Iterator[FakeUpstream]:
    yield from _fake("anthropic")


@pytest.fixture
def gpt() -> Iterator[FakeUpstream]:
    yield from _fake("openai")


@pytest.fixture
def gemini() -> Iterator[FakeUpstream]:
    yield from _fake("gemini")


@pytest.fixture
def ollama() -> Iterator[FakeUpstream]:
    yield from _fake("ollama")


# --- a request in each api's format, and a client -------------------------------------------


def path_of(api: Api, stream: bool) -> str:
    if api == "gemini":
        method = "streamGenerateContent?alt=sse" if stream else "generateContent"
        return f"/v1beta/models/{MODEL['gemini']}:{method}"
    return {"anthropic": "/v1/messages", "openai": "/v1/chat/completions"}.get(api, "/api/chat")


def request_body(api: Api, text: str, stream: bool) -> JSONObject:
    """A one-turn request as each api's clients send it."""
    if api == "gemini":
        return {"contents": [{"role": "user", "parts": [{"text": text}]}]}
    body: JSONObject = {"model": MODEL[api], "messages": [{"role": "user", "content": text}]}
    if api == "anthropic":
        body["max_tokens"] = 100
    if api == "openai" and stream:
        body["stream_options"] = {"include_usage": True}
    body["stream"] = stream
    return body


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    raw: bytes
    arrivals: list[tuple[float, bytes]]  # (seconds since the request, bytes) as they came


async def post(
    fake: FakeUpstream, path: str, body: JSONObject | bytes, timeout: float = 5.0
) -> Reply:
    data = body if isinstance(body, bytes) else orjson.dumps(body)
    headers = {"content-type": "application/json", "x-api-key": "sk-ant-test"}
    client_timeout = aiohttp.ClientTimeout(total=timeout)
    async with aiohttp.ClientSession(timeout=client_timeout) as session:
        start = time.monotonic()
        async with session.post(fake.url + path, data=data, headers=headers) as response:
            arrivals = [(time.monotonic() - start, c) async for c in _chunks(response)]
            return Reply(
                response.status, dict(response.headers), b"".join(c for _, c in arrivals), arrivals
            )


async def _chunks(response: aiohttp.ClientResponse) -> AsyncIterator[bytes]:
    async for chunk, _ in response.content.iter_chunks():
        yield chunk


async def get(fake: FakeUpstream, path: str, timeout: float = 5.0) -> Reply:
    async with (
        aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout)) as session,
        session.get(fake.url + path) as response,
    ):
        raw = await response.read()
        return Reply(response.status, dict(response.headers), raw, [])


async def ask(fake: FakeUpstream, text: str = "Hello", stream: bool = False, **kw: float) -> Reply:
    api: Api = fake.api
    return await post(fake, path_of(api, stream), request_body(api, text, stream), **kw)


# --- reading the wire formats back -----------------------------------------------------------


def frames_of(raw: bytes) -> list[bytes]:
    """SSE frames (separated by a blank line, LF or CRLF), or NDJSON lines."""
    if not raw.startswith((b"event:", b"data:")):
        return [line for line in raw.splitlines() if line.strip()]
    return [f for f in re.split(rb"\r\n\r\n|\n\n", raw.strip()) if f.strip()]


def sse(raw: bytes) -> list[tuple[str, str]]:
    """(event name or "", data) of each SSE frame."""
    out = []
    for frame in frames_of(raw):
        fields = dict(line.split(": ", 1) for line in frame.decode().splitlines() if ": " in line)
        out.append((fields.get("event", ""), fields.get("data", "")))
    return out


def payloads(api: Api, raw: bytes) -> list[Any]:
    """The JSON objects of a stream (OpenAI's [DONE] left out)."""
    if api == "ollama":
        return [orjson.loads(line) for line in raw.splitlines() if line.strip()]
    return [orjson.loads(data) for _, data in sse(raw) if data != "[DONE]"]


def streamed_text(api: Api, raw: bytes) -> str:
    """The answer's text, put back together from a stream."""
    pieces: list[str] = []
    for p in payloads(api, raw):
        if api == "anthropic" and p["type"] == "content_block_delta":
            pieces.append(p["delta"]["text"])
        elif api == "openai" and p["choices"]:
            pieces.append(p["choices"][0]["delta"].get("content") or "")
        elif api == "gemini":
            pieces.append(p["candidates"][0]["content"]["parts"][0].get("text", ""))
        elif api == "ollama":
            pieces.append(p["message"]["content"])
    return "".join(pieces)


def whole_text(api: Api, body: Any) -> str:
    if api == "anthropic":
        return str(body["content"][0]["text"])
    if api == "openai":
        return str(body["choices"][0]["message"]["content"])
    if api == "gemini":
        return str(body["candidates"][0]["content"]["parts"][0]["text"])
    return str(body["message"]["content"])


# --- Ok: the formats -------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_whole_answer_and_recording(fake: FakeUpstream) -> None:
    reply = await ask(fake, "Hello there")
    assert reply.status == 200
    assert reply.headers["Content-Type"].startswith("application/json")
    body = orjson.loads(reply.raw)
    assert whole_text(fake.api, body) == f"{fake.api} says: Hello there"
    assert fake.count() == 1
    [rec] = fake.requests
    assert rec.path == path_of(fake.api, False).split("?")[0]
    assert rec.body == request_body(fake.api, "Hello there", False)
    assert rec.headers["x-api-key"] == "sk-ant-test"  # header names lower-cased
    assert rec.stream is False


@pytest.mark.asyncio
async def test_stream_in_pieces(fake: FakeUpstream) -> None:
    reply = await ask(fake, "Stream please", stream=True)
    assert reply.status == 200
    assert streamed_text(fake.api, reply.raw) == f"{fake.api} says: Stream please"
    assert fake.requests[-1].stream is True


def test_split_gives_exactly_the_pieces() -> None:
    assert split("abcdefghij", 3) == ["abcd", "efg", "hij"]
    assert split("ab", 5) == ["a", "b"]
    assert split("", 5) == [""]


@pytest.mark.asyncio
async def test_anthropic_event_sequence(claude: FakeUpstream) -> None:
    reply = await ask(claude, "Hi", stream=True)
    assert reply.headers["Content-Type"] == "text/event-stream"
    names = [name for name, _ in sse(reply.raw)]
    assert names == [
        "message_start",
        "content_block_start",
        "ping",
        *["content_block_delta"] * 5,
        "content_block_stop",
        "message_delta",
        "message_stop",
    ]
    events = payloads("anthropic", reply.raw)
    assert events[0]["message"]["model"] == "claude-haiku-4-5"
    assert events[-2]["usage"]["output_tokens"] > 0
    assert all(name == p["type"] for (name, _), p in zip(sse(reply.raw), events, strict=True))


@pytest.mark.asyncio
async def test_openai_chunks_usage_and_done(gpt: FakeUpstream) -> None:
    reply = await ask(gpt, "Hi", stream=True)
    frames = sse(reply.raw)
    assert frames[-1] == ("", "[DONE]")
    chunks = payloads("openai", reply.raw)
    assert chunks[0]["choices"][0]["delta"]["role"] == "assistant"
    assert chunks[-2]["choices"][0]["finish_reason"] == "stop"
    assert chunks[-1]["choices"] == [] and chunks[-1]["usage"]["total_tokens"] > 0
    assert {c["object"] for c in chunks} == {"chat.completion.chunk"}


@pytest.mark.asyncio
async def test_openai_usage_chunk_only_when_asked(gpt: FakeUpstream) -> None:
    body = request_body("openai", "Hi", True)
    del body["stream_options"]
    reply = await post(gpt, "/chat/completions", body)
    assert all(c["choices"] for c in payloads("openai", reply.raw))


@pytest.mark.asyncio
async def test_gemini_sse_frames_use_crlf_and_end_with_finish_and_usage(
    gemini: FakeUpstream,
) -> None:
    reply = await ask(gemini, "Hi", stream=True)
    assert reply.raw.count(b"\r\n\r\n") == len(frames_of(reply.raw))
    responses = payloads("gemini", reply.raw)
    assert all("finishReason" not in r["candidates"][0] for r in responses[:-1])
    assert responses[-1]["candidates"][0]["finishReason"] == "STOP"
    assert responses[-1]["usageMetadata"]["totalTokenCount"] > 0
    assert {r["modelVersion"] for r in responses} == {"gemini-2.5-flash"}  # the model of the path


@pytest.mark.asyncio
async def test_gemini_stream_without_alt_sse_is_a_json_array(gemini: FakeUpstream) -> None:
    path = "/v1beta/models/gemini-2.0-flash:streamGenerateContent"
    reply = await post(gemini, path, request_body("gemini", "Hi", True))
    array = orjson.loads(reply.raw)
    assert isinstance(array, list) and array[-1]["candidates"][0]["finishReason"] == "STOP"
    assert gemini.requests[-1].stream is True and gemini.requests[-1].query == {}


@pytest.mark.asyncio
async def test_ollama_streams_by_default(ollama: FakeUpstream) -> None:
    body = request_body("ollama", "Hi", False)
    del body["stream"]
    reply = await post(ollama, "/api/chat", body)
    assert reply.headers["Content-Type"] == "application/x-ndjson"
    lines = payloads("ollama", reply.raw)
    assert [line["done"] for line in lines] == [False] * 5 + [True]
    assert lines[-1]["done_reason"] == "stop"
    assert lines[-1]["prompt_eval_count"] > 0 and lines[-1]["eval_count"] > 0
    assert ollama.requests[-1].stream is True


@pytest.mark.asyncio
async def test_ok_text_chunks_and_delay(fake: FakeUpstream) -> None:
    fake.script(Ok(text="abcdef", chunks=3, chunk_delay=0.03))
    reply = await ask(fake, stream=True)
    assert streamed_text(fake.api, reply.raw) == "abcdef"
    assert reply.arrivals[-1][0] >= 0.06


@pytest.mark.asyncio
async def test_a_burst_sends_the_same_stream_in_one_write(fake: FakeUpstream) -> None:
    fake.script(Ok(text="abcdef", chunks=3), Ok(text="abcdef", chunks=3, burst=True))
    paced, burst = (await ask(fake, stream=True)).raw, (await ask(fake, stream=True)).raw
    serial = re.compile(rb"fake\d+|_\d{4,}|\d{10}")  # each answer's own id and time
    assert serial.sub(b"", burst) == serial.sub(b"", paced)
    assert streamed_text(fake.api, burst) == "abcdef"


@pytest.mark.asyncio
async def test_usage_can_be_left_out(fake: FakeUpstream) -> None:
    fake.always(Ok(usage=False))
    whole = (await ask(fake)).raw
    streamed = (await ask(fake, stream=True)).raw
    for raw in (whole, streamed):
        for word in (b"usage", b"prompt_eval_count", b"eval_count", b"input_tokens"):
            assert word not in raw


# --- Ok: what the fake answers ---------------------------------------------------------------

TOOLS: dict[Api, JSONObject] = {
    "anthropic": {"tools": [{"name": "lookup", "input_schema": {"type": "object"}}]},
    "openai": {"tools": [{"type": "function", "function": {"name": "lookup", "parameters": {}}}]},
    "gemini": {"tools": [{"functionDeclarations": [{"name": "lookup", "parameters": {}}]}]},
    "ollama": {"tools": [{"type": "function", "function": {"name": "lookup", "parameters": {}}}]},
}


def tool_call_of(api: Api, body: Any) -> tuple[str, object, str]:
    """(name, arguments, stop reason) of a whole answer's tool call."""
    if api == "anthropic":
        block = body["content"][0]
        return block["name"], block["input"], body["stop_reason"]
    if api == "openai":
        choice = body["choices"][0]
        call = choice["message"]["tool_calls"][0]["function"]
        return call["name"], orjson.loads(call["arguments"]), choice["finish_reason"]
    if api == "gemini":
        call = body["candidates"][0]["content"]["parts"][0]["functionCall"]
        return call["name"], call["args"], body["candidates"][0]["finishReason"]
    call = body["message"]["tool_calls"][0]["function"]
    return call["name"], call["arguments"], body["done_reason"]


STOP = {"anthropic": "tool_use", "openai": "tool_calls", "gemini": "STOP", "ollama": "stop"}


@pytest.mark.asyncio
async def test_tools_offered_get_a_call_of_the_first(fake: FakeUpstream) -> None:
    body = {**request_body(fake.api, "find trooper", False), **TOOLS[fake.api]}
    reply = await post(fake, path_of(fake.api, False), body)
    name, arguments, stop = tool_call_of(fake.api, orjson.loads(reply.raw))
    assert (name, arguments, stop) == ("lookup", {"input": "find trooper"}, STOP[fake.api])


@pytest.mark.asyncio
async def test_streamed_tool_call(fake: FakeUpstream) -> None:
    body = {**request_body(fake.api, "find trooper", True), **TOOLS[fake.api]}
    raw = (await post(fake, path_of(fake.api, True), body)).raw
    text = raw.decode()
    assert "lookup" in text
    arguments = "".join(re.findall(r'"partial_json":"((?:[^"\\]|\\.)*)"', text)) or "".join(
        re.findall(r'"arguments":"((?:[^"\\]|\\.)*)"', text)
    )
    if fake.api in ("anthropic", "openai"):  # arguments arrive as JSON text in pieces
        assert orjson.loads(arguments.replace('\\"', '"')) == {"input": "find trooper"}
    else:  # Gemini and Ollama send the call whole
        assert '"input":"find trooper"' in text


TOOL_RESULT: dict[Api, list[JSONObject]] = {
    "anthropic": [
        {"role": "user", "content": "find trooper"},
        {
            "role": "assistant",
            "content": [{"type": "tool_use", "id": "t1", "name": "lookup", "input": {}}],
        },
        {
            "role": "user",
            "content": [{"type": "tool_result", "tool_use_id": "t1", "content": "42"}],
        },
    ],
    "openai": [
        {"role": "user", "content": "find trooper"},
        {"role": "assistant", "content": None, "tool_calls": [{"id": "c1", "type": "function"}]},
        {"role": "tool", "tool_call_id": "c1", "content": [{"type": "text", "text": "42"}]},
    ],
    "gemini": [
        {"role": "user", "parts": [{"text": "find trooper"}]},
        {"role": "model", "parts": [{"functionCall": {"name": "lookup", "args": {}}}]},
        {
            "role": "user",
            "parts": [{"functionResponse": {"name": "lookup", "response": {"result": "42"}}}],
        },
    ],
    "ollama": [
        {"role": "user", "content": "find trooper"},
        {"role": "assistant", "content": "", "tool_calls": [{"function": {"name": "lookup"}}]},
        {"role": "tool", "content": "42", "tool_name": "lookup"},
    ],
}


@pytest.mark.asyncio
async def test_tool_result_is_acknowledged(fake: FakeUpstream) -> None:
    key = "contents" if fake.api == "gemini" else "messages"
    turns: list[JSONValue] = [*TOOL_RESULT[fake.api]]
    body: JSONObject = {**request_body(fake.api, "", False), key: turns, **TOOLS[fake.api]}
    reply = await post(fake, path_of(fake.api, False), body)
    assert whole_text(fake.api, orjson.loads(reply.raw)) == f"{fake.api} got tool result: 42"


IMAGE: dict[Api, JSONObject] = {
    "anthropic": {
        "role": "user",
        "content": [
            {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": PNG}},
            {"type": "text", "text": "What is this?"},
        ],
    },
    "openai": {
        "role": "user",
        "content": [
            {"type": "text", "text": "What is this?"},
            {"type": "image_url", "image_url": {"url": f"data:image/png;base64,{PNG}"}},
        ],
    },
    "gemini": {"role": "user", "parts": [{"inlineData": {"mimeType": "image/png", "data": PNG}}]},
    "ollama": {"role": "user", "content": "What is this?", "images": [PNG]},
}


@pytest.mark.asyncio
async def test_image_is_seen(fake: FakeUpstream) -> None:
    key = "contents" if fake.api == "gemini" else "messages"
    body: JSONObject = {**request_body(fake.api, "", False), key: [IMAGE[fake.api]]}
    reply = await post(fake, path_of(fake.api, False), body)
    assert whole_text(fake.api, orjson.loads(reply.raw)) == f"{fake.api} sees an image (image/png)"


# --- the official SDKs accept the formats -----------------------------------------------------


@pytest.fixture
def claude_sdk(claude: FakeUpstream) -> Iterator[anthropic.Anthropic]:
    """The official client on the fake (closed after the test: its sockets must not leak)."""
    with anthropic.Anthropic(api_key="k", base_url=claude.url, max_retries=0) as client:
        yield client


@pytest.fixture
def gpt_sdk(gpt: FakeUpstream) -> Iterator[openai.OpenAI]:
    with openai.OpenAI(api_key="k", base_url=gpt.url + "/v1", max_retries=0) as client:
        yield client


def test_anthropic_sdk_reads_the_fake(claude_sdk: anthropic.Anthropic) -> None:
    message = claude_sdk.messages.create(
        model="claude-haiku-4-5", max_tokens=10, messages=[{"role": "user", "content": "Hi"}]
    )
    assert message.content[0].type == "text" and message.content[0].text == "anthropic says: Hi"
    assert message.usage.input_tokens > 0 and message.usage.output_tokens > 0
    tool = {"name": "lookup", "input_schema": {"type": "object"}}
    with claude_sdk.messages.stream(
        model="claude-haiku-4-5",
        max_tokens=10,
        tools=[tool],  # type: ignore[list-item]
        messages=[{"role": "user", "content": "find trooper"}],
    ) as stream:
        final = stream.get_final_message()
    assert final.stop_reason == "tool_use"
    block = final.content[0]
    assert block.type == "tool_use" and block.input == {"input": "find trooper"}


def test_openai_sdk_reads_the_fake(gpt_sdk: openai.OpenAI) -> None:
    stream = gpt_sdk.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": "Count"}],
        stream=True,
        stream_options={"include_usage": True},
    )
    chunks = list(stream)
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == "openai says: Count"
    assert chunks[-1].usage is not None and chunks[-1].usage.completion_tokens > 0
    tools = [{"type": "function", "function": {"name": "lookup", "parameters": {"type": "object"}}}]
    with gpt_sdk.chat.completions.stream(
        model="gpt-4o-mini",
        tools=tools,  # type: ignore[arg-type]
        messages=[{"role": "user", "content": "find trooper"}],
    ) as events:
        final = events.get_final_completion()
    calls = final.choices[0].message.tool_calls
    assert final.choices[0].finish_reason == "tool_calls" and calls
    function = calls[0].function
    assert function.name == "lookup"
    assert orjson.loads(function.arguments) == {"input": "find trooper"}


def test_sdks_see_real_errors(
    claude: FakeUpstream,
    claude_sdk: anthropic.Anthropic,
    gpt: FakeUpstream,
    gpt_sdk: openai.OpenAI,
) -> None:
    claude.script(overloaded("anthropic"))
    with pytest.raises(anthropic.APIStatusError) as caught:
        claude_sdk.messages.create(
            model="claude-haiku-4-5", max_tokens=10, messages=[{"role": "user", "content": "x"}]
        )
    assert caught.value.status_code == 529
    gpt.script(rate_limited("openai", retry_after="3"))
    with pytest.raises(openai.RateLimitError) as limited:
        gpt_sdk.chat.completions.create(
            model="gpt-4o-mini", messages=[{"role": "user", "content": "x"}]
        )
    assert limited.value.code == "rate_limit_exceeded"
    assert limited.value.response.headers["retry-after"] == "3"


# --- Error and its constructors --------------------------------------------------------------


@pytest.mark.asyncio
async def test_error_is_sent_as_is(fake: FakeUpstream) -> None:
    fake.script(Error(418, b'{"error": "teapot"}', {"x-extra": "1"}))
    reply = await ask(fake)
    assert (reply.status, reply.raw, reply.headers["x-extra"]) == (418, b'{"error": "teapot"}', "1")
    assert fake.count() == 1


def test_constructors_pick_real_bodies_and_statuses() -> None:
    assert credit_balance() == Error(400, bodies.ANTHROPIC_CREDIT_BALANCE)
    assert insufficient_quota() == Error(429, bodies.OPENAI_INSUFFICIENT_QUOTA)
    assert insufficient_quota("gemini").body == bodies.GEMINI_DAILY_QUOTA
    assert prefill_rejected() == Error(400, bodies.ANTHROPIC_PREFILL_REJECTED)
    assert overloaded("anthropic").status == 529
    assert [overloaded(api).status for api in APIS[1:]] == [503, 503, 503]
    assert {server_error(api).status for api in APIS} == {500}
    assert {unavailable(api).status for api in APIS} == {503}
    assert {context_length(api).status for api in APIS} == {400}
    assert {payment_required(api).status for api in APIS} == {402}
    assert [unauthorized(api).status for api in APIS] == [401, 401, 400, 401]
    assert content_policy("gemini").status == 200  # Gemini blocks with promptFeedback
    with pytest.raises(ValueError):
        content_policy("ollama")


@pytest.mark.asyncio
async def test_gemini_blocks_a_prompt_with_200(gemini: FakeUpstream) -> None:
    gemini.always(content_policy("gemini"))
    whole = await ask(gemini)
    assert whole.status == 200
    assert orjson.loads(whole.raw)["promptFeedback"]["blockReason"] == "SAFETY"
    streamed = await ask(gemini, stream=True)
    assert streamed.headers["Content-Type"] == "text/event-stream"
    [response] = payloads("gemini", streamed.raw)
    assert response["promptFeedback"]["blockReason"] == "SAFETY"


def test_rate_limited_headers() -> None:
    assert rate_limited("openai").headers == {}
    limited = rate_limited("anthropic", retry_after="7", retry_after_ms="6500")
    assert limited.headers == {"retry-after": "7", "retry-after-ms": "6500"}


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda api: rate_limited(api, retry_after="2"), RateLimited),
        (overloaded, Overloaded),
        (server_error, ServerError),
    ],
)
async def test_constructed_errors_classify_as_intended(
    fake: FakeUpstream, make: Callable[[Api], Error], expected: type
) -> None:
    fake.script(make(fake.api))
    reply = await ask(fake)
    err = classify_response(fake.api, reply.status, reply.headers, reply.raw, DEFAULT_QUOTA_CODES)
    assert type(err) is expected


# --- the queue ---------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_script_then_always_then_reset(gpt: FakeUpstream) -> None:
    gpt.script(server_error("openai"), Ok(text="second"))
    gpt.always(overloaded("openai"))
    statuses = [(await ask(gpt)).status for _ in range(4)]
    assert statuses == [500, 200, 503, 503]
    assert gpt.count() == 4 and len(gpt.requests) == 4
    gpt.reset()
    assert gpt.count() == 0 and gpt.requests == []
    assert (await ask(gpt)).status == 200
    gpt.always(server_error("openai"))
    gpt.always(None)
    assert (await ask(gpt)).status == 200


@pytest.mark.asyncio
async def test_reject_prefill(claude: FakeUpstream) -> None:
    claude.always(RejectPrefill())
    assert (await ask(claude)).status == 200
    body = request_body("anthropic", "hi", False)
    body["messages"] = [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "{"}]
    reply = await post(claude, "/v1/messages", body)
    assert (reply.status, reply.raw) == (400, bodies.ANTHROPIC_PREFILL_REJECTED)


@pytest.mark.asyncio
async def test_reject_prefill_reads_each_api(fake: FakeUpstream) -> None:
    fake.always(RejectPrefill(text="restarted"))
    assert whole_text(fake.api, orjson.loads((await ask(fake)).raw)) == "restarted"
    body = request_body(fake.api, "hi", False)
    if fake.api == "gemini":
        body["contents"] = [
            {"role": "user", "parts": [{"text": "hi"}]},
            {"role": "model", "parts": [{"text": "{"}]},
        ]
    else:
        body["messages"] = [
            {"role": "user", "content": "hi"},
            {"role": "assistant", "content": "{"},
        ]
    reply = await post(fake, path_of(fake.api, False), body)
    assert reply.status == 400
    err = classify_response(fake.api, 400, reply.headers, reply.raw, DEFAULT_QUOTA_CODES)
    assert type(err) is UpstreamBadRequest and "assistant message prefill" in err.message


@pytest.mark.asyncio
async def test_faults_answer_the_given_text(fake: FakeUpstream) -> None:
    text = "The answer is forty-two, as always."
    fake.script(NoDone(text=text), Hang(0.01, text=text), SlowFirstToken(0.01, text=text))
    for _ in range(3):
        assert streamed_text(fake.api, (await ask(fake, stream=True)).raw) == text
    fake.script(CutStream(after=2, text=text))
    with pytest.raises(aiohttp.ClientPayloadError):
        await ask(fake, stream=True)


# --- health and model lists --------------------------------------------------------------------

LISTS = {
    "anthropic": ["/v1/models"],
    "openai": ["/v1/models", "/models", "/health"],
    "gemini": ["/v1beta/models"],
    "ollama": ["/api/tags", "/api/version", "/"],
}


@pytest.mark.asyncio
async def test_model_lists_are_not_counted(fake: FakeUpstream) -> None:
    for path in LISTS[fake.api]:
        reply = await get(fake, path)
        assert reply.status == 200 and reply.raw
    assert fake.count() == 0
    assert [r.path for r in fake.requests] == LISTS[fake.api]
    models = orjson.loads((await get(fake, LISTS[fake.api][0])).raw)
    assert models.get("data") or models.get("models")


@pytest.mark.asyncio
async def test_model_lists_follow_a_down_provider(fake: FakeUpstream) -> None:
    path = LISTS[fake.api][0]
    fake.script(server_error(fake.api))  # the queue is for inference only
    assert (await get(fake, path)).status == 200
    fake.always(unavailable(fake.api))
    assert (await get(fake, path)).status == 503
    fake.always(Reset())
    with pytest.raises(aiohttp.ServerDisconnectedError):
        await get(fake, path)
    fake.always(Hang(0.5))
    with pytest.raises(asyncio.TimeoutError):
        await get(fake, path, timeout=0.05)
    fake.always(CutStream())  # not a down provider for a health check
    assert (await get(fake, path)).status == 200


@pytest.mark.asyncio
async def test_unknown_paths_are_recorded_and_404(fake: FakeUpstream) -> None:
    reply = await post(fake, "/v1/messages/count_tokens", {"model": "m"})
    assert reply.status == 404 and b"no route for POST" in reply.raw
    assert fake.count() == 0 and fake.requests[-1].body == {"model": "m"}


@pytest.mark.asyncio
async def test_gemini_unknown_method_is_404(gemini: FakeUpstream) -> None:
    reply = await post(gemini, "/v1beta/models/gemini-2.5-flash:countTokens", {"contents": []})
    assert reply.status == 404 and gemini.count() == 0


@pytest.mark.asyncio
async def test_body_that_is_not_json(fake: FakeUpstream) -> None:
    reply = await post(fake, path_of(fake.api, False), b"{not json")
    assert reply.status == 400
    assert fake.count() == 1 and fake.requests[-1].body is None


# --- connection faults ---------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_reset_closes_before_headers(fake: FakeUpstream) -> None:
    fake.script(Reset())
    with pytest.raises(aiohttp.ServerDisconnectedError):
        await ask(fake)
    assert fake.count() == 1


@pytest.mark.asyncio
async def test_hang_sends_nothing_then_answers(fake: FakeUpstream) -> None:
    fake.script(Hang(0.5), Hang(0.05))
    with pytest.raises(asyncio.TimeoutError):
        await ask(fake, timeout=0.1)
    reply = await ask(fake, stream=True)
    assert reply.status == 200 and reply.arrivals[0][0] >= 0.05


@pytest.mark.asyncio
async def test_slow_first_token_stream(fake: FakeUpstream) -> None:
    fake.script(SlowFirstToken(0.15))
    api: Api = fake.api
    data = orjson.dumps(request_body(api, "Hi", True))
    async with aiohttp.ClientSession() as session:
        start = time.monotonic()
        async with session.post(fake.url + path_of(api, True), data=data) as response:
            headers_at = time.monotonic() - start
            raw = await response.read()
            total = time.monotonic() - start
    assert response.status == 200
    assert headers_at < 0.1 and total >= 0.15
    assert streamed_text(api, raw) == f"{api} says: Hi"


@pytest.mark.asyncio
async def test_slow_first_token_whole(fake: FakeUpstream) -> None:
    fake.script(SlowFirstToken(0.1))
    reply = await ask(fake)
    assert reply.status == 200 and reply.arrivals[0][0] >= 0.1


@pytest.mark.asyncio
async def test_cut_stream(fake: FakeUpstream) -> None:
    fake.script(CutStream(after=2))
    api: Api = fake.api
    received = b""
    with pytest.raises(aiohttp.ClientPayloadError):
        async with aiohttp.ClientSession() as session:
            body = orjson.dumps(request_body(api, "Hello", True))
            async with session.post(fake.url + path_of(api, True), data=body) as response:
                assert response.status == 200
                async for chunk in response.content.iter_any():
                    received += chunk
    assert streamed_text(api, received) == "".join(split(f"{api} says: Hello", 5)[:2])
    assert b"message_stop" not in received and b"[DONE]" not in received


@pytest.mark.asyncio
async def test_cut_whole_answer(fake: FakeUpstream) -> None:
    fake.script(CutStream())
    with pytest.raises(aiohttp.ClientPayloadError):
        await ask(fake)


@pytest.mark.asyncio
async def test_stall_goes_silent(fake: FakeUpstream) -> None:
    fake.script(Stall(after=1, seconds=5))
    api: Api = fake.api
    received = b""
    async with aiohttp.ClientSession() as session:
        body = orjson.dumps(request_body(api, "Hello", True))
        async with session.post(fake.url + path_of(api, True), data=body) as response:
            with pytest.raises(asyncio.TimeoutError):
                while True:
                    received += await asyncio.wait_for(response.content.readany(), 0.15)
    assert streamed_text(api, received) == split(f"{api} says: Hello", 5)[0]


@pytest.mark.asyncio
async def test_stall_whole_answer(fake: FakeUpstream) -> None:
    fake.script(Stall(seconds=5))
    with pytest.raises(asyncio.TimeoutError):
        await ask(fake, timeout=0.15)


# --- stream content faults -----------------------------------------------------------------------


def _parses(frame: bytes) -> bool:
    data = frame.split(b"data: ", 1)[-1].strip()
    try:
        orjson.loads(data)
    except orjson.JSONDecodeError:
        return data == b"[DONE]"
    return True


@pytest.mark.asyncio
async def test_malformed_chunk_in_a_whole_stream(fake: FakeUpstream) -> None:
    fake.script(MalformedChunk(at=1))
    reply = await ask(fake, "Hello", stream=True)
    frames = frames_of(reply.raw)
    assert [_parses(f) for f in frames].count(False) == 1
    assert not _parses(frames[1])
    good = b"\n\n".join(f for f in frames if _parses(f)) + b"\n\n"
    if fake.api == "ollama":
        good = b"\n".join(f for f in frames if _parses(f))
    assert streamed_text(fake.api, good) == f"{fake.api} says: Hello"


@pytest.mark.asyncio
async def test_malformed_whole_answer(fake: FakeUpstream) -> None:
    fake.script(MalformedChunk())
    reply = await ask(fake)
    assert reply.status == 200
    with pytest.raises(orjson.JSONDecodeError):
        orjson.loads(reply.raw)


FINAL_MARKER = {
    "anthropic": b"event: message_stop",
    "openai": b"data: [DONE]",
    "gemini": b'"finishReason"',
    "ollama": b'"done":true',
}


@pytest.mark.asyncio
async def test_no_done(fake: FakeUpstream) -> None:
    fake.script(NoDone())
    reply = await ask(fake, "Hello", stream=True)  # closes cleanly: no exception
    assert FINAL_MARKER[fake.api] not in reply.raw
    assert streamed_text(fake.api, reply.raw) == f"{fake.api} says: Hello"
    if fake.api == "anthropic":
        assert b"event: message_delta" in reply.raw
    if fake.api == "openai":
        assert b'"finish_reason":"stop"' in reply.raw
    fake.script(NoDone())  # a whole answer has no marker to leave out
    assert whole_text(fake.api, orjson.loads((await ask(fake, "Hi")).raw)) == f"{fake.api} says: Hi"


@pytest.mark.asyncio
async def test_normal_stream_has_its_final_marker(fake: FakeUpstream) -> None:
    assert FINAL_MARKER[fake.api] in (await ask(fake, stream=True)).raw


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("hint", "expected"), [(529, Overloaded), (429, RateLimited), (500, ServerError)]
)
async def test_error_event_first(fake: FakeUpstream, hint: int, expected: type) -> None:
    fake.script(ErrorEvent(status_hint=hint))
    reply = await ask(fake, stream=True)
    assert reply.status == 200
    [frame] = frames_of(reply.raw)
    if fake.api == "anthropic":
        assert frame.startswith(b"event: error\ndata: ")
    payload = frame.split(b"data: ", 1)[-1]
    assert "error" in orjson.loads(payload)
    err = classify_stream_error(fake.api, frame, hint, DEFAULT_QUOTA_CODES)
    # OpenAI's in-stream errors only say "server_error": the payload outranks the hint.
    assert type(err) is (ServerError if fake.api == "openai" and hint == 529 else expected)


@pytest.mark.asyncio
async def test_error_event_whole_answer(fake: FakeUpstream) -> None:
    fake.script(ErrorEvent())
    reply = await ask(fake)
    assert reply.status == 200 and "error" in orjson.loads(reply.raw)


# --- the shared loop ------------------------------------------------------------------------


def test_all_fakes_share_one_daemon_loop_thread() -> None:
    first, second = FakeUpstream("openai").start(), FakeUpstream("gemini").start()
    try:
        loop = _SharedLoop.get()
        threads = [t for t in threading.enumerate() if t.name == "fake-upstreams"]
        assert len(threads) == 1 and threads[0].daemon and loop.is_running()
        assert first.url != second.url and first.url.startswith("http://127.0.0.1:")
    finally:
        first.stop()
        second.stop()


def test_restart_and_context_manager() -> None:
    with FakeUpstream("ollama") as fake:
        url = fake.url
        assert fake.start() is fake and fake.url == url  # start twice: same server
    fake.stop()  # stopping twice is harmless
    fake.start()
    assert fake.url.startswith("http://127.0.0.1:")
    fake.stop()


def test_unknown_api() -> None:
    with pytest.raises(ValueError):
        FakeUpstream("cohere")  # type: ignore[arg-type]
