"""Stream framing under hostile input: an endless line or event is cut off at its limit, in
linear time, and a normal stream split anywhere still frames exactly as before."""

from __future__ import annotations

import time

import pytest

from trooper.wire.framing import FrameTooLong, NDJSONFramer, SSEFramer, framer_for

MiB = 1024 * 1024


@pytest.mark.parametrize("kind", ["sse", "ndjson"])
def test_an_endless_line_raises_at_its_limit(kind: str) -> None:
    framer = framer_for(kind, max_line=MiB)
    prefix = b"data: " if kind == "sse" else b""
    framer.feed(prefix)
    fed = len(prefix)
    with pytest.raises(FrameTooLong):
        while fed <= 2 * MiB:
            framer.feed(b"x" * 4096)
            fed += 4096
    assert MiB - 4096 < fed <= MiB, "raised by the chunk that passed the limit"


@pytest.mark.parametrize("kind", ["sse", "ndjson"])
def test_one_chunk_holding_a_long_line_and_its_end_raises(kind: str) -> None:
    framer = framer_for(kind, max_line=MiB)
    with pytest.raises(FrameTooLong):
        framer.feed(b"data: " + b"x" * (MiB + 1) + b"\n\n")


def test_an_sse_event_of_many_short_data_lines_is_bounded_too() -> None:
    framer = SSEFramer(max_line=MiB)
    with pytest.raises(FrameTooLong):
        for _ in range(MiB // 1000 + 1):
            framer.feed(b"data: " + b"x" * 1000 + b"\n")


def test_an_endless_line_costs_linear_time() -> None:
    """16 MiB in 16 KiB chunks with no newline: the old framer copied the whole buffer on every
    chunk (about 8 GiB of copying here); this one appends."""
    framer = SSEFramer(max_line=64 * MiB)
    chunk = b"x" * 16 * 1024
    started = time.perf_counter()
    for _ in range(1024):
        assert framer.feed(chunk) == []
    assert time.perf_counter() - started < 1.0


def test_a_line_under_the_limit_passes_whole() -> None:
    framer = SSEFramer(max_line=MiB)
    body = b"y" * (MiB - 10)
    items = framer.feed(b"event: big\ndata: " + body[: MiB // 2])
    items += framer.feed(body[MiB // 2 :] + b"\r\n\r\n")
    assert items == [("big", body)]


@pytest.mark.parametrize("size", [1, 2, 3, 7, 64])
def test_framing_is_the_same_whatever_the_chunking(size: int) -> None:
    stream = (
        b": keep-alive\r\n"
        b'event: message_start\r\ndata: {"a": 1}\r\n\r\n'
        b"data: line one\ndata: line two\n\n"
        b"event: x\ndata:no-space\n\n"
        b"data: unterminated"
    )
    framer = SSEFramer()
    items = []
    for i in range(0, len(stream), size):
        items += framer.feed(stream[i : i + size])
    items += framer.flush()
    assert items == [
        ("message_start", b'{"a": 1}'),
        (None, b"line one\nline two"),
        ("x", b"no-space"),
        (None, b"unterminated"),
    ]
    nd = NDJSONFramer()
    lines = b'{"a":1}\n\n{"b":2}\r\n{"c":3}'
    got = []
    for i in range(0, len(lines), size):
        got += nd.feed(lines[i : i + size])
    got += nd.flush()
    assert got == [(None, b'{"a":1}'), (None, b'{"b":2}\r'), (None, b'{"c":3}')]


def test_whole_events_per_chunk_frame_as_one_stream_does() -> None:
    """Chunks that end on a line end (how upstreams write) take a shorter path; they must
    frame exactly as the same bytes fed in one piece, or a byte at a time."""
    events = [
        b": keep-alive\r\n\r\n",
        b'event: message_start\r\ndata: {"a": 1}\r\n\r\n',
        b"data: line one\ndata: line two\n\n",
        b"event: x\ndata:no-space\ndata\ndata:  two spaces\n\n",
        b"event:\nid: 7\nretry: 10\ndata: \n\n",
        b"data: split",
        b" across\n\n",
    ]
    whole = b"".join(events)
    by_event, in_one, by_byte = SSEFramer(), SSEFramer(), SSEFramer()
    got = [item for chunk in events for item in by_event.feed(chunk)] + by_event.flush()
    assert got == in_one.feed(whole) + in_one.flush()
    assert got == [item for i in range(len(whole)) for item in by_byte.feed(whole[i : i + 1])]
    assert got == [
        ("message_start", b'{"a": 1}'),
        (None, b"line one\nline two"),
        ("x", b"no-space\n\n two spaces"),
        ("", b""),
        (None, b"split across"),
    ]


def test_whole_lines_past_the_limit_still_raise() -> None:
    framer = SSEFramer(max_line=1024)
    with pytest.raises(FrameTooLong):
        framer.feed(b"data: " + b"x" * 600 + b"\n" + b"data: " + b"y" * 600 + b"\n")
    lines = NDJSONFramer(max_line=1024)
    with pytest.raises(FrameTooLong):
        lines.feed(b"{}\n" + b"z" * 1100 + b"\n")
