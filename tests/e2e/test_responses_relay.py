"""OpenAI's own Responses stream relayed to a Responses client, and Gemini's JSON-array stream.

A streamed Responses request served by OpenAI reaches the client as OpenAI sent it (reasoning
items with their ``encrypted_content``, built-in tool items, events Trooper does not know),
only renumbered and under Trooper's response id; failover before the first token and rescue
after it still work. A ``previous_response_id`` continuation served by OpenAI goes to its
``/v1/responses``. ``streamGenerateContent`` without ``alt=sse`` answers as Google does: one
JSON array, written element by element, always closed.
"""

from __future__ import annotations

import http.client
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import orjson
import pytest

from tests.conftest import Proxy, fake_env
from tests.fakes.upstream import (
    CallTool,
    CutStream,
    FakeUpstream,
    Ok,
    SlowFirstToken,
    insufficient_quota,
)

ProxyFactory = Callable[[dict[str, str]], Proxy]
ENCRYPTED = "gAAAAABo-encrypted-reasoning-0123456789+/="
ASK: dict[str, Any] = {
    "model": "gpt-5",
    "input": "Weather in Paris?",
    "stream": True,
    "store": False,
    "include": ["reasoning.encrypted_content"],
    "tools": [{"type": "web_search"}],
}


def _post(url: str, path: str, body: object) -> tuple[int, dict[str, str], bytes]:
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    try:
        headers = {"content-type": "application/json", "authorization": "Bearer sk-test"}
        conn.request("POST", path, body=orjson.dumps(body), headers=headers)
        response = conn.getresponse()
        raw = response.read()
        names = {k.lower(): v for k, v in response.getheaders()}
    finally:
        conn.close()
    return response.status, names, raw


def _events(raw: bytes) -> list[tuple[str, dict[str, Any]]]:
    """(event name, data) of every SSE event."""
    out = []
    for frame in raw.decode().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in frame.splitlines() if ": " in line)
        if "data" in lines:
            out.append((lines.get("event", ""), orjson.loads(lines["data"])))
    return out


def _openai(fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(fake_env(fakes, keys=("openai",)))


def test_openai_stream_is_relayed_as_sent(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    proxy = _openai(fakes, proxy_factory)
    fakes["openai"].script(Ok(reasoning=ENCRYPTED, web_search="paris weather"))
    status, headers, raw = _post(proxy.url, "/v1/responses", ASK)
    assert status == 200 and headers["x-trooper-provider"] == "openai"
    assert headers["content-type"].startswith("text/event-stream")
    relayed = _events(raw)
    # OpenAI's own stream for the same request, straight from the fake
    fakes["openai"].script(Ok(reasoning=ENCRYPTED, web_search="paris weather"))
    _, _, direct = _post(fakes["openai"].url, "/v1/responses", ASK)
    sent = _events(direct)
    assert [e for e, _ in relayed] == [e for e, _ in sent]
    assert [d["sequence_number"] for _, d in relayed] == list(range(len(relayed)))
    ids = {d["response"]["id"] for _, d in relayed if "response" in d}
    assert len(ids) == 1 and next(iter(ids)).startswith("resp_")
    assert "fake" not in next(iter(ids))  # Trooper's own id, not OpenAI's

    def same(events: list[tuple[str, dict[str, Any]]]) -> list[bytes]:
        out = []
        for _, data in events:
            data = {k: v for k, v in data.items() if k != "sequence_number"}
            if "response" in data:
                data["response"] = {**data["response"], "id": "R"}
            out.append(re.sub(rb"fake\d{4}", b"fakeN", orjson.dumps(data)))
        return out

    assert same(relayed) == same(sent)  # every other value exactly as OpenAI sent it
    kinds = [e for e, _ in relayed]
    assert "response.reasoning_summary_text.delta" in kinds
    assert "response.web_search_call.searching" in kinds
    assert "response.output_text.annotation.added" in kinds


def test_sdk_stream_gets_reasoning_and_built_in_items(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    proxy = _openai(fakes, proxy_factory)
    fakes["openai"].script(Ok(reasoning=ENCRYPTED, web_search="paris weather"))
    client = proxy.openai()
    with client.responses.stream(
        model="gpt-5",
        input="Weather in Paris?",
        include=["reasoning.encrypted_content"],
        tools=[{"type": "web_search"}],
        store=False,
    ) as stream:
        kinds = [e.type for e in stream]
        final = stream.get_final_response()
    assert "response.reasoning_summary_text.delta" in kinds
    types = [item.type for item in final.output]
    assert types == ["reasoning", "web_search_call", "message"]
    reasoning = final.output[0]
    assert reasoning.type == "reasoning" and reasoning.encrypted_content == ENCRYPTED
    assert final.output_text == "openai says: Weather in Paris?"
    assert final.id.startswith("resp_") and "fake" not in final.id
    sent = fakes["openai"].requests[-1]
    assert sent.path == "/v1/responses"
    assert sent.body is not None and sent.body["include"] == ["reasoning.encrypted_content"]


def test_relayed_answer_is_recorded_and_continues_through_openai_responses(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    proxy = _openai(fakes, proxy_factory)
    client = proxy.openai()
    with client.responses.stream(model="gpt-5", input="My name is Ada.") as stream:
        first = stream.get_final_response()
    second = client.responses.create(
        model="gpt-5", input="What is my name?", previous_response_id=first.id
    )
    assert second.output_text == "openai says: What is my name?"
    sent = fakes["openai"].requests[-1]
    assert sent.path == "/v1/responses"  # not Chat Completions
    assert sent.body is not None and "previous_response_id" not in sent.body
    text = str(sent.body["input"])
    assert "My name is Ada." in text and "openai says: My name is Ada." in text
    assert second.id.startswith("resp_") and second.id != first.id
    with client.responses.stream(
        model="gpt-5", input="Again?", previous_response_id=second.id
    ) as stream:
        third = stream.get_final_response()
    assert third.output_text == "openai says: Again?"
    assert fakes["openai"].requests[-1].path == "/v1/responses"
    assert "What is my name?" in str(fakes["openai"].requests[-1].body)


def test_failover_before_the_first_token_is_re_encoded(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    proxy = _openai(fakes, proxy_factory)
    fakes["openai"].always(insufficient_quota())
    status, headers, raw = _post(proxy.url, "/v1/responses", {**ASK, "tools": []})
    assert status == 200 and headers["x-trooper-provider"] == "ollama"
    events = _events(raw)
    assert [d["sequence_number"] for _, d in events] == list(range(len(events)))
    assert events[-1][0] == "response.completed"
    assert events[-1][1]["response"]["output"][0]["content"][0]["text"] == (
        "ollama says: Weather in Paris?"
    )


def test_rescue_after_a_relayed_prefix_continues_consistently(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    proxy = _openai(fakes, proxy_factory)
    fakes["openai"].always(CutStream(after=1, text="The answer is forty-two."))
    fakes["ollama"].always(None)
    status, headers, raw = _post(proxy.url, "/v1/responses", {**ASK, "tools": []})
    assert status == 200 and headers["x-trooper-provider"] == "openai"
    events = _events(raw)
    assert [d["sequence_number"] for _, d in events] == list(range(len(events)))
    item_ids = {d["item_id"] for _, d in events if "item_id" in d}
    assert len(item_ids) == 1  # the relayed item, continued and closed
    (item_id,) = item_ids
    assert item_id.startswith("msg_fake")
    deltas = "".join(d["delta"] for e, d in events if e == "response.output_text.delta")
    assert deltas.startswith("The a") and deltas.endswith("ollama says: Weather in Paris?")
    kinds = [e for e, _ in events]
    assert kinds[-4:] == [
        "response.output_text.done",
        "response.content_part.done",
        "response.output_item.done",
        "response.completed",
    ]
    final = events[-1][1]["response"]
    assert final["id"] == events[0][1]["response"]["id"]
    assert [i["id"] for i in final["output"]] == [item_id]
    assert final["output"][0]["content"][0]["text"] == deltas
    with proxy.openai().responses.stream(model="gpt-5", input="Hello") as stream:
        again = stream.get_final_response()
    assert again.output_text.startswith("The a") and again.output_text.endswith(
        "ollama says: Hello"
    )


# ---------------------------------------------------------------- Gemini without alt=sse


def _gemini(fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(fake_env(fakes, keys=("gemini",)))


GEMINI_ASK = {"contents": [{"role": "user", "parts": [{"text": "Hello there"}]}]}
STREAM = "/v1beta/models/gemini-2.5-flash:streamGenerateContent"


def test_gemini_stream_without_sse_is_one_json_array(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    proxy = _gemini(fakes, proxy_factory)
    status, headers, raw = _post(proxy.url, STREAM, GEMINI_ASK)
    assert status == 200 and headers["x-trooper-provider"] == "gemini"
    assert headers["content-type"].startswith("application/json")
    assert raw.startswith(b"[{") and raw.endswith(b"}\r\n]")
    assert b"}\r\n,\r\n{" in raw
    chunks = orjson.loads(raw)
    text = "".join(p["text"] for c in chunks for p in c["candidates"][0]["content"]["parts"])
    assert text == "gemini says: Hello there"
    assert chunks[-1]["candidates"][0]["finishReason"] == "STOP"


def test_gemini_array_failure_after_start_is_a_last_error_element(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    proxy = _gemini(fakes, proxy_factory)
    fakes["gemini"].always(CutStream(after=1, text="The answer is forty-two."))
    fakes["ollama"].always(CutStream(after=0))
    status, _, raw = _post(proxy.url, STREAM, GEMINI_ASK)
    assert status == 200
    chunks = orjson.loads(raw)  # closed, whatever happened
    assert chunks[0]["candidates"][0]["content"]["parts"][0]["text"]
    assert set(chunks[-1]) == {"error"}
    assert {"code", "message", "status"} <= set(chunks[-1]["error"])
    assert raw.endswith(b"}\r\n]")


@pytest.mark.parametrize("alt", ["?alt=sse", ""])
def test_gemini_streams_with_and_without_sse_say_the_same(
    alt: str, fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    proxy = _gemini(fakes, proxy_factory)
    status, headers, raw = _post(proxy.url, STREAM + alt, GEMINI_ASK)
    assert status == 200
    if alt:
        assert headers["content-type"].startswith("text/event-stream")
        chunks = [orjson.loads(line[6:]) for line in raw.splitlines() if line.startswith(b"data: ")]
    else:
        chunks = orjson.loads(raw)
    text = "".join(p["text"] for c in chunks for p in c["candidates"][0]["content"]["parts"])
    assert text == "gemini says: Hello there"


def test_openai_reasoning_counts_as_the_first_token(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    proxy = proxy_factory(
        {**fake_env(fakes, keys=("openai",)), "TROOPER_FIRST_TOKEN_TIMEOUT_S": "0.5"}
    )
    fakes["openai"].script(SlowFirstToken(delay=1.0, reasoning=ENCRYPTED))
    status, headers, raw = _post(proxy.url, "/v1/responses", {**ASK, "tools": []})
    assert status == 200 and headers["x-trooper-provider"] == "openai"
    events = _events(raw)
    assert events[-1][0] == "response.completed"
    assert events[-1][1]["response"]["output"][0]["encrypted_content"] == ENCRYPTED
    assert fakes["ollama"].count() == 0


# ---------------------------------------------------------------- local_shell on other providers


@pytest.mark.parametrize("stream", [False, True])
def test_local_shell_round_trip_on_claude(
    stream: bool, fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    proxy = proxy_factory(fake_env(fakes))
    claude = fakes["anthropic"]
    claude.always(CallTool("local_shell", {"command": ["echo", "hi"], "timeout_ms": 1000}))
    client = proxy.openai()
    tools: Any = [{"type": "local_shell"}]
    if stream:
        with client.responses.stream(model="gpt-4o", input="Say hi", tools=tools) as events:
            kinds = [e.type for e in events]
            first = events.get_final_response()
        assert "response.function_call_arguments.delta" not in kinds
    else:
        first = client.responses.create(model="gpt-4o", input="Say hi", tools=tools)
    (call,) = first.output
    assert call.type == "local_shell_call"
    assert call.action.type == "exec" and call.action.command == ["echo", "hi"]
    assert call.action.timeout_ms == 1000
    offered = claude.requests[-1].body
    assert offered is not None and [t["name"] for t in offered["tools"]] == ["local_shell"]
    follow_up: Any = [
        {"role": "user", "content": "Say hi"},
        call.model_dump(exclude_none=True),
        {"type": "local_shell_call_output", "id": call.call_id, "output": "hi\n"},
    ]
    second = client.responses.create(model="gpt-4o", input=follow_up, tools=tools)
    assert second.output_text == "anthropic got tool result: hi\n"
