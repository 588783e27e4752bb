"""Structured output, reasoning and sampling settings survive translation: each reaches every
target in that target's own form (official SDKs against fake upstreams on loopback)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.conftest import Proxy, fake_env
from tests.fakes.upstream import FakeUpstream
from trooper.model.conversation import JSONObject

ProxyFactory = Callable[[dict[str, str]], Proxy]
SCHEMA: JSONObject = {
    "type": "object",
    "properties": {"city": {"type": "string"}, "population": {"type": "integer"}},
    "required": ["city", "population"],
    "additionalProperties": False,
}
JSON_SCHEMA_FORMAT = {
    "type": "json_schema",
    "json_schema": {"name": "city", "schema": SCHEMA, "strict": True},
}
# upstream -> (fake, cloud keys, model asked for)
TARGETS: dict[str, tuple[str, tuple[str, ...], str]] = {
    "claude": ("anthropic", ("claude",), "claude-sonnet-4-6"),
    "gemini": ("gemini", ("gemini",), "gemini-2.5-flash"),
    "ollama": ("ollama", (), "qwen2.5:3b"),
    "local_openai": ("local_openai", (), "qwen2.5:3b"),
}


def start(
    target: str, fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> tuple[Proxy, FakeUpstream, str]:
    fake, keys, model = TARGETS[target]
    env = fake_env(fakes, keys=keys)
    if target == "local_openai":
        env["FALLBACK_URL"] = fakes["local_openai"].url + "/v1/chat/completions"
    return proxy_factory(env), fakes[fake], model


def sent(fake: FakeUpstream) -> JSONObject:
    body = fake.requests[-1].body
    assert body is not None
    return body


EXPECTED_FORMAT: dict[str, Callable[[JSONObject], object]] = {
    "claude": lambda b: b["output_config"],
    "gemini": lambda b: {
        k: v
        for k, v in b["generationConfig"].items()  # type: ignore[union-attr]
        if k.startswith("response")
    },
    "ollama": lambda b: b["format"],
    "local_openai": lambda b: b["response_format"],
}
WANTED_FORMAT: dict[str, object] = {
    "claude": {"format": {"type": "json_schema", "schema": SCHEMA}},
    "gemini": {"responseMimeType": "application/json", "responseJsonSchema": SCHEMA},
    "ollama": SCHEMA,
    "local_openai": JSON_SCHEMA_FORMAT,
}


@pytest.mark.parametrize("target", list(TARGETS))
def test_openai_json_schema_reaches_every_target(
    target: str, fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    proxy, fake, model = start(target, fakes, proxy_factory)
    proxy.openai().chat.completions.create(
        model=model,
        messages=[{"role": "user", "content": "Largest city in Japan, as JSON."}],
        response_format=JSON_SCHEMA_FORMAT,  # type: ignore[arg-type]
    )
    assert EXPECTED_FORMAT[target](sent(fake)) == WANTED_FORMAT[target]


def test_json_object_mode_reaches_the_local_model(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    proxy, fake, model = start("ollama", fakes, proxy_factory)
    proxy.openai().chat.completions.create(
        model=model,
        messages=[{"role": "user", "content": "A JSON object with a greeting."}],
        response_format={"type": "json_object"},
    )
    assert sent(fake)["format"] == "json"


def test_anthropic_output_format_reaches_the_local_model(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    proxy, fake, _ = start("ollama", fakes, proxy_factory)
    proxy.anthropic().messages.create(
        model="claude-sonnet-4-6",
        max_tokens=256,
        messages=[{"role": "user", "content": "Largest city in Japan, as JSON."}],
        extra_body={"output_config": {"format": {"type": "json_schema", "schema": SCHEMA}}},
    )
    assert sent(fake)["format"] == SCHEMA


def test_reasoning_effort_becomes_claude_thinking(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    proxy, fake, model = start("claude", fakes, proxy_factory)
    proxy.openai().chat.completions.create(
        model=model,
        messages=[{"role": "user", "content": "Prove there are infinitely many primes."}],
        reasoning_effort="medium",
        max_completion_tokens=4000,
    )
    body = sent(fake)
    assert body["thinking"] == {"type": "enabled", "budget_tokens": 8192}
    assert isinstance(body["max_tokens"], int) and body["max_tokens"] > 8192


def test_claude_thinking_becomes_gemini_thinking(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    proxy, fake, model = start("gemini", fakes, proxy_factory)
    proxy.anthropic().messages.create(
        model=model,
        max_tokens=30000,
        messages=[{"role": "user", "content": "Prove there are infinitely many primes."}],
        thinking={"type": "enabled", "budget_tokens": 20000},
    )
    config = sent(fake)["generationConfig"]
    assert config["thinkingConfig"] == {"thinkingBudget": 24576}  # type: ignore[index,call-overload]


def test_parallel_tool_calls_off_reaches_claude(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    proxy, fake, model = start("claude", fakes, proxy_factory)
    proxy.openai().chat.completions.create(
        model=model,
        messages=[{"role": "user", "content": "Weather in Paris and Rome?"}],
        tools=[
            {
                "type": "function",
                "function": {
                    "name": "weather",
                    "parameters": {"type": "object", "properties": {}},
                    "strict": True,
                },
            }
        ],
        parallel_tool_calls=False,
    )
    body = sent(fake)
    assert body["tool_choice"] == {"type": "auto", "disable_parallel_tool_use": True}
    assert body["tools"][0]["strict"] is True  # type: ignore[index,call-overload]


def test_sampling_settings_reach_ollama_options(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    proxy, fake, model = start("ollama", fakes, proxy_factory)
    proxy.openai().chat.completions.create(
        model=model,
        messages=[{"role": "user", "content": "A haiku about rain."}],
        seed=42,
        frequency_penalty=0.5,
        presence_penalty=0.25,
        extra_body={"top_k": 20},
    )
    options = sent(fake)["options"]
    assert isinstance(options, dict)
    assert (options["seed"], options["top_k"]) == (42, 20)
    assert (options["frequency_penalty"], options["presence_penalty"]) == (0.5, 0.25)
    assert "think" not in sent(fake)


@pytest.mark.parametrize(("target", "caveat"), [("ollama", True), ("local_openai", False)])
def test_a_forced_tool_the_local_model_cannot_force_is_said(
    target: str, caveat: bool, fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    proxy, _, model = start(target, fakes, proxy_factory)
    response = proxy.openai().chat.completions.with_raw_response.create(
        model=model,
        messages=[{"role": "user", "content": "Weather in Paris?"}],
        tools=[
            {
                "type": "function",
                "function": {"name": "weather", "parameters": {"type": "object"}},
            }
        ],
        tool_choice="required",
    )
    decision = response.headers["x-trooper-decision"]
    assert decision.endswith(" | tool choice not enforced") is caveat, decision
