"""Aho-Corasick automata (pyahocorasick, in C): every occurrence of many strings in one pass.

The router finds its rules' words, its patterns' needs, a long turn's code markers and the
scorer's weighed n-grams this way, and the context engine the SITREP's phrases.

    >>> found = automaton({"he": 1, "she": 2, "hers": 3})
    >>> sorted(values(found, "ushers"))
    [1, 2, 3]
    >>> automaton({}) is None
    True
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from operator import itemgetter
from typing import Any

# pyahocorasick has no type stubs
_ahocorasick: Any = importlib.import_module("ahocorasick")
_VALUE = itemgetter(1)


def automaton(keys: Mapping[str, object]) -> Any:
    """An automaton of ``keys``, each string yielding its value where it occurs; None when
    there are none (an automaton needs one)."""
    if not keys:
        return None
    built = _ahocorasick.Automaton()
    for key, value in keys.items():
        built.add_word(key, value)
    built.make_automaton()
    return built


def values(found: Any, text: str) -> Iterator[Any]:
    """The value of every key of ``found`` at each place it occurs in ``text``, in C."""
    return map(_VALUE, found.iter(text))
