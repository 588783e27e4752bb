"""What Trooper has been doing: Prometheus metrics (``GET /metrics``) and the recent-decisions
log the status page shows.

One :class:`Telemetry` per app, with its own registry, so several apps in one process (tests, the
demo) never mix their numbers.
"""

from __future__ import annotations

import math
import time
from bisect import bisect_left
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from prometheus_client import CollectorRegistry, Counter, Gauge, generate_latest
from prometheus_client import metrics as prometheus_metrics
from prometheus_client.metrics_core import Metric
from prometheus_client.utils import floatToGoString

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


# The metrics every request updates are kept as plain numbers, and shown as prometheus_client's
# own Counter and Histogram show theirs: the same series, names and values. Only the event loop
# updates them, so they need none of prometheus_client's locks and checks, which took about
# 3 µs of every request in the server (its ``inc`` and ``observe``, label children cached).


def _created_series() -> bool:
    """Whether ``_created`` series are shown (prometheus_client's own setting, read each time:
    ``PROMETHEUS_DISABLE_CREATED_SERIES`` or ``disable_created_metrics()``)."""
    return bool(prometheus_metrics._use_created)


class _Counter:
    """A counter by label values: ``<name>_total`` and ``<name>_created`` for each."""

    def __init__(
        self, name: str, documentation: str, labels: Sequence[str], registry: CollectorRegistry
    ) -> None:
        self.name = name
        self.documentation = documentation
        self.labels = tuple(labels)
        self.counts: dict[tuple[str, ...], list[float]] = {}  # values -> [count, created]
        registry.register(self)

    def inc(self, *values: str) -> None:
        series = self.counts.get(values)
        if series is None:
            series = self.counts[values] = [0.0, time.time()]
        series[0] += 1.0

    def collect(self) -> Iterator[Metric]:
        metric = Metric(self.name, self.documentation, "counter")
        created = _created_series()
        for values, (count, since) in self.counts.items():
            labels = dict(zip(self.labels, values, strict=True))
            metric.add_sample(f"{self.name}_total", labels, count)
            if created:
                metric.add_sample(f"{self.name}_created", labels, since)
        yield metric


@dataclass(slots=True)
class _Buckets:
    counts: list[float]  # observations per bucket (not cumulative)
    sum: float = 0.0
    created: float = field(default_factory=time.time)


class _Histogram:
    """A histogram by one label: ``_bucket`` (cumulative, by ``le``), ``_count``, ``_sum`` and
    ``_created`` for each value."""

    def __init__(
        self,
        name: str,
        documentation: str,
        label: str,
        buckets: Sequence[float],
        registry: CollectorRegistry,
    ) -> None:
        self.name = name
        self.documentation = documentation
        self.label = label
        self.bounds = (*(float(b) for b in buckets), math.inf)
        self.les: tuple[str, ...] = tuple(
            floatToGoString(b)  # type: ignore[no-untyped-call]
            for b in self.bounds
        )
        self.series: dict[str, _Buckets] = {}
        registry.register(self)

    def observe(self, value: str, amount: float) -> None:
        series = self.series.get(value)
        if series is None:
            series = self.series[value] = _Buckets([0.0] * len(self.bounds))
        # the first bucket whose bound is not below the amount, as prometheus_client counts it
        series.counts[bisect_left(self.bounds, amount)] += 1.0
        series.sum += amount

    def collect(self) -> Iterator[Metric]:
        metric = Metric(self.name, self.documentation, "histogram")
        created = _created_series()
        for value, series in self.series.items():
            total = 0.0
            for le, count in zip(self.les, series.counts, strict=True):
                total += count
                metric.add_sample(f"{self.name}_bucket", {self.label: value, "le": le}, total)
            metric.add_sample(f"{self.name}_count", {self.label: value}, total)
            metric.add_sample(f"{self.name}_sum", {self.label: value}, series.sum)
            if created:
                metric.add_sample(f"{self.name}_created", {self.label: value}, series.created)
        yield metric


class Telemetry:
    def __init__(self, recent: int = 200) -> None:
        self.registry = CollectorRegistry(auto_describe=False)
        r = self.registry
        self.requests = _Counter(
            "trooper_requests",
            "Requests served, by inbound dialect, provider, route and outcome.",
            ["dialect", "provider", "route", "outcome"],
            r,
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
        self.latency = _Histogram(
            "trooper_request_seconds",
            "Time to the whole answer, by provider.",
            "provider",
            LATENCY_BUCKETS,
            r,
        )
        self.ttft = _Histogram(
            "trooper_time_to_first_token_seconds",
            "Time to the first streamed content, by provider.",
            "provider",
            LATENCY_BUCKETS,
            r,
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

    def served(self, record: DecisionRecord, fallbacks: list[str], compacted: bool) -> None:
        self.served_total += 1
        self.requests.inc(record.dialect, record.provider, record.route, record.outcome)
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
        self.latency.observe(provider, seconds)

    def first_token(self, provider: str, seconds: float) -> None:
        """A stream's first content reached the client ``seconds`` after its request."""
        self.ttft.observe(provider, seconds)

    def failed(self, dialect: str, route: str, fallbacks: list[str]) -> None:
        self.requests.inc(dialect, "none", route, "error")
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
