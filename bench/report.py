"""The benchmark report: REPORT.md (the machine, the goals, then the detail) and latency.png.

write_report(results, Path("bench/results"))
"""

from __future__ import annotations

import statistics
from pathlib import Path

from chart import draw
from figures import (
    DIRECT,
    LITELLM,
    LONG,
    LONG_SESSION_TURNS,
    ONE_TURN,
    PASS,
    QUIET,
    TROOPER,
    Results,
    Row,
)
from goals import goals, mean_rps
from httpclient import percentile


def write_report(results: Results, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    chart = draw(results, out / "latency.png")
    if not chart:
        results.notes.append("matplotlib is not installed: no chart (pip install -e '.[bench]').")
    (out / "REPORT.md").write_text(render(results, chart))


def render(r: Results, chart: bool) -> str:
    flags = " --quick" * r.quick + " --litellm" * bool(r.litellm) + " --pin" * r.pinned
    litellm = ", and **litellm** (a LiteLLM proxy, see below)" if r.litellm_sequential else ""
    lines = [
        "# Trooper benchmark report",
        "",
        f"{r.date}: `python bench/run.py{flags}`, "
        f"{'a quick smoke run' if r.quick else 'the full run'} in {r.seconds:.0f} s.",
        "",
        "Every figure compares, in the same run and on the same local fake upstream "
        "(`bench/fake_upstream.py`): **direct** (the fake upstream called directly), "
        "**passthrough** (`bench/passthrough.py`: aiohttp + ClientSession + uvloop forwarding "
        "bytes with no logic, the practical ceiling for a Python proxy) and **trooper** "
        "(`python -m trooper serve` with the default settings: routing on, SQLite store, text logs "
        "to a file)"
        f"{litellm}.",
        "",
        "## Machine",
        "",
        "| | |",
        "|---|---|",
        *[f"| {k} | {v} |" for k, v in r.machine.items()],
        "| CPU placement | "
        + (
            "pinned: the server under test on CPU 1; fake upstream, wrk and the client on CPU 0"
            if r.pinned
            else "not pinned: the kernel places servers, fake upstream and wrk on both cores"
        )
        + " |",
        "",
        "## Goals",
        "",
        "| Measure | Goal | Result | Verdict |",
        "|---|---|---|---|",
        *[goal.row() for goal in goals(r)],
        "",
    ]
    if chart:
        lines += ["![latency distributions](latency.png)", ""]
    for section in (
        _sequential,
        _named_session,
        _front_doors,
        _throughput,
        _streaming,
        _failover,
        _micro,
        _memory,
        _logging,
        _profile,
        _litellm,
        _method,
    ):
        lines += section(r)
    return "\n".join(lines) + "\n"


def _delta(values: list[float], base: list[float], q: float) -> str:
    if not values or not base:
        return ""
    return f"{percentile(values, q) - percentile(base, q):+.3f}"


def _sequential(r: Results) -> list[str]:
    seq = r.sequential
    if not seq:
        return []
    direct, passthrough = seq.get(DIRECT, []), seq.get(PASS, [])
    lines = [
        "## Sequential overhead",
        "",
        "One keep-alive connection per target, one non-streaming request at a time, "
        f"{len(seq.get(TROOPER, []))} requests per target in interleaved rounds. *Added* is the "
        "target's percentile minus the same percentile of the upstream called directly; the "
        "last column is the range over the rounds of each round's added p50.",
        "",
        "| Target | p50 ms | p90 ms | p99 ms | added p50 | added p99 | over passthrough p50 "
        "| per-round added p50 |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, values in seq.items():
        rounds = [a - b for a, b in zip(r.seq_rounds[name], r.seq_rounds[DIRECT], strict=False)]
        lines.append(
            f"| {name} | {percentile(values, 50):.3f} | {percentile(values, 90):.3f} "
            f"| {percentile(values, 99):.3f} | {_delta(values, direct, 50)} "
            f"| {_delta(values, direct, 99)} | {_delta(values, passthrough, 50)} "
            f"| {min(rounds):.3f} … {max(rounds):.3f} |"
        )
    return [*lines, ""]


def _named_session(r: Results) -> list[str]:
    series = r.named_session
    if ONE_TURN not in series or LONG not in series:
        return []
    one, long = series[ONE_TURN], series[LONG]
    return [
        "## Named sessions",
        "",
        "Trooper alone, one keep-alive connection, SDK-style requests (the short history "
        "resent, so no history is prepended): with no session header (a one-turn automatic "
        f"session), and with an `X-Session-ID` whose session already holds the "
        f"{LONG_SESSION_TURNS} turns the store keeps (filled first), in interleaved rounds. The "
        "difference is what reading and recording a long session costs per request.",
        "",
        "| Requests | p50 ms | p99 ms | over one-turn p50 | over one-turn p99 |",
        "|---|---|---|---|---|",
        f"| {ONE_TURN} | {percentile(one, 50):.3f} | {percentile(one, 99):.3f} | | |",
        f"| {LONG} | {percentile(long, 50):.3f} | {percentile(long, 99):.3f} "
        f"| {_delta(long, one, 50)} | {_delta(long, one, 99)} |",
        "",
    ]


def _front_doors(r: Results) -> list[str]:
    doors = r.front_doors
    if not doors:
        return []
    lines = [
        "## Front doors",
        "",
        "The same cloud-bound turn at each of Trooper's front doors, non-streaming, one "
        "keep-alive connection, in interleaved rounds: *direct* is the fake upstream called "
        "in that dialect, *trooper* one Trooper with its defaults and a key for every cloud "
        "(each turn goes to the cloud its model names, in that cloud's own dialect). A Responses "
        "request without `store: false` is recorded as a session, one SQLite write each.",
        "",
        "| Route | direct p50 ms | trooper p50 ms | added p50 | added p99 |",
        "|---|---|---|---|---|",
    ]
    for door, series in doors.items():
        direct, trooper = series.get(DIRECT, []), series.get(TROOPER, [])
        if not direct or not trooper:
            continue
        lines.append(
            f"| {door} | {percentile(direct, 50):.3f} | {percentile(trooper, 50):.3f} "
            f"| {_delta(trooper, direct, 50)} | {_delta(trooper, direct, 99)} |"
        )
    return [*lines, ""]


def _throughput(r: Results) -> list[str]:
    if not r.throughput:
        return []
    lines = [
        "## Throughput (non-streaming)",
        "",
        "`wrk -t1 --latency -s bench/lua/post.lua`, the targets' runs interleaved; req/s is the "
        "mean of the runs, each run listed. *CPU µs/request* is the server process's own CPU "
        "time (user + system) over the requests it answered. *Listen drops*: connections the "
        "kernel dropped because the server's listen queue (aiohttp's default backlog, 128) was "
        "full when wrk opened all its connections at once; such a client resends its SYN a "
        "second later, so part of a 256-connection run starts late.",
        "",
        "| Connections | Target | req/s | runs | vs passthrough | p50 ms | p99 ms "
        "| CPU µs/request | listen drops | errors |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for conns, table in r.throughput.items():
        ceiling = mean_rps(table[PASS]) if PASS in table else float("nan")
        for name, runs in table.items():
            cpu = [float(run["cpu_us_per_request"]) for run in runs if "cpu_us_per_request" in run]
            each = " / ".join(f"{float(run['rps']):,.0f}" for run in runs)
            lines.append(
                f"| {conns} | {name} | {mean_rps(runs):,.0f} | {each} "
                f"| {mean_rps(runs) / ceiling:.0%} | {_mean(runs, 'p50_ms'):.2f} "
                f"| {_mean(runs, 'p99_ms'):.2f} "
                f"| {f'{statistics.mean(cpu):.0f}' if cpu else '(the upstream)'} "
                f"| {_sum(runs, 'listen_drops')} | {_sum(runs, 'errors')} |"
            )
    lines.append("")
    if r.session_throughput and "32" in r.throughput:
        table = r.throughput["32"]
        ceiling = r.session_throughput.get(PASS, float("nan"))
        lines += [
            f"**With named sessions**: the same turn at 32 connections over {r.session_count:,} "
            "rotating `X-Session-ID` values (`bench/lua/sessions.lua`, which counts every answer "
            "and so runs slower than the plain script: compare with the pass-through in the same "
            "script), so that every answer is recorded in the target's session store (SQLite: "
            "one durable commit per batch of turns); beside it, the target's rate without a "
            "session header, above.",
            "",
            "| Target | req/s, named sessions | vs passthrough | req/s, no session header |",
            "|---|---|---|---|",
        ]
        for name, rps in r.session_throughput.items():
            plain = f"{mean_rps(table[name]):,.0f}" if name in table else ""
            lines.append(f"| {name} | {rps:,.0f} | {rps / ceiling:.0%} | {plain} |")
        lines.append("")
    return lines


def _mean(runs: list[Row], key: str) -> float:
    return statistics.mean(float(run[key]) for run in runs)


def _sum(runs: list[Row], key: str) -> int:
    return sum(int(run.get(key, 0)) for run in runs)


def _streaming(r: Results) -> list[str]:
    if not r.ttfb:
        return []
    lines = [
        "## Streaming",
        "",
        "**Time to first byte**: from sending the request to the arrival of the first "
        "`content_block_delta`, in interleaved rounds. After its first delta the fake pauses "
        "2 ms, as a model does between tokens, so that the figure is the relay's and not "
        "that of three busy processes (fake, proxy, client) sharing two cores during a burst. "
        "Trooper holds its status line until the first content (a failure before it falls "
        "over invisibly), so its first byte *is* the first content.",
        "",
        "| Stream | Target | streams | TTFB p50 ms | p99 ms | added p50 | added p99 |",
        "|---|---|---|---|---|---|---|",
    ]
    for chunks, series in r.ttfb.items():
        direct = series.get(DIRECT, [])
        for name, values in series.items():
            lines.append(
                f"| {int(chunks):,} chunks | {name} | {len(values)} "
                f"| {percentile(values, 50):.3f} | {percentile(values, 99):.3f} "
                f"| {_delta(values, direct, 50)} | {_delta(values, direct, 99)} |"
            )
    lines += [
        "",
        "**Relay**: the fake writes its send time (`time.monotonic()`, one clock for every "
        "process) into each delta; the client subtracts it from the delta's arrival (*lag*). "
        "Paced streams (one chunk every N ms) show whether chunks are relayed as they come: a "
        "buffering proxy would show lags up to the stream's whole length. Bursts (no pause at "
        "all) show the cost per chunk: (total − direct's total) / chunks; three busy processes "
        "share two cores there, so their TTFB and lags are the machine's, not the relay's.",
        "",
        "| Stream | Target | chunks received | TTFB ms | total ms | lag p50 ms | lag p99 ms "
        "| lag max ms | µs per chunk |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    direct_total = {
        (row["chunks"], row["delay_ms"]): float(row["total_ms"])
        for row in r.relay
        if row["target"] == DIRECT
    }
    for row in r.relay:
        size, delay = int(row["chunks"]), float(row["delay_ms"])
        shape = f"{size:,} chunks, " + (f"every {delay:g} ms" if delay else "burst")
        base = direct_total.get((row["chunks"], row["delay_ms"]))
        cost = ""
        if base is not None and not delay and row["target"] != DIRECT:
            cost = f"{(float(row['total_ms']) - base) * 1000 / size:.1f}"
        lines.append(
            f"| {shape} | {row['target']} | {row['received']} | {float(row['ttfb_ms']):.2f} "
            f"| {float(row['total_ms']):.1f} | {float(row['lag_p50_ms']):.2f} "
            f"| {float(row['lag_p99_ms']):.2f} | {float(row['lag_max_ms']):.2f} | {cost} |"
        )
    return [*lines, ""]


def _failover(r: Results) -> list[str]:
    if not r.failover:
        return []
    lines = [
        "## Failover",
        "",
        "A Trooper whose cloud refuses every request (`CLAUDE_BASE_URL` at the fake's "
        "`/status/402`: billing error; `/status/429`: rate limit with `retry-after: 3600`, over "
        "the retry cap) and whose local model is the fake's Ollama `/api/chat`; streaming "
        "requests. The breaker's cooldown is 0.5 ms so that every request meets the refusal, "
        "not an open breaker's skip (a request that did not is *skipped*). **Failover** = first "
        "local content at the client − the refusal leaving the fake − the local model's own "
        "latency (its request in → its first line out). It splits into *decide* (refusal out → "
        "local request in: read the error, classify, breaker, log, fit, build, send; it includes "
        "the fake's own request parsing) and *relay* (local first line out → client: decode, "
        "encode, status line and first events).",
        "",
        "| Refusal | requests | skipped | failover p50 ms | p99 ms | decide p50 ms "
        "| relay p50 ms | client TTFB p50 ms |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for code, f in r.failover.items():
        lines.append(
            f"| {code} | {f['requests']} | {f['skipped']} | {float(f['p50_ms']):.3f} "
            f"| {float(f['p99_ms']):.3f} | {float(f['decide_p50_ms']):.3f} "
            f"| {float(f['relay_p50_ms']):.3f} | {float(f['ttfb_p50_ms']):.3f} |"
        )
    return [*lines, ""]


def _micro(r: Results) -> list[str]:
    return [
        "## Classifier and compaction",
        "",
        "`python bench/bench_classifier.py` and `python bench/bench_compaction.py` (run as "
        "subprocesses), as they printed:",
        "",
        "```",
        r.classifier or "(not run)",
        "```",
        "",
        r.compaction or "(not run)",
        "",
    ]


def _memory(r: Results) -> list[str]:
    m = r.memory
    lines = ["## Memory and start", ""]
    if m:
        total = int(m["requests"])
        per_turn = (float(m["full_mb"]) - float(m["half_mb"])) * 1e6 / max(total // 2, 1)
        lines += [
            "A fresh Trooper: RSS (`VmRSS` in `/proc/<pid>/status`) one second after start, "
            f"then after {total // 2:,} and {total:,} requests (`wrk -t1 -c32 -s "
            f"bench/lua/sessions.lua`) over {int(m['sessions']):,} `X-Session-ID` values in "
            "rotation (the memory store keeps 10,000 sessions at most). Each body resends a "
            "short 3-message history, as SDKs do, so a session holds the same content from its "
            f"first turn on. {int(m['failed'])} requests failed; {float(m['rps']):,.0f} req/s.",
            "",
            "What still grows in the second half is each session's turn log: a named session "
            "keeps its last 200 turns (`DEFAULT_MAX_TURNS` in `sessions/store.py`), and every "
            f"session gains {total // 2 // max(int(m['sessions']), 1)} turns in it. That is "
            f"{per_turn:,.0f} bytes per turn, so the store is bounded, but at "
            f"{int(m['sessions']) * 200 * per_turn / 1e6:,.0f} MB for its "
            f"{int(m['sessions']):,} sessions × 200 turns, plus their messages. From idle to the "
            f"first half, RSS grew by "
            f"{(float(m['half_mb']) - float(m['idle_mb'])) * 1e3 / int(m['sessions']):.1f} KB "
            "per session.",
            "",
            "| idle | after 50 % | after 100 % |",
            "|---|---|---|",
            f"| {float(m['idle_mb']):.1f} MB | {float(m['half_mb']):.1f} MB "
            f"| {float(m['full_mb']):.1f} MB |",
            "",
        ]
    if r.idle_rss:
        idle = ", ".join(f"{k} {v:.1f} MB" for k, v in r.idle_rss.items())
        lines += [f"Idle RSS of each process of the run at its start: {idle}.", ""]
    if r.starts:
        each = ", ".join(f"{s:.2f} s" for s in r.starts)
        lines += [
            "Start to healthy (spawning `python -m trooper serve` → first 200 on `GET /health`, "
            f"polled every 5 ms), {len(r.starts)} fresh processes: {each}.",
            "",
        ]
    return lines


def _logging(r: Results) -> list[str]:
    seq = r.sequential
    if QUIET not in seq or TROOPER not in seq:
        return []
    saved = (percentile(seq[TROOPER], 50) - percentile(seq[QUIET], 50)) * 1000
    lines = [
        "## What logging costs",
        "",
        f"Trooper wrote {r.log_lines_per_request:.2f} log lines per request on the direct path "
        "(200 requests counted; stderr goes to a file here). **trooper (log off)** is the same "
        "server with its log level at WARNING (`bench/trooper_variant.py --log-off`, which wraps "
        "the CLI and leaves src/ alone), measured in the same interleaved rounds: its sequential "
        f"p50 is {abs(saved):.0f} µs " + ("lower" if saved >= 0 else "higher") + ".",
    ]
    tables = [(c, t) for c, t in r.throughput.items() if QUIET in t and TROOPER in t]
    if not tables:
        lines.append("With no line per request to save, it is left out of the wrk runs.")
    for conns, table in tables:
        on, off = mean_rps(table[TROOPER]), mean_rps(table[QUIET])
        lines.append(
            f"At {conns} connections: {on:,.0f} req/s with the log lines, {off:,.0f} without "
            f"({on / off - 1:+.0%}); CPU {_mean(table[TROOPER], 'cpu_us_per_request'):.0f} "
            f"instead of {_mean(table[QUIET], 'cpu_us_per_request'):.0f} µs/request."
        )
    return [*lines, ""]


def _profile(r: Results) -> list[str]:
    p = r.profile
    if not p:
        return []

    def table(frames: list[tuple[str, str, float]], ranked: bool) -> list[str]:
        head = "| # | Function | File | % of samples |" if ranked else "| Where | % of samples |"
        rule = "|---|---|---|---|" if ranked else "|---|---|"
        if ranked:
            body = [
                f"| {i} | `{f}` | {path} | {s:.1f} |" for i, (f, path, s) in enumerate(frames, 1)
            ]
        else:
            body = [f"| {f} | {s:.1f} |" for f, _, s in frames]
        return [head, rule, *body, ""]

    return [
        "## Profile of Trooper under load",
        "",
        f"py-spy, 250 Hz, on the Trooper process under `wrk -c32`: {r.profile_samples:,} "
        "samples (blocking sampling, for whole stacks; it slows the process a little). py-spy "
        "sees Python frames only: time in C (uvloop's loop and sockets, aiohttp's C HTTP "
        "parser, orjson) is counted to the Python frame that called it; `run_app` at the top "
        "of a stack is the event loop itself. Flame graph: [profile.svg](profile.svg).",
        "",
        "**By package** of the frame on top of the stack:",
        "",
        *table(p.get("packages", []), ranked=False),
        "**Top self-time frames**:",
        "",
        *table(p.get("self", []), ranked=True),
        "**Trooper's functions by inclusive time** (anywhere in the stack):",
        "",
        *table(p.get("inclusive", []), ranked=True),
    ]


def _litellm(r: Results) -> list[str]:
    info = r.litellm
    if not info:
        return []
    if info.get("status") != "ok" or not r.litellm_sequential:
        return ["## LiteLLM", "", f"No LiteLLM figures: {info.get('status')}.", ""]
    install = float(info.get("install_s", 0))
    took = f"{install:.0f} s" if install else "time unknown"
    if info.get("reused") == "yes":
        took = f"reused from an earlier run whose install took {took}"
    seq, ttfb = r.litellm_sequential, r.litellm_ttfb
    lines = [
        "## LiteLLM, side by side",
        "",
        f"LiteLLM {info.get('version')}, installed with `pip install 'litellm[proxy]'` into "
        f"`/tmp/trooper-bench-litellm` ({took}; start to healthy "
        f"{float(info.get('start_s', 0)):.1f} s), one worker, a master key (it refuses to start "
        "without one) and an `anthropic/claude-sonnet-4-6` deployment whose `api_base` is the "
        "same fake upstream, called on its `/v1/messages` route with the same body and pinned "
        "like Trooper. It is measured last, in its own interleaved rounds with the direct "
        "upstream and Trooper: it goes on working for seconds after a load ends (queued "
        "requests, background logging), which slowed the target after it when it shared rounds. "
        "Throughput: LiteLLM's wrk runs in this phase, Trooper's from the throughput phase above. "
        "Trooper's p99 in this phase carries LiteLLM's leftover work; its own is in the "
        "sequential table above.",
        "",
        "| Target | sequential p50 ms | added p50 | added p99 | TTFB added p50 | req/s at 32 "
        "| req/s at 256 | CPU µs/request (32) | idle RSS |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name in (TROOPER, LITELLM):
        if name == LITELLM:
            runs = r.litellm_throughput
        else:
            runs = {c: table.get(name, []) for c, table in r.throughput.items()}
        cpu = [
            float(x["cpu_us_per_request"]) for x in runs.get("32", []) if "cpu_us_per_request" in x
        ]
        lines.append(
            f"| {name} | {percentile(seq[name], 50):.3f} "
            f"| {_delta(seq[name], seq[DIRECT], 50)} | {_delta(seq[name], seq[DIRECT], 99)} "
            f"| {_delta(ttfb.get(name, []), ttfb.get(DIRECT, []), 50)} "
            f"| {mean_rps(runs.get('32', [])):,.0f} | {mean_rps(runs.get('256', [])):,.0f} "
            f"| {statistics.mean(cpu) if cpu else float('nan'):,.0f} "
            f"| {r.idle_rss.get(name, float('nan')):.0f} MB |"
        )
    return [*lines, ""]


def _method(r: Results) -> list[str]:
    return [
        "## Method notes",
        "",
        "- Rounds are interleaved (A B C, then B C A, ...), so slow drift of the machine falls on "
        "every target alike; throughput runs rotate the same way.",
        "- 2 cores: load generator, fake upstream and server under test share them, so absolute "
        "req/s are low and move from run to run; the ratios measured in the same run are the "
        "figures to read.",
        "- The latency client is a raw keep-alive socket (`bench/httpclient.py`): its cost is "
        "small and the same for every target.",
        *[f"- {note}" for note in r.notes],
        "",
        "| Phase | seconds | CPU used by other processes meanwhile |",
        "|---|---|---|",
        *[
            f"| {name} | {seconds:.0f} | {max(foreign, 0):.1f} s "
            f"({max(foreign, 0) / max(seconds, 1e-9):.0%} of a core) |"
            for name, seconds, foreign in r.phases
        ],
        "",
        "The last column is the machine's busy CPU time (`/proc/stat`) less this run's own "
        "processes': about 0 on a quiet machine; more means another job shared the machine "
        "then, and the figures of that phase are noisier.",
        "",
        "Raw figures: [results.json](results.json); server logs and the collapsed profile stacks "
        "stay in `bench/results/tmp/` (not committed).",
    ]
