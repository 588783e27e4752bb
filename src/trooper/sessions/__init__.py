"""The session store: conversations and circuit-breaker state kept across requests.

One interface (:class:`SessionStore`), three back-ends chosen by a spec string:

    ``memory``                :class:`~trooper.sessions.memory.MemoryStore`: in-process, LRU-capped
    ``redis://host:port/db``  :class:`~trooper.sessions.redis.RedisStore`: shared, fails open
    anything else (a path)    :class:`~trooper.sessions.sqlite.SqliteStore`: durable

The server wraps the store in :class:`~trooper.sessions.guard.GuardedStore`, which fails open.

    >>> store = open_store("memory", ttl_s=86400, auto_ttl_s=600)
    >>> type(store).__name__
    'MemoryStore'
"""

from __future__ import annotations

import time
from collections.abc import Callable

from trooper.sessions.store import (
    DEFAULT_AUTO_TTL_S,
    DEFAULT_MAX_SESSIONS,
    DEFAULT_MAX_TURNS,
    DEFAULT_TTL_S,
    Session,
    SessionStore,
    SessionSummary,
    StoreError,
    Turn,
)

DEFAULT_SPEC = "~/.trooper/sessions.db"
_REDIS_SCHEMES = ("redis://", "rediss://", "unix://")

__all__ = [
    "DEFAULT_SPEC",
    "Session",
    "SessionStore",
    "SessionSummary",
    "StoreError",
    "Turn",
    "open_store",
]


def open_store(
    spec: str = DEFAULT_SPEC,
    *,
    ttl_s: float = DEFAULT_TTL_S,
    auto_ttl_s: float = DEFAULT_AUTO_TTL_S,
    max_turns: int = DEFAULT_MAX_TURNS,
    max_sessions: int = DEFAULT_MAX_SESSIONS,
    max_bytes: int | None = None,
    clock: Callable[[], float] = time.time,
) -> SessionStore:
    """The store ``spec`` names. ``max_sessions`` and ``max_bytes`` bound the memory store only
    (SQLite and Redis are bounded by the TTLs). Redis support is imported only when asked for,
    and raises ImportError with the install hint if redis-py is missing. A SQLite file that
    cannot be written raises :class:`StoreError`."""
    spec = spec.strip() or DEFAULT_SPEC
    if spec == "memory":
        from trooper.sessions.memory import DEFAULT_MAX_BYTES, MemoryStore

        return MemoryStore(
            ttl_s=ttl_s,
            auto_ttl_s=auto_ttl_s,
            max_turns=max_turns,
            max_sessions=max_sessions,
            max_bytes=max_bytes or DEFAULT_MAX_BYTES,
            clock=clock,
        )
    if spec.startswith(_REDIS_SCHEMES):
        from trooper.sessions.redis import RedisStore

        return RedisStore(
            spec, ttl_s=ttl_s, auto_ttl_s=auto_ttl_s, max_turns=max_turns, clock=clock
        )
    from trooper.sessions.sqlite import SqliteStore

    return SqliteStore(spec, ttl_s=ttl_s, auto_ttl_s=auto_ttl_s, max_turns=max_turns, clock=clock)
