"""Profiling a running server with py-spy, and reading its collapsed stacks.

    with under_load(lambda: run_wrk(url, connections=32, duration_s=12)):
        record(pid, Path("profile.txt"), "raw", duration_s=10)
    profile = read_collapsed(Path("profile.txt"))
    profile.top_self(10)

py-spy samples Python frames only: time spent in C (uvloop's loop, aiohttp's C parser, orjson)
counts as self time of the Python frame that called it, so ``run_app`` is the event loop itself.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

_FRAME = re.compile(r"^(?P<func>.*) \((?P<file>[^()]*?)(?::\d+)?\)$")
#: Frames at the bottom of every stack of the server, left out of the inclusive ranking.
ENTRY_POINTS = ("trooper/cli.py", "trooper/__main__.py")
#: Where a frame's file lives, for the per-package breakdown (first match wins).
PACKAGES = (
    ("trooper", "trooper/"),
    ("aiohttp", "aiohttp/"),
    ("multidict/yarl", "multidict/"),
    ("multidict/yarl", "yarl/"),
    ("prometheus_client", "prometheus_client/"),
    ("logging", "logging/"),
    ("asyncio", "asyncio/"),
)


def available() -> bool:
    return shutil.which("py-spy") is not None


@contextmanager
def under_load(load: Callable[[], object]) -> Iterator[None]:
    """Run ``load`` in a thread while the body runs; wait for it at the end."""
    thread = threading.Thread(target=load, daemon=True)
    thread.start()
    time.sleep(1.0)  # let the load reach its steady state
    try:
        yield
    finally:
        thread.join()


def record(pid: int, out: Path, fmt: str, duration_s: float) -> None:
    """``py-spy record`` for ``duration_s`` seconds at 250 Hz, in ``fmt`` ("raw": collapsed
    stacks; "flamegraph": SVG). Blocking sampling (the default) pauses the process for each
    sample, which costs it a few percent but gives whole stacks; ``--nonblocking`` gives torn
    ones under uvloop, where a coroutine's stack changes between two reads."""
    argv = ["py-spy", "record", "-o", str(out), "-f", fmt, "--pid", str(pid), "--rate", "250"]
    argv += ["--duration", f"{duration_s:g}", "--nolineno" if fmt == "raw" else "--function"]
    subprocess.run(
        argv,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=duration_s + 60,
    )


def frame_name(frame: str) -> tuple[str, str]:
    """``("Transport.complete", "trooper/providers/transport.py")`` from a py-spy frame."""
    match = _FRAME.match(frame.strip())
    if match is None:
        return frame.strip(), ""
    return match["func"], match["file"]


def package_of(path: str) -> str:
    for name, marker in PACKAGES:
        if marker in path:
            return name
    return "other (stdlib, runpy)"


@dataclass(slots=True)
class Profile:
    samples: int = 0
    self_time: Counter[tuple[str, str]] = field(default_factory=Counter)
    inclusive: Counter[tuple[str, str]] = field(default_factory=Counter)
    packages: Counter[str] = field(default_factory=Counter)

    def top_self(self, n: int) -> list[tuple[str, str, float]]:
        """The ``n`` frames with the most samples on top of the stack: (func, file, % samples)."""
        return [(f, p, c * 100 / self.samples) for (f, p), c in self.self_time.most_common(n)]

    def top_inclusive(self, n: int, package: str = "trooper/") -> list[tuple[str, str, float]]:
        """The ``n`` functions of ``package`` found in the most stacks: (func, file, % samples),
        leaving out the entry points every stack goes through."""
        mine = [
            (k, c)
            for k, c in self.inclusive.most_common()
            if package in k[1] and not k[1].endswith(ENTRY_POINTS)
        ]
        return [(f, p, c * 100 / self.samples) for (f, p), c in mine[:n]]

    def package_share(self) -> list[tuple[str, str, float]]:
        return [(p, "", c * 100 / self.samples) for p, c in self.packages.most_common()]


def read_collapsed(path: Path) -> Profile:
    """A profile from py-spy's ``raw`` output: ``frame;frame;...;leaf count`` per line."""
    profile = Profile()
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        count = int(count_text)
        frames = [frame_name(f) for f in stack.split(";")]
        profile.samples += count
        leaf = frames[-1]
        profile.self_time[leaf] += count
        loop = leaf[0] == "run_app"  # nothing in Python above the loop: uvloop's C code
        profile.packages["event loop (uvloop, C)" if loop else package_of(leaf[1])] += count
        for frame in set(frames):
            profile.inclusive[frame] += count
    return profile
