"""The ``X-Trooper-*`` headers: every response says what happened.

X-Trooper-Provider: ollama
X-Trooper-Fallback-Count: 1
X-Trooper-Decision: ollama (fallback: credit_balance)
X-Trooper-Summary: claude → ollama (credit_balance) | context ✓
X-Trooper-Session-Saved: 42 tokens
"""

from __future__ import annotations

from multidict import istr

from trooper.model.conversation import ChatRequest
from trooper.resilience.chain import Outcome

# The names as multidict's case-insensitive strings (plain strings to everything else): an
# answer's headers are filed without folding each name's case on every response.
PROVIDER = istr("X-Trooper-Provider")
FALLBACK_COUNT = istr("X-Trooper-Fallback-Count")
DECISION = istr("X-Trooper-Decision")
SUMMARY = istr("X-Trooper-Summary")
SESSION_SAVED = istr("X-Trooper-Session-Saved")
SESSION_ID = istr("X-Trooper-Session-Id")


def decision(outcome: Outcome, served: str) -> str:
    """Why the serving provider (``served``) served: the route, or the failure that led to it."""
    plan = outcome.plan
    if plan.route == "force_local":
        return f"{served} (force_local) | privacy mode"
    if outcome.failures:
        return f"{served} (fallback: {outcome.failures[0].reason})"
    if plan.route == "local":
        return f"{served} ({plan.rule}) | cloud skipped"
    return f"{served} ({plan.rule})" if plan.rule else f"{served} (direct)"


def summary(outcome: Outcome, served: str, carried_context: bool) -> str:
    """The path the request took: ``claude (direct) ✓`` or ``claude → ollama (reason)``."""
    plan = outcome.plan
    if not outcome.failures:
        if plan.route == "force_local":
            text = f"{served} (force_local) | privacy mode ✓"
        elif plan.route == "local":
            text = f"{served} ({plan.rule}) ✓"
        else:
            text = f"{served} (direct) ✓"
    else:
        path: list[str] = []
        for failure in outcome.failures:
            if failure.provider not in path:
                path.append(failure.provider)
        reasons = ", ".join(dict.fromkeys(f.reason for f in outcome.failures))
        text = " → ".join([*path, served]) + f" ({reasons})"
        if outcome.rescued:
            text += " | stream rescued"
    if carried_context and (outcome.failures or outcome.compaction is not None):
        text += " | context ✓"
    return text


def caveats(outcome: Outcome, req: ChatRequest) -> str:
    """What the serving provider could not honour, said rather than pretended: Ollama's native
    API cannot force a tool call."""
    choice = req.tool_choice
    if choice is None or not req.tools or (choice.mode != "any" and choice.name is None):
        return ""  # no tool call forced
    target = outcome.target
    if target is not None and target.provider.local and target.provider.speaks() is None:
        return " | tool choice not enforced"
    return ""


def trooper_headers(
    outcome: Outcome, saved: int, session_id: str, req: ChatRequest | None = None
) -> dict[str, str]:
    served = outcome.target.provider.name if outcome.target else "none"
    asked = outcome.request or req
    carried = outcome.request is not None and len(outcome.request.messages) > 1
    caveat = caveats(outcome, asked) if asked else ""
    return {
        PROVIDER: served,
        FALLBACK_COUNT: str(outcome.tried_and_failed),
        DECISION: decision(outcome, served) + caveat,
        SUMMARY: summary(outcome, served, carried),
        SESSION_SAVED: f"{saved} tokens",
        SESSION_ID: session_id,
    }
