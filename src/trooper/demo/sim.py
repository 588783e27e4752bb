"""Simulated providers for ``trooper demo``: a cloud that speaks the Anthropic Messages API and
runs out of credit after a few calls, and a local model that speaks Ollama's ``/api/chat``.

Both are real HTTP servers on 127.0.0.1, so the demo exercises exactly the code a real
deployment runs. They answer from a few canned lines; they count every request they get, which
is how the demo proves that private requests never reach the cloud.
"""

from __future__ import annotations

import asyncio
import itertools
from typing import Self

import orjson
from aiohttp import web

CREDIT_BALANCE = orjson.dumps(
    {
        "type": "error",
        "error": {
            "type": "invalid_request_error",
            "message": "Your credit balance is too low to access the Anthropic API. "
            "Please go to Plans & Billing to upgrade or purchase credits.",
        },
    }
)


def _last_user_text(messages: object) -> str:
    if not isinstance(messages, list):
        return ""
    for message in reversed(messages):
        if isinstance(message, dict) and message.get("role") == "user":
            content = message.get("content")
            if isinstance(content, str):
                return content
            if isinstance(content, list):
                return " ".join(str(b.get("text", "")) for b in content if isinstance(b, dict))
    return ""


def _answer(who: str, question: str) -> str:
    q = question.lower()
    if "days in a week" in q:
        return "There are 7 days in a week."
    if "goroutine" in q:
        return (
            "Goroutines start with tiny growable stacks and are multiplexed onto a few OS "
            "threads by Go's scheduler, so you can run hundreds of thousands cheaply."
        )
    snippet = question if len(question) < 60 else question[:57] + "..."
    return f"[{who}] Noted. Here is my take on: {snippet}"


class SimServer:
    """A loopback server with a request counter."""

    def __init__(self, app: web.Application) -> None:
        self.app = app
        self.requests = 0
        self.url = ""
        self._runner: web.AppRunner | None = None

    async def start(self) -> Self:
        self._runner = web.AppRunner(self.app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None
        port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]
        self.url = f"http://127.0.0.1:{port}"
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()


class SimCloud(SimServer):
    """Claude-like: answers ``credit`` times, then says the credit balance is too low."""

    def __init__(self, credit: int) -> None:
        app = web.Application()
        app.router.add_post("/v1/messages", self.messages)
        app.router.add_get("/v1/models", self.models)
        super().__init__(app)
        self.credit = credit
        self._ids = itertools.count(1)

    async def models(self, request: web.Request) -> web.Response:
        return web.json_response({"data": [{"id": "claude-sonnet-4-6", "type": "model"}]})

    async def messages(self, request: web.Request) -> web.StreamResponse:
        self.requests += 1
        body = await request.json(loads=orjson.loads)
        if self.credit <= 0:
            return web.Response(status=400, body=CREDIT_BALANCE, content_type="application/json")
        self.credit -= 1
        await asyncio.sleep(0.15)  # a cloud round trip
        text = _answer("claude", _last_user_text(body.get("messages")))
        message = {
            "id": f"msg_sim{next(self._ids):04d}",
            "type": "message",
            "role": "assistant",
            "model": body.get("model", "claude-sonnet-4-6"),
            "content": [{"type": "text", "text": text}],
            "stop_reason": "end_turn",
            "stop_sequence": None,
            "usage": {"input_tokens": 12 + len(str(body)) // 4, "output_tokens": len(text) // 4},
        }
        return web.Response(body=orjson.dumps(message), content_type="application/json")


class SimLocal(SimServer):
    """Ollama-like: always answers, a little faster than the cloud."""

    def __init__(self) -> None:
        app = web.Application()
        app.router.add_post("/api/chat", self.chat)
        app.router.add_get("/api/tags", self.tags)
        super().__init__(app)

    async def tags(self, request: web.Request) -> web.Response:
        return web.json_response({"models": [{"name": "qwen2.5:3b"}]})

    async def chat(self, request: web.Request) -> web.StreamResponse:
        self.requests += 1
        body = await request.json(loads=orjson.loads)
        await asyncio.sleep(0.05)
        text = _answer("ollama", _last_user_text(body.get("messages")))
        answer = {
            "model": body.get("model", "qwen2.5:3b"),
            "created_at": "2026-01-01T00:00:00Z",
            "message": {"role": "assistant", "content": text},
            "done": True,
            "done_reason": "stop",
            "prompt_eval_count": 10 + len(str(body)) // 4,
            "eval_count": len(text) // 4,
        }
        return web.Response(body=orjson.dumps(answer), content_type="application/json")
