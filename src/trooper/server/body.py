"""A request body read whole, a large one in steps that give the event loop turns.

aiohttp's ``request.read()`` gathers whatever has arrived in one go: megabytes already
buffered are joined, copied and copied again in one call, and ``/health`` waits meanwhile. A body
over ``SLICED_BODY`` bytes is read ``STEP_BYTES`` at a time instead, into one growing buffer, the
loop running between two steps; the handler's own ``request.read()`` then returns that buffer (a
``bytearray``: ``orjson`` and every ``bytes`` method take it).
"""

from __future__ import annotations

import asyncio

from aiohttp import web

#: Declared sizes above which a body is read in steps.
SLICED_BODY = 1 << 20
STEP_BYTES = 256 * 1024


def read_already(request: web.Request) -> bytes | bytearray | None:
    """The body if it was read already (by the guard: :func:`take_arrived`, :func:`read_whole`),
    else None; no coroutine, where ``await request.read()`` makes one to return the same."""
    return request._read_bytes


def take_arrived(request: web.Request) -> bytes:
    """The body of a request whose body has all arrived (``request.content.is_eof()``), taken
    from the buffer as it lies (``read()`` would copy it twice) and kept for the handler's
    ``read()``. Raises ``HTTPRequestEntityTooLarge`` as ``read()`` does."""
    body = request.content.read_nowait()
    limit = request.client_max_size
    if limit and len(body) >= limit:  # read()'s own test
        raise web.HTTPRequestEntityTooLarge(max_size=limit, actual_size=len(body))
    request._read_bytes = body
    return body


async def read_whole(request: web.Request) -> bytes | bytearray:
    """The request's body (kept for the handler's ``read()``). Raises
    ``HTTPRequestEntityTooLarge`` past the app's ``client_max_size``, as ``read()`` does.

    A body read in steps is the bytearray they filled: making ``bytes`` of it would copy
    megabytes in one call (and touch every page of a new buffer), the stall the steps avoid."""
    length = request.content_length
    limit = request.client_max_size
    if length is None or length <= SLICED_BODY or length > limit:
        return await request.read()
    # One buffer grown step by step: ``bytearray(length)`` would zero megabytes in one call.
    body = bytearray()
    while chunk := await request.content.read(STEP_BYTES):
        body += chunk
        if len(body) > limit:
            raise web.HTTPRequestEntityTooLarge(max_size=limit, actual_size=len(body))
        await asyncio.sleep(0)
    # what ``read()``, ``text()`` and ``json()`` return from now on
    request._read_bytes = body  # type: ignore[assignment]
    return body
