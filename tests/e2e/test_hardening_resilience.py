"""Resilience under attack, through a real proxy on 127.0.0.1 and real upstream servers.

A breaker that always recovers (its probe slot taken only by the request that tries the
provider, and given back however that ends), no timeout on a long but live answer, a client
that leaves cancels its upstream call, the stream limit holds before the first token, no
redirect is followed with a key, and no upstream answer grows without bound.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import anthropic
import pytest

from tests.conftest import FakeClock, Proxy, fake_env, free_port, wait_until_up
from tests.fakes.upstream import (
    CutStream,
    Error,
    FakeUpstream,
    Hang,
    Ok,
    insufficient_quota,
    overloaded,
    unavailable,
)

ProxyFactory = Callable[..., Proxy]
FAST = {
    "TROOPER_PROVIDER_TIMEOUT_S": "1",
    "TROOPER_FIRST_TOKEN_TIMEOUT_S": "1",
    "TROOPER_STREAM_IDLE_TIMEOUT_S": "1",
}
SIMPLE = "how many days in a week"
CLOUD = "explain why goroutines are better than threads"
BAD_REQUEST = Error(
    400,
    b'{"type":"error","error":{"type":"invalid_request_error",'
    b'"message":"temperature: range: 0..1"}}',
)


def routed(fakes: dict[str, FakeUpstream], **extra: str) -> dict[str, str]:
    return {**fake_env(fakes), **FAST, "TROOPER_ROUTING": "true", **extra}


@dataclass
class Reply:
    status: int
    text: str
    headers: dict[str, str]


def ask(
    proxy: Proxy,
    text: str,
    *,
    force_local: bool = False,
    model: str = "claude-sonnet-4-6",
    stream: bool = False,
) -> Reply:
    """One Anthropic Messages call through the official SDK; errors come back as a status."""
    client = proxy.anthropic(timeout=20)
    headers = {"X-Force-Local": "true"} if force_local else {}
    messages = [{"role": "user", "content": text}]
    try:
        if stream:
            with client.messages.stream(
                model=model,
                max_tokens=100,
                messages=messages,  # type: ignore[arg-type]
                extra_headers=headers,
            ) as s:
                final = s.get_final_message()
                got = dict(s.response.headers)
        else:
            raw = client.messages.with_raw_response.create(
                model=model,
                max_tokens=100,
                messages=messages,  # type: ignore[arg-type]
                extra_headers=headers,
            )
            final, got = raw.parse(), dict(raw.headers)
    except anthropic.APIStatusError as err:
        return Reply(err.status_code, err.message, dict(err.response.headers))
    out = "".join(b.text for b in final.content if b.type == "text")
    return Reply(200, out, got)


# -- 1. the breaker always recovers ------------------------------------------------------------


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
def test_cloud_breaker_recovers_after_a_simple_turn_served_locally(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory, stream: bool
) -> None:
    clock = FakeClock()
    proxy = proxy_factory(routed(fakes), clock)
    claude = fakes["anthropic"]
    claude.always(overloaded("anthropic"))
    for i in range(3):
        assert ask(proxy, f"{CLOUD} {i}", stream=stream).headers["x-trooper-provider"] == "ollama"
    assert claude.count() == 3
    clock.advance(61)
    simple = ask(proxy, SIMPLE, stream=stream)
    assert simple.headers["x-trooper-provider"] == "ollama"
    assert claude.count() == 3, "a simple turn served locally does not call Claude"
    claude.always(None)
    back = ask(proxy, CLOUD, stream=stream)
    assert back.headers["x-trooper-provider"] == "claude", back.headers["x-trooper-decision"]
    assert claude.count() == 4
    assert proxy.state.breakers.get("claude", "claude-sonnet-4-6").state == "closed"


def test_local_breaker_recovers_after_a_cloud_answer(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    """A local hiccup opens the local breaker; a minute later a cloud question is served by
    Claude (the local model, last in its plan, never tried); x_force_local must then work."""
    clock = FakeClock()
    proxy = proxy_factory(routed(fakes), clock)
    local = fakes["ollama"]
    local.always(unavailable("ollama"))
    for i in range(3):
        assert ask(proxy, f"private {i}", force_local=True).status == 503
    local.always(None)
    assert ask(proxy, "private again", force_local=True).status == 503, "open: skipped"
    clock.advance(61)
    assert ask(proxy, CLOUD).headers["x-trooper-provider"] == "claude"
    private = ask(proxy, "the vault key rotates daily", force_local=True)
    assert private.status == 200, private.text
    assert private.headers["x-trooper-decision"] == "ollama (force_local) | privacy mode"


def test_a_probe_answered_with_a_surfaced_400_frees_the_slot(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    clock = FakeClock()
    proxy = proxy_factory({**fake_env(fakes), **FAST}, clock)
    claude = fakes["anthropic"]
    claude.always(overloaded("anthropic"))
    for i in range(3):
        ask(proxy, f"q{i}")
    clock.advance(61)
    claude.always(BAD_REQUEST)
    surfaced = ask(proxy, "the probe")
    assert surfaced.status == 400 and "temperature" in surfaced.text
    claude.always(None)
    after = ask(proxy, "the next question")
    assert after.headers["x-trooper-provider"] == "claude", after.headers["x-trooper-decision"]
    assert claude.count() == 5


def test_a_probe_whose_client_left_frees_the_slot(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    """The half-open probe's client hangs up while Claude is still thinking."""
    clock = FakeClock()
    proxy = proxy_factory({**fake_env(fakes), **FAST, "TROOPER_READ_TIMEOUT_S": "30"}, clock)
    claude = fakes["anthropic"]
    claude.always(overloaded("anthropic"))
    for i in range(3):
        ask(proxy, f"q{i}")
    clock.advance(61)
    claude.always(Hang(20))
    with raw_post(proxy, anthropic_body("the probe")) as sock:
        wait_for(lambda: claude.count() == 4)
        sock.close()
    breaker = proxy.state.breakers.get("claude", "claude-sonnet-4-6")
    wait_for(lambda: breaker.admit() is not None)


# -- 17. the summary's order and the simple turn's label ----------------------------------------


def test_summary_lists_providers_in_the_order_tried(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    proxy = proxy_factory({**fake_env(fakes, keys=("claude", "openai")), **FAST})
    fakes["openai"].always(insufficient_quota())
    first = ask(proxy, "use gpt", model="gpt-4o-mini")
    assert first.headers["x-trooper-provider"] == "claude"  # OpenAI's breaker is now open
    fakes["anthropic"].always(overloaded("anthropic"))
    reply = ask(proxy, "and now claude")
    assert reply.headers["x-trooper-provider"] == "ollama"
    assert reply.headers["x-trooper-summary"] == (
        "claude → openai → ollama (overloaded, circuit_open)"
    )
    assert reply.headers["x-trooper-decision"] == "ollama (fallback: overloaded)"


def test_a_simple_turn_while_the_cloud_is_open_is_labelled_a_simple_turn(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    proxy = proxy_factory(routed(fakes))
    fakes["anthropic"].always(overloaded("anthropic"))
    for i in range(3):
        ask(proxy, f"{CLOUD} {i}")
    assert proxy.state.breakers.get("claude", "claude-sonnet-4-6").state == "open"
    simple = ask(proxy, SIMPLE)
    assert simple.headers["x-trooper-decision"] == "ollama (simple turn) | cloud skipped"
    assert simple.headers["x-trooper-summary"] == "ollama (simple turn) ✓"


# -- 2. a long answer is not abandoned; silence is ------------------------------------------------


def via(up: RawUpstream, fakes: dict[str, FakeUpstream], **extra: str) -> dict[str, str]:
    return {**fake_env(fakes), **FAST, "CLAUDE_BASE_URL": up.url, **extra}


def test_a_long_whole_answer_that_keeps_coming_is_served(
    fakes: dict[str, FakeUpstream],
    proxy_factory: ProxyFactory,
    raw_upstreams: Callable[[Behaviour], RawUpstream],
) -> None:
    """Headers after 1.5 s and a body trickling for 2 s more: over three times the 1 s provider
    timeout in all, but never silent for a whole TROOPER_READ_TIMEOUT_S."""
    body = message("a long, carefully thought answer")

    async def trickle(up: RawUpstream, _: asyncio.StreamReader, w: asyncio.StreamWriter) -> None:
        await asyncio.sleep(1.5)
        await up.write(w, json_head(len(body)))
        for i in range(0, len(body), len(body) // 4 + 1):
            await asyncio.sleep(0.5)
            await up.write(w, body[i : i + len(body) // 4 + 1])

    up = raw_upstreams(trickle)
    proxy = proxy_factory(via(up, fakes, TROOPER_READ_TIMEOUT_S="2"))
    reply = ask(proxy, "think hard")
    assert reply.headers["x-trooper-provider"] == "claude", reply.headers["x-trooper-decision"]
    assert reply.text == "a long, carefully thought answer"
    assert fakes["ollama"].count() == 0


def test_a_silent_whole_answer_falls_over(
    fakes: dict[str, FakeUpstream],
    proxy_factory: ProxyFactory,
    raw_upstreams: Callable[[Behaviour], RawUpstream],
) -> None:
    body = message("never finished")

    async def stall(up: RawUpstream, r: asyncio.StreamReader, w: asyncio.StreamWriter) -> None:
        await up.write(w, json_head(len(body)) + body[:20])
        await hang_until_closed(up, r, w, b"")

    up = raw_upstreams(stall)
    proxy = proxy_factory(via(up, fakes, TROOPER_READ_TIMEOUT_S="1"))
    started = time.monotonic()
    reply = ask(proxy, "hello")
    assert reply.headers["x-trooper-decision"] == "ollama (fallback: timeout)"
    assert time.monotonic() - started < 5
    assert up.closed.wait(5), "the silent upstream call was closed"


# -- 3. a client that leaves cancels its upstream call -------------------------------------------


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "before-first-token"])
def test_a_client_that_leaves_cancels_the_upstream_call(
    fakes: dict[str, FakeUpstream],
    proxy_factory: ProxyFactory,
    raw_upstreams: Callable[[Behaviour], RawUpstream],
    stream: bool,
) -> None:
    head = SSE_HEAD + PRELUDE if stream else b""

    async def hang(up: RawUpstream, r: asyncio.StreamReader, w: asyncio.StreamWriter) -> None:
        await hang_until_closed(up, r, w, head)

    up = raw_upstreams(hang)
    slow = {"TROOPER_READ_TIMEOUT_S": "60", "TROOPER_FIRST_TOKEN_TIMEOUT_S": "60"}
    proxy = proxy_factory(via(up, fakes, **slow))
    with raw_post(proxy, anthropic_body("a long job", stream=stream)):
        wait_for(lambda: len(up.seen) == 1)
        time.sleep(0.2)
    assert up.closed.wait(5), "the upstream saw its connection closed"
    wait_for(lambda: proxy.state.streams == 0)
    assert fakes["ollama"].count() == 0, "nothing was re-run for a client that is gone"


# -- 4. TROOPER_MAX_STREAMS holds before the first token ------------------------------------------


def test_stream_limit_holds_while_streams_wait_for_their_first_token(
    fakes: dict[str, FakeUpstream],
    proxy_factory: ProxyFactory,
    raw_upstreams: Callable[[Behaviour], RawUpstream],
) -> None:
    async def hang(up: RawUpstream, r: asyncio.StreamReader, w: asyncio.StreamWriter) -> None:
        await hang_until_closed(up, r, w, SSE_HEAD + PRELUDE)

    up = raw_upstreams(hang)
    proxy = proxy_factory(
        via(up, fakes, TROOPER_MAX_STREAMS="2", TROOPER_FIRST_TOKEN_TIMEOUT_S="60")
    )
    clients = [raw_post(proxy, anthropic_body(f"stream {i}", stream=True)) for i in range(6)]
    try:
        refused = 0
        for c in clients:
            c.sock.settimeout(2)
            with contextlib.suppress(TimeoutError):
                refused += b" 429 " in c.sock.recv(4096)
        assert refused == 4
        assert len(up.seen) == 2, "only two streams reached the upstream"
        assert proxy.state.streams == 2
    finally:
        for c in clients:
            c.sock.close()
    wait_for(lambda: proxy.state.streams == 0)


PATHS = {
    "served": (Ok(), None),
    "all failed": (overloaded("anthropic"), unavailable("ollama")),
    "surfaced 400": (BAD_REQUEST, None),
    "cut, no rescue": (CutStream(after=2), unavailable("ollama")),
}


@pytest.mark.parametrize("path", list(PATHS))
def test_every_stream_path_gives_its_slot_back(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory, path: str
) -> None:
    proxy = proxy_factory({**fake_env(fakes), **FAST, "TROOPER_MAX_STREAMS": "1"})
    cloud, local = PATHS[path]
    fakes["anthropic"].script(cloud)
    if local is not None:
        fakes["ollama"].script(local, local)
    with raw_post(proxy, anthropic_body("first", stream=True)) as sock:
        sock.settimeout(10)
        while sock.recv(65536):
            pass
    wait_for(lambda: proxy.state.streams == 0)
    fakes["ollama"].reset()
    again = ask(proxy, "second", stream=True)
    assert again.status == 200 and again.text == "anthropic says: second"


# -- 9. no redirect is followed with the key -----------------------------------------------------


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "stream"])
def test_a_redirect_is_a_failure_and_the_key_stays_home(
    fakes: dict[str, FakeUpstream],
    proxy_factory: ProxyFactory,
    raw_upstreams: Callable[[Behaviour], RawUpstream],
    stream: bool,
) -> None:
    async def answer(up: RawUpstream, _: asyncio.StreamReader, w: asyncio.StreamWriter) -> None:
        await up.write(w, json_head(len(message("stolen"))) + message("stolen"))

    elsewhere = raw_upstreams(answer)

    async def redirect(up: RawUpstream, _: asyncio.StreamReader, w: asyncio.StreamWriter) -> None:
        await up.write(
            w,
            b"HTTP/1.1 307 Temporary Redirect\r\n"
            + f"Location: {elsewhere.url}/v1/messages?token=x\r\n".encode()
            + b"Content-Length: 0\r\nConnection: close\r\n\r\n",
        )

    up = raw_upstreams(redirect)
    proxy = proxy_factory(via(up, fakes))
    reply = ask(proxy, "hello", stream=stream)
    assert reply.status == 200
    assert reply.headers["x-trooper-decision"] == "ollama (fallback: redirect)"
    assert reply.headers["x-trooper-summary"] == "claude → ollama (redirect)"
    assert len(up.seen) == 1 and up.seen[0].headers["x-api-key"] == "sk-ant-test-key"
    time.sleep(0.2)
    assert elsewhere.seen == [], "the redirect target saw nothing"


def test_a_health_check_does_not_follow_a_redirect(
    fakes: dict[str, FakeUpstream],
    proxy_factory: ProxyFactory,
    raw_upstreams: Callable[[Behaviour], RawUpstream],
) -> None:
    async def models(up: RawUpstream, _: asyncio.StreamReader, w: asyncio.StreamWriter) -> None:
        await up.write(w, json_head(len(b'{"data": []}')) + b'{"data": []}')

    elsewhere = raw_upstreams(models)

    async def redirect(up: RawUpstream, _: asyncio.StreamReader, w: asyncio.StreamWriter) -> None:
        await up.write(
            w,
            b"HTTP/1.1 302 Found\r\n"
            + f"Location: {elsewhere.url}/v1/models\r\n".encode()
            + b"Content-Length: 0\r\nConnection: close\r\n\r\n",
        )

    up = raw_upstreams(redirect)
    proxy = proxy_factory(via(up, fakes, AUTO_RECOVERY="true"), FakeClock())
    for i in range(3):
        assert ask(proxy, f"q{i}").headers["x-trooper-decision"] == "ollama (fallback: redirect)"
    breaker = proxy.state.breakers.get("claude", "claude-sonnet-4-6")
    assert breaker.state == "open"
    recovery = proxy.state.recovery
    assert recovery is not None
    proxy.run(recovery.check_all())
    assert up.seen[-1].path == "/v1/models"
    assert breaker.state == "open", "a redirect is not a healthy answer"
    assert elsewhere.seen == [], "the key was not sent to the redirect target"


# -- 12. no unbounded upstream reads -----------------------------------------------------------


def test_an_endless_whole_body_fails_the_provider(
    fakes: dict[str, FakeUpstream],
    proxy_factory: ProxyFactory,
    raw_upstreams: Callable[[Behaviour], RawUpstream],
) -> None:
    async def endless(up: RawUpstream, _: asyncio.StreamReader, w: asyncio.StreamWriter) -> None:
        await up.write(
            w,
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n",
        )
        piece = b"%x\r\n%s\r\n" % (256 * 1024, b" " * 256 * 1024)
        while True:
            await up.write(w, piece)

    up = raw_upstreams(endless)
    limit = 2 * 1024 * 1024
    proxy = proxy_factory(via(up, fakes, TROOPER_MAX_RESPONSE_BYTES=str(limit)))
    reply = ask(proxy, "hello")
    assert reply.headers["x-trooper-decision"] == "ollama (fallback: response_too_large)"
    assert up.closed.wait(5), "the proxy stopped reading and hung up"
    assert up.sent < 4 * limit + 8 * 1024 * 1024  # what the socket buffers took, no more


def test_an_announced_huge_body_is_not_read(
    fakes: dict[str, FakeUpstream],
    proxy_factory: ProxyFactory,
    raw_upstreams: Callable[[Behaviour], RawUpstream],
) -> None:
    async def huge(up: RawUpstream, r: asyncio.StreamReader, w: asyncio.StreamWriter) -> None:
        await hang_until_closed(up, r, w, json_head(10 * 1024**3) + b'{"id": "')

    up = raw_upstreams(huge)
    proxy = proxy_factory(via(up, fakes, TROOPER_READ_TIMEOUT_S="30"))
    reply = ask(proxy, "hello")
    assert reply.headers["x-trooper-decision"] == "ollama (fallback: response_too_large)"
    assert up.closed.wait(5)


@pytest.mark.parametrize("committed", [False, True], ids=["before-content", "after-content"])
def test_an_endless_stream_line_fails_the_provider(
    fakes: dict[str, FakeUpstream],
    proxy_factory: ProxyFactory,
    raw_upstreams: Callable[[Behaviour], RawUpstream],
    committed: bool,
) -> None:
    async def endless(up: RawUpstream, _: asyncio.StreamReader, w: asyncio.StreamWriter) -> None:
        await up.write(w, SSE_HEAD + PRELUDE + (FIRST_TOKEN if committed else b"") + b"data: ")
        while True:
            await up.write(w, b"x" * 64 * 1024)

    up = raw_upstreams(endless)
    limit = 1024 * 1024
    proxy = proxy_factory(via(up, fakes, TROOPER_MAX_LINE_BYTES=str(limit)))
    with raw_post(proxy, anthropic_body("hello", stream=True)) as sock:
        sock.settimeout(10)
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
            if b"event: message_stop" in received or b"event: error" in received:
                break
    assert up.closed.wait(5), "the proxy hung up on the endless line"
    assert up.sent < 4 * limit + 8 * 1024 * 1024
    assert b"event: message_stop" in received
    text = "".join(
        json.loads(line[6:])["delta"].get("text", "")
        for line in received.decode().split("\n")
        if line.startswith("data: ") and '"content_block_delta"' in line
    )
    if committed:  # the client already had "Hi": the answer is completed on the local model
        assert text.startswith("Hi") and "ollama" in text
    else:  # nothing was sent yet: an invisible fall-over
        assert b"x-trooper-decision: ollama (fallback: response_too_large)" in received.lower()
        assert text == "ollama says: hello"


# -- 19. settings that cannot work stop the start with an actionable line ---------------------


@pytest.mark.parametrize(
    ("env", "words"),
    [
        ({"TROOPER_PROVIDER_TIMEOUT_S": "inf"}, "TROOPER_PROVIDER_TIMEOUT_S must be a finite"),
        ({"TROOPER_PROVIDER_TIMEOUT_S": "1e309"}, "TROOPER_PROVIDER_TIMEOUT_S must be a finite"),
        ({"TROOPER_FIRST_TOKEN_TIMEOUT_S": "nan"}, "TROOPER_FIRST_TOKEN_TIMEOUT_S must be a fin"),
        ({"TROOPER_READ_TIMEOUT_S": "1e300"}, "TROOPER_READ_TIMEOUT_S must be between 0 and"),
        ({"TROOPER_RETRY_BACKOFF_S": "-inf"}, "TROOPER_RETRY_BACKOFF_S must be a finite"),
        ({"TROOPER_STORE": "mem0ry"}, "write memory for an in-process store"),
        ({"TROOPER_STORE": "postgres://db/x"}, "TROOPER_STORE has an unknown scheme 'postgres'"),
        ({"TROOPER_PORT": "0"}, "TROOPER_PORT must be between 1 and 65535"),
        ({"TROOPER_RULES_FILE": "no-such-rules.toml"}, "TROOPER_RULES_FILE='no-such-rules.toml'"),
        ({"TROOPER_MAX_LINE_BYTES": "12"}, "TROOPER_MAX_LINE_BYTES must be at least 1024"),
    ],
)
def test_a_setting_that_cannot_work_is_refused_at_start(
    env: dict[str, str], words: str, tmp_path: Path
) -> None:
    result = serve_once(env, tmp_path)
    assert result.returncode == 2
    assert words in result.stderr
    assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == [], "nothing was created (no SQLite file named mem0ry)"


def test_an_unusable_store_path_is_named_as_the_store(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    result = serve_once({"TROOPER_STORE": str(blocker / "sessions.db")}, tmp_path)
    assert result.returncode == 2
    assert f"cannot open the session store TROOPER_STORE={blocker / 'sessions.db'}" in (
        result.stderr
    )
    assert "listen" not in result.stderr and "Traceback" not in result.stderr


def test_a_broken_rules_file_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    rules = tmp_path / "rules.toml"
    rules.write_text("[limits\n")
    result = serve_once({"TROOPER_RULES_FILE": str(rules)}, tmp_path)
    assert result.returncode == 2
    assert "TROOPER_RULES_FILE cannot be used" in result.stderr
    assert "Traceback" not in result.stderr


def test_good_settings_still_start(tmp_path: Path) -> None:
    """The same checks pass a store path and rules file that work (the server comes up)."""
    rules = tmp_path / "rules.toml"
    rules.write_text("extends = true\n")
    port = free_port()
    env = {
        **os.environ,
        "TROOPER_PORT": str(port),
        "TROOPER_STORE": str(tmp_path / "s.db"),
        "TROOPER_RULES_FILE": str(rules),
        "TROOPER_READ_TIMEOUT_S": "600",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "trooper", "serve"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_until_up(f"http://127.0.0.1:{port}/health", process, 20)
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(10)
        if process.stderr is not None:
            process.stderr.close()


def serve_once(env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("TROOPER_")}
    return subprocess.run(
        [sys.executable, "-m", "trooper", "serve"],
        env={**base, "TROOPER_PORT": str(free_port()), **env},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=30,
    )


# -- a hand-written upstream on a raw socket ---------------------------------------------------

Behaviour = Callable[["RawUpstream", asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


@dataclass
class Seen:
    path: str
    headers: dict[str, str]


@dataclass
class RawUpstream:
    """An HTTP/1.1 server on 127.0.0.1 answering every request with ``behaviour``, written on a
    bare socket so a test controls each byte and sees when the proxy hangs up (``closed``)."""

    behaviour: Behaviour
    seen: list[Seen] = field(default_factory=list)
    closed: threading.Event = field(default_factory=threading.Event)
    sent: int = 0
    url: str = ""

    def __post_init__(self) -> None:
        self._loop = asyncio.new_event_loop()
        ready = threading.Event()

        async def start() -> None:
            self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
            self.url = f"http://127.0.0.1:{self._server.sockets[0].getsockname()[1]}"
            ready.set()

        def run() -> None:
            asyncio.set_event_loop(self._loop)
            self._loop.run_until_complete(start())
            self._loop.run_forever()

        self._thread = threading.Thread(target=run, daemon=True, name="raw-upstream")
        self._thread.start()
        assert ready.wait(5)

    def stop(self) -> None:
        async def close() -> None:
            self._server.close()
            for task in asyncio.all_tasks():
                if task is not asyncio.current_task():
                    task.cancel()

        asyncio.run_coroutine_threadsafe(close(), self._loop).result(5)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)
        self._loop.close()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            headers = {}
            for line in lines[1:]:
                name, _, value = line.partition(":")
                if name:
                    headers[name.strip().lower()] = value.strip()
            await reader.readexactly(int(headers.get("content-length", "0")))
            self.seen.append(Seen(lines[0].split(" ")[1], headers))
            await self.behaviour(self, reader, writer)
        except (ConnectionError, asyncio.IncompleteReadError):
            self.closed.set()
        except asyncio.CancelledError:
            pass  # stopped by the test: end quietly
        finally:
            writer.close()

    async def write(self, writer: asyncio.StreamWriter, data: bytes) -> None:
        writer.write(data)
        await writer.drain()
        self.sent += len(data)


@pytest.fixture
def raw_upstreams() -> Iterator[Callable[[Behaviour], RawUpstream]]:
    started: list[RawUpstream] = []

    def start(behaviour: Behaviour) -> RawUpstream:
        upstream = RawUpstream(behaviour)
        started.append(upstream)
        return upstream

    yield start
    for upstream in started:
        upstream.stop()


def message(text: str) -> bytes:
    return json.dumps(
        {
            "id": "msg_raw",
            "type": "message",
            "role": "assistant",
            "model": "claude-sonnet-4-6",
            "content": [{"type": "text", "text": text}],
            "stop_reason": "end_turn",
            "stop_sequence": None,
            "usage": {"input_tokens": 5, "output_tokens": 3},
        }
    ).encode()


def sse(event: str, data: dict[str, object]) -> bytes:
    return f"event: {event}\ndata: {json.dumps(data)}\n\n".encode()


SSE_HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n"
PRELUDE = (
    sse(
        "message_start",
        {
            "type": "message_start",
            "message": {
                "id": "msg_raw",
                "type": "message",
                "role": "assistant",
                "model": "claude-sonnet-4-6",
                "content": [],
                "stop_reason": None,
                "stop_sequence": None,
                "usage": {"input_tokens": 5, "output_tokens": 1},
            },
        },
    )
    + sse("ping", {"type": "ping"})
    + sse(
        "content_block_start",
        {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
    )
)
FIRST_TOKEN = sse(
    "content_block_delta",
    {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "Hi"}},
)


def json_head(length: int) -> bytes:
    return (
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
        f"Content-Length: {length}\r\nConnection: close\r\n\r\n"
    ).encode()


async def hang_until_closed(
    up: RawUpstream, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, head: bytes
) -> None:
    """Send ``head``, then nothing: wait for the proxy to hang up, and note that it did."""
    await up.write(writer, head)
    while await reader.read(4096):
        pass
    up.closed.set()


# -- helpers: raw sockets and waiting ----------------------------------------------------------


def anthropic_body(text: str, *, stream: bool = False) -> bytes:
    return json.dumps(
        {
            "model": "claude-sonnet-4-6",
            "max_tokens": 50,
            "stream": stream,
            "messages": [{"role": "user", "content": text}],
        }
    ).encode()


class raw_post:
    """A POST to /v1/messages on a raw socket, left open until the test closes it."""

    def __init__(self, proxy: Proxy, body: bytes, path: str = "/v1/messages") -> None:
        parts = urlsplit(proxy.url)
        self.sock = socket.create_connection((parts.hostname or "", parts.port or 80), timeout=10)
        self.sock.sendall(
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            "Connection: close\r\n"
            f"Content-Length: {len(body)}\r\n\r\n".encode()
            + body
        )

    def __enter__(self) -> socket.socket:
        return self.sock

    def __exit__(self, *_: object) -> None:
        self.sock.close()


def wait_for(condition: Callable[[], bool], seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail("the condition did not hold in time")
        time.sleep(0.02)
