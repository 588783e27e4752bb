"""Continue's CLI (``cn -p``, headless) speaking Anthropic Messages to Trooper.

``cn`` reads its model from a ``config.yaml`` whose ``apiBase`` is Trooper. Its turn goes to the
cloud (the fake Claude) with a ``Bash`` round trip that ``cn`` really runs (``--auto`` allows its
tools); then the session, resumed once the cloud runs out of credit (``--resume``), goes to the
local model with the earlier turns and another round trip.
"""

from __future__ import annotations

import pytest

from tests.clients.conftest import Stack, npm_client, received, text_of
from tests.fakes.upstream import CallTool, credit_balance

pytestmark = pytest.mark.clients

MODEL = "claude-sonnet-4-6"


def cn(stack: Stack, prompt: str, *options: str) -> str:
    """Run ``cn -p`` with its model's ``apiBase`` at Trooper; what it printed."""
    config = stack.project / "config.yaml"
    config.write_text(
        "name: trooper\nversion: 1.0.0\nschema: v1\nmodels:\n"
        f"  - name: claude\n    provider: anthropic\n    model: {MODEL}\n"
        f"    apiKey: sk-ant-client-key\n    apiBase: {stack.proxy.url}/v1\n"
        "    roles: [chat, edit, apply]\n"
    )
    command = [npm_client("cn"), "-p", "--config", config, "--auto", *options, prompt]
    return stack.run(command, stack.env(), timeout=180).stdout.strip()


def marker(name: str) -> CallTool:
    """A call of ``cn``'s Bash tool printing what only running it prints (``name``-42)."""
    return CallTool("Bash", {"command": f"echo {name}-$((6*7))"})


def test_bash_turn_on_the_cloud_then_resumed_after_the_fallback(stack: Stack) -> None:
    stack.cloud.always(marker("cloud"))
    first = cn(stack, "Remember the codeword OSPREY-3, then run the marker command.")
    assert first == "anthropic got tool result: cloud-42"  # the result of really running it
    asked = received(stack.cloud, "OSPREY-3")
    assert asked and all(r.body and r.body["model"] == MODEL for r in asked)
    assert not received(stack.local)

    stack.cloud.always(credit_balance())
    stack.local.always(marker("local"))
    second = cn(stack, "What was the codeword? Run the marker command again.", "--resume")
    assert second == "ollama got tool result: local-42"
    # The cloud was asked first (and refused); the local model got the whole session.
    assert received(stack.cloud, "What was the codeword?")
    answered = received(stack.local, "What was the codeword?", "local-42")
    assert answered, "the local model never got the Bash result"
    context = text_of(answered[-1])
    assert "OSPREY-3" in context and "cloud-42" in context
