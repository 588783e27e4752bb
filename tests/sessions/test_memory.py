"""The memory store's own bound: an LRU cap on the number of sessions."""

from __future__ import annotations

import pytest

from trooper.sessions.memory import MemoryStore
from trooper.sessions.store import Turn


def turn() -> Turn:
    return Turn(0.0, "claude", "m", "cloud", None, 1, 1, 0, False)


@pytest.mark.asyncio
async def test_least_recently_used_session_is_dropped_at_the_cap() -> None:
    store = MemoryStore(max_sessions=3)
    for name in ("a", "b", "c"):
        await store.record(name, auto=True, turn=turn(), messages=[])
    assert await store.get("a") is not None  # a is now the most recently used
    await store.record("d", auto=True, turn=turn(), messages=[])
    assert await store.get("b") is None
    assert {s.id for s in await store.list()} == {"a", "c", "d"}


@pytest.mark.asyncio
async def test_memory_stays_bounded_under_load() -> None:
    store = MemoryStore(max_sessions=100, max_turns=5)
    for i in range(2000):
        await store.record(f"s{i % 300}", auto=True, turn=turn(), messages=[])
    for _ in range(10):
        await store.record("hot", auto=True, turn=turn(), messages=[])
    listed = await store.list(limit=1000)
    assert len(listed) == 100
    assert (listed[0].id, listed[0].turns) == ("hot", 10)
    got = await store.get("hot")
    assert got is not None and len(got.turns) == 5


def test_bad_bounds_are_refused() -> None:
    with pytest.raises(ValueError):
        MemoryStore(max_sessions=0)
    with pytest.raises(ValueError):
        MemoryStore(max_turns=0)
    with pytest.raises(ValueError):
        MemoryStore(auto_ttl_s=0)
