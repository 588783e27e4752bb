"""Compaction before and after a change, alternated call by call in one process.

    python bench/compare_compaction.py --base /path/to/other/checkout/src [--rounds 15]

On a shared machine two runs of ``bench_compaction.py`` do not compare (the other work moves
either by half); here the other tree's ``trooper`` is copied under another name
(``trooper_base``) and both compact the same conversations of ``bench_compaction.py`` in turn,
so that whatever slows one slows the other. Prints the medians of both, and the median of the
per-round ratios.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
for where in (ROOT / "src", ROOT / "bench"):
    if str(where) not in sys.path:
        sys.path.insert(0, str(where))

import bench_compaction  # noqa: E402

from trooper.context.compact import compact  # noqa: E402
from trooper.context.tokens import estimate_request  # noqa: E402
from trooper.model import conversation as model  # noqa: E402

_IMPORT = re.compile(r"\btrooper(?=[. ])")


def _load_base(src: Path, into: Path) -> tuple[ModuleType, ModuleType, ModuleType]:
    """``src``'s trooper as ``trooper_base``: its compaction, tokens and model modules."""
    target = into / "trooper_base"
    shutil.copytree(src / "trooper", target, ignore=shutil.ignore_patterns("__pycache__"))
    for path in target.rglob("*.py"):
        text = path.read_text()
        path.write_text(_IMPORT.sub("trooper_base", text))
    sys.path.insert(0, str(into))
    import trooper_base.context.compact as base_compact
    import trooper_base.context.tokens as base_tokens
    import trooper_base.model.conversation as base_model

    return base_compact, base_tokens, base_model


def _converted(req: model.ChatRequest, other: ModuleType) -> object:
    """``req`` built from the other tree's model classes."""

    def part(p: model.Part) -> object:
        if isinstance(p, model.TextPart):
            return other.TextPart(p.text)
        if isinstance(p, model.ToolCallPart):
            return other.ToolCallPart(p.id, p.name, p.arguments)
        if isinstance(p, model.ToolResultPart):
            return other.ToolResultPart(p.tool_call_id, [part(q) for q in p.content])
        raise TypeError(f"no conversion for {type(p).__name__}")

    messages = [other.Message(m.role, [part(p) for p in m.parts]) for m in req.messages]
    return other.ChatRequest(req.model, messages, system=req.system)


def _timed(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base", type=Path, required=True, help="the other tree's src/")
    parser.add_argument("--budget", type=int, default=6144)
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        _compare(args, *_load_base(args.base, Path(tmp)))


def _compare(
    args: argparse.Namespace,
    base_compact: ModuleType,
    base_tokens: ModuleType,
    base_model: ModuleType,
) -> None:
    print(f"| messages | estimate_request, base → this | compact to {args.budget} | ratio |")
    print("|---|---|---|---|")
    for n in (100, 1_000, 10_000):
        new = bench_compaction.conversation(n)
        old = _converted(new, base_model)
        runs: dict[str, Callable[[], object]] = {
            "old estimate": lambda o=old: base_tokens.estimate_request(o),
            "new estimate": lambda r=new: estimate_request(r),
            "old compact": lambda o=old: base_compact.compact(o, args.budget),
            "new compact": lambda r=new: compact(r, args.budget),
        }
        for fn in runs.values():
            fn()  # warm up
        times: dict[str, list[float]] = {name: [] for name in runs}
        for _ in range(args.rounds):
            for name, fn in runs.items():
                times[name].append(_timed(fn))
        med = {name: statistics.median(t) for name, t in times.items()}
        pairs = zip(times["old compact"], times["new compact"], strict=True)
        ratio = statistics.median(old_ms / new_ms for old_ms, new_ms in pairs)
        print(
            f"| {len(new.messages):,} | {med['old estimate']:.2f} → {med['new estimate']:.2f} ms "
            f"| {med['old compact']:.2f} → {med['new compact']:.2f} ms | {ratio:.2f}x |"
        )


if __name__ == "__main__":
    main()
