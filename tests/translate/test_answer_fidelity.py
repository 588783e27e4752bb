"""What Claude says about its answer reaches the client whole, streamed or not: prompt-cache
usage, the matched stop sequence, ``pause_turn``, and the server tools' blocks (a web search and
its results). An OpenAI client gets the cache figures in OpenAI's own field."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import anthropic
import openai as openai_sdk
import orjson

from tests.translate.translate_support import (
    answer,
    decode_stream,
    mock_http,
    sse_items,
)
from trooper.model.conversation import ChatRequest, ChatResponse, JSONObject, TextPart, Usage
from trooper.model.events import MessageEnd, MessageStart, StreamEvent
from trooper.translate import anthropic as t
from trooper.translate import gemini, openai

# Claude Code's usual turn: 12 new prompt tokens, 300 written to the cache, 5,000 read from it.
USAGE: JSONObject = {
    "input_tokens": 12,
    "cache_creation_input_tokens": 300,
    "cache_read_input_tokens": 5000,
    "output_tokens": 1,
}
SEARCH_INPUT: JSONObject = {"query": "trooper proxy"}
SEARCH_RESULTS: JSONObject = {
    "type": "web_search_tool_result",
    "tool_use_id": "srvtoolu_01",
    "content": [
        {
            "type": "web_search_result",
            "url": "https://example.com/trooper",
            "title": "Trooper",
            "encrypted_content": "EqgfCioIARgBIiQ3YTAwMjY1Mi1mZjM5LTQ1NGUtODgxNC1kNjNjNTk1ZWI3Y",
            "page_age": "April 30, 2025",
        }
    ],
}


CITATION: JSONObject = {
    "type": "web_search_result_location",
    "url": "https://example.com/trooper",
    "title": "Trooper",
    "encrypted_index": "Eo8BCioIAhgBIiQyYjQ0OWJmZi1lNm",
    "cited_text": "Trooper is a drop-in LLM fallback proxy.",
}


def sse(event: str, payload: JSONObject) -> bytes:
    return b"event: " + event.encode() + b"\ndata: " + orjson.dumps(payload) + b"\n\n"


def block(index: int, start: JSONObject, *deltas: JSONObject) -> bytes:
    item: JSONObject = {"type": "content_block_start", "index": index, "content_block": start}
    raw = sse("content_block_start", item)
    for delta in deltas:
        raw += sse(
            "content_block_delta", {"type": "content_block_delta", "index": index, "delta": delta}
        )
    return raw + sse("content_block_stop", {"type": "content_block_stop", "index": index})


def claude_stream(stop_reason: str, stop_sequence: str | None) -> bytes:
    """A web search, its results and the answer, as Claude streams them."""
    message: JSONObject = {
        "id": "msg_01Cache",
        "type": "message",
        "role": "assistant",
        "model": "claude-sonnet-4-6",
        "content": [],
        "stop_reason": None,
        "stop_sequence": None,
        "usage": USAGE,
    }
    final_usage: JSONObject = {**USAGE, "output_tokens": 87}
    delta: JSONObject = {"stop_reason": stop_reason, "stop_sequence": stop_sequence}
    return (
        sse("message_start", {"type": "message_start", "message": message})
        + block(
            0,
            {"type": "server_tool_use", "id": "srvtoolu_01", "name": "web_search", "input": {}},
            {"type": "input_json_delta", "partial_json": '{"query": '},
            {"type": "input_json_delta", "partial_json": '"trooper proxy"}'},
        )
        + block(1, SEARCH_RESULTS)
        + block(
            2,
            {"type": "text", "text": ""},
            {"type": "citations_delta", "citation": CITATION},
            {"type": "text_delta", "text": "Found it"},
        )
        + sse("message_delta", {"type": "message_delta", "delta": delta, "usage": final_usage})
        + sse("message_stop", {"type": "message_stop"})
    )


def relay(raw: bytes) -> bytes:
    """Claude's stream -> canonical events -> an Anthropic client's stream."""
    events = decode_stream(t.stream_decoder("claude-sonnet-4-6"), sse_items(raw))
    encoder = t.stream_encoder(ChatRequest(model="claude-sonnet-4-6", messages=[], stream=True))
    return b"".join(encoder.encode(e) for e in events)


@contextmanager
def claude_sdk(body: bytes, content_type: str) -> Iterator[anthropic.Anthropic]:
    with (
        mock_http(lambda request: answer(body, content_type)) as http,
        anthropic.Anthropic(
            api_key="test", base_url="http://claude.test", http_client=http, max_retries=0
        ) as client,
    ):
        yield client


def streamed_message(body: bytes) -> anthropic.types.Message:
    with (
        claude_sdk(body, "text/event-stream") as client,
        client.messages.stream(model="m", max_tokens=10, messages=[]) as stream,
    ):
        return stream.get_final_message()


def cache_figures(usage: anthropic.types.Usage) -> tuple[int, int | None, int | None, int]:
    return (
        usage.input_tokens,
        usage.cache_creation_input_tokens,
        usage.cache_read_input_tokens,
        usage.output_tokens,
    )


def test_streamed_claude_answer_keeps_cache_usage_stop_sequence_and_server_tools() -> None:
    message = streamed_message(relay(claude_stream("stop_sequence", "###")))
    assert cache_figures(message.usage) == (12, 300, 5000, 87)
    assert (message.stop_reason, message.stop_sequence) == ("stop_sequence", "###")
    assert [b.type for b in message.content] == [
        "server_tool_use",
        "web_search_tool_result",
        "text",
    ]
    search, results, text = message.content
    assert search.type == "server_tool_use"
    assert (search.id, search.name, search.input) == ("srvtoolu_01", "web_search", SEARCH_INPUT)
    assert results.model_dump(exclude_none=True) == SEARCH_RESULTS
    assert text.type == "text" and text.text == "Found it"
    assert text.citations is not None
    assert [c.model_dump(exclude_none=True) for c in text.citations] == [CITATION]


def test_streamed_pause_turn_stays_pause_turn() -> None:
    message = streamed_message(relay(claude_stream("pause_turn", None)))
    assert message.stop_reason == "pause_turn"
    assert message.stop_sequence is None


def test_canonical_stream_carries_the_whole_prompt_and_its_cached_parts() -> None:
    events = decode_stream(t.stream_decoder("m"), sse_items(claude_stream("stop_sequence", "###")))
    start, end = events[0], events[-1]
    assert isinstance(start, MessageStart) and isinstance(end, MessageEnd)
    assert (start.input_tokens, start.cache_read_tokens, start.cache_write_tokens) == (
        5312,
        5000,
        300,
    )
    assert end.usage == Usage(5312, 87, cache_read_tokens=5000, cache_write_tokens=300)
    assert (end.stop_reason, end.stop_sequence) == ("stop_sequence", "###")


def whole_claude_answer(stop_reason: str, stop_sequence: str | None) -> JSONObject:
    return {
        "id": "msg_01Whole",
        "type": "message",
        "role": "assistant",
        "model": "claude-sonnet-4-6",
        "content": [{"type": "text", "text": "Found it"}],
        "stop_reason": stop_reason,
        "stop_sequence": stop_sequence,
        "usage": {**USAGE, "output_tokens": 87},
    }


def test_whole_claude_answer_re_encoded_keeps_cache_usage_and_stop_sequence() -> None:
    """The path where Claude's bytes cannot be relayed as they are (usage filled in, a rescue):
    the canonical response says what Claude said."""
    resp = t.parse_response(whole_claude_answer("stop_sequence", "###"), "m")
    assert resp.usage == Usage(5312, 87, cache_read_tokens=5000, cache_write_tokens=300)
    assert resp.stop_sequence == "###"
    body = orjson.dumps(t.encode_response(resp, ChatRequest(model="m", messages=[])))
    with claude_sdk(body, "application/json") as client:
        message = client.messages.create(model="m", max_tokens=10, messages=[])
    assert cache_figures(message.usage) == (12, 300, 5000, 87)
    assert (message.stop_reason, message.stop_sequence) == ("stop_sequence", "###")


def test_whole_pause_turn_stays_pause_turn() -> None:
    resp = t.parse_response(whole_claude_answer("pause_turn", None), "m")
    assert resp.stop_reason == "pause_turn"
    assert t.encode_response(resp, ChatRequest(model="m", messages=[]))["stop_reason"] == (
        "pause_turn"
    )


# --- an OpenAI client served by Claude -------------------------------------------------------


def openai_client(body: bytes, content_type: str) -> openai_sdk.OpenAI:
    http = mock_http(lambda request: answer(body, content_type))
    return openai_sdk.OpenAI(
        api_key="test", base_url="http://openai.test/v1", http_client=http, max_retries=0
    )


def test_openai_client_gets_cached_tokens_streamed() -> None:
    events: list[StreamEvent] = decode_stream(
        t.stream_decoder("m"), sse_items(claude_stream("pause_turn", None))
    )
    req = ChatRequest(model="m", messages=[], stream=True, include_usage=True)
    encoder = openai.stream_encoder(req)
    body = b"".join(encoder.encode(e) for e in events)
    with openai_client(body, "text/event-stream") as client:
        chunks = list(
            client.chat.completions.create(
                model="m", messages=[], stream=True, stream_options={"include_usage": True}
            )
        )
    usage = chunks[-1].usage
    assert usage is not None and usage.prompt_tokens_details is not None
    assert (usage.prompt_tokens, usage.completion_tokens) == (5312, 87)
    assert usage.prompt_tokens_details.cached_tokens == 5000
    finishes = [c.choices[0].finish_reason for c in chunks if c.choices]
    assert finishes[-1] == "stop"
    assert "".join(c.choices[0].delta.content or "" for c in chunks if c.choices) == "Found it"


def test_openai_client_gets_cached_tokens_whole() -> None:
    resp = ChatResponse(
        "r1", "m", [TextPart("hi")], "end_turn", Usage(5312, 87, cache_read_tokens=5000)
    )
    body = orjson.dumps(openai.encode_response(resp, ChatRequest(model="m", messages=[])))
    with openai_client(body, "application/json") as client:
        completion = client.chat.completions.create(model="m", messages=[])
    usage = completion.usage
    assert usage is not None and usage.prompt_tokens_details is not None
    assert (usage.prompt_tokens, usage.prompt_tokens_details.cached_tokens) == (5312, 5000)


# --- cache figures from the other upstreams ------------------------------------------------


def test_openai_upstream_cached_tokens_are_read() -> None:
    usage: JSONObject = {
        "prompt_tokens": 2006,
        "completion_tokens": 300,
        "total_tokens": 2306,
        "prompt_tokens_details": {"cached_tokens": 1920, "audio_tokens": 0},
    }
    body: JSONObject = {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "model": "gpt-4o",
        "choices": [
            {"index": 0, "message": {"role": "assistant", "content": "hi"}, "finish_reason": "stop"}
        ],
        "usage": usage,
    }
    assert openai.parse_response(body, "gpt-4o").usage == Usage(2006, 300, cache_read_tokens=1920)
    chunk: JSONObject = {"id": "chatcmpl-1", "choices": [], "usage": usage}
    first: JSONObject = {"id": "chatcmpl-1", "choices": [{"index": 0, "delta": {"content": "hi"}}]}
    finish: JSONObject = {
        "id": "chatcmpl-1",
        "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}],
    }
    items = [orjson.dumps(first), orjson.dumps(finish), orjson.dumps(chunk), b"[DONE]"]
    end = decode_stream(openai.stream_decoder("gpt-4o"), items)[-1]
    assert isinstance(end, MessageEnd)
    assert end.usage == Usage(2006, 300, cache_read_tokens=1920)


def test_gemini_cached_content_tokens_are_read() -> None:
    body: JSONObject = {
        "candidates": [
            {"content": {"role": "model", "parts": [{"text": "hi"}]}, "finishReason": "STOP"}
        ],
        "usageMetadata": {
            "promptTokenCount": 4100,
            "cachedContentTokenCount": 4000,
            "candidatesTokenCount": 3,
            "totalTokenCount": 4103,
        },
        "responseId": "r1",
    }
    assert gemini.parse_response(body, "gemini-2.5-flash").usage == Usage(
        4100, 3, cache_read_tokens=4000
    )
    end = decode_stream(gemini.stream_decoder("gemini-2.5-flash"), [orjson.dumps(body)])[-1]
    assert isinstance(end, MessageEnd)
    assert end.usage == Usage(4100, 3, cache_read_tokens=4000)
