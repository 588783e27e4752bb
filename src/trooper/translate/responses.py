"""The OpenAI Responses API (``POST /v1/responses``), as a client speaks it to Trooper.

A Responses body -> :class:`ChatRequest` (:func:`parse_request`), and the body Trooper sends to
OpenAI's own ``/v1/responses``: the client's as it came when OpenAI serves the request unchanged
(:func:`forward_raw`), else built from the canonical conversation (:func:`build_request`):

    >>> req = parse_request({"model": "gpt-5", "instructions": "Be brief.", "input": "hi"})
    >>> (req.system, req.latest_user_text(), req.dialect)
    ('Be brief.', 'hi', 'responses')

Input items map onto the canonical turns: ``message`` items (``system``/``developer`` messages
before the first turn join the instructions, later ones stay in place), ``function_call`` into
the assistant turn, ``function_call_output`` into the user turn. ``reasoning`` items and built-in
tools (``web_search``, ``file_search``, ...) only OpenAI understands: they stay in ``raw`` for the
pass-through and are left out of the canonical request (a debug log line says so). ``custom``
tools (free-form input, as Codex's ``apply_patch``) become functions of one string argument
``input``; Codex's built-in ``local_shell`` a ``local_shell`` function whose arguments are the
``local_shell_call`` action (``command``, ``working_directory``, ...), its calls going back to
the client as ``local_shell_call`` items.

``text.format`` (structured output) rides to OpenAI as it came and to any other target in that
target's own form (Claude's ``output_config.format``, Gemini's ``responseJsonSchema``, Ollama's
``format``).

The answer halves (the Response object, streamed or whole, and OpenAI's answers read back) live
in :mod:`trooper.translate.responses_stream` and are re-exported here.
"""

from __future__ import annotations

import base64
import binascii
import logging

import orjson

from trooper.errors import InvalidRequest
from trooper.model.conversation import (
    ChatRequest,
    Effort,
    ImagePart,
    JSONObject,
    JSONValue,
    Message,
    Part,
    ResponseFormat,
    Role,
    TextPart,
    ToolCallPart,
    ToolChoice,
    ToolDef,
    ToolResultPart,
    effort_named,
)
from trooper.slices import Steps
from trooper.translate._common import Checker, merge_turns
from trooper.translate.base import parse_in_steps
from trooper.translate.openai_stream import decode_arguments
from trooper.translate.responses_stream import (
    LOCAL_SHELL,
    ResponsesStreamDecoder,
    ResponsesStreamEncoder,
    custom_tools,
    encode_response,
    error_body,
    parse_response,
    stream_decoder,
    stream_encoder,
)

__all__ = [
    "ResponsesStreamDecoder",
    "ResponsesStreamEncoder",
    "build_request",
    "custom_tools",
    "encode_response",
    "error_body",
    "forward_raw",
    "parse_request",
    "parse_request_steps",
    "parse_response",
    "stream_decoder",
    "stream_encoder",
]

log = logging.getLogger("trooper")

_check = Checker("expected")
_MESSAGE_ROLES = "user, assistant, system, developer"
_CHOICES = {"auto": "auto", "none": "none", "required": "any"}
#: The string argument a free-form (``custom``) tool's input travels in for other providers.
CUSTOM_INPUT = "input"
_TEXT_MEDIA = ("text/", "application/json", "application/xml", "application/x-yaml")
_SHELL_DESCRIPTION = "Runs a command on the user's machine and returns its output."
_SHELL_PARAMETERS: JSONObject = {
    "type": "object",
    "properties": {
        "command": {"type": "array", "items": {"type": "string"}, "description": "argv"},
        "working_directory": {"type": "string"},
        "timeout_ms": {"type": "integer"},
        "env": {"type": "object", "additionalProperties": {"type": "string"}},
    },
    "required": ["command"],
}
#: Keys Trooper reads for itself and never forwards upstream.
_PRIVATE = ("x_force_local",)


# ---------------------------------------------------------------- parse_request


#: The opening instructions among the input items, and the conversation.
_Converted = tuple[list[str], list[Message]]


def parse_request(body: JSONObject, *, converted: _Converted | None = None) -> ChatRequest:
    """A client's Responses body -> :class:`ChatRequest`; raises :class:`InvalidRequest` naming
    the offending field. ``previous_response_id`` is resolved by the server (it needs the
    session store), not here. ``converted``: the body's input already converted (by
    :func:`parse_request_steps`)."""
    if not isinstance(body, dict):
        raise InvalidRequest("request body must be a JSON object")
    system, turns = _parse_input(body.get("input")) if converted is None else converted
    instructions = _check.opt_str(body, "instructions", "instructions")
    prompts = [p for p in (instructions, *system) if p]
    if not turns and body.get("previous_response_id") is None:
        raise InvalidRequest("input: required (a string, or items with a user message)")
    stream = _check.opt_bool(body, "stream", "stream")
    _check.opt_bool(body, "store", "store")
    _check.opt_str(body, "previous_response_id", "previous_response_id")
    return ChatRequest(
        model=_check.opt_str(body, "model", "model") or "",
        messages=turns,
        system="\n\n".join(prompts) if prompts else None,
        tools=_parse_tools(body.get("tools")),
        tool_choice=_parse_tool_choice(body.get("tool_choice")),
        max_tokens=_check.opt_positive_int(body, "max_output_tokens"),
        temperature=_check.opt_number(body, "temperature"),
        top_p=_check.opt_number(body, "top_p"),
        response_format=_parse_format(body.get("text")),
        reasoning=_parse_reasoning(body.get("reasoning")),
        parallel_tool_calls=_parse_parallel(body.get("parallel_tool_calls")),
        stream=stream,
        include_usage=True,
        dialect="responses",
        raw=body,
    )


def parse_request_steps(body: JSONObject) -> Steps[ChatRequest]:
    """:func:`parse_request`, its messages converted one per step (see
    :func:`~trooper.translate.base.parse_in_steps`)."""
    return parse_in_steps(body, _input_steps(body.get("input")), parse_request)


def _parse_input(value: JSONValue) -> _Converted:
    if value is None:
        return [], []
    if isinstance(value, str):
        return [], [Message("user", [TextPart(value)])]
    items = _check.array(value, "input", "a string or an array of input items")
    system: list[str] = []
    turns: list[tuple[str, list[Part]]] = []
    for i, item in enumerate(items):
        _add_item(system, turns, item, f"input[{i}]")
    return system, _merged(turns)


def _input_steps(value: JSONValue) -> Steps[_Converted]:
    """:func:`_parse_input`, one item per step."""
    if not isinstance(value, list):
        return _parse_input(value)
    system: list[str] = []
    turns: list[tuple[str, list[Part]]] = []
    for i, item in enumerate(value):
        _add_item(system, turns, item, f"input[{i}]")
        yield
    return system, _merged(turns)


def _add_item(
    system: list[str], turns: list[tuple[str, list[Part]]], item: JSONValue, where: str
) -> None:
    """One input item: an opening instruction, or a turn of the conversation (an item only
    OpenAI understands is left out)."""
    obj = _check.obj(item, where)
    kind = obj.get("type", "message")
    if kind == "message":
        role, parts = _message(obj, where)
        text = "".join(p.text for p in parts if isinstance(p, TextPart))
        if role in ("system", "developer") and not turns:
            system.append(text)  # the opening instructions
        elif role in ("system", "developer"):  # an instruction inside the conversation
            turns.append(("system", [TextPart(text)]))
        else:
            turns.append((role, parts))
    elif isinstance(kind, str):
        turn = _tool_turn(obj, where, kind)
        if turn is not None:
            turns.append(turn)
    else:
        _check.fail(f"{where}.type", "a string")


_TURN_ROLES: dict[str, Role] = {"user": "user", "system": "system", "assistant": "assistant"}


def _merged(turns: list[tuple[str, list[Part]]]) -> list[Message]:
    return [Message(_TURN_ROLES[r], p) for r, p in merge_turns(turns)]


def _tool_turn(obj: JSONObject, where: str, kind: str) -> tuple[str, list[Part]] | None:
    """A tool call or a tool's output, as the turn it belongs to; None for an item only OpenAI
    understands (reasoning, built-in tools' items)."""
    if kind in ("function_call", "custom_tool_call"):
        return "assistant", [_call(obj, where, kind == "custom_tool_call")]
    if kind == "local_shell_call":
        return "assistant", [_shell_call(obj, where)]
    if kind in ("function_call_output", "custom_tool_call_output", "local_shell_call_output"):
        return "user", [_call_output(obj, where)]
    log.debug("Responses input item %r left out of the canonical request", kind)
    return None


def _message(obj: JSONObject, where: str) -> tuple[str, list[Part]]:
    role = obj.get("role")
    if role not in ("user", "assistant", "system", "developer"):
        _check.fail(f"{where}.role", f"one of {_MESSAGE_ROLES}, got {orjson.dumps(role).decode()}")
    assert isinstance(role, str)
    content = obj.get("content")
    if isinstance(content, str):
        return role, [TextPart(content)]
    parts = _check.array(content, f"{where}.content", "a string or an array of content parts")
    return role, [_content_part(p, f"{where}.content[{j}]") for j, p in enumerate(parts)]


def _content_part(value: JSONValue, where: str) -> TextPart | ImagePart:
    part = _check.obj(value, where)
    kind = part.get("type")
    if kind in ("input_text", "output_text", "text", "summary_text"):
        return TextPart(_check.string(part.get("text"), f"{where}.text"))
    if kind == "refusal":
        return TextPart(_check.string(part.get("refusal"), f"{where}.refusal"))
    if kind == "input_image":
        return _image(part, where)
    if kind == "input_file":
        return _file(part, where)
    _check.fail(f"{where}.type", '"input_text", "output_text", "input_image" or "input_file"')


def _image(part: JSONObject, where: str) -> ImagePart:
    url = part.get("image_url")
    if not isinstance(url, str) or not url:
        if isinstance(part.get("file_id"), str):
            raise InvalidRequest(
                f"{where}.file_id: uploaded files are not supported; send image_url"
            )
        _check.fail(f"{where}.image_url", "a URL or a data: URL")
    if not url.startswith("data:"):
        return ImagePart(media_type="image/*", url=url)
    header, comma, data = url[len("data:") :].partition(",")
    media_type, _, encoding = header.partition(";")
    if not comma or not media_type or encoding != "base64":
        _check.fail(f"{where}.image_url", "an http(s) URL or data:<media type>;base64,<data>")
    return ImagePart(media_type=media_type, data=data)


def _file(part: JSONObject, where: str) -> TextPart | ImagePart:
    """A file reaches non-OpenAI targets as its text (text files) or an image, else a note."""
    name = part.get("filename") if isinstance(part.get("filename"), str) else "file"
    data = part.get("file_data")
    if isinstance(data, str) and data.startswith("data:"):
        header, _, payload = data[len("data:") :].partition(",")
        media_type = header.partition(";")[0]
        if media_type.startswith("image/"):
            return ImagePart(media_type=media_type, data=payload)
        if media_type.startswith(_TEXT_MEDIA):
            try:
                text = base64.b64decode(payload, validate=True).decode("utf-8")
            except (binascii.Error, UnicodeDecodeError):
                _check.fail(f"{where}.file_data", "valid base64")
            return TextPart(f"[{name}]\n{text}")
    elif data is not None and not isinstance(data, str):
        _check.fail(f"{where}.file_data", "a data: URL")
    url = part.get("file_url")
    return TextPart(f"[{name}{': ' + url if isinstance(url, str) else ''} (attached file)]")


def _call(obj: JSONObject, where: str, custom: bool) -> ToolCallPart:
    call_id = _check.string(obj.get("call_id"), f"{where}.call_id")
    name = _check.string(obj.get("name"), f"{where}.name")
    if custom:
        text = _check.string(obj.get("input"), f"{where}.input")
        return ToolCallPart(call_id, name, {CUSTOM_INPUT: text})
    arguments = obj.get("arguments")
    if isinstance(arguments, dict):
        return ToolCallPart(call_id, name, arguments)
    return ToolCallPart(
        call_id, name, decode_arguments(_check.string(arguments, f"{where}.arguments"))
    )


def _shell_call(obj: JSONObject, where: str) -> ToolCallPart:
    """Codex's ``local_shell_call``: a call of the ``local_shell`` function, its action the
    arguments."""
    call_id = _check.string(obj.get("call_id"), f"{where}.call_id")
    action = {k: v for k, v in _check.obj(obj.get("action"), f"{where}.action").items()}
    action.pop("type", None)
    return ToolCallPart(call_id, LOCAL_SHELL, action)


def _call_output(obj: JSONObject, where: str) -> ToolResultPart:
    # a local_shell_call_output names its call by ``id``
    call_id = _check.string(obj.get("call_id", obj.get("id")), f"{where}.call_id")
    output = obj.get("output")
    if isinstance(output, str):
        return ToolResultPart(call_id, [TextPart(output)])
    items = _check.array(output, f"{where}.output", "a string or an array of content parts")
    content = [_content_part(p, f"{where}.output[{j}]") for j, p in enumerate(items)]
    return ToolResultPart(call_id, content)


def _parse_tools(value: JSONValue) -> list[ToolDef]:
    if value is None:
        return []
    tools: list[ToolDef] = []
    for i, item in enumerate(_check.array(value, "tools", "an array of tools")):
        where = f"tools[{i}]"
        tool = _check.obj(item, where)
        kind = tool.get("type")
        if kind == "function":
            tools.append(_function(tool, where))
        elif kind == LOCAL_SHELL:
            tools.append(ToolDef(LOCAL_SHELL, _SHELL_DESCRIPTION, _SHELL_PARAMETERS))
        elif kind == "custom":
            name = _check.string(tool.get("name"), f"{where}.name")
            description = _check.opt_str(tool, "description", f"{where}.description") or ""
            schema: JSONObject = {
                "type": "object",
                "properties": {CUSTOM_INPUT: {"type": "string"}},
                "required": [CUSTOM_INPUT],
            }
            tools.append(ToolDef(name, description, schema))
        elif isinstance(kind, str):
            log.debug("built-in tool %r is kept for OpenAI and left out for other targets", kind)
        else:
            _check.fail(f"{where}.type", "a string")
    return tools


def _function(tool: JSONObject, where: str) -> ToolDef:
    name = _check.string(tool.get("name"), f"{where}.name")
    description = _check.opt_str(tool, "description", f"{where}.description") or ""
    parameters = tool.get("parameters")
    if parameters is None:
        parameters = {"type": "object", "properties": {}}
    elif not isinstance(parameters, dict):
        _check.fail(f"{where}.parameters", "a JSON Schema object")
    return ToolDef(name, description, parameters)


def _parse_tool_choice(value: JSONValue) -> ToolChoice | None:
    if value is None:
        return None
    if isinstance(value, str) and value in _CHOICES:
        mode = _CHOICES[value]
        return ToolChoice("any" if mode == "any" else "none" if mode == "none" else "auto")
    if isinstance(value, dict):
        name = value.get("name")
        if value.get("type") in ("function", "custom") and isinstance(name, str):
            return ToolChoice("auto", name=name)
        if isinstance(value.get("type"), str):
            return ToolChoice("auto")  # allowed_tools, built-in tool choices
    _check.fail("tool_choice", '"auto", "none", "required" or {"type": "function", "name"}')


def _parse_format(text: JSONValue) -> ResponseFormat | None:
    """``text.format``: structured output, carried to each target in its own form."""
    if text is None:
        return None
    fmt = _check.obj(text, "text").get("format")
    if fmt is None:
        return None
    fmt = _check.obj(fmt, "text.format")
    kind = fmt.get("type")
    if kind == "json_schema":
        strict = fmt.get("strict")
        return ResponseFormat(
            "json_schema",
            schema=_check.obj(fmt.get("schema"), "text.format.schema"),
            name=_check.opt_str(fmt, "name", "text.format.name"),
            strict=strict if isinstance(strict, bool) else None,
        )
    if kind == "json_object":
        return ResponseFormat("json_object")
    if kind != "text":
        _check.fail("text.format.type", '"text", "json_schema" or "json_object"')
    return None


def _parse_reasoning(value: JSONValue) -> Effort | None:
    effort = _check.obj(value, "reasoning").get("effort") if value is not None else None
    return effort_named(effort)


def _parse_parallel(value: JSONValue) -> bool | None:
    if value is None:
        return None
    if not isinstance(value, bool):
        _check.fail("parallel_tool_calls", "a boolean")
    return value


# ---------------------------------------------------------------- forward_raw


def forward_raw(req: ChatRequest, model: str) -> JSONObject:
    """The client's own body for OpenAI's ``/v1/responses``: only the model (the chain's choice)
    and streaming are set; everything else goes as the client sent it."""
    body = {k: v for k, v in (req.raw or {}).items() if k not in _PRIVATE}
    body["model"] = model
    body["stream"] = req.stream
    return body


# ---------------------------------------------------------------- build_request


def build_request(req: ChatRequest, model: str) -> JSONObject:
    """A body for OpenAI's ``/v1/responses`` when Trooper changed the conversation (the earlier
    turns of a ``previous_response_id`` from its store, a compaction): the conversation is the
    canonical one, every other field as the client sent it. OpenAI never saw Trooper's response
    ids, so ``previous_response_id`` is not sent; items the store does not keep (reasoning) are
    not either.

    >>> req = parse_request({"model": "m", "input": "hi", "previous_response_id": "resp_1"})
    >>> body = build_request(req, "gpt-5")
    >>> body["input"][0]["content"], "previous_response_id" in body
    ([{'type': 'input_text', 'text': 'hi'}], False)
    """
    body = forward_raw(req, model)
    body.pop("previous_response_id", None)
    body.pop("instructions", None)
    if req.system:
        body["instructions"] = req.system
    if req.max_tokens is not None:
        body["max_output_tokens"] = req.max_tokens
    custom = custom_tools(req)
    body["input"] = [item for m in req.messages for item in _items(m, custom)]
    return body


def _items(message: Message, custom: frozenset[str]) -> list[JSONValue]:
    """One canonical turn as Responses input items, in order."""
    items: list[JSONValue] = []
    content: list[JSONValue] = []
    role = "developer" if message.role == "system" else message.role
    text_kind = "output_text" if message.role == "assistant" else "input_text"

    def flush() -> None:
        if content:
            items.append({"type": "message", "role": role, "content": list(content)})
            content.clear()

    for part in message.parts:
        if isinstance(part, TextPart):
            content.append({"type": text_kind, "text": part.text})
        elif isinstance(part, ImagePart) and message.role != "assistant":
            content.append({"type": "input_image", "image_url": _image_url(part)})
        elif isinstance(part, ToolCallPart):
            flush()
            items.append(_call_item(part, custom))
        elif isinstance(part, ToolResultPart):
            flush()
            output = "".join(p.text for p in part.content if isinstance(p, TextPart))
            kind = "custom_tool_call_output" if part.name in custom else "function_call_output"
            items.append({"type": kind, "call_id": part.tool_call_id, "output": output})
    flush()
    return items


def _call_item(part: ToolCallPart, custom: frozenset[str]) -> JSONObject:
    if part.name == LOCAL_SHELL and part.name in custom:
        action: JSONObject = {"type": "exec", **part.arguments}
        return {"type": "local_shell_call", "call_id": part.id, "action": action}
    if part.name in custom:
        text = part.arguments.get(CUSTOM_INPUT)
        return {
            "type": "custom_tool_call",
            "call_id": part.id,
            "name": part.name,
            "input": text if isinstance(text, str) else orjson.dumps(part.arguments).decode(),
        }
    arguments = orjson.dumps(part.arguments).decode()
    return {"type": "function_call", "call_id": part.id, "name": part.name, "arguments": arguments}


def _image_url(part: ImagePart) -> str:
    if part.data is None and part.url:
        return part.url
    return f"data:{part.media_type};base64,{part.data}"
