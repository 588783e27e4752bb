"""The transport: sends an :class:`UpstreamCall`, and turns every failure into a typed error.

This is the provider boundary: HTTP statuses, in-stream error events, resets and timeouts all
become :class:`~trooper.errors.ProviderError` here, through :mod:`trooper.providers.classify`,
and nowhere else. Streams are decoded item by item and never buffered.

Timeouts (never on the total duration of a live answer):
    connect                           ``provider.timeout()``
    whole answer: silence             ``provider.read_timeout()`` (no byte for that long, either
                                      way, headers included; ``read_timeout_s``, or
                                      ``local_timeout_s``; see :mod:`~trooper.providers.silence`)
    stream: connect + headers         ``provider.timeout()``
    stream: first content             ``first_token_timeout_s`` (from the start of the call)
    stream: silence after it          ``stream_idle_timeout_s``

Limits: a whole answer's body is read up to ``max_response_bytes``, a stream's line or event up
to ``max_line_bytes``; past them the provider has failed (:class:`ResponseTooLarge`). Redirects
are never followed: the API key goes to the provider's own address only.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Mapping
from contextvars import ContextVar
from urllib.parse import urlsplit

import aiohttp
import orjson

from trooper import slices
from trooper.errors import (
    ProviderError,
    ResponseTooLarge,
    ServerError,
    StreamCut,
    UpstreamRedirect,
    UpstreamTimeout,
)
from trooper.model.conversation import ChatResponse
from trooper.model.events import StreamEvent, is_content
from trooper.providers.base import Provider, UpstreamCall
from trooper.providers.classify import (
    classify_exception,
    classify_response,
    classify_stream_error,
)
from trooper.providers.silence import Silence, Silences
from trooper.settings import Settings
from trooper.translate.base import StreamDecoder, StreamIncomplete, UpstreamStreamError
from trooper.wire.framing import Framer, FrameTooLong, Item, framer_for

#: Retry-After values are read up to this; the retry policy decides what is worth waiting.
RETRY_AFTER_PARSE_CAP_S = 3600.0

#: What a stream's reader awaits, if set, before each read of the upstream's bytes (and before a
#: rescue's call): the server sets it to write out the events it holds, so that the events one
#: read brought reach the client in one write, as a pass-through relays a read.
BEFORE_WAIT: ContextVar[Callable[[], Awaitable[None]] | None] = ContextVar(
    "trooper_before_wait", default=None
)


class Transport:
    """Owns nothing but a reference to the shared client session."""

    def __init__(self, session: aiohttp.ClientSession, settings: Settings) -> None:
        self.session = session
        self.settings = settings
        self._timeouts: dict[str, aiohttp.ClientTimeout] = {}
        self._silences = Silences()

    async def complete(self, provider: Provider, call: UpstreamCall, model: str) -> ChatResponse:
        """One non-streaming answer, or a :class:`ProviderError`."""
        timeout = self._timeouts.get(provider.name)
        if timeout is None:  # (the silence while the answer comes is watched by ``Silences``)
            timeout = self._timeouts[provider.name] = aiohttp.ClientTimeout(
                total=None, connect=provider.timeout()
            )
        silence = self._silences.watch(provider.read_timeout())
        sent = call.body
        data: bytes | AsyncIterator[bytes]
        headers: Mapping[str, str]
        if isinstance(sent, bytes) and len(sent) <= SEND_BYTES:  # (no coroutine to make)
            data, headers = sent, call.headers
        else:
            data, headers = await _payload(call, silence.progress)
        try:
            with silence:
                async with self.session.post(
                    call.url,
                    data=data,
                    headers=headers,
                    timeout=timeout,
                    allow_redirects=False,
                ) as r:
                    silence.progress()
                    if r.status >= 300:
                        error = await self._read_error(r)
                        raise self._http_error(provider, r.status, r.headers, error)
                    body = self._arrived(provider, r)
                    if body is None:
                        body = await self._read_body(provider, r, silence)
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
        error, an in-stream error, a timeout, or a stream that ends before its answer. (One
        generator from the call to the last event: each layer costs every event.)"""
        loop = asyncio.get_running_loop()
        started = loop.time()
        if (flush := BEFORE_WAIT.get()) is not None:  # a rescue: what the client has, first
            await flush()
        response = await self._open(provider, call)
        try:
            framer = framer_for(call.framing, self.settings.max_line_bytes)
            decoder = provider.decoder(model)
            deadline = started + self.settings.first_token_timeout_s
            idle = self.settings.stream_idle_timeout_s
            content = False
            while True:
                chunk = await self._read(provider, response, None if content else deadline, idle)
                for event_name, data in self._frame(provider, framer, chunk):
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
        finally:
            response.close()

    async def _open(self, provider: Provider, call: UpstreamCall) -> aiohttp.ClientResponse:
        """The streaming call sent, its status line and headers read: a success, or the error."""
        data, headers = await _payload(call)
        try:
            async with asyncio.timeout(provider.timeout()):
                response = await self.session.post(
                    call.url, data=data, headers=headers, allow_redirects=False
                )
        except (aiohttp.ClientError, OSError, TimeoutError) as exc:
            raise classify_exception(provider.name, exc) from None
        if response.status >= 300:
            try:
                body = await self._read_error(response)
            finally:
                response.close()
            raise self._http_error(provider, response.status, response.headers, body)
        return response

    def _frame(self, provider: Provider, framer: Framer, chunk: bytes) -> list[Item]:
        """The items a chunk completes (the stream's last ones when ``chunk`` is its end)."""
        try:
            return framer.feed(chunk) if chunk else framer.flush()
        except FrameTooLong as exc:
            raise ResponseTooLarge(
                f"{exc} (TROOPER_MAX_LINE_BYTES); the stream was dropped",
                provider=provider.name,
            ) from None

    async def _read(
        self,
        provider: Provider,
        response: aiohttp.ClientResponse,
        deadline: float | None,
        idle: float,
    ) -> bytes:
        if (flush := BEFORE_WAIT.get()) is not None:  # (the client's errors are not the provider's)
            await flush()
        try:
            chunk = response.content.read_nowait()  # bytes already here need no timer
            if chunk:
                return chunk
            when = deadline if deadline is not None else asyncio.get_running_loop().time() + idle
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
        if status < 400:
            return _redirect(provider.name, status, headers)
        return classify_response(
            provider.name,
            status,
            headers,
            body,
            self.settings.quota_status_codes,
            RETRY_AFTER_PARSE_CAP_S,
        )

    def _arrived(self, provider: Provider, response: aiohttp.ClientResponse) -> bytes | None:
        """The whole body if it came with the headers (the usual case), else None (to be read:
        :meth:`_read_body`); an answer that says it is over ``max_response_bytes`` is not read."""
        length = response.content_length
        if length is not None and length > self.settings.max_response_bytes:
            raise self._too_large(provider, self.settings.max_response_bytes)
        content = response.content
        return content.read_nowait() if content.is_eof() else None

    async def _read_body(
        self, provider: Provider, response: aiohttp.ClientResponse, silence: Silence
    ) -> bytes:
        """The rest of the body (see :meth:`_arrived`), up to ``max_response_bytes`` (past it
        the rest is not read); each chunk that comes is progress against the silence timeout."""
        limit = self.settings.max_response_bytes
        content = response.content
        chunks: list[bytes] = []
        size = 0
        try:
            async for chunk in content.iter_any():
                silence.progress()
                size += len(chunk)
                if size > limit:
                    raise self._too_large(provider, limit)
                chunks.append(chunk)
        except BaseException:
            response.close()  # not given back to the pool half read
            raise
        return b"".join(chunks)

    def _too_large(self, provider: Provider, limit: int) -> ResponseTooLarge:
        return ResponseTooLarge(
            f"the answer is over {limit} bytes (TROOPER_MAX_RESPONSE_BYTES); it was not read",
            provider=provider.name,
        )

    async def _read_error(self, response: aiohttp.ClientResponse) -> bytes:
        try:
            async with asyncio.timeout(5):
                return await response.content.read(64 * 1024)
        except (aiohttp.ClientError, OSError, TimeoutError):
            return b""


#: A large body goes to the socket this many bytes at a time, the loop running in between: one
#: write of megabytes holds it while the kernel takes them.
SEND_BYTES = 256 * 1024


async def _payload(
    call: UpstreamCall, progress: Callable[[], None] | None = None
) -> tuple[bytes | AsyncIterator[bytes], Mapping[str, str]]:
    """What to send: the body's bytes, or for a conversation of many messages its encoding (done
    in slices) handed over in pieces, with its length declared; ``progress`` is called as each
    piece goes."""
    body = call.body
    if isinstance(body, bytes):
        if len(body) <= SEND_BYTES:
            return body, call.headers
        # (a client's own large body, passed through: sent in pieces too)
        pieces = [body[i : i + SEND_BYTES] for i in range(0, len(body), SEND_BYTES)]
        return _sent(pieces, progress), {**call.headers, "content-length": str(len(body))}
    pieces = await slices.run(body.steps(), "send")
    size = sum(len(p) for p in pieces)
    if size <= SEND_BYTES:  # many short messages: one write, as for any body
        return b"".join(pieces), call.headers
    return _sent(pieces, progress), {**call.headers, "content-length": str(size)}


async def _sent(pieces: list[bytes], progress: Callable[[], None] | None) -> AsyncIterator[bytes]:
    """The pieces, gathered ``SEND_BYTES`` at a time, a turn of the loop after each."""
    batch: list[bytes] = []
    size = 0
    for piece in pieces:
        batch.append(piece)
        size += len(piece)
        if size >= SEND_BYTES:
            yield b"".join(batch)
            if progress is not None:  # the batch was taken: the upstream is reading
                progress()
            batch, size = [], 0
            await asyncio.sleep(0)
    if batch:
        yield b"".join(batch)


def _redirect(provider: str, status: int, headers: Mapping[str, str]) -> UpstreamRedirect:
    """A 3xx: named with the origin it pointed to (never its path or query), not followed."""
    location = urlsplit(headers.get("Location", ""))
    where = f" to {location.scheme}://{location.netloc}" if location.netloc else ""
    return UpstreamRedirect(
        f"{provider} answered {status} redirecting{where}; redirects are not followed, so the "
        "API key is sent to the configured address only",
        provider=provider,
        upstream_status=status,
    )
