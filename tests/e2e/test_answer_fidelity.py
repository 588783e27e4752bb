"""Through a running Trooper: an Anthropic SDK client served by Claude gets what Claude said
(prompt-cache usage, the matched stop sequence, ``pause_turn``, server-tool blocks), streamed or
not. Claude is a real HTTP server on 127.0.0.1 answering with fixed bytes."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import orjson
import pytest

from tests.conftest import Proxy, fake_env
from tests.fakes.upstream import FakeUpstream
from tests.translate.test_answer_fidelity import (
    SEARCH_INPUT,
    cache_figures,
    claude_stream,
    whole_claude_answer,
)

ProxyFactory = Callable[[dict[str, str]], Proxy]


class _Claude(BaseHTTPRequestHandler):
    stream: bytes = b""
    whole: bytes = b""

    def do_POST(self) -> None:
        body = orjson.loads(self.rfile.read(int(self.headers["content-length"])))
        streamed = bool(body.get("stream"))
        payload = self.stream if streamed else self.whole
        self.send_response(200)
        kind = "text/event-stream" if streamed else "application/json"
        self.send_header("content-type", kind)
        self.send_header("content-length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: object) -> None:
        del format, args  # quiet


@pytest.fixture
def claude() -> Iterator[tuple[str, type[_Claude]]]:
    handler = type("Claude", (_Claude,), {})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", handler
    server.shutdown()
    server.server_close()
    thread.join(5)


def _proxy(proxy_factory: ProxyFactory, fakes: dict[str, FakeUpstream], url: str) -> Proxy:
    return proxy_factory({**fake_env(fakes), "CLAUDE_BASE_URL": url})


def test_streamed_answer_reaches_the_sdk_as_claude_sent_it(
    proxy_factory: ProxyFactory,
    fakes: dict[str, FakeUpstream],
    claude: tuple[str, type[_Claude]],
) -> None:
    url, handler = claude
    handler.stream = claude_stream("stop_sequence", "###")
    client = _proxy(proxy_factory, fakes, url).anthropic()
    with client.messages.stream(
        model="claude-sonnet-4-6",
        max_tokens=100,
        stop_sequences=["###"],
        messages=[{"role": "user", "content": "search for trooper"}],
    ) as stream:
        message = stream.get_final_message()
    assert cache_figures(message.usage) == (12, 300, 5000, 87)
    assert (message.stop_reason, message.stop_sequence) == ("stop_sequence", "###")
    assert [b.type for b in message.content] == [
        "server_tool_use",
        "web_search_tool_result",
        "text",
    ]
    assert message.content[0].type == "server_tool_use"
    assert message.content[0].input == SEARCH_INPUT


def test_streamed_pause_turn_reaches_the_sdk(
    proxy_factory: ProxyFactory,
    fakes: dict[str, FakeUpstream],
    claude: tuple[str, type[_Claude]],
) -> None:
    url, handler = claude
    handler.stream = claude_stream("pause_turn", None)
    client = _proxy(proxy_factory, fakes, url).anthropic()
    with client.messages.stream(
        model="claude-sonnet-4-6",
        max_tokens=100,
        messages=[{"role": "user", "content": "search for trooper"}],
    ) as stream:
        message = stream.get_final_message()
    assert message.stop_reason == "pause_turn"
    assert cache_figures(message.usage) == (12, 300, 5000, 87)


def test_whole_answer_reaches_both_sdks_with_cache_usage(
    proxy_factory: ProxyFactory,
    fakes: dict[str, FakeUpstream],
    claude: tuple[str, type[_Claude]],
) -> None:
    url, handler = claude
    handler.whole = orjson.dumps(whole_claude_answer("stop_sequence", "###"))
    proxy = _proxy(proxy_factory, fakes, url)
    message = proxy.anthropic().messages.create(
        model="claude-sonnet-4-6",
        max_tokens=100,
        messages=[{"role": "user", "content": "search for trooper"}],
    )
    assert cache_figures(message.usage) == (12, 300, 5000, 87)
    assert message.stop_sequence == "###"
    completion = proxy.openai().chat.completions.create(
        model="claude-sonnet-4-6", messages=[{"role": "user", "content": "search for trooper"}]
    )
    usage = completion.usage
    assert usage is not None and usage.prompt_tokens_details is not None
    assert (usage.prompt_tokens, usage.prompt_tokens_details.cached_tokens) == (5312, 5000)
