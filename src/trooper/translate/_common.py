"""What the wire-format translators share: JSON readers, ids, stop and usage mapping, blocks.

Private to :mod:`trooper.translate`. Nothing here knows a format: each translator brings its own
tables (stop reasons, usage keys, error phrasing) and these helpers apply them.

Tolerant readers, for what an upstream sends (a wrong type reads as empty, never raises):

    >>> as_str(as_obj({"id": "r1"}).get("id")), as_int(True), as_list(None)
    ('r1', 0, [])

Strict readers, for what a client sends (a wrong type is an ``InvalidRequest`` naming where):

    >>> Checker("must be").opt_number({"temperature": "hot"}, "temperature")
    Traceback (most recent call last):
    ...
    trooper.errors.InvalidRequest: temperature: must be a number

Block numbering, for a stream decoder of a format without blocks:

    >>> blocks = Blocks()
    >>> blocks.text("Hi") + blocks.whole_tool("call_1", "f", {})
    [BlockStart(index=0, kind='text', id='', name='', data='', block=None), BlockDelta(index=0, \
text='Hi', signature='', citation=None), BlockStop(index=0), BlockStart(index=1, \
kind='tool_call', id='call_1', name='f', data='', block=None), BlockDelta(index=1, text='{}', \
signature='', citation=None), BlockStop(index=1)]
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import NoReturn, TypeVar

import orjson

from trooper.errors import InvalidRequest
from trooper.model.conversation import JSONObject, JSONValue, StopReason, Usage
from trooper.model.events import BlockDelta, BlockStart, BlockStop, StreamEvent

T = TypeVar("T")

# Image media types by file extension, for images sent by URL (lower case, no dot).
IMAGE_MEDIA_TYPES = {
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
}


# --- tolerant readers of upstream JSON ---------------------------------------------------------


def as_obj(value: JSONValue | None) -> JSONObject:
    """``value`` if it is an object, else ``{}``."""
    return value if isinstance(value, dict) else {}


def as_list(value: JSONValue | None) -> list[JSONValue]:
    """``value`` if it is an array, else ``[]``."""
    return value if isinstance(value, list) else []


def as_str(value: JSONValue | None) -> str:
    """``value`` if it is a string, else ``""``."""
    return value if isinstance(value, str) else ""


def as_int(value: JSONValue | None) -> int:
    """``value`` if it is an integer (a boolean is not), else ``0``."""
    return value if type(value) is int else 0  # (a boolean's type is bool, not int)


def load_object(data: bytes | str, *, unwrap: bool = False) -> JSONObject | None:
    """JSON text (a stream item, tool arguments) as an object; ``None`` for anything else
    (malformed, blank, not an object). With ``unwrap``, a non-empty array stands for its first
    item (Gemini may wrap an in-stream error so)."""
    try:
        value = orjson.loads(data)
    except orjson.JSONDecodeError:
        return None
    if unwrap and isinstance(value, list) and value:
        value = value[0]
    return value if isinstance(value, dict) else None


def status_hint(error: JSONValue) -> int:
    """The HTTP status an in-stream ``error`` object names in its ``code`` (vLLM, Gemini), or 500
    when it names none (OpenAI puts a string there)."""
    code = as_int(as_obj(error).get("code"))
    return code if 400 <= code <= 599 else 500


# --- what a target cannot take -----------------------------------------------------------------

#: How often each (feature, target) was left out of, or turned into text for, an upstream body.
DROPPED: dict[tuple[str, str], int] = {}
_log = logging.getLogger("trooper")


def file_kind(media_type: str) -> str:
    """The feature name a file is counted under: ``pdf``, ``audio`` or ``file``."""
    if media_type == "application/pdf":
        return "pdf"
    return "audio" if media_type.startswith("audio/") else "file"


def dropped(feature: str, target: str, detail: str = "") -> None:
    """Count a request feature ``target``'s format cannot carry; say it once in the debug log.

    Translators stay pure functions of their input: this counter (shown in ``/metrics``) is
    their only side effect.
    """
    key = (feature, target)
    count = DROPPED.get(key, 0)
    if count == 0 or len(DROPPED) < 256:  # bounded: a fixed vocabulary of features and targets
        DROPPED[key] = count + 1
    if count == 0:
        _log.debug("%s left out of (or given as text to) %s requests: %s", feature, target, detail)


# --- mapping stop reasons and usage ------------------------------------------------------------


def read_stop_reason(
    table: Mapping[str, StopReason], value: JSONValue | None, has_tool_calls: bool = False
) -> StopReason:
    """A wire stop/finish reason through the format's ``table``; an unknown one is ``end_turn``.

    Formats that say "stop" after tool calls (OpenAI-compatible servers, Gemini, Ollama) pass
    ``has_tool_calls``: the calls are what matters, so a plain end becomes ``tool_use``.
    """
    reason = table.get(value, "end_turn") if isinstance(value, str) else "end_turn"
    return "tool_use" if has_tool_calls and reason == "end_turn" else reason


def token_count(counts: JSONObject, keys: Iterable[str]) -> int:
    """The sum of the integer counts under ``keys`` (a missing or malformed one counts 0)."""
    return sum(as_int(counts.get(key)) for key in keys)


def read_usage(
    value: JSONValue | None, input_keys: Iterable[str], output_keys: Iterable[str]
) -> Usage:
    """A usage object as :class:`Usage`, each side the sum of its keys (``Usage()`` for none)."""
    counts = as_obj(value)
    return Usage(token_count(counts, input_keys), token_count(counts, output_keys))


# --- ids and payloads --------------------------------------------------------------------------


def digest(data: bytes) -> str:
    """A short, stable fingerprint of ``data``: 16 hex digits of its SHA-256."""
    return hashlib.sha256(data).hexdigest()[:16]


def tool_call_id(response_id: str, n: int) -> str:
    """An id for the ``n``-th tool call of a response, for formats that send none.

    Unique across responses (``call_0`` would repeat every turn, and an Anthropic upstream later
    in the chain rejects duplicate tool ids) and deterministic (no clock, no random).
    """
    return f"call_{digest(response_id.encode())[:12]}_{n}"


def base64_data(data: str) -> str:
    """Bare base64 from an image's data, a ``data:`` URL's prefix cut off."""
    return data.split(",", 1)[1] if data.startswith("data:") else data


def merge_turns(turns: Iterable[tuple[str, list[T]]]) -> list[tuple[str, list[T]]]:
    """``(role, items)`` turns with consecutive turns of one role merged and empty ones left out,
    for formats that want roles to alternate."""
    merged: list[tuple[str, list[T]]] = []
    for role, items in turns:
        if not items:
            continue
        if merged and merged[-1][0] == role:
            merged[-1][1].extend(items)
        else:
            merged.append((role, items))
    return merged


# --- strict readers of a client's request ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Checker:
    """Strict readers of an inbound request body. Each returns what it checked or raises
    :class:`InvalidRequest` as ``"{where}: {verb} {what}"``, in the dialect's own words
    (``Checker("must be")``, ``Checker("expected")``).

    ``where`` is the full path of the value (``messages[0].content``); the ``opt_`` readers
    return ``None`` (``False`` for booleans) when the key is absent or null.
    """

    verb: str

    def fail(self, where: str, what: str) -> NoReturn:
        raise InvalidRequest(f"{where}: {self.verb} {what}")

    def obj(self, value: JSONValue, where: str) -> JSONObject:
        if not isinstance(value, dict):
            self.fail(where, "an object")
        return value

    def array(self, value: JSONValue, where: str, what: str = "a list") -> list[JSONValue]:
        if not isinstance(value, list):
            self.fail(where, what)
        return value

    def string(self, value: JSONValue, where: str) -> str:
        if not isinstance(value, str):
            self.fail(where, "a string")
        return value

    def opt_str(self, obj: JSONObject, key: str, where: str) -> str | None:
        value = obj.get(key)
        return None if value is None else self.string(value, where)

    def opt_bool(self, obj: JSONObject, key: str, where: str) -> bool:
        value = obj.get(key)
        if value is None:
            return False
        if not isinstance(value, bool):
            self.fail(where, "a boolean")
        return value

    def opt_number(self, obj: JSONObject, key: str) -> float | None:
        value = obj.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(key, "a number")
        return float(value)

    def opt_positive_int(self, obj: JSONObject, key: str) -> int | None:
        value = obj.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            self.fail(key, "a positive integer")
        return value


# --- block numbering for stream decoders -------------------------------------------------------


class Blocks:
    """The blocks a stream decoder synthesises for a format that has none (OpenAI, Gemini,
    Ollama): numbered from 0 in order, at most one open at a time.

    Text pieces share the open text block (any other open block is closed first); a tool call
    either opens a block its argument fragments extend (:meth:`open_tool`) or arrives whole and
    is a whole block (:meth:`whole_tool`).
    """

    def __init__(self) -> None:
        self._next_index = 0
        self._open: int | None = None
        self._open_is_text = False
        self.tool_count = 0  # tool blocks started so far

    def text(self, text: str) -> list[StreamEvent]:
        """A piece of text: a delta of the open text block, or a new text block for it."""
        if self._open is not None and self._open_is_text:
            return [BlockDelta(self._open, text)]
        events = self.close()
        index = self._open = self._take()
        self._open_is_text = True
        return [*events, BlockStart(index, "text"), BlockDelta(index, text)]

    def open_tool(self, call_id: str, name: str) -> tuple[int, list[StreamEvent]]:
        """A tool call whose arguments follow: its block's index, and the events that close the
        open block and start this one."""
        events = self.close()
        index = self._open = self._take()
        self._open_is_text = False
        self.tool_count += 1
        return index, [*events, BlockStart(index, "tool_call", id=call_id, name=name)]

    def whole_tool(self, call_id: str, name: str, arguments: JSONObject) -> list[StreamEvent]:
        """A tool call that arrived whole: the open block closed, then its start, its arguments
        (one delta) and its stop."""
        events = self.close()
        index = self._take()
        self.tool_count += 1
        return [
            *events,
            BlockStart(index, "tool_call", id=call_id, name=name),
            BlockDelta(index, orjson.dumps(arguments).decode()),
            BlockStop(index),
        ]

    def close(self) -> list[StreamEvent]:
        """The stop of the open block, if there is one."""
        if self._open is None:
            return []
        index, self._open = self._open, None
        return [BlockStop(index)]

    def _take(self) -> int:
        index = self._next_index
        self._next_index += 1
        return index
