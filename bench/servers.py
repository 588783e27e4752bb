"""Starting, watching and stopping the servers under test, and describing the machine.

fake = start("fake", [PY, "bench/fake_upstream.py", "--port", str(port)], port, logs)
print(fake.healthy_s, rss_mb(fake.proc.pid))
stop(fake)
"""

from __future__ import annotations

import contextlib
import http.client
import os
import platform
import resource
import signal
import subprocess
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

PY = sys.executable
BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent


@dataclass(slots=True)
class Server:
    name: str
    port: int
    proc: subprocess.Popen[bytes]
    log: Path
    healthy_s: float  # from spawning the process to its first healthy answer

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def start(
    name: str,
    argv: Sequence[str],
    port: int,
    logs: Path,
    *,
    env: dict[str, str] | None = None,
    health: str = "/health",
    cpus: set[int] | None = None,
    timeout_s: float = 30.0,
) -> Server:
    """Spawn a server with its stdout and stderr in ``logs/<name>.log``; return once healthy."""
    logs.mkdir(parents=True, exist_ok=True)
    log = logs / f"{name}.log"
    with log.open("wb") as out:
        started = time.monotonic()
        proc = subprocess.Popen(
            list(argv),
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, **(env or {})},
            cwd=ROOT,
            preexec_fn=(lambda: os.sched_setaffinity(0, cpus)) if cpus else None,
        )
    try:
        wait_healthy(port, health, proc, timeout_s)
    except BaseException:
        stop_process(proc)
        raise
    return Server(name, port, proc, log, time.monotonic() - started)


def wait_healthy(
    port: int, path: str, proc: subprocess.Popen[bytes] | None, timeout_s: float
) -> None:
    """Poll ``GET path`` every 5 ms until it answers 200."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"the server on port {port} exited with {proc.returncode}")
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        try:
            conn.request("GET", path)
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        finally:
            conn.close()
        time.sleep(0.005)
    raise TimeoutError(f"the server on port {port} was not healthy within {timeout_s:g} s")


def stop(server: Server) -> None:
    stop_process(server.proc)


def stop_process(proc: subprocess.Popen[bytes], timeout_s: float = 10.0) -> None:
    """SIGINT (aiohttp's clean shutdown), then SIGKILL if it lingers."""
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout_s)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def rss_mb(pid: int) -> float:
    """Resident set size (VmRSS) of ``pid`` in MB (10^6 bytes)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024 / 1e6
    raise RuntimeError(f"no VmRSS for pid {pid}")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time the process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


def trooper_env(port: int, fake_port: int, *, cloud_path: str = "") -> dict[str, str]:
    """Trooper's settings for the benchmark: Claude and Ollama both on the fake upstream, and
    otherwise the defaults users run (routing on at its default point, a SQLite session store:
    one file per server, in the run's scratch folder)."""
    return {
        "TROOPER_PORT": str(port),
        "CLAUDE_API_KEY": "sk-ant-bench",
        "CLAUDE_BASE_URL": f"http://127.0.0.1:{fake_port}{cloud_path}",
        "FALLBACK_URL": f"http://127.0.0.1:{fake_port}/api/chat",
        "TROOPER_STORE": str(BENCH / "results" / "tmp" / f"sessions-{port}.db"),
        "TROOPER_LOG_FORMAT": "text",
        "PYTHONPATH": str(ROOT / "src"),
    }


def machine() -> dict[str, str]:
    """What the numbers were measured on."""
    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = next(
        (line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if "model name" in line),
        platform.processor() or "unknown",
    )
    mhz = next(
        (line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if "cpu MHz" in line), "?"
    )
    mem_kb = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal:")
    )
    os_name = "unknown"
    release = Path("/etc/os-release")
    if release.exists():
        for line in release.read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                os_name = line.split("=", 1)[1].strip('"')
    return {
        "CPU": f"{model} @ {float(mhz):.0f} MHz" if mhz != "?" else model,
        "Cores": f"{os.cpu_count()} (load generator, fake upstream and server share them)",
        "Memory": f"{mem_kb / 1024 / 1024:.1f} GiB",
        "Kernel": platform.release(),
        "OS": os_name,
        "Python": platform.python_version(),
        "aiohttp": _version("aiohttp"),
        "uvloop": _version("uvloop"),
        "orjson": _version("orjson"),
        "wrk": _wrk_version(),
        "Trooper": _git_revision(),
    }


def _git_revision() -> str:
    """The commit measured, and whether src/ had changes not yet committed."""

    def git(*args: str) -> str:
        out = subprocess.run(["git", *args], capture_output=True, text=True, cwd=ROOT, check=False)
        return out.stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = len(git("status", "--porcelain", "src").splitlines())
    return f"commit {commit}" + (f" + {dirty} uncommitted file(s) in src/" if dirty else "")


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def _wrk_version() -> str:
    try:
        out = subprocess.run(["wrk", "--version"], capture_output=True, text=True, check=False)
    except FileNotFoundError:
        return "not installed"
    return (out.stdout or out.stderr).split("\n", 1)[0].split(" [")[0].strip()


def listen_overflows() -> int:
    """The kernel's count of connections dropped because a listen queue was full (a client
    then retransmits its SYN after a second)."""
    lines = Path("/proc/net/netstat").read_text().splitlines()
    for names, values in zip(lines[::2], lines[1::2], strict=False):
        if names.startswith("TcpExt:"):
            table = dict(zip(names.split()[1:], values.split()[1:], strict=True))
            return int(table.get("ListenOverflows", 0))
    return 0


@dataclass(frozen=True, slots=True)
class CPUTimes:
    """Machine-wide busy and stolen CPU time, and this process's and its children's own."""

    busy_s: float
    steal_s: float
    ours_s: float

    @classmethod
    def now(cls, live: Iterable[int] = ()) -> CPUTimes:
        """``live``: this run's children still running (or not yet reaped), whose CPU time
        ``getrusage`` does not count yet."""
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        user, nice, system, _idle, _iowait, irq, softirq, steal = fields[:8]
        ticks = os.sysconf("SC_CLK_TCK")
        mine = resource.getrusage(resource.RUSAGE_SELF)
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        ours = mine.ru_utime + mine.ru_stime + children.ru_utime + children.ru_stime
        for pid in live:
            with contextlib.suppress(FileNotFoundError, ProcessLookupError):
                ours += cpu_seconds(pid)
        return cls((user + nice + system + irq + softirq) / ticks, steal / ticks, ours)

    def since(self, start: CPUTimes) -> tuple[float, float]:
        """CPU seconds used by other processes (not this run's), and stolen by the host."""
        return (self.busy_s - start.busy_s) - (self.ours_s - start.ours_s), (
            self.steal_s - start.steal_s
        )
