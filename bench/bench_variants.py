"""What each default costs at 32 connections: Trooper with its defaults beside Trooper with one
setting changed, in interleaved wrk runs on one fake upstream.

Prints each variant's mean req/s and the server's median CPU time per request (user + system,
its threads included), the figure the loaded machine blurs least. Variants: ``default``,
``store=memory`` (TROOPER_STORE=memory), ``routing=off`` (TROOPER_ROUTING=off), ``both``.

Usage:
    python bench/bench_variants.py [--variants default,routing=off] [--rounds 3] [--seconds 4]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from cpu_rounds import cpu_rounds, print_runs  # noqa: E402
from phases import free_port  # noqa: E402
from servers import PY, Server, start, stop, trooper_env  # noqa: E402

VARIANTS: dict[str, dict[str, str]] = {
    "default": {},
    "store=memory": {"TROOPER_STORE": "memory"},
    "routing=off": {"TROOPER_ROUTING": "off"},
    "both": {"TROOPER_STORE": "memory", "TROOPER_ROUTING": "off"},
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--variants", default=",".join(VARIANTS))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=4.0)
    args = parser.parse_args(argv)
    names = args.variants.split(",")
    unknown = [n for n in names if n not in VARIANTS]
    if unknown:
        parser.error(f"unknown variants {unknown}: use {', '.join(VARIANTS)}")
    logs = Path(tempfile.mkdtemp(prefix="trooper-variants-"))
    port = free_port()
    fake = start("fake", [PY, str(BENCH / "fake_upstream.py"), "--port", str(port)], port, logs)
    servers: dict[str, Server] = {}
    try:
        for name in names:
            own = free_port()
            env = {**trooper_env(own, fake.port), **VARIANTS[name]}
            label = name.replace("=", "-")
            servers[name] = start(label, [PY, "-m", "trooper", "serve"], own, logs, env=env)
        runs = cpu_rounds(servers, args.rounds, args.seconds)
        print_runs("variant", runs)
    finally:
        for server in servers.values():
            stop(server)
        stop(fake)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
