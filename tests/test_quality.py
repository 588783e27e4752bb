"""Lint, format and strict typing are part of the suite: ``pytest`` is the one command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    "command",
    [
        ["ruff", "check", "src", "tests", "bench", "scripts"],
        ["ruff", "format", "--check", "src", "tests", "bench", "scripts"],
        ["mypy"],
    ],
    ids=["ruff-check", "ruff-format", "mypy-strict"],
)
def test_code_quality(command: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


MODULES = sorted(
    ".".join(path.relative_to(ROOT / "src").with_suffix("").parts)
    for path in (ROOT / "src" / "trooper").rglob("*.py")
    if path.name != "__main__.py"
)


@pytest.mark.parametrize("module", MODULES)
def test_doctests(module: str) -> None:
    """The examples in the docstrings run, and say what they show."""
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples in {module} failed"


def _bound_twice(path: Path) -> list[str]:
    """The names a module binds more than once at its top level (a constant, a function, a
    class): the later binding silently replaces the earlier for every use before it too."""
    import ast
    from collections import Counter

    names: Counter[str] = Counter()
    for node in ast.parse(path.read_text("utf-8")).body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names[node.name] += 1
        targets = node.targets if isinstance(node, ast.Assign) else []
        if isinstance(node, ast.AnnAssign):
            targets = [node.target]
        names.update(t.id for t in targets if isinstance(t, ast.Name))
    return sorted(name for name, count in names.items() if count > 1)


def test_no_module_binds_a_name_twice(tmp_path: Path) -> None:
    # (normalize.py once defined _NUMBER_WORDS twice, and the worded sums read the story
    # reader's words; a second _QUALIFIES would have done the same to a context reader)
    twice = {
        str(path.relative_to(ROOT)): _bound_twice(path)
        for path in (ROOT / "src" / "trooper").rglob("*.py")
    }
    assert {path: names for path, names in twice.items() if names} == {}
    sample = tmp_path / "sample.py"
    sample.write_text("A = 1\nB: int = 2\ndef f() -> None: ...\nA = 3\nclass f: ...\n", "utf-8")
    assert _bound_twice(sample) == ["A", "f"]
