"""Inbound routes, and the guard that keeps every answer in the client's dialect.

POST /v1/messages, POST /                  Anthropic Messages
POST /v1/chat/completions, /chat/completions   OpenAI Chat Completions
POST /v1/responses, /responses               OpenAI Responses API
POST /v1beta/models/{model}:generateContent   Gemini API (also :streamGenerateContent, with or
                                            without alt=sse, and :countTokens; /v1/ too)
GET  /v1beta/models, /v1beta/models/{model}  the models Trooper can serve, as Gemini lists them
POST /v1/messages/count_tokens              Anthropic token count (estimated)
GET  /v1/models, /models                    the models Trooper can serve
GET  /health, HEAD /                        liveness
GET  /sessions, /sessions/{id}              read-only session views
"""

from __future__ import annotations

import asyncio
import hmac
import logging
from collections.abc import Awaitable, Callable
from functools import partial

import orjson
from aiohttp import hdrs, web
from aiohttp.http_exceptions import HttpProcessingError
from prometheus_client import CONTENT_TYPE_LATEST

from trooper.errors import (
    AuthRequired,
    ClientError,
    InvalidRequest,
    NotFound,
    PayloadTooLarge,
    TrooperError,
)
from trooper.server.body import read_whole, take_arrived
from trooper.server.chat import _body_tokens, _read_object, error_response, handle_chat
from trooper.server.dialects import DIALECTS, GEMINI_ARRAY, InboundDialect
from trooper.server.gate import Gate
from trooper.server.state import TROOPER
from trooper.server.status import status_page
from trooper.server.views import session_detail, session_list
from trooper.translate.gemini_inbound import for_target

log = logging.getLogger("trooper")

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
OPEN_PATHS = frozenset({"/health"})
CORS_HEADERS = {
    "Access-Control-Allow-Methods": "GET, POST, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "*",
    "Access-Control-Max-Age": "600",
    "Vary": "Origin",
}


CORS = web.RequestKey("cors", dict[str, str])


class BodyTimeout(ClientError):
    """The request body did not arrive in time."""

    status = 408


class Forbidden(ClientError):
    """A host name or browser origin Trooper does not serve (see ``server/gate.py``)."""

    status = 403
    kind = "permission_error"


def dialect_of(path: str) -> InboundDialect:
    """The dialect a path speaks, for error envelopes: the Responses API's and the Gemini API's
    own paths, Anthropic's (``/v1/messages``, ``/v1/complete``) and Trooper's, else OpenAI's
    (every other ``/v1/`` path is an OpenAI API, such as ``/v1/embeddings``, and so are
    ``/chat/completions`` and ``/models``)."""
    if path.endswith("/responses"):
        return DIALECTS["responses"]
    if path.startswith("/v1beta/") or (path.startswith("/v1/models/") and ":" in path):
        return DIALECTS["gemini"]
    if path.startswith(_ANTHROPIC_PATHS):
        return DIALECTS["anthropic"]
    openai = path.startswith("/v1/") or "chat/completions" in path or path.endswith("/models")
    return DIALECTS["openai" if openai else "anthropic"]


_ANTHROPIC_PATHS = ("/v1/messages", "/v1/complete")


def guarded(handler: Handler) -> Handler:
    """``handler`` behind the guard: the host, origin and token checks, the body read (with its
    timeout), then the handler; and no stack traces, no 500 pages: every failure is an error in
    the client's dialect, logged in one line.

    Every route is guarded, the fallback route included (:func:`no_route`: aiohttp's own 404s
    and 405s), so the guard sees every request, as a middleware would; but a middleware costs
    every request aiohttp's wrappers around it as well (a bound partial, a cached lookup, the
    layer that sets ``match_info.current_app``), about 2 µs."""

    async def guard(request: web.Request) -> web.StreamResponse:
        try:
            state = request.app[TROOPER]  # (read once: each read is four calls)
            origin = check_gate(request, state.gate)
            if origin is not None and (preflight := _cors(request, origin)) is not None:
                return preflight
            check_token(request, state.settings.auth_token)
            if request.body_exists:
                await read_body(request)
            return await handler(request)
        except TrooperError as err:
            response = error_response(dialect_of(request.path), err)
            if isinstance(err, BodyTimeout):
                response.force_close()
            return response
        except web.HTTPException as exc:
            return _http_error(request, exc)
        except ConnectionError:
            log.info(
                "✗ %s %s: the client went away before its request was read",
                request.method,
                request.path,
            )
            return web.Response(status=499)
        except HttpProcessingError as exc:
            log.info(
                "✗ %s %s: malformed request body: %s", request.method, request.path, exc.message
            )
            bad = InvalidRequest("The request body is malformed or was cut short.")
            return error_response(dialect_of(request.path), bad)
        except Exception:
            log.exception("unexpected error on %s %s", request.method, request.path)
            failed = TrooperError("Trooper hit an unexpected error; the request was not served.")
            return error_response(dialect_of(request.path), failed)

    return guard


async def no_route(request: web.Request) -> web.StreamResponse:
    """The route of every request no other route takes: the 405 aiohttp's router would have
    raised (the path is served, by other methods), else its 404 (see :func:`guarded`)."""
    fallback = request.match_info.route.resource
    allowed: set[str] = set()
    for resource in request.app.router.resources():
        if resource is not fallback:
            _, methods = await resource.resolve(request)
            allowed |= methods
    if allowed:
        raise web.HTTPMethodNotAllowed(request.method, allowed)
    raise web.HTTPNotFound()


async def read_body(request: web.Request) -> None:
    """Read the whole body now (aiohttp keeps it for the handler's ``read()``), within
    ``TROOPER_BODY_TIMEOUT_S``: a client that trickles its body cannot hold a connection (and a
    file descriptor) for ever."""
    if request.content.is_eof():  # it all came with the headers: nothing to wait for
        take_arrived(request)
        return
    limit = request.app[TROOPER].settings.body_timeout_s
    try:
        async with asyncio.timeout(limit):
            await read_whole(request)
    except asyncio.CancelledError:  # the client hung up mid-body: aiohttp cancels the handler
        log.info(
            "✗ %s %s: the client went away before its request was read",
            request.method,
            request.path,
        )
        raise
    except TimeoutError:
        log.info(
            "✗ %s %s: the body did not arrive within %g s", request.method, request.path, limit
        )
        raise BodyTimeout(
            f"The request body did not arrive within {limit:g} s (TROOPER_BODY_TIMEOUT_S)."
        ) from None


def _http_error(request: web.Request, exc: web.HTTPException) -> web.Response:
    """aiohttp's own errors (no route, wrong method, body too large) in the client's dialect."""
    dialect = dialect_of(request.path)
    if isinstance(exc, web.HTTPRequestEntityTooLarge):
        limit = request.app[TROOPER].settings.max_body_bytes
        return error_response(
            dialect, PayloadTooLarge(f"The request body is over the {limit}-byte limit.")
        )
    if isinstance(exc, web.HTTPNotFound):
        return error_response(dialect, NotFound(f"No route for {request.method} {request.path}."))
    if isinstance(exc, web.HTTPMethodNotAllowed):
        wrong = InvalidRequest(f"{request.method} is not allowed on {request.path}.")
        response = error_response(dialect, wrong)
        response.set_status(405)
        return response
    raise exc


def check_gate(request: web.Request, gate: Gate) -> str | None:
    """Refuse foreign host names (DNS rebinding) and browser origins (cross-site requests);
    returns an origin that gets CORS headers, if any."""
    host = request.headers.get(hdrs.HOST)
    if not gate.host_ok(host):
        raise Forbidden(
            f"Trooper does not answer requests for host {host!r}. Add it to "
            "TROOPER_ALLOWED_HOSTS if it is really this server's name."
        )
    origin = request.headers.get(hdrs.ORIGIN)
    if origin is None:
        return None
    if not gate.origin_ok(origin, host=host):
        raise Forbidden(
            f"Trooper does not answer browser requests from {origin!r}. Add the origin to "
            "TROOPER_ALLOWED_ORIGINS to allow it."
        )
    return origin if gate.cors(origin) else None


def _cors(request: web.Request, origin: str) -> web.Response | None:
    """A configured origin: the answer to its preflight, or None when the request is to be
    served, its answer readable by the origin."""
    allow = {**CORS_HEADERS, "Access-Control-Allow-Origin": origin}
    if request.method == "OPTIONS":
        return web.Response(status=204, headers=allow)
    request[CORS] = allow  # added as the response (whole or streamed) is prepared
    return None


async def _add_cors(request: web.Request, response: web.StreamResponse) -> None:
    allow = request.get(CORS)
    if allow is not None:
        response.headers.update(allow)


def check_token(request: web.Request, token: str | None) -> None:
    """With ``TROOPER_AUTH_TOKEN`` set (``token``), every route but /health needs the token."""
    if token and request.path not in OPEN_PATHS:
        given = request.headers.get("X-Trooper-Token", "")
        bearer = request.headers.get("Authorization", "")
        if bearer[:7].lower() == "bearer ":
            given = given or bearer[7:].strip()
        # Gemini clients can send only their API key (x-goog-api-key or ?key=).
        given = given or request.headers.get("x-goog-api-key") or request.query.get("key", "")
        # Headers that are not UTF-8 arrive with surrogates: still bytes to compare, not a 500.
        if not hmac.compare_digest(given.encode("utf-8", "surrogateescape"), token.encode()):
            raise AuthRequired(
                "Trooper needs its token: send Authorization: Bearer <TROOPER_AUTH_TOKEN> "
                "or X-Trooper-Token (Gemini clients: as their API key)."
            )


# (partials, not functions awaiting handle_chat: one coroutine less on every request)
anthropic_messages = partial(handle_chat, dialect=DIALECTS["anthropic"])
openai_chat = partial(handle_chat, dialect=DIALECTS["openai"])
openai_responses = partial(handle_chat, dialect=DIALECTS["responses"])


async def gemini(request: web.Request) -> web.StreamResponse:
    """``models/{model}:generateContent``, ``:streamGenerateContent`` or ``:countTokens``."""
    _, method = for_target(request.match_info["target"])
    if method == "countTokens":
        data, big = await _read_object(request, request.app[TROOPER].settings.max_body_bytes)
        tokens = await _body_tokens(DIALECTS["gemini"], data, big)
        return web.json_response({"totalTokens": tokens}, dumps=_dumps)
    array = method == "streamGenerateContent" and request.query.get("alt") != "sse"
    return await handle_chat(request, GEMINI_ARRAY if array else DIALECTS["gemini"])


async def gemini_models(request: web.Request) -> web.StreamResponse:
    """The served models in the Gemini API's shape; one of them by name."""
    state = request.app[TROOPER]
    names = sorted({p.default_model for p in state.providers if p.api_key or p.local})
    models = [
        {
            "name": f"models/{model}",
            "version": "001",
            "displayName": model,
            "inputTokenLimit": 1_000_000,
            "outputTokenLimit": 65_536,
            "supportedGenerationMethods": ["generateContent", "countTokens"],
        }
        for model in names
    ]
    wanted = request.match_info.get("model")
    if wanted is None:
        return web.json_response({"models": models}, dumps=_dumps)
    one = next((m for m in models if m["name"] == f"models/{wanted}"), None)
    if one is None:
        raise NotFound(f"models/{wanted} is not found.")
    return web.json_response(one, dumps=_dumps)


async def count_tokens(request: web.Request) -> web.StreamResponse:
    data, big = await _read_object(request, request.app[TROOPER].settings.max_body_bytes)
    data.setdefault("max_tokens", 1)
    tokens = await _body_tokens(DIALECTS["anthropic"], data, big)
    return web.json_response({"input_tokens": tokens}, dumps=_dumps)


async def models(request: web.Request) -> web.StreamResponse:
    state = request.app[TROOPER]
    names = [(p.name, p.default_model) for p in state.providers if p.api_key or p.local]
    data = [
        {
            "id": model,
            "type": "model",
            "object": "model",
            "display_name": model,
            "owned_by": provider,
            "created": 0,
            "created_at": "1970-01-01T00:00:00Z",
        }
        for provider, model in names
    ]
    return web.json_response(
        {
            "object": "list",
            "data": data,
            "has_more": False,
            "first_id": data[0]["id"] if data else None,
            "last_id": data[-1]["id"] if data else None,
        },
        dumps=_dumps,
    )


async def health(request: web.Request) -> web.StreamResponse:
    state = request.app[TROOPER]
    chain = [p.name for p in state.providers if p.api_key or p.local]
    return web.json_response({"status": "ok", "chain": chain}, dumps=_dumps)


async def head_root(request: web.Request) -> web.StreamResponse:
    return web.Response(status=200)


def _dumps(value: object) -> str:
    return orjson.dumps(value).decode()


def setup_routes(app: web.Application, *, cors: bool = True) -> None:
    """The routes; ``cors`` when some origin may get CORS headers (``TROOPER_ALLOWED_ORIGINS``
    set): without it no response needs the hook that adds them, which every response would
    pay."""
    if cors:
        app.on_response_prepare.append(_add_cors)
    router = app.router
    router.add_post("/v1/messages", guarded(anthropic_messages))
    router.add_post("/", guarded(anthropic_messages))
    router.add_post("/v1/chat/completions", guarded(openai_chat))
    router.add_post("/chat/completions", guarded(openai_chat))
    router.add_post("/v1/responses", guarded(openai_responses))
    router.add_post("/responses", guarded(openai_responses))
    router.add_post("/v1beta/models/{target}", guarded(gemini))
    router.add_post("/v1/models/{target}", guarded(gemini))
    router.add_get("/v1beta/models", guarded(gemini_models))
    router.add_get("/v1beta/models/{model}", guarded(gemini_models))
    router.add_post("/v1/messages/count_tokens", guarded(count_tokens))
    router.add_get("/v1/models", guarded(models))
    router.add_get("/models", guarded(models))
    router.add_get("/health", guarded(health))
    router.add_route("HEAD", "/", guarded(head_root))
    router.add_get("/sessions", guarded(session_list))
    router.add_get("/sessions/{session_id}", guarded(session_detail))
    router.add_get("/metrics", guarded(metrics))
    router.add_get("/status", guarded(status_page))
    # last: the paths and methods no route above takes
    router.add_route("*", "/{tail:.*}", guarded(no_route))


async def metrics(request: web.Request) -> web.StreamResponse:
    state = request.app[TROOPER]
    body = state.telemetry.render(state.breakers)
    return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})
