"""The circuit breaker's state machine, driven by an injected clock (no test sleeps).

Every sequence that once left a provider skipped for good is here: a probe slot taken and never
given back (not tried, cancelled, answered with a client error), stale permits, and the way
back to closed after each.
"""

from __future__ import annotations

import pytest

from tests.conftest import FakeClock
from trooper.resilience.breaker import Breaker, Breakers, Permit


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def breaker(clock: FakeClock) -> Breaker:
    return Breaker(failures=3, window_s=60, cooldown_s=60, clock=clock)


def trip(breaker: Breaker) -> None:
    for _ in range(3):
        breaker.failure(reason="overloaded")
    assert breaker.state == "open"


def probe(breaker: Breaker) -> Permit:
    permit = breaker.admit()
    assert permit is not None and permit.probe
    assert breaker.state == "half_open"
    return permit


def test_closed_admits_everyone_without_a_probe(breaker: Breaker) -> None:
    permits = [breaker.admit() for _ in range(100)]
    assert all(p is not None and not p.probe for p in permits)
    for p in permits:
        assert p is not None
        breaker.release(p)
    assert breaker.state == "closed"


def test_failures_open_only_within_the_window(breaker: Breaker, clock: FakeClock) -> None:
    breaker.failure()
    breaker.failure()
    clock.advance(61)
    breaker.failure()
    assert breaker.state == "closed", "the first two fell out of the window"
    breaker.failure()
    breaker.failure()
    assert breaker.state == "open"


def test_a_tripping_error_opens_at_once(breaker: Breaker) -> None:
    breaker.failure(trip=True, reason="quota_exceeded")
    assert breaker.state == "open"
    assert breaker.why_open() == "quota_exceeded"


def test_open_skips_until_the_cooldown_then_one_probe(breaker: Breaker, clock: FakeClock) -> None:
    trip(breaker)
    clock.advance(59)
    assert breaker.admit() is None
    assert breaker.remaining() == pytest.approx(1)
    clock.advance(1)
    probe(breaker)
    assert breaker.admit() is None, "one probe at a time"


def test_probe_success_closes(breaker: Breaker, clock: FakeClock) -> None:
    trip(breaker)
    clock.advance(60)
    permit = probe(breaker)
    breaker.success()
    breaker.release(permit)
    assert breaker.state == "closed"
    assert breaker.admit() == Permit()


def test_probe_failure_reopens_for_a_full_cooldown(breaker: Breaker, clock: FakeClock) -> None:
    trip(breaker)
    clock.advance(60)
    permit = probe(breaker)
    breaker.failure(reason="overloaded")
    breaker.release(permit)
    assert breaker.state == "open"
    assert breaker.admit() is None
    clock.advance(59)
    assert breaker.admit() is None
    clock.advance(1)
    probe(breaker)


@pytest.mark.parametrize("ending", ["not tried", "cancelled", "surfaced 400"])
def test_a_probe_without_a_verdict_frees_its_slot(
    breaker: Breaker, clock: FakeClock, ending: str
) -> None:
    """Each way a probe can end without success() or failure(): an earlier target served so
    this one was never called, the client left, or the provider answered a client error that is
    shown to the client (no health verdict). The next request must probe, not skip."""
    trip(breaker)
    clock.advance(60)
    permit = probe(breaker)
    breaker.release(permit)
    assert breaker.state == "half_open"
    again = probe(breaker)
    breaker.success()
    breaker.release(again)
    assert breaker.state == "closed"


def test_a_stale_permit_does_not_free_a_newer_probe(breaker: Breaker, clock: FakeClock) -> None:
    trip(breaker)
    clock.advance(60)
    first = probe(breaker)
    breaker.failure()  # the probe failed: open again
    clock.advance(60)
    second = probe(breaker)
    breaker.release(first)  # the first request's late clean-up
    assert breaker.admit() is None, "the second probe still holds the slot"
    breaker.release(second)
    assert breaker.admit() is not None


def test_a_closed_permit_never_frees_a_probe(breaker: Breaker, clock: FakeClock) -> None:
    """A request admitted while closed ends after the breaker opened and went half-open."""
    early = breaker.admit()
    assert early is not None and not early.probe
    trip(breaker)
    clock.advance(60)
    probe(breaker)
    breaker.release(early)
    assert breaker.admit() is None


def test_the_cloud_sequence_three_529s_then_a_local_turn_then_claude(clock: FakeClock) -> None:
    """Three 529s open Claude; a minute later a simple turn is served locally (Claude is not
    asked at all); then a cloud question must reach Claude again, and close its breaker."""
    breakers = Breakers(3, 60, 60, clock)
    claude, local = breakers.get("claude", "claude-sonnet-4-6"), breakers.get("ollama", "q")
    for _ in range(3):
        permit = claude.admit()
        assert permit is not None
        claude.failure(reason="overloaded")
        claude.release(permit)
    clock.advance(60)
    served = local.admit()  # the simple turn: local first, served; Claude never admitted
    assert served is not None
    local.success()
    local.release(served)
    for _ in range(3):  # every later cloud question is admitted to Claude until one answers
        permit = claude.admit()
        assert permit is not None and permit.probe, "Claude must be tried again"
        claude.release(permit)  # e.g. the client left before the answer
    permit = claude.admit()
    assert permit is not None
    claude.success()
    claude.release(permit)
    assert claude.state == "closed"


def test_the_local_sequence_one_hiccup_then_force_local_recovers(clock: FakeClock) -> None:
    """The local breaker opened by a tripping hiccup; after the cooldown a probe answered with
    a surfaced 400 (no verdict) must leave the next x_force_local request a probe."""
    local = Breaker(3, 60, 60, clock)
    local.failure(trip=True, reason="server_error")
    clock.advance(60)
    permit = local.admit()
    assert permit is not None
    local.release(permit)  # the surfaced 400
    permit = local.admit()
    assert permit is not None, "x_force_local must reach the local model again"
    local.success()
    local.release(permit)
    assert local.state == "closed"


def test_reset_closes_and_frees_the_probe(breaker: Breaker, clock: FakeClock) -> None:
    trip(breaker)
    clock.advance(60)
    permit = probe(breaker)
    breaker.reset()
    breaker.release(permit)
    assert breaker.state == "closed"
    assert breaker.admit() == Permit()


def test_open_for_follows_another_instance(breaker: Breaker, clock: FakeClock) -> None:
    breaker.open_for(10, "quota_exceeded")
    assert breaker.admit() is None
    assert breaker.remaining() == pytest.approx(10)
    clock.advance(10)
    probe(breaker)


def test_breakers_are_per_provider_and_model(clock: FakeClock) -> None:
    breakers = Breakers(1, 60, 60, clock)
    breakers.get("claude", "a").failure()
    assert breakers.get("claude", "a").state == "open"
    assert breakers.get("claude", "b").state == "closed"
    breakers.reset_provider("claude")
    assert [b.state for _, b in breakers.items()] == ["closed", "closed"]
