"""Read one paraphrase family set with the router of a given source tree: how a sealed set is read.

Per operating point: the families consistent (every phrasing one decision), those with the
intended decision, and the simple and cloud phrasings routed local; per category (the set's
``# --- category (topics) ---`` lines) at ``balanced``; with ``--list``, every phrasing that
misses at ``balanced``, with the rule that decided it.

A set of cloud look-alikes (``scripts/router_data/lookalike_cloud*.txt``, one cloud request per
block of phrasings) is read the same way: per operating point, the phrasings and the requests
routed local, and with ``--list`` each phrasing routed local with its rule.

Usage (a sealed set is read once, before and after one change, then recorded):
    git archive REV src | tar -x -C DIR
    python scripts/read_family_set.py tests/routing/paraphrases_holdout18.toml --src DIR/src
    python scripts/read_family_set.py tests/routing/paraphrases_holdout18.toml --list
    python scripts/read_family_set.py scripts/router_data/lookalike_cloud6.txt --src DIR/src
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_CATEGORY = re.compile(r"# --- ([^(\n]+)")
_FAMILY = re.compile(r"\[(\w+)\]")


def categories(text: str) -> dict[str, str]:
    """Each family's category, from the comment line above it."""
    out, category = {}, "(none)"
    for line in text.splitlines():
        heading = _CATEGORY.match(line)
        if heading is not None:
            category = heading.group(1).strip()
        family = _FAMILY.match(line)
        if family is not None:
            out[family.group(1)] = category
    return out


def read_at(level: str, families: dict, of: dict[str, str], *, listed: bool) -> None:
    """Print what the router at one operating point makes of the set's families."""
    from trooper.model.conversation import ChatRequest, Message, TextPart
    from trooper.routing.classifier import Classifier

    router = Classifier.from_file(None, level)
    consistent = intended = 0
    local = {True: 0, False: 0}
    total = {True: 0, False: 0}
    by_category: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    misses = []
    for name, family in families.items():
        decisions = [
            router.classify(ChatRequest("m", [Message("user", [TextPart(p)])]))
            for p in family["prompts"]
        ]
        routes = {d.local for d in decisions}
        consistent += len(routes) == 1
        intended += routes == {family["local"]}
        local[family["local"]] += sum(d.local for d in decisions)
        total[family["local"]] += len(decisions)
        row = by_category[of.get(name, "(none)")]
        row[0] += len(routes) == 1
        row[1] += 1
        row[2] += sum(d.local for d in decisions)
        row[3] += len(decisions)
        misses += [
            (name, d.rule, p)
            for d, p in zip(decisions, family["prompts"], strict=True)
            if d.local != family["local"]
        ]
    print(
        f"{level:9} consistent {consistent}/{len(families)}, intended {intended}, simple "
        f"phrasings local {local[True]}/{total[True]}, cloud phrasings local "
        f"{local[False]}/{total[False]}"
    )
    for name, rule, prompt in misses:
        if not families[name]["local"]:
            print(f"    cloud phrasing local: {name} | {rule} | {prompt[:120]}")
    if level != "balanced":
        return
    for category, (same, count, went, phrasings) in by_category.items():
        print(f"    {category:42} consistent {same}/{count}, local {went}/{phrasings}")
    if listed:
        print("    misses by rule:", dict(Counter(rule for _, rule, _ in misses).most_common()))
        for name, rule, prompt in misses:
            if families[name]["local"]:
                print(f"      {name} | {rule} | {' / '.join(prompt.splitlines())[:120]}")


def read_lookalikes_at(level: str, path: Path, *, listed: bool) -> None:
    """Print how many of a look-alike set's cloud phrasings (and requests) one operating point
    routes local."""
    import eval_router  # (after the sources are pinned: it would put this checkout's first)

    from trooper.routing.classifier import Classifier

    router = Classifier.from_file(None, level)
    requests = eval_router.load_lookalikes(path)
    local = [
        [(p, d) for p in f.prompts if (d := router.classify(eval_router.ask(p))).local]
        for f in requests
    ]
    phrasings = sum(len(f.prompts) for f in requests)
    print(
        f"{level:9} {sum(map(len, local))} of {phrasings} cloud phrasings local, "
        f"{sum(bool(sent) for sent in local)} of {len(requests)} requests"
    )
    if listed:
        for sent in local:
            for prompt, decision in sent:
                print(f"    {decision.rule} | {' / '.join(prompt.splitlines())[:120]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("path", help="a paraphrases*.toml or lookalike_cloud*.txt file")
    parser.add_argument("--src", default=str(ROOT / "src"), help="the router's sources")
    parser.add_argument("--list", action="store_true", help="each phrasing missed at balanced")
    args = parser.parse_args(argv)
    if not (Path(args.src) / "trooper" / "routing").is_dir():
        parser.error(f"--src {args.src}: no trooper/routing there")
    sys.path.insert(0, args.src)
    if Path(args.path).suffix == ".txt":
        import trooper.routing.classifier  # noqa: F401 (pins the sources before eval_router)

        sys.path.append(str(ROOT / "scripts"))
        for level in ("strict", "balanced", "eager"):
            read_lookalikes_at(level, Path(args.path), listed=args.list)
        return 0
    text = Path(args.path).read_text("utf-8")
    families = tomllib.loads(text)
    of = categories(text)
    for level in ("strict", "balanced", "eager"):
        read_at(level, families, of, listed=args.list)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
