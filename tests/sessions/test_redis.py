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
