"""The chain: who answers a request, in what order, and what happens when one fails.

For each target of the :class:`Plan` in turn: skip it if its breaker is open; fit the
conversation to its window; call it; on failure let the error's flags decide (retry once after
a wait, fall over, or surface to the client). Every failed attempt is kept for the headers,
the logs and the session.

Streams are committed to a provider at their first real content: until then a failure falls
over invisibly. After it, :class:`CommittedStream` rescues a cut stream on the next provider
(an assistant prefill of the partial answer where the target accepts one, else a restart that
skips what the client already has), so a client never receives a truncated answer as a success.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field, replace
from typing import Literal

from trooper import slices
from trooper.context.compact import Compaction, compact_steps
from trooper.context.tokens import estimate_request
from trooper.context.tools import slim_tools
from trooper.errors import (
    ContextTooLong,
    LocalOnlyFailed,
    NoProviderAvailable,
    PayloadTooLarge,
    ProviderError,
    TrooperError,
)
from trooper.model.conversation import ChatRequest, ChatResponse, Message, TextPart
from trooper.model.events import StreamEvent, is_content
from trooper.providers.base import ClientCredentials, Provider
from trooper.providers.transport import Transport
from trooper.resilience.breaker import Breakers, Permit
from trooper.resilience.rescue import Emitted, Mode, continuation
from trooper.resilience.retry import RetryPolicy
from trooper.resilience.shared import SharedBreakers
from trooper.slices import Steps

#: Requests with more text than this are fitted (counted, compacted) in slices, the event loop
#: getting a turn every few milliseconds (:mod:`trooper.slices`).
SLICED_CHARS = 256 * 1024

log = logging.getLogger("trooper")

Route = Literal["cloud", "local", "force_local"]

#: Most of a small window a conversation's tool definitions may take before their prose is cut.
TOOLS_SHARE = 0.4


@dataclass(frozen=True, slots=True)
class Target:
    provider: Provider
    model: str


@dataclass(slots=True)
class Plan:
    """Where a request may go, in order. ``route`` says why the first target is first."""

    route: Route
    targets: list[Target]
    creds: ClientCredentials
    rule: str = ""


@dataclass(slots=True)
class Failure:
    provider: str
    model: str
    reason: str
    error: ProviderError | None = None


@dataclass(slots=True)
class Outcome:
    """What happened: who served, who failed before, and what was sent."""

    plan: Plan
    target: Target | None = None
    request: ChatRequest | None = None
    failures: list[Failure] = field(default_factory=list)
    compaction: Compaction | None = None
    rescued: bool = False

    @property
    def tried_and_failed(self) -> int:
        """Providers that were called and failed (circuit-open skips are not calls)."""
        if not self.failures:
            return 0
        return len({f.provider for f in self.failures if f.error is not None})


class Chain:
    def __init__(
        self,
        transport: Transport,
        breakers: Breakers,
        retry: RetryPolicy,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        shared: SharedBreakers | None = None,
    ) -> None:
        self.transport = transport
        self.breakers = breakers
        self.retry = retry
        self.sleep = sleep
        self.shared = shared

    async def complete(self, req: ChatRequest, plan: Plan) -> tuple[ChatResponse, Outcome]:
        """A whole answer from the first target that gives one."""
        outcome = Outcome(plan)
        for target in plan.targets:
            # (without shared breakers nothing awaits: no coroutine to make)
            if self.shared is None:
                permit = self._admit(target, outcome)
            else:
                permit = await self.admit(target, outcome)
            if permit is None:
                continue
            try:
                response = await self._complete_on(req, target, outcome)
            finally:
                self.release(target, permit)
            if response is not None:
                return response, outcome
        raise self._exhausted(outcome)

    async def stream(self, req: ChatRequest, plan: Plan) -> CommittedStream:
        """A stream from the first target whose first real content arrives."""
        outcome = Outcome(plan)
        for target in plan.targets:
            permit = await self.admit(target, outcome)
            if permit is None:
                continue
            try:
                committed = await self._stream_on(req, target, outcome)
            finally:
                self.release(target, permit)
            if committed is not None:
                return committed
        raise self._exhausted(outcome)

    # -- the steps --------------------------------------------------------------------------

    async def _complete_on(
        self, req: ChatRequest, target: Target, outcome: Outcome
    ) -> ChatResponse | None:
        """The answer of one target, or None when it failed (and the chain falls over)."""
        if _as_it_is(target, outcome):
            prepared: ChatRequest | None = req  # (no coroutine to make)
        else:
            prepared = await self._prepare(req, target, outcome)
        if prepared is None:
            return None
        for attempt in range(2):
            try:
                call = target.provider.call(prepared, target.model, outcome.plan.creds)
                response = await self.transport.complete(target.provider, call, target.model)
            except ProviderError as err:
                if await self._retry(target, err, attempt, outcome):
                    continue
                return None
            self._served(target, prepared, outcome)
            return response
        return None

    async def _stream_on(
        self, req: ChatRequest, target: Target, outcome: Outcome
    ) -> CommittedStream | None:
        """One target's stream, committed at its first content, or None when it failed."""
        prepared = await self._prepare(req, target, outcome)
        if prepared is None:
            return None
        for attempt in range(2):
            call = target.provider.call(prepared, target.model, outcome.plan.creds)
            events = self.transport.stream(target.provider, call, target.model)
            try:
                prelude = await _until_content(events)
            except ProviderError as err:
                await events.aclose()
                if await self._retry(target, err, attempt, outcome):
                    continue
                return None
            except BaseException:
                await events.aclose()  # cancelled (the client left): close the upstream call
                raise
            self._served(target, prepared, outcome)
            return CommittedStream(self, req, outcome, prelude, events)
        return None

    async def admit(self, target: Target, outcome: Outcome) -> Permit | None:
        """Leave to try ``target`` now, taken only by the request that is about to try it; the
        caller gives it back with :meth:`release`. None (logged, kept as a skip) when its
        breaker is open."""
        if self.shared is not None:
            await self.shared.pull(target.provider.name, target.model)
        return self._admit(target, outcome)

    def _admit(self, target: Target, outcome: Outcome) -> Permit | None:
        """:meth:`admit` once the shared breakers are read."""
        name = target.provider.name
        breaker = self.breakers.get(name, target.model)
        permit = breaker.admit()
        if permit is None:
            log.info("⚡ Skipping %s — circuit open (%s)", name, breaker.why_open())
            outcome.failures.append(Failure(name, target.model, "circuit_open"))
        return permit

    def release(self, target: Target, permit: Permit) -> None:
        """The attempt on ``target`` is over, whatever its outcome."""
        self.breakers.get(target.provider.name, target.model).release(permit)

    async def _prepare(
        self, req: ChatRequest, target: Target, outcome: Outcome
    ) -> ChatRequest | None:
        """The request fitted to the target, or None (a failure recorded) if it cannot fit."""
        if _as_it_is(target, outcome):
            return req
        try:
            steps = self._fit(req, target, outcome)
            if _long(req):
                # Counting and compacting megabytes would hold the loop for 100 ms and more.
                return await slices.run(steps, "compact")
            return slices.drain(steps)
        except PayloadTooLarge as exc:
            err = ContextTooLong(exc.message, provider=target.provider.name)
            await self.record_failure(target, err, outcome)
            return None

    def _fit(self, req: ChatRequest, target: Target, outcome: Outcome) -> Steps[ChatRequest]:
        """The request as this target can take it: compacted to its window when it must be
        (in steps: see :mod:`trooper.slices`)."""
        if outcome.failures:  # the first target of a plan is the normal path, not news
            log.info("🔄 Trying provider: %s", target.provider.name)
        provider = target.provider
        after_context_error = any(f.reason == ContextTooLong.reason for f in outcome.failures)
        if not provider.local and not after_context_error:
            return req
        window = provider.context_window(target.model)
        reserve = min(req.max_tokens or 1024, window // 4)
        budget = window - reserve
        if req.tools:
            tools = slim_tools(req.tools, int(budget * TOOLS_SHARE))
            if tools != req.tools:
                req = replace(req, tools=tools, modified=True)
        compaction = yield from compact_steps(req, budget)
        fitted = compaction.request
        if compaction.report.compacted:
            for line in compaction.log_lines():
                log.info(line)
            outcome.compaction = compaction
        if provider.local:
            room = max(64, window - estimate_request(fitted))
            fitted = replace(fitted, max_tokens=min(req.max_tokens or reserve, room), modified=True)
        return fitted

    async def _retry(
        self, target: Target, err: ProviderError, attempt: int, outcome: Outcome
    ) -> bool:
        """Count a failure; True to try the same target again (after waiting). Raises the
        error when it is to be shown to the client rather than fallen over."""
        name = target.provider.name
        if err.health:
            self.breakers.get(name, target.model).failure(trip=err.trip, reason=err.reason)
            await self._publish(target)
        if not err.fall_over:
            raise err
        delay = self.retry.delay(err, attempt)
        if delay is not None:
            log.info("⏳ %s: %s — retrying in %.1fs", name, err.reason, delay)
            await self.sleep(delay)
            return True
        await self.record_failure(target, err, outcome, counted=True)
        return False

    async def _publish(self, target: Target) -> None:
        if self.shared is not None:
            await self.shared.push(target.provider.name, target.model)

    async def record_failure(
        self, target: Target, err: ProviderError, outcome: Outcome, *, counted: bool = False
    ) -> None:
        """Keep a failed attempt; ``counted`` when the breaker already knows of it."""
        name = target.provider.name
        if err.health and not counted:
            self.breakers.get(name, target.model).failure(trip=err.trip, reason=err.reason)
            await self._publish(target)
        log.info("⚠️  %s failed (%s) — falling back", name, err.reason)
        outcome.failures.append(Failure(name, target.model, err.reason, err))

    def _served(self, target: Target, request: ChatRequest, outcome: Outcome) -> None:
        self.breakers.get(target.provider.name, target.model).success()
        outcome.target = target
        outcome.request = request

    def _exhausted(self, outcome: Outcome) -> TrooperError:
        errors = [f.error for f in outcome.failures if f.error is not None]
        tried = ", ".join(f"{f.provider} ({f.reason})" for f in outcome.failures) or "none"
        if outcome.plan.route == "force_local":
            return LocalOnlyFailed(
                f"The local model could not answer ({tried}). This request is local-only "
                "(x_force_local), so the cloud was not tried.",
                errors,
            )
        return NoProviderAvailable(f"No provider could answer. Tried: {tried}.", errors)


async def _until_content(events: AsyncIterator[StreamEvent]) -> list[StreamEvent]:
    """Read a stream up to and including its first real content (or its end)."""
    prelude: list[StreamEvent] = []
    async for event in events:
        prelude.append(event)
        if is_content(event):
            break
    return prelude


class CommittedStream:
    """A stream committed to one provider, with its headers' facts fixed in ``outcome``.

    Iterating it yields the whole answer; a failure after the commit is rescued on the next
    targets of the plan, or raised when no rescue is possible."""

    def __init__(
        self,
        chain: Chain,
        req: ChatRequest,
        outcome: Outcome,
        prelude: list[StreamEvent],
        rest: AsyncGenerator[StreamEvent, None],
    ) -> None:
        self.chain = chain
        self.req = req
        self.outcome = outcome
        self.prelude = prelude
        self.rest = rest
        self.emitted = Emitted()

    async def events(self) -> AsyncIterator[StreamEvent]:
        try:
            for event in self.prelude:
                yield self.emitted.track(event)
            async for event in self.rest:
                yield self.emitted.track(event)
        except ProviderError as err:
            async for event in self._rescue(err):
                yield event

    async def aclose(self) -> None:
        await self.rest.aclose()

    async def _rescue(self, err: ProviderError) -> AsyncIterator[StreamEvent]:
        chain, outcome = self.chain, self.outcome
        served = outcome.target
        assert served is not None
        await chain.record_failure(served, err, outcome)
        if self.emitted.has_tool_calls():
            raise err
        start = outcome.plan.targets.index(served) + 1
        for target in outcome.plan.targets[start:]:
            permit = await chain.admit(target, outcome)
            if permit is None:
                continue
            try:
                async for event in self._rescue_on(target, err):
                    yield event
            finally:
                chain.release(target, permit)
            if self.emitted.finished:
                return
        raise err

    async def _rescue_on(self, target: Target, cut: ProviderError) -> AsyncIterator[StreamEvent]:
        chain, outcome = self.chain, self.outcome
        modes: tuple[Mode, ...] = ("restart",)
        if target.provider.accepts_prefill:
            modes = ("prefill", "restart")
        for mode in modes:
            request = await chain._prepare(self._rescue_request(mode), target, outcome)
            if request is None:
                return
            call = target.provider.call(request, target.model, outcome.plan.creds)
            events = chain.transport.stream(target.provider, call, target.model)
            mapper = continuation(self.emitted, mode)
            try:
                async for event in events:
                    for mapped in mapper.map(event):
                        yield self.emitted.track(mapped)
                    if mapper.diverged:
                        break
            except ProviderError as err:
                if mode == "prefill" and not err.fall_over:
                    continue  # the target refused the prefill: restart there instead
                await chain.record_failure(target, err, outcome)
                return
            finally:
                await events.aclose()
            if mapper.diverged:
                log.info("⚠️  %s restarted with a different answer — not used", target.provider.name)
                return
            log.info(
                "🛟 %s stream cut (%s) — answer completed on %s",
                cut.provider,
                cut.reason,
                target.provider.name,
            )
            outcome.rescued = True
            chain._served(target, request, outcome)
            return

    def _rescue_request(self, mode: Mode) -> ChatRequest:
        if mode == "restart":
            return self.req
        partial = Message("assistant", [TextPart(self.emitted.text())])
        return replace(self.req, messages=[*self.req.messages, partial], modified=True)


def _long(req: ChatRequest) -> bool:
    """Whether the messages' text is over ``SLICED_CHARS``: counted part by part, and no further
    than that (joining each message's text of a long conversation costs milliseconds)."""
    chars = 0
    for message in req.messages:
        for part in message.parts:
            if isinstance(part, TextPart):
                chars += len(part.text)
        if chars > SLICED_CHARS:
            return True
    return False


def _as_it_is(target: Target, outcome: Outcome) -> bool:
    """Whether ``target`` takes the request as it is: a plan's first cloud target (see
    :meth:`Chain._fit`)."""
    return not outcome.failures and not target.provider.local
