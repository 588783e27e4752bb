"""Google Gemini ``generateContent`` / ``streamGenerateContent?alt=sse``: the upstream half.

The model name travels in the URL (``models/{model}:generateContent``), so the body built here
never names it. Each SSE ``data:`` of a stream is a whole ``GenerateContentResponse``; there is
no ``[DONE]``: the chunk carrying ``finishReason`` is the end.

    >>> req = ChatRequest(model="m", messages=[Message("user", [TextPart("hi")])], max_tokens=64)
    >>> build_request(req, "gemini-2.5-flash")
    {'contents': [{'role': 'user', 'parts': [{'text': 'hi'}]}], \
'generationConfig': {'maxOutputTokens': 64}}
    >>> parse_response({"candidates": [{"content": {"parts": [{"text": "yo"}]},
    ...     "finishReason": "STOP"}], "responseId": "r1"}, "gemini-2.5-flash").text()
    'yo'
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
    ToolChoice,
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

__all__ = ["build_request", "clean_schema", "parse_response", "stream_decoder"]

# Gemini 3 rejects a replayed functionCall without the thought signature it was issued with.
# Canonical tool calls carry none (they may come from another provider), so every replayed call
# gets the sentinel Google documents for history the model did not produce itself.
FOREIGN_SIGNATURE = "skip_thought_signature_validator"

# Gemini rejects more than five stop sequences with a 400; the rest are dropped.
_MAX_STOP_SEQUENCES = 5

_TEXT_FILTERED = ("SAFETY", "RECITATION", "PROHIBITED_CONTENT", "BLOCKLIST", "SPII")
_IMAGE_FILTERED = ("IMAGE_SAFETY", "IMAGE_PROHIBITED_CONTENT", "IMAGE_RECITATION")
# PROMPT_BLOCKED is ours: no candidates at all, promptFeedback.blockReason set.
_FILTERED = frozenset((*_TEXT_FILTERED, *_IMAGE_FILTERED, "PROMPT_BLOCKED"))

# The OpenAPI subset Gemini's Schema accepts for certain. Anything else ("additionalProperties",
# "$schema", "title", "default", "examples", ...) is an "Unknown name" 400, so it is dropped.
_SCHEMA_KEYS = ("description", "nullable", "minItems", "maxItems", "minimum", "maximum")
_TYPES = {name: name.upper() for name in ("string", "number", "integer", "boolean", "array")}
_TYPES["object"] = "OBJECT"
# The Developer API answers 400 for any other format ("uri", "email", ...).
_FORMATS = {
    "STRING": {"enum", "date-time"},
    "NUMBER": {"float", "double"},
    "INTEGER": {"int32", "int64"},
}
_MAX_REF_DEPTH = 8


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


def _call_id(response_id: str, n: int) -> str:
    """A tool call id unique across responses (``call_0`` would repeat every turn, and a later
    Anthropic upstream rejects duplicate tool ids), and deterministic (no clock, no random)."""
    return f"call_{_digest(response_id.encode())[:12]}_{n}"


def _base64(data: str) -> str:
    return data.split(",", 1)[1] if data.startswith("data:") else data


# --- build_request -------------------------------------------------------------------------
def build_request(req: ChatRequest, model: str) -> JSONObject:
    """The ``generateContent`` body for ``req``. ``model`` goes in the URL, not here."""
    del model  # the provider puts it in the URL
    body: JSONObject = {"contents": _contents(req.messages)}
    if req.system:
        body["systemInstruction"] = {"parts": [{"text": req.system}]}
    declarations: list[JSONValue] = [_declaration(tool) for tool in req.tools]
    if declarations:
        body["tools"] = [{"functionDeclarations": declarations}]
        if req.tool_choice is not None:
            body["toolConfig"] = _tool_config(req.tool_choice)
    config = _generation_config(req)
    if config:
        body["generationConfig"] = config
    return body


def _contents(messages: list[Message]) -> list[JSONValue]:
    """Gemini turns, consecutive same-role turns merged (tool results ride in user turns)."""
    names: dict[str, str] = {}  # tool call id -> function name, for the responses that follow
    turns: list[tuple[str, list[JSONValue]]] = []
    for message in messages:
        role = "model" if message.role == "assistant" else "user"
        parts = [wire for part in message.parts for wire in _wire_parts(part, names)]
        if not parts:
            continue
        if turns and turns[-1][0] == role:
            turns[-1][1].extend(parts)
        else:
            turns.append((role, parts))
    return [{"role": role, "parts": parts} for role, parts in turns]


def _wire_parts(part: Part, names: dict[str, str]) -> list[JSONValue]:
    if isinstance(part, TextPart):
        return [{"text": part.text}] if part.text else []
    if isinstance(part, ImagePart):
        return _image(part)
    if isinstance(part, ToolCallPart):
        names[part.id] = part.name
        call: JSONObject = {"name": part.name, "args": part.arguments}
        return [{"functionCall": call, "thoughtSignature": FOREIGN_SIGNATURE}]
    if isinstance(part, ToolResultPart):
        return _tool_result(part, names)
    return []  # ThinkingPart: Anthropic's thinking (and its signature) means nothing to Gemini


def _image(part: ImagePart) -> list[JSONValue]:
    if part.data:
        return [{"inlineData": {"mimeType": part.media_type, "data": _base64(part.data)}}]
    if part.url:
        return [{"fileData": {"mimeType": part.media_type, "fileUri": part.url}}]
    return []


def _tool_result(part: ToolResultPart, names: dict[str, str]) -> list[JSONValue]:
    name = names.get(part.tool_call_id) or part.name or "tool"
    response: JSONObject = {"content": part.text()}
    if part.is_error:
        response["is_error"] = True
    # Gemini pairs responses with calls by name; an "id" field is rejected by the Developer API.
    wire: list[JSONValue] = [{"functionResponse": {"name": name, "response": response}}]
    for item in part.content:
        if isinstance(item, ImagePart):
            wire.extend(_image(item))
    return wire


def _declaration(tool: ToolDef) -> JSONValue:
    declaration: JSONObject = {"name": tool.name, "description": tool.description}
    parameters = clean_schema(tool.parameters)
    # An OBJECT without properties is a 400 ("should be non-empty for OBJECT type"): a tool
    # that takes nothing is declared without parameters.
    if _obj(parameters.get("properties")):
        declaration["parameters"] = parameters
    return declaration


def _tool_config(choice: ToolChoice) -> JSONValue:
    config: JSONObject
    if choice.name:
        config = {"mode": "ANY", "allowedFunctionNames": [choice.name]}
    else:
        config = {"mode": {"auto": "AUTO", "any": "ANY", "none": "NONE"}[choice.mode]}
    return {"functionCallingConfig": config}


def _generation_config(req: ChatRequest) -> JSONObject:
    wanted: JSONObject = {
        "maxOutputTokens": req.max_tokens,
        "temperature": req.temperature,
        "topP": req.top_p,
    }
    config: JSONObject = {key: value for key, value in wanted.items() if value is not None}
    if req.stop:
        stops: list[JSONValue] = list(req.stop[:_MAX_STOP_SEQUENCES])
        config["stopSequences"] = stops
    return config


# --- JSON Schema -> Gemini Schema ----------------------------------------------------------
def clean_schema(schema: JSONObject) -> JSONObject:
    """A tool's JSON Schema cut down to what Gemini accepts, recursively: local ``$ref`` inlined,
    ``oneOf`` read as ``anyOf``, ``allOf`` merged, ``"null"`` types turned into ``nullable``,
    unknown keys and unsupported formats dropped. The root is always an OBJECT.

    >>> clean_schema({"type": "object", "additionalProperties": False,
    ...               "properties": {"q": {"type": ["string", "null"], "default": "x"}}})
    {'type': 'OBJECT', 'properties': {'q': {'type': 'STRING', 'nullable': True}}}
    """
    defs = {**_obj(schema.get("definitions")), **_obj(schema.get("$defs"))}
    cleaned = _clean(schema, defs, 0)
    cleaned["type"] = "OBJECT"
    return cleaned


def _clean(schema: JSONObject, defs: JSONObject, depth: int) -> JSONObject:
    schema = _expand(schema, defs, depth)
    out: JSONObject = {}
    _set_type(out, schema)
    out.update({key: schema[key] for key in _SCHEMA_KEYS if key in schema})
    _set_enum(out, schema)
    properties: JSONObject = {
        name: _clean(_obj(sub), defs, depth + 1)
        for name, sub in _obj(schema.get("properties")).items()
    }
    if properties:
        out["properties"] = properties
        required: list[JSONValue] = [
            n for n in _arr(schema.get("required")) if isinstance(n, str) and n in properties
        ]
        if required:
            out["required"] = required
    items = schema.get("items")
    if isinstance(items, list):  # tuple form: the first shape stands for all
        items = items[0] if items else None
    if isinstance(items, dict):
        out["items"] = _clean(items, defs, depth + 1)
    _set_any_of(out, schema, defs, depth)
    if "type" not in out and "anyOf" not in out:
        out["type"] = "STRING"  # JSON Schema's "anything" has no Gemini type; text is the safest
    return out


def _expand(schema: JSONObject, defs: JSONObject, depth: int) -> JSONObject:
    """Inline a local ``$ref`` and fold ``allOf`` into one schema."""
    ref = _str(schema.get("$ref"))
    if ref:
        name = ref.rsplit("/", 1)[-1]
        target = _obj(defs.get(name)) if depth < _MAX_REF_DEPTH else {}
        # the referring schema's own keys (a description, usually) win over the target's
        own = {k: v for k, v in schema.items() if k != "$ref"}
        return _expand({**target, **own}, defs, depth + 1)
    all_of = _arr(schema.get("allOf"))
    schema = {k: v for k, v in schema.items() if k != "allOf"}  # a copy: never edit the input
    for sub in all_of:
        part = _expand(_obj(sub), defs, depth + 1)
        merged: JSONObject = {**part, **schema}
        properties = {**_obj(schema.get("properties")), **_obj(part.get("properties"))}
        if properties:
            merged["properties"] = properties
        required = _arr(schema.get("required")) + _arr(part.get("required"))
        if required:
            merged["required"] = required
        schema = merged
    return schema


def _set_type(out: JSONObject, schema: JSONObject) -> None:
    raw = schema.get("type")
    names = [t for t in _arr(raw) if isinstance(t, str)] if isinstance(raw, list) else [raw]
    concrete = [_TYPES[n.lower()] for n in names if isinstance(n, str) and n.lower() in _TYPES]
    if not concrete and "properties" in schema:
        concrete = ["OBJECT"]
    elif not concrete and "items" in schema:
        concrete = ["ARRAY"]
    if concrete:
        out["type"] = concrete[0]
        fmt = _str(schema.get("format"))
        if fmt in _FORMATS.get(concrete[0], set()):
            out["format"] = fmt
    if "null" in names:
        out["nullable"] = True


def _set_enum(out: JSONObject, schema: JSONObject) -> None:
    values = _arr(schema.get("enum"))
    if "const" in schema:
        values = [schema["const"]]
    if None in values:
        out["nullable"] = True
    strings: list[JSONValue] = [v for v in values if isinstance(v, str)]
    # Gemini's enum is a list of strings: a numeric or mixed enum is dropped, not mistyped.
    if strings and len(strings) == len([v for v in values if v is not None]):
        out["enum"] = strings
        out.setdefault("type", "STRING")


def _set_any_of(out: JSONObject, schema: JSONObject, defs: JSONObject, depth: int) -> None:
    options = _arr(schema.get("anyOf")) or _arr(schema.get("oneOf"))
    variants: list[JSONValue] = []
    for option in options:
        option_schema = _obj(option)
        if option_schema.get("type") == "null":
            out["nullable"] = True
        else:
            variants.append(_clean(option_schema, defs, depth + 1))
    if len(variants) == 1:  # Optional[X]: X itself, nullable
        for key, value in _obj(variants[0]).items():
            out.setdefault(key, value)
    elif variants:
        out["anyOf"] = variants


# --- parse_response ------------------------------------------------------------------------
def parse_response(body: JSONObject, model: str) -> ChatResponse:
    """A whole ``GenerateContentResponse`` as a :class:`ChatResponse`."""
    response_id = _response_id(body, orjson.dumps(body, option=orjson.OPT_SORT_KEYS))
    candidate = _first_candidate(body)
    parts = _response_parts(_obj(candidate).get("content"), response_id)
    has_tool = any(isinstance(p, ToolCallPart) for p in parts)
    return ChatResponse(
        id=response_id,
        model=_str(body.get("modelVersion")) or model,
        parts=parts,
        stop_reason=_stop_reason(_finish(body, candidate), has_tool),
        usage=_usage(_obj(body.get("usageMetadata"))),
    )


def _response_id(body: JSONObject, raw: bytes) -> str:
    return _str(body.get("responseId")) or f"gemini-{_digest(raw)}"


def _first_candidate(body: JSONObject) -> JSONObject | None:
    candidates = _arr(body.get("candidates"))
    return _obj(candidates[0]) if candidates else None


def _response_parts(content: JSONValue | None, response_id: str) -> list[Part]:
    parts: list[Part] = []
    for raw in _arr(_obj(content).get("parts")):
        part = _obj(raw)
        text, call = part.get("text"), part.get("functionCall")
        if part.get("thought") is True:
            continue  # a thought summary is not the answer
        if isinstance(text, str) and text:
            if parts and isinstance(parts[-1], TextPart):
                parts[-1].text += text
            else:
                parts.append(TextPart(text))
        elif isinstance(call, dict):
            n = sum(isinstance(p, ToolCallPart) for p in parts)
            name = _str(call.get("name"))
            parts.append(ToolCallPart(_call_id(response_id, n), name, _obj(call.get("args"))))
    return parts


def _finish(body: JSONObject, candidate: JSONObject | None) -> str:
    if candidate is None:
        blocked = _obj(body.get("promptFeedback")).get("blockReason")
        return "PROMPT_BLOCKED" if blocked else ""
    return _str(candidate.get("finishReason"))


def _stop_reason(reason: str, has_tool: bool) -> StopReason:
    if reason in _FILTERED:
        return "content_filter"
    if reason == "MAX_TOKENS":
        return "max_tokens"
    return "tool_use" if has_tool else "end_turn"


def _usage(meta: JSONObject) -> Usage:
    # Thinking tokens are billed as output, as Anthropic counts them.
    output = _int(meta.get("candidatesTokenCount")) + _int(meta.get("thoughtsTokenCount"))
    return Usage(input_tokens=_int(meta.get("promptTokenCount")), output_tokens=output)


# --- stream_decoder ------------------------------------------------------------------------
def stream_decoder(model: str) -> StreamDecoder:
    """A decoder for ``streamGenerateContent?alt=sse``: feed each SSE ``data:`` payload."""
    return GeminiStreamDecoder(model)


def _status_hint(error: JSONValue) -> int:
    code = _int(_obj(error).get("code"))
    return code if 400 <= code <= 599 else 500


class GeminiStreamDecoder:
    """Gemini SSE chunks -> canonical events. Text parts share one block per run; each
    ``functionCall`` arrives whole and becomes a whole tool block."""

    def __init__(self, model: str) -> None:
        self._model = model
        self._id = ""
        self._started = False
        self._ended = False
        self._next_index = 0
        self._text_index: int | None = None
        self._tool_count = 0
        self._usage = Usage()

    def feed(self, event: str | None, data: bytes) -> list[StreamEvent]:
        del event  # Gemini's SSE names no events
        chunk = _load(data)
        if chunk is None or self._ended:
            return []
        if "error" in chunk:
            raise UpstreamStreamError(data, _status_hint(chunk["error"]))
        out: list[StreamEvent] = []
        if "usageMetadata" in chunk:
            self._usage = _usage(_obj(chunk["usageMetadata"]))
        if not self._started:
            out.append(self._start(chunk, data))
        candidate = _first_candidate(chunk)
        for raw in _arr(_obj(_obj(candidate).get("content")).get("parts")):
            out.extend(self._part(_obj(raw)))
        reason = _finish(chunk, candidate)
        if reason and reason != "FINISH_REASON_UNSPECIFIED":
            out.extend(self._end(reason))
        return out

    def finish(self) -> list[StreamEvent]:
        if self._ended:
            return []
        raise StreamIncomplete("Gemini stream ended without a finishReason")

    def _start(self, chunk: JSONObject, data: bytes) -> MessageStart:
        self._started = True
        self._id = _response_id(chunk, data)
        model = _str(chunk.get("modelVersion")) or self._model
        return MessageStart(self._id, model, self._usage.input_tokens)

    def _part(self, part: JSONObject) -> list[StreamEvent]:
        text, call = part.get("text"), part.get("functionCall")
        if part.get("thought") is True:  # a thought summary is not the answer
            return []
        if isinstance(text, str) and text:
            return self._text(text)
        return self._tool(call) if isinstance(call, dict) else []

    def _text(self, text: str) -> list[StreamEvent]:
        out: list[StreamEvent] = []
        if self._text_index is None:
            self._text_index = self._next_index
            self._next_index += 1
            out.append(BlockStart(self._text_index, "text"))
        out.append(BlockDelta(self._text_index, text))
        return out

    def _tool(self, call: JSONObject) -> list[StreamEvent]:
        out = self._close_text()
        index = self._next_index
        self._next_index += 1
        call_id = _call_id(self._id, self._tool_count)
        self._tool_count += 1
        args = orjson.dumps(_obj(call.get("args"))).decode()
        out.append(BlockStart(index, "tool_call", id=call_id, name=_str(call.get("name"))))
        out.append(BlockDelta(index, args))
        out.append(BlockStop(index))
        return out

    def _close_text(self) -> list[StreamEvent]:
        if self._text_index is None:
            return []
        index, self._text_index = self._text_index, None
        return [BlockStop(index)]

    def _end(self, reason: str) -> list[StreamEvent]:
        self._ended = True
        out = self._close_text()
        out.append(MessageEnd(_stop_reason(reason, self._tool_count > 0), self._usage))
        return out


def _load(data: bytes) -> JSONObject | None:
    """One SSE payload as an object; ``None`` for anything that is not one (skipped)."""
    try:
        value = orjson.loads(data)
    except orjson.JSONDecodeError:
        return None
    if isinstance(value, list) and value:  # an error may come wrapped in a one-item array
        value = value[0]
    return value if isinstance(value, dict) else None
