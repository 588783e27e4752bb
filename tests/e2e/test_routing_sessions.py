"""Routing, privacy and sessions through the official SDKs.

Simple turns never reach the cloud fake; forced-local requests never reach it under any fault;
tokens saved add up across a session; sessions survive a restart on SQLite and are shared by
two instances on Redis.
"""

from __future__ import annotations

import asyncio
import logging
import shutil
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import openai
import pytest

from tests.conftest import Proxy, fake_env, free_port
from tests.fakes.upstream import (
    FakeUpstream,
    Hang,
    Ok,
    Reset,
    credit_balance,
    unavailable,
)
from trooper.model.conversation import Message
from trooper.routing.classifier import Classifier
from trooper.sessions import Session

ProxyFactory = Callable[..., Proxy]


def routed_env(fakes: dict[str, FakeUpstream], **extra: str) -> dict[str, str]:
    return {**fake_env(fakes), "TROOPER_ROUTING": "true", **extra}


def ask_openai(
    proxy: Proxy,
    text: str,
    *,
    session: str | None = None,
    force_local: bool = False,
    history: list[dict[str, str]] | None = None,
) -> tuple[str, dict[str, str]]:
    client = proxy.openai(timeout=20)
    headers = {"X-Session-ID": session} if session else {}
    extra = {"x_force_local": True} if force_local else None
    raw = client.chat.completions.with_raw_response.create(
        model="claude-sonnet-4-6",
        messages=[*(history or []), {"role": "user", "content": text}],  # type: ignore[list-item]
        extra_headers=headers,
        extra_body=extra,
    )
    return raw.parse().choices[0].message.content or "", dict(raw.headers)


def test_simple_turn_never_reaches_the_cloud(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    proxy = proxy_factory(routed_env(fakes))
    text, headers = ask_openai(proxy, "how many days in a week")
    assert text == "ollama says: how many days in a week"
    assert headers["x-trooper-provider"] == "ollama"
    assert headers["x-trooper-decision"] == "ollama (simple turn) | cloud skipped"
    assert fakes["anthropic"].count() == 0


def test_complex_turn_goes_to_the_cloud(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    proxy = proxy_factory(routed_env(fakes))
    text, headers = ask_openai(proxy, "explain why goroutines are better than threads")
    assert text == "anthropic says: explain why goroutines are better than threads"
    assert headers["x-trooper-provider"] == "claude"
    assert headers["x-trooper-summary"] == "claude (direct) ✓"
    assert headers["x-trooper-decision"].startswith("claude (cloud: ")
    assert fakes["ollama"].count() == 0


def test_turns_built_to_slow_the_router_are_answered_as_usual(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    # spacing reads as one space, and a turn of a megabyte in one word is not read by the
    # patterns (tests/routing/test_hostile_turns.py): both are answered at once
    proxy = proxy_factory(routed_env(fakes))
    _, headers = ask_openai(proxy, "how many days" + " " * 20_000 + "in a week")
    assert headers["x-trooper-decision"] == "ollama (simple turn) | cloud skipped"
    _, headers = ask_openai(proxy, "what is " + "1" * (1 << 20) + "?")
    assert headers["x-trooper-decision"] == "claude (cloud: over 600 characters)"
    assert fakes["anthropic"].count() == 1


def test_the_router_gates_its_patterns_once_the_server_listens(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    # built in a thread after the start, so that they do not delay it; a turn decided before
    # then gets the same decision (tests/routing/test_prefilter.py)
    proxy = proxy_factory(routed_env(fakes))
    classifier = proxy.state.planner.classifier
    assert classifier is not None
    deadline = time.monotonic() + 20
    while classifier._plain.searches is None or classifier._context.searches is None:
        assert time.monotonic() < deadline, "the gates were never built"
        time.sleep(0.05)
    _, headers = ask_openai(proxy, "explain why goroutines are better than threads, in detail")
    assert headers["x-trooper-provider"] == "claude"


def test_a_failure_to_gate_the_patterns_leaves_the_router_deciding(
    fakes: dict[str, FakeUpstream],
    proxy_factory: ProxyFactory,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken(self: Classifier) -> None:
        raise ValueError("no gates today")

    monkeypatch.setattr(Classifier, "gate", broken)
    with caplog.at_level(logging.WARNING, logger="trooper"):
        proxy = proxy_factory(routed_env(fakes))
        deadline = time.monotonic() + 20
        while not any("gates could not be built" in r.getMessage() for r in caplog.records):
            assert time.monotonic() < deadline, "no warning"
            time.sleep(0.05)
    assert not any(r.exc_info for r in caplog.records)
    _, headers = ask_openai(proxy, "how many days in a week")
    assert headers["x-trooper-decision"] == "ollama (simple turn) | cloud skipped"
    _, headers = ask_openai(proxy, "explain why goroutines are better than threads, in detail")
    assert headers["x-trooper-provider"] == "claude"


def test_routing_can_be_switched_off(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    proxy = proxy_factory(routed_env(fakes, TROOPER_ROUTING="false"))
    _, headers = ask_openai(proxy, "how many days in a week")
    assert headers["x-trooper-provider"] == "claude"


@pytest.mark.parametrize(
    "local_fault",
    [None, unavailable("ollama"), Reset(), Hang(10)],
    ids=["ok", "503", "reset", "hang"],
)
def test_force_local_never_reaches_the_cloud(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory, local_fault: object
) -> None:
    proxy = proxy_factory(
        routed_env(fakes, TROOPER_LOCAL_TIMEOUT_S="1", TROOPER_FIRST_TOKEN_TIMEOUT_S="1")
    )
    if local_fault is not None:
        fakes["ollama"].always(local_fault)  # type: ignore[arg-type]
        with pytest.raises(openai.APIStatusError) as caught:
            ask_openai(proxy, "Our payment vault uses key rotation every 24h", force_local=True)
        assert caught.value.status_code == 503
        assert "local-only" in str(caught.value)
    else:
        text, headers = ask_openai(proxy, "Our payment vault uses...", force_local=True)
        assert headers["x-trooper-decision"] == "ollama (force_local) | privacy mode"
        assert text.startswith("ollama says:")
        sent = fakes["ollama"].requests[-1].body
        assert sent is not None and "x_force_local" not in sent
    assert fakes["anthropic"].count() == 0, "a private request never reaches the cloud"


def test_force_local_by_header_and_cloud_resumes_after(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    proxy = proxy_factory(routed_env(fakes))
    client = proxy.openai()
    raw = client.chat.completions.with_raw_response.create(
        model="claude-sonnet-4-6",
        messages=[{"role": "user", "content": "Help me design our auth layer in detail please"}],
        extra_headers={"X-Force-Local": "true", "X-Session-ID": "dev-session"},
    )
    assert raw.headers["x-trooper-provider"] == "ollama"
    _, headers = ask_openai(
        proxy, "Now review the whole design and explain the tradeoffs", session="dev-session"
    )
    assert headers["x-trooper-provider"] == "claude", "cloud routing resumes without the flag"


def test_tokens_saved_accumulate_across_the_session(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    proxy = proxy_factory(routed_env(fakes))
    _, first = ask_openai(proxy, "how many days in a week", session="s1")
    saved1 = int(first["x-trooper-session-saved"].split()[0])
    assert saved1 > 0
    _, cloud = ask_openai(proxy, "explain why goroutines are better than threads", session="s1")
    assert int(cloud["x-trooper-session-saved"].split()[0]) == saved1, "cloud turns save nothing"
    fakes["anthropic"].always(credit_balance())
    _, fell = ask_openai(proxy, "explain why rust has no garbage collector", session="s1")
    saved3 = int(fell["x-trooper-session-saved"].split()[0])
    assert saved3 > saved1, "a fallback turn served locally adds to the count"
    detail = proxy.run(proxy.state.store.get("s1"))
    assert detail is not None and detail.tokens_saved == saved3
    assert [t.provider for t in detail.turns] == ["ollama", "claude", "ollama"]


def test_curl_style_client_gets_its_history_from_the_session(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    proxy = proxy_factory(fake_env(fakes))
    ask_openai(proxy, "My name is Ada.", session="curl")
    ask_openai(proxy, "What is my name?", session="curl")
    sent = fakes["anthropic"].requests[-1].body
    assert sent is not None
    messages = sent["messages"]
    assert isinstance(messages, list) and len(messages) == 3
    assert "My name is Ada." in str(messages[0])


def test_sdk_client_resending_history_is_not_doubled(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    proxy = proxy_factory(fake_env(fakes))
    text, _ = ask_openai(proxy, "My name is Ada.", session="sdk")
    ask_openai(
        proxy,
        "What is my name?",
        session="sdk",
        history=[
            {"role": "user", "content": "My name is Ada."},
            {"role": "assistant", "content": text},
        ],
    )
    sent = fakes["anthropic"].requests[-1].body
    assert sent is not None
    messages = sent["messages"]
    assert isinstance(messages, list) and len(messages) == 3


def test_a_whole_answer_to_a_resent_history_does_not_read_the_session(
    fakes: dict[str, FakeUpstream],
    proxy_factory: ProxyFactory,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A request that resends its history needs nothing stored before it is answered (its
    turn is recorded, and the answer's headers come from that record): it goes without the
    read. A new turn alone still reads the session, to put the stored history before it."""
    proxy = proxy_factory({**fake_env(fakes), "TROOPER_STORE": str(tmp_path / "s.db")})
    store = proxy.state.store.inner
    reads: list[str] = []
    read = store.get

    async def counted(
        session_id: str, *, turns: bool = True, history: bool = True
    ) -> Session | None:
        reads.append(session_id)
        return await read(session_id, turns=turns, history=history)

    monkeypatch.setattr(store, "get", counted)
    text, _ = ask_openai(proxy, "My name is Ada.", session="sdk")
    assert len(reads) == 1
    history = [
        {"role": "user", "content": "My name is Ada."},
        {"role": "assistant", "content": text},
    ]
    _, headers = ask_openai(proxy, "What is my name?", session="sdk", history=history)
    assert len(reads) == 1, "a resent history read the stored one"
    assert headers["x-trooper-session-id"] == "sdk"
    stored = proxy.run(proxy.state.store.get("sdk"))
    assert stored is not None and len(stored.turns) == 2 and len(stored.messages) == 4


def test_a_streamed_answer_to_a_resent_history_does_not_wait_for_the_session(
    fakes: dict[str, FakeUpstream],
    proxy_factory: ProxyFactory,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A stream's headers carry the tokens its session saved so far, but a request that resends
    its history (as Claude Code does on every turn) needs nothing else stored: the session is
    read while the upstream is called, not before it."""
    proxy = proxy_factory({**fake_env(fakes), "TROOPER_STORE": str(tmp_path / "s.db")})
    text, _ = ask_openai(proxy, "Remember 7.", session="cc", force_local=True)
    saved = proxy.run(proxy.state.store.get("cc"))
    assert saved is not None and saved.tokens_saved > 0
    store = proxy.state.store.inner
    read = store.get
    upstream_when_read: list[int] = []

    async def slow(session_id: str, *, turns: bool = True, history: bool = True) -> Session | None:
        await asyncio.sleep(1.0)
        upstream_when_read.append(fakes["anthropic"].count())
        return await read(session_id, turns=turns, history=history)

    monkeypatch.setattr(store, "get", slow)
    client = proxy.openai(timeout=20)
    history = [
        {"role": "user", "content": "Remember 7."},
        {"role": "assistant", "content": text},
        {"role": "user", "content": "explain why goroutines are better than threads"},
    ]
    with client.chat.completions.with_streaming_response.create(
        model="claude-sonnet-4-6",
        messages=history,  # type: ignore[arg-type]
        stream=True,
        extra_headers={"X-Session-ID": "cc"},
    ) as response:
        headers = dict(response.headers)
        chunks = list(response.iter_lines())
    assert any("anthropic say" in c for c in chunks)
    assert upstream_when_read == [1], "the session was read before the upstream was called"
    assert headers["x-trooper-session-saved"] == f"{saved.tokens_saved} tokens"


def stuck_session_reads(proxy: Proxy, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Make the store's session reads hang; returns the ids of those cancelled."""
    cancelled: list[str] = []

    async def stuck(session_id: str, *, turns: bool = True, history: bool = True) -> Session | None:
        try:
            await asyncio.sleep(30)
        except asyncio.CancelledError:
            cancelled.append(session_id)
            raise
        return None

    monkeypatch.setattr(proxy.state.store.inner, "get", stuck)
    return cancelled


@pytest.mark.parametrize("ending", ["every provider fails", "the client leaves"])
def test_a_stream_that_ends_before_it_needs_its_session_drops_the_read(
    fakes: dict[str, FakeUpstream],
    proxy_factory: ProxyFactory,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    ending: str,
) -> None:
    """Before its first content (every provider fails) or after it, while the session is still
    read (the client leaves): the read is cancelled, and no upstream stream is left open."""
    proxy = proxy_factory({**fake_env(fakes), "TROOPER_STORE": str(tmp_path / "s.db")})
    failing = ending == "every provider fails"
    if failing:
        fakes["anthropic"].always(unavailable("anthropic"))
        fakes["ollama"].always(unavailable("ollama"))
    cancelled = stuck_session_reads(proxy, monkeypatch)
    client = proxy.openai(timeout=20 if failing else 1.0)
    started = time.monotonic()
    with pytest.raises(openai.APIStatusError if failing else openai.APITimeoutError):
        client.chat.completions.create(
            model="claude-sonnet-4-6",
            messages=[
                {"role": "user", "content": "hello"},
                {"role": "assistant", "content": "hi"},
                {"role": "user", "content": "explain why goroutines are better than threads"},
            ],
            stream=True,
            extra_headers={"X-Session-ID": "cc"},
        )
    assert time.monotonic() - started < 10, "the stream waited for the session read"
    connector = proxy.state.chain.transport.session.connector
    assert connector is not None
    deadline = time.monotonic() + 5
    while cancelled != ["cc"] or connector._acquired:  # the pool's connections in use
        assert time.monotonic() < deadline, f"left open: {cancelled}, {connector._acquired}"
        time.sleep(0.02)


def test_session_endpoints(fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory) -> None:
    import json
    import urllib.request

    proxy = proxy_factory(fake_env(fakes))
    ask_openai(proxy, "hello <script>", session="viewed")
    with urllib.request.urlopen(f"{proxy.url}/sessions") as r:
        listing = json.load(r)
    assert "viewed" in [s["id"] for s in listing["sessions"]]
    with urllib.request.urlopen(f"{proxy.url}/sessions/viewed") as r:
        detail = json.load(r)
    assert detail["turns"][0]["provider"] == "claude"
    assert "sk-ant-test-key" not in json.dumps(detail)


# -- durable stores -----------------------------------------------------------------------


def test_sessions_survive_a_restart_on_sqlite(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory, tmp_path: Path
) -> None:
    env = {**routed_env(fakes), "TROOPER_STORE": str(tmp_path / "sessions.db")}
    first = proxy_factory(env)
    ask_openai(first, "how many days in a week", session="durable")
    first.stop()
    second = proxy_factory(env)
    _, headers = ask_openai(second, "how many hours in a day", session="durable")
    session = second.run(second.state.store.get("durable"))
    assert session is not None and len(session.turns) == 2
    assert int(headers["x-trooper-session-saved"].split()[0]) == session.tokens_saved


@pytest.fixture
def redis_url() -> Iterator[str]:
    binary = shutil.which("redis-server")
    assert binary, "redis-server is needed (apt-get install redis-server); .ci/run installs it"
    port = free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait(10)


def test_two_instances_share_sessions_on_redis(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory, redis_url: str
) -> None:
    env = {**routed_env(fakes), "TROOPER_STORE": redis_url}
    one, two = proxy_factory(env), proxy_factory(env)
    _, h1 = ask_openai(one, "how many days in a week", session="shared")
    _, h2 = ask_openai(two, "how many hours in a day", session="shared")
    assert int(h2["x-trooper-session-saved"].split()[0]) > int(
        h1["x-trooper-session-saved"].split()[0]
    )
    session = two.run(two.state.store.get("shared"))
    assert session is not None and len(session.turns) == 2


def test_anthropic_client_session_keeps_context_on_fallback(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    proxy = proxy_factory(fake_env(fakes))
    client = proxy.anthropic()
    client.messages.create(
        model="claude-sonnet-4-6",
        max_tokens=50,
        messages=[{"role": "user", "content": "Remember the code word: PELICAN."}],
        extra_headers={"X-Session-ID": "ctx"},
    )
    fakes["anthropic"].always(credit_balance())
    raw = client.messages.with_raw_response.create(
        model="claude-sonnet-4-6",
        max_tokens=50,
        messages=[{"role": "user", "content": "What was the code word?"}],
        extra_headers={"X-Session-ID": "ctx"},
    )
    assert raw.headers["x-trooper-summary"] == "claude → ollama (credit_balance) | context ✓"
    sent = fakes["ollama"].requests[-1].body
    assert sent is not None and "PELICAN" in str(sent["messages"])
    fakes["anthropic"].always(Ok())


def test_two_instances_share_breaker_state_on_redis(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory, redis_url: str
) -> None:
    env = {**fake_env(fakes), "TROOPER_STORE": redis_url}
    one, two = proxy_factory(env), proxy_factory(env)
    fakes["anthropic"].always(credit_balance())
    _, first = ask_openai(one, "explain the plan in detail")
    assert first["x-trooper-decision"] == "ollama (fallback: credit_balance)"
    assert fakes["anthropic"].count() == 1
    _, second = ask_openai(two, "explain the plan in detail")
    assert second["x-trooper-decision"] == "ollama (fallback: circuit_open)"
    assert fakes["anthropic"].count() == 1, "the other instance skipped the dead provider too"
    fakes["anthropic"].always(Ok())


def test_stored_history_is_bounded() -> None:
    from trooper.model.conversation import TextPart
    from trooper.server.chat import MAX_HISTORY, _capped

    long = [
        Message("user" if i % 2 == 0 else "assistant", [TextPart(f"turn {i}")]) for i in range(1001)
    ]
    kept = _capped(long)
    assert len(kept) <= MAX_HISTORY
    assert kept[:2] == long[:2], "the anchor turns stay"
    assert kept[-1] == long[-1]
    assert kept[2].role == "user"


@pytest.mark.parametrize("store", ["memory", "sqlite"])
def test_a_private_turn_never_reaches_the_cloud_on_a_later_turn(
    store: str, fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory, tmp_path: Path
) -> None:
    where = "memory" if store == "memory" else str(tmp_path / "sessions.db")
    proxy = proxy_factory({**fake_env(fakes), "TROOPER_STORE": where})
    ask_openai(proxy, "My name is Ada.", session="curl")
    ask_openai(proxy, "My bank PIN is 4921.", session="curl", force_local=True)
    _, headers = ask_openai(proxy, "What is my name?", session="curl")
    assert headers["x-trooper-provider"] == "claude"
    assert headers["x-trooper-decision"] == "claude (direct) | private turns withheld"
    sent = str(fakes["anthropic"].requests[-1].body)
    assert "4921" not in sent and "ollama says" not in sent  # neither the question nor answer
    assert "My name is Ada." in sent and "[private turn: kept on the user's machine]" in sent
    # A later private turn has the whole conversation, on the user's machine.
    ask_openai(proxy, "Remind me of my PIN.", session="curl", force_local=True)
    assert "4921" in str(fakes["ollama"].requests[-1].body)
    assert "4921" not in str([r.body for r in fakes["anthropic"].requests])
