"""A durable session store in one SQLite file (default ``~/.trooper/sessions.db``).

Every statement runs on one dedicated worker thread (a single-thread executor), so the event loop
never blocks on disk and the connection is only ever touched by the thread that opened it.

Durability: WAL journal with ``synchronous=FULL``: each ``record`` commits, and the WAL is
fsync'ed, before it returns. A ``kill -9`` (or a power cut) right after ``record`` loses nothing.
``synchronous=NORMAL`` would already survive a killed process, but not an OS crash; the fsync it
saves costs a few milliseconds, off the loop, per answered request.

Concurrency: writes run in ``BEGIN IMMEDIATE`` transactions, so several stores (processes) on the
same file serialize their read-modify-write and never lose a turn; readers see a snapshot.

    >>> import asyncio, tempfile, os
    >>> from trooper.sessions.store import Turn
    >>> store = SqliteStore(os.path.join(tempfile.mkdtemp(), "s.db"))
    >>> turn = Turn(0.0, "claude", "claude-sonnet-4-6", "cloud", "overloaded", 10, 5, 0, False)
    >>> asyncio.run(store.record("s1", auto=False, turn=turn, messages=[])).fallbacks
    1
    >>> asyncio.run(store.close())
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Literal, ParamSpec, TypeVar

from trooper.model.conversation import Message
from trooper.sessions.codec import decode_messages, decode_turn, encode_messages, encode_turn
from trooper.sessions.store import (
    DEFAULT_AUTO_TTL_S,
    DEFAULT_MAX_TURNS,
    DEFAULT_TTL_S,
    Limits,
    Session,
    SessionSummary,
    Turn,
    apply_record,
)

DEFAULT_PATH = "~/.trooper/sessions.db"
Synchronous = Literal["FULL", "NORMAL", "EXTRA"]

_P = ParamSpec("_P")
_T = TypeVar("_T")

_PURGE_EVERY_S = 60.0
_BUSY_TIMEOUT_S = 10.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY,
    created REAL NOT NULL,
    updated REAL NOT NULL,
    auto INTEGER NOT NULL,
    expires REAL NOT NULL,
    turn_count INTEGER NOT NULL,
    tokens_saved INTEGER NOT NULL,
    fallbacks INTEGER NOT NULL,
    messages BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS sessions_updated ON sessions (updated);
CREATE INDEX IF NOT EXISTS sessions_expires ON sessions (expires);
CREATE TABLE IF NOT EXISTS turns (
    session_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (session_id, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS breakers (
    key TEXT PRIMARY KEY,
    value BLOB NOT NULL,
    expires REAL NOT NULL
);
"""

_UPSERT = """
INSERT INTO sessions
    (id, created, updated, auto, expires, turn_count, tokens_saved, fallbacks, messages)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (id) DO UPDATE SET
    updated = excluded.updated, auto = excluded.auto, expires = excluded.expires,
    turn_count = excluded.turn_count, tokens_saved = excluded.tokens_saved,
    fallbacks = excluded.fallbacks, messages = excluded.messages
"""

_HEAD = "SELECT created, updated, auto, expires, turn_count, tokens_saved, fallbacks FROM sessions"
_Head = tuple[float, float, int, float, int, int, int]
_Summaries = list[SessionSummary]  # ``list`` inside the class body names the ``list`` method


class SqliteStore:
    """Sessions in a SQLite file; see the module docstring. Opening fails fast on a bad path."""

    def __init__(
        self,
        path: str | Path = DEFAULT_PATH,
        *,
        ttl_s: float = DEFAULT_TTL_S,
        auto_ttl_s: float = DEFAULT_AUTO_TTL_S,
        max_turns: int = DEFAULT_MAX_TURNS,
        clock: Callable[[], float] = time.time,
        synchronous: Synchronous = "FULL",
    ) -> None:
        if synchronous not in ("FULL", "NORMAL", "EXTRA"):
            raise ValueError(f"synchronous must be FULL, NORMAL or EXTRA, not {synchronous!r}")
        self.path = Path(path).expanduser()
        self._limits = Limits(ttl_s, auto_ttl_s, max_turns)
        self._clock = clock
        self._next_purge = 0.0
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="trooper-sqlite")
        self._conn: sqlite3.Connection | None = None
        try:
            self._executor.submit(self._open, synchronous).result()
        except BaseException:
            self._executor.shutdown(wait=True)
            raise

    # --- the interface (event loop side) ------------------------------------------------------

    async def get(self, session_id: str) -> Session | None:
        return await self._run(self._get, session_id, self._clock())

    async def record(
        self, session_id: str, *, auto: bool, turn: Turn, messages: list[Message]
    ) -> Session:
        blob = encode_messages(messages)
        session = await self._run(self._record, session_id, auto, turn, blob, self._clock())
        session.messages = messages
        return session

    async def list(self, limit: int = 100) -> list[SessionSummary]:
        return await self._run(self._list, max(limit, 0), self._clock())

    async def breaker_get(self, key: str) -> bytes | None:
        return await self._run(self._breaker_get, key, self._clock())

    async def breaker_put(self, key: str, value: bytes, ttl_s: float) -> None:
        await self._run(self._breaker_put, key, bytes(value), self._clock() + ttl_s)

    async def close(self) -> None:
        if self._conn is None:
            return
        await self._run(self._close)
        self._executor.shutdown(wait=True)

    async def _run(self, fn: Callable[_P, _T], *args: _P.args, **kwargs: _P.kwargs) -> _T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, lambda: fn(*args, **kwargs))

    # --- the worker thread side ---------------------------------------------------------------

    def _open(self, synchronous: Synchronous) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=_BUSY_TIMEOUT_S, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute(f"PRAGMA synchronous={synchronous}")
            conn.executescript(_SCHEMA)  # idempotent: every statement is IF NOT EXISTS
        except BaseException:
            conn.close()
            raise
        self._conn = conn

    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            raise RuntimeError("the session store is closed")
        return self._conn

    def _close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            conn.close()

    def _get(self, session_id: str, now: float) -> Session | None:
        db = self._db()
        with _transaction(db, immediate=False):
            head = _head(db, session_id)
            if head is None or head[3] <= now:
                return None
            row = db.execute("SELECT messages FROM sessions WHERE id = ?", (session_id,)).fetchone()
            turns = _turns(db, session_id)
        session = _session(session_id, head, turns)
        session.messages = decode_messages(row[0])
        return session

    def _record(self, session_id: str, auto: bool, turn: Turn, blob: bytes, now: float) -> Session:
        db = self._db()
        with _transaction(db, immediate=True):
            head = _head(db, session_id)
            if head is not None and head[3] <= now:
                _delete(db, session_id)
                head = None
            count = (head[4] if head else 0) + 1
            base = _session(session_id, head, []) if head else None
            # The turn log is kept in its own table (bounded below), not in ``session.turns``.
            session = apply_record(
                base, session_id, auto=auto, turn=turn, messages=[], now=now, max_turns=1
            )
            expires = now + self._limits.ttl(session.auto)
            db.execute(_UPSERT, _row(session, expires, count, blob))
            db.execute(
                "INSERT INTO turns (session_id, seq, data) VALUES (?, ?, ?)",
                (session_id, count, encode_turn(turn)),
            )
            db.execute(
                "DELETE FROM turns WHERE session_id = ? AND seq <= ?",
                (session_id, count - self._limits.max_turns),
            )
            session.turns = _turns(db, session_id)
            self._maybe_purge(db, now)
        return session

    def _list(self, limit: int, now: float) -> _Summaries:
        rows = self._db().execute(
            "SELECT id, created, updated, turn_count, tokens_saved, fallbacks, auto FROM sessions"
            " WHERE expires > ? ORDER BY updated DESC LIMIT ?",
            (now, limit),
        )
        return [SessionSummary(r[0], r[1], r[2], r[3], r[4], r[5], bool(r[6])) for r in rows]

    def _breaker_get(self, key: str, now: float) -> bytes | None:
        row = (
            self._db()
            .execute("SELECT value FROM breakers WHERE key = ? AND expires > ?", (key, now))
            .fetchone()
        )
        return None if row is None else bytes(row[0])

    def _breaker_put(self, key: str, value: bytes, expires: float) -> None:
        self._db().execute(
            "INSERT OR REPLACE INTO breakers (key, value, expires) VALUES (?, ?, ?)",
            (key, value, expires),
        )

    def _maybe_purge(self, db: sqlite3.Connection, now: float) -> None:
        """Delete expired rows now and then, inside the caller's write transaction."""
        if now < self._next_purge:
            return
        self._next_purge = now + _PURGE_EVERY_S
        db.execute(
            "DELETE FROM turns WHERE session_id IN (SELECT id FROM sessions WHERE expires <= ?)",
            (now,),
        )
        db.execute("DELETE FROM sessions WHERE expires <= ?", (now,))
        db.execute("DELETE FROM breakers WHERE expires <= ?", (now,))


@contextmanager
def _transaction(db: sqlite3.Connection, *, immediate: bool) -> Iterator[None]:
    """One explicit transaction; ``immediate`` takes the write lock up front, so two writers
    cannot both read the old row and then overwrite each other."""
    db.execute("BEGIN IMMEDIATE" if immediate else "BEGIN")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def _head(db: sqlite3.Connection, session_id: str) -> _Head | None:
    row = db.execute(_HEAD + " WHERE id = ?", (session_id,)).fetchone()
    return None if row is None else (row[0], row[1], row[2], row[3], row[4], row[5], row[6])


def _turns(db: sqlite3.Connection, session_id: str) -> list[Turn]:
    rows = db.execute("SELECT data FROM turns WHERE session_id = ? ORDER BY seq", (session_id,))
    return [decode_turn(r[0]) for r in rows]


def _delete(db: sqlite3.Connection, session_id: str) -> None:
    db.execute("DELETE FROM turns WHERE session_id = ?", (session_id,))
    db.execute("DELETE FROM sessions WHERE id = ?", (session_id,))


def _session(session_id: str, head: _Head, turns: list[Turn]) -> Session:
    created, updated, auto, _expires, _count, saved, fallbacks = head
    return Session(session_id, created, updated, bool(auto), turns, [], saved, fallbacks)


def _row(
    s: Session, expires: float, count: int, blob: bytes
) -> tuple[str, float, float, int, float, int, int, int, bytes]:
    return (
        s.id,
        s.created,
        s.updated,
        int(s.auto),
        expires,
        count,
        s.tokens_saved,
        s.fallbacks,
        blob,
    )
