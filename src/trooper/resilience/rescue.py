"""Rescue of a stream cut after its first token: what the client has, and how another
provider's answer is joined onto it.

:class:`Emitted` records what reached the client. :func:`continuation` maps the rescuing
provider's events onto the client's stream: its ``MessageStart`` is dropped (the client has
one), its first text block continues the client's open one, its other blocks are renumbered
after the client's, and in ``restart`` mode the text the client already has is skipped; a
restart that does not begin with that text is marked ``diverged`` and not used.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

from trooper.model.events import (
    BlockDelta,
    BlockKind,
    BlockStart,
    BlockStop,
    MessageEnd,
    MessageStart,
    Relay,
    StreamEvent,
)

Mode = Literal["prefill", "restart"]


@dataclass(slots=True)
class Emitted:
    """The blocks and text a client has received so far."""

    kinds: dict[int, BlockKind] = field(default_factory=dict)
    open: set[int] = field(default_factory=set)
    texts: list[str] = field(default_factory=list)
    tool_args: list[str] = field(default_factory=list)
    finished: bool = False

    def track(self, event: StreamEvent) -> StreamEvent:
        if isinstance(event, Relay):
            for covered in event.covers:
                self.track(covered)
        elif isinstance(event, BlockDelta):
            kind = self.kinds.get(event.index)
            (self.texts if kind == "text" else self.tool_args).append(event.text)
        elif isinstance(event, BlockStart):
            self.kinds[event.index] = event.kind
            self.open.add(event.index)
        elif isinstance(event, BlockStop):
            self.open.discard(event.index)
        elif isinstance(event, MessageEnd):
            self.finished = True
        return event

    def text(self) -> str:
        return "".join(self.texts)

    def has_tool_calls(self) -> bool:
        return "tool_call" in self.kinds.values()

    @property
    def next_index(self) -> int:
        return max(self.kinds, default=-1) + 1

    def open_text(self) -> int | None:
        """The index of the client's last block, if it is a text block still open."""
        last = max(self.kinds, default=None)
        if last is not None and last in self.open and self.kinds[last] == "text":
            return last
        return None


class Continuation:
    """Maps one rescuing stream's events onto the client's stream."""

    def __init__(self, emitted: Emitted, mode: Mode) -> None:
        self.emitted = emitted
        self.skip = emitted.text() if mode == "restart" else ""
        self.index: dict[int, int] = {}
        self.merged: int | None = None
        self.diverged = False

    def map(self, event: StreamEvent) -> list[StreamEvent]:
        if isinstance(event, Relay):  # the client's stream goes on re-encoded, never relayed
            return [m for covered in event.covers for m in self.map(covered)]
        if self.diverged or isinstance(event, MessageStart):
            return []
        if isinstance(event, BlockStart):
            return self._start(event)
        if isinstance(event, BlockDelta):
            return self._delta(event)
        if isinstance(event, BlockStop):
            index = self.index.get(event.index)
            return [] if index is None else [BlockStop(index)]
        return [event]

    def _start(self, event: BlockStart) -> list[StreamEvent]:
        open_text = self.emitted.open_text()
        if event.kind == "text" and self.merged is None and open_text is not None:
            self.merged = self.index[event.index] = open_text
            return []
        closing: list[StreamEvent] = [BlockStop(i) for i in sorted(self.emitted.open)]
        new = self.emitted.next_index
        self.index[event.index] = new
        return [*closing, replace(event, index=new)]

    def _delta(self, event: BlockDelta) -> list[StreamEvent]:
        index = self.index.get(event.index)
        if index is None:
            return []
        text = event.text
        if self.skip and self.emitted.kinds.get(index) == "text":
            text = self._skip(text)
            if not text:
                return []
        return [replace(event, index=index, text=text)]

    def _skip(self, text: str) -> str:
        """Drop the part of a restarted answer the client already has."""
        overlap = min(len(text), len(self.skip))
        if text[:overlap] != self.skip[:overlap]:
            self.diverged = True
            return ""
        self.skip = self.skip[overlap:]
        return text[overlap:]


def continuation(emitted: Emitted, mode: Mode) -> Continuation:
    return Continuation(emitted, mode)
