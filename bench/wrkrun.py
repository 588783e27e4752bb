"""Running wrk (the system package) and reading its report.

result = run_wrk("http://127.0.0.1:9300/v1/messages", connections=32, duration_s=5)
result.rps, result.p50_ms, result.errors
"""

from __future__ import annotations

import re
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

LUA = Path(__file__).resolve().parent / "lua"
POST = LUA / "post.lua"
SESSIONS = LUA / "sessions.lua"

_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3}
_PERCENTILE = re.compile(r"^\s+(50|75|90|99)%\s+([\d.]+)(us|ms|s|m)\s*$", re.M)


@dataclass(slots=True)
class WrkResult:
    connections: int
    rps: float
    requests: int
    p50_ms: float
    p90_ms: float
    p99_ms: float
    errors: int  # socket errors + non-2xx answers


def run_wrk(
    url: str,
    *,
    connections: int,
    duration_s: float,
    threads: int = 1,
    script: Path = POST,
    timeout_s: float = 10.0,
) -> WrkResult:
    """One wrk run with latency percentiles."""
    argv = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration_s:g}s",
        f"--timeout={timeout_s:g}s",
        "--latency",
        "-s",
        str(script),
        url,
    ]
    out = subprocess.run(argv, capture_output=True, text=True, check=True).stdout
    return parse(out, connections)


def parse(out: str, connections: int) -> WrkResult:
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    total = re.search(r"(\d+) requests in", out)
    if rps is None or total is None:
        raise RuntimeError(f"unreadable wrk output:\n{out}")
    percentiles = {int(q): float(v) * _UNITS[u] for q, v, u in _PERCENTILE.findall(out)}
    errors = 0
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non_2xx:
        errors += int(non_2xx.group(1))
    return WrkResult(
        connections=connections,
        rps=float(rps.group(1)),
        requests=int(total.group(1)),
        p50_ms=percentiles.get(50, float("nan")),
        p90_ms=percentiles.get(90, float("nan")),
        p99_ms=percentiles.get(99, float("nan")),
        errors=errors,
    )


@dataclass(slots=True)
class SessionRun:
    answered: int
    failed: int
    seconds: float

    @property
    def rps(self) -> float:
        return self.answered / self.seconds if self.seconds else 0.0


def run_sessions(
    url: str, *, requests: int, sessions: int, connections: int = 32, limit_s: float = 600.0
) -> SessionRun:
    """Exactly ``requests`` answers over ``sessions`` rotating ``X-Session-ID`` values."""
    argv = [
        "wrk",
        "-t1",
        f"-c{connections}",
        f"-d{limit_s:g}s",
        "--timeout=10s",
        "-s",
        str(SESSIONS),
        url,
        "--",
        str(requests),
        str(sessions),
    ]
    started = time.monotonic()
    out = subprocess.run(argv, capture_output=True, text=True, check=True).stdout
    seconds = time.monotonic() - started
    done = re.search(r"answered (\d+) failed (\d+)", out)
    if done is None:
        raise RuntimeError(f"wrk did not reach {requests} answers:\n{out}")
    return SessionRun(int(done.group(1)), int(done.group(2)), seconds)
