"""Golden tests of the Ollama ``/api/chat`` upstream translator: bodies, answers, NDJSON."""

from __future__ import annotations

from typing import Any

import orjson
import pytest

from tests.translate.translate_support import (
    FAILED_CALL,
    PNG,
    REPEATED_CALL_ID,
    TOOL_ROUND_TRIP,
    UNKNOWN_CALLS,
    WEATHER,
    WEATHER_PARAMS,
    after_a_screenshot,
    as_sent,
    assistant,
    check_incomplete,
    decode_stream,
    plain_chat,
    request,
    text_and_whole_calls,
    user,
)
from trooper.model.conversation import (
    ChatRequest,
    ImagePart,
    JSONObject,
    StopReason,
    TextPart,
    ThinkingPart,
    ToolCallPart,
    ToolChoice,
    ToolDef,
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
from trooper.translate import ollama as o
from trooper.translate.base import UpstreamStreamError


def wire(req: ChatRequest, **kw: Any) -> Any:
    """The body as Ollama receives it (and proof that it serialises)."""
    return as_sent(o.build_request(req, "llama3.2", **kw))


# --- build_request ---------------------------------------------------------------------------


def test_plain_text_with_system_and_every_option() -> None:
    req = plain_chat(stop=["END", "STOP"], stream=True)
    assert o.build_request(req, "llama3.2", num_ctx=16384) == {
        "model": "llama3.2",
        "messages": [
            {"role": "system", "content": "be brief"},
            {"role": "user", "content": "hi"},
            {"role": "assistant", "content": "hello"},
            {"role": "user", "content": "bye"},
        ],
        "stream": True,
        "options": {
            "num_ctx": 16384,
            "num_predict": 100,
            "temperature": 0.5,
            "top_p": 0.9,
            "stop": ["END", "STOP"],
        },
    }


def test_unset_options_are_left_out() -> None:
    assert o.build_request(request(user(TextPart("hi"))), "qwen3:8b") == {
        "model": "qwen3:8b",
        "messages": [{"role": "user", "content": "hi"}],
        "stream": False,
    }


def test_zero_temperature_is_a_value_not_an_absence() -> None:
    assert wire(request(user(TextPart("hi")), temperature=0.0))["options"] == {"temperature": 0.0}


def test_tool_round_trip() -> None:
    assert o.build_request(TOOL_ROUND_TRIP, "llama3.2") == {
        "model": "llama3.2",
        "messages": [
            {"role": "user", "content": "weather in Paris and Rome?"},
            {
                "role": "assistant",
                "content": "Checking.",
                "tool_calls": [
                    {"function": {"name": "get_weather", "arguments": {"city": "Paris"}}},
                    {"function": {"name": "get_weather", "arguments": {"city": "Rome"}}},
                ],
            },
            {"role": "tool", "content": "sunny", "tool_name": "get_weather"},
            {"role": "tool", "content": "rain\ncold", "tool_name": "get_weather"},
            {"role": "user", "content": "and tomorrow?"},
        ],
        "stream": False,
        "tools": [
            {
                "type": "function",
                "function": {
                    "name": "get_weather",
                    "description": "Weather for a city",
                    "parameters": WEATHER_PARAMS,
                },
            }
        ],
    }


def test_tool_name_falls_back_to_the_result_name_then_tool() -> None:
    assert [m["tool_name"] for m in wire(UNKNOWN_CALLS)["messages"]] == ["lookup", "tool"]


def test_a_repeated_call_id_resolves_to_the_latest_call() -> None:
    names = [m["tool_name"] for m in wire(REPEATED_CALL_ID)["messages"][1::2]]
    assert names == ["first", "second"]


def test_an_error_result_says_so() -> None:
    error = {"role": "tool", "content": "Error: boom", "tool_name": "f"}
    assert wire(FAILED_CALL)["messages"][1] == error


def test_images_inline_by_url_and_inside_a_tool_result() -> None:
    req = after_a_screenshot(
        TextPart("what are these?"),
        ImagePart("image/jpeg", data=f"data:image/jpeg;base64,{PNG}"),
        ImagePart("image/png", url="https://example.com/a.png"),
    )
    assert wire(req)["messages"][1:] == [
        {"role": "tool", "content": "here", "tool_name": "screenshot", "images": [PNG]},
        {
            "role": "user",
            "content": "what are these?\n[image not shown: https://example.com/a.png]",
            "images": [PNG],
        },
    ]


def test_an_image_alone_is_a_user_message_with_empty_content() -> None:
    req = request(user(ImagePart("image/png", data=PNG)))
    assert wire(req)["messages"] == [{"role": "user", "content": "", "images": [PNG]}]


def test_a_thinking_only_turn_is_left_out_and_the_latest_user_turn_is_last() -> None:
    req = request(
        user(TextPart("one")),
        assistant(ThinkingPart("hmm")),
        user(TextPart("two"), TextPart("three")),
    )
    assert wire(req)["messages"] == [
        {"role": "user", "content": "one"},
        {"role": "user", "content": "two\nthree"},
    ]


def test_tool_choice_none_offers_no_tools() -> None:
    none = wire(request(user(TextPart("hi")), tools=[WEATHER], tool_choice=ToolChoice("none")))
    named = wire(request(user(TextPart("hi")), tools=[WEATHER], tool_choice=ToolChoice("any")))
    assert "tools" not in none
    assert [t["function"]["name"] for t in named["tools"]] == ["get_weather"]


def test_a_tool_without_parameters_gets_an_empty_object_schema() -> None:
    body = wire(request(user(TextPart("hi")), tools=[ToolDef("now", "The time", {})]))
    assert body["tools"][0]["function"]["parameters"] == {"type": "object", "properties": {}}


# --- parse_response --------------------------------------------------------------------------

DONE: JSONObject = {
    "done": True,
    "total_duration": 885095291,
    "prompt_eval_count": 122,
    "eval_count": 33,
}


def test_text_answer() -> None:
    body: JSONObject = {
        "model": "llama3.2",
        "created_at": "2024-07-22T20:33:28.123648Z",
        "message": {"role": "assistant", "content": "Hello!", "thinking": "greet them"},
        "done_reason": "stop",
        **DONE,
    }
    resp = o.parse_response(body, "fallback")
    assert resp.id.startswith("ollama-")
    assert resp.id == o.parse_response(dict(body), "fallback").id
    assert resp.model == "llama3.2"
    assert resp.parts == [TextPart("Hello!")]
    assert resp.stop_reason == "end_turn"
    assert resp.usage == Usage(input_tokens=122, output_tokens=33)


def test_tool_calls_as_objects_and_as_json_strings() -> None:
    body: JSONObject = {
        "model": "llama3.2",
        "message": {
            "role": "assistant",
            "content": "",
            "tool_calls": [
                {"function": {"name": "get_weather", "arguments": {"city": "Paris"}}},
                {"function": {"name": "get_weather", "arguments": '{"city": "Rome"}'}},
                {"function": {"name": "now", "arguments": "not json"}},
            ],
        },
        "done_reason": "stop",
        **DONE,
    }
    resp = o.parse_response(body, "m")
    calls = [p for p in resp.parts if isinstance(p, ToolCallPart)]
    assert len(calls) == len(resp.parts) == 3
    assert [(c.name, c.arguments) for c in calls] == [
        ("get_weather", {"city": "Paris"}),
        ("get_weather", {"city": "Rome"}),
        ("now", {}),
    ]
    assert [c.id[-2:] for c in calls] == ["_0", "_1", "_2"]
    assert all(c.id.startswith("call_") for c in calls)
    assert resp.stop_reason == "tool_use"
    other = o.parse_response({**body, "created_at": "later"}, "m").parts[0]
    assert isinstance(other, ToolCallPart)
    assert other.id != calls[0].id  # unique across responses


@pytest.mark.parametrize(
    ("done_reason", "stop"),
    [("stop", "end_turn"), ("length", "max_tokens"), ("load", "end_turn"), (None, "end_turn")],
)
def test_done_reasons(done_reason: str | None, stop: StopReason) -> None:
    body: JSONObject = {
        "model": "m",
        "message": {"role": "assistant", "content": "x"},
        "done": True,
    }
    if done_reason:
        body["done_reason"] = done_reason
    assert o.parse_response(body, "m").stop_reason == stop


def test_missing_counts_and_model() -> None:
    resp = o.parse_response({"message": {"content": "x"}, "done": True}, "llama-fallback")
    assert resp.usage == Usage(0, 0)
    assert resp.model == "llama-fallback"


# --- stream_decoder --------------------------------------------------------------------------


def line(content: str = "", **extra: Any) -> bytes:
    message = {"role": "assistant", "content": content, **extra.pop("message", {})}
    return orjson.dumps({"model": "llama3.2", "message": message, "done": False, **extra})


def done(reason: str = "stop", **extra: Any) -> bytes:
    body = {"model": "llama3.2", "message": {"role": "assistant", "content": ""}, **extra}
    return orjson.dumps({**body, "done": True, "done_reason": reason, **DONE})


def feed_all(lines: list[bytes], model: str = "llama3.2") -> list[StreamEvent]:
    return decode_stream(o.stream_decoder(model), lines)


def message_id(first_line: bytes) -> str:
    event = o.stream_decoder("m").feed(None, first_line)[0]
    assert isinstance(event, MessageStart)
    return event.id


def test_text_stream() -> None:
    first = line("The")
    events = feed_all([first, line(""), line(" sky", message={"thinking": "hm"}), done()])
    assert events == [
        MessageStart(message_id(first), "llama3.2", 0),
        BlockStart(0, "text"),
        BlockDelta(0, "The"),
        BlockDelta(0, " sky"),
        BlockStop(0),
        MessageEnd("end_turn", Usage(122, 33)),
    ]


def test_tool_stream_with_text_before_and_after() -> None:
    calls = [
        {"function": {"name": "get_weather", "arguments": {"city": "Paris"}}},
        {"function": {"name": "now", "arguments": "{}"}},
    ]
    first = line("Let me check.")
    events = feed_all([first, line(message={"tool_calls": calls}), line("Done"), done()])
    tool_start = events[4]
    assert isinstance(tool_start, BlockStart)
    call0 = tool_start.id
    assert call0.startswith("call_")
    assert events == [
        MessageStart(message_id(first), "llama3.2", 0),
        *text_and_whole_calls(call0, call0[:-1] + "1"),
        MessageEnd("tool_use", Usage(122, 33)),
    ]


def test_a_single_done_line_is_a_whole_stream() -> None:
    data = done("length", message={"role": "assistant", "content": "cut"})
    assert feed_all([data]) == [
        MessageStart(message_id(data), "llama3.2", 0),
        BlockStart(0, "text"),
        BlockDelta(0, "cut"),
        BlockStop(0),
        MessageEnd("max_tokens", Usage(122, 33)),
    ]


def test_the_model_falls_back_to_the_argument() -> None:
    event = o.stream_decoder("qwen3").feed(None, b'{"message": {"content": "a"}, "done": false}')[0]
    assert isinstance(event, MessageStart)
    assert event.model == "qwen3"


def test_an_error_line_raises() -> None:
    decoder = o.stream_decoder("m")
    decoder.feed(None, line("a"))
    data = b'{"error": "an error was encountered while running the model"}'
    with pytest.raises(UpstreamStreamError) as caught:
        decoder.feed(None, data)
    assert caught.value.payload == data
    assert caught.value.status_hint == 500


def test_malformed_lines_are_skipped() -> None:
    decoder = o.stream_decoder("m")
    assert decoder.feed(None, b"") == []
    assert decoder.feed(None, b"{not json") == []
    assert decoder.feed(None, b"[1, 2]") == []
    assert isinstance(decoder.feed(None, line("a"))[0], MessageStart)


def test_finish_without_done_is_incomplete() -> None:
    check_incomplete(lambda: o.stream_decoder("m"), [line("a")])


def test_nothing_follows_done() -> None:
    decoder = o.stream_decoder("m")
    decoder.feed(None, done())
    assert decoder.feed(None, line("late")) == []
    assert decoder.feed(None, done()) == []
    assert decoder.finish() == []
    assert decoder.finish() == []
