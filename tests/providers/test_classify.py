"""The failure table, row by row, with each provider's real error bodies (tests/fakes/bodies.py)."""

from __future__ import annotations

import socket
from datetime import UTC, datetime
from email.utils import format_datetime

import aiohttp
import pytest

from tests.fakes import bodies as B
from trooper.errors import (
    AuthFailed,
    ContentPolicy,
    ContextTooLong,
    CreditBalance,
    NetworkError,
    Overloaded,
    PaymentRequired,
    ProviderError,
    QuotaExhausted,
    RateLimited,
    ServerError,
    UpstreamBadRequest,
    UpstreamTimeout,
)
from trooper.providers.classify import (
    DEFAULT_QUOTA_CODES,
    MAX_MESSAGE,
    classify_exception,
    classify_response,
    classify_stream_error,
    clean_message,
    parse_retry_after,
)

ALL = frozenset({400, 402, 403, 413, 429, 529})

# (provider, status, body, expected class, words of the provider's message)
ROWS: list[tuple[str, int, bytes, type[ProviderError], str]] = [
    # Anthropic
    ("anthropic", 400, B.ANTHROPIC_CREDIT_BALANCE, CreditBalance, "credit balance is too low"),
    ("anthropic", 429, B.ANTHROPIC_RATE_LIMITED, RateLimited, "would exceed the rate limit"),
    ("anthropic", 429, B.ANTHROPIC_SPEND_LIMIT_429, QuotaExhausted, "monthly spend limit"),
    ("anthropic", 400, B.ANTHROPIC_SPEND_LIMIT_400, QuotaExhausted, "API usage limits"),
    ("anthropic", 529, B.ANTHROPIC_OVERLOADED, Overloaded, "Overloaded"),
    ("anthropic", 500, B.ANTHROPIC_API_ERROR, ServerError, "Internal server error"),
    ("anthropic", 400, B.ANTHROPIC_PROMPT_TOO_LONG, ContextTooLong, "prompt is too long"),
    ("anthropic", 400, B.ANTHROPIC_CONTEXT_LIMIT, ContextTooLong, "exceed context limit"),
    ("anthropic", 400, B.ANTHROPIC_CONTENT_FILTER, ContentPolicy, "content filtering policy"),
    ("anthropic", 400, B.ANTHROPIC_PREFILL_REJECTED, UpstreamBadRequest, "assistant message"),
    ("anthropic", 400, B.ANTHROPIC_MAX_TOKENS, UpstreamBadRequest, "max_tokens: 10000"),
    ("anthropic", 401, B.ANTHROPIC_UNAUTHORIZED, AuthFailed, "invalid x-api-key"),
    ("anthropic", 403, B.ANTHROPIC_PERMISSION, AuthFailed, "does not have permission"),
    ("anthropic", 402, B.ANTHROPIC_BILLING, PaymentRequired, "outstanding payment"),
    ("anthropic", 400, B.ANTHROPIC_BILLING, CreditBalance, "outstanding payment"),
    ("anthropic", 404, B.ANTHROPIC_NOT_FOUND, UpstreamBadRequest, "could not be found"),
    # OpenAI, Azure OpenAI, OpenRouter, llama.cpp
    ("openai", 429, B.OPENAI_INSUFFICIENT_QUOTA, QuotaExhausted, "exceeded your current quota"),
    ("openai", 429, B.OPENAI_RATE_LIMITED, RateLimited, "Rate limit reached for gpt-4o"),
    ("openai", 429, B.OPENAI_SPEND_LIMIT, QuotaExhausted, "spend limit"),
    ("openai", 400, B.OPENAI_CONTEXT_LENGTH, ContextTooLong, "maximum context length is 8192"),
    ("openai", 400, B.OPENAI_CONTENT_POLICY, ContentPolicy, "safety system"),
    ("openai", 400, B.OPENAI_INVALID_PROMPT, ContentPolicy, "flagged as potentially violating"),
    ("openai", 400, B.AZURE_CONTENT_FILTER, ContentPolicy, "content management policy"),
    ("openai", 401, B.OPENAI_INVALID_KEY, AuthFailed, "Incorrect API key provided"),
    ("openai", 500, B.OPENAI_SERVER_ERROR, ServerError, "had an error processing"),
    ("openai", 503, B.OPENAI_OVERLOADED, Overloaded, "currently overloaded"),
    ("openai", 402, B.OPENROUTER_PAYMENT_REQUIRED, PaymentRequired, "Insufficient credits"),
    ("openai", 400, B.LLAMACPP_CONTEXT, ContextTooLong, "available context size"),
    ("openai", 500, B.LLAMACPP_CONTEXT_500, ContextTooLong, "available context size"),
    # Gemini
    ("gemini", 429, B.GEMINI_RATE_LIMITED, RateLimited, "exceeded your current quota"),
    ("gemini", 429, B.GEMINI_DAILY_QUOTA, QuotaExhausted, "exceeded your current quota"),
    ("gemini", 429, B.GEMINI_QUOTA_NO_DETAILS, QuotaExhausted, "exceeded your current quota"),
    ("gemini", 429, B.GEMINI_RESOURCE_EXHAUSTED, RateLimited, "Resource has been exhausted"),
    ("gemini", 400, B.GEMINI_CONTEXT, ContextTooLong, "input token count (1200293)"),
    ("gemini", 400, B.GEMINI_INVALID_KEY, AuthFailed, "API key not valid"),
    ("gemini", 403, B.GEMINI_PERMISSION_DENIED, AuthFailed, "reported as leaked"),
    ("gemini", 403, B.GEMINI_CONSUMER_SUSPENDED, AuthFailed, "has been suspended"),
    ("gemini", 503, B.GEMINI_OVERLOADED, Overloaded, "The model is overloaded"),
    ("gemini", 500, B.GEMINI_INTERNAL, ServerError, "An internal error has occurred"),
    # Ollama (local and cloud)
    ("ollama", 404, B.OLLAMA_MODEL_NOT_FOUND, UpstreamBadRequest, "not found, try pulling"),
    ("ollama", 400, B.OLLAMA_CONTEXT, ContextTooLong, "exceeds the available context size"),
    ("ollama", 500, B.OLLAMA_CONTEXT_500, ContextTooLong, "exceeds the context length"),
    ("ollama", 503, B.OLLAMA_BUSY, Overloaded, "maximum pending requests exceeded"),
    ("ollama", 503, B.OLLAMA_CLOUD_OVERLOADED, Overloaded, "Server overloaded"),
    ("ollama", 429, B.OLLAMA_HOURLY_LIMIT, RateLimited, "hourly usage limit"),
    ("ollama", 429, B.OLLAMA_WEEKLY_LIMIT, QuotaExhausted, "weekly usage limit"),
    ("ollama", 500, B.OLLAMA_RUNNER_CRASHED, ServerError, "runner process has terminated"),
    ("ollama", 401, B.OLLAMA_UNAUTHORIZED, AuthFailed, "unauthorized"),
]


def _row_id(row: tuple[str, int, bytes, type[ProviderError], str]) -> str:
    return f"{row[0]}-{row[1]}-{row[3].__name__}-{row[4][:20]}"


@pytest.mark.parametrize("row", ROWS, ids=_row_id)
def test_failure_table(row: tuple[str, int, bytes, type[ProviderError], str]) -> None:
    provider, status, body, expected, words = row
    err = classify_response(provider, status, {}, body, ALL)
    assert type(err) is expected
    assert words in err.message
    assert err.provider == provider
    assert err.upstream_status == status


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (502, Overloaded),
        (503, Overloaded),
        (504, Overloaded),
        (501, ServerError),
        (507, ServerError),
    ],
)
def test_5xx_without_a_body(status: int, expected: type[ProviderError]) -> None:
    err = classify_response("openai", status, {}, b"", DEFAULT_QUOTA_CODES)
    assert type(err) is expected
    assert err.message == f"openai answered HTTP {status}"


def test_html_error_page_is_not_used_as_message() -> None:
    html = b"<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"
    err = classify_response("anthropic", 502, {}, html, DEFAULT_QUOTA_CODES)
    assert type(err) is Overloaded
    assert err.message == "anthropic answered HTTP 502"


def test_plain_text_body_is_the_message() -> None:
    err = classify_response("ollama", 500, {}, b"Internal Server Error\n", DEFAULT_QUOTA_CODES)
    assert type(err) is ServerError
    assert err.message == "Internal Server Error"


def test_413_without_body_is_context_too_long_when_it_may_fall_over() -> None:
    assert type(classify_response("openai", 413, {}, b"", ALL)) is ContextTooLong
    err = classify_response("anthropic", 413, {}, B.ANTHROPIC_REQUEST_TOO_LARGE, ALL)
    assert type(err) is ContextTooLong


def test_other_4xx_are_bad_requests() -> None:
    body = b'{"detail": [{"loc": ["body", "messages"], "msg": "field required"}]}'
    err = classify_response("openai", 422, {}, body, DEFAULT_QUOTA_CODES)
    assert type(err) is UpstreamBadRequest
    assert err.fall_over is False


def test_gemini_array_body_of_a_non_sse_stream() -> None:
    body = b"[" + B.GEMINI_OVERLOADED + b"]"
    assert type(classify_response("gemini", 503, {}, body, DEFAULT_QUOTA_CODES)) is Overloaded


# --- QUOTA_STATUS_CODES gating -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("provider", "status", "body"),
    [
        ("openai", 429, B.OPENAI_RATE_LIMITED),
        ("openai", 429, B.OPENAI_INSUFFICIENT_QUOTA),
        ("anthropic", 529, B.ANTHROPIC_OVERLOADED),
        ("anthropic", 400, B.ANTHROPIC_CREDIT_BALANCE),
        ("openai", 400, B.OPENAI_CONTEXT_LENGTH),
        ("openai", 402, B.OPENROUTER_PAYMENT_REQUIRED),
    ],
)
def test_status_not_in_quota_codes_is_surfaced(provider: str, status: int, body: bytes) -> None:
    err = classify_response(provider, status, {"retry-after": "3"}, body, frozenset())
    assert type(err) is UpstreamBadRequest
    assert err.fall_over is False
    assert err.upstream_status == status
    assert err.message  # the provider's own words reach the client


def test_a_403_spent_quota_falls_over_whatever_the_codes_and_413_is_gated() -> None:
    forbidden = classify_response(
        "openai", 403, {}, B.OPENAI_INSUFFICIENT_QUOTA, DEFAULT_QUOTA_CODES
    )
    assert type(forbidden) is QuotaExhausted, "the failure table: 403 quota -> next provider"
    assert type(classify_response("openai", 403, {}, B.OPENAI_INSUFFICIENT_QUOTA, ALL)) is (
        QuotaExhausted
    )
    assert (
        type(classify_response("openai", 413, {}, b"", DEFAULT_QUOTA_CODES)) is UpstreamBadRequest
    )


def test_default_quota_codes_let_the_usual_failures_fall_over() -> None:
    codes = DEFAULT_QUOTA_CODES
    assert type(classify_response("openai", 429, {}, B.OPENAI_RATE_LIMITED, codes)) is RateLimited
    assert (
        type(classify_response("anthropic", 529, {}, B.ANTHROPIC_OVERLOADED, codes)) is Overloaded
    )
    credit = classify_response("anthropic", 400, {}, B.ANTHROPIC_CREDIT_BALANCE, codes)
    assert type(credit) is CreditBalance


@pytest.mark.parametrize(
    ("status", "body", "expected"),
    [
        (500, B.OPENAI_SERVER_ERROR, ServerError),
        (503, B.OPENAI_OVERLOADED, Overloaded),
        (502, b"", Overloaded),
        (504, b"", Overloaded),
    ],
)
def test_5xx_other_than_529_always_fall_over(
    status: int, body: bytes, expected: type[ProviderError]
) -> None:
    err = classify_response("openai", status, {}, body, frozenset())
    assert type(err) is expected
    assert err.fall_over is True


def test_errors_that_never_fall_over_are_not_changed_by_gating() -> None:
    assert (
        type(classify_response("openai", 401, {}, B.OPENAI_INVALID_KEY, frozenset())) is AuthFailed
    )
    policy = classify_response("openai", 400, {}, B.OPENAI_CONTENT_POLICY, frozenset())
    assert type(policy) is ContentPolicy


# --- retry-after ---------------------------------------------------------------------------------

NOW = 1_700_000_000.0


def _http_date(timestamp: float) -> str:
    return format_datetime(datetime.fromtimestamp(timestamp, tz=UTC), usegmt=True)


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"Retry-After": "7"}, 7.0),
        ({"retry-after": "0.5"}, 0.5),
        ({"RETRY-AFTER-MS": "1500"}, 1.5),
        ({"retry-after-ms": "250", "retry-after": "9"}, 0.25),
        ({"Retry-After": _http_date(NOW + 12)}, 12.0),
        ({"Retry-After": _http_date(NOW - 30)}, 0.0),
        ({"Retry-After": "3600"}, 60.0),
        ({"Retry-After": "-5"}, 0.0),
        ({"Retry-After": "soon"}, None),
        ({"retry-after-ms": "x", "Retry-After": "4"}, 4.0),
        ({}, None),
    ],
)
def test_parse_retry_after(headers: dict[str, str], expected: float | None) -> None:
    assert parse_retry_after(headers, 60.0, now=NOW) == expected


def test_rate_limited_carries_capped_retry_after() -> None:
    headers = {"retry-after": "120", "content-type": "application/json"}
    err = classify_response("anthropic", 429, headers, B.ANTHROPIC_RATE_LIMITED, ALL, 10.0)
    assert type(err) is RateLimited
    assert err.retry_after == 10.0
    assert err.retry_same is True


def test_gemini_retry_info_is_used_without_header_and_capped() -> None:
    err = classify_response("gemini", 429, {}, B.GEMINI_RATE_LIMITED, ALL)
    assert err.retry_after == 47.0
    capped = classify_response("gemini", 429, {}, B.GEMINI_RATE_LIMITED, ALL, 5.0)
    assert capped.retry_after == 5.0
    header_wins = classify_response("gemini", 429, {"Retry-After": "2"}, B.GEMINI_RATE_LIMITED, ALL)
    assert header_wins.retry_after == 2.0


def test_no_retry_after_without_any_hint() -> None:
    assert classify_response("openai", 429, {}, B.OPENAI_RATE_LIMITED, ALL).retry_after is None


# --- messages: clean, bounded, no keys -----------------------------------------------------------


@pytest.mark.parametrize(
    "secret",
    [
        "sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcdEFGH",
        "sk-proj-1234567890abcdefghijklmnopqrstuvwxyzABCD",
        "sk-PMafP***************************************E873",
        "AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q",
    ],
)
def test_keys_echoed_by_a_provider_are_redacted(secret: str) -> None:
    body = B._openai(f"Incorrect API key provided: {secret}. Check it.", None, "invalid_api_key")
    err = classify_response("openai", 401, {}, body, ALL)
    assert secret not in err.message
    assert err.message == "Incorrect API key provided: [redacted]. Check it."


def test_bearer_tokens_and_urls_with_keys_are_redacted() -> None:
    text = (
        "GET /v1beta/models?key=AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q with Bearer abc.def-ghi_jkl"
    )
    cleaned = clean_message(text)
    assert "AIza" not in cleaned
    assert "abc.def" not in cleaned


def test_gemini_suspended_consumer_key_is_redacted() -> None:
    err = classify_response("gemini", 403, {}, B.GEMINI_CONSUMER_SUSPENDED, ALL)
    assert "AIza" not in err.message
    assert "[redacted]" in err.message


def test_words_that_merely_contain_sk_are_kept() -> None:
    assert clean_message("risk-assessment task-12345678 ask-anything") == (
        "risk-assessment task-12345678 ask-anything"
    )


def test_long_messages_are_bounded_and_one_line() -> None:
    body = B._anthropic("api_error", "boom\n\n" + "x" * 2000)
    err = classify_response("anthropic", 500, {}, body, ALL)
    assert len(err.message) == MAX_MESSAGE
    assert err.message.startswith("boom x")
    assert err.message.endswith("…")
    assert "\n" not in err.message


# --- errors inside a 200 stream ------------------------------------------------------------------

STREAM_ROWS: list[tuple[str, bytes, int, type[ProviderError], int]] = [
    ("anthropic", B.ANTHROPIC_STREAM_OVERLOADED, 500, Overloaded, 529),
    (
        "anthropic",
        b"event: error\ndata: " + B.ANTHROPIC_STREAM_OVERLOADED + b"\n\n",
        500,
        Overloaded,
        529,
    ),
    ("anthropic", B.ANTHROPIC_RATE_LIMITED, 500, RateLimited, 429),
    ("anthropic", B.ANTHROPIC_API_ERROR, 529, ServerError, 500),
    ("anthropic", B.ANTHROPIC_PROMPT_TOO_LONG, 500, ContextTooLong, 400),
    ("openai", B.OPENAI_STREAM_ERROR, 500, ServerError, 500),
    ("openai", b"data: " + B.OPENAI_RATE_LIMITED.replace(b"\n", b""), 500, RateLimited, 429),
    ("openai", B.OPENAI_INSUFFICIENT_QUOTA, 500, QuotaExhausted, 429),
    ("openai", B.LLAMACPP_STREAM_ERROR_FRAME, 500, ContextTooLong, 400),
    ("gemini", B.GEMINI_OVERLOADED, 500, Overloaded, 503),
    ("gemini", B.GEMINI_DAILY_QUOTA, 500, QuotaExhausted, 429),
    ("ollama", B.OLLAMA_RUNNER_CRASHED, 500, ServerError, 500),
    ("ollama", B.OLLAMA_BUSY, 503, Overloaded, 503),
    ("ollama", B.OLLAMA_CONTEXT_500, 500, ContextTooLong, 500),
]


@pytest.mark.parametrize("row", STREAM_ROWS, ids=lambda r: f"{r[0]}-{r[3].__name__}-{r[4]}")
def test_stream_errors(row: tuple[str, bytes, int, type[ProviderError], int]) -> None:
    provider, payload, hint, expected, status = row
    err = classify_stream_error(provider, payload, hint, DEFAULT_QUOTA_CODES)
    assert type(err) is expected
    assert err.upstream_status == status
    assert err.provider == provider


def test_stream_error_is_gated_like_a_response() -> None:
    codes = frozenset({429, 402, 400})
    err = classify_stream_error("anthropic", B.ANTHROPIC_STREAM_OVERLOADED, 529, codes)
    assert type(err) is UpstreamBadRequest
    assert err.upstream_status == 529


def test_unreadable_stream_error_uses_the_hint() -> None:
    err = classify_stream_error("ollama", b"not json at all", 503, DEFAULT_QUOTA_CODES)
    assert type(err) is Overloaded
    assert err.message == "not json at all"


# --- failures without an answer ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("exc", "expected"),
    [
        (TimeoutError(), UpstreamTimeout),
        (TimeoutError(), UpstreamTimeout),
        (aiohttp.ServerTimeoutError("Timeout on reading data from socket"), UpstreamTimeout),
        (aiohttp.ServerDisconnectedError(), NetworkError),
        (aiohttp.ClientPayloadError("Response payload is not completed"), NetworkError),
        (aiohttp.ClientOSError(104, "Connection reset by peer"), NetworkError),
        (ConnectionResetError(104, "Connection reset by peer"), NetworkError),
        (OSError(113, "No route to host /secret/internal/path"), NetworkError),
        (aiohttp.ClientConnectionError("boom"), NetworkError),
        (aiohttp.TooManyRedirects(None, ()), NetworkError),  # type: ignore[arg-type]
    ],
    ids=lambda v: type(v).__name__,
)
def test_exceptions(exc: BaseException, expected: type[ProviderError]) -> None:
    err = classify_exception("gemini", exc)
    assert type(err) is expected
    assert err.provider == "gemini"
    assert "gemini" in err.message
    assert "secret" not in err.message and "104" not in err.message


def test_unknown_exception_still_falls_over() -> None:
    err = classify_exception("openai", ValueError("bug"))
    assert type(err) is ProviderError
    assert err.fall_over is True
    assert "bug" not in err.message


def test_provider_error_passes_through() -> None:
    original = Overloaded("busy", provider="ollama")
    assert classify_exception("ollama", original) is original


@pytest.mark.asyncio
async def test_refused_connection_is_a_network_error() -> None:
    with socket.socket() as sock:  # a port that was free a moment ago: nothing listens there
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    async with aiohttp.ClientSession() as session:
        with pytest.raises(aiohttp.ClientConnectorError) as caught:
            await session.get(f"http://127.0.0.1:{port}/v1/models")
    err = classify_exception("ollama", caught.value)
    assert type(err) is NetworkError
    assert err.message == "could not connect to ollama"
