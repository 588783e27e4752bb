"""Through a running Trooper: a stream's opening events (``message_start``, the first block's
start) reach the client in one write together with its first content, not one write each, so
the first token costs the client one read, as it does from the provider itself."""

from __future__ import annotations

import socket
import time
import urllib.request
from collections.abc import Callable
from urllib.parse import urlsplit

import orjson

from tests.conftest import Proxy, fake_env
from tests.fakes.upstream import FakeUpstream, Ok

ProxyFactory = Callable[[dict[str, str]], Proxy]


def _chunks(raw: bytes) -> list[bytes]:
    """The HTTP/1.1 chunks of a chunked response body, as the server wrote them."""
    _, _, body = raw.partition(b"\r\n\r\n")
    chunks: list[bytes] = []
    while body:
        size_line, _, rest = body.partition(b"\r\n")
        size = int(size_line, 16)
        if size == 0:
            break
        chunks.append(rest[:size])
        body = rest[size + 2 :]
    return chunks


_STREAMED_TURN = orjson.dumps(
    {
        "model": "claude-sonnet-4-6",
        "max_tokens": 64,
        "stream": True,
        "messages": [{"role": "user", "content": "Review this plan for our billing service."}],
    }
)


def _arrivals(url: str) -> list[tuple[float, bytes]]:
    """The streamed turn sent on a raw socket: each read of the raw response, with its time."""
    parts = urlsplit(url)
    head = (
        f"POST /v1/messages HTTP/1.1\r\nHost: {parts.hostname}:{parts.port}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(_STREAMED_TURN)}\r\n"
        "Connection: close\r\n\r\n"
    )
    arrivals: list[tuple[float, bytes]] = []
    with socket.create_connection((parts.hostname or "", parts.port or 0), timeout=10) as sock:
        sock.sendall(head.encode() + _STREAMED_TURN)
        while data := sock.recv(65536):
            arrivals.append((time.monotonic(), data))
    return arrivals


def test_the_opening_events_come_with_the_first_content(
    proxy_factory: ProxyFactory, fakes: dict[str, FakeUpstream]
) -> None:
    fakes["anthropic"].always(Ok(text="one two three", chunks=3, chunk_delay=0.05))
    proxy = proxy_factory(fake_env(fakes))
    raw = b"".join(data for _, data in _arrivals(proxy.url))
    assert raw.startswith(b"HTTP/1.1 200")
    chunks = _chunks(raw)
    first = chunks[0]
    assert b"message_start" in first and b"content_block_start" in first
    assert b"content_block_delta" in first, f"the first write held only {first[:80]!r}"
    assert b"message_stop" in b"".join(chunks)


def test_the_first_content_leaves_before_the_rest_of_its_read(
    proxy_factory: ProxyFactory, fakes: dict[str, FakeUpstream]
) -> None:
    """An answer that arrives in one read (the provider flushed it at once): its first content
    is written before the rest of that read is translated, so the time to first token does not
    grow with what came with it."""
    fakes["anthropic"].always(Ok(text=" ".join(["word"] * 400), chunks=400, burst=True))
    proxy = proxy_factory(fake_env(fakes))
    chunks = _chunks(b"".join(data for _, data in _arrivals(proxy.url)))
    first = chunks[0]
    assert b"message_start" in first and first.count(b"event: content_block_delta") == 1, first
    rest = b"".join(chunks[1:])
    assert rest.count(b"event: content_block_delta") == 399 and b"message_stop" in rest


def test_a_paced_stream_reaches_the_client_as_it_comes(
    proxy_factory: ProxyFactory, fakes: dict[str, FakeUpstream]
) -> None:
    """Events are held only until the upstream is read again: each delta leaves before the
    upstream sends the next one, not with the end of the answer."""
    fakes["anthropic"].always(Ok(text="one two three", chunks=3, chunk_delay=0.1))
    proxy = proxy_factory(fake_env(fakes))
    arrivals = _arrivals(proxy.url)
    raw = b"".join(data for _, data in arrivals)
    assert raw.startswith(b"HTTP/1.1 200") and b"message_stop" in raw
    seen = b""
    first_delta = end = 0.0
    for at, data in arrivals:
        seen += data
        if not first_delta and b"content_block_delta" in seen:
            first_delta = at
        if b"message_stop" in seen:
            end = at
            break
    assert end - first_delta >= 0.15, "the first delta waited for the rest of the answer"


def test_streams_reuse_the_upstream_connection(
    proxy_factory: ProxyFactory, fakes: dict[str, FakeUpstream]
) -> None:
    """A stream read to its end gives its upstream connection back to the pool: the next stream
    to the same provider does not pay for a new TCP connection before its first byte."""
    fakes["anthropic"].always(Ok(text="one two three", chunks=3))
    proxy = proxy_factory(fake_env(fakes))
    body = _STREAMED_TURN
    for _ in range(3):
        raw = _post(proxy.url, body)
        assert raw.startswith(b"HTTP/1.1 200") and b"message_stop" in raw
    ports = [r.peer for r in fakes["anthropic"].requests if r.stream]
    assert len(ports) == 3 and 0 not in ports
    assert len(set(ports)) == 1, f"each stream opened its own connection: {ports}"


def _post(url: str, body: bytes) -> bytes:
    """One request on its own connection, read to the end."""
    parts = urlsplit(url)
    head = (
        f"POST /v1/messages HTTP/1.1\r\nHost: {parts.hostname}:{parts.port}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        "Connection: close\r\n\r\n"
    )
    raw = b""
    with socket.create_connection((parts.hostname or "", parts.port or 0), timeout=10) as sock:
        sock.sendall(head.encode() + body)
        while data := sock.recv(65536):
            raw += data
    return raw


def test_the_time_to_first_token_is_recorded_for_each_stream(
    proxy_factory: ProxyFactory, fakes: dict[str, FakeUpstream]
) -> None:
    """The metric is observed once the first byte is out (off the first byte's path), once per
    stream."""
    fakes["anthropic"].always(Ok(text="one two three", chunks=3))
    proxy = proxy_factory(fake_env(fakes))
    body = _STREAMED_TURN
    for _ in range(2):
        assert b"message_stop" in _post(proxy.url, body)
    with urllib.request.urlopen(f"{proxy.url}/metrics", timeout=10) as reply:
        metrics = reply.read().decode()
    line = 'trooper_time_to_first_token_seconds_count{provider="claude"} 2.0'
    assert line in metrics, [m for m in metrics.splitlines() if "first_token" in m]
