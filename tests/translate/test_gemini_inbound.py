"""The Gemini API inbound translator: generateContent bodies -> canonical, canonical answers ->
GenerateContentResponse chunks (SSE or a JSON array), and Google's error envelope."""

from __future__ import annotations

from typing import Any

import orjson
import pytest

from tests.translate.translate_support import sse_items
from trooper.errors import InvalidRequest, NoProviderAvailable, NotFound, RateLimited
from trooper.model.conversation import (
    ChatRequest,
    ChatResponse,
    ImagePart,
    TextPart,
    ThinkingPart,
    ToolCallPart,
    ToolChoice,
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
from trooper.translate import gemini_inbound


def _text(role: str, text: str) -> dict[str, Any]:
    return {"role": role, "parts": [{"text": text}]}


def test_target_names_model_and_method() -> None:
    assert gemini_inbound.for_target("gemini-2.5-flash:streamGenerateContent") == (
        "gemini-2.5-flash",
        "streamGenerateContent",
    )
    with pytest.raises(InvalidRequest, match="generateContent"):
        gemini_inbound.for_target("gemini-2.5-flash:explode")
    with pytest.raises(InvalidRequest):
        gemini_inbound.for_target("gemini-2.5-flash")


def test_contents_system_and_config() -> None:
    req = gemini_inbound.parse_request(
        {
            "systemInstruction": {"parts": [{"text": "Be brief."}]},
            "contents": [_text("user", "hi"), _text("model", "hello"), _text("user", "bye")],
            "generationConfig": {
                "temperature": 0.2,
                "topP": 0.9,
                "topK": 40,
                "maxOutputTokens": 64,
                "stopSequences": ["END"],
                "thinkingConfig": {"thinkingBudget": 0},
            },
            "safetySettings": [{"category": "HARM_CATEGORY_HARASSMENT", "threshold": "BLOCK_NONE"}],
        }
    )
    assert req.system == "Be brief."
    assert [(m.role, m.text()) for m in req.messages] == [
        ("user", "hi"),
        ("assistant", "hello"),
        ("user", "bye"),
    ]
    assert (req.temperature, req.top_p, req.max_tokens, req.stop) == (0.2, 0.9, 64, ["END"])
    assert req.dialect == "gemini" and req.raw is not None and "safetySettings" in req.raw


def test_snake_case_fields_are_read_like_camel_case() -> None:
    req = gemini_inbound.parse_request(
        {
            "system_instruction": {"parts": [{"text": "Be brief."}]},
            "contents": [
                {
                    "role": "user",
                    "parts": [{"inline_data": {"mime_type": "image/png", "data": "iVBO"}}],
                }
            ],
            "generation_config": {"max_output_tokens": 10},
        }
    )
    assert req.system == "Be brief." and req.max_tokens == 10
    assert req.messages[0].parts == [ImagePart("image/png", data="iVBO")]


def test_function_responses_answer_the_calls_of_their_name() -> None:
    req = gemini_inbound.parse_request(
        {
            "contents": [
                _text("user", "weather in Paris and Rome?"),
                {
                    "role": "model",
                    "parts": [
                        {"text": "thinking", "thought": True},
                        {"functionCall": {"name": "get_weather", "args": {"city": "Paris"}}},
                        {"functionCall": {"name": "get_weather", "args": {"city": "Rome"}}},
                        {"functionCall": {"name": "now", "args": {}}},
                    ],
                },
                {
                    "role": "user",
                    "parts": [
                        {"functionResponse": {"name": "now", "response": {"output": "noon"}}},
                        {"functionResponse": {"name": "get_weather", "response": {"t": 20}}},
                        {"functionResponse": {"name": "get_weather", "response": {"t": 9}}},
                    ],
                },
            ],
            "tools": [
                {
                    "functionDeclarations": [
                        {
                            "name": "get_weather",
                            "parameters": {
                                "type": "OBJECT",
                                "properties": {"city": {"type": "STRING"}},
                            },
                        },
                        {"name": "now"},
                    ]
                },
                {"googleSearch": {}},
            ],
            "toolConfig": {
                "functionCallingConfig": {"mode": "ANY", "allowedFunctionNames": ["now"]}
            },
        }
    )
    calls = req.messages[1].parts
    assert calls == [
        ToolCallPart("call_g1_1", "get_weather", {"city": "Paris"}),
        ToolCallPart("call_g1_2", "get_weather", {"city": "Rome"}),
        ToolCallPart("call_g1_3", "now", {}),
    ]
    assert req.messages[2].parts == [
        ToolResultPart("call_g1_3", [TextPart("noon")], name="now"),
        ToolResultPart("call_g1_1", [TextPart('{"t":20}')], name="get_weather"),
        ToolResultPart("call_g1_2", [TextPart('{"t":9}')], name="get_weather"),
    ]
    assert [t.name for t in req.tools] == ["get_weather", "now"]
    assert req.tools[0].parameters["properties"] == {"city": {"type": "string"}}
    assert req.tool_choice == ToolChoice("auto", name="now")


def test_json_output_is_an_instruction_for_other_targets() -> None:
    schema = {"type": "object", "properties": {"choice": {"type": "string"}}}
    req = gemini_inbound.parse_request(
        {
            "contents": [_text("user", "route")],
            "generationConfig": {
                "responseMimeType": "application/json",
                "responseJsonSchema": schema,
            },
        }
    )
    assert req.system is not None and orjson.dumps(schema).decode() in req.system


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ({}, "contents"),
        ({"contents": []}, "contents"),
        ({"contents": [{"role": "system", "parts": [{"text": "x"}]}]}, "contents[0].role"),
        ({"contents": [{"role": "user", "parts": []}]}, "contents[0].parts"),
        ({"contents": [{"role": "user", "parts": [{"audio": 1}]}]}, "contents[0].parts[0]"),
        (
            {"contents": [_text("user", "x")], "generationConfig": {"temperature": "hot"}},
            "temperature",
        ),
        (
            {
                "contents": [_text("user", "x")],
                "toolConfig": {"functionCallingConfig": {"mode": 1}},
            },
            "toolConfig.functionCallingConfig.mode",
        ),
    ],
)
def test_bad_input_names_the_field(body: dict[str, Any], where: str) -> None:
    with pytest.raises(InvalidRequest) as caught:
        gemini_inbound.parse_request(body)
    assert caught.value.message.startswith(where)


def _req() -> ChatRequest:
    req = gemini_inbound.parse_request({"contents": [_text("user", "hi")]})
    req.model = "gemini-2.5-flash"
    return req


def test_encode_response() -> None:
    resp = ChatResponse(
        "r1",
        "claude-x",
        [ThinkingPart("hmm"), TextPart("Checking."), ToolCallPart("t1", "f", {"a": 1})],
        "tool_use",
        Usage(10, 5),
    )
    body = gemini_inbound.encode_response(resp, _req())
    assert body == {
        "candidates": [
            {
                "content": {
                    "role": "model",
                    "parts": [
                        {"text": "hmm", "thought": True},
                        {"text": "Checking."},
                        {"functionCall": {"name": "f", "args": {"a": 1}}},
                    ],
                },
                "finishReason": "STOP",
                "index": 0,
            }
        ],
        "usageMetadata": {"promptTokenCount": 10, "candidatesTokenCount": 5, "totalTokenCount": 15},
        "modelVersion": "claude-x",
        "responseId": "r1",
    }


ANSWER: list[StreamEvent] = [
    MessageStart("r1", "claude-x", 12),
    BlockStart(0, "text"),
    BlockDelta(0, "Let me"),
    BlockDelta(0, " check."),
    BlockStop(0),
    BlockStart(1, "tool_call", id="t1", name="get_weather"),
    BlockDelta(1, '{"city":'),
    BlockDelta(1, '"Paris"}'),
    BlockStop(1),
    MessageEnd("max_tokens", Usage(0, 7)),
]


def test_sse_stream_sends_text_as_it_comes_and_calls_whole() -> None:
    encoder = gemini_inbound.stream_encoder(_req())
    raw = b"".join(encoder.encode(e) for e in ANSWER)
    assert raw.count(b"\r\n\r\n") == 4
    chunks = [orjson.loads(d) for _, d in sse_items(raw.replace(b"\r\n", b"\n"))]
    parts = [c["candidates"][0]["content"]["parts"][0] for c in chunks]
    assert parts == [
        {"text": "Let me"},
        {"text": " check."},
        {"functionCall": {"name": "get_weather", "args": {"city": "Paris"}}},
        {"text": ""},
    ]
    assert chunks[-1]["candidates"][0]["finishReason"] == "MAX_TOKENS"
    assert chunks[-1]["usageMetadata"]["promptTokenCount"] == 12
    assert all("finishReason" not in c["candidates"][0] for c in chunks[:-1])


def test_array_stream_is_valid_json_whole_and_after_an_error() -> None:
    whole = gemini_inbound.stream_encoder(_req(), sse=False)
    chunks = orjson.loads(b"".join(whole.encode(e) for e in ANSWER))
    assert len(chunks) == 4 and chunks[-1]["candidates"][0]["finishReason"] == "MAX_TOKENS"
    cut = gemini_inbound.stream_encoder(_req(), sse=False)
    raw = b"".join(cut.encode(e) for e in ANSWER[:3]) + cut.error(RateLimited("slow down"))
    items = orjson.loads(raw)
    assert items[-1] == {
        "error": {"code": 429, "message": "slow down", "status": "RESOURCE_EXHAUSTED"}
    }
    assert all("finishReason" not in str(i) for i in items)


def test_error_before_anything_is_still_an_array() -> None:
    encoder = gemini_inbound.stream_encoder(_req(), sse=False)
    assert orjson.loads(encoder.error(NoProviderAvailable("none left", []))) == [
        {"error": {"code": 503, "message": "none left", "status": "UNAVAILABLE"}}
    ]


@pytest.mark.parametrize(
    ("err", "code", "status"),
    [
        (InvalidRequest("bad"), 400, "INVALID_ARGUMENT"),
        (NotFound("gone"), 404, "NOT_FOUND"),
        (RateLimited("slow"), 429, "RESOURCE_EXHAUSTED"),
    ],
)
def test_error_envelope(err: InvalidRequest, code: int, status: str) -> None:
    assert gemini_inbound.error_body(err) == {
        "error": {"code": code, "message": err.message, "status": status}
    }
