"""The app factory: owns every resource (HTTP client, session store, breakers, classifier,
health task) and closes them on shutdown.

    app = create_app(Settings.from_env())
    aiohttp.web.run_app(app, host="127.0.0.1", port=3000)
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field

import aiohttp
from aiohttp import web

from trooper.providers.base import Provider
from trooper.providers.registry import build_providers
from trooper.providers.transport import Transport
from trooper.resilience.breaker import Breakers
from trooper.resilience.chain import Chain
from trooper.resilience.recovery import Recovery
from trooper.resilience.retry import RetryPolicy
from trooper.resilience.shared import SharedBreakers
from trooper.routing.planner import Planner
from trooper.server.metrics import Telemetry
from trooper.sessions import open_store
from trooper.sessions.store import SessionStore
from trooper.settings import Settings


@dataclass(slots=True)
class Trooper:
    """Everything a request handler needs, built once per app."""

    settings: Settings
    providers: list[Provider]
    breakers: Breakers
    planner: Planner
    chain: Chain
    store: SessionStore
    telemetry: Telemetry = field(default_factory=Telemetry)
    recovery: Recovery | None = None
    started: float = field(default_factory=time.time)
    streams: int = 0


TROOPER = web.AppKey("trooper", Trooper)


def create_app(
    settings: Settings,
    *,
    clock: Callable[[], float] = time.monotonic,
    providers: list[Provider] | None = None,
) -> web.Application:
    """A ready-to-run aiohttp application; resources open on startup and close on cleanup."""
    from trooper.server.routes import middlewares, setup_routes

    limits = {
        "max_line_size": settings.max_header_bytes,
        "max_field_size": settings.max_header_bytes,
    }
    app = web.Application(
        client_max_size=settings.max_body_bytes, middlewares=middlewares(), handler_args=limits
    )
    setup_routes(app)

    async def lifecycle(app: web.Application) -> AsyncIterator[None]:
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

            classifier = Classifier.from_file(settings.rules_file, settings.routing_level)
        store = open_store(settings.store)
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
        )
        state.recovery = Recovery(session, known, breakers, settings.health_interval_s)
        app[TROOPER] = state
        task = asyncio.create_task(state.recovery.run()) if settings.auto_recovery else None
        try:
            yield
        finally:
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            await store.close()
            await session.close()

    app.cleanup_ctx.append(lifecycle)
    return app
