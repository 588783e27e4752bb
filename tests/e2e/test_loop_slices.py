"""Big requests keep the event loop responsive: the work that would hold it (parsing megabytes,
counting their tokens, compacting, decoding a long stored history, encoding the upstream body)
runs in steps, and the loop runs other tasks between two steps.

Deterministic, never timed: the slice budget is set to zero (the loop gets a turn after every
step), a ticker task on the proxy's loop counts its turns, and each step notes the count. Between
two steps the count must have grown; the number of steps shows the work was cut per message.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Callable, Iterator
from pathlib import Path

import anthropic
import orjson
import pytest
from google import genai
from google.genai import types

from tests.conftest import Proxy, fake_env
from tests.fakes.upstream import FakeUpstream
from tests.sessions.conftest import RedisServer, redis_binary
from trooper import slices

ProxyFactory = Callable[..., Proxy]
MESSAGES = 301  # about 1.2 MB: over the 1 MiB past which a body is parsed in steps
TEXT = "The proxy keeps the session going while the cloud is away. naïve café 日本語 ✓ " * 50


def conversation(n: int = MESSAGES) -> list[anthropic.types.MessageParam]:
    return [
        {"role": "user" if i % 2 == 0 else "assistant", "content": f"{i}: {TEXT}"} for i in range(n)
    ]


class Steps:
    """Every sliced run on the proxy's loop: per kind of work, the ticker's count at each step."""

    def __init__(self) -> None:
        self.ticks = 0
        self.runs: dict[str, list[list[int]]] = {}
        self.stop = False

    def watched(self, steps: slices.Steps[object], seen: list[int]) -> slices.Steps[object]:
        while True:
            seen.append(self.ticks)
            try:
                next(steps)
            except StopIteration as done:
                return done.value
            yield

    async def ticker(self) -> None:
        while not self.stop:
            self.ticks += 1
            await asyncio.sleep(0)

    def sliced(self, what: str, at_least: int) -> None:
        """``what`` ran in at least ``at_least`` steps, with a turn of the loop between any
        two, in every run of it."""
        runs = self.runs.get(what)
        assert runs, f"no sliced {what!r}: {sorted(self.runs)}"
        assert max(len(seen) for seen in runs) >= at_least
        for seen in runs:
            assert all(b > a for a, b in itertools.pairwise(seen)), what


@pytest.fixture
def steps(monkeypatch: pytest.MonkeyPatch) -> Iterator[Steps]:
    watch = Steps()
    run = slices.run

    async def spied(work: slices.Steps[object], what: str) -> object:
        seen: list[int] = []
        watch.runs.setdefault(what, []).append(seen)
        return await run(watch.watched(work, seen), what)

    monkeypatch.setattr(slices, "BUDGET_S", 0.0)
    monkeypatch.setattr(slices, "run", spied)
    yield watch
    watch.stop = True


def started(proxy: Proxy, steps: Steps) -> Proxy:
    proxy.loop.call_soon_threadsafe(lambda: proxy.loop.create_task(steps.ticker()))
    return proxy


@pytest.fixture
def local_proxy(fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory, steps: Steps) -> Proxy:
    return started(proxy_factory({**fake_env(fakes), "CONTEXT_WINDOW": "8192"}), steps)


def test_a_big_forced_local_conversation_is_parsed_counted_and_compacted_in_steps(
    local_proxy: Proxy, fakes: dict[str, FakeUpstream], steps: Steps
) -> None:
    raw = local_proxy.anthropic().messages.with_raw_response.create(
        model="claude-sonnet-4-6",
        max_tokens=256,
        messages=conversation(),
        extra_body={"x_force_local": True},
    )
    assert raw.headers["x-trooper-decision"].startswith("ollama (force_local)")
    steps.sliced("parse", MESSAGES)
    steps.sliced("compact", MESSAGES)
    steps.sliced("count", MESSAGES)
    sent = fakes["ollama"].requests[-1].body
    assert sent is not None and len(orjson.dumps(sent)) < 8192 * 6


def test_a_big_forced_local_stream_is_compacted_in_steps(
    local_proxy: Proxy, fakes: dict[str, FakeUpstream], steps: Steps
) -> None:
    with local_proxy.anthropic().messages.stream(
        model="claude-sonnet-4-6",
        max_tokens=256,
        messages=conversation(),
        extra_body={"x_force_local": True},
    ) as stream:
        assert stream.get_final_text()
    steps.sliced("parse", MESSAGES)
    steps.sliced("compact", MESSAGES)
    steps.sliced("count", MESSAGES)


@pytest.mark.parametrize("store", ["sqlite", "memory"])
def test_a_long_stored_history_is_decoded_in_steps(
    fakes: dict[str, FakeUpstream],
    proxy_factory: ProxyFactory,
    steps: Steps,
    store: str,
    tmp_path: Path,
) -> None:
    where = str(tmp_path / "sessions.db") if store == "sqlite" else "memory"
    proxy = started(proxy_factory({**fake_env(fakes), "TROOPER_STORE": where}), steps)
    client = proxy.anthropic(default_headers={"X-Session-ID": "long"})
    history = conversation()
    client.messages.create(model="claude-sonnet-4-6", max_tokens=64, messages=history)
    steps.runs.clear()
    new: anthropic.types.MessageParam = {"role": "user", "content": "And now?"}
    client.messages.create(model="claude-sonnet-4-6", max_tokens=64, messages=[new])
    steps.sliced("decode", MESSAGES)
    steps.sliced("send", MESSAGES)
    sent = fakes["anthropic"].requests[-1].body
    assert sent is not None and isinstance(sent["messages"], list)
    texts = [_text(m) for m in sent["messages"]]
    assert texts[: len(history)] == [m["content"] for m in history]
    assert texts[len(history) + 1 :] == ["And now?"]  # after the stored answer


@pytest.fixture
def redis_store(tmp_path: Path) -> Iterator[str]:
    """A throwaway redis-server's URL."""
    server = RedisServer(redis_binary(), tmp_path)
    server.start()
    yield server.url
    server.stop()


def test_a_long_history_stored_in_redis_is_decoded_in_steps(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory, steps: Steps, redis_store: str
) -> None:
    proxy = started(proxy_factory({**fake_env(fakes), "TROOPER_STORE": redis_store}), steps)
    client = proxy.anthropic(default_headers={"X-Session-ID": "long"})
    history = conversation()
    client.messages.create(model="claude-sonnet-4-6", max_tokens=64, messages=history)
    steps.runs.clear()
    new: anthropic.types.MessageParam = {"role": "user", "content": "And now?"}
    client.messages.create(model="claude-sonnet-4-6", max_tokens=64, messages=[new])
    steps.sliced("decode", MESSAGES)
    sent = fakes["anthropic"].requests[-1].body
    assert sent is not None and isinstance(sent["messages"], list)
    texts = [_text(m) for m in sent["messages"]]
    assert texts[: len(history)] == [m["content"] for m in history]
    assert texts[len(history) + 1 :] == ["And now?"]


def _text(message: object) -> str:
    assert isinstance(message, dict)
    content = message["content"]
    if isinstance(content, str):
        return content
    return "".join(block["text"] for block in content if block.get("type") == "text")


def test_a_big_cloud_request_is_parsed_and_sent_in_steps(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory, steps: Steps
) -> None:
    proxy = started(proxy_factory(fake_env(fakes)), steps)
    history = conversation()
    proxy.anthropic().messages.create(model="claude-sonnet-4-6", max_tokens=64, messages=history)
    steps.sliced("parse", MESSAGES)
    steps.sliced("translate", MESSAGES)
    steps.sliced("send", MESSAGES)
    sent = fakes["anthropic"].requests[-1].body
    assert sent is not None and sent["messages"] == history


@pytest.mark.parametrize("dialect", ["openai", "responses", "gemini"])
def test_every_dialect_translates_a_big_request_in_steps(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory, steps: Steps, dialect: str
) -> None:
    proxy = started(proxy_factory(fake_env(fakes)), steps)
    history = conversation()
    if dialect == "openai":
        proxy.openai().chat.completions.create(model="claude-sonnet-4-6", messages=history)  # type: ignore[arg-type]
    elif dialect == "responses":
        proxy.openai().responses.create(model="claude-sonnet-4-6", input=history)  # type: ignore[arg-type]
    else:
        _gemini(proxy).models.generate_content(
            model="gemini-2.5-flash",
            contents=_contents(history),
        )
    steps.sliced("parse", MESSAGES)
    steps.sliced("translate", MESSAGES)
    sent = fakes["anthropic"].requests[-1].body
    assert sent is not None and isinstance(sent["messages"], list)
    assert [_text(m) for m in sent["messages"]] == [m["content"] for m in history]


def test_a_big_count_tokens_request_is_parsed_and_counted_in_steps(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory, steps: Steps
) -> None:
    proxy = started(proxy_factory(fake_env(fakes)), steps)
    history = conversation()
    counted = proxy.anthropic().messages.count_tokens(model="claude-sonnet-4-6", messages=history)
    gemini = _gemini(proxy).models.count_tokens(
        model="gemini-2.5-flash",
        contents=_contents(history),
    )
    assert counted.input_tokens > 100_000 and gemini.total_tokens
    assert abs(gemini.total_tokens - counted.input_tokens) < counted.input_tokens // 10
    assert len(steps.runs["translate"]) == len(steps.runs["count"]) == 2
    steps.sliced("parse", MESSAGES)
    steps.sliced("translate", MESSAGES)
    steps.sliced("count", MESSAGES)


def _gemini(proxy: Proxy) -> genai.Client:
    options = types.HttpOptions(base_url=proxy.url, api_version="v1beta", timeout=30_000)
    client = genai.Client(api_key="your-key", http_options=options)
    proxy.clients.append(client)  # type: ignore[arg-type]  # closed with the proxy
    return client


def _contents(history: list[anthropic.types.MessageParam]) -> list[types.Content]:
    """The conversation as Gemini contents."""
    return [
        types.Content(
            role="user" if m["role"] == "user" else "model",
            parts=[types.Part(text=str(m["content"]))],
        )
        for m in history
    ]


def test_a_small_request_is_parsed_and_translated_in_one_step(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory, steps: Steps
) -> None:
    proxy = started(proxy_factory(fake_env(fakes)), steps)
    proxy.anthropic().messages.create(
        model="claude-sonnet-4-6", max_tokens=64, messages=conversation(5)
    )
    assert fakes["anthropic"].requests
    assert "parse" not in steps.runs and "translate" not in steps.runs
