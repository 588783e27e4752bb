"""Hardening of the server's edges: privacy that cannot fail open, host and origin checks,
quiet logs for broken clients, bounded state for client-chosen names, body-read timeouts, and
answers that never wait on (or break because of) the session store."""

from __future__ import annotations

import http.client
import json
import re
import sqlite3
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import Proxy, fake_env
from tests.fakes.upstream import FakeUpstream

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
