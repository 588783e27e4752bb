"""How often chat's small additions change the router's decision on a simple turn.

Takes every simple phrasing of the paraphrase sets that the router sends local (one line, the
sealed held-out sets left out), adds one thing a person types around a question (a smiley, a
laugh, a closing, a greeting, a run of question marks, the turn typed in lower case without its
question mark) and counts the phrasings whose decision the addition sends to the cloud; and the
same for the cloud phrasings the router keeps in the cloud, counting those it sends local. A
router a user can predict answers "What's 7 + 8?" and "What's 7 + 8? :)" the same way.

Usage:
    python scripts/router_perturb.py [--level L] [--show NAME] [--wide]

``--show`` prints the phrasings one addition moves (e.g. ``--show " :)"``); ``--wide`` adds
the many more lead-ins and closings of :data:`WIDE`, read by hand rather than held by a test.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

import eval_router as ev  # noqa: E402

from trooper.routing.classifier import Classifier  # noqa: E402

#: Held-out sets not yet read (``scripts/router_data/sealed.txt``): no development check looks at
#: their phrasings (the fast-path tests take this list too).
SEALED = ev.sealed()


def _lower_first(text: str) -> str:
    """``text`` with its first letter lower-cased, unless it starts an abbreviation ("BMI")."""
    return text[0].lower() + text[1:] if text[1:2].islower() else text


#: name -> what it does to a turn (None: it does not apply to that turn)
ADDITIONS: dict[str, Callable[[str], str | None]] = {
    " :)": lambda t: f"{t} :)",
    " lol": lambda t: f"{t} lol",
    " xD": lambda t: f"{t} xD",
    "??": lambda t: f"{t}?" if t.endswith("?") else None,
    " thanks": lambda t: f"{t} thanks",
    " please?": lambda t: f"{t.rstrip('?.!')} please?",
    "Hi! ": lambda t: f"Hi! {t}",
    "hey, ": lambda t: f"hey, {_lower_first(t)}",
    "quick question: ": lambda t: f"quick question: {_lower_first(t)}",
    "lower case, no ?": lambda t: t.lower().rstrip("?").rstrip(),
    " pls": lambda t: f"{t.rstrip('?.!')} pls",
    " asap": lambda t: f"{t.rstrip('?.!')} asap",
    "btw ": lambda t: f"btw {_lower_first(t)}",
    " (for a quiz)": lambda t: f"{t} (for a quiz)",
    " anyone?": lambda t: f"{t} anyone?",
    ", if you know?": lambda t: f"{t.rstrip('?.!')}, if you know?",
    " thanks in advance": lambda t: f"{t} thanks in advance",
    "...": lambda t: f"{t.rstrip('?.!')}...",
    "dumb question but ": lambda t: f"dumb question but {_lower_first(t)}",
    "random q: ": lambda t: f"random q: {_lower_first(t)}",
    "I need help. ": lambda t: f"I need help. {t}",
    "Hmm, ": lambda t: f"Hmm, {_lower_first(t)}",
    "Lol ": lambda t: f"Lol {_lower_first(t)}",
    "For my project: ": lambda t: f"For my project: {_lower_first(t)}",
    " when you can": lambda t: f"{t.rstrip('?.!')} when you can",
    " - urgent": lambda t: f"{t.rstrip('?.!')} - urgent",
}


def _before(lead: str) -> Callable[[str], str]:
    return lambda text: f"{lead}{_lower_first(text)}"


def _after(end: str) -> Callable[[str], str]:
    return lambda text: f"{text.rstrip('?.!')}{end}"


#: more of what people type, read by hand and not held by a test (``--wide`` adds them): the
#: lead-ins and closings beside :data:`ADDITIONS`
WIDE: dict[str, Callable[[str], str | None]] = {
    **{
        lead: _before(lead)
        for lead in (
            *("so ", "ok ", "um ", "Question: ", "hello! ", "Hey there, ", "Good morning! "),
            *("can you tell me ", "Sorry, ", "Hi, ", "ok so basically ", "Alright, ", "yo dude "),
            *("listen, ", "Quick thing: ", "Another one: ", "Follow-up: ", "Next: ", "Also, "),
            *("Right, ", "Cool. ", "Thanks! ", "Great, now ", "One thing: ", "Honestly "),
            *("Ugh, ", "Sooo ", "Wait, ", "Actually, ", "Okay and ", "Nice. ", "Perfect. "),
        )
    },
    **{
        end: _after(end)
        for end in (
            *(" thx", " ty", " thank you!", " cheers", " please", " ?!", " :D", " haha"),
            *(" 😊", " 🤔", " (just curious)", " real quick", " quickly", " if possible"),
            *(" please and thank you", " for me", " ok?", " right?", " btw", " again pls"),
            *(" :(", " 🙏", " !!!", " ty!!", " xx", " fast pls", " thx a lot", " (urgent)"),
            " rn pls",
        )
    },
    "UPPER CASE": lambda t: t.upper(),
    "lower case": lambda t: t.lower(),
}


def simple_phrasings(local: bool = True, upto: int | None = None) -> list[str]:
    """Every one-line simple phrasing of the unsealed paraphrase sets (``local=False``: every
    cloud one); ``upto``: of the development sets and the held-out sets up to that number."""
    out = []
    for path in sorted((ROOT / "tests" / "routing").glob("paraphrases*.toml")):
        if path.stem in SEALED:
            continue
        number = path.stem.removeprefix("paraphrases_holdout")
        if upto is not None and number.isdigit() and int(number) > upto:
            continue
        families = [f for f in ev.load_families(path) if f.local == local]
        out += [p for f in families for p in f.prompts if "\n" not in p]
    return out


def moved(
    router: Classifier, phrasings: list[str], local: bool = True
) -> dict[str, tuple[int, list[str]]]:
    """Per addition: to how many of the phrasings ``router`` decides ``local`` it applies, and
    the turns it makes that ``router`` decides the other way."""
    kept = [p for p in phrasings if router.classify(ev.ask(p)).local == local]
    out = {}
    for name, add in ADDITIONS.items():
        turns = [t for t in map(add, kept) if t is not None]
        out[name] = (len(turns), [t for t in turns if router.classify(ev.ask(t)).local != local])
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--level", default="balanced")
    parser.add_argument("--show", default=None)
    parser.add_argument("--wide", action="store_true", help="also the additions of WIDE")
    args = parser.parse_args(argv)
    if args.wide:
        ADDITIONS.update(WIDE)
    router = Classifier.from_file(None, args.level)
    results = moved(router, simple_phrasings())
    leaks = moved(router, simple_phrasings(local=False), local=False)
    print(
        f"| addition ({args.level}) | simple phrasings local | sent to the cloud | share"
        " | cloud phrasings in the cloud | sent local |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    for name, (total, to_cloud) in results.items():
        cloud, to_local = leaks[name]
        print(
            f"| `{name!r}` | {total} | {len(to_cloud)} | {len(to_cloud) / total:.1%}"
            f" | {cloud} | {len(to_local)} |"
        )
    if args.show is not None:
        for turn in results[args.show][1]:
            print("  ", re.sub(r"\s+", " ", turn)[:140])
        for turn in leaks[args.show][1]:
            print("   (local)", re.sub(r"\s+", " ", turn)[:140])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
