"""The planner: turns a request into a :class:`~trooper.resilience.chain.Plan`, the ordered
targets that may serve it.

    cloud route        family's provider first, the other usable cloud providers, local last
    simple turn        local first; the cloud only if the local model fails
    x_force_local      local only: the cloud is never a target, not even as a fallback
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from trooper.model.conversation import ChatRequest
from trooper.providers.base import ClientCredentials, Provider
from trooper.resilience.chain import Plan, Target

if TYPE_CHECKING:
    from trooper.routing.classifier import Classifier

log = logging.getLogger("trooper")

#: Orderings remembered per (model, usable providers); cleared when full.
CACHE_SIZE = 1024


class Planner:
    def __init__(self, providers: list[Provider], classifier: Classifier | None) -> None:
        self.cloud = [p for p in providers if not p.local]
        self.local = next(p for p in providers if p.local)
        self.classifier = classifier
        self._cache: dict[tuple[str, tuple[Provider, ...]], list[Target]] = {}
        self._local = Target(self.local, self.local.default_model)

    def plan(self, req: ChatRequest, creds: ClientCredentials, force_local: bool) -> Plan:
        local = self._local
        if force_local:
            log.info("🔒 Developer requested local-only (x_force_local) — skipping cloud")
            return Plan("force_local", [local], creds, "force_local")
        cloud = self._cloud_targets(req.model, creds)
        if not cloud:
            return Plan("cloud", [local], creds, "no cloud keys")
        if self.classifier is not None:
            decision = self.classifier.classify(req)
            if decision.local:
                return Plan("local", [local, *cloud], creds, decision.rule)
            return Plan("cloud", [*cloud, local], creds, f"cloud: {decision.rule}")
        return Plan("cloud", [*cloud, local], creds, "")

    def _cloud_targets(self, model: str, creds: ClientCredentials) -> list[Target]:
        """The cloud targets in order (a list remembered: the caller copies it into its plan)."""
        usable = tuple([p for p in self.cloud if p.usable(creds)])
        key = (model, usable)
        targets = self._cache.get(key)
        if targets is None:
            if len(self._cache) >= CACHE_SIZE:
                self._cache.clear()
            targets = self._cache[key] = self._order(model, usable)
        return targets

    def _order(self, model: str, usable: tuple[Provider, ...]) -> list[Target]:
        known = any(p.owns(model) for p in self.cloud)
        # The client's model goes to its own family's provider, which is tried first.
        ordered = sorted(usable, key=lambda p: not p.owns(model))
        return [Target(p, p.model_for(model, known=known)) for p in ordered]
