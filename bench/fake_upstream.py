"""A small, fast fake upstream for the benchmarks: a cloud speaking Anthropic Messages, a local
model speaking Ollama's /api/chat, and a cloud that refuses (402, 429).

    python bench/fake_upstream.py --port 9100

POST /v1/messages                  an Anthropic answer; ``"stream": true`` -> SSE with N deltas
POST /status/{code}/v1/messages    the cloud refuses: 402 (billing), 429 (retry-after: 3600)
POST /api/chat                     an Ollama answer (NDJSON lines when streaming)
POST /v1/chat/completions          a whole OpenAI Chat Completions answer
POST /v1/responses                 a whole OpenAI Responses answer
POST /v1beta/models/{m}:generateContent   a whole Gemini answer
POST /_config                      {"chunks": N, "delay_ms": D, "pause_ms": P}: stream defaults
GET  /_last                        monotonic times of the last refusal and the last local answer
GET  /health, GET /v1/models, GET /v1beta/models   liveness

A stream's size and pace come from the query (``?chunks=N&delay_ms=D&pause_ms=P``), else the
headers ``x-fake-chunks`` / ``x-fake-delay-ms`` / ``x-fake-pause-ms``, else the ``/_config``
defaults: N deltas, D ms between two deltas, and P ms more after the first one (as a real model
pauses between its first tokens; it keeps a time-to-first-byte measure clear of the CPU that
relaying the rest of a burst takes on a small machine). Every delta's text is
``T<send time> `` (``time.monotonic()``, one clock for every process on Linux), so a client can
tell how long each chunk took to reach it, whatever stands in between.

A refusal base URL (``CLAUDE_BASE_URL=http://127.0.0.1:9100/status/402``) lets a proxy under test
be pointed at a failing cloud without touching the fake's state.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import orjson
import uvloop
from aiohttp import web

MODEL = "claude-sonnet-4-6"
ANSWER = "Hello from the fake upstream."
MESSAGE = orjson.dumps(
    {
        "id": "msg_bench",
        "type": "message",
        "role": "assistant",
        "model": MODEL,
        "content": [{"type": "text", "text": ANSWER}],
        "stop_reason": "end_turn",
        "stop_sequence": None,
        "usage": {"input_tokens": 12, "output_tokens": 8},
    }
)
SSE_HEAD = (
    b"event: message_start\ndata: "
    + orjson.dumps(
        {
            "type": "message_start",
            "message": {
                "id": "msg_bench",
                "type": "message",
                "role": "assistant",
                "model": MODEL,
                "content": [],
                "stop_reason": None,
                "usage": {"input_tokens": 12, "output_tokens": 1},
            },
        }
    )
    + b"\n\nevent: content_block_start\ndata: "
    + b'{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\n'
)
SSE_DELTA = (
    b"event: content_block_delta\ndata: "
    b'{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"T%.6f "}}\n\n'
)
SSE_TAIL = (
    b'event: content_block_stop\ndata: {"type":"content_block_stop","index":0}\n\n'
    b"event: message_delta\ndata: "
    b'{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},'
    b'"usage":{"output_tokens":%d}}\n\n'
    b'event: message_stop\ndata: {"type":"message_stop"}\n\n'
)
OLLAMA_MODEL = "qwen2.5:3b"
OLLAMA_WHOLE = orjson.dumps(
    {
        "model": OLLAMA_MODEL,
        "created_at": "2025-01-01T00:00:00Z",
        "message": {"role": "assistant", "content": ANSWER},
        "done": True,
        "done_reason": "stop",
        "prompt_eval_count": 12,
        "eval_count": 8,
    }
)
OPENAI_CHAT = orjson.dumps(
    {
        "id": "chatcmpl-bench",
        "object": "chat.completion",
        "created": 1735689600,
        "model": "gpt-4.1",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": ANSWER},
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 12, "completion_tokens": 8, "total_tokens": 20},
    }
)
OPENAI_RESPONSE = orjson.dumps(
    {
        "id": "resp_bench",
        "object": "response",
        "created_at": 1735689600,
        "status": "completed",
        "model": "gpt-4.1",
        "output": [
            {
                "type": "message",
                "id": "msg_bench",
                "status": "completed",
                "role": "assistant",
                "content": [{"type": "output_text", "text": ANSWER, "annotations": []}],
            }
        ],
        "usage": {"input_tokens": 12, "output_tokens": 8, "total_tokens": 20},
    }
)
GEMINI_ANSWER = orjson.dumps(
    {
        "candidates": [
            {
                "content": {"role": "model", "parts": [{"text": ANSWER}]},
                "finishReason": "STOP",
                "index": 0,
            }
        ],
        "usageMetadata": {"promptTokenCount": 12, "candidatesTokenCount": 8, "totalTokenCount": 20},
        "modelVersion": "gemini-2.5-flash",
        "responseId": "bench",
    }
)
OLLAMA_LINE = (
    b'{"model":"qwen2.5:3b","created_at":"2025-01-01T00:00:00Z",'
    b'"message":{"role":"assistant","content":"T%.6f "},"done":false}\n'
)
OLLAMA_DONE = (
    b'{"model":"qwen2.5:3b","created_at":"2025-01-01T00:00:00Z",'
    b'"message":{"role":"assistant","content":""},"done":true,"done_reason":"stop",'
    b'"prompt_eval_count":12,"eval_count":%d}\n'
)
REFUSALS: dict[int, tuple[bytes, dict[str, str]]] = {
    402: (
        b'{"type":"error","error":{"type":"billing_error",'
        b'"message":"Your credit balance is too low to access the Anthropic API."}}',
        {},
    ),
    429: (
        b'{"type":"error","error":{"type":"rate_limit_error",'
        b'"message":"Number of request tokens has exceeded your per-minute rate limit."}}',
        {"retry-after": "3600"},
    ),
}
JSON = "application/json"


@dataclass(slots=True)
class State:
    """Stream defaults, and the times the failover benchmark reads back."""

    chunks: int = 50
    delay_ms: float = 0.0
    pause_ms: float = 0.0
    refused_at: float = 0.0  # the last refusal, after its bytes went to the socket
    local_in: float = 0.0  # the last local request, when its handler started
    local_first: float = 0.0  # ... and when its first content line went to the socket


STATE = web.AppKey("state", State)


def _is_stream(body: bytes) -> bool:
    # Good enough for the benchmark's clients (orjson, json.dumps): no JSON parse per request.
    return b'"stream":true' in body or b'"stream": true' in body


@dataclass(frozen=True, slots=True)
class Pace:
    chunks: int
    delay_s: float
    pause_s: float

    async def wait(self, sent: int) -> None:
        """The pause before the next delta, ``sent`` deltas having gone."""
        wait = self.delay_s + (self.pause_s if sent == 1 else 0.0)
        if wait:
            await asyncio.sleep(wait)


def _pace(request: web.Request, state: State) -> Pace:
    query, headers = request.query, request.headers
    chunks = query.get("chunks") or headers.get("x-fake-chunks")
    delay = query.get("delay_ms") or headers.get("x-fake-delay-ms")
    pause = query.get("pause_ms") or headers.get("x-fake-pause-ms")
    return Pace(
        int(chunks) if chunks else state.chunks,
        (float(delay) if delay else state.delay_ms) / 1000,
        (float(pause) if pause else state.pause_ms) / 1000,
    )


async def messages(request: web.Request) -> web.StreamResponse:
    body = await request.read()
    if not _is_stream(body):
        return web.Response(body=MESSAGE, content_type=JSON)
    pace = _pace(request, request.app[STATE])
    response = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
    await response.prepare(request)
    await response.write(SSE_HEAD + SSE_DELTA % time.monotonic())
    for sent in range(1, pace.chunks):
        await pace.wait(sent)
        await response.write(SSE_DELTA % time.monotonic())
    await response.write(SSE_TAIL % pace.chunks)
    await response.write_eof()
    return response


async def refuse(request: web.Request) -> web.StreamResponse:
    await request.read()
    code = int(request.match_info["code"])
    body, headers = REFUSALS.get(code, REFUSALS[402])
    response = web.Response(status=code, body=body, content_type=JSON, headers=headers)
    await response.prepare(request)
    await response.write_eof()
    request.app[STATE].refused_at = time.monotonic()
    return response


async def ollama_chat(request: web.Request) -> web.StreamResponse:
    state = request.app[STATE]
    state.local_in = time.monotonic()
    body = await request.read()
    if not _is_stream(body):
        state.local_first = time.monotonic()
        return web.Response(body=OLLAMA_WHOLE, content_type=JSON)
    pace = _pace(request, state)
    response = web.StreamResponse(headers={"Content-Type": "application/x-ndjson"})
    await response.prepare(request)
    await response.write(OLLAMA_LINE % time.monotonic())
    state.local_first = time.monotonic()
    for sent in range(1, pace.chunks):
        await pace.wait(sent)
        await response.write(OLLAMA_LINE % time.monotonic())
    await response.write(OLLAMA_DONE % pace.chunks)
    await response.write_eof()
    return response


def whole(body: bytes) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    """A handler answering every request with ``body`` (the other dialects' front doors are
    measured without streaming)."""

    async def answer(request: web.Request) -> web.StreamResponse:
        await request.read()
        return web.Response(body=body, content_type=JSON)

    return answer


async def configure(request: web.Request) -> web.StreamResponse:
    data = orjson.loads(await request.read())
    state = request.app[STATE]
    state.chunks = int(data.get("chunks", state.chunks))
    state.delay_ms = float(data.get("delay_ms", state.delay_ms))
    state.pause_ms = float(data.get("pause_ms", state.pause_ms))
    return web.Response(body=b"{}", content_type=JSON)


async def last(request: web.Request) -> web.StreamResponse:
    s = request.app[STATE]
    times = {"refused_at": s.refused_at, "local_in": s.local_in, "local_first": s.local_first}
    return web.Response(body=orjson.dumps(times), content_type=JSON)


async def health(request: web.Request) -> web.StreamResponse:
    return web.Response(body=b'{"status":"ok"}', content_type=JSON)


async def models(request: web.Request) -> web.StreamResponse:
    return web.Response(body=b'{"data":[{"id":"%s"}]}' % MODEL.encode(), content_type=JSON)


def create_app() -> web.Application:
    app = web.Application(client_max_size=64 * 1024 * 1024)  # large-request benchmarks
    app[STATE] = State()
    app.router.add_post("/v1/messages", messages)
    app.router.add_post("/status/{code}/v1/messages", refuse)
    app.router.add_post("/api/chat", ollama_chat)
    app.router.add_post("/_config", configure)
    app.router.add_get("/_last", last)
    app.router.add_get("/health", health)
    app.router.add_get("/v1/models", models)
    app.router.add_post("/v1/chat/completions", whole(OPENAI_CHAT))
    app.router.add_post("/v1/responses", whole(OPENAI_RESPONSE))
    app.router.add_post("/v1beta/models/{target}", whole(GEMINI_ANSWER))
    app.router.add_get("/v1beta/models", models)
    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, default=9100)
    args = parser.parse_args()
    asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
    web.run_app(create_app(), host="127.0.0.1", port=args.port, print=None, access_log=None)


if __name__ == "__main__":
    main()
