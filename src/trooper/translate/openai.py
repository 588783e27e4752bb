"""The OpenAI Chat Completions wire format, both halves of the translator contract.

Inbound (a client speaks OpenAI to Trooper) and upstream (Trooper calls OpenAI, or an
OpenAI-compatible local server: llama.cpp, vLLM, LM Studio):

    >>> req = parse_request({"model": "gpt-4o", "messages": [
    ...     {"role": "system", "content": "Be brief."}, {"role": "user", "content": "hi"}]})
    >>> (req.system, req.latest_user_text())
    ('Be brief.', 'hi')
    >>> build_request(req, "gpt-4o-mini")["model"]
    'gpt-4o-mini'

OpenAI has no blocks and no alternation rule: tool results are separate ``tool`` messages and
system prompts may appear anywhere. The canonical model has one system prompt and alternating
turns, so ``system``/``developer`` messages are joined, and tool messages are merged with their
neighbouring user turn (and back out again in :func:`build_request`).

The one impure bit: OpenAI bodies carry ``created`` (a Unix time). It comes from the ``clock``
keyword of :func:`encode_response` and :func:`stream_encoder` (``time.time`` by default), so tests
inject a fixed one.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import NoReturn
from urllib.parse import urlsplit

import orjson

from trooper.errors import (
    AuthFailed,
    AuthRequired,
    ContentPolicy,
    ContextTooLong,
    InvalidRequest,
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
    ImagePart,
    JSONObject,
    JSONValue,
    Message,
    Part,
    StopReason,
    TextPart,
    ToolCallPart,
    ToolChoice,
    ToolChoiceMode,
    ToolDef,
    ToolResultPart,
    Usage,
)
from trooper.model.events import (
    BlockDelta,
    BlockKind,
    BlockStart,
    BlockStop,
    MessageEnd,
    MessageStart,
    StreamEvent,
)
from trooper.translate.base import StreamIncomplete, UpstreamStreamError

__all__ = [
    "OpenAIStreamDecoder",
    "OpenAIStreamEncoder",
    "build_request",
    "encode_response",
    "error_body",
    "parse_request",
    "parse_response",
    "stream_decoder",
    "stream_encoder",
]

Clock = Callable[[], float]

_ROLES = "system, developer, user, assistant, tool"
_TEXT_ONLY = frozenset({"text"})
_USER_PARTS = frozenset({"text", "image_url"})
_ASSISTANT_PARTS = frozenset({"text", "refusal"})
_IMAGE_TYPES = {
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
}
# OpenAI's reasoning models reject max_tokens and want max_completion_tokens.
_COMPLETION_TOKENS_MODELS = ("o1", "o3", "o4", "gpt-5")
_CHOICE_FROM_WIRE: dict[str, ToolChoiceMode] = {"auto": "auto", "none": "none", "required": "any"}
_CHOICE_TO_WIRE: dict[ToolChoiceMode, str] = {"auto": "auto", "none": "none", "any": "required"}
_FINISH_TO_WIRE: dict[StopReason, str] = {
    "end_turn": "stop",
    "stop_sequence": "stop",
    "max_tokens": "length",
    "tool_use": "tool_calls",
    "content_filter": "content_filter",
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
# Top-level keys build_request writes itself; any other key of an OpenAI client's body is copied.
_PRODUCED_KEYS = frozenset(
    {"model", "messages", "tools", "tool_choice", "temperature", "top_p", "stop", "stream"}
    | {"stream_options", "max_tokens", "max_completion_tokens"}
)


# ---------------------------------------------------------------- inbound: parse_request


def parse_request(body: JSONObject) -> ChatRequest:
    """A client's Chat Completions body -> :class:`ChatRequest`; raises :class:`InvalidRequest`
    naming the offending field. Unknown top-level fields are ignored (they live on in ``raw``)."""
    if not isinstance(body, dict):
        raise InvalidRequest("request body must be a JSON object")
    system, messages = _parse_messages(body.get("messages"))
    return ChatRequest(
        model=_opt_str(body, "model", "model") or "",
        messages=messages,
        system=system,
        tools=_parse_tools(body.get("tools")),
        tool_choice=_parse_tool_choice(body.get("tool_choice")),
        max_tokens=_parse_max_tokens(body),
        temperature=_opt_number(body, "temperature"),
        top_p=_opt_number(body, "top_p"),
        stop=_parse_stop(body.get("stop")),
        stream=_opt_bool(body, "stream", "stream") or False,
        include_usage=_parse_include_usage(body.get("stream_options")),
        dialect="openai",
        raw=body,
    )


def _bad(where: str, expected: str) -> NoReturn:
    raise InvalidRequest(f"{where}: expected {expected}")


def _as_obj(value: JSONValue, where: str) -> JSONObject:
    if not isinstance(value, dict):
        _bad(where, "an object")
    return value


def _req_str(obj: JSONObject, key: str, where: str) -> str:
    value = obj.get(key)
    if not isinstance(value, str):
        _bad(f"{where}.{key}", "a string")
    return value


def _opt_str(obj: JSONObject, key: str, where: str) -> str | None:
    value = obj.get(key)
    if value is not None and not isinstance(value, str):
        _bad(where, "a string")
    return value


def _opt_bool(obj: JSONObject, key: str, where: str) -> bool | None:
    value = obj.get(key)
    if value is not None and not isinstance(value, bool):
        _bad(where, "a boolean")
    return value


def _opt_number(obj: JSONObject, key: str) -> float | None:
    value = obj.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        _bad(key, "a number")
    return float(value)


def _opt_positive_int(obj: JSONObject, key: str) -> int | None:
    value = obj.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        _bad(key, "a positive integer")
    return value


def _parse_max_tokens(body: JSONObject) -> int | None:
    completion = _opt_positive_int(body, "max_completion_tokens")
    legacy = _opt_positive_int(body, "max_tokens")
    return completion if completion is not None else legacy


def _parse_include_usage(value: JSONValue) -> bool:
    if value is None:
        return False
    options = _as_obj(value, "stream_options")
    return _opt_bool(options, "include_usage", "stream_options.include_usage") or False


def _parse_stop(value: JSONValue) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list):
        _bad("stop", "a string or an array of strings")
    stops: list[str] = []
    for item in value:
        if not isinstance(item, str):
            _bad("stop", "a string or an array of strings")
        stops.append(item)
    return stops


def _parse_messages(value: JSONValue) -> tuple[str | None, list[Message]]:
    if value is None:
        raise InvalidRequest("messages: required")
    if not isinstance(value, list):
        _bad("messages", "an array of messages")
    if not value:
        raise InvalidRequest("messages: must not be empty")
    system: list[str] = []
    messages: list[Message] = []
    for i, item in enumerate(value):
        where = f"messages[{i}]"
        msg = _as_obj(item, where)
        role = msg.get("role")
        if role in ("system", "developer"):
            system.append(_system_text(msg, where))
        elif role in ("user", "assistant", "tool"):
            _append_turn(messages, _parse_turn(msg, where))
        else:
            _bad(f"{where}.role", f"one of {_ROLES}, got {orjson.dumps(role).decode()[:40]}")
    return ("\n\n".join(system) if system else None), messages


def _parse_turn(msg: JSONObject, where: str) -> Message:
    role = msg.get("role")
    if role == "user":
        return Message("user", list(_content(msg.get("content"), where, _USER_PARTS)))
    if role == "assistant":
        return Message("assistant", _assistant_parts(msg, where))
    return Message("user", [_tool_result(msg, where)])


def _append_turn(messages: list[Message], message: Message) -> None:
    """Merge consecutive turns of one role, so the conversation alternates like Anthropic's."""
    if messages and messages[-1].role == message.role:
        messages[-1].parts.extend(message.parts)
    else:
        messages.append(message)


def _system_text(msg: JSONObject, where: str) -> str:
    parts = _content(msg.get("content"), where, _TEXT_ONLY)
    return "\n\n".join(p.text for p in parts if isinstance(p, TextPart))


def _content(value: JSONValue, where: str, allowed: frozenset[str]) -> list[TextPart | ImagePart]:
    where = f"{where}.content"
    if isinstance(value, str):
        return [TextPart(value)]
    if not isinstance(value, list):
        _bad(where, "a string or an array of content parts")
    return [_content_part(item, f"{where}[{j}]", allowed) for j, item in enumerate(value)]


def _content_part(value: JSONValue, where: str, allowed: frozenset[str]) -> TextPart | ImagePart:
    part = _as_obj(value, where)
    kind = part.get("type")
    if not isinstance(kind, str) or kind not in allowed:
        _bad(f"{where}.type", " or ".join(f'"{k}"' for k in sorted(allowed)))
    if kind == "image_url":
        return _image_part(part.get("image_url"), f"{where}.image_url")
    return TextPart(_req_str(part, kind, where))  # "text" carries text, "refusal" the refusal


def _image_part(value: JSONValue, where: str) -> ImagePart:
    url = _req_str(_as_obj(value, where), "url", where)
    if not url.startswith("data:"):
        return ImagePart(media_type=_guess_media_type(url), url=url)
    header, comma, data = url[len("data:") :].partition(",")
    media_type, _, encoding = header.partition(";")
    if not comma or not media_type or encoding != "base64":
        _bad(f"{where}.url", "an http(s) URL or data:<media type>;base64,<data>")
    return ImagePart(media_type=media_type, data=data)


def _guess_media_type(url: str) -> str:
    """From the path's extension; ``image/*`` (unknown) when there is none to go by."""
    extension = urlsplit(url).path.rpartition(".")[2].lower()
    return _IMAGE_TYPES.get(extension, "image/*")


def _assistant_parts(msg: JSONObject, where: str) -> list[Part]:
    parts: list[Part] = []
    content = msg.get("content")
    if content is not None:
        parts.extend(p for p in _content(content, where, _ASSISTANT_PARTS) if p != TextPart(""))
    calls = msg.get("tool_calls")
    if calls is not None:
        if not isinstance(calls, list):
            _bad(f"{where}.tool_calls", "an array of tool calls")
        parts.extend(_tool_call(c, f"{where}.tool_calls[{k}]") for k, c in enumerate(calls))
    return parts or [TextPart("")]


def _tool_call(value: JSONValue, where: str) -> ToolCallPart:
    call = _as_obj(value, where)
    if call.get("type", "function") != "function":
        _bad(f"{where}.type", '"function"')
    function = _as_obj(call.get("function"), f"{where}.function")
    arguments = function.get("arguments")
    if isinstance(arguments, dict):  # not OpenAI's form, but unambiguous
        decoded = arguments
    elif isinstance(arguments, str):
        decoded = _decode_arguments(arguments)
    else:
        _bad(f"{where}.function.arguments", "a JSON string")
    name = _req_str(function, "name", f"{where}.function")
    return ToolCallPart(id=_req_str(call, "id", where), name=name, arguments=decoded)


def _decode_arguments(text: str) -> JSONObject:
    """A tool call's JSON-string arguments; ``{"_raw": text}`` when they are not a JSON object."""
    if not text.strip():
        return {}
    try:
        value = orjson.loads(text)
    except orjson.JSONDecodeError:
        return {"_raw": text}
    return value if isinstance(value, dict) else {"_raw": text}


def _tool_result(msg: JSONObject, where: str) -> ToolResultPart:
    call_id = msg.get("tool_call_id")
    if not isinstance(call_id, str) or not call_id:
        _bad(f"{where}.tool_call_id", "a string (required for tool messages)")
    return ToolResultPart(call_id, _content(msg.get("content"), where, _TEXT_ONLY))


def _parse_tools(value: JSONValue) -> list[ToolDef]:
    if value is None:
        return []
    if not isinstance(value, list):
        _bad("tools", "an array of tools")
    return [_tool_def(item, f"tools[{i}]") for i, item in enumerate(value)]


def _tool_def(value: JSONValue, where: str) -> ToolDef:
    tool = _as_obj(value, where)
    if tool.get("type") != "function":
        _bad(f"{where}.type", '"function"')
    function = _as_obj(tool.get("function"), f"{where}.function")
    name = _req_str(function, "name", f"{where}.function")
    description = _opt_str(function, "description", f"{where}.function.description")
    parameters = function.get("parameters")
    if parameters is None:
        parameters = {"type": "object", "properties": {}}
    elif not isinstance(parameters, dict):
        _bad(f"{where}.function.parameters", "a JSON Schema object")
    return ToolDef(name=name, description=description or "", parameters=parameters)


def _parse_tool_choice(value: JSONValue) -> ToolChoice | None:
    if value is None:
        return None
    if isinstance(value, str) and value in _CHOICE_FROM_WIRE:
        return ToolChoice(_CHOICE_FROM_WIRE[value])
    if isinstance(value, dict) and value.get("type") == "function":
        function = value.get("function")
        if isinstance(function, dict) and isinstance(function.get("name"), str):
            return ToolChoice("auto", name=str(function["name"]))
    _bad("tool_choice", '"auto", "none", "required" or {"type": "function", "function": {"name"}}')


# ---------------------------------------------------------------- inbound: responses and errors


def encode_response(
    resp: ChatResponse, req: ChatRequest, *, clock: Clock = time.time
) -> JSONObject:
    """A whole answer as a ``chat.completion`` (thinking is left out)."""
    text = resp.text()
    calls: list[JSONValue] = [_wire_tool_call(p) for p in resp.parts if isinstance(p, ToolCallPart)]
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
    return {
        "prompt_tokens": usage.input_tokens,
        "completion_tokens": usage.output_tokens,
        "total_tokens": usage.input_tokens + usage.output_tokens,
    }


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
        if kind == "thinking" or not event.text:
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
                usage = Usage(self._input_tokens, usage.output_tokens, usage.estimated)
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


# ---------------------------------------------------------------- upstream: build_request


def build_request(req: ChatRequest, model: str) -> JSONObject:
    """The upstream body. An unmodified OpenAI client's body is forwarded as it came (model and
    streaming set); anything else is built from the canonical conversation."""
    if req.raw is not None and req.dialect == "openai" and not req.modified:
        return _forward_raw(req.raw, model, req.stream)
    body: JSONObject = {"model": model, "messages": _wire_messages(req)}
    _add_options(body, req, model)
    if req.raw is not None and req.dialect == "openai":
        body.update((k, v) for k, v in req.raw.items() if k not in _PRODUCED_KEYS)
    return body


def _forward_raw(raw: JSONObject, model: str, stream: bool) -> JSONObject:
    body = dict(raw)
    body["model"] = model
    body["stream"] = stream
    if stream:  # we always want usage, whether the client asked for it or not
        options = raw.get("stream_options")
        body["stream_options"] = {
            **(options if isinstance(options, dict) else {}),
            "include_usage": True,
        }
    else:  # OpenAI rejects stream_options on a non-streaming request
        body.pop("stream_options", None)
    return body


def _add_options(body: JSONObject, req: ChatRequest, model: str) -> None:
    if req.tools:
        body["tools"] = [_wire_tool(t) for t in req.tools]
        if req.tool_choice is not None:  # OpenAI rejects tool_choice without tools
            body["tool_choice"] = _wire_tool_choice(req.tool_choice)
    if req.max_tokens is not None:
        key = (
            "max_completion_tokens" if model.startswith(_COMPLETION_TOKENS_MODELS) else "max_tokens"
        )
        body[key] = req.max_tokens
    if req.temperature is not None:
        body["temperature"] = req.temperature
    if req.top_p is not None:
        body["top_p"] = req.top_p
    if req.stop:
        body["stop"] = list(req.stop)
    body["stream"] = req.stream
    if req.stream:
        body["stream_options"] = {"include_usage": True}


def _wire_tool(tool: ToolDef) -> JSONObject:
    function: JSONObject = {"name": tool.name}
    if tool.description:
        function["description"] = tool.description
    function["parameters"] = tool.parameters
    return {"type": "function", "function": function}


def _wire_tool_choice(choice: ToolChoice) -> JSONValue:
    if choice.name is not None:
        return {"type": "function", "function": {"name": choice.name}}
    return _CHOICE_TO_WIRE[choice.mode]


def _wire_messages(req: ChatRequest) -> list[JSONValue]:
    out: list[JSONValue] = []
    if req.system:
        out.append({"role": "system", "content": req.system})
    for message in req.messages:
        if message.role == "user":
            out.extend(_wire_user(message))
        else:
            out.append(_wire_assistant(message))
    return out


def _wire_user(message: Message) -> list[JSONValue]:
    """Tool results become ``tool`` messages, before the rest of the turn (OpenAI wants them
    right after the assistant's tool calls). Images in tool results, which ``tool`` messages
    cannot carry, move to that rest."""
    out: list[JSONValue] = []
    rest: list[TextPart | ImagePart] = []
    for part in message.parts:
        if isinstance(part, ToolResultPart):
            out.append({"role": "tool", "tool_call_id": part.tool_call_id, "content": part.text()})
            rest.extend(p for p in part.content if isinstance(p, ImagePart))
        elif isinstance(part, TextPart | ImagePart):
            rest.append(part)
    if rest:
        out.append({"role": "user", "content": _wire_content(rest)})
    return out


def _wire_content(parts: list[TextPart | ImagePart]) -> JSONValue:
    if len(parts) == 1 and isinstance(parts[0], TextPart):
        return parts[0].text
    return [_wire_part(p) for p in parts]


def _wire_part(part: TextPart | ImagePart) -> JSONValue:
    if isinstance(part, TextPart):
        return {"type": "text", "text": part.text}
    url = (
        part.url if part.data is None and part.url else f"data:{part.media_type};base64,{part.data}"
    )
    return {"type": "image_url", "image_url": {"url": url}}


def _wire_assistant(message: Message) -> JSONObject:
    text = message.text()
    calls: list[JSONValue] = [
        _wire_tool_call(p) for p in message.parts if isinstance(p, ToolCallPart)
    ]
    wire: JSONObject = {"role": "assistant", "content": text if text or not calls else None}
    if calls:
        wire["tool_calls"] = calls
    return wire


def _wire_tool_call(call: ToolCallPart) -> JSONObject:
    raw = call.arguments.get("_raw")
    if isinstance(raw, str) and len(call.arguments) == 1:  # arguments that never were an object
        arguments = raw
    else:
        arguments = orjson.dumps(call.arguments).decode()
    function: JSONObject = {"name": call.name, "arguments": arguments}
    return {"id": call.id, "type": "function", "function": function}


# ---------------------------------------------------------------- upstream: responses


def parse_response(body: JSONObject, model: str) -> ChatResponse:
    """A ``chat.completion`` -> :class:`ChatResponse`. A body without a first choice is an
    upstream fault (:class:`ServerError`), not an empty answer."""
    choice = _first_choice(body)
    if choice is None:
        raise ServerError("OpenAI-compatible response has no choices")
    message = choice.get("message")
    parts = _response_parts(message if isinstance(message, dict) else {})
    has_calls = any(isinstance(p, ToolCallPart) for p in parts)
    return ChatResponse(
        id=_str(body.get("id")),
        model=_str(body.get("model")) or model,
        parts=parts,
        stop_reason=_stop_reason(choice.get("finish_reason"), has_calls),
        usage=_usage(body.get("usage")),
    )


def _response_parts(message: JSONObject) -> list[Part]:
    parts: list[Part] = []
    text = _text_of(message.get("content")) or _str(message.get("refusal"))
    if text:
        parts.append(TextPart(text))
    calls = message.get("tool_calls")
    for k, call in enumerate(calls if isinstance(calls, list) else []):
        if isinstance(call, dict):
            parts.append(_response_tool_call(call, k))
    return parts


def _response_tool_call(call: JSONObject, k: int) -> ToolCallPart:
    function = call.get("function")
    function = function if isinstance(function, dict) else {}
    arguments = function.get("arguments")
    decoded = arguments if isinstance(arguments, dict) else _decode_arguments(_str(arguments))
    # Some local servers leave ids out; the tool result still needs one to point at.
    return ToolCallPart(
        id=_str(call.get("id")) or f"call_{k}", name=_str(function.get("name")), arguments=decoded
    )


def _first_choice(body: JSONObject) -> JSONObject | None:
    """The choice with index 0 (a client that asked for ``n > 1`` gets the first)."""
    choices = body.get("choices")
    for choice in choices if isinstance(choices, list) else []:
        if isinstance(choice, dict) and choice.get("index", 0) == 0:
            return choice
    return None


def _stop_reason(finish: JSONValue, has_calls: bool) -> StopReason:
    reason = _FINISH_FROM_WIRE.get(finish, "end_turn") if isinstance(finish, str) else "end_turn"
    # llama.cpp and others may say "stop" after tool calls; the calls are what matters.
    return "tool_use" if has_calls and reason == "end_turn" else reason


def _usage(value: JSONValue) -> Usage:
    if not isinstance(value, dict):
        return Usage()
    return Usage(_int(value.get("prompt_tokens")), _int(value.get("completion_tokens")))


def _int(value: JSONValue) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _str(value: JSONValue) -> str:
    return value if isinstance(value, str) else ""


def _text_of(content: JSONValue) -> str:
    """Message content as text: a string, or (some servers) an array of text parts."""
    if isinstance(content, str):
        return content
    parts = content if isinstance(content, list) else []
    return "".join(_str(p.get("text")) for p in parts if isinstance(p, dict))


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
        self._next_index = 0
        self._open: int | None = None  # canonical index of the open block
        self._open_tool: int | None = None  # its tool key, when it is a tool call
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
        try:
            chunk: JSONValue = orjson.loads(data)
        except orjson.JSONDecodeError:
            return []
        if not isinstance(chunk, dict):
            return []
        if chunk.get("error") is not None:
            raise UpstreamStreamError(data, _status_hint(chunk["error"]))
        events = self._start(chunk)
        if isinstance(chunk.get("usage"), dict):
            self._usage = _usage(chunk.get("usage"))
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
        model = _str(chunk.get("model")) or self._model
        return [MessageStart(id=_str(chunk.get("id")), model=model)]

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
        text = _str(delta.get("content")) or _str(delta.get("refusal"))
        if text:
            events.extend(self._text(text))
        calls = delta.get("tool_calls")
        for call in calls if isinstance(calls, list) else []:
            if isinstance(call, dict):
                events.extend(self._tool_call(call))
        return events

    def _text(self, text: str) -> list[StreamEvent]:
        if self._open is not None and self._open_tool is None:
            return [BlockDelta(self._open, text)]
        events = self._close_block()
        index = self._open_block()
        return [*events, BlockStart(index, "text"), BlockDelta(index, text)]

    def _tool_call(self, call: JSONObject) -> list[StreamEvent]:
        key = self._tool_key(call)
        function = call.get("function")
        function = function if isinstance(function, dict) else {}
        events: list[StreamEvent] = []
        if key not in self._tools:
            events.extend(self._close_block())
            index = self._tools[key] = self._open_block()
            self._open_tool = key
            call_id = _str(call.get("id")) or f"call_{key}"
            events.append(
                BlockStart(index, "tool_call", id=call_id, name=_str(function.get("name")))
            )
        fragment = _str(function.get("arguments"))
        if fragment:
            events.append(BlockDelta(self._tools[key], fragment))
        return events

    def _tool_key(self, call: JSONObject) -> int:
        index = call.get("index")
        if isinstance(index, int) and not isinstance(index, bool):
            return index
        # No index (some servers send each call whole): a new id or a name starts a new call.
        call_id = _str(call.get("id"))
        if call_id:
            return self._keys_by_id.setdefault(call_id, len(self._tools))
        function = call.get("function")
        named = isinstance(function, dict) and bool(_str(function.get("name")))
        return self._open_tool if self._open_tool is not None and not named else len(self._tools)

    def _open_block(self) -> int:
        index = self._open = self._next_index
        self._next_index += 1
        return index

    def _close_block(self) -> list[StreamEvent]:
        if self._open is None:
            return []
        index, self._open, self._open_tool = self._open, None, None
        return [BlockStop(index)]

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


def _status_hint(error: JSONValue) -> int:
    """vLLM and others put the HTTP status in ``error.code``; OpenAI puts a string there."""
    code = error.get("code") if isinstance(error, dict) else None
    return code if isinstance(code, int) and 400 <= code <= 599 else 500
