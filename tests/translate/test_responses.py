"""The Responses API translator: request items -> canonical, canonical -> Response objects and
the SSE event sequence (read back by the official ``openai`` SDK), and OpenAI's own Responses
answers -> canonical for the pass-through."""

from __future__ import annotations

import base64
from dataclasses import replace
from typing import Any

import httpx2
import openai
import orjson
import pytest

from tests.translate.translate_support import answer, decode_stream, mock_http, sse_items
from trooper.errors import InvalidRequest, RateLimited
from trooper.model.conversation import (
    ChatRequest,
    ChatResponse,
    ImagePart,
    JSONObject,
    ResponseFormat,
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
    Relay,
    StreamEvent,
    canonical,
)
from trooper.translate import openai as chat
from trooper.translate import responses
from trooper.translate.base import StreamIncomplete, UpstreamStreamError
from trooper.translate.responses_stream import EitherStreamDecoder


def clock() -> float:
    return 1_700_000_000.0


# ---------------------------------------------------------------- parse_request


def test_string_input_and_instructions() -> None:
    req = responses.parse_request(
        {"model": "gpt-5", "instructions": "Be brief.", "input": "hi", "max_output_tokens": 50}
    )
    assert req.system == "Be brief."
    assert [(m.role, m.text()) for m in req.messages] == [("user", "hi")]
    assert (req.max_tokens, req.dialect, req.stream) == (50, "responses", False)


def test_items_map_onto_alternating_turns() -> None:
    req = responses.parse_request(
        {
            "model": "gpt-5",
            "input": [
                {"type": "message", "role": "developer", "content": "Use tools."},
                {"role": "user", "content": [{"type": "input_text", "text": "weather?"}]},
                {"type": "reasoning", "id": "rs_1", "summary": [], "encrypted_content": "x"},
                {
                    "type": "message",
                    "role": "assistant",
                    "content": [{"type": "output_text", "text": "Checking."}],
                },
                {
                    "type": "function_call",
                    "call_id": "call_1",
                    "name": "get_weather",
                    "arguments": '{"city":"Paris"}',
                },
                {"type": "function_call_output", "call_id": "call_1", "output": "sunny"},
                {"role": "user", "content": "and tomorrow?"},
                {"role": "developer", "content": "Approvals are now off."},
            ],
        }
    )
    assert req.system == "Use tools."
    assert [m.role for m in req.messages] == ["user", "assistant", "user", "system"]
    assert req.messages[3].text() == "Approvals are now off."
    assert req.messages[1].parts == [
        TextPart("Checking."),
        ToolCallPart("call_1", "get_weather", {"city": "Paris"}),
    ]
    assert req.messages[2].parts == [
        ToolResultPart("call_1", [TextPart("sunny")]),
        TextPart("and tomorrow?"),
    ]


def test_images_and_files() -> None:
    text_file = base64.b64encode(b"hello file").decode()
    req = responses.parse_request(
        {
            "input": [
                {
                    "role": "user",
                    "content": [
                        {"type": "input_image", "image_url": "data:image/png;base64,iVBO"},
                        {"type": "input_image", "image_url": "https://x.test/cat.png"},
                        {
                            "type": "input_file",
                            "filename": "a.txt",
                            "file_data": f"data:text/plain;base64,{text_file}",
                        },
                        {"type": "input_file", "filename": "b.pdf", "file_id": "file-1"},
                    ],
                }
            ]
        }
    )
    assert req.messages[0].parts == [
        ImagePart("image/png", data="iVBO"),
        ImagePart("image/*", url="https://x.test/cat.png"),
        TextPart("[a.txt]\nhello file"),
        TextPart("[b.pdf (attached file)]"),
    ]


def test_tools_custom_and_built_in() -> None:
    req = responses.parse_request(
        {
            "input": "x",
            "tools": [
                {"type": "function", "name": "f", "parameters": {"type": "object"}},
                {"type": "web_search"},
                {"type": "custom", "name": "apply_patch", "description": "Patch files."},
            ],
            "tool_choice": "required",
        }
    )
    assert [t.name for t in req.tools] == ["f", "apply_patch"]
    assert req.tools[1].parameters["required"] == ["input"]
    assert req.tool_choice == ToolChoice("any")
    named = responses.parse_request(
        {"input": "x", "tool_choice": {"type": "function", "name": "f"}}
    )
    assert named.tool_choice == ToolChoice("auto", name="f")


def test_structured_output_becomes_the_canonical_response_format() -> None:
    schema: JSONObject = {"type": "object", "properties": {"name": {"type": "string"}}}
    req = responses.parse_request(
        {
            "input": "x",
            "instructions": "Be brief.",
            "text": {"format": {"type": "json_schema", "name": "city", "schema": schema}},
            "reasoning": {"effort": "low"},
            "parallel_tool_calls": False,
        }
    )
    assert req.system == "Be brief."
    assert req.response_format == ResponseFormat("json_schema", schema=schema, name="city")
    assert (req.reasoning, req.parallel_tool_calls) == ("low", False)


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ({"model": "m"}, "input"),
        ({"input": []}, "input"),
        ({"input": 3}, "input"),
        ({"input": [{"role": "tool", "content": "x"}]}, "input[0].role"),
        ({"input": [{"role": "user", "content": [{"type": "audio"}]}]}, "input[0].content[0]"),
        ({"input": [{"type": "function_call", "name": "f"}]}, "input[0].call_id"),
        ({"input": "x", "temperature": "hot"}, "temperature"),
        ({"input": "x", "stream": "yes"}, "stream"),
        ({"input": "x", "text": {"format": {"type": "yaml"}}}, "text.format.type"),
        ({"input": "x", "tool_choice": 5}, "tool_choice"),
    ],
)
def test_bad_input_names_the_field(body: dict[str, Any], where: str) -> None:
    with pytest.raises(InvalidRequest, match=r"^" + where.replace("[", r"\[").replace("]", r"\]")):
        responses.parse_request(body)


def test_forward_raw_sets_only_model_and_stream() -> None:
    body: dict[str, Any] = {"model": "gpt-5", "input": "hi", "store": False, "include": ["x"]}
    req = responses.parse_request(body)
    assert responses.forward_raw(req, "gpt-5-mini") == {
        **body,
        "model": "gpt-5-mini",
        "stream": False,
    }


# ---------------------------------------------------------------- answers, whole


def _req(**body: Any) -> ChatRequest:
    return responses.parse_request({"model": "gpt-5", "input": "hi", **body})


def test_encode_response_items_and_usage() -> None:
    resp = ChatResponse(
        "msg_1",
        "claude-x",
        [
            ThinkingPart("hmm"),
            TextPart("Checking."),
            ToolCallPart("toolu_1", "get_weather", {"city": "Paris"}),
        ],
        "tool_use",
        Usage(10, 5),
    )
    body = responses.encode_response(resp, _req(metadata={"k": "v"}), clock=clock)
    assert body["object"] == "response" and body["status"] == "completed"
    assert body["id"] == "resp_msg_1" and body["metadata"] == {"k": "v"}
    kinds = [item["type"] for item in body["output"]]  # type: ignore[index,union-attr]
    assert kinds == ["reasoning", "message", "function_call"]
    parsed = openai.types.responses.Response.model_validate(body)
    assert parsed.output_text == "Checking."
    assert parsed.usage is not None and parsed.usage.total_tokens == 15


def test_max_tokens_is_incomplete() -> None:
    resp = ChatResponse("m", "x", [TextPart("cut")], "max_tokens", Usage(1, 1))
    body = responses.encode_response(resp, _req(), clock=clock)
    assert body["status"] == "incomplete"
    assert body["incomplete_details"] == {"reason": "max_output_tokens"}


def test_pass_through_body_is_returned_with_trooper_id() -> None:
    own = {"id": "resp_openai", "object": "response", "output": [], "extra": "kept"}
    resp = responses.parse_response(own, "gpt-5")
    resp.raw = orjson.dumps(own)
    req = _req()
    req.reply_id = "resp_trooper"
    assert responses.encode_response(resp, req) == {**own, "id": "resp_trooper"}


def test_custom_tool_calls_go_back_as_custom_items() -> None:
    req = _req(tools=[{"type": "custom", "name": "apply_patch"}])
    resp = ChatResponse(
        "m", "x", [ToolCallPart("c1", "apply_patch", {"input": "*** Begin Patch"})], "tool_use"
    )
    item = responses.encode_response(resp, req, clock=clock)["output"][0]  # type: ignore[index]
    assert item == {
        "id": "fc_00_resp_m",
        "type": "custom_tool_call",
        "status": "completed",
        "call_id": "c1",
        "name": "apply_patch",
        "input": "*** Begin Patch",
    }


# ---------------------------------------------------------------- answers, streamed


ANSWER: list[StreamEvent] = [
    MessageStart("msg_1", "claude-x", 12),
    BlockStart(0, "thinking"),
    BlockDelta(0, "let me"),
    BlockDelta(0, " think"),
    BlockDelta(0, "", signature="sig"),
    BlockStop(0),
    BlockStart(1, "text"),
    BlockDelta(1, "Check"),
    BlockDelta(1, "ing."),
    BlockStop(1),
    BlockStart(2, "tool_call", id="toolu_1", name="get_weather"),
    BlockDelta(2, '{"city":'),
    BlockDelta(2, '"Paris"}'),
    BlockStop(2),
    MessageEnd("tool_use", Usage(0, 7)),
]


def _encode(events: list[StreamEvent], req: ChatRequest | None = None) -> bytes:
    encoder = responses.stream_encoder(req or _req(stream=True), clock=clock)
    return b"".join(encoder.encode(e) for e in events)


def _sdk_stream(raw: bytes) -> tuple[list[Any], Any]:
    def handler(request: httpx2.Request) -> httpx2.Response:
        return answer(raw, "text/event-stream")

    client = openai.OpenAI(api_key="k", base_url="http://t/v1", http_client=mock_http(handler))
    with client.responses.stream(model="gpt-5", input="hi") as stream:
        events = list(stream)
        return events, stream.get_final_response()


def test_stream_is_numbered_and_parsed_by_the_sdk() -> None:
    raw = _encode(ANSWER)
    items = sse_items(raw)
    data = [orjson.loads(d) for _, d in items]
    assert [e for e, _ in items] == [d["type"] for d in data]
    assert [d["sequence_number"] for d in data] == list(range(len(data)))
    events, final = _sdk_stream(raw)
    assert [item.type for item in final.output] == ["reasoning", "message", "function_call"]
    assert final.output_text == "Checking."
    assert final.output[0].summary[0].text == "let me think"
    call = final.output[2]
    assert (call.call_id, call.name, call.arguments) == (
        "toolu_1",
        "get_weather",
        '{"city":"Paris"}',
    )
    assert final.usage.input_tokens == 12 and final.usage.output_tokens == 7
    deltas = [e.delta for e in events if e.type == "response.function_call_arguments.delta"]
    assert deltas == ['{"city":', '"Paris"}']


def test_stream_cut_by_max_tokens_ends_incomplete() -> None:
    raw = _encode(
        [
            MessageStart("m", "x"),
            BlockStart(0, "text"),
            BlockDelta(0, "Hi"),
            MessageEnd("max_tokens"),
        ]
    )
    kinds = [e for e, _ in sse_items(raw)]
    assert kinds[-2:] == ["response.output_item.done", "response.incomplete"]
    assert "response.completed" not in kinds


def test_error_after_the_first_token_is_a_failure_never_a_completion() -> None:
    encoder = responses.stream_encoder(_req(stream=True), clock=clock)
    raw = b"".join(
        encoder.encode(e)
        for e in [MessageStart("m", "x"), BlockStart(0, "text"), BlockDelta(0, "Hi")]
    )
    raw += encoder.error(RateLimited("slow down", provider="claude"))
    items = sse_items(raw)
    assert [e for e, _ in items][-2:] == ["error", "response.failed"]
    failed = orjson.loads(items[-1][1])
    assert failed["response"]["status"] == "failed"
    assert failed["response"]["error"]["message"] == "slow down"
    assert "response.completed" not in [e for e, _ in items]


def test_custom_tool_input_streams_whole() -> None:
    req = _req(stream=True, tools=[{"type": "custom", "name": "apply_patch"}])
    events: list[StreamEvent] = [
        MessageStart("m", "x"),
        BlockStart(0, "tool_call", id="c1", name="apply_patch"),
        BlockDelta(0, '{"input":'),
        BlockDelta(0, '"patch"}'),
        BlockStop(0),
        MessageEnd("tool_use"),
    ]
    items = sse_items(_encode(events, req))
    done = [orjson.loads(d) for e, d in items if e == "response.output_item.done"]
    assert done[0]["item"]["type"] == "custom_tool_call" and done[0]["item"]["input"] == "patch"


# ---------------------------------------------------------------- OpenAI's stream, read back


def _upstream(*events: tuple[str, dict[str, Any]]) -> list[tuple[str | None, bytes]]:
    return [(kind, orjson.dumps({"type": kind, **data})) for kind, data in events]


UPSTREAM_TOOL = _upstream(
    ("response.created", {"response": {"id": "resp_1", "model": "gpt-5"}}),
    ("response.in_progress", {"response": {"id": "resp_1"}}),
    ("response.output_item.added", {"item": {"type": "reasoning", "id": "rs_1"}}),
    ("response.output_item.added", {"item": {"type": "message", "id": "msg_1"}}),
    ("response.output_text.delta", {"item_id": "msg_1", "delta": "Hi"}),
    (
        "response.output_item.added",
        {"item": {"type": "function_call", "id": "fc_1", "call_id": "call_1", "name": "f"}},
    ),
    ("response.function_call_arguments.delta", {"item_id": "fc_1", "delta": "{}"}),
    ("response.output_item.done", {"item": {"type": "function_call", "id": "fc_1"}}),
    (
        "response.completed",
        {"response": {"id": "resp_1", "usage": {"input_tokens": 3, "output_tokens": 4}}},
    ),
)


def test_upstream_stream_decodes_text_and_calls() -> None:
    relayed = decode_stream(responses.stream_decoder("gpt-5"), UPSTREAM_TOOL)
    assert all(isinstance(e, Relay) and e.dialect == "responses" for e in relayed)
    assert [e.event for e in relayed if isinstance(e, Relay)] == [k for k, _ in UPSTREAM_TOOL]
    events = [c for e in relayed for c in canonical(e)]
    assert events == [
        MessageStart("resp_1", "gpt-5"),
        BlockStart(0, "text"),
        BlockDelta(0, "Hi"),
        BlockStop(0),
        BlockStart(1, "tool_call", id="call_1", name="f"),
        BlockDelta(1, "{}"),
        BlockStop(1),
        MessageEnd("tool_use", Usage(3, 4)),
    ]


def test_upstream_stream_without_completion_is_incomplete() -> None:
    decoder = responses.stream_decoder("gpt-5")
    decode_stream(decoder, UPSTREAM_TOOL[:-1], finish=False)
    with pytest.raises(StreamIncomplete):
        decoder.finish()


@pytest.mark.parametrize(
    "item",
    [
        ("error", {"code": "rate_limit_exceeded", "message": "slow"}),
        ("response.failed", {"response": {"error": {"code": "server_error", "message": "x"}}}),
    ],
)
def test_upstream_error_events_raise(item: tuple[str, dict[str, Any]]) -> None:
    decoder = responses.stream_decoder("gpt-5")
    with pytest.raises(UpstreamStreamError):
        decode_stream(decoder, [*UPSTREAM_TOOL[:2], *_upstream(item)])


def test_either_decoder_tells_the_formats_apart() -> None:
    def either() -> EitherStreamDecoder:
        return EitherStreamDecoder(responses.stream_decoder("m"), chat.stream_decoder("m"))

    from_responses = decode_stream(either(), UPSTREAM_TOOL)
    assert canonical(from_responses[-1])[-1] == MessageEnd("tool_use", Usage(3, 4))
    chunk = b'{"id":"c1","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":"stop"}]}'
    from_chat = decode_stream(either(), [chunk, b"[DONE]"])
    assert BlockDelta(0, "Hi") in from_chat


def test_build_request_rebuilds_the_conversation_as_items() -> None:
    body: dict[str, Any] = {
        "model": "gpt-5",
        "instructions": "Be brief.",
        "input": [
            {"role": "user", "content": "Weather?"},
            {"type": "function_call", "call_id": "c1", "name": "f", "arguments": '{"a":1}'},
            {"type": "function_call_output", "call_id": "c1", "output": "sunny"},
            {"role": "assistant", "content": [{"type": "output_text", "text": "Sunny."}]},
        ],
        "tools": [{"type": "web_search"}],
        "include": ["reasoning.encrypted_content"],
        "previous_response_id": "resp_x",
    }
    req = replace(responses.parse_request(body), modified=True)
    built = responses.build_request(req, "gpt-5.1")
    assert built["model"] == "gpt-5.1" and built["instructions"] == "Be brief."
    assert built["tools"] == body["tools"] and built["include"] == body["include"]
    assert "previous_response_id" not in built
    assert built["input"] == [
        {
            "type": "message",
            "role": "user",
            "content": [{"type": "input_text", "text": "Weather?"}],
        },
        {"type": "function_call", "call_id": "c1", "name": "f", "arguments": '{"a":1}'},
        {"type": "function_call_output", "call_id": "c1", "output": "sunny"},
        {
            "type": "message",
            "role": "assistant",
            "content": [{"type": "output_text", "text": "Sunny."}],
        },
    ]
