"""The OpenAI Responses API front door through the official ``openai`` SDK.

``responses.create`` and ``responses.stream`` against every upstream (text, tools round trip,
images, structured output), OpenAI's own ``/v1/responses`` passed through unchanged, failover
with the conversation's context, ``previous_response_id`` from Trooper's store, Codex's
``session_id`` header, ``x_force_local``, headers and bad input in OpenAI's envelope.
"""

from __future__ import annotations

import base64
import http.client
from collections.abc import Callable
from urllib.parse import urlsplit

import openai
import orjson
import pytest
from pydantic import BaseModel

from tests.conftest import Proxy, fake_env
from tests.fakes.upstream import CutStream, ErrorEvent, FakeUpstream, credit_balance

UPSTREAMS: dict[str, tuple[str, tuple[str, ...]]] = {
    "claude": ("anthropic", ("claude",)),
    "openai": ("openai", ("openai",)),
    "gemini": ("gemini", ("gemini",)),
    "ollama": ("ollama", ()),
    "local_openai": ("local_openai", ()),
}
PROVIDER = {
    "claude": "claude",
    "openai": "openai",
    "gemini": "gemini",
    "ollama": "ollama",
    "local_openai": "ollama",
}
FAKE_API = {"claude": "anthropic", "gemini": "gemini", "ollama": "ollama"}
PNG = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\x00" * 32).decode()
WEATHER = {
    "type": "function",
    "name": "get_weather",
    "description": "The weather in a city.",
    "parameters": {
        "type": "object",
        "properties": {"input": {"type": "string"}},
        "required": ["input"],
    },
}

ProxyFactory = Callable[[dict[str, str]], Proxy]


def _http(
    proxy: Proxy, method: str, path: str, body: object = None
) -> tuple[int, dict[str, str], bytes]:
    """A plain HTTP call to the proxy: status, headers (lower-case names), body."""
    parts = urlsplit(proxy.url)
    conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    try:
        data = None if body is None else orjson.dumps(body)
        conn.request(method, path, body=data, headers={"content-type": "application/json"})
        response = conn.getresponse()
        raw = response.read()
        headers = {k.lower(): v for k, v in response.getheaders()}
    finally:
        conn.close()
    return response.status, headers, raw


def _proxy(
    upstream: str, fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> tuple[Proxy, FakeUpstream]:
    fake_key, keys = UPSTREAMS[upstream]
    env = fake_env(fakes, keys=keys)
    if upstream == "local_openai":
        env["FALLBACK_URL"] = fakes["local_openai"].url + "/v1/chat/completions"
    return proxy_factory(env), fakes[fake_key]


def _says(upstream: str) -> str:
    return FAKE_API.get(upstream, "openai")


@pytest.mark.parametrize("upstream", list(UPSTREAMS))
def test_create_text(
    upstream: str, fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    proxy, fake = _proxy(upstream, fakes, proxy_factory)
    raw = proxy.openai().responses.with_raw_response.create(
        model="gpt-4o", instructions="You are terse.", input="Hello there"
    )
    response = raw.parse()
    assert response.output_text == f"{_says(upstream)} says: Hello there"
    assert response.status == "completed"
    assert response.id.startswith("resp_")
    assert response.usage is not None and response.usage.output_tokens > 0
    assert raw.headers["x-trooper-provider"] == PROVIDER[upstream]
    assert "You are terse." in str(fake.requests[-1].body)
    if upstream == "openai":  # same dialect: OpenAI's own /v1/responses, the body as it came
        assert fake.requests[-1].path == "/v1/responses"
        assert fake.requests[-1].body == {
            "model": "gpt-4o",
            "instructions": "You are terse.",
            "input": "Hello there",
            "stream": False,
        }


@pytest.mark.parametrize("upstream", list(UPSTREAMS))
def test_stream_text(
    upstream: str, fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    proxy, fake = _proxy(upstream, fakes, proxy_factory)
    with proxy.openai().responses.stream(model="gpt-4o", input="Hello there") as stream:
        deltas = [e.delta for e in stream if e.type == "response.output_text.delta"]
        final = stream.get_final_response()
    assert "".join(deltas) == f"{_says(upstream)} says: Hello there"
    assert final.output_text == "".join(deltas)
    assert final.status == "completed" and final.usage is not None
    assert fake.requests[-1].stream
    if upstream == "openai":
        assert fake.requests[-1].path == "/v1/responses"


def test_stream_events_are_the_documented_sequence(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    proxy, _ = _proxy("claude", fakes, proxy_factory)
    status, headers, raw = _http(
        proxy, "POST", "/v1/responses", {"model": "gpt-4o", "input": "Hello there", "stream": True}
    )
    assert status == 200 and headers["x-trooper-provider"] == "claude"
    body = raw.decode()
    events = [orjson.loads(line[6:]) for line in body.splitlines() if line.startswith("data: ")]
    kinds = [e["type"] for e in events]
    assert kinds[:5] == [
        "response.created",
        "response.in_progress",
        "response.output_item.added",
        "response.content_part.added",
        "response.output_text.delta",
    ]
    assert kinds[-4:] == [
        "response.output_text.done",
        "response.content_part.done",
        "response.output_item.done",
        "response.completed",
    ]
    assert [e["sequence_number"] for e in events] == list(range(len(events)))


@pytest.mark.parametrize("upstream", list(UPSTREAMS))
@pytest.mark.parametrize("stream", [False, True])
def test_tools_round_trip(
    upstream: str, stream: bool, fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    proxy, fake = _proxy(upstream, fakes, proxy_factory)
    client = proxy.openai()
    ask: list[object] = [{"role": "user", "content": "Paris"}]
    if stream:
        with client.responses.stream(model="gpt-4o", input=ask, tools=[WEATHER]) as events:
            argument_deltas = [
                e.delta for e in events if e.type == "response.function_call_arguments.delta"
            ]
            first = events.get_final_response()
        assert "".join(argument_deltas) == '{"input":"Paris"}'
    else:
        first = client.responses.create(model="gpt-4o", input=ask, tools=[WEATHER])
    calls = [item for item in first.output if item.type == "function_call"]
    assert len(calls) == 1 and calls[0].name == "get_weather"
    assert orjson.loads(calls[0].arguments) == {"input": "Paris"}
    follow_up = [
        *ask,
        {
            "type": "function_call",
            "call_id": calls[0].call_id,
            "name": "get_weather",
            "arguments": calls[0].arguments,
        },
        {"type": "function_call_output", "call_id": calls[0].call_id, "output": "sunny, 21C"},
    ]
    second = client.responses.create(model="gpt-4o", input=follow_up, tools=[WEATHER])  # type: ignore[arg-type]
    assert second.output_text == f"{_says(upstream)} got tool result: sunny, 21C"
    assert fake.count() == 2


@pytest.mark.parametrize("upstream", list(UPSTREAMS))
def test_image_input(
    upstream: str, fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    proxy, _ = _proxy(upstream, fakes, proxy_factory)
    response = proxy.openai().responses.create(
        model="gpt-4o",
        input=[
            {
                "role": "user",
                "content": [
                    {"type": "input_text", "text": "What is this?"},
                    {
                        "type": "input_image",
                        "image_url": f"data:image/png;base64,{PNG}",
                        "detail": "auto",
                    },
                ],
            }
        ],
    )
    assert response.output_text == f"{_says(upstream)} sees an image (image/png)"


class City(BaseModel):
    name: str


@pytest.mark.parametrize("upstream", ["claude", "openai"])
def test_structured_output(
    upstream: str, fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    proxy, fake = _proxy(upstream, fakes, proxy_factory)
    fakes[UPSTREAMS[upstream][0]].always(None)
    from tests.fakes.upstream import Ok

    fake.always(Ok(text='{"name": "Paris"}'))
    parsed = proxy.openai().responses.parse(model="gpt-4o", input="A city?", text_format=City)
    assert parsed.output_parsed == City(name="Paris")
    sent = str(fake.requests[-1].body)
    if upstream == "openai":
        assert "json_schema" in sent  # text.format forwarded as it came
    else:
        assert "JSON Schema" in sent  # the schema as an instruction


def test_credit_balance_falls_over_to_local_with_context(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    proxy, claude = _proxy("claude", fakes, proxy_factory)
    claude.always(credit_balance())
    history: list[object] = [
        {"role": "user", "content": "My name is Ada."},
        {"role": "assistant", "content": [{"type": "output_text", "text": "Hello Ada."}]},
        {"role": "user", "content": "What is my name?"},
    ]
    raw = proxy.openai().responses.with_raw_response.create(
        model="claude-sonnet-4-6",
        input=history,  # type: ignore[arg-type]
        store=False,
        extra_headers={"session_id": "codex-1"},
    )
    assert raw.parse().output_text == "ollama says: What is my name?"
    assert raw.headers["x-trooper-decision"] == "ollama (fallback: credit_balance)"
    assert raw.headers["x-trooper-session-id"] == "codex-1"
    sent = str(fakes["ollama"].requests[-1].body)
    assert "My name is Ada." in sent and "Hello Ada." in sent
    session = proxy.run(proxy.state.store.get("codex-1"))
    assert session is not None and session.tokens_saved > 0


def test_stream_error_before_first_token_fails_over(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    proxy, claude = _proxy("claude", fakes, proxy_factory)
    claude.always(ErrorEvent())
    with proxy.openai().responses.stream(model="gpt-4o", input="Hello") as stream:
        final = stream.get_final_response()
    assert final.output_text == "ollama says: Hello"


def test_cut_stream_is_rescued_after_the_first_token(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    proxy, claude = _proxy("claude", fakes, proxy_factory)
    claude.always(CutStream(after=1, text="The answer is forty-two."))
    fakes["ollama"].always(None)
    with proxy.openai().responses.stream(model="gpt-4o", input="Hello") as stream:
        final = stream.get_final_response()
    assert final.status == "completed"  # the partial answer, continued on the local model
    assert final.output_text.startswith("The a") and final.output_text.endswith(
        "ollama says: Hello"
    )
    assert fakes["ollama"].requests[-1].body is not None


def test_openai_pass_through_stream_fails_over_on_quota(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    from tests.fakes.upstream import insufficient_quota

    proxy, openai_fake = _proxy("openai", fakes, proxy_factory)
    openai_fake.always(insufficient_quota())
    with proxy.openai().responses.stream(model="gpt-4o", input="Hello") as stream:
        final = stream.get_final_response()
    assert final.output_text == "ollama says: Hello"
    assert openai_fake.requests[-1].path == "/v1/responses"


def test_previous_response_id_continues_on_any_provider(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    proxy, claude = _proxy("claude", fakes, proxy_factory)
    client = proxy.openai()
    first = client.responses.create(model="gpt-4o", input="My name is Ada.")
    claude.always(credit_balance())
    second = client.responses.create(
        model="gpt-4o", input="What is my name?", previous_response_id=first.id
    )
    assert second.output_text == "ollama says: What is my name?"
    sent = str(fakes["ollama"].requests[-1].body)
    assert "My name is Ada." in sent and "anthropic says: My name is Ada." in sent
    # branching from the first answer again works too
    third = client.responses.create(
        model="gpt-4o", input="And again?", previous_response_id=first.id
    )
    assert "What is my name?" not in str(fakes["ollama"].requests[-1].body)
    assert third.id not in (first.id, second.id)


def test_unknown_previous_response_id_is_a_404_in_openai_envelope(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    proxy, claude = _proxy("claude", fakes, proxy_factory)
    with pytest.raises(openai.NotFoundError) as caught:
        proxy.openai().responses.create(
            model="gpt-4o", input="hi", previous_response_id="resp_nothing"
        )
    assert "resp_nothing" in caught.value.message
    assert claude.count() == 0


def test_store_false_keeps_nothing(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    proxy, _ = _proxy("claude", fakes, proxy_factory)
    client = proxy.openai()
    first = client.responses.create(model="gpt-4o", input="hi", store=False)
    with pytest.raises(openai.NotFoundError):
        client.responses.create(model="gpt-4o", input="again", previous_response_id=first.id)


def test_force_local_by_body_and_header(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    proxy, claude = _proxy("claude", fakes, proxy_factory)
    client = proxy.openai()
    by_body = client.responses.with_raw_response.create(
        model="gpt-4o", input="secret", extra_body={"x_force_local": True}
    )
    by_header = client.responses.with_raw_response.create(
        model="gpt-4o", input="secret", extra_headers={"X-Force-Local": "true"}
    )
    for raw in (by_body, by_header):
        assert raw.headers["x-trooper-provider"] == "ollama"
        assert raw.parse().output_text == "ollama says: secret"
    assert claude.count() == 0


def test_force_local_fails_closed(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    from tests.fakes.upstream import server_error

    proxy, claude = _proxy("claude", fakes, proxy_factory)
    fakes["ollama"].always(server_error("ollama"))
    with pytest.raises(openai.APIStatusError) as caught:
        proxy.openai().responses.create(
            model="gpt-4o", input="secret", extra_body={"x_force_local": True}
        )
    assert caught.value.status_code == 503
    assert claude.count() == 0


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"model": "gpt-4o"}, "input"),
        ({"model": "gpt-4o", "input": 7}, "input"),
        ({"model": "gpt-4o", "input": [{"role": "robot", "content": "x"}]}, "input[0].role"),
        ({"model": "gpt-4o", "input": "x", "max_output_tokens": -1}, "max_output_tokens"),
        ({"model": "gpt-4o", "input": "x", "tools": [{"type": "function"}]}, "tools[0].name"),
        (
            {"model": "gpt-4o", "input": [{"type": "function_call_output", "output": "x"}]},
            "input[0].call_id",
        ),
    ],
)
def test_bad_input_is_a_400_in_openai_envelope(
    body: dict[str, object],
    field: str,
    fakes: dict[str, FakeUpstream],
    proxy_factory: ProxyFactory,
) -> None:
    proxy, claude = _proxy("claude", fakes, proxy_factory)
    status, _, raw = _http(proxy, "POST", "/v1/responses", body)
    assert status == 400
    error = orjson.loads(raw)["error"]
    assert error["type"] == "invalid_request_error" and field in error["message"]
    assert claude.count() == 0
    assert _http(proxy, "GET", "/health")[0] == 200


def test_metrics_and_status_count_the_responses_dialect(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    proxy, _ = _proxy("claude", fakes, proxy_factory)
    proxy.openai().responses.create(model="gpt-4o", input="hi")
    metrics = _http(proxy, "GET", "/metrics")[2].decode()
    assert 'dialect="responses"' in metrics
    assert _http(proxy, "GET", "/status")[0] == 200
