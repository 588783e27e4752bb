"""JSON bytes for what the session store keeps: canonical messages and turns (via orjson).

Lossless for every :data:`~trooper.model.conversation.Part` kind; optional fields that are unset
are left out, so the encoding stays small. Decoding checks types and raises :class:`CodecError`
for anything that is not what :func:`encode_messages` writes.

    >>> from trooper.model.conversation import Message, TextPart
    >>> blob = encode_messages([Message("user", [TextPart("hi")])])
    >>> blob
    b'[{"role":"user","parts":[{"type":"text","text":"hi"}]}]'
    >>> decode_messages(blob)
    [Message(role='user', parts=[TextPart(text='hi')])]
"""

from __future__ import annotations

from typing import cast

import orjson

from trooper.model.conversation import (
    DocumentPart,
    ImagePart,
    JSONObject,
    JSONValue,
    Message,
    Part,
    Role,
    TextPart,
    ThinkingPart,
    ToolCallPart,
    ToolResultPart,
)
from trooper.sessions.store import Turn
from trooper.slices import Steps, each
from trooper.wire.bigjson import array_steps

__all__ = [
    "CodecError",
    "decode_each_steps",
    "decode_message",
    "decode_messages",
    "decode_messages_steps",
    "decode_turn",
    "encode_each_steps",
    "encode_message",
    "encode_messages",
    "encode_turn",
    "message_from_json",
    "message_to_json",
]


class CodecError(ValueError):
    """Bytes that are not a stored message list or turn."""


# --- encoding ---------------------------------------------------------------------------------


def encode_messages(messages: list[Message]) -> bytes:
    """A message list as JSON bytes (a long one in steps: :func:`encode_each_steps`, joined)."""
    return b"[" + b",".join([encode_message(m) for m in messages]) + b"]"


def encode_message(message: Message) -> bytes:
    """One message as JSON bytes: an element of :func:`encode_messages`."""
    return orjson.dumps(message_to_json(message))


def encode_each_steps(messages: list[Message]) -> Steps[list[bytes]]:
    """Each message's :func:`encode_message`, one per step (see :mod:`trooper.slices`)."""
    return (yield from each(encode_message, messages))


def message_to_json(message: Message) -> JSONObject:
    out: JSONObject = {"role": message.role, "parts": [_part_to_json(p) for p in message.parts]}
    if message.private:
        out["private"] = True
    return out


def _part_to_json(part: Part) -> JSONObject:
    if isinstance(part, TextPart):
        return {"type": "text", "text": part.text}
    if isinstance(part, ImagePart):
        return _image_to_json(part)
    if isinstance(part, ToolCallPart):
        return {"type": "tool_call", "id": part.id, "name": part.name, "arguments": part.arguments}
    if isinstance(part, ToolResultPart):
        return _tool_result_to_json(part)
    if isinstance(part, DocumentPart):
        return _document_to_json(part)
    out: JSONObject = {"type": "thinking", "text": part.text}
    if part.signature is not None:
        out["signature"] = part.signature
    if part.redacted is not None:
        out["redacted"] = part.redacted
    return out


def _image_to_json(part: ImagePart) -> JSONObject:
    out: JSONObject = {"type": "image", "media_type": part.media_type}
    if part.data is not None:
        out["data"] = part.data
    if part.url is not None:
        out["url"] = part.url
    return out


def _document_to_json(part: DocumentPart) -> JSONObject:
    out: JSONObject = {"type": "document", "media_type": part.media_type}
    for key in ("data", "url", "text", "title"):
        value = getattr(part, key)
        if value is not None:
            out[key] = value
    return out


def _tool_result_to_json(part: ToolResultPart) -> JSONObject:
    content: list[JSONValue] = [
        {"type": "text", "text": c.text} if isinstance(c, TextPart) else _image_to_json(c)
        for c in part.content
    ]
    out: JSONObject = {"type": "tool_result", "tool_call_id": part.tool_call_id}
    out["content"] = content
    out["is_error"] = part.is_error
    if part.name is not None:
        out["name"] = part.name
    return out


def encode_turn(turn: Turn) -> bytes:
    """One turn as JSON bytes."""
    return orjson.dumps(
        {
            "ts": turn.ts,
            "provider": turn.provider,
            "model": turn.model,
            "decision": turn.decision,
            "fallback_reason": turn.fallback_reason,
            "input_tokens": turn.input_tokens,
            "output_tokens": turn.output_tokens,
            "saved_tokens": turn.saved_tokens,
            "local": turn.local,
        }
    )


# --- decoding ---------------------------------------------------------------------------------


def decode_messages(blob: bytes | str) -> list[Message]:
    """The message list :func:`encode_messages` wrote, parsed in one call (a long one in steps:
    :func:`decode_messages_steps`)."""
    data = _loads(blob)
    if not isinstance(data, list):
        raise CodecError("stored messages are not a JSON array")
    return [message_from_json(_obj(item, "message")) for item in data]


def decode_messages_steps(blob: bytes | str) -> Steps[list[Message]]:
    """:func:`decode_messages` in steps, a few per message (see :mod:`trooper.slices`)."""
    raw = blob.encode("utf-8", "surrogatepass") if isinstance(blob, str) else bytes(blob)
    try:
        data = yield from array_steps(raw)
    except orjson.JSONDecodeError as exc:
        raise CodecError(f"not JSON: {exc}") from exc
    if not isinstance(data, list):
        raise CodecError("stored messages are not a JSON array")
    messages: list[Message] = []
    for item in data:
        messages.append(message_from_json(_obj(cast(JSONValue, item), "message")))
        yield
    return messages


def decode_message(blob: bytes | str) -> Message:
    """One message :func:`encode_message` wrote."""
    return message_from_json(_obj(_loads(blob), "message"))


def decode_each_steps(blobs: list[bytes]) -> Steps[list[Message]]:
    """Each blob's :func:`decode_message`, one per step (see :mod:`trooper.slices`)."""
    return (yield from each(decode_message, blobs))


def message_from_json(obj: JSONObject) -> Message:
    parts = obj.get("parts")
    if not isinstance(parts, list):
        raise CodecError("message parts are not a JSON array")
    return Message(
        _role(obj.get("role")),
        [_part_from_json(_obj(p, "part")) for p in parts],
        private=obj.get("private") is True,
    )


def _role(value: JSONValue) -> Role:
    if value == "user":
        return "user"
    if value == "assistant":
        return "assistant"
    if value == "system":
        return "system"
    raise CodecError(f"bad message role: {value!r}")


def _part_from_json(obj: JSONObject) -> Part:
    kind = obj.get("type")
    if kind == "text":
        return TextPart(_str(obj, "text"))
    if kind == "image":
        return _image_from_json(obj)
    if kind == "tool_call":
        arguments = _obj(obj.get("arguments"), "tool call arguments")
        return ToolCallPart(_str(obj, "id"), _str(obj, "name"), arguments)
    if kind == "tool_result":
        return _tool_result_from_json(obj)
    if kind == "document":
        return DocumentPart(
            _str(obj, "media_type"),
            _opt_str(obj, "data"),
            _opt_str(obj, "url"),
            _opt_str(obj, "text"),
            _opt_str(obj, "title"),
        )
    if kind == "thinking":
        return ThinkingPart(
            _str(obj, "text"), _opt_str(obj, "signature"), _opt_str(obj, "redacted")
        )
    raise CodecError(f"unknown part type: {kind!r}")


def _image_from_json(obj: JSONObject) -> ImagePart:
    return ImagePart(_str(obj, "media_type"), _opt_str(obj, "data"), _opt_str(obj, "url"))


def _tool_result_from_json(obj: JSONObject) -> ToolResultPart:
    raw = obj.get("content")
    if not isinstance(raw, list):
        raise CodecError("tool result content is not a JSON array")
    content: list[TextPart | ImagePart] = []
    for item in raw:
        part = _part_from_json(_obj(item, "tool result content"))
        if not isinstance(part, TextPart | ImagePart):
            raise CodecError("tool result content holds only text and images")
        content.append(part)
    is_error = obj.get("is_error", False)
    if not isinstance(is_error, bool):
        raise CodecError("tool result is_error is not a boolean")
    return ToolResultPart(_str(obj, "tool_call_id"), content, is_error, _opt_str(obj, "name"))


def decode_turn(blob: bytes | str) -> Turn:
    """The turn :func:`encode_turn` wrote."""
    obj = _obj(_loads(blob), "turn")
    local = obj.get("local")
    if not isinstance(local, bool):
        raise CodecError("turn field 'local' is not a boolean")
    return Turn(
        ts=_num(obj, "ts"),
        provider=_str(obj, "provider"),
        model=_str(obj, "model"),
        decision=_str(obj, "decision"),
        fallback_reason=_opt_str(obj, "fallback_reason"),
        input_tokens=_int(obj, "input_tokens"),
        output_tokens=_int(obj, "output_tokens"),
        saved_tokens=_int(obj, "saved_tokens"),
        local=local,
    )


# --- typed access to decoded JSON -------------------------------------------------------------


def _loads(blob: bytes | str) -> JSONValue:
    try:
        return cast(JSONValue, orjson.loads(blob))
    except orjson.JSONDecodeError as exc:
        raise CodecError(f"not JSON: {exc}") from exc


def _obj(value: JSONValue, what: str) -> JSONObject:
    if not isinstance(value, dict):
        raise CodecError(f"{what} is not a JSON object")
    return value


def _str(obj: JSONObject, key: str) -> str:
    value = obj.get(key)
    if not isinstance(value, str):
        raise CodecError(f"field {key!r} is not a string")
    return value


def _opt_str(obj: JSONObject, key: str) -> str | None:
    value = obj.get(key)
    if value is not None and not isinstance(value, str):
        raise CodecError(f"field {key!r} is not a string or null")
    return value


def _int(obj: JSONObject, key: str) -> int:
    value = obj.get(key)
    if not isinstance(value, int) or isinstance(value, bool):
        raise CodecError(f"field {key!r} is not an integer")
    return value


def _num(obj: JSONObject, key: str) -> float:
    value = obj.get(key)
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise CodecError(f"field {key!r} is not a number")
    return float(value)
