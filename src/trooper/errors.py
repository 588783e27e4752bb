"""Trooper's one error tree. Every failure is one of these, decided once, where it happens.

    TrooperError
    ├── ClientError                    the client's request is wrong; never reaches a provider
    │   ├── InvalidRequest             400  bad JSON, missing fields, wrong types
    │   ├── NotFound                   404
    │   ├── AuthRequired               401  Trooper's own token is missing or wrong
    │   └── PayloadTooLarge            413
    ├── ProviderError                  an upstream failed; the flags say what happens next
    │   ├── RateLimited                429  wait (Retry-After), retry once, then fall over
    │   ├── QuotaExhausted             429/403 quota or billing used up: fall over, breaker opens
    │   ├── PaymentRequired            402  fall over
    │   ├── CreditBalance              400  credit balance too low: fall over
    │   ├── ContextTooLong             400  fall over with the conversation compacted
    │   ├── UpstreamBadRequest         400  surface to the client
    │   ├── ContentPolicy              400  surface the provider's reason
    │   ├── AuthFailed                 401/403  surface: bad keys are never masked
    │   ├── ServerError                500  retry once, then fall over
    │   ├── Overloaded                 503/529  fall over
    │   ├── NetworkError               connect/reset: fall over
    │   ├── UpstreamTimeout            no connection, no first token, or silence: fall over
    │   ├── StreamCut                  a stream ended before its answer did
    │   ├── UpstreamRedirect           3xx: never followed (the key stays home): fall over
    │   └── ResponseTooLarge           a body or stream line over its limit: fall over
    ├── NoProviderAvailable            the chain ran out; carries every attempt's error
    │   └── LocalOnlyFailed            x_force_local and the local model failed: fails closed
    └── TooManyStreams                 429  TROOPER_MAX_STREAMS streams are already open

Flags on ProviderError:
    retry_same  try the same provider once more (after ``retry_after`` seconds)
    fall_over   move on to the next provider of the chain
    health      counts against the provider's circuit breaker
    trip        opens the breaker at once (a spent quota will not come back in seconds)
    status      the HTTP status shown to the client when the error is surfaced
"""

from __future__ import annotations

from typing import ClassVar


class TrooperError(Exception):
    """Base of every error Trooper raises on purpose."""

    status: ClassVar[int] = 500
    kind: ClassVar[str] = "api_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ClientError(TrooperError):
    status = 400
    kind = "invalid_request_error"


class InvalidRequest(ClientError):
    pass


class NotFound(ClientError):
    status = 404
    kind = "not_found_error"


class AuthRequired(ClientError):
    status = 401
    kind = "authentication_error"


class PayloadTooLarge(ClientError):
    status = 413
    kind = "request_too_large"


class ProviderError(TrooperError):
    """An upstream failure. ``reason`` is the short name shown in headers and logs."""

    status = 502
    kind = "api_error"
    reason: ClassVar[str] = "provider_error"
    retry_same: ClassVar[bool] = False
    fall_over: ClassVar[bool] = True
    health: ClassVar[bool] = True
    trip: ClassVar[bool] = False

    def __init__(
        self,
        message: str,
        *,
        provider: str = "",
        upstream_status: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.provider = provider
        self.upstream_status = upstream_status
        self.retry_after = retry_after


class RateLimited(ProviderError):
    status = 429
    kind = "rate_limit_error"
    reason = "rate_limited"
    retry_same = True


class QuotaExhausted(ProviderError):
    status = 429
    kind = "rate_limit_error"
    reason = "quota_exceeded"
    trip = True


class PaymentRequired(ProviderError):
    status = 402
    kind = "billing_error"
    reason = "payment_required"
    trip = True


class CreditBalance(ProviderError):
    status = 400
    kind = "invalid_request_error"
    reason = "credit_balance"
    trip = True


class ContextTooLong(ProviderError):
    status = 400
    kind = "invalid_request_error"
    reason = "context_length"
    health = False


class UpstreamBadRequest(ProviderError):
    status = 400
    kind = "invalid_request_error"
    reason = "bad_request"
    fall_over = False
    health = False


class ContentPolicy(ProviderError):
    status = 400
    kind = "invalid_request_error"
    reason = "content_policy"
    fall_over = False
    health = False


class AuthFailed(ProviderError):
    status = 401
    kind = "authentication_error"
    reason = "unauthorized"
    fall_over = False
    health = False


class ServerError(ProviderError):
    status = 502
    reason = "server_error"
    retry_same = True


class Overloaded(ProviderError):
    status = 529
    kind = "overloaded_error"
    reason = "overloaded"


class NetworkError(ProviderError):
    status = 502
    reason = "network_error"


class UpstreamTimeout(ProviderError):
    status = 504
    kind = "timeout_error"
    reason = "timeout"


class StreamCut(ProviderError):
    status = 502
    reason = "stream_cut"


class UpstreamRedirect(ProviderError):
    """The provider's address answered with a redirect; following it would send the API key
    to another server, so it is a failure of that provider."""

    status = 502
    reason = "redirect"


class ResponseTooLarge(ProviderError):
    """An answer body (``TROOPER_MAX_RESPONSE_BYTES``) or a stream line or event
    (``TROOPER_MAX_LINE_BYTES``) passed its limit; the rest is not read."""

    status = 502
    reason = "response_too_large"


class NoProviderAvailable(TrooperError):
    """Every provider of the chain failed or was skipped."""

    status = 503
    kind = "overloaded_error"

    def __init__(self, message: str, attempts: list[ProviderError] | None = None) -> None:
        super().__init__(message)
        self.attempts = attempts or []


class LocalOnlyFailed(NoProviderAvailable):
    """A request that must stay local could not be served locally. The cloud was not tried."""


class TooManyStreams(TrooperError):
    """Trooper's own limit on concurrent streams is reached; the client may retry shortly."""

    status = 429
    kind = "rate_limit_error"
