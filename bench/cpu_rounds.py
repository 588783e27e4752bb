"""Servers run against each other at 32 connections in interleaved wrk rounds, each weighed by
its mean req/s and the median CPU time its process spent per request (user + system): the
figure a shared machine blurs least. Used by ``bench_variants.py`` and ``bench_trees.py``."""

from __future__ import annotations

import statistics
import time

from servers import Server, cpu_seconds
from wrkrun import run_wrk

#: name -> each round's (req/s, CPU µs per request)
Runs = dict[str, list[tuple[float, float]]]


def cpu_rounds(servers: dict[str, Server], rounds: int, seconds: float) -> Runs:
    """Warm every server up, then run them in turn, the order rotated each round."""
    time.sleep(1.0)  # the router's gates are built in a thread once a server listens
    for server in servers.values():
        run_wrk(f"{server.url}/v1/messages", connections=32, duration_s=1)  # warm-up
    names = list(servers)
    runs: Runs = {n: [] for n in names}
    for round_ in range(rounds):
        for name in names[round_ % len(names) :] + names[: round_ % len(names)]:
            server = servers[name]
            before = cpu_seconds(server.proc.pid)
            result = run_wrk(f"{server.url}/v1/messages", connections=32, duration_s=seconds)
            cpu = (cpu_seconds(server.proc.pid) - before) / max(1, result.requests) * 1e6
            runs[name].append((result.rps, cpu))
    return runs


def print_runs(label: str, runs: Runs) -> None:
    """A Markdown table: each server's mean req/s, median CPU µs a request, and each run's."""
    print(f"| {label} | req/s | CPU µs/request (median) | each run's CPU µs |")
    print("|---|---:|---:|---|")
    for name, measured in runs.items():
        rps = statistics.mean(r for r, _ in measured)
        cpu = statistics.median(c for _, c in measured)
        each = " / ".join(f"{c:.0f}" for _, c in measured)
        print(f"| {name} | {rps:,.0f} | {cpu:.0f} | {each} |")
