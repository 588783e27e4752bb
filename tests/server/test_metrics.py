"""The metrics every request updates are kept as plain numbers (``server/metrics.py``): their
exposition must be exactly what prometheus_client's own Counter and Histogram give for the same
observations, ``_created`` timestamps aside."""

from __future__ import annotations

import re

import pytest
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest

from trooper.server.metrics import LATENCY_BUCKETS, Telemetry

OBSERVED = [0.0, 0.004, 0.005, 0.0051, 0.3, 1.0, 2.5, 29.9, 30.0, 119.0, 500.0]
_CREATED = re.compile(r"^\S+_created\{?.*$", re.MULTILINE)


def _reference() -> CollectorRegistry:
    registry = CollectorRegistry(auto_describe=False)
    requests = Counter(
        "trooper_requests",
        "Requests served, by inbound dialect, provider, route and outcome.",
        ["dialect", "provider", "route", "outcome"],
        registry=registry,
    )
    requests.labels("anthropic", "claude", "cloud", "ok").inc()
    requests.labels("anthropic", "claude", "cloud", "ok").inc()
    requests.labels("openai", "none", "cloud", "error").inc()
    for name, doc in (
        ("trooper_request_seconds", "Time to the whole answer, by provider."),
        ("trooper_time_to_first_token_seconds", "Time to the first streamed content, by provider."),
    ):
        histogram = Histogram(name, doc, ["provider"], buckets=LATENCY_BUCKETS, registry=registry)
        for seconds in OBSERVED:
            histogram.labels("claude").observe(seconds)
        histogram.labels("ollama").observe(0.02)
    return registry


def _series(text: str, names: tuple[str, ...]) -> list[str]:
    """The exposition's lines of these metrics (HELP, TYPE and samples), ``_created`` aside."""
    lines = _CREATED.sub("", text).splitlines()
    return [line for line in lines if any(name in line for name in names)]


@pytest.mark.parametrize("created", [True, False])
def test_the_hand_kept_metrics_render_as_prometheus_client_would(
    monkeypatch: pytest.MonkeyPatch, created: bool
) -> None:
    from prometheus_client import metrics as prometheus_metrics

    monkeypatch.setattr(prometheus_metrics, "_use_created", created)
    telemetry = Telemetry()
    telemetry.requests.inc("anthropic", "claude", "cloud", "ok")
    telemetry.requests.inc("anthropic", "claude", "cloud", "ok")
    telemetry.failed("openai", "cloud", [])
    for seconds in OBSERVED:
        telemetry.took("claude", seconds)
        telemetry.first_token("claude", seconds)
    telemetry.took("ollama", 0.02)
    telemetry.first_token("ollama", 0.02)
    names = ("trooper_requests", "trooper_request_seconds", "trooper_time_to_first_token_seconds")
    ours = generate_latest(telemetry.registry).decode()
    theirs = generate_latest(_reference()).decode()
    assert _series(ours, names) == _series(theirs, names)
    # (every bucket of both histograms for both providers, and the three counters, compared)
    assert len(_series(theirs, names)) > 2 * 2 * len(LATENCY_BUCKETS) + 3
    assert ("trooper_requests_created" in ours) is created
    assert ("trooper_request_seconds_created" in ours) is created
