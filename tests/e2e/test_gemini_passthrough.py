"""Through a running Trooper: a Gemini API client served by Gemini gets Gemini's own answer,
byte for byte, as an Anthropic client served by Claude does. Gemini is a real HTTP server on
127.0.0.1 answering with fixed bytes (spaced, with a field Trooper does not know)."""

from __future__ import annotations

import http.client
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import orjson
import pytest

from tests.conftest import Proxy, fake_env
from tests.fakes.upstream import FakeUpstream

ProxyFactory = Callable[[dict[str, str]], Proxy]
ANSWER = b"""{
  "candidates": [{"content": {"role": "model", "parts": [{"text": "gemini says hi"}]},
                  "finishReason": "STOP", "index": 0, "avgLogprobs": -0.25}],
  "usageMetadata": {"promptTokenCount": 4, "candidatesTokenCount": 3, "totalTokenCount": 7},
  "modelVersion": "gemini-2.5-flash",
  "responseId": "own-id-1"
}
"""


class _Gemini(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["content-length"]))
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(ANSWER)))
        self.end_headers()
        self.wfile.write(ANSWER)

    def log_message(self, format: str, *args: object) -> None:
        del format, args  # quiet


@pytest.fixture
def gemini() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Gemini)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join(5)


def test_a_whole_gemini_answer_reaches_a_gemini_client_as_gemini_sent_it(
    proxy_factory: ProxyFactory, fakes: dict[str, FakeUpstream], gemini: str
) -> None:
    env = {**fake_env(fakes, keys=("gemini",)), "GEMINI_BASE_URL": gemini}
    proxy = proxy_factory(env)
    parts = urlsplit(proxy.url)
    conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    try:
        body = {"contents": [{"role": "user", "parts": [{"text": "Hello there"}]}]}
        path = "/v1beta/models/gemini-2.5-flash:generateContent"
        conn.request("POST", path, orjson.dumps(body), {"content-type": "application/json"})
        response = conn.getresponse()
        raw = response.read()
    finally:
        conn.close()
    assert response.status == 200
    assert response.getheader("x-trooper-provider") == "gemini"
    assert raw == ANSWER
