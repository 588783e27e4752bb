"""Read-only views of sessions: ``GET /sessions`` and ``GET /sessions/{id}``.

JSON only; no API key is ever part of a session. Prompt text is returned as JSON strings (the
client decides how to show it); the HTML status page escapes it.
"""

from __future__ import annotations

from dataclasses import asdict

import orjson
from aiohttp import web

from trooper.errors import NotFound
from trooper.server.state import TROOPER
from trooper.sessions.codec import encode_messages


async def session_list(request: web.Request) -> web.StreamResponse:
    state = request.app[TROOPER]
    rows = await state.store.list(limit=100)
    return _json({"sessions": [asdict(s) for s in rows]})


async def session_detail(request: web.Request) -> web.StreamResponse:
    state = request.app[TROOPER]
    session_id = request.match_info["session_id"]
    session = await state.store.read(session_id)
    if session is None:
        raise NotFound(
            f"No session {session_id!r}. Sessions are kept for requests that name one with "
            "X-Session-ID; a request without it is its own one-turn session."
        )
    body = {
        "id": session.id,
        "created": session.created,
        "updated": session.updated,
        "auto": session.auto,
        "tokens_saved": session.tokens_saved,
        "fallbacks": session.fallbacks,
        "turns": [asdict(t) for t in session.turns],
        "fallback_events": [
            {"ts": t.ts, "provider": t.provider, "reason": t.fallback_reason}
            for t in session.turns
            if t.fallback_reason
        ],
        "messages": orjson.loads(encode_messages(session.messages)),
    }
    return _json(body)


def _json(body: object) -> web.Response:
    return web.Response(body=orjson.dumps(body), content_type="application/json")
