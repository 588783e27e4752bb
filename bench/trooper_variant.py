"""``trooper serve`` with its log level at WARNING, to weigh what its log lines cost:

    python bench/trooper_variant.py --log-off

Same environment as ``python -m trooper serve``. Trooper has no log-level setting, so this wraps
the CLI and raises the level ``setup_logging`` installs; nothing else changes. Another what-if can
be added here as another flag: a change weighed from outside src/, in the same run as Trooper.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import trooper.logs
from trooper.cli import main


def log_off() -> None:
    setup = trooper.logs.setup_logging

    def quiet(fmt: str = "text", level: int = logging.INFO) -> None:
        setup(fmt, logging.WARNING)

    trooper.logs.setup_logging = quiet


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--log-off", action="store_true")
    args = parser.parse_args()
    if args.log_off:
        log_off()
    raise SystemExit(main(["serve"]))
