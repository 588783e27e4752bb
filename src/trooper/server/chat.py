"""One chat request's path through Trooper, whatever dialect the client speaks:

    body -> canonical request -> session history -> plan (route) -> chain (serve, fall over)
         -> the client's dialect (whole, or streamed event by event) -> session record

Errors anywhere become the dialect's error envelope; a stream that already started ends with
the dialect's error event, never with a success marker.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import os
import re
import time
from dataclasses import dataclass, field, replace

import orjson
from aiohttp import hdrs, web
from multidict import istr

from trooper import slices
from trooper.context.tokens import estimate_request, estimate_request_steps, estimate_text
from trooper.errors import (
    InvalidRequest,
    NoProviderAvailable,
    PayloadTooLarge,
    ProviderError,
    TooManyStreams,
    TrooperError,
)
from trooper.logs import request_id
from trooper.model.conversation import (
    ChatRequest,
    ChatResponse,
    JSONObject,
    Message,
    Part,
    TextPart,
    ToolCallPart,
    ToolResultPart,
    Usage,
)
from trooper.model.events import (
    BlockDelta,
    BlockStart,
    MessageEnd,
    MessageStart,
    Relay,
    StreamEvent,
)
from trooper.providers.base import FORWARDED_HEADERS, ClientCredentials
from trooper.providers.transport import BEFORE_WAIT
from trooper.resilience.chain import Outcome, Plan, Target
from trooper.server.body import read_already
from trooper.server.dialects import InboundDialect
from trooper.server.headers import trooper_headers
from trooper.server.metrics import DecisionRecord
from trooper.server.state import TROOPER, Trooper
from trooper.sessions.store import Session, Turn
from trooper.wire.bigjson import loads_steps

log = logging.getLogger("trooper")

_PROCESS = os.urandom(3).hex()
_COUNTER = itertools.count(1)


def next_id() -> str:
    """A short id unique to this process's run: a random prefix and a counter (no syscall)."""
    return f"{_PROCESS}{next(_COUNTER):06x}"


#: Bytes of request body above which it is parsed, and its messages converted, in slices,
#: giving the loop turns.
BIG_BODY = 1 << 20
#: Messages above which a request's tokens may be counted in slices.
SLICED_COUNT = 16
#: Session headers, most specific first: Trooper's own, then the clients' own (Claude Code's,
#: Codex's). Only Trooper's asks for stored history to be spliced in (see ``_with_history``).
SPLICE_HEADER = istr("X-Session-ID")  # (istr: looked up without folding its case each time)
SESSION_HEADERS = (SPLICE_HEADER, istr("X-Claude-Code-Session-Id"), istr("session-id"))
SESSION_ID = re.compile(r"^[A-Za-z0-9._:@/+=-]{1,200}$")
#: Messages a named session keeps for clients that send only their new turn; more is compacted
#: away on the way to any model anyway.
MAX_HISTORY = 400
ANCHOR = 2


@dataclass(slots=True)
class Exchange:
    """One request in flight: what was asked, by whom, and where it may go."""

    state: Trooper
    dialect: InboundDialect
    req: ChatRequest
    plan: Plan
    session_id: str
    auto: bool
    session: Session | None
    spliced: int = 0  # stored messages put before the client's own
    withheld: bool = False  # private turns among them were replaced by a placeholder
    started: float = field(default_factory=time.monotonic)
    # the session, still being read while the upstream is called (see ``_exchange``)
    reading: asyncio.Future[Session | None] | None = None

    async def stored(self) -> Session | None:
        """The session as read before the request, waiting for a read still under way."""
        if self.reading is not None:
            self.session = await self.reading
            self.reading = None
        return self.session

    def drop_read(self) -> None:
        """A request that ends before it needed its session does not leave the read behind."""
        if self.reading is not None and not self.reading.done():
            self.reading.cancel()


async def handle_chat(request: web.Request, dialect: InboundDialect) -> web.StreamResponse:
    state = request.app[TROOPER]
    rid = next_id()
    request_id.set(rid)
    try:
        ex = await _exchange(request, state, dialect, rid)
    except TrooperError as err:
        return error_response(dialect, err)
    try:
        if ex.req.stream:
            return await _stream(request, ex)
        response, outcome = await state.chain.complete(ex.req, ex.plan)
    except TrooperError as err:
        _failed(ex, err)
        return error_response(dialect, err)
    except asyncio.CancelledError:
        log.info("✗ the client went away; its upstream call is cancelled")
        raise
    _fill_usage(response.usage, outcome.request or ex.req, response)
    headers = await _recorded(ex, outcome, response)
    state.telemetry.took(response_provider(outcome), time.monotonic() - ex.started)
    return web.Response(
        body=_body(dialect, response, outcome, ex.req),
        content_type="application/json",
        headers=headers,
    )


def _body(
    dialect: InboundDialect, response: ChatResponse, outcome: Outcome, req: ChatRequest
) -> bytes:
    """The answer in the client's dialect: the provider's own bytes when it already speaks it
    and reported its usage, else re-encoded from the canonical response."""
    target = outcome.target
    same = target is not None and target.provider.speaks() == dialect.name
    if same and response.raw is not None and not response.usage.estimated:
        return response.raw
    return orjson.dumps(dialect.encode_response(response, req))


async def _exchange(
    request: web.Request, state: Trooper, dialect: InboundDialect, rid: str
) -> Exchange:
    """The request read, parsed and planned; ``rid``: its id (in the logs, and the name of its
    automatic session if it names none)."""
    data, big = await _read_object(request, state.settings.max_body_bytes)
    force_local = _force_local(data, request)
    req = await _parsed(dialect, data) if big else dialect.parse_request(data)
    session_id, auto = _session_id(request, rid)
    # Only a one-message request can need the stored history (to splice it in, or to know
    # whether to append to it), and no request needs the turn log: reading them costs a named
    # SQLite session milliseconds. A whole answer to a resent history needs nothing stored at
    # all (its headers come from the record): it goes without the read. A stream of one needs
    # only the tokens saved so far, for its headers at its first content: it is read while the
    # upstream is called (Claude Code resends its history on every turn).
    history = len(req.messages) == 1
    session, read_later = None, False
    if not auto and (history or dialect.prepare is not None):
        session = await state.store.get(session_id, turns=False, history=history)
    elif not auto and req.stream:  # nothing to splice either: more than one message
        read_later = True
    if dialect.prepare is not None:
        req, session_id, auto, session = await dialect.prepare(
            req, request, state.store, session_id, auto, session
        )
    spliced, withheld = 0, False
    if SPLICE_HEADER in request.headers:
        req, spliced, withheld = _with_history(req, session, private_ok=force_local)
    if state.settings.log_bodies:
        log.info("📝 %s asks: %r", session_id, req.latest_user_text()[:2000])
    plan = state.planner.plan(req, _credentials(request), force_local)
    reading = None
    if read_later:
        reading = asyncio.ensure_future(state.store.get(session_id, turns=False, history=False))
    return Exchange(
        state, dialect, req, plan, session_id, auto, session, spliced, withheld, reading=reading
    )


async def _stream(request: web.Request, ex: Exchange) -> web.StreamResponse:
    """A stream holds one of TROOPER_MAX_STREAMS slots from its arrival (waiting for its first
    token counts) until it ends, however it ends."""
    state = ex.state
    if state.streams >= state.settings.max_streams:
        ex.drop_read()
        raise TooManyStreams(
            f"Trooper is serving {state.streams} streams, its limit (TROOPER_MAX_STREAMS); "
            "retry shortly."
        )
    state.streams += 1
    try:
        return await _stream_answer(request, ex)
    finally:
        state.streams -= 1
        ex.drop_read()


async def _stream_answer(request: web.Request, ex: Exchange) -> web.StreamResponse:
    state, req = ex.state, ex.req
    committed = await state.chain.stream(req, ex.plan)
    outcome = committed.outcome
    try:  # a client that leaves now (cancelled) leaves no upstream stream open
        session = await ex.stored()
        prior = session.tokens_saved if session else 0
        served_local = outcome.target is not None and outcome.target.provider.local
        expected = prior + (await _count(req) if served_local else 0)
    except BaseException:
        await committed.aclose()
        raise
    response = _HeldStatus(
        headers={
            "Content-Type": ex.dialect.stream_type,
            "Cache-Control": "no-cache",
            **trooper_headers(outcome, expected, ex.session_id, req),
        }
    )
    if ex.withheld:
        response.headers["X-Trooper-Decision"] += WITHHELD
    encoder = ex.dialect.stream_encoder(req)
    answer = _Answer()
    provider = response_provider(outcome)
    out = _Outbox(response, ex, provider)
    waiting = BEFORE_WAIT.set(out.flush)
    try:
        await response.prepare(request)
        # the prelude ends with the first content: it leaves at once, not with the rest of the
        # read it came in (a provider's burst would hold the first token for all of it)
        prelude = len(committed.prelude)
        async for event in committed.events():
            event = answer.track(event, outcome.request or req)
            await out.add(encoder.encode(event))
            prelude -= 1
            if prelude == 0:
                await out.flush()
        await out.flush()
    except TrooperError as err:
        log.info("✗ stream ended with an error: %s", err.message)
        await out.add(encoder.error(err))
        await out.flush()
    except ConnectionError:
        log.info("✗ the client went away mid-stream; the upstream call is closed")
        return response
    finally:
        BEFORE_WAIT.reset(waiting)
        await committed.aclose()
    if answer.end is not None:
        await _recorded(ex, outcome, answer.response())
        state.telemetry.took(provider, time.monotonic() - ex.started)
    else:
        _failed(ex, None, outcome)
    await response.write_eof()
    return response


class _Outbox:
    """A stream's encoded events on their way to the client: held until the transport reads the
    upstream again (it flushes them first: ``BEFORE_WAIT``), so the events of one read leave in
    one write, as a pass-through relays a read; past ``FLUSH_BYTES`` held, written at once. The
    first write is the prelude the stream was committed with, which ends with the first content,
    written as soon as it is encoded."""

    def __init__(self, response: web.StreamResponse, ex: Exchange, provider: str) -> None:
        self.response = response
        self.ex = ex
        self.provider = provider
        self.held: list[bytes] = []
        self.size = 0
        self.first = True  # the first write's time is the time to first token

    async def add(self, data: bytes) -> None:
        self.held.append(data)
        self.size += len(data)
        if self.size >= FLUSH_BYTES:
            await self.flush()

    async def flush(self) -> None:
        if not self.held:
            return
        data = b"".join(self.held)
        self.held.clear()
        self.size = 0
        ttft = time.monotonic() - self.ex.started if self.first else None
        self.first = False
        await self.response.write(data)
        if ttft is not None:  # observed once the byte is out: the metric waits, not the client
            self.ex.state.telemetry.first_token(self.provider, ttft)


#: Bytes of events held for one write past which they are written at once.
FLUSH_BYTES = 64 * 1024


class _HeldStatus(web.StreamResponse):
    """A streamed answer whose status line and headers leave with its first bytes, in one write,
    as aiohttp's own ``Response`` sends a whole answer's: ``prepare()`` would send them alone,
    one more write and one more wake-up of the client before its first token."""

    _send_headers_immediately = False


def response_provider(outcome: Outcome) -> str:
    return outcome.target.provider.name if outcome.target else "none"


def _failed(ex: Exchange, err: TrooperError | None, outcome: Outcome | None = None) -> None:
    reasons = [f.reason for f in outcome.failures] if outcome else []
    if isinstance(err, NoProviderAvailable):
        reasons = [e.reason for e in err.attempts]
    ex.state.telemetry.failed(ex.dialect.name, ex.plan.route, reasons)


class _Answer:
    """Rebuilds a streamed answer (text and tool calls) for the session, and fills in usage
    where the upstream gave none."""

    def __init__(self) -> None:
        self.id = ""
        self.model = ""
        self.blocks: dict[int, tuple[BlockStart, list[str]]] = {}
        self.end: MessageEnd | None = None

    def track(self, event: StreamEvent, req: ChatRequest) -> StreamEvent:
        if isinstance(event, Relay):  # sent as the upstream sent it; what it covers is kept
            for covered in event.covers:
                self.track(covered, req)
        elif isinstance(event, BlockDelta):
            block = self.blocks.get(event.index)
            if block is not None:
                block[1].append(event.text)
        elif isinstance(event, BlockStart):
            self.blocks[event.index] = (event, [])
        elif isinstance(event, MessageStart):
            self.id, self.model = event.id, event.model
        elif isinstance(event, MessageEnd):
            usage = replace(event.usage)
            _fill_usage(usage, req, None, self.text())
            event = self.end = replace(event, usage=usage)
        return event

    def text(self) -> str:
        return "".join("".join(p) for s, p in self.blocks.values() if s.kind != "tool_call")

    def parts(self) -> list[Part]:
        parts: list[Part] = []
        for start, pieces in self.blocks.values():
            if start.kind == "text":
                parts.append(TextPart("".join(pieces)))
            elif start.kind == "tool_call":
                parts.append(ToolCallPart(start.id, start.name, _arguments("".join(pieces))))
        return parts

    def response(self) -> ChatResponse:
        end = self.end or MessageEnd()
        return ChatResponse(
            self.id,
            self.model,
            self.parts(),
            end.stop_reason,
            end.usage,
            stop_sequence=end.stop_sequence,
        )


def _arguments(text: str) -> JSONObject:
    try:
        value = orjson.loads(text or "{}")
    except orjson.JSONDecodeError:
        return {"_raw": text}
    return value if isinstance(value, dict) else {"value": value}


def _fill_usage(
    usage: Usage, req: ChatRequest, response: ChatResponse | None, text: str = ""
) -> None:
    """Usage is always present: estimated where the upstream gave none."""
    if usage.input_tokens <= 0:
        usage.input_tokens = estimate_request(req)
        usage.estimated = True
    if usage.output_tokens <= 0:
        answer = response.text() if response is not None else text
        usage.output_tokens = max(1, estimate_text(answer)) if answer else 0
        usage.estimated = True


async def _recorded(ex: Exchange, outcome: Outcome, response: ChatResponse) -> dict[str, str]:
    """:func:`_record`, shielded wherever it awaits (a store write, a count in a thread), so that
    a client that leaves does not cancel it. A cloud answer in an automatic session awaits
    nothing: it goes without the shield's task, and without a coroutine, which cost every
    request."""
    target = outcome.target
    assert target is not None
    if ex.auto and not target.provider.local:
        return _told(ex, outcome, target, 0, 0, time.time())
    return await asyncio.shield(_record(ex, outcome, response))


async def _record(ex: Exchange, outcome: Outcome, response: ChatResponse) -> dict[str, str]:
    """Record the turn in the session, then :func:`_told`."""
    target = outcome.target
    assert target is not None
    local = target.provider.local
    saved = 0
    if local:
        saved = await _count(ex.req) + response.usage.output_tokens
    now = time.time()
    total = saved
    if not ex.auto:  # an automatic session is one request: its record is the decision log
        turn = Turn(
            ts=now,
            provider=target.provider.name,
            model=response.model or target.model,
            decision=outcome.plan.route,
            fallback_reason=outcome.failures[0].reason if outcome.failures else None,
            input_tokens=response.usage.input_tokens,
            output_tokens=response.usage.output_tokens,
            saved_tokens=saved,
            local=local,
        )
        answer = Message("assistant", response.parts)
        stored = ex.session.messages if ex.session is not None else []
        sent = ex.req.messages
        private = outcome.plan.route == "force_local"
        # A client that sent only its new turn had the stored history put before it: record
        # just its turn and the answer, appended by the store, so that concurrent turns on one
        # session all keep their messages. (The store never raises here: it fails open.)
        if ex.spliced or (not stored and len(sent) == 1):
            new = _privately([*sent[ex.spliced :], answer], private)
            recorded = await ex.state.store.record(
                ex.session_id, auto=False, turn=turn, messages=new, append=True
            )
        else:
            whole = [*sent[:-1], *_privately([*sent[-1:], answer], private)]
            recorded = await ex.state.store.record(
                ex.session_id, auto=False, turn=turn, messages=_capped(whole)
            )
        total = recorded.tokens_saved
    return _told(ex, outcome, target, saved, total, now)


def _told(
    ex: Exchange, outcome: Outcome, target: Target, saved: int, total: int, now: float
) -> dict[str, str]:
    """The turn in the telemetry; returns the ``X-Trooper-*`` headers (built once: the status
    page shows the same decision and summary the client got). ``saved``: the tokens this turn
    kept local; ``total``: its session's."""
    if outcome.plan.route == "force_local":
        log.info(
            "🔒 Local: %s (force_local) | privacy mode | session saved: %d tokens",
            target.provider.name,
            total,
        )
    headers = trooper_headers(outcome, total, ex.session_id, ex.req)
    if ex.withheld:
        headers["X-Trooper-Decision"] += WITHHELD
    record = DecisionRecord(  # (in field order: keywords cost a nine-field record 0.3 µs)
        now,
        ex.session_id,
        ex.dialect.name,
        target.provider.name,
        outcome.plan.route,
        headers["X-Trooper-Decision"],
        headers["X-Trooper-Summary"],
        "rescued" if outcome.rescued else "ok",
        saved,
    )
    fallbacks = [f.reason for f in outcome.failures] if outcome.failures else []
    ex.state.telemetry.served(record, fallbacks, outcome.compaction is not None)
    return headers


async def _count(req: ChatRequest) -> int:
    """``estimate_request(req)``; counting megabytes of text would hold the loop, so a long
    request is counted in slices."""
    if len(req.messages) > SLICED_COUNT:
        return await slices.run(estimate_request_steps(req), "count")
    return estimate_request(req)


def _privately(messages: list[Message], private: bool) -> list[Message]:
    """The turn just asked and answered, marked private when it was served under
    ``x_force_local``."""
    return [replace(m, private=True) for m in messages] if private else messages


def _capped(messages: list[Message]) -> list[Message]:
    """A session's stored history, bounded: the first two turns (the anchor) and the most recent
    ones, starting at a user turn that is not a tool result (a tool call keeps its result)."""
    if len(messages) <= MAX_HISTORY:
        return messages
    start = len(messages) - (MAX_HISTORY - ANCHOR)
    while start < len(messages) - 1 and (
        messages[start].role != "user" or messages[start].has(ToolResultPart)
    ):
        start += 1
    return [*messages[:ANCHOR], *messages[start:]]


def error_response(dialect: InboundDialect, err: TrooperError) -> web.Response:
    status = err.status
    if isinstance(err, ProviderError) and err.upstream_status and not err.fall_over:
        status = err.upstream_status  # surfaced as the provider said it
    return web.Response(
        status=status,
        body=orjson.dumps(dialect.error_body(err)),
        content_type="application/json",
    )


async def _parsed(dialect: InboundDialect, data: JSONObject) -> ChatRequest:
    """``dialect.parse_request(data)`` for a big body: converting thousands of messages at once
    would hold the loop for milliseconds, so they are converted in slices."""
    return await slices.run(dialect.parse_steps(data), "translate")


async def _body_tokens(dialect: InboundDialect, data: JSONObject, big: bool) -> int:
    """The request's tokens; a big body is converted and counted in slices (counting megabytes
    in one call holds the loop for tens of milliseconds)."""
    if not big:
        return estimate_request(dialect.parse_request(data))
    return await _count(await _parsed(dialect, data))


async def _read_object(request: web.Request, limit: int) -> tuple[JSONObject, bool]:
    """The body's JSON object, and whether the body is big (over ``BIG_BODY`` bytes: parsed in
    slices, and its messages to be converted in slices)."""
    raw = read_already(request)  # (by the guard, within the limit)
    if raw is None:
        length = request.content_length  # (a property that parses the header each time)
        if length is not None and length > limit:
            raise PayloadTooLarge(f"The request body is over the {limit}-byte limit.")
        try:
            raw = await request.read()
        except web.HTTPRequestEntityTooLarge:
            raise PayloadTooLarge(f"The request body is over the {limit}-byte limit.") from None
    if not raw or raw.isspace():  # not ``strip()``: it would copy a big body's bytearray
        raise InvalidRequest("The request body is empty; send a JSON object.")
    big = len(raw) > BIG_BODY
    try:  # megabytes of JSON would hold the loop for tens of milliseconds: parse them in slices
        data = await slices.run(loads_steps(raw), "parse") if big else orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise InvalidRequest(f"The request body is not valid JSON: {exc.msg}.") from None
    if not isinstance(data, dict):
        raise InvalidRequest("The request body must be a JSON object.")
    return data, big


FORCE_LOCAL = istr("X-Force-Local")


def _force_local(data: JSONObject, request: web.Request) -> bool:
    """``x_force_local`` (body) or ``X-Force-Local`` (header); removed from the body.

    The header fails closed: only a clear "no" (absent, blank, ``0``, ``false``, ``no``,
    ``off``, any case) leaves the request free to reach the cloud; every other value, even one
    Trooper does not recognise (``y``, ``enabled``, ``local``), keeps it local."""
    flag = data.pop("x_force_local", None)
    if flag is not None and not isinstance(flag, bool):
        raise InvalidRequest("x_force_local must be true or false.")
    header = request.headers.get(FORCE_LOCAL)
    if header is None:  # (the usual case)
        return bool(flag)
    return bool(flag) or header.strip().lower() not in ("", "0", "false", "no", "off")


def _session_id(request: web.Request, rid: str) -> tuple[str, bool]:
    """The session a request belongs to: Trooper's own ``X-Session-ID``, else a client's own
    session header (Claude Code's, Codex's), else a one-request automatic session named after
    the request's id ``rid``."""
    headers = request.headers
    for name in SESSION_HEADERS:
        named = headers.get(name)
        if named is not None:
            break
    else:
        return f"auto-{rid}", True
    if not SESSION_ID.match(named):
        raise InvalidRequest(
            "X-Session-ID must be 1-200 characters of letters, digits and . _ : @ / + = -"
        )
    return named, False


def _with_history(
    req: ChatRequest, session: Session | None, *, private_ok: bool
) -> tuple[ChatRequest, int, bool]:
    """A client that sends only its new turn gets the session's earlier turns before it; a
    client that resends the whole history (every SDK) is left as it is. Returns the request,
    how many stored messages were put before the client's, and whether private ones among
    them were replaced by a placeholder (only an ``x_force_local`` request may carry them).

    Only ``X-Session-ID`` asks for this: a client's own session header (Claude Code sends one on
    every request, its subagents' fresh conversations included) names the session for
    accounting, and says nothing about what the client resends. A new turn that answers tool
    calls the stored history did not end with is a conversation of its own, also left as it is.
    """
    if session is None or not session.messages or len(req.messages) != 1:
        return req, 0, False
    if not _continues(session.messages[-1], req.messages[0]):
        return req, 0, False
    history = session.messages
    withheld = not private_ok and any(m.private for m in history)
    if withheld:
        history = [_withheld(m) if m.private else m for m in history]
    return replace(req, messages=[*history, *req.messages], modified=True), len(history), withheld


WITHHELD = " | private turns withheld"
PRIVATE_TEXT = "[private turn: kept on the user's machine]"


def _withheld(message: Message) -> Message:
    """A private turn as a cloud provider may see it: its shape (tool calls keep their ids, so
    their results still pair), none of its text."""
    parts: list[Part] = []
    for part in message.parts:
        if isinstance(part, ToolCallPart):
            parts.append(ToolCallPart(part.id, part.name, {}))
        elif isinstance(part, ToolResultPart):
            parts.append(
                ToolResultPart(part.tool_call_id, [TextPart(PRIVATE_TEXT)], name=part.name)
            )
        elif not parts or not isinstance(parts[-1], TextPart):
            parts.append(TextPart(PRIVATE_TEXT))
    return Message(message.role, parts)


def _continues(last: Message, new: Message) -> bool:
    answered = {p.tool_call_id for p in new.parts if isinstance(p, ToolResultPart)}
    if not answered:
        return True
    asked = {p.id for p in last.parts if isinstance(p, ToolCallPart)}
    return last.role == "assistant" and answered <= asked


def _credentials(request: web.Request) -> ClientCredentials:
    headers = request.headers
    bearer = headers.get(hdrs.AUTHORIZATION, "")
    key = headers.get("x-api-key") or headers.get("x-goog-api-key") or None
    if key is None and request.query_string:  # no query (the usual case): none to parse
        key = request.query.get("key")
    forwarded = {}
    for name in FORWARDED_HEADERS:  # a lookup each, not a pass over an SDK's dozen headers
        if values := headers.getall(name, None):
            forwarded[name] = values[-1]  # (a header sent twice: its last value, as ever)
    token = bearer[7:].strip() if bearer[:7].lower() == "bearer " else None
    return ClientCredentials(key, token, forwarded)  # (api key, bearer token, headers)
