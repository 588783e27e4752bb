"""latency.png: the latency distributions (and throughput and memory) of one run, in one figure.

    if draw(results, Path("bench/results/latency.png")): ...

matplotlib is a bench-only dependency (``pip install -e '.[bench]'``); without it there is no
chart and the report says so.
"""

from __future__ import annotations

import statistics
from pathlib import Path
from typing import TYPE_CHECKING

from figures import DIRECT, LEAN, LITELLM, ORDER, PASS, QUIET, TROOPER, Results

if TYPE_CHECKING:
    from matplotlib.axes import Axes

COLORS = {
    DIRECT: "#7f7f7f",
    PASS: "#1f77b4",
    TROOPER: "#d62728",
    QUIET: "#ff9896",
    LEAN: "#98df8a",
    LITELLM: "#2ca02c",
}


def draw(r: Results, path: Path) -> bool:
    """Write the chart; False when matplotlib is missing."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    fig, axes = plt.subplots(2, 2, figsize=(13, 9))
    sequential = dict(r.sequential)
    if LITELLM in r.litellm_sequential:
        sequential[LITELLM] = r.litellm_sequential[LITELLM]
    _cdf(axes[0][0], sequential, "Sequential request latency (non-streaming)")
    _cdf(axes[0][1], r.ttfb.get("50", {}), "Streaming: time to first content (50-chunk stream)")
    _bars(axes[1][0], r)
    _rss(axes[1][1], r)
    cpu = r.machine.get("CPU", "")
    cores = r.machine.get("Cores", "?").split(" ")[0]
    fig.suptitle(f"Trooper benchmark, {r.date} — {cpu}, {cores} cores")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True


def _cdf(ax: Axes, series: dict[str, list[float]], title: str) -> None:
    for name, values in series.items():
        ordered = sorted(values)
        if not ordered:
            continue
        fractions = [i / len(ordered) for i in range(1, len(ordered) + 1)]
        p50 = ordered[len(ordered) // 2]
        ax.plot(ordered, fractions, label=f"{name} (p50 {p50:.3f} ms)", color=COLORS.get(name))
    ax.set_xscale("log")
    ax.set_xlabel("ms (log scale)")
    ax.set_ylabel("fraction of requests")
    ax.set_title(title)
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)


def _bars(ax: Axes, r: Results) -> None:
    conns = list(r.throughput)
    tables = {c: {**r.throughput[c], **_litellm(r, c)} for c in conns}
    names = [n for n in ORDER if any(n in tables[c] for c in conns)]
    width = 0.8 / max(len(names), 1)
    for i, name in enumerate(names):
        xs = [j + i * width for j in range(len(conns))]
        ys = [_mean_rps(tables[c].get(name, [])) for c in conns]
        bars = ax.bar(xs, ys, width, label=name, color=COLORS.get(name))
        ax.bar_label(bars, labels=[f"{y:,.0f}" for y in ys], fontsize=7)
    ax.set_xticks([j + width * (len(names) - 1) / 2 for j in range(len(conns))])
    ax.set_xticklabels([f"{c} connections" for c in conns])
    ax.set_ylabel("requests/s")
    ax.set_title("Throughput (wrk, non-streaming)")
    ax.legend(fontsize=8)


def _litellm(r: Results, conns: str) -> dict[str, list[dict[str, float | int | str]]]:
    runs = r.litellm_throughput.get(conns)
    return {LITELLM: runs} if runs else {}


def _mean_rps(runs: list[dict[str, float | int | str]]) -> float:
    return statistics.mean(float(run["rps"]) for run in runs) if runs else 0.0


def _rss(ax: Axes, r: Results) -> None:
    if r.rss_series:
        xs = [done for done, _ in r.rss_series]
        ys = [mb for _, mb in r.rss_series]
        ax.plot(xs, ys, color=COLORS[TROOPER], label="trooper RSS")
    if r.memory:
        ax.axhline(float(r.memory["idle_mb"]), color="#7f7f7f", ls=":", label="idle")
        ax.axvline(int(r.memory["requests"]) / 2, color="#bbbbbb", lw=0.8, label="half")
    ax.axhline(60, color="#000000", ls="--", lw=0.8, label="idle goal (60 MB)")
    ax.set_ylim(bottom=0)
    ax.set_xlabel("requests answered (approx.)")
    ax.set_ylabel("MB")
    ax.set_title("Trooper RSS under the session load")
    ax.legend(fontsize=8)
