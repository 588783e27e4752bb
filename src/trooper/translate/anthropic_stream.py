"""Anthropic Messages answers, whole and streamed, in both directions.

Claude's answer -> canonical (:func:`parse_response`, :class:`AnthropicStreamDecoder`) and
canonical -> an Anthropic client's answer (:func:`encode_response`,
:class:`AnthropicStreamEncoder`), with the vocabulary they share (stop reasons, usage, ids, the
error envelope). :mod:`trooper.translate.anthropic` re-exports all of it next to the request
halves, so callers keep using ``anthropic.stream_decoder``, ``anthropic.stream_encoder``, ...

Extended thinking survives Claude -> canonical -> client unchanged, because Claude verifies it on
the next turn: a ``signature_delta`` is ``BlockDelta(i, "", signature=...)``, a
``redacted_thinking`` block is ``BlockStart(i, "redacted_thinking", data=...)`` then
``BlockStop(i)`` (whole, ``ThinkingPart("", redacted=...)``). So do the prompt-cache counts
(the canonical ``input_tokens`` is the whole prompt; Claude's ``input_tokens`` is the part neither
read from nor written to the cache), the matched ``stop_sequence``, ``pause_turn``, and the blocks
of the tools Claude runs itself (``server_tool_use``, ``web_search_tool_result``, ...) with the
citations of the text that uses them, which streams carry to an Anthropic client as Claude sent
them.

    >>> dec = AnthropicStreamDecoder("claude-x")
    >>> dec.feed(None, b'{"type":"content_block_start","index":0,'
    ...                b'"content_block":{"type":"redacted_thinking","data":"EmwK"}}')
    [BlockStart(index=0, kind='redacted_thinking', id='', name='', data='EmwK', block=None)]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import ClassVar

import orjson

from trooper.errors import TrooperError
from trooper.model.conversation import (
    ChatRequest,
    ChatResponse,
    JSONObject,
    JSONValue,
    Part,
    StopReason,
    TextPart,
    ThinkingPart,
    ToolCallPart,
    Usage,
)
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
from trooper.translate._common import (
    as_int,
    as_list,
    as_obj,
    as_str,
    load_object,
    read_stop_reason,
)
from trooper.translate.base import StreamIncomplete, UpstreamStreamError

__all__ = [
    "AnthropicStreamDecoder",
    "AnthropicStreamEncoder",
    "encode_response",
    "error_body",
    "parse_response",
    "stream_decoder",
    "stream_encoder",
]

# --- the shared wire vocabulary --------------------------------------------------------------

_STOP_FROM_WIRE: dict[str, StopReason] = {
    "end_turn": "end_turn",
    "max_tokens": "max_tokens",
    "tool_use": "tool_use",
    "stop_sequence": "stop_sequence",
    "refusal": "content_filter",
    "pause_turn": "pause_turn",
    "model_context_window_exceeded": "max_tokens",
}
_STOP_TO_WIRE: dict[StopReason, str] = {
    "end_turn": "end_turn",
    "max_tokens": "max_tokens",
    "tool_use": "tool_use",
    "stop_sequence": "stop_sequence",
    "content_filter": "refusal",
    "pause_turn": "pause_turn",
}
# The HTTP status an in-stream error would have had as a response (the docs pair
# overloaded_error with 529), so the transport classifies both the same way.
_ERROR_STATUS: dict[str, int] = {
    "invalid_request_error": 400,
    "authentication_error": 401,
    "billing_error": 402,
    "permission_error": 403,
    "not_found_error": 404,
    "request_too_large": 413,
    "rate_limit_error": 429,
    "api_error": 500,
    "timeout_error": 504,
    "overloaded_error": 529,
}
# Claude counts cached prompt tokens apart; the canonical count is the whole prompt.
_UNCACHED, _CACHE_WRITE, _CACHE_READ = (
    "input_tokens",
    "cache_creation_input_tokens",
    "cache_read_input_tokens",
)


def _message_id(raw_id: str) -> str:
    return raw_id if raw_id.startswith("msg_") else f"msg_{raw_id}"


def _read_usage(value: JSONValue | None) -> Usage:
    """Claude's usage object as :class:`Usage` (the prompt whole, its cached parts apart)."""
    counts = as_obj(value)
    write, read = as_int(counts.get(_CACHE_WRITE)), as_int(counts.get(_CACHE_READ))
    return Usage(
        as_int(counts.get(_UNCACHED)) + write + read,
        as_int(counts.get("output_tokens")),
        cache_read_tokens=read,
        cache_write_tokens=write,
    )


def _wire_usage(usage: Usage, output_tokens: int) -> JSONObject:
    """:class:`Usage` as Claude reports it: the uncached prompt, each cache count, the output."""
    return {
        _UNCACHED: usage.uncached_input_tokens,
        _CACHE_WRITE: usage.cache_write_tokens,
        _CACHE_READ: usage.cache_read_tokens,
        "output_tokens": output_tokens,
    }


def error_body(err: TrooperError) -> JSONObject:
    """Anthropic's error envelope: ``{"type": "error", "error": {"type", "message"}}``."""
    return {"type": "error", "error": {"type": err.kind, "message": err.message}}


# --- inbound: encode_response ----------------------------------------------------------------


def _response_block(part: Part) -> JSONObject | None:
    if isinstance(part, TextPart):
        return {"type": "text", "text": part.text}
    if isinstance(part, ToolCallPart):
        return {"type": "tool_use", "id": part.id, "name": part.name, "input": part.arguments}
    if isinstance(part, ThinkingPart):
        if part.redacted is not None:
            return {"type": "redacted_thinking", "data": part.redacted}
        return {"type": "thinking", "thinking": part.text, "signature": part.signature or ""}
    return None


def encode_response(resp: ChatResponse, req: ChatRequest) -> JSONObject:
    """A whole :class:`ChatResponse` -> an Anthropic ``message`` object."""
    blocks = [b for b in map(_response_block, resp.parts) if b is not None]
    content: list[JSONValue] = list(blocks)
    return {
        "id": _message_id(resp.id),
        "type": "message",
        "role": "assistant",
        "model": resp.model or req.model,
        "content": content,
        "stop_reason": _STOP_TO_WIRE[resp.stop_reason],
        "stop_sequence": resp.stop_sequence,
        "usage": _wire_usage(resp.usage, resp.usage.output_tokens),
    }


# --- inbound: stream_encoder -----------------------------------------------------------------


def _sse(name: str, payload: JSONObject) -> bytes:
    return b"event: " + name.encode() + b"\ndata: " + orjson.dumps(payload) + b"\n\n"


_START_BLOCKS: dict[BlockKind, Callable[[BlockStart], JSONObject]] = {
    "text": lambda e: {"type": "text", "text": ""},
    "tool_call": lambda e: {"type": "tool_use", "id": e.id, "name": e.name, "input": {}},
    # Claude sends an empty signature on start; SDKs read the field, so it is always present.
    "thinking": lambda e: {"type": "thinking", "thinking": "", "signature": ""},
    "redacted_thinking": lambda e: {"type": "redacted_thinking", "data": e.data},
    # Claude's own block; its input arrives in deltas, as a tool call's does.
    "server_tool_use": lambda e: {
        "type": "server_tool_use",
        "id": e.id,
        "name": e.name,
        **(e.block or {}),
        "input": {},
    },
    "server_tool_result": lambda e: dict(e.block or {}),
}
# A redacted thinking block and a server tool's result have no deltas: they arrive whole.
_DELTA_FIELDS: dict[BlockKind, tuple[str, str]] = {
    "text": ("text_delta", "text"),
    "tool_call": ("input_json_delta", "partial_json"),
    "thinking": ("thinking_delta", "thinking"),
    "server_tool_use": ("input_json_delta", "partial_json"),
}


#: ``_delta(index, {"type": "text_delta", "text": text})``'s bytes, to fill with the index and
#: the text's JSON.
_TEXT_DELTA = (
    b'event: content_block_delta\ndata: {"type":"content_block_delta","index":%d,'
    b'"delta":{"type":"text_delta","text":%b}}\n\n'
)


class AnthropicStreamEncoder:
    """Canonical events -> Anthropic SSE bytes, ``event:`` lines as Claude sends them.

    >>> enc = AnthropicStreamEncoder(ChatRequest(model="m", messages=[]))
    >>> enc.encode(BlockStop(0))
    b'event: content_block_stop\\ndata: {"type":"content_block_stop","index":0}\\n\\n'
    """

    def __init__(self, req: ChatRequest) -> None:
        self._model = req.model
        self._prompt = Usage()
        self._kinds: dict[int, BlockKind] = {}

    def encode(self, event: StreamEvent) -> bytes:
        if isinstance(event, Relay):  # another dialect's own event: what it stands for
            return b"".join(self.encode(c) for c in event.covers)
        if isinstance(event, MessageStart):
            return self._message_start(event)
        if isinstance(event, BlockStart):
            return self._block_start(event)
        if isinstance(event, BlockDelta):
            return self._block_delta(event)
        if isinstance(event, BlockStop):
            return _sse("content_block_stop", {"type": "content_block_stop", "index": event.index})
        return self._message_end(event)

    def error(self, err: TrooperError) -> bytes:
        return _sse("error", error_body(err))

    def _message_start(self, event: MessageStart) -> bytes:
        self._prompt = Usage(
            event.input_tokens,
            cache_read_tokens=event.cache_read_tokens,
            cache_write_tokens=event.cache_write_tokens,
        )
        message: JSONObject = {
            "id": _message_id(event.id),
            "type": "message",
            "role": "assistant",
            "model": event.model or self._model,
            "content": [],
            "stop_reason": None,
            "stop_sequence": None,
            "usage": _wire_usage(self._prompt, 1),
        }
        return _sse("message_start", {"type": "message_start", "message": message})

    def _block_start(self, event: BlockStart) -> bytes:
        self._kinds[event.index] = event.kind
        block = _START_BLOCKS[event.kind](event)
        payload: JSONObject = {"type": "content_block_start", "index": event.index}
        payload["content_block"] = block
        return _sse("content_block_start", payload)

    def _block_delta(self, event: BlockDelta) -> bytes:
        if not event.signature and event.citation is None:
            return self._text_delta(event.index, event.text)
        out = self._text_delta(event.index, event.text) if event.text else b""
        if event.citation is not None:
            citation: JSONObject = {"type": "citations_delta", "citation": event.citation}
            out += self._delta(event.index, citation)
        if event.signature:
            signature: JSONObject = {"type": "signature_delta", "signature": event.signature}
            out += self._delta(event.index, signature)
        return out

    def _text_delta(self, index: int, text: str) -> bytes:
        # Claude names the delta after the block it extends; the canonical event does not.
        kind = self._kinds.get(index, "text")
        if kind == "text":  # most of a stream: its bytes laid out once, the text encoded alone
            return _TEXT_DELTA % (index, orjson.dumps(text))
        fields = _DELTA_FIELDS.get(kind)
        if fields is None:
            return b""
        delta_type, field = fields
        return self._delta(index, {"type": delta_type, field: text})

    def _delta(self, index: int, delta: JSONObject) -> bytes:
        payload: JSONObject = {"type": "content_block_delta", "index": index, "delta": delta}
        return _sse("content_block_delta", payload)

    def _message_end(self, event: MessageEnd) -> bytes:
        # message_delta usage is cumulative and SDKs overwrite with it: never report 0 input
        # tokens at the end when the start knew better.
        prompt = event.usage if event.usage.input_tokens else self._prompt
        delta: JSONObject = {
            "stop_reason": _STOP_TO_WIRE[event.stop_reason],
            "stop_sequence": event.stop_sequence,
        }
        usage = _wire_usage(prompt, event.usage.output_tokens)
        end = _sse("message_delta", {"type": "message_delta", "delta": delta, "usage": usage})
        return end + _sse("message_stop", {"type": "message_stop"})


def stream_encoder(req: ChatRequest) -> AnthropicStreamEncoder:
    return AnthropicStreamEncoder(req)


# --- upstream: parse_response ----------------------------------------------------------------


def _response_part(block: JSONObject) -> Part | None:
    kind = block.get("type")
    if kind == "text":
        return TextPart(as_str(block.get("text")))
    if kind == "tool_use":
        return ToolCallPart(
            as_str(block.get("id")), as_str(block.get("name")), as_obj(block.get("input"))
        )
    if kind == "thinking":
        signature = block.get("signature")
        return ThinkingPart(as_str(block.get("thinking")), as_str(signature) or None)
    if kind == "redacted_thinking":
        data = as_str(block.get("data"))
        return ThinkingPart("", redacted=data) if data else None
    return None


def parse_response(body: JSONObject, model: str) -> ChatResponse:
    """A Claude ``message`` object -> :class:`ChatResponse`."""
    parts: list[Part] = []
    for block in as_list(body.get("content")):
        part = _response_part(block) if isinstance(block, dict) else None
        if part is not None:
            parts.append(part)
    return ChatResponse(
        as_str(body.get("id")),
        as_str(body.get("model")) or model,
        parts,
        read_stop_reason(_STOP_FROM_WIRE, body.get("stop_reason")),
        _read_usage(body.get("usage")),
        stop_sequence=_stop_sequence(body.get("stop_sequence")),
    )


def _stop_sequence(value: JSONValue | None) -> str | None:
    return value if isinstance(value, str) else None


# --- upstream: stream_decoder ----------------------------------------------------------------

_KINDS: dict[str, BlockKind] = {
    "text": "text",
    "tool_use": "tool_call",
    "thinking": "thinking",
    "redacted_thinking": "redacted_thinking",
}


def _kind(block_type: str) -> BlockKind | None:
    """The canonical kind of a Claude block: the server tools' calls (``server_tool_use``,
    ``mcp_tool_use``) and results (``web_search_tool_result``, ...) by their names' ends."""
    kind = _KINDS.get(block_type)
    if kind is not None:
        return kind
    if block_type.endswith("_tool_use"):
        return "server_tool_use"
    return "server_tool_result" if block_type.endswith("_tool_result") else None


_DELTA_TEXT_FIELDS = {
    "text_delta": "text",
    "input_json_delta": "partial_json",
    "thinking_delta": "thinking",
}


class AnthropicStreamDecoder:
    """Claude SSE items -> canonical events.

    Blocks are renumbered from 0 in order, leaving out the kinds the canonical model has no
    place for (``container_upload``, ...). Thinking keeps its ``signature_delta``; a
    ``redacted_thinking`` block keeps its ``data``; the server tools' blocks keep Claude's own
    block; text keeps its ``citations_delta``.
    """

    def __init__(self, model: str) -> None:
        self._model = model
        self._blocks: dict[int, int] = {}  # Claude's index -> canonical index
        self._open: list[int] = []
        self._usage = Usage()
        self._stop: StopReason | None = None
        self._stop_sequence: str | None = None
        self._done = False

    def feed(self, event: str | None, data: bytes) -> list[StreamEvent]:
        if event == "error":
            raise UpstreamStreamError(data, _error_status(data))
        item = load_object(data)
        if item is None or self._done:
            return []
        kind = item.get("type")
        if kind == "error":
            raise UpstreamStreamError(data, _error_status(data))
        handler = self._HANDLERS.get(kind if isinstance(kind, str) else event or "")
        return handler(self, item) if handler is not None else []

    def finish(self) -> list[StreamEvent]:
        if self._done:
            return []
        if self._stop is None:
            raise StreamIncomplete("Claude's stream ended before message_stop")
        return self._close()

    def _close(self) -> list[StreamEvent]:
        self._done = True
        events: list[StreamEvent] = [BlockStop(i) for i in self._open]
        self._open.clear()
        end = MessageEnd(self._stop or "end_turn", replace(self._usage), self._stop_sequence)
        return [*events, end]

    def _message_start(self, item: JSONObject) -> list[StreamEvent]:
        message = as_obj(item.get("message"))
        usage = self._usage = _read_usage(message.get("usage"))
        model = as_str(message.get("model")) or self._model
        start = MessageStart(as_str(message.get("id")), model, usage.input_tokens)
        start.cache_read_tokens = usage.cache_read_tokens
        start.cache_write_tokens = usage.cache_write_tokens
        return [start]

    def _block_start(self, item: JSONObject) -> list[StreamEvent]:
        block = as_obj(item.get("content_block"))
        kind = _kind(as_str(block.get("type")))
        if kind is None:
            return []
        index = len(self._blocks)
        self._blocks[as_int(item.get("index"))] = index
        self._open.append(index)
        start = BlockStart(
            index,
            kind,
            as_str(block.get("id")),
            as_str(block.get("name")),
            as_str(block.get("data")) if kind == "redacted_thinking" else "",
            block if kind in ("server_tool_use", "server_tool_result") else None,
        )
        if kind == "server_tool_result":
            return [start]
        return [start, *_initial_deltas(index, block)]

    def _block_delta(self, item: JSONObject) -> list[StreamEvent]:
        index = self._blocks.get(as_int(item.get("index")))
        delta = item.get("delta")
        if index is None or not isinstance(delta, dict):
            return []
        kind = as_str(delta.get("type"))
        if kind == "signature_delta":
            signature = as_str(delta.get("signature"))
            return [BlockDelta(index, "", signature=signature)] if signature else []
        if kind == "citations_delta":
            citation = delta.get("citation")
            return [BlockDelta(index, "", citation=citation)] if isinstance(citation, dict) else []
        field = _DELTA_TEXT_FIELDS.get(kind)
        text = as_str(delta.get(field)) if field is not None else ""
        return [BlockDelta(index, text)] if text else []

    def _block_stop(self, item: JSONObject) -> list[StreamEvent]:
        index = self._blocks.get(as_int(item.get("index")))
        if index is None or index not in self._open:
            return []
        self._open.remove(index)
        return [BlockStop(index)]

    def _message_delta(self, item: JSONObject) -> list[StreamEvent]:
        delta = as_obj(item.get("delta"))
        if isinstance(delta.get("stop_reason"), str):
            self._stop = read_stop_reason(_STOP_FROM_WIRE, delta.get("stop_reason"))
            self._stop_sequence = _stop_sequence(delta.get("stop_sequence"))
        counts = as_obj(item.get("usage"))  # cumulative counts: they replace, never add
        if any(isinstance(counts.get(k), int) for k in (_UNCACHED, _CACHE_WRITE, _CACHE_READ)):
            prompt = _read_usage(counts)
            if prompt.input_tokens:
                self._usage = replace(prompt, output_tokens=self._usage.output_tokens)
        self._usage.output_tokens = as_int(counts.get("output_tokens")) or self._usage.output_tokens
        return []

    def _message_stop(self, item: JSONObject) -> list[StreamEvent]:
        return self._close()

    _HANDLERS: ClassVar[
        dict[str, Callable[[AnthropicStreamDecoder, JSONObject], list[StreamEvent]]]
    ] = {
        "message_start": _message_start,
        "content_block_start": _block_start,
        "content_block_delta": _block_delta,
        "content_block_stop": _block_stop,
        "message_delta": _message_delta,
        "message_stop": _message_stop,
    }


def _initial_deltas(index: int, block: JSONObject) -> list[StreamEvent]:
    """Content a ``content_block_start`` already carries (usually none; Claude's thinking start
    has an empty signature, which is no signature)."""
    kind = block.get("type")
    if kind == "tool_use" or _kind(as_str(kind)) == "server_tool_use":
        arguments = block.get("input")
        text = orjson.dumps(arguments).decode() if isinstance(arguments, dict) and arguments else ""
    else:
        text = as_str(block.get("thinking" if kind == "thinking" else "text"))
    signature = as_str(block.get("signature")) if kind == "thinking" else ""
    deltas: list[StreamEvent] = [BlockDelta(index, text)] if text else []
    return [*deltas, BlockDelta(index, "", signature=signature)] if signature else deltas


def _error_status(data: bytes) -> int:
    kind = as_obj(as_obj(load_object(data)).get("error")).get("type")
    return _ERROR_STATUS.get(kind, 500) if isinstance(kind, str) else 500


def stream_decoder(model: str) -> AnthropicStreamDecoder:
    return AnthropicStreamDecoder(model)
