"""The session store as the server uses it: failing open, so no store failure breaks an answer.

Every back-end is wrapped in a :class:`GuardedStore`. Whatever the store does (a SQLite file
locked by another process, a full disk, a corrupt row, Redis gone), the request path carries on:
``get`` answers None (the request is served without stored history), ``record`` answers the
session built from what it was given, and an answer waits at most ``wait_s`` for its turn to be
recorded before it is sent anyway (the write goes on in the background). Each failure is counted
(``/metrics``), kept for the status page, and logged once per outage, not once per request.

The read-only views want the truth instead: :meth:`GuardedStore.read` and :meth:`GuardedStore.list`
raise :class:`StoreUnavailable` (503 in the client's dialect) rather than claim a session is
missing.

    >>> import asyncio
    >>> from trooper.sessions.memory import MemoryStore
    >>> store = GuardedStore(MemoryStore())
    >>> asyncio.run(store.get("nope")) is None
    True
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from trooper.errors import TrooperError
from trooper.model.conversation import Message
from trooper.sessions.store import (
    LOGGER_NAME,
    Session,
    SessionStore,
    SessionSummary,
    Turn,
    fallback_session,
)

log = logging.getLogger(LOGGER_NAME)

_T = TypeVar("_T")
_Summaries = list[SessionSummary]  # ``list`` inside the class body names the ``list`` method

DEFAULT_WAIT_S = 5.0


class StoreUnavailable(TrooperError):
    """The session store failed; the views say so instead of answering as if it were empty."""

    status = 503


@dataclass(slots=True)
class StoreHealth:
    """What the status page shows about the store."""

    errors: int = 0
    failing: bool = False
    failing_op: str | None = None  # only this operation succeeding again ends the outage
    last_error: str | None = None
    last_error_ts: float | None = None


class GuardedStore:
    """A :class:`SessionStore` that never raises on the request path; see the module docstring.
    ``on_error(op)`` is called once per failed operation (the metrics counter)."""

    def __init__(
        self,
        inner: SessionStore,
        *,
        wait_s: float = DEFAULT_WAIT_S,
        on_error: Callable[[str], None] | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.inner = inner
        self.health = StoreHealth()
        self._wait_s = wait_s
        self._on_error = on_error
        self._clock = clock
        self._late: set[asyncio.Task[Session]] = set()
        if hasattr(inner, "on_error"):  # a store that fails open by itself (Redis) reports here
            inner.on_error = self.note_failure

    async def get(
        self, session_id: str, *, turns: bool = True, history: bool = True
    ) -> Session | None:
        call = self.inner.get(session_id, turns=turns, history=history)
        return await self._guard("get", call, None)

    async def read(self, session_id: str) -> Session | None:
        """As :meth:`get`, but a failing store raises :class:`StoreUnavailable`."""
        return await self._strict("get", self.inner.get(session_id))

    async def record(
        self,
        session_id: str,
        *,
        auto: bool,
        turn: Turn,
        messages: list[Message],
        append: bool = False,
    ) -> Session:
        before = self.health.errors
        work = asyncio.ensure_future(
            self.inner.record(session_id, auto=auto, turn=turn, messages=messages, append=append)
        )
        try:
            # Shielded: a client that leaves, or an answer that stops waiting, does not cancel
            # the write of a turn that was served.
            session = await asyncio.wait_for(asyncio.shield(work), self._wait_s)
        except TimeoutError:
            self._late.add(work)
            work.add_done_callback(self._finished_late)
            self._failed("record", f"no answer within {self._wait_s:g} s")
        except Exception as exc:
            self._failed("record", exc)
        else:
            self._recovered("record", before)
            return session
        return fallback_session(
            session_id, auto=auto, turn=turn, messages=messages, now=self._clock()
        )

    async def list(self, limit: int = 100) -> _Summaries:
        """Live sessions; a failing store raises :class:`StoreUnavailable`."""
        return await self._strict("list", self.inner.list(limit))

    async def breaker_get(self, key: str) -> bytes | None:
        return await self._guard("breaker_get", self.inner.breaker_get(key), None)

    async def breaker_put(self, key: str, value: bytes, ttl_s: float) -> None:
        await self._guard("breaker_put", self.inner.breaker_put(key, value, ttl_s), None)

    async def close(self) -> None:
        if self._late:
            await asyncio.wait(self._late, timeout=self._wait_s)
        try:
            await self.inner.close()
        except Exception as exc:
            log.warning("session store: closing failed: %s", exc)

    async def _guard(self, op: str, call: Awaitable[_T], default: _T) -> _T:
        before = self.health.errors
        try:
            result = await call
        except Exception as exc:
            self._failed(op, exc)
            return default
        self._recovered(op, before)
        return result

    async def _strict(self, op: str, call: Awaitable[_T]) -> _T:
        before = self.health.errors
        try:
            result = await call
        except Exception as exc:
            self._failed(op, exc)
            raise StoreUnavailable(
                f"The session store is not answering ({self.health.last_error}); the status "
                "page and the log say more."
            ) from None
        self._recovered(op, before)
        return result

    def note_failure(self, op: str, error: str) -> None:
        """A failure the inner store absorbed itself (it answered its fail-open default)."""
        self._failed(op, error)

    def _finished_late(self, work: asyncio.Task[Session]) -> None:
        self._late.discard(work)
        if work.cancelled():
            return
        exc = work.exception()
        if exc is not None:
            self._failed("record", exc)

    def _failed(self, op: str, exc: BaseException | str) -> None:
        health = self.health
        health.errors += 1
        health.last_error = str(exc) or type(exc).__name__
        health.last_error_ts = self._clock()
        if self._on_error is not None:
            self._on_error(op)
        if not health.failing:
            health.failing = True
            health.failing_op = op
            log.warning("session store: %s failed, answering without it: %s", op, health.last_error)

    def _recovered(self, op: str, errors_before: int) -> None:
        """``op`` succeeded (unless the inner store noted a failure meanwhile, see Redis)."""
        if self.health.errors != errors_before or getattr(self.inner, "down", False):
            return
        if self.health.failing and op == self.health.failing_op:
            self.health.failing = False
            log.info("session store: working again")
