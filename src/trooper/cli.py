"""The ``trooper`` command.

trooper serve          run the proxy in the foreground (settings from the environment)
trooper demo           play the scripted story with simulated providers, no keys needed
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import sys

from trooper.settings import Settings, SettingsError

log = logging.getLogger("trooper")

GC_GEN0_THRESHOLD = 10_000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="trooper", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the proxy in the foreground")
    serve.add_argument("--port", type=int, help="overrides TROOPER_PORT")
    serve.add_argument("--bind", help="overrides TROOPER_BIND")
    demo = commands.add_parser("demo", help="play the scripted story, no keys needed")
    demo.add_argument("--live", action="store_true", help="use real keys and a real Ollama")
    args = parser.parse_args(argv)
    try:
        settings = Settings.from_env()
    except SettingsError as err:
        print(f"trooper: {err}", file=sys.stderr)
        return 2
    if args.command == "serve":
        return serve_forever(settings, args.port, args.bind)
    from trooper.demo import run_demo

    return asyncio.run(run_demo(settings, live=args.live))


def serve_forever(settings: Settings, port: int | None, bind: str | None) -> int:
    from dataclasses import replace

    from aiohttp import web

    from trooper.logs import setup_logging
    from trooper.server.app import create_app
    from trooper.sessions.store import StoreError

    if port is not None and not 1 <= port <= 65535:
        print(f"trooper: --port must be between 1 and 65535, got {port}", file=sys.stderr)
        return 2
    if port is not None or bind is not None:
        settings = replace(settings, port=port or settings.port, bind=bind or settings.bind)
        try:
            settings.check_exposure()
        except SettingsError as err:
            print(f"trooper: {err}", file=sys.stderr)
            return 2
    problem = preflight(settings)
    if problem is not None:
        print(f"trooper: {problem}", file=sys.stderr)
        return 2
    setup_logging(settings.log_format)
    _use_uvloop()
    chain = [
        n
        for n, k in (
            ("claude", settings.claude_api_key),
            ("gemini", settings.gemini_api_key),
            ("openai", settings.openai_api_key),
        )
        if k
    ]
    log.info(
        "🪖 Trooper on http://%s:%d — chain: %s",
        settings.bind,
        settings.port,
        " → ".join([*chain, "ollama"]),
    )
    app = create_app(settings)
    app.on_startup.append(_freeze_startup_objects)
    # A request allocates many short-lived objects; collecting the young generation every 700
    # allocations (the default) cost a measured 10-15 % of throughput. See bench/results.
    gc.set_threshold(GC_GEN0_THRESHOLD, 10, 10)
    try:
        web.run_app(
            app,
            host=settings.bind,
            port=settings.port,
            print=None,
            access_log=None,
            backlog=1024,  # many clients connecting at once are queued, not dropped
            handle_signals=True,
        )
    except StoreError as err:
        print(f"trooper: {err}", file=sys.stderr)
        return 2
    except OSError as err:
        print(f"trooper: cannot listen on {settings.bind}:{settings.port}: {err}", file=sys.stderr)
        return 1
    return 0


def preflight(settings: Settings) -> str | None:
    """What would otherwise fail once the server starts, as one actionable line (or None): the
    routing rules file and the SQLite store are opened once here, before anything listens."""
    if settings.routing and settings.rules_file is not None:
        from trooper.routing.classifier import Classifier
        from trooper.routing.rules import RulesError

        try:
            Classifier.from_file(settings.rules_file)
        except RulesError as err:
            return f"TROOPER_RULES_FILE cannot be used: {err}"
    if settings.store == "memory" or "://" in settings.store:
        return None
    import sqlite3

    from trooper.sessions import open_store
    from trooper.sessions.store import StoreError

    try:
        store = open_store(settings.store)
    except (OSError, sqlite3.Error, StoreError) as err:
        reason = err.strerror if isinstance(err, OSError) and err.strerror else str(err)
        return (
            f"cannot open the session store TROOPER_STORE={settings.store}: {reason}. "
            "Give a file path in a writable directory, or TROOPER_STORE=memory"
        )
    asyncio.run(store.close())
    return None


async def _freeze_startup_objects(app: object) -> None:
    """Everything alive once started lives as long as the process: keep the collector off it."""
    gc.collect()
    gc.freeze()


def _use_uvloop() -> None:
    try:
        import uvloop
    except ImportError:  # pragma: no cover - Windows
        return
    asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
