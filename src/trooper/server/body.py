"""A request body read whole, a large one in steps that give the event loop turns.

aiohttp's ``request.read()`` gathers whatever has arrived in one go: megabytes already
buffered are joined, copied and copied again in one call, and ``/health`` waits meanwhile. A body
over ``SLICED_BODY`` bytes is read ``STEP_BYTES`` at a time instead, the loop running between two
steps; the handler's own ``request.read()`` then returns it as usual.
"""

from __future__ import annotations

import asyncio

from aiohttp import web

#: Declared sizes above which a body is read in steps.
SLICED_BODY = 1 << 20
STEP_BYTES = 256 * 1024


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


async def read_whole(request: web.Request) -> bytes:
    """The request's body (kept for the handler's ``read()``). Raises
    ``HTTPRequestEntityTooLarge`` past the app's ``client_max_size``, as ``read()`` does."""
    length = request.content_length
    limit = request.client_max_size
    if length is None or length <= SLICED_BODY or length > limit:
        return await request.read()
    chunks: list[bytes] = []
    size = 0
    while chunk := await request.content.read(STEP_BYTES):
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            raise web.HTTPRequestEntityTooLarge(max_size=limit, actual_size=size)
        await asyncio.sleep(0)
    body = b"".join(chunks)
    request._read_bytes = body  # what ``read()``, ``text()`` and ``json()`` return from now on
    return body
