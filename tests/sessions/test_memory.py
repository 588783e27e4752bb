"""The memory store's own bounds: an LRU cap on the number of sessions and on their bytes."""

from __future__ import annotations

import tracemalloc

import pytest

from trooper.model.conversation import Message, TextPart
from trooper.sessions.memory import MemoryStore
from trooper.sessions.store import Turn
from trooper.sessions.turnlog import TurnLog


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


def big(text: str, size: int) -> list[Message]:
    return [Message("user", [TextPart(text + "x" * size)])]


@pytest.mark.asyncio
async def test_memory_is_bounded_by_bytes_too() -> None:
    """40 sessions of 1 MB under an 8 MB bound: the least recently used go, the newest stay."""
    store = MemoryStore(max_bytes=8 * 1024 * 1024)
    for i in range(40):
        await store.record(f"s{i}", auto=False, turn=turn(), messages=big(f"{i}", 1024 * 1024))
    assert store.size_bytes <= 8 * 1024 * 1024
    kept = {s.id for s in await store.list(limit=100)}
    assert 5 <= len(kept) <= 8
    assert "s39" in kept and "s0" not in kept
    got = await store.get("s39")
    assert got is not None and got.messages[0].text().startswith("39x")


@pytest.mark.asyncio
async def test_replacing_and_appending_keep_the_byte_count_exact() -> None:
    store = MemoryStore(max_bytes=10 * 1024 * 1024)
    await store.record("s", auto=False, turn=turn(), messages=big("a", 1000))
    first = store.size_bytes
    await store.record("s", auto=False, turn=turn(), messages=big("b", 1000))
    assert store.size_bytes == first  # replaced, not added
    await store.record("s", auto=False, turn=turn(), messages=big("c", 1000), append=True)
    assert store.size_bytes > first + 1000
    await store.close()
    assert store.size_bytes == 0


@pytest.mark.asyncio
async def test_a_session_alone_over_the_bound_is_not_kept() -> None:
    store = MemoryStore(max_bytes=1024 * 1024)
    answer = await store.record("huge", auto=False, turn=turn(), messages=big("h", 2 * 1024 * 1024))
    assert answer.turns and store.size_bytes == 0
    assert await store.get("huge") is None


@pytest.mark.asyncio
async def test_a_short_session_costs_about_what_it_holds() -> None:
    """2,000 sessions of four short messages, ten turns each: the memory really held per session
    stays near its encoded size (it was 18 KB when each message kept an over-allocated blob)."""
    store = MemoryStore()
    talk = [
        Message("user", [TextPart("hello")]),
        Message("assistant", [TextPart("Hello! How can I help?")]),
        Message("user", [TextPart("Review this plan for migrating our billing service.")]),
        Message("assistant", [TextPart("Here is a review of the plan. " * 3)]),
    ]
    sessions = 2000
    tracemalloc.start()
    try:
        before, _ = tracemalloc.get_traced_memory()
        for _ in range(10):
            for i in range(sessions):
                answered = Turn(
                    0.0, "claude", "claude-" + "sonnet-4-6", "cloud", None, 9, 9, 0, False
                )
                await store.record(f"s{i}", auto=False, turn=answered, messages=list(talk))
        after, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    per_session = (after - before) / sessions
    assert per_session < 3 * 1024, f"{per_session:.0f} bytes per session"
    got = await store.get("s7")
    assert got is not None and got.messages == talk and len(got.turns) == 10


@pytest.mark.asyncio
async def test_appending_to_a_session_without_history() -> None:
    store = MemoryStore()
    await store.record("s", auto=False, turn=turn(), messages=[])
    asked = big("q", 10)
    await store.record("s", auto=False, turn=turn(), messages=asked, append=True)
    got = await store.get("s")
    assert got is not None and got.messages == asked


@pytest.mark.asyncio
async def test_a_full_turn_log_costs_a_few_bytes_a_turn() -> None:
    """200 sessions with a full 200-turn log and a short history: the log is kept packed, so a
    session costs well under its 200 turn objects (about 30 KB when each turn was kept as one)."""
    store = MemoryStore()
    talk = [Message("user", [TextPart("hello")]), Message("assistant", [TextPart("Hi!")])]
    sessions, turns = 200, 200

    def served(i: int, n: int) -> Turn:
        reason = "overloaded" if n % 7 == 0 else None
        model = "claude-" + "sonnet-4-6"
        return Turn(1e9 + n * 1.5, "claude", model, "cloud", reason, 1000 + n, 300 + i, n, False)

    tracemalloc.start()
    try:
        before, _ = tracemalloc.get_traced_memory()
        for n in range(turns):
            for i in range(sessions):
                await store.record(f"s{i}", auto=False, turn=served(i, n), messages=list(talk))
        after, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    per_session = (after - before) / sessions
    assert per_session < 8 * 1024, f"{per_session:.0f} bytes per session"
    got = await store.get("s7")
    assert got is not None and got.turns == [served(7, n) for n in range(turns)]
    summary = {s.id: s for s in await store.list(limit=1000)}["s7"]
    assert (summary.turns, summary.tokens_saved) == (turns, sum(range(turns)))


def test_the_packed_log_keeps_the_last_turns_and_forgets_the_names_of_turns_gone() -> None:
    log = TurnLog()
    for n in range(5000):
        log = log.appended(Turn(n, "p", f"model-{n}", "cloud", None, n, 0, 0, True), max_turns=3)
    assert [t.model for t in log.turns()] == ["model-4997", "model-4998", "model-4999"]
    assert len(log.names) <= 1024
    one = log.appended(Turn(0.0, "p", "m", "d", "why", 1, 2, 3, False), max_turns=1)
    assert one.turns() == [Turn(0.0, "p", "m", "d", "why", 1, 2, 3, False)]


def test_a_turn_beyond_the_packed_token_range_is_kept_at_its_edge() -> None:
    huge = Turn(0.0, "p", "m", "d", None, 2**40, -5, 7, False)
    kept = TurnLog().appended(huge, max_turns=5).turns()[0]
    assert (kept.input_tokens, kept.output_tokens, kept.saved_tokens) == (2**32 - 1, 0, 7)


def test_more_turns_than_the_packed_log_can_name_are_refused() -> None:
    with pytest.raises(ValueError, match="turns a session"):
        MemoryStore(max_turns=100_000)
