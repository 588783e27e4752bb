"""Whole answers' silence timeouts: calls watched together, moved on by progress, a timeout only
of their own."""

from __future__ import annotations

import asyncio

import pytest

from trooper.providers.silence import Silences


@pytest.mark.asyncio
async def test_silence_for_the_whole_limit_is_a_timeout() -> None:
    loop = asyncio.get_running_loop()
    started = loop.time()
    with pytest.raises(TimeoutError), Silences(tick=0.01).watch(0.05):
        await asyncio.sleep(5)
    assert 0.05 <= loop.time() - started < 1
    task = asyncio.current_task()
    assert task is not None and task.cancelling() == 0  # the timeout's cancellation taken back


@pytest.mark.asyncio
async def test_progress_starts_the_silence_again() -> None:
    silences = Silences(tick=0.01)
    loop = asyncio.get_running_loop()
    started = loop.time()
    with silences.watch(0.1) as silence:
        for _ in range(4):  # 0.24 s in all, never silent for 0.1 s
            await asyncio.sleep(0.06)
            silence.progress()
    assert loop.time() - started >= 0.24
    with pytest.raises(TimeoutError), silences.watch(0.1) as silence:
        await asyncio.sleep(0.06)
        silence.progress()
        await asyncio.sleep(5)


@pytest.mark.asyncio
async def test_each_call_has_its_own_limit() -> None:
    silences = Silences(tick=0.01)

    async def call(limit: float, quiet: float) -> str:
        try:
            with silences.watch(limit):
                await asyncio.sleep(quiet)
        except TimeoutError:
            return "timeout"
        return "answered"

    results = await asyncio.gather(call(0.05, 5), call(5, 0.2), call(0.05, 5))
    assert results == ["timeout", "answered", "timeout"]


@pytest.mark.asyncio
async def test_a_block_that_ends_in_time_leaves_nothing_behind() -> None:
    silences = Silences(tick=0.01)
    with silences.watch(0.05):
        pass
    await asyncio.sleep(0.1)  # a call still watched would have this sleep cancelled


@pytest.mark.asyncio
async def test_a_cancellation_from_elsewhere_stays_a_cancellation() -> None:
    async def call() -> None:
        with Silences(tick=0.01).watch(10):
            await asyncio.sleep(5)

    task = asyncio.ensure_future(call())
    await asyncio.sleep(0.02)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
