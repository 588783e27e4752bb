"""Golden tests of the Gemini upstream translator: request bodies, whole answers, SSE streams."""

from __future__ import annotations

import copy
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
    JSONValue,
    StopReason,
    TextPart,
    ThinkingPart,
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
from trooper.translate import gemini as g
from trooper.translate.base import UpstreamStreamError

SIG = "skip_thought_signature_validator"


def wire(req: ChatRequest) -> Any:
    """The body as the upstream receives it (and proof that it serialises)."""
    return as_sent(g.build_request(req, "gemini-2.5-flash"))


def chunk(*parts: JSONObject, finish: str | None = None, **extra: JSONValue) -> JSONObject:
    """A ``GenerateContentResponse`` (a whole answer, or one chunk of a stream)."""
    candidate: JSONObject = {"content": {"role": "model", "parts": list(parts)}, "index": 0}
    if finish:
        candidate["finishReason"] = finish
    return {"candidates": [candidate], **extra}


# --- build_request ---------------------------------------------------------------------------


def test_plain_text_with_system_and_every_generation_setting() -> None:
    req = plain_chat(stop=["END"])
    assert g.build_request(req, "gemini-2.5-flash") == {
        "contents": [
            {"role": "user", "parts": [{"text": "hi"}]},
            {"role": "model", "parts": [{"text": "hello"}]},
            {"role": "user", "parts": [{"text": "bye"}]},
        ],
        "systemInstruction": {"parts": [{"text": "be brief"}]},
        "generationConfig": {
            "maxOutputTokens": 100,
            "temperature": 0.5,
            "topP": 0.9,
            "stopSequences": ["END"],
        },
    }


def test_unset_settings_are_left_out_and_the_model_is_not_in_the_body() -> None:
    body = g.build_request(request(user(TextPart("hi"))), "gemini-2.5-pro")
    assert body == {"contents": [{"role": "user", "parts": [{"text": "hi"}]}]}
    assert b"gemini-2.5-pro" not in orjson.dumps(body)


def test_zero_temperature_is_a_value_not_an_absence() -> None:
    body = g.build_request(request(user(TextPart("hi")), temperature=0.0), "m")
    assert body["generationConfig"] == {"temperature": 0.0}


def test_at_most_five_stop_sequences() -> None:
    body = g.build_request(request(user(TextPart("hi")), stop=list("abcdefg")), "m")
    assert body["generationConfig"] == {"stopSequences": ["a", "b", "c", "d", "e"]}


def test_tool_round_trip_names_the_response_after_its_call() -> None:
    assert g.build_request(TOOL_ROUND_TRIP, "m") == {
        "contents": [
            {"role": "user", "parts": [{"text": "weather in Paris and Rome?"}]},
            {
                "role": "model",
                "parts": [
                    {"text": "Checking."},
                    {
                        "functionCall": {"name": "get_weather", "args": {"city": "Paris"}},
                        "thoughtSignature": SIG,
                    },
                    {
                        "functionCall": {"name": "get_weather", "args": {"city": "Rome"}},
                        "thoughtSignature": SIG,
                    },
                ],
            },
            {
                "role": "user",
                "parts": [
                    {
                        "functionResponse": {
                            "name": "get_weather",
                            "response": {"content": "sunny"},
                        }
                    },
                    {
                        "functionResponse": {
                            "name": "get_weather",
                            "response": {"content": "rain\ncold"},
                        }
                    },
                    {"text": "and tomorrow?"},
                ],
            },
        ],
        "tools": [
            {
                "functionDeclarations": [
                    {
                        "name": "get_weather",
                        "description": "Weather for a city",
                        "parameters": {
                            "type": "OBJECT",
                            "properties": {"city": {"type": "STRING"}},
                            "required": ["city"],
                        },
                    }
                ]
            }
        ],
    }


def test_no_id_is_sent_on_calls_or_responses() -> None:
    req = request(
        assistant(ToolCallPart("toolu_1", "f", {})),
        user(ToolResultPart("toolu_1", [TextPart("ok")])),
    )
    wire = orjson.dumps(g.build_request(req, "m"))
    assert b"toolu_1" not in wire
    assert b'"id"' not in wire


def test_response_name_falls_back_to_the_result_name_then_tool() -> None:
    parts = wire(UNKNOWN_CALLS)["contents"][0]["parts"]
    assert [p["functionResponse"]["name"] for p in parts] == ["lookup", "tool"]


def test_a_repeated_call_id_resolves_to_the_latest_call() -> None:
    contents = wire(REPEATED_CALL_ID)["contents"]
    names = [c["parts"][0]["functionResponse"]["name"] for c in contents[1::2]]
    assert names == ["first", "second"]


def test_an_error_result_is_flagged() -> None:
    assert wire(FAILED_CALL)["contents"][1] == {
        "role": "user",
        "parts": [
            {"functionResponse": {"name": "f", "response": {"content": "boom", "is_error": True}}}
        ],
    }


def test_images_inline_by_url_and_inside_a_tool_result() -> None:
    req = after_a_screenshot(
        ImagePart("image/jpeg", data=f"data:image/jpeg;base64,{PNG}"),
        ImagePart("image/png", url="https://example.com/a.png"),
        ImagePart("image/png"),  # neither data nor url: nothing to send
        TextPart("what is this?"),
    )
    assert wire(req)["contents"][1] == {
        "role": "user",
        "parts": [
            {"functionResponse": {"name": "screenshot", "response": {"content": "here"}}},
            {"inlineData": {"mimeType": "image/png", "data": PNG}},
            {"inlineData": {"mimeType": "image/jpeg", "data": PNG}},
            {"fileData": {"mimeType": "image/png", "fileUri": "https://example.com/a.png"}},
            {"text": "what is this?"},
        ],
    }


def test_same_role_turns_merge_and_empty_turns_vanish() -> None:
    req = request(
        user(TextPart("one")),
        user(TextPart(""), TextPart("two")),
        assistant(ThinkingPart("hmm")),  # nothing Gemini can see: the turn disappears
        user(TextPart("three")),
    )
    assert g.build_request(req, "m")["contents"] == [
        {"role": "user", "parts": [{"text": "one"}, {"text": "two"}, {"text": "three"}]}
    ]


@pytest.mark.parametrize(
    ("choice", "config"),
    [
        (ToolChoice("auto"), {"mode": "AUTO"}),
        (ToolChoice("any"), {"mode": "ANY"}),
        (ToolChoice("none"), {"mode": "NONE"}),
        (
            ToolChoice("any", "get_weather"),
            {"mode": "ANY", "allowedFunctionNames": ["get_weather"]},
        ),
    ],
)
def test_tool_choice(choice: ToolChoice, config: JSONObject) -> None:
    body = g.build_request(request(user(TextPart("hi")), tools=[WEATHER], tool_choice=choice), "m")
    assert body["toolConfig"] == {"functionCallingConfig": config}


def test_no_tool_config_without_a_choice_or_without_tools() -> None:
    with_tools = g.build_request(request(user(TextPart("hi")), tools=[WEATHER]), "m")
    no_tools = g.build_request(request(user(TextPart("hi")), tool_choice=ToolChoice("any")), "m")
    assert "toolConfig" not in with_tools
    assert "tools" not in no_tools
    assert "toolConfig" not in no_tools


def test_a_tool_without_parameters_is_declared_without_them() -> None:
    tools = [
        ToolDef("now", "The time", {"type": "object", "properties": {}}),
        ToolDef("ping", "Ping", {}),
    ]
    body = g.build_request(request(user(TextPart("hi")), tools=tools), "m")
    assert body["tools"] == [
        {
            "functionDeclarations": [
                {"name": "now", "description": "The time"},
                {"name": "ping", "description": "Ping"},
            ]
        }
    ]


# --- schema cleaning -------------------------------------------------------------------------

PYDANTIC_LIKE: JSONObject = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Args",
    "type": "object",
    "additionalProperties": False,
    "$defs": {
        "Unit": {"title": "Unit", "type": "string", "enum": ["c", "f"]},
        "Place": {
            "type": "object",
            "properties": {"city": {"type": "string", "format": "uri", "minLength": 1}},
            "required": ["city", "ghost"],
            "additionalProperties": False,
        },
    },
    "properties": {
        "unit": {"$ref": "#/$defs/Unit", "description": "temperature unit"},
        "place": {"anyOf": [{"$ref": "#/$defs/Place"}, {"type": "null"}], "default": None},
        "tags": {"type": "array", "items": {"type": "string"}, "examples": [["a"]]},
        "days": {"type": ["integer", "null"], "format": "int32", "minimum": 1, "maximum": 7},
        "mode": {"const": "fast"},
        "level": {"enum": [1, 2, 3], "type": "integer"},
        "when": {"type": "string", "format": "date-time"},
        "both": {
            "allOf": [
                {"type": "object", "properties": {"a": {"type": "string"}}},
                {"properties": {"b": {"type": "number"}}, "required": ["b"]},
            ]
        },
        "either": {"oneOf": [{"type": "string"}, {"type": "integer"}]},
        "anything": {},
        "pair": {"type": "array", "items": [{"type": "number"}, {"type": "number"}]},
    },
    "required": ["unit", "nope"],
}


def test_schema_cleaning_keeps_only_what_gemini_accepts() -> None:
    assert g.clean_schema(PYDANTIC_LIKE) == {
        "type": "OBJECT",
        "properties": {
            "unit": {"type": "STRING", "description": "temperature unit", "enum": ["c", "f"]},
            "place": {
                "type": "OBJECT",
                "nullable": True,
                "properties": {"city": {"type": "STRING"}},
                "required": ["city"],
            },
            "tags": {"type": "ARRAY", "items": {"type": "STRING"}},
            "days": {
                "type": "INTEGER",
                "format": "int32",
                "nullable": True,
                "minimum": 1,
                "maximum": 7,
            },
            "mode": {"type": "STRING", "enum": ["fast"]},
            "level": {"type": "INTEGER"},
            "when": {"type": "STRING", "format": "date-time"},
            "both": {
                "type": "OBJECT",
                "properties": {"a": {"type": "STRING"}, "b": {"type": "NUMBER"}},
                "required": ["b"],
            },
            "either": {"anyOf": [{"type": "STRING"}, {"type": "INTEGER"}]},
            "anything": {"type": "STRING"},
            "pair": {"type": "ARRAY", "items": {"type": "NUMBER"}},
        },
        "required": ["unit"],
    }


def test_schema_cleaning_never_edits_the_callers_schema() -> None:
    before = copy.deepcopy(PYDANTIC_LIKE)
    g.clean_schema(PYDANTIC_LIKE)
    assert before == PYDANTIC_LIKE


def test_a_recursive_ref_ends() -> None:
    tree: JSONObject = {
        "type": "object",
        "properties": {"root": {"$ref": "#/definitions/Node"}},
        "definitions": {
            "Node": {
                "type": "object",
                "properties": {
                    "name": {"type": "string"},
                    "children": {"type": "array", "items": {"$ref": "#/definitions/Node"}},
                },
            }
        },
    }
    cleaned = g.clean_schema(tree)
    node: Any = orjson.loads(orjson.dumps(cleaned))["properties"]["root"]
    assert node["properties"]["name"] == {"type": "STRING"}
    assert len(orjson.dumps(cleaned)) < 10_000
    assert b"$ref" not in orjson.dumps(cleaned)


# --- parse_response --------------------------------------------------------------------------


def test_text_answer_with_usage_model_and_id() -> None:
    usage: JSONObject = {
        "promptTokenCount": 12,
        "candidatesTokenCount": 3,
        "thoughtsTokenCount": 5,
        "totalTokenCount": 20,
    }
    body = chunk(
        {"text": "pondering", "thought": True},
        {"text": "Hello"},
        {"text": ", world"},
        finish="STOP",
        usageMetadata=usage,
        modelVersion="gemini-2.5-flash-001",
        responseId="resp-1",
    )
    resp = g.parse_response(body, "gemini-2.5-flash")
    assert resp.id == "resp-1"
    assert resp.model == "gemini-2.5-flash-001"
    assert resp.parts == [TextPart("Hello, world")]
    assert resp.stop_reason == "end_turn"
    assert resp.usage == Usage(input_tokens=12, output_tokens=8)


def test_function_calls_become_tool_calls_with_stable_distinct_ids() -> None:
    body = chunk(
        {"text": "Checking."},
        {
            "functionCall": {"name": "get_weather", "args": {"city": "Paris"}},
            "thoughtSignature": "abc",
        },
        {"functionCall": {"name": "now"}},
        finish="STOP",
        responseId="resp-2",
    )
    resp = g.parse_response(body, "m")
    first, second = resp.parts[1], resp.parts[2]
    assert isinstance(first, ToolCallPart)
    assert isinstance(second, ToolCallPart)
    assert (first.name, first.arguments) == ("get_weather", {"city": "Paris"})
    assert (second.name, second.arguments) == ("now", {})
    assert first.id.startswith("call_")
    assert first.id.endswith("_0")
    assert second.id.endswith("_1")
    assert resp.stop_reason == "tool_use"
    assert g.parse_response(body, "m") == resp  # deterministic
    other = g.parse_response({**body, "responseId": "resp-3"}, "m")
    assert isinstance(other.parts[1], ToolCallPart)
    assert other.parts[1].id != first.id


@pytest.mark.parametrize(
    ("reason", "stop"),
    [
        ("STOP", "end_turn"),
        ("MAX_TOKENS", "max_tokens"),
        ("SAFETY", "content_filter"),
        ("RECITATION", "content_filter"),
        ("PROHIBITED_CONTENT", "content_filter"),
        ("BLOCKLIST", "content_filter"),
        ("SPII", "content_filter"),
        ("OTHER", "end_turn"),
        ("MALFORMED_FUNCTION_CALL", "end_turn"),
    ],
)
def test_finish_reasons(reason: str, stop: str) -> None:
    body: JSONObject = {
        "candidates": [{"content": {"parts": [{"text": "x"}]}, "finishReason": reason}]
    }
    assert g.parse_response(body, "m").stop_reason == stop


def test_a_blocked_prompt_is_an_empty_filtered_answer() -> None:
    body: JSONObject = {
        "promptFeedback": {"blockReason": "SAFETY", "safetyRatings": []},
        "usageMetadata": {"promptTokenCount": 9, "totalTokenCount": 9},
        "modelVersion": "gemini-2.5-flash",
    }
    resp = g.parse_response(body, "m")
    assert resp.parts == []
    assert resp.stop_reason == "content_filter"
    assert resp.usage == Usage(input_tokens=9, output_tokens=0)


def test_a_filtered_candidate_without_content() -> None:
    body: JSONObject = {"candidates": [{"finishReason": "SAFETY", "index": 0}]}
    resp = g.parse_response(body, "gemini-x")
    assert (resp.parts, resp.stop_reason, resp.model) == ([], "content_filter", "gemini-x")


def test_without_response_id_an_id_is_derived_from_the_body() -> None:
    body: JSONObject = {"candidates": [{"content": {"parts": [{"text": "a"}]}}]}
    resp = g.parse_response(body, "m")
    assert resp.id.startswith("gemini-")
    assert resp.id == g.parse_response(dict(body), "m").id


# --- stream_decoder --------------------------------------------------------------------------


def feed_all(chunks: list[JSONObject], model: str = "gemini-2.5-flash") -> list[StreamEvent]:
    return decode_stream(g.stream_decoder(model), [orjson.dumps(c) for c in chunks])


def test_text_stream() -> None:
    usage1: JSONObject = {"promptTokenCount": 7, "candidatesTokenCount": 1}
    usage2: JSONObject = {"promptTokenCount": 7, "candidatesTokenCount": 4}
    events = feed_all(
        [
            chunk({"text": "Hel"}, usageMetadata=usage1, responseId="r1", modelVersion="g-1"),
            chunk({"text": ""}),
            chunk({"text": "lo"}),
            chunk({"text": "!"}, finish="STOP", usageMetadata=usage2),
        ]
    )
    assert events == [
        MessageStart("r1", "g-1", 7),
        BlockStart(0, "text"),
        BlockDelta(0, "Hel"),
        BlockDelta(0, "lo"),
        BlockDelta(0, "!"),
        BlockStop(0),
        MessageEnd("end_turn", Usage(7, 4)),
    ]


def test_tool_stream_with_text_before_and_after() -> None:
    events = feed_all(
        [
            chunk({"text": "Let me check."}, responseId="r2"),
            chunk(
                {"functionCall": {"name": "get_weather", "args": {"city": "Paris"}}},
                {"functionCall": {"name": "now", "args": {}}},
            ),
            chunk({"text": "Done"}, finish="STOP"),
        ]
    )
    first = g.parse_response(chunk({"functionCall": {"name": "x"}}, responseId="r2"), "m").parts[0]
    assert isinstance(first, ToolCallPart)
    call0 = first.id  # the stream and the whole answer name calls alike
    call1 = call0[:-1] + "1"
    assert events == [
        MessageStart("r2", "gemini-2.5-flash", 0),
        *text_and_whole_calls(call0, call1),
        MessageEnd("tool_use", Usage()),
    ]


def test_thought_parts_are_left_out_of_the_stream() -> None:
    events = feed_all(
        [
            chunk({"text": "hmm", "thought": True}, responseId="r"),
            chunk({"text": "A"}, finish="STOP"),
        ]
    )
    assert events[1:] == [
        BlockStart(0, "text"),
        BlockDelta(0, "A"),
        BlockStop(0),
        MessageEnd("end_turn", Usage()),
    ]


@pytest.mark.parametrize(
    ("reason", "stop"),
    [("MAX_TOKENS", "max_tokens"), ("SAFETY", "content_filter"), ("RECITATION", "content_filter")],
)
def test_stream_finish_reasons(reason: str, stop: StopReason) -> None:
    events = feed_all([chunk({"text": "a"}, responseId="r"), chunk(finish=reason)])
    assert events[-1] == MessageEnd(stop, Usage())
    assert events[-2] == BlockStop(0)


def test_a_blocked_prompt_in_a_stream() -> None:
    events = feed_all(
        [{"promptFeedback": {"blockReason": "PROHIBITED_CONTENT"}, "responseId": "rb"}]
    )
    assert events == [
        MessageStart("rb", "gemini-2.5-flash", 0),
        MessageEnd("content_filter", Usage()),
    ]


def test_an_error_chunk_raises_with_its_status() -> None:
    decoder = g.stream_decoder("m")
    decoder.feed(None, orjson.dumps(chunk({"text": "a"})))
    data = orjson.dumps(
        {"error": {"code": 429, "message": "quota", "status": "RESOURCE_EXHAUSTED"}}
    )
    with pytest.raises(UpstreamStreamError) as caught:
        decoder.feed(None, data)
    assert caught.value.status_hint == 429
    assert caught.value.payload == data


def test_an_error_without_a_code_is_a_server_error() -> None:
    for data in (b'{"error": {"message": "x"}}', b'[{"error": {"code": "bad"}}]'):
        with pytest.raises(UpstreamStreamError) as caught:
            g.stream_decoder("m").feed(None, data)
        assert caught.value.status_hint == 500


def test_malformed_chunks_are_skipped() -> None:
    decoder = g.stream_decoder("m")
    assert decoder.feed(None, b"{not json") == []
    assert decoder.feed(None, b'"a string"') == []
    assert decoder.feed(None, b"") == []
    assert decoder.feed(None, orjson.dumps(chunk({"text": "a"}, responseId="r")))[0] == (
        MessageStart("r", "m", 0)
    )


def test_finish_without_a_finish_reason_is_incomplete() -> None:
    check_incomplete(lambda: g.stream_decoder("m"), [orjson.dumps(chunk({"text": "a"}))])


def test_nothing_follows_the_end() -> None:
    decoder = g.stream_decoder("m")
    decoder.feed(None, orjson.dumps(chunk({"text": "a"}, finish="STOP")))
    assert decoder.feed(None, orjson.dumps(chunk({"text": "late"}, finish="STOP"))) == []
    assert decoder.finish() == []
    assert decoder.finish() == []
