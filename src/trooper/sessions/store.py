"""The session store's data and interface, shared by the memory, SQLite and Redis back-ends.

A session is one conversation seen across requests: the full message history (replaced on every
turn by what the client and the answer add up to), a bounded log of the turns that served it, and
exact counters. Every back-end follows the same rules, written once here:

    >>> turn = Turn(1.0, "claude", "claude-sonnet-4-6", "cloud", None, 10, 5, 0, False)
    >>> s = apply_record(None, "s1", auto=True, turn=turn, messages=[], now=1.0, max_turns=200)
    >>> (s.created, len(s.turns), s.fallbacks)
    (1.0, 1, 0)

Rules:
    * ``record`` appends the turn, replaces the messages, adds ``turn.saved_tokens`` to
      ``tokens_saved`` and counts a fallback when ``turn.fallback_reason`` is set.
    * Only the last ``max_turns`` turns are kept; ``turn_count``, ``tokens_saved`` and
      ``fallbacks`` stay exact.
    * A session expires ``ttl`` seconds after its last update: ``auto_ttl_s`` for automatic
      sessions, ``ttl_s`` for named ones. Once recorded as named, a session stays named.
    * Recording into an expired session starts a new one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from trooper.model.conversation import Message

DEFAULT_TTL_S = 7 * 24 * 3600.0
DEFAULT_AUTO_TTL_S = 3600.0
DEFAULT_MAX_TURNS = 200
DEFAULT_MAX_SESSIONS = 10_000
LOGGER_NAME = "trooper.sessions"


@dataclass(frozen=True, slots=True)
class Turn:
    """One request served for a session: who answered, why, and what it cost or saved."""

    ts: float
    provider: str
    model: str
    decision: str
    fallback_reason: str | None
    input_tokens: int
    output_tokens: int
    saved_tokens: int
    local: bool


@dataclass(slots=True)
class Session:
    """A conversation across requests. ``turns`` holds the last ``max_turns`` turns only."""

    id: str
    created: float
    updated: float
    auto: bool
    turns: list[Turn]
    messages: list[Message]
    tokens_saved: int
    fallbacks: int


@dataclass(slots=True)
class SessionSummary:
    """A session without its history, for listings. ``turns`` is the exact count of turns."""

    id: str
    created: float
    updated: float
    turns: int
    tokens_saved: int
    fallbacks: int
    auto: bool


class SessionStore(Protocol):
    """Where sessions and shared circuit-breaker state live. No method raises for a store that
    is merely unavailable (Redis fails open); a SQLite file that cannot be opened fails at open."""

    async def get(self, session_id: str) -> Session | None:
        """The live session, or None if it never existed or has expired."""
        ...

    async def record(
        self, session_id: str, *, auto: bool, turn: Turn, messages: list[Message]
    ) -> Session:
        """Append ``turn`` and replace the history with ``messages``, atomically; create the
        session if missing. Returns the session as stored."""
        ...

    async def list(self, limit: int = 100) -> list[SessionSummary]:
        """Live sessions, most recently updated first."""
        ...

    async def breaker_get(self, key: str) -> bytes | None:
        """Opaque circuit-breaker state shared by every instance using this store."""
        ...

    async def breaker_put(self, key: str, value: bytes, ttl_s: float) -> None:
        """Store breaker state for ``ttl_s`` seconds."""
        ...

    async def close(self) -> None:
        """Release connections and threads; the store is unusable afterwards."""
        ...


@dataclass(slots=True)
class Limits:
    """The bounds every back-end applies."""

    ttl_s: float = DEFAULT_TTL_S
    auto_ttl_s: float = DEFAULT_AUTO_TTL_S
    max_turns: int = DEFAULT_MAX_TURNS

    def __post_init__(self) -> None:
        if self.max_turns < 1:
            raise ValueError("max_turns must be at least 1")
        if self.ttl_s <= 0 or self.auto_ttl_s <= 0:
            raise ValueError("session TTLs must be positive")

    def ttl(self, auto: bool) -> float:
        return self.auto_ttl_s if auto else self.ttl_s


def apply_record(
    session: Session | None,
    session_id: str,
    *,
    auto: bool,
    turn: Turn,
    messages: list[Message],
    now: float,
    max_turns: int,
) -> Session:
    """The new state of ``session`` (None: a new one) after recording ``turn``. Mutates it."""
    if session is None:
        session = Session(session_id, now, now, auto, [], [], 0, 0)
    session.updated = now
    session.auto = session.auto and auto
    session.turns.append(turn)
    if len(session.turns) > max_turns:
        del session.turns[: len(session.turns) - max_turns]
    session.messages = messages
    session.tokens_saved += turn.saved_tokens
    session.fallbacks += 1 if turn.fallback_reason else 0
    return session


def fallback_session(
    session_id: str, *, auto: bool, turn: Turn, messages: list[Message], now: float
) -> Session:
    """The session a store answers with when it could not store anything (fail-open)."""
    return apply_record(
        None, session_id, auto=auto, turn=turn, messages=messages, now=now, max_turns=1
    )
