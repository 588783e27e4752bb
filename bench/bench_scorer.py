"""How long the router's learned scorer takes per call, next to a decision of the rules.

Times ``Scorer.score`` on the questions the scorer reads: the development paraphrase phrasings
(``tests/routing/paraphrases.toml`` and ``paraphrases_dev2.toml``) the rules leave unclear at
``balanced``, as their core (what the classifier hands the scorer), and, in the same run, the
strict and balanced classifiers on the same turns (balanced with and without the scorer).
Prints the best of ``--rounds`` per call (mean over the turns, and the slowest turn) and each
figure's ratio to ``strict``: compare ratios, not microseconds, on a loaded machine.

Usage:
    python bench/bench_scorer.py [--rounds N]
"""

from __future__ import annotations

import argparse
import sys
import timeit
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

import eval_router as ev  # noqa: E402

from trooper.routing.classifier import Classifier  # noqa: E402
from trooper.routing.normalize import unwrap  # noqa: E402
from trooper.routing.rules import load_rules  # noqa: E402
from trooper.routing.scorer import Scorer  # noqa: E402


def best(call: object, rounds: int) -> float:
    """The fastest of ``rounds`` timings of one call, in microseconds."""
    return min(timeit.repeat(call, number=20, repeat=rounds)) / 20 * 1e6  # type: ignore[arg-type]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args(argv)
    rules = Classifier(load_rules(None), "balanced", scored=False)
    prompts = [
        p
        for path in (ev.FAMILIES, ev.DEV_FAMILIES_2)
        for f in ev.load_families(path)
        for p in f.prompts
        if rules.classify(ev.ask(p)).rule == "unclear"
    ]
    scorer = Scorer.packaged()
    strict, balanced = Classifier.from_file(None, "strict"), Classifier.from_file(None, "balanced")
    rows: dict[str, list[float]] = {"strict": [], "rules alone": [], "balanced": [], "scorer": []}
    for prompt in prompts:
        req, text = ev.ask(prompt), unwrap(prompt).text
        rows["strict"].append(best(lambda: strict.classify(req), args.rounds))  # noqa: B023
        rows["rules alone"].append(best(lambda: rules.classify(req), args.rounds))  # noqa: B023
        rows["balanced"].append(best(lambda: balanced.classify(req), args.rounds))  # noqa: B023
        rows["scorer"].append(best(lambda: scorer.score(text), args.rounds))  # noqa: B023
    base_mean = sum(rows["strict"]) / len(prompts)
    base_max = max(rows["strict"])
    print(f"{len(prompts)} turns the rules leave unclear at balanced (development families)")
    for name, times in rows.items():
        mean, slowest = sum(times) / len(times), max(times)
        print(
            f"{name:11} mean {mean:6.1f} us ({mean / base_mean:.2f}x strict)"
            f"  slowest {slowest:6.1f} us ({slowest / base_max:.2f}x strict's slowest)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
