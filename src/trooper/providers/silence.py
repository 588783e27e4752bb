"""Whole answers' silence timeouts: a call fails once nothing has moved for its ``limit`` seconds.

aiohttp's own (``ClientTimeout(sock_read=...)``) makes and cancels a timer at every read of the
socket, and under uvloop a timer that lives across a wait for I/O costs about 5 µs of CPU: on
every call. Here the calls in flight are watched together instead: the transport marks each step
of a call's progress (the request's pieces sent, the answer's headers, each chunk of its body),
and one timer, ticking every ``tick`` seconds while any call is in flight, cancels a call whose
last progress is ``limit`` old. A silent call fails within ``tick`` after its limit.

The call is cancelled as ``asyncio.timeout`` cancels it, and the cancellation leaves the block as
a ``TimeoutError``; a cancellation from elsewhere (the client left) passes through unchanged.

    silences = Silences()
    with silences.watch(300.0) as silence:
        response = await send()
        silence.progress()
"""

from __future__ import annotations

import asyncio
from types import TracebackType

#: Seconds between two looks at the calls in flight: how late past its limit a silence is seen.
TICK = 0.1


class Silences:
    """The calls in flight, and the timer that looks at them while there are any."""

    def __init__(self, tick: float = TICK) -> None:
        self.tick = tick
        self._watched: set[Silence] = set()
        self._timer: asyncio.TimerHandle | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def watch(self, limit: float) -> Silence:
        """A silence timeout of ``limit`` seconds for one call, counted from entering it."""
        return Silence(self, limit)

    def _start(self, loop: asyncio.AbstractEventLoop) -> None:
        """The timer, for the first call in flight (or a test's app on a fresh loop)."""
        self._loop = loop
        self._timer = loop.call_later(self.tick, self._look, loop)

    def _look(self, loop: asyncio.AbstractEventLoop) -> None:
        now = loop.time()
        for silence in [s for s in self._watched if now - s.last >= s.limit]:
            self._watched.discard(silence)
            silence.expire()
        self._timer = loop.call_later(self.tick, self._look, loop) if self._watched else None


class Silence:
    """One call's silence timeout (from :meth:`Silences.watch`), a context manager entered in
    the task that makes the call (nothing in it awaits: no coroutine to make)."""

    __slots__ = ("_cancelling", "_loop", "_task", "_watch", "expired", "last", "limit")

    def __init__(self, watch: Silences, limit: float) -> None:
        self._watch = watch
        self.limit = limit
        self.last = 0.0
        self.expired = False

    def __enter__(self) -> Silence:
        self._loop = loop = asyncio.get_running_loop()
        task = asyncio.current_task(loop)  # (given the loop: it would look it up again)
        if task is None:
            raise RuntimeError("a silence timeout must be entered inside a task")
        self._task = task
        self._cancelling = task.cancelling()
        self.last = loop.time()
        watch = self._watch  # (watched without a call of its own: this runs on every call)
        watch._watched.add(self)
        if watch._timer is None or watch._loop is not loop:
            watch._start(loop)
        return self

    def progress(self) -> None:
        """Something moved (bytes sent or received): the silence starts again from now."""
        self.last = self._loop.time()

    def expire(self) -> None:
        self.expired = True
        self._task.cancel()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._watch._watched.discard(self)  # (the timer stops at its next look if none is left)
        # Our cancellation taken back (always), and no other since the entry: the timeout's.
        expired = self.expired and self._task.uncancel() <= self._cancelling
        if expired and exc_type is asyncio.CancelledError:
            raise TimeoutError from exc
