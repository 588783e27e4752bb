"""Shared fixtures: fake upstreams on loopback, and a real Trooper server in its own thread.

The proxy runs exactly as ``trooper serve`` runs it (the same app factory, a real TCP socket),
so tests drive it with the official SDKs, curl-like HTTP clients, or raw sockets.
"""

from __future__ import annotations

import asyncio
import socket
import subprocess
import threading
import time
import urllib.request
from collections.abc import Callable, Coroutine, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

import anthropic
import openai
import pytest
from aiohttp import web

from tests.fakes.upstream import FakeUpstream
from trooper.server.app import create_app
from trooper.server.state import TROOPER, Trooper
from trooper.settings import Settings

T = TypeVar("T")


@dataclass
class Proxy:
    """A running Trooper on 127.0.0.1; ``url`` is what clients use as their base URL."""

    url: str
    settings: Settings
    app: web.Application
    loop: asyncio.AbstractEventLoop
    _stop: Callable[[], None]
    clients: list[anthropic.Anthropic | openai.OpenAI] = field(default_factory=list)

    def anthropic(self, **options: Any) -> anthropic.Anthropic:
        """An official Anthropic SDK client aimed at this proxy, closed when it stops."""
        client = anthropic.Anthropic(
            api_key=options.pop("api_key", "your-key"),
            base_url=self.url,
            max_retries=0,
            timeout=options.pop("timeout", 30),
            **options,
        )
        self.clients.append(client)
        return client

    def openai(self, **options: Any) -> openai.OpenAI:
        """An official OpenAI SDK client aimed at this proxy, closed when it stops."""
        client = openai.OpenAI(
            api_key=options.pop("api_key", "your-key"),
            base_url=self.url,
            max_retries=0,
            timeout=options.pop("timeout", 30),
            **options,
        )
        self.clients.append(client)
        return client

    @property
    def state(self) -> Trooper:
        return self.app[TROOPER]

    def stop(self) -> None:
        for client in self.clients:
            client.close()
        self.clients.clear()
        self._stop()

    def run(self, coro: Coroutine[object, object, T]) -> T:
        """Run a coroutine on the proxy's own loop (to reach its state) and wait for it."""
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(10)


class FakeClock:
    """A monotonic clock the tests move by hand: breakers never make a test sleep."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def start_proxy(env: dict[str, str], clock: FakeClock | None = None) -> Proxy:
    settings = Settings.from_env({"TROOPER_STORE": "memory", **env})
    app = create_app(settings, clock=clock) if clock is not None else create_app(settings)
    loop = asyncio.new_event_loop()
    ready = threading.Event()
    holder: dict[str, object] = {}

    async def serve() -> None:
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None
        holder["port"] = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]
        holder["runner"] = runner
        ready.set()

    def run() -> None:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(serve())
        loop.run_forever()

    thread = threading.Thread(target=run, daemon=True, name="trooper-proxy")
    thread.start()
    assert ready.wait(10), "the proxy did not start"

    def stop() -> None:
        if not thread.is_alive():
            return
        runner = holder["runner"]
        assert isinstance(runner, web.AppRunner)
        asyncio.run_coroutine_threadsafe(runner.cleanup(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()

    return Proxy(f"http://127.0.0.1:{holder['port']}", settings, app, loop, stop)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_up(url: str, process: subprocess.Popen[str], seconds: float) -> None:
    """Poll ``url`` until it answers; fail if the process dies or the time runs out."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                stderr = process.stderr.read() if process.stderr else ""
                pytest.fail(f"{process.args!r} did not come up at {url}: {stderr[-2000:]}")
            time.sleep(0.05)


@pytest.fixture
def fakes() -> Iterator[dict[str, FakeUpstream]]:
    """One fake upstream per provider API, started fresh for each test."""
    servers = {
        api: FakeUpstream(api).start() for api in ("anthropic", "openai", "gemini", "ollama")
    }
    servers["local_openai"] = FakeUpstream("openai").start()
    yield servers
    for server in servers.values():
        server.stop()


def fake_env(
    fakes: dict[str, FakeUpstream], *, keys: tuple[str, ...] = ("claude",)
) -> dict[str, str]:
    """Settings pointing every provider at its fake; ``keys`` says which cloud keys are set."""
    env = {
        "CLAUDE_BASE_URL": fakes["anthropic"].url,
        "OPENAI_BASE_URL": fakes["openai"].url + "/v1",
        "GEMINI_BASE_URL": fakes["gemini"].url,
        "FALLBACK_URL": fakes["ollama"].url + "/api/chat",
        "TROOPER_RETRY_BACKOFF_S": "0.01",
        "TROOPER_ROUTING": "false",
    }
    values = {"claude": "sk-ant-test-key", "openai": "sk-test-openai", "gemini": "AIza-test-gemini"}
    for name in keys:
        env[f"{name.upper()}_API_KEY"] = values[name]
    return env


@pytest.fixture
def proxy_factory() -> Iterator[Callable[..., Proxy]]:
    """Start proxies with given settings; all are stopped at the end of the test."""
    started: list[Proxy] = []

    def factory(env: dict[str, str], clock: FakeClock | None = None) -> Proxy:
        proxy = start_proxy(env, clock)
        started.append(proxy)
        return proxy

    yield factory
    for proxy in started:
        proxy.stop()


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """What the suite tested, counted apart: Trooper, the fake upstreams' own tests, doctests."""
    counts = {"trooper": 0, "fakes": 0, "doctests": 0}
    for report in terminalreporter.stats.get("passed", []):
        if report.when != "call":
            continue
        if "tests/fakes/" in report.nodeid:
            counts["fakes"] += 1
        elif "test_doctests[" in report.nodeid:
            counts["doctests"] += 1
        else:
            counts["trooper"] += 1
    terminalreporter.write_line(
        f"passed: {counts['trooper']} tests of Trooper, {counts['fakes']} of the fake upstreams, "
        f"{counts['doctests']} modules' doctests"
    )
