"""Ollama native ``POST /api/chat``: the upstream half.

Without streaming the answer is one JSON object; with it, NDJSON: one object per line, each
carrying a piece of ``message``, the last with ``"done": true``, ``done_reason``,
``prompt_eval_count`` and ``eval_count``. Ollama has no message or tool call ids: both are
synthesised from the response itself (deterministic: no clock, no random).

    >>> req = ChatRequest(model="m", messages=[Message("user", [TextPart("hi")])], max_tokens=64)
    >>> build_request(req, "llama3.2", num_ctx=8192)
    {'model': 'llama3.2', 'messages': [{'role': 'user', 'content': 'hi'}], 'stream': False, \
'options': {'num_ctx': 8192, 'num_predict': 64}}
    >>> parse_response({"model": "llama3.2", "message": {"role": "assistant", "content": "yo"},
    ...     "done": True, "done_reason": "stop", "eval_count": 2}, "llama3.2").usage
    Usage(input_tokens=0, output_tokens=2, estimated=False)
"""

from __future__ import annotations

import hashlib

import orjson

from trooper.model.conversation import (
    ChatRequest,
    ChatResponse,
    ImagePart,
    JSONObject,
    JSONValue,
    Message,
    Part,
    StopReason,
    TextPart,
    ToolCallPart,
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
from trooper.translate.base import StreamDecoder, StreamIncomplete, UpstreamStreamError

__all__ = ["build_request", "parse_response", "stream_decoder"]


# --- small typed readers of wire JSON ------------------------------------------------------
def _obj(value: JSONValue | None) -> JSONObject:
    return value if isinstance(value, dict) else {}


def _arr(value: JSONValue | None) -> list[JSONValue]:
    return value if isinstance(value, list) else []


def _str(value: JSONValue | None) -> str:
    return value if isinstance(value, str) else ""


def _int(value: JSONValue | None) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def _call_id(message_id: str, n: int) -> str:
    """Unique across responses (a bare ``call_0`` would repeat every turn, and an Anthropic
    upstream later in the chain rejects duplicate tool ids)."""
    return f"call_{_digest(message_id.encode())[:12]}_{n}"


def _base64(data: str) -> str:
    return data.split(",", 1)[1] if data.startswith("data:") else data


# --- build_request -------------------------------------------------------------------------
def build_request(req: ChatRequest, model: str, *, num_ctx: int | None = None) -> JSONObject:
    """The ``/api/chat`` body for ``req``; ``num_ctx`` sizes the context window Ollama loads
    the model with (its default, 2048 to 4096 tokens, silently truncates longer prompts)."""
    body: JSONObject = {"model": model, "messages": _messages(req), "stream": req.stream}
    options = _options(req, num_ctx)
    if options:
        body["options"] = options
    choice = req.tool_choice
    # Ollama has no tool_choice; "none" is kept by not offering the tools at all.
    refused = choice is not None and choice.mode == "none" and not choice.name
    if req.tools and not refused:
        body["tools"] = [_tool(tool) for tool in req.tools]
    return body


def _options(req: ChatRequest, num_ctx: int | None) -> JSONObject:
    wanted: JSONObject = {
        "num_ctx": num_ctx,
        "num_predict": req.max_tokens,
        "temperature": req.temperature,
        "top_p": req.top_p,
    }
    options: JSONObject = {key: value for key, value in wanted.items() if value is not None}
    if req.stop:
        stops: list[JSONValue] = list(req.stop)
        options["stop"] = stops
    return options


def _tool(tool: ToolDef) -> JSONValue:
    parameters = tool.parameters or {"type": "object", "properties": {}}
    function: JSONObject = {
        "name": tool.name,
        "description": tool.description,
        "parameters": parameters,
    }
    return {"type": "function", "function": function}


def _messages(req: ChatRequest) -> list[JSONValue]:
    out: list[JSONValue] = []
    if req.system:
        out.append({"role": "system", "content": req.system})
    names: dict[str, str] = {}  # tool call id -> tool name, for the results that follow
    for message in req.messages:
        if message.role == "assistant":
            out.extend(_assistant(message, names))
        else:
            out.extend(_user(message, names))
    return out


def _assistant(message: Message, names: dict[str, str]) -> list[JSONValue]:
    calls: list[JSONValue] = []
    for part in message.parts:
        if isinstance(part, ToolCallPart):
            names[part.id] = part.name
            calls.append({"function": {"name": part.name, "arguments": part.arguments}})
    text = "\n".join(p.text for p in message.parts if isinstance(p, TextPart) and p.text)
    wire: JSONObject = {"role": "assistant", "content": text}
    if calls:
        wire["tool_calls"] = calls
    return [wire] if text or calls else []  # a thinking-only turn says nothing here


def _user(message: Message, names: dict[str, str]) -> list[JSONValue]:
    """Tool results first, each its own ``tool`` message, then what the user said."""
    out: list[JSONValue] = []
    texts: list[str] = []
    images: list[JSONValue] = []
    for part in message.parts:
        if isinstance(part, ToolResultPart):
            out.append(_tool_result(part, names))
        elif isinstance(part, TextPart) and part.text:
            texts.append(part.text)
        elif isinstance(part, ImagePart):
            _image(part, texts, images)
    if texts or images:
        out.append(_with_images({"role": "user", "content": "\n".join(texts)}, images))
    return out


def _tool_result(part: ToolResultPart, names: dict[str, str]) -> JSONValue:
    name = names.get(part.tool_call_id) or part.name or "tool"
    texts = [f"Error: {part.text()}" if part.is_error else part.text()]
    images: list[JSONValue] = []
    for item in part.content:
        if isinstance(item, ImagePart):
            _image(item, texts, images)
    wire: JSONObject = {"role": "tool", "content": "\n".join(t for t in texts if t)}
    wire["tool_name"] = name
    return _with_images(wire, images)


def _image(part: ImagePart, texts: list[str], images: list[JSONValue]) -> None:
    """Ollama takes bare base64 only: an image by URL becomes a note that it was left out."""
    if part.data:
        images.append(_base64(part.data))
    elif part.url:
        texts.append(f"[image not shown: {part.url}]")


def _with_images(wire: JSONObject, images: list[JSONValue]) -> JSONObject:
    if images:
        wire["images"] = images
    return wire


# --- parse_response ------------------------------------------------------------------------
def parse_response(body: JSONObject, model: str) -> ChatResponse:
    """A whole (``"stream": false``) ``/api/chat`` answer as a :class:`ChatResponse`."""
    response_id = f"ollama-{_digest(orjson.dumps(body, option=orjson.OPT_SORT_KEYS))}"
    message = _obj(body.get("message"))
    parts: list[Part] = []
    content = _str(message.get("content"))
    if content:
        parts.append(TextPart(content))
    for n, raw in enumerate(_arr(message.get("tool_calls"))):
        parts.append(_tool_call(_obj(raw), _call_id(response_id, n)))
    has_tool = any(isinstance(p, ToolCallPart) for p in parts)
    return ChatResponse(
        id=response_id,
        model=_str(body.get("model")) or model,
        parts=parts,
        stop_reason=_stop_reason(_str(body.get("done_reason")), has_tool),
        usage=_usage(body),
    )


def _tool_call(call: JSONObject, call_id: str) -> ToolCallPart:
    function = _obj(call.get("function"))
    arguments = function.get("arguments")
    if isinstance(arguments, str):  # some versions send the arguments JSON-encoded
        try:
            arguments = orjson.loads(arguments)
        except orjson.JSONDecodeError:
            arguments = None
    return ToolCallPart(call_id, _str(function.get("name")), _obj(arguments))


def _stop_reason(done_reason: str, has_tool: bool) -> StopReason:
    if done_reason == "length":
        return "max_tokens"
    # Ollama says "stop" after tool calls too.
    return "tool_use" if has_tool else "end_turn"


def _usage(line: JSONObject) -> Usage:
    return Usage(_int(line.get("prompt_eval_count")), _int(line.get("eval_count")))


# --- stream_decoder ------------------------------------------------------------------------
def stream_decoder(model: str) -> StreamDecoder:
    """A decoder for ``/api/chat`` with ``"stream": true``: feed each NDJSON line."""
    return OllamaStreamDecoder(model)


class OllamaStreamDecoder:
    """Ollama NDJSON lines -> canonical events. Content pieces share one text block per run;
    tool calls arrive whole and become whole tool blocks; ``thinking`` is left out."""

    def __init__(self, model: str) -> None:
        self._model = model
        self._id = ""
        self._started = False
        self._ended = False
        self._next_index = 0
        self._text_index: int | None = None
        self._tool_count = 0

    def feed(self, event: str | None, data: bytes) -> list[StreamEvent]:
        del event  # NDJSON has no event names
        line = _load(data)
        if line is None or self._ended:
            return []
        if "error" in line:
            raise UpstreamStreamError(data)
        out: list[StreamEvent] = []
        if not self._started:
            out.append(self._start(line, data))
        message = _obj(line.get("message"))
        content = _str(message.get("content"))
        if content:
            out.extend(self._text(content))
        for raw in _arr(message.get("tool_calls")):
            out.extend(self._tool(_obj(raw)))
        if line.get("done") is True:
            out.extend(self._end(line))
        return out

    def finish(self) -> list[StreamEvent]:
        if self._ended:
            return []
        raise StreamIncomplete('Ollama stream ended without a "done": true line')

    def _start(self, line: JSONObject, data: bytes) -> MessageStart:
        self._started = True
        self._id = f"ollama-{_digest(data)}"
        return MessageStart(self._id, _str(line.get("model")) or self._model)

    def _text(self, text: str) -> list[StreamEvent]:
        out: list[StreamEvent] = []
        if self._text_index is None:
            self._text_index = self._next_index
            self._next_index += 1
            out.append(BlockStart(self._text_index, "text"))
        out.append(BlockDelta(self._text_index, text))
        return out

    def _tool(self, raw: JSONObject) -> list[StreamEvent]:
        out = self._close_text()
        index = self._next_index
        self._next_index += 1
        call = _tool_call(raw, _call_id(self._id, self._tool_count))
        self._tool_count += 1
        out.append(BlockStart(index, "tool_call", id=call.id, name=call.name))
        out.append(BlockDelta(index, orjson.dumps(call.arguments).decode()))
        out.append(BlockStop(index))
        return out

    def _close_text(self) -> list[StreamEvent]:
        if self._text_index is None:
            return []
        index, self._text_index = self._text_index, None
        return [BlockStop(index)]

    def _end(self, line: JSONObject) -> list[StreamEvent]:
        self._ended = True
        out = self._close_text()
        reason = _stop_reason(_str(line.get("done_reason")), self._tool_count > 0)
        out.append(MessageEnd(reason, _usage(line)))
        return out


def _load(data: bytes) -> JSONObject | None:
    """One NDJSON line as an object; ``None`` for a blank or malformed line (skipped)."""
    try:
        value = orjson.loads(data)
    except orjson.JSONDecodeError:
        return None
    return value if isinstance(value, dict) else None
