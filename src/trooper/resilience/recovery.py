"""Auto recovery (``AUTO_RECOVERY=true``): a health check of every cloud provider against its
free model-list endpoint, every ``TROOPER_HEALTH_INTERVAL_S``. When a provider whose breaker is
open answers again, its breaker closes and traffic returns to it. No inference, no cost.
"""

from __future__ import annotations

import asyncio
import logging

import aiohttp

from trooper.providers.base import Provider
from trooper.resilience.breaker import Breakers

log = logging.getLogger("trooper")


class Recovery:
    def __init__(
        self,
        session: aiohttp.ClientSession,
        providers: list[Provider],
        breakers: Breakers,
        interval_s: float,
    ) -> None:
        self.session = session
        self.providers = [p for p in providers if not p.local and p.api_key]
        self.breakers = breakers
        self.interval_s = interval_s

    async def run(self) -> None:
        while True:
            await asyncio.sleep(self.interval_s)
            await self.check_all()

    async def check_all(self) -> None:
        """One round of checks; only providers with a breaker not closed are looked at."""
        tripped = {key.split("/", 1)[0] for key, b in self.breakers.items() if b.state != "closed"}
        for provider in self.providers:
            if provider.name in tripped and await self.healthy(provider):
                log.info("✅ %s answers again — routing back to it", provider.name)
                self.breakers.reset_provider(provider.name)

    async def healthy(self, provider: Provider) -> bool:
        check = provider.health()
        try:
            async with asyncio.timeout(5):
                async with self.session.get(
                    check.url, headers=check.headers, allow_redirects=False
                ) as response:
                    return response.status < 300  # a redirect is not followed with the key
        except (aiohttp.ClientError, OSError, TimeoutError):
            return False
