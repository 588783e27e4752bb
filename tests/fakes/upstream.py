"""Fake upstreams: real HTTP servers on 127.0.0.1 speaking each provider's exact wire format.

    fake = FakeUpstream("anthropic").start()
    fake.script(overloaded("anthropic"), Ok(text="second try"))   # one behaviour per request
    ... point Trooper at fake.url, call it with an SDK ...
    assert fake.count() == 2 and fake.requests[-1].body["model"] == "claude-sonnet-4-6"
    fake.stop()

Every FakeUpstream runs on ONE asyncio loop in ONE daemon thread (started on first use), so
tests on the main thread may call blocking SDKs. Each inference request takes the next scripted
behaviour, else the ``always`` one, else ``Ok()``; every request is recorded (``requests``), and
``count()`` counts the inference ones (model lists and health GETs are not counted).

Routes
    anthropic  POST /v1/messages                      GET /v1/models
    openai     POST /v1/chat/completions, /chat/completions
               POST /v1/responses, /responses  (the Responses API: tests/fakes/responses_wire.py)
               GET /v1/models, /models, /health (llama.cpp)
    gemini     POST /v1beta/models/{model}:generateContent
               POST /v1beta/models/{model}:streamGenerateContent  (?alt=sse: SSE; else a JSON array)
               GET /v1beta/models
    ollama     POST /api/chat  (NDJSON unless "stream": false: Ollama streams by default)
               GET /api/tags, /api/version, /
Any other path is recorded and answered 404. Model lists answer 200 unless the ``always``
behaviour is an :class:`Error`, :class:`Reset` or :class:`Hang`, which they then perform too.

The answer is deterministic: ``"{api} says: {last user text}"``; if the last turn carries a
tool result ``"{api} got tool result: {text}"``; else if the last user turn has an image
``"{api} sees an image ({mime})"``; else if the request offers tools, a call of the first tool
with ``{"input": <last user text>}``. ``Ok(text=...)`` and every other behaviour that answers
(``text=`` on Hang, RejectPrefill and the stream faults) replace it with a fixed text. The model
is the requested one (Gemini: from the path).
An agent's turns: ``CallTool(name, arguments)`` calls that tool (when offered, until its result
comes back), ``Say()`` answers in text although tools are offered.

Wire formats (see the ``*Wire`` classes)
    anthropic  JSON message; SSE ``event:``/``data:`` frames message_start, content_block_start,
               ping, content_block_delta..., content_block_stop, message_delta, message_stop.
    openai     chat.completion; SSE ``data:`` chunks (role chunk, deltas, finish chunk, usage
               chunk with empty choices when stream_options.include_usage), ``data: [DONE]``.
    gemini     GenerateContentResponse; SSE ``data:`` frames separated by CRLF CRLF, one
               response per frame, the last with finishReason and usageMetadata.
    ollama     one JSON object; NDJSON lines, the last ``"done": true`` with done_reason,
               prompt_eval_count and eval_count.

What each fault means for a stream, and for a non-stream request:
    SlowFirstToken  headers (and Anthropic's message_start / OpenAI's role chunk) at once, then
                    ``delay`` before the first content chunk | the whole answer ``delay`` late
    CutStream       ``after`` content chunks, then the connection is aborted | headers and half
                    the body, then aborted
    Stall           ``after`` content chunks, then ``seconds`` of silence, then aborted | half
                    the body, silence, aborted
    MalformedChunk  a broken JSON frame inserted at frame ``at``, the stream otherwise whole |
                    a 200 whose JSON body is cut in half
    NoDone          the final marker is left out and the connection closes cleanly: anthropic
                    no message_stop, openai no ``[DONE]``, gemini no finishReason frame, ollama
                    no ``done: true`` line | a normal answer
    ErrorEvent      a 200 stream whose first event is the api's in-stream error | a 200 whose
                    body is the api's error JSON
"""

from __future__ import annotations

import asyncio
import threading
from collections import deque
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field, replace
from typing import ClassVar, NoReturn, TypeAlias, TypeVar

import orjson
from aiohttp import web

from tests.fakes import bodies
from tests.fakes.bodies import Api
from trooper.model.conversation import JSONObject, JSONValue

__all__ = [
    "Api",
    "Behaviour",
    "CallTool",
    "CutStream",
    "Error",
    "ErrorEvent",
    "FakeUpstream",
    "Hang",
    "MalformedChunk",
    "NoDone",
    "Ok",
    "Recorded",
    "RejectPrefill",
    "Reset",
    "Say",
    "SlowFirstToken",
    "Stall",
    "content_policy",
    "context_length",
    "credit_balance",
    "insufficient_quota",
    "overloaded",
    "payment_required",
    "prefill_rejected",
    "rate_limited",
    "server_error",
    "unauthorized",
    "unavailable",
]

# =============================================================================================
# Behaviours


@dataclass(frozen=True)
class Ok:
    """A normal answer; streams come in ``chunks`` pieces, ``chunk_delay`` seconds apart, or with
    ``burst`` all in one write (as a provider flushes what it held after a pause).

    The Responses API only: ``reasoning`` puts a ``reasoning`` item first, with that
    ``encrypted_content`` and a streamed summary; ``web_search`` a ``web_search_call`` item for
    that query next, and a ``url_citation`` annotation on the answer's text."""

    text: str | None = None
    chunks: int = 5
    chunk_delay: float = 0.0
    burst: bool = False
    usage: bool = True
    reasoning: str | None = None
    web_search: str | None = None


@dataclass(frozen=True)
class Error:
    """An HTTP error with a provider's real body (see the constructors below)."""

    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def credit_balance(cls) -> Error:
        return cls(400, bodies.ANTHROPIC_CREDIT_BALANCE)

    @classmethod
    def insufficient_quota(cls, api: Api = "openai") -> Error:
        return cls(429, bodies.QUOTA_EXHAUSTED[api])

    @classmethod
    def rate_limited(
        cls, api: Api, retry_after: str | None = None, retry_after_ms: str | None = None
    ) -> Error:
        headers = {"retry-after": retry_after, "retry-after-ms": retry_after_ms}
        return cls(429, bodies.RATE_LIMITED[api], {k: v for k, v in headers.items() if v})

    @classmethod
    def overloaded(cls, api: Api) -> Error:
        return cls(529 if api == "anthropic" else 503, bodies.OVERLOADED[api])

    @classmethod
    def server_error(cls, api: Api) -> Error:
        return cls(500, bodies.SERVER_ERROR[api])

    @classmethod
    def unavailable(cls, api: Api) -> Error:
        return cls(503, bodies.UNAVAILABLE[api])

    @classmethod
    def context_length(cls, api: Api) -> Error:
        return cls(400, bodies.CONTEXT_LENGTH[api])

    @classmethod
    def content_policy(cls, api: Api) -> Error:
        """Gemini blocks with HTTP 200 and ``promptFeedback``; Ollama has no such error."""
        if api not in bodies.CONTENT_POLICY:
            raise ValueError(f"{api} has no content policy error")
        return cls(200 if api == "gemini" else 400, bodies.CONTENT_POLICY[api])

    @classmethod
    def unauthorized(cls, api: Api) -> Error:
        """401, except Gemini which answers a bad key with 400 ``API_KEY_INVALID``."""
        status, body = bodies.UNAUTHORIZED[api]
        return cls(status, body)

    @classmethod
    def payment_required(cls, api: Api) -> Error:
        return cls(402, bodies.PAYMENT_REQUIRED[api])

    @classmethod
    def prefill_rejected(cls) -> Error:
        return cls(400, bodies.ANTHROPIC_PREFILL_REJECTED)


# The constructors as plain functions: ``always(overloaded("anthropic"))``.
credit_balance = Error.credit_balance
insufficient_quota = Error.insufficient_quota
rate_limited = Error.rate_limited
overloaded = Error.overloaded
server_error = Error.server_error
unavailable = Error.unavailable
context_length = Error.context_length
content_policy = Error.content_policy
unauthorized = Error.unauthorized
payment_required = Error.payment_required
prefill_rejected = Error.prefill_rejected


@dataclass(frozen=True)
class RejectPrefill:
    """Like ``Ok`` unless the conversation ends with an assistant turn: then the 400 prefill
    rejection of newer Claude models (Anthropic's message, in the api's own error envelope)."""

    text: str | None = None


@dataclass(frozen=True)
class Reset:
    """The connection is closed before any header is sent."""


@dataclass(frozen=True)
class Hang:
    """Nothing is sent for ``seconds`` (no headers); then a normal answer."""

    seconds: float = 30
    text: str | None = None


@dataclass(frozen=True)
class SlowFirstToken:
    delay: float
    text: str | None = None
    reasoning: str | None = None  # the Responses API: a reasoning item, sent at once


@dataclass(frozen=True)
class CutStream:
    after: int = 2
    text: str | None = None


@dataclass(frozen=True)
class Stall:
    after: int = 2
    seconds: float = 30
    text: str | None = None


@dataclass(frozen=True)
class MalformedChunk:
    at: int = 1
    text: str | None = None


@dataclass(frozen=True)
class NoDone:
    text: str | None = None


@dataclass(frozen=True)
class ErrorEvent:
    """``status_hint`` picks the error: 529/503 overloaded, 429 rate limit, else server error."""

    status_hint: int = 529


@dataclass(frozen=True)
class CallTool:
    """An agent's tool turn: a call of tool ``name`` with ``arguments`` when the request offers
    that tool and its last turn is not a tool result; otherwise a text answer (the tool result's
    or the user's text), never a call of another tool."""

    name: str
    arguments: JSONObject = field(default_factory=dict)


@dataclass(frozen=True)
class Say:
    """A text answer (the tool result's or the user's text) even when the request offers tools:
    an agent's turn that needs no tool."""


Behaviour: TypeAlias = (
    Ok
    | CallTool
    | Say
    | Error
    | RejectPrefill
    | Reset
    | Hang
    | SlowFirstToken
    | CutStream
    | Stall
    | MalformedChunk
    | NoDone
    | ErrorEvent
)


@dataclass
class Recorded:
    """One request as the fake received it (header names lower-cased)."""

    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: JSONObject | None
    stream: bool
    peer: int = 0  # the client's port: one port for two requests is one reused connection


# =============================================================================================
# What was asked, and what to answer


@dataclass(frozen=True)
class Ask:
    """The parts of a request that decide the fake's answer."""

    model: str
    user_text: str = ""
    tool_result: str | None = None
    image: str | None = None  # mime type of an image in the last user turn
    tool: str | None = None  # name of the first tool offered
    ends_with_assistant: bool = False
    stream: bool = False
    include_usage: bool = True  # OpenAI: stream_options.include_usage
    size: int = 0  # request bytes, for a token estimate
    arguments: JSONObject | None = None  # CallTool's; else {"input": <last user text>}


@dataclass(frozen=True)
class Answer:
    """What the fake says: text, or one call of ``tool`` with ``arguments``."""

    id: str
    model: str
    text: str = ""
    tool: str | None = None
    arguments: JSONObject = field(default_factory=dict)
    input_tokens: int = 1
    output_tokens: int = 1

    @property
    def arguments_json(self) -> str:
        return orjson.dumps(self.arguments).decode()


def compose(api: str, ask: Ask, ok: Ok, serial: int) -> Answer:
    """The deterministic answer to ``ask`` (see the module docstring)."""
    answer = Answer(id=f"{serial:04d}", model=ask.model, input_tokens=max(1, ask.size // 4))
    calls_tool = ask.tool is not None and ask.tool_result is None and ask.image is None
    if ok.text is None and calls_tool:
        arguments: JSONObject = ask.arguments or {"input": ask.user_text}
        size = len(orjson.dumps(arguments))
        return replace(answer, tool=ask.tool, arguments=arguments, output_tokens=max(1, size // 4))
    text = _answer_text(api, ask, ok)
    return replace(answer, text=text, output_tokens=max(1, len(text) // 4))


def _answer_text(api: str, ask: Ask, ok: Ok) -> str:
    if ok.text is not None:
        return ok.text
    if ask.tool_result is not None:
        return f"{api} got tool result: {ask.tool_result}"
    if ask.image is not None:
        return f"{api} sees an image ({ask.image})"
    return f"{api} says: {ask.user_text}"


def split(text: str, pieces: int) -> list[str]:
    """``text`` cut into exactly ``min(pieces, len(text))`` pieces (at least one)."""
    count = max(1, min(pieces, len(text)))
    size, extra = divmod(len(text), count)
    out: list[str] = []
    start = 0
    for i in range(count):
        end = start + size + (1 if i < extra else 0)
        out.append(text[start:end])
        start = end
    return out


# --- reading requests ------------------------------------------------------------------------


def _obj(value: JSONValue | None) -> JSONObject:
    return value if isinstance(value, dict) else {}


def _objs(value: JSONValue | None) -> list[JSONObject]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _str(value: JSONValue | None) -> str:
    return value if isinstance(value, str) else ""


def _last(items: list[JSONObject], role: str | None = None) -> JSONObject:
    """The last item, or the last with ``role`` (a Gemini content without role is the user's)."""
    for item in reversed(items):
        if role is None or item.get("role", "user") == role:
            return item
    return {}


def _blocks(content: JSONValue | None) -> list[JSONObject]:
    """Message content as parts: a plain string is one text part."""
    if isinstance(content, str):
        return [{"type": "text", "text": content}]
    return _objs(content)


def _texts(parts: list[JSONObject]) -> str:
    return "".join(_str(p.get("text")) for p in parts if p.get("type", "text") == "text")


def result_text(value: JSONValue | None) -> str:
    """A tool result's text: a string, text parts, or an object like ``{"result": "42"}``."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "".join(result_text(v) for v in value)
    if isinstance(value, dict):
        for key in ("text", "content", "result", "output"):
            if key in value:
                return result_text(value[key])
    return orjson.dumps(value).decode()


_MAGIC = {"iVBORw0KGgo": "image/png", "/9j/": "image/jpeg", "R0lGOD": "image/gif"}
_SUFFIXES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif"}


def mime_of_url(url: str) -> str:
    """``data:image/png;base64,...`` -> ``image/png``; else guessed from the file suffix."""
    if url.startswith("data:"):
        return url[5:].split(";", 1)[0].split(",", 1)[0]
    path = url.lower().split("?", 1)[0]
    return next((m for s, m in _SUFFIXES.items() if path.endswith(s)), "image/unknown")


def mime_of_base64(data: str) -> str:
    """Ollama sends bare base64 images: the type is in their first bytes."""
    return next((m for magic, m in _MAGIC.items() if data.startswith(magic)), "image/unknown")


def _first_name(items: list[JSONObject]) -> str | None:
    return next((_str(i.get("name")) for i in items), None)


def read_anthropic(body: JSONObject, target: str) -> Ask:
    messages = _objs(body.get("messages"))
    last = _last(messages)
    user = _blocks(_last(messages, "user").get("content"))
    results = [b for b in _blocks(last.get("content")) if b.get("type") == "tool_result"]
    sources = [_obj(b.get("source")) for b in user if b.get("type") == "image"]
    images = [_str(s.get("media_type")) or mime_of_url(_str(s.get("url"))) for s in sources]
    return Ask(
        model=_str(body.get("model")),
        user_text=_texts(user),
        tool_result=result_text(results[-1].get("content")) if results else None,
        image=images[0] if images else None,
        tool=_first_name(_objs(body.get("tools"))),
        ends_with_assistant=last.get("role") == "assistant",
        stream=body.get("stream") is True,
    )


def read_openai(body: JSONObject, target: str) -> Ask:
    messages = _objs(body.get("messages"))
    last = _last(messages)
    user = _blocks(_last(messages, "user").get("content"))
    urls = [_str(_obj(p.get("image_url")).get("url")) for p in user if p.get("type") == "image_url"]
    return Ask(
        model=_str(body.get("model")),
        user_text=_texts(user),
        tool_result=result_text(last.get("content")) if last.get("role") == "tool" else None,
        image=mime_of_url(urls[0]) if urls else None,
        tool=_first_name([_obj(t.get("function")) for t in _objs(body.get("tools"))]),
        ends_with_assistant=last.get("role") == "assistant",
        stream=body.get("stream") is True,
        include_usage=_obj(body.get("stream_options")).get("include_usage") is True,
    )


def read_gemini(body: JSONObject, target: str) -> Ask:
    contents = _objs(body.get("contents"))
    last = _last(contents)
    user = _objs(_last(contents, "user").get("parts"))
    answers = [_obj(p.get("functionResponse")) for p in _objs(last.get("parts"))]
    answers = [a for a in answers if a]
    # Google's JSON parser takes snake_case too (google-genai sends "inlineData": {"mime_type"})
    media = [_obj(p.get("inlineData") or p.get("inline_data") or p.get("fileData")) for p in user]
    images = [_str(m.get("mimeType") or m.get("mime_type")) for m in media if m]
    tools = [d for t in _objs(body.get("tools")) for d in _objs(t.get("functionDeclarations"))]
    model, _, method = target.partition(":")
    return Ask(
        model=model,
        user_text="".join(_str(p.get("text")) for p in user),
        tool_result=result_text(answers[-1].get("response")) if answers else None,
        image=images[0] if images else None,
        tool=_first_name(tools),
        ends_with_assistant=last.get("role") == "model",
        stream=method == "streamGenerateContent",
    )


def read_ollama(body: JSONObject, target: str) -> Ask:
    messages = _objs(body.get("messages"))
    last = _last(messages)
    user = _last(messages, "user")
    images = user.get("images")
    first_image = images[0] if isinstance(images, list) and images else None
    return Ask(
        model=_str(body.get("model")),
        user_text=_str(user.get("content")),
        tool_result=result_text(last.get("content")) if last.get("role") == "tool" else None,
        image=mime_of_base64(first_image) if isinstance(first_image, str) else None,
        tool=_first_name([_obj(t.get("function")) for t in _objs(body.get("tools"))]),
        ends_with_assistant=last.get("role") == "assistant",
        stream=body.get("stream") is not False,  # Ollama streams unless told not to
    )


# =============================================================================================
# Wire formats


@dataclass(frozen=True)
class Frames:
    """A stream: ``head`` frames, one frame per ``content`` piece, ``tail``, the final ``done``."""

    head: tuple[bytes, ...]
    content: tuple[bytes, ...]
    tail: tuple[bytes, ...]
    done: tuple[bytes, ...]

    def all(self) -> list[bytes]:
        return [*self.head, *self.content, *self.tail, *self.done]


def _json(value: JSONValue) -> bytes:
    return orjson.dumps(value)


def _one_line(body: bytes) -> bytes:
    """An error body on one line (OpenAI's and Google's are pretty-printed)."""
    return orjson.dumps(orjson.loads(body))


CREATED = 1_700_000_000  # a fixed clock: answers are deterministic


class Wire:
    """One api's wire format: whole answers, streams, in-stream errors and the model list."""

    stream_type: ClassVar[str] = "text/event-stream"
    broken: ClassVar[bytes] = b""  # a frame whose JSON is cut off

    def whole(self, a: Answer, usage: bool) -> JSONValue:
        raise NotImplementedError

    def frames(self, a: Answer, ask: Ask, ok: Ok) -> Frames:
        raise NotImplementedError

    def frame(self, payload: bytes) -> bytes:
        """One JSON payload (an in-stream error, say) framed as this api streams."""
        return b"data: " + _one_line(payload) + b"\n\n"

    def models(self) -> JSONObject:
        raise NotImplementedError


class AnthropicWire(Wire):
    """Messages API: ``event: <type>`` + ``data: <json>`` SSE frames."""

    broken = b'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"del\n\n'

    @staticmethod
    def _event(data: JSONObject) -> bytes:
        return b"event: " + _str(data["type"]).encode() + b"\ndata: " + _json(data) + b"\n\n"

    @staticmethod
    def _usage(input_tokens: int, output_tokens: int) -> JSONObject:
        return {
            "input_tokens": input_tokens,
            "cache_creation_input_tokens": 0,
            "cache_read_input_tokens": 0,
            "output_tokens": output_tokens,
        }

    @staticmethod
    def _block(a: Answer, whole: bool) -> JSONObject:
        if a.tool:
            arguments: JSONObject = a.arguments if whole else {}
            return {
                "type": "tool_use",
                "id": f"toolu_fake{a.id}",
                "name": a.tool,
                "input": arguments,
            }
        return {"type": "text", "text": a.text if whole else ""}

    def _message(self, a: Answer, usage: JSONObject | None, whole: bool) -> JSONObject:
        message: JSONObject = {
            "id": f"msg_fake{a.id}",
            "type": "message",
            "role": "assistant",
            "model": a.model,
            "content": [self._block(a, whole)] if whole else [],
            "stop_reason": ("tool_use" if a.tool else "end_turn") if whole else None,
            "stop_sequence": None,
        }
        if usage is not None:
            message["usage"] = usage
        return message

    def whole(self, a: Answer, usage: bool) -> JSONValue:
        return self._message(
            a, self._usage(a.input_tokens, a.output_tokens) if usage else None, True
        )

    def frames(self, a: Answer, ask: Ask, ok: Ok) -> Frames:
        deltas: list[JSONObject] = (
            [
                {"type": "input_json_delta", "partial_json": p}
                for p in split(a.arguments_json, ok.chunks)
            ]
            if a.tool
            else [{"type": "text_delta", "text": p} for p in split(a.text, ok.chunks)]
        )
        stop: JSONObject = {
            "stop_reason": "tool_use" if a.tool else "end_turn",
            "stop_sequence": None,
        }
        end: JSONObject = {"type": "message_delta", "delta": stop}
        if ok.usage:
            end["usage"] = {"output_tokens": a.output_tokens}
        start = self._message(a, self._usage(a.input_tokens, 1) if ok.usage else None, False)
        block = self._block(a, False)
        e = self._event
        return Frames(
            head=(
                e({"type": "message_start", "message": start}),
                e({"type": "content_block_start", "index": 0, "content_block": block}),
                e({"type": "ping"}),
            ),
            content=tuple(
                e({"type": "content_block_delta", "index": 0, "delta": d}) for d in deltas
            ),
            tail=(e({"type": "content_block_stop", "index": 0}), e(end)),
            done=(e({"type": "message_stop"}),),
        )

    def frame(self, payload: bytes) -> bytes:
        """Named after its ``type``: an error body makes ``event: error``."""
        return self._event(orjson.loads(payload))

    def models(self) -> JSONObject:
        data: list[JSONValue] = [
            {"type": "model", "id": m, "display_name": name, "created_at": day + "T00:00:00Z"}
            for m, name, day in (
                ("claude-sonnet-4-6", "Claude Sonnet 4.5", "2025-09-29"),
                ("claude-haiku-4-5-20251001", "Claude Haiku 4.5", "2025-10-15"),
                ("claude-opus-4-1-20250805", "Claude Opus 4.1", "2025-08-05"),
            )
        ]
        first, last = "claude-sonnet-4-6", "claude-opus-4-1-20250805"
        return {"data": data, "has_more": False, "first_id": first, "last_id": last}


class OpenAIWire(Wire):
    """Chat Completions: ``data: <chunk>`` SSE frames, then ``data: [DONE]``."""

    broken = b'data: {"id":"chatcmpl-fake","object":"chat.completion.chunk","choices":[{"ind\n\n'

    @staticmethod
    def _finish(a: Answer) -> str:
        return "tool_calls" if a.tool else "stop"

    @staticmethod
    def _usage(a: Answer) -> JSONObject:
        total = a.input_tokens + a.output_tokens
        return {
            "prompt_tokens": a.input_tokens,
            "completion_tokens": a.output_tokens,
            "total_tokens": total,
        }

    @staticmethod
    def _call(a: Answer, arguments: str) -> JSONObject:
        function: JSONObject = {"name": a.tool, "arguments": arguments}
        return {"id": f"call_fake{a.id}", "type": "function", "function": function}

    @staticmethod
    def _envelope(a: Answer, kind: str, choices: list[JSONValue]) -> JSONObject:
        return {
            "id": f"chatcmpl-fake{a.id}",
            "object": kind,
            "created": CREATED,
            "model": a.model,
            "system_fingerprint": "fp_fake",
            "choices": choices,
        }

    def whole(self, a: Answer, usage: bool) -> JSONValue:
        message: JSONObject = {"role": "assistant", "content": a.text, "refusal": None}
        if a.tool:
            message.update(content=None, tool_calls=[self._call(a, a.arguments_json)])
        choice: JSONObject = {"index": 0, "message": message, "logprobs": None}
        choice["finish_reason"] = self._finish(a)
        body = self._envelope(a, "chat.completion", [choice])
        if usage:
            body["usage"] = self._usage(a)
        return body

    def _chunk(self, a: Answer, delta: JSONObject, finish: str | None = None) -> bytes:
        choice: JSONObject = {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}
        return b"data: " + _json(self._envelope(a, "chat.completion.chunk", [choice])) + b"\n\n"

    def frames(self, a: Answer, ask: Ask, ok: Ok) -> Frames:
        first: JSONObject = {"role": "assistant", "content": "", "refusal": None}
        deltas: list[JSONObject] = [{"content": p} for p in split(a.text, ok.chunks)]
        if a.tool:
            first = {
                "role": "assistant",
                "content": None,
                "tool_calls": [{"index": 0, **self._call(a, "")}],
            }
            pieces = split(a.arguments_json, ok.chunks)
            deltas = [{"tool_calls": [{"index": 0, "function": {"arguments": p}}]} for p in pieces]
        tail = [self._chunk(a, {}, self._finish(a))]
        if ok.usage and ask.include_usage:
            usage_chunk = self._envelope(a, "chat.completion.chunk", [])
            usage_chunk["usage"] = self._usage(a)
            tail.append(b"data: " + _json(usage_chunk) + b"\n\n")
        return Frames(
            head=(self._chunk(a, first),),
            content=tuple(self._chunk(a, d) for d in deltas),
            tail=tuple(tail),
            done=(b"data: [DONE]\n\n",),
        )

    def models(self) -> JSONObject:
        data: list[JSONValue] = [
            {"id": m, "object": "model", "created": created, "owned_by": "system"}
            for m, created in (
                ("gpt-4o-mini", 1721172741),
                ("gpt-4o", 1715367049),
                ("gpt-4.1-mini", 1744318173),
            )
        ]
        return {"object": "list", "data": data}


class GeminiWire(Wire):
    """generateContent: one GenerateContentResponse; with ``alt=sse`` one per ``data:`` frame,
    frames separated by CRLF CRLF as Google sends them."""

    broken = b'data: {"candidates":[{"content":{"parts":[{"text":"bro\r\n\r\n'

    @staticmethod
    def _response(a: Answer, parts: list[JSONValue], last: bool, usage: bool) -> JSONObject:
        candidate: JSONObject = {"content": {"parts": parts, "role": "model"}, "index": 0}
        if last:
            candidate["finishReason"] = "STOP"
        body: JSONObject = {"candidates": [candidate]}
        if usage:
            total = a.input_tokens + a.output_tokens
            body["usageMetadata"] = {
                "promptTokenCount": a.input_tokens,
                "candidatesTokenCount": a.output_tokens,
                "totalTokenCount": total,
            }
        body.update(modelVersion=a.model, responseId=f"fake{a.id}")
        return body

    @staticmethod
    def _part(a: Answer) -> JSONObject:
        if a.tool:
            return {"functionCall": {"name": a.tool, "args": a.arguments}}
        return {"text": a.text}

    def whole(self, a: Answer, usage: bool) -> JSONValue:
        return self._response(a, [self._part(a)], True, usage)

    def pieces(self, a: Answer, ok: Ok) -> list[JSONObject]:
        """The streamed responses; a function call is never split."""
        parts: list[JSONValue] = (
            [self._part(a)] if a.tool else [{"text": p} for p in split(a.text, ok.chunks)]
        )
        return [self._response(a, [part], False, False) for part in parts]

    def final(self, a: Answer, ok: Ok) -> JSONObject:
        return self._response(a, [{"text": ""}], True, ok.usage)

    def array(self, a: Answer, ok: Ok) -> JSONValue:
        """streamGenerateContent without ``alt=sse``: a JSON array of the responses."""
        return [*self.pieces(a, ok), self.final(a, ok)]

    def frames(self, a: Answer, ask: Ask, ok: Ok) -> Frames:
        return Frames(
            head=(),
            content=tuple(self._data(p) for p in self.pieces(a, ok)),
            tail=(),
            done=(self._data(self.final(a, ok)),),
        )

    @staticmethod
    def _data(body: JSONObject) -> bytes:
        return b"data: " + _json(body) + b"\r\n\r\n"

    def frame(self, payload: bytes) -> bytes:
        return b"data: " + _one_line(payload) + b"\r\n\r\n"

    def models(self) -> JSONObject:
        methods: list[JSONValue] = ["generateContent", "countTokens", "createCachedContent"]
        data: list[JSONValue] = [
            {
                "name": f"models/{m}",
                "version": "001",
                "displayName": name,
                "inputTokenLimit": 1048576,
                "outputTokenLimit": out,
                "supportedGenerationMethods": methods,
            }
            for m, name, out in (
                ("gemini-2.5-flash", "Gemini 2.5 Flash", 65536),
                ("gemini-2.5-pro", "Gemini 2.5 Pro", 65536),
                ("gemini-2.0-flash", "Gemini 2.0 Flash", 8192),
            )
        ]
        return {"models": data}


class OllamaWire(Wire):
    """/api/chat: one JSON object, or NDJSON lines ending with ``"done": true``."""

    stream_type = "application/x-ndjson"
    broken = b'{"model":"fake","created_at":"2025-01-01T00:00:00Z","message":{"role":"assis\n'
    created_at = "2025-01-01T00:00:00.000000Z"

    @staticmethod
    def _message(a: Answer, content: str, tool: bool) -> JSONObject:
        message: JSONObject = {"role": "assistant", "content": content}
        if tool:
            function: JSONObject = {"name": a.tool, "arguments": a.arguments}
            message["tool_calls"] = [{"function": function}]
        return message

    def _final(self, a: Answer, message: JSONObject, usage: bool) -> JSONObject:
        body: JSONObject = {
            "model": a.model,
            "created_at": self.created_at,
            "message": message,
            "done_reason": "stop",
            "done": True,
            "total_duration": 1_234_567_890,
            "load_duration": 12_345_678,
        }
        if usage:
            body.update(prompt_eval_count=a.input_tokens, prompt_eval_duration=123_456_789)
            body.update(eval_count=a.output_tokens, eval_duration=987_654_321)
        return body

    def whole(self, a: Answer, usage: bool) -> JSONValue:
        return self._final(a, self._message(a, a.text, bool(a.tool)), usage)

    def frames(self, a: Answer, ask: Ask, ok: Ok) -> Frames:
        messages = (
            [self._message(a, "", True)]
            if a.tool
            else [self._message(a, p, False) for p in split(a.text, ok.chunks)]
        )
        lines: list[JSONObject] = [
            {"model": a.model, "created_at": self.created_at, "message": m, "done": False}
            for m in messages
        ]
        last = self._final(a, {"role": "assistant", "content": ""}, ok.usage)
        return Frames(
            head=(),
            content=tuple(_json(line) + b"\n" for line in lines),
            tail=(),
            done=(_json(last) + b"\n",),
        )

    def frame(self, payload: bytes) -> bytes:
        return _one_line(payload) + b"\n"

    def models(self) -> JSONObject:
        data: list[JSONValue] = [
            {
                "name": name,
                "model": name,
                "modified_at": "2025-01-10T11:33:42.873052+01:00",
                "size": size,
                "digest": digest,
                "details": {
                    "parent_model": "",
                    "format": "gguf",
                    "family": family,
                    "families": [family],
                    "parameter_size": params,
                    "quantization_level": "Q4_K_M",
                },
            }
            for name, size, digest, family, params in (
                ("llama3.2:latest", 2019393189, "a80c4f17acd5", "llama", "3.2B"),
                ("qwen2.5:7b", 4683087332, "845dbda0ea48", "qwen2", "7.6B"),
            )
        ]
        return {"models": data}


WIRES: dict[Api, Wire] = {
    "anthropic": AnthropicWire(),
    "openai": OpenAIWire(),
    "gemini": GeminiWire(),
    "ollama": OllamaWire(),
}
READERS: dict[Api, Callable[[JSONObject, str], Ask]] = {
    "anthropic": read_anthropic,
    "openai": read_openai,
    "gemini": read_gemini,
    "ollama": read_ollama,
}

# =============================================================================================
# The server

# (method, path, kind): "infer" answers per behaviour; the others are health and model lists.
ROUTES: dict[Api, tuple[tuple[str, str, str], ...]] = {
    "anthropic": (("POST", "/v1/messages", "infer"), ("GET", "/v1/models", "models")),
    "openai": (
        ("POST", "/v1/chat/completions", "infer"),
        ("POST", "/chat/completions", "infer"),
        ("POST", "/v1/responses", "infer"),
        ("POST", "/responses", "infer"),
        ("GET", "/v1/models", "models"),
        ("GET", "/models", "models"),
        ("GET", "/health", "health"),
    ),
    "gemini": (
        ("POST", "/v1beta/models/{target}", "infer"),
        ("GET", "/v1beta/models", "models"),
    ),
    "ollama": (
        ("POST", "/api/chat", "infer"),
        ("GET", "/api/tags", "models"),
        ("GET", "/api/version", "version"),
        ("GET", "/", "root"),
    ),
}


GEMINI_METHODS = (":generateContent", ":streamGenerateContent")


@dataclass(frozen=True)
class Plan:
    """How to send a stream: frames with the pause before each, then an end."""

    steps: tuple[tuple[float, bytes], ...]
    silence: float = 0.0  # after the last frame, before the end
    abort: bool = False  # end by dropping the connection instead of a clean close


def stream_plan(wire: Wire, frames: Frames, behaviour: Behaviour, ok: Ok) -> Plan:
    """The frames a stream sends under ``behaviour``."""
    head = tuple((0.0, f) for f in frames.head)
    after = tuple((0.0, f) for f in (*frames.tail, *frames.done))
    match behaviour:
        case SlowFirstToken(delay=delay):
            content = tuple((delay if i == 0 else 0.0, f) for i, f in enumerate(frames.content))
            return Plan(head + content + after)
        case CutStream(after=n):
            return Plan(head + tuple((0.0, f) for f in frames.content[:n]), abort=True)
        case Stall(after=n, seconds=seconds):
            sent = head + tuple((0.0, f) for f in frames.content[:n])
            return Plan(sent, silence=seconds, abort=True)
        case MalformedChunk(at=at):
            every = frames.all()
            every.insert(min(max(at, 0), len(every)), wire.broken)
            return Plan(tuple((0.0, f) for f in every))
        case NoDone():
            rest = (*frames.content, *frames.tail)
            return Plan(head + tuple((0.0, f) for f in rest))
    if ok.burst:
        return Plan(((0.0, b"".join(frames.all())),))
    pause = ok.chunk_delay
    content = tuple((pause if i else 0.0, f) for i, f in enumerate(frames.content))
    return Plan(head + content + after)


def offered_tools(body: JSONObject) -> list[str]:
    """The names of the tools a request offers, in any api's format."""
    tools = _objs(body.get("tools"))
    gemini = [d for t in tools for d in _objs(t.get("functionDeclarations"))]
    return [_str(t.get("name") or _obj(t.get("function")).get("name")) for t in tools + gemini]


def tool_turn(ask: Ask, call: CallTool | Say, body: JSONObject) -> Ask:
    """``ask`` made to call ``call.name`` (if offered and not already answered) or to say text."""
    if isinstance(call, CallTool) and ask.tool_result is None and call.name in offered_tools(body):
        return replace(ask, tool=call.name, arguments=call.arguments)
    return replace(ask, tool=None)


def prefill_rejection(api: Api) -> bytes:
    """Anthropic's refusal of an assistant prefill, in the api's own error envelope."""
    if api == "anthropic":
        return bodies.ANTHROPIC_PREFILL_REJECTED
    message = _str(orjson.loads(bodies.ANTHROPIC_PREFILL_REJECTED)["error"]["message"])
    return _json(_bad_request(api, message))


def in_stream_error(api: Api, status_hint: int) -> bytes:
    """The body of an in-stream error: overloaded (529/503), rate limit (429), else server."""
    if status_hint in (503, 529):
        return bodies.OVERLOADED[api]
    if status_hint == 429:
        return bodies.RATE_LIMITED[api]
    return bodies.SERVER_ERROR[api]


async def drop(request: web.BaseRequest) -> NoReturn:
    """Abort the connection (no clean close); the handler is then cancelled by aiohttp."""
    if request.transport is not None:
        request.transport.abort()
    await asyncio.Event().wait()
    raise AssertionError("unreachable")


def _json_response(
    body: JSONValue | bytes, status: int = 200, headers: dict[str, str] | None = None
) -> web.Response:
    raw = body if isinstance(body, bytes) else _json(body)
    return web.Response(
        status=status, body=raw, headers={"Content-Type": "application/json", **(headers or {})}
    )


@dataclass
class Call:
    """One inference request being answered."""

    api: Api
    wire: Wire
    request: web.Request
    ask: Ask
    serial: int

    @property
    def sse(self) -> bool:
        """A framed stream (Gemini streams without ``alt=sse`` are one JSON array)."""
        gemini_array = self.api == "gemini" and self.request.query.get("alt") != "sse"
        return self.ask.stream and not gemini_array

    def body(self, ok: Ok) -> JSONValue:
        answer = compose(self.api, self.ask, ok, self.serial)
        if self.api == "gemini" and self.ask.stream and isinstance(self.wire, GeminiWire):
            return self.wire.array(answer, ok)
        return self.wire.whole(answer, ok.usage)

    async def perform(self, behaviour: Behaviour) -> web.StreamResponse:
        match behaviour:
            case Error(status=200) if self.sse:  # Gemini's blocked prompt, streamed
                return await self.send(Plan(((0.0, self.wire.frame(behaviour.body)),)))
            case Error():
                return _json_response(behaviour.body, behaviour.status, behaviour.headers)
            case Reset():
                await drop(self.request)
            case Hang(seconds=seconds, text=text):
                await asyncio.sleep(seconds)
                return await self.answer(Ok(text), Ok(text))
            case RejectPrefill(text=text):
                if self.ask.ends_with_assistant:
                    return _json_response(prefill_rejection(self.api), 400)
                return await self.answer(Ok(text), Ok(text))
            case Ok():
                return await self.answer(behaviour, behaviour)
            case CallTool() | Say():
                self.ask = tool_turn(self.ask, behaviour, await self.request.json())
                return await self.answer(Ok(), Ok())
            case (
                SlowFirstToken(text=text)
                | CutStream(text=text)
                | Stall(text=text)
                | MalformedChunk(text=text)
                | NoDone(text=text)
            ):
                reasoning = behaviour.reasoning if isinstance(behaviour, SlowFirstToken) else None
                return await self.answer(behaviour, Ok(text, reasoning=reasoning))
        return await self.answer(behaviour, Ok())

    async def answer(self, behaviour: Behaviour, ok: Ok) -> web.StreamResponse:
        if self.sse:
            return await self.stream(behaviour, ok)
        return await self.whole(behaviour, ok)

    async def stream(self, behaviour: Behaviour, ok: Ok) -> web.StreamResponse:
        if isinstance(behaviour, ErrorEvent):
            error = in_stream_error(self.api, behaviour.status_hint)
            return await self.send(Plan(((0.0, self.wire.frame(error)),)))
        frames = self.wire.frames(compose(self.api, self.ask, ok, self.serial), self.ask, ok)
        return await self.send(stream_plan(self.wire, frames, behaviour, ok))

    async def send(self, plan: Plan) -> web.StreamResponse:
        response = web.StreamResponse(
            headers={"Content-Type": self.wire.stream_type, "Cache-Control": "no-cache"}
        )
        await response.prepare(self.request)
        for pause, frame in plan.steps:
            if pause:
                await asyncio.sleep(pause)
            await response.write(frame)
        if plan.silence:
            await asyncio.sleep(plan.silence)
        if plan.abort:
            await drop(self.request)
        await response.write_eof()
        return response

    async def whole(self, behaviour: Behaviour, ok: Ok) -> web.StreamResponse:
        raw = _json(self.body(ok))
        match behaviour:
            case SlowFirstToken(delay=delay):
                await asyncio.sleep(delay)
            case CutStream():
                return await self.partial(raw, 0.0)
            case Stall(seconds=seconds):
                return await self.partial(raw, seconds)
            case MalformedChunk():
                return _json_response(raw[: len(raw) // 2])
            case ErrorEvent(status_hint=hint):
                return _json_response(_one_line(in_stream_error(self.api, hint)))
        return _json_response(raw)

    async def partial(self, raw: bytes, silence: float) -> NoReturn:
        """Headers announcing the whole body, half of it, (silence,) then a dropped connection."""
        response = web.StreamResponse(headers={"Content-Type": "application/json"})
        response.content_length = len(raw)
        await response.prepare(self.request)
        await response.write(raw[: len(raw) // 2])
        if silence:
            await asyncio.sleep(silence)
        await drop(self.request)


class FakeUpstream:
    """A fake provider API on 127.0.0.1 (see the module docstring)."""

    def __init__(self, api: Api) -> None:
        if api not in WIRES:
            raise ValueError(f"unknown api {api!r}")
        self.api: Api = api
        self.url = ""
        self.requests: list[Recorded] = []
        self._wire = WIRES[api]
        self._lock = threading.Lock()
        self._queue: deque[Behaviour] = deque()
        self._always: Behaviour | None = None
        self._inferences = 0
        self._runner: web.AppRunner | None = None

    # --- driven by tests (main thread) -----------------------------------------------------

    def start(self) -> FakeUpstream:
        """Bind 127.0.0.1 on a free port; ``url`` is then set."""
        if self._runner is None:
            self._runner, port = _on_loop(self._serve())
            self.url = f"http://127.0.0.1:{port}"
        return self

    def stop(self) -> None:
        runner, self._runner = self._runner, None
        if runner is not None:
            _on_loop(runner.cleanup())

    def script(self, *behaviours: Behaviour) -> None:
        """Queue behaviours: each inference request takes the next one."""
        with self._lock:
            self._queue.extend(behaviours)

    def always(self, behaviour: Behaviour | None) -> None:
        """The behaviour once the queue is empty (``None``: ``Ok()``)."""
        with self._lock:
            self._always = behaviour

    def reset(self) -> None:
        with self._lock:
            self._queue.clear()
            self._always = None
            self._inferences = 0
            self.requests.clear()

    def count(self) -> int:
        """Inference requests received (model lists and health checks not counted)."""
        with self._lock:
            return self._inferences

    def __enter__(self) -> FakeUpstream:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()

    # --- on the shared loop ------------------------------------------------------------------

    async def _serve(self) -> tuple[web.AppRunner, int]:
        app = web.Application(client_max_size=256 * 1024 * 1024)
        handlers: dict[str, Callable[[web.Request], Awaitable[web.StreamResponse]]] = {
            "infer": self._infer
        }
        for method, path, kind in ROUTES[self.api]:
            app.router.add_route(method, path, handlers.get(kind, self._info))
        app.router.add_route("*", "/{tail:.*}", self._unknown)
        # handler_cancellation: a client that hangs up ends a Hang or a Stall at once.
        runner = web.AppRunner(
            app, access_log=None, handler_cancellation=True, shutdown_timeout=0.1
        )
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        return runner, int(runner.addresses[0][1])

    def _record(self, request: web.Request, body: JSONObject | None, stream: bool) -> None:
        headers = {k.lower(): v for k, v in request.headers.items()}
        peer = request.transport.get_extra_info("peername") if request.transport else None
        port = int(peer[1]) if peer else 0
        self.requests.append(
            Recorded(request.path, dict(request.query), headers, body, stream, port)
        )

    def _next(self) -> tuple[Behaviour, int]:
        """The behaviour for the next inference request, and that request's serial number."""
        with self._lock:
            self._inferences += 1
            behaviour = self._queue.popleft() if self._queue else self._always or Ok()
            return behaviour, self._inferences

    async def _infer(self, request: web.Request) -> web.StreamResponse:
        raw = await request.read()
        body = _parse(raw)
        target = request.match_info.get("target", "")
        if self.api == "gemini" and not target.endswith(GEMINI_METHODS):
            return await self._unknown(request)
        wire, reader = self._wire, READERS[self.api]
        if request.path.endswith("/responses"):
            # imported here: responses_wire builds on this module's Wire and readers
            from tests.fakes.responses_wire import ResponsesWire, read_responses

            wire, reader = ResponsesWire(), read_responses
        ask = replace(reader(body or {}, target), size=len(raw))
        self._record(request, body, ask.stream)
        behaviour, serial = self._next()
        if body is None:
            return _json_response(_bad_request(self.api, "the body is not a JSON object"), 400)
        return await Call(self.api, wire, request, ask, serial).perform(behaviour)

    async def _info(self, request: web.Request) -> web.StreamResponse:
        """Model lists and health: fine unless ``always`` is an Error, Reset or Hang."""
        self._record(request, None, False)
        with self._lock:
            behaviour = self._always
        match behaviour:
            case Error():
                return _json_response(behaviour.body, behaviour.status, behaviour.headers)
            case Reset():
                await drop(request)
            case Hang(seconds=seconds):
                await asyncio.sleep(seconds)
        if request.path == "/":
            return web.Response(text="Ollama is running")
        info: dict[str, JSONValue] = {
            "/health": {"status": "ok"},
            "/api/version": {"version": "0.12.6"},
        }
        return _json_response(info.get(request.path) or self._wire.models())

    async def _unknown(self, request: web.Request) -> web.StreamResponse:
        """Recorded (not counted) and answered 404 in the api's error format."""
        self._record(request, _parse(await request.read()), False)
        return _json_response(
            _bad_request(self.api, f"no route for {request.method} {request.path}"), 404
        )


def _parse(raw: bytes) -> JSONObject | None:
    try:
        value: JSONValue = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None
    return value if isinstance(value, dict) else None


def _bad_request(api: Api, message: str) -> JSONObject:
    """A 4xx the fake itself answers (the proxy sent something no provider would accept)."""
    if api == "anthropic":
        return {"type": "error", "error": {"type": "invalid_request_error", "message": message}}
    if api == "gemini":
        return {"error": {"code": 400, "message": message, "status": "INVALID_ARGUMENT"}}
    if api == "ollama":
        return {"error": message}
    return {
        "error": {"message": message, "type": "invalid_request_error", "param": None, "code": None}
    }


# --- the one shared loop ---------------------------------------------------------------------

T = TypeVar("T")


class _SharedLoop:
    """One event loop in one daemon thread, started on first use, for every fake."""

    lock = threading.Lock()
    loop: asyncio.AbstractEventLoop | None = None

    @classmethod
    def get(cls) -> asyncio.AbstractEventLoop:
        with cls.lock:
            if cls.loop is None:
                loop = asyncio.new_event_loop()
                threading.Thread(
                    target=loop.run_forever, name="fake-upstreams", daemon=True
                ).start()
                cls.loop = loop
            return cls.loop


def _on_loop(coro: Coroutine[object, object, T]) -> T:
    """Run ``coro`` on the shared loop and wait for it (from any other thread)."""
    return asyncio.run_coroutine_threadsafe(coro, _SharedLoop.get()).result(timeout=15)
