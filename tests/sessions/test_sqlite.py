"""SQLite specifics: durability across a SIGKILL, WAL + FULL sync, group commit, a writer and a
reader thread, and failures (locked, read-only, deleted file) that are loud and never silent."""

from __future__ import annotations

import asyncio
import os
import select
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from pathlib import Path

import pytest

import trooper
from trooper.model.conversation import Message, TextPart
from trooper.sessions.codec import encode_messages
from trooper.sessions.sqlite import SqliteStore
from trooper.sessions.store import StoreError, Turn

SRC = Path(trooper.__file__).resolve().parents[1]

CHILD = textwrap.dedent(
    """
    import asyncio, sys, time
    from trooper.model.conversation import Message, TextPart
    from trooper.sessions.sqlite import SqliteStore
    from trooper.sessions.store import Turn

    async def main() -> None:
        store = SqliteStore(sys.argv[1])
        for i in range(20):
            turn = Turn(float(i), "claude", "m", "cloud", None, 10, 5, 1, False)
            history = [Message("user", [TextPart(f"message {j}")]) for j in range(i + 1)]
            await store.record("durable", auto=False, turn=turn, messages=history)
        print("recorded", flush=True)
        time.sleep(60)  # blocks the loop and the process: nothing more can be flushed

    asyncio.run(main())
    """
)


def read_line(proc: subprocess.Popen[bytes], timeout_s: float) -> bytes:
    assert proc.stdout is not None
    ready, _, _ = select.select([proc.stdout], [], [], timeout_s)
    return proc.stdout.readline() if ready else b""


@pytest.mark.asyncio
async def test_recorded_session_survives_sigkill(tmp_path: Path) -> None:
    path = tmp_path / "sessions.db"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
    }
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path)], stdout=subprocess.PIPE, env=env
    )
    try:
        line = read_line(proc, timeout_s=30)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait()
        assert proc.stdout is not None
        proc.stdout.close()
    assert line == b"recorded\n"
    assert proc.returncode == -signal.SIGKILL

    store = SqliteStore(path)
    try:
        got = await store.get("durable")
        assert got is not None
        assert (len(got.turns), got.tokens_saved) == (20, 20)
        assert got.messages[-1] == Message("user", [TextPart("message 19")])
    finally:
        await store.close()


@pytest.mark.asyncio
async def test_wal_journal_and_full_sync(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "s.db")
    try:
        with sqlite3.connect(tmp_path / "s.db") as other:
            assert other.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        # synchronous is per connection: ask the store's own (2 = FULL).
        sync = await store._write(lambda: store._db().execute("PRAGMA synchronous").fetchone())
        assert sync == (2,)
    finally:
        await store.close()


@pytest.mark.asyncio
async def test_two_worker_threads_gone_after_close(tmp_path: Path) -> None:
    """A writer and a reader, so reads never queue behind a slow write."""

    def workers() -> list[threading.Thread]:
        return [t for t in threading.enumerate() if t.name.startswith("trooper-sqlite")]

    before = len(workers())
    store = SqliteStore(tmp_path / "s.db")
    turn = Turn(time.time(), "claude", "m", "cloud", None, 1, 1, 0, False)
    await store.record("s", auto=False, turn=turn, messages=[])
    await store.get("s")
    assert len(workers()) == before + 2
    await store.close()
    await store.close()  # closing twice is harmless
    assert len(workers()) == before


def test_unusable_path_fails_at_open(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("")
    with pytest.raises(StoreError, match="a-file"):
        SqliteStore(tmp_path / "a-file" / "sessions.db")


@pytest.mark.asyncio
async def test_default_path_is_expanded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    store = SqliteStore()
    try:
        assert store.path == tmp_path / ".trooper" / "sessions.db"
        assert store.path.exists()
    finally:
        await store.close()


GROUP_CHILD = textwrap.dedent(
    """
    import asyncio, sys, time
    from trooper.model.conversation import Message, TextPart
    from trooper.sessions.sqlite import SqliteStore
    from trooper.sessions.store import Turn

    async def main() -> None:
        store = SqliteStore(sys.argv[1])
        async def one(i: int) -> None:
            turn = Turn(float(i), "claude", "m", "cloud", None, 10, 5, 1, False)
            msg = [Message("user", [TextPart(f"message {i}")])]
            await store.record(f"s{i}", auto=False, turn=turn, messages=msg)
        await asyncio.gather(*(one(i) for i in range(60)))
        print("recorded", store.commits, flush=True)
        time.sleep(60)  # blocks the loop and the process: nothing more can be flushed

    asyncio.run(main())
    """
)


def child_env() -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
    }


@pytest.mark.asyncio
async def test_concurrent_turns_share_commits_and_all_survive_sigkill(tmp_path: Path) -> None:
    """Group commit: 60 turns recorded at once take fewer transactions than turns, and every
    turn acknowledged before the kill is on disk."""
    path = tmp_path / "sessions.db"
    proc = subprocess.Popen(
        [sys.executable, "-c", GROUP_CHILD, str(path)], stdout=subprocess.PIPE, env=child_env()
    )
    try:
        line = read_line(proc, timeout_s=30)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait()
        assert proc.stdout is not None
        proc.stdout.close()
    word, commits = line.split()
    assert word == b"recorded"
    assert 1 <= int(commits) < 60, "concurrent turns should share their commits"
    store = SqliteStore(path)
    try:
        listed = await store.list(limit=100)
        assert len(listed) == 60
    finally:
        await store.close()


def hold_write_lock(path: Path) -> sqlite3.Connection:
    """Another process's view of the file: a connection holding the write lock."""
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    return other


@pytest.mark.asyncio
async def test_reads_never_wait_behind_a_locked_write(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    store = SqliteStore(path, busy_timeout_s=3)
    turn = Turn(time.time(), "claude", "m", "cloud", None, 1, 1, 0, False)
    await store.record("s", auto=False, turn=turn, messages=[])
    other = hold_write_lock(path)
    try:
        writing = asyncio.ensure_future(store.record("s", auto=False, turn=turn, messages=[]))
        await asyncio.sleep(0.05)  # let the write reach the lock (a real wait on a real lock)
        started = time.monotonic()
        assert [s.id for s in await store.list()] == ["s"]
        assert await store.get("s") is not None
        assert time.monotonic() - started < 1.0, "reads queued behind the locked write"
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            await writing
    finally:
        other.rollback()
        other.close()
    await store.record("s", auto=False, turn=turn, messages=[])
    again = await store.get("s")
    assert again is not None and len(again.turns) == 2
    await store.close()


RO_CHILD = textwrap.dedent(
    """
    import os, sys
    from trooper.sessions.sqlite import SqliteStore
    from trooper.sessions.store import StoreError
    if os.geteuid() == 0:
        os.setgid(65534); os.setuid(65534)  # root writes anything: open it as nobody
    try:
        SqliteStore(sys.argv[1])
    except StoreError as exc:
        print("refused:", exc)
    else:
        print("opened")
    """
)


@pytest.mark.asyncio
async def test_a_store_that_cannot_be_written_fails_at_open() -> None:
    folder = Path(tempfile.mkdtemp(prefix="trooper-ro-"))  # in /tmp: reachable by nobody
    try:
        path = folder / "s.db"
        store = SqliteStore(path)
        await store.close()
        path.chmod(0o444)
        folder.chmod(0o555)
        out = subprocess.run(
            [sys.executable, "-c", RO_CHILD, str(path)],
            capture_output=True,
            text=True,
            env=child_env(),
            timeout=30,
            check=False,
        )
    finally:
        folder.chmod(0o755)
        shutil.rmtree(folder)
    assert out.stdout.startswith("refused:"), out.stdout + out.stderr
    assert str(path) in out.stdout and "TROOPER_STORE" in out.stdout


@pytest.mark.asyncio
async def test_a_deleted_file_is_written_back_not_silently_lost(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "s.db"
    store = SqliteStore(path)
    turn = Turn(time.time(), "claude", "m", "cloud", None, 1, 1, 0, False)
    await store.record("before", auto=False, turn=turn, messages=[Message("user", [TextPart("a")])])
    path.unlink()
    await store.record("after", auto=False, turn=turn, messages=[])
    await store.close()
    assert "was deleted" in caplog.text
    again = SqliteStore(path)  # a restart
    try:
        assert {s.id for s in await again.list()} == {"before", "after"}
        got = await again.get("before")
        assert got is not None and got.messages == [Message("user", [TextPart("a")])]
    finally:
        await again.close()


@pytest.mark.asyncio
async def test_each_message_is_a_row_and_an_older_files_history_moves_to_rows(
    tmp_path: Path,
) -> None:
    """A history is stored one row per message; a file an older Trooper wrote (the whole history
    in the session's row) is read as it is and moved to rows at the session's next turn."""
    path = tmp_path / "s.db"
    turn = Turn(0.0, "claude", "m", "cloud", None, 10, 5, 0, False)
    said = [Message("user", [TextPart("a")]), Message("assistant", [TextPart("b")])]
    store = SqliteStore(path)
    await store.record("new", auto=False, turn=turn, messages=said)
    await store.record("old", auto=False, turn=turn, messages=[])
    await store.close()
    with sqlite3.connect(path) as db:
        assert (
            db.execute("SELECT count(*) FROM messages WHERE session_id = 'new'").fetchone()[0] == 2
        )
        db.execute("UPDATE sessions SET messages = ? WHERE id = 'old'", (encode_messages(said),))
    store = SqliteStore(path)
    try:
        old = await store.get("old")
        assert old is not None and old.messages == said
        more = [Message("user", [TextPart("c")])]
        await store.record("old", auto=False, turn=turn, messages=more, append=True)
        again = await store.get("old")
        assert again is not None and again.messages == [*said, *more]
        new = await store.get("new")
        assert new is not None and new.messages == said
    finally:
        await store.close()
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT messages FROM sessions WHERE id = 'old'").fetchone() == (b"[]",)
        assert (
            db.execute("SELECT count(*) FROM messages WHERE session_id = 'old'").fetchone()[0] == 3
        )


@pytest.mark.asyncio
async def test_a_resent_history_rewrites_only_the_messages_that_changed(tmp_path: Path) -> None:
    """An SDK resends the whole history each turn: the rows of the messages already stored stay
    as they are (each turn writes its new messages, not the conversation again)."""
    path = tmp_path / "s.db"
    store = SqliteStore(path)
    turn = Turn(0.0, "claude", "m", "cloud", None, 10, 5, 0, False)
    said = [Message("user", [TextPart("hello")]), Message("assistant", [TextPart("hi")])]

    def rows() -> list[tuple[int, int]]:
        with sqlite3.connect(path) as db:
            query = "SELECT seq, rowid FROM messages WHERE session_id = 's' ORDER BY seq"
            return [(r[0], r[1]) for r in db.execute(query)]

    try:
        await store.record("s", auto=False, turn=turn, messages=said)
        await store.record("other", auto=False, turn=turn, messages=said)  # rows after s's
        before = rows()
        more = [*said, Message("user", [TextPart("and?")]), Message("assistant", [TextPart("ok")])]
        await store.record("s", auto=False, turn=turn, messages=more)
        after = rows()
        assert after[:2] == before, "the stored messages were written again"
        assert len(after) == 4
        edited = [said[0], Message("assistant", [TextPart("hello again")])]
        await store.record("s", auto=False, turn=turn, messages=edited)
        assert rows()[0] == before[0] and rows()[1] != before[1]
        got = await store.get("s")
        assert got is not None and got.messages == edited
    finally:
        await store.close()


@pytest.mark.asyncio
async def test_a_turn_that_fails_in_a_batch_fails_alone(tmp_path: Path) -> None:
    """Turns recorded together share a transaction; one that cannot be written (here: a
    corrupt history an older Trooper left) fails alone, and the others are all stored."""
    path = tmp_path / "s.db"
    turn = Turn(0.0, "claude", "m", "cloud", None, 10, 5, 0, False)
    store = SqliteStore(path)
    try:
        await store.record("broken", auto=False, turn=turn, messages=[])
        with sqlite3.connect(path) as db:
            db.execute("UPDATE sessions SET messages = ? WHERE id = 'broken'", (b"[{",))
        said = [Message("user", [TextPart("more")])]
        results = await asyncio.gather(
            *(
                store.record(name, auto=False, turn=turn, messages=said, append=True)
                for name in ("a", "broken", "b", "c")
            ),
            return_exceptions=True,
        )
        assert [isinstance(r, Exception) for r in results] == [False, True, False, False]
        for name in ("a", "b", "c"):
            got = await store.get(name)
            assert got is not None and got.messages == said, name
        again = await store.get("broken", history=False)
        assert again is not None and len(again.turns) == 1
    finally:
        await store.close()
