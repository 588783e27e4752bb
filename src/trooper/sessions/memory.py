"""An in-process session store: fast, bounded, gone on restart.

Sessions live in an LRU map capped at ``max_sessions`` (the least recently used one is dropped
first), so memory stays bounded under any load. The message history is kept encoded, which both
measures honestly what a session holds and keeps callers from mutating stored state through the
objects they are handed.

    >>> import asyncio
    >>> from trooper.sessions.store import Turn
    >>> store = MemoryStore()
    >>> turn = Turn(0.0, "ollama", "llama3", "local", None, 10, 5, 10, True)
    >>> asyncio.run(store.record("s1", auto=True, turn=turn, messages=[])).tokens_saved
    10
"""

from __future__ import annotations

import heapq
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from trooper.model.conversation import Message
from trooper.sessions.codec import decode_messages, encode_messages
from trooper.sessions.store import (
    DEFAULT_AUTO_TTL_S,
    DEFAULT_MAX_SESSIONS,
    DEFAULT_MAX_TURNS,
    DEFAULT_TTL_S,
    Limits,
    Session,
    SessionSummary,
    Turn,
    apply_record,
)

_PURGE_EVERY_S = 60.0


@dataclass(slots=True)
class _Entry:
    session: Session  # ``messages`` is always empty here: the history lives in ``blob``
    blob: bytes
    turn_count: int
    expires: float


class MemoryStore:
    """Sessions in a dict; see the module docstring. Not shared between processes."""

    def __init__(
        self,
        *,
        ttl_s: float = DEFAULT_TTL_S,
        auto_ttl_s: float = DEFAULT_AUTO_TTL_S,
        max_turns: int = DEFAULT_MAX_TURNS,
        max_sessions: int = DEFAULT_MAX_SESSIONS,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if max_sessions < 1:
            raise ValueError("max_sessions must be at least 1")
        self._limits = Limits(ttl_s, auto_ttl_s, max_turns)
        self._max_sessions = max_sessions
        self._clock = clock
        self._sessions: OrderedDict[str, _Entry] = OrderedDict()
        self._breakers: dict[str, tuple[bytes, float]] = {}
        self._next_purge = clock() + _PURGE_EVERY_S

    async def get(self, session_id: str) -> Session | None:
        entry = self._live(session_id, self._clock())
        if entry is None:
            return None
        self._sessions.move_to_end(session_id)
        return _materialize(entry)

    async def record(
        self, session_id: str, *, auto: bool, turn: Turn, messages: list[Message]
    ) -> Session:
        # No await between read and write: each record is atomic on the event loop.
        now = self._clock()
        entry = self._live(session_id, now)
        base = _materialize(entry, with_messages=False) if entry else None
        session = apply_record(
            base,
            session_id,
            auto=auto,
            turn=turn,
            messages=[],
            now=now,
            max_turns=self._limits.max_turns,
        )
        count = (entry.turn_count if entry else 0) + 1
        expires = now + self._limits.ttl(session.auto)
        # An exact-size copy: orjson's output keeps a larger allocation behind short documents.
        blob = bytes(memoryview(encode_messages(messages)))
        self._sessions[session_id] = _Entry(session, blob, count, expires)
        self._sessions.move_to_end(session_id)
        self._evict(now)
        result = _materialize(self._sessions[session_id], with_messages=False)
        result.messages = messages
        return result

    async def list(self, limit: int = 100) -> list[SessionSummary]:
        now = self._clock()
        live = (e for e in self._sessions.values() if e.expires > now)
        newest = heapq.nlargest(max(limit, 0), live, key=lambda e: e.session.updated)
        return [_summary(e) for e in newest]

    async def breaker_get(self, key: str) -> bytes | None:
        item = self._breakers.get(key)
        if item is None:
            return None
        if item[1] <= self._clock():
            del self._breakers[key]
            return None
        return item[0]

    async def breaker_put(self, key: str, value: bytes, ttl_s: float) -> None:
        self._breakers[key] = (bytes(value), self._clock() + ttl_s)

    async def close(self) -> None:
        self._sessions.clear()
        self._breakers.clear()

    def _live(self, session_id: str, now: float) -> _Entry | None:
        entry = self._sessions.get(session_id)
        if entry is not None and entry.expires <= now:
            del self._sessions[session_id]
            return None
        return entry

    def _evict(self, now: float) -> None:
        """Drop the least recently used sessions beyond the cap; now and then, expired ones."""
        while len(self._sessions) > self._max_sessions:
            self._sessions.popitem(last=False)
        if now < self._next_purge:
            return
        self._next_purge = now + _PURGE_EVERY_S
        for key in [k for k, e in self._sessions.items() if e.expires <= now]:
            del self._sessions[key]
        for key in [k for k, (_, exp) in self._breakers.items() if exp <= now]:
            del self._breakers[key]


def _materialize(entry: _Entry, *, with_messages: bool = True) -> Session:
    """A copy of the stored session that the caller may change freely."""
    s = entry.session
    messages = decode_messages(entry.blob) if with_messages else []
    turns = list(s.turns)  # turns are frozen: a new list is copy enough
    return Session(s.id, s.created, s.updated, s.auto, turns, messages, s.tokens_saved, s.fallbacks)


def _summary(entry: _Entry) -> SessionSummary:
    s = entry.session
    return SessionSummary(
        s.id, s.created, s.updated, entry.turn_count, s.tokens_saved, s.fallbacks, s.auto
    )
