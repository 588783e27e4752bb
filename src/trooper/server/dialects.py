"""The API dialects clients speak to Trooper, each backed by its translator.

>>> DIALECTS["openai"].name
'openai'
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from trooper.errors import TrooperError
from trooper.model.conversation import ChatRequest, ChatResponse, Dialect, JSONObject
from trooper.translate import anthropic, openai
from trooper.translate.base import StreamEncoder


@dataclass(frozen=True, slots=True)
class InboundDialect:
    name: Dialect
    parse_request: Callable[[JSONObject], ChatRequest]
    encode_response: Callable[[ChatResponse, ChatRequest], JSONObject]
    stream_encoder: Callable[[ChatRequest], StreamEncoder]
    error_body: Callable[[TrooperError], JSONObject]


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
}
