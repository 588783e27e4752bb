"""What one routing decision costs inside a loaded server, beside its microbenchmark.

Starts the fake upstream and ``bench/trooper_variant.py --time-router`` (Trooper with its
defaults, each ``Classifier.classify`` call timed in the server), drives it with wrk at 1 and at 32
connections with the turn ``bench/run.py`` sends, and reads the server's mean time per decision
after each run. Beside it: the same turn decided in a loop in this process (warm caches), from
``bench/bench_classifier.py``. The ratio is what the microbenchmark misses: in a server the
router's compiled patterns and tables are no longer in the CPU's caches between decisions.

Usage:
    python bench/bench_router_loaded.py [--seconds S]
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent / "src"))

from bench_classifier import BENCH_TURN, per_request  # noqa: E402
from phases import free_port  # noqa: E402
from servers import PY, start, stop, trooper_env  # noqa: E402
from wrkrun import run_wrk  # noqa: E402

from trooper.model.conversation import ChatRequest, Message, TextPart  # noqa: E402
from trooper.routing.classifier import Classifier  # noqa: E402

REPORT = re.compile(r"router: (\d+) decisions, ([\d.]+) us each")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="each wrk run")
    args = parser.parse_args(argv)
    logs = Path(tempfile.mkdtemp(prefix="trooper-router-"))
    port = free_port()
    fake = start("fake", [PY, str(BENCH / "fake_upstream.py"), "--port", str(port)], port, logs)
    port = free_port()
    argv_ = [PY, str(BENCH / "trooper_variant.py"), "--time-router"]
    server = start("trooper", argv_, port, logs, env=trooper_env(port, fake.port))
    try:
        time.sleep(1.0)  # the pattern gates are built in a thread once the server listens
        url = f"{server.url}/v1/messages"
        run_wrk(url, connections=32, duration_s=1)  # warm-up
        os.kill(server.proc.pid, signal.SIGUSR1)
        rows = []
        for connections in (1, 32):
            result = run_wrk(url, connections=connections, duration_s=args.seconds)
            os.kill(server.proc.pid, signal.SIGUSR1)
            time.sleep(0.3)
            found = REPORT.findall(server.log.read_text(encoding="utf-8", errors="replace"))
            count, each = found[-1]
            rows.append(
                (f"in the server, wrk -c{connections}", float(each), int(count), result.rps)
            )
    finally:
        stop(server)
        stop(fake)
    turn = ChatRequest("m", [Message("user", [TextPart(BENCH_TURN)])])
    warm = per_request(Classifier.from_file(None), [turn], 2000)
    print(f"benchmark turn: {BENCH_TURN!r}")
    print("| where | µs per decision | decisions | req/s |")
    print("|---|---:|---:|---:|")
    for name, each, count, rps in rows:
        print(f"| {name} | {each:.1f} ({each / warm:.1f}x warm) | {count:,} | {rps:,.0f} |")
    print(f"| this process, warm caches | {warm:.1f} | | |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
