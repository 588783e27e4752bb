"""A streamed text delta's bytes, laid out once for speed, are those of the general encoding."""

from __future__ import annotations

import orjson
import pytest

from trooper.model.conversation import ChatRequest
from trooper.model.events import BlockDelta, BlockStart
from trooper.translate.anthropic_stream import AnthropicStreamEncoder


@pytest.mark.parametrize(
    "text", ["Hello", "", 'a "quoted" \\ back\nslash\t', "é 漢字 🙂", "\x00\x1f\u2028", "%d %b %s"]
)
@pytest.mark.parametrize("index", [0, 7, 1234])
def test_a_text_delta_is_the_general_encoding(text: str, index: int) -> None:
    encoder = AnthropicStreamEncoder(ChatRequest(model="m", messages=[]))
    encoder.encode(BlockStart(index, "text"))
    payload = {
        "type": "content_block_delta",
        "index": index,
        "delta": {"type": "text_delta", "text": text},
    }
    expected = b"event: content_block_delta\ndata: " + orjson.dumps(payload) + b"\n\n"
    assert encoder.encode(BlockDelta(index, text)) == expected


def test_a_thinking_delta_keeps_its_own_name() -> None:
    encoder = AnthropicStreamEncoder(ChatRequest(model="m", messages=[]))
    encoder.encode(BlockStart(0, "thinking"))
    event = encoder.encode(BlockDelta(0, "hmm"))
    assert b'"delta":{"type":"thinking_delta","thinking":"hmm"}' in event
