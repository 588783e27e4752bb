"""The app factory: owns every resource (HTTP client, session store, breakers, classifier,
health task) and closes them on shutdown.

    app = create_app(Settings.from_env())
    aiohttp.web.run_app(app, host="127.0.0.1", port=3000)
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING

import aiohttp
from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError

from trooper.providers.base import Provider
from trooper.providers.registry import build_providers
from trooper.providers.transport import Transport
from trooper.resilience.breaker import Breakers
from trooper.resilience.chain import Chain
from trooper.resilience.recovery import Recovery
from trooper.resilience.retry import RetryPolicy
from trooper.resilience.shared import SharedBreakers
from trooper.routing.planner import Planner
from trooper.server.gate import Gate
from trooper.server.metrics import Telemetry
from trooper.server.routes import setup_routes
from trooper.server.state import TROOPER, Trooper
from trooper.sessions import open_store
from trooper.sessions.guard import GuardedStore
from trooper.settings import Settings

if TYPE_CHECKING:
    from trooper.routing.classifier import Classifier

log = logging.getLogger("trooper")


class MalformedRequestFilter(logging.Filter):
    """aiohttp logs each malformed HTTP request at ERROR with a full traceback (a flood anyone
    can cause): log it as one line instead, without the request bytes (they may hold a key)."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if not isinstance(exc, HttpProcessingError):
            return True
        reason = (str(exc.message).splitlines() or [""])[0].rstrip(":") or f"HTTP {exc.code}"
        remote = record.args[0] if isinstance(record.args, tuple) and record.args else "?"
        # aiohttp already keeps a bad method on a fresh connection (port scans) at DEBUG.
        level = logging.DEBUG if record.levelno <= logging.DEBUG else logging.INFO
        log.log(level, "✗ malformed HTTP request from %s: %s", remote, reason)
        return False


_MALFORMED = MalformedRequestFilter()


def create_app(
    settings: Settings,
    *,
    clock: Callable[[], float] = time.monotonic,
    providers: list[Provider] | None = None,
) -> web.Application:
    """A ready-to-run aiohttp application; resources open on startup and close on cleanup."""
    server_log = logging.getLogger("aiohttp.server")
    if _MALFORMED not in server_log.filters:
        server_log.addFilter(_MALFORMED)

    limits = {
        "max_line_size": settings.max_header_bytes,
        "max_field_size": settings.max_header_bytes,
        # A client that hangs up cancels its handler, and with it the upstream call it waits
        # on (a whole answer, or a stream's first token): nobody pays for an unread answer.
        # Set here rather than on the runner so every way of serving the app gets it.
        "handler_cancellation": True,
    }
    app = web.Application(client_max_size=settings.max_body_bytes, handler_args=limits)
    setup_routes(app, cors=bool(settings.allowed_origins))

    async def lifecycle(app: web.Application) -> AsyncIterator[None]:
        telemetry = Telemetry()
        # First: a store that cannot be opened stops the start before anything needs closing.
        store = GuardedStore(
            open_store(settings.store, max_bytes=settings.memory_store_max_bytes),
            wait_s=settings.store_wait_s,
            on_error=telemetry.store_failed,
        )
        connector = aiohttp.TCPConnector(limit=0, ttl_dns_cache=300)
        # Timeouts are set per call (each provider has its own), not for the session.
        session = aiohttp.ClientSession(
            connector=connector, timeout=aiohttp.ClientTimeout(total=None)
        )
        known = providers if providers is not None else build_providers(settings)
        breakers = Breakers(
            settings.breaker_failures, settings.breaker_window_s, settings.breaker_cooldown_s, clock
        )
        classifier = None
        if settings.routing:
            from trooper.routing.classifier import Classifier

            # The gates that make decisions cheaper are built in a thread once the server
            # listens: half of the rules' compiling, off the start. (Decisions do not wait.)
            classifier = Classifier.from_file(
                settings.rules_file, settings.routing_level, gated=False
            )
        shared = SharedBreakers(store, breakers) if settings.store.startswith("redis") else None
        chain = Chain(
            Transport(session, settings),
            breakers,
            RetryPolicy(settings.retry_backoff_s, settings.retry_after_cap_s),
            shared=shared,
        )
        state = Trooper(
            settings=settings,
            providers=known,
            breakers=breakers,
            planner=Planner(known, classifier),
            chain=chain,
            store=store,
            gate=Gate.from_settings(
                bind=settings.bind, hosts=settings.allowed_hosts, origins=settings.allowed_origins
            ),
            telemetry=telemetry,
        )
        state.recovery = Recovery(session, known, breakers, settings.health_interval_s)
        app[TROOPER] = state
        task = asyncio.create_task(state.recovery.run()) if settings.auto_recovery else None
        gating = asyncio.create_task(_gate(classifier)) if classifier else None
        try:
            yield
        finally:
            if gating is not None:
                await gating  # a thread cannot be stopped; it ends within a second
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            await store.close()
            await session.close()

    app.cleanup_ctx.append(lifecycle)
    return app


async def _gate(classifier: Classifier) -> None:
    """Build the router's pattern gates in a thread. Should that fail, the router keeps
    deciding with its whole patterns (the same decisions, slower): one warning."""
    try:
        await asyncio.to_thread(classifier.gate)
    except Exception as exc:  # a bug in the gating must not stop the server
        log.warning(
            "⚠️ the router's pattern gates could not be built (%s): it decides without them", exc
        )
