"""What a benchmark run measures: the targets, the plan (how much of everything) and the
results (what came out, saved as results.json and read by the report).

    plan = QUICK if quick else Plan()
    results = Results(machine(), quick=False, pinned=True)
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: Turns a named session keeps (``DEFAULT_MAX_TURNS`` in src/trooper/sessions/store.py).
LONG_SESSION_TURNS = 200
#: The targets, as the tables and the chart name them.
DIRECT = "direct"
PASS = "passthrough"
TROOPER = "trooper"
QUIET = "trooper (log off)"
#: Another configuration beside the default one: no router, sessions in memory.
LEAN = "trooper (routing off, memory store)"
LITELLM = "litellm"
ORDER = (DIRECT, PASS, TROOPER, QUIET, LEAN, LITELLM)
ONE_TURN = "one-turn (no session header)"
LONG = f"named session, {LONG_SESSION_TURNS} turns kept"


@dataclass(frozen=True, slots=True)
class Plan:
    """How much of everything: the full run, or the quick smoke run."""

    seq_rounds: int = 10
    seq_per_round: int = 200
    ttfb_rounds: int = 6
    ttfb_per_round: int = 50
    long_ttfb_rounds: int = 4
    long_ttfb_per_round: int = 10
    burst_streams: int = 5
    wrk_s: float = 5.0
    wrk_reps: int = 3
    profile_s: float = 8.0
    failover_requests: int = 300
    mem_requests: int = 100_000
    mem_sessions: int = 10_000
    load_sessions: int = 1_000
    load_session_requests: int = 10_000
    starts: int = 5
    classifier_args: tuple[str, ...] = ()
    compaction_args: tuple[str, ...] = ()


QUICK = Plan(
    seq_rounds=4,
    seq_per_round=100,
    ttfb_rounds=3,
    ttfb_per_round=30,
    long_ttfb_rounds=2,
    long_ttfb_per_round=5,
    burst_streams=2,
    wrk_s=2.0,
    wrk_reps=1,
    profile_s=3.0,
    failover_requests=50,
    mem_requests=10_000,
    mem_sessions=1_000,
    load_sessions=300,
    load_session_requests=2_000,
    starts=2,
    classifier_args=("--rounds", "200"),
    compaction_args=("--repeat", "3"),
)

Row = dict[str, float | int | str]
Frames = list[tuple[str, str, float]]  # (function, file, % of samples)


@dataclass(slots=True)
class Results:
    machine: dict[str, str]
    quick: bool
    pinned: bool
    date: str = ""
    seconds: float = 0.0
    #: ms per non-streaming request, by target, and each round's p50 (for the spread).
    sequential: dict[str, list[float]] = field(default_factory=dict)
    seq_rounds: dict[str, list[float]] = field(default_factory=dict)
    #: ms per request to one Trooper: with no session header, and in a named session whose
    #: turn log is full (see ``LONG_SESSION_TURNS``).
    named_session: dict[str, list[float]] = field(default_factory=dict)
    #: ms per non-streaming request by front door (see ``httpclient.FRONT_DOORS``), then
    #: "direct" (the fake upstream in that dialect) or "trooper", interleaved.
    front_doors: dict[str, dict[str, list[float]]] = field(default_factory=dict)
    #: ms to the first content, by stream size ("50", "2000"), then target.
    ttfb: dict[str, dict[str, list[float]]] = field(default_factory=dict)
    #: one row per (stream shape, target): lags, totals.
    relay: list[Row] = field(default_factory=list)
    #: wrk runs by connection count ("32", "256"), then target.
    throughput: dict[str, dict[str, list[Row]]] = field(default_factory=dict)
    #: wrk at 32 connections over ``session_count`` rotating ``X-Session-ID`` values: req/s
    #: by target (each turn recorded in the target's session store).
    session_throughput: dict[str, float] = field(default_factory=dict)
    session_count: int = 0
    failover: dict[str, Row] = field(default_factory=dict)
    #: INFO lines Trooper writes per request on the direct path (cloud answers at once).
    log_lines_per_request: float = 0.0
    classifier: str = ""
    compaction: str = ""
    memory: Row = field(default_factory=dict)
    rss_series: list[tuple[int, float]] = field(default_factory=list)  # (answered, MB)
    idle_rss: dict[str, float] = field(default_factory=dict)
    starts: list[float] = field(default_factory=list)
    profile: dict[str, Frames] = field(default_factory=dict)
    profile_samples: int = 0
    litellm: dict[str, str | float] = field(default_factory=dict)
    #: The LiteLLM phase, run last so that its leftover work cannot slow the others: latencies
    #: (ms) by target, as the main phase's, and LiteLLM's own wrk runs by connection count.
    litellm_sequential: dict[str, list[float]] = field(default_factory=dict)
    litellm_ttfb: dict[str, list[float]] = field(default_factory=dict)
    litellm_throughput: dict[str, list[Row]] = field(default_factory=dict)
    #: (phase, seconds, CPU-seconds other processes of the machine used meanwhile)
    phases: list[tuple[str, float, float]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
