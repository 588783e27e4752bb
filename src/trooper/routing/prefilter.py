"""A cheap first check for a big alternation: the characters any of its matches can start with.

Python's regex engine tries every alternative of an alternation at every position of the text,
unless all of them start with a literal character. The rules' patterns mostly do not (``\\s*``,
``(?:const|let|...)``, ``\\b``), so a 40-alternative pattern costs 40 attempts per character.
Put behind a lookahead of the characters a match can start with, it costs one class test at the
other positions, and matches exactly what it matched before:

    >>> first_chars(r"\\bsimplify\\s+\\d|(?:sin|cos)\\s*\\(|\\d\\(")
    '[\\\\dcs]'
    >>> guarded(r"x*y|z") is None, guarded(r"a?") is None, guarded(r"[^a]b") is None
    (False, True, True)

The set may be larger than needed (zero-width checks such as ``\\b`` or a lookbehind are
skipped, so what follows them counts), never smaller. A pattern whose first character could be
anything, or that can match the empty string, gets no guard.
"""

from __future__ import annotations

import importlib
import re
from typing import Any

# The stdlib's own parser (``sre_parse`` before Python 3.11), not in the type stubs.
_parser: Any = importlib.import_module("re._parser")
_c: Any = importlib.import_module("re._constants")

_CATEGORIES = {
    _c.CATEGORY_DIGIT: r"\d",
    _c.CATEGORY_NOT_DIGIT: r"\D",
    _c.CATEGORY_SPACE: r"\s",
    _c.CATEGORY_NOT_SPACE: r"\S",
    _c.CATEGORY_WORD: r"\w",
    _c.CATEGORY_NOT_WORD: r"\W",
}
_ZERO_WIDTH = (_c.AT, _c.ASSERT, _c.ASSERT_NOT)
_REPEATS = (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT)


class _Anything(Exception):
    """The sequence can start with any character (or one this module does not read)."""


def first_chars(pattern: str, flags: int = 0) -> str | None:
    """A character class holding every character a match of ``pattern`` can start with."""
    if flags & re.IGNORECASE:
        return None
    try:
        chars, empty = _starts(_parser.parse(pattern, flags))
    except _Anything:
        return None
    if empty or not chars:
        return None
    return "[" + "".join(sorted(chars)) + "]"


def guarded(pattern: str, flags: int = 0) -> str | None:
    """``pattern`` behind a lookahead of its first characters, or None if it cannot have one."""
    chars = first_chars(pattern, flags)
    return None if chars is None else f"(?={chars})(?:{pattern})"


def _starts(items: Any) -> tuple[set[str], bool]:
    """The first characters of a parsed sequence, and whether it can match the empty string."""
    chars: set[str] = set()
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue
        got, empty = _element(op, av)
        chars |= got
        if not empty:
            return chars, False
    return chars, True


def _element(op: Any, av: Any) -> tuple[set[str], bool]:
    """The first characters of one parsed element, and whether it can match the empty string."""
    if op is _c.LITERAL:
        return {re.escape(chr(av))}, False
    if op is _c.IN:
        return set(_class_items(av)), False
    if op is _c.SUBPATTERN:
        if av[1] & re.IGNORECASE:
            raise _Anything
        return _starts(av[3])
    if op is _c.ATOMIC_GROUP:
        return _starts(av)
    if op is _c.BRANCH:
        chars: set[str] = set()
        empty = False
        for alternative in av[1]:
            alt_chars, alt_empty = _starts(alternative)
            chars |= alt_chars
            empty |= alt_empty
        return chars, empty
    if op in _REPEATS:
        chars, empty = _starts(av[2])
        return chars, empty or av[0] == 0
    raise _Anything


def _class_items(items: Any) -> list[str]:
    out = []
    for op, av in items:
        if op is _c.LITERAL:
            out.append(re.escape(chr(av)))
        elif op is _c.RANGE:
            out.append(f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}")
        elif op is _c.CATEGORY and av in _CATEGORIES:
            out.append(_CATEGORIES[av])
        else:  # a negated class, or one this module does not read
            raise _Anything
    return out
