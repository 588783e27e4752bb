"""When to try the same provider again, and after how long. Never a tight loop: at most one
retry per provider per request, always after a wait.

    >>> from trooper.errors import RateLimited, ServerError
    >>> policy = RetryPolicy(backoff_s=2.0, cap_s=30.0, rng=lambda: 0.5)
    >>> policy.delay(RateLimited("slow down"), attempt=0)
    2.0
    >>> policy.delay(RateLimited("slow down", retry_after=120), attempt=0) is None  # too long
    True
    >>> policy.delay(ServerError("boom"), attempt=1) is None  # retried once already
    True
"""

from __future__ import annotations

import random
from collections.abc import Callable

from trooper.errors import ProviderError, RateLimited

#: A 500 is retried sooner than a rate limit: nothing says the provider needs a pause.
SERVER_ERROR_SHARE = 0.25


class RetryPolicy:
    def __init__(
        self, backoff_s: float, cap_s: float, rng: Callable[[], float] = random.random
    ) -> None:
        self.backoff_s = backoff_s
        self.cap_s = cap_s
        self._rng = rng

    def delay(self, err: ProviderError, attempt: int) -> float | None:
        """Seconds to wait before retrying the provider that raised ``err`` on its
        ``attempt``-th try (0 first), or ``None`` to move on to the next provider.

        A ``Retry-After`` longer than the cap is not waited for: the next provider answers
        sooner than the user would wait."""
        if not err.retry_same or attempt >= 1:
            return None
        if err.retry_after is not None:
            return err.retry_after if err.retry_after <= self.cap_s else None
        base = (
            self.backoff_s if isinstance(err, RateLimited) else self.backoff_s * SERVER_ERROR_SHARE
        )
        return base * (0.75 + 0.5 * self._rng())
