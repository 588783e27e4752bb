"""The demo's story, scene by scene, each a real request to a real Trooper server.

1. A simple question: served locally, the cloud never contacted.
2. A complex question: served by the cloud.
3. The cloud's credit runs out: the session carries on locally, with its context.
4. The circuit opens: the dead cloud costs no more round trips.
5. Four agents at once: two on the cloud, two private (``x_force_local``) that never reach it.
"""

from __future__ import annotations

import asyncio
import logging
import sys
import time
from dataclasses import replace
from typing import TextIO

import aiohttp
import orjson
from aiohttp import web

from trooper.demo.sim import SimCloud, SimLocal
from trooper.logs import setup_logging
from trooper.server.app import create_app
from trooper.server.state import TROOPER
from trooper.settings import Settings

SESSION = "demo-session"
MODEL = "claude-sonnet-4-6"


class Story:
    def __init__(self, url: str, out: TextIO, cloud: SimCloud | None) -> None:
        self.url = url
        self.out = out
        self.cloud = cloud
        self.history: list[dict[str, object]] = []

    def say(self, text: str = "") -> None:
        print(text, file=self.out, flush=True)

    def scene(self, title: str) -> None:
        self.say()
        self.say(f"━━ {title}")

    def cloud_count(self) -> str:
        return f"{self.cloud.requests}" if self.cloud is not None else "n/a (live)"

    async def ask(
        self,
        http: aiohttp.ClientSession,
        text: str,
        *,
        session: str = SESSION,
        force_local: bool = False,
        keep: bool = True,
        quiet: bool = False,
    ) -> dict[str, str]:
        messages = (
            [*self.history, {"role": "user", "content": text}]
            if keep
            else [{"role": "user", "content": text}]
        )
        body: dict[str, object] = {"model": MODEL, "max_tokens": 256, "messages": messages}
        if force_local:
            body["x_force_local"] = True
        async with http.post(
            f"{self.url}/v1/chat/completions",
            data=orjson.dumps(body),
            headers={"content-type": "application/json", "X-Session-ID": session},
        ) as response:
            data = await response.json(loads=orjson.loads)
            headers = {k: v for k, v in response.headers.items() if k.startswith("X-Trooper")}
        if response.status != 200:
            self.say(f"  ✗ {response.status}: {data}")
            return headers
        answer = data["choices"][0]["message"]["content"]
        if keep:
            self.history += [
                {"role": "user", "content": text},
                {"role": "assistant", "content": answer},
            ]
        if not quiet:
            self.say(f'  > "{text}"')
            self.say(f"  < {answer}")
            for name in ("Provider", "Fallback-Count", "Decision", "Summary", "Session-Saved"):
                value = headers.get(f"X-Trooper-{name}")
                if value is not None:
                    self.say(f"    X-Trooper-{name}: {value}")
        return headers


async def play(story: Story, http: aiohttp.ClientSession) -> None:
    story.scene("1. Simple question → the local model handles it, cloud never contacted")
    await story.ask(http, "how many days in a week")
    story.say(f"    (cloud requests so far: {story.cloud_count()})")

    story.scene("2. Complex question → the cloud handles it")
    await story.ask(http, "explain why goroutines are better than threads")

    story.scene("3. The cloud's credit runs out → the session continues locally, context kept")
    if story.cloud is not None:
        story.cloud.credit = 0
    else:
        story.say("    (live: a real cloud with credit left answers this one itself)")
    await story.ask(http, "Help me design our auth layer: sessions, tokens, and key rotation")

    story.scene("4. The circuit opens → the dead cloud is skipped, no wasted round trips")
    before = story.cloud_count()
    await story.ask(http, "Now compare JWT with opaque session tokens for our mobile clients")
    story.say(f"    (cloud requests before: {before}, after: {story.cloud_count()})")


async def four_agents(story: Story, http: aiohttp.ClientSession) -> None:
    story.scene("5. Four agents at once: two on the cloud, two private with x_force_local")
    before = story.cloud.requests if story.cloud is not None else 0
    agents = [
        (
            "security analyst",
            "Review our threat model for the payments API and rank the risks",
            False,
        ),
        (
            "architecture advisor",
            "Explain the tradeoffs of splitting billing into its own service",
            False,
        ),
        (
            "credential formatter",
            "Format these vault keys as a table: pk_live_a1, pk_live_b2",
            True,
        ),
        ("compliance reporter", "Summarise customer PII fields: name, email, card last four", True),
    ]
    results = await asyncio.gather(
        *(
            story.ask(
                http,
                text,
                session="agent-" + name.replace(" ", "-"),
                force_local=private,
                keep=False,
                quiet=True,
            )
            for name, text, private in agents
        )
    )
    for (name, _, private), headers in zip(agents, results, strict=True):
        mode = "🔒 private" if private else "☁️  cloud  "
        story.say(
            f"  {mode} {name:<22} → {headers.get('X-Trooper-Provider')} | "
            f"{headers.get('X-Trooper-Decision')}"
        )
    if story.cloud is not None:
        story.say(
            f"    cloud requests during the four agents: {story.cloud.requests - before} "
            "(the two private agents never reached it)"
        )


async def run_demo(settings: Settings, *, live: bool = False, out: TextIO = sys.stdout) -> int:
    started = time.monotonic()
    cloud: SimCloud | None = None
    local: SimLocal | None = None
    if not live:
        cloud, local = await SimCloud(credit=2).start(), await SimLocal().start()
        settings = replace(
            Settings.from_env({}),
            claude_api_key="sk-ant-demo-not-a-real-key",
            claude_base_url=cloud.url,
            fallback_url=f"{local.url}/api/chat",
            store="memory",
        )
    setup_logging(settings.log_format, logging.INFO)
    app = create_app(settings)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    server = site._server
    assert server is not None
    port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]
    url = f"http://127.0.0.1:{port}"
    story = Story(url, out, cloud)
    where = "live providers" if live else "simulated cloud and local model"
    story.say(f"🪖 Trooper demo — proxy on {url} ({where})")
    try:
        async with aiohttp.ClientSession() as http:
            await play(story, http)
            if cloud is not None:
                cloud.credit = 2  # a new billing period for the agents' scene
                story.say(
                    "\n  (credit topped up; a health check of the free model list finds the"
                    " cloud answering again)"
                )
                recovery = app[TROOPER].recovery
                assert recovery is not None
                await recovery.check_all()
            fresh = Story(url, out, cloud)
            await four_agents(fresh, http)
            async with http.get(f"{url}/sessions/{SESSION}") as response:
                session = await response.json(loads=orjson.loads)
        story.scene("Session summary")
        story.say(
            f"  {SESSION}: {len(session['turns'])} turns, {session['fallbacks']} fallbacks, "
            f"{session['tokens_saved']} tokens saved"
        )
        story.say(f"\nDone in {time.monotonic() - started:.1f}s.")
    finally:
        await runner.cleanup()
        if cloud is not None:
            await cloud.stop()
        if local is not None:
            await local.stop()
    return 0
