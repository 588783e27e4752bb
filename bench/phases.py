"""The client side of the latency phases: interleaved rounds, stream relay, failover timing, and
an RSS sampler.

    latencies, round_p50s = interleaved({"direct": 9100, "trooper": 9300}, 10, 200, Probe.WHOLE)
"""

from __future__ import annotations

import enum
import json
import socket
import sys
import threading
import time
from collections.abc import Callable

from figures import Row
from httpclient import Connection, StreamTiming, anthropic_request, percentile
from servers import rss_mb

#: Fail-over requests measured before these are a warm-up and not kept.
FAILOVER_WARMUP = 20


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def say(text: str) -> None:
    """Progress, on stderr: with ``--only``, stdout carries the figures' JSON alone."""
    print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


class Probe(enum.Enum):
    """What one timed request is: a whole non-streaming answer, or a stream's first content."""

    WHOLE = "whole"
    TTFB = "ttfb"

    def measure(self, conn: Connection, raw: bytes) -> float:
        """Seconds."""
        return conn.timed(raw) if self is Probe.WHOLE else conn.stream(raw).ttfb


def interleaved(
    ports: dict[str, int],
    n_rounds: int,
    per_round: int,
    probe: Probe,
    requests: dict[str, bytes] | None = None,
) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """``per_round`` requests to each target in turn, ``n_rounds`` times, the order rotating
    (A B C, B C A, C A B ...) so that drift falls on every target alike. ``requests``: the raw
    request of each target (default: :data:`httpclient.BODY`). Returns every latency (ms) and
    each round's p50 (ms), by target."""
    conns = {n: Connection(p) for n, p in ports.items()}
    raws = requests or {
        n: anthropic_request(p, stream=probe is Probe.TTFB) for n, p in ports.items()
    }
    for name, conn in conns.items():  # warm-up: connections, caches, lazy imports
        for _ in range(max(20, per_round // 2)):
            probe.measure(conn, raws[name])
    latencies: dict[str, list[float]] = {n: [] for n in conns}
    rounds: dict[str, list[float]] = {n: [] for n in conns}
    names = list(conns)
    for r in range(n_rounds):
        shift = r % len(names)
        for name in names[shift:] + names[:shift]:
            batch = [probe.measure(conns[name], raws[name]) * 1000 for _ in range(per_round)]
            latencies[name].extend(batch)
            rounds[name].append(percentile(batch, 50))
    for conn in conns.values():
        conn.close()
    return latencies, rounds


def relay_row(name: str, port: int, chunks: int, delay_ms: float, streams: int) -> Row:
    """``streams`` streams of the fake's current shape through one target, as a report row."""
    conn = Connection(port)
    raw = anthropic_request(port, stream=True)
    conn.stream(raw)  # warm-up
    timings: list[StreamTiming] = [conn.stream(raw) for _ in range(streams)]
    conn.close()
    lags = [lag * 1000 for t in timings for lag in t.lags]
    return {
        "target": name,
        "chunks": chunks,
        "delay_ms": delay_ms,
        "streams": len(timings),
        "received": min(t.chunks for t in timings),
        "ttfb_ms": percentile([t.ttfb * 1000 for t in timings], 50),
        "total_ms": percentile([t.total * 1000 for t in timings], 50),
        "lag_p50_ms": percentile(lags, 50),
        "lag_p99_ms": percentile(lags, 99),
        "lag_max_ms": max(lags) if lags else float("nan"),
    }


def failover_rounds(port: int, fake_port: int, requests: int) -> Row:
    """Streams through a Trooper whose cloud refuses every request; after each, the fake tells
    when it sent the refusal and when the local model got its request and sent its first line.

    failover = first content at the client - refusal sent - (local first line - local request)
    """
    conn, fake = Connection(port), Connection(fake_port)
    raw = anthropic_request(port, stream=True)
    last = f"GET /_last HTTP/1.1\r\nHost: 127.0.0.1:{fake_port}\r\n\r\n".encode()
    gaps: list[float] = []
    decide: list[float] = []
    relay: list[float] = []
    ttfb: list[float] = []
    skipped = 0
    for i in range(requests + FAILOVER_WARMUP):
        sent = time.monotonic()
        timing = conn.stream(raw)
        times = json.loads(fake.fetch(last))
        if timing.headers.get("x-trooper-fallback-count") != "1" or times["refused_at"] < sent:
            skipped += 1  # the cloud was not called: an open breaker's skip
            continue
        if i < FAILOVER_WARMUP:
            continue
        first = sent + timing.ttfb
        local_own = times["local_first"] - times["local_in"]
        gaps.append((first - times["refused_at"] - local_own) * 1000)
        decide.append((times["local_in"] - times["refused_at"]) * 1000)
        relay.append((first - times["local_first"]) * 1000)
        ttfb.append(timing.ttfb * 1000)
    conn.close()
    fake.close()
    return {
        "requests": len(gaps),
        "skipped": skipped,
        "p50_ms": percentile(gaps, 50),
        "p99_ms": percentile(gaps, 99),
        "decide_p50_ms": percentile(decide, 50),
        "relay_p50_ms": percentile(relay, 50),
        "ttfb_p50_ms": percentile(ttfb, 50),
    }


class RSSSampler:
    """Samples a process's RSS every 0.25 s in a thread while a load runs in two halves."""

    def __init__(self, pid: int, every_s: float = 0.25) -> None:
        self.pid = pid
        self.every_s = every_s
        self.samples: list[tuple[float, float]] = []
        self.half_at = 0.0
        self.end_at = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._clock: Callable[[], float] = time.monotonic
        self._started = 0.0

    def __enter__(self) -> RSSSampler:
        self._started = self._clock()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.end_at = self._clock() - self._started
        self._stop.set()
        self._thread.join()

    def mark(self) -> None:
        """The first half of the load is done."""
        self.half_at = self._clock() - self._started

    def _run(self) -> None:
        while not self._stop.wait(self.every_s):
            self.samples.append((self._clock() - self._started, rss_mb(self.pid)))

    def series(self, first: int, second: int) -> list[tuple[int, float]]:
        """(requests answered, MB), time mapped to requests at each half's own mean rate."""
        out = []
        half_at, end_at = self.half_at or self.end_at, max(self.end_at, 1e-9)
        for t, mb in self.samples:
            if t <= half_at:
                done = first * t / max(half_at, 1e-9)
            else:
                done = first + second * min(1.0, (t - half_at) / max(end_at - half_at, 1e-9))
            out.append((int(done), mb))
        return out
