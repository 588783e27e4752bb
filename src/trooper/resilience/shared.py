"""Breaker state shared between Trooper instances through the session store (Redis).

Each instance keeps its own breakers (no round trip on the hot path); when one opens, the
instance publishes until when it stays open, and before calling a provider an instance looks at
what the others published, at most once per ``refresh_s`` per provider. Times cross instances as
wall-clock deadlines, so each instance's own monotonic clock stays its own.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from trooper.resilience.breaker import Breakers
from trooper.sessions.store import SessionStore

PREFIX = "breaker:"


class SharedBreakers:
    def __init__(
        self,
        store: SessionStore,
        breakers: Breakers,
        refresh_s: float = 1.0,
        wall: Callable[[], float] = time.time,
    ) -> None:
        self.store = store
        self.breakers = breakers
        self.refresh_s = refresh_s
        self.wall = wall
        self._checked: dict[str, float] = {}

    async def pull(self, provider: str, model: str) -> None:
        """Open the local breaker if another instance has it open."""
        key = f"{provider}/{model}"
        now = self.wall()
        if now - self._checked.get(key, float("-inf")) < self.refresh_s:
            return
        self._checked[key] = now
        value = await self.store.breaker_get(PREFIX + key)
        if not value:
            return
        try:
            until, reason = value.decode().split(" ", 1)
            remaining = float(until) - now
        except ValueError:
            return
        breaker = self.breakers.get(provider, model)
        if remaining > 0 and breaker.state == "closed":
            breaker.open_for(remaining, reason or None)

    async def push(self, provider: str, model: str) -> None:
        """Publish the local breaker's opening, if it is open."""
        breaker = self.breakers.get(provider, model)
        remaining = breaker.remaining()
        if breaker.state != "open" or remaining <= 0:
            return
        value = f"{self.wall() + remaining} {breaker.tripped_by or ''}".encode()
        await self.store.breaker_put(PREFIX + f"{provider}/{model}", value, remaining)
