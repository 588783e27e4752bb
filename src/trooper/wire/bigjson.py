"""JSON parsed and encoded element by element, in steps (see :mod:`trooper.slices`).

``orjson`` holds the GIL for a whole call: megabytes of JSON hold the event loop for tens of
milliseconds, in a worker thread as on the loop. A chat body's bulk is one array of its top-level
object (``messages``, Gemini's ``contents``, the Responses API's ``input``), so these functions
split that array and parse or encode it one element at a time, with the same result as one
``orjson`` call:

    >>> from trooper.slices import drain
    >>> raw = b'{"model": "m", "messages": [{"role": "user", "content": "hi"}, 1, [2]]}'
    >>> drain(loads_steps(raw)) == orjson.loads(raw)
    True
    >>> value = orjson.loads(raw)
    >>> drain(dumps_steps(value, min_elements=1)) == orjson.dumps(value)
    True

Anything the splitter does not expect (no such array, a key written with escapes, the array
twice, invalid JSON) falls back to one ``orjson`` call on the whole, so an invalid body raises
exactly the ``orjson.JSONDecodeError`` it always did.
"""

from __future__ import annotations

import os
import re
from typing import cast

import orjson

from trooper.model.conversation import JSONObject
from trooper.slices import Steps

#: The top-level arrays that hold a chat body's bulk, in the order they are looked for.
_BULK_NAMES = ("messages", "contents", "input")
BULK_KEYS = frozenset(name.encode() for name in _BULK_NAMES)
#: Below this many elements an array is parsed or encoded in one call.
MIN_ELEMENTS = 64
#: Structural bytes the splitter visits; strings are skipped whole.
_TOKEN = re.compile(rb'[][{}",]')
_WS = b" \t\n\r"
_TOKENS_PER_STEP = 64
_BYTES_PER_STEP = 64 * 1024


class _Unexpected(Exception):
    """The body is not of the shape the splitter handles: parse it in one call."""


#: A body as read: ``bytes``, or the ``bytearray`` a big body is read into in steps.
Raw = bytes | bytearray


def loads_steps(raw: Raw) -> Steps[object]:
    """``orjson.loads(raw)``, its bulk array parsed one element per step."""
    try:
        found = yield from _bulk_array(raw)
    except _Unexpected:
        found = None
    if found is None:
        return orjson.loads(raw)
    key, start, end, spans = found
    nonce = "\x00trooper-bulk-" + os.urandom(8).hex()
    try:  # the rest, with a string in the array's place: a later duplicate key would replace it
        rest = orjson.loads(raw[:start] + orjson.dumps(nonce) + raw[end:])
        name = key.decode()
        if not isinstance(rest, dict) or rest.get(name) != nonce:
            return orjson.loads(raw)
        items: list[object] = []
        for left, right in spans:
            items.append(orjson.loads(raw[left:right]))
            yield
    except (orjson.JSONDecodeError, UnicodeDecodeError):
        return orjson.loads(raw)  # the same error as one call gives
    rest[name] = items
    return rest


_Found = tuple[bytes, int, int, list[tuple[int, int]]]


class _Splitter:
    """Walks the structural bytes of a top-level object until its first bulk array ends,
    noting where each element of that array starts and ends."""

    def __init__(self, raw: Raw) -> None:
        self.raw = raw
        self.depth = 0
        self.key: bytes | None = None  # the bulk key whose array is being split
        self.start = self.element = 0  # where the array and its current element start
        self.spans: list[tuple[int, int]] = []
        self.done = False

    def string(self, at: int) -> int:
        """Skips the string opening at ``at``; enters the array when it is a bulk key's."""
        raw = self.raw
        pos = _string_end(raw, at + 1)
        if self.depth == 1 and bytes(raw[at + 1 : pos - 1]) in BULK_KEYS:
            colon = _skip_ws(raw, pos)
            value = _skip_ws(raw, colon + 1)
            if raw[colon : colon + 1] == b":" and raw[value : value + 1] == b"[":
                self.key, self.start, self.depth = bytes(raw[at + 1 : pos - 1]), value, 2
                self.element = pos = value + 1
        return pos

    def close(self, char: int, at: int) -> None:
        """A closing bracket; ``done`` once the array ends (or the object, without one)."""
        self.depth -= 1
        self.done = self.depth <= 0
        if self.key is not None and self.depth == 1:
            self.done = True
            if char != 0x5D:  # ']'
                raise _Unexpected
            self.spans.append((self.element, at))

    def comma(self, at: int) -> None:
        if self.key is not None and self.depth == 2:  # between two elements
            self.spans.append((self.element, at))
            self.element = at + 1


def array_steps(raw: bytes) -> Steps[list[object]]:
    """``orjson.loads(raw)`` for a top-level array, parsed one element per step: each element
    is its own short ``orjson`` call, so even in a worker thread the GIL is given back between
    two of them. Anything else (or invalid JSON) is one call, raising what it always raised."""
    start = len(raw) - len(raw.lstrip(_WS))
    if raw[start : start + 1] != b"[":
        return cast(list[object], orjson.loads(raw))
    walk = _Splitter(raw)
    walk.key, walk.start, walk.depth, walk.element = b"", start, 2, start + 1
    try:
        spans = yield from _walk(walk, start + 1, 1)
    except _Unexpected:
        spans = None
    if spans is None or raw[spans[-1][1] + 1 :].strip(_WS):
        return cast(list[object], orjson.loads(raw))
    if len(spans) == 1 and not raw[spans[0][0] : spans[0][1]].strip(_WS):
        return []
    items: list[object] = []
    try:
        for left, right in spans:
            items.append(orjson.loads(raw[left:right]))
            yield
    except orjson.JSONDecodeError:
        return cast(list[object], orjson.loads(raw))
    return items


def _bulk_array(raw: Raw) -> Steps[_Found | None]:
    """The first bulk array of the top-level object: its key, where it starts (``[``) and ends
    (after ``]``), and each element's span; None when there is none worth splitting."""
    first = _skip_ws(raw, 0)
    if raw[first : first + 1] != b"{":
        return None
    walk = _Splitter(raw)
    spans = yield from _walk(walk, 0, MIN_ELEMENTS)
    if spans is None:
        return None
    assert walk.key is not None
    return walk.key, walk.start, spans[-1][1] + 1, spans


def _walk(walk: _Splitter, pos: int, least: int) -> Steps[list[tuple[int, int]] | None]:
    """Runs ``walk`` from ``pos`` until its array ends: the elements' spans (None when the
    object ends first, or the array has fewer than ``least`` elements)."""
    raw = walk.raw
    count = stepped = 0
    while True:
        match = _TOKEN.search(raw, pos)
        if match is None:
            raise _Unexpected
        at = match.start()
        char = raw[at]
        pos = at + 1
        if char == 0x22:  # '"'
            pos = walk.string(at)
        elif char in (0x7B, 0x5B):  # '{' '['
            walk.depth += 1
        elif char in (0x7D, 0x5D):  # '}' ']'
            walk.close(char, at)
            if walk.done:
                return walk.spans if walk.key is not None and len(walk.spans) >= least else None
        else:
            walk.comma(at)
        count += 1
        if count % _TOKENS_PER_STEP == 0 or pos - stepped > _BYTES_PER_STEP:
            stepped = pos
            yield


def _string_end(raw: Raw, pos: int) -> int:
    """Where the string whose text starts at ``pos`` ends (after its closing quote)."""
    while True:
        quote = raw.find(b'"', pos)
        if quote < 0:
            raise _Unexpected
        before = quote - 1
        while raw[before] == 0x5C:  # '\\'
            before -= 1
        if (quote - 1 - before) % 2 == 0:  # not escaped
            return quote + 1
        pos = quote + 1


def _skip_ws(raw: Raw, pos: int) -> int:
    n = len(raw)
    while pos < n and raw[pos] in _WS:
        pos += 1
    return pos


def dumps_steps(value: JSONObject, *, min_elements: int = MIN_ELEMENTS) -> Steps[bytes]:
    """``orjson.dumps(value)``, byte for byte, its bulk array encoded one element per step."""
    pieces = yield from pieces_steps(value, min_elements=min_elements)
    return b"".join(pieces)


def pieces_steps(value: JSONObject, *, min_elements: int = MIN_ELEMENTS) -> Steps[list[bytes]]:
    """``orjson.dumps(value)`` in pieces (joined, they are its bytes), one bulk element per step:
    a transport can send them as they are, without copying megabytes into one string."""
    key = _bulk_key(value, min_elements)
    items = value.get(key) if key is not None else None
    if key is None or not isinstance(items, list):
        return [orjson.dumps(value)]
    nonce = "\x00trooper-bulk-" + os.urandom(8).hex()
    frame = orjson.dumps({**value, key: nonce})
    marker = orjson.dumps(nonce)
    cut = frame.find(marker)
    pieces = [frame[:cut] + b"["]
    for index, item in enumerate(items):
        pieces.append(b"," + orjson.dumps(item) if index else orjson.dumps(item))
        yield
    pieces.append(b"]" + frame[cut + len(marker) :])
    return pieces


def _bulk_key(value: JSONObject, min_elements: int) -> str | None:
    for key in _BULK_NAMES:
        items = value.get(key)
        if isinstance(items, list) and len(items) >= min_elements:
            return key
    return None


def is_bulky(value: JSONObject, min_elements: int = MIN_ELEMENTS) -> bool:
    """Whether ``value`` has a bulk array long enough for :func:`dumps_steps` to split."""
    return _bulk_key(value, min_elements) is not None


class BulkBody:
    """A request body with a long bulk array, encoded when it is sent, in steps (an upstream
    call holds it instead of bytes: see :func:`trooper.providers.base.json_body`)."""

    __slots__ = ("value",)

    def __init__(self, value: JSONObject) -> None:
        self.value = value

    def steps(self) -> Steps[list[bytes]]:
        """``orjson.dumps(value)`` in pieces, in steps (see :func:`pieces_steps`)."""
        return pieces_steps(self.value)
