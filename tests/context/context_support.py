"""Synthetic conversations and the invariants every compaction must keep (shared by the tests)."""

from __future__ import annotations

import importlib.util
import itertools
import json
import os
import random
import sys
from pathlib import Path
from types import ModuleType

from trooper.context.compact import Compaction
from trooper.context.tokens import (
    estimate_message,
    estimate_request,
    estimate_system,
)
from trooper.model.conversation import (
    ChatRequest,
    Message,
    Role,
    TextPart,
    ToolCallPart,
    ToolResultPart,
)

ROOT = Path(__file__).resolve().parents[2]
BUDGETS = (512, 1024, 2048, 4096, 6144, 8192, 16384, 32768)
# ``../shared`` beside the checkout; TROOPER_SHARED names another place (a worktree).
SHARED = Path(os.environ.get("TROOPER_SHARED") or ROOT.parent / "shared")
SWE_AGENT = SHARED / "eval-data" / "swe-agent"
FACT = "the rotation code for the staging database is ZEBRA-4417"
FACT_QUESTION = "Remind me: what is the rotation code for the staging database?"

_WORDS = [
    "proxy",
    "request",
    "stream",
    "header",
    "budget",
    "session",
    "token",
    "window",
    "fallback",
    "router",
    "local",
    "cloud",
    "model",
    "latency",
    "retry",
    "breaker",
    "health",
    "metric",
    "config",
    "client",
    "server",
    "socket",
    "buffer",
    "parser",
    "encoder",
    "queue",
    "worker",
    "thread",
    "cache",
    "memory",
    "prompt",
    "answer",
    "summary",
    "layer",
    "anchor",
    "tail",
    "middle",
    "chain",
    "timeout",
    "limit",
    "quota",
    "error",
    "status",
    "upstream",
    "downstream",
    "endpoint",
    "payload",
    "schema",
    "field",
    "value",
]


def sentence(rng: random.Random, words: int = 12) -> str:
    picked = [rng.choice(_WORDS) for _ in range(words)]
    return " ".join(picked).capitalize() + "."


def paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(sentence(rng, rng.randint(6, 18)) for _ in range(sentences))


def chat(turns: int = 300, seed: int = 7, fact_at: int | None = 40) -> ChatRequest:
    """A user/assistant chat of ``turns`` messages (one more if needed to end on the user).

    With ``fact_at`` (an even index: a user turn), that turn plants :data:`FACT` and the last
    turn asks about it.
    """
    rng = random.Random(seed)
    messages: list[Message] = [
        Message("user", [TextPart("I'm building Trooper, a proxy that falls back to Ollama.")]),
        Message("assistant", [TextPart("Great. " + paragraph(rng, 3))]),
    ]
    while len(messages) < turns - 1 or messages[-1].role == "user":
        role: Role = "user" if len(messages) % 2 == 0 else "assistant"
        text = paragraph(rng, rng.randint(1, 4) if role == "user" else rng.randint(4, 16))
        if fact_at is not None and len(messages) == fact_at:
            text = f"By the way, {FACT}."
        messages.append(Message(role, [TextPart(text)]))
    last = FACT_QUESTION if fact_at is not None else "What should we do next? " + sentence(rng)
    messages.append(Message("user", [TextPart(last)]))
    return ChatRequest(model="claude-sonnet-4-5", messages=messages, system="You are helpful.")


def agent(steps: int = 120, seed: int = 3, parallel: int = 1) -> ChatRequest:
    """An agent loop: a task, then assistant tool calls each answered by a user tool result."""
    rng = random.Random(seed)
    messages = [
        Message("user", [TextPart("Fix the failing test in src/app/server.py. " + sentence(rng))]),
    ]
    for step in range(steps):
        ids = [f"call_{step}_{k}" for k in range(parallel)]
        calls = [ToolCallPart(i, "bash", {"cmd": f"grep -n {rng.choice(_WORDS)} src"}) for i in ids]
        messages.append(Message("assistant", [TextPart(sentence(rng)), *calls]))
        results = [ToolResultPart(i, [TextPart(paragraph(rng, rng.randint(2, 20)))]) for i in ids]
        messages.append(Message("user", list(results)))
    return ChatRequest(model="claude-sonnet-4-5", messages=messages, system="You fix bugs.")


def load_eval_script() -> ModuleType:
    """``scripts/eval_compaction.py`` as a module (its loaders turn real data into requests)."""
    spec = importlib.util.spec_from_file_location(
        "eval_compaction", ROOT / "scripts" / "eval_compaction.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


SITREP_FIELDS = (
    "intent",
    "stage",
    "constraints",
    "active_entities",
    "open_loops",
    "recent_actions",
    "resolved_loops",
    "confidence",
)


def sitrep_json(system: str | None) -> dict[str, object] | None:
    """The SITREP object in a system prompt (``None`` without one); asserts it is valid."""
    if not system or "[TROOPER_SITREP]" not in system:
        return None
    body = system.split("[TROOPER_SITREP]", 1)[1]
    assert body.endswith("[/TROOPER_SITREP]")
    parsed = json.loads(body.removesuffix("[/TROOPER_SITREP]"))
    assert isinstance(parsed, dict)
    assert tuple(parsed) == SITREP_FIELDS
    return parsed


def _check_alternation(messages: list[Message]) -> None:
    assert messages, "no messages left"
    assert messages[0].role == "user"
    for before, after in itertools.pairwise(messages):
        assert before.role != after.role, "two neighbours of the same role"


def _check_tool_pairs(messages: list[Message]) -> None:
    for i, message in enumerate(messages):
        calls = {p.id for p in message.parts if isinstance(p, ToolCallPart)}
        if calls:
            assert i + 1 < len(messages), "a tool call without its result"
            answered = {
                p.tool_call_id for p in messages[i + 1].parts if isinstance(p, ToolResultPart)
            }
            assert calls <= answered, f"tool calls {calls - answered} lost their results"
        results = {p.tool_call_id for p in message.parts if isinstance(p, ToolResultPart)}
        if results:
            assert i > 0
            asked = {p.id for p in messages[i - 1].parts if isinstance(p, ToolCallPart)}
            assert results <= asked, f"tool results {results - asked} lost their calls"


def check_compaction(
    req: ChatRequest, snapshot: ChatRequest, result: Compaction, budget: int
) -> None:
    """Every invariant of :func:`compact` that holds whatever the conversation."""
    assert req == snapshot, "the input request was mutated"
    out = result.request
    assert estimate_request(out) == result.report.total_tokens <= budget
    if not result.report.compacted:
        assert out is req
        return
    assert out.modified and out is not req
    if not req.messages:
        assert not out.messages
        return
    _check_alternation(out.messages)
    _check_tool_pairs(out.messages)
    if req.system and estimate_system(req.system) <= budget // 4:
        assert out.system is not None and out.system.startswith(req.system)
    sitrep_json(out.system)
    last_user = max((i for i, m in enumerate(req.messages) if m.role == "user"), default=-1)
    current = req.messages[last_user]
    if estimate_message(current) <= budget // 4 and last_user == len(req.messages) - 1:
        assert out.messages[-1].parts[-len(current.parts) :] == current.parts
    lines = result.log_lines()
    assert lines[0].startswith("📦 Context compaction triggered — ")
    assert lines[-1] == f"Tokens used : {result.report.total_tokens} / {budget}"


def texts(req: ChatRequest) -> list[str]:
    """The system prompt and every text and tool result of ``req``, in order."""
    found = [req.system or ""]
    for message in req.messages:
        for part in message.parts:
            if isinstance(part, TextPart):
                found.append(part.text)
            elif isinstance(part, ToolResultPart):
                found.append(part.text())
    return found
