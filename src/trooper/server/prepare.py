"""What a dialect adds to a parsed request before it is planned, from the URL, the headers or
the session store (:data:`trooper.server.dialects.Prepare`).

Gemini API: the model and whether to stream are in the URL
(``models/gemini-2.5-flash:streamGenerateContent``), not the body.

Responses API: where the request's conversation comes from, and where its answer is kept.
Its clients hold their conversation one of two ways:

* the whole input every turn, ``store: false`` (Codex CLI): nothing to look up; Codex's
  ``session_id`` header names the session, as ``X-Session-ID`` does for other clients;
* ``previous_response_id``: the conversation so far is the one stored with that response.

Trooper answers every Responses request with its own id (``resp_…``), fixed before the answer
exists. Unless the client says ``store: false`` or names a session, the answer is recorded as a
session of that id: its history is the whole conversation up to and including that answer, so
``previous_response_id`` continues from exactly that point (an earlier response too: a branch),
on whichever provider serves it. An id Trooper does not hold is a 404.

    >>> reply_id().startswith("resp_")
    True
"""

from __future__ import annotations

import os
import re
from dataclasses import replace

from aiohttp import web

from trooper.errors import InvalidRequest, NotFound
from trooper.model.conversation import ChatRequest
from trooper.sessions.store import Session, SessionStore
from trooper.translate.gemini_inbound import for_target

#: Headers agents name their session with, besides X-Session-ID (Codex CLI sends ``session_id``).
SESSION_HEADERS = ("session_id", "session-id")
_SESSION_ID = re.compile(r"^[A-Za-z0-9._:@/+=-]{1,200}$")


def reply_id() -> str:
    """A fresh Responses id: unguessable, so one client cannot continue another's response."""
    return f"resp_{os.urandom(12).hex()}"


async def gemini_target(
    req: ChatRequest,
    request: web.Request,
    store: SessionStore,
    session_id: str,
    auto: bool,
    session: Session | None,
) -> tuple[ChatRequest, str, bool, Session | None]:
    """The model and streaming from a Gemini API URL."""
    model, method = for_target(request.match_info.get("target", ""))
    req = replace(req, model=model, stream=method == "streamGenerateContent")
    return req, session_id, auto, session


async def resume_responses(
    req: ChatRequest,
    request: web.Request,
    store: SessionStore,
    session_id: str,
    auto: bool,
    session: Session | None,
) -> tuple[ChatRequest, str, bool, Session | None]:
    """The request with its id and earlier turns, and the session its answer is recorded in."""
    raw, headers = req.raw or {}, request.headers
    if auto:
        named = next((headers[h] for h in SESSION_HEADERS if headers.get(h)), None)
        if named is not None:
            if not _SESSION_ID.match(named):
                raise InvalidRequest(
                    "session_id must be 1-200 characters of letters, digits and . _ : @ / + = -"
                )
            session_id, auto = named, False
            session = await store.get(named, turns=False, history=len(req.messages) == 1)
    req = replace(req, reply_id=reply_id())
    previous = raw.get("previous_response_id")
    if isinstance(previous, str):
        stored = await store.get(previous) if previous.startswith("resp_") else None
        if stored is None or not stored.messages:
            raise NotFound(f"Previous response with id '{previous}' not found.")
        req = replace(req, messages=[*stored.messages, *req.messages], modified=True)
    if auto and raw.get("store") is not False:
        assert req.reply_id is not None
        session_id, auto, session = req.reply_id, False, None
    return req, session_id, auto, session
