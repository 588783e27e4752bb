"""Gemini API answers streamed to a Gemini client, and Google's error envelope.

``streamGenerateContent?alt=sse`` is one ``GenerateContentResponse`` per SSE ``data:`` frame;
without ``alt=sse`` the same responses are one JSON array (``application/json``), written
element by element as Google writes it, ``[{...}\r\n,\r\n{...}\r\n]``, and always closed. Text goes
out as it comes; a tool call goes out whole when its arguments are complete (Gemini never splits
a ``functionCall``); the last chunk carries ``finishReason`` and ``usageMetadata``:

    data: {"candidates":[{"content":{"role":"model","parts":[{"text":"Hel"}]},"index":0}],...}
    data: {"candidates":[{"content":{"role":"model","parts":[{"text":""}]},
           "finishReason":"STOP","index":0}],"usageMetadata":{...},...}

A failure after the stream began is an ``{"error": {...}}`` chunk (the array's last element),
never a ``finishReason``.
"""

from __future__ import annotations

import orjson

from trooper.errors import (
    AuthFailed,
    AuthRequired,
    ContentPolicy,
    ContextTooLong,
    NoProviderAvailable,
    NotFound,
    PayloadTooLarge,
    QuotaExhausted,
    RateLimited,
    TooManyStreams,
    TrooperError,
    UpstreamTimeout,
)
from trooper.model.conversation import ChatRequest, JSONObject, JSONValue, StopReason, Usage
from trooper.model.events import (
    BlockDelta,
    BlockKind,
    BlockStart,
    BlockStop,
    MessageEnd,
    MessageStart,
    Relay,
    StreamEvent,
)
from trooper.translate.openai_stream import decode_arguments

_STATUS: dict[type[TrooperError], str] = {
    NotFound: "NOT_FOUND",
    AuthRequired: "UNAUTHENTICATED",
    AuthFailed: "UNAUTHENTICATED",
    PayloadTooLarge: "INVALID_ARGUMENT",
    RateLimited: "RESOURCE_EXHAUSTED",
    QuotaExhausted: "RESOURCE_EXHAUSTED",
    TooManyStreams: "RESOURCE_EXHAUSTED",
    ContextTooLong: "INVALID_ARGUMENT",
    ContentPolicy: "INVALID_ARGUMENT",
    UpstreamTimeout: "DEADLINE_EXCEEDED",
    NoProviderAvailable: "UNAVAILABLE",
}
FINISH: dict[StopReason, str] = {
    "end_turn": "STOP",
    "stop_sequence": "STOP",
    "tool_use": "STOP",
    "max_tokens": "MAX_TOKENS",
    "content_filter": "SAFETY",
}


def error_body(err: TrooperError) -> JSONObject:
    """Google's error envelope: ``{"error": {"code", "message", "status"}}``."""
    status = _status(err)
    return {"error": {"code": err.status, "message": err.message, "status": status}}


def _status(err: TrooperError) -> str:
    for kind in type(err).__mro__:
        if kind in _STATUS:
            return _STATUS[kind]
    if 400 <= err.status < 500:
        return "INVALID_ARGUMENT"
    return "UNAVAILABLE" if err.status in (502, 503, 529) else "INTERNAL"


def stream_encoder(req: ChatRequest, *, sse: bool = True) -> GeminiStreamEncoder:
    return GeminiStreamEncoder(req, sse)


class GeminiStreamEncoder:
    """Canonical events -> ``GenerateContentResponse`` chunks (SSE frames or a JSON array)."""

    def __init__(self, req: ChatRequest, sse: bool) -> None:
        self._model = req.model
        self._sse = sse
        self._id = ""
        self._sent = 0
        self._input_tokens = 0
        self._kinds: dict[int, BlockKind] = {}
        self._calls: dict[int, tuple[str, list[str]]] = {}

    def encode(self, event: StreamEvent) -> bytes:
        if isinstance(event, Relay):  # another dialect's own event: what it stands for
            return b"".join(self.encode(c) for c in event.covers)
        if isinstance(event, MessageStart):
            self._id, self._input_tokens = event.id, event.input_tokens
            self._model = event.model or self._model
            return b""
        if isinstance(event, BlockStart):
            self._kinds[event.index] = event.kind
            if event.kind == "tool_call":
                self._calls[event.index] = (event.name, [])
            return b""
        if isinstance(event, BlockDelta):
            return self._delta(event)
        if isinstance(event, BlockStop):
            call = self._calls.pop(event.index, None)
            if call is None:
                return b""
            name, pieces = call
            arguments = decode_arguments("".join(pieces) or "{}")
            return self._chunk([{"functionCall": {"name": name, "args": arguments}}])
        return self._end(event)

    def error(self, err: TrooperError) -> bytes:
        return self._frame(error_body(err)) + self._close()

    def _delta(self, event: BlockDelta) -> bytes:
        if not event.text:
            return b""
        kind = self._kinds.get(event.index, "text")
        if kind == "tool_call":
            self._calls[event.index][1].append(event.text)
            return b""
        if kind == "thinking":
            return self._chunk([{"text": event.text, "thought": True}])
        if kind == "text":
            return self._chunk([{"text": event.text}])
        return b""

    def _end(self, event: MessageEnd) -> bytes:
        usage = event.usage
        if usage.input_tokens == 0:
            usage = Usage(self._input_tokens, usage.output_tokens)
        total = usage.input_tokens + usage.output_tokens
        metadata: JSONObject = {
            "promptTokenCount": usage.input_tokens,
            "candidatesTokenCount": usage.output_tokens,
            "totalTokenCount": total,
        }
        last = self._chunk([{"text": ""}], FINISH[event.stop_reason], metadata)
        return last + self._close()

    def _chunk(
        self, parts: list[JSONValue], finish: str | None = None, usage: JSONObject | None = None
    ) -> bytes:
        candidate: JSONObject = {"content": {"role": "model", "parts": parts}, "index": 0}
        if finish is not None:
            candidate["finishReason"] = finish
        body: JSONObject = {"candidates": [candidate]}
        if usage is not None:
            body["usageMetadata"] = usage
        body["modelVersion"] = self._model
        body["responseId"] = self._id
        return self._frame(body)

    def _frame(self, body: JSONObject) -> bytes:
        data = orjson.dumps(body)
        if self._sse:
            return b"data: " + data + b"\r\n\r\n"
        lead = b"[" if self._sent == 0 else b"\r\n,\r\n"
        self._sent += 1
        return lead + data

    def _close(self) -> bytes:
        """The end of the JSON array (nothing for SSE); an array with no element yet is ``[]``."""
        if self._sse:
            return b""
        return b"\r\n]" if self._sent else b"[]"
