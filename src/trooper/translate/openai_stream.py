"""OpenAI Chat Completions answers, whole and streamed, in both directions.

An OpenAI-compatible upstream's answer -> canonical (:func:`parse_response`,
:class:`OpenAIStreamDecoder`) and canonical -> an OpenAI client's answer (:func:`encode_response`,
:class:`OpenAIStreamEncoder`), with the vocabulary they share (finish reasons, usage, ids, tool
calls, the error envelope). :mod:`trooper.translate.openai` re-exports all of it next to the
request halves, so callers keep using ``openai.stream_decoder``, ``openai.stream_encoder``, ...

OpenAI has no blocks: the decoder synthesises them (text opens one, each tool call another) and
the encoder flattens them into ``delta`` chunks, leaving thinking out.

    >>> dec = OpenAIStreamDecoder("gpt-4o")
    >>> dec.feed(None, b'{"id":"c1","choices":[{"index":0,"delta":{"content":"Hi"}}]}')[1:]
    [BlockStart(index=0, kind='text', id='', name='', data='', block=None), \
BlockDelta(index=0, text='Hi', signature='', citation=None)]

Bodies sent to clients carry ``created`` (a Unix time) from the ``clock`` keyword of
:func:`encode_response` and :func:`stream_encoder` (``time.time`` by default).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace

import orjson

from trooper.errors import (
    AuthFailed,
    AuthRequired,
    ContentPolicy,
    ContextTooLong,
    LocalOnlyFailed,
    NoProviderAvailable,
    PayloadTooLarge,
    ProviderError,
    QuotaExhausted,
    RateLimited,
    ServerError,
    TrooperError,
)
from trooper.model.conversation import (
    ChatRequest,
    ChatResponse,
    JSONObject,
    JSONValue,
    Part,
    StopReason,
    TextPart,
    ToolCallPart,
    Usage,
)
from trooper.model.events import (
    BlockDelta,
    BlockKind,
    BlockStart,
    MessageEnd,
    MessageStart,
    Relay,
    StreamEvent,
)
from trooper.translate._common import (
    Blocks,
    as_int,
    as_obj,
    as_str,
    load_object,
    read_stop_reason,
    read_usage,
    status_hint,
)
from trooper.translate.base import StreamIncomplete, UpstreamStreamError

__all__ = [
    "OpenAIStreamDecoder",
    "OpenAIStreamEncoder",
    "encode_response",
    "error_body",
    "parse_response",
    "stream_decoder",
    "stream_encoder",
]

Clock = Callable[[], float]

_FINISH_TO_WIRE: dict[StopReason, str] = {
    "end_turn": "stop",
    "stop_sequence": "stop",
    "max_tokens": "length",
    "tool_use": "tool_calls",
    "content_filter": "content_filter",
    "pause_turn": "stop",  # the client cannot resume Claude's server tools: the turn ends
}
_FINISH_FROM_WIRE: dict[str, StopReason] = {
    "stop": "end_turn",
    "length": "max_tokens",
    "tool_calls": "tool_use",
    "function_call": "tool_use",
    "content_filter": "content_filter",
}
_ERROR_CODES: dict[type[TrooperError], str] = {
    RateLimited: "rate_limit_exceeded",
    QuotaExhausted: "insufficient_quota",
    ContextTooLong: "context_length_exceeded",
    ContentPolicy: "content_policy_violation",
    AuthFailed: "invalid_api_key",
    AuthRequired: "invalid_api_key",
    PayloadTooLarge: "request_too_large",
    NoProviderAvailable: "no_provider_available",
    LocalOnlyFailed: "local_only_failed",
}
_INPUT_KEYS = ("prompt_tokens",)
_OUTPUT_KEYS = ("completion_tokens",)


# ---------------------------------------------------------------- tool calls, both halves
# (:mod:`trooper.translate.openai` reads and writes request messages with these too)


def wire_tool_call(call: ToolCallPart) -> JSONObject:
    """A canonical tool call as OpenAI's ``tool_calls[]`` item (arguments a JSON string)."""
    raw = call.arguments.get("_raw")
    if isinstance(raw, str) and len(call.arguments) == 1:  # arguments that never were an object
        arguments = raw
    else:
        arguments = orjson.dumps(call.arguments).decode()
    function: JSONObject = {"name": call.name, "arguments": arguments}
    return {"id": call.id, "type": "function", "function": function}


def decode_arguments(text: str) -> JSONObject:
    """A tool call's JSON-string arguments; ``{"_raw": text}`` when they are not a JSON object."""
    if not text.strip():
        return {}
    try:
        value = orjson.loads(text)
    except orjson.JSONDecodeError:
        return {"_raw": text}
    return value if isinstance(value, dict) else {"_raw": text}


# ---------------------------------------------------------------- inbound: responses and errors


def encode_response(
    resp: ChatResponse, req: ChatRequest, *, clock: Clock = time.time
) -> JSONObject:
    """A whole answer as a ``chat.completion`` (thinking is left out)."""
    text = resp.text()
    calls: list[JSONValue] = [wire_tool_call(p) for p in resp.parts if isinstance(p, ToolCallPart)]
    message: JSONObject = {"role": "assistant", "content": text if text or not calls else None}
    if calls:
        message["tool_calls"] = calls
    message["refusal"] = None
    choice: JSONObject = {
        "index": 0,
        "message": message,
        "logprobs": None,
        "finish_reason": _FINISH_TO_WIRE[resp.stop_reason],
    }
    return {
        "id": _completion_id(resp.id),
        "object": "chat.completion",
        "created": int(clock()),
        "model": resp.model or req.model,
        "choices": [choice],
        "usage": _wire_usage(resp.usage),
    }


def error_body(err: TrooperError) -> JSONObject:
    """OpenAI's error envelope: ``{"error": {"message", "type", "param", "code"}}``."""
    return {"error": {"message": err.message, "type": err.kind, "param": None, "code": _code(err)}}


def _code(err: TrooperError) -> str | None:
    code = _ERROR_CODES.get(type(err))
    if code is None and isinstance(err, ProviderError):
        return err.reason
    return code


def _completion_id(raw_id: str) -> str:
    return raw_id if raw_id.startswith("chatcmpl-") else f"chatcmpl-{raw_id or 'trooper'}"


def _wire_usage(usage: Usage) -> JSONObject:
    """OpenAI's usage: the whole prompt, the cached part of it in ``prompt_tokens_details``
    (OpenAI has no count for tokens written to a cache: they are plain prompt tokens)."""
    wire: JSONObject = {
        "prompt_tokens": usage.input_tokens,
        "completion_tokens": usage.output_tokens,
        "total_tokens": usage.input_tokens + usage.output_tokens,
    }
    if usage.cache_read_tokens:
        wire["prompt_tokens_details"] = {"cached_tokens": usage.cache_read_tokens}
    return wire


def _read_usage(value: JSONValue | None) -> Usage:
    usage = read_usage(value, _INPUT_KEYS, _OUTPUT_KEYS)
    details = as_obj(as_obj(value).get("prompt_tokens_details"))
    usage.cache_read_tokens = min(usage.input_tokens, as_int(details.get("cached_tokens")))
    return usage


def _sse(payload: JSONObject) -> bytes:
    return b"data: " + orjson.dumps(payload) + b"\n\n"


def stream_encoder(req: ChatRequest, *, clock: Clock = time.time) -> OpenAIStreamEncoder:
    return OpenAIStreamEncoder(req, clock)


class OpenAIStreamEncoder:
    """Canonical events -> ``chat.completion.chunk`` SSE lines, ending in ``data: [DONE]``.

    Tool calls are numbered from 0 in order (``tool_calls[].index``); thinking is left out.
    With ``include_usage`` every chunk carries ``"usage": null`` and a last chunk with
    ``"choices": []`` carries the usage, as OpenAI does.
    """

    def __init__(self, req: ChatRequest, clock: Clock) -> None:
        self._include_usage = req.include_usage
        self._id = _completion_id("")
        self._model = req.model
        self._created = int(clock())  # every chunk of one completion has the same
        self._kinds: dict[int, BlockKind] = {}
        self._tool_index: dict[int, int] = {}
        self._input_tokens = 0

    def encode(self, event: StreamEvent) -> bytes:
        if isinstance(event, Relay):  # another dialect's own event: what it stands for
            return b"".join(self.encode(c) for c in event.covers)
        if isinstance(event, MessageStart):
            return self._start(event)
        if isinstance(event, BlockStart):
            return self._block_start(event)
        if isinstance(event, BlockDelta):
            return self._block_delta(event)
        if isinstance(event, MessageEnd):
            return self._end(event)
        return b""

    def error(self, err: TrooperError) -> bytes:
        return _sse(error_body(err))

    def _start(self, event: MessageStart) -> bytes:
        self._id = _completion_id(event.id)
        self._model = event.model or self._model
        self._input_tokens = event.input_tokens
        return self._chunk({"role": "assistant", "content": ""})

    def _block_start(self, event: BlockStart) -> bytes:
        self._kinds[event.index] = event.kind
        if event.kind != "tool_call":
            return b""
        k = self._tool_index[event.index] = len(self._tool_index)
        function: JSONObject = {"name": event.name, "arguments": ""}
        call: JSONObject = {"index": k, "id": event.id, "type": "function", "function": function}
        return self._chunk({"tool_calls": [call]})

    def _block_delta(self, event: BlockDelta) -> bytes:
        kind = self._kinds.get(event.index, "text")
        if kind not in ("text", "tool_call") or not event.text:  # thinking, server tools
            return b""
        if kind == "text":
            return self._chunk({"content": event.text})
        call: JSONObject = {
            "index": self._tool_index[event.index],
            "function": {"arguments": event.text},
        }
        return self._chunk({"tool_calls": [call]})

    def _end(self, event: MessageEnd) -> bytes:
        out = self._chunk({}, _FINISH_TO_WIRE[event.stop_reason])
        if self._include_usage:
            usage = event.usage
            if usage.input_tokens == 0:
                usage = replace(usage, input_tokens=self._input_tokens)
            out += _sse({**self._envelope(), "choices": [], "usage": _wire_usage(usage)})
        return out + b"data: [DONE]\n\n"

    def _envelope(self) -> JSONObject:
        return {
            "id": self._id,
            "object": "chat.completion.chunk",
            "created": self._created,
            "model": self._model,
        }

    def _chunk(self, delta: JSONObject, finish_reason: str | None = None) -> bytes:
        choice: JSONObject = {
            "index": 0,
            "delta": delta,
            "logprobs": None,
            "finish_reason": finish_reason,
        }
        chunk: JSONObject = {**self._envelope(), "choices": [choice]}
        if self._include_usage:
            chunk["usage"] = None
        return _sse(chunk)


def parse_response(body: JSONObject, model: str) -> ChatResponse:
    """A ``chat.completion`` -> :class:`ChatResponse`. A body without a first choice is an
    upstream fault (:class:`ServerError`), not an empty answer."""
    choice = _first_choice(body)
    if choice is None:
        raise ServerError("OpenAI-compatible response has no choices")
    parts = _response_parts(as_obj(choice.get("message")))
    has_calls = any(isinstance(p, ToolCallPart) for p in parts)
    return ChatResponse(
        id=as_str(body.get("id")),
        model=as_str(body.get("model")) or model,
        parts=parts,
        stop_reason=_stop_reason(choice.get("finish_reason"), has_calls),
        usage=_read_usage(body.get("usage")),
    )


def _response_parts(message: JSONObject) -> list[Part]:
    parts: list[Part] = []
    text = _text_of(message.get("content")) or as_str(message.get("refusal"))
    if text:
        parts.append(TextPart(text))
    calls = message.get("tool_calls")
    for k, call in enumerate(calls if isinstance(calls, list) else []):
        if isinstance(call, dict):
            parts.append(_response_tool_call(call, k))
    return parts


def _response_tool_call(call: JSONObject, k: int) -> ToolCallPart:
    function = as_obj(call.get("function"))
    arguments = function.get("arguments")
    decoded = arguments if isinstance(arguments, dict) else decode_arguments(as_str(arguments))
    # Some local servers leave ids out; the tool result still needs one to point at.
    return ToolCallPart(
        id=as_str(call.get("id")) or f"call_{k}",
        name=as_str(function.get("name")),
        arguments=decoded,
    )


def _first_choice(body: JSONObject) -> JSONObject | None:
    """The choice with index 0 (a client that asked for ``n > 1`` gets the first)."""
    choices = body.get("choices")
    for choice in choices if isinstance(choices, list) else []:
        if isinstance(choice, dict) and choice.get("index", 0) == 0:
            return choice
    return None


def _stop_reason(finish: JSONValue | None, has_calls: bool) -> StopReason:
    # llama.cpp and others may say "stop" after tool calls; the calls are what matters.
    return read_stop_reason(_FINISH_FROM_WIRE, finish, has_calls)


def _text_of(content: JSONValue | None) -> str:
    """Message content as text: a string, or (some servers) an array of text parts."""
    if isinstance(content, str):
        return content
    parts = content if isinstance(content, list) else []
    return "".join(as_str(p.get("text")) for p in parts if isinstance(p, dict))


def stream_decoder(model: str) -> OpenAIStreamDecoder:
    return OpenAIStreamDecoder(model)


class OpenAIStreamDecoder:
    """``chat.completion.chunk`` SSE data -> canonical events, blocks synthesised.

    At most one block is open: text opens one, each new tool call (by ``tool_calls[].index``)
    closes it and opens another. ``finish_reason`` closes the open block; ``MessageEnd`` waits
    for ``[DONE]`` (or :meth:`finish`) so that a usage chunk after it is counted.
    """

    def __init__(self, model: str) -> None:
        self._model = model
        self._started = False
        self._ended = False
        self._blocks = Blocks()
        self._open_tool: int | None = None  # the tool key of the open block, when it is a call
        self._tools: dict[int, int] = {}  # tool key -> canonical index
        self._keys_by_id: dict[str, int] = {}  # for servers that leave tool_calls[].index out
        self._stop: StopReason | None = None
        self._usage = Usage()

    def feed(self, event: str | None, data: bytes) -> list[StreamEvent]:
        if self._ended:
            return []
        if data.strip() == b"[DONE]":
            return self._close()
        if event == "error":  # some servers name the SSE event instead
            raise UpstreamStreamError(data)
        chunk = load_object(data)
        if chunk is None:
            return []
        if chunk.get("error") is not None:
            raise UpstreamStreamError(data, status_hint(chunk["error"]))
        events = self._start(chunk)
        if isinstance(chunk.get("usage"), dict):
            self._usage = _read_usage(chunk.get("usage"))
        choice = _first_choice(chunk)
        if choice is not None:
            events.extend(self._choice(choice))
        return events

    def finish(self) -> list[StreamEvent]:
        if self._ended:
            return []
        if self._stop is None:
            raise StreamIncomplete("OpenAI stream ended before a finish_reason")
        return self._close()

    def _start(self, chunk: JSONObject) -> list[StreamEvent]:
        if self._started:
            return []
        self._started = True
        model = as_str(chunk.get("model")) or self._model
        return [MessageStart(id=as_str(chunk.get("id")), model=model)]

    def _choice(self, choice: JSONObject) -> list[StreamEvent]:
        delta = choice.get("delta")
        events = self._delta(delta) if isinstance(delta, dict) else []
        finish = choice.get("finish_reason")
        if isinstance(finish, str) and finish:
            events.extend(self._close_block())
            self._stop = _stop_reason(finish, bool(self._tools))
        return events

    def _delta(self, delta: JSONObject) -> list[StreamEvent]:
        events: list[StreamEvent] = []
        text = as_str(delta.get("content")) or as_str(delta.get("refusal"))
        if text:
            self._open_tool = None  # text closes an open tool call
            events.extend(self._blocks.text(text))
        calls = delta.get("tool_calls")
        for call in calls if isinstance(calls, list) else []:
            if isinstance(call, dict):
                events.extend(self._tool_call(call))
        return events

    def _tool_call(self, call: JSONObject) -> list[StreamEvent]:
        key = self._tool_key(call)
        function = as_obj(call.get("function"))
        events: list[StreamEvent] = []
        if key not in self._tools:
            call_id = as_str(call.get("id")) or f"call_{key}"
            index, events = self._blocks.open_tool(call_id, as_str(function.get("name")))
            self._tools[key] = index
            self._open_tool = key
        fragment = as_str(function.get("arguments"))
        if fragment:
            events.append(BlockDelta(self._tools[key], fragment))
        return events

    def _tool_key(self, call: JSONObject) -> int:
        index = call.get("index")
        if isinstance(index, int) and not isinstance(index, bool):
            return index
        # No index (some servers send each call whole): a new id or a name starts a new call.
        call_id = as_str(call.get("id"))
        if call_id:
            return self._keys_by_id.setdefault(call_id, len(self._tools))
        named = bool(as_str(as_obj(call.get("function")).get("name")))
        return self._open_tool if self._open_tool is not None and not named else len(self._tools)

    def _close_block(self) -> list[StreamEvent]:
        self._open_tool = None
        return self._blocks.close()

    def _close(self) -> list[StreamEvent]:
        events: list[StreamEvent] = []
        if not self._started:
            self._started = True
            events.append(MessageStart(id="", model=self._model))
        events.extend(self._close_block())
        stop = self._stop or ("tool_use" if self._tools else "end_turn")
        events.append(MessageEnd(stop, self._usage))
        self._ended = True
        return events
