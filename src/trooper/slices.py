"""Long work on the event loop, in slices: the loop gets control back every ``BUDGET_S``.

Work that holds the GIL in long C calls (orjson on megabytes, counting tokens in megabytes of
text) stalls the loop as much in a worker thread as on the loop itself: the thread gives the
GIL back only between two calls. So such work is written as a generator of small steps (one
message each, say), and :func:`run` takes steps until its budget is spent, then lets the loop
run everything that is ready (``/health``, other requests' bytes) before it goes on.

    >>> import asyncio
    >>> def squares(n):
    ...     out = []
    ...     for i in range(n):
    ...         out.append(i * i)
    ...         yield  # a step ends: the loop may run here
    ...     return out
    >>> asyncio.run(run(squares(4), "squares"))
    [0, 1, 4, 9]

A step should take well under the budget (a message, not a conversation); a generator that
never yields is one step, as a plain call would be.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Generator, Iterable
from typing import TypeVar

T = TypeVar("T")
A = TypeVar("A")

#: Work done between two returns to the loop; the loop's worst stall is about this plus one step.
#: Answering another request (``/health``) takes the loop a few turns, each behind a slice: half a
#: millisecond keeps that wait a few milliseconds, at a cost of a few microseconds per turn.
BUDGET_S = 0.0005

Steps = Generator[None, None, T]


async def run(steps: Steps[T], what: str) -> T:
    """Drives ``steps`` to its return value, yielding to the loop whenever ``BUDGET_S`` of work
    has been done since the last yield. ``what`` names the work (for tests and profiles)."""
    clock = time.perf_counter
    budget = BUDGET_S
    deadline = clock() + budget
    while True:
        try:
            next(steps)
        except StopIteration as done:
            return done.value  # type: ignore[no-any-return]
        if clock() >= deadline:
            await asyncio.sleep(0)
            deadline = clock() + budget


def drain(steps: Steps[T]) -> T:
    """Runs ``steps`` to the end at once (off the loop, or when the work is known to be small)."""
    while True:
        try:
            next(steps)
        except StopIteration as done:
            return done.value  # type: ignore[no-any-return]


def each(work: Callable[[A], T], items: Iterable[A]) -> Steps[list[T]]:
    """``[work(item) for item in items]``, one item per step.

    >>> drain(each(len, ["a", "bc"]))
    [1, 2]
    """
    done: list[T] = []
    for item in items:
        done.append(work(item))
        yield
    return done
