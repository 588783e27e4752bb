"""The status page (``GET /status``) in a real browser and over plain HTTP.

Traffic goes through the proxy with the official SDKs (a Claude answer, then a credit-balance
fallback to the local model, and a model name carrying markup); then Debian's headless chromium
loads the page, driven over the Chrome DevTools Protocol with aiohttp's websocket client, and the
rendered DOM is checked: the breaker opened, the decision is listed, the session saved tokens,
the chart is drawn, and no injected markup became an element or ran.

Needs ``chromium`` on the PATH (``apt-get install -y chromium``); without it the browser tests
fail, unless ``TROOPER_SKIP_BROWSER=1``.
"""

from __future__ import annotations

import asyncio
import base64
import dataclasses
import os
import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from tests.conftest import Proxy, fake_env
from tests.fakes.upstream import FakeUpstream, credit_balance
from trooper.server.metrics import DecisionRecord
from trooper.server.status import chart

ProxyFactory = Callable[..., Proxy]
XSS = "<img src=x onerror=alert(1)>"
KEYS = ("sk-ant-test-key", "sk-test-openai", "AIza-test-gemini")
PNG = b"\x89PNG\r\n\x1a\n"

# One call in the page: everything the assertions need, read at once (the page refreshes).
DOM_REPORT = """(() => {
  const rows = (id) => [...document.querySelectorAll(`#${id} tbody tr`)]
    .map((tr) => [...tr.cells].map((td) => td.textContent.trim()));
  return {
    title: document.title,
    providers: rows('providers'),
    decisions: rows('decisions'),
    sessions: rows('sessions'),
    saved: document.getElementById('tokens-saved').textContent,
    served: document.getElementById('requests-served').textContent,
    polylines: [...document.querySelectorAll('#chart svg polyline')]
      .map((p) => p.getAttribute('points')),
    imgs: document.querySelectorAll('img').length,
    scripts: document.querySelectorAll('script').length,
    handlers: [...document.querySelectorAll('*')]
      .filter((e) => [...e.attributes].some((a) => a.name.startsWith('on'))).length,
    text: document.body.innerText,
  };
})()"""


# -- chromium over the DevTools Protocol ------------------------------------------------------


@dataclass
class Browser:
    """A headless chromium with its DevTools endpoint on ``base`` (http://127.0.0.1:port)."""

    base: str


@dataclass
class Page:
    """One tab's CDP connection: commands by id, events kept for later inspection."""

    ws: aiohttp.ClientWebSocketResponse
    events: list[dict[str, Any]] = field(default_factory=list)
    last_id: int = 0

    async def send(self, method: str, **params: Any) -> dict[str, Any]:
        self.last_id += 1
        await self.ws.send_json({"id": self.last_id, "method": method, "params": params})
        while True:
            message = await self.ws.receive_json()
            if message.get("id") == self.last_id:
                assert "error" not in message, f"{method} failed: {message['error']}"
                result: dict[str, Any] = message["result"]
                return result
            self.events.append(message)

    async def wait_for(self, event: str) -> None:
        while not any(e.get("method") == event for e in self.events):
            self.events.append(await self.ws.receive_json())

    async def evaluate(self, expression: str) -> Any:
        result = await self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        assert "exceptionDetails" not in result, result["exceptionDetails"]
        return result["result"].get("value")


@dataclass
class Visit:
    dom: dict[str, Any]
    png: bytes
    events: list[dict[str, Any]]


def devtools_port(profile: Path, process: subprocess.Popen[bytes]) -> int:
    """Chromium writes its DevTools port to the profile once it listens."""
    marker = profile / "DevToolsActivePort"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert process.poll() is None, f"chromium exited with {process.returncode}"
        if marker.is_file() and (lines := marker.read_text().splitlines()):
            return int(lines[0])
        time.sleep(0.05)
    raise AssertionError("chromium did not open its DevTools port within 30 s")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    path = shutil.which("chromium")
    if path is None:
        if os.environ.get("TROOPER_SKIP_BROWSER") == "1":
            pytest.skip("chromium not installed and TROOPER_SKIP_BROWSER=1")
        pytest.fail(
            "chromium is not on the PATH: install it (apt-get install -y chromium) "
            "or set TROOPER_SKIP_BROWSER=1 to skip the browser tests"
        )
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as profile:
        args = [
            *("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"),
            *("--disable-component-update", "--disable-sync", "--no-first-run"),
            *("--no-default-browser-check", "--window-size=1280,1000"),
            *(f"--user-data-dir={profile}", "--remote-debugging-port=0", "about:blank"),
        ]
        process = subprocess.Popen(
            [path, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            yield Browser(f"http://127.0.0.1:{devtools_port(Path(profile), process)}")
        finally:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(10)


async def _visit(browser: Browser, url: str) -> Visit:
    async with aiohttp.ClientSession() as http:
        async with http.put(f"{browser.base}/json/new?about:blank") as response:
            target = await response.json()
        try:
            async with http.ws_connect(target["webSocketDebuggerUrl"], max_msg_size=0) as ws:
                page = Page(ws)
                for domain in ("Page", "Runtime", "Log"):
                    await page.send(f"{domain}.enable")
                await page.send("Page.navigate", url=url)
                await page.wait_for("Page.loadEventFired")
                dom = await page.evaluate(DOM_REPORT)
                shot = await page.send("Page.captureScreenshot", format="png")
                return Visit(dom, base64.b64decode(shot["data"]), page.events)
        finally:
            async with http.get(f"{browser.base}/json/close/{target['id']}"):
                pass


def visit(browser: Browser, url: str) -> Visit:
    async def bounded() -> Visit:
        async with asyncio.timeout(30):
            return await _visit(browser, url)

    return asyncio.run(bounded())


# -- traffic and plain HTTP -------------------------------------------------------------------


def serve_traffic(proxy: Proxy, claude: FakeUpstream) -> None:
    """A Claude answer, a credit-balance fallback in session s-1, a model name with markup."""
    anthropic_client = proxy.anthropic(timeout=20)
    first = anthropic_client.messages.create(
        model="claude-sonnet-4-6",
        max_tokens=64,
        messages=[{"role": "user", "content": f"Repeat this: {XSS}"}],
        extra_headers={"X-Session-ID": "s-1"},
    )
    assert XSS in first.content[0].text  # type: ignore[union-attr]
    claude.always(credit_balance())
    openai_client = proxy.openai(timeout=20)
    fell = openai_client.chat.completions.with_raw_response.create(
        model="claude-sonnet-4-6",
        messages=[{"role": "user", "content": f"And again: {XSS}"}],
        extra_headers={"X-Session-ID": "s-1"},
    )
    assert fell.headers["x-trooper-fallback-count"] == "1"
    openai_client.chat.completions.create(
        model=f"claude-{XSS}", messages=[{"role": "user", "content": "hi"}]
    )


def get(url: str, **headers: str) -> tuple[int, dict[str, str], str]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as err:
        with err:
            return err.code, dict(err.headers), err.read().decode()


def inject(proxy: Proxy, record: DecisionRecord) -> None:
    """Add a decision on the proxy's own loop, as the chat handler would."""

    async def add() -> None:
        proxy.state.telemetry.served(dataclasses.replace(record, ts=time.time()), [], False)

    proxy.run(add())


HOSTILE = DecisionRecord(
    ts=0.0,
    session='"><svg onload=alert(1)>',
    dialect="openai",
    provider="ollama",
    route="cloud",
    decision="<b>bold</b>",
    summary="<script>alert(1)</script> & 'quotes'",
    outcome="ok",
    saved=7,
)


# -- in the browser ---------------------------------------------------------------------------


def test_status_page_in_a_real_browser(
    fakes: dict[str, FakeUpstream],
    proxy_factory: ProxyFactory,
    browser: Browser,
    tmp_path: Path,
) -> None:
    proxy = proxy_factory(fake_env(fakes))
    serve_traffic(proxy, fakes["anthropic"])
    inject(proxy, HOSTILE)

    seen = visit(browser, f"{proxy.url}/status")
    dom = seen.dom

    assert dom["title"] == "Trooper status"
    claude = [r for r in dom["providers"] if r[1] == "claude" and r[4] == "claude-sonnet-4-6"]
    assert claude, dom["providers"]
    assert claude[0][5] == "open" and claude[0][6] == "credit_balance", claude
    assert claude[0][3] == "yes"
    assert [r[1] for r in dom["providers"]][-1] == "ollama", "the local model is last"
    assert any(r[4] == f"claude-{XSS}" for r in dom["providers"]), "markup shown as text"

    summaries = [r[5] for r in dom["decisions"]]
    assert summaries[0] == HOSTILE.summary, "newest first, shown as plain text"
    assert any(s.startswith("claude → ollama (credit_balance)") for s in summaries)
    assert len(dom["decisions"]) == 4 and dom["served"] == "4"

    named = [r for r in dom["sessions"] if r[0] == "s-1"]
    assert named and named[0][2] == "2" and int(named[0][3]) > 0, dom["sessions"]
    assert int(dom["saved"]) >= int(named[0][3])

    assert len(dom["polylines"]) == 1 and len(dom["polylines"][0].split()) >= 2

    assert dom["imgs"] == 0 and dom["scripts"] == 0 and dom["handlers"] == 0
    assert XSS in dom["text"] and "<script>alert(1)</script>" in dom["text"]
    methods = {e.get("method") for e in seen.events}
    assert "Page.javascriptDialogOpening" not in methods, "an injected handler ran"

    shot = tmp_path / "status.png"
    shot.write_bytes(seen.png)
    assert shot.stat().st_size > 5_000 and shot.read_bytes().startswith(PNG)


def test_empty_status_page_in_a_real_browser(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory, browser: Browser
) -> None:
    proxy = proxy_factory(fake_env(fakes))
    dom = visit(browser, f"{proxy.url}/status").dom
    assert dom["decisions"] == [["No requests served yet."]]
    assert dom["sessions"] == [["No live sessions."]]
    assert dom["saved"] == "0" and dom["served"] == "0"
    assert [r[5] for r in dom["providers"]] == ["closed", "closed", "closed", "closed"]
    assert len(dom["polylines"]) == 1, "an empty chart still draws its baseline"


# -- plain HTTP -------------------------------------------------------------------------------


def test_status_is_html_with_a_strict_policy(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    proxy = proxy_factory(fake_env(fakes))
    status, headers, body = get(f"{proxy.url}/status")
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    policy = headers["Content-Security-Policy"]
    for directive in ("default-src 'none'", "style-src 'unsafe-inline'", "img-src data:"):
        assert directive in policy
    assert "script-src" not in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert body.startswith("<!DOCTYPE html>") and "<script" not in body
    assert "http://" not in body.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_status_escapes_markup(fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory) -> None:
    proxy = proxy_factory(fake_env(fakes))
    serve_traffic(proxy, fakes["anthropic"])
    inject(proxy, HOSTILE)
    _, _, body = get(f"{proxy.url}/status")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#x27;quotes&#x27;" in body
    assert "&quot;&gt;&lt;svg onload=alert(1)&gt;" in body
    assert "&lt;b&gt;bold&lt;/b&gt;" in body
    assert "claude-&lt;img src=x onerror=alert(1)&gt;" in body
    for raw in ("<script>", "<svg onload", "<b>bold", "<img"):
        assert raw not in body


def test_status_never_shows_an_api_key(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    proxy = proxy_factory(fake_env(fakes, keys=("claude", "openai", "gemini")))
    serve_traffic(proxy, fakes["anthropic"])
    _, _, body = get(f"{proxy.url}/status")
    assert "credit_balance" in body
    for key in KEYS:
        assert key not in body
        assert key[:8] not in body


def test_status_needs_the_token_when_one_is_set(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    proxy = proxy_factory({**fake_env(fakes), "TROOPER_AUTH_TOKEN": "page-token"})
    assert get(f"{proxy.url}/status")[0] == 401
    status, _, body = get(f"{proxy.url}/status", Authorization="Bearer page-token")
    assert status == 200 and "page-token" not in body


def test_chart_scales_the_series_into_the_box() -> None:
    svg = chart([(100.0, 10), (110.0, 30), (130.0, 40)])
    points = svg.split('points="')[1].split('"')[0].split()
    assert len(points) == 4, "the line starts from zero"
    xs = [float(p.split(",")[0]) for p in points]
    ys = [float(p.split(",")[1]) for p in points]
    assert xs == sorted(xs) and xs[0] < xs[-1]
    assert ys[0] == max(ys) and ys[-1] == min(ys), "zero at the bottom, the total at the top"
    assert "<polyline" in chart([]) and "<polyline" in chart([(5.0, 3)])
