"""The Gemini API front door through the official ``google-genai`` SDK.

``generate_content`` and ``generate_content_stream`` against every upstream (text, tools round
trip, images, structured output), Gemini's own body passed through unchanged, failover with the
conversation's context, ``x_force_local``, ``countTokens``, the model list, the JSON-array stream
without ``alt=sse``, and bad input in Google's error envelope.
"""

from __future__ import annotations

import base64
import http.client
from collections.abc import Callable
from urllib.parse import urlsplit

import orjson
import pytest
from google import genai
from google.genai import errors, types

from tests.conftest import Proxy, fake_env
from tests.fakes.upstream import CutStream, ErrorEvent, FakeUpstream, Ok, credit_balance

UPSTREAMS: dict[str, tuple[str, tuple[str, ...]]] = {
    "claude": ("anthropic", ("claude",)),
    "openai": ("openai", ("openai",)),
    "gemini": ("gemini", ("gemini",)),
    "ollama": ("ollama", ()),
}
FAKE_API = {"claude": "anthropic", "openai": "openai", "gemini": "gemini", "ollama": "ollama"}
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
WEATHER = types.Tool(
    function_declarations=[
        types.FunctionDeclaration(
            name="get_weather",
            description="The weather in a city.",
            parameters=types.Schema(
                type=types.Type.OBJECT,
                properties={"input": types.Schema(type=types.Type.STRING)},
                required=["input"],
            ),
        )
    ]
)
MODEL = "gemini-2.5-flash"

ProxyFactory = Callable[[dict[str, str]], Proxy]


def _proxy(
    upstream: str, fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> tuple[Proxy, FakeUpstream]:
    fake_key, keys = UPSTREAMS[upstream]
    return proxy_factory(fake_env(fakes, keys=keys)), fakes[fake_key]


def _client(proxy: Proxy, **headers: str) -> genai.Client:
    """The SDK aimed at the proxy. Its key is not a Google key, so only Trooper's own keys
    decide where a request goes."""
    options = types.HttpOptions(
        base_url=proxy.url, api_version="v1beta", headers=headers or None, timeout=30_000
    )
    client = genai.Client(api_key="your-key", http_options=options)
    proxy.clients.append(client)  # type: ignore[arg-type]  # kept open, closed with the proxy
    return client


def _http(
    proxy: Proxy, method: str, path: str, body: object = None
) -> tuple[int, dict[str, str], bytes]:
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


@pytest.mark.parametrize("upstream", list(UPSTREAMS))
def test_generate_content(
    upstream: str, fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    proxy, fake = _proxy(upstream, fakes, proxy_factory)
    response = _client(proxy).models.generate_content(
        model=MODEL,
        contents="Hello there",
        config=types.GenerateContentConfig(system_instruction="You are terse."),
    )
    assert response.text == f"{FAKE_API[upstream]} says: Hello there"
    assert response.candidates is not None
    assert response.candidates[0].finish_reason == types.FinishReason.STOP
    assert response.usage_metadata is not None
    assert (response.usage_metadata.candidates_token_count or 0) > 0
    assert response.sdk_http_response is not None and response.sdk_http_response.headers
    assert response.sdk_http_response.headers["x-trooper-provider"] == upstream
    assert "You are terse." in str(fake.requests[-1].body)
    if upstream == "gemini":  # same dialect: the body as it came
        assert fake.requests[-1].path == f"/v1beta/models/{MODEL}:generateContent"
        assert fake.requests[-1].body == {
            "contents": [{"parts": [{"text": "Hello there"}], "role": "user"}],
            "systemInstruction": {"parts": [{"text": "You are terse."}], "role": "user"},
            "generationConfig": {},
        }


@pytest.mark.parametrize("upstream", list(UPSTREAMS))
def test_stream(upstream: str, fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory) -> None:
    proxy, fake = _proxy(upstream, fakes, proxy_factory)
    chunks = list(_client(proxy).models.generate_content_stream(model=MODEL, contents="Hello"))
    assert "".join(c.text or "" for c in chunks) == f"{FAKE_API[upstream]} says: Hello"
    last = chunks[-1]
    assert last.candidates is not None
    assert last.candidates[0].finish_reason == types.FinishReason.STOP
    assert last.usage_metadata is not None
    assert fake.requests[-1].stream


@pytest.mark.parametrize("upstream", list(UPSTREAMS))
def test_tools_round_trip(
    upstream: str, fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    proxy, fake = _proxy(upstream, fakes, proxy_factory)
    client = _client(proxy)
    config = types.GenerateContentConfig(
        tools=[WEATHER],
        automatic_function_calling=types.AutomaticFunctionCallingConfig(disable=True),
    )
    ask = types.Content(role="user", parts=[types.Part.from_text(text="Paris")])
    first = client.models.generate_content(model=MODEL, contents=[ask], config=config)
    calls = first.function_calls or []
    assert [(c.name, c.args) for c in calls] == [("get_weather", {"input": "Paris"})]
    assert first.candidates is not None and first.candidates[0].content is not None
    result = types.Part.from_function_response(name="get_weather", response={"output": "sunny"})
    second = client.models.generate_content(
        model=MODEL,
        contents=[ask, first.candidates[0].content, types.Content(role="user", parts=[result])],
        config=config,
    )
    assert second.text == f"{FAKE_API[upstream]} got tool result: sunny"
    assert fake.count() == 2


@pytest.mark.parametrize("upstream", list(UPSTREAMS))
def test_image(upstream: str, fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory) -> None:
    proxy, _ = _proxy(upstream, fakes, proxy_factory)
    response = _client(proxy).models.generate_content(
        model=MODEL,
        contents=[
            types.Part.from_text(text="What is this?"),
            types.Part.from_bytes(data=PNG, mime_type="image/png"),
        ],
    )
    assert response.text == f"{FAKE_API[upstream]} sees an image (image/png)"


@pytest.mark.parametrize("upstream", ["claude", "gemini"])
def test_json_routing_call_gets_json(
    upstream: str, fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    """Gemini CLI's routing call: JSON asked with responseMimeType + responseJsonSchema."""
    proxy, fake = _proxy(upstream, fakes, proxy_factory)
    fake.always(Ok(text='{"model_choice": "flash"}'))
    schema = {"type": "object", "properties": {"model_choice": {"type": "string"}}}
    response = _client(proxy).models.generate_content(
        model=MODEL,
        contents="route this",
        config=types.GenerateContentConfig(
            response_mime_type="application/json", response_json_schema=schema
        ),
    )
    assert orjson.loads(response.text or "") == {"model_choice": "flash"}
    sent = str(fake.requests[-1].body)
    assert ("responseJsonSchema" if upstream == "gemini" else "JSON Schema") in sent


def test_credit_balance_falls_over_to_local_with_context(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    proxy, claude = _proxy("claude", fakes, proxy_factory)
    claude.always(credit_balance())
    response = _client(proxy, **{"X-Session-ID": "gem-1"}).models.generate_content(
        model="claude-sonnet-4-6",
        contents=[
            types.Content(role="user", parts=[types.Part.from_text(text="My name is Ada.")]),
            types.Content(role="model", parts=[types.Part.from_text(text="Hello Ada.")]),
            types.Content(role="user", parts=[types.Part.from_text(text="My name?")]),
        ],
    )
    assert response.text == "ollama says: My name?"
    assert response.sdk_http_response is not None and response.sdk_http_response.headers
    headers = response.sdk_http_response.headers
    assert headers["x-trooper-decision"] == "ollama (fallback: credit_balance)"
    sent = str(fakes["ollama"].requests[-1].body)
    assert "My name is Ada." in sent and "Hello Ada." in sent
    session = proxy.run(proxy.state.store.get("gem-1"))
    assert session is not None and session.tokens_saved > 0


def test_stream_fails_over_before_the_first_token_and_is_rescued_after(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    proxy, claude = _proxy("claude", fakes, proxy_factory)
    claude.script(ErrorEvent(), CutStream(after=1, text="The answer is forty-two."))
    client = _client(proxy)
    before = "".join(
        c.text or "" for c in client.models.generate_content_stream(model=MODEL, contents="Hi")
    )
    assert before == "ollama says: Hi"
    after = "".join(
        c.text or "" for c in client.models.generate_content_stream(model=MODEL, contents="Hi")
    )
    assert after.startswith("The a") and after.endswith("ollama says: Hi")


def test_force_local_by_header(fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory) -> None:
    proxy, claude = _proxy("claude", fakes, proxy_factory)
    response = _client(proxy, **{"X-Force-Local": "true"}).models.generate_content(
        model=MODEL, contents="secret"
    )
    assert response.text == "ollama says: secret"
    assert claude.count() == 0


def test_stream_without_alt_sse_is_one_json_array(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    proxy, _ = _proxy("claude", fakes, proxy_factory)
    body = {"contents": [{"role": "user", "parts": [{"text": "Hello"}]}]}
    status, headers, raw = _http(
        proxy, "POST", f"/v1beta/models/{MODEL}:streamGenerateContent", body
    )
    assert status == 200 and headers["x-trooper-provider"] == "claude"
    chunks = orjson.loads(raw)
    text = "".join(
        p.get("text", "") for c in chunks for p in c["candidates"][0]["content"]["parts"]
    )
    assert text == "anthropic says: Hello"
    assert chunks[-1]["candidates"][0]["finishReason"] == "STOP"


def test_count_tokens_and_models(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    proxy, claude = _proxy("claude", fakes, proxy_factory)
    client = _client(proxy)
    counted = client.models.count_tokens(model=MODEL, contents="Hello there, how are you?")
    assert (counted.total_tokens or 0) > 0
    names = [m.name for m in client.models.list()]
    assert "models/claude-sonnet-4-6" in names
    assert claude.count() == 0


@pytest.mark.parametrize(
    ("path", "body", "status", "words"),
    [
        (f"/v1beta/models/{MODEL}:generateContent", {}, 400, "contents"),
        (
            f"/v1beta/models/{MODEL}:generateContent",
            {"contents": [{"role": "robot", "parts": [{"text": "x"}]}]},
            400,
            "contents[0].role",
        ),
        (
            f"/v1beta/models/{MODEL}:generateContent",
            {"contents": [{"role": "user", "parts": [{"text": 5}]}]},
            400,
            "contents[0].parts[0].text",
        ),
        (f"/v1beta/models/{MODEL}:explode", {"contents": []}, 400, "generateContent"),
        ("/v1beta/nothing", {}, 404, "No route"),
    ],
)
def test_bad_input_in_google_envelope(
    path: str,
    body: object,
    status: int,
    words: str,
    fakes: dict[str, FakeUpstream],
    proxy_factory: ProxyFactory,
) -> None:
    proxy, claude = _proxy("claude", fakes, proxy_factory)
    got, _, raw = _http(proxy, "POST", path, body)
    assert got == status
    error = orjson.loads(raw)["error"]
    assert error["code"] == status and words in error["message"]
    assert error["status"] in ("INVALID_ARGUMENT", "NOT_FOUND")
    assert claude.count() == 0
    assert _http(proxy, "GET", "/health")[0] == 200


def test_sdk_raises_on_bad_input(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    proxy, _ = _proxy("claude", fakes, proxy_factory)
    with pytest.raises(errors.ClientError) as caught:
        _client(proxy).models.generate_content(
            model=MODEL, contents=[types.Content(role="user", parts=[])]
        )
    assert caught.value.code == 400


def test_metrics_count_the_gemini_dialect(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    proxy, _ = _proxy("claude", fakes, proxy_factory)
    _client(proxy).models.generate_content(model=MODEL, contents="hi")
    assert 'dialect="gemini"' in _http(proxy, "GET", "/metrics")[2].decode()
    assert base64.b64encode(PNG)  # the image fixture is valid bytes


def test_auth_token_as_the_gemini_key(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    """Gemini clients send only their API key: with TROOPER_AUTH_TOKEN set, that key is the
    token, and it is never forwarded to Google."""
    proxy = proxy_factory({**fake_env(fakes), "TROOPER_AUTH_TOKEN": "t0ken"})
    options = types.HttpOptions(base_url=proxy.url, api_version="v1beta", timeout=30_000)
    wrong = genai.Client(api_key="nope", http_options=options)
    proxy.clients.append(wrong)  # type: ignore[arg-type]
    with pytest.raises(errors.ClientError) as caught:
        wrong.models.generate_content(model=MODEL, contents="hi")
    assert caught.value.code == 401 and caught.value.status == "UNAUTHENTICATED"
    right = genai.Client(api_key="t0ken", http_options=options)
    proxy.clients.append(right)  # type: ignore[arg-type]
    assert right.models.generate_content(model=MODEL, contents="hi").text == "anthropic says: hi"
    assert "t0ken" not in str(fakes["anthropic"].requests[-1].headers)
