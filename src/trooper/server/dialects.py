"""The API dialects clients speak to Trooper, each backed by its translator.

>>> DIALECTS["openai"].name
'openai'
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

from trooper.errors import TrooperError
from trooper.model.conversation import ChatRequest, ChatResponse, Dialect, JSONObject
from trooper.server.resume import resume_responses
from trooper.sessions.store import Session, SessionStore
from trooper.translate import anthropic, openai, responses
from trooper.translate.base import StreamEncoder

#: A dialect's own way to find a request's earlier turns and its session (Responses API:
#: ``previous_response_id``): (request, headers, store, session id, automatic, session) ->
#: the same four, updated.
Resume = Callable[
    [ChatRequest, Mapping[str, str], SessionStore, str, bool, Session | None],
    Awaitable[tuple[ChatRequest, str, bool, Session | None]],
]


@dataclass(frozen=True, slots=True)
class InboundDialect:
    name: Dialect
    parse_request: Callable[[JSONObject], ChatRequest]
    encode_response: Callable[[ChatResponse, ChatRequest], JSONObject]
    stream_encoder: Callable[[ChatRequest], StreamEncoder]
    error_body: Callable[[TrooperError], JSONObject]
    resume: Resume | None = None


DIALECTS: dict[Dialect, InboundDialect] = {
    "anthropic": InboundDialect(
        "anthropic",
        anthropic.parse_request,
        anthropic.encode_response,
        anthropic.stream_encoder,
        anthropic.error_body,
    ),
    "openai": InboundDialect(
        "openai",
        openai.parse_request,
        openai.encode_response,
        openai.stream_encoder,
        openai.error_body,
    ),
    "responses": InboundDialect(
        "responses",
        responses.parse_request,
        responses.encode_response,
        responses.stream_encoder,
        responses.error_body,
        resume_responses,
    ),
}
