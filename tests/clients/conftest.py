"""The real client programs, pinned in ``clients/``, against Trooper and fake upstreams.

Each test runs a client exactly as its users do (a CLI in print mode, a framework's agent)
with its base URL pointed at a Trooper on 127.0.0.1 whose cloud is the fake Claude and whose
local model is the fake Ollama. Clients reach loopback only: their HOME is a fresh temporary
folder, and any proxy-aware client sees a dead proxy for every other address.

The npm clients come from ``npm install --prefix clients``; the Python ones from the ``clients``
extra. Without them these tests skip, unless ``TROOPER_REQUIRE_CLIENTS=1`` (set by CI) makes
that a failure.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import Proxy, start_proxy
from tests.fakes.upstream import FakeUpstream, Recorded

ROOT = Path(__file__).resolve().parents[2]
NPM_BIN = ROOT / "clients" / "node_modules" / ".bin"
INSTALL_HINT = "npm install --prefix clients"
DEAD_PROXY = "http://127.0.0.1:9"  # the discard port: nothing listens, a connect fails at once


def missing(message: str) -> None:
    """Skip, or fail where CI requires the clients."""
    if os.environ.get("TROOPER_REQUIRE_CLIENTS") == "1":
        pytest.fail(message)
    pytest.skip(message)


def npm_client(name: str) -> Path:
    """The pinned npm client's executable."""
    path = NPM_BIN / name
    if not path.exists():
        missing(f"the {name} client is not installed (run `{INSTALL_HINT}`)")
    return path


def python_client(module: str) -> None:
    """Skip (or fail in CI) unless the Python client package is importable."""
    if importlib.util.find_spec(module) is None:
        missing(f"{module} is not installed (run `pip install -e '.[dev]'`)")


@dataclass
class Stack:
    """Trooper with its cloud (fake Claude) and its local model (fake Ollama), and a fresh home
    and project folder for the client."""

    proxy: Proxy
    cloud: FakeUpstream
    local: FakeUpstream
    home: Path
    project: Path

    def env(self, **extra: str) -> dict[str, str]:
        """A client's whole environment: nothing of the caller's but PATH."""
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(self.home),
            "TMPDIR": str(self.home),
            "LANG": "C.UTF-8",
            "TERM": "dumb",
            "NO_COLOR": "1",
            "CI": "1",
            "HTTP_PROXY": DEAD_PROXY,
            "HTTPS_PROXY": DEAD_PROXY,
            "http_proxy": DEAD_PROXY,
            "https_proxy": DEAD_PROXY,
            "NO_PROXY": "127.0.0.1,localhost",
            "no_proxy": "127.0.0.1,localhost",
        }
        return {**env, **extra}

    def run(
        self, command: list[str | Path], env: dict[str, str], timeout: float = 120
    ) -> subprocess.CompletedProcess[str]:
        """Run a client in the project folder; a non-zero exit fails with its output."""
        done = subprocess.run(
            [str(c) for c in command],
            cwd=self.project,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if done.returncode != 0:
            pytest.fail(
                f"{Path(str(command[0])).name} exited {done.returncode}\n"
                f"stdout: {done.stdout[-3000:]}\nstderr: {done.stderr[-3000:]}"
            )
        return done


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[Stack]:
    yield from _stack(tmp_path, {"TROOPER_ROUTING": "false"})


@pytest.fixture
def routed_stack(tmp_path: Path) -> Iterator[Stack]:
    """The stack with the router on, as by default: simple turns go to the local model first."""
    yield from _stack(tmp_path, {})


def _stack(tmp_path: Path, settings: dict[str, str]) -> Iterator[Stack]:
    cloud = FakeUpstream("anthropic").start()
    local = FakeUpstream("ollama").start()
    env = {
        "CLAUDE_BASE_URL": cloud.url,
        "CLAUDE_API_KEY": "sk-ant-trooper-key",
        "FALLBACK_URL": local.url + "/api/chat",
        "TROOPER_RETRY_BACKOFF_S": "0.01",
        **settings,
    }
    proxy = start_proxy(env)
    home, project = tmp_path / "home", tmp_path / "project"
    home.mkdir()
    project.mkdir()
    try:
        yield Stack(proxy, cloud, local, home, project)
    finally:
        proxy.stop()
        cloud.stop()
        local.stop()


def strings(value: object) -> list[str]:
    """Every string in a JSON value, depth first (a body's texts, unescaped)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return []


def text_of(request: Recorded) -> str:
    """Everything a recorded request said, to search for what reached the upstream."""
    return "\n".join(strings(request.body))


def received(fake: FakeUpstream, *needles: str) -> list[Recorded]:
    """The inference requests ``fake`` received whose text holds every one of ``needles``."""
    return [
        r
        for r in fake.requests
        if r.body is not None and "messages" in r.body and all(n in text_of(r) for n in needles)
    ]


def local_turns(request: Recorded, role: str) -> list[str]:
    """The texts of one role's messages in a request the fake Ollama received."""
    assert request.body is not None
    messages = request.body["messages"]
    assert isinstance(messages, list)
    return [str(m["content"]) for m in messages if isinstance(m, dict) and m["role"] == role]
