"""The session codec: canonical messages and turns to JSON bytes and back, losslessly."""

from __future__ import annotations

import orjson
import pytest

from trooper.model.conversation import ImagePart, Message, TextPart, ToolResultPart
from trooper.sessions.codec import (
    CodecError,
    decode_messages,
    decode_turn,
    encode_messages,
    encode_turn,
)
from trooper.sessions.store import Turn


def test_every_part_kind_round_trips(every_part: list[Message]) -> None:
    blob = encode_messages(every_part)
    assert isinstance(blob, bytes)
    assert decode_messages(blob) == every_part
    assert decode_messages(blob.decode()) == every_part


def test_unset_optional_fields_stay_unset() -> None:
    messages = [
        Message("user", [ImagePart("image/png", url="https://x/y.png")]),
        Message("user", [ToolResultPart("c1", [TextPart("ok")])]),
    ]
    decoded = decode_messages(encode_messages(messages))
    image, result = decoded[0].parts[0], decoded[1].parts[0]
    assert isinstance(image, ImagePart) and image.data is None
    assert isinstance(result, ToolResultPart) and result.name is None and not result.is_error


def test_encoding_is_plain_json() -> None:
    blob = encode_messages([Message("assistant", [TextPart("hi")])])
    assert orjson.loads(blob) == [{"role": "assistant", "parts": [{"type": "text", "text": "hi"}]}]
    assert decode_messages(b"[]") == []


def test_turn_round_trips() -> None:
    for turn in (
        Turn(1700000000.123456, "claude", "claude-sonnet-4-6", "cloud", None, 1200, 300, 0, False),
        Turn(2.0, "ollama", "llama3.1:8b", "local-simple", "rate_limited", 0, 0, 1500, True),
    ):
        assert decode_turn(encode_turn(turn)) == turn


@pytest.mark.parametrize(
    "blob",
    [
        b"not json",
        b'{"role": "user"}',
        b"[1]",
        b'[{"role": "tool", "parts": []}]',
        b'[{"role": "user", "parts": {}}]',
        b'[{"role": "user", "parts": [{"type": "video"}]}]',
        b'[{"role": "user", "parts": [{"type": "text", "text": 3}]}]',
        b'[{"role": "user", "parts": [{"type": "image"}]}]',
        b'[{"role": "user", "parts": [{"type": "image", "media_type": "x", "url": 1}]}]',
        b'[{"role": "assistant", "parts": [{"type": "tool_call", "id": "a", "name": "b"}]}]',
        b'[{"role": "user", "parts": [{"type": "tool_result", "tool_call_id": "a"}]}]',
        b'[{"role": "user", "parts": [{"type": "tool_result", "tool_call_id": "a",'
        b' "content": [{"type": "thinking", "text": "t"}]}]}]',
        b'[{"role": "user", "parts": [{"type": "tool_result", "tool_call_id": "a",'
        b' "content": [], "is_error": "yes"}]}]',
    ],
)
def test_malformed_messages_raise_codec_error(blob: bytes) -> None:
    with pytest.raises(CodecError):
        decode_messages(blob)


@pytest.mark.parametrize(
    "patch",
    [{"ts": "now"}, {"input_tokens": 1.5}, {"saved_tokens": True}, {"local": 1}, {"model": None}],
)
def test_malformed_turns_raise_codec_error(patch: dict[str, object]) -> None:
    good = orjson.loads(encode_turn(Turn(1.0, "p", "m", "d", None, 1, 2, 3, False)))
    with pytest.raises(CodecError):
        decode_turn(orjson.dumps({**good, **patch}))
