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
inject a fixed one. Those and the other answer halves (:func:`parse_response`, the stream encoder
and decoder) live in :mod:`trooper.translate.openai_stream` and are re-exported here.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import orjson

from trooper.errors import InvalidRequest
from trooper.model.conversation import (
    ChatRequest,
    DocumentPart,
    Effort,
    ImagePart,
    JSONObject,
    JSONValue,
    Message,
    Part,
    ResponseFormat,
    TextPart,
    ToolCallPart,
    ToolChoice,
    ToolChoiceMode,
    ToolDef,
    ToolResultPart,
    effort_named,
)
from trooper.slices import Steps
from trooper.translate._common import IMAGE_MEDIA_TYPES, Checker, dropped, file_kind
from trooper.translate.base import parse_in_steps
from trooper.translate.openai_stream import Clock as Clock  # re-exported for callers' clocks
from trooper.translate.openai_stream import (
    OpenAIStreamDecoder,
    OpenAIStreamEncoder,
    decode_arguments,
    encode_response,
    error_body,
    parse_response,
    stream_decoder,
    stream_encoder,
    wire_tool_call,
)

__all__ = [
    "OpenAIStreamDecoder",
    "OpenAIStreamEncoder",
    "build_request",
    "encode_response",
    "error_body",
    "parse_request",
    "parse_request_steps",
    "parse_response",
    "stream_decoder",
    "stream_encoder",
]

_ROLES = "system, developer, user, assistant, tool, function"
_TEXT_ONLY = frozenset({"text"})
_USER_PARTS = frozenset({"text", "image_url", "file", "input_audio"})
_ASSISTANT_PARTS = frozenset({"text", "refusal"})
# OpenAI's reasoning models reject max_tokens and want max_completion_tokens.
_COMPLETION_TOKENS_MODELS = ("o1", "o3", "o4", "gpt-5")
_CHOICE_FROM_WIRE: dict[str, ToolChoiceMode] = {"auto": "auto", "none": "none", "required": "any"}
_CHOICE_TO_WIRE: dict[ToolChoiceMode, str] = {"auto": "auto", "none": "none", "any": "required"}
# Top-level keys build_request writes itself; any other key of an OpenAI client's body is copied.
_PRODUCED_KEYS = frozenset(
    {"model", "messages", "tools", "tool_choice", "temperature", "top_p", "stop", "stream"}
    | {"stream_options", "max_tokens", "max_completion_tokens", "functions", "function_call"}
)
_check = Checker("expected")  # the client's errors read "messages[0].role: expected ..."


# ---------------------------------------------------------------- inbound: parse_request


#: The opening system prompt (if any) and the conversation.
_Converted = tuple[str | None, list[Message]]


def parse_request(body: JSONObject, *, converted: _Converted | None = None) -> ChatRequest:
    """A client's Chat Completions body -> :class:`ChatRequest`; raises :class:`InvalidRequest`
    naming the offending field. Unknown top-level fields are ignored (they live on in ``raw``).
    ``converted``: the body's messages already converted (by :func:`parse_request_steps`)."""
    if not isinstance(body, dict):
        raise InvalidRequest("request body must be a JSON object")
    system, messages = _parse_messages(body.get("messages")) if converted is None else converted
    return ChatRequest(
        model=_check.opt_str(body, "model", "model") or "",
        messages=messages,
        system=system,
        tools=_parse_tools(body.get("tools")) + _parse_functions(body.get("functions")),
        tool_choice=_parse_tool_choice(body.get("tool_choice", body.get("function_call"))),
        max_tokens=_parse_max_tokens(body),
        temperature=_check.opt_number(body, "temperature"),
        top_p=_check.opt_number(body, "top_p"),
        stop=_parse_stop(body.get("stop")),
        top_k=_check.opt_positive_int(body, "top_k"),
        seed=_opt_int(body, "seed"),
        frequency_penalty=_check.opt_number(body, "frequency_penalty"),
        presence_penalty=_check.opt_number(body, "presence_penalty"),
        response_format=_parse_response_format(body.get("response_format")),
        reasoning=_parse_effort(body.get("reasoning_effort")),
        parallel_tool_calls=_opt_bool_or_none(body, "parallel_tool_calls"),
        stream=_check.opt_bool(body, "stream", "stream"),
        include_usage=_parse_include_usage(body.get("stream_options")),
        dialect="openai",
        raw=body,
    )


def parse_request_steps(body: JSONObject) -> Steps[ChatRequest]:
    """:func:`parse_request`, its messages converted one per step (see
    :func:`~trooper.translate.base.parse_in_steps`)."""
    return parse_in_steps(body, _messages_steps(body.get("messages")), parse_request)


def _opt_int(body: JSONObject, key: str) -> int | None:
    value = body.get(key)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        _check.fail(key, "an integer")
    return value


def _opt_bool_or_none(body: JSONObject, key: str) -> bool | None:
    return None if body.get(key) is None else _check.opt_bool(body, key, key)


def _parse_response_format(value: JSONValue) -> ResponseFormat | None:
    """``{"type": "text" | "json_object" | "json_schema", "json_schema": {...}}``."""
    if value is None:
        return None
    fmt = _check.obj(value, "response_format")
    kind = fmt.get("type")
    if kind == "json_object":
        return ResponseFormat("json_object")
    if kind == "json_schema":
        spec = _check.obj(fmt.get("json_schema"), "response_format.json_schema")
        schema = spec.get("schema")
        return ResponseFormat(
            "json_schema",
            schema=None
            if schema is None
            else _check.obj(schema, "response_format.json_schema.schema"),
            name=_check.opt_str(spec, "name", "response_format.json_schema.name"),
            strict=None if spec.get("strict") is None else spec.get("strict") is True,
        )
    if kind == "text":
        return None
    _check.fail("response_format.type", '"text", "json_object" or "json_schema"')


def _parse_effort(value: JSONValue) -> Effort | None:
    effort = effort_named(value)
    if effort is not None or value is None or value == "none":
        return effort
    _check.fail("reasoning_effort", '"none", "minimal", "low", "medium" or "high"')


def _parse_max_tokens(body: JSONObject) -> int | None:
    completion = _check.opt_positive_int(body, "max_completion_tokens")
    legacy = _check.opt_positive_int(body, "max_tokens")
    return completion if completion is not None else legacy


def _parse_include_usage(value: JSONValue) -> bool:
    if value is None:
        return False
    options = _check.obj(value, "stream_options")
    return _check.opt_bool(options, "include_usage", "stream_options.include_usage")


def _parse_stop(value: JSONValue) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list):
        _check.fail("stop", "a string or an array of strings")
    stops: list[str] = []
    for item in value:
        if not isinstance(item, str):
            _check.fail("stop", "a string or an array of strings")
        stops.append(item)
    return stops


def _parse_messages(value: JSONValue) -> _Converted:
    system: list[str] = []
    messages: list[Message] = []
    for i, item in enumerate(_items(value)):
        _add_message(system, messages, item, f"messages[{i}]")
    return ("\n\n".join(system) if system else None), messages


def _messages_steps(value: JSONValue) -> Steps[_Converted]:
    """:func:`_parse_messages`, one message per step."""
    system: list[str] = []
    messages: list[Message] = []
    for i, item in enumerate(_items(value)):
        _add_message(system, messages, item, f"messages[{i}]")
        yield
    return ("\n\n".join(system) if system else None), messages


def _items(value: JSONValue) -> list[JSONValue]:
    if value is None:
        raise InvalidRequest("messages: required")
    items = _check.array(value, "messages", "an array of messages")
    if not items:
        raise InvalidRequest("messages: must not be empty")
    return items


def _add_message(system: list[str], messages: list[Message], item: JSONValue, where: str) -> None:
    """One message of the body: an opening instruction, or the conversation's next turn."""
    msg = _check.obj(item, where)
    role = msg.get("role")
    if role in ("system", "developer") and not messages:
        system.append(_system_text(msg, where))  # the opening instructions
    elif role in ("system", "developer"):  # an instruction inside the conversation: in place
        _append_turn(messages, Message("system", [TextPart(_system_text(msg, where))]))
    elif role in ("user", "assistant", "tool", "function"):
        _append_turn(messages, _parse_turn(msg, where))
    else:
        _check.fail(f"{where}.role", f"one of {_ROLES}, got {orjson.dumps(role).decode()[:40]}")


def _parse_turn(msg: JSONObject, where: str) -> Message:
    role = msg.get("role")
    if role == "user":
        return Message("user", list(_parts(msg.get("content"), where, _USER_PARTS)))
    if role == "assistant":
        return Message("assistant", _assistant_parts(msg, where))
    if role == "function":  # the legacy form of a tool result: named, with no call id
        name = _check.string(msg.get("name"), f"{where}.name")
        return Message(
            "user", [ToolResultPart(_legacy_id(name), _text_parts(msg, where), name=name)]
        )
    return Message("user", [_tool_result(msg, where)])


def _legacy_id(name: str) -> str:
    """Legacy function calls have no ids: a call and its result are paired by name."""
    return f"call_{name}"


def _text_parts(msg: JSONObject, where: str) -> list[TextPart | ImagePart]:
    content = msg.get("content")
    return [] if content is None else _content(content, where, _TEXT_ONLY)


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
    return [p for p in _parts(value, where, allowed) if not isinstance(p, DocumentPart)]


def _parts(
    value: JSONValue, where: str, allowed: frozenset[str]
) -> list[TextPart | ImagePart | DocumentPart]:
    where = f"{where}.content"
    if isinstance(value, str):
        return [TextPart(value)]
    if not isinstance(value, list):
        _check.fail(where, "a string or an array of content parts")
    return [_content_part(item, f"{where}[{j}]", allowed) for j, item in enumerate(value)]


def _content_part(
    value: JSONValue, where: str, allowed: frozenset[str]
) -> TextPart | ImagePart | DocumentPart:
    part = _check.obj(value, where)
    kind = part.get("type")
    if not isinstance(kind, str) or kind not in allowed:
        _check.fail(f"{where}.type", " or ".join(f'"{k}"' for k in sorted(allowed)))
    if kind == "image_url":
        return _image_part(part.get("image_url"), f"{where}.image_url")
    if kind == "file":
        return _file_part(_check.obj(part.get("file"), f"{where}.file"), f"{where}.file")
    if kind == "input_audio":
        return _audio_part(_check.obj(part.get("input_audio"), f"{where}.input_audio"), where)
    # "text" carries text, "refusal" the refusal
    return TextPart(_check.string(part.get(kind), f"{where}.{kind}"))


def _image_part(value: JSONValue, where: str) -> ImagePart:
    url = _check.string(_check.obj(value, where).get("url"), f"{where}.url")
    if not url.startswith("data:"):
        return ImagePart(media_type=_guess_media_type(url), url=url)
    header, comma, data = url[len("data:") :].partition(",")
    media_type, _, encoding = header.partition(";")
    if not comma or not media_type or encoding != "base64":
        _check.fail(f"{where}.url", "an http(s) URL or data:<media type>;base64,<data>")
    return ImagePart(media_type=media_type, data=data)


def _file_part(file: JSONObject, where: str) -> DocumentPart:
    """A file by value (``file_data``, a data URL or bare base64) or by OpenAI file id (only
    OpenAI can resolve that one: other targets get a note that it was left out)."""
    name = _check.opt_str(file, "filename", f"{where}.filename")
    data = _check.opt_str(file, "file_data", f"{where}.file_data")
    if data is None:
        file_id = _check.string(file.get("file_id"), f"{where}.file_id")
        return DocumentPart("application/octet-stream", url=f"openai-file:{file_id}", title=name)
    media_type = "application/pdf"
    if data.startswith("data:"):
        header, _, data = data[5:].partition(",")
        media_type = header.partition(";")[0] or media_type
    return DocumentPart(media_type, data=data, title=name)


def _audio_part(audio: JSONObject, where: str) -> DocumentPart:
    data = _check.string(audio.get("data"), f"{where}.input_audio.data")
    audio_format = _check.string(audio.get("format"), f"{where}.input_audio.format")
    return DocumentPart(f"audio/{audio_format}", data=data)


def _guess_media_type(url: str) -> str:
    """From the path's extension; ``image/*`` (unknown) when there is none to go by."""
    extension = urlsplit(url).path.rpartition(".")[2].lower()
    return IMAGE_MEDIA_TYPES.get(extension, "image/*")


def _assistant_parts(msg: JSONObject, where: str) -> list[Part]:
    parts: list[Part] = []
    content = msg.get("content")
    if content is not None:
        parts.extend(p for p in _content(content, where, _ASSISTANT_PARTS) if p != TextPart(""))
    calls = msg.get("tool_calls")
    if calls is not None:
        calls = _check.array(calls, f"{where}.tool_calls", "an array of tool calls")
        parts.extend(_tool_call(c, f"{where}.tool_calls[{k}]") for k, c in enumerate(calls))
    legacy = msg.get("function_call")
    if legacy is not None:
        call = _tool_call({"id": "", "function": legacy}, f"{where}.function_call")
        parts.append(ToolCallPart(_legacy_id(call.name), call.name, call.arguments))
    return parts or [TextPart("")]


def _tool_call(value: JSONValue, where: str) -> ToolCallPart:
    call = _check.obj(value, where)
    if call.get("type", "function") != "function":
        _check.fail(f"{where}.type", '"function"')
    function = _check.obj(call.get("function"), f"{where}.function")
    arguments = function.get("arguments")
    if isinstance(arguments, dict):  # not OpenAI's form, but unambiguous
        decoded = arguments
    elif isinstance(arguments, str):
        decoded = decode_arguments(arguments)
    else:
        _check.fail(f"{where}.function.arguments", "a JSON string")
    name = _check.string(function.get("name"), f"{where}.function.name")
    call_id = _check.string(call.get("id"), f"{where}.id")
    return ToolCallPart(id=call_id, name=name, arguments=decoded)


def _tool_result(msg: JSONObject, where: str) -> ToolResultPart:
    call_id = msg.get("tool_call_id")
    if not isinstance(call_id, str) or not call_id:
        _check.fail(f"{where}.tool_call_id", "a string (required for tool messages)")
    return ToolResultPart(call_id, _content(msg.get("content"), where, _TEXT_ONLY))


def _parse_tools(value: JSONValue) -> list[ToolDef]:
    if value is None:
        return []
    items = _check.array(value, "tools", "an array of tools")
    return [_tool_def(item, f"tools[{i}]") for i, item in enumerate(items)]


def _tool_def(value: JSONValue, where: str) -> ToolDef:
    tool = _check.obj(value, where)
    if tool.get("type") != "function":
        _check.fail(f"{where}.type", '"function"')
    function = _check.obj(tool.get("function"), f"{where}.function")
    name = _check.string(function.get("name"), f"{where}.function.name")
    description = _check.opt_str(function, "description", f"{where}.function.description")
    parameters = function.get("parameters")
    if parameters is None:
        parameters = {"type": "object", "properties": {}}
    elif not isinstance(parameters, dict):
        _check.fail(f"{where}.function.parameters", "a JSON Schema object")
    strict = function.get("strict")
    return ToolDef(
        name=name,
        description=description or "",
        parameters=parameters,
        strict=strict if isinstance(strict, bool) else None,
    )


def _parse_functions(value: JSONValue) -> list[ToolDef]:
    """The legacy ``functions`` list: each item is what ``tools[].function`` holds today."""
    if value is None:
        return []
    items = _check.array(value, "functions", "an array of functions")
    return [
        _tool_def({"type": "function", "function": item}, f"functions[{i}]")
        for i, item in enumerate(items)
    ]


def _parse_tool_choice(value: JSONValue) -> ToolChoice | None:
    if value is None:
        return None
    if isinstance(value, str) and value in _CHOICE_FROM_WIRE:
        return ToolChoice(_CHOICE_FROM_WIRE[value])
    if isinstance(value, dict) and "type" not in value and isinstance(value.get("name"), str):
        return ToolChoice("auto", name=str(value["name"]))  # legacy function_call: {"name"}
    if isinstance(value, dict) and value.get("type") == "function":
        function = value.get("function")
        if isinstance(function, dict) and isinstance(function.get("name"), str):
            return ToolChoice("auto", name=str(function["name"]))
    _check.fail(
        "tool_choice", '"auto", "none", "required" or {"type": "function", "function": {"name"}}'
    )


# ---------------------------------------------------------------- upstream: build_request


def build_request(req: ChatRequest, model: str, *, files: bool = True) -> JSONObject:
    """The upstream body. An unmodified OpenAI client's body is forwarded as it came (model and
    streaming set); anything else is built from the canonical conversation.

    ``files=False`` is for OpenAI-compatible local servers, which take no ``file`` or
    ``input_audio`` parts: documents reach them as text.
    """
    if req.raw is not None and req.dialect == "openai" and not req.modified:
        return _forward_raw(req.raw, model, req.stream)
    target = "openai" if files else "local"
    body: JSONObject = {"model": model, "messages": _wire_messages(req, target)}
    _add_options(body, req, model)
    _add_output(body, req, model, target)
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


def _add_output(body: JSONObject, req: ChatRequest, model: str, target: str) -> None:
    """Structured output, reasoning effort and the sampling knobs beyond the basic ones."""
    fmt = req.response_format
    if fmt is not None and fmt.kind == "json_schema" and fmt.schema is not None:
        spec: JSONObject = {"name": fmt.name or "response", "schema": fmt.schema}
        if fmt.strict is not None:
            spec["strict"] = fmt.strict
        body["response_format"] = {"type": "json_schema", "json_schema": spec}
    elif fmt is not None:
        body["response_format"] = {"type": "json_object"}
    if req.reasoning is not None:
        if model.startswith(_COMPLETION_TOKENS_MODELS):
            body["reasoning_effort"] = req.reasoning
        else:  # other models reject the field
            dropped("reasoning", target, model)
    if req.parallel_tool_calls is not None and req.tools:
        body["parallel_tool_calls"] = req.parallel_tool_calls
    extra: dict[str, JSONValue] = {
        "seed": req.seed,
        "frequency_penalty": req.frequency_penalty,
        "presence_penalty": req.presence_penalty,
    }
    if target == "local":  # llama.cpp, vLLM and LM Studio take top_k; OpenAI does not
        extra["top_k"] = req.top_k
    elif req.top_k is not None:
        dropped("top_k", target)
    body.update((k, v) for k, v in extra.items() if v is not None)


def _wire_tool(tool: ToolDef) -> JSONObject:
    function: JSONObject = {"name": tool.name}
    if tool.description:
        function["description"] = tool.description
    function["parameters"] = tool.parameters
    if tool.strict is not None:
        function["strict"] = tool.strict
    return {"type": "function", "function": function}


def _wire_tool_choice(choice: ToolChoice) -> JSONValue:
    if choice.name is not None:
        return {"type": "function", "function": {"name": choice.name}}
    return _CHOICE_TO_WIRE[choice.mode]


def _wire_messages(req: ChatRequest, target: str) -> list[JSONValue]:
    out: list[JSONValue] = []
    if req.system:
        out.append({"role": "system", "content": req.system})
    for message in req.messages:
        if message.role == "user":
            out.extend(_wire_user(message, target))
        elif message.role == "system":
            out.append({"role": "system", "content": message.text()})
        else:
            out.append(_wire_assistant(message))
    return out


def _wire_user(message: Message, target: str) -> list[JSONValue]:
    """Tool results become ``tool`` messages, before the rest of the turn (OpenAI wants them
    right after the assistant's tool calls). Images in tool results, which ``tool`` messages
    cannot carry, move to that rest."""
    out: list[JSONValue] = []
    rest: list[TextPart | ImagePart] = []
    files: list[JSONValue] = []
    for part in message.parts:
        if isinstance(part, ToolResultPart):
            out.append({"role": "tool", "tool_call_id": part.tool_call_id, "content": part.text()})
            rest.extend(p for p in part.content if isinstance(p, ImagePart))
        elif isinstance(part, TextPart | ImagePart):
            rest.append(part)
        elif isinstance(part, DocumentPart):
            wire = _wire_file(part) if target == "openai" else None
            if wire is None:
                dropped(file_kind(part.media_type), target, part.media_type)
                rest.append(TextPart(part.as_text()))
            else:
                files.append(wire)
    if rest or files:
        content = _wire_content(rest)
        if files:
            content = [*files, *(content if isinstance(content, list) else [_wire_part(rest[0])])]
        out.append({"role": "user", "content": content})
    return out


def _wire_file(part: DocumentPart) -> JSONValue | None:
    """A document or audio clip as OpenAI takes it, or ``None`` where it cannot."""
    if part.media_type.startswith("audio/") and part.data is not None:
        audio_format = part.media_type.partition("/")[2]
        if audio_format in ("wav", "mp3"):
            return {
                "type": "input_audio",
                "input_audio": {"data": part.data, "format": audio_format},
            }
        return None
    if part.url is not None and part.url.startswith("openai-file:"):
        return {"type": "file", "file": {"file_id": part.url.partition(":")[2]}}
    if part.media_type == "application/pdf" and part.data is not None:
        file: JSONObject = {"file_data": f"data:{part.media_type};base64,{part.data}"}
        file["filename"] = part.title or "document.pdf"
        return {"type": "file", "file": file}
    if part.text is not None:
        return {"type": "text", "text": part.as_text()}
    return None


def _wire_content(parts: list[TextPart | ImagePart]) -> list[JSONValue] | str:
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
        wire_tool_call(p) for p in message.parts if isinstance(p, ToolCallPart)
    ]
    wire: JSONObject = {"role": "assistant", "content": text if text or not calls else None}
    if calls:
        wire["tool_calls"] = calls
    return wire
