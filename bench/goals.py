"""The issue's goals, each checked against a run's results.

for goal in goals(results): print(goal.row())
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

from figures import DIRECT, LONG, LONG_SESSION_TURNS, ONE_TURN, PASS, TROOPER, Results, Row
from httpclient import percentile

#: A paced stream counts as relayed as it comes when its chunks' median lag is within this...
RELAY_P50_MS = 1.0
#: ... and no chunk lags by more than this share of the stream's length. A proxy that buffers
#: the stream, or any large part of it, fails both by orders of magnitude.
RELAY_MAX_SHARE = 0.05


@dataclass(frozen=True, slots=True)
class Goal:
    measure: str
    goal: str
    result: str
    ok: bool | None  # None: reported, no goal (or not measured)

    def row(self) -> str:
        verdict = {True: "✅ met", False: "❌ missed", None: "—"}[self.ok]
        return f"| {self.measure} | {self.goal} | {self.result} | {verdict} |"


def mean_rps(runs: list[Row]) -> float:
    return statistics.mean(float(run["rps"]) for run in runs) if runs else float("nan")


def goals(r: Results) -> list[Goal]:
    return [
        *_sequential(r),
        *_throughput(r),
        *_streaming(r),
        *_failover(r),
        *_micro(r),
        *_memory(r),
    ]


def _sequential(r: Results) -> list[Goal]:
    seq = r.sequential
    if TROOPER not in seq or DIRECT not in seq:
        return []
    p50 = percentile(seq[TROOPER], 50) - percentile(seq[DIRECT], 50)
    p99 = percentile(seq[TROOPER], 99) - percentile(seq[DIRECT], 99)
    out = [
        Goal("Sequential added latency, p50", "≤ 0.5 ms", f"{p50:.3f} ms", p50 <= 0.5),
        Goal("Sequential added latency, p99", "(reported)", f"{p99:.3f} ms", None),
    ]
    named = r.named_session
    if ONE_TURN in named and LONG in named:
        extra = percentile(named[LONG], 50) - percentile(named[ONE_TURN], 50)
        out.append(
            Goal(
                f"… in a named session holding {LONG_SESSION_TURNS} turns: p50 on top",
                "(reported)",
                f"{extra:+.3f} ms",
                None,
            )
        )
    return out


def _throughput(r: Results) -> list[Goal]:
    out = []
    for conns, table in r.throughput.items():
        if TROOPER in table and PASS in table:
            mine, ceiling = mean_rps(table[TROOPER]), mean_rps(table[PASS])
            out.append(
                Goal(
                    f"Throughput at {conns} connections, Trooper / passthrough",
                    "≥ 70 %",
                    f"{mine / ceiling:.0%} ({mine:,.0f} vs {ceiling:,.0f} req/s)",
                    mine / ceiling >= 0.70,
                )
            )
    return out


def _streaming(r: Results) -> list[Goal]:
    out = []
    for chunks, series in r.ttfb.items():
        if TROOPER in series and DIRECT in series:
            added = percentile(series[TROOPER], 50) - percentile(series[DIRECT], 50)
            out.append(
                Goal(
                    f"Streaming added TTFB, p50, {int(chunks):,}-chunk stream",
                    "≤ 1 ms",
                    f"{added:.3f} ms",
                    added <= 1.0,
                )
            )
    for row in r.relay:
        if row["target"] != TROOPER or not float(row["delay_ms"]):
            continue
        lag_p50, lag_max = float(row["lag_p50_ms"]), float(row["lag_max_ms"])
        length = float(row["total_ms"])
        out.append(
            Goal(
                f"Relayed as they come: {int(row['chunks']):,} chunks, one every "
                f"{float(row['delay_ms']):g} ms",
                f"per-chunk lag p50 ≤ {RELAY_P50_MS:g} ms, max ≤ {RELAY_MAX_SHARE:.0%} of "
                "the stream",
                f"p50 {lag_p50:.2f}, p99 {float(row['lag_p99_ms']):.2f}, max {lag_max:.2f} ms "
                f"over a {length / 1000:.1f} s stream",
                lag_p50 <= RELAY_P50_MS
                and lag_max <= RELAY_MAX_SHARE * length
                and row["received"] == row["chunks"],
            )
        )
    return out


def _failover(r: Results) -> list[Goal]:
    return [
        Goal(
            f"Failover latency after a {code}, p50 (p99)",
            "≤ 2 ms",
            f"{float(f['p50_ms']):.2f} ms ({float(f['p99_ms']):.2f} ms)",
            float(f["p50_ms"]) <= 2.0,
        )
        for code, f in r.failover.items()
    ]


def _micro(r: Results) -> list[Goal]:
    mix = classifier_mix(r.classifier)
    cut = compaction_row(r.compaction, 1000)
    return [
        Goal(
            "Classifier cost per request (realistic mix)",
            "< 20 µs",
            f"{mix:.2f} µs" if mix is not None else "not measured",
            None if mix is None else mix < 20,
        ),
        Goal(
            "Compaction, 1,000 messages (~200k tokens)",
            "< 10 ms",
            f"{cut[3]:.2f} ms ({cut[0]:,} messages, {cut[1]:,} tokens)" if cut else "not measured",
            None if cut is None else cut[3] < 10,
        ),
    ]


def _memory(r: Results) -> list[Goal]:
    out = []
    m = r.memory
    if m:
        idle, half, full = float(m["idle_mb"]), float(m["half_mb"]), float(m["full_mb"])
        growth = full - half
        out += [
            Goal("Idle RSS", "≤ 60 MB", f"{idle:.1f} MB", idle <= 60),
            Goal(
                f"RSS after {int(m['requests']):,} requests over {int(m['sessions']):,} sessions",
                "bounded: no growth in the second half (≤ 3 % or 2 MB)",
                f"{half:.1f} MB at 50 %, {full:.1f} MB at 100 % ({growth:+.1f} MB)",
                growth <= max(2.0, 0.03 * half),
            ),
        ]
    if r.starts:
        worst = max(r.starts)
        out.append(
            Goal(
                "Start to healthy",
                "< 1 s",
                f"median {statistics.median(r.starts):.2f} s, worst {worst:.2f} s "
                f"({len(r.starts)} starts)",
                worst < 1.0,
            )
        )
    return out


def classifier_mix(text: str) -> float | None:
    """µs per request of the realistic mix, from bench_classifier.py's output."""
    match = re.search(r"realistic mix\s+([\d.]+)\s*µs", text)
    return float(match.group(1)) if match else None


def compaction_row(text: str, messages: int) -> tuple[int, int, float, float] | None:
    """(messages, tokens, estimate ms, compact ms) of bench_compaction.py's row nearest to
    ``messages``."""
    rows = [
        (int(a.replace(",", "")), int(b.replace(",", "")), float(c), float(d))
        for a, b, c, d in re.findall(
            r"^\|\s*([\d,]+)\s*\|\s*([\d,]+)\s*\|\s*([\d.]+) ms\s*\|\s*([\d.]+) ms\s*\|",
            text,
            re.M,
        )
    ]
    return min(rows, key=lambda row: abs(row[0] - messages)) if rows else None
