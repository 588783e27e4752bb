"""The session store's data and interface, shared by the memory, SQLite and Redis back-ends.

A session is one conversation seen across requests: the full message history (replaced on every
turn by what the client and the answer add up to), a bounded log of the turns that served it, and
exact counters. Every back-end follows the same rules, written once here:

    >>> turn = Turn(1.0, "claude", "claude-sonnet-4-6", "cloud", None, 10, 5, 0, False)
    >>> s = apply_record(None, "s1", auto=True, turn=turn, messages=[], now=1.0, max_turns=200)
    >>> (s.created, len(s.turns), s.fallbacks)
    (1.0, 1, 0)

Rules:
    * ``record`` appends the turn, replaces the messages (or, with ``append``, adds them after
      the stored ones: concurrent turns on one session all keep their messages), adds
      ``turn.saved_tokens`` to ``tokens_saved`` and counts a fallback when
      ``turn.fallback_reason`` is set.
    * The history keeps at most ``max_messages`` messages: the first two (the anchor) and the
      most recent ones, starting at a user turn that is not a tool result (:func:`cap_history`).
    * Only the last ``max_turns`` turns are kept; ``turn_count``, ``tokens_saved`` and
      ``fallbacks`` stay exact.
    * A session expires ``ttl`` seconds after its last update: ``auto_ttl_s`` for automatic
      sessions, ``ttl_s`` for named ones. Once recorded as named, a session stays named.
    * Recording into an expired session starts a new one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from trooper.model.conversation import ImagePart, Message, TextPart, ThinkingPart, ToolResultPart

DEFAULT_TTL_S = 7 * 24 * 3600.0
DEFAULT_AUTO_TTL_S = 3600.0
DEFAULT_MAX_TURNS = 200
DEFAULT_MAX_SESSIONS = 10_000
#: Messages a session keeps; more is compacted away on the way to any model anyway.
DEFAULT_MAX_MESSAGES = 400
ANCHOR = 2
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


class StoreError(RuntimeError):
    """A session store that cannot be opened or written; the message says which and why."""


class SessionStore(Protocol):
    """Where sessions and shared circuit-breaker state live. Redis fails open by itself; the
    server wraps every store in :class:`~trooper.sessions.guard.GuardedStore` so that no store
    failure ever breaks an answer. A SQLite file that cannot be written fails at open."""

    async def get(
        self, session_id: str, *, turns: bool = True, history: bool = True
    ) -> Session | None:
        """The live session, or None if it never existed or has expired. ``turns=False``
        leaves its turn log out (``turns`` is empty), ``history=False`` its messages: the
        request path reads neither unless it needs them."""
        ...

    async def record(
        self,
        session_id: str,
        *,
        auto: bool,
        turn: Turn,
        messages: list[Message],
        append: bool = False,
    ) -> Session:
        """Append ``turn`` and replace the history with ``messages`` (``append``: add them
        after the stored history), atomically; create the session if missing. Returns the
        session as stored, except that its ``turns`` hold only ``turn`` and its ``messages``
        are only those given."""
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
    max_messages: int = DEFAULT_MAX_MESSAGES

    def __post_init__(self) -> None:
        if self.max_turns < 1:
            raise ValueError("max_turns must be at least 1")
        if self.max_messages <= ANCHOR:
            raise ValueError(f"max_messages must be more than {ANCHOR}")
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
    append: bool = False,
    max_messages: int = DEFAULT_MAX_MESSAGES,
) -> Session:
    """The new state of ``session`` (None: a new one) after recording ``turn``. Mutates it."""
    if session is None:
        session = Session(session_id, now, now, auto, [], [], 0, 0)
    session.updated = now
    session.auto = session.auto and auto
    session.turns.append(turn)
    if len(session.turns) > max_turns:
        del session.turns[: len(session.turns) - max_turns]
    merged = [*session.messages, *messages] if append else messages
    session.messages = cap_history(merged, max_messages)
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


def cap_history(messages: list[Message], max_messages: int = DEFAULT_MAX_MESSAGES) -> list[Message]:
    """A history bounded to ``max_messages``: the anchor (first two) and the most recent ones,
    starting at a user turn that is not a tool result (a tool call keeps its result).

    >>> from trooper.model.conversation import TextPart
    >>> roles = ["user", "assistant"] * 5
    >>> talk = [Message(roles[i], [TextPart(str(i))]) for i in range(9)]  # type: ignore[arg-type]
    >>> [m.text() for m in cap_history(talk, 5)]
    ['0', '1', '6', '7', '8']
    """
    start = tail_start(
        [m.role == "user" and not m.has(ToolResultPart) for m in messages], max_messages
    )
    return messages if start is None else [*messages[:ANCHOR], *messages[start:]]


def tail_start(opens_turn: Sequence[int], max_messages: int) -> int | None:
    """Where the kept tail of a history begins (None: keep it all), from whether each message
    opens a turn (a user message that is not a tool result): true or 1 where it does."""
    count = len(opens_turn)
    if count <= max_messages:
        return None
    start = count - (max_messages - ANCHOR)
    while start < count - 1 and not opens_turn[start]:
        start += 1
    return start


def approx_size(messages: list[Message]) -> int:
    """A cheap lower bound on the encoded size of ``messages`` (their text and image data), to
    decide whether encoding them is worth moving off the event loop."""
    total = 0
    for message in messages:
        for part in message.parts:
            if isinstance(part, TextPart | ThinkingPart):
                total += len(part.text)
            elif isinstance(part, ImagePart):
                total += len(part.data or "")
            elif isinstance(part, ToolResultPart):
                total += sum(
                    len(c.text) if isinstance(c, TextPart) else len(c.data or "")
                    for c in part.content
                )
            else:
                total += 64
    return total
