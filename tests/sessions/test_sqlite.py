"""SQLite specifics: durability across a SIGKILL, WAL + FULL sync, one worker thread."""

from __future__ import annotations

import os
import select
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

import trooper
from trooper.model.conversation import Message, TextPart
from trooper.sessions.sqlite import SqliteStore
from trooper.sessions.store import Turn

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
        sync = await store._run(lambda: store._db().execute("PRAGMA synchronous").fetchone())
        assert sync == (2,)
    finally:
        await store.close()


@pytest.mark.asyncio
async def test_one_worker_thread_gone_after_close(tmp_path: Path) -> None:
    def workers() -> list[threading.Thread]:
        return [t for t in threading.enumerate() if t.name.startswith("trooper-sqlite")]

    before = len(workers())
    store = SqliteStore(tmp_path / "s.db")
    turn = Turn(time.time(), "claude", "m", "cloud", None, 1, 1, 0, False)
    await store.record("s", auto=False, turn=turn, messages=[])
    await store.get("s")
    assert len(workers()) == before + 1
    await store.close()
    await store.close()  # closing twice is harmless
    assert len(workers()) == before


def test_unusable_path_fails_at_open(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("")
    with pytest.raises(OSError):
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
