"""Two source trees of Trooper in their default configuration, and the bare pass-through, in
interleaved wrk runs at 32 connections on one fake upstream: the A/B a change to src/ is weighed
with, since only ratios measured in the same run survive a shared machine.

Prints each target's mean req/s and its server's median CPU time per request (user + system).

Usage:
    python bench/bench_trees.py --base /tmp/base/src [--tree src] [--rounds 5] [--seconds 4]

``--base`` is a tree's ``src`` folder (e.g. ``git archive <commit> src`` extracted somewhere);
``--tree`` defaults to this checkout's ``src``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from cpu_rounds import cpu_rounds, print_runs  # noqa: E402
from phases import free_port  # noqa: E402
from servers import PY, ROOT, Server, start, stop, trooper_env  # noqa: E402

PASS = "passthrough"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--base", type=Path, required=True)
    parser.add_argument("--tree", type=Path, default=ROOT / "src")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--no-passthrough", action="store_true")
    args = parser.parse_args(argv)
    logs = Path(tempfile.mkdtemp(prefix="trooper-trees-"))
    port = free_port()
    fake = start("fake", [PY, str(BENCH / "fake_upstream.py"), "--port", str(port)], port, logs)
    servers: dict[str, Server] = {}
    try:
        for name, src in (("base", args.base), ("tree", args.tree)):
            own = free_port()
            env = {**trooper_env(own, fake.port), "PYTHONPATH": str(src.resolve())}
            servers[name] = start(name, [PY, "-m", "trooper", "serve"], own, logs, env=env)
        if not args.no_passthrough:
            own = free_port()
            up = fake.url
            servers[PASS] = start(
                PASS,
                [PY, str(BENCH / "passthrough.py"), "--port", str(own), "--upstream", up],
                own,
                logs,
            )
        runs = cpu_rounds(servers, args.rounds, args.seconds)
        print_runs("target", runs)
        if PASS in runs:
            pass_rps = statistics.mean(r for r, _ in runs[PASS])
            for name in ("base", "tree"):
                ratio = statistics.mean(r for r, _ in runs[name]) / pass_rps
                print(f"{name} / passthrough req/s: {ratio:.2f}")
    finally:
        for server in servers.values():
            stop(server)
        stop(fake)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
