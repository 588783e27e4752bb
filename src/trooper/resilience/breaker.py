"""The circuit breaker: a small state machine per provider and model, with an injected clock.

closed --(N failures within the window, or a tripping error)--> open
open --(cooldown passed, a request comes to try it)--> half-open: that request is the probe
half-open --(probe succeeds)--> closed
half-open --(probe fails)--> open again
half-open --(probe ends with no verdict: not tried, cancelled, a client error)--> half-open,
             with the probe slot free for the next request

A request asks :meth:`Breaker.admit` only when it is about to try the provider, and gives the
:class:`Permit` back with :meth:`Breaker.release` however its attempt ended (``success()`` and
``failure()`` give the verdict; ``release`` frees a probe slot that got none). So a probe slot
cannot leak, and a provider is never skipped for longer than its cooldown.

>>> now = [0.0]
>>> b = Breaker(failures=3, window_s=60, cooldown_s=60, clock=lambda: now[0])
>>> for _ in range(3): b.failure()
>>> b.state, b.admit()
('open', None)
>>> now[0] = 61; probe = b.admit(); b.state, probe.probe, b.admit()
('half_open', True, None)
>>> b.release(probe); b.admit() is not None
True
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

State = Literal["closed", "open", "half_open"]


@dataclass(frozen=True, slots=True)
class Permit:
    """Leave to send one request; ``probe`` when it holds the half-open breaker's one slot."""

    probe: bool = False
    epoch: int = 0


_PASS = Permit()


class Breaker:
    __slots__ = (
        "_clock",
        "_epoch",
        "_failures",
        "_probe_out",
        "cooldown_s",
        "last_error",
        "limit",
        "opened_at",
        "state",
        "tripped_by",
        "window_s",
    )

    def __init__(
        self, failures: int, window_s: float, cooldown_s: float, clock: Callable[[], float]
    ) -> None:
        self.limit = failures
        self.window_s = window_s
        self.cooldown_s = cooldown_s
        self._clock = clock
        self._failures: deque[float] = deque()
        self._probe_out = False
        self._epoch = 0
        self.state: State = "closed"
        self.opened_at = 0.0
        self.last_error: str | None = None
        self.tripped_by: str | None = None

    def admit(self) -> Permit | None:
        """Leave to send a request now, or None (skip the provider). In half-open state only
        one probe is out at a time; the caller gives the permit back with :meth:`release`."""
        if self.state == "closed":
            return _PASS
        if self.state == "open":
            if self._clock() - self.opened_at < self.cooldown_s:
                return None
            self.state = "half_open"
            self._probe_out = False
        if self._probe_out:
            return None
        self._probe_out = True
        self._epoch += 1
        return Permit(probe=True, epoch=self._epoch)

    def release(self, permit: Permit) -> None:
        """The attempt under ``permit`` is over. A probe that got no verdict (``success`` or
        ``failure``) frees its slot, so the next request probes instead of skipping forever."""
        if permit.probe and self.state == "half_open" and permit.epoch == self._epoch:
            self._probe_out = False

    def success(self) -> None:
        self.state = "closed"
        self._failures.clear()
        self._probe_out = False

    def failure(self, *, trip: bool = False, reason: str | None = None) -> None:
        """Count a failure; ``trip`` opens at once (a spent quota will not return in seconds)."""
        now = self._clock()
        self.last_error = reason or self.last_error
        if self.state == "half_open" or trip:
            self._open(now)
            self.tripped_by = reason if trip else None
            return
        self._failures.append(now)
        while self._failures and now - self._failures[0] > self.window_s:
            self._failures.popleft()
        if len(self._failures) >= self.limit:
            self._open(now)
            self.tripped_by = None

    def remaining(self) -> float:
        """Seconds until an open breaker lets a probe through."""
        return max(0.0, self.cooldown_s - (self._clock() - self.opened_at))

    def open_for(self, seconds: float, reason: str | None = None) -> None:
        """Open as another instance reported: closed for the next ``seconds``."""
        self._open(self._clock() - max(0.0, self.cooldown_s - seconds))
        self.tripped_by = reason

    def why_open(self) -> str:
        """The reason shown when the breaker skips a provider."""
        if self.tripped_by:
            return self.tripped_by
        return f"{max(len(self._failures), self.limit)} fails in last {self.window_s:g}s"

    def reset(self) -> None:
        """Close the breaker: the provider answered a health check."""
        self.success()

    def _open(self, now: float) -> None:
        self.state = "open"
        self.opened_at = now
        self._probe_out = False


#: Breakers kept at most: model names are chosen by clients, so their number has no bound.
MAX_BREAKERS = 256


class Breakers:
    """One breaker per provider and model, created on first use; at most ``max_breakers``
    (beyond, the oldest breaker with nothing to remember goes first: closed, no recent failure)."""

    def __init__(
        self,
        failures: int,
        window_s: float,
        cooldown_s: float,
        clock: Callable[[], float],
        max_breakers: int = MAX_BREAKERS,
    ) -> None:
        self._args = (failures, window_s, cooldown_s, clock)
        self._by_key: dict[str, Breaker] = {}
        self._max = max_breakers

    def get(self, provider: str, model: str) -> Breaker:
        key = f"{provider}/{model}"
        breaker = self._by_key.get(key)
        if breaker is None:
            if len(self._by_key) >= self._max:
                self._forget_one()
            breaker = self._by_key[key] = Breaker(*self._args)
        return breaker

    def _forget_one(self) -> None:
        idle = (k for k, b in self._by_key.items() if b.state == "closed" and not b._failures)
        del self._by_key[next(idle, None) or next(iter(self._by_key))]

    def items(self) -> list[tuple[str, Breaker]]:
        return sorted(self._by_key.items())

    def reset_provider(self, provider: str) -> None:
        for key, breaker in self._by_key.items():
            if key.startswith(f"{provider}/"):
                breaker.reset()
