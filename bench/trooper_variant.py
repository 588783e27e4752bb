"""``trooper serve`` with one change applied from outside src/, to weigh a part of it:

    python bench/trooper_variant.py --log-off       # its log level at WARNING
    python bench/trooper_variant.py --time-router   # each routing decision timed (see below)

Same environment as ``python -m trooper serve``. Trooper has no log-level setting, so this wraps
the CLI and raises the level ``setup_logging`` installs; nothing else changes. Another what-if can
be added here as another flag: a change weighed from outside src/, in the same run as Trooper.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import trooper.logs
from trooper.cli import main


def log_off() -> None:
    setup = trooper.logs.setup_logging

    def quiet(fmt: str = "text", level: int = logging.INFO) -> None:
        setup(fmt, logging.WARNING)

    trooper.logs.setup_logging = quiet


def time_router() -> None:
    """Time every ``Classifier.classify`` call in the server, as it runs under load; on SIGUSR1
    print ``router: N decisions, M us each`` to stderr and start counting afresh."""
    from trooper.routing.classifier import Classifier

    decide = Classifier.classify
    total = [0, 0]

    def timed(self: Classifier, req: Any) -> Any:
        started = time.perf_counter_ns()
        try:
            return decide(self, req)
        finally:
            total[0] += time.perf_counter_ns() - started
            total[1] += 1

    def report(*_: object) -> None:
        each = total[0] / total[1] / 1000 if total[1] else 0.0
        print(f"router: {total[1]} decisions, {each:.1f} us each", file=sys.stderr, flush=True)
        total[0] = total[1] = 0

    Classifier.classify = timed  # type: ignore[method-assign]
    signal.signal(signal.SIGUSR1, report)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--log-off", action="store_true")
    parser.add_argument("--time-router", action="store_true")
    args = parser.parse_args()
    if args.log_off:
        log_off()
    if args.time_router:
        time_router()
    raise SystemExit(main(["serve"]))
