"""Inbound routes, and the middlewares that keep every answer in the client's dialect.

POST /v1/messages, POST /                  Anthropic Messages
POST /v1/chat/completions, /chat/completions   OpenAI Chat Completions
POST /v1/messages/count_tokens              Anthropic token count (estimated)
GET  /v1/models, /models                    the models Trooper can serve
GET  /health, HEAD /                        liveness
GET  /sessions, /sessions/{id}              read-only session views
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Awaitable, Callable

import orjson
from aiohttp import web
from aiohttp.typedefs import Middleware
from prometheus_client import CONTENT_TYPE_LATEST

from trooper.context.tokens import estimate_request
from trooper.errors import AuthRequired, InvalidRequest, NotFound, PayloadTooLarge, TrooperError
from trooper.server.app import TROOPER
from trooper.server.chat import _read_json, error_response, handle_chat
from trooper.server.dialects import DIALECTS, InboundDialect
from trooper.server.status import status_page
from trooper.server.views import session_detail, session_list

log = logging.getLogger("trooper")

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
OPEN_PATHS = frozenset({"/health"})


def dialect_of(path: str) -> InboundDialect:
    """The dialect a path speaks, for error envelopes: Anthropic's own paths (``/v1/messages``,
    ``/v1/complete``) and Trooper's, else OpenAI's (every other ``/v1/`` path is an OpenAI API,
    such as ``/v1/embeddings``, and so are ``/chat/completions`` and ``/models``)."""
    if path.startswith(_ANTHROPIC_PATHS):
        return DIALECTS["anthropic"]
    openai = path.startswith("/v1/") or "chat/completions" in path or path.endswith("/models")
    return DIALECTS["openai" if openai else "anthropic"]


_ANTHROPIC_PATHS = ("/v1/messages", "/v1/complete")


def middlewares() -> list[Middleware]:
    return [guard]


@web.middleware
async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
    """The token check, then the handler; and no stack traces, no 500 pages: every failure is
    an error in the client's dialect. (One middleware: each layer costs every request.)"""
    try:
        check_token(request)
        return await handler(request)
    except TrooperError as err:
        return error_response(dialect_of(request.path), err)
    except web.HTTPException as exc:
        return _http_error(request, exc)
    except Exception:
        log.exception("unexpected error on %s %s", request.method, request.path)
        failed = TrooperError("Trooper hit an unexpected error; the request was not served.")
        return error_response(dialect_of(request.path), failed)


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


def check_token(request: web.Request) -> None:
    """With ``TROOPER_AUTH_TOKEN`` set, every route but /health needs the token."""
    token = request.app[TROOPER].settings.auth_token
    if token and request.path not in OPEN_PATHS:
        given = request.headers.get("X-Trooper-Token", "")
        bearer = request.headers.get("Authorization", "")
        if bearer[:7].lower() == "bearer ":
            given = given or bearer[7:].strip()
        if not hmac.compare_digest(given.encode(), token.encode()):
            raise AuthRequired(
                "Trooper needs its token: send Authorization: Bearer <TROOPER_AUTH_TOKEN> "
                "or X-Trooper-Token."
            )


async def anthropic_messages(request: web.Request) -> web.StreamResponse:
    return await handle_chat(request, DIALECTS["anthropic"])


async def openai_chat(request: web.Request) -> web.StreamResponse:
    return await handle_chat(request, DIALECTS["openai"])


async def count_tokens(request: web.Request) -> web.StreamResponse:
    data = await _read_json(request, request.app[TROOPER].settings.max_body_bytes)
    data.setdefault("max_tokens", 1)
    req = DIALECTS["anthropic"].parse_request(data)
    return web.json_response({"input_tokens": estimate_request(req)}, dumps=_dumps)


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


def setup_routes(app: web.Application) -> None:
    router = app.router
    router.add_post("/v1/messages", anthropic_messages)
    router.add_post("/", anthropic_messages)
    router.add_post("/v1/chat/completions", openai_chat)
    router.add_post("/chat/completions", openai_chat)
    router.add_post("/v1/messages/count_tokens", count_tokens)
    router.add_get("/v1/models", models)
    router.add_get("/models", models)
    router.add_get("/health", health)
    router.add_route("HEAD", "/", head_root)
    router.add_get("/sessions", session_list)
    router.add_get("/sessions/{session_id}", session_detail)
    router.add_get("/metrics", metrics)
    router.add_get("/status", status_page)


async def metrics(request: web.Request) -> web.StreamResponse:
    state = request.app[TROOPER]
    body = state.telemetry.render(state.breakers)
    return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})
