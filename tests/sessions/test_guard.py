"""The fail-open wrapper over a real SQLite store that really fails (a lock held by another
connection, a closed store): answers never wait past ``wait_s`` nor break, and every failure is
counted, kept for the status page and logged once per outage."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import time
from pathlib import Path

import pytest

from trooper.model.conversation import Message, TextPart
from trooper.sessions.guard import GuardedStore, StoreUnavailable
from trooper.sessions.redis import RedisStore
from trooper.sessions.sqlite import SqliteStore
from trooper.sessions.store import Turn


def turn(saved: int = 0) -> Turn:
    return Turn(time.time(), "claude", "m", "cloud", None, 1, 1, saved, False)


@pytest.mark.asyncio
async def test_a_locked_store_costs_an_answer_at_most_wait_s_and_the_turn_lands_later(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "s.db"
    failed: list[str] = []
    store = GuardedStore(SqliteStore(path, busy_timeout_s=5), wait_s=0.2, on_error=failed.append)
    await store.record("s", auto=False, turn=turn(), messages=[])
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        started = time.monotonic()
        answer = await store.record(
            "s", auto=False, turn=turn(7), messages=[Message("user", [TextPart("hi")])]
        )
        assert time.monotonic() - started < 1.5
        assert answer.tokens_saved == 7  # what the answer's headers can say without the store
        assert failed == ["record"]
        assert store.health.failing and store.health.errors == 1
        assert "no answer within 0.2 s" in (store.health.last_error or "")
        assert [s.id for s in await store.list()] == ["s"]  # reads still work meanwhile
    finally:
        other.rollback()
        other.close()
    await store.close()  # waits for the late write
    reopened = SqliteStore(path)
    try:
        got = await reopened.get("s")
        assert got is not None and len(got.turns) == 2, "the turn was written once the lock went"
    finally:
        await reopened.close()
    assert caplog.text.count("answering without it") == 1


@pytest.mark.asyncio
async def test_a_broken_store_fails_open_on_the_request_path_and_loudly_in_the_views(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    inner = SqliteStore(tmp_path / "s.db")
    failed: list[str] = []
    store = GuardedStore(inner, on_error=failed.append)
    await inner.close()  # every call now raises StoreError
    assert await store.get("s") is None
    session = await store.record("s", auto=False, turn=turn(3), messages=[])
    assert (session.tokens_saved, len(session.turns)) == (3, 1)
    assert await store.breaker_get("k") is None
    await store.breaker_put("k", b"v", 10)
    with pytest.raises(StoreUnavailable) as raised:
        await store.list()
    assert raised.value.status == 503
    with pytest.raises(StoreUnavailable):
        await store.read("s")
    assert failed == ["get", "record", "breaker_get", "breaker_put", "list", "get"]
    assert caplog.text.count("session store: get failed, answering without it") == 1
    await store.close()


@pytest.mark.asyncio
async def test_recovery_is_logged_once(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, "trooper.sessions")
    path = tmp_path / "s.db"
    store = GuardedStore(SqliteStore(path, busy_timeout_s=0.05), wait_s=5)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    await store.record("s", auto=False, turn=turn(), messages=[])
    other.rollback()
    other.close()
    await store.record("s", auto=False, turn=turn(), messages=[])
    await asyncio.gather(*(store.get("s") for _ in range(3)))
    assert not store.health.failing and store.health.errors == 1
    assert caplog.text.count("session store: working again") == 1
    await store.close()


@pytest.mark.asyncio
async def test_redis_failures_it_absorbs_are_counted_too(closed_port_url: str) -> None:
    failed: list[str] = []
    store = GuardedStore(RedisStore(closed_port_url, retry_after_s=60), on_error=failed.append)
    assert await store.get("s") is None
    session = await store.record("s", auto=False, turn=turn(2), messages=[])
    assert session.tokens_saved == 2
    assert failed == ["get"]  # then Redis is left alone for retry_after_s: no more attempts
    assert store.health.failing and store.health.errors == 1
    assert store.health.last_error
    await store.close()
