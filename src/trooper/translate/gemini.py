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

import orjson

from trooper.model.conversation import (
    EFFORT_BUDGETS,
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
    ToolChoice,
    ToolDef,
    ToolResultPart,
    Usage,
)
from trooper.model.events import MessageEnd, MessageStart, StreamEvent
from trooper.translate._common import (
    Blocks,
    as_int,
    as_list,
    as_obj,
    as_str,
    base64_data,
    digest,
    dropped,
    file_kind,
    load_object,
    merge_turns,
    read_stop_reason,
    read_usage,
    status_hint,
    tool_call_id,
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
# Any other finishReason is a plain end ("tool_use" when the answer calls tools).
_STOP_FROM_WIRE: dict[str, StopReason] = {reason: "content_filter" for reason in _FILTERED}
_STOP_FROM_WIRE["MAX_TOKENS"] = "max_tokens"

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
# usageMetadata's counts; thinking tokens are billed as output, as Anthropic counts them.
_INPUT_KEYS = ("promptTokenCount",)
_OUTPUT_KEYS = ("candidatesTokenCount", "thoughtsTokenCount")


def _read_usage(value: JSONValue | None) -> Usage:
    """usageMetadata as :class:`Usage`; ``cachedContentTokenCount`` is part of the prompt."""
    usage = read_usage(value, _INPUT_KEYS, _OUTPUT_KEYS)
    cached = as_int(as_obj(value).get("cachedContentTokenCount"))
    usage.cache_read_tokens = min(usage.input_tokens, cached)
    return usage


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
    turns = merge_turns(
        (
            "model" if message.role == "assistant" else "user",
            _system_parts(message)
            if message.role == "system"
            else [wire for part in message.parts for wire in _wire_parts(part, names)],
        )
        for message in messages
    )
    return [{"role": role, "parts": parts} for role, parts in turns]


def _system_parts(message: Message) -> list[JSONValue]:
    """Gemini's contents hold only user and model turns, and ``systemInstruction`` has no
    position: an instruction inside the conversation rides, marked, in a user turn there."""
    text = message.text()
    return [{"text": f"[System instruction]\n{text}"}] if text else []


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
    if isinstance(part, DocumentPart):
        return [_document(part)]
    return []  # ThinkingPart: Anthropic's thinking (and its signature) means nothing to Gemini


def _document(part: DocumentPart) -> JSONValue:
    """Gemini reads PDFs and audio inline; a document's text, or a note, otherwise."""
    if part.data is not None and part.media_type.startswith(("application/pdf", "audio/")):
        return {"inlineData": {"mimeType": part.media_type, "data": base64_data(part.data)}}
    if part.text is None:
        dropped(file_kind(part.media_type), "gemini", part.media_type)
    return {"text": part.as_text()}


def _image(part: ImagePart) -> list[JSONValue]:
    if part.data:
        return [{"inlineData": {"mimeType": part.media_type, "data": base64_data(part.data)}}]
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
    if as_obj(parameters.get("properties")):
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
        "topK": req.top_k,
        "seed": req.seed,
        "frequencyPenalty": req.frequency_penalty,
        "presencePenalty": req.presence_penalty,
    }
    config: JSONObject = {key: value for key, value in wanted.items() if value is not None}
    fmt = req.response_format
    if fmt is not None:
        config["responseMimeType"] = "application/json"
        if fmt.schema is not None:
            config["responseJsonSchema"] = fmt.schema
    if req.reasoning is not None:
        config["thinkingConfig"] = {"thinkingBudget": EFFORT_BUDGETS[req.reasoning]}
    if req.parallel_tool_calls is False and req.tools:
        dropped("parallel_tool_calls", "gemini")
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
    defs = {**as_obj(schema.get("definitions")), **as_obj(schema.get("$defs"))}
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
        name: _clean(as_obj(sub), defs, depth + 1)
        for name, sub in as_obj(schema.get("properties")).items()
    }
    if properties:
        out["properties"] = properties
        required: list[JSONValue] = [
            n for n in as_list(schema.get("required")) if isinstance(n, str) and n in properties
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
    ref = as_str(schema.get("$ref"))
    if ref:
        name = ref.rsplit("/", 1)[-1]
        target = as_obj(defs.get(name)) if depth < _MAX_REF_DEPTH else {}
        # the referring schema's own keys (a description, usually) win over the target's
        own = {k: v for k, v in schema.items() if k != "$ref"}
        return _expand({**target, **own}, defs, depth + 1)
    all_of = as_list(schema.get("allOf"))
    schema = {k: v for k, v in schema.items() if k != "allOf"}  # a copy: never edit the input
    for sub in all_of:
        part = _expand(as_obj(sub), defs, depth + 1)
        merged: JSONObject = {**part, **schema}
        properties = {**as_obj(schema.get("properties")), **as_obj(part.get("properties"))}
        if properties:
            merged["properties"] = properties
        required = as_list(schema.get("required")) + as_list(part.get("required"))
        if required:
            merged["required"] = required
        schema = merged
    return schema


def _set_type(out: JSONObject, schema: JSONObject) -> None:
    raw = schema.get("type")
    names = [t for t in as_list(raw) if isinstance(t, str)] if isinstance(raw, list) else [raw]
    concrete = [_TYPES[n.lower()] for n in names if isinstance(n, str) and n.lower() in _TYPES]
    if not concrete and "properties" in schema:
        concrete = ["OBJECT"]
    elif not concrete and "items" in schema:
        concrete = ["ARRAY"]
    if concrete:
        out["type"] = concrete[0]
        fmt = as_str(schema.get("format"))
        if fmt in _FORMATS.get(concrete[0], set()):
            out["format"] = fmt
    if "null" in names:
        out["nullable"] = True


def _set_enum(out: JSONObject, schema: JSONObject) -> None:
    values = as_list(schema.get("enum"))
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
    options = as_list(schema.get("anyOf")) or as_list(schema.get("oneOf"))
    variants: list[JSONValue] = []
    for option in options:
        option_schema = as_obj(option)
        if option_schema.get("type") == "null":
            out["nullable"] = True
        else:
            variants.append(_clean(option_schema, defs, depth + 1))
    if len(variants) == 1:  # Optional[X]: X itself, nullable
        for key, value in as_obj(variants[0]).items():
            out.setdefault(key, value)
    elif variants:
        out["anyOf"] = variants


# --- parse_response ------------------------------------------------------------------------
def parse_response(body: JSONObject, model: str) -> ChatResponse:
    """A whole ``GenerateContentResponse`` as a :class:`ChatResponse`."""
    response_id = _response_id(body, orjson.dumps(body, option=orjson.OPT_SORT_KEYS))
    candidate = _first_candidate(body)
    parts = _response_parts(as_obj(candidate).get("content"), response_id)
    has_tool = any(isinstance(p, ToolCallPart) for p in parts)
    return ChatResponse(
        id=response_id,
        model=as_str(body.get("modelVersion")) or model,
        parts=parts,
        stop_reason=read_stop_reason(_STOP_FROM_WIRE, _finish(body, candidate), has_tool),
        usage=_read_usage(body.get("usageMetadata")),
    )


def _response_id(body: JSONObject, raw: bytes) -> str:
    return as_str(body.get("responseId")) or f"gemini-{digest(raw)}"


def _first_candidate(body: JSONObject) -> JSONObject | None:
    candidates = as_list(body.get("candidates"))
    return as_obj(candidates[0]) if candidates else None


def _response_parts(content: JSONValue | None, response_id: str) -> list[Part]:
    parts: list[Part] = []
    for raw in as_list(as_obj(content).get("parts")):
        part = as_obj(raw)
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
            name = as_str(call.get("name"))
            parts.append(ToolCallPart(tool_call_id(response_id, n), name, as_obj(call.get("args"))))
    return parts


def _finish(body: JSONObject, candidate: JSONObject | None) -> str:
    if candidate is None:
        blocked = as_obj(body.get("promptFeedback")).get("blockReason")
        return "PROMPT_BLOCKED" if blocked else ""
    return as_str(candidate.get("finishReason"))


# --- stream_decoder ------------------------------------------------------------------------
def stream_decoder(model: str) -> StreamDecoder:
    """A decoder for ``streamGenerateContent?alt=sse``: feed each SSE ``data:`` payload."""
    return GeminiStreamDecoder(model)


class GeminiStreamDecoder:
    """Gemini SSE chunks -> canonical events. Text parts share one block per run; each
    ``functionCall`` arrives whole and becomes a whole tool block."""

    def __init__(self, model: str) -> None:
        self._model = model
        self._id = ""
        self._started = False
        self._ended = False
        self._blocks = Blocks()
        self._usage = Usage()

    def feed(self, event: str | None, data: bytes) -> list[StreamEvent]:
        del event  # Gemini's SSE names no events
        chunk = load_object(data, unwrap=True)  # an error may come wrapped in an array
        if chunk is None or self._ended:
            return []
        if "error" in chunk:
            raise UpstreamStreamError(data, status_hint(chunk["error"]))
        out: list[StreamEvent] = []
        if "usageMetadata" in chunk:
            self._usage = _read_usage(chunk["usageMetadata"])
        if not self._started:
            out.append(self._start(chunk, data))
        candidate = _first_candidate(chunk)
        for raw in as_list(as_obj(as_obj(candidate).get("content")).get("parts")):
            out.extend(self._part(as_obj(raw)))
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
        model = as_str(chunk.get("modelVersion")) or self._model
        return MessageStart(self._id, model, self._usage.input_tokens)

    def _part(self, part: JSONObject) -> list[StreamEvent]:
        text, call = part.get("text"), part.get("functionCall")
        if part.get("thought") is True:  # a thought summary is not the answer
            return []
        if isinstance(text, str) and text:
            return self._blocks.text(text)
        if not isinstance(call, dict):
            return []
        call_id = tool_call_id(self._id, self._blocks.tool_count)
        return self._blocks.whole_tool(call_id, as_str(call.get("name")), as_obj(call.get("args")))

    def _end(self, reason: str) -> list[StreamEvent]:
        self._ended = True
        stop = read_stop_reason(_STOP_FROM_WIRE, reason, self._blocks.tool_count > 0)
        return [*self._blocks.close(), MessageEnd(stop, self._usage)]
