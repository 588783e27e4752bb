"""The API dialects clients speak to Trooper, each backed by its translator.

>>> DIALECTS["openai"].name
'openai'
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from functools import partial

from aiohttp import web

from trooper.errors import TrooperError
from trooper.model.conversation import ChatRequest, ChatResponse, Dialect, JSONObject
from trooper.server.prepare import gemini_target, resume_responses
from trooper.sessions.store import Session, SessionStore
from trooper.slices import Steps
from trooper.translate import anthropic, gemini_inbound, openai, responses
from trooper.translate.base import StreamEncoder

#: A dialect's own step between parsing and planning, for what the body does not say (Gemini's
#: model is in the URL; a Responses request's earlier turns are in the session store):
#: (request, HTTP request, store, session id, automatic, session) -> the same four, updated.
Prepare = Callable[
    [ChatRequest, web.Request, SessionStore, str, bool, Session | None],
    Awaitable[tuple[ChatRequest, str, bool, Session | None]],
]


@dataclass(frozen=True, slots=True)
class InboundDialect:
    name: Dialect
    parse_request: Callable[[JSONObject], ChatRequest]
    #: ``parse_request`` in steps, for a body too long to convert in one go.
    parse_steps: Callable[[JSONObject], Steps[ChatRequest]]
    encode_response: Callable[[ChatResponse, ChatRequest], JSONObject]
    stream_encoder: Callable[[ChatRequest], StreamEncoder]
    error_body: Callable[[TrooperError], JSONObject]
    prepare: Prepare | None = None
    stream_type: str = "text/event-stream; charset=utf-8"


DIALECTS: dict[Dialect, InboundDialect] = {
    "anthropic": InboundDialect(
        "anthropic",
        anthropic.parse_request,
        anthropic.parse_request_steps,
        anthropic.encode_response,
        anthropic.stream_encoder,
        anthropic.error_body,
    ),
    "openai": InboundDialect(
        "openai",
        openai.parse_request,
        openai.parse_request_steps,
        openai.encode_response,
        openai.stream_encoder,
        openai.error_body,
    ),
    "responses": InboundDialect(
        "responses",
        responses.parse_request,
        responses.parse_request_steps,
        responses.encode_response,
        responses.stream_encoder,
        responses.error_body,
        resume_responses,
    ),
    "gemini": InboundDialect(
        "gemini",
        gemini_inbound.parse_request,
        gemini_inbound.parse_request_steps,
        gemini_inbound.encode_response,
        gemini_inbound.stream_encoder,
        gemini_inbound.error_body,
        gemini_target,
    ),
}
#: ``streamGenerateContent`` without ``alt=sse``: the same answers as one JSON array.
GEMINI_ARRAY = replace(
    DIALECTS["gemini"],
    stream_encoder=partial(gemini_inbound.stream_encoder, sse=False),
    stream_type="application/json; charset=UTF-8",
)
