"""The gateway through the official SDKs: every inbound dialect against every upstream,
streaming and not, with system prompts, tools and images.

Each upstream is a real HTTP server on 127.0.0.1 speaking that provider's wire format; the
proxy is a real server; the clients are the official ``anthropic`` and ``openai`` packages.
"""

from __future__ import annotations

import base64
from collections.abc import Callable

import anthropic
import openai
import pytest

from tests.conftest import Proxy, fake_env
from tests.fakes.upstream import FakeUpstream, credit_balance

# upstream name -> (fake key, cloud keys set, extra settings)
UPSTREAMS: dict[str, tuple[str, tuple[str, ...]]] = {
    "claude": ("anthropic", ("claude",)),
    "openai": ("openai", ("openai",)),
    "gemini": ("gemini", ("gemini",)),
    "ollama": ("ollama", ()),
    "local_openai": ("local_openai", ()),
}
PROVIDER_HEADER = {
    "claude": "claude",
    "openai": "openai",
    "gemini": "gemini",
    "ollama": "ollama",
    "local_openai": "ollama",
}
# The fake's name for itself in its answers.
FAKE_API = {
    "anthropic": "anthropic",
    "openai": "openai",
    "gemini": "gemini",
    "ollama": "ollama",
    "local_openai": "openai",
}
PNG = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\x00" * 32).decode()

ProxyFactory = Callable[[dict[str, str]], Proxy]


def _proxy(
    upstream: str, fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> tuple[Proxy, FakeUpstream]:
    fake_key, keys = UPSTREAMS[upstream]
    env = fake_env(fakes, keys=keys)
    if upstream == "local_openai":
        env["FALLBACK_URL"] = fakes["local_openai"].url + "/v1/chat/completions"
    return proxy_factory(env), fakes[fake_key]


def _anthropic(proxy: Proxy) -> anthropic.Anthropic:
    return proxy.anthropic()


def _openai(proxy: Proxy) -> openai.OpenAI:
    return proxy.openai()


@pytest.mark.parametrize("upstream", list(UPSTREAMS))
def test_anthropic_sdk_non_stream(
    upstream: str, fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    proxy, fake = _proxy(upstream, fakes, proxy_factory)
    raw = _anthropic(proxy).messages.with_raw_response.create(
        model="claude-sonnet-4-6",
        max_tokens=100,
        system="You are terse.",
        messages=[{"role": "user", "content": "Hello there"}],
    )
    message = raw.parse()
    api = FAKE_API[UPSTREAMS[upstream][0]]
    assert message.content[0].type == "text"
    assert message.content[0].text == f"{api} says: Hello there"
    assert message.usage.input_tokens > 0 and message.usage.output_tokens > 0
    assert raw.headers["x-trooper-provider"] == PROVIDER_HEADER[upstream]
    assert raw.headers["x-trooper-summary"] == f"{PROVIDER_HEADER[upstream]} (direct) ✓"
    assert fake.count() == 1
    sent = fake.requests[-1]
    assert "You are terse." in str(sent.body)
    assert message.model == fake_model(fake)


def fake_model(fake: FakeUpstream) -> str:
    """The model the fake was last asked for (and so names in its answer)."""
    rec = fake.requests[-1]
    if rec.body and isinstance(rec.body.get("model"), str):
        return str(rec.body["model"])
    return rec.path.split("/models/")[1].split(":")[0]


@pytest.mark.parametrize("upstream", list(UPSTREAMS))
def test_anthropic_sdk_stream(
    upstream: str, fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    proxy, fake = _proxy(upstream, fakes, proxy_factory)
    client = _anthropic(proxy)
    with client.messages.stream(
        model="claude-sonnet-4-6",
        max_tokens=100,
        messages=[{"role": "user", "content": "Stream please"}],
    ) as stream:
        texts = list(stream.text_stream)
        final = stream.get_final_message()
    api = FAKE_API[UPSTREAMS[upstream][0]]
    assert "".join(texts) == f"{api} says: Stream please"
    assert len(texts) > 1, "the answer arrives in pieces, not buffered"
    assert final.stop_reason == "end_turn"
    assert final.usage.output_tokens > 0
    assert fake.count() == 1


@pytest.mark.parametrize("upstream", list(UPSTREAMS))
def test_openai_sdk_non_stream(
    upstream: str, fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    proxy, fake = _proxy(upstream, fakes, proxy_factory)
    raw = _openai(proxy).chat.completions.with_raw_response.create(
        model="gpt-4o-mini",
        messages=[
            {"role": "system", "content": "You are terse."},
            {"role": "user", "content": "Hi from OpenAI"},
        ],
    )
    completion = raw.parse()
    api = FAKE_API[UPSTREAMS[upstream][0]]
    assert completion.choices[0].message.content == f"{api} says: Hi from OpenAI"
    assert completion.choices[0].finish_reason == "stop"
    assert completion.usage is not None and completion.usage.total_tokens > 0
    assert raw.headers["x-trooper-provider"] == PROVIDER_HEADER[upstream]
    assert fake.count() == 1
    assert "You are terse." in str(fake.requests[-1].body)


@pytest.mark.parametrize("upstream", list(UPSTREAMS))
def test_openai_sdk_stream_with_usage(
    upstream: str, fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    proxy, fake = _proxy(upstream, fakes, proxy_factory)
    stream = _openai(proxy).chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": "Count to three"}],
        stream=True,
        stream_options={"include_usage": True},
    )
    chunks = list(stream)
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    api = FAKE_API[UPSTREAMS[upstream][0]]
    assert text == f"{api} says: Count to three"
    assert chunks[-1].usage is not None and chunks[-1].usage.completion_tokens > 0
    assert [c.choices[0].finish_reason for c in chunks if c.choices][-1] == "stop"
    assert fake.count() == 1


TOOL = {
    "name": "lookup",
    "description": "Look a thing up",
    "input_schema": {"type": "object", "properties": {"input": {"type": "string"}}},
}


@pytest.mark.parametrize("upstream", list(UPSTREAMS))
def test_anthropic_tool_round_trip(
    upstream: str, fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    proxy, fake = _proxy(upstream, fakes, proxy_factory)
    client = _anthropic(proxy)
    first = client.messages.create(
        model="claude-sonnet-4-6",
        max_tokens=100,
        tools=[TOOL],  # type: ignore[list-item]
        messages=[{"role": "user", "content": "find trooper"}],
    )
    assert first.stop_reason == "tool_use"
    call = next(b for b in first.content if b.type == "tool_use")
    assert call.name == "lookup" and call.input == {"input": "find trooper"}
    second = client.messages.create(
        model="claude-sonnet-4-6",
        max_tokens=100,
        tools=[TOOL],  # type: ignore[list-item]
        messages=[
            {"role": "user", "content": "find trooper"},
            {"role": "assistant", "content": first.content},  # type: ignore[typeddict-item]
            {
                "role": "user",
                "content": [{"type": "tool_result", "tool_use_id": call.id, "content": "42"}],
            },
        ],
    )
    api = FAKE_API[UPSTREAMS[upstream][0]]
    assert second.content[0].text == f"{api} got tool result: 42"  # type: ignore[union-attr]
    assert fake.count() == 2


@pytest.mark.parametrize("upstream", list(UPSTREAMS))
def test_openai_tool_round_trip_streaming(
    upstream: str, fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    proxy, fake = _proxy(upstream, fakes, proxy_factory)
    client = _openai(proxy)
    tools = [
        {
            "type": "function",
            "function": {
                "name": "lookup",
                "description": "Look a thing up",
                "parameters": TOOL["input_schema"],
            },
        }
    ]
    with client.chat.completions.stream(
        model="gpt-4o-mini",
        tools=tools,  # type: ignore[arg-type]
        messages=[{"role": "user", "content": "find trooper"}],
    ) as stream:
        final = stream.get_final_completion()
    message = final.choices[0].message
    assert final.choices[0].finish_reason == "tool_calls"
    assert message.tool_calls and message.tool_calls[0].function.name == "lookup"
    call = message.tool_calls[0]
    second = client.chat.completions.create(
        model="gpt-4o-mini",
        tools=tools,  # type: ignore[arg-type]
        messages=[
            {"role": "user", "content": "find trooper"},
            {
                "role": "assistant",
                "content": None,
                "tool_calls": [
                    {
                        "id": call.id,
                        "type": "function",
                        "function": {"name": "lookup", "arguments": call.function.arguments},
                    }
                ],
            },
            {"role": "tool", "tool_call_id": call.id, "content": "42"},
        ],
    )
    api = FAKE_API[UPSTREAMS[upstream][0]]
    assert second.choices[0].message.content == f"{api} got tool result: 42"
    assert fake.count() == 2


@pytest.mark.parametrize("upstream", list(UPSTREAMS))
def test_image_reaches_every_upstream(
    upstream: str, fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    proxy, fake = _proxy(upstream, fakes, proxy_factory)
    message = _anthropic(proxy).messages.create(
        model="claude-sonnet-4-6",
        max_tokens=100,
        messages=[
            {
                "role": "user",
                "content": [
                    {
                        "type": "image",
                        "source": {"type": "base64", "media_type": "image/png", "data": PNG},
                    },
                    {"type": "text", "text": "What is this?"},
                ],
            }
        ],
    )
    api = FAKE_API[UPSTREAMS[upstream][0]]
    assert message.content[0].text == f"{api} sees an image (image/png)"  # type: ignore[union-attr]
    assert PNG in str(fake.requests[-1].body)


def test_same_dialect_keeps_unknown_fields(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    proxy, fake = _proxy("claude", fakes, proxy_factory)
    _anthropic(proxy).messages.create(
        model="claude-sonnet-4-6",
        max_tokens=100,
        messages=[{"role": "user", "content": "hi"}],
        metadata={"user_id": "u-1"},
        extra_body={"context_management": {"edits": []}, "output_config": {"effort": "low"}},
    )
    body = fake.requests[-1].body
    assert body is not None
    assert body["metadata"] == {"user_id": "u-1"}
    assert body["context_management"] == {"edits": []}
    assert body["output_config"] == {"effort": "low"}
    assert body["model"] == "claude-sonnet-4-6"


def test_curl_reads_the_trooper_headers(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    """The seed's curl example, verbatim but for the port: headers with → and ✓ read fine."""
    import shutil
    import subprocess

    curl = shutil.which("curl")
    assert curl, "curl is needed for this test"
    fakes["anthropic"].always(credit_balance())
    proxy, _ = _proxy("claude", fakes, proxy_factory)
    result = subprocess.run(
        [
            curl,
            "-s",
            "-D",
            "-",
            "-o",
            "/dev/null",
            f"{proxy.url}/",
            "-H",
            "Content-Type: application/json",
            "-H",
            "X-Session-ID: my-session",
            "-d",
            '{"model": "claude-haiku-4-5", "messages": [{"role": "user", "content": "Hello!"}]}',
        ],
        capture_output=True,
        timeout=30,
        check=True,
    )
    headers = result.stdout.decode("utf-8")
    assert "X-Trooper-Provider: ollama" in headers
    assert "X-Trooper-Summary: claude → ollama (credit_balance)" in headers


@pytest.mark.parametrize(
    ("requested", "sent"),
    [
        ("qwen3-coder-plus", "claude-sonnet-4-6"),  # Qwen Code's own default model
        ("llama3.2", "claude-sonnet-4-6"),
        ("claude-haiku-4-5", "claude-haiku-4-5"),
        ("anthropic/claude-haiku-4-5", "claude-haiku-4-5"),  # a provider-prefixed name
    ],
)
def test_a_model_of_no_provider_gets_the_default_model(
    requested: str, sent: str, fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    """A client's own default model that no provider serves (Qwen Code sends
    ``qwen3-coder-plus``) would be a 404 at Claude: each provider gets its ``*_MODEL``."""
    env = fake_env(fakes, keys=("claude",))
    env["CLAUDE_MODEL"] = "claude-sonnet-4-6"
    proxy = proxy_factory(env)
    answer = _openai(proxy).chat.completions.create(
        model=requested, messages=[{"role": "user", "content": "Review this plan for our API."}]
    )
    assert answer.choices[0].message.content
    assert fakes["anthropic"].requests[-1].body["model"] == sent


@pytest.mark.parametrize(
    ("requested", "sent"),
    [("ft:gpt-4o-mini:acme::abc123", "ft:gpt-4o-mini:acme::abc123"), ("openai/gpt-5", "gpt-5")],
)
def test_openai_model_names_go_to_openai_first(
    requested: str, sent: str, fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    proxy = proxy_factory(fake_env(fakes, keys=("claude", "openai")))
    raw = _openai(proxy).chat.completions.with_raw_response.create(
        model=requested, messages=[{"role": "user", "content": "Review this plan for our API."}]
    )
    assert raw.headers["x-trooper-provider"] == "openai"
    assert fakes["openai"].requests[-1].body["model"] == sent
    assert fakes["anthropic"].count() == 0
