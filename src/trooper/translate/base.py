"""The contract every wire format's translator keeps. Translators are pure: no I/O, no clock.

A format that clients speak (Anthropic Messages, OpenAI Chat Completions) provides the
*inbound* half; a format Trooper calls upstream (all four) provides the *upstream* half:

inbound (module functions)
    parse_request(body: JSONObject) -> ChatRequest           raises InvalidRequest
    parse_request_steps(body: JSONObject) -> Steps[ChatRequest]
                                                   the same, a message per step (long bodies)
    encode_response(resp: ChatResponse, req: ChatRequest) -> JSONObject
    stream_encoder(req: ChatRequest) -> StreamEncoder
    error_body(err: TrooperError) -> JSONObject               the dialect's error envelope

upstream (module functions)
    build_request(req: ChatRequest, model: str) -> JSONObject
    parse_response(body: JSONObject, model: str) -> ChatResponse
    stream_decoder(model: str) -> StreamDecoder

Framing (SSE or NDJSON) is not the translator's business: the transport splits the byte stream
into items and hands each to :meth:`StreamDecoder.feed`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeVar

from trooper.errors import InvalidRequest, TrooperError
from trooper.model.conversation import ChatRequest, JSONObject
from trooper.model.events import StreamEvent
from trooper.slices import Steps

_Converted = TypeVar("_Converted")


class UpstreamStreamError(Exception):
    """An error reported *inside* a stream (an SSE ``error`` event, an ``{"error": ...}`` chunk).

    The decoder raises it with the raw payload; the transport classifies it like an HTTP error
    body, so a failure before the first token still falls over invisibly.
    """

    def __init__(self, payload: bytes, status_hint: int = 500) -> None:
        super().__init__(payload[:200].decode("utf-8", "replace"))
        self.payload = payload
        self.status_hint = status_hint


class StreamIncomplete(Exception):
    """The upstream stream ended (EOF) before its answer did (no finish marker seen)."""


class StreamDecoder(Protocol):
    """Upstream stream items -> canonical events, one item at a time, never buffering text."""

    def feed(self, event: str | None, data: bytes) -> list[StreamEvent]:
        """One framed item: an SSE event's name (``None`` if absent) and data, or an NDJSON line
        (event ``None``). Returns the canonical events it yields, possibly none.
        Raises :class:`UpstreamStreamError` for an in-stream error payload. A malformed item
        (bad JSON) is skipped: it returns ``[]``."""
        ...

    def finish(self) -> list[StreamEvent]:
        """The upstream reached EOF. Returns the closing events not yet emitted (``BlockStop``
        for open blocks, ``MessageEnd``) if a finish marker (stop/finish reason, ``done``) was
        seen, even without a final ``[DONE]``/``message_stop``; raises :class:`StreamIncomplete`
        otherwise. Must be idempotent with events already emitted (never two ``MessageEnd``)."""
        ...


class StreamEncoder(Protocol):
    """Canonical events -> the client's dialect, as ready-to-write bytes."""

    def encode(self, event: StreamEvent) -> bytes:
        """Bytes for one event (may be ``b""``)."""
        ...

    def error(self, err: TrooperError) -> bytes:
        """A clean in-stream error in the dialect, ending the stream. Never a success marker."""
        ...


def parse_in_steps(
    body: JSONObject,
    convert: Steps[_Converted],
    parse: Callable[..., ChatRequest],
) -> Steps[ChatRequest]:
    """A translator's ``parse_request_steps``: its messages converted by ``convert``, one per
    step, then ``parse(body, converted=...)``. Bad input raises what ``parse(body)`` raises: the
    body is then parsed again in one call, which finds the first error in its own order."""
    try:
        converted = yield from convert
    except InvalidRequest:
        return parse(body)
    return parse(body, converted=converted)
