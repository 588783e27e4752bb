"""Redis specifics: real TTLs on the keys, failing open when Redis is away, recovering after."""

from __future__ import annotations

import asyncio
import logging
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import redis

import trooper
from trooper.model.conversation import Message, TextPart
from trooper.sessions.redis import RedisStore
from trooper.sessions.store import Turn

SRC = Path(trooper.__file__).resolve().parents[1]


def turn(saved: int = 0) -> Turn:
    return Turn(time.time(), "claude", "m", "cloud", None, 1, 1, saved, False)


def warnings_of(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [
        r for r in caplog.records if r.name == "trooper.sessions" and r.levelno == logging.WARNING
    ]


@pytest.mark.asyncio
async def test_keys_carry_redis_ttls(redis_url: str) -> None:
    store = RedisStore(redis_url, auto_ttl_s=60, ttl_s=600, prefix="t:")
    try:
        await store.record("auto", auto=True, turn=turn(), messages=[])
        await store.record("named", auto=False, turn=turn(), messages=[])
        await store.breaker_put("claude", b"open", ttl_s=30)
        with redis.Redis.from_url(redis_url) as client:
            for key in (b"t:s:auto", b"t:t:auto"):
                assert 59_000 < client.pttl(key) <= 60_000
            for key in (b"t:s:named", b"t:t:named"):
                assert 599_000 < client.pttl(key) <= 600_000
            assert 29_000 < client.pttl(b"t:b:claude") <= 30_000
            assert client.zrange(b"t:i:auto", 0, -1) == [b"auto"]
            assert client.zrange(b"t:i:named", 0, -1) == [b"named"]
    finally:
        await store.close()


@pytest.mark.asyncio
async def test_fails_open_fast_on_a_closed_port(
    closed_port_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="trooper.sessions")
    store = RedisStore(closed_port_url, retry_after_s=0)
    messages = [Message("user", [TextPart("hi")])]
    try:
        for _ in range(2):
            started = time.monotonic()
            assert await store.get("s") is None
            session = await store.record("s", auto=True, turn=turn(saved=3), messages=messages)
            assert await store.list() == []
            assert await store.breaker_get("claude") is None
            await store.breaker_put("claude", b"open", 30)
            assert time.monotonic() - started < 1.0
            assert (session.id, session.auto, session.messages) == ("s", True, messages)
            assert (len(session.turns), session.tokens_saved, session.fallbacks) == (1, 3, 0)
    finally:
        await store.close()
    assert len(warnings_of(caplog)) == 1  # once per outage, not once per call


@pytest.mark.asyncio
async def test_outage_and_recovery(spare_redis: Any, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="trooper.sessions")
    server = spare_redis
    server.start()
    store = RedisStore(server.url, retry_after_s=0)
    try:
        await store.record("s", auto=False, turn=turn(saved=1), messages=[])
        server.stop()
        down = await store.record("s", auto=False, turn=turn(saved=2), messages=[])
        assert (len(down.turns), down.tokens_saved) == (1, 2)
        assert await store.get("s") is None
        server.start()
        up = await store.record("s", auto=False, turn=turn(saved=4), messages=[])
        assert up.tokens_saved == 4  # the restarted server kept nothing (--save '')
        assert await store.get("s") == up
        assert len(warnings_of(caplog)) == 1
        assert any("reachable again" in r.getMessage() for r in caplog.records)
    finally:
        await store.close()


@pytest.mark.asyncio
async def test_outage_skips_redis_for_a_while(closed_port_url: str) -> None:
    store = RedisStore(closed_port_url, retry_after_s=60)
    try:
        assert await store.get("s") is None
        started = time.monotonic()
        for _ in range(100):
            assert await store.get("s") is None
        assert time.monotonic() - started < 0.05
    finally:
        await store.close()


def test_missing_redis_package_gives_install_hint() -> None:
    code = (
        "import sys; sys.modules['redis'] = None\n"
        "from trooper.sessions import open_store\n"
        "open_store('memory')\n"
        "try:\n"
        "    open_store('redis://127.0.0.1:1/0')\n"
        "except ImportError as exc:\n"
        "    print(exc)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert "pip install 'trooper[redis]'" in out.stdout


@pytest.mark.asyncio
async def test_silent_redis_times_out_within_a_second() -> None:
    """A server that accepts and never answers (a hung Redis) costs one short timeout."""
    accepted: list[asyncio.StreamWriter] = []

    async def never_answer(_: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        accepted.append(writer)

    silent = await asyncio.start_server(never_answer, "127.0.0.1", 0)
    port = silent.sockets[0].getsockname()[1]
    store = RedisStore(f"redis://127.0.0.1:{port}/0")
    try:
        started = time.monotonic()
        assert await store.get("s") is None
        assert time.monotonic() - started < 1.0
        started = time.monotonic()
        await store.record("s", auto=True, turn=turn(), messages=[])  # within retry_after_s
        assert time.monotonic() - started < 0.05
    finally:
        await store.close()
        for writer in accepted:
            writer.close()
            await writer.wait_closed()
        silent.close()
        await silent.wait_closed()


class Relay:
    """A TCP relay in front of a real Redis that misbehaves on its first connection only.

    ``mode="hang"``: the first connection is accepted and never answered (a stalled socket).
    ``mode="cut"``: on the first connection, the first reply to a write (EVALSHA or EXEC) that
    Redis applied is swallowed and the connection closed, so the client cannot know the write
    landed. Every later connection is relayed faithfully."""

    def __init__(self, target_port: int, mode: str) -> None:
        self.target_port = target_port
        self.mode = mode
        self.connections = 0
        self.cut = False
        self._tasks: set[asyncio.Task[None]] = set()
        self._writers: list[asyncio.StreamWriter] = []
        self._server: asyncio.Server | None = None

    async def start(self) -> str:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        port = self._server.sockets[0].getsockname()[1]
        return f"redis://127.0.0.1:{port}/0"

    async def close(self) -> None:
        for writer in self._writers:
            writer.close()
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        self._writers.append(writer)
        first = self.connections == 1
        if first and self.mode == "hang":
            return
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        self._writers.append(up_writer)
        watching = first and self.mode == "cut"
        pending = asyncio.Event()  # a write went up; its reply is to be swallowed

        async def upward() -> None:
            while data := await reader.read(65536):
                if watching and (b"EVALSHA" in data or b"EXEC" in data):
                    pending.set()
                up_writer.write(data)
                await up_writer.drain()
            up_writer.close()

        async def downward() -> None:
            while data := await up_reader.read(65536):
                if pending.is_set() and not data.startswith(b"-NOSCRIPT"):
                    self.cut = True
                    writer.close()
                    up_writer.close()
                    return
                pending.clear()
                writer.write(data)
                await writer.drain()
            writer.close()

        for job in (upward(), downward()):
            task = asyncio.create_task(job)
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)


def stored(url: str, session_id: str) -> tuple[int, list[bytes], bytes | None]:
    """What Redis holds for a session: its count, its turns and its history, read directly."""
    with redis.Redis.from_url(url) as client:
        count = client.hget(f"trooper:s:{session_id}", "count")
        turns = client.lrange(f"trooper:t:{session_id}", 0, -1)
        messages = client.hget(f"trooper:s:{session_id}", "messages")
    return int(count or 0), turns, messages


@pytest.mark.asyncio
async def test_a_write_survives_a_stalled_connection(redis_url: str) -> None:
    """A busy machine can stall one connection past the timeout: the write is tried again, not
    dropped (a proxy under load lost turns this way), and costs about one timeout."""
    port = int(redis_url.rsplit(":", 1)[1].split("/")[0])
    relay = Relay(port, "hang")
    store = RedisStore(await relay.start(), socket_timeout_s=0.2, retry_after_s=60)
    try:
        started = time.monotonic()
        session = await store.record("s", auto=False, turn=turn(saved=5), messages=[])
        assert time.monotonic() - started < 1.0
        assert session.tokens_saved == 5
        assert relay.connections == 2
        assert stored(redis_url, "s")[0] == 1
        assert not store.down
    finally:
        await store.close()
        await relay.close()


@pytest.mark.asyncio
@pytest.mark.parametrize("append", [False, True])
async def test_a_write_whose_reply_was_lost_counts_once(redis_url: str, append: bool) -> None:
    """Redis applied the write but the connection dropped before its reply: the retry finds the
    write done and changes nothing (no turn counted twice, no message stored twice)."""
    port = int(redis_url.rsplit(":", 1)[1].split("/")[0])
    relay = Relay(port, "cut")
    store = RedisStore(await relay.start(), socket_timeout_s=0.5, retry_after_s=60)
    question = [Message("user", [TextPart("q1")])]
    try:
        session = await store.record(
            "s", auto=False, turn=turn(saved=2), messages=question, append=append
        )
        assert relay.cut
        assert session.tokens_saved == 2
        count, turns, _ = stored(redis_url, "s")
        assert (count, len(turns)) == (1, 1)
        got = await store.get("s")
        assert got is not None
        assert got.messages == question
        assert got.tokens_saved == 2
    finally:
        await store.close()
        await relay.close()


@pytest.mark.asyncio
async def test_a_refused_connection_is_not_retried(closed_port_url: str) -> None:
    """Nothing listening is an outage, not a stall: one attempt, then Redis is left alone."""
    store = RedisStore(closed_port_url, retry_after_s=60)
    failures: list[str] = []
    store.on_error = lambda op, error: failures.append(op)
    try:
        await store.record("s", auto=False, turn=turn(), messages=[])
        assert failures == ["record"]
        assert store.down
    finally:
        await store.close()
