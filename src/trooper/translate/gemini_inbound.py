"""The Gemini API (``models/{model}:generateContent``), as a client speaks it to Trooper.

A ``generateContent`` body -> :class:`ChatRequest` (:func:`parse_request`; the model and whether
to stream come from the URL, see :func:`for_target`), and the canonical answer ->
``GenerateContentResponse`` (:func:`encode_response`, and per event in
:mod:`trooper.translate.gemini_inbound_stream`):

    >>> req = parse_request({"contents": [{"role": "user", "parts": [{"text": "hi"}]}],
    ...     "systemInstruction": {"parts": [{"text": "Be brief."}]}})
    >>> (req.system, req.latest_user_text(), req.dialect)
    ('Be brief.', 'hi', 'gemini')

Gemini names no tool calls: a ``functionResponse`` answers the earlier ``functionCall`` of the
same name, so calls get ids from their position (``call_g{turn}_{n}``) and responses the id of
the first unanswered call of their name. ``thought`` parts and their ``thoughtSignature`` mean
something to Gemini only: they stay in ``raw`` (Gemini gets the body as it came) and are left out
of the canonical request. ``responseMimeType: application/json`` with a schema rides to Gemini as
it came; other targets get it as an instruction.
"""

from __future__ import annotations

import orjson

from trooper.errors import InvalidRequest
from trooper.model.conversation import (
    ChatRequest,
    ChatResponse,
    Effort,
    ImagePart,
    JSONObject,
    JSONValue,
    Message,
    Part,
    ResponseFormat,
    TextPart,
    ThinkingPart,
    ToolCallPart,
    ToolChoice,
    ToolDef,
    ToolResultPart,
    Usage,
    effort_named,
    effort_of_budget,
)
from trooper.slices import Steps
from trooper.translate._common import Checker, as_list, as_obj, as_str, load_object
from trooper.translate.base import parse_in_steps
from trooper.translate.gemini_inbound_stream import (
    FINISH,
    GeminiStreamEncoder,
    error_body,
    stream_encoder,
)

__all__ = [
    "GeminiStreamEncoder",
    "encode_response",
    "error_body",
    "for_target",
    "parse_request",
    "parse_request_steps",
    "stream_encoder",
    "wire_usage",
]

_check = Checker("must be")
_MODES = {"AUTO": "auto", "ANY": "any", "VALIDATED": "auto", "NONE": "none"}
METHODS = ("generateContent", "streamGenerateContent", "countTokens")


def _camel(value: JSONValue, where: str) -> JSONObject:
    """An object with its keys in camelCase: Google's JSON parser takes ``inline_data`` as well as
    ``inlineData`` (and the ``google-genai`` SDK sends some of each). Only this object's own keys
    are renamed, never the keys of values inside it (a function's arguments)."""
    obj = _check.obj(value, where)
    if not any("_" in key for key in obj):
        return obj
    return {_to_camel(key): item for key, item in obj.items()}


def _to_camel(key: str) -> str:
    head, *rest = key.split("_")
    return head + "".join(word[:1].upper() + word[1:] for word in rest)


# ---------------------------------------------------------------- the URL


def for_target(target: str) -> tuple[str, str]:
    """``gemini-2.5-flash:generateContent`` -> (model, method); raises for anything else."""
    model, colon, method = target.rpartition(":")
    if not colon or not model or method not in METHODS:
        raise InvalidRequest(
            f"models/{target}: expected models/{{model}}:generateContent, "
            ":streamGenerateContent or :countTokens"
        )
    return model.removeprefix("models/"), method


# ---------------------------------------------------------------- parse_request


def parse_request(body: JSONObject, *, converted: list[Message] | None = None) -> ChatRequest:
    """A ``generateContent`` body -> :class:`ChatRequest` (no model, not streaming: the URL says
    those). Raises :class:`InvalidRequest` naming the offending field. ``converted``: the body's
    contents already converted (by :func:`parse_request_steps`)."""
    if not isinstance(body, dict):
        raise InvalidRequest("request body must be a JSON object")
    raw = body
    body = _request_body(body)
    config = _camel(body.get("generationConfig") or {}, "generationConfig")
    prompts = [p for p in (_system(body.get("systemInstruction")), _schema_prompt(config)) if p]
    return ChatRequest(
        model=as_str(body.get("model")).removeprefix("models/"),
        messages=_contents(body.get("contents")) if converted is None else converted,
        system="\n\n".join(prompts) if prompts else None,
        tools=_tools(body.get("tools")),
        tool_choice=_tool_choice(body.get("toolConfig")),
        max_tokens=_check.opt_positive_int(config, "maxOutputTokens"),
        temperature=_check.opt_number(config, "temperature"),
        top_p=_check.opt_number(config, "topP"),
        stop=_stops(config.get("stopSequences")),
        top_k=_check.opt_positive_int(config, "topK"),
        seed=_seed(config.get("seed")),
        frequency_penalty=_check.opt_number(config, "frequencyPenalty"),
        presence_penalty=_check.opt_number(config, "presencePenalty"),
        response_format=_response_format(config),
        reasoning=_reasoning(config.get("thinkingConfig")),
        include_usage=True,
        dialect="gemini",
        raw=raw,
    )


def parse_request_steps(body: JSONObject) -> Steps[ChatRequest]:
    """:func:`parse_request`, its messages converted one per step (see
    :func:`~trooper.translate.base.parse_in_steps`)."""
    return parse_in_steps(body, _contents_steps(_request_body(body).get("contents")), parse_request)


def _request_body(body: JSONObject) -> JSONObject:
    """The request itself, its keys in camelCase (countTokens may wrap it)."""
    body = _camel(body, "body")
    if isinstance(body.get("generateContentRequest"), dict):  # countTokens' other form
        body = _camel(body["generateContentRequest"], "generateContentRequest")
    return body


def _system(value: JSONValue) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    parts = _check.array(_camel(value, "systemInstruction").get("parts"), "systemInstruction.parts")
    texts = [
        as_str(_check.obj(p, f"systemInstruction.parts[{i}]").get("text"))
        for i, p in enumerate(parts)
    ]
    return "\n".join(t for t in texts if t) or None


def _contents(value: JSONValue) -> list[Message]:
    messages: list[Message] = []
    pending: dict[str, list[str]] = {}  # function name -> ids of its calls not yet answered
    for k, item in enumerate(_items(value)):
        _add_content(messages, pending, item, k)
    return messages


def _contents_steps(value: JSONValue) -> Steps[list[Message]]:
    """:func:`_contents`, one Content per step."""
    messages: list[Message] = []
    pending: dict[str, list[str]] = {}
    for k, item in enumerate(_items(value)):
        _add_content(messages, pending, item, k)
        yield
    return messages


def _items(value: JSONValue) -> list[JSONValue]:
    if value is None:
        raise InvalidRequest("contents: required")
    items = _check.array(value, "contents", "an array of Content")
    if not items:
        raise InvalidRequest("contents: must not be empty")
    return items


def _add_content(
    messages: list[Message], pending: dict[str, list[str]], item: JSONValue, k: int
) -> None:
    """The ``k``-th Content, as the conversation's next turn (merged into the last one when
    they share a role)."""
    where = f"contents[{k}]"
    content = _camel(item, where)
    role = content.get("role", "user")
    if role not in ("user", "model", "function"):
        _check.fail(f"{where}.role", f'"user" or "model", got {orjson.dumps(role).decode()}')
    parts_value = _check.array(content.get("parts"), f"{where}.parts", "an array of Part")
    if not parts_value:
        raise InvalidRequest(f"{where}.parts: must not be empty")
    parts: list[Part] = []
    for j, raw in enumerate(parts_value):
        at = f"{where}.parts[{j}]"
        part = _part(_camel(raw, at), at, f"call_g{k}_{j}", pending)
        if part is not None:
            parts.append(part)
    message = Message("assistant" if role == "model" else "user", parts or [TextPart("")])
    if messages and messages[-1].role == message.role:
        messages[-1].parts.extend(message.parts)
    else:
        messages.append(message)


def _part(part: JSONObject, where: str, slot: str, pending: dict[str, list[str]]) -> Part | None:
    """One part; ``slot`` is the id a function call gets when the client gave it none."""
    if part.get("thought") is True:
        return None  # Gemini's own thinking, kept for Gemini in raw
    if "text" in part:
        return TextPart(_check.string(part["text"], f"{where}.text"))
    if "inlineData" in part:
        blob = _camel(part["inlineData"], f"{where}.inlineData")
        mime = _check.string(blob.get("mimeType"), f"{where}.inlineData.mimeType")
        data = _check.string(blob.get("data"), f"{where}.inlineData.data")
        return (
            ImagePart(mime, data=data)
            if mime.startswith("image/")
            else TextPart(f"[{mime} attachment]")
        )
    if "fileData" in part:
        file = _camel(part["fileData"], f"{where}.fileData")
        uri = _check.string(file.get("fileUri"), f"{where}.fileData.fileUri")
        mime = as_str(file.get("mimeType")) or "image/*"
        return ImagePart(mime, url=uri) if mime.startswith("image/") else TextPart(f"[file: {uri}]")
    if "functionCall" in part:
        call = _check.obj(part["functionCall"], f"{where}.functionCall")
        name = _check.string(call.get("name"), f"{where}.functionCall.name")
        args = _check.obj(call.get("args") or {}, f"{where}.functionCall.args")
        call_id = as_str(call.get("id")) or slot
        pending.setdefault(name, []).append(call_id)
        return ToolCallPart(call_id, name, args)
    if "functionResponse" in part:
        return _function_response(part["functionResponse"], f"{where}.functionResponse", pending)
    if any(k in part for k in ("executableCode", "codeExecutionResult", "thoughtSignature")):
        return None
    _check.fail(where, "a Part with text, inlineData, fileData, functionCall or functionResponse")


def _function_response(
    value: JSONValue, where: str, pending: dict[str, list[str]]
) -> ToolResultPart:
    answer = _check.obj(value, where)
    name = _check.string(answer.get("name"), f"{where}.name")
    response = answer.get("response")
    waiting = pending.get(name) or []
    call_id = as_str(answer.get("id"))
    if call_id in waiting:
        waiting.remove(call_id)
    elif waiting:
        call_id = waiting.pop(0)
    call_id = call_id or f"call_unanswered_{name}"
    if (
        isinstance(response, dict)
        and set(response) <= {"output", "content", "result"}
        and len(response) == 1
    ):
        (inner,) = response.values()
        text = inner if isinstance(inner, str) else orjson.dumps(inner).decode()
    else:
        text = orjson.dumps(response).decode()
    is_error = isinstance(response, dict) and "error" in response
    return ToolResultPart(call_id, [TextPart(text)], is_error=is_error, name=name)


def _tools(value: JSONValue) -> list[ToolDef]:
    if value is None:
        return []
    tools: list[ToolDef] = []
    for i, item in enumerate(_check.array(value, "tools", "an array of Tool")):
        tool = _camel(item, f"tools[{i}]")
        declarations = tool.get("functionDeclarations") or []
        for j, raw in enumerate(_check.array(declarations, f"tools[{i}].functionDeclarations")):
            where = f"tools[{i}].functionDeclarations[{j}]"
            declaration = _camel(raw, where)
            name = _check.string(declaration.get("name"), f"{where}.name")
            schema = declaration.get("parametersJsonSchema") or declaration.get("parameters")
            empty: JSONObject = {"type": "object", "properties": {}}
            parameters = _json_schema(as_obj(schema)) if schema else empty
            description = as_str(declaration.get("description"))
            tools.append(ToolDef(name, description, parameters))
    return tools


def _json_schema(schema: JSONObject) -> JSONObject:
    """Gemini's OpenAPI schema (``"type": "OBJECT"``) as JSON Schema (lower-case types)."""
    out: JSONObject = {}
    for key, value in schema.items():
        if key == "type" and isinstance(value, str):
            out[key] = value.lower()
        elif key == "properties" and isinstance(value, dict):
            out[key] = {k: _json_schema(as_obj(v)) for k, v in value.items()}
        elif key == "items" and isinstance(value, dict):
            out[key] = _json_schema(value)
        elif key == "anyOf" and isinstance(value, list):
            out[key] = [_json_schema(as_obj(v)) for v in value]
        else:
            out[key] = value
    return out


def _tool_choice(value: JSONValue) -> ToolChoice | None:
    if value is None:
        return None
    calling = _camel(value, "toolConfig").get("functionCallingConfig") or {}
    config = _camel(calling, "toolConfig.functionCallingConfig")
    mode = config.get("mode", "AUTO")
    if not isinstance(mode, str) or mode not in _MODES:
        _check.fail("toolConfig.functionCallingConfig.mode", '"AUTO", "ANY", "VALIDATED" or "NONE"')
    names = as_list(config.get("allowedFunctionNames"))
    if mode == "ANY" and len(names) == 1 and isinstance(names[0], str):
        return ToolChoice("auto", name=names[0])
    return ToolChoice("any" if mode == "ANY" else "none" if mode == "NONE" else "auto")


def _stops(value: JSONValue) -> list[str]:
    if value is None:
        return []
    items = _check.array(value, "generationConfig.stopSequences", "an array of strings")
    return [_check.string(s, f"generationConfig.stopSequences[{i}]") for i, s in enumerate(items)]


def _seed(value: JSONValue) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        _check.fail("generationConfig.seed", "an integer")
    return value


def _response_format(config: JSONObject) -> ResponseFormat | None:
    """JSON mode, with its schema where one is given: carried to every target in its own form
    (and said in the system prompt too, for small local models)."""
    if config.get("responseMimeType") != "application/json":
        return None
    schema = config.get("responseJsonSchema") or config.get("responseSchema")
    if isinstance(schema, dict):
        return ResponseFormat("json_schema", schema=_json_schema(schema))
    return ResponseFormat("json_object")


def _reasoning(value: JSONValue) -> Effort | None:
    """``thinkingConfig``: a budget, or Gemini 3's ``thinkingLevel``."""
    config = _camel(value, "generationConfig.thinkingConfig") if value is not None else {}
    level = effort_named(config.get("thinkingLevel"))
    if level is not None:
        return level
    budget = config.get("thinkingBudget")
    if isinstance(budget, int) and not isinstance(budget, bool) and budget > 0:
        return effort_of_budget(budget)
    return None


def _schema_prompt(config: JSONObject) -> str | None:
    if config.get("responseMimeType") != "application/json":
        return None
    schema = config.get("responseJsonSchema") or config.get("responseSchema")
    if isinstance(schema, dict):
        return (
            "Answer with JSON only, and nothing else, that matches this JSON Schema:\n"
            + orjson.dumps(_json_schema(schema)).decode()
        )
    return "Answer with JSON only, and nothing else."


# ---------------------------------------------------------------- encode_response


def wire_usage(usage: Usage) -> JSONObject:
    return {
        "promptTokenCount": usage.input_tokens,
        "candidatesTokenCount": usage.output_tokens,
        "totalTokenCount": usage.input_tokens + usage.output_tokens,
    }


def wire_part(part: Part) -> JSONObject | None:
    if isinstance(part, TextPart):
        return {"text": part.text} if part.text else None
    if isinstance(part, ToolCallPart):
        return {"functionCall": {"name": part.name, "args": part.arguments}}
    if isinstance(part, ThinkingPart) and part.text:
        return {"text": part.text, "thought": True}
    return None


def encode_response(resp: ChatResponse, req: ChatRequest) -> JSONObject:
    """A canonical answer as a ``GenerateContentResponse``; Gemini's own body (the pass-through)
    as it came."""
    own = load_object(resp.raw) if resp.raw is not None else None
    if own is not None and "candidates" in own:
        return own
    parts: list[JSONValue] = [w for p in resp.parts if (w := wire_part(p)) is not None]
    candidate: JSONObject = {
        "content": {"role": "model", "parts": parts or [{"text": ""}]},
        "finishReason": FINISH[resp.stop_reason],
        "index": 0,
    }
    return {
        "candidates": [candidate],
        "usageMetadata": wire_usage(resp.usage),
        "modelVersion": resp.model or req.model,
        "responseId": resp.id,
    }
