"""Canonical stream events: what every upstream stream is decoded into, and every client stream
is encoded from.

A stream is ``MessageStart``, then for each content block ``BlockStart``, any number of
``BlockDelta`` and ``BlockStop`` (blocks numbered from 0 in order), then ``MessageEnd``.
Decoders of formats without explicit blocks (OpenAI chunks, Gemini, Ollama) synthesise them.

    text answer:  MessageStart, BlockStart(0,"text"), BlockDelta(0,"Hel"), BlockDelta(0,"lo"),
                  BlockStop(0), MessageEnd("end_turn", Usage(12, 2))

Claude's extended thinking rides along for a client that speaks Anthropic (other encoders leave it
out): a ``thinking`` block's signature is a delta with no text, ``BlockDelta(0, "", signature=s)``,
and a ``redacted_thinking`` block carries its opaque payload on its start,
``BlockStart(1, "redacted_thinking", data=d)``, and has no deltas.

So do the tools Claude runs itself (web search, code execution): a ``server_tool_use`` block
streams its input like a tool call, and a ``server_tool_result`` block (``web_search_tool_result``
and its kin) arrives whole, Claude's block in ``BlockStart.block``; a text block's sources are
deltas with no text, ``BlockDelta(2, "", citation=c)``. Other encoders leave all three out.

The prompt's cached parts ride on ``MessageStart`` and in ``MessageEnd.usage``
(:class:`~trooper.model.conversation.Usage`); ``MessageEnd.stop_sequence`` is the stop sequence
that ended the answer, when the provider says which.

An upstream that speaks the client's own dialect (OpenAI's ``/v1/responses`` for a Responses
client) has its events relayed as they came: each is a :class:`Relay` carrying the upstream's
event and the canonical events it ``covers``. The encoder of that dialect sends the event itself
(so what the canonical model has no place for, such as OpenAI's reasoning items, reaches the
client); everything else (accounting, the session record, rescue, other encoders) reads
``covers``, which may be empty:

    Relay("responses", "response.output_text.delta", {...}, [BlockStart(0, "text"),
          BlockDelta(0, "Hel")])
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, TypeAlias

from trooper.model.conversation import Dialect, JSONObject, StopReason, Usage

BlockKind = Literal[
    "text", "tool_call", "thinking", "redacted_thinking", "server_tool_use", "server_tool_result"
]


@dataclass(slots=True)
class MessageStart:
    """An answer opens. ``input_tokens`` is the whole prompt, the cache counts parts of it."""

    id: str
    model: str
    input_tokens: int = 0
    cache_read_tokens: int = 0
    cache_write_tokens: int = 0


@dataclass(slots=True)
class BlockStart:
    """A content block opens. ``id``/``name`` are set for tool calls, ``data`` (the opaque,
    encrypted thinking) for redacted thinking, ``block`` (Claude's own block, as it started) for
    the server tools' blocks."""

    index: int
    kind: BlockKind
    id: str = ""
    name: str = ""
    data: str = ""
    block: JSONObject | None = None


@dataclass(slots=True)
class BlockDelta:
    """More of a block: text, thinking text, or a fragment of a tool call's JSON arguments.

    ``signature`` is a thinking block's signature (Claude verifies it when the block is sent back);
    ``citation`` a source Claude cites for a text block (a web search result, a document).
    A delta carrying either has empty ``text``, so it is no content.
    """

    index: int
    text: str
    signature: str = ""
    citation: JSONObject | None = None


@dataclass(slots=True)
class BlockStop:
    index: int


@dataclass(slots=True)
class MessageEnd:
    stop_reason: StopReason = "end_turn"
    usage: Usage = field(default_factory=Usage)
    stop_sequence: str | None = None


# Blocks that are content from their start: the client sees a call or a result at once.
_CONTENT_STARTS: frozenset[BlockKind] = frozenset(
    {"tool_call", "server_tool_use", "server_tool_result"}
)

Canonical: TypeAlias = MessageStart | BlockStart | BlockDelta | BlockStop | MessageEnd


@dataclass(slots=True)
class Relay:
    """An upstream's own event (SSE ``event`` name and parsed ``data``) for a client of the same
    ``dialect``, and the canonical events it stands for. ``content`` marks an event that is the
    answer's content although it covers none (OpenAI's reasoning summary, a built-in tool's
    call), as a thinking delta or a server tool's block is."""

    dialect: Dialect
    event: str
    data: JSONObject
    covers: list[Canonical]
    content: bool = False


StreamEvent: TypeAlias = Canonical | Relay


def canonical(event: StreamEvent) -> list[Canonical]:
    """The canonical events ``event`` is or stands for."""
    return event.covers if isinstance(event, Relay) else [event]


def is_content(event: StreamEvent) -> bool:
    """True for the first event that carries an answer: the point where a stream is committed
    to a provider and the client's status line can be sent."""
    if isinstance(event, Relay):
        return event.content or any(is_content(c) for c in event.covers)
    if isinstance(event, BlockDelta):
        return event.text != ""
    return isinstance(event, BlockStart) and event.kind in _CONTENT_STARTS
