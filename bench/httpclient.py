"""A tiny blocking HTTP/1.1 client on one keep-alive socket, for latency measurements.

A raw socket keeps the client's own cost small and identical for every target, so differences
between targets are the servers'. Times are ``time.monotonic()``: on Linux one clock for every
process, so they compare with the send times the fake upstream writes into each delta.

    conn = Connection(9300)
    seconds = conn.timed(anthropic_request(9300, stream=False))
    timing = conn.stream(anthropic_request(9300, stream=True))  # ttfb, total, per-chunk lags
"""

from __future__ import annotations

import bisect
import re
import socket
import time
from dataclasses import dataclass, field

import orjson

#: A turn the default router sends to the cloud, so the measured path is the proxy's own (the
#: same-dialect relay, with the router's decision on it): "hello" would be served locally.
BODY: dict[str, object] = {
    "model": "claude-sonnet-4-6",
    "max_tokens": 64,
    "messages": [
        {"role": "user", "content": "Review this plan for migrating our billing service."}
    ],
}
#: What an SDK sends on the third turn of a conversation: the whole (short) history again.
HISTORY: dict[str, object] = {
    "model": "claude-sonnet-4-6",
    "max_tokens": 64,
    "messages": [
        {"role": "user", "content": "hello"},
        {"role": "assistant", "content": "Hello! How can I help?"},
        {"role": "user", "content": "Review this plan for migrating our billing service."},
    ],
}
PROMPT = "Review this plan for migrating our billing service."
#: The same turn at each front door, as (path, body, headers), by the report's name of the route.
#: Responses clients that keep their own conversation (Codex CLI) send ``store: false``; without
#: it Trooper records the answer as a session (one SQLite write per request).
FRONT_DOORS: dict[str, tuple[str, dict[str, object], dict[str, str]]] = {
    "Anthropic Messages → Claude": ("/v1/messages", BODY, {"anthropic-version": "2023-06-01"}),
    "OpenAI Chat Completions → OpenAI": (
        "/v1/chat/completions",
        {"model": "gpt-4.1", "max_tokens": 64, "messages": [{"role": "user", "content": PROMPT}]},
        {},
    ),
    "OpenAI Responses → OpenAI": (
        "/v1/responses",
        {"model": "gpt-4.1", "max_output_tokens": 64, "input": PROMPT, "store": False},
        {},
    ),
    "OpenAI Responses, stored → OpenAI": (
        "/v1/responses",
        {"model": "gpt-4.1", "max_output_tokens": 64, "input": PROMPT},
        {},
    ),
    "Gemini generateContent → Gemini": (
        "/v1beta/models/gemini-2.5-flash:generateContent",
        {
            "contents": [{"role": "user", "parts": [{"text": PROMPT}]}],
            "generationConfig": {"maxOutputTokens": 64},
        },
        {},
    ),
}
#: The first content of a streamed answer, in the Anthropic dialect every target speaks here.
FIRST_CONTENT = b"content_block_delta"
#: The send time the fake upstream writes at the start of every delta's text.
STAMP = re.compile(rb'"text":"T(\d+\.\d+) ')
CHUNKED_END = b"\r\n0\r\n\r\n"


class HTTPError(RuntimeError):
    pass


def anthropic_request(
    port: int,
    *,
    stream: bool,
    path: str = "/v1/messages",
    extra: dict[str, str] | None = None,
    payload: dict[str, object] | None = None,
) -> bytes:
    """The raw bytes of one POST of ``payload`` (default :data:`BODY`; ``"stream": true`` when
    asked), with ``extra`` headers."""
    payload = payload or BODY
    body = orjson.dumps({**payload, "stream": True} if stream else payload)
    headers = {
        "Host": f"127.0.0.1:{port}",
        "Content-Type": "application/json",
        "x-api-key": "sk-ant-bench",
        "anthropic-version": "2023-06-01",
        "Content-Length": str(len(body)),
        **(extra or {}),
    }
    head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    return f"POST {path} HTTP/1.1\r\n{head}\r\n".encode() + body


def post(port: int, path: str, payload: dict[str, object], extra: dict[str, str]) -> bytes:
    """The raw bytes of one JSON POST of ``payload`` to ``path``, with ``extra`` headers."""
    body = orjson.dumps(payload)
    headers = {
        "Host": f"127.0.0.1:{port}",
        "Content-Type": "application/json",
        "Content-Length": str(len(body)),
        **extra,
    }
    head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    return f"POST {path} HTTP/1.1\r\n{head}\r\n".encode() + body


@dataclass(slots=True)
class StreamTiming:
    """One streamed answer as the client saw it, in seconds from the request's send."""

    ttfb: float  # to the first content delta
    total: float  # to the last byte
    lags: list[float] = field(default_factory=list)  # per delta: arrival minus upstream send
    chunks: int = 0
    headers: dict[str, str] = field(default_factory=dict)


class Connection:
    """One keep-alive connection; requests are sent one at a time."""

    def __init__(self, port: int, host: str = "127.0.0.1") -> None:
        self.sock = socket.create_connection((host, port))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def close(self) -> None:
        self.sock.close()

    def timed(self, raw: bytes) -> float:
        """Seconds from sending ``raw`` to the last byte of a 200 answer."""
        started = time.perf_counter()
        self.sock.sendall(raw)
        self._read_response()
        return time.perf_counter() - started

    def fetch(self, raw: bytes) -> bytes:
        """Send ``raw``; the body of its 200 answer."""
        self.sock.sendall(raw)
        return self._read_response()

    def stream(self, raw: bytes) -> StreamTiming:
        """Send ``raw`` and time its streamed answer: first content, end, and per-chunk lags."""
        started = time.monotonic()
        self.sock.sendall(raw)
        arrivals: list[float] = []  # monotonic time of each recv
        ends: list[int] = []  # buffer length after each recv
        buf = bytearray()
        while not buf.endswith(CHUNKED_END):
            data = self.sock.recv(262144)
            now = time.monotonic()
            if not data:
                raise HTTPError("connection closed mid-stream")
            buf += data
            arrivals.append(now)
            ends.append(len(buf))
        status, headers, _ = _head(bytes(buf))
        if status != 200:
            raise HTTPError(f"HTTP {status}: {bytes(buf)[:300]!r}")

        def arrival(position: int) -> float:
            return arrivals[bisect.bisect_left(ends, position)]

        first = buf.find(FIRST_CONTENT)
        if first < 0:
            raise HTTPError(f"no content in the stream: {bytes(buf)[:300]!r}")
        stamps = [(m.end(), float(m.group(1))) for m in STAMP.finditer(buf)]
        return StreamTiming(
            ttfb=arrival(first + len(FIRST_CONTENT)) - started,
            total=arrivals[-1] - started,
            lags=[arrival(end) - sent for end, sent in stamps],
            chunks=len(stamps),
            headers=headers,
        )

    def _read_response(self) -> bytes:
        buf = bytearray()
        while b"\r\n\r\n" not in buf:
            data = self.sock.recv(65536)
            if not data:
                raise HTTPError("connection closed before the headers")
            buf += data
        status, headers, start = _head(bytes(buf))
        if "content-length" in headers:
            end = start + int(headers["content-length"])
            while len(buf) < end:
                data = self.sock.recv(65536)
                if not data:
                    raise HTTPError("connection closed mid-body")
                buf += data
        else:
            while not buf.endswith(CHUNKED_END):
                data = self.sock.recv(65536)
                if not data:
                    raise HTTPError("connection closed mid-body")
                buf += data
        if status != 200:
            raise HTTPError(f"HTTP {status}: {bytes(buf)[:300]!r}")
        return bytes(buf[start:])


def _head(buf: bytes) -> tuple[int, dict[str, str], int]:
    """Status, lower-cased headers and the body's offset of a response in ``buf``."""
    end = buf.index(b"\r\n\r\n")
    lines = buf[:end].decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return status, headers, end + 4


def percentile(values: list[float], q: float) -> float:
    """The ``q``-th percentile (0-100) by linear interpolation; ``nan`` for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)
