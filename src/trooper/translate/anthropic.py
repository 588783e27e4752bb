"""The Anthropic Messages API wire format, both halves of the translator contract.

Inbound (a client speaks Anthropic to Trooper) and upstream (Trooper calls Claude):

    >>> req = parse_request({"model": "claude-sonnet-4-6", "max_tokens": 64,
    ...                      "messages": [{"role": "user", "content": "hi"}]})
    >>> req.latest_user_text()
    'hi'
    >>> build_request(req, "claude-haiku-4-5")["model"]
    'claude-haiku-4-5'

Blocks the canonical model has no kind for (documents, server tools) are left out of it; an
unmodified Anthropic request keeps them because :func:`build_request` forwards the client's own
body to Claude. Thinking (with its signature) and redacted thinking (``ThinkingPart.redacted``)
survive every direction, since Claude verifies them on the next turn. The stream halves live in
:mod:`trooper.translate.anthropic_stream` and are re-exported here.
"""

from __future__ import annotations

from collections.abc import Callable

from trooper.errors import InvalidRequest
from trooper.model.conversation import (
    EFFORT_BUDGETS,
    ChatRequest,
    DocumentPart,
    Effort,
    ImagePart,
    JSONObject,
    JSONValue,
    Message,
    Part,
    ResponseFormat,
    Role,
    TextPart,
    ThinkingPart,
    ToolCallPart,
    ToolChoice,
    ToolChoiceMode,
    ToolDef,
    ToolResultPart,
    effort_named,
    effort_of_budget,
)
from trooper.slices import Steps
from trooper.translate._common import (
    IMAGE_MEDIA_TYPES,
    Checker,
    as_list,
    as_obj,
    as_str,
    dropped,
    file_kind,
    merge_turns,
)
from trooper.translate.anthropic_stream import (
    AnthropicStreamDecoder,
    AnthropicStreamEncoder,
    encode_response,
    error_body,
    parse_response,
    stream_decoder,
    stream_encoder,
)
from trooper.translate.base import parse_in_steps

__all__ = [
    "AnthropicStreamDecoder",
    "AnthropicStreamEncoder",
    "build_request",
    "encode_response",
    "error_body",
    "parse_request",
    "parse_request_steps",
    "parse_response",
    "stream_decoder",
    "stream_encoder",
]

DEFAULT_MAX_TOKENS = 4096

_ROLES: dict[str, Role] = {"user": "user", "assistant": "assistant", "system": "system"}
_CHOICE_MODES: dict[str, ToolChoiceMode] = {"auto": "auto", "any": "any", "none": "none"}
_check = Checker("must be")  # the client's errors read "messages[0].role: must be ..."
# Top-level keys build_request produces from the canonical model; a modified request copies
# every other key of the client's body (thinking, metadata, ...) unchanged.
_BUILT_KEYS = frozenset(
    {
        "model",
        "messages",
        "system",
        "tools",
        "tool_choice",
        "max_tokens",
        "temperature",
        "top_p",
        "stop_sequences",
        "stream",
    }
)


# --- inbound: parse_request ------------------------------------------------------------------

#: The fields read beyond the model, messages, max_tokens and stream. Most requests send none of
#: them: they skip a dozen readers that would each find nothing (their errors keep their order).
_OPTIONAL_FIELDS = frozenset(
    {
        "system",
        "tools",
        "tool_choice",
        "temperature",
        "top_p",
        "stop_sequences",
        "top_k",
        "output_config",
        "thinking",
    }
)


def parse_request(body: JSONObject, *, converted: list[Message] | None = None) -> ChatRequest:
    """An Anthropic Messages request body -> :class:`ChatRequest`; raises ``InvalidRequest``.

    Unknown top-level fields (``thinking``, ``metadata``, ...) are not errors: they stay in
    ``raw`` for a Claude upstream. ``converted``: the body's messages already converted (by
    :func:`parse_request_steps`).
    """
    if not isinstance(body, dict):
        raise InvalidRequest("request body must be a JSON object")
    model = _check.opt_str(body, "model", "model") or ""
    messages = _parse_messages(body.get("messages")) if converted is None else converted
    if _OPTIONAL_FIELDS.isdisjoint(body):  # none of their readers would find anything
        return ChatRequest(
            model,
            messages,
            max_tokens=_check.opt_positive_int(body, "max_tokens"),
            stream=_check.opt_bool(body, "stream", "stream"),
            dialect="anthropic",
            raw=body,
        )
    return ChatRequest(
        model=model,
        messages=messages,
        system=_parse_system(body.get("system")),
        tools=_parse_tools(body.get("tools")),
        tool_choice=_parse_tool_choice(body.get("tool_choice")),
        max_tokens=_check.opt_positive_int(body, "max_tokens"),
        temperature=_check.opt_number(body, "temperature"),
        top_p=_check.opt_number(body, "top_p"),
        stop=_parse_stop(body.get("stop_sequences")),
        top_k=_check.opt_positive_int(body, "top_k"),
        response_format=_parse_output_format(body.get("output_config")),
        reasoning=_parse_reasoning(body),
        parallel_tool_calls=_parse_parallel(body.get("tool_choice")),
        stream=_check.opt_bool(body, "stream", "stream"),
        dialect="anthropic",
        raw=body,
    )


def parse_request_steps(body: JSONObject) -> Steps[ChatRequest]:
    """:func:`parse_request`, its messages converted one per step (see
    :func:`~trooper.translate.base.parse_in_steps`)."""
    return parse_in_steps(body, _messages_steps(body.get("messages")), parse_request)


def _parse_output_format(value: JSONValue) -> ResponseFormat | None:
    """``output_config.format``: ``{"type": "json_schema", "schema": {...}}``."""
    if not isinstance(value, dict):
        return None
    fmt = value.get("format")
    if not isinstance(fmt, dict) or fmt.get("type") != "json_schema":
        return None
    schema = _check.obj(fmt.get("schema"), "output_config.format.schema")
    return ResponseFormat("json_schema", schema=schema, strict=True)


def _parse_reasoning(body: JSONObject) -> Effort | None:
    """Extended thinking (its budget) or ``output_config.effort``, as one effort level."""
    config = body.get("output_config")
    effort = effort_named(config.get("effort") if isinstance(config, dict) else None)
    if effort is not None:
        return effort
    thinking = body.get("thinking")
    if not isinstance(thinking, dict) or thinking.get("type") not in ("enabled", "adaptive"):
        return None
    budget = thinking.get("budget_tokens")
    return effort_of_budget(budget) if isinstance(budget, int) else "medium"


def _parse_parallel(value: JSONValue) -> bool | None:
    if isinstance(value, dict) and value.get("disable_parallel_tool_use") is True:
        return False
    return None


def _parse_stop(value: JSONValue) -> list[str]:
    if value is None:
        return []
    return [
        _check.string(s, f"stop_sequences[{i}]")
        for i, s in enumerate(_check.array(value, "stop_sequences"))
    ]


def _parse_system(value: JSONValue) -> str | None:
    if value is None or isinstance(value, str):
        return value
    texts: list[str] = []
    for i, item in enumerate(_check.array(value, "system")):
        block = _check.obj(item, f"system[{i}]")
        if block.get("type") != "text":
            _check.fail(f"system[{i}].type", "'text'")
        texts.append(_check.string(block.get("text"), f"system[{i}].text"))
    return "\n\n".join(texts) if texts else None


def _parse_tools(value: JSONValue) -> list[ToolDef]:
    if value is None:
        return []
    tools: list[ToolDef] = []
    for i, item in enumerate(_check.array(value, "tools")):
        path = f"tools[{i}]"
        tool = _check.obj(item, path)
        name = _check.string(tool.get("name"), f"{path}.name")
        schema = tool.get("input_schema")
        if schema is None and tool.get("type") not in (None, "custom"):
            continue  # a server tool (web_search_..., bash_...): Claude runs it, no one else can
        strict = tool.get("strict")
        tools.append(
            ToolDef(
                name=name,
                description=_check.opt_str(tool, "description", f"{path}.description") or "",
                parameters=_check.obj(schema, f"{path}.input_schema"),
                strict=strict if isinstance(strict, bool) else None,
            )
        )
    return tools


def _parse_tool_choice(value: JSONValue) -> ToolChoice | None:
    if value is None:
        return None
    choice = _check.obj(value, "tool_choice")
    kind = choice.get("type")
    if kind == "tool":
        return ToolChoice("auto", name=_check.string(choice.get("name"), "tool_choice.name"))
    mode = _CHOICE_MODES.get(kind) if isinstance(kind, str) else None
    if mode is not None:
        return ToolChoice(mode)
    _check.fail("tool_choice.type", "one of 'auto', 'any', 'tool', 'none'")


def _parse_messages(value: JSONValue) -> list[Message]:
    messages: list[Message] = []
    for i, item in enumerate(_items(value)):
        message = _parse_message(item, i)
        if message.parts:
            messages.append(message)
    return messages


def _messages_steps(value: JSONValue) -> Steps[list[Message]]:
    """:func:`_parse_messages`, one message per step."""
    messages: list[Message] = []
    for i, item in enumerate(_items(value)):
        message = _parse_message(item, i)
        if message.parts:
            messages.append(message)
        yield
    return messages


def _items(value: JSONValue) -> list[JSONValue]:
    if value is None:
        raise InvalidRequest("messages: is required")
    items = _check.array(value, "messages")
    if not items:
        raise InvalidRequest("messages: must not be empty")
    return items


def _parse_message(value: JSONValue, index: int) -> Message:
    """``messages[index]``; its path, for the errors, is spelled out only where it is needed."""
    if not isinstance(value, dict):
        _check.fail(f"messages[{index}]", "an object")
    role_name = value.get("role")
    role = _ROLES.get(role_name) if isinstance(role_name, str) else None
    if role is None:
        _check.fail(f"messages[{index}].role", "'user', 'assistant' or 'system'")
    content = value.get("content")
    if isinstance(content, str):
        return Message(role, [TextPart(content)])
    path = f"messages[{index}]"
    if not isinstance(content, list):
        _check.fail(f"{path}.content", "a string or a list of content blocks")
    parts = [_parse_block(b, f"{path}.content[{i}]") for i, b in enumerate(content)]
    return Message(role, [p for p in parts if p is not None])


def _parse_block(value: JSONValue, path: str) -> Part | None:
    block = _check.obj(value, path)
    kind = block.get("type")
    if not isinstance(kind, str):
        _check.fail(f"{path}.type", "a string")
    parser = _BLOCK_PARSERS.get(kind)
    part = parser(block, path) if parser is not None else None
    cache = block.get("cache_control")
    if isinstance(cache, dict) and part is not None and not isinstance(part, ThinkingPart):
        part.cache = cache  # a prompt-caching breakpoint, put back if the request is rebuilt
    return part


def _parse_text(block: JSONObject, path: str) -> Part:
    return TextPart(_check.string(block.get("text"), f"{path}.text"))


def _parse_image(block: JSONObject, path: str) -> Part | None:
    source = _check.obj(block.get("source"), f"{path}.source")
    kind = source.get("type")
    if kind == "base64":
        media_type = _check.string(source.get("media_type"), f"{path}.source.media_type")
        return ImagePart(media_type, data=_check.string(source.get("data"), f"{path}.source.data"))
    if kind == "url":
        url = _check.string(source.get("url"), f"{path}.source.url")
        return ImagePart(_guess_media_type(url), url=url)
    return None  # a Files API reference: only Claude can resolve it


def _guess_media_type(url: str) -> str:
    path = url.split("?", 1)[0].split("#", 1)[0].lower()
    dot = path.rfind(".")
    return IMAGE_MEDIA_TYPES.get(path[dot + 1 :], "") if dot >= 0 else ""


def _parse_document(block: JSONObject, path: str) -> Part | None:
    """A ``document`` block: a PDF or text, inline, by URL, or as content blocks. A Files API
    reference (``file``) only Claude can resolve: it lives on in ``raw``."""
    source = _check.obj(block.get("source"), f"{path}.source")
    kind = source.get("type")
    title = _check.opt_str(block, "title", f"{path}.title")
    where = f"{path}.source"
    if kind == "base64":
        media_type = _check.string(source.get("media_type"), f"{where}.media_type")
        data = _check.string(source.get("data"), f"{where}.data")
        return DocumentPart(media_type, data=data, title=title)
    if kind == "text":
        text = _check.string(source.get("data"), f"{where}.data")
        text_type = _check.opt_str(source, "media_type", f"{where}.media_type")
        return DocumentPart(text_type or "text/plain", text=text, title=title)
    if kind == "url":
        url = _check.string(source.get("url"), f"{where}.url")
        return DocumentPart("application/pdf", url=url, title=title)
    if kind == "content":
        text = _block_texts(source.get("content"), f"{where}.content")
        return DocumentPart("text/plain", text=text, title=title)
    return None


def _parse_search_result(block: JSONObject, path: str) -> Part:
    return DocumentPart(
        "text/plain",
        url=_check.opt_str(block, "source", f"{path}.source"),
        text=_block_texts(block.get("content"), f"{path}.content"),
        title=_check.opt_str(block, "title", f"{path}.title"),
    )


def _block_texts(value: JSONValue, path: str) -> str:
    if isinstance(value, str):
        return value
    texts = [_parse_block(item, f"{path}[{i}]") for i, item in enumerate(_check.array(value, path))]
    return "\n".join(t.text for t in texts if isinstance(t, TextPart))


def _parse_tool_use(block: JSONObject, path: str) -> Part:
    raw_input = block.get("input")
    return ToolCallPart(
        id=_check.string(block.get("id"), f"{path}.id"),
        name=_check.string(block.get("name"), f"{path}.name"),
        arguments={} if raw_input is None else _check.obj(raw_input, f"{path}.input"),
    )


def _parse_tool_result(block: JSONObject, path: str) -> Part:
    content = block.get("content")
    parts: list[TextPart | ImagePart] = []
    if isinstance(content, str):
        parts.append(TextPart(content))
    elif content is not None:
        for i, item in enumerate(_check.array(content, f"{path}.content")):
            part = _parse_block(item, f"{path}.content[{i}]")
            if isinstance(part, TextPart | ImagePart):
                parts.append(part)
            elif isinstance(part, DocumentPart):  # a tool result's documents travel as text
                parts.append(TextPart(part.as_text()))
    return ToolResultPart(
        tool_call_id=_check.string(block.get("tool_use_id"), f"{path}.tool_use_id"),
        content=parts,
        is_error=_check.opt_bool(block, "is_error", f"{path}.is_error"),
    )


def _parse_thinking(block: JSONObject, path: str) -> Part:
    # An empty signature is no signature: Claude would reject the block if it were sent back.
    signature = _check.opt_str(block, "signature", f"{path}.signature") or None
    return ThinkingPart(_check.string(block.get("thinking"), f"{path}.thinking"), signature)


def _parse_redacted_thinking(block: JSONObject, path: str) -> Part:
    return ThinkingPart("", redacted=_check.string(block.get("data"), f"{path}.data"))


_BLOCK_PARSERS: dict[str, Callable[[JSONObject, str], Part | None]] = {
    "text": _parse_text,
    "image": _parse_image,
    "tool_use": _parse_tool_use,
    "tool_result": _parse_tool_result,
    "thinking": _parse_thinking,
    "redacted_thinking": _parse_redacted_thinking,
    "document": _parse_document,
    "search_result": _parse_search_result,
}


# --- upstream: build_request -----------------------------------------------------------------


def build_request(req: ChatRequest, model: str) -> JSONObject:
    """A :class:`ChatRequest` -> a Claude Messages body for ``model``.

    An unmodified Anthropic request is forwarded as the client wrote it (thinking,
    cache_control, server tools survive); anything else is built from the canonical model.
    """
    raw = req.raw if req.dialect == "anthropic" else None
    if raw is not None and not req.modified:
        return {**raw, "model": model, "stream": req.stream}
    body: JSONObject = {
        "model": model,
        "max_tokens": req.max_tokens or DEFAULT_MAX_TOKENS,
        "messages": _build_messages(req.messages, raw),
    }
    if req.system:
        body["system"] = _system_blocks(req.system, raw)
    _add_tools(body, req, raw)
    _add_sampling(body, req)
    _add_output(body, req)
    body["stream"] = req.stream
    if raw is not None:
        body |= {k: v for k, v in raw.items() if k not in _BUILT_KEYS}
    return body


def _system_blocks(system: str, raw: JSONObject | None) -> JSONValue:
    """The client's own system blocks (their cache_control included) where the system prompt
    is still theirs, with anything added (a SITREP) as one more block; else the text."""
    blocks = raw.get("system") if raw is not None else None
    if not isinstance(blocks, list):
        return system
    texts = [b.get("text") for b in blocks if isinstance(b, dict)]
    theirs = "\n\n".join(t for t in texts if isinstance(t, str))
    if not theirs or not system.startswith(theirs):
        return system
    added = system[len(theirs) :].strip()
    return [*blocks, {"type": "text", "text": added}] if added else list(blocks)


def _add_tools(body: JSONObject, req: ChatRequest, raw: JSONObject | None) -> None:
    raw_tools = as_list(raw.get("tools") if raw is not None else None)
    theirs = {as_str(t.get("name")): t for t in map(as_obj, raw_tools) if t}
    # The client's own tool objects keep what the canonical model does not read
    # (defer_loading, cache_control, input_examples); name, schema and prose are rebuilt.
    tools: list[JSONValue] = [{**theirs.get(t.name, {}), **_tool_def(t)} for t in req.tools]
    if isinstance(raw_tools, list):  # server tools never reach the canonical model: keep them
        tools += [t for t in raw_tools if isinstance(t, dict) and "input_schema" not in t]
    if not tools:
        return  # Claude rejects tool_choice without tools
    body["tools"] = tools
    choice: JSONObject | None = None
    if req.tool_choice is not None:
        choice = _tool_choice(req.tool_choice)
    if req.parallel_tool_calls is False:
        choice = {**(choice or {"type": "auto"}), "disable_parallel_tool_use": True}
    if choice is not None:
        body["tool_choice"] = choice


def _tool_def(tool: ToolDef) -> JSONObject:
    out: JSONObject = {"name": tool.name, "input_schema": tool.parameters}
    if tool.description:
        out["description"] = tool.description
    if tool.strict:
        out["strict"] = True
    return out


def _tool_choice(choice: ToolChoice) -> JSONObject:
    if choice.name is not None and choice.mode != "none":
        return {"type": "tool", "name": choice.name}
    return {"type": choice.mode}


def _add_output(body: JSONObject, req: ChatRequest) -> None:
    """Structured output as Claude's ``output_config.format``, and a reasoning effort as
    extended thinking (which Claude takes only with default sampling and no forced tool)."""
    fmt = req.response_format
    if fmt is not None:
        schema: JSONObject = fmt.schema if fmt.schema is not None else {"type": "object"}
        body["output_config"] = {"format": {"type": "json_schema", "schema": schema}}
    if req.reasoning is None or req.dialect == "anthropic":  # the client's own thinking is kept
        return
    forced = req.tool_choice is not None and (req.tool_choice.mode == "any" or req.tool_choice.name)
    if req.temperature is not None or req.top_k is not None or forced:
        dropped("reasoning", "claude", "with sampling settings or a forced tool")
        return
    budget = EFFORT_BUDGETS[req.reasoning]
    body["thinking"] = {"type": "enabled", "budget_tokens": budget}
    max_tokens = body.get("max_tokens")
    if not isinstance(max_tokens, int) or max_tokens <= budget:
        body["max_tokens"] = budget + (max_tokens if isinstance(max_tokens, int) else 0)


def _add_sampling(body: JSONObject, req: ChatRequest) -> None:
    if req.temperature is not None:
        body["temperature"] = req.temperature
    if req.top_p is not None:
        body["top_p"] = req.top_p
    if req.stop:
        body["stop_sequences"] = list(req.stop)
    if req.top_k is not None:
        body["top_k"] = req.top_k


def _build_messages(messages: list[Message], raw: JSONObject | None) -> list[JSONValue]:
    """Canonical turns -> Claude's, merging consecutive turns of one role (Claude wants them
    alternating) and leaving out turns left empty (Claude rejects empty content)."""
    turns = merge_turns(
        (message.role, [b for b in map(_cached_block, message.parts) if b is not None])
        for message in messages
    )
    built = sum("cache_control" in block for _, blocks in turns for block in blocks)
    if raw is not None and turns and _breakpoints(raw.get("messages")) > built:
        # A breakpoint's block was compacted away: the cache still starts at the newest turn.
        last = turns[-1][1][-1]
        last.setdefault("cache_control", {"type": "ephemeral"})
    return [{"role": role, "content": _ordered(role, blocks)} for role, blocks in turns]


def _breakpoints(messages: JSONValue | None) -> int:
    """How many blocks of a Claude ``messages`` array carry cache_control."""
    return sum(
        1
        for message in as_list(messages)
        for block in as_list(as_obj(message).get("content"))
        if "cache_control" in as_obj(block)
    )


def _cached_block(part: Part) -> JSONObject | None:
    block = _request_block(part)
    cache = getattr(part, "cache", None)
    if block is not None and cache is not None:
        block["cache_control"] = cache
    return block


def _ordered(role: str, blocks: list[JSONObject]) -> list[JSONValue]:
    """Claude wants a user turn's tool results before anything else in it."""
    if role == "user":
        blocks = sorted(blocks, key=lambda b: b.get("type") != "tool_result")
    return list(blocks)


def _request_block(part: Part) -> JSONObject | None:
    if isinstance(part, TextPart):
        return {"type": "text", "text": part.text} if part.text else None  # empty text: 400
    if isinstance(part, ImagePart):
        return _image_block(part)
    if isinstance(part, ToolResultPart):
        return _tool_result_block(part)
    if isinstance(part, ThinkingPart):
        return _thinking_block(part)
    if isinstance(part, DocumentPart):
        return _document_block(part)
    return {"type": "tool_use", "id": part.id, "name": part.name, "input": part.arguments}


def _document_block(part: DocumentPart) -> JSONObject:
    """Claude reads PDFs and text; anything else (audio) reaches it as the part's text."""
    if part.media_type == "application/pdf" and part.data is not None:
        source: JSONObject = {"type": "base64", "media_type": part.media_type, "data": part.data}
    elif part.media_type == "application/pdf" and part.url is not None:
        source = {"type": "url", "url": part.url}
    elif part.text is not None:
        source = {"type": "text", "media_type": "text/plain", "data": part.text}
    else:
        dropped(file_kind(part.media_type), "claude", part.media_type)
        return {"type": "text", "text": part.as_text()}
    block: JSONObject = {"type": "document", "source": source}
    if part.title:
        block["title"] = part.title
    return block


def _thinking_block(part: ThinkingPart) -> JSONObject | None:
    if part.redacted is not None:
        return {"type": "redacted_thinking", "data": part.redacted}
    # Claude verifies signatures; a thinking block without one (from another provider) would be
    # rejected, so it is left out.
    if part.signature is None:
        return None
    return {"type": "thinking", "thinking": part.text, "signature": part.signature}


def _image_block(part: ImagePart) -> JSONObject | None:
    if part.data is not None:
        source: JSONObject = {"type": "base64", "media_type": part.media_type, "data": part.data}
    elif part.url is not None:
        source = {"type": "url", "url": part.url}
    else:
        return None
    return {"type": "image", "source": source}


def _tool_result_block(part: ToolResultPart) -> JSONObject:
    block: JSONObject = {"type": "tool_result", "tool_use_id": part.tool_call_id}
    content = [b for b in map(_request_block, part.content) if b is not None]
    if content:
        block["content"] = list(content)
    if part.is_error:
        block["is_error"] = True
    return block
