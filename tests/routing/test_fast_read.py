"""The fast path through the question reader: a turn it admits is one unwrap leaves as it is.

``unwrap`` first asks ``_left_as_is`` whether any of its steps could change the turn; if none
can, it returns the turn at once, and otherwise reads it step by step (``_read_slowly``). These
tests read every phrasing the router is developed on, and many variants of them, with the fast
path's test, and require the full reader to leave every turn it admits as it is.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from trooper.routing import normalize
from trooper.routing.normalize import Unwrapped, unwrap

ROOT = Path(__file__).resolve().parents[2]
# (development sets only: the sealed held-out sets are not read here)
SEALED = {"paraphrases_holdout10", "paraphrases_holdout11", "paraphrases_holdout12"}


def _family_prompts() -> list[str]:
    prompts = []
    for path in sorted((ROOT / "tests" / "routing").glob("paraphrases*.toml")):
        if path.stem in SEALED:
            continue
        for family in tomllib.loads(path.read_text("utf-8")).values():
            prompts.extend(family["prompts"])
    return prompts


def _built_prompts() -> list[str]:
    prompts = []
    for path in sorted((ROOT / "scripts" / "router_data").glob("*.txt")):
        for line in path.read_text("utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                prompts.append(line)
    return prompts


BASE = _family_prompts() + _built_prompts()

# Words each step of the reader starts on, put before or after a plain turn
ENDS = [
    "please", "thanks", "thank you", "pls", "quickly", "real quick", "cheers", "ty", "thx",
    "author", "inventor", "painter", "artist", "is", "is what", "are", "means", "stands for",
    "for what", "abbr", "acronym", "come to", "equal", "make", "add up to", "in one sentence",
    "in simple terms", "in a few words", "briefly", "just 3", "only two", "exactly", "actually",
    "rn", "tmrw", "2day", "2moro", "tonite", "in?", "- artist", "writer.", "precisely!",
]  # fmt: skip
STARTS = [
    "hi", "hey", "so", "ok", "please", "can you", "could you", "do you know", "tell me the",
    "give me the", "where can I find", "which person", "what", "who", "who is known for",
    "the actor who played", "explain what", "explain who", "in French,", "A.", "a)", "I",
    "just curious", "help", "one more", "next", "whats", "wat is", "the one that", "choose the",
    "question 3:", "pick the best", "select the right", "quiz time", "true story", "fun fact",
]  # fmt: skip
PLAIN = [
    "Review this plan for migrating our billing service.",
    "Summarize the attached report",
    "Write a haiku about autumn",
    "Translate the paragraph into formal English",
    "capital of Chile",
    "Everest height",
    "12 times 9",
]
_PUNCTUATION = re.compile(r"[?.!,:;'\"]")


def variants(text: str) -> Iterator[str]:
    """The turn, and forms of it a user might type."""
    yield text
    yield text.lower()
    yield text.upper()
    bare = _PUNCTUATION.sub("", text)
    yield bare
    yield bare.lower()
    words = bare.split()
    if len(words) > 2:
        yield " ".join(words[1:])
        yield " ".join(words[:-1])
        yield " ".join(words[:1] + words[2:])
    yield text.rstrip("?.!") + "."


def _texts() -> list[str]:
    texts = []
    for text in BASE:
        texts.extend(variants(text))
    # clauses joined: each turn with its neighbour, in the usual ways
    for first, second in zip(BASE, BASE[1:] + BASE[:1], strict=True):
        a, b = first.rstrip("?.!"), second[:1].lower() + second[1:]
        texts += [f"{a} and {b}", f"{a}, {b}", f"{a}. {second}", f"{a} {b}"]
    # plain turns with each step's cue before or after them
    for base in PLAIN + [t for t in BASE if normalize._left_as_is(t)][:200]:
        stem = base.rstrip(".")
        for end in ENDS:
            texts += [f"{stem} {end}", f"{stem} {end}.", f"{stem}, {end}", f"{stem} {end}!"]
        for start in STARTS:
            texts += [f"{start} {base}", f"{start} {base[:1].lower()}{base[1:]}"]
    # and turns with next to nothing in them
    texts += ["", " ", "a", "A", "...", "!", "a.", "?", "b.", "-", "the", "I", "is", "x y"]
    return texts


TEXTS = _texts()


def test_every_turn_the_fast_path_admits_is_one_the_full_reader_leaves_as_it_is() -> None:
    admitted = [text for text in TEXTS if normalize._left_as_is(text)]
    wrong = [t for t in admitted if normalize._read_slowly(t) != Unwrapped(t, False, "")]
    assert wrong == []
    assert len(TEXTS) > 20_000
    assert len(admitted) > 3_000  # (the test reads many admitted turns, not a few)


@pytest.mark.parametrize("text", PLAIN)
def test_plain_imperative_and_statement_turns_take_the_fast_path(text: str) -> None:
    assert normalize._left_as_is(text)
    assert unwrap(text) == Unwrapped(text, False, "")


# turns a step of the reader changes, by step (the fast path must refuse them all)
CHANGED = {
    "options": ["Which planet is red?\nA. Venus\nB. Mars", "pick one a) 4 b) 5 c) 6 d) 7"],
    "options first": ["A) 54 B) 56 C) 58 - which one is 7 times 8?"],
    "emoji": ["italian for thank you pls 🙏"],
    "shorthand": [
        "library = ? (French)",
        "EN->JA: thank you",
        "In Spanish, good night is said how",
    ],
    "texting": ["whats a metaphor", "can u name a prime", "add 4 & 5"],
    "preamble": ["Hey quick question what is the capital of Canada", "Please name a prime"],
    "closing": ["name a prime number please", "name a prime number thanks!"],
    "given": ["Fix the grammar: she don't like it", "meet me at noon -> ALL CAPS"],
    "given lines": ["Sort these\nlion\ntiger\nbear"],
    "context": [
        "I'm baking a cake. How many grams are in a cup?",
        "how many miles is 120 km, im driving in france",
    ],
    "brevity": ["what is a metaphor in simple terms", "name some noble gases just 3"],
    "filler": ["who actually wrote Hamlet"],
    "explained": ["explain what a metaphor is"],
    "completion": ["The capital of Kenya is:", "6 x 7 ="],
    "quotes": ["Who sang 'Hey Jude'"],
    "direct": ["what does 12 + 30 come to", "the capital of Chile is what", "NATO stands for what"],
    "tip": ["An 18% tip on a $64 dinner bill is how much"],
    "canonical": ["tell me the capital of Kenya", "telephone inventor", "Everest is how tall"],
    "who form": ["which person invented the telephone", "the actor who played Gandalf"],
}


@pytest.mark.parametrize(
    "text", [text for texts in CHANGED.values() for text in texts], ids=lambda t: t[:30]
)
def test_the_fast_path_refuses_turns_a_step_changes(text: str) -> None:
    assert normalize._read_slowly(text) != Unwrapped(text, False, "")
    assert not normalize._left_as_is(text)
    assert unwrap(text) == normalize._read_slowly(text)
