"""What real clients send beyond text reaches every target: carried, or given as text, never a
400 and never silently emptied. Official SDKs against fake upstreams on loopback."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.conftest import Proxy, fake_env
from tests.fakes.upstream import FakeUpstream, credit_balance
from trooper.translate._common import DROPPED

ProxyFactory = Callable[[dict[str, str]], Proxy]
PDF = "JVBERi0xLjQKJcOkw7zDtsOfCg=="  # "%PDF-1.4" and a binary comment line, base64

DOCUMENTS: list[object] = [
    {
        "type": "document",
        "source": {"type": "text", "media_type": "text/plain", "data": "The launch is on May 4."},
        "title": "plan.txt",
    },
    {
        "type": "document",
        "source": {"type": "base64", "media_type": "application/pdf", "data": PDF},
        "title": "contract.pdf",
    },
    {
        "type": "search_result",
        "source": "https://docs.example/faq",
        "title": "FAQ",
        "content": [{"type": "text", "text": "Refunds take 5 days."}],
    },
    {"type": "text", "text": "When is the launch?"},
]


@pytest.fixture
def proxy(fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(fake_env(fakes, keys=("claude", "openai")))


def ollama_texts(fakes: dict[str, FakeUpstream]) -> list[tuple[str, str]]:
    body = fakes["ollama"].requests[-1].body
    assert body is not None
    return [(m["role"], m["content"]) for m in body["messages"]]  # type: ignore[index,union-attr]


def test_documents_reach_claude_as_sent(proxy: Proxy, fakes: dict[str, FakeUpstream]) -> None:
    messages = [{"role": "user", "content": DOCUMENTS}]
    answer = proxy.anthropic().messages.create(
        model="claude-sonnet-4-6",
        max_tokens=64,
        messages=messages,  # type: ignore[arg-type]
    )
    assert answer.content
    sent = fakes["anthropic"].requests[-1].body
    assert sent is not None and sent["messages"] == messages


def test_documents_reach_the_local_model_as_text(
    proxy: Proxy, fakes: dict[str, FakeUpstream]
) -> None:
    fakes["anthropic"].always(credit_balance())
    fakes["openai"].always(credit_balance())
    before = sum(n for (feature, target), n in DROPPED.items() if target == "ollama")
    tool_result_doc = {
        "type": "tool_result",
        "tool_use_id": "toolu_1",
        "content": [
            {
                "type": "document",
                "source": {"type": "text", "media_type": "text/plain", "data": "line 1 of log"},
            }
        ],
    }
    response = proxy.anthropic().messages.with_raw_response.create(
        model="claude-sonnet-4-6",
        max_tokens=64,
        messages=[
            {"role": "user", "content": "read the log"},
            {
                "role": "assistant",
                "content": [{"type": "tool_use", "id": "toolu_1", "name": "read", "input": {}}],
            },
            {"role": "user", "content": [tool_result_doc, *DOCUMENTS]},  # type: ignore[list-item]
        ],
    )
    assert response.headers["x-trooper-provider"] == "ollama"
    texts = ollama_texts(fakes)
    assert ("tool", "[Document]\nline 1 of log") in texts  # never an empty tool result
    user = texts[-1][1]
    assert '[Document "plan.txt"]\nThe launch is on May 4.' in user
    assert '[application/pdf document "contract.pdf" not shown' in user
    assert '[Document "FAQ" (https://docs.example/faq)]\nRefunds take 5 days.' in user
    assert user.endswith("When is the launch?")
    after = sum(n for (feature, target), n in DROPPED.items() if target == "ollama")
    assert after > before  # the PDF the local model could not read is counted
    metrics = proxy_metrics(proxy)
    assert 'trooper_dropped_features_total{feature="pdf",target="ollama"}' in metrics


def proxy_metrics(proxy: Proxy) -> str:
    import urllib.request

    with urllib.request.urlopen(proxy.url + "/metrics", timeout=10) as response:
        return str(response.read().decode())


def test_an_openai_pdf_file_reaches_claude_as_a_document(
    proxy: Proxy, fakes: dict[str, FakeUpstream]
) -> None:
    answer = proxy.openai().chat.completions.create(
        model="claude-sonnet-4-6",
        messages=[
            {
                "role": "user",
                "content": [
                    {
                        "type": "file",
                        "file": {
                            "filename": "contract.pdf",
                            "file_data": f"data:application/pdf;base64,{PDF}",
                        },
                    },
                    {"type": "text", "text": "Summarise it."},
                ],
            }
        ],
    )
    assert answer.choices[0].message.content
    sent = fakes["anthropic"].requests[-1].body
    assert sent is not None
    blocks = sent["messages"][0]["content"]  # type: ignore[index,call-overload]
    assert blocks[0] == {
        "type": "document",
        "source": {"type": "base64", "media_type": "application/pdf", "data": PDF},
        "title": "contract.pdf",
    }
    assert blocks[1] == {"type": "text", "text": "Summarise it."}


def test_openai_files_and_audio_pass_through_to_openai(
    proxy: Proxy, fakes: dict[str, FakeUpstream]
) -> None:
    content = [
        {"type": "input_audio", "input_audio": {"data": "UklGRg==", "format": "wav"}},
        {"type": "file", "file": {"file_id": "file-abc123"}},
        {"type": "text", "text": "What is said?"},
    ]
    proxy.openai().chat.completions.create(
        model="gpt-4o-audio-preview",
        messages=[{"role": "user", "content": content}],  # type: ignore[misc,list-item]
    )
    sent = fakes["openai"].requests[-1].body
    assert sent is not None and sent["messages"] == [{"role": "user", "content": content}]


def test_audio_reaches_the_local_model_as_a_note(
    proxy: Proxy, fakes: dict[str, FakeUpstream]
) -> None:
    fakes["anthropic"].always(credit_balance())
    fakes["openai"].always(credit_balance())
    response = proxy.openai().chat.completions.with_raw_response.create(
        model="claude-sonnet-4-6",
        messages=[
            {
                "role": "user",
                "content": [
                    {"type": "input_audio", "input_audio": {"data": "UklGRg==", "format": "wav"}},
                    {"type": "text", "text": "What is said?"},
                ],
            }
        ],
    )
    assert response.headers["x-trooper-provider"] == "ollama"
    assert ollama_texts(fakes)[-1] == (
        "user",
        "[audio/wav audio not shown: this model cannot read it]\nWhat is said?",
    )


def test_legacy_functions_reach_claude_as_tools(
    proxy: Proxy, fakes: dict[str, FakeUpstream]
) -> None:
    """``functions``, ``function_call`` and ``role: function`` (the pre-tools API)."""
    answer = proxy.openai().chat.completions.create(
        model="claude-sonnet-4-6",
        messages=[
            {"role": "user", "content": "Weather in Paris?"},
            {
                "role": "assistant",
                "content": None,
                "function_call": {"name": "weather", "arguments": '{"city": "Paris"}'},
            },
            {"role": "function", "name": "weather", "content": "18C and sunny"},
        ],
        functions=[
            {
                "name": "weather",
                "description": "Weather by city",
                "parameters": {"type": "object", "properties": {"city": {"type": "string"}}},
            }
        ],
        function_call="auto",
    )
    assert "18C and sunny" in (answer.choices[0].message.content or "")
    sent = fakes["anthropic"].requests[-1].body
    assert sent is not None
    assert sent["tools"] == [
        {
            "name": "weather",
            "description": "Weather by city",
            "input_schema": {"type": "object", "properties": {"city": {"type": "string"}}},
        }
    ]
    assert sent["tool_choice"] == {"type": "auto"}
    call, result = sent["messages"][1], sent["messages"][2]  # type: ignore[index]
    assert call["content"][0]["type"] == "tool_use"  # type: ignore[index,call-overload]
    assert result["content"][0] == {  # type: ignore[index,call-overload]
        "type": "tool_result",
        "tool_use_id": call["content"][0]["id"],  # type: ignore[index,call-overload]
        "content": [{"type": "text", "text": "18C and sunny"}],
    }


@pytest.mark.parametrize(
    ("path", "envelope"),
    [
        ("/v1/embeddings", "openai"),
        ("/v1/completions", "openai"),
        ("/v1/audio/speech", "openai"),
        ("/v1/messages/batches", "anthropic"),
        ("/v1/complete", "anthropic"),
    ],
)
def test_unknown_routes_answer_in_the_dialect_of_their_path(
    proxy: Proxy, path: str, envelope: str
) -> None:
    import json
    import urllib.error
    import urllib.request

    request = urllib.request.Request(proxy.url + path, data=b"{}", method="POST")
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(request, timeout=10)
    assert info.value.code == 404
    body = json.loads(info.value.read())
    if envelope == "openai":
        assert set(body) == {"error"}  # OpenAI's envelope: no top-level "type"
        assert "No route" in body["error"]["message"]
    else:
        assert body["type"] == "error" and body["error"]["type"] == "not_found_error"
