"""Turn an upstream failure into one typed error of :mod:`trooper.errors`.

This is the ONE place that reads a provider's error body. Nothing else in Trooper matches free
text: providers, the chain and the server only look at the class and its flags.

    >>> err = classify_response("openai", 429, {}, b'{"error": {"message": "You exceeded your '
    ...     b'current quota", "type": "insufficient_quota", "code": "insufficient_quota"}}',
    ...     DEFAULT_QUOTA_CODES)
    >>> type(err).__name__, err.upstream_status
    ('QuotaExhausted', 429)

The failure table (status first, then what the body says):

- 429: ``QuotaExhausted`` if the body says a quota, spend limit or balance is used up (OpenAI
  ``insufficient_quota``/``*_spend_limit_exceeded``, Anthropic ``details.error_code`` =
  ``enforced_spend_limit_reached``, a Gemini ``QuotaFailure`` naming a per-day or per-month
  quota), else ``RateLimited``; ``retry_after`` comes from ``retry-after-ms`` / ``Retry-After``
  (or Gemini's ``RetryInfo.retryDelay``), capped.
- 403: ``QuotaExhausted`` on the same signals, else ``AuthFailed``. 401: ``AuthFailed``.
- 402: ``PaymentRequired``, whatever the body says.
- 400, 404, 413, 422 and other 4xx: credit balance too low (or Anthropic ``billing_error``) ->
  ``CreditBalance``; quota or spend limit -> ``QuotaExhausted``; context too long (any wording,
  ``context_length_exceeded``, llama.cpp ``exceed_context_size_error``; every 413) ->
  ``ContextTooLong``; content policy -> ``ContentPolicy``; a bad key answered with 400 (Gemini
  ``API_KEY_INVALID``) -> ``AuthFailed``; anything else -> ``UpstreamBadRequest``.
- 500: ``ServerError``, or ``ContextTooLong`` when the body says the context is too long (older
  llama.cpp and Ollama answer that with a 500). 502, 503, 504, 529: ``Overloaded``. Other 5xx:
  ``ServerError``.

A Gemini 429 ``RESOURCE_EXHAUSTED`` is decided by its ``QuotaFailure`` when there is one: any
per-day or per-month quota means the quota is spent until the window resets; per-minute quotas
(even "per project") are a rate limit, although Gemini's message then still says "You exceeded
your current quota". Without a ``QuotaFailure`` the message decides.

Gating by ``quota_codes`` (``QUOTA_STATUS_CODES``): among 4xx and 529 only the listed statuses
may trigger a fallback. A failure whose class would fall over but whose status is not listed is
returned as :class:`UpstreamBadRequest` (``fall_over`` False) carrying the provider's message and
``upstream_status``, so the client is shown the original failure. Other 5xx always fall over, and
so does a 403 that says the quota or billing is used up.

Structured fields (``type``, ``code``, ``status``, details) are matched first; text matching, on
lower-cased substrings, is the last resort and lives in :data:`TEXT_PATTERNS` below. Messages are
cleaned (whitespace collapsed, at most :data:`MAX_MESSAGE` characters) and anything shaped like an
API key (``sk-…``, ``AIza…``, ``Bearer …``) is redacted.
"""

from __future__ import annotations

import email.utils
import enum
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass

import aiohttp
import orjson

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

DEFAULT_QUOTA_CODES: frozenset[int] = frozenset({429, 402, 529, 400})
MAX_MESSAGE = 500


class Signal(enum.Enum):
    """What an error body says, whatever the status."""

    CREDIT = "credit"
    QUOTA = "quota"
    RATE = "rate"
    CONTEXT = "context"
    POLICY = "policy"
    AUTH = "auth"


# The last resort: lower-cased substrings of the provider's own message, in priority order.
#   credit:  Anthropic 400 "Your credit balance is too low to access the Anthropic API..."
#   quota:   OpenAI/Gemini "You exceeded your current quota", Anthropic 400 "You have reached your
#            specified API usage limits", Ollama cloud 429 "...reached your weekly usage limit"
#   context: Anthropic "prompt is too long: N tokens > M maximum" / "input length and `max_tokens`
#            exceed context limit", OpenAI "This model's maximum context length is", Gemini "The
#            input token count (N) exceeds the maximum number of tokens allowed (M)", llama.cpp
#            "exceeds the available context size", Ollama "...exceeds the context length"
#   policy:  Anthropic "Output blocked by content filtering policy", Azure "content management
#            policy", OpenAI "rejected as a result of our safety system" / "flagged as potentially
#            violating our usage policy"
#   auth:    Gemini 400 "API key not valid. Please pass a valid API key."
TEXT_PATTERNS: tuple[tuple[Signal, tuple[str, ...]], ...] = tuple(
    (signal, tuple(patterns.split("|")))
    for signal, patterns in (
        (Signal.CREDIT, "credit balance is too low|credit balance too low|insufficient credit"),
        (
            Signal.QUOTA,
            "exceeded your current quota|reached your specified|spend limit|weekly usage limit"
            "|monthly usage limit|billing hard limit",
        ),
        (
            Signal.CONTEXT,
            "prompt is too long|maximum context length|exceed context limit|input token count"
            "|exceeds the maximum number of tokens|available context size|context length"
            "|context window|too many tokens",
        ),
        (
            Signal.POLICY,
            "content filtering policy|content management policy|content policy|safety system"
            "|flagged as potentially violating",
        ),
        (Signal.AUTH, "api key not valid|api key not found|invalid api key|incorrect api key"),
    )
)

# Structured identifiers (error.type, error.code, Google reasons/status), lower-cased.
_STRUCTURED_KEYS: tuple[tuple[Signal, str], ...] = (
    (Signal.CREDIT, "billing_error credit_balance_exhausted"),
    (
        Signal.QUOTA,
        "insufficient_quota billing_hard_limit_reached billing_not_active billing_disabled"
        " organization_spend_limit_exceeded project_spend_limit_exceeded"
        " organization_usage_limit_exceeded enforced_spend_limit_reached",
    ),
    (Signal.RATE, "rate_limit_exceeded rate_limit_error ratelimitexceeded"),
    (Signal.CONTEXT, "context_length_exceeded exceed_context_size_error request_too_large"),
    (Signal.POLICY, "content_policy_violation content_filter responsibleaipolicyviolation"),
    (
        Signal.AUTH,
        "authentication_error permission_error invalid_api_key api_key_invalid"
        " api_key_service_blocked consumer_suspended unauthenticated permission_denied",
    ),
)
_STRUCTURED: Mapping[str, Signal] = {k: s for s, keys in _STRUCTURED_KEYS for k in keys.split()}

# For errors inside a 200 stream: the HTTP status their type or code stands for.
_STATUS_KEYS: tuple[tuple[int, str], ...] = (
    (529, "overloaded_error"),
    (429, "rate_limit_error rate_limit_exceeded insufficient_quota resource_exhausted"),
    (500, "api_error server_error internal"),
    (400, "invalid_request_error invalid_argument exceed_context_size_error"),
    (401, "authentication_error unauthenticated"),
    (402, "billing_error"),
    (403, "permission_error permission_denied"),
    (404, "not_found_error not_found"),
    (413, "request_too_large"),
    (503, "unavailable"),
    (504, "timeout_error deadline_exceeded"),
)
_KEY_STATUS: Mapping[str, int] = {k: status for status, keys in _STATUS_KEYS for k in keys.split()}

_BY_SIGNAL: Mapping[Signal, type[ProviderError]] = {
    Signal.CREDIT: CreditBalance,
    Signal.QUOTA: QuotaExhausted,
    Signal.CONTEXT: ContextTooLong,
    Signal.POLICY: ContentPolicy,
    Signal.AUTH: AuthFailed,
}

_SECRET = re.compile(
    r"\bsk-[A-Za-z0-9_*\-]{8,}"  # OpenAI / Anthropic keys, also the masked echo sk-proj-****abcd
    r"|AIza[0-9A-Za-z_\-]{20,}"  # Google API keys
    r"|(?i:bearer)\s+[A-Za-z0-9._~+/\-]{8,}=*"
)
_SECONDS = re.compile(r"^\s*(\d+(?:\.\d+)?)s\s*$")


@dataclass(frozen=True, slots=True)
class _Fault:
    """A decoded error body: the provider's words and its structured identifiers."""

    message: str = ""
    keys: tuple[str, ...] = ()  # most specific first, lower-cased
    quota_ids: tuple[str, ...] = ()  # Gemini QuotaFailure violations
    retry_delay: float | None = None  # Gemini RetryInfo
    code: int | None = None  # a numeric error.code (Gemini, llama.cpp)


def classify_response(
    provider: str,
    status: int,
    headers: Mapping[str, str],
    body: bytes,
    quota_codes: frozenset[int],
    retry_after_cap: float = 60.0,
) -> ProviderError:
    """Classify a non-2xx answer of ``provider``.

    >>> classify_response("anthropic", 529, {}, b'{"type":"error","error":{"type":'
    ...     b'"overloaded_error","message":"Overloaded"}}', DEFAULT_QUOTA_CODES).reason
    'overloaded'
    """
    fault = _decode(body)
    retry_after = parse_retry_after(headers, retry_after_cap)
    if retry_after is None and fault.retry_delay is not None:
        retry_after = min(fault.retry_delay, retry_after_cap)
    return _build(provider, status, fault, quota_codes, retry_after)


def classify_stream_error(
    provider: str, payload: bytes, status_hint: int, quota_codes: frozenset[int]
) -> ProviderError:
    """Classify an error reported inside a 200 stream.

    ``payload`` is the event's data (an SSE ``event:``/``data:`` frame is also accepted). The
    status comes from the payload (a numeric ``error.code``, else its type: Anthropic
    ``overloaded_error`` -> 529, ``rate_limit_error`` -> 429, ``api_error`` -> 500 ...), else
    ``status_hint``; then the error is classified like a response.

    >>> classify_stream_error("ollama", b'{"error":"model runner crashed"}', 500,
    ...     DEFAULT_QUOTA_CODES).reason
    'server_error'
    """
    fault = _decode(_unframe(payload))
    status = _stream_status(fault, status_hint)
    return _build(provider, status, fault, quota_codes, fault.retry_delay)


def classify_exception(provider: str, exc: BaseException) -> ProviderError:
    """Classify a failure that produced no HTTP answer (timeouts, refused or dropped connections).

    >>> classify_exception("gemini", TimeoutError()).reason
    'timeout'
    """
    if isinstance(exc, ProviderError):
        return exc
    # aiohttp's timeouts derive from TimeoutError, itself an OSError: test it first.
    if isinstance(exc, TimeoutError):
        return UpstreamTimeout(f"{provider} did not answer in time", provider=provider)
    for kind, template in _NETWORK_MESSAGES:
        if isinstance(exc, kind):
            return NetworkError(template.format(provider=provider), provider=provider)
    return ProviderError(f"unexpected failure while calling {provider}", provider=provider)


_NETWORK_MESSAGES: tuple[tuple[type[BaseException], str], ...] = (
    (aiohttp.ServerDisconnectedError, "{provider} closed the connection"),
    (aiohttp.ClientConnectorError, "could not connect to {provider}"),
    (aiohttp.ClientPayloadError, "the answer from {provider} was cut off"),
    (ConnectionResetError, "the connection to {provider} was reset"),
    (aiohttp.ClientConnectionError, "the connection to {provider} failed"),
    (OSError, "network error while calling {provider}"),
    (aiohttp.ClientError, "HTTP error while calling {provider}"),
)


def parse_retry_after(
    headers: Mapping[str, str], cap: float, *, now: float | None = None
) -> float | None:
    """Seconds to wait from ``retry-after-ms`` (milliseconds) or ``Retry-After`` (seconds or an
    HTTP date), clamped to ``[0, cap]``; ``None`` when absent or unreadable.

    >>> parse_retry_after({"Retry-After": "120"}, 60.0)
    60.0
    """
    lowered = {k.lower(): v for k, v in headers.items()}
    seconds = _float(lowered.get("retry-after-ms"))
    if seconds is not None:
        seconds /= 1000.0
    else:
        seconds = _retry_after_value(lowered.get("retry-after"), now)
    if seconds is None:
        return None
    return max(0.0, min(seconds, cap))


# deciding: status x signal -> class


def _build(
    provider: str,
    status: int,
    fault: _Fault,
    quota_codes: frozenset[int],
    retry_after: float | None,
) -> ProviderError:
    cls = _gate(_choose(status, _signal(fault)), status, quota_codes)
    message = clean_message(fault.message) or f"{provider} answered HTTP {status}"
    return cls(message, provider=provider, upstream_status=status, retry_after=retry_after)


def _choose(status: int, signal: Signal | None) -> type[ProviderError]:
    if status >= 500 or status < 400:
        return _choose_5xx(status, signal)
    spent = signal in (Signal.QUOTA, Signal.CREDIT)
    if status == 402:
        return PaymentRequired
    if status == 429:
        return QuotaExhausted if spent else RateLimited
    if status == 403:
        return QuotaExhausted if spent else AuthFailed
    if status == 401:
        return AuthFailed
    if status == 413:
        return ContextTooLong
    return UpstreamBadRequest if signal is None else _BY_SIGNAL.get(signal, UpstreamBadRequest)


def _choose_5xx(status: int, signal: Signal | None) -> type[ProviderError]:
    if status == 500 and signal is Signal.CONTEXT:
        return ContextTooLong
    if status in (502, 503, 504, 529):
        return Overloaded
    return ServerError


def _gate(
    cls: type[ProviderError], status: int, quota_codes: frozenset[int]
) -> type[ProviderError]:
    """Among 4xx and 529, only ``quota_codes`` may fall over; the rest is surfaced. A 403 that
    says the quota is spent always falls over: the failure table names it, and a 403 that is
    not a quota error is an authorisation failure, which is never fallen over anyway."""
    gated = 400 <= status < 500 or status == 529
    if status == 403 and cls is QuotaExhausted:
        return cls
    if cls.fall_over and gated and status not in quota_codes:
        return UpstreamBadRequest
    return cls


def _signal(fault: _Fault) -> Signal | None:
    if fault.quota_ids:
        return Signal.QUOTA if any(map(_long_window, fault.quota_ids)) else Signal.RATE
    for key in fault.keys:
        if key in _STRUCTURED:
            return _STRUCTURED[key]
    lowered = fault.message.lower()
    for signal, patterns in TEXT_PATTERNS:
        if any(p in lowered for p in patterns):
            return signal
    return None


def _long_window(quota_id: str) -> bool:
    lowered = quota_id.lower()
    return any(w in lowered for w in ("perday", "permonth", "daily", "monthly"))


def _stream_status(fault: _Fault, status_hint: int) -> int:
    if fault.code is not None and 400 <= fault.code <= 599:
        return fault.code
    for key in fault.keys:
        if key in _KEY_STATUS:
            return _KEY_STATUS[key]
    return status_hint


# decoding: body -> _Fault


def _decode(body: bytes) -> _Fault:
    try:
        data: object = orjson.loads(body)
    except orjson.JSONDecodeError:
        return _Fault(message=_plain_text(body))
    return _from_data(data, body)


def _from_data(data: object, raw: bytes) -> _Fault:
    if isinstance(data, list) and data:
        data = data[0]  # Gemini's non-SSE stream answers [{"error": {...}}]
    if not isinstance(data, dict):
        return _Fault(message=_plain_text(raw))
    error = data.get("error")
    if isinstance(error, dict):
        return _from_object(error)
    if isinstance(error, str):
        return _from_string(error)
    return _Fault(message=_str(data.get("message")) or _str(data.get("detail")))


def _from_string(text: str) -> _Fault:
    """Ollama's ``{"error": "..."}``; the string may itself be a llama.cpp JSON error."""
    if text.lstrip().startswith("{"):
        try:
            nested: object = orjson.loads(text)
        except orjson.JSONDecodeError:
            return _Fault(message=text)
        return _from_data(nested, text.encode())
    return _Fault(message=text)


def _from_object(error: dict[str, object]) -> _Fault:
    details = error.get("details")
    quota_ids, reasons, delay = _google_details(details if isinstance(details, list) else [])
    code = error.get("code")
    keys = (
        _get(details, "error_code"),  # Anthropic: enforced_spend_limit_reached
        _str(code),
        *reasons,
        *_pluck(error.get("errors"), "reason"),  # Vertex AI: rateLimitExceeded
        _get(error.get("innererror"), "code"),  # Azure: ResponsibleAIPolicyViolation
        _str(error.get("type")),
        _str(error.get("status")),
    )
    return _Fault(
        message=_str(error.get("message")),
        keys=tuple(k.lower() for k in keys if k),
        quota_ids=quota_ids,
        retry_delay=delay,
        code=_int_code(code),
    )


def _google_details(
    details: list[object],
) -> tuple[tuple[str, ...], tuple[str, ...], float | None]:
    """QuotaFailure quota ids, ErrorInfo reasons and RetryInfo delay of a google.rpc error."""
    quota_ids: list[str] = []
    reasons: list[str] = []
    delay: float | None = None
    for item in details:
        if not isinstance(item, dict):
            continue
        kind = _str(item.get("@type"))
        if kind.endswith("QuotaFailure"):
            quota_ids.extend(_pluck(item.get("violations"), "quotaId", "quotaMetric"))
        elif kind.endswith("ErrorInfo"):
            reasons.append(_str(item.get("reason")))
        elif kind.endswith("RetryInfo"):
            delay = _duration(item.get("retryDelay"))
    return tuple(quota_ids), tuple(reasons), delay


def _pluck(items: object, *names: str) -> list[str]:
    """The first non-empty of ``names`` in each object of a JSON list."""
    if not isinstance(items, list):
        return []
    found = (next((v for n in names if (v := _get(i, n))), "") for i in items)
    return [v for v in found if v]


def _get(obj: object, name: str) -> str:
    return _str(obj.get(name)) if isinstance(obj, dict) else ""


def _unframe(payload: bytes) -> bytes:
    """The JSON of an SSE frame: ``event: error``/``data: {...}``, llama.cpp ``error: {...}``."""
    stripped = payload.strip()
    if stripped[:1] in (b"{", b"["):
        return stripped
    for line in stripped.splitlines():
        name, _, value = line.partition(b":")
        if name.strip() in (b"data", b"error") and value.strip()[:1] in (b"{", b"["):
            return value.strip()
    return stripped


def clean_message(text: str) -> str:
    """One line, keys redacted, at most :data:`MAX_MESSAGE` characters.

    >>> clean_message("Incorrect API key provided: sk-proj-abcdefgh12345678.  Try again")
    'Incorrect API key provided: [redacted]. Try again'
    """
    text = _SECRET.sub("[redacted]", " ".join(text.split()))
    return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 1] + "…"


def _plain_text(body: bytes) -> str:
    text = body.decode("utf-8", "replace").strip()
    return "" if text.startswith("<") else text  # an HTML error page says nothing useful


def _retry_after_value(value: str | None, now: float | None) -> float | None:
    if value is None:
        return None
    seconds = _float(value)
    if seconds is not None:
        return seconds
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return when.timestamp() - (time.time() if now is None else now)


def _duration(value: object) -> float | None:
    """A protobuf Duration in JSON: ``"47s"``, ``"0.5s"``."""
    match = _SECONDS.match(value) if isinstance(value, str) else None
    return float(match.group(1)) if match else None


def _float(value: str | None) -> float | None:
    try:
        return None if value is None else float(value)
    except ValueError:
        return None


def _int_code(value: object) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None


def _str(value: object) -> str:
    return value if isinstance(value, str) else ""
