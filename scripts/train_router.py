"""Fit the router's learned scorer offline and write ``src/trooper/routing/scorer.json``.

The scorer (:mod:`trooper.routing.scorer`) is a logistic regression over the n-grams of a
question's core. This script needs numpy, scipy and scikit-learn (``pip install -e .[train]``);
Trooper itself only reads the JSON file it writes, in pure Python.

Training data, all of it development data (nothing here is a held-out measure):

- the paraphrase families of ``tests/routing/``: ``paraphrases.toml``, ``paraphrases_dev2.toml``
  and held-out sets 1-5 (seen by earlier changes, so development data now), each phrasing
  labelled with its family's decision. Sets 6-12 are not read here (development data, never
  trained on: adding them did not help the sets no fit had read); sets 13 and 14 are sealed.
- the prompts written for training in ``scripts/router_data/train_{local,cloud}.txt``
  (``train_local.txt`` ends with simple requests in forms the earlier blocks lacked: fill-ins,
  "X means?", equations, pasted options, emoji...). The cloud look-alikes written in the same
  forms (``lookalike_cloud.txt``) are not read: trained on, they raised the ``balanced``
  threshold and, on look-alikes held out from the fit, sent no fewer of them local;
- the MMLU development subjects (``eval_router.held_out_subject`` False): only the questions the
  weaker model got wrong, as cloud examples. A right answer from Mixtral does not make a
  question simple for a small local model, so those labels are too noisy to be local examples;
- ShareGPT first turns of at most ``SHORT_WORDS`` words (``--chat``), as cloud examples at half
  weight: real chat turns, mostly tasks, with a few simple ones among them (label noise).

Cross-validation leaves whole families out (5 folds: every phrasing of a family in the same
fold), picks the regularisation, and gives each example an out-of-fold score. Each operating
point's threshold is chosen on those scores, over the examples the rules leave unclear at that
point (the only turns the scorer reads): the lowest threshold at which the labelled cloud
examples routed local stay under the point's budget (``FALSE_LOCAL``). ``strict`` keeps the
scorer off.

Usage:
    python scripts/train_router.py [DATA_DIR] --chat SHAREGPT_JSON [--report]
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

import eval_router as ev  # noqa: E402

from trooper.routing.classifier import _POINTS_BACK, Classifier  # noqa: E402
from trooper.routing.normalize import unwrap  # noqa: E402
from trooper.routing.rules import load_rules  # noqa: E402
from trooper.routing.scorer import DIGITS, LENGTHS, WEIGHTS_FILE, Grams, grams  # noqa: E402

OUT = ROOT / "src" / "trooper" / "routing" / WEIGHTS_FILE
TRAIN = ROOT / "scripts" / "router_data"
FAMILY_SETS = (
    ev.FAMILIES,
    ev.DEV_FAMILIES_2,
    ev.HELD_OUT_FAMILIES,
    ev.HELD_OUT_FAMILIES_2,
    ev.HELD_OUT_FAMILIES_3,
    ev.HELD_OUT_FAMILIES_4,
    ev.HELD_OUT_FAMILIES_5,
)
SHORT_WORDS = 30
CHAT_WEIGHT = 0.5
MIN_COUNT = 5
C_VALUES = (1.0, 4.0, 16.0)
FOLDS = 5
# Per point: the most of the labelled cloud examples the rules leave unclear that the scorer may
# send local (out of fold). None: the scorer is off at that point.
FALSE_LOCAL: dict[str, float | None] = {"strict": None, "balanced": 0.02, "eager": 0.05}
# and the most of the short ShareGPT turns it may send local (some of them are simple: noise)
CHAT_LOCAL: dict[str, float] = {"balanced": 0.01, "eager": 0.03}
QUANT = 32767
# the fixed inputs whose scores the unit tests check against the pure-Python evaluation
CHECKS = (
    "What is 17 times 3?",
    "how many legs does a spider have?",
    "Write a haiku about autumn.",
    "who won the game last night?",
    "Convert 3 miles to km",
    "What's your opinion on tabs vs spaces?",
    "",
    "∛27 = ?",
)


@dataclass(frozen=True)
class Example:
    prompt: str
    local: bool
    group: str
    source: str
    weight: float = 1.0


def written(name: str, local: bool) -> list[Example]:
    """The training prompts of one file: blocks separated by blank lines are families."""
    out, block = [], 0
    for line in (TRAIN / name).read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        if not line.strip():
            block += 1
            continue
        out.append(Example(line.replace("\\n", "\n"), local, f"{name}:{block}", "written"))
    # a multiple-choice item spans lines: join the lines of an option block into one prompt
    return _join_options(out)


ARITHMETIC = (
    "What is {a} {op} {b}?",
    "{a} {sym} {b}",
    "{a}{sym}{b}=?",
    "whats {a} {op} {b}",
    "How much is {a} {op} {b}?",
    "Calculate {a} {sym} {b}.",
    "{a} {op} {b} equals?",
    "quick one: {a} {op} {b}?",
)
OPERATIONS = (("times", "x"), ("plus", "+"), ("minus", "-"), ("divided by", "/"))


def arithmetic() -> list[Example]:
    """One-step sums in many phrasings: small numbers are local, long products are cloud."""
    rng = np.random.default_rng(12)
    out = []
    for i in range(48):
        op, sym = OPERATIONS[i % len(OPERATIONS)]
        big = i % 2 == 1
        if big and op in ("times", "divided by"):
            a, b = int(rng.integers(1000, 99999)), int(rng.integers(100, 9999))
        elif big:
            a, b = f"{rng.uniform(10, 999):.3f}", f"{rng.uniform(10, 999):.2f}"
        else:
            a, b = int(rng.integers(2, 99)), int(rng.integers(2, 12))
        for j in rng.choice(len(ARITHMETIC), 4, replace=False):
            prompt = ARITHMETIC[j].format(a=a, b=b, op=op, sym=sym)
            out.append(Example(prompt, not big, f"arithmetic:{i}", "written"))
    return out


def _join_options(examples: list[Example]) -> list[Example]:
    joined: list[Example] = []
    for ex in examples:
        is_option = len(ex.prompt) > 1 and ex.prompt[0] in "ABCD" and ex.prompt[1] in ".)"
        if is_option and joined and joined[-1].group == ex.group:
            last = joined.pop()
            joined.append(Example(f"{last.prompt}\n{ex.prompt}", last.local, last.group, "written"))
        else:
            joined.append(ex)
    return joined


def examples(evals: Path, chat: Path | None) -> list[Example]:
    out: list[Example] = []
    for path in FAMILY_SETS:
        for family in ev.load_families(path):
            group = f"{path.stem}:{family.name}"
            out += [Example(p, family.local, group, "families") for p in family.prompts]
    out += written("train_local.txt", True) + written("train_cloud.txt", False)
    out += arithmetic()
    for i, item in enumerate(ev.load_mmlu(evals, held_out=False)):
        if not item.weak_fine and _short(item.prompt):
            out.append(Example(item.prompt, False, f"mmlu:{i}", "mmlu dev"))
    if chat is not None:
        for i, turn in enumerate(ev.chat_first_turns(chat)):
            if _short(turn.prompt):
                out.append(Example(turn.prompt, False, f"chat:{i}", "sharegpt", CHAT_WEIGHT))
    return out


def _short(prompt: str) -> bool:
    return len(prompt.split(maxsplit=3 * SHORT_WORDS)) <= 3 * SHORT_WORDS and (
        len(unwrap(prompt).text.split(maxsplit=SHORT_WORDS)) <= SHORT_WORDS
    )


def core(prompt: str) -> str:
    """What the scorer reads of a prompt: the question's core, as the classifier reads it."""
    return unwrap(prompt).text


def named(g: Grams) -> list[str]:
    """Every feature of ``g`` by name, one entry per occurrence."""
    return (
        [f"l:{g.length}", f"d:{g.digits}"]
        + [f"w:{w}" for w in g.words]
        + [f"p:{p}" for p in g.pairs]
        + [f"c:{c}" for c in g.chars]
    )


def vocabulary(rows: list[Grams]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for g in rows:
        for name in set(named(g)):
            counts[name] = counts.get(name, 0) + 1
    kept = [n for n, c in counts.items() if c >= MIN_COUNT or n[:2] in ("l:", "d:")]
    kept += [f"l:{i}" for i in range(len(LENGTHS) + 1)] + [f"d:{i}" for i in range(DIGITS + 1)]
    return {name: i for i, name in enumerate(sorted(set(kept)))}


def matrix(rows: list[Grams], vocab: dict[str, int]) -> sparse.csr_matrix:
    """Counts of the known features over the root of each row's feature count (as scorer.py)."""
    data, indices, indptr = [], [], [0]
    for g in rows:
        counts: dict[int, int] = {}
        for name in named(g):
            index = vocab.get(name)
            if index is not None:
                counts[index] = counts.get(index, 0) + 1
        norm = math.sqrt(g.size)
        for index, count in sorted(counts.items()):
            indices.append(index)
            data.append(count / norm)
        indptr.append(len(indices))
    return sparse.csr_matrix((data, indices, indptr), shape=(len(rows), len(vocab)))


def fit(
    rows: list[Grams], y: np.ndarray, w: np.ndarray, c: float
) -> tuple[dict[str, int], LogisticRegression]:
    vocab = vocabulary(rows)
    model = LogisticRegression(C=c, max_iter=2000, solver="liblinear")
    model.fit(matrix(rows, vocab), y, sample_weight=w)
    return vocab, model


def out_of_fold(
    rows: list[Grams], y: np.ndarray, w: np.ndarray, groups: list[str], c: float
) -> np.ndarray:
    scores = np.zeros(len(rows))
    for train, test in GroupKFold(n_splits=FOLDS).split(rows, y, groups):
        vocab, model = fit([rows[i] for i in train], y[train], w[train], c)
        scores[test] = model.decision_function(matrix([rows[i] for i in test], vocab))
    return scores


def unclear(prompts: list[str], level: str) -> np.ndarray:
    """Which prompts the rules alone leave unclear at ``level`` (the turns the scorer reads)."""
    router = Classifier(load_rules(None), level, scored=False)
    return np.array(
        [
            router.classify(ev.ask(p)).rule == "unclear" and not _POINTS_BACK.search(core(p))
            for p in prompts
        ]
    )


def threshold(scores: np.ndarray, y: np.ndarray, budget: float) -> float:
    """The lowest score at which at most ``budget`` of the cloud examples (y == 0) reach it."""
    cloud = np.sort(scores[y == 0])[::-1]
    allowed = int(budget * len(cloud))
    # strictly above the (allowed+1)-th highest cloud score
    return float(np.nextafter(cloud[allowed], np.inf)) if allowed < len(cloud) else -math.inf


def report(name: str, scores: np.ndarray, y: np.ndarray, sources: np.ndarray, t: float) -> str:
    lines = [f"{name}: threshold {t:.3f}"]
    for source in sorted(set(sources)):
        mask = sources == source
        for label, word in ((1, "local"), (0, "cloud")):
            part = mask & (y == label)
            if part.any():
                hit = int((scores[part] >= t).sum())
                lines.append(f"  {source:10} {word}: {hit}/{int(part.sum())} scored local")
    return "\n".join(lines)


def quantized(
    vocab: dict[str, int], model: LogisticRegression
) -> tuple[float, dict[str, dict[str, int]], list[int]]:
    coef = model.coef_[0]
    scale = float(np.abs(coef).max()) / QUANT
    tables: dict[str, dict[str, int]] = {"w": {}, "p": {}, "c": {}}
    buckets = {"l": [0] * (len(LENGTHS) + 1), "d": [0] * (DIGITS + 1)}
    for name, index in vocab.items():
        q = round(float(coef[index]) / scale)
        kind, key = name.split(":", 1)
        if kind in buckets:
            buckets[kind][int(key)] = q
        elif q:
            tables[kind][key] = q
    return scale, tables, buckets


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "data_dir", nargs="?", default=str(ROOT / ".." / "shared/eval-data/routellm")
    )
    parser.add_argument("--chat", default=None, help="a ShareGPT JSON file (cloud examples)")
    parser.add_argument("--c", type=float, default=None, help="skip the search: this C")
    parser.add_argument("--dump", default=None, help="write out-of-fold scores to this JSON file")
    args = parser.parse_args(argv)
    chat = Path(args.chat) if args.chat else None
    data = examples(ev.find_evals(Path(args.data_dir)), chat)
    prompts = [e.prompt for e in data]
    rows = [grams(core(p)) for p in prompts]
    y = np.array([int(e.local) for e in data])
    w = np.array([e.weight for e in data])
    groups = [e.group for e in data]
    sources = np.array([e.source for e in data])
    print(
        f"{len(data)} examples: {int(y.sum())} local, {int((1 - y).sum())} cloud", file=sys.stderr
    )
    labelled = sources != "sharegpt"
    masks = {level: unclear(prompts, level) for level in FALSE_LOCAL}
    best: tuple[float, float, np.ndarray] | None = None
    for c in (args.c,) if args.c else C_VALUES:
        scores = out_of_fold(rows, y, w, groups, c)
        mask, chat = masks["balanced"] & labelled, masks["balanced"] & ~labelled
        t = max(
            threshold(scores[mask], y[mask], FALSE_LOCAL["balanced"] or 0.0),
            threshold(scores[chat], y[chat], CHAT_LOCAL["balanced"]),
        )
        recall = float((scores[mask & (y == 1)] >= t).mean())
        print(
            f"C={c}: balanced out-of-fold recall of unclear local examples {recall:.1%}",
            file=sys.stderr,
        )
        if best is None or recall > best[1]:
            best = (c, recall, scores)
    assert best is not None
    c, _, scores = best
    if args.dump:
        rows_out = [
            [
                e.prompt,
                e.local,
                e.source,
                float(s),
                bool(masks["balanced"][i]),
                bool(masks["eager"][i]),
            ]
            for i, (e, s) in enumerate(zip(data, scores, strict=True))
        ]
        Path(args.dump).write_text(json.dumps(rows_out), encoding="utf-8")
    thresholds: dict[str, float] = {}
    for level, budget in FALSE_LOCAL.items():
        if budget is None:
            continue
        mask = masks[level] & labelled
        chat = masks[level] & ~labelled
        thresholds[level] = max(
            threshold(scores[mask], y[mask], budget),
            threshold(scores[chat], y[chat], CHAT_LOCAL[level]),
        )
        sel = masks[level]
        print(
            report(
                f"{level} (C={c}, out of fold, unclear only)",
                scores[sel],
                y[sel],
                sources[sel],
                thresholds[level],
            ),
            file=sys.stderr,
        )
    vocab, model = fit(rows, y, w, c)
    scale, tables, buckets = quantized(vocab, model)
    doc = {
        "about": "Trooper's router scorer: written by scripts/train_router.py, read by scorer.py",
        "C": c,
        "bias": float(model.intercept_[0]),
        "scale": scale,
        "thresholds": thresholds,
        "lengths": buckets["l"],
        "digits": buckets["d"],
        "words": tables["w"],
        "pairs": tables["p"],
        "chars": tables["c"],
    }
    doc["checks"] = checks(doc, model, vocab)
    OUT.write_text(
        json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8"
    )
    kept = sum(len(t) for t in tables.values())
    print(
        f"wrote {OUT} ({OUT.stat().st_size // 1024} KB, {kept} features)",
        file=sys.stderr,
    )
    return 0


def checks(
    doc: dict[str, object], model: LogisticRegression, vocab: dict[str, int]
) -> list[list[object]]:
    """Each fixed input's score under the shipped (quantized) weights, computed with numpy, and
    under the fitted model before quantizing."""
    scale = float(doc["scale"])  # type: ignore[arg-type]
    coef = np.zeros(len(vocab))
    tables = {"w": doc["words"], "p": doc["pairs"], "c": doc["chars"]}
    for name, index in vocab.items():
        kind, key = name.split(":", 1)
        if kind in ("l", "d"):
            table = doc["lengths" if kind == "l" else "digits"]
            coef[index] = table[int(key)] * scale  # type: ignore[index]
        else:
            coef[index] = tables[kind].get(key, 0) * scale  # type: ignore[attr-defined]
    x = matrix([grams(t) for t in CHECKS], vocab)
    shipped = x @ coef + float(doc["bias"])  # type: ignore[arg-type]
    fitted = model.decision_function(x)
    return [[t, float(s), float(f)] for t, s, f in zip(CHECKS, shipped, fitted, strict=True)]


if __name__ == "__main__":
    raise SystemExit(main())
