"""A chat-typed turn's misspelled words put right, toward the words the rules read.

"whats the bigest penguin", "area of a triangle base 9cm hieght 6cm", "can u revese this list":
one typo in the word a rule reads is enough to send a simple question to the cloud. A word of a
turn typed all in lower case is put right when it is not an English word, and one edit (a letter
added, dropped, changed, or two letters swapped) makes it exactly one word of the rules' own
(their words and patterns, the packaged ones). Anything else is left as it is: a word the rules
do not know is not a typo, and a word one edit from two of theirs ("discoverd": "discover",
"discovered") is not guessed.

The English words one edit from a rules word are never put right ("plane" is not "planet",
"funded" is not "founded"): they ship in ``real_words.txt``, built by
``scripts/build_real_words.py`` from the SCOWL word lists, with the digest of the vocabulary
they were built against (a test checks it is the packaged rules' own).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from functools import cache, cached_property
from importlib import resources

from trooper.routing.rules import RuleSet, load_rules

#: A word the speller reads: five letters or more (shorter ones are too close to each other:
#: "rect" is one edit from "react", "peru" from "perl").
# (and at most 20: no English word the rules read is longer, and a pasted run of letters is no
# typo)
_WORD = re.compile(r"(?<![a-z])[a-z]{5,20}(?![a-z])")
# a regex's escapes ("\b", "\s", "\x27") are not letters of its words
_ESCAPE = re.compile(r"\\(?:x[0-9a-fA-F]{2}|[A-Za-z])")
# contractions typed without their apostrophe are words ("thats" is not "chats")
_CONTRACTIONS = frozenset(
    (
        *("thats", "whats", "doesnt", "didnt", "couldnt", "wouldnt", "shouldnt", "arent", "wasnt"),
        *("werent", "havent", "hasnt", "hadnt", "youre", "theyre", "youve", "theyve", "theres"),
        *("heres", "wheres", "thatll", "itll", "youll", "theyll"),
    )
)


def vocabulary(rules: RuleSet) -> frozenset[str]:
    """The words of five letters or more in ``rules``: their word lists and their patterns.

    >>> sorted(vocabulary(load_rules(None)) & {"circumference", "reverse", "qwerty"})
    ['circumference', 'reverse']
    """
    texts = [value for _, value in rules.words]
    for group in (*rules.cloud, *rules.local):
        texts += (*group.words, *group.markers, *group.patterns, *group.cased_patterns)
    return frozenset(_WORD.findall(_ESCAPE.sub(" ", "\n".join(texts).lower())))


def digest(words: Iterable[str]) -> str:
    """The vocabulary's digest, as ``real_words.txt`` records it."""
    return hashlib.sha256("\n".join(sorted(words)).encode()).hexdigest()


class Speller:
    """Puts a lower-case turn's misspelled words right, toward ``vocabulary``.

    >>> speller = Speller(frozenset({"reverse", "discover", "discovered"}), frozenset({"revere"}))
    >>> speller.respell("can u revese this list"), speller.respell("who discoverd it")
    ('can u reverse this list', 'who discoverd it')
    >>> speller.respell("Can u revese this list"), speller.respell("revere")
    ('Can u revese this list', 'revere')
    """

    def __init__(self, vocabulary: frozenset[str], real_words: frozenset[str]) -> None:
        self._vocabulary = vocabulary
        self._known = vocabulary | real_words | _CONTRACTIONS

    def changes(self, text: str) -> bool:
        """Whether :meth:`respell` would change ``text``."""
        return bool(self._fixes(text))

    def respell(self, text: str) -> str:
        """``text`` with its misspelled words put right, if it is typed all in lower case."""
        fixes = self._fixes(text)
        if not fixes:
            return text
        return _WORD.sub(lambda match: fixes.get(match.group(0), match.group(0)), text)

    def _fixes(self, text: str) -> dict[str, str]:
        """Each misspelled word of a lower-case ``text`` -> the word it is put right as."""
        if not text.islower():
            return {}
        fixes = {}
        for word in _WORD.findall(text):
            if word not in self._known and word not in fixes and self._near(word):
                right = self._right(word)
                if right is not None:
                    fixes[word] = right
        return fixes

    def _near(self, word: str) -> bool:
        """Whether ``word`` may be one edit from a vocabulary word: it, or it without one of its
        letters, is a vocabulary word without one of its letters, or a vocabulary word (most
        words of a turn are neither, and this is a few lookups in C)."""
        near = self._near_strings
        return word in near or any(map(near.__contains__, _shorter(word)))

    def _right(self, word: str) -> str | None:
        """The one vocabulary word one edit from ``word``; None if none or several are, or if
        ``word`` is that word's plural ("integrations")."""
        if word[-1] == "s" and word[:-1] in self._vocabulary:
            return None
        vocabulary, deletes = self._vocabulary, self._deletes
        shorter = _shorter(word)
        found = set(deletes.get(word, ()))  # a letter dropped from word
        found.update(s for s in shorter if s in vocabulary)  # a letter added to word
        for i, short in enumerate(shorter):  # a letter changed, at i
            for other in deletes.get(short, ()):
                if (
                    len(other) == len(word)
                    and other[:i] == word[:i]
                    and other[i + 1 :] == word[i + 1 :]
                ):
                    found.add(other)
        for i in range(len(word) - 1):  # two neighbours swapped
            swapped = f"{word[:i]}{word[i + 1]}{word[i]}{word[i + 2 :]}"
            if swapped in vocabulary:
                found.add(swapped)
        return found.pop() if len(found) == 1 else None

    @cached_property
    def _near_strings(self) -> frozenset[str]:
        return frozenset(self._deletes) | self._vocabulary

    @cached_property
    def _deletes(self) -> dict[str, tuple[str, ...]]:
        """Each vocabulary word without one of its letters -> the words it comes from."""
        deletes: dict[str, set[str]] = {}
        for word in self._vocabulary:
            for i in range(len(word)):
                deletes.setdefault(word[:i] + word[i + 1 :], set()).add(word)
        return {short: tuple(sorted(words)) for short, words in deletes.items()}


def _shorter(word: str) -> list[str]:
    """``word`` without each of its letters in turn."""
    return [word[:i] + word[i + 1 :] for i in range(len(word))]


@cache
def packaged() -> Speller:
    """The speller of the packaged rules, with the English words never put right."""
    text = resources.files("trooper.routing").joinpath("real_words.txt").read_text("utf-8")
    words = frozenset(line for line in text.splitlines() if line and not line.startswith("#"))
    return Speller(vocabulary(load_rules(None)), words)


def recorded_digest() -> str:
    """The vocabulary digest ``real_words.txt`` was built against."""
    text = resources.files("trooper.routing").joinpath("real_words.txt").read_text("utf-8")
    for line in text.splitlines():
        if line.startswith("# vocabulary sha256: "):
            return line.removeprefix("# vocabulary sha256: ").strip()
    return ""
