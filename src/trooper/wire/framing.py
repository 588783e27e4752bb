"""Byte streams to items: server-sent events and newline-delimited JSON.

Upstream bodies arrive in arbitrary chunks; these framers turn them into whole items as soon as
each is complete, never waiting for more than the item at hand.

    >>> f = SSEFramer()
    >>> f.feed(b"event: ping\\ndata: {}\\n\\ndata: {\\"a\\"")
    [('ping', b'{}')]
    >>> f.feed(b": 1}\\n\\n")
    [(None, b'{"a": 1}')]
"""

from __future__ import annotations

from typing import Protocol

Item = tuple[str | None, bytes]


class Framer(Protocol):
    def feed(self, chunk: bytes) -> list[Item]: ...

    def flush(self) -> list[Item]: ...


class SSEFramer:
    """Server-sent events (the WHATWG rules that matter here: ``event``, ``data``, comments,
    multi-line data joined by newlines, CRLF or LF line ends)."""

    __slots__ = ("_buffer", "_data", "_event")

    def __init__(self) -> None:
        self._buffer = b""
        self._event: str | None = None
        self._data: list[bytes] = []

    def feed(self, chunk: bytes) -> list[Item]:
        buffer = self._buffer + chunk
        if b"\r" in buffer:
            buffer = buffer.replace(b"\r\n", b"\n")
        *lines, self._buffer = buffer.split(b"\n")
        items: list[Item] = []
        for line in lines:
            self._line(line, items)
        return items

    def flush(self) -> list[Item]:
        """The stream ended: an event not closed by a blank line still counts."""
        items: list[Item] = []
        if self._buffer:
            self._line(self._buffer, items)
            self._buffer = b""
        self._line(b"", items)
        return items

    def _line(self, line: bytes, items: list[Item]) -> None:
        if not line:
            if self._data:
                items.append((self._event, b"\n".join(self._data)))
            self._event, self._data = None, []
            return
        if line[0] == 0x3A:  # ":" comment, used as keep-alive
            return
        field, _, value = line.partition(b":")
        if value[:1] == b" ":
            value = value[1:]
        if field == b"data":
            self._data.append(value)
        elif field == b"event":
            self._event = value.decode("utf-8", "replace")


class NDJSONFramer:
    """One JSON document per line, as Ollama streams."""

    __slots__ = ("_buffer",)

    def __init__(self) -> None:
        self._buffer = b""

    def feed(self, chunk: bytes) -> list[Item]:
        *lines, self._buffer = (self._buffer + chunk).split(b"\n")
        return [(None, line) for line in lines if line.strip()]

    def flush(self) -> list[Item]:
        line, self._buffer = self._buffer, b""
        return [(None, line)] if line.strip() else []


def framer_for(kind: str) -> Framer:
    return NDJSONFramer() if kind == "ndjson" else SSEFramer()
