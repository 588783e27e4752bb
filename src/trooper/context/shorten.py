"""Shortening from the middle: a message too big for its share loses its middle, not its ends.

    >>> text = "head " + "filler " * 500 + "tail"
    >>> short = shorten_text(text, 40)
    >>> short.startswith("head"), short.endswith("tail"), estimate_text(short) <= 40
    (True, True, True)

Every shortening keeps the structure valid: a tool result keeps its id, an image becomes a
short text, and a thinking block, whose signature would no longer match, is left out. A tool call
is kept exact (a model shown a mangled command may run it): :func:`fit_messages` cuts the other
parts around it, and only a caller that has no other way (``exact_calls=False``) lets a call's
long string values lose their middles.

What is cut is the longest first: every message (and every part within one) is brought down to
one cap, the highest that fits ("water filling"), so whatever is under the cap stays verbatim.
"""

from __future__ import annotations

from collections.abc import Sequence

from trooper.context.tokens import (
    MESSAGE_OVERHEAD,
    PART_OVERHEAD,
    estimate_message,
    estimate_part,
    estimate_text,
)
from trooper.model.conversation import (
    DocumentPart,
    ImagePart,
    JSONObject,
    JSONValue,
    Message,
    Part,
    TextPart,
    ThinkingPart,
    ToolCallPart,
    ToolResultPart,
)

IMAGE_PLACEHOLDER = "[image elided]"
ELLIPSIS = "…"
MIN_PART_TOKENS = 16
"""Below this a part is not worth cutting further."""
_ATTEMPTS = 8


def _marker(tokens: int) -> str:
    return f"…[{tokens} tokens elided]…"


def _cut(text: str, keep: int, total: int) -> str:
    head = text[: (keep + 1) // 2]
    tail = text[len(text) - keep // 2 :] if keep > 1 else ""
    elided = max(1, total - estimate_text(head) - estimate_text(tail))
    return head + _marker(elided) + tail


def shorten_text(text: str, max_tokens: int) -> str:
    """``text`` with its middle replaced by a marker so that it costs at most ``max_tokens``.

    Returns ``text`` itself when it already fits; a bare marker (or ``"…"``, or ``""``) when
    nothing of it can be kept.
    """
    total = estimate_text(text)
    if total <= max_tokens:
        return text
    room = max_tokens - estimate_text(_marker(total))
    keep = len(text) * room // total if room > 0 else 0
    for _ in range(_ATTEMPTS if keep > 0 else 0):
        candidate = _cut(text, keep, total)
        cost = estimate_text(candidate)
        if cost <= max_tokens:
            return candidate
        # the kept ends were denser than the average: scale down by the overshoot
        keep = min(keep - 1, keep * max_tokens // cost - 1)
        if keep <= 0:
            break
    for candidate in (_marker(total), ELLIPSIS):
        if estimate_text(candidate) <= max_tokens:
            return candidate
    return ""


def _shrink_strings(value: JSONValue, limit: int) -> JSONValue:
    """``value`` with every string longer than ``limit`` characters cut from its middle."""
    if isinstance(value, str) and len(value) > limit:
        return value[: limit // 2] + "…" + value[len(value) - limit // 2 :]
    if isinstance(value, list):
        return [_shrink_strings(v, limit) for v in value]
    if isinstance(value, dict):
        return {k: _shrink_strings(v, limit) for k, v in value.items()}
    return value


def _shrink_call(part: ToolCallPart, max_tokens: int) -> ToolCallPart:
    limit = 4096
    while limit >= 8:
        shrunk = _shrink_strings(part.arguments, limit)
        assert isinstance(shrunk, dict)
        candidate = ToolCallPart(part.id, part.name, shrunk)
        if estimate_part(candidate) <= max_tokens:
            return candidate
        limit //= 2
    arguments: JSONObject = _shrink_strings(part.arguments, 8)  # type: ignore[assignment]
    return ToolCallPart(part.id, part.name, arguments)


def _shrink_result(part: ToolResultPart, max_tokens: int) -> ToolResultPart:
    frame = estimate_part(ToolResultPart(part.tool_call_id, [TextPart("")]))
    text = part.text() or ""
    if any(isinstance(p, ImagePart) for p in part.content):
        text = f"{text}\n{IMAGE_PLACEHOLDER}" if text else IMAGE_PLACEHOLDER
    short = shorten_text(text, max(0, max_tokens - frame)) or ELLIPSIS
    return ToolResultPart(part.tool_call_id, [TextPart(short)], part.is_error, part.name)


def shrink_part(part: Part, max_tokens: int) -> Part | None:
    """A version of ``part`` costing at most about ``max_tokens``; ``None`` to leave it out."""
    if isinstance(part, TextPart):
        return TextPart(shorten_text(part.text, max(0, max_tokens - PART_OVERHEAD)) or ELLIPSIS)
    if isinstance(part, ToolCallPart):
        return _shrink_call(part, max_tokens)
    if isinstance(part, ToolResultPart):
        return _shrink_result(part, max_tokens)
    if isinstance(part, ThinkingPart):
        return None  # its signature would not survive an edit
    if isinstance(part, DocumentPart):
        return TextPart(
            shorten_text(part.as_text(), max(0, max_tokens - PART_OVERHEAD)) or ELLIPSIS
        )
    return TextPart(IMAGE_PLACEHOLDER)  # an ImagePart


def _level(costs: list[int], room: int) -> int:
    """The largest cap ``c`` with ``sum(min(cost, c)) <= room`` ("water filling")."""
    spent = 0
    ordered = sorted(costs)
    for i, cost in enumerate(ordered):
        left = len(ordered) - i
        if spent + cost * left > room:
            return max(0, (room - spent) // left)
        spent += cost
    return ordered[-1] if ordered else 0


def _fit_parts(message: Message, max_tokens: int, exact_calls: bool) -> Message:
    """``message`` with every part cut to one cap, the highest that fits ``max_tokens`` (tool
    calls, when ``exact_calls``, are left as they are and their cost set aside)."""
    fixed = [exact_calls and isinstance(p, ToolCallPart) for p in message.parts]
    full = [estimate_part(p) for p in message.parts]
    framing = estimate_message(Message(message.role, []))
    room = max_tokens - framing - sum(c for c, f in zip(full, fixed, strict=True) if f)
    costs = [0 if f else c for c, f in zip(full, fixed, strict=True)]
    parts = list[Part | None](message.parts)
    cap = max(costs, default=0)
    for _ in range(_ATTEMPTS):
        if sum(costs) <= room or cap <= MIN_PART_TOKENS:
            break
        cap = max(MIN_PART_TOKENS, min(cap - 1, _level(costs, room)))
        for j, cost in enumerate(full):
            if not fixed[j] and cost > cap and costs[j] > cap:
                new = shrink_part(message.parts[j], cap)
                parts[j] = new
                costs[j] = estimate_part(new) if new is not None else 0
    return _rebuild(message, parts)


def fit_messages(
    messages: Sequence[Message],
    max_tokens: int,
    *,
    keep_short: int = 0,
    exact_calls: bool = True,
) -> list[Message]:
    """Copies of ``messages`` costing at most ``max_tokens`` together, if cutting can get there.

    Each message gets at most the same cap, the highest that fits ("water filling"): messages
    under it stay verbatim, bigger ones have their parts cut the same way, from their middles.
    The cap counts only what can be cut (not the framing, nor tool calls, which are exact unless
    ``exact_calls`` is false), and never goes below ``keep_short``: a message that short is not
    worth its marker, so it stays whole even if the result then passes ``max_tokens``. The
    caller checks the result's cost.
    """
    full = [estimate_message(m) for m in messages]
    fixed = [_uncuttable(m, exact_calls) for m in messages]
    costs = list(full)
    out = [Message(m.role, list(m.parts)) for m in messages]
    room = max_tokens - sum(fixed)
    floor = max(MIN_PART_TOKENS, keep_short)
    cap = max((c - f for c, f in zip(full, fixed, strict=True)), default=0)
    for _ in range(_ATTEMPTS):
        if sum(costs) <= max_tokens or cap <= floor:
            break
        level = _level([c - f for c, f in zip(costs, fixed, strict=True)], room)
        cap = max(floor, min(cap - 1, level))
        for i, cost in enumerate(full):
            if cost - fixed[i] > cap and costs[i] - fixed[i] > cap:
                out[i] = _fit_parts(messages[i], fixed[i] + cap, exact_calls)
                costs[i] = estimate_message(out[i])
    return out


def _uncuttable(message: Message, exact_calls: bool) -> int:
    """What no cut can take from ``message``: its framing, and its tool calls if exact."""
    calls = sum(estimate_part(p) for p in message.parts if isinstance(p, ToolCallPart))
    return MESSAGE_OVERHEAD + (calls if exact_calls else 0)


def _rebuild(message: Message, parts: list[Part | None]) -> Message:
    kept = [p for p in parts if p is not None]
    return Message(message.role, kept or [TextPart(ELLIPSIS)])
