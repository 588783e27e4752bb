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

#: The longest line (or SSE event) a framer holds before it gives up on the stream.
DEFAULT_MAX_LINE = 8 * 1024 * 1024


class FrameTooLong(ValueError):
    """A line or an event is longer than the framer's limit: the stream is not usable."""


class Framer(Protocol):
    def feed(self, chunk: bytes) -> list[Item]: ...

    def flush(self) -> list[Item]: ...


class _Lines:
    """Complete lines out of arbitrary chunks. The unfinished line is kept in a growing buffer
    that only new bytes are searched in, so an endless line costs linear time, and raises
    :class:`FrameTooLong` once it passes ``max_line``."""

    __slots__ = ("_buffer", "max_line")

    def __init__(self, max_line: int) -> None:
        self._buffer = bytearray()
        self.max_line = max_line

    def feed(self, chunk: bytes) -> list[bytes]:
        buffer = self._buffer
        if not buffer and chunk.endswith(b"\n"):  # whole lines, as a stream's writes usually are
            lines = chunk.split(b"\n")
            lines.pop()
            if len(chunk) > self.max_line:
                for line in lines:
                    self._check(len(line))
            return lines
        start = len(buffer)
        buffer += chunk
        end = buffer.rfind(b"\n", start)
        if end < 0:
            self._check(len(buffer))
            return []
        lines = bytes(buffer[:end]).split(b"\n")
        del buffer[: end + 1]
        self._check(len(buffer))
        for line in lines:
            self._check(len(line))
        return lines

    def rest(self) -> bytes:
        rest = bytes(self._buffer)
        self._buffer.clear()
        return rest

    def _check(self, size: int) -> None:
        if size > self.max_line:
            raise FrameTooLong(f"a line of the stream is over {self.max_line} bytes")


class SSEFramer:
    """Server-sent events (the WHATWG rules that matter here: ``event``, ``data``, comments,
    multi-line data joined by newlines, CRLF or LF line ends). An event whose data passes
    ``max_line`` bytes raises :class:`FrameTooLong`."""

    __slots__ = ("_data", "_event", "_lines", "_size")

    def __init__(self, max_line: int = DEFAULT_MAX_LINE) -> None:
        self._lines = _Lines(max_line)
        self._event: str | None = None
        self._data: list[bytes] = []
        self._size = 0

    def feed(self, chunk: bytes) -> list[Item]:
        items: list[Item] = []
        for line in self._lines.feed(chunk):
            if line.endswith(b"\r"):
                line = line[:-1]
            size = self._size + len(line) - 5  # as _line counts it: the value and its newline
            if line.startswith(b"data: ") and size <= self._lines.max_line:  # the usual line
                self._size = size
                self._data.append(line[6:])
            else:
                self._line(line, items)
        return items

    def flush(self) -> list[Item]:
        """The stream ended: an event not closed by a blank line still counts."""
        items: list[Item] = []
        rest = self._lines.rest()
        if rest:
            self._line(rest[:-1] if rest[-1:] == b"\r" else rest, items)
        self._line(b"", items)
        return items

    def _line(self, line: bytes, items: list[Item]) -> None:
        if not line:
            if self._data:
                items.append((self._event, b"\n".join(self._data)))
            self._event, self._data, self._size = None, [], 0
            return
        if line[0] == 0x3A:  # ":" comment, used as keep-alive
            return
        field, _, value = line.partition(b":")
        if value[:1] == b" ":
            value = value[1:]
        if field == b"data":
            self._size += len(value) + 1
            if self._size > self._lines.max_line:
                raise FrameTooLong(f"an event of the stream is over {self._lines.max_line} bytes")
            self._data.append(value)
        elif field == b"event":
            self._event = value.decode("utf-8", "replace")


class NDJSONFramer:
    """One JSON document per line, as Ollama streams."""

    __slots__ = ("_lines",)

    def __init__(self, max_line: int = DEFAULT_MAX_LINE) -> None:
        self._lines = _Lines(max_line)

    def feed(self, chunk: bytes) -> list[Item]:
        return [(None, line) for line in self._lines.feed(chunk) if line.strip()]

    def flush(self) -> list[Item]:
        line = self._lines.rest()
        return [(None, line)] if line.strip() else []


def framer_for(kind: str, max_line: int = DEFAULT_MAX_LINE) -> Framer:
    return NDJSONFramer(max_line) if kind == "ndjson" else SSEFramer(max_line)
