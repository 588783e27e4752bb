"""Trooper's benchmark suite: one command, one report.

    python bench/run.py               # the full run (under 5 minutes)
    python bench/run.py --quick       # a ~1-minute smoke run
    python bench/run.py --litellm     # also a LiteLLM proxy, installed into /tmp, side by side
    python bench/run.py --only memory # some phases only: their figures printed, no report

Trooper is measured against a bare aiohttp + uvloop pass-through proxy (the practical ceiling for
a Python proxy) and against the fake upstream called directly, all in the same run and on the
same local fake upstream. Latency rounds are interleaved (A B A B ...) so machine drift cancels.
Writes bench/results/REPORT.md, latency.png, profile.svg and results.json; server logs and
profiler data go to bench/results/tmp/.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

import pyspy
from figures import (
    DIRECT,
    LEAN,
    LITELLM,
    LONG,
    LONG_SESSION_TURNS,
    ONE_TURN,
    PASS,
    QUICK,
    QUIET,
    TROOPER,
    Plan,
    Results,
)
from httpclient import FRONT_DOORS, HISTORY, Connection, HTTPError, anthropic_request, post
from litellm_proxy import LiteLLMUnavailable, ensure_installed, start_litellm, version
from phases import Probe, RSSSampler, failover_rounds, free_port, interleaved, relay_row, say
from report import write_report
from servers import (
    BENCH,
    PY,
    CPUTimes,
    Server,
    cpu_seconds,
    listen_overflows,
    machine,
    rss_mb,
    start,
    stop,
    trooper_env,
)
from wrkrun import run_sessions, run_wrk

RESULTS = BENCH / "results"
#: Below this many log lines per request, the log-off variant is left out of the wrk runs.
LOGGING_MATTERS = 0.05
#: After its first delta the fake pauses this long, as a real model does between tokens.
FIRST_PAUSE_MS = 2.0


class Bench:
    def __init__(
        self, plan: Plan, results: Results, *, out: Path, litellm: bool, only: set[str] | None
    ) -> None:
        self.plan = plan
        self.results = results
        self.out = out
        self.tmp = out / "tmp"  # server logs, raw profile: not part of the report
        self.want_litellm = litellm
        self.only = only
        # Pinned: servers under test on CPU 1; fake upstream, wrk and this client on CPU 0.
        self.server_cpus = {1} if results.pinned else None
        self.load_cpus = {0} if results.pinned else None
        self.servers: dict[str, Server] = {}
        self.fake: Server | None = None

    def run_all(self) -> None:
        if self.want_litellm:
            self.prepare_litellm()
        self.fake = self.start_fake()
        phases: list[tuple[str, Callable[[], None]]] = [
            ("start to healthy", self.startup),  # first, with nothing else busy
            ("servers start", self.start_servers),
            ("sequential", self.sequential),
            ("named session", self.named_session),
            ("front doors", self.front_doors),
            ("streaming", self.streaming),
            ("throughput", self.throughput),
            ("profile", self.profile),
            ("failover", self.failover),
            ("memory", self.memory),
            ("classifier, compaction", self.micro),
        ]
        if self.results.litellm.get("status") == "ok":
            phases.append(("litellm", self.litellm))
        if self.only is not None:
            phases = [(n, p) for n, p in phases if n in self.only or n == "servers start"]
        for name, phase in phases:
            started, cpu = time.monotonic(), CPUTimes.now(self.pids())
            phase()
            foreign, _ = CPUTimes.now(self.pids()).since(cpu)
            self.results.phases.append((name, time.monotonic() - started, foreign))

    # -- servers ---------------------------------------------------------------------------

    def start_fake(self) -> Server:
        port = free_port()
        argv = [PY, "bench/fake_upstream.py", "--port", str(port)]
        return start("fake", argv, port, self.tmp, cpus=self.load_cpus)

    def start_servers(self) -> None:
        assert self.fake is not None
        port = free_port()
        argv = [PY, "bench/passthrough.py", "--port", str(port), "--upstream", self.fake.url]
        self.servers[PASS] = start("passthrough", argv, port, self.tmp, cpus=self.server_cpus)
        self.servers[TROOPER] = self.trooper("trooper")
        self.servers[QUIET] = self.trooper("trooper-log-off", variant="--log-off")
        lean = {"TROOPER_ROUTING": "false", "TROOPER_STORE": "memory"}
        self.servers[LEAN] = self.trooper("trooper-lean", env=lean)
        self.results.idle_rss = {
            "fake upstream": rss_mb(self.fake.proc.pid),
            **{name: rss_mb(s.proc.pid) for name, s in self.servers.items()},
        }

    def trooper(self, name: str, *, variant: str = "", env: dict[str, str] | None = None) -> Server:
        """A Trooper on the fake upstream; ``variant``: a flag of bench/trooper_variant.py."""
        assert self.fake is not None
        port = free_port()
        script = ["bench/trooper_variant.py", variant] if variant else ["-m", "trooper", "serve"]
        env = {**trooper_env(port, self.fake.port), **(env or {})}
        return start(name, [PY, *script], port, self.tmp, env=env, cpus=self.server_cpus)

    def prepare_litellm(self) -> None:
        say("LiteLLM: installing into a throwaway venv (reused when present)")
        try:
            python, install_s, reused = ensure_installed(self.tmp)
        except LiteLLMUnavailable as err:
            self.results.litellm = {"status": str(err)}
            return
        self.results.litellm = {
            "python": str(python),
            "version": version(python),
            "install_s": install_s,
            "reused": "yes" if reused else "no",
            "status": "ok",
        }

    def start_litellm(self) -> None:
        assert self.fake is not None
        python = Path(str(self.results.litellm["python"]))
        try:
            server = start_litellm(python, free_port(), self.fake.port, self.tmp, self.server_cpus)
        except LiteLLMUnavailable as err:
            self.results.litellm["status"] = str(err)
            return
        self.servers[LITELLM] = server
        self.results.litellm["start_s"] = server.healthy_s
        self.results.idle_rss[LITELLM] = rss_mb(server.proc.pid)

    def stop_all(self) -> None:
        for server in self.servers.values():
            stop(server)
        if self.fake is not None:
            stop(self.fake)

    def pids(self) -> list[int]:
        """This run's long-lived servers (the fake upstream and the targets)."""
        servers = [*self.servers.values(), *([self.fake] if self.fake else [])]
        return [s.proc.pid for s in servers if s.proc.returncode is None]

    def ports(self, *names: str) -> dict[str, int]:
        assert self.fake is not None
        every = {DIRECT: self.fake.port, **{n: s.port for n, s in self.servers.items()}}
        return {n: every[n] for n in names if n in every}

    def pace(self, chunks: int, delay_ms: float = 0.0, pause_ms: float = 0.0) -> None:
        """Set the fake upstream's stream shape for every target at once."""
        assert self.fake is not None
        body = json.dumps({"chunks": chunks, "delay_ms": delay_ms, "pause_ms": pause_ms})
        raw = f"POST /_config HTTP/1.1\r\nHost: x\r\nContent-Length: {len(body)}\r\n\r\n{body}"
        conn = Connection(self.fake.port)
        conn.fetch(raw.encode())
        conn.close()

    # -- phases ----------------------------------------------------------------------------

    def startup(self) -> None:
        say(f"start to healthy: {self.plan.starts} fresh Trooper processes")
        for i in range(self.plan.starts):
            server = self.trooper(f"trooper-start-{i}")
            self.results.starts.append(server.healthy_s)
            stop(server)

    def log_lines(self, requests: int = 200) -> None:
        """How many log lines Trooper writes per request on the direct path."""
        server = self.servers[TROOPER]
        before = len(server.log.read_bytes().splitlines())
        conn = Connection(server.port)
        raw = anthropic_request(server.port, stream=False)
        for _ in range(requests):
            conn.timed(raw)
        conn.close()
        time.sleep(0.1)
        lines = len(server.log.read_bytes().splitlines()) - before
        self.results.log_lines_per_request = lines / requests

    def sequential(self) -> None:
        """One keep-alive connection per target, one request at a time, interleaved rounds."""
        plan = self.plan
        self.log_lines()
        say(f"sequential overhead: {plan.seq_rounds} rounds x {plan.seq_per_round} requests")
        ports = self.ports(DIRECT, PASS, TROOPER, QUIET, LEAN)
        self.results.sequential, self.results.seq_rounds = interleaved(
            ports, plan.seq_rounds, plan.seq_per_round, Probe.WHOLE
        )

    def named_session(self) -> None:
        """Trooper alone: SDK-style requests (the short history resent) with no session
        header, against the same requests in one named session whose turn log is full."""
        plan = self.plan
        port = self.servers[TROOPER].port
        named = {"X-Session-ID": "bench-long-session"}
        requests = {
            ONE_TURN: anthropic_request(port, stream=False, payload=HISTORY),
            LONG: anthropic_request(port, stream=False, payload=HISTORY, extra=named),
        }
        say(f"named session: filling its turn log ({LONG_SESSION_TURNS} turns), then rounds")
        conn = Connection(port)
        for _ in range(LONG_SESSION_TURNS + 10):
            conn.timed(requests[LONG])
        conn.close()
        self.results.named_session, _ = interleaved(
            {ONE_TURN: port, LONG: port},
            plan.seq_rounds,
            plan.seq_per_round // 2,
            Probe.WHOLE,
            requests,
        )

    def front_doors(self) -> None:
        """The same turn at every front door, each against the fake upstream called directly in
        its own dialect: what each route adds. One Trooper with its defaults and a key for every
        cloud (all on the fake), so that each turn goes to the cloud its model names."""
        assert self.fake is not None
        fake = self.fake.url
        server = self.trooper(
            "trooper-doors",
            env={
                "OPENAI_API_KEY": "sk-bench-openai",
                "OPENAI_BASE_URL": f"{fake}/v1",
                "GEMINI_API_KEY": "AIza-bench-gemini",
                "GEMINI_BASE_URL": fake,
            },
        )
        ports: dict[str, int] = {}
        requests: dict[str, bytes] = {}
        for door, (path, payload, extra) in FRONT_DOORS.items():
            for target, port in ((DIRECT, self.fake.port), (TROOPER, server.port)):
                ports[f"{door}|{target}"] = port
                requests[f"{door}|{target}"] = post(port, path, payload, extra)
        plan = self.plan
        say(f"front doors: {len(FRONT_DOORS)} routes, {plan.seq_rounds} rounds, direct and Trooper")
        try:
            latencies, _ = interleaved(
                ports, plan.seq_rounds, plan.seq_per_round // 4, Probe.WHOLE, requests
            )
        finally:
            stop(server)
        for key, values in latencies.items():
            door, target = key.split("|")
            self.results.front_doors.setdefault(door, {})[target] = values

    def streaming(self) -> None:
        plan = self.plan
        ports = self.ports(DIRECT, PASS, TROOPER)
        for chunks, rounds, per_round in (
            (50, plan.ttfb_rounds, plan.ttfb_per_round),
            (2000, plan.long_ttfb_rounds, plan.long_ttfb_per_round),
        ):
            say(f"streaming TTFB, {chunks}-chunk streams: {rounds} rounds x {per_round}")
            self.pace(chunks, pause_ms=FIRST_PAUSE_MS)
            self.results.ttfb[str(chunks)], _ = interleaved(ports, rounds, per_round, Probe.TTFB)
        say("streaming relay: paced 50- and 2,000-chunk streams, then bursts")
        for chunks, delay_ms, streams in (
            (50, 20.0, 2),
            (2000, 1.0, 1),
            (50, 0.0, plan.burst_streams * 4),
            (2000, 0.0, plan.burst_streams),
        ):
            self.pace(chunks, delay_ms)
            for name, port in self.ports(DIRECT, PASS, TROOPER).items():
                self.results.relay.append(relay_row(name, port, chunks, delay_ms, streams))
        self.pace(50)

    def throughput(self) -> None:
        plan = self.plan
        names = [DIRECT, PASS, TROOPER, QUIET, LEAN]
        if self.results.log_lines_per_request < LOGGING_MATTERS:
            names.remove(QUIET)  # nothing is logged per request: the variant would measure noise
        ports = self.ports(*names)
        say(f"throughput: wrk {plan.wrk_s:g} s x {plan.wrk_reps} per target at 32 and 256")
        for port in ports.values():  # warm-up
            run_wrk(f"http://127.0.0.1:{port}/v1/messages", connections=32, duration_s=1)
        for conns in (32, 256):
            table: dict[str, list[dict[str, float | int | str]]] = {n: [] for n in ports}
            for rep in range(plan.wrk_reps):
                order = list(ports)[rep % len(ports) :] + list(ports)[: rep % len(ports)]
                for name in order:
                    table[name].append(self.wrk_once(name, ports[name], conns))
            self.results.throughput[str(conns)] = table
        plan, count = self.plan, self.plan.load_sessions
        self.results.session_count = count
        for name in (PASS, TROOPER, LEAN):  # the pass-through: this harness's own ceiling
            say(f"  {name}: {plan.load_session_requests:,} requests over {count:,} named sessions")
            run = run_sessions(
                f"{self.servers[name].url}/v1/messages",
                requests=plan.load_session_requests,
                sessions=count,
            )
            self.results.session_throughput[name] = run.answered / run.seconds

    def wrk_once(self, name: str, port: int, conns: int) -> dict[str, float | int | str]:
        pid = self.servers[name].proc.pid if name in self.servers else None
        cpu_before, drops_before = (cpu_seconds(pid) if pid else 0.0), listen_overflows()
        result = run_wrk(
            f"http://127.0.0.1:{port}/v1/messages", connections=conns, duration_s=self.plan.wrk_s
        )
        row: dict[str, float | int | str] = {**asdict(result)}
        row["listen_drops"] = listen_overflows() - drops_before
        if pid and result.requests:
            row["cpu_us_per_request"] = (cpu_seconds(pid) - cpu_before) / result.requests * 1e6
        say(f"  {name:18} c={conns:<3} {result.rps:8.0f} req/s  p99 {result.p99_ms:7.1f} ms")
        return row

    def profile(self) -> None:
        if not pyspy.available():
            self.results.notes.append("py-spy is not installed: no profile.")
            return
        server, seconds = self.servers[TROOPER], self.plan.profile_s
        say(f"profile: py-spy on Trooper, 2 x {seconds:g} s under wrk -c32")
        # (a run of some phases only writes no report: its flame graph stays with the raw data)
        svg = (self.tmp if self.only is not None else self.out) / "profile.svg"
        raw = self.tmp / "profile.txt"
        url = f"{server.url}/v1/messages"
        with pyspy.under_load(lambda: run_wrk(url, connections=32, duration_s=2 * seconds + 2)):
            pyspy.record(server.proc.pid, raw, "raw", seconds)
            pyspy.record(server.proc.pid, svg, "flamegraph", seconds)
        profile = pyspy.read_collapsed(raw)
        self.results.profile_samples = profile.samples
        self.results.profile = {
            "self": profile.top_self(15),
            "inclusive": profile.top_inclusive(20),
            "packages": profile.package_share(),
        }

    def failover(self) -> None:
        assert self.fake is not None
        self.pace(50, pause_ms=FIRST_PAUSE_MS)
        for code in (402, 429):
            say(f"failover: the cloud answers {code}, the local model (Ollama format) serves")
            server = self.trooper(
                f"trooper-failover-{code}",
                env={
                    "CLAUDE_BASE_URL": f"{self.fake.url}/status/{code}",
                    # Every request must meet the refusal, not an open breaker's skip nor the
                    # router's simple-turn route (the bench prompt is a simple one).
                    "TROOPER_BREAKER_COOLDOWN_S": "0.0005",
                    "TROOPER_ROUTING": "false",
                },
            )
            try:
                self.results.failover[str(code)] = failover_rounds(
                    server.port, self.fake.port, self.plan.failover_requests
                )
            finally:
                stop(server)
        self.pace(50)

    def memory(self) -> None:
        plan = self.plan
        # The memory store, whose bound (10,000 sessions) the report's reading of growth relies on.
        server = self.trooper("trooper-memory", env={"TROOPER_STORE": "memory"})
        url = f"{server.url}/v1/messages"
        try:
            time.sleep(1.0)
            idle = rss_mb(server.proc.pid)
            half = plan.mem_requests // 2
            say(f"memory: {plan.mem_requests:,} requests over {plan.mem_sessions:,} sessions")
            with RSSSampler(server.proc.pid) as sampler:
                first = run_sessions(url, requests=half, sessions=plan.mem_sessions)
                at_half = rss_mb(server.proc.pid)
                sampler.mark()
                second = run_sessions(url, requests=half, sessions=plan.mem_sessions)
                at_full = rss_mb(server.proc.pid)
            self.results.memory = {
                "idle_mb": idle,
                "half_mb": at_half,
                "full_mb": at_full,
                "requests": first.answered + second.answered,
                "failed": first.failed + second.failed,
                "sessions": plan.mem_sessions,
                "rps": (first.answered + second.answered) / (first.seconds + second.seconds),
            }
            self.results.rss_series = [
                (0, idle),
                *sampler.series(first.answered, second.answered),
            ]
        finally:
            stop(server)

    def litellm(self) -> None:
        """LiteLLM last, alone with the fake upstream and Trooper: it keeps working for seconds
        after a load ends (queued requests, background logging), which would slow whatever
        target came next in shared rounds."""
        plan = self.plan
        self.start_litellm()
        if LITELLM not in self.servers:
            return
        try:
            say("LiteLLM: sequential overhead and TTFB, interleaved with direct and Trooper")
            ports = self.ports(DIRECT, TROOPER, LITELLM)
            self.results.litellm_sequential, _ = interleaved(
                ports, plan.seq_rounds, plan.seq_per_round // 2, Probe.WHOLE
            )
            self.pace(50, pause_ms=FIRST_PAUSE_MS)
            self.results.litellm_ttfb, _ = interleaved(
                ports, plan.ttfb_rounds, plan.ttfb_per_round // 2, Probe.TTFB
            )
            self.pace(50)
            port = self.servers[LITELLM].port
            for conns in (32, 256):
                self.results.litellm_throughput[str(conns)] = [
                    self.wrk_once(LITELLM, port, conns) for _ in range(plan.wrk_reps)
                ]
        finally:
            stop(self.servers.pop(LITELLM))

    def micro(self) -> None:
        for script, args, key in (
            ("bench/bench_classifier.py", self.plan.classifier_args, "classifier"),
            ("bench/bench_compaction.py", self.plan.compaction_args, "compaction"),
        ):
            say(f"{key}: {script}")
            if not (BENCH.parent / script).exists():
                setattr(self.results, key, f"({script} is not there yet)")
                continue
            out = subprocess.run(
                [PY, script, *args], capture_output=True, text=True, cwd=BENCH.parent, check=False
            )
            text = out.stdout.strip()
            if out.returncode != 0:
                text += f"\n(exit {out.returncode}) {out.stderr.strip()[-2000:]}"
            setattr(self.results, key, text)


def _rounded(value: object) -> object:
    """Floats to 4 decimals (0.1 µs for latencies in ms): a smaller results.json."""
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_rounded(v) for v in value]
    return value


def _load(when: str) -> str:
    one, five, _ = os.getloadavg()
    return f"Load average {when}: {one:.2f} (1 min), {five:.2f} (5 min)."


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="a ~1-minute smoke run")
    parser.add_argument("--litellm", action="store_true", help="also measure a LiteLLM proxy")
    parser.add_argument(
        "--pin",
        action="store_true",
        help="servers under test on CPU 1, the fake upstream and the load generators on CPU 0 "
        "(default: the kernel places every process, as where users run Trooper)",
    )
    parser.add_argument(
        "--only",
        help="comma-separated phases to run (e.g. 'memory,named session'); their figures are "
        "printed as JSON and no report is written",
    )
    parser.add_argument("--out", type=Path, default=RESULTS, help="where the report goes")
    parser.add_argument(
        "--render", action="store_true", help="only rewrite the report from <out>/results.json"
    )
    args = parser.parse_args(argv)
    if args.render:
        data = json.loads((args.out / "results.json").read_text())
        write_report(Results(**data), args.out)
        return 0
    pinned = args.pin and (os.cpu_count() or 1) >= 2
    if pinned:
        os.sched_setaffinity(0, {0})  # this client, and the wrk and py-spy it spawns
    started, cpu = time.monotonic(), CPUTimes.now()
    results = Results(machine(), quick=args.quick, pinned=pinned)
    results.notes.append(_load("at the start"))
    results.date = time.strftime("%Y-%m-%d %H:%M %Z")
    args.out.mkdir(parents=True, exist_ok=True)
    only = {p.strip() for p in args.only.split(",")} if args.only else None
    plan = QUICK if args.quick else Plan()
    bench = Bench(plan, results, out=args.out, litellm=args.litellm, only=only)
    try:
        bench.run_all()
    except (HTTPError, RuntimeError, TimeoutError, subprocess.CalledProcessError) as err:
        print(f"bench: {err}", file=sys.stderr)
        return 1
    finally:
        bench.stop_all()
    results.seconds = time.monotonic() - started
    results.notes.append(_load("at the end"))
    if only is not None:
        print(json.dumps(_rounded(asdict(results)), indent=1))
        return 0
    foreign, stolen = CPUTimes.now().since(cpu)
    foreign = max(foreign, 0.0)
    results.notes.append(
        f"Other processes on the machine used {foreign:.1f} CPU-seconds during the run "
        f"({foreign / results.seconds:.0%} of one core on average; by phase below), and the "
        f"hypervisor stole {stolen:.1f} s."
    )
    (args.out / "results.json").write_text(json.dumps(_rounded(asdict(results)), indent=1) + "\n")
    write_report(results, args.out)
    say(f"done in {results.seconds:.0f} s: {args.out / 'REPORT.md'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
