"""A durable session store in one SQLite file (default ``~/.trooper/sessions.db``).

Two dedicated threads keep the event loop off the disk: a writer that owns the one write
connection, and a reader with its own connection (WAL lets it read while the writer commits, so
``GET /sessions`` never waits behind a slow or locked write).

Group commit: turns recorded while a commit is in flight are queued and written together, in one
transaction, by the next one. Each ``record`` still returns only once its own transaction has
committed, so durability is unchanged: WAL journal with ``synchronous=FULL``, the WAL fsync'ed
before ``record`` returns, and a ``kill -9`` (or a power cut) right after it loses nothing. What
changes is the cost: one fsync per batch instead of one per turn. (A turn that fails inside a
batch, e.g. a corrupt stored history, rolls the batch back, and each of its turns is written
again in a transaction of its own, so that it fails alone.)

Opening checks that the file can be written (a read-only file or directory fails at start with
:class:`~trooper.sessions.store.StoreError`, not on the first request). If the file is deleted
while Trooper runs, the next write notices, writes every live session back to a new file at the
same path, and logs it: a restart does not silently lose them.

History layout: one row per message (``messages`` table), so that appending a turn writes only
its own messages; a client that resends its whole history (every SDK) has it compared with the
stored rows, and only the messages after the shared beginning are written. A long history is
decoded on the event loop message by message, in slices (:mod:`trooper.slices`): megabytes
decoded in one call hold the loop for tens of milliseconds, in a worker thread as on the loop.
A file written by an older Trooper keeps its history in the ``sessions.messages`` column; it is
read from there, and moved to rows at its next turn.

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
import logging
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, ParamSpec, TypeVar

from trooper import slices
from trooper.model.conversation import Message, ToolResultPart
from trooper.sessions.codec import (
    CodecError,
    decode_each_steps,
    decode_message,
    decode_messages,
    decode_turn,
    encode_each_steps,
    encode_message,
    encode_turn,
)
from trooper.sessions.store import (
    ANCHOR,
    DEFAULT_AUTO_TTL_S,
    DEFAULT_MAX_MESSAGES,
    DEFAULT_MAX_TURNS,
    DEFAULT_TTL_S,
    LOGGER_NAME,
    Limits,
    Session,
    SessionSummary,
    StoreError,
    Turn,
    apply_record,
    tail_start,
)

log = logging.getLogger(LOGGER_NAME)

DEFAULT_PATH = "~/.trooper/sessions.db"
Synchronous = Literal["FULL", "NORMAL", "EXTRA"]

_P = ParamSpec("_P")
_T = TypeVar("_T")

_PURGE_EVERY_S = 60.0
_BUSY_TIMEOUT_S = 10.0
_PROBE = "trooper:write-probe"

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
    messages BLOB NOT NULL -- a history written by an older Trooper; b'[]' once moved to rows
);
CREATE TABLE IF NOT EXISTS messages (
    session_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    opens INTEGER NOT NULL, -- a user message that is not a tool result: where a turn starts
    data BLOB NOT NULL,
    PRIMARY KEY (session_id, seq)
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
_Summaries = list[SessionSummary]
_Blobs = list[bytes]
_Batch = list["_Write"]
_Results = list["Session | Exception"]  # ``list`` inside the class body names the ``list`` method


class _TurnFailed(Exception):
    """One turn of a batch could not be written (``error`` says why)."""

    def __init__(self, error: sqlite3.Error | CodecError) -> None:
        super().__init__(str(error))
        self.error = error


@dataclass(slots=True)
class _Write:
    """One ``record`` waiting for the writer thread."""

    session_id: str
    auto: bool
    turn: Turn
    messages: list[Message]
    blobs: list[bytes]  # each message encoded
    append: bool
    now: float
    done: asyncio.Future[Session]


class SqliteStore:
    """Sessions in a SQLite file; see the module docstring. Opening fails fast on a bad path."""

    def __init__(
        self,
        path: str | Path = DEFAULT_PATH,
        *,
        ttl_s: float = DEFAULT_TTL_S,
        auto_ttl_s: float = DEFAULT_AUTO_TTL_S,
        max_turns: int = DEFAULT_MAX_TURNS,
        max_messages: int = DEFAULT_MAX_MESSAGES,
        clock: Callable[[], float] = time.time,
        synchronous: Synchronous = "FULL",
        busy_timeout_s: float = _BUSY_TIMEOUT_S,
    ) -> None:
        if synchronous not in ("FULL", "NORMAL", "EXTRA"):
            raise ValueError(f"synchronous must be FULL, NORMAL or EXTRA, not {synchronous!r}")
        self.path = Path(path).expanduser()
        self._limits = Limits(ttl_s, auto_ttl_s, max_turns, max_messages)
        self._clock = clock
        self._synchronous = synchronous
        self._busy_timeout_s = busy_timeout_s
        self._next_purge = 0.0
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="trooper-sqlite-w")
        self._reader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="trooper-sqlite-r")
        self._wconn: sqlite3.Connection | None = None
        self._rconn: sqlite3.Connection | None = None
        self._inode = 0
        self._queue: list[_Write] = []
        self._draining: asyncio.Task[None] | None = None
        self._closed = False
        self.commits = 0  # write transactions of recorded turns: fewer than turns under load
        try:
            self._writer.submit(self._open_writer).result()
            self._reader.submit(self._open_reader).result()
        except BaseException:
            self._shutdown()
            raise

    # --- the interface (event loop side) ------------------------------------------------------

    async def get(
        self, session_id: str, *, turns: bool = True, history: bool = True
    ) -> Session | None:
        found = await self._read(self._get, session_id, self._clock(), turns, history)
        if found is None:
            return None
        session, blobs = found
        if history:
            session.messages = await slices.run(decode_each_steps(blobs), "decode")
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
        if self._closed:
            raise StoreError("the session store is closed")
        blobs = await slices.run(encode_each_steps(messages), "encode")
        done: asyncio.Future[Session] = asyncio.get_running_loop().create_future()
        now = self._clock()
        self._queue.append(_Write(session_id, auto, turn, messages, blobs, append, now, done))
        if self._draining is None:
            self._draining = asyncio.create_task(self._drain())
        session = await asyncio.shield(done)
        if not append:
            session.messages = messages
        return session

    async def list(self, limit: int = 100) -> list[SessionSummary]:
        return await self._read(self._list, max(limit, 0), self._clock())

    async def breaker_get(self, key: str) -> bytes | None:
        return await self._read(self._breaker_get, key, self._clock())

    async def breaker_put(self, key: str, value: bytes, ttl_s: float) -> None:
        await self._write(self._breaker_put, key, bytes(value), self._clock() + ttl_s)

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        if self._draining is not None:
            await asyncio.shield(self._draining)
        await self._read(self._close_reader)
        await self._write(self._close_writer)
        self._shutdown()

    async def _drain(self) -> None:
        """Write queued records in batches, one transaction each, until the queue is empty."""
        try:
            while self._queue:
                batch, self._queue = self._queue, []
                try:
                    results = await self._write(self._write_batch, batch)
                except Exception as exc:  # the whole transaction failed: every turn in it
                    results = [exc for _ in batch]
                for item, result in zip(batch, results, strict=True):
                    if item.done.done():
                        continue
                    if isinstance(result, Exception):
                        item.done.set_exception(result)
                    else:
                        item.done.set_result(result)
        finally:
            self._draining = None

    async def _read(self, fn: Callable[_P, _T], *args: _P.args, **kwargs: _P.kwargs) -> _T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._reader, lambda: fn(*args, **kwargs))

    async def _write(self, fn: Callable[_P, _T], *args: _P.args, **kwargs: _P.kwargs) -> _T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._writer, lambda: fn(*args, **kwargs))

    def _shutdown(self) -> None:
        self._writer.shutdown(wait=True)
        self._reader.shutdown(wait=True)

    # --- the writer thread --------------------------------------------------------------------

    def _open_writer(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = self._connect()
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(
                f"cannot open the session store {self.path}: {exc}. Set TROOPER_STORE to a "
                "writable path (or to memory)."
            ) from None
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute(f"PRAGMA synchronous={self._synchronous}")
            conn.executescript(_SCHEMA)  # idempotent: every statement is IF NOT EXISTS
            # A store that cannot be written must fail now, not on the first answer.
            with _transaction(conn, immediate=True):
                conn.execute(
                    "INSERT OR REPLACE INTO breakers (key, value, expires) VALUES (?, ?, 0)",
                    (_PROBE, b""),
                )
                conn.execute("DELETE FROM breakers WHERE key = ?", (_PROBE,))
        except sqlite3.Error as exc:
            conn.close()
            raise StoreError(
                f"the session store {self.path} cannot be written: {exc}. Fix its permissions, "
                "or set TROOPER_STORE to another path (or to memory)."
            ) from None
        self._wconn = conn
        self._inode = os.stat(self.path).st_ino

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=self._busy_timeout_s, isolation_level=None)

    def _db(self) -> sqlite3.Connection:
        if self._wconn is None:
            raise StoreError("the session store is closed")
        return self._wconn

    def _close_writer(self) -> None:
        conn, self._wconn = self._wconn, None
        if conn is not None:
            conn.close()

    def _write_batch(self, batch: _Batch) -> _Results:
        self._check_file()
        db = self._db()
        try:
            with _transaction(db, immediate=True):
                out: _Results = [self._turn(db, item) for item in batch]
                self._maybe_purge(db, max(item.now for item in batch))
        except _TurnFailed as failed:
            if len(batch) == 1:
                return [failed.error]
            # Rolled back: each turn again in a transaction of its own, so that it fails alone.
            return [self._write_alone(db, item) for item in batch]
        self.commits += 1
        return out

    def _write_alone(self, db: sqlite3.Connection, item: _Write) -> Session | Exception:
        try:
            with _transaction(db, immediate=True):
                session = self._turn(db, item)
        except _TurnFailed as failed:
            return failed.error
        self.commits += 1
        return session

    def _turn(self, db: sqlite3.Connection, item: _Write) -> Session:
        try:
            return self._record(db, item)
        except (sqlite3.Error, CodecError) as exc:
            raise _TurnFailed(exc) from exc

    def _record(self, db: sqlite3.Connection, item: _Write) -> Session:
        session_id, now = item.session_id, item.now
        head = _head(db, session_id)
        if head is not None and head[3] <= now:
            _delete(db, session_id)
            head = None
        count = (head[4] if head else 0) + 1
        base = _session(session_id, head, []) if head else None
        # The turn log is kept in its own table (bounded below), not in ``session.turns``; the
        # history in rows of its own (``_store_history``), not in ``session.messages``.
        session = apply_record(
            base,
            session_id,
            auto=item.auto,
            turn=item.turn,
            messages=[],
            now=now,
            max_turns=1,
        )
        self._store_history(db, item, append=item.append and base is not None)
        expires = now + self._limits.ttl(session.auto)
        db.execute(_UPSERT, _row(session, expires, count, _MOVED))
        db.execute(
            "INSERT INTO turns (session_id, seq, data) VALUES (?, ?, ?)",
            (session_id, count, encode_turn(item.turn)),
        )
        if count > self._limits.max_turns:
            db.execute(
                "DELETE FROM turns WHERE session_id = ? AND seq <= ?",
                (session_id, count - self._limits.max_turns),
            )
        session.turns = [item.turn]
        session.messages = item.messages
        return session

    def _store_history(self, db: sqlite3.Connection, item: _Write, *, append: bool) -> None:
        """The turn's messages as rows after the stored ones (or instead of them), then the
        history capped as :func:`~trooper.sessions.store.cap_history` caps it."""
        if not append:
            self._replace_history(db, item)
            return
        session_id = item.session_id
        _move_legacy(db, session_id)
        row = db.execute(
            "SELECT max(seq) FROM messages WHERE session_id = ?", (session_id,)
        ).fetchone()
        _insert(db, session_id, 0 if row[0] is None else row[0] + 1, item.messages, item.blobs)
        rows = db.execute(
            "SELECT seq, opens FROM messages WHERE session_id = ? ORDER BY seq", (session_id,)
        ).fetchall()
        start = tail_start([bool(r[1]) for r in rows], self._limits.max_messages)
        if start is not None and start > ANCHOR:
            db.execute(
                "DELETE FROM messages WHERE session_id = ? AND seq >= ? AND seq < ?",
                (session_id, rows[ANCHOR][0], rows[start][0]),
            )

    def _replace_history(self, db: sqlite3.Connection, item: _Write) -> None:
        """The history replaced by the turn's messages (capped), writing only what differs from
        the stored rows: a client that resends its whole history (every SDK) adds its new turn
        to the rows already there, instead of writing the conversation again each turn."""
        session_id, messages, blobs = item.session_id, item.messages, item.blobs
        start = tail_start([_opens(m) for m in messages], self._limits.max_messages)
        if start is not None and start > ANCHOR:
            messages = [*messages[:ANCHOR], *messages[start:]]
            blobs = [*blobs[:ANCHOR], *blobs[start:]]
        stored = db.execute(
            "SELECT seq, data FROM messages WHERE session_id = ? ORDER BY seq", (session_id,)
        ).fetchall()
        same = 0
        for (_, data), blob in zip(stored, blobs, strict=False):
            if data != blob:
                break
            same += 1
        if same < len(stored):
            db.execute(
                "DELETE FROM messages WHERE session_id = ? AND seq >= ?",
                (session_id, stored[same][0]),
            )
        first = stored[same - 1][0] + 1 if same else 0
        _insert(db, session_id, first, messages[same:], blobs[same:])

    def _check_file(self) -> None:
        """If the file was deleted under us, write what we hold back to a new one at ``path``
        (the open connection still reads the deleted file) and carry on there."""
        try:
            if os.stat(self.path).st_ino == self._inode:
                return
        except FileNotFoundError:
            pass
        else:
            raise StoreError(
                f"the session store {self.path} was replaced by another file while Trooper ran"
            )
        fresh = self.path.with_name(f".{self.path.name}.{os.getpid()}.restore")
        fresh.unlink(missing_ok=True)
        db = self._db()
        db.execute("VACUUM INTO ?", (str(fresh),))
        count = db.execute("SELECT count(*) FROM sessions").fetchone()[0]
        self._reader.submit(self._close_reader).result()
        self._close_writer()  # the last connection: removes the deleted file's -wal and -shm
        os.replace(fresh, self.path)
        self._open_writer()
        self._reader.submit(self._open_reader).result()
        log.error(
            "session store: %s was deleted while Trooper ran; its %d sessions were written back "
            "to a new file there",
            self.path,
            count,
        )

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
        for table in ("turns", "messages"):
            db.execute(
                f"DELETE FROM {table} WHERE session_id IN "
                "(SELECT id FROM sessions WHERE expires <= ?)",
                (now,),
            )
        db.execute("DELETE FROM sessions WHERE expires <= ?", (now,))
        db.execute("DELETE FROM breakers WHERE expires <= ?", (now,))

    # --- the reader thread --------------------------------------------------------------------

    def _open_reader(self) -> None:
        self._rconn = self._connect()

    def _reading(self) -> sqlite3.Connection:
        if self._rconn is None:
            raise StoreError("the session store is closed")
        return self._rconn

    def _close_reader(self) -> None:
        conn, self._rconn = self._rconn, None
        if conn is not None:
            conn.close()

    def _get(
        self, session_id: str, now: float, turns: bool, history: bool
    ) -> tuple[Session, _Blobs] | None:
        """The session without its history (and without its turns unless ``turns``), and the
        history's messages, still encoded (none unless ``history``)."""
        db = self._reading()
        with _transaction(db, immediate=False):
            head = _head(db, session_id)
            if head is None or head[3] <= now:
                return None
            blobs: _Blobs = []
            if history:
                blobs = _legacy(db, session_id)
                rows = db.execute(
                    "SELECT data FROM messages WHERE session_id = ? ORDER BY seq", (session_id,)
                )
                blobs += [bytes(r[0]) for r in rows]
            log = _turns(db, session_id) if turns else []
        return _session(session_id, head, log), blobs

    def _list(self, limit: int, now: float) -> _Summaries:
        rows = self._reading().execute(
            "SELECT id, created, updated, turn_count, tokens_saved, fallbacks, auto FROM sessions"
            " WHERE expires > ? ORDER BY updated DESC LIMIT ?",
            (now, limit),
        )
        return [SessionSummary(r[0], r[1], r[2], r[3], r[4], r[5], bool(r[6])) for r in rows]

    def _breaker_get(self, key: str, now: float) -> bytes | None:
        row = (
            self._reading()
            .execute("SELECT value FROM breakers WHERE key = ? AND expires > ?", (key, now))
            .fetchone()
        )
        return None if row is None else bytes(row[0])


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
    db.execute("DELETE FROM messages WHERE session_id = ?", (session_id,))
    db.execute("DELETE FROM sessions WHERE id = ?", (session_id,))


_MOVED = b"[]"


def _opens(message: Message) -> bool:
    return message.role == "user" and not message.has(ToolResultPart)


def _insert(
    db: sqlite3.Connection, session_id: str, first: int, messages: list[Message], blobs: _Blobs
) -> None:
    """``messages`` (encoded: ``blobs``) as rows numbered from ``first``."""
    if messages:
        db.executemany(
            "INSERT INTO messages (session_id, seq, opens, data) VALUES (?, ?, ?, ?)",
            [
                (session_id, first + i, _opens(m), blob)
                for i, (m, blob) in enumerate(zip(messages, blobs, strict=True))
            ],
        )


def _legacy(db: sqlite3.Connection, session_id: str) -> list[bytes]:
    """A history an older Trooper kept in the session's row, each message encoded."""
    row = db.execute("SELECT messages FROM sessions WHERE id = ?", (session_id,)).fetchone()
    if row is None or bytes(row[0]) == _MOVED:
        return []
    return [encode_message(m) for m in decode_messages(row[0])]


def _move_legacy(db: sqlite3.Connection, session_id: str) -> None:
    """An older Trooper's history of this session, moved to rows (before any of its own)."""
    blobs = _legacy(db, session_id)
    if not blobs:
        return
    db.execute("UPDATE messages SET seq = seq + ? WHERE session_id = ?", (len(blobs), session_id))
    db.executemany(
        "INSERT INTO messages (session_id, seq, opens, data) VALUES (?, ?, ?, ?)",
        [(session_id, i, _opens(decode_message(blob)), blob) for i, blob in enumerate(blobs)],
    )
    db.execute("UPDATE sessions SET messages = ? WHERE id = ?", (_MOVED, session_id))


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
