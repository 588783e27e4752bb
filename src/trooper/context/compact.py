"""Anchor + SITREP + tail compaction: a long conversation cut to a token budget.

    >>> req = ChatRequest(model="m", messages=[
    ...     Message("user", [TextPart("Plan the release.")]),
    ...     Message("assistant", [TextPart("Sure. " + "Step by step. " * 400)]),
    ...     Message("user", [TextPart("What is first?")])])
    >>> result = compact(req, budget=1024)  # a new ChatRequest (``req`` itself when it fits)
    >>> result.request.messages[-1].text(), result.report.total_tokens <= 1024
    ('What is first?', True)
    >>> result.log_lines()[0]  # the lines to log
    '📦 Context compaction triggered — 1469 tokens exceeds 1024 budget'

One planning pass decides what is kept, in this order, then what is kept is cut only where it
must be. The layers, as shares of the budget left after the system prompt and tool definitions:

CURRENT       the latest user turn (with the tool calls it answers, and any prefill after it):
              verbatim whenever it fits the budget, everything else giving way first; else cut
              to the tail's share.
ANCHOR (10%)  the first two turns, verbatim within their share; past it the longest messages are
              cut from their middles, never one under ``SHORT_MESSAGE`` tokens. When the current
              turn leaves less, the anchor gives way further.
TAIL (70%)    the assistant turn the current one answers (whole if the share holds it, never
              cut below ``BEFORE_FLOOR``); then up to a fifth of the share for the middle turns
              that match the current question best (BM25 at least half the top score,
              :mod:`trooper.context.recall`); then the most recent turns, whole, while they fit.
SITREP (20%)  a rule-based summary of the dropped middle (:mod:`trooper.context.sitrep`),
              appended to the system prompt, so that every provider accepts it.
RECALL        whatever budget is still left is filled with dropped middle turns in BM25 order
              (most relevant first; ties and non-matches by recency), whole.

Middle turns are kept whole or dropped, never cut. A cut takes the longest first (every message
over one cap is brought down to it, :func:`~trooper.context.shorten.fit_messages`) and leaves
tool calls exact: a model shown a mangled command may run it. Only a call bigger than the window
itself is cut. Recalled turns are put back in their original order, between the anchor and the
tail. Shares are caps: what a layer leaves unused goes to recall. ``compact`` is deterministic
and costs about 10 ms for a 1,000-message, 200k-token conversation (``bench/bench_compaction.py``
on a quiet 2-core machine): every message is estimated once, and BM25 never tokenizes the
middle.

Invariants: the result never exceeds the budget; the system prompt is never dropped (cut from its
middle only past 25% of the budget); a tool call always travels with its result (they form one
unit); recalled turns keep their original order. For Anthropic's alternation rule, neighbours of
the same role left next to each other by the cut are merged into one message (a user message's
tool results first), and a short user note is put first if the result would start with the
assistant. The last message is the latest user turn (with any assistant prefill that followed it).
Raises :class:`~trooper.errors.PayloadTooLarge` only when what cannot be cut (tool definitions,
framing, ids) alone exceeds the budget.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from trooper.context.recall import bm25_steps
from trooper.context.shorten import fit_messages, shorten_text
from trooper.context.sitrep import Sitrep, extract_sitrep_steps, fit_sitrep
from trooper.context.tokens import (
    REQUEST_OVERHEAD,
    SYSTEM_OVERHEAD,
    estimate_each,
    estimate_message,
    estimate_request_steps,
    estimate_system,
    estimate_text,
    estimate_tool,
    json_bytes,
)
from trooper.errors import PayloadTooLarge
from trooper.model.conversation import (
    ChatRequest,
    DocumentPart,
    Message,
    TextPart,
    ToolCallPart,
    ToolResultPart,
)
from trooper.slices import Steps, drain, each

ANCHOR_SHARE = 0.10
SITREP_SHARE = 0.20
SYSTEM_SHARE = 0.25
RECALL_SHARE = 0.20
"""Part of the tail's share first offered to the most relevant dropped turns."""
STRONG_MATCH = 0.5
"""Only turns scoring at least this share of the best BM25 score get the recall reserve."""
BEFORE_FLOOR = 48
"""Tokens always left for the assistant turn that the current turn answers."""
ANCHOR_MESSAGES = 2
SITREP_SEPARATOR = "\n\n"
START_NOTE = "[Earlier turns were compacted by Trooper: see the SITREP in the system prompt.]"


@dataclass(slots=True)
class CompactionReport:
    """What compaction did, in the numbers its log lines show."""

    compacted: bool
    original_tokens: int
    budget: int
    anchor_turns: int = 0
    anchor_tokens: int = 0
    middle_turns: int = 0
    sitrep_tokens: int = 0
    recalled_turns: int = 0
    recalled_tokens: int = 0
    recent_turns: int = 0
    recent_tokens: int = 0
    total_tokens: int = 0

    def log_lines(self) -> list[str]:
        """The seed's log block; empty when nothing was compacted."""
        if not self.compacted:
            return []
        lines = [
            f"📦 Context compaction triggered — {self.original_tokens} tokens exceeds "
            f"{self.budget} budget",
            f"Anchor turns : {self.anchor_turns} (~{self.anchor_tokens} tokens)",
            f"Middle turns : {self.middle_turns} → SITREP (~{self.sitrep_tokens} tokens)",
        ]
        if self.recalled_turns:
            lines.append(f"Recalled turns : {self.recalled_turns} (~{self.recalled_tokens} tokens)")
        lines.append(f"Recent turns : {self.recent_turns} (~{self.recent_tokens} tokens)")
        lines.append(f"Tokens used : {self.total_tokens} / {self.budget}")
        return lines


@dataclass(slots=True)
class Compaction:
    """The compacted request, what was done, and the SITREP (``None`` when there is none)."""

    request: ChatRequest
    report: CompactionReport
    sitrep: Sitrep | None = None

    def log_lines(self) -> list[str]:
        return self.report.log_lines()


@dataclass(slots=True, eq=False)
class _Unit:
    """Messages that must stay together: one message, or a tool call and its results."""

    start: int
    messages: list[Message]
    tokens: int


def _call_ids(message: Message) -> set[str]:
    return {p.id for p in message.parts if isinstance(p, ToolCallPart)}


def _answered(message: Message, ids: set[str]) -> set[str]:
    if message.role != "user":
        return set()
    return {p.tool_call_id for p in message.parts if isinstance(p, ToolResultPart)} & ids


def units_of(messages: Sequence[Message], costs: Sequence[int]) -> list[_Unit]:
    """Messages grouped so that no tool call is ever separated from its results."""
    return drain(units_steps(messages, costs))


def units_steps(messages: Sequence[Message], costs: Sequence[int]) -> Steps[list[_Unit]]:
    """:func:`units_of`, a unit per step."""
    units: list[_Unit] = []
    i, n = 0, len(messages)
    while i < n:
        message = messages[i]
        ids = _call_ids(message) if message.role == "assistant" else None
        if not ids:  # the common case, kept cheap: one message, one unit
            units.append(_Unit(i, [message], costs[i]))
            i += 1
        else:
            j = i + 1
            while ids and j < n and (done := _answered(messages[j], ids)):
                ids -= done
                j += 1
            units.append(_Unit(i, list(messages[i:j]), sum(costs[i:j])))
            i = j
        yield
    return units


def _cost(messages: Sequence[Message]) -> int:
    return sum(estimate_message(m) for m in messages)


def _doc(unit: _Unit) -> str:
    pieces: list[str] = []
    for message in unit.messages:
        for part in message.parts:
            if isinstance(part, TextPart):
                pieces.append(part.text)
            elif isinstance(part, ToolCallPart):
                pieces.append(part.name + " " + json_bytes(part.arguments).decode())
            elif isinstance(part, ToolResultPart):
                pieces.append(part.text())
            elif isinstance(part, DocumentPart) and part.text:
                pieces.append(part.text)
    return "\n".join(pieces)


def _query(messages: Sequence[Message]) -> str:
    for message in reversed(messages):
        if message.role == "user":
            results = (p.text() for p in message.parts if isinstance(p, ToolResultPart))
            return "\n".join([message.text(), *results])
    return ""


@dataclass(slots=True)
class _Shape:
    """The conversation's units, by layer before any cut."""

    anchor: list[_Unit]
    middle: list[_Unit]
    before: list[_Unit]  # the assistant turn the current one answers (none or one unit)
    current: list[_Unit]  # the latest user turn (with a tool call it answers) and what follows


def _messages(units: Sequence[_Unit]) -> list[Message]:
    return [m for u in units for m in u.messages]


def _tokens(units: Sequence[_Unit]) -> int:
    return sum(u.tokens for u in units)


def _shape(units: list[_Unit], messages: Sequence[Message]) -> _Shape:
    if not units:
        return _Shape([], [], [], [])
    last_user = max((i for i, m in enumerate(messages) if m.role == "user"), default=-1)
    current = len(units) - 1
    while current > 0 and units[current].start > last_user:
        current -= 1
    while current > 0 and units[current - 1].messages[-1].role == "system":
        current -= 1  # the instructions the current turn came with: the ones that matter most
    block = current
    answers = block > 0 and units[block - 1].messages[-1].role == "assistant"
    if answers and units[block].messages[0].role in ("user", "system"):
        block -= 1
    anchor = min(block, sum(1 for u in units if u.start < ANCHOR_MESSAGES))
    return _Shape(units[:anchor], units[anchor:block], units[block:current], units[current:])


ANCHOR_FLOOR = 32
"""Tokens left for the anchor when the current turn's tool calls crowd it out."""
SHORT_MESSAGE = 64
"""Tokens under which a message is never cut to meet a layer's share: its marker would cost about
what the cut saves. Only the budget itself cuts it."""


@dataclass(slots=True)
class _Plan:
    """What is kept. ``anchor``, ``before`` and ``current`` are messages as they will be sent
    (cut where they had to be); ``tail`` and ``recalled`` are whole units of the middle."""

    budget: int
    system: str | None
    fixed: int
    opening: list[Message] = field(default_factory=list)  # the anchor's turns, uncut
    anchor: list[Message] = field(default_factory=list)
    before: list[Message] = field(default_factory=list)
    current: list[Message] = field(default_factory=list)
    tail: list[_Unit] = field(default_factory=list)
    recalled: list[_Unit] = field(default_factory=list)
    dropped: list[_Unit] = field(default_factory=list)
    sitrep: Sitrep | None = None
    sitrep_tokens: int = 0

    @property
    def room(self) -> int:
        return self.budget - self.fixed

    def held(self) -> int:
        """Tokens of the turns that are always sent: anchor, the turn answered, the current."""
        return _cost(self.anchor) + _cost(self.before) + _cost(self.current)

    def used(self) -> int:
        return self.fixed + self.held() + _tokens(self.tail + self.recalled) + self.sitrep_tokens


@dataclass(frozen=True, slots=True)
class _Caps:
    """Each layer's share of the room, in tokens."""

    anchor: int
    sitrep: int
    tail: int

    @classmethod
    def of(cls, room: int, has_middle: bool) -> _Caps:
        anchor = int(room * ANCHOR_SHARE)
        sitrep = int(room * SITREP_SHARE) if has_middle else 0
        return cls(anchor, sitrep, room - anchor - sitrep)


# --- the turns always sent: decided, then cut where they must be ------------------------------


def _keep_current(plan: _Plan, shape: _Shape, caps: _Caps) -> None:
    """The current turn: verbatim whenever it fits the room (everything else gives way first),
    else cut to the tail's share, its tool calls exact. If its calls alone pass that share, it
    takes what the anchor and the answered turn can spare; a call's own arguments are cut only
    when nothing else can be (one call bigger than the window)."""
    plan.current = current = _messages(shape.current)
    if _cost(current) <= plan.room:
        return
    floor = min(_tokens(shape.before), BEFORE_FLOOR)
    plan.current = fit_messages(current, caps.tail - floor)
    most = plan.room - floor - ANCHOR_FLOOR
    if _cost(plan.current) > caps.tail - floor:
        plan.current = fit_messages(current, most)
    if _cost(plan.current) > most:
        plan.current = fit_messages(current, caps.tail - floor, exact_calls=False)


def _keep_anchor(plan: _Plan, shape: _Shape, caps: _Caps) -> None:
    """The first turns: whole within their share; past it the longest are cut, short ones
    spared. When the current turn leaves less, the anchor gives way further: cut to what is
    left, and its last units dropped if their tool calls alone do not fit."""
    plan.opening = _messages(shape.anchor)
    anchor = fit_messages(plan.opening, caps.anchor, keep_short=SHORT_MESSAGE)
    left = plan.room - _cost(plan.current) - min(_tokens(shape.before), BEFORE_FLOOR)
    units = list(shape.anchor)
    while _cost(anchor) > left:
        anchor = fit_messages(_messages(units), left)
        if _cost(anchor) <= left or len(units) <= 1:
            break
        units.pop()
    plan.anchor = anchor


def _keep_before(plan: _Plan, shape: _Shape, caps: _Caps) -> None:
    """The assistant turn the current one answers: whole if the tail's share holds it beside
    the current turn, else cut (the longest first, short ones spared) but never below
    ``BEFORE_FLOOR``; left out if its tool calls alone do not fit."""
    before = _messages(shape.before)
    left = plan.room - _cost(plan.current) - _cost(plan.anchor)
    floor = min(_tokens(shape.before), BEFORE_FLOOR)
    target = min(left, max(floor, caps.tail - _cost(plan.current)))
    fitted = fit_messages(before, target, keep_short=SHORT_MESSAGE)
    if _cost(fitted) > left:
        fitted = fit_messages(before, left)
    plan.before = fitted if _cost(fitted) <= left else []


# --- the middle: whole turns, in order of value -----------------------------------------------


def _choose(middle: list[_Unit], order: list[int], room: int, taken: set[int]) -> list[_Unit]:
    """Whole units of ``middle`` in ``order`` (best first), not yet ``taken``, that fit ``room``."""
    chosen: list[_Unit] = []
    for index in order:
        unit = middle[index]
        if unit.tokens <= room and unit.start not in taken:
            chosen.append(unit)
            room -= unit.tokens
    return chosen


def _extend_tail(plan: _Plan, middle: list[_Unit], room: int) -> None:
    """The most recent middle units, whole, while they fit (recalled ones move over, free)."""
    recalled = {u.start for u in plan.recalled}
    tail: list[_Unit] = []
    for unit in reversed(middle):
        if unit.start in recalled:
            room += unit.tokens
        if unit.tokens > room:
            break
        tail.append(unit)
        room -= unit.tokens
    moved = {u.start for u in tail}
    plan.recalled = [u for u in plan.recalled if u.start not in moved]
    plan.tail = tail[::-1]


def _add_sitrep(plan: _Plan, room: int) -> Steps[None]:
    dropped = _messages(plan.dropped)
    if not dropped:
        return
    frame = estimate_text(SITREP_SEPARATOR) if plan.system else SYSTEM_OVERHEAD
    found = yield from extract_sitrep_steps(dropped, plan.opening)
    fitted = fit_sitrep(found, room - frame)
    if fitted is not None:
        plan.sitrep = fitted
        plan.sitrep_tokens = frame + estimate_text(fitted.render())


def _fill(plan: _Plan, middle: list[_Unit], query: str, caps: _Caps) -> Steps[None]:
    """The middle, within the shares: the turns most relevant to the question (up to a fifth
    of the tail's share), the most recent turns, the SITREP of the rest, then recall."""
    docs = yield from each(_doc, middle)
    scores = yield from bm25_steps(docs, [u.tokens for u in middle], query)
    yield
    # best score first, ties the most recent first (a stable sort of the indices, newest first)
    order = sorted(range(len(middle) - 1, -1, -1), key=scores.__getitem__, reverse=True)
    top = max(scores, default=0.0)
    relevant = [i for i in order if scores[i] > 0 and scores[i] >= top * STRONG_MATCH]
    tail_room = min(plan.budget - plan.used(), caps.tail - _cost(plan.before + plan.current))
    reserve = min(int(caps.tail * RECALL_SHARE), tail_room)
    plan.recalled = _choose(middle, relevant, reserve, set())
    _extend_tail(plan, middle, tail_room - _tokens(plan.recalled))
    kept = {u.start for u in plan.tail} | {u.start for u in plan.recalled}
    plan.dropped = [u for u in middle if u.start not in kept]
    yield
    yield from _add_sitrep(plan, min(caps.sitrep, plan.budget - plan.used()))
    plan.recalled += _choose(middle, order, plan.budget - plan.used(), kept)
    plan.recalled.sort(key=lambda u: u.start)


def _system(req: ChatRequest, budget: int) -> str | None:
    cap = int(budget * SYSTEM_SHARE)
    if req.system and estimate_system(req.system) > cap:
        return shorten_text(req.system, cap - SYSTEM_OVERHEAD) or None
    return req.system


def _plan(req: ChatRequest, budget: int, costs: list[int]) -> Steps[_Plan]:
    """Decide what is kept: first the turns always sent (the current one, the anchor, the turn
    it answers), cut only where they must be; then whole middle turns and the SITREP."""
    system = _system(req, budget)
    fixed = REQUEST_OVERHEAD + estimate_system(system) + sum(estimate_tool(t) for t in req.tools)
    noted = bool(req.messages) and req.messages[0].role != "user"
    if noted:
        fixed += estimate_message(_start_note())
    plan = _Plan(budget, system, fixed)
    if plan.room <= 0:
        raise PayloadTooLarge(f"the request cannot be compacted to {budget} tokens")
    units = yield from units_steps(req.messages, costs)
    shape = _shape(units, req.messages)
    caps = _Caps.of(plan.room, bool(shape.middle))
    _keep_current(plan, shape, caps)
    yield
    _keep_anchor(plan, shape, caps)
    yield
    if plan.used() > budget:
        _alone(plan, noted)
    else:
        _keep_before(plan, shape, caps)
        yield from _fill(plan, shape.middle, _query(req.messages), caps)
    if plan.used() > budget:
        raise PayloadTooLarge(f"the request cannot be compacted to {budget} tokens")
    return plan


def _alone(plan: _Plan, noted: bool) -> None:
    """The current turn leaves no room for even the first turn: it goes alone, with the user
    note first if it starts with the assistant (cut, if need be, to make room for the note)."""
    plan.anchor = []
    if plan.current and plan.current[0].role != "user" and not noted:
        plan.fixed += estimate_message(_start_note())
        if _cost(plan.current) > plan.room:
            plan.current = fit_messages(plan.current, plan.room)


def _start_note() -> Message:
    return Message("user", [TextPart(START_NOTE)])


def _merge(first: Message, second: Message) -> Message:
    parts = [*first.parts, *second.parts]
    if first.role == "user":  # Anthropic wants tool results before anything else
        results = [p for p in parts if isinstance(p, ToolResultPart)]
        parts = results + [p for p in parts if not isinstance(p, ToolResultPart)]
    return Message(first.role, parts)


def alternate(messages: Sequence[Message]) -> list[Message]:
    """``messages`` as user/assistant alternation, starting with the user (new objects)."""
    out: list[Message] = []
    for message in messages:
        if out and out[-1].role == message.role:
            out[-1] = _merge(out[-1], message)
        else:
            out.append(Message(message.role, list(message.parts)))
    if out and out[0].role != "user":
        out.insert(0, _start_note())
    return out


def _report(plan: _Plan, original: int, total: int, n_messages: int) -> CompactionReport:
    recalled = _messages(plan.recalled)
    recent = _messages(plan.tail) + plan.before + plan.current
    return CompactionReport(
        compacted=True,
        original_tokens=original,
        budget=plan.budget,
        anchor_turns=len(plan.anchor),
        anchor_tokens=_cost(plan.anchor),
        middle_turns=n_messages - len(plan.anchor) - len(recalled) - len(recent),
        sitrep_tokens=plan.sitrep_tokens,
        recalled_turns=len(recalled),
        recalled_tokens=_cost(recalled),
        recent_turns=len(recent),
        recent_tokens=_cost(recent),
        total_tokens=total,
    )


def compact(req: ChatRequest, budget: int) -> Compaction:
    """``req`` cut to at most ``budget`` tokens (``estimate_request``), or ``req`` if it fits.

    Raises :class:`PayloadTooLarge` when what cannot be cut (tool definitions, framing) alone
    exceeds the budget.
    """
    return drain(compact_steps(req, budget))


def compact_steps(req: ChatRequest, budget: int) -> Steps[Compaction]:
    """:func:`compact` in steps of about one message each, to be run by :func:`trooper.slices.run`
    on the event loop: megabytes of conversation are counted and searched without stalling it."""
    costs = yield from estimate_each(req.messages)
    tools = sum(estimate_tool(t) for t in req.tools)
    original = REQUEST_OVERHEAD + estimate_system(req.system) + tools + sum(costs)
    if original <= budget:
        return Compaction(req, CompactionReport(False, original, budget, total_tokens=original))
    plan = yield from _plan(req, budget, costs)
    kept = [
        *plan.anchor,
        *_messages(plan.recalled),
        *_messages(plan.tail),
        *plan.before,
        *plan.current,
    ]
    system = plan.system
    if plan.sitrep is not None:
        rendered = plan.sitrep.render()
        system = system + SITREP_SEPARATOR + rendered if system else rendered
    out = replace(req, messages=alternate(kept), system=system, modified=True)
    total = yield from estimate_request_steps(out)
    if total > budget:  # the plan's figures are upper bounds: this is a bug, never a choice
        raise PayloadTooLarge(f"compaction overshot: {total} > {budget} tokens")
    return Compaction(out, _report(plan, original, total, len(req.messages)), plan.sitrep)
