"""Check that a change to the router's code changes no decision, on every evaluation prompt.

Classifies every prompt of the evaluation data (MMLU all subjects, GSM8K, MT-Bench, the built
sets, every ``tests/routing/paraphrases*.toml`` file, every look-alike set and, with
``--chat``, the ShareGPT first turns) at each operating point, and saves the decisions
(``--save``) or compares them with saved ones (``--check``): a speed change must give the same
(local, rule) for every prompt.

``--src`` picks the router's sources (default: this checkout's ``src``), so the reference can be
saved from another revision's tree.

Usage:
    python scripts/router_decisions.py --save /tmp/main.json.gz --src /tmp/main/src --chat F
    python scripts/router_decisions.py --check /tmp/main.json.gz --chat F
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: Held-out sets not yet read (``scripts/router_data/sealed.txt``, which ``eval_router.sealed``
#: reads too; kept in step by a test): this script reads them without importing the router
SEALED = frozenset(
    line.strip()
    for line in (ROOT / "scripts" / "router_data" / "sealed.txt").read_text("utf-8").splitlines()
    if line.strip() and not line.startswith("#")
)


def prompts(data_dir: Path, chat: str | None) -> dict[str, list[str]]:
    """Every evaluation prompt, by data set."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import eval_router as ev

    evals = ev.find_evals(data_dir)
    sets = {
        "MMLU": [i.prompt for i in ev.load_mmlu(evals)],
        "GSM8K": [i.prompt for i in ev.load_gsm8k(evals)],
        "MT-Bench": [i.prompt for i in ev.load_mt_bench(evals)],
        "built": [i.prompt for i in ev.load_built()],
    }
    for path in sorted((ROOT / "tests" / "routing").glob("paraphrases*.toml")):
        sets[path.stem] = [p for f in ev.load_families(path) for p in f.prompts]
    for path in sorted(ev.BUILT.glob("lookalike_cloud*.txt")):
        sets[path.stem] = [p for f in ev.load_lookalikes(path) for p in f.prompts]
    if chat:
        sets["ShareGPT"] = [t.prompt for t in ev.chat_first_turns(Path(chat))]
    return sets


def decisions(sets: dict[str, list[str]]) -> dict[str, dict[str, list[list[object]]]]:
    """level -> data set -> [local, rule] per prompt."""
    from trooper.model.conversation import ChatRequest, Message, TextPart
    from trooper.routing.classifier import Classifier
    from trooper.routing.rules import LEVELS

    out: dict[str, dict[str, list[list[object]]]] = {}
    for level in LEVELS:
        router = Classifier.from_file(None, level)
        out[level] = {}
        for name, texts in sets.items():
            got = []
            for text in texts:
                d = router.classify(ChatRequest("eval", [Message("user", [TextPart(text)])]))
                got.append([d.local, d.rule])
            out[level][name] = got
    return out


def differences(
    old: dict[str, dict[str, list[list[object]]]],
    new: dict[str, dict[str, list[list[object]]]],
    sets: dict[str, list[str]],
) -> list[str]:
    """A line per prompt whose decision changed, and a count per data set and point."""
    lines = []
    for level, by_set in new.items():
        for name, got in by_set.items():
            if name not in old[level]:
                print(f"{level:9} {name:28} {len(got):6} prompts, not in the saved file")
                continue
            want = old[level][name]
            if len(want) != len(got):
                lines.append(f"{level} {name}: {len(want)} saved prompts, {len(got)} now")
                continue
            changed = [i for i, (a, b) in enumerate(zip(want, got, strict=True)) if a != b]
            for i in changed:
                # (a sealed set's phrasings are never shown: only how many of them moved)
                shown = "(sealed)" if name in SEALED else repr(sets[name][i][:80])
                lines.append(f"  {level} {name}: {shown}: {want[i]} -> {got[i]}")
            print(f"{level:9} {name:28} {len(got):6} prompts, {len(changed)} changed")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--src", default=str(ROOT / "src"), help="the router's sources")
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "eval-data" / "routellm"))
    parser.add_argument("--chat", default=None, help="a ShareGPT JSON file")
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--save", metavar="FILE")
    action.add_argument("--check", metavar="FILE")
    args = parser.parse_args(argv)
    if not (Path(args.src) / "trooper" / "routing").is_dir():
        # (else the installed router would be read, and compared with itself)
        parser.error(f"--src {args.src}: no trooper/routing there")
    sys.path.insert(0, args.src)
    import trooper.routing.classifier  # noqa: F401 (pins the sources before eval_router)

    sets = prompts(Path(args.data), args.chat)
    got = decisions(sets)
    if args.save:
        with gzip.open(args.save, "wt", encoding="utf-8") as fh:
            json.dump(got, fh)
        for name, texts in sets.items():
            print(f"{name:28} {len(texts):6} prompts")
        return 0
    with gzip.open(args.check, "rt", encoding="utf-8") as fh:
        saved = json.load(fh)
    lines = differences(saved, got, sets)
    print("\n".join(lines) or "all decisions identical")
    return 1 if lines else 0


if __name__ == "__main__":
    raise SystemExit(main())
