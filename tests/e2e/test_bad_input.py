"""Bad input gets a clear 4xx in the client's own dialect, and the server keeps serving."""

from __future__ import annotations

import http.client
import json
from collections.abc import Callable
from urllib.parse import urlsplit

import pytest

from tests.conftest import Proxy, fake_env
from tests.fakes.upstream import FakeUpstream

ProxyFactory = Callable[[dict[str, str]], Proxy]
ANTHROPIC = "/v1/messages"
OPENAI = "/v1/chat/completions"


def post(
    proxy: Proxy,
    path: str,
    body: bytes,
    headers: dict[str, str] | None = None,
    *,
    chunked: bool = False,
) -> tuple[int, dict[str, object]]:
    """POST ``body``, with its length declared or (``chunked``) in one chunk of unknown length."""
    parts = urlsplit(proxy.url)
    conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    try:
        conn.request(
            "POST",
            path,
            body=iter([body]) if chunked else body,
            headers={"content-type": "application/json", **(headers or {})},
            encode_chunked=chunked,
        )
        response = conn.getresponse()
        data = response.read()
    finally:
        conn.close()
    return response.status, json.loads(data)


def assert_anthropic_error(status: int, body: dict[str, object], code: int, words: str) -> None:
    assert status == code
    assert body["type"] == "error"
    error = body["error"]
    assert isinstance(error, dict)
    assert words.lower() in str(error["message"]).lower()
    assert isinstance(error["type"], str)


def assert_openai_error(status: int, body: dict[str, object], code: int, words: str) -> None:
    assert status == code
    error = body["error"]
    assert isinstance(error, dict)
    assert words.lower() in str(error["message"]).lower()
    assert "type" in error


CASES = [
    (b"{not json", "json"),
    (b"", "empty"),
    (b"[1, 2]", "object"),
    (json.dumps({"model": "x", "max_tokens": 10}).encode(), "messages"),
    (json.dumps({"model": "x", "max_tokens": 10, "messages": []}).encode(), "messages"),
    (json.dumps({"model": "x", "max_tokens": 10, "messages": "hi"}).encode(), "messages"),
    (json.dumps({"model": 5, "messages": [{"role": "user", "content": "hi"}]}).encode(), "model"),
    (
        json.dumps({"model": "x", "messages": [{"role": "wizard", "content": "hi"}]}).encode(),
        "role",
    ),
    (json.dumps({"model": "x", "messages": [{"role": "user", "content": 7}]}).encode(), "content"),
    (
        json.dumps(
            {"model": "x", "messages": [{"role": "user", "content": "hi"}], "x_force_local": "yes"}
        ).encode(),
        "x_force_local",
    ),
]


@pytest.fixture
def proxy(fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory({**fake_env(fakes), "TROOPER_MAX_BODY_BYTES": "4096"})


@pytest.mark.parametrize(("body", "words"), CASES)
def test_anthropic_bad_input(
    proxy: Proxy, fakes: dict[str, FakeUpstream], body: bytes, words: str
) -> None:
    status, data = post(proxy, ANTHROPIC, body)
    assert_anthropic_error(status, data, 400, words)
    assert fakes["anthropic"].count() == 0


@pytest.mark.parametrize(("body", "words"), CASES)
def test_openai_bad_input(
    proxy: Proxy, fakes: dict[str, FakeUpstream], body: bytes, words: str
) -> None:
    status, data = post(proxy, OPENAI, body)
    assert_openai_error(status, data, 400, words)
    assert fakes["anthropic"].count() == 0


def _big(**fields: object) -> bytes:
    """A body over the 1 MiB past which Trooper reads, parses and converts it in steps."""
    messages: list[dict[str, object]] = [
        {"role": "user" if i % 2 == 0 else "assistant", "content": f"{i} " + "words " * 800}
        for i in range(301)
    ]
    body: dict[str, object] = {"model": "x", "max_tokens": 10, "messages": messages}
    for name, value in fields.items():
        if name == "role_of_250":
            messages[250]["role"] = value
        else:
            body[name] = value
    return json.dumps(body).encode()


BIG_CASES = [
    (b" " * 1_200_000, "empty"),
    (b"\n" * 1_200_000 + b"{not json", "json"),
    (_big()[:-2], "json"),
    (_big(role_of_250="wizard"), "messages[250].role"),
    (_big(role_of_250="wizard", model=5), "model"),
    (_big(stop_sequences="end"), "stop_sequences"),
]


@pytest.mark.parametrize(("body", "words"), BIG_CASES)
def test_a_big_body_read_in_steps_gets_the_errors_a_small_one_gets(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory, body: bytes, words: str
) -> None:
    proxy = proxy_factory(fake_env(fakes))
    status, data = post(proxy, ANTHROPIC, body)
    assert_anthropic_error(status, data, 400, words)
    assert fakes["anthropic"].count() == 0


@pytest.mark.parametrize("chunked", [False, True])
@pytest.mark.parametrize("path", [ANTHROPIC, OPENAI])
def test_body_over_the_limit_is_413(proxy: Proxy, path: str, chunked: bool) -> None:
    big = json.dumps({"model": "x", "messages": [{"role": "user", "content": "a" * 8000}]})
    status, data = post(proxy, path, big.encode(), chunked=chunked)
    assert status == 413
    assert "limit" in json.dumps(data)
    assert ("type" in data) if path == ANTHROPIC else ("error" in data)


def test_bad_session_id_is_rejected(proxy: Proxy) -> None:
    body = json.dumps(
        {"model": "x", "max_tokens": 5, "messages": [{"role": "user", "content": "hi"}]}
    )
    status, data = post(proxy, ANTHROPIC, body.encode(), {"X-Session-ID": "bad id\twith tab"})
    assert_anthropic_error(status, data, 400, "X-Session-ID")


def test_unknown_route_is_a_404_in_dialect(proxy: Proxy) -> None:
    status, data = post(proxy, "/v1/chat/nothing", b"{}")
    assert status == 404
    assert "error" in data


@pytest.mark.parametrize(
    ("method", "path", "dialect"),
    [
        ("GET", ANTHROPIC, "anthropic"),
        ("PUT", OPENAI, "openai"),
        ("GET", "/", "anthropic"),
        ("POST", "/health", "anthropic"),
        ("DELETE", "/v1/models", "openai"),
    ],
)
def test_wrong_method_is_a_405_in_dialect(
    proxy: Proxy, method: str, path: str, dialect: str
) -> None:
    parts = urlsplit(proxy.url)
    conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    try:
        conn.request(method, path)
        response = conn.getresponse()
        data = json.loads(response.read())
    finally:
        conn.close()
    assert response.status == 405
    error = data["error"]
    assert f"{method} is not allowed on {path}" in error["message"]
    assert (data["type"] == "error") if dialect == "anthropic" else ("type" not in data)


def test_server_keeps_serving_after_bad_input(proxy: Proxy, fakes: dict[str, FakeUpstream]) -> None:
    for body, _ in CASES:
        post(proxy, ANTHROPIC, body)
        post(proxy, OPENAI, body)
    good = json.dumps(
        {
            "model": "claude-sonnet-4-6",
            "max_tokens": 5,
            "messages": [{"role": "user", "content": "hi"}],
        }
    )
    status, data = post(proxy, ANTHROPIC, good.encode())
    assert status == 200
    assert data["content"] == [{"type": "text", "text": "anthropic says: hi"}]


def test_stream_limit_answers_429_in_dialect(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    from tests.fakes.upstream import Ok

    proxy = proxy_factory({**fake_env(fakes), "TROOPER_MAX_STREAMS": "1"})
    fakes["anthropic"].script(Ok(chunks=20, chunk_delay=0.1))
    client = proxy.anthropic()
    with client.messages.stream(
        model="claude-sonnet-4-6", max_tokens=50, messages=[{"role": "user", "content": "slow"}]
    ) as first:
        next(iter(first.text_stream))
        status, data = post(
            proxy,
            ANTHROPIC,
            json.dumps(
                {
                    "model": "claude-sonnet-4-6",
                    "max_tokens": 5,
                    "stream": True,
                    "messages": [{"role": "user", "content": "second"}],
                }
            ).encode(),
        )
        assert_anthropic_error(status, data, 429, "TROOPER_MAX_STREAMS")
        assert "".join(first.text_stream)


def test_oversized_headers_are_refused_and_others_still_served(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    proxy = proxy_factory({**fake_env(fakes), "TROOPER_MAX_HEADER_BYTES": "2048"})
    hi = json.dumps(
        {
            "model": "claude-sonnet-4-6",
            "max_tokens": 5,
            "messages": [{"role": "user", "content": "x"}],
        }
    ).encode()
    parts = urlsplit(proxy.url)
    conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    try:
        conn.request("POST", ANTHROPIC, body=hi, headers={"X-Big": "a" * 10_000})
        assert conn.getresponse().status in (400, 431)
    finally:
        conn.close()
    status, _ = post(proxy, ANTHROPIC, hi)
    assert status == 200


def test_client_leaving_mid_stream_does_not_disturb_the_proxy(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory, caplog: pytest.LogCaptureFixture
) -> None:
    import logging
    import socket
    import time

    from tests.fakes.upstream import Ok

    proxy = proxy_factory(fake_env(fakes))
    fakes["anthropic"].script(Ok(chunks=50, chunk_delay=0.05))
    caplog.set_level(logging.INFO, logger="trooper")
    body = json.dumps(
        {
            "model": "claude-sonnet-4-6",
            "max_tokens": 50,
            "stream": True,
            "messages": [{"role": "user", "content": "a long answer please"}],
        }
    ).encode()
    parts = urlsplit(proxy.url)
    with socket.create_connection((parts.hostname or "", parts.port or 80), timeout=5) as sock:
        sock.sendall(
            b"POST /v1/messages HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            + f"Content-Length: {len(body)}\r\n\r\n".encode()
            + body
        )
        assert b"200" in sock.recv(4096)
    time.sleep(0.5)
    assert proxy.state.streams == 0, "the stream's slot was given back"
    assert "unexpected error" not in caplog.text
    status, _ = post(
        proxy,
        ANTHROPIC,
        json.dumps(
            {
                "model": "claude-sonnet-4-6",
                "max_tokens": 5,
                "messages": [{"role": "user", "content": "x"}],
            }
        ).encode(),
    )
    assert status == 200
