"""The real agents, unchanged, pointed at Trooper: Codex CLI (the Responses API), Gemini CLI (the
Gemini API) and openai-agents in its default Responses mode, on the cloud and then on the local
model after the cloud runs out of credit, with the earlier turns.

The CLIs are pinned with the other clients in ``clients/package.json``; without them these tests
skip, unless ``TROOPER_REQUIRE_CLIENTS=1`` (set by CI) makes that a failure.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.clients.conftest import npm_client
from tests.conftest import Proxy, fake_env
from tests.fakes.upstream import FakeUpstream, Ok, credit_balance

ProxyFactory = Callable[[dict[str, str]], Proxy]
ROOT = Path(__file__).resolve().parents[2]
CODEX = "0.171.0"
GEMINI_CLI = "0.61.0"
ROUTING = '{"complexity_reasoning": "A greeting.", "complexity_score": 1}'


def _binary(name: str) -> str:
    return str(npm_client(name))


def _run(
    argv: list[str], cwd: Path, env: dict[str, str], timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        argv,
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
        check=False,
    )


def test_codex_exec_then_resume_on_the_local_model(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory, tmp_path: Path
) -> None:
    codex = _binary("codex")
    proxy = proxy_factory(fake_env(fakes))
    home, work = tmp_path / "codex-home", tmp_path / "work"
    home.mkdir()
    work.mkdir()
    _codex_config(home, proxy)
    env = {**os.environ, "CODEX_HOME": str(home), "OPENAI_API_KEY": "your-key", "NO_COLOR": "1"}
    first = _run([codex, "exec", "--skip-git-repo-check", "My name is Ada."], work, env)
    assert first.returncode == 0, first.stderr[-2000:]
    assert "anthropic" in first.stdout
    assert fakes["anthropic"].count() >= 1
    fakes["anthropic"].always(credit_balance())
    second = _run(
        [codex, "exec", "--skip-git-repo-check", "resume", "--last", "What is my name?"], work, env
    )
    assert second.returncode == 0, second.stderr[-2000:]
    assert "ollama" in second.stdout
    sent = str(fakes["ollama"].requests[-1].body)
    assert "My name is Ada." in sent and "What is my name?" in sent
    sessions = proxy.run(proxy.state.store.list())
    codex_sessions = [s for s in sessions if not s.id.startswith("resp_")]
    assert len(codex_sessions) == 1  # Codex's session_id header named one session for both runs
    assert codex_sessions[0].fallbacks >= 1 and codex_sessions[0].tokens_saved > 0


def test_codex_resume_sends_openai_encrypted_reasoning_back_unchanged(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory, tmp_path: Path
) -> None:
    codex = _binary("codex")
    proxy = proxy_factory(fake_env(fakes, keys=("openai",)))
    home, work = tmp_path / "codex-home", tmp_path / "work"
    home.mkdir()
    work.mkdir()
    _codex_config(home, proxy)
    encrypted = "gAAAAABo-codex-encrypted-reasoning-0123456789+/="
    fakes["openai"].always(Ok(text="Hello Ada.", reasoning=encrypted))
    env = {**os.environ, "CODEX_HOME": str(home), "OPENAI_API_KEY": "your-key", "NO_COLOR": "1"}
    first = _run([codex, "exec", "--skip-git-repo-check", "My name is Ada."], work, env)
    assert first.returncode == 0, first.stderr[-2000:]
    assert "Hello Ada." in first.stdout
    asked = fakes["openai"].requests[-1]
    assert asked.path == "/v1/responses" and asked.stream
    assert asked.body is not None and "reasoning.encrypted_content" in asked.body["include"]
    second = _run(
        [codex, "exec", "--skip-git-repo-check", "resume", "--last", "What is my name?"], work, env
    )
    assert second.returncode == 0, second.stderr[-2000:]
    body = fakes["openai"].requests[-1].body
    assert body is not None and "What is my name?" in str(body["input"])
    reasoning = [i for i in body["input"] if i.get("type") == "reasoning"]
    assert [i["encrypted_content"] for i in reasoning] == [encrypted]


def _codex_config(home: Path, proxy: Proxy) -> None:
    (home / "config.toml").write_text(
        'model = "gpt-5-codex"\n'
        'model_provider = "trooper"\n'
        "[model_providers.trooper]\n"
        'name = "Trooper"\n'
        f'base_url = "{proxy.url}/v1"\n'
        'env_key = "OPENAI_API_KEY"\n'
        'wire_api = "responses"\n'
        "request_max_retries = 0\n"
        "stream_max_retries = 0\n"
    )


def test_gemini_cli_prompt_then_local_fallback(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory, tmp_path: Path
) -> None:
    gemini = _binary("gemini")
    proxy = proxy_factory(fake_env(fakes))
    home, work = tmp_path / "home", tmp_path / "work"
    (home / ".gemini").mkdir(parents=True)
    work.mkdir()
    settings = '{"security": {"auth": {"selectedType": "gemini-api-key"}}}'
    (home / ".gemini" / "settings.json").write_text(settings)
    env = {
        **os.environ,
        "HOME": str(home),
        "GEMINI_API_KEY": "your-key",
        "GOOGLE_GEMINI_BASE_URL": proxy.url,
        "GEMINI_CLI_TRUST_WORKSPACE": "true",
        "NO_COLOR": "1",
    }
    # Its default model mode first asks for a JSON routing decision, and retries until it is JSON.
    fakes["anthropic"].script(Ok(text=ROUTING))
    first = _run([gemini, "-p", "My name is Ada."], work, env)
    assert first.returncode == 0, first.stderr[-2000:]
    assert "anthropic" in first.stdout and "invalid content" not in first.stderr
    routing = [r for r in fakes["anthropic"].requests if "complexity_score" in str(r.body)]
    assert len(routing) == 1, "the routing call got JSON back the first time"
    assert "JSON Schema" in str(routing[0].body)
    fakes["anthropic"].always(credit_balance())
    fakes["ollama"].script(Ok(text=ROUTING))
    second = _run([gemini, "-p", "What is my name?"], work, env)
    assert second.returncode == 0, second.stderr[-2000:]
    assert "ollama" in second.stdout and "invalid content" not in second.stderr
    assert "What is my name?" in str(fakes["ollama"].requests[-1].body)


def test_openai_agents_default_responses_mode_with_a_tool(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    agents = pytest.importorskip("agents")
    from openai import AsyncOpenAI

    proxy = proxy_factory(fake_env(fakes))
    calls: list[str] = []

    @agents.function_tool
    def get_weather(input: str) -> str:  # the fake calls tools with "input"
        """The weather in a city."""
        calls.append(input)
        return "sunny, 21C"

    client = AsyncOpenAI(api_key="your-key", base_url=proxy.url + "/v1", max_retries=0)
    model = agents.OpenAIResponsesModel(model="gpt-5", openai_client=client)
    agent = agents.Agent(name="weather", instructions="Be brief.", model=model, tools=[get_weather])

    async def run() -> str:
        try:
            result = await agents.Runner.run(agent, "Paris")
            return str(result.final_output)
        finally:
            await client.close()

    agents.set_tracing_disabled(True)
    answer = asyncio.run(run())
    assert calls == ["Paris"]
    assert answer == "anthropic got tool result: sunny, 21C"
    assert [r.path for r in fakes["anthropic"].requests] == ["/v1/messages", "/v1/messages"]
