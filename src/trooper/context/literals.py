"""A regular expression that matches finitely many strings, searched by those strings first.

``re`` tries an alternation of many phrases at every position of the text (about 100 ns a
character for the SITREP's markers); an Aho-Corasick automaton (pyahocorasick, in C) finds every
occurrence of every string the alternation can match in one pass, and the expression is then
tried only where one starts. The matches are exactly those of ``pattern.finditer``.

    >>> finder = Phrases(r"(?<![a-z])(?:must(?:n't| not)?|never)\\b", r"must(?:n't| not)?|never")
    >>> [m.group() for m in finder.finditer("you must not, mustard never")]
    ['must not', 'never']

The phrases are written in the small part of the regex syntax that stays finite: literal
characters, ``(?:a|b)`` groups, ``[ab]`` classes and ``?``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from trooper.automaton import automaton


def expand(phrases: str) -> list[str]:
    """Every string that ``phrases`` matches.

    >>> expand("passe[sd]|done?|(?:i|we) (?:still )?do")
    ['passes', 'passed', 'done', 'don', 'i still do', 'i do', 'we still do', 'we do']
    """
    found, end = _alternation(phrases, 0)
    if end != len(phrases):
        raise ValueError(f"unbalanced {phrases!r} at {end}")
    return found


def _alternation(text: str, i: int) -> tuple[list[str], int]:
    found, i = _sequence(text, i)
    while i < len(text) and text[i] == "|":
        more, i = _sequence(text, i + 1)
        found += more
    return found, i


def _sequence(text: str, i: int) -> tuple[list[str], int]:
    found = [""]
    while i < len(text) and text[i] not in "|)":
        if text.startswith("(?:", i):
            options, i = _alternation(text, i + 3)
            if i >= len(text) or text[i] != ")":
                raise ValueError(f"unclosed group in {text!r}")
            i += 1
        elif text[i] == "[":
            end = text.index("]", i)
            options, i = list(text[i + 1 : end]), end + 1
        elif text[i] in "\\.*+{}^$(":
            raise ValueError(f"{text[i]!r} in {text!r}: not a finite phrase")
        else:
            options, i = [text[i]], i + 1
        if i < len(text) and text[i] == "?":
            options, i = [*options, ""], i + 1
        found = [head + tail for head in found for tail in options]
    return found, i


class Phrases:
    """``pattern`` (anything around the phrases: lookarounds, ``\\b``, groups), searched where
    one of the strings of ``phrases`` (the part it consumes) starts."""

    def __init__(self, pattern: str, phrases: str, flags: int = 0) -> None:
        self.pattern = re.compile(pattern, flags)
        self._automaton = automaton({phrase: len(phrase) for phrase in expand(phrases)})

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """The matches of ``self.pattern.finditer(text)``: the same, in the same order."""
        pos = 0
        for start in sorted({end - size + 1 for end, size in self._automaton.iter(text)}):
            if start >= pos and (match := self.pattern.match(text, start)):
                yield match
                pos = match.end()
