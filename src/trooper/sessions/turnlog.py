"""A session's turn log packed into bytes, for the memory store.

A :class:`~trooper.sessions.store.Turn` object costs about 120 bytes with its float and ints,
and a named session keeps up to 200 of them. Here each turn is one fixed-size record of 29
bytes, its names (provider, model, decision, fallback reason) replaced by their place in a
small table the session keeps, of strings shared with every other session (interned). Turns
are rebuilt only when asked for.

    >>> turn = Turn(1.0, "claude", "claude-sonnet-4-6", "cloud", None, 10, 5, 0, False)
    >>> log = TurnLog().appended(turn, max_turns=2).appended(turn, max_turns=2)
    >>> (len(log), log.turns() == [turn, turn], log.names)
    (2, True, ('claude', 'claude-sonnet-4-6', 'cloud'))

A turn's token counts are kept up to 2**32 - 1 each (more is kept as that); the session's own
counters stay exact.
"""

from __future__ import annotations

import struct
import sys
from dataclasses import dataclass

from trooper.sessions.store import Turn

#: ts, then provider, model, decision and fallback reason as places in the names table, then
#: input, output and saved tokens, then whether the turn was served locally.
_RECORD = struct.Struct("<dHHHHIII?")
_NO_NAME = 0xFFFF  # a fallback reason of None
_MAX_TOKENS = 2**32 - 1
#: Beyond this many names, the table is rebuilt from the turns still kept: names of turns gone
#: are forgotten, so the table of a long session that met many names stays bounded.
_MAX_NAMES = 1024
#: Turns the memory store can keep per session: their names must have places below _NO_NAME.
MAX_TURNS = (_NO_NAME - 1) // 4


@dataclass(frozen=True, slots=True)
class TurnLog:
    """The last turns of a session, packed; immutable, so each version is exact-size."""

    records: bytes = b""
    names: tuple[str, ...] = ()

    def __len__(self) -> int:
        return len(self.records) // _RECORD.size

    def appended(self, turn: Turn, *, max_turns: int) -> TurnLog:
        """This log with ``turn`` added, keeping only the last ``max_turns`` turns."""
        kept = self.records[max(0, len(self.records) - (max_turns - 1) * _RECORD.size) :]
        names = self.names
        wanted = [turn.provider, turn.model, turn.decision, turn.fallback_reason]
        if len(names) + 4 > _MAX_NAMES and any(n is not None and n not in names for n in wanted):
            rebuilt = TurnLog()
            for old in TurnLog(kept, names).turns():
                rebuilt = rebuilt.appended(old, max_turns=max_turns)
            kept, names = rebuilt.records, rebuilt.names
        places = []
        for name in wanted:
            if name is None:
                places.append(_NO_NAME)
            elif name in names:
                places.append(names.index(name))
            else:
                places.append(len(names))
                names = (*names, sys.intern(name))
        record = _RECORD.pack(
            turn.ts,
            *places,
            _clamped(turn.input_tokens),
            _clamped(turn.output_tokens),
            _clamped(turn.saved_tokens),
            turn.local,
        )
        return TurnLog(kept + record, names)

    def turns(self) -> list[Turn]:
        """The turns, oldest first: new objects sharing the table's strings."""
        names = self.names
        return [
            Turn(ts, names[p], names[m], names[d], None if f == _NO_NAME else names[f], i, o, s, lo)
            for ts, p, m, d, f, i, o, s, lo in _RECORD.iter_unpack(self.records)
        ]


def _clamped(tokens: int) -> int:
    return min(max(tokens, 0), _MAX_TOKENS)
