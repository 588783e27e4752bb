"""Hardening of the server's edges: privacy that cannot fail open, host and origin checks,
quiet logs for broken clients, bounded state for client-chosen names, body-read timeouts, and
answers that never wait on (or break because of) the session store."""

from __future__ import annotations

import http.client
import json
import logging
import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import Proxy, fake_env, free_port
from tests.fakes.upstream import FakeUpstream
from trooper.resilience.breaker import Breakers

ProxyFactory = Callable[..., Proxy]
CHAT = {"model": "claude-sonnet-4-6", "messages": [{"role": "user", "content": "hi"}]}


def request(
    proxy: Proxy,
    method: str,
    path: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, dict[str, str], bytes]:
    """One raw HTTP request (headers exactly as given), returning status, headers and body."""
    parts = urlsplit(proxy.url)
    conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=20)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        data = response.read()
    finally:
        conn.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, data


def chat(proxy: Proxy, headers: dict[str, str], path: str = "/v1/chat/completions") -> int:
    status, _, _ = request(
        proxy,
        "POST",
        path,
        json.dumps(CHAT).encode(),
        {"content-type": "application/json", **headers},
    )
    return status


# --- X-Force-Local fails closed -----------------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["y", "enabled", "force", "True.", "local", "always", "1", "TRUE", " yes "]
)
def test_any_force_local_value_but_a_clear_no_stays_local(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory, value: str
) -> None:
    proxy = proxy_factory(fake_env(fakes))
    assert chat(proxy, {"X-Force-Local": value}) == 200
    assert fakes["anthropic"].count() == 0, f"X-Force-Local: {value!r} reached the cloud"
    assert fakes["ollama"].count() == 1


@pytest.mark.parametrize("value", ["", "0", "false", "No", "OFF"])
def test_a_clear_no_leaves_the_cloud_free(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory, value: str
) -> None:
    proxy = proxy_factory(fake_env(fakes))
    assert chat(proxy, {"X-Force-Local": value}) == 200
    assert fakes["anthropic"].count() == 1


# --- the session store never breaks an answer -----------------------------------------------


def anthropic_body(text: str, *, stream: bool = False) -> bytes:
    body = {
        "model": "claude-sonnet-4-6",
        "max_tokens": 64,
        "stream": stream,
        "messages": [{"role": "user", "content": text}],
    }
    return json.dumps(body).encode()


def ask(proxy: Proxy, text: str, session: str, *, stream: bool = False) -> tuple[int, bytes]:
    headers = {"content-type": "application/json", "X-Session-ID": session}
    status, _, body = request(
        proxy, "POST", "/v1/messages", anthropic_body(text, stream=stream), headers
    )
    return status, body


def test_a_locked_sqlite_store_never_breaks_an_answer(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory, tmp_path: Path
) -> None:
    path = tmp_path / "sessions.db"
    env = {**fake_env(fakes), "TROOPER_STORE": str(path), "TROOPER_STORE_WAIT_S": "0.3"}
    proxy = proxy_factory(env)
    assert ask(proxy, "first", "locked")[0] == 200
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    try:
        client = proxy.anthropic()
        message = client.messages.create(
            model="claude-sonnet-4-6",
            max_tokens=64,
            messages=[{"role": "user", "content": "second"}],
            extra_headers={"X-Session-ID": "locked"},
        )
        assert message.content[0].type == "text"
        assert message.content[0].text == "anthropic says: second"
        status, raw = ask(proxy, "third", "locked", stream=True)
        assert status == 200
        assert b"event: message_stop" in raw
        assert b"HTTP/1.1" not in raw and b"error" not in raw
        started = time.monotonic()
        status, _, listing = request(proxy, "GET", "/sessions")
        assert status == 200 and b'"locked"' in listing
        assert time.monotonic() - started < 2, "GET /sessions waited behind the locked write"
        _, _, metrics = request(proxy, "GET", "/metrics")
        assert re.search(rb'trooper_session_store_errors_total\{op="record"\} [1-9]', metrics)
        _, _, page = request(proxy, "GET", "/status")
        assert b"failing" in page and b"no answer within 0.3 s" in page
    finally:
        other.rollback()
        other.close()


@pytest.mark.parametrize("store", ["memory", "sqlite"])
def test_concurrent_new_turns_on_one_session_all_keep_their_messages(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory, tmp_path: Path, store: str
) -> None:
    spec = "memory" if store == "memory" else str(tmp_path / "sessions.db")
    proxy = proxy_factory({**fake_env(fakes), "TROOPER_STORE": spec})
    with ThreadPoolExecutor(10) as pool:
        statuses = list(pool.map(lambda i: ask(proxy, f"turn {i}", "busy")[0], range(10)))
    assert statuses == [200] * 10
    status, _, body = request(proxy, "GET", "/sessions/busy")
    assert status == 200
    session = json.loads(body)
    assert len(session["turns"]) == 10
    users = [m for m in session["messages"] if m["role"] == "user"]
    texts = sorted(p["text"] for m in users for p in m["parts"])
    assert texts == sorted(f"turn {i}" for i in range(10)), "a concurrent turn overwrote another"
    assert len(session["messages"]) == 20


# --- host names and browser origins ---------------------------------------------------------


def test_a_foreign_host_name_cannot_read_sessions(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    """DNS rebinding: a page on attacker.example resolved to 127.0.0.1 sends its own Host."""
    proxy = proxy_factory(fake_env(fakes))
    assert ask(proxy, "my secret prompt", "private")[0] == 200
    port = urlsplit(proxy.url).port
    status, _, body = request(
        proxy, "GET", "/sessions/private", headers={"Host": f"attacker.example:{port}"}
    )
    assert status == 403
    assert b"secret" not in body
    error = json.loads(body)
    assert error["type"] == "error" and "TROOPER_ALLOWED_HOSTS" in error["error"]["message"]
    for host in (f"localhost:{port}", f"127.0.0.1:{port}", "localhost", "app.localhost"):
        status, _, body = request(proxy, "GET", "/sessions/private", headers={"Host": host})
        assert status == 200 and b"secret" in body, host


def test_configured_host_names_are_served(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    proxy = proxy_factory({**fake_env(fakes), "TROOPER_ALLOWED_HOSTS": "trooper.lan, box"})
    for host, expected in (("trooper.lan:3000", 200), ("BOX", 200), ("other.lan", 403)):
        assert request(proxy, "GET", "/health", headers={"Host": host})[0] == expected, host


@pytest.mark.parametrize(
    ("path", "dialect"), [("/v1/messages", "anthropic"), ("/v1/chat/completions", "openai")]
)
def test_a_cross_site_simple_post_is_refused_in_the_paths_dialect(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory, path: str, dialect: str
) -> None:
    proxy = proxy_factory(fake_env(fakes))
    body = anthropic_body("spend my credits")
    headers = {"Content-Type": "text/plain", "Origin": "https://evil.example"}
    status, _, raw = request(proxy, "POST", path, body, headers)
    assert status == 403
    error = json.loads(raw)
    if dialect == "anthropic":
        assert error["type"] == "error" and error["error"]["type"] == "permission_error"
    else:
        assert error["error"]["type"] == "permission_error"
    assert "TROOPER_ALLOWED_ORIGINS" in raw.decode()
    assert fakes["anthropic"].count() == 0
    for origin in ("null", "http://localhost:9999"):  # another local page is still another site
        assert request(proxy, "POST", path, body, {**headers, "Origin": origin})[0] == 403


def test_a_configured_origin_gets_its_answer_and_cors_headers(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    proxy = proxy_factory({**fake_env(fakes), "TROOPER_ALLOWED_ORIGINS": "https://app.example"})
    origin = {"Origin": "https://app.example"}
    status, headers, _ = request(
        proxy,
        "OPTIONS",
        "/v1/messages",
        headers={**origin, "Access-Control-Request-Method": "POST"},
    )
    assert status == 204 and headers["access-control-allow-origin"] == "https://app.example"
    for stream in (False, True):
        status, headers, _ = request(
            proxy,
            "POST",
            "/v1/messages",
            anthropic_body("hello", stream=stream),
            {**origin, "Content-Type": "application/json"},
        )
        assert status == 200 and headers["access-control-allow-origin"] == "https://app.example"


def test_trooper_s_own_origin_is_served(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    proxy = proxy_factory(fake_env(fakes))
    status, headers, _ = request(
        proxy,
        "POST",
        "/v1/messages",
        anthropic_body("hello"),
        {"Origin": proxy.url, "Content-Type": "application/json"},
    )
    assert status == 200 and "access-control-allow-origin" not in headers


# --- one log line per broken client ---------------------------------------------------------


def send_raw(proxy: Proxy, data: bytes, *, hang_up: bool = False) -> bytes:
    """Bytes on a socket as a broken client sends them; the server's reply, if any."""
    parts = urlsplit(proxy.url)
    with socket.create_connection((parts.hostname or "", parts.port or 0), timeout=10) as sock:
        sock.sendall(data)
        if hang_up:
            return b""
        reply = b""
        while chunk := sock.recv(65536):  # until the server closes (send Connection: close)
            reply += chunk
        return reply


def quiet(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    """The records that carry a traceback (there must be none)."""
    return [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]


def test_a_token_that_is_not_utf8_is_a_401_not_a_traceback(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory, caplog: pytest.LogCaptureFixture
) -> None:
    proxy = proxy_factory({**fake_env(fakes), "TROOPER_AUTH_TOKEN": "s3cret"})
    head = b"GET /sessions HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
    reply = send_raw(proxy, head + b"X-Trooper-Token: \xff\xfe\r\n\r\n")
    assert reply.startswith(b"HTTP/1.1 401")
    assert quiet(caplog) == []


def test_an_aborted_upload_is_one_line(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    proxy = proxy_factory(fake_env(fakes))
    head = b"POST /v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\n"
    send_raw(proxy, head + b'{"model":', hang_up=True)
    deadline = time.monotonic() + 5
    while "went away" not in caplog.text and time.monotonic() < deadline:
        time.sleep(0.02)  # the server notices the hang-up on its own thread
    assert caplog.text.count("went away before its request was read") == 1
    assert quiet(caplog) == []


@pytest.mark.parametrize(
    "data",
    [
        b"GARBAGE\x00 / HTTP/9\r\n\r\n",
        b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nno colon here\r\n\r\n",
        b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
        b"GET /health HTTP/1.1\r\nBad\x01: x\r\n\r\n",
        b"POST /v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Transfer-Encoding: chunked\r\n\r\nzz\r\n",
    ],
    ids=["method", "header", "second-request", "chunk"],
)
def test_a_malformed_request_is_one_line_without_a_traceback(
    fakes: dict[str, FakeUpstream],
    proxy_factory: ProxyFactory,
    caplog: pytest.LogCaptureFixture,
    data: bytes,
) -> None:
    caplog.set_level(logging.DEBUG)
    proxy = proxy_factory(fake_env(fakes))
    reply = send_raw(proxy, data)
    assert b" 400 " in reply, reply[:300]
    time.sleep(0.05)  # let the server thread finish logging
    assert quiet(caplog) == []
    assert [r for r in caplog.records if r.name == "aiohttp.server" and r.exc_info] == []


# --- a body that never arrives --------------------------------------------------------------


def test_a_slow_body_times_out_and_frees_its_connection(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    proxy = proxy_factory({**fake_env(fakes), "TROOPER_BODY_TIMEOUT_S": "0.5"})
    parts = urlsplit(proxy.url)
    head = b"POST /v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 500\r\n\r\n{"
    slow = [socket.create_connection((parts.hostname or "", parts.port or 0)) for _ in range(40)]
    try:
        for sock in slow:
            sock.sendall(head)
            sock.settimeout(10)
        started = time.monotonic()
        for sock in slow:
            reply = sock.recv(4096)
            assert reply.startswith(b"HTTP/1.1 408"), reply[:100]
            assert b"TROOPER_BODY_TIMEOUT_S" in reply
        assert time.monotonic() - started < 5
        assert request(proxy, "GET", "/health")[0] == 200
    finally:
        for sock in slow:
            sock.close()


# --- client-chosen names do not grow state without bound ------------------------------------


def test_distinct_model_names_keep_metrics_status_and_breakers_bounded(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    proxy = proxy_factory(fake_env(fakes))
    parts = urlsplit(proxy.url)
    conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=20)
    try:
        for i in range(300):
            body = {**json.loads(anthropic_body("hi")), "model": f"claude-made-up-{i:04d}"}
            conn.request(
                "POST", "/v1/messages", json.dumps(body), {"content-type": "application/json"}
            )
            response = conn.getresponse()
            response.read()
            assert response.status == 200
    finally:
        conn.close()
    assert len(proxy.state.breakers.items()) <= 256
    _, _, metrics = request(proxy, "GET", "/metrics")
    series = [line for line in metrics.splitlines() if line.startswith(b"trooper_breaker_state{")]
    assert 0 < len(series) <= 256
    _, _, page = request(proxy, "GET", "/status")
    assert page.count(b"claude-made-up-") <= 10
    assert b"more models" in page


def test_the_bounded_breakers_forget_idle_ones_first() -> None:
    breakers = Breakers(failures=2, window_s=60, cooldown_s=60, clock=lambda: 0.0, max_breakers=3)
    breakers.get("claude", "tripped").failure(trip=True, reason="quota")
    breakers.get("claude", "failing").failure()
    breakers.get("claude", "idle")
    breakers.get("claude", "new")
    keys = [k for k, _ in breakers.items()]
    assert keys == ["claude/failing", "claude/new", "claude/tripped"]
    assert breakers.get("claude", "tripped").state == "open"


def test_the_memory_store_byte_bound_is_a_setting(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    mib = 1024 * 1024
    proxy = proxy_factory({**fake_env(fakes), "TROOPER_MEMORY_STORE_MAX_BYTES": str(2 * mib)})
    for i in range(6):
        assert ask(proxy, f"{i} " + "y" * (mib // 2), f"big-{i}")[0] == 200
    _, _, body = request(proxy, "GET", "/sessions")
    kept = {s["id"] for s in json.loads(body)["sessions"]}
    assert "big-5" in kept and len(kept) <= 4


def test_a_store_that_cannot_be_opened_is_a_clear_start_up_error(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("")
    env = {
        **os.environ,
        "TROOPER_PORT": str(free_port()),
        "TROOPER_STORE": str(tmp_path / "a-file" / "sessions.db"),
    }
    done = subprocess.run(
        [sys.executable, "-m", "trooper", "serve"],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert done.returncode == 2
    assert "cannot open the session store" in done.stderr and "TROOPER_STORE" in done.stderr
    assert "Traceback" not in done.stderr and "Unclosed" not in done.stderr
