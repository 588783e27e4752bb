"""How long the router takes per request, over a realistic mix of traffic.

The mix: short factual and chat turns (the bulk of what could go local), follow-ups in a
multi-turn conversation, longer questions, pasted code, agent requests carrying tools, and an
image. Prints microseconds per request for the whole mix and per kind.

``--level`` picks the operating point (default: balanced, what Trooper runs by default; strict
is the router before the question was read without its wrapping). A separate line times short
turns in wrapping (a polite preamble, lettered options, a quoted title), outside the mix.

Usage:
    python bench/bench_classifier.py [--rounds N] [--level strict|balanced|eager]
"""

from __future__ import annotations

import argparse
import sys
import timeit
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from trooper.model.conversation import (  # noqa: E402
    ChatRequest,
    ImagePart,
    Message,
    TextPart,
    ToolDef,
)
from trooper.routing.classifier import Classifier  # noqa: E402
from trooper.routing.rules import LEVELS  # noqa: E402

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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="router microbenchmark")
    parser.add_argument("--rounds", type=int, default=2000)
    parser.add_argument("--level", choices=LEVELS, default="balanced")
    args = parser.parse_args(argv)
    router = Classifier.from_file(None, args.level)
    kinds = mix()
    everything = [req for reqs in kinds.values() for req in reqs]
    for kind, reqs in kinds.items():
        print(f"{kind:22} {per_request(router, reqs, args.rounds):7.2f} µs/request")
    total = per_request(router, everything, args.rounds)
    print(f"{'realistic mix':22} {total:7.2f} µs/request ({len(everything)} requests)")
    wrapped = [ChatRequest(model="m", messages=[_user(t)]) for t in WRAPPED]
    print(f"{'wrapped short turn':22} {per_request(router, wrapped, args.rounds):7.2f} µs/request")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
