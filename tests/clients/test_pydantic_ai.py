"""pydantic-ai agents through Trooper, once per dialect: an Anthropic model (Messages API) and an
OpenAI chat model (Chat Completions), each with a shell tool that really runs.

The conversation goes on across runs as pydantic-ai users carry it: ``message_history``. Each
test runs on one event loop with SDK clients it closes itself (pydantic-ai's shared HTTP client
would outlive the test's loop).
"""

from __future__ import annotations

import asyncio
import subprocess
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from tests.clients.conftest import Stack, local_turns, python_client, received, text_of
from tests.fakes.upstream import CallTool, Say, credit_balance

pytestmark = pytest.mark.clients


def anthropic_model(stack: Stack) -> tuple[Any, Any]:
    """pydantic-ai's Anthropic model at Trooper, and the SDK client to close."""
    from anthropic import AsyncAnthropic
    from pydantic_ai.models.anthropic import AnthropicModel
    from pydantic_ai.providers.anthropic import AnthropicProvider

    client = AsyncAnthropic(api_key="sk-ant-api03-client-key", base_url=stack.proxy.url)
    provider = AnthropicProvider(anthropic_client=client)
    return AnthropicModel("claude-sonnet-4-6", provider=provider), client


def openai_chat_model(stack: Stack) -> tuple[Any, Any]:
    """pydantic-ai's OpenAI chat model at Trooper, and the SDK client to close."""
    from openai import AsyncOpenAI
    from pydantic_ai.models.openai import OpenAIChatModel
    from pydantic_ai.providers.openai import OpenAIProvider

    client = AsyncOpenAI(base_url=stack.proxy.url + "/v1", api_key="sk-client-key")
    return OpenAIChatModel("gpt-4o-mini", provider=OpenAIProvider(openai_client=client)), client


Session = Callable[[Callable[[Any], Awaitable[None]]], None]


@pytest.fixture(params=[anthropic_model, openai_chat_model], ids=["anthropic", "openai-chat"])
def session(request: pytest.FixtureRequest, stack: Stack) -> Session:
    """Run ``script(agent)`` on a fresh loop with an agent of the parametrised model."""
    python_client("pydantic_ai")

    def run(script: Callable[[Any], Awaitable[None]]) -> None:
        async def main() -> None:
            model, client = request.param(stack)
            try:
                await script(build_agent(model))
            finally:
                await client.close()

        asyncio.run(main())

    return run


def build_agent(model: Any) -> Any:
    from pydantic_ai import Agent

    agent = Agent(model, instructions="You are a careful assistant.")

    @agent.tool_plain
    def shell(command: str) -> str:
        """Run a shell command and return what it printed."""
        done = subprocess.run(
            command, shell=True, capture_output=True, text=True, timeout=30, check=False
        )
        return done.stdout

    return agent


def marker(name: str) -> CallTool:
    """A call of the agent's shell tool printing what only running it prints (``name``-42)."""
    return CallTool("shell", {"command": f"echo {name}-$((6*7))"})


def test_cloud_turn_then_the_local_model_continues_streaming(
    session: Session, stack: Stack
) -> None:
    stack.cloud.always(Say())
    stack.local.always(Say())
    outputs: list[str] = []
    pieces: list[str] = []

    async def script(agent: Any) -> None:
        first = await agent.run("Remember the codeword OSPREY-3.")
        outputs.append(first.output)
        assert stack.local.count() == 0
        stack.cloud.always(credit_balance())
        history = first.all_messages()
        async with agent.run_stream("What was the codeword?", message_history=history) as run:
            pieces.extend([p async for p in run.stream_text(delta=True, debounce_by=None)])
            outputs.append(await run.get_output())

    session(script)
    first, output = outputs
    assert first == "anthropic says: Remember the codeword OSPREY-3."
    assert received(stack.cloud, "OSPREY-3")
    assert output == "ollama says: What was the codeword?"
    assert len(pieces) > 1 and "".join(pieces) == output
    assert received(stack.cloud, "What was the codeword?")
    served = received(stack.local, "What was the codeword?")
    assert served and all(r.stream for r in served)
    assert "OSPREY-3" in text_of(served[0])
    assert first in local_turns(served[0], "assistant")


def test_shell_round_trip_on_the_cloud_and_after_the_fallback(
    session: Session, stack: Stack
) -> None:
    outputs: list[str] = []

    async def script(agent: Any) -> None:
        stack.cloud.always(marker("cloud"))
        first = await agent.run("Run the marker command.")
        outputs.append(first.output)
        stack.cloud.always(credit_balance())
        stack.local.always(marker("local"))
        second = await agent.run("Run it again.", message_history=first.all_messages())
        outputs.append(second.output)

    session(script)
    assert outputs == [
        "anthropic got tool result: cloud-42\n",
        "ollama got tool result: local-42\n",
    ]
    assert received(stack.cloud, "cloud-42")
    answered = [
        r for r in stack.local.requests if r.body and r.body["messages"][-1]["role"] == "tool"
    ]
    assert answered, "the local model never got the shell result"
    assert local_turns(answered[-1], "tool")[-1] == "local-42\n"
    assert "cloud-42" in text_of(answered[-1])
