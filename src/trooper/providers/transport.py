"""The transport: sends an :class:`UpstreamCall`, and turns every failure into a typed error.

This is the provider boundary: HTTP statuses, in-stream error events, resets and timeouts all
become :class:`~trooper.errors.ProviderError` here, through :mod:`trooper.resilience.classify`,
and nowhere else. Streams are decoded item by item and never buffered.

Timeouts:
    connect + response headers    ``provider.timeout()``
    first content of a stream     ``first_token_timeout_s`` (from the start of the call)
    silence inside a stream       ``stream_idle_timeout_s``
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, AsyncIterator, Mapping

import aiohttp
import orjson

from trooper.errors import ProviderError, ServerError, StreamCut, UpstreamTimeout
from trooper.model.conversation import ChatResponse
from trooper.model.events import StreamEvent, is_content
from trooper.providers.base import Provider, UpstreamCall
from trooper.resilience.classify import (
    classify_exception,
    classify_response,
    classify_stream_error,
)
from trooper.settings import Settings
from trooper.translate.base import StreamDecoder, StreamIncomplete, UpstreamStreamError
from trooper.wire.framing import framer_for

#: Retry-After values are read up to this; the retry policy decides what is worth waiting.
RETRY_AFTER_PARSE_CAP_S = 3600.0


class Transport:
    """Owns nothing but a reference to the shared client session."""

    def __init__(self, session: aiohttp.ClientSession, settings: Settings) -> None:
        self.session = session
        self.settings = settings
        self._timeouts: dict[str, aiohttp.ClientTimeout] = {}

    async def complete(self, provider: Provider, call: UpstreamCall, model: str) -> ChatResponse:
        """One non-streaming answer, or a :class:`ProviderError`."""
        timeout = self._timeouts.get(provider.name)
        if timeout is None:
            timeout = self._timeouts[provider.name] = aiohttp.ClientTimeout(provider.timeout())
        try:
            async with self.session.post(
                call.url, data=call.body, headers=call.headers, timeout=timeout
            ) as r:
                body = await r.read()
                if r.status >= 300:
                    raise self._http_error(provider, r.status, r.headers, body)
        except ProviderError:
            raise
        except (aiohttp.ClientError, OSError, TimeoutError) as exc:
            raise classify_exception(provider.name, exc) from None
        try:
            data = orjson.loads(body)
        except orjson.JSONDecodeError:
            raise ServerError(
                "the provider sent a malformed answer", provider=provider.name
            ) from None
        if not isinstance(data, dict):
            raise ServerError("the provider sent a malformed answer", provider=provider.name)
        response = provider.parse(data, model)
        response.raw = body
        return response

    async def stream(
        self, provider: Provider, call: UpstreamCall, model: str
    ) -> AsyncGenerator[StreamEvent, None]:
        """Canonical events of one streaming answer. Raises :class:`ProviderError` for an HTTP
        error, an in-stream error, a timeout, or a stream that ends before its answer."""
        loop = asyncio.get_running_loop()
        started = loop.time()
        try:
            async with asyncio.timeout(provider.timeout()):
                response = await self.session.post(call.url, data=call.body, headers=call.headers)
        except (aiohttp.ClientError, OSError, TimeoutError) as exc:
            raise classify_exception(provider.name, exc) from None
        try:
            if response.status >= 300:
                body = await self._read_error(response)
                raise self._http_error(provider, response.status, response.headers, body)
            async for event in self._events(provider, call, response, model, started):
                yield event
        finally:
            response.close()

    async def _events(
        self,
        provider: Provider,
        call: UpstreamCall,
        response: aiohttp.ClientResponse,
        model: str,
        started: float,
    ) -> AsyncIterator[StreamEvent]:
        framer = framer_for(call.framing)
        decoder = provider.decoder(model)
        loop = asyncio.get_running_loop()
        deadline = started + self.settings.first_token_timeout_s
        idle = self.settings.stream_idle_timeout_s
        content = False
        while True:
            chunk = await self._read(provider, response, deadline if not content else None, idle)
            items = framer.feed(chunk) if chunk else framer.flush()
            for event_name, data in items:
                for event in self._decode(provider, decoder, event_name, data):
                    if not content and is_content(event):
                        content = True
                    yield event
            if not chunk:
                break
            if content:
                deadline = loop.time() + idle
        try:
            closing = decoder.finish()
        except StreamIncomplete:
            raise StreamCut(
                "the provider's stream ended before its answer did", provider=provider.name
            ) from None
        for event in closing:
            yield event

    async def _read(
        self,
        provider: Provider,
        response: aiohttp.ClientResponse,
        deadline: float | None,
        idle: float,
    ) -> bytes:
        loop = asyncio.get_running_loop()
        when = deadline if deadline is not None else loop.time() + idle
        try:
            async with asyncio.timeout_at(when):
                return await response.content.readany()
        except TimeoutError:
            what = "first token" if deadline is not None else "next chunk"
            raise UpstreamTimeout(
                f"the provider sent no {what} in time", provider=provider.name
            ) from None
        except (aiohttp.ClientError, OSError) as exc:
            raise classify_exception(provider.name, exc) from None

    def _decode(
        self, provider: Provider, decoder: StreamDecoder, event_name: str | None, data: bytes
    ) -> list[StreamEvent]:
        try:
            return decoder.feed(event_name, data)
        except UpstreamStreamError as exc:
            raise classify_stream_error(
                provider.name, exc.payload, exc.status_hint, self.settings.quota_status_codes
            ) from None

    def _http_error(
        self, provider: Provider, status: int, headers: Mapping[str, str], body: bytes
    ) -> ProviderError:
        return classify_response(
            provider.name,
            status,
            headers,
            body,
            self.settings.quota_status_codes,
            RETRY_AFTER_PARSE_CAP_S,
        )

    async def _read_error(self, response: aiohttp.ClientResponse) -> bytes:
        try:
            async with asyncio.timeout(5):
                return await response.content.read(64 * 1024)
        except (aiohttp.ClientError, OSError, TimeoutError):
            return b""
