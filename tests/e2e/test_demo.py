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


def test_demo_live_plays_against_the_providers_in_the_environment() -> None:
    """``--live`` uses the keys and local model from the environment: here, fake servers."""
    from tests.fakes.upstream import FakeUpstream

    claude, local = FakeUpstream("anthropic").start(), FakeUpstream("ollama").start()
    try:
        env = {k: v for k, v in os.environ.items() if not k.endswith("_API_KEY")}
        env.update(
            {
                "CLAUDE_API_KEY": "sk-ant-live-demo-key",
                "CLAUDE_BASE_URL": claude.url,
                "FALLBACK_URL": f"{local.url}/api/chat",
                "TROOPER_STORE": "memory",
            }
        )
        result = subprocess.run(
            [sys.executable, "-m", "trooper", "demo", "--live"],
            capture_output=True,
            text=True,
            timeout=60,
            env=env,
        )
    finally:
        claude.stop()
        local.stop()
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "(live providers)" in out
    assert "X-Trooper-Decision: ollama (simple turn) | cloud skipped" in out
    assert "X-Trooper-Summary: claude (direct) ✓" in out
    assert out.count("ollama (force_local) | privacy mode") == 2
    assert claude.count() >= 3 and local.count() >= 3
    assert "sk-ant-live-demo-key" not in out + result.stderr
