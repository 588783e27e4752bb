"""One contract, three back-ends: every SessionStore behaves the same (memory, SQLite, Redis)."""

from __future__ import annotations

import asyncio
import dataclasses
import random
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from trooper.model.conversation import Message, TextPart, ToolResultPart
from trooper.sessions import SessionStore, Turn, open_store
from trooper.sessions.memory import MemoryStore
from trooper.sessions.redis import RedisStore
from trooper.sessions.sqlite import SqliteStore
from trooper.sessions.store import cap_history

BACKENDS = ["memory", "sqlite", "redis"]


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self, start: float = 1_700_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture()
def clock() -> FakeClock:
    return FakeClock()


def turn(
    ts: float = 0.0, *, saved: int = 0, reason: str | None = None, provider: str = "claude"
) -> Turn:
    return Turn(
        ts=ts,
        provider=provider,
        model=f"{provider}-model",
        decision="local" if saved else "cloud",
        fallback_reason=reason,
        input_tokens=100,
        output_tokens=20,
        saved_tokens=saved,
        local=bool(saved),
    )


def say(text: str, role: str = "user") -> Message:
    return Message("assistant" if role == "assistant" else "user", [TextPart(text)])


class Backend:
    """Makes stores of one kind that share their data (same file, same Redis database)."""

    def __init__(self, kind: str, clock: FakeClock, tmp_path: Path, redis_url: str) -> None:
        self.kind = kind
        self.clock = clock
        self.path = tmp_path / "sessions.db"
        self.redis_url = redis_url
        self.stores: list[SessionStore] = []
        self._memory: MemoryStore | None = None

    def make(self, **options: Any) -> SessionStore:
        """A store; for memory, the same one again (a memory store cannot be shared)."""
        store: SessionStore
        if self.kind == "memory":
            if self._memory is None or options:
                self._memory = MemoryStore(clock=self.clock, **options)
            store = self._memory
        elif self.kind == "sqlite":
            store = SqliteStore(self.path, clock=self.clock, **options)
        else:
            store = RedisStore(self.redis_url, clock=self.clock, **options)
        self.stores.append(store)
        return store

    async def close(self) -> None:
        for store in self.stores:
            await store.close()


@pytest_asyncio.fixture(params=BACKENDS)
async def backend(
    request: pytest.FixtureRequest, clock: FakeClock, tmp_path: Path
) -> AsyncIterator[Backend]:
    kind: str = request.param
    url: str = request.getfixturevalue("redis_url") if kind == "redis" else ""
    made = Backend(kind, clock, tmp_path, url)
    yield made
    await made.close()


@pytest.fixture()
def store(backend: Backend) -> SessionStore:
    return backend.make()


@pytest.mark.asyncio
async def test_get_unknown_session_is_none(store: SessionStore) -> None:
    assert await store.get("nope") is None


@pytest.mark.asyncio
async def test_record_creates_session(store: SessionStore, clock: FakeClock) -> None:
    first = turn(clock.now, saved=40)
    session = await store.record("s1", auto=True, turn=first, messages=[say("hi")])
    assert (session.id, session.created, session.updated, session.auto) == (
        "s1",
        clock.now,
        clock.now,
        True,
    )
    assert session.turns == [first]
    assert session.messages == [say("hi")]
    assert (session.tokens_saved, session.fallbacks) == (40, 0)
    assert await store.get("s1") == session


@pytest.mark.asyncio
async def test_record_accumulates_and_replaces_messages(
    store: SessionStore, clock: FakeClock
) -> None:
    created = clock.now
    await store.record("s1", auto=False, turn=turn(saved=10), messages=[say("one")])
    clock.advance(5)
    await store.record("s1", auto=False, turn=turn(reason="overloaded"), messages=[say("two")])
    clock.advance(5)
    history = [say("one"), say("answer", "assistant"), say("three")]
    last = await store.record("s1", auto=False, turn=turn(saved=7, reason="x"), messages=history)
    got = await store.get("s1")
    assert got is not None
    assert dataclasses.replace(got, turns=got.turns[-1:]) == last
    assert (got.created, got.updated) == (created, created + 10)
    assert (got.tokens_saved, got.fallbacks, len(got.turns)) == (17, 2, 3)
    assert got.messages == history
    assert [t.fallback_reason for t in got.turns] == [None, "overloaded", "x"]


@pytest.mark.asyncio
async def test_record_answers_with_only_the_turn_it_recorded(store: SessionStore) -> None:
    """The request path needs the counters, not the turn log: reading back 200 turns on every
    answer cost a named SQLite session 5 ms a request."""
    for saved in (1, 2, 3):
        last = await store.record("s1", auto=False, turn=turn(saved=saved), messages=[say("x")])
    assert last.turns == [turn(saved=3)]
    assert (last.tokens_saved, last.messages) == (6, [say("x")])


@pytest.mark.asyncio
async def test_get_leaves_out_the_turns_or_the_history_when_asked(store: SessionStore) -> None:
    history = [say("one"), say("answer", "assistant")]
    await store.record("s1", auto=False, turn=turn(saved=4, reason="x"), messages=history)
    await store.record("s1", auto=False, turn=turn(saved=1), messages=history)
    whole = await store.get("s1")
    assert whole is not None and len(whole.turns) == 2 and whole.messages == history
    bare = await store.get("s1", turns=False, history=False)
    assert bare == dataclasses.replace(whole, turns=[], messages=[])
    assert await store.get("s1", turns=False) == dataclasses.replace(whole, turns=[])
    assert await store.get("s1", history=False) == dataclasses.replace(whole, messages=[])
    assert await store.get("nope", turns=False, history=False) is None


@pytest.mark.asyncio
async def test_every_part_kind_round_trips(store: SessionStore, every_part: list[Message]) -> None:
    await store.record("parts", auto=False, turn=turn(), messages=every_part)
    got = await store.get("parts")
    assert got is not None
    assert got.messages == every_part


@pytest.mark.asyncio
async def test_returned_sessions_are_copies(store: SessionStore) -> None:
    await store.record("s1", auto=False, turn=turn(saved=1), messages=[say("hi")])
    got = await store.get("s1")
    assert got is not None
    got.messages[0].parts.append(TextPart("mutated"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        got.turns[0].saved_tokens = 999  # type: ignore[misc]
    got.turns.clear()
    again = await store.get("s1")
    assert again is not None
    assert again.messages == [say("hi")]
    assert again.turns == [turn(saved=1)]


@pytest.mark.asyncio
async def test_turn_log_is_bounded_counters_exact(backend: Backend) -> None:
    store = backend.make(max_turns=3)
    for i in range(7):
        await store.record("s1", auto=False, turn=turn(float(i), saved=1, reason="r"), messages=[])
    got = await store.get("s1")
    assert got is not None
    assert [t.ts for t in got.turns] == [4.0, 5.0, 6.0]
    assert (got.tokens_saved, got.fallbacks) == (7, 7)
    [summary] = await store.list()
    assert (summary.turns, summary.tokens_saved, summary.fallbacks) == (7, 7, 7)


@pytest.mark.asyncio
async def test_list_most_recently_updated_first(store: SessionStore, clock: FakeClock) -> None:
    for name in ("a", "b", "c"):
        await store.record(name, auto=name != "b", turn=turn(saved=2), messages=[])
        clock.advance(1)
    await store.record("a", auto=True, turn=turn(reason="overloaded"), messages=[])
    listed = await store.list()
    assert [s.id for s in listed] == ["a", "c", "b"]
    a, _c, b = listed
    assert (a.turns, a.tokens_saved, a.fallbacks, a.auto) == (2, 2, 1, True)
    assert (b.turns, b.auto, b.created, b.updated) == (1, False, clock.now - 2, clock.now - 2)
    assert [s.id for s in await store.list(limit=2)] == ["a", "c"]
    assert await store.list(limit=0) == []


@pytest.mark.asyncio
async def test_auto_sessions_expire_named_ones_later(backend: Backend, clock: FakeClock) -> None:
    store = backend.make(auto_ttl_s=60, ttl_s=600)
    await store.record("auto", auto=True, turn=turn(), messages=[say("a")])
    await store.record("named", auto=False, turn=turn(), messages=[say("n")])
    clock.advance(59)
    assert await store.get("auto") is not None
    clock.advance(2)
    assert await store.get("auto") is None
    assert await store.get("named") is not None
    assert [s.id for s in await store.list()] == ["named"]
    clock.advance(600)
    assert await store.get("named") is None
    assert await store.list() == []


@pytest.mark.asyncio
async def test_activity_extends_expiry(backend: Backend, clock: FakeClock) -> None:
    store = backend.make(auto_ttl_s=60)
    for _ in range(3):
        await store.record("auto", auto=True, turn=turn(), messages=[])
        clock.advance(50)
    got = await store.get("auto")
    assert got is not None
    assert len(got.turns) == 3


@pytest.mark.asyncio
async def test_recording_into_expired_session_starts_afresh(
    backend: Backend, clock: FakeClock
) -> None:
    store = backend.make(auto_ttl_s=60)
    await store.record("auto", auto=True, turn=turn(saved=5, reason="x"), messages=[say("old")])
    clock.advance(61)
    fresh = await store.record("auto", auto=True, turn=turn(saved=1), messages=[say("new")])
    assert (fresh.created, len(fresh.turns), fresh.tokens_saved, fresh.fallbacks) == (
        clock.now,
        1,
        1,
        0,
    )
    assert await store.get("auto") == fresh
    [summary] = await store.list()
    assert summary.turns == 1


@pytest.mark.asyncio
async def test_expired_named_session_comes_back_as_auto(backend: Backend, clock: FakeClock) -> None:
    store = backend.make(auto_ttl_s=60, ttl_s=600)
    await store.record("x", auto=False, turn=turn(saved=9), messages=[])
    clock.advance(600)
    again = await store.record("x", auto=True, turn=turn(), messages=[])
    assert (again.auto, again.tokens_saved, len(again.turns)) == (True, 0, 1)
    listed = await store.list()
    assert [(s.id, s.auto, s.turns) for s in listed] == [("x", True, 1)]


@pytest.mark.asyncio
async def test_named_once_stays_named(backend: Backend, clock: FakeClock) -> None:
    store = backend.make(auto_ttl_s=60, ttl_s=600)
    await store.record("s", auto=True, turn=turn(), messages=[])
    named = await store.record("s", auto=False, turn=turn(), messages=[])
    assert named.auto is False
    again = await store.record("s", auto=True, turn=turn(), messages=[])
    assert again.auto is False
    clock.advance(120)
    got = await store.get("s")
    assert got is not None
    assert got.auto is False
    assert [s.id for s in await store.list()] == ["s"]


@pytest.mark.asyncio
async def test_breaker_state_put_get_ttl(store: SessionStore, clock: FakeClock) -> None:
    assert await store.breaker_get("claude") is None
    await store.breaker_put("claude", b"\x00open\xff", ttl_s=30)
    await store.breaker_put("gemini", b"closed", ttl_s=300)
    assert await store.breaker_get("claude") == b"\x00open\xff"
    await store.breaker_put("claude", b"half-open", ttl_s=30)
    assert await store.breaker_get("claude") == b"half-open"
    clock.advance(31)
    assert await store.breaker_get("claude") is None
    assert await store.breaker_get("gemini") == b"closed"


@pytest.mark.asyncio
async def test_concurrent_records_from_two_instances_lose_nothing(backend: Backend) -> None:
    # What is tested is atomicity, not the Redis store's 0.5 s timeout: with 200 calls opening
    # their connections at once on a loaded machine, one could time out and the store would fail
    # open (skip Redis for a second, by design), which is not the loss this test looks for.
    patient: dict[str, Any] = {"socket_timeout_s": 10.0} if backend.kind == "redis" else {}
    one, two = backend.make(**patient), backend.make(**patient)

    async def record(store: SessionStore, i: int) -> None:
        reason = "overloaded" if i % 5 == 0 else None
        await store.record("busy", auto=False, turn=turn(float(i), saved=i), messages=[say(f"{i}")])
        await store.record(
            f"own-{i % 3}", auto=True, turn=turn(float(i), reason=reason), messages=[]
        )

    await asyncio.gather(*(record(store, i) for i in range(50) for store in (one, two)))
    got = await two.get("busy")
    assert got is not None
    assert len(got.turns) == 100
    assert got.tokens_saved == 2 * sum(range(50))
    assert sorted(t.ts for t in got.turns) == sorted([float(i) for i in range(50)] * 2)
    summaries = {s.id: s for s in await one.list()}
    assert summaries["busy"].turns == 100
    assert sum(summaries[f"own-{k}"].turns for k in range(3)) == 100
    assert sum(summaries[f"own-{k}"].fallbacks for k in range(3)) == 20


@pytest.mark.asyncio
async def test_a_recorded_turn_cannot_change_behind_the_store(store: SessionStore) -> None:
    """Turns are immutable, so stores may share them instead of copying on every call."""
    given = turn(saved=3)
    await store.record("s1", auto=False, turn=given, messages=[])
    with pytest.raises(dataclasses.FrozenInstanceError):
        given.saved_tokens = 1000  # type: ignore[misc]
    got = await store.get("s1")
    assert got is not None
    assert got.turns == [given]


@pytest.mark.asyncio
async def test_open_store_picks_the_backend(tmp_path: Path, redis_url: str) -> None:
    stores = [
        open_store("memory"),
        open_store(str(tmp_path / "deep" / "dir" / "s.db")),
        open_store(redis_url, ttl_s=10, auto_ttl_s=5),
    ]
    try:
        assert [type(s) for s in stores] == [MemoryStore, SqliteStore, RedisStore]
        assert (tmp_path / "deep" / "dir" / "s.db").exists()
        for store in stores:
            await store.record("x", auto=True, turn=turn(), messages=[say("hi")])
            assert [s.id for s in await store.list()] == ["x"]
    finally:
        for store in stores:
            await store.close()


@pytest.mark.asyncio
async def test_concurrent_appends_keep_every_message(backend: Backend) -> None:
    """Ten turns sent at once on one session, each appending its own question and answer:
    none overwrites another (two instances, where the back-end can be shared)."""
    one, two = backend.make(), backend.make()
    await one.record("s", auto=False, turn=turn(), messages=[say("q0"), say("a0", "assistant")])

    async def ask(i: int) -> None:
        new = [say(f"q{i}"), say(f"a{i}", "assistant")]
        await (one if i % 2 else two).record(
            "s", auto=False, turn=turn(float(i)), messages=new, append=True
        )

    await asyncio.gather(*(ask(i) for i in range(1, 11)))
    got = await one.get("s")
    assert got is not None
    assert len(got.turns) == 11
    texts = [m.text() for m in got.messages]
    assert texts[:2] == ["q0", "a0"]
    assert sorted(texts) == sorted([f"q{i}" for i in range(11)] + [f"a{i}" for i in range(11)])
    for i in range(11):  # each question is still followed by its own answer
        assert texts[texts.index(f"q{i}") + 1] == f"a{i}"


@pytest.mark.asyncio
async def test_append_creates_and_then_extends(store: SessionStore) -> None:
    first = await store.record("s", auto=False, turn=turn(), messages=[say("q")], append=True)
    assert first.messages == [say("q")]
    await store.record("s", auto=False, turn=turn(), messages=[say("a", "assistant")], append=True)
    got = await store.get("s")
    assert got is not None
    assert got.messages == [say("q"), say("a", "assistant")]
    assert len(got.turns) == 2


@pytest.mark.asyncio
async def test_appended_history_keeps_its_anchor_and_newest_turns(backend: Backend) -> None:
    store = backend.make(max_messages=6)
    for i in range(6):
        new = [say(f"q{i}"), say(f"a{i}", "assistant")]
        await store.record("s", auto=False, turn=turn(), messages=new, append=True)
    got = await store.get("s")
    assert got is not None
    assert [m.text() for m in got.messages] == ["q0", "a0", "q4", "a4", "q5", "a5"]


@pytest.mark.asyncio
async def test_any_sequence_of_records_keeps_what_cap_history_keeps(backend: Backend) -> None:
    """Random turns (appended or replacing, with tool results that do not open a turn, some
    with several messages) on a session capped at 7 messages: after each record the store
    holds exactly what :func:`cap_history` keeps of the same history."""
    store = backend.make(max_messages=7)
    rng = random.Random(13)
    expected: list[Message] = []
    for i in range(60):
        new = []
        for j in range(rng.randint(0 if i else 1, 9)):
            kind = rng.choice(["user", "assistant", "tool"])
            if kind == "tool":
                result = ToolResultPart(f"t{i}.{j}", [TextPart(f"out {i}.{j}")])
                new.append(Message("user", [result]))
            else:
                new.append(say(f"{kind} {i}.{j} " + "x" * rng.randint(0, 300), kind))
        append = rng.random() < 0.8
        await store.record("s", auto=False, turn=turn(), messages=new, append=append)
        expected = cap_history([*expected, *new] if append else new, 7)
        got = await store.get("s")
        assert got is not None
        assert got.messages == expected, f"record {i}"


@pytest.mark.asyncio
async def test_resent_histories_are_kept_exactly_as_sent(backend: Backend) -> None:
    """An SDK resends the whole history every turn: most often the stored one and a new turn,
    sometimes an edited or shortened one. Whatever it shares with the stored history, the store
    then holds what it sent (capped), never a mix of the old and the new."""
    store = backend.make(max_messages=9)
    rng = random.Random(7)
    sent: list[Message] = []
    for i in range(80):
        change = rng.random()
        if change < 0.15 and sent:  # an earlier message edited
            at = rng.randrange(len(sent))
            sent = [*sent[:at], say(f"edited {i}", sent[at].role), *sent[at + 1 :]]
        elif change < 0.3 and sent:  # the conversation rewound
            sent = sent[: rng.randrange(len(sent))]
        sent = [*sent, say(f"question {i}"), say(f"answer {i}", "assistant")]
        await store.record("s", auto=False, turn=turn(), messages=sent)
        got = await store.get("s")
        assert got is not None
        assert got.messages == cap_history(sent, 9), f"record {i}"
        if len(sent) > 12:
            sent = cap_history(sent, 9)  # what a client resends after trimming its own


@pytest.mark.asyncio
async def test_appending_to_an_expired_session_starts_afresh(
    backend: Backend, clock: FakeClock
) -> None:
    store = backend.make(ttl_s=60)
    await store.record("s", auto=False, turn=turn(), messages=[say("old")])
    clock.advance(61)
    await store.record("s", auto=False, turn=turn(), messages=[say("new")], append=True)
    got = await store.get("s")
    assert got is not None
    assert got.messages == [say("new")]
