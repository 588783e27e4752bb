"""What the translator tests share: canonical requests, stream decoding and SSE parsing, and the
official SDKs' HTTP clients answered through an ``httpx2.MockTransport`` (nothing is patched and
nothing leaves the process).

    >>> sse_items(b'event: ping\\ndata: {}\\n\\ndata: [DONE]\\n\\n')
    [('ping', b'{}'), (None, b'[DONE]')]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import httpx2
import orjson
import pytest

from trooper.model.conversation import (
    ChatRequest,
    ImagePart,
    JSONObject,
    Message,
    Part,
    TextPart,
    ThinkingPart,
    ToolCallPart,
    ToolDef,
    ToolResultPart,
)
from trooper.model.events import BlockDelta, BlockStart, BlockStop, StreamEvent
from trooper.translate.base import StreamDecoder, StreamIncomplete

PNG = "iVBORw0KGgo="  # the base64 of a PNG's first bytes: enough for an image part
WEATHER_PARAMS: JSONObject = {
    "type": "object",
    "properties": {"city": {"type": "string"}},
    "required": ["city"],
}
WEATHER = ToolDef("get_weather", "Weather for a city", WEATHER_PARAMS)

Handler = Callable[[httpx2.Request], httpx2.Response]


# --- canonical requests --------------------------------------------------------------------------


def request(*messages: Message, **fields: Any) -> ChatRequest:
    """A canonical request (from a Claude client) holding ``messages`` and any other ``fields``."""
    return ChatRequest(model="claude-x", messages=list(messages), **fields)


def user(*parts: Part) -> Message:
    return Message("user", list(parts))


def assistant(*parts: Part) -> Message:
    return Message("assistant", list(parts))


def as_sent(body: JSONObject) -> Any:
    """``body`` as the upstream receives it (and proof that it serialises)."""
    return orjson.loads(orjson.dumps(body))


def plain_chat(**fields: Any) -> ChatRequest:
    """Three turns of plain text, a system prompt and every sampling setting, and ``fields``."""
    return request(
        user(TextPart("hi")),
        assistant(TextPart("hello")),
        user(TextPart("bye")),
        system="be brief",
        max_tokens=100,
        temperature=0.5,
        top_p=0.9,
        **fields,
    )


def after_a_screenshot(*parts: Part) -> ChatRequest:
    """A call to ``screenshot``, then a user turn: its result (text and an image), ``parts``."""
    result = ToolResultPart("t1", [TextPart("here"), ImagePart("image/png", data=PNG)])
    return request(assistant(ToolCallPart("t1", "screenshot", {})), user(result, *parts))


# A question, thinking and two parallel calls to one tool, both results and a follow-up.
TOOL_ROUND_TRIP = request(
    user(TextPart("weather in Paris and Rome?")),
    assistant(
        ThinkingPart("let me look", signature="sig"),
        TextPart("Checking."),
        ToolCallPart("toolu_1", "get_weather", {"city": "Paris"}),
        ToolCallPart("toolu_2", "get_weather", {"city": "Rome"}),
    ),
    user(
        ToolResultPart("toolu_1", [TextPart("sunny")]),
        ToolResultPart("toolu_2", [TextPart("rain"), TextPart("cold")]),
        TextPart("and tomorrow?"),
    ),
    tools=[WEATHER],
)
# Results whose calls are not in the conversation: one names its tool, one does not.
UNKNOWN_CALLS = request(
    user(
        ToolResultPart("unknown_1", [TextPart("a")], name="lookup"),
        ToolResultPart("unknown_2", [TextPart("b")]),
    )
)
# One call id used twice (local models number their calls from 0 every turn).
REPEATED_CALL_ID = request(
    assistant(ToolCallPart("call_0", "first", {})),
    user(ToolResultPart("call_0", [TextPart("1")])),
    assistant(ToolCallPart("call_0", "second", {})),
    user(ToolResultPart("call_0", [TextPart("2")])),
)
FAILED_CALL = request(
    assistant(ToolCallPart("t1", "f", {})),
    user(ToolResultPart("t1", [TextPart("boom")], is_error=True)),
)


# --- streams -------------------------------------------------------------------------------------


def sse_items(raw: bytes) -> list[tuple[str | None, bytes]]:
    """Split SSE bytes into (event, data) items, as a transport would."""
    items: list[tuple[str | None, bytes]] = []
    for chunk in raw.split(b"\n\n"):
        if not chunk.strip():
            continue
        event: str | None = None
        data: list[bytes] = []
        for line in chunk.split(b"\n"):
            if line.startswith(b"event:"):
                event = line[6:].strip().decode()
            elif line.startswith(b"data:"):
                data.append(line[5:].strip())
        items.append((event, b"\n".join(data)))
    return items


def decode_stream(
    decoder: StreamDecoder,
    items: Iterable[bytes | tuple[str | None, bytes]],
    *,
    finish: bool = True,
) -> list[StreamEvent]:
    """Every event ``decoder`` yields for ``items`` (bare data, or an SSE event's name and data),
    then, with ``finish``, the ones it closes the stream with."""
    events: list[StreamEvent] = []
    for item in items:
        event, data = item if isinstance(item, tuple) else (None, item)
        events += decoder.feed(event, data)
    return events + decoder.finish() if finish else events


def text_and_whole_calls(call0: str, call1: str) -> list[StreamEvent]:
    """The blocks of an answer whose tool calls arrive whole (Gemini, Ollama): "Let me check.",
    ``get_weather(city="Paris")`` as ``call0``, ``now()`` as ``call1``, then "Done"."""
    return [
        BlockStart(0, "text"),
        BlockDelta(0, "Let me check."),
        BlockStop(0),
        BlockStart(1, "tool_call", id=call0, name="get_weather"),
        BlockDelta(1, '{"city":"Paris"}'),
        BlockStop(1),
        BlockStart(2, "tool_call", id=call1, name="now"),
        BlockDelta(2, "{}"),
        BlockStop(2),
        BlockStart(3, "text"),
        BlockDelta(3, "Done"),
        BlockStop(3),
    ]


def check_incomplete(
    new_decoder: Callable[[], StreamDecoder], items: Iterable[bytes | tuple[str | None, bytes]]
) -> None:
    """A stream cut after ``items`` (before its end marker), or before anything at all, is
    incomplete: :meth:`StreamDecoder.finish` raises instead of ending it."""
    decoder = new_decoder()
    decode_stream(decoder, items, finish=False)
    with pytest.raises(StreamIncomplete):
        decoder.finish()
    with pytest.raises(StreamIncomplete):
        new_decoder().finish()


# --- the official SDKs' HTTP -----------------------------------------------------------------


def answer(body: bytes, content_type: str) -> httpx2.Response:
    """A 200 carrying ``body``."""
    return httpx2.Response(200, headers={"content-type": content_type}, content=body)


def mock_http(handler: Handler) -> httpx2.Client:
    """An HTTP client for an SDK, every request answered in-process by ``handler``."""
    return httpx2.Client(transport=httpx2.MockTransport(handler))
