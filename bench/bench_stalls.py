"""How long Trooper's event loop stalls while it handles very large requests.

    python bench/bench_stalls.py [--reps 3] [--poll-ms 2] [--cases a,a-stream,b-sqlite,...]
                                 [--src PATH ...] [--nice N]

Starts the fake upstream (``bench/fake_upstream.py``) and ``trooper serve`` (once with the
default SQLite store, once with ``TROOPER_STORE=memory``), then, for each case, polls
``GET /health`` every ``--poll-ms`` ms on a keep-alive connection (from a process of its own, so
that the benchmark's own work never delays a poll) while one large request is served. Reports,
per case, the worst and the p99 ``/health`` latency seen while the request was in flight (worst
and p99 over all repetitions; the median of each repetition's worst beside them), and the idle
floor: the same polling with nothing else to do.

``--src`` (repeatable) runs ``trooper serve`` from other source trees too (``--src
/path/to/main/src``), one after the other per store, so that before and after are measured in the
same run: on a shared machine, figures from two runs do not compare. ``--nice -5`` runs the
servers at a higher priority than the machine's other work, to measure Trooper's own stalls
rather than the scheduler's.

Cases:

a           a 6 MB ``x_force_local`` conversation (Anthropic Messages), compacted to the local
            model's window; ``a-stream`` the same, streamed
b-sqlite    one new turn on a named session (``X-Session-ID``) whose stored history is 8 MB,
            default SQLite store; ``b-memory`` the same on the memory store
c           a 6 MB conversation sent on to the cloud
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing as mp
import os
import random
import socket
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent))

from servers import BENCH, PY, Server, start, stop, trooper_env

PROSE = (
    "the proxy falls back to the local model when the cloud returns a quota error and keeps "
    "session context so agent can continue its work def main(): return {'ok': True} 42 3.14 "
    "naïve café ünïcode 日本語 ✓"
)
WORDS = PROSE.split()
MB = 1_000_000


def _text(rng: random.Random, size: int) -> str:
    words: list[str] = []
    n = 0
    while n < size:
        word = rng.choice(WORDS)
        words.append(word)
        n += len(word) + 1
    return " ".join(words)


def conversation(total: int, per_message: int, seed: int = 1) -> list[dict[str, object]]:
    """Alternating user/assistant messages of about ``per_message`` characters, ``total`` in all,
    ending with a user turn."""
    rng = random.Random(seed)
    count = max(1, total // per_message) | 1  # odd: starts and ends with the user
    return [
        {"role": "user" if i % 2 == 0 else "assistant", "content": _text(rng, per_message)}
        for i in range(count)
    ]


def body(messages: list[dict[str, object]], **extra: object) -> bytes:
    return orjson.dumps(
        {"model": "claude-sonnet-4-6", "max_tokens": 256, "messages": messages, **extra}
    )


# --- the /health poller, in a process of its own --------------------------------------------


def _poller(port: int, poll_s: float, conn: Connection) -> None:
    """Polls until told to stop; sends back (start, latency) pairs, monotonic seconds."""
    sock = socket.create_connection(("127.0.0.1", port))
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    request = b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    samples: list[tuple[float, float]] = []
    conn.send("ready")
    while not conn.poll():
        t0 = time.monotonic()
        sock.sendall(request)
        _read_response(sock)
        t1 = time.monotonic()
        samples.append((t0, t1 - t0))
        left = poll_s - (time.monotonic() - t0)
        if left > 0:
            time.sleep(left)
    conn.recv()
    sock.close()
    conn.send(samples)


def _read_response(sock: socket.socket) -> None:
    data = b""
    while b"\r\n\r\n" not in data:
        data += sock.recv(65536)
    head, rest = data.split(b"\r\n\r\n", 1)
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    while len(rest) < length:
        rest += sock.recv(65536)


@dataclass(slots=True)
class Stalls:
    latencies_ms: list[float]

    @property
    def worst(self) -> float:
        return max(self.latencies_ms, default=0.0)

    @property
    def p99(self) -> float:
        data = sorted(self.latencies_ms)
        return data[min(len(data) - 1, int(len(data) * 0.99))] if data else 0.0


def measure(port: int, poll_s: float, action: Callable[[], None]) -> tuple[Stalls, float]:
    """/health latencies of polls started while ``action`` ran, and how long it took."""
    parent, child = mp.Pipe()
    proc = mp.get_context("spawn").Process(target=_poller, args=(port, poll_s, child))
    proc.start()
    try:
        parent.recv()
        time.sleep(0.05)
        began = time.monotonic()
        action()
        ended = time.monotonic()
        time.sleep(0.02)
        parent.send("stop")
        samples: list[tuple[float, float]] = parent.recv()
    finally:
        proc.join(10)
    during = [lat * 1000 for t0, lat in samples if began - 0.001 <= t0 <= ended]
    return Stalls(during), ended - began


# --- the requests ---------------------------------------------------------------------------


def post(
    port: int, path: str, payload: bytes, headers: dict[str, str] | None = None
) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request(
            "POST",
            path,
            payload,
            {"Content-Type": "application/json", "x-api-key": "sk-ant-bench", **(headers or {})},
        )
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def _checked(
    port: int, payload: bytes, headers: dict[str, str] | None = None
) -> Callable[[], None]:
    def send() -> None:
        status, answer = post(port, "/v1/messages", payload, headers)
        if status != 200:
            raise RuntimeError(f"status {status}: {answer[:300]!r}")

    return send


@dataclass(slots=True)
class Case:
    name: str
    store: str  # "sqlite" or "memory"
    action: Callable[[int], Callable[[], None]]
    setup: Callable[[int], None] | None = None


def _local(stream: bool) -> Callable[[int], Callable[[], None]]:
    payload = body(conversation(6 * MB, 4_000, seed=2), x_force_local=True, stream=stream)
    return lambda port: _checked(port, payload)


def _cloud() -> Callable[[int], Callable[[], None]]:
    payload = body(conversation(6 * MB, 4_000, seed=3))
    return lambda port: _checked(port, payload)


HISTORY = "bench-history"


def _history_setup(port: int) -> None:
    """The session's stored history: 8 MB, recorded by one request that sends it whole."""
    history = conversation(8 * MB, 25_000, seed=4)
    status, answer = post(port, "/v1/messages", body(history), {"X-Session-ID": HISTORY})
    if status != 200:
        raise RuntimeError(f"storing the history failed: {status} {answer[:300]!r}")


def _history_turn(port: int) -> Callable[[], None]:
    payload = body([{"role": "user", "content": "And what comes next?"}])
    return _checked(port, payload, {"X-Session-ID": HISTORY})


CASES = {
    "a": lambda: Case("a", "sqlite", _local(False)),
    "a-stream": lambda: Case("a-stream", "sqlite", _local(True)),
    "b-sqlite": lambda: Case("b-sqlite", "sqlite", _history_turn, _history_setup),
    "b-memory": lambda: Case("b-memory", "memory", _history_turn, _history_setup),
    "c": lambda: Case("c", "sqlite", _cloud()),
}


def _serve(store: str, port: int, fake_port: int, logs: Path, src: str, nice: int) -> Server:
    env = trooper_env(port, fake_port)
    env["PYTHONPATH"] = src
    if store == "memory":
        env["TROOPER_STORE"] = "memory"
    else:
        Path(env["TROOPER_STORE"]).unlink(missing_ok=True)
    argv = [PY, "-m", "trooper", "serve"]
    if nice:
        argv = ["nice", "-n", str(nice), *argv]
    return start(f"trooper-{store}", argv, port, logs, env=env)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--poll-ms", type=float, default=2.0)
    parser.add_argument("--cases", default=",".join(CASES))
    parser.add_argument("--port", type=int, default=9310)
    parser.add_argument("--src", action="append", default=[], help="another source tree")
    parser.add_argument("--nice", type=int, default=0, help="the servers' niceness")
    args = parser.parse_args()
    sources = [str(BENCH.parent / "src"), *args.src]
    logs = BENCH / "results" / "tmp" / "stalls"
    (BENCH / "results" / "tmp").mkdir(parents=True, exist_ok=True)
    fake_port, port = args.port, args.port + 1
    fake = start(
        "fake", [PY, str(BENCH / "fake_upstream.py"), "--port", str(fake_port)], fake_port, logs
    )
    names = [n for n in args.cases.split(",") if n]
    print(
        f"{'source':<28} {'case':<10} {'worst ms':>9} {'p99 ms':>8} {'median worst':>13} "
        f"{'request s':>10}"
    )
    try:
        for store in ("sqlite", "memory"):
            cases = [CASES[n]() for n in names if CASES[n]().store == store]
            for src in sources if cases else []:
                _run_cases(store, cases, src, args, port, fake_port, logs)
    finally:
        stop(fake)
    return 0


def _run_cases(
    store: str,
    cases: list[Case],
    src: str,
    args: argparse.Namespace,
    port: int,
    fake_port: int,
    logs: Path,
) -> None:
    poll_s = args.poll_ms / 1000
    label = src[-28:]
    server = _serve(store, port, fake_port, logs, src, args.nice)
    try:
        idle, _ = measure(port, poll_s, lambda: time.sleep(1.0))
        print(f"{label:<28} {'idle-' + store:<10} {idle.worst:9.1f} {idle.p99:8.1f}", flush=True)
        for case in cases:
            if case.setup is not None:
                case.setup(port)
            action = case.action(port)
            action()  # warm up: first-use costs are not stalls under load
            runs = [measure(port, poll_s, action) for _ in range(args.reps)]
            pooled = Stalls([x for s, _ in runs for x in s.latencies_ms])
            worst = statistics.median(s.worst for s, _ in runs)
            took = statistics.median(t for _, t in runs)
            print(
                f"{label:<28} {case.name:<10} {pooled.worst:9.1f} {pooled.p99:8.1f} "
                f"{worst:13.1f} {took:10.2f}",
                flush=True,
            )
    finally:
        stop(server)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    raise SystemExit(main())
