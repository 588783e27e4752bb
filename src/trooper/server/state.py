"""The state every handler reads: one :class:`Trooper` per app, under the :data:`TROOPER` key.

:mod:`trooper.server.app` builds it on startup; the handlers (:mod:`~trooper.server.routes`,
:mod:`~trooper.server.chat`, :mod:`~trooper.server.status`, :mod:`~trooper.server.views`) read it
with ``request.app[TROOPER]``. It lives apart from the app factory so that the arrows run one
way: app -> routes -> chat -> state.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from aiohttp import web

from trooper.providers.base import Provider
from trooper.resilience.breaker import Breakers
from trooper.resilience.chain import Chain
from trooper.resilience.recovery import Recovery
from trooper.routing.planner import Planner
from trooper.server.gate import Gate
from trooper.server.metrics import Telemetry
from trooper.sessions.guard import GuardedStore
from trooper.settings import Settings


@dataclass(slots=True)
class Trooper:
    """Everything a request handler needs, built once per app."""

    settings: Settings
    providers: list[Provider]
    breakers: Breakers
    planner: Planner
    chain: Chain
    store: GuardedStore
    gate: Gate
    telemetry: Telemetry = field(default_factory=Telemetry)
    recovery: Recovery | None = None
    started: float = field(default_factory=time.time)
    streams: int = 0


TROOPER = web.AppKey("trooper", Trooper)
