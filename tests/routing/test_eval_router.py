"""The router evaluation script's tables: the per-group breakdown and the Wilson interval."""

from __future__ import annotations

import math

import pytest
from scripts import eval_router
from scripts.eval_router import Item

from trooper.routing import Decision


def test_wilson_interval() -> None:
    low, high = eval_router.wilson(82, 85)
    assert (round(low, 3), round(high, 3)) == (0.901, 0.988)
    assert all(math.isnan(x) for x in eval_router.wilson(0, 0))


def test_group_table_counts_local_decisions_per_group() -> None:
    items = [Item("a", True), Item("b", False), Item("c", True), Item("d", False)]
    decisions = [
        Decision(True, "simple turn", "lookups"),
        Decision(True, "simple turn", "lookups"),
        Decision(True, "simple turn", "definitions"),
        Decision(False, "unclear", "default"),
    ]
    table = eval_router.group_table([("set", items, decisions), ("empty", [], [])])
    lines = table.splitlines()
    assert lines[2] == "| set | lookups | 2 | 50.0% (9.5%-90.5%) |"
    assert lines[3] == "| set | definitions | 1 | 100.0% (20.7%-100.0%) |"
    assert lines[4] == "| empty | (none) | 0 | n/a |"


def test_group_table_rejects_mismatched_lengths() -> None:
    with pytest.raises(ValueError):
        eval_router.group_table([("set", [Item("a", True)], [])])
