"""The learned scorer: how much a short question the rules left unclear looks like a simple one.

A linear model (logistic regression) over the n-grams of the question's core (the text the rules
read, :func:`trooper.routing.normalize.unwrap`): its words and word pairs, and its character 3-
and 4-grams, with each digit read as ``0`` so that "23 times 7" and "41 times 6" look alike
(and unlike "4821 times 376"), plus its length and its longest number's digits, bucketed.
``scripts/train_router.py`` fits it offline and writes ``scorer.json`` next to this module: the
bias, each operating point's threshold, and the weight of every n-gram the fit kept (16-bit
integers times one scale). Evaluating it here is pure Python: a few hundred dictionary look-ups,
no ML stack. (The n-grams are looked up by their text rather than hashed into buckets: a CRC-32
per n-gram cost four times as much in pure Python, and the kept vocabulary is small.)

    >>> model = Scorer.packaged()
    >>> model.score("how many legs does a spider have?") > model.score("write me a poem")
    True

The classifier asks it only about a short turn no rule matched; every rule, local or cloud,
still wins over it. ``threshold(level)`` is None where the point keeps the scorer off.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from itertools import pairwise, repeat
from math import fsum
from typing import Any

from trooper.automaton import automaton, values

WEIGHTS_FILE = "scorer.json"
_WORD = re.compile(r"[\w+#]+(?:'\w+)*|[?!:=%$/*+^-]")
_DIGITS = re.compile(r"\d")
_SPACES = re.compile(r"\s+")
_NUMBER = re.compile(r"\d+")
START, END = "<s>", "</s>"
CHAR_NS = (3, 4)
# word-count buckets: a feature says which one the question falls in
LENGTHS = (3, 6, 10, 15, 20)
# and one says how many digits its longest number has, up to this many (a four-digit product is
# not a one-step sum)
DIGITS = 4
# A short turn can still hold a long token (a URL, a hash): only its first characters are read,
# which bounds the cost.
MAX_CHARS = 240


@dataclass(frozen=True, slots=True)
class Grams:
    """The n-grams of one question, by kind (a list keeps each occurrence)."""

    words: list[str]
    pairs: list[str]
    chars: list[str]
    length: int
    digits: int

    @property
    def size(self) -> int:
        """How many features the question has: the two buckets and every n-gram."""
        return 2 + len(self.words) + len(self.pairs) + len(self.chars)


def grams(text: str) -> Grams:
    """The n-grams the model reads in ``text``.

    >>> grams("What is 2 + 2?").words
    ['what', 'is', '0', '+', '0', '?']
    >>> grams("What is 2 + 2?") == grams("what is 7 + 3?")
    True
    """
    spaced, words, length, digits = _read(text)
    pairs = [f"{a} {b}" for a, b in pairwise([START, *words, END])]
    chars = [spaced[i : i + n] for n in CHAR_NS for i in range(len(spaced) - n + 1)]
    return Grams(words, pairs, chars, length, digits)


def _read(text: str) -> tuple[str, list[str], int, int]:
    """What the model reads of ``text``: its first characters lower-cased, each digit as 0 and
    each run of white space as one space, between two spaces; its words; the buckets of its
    length and of its longest number's digits. (The rewrites run only on a text that needs them.)
    """
    lower = text[:MAX_CHARS].lower().replace("’", "'")
    digits = 0
    if _DIGITS.search(lower) is not None:
        digits = min(DIGITS, max(map(len, _NUMBER.findall(lower))))
        lower = _DIGITS.sub("0", lower)
    # (printable ASCII holds no white space but the space)
    if "  " in lower or not (lower.isascii() and lower.isprintable()):
        lower = _SPACES.sub(" ", lower)
    lower = lower.strip()
    words = _WORD.findall(lower)
    length = next((i for i, most in enumerate(LENGTHS) if len(words) <= most), len(LENGTHS))
    return f" {lower} ", words, length, digits


@dataclass(frozen=True, slots=True)
class Scorer:
    """The fitted model: ``score`` is the log-odds that a question is simple enough to go local."""

    bias: float
    words: dict[str, float]
    pairs: dict[str, float]
    chars: dict[str, float]
    lengths: tuple[float, ...]
    digits: tuple[float, ...]
    thresholds: dict[str, float]
    # the character n-grams' weights, in an automaton that finds them all in one pass
    _char_automaton: Any = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # (a key never in a question, so that weights without n-grams still make an automaton)
        object.__setattr__(self, "_char_automaton", automaton({**self.chars, "\0\0\0": 0.0}))

    @classmethod
    def from_json(cls, text: str) -> Scorer:
        """The model in ``scorer.json``'s form (written by ``scripts/train_router.py``)."""
        doc = json.loads(text)
        scale = float(doc["scale"])

        def table(kind: str) -> dict[str, float]:
            return {k: v * scale for k, v in doc[kind].items()}

        lengths = tuple(v * scale for v in doc["lengths"])
        digits = tuple(v * scale for v in doc["digits"])
        if len(lengths) != len(LENGTHS) + 1 or len(digits) != DIGITS + 1:
            raise ValueError(f"{WEIGHTS_FILE}: {len(lengths)} length, {len(digits)} digit weights")
        thresholds = {str(k): float(v) for k, v in doc["thresholds"].items()}
        words, pairs, chars = table("words"), table("pairs"), table("chars")
        return cls(float(doc["bias"]), words, pairs, chars, lengths, digits, thresholds)

    @staticmethod
    def packaged() -> Scorer:
        """The model shipped with Trooper (read once per process: it is never changed)."""
        return _packaged()

    def threshold(self, level: str) -> float | None:
        """The score a question needs at ``level`` to go local; None: the scorer is off there."""
        return self.thresholds.get(level)

    def score(self, text: str) -> float:
        """The log-odds for ``text``: its features' weights over the root of their count, + bias.

        The features of :func:`grams`, each kind's weights summed exactly (``math.fsum``), found
        without cutting the question into n-grams: the character n-grams with weights are found
        by one pass of an Aho-Corasick automaton (a third of the cost of cutting and looking up
        each of them), the words and pairs looked up by ``map``.
        """
        spaced, words, length, digits = _read(text)
        total = self.lengths[length] + self.digits[digits]
        total += fsum(map(self.words.get, words, _ZERO))
        total += fsum(map(self.pairs.get, map(" ".join, pairwise([START, *words, END])), _ZERO))
        # every weighed character n-gram, found in one pass of an automaton of them all (in
        # another order than grams lists them: fsum's sum is exact, whatever the order)
        total += fsum(values(self._char_automaton, spaced))
        chars = sum(max(0, len(spaced) - n + 1) for n in CHAR_NS)
        return self.bias + total / math.sqrt(2 + 2 * len(words) + 1 + chars)


_ZERO = repeat(0.0)


@cache
def _packaged() -> Scorer:
    files = resources.files("trooper.routing")
    return Scorer.from_json(files.joinpath(WEIGHTS_FILE).read_text(encoding="utf-8"))
