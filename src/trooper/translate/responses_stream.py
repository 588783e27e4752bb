"""Responses API answers, whole and streamed, in both directions.

Canonical -> a Responses client (:func:`encode_response`, :class:`ResponsesStreamEncoder`) and
OpenAI's own ``/v1/responses`` answers -> canonical (:func:`parse_response`,
:class:`ResponsesStreamDecoder`), for the same-dialect pass-through.

A stream is the documented event sequence, every event numbered by ``sequence_number``:

    response.created, response.in_progress,
    per text block:  response.output_item.added (message), response.content_part.added,
                     response.output_text.delta..., response.output_text.done,
                     response.content_part.done, response.output_item.done
    per tool call:   response.output_item.added (function_call),
                     response.function_call_arguments.delta..., .done, response.output_item.done
    response.completed (or response.incomplete when the answer was cut by max_output_tokens)

and a failure after the stream began is ``error`` then ``response.failed``, never a completion.
OpenAI's own stream (the same-dialect pass-through) is relayed event by event instead
(:class:`~trooper.model.events.Relay`): its events as sent, ``sequence_number`` renumbered and
the response id Trooper's; a rescue after it goes on in the events above.
Thinking becomes a ``reasoning`` output item with its text as a summary. ``created_at`` comes
from the ``clock`` keyword (``time.time`` by default) so tests inject a fixed one.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import orjson

from trooper.errors import ServerError, TrooperError
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
    BlockStart,
    BlockStop,
    Canonical,
    MessageEnd,
    MessageStart,
    Relay,
    StreamEvent,
    canonical,
)
from trooper.translate._common import Blocks, as_list, as_obj, as_str, load_object, status_hint
from trooper.translate.base import StreamDecoder, StreamIncomplete, UpstreamStreamError
from trooper.translate.openai_stream import decode_arguments
from trooper.translate.openai_stream import error_body as error_body

Clock = Callable[[], float]

_INCOMPLETE: dict[StopReason, str] = {
    "max_tokens": "max_output_tokens",
    "content_filter": "content_filter",
}
#: Request fields echoed on the Response object, as the client sent them.
_ECHOED = (
    "instructions",
    "max_output_tokens",
    "metadata",
    "previous_response_id",
    "prompt_cache_key",
    "reasoning",
    "temperature",
    "top_p",
    "store",
)


# ---------------------------------------------------------------- the Response object


#: The name Codex's built-in ``local_shell`` tool has as a function for other providers.
LOCAL_SHELL = "local_shell"


def custom_tools(req: ChatRequest) -> frozenset[str]:
    """Names of the client's tools whose calls are not ``function_call`` items: free-form
    (``custom``) tools, whose calls go back as ``custom_tool_call`` items with the text input,
    and the built-in ``local_shell``, whose calls go back as ``local_shell_call`` items."""
    tools = [as_obj(t) for t in as_list((req.raw or {}).get("tools"))]
    names = {as_str(t.get("name")) for t in tools if t.get("type") == "custom"}
    if any(t.get("type") == LOCAL_SHELL for t in tools):
        names.add(LOCAL_SHELL)
    return frozenset(names)


def response_id(req: ChatRequest, upstream_id: str) -> str:
    """The id the client sees: the one Trooper fixed up front (a later ``previous_response_id``
    names it), else one made from the upstream's."""
    if req.reply_id:
        return req.reply_id
    return upstream_id if upstream_id.startswith("resp_") else f"resp_{upstream_id or 'trooper'}"


def envelope(req: ChatRequest, rid: str, model: str, created: float, status: str) -> JSONObject:
    """A Response object without output or usage: what ``response.created`` carries."""
    raw = req.raw or {}
    plain: JSONObject = {"format": {"type": "text"}}
    text = raw.get("text") if isinstance(raw.get("text"), dict) else plain
    body: JSONObject = {
        "id": rid,
        "object": "response",
        "created_at": int(created),
        "status": status,
        "background": False,
        "error": None,
        "incomplete_details": None,
        "model": model or req.model,
        "output": [],
        "parallel_tool_calls": raw.get("parallel_tool_calls") is not False,
        "text": text,
        "tool_choice": raw.get("tool_choice") or "auto",
        "tools": raw.get("tools") if isinstance(raw.get("tools"), list) else [],
        "truncation": "disabled",
        "usage": None,
        "metadata": {},
    }
    for key in _ECHOED:
        if raw.get(key) is not None:
            body[key] = raw[key]
    return body


def wire_usage(usage: Usage) -> JSONObject:
    return {
        "input_tokens": usage.input_tokens,
        "input_tokens_details": {"cached_tokens": 0, "cache_write_tokens": 0},
        "output_tokens": usage.output_tokens,
        "output_tokens_details": {"reasoning_tokens": 0},
        "total_tokens": usage.input_tokens + usage.output_tokens,
    }


def finish(body: JSONObject, stop: StopReason, usage: Usage, created: float) -> JSONObject:
    """``body`` completed (or incomplete) with its usage."""
    reason = _INCOMPLETE.get(stop)
    body["status"] = "incomplete" if reason else "completed"
    body["incomplete_details"] = {"reason": reason} if reason else None
    body["completed_at"] = int(created)
    body["usage"] = wire_usage(usage)
    return body


def message_item(item_id: str, text: str, status: str = "completed") -> JSONObject:
    content: list[JSONValue] = [] if status != "completed" else [output_text(text)]
    return {
        "id": item_id,
        "type": "message",
        "status": status,
        "role": "assistant",
        "content": content,
    }


def output_text(text: str) -> JSONObject:
    return {"type": "output_text", "text": text, "annotations": [], "logprobs": []}


def call_item(
    item_id: str, call: ToolCallPart | tuple[str, str, str], custom: frozenset[str], status: str
) -> JSONObject:
    """A tool call as a ``function_call`` item, a ``custom_tool_call`` for a free-form tool, or
    a ``local_shell_call``. ``call`` is a whole call, or ``(call_id, name, arguments JSON)`` from
    a stream."""
    if isinstance(call, ToolCallPart):
        call_id, name, arguments = call.id, call.name, orjson.dumps(call.arguments).decode()
    else:
        call_id, name, arguments = call
    if name == LOCAL_SHELL and name in custom:
        given = decode_arguments(arguments or "{}")
        action: JSONObject = {"command": [], "env": {}, **given, "type": "exec"}
        return {
            "id": item_id,
            "type": "local_shell_call",
            "status": status,
            "call_id": call_id,
            "action": action,
        }
    if name in custom:
        value = decode_arguments(arguments or "{}").get("input")
        text = value if isinstance(value, str) else arguments
        return {
            "id": item_id,
            "type": "custom_tool_call",
            "status": status,
            "call_id": call_id,
            "name": name,
            "input": text,
        }
    return {
        "id": item_id,
        "type": "function_call",
        "status": status,
        "call_id": call_id,
        "name": name,
        "arguments": arguments,
    }


def reasoning_item(item_id: str, text: str) -> JSONObject:
    summary: list[JSONValue] = [{"type": "summary_text", "text": text}] if text else []
    return {"id": item_id, "type": "reasoning", "summary": summary}


def encode_response(
    resp: ChatResponse, req: ChatRequest, *, clock: Clock = time.time
) -> JSONObject:
    """A canonical answer as a Response object. OpenAI's own Response (the pass-through) is
    returned as it came, with the id Trooper gave it."""
    own = load_object(resp.raw) if resp.raw is not None else None
    if own is not None and own.get("object") == "response":
        own["id"] = response_id(req, as_str(own.get("id")))
        return own
    now = clock()
    rid = response_id(req, resp.id)
    body = envelope(req, rid, resp.model, now, "completed")
    custom = custom_tools(req)
    output: list[JSONValue] = []
    for n, part in enumerate(resp.parts):
        item_id = f"{n:02d}_{rid}"
        if isinstance(part, TextPart) and part.text:
            output.append(message_item(f"msg_{item_id}", part.text))
        elif isinstance(part, ToolCallPart):
            output.append(call_item(f"fc_{item_id}", part, custom, "completed"))
        elif isinstance(part, ThinkingPart) and part.text:
            output.append(reasoning_item(f"rs_{item_id}", part.text))
    body["output"] = output
    return finish(body, resp.stop_reason, resp.usage, now)


# ---------------------------------------------------------------- streaming to the client


def stream_encoder(req: ChatRequest, *, clock: Clock = time.time) -> ResponsesStreamEncoder:
    return ResponsesStreamEncoder(req, clock)


@dataclass(slots=True)
class _Item:
    """One output item being streamed: its place, its id, and what it has said so far."""

    output_index: int
    item_id: str
    kind: str
    call_id: str = ""
    name: str = ""
    pieces: list[str] = field(default_factory=list)


class ResponsesStreamEncoder:
    """Canonical events -> Responses SSE events (``event:`` + ``data:``), numbered in order."""

    def __init__(self, req: ChatRequest, clock: Clock) -> None:
        self._req = req
        self._clock = clock
        self._custom = custom_tools(req)
        self._seq = 0
        self._body: JSONObject = {}
        self._items: dict[int, _Item] = {}
        self._output: list[JSONValue] = []
        self._next_output = 0  # the output_index of the next item
        self._input_tokens = 0

    def encode(self, event: StreamEvent) -> bytes:
        if isinstance(event, Relay):
            return self._relay(event)
        if isinstance(event, MessageStart):
            return self._start(event)
        if isinstance(event, BlockStart):
            return self._block_start(event)
        if isinstance(event, BlockDelta):
            return self._block_delta(event)
        if isinstance(event, BlockStop):
            return self._block_stop(event)
        return self._end(event)

    def error(self, err: TrooperError) -> bytes:
        if not self._body:
            self._body = envelope(self._req, response_id(self._req, ""), "", self._clock(), "")
        detail = error_body(err)["error"]
        code = as_obj(detail).get("code") or err.kind
        out = self._event("error", {"code": code, "message": err.message, "param": None})
        self._body["status"] = "failed"
        self._body["error"] = {"code": code, "message": err.message}
        self._body["output"] = self._output
        return out + self._event("response.failed", {"response": self._body})

    def _relay(self, event: Relay) -> bytes:
        """OpenAI's own event as it came, numbered in this stream and with Trooper's response
        id. What it covers is tracked as if encoded here, so that a rescue after it goes on
        re-encoded where it stopped (the same items, the next output_index)."""
        data = event.data
        response = data.get("response")
        if isinstance(response, dict):
            self._body = {**response, "id": response_id(self._req, as_str(response.get("id")))}
            data = {**data, "response": self._body}
        self._track(event, data)
        data = {**data, "sequence_number": self._seq}
        self._seq += 1
        return b"event: " + event.event.encode() + b"\ndata: " + orjson.dumps(data) + b"\n\n"

    def _track(self, event: Relay, data: JSONObject) -> None:
        index = data.get("output_index")
        item = as_obj(data.get("item"))
        if isinstance(index, int):
            self._next_output = max(self._next_output, index + 1)
        if event.event == "response.output_item.done" and item:
            self._output.append(item)
            done = item.get("id")
            self._items = {k: i for k, i in self._items.items() if i.item_id != done}
        for covered in event.covers:
            if isinstance(covered, MessageStart):
                self._input_tokens = covered.input_tokens
            elif isinstance(covered, BlockStart) and isinstance(index, int):
                item_id = as_str(data.get("item_id") or item.get("id"))
                bound = _Item(index, item_id, covered.kind, covered.id, covered.name)
                self._items[covered.index] = bound
            elif isinstance(covered, BlockDelta) and covered.index in self._items:
                self._items[covered.index].pieces.append(covered.text)
            elif isinstance(covered, BlockStop):
                self._items.pop(covered.index, None)

    def _event(self, kind: str, payload: JSONObject) -> bytes:
        data: JSONObject = {"type": kind, "sequence_number": self._seq, **payload}
        self._seq += 1
        return b"event: " + kind.encode() + b"\ndata: " + orjson.dumps(data) + b"\n\n"

    def _start(self, event: MessageStart) -> bytes:
        rid = response_id(self._req, event.id)
        self._input_tokens = event.input_tokens
        self._body = envelope(self._req, rid, event.model, self._clock(), "in_progress")
        return self._event("response.created", {"response": self._body}) + self._event(
            "response.in_progress", {"response": self._body}
        )

    def _block_start(self, event: BlockStart) -> bytes:
        if event.kind == "redacted_thinking":
            return b""
        prefix = {"text": "msg", "tool_call": "fc", "thinking": "rs"}[event.kind]
        rid = as_str(self._body.get("id"))
        output_index = self._next_output
        self._next_output += 1
        item = _Item(output_index, f"{prefix}_{output_index:02d}_{rid}", event.kind)
        item.call_id, item.name = event.id, event.name
        self._items[event.index] = item
        where: JSONObject = {"output_index": output_index}
        if event.kind == "text":
            added = message_item(item.item_id, "", "in_progress")
            part: JSONObject = {"item_id": item.item_id, **where, "content_index": 0}
            return self._event("response.output_item.added", {**where, "item": added}) + (
                self._event("response.content_part.added", {**part, "part": output_text("")})
            )
        if event.kind == "thinking":
            added = reasoning_item(item.item_id, "")
            return self._event("response.output_item.added", {**where, "item": added})
        call = call_item(item.item_id, (event.id, event.name, ""), self._custom, "in_progress")
        return self._event("response.output_item.added", {**where, "item": call})

    def _block_delta(self, event: BlockDelta) -> bytes:
        item = self._items.get(event.index)
        if item is None or not event.text:
            return b""
        item.pieces.append(event.text)
        where: JSONObject = {"item_id": item.item_id, "output_index": item.output_index}
        if item.kind == "text":
            delta: JSONObject = {**where, "content_index": 0, "delta": event.text, "logprobs": []}
            return self._event("response.output_text.delta", delta)
        if item.kind == "thinking":
            return b""  # the summary is sent whole when the block ends
        if item.name in self._custom:
            return b""  # a custom or shell call's input is decoded, sent whole at its end
        delta = {**where, "delta": event.text}
        return self._event("response.function_call_arguments.delta", delta)

    def _block_stop(self, event: BlockStop) -> bytes:
        item = self._items.pop(event.index, None)
        if item is None:
            return b""
        text = "".join(item.pieces)
        where: JSONObject = {"item_id": item.item_id, "output_index": item.output_index}
        out = b""
        if item.kind == "text":
            done = message_item(item.item_id, text)
            part: JSONObject = {**where, "content_index": 0}
            out += self._event("response.output_text.done", {**part, "text": text, "logprobs": []})
            out += self._event("response.content_part.done", {**part, "part": output_text(text)})
        elif item.kind == "thinking":
            done = reasoning_item(item.item_id, text)
        else:
            call = (item.call_id, item.name, text or "{}")
            done = call_item(item.item_id, call, self._custom, "completed")
            if done["type"] == "function_call":
                args: JSONObject = {**where, "name": item.name, "arguments": text or "{}"}
                out += self._event("response.function_call_arguments.done", args)
        self._output.append(done)
        where = {"output_index": item.output_index}
        return out + self._event("response.output_item.done", {**where, "item": done})

    def _end(self, event: MessageEnd) -> bytes:
        out = b"".join(self._block_stop(BlockStop(i)) for i in list(self._items))
        usage = event.usage
        if usage.input_tokens == 0:
            usage = Usage(self._input_tokens, usage.output_tokens, usage.estimated)
        self._body["output"] = self._output
        body = finish(self._body, event.stop_reason, usage, self._clock())
        kind = "response.incomplete" if body["status"] == "incomplete" else "response.completed"
        return out + self._event(kind, {"response": body})


# ---------------------------------------------------------------- OpenAI's answers, read back


def parse_response(body: JSONObject, model: str) -> ChatResponse:
    """OpenAI's Response object -> :class:`ChatResponse` (the raw body stays with it)."""
    if body.get("object") != "response":
        raise ServerError("the Responses answer is not a response object")
    parts: list[Part] = []
    for item in as_list(body.get("output")):
        obj = as_obj(item)
        kind = obj.get("type")
        if kind == "message":
            text = "".join(
                as_str(as_obj(c).get("text") or as_obj(c).get("refusal"))
                for c in as_list(obj.get("content"))
            )
            parts.append(TextPart(text))
        elif kind == "function_call":
            arguments = decode_arguments(as_str(obj.get("arguments")) or "{}")
            parts.append(
                ToolCallPart(as_str(obj.get("call_id")), as_str(obj.get("name")), arguments)
            )
        elif kind == "custom_tool_call":
            call = ToolCallPart(as_str(obj.get("call_id")), as_str(obj.get("name")), {})
            call.arguments["input"] = as_str(obj.get("input"))
            parts.append(call)
    has_calls = any(isinstance(p, ToolCallPart) for p in parts)
    return ChatResponse(
        id=as_str(body.get("id")),
        model=as_str(body.get("model")) or model,
        parts=parts or [TextPart("")],
        stop_reason=_stop_reason(body, has_calls),
        usage=_usage(body.get("usage")),
    )


def _stop_reason(body: JSONObject, has_calls: bool) -> StopReason:
    reason = as_obj(body.get("incomplete_details")).get("reason")
    if reason == "max_output_tokens":
        return "max_tokens"
    if reason == "content_filter":
        return "content_filter"
    return "tool_use" if has_calls else "end_turn"


def _usage(value: JSONValue | None) -> Usage:
    counts = as_obj(value)
    input_tokens, output_tokens = counts.get("input_tokens"), counts.get("output_tokens")
    return Usage(
        input_tokens if isinstance(input_tokens, int) else 0,
        output_tokens if isinstance(output_tokens, int) else 0,
    )


def stream_decoder(model: str) -> ResponsesStreamDecoder:
    return ResponsesStreamDecoder(model)


class ResponsesStreamDecoder:
    """OpenAI's Responses stream -> one :class:`Relay` per event: the event as OpenAI sent it
    (a Responses client gets it, reasoning items and built-in tools included) and the canonical
    events it covers (text and tool calls only: the canonical stream has no place for the rest).
    """

    def __init__(self, model: str) -> None:
        self._model = model
        self._blocks = Blocks()
        self._started = False
        self._ended = False
        self._tools: dict[str, int] = {}  # item id -> block index

    def feed(self, event: str | None, data: bytes) -> list[StreamEvent]:
        obj = load_object(data)
        if obj is None:
            return []
        kind = as_str(obj.get("type")) or (event or "")
        if kind in ("error", "response.failed"):
            error = obj.get("error") or as_obj(obj.get("response")).get("error") or obj
            raise UpstreamStreamError(orjson.dumps({"error": error}), status_hint(error))
        covers: list[Canonical] = []
        if not self._started:
            response = as_obj(obj.get("response"))
            rid = as_str(response.get("id")) or "resp_upstream"
            covers.append(MessageStart(rid, as_str(response.get("model")) or self._model))
            self._started = True
        covers += [c for e in self._event(kind, obj) for c in canonical(e)]
        return [Relay("responses", kind, obj, covers, _is_content(kind, obj))]

    def _event(self, kind: str, obj: JSONObject) -> list[StreamEvent]:
        if kind == "response.output_text.delta":
            return self._blocks.text(as_str(obj.get("delta")))
        if kind == "response.output_item.added":
            return self._item(as_obj(obj.get("item")))
        if kind == "response.function_call_arguments.delta":
            index = self._tools.get(as_str(obj.get("item_id")))
            return [] if index is None else [BlockDelta(index, as_str(obj.get("delta")))]
        if kind == "response.output_item.done":
            return self._item_done(as_obj(obj.get("item")))
        if kind in ("response.completed", "response.incomplete"):
            return self._end(as_obj(obj.get("response")))
        return []  # reasoning, built-in tools, custom tool input (sent whole at its end)

    def finish(self) -> list[StreamEvent]:
        if not self._ended:
            raise StreamIncomplete("the Responses stream ended before response.completed")
        return []

    def _item(self, item: JSONObject) -> list[StreamEvent]:
        if item.get("type") != "function_call":
            return []
        index, events = self._blocks.open_tool(
            as_str(item.get("call_id")), as_str(item.get("name"))
        )
        self._tools[as_str(item.get("id"))] = index
        return events

    def _item_done(self, item: JSONObject) -> list[StreamEvent]:
        if item.get("type") == "custom_tool_call":
            arguments: JSONObject = {"input": as_str(item.get("input"))}
            call_id, name = as_str(item.get("call_id")), as_str(item.get("name"))
            return self._blocks.whole_tool(call_id, name, arguments)
        if item.get("type") == "function_call":
            return self._blocks.close()
        return []

    def _end(self, response: JSONObject) -> list[StreamEvent]:
        self._ended = True
        stop = _stop_reason(response, self._blocks.tool_count > 0)
        return [*self._blocks.close(), MessageEnd(stop, _usage(response.get("usage")))]


#: Events of OpenAI's that are the answer's content without a canonical counterpart.
_REASONING_DELTAS = frozenset(
    {"response.reasoning_summary_text.delta", "response.reasoning_text.delta"}
)


def _is_content(kind: str, obj: JSONObject) -> bool:
    """Reasoning text, or a built-in tool's item (``web_search_call``...): the stream has begun
    to answer, so the first-token deadline is met and the stream is committed to OpenAI."""
    if kind in _REASONING_DELTAS:
        return bool(obj.get("delta"))
    if kind == "response.output_item.added":
        return as_obj(obj.get("item")).get("type") not in ("message", "reasoning")
    return False


class EitherStreamDecoder:
    """For an OpenAI upstream that answers in either format: the Responses API names every SSE
    event (``event: response.created``), Chat Completions names none; the first item decides."""

    def __init__(self, responses: StreamDecoder, chat: StreamDecoder) -> None:
        self._responses = responses
        self._chat = chat
        self._inner: StreamDecoder | None = None

    def feed(self, event: str | None, data: bytes) -> list[StreamEvent]:
        if self._inner is None:
            self._inner = self._chat if event is None else self._responses
        return self._inner.feed(event, data)

    def finish(self) -> list[StreamEvent]:
        return (self._inner or self._chat).finish()
