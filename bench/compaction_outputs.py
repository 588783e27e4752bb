"""Compaction's outputs, saved and checked: a change meant only to make it faster must not move one.

    python bench/compaction_outputs.py --save /tmp/outputs.json    # before the change
    python bench/compaction_outputs.py --check /tmp/outputs.json   # after it: exit 1 on a change

For every conversation it knows (the benchmark's 100, 1,000 and 10,000 messages, the shapes of
``tests/context``, the SWE-agent trajectories and the long ShareGPT chats that
``scripts/eval_compaction.py`` reads, when they are installed) and every budget of the tests, it
records what :func:`~trooper.context.compact.compact` returns (the messages, the system prompt
with its SITREP, the report) or the error it raises, each message's token estimate, the
estimate of every text (with the texts of ``scripts/eval_compaction.py tokens``), the SITREP
of the whole conversation, the SITREP's candidate entities of every text and the BM25 scores
of every turn. Each record is saved as a SHA-256 digest of its ``repr``: ``--check`` names the
records that differ. The real data is read from ``../shared`` beside the checkout; from a git
worktree, name it with ``TROOPER_SHARED=/path/to/shared`` (the run prints what it read).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for where in (ROOT / "src", ROOT / "bench", ROOT / "tests" / "context"):
    if str(where) not in sys.path:
        sys.path.insert(0, str(where))

import bench_compaction  # noqa: E402
import context_support as shapes  # noqa: E402

from trooper.context import sitrep  # noqa: E402
from trooper.context.compact import _doc, _query, compact, units_of  # noqa: E402
from trooper.context.recall import bm25_scores  # noqa: E402
from trooper.context.tokens import estimate_message, estimate_request, estimate_text  # noqa: E402
from trooper.errors import PayloadTooLarge  # noqa: E402
from trooper.model.conversation import (  # noqa: E402
    ChatRequest,
    Message,
    Role,
    TextPart,
    ToolCallPart,
    ToolResultPart,
)

BUDGETS = shapes.BUDGETS
ODD_TEXTS = [
    "",
    " ",
    "\ud800 lone surrogate \udfff",
    "İstanbul İİ ß ﬁ ǅ Σ",
    "\x00\x01\x1c\x1d\x1e\x1f\x7f\x85\xa0\u2028\u2029 separators",
    "tab\tvertical\x0bform\x0cfeed\r\ncrlf\rcr",
    "CamelCase snake_case CONSTANT_NAME a/b/c.py ./run.sh 1.2.3 3.14 10:30 v2 TODO? `x`",
    '`code span` ..dots.. a..b .a a. éa Éa aÉ 日本 A1 a1 1a ab-cd ab\'cd (ab) "ab" ...',
    "Furthermore, the Proxy said: Hello. And Then? Yes! - Bullet 1. Item (Paren) [Bracket]",
]


def _mixed(n: int) -> ChatRequest:
    """Text in many scripts, code, identifiers and separators: the estimator's and the
    SITREP's odd corners."""
    text = (
        "The proxy keeps the session going while the cloud is away. naïve café 日本語 ✓ "
        "Прокси продолжает разговор 🚀 `fallback()` src/trooper/app.py ERROR: E501 at 10:32. "
        "Then RetryPolicy.max_attempts = 3; TODO: stream İs ǅ\u2028next line\x85more\n- Item One."
    )
    messages: list[Message] = []
    for i in range(n):
        role: Role = "user" if i % 2 == 0 else "assistant"
        messages.append(Message(role, [TextPart(f"{i}: {text * (1 + i % 5)}")]))
    return ChatRequest("m", messages, system="Du bist hilfreich. 你好")


def _edge_shapes() -> Iterator[tuple[str, ChatRequest]]:
    big = "word " * 3000
    lorem = "START " + "lorem ipsum dolor sit amet " * 4000 + " END"
    alternating: list[Role] = ["user", "assistant"]
    yield (
        "edge/three",
        ChatRequest(
            "m", [Message(r, [TextPart(big)]) for r in (*alternating, "user")], system="S " * 4000
        ),
    )
    yield "edge/no-user", ChatRequest("m", [Message("assistant", [TextPart(big)])] * 3)
    prefill = [*shapes.chat(turns=41, fact_at=None).messages, Message("assistant", [TextPart("{")])]
    yield "edge/prefill", ChatRequest("m", prefill, system="S " * 4000)
    huge = [
        Message("user", [TextPart(lorem)]),
        Message("assistant", [TextPart("ok")]),
        *[Message(r, [TextPart(f"turn {i}")]) for i, r in enumerate(alternating * 5)],
        Message("user", [TextPart("QUESTION " + lorem)]),
    ]
    yield "edge/huge-ends", ChatRequest("m", huge)
    log = [
        Message("user", [TextPart("Read the log.")]),
        Message("assistant", [ToolCallPart("t1", "read", {"path": "/var/log/app.log"})]),
        Message("user", [ToolResultPart("t1", [TextPart("HEAD " + "x = 1\n" * 20000 + "TAIL")])]),
    ]
    yield "edge/huge-result", ChatRequest("m", log)
    system = shapes.chat(turns=60, fact_at=None)
    system.system = "RULES " + "always answer politely and briefly. " * 3000 + "LAST RULE"
    yield "edge/huge-system", system


def conversations() -> Iterator[tuple[str, ChatRequest]]:
    """Every conversation the outputs are recorded for, by name."""
    for n in (100, 1_000, 10_000):
        yield f"bench/{n}", bench_compaction.conversation(n)
    yield "tests/chat", shapes.chat()
    for turns, fact in ((1000, 40), (121, None), (300, None), (60, None), (81, None), (40, None)):
        yield f"tests/chat-{turns}-{fact}", shapes.chat(turns=turns, fact_at=fact)
    for steps, parallel in ((150, 1), (150, 3), (100, 1), (60, 1), (40, 1), (40, 3)):
        yield f"tests/agent-{steps}-{parallel}", shapes.agent(steps=steps, parallel=parallel)
    yield "mixed/300", _mixed(300)
    yield from _edge_shapes()
    script = shapes.load_eval_script()
    for name, req in script.swe_agent_requests(shapes.SWE_AGENT):
        yield f"swe-agent/{name}", req
    for name, req in script.sharegpt_conversations(limit=40):
        yield f"sharegpt/{name}", req


def _digest(value: object) -> str:
    return hashlib.sha256(repr(value).encode("utf-8", "surrogatepass")).hexdigest()


def _compacted(req: ChatRequest, budget: int) -> object:
    try:
        result = compact(req, budget)
    except PayloadTooLarge as error:
        return ("refused", str(error))
    out = result.request
    return (out.system, out.messages, result.report, result.log_lines(), out.modified)


def records() -> Iterator[tuple[str, Callable[[], object]]]:
    """(name, what to record) for every output checked."""
    for name, req in conversations():
        texts = shapes.texts(req)
        yield (
            f"{name} tokens",
            lambda r=req: (
                [estimate_message(m) for m in r.messages],
                estimate_request(r),
            ),
        )
        yield f"{name} texts", lambda t=texts: [estimate_text(x) for x in t]
        yield f"{name} candidates", lambda t=texts: [sitrep._candidates(x) for x in t]
        yield f"{name} sitrep", lambda r=req: sitrep.extract_sitrep(r.messages).render()
        yield f"{name} bm25", lambda r=req: _bm25(r)
        for budget in BUDGETS:
            yield f"{name} compact {budget}", lambda r=req, b=budget: _compacted(r, b)
    samples = shapes.load_eval_script().token_samples()
    for kind, texts in sorted(samples.items()):
        yield f"samples/{kind} texts", lambda t=texts: [estimate_text(x) for x in t]
        yield f"samples/{kind} candidates", lambda t=texts: [sitrep._candidates(x) for x in t]
    yield "odd texts", lambda: [(estimate_text(t), sitrep._candidates(t)) for t in ODD_TEXTS]


def _bm25(req: ChatRequest) -> list[float]:
    costs = [estimate_message(m) for m in req.messages]
    units = units_of(req.messages, costs)
    return bm25_scores([_doc(u) for u in units], [u.tokens for u in units], _query(req.messages))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--save", type=Path, help="write the digests to this file")
    group.add_argument("--check", type=Path, help="compare with the digests in this file")
    args = parser.parse_args()
    started = time.perf_counter()
    digests = {name: _digest(record()) for name, record in records()}
    took = time.perf_counter() - started
    sources = sorted({name.split("/")[0] for name in digests})
    counted = {
        s: sum(1 for n in digests if n.startswith(s + "/") and n.endswith(" tokens"))
        for s in sources
    }
    print(f"trooper from {Path(sitrep.__file__).parents[2]}; conversations: {counted}")
    if args.save:
        args.save.write_text(json.dumps(digests, indent=0, sort_keys=True))
        print(f"{len(digests)} outputs saved to {args.save} ({took:.1f} s)")
        return
    saved: dict[str, str] = json.loads(args.check.read_text())
    changed = [name for name in saved if digests.get(name) != saved[name]]
    new = [name for name in digests if name not in saved]
    for name in changed:
        print(f"CHANGED {name}" if name in digests else f"MISSING {name}")
    for name in new:
        print(f"NEW {name}")
    same = len(saved) - len(changed)
    print(f"{same} of {len(saved)} outputs identical ({took:.1f} s)")
    sys.exit(1 if changed else 0)


if __name__ == "__main__":
    main()
