"""What Trooper has been doing: Prometheus metrics (``GET /metrics``) and the recent-decisions
log the status page shows.

One :class:`Telemetry` per app, with its own registry, so several apps in one process (tests, the
demo) never mix their numbers.
"""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.metrics import MetricWrapperBase

from trooper.resilience.breaker import Breakers
from trooper.translate._common import DROPPED

BREAKER_STATES = {"closed": 0, "half_open": 1, "open": 2}
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120)


@dataclass(slots=True)
class DecisionRecord:
    """One served request, as the status page lists it. (Not frozen: a frozen dataclass sets each
    field through ``object.__setattr__``, a microsecond a request for this one. Nothing changes
    it.)"""

    ts: float
    session: str
    dialect: str
    provider: str
    route: str
    decision: str
    summary: str
    outcome: str
    saved: int


class Telemetry:
    def __init__(self, recent: int = 200) -> None:
        self.registry = CollectorRegistry(auto_describe=False)
        r = self.registry
        self.requests = Counter(
            "trooper_requests",
            "Requests served, by inbound dialect, provider, route and outcome.",
            ["dialect", "provider", "route", "outcome"],
            registry=r,
        )
        self.fallbacks = Counter(
            "trooper_fallbacks", "Providers fallen over, by reason.", ["reason"], registry=r
        )
        self.breaker = Gauge(
            "trooper_breaker_state",
            "Circuit breaker state per provider and model: 0 closed, 1 half-open, 2 open.",
            ["provider", "model"],
            registry=r,
        )
        self.tokens_saved = Counter(
            "trooper_tokens_saved", "Tokens served locally instead of by a paid API.", registry=r
        )
        self.latency = Histogram(
            "trooper_request_seconds",
            "Time to the whole answer, by provider.",
            ["provider"],
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self.ttft = Histogram(
            "trooper_time_to_first_token_seconds",
            "Time to the first streamed content, by provider.",
            ["provider"],
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self.dropped = Gauge(
            "trooper_dropped_features_total",
            "Request features a target's format cannot carry, left out or given as text "
            "(a count since start).",
            ["feature", "target"],
            registry=r,
        )
        self.compactions = Counter(
            "trooper_compactions", "Conversations compacted to fit a window.", registry=r
        )
        self.store_errors = Counter(
            "trooper_session_store_errors",
            "Session store operations that failed (the answers were served anyway), by operation.",
            ["op"],
            registry=r,
        )
        self.recent: deque[DecisionRecord] = deque(maxlen=recent)
        self.saved_series: deque[tuple[float, int]] = deque(maxlen=500)
        self._saved_total = 0
        self.served_total = 0
        # Each label set's series, found once: ``labels()`` takes a lock and rebuilds its key on
        # every call, a cost every request paid up to three times.
        self._series: dict[tuple[object, ...], Any] = {}

    def served(self, record: DecisionRecord, fallbacks: list[str], compacted: bool) -> None:
        self.served_total += 1
        self._one(
            self.requests, record.dialect, record.provider, record.route, record.outcome
        ).inc()
        for reason in fallbacks:
            self.fallbacks.labels(reason).inc()
        if compacted:
            self.compactions.inc()
        if record.saved:
            self.tokens_saved.inc(record.saved)
            self._saved_total += record.saved
            self.saved_series.append((record.ts, self._saved_total))
        self.recent.append(record)

    def took(self, provider: str, seconds: float) -> None:
        """A whole answer (or a stream's end) reached the client ``seconds`` after its request."""
        self._one(self.latency, provider).observe(seconds)

    def first_token(self, provider: str, seconds: float) -> None:
        """A stream's first content reached the client ``seconds`` after its request."""
        self._one(self.ttft, provider).observe(seconds)

    def _one(self, metric: MetricWrapperBase, *labels: str) -> Any:
        key = (metric, *labels)
        series = self._series.get(key)
        if series is None:
            series = self._series[key] = metric.labels(*labels)
        return series

    def failed(self, dialect: str, route: str, fallbacks: list[str]) -> None:
        self.requests.labels(dialect, "none", route, "error").inc()
        for reason in fallbacks:
            self.fallbacks.labels(reason).inc()

    def store_failed(self, op: str) -> None:
        self.store_errors.labels(op).inc()

    def render(self, breakers: Breakers) -> bytes:
        self.dropped.clear()
        for (feature, target), count in DROPPED.items():
            self.dropped.labels(feature, target).set(count)
        # Rebuilt each time: a breaker that was forgotten (their number is bounded) leaves no
        # stale series behind, so the label set stays as bounded as the breakers.
        self.breaker.clear()
        for key, breaker in breakers.items():
            provider, _, model = key.partition("/")
            self.breaker.labels(provider, model).set(BREAKER_STATES[breaker.state])
        return generate_latest(self.registry)

    @property
    def saved_total(self) -> int:
        return self._saved_total


def now() -> float:
    return time.time()
