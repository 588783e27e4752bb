"""``trooper serve`` with one change that the report weighs, applied from outside src/:

    python bench/trooper_variant.py --log-off     # log level WARNING: no per-request INFO line
    python bench/trooper_variant.py --gc-tuned    # gc.freeze() after start, gen0 threshold 10,000

Same environment as ``python -m trooper serve``. Trooper has no setting for either, so this wraps
the CLI: ``--log-off`` raises the level ``setup_logging`` installs; ``--gc-tuned`` moves every
object alive after start-up out of the collector's reach (``gc.freeze()``) and collects the young
generation every 10,000 net allocations instead of 700, so the objects of the requests in flight
no longer trigger collections that find nothing to free.
"""

from __future__ import annotations

import argparse
import gc
import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from aiohttp import web

import trooper.logs
import trooper.server.app
from trooper.cli import main
from trooper.settings import Settings

GEN0_THRESHOLD = 10_000


def log_off() -> None:
    setup = trooper.logs.setup_logging

    def quiet(fmt: str = "text", level: int = logging.INFO) -> None:
        setup(fmt, logging.WARNING)

    trooper.logs.setup_logging = quiet


def gc_tuned() -> None:
    create = trooper.server.app.create_app

    def create_app(settings: Settings, **kwargs: object) -> web.Application:
        app = create(settings, **kwargs)  # type: ignore[arg-type]

        async def freeze(app: web.Application) -> None:
            gc.collect()
            gc.freeze()

        app.on_startup.append(freeze)
        return app

    trooper.server.app.create_app = create_app
    gc.set_threshold(GEN0_THRESHOLD, 10, 10)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--log-off", action="store_true")
    parser.add_argument("--gc-tuned", action="store_true")
    args = parser.parse_args()
    if args.log_off:
        log_off()
    if args.gc_tuned:
        gc_tuned()
    raise SystemExit(main(["serve"]))
