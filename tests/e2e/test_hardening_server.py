"""Hardening of the server's edges: privacy that cannot fail open, host and origin checks,
quiet logs for broken clients, bounded state for client-chosen names, body-read timeouts, and
answers that never wait on (or break because of) the session store."""

from __future__ import annotations

import http.client
import json
from collections.abc import Callable
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
