"""Fixtures for the context engine's tests: real data from ``../shared``, skipped if absent."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

HERE = Path(__file__).resolve().parent
if importlib.util.find_spec("trooper") is None:  # a checkout without an install
    sys.path.insert(0, str(HERE.parents[1] / "src"))
sys.path.insert(0, str(HERE))  # for context_support, the tests' shared helpers

from context_support import SWE_AGENT, load_eval_script  # noqa: E402

from trooper.model.conversation import ChatRequest  # noqa: E402


@pytest.fixture(scope="session")
def eval_script() -> ModuleType:
    return load_eval_script()


@pytest.fixture(scope="session")
def swe_agent(eval_script: ModuleType) -> list[tuple[str, ChatRequest]]:
    if not SWE_AGENT.is_dir():
        pytest.skip(f"real trajectories not found at {SWE_AGENT} (../shared is absent)")
    loaded: list[tuple[str, ChatRequest]] = eval_script.swe_agent_requests(SWE_AGENT)
    if not loaded:
        pytest.skip(f"no .traj files under {SWE_AGENT}")
    return loaded
