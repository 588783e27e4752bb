"""``trooper demo`` as a new user runs it: the installed command, no keys, no Ollama."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time


def test_demo_plays_the_whole_story_quickly() -> None:
    command = shutil.which("trooper")
    args = [command, "demo"] if command else [sys.executable, "-m", "trooper", "demo"]
    env = {k: v for k, v in os.environ.items() if not k.endswith("_API_KEY")}
    started = time.monotonic()
    result = subprocess.run(args, capture_output=True, text=True, timeout=60, env=env)
    elapsed = time.monotonic() - started
    assert result.returncode == 0, result.stderr
    assert elapsed < 60
    out, log = result.stdout, result.stderr
    assert "X-Trooper-Decision: ollama (simple turn) | cloud skipped" in out
    assert "(cloud requests so far: 0)" in out
    assert "X-Trooper-Summary: claude (direct) ✓" in out
    assert "X-Trooper-Summary: claude → ollama (credit_balance) | context ✓" in out
    assert "X-Trooper-Decision: ollama (fallback: circuit_open)" in out
    assert "(cloud requests before: 2, after: 2)" in out
    assert "cloud requests during the four agents: 2" in out
    assert out.count("ollama (force_local) | privacy mode") == 2
    assert "tokens saved" in out.splitlines()[-3]
    assert "⚡ Skipping claude — circuit open" in log
    assert "🔒 Developer requested local-only (x_force_local) — skipping cloud" in log
    assert "sk-ant-demo" not in out + log, "a key is never shown"
