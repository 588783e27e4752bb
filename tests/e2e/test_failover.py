"""The failure table, through the official SDKs, against a fault-injecting fake Claude.

For each fault: what the client receives, how many attempts each upstream saw, how long it
took, and that the proxy still serves afterwards.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import anthropic
import pytest

from tests.conftest import FakeClock, Proxy, fake_env
from tests.fakes import bodies
from tests.fakes.upstream import (
    CutStream,
    Error,
    ErrorEvent,
    FakeUpstream,
    Hang,
    MalformedChunk,
    NoDone,
    Ok,
    Reset,
    SlowFirstToken,
    Stall,
    content_policy,
    context_length,
    credit_balance,
    insufficient_quota,
    overloaded,
    payment_required,
    rate_limited,
    server_error,
    unauthorized,
    unavailable,
)

ProxyFactory = Callable[..., Proxy]
FAST = {
    "TROOPER_PROVIDER_TIMEOUT_S": "1",
    "TROOPER_READ_TIMEOUT_S": "1",
    "TROOPER_FIRST_TOKEN_TIMEOUT_S": "1",
    "TROOPER_STREAM_IDLE_TIMEOUT_S": "1",
}


@dataclass
class Answer:
    text: str
    headers: dict[str, str]
    seconds: float
    model: str
    output_tokens: int


@pytest.fixture
def claude(fakes: dict[str, FakeUpstream]) -> FakeUpstream:
    return fakes["anthropic"]


@pytest.fixture
def local(fakes: dict[str, FakeUpstream]) -> FakeUpstream:
    return fakes["ollama"]


@pytest.fixture
def proxy(fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory) -> Iterator[Proxy]:
    proxy = proxy_factory({**fake_env(fakes), **FAST})
    yield proxy
    # Whatever happened, the proxy still serves.
    for fake in fakes.values():
        fake.reset()
    again = ask(proxy, "still there?")
    assert again.text.endswith("says: still there?")


def client(proxy: Proxy) -> anthropic.Anthropic:
    return proxy.anthropic(timeout=20)


HISTORY = [
    {"role": "user", "content": "My project is called Trooper."},
    {"role": "assistant", "content": "Noted: Trooper."},
]


def ask(proxy: Proxy, text: str, *, stream: bool = False, history: bool = False) -> Answer:
    messages = [*(HISTORY if history else []), {"role": "user", "content": text}]
    started = time.monotonic()
    if stream:
        with client(proxy).messages.stream(
            model="claude-sonnet-4-6",
            max_tokens=200,
            messages=messages,  # type: ignore[arg-type]
        ) as s:
            final = s.get_final_message()
            headers = dict(s.response.headers)
    else:
        raw = client(proxy).messages.with_raw_response.create(
            model="claude-sonnet-4-6",
            max_tokens=200,
            messages=messages,  # type: ignore[arg-type]
        )
        final, headers = raw.parse(), dict(raw.headers)
    text_out = "".join(b.text for b in final.content if b.type == "text")
    return Answer(
        text_out, headers, time.monotonic() - started, final.model, final.usage.output_tokens
    )


# -- the table, non-streaming ---------------------------------------------------------------


def test_429_with_retry_after_is_retried_once_then_served(
    proxy: Proxy, claude: FakeUpstream, local: FakeUpstream
) -> None:
    claude.script(rate_limited("anthropic", retry_after_ms="200"))
    answer = ask(proxy, "hello")
    assert answer.text == "anthropic says: hello"
    assert answer.headers["x-trooper-provider"] == "claude"
    assert claude.count() == 2 and local.count() == 0
    assert answer.seconds >= 0.2, "Retry-After was honoured"


def test_429_without_retry_after_waits_the_backoff(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory, claude: FakeUpstream
) -> None:
    proxy = proxy_factory({**fake_env(fakes), "TROOPER_RETRY_BACKOFF_S": "0.3"})
    claude.script(rate_limited("anthropic"))
    answer = ask(proxy, "hello")
    assert answer.headers["x-trooper-provider"] == "claude"
    assert claude.count() == 2
    assert answer.seconds >= 0.2, "backoff (with jitter) was waited"


def test_persistent_429_falls_back_after_one_retry(
    proxy: Proxy, claude: FakeUpstream, local: FakeUpstream
) -> None:
    claude.always(rate_limited("anthropic"))
    answer = ask(proxy, "hello")
    assert answer.text == "ollama says: hello"
    assert answer.headers["x-trooper-decision"] == "ollama (fallback: rate_limited)"
    assert answer.headers["x-trooper-fallback-count"] == "1"
    assert claude.count() == 2 and local.count() == 1


def test_retry_after_beyond_the_cap_falls_back_at_once(
    proxy: Proxy, claude: FakeUpstream, local: FakeUpstream
) -> None:
    claude.always(rate_limited("anthropic", retry_after="3600"))
    answer = ask(proxy, "hello")
    assert answer.headers["x-trooper-provider"] == "ollama"
    assert claude.count() == 1
    assert answer.seconds < 5


def test_spent_quota_falls_back_at_once_and_opens_the_breaker(
    proxy: Proxy, claude: FakeUpstream, local: FakeUpstream
) -> None:
    claude.always(insufficient_quota())
    first = ask(proxy, "one")
    assert first.headers["x-trooper-decision"] == "ollama (fallback: quota_exceeded)"
    assert claude.count() == 1
    second = ask(proxy, "two")
    assert second.headers["x-trooper-provider"] == "ollama"
    assert second.headers["x-trooper-decision"] == "ollama (fallback: circuit_open)"
    assert claude.count() == 1, "an open breaker costs no round trip"
    claude.reset()


@pytest.mark.parametrize(
    ("fault", "reason"),
    [
        (payment_required("anthropic"), "payment_required"),
        (credit_balance(), "credit_balance"),
        (overloaded("anthropic"), "overloaded"),
        (unavailable("anthropic"), "overloaded"),
        (Reset(), "network_error"),
        (Error(403, bodies.OPENAI_INSUFFICIENT_QUOTA), "quota_exceeded"),
    ],
)
def test_immediate_fallbacks(
    proxy: Proxy, claude: FakeUpstream, local: FakeUpstream, fault: object, reason: str
) -> None:
    claude.always(fault)  # type: ignore[arg-type]
    answer = ask(proxy, "hello")
    assert answer.text == "ollama says: hello"
    assert answer.headers["x-trooper-decision"] == f"ollama (fallback: {reason})"
    assert answer.headers["x-trooper-fallback-count"] == "1"
    assert claude.count() == 1 and local.count() == 1
    claude.reset()


def test_credit_balance_headers_are_the_seeds(proxy: Proxy, claude: FakeUpstream) -> None:
    claude.always(credit_balance())
    answer = ask(proxy, "What is my project called?", history=True)
    assert answer.headers["x-trooper-provider"] == "ollama"
    assert answer.headers["x-trooper-fallback-count"] == "1"
    assert answer.headers["x-trooper-decision"] == "ollama (fallback: credit_balance)"
    assert answer.headers["x-trooper-summary"] == "claude → ollama (credit_balance) | context ✓"
    assert answer.headers["x-trooper-session-saved"].endswith(" tokens")
    claude.reset()


def test_500_is_retried_once_on_the_same_provider(
    proxy: Proxy, claude: FakeUpstream, local: FakeUpstream
) -> None:
    claude.script(server_error("anthropic"))
    answer = ask(proxy, "hello")
    assert answer.headers["x-trooper-provider"] == "claude"
    assert claude.count() == 2 and local.count() == 0


def test_persistent_500_falls_back_after_one_retry(
    proxy: Proxy, claude: FakeUpstream, local: FakeUpstream
) -> None:
    claude.always(server_error("anthropic"))
    answer = ask(proxy, "hello")
    assert answer.headers["x-trooper-decision"] == "ollama (fallback: server_error)"
    assert claude.count() == 2 and local.count() == 1
    claude.reset()


def test_bad_request_is_surfaced_not_fallen_over(
    proxy: Proxy, claude: FakeUpstream, local: FakeUpstream
) -> None:
    from tests.fakes.upstream import Error

    claude.script(
        Error(
            400,
            b'{"type":"error","error":{"type":"invalid_request_error",'
            b'"message":"messages.0.content: Field required"}}',
        )
    )
    with pytest.raises(anthropic.BadRequestError) as caught:
        ask(proxy, "hello")
    assert "Field required" in str(caught.value)
    assert claude.count() == 1 and local.count() == 0


def test_content_policy_reason_is_surfaced(
    proxy: Proxy, claude: FakeUpstream, local: FakeUpstream
) -> None:
    claude.script(content_policy("anthropic"))
    with pytest.raises(anthropic.BadRequestError):
        ask(proxy, "hello")
    assert claude.count() == 1 and local.count() == 0


def test_bad_key_is_never_masked(proxy: Proxy, claude: FakeUpstream, local: FakeUpstream) -> None:
    claude.script(unauthorized("anthropic"))
    with pytest.raises(anthropic.AuthenticationError):
        ask(proxy, "hello")
    assert local.count() == 0


def test_context_length_is_never_retried_and_compacts_for_the_next(
    proxy: Proxy, claude: FakeUpstream, local: FakeUpstream
) -> None:
    claude.script(context_length("anthropic"))
    answer = ask(proxy, "hello", history=True)
    assert answer.headers["x-trooper-decision"] == "ollama (fallback: context_length)"
    assert claude.count() == 1 and local.count() == 1


def test_no_response_times_out_and_falls_back(
    proxy: Proxy, claude: FakeUpstream, local: FakeUpstream
) -> None:
    claude.script(Hang(10))
    answer = ask(proxy, "hello")
    assert answer.headers["x-trooper-decision"] == "ollama (fallback: timeout)"
    assert claude.count() == 1, "a silent provider is not retried"
    assert answer.seconds < 4


def test_client_sees_the_serving_model_and_usage(proxy: Proxy, claude: FakeUpstream) -> None:
    claude.always(credit_balance())
    answer = ask(proxy, "hello")
    assert answer.model == proxy.settings.ollama_model
    assert answer.output_tokens > 0
    claude.reset()


# -- streaming --------------------------------------------------------------------------------


def test_stream_error_before_first_token_fails_over_invisibly(
    proxy: Proxy, claude: FakeUpstream, local: FakeUpstream
) -> None:
    claude.script(overloaded("anthropic"))
    answer = ask(proxy, "hello", stream=True)
    assert answer.text == "ollama says: hello"
    assert answer.headers["x-trooper-provider"] == "ollama"


def test_error_event_inside_a_200_stream_fails_over(
    proxy: Proxy, claude: FakeUpstream, local: FakeUpstream
) -> None:
    claude.script(ErrorEvent())
    answer = ask(proxy, "hello", stream=True)
    assert answer.text == "ollama says: hello"
    assert claude.count() == 1 and local.count() == 1


def test_slow_first_token_fails_over(
    proxy: Proxy, claude: FakeUpstream, local: FakeUpstream
) -> None:
    claude.script(SlowFirstToken(5))
    answer = ask(proxy, "hello", stream=True)
    assert answer.text == "ollama says: hello"
    assert answer.headers["x-trooper-decision"] == "ollama (fallback: timeout)"
    assert answer.seconds < 4


def test_cut_stream_is_rescued_with_a_prefill(
    proxy: Proxy, claude: FakeUpstream, local: FakeUpstream
) -> None:
    claude.script(CutStream(after=2))
    answer = ask(proxy, "tell me a story", stream=True)
    sent = local.requests[-1].body
    assert sent is not None
    messages = sent["messages"]
    assert isinstance(messages, list)
    partial = messages[-1]
    assert partial["role"] == "assistant", "the partial answer was sent as a prefill"
    assert answer.text.startswith(partial["content"])
    assert answer.text.endswith("ollama says: tell me a story")
    assert answer.headers["x-trooper-provider"] == "claude"  # committed before the cut


def test_stalled_stream_is_rescued(proxy: Proxy, claude: FakeUpstream, local: FakeUpstream) -> None:
    claude.script(Stall(after=2, seconds=10))
    answer = ask(proxy, "tell me a story", stream=True)
    assert answer.text.endswith("ollama says: tell me a story")
    assert answer.seconds < 5


def test_cut_stream_with_no_rescue_ends_in_a_clean_error(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory, claude: FakeUpstream
) -> None:
    proxy = proxy_factory({**fake_env(fakes), **FAST})
    claude.script(CutStream(after=2))
    fakes["ollama"].always(unavailable("ollama"))
    with pytest.raises(anthropic.APIStatusError) as caught:
        ask(proxy, "tell me a story", stream=True)
    assert "cut" in str(caught.value).lower()


def test_cut_stream_restarts_where_the_target_rejects_prefill(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory, claude: FakeUpstream
) -> None:
    from tests.fakes.upstream import RejectPrefill

    proxy = proxy_factory({**fake_env(fakes), **FAST})
    text = "The answer is forty-two, as always."
    claude.script(CutStream(after=2, text=text))
    fakes["ollama"].always(RejectPrefill(text=text))
    answer = ask(proxy, "what is the answer?", stream=True)
    assert answer.text == text, "the restarted answer joined without repeating itself"
    assert fakes["ollama"].count() == 2  # the prefill refused, then the restart


def test_malformed_chunk_is_skipped(proxy: Proxy, claude: FakeUpstream) -> None:
    claude.script(MalformedChunk(at=2))
    answer = ask(proxy, "hello", stream=True)
    assert answer.headers["x-trooper-provider"] == "claude"
    assert answer.text.startswith("anthropic")


def test_stream_without_final_marker_is_finalised_with_usage(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    proxy = proxy_factory({**fake_env(fakes, keys=("openai",)), **FAST})
    fakes["openai"].script(NoDone())
    stream = proxy.openai().chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": "hello"}],
        stream=True,
        stream_options={"include_usage": True},
    )
    chunks = list(stream)
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == "openai says: hello"
    assert chunks[-1].usage is not None and chunks[-1].usage.total_tokens > 0


# -- breaker and recovery ---------------------------------------------------------------------


def test_breaker_opens_serves_locally_then_returns(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    clock = FakeClock()
    proxy = proxy_factory({**fake_env(fakes), **FAST}, clock)
    claude, local = fakes["anthropic"], fakes["ollama"]
    claude.always(unavailable("anthropic"))
    for i in range(3):
        assert ask(proxy, f"q{i}").headers["x-trooper-provider"] == "ollama"
    assert claude.count() == 3
    skipped = ask(proxy, "q3")
    assert skipped.headers["x-trooper-decision"] == "ollama (fallback: circuit_open)"
    assert claude.count() == 3, "open: no round trip"
    claude.always(Ok())
    clock.advance(61)
    back = ask(proxy, "q4")
    assert back.headers["x-trooper-provider"] == "claude", "half-open probe succeeded"
    assert ask(proxy, "q5").headers["x-trooper-provider"] == "claude"
    assert local.count() == 4


def test_auto_recovery_closes_the_breaker_when_the_primary_answers(
    fakes: dict[str, FakeUpstream], proxy_factory: ProxyFactory
) -> None:
    clock = FakeClock()
    proxy = proxy_factory({**fake_env(fakes), **FAST, "AUTO_RECOVERY": "true"}, clock)
    claude = fakes["anthropic"]
    claude.always(insufficient_quota())
    ask(proxy, "one")
    assert ask(proxy, "two").headers["x-trooper-decision"] == "ollama (fallback: circuit_open)"
    recovery = proxy.state.recovery
    assert recovery is not None
    proxy.run(recovery.check_all())  # the model list still fails: stays open
    assert ask(proxy, "three").headers["x-trooper-provider"] == "ollama"
    claude.always(None)
    proxy.run(recovery.check_all())
    assert ask(proxy, "four").headers["x-trooper-provider"] == "claude"
