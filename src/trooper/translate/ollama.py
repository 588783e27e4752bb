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
    Usage(input_tokens=0, output_tokens=2, estimated=False, cache_read_tokens=0, \
cache_write_tokens=0)
"""

from __future__ import annotations

import orjson

from trooper.model.conversation import (
    ChatRequest,
    ChatResponse,
    DocumentPart,
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
from trooper.model.events import MessageEnd, MessageStart, StreamEvent
from trooper.translate._common import (
    Blocks,
    as_list,
    as_obj,
    as_str,
    base64_data,
    digest,
    dropped,
    file_kind,
    load_object,
    read_stop_reason,
    read_usage,
    tool_call_id,
)
from trooper.translate.base import StreamDecoder, StreamIncomplete, UpstreamStreamError

__all__ = ["build_request", "parse_response", "stream_decoder"]

# Ollama says "stop" after tool calls too: any reason but "length" is a plain end.
_STOP_FROM_WIRE: dict[str, StopReason] = {"length": "max_tokens"}
_INPUT_KEYS = ("prompt_eval_count",)
_OUTPUT_KEYS = ("eval_count",)


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
    fmt = req.response_format
    if fmt is not None:
        body["format"] = fmt.schema if fmt.schema is not None else "json"
    # ``think`` is left out: Ollama answers 400 for models without thinking (qwen2.5, llama3),
    # and a coding agent asks for thinking on every turn.
    if req.reasoning is not None:
        dropped("reasoning", "ollama")
    return body


def _options(req: ChatRequest, num_ctx: int | None) -> JSONObject:
    wanted: JSONObject = {
        "num_ctx": num_ctx,
        "num_predict": req.max_tokens,
        "temperature": req.temperature,
        "top_p": req.top_p,
        "top_k": req.top_k,
        "seed": req.seed,
        "frequency_penalty": req.frequency_penalty,
        "presence_penalty": req.presence_penalty,
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
        elif message.role == "system":
            out.append({"role": "system", "content": message.text()})
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
        elif isinstance(part, DocumentPart):  # Ollama reads text and images only
            if part.text is None:
                dropped(file_kind(part.media_type), "ollama", part.media_type)
            texts.append(part.as_text())
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
        images.append(base64_data(part.data))
    elif part.url:
        texts.append(f"[image not shown: {part.url}]")


def _with_images(wire: JSONObject, images: list[JSONValue]) -> JSONObject:
    if images:
        wire["images"] = images
    return wire


# --- parse_response ------------------------------------------------------------------------
def parse_response(body: JSONObject, model: str) -> ChatResponse:
    """A whole (``"stream": false``) ``/api/chat`` answer as a :class:`ChatResponse`."""
    response_id = f"ollama-{digest(orjson.dumps(body, option=orjson.OPT_SORT_KEYS))}"
    message = as_obj(body.get("message"))
    parts: list[Part] = []
    content = as_str(message.get("content"))
    if content:
        parts.append(TextPart(content))
    for n, raw in enumerate(as_list(message.get("tool_calls"))):
        parts.append(_tool_call(as_obj(raw), tool_call_id(response_id, n)))
    has_tool = any(isinstance(p, ToolCallPart) for p in parts)
    return ChatResponse(
        id=response_id,
        model=as_str(body.get("model")) or model,
        parts=parts,
        stop_reason=_stop_reason(body, has_tool),
        usage=_usage(body),
    )


def _tool_call(call: JSONObject, call_id: str) -> ToolCallPart:
    function = as_obj(call.get("function"))
    arguments = function.get("arguments")
    if isinstance(arguments, str):  # some versions send the arguments JSON-encoded
        arguments = load_object(arguments)
    return ToolCallPart(call_id, as_str(function.get("name")), as_obj(arguments))


def _stop_reason(line: JSONObject, has_tool: bool) -> StopReason:
    return read_stop_reason(_STOP_FROM_WIRE, line.get("done_reason"), has_tool)


def _usage(line: JSONObject) -> Usage:
    return read_usage(line, _INPUT_KEYS, _OUTPUT_KEYS)


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
        self._blocks = Blocks()

    def feed(self, event: str | None, data: bytes) -> list[StreamEvent]:
        del event  # NDJSON has no event names
        line = load_object(data)  # None for a blank or malformed line
        if line is None or self._ended:
            return []
        if "error" in line:
            raise UpstreamStreamError(data)
        out: list[StreamEvent] = []
        if not self._started:
            out.append(self._start(line, data))
        message = as_obj(line.get("message"))
        content = as_str(message.get("content"))
        if content:
            out.extend(self._blocks.text(content))
        for raw in as_list(message.get("tool_calls")):
            out.extend(self._tool(as_obj(raw)))
        if line.get("done") is True:
            out.extend(self._end(line))
        return out

    def finish(self) -> list[StreamEvent]:
        if self._ended:
            return []
        raise StreamIncomplete('Ollama stream ended without a "done": true line')

    def _start(self, line: JSONObject, data: bytes) -> MessageStart:
        self._started = True
        self._id = f"ollama-{digest(data)}"
        return MessageStart(self._id, as_str(line.get("model")) or self._model)

    def _tool(self, raw: JSONObject) -> list[StreamEvent]:
        call = _tool_call(raw, tool_call_id(self._id, self._blocks.tool_count))
        return self._blocks.whole_tool(call.id, call.name, call.arguments)

    def _end(self, line: JSONObject) -> list[StreamEvent]:
        self._ended = True
        stop = _stop_reason(line, self._blocks.tool_count > 0)
        return [*self._blocks.close(), MessageEnd(stop, _usage(line))]
