"""The Vercel AI SDK (``ai`` with ``@ai-sdk/anthropic`` and ``@ai-sdk/openai``), as an app uses it.

``clients/ai-sdk-app.mjs`` is such an app: ``generateText``, ``streamText`` and a tool loop
(``stopWhen: stepCountIs(3)``) on one of the SDK's three ways in: the Anthropic provider
(Messages), the OpenAI provider's default (Responses) and ``openai.chat`` (Chat Completions).
Each way in makes its three calls on the cloud (the fake Claude), then again once the cloud is out
of credit and the local model answers, and the SDK must read every answer as its own API's.
"""

from __future__ import annotations

import json
import shutil
from typing import Any

import pytest

from tests.clients.conftest import ROOT, Stack, missing, received
from tests.fakes.upstream import FakeUpstream, credit_balance

pytestmark = pytest.mark.clients

APP = ROOT / "clients" / "ai-sdk-app.mjs"
CALLS = ("generate", "stream", "tool")


def app(stack: Stack, provider: str, call: str, prompt: str) -> dict[str, Any]:
    """Run the app once; what it printed."""
    node = shutil.which("node") or ""
    if not node:
        missing("node is not on the PATH")
    if not (ROOT / "clients" / "node_modules" / "ai" / "package.json").exists():
        missing("the AI SDK is not installed (run `npm install --prefix clients`)")
    command = [node, APP, provider, call, stack.proxy.url + "/v1", prompt]
    done = stack.run(command, stack.env(), timeout=60)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def check(result: dict[str, Any], call: str, upstream: FakeUpstream, said: str, word: str) -> None:
    """The answer the SDK read for ``call``, served by ``upstream`` (its texts start ``said``)."""
    steps = result["steps"]
    if call == "tool":
        first, _ = steps
        assert first["finishReason"] == "tool-calls"
        assert first["toolCalls"] == [{"name": "lookup", "input": {"input": f"Define {word}"}}]
        assert first["toolResults"] == [f"glossary entry for Define {word}: ran-42"]
        assert result["text"] == f"{said} got tool result: glossary entry for Define {word}: ran-42"
        # the tool's result went back to the upstream that asked for it
        assert received(upstream, f"glossary entry for Define {word}: ran-42")
    else:
        assert [s["finishReason"] for s in steps] == ["stop"]
        assert result["text"] == f"{said} says: Define {word}"
        assert received(upstream, f"Define {word}")
    if call == "stream":
        assert result["chunks"] > 1  # streamed, not one late piece
    usage = result["usage"]
    assert usage["inputTokens"] > 0 and usage["outputTokens"] > 0


@pytest.mark.parametrize("provider", ["anthropic", "openai", "openai-chat"])
def test_ai_sdk_on_the_cloud_then_after_the_fallback(stack: Stack, provider: str) -> None:
    for call in CALLS:
        word = f"cloud-{call}"
        check(app(stack, provider, call, f"Define {word}"), call, stack.cloud, "anthropic", word)
    assert not received(stack.local)

    stack.cloud.always(credit_balance())
    for call in CALLS:
        word = f"local-{call}"
        check(app(stack, provider, call, f"Define {word}"), call, stack.local, "ollama", word)


@pytest.mark.parametrize("provider", ["anthropic", "openai", "openai-chat"])
def test_ai_sdk_with_the_router_on(routed_stack: Stack, provider: str) -> None:
    # the default setting: a simple turn is answered by the local model and never reaches the
    # cloud, also when typed with a run of spaces; a turn that needs the cloud goes there, and so
    # does a simple one sent with tools
    stack = routed_stack
    for call in ("generate", "stream"):
        for prompt in ("What is the capital of France?", "What is" + " " * 300 + "2 + 2?"):
            result = app(stack, provider, call, prompt)
            assert result["text"] == f"ollama says: {prompt}"
    assert not received(stack.cloud)
    prompt = "Explain why goroutines are better than threads"
    for call in ("generate", "stream"):
        assert app(stack, provider, call, prompt)["text"] == f"anthropic says: {prompt}"
    result = app(stack, provider, "tool", "Define router-tool")
    assert result["steps"][0]["finishReason"] == "tool-calls"
    assert received(stack.cloud, "glossary entry for Define router-tool: ran-42")
