"""The provider contract: what Trooper needs to know to call one upstream.

A provider is small and pure. It turns a canonical request into an :class:`UpstreamCall` (URL,
headers, body, framing), and hands back its translator's parser and stream decoder. The
transport does the I/O; the chain decides who is called. A new provider is one module and one
line in :mod:`trooper.providers.registry`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import ClassVar, Literal

import orjson

from trooper.model.conversation import ChatRequest, ChatResponse, Dialect, JSONObject
from trooper.settings import Settings
from trooper.translate.base import StreamDecoder
from trooper.wire.bigjson import BulkBody, is_bulky

Framing = Literal["sse", "ndjson"]

#: Client headers forwarded to Claude as they are (Claude Code relies on the beta flags): the
#: only client headers a provider reads (:attr:`ClientCredentials.headers`).
FORWARDED_HEADERS = ("anthropic-version", "anthropic-beta")


# Not frozen, as no per-request record on the hot path is: a frozen dataclass sets each field
# through ``object.__setattr__``, about 0.1 µs a field on every request. Nothing changes them.
@dataclass(slots=True)
class UpstreamCall:
    """One HTTP request to an upstream, ready to send."""

    url: str
    headers: dict[str, str]
    body: bytes | BulkBody
    stream: bool
    framing: Framing = "sse"


@dataclass(frozen=True, slots=True)
class HealthCheck:
    """A free request that tells whether a provider answers (a model list: no inference)."""

    url: str
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)  # (not frozen: see UpstreamCall)
class ClientCredentials:
    """Credentials the client sent to Trooper; forwarded only to a provider without its own key,
    and only when they have that provider's key shape."""

    api_key: str | None = None
    bearer: str | None = None
    headers: Mapping[str, str] = field(default_factory=dict)  # of FORWARDED_HEADERS, lower case


class Provider(ABC):
    """One upstream. Subclasses set the class attributes and the three translator hooks."""

    name: ClassVar[str]
    families: ClassVar[tuple[str, ...]] = ()
    local: ClassVar[bool] = False
    accepts_prefill: ClassVar[bool] = False
    window: ClassVar[int] = 128_000

    def __init__(self, settings: Settings, api_key: str | None, default_model: str) -> None:
        self.settings = settings
        self.api_key = api_key
        self.default_model = default_model

    def owns(self, model: str) -> bool:
        """The model belongs to this provider's family (``claude-*`` to Claude...), also
        when a vendor prefix names it (``anthropic/claude-haiku-4-5``)."""
        return bare_model(model).lower().startswith(self.families) if self.families else False

    def takes_any_model(self) -> bool:
        """Whether a model name no provider owns may be asked of this one (an endpoint of
        open-ended catalogue, such as an OpenAI-compatible gateway)."""
        return False

    def model_for(self, requested: str, *, known: bool) -> str:
        """The model to ask this provider for: the client's own when it is of this family (or
        no provider owns it and this one takes any name), else this provider's default. A
        client's own default that no provider serves (Qwen Code's ``qwen3-coder-plus``) would
        only be a 404."""
        if requested and (self.owns(requested) or (not known and self.takes_any_model())):
            return bare_model(requested)
        return self.default_model

    def context_window(self, model: str) -> int:
        """Tokens this provider's model can take, prompt and answer together."""
        return self.window

    def speaks(self) -> Dialect | None:
        """The client dialect this provider's answers are already in, if any."""
        return None

    def timeout(self) -> float:
        """Seconds allowed to connect (and, for a stream, to send its response headers)."""
        return self.settings.provider_timeout_s

    def read_timeout(self) -> float:
        """Seconds of silence allowed while a whole answer is awaited (not its total time)."""
        return self.settings.read_timeout_s

    def usable(self, creds: ClientCredentials) -> bool:
        """Whether a request can be sent here: a server key, or the client's own."""
        return self.api_key is not None or self.client_key(creds) is not None

    def client_key(self, creds: ClientCredentials) -> str | None:
        """The client's credential, if it has this provider's key shape."""
        return None

    @abstractmethod
    def call(self, req: ChatRequest, model: str, creds: ClientCredentials) -> UpstreamCall:
        """The HTTP request that asks this provider to answer ``req`` with ``model``."""

    @abstractmethod
    def parse(self, body: JSONObject, model: str) -> ChatResponse:
        """A non-streaming answer's JSON as a canonical response."""

    @abstractmethod
    def decoder(self, model: str) -> StreamDecoder:
        """A fresh decoder for one streaming answer."""

    @abstractmethod
    def health(self) -> HealthCheck:
        """The free request used by auto recovery."""


#: Vendor prefixes some clients put before a model name (``openai/gpt-5``, as LiteLLM names them).
VENDOR_PREFIXES = ("anthropic/", "openai/", "google/", "gemini/")


def bare_model(model: str) -> str:
    """The model name without a vendor prefix.

    >>> bare_model("anthropic/claude-haiku-4-5"), bare_model("meta-llama/Llama-3-70b")
    ('claude-haiku-4-5', 'meta-llama/Llama-3-70b')
    """
    lower = model.lower()
    for prefix in VENDOR_PREFIXES:
        if lower.startswith(prefix):
            return model[len(prefix) :]
    return model


def json_body(body: JSONObject) -> bytes | BulkBody:
    """The body as JSON; a conversation of many messages is encoded by the transport, in steps
    that leave the event loop free (:mod:`trooper.wire.bigjson`)."""
    return BulkBody(body) if is_bulky(body) else orjson.dumps(body)
