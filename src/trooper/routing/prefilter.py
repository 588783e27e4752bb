"""Cheap checks before a pattern's search: what its matches must start with, and contain.

Python's regex engine tries every alternative of an alternation at every position of the text,
unless all of them start with a literal character. The rules' patterns mostly do not (``\\s*``,
``(?:const|let|...)``, ``\\b``), so a 40-alternative pattern costs 40 attempts per character.
Put behind a lookahead of the characters a match can start with, it costs one class test at the
other positions, and matches exactly what it matched before:

    >>> first_chars(r"\\bsimplify\\s+\\d|(?:sin|cos)\\s*\\(|\\d\\(")
    '[\\\\dcs]'
    >>> guarded(r"x*y|z") is None, guarded(r"a?") is None, guarded(r"[^a]b") is None
    (False, True, True)
    >>> guarded(r"in\\s+go") is None  # (the regex engine scans for a literal start itself)
    True

The set may be larger than needed (zero-width checks such as ``\\b`` or a lookbehind are
skipped, so what follows them counts), never smaller. A pattern whose first character could be
anything, or that can match the empty string, gets no guard.

:func:`clauses` names the strings a match must contain, so a pattern is only searched on the
turns that hold them (the router finds them all in one pass).
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
    return None if flags & re.IGNORECASE else _first_chars(_parser.parse(pattern, flags))


def _first_chars(parsed: Any) -> str | None:
    try:
        chars, empty = _starts(parsed)
    except _Anything:
        return None
    if empty or not chars:
        return None
    return "[" + "".join(sorted(chars)) + "]"


def guarded(pattern: str, flags: int = 0) -> str | None:
    """``pattern`` behind a lookahead of its first characters, or None if it cannot have one or
    needs none: one that starts with a literal or a class, or with alternatives that each start
    with a literal, which the regex engine already scans for itself (faster than a lookahead
    tried at every position: ``in (?:go|c)$`` costs a third of its guarded form)."""
    if flags & re.IGNORECASE:
        return None
    parsed = _parser.parse(pattern, flags)
    chars = _first_chars(parsed)
    if chars is None or _scanned_start(parsed):
        return None
    return f"(?={chars})(?:{pattern})"


def _scanned_start(items: Any) -> bool:
    """Whether the regex engine scans for where a match of the parsed pattern can start: its
    first element (within groups) a literal, a class, or alternatives each starting with a
    literal (``re._compiler``'s literal and charset prefixes, without IGNORECASE)."""
    while items and items[0][0] is _c.SUBPATTERN:
        items = items[0][1][3]
    if not items:
        return False
    op, av = items[0]
    if op is _c.BRANCH:
        return all(alt and alt[0][0] is _c.LITERAL for alt in av[1])
    return op is _c.LITERAL or op is _c.IN


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


# What a match must contain. A need is a set of strings (single characters or longer literals)
# of which every match holds at least one; each weighs about how likely an ordinary turn is to
# hold it, so a sequence keeps its rarest need. ``\d`` stands for the ASCII digits: a need is
# only checked on ASCII text (where ``\d`` matches nothing else), so a string that is not ASCII
# weighs nothing: a pattern that needs "π" is never searched on an ASCII turn.
_Need = frozenset[str]
_DIGITS = frozenset("0123456789")
# (a range this wide costs more checks than it saves)
_MAX_RANGE = 12
# characters most turns hold
_PROSE = frozenset(" .,?'\n")
# above this weight a check would pass on most turns, or cost more than it spares
_MAX_WEIGHT = 2.5
# the clauses kept per pattern (a third rarely rules out a turn the first two let through)
_CLAUSES = 2
# The second clause is only tested on the turns the first lets through, by a set test, not a
# search: one of many rare strings ("usd", "euros", "rupees" ...) is worth testing there, though
# too likely in sum to file the pattern under, as long as each string is rare (no letter or
# character of prose, which most turns hold: they would also slow the one pass).
_MAX_SECOND_WEIGHT = 10.0
_COMMON_ATOM = 3.0


def required(pattern: str, flags: int = 0) -> tuple[str, ...] | None:
    r"""Strings of which every match of ``pattern`` in an ASCII text holds one, or None.

    The rarest of :func:`clauses`: with all of them absent from a turn, the pattern cannot
    match. It only rules matches out, never in. None when nothing rare enough is needed.

        >>> required(r"import\s+\w+|class\s+\w+")
        ('class', 'import')
        >>> required(r"\d\s*[-+]\s*\d"), required(r"\w+ing\b|x?")
        (('+', '-'), None)
    """
    found = clauses(pattern, flags)
    return found[0] if found else None


Clauses = tuple[tuple[str, ...], ...]


def clauses(pattern: str, flags: int = 0, *, loose: bool = False) -> Clauses:
    r"""What every match of ``pattern`` in an ASCII text holds: up to two clauses, rarest first,
    each a tuple of strings of which a match holds at least one; () when nothing rare is needed.

    A turn missing one string of every clause cannot match, so the router searches a pattern
    only on the turns that hold them all (found for every pattern at once, in one pass).
    ``loose``: the first clause may be as likely as a second one (many rare strings), for a
    pattern that would otherwise be searched at every position of every turn.

        >>> clauses(r"def\s+\w+\(|import\s+\w+")
        (('def', 'import'),)
        >>> clauses(r"[\w ]{2,40}\s+in\s+(?:french|german)"), clauses(r"\w+\s")
        ((('french', 'german'), ('in',)), ())
        >>> clauses(r"area|πr²")  # (never on an ASCII turn: needs are checked on those only)
        (('area', 'πr²'),)
        >>> tools = r"(?:apt|brew|pip|npm|yarn|pnpm|gem|cargo|conda)\s+\w"
        >>> clauses(tools), clauses(tools, loose=True)
        ((), (('apt', 'brew', 'cargo', 'conda', 'gem', 'npm', 'pip', 'yarn'),))
    """
    needs = _needs(_parsed(pattern, flags))
    if not needs or (not loose and _weight(needs[0]) > _MAX_WEIGHT):
        return ()
    return tuple(_ordered(n) for n in needs[:_CLAUSES])


def _parsed(pattern: str, flags: int) -> Any:
    """``pattern`` parsed, or None when it ignores case (then it needs nothing checkable)."""
    if flags & re.IGNORECASE:
        return None
    parsed = _parser.parse(pattern, flags)
    return None if parsed.state.flags & re.IGNORECASE else parsed


def _needs(parsed: Any) -> list[_Need]:
    """Every need of a parsed pattern rare enough to check, rarest first: a match holds them
    all (none for a pattern :func:`_parsed` gave None)."""
    if parsed is None:
        return []
    needs = [n for n in _sequence_needs(parsed) if _checkable(n)]
    return sorted(needs, key=_weight)


def _checkable(need: _Need) -> bool:
    """Whether ``need`` is rare enough to be a clause: the first (rarest) one's weight is at most
    :data:`_MAX_WEIGHT`, the second's at most :data:`_MAX_SECOND_WEIGHT` with no common string."""
    weight = _weight(need)
    if weight <= _MAX_WEIGHT:
        return True
    return weight <= _MAX_SECOND_WEIGHT and all(_atom_weight(a) < _COMMON_ATOM for a in need)


def _ordered(need: _Need) -> tuple[str, ...]:
    """The atoms to test, without those that hold another ("author of" holds "author")."""
    return tuple(sorted(a for a in need if not any(b != a and b in a for b in need)))


def _weight(need: _Need) -> float:
    """How likely a turn is to hold one of ``need``: a long literal is rare, a letter is not."""
    return sum(map(_atom_weight, need))


def _atom_weight(atom: str) -> float:
    if not atom.isascii():
        return 0.0  # never in a turn the needs are checked on (an ASCII one)
    if _PROSE.issuperset(atom):
        return 3.0
    if len(atom) > 1:
        return 4 / len(atom) ** 2
    if atom in _DIGITS:
        return 0.15
    return 3.0 if atom.isalnum() or atom in _PROSE else 0.5


def _best(needs: list[_Need]) -> _Need | None:
    return min(needs, key=_weight) if needs else None


def _sequence_need(items: Any) -> _Need | None:
    """The rarest need of a parsed sequence: any element's, or a run of its literals."""
    return _best(_sequence_needs(items))


def _sequence_needs(items: Any) -> list[_Need]:
    """The needs of a parsed sequence's elements and runs of literals: a match holds each."""
    needs: list[_Need] = []
    run = ""
    for op, av in items:
        if op is _c.LITERAL:
            run += chr(av)
            continue
        if op is _c.AT:  # zero width: the literals around it are still adjacent
            continue
        if run:
            needs.append(frozenset({run}))
            run = ""
        need = _element_need(op, av)
        if need is not None:
            needs.append(need)
    if run:
        needs.append(frozenset({run}))
    return needs


def _element_need(op: Any, av: Any) -> _Need | None:
    """What one parsed element needs (None: nothing this module can tell)."""
    if op is _c.IN:
        return _class_need(av)
    if op is _c.SUBPATTERN:
        return None if av[1] & re.IGNORECASE else _sequence_need(av[3])
    if op is _c.ATOMIC_GROUP:
        return _sequence_need(av)
    if op is _c.BRANCH:
        union: set[str] = set()
        for alternative in av[1]:
            need = _sequence_need(alternative)
            if need is None:
                return None
            union |= need
        return frozenset(union)
    if op in _REPEATS and av[0] >= 1:
        return _sequence_need(av[2])
    return None  # optional, zero width, any character, a negated class, a back-reference...


def _class_need(items: Any) -> _Need | None:
    chars: set[str] = set()
    for op, av in items:
        if op is _c.LITERAL:
            chars.add(chr(av))
        elif op is _c.RANGE and av[1] - av[0] < _MAX_RANGE:
            chars.update(chr(code) for code in range(av[0], av[1] + 1))
        elif op is _c.CATEGORY and av is _c.CATEGORY_DIGIT:
            chars |= _DIGITS  # (on ASCII text only, see above)
        else:  # a negated class, a wide range, or a class nearly every turn holds
            return None
    return frozenset(chars)
