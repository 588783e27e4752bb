"""A session store in Redis, shared by every Trooper instance pointed at it; it fails open.

``record`` is one Lua script, so it is atomic: instances recording into one session at once never
lose a turn. Appending to the history (a client that sends only its new turn) reads the stored
history under ``WATCH`` and retries if another instance recorded in between, so no appended
message is lost either. Keys (``prefix`` defaults to ``trooper:``):

    {prefix}s:{id}      hash: created, updated, auto, expires, count, saved, fallbacks, messages
    {prefix}t:{id}      list: the last ``max_turns`` turns (JSON)
    {prefix}i:auto      sorted set: automatic session ids by last update, for ``list``
    {prefix}i:named     sorted set: named session ids by last update
    {prefix}b:{key}     breaker state: 8-byte expiry + value, with a Redis TTL
    {prefix}o:{token}   a ``record`` that landed, kept a minute (a retry is not applied twice)

Both session keys carry a Redis TTL (``auto_ttl_s`` or ``ttl_s``) so Redis itself forgets old
sessions; the ``expires`` field, from the store's clock, is checked as well.

Failing open: a proxy must answer even when Redis is down, so no method raises for Redis being
unreachable or erroring. ``get`` answers None, ``record`` the session built from what it was given,
``list`` [], breaker calls nothing. Sockets time out after 0.5 s, and after a failure Redis is left
alone for ``retry_after_s`` so an outage costs each request nothing. One warning is logged per
outage.

Writes are not given up on a stall: a busy machine can hold one connection past the timeout, and a
turn dropped then is lost for good. A write that timed out or lost its connection is tried again
(``WRITE_ATTEMPTS`` in all, on a fresh connection; a refused connection is an outage and is not).
Each ``record`` carries a token the script keeps for a minute, so a write that landed but whose
reply was lost is not applied twice when tried again. Reads are tried once: they fail open fast.

    >>> store = RedisStore("redis://127.0.0.1:6379/0")  # doctest: +SKIP
"""

from __future__ import annotations

import asyncio
import logging
import math
import os
import socket
import struct
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeAlias, TypeVar, cast

try:
    import redis.asyncio as aioredis
    from redis.asyncio.retry import Retry
    from redis.backoff import NoBackoff
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import RedisError, WatchError
    from redis.exceptions import TimeoutError as RedisTimeoutError
except ImportError as exc:  # pragma: no cover - depends on the installation
    raise ImportError("Redis session storage needs redis-py: pip install 'trooper[redis]'") from exc

from trooper import slices
from trooper.model.conversation import Message
from trooper.sessions.codec import (
    CodecError,
    decode_messages,
    decode_messages_steps,
    decode_turn,
    encode_each_steps,
    encode_messages,
    encode_turn,
)
from trooper.sessions.store import (
    DEFAULT_AUTO_TTL_S,
    DEFAULT_MAX_MESSAGES,
    DEFAULT_MAX_TURNS,
    DEFAULT_TTL_S,
    LOGGER_NAME,
    Limits,
    Session,
    SessionSummary,
    Turn,
    approx_size,
    cap_history,
    fallback_session,
)

#: Histories larger than this are encoded and decoded message by message in slices on the event
#: loop (:mod:`trooper.slices`): megabytes in one call hold the loop for tens of milliseconds, in
#: a worker thread too.
OFF_LOOP_BYTES = 256 * 1024

#: Attempts a write (``record``, ``breaker_put``) gets when Redis stalls or drops the connection.
WRITE_ATTEMPTS = 3
#: How long the token of a ``record`` is kept, to know a retried write landed already.
_TOKEN_TTL_MS = 60_000

log = logging.getLogger(LOGGER_NAME)

_T = TypeVar("_T")
# Aliases, because ``list`` inside the class body names the ``list`` method.
_Summaries: TypeAlias = list[SessionSummary]
_Ids: TypeAlias = list[bytes]
_Row: TypeAlias = list[bytes | None]
_Messages: TypeAlias = list[Message]
_Args: TypeAlias = list[str | bytes | int]
_Keys: TypeAlias = list[str]
_EXPIRY = struct.Struct(">d")
_HEAD_FIELDS = (b"created", b"updated", b"auto", b"expires", b"saved", b"fallbacks")
_SUMMARY_FIELDS = ("created", "updated", "count", "saved", "fallbacks", "auto", "expires")

# KEYS: hash, turns, auto index, named index, this write's token
# ARGV: id, now, auto, messages, turn, saved, fallback, max_turns,
#       auto expires, auto ttl ms, named expires, named ttl ms, auto cutoff, named cutoff,
#       token ttl ms
_RECORD = """
local h, t, ia, inamed = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local id, now = ARGV[1], ARGV[2]
if not redis.call('SET', KEYS[5], '1', 'NX', 'PX', ARGV[15]) then
  -- this write landed already and its reply was lost: answer again, change nothing
  local created, auto, saved, fallbacks = unpack(
    redis.call('HMGET', h, 'created', 'auto', 'saved', 'fallbacks'))
  return {created or now, auto or ARGV[3], saved or ARGV[6], fallbacks or ARGV[7]}
end
local exp = redis.call('HGET', h, 'expires')
if exp and tonumber(exp) <= tonumber(now) then exp = false end
if not exp then
  -- a new session: forget whatever an old one with this id left behind
  redis.call('DEL', h, t)
  redis.call('ZREM', ia, id)
  redis.call('ZREM', inamed, id)
  redis.call('HSET', h, 'created', now, 'auto', ARGV[3], 'count', 0, 'saved', 0, 'fallbacks', 0)
end
local auto = redis.call('HGET', h, 'auto')
if ARGV[3] == '0' then auto = '0' end
local expires, ttl_ms = ARGV[11], ARGV[12]
if auto == '1' then expires, ttl_ms = ARGV[9], ARGV[10] end
redis.call('HSET', h, 'updated', now, 'auto', auto, 'expires', expires, 'messages', ARGV[4])
redis.call('HINCRBY', h, 'count', 1)
local saved = redis.call('HINCRBY', h, 'saved', ARGV[6])
local fallbacks = redis.call('HINCRBY', h, 'fallbacks', ARGV[7])
redis.call('RPUSH', t, ARGV[5])
redis.call('LTRIM', t, -tonumber(ARGV[8]), -1)
redis.call('PEXPIRE', h, ttl_ms)
redis.call('PEXPIRE', t, ttl_ms)
if auto == '1' then
  redis.call('ZADD', ia, now, id)
else
  redis.call('ZADD', inamed, now, id)
  redis.call('ZREM', ia, id)
end
redis.call('ZREMRANGEBYSCORE', ia, '-inf', '(' .. ARGV[13])
redis.call('ZREMRANGEBYSCORE', inamed, '-inf', '(' .. ARGV[14])
return {redis.call('HGET', h, 'created'), auto, saved, fallbacks}
"""


class RedisStore:
    """Sessions in Redis; see the module docstring. Construction does not touch the network."""

    def __init__(
        self,
        url: str,
        *,
        ttl_s: float = DEFAULT_TTL_S,
        auto_ttl_s: float = DEFAULT_AUTO_TTL_S,
        max_turns: int = DEFAULT_MAX_TURNS,
        max_messages: int = DEFAULT_MAX_MESSAGES,
        clock: Callable[[], float] = time.time,
        prefix: str = "trooper:",
        socket_timeout_s: float = 0.5,
        retry_after_s: float = 1.0,
    ) -> None:
        self._limits = Limits(ttl_s, auto_ttl_s, max_turns, max_messages)
        self._clock = clock
        self._prefix = prefix
        self._retry_after_s = retry_after_s
        self._redis = aioredis.Redis.from_url(
            url,
            socket_timeout=socket_timeout_s,
            socket_connect_timeout=socket_timeout_s,
            retry=Retry(NoBackoff(), 0),
            health_check_interval=30,
        )
        self._record_script = self._redis.register_script(_RECORD)
        #: Told of each failure (operation, error) it absorbed: the server counts and shows them.
        self.on_error: Callable[[str, str], None] | None = None
        self._down = False
        self._skip_until = 0.0

    # --- the interface --------------------------------------------------------------------

    async def get(
        self, session_id: str, *, turns: bool = True, history: bool = True
    ) -> Session | None:
        return await self._guard("get", lambda: self._get(session_id, turns, history), None)

    async def record(
        self,
        session_id: str,
        *,
        auto: bool,
        turn: Turn,
        messages: list[Message],
        append: bool = False,
    ) -> Session:
        now = self._clock()
        token = os.urandom(12).hex()
        session = await self._guard(
            "record",
            lambda: self._record(session_id, auto, turn, messages, now, append, token),
            None,
            attempts=WRITE_ATTEMPTS,
        )
        if session is None:
            session = fallback_session(session_id, auto=auto, turn=turn, messages=messages, now=now)
        return session

    async def list(self, limit: int = 100) -> list[SessionSummary]:
        if limit <= 0:
            return []
        return await self._guard("list", lambda: self._list(limit), [])

    async def breaker_get(self, key: str) -> bytes | None:
        return await self._guard("breaker_get", lambda: self._breaker_get(key), None)

    async def breaker_put(self, key: str, value: bytes, ttl_s: float) -> None:
        await self._guard(
            "breaker_put",
            lambda: self._breaker_put(key, value, ttl_s),
            None,
            attempts=WRITE_ATTEMPTS,
        )

    async def close(self) -> None:
        await self._redis.aclose()

    @property
    def down(self) -> bool:
        """Redis failed and has not answered since (calls answer their defaults meanwhile)."""
        return self._down

    # --- failing open -----------------------------------------------------------------------

    async def _guard(
        self, op: str, call: Callable[[], Awaitable[_T]], default: _T, *, attempts: int = 1
    ) -> _T:
        """Run ``call``, again on a stall up to ``attempts`` times in all; on a failure it does
        not get past, log once per outage and answer ``default``."""
        if self._down and time.monotonic() < self._skip_until:
            return default
        try:
            for attempt in range(1, attempts + 1):
                try:
                    result = await call()
                    break
                except (RedisError, OSError) as exc:
                    if attempt == attempts or not _stalled(exc):
                        raise
                    await asyncio.sleep(0.05 * attempt)
        except (RedisError, OSError, CodecError) as exc:
            self._skip_until = time.monotonic() + self._retry_after_s
            if self.on_error is not None:
                self.on_error(op, str(exc) or type(exc).__name__)
            if not self._down:
                self._down = True
                log.warning("session store: Redis %s failed, continuing without it: %s", op, exc)
            return default
        if self._down:
            self._down = False
            log.info("session store: Redis is reachable again")
        return result

    # --- Redis calls ------------------------------------------------------------------------

    def _key(self, kind: str, name: str) -> str:
        return f"{self._prefix}{kind}:{name}"

    async def _get(self, session_id: str, turns: bool, history: bool) -> Session | None:
        async with self._redis.pipeline(transaction=True) as pipe:
            if history:
                pipe.hgetall(self._key("s", session_id))
            else:  # every field but the history
                pipe.hmget(self._key("s", session_id), _HEAD_FIELDS)
            if turns:
                pipe.lrange(self._key("t", session_id), 0, -1)
            reply, *logs = await pipe.execute()
        log = logs[0] if logs else []
        fields = reply if history else dict(zip(_HEAD_FIELDS, reply, strict=True))
        if not fields or fields[b"expires"] is None or float(fields[b"expires"]) <= self._clock():
            return None
        return Session(
            id=session_id,
            created=float(fields[b"created"]),
            updated=float(fields[b"updated"]),
            auto=fields[b"auto"] == b"1",
            turns=[decode_turn(t) for t in log],
            messages=await _decode(fields[b"messages"]) if history else [],
            tokens_saved=int(fields[b"saved"]),
            fallbacks=int(fields[b"fallbacks"]),
        )

    async def _record(
        self,
        session_id: str,
        auto: bool,
        turn: Turn,
        messages: _Messages,
        now: float,
        append: bool,
        token: str,
    ) -> Session:
        keys = [self._key("s", session_id), self._key("t", session_id)]
        keys += [self._key("i", "auto"), self._key("i", "named"), self._key("o", token)]
        if not append:
            kept = cap_history(messages, self._limits.max_messages)
            blob = await _encode(kept)
            reply = await self._record_script(keys, self._args(session_id, auto, turn, blob, now))
        else:
            reply = await self._append(keys, session_id, auto, turn, messages, now)
        created, auto_flag, saved, fallbacks = reply
        return Session(
            id=session_id,
            created=float(created),
            updated=now,
            auto=auto_flag == b"1",
            turns=[turn],
            messages=messages,
            tokens_saved=int(saved),
            fallbacks=int(fallbacks),
        )

    async def _append(
        self, keys: _Keys, session_id: str, auto: bool, turn: Turn, new: _Messages, now: float
    ) -> Any:
        """Record with ``new`` added after the stored history: read it under WATCH, and start
        again if another instance changed the session before the script ran."""
        async with self._redis.pipeline(transaction=True) as pipe:
            while True:
                try:
                    await pipe.watch(keys[0])
                    fields = await pipe.hmget(keys[0], ["messages", "expires"])
                    raw, expires = cast(_Row, fields)
                    live = raw is not None and expires is not None and float(expires) > now
                    stored = await _decode(raw) if raw is not None and live else []
                    kept = cap_history([*stored, *new], self._limits.max_messages)
                    blob = await _encode(kept)
                    pipe.multi()  # type: ignore[no-untyped-call]
                    args = self._args(session_id, auto, turn, blob, now)
                    await self._record_script(keys, args, client=pipe)
                    (reply,) = await pipe.execute()
                    return reply
                except WatchError:
                    continue

    def _args(self, session_id: str, auto: bool, turn: Turn, blob: bytes, now: float) -> _Args:
        limits = self._limits
        args: _Args = [session_id, repr(now), "1" if auto else "0"]
        args += [blob, encode_turn(turn), turn.saved_tokens]
        args += [1 if turn.fallback_reason else 0, limits.max_turns]
        args += [repr(now + limits.auto_ttl_s), _ms(limits.auto_ttl_s)]
        args += [repr(now + limits.ttl_s), _ms(limits.ttl_s)]
        args += [repr(now - limits.auto_ttl_s), repr(now - limits.ttl_s), _TOKEN_TTL_MS]
        return args

    async def _list(self, limit: int) -> _Summaries:
        now = self._clock()
        found = await self._live_in(self._key("i", "auto"), limit, now)
        found += await self._live_in(self._key("i", "named"), limit, now)
        unique = {s.id: s for s in found}  # an id in both indexes is still one session
        return sorted(unique.values(), key=lambda s: s.updated, reverse=True)[:limit]

    async def _live_in(self, index: str, limit: int, now: float) -> _Summaries:
        """The ``limit`` most recently updated live sessions of one index, pruning gone ones."""
        out: _Summaries = []
        start, page = 0, max(limit, 16)
        while len(out) < limit:
            ids = cast(_Ids, await self._redis.zrevrange(index, start, start + page - 1))
            if not ids:
                break
            live, gone = await self._summaries(ids, now)
            out += live
            if gone:
                await self._redis.zrem(index, *gone)
            if len(ids) < page:
                break
            start += page - len(gone)
        return out[:limit]

    async def _summaries(self, ids: _Ids, now: float) -> tuple[_Summaries, _Ids]:
        async with self._redis.pipeline(transaction=False) as pipe:
            for raw in ids:
                pipe.hmget(self._key("s", raw.decode()), list(_SUMMARY_FIELDS))
            rows = cast(list[_Row], await pipe.execute())
        live: _Summaries = []
        gone: _Ids = []
        for raw, row in zip(ids, rows, strict=True):
            if row[0] is None:
                gone.append(raw)
            elif float(_b(row[6])) > now:
                live.append(_summary(raw.decode(), row))
        return live, gone

    async def _breaker_get(self, key: str) -> bytes | None:
        raw = await self._redis.get(self._key("b", key))
        if not isinstance(raw, bytes) or len(raw) < _EXPIRY.size:
            return None
        (expires,) = _EXPIRY.unpack_from(raw)
        return None if expires <= self._clock() else raw[_EXPIRY.size :]

    async def _breaker_put(self, key: str, value: bytes, ttl_s: float) -> None:
        blob = _EXPIRY.pack(self._clock() + ttl_s) + bytes(value)
        await self._redis.set(self._key("b", key), blob, px=_ms(ttl_s))


async def _decode(blob: bytes) -> _Messages:
    if len(blob) > OFF_LOOP_BYTES:
        return await slices.run(decode_messages_steps(blob), "decode")
    return decode_messages(blob)


async def _encode(messages: _Messages) -> bytes:
    if approx_size(messages) > OFF_LOOP_BYTES:
        return b"[" + b",".join(await slices.run(encode_each_steps(messages), "encode")) + b"]"
    return encode_messages(messages)


def _stalled(exc: BaseException) -> bool:
    """A timeout or a dropped connection, worth another attempt; not a refused connection or an
    unknown host (an outage or a misconfiguration), not an error Redis answered."""
    if isinstance(exc, RedisTimeoutError):
        return True
    if isinstance(exc, RedisConnectionError):
        return not isinstance(exc.__cause__, ConnectionRefusedError | socket.gaierror)
    return False


def _ms(seconds: float) -> int:
    return max(1, math.ceil(seconds * 1000))


def _b(value: Any) -> bytes:
    if not isinstance(value, bytes):
        raise CodecError("incomplete session hash in Redis")
    return value


def _summary(session_id: str, row: _Row) -> SessionSummary:
    created, updated, count, saved, fallbacks, auto, _ = (_b(v) for v in row)
    return SessionSummary(
        id=session_id,
        created=float(created),
        updated=float(updated),
        turns=int(count),
        tokens_saved=int(saved),
        fallbacks=int(fallbacks),
        auto=auto == b"1",
    )
