"""An in-process session store: fast, bounded, gone on restart.

Sessions live in an LRU map capped at ``max_sessions`` sessions and ``max_bytes`` bytes of
history (the least recently used ones are dropped first), so memory stays bounded under any
load. The history is kept encoded, as one exact-size JSON array with each message's end noted
beside it: that measures honestly what a session holds, keeps callers from mutating stored
state through the objects they are handed, and makes an appended turn cost only its own
encoding. The turn log is packed too, 29 bytes a turn (:mod:`trooper.sessions.turnlog`). Turns
are encoded, and long histories decoded, message by message in slices on the event loop
(:mod:`trooper.slices`).

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
from array import array
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from trooper import slices
from trooper.model.conversation import Message, ToolResultPart
from trooper.sessions.codec import decode_each_steps, decode_messages, encode_each_steps
from trooper.sessions.store import (
    ANCHOR,
    DEFAULT_AUTO_TTL_S,
    DEFAULT_MAX_MESSAGES,
    DEFAULT_MAX_SESSIONS,
    DEFAULT_MAX_TURNS,
    DEFAULT_TTL_S,
    Limits,
    Session,
    SessionSummary,
    Turn,
    apply_record,
    tail_start,
)
from trooper.sessions.turnlog import MAX_TURNS, TurnLog

DEFAULT_MAX_BYTES = 512 * 1024 * 1024
#: Histories larger than this are decoded message by message in slices: a few megabytes of JSON
#: hold the event loop for tens of milliseconds.
OFF_LOOP_BYTES = 256 * 1024
_PURGE_EVERY_S = 60.0
_ENTRY_OVERHEAD = 512  # bytes a session costs beyond its history, roughly


@dataclass(slots=True)
class _Entry:
    session: Session  # ``turns`` and ``messages`` are always empty here: see ``log``, ``history``
    log: TurnLog
    history: bytes  # the messages as one JSON array
    ends: array[int]  # where each message ends in ``history``
    opens: bytes  # whether each message opens a turn (for the history cap), 0 or 1 each
    size: int
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
        max_bytes: int = DEFAULT_MAX_BYTES,
        max_messages: int = DEFAULT_MAX_MESSAGES,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if max_sessions < 1:
            raise ValueError("max_sessions must be at least 1")
        if max_bytes < 1:
            raise ValueError("max_bytes must be at least 1")
        if max_turns > MAX_TURNS:
            raise ValueError(f"the memory store keeps at most {MAX_TURNS} turns a session")
        self._limits = Limits(ttl_s, auto_ttl_s, max_turns, max_messages)
        self._max_sessions = max_sessions
        self._max_bytes = max_bytes
        self._bytes = 0
        self._clock = clock
        self._sessions: OrderedDict[str, _Entry] = OrderedDict()
        self._breakers: dict[str, tuple[bytes, float]] = {}
        self._next_purge = clock() + _PURGE_EVERY_S

    @property
    def size_bytes(self) -> int:
        """Bytes of history held, roughly (what ``max_bytes`` bounds)."""
        return self._bytes

    async def get(
        self, session_id: str, *, turns: bool = True, history: bool = True
    ) -> Session | None:
        entry = self._live(session_id, self._clock())
        if entry is None:
            return None
        self._sessions.move_to_end(session_id)
        session = _copy(entry, turns)
        if not history:
            return session
        if len(entry.history) <= OFF_LOOP_BYTES:
            session.messages = decode_messages(entry.history)
        else:  # message by message, in slices on the loop: megabytes decoded in one call hold
            # it for tens of milliseconds, in a worker thread too
            session.messages = await slices.run(decode_each_steps(_unpack(entry)), "decode")
        return session

    async def record(
        self,
        session_id: str,
        *,
        auto: bool,
        turn: Turn,
        messages: list[Message],
        append: bool = False,
    ) -> Session:
        blobs = await slices.run(encode_each_steps(messages), "encode")
        opens = [m.role == "user" and not m.has(ToolResultPart) for m in messages]
        # No await from here on: each record is atomic on the event loop.
        now = self._clock()
        entry = self._live(session_id, now)
        base = _copy(entry, turns=False) if entry else None
        session = apply_record(
            base,
            session_id,
            auto=auto,
            turn=turn,
            messages=[],
            now=now,
            max_turns=self._limits.max_turns,
        )
        stored_before = entry if append and entry is not None else None
        history, ends, flags = _history(stored_before, blobs, opens, self._limits.max_messages)
        size = _ENTRY_OVERHEAD + len(history)
        count = (entry.turn_count if entry else 0) + 1
        expires = now + self._limits.ttl(session.auto)
        self._bytes += size - (entry.size if entry else 0)
        log = (entry.log if entry else TurnLog()).appended(turn, max_turns=self._limits.max_turns)
        session.turns = []
        stored = _Entry(session, log, history, ends, flags, size, count, expires)
        self._sessions[session_id] = stored
        self._sessions.move_to_end(session_id)
        self._evict(now)
        result = _copy(stored, turns=False)
        result.turns, result.messages = [turn], messages
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
        self._bytes = 0

    def _live(self, session_id: str, now: float) -> _Entry | None:
        entry = self._sessions.get(session_id)
        if entry is not None and entry.expires <= now:
            self._drop(session_id)
            return None
        return entry

    def _drop(self, session_id: str) -> None:
        entry = self._sessions.pop(session_id)
        self._bytes -= entry.size

    def _evict(self, now: float) -> None:
        """Drop the least recently used sessions beyond the caps (the one just recorded goes
        last: alone over ``max_bytes``, it is dropped too); now and then, expired ones."""
        while self._sessions and (
            len(self._sessions) > self._max_sessions or self._bytes > self._max_bytes
        ):
            key, entry = self._sessions.popitem(last=False)
            self._bytes -= entry.size
        if now < self._next_purge:
            return
        self._next_purge = now + _PURGE_EVERY_S
        for key in [k for k, e in self._sessions.items() if e.expires <= now]:
            self._drop(key)
        for key in [k for k, (_, exp) in self._breakers.items() if exp <= now]:
            del self._breakers[key]


def _history(
    entry: _Entry | None, blobs: list[bytes], opens: list[bool], max_messages: int
) -> tuple[bytes, array[int], bytes]:
    """The history after a record, capped as :func:`~trooper.sessions.store.cap_history` caps
    it: one JSON array of exactly its size, where each message ends in it, and which messages
    open a turn. ``blobs`` come after ``entry``'s history (None: they replace it).

    The stored messages are never split apart: the stretches of the stored array that are kept
    (the anchor, then the tail) go into the new one in a single copy, with the new messages.
    """
    before = entry.opens if entry is not None else b""
    flags = before + bytes(opens)
    start = tail_start(flags, max_messages)
    count, total = len(before), len(flags)
    out: list[bytes | memoryview] = [b"["]  # each message or stretch after "[" or ","
    ends, at = array("Q"), 0
    # The messages kept, as [first, last) ranges over the stored ones followed by the new ones.
    for first, last in [(0, total)] if start is None else [(0, ANCHOR), (start, total)]:
        if first < count:  # a stretch of the stored array, moved as it is
            assert entry is not None
            old, stop = entry.ends, min(last, count)
            begin = 1 if first == 0 else old[first - 1] + 1
            out += (b"," if at else b"", memoryview(entry.history)[begin : old[stop - 1]])
            shift = at + 1 - begin  # it starts just after the "[" or "," at ``at`` now
            kept = old[first:stop]
            ends.extend(kept if shift == 0 else array("Q", [e + shift for e in kept]))
            at = ends[-1]
        for blob in blobs[max(first, count) - count : max(last - count, 0)]:
            out += (b"," if at else b"", blob)
            at += 1 + len(blob)
            ends.append(at)
    if start is not None:
        flags = flags[:ANCHOR] + flags[start:]
    out.append(b"]")
    return b"".join(out), ends, flags


def _unpack(entry: _Entry) -> list[bytes]:
    """The stored history's messages, still encoded."""
    history, ends = entry.history, entry.ends
    if not ends:
        return []
    starts = [1, *(end + 1 for end in ends[:-1])]
    return [history[start:end] for start, end in zip(starts, ends, strict=True)]


def _copy(entry: _Entry, turns: bool = True) -> Session:
    """A copy of the stored session, without its history (and without its turns unless
    ``turns``), that the caller may change freely."""
    s = entry.session
    log = entry.log.turns() if turns else []
    return Session(s.id, s.created, s.updated, s.auto, log, [], s.tokens_saved, s.fallbacks)


def _summary(entry: _Entry) -> SessionSummary:
    s = entry.session
    return SessionSummary(
        s.id, s.created, s.updated, entry.turn_count, s.tokens_saved, s.fallbacks, s.auto
    )
