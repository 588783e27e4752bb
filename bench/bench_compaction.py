"""How long estimating and compacting a long conversation takes.

    python bench/bench_compaction.py [--budget 6144] [--repeat 15]

Conversations of 100, 1,000 and 10,000 messages of about 200 tokens each (800 bytes: prose,
code and tool calls with their results, in a fixed random mix), so 1,000 messages is the
200k-token case; the goal is under 10 ms for it. Prints the median of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import functools
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

from trooper.context.compact import compact  # noqa: E402
from trooper.context.tokens import estimate_request  # noqa: E402
from trooper.model.conversation import (  # noqa: E402
    ChatRequest,
    Message,
    Part,
    Role,
    TextPart,
    ToolCallPart,
    ToolResultPart,
)

WORDS = [
    "the",
    "proxy",
    "falls",
    "back",
    "to",
    "the",
    "local",
    "model",
    "when",
    "the",
    "cloud",
    "returns",
    "a",
    "quota",
    "error",
    "and",
    "keeps",
    "the",
    "session",
    "context",
    "so",
    "the",
    "agent",
    "loop",
    "continues",
    "where",
    "it",
    "left",
    "off",
    "with",
    "streaming",
    "tokens",
]
CODE = [
    "def handle(request: Request) -> Response:",
    "    if breaker.is_open(provider):",
    "        return await fallback(request, reason='circuit_open')",
    "    for attempt in range(MAX_RETRIES):",
    "        resp = await client.post(url, json=body, timeout=30)",
    "    raise ProviderError(f'{provider} failed: {resp.status}')",
]


def _prose(rng: random.Random, size: int) -> str:
    words: list[str] = []
    while sum(len(w) + 1 for w in words) < size:
        words.append(rng.choice(WORDS))
    return " ".join(words).capitalize() + "."


def _code(rng: random.Random, size: int) -> str:
    lines: list[str] = []
    while sum(len(line) + 1 for line in lines) < size:
        lines.append(rng.choice(CODE))
    return "\n".join(lines)


def conversation(n_messages: int, seed: int = 1) -> ChatRequest:
    """``n_messages`` alternating messages of ~800 bytes; every fourth exchange a tool call."""
    rng = random.Random(seed)
    messages: list[Message] = []
    while len(messages) < n_messages - 1:
        step = len(messages)
        if step % 8 == 5:
            call = ToolCallPart(f"call_{step}", "bash", {"cmd": "pytest -x tests/"})
            messages.append(Message("assistant", [TextPart(_prose(rng, 200)), call]))
            result = ToolResultPart(f"call_{step}", [TextPart(_code(rng, 1500))])
            messages.append(Message("user", [result]))
            continue
        role: Role = "user" if step % 2 == 0 else "assistant"
        parts: list[Part] = [TextPart(_prose(rng, 560 if role == "user" else 880))]
        if role == "assistant" and rng.random() < 0.5:
            parts.append(TextPart("```python\n" + _code(rng, 400) + "\n```"))
        messages.append(Message(role, parts))
    if messages and messages[-1].role == "user":
        messages.append(Message("assistant", [TextPart(_prose(rng, 300))]))
    messages.append(Message("user", [TextPart("Why does the fallback lose streaming tokens?")]))
    return ChatRequest(model="claude-sonnet-4-5", messages=messages, system="You are helpful.")


def _median_ms(fn: Callable[[], object], repeat: int) -> float:
    fn()  # warm up
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--budget", type=int, default=6144)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    print(f"| messages | tokens (estimated) | estimate_request | compact to {args.budget} |")
    print("|---|---|---|---|")
    for n in (100, 1_000, 10_000):
        req = conversation(n)
        tokens = estimate_request(req)
        est = _median_ms(functools.partial(estimate_request, req), args.repeat)
        cut = _median_ms(functools.partial(compact, req, args.budget), args.repeat)
        print(f"| {len(req.messages):,} | {tokens:,} | {est:.2f} ms | {cut:.2f} ms |")


if __name__ == "__main__":
    main()
