"""The router evaluation script's tables: the per-group breakdown and the Wilson interval."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from scripts import eval_router
from scripts.eval_router import Item

from trooper.routing import Classifier, Decision


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


def test_the_held_out_split_is_fixed() -> None:
    subjects = ["miscellaneous", "world_religions", "astronomy", "high_school_mathematics"]
    assert [eval_router.held_out_subject(s) for s in subjects] == [True, True, False, False]


def test_built_sets_read_line_breaks_and_labels(tmp_path: Path) -> None:
    (tmp_path / "holdout_simple.txt").write_text("# note\nWho wrote Hamlet?\\nA. x\\nB. y\n")
    (tmp_path / "holdout_hard.txt").write_text("Why is the sky blue?\n\n")
    items = eval_router.load_built(tmp_path)
    assert items == [
        Item("Who wrote Hamlet?\nA. x\nB. y", True),
        Item("Why is the sky blue?", False),
    ]


def test_recall_is_the_share_of_fine_prompts_routed_local() -> None:
    items = [Item("a", True), Item("b", True), Item("c", True), Item("d", False)]
    decisions = [Decision(True, "simple turn"), Decision(False, "x")] * 2
    row = eval_router.evaluate("set", items, decisions, seed=0)
    assert (row.local, row.local_fine, row.recall) == (2, 2, 2 / 3)


def test_family_consistency_counts_families() -> None:
    router = Classifier.from_file(None)
    families = [
        eval_router.Family("capital", True, ("capital of France?", "What's France's capital?")),
        eval_router.Family("mixed", True, ("capital of France?", "why is the sky blue?")),
        eval_router.Family("cloud", False, ("why is the sky blue?",)),
    ]
    assert eval_router.consistency(router, families) == (2, 2, ["mixed"])


def test_tokens_saved_on_chat_first_turns(tmp_path: Path) -> None:
    records = [
        {
            "id": "a_0",
            "conversations": [
                {"from": "human", "value": "What is the capital of France?"},
                {"from": "gpt", "value": "Paris."},
            ],
        },
        {"id": "a_1", "conversations": [{"from": "human", "value": "and Spain?"}]},
        {
            "id": "b_0",
            "conversations": [
                {"from": "human", "value": "Write a long essay about Rome."},
                {"from": "gpt", "value": "Rome " * 400},
            ],
        },
    ]
    path = tmp_path / "chat.json"
    path.write_text(json.dumps(records)[:-40])  # the file may be cut short
    turns = eval_router.chat_first_turns(path)
    assert [t.prompt for t in turns] == ["What is the capital of France?"]
    path.write_text(json.dumps(records))
    turns = eval_router.chat_first_turns(path)
    share, tokens = eval_router.tokens_saved(Classifier.from_file(None), turns)
    assert share == 0.5
    assert 0 < tokens < 0.1


def test_lookalikes_are_read_as_cloud_families_with_their_options_joined(tmp_path: Path) -> None:
    path = tmp_path / "lookalike_cloud.txt"
    path.write_text(
        "# a comment\nbest phone?\nWhich phone is best?\nA) one\nB) two\n\nmy salary = ?\n",
        encoding="utf-8",
    )
    families = eval_router.load_lookalikes(path)
    assert [f.prompts for f in families] == [
        ("best phone?", "Which phone is best?\nA) one\nB) two"),
        ("my salary = ?",),
    ]
    assert not any(f.local for f in families)


def test_lookalike_report_counts_the_cloud_prompts_each_layer_sends_local(tmp_path: Path) -> None:
    path = tmp_path / "lookalike_cloud.txt"
    path.write_text("What is 7 times 8?\n\nWrite a long poem about the sea.\n", encoding="utf-8")
    router = Classifier.from_file(None, "balanced")
    decisions = [router.classify(eval_router.ask(p)) for p in ("What is 7 times 8?",)]
    assert decisions[0].local and decisions[0].rule != "scored simple turn"
    line = eval_router.lookalike_line(router, eval_router.load_lookalikes(path))
    assert line == "balanced: 1 of 2 look-alike cloud prompts local (1 by a rule, 0 by the scorer)"


def test_the_decision_checker_hides_the_same_sealed_sets_as_the_other_scripts() -> None:
    from scripts import router_decisions
    from scripts.router_perturb import SEALED

    assert router_decisions.SEALED == SEALED


def test_a_lookalike_set_is_read_per_operating_point(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from scripts import read_family_set

    path = tmp_path / "lookalike_cloud9.txt"
    # (the last block is one the router sends local: a leak, as a sealed set would show one)
    path.write_text(
        "# three requests\nwhat's the weather in Paris today?\nparis weather now?\n\n"
        "translate my last message into French\n\nwhat is 3 x 4?\n",
        encoding="utf-8",
    )
    src = str(eval_router.ROOT / "src")
    assert read_family_set.main([str(path), "--src", src, "--list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    read = [line for line in lines if not line.startswith(" ")]
    assert [line.split()[0] for line in read] == ["strict", "balanced", "eager"]
    assert "1 of 4 cloud phrasings local, 1 of 3 requests" in read[1]
    listed = lines[lines.index(read[1]) + 1 : lines.index(read[2])]
    assert listed == ["    simple turn | what is 3 x 4?"]
