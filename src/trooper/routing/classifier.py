"""The deterministic router: does this turn need the cloud, or can the local model answer it?

Rule-based: no model call, no network, a few microseconds. It reads the latest user turn and what
the request shows (tools, images, how long the history is) and applies the rules of
``rules.toml`` (the order is documented there). Anything it does not recognise goes to the cloud.

    >>> from trooper.model.conversation import ChatRequest, Message, TextPart
    >>> router = Classifier.from_file(None)
    >>> ask = lambda text: ChatRequest("m", [Message("user", [TextPart(text)])])
    >>> router.classify(ask("how many days in a week")).header()
    'ollama (simple turn) | cloud skipped'
    >>> router.classify(ask("explain why goroutines are better than threads")).header()
    'cloud (reasoning)'
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

from trooper.model.conversation import ChatRequest, ToolResultPart
from trooper.routing.rules import RuleGroup, RulesError, RuleSet, load_rules

_FLAGS = re.IGNORECASE | re.MULTILINE


@dataclass(frozen=True, slots=True)
class Decision:
    """Where a request goes and the rule that sent it there.

    ``group`` names the rules-file group (or built-in check) that matched; it is for logs and
    does not take part in equality.
    """

    local: bool
    rule: str
    group: str = field(default="", compare=False)

    def header(self) -> str:
        """The ``X-Trooper-Decision`` value: ``ollama (simple turn) | cloud skipped``."""
        if self.local:
            return f"ollama ({self.rule}) | cloud skipped"
        return f"cloud ({self.rule})"


@dataclass(frozen=True, slots=True)
class _Compiled:
    """One rule group compiled into a single regex."""

    name: str
    rule: str
    regex: re.Pattern[str]
    cloud_if_long_history: str | None


_TOOLS = Decision(False, "tools", "request")
_IMAGES = Decision(False, "images", "request")
_UNCLEAR = Decision(False, "unclear", "default")


class Classifier:
    """Decides each request from one rule set, compiled once.

    >>> Classifier.from_file(None).rules.limits.max_words
    20
    """

    def __init__(self, rules: RuleSet) -> None:
        self.rules = rules
        self._cloud = tuple(_compile(g, rules) for g in rules.cloud)
        self._local = tuple(_compile(g, rules) for g in rules.local)
        self._max_words = rules.limits.max_words
        self._too_long = Decision(False, f"over {self._max_words} words", "limits")

    @classmethod
    def from_file(cls, path: str | os.PathLike[str] | None) -> Classifier:
        """The packaged rules (``None``), or a user's rules file over or instead of them."""
        return cls(load_rules(path))

    def classify(self, req: ChatRequest) -> Decision:
        """The decision for ``req``; the same request always gets the same decision."""
        decision = _request_check(req)
        if decision is not None:
            return decision
        text = req.latest_user_text()
        for group in self._cloud:
            if group.regex.search(text):
                return Decision(False, group.rule, group.name)
        if len(text.split(maxsplit=self._max_words)) > self._max_words:
            return self._too_long
        return self._local_decision(req, text)

    def _local_decision(self, req: ChatRequest, text: str) -> Decision:
        for group in self._local:
            if not group.regex.search(text):
                continue
            if group.cloud_if_long_history and self._long_history(req):
                return Decision(False, group.cloud_if_long_history, group.name)
            return Decision(True, group.rule, group.name)
        return _UNCLEAR

    def _long_history(self, req: ChatRequest) -> bool:
        """More earlier messages, or more system + earlier text, than the limits allow."""
        limits = self.rules.limits
        earlier = req.messages[:-1]
        if len(earlier) > limits.long_history_messages:
            return True
        chars = len(req.system or "") + sum(len(m.text()) for m in earlier)
        return chars > limits.long_history_chars


def _request_check(req: ChatRequest) -> Decision | None:
    """What the request itself shows, before reading the text: tools, images, no user turn."""
    if req.tools:
        return _TOOLS
    if not req.messages or req.messages[-1].role != "user":
        return _UNCLEAR
    if req.messages[-1].has(ToolResultPart):
        return _TOOLS
    if req.has_images():
        return _IMAGES
    if not req.latest_user_text().strip():
        return _UNCLEAR
    return None


def _compile(group: RuleGroup, rules: RuleSet) -> _Compiled:
    """One alternation of the group's patterns; a broken pattern is named in the error."""
    expanded = [rules.expand(p) for p in group.patterns]
    for raw, pattern in zip(group.patterns, expanded, strict=True):
        try:
            re.compile(pattern, _FLAGS)
        except re.error as exc:
            raise RulesError(f"group {group.name!r}: bad pattern {raw!r}: {exc}") from exc
    regex = re.compile("|".join(f"(?:{p})" for p in expanded), _FLAGS)
    return _Compiled(group.name, group.rule, regex, group.cloud_if_long_history)
