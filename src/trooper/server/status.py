"""The status page: ``GET /status``, one server-rendered HTML page, no JavaScript, no assets.

It shows the chain (providers in order, whether a key is set, each model's circuit breaker), the
recent decisions, the live sessions, the session store's health, the totals and a chart of tokens
saved over time (an inline SVG polyline drawn here). Every piece of text that came from a client
or an upstream (session ids, summaries, errors, model names) is escaped; a strict
Content-Security-Policy forbids scripts even if something slipped through.

    curl http://localhost:3000/status     # or open it in a browser: it refreshes every 5 s
"""

from __future__ import annotations

import html
import time
from collections.abc import Iterable, Sequence

from aiohttp import web

from trooper.providers.base import Provider
from trooper.resilience.breaker import Breaker
from trooper.server.metrics import DecisionRecord
from trooper.server.state import TROOPER, Trooper
from trooper.sessions.guard import StoreHealth, StoreUnavailable
from trooper.sessions.store import SessionSummary

MAX_ROWS = 50
MAX_MODEL_ROWS = 10  # per provider
CHART_W, CHART_H, CHART_PAD = 640, 160, 8
HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
STYLE = """
body{font:14px/1.4 system-ui,sans-serif;margin:1.5rem;color:#1d2330;background:#f6f7f9}
h1{font-size:1.4rem;margin:0 0 .2rem}h2{font-size:1.05rem;margin:1.6rem 0 .5rem}
table{border-collapse:collapse;width:100%;background:#fff;box-shadow:0 1px 2px #0002}
th,td{padding:.35rem .6rem;border-bottom:1px solid #e3e6eb;text-align:left;vertical-align:top}
th{background:#eef1f5;font-weight:600}td.n{text-align:right;font-variant-numeric:tabular-nums}
.muted{color:#6b7280}.totals{display:flex;gap:1rem;margin:1rem 0}
.card{background:#fff;padding:.7rem 1rem;box-shadow:0 1px 2px #0002;min-width:10rem}
.card b{display:block;font-size:1.5rem}
.closed{color:#047857;font-weight:600}.open{color:#b91c1c;font-weight:600}
.half_open{color:#b45309;font-weight:600}
#decisions td:first-child,#sessions td:last-child{white-space:nowrap}
svg{background:#fff;box-shadow:0 1px 2px #0002;max-width:100%;height:auto}
"""
STATE_CLASS = {"closed": "closed", "open": "open", "half_open": "half_open"}


def esc(value: object) -> str:
    """Text safe inside an element or a quoted attribute."""
    return html.escape(str(value), quote=True)


def clock(ts: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(ts))


def table(headers: Sequence[str], rows: Iterable[str], empty: str) -> str:
    """A table from pre-rendered ``<tr>`` rows (cells escaped by the caller)."""
    body = "".join(rows)
    if not body:
        body = f'<tr><td colspan="{len(headers)}" class="muted">{esc(empty)}</td></tr>'
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def row(*cells: str, numeric: Sequence[int] = ()) -> str:
    """A ``<tr>`` whose cells are already escaped HTML."""
    tds = (
        f'<td class="n">{c}</td>' if i in numeric else f"<td>{c}</td>" for i, c in enumerate(cells)
    )
    return f"<tr>{''.join(tds)}</tr>"


def key_status(provider: Provider) -> str:
    """Whether a key is configured; never the key itself."""
    if provider.local:
        return '<span class="muted">not needed (local)</span>'
    return "yes" if provider.api_key else '<span class="muted">no (client key only)</span>'


def breaker_cells(breaker: Breaker | None) -> tuple[str, str, str]:
    """State, last error and why-open cells for one model's breaker (None: never used)."""
    if breaker is None:
        return '<span class="closed">closed</span>', "", ""
    state = STATE_CLASS.get(breaker.state, "closed")
    why = esc(breaker.why_open()) if breaker.state != "closed" else ""
    label = esc(breaker.state.replace("_", "-"))
    return f'<span class="{state}">{label}</span>', esc(breaker.last_error or ""), why


def provider_rows(state: Trooper) -> list[str]:
    """One row per provider and model, in chain order; the default model when none was used."""
    by_provider: dict[str, list[tuple[str, Breaker]]] = {}
    for key, breaker in state.breakers.items():
        name, _, model = key.partition("/")
        by_provider.setdefault(name, []).append((model, breaker))
    rows: list[str] = []
    for position, provider in enumerate(state.providers, start=1):
        models: list[tuple[str, Breaker | None]] = [*by_provider.get(provider.name, [])]
        if not models:
            models = [(provider.default_model, None)]
        # Model names are the clients' choice: show the ones worth seeing, and count the rest.
        models.sort(key=lambda m: (m[1] is not None and m[1].state == "closed", m[0]))
        hidden = len(models) - MAX_MODEL_ROWS
        for model, maybe in models[:MAX_MODEL_ROWS]:
            cells = breaker_cells(maybe)
            rows.append(
                row(
                    str(position),
                    esc(provider.name),
                    esc(provider.default_model),
                    key_status(provider),
                    esc(model),
                    *cells,
                    numeric=(0,),
                )
            )
        if hidden > 0:
            more = f'<span class="muted">and {hidden} more models</span>'
            rows.append(row(str(position), esc(provider.name), "", "", more, "", "", ""))
    return rows


def decision_rows(recent: Sequence[DecisionRecord]) -> list[str]:
    """The newest decisions first, at most :data:`MAX_ROWS`."""
    newest = list(reversed(recent))[:MAX_ROWS]
    return [
        row(
            esc(clock(r.ts)),
            esc(r.session),
            esc(r.dialect),
            esc(r.provider),
            esc(r.decision),
            esc(r.summary),
            esc(r.outcome),
            esc(r.saved),
            numeric=(7,),
        )
        for r in newest
    ]


def session_rows(sessions: Sequence[SessionSummary]) -> list[str]:
    return [
        row(
            esc(s.id),
            "auto" if s.auto else "named",
            esc(s.turns),
            esc(s.tokens_saved),
            esc(s.fallbacks),
            esc(clock(s.updated)),
            numeric=(2, 3, 4),
        )
        for s in sessions
    ]


def chart(series: Sequence[tuple[float, int]]) -> str:
    """Cumulative tokens saved over time, as an inline SVG polyline (starting from zero)."""
    points = [(series[0][0], 0), *series] if series else []
    inner_w, inner_h = CHART_W - 2 * CHART_PAD, CHART_H - 2 * CHART_PAD
    top = max((v for _, v in points), default=0) or 1
    t0 = min((t for t, _ in points), default=0.0)
    span = max((t for t, _ in points), default=0.0) - t0
    coords: list[str] = []
    for i, (ts, value) in enumerate(points):
        share = (ts - t0) / span if span > 0 else i / max(len(points) - 1, 1)
        x = CHART_PAD + share * inner_w
        y = CHART_PAD + inner_h - value / top * inner_h
        coords.append(f"{x:.1f},{y:.1f}")
    if not coords:
        base = CHART_PAD + inner_h
        coords = [f"{CHART_PAD},{base}", f"{CHART_PAD + inner_w},{base}"]
    caption = f"Tokens saved over time (max {top if points else 0})"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{CHART_W}" height="{CHART_H}" '
        f'viewBox="0 0 {CHART_W} {CHART_H}" role="img" aria-label="{esc(caption)}">'
        f"<title>{esc(caption)}</title>"
        f'<line x1="{CHART_PAD}" y1="{CHART_H - CHART_PAD}" x2="{CHART_W - CHART_PAD}" '
        f'y2="{CHART_H - CHART_PAD}" stroke="#cbd2dc"/>'
        f'<polyline fill="none" stroke="#2563eb" stroke-width="2" points="{" ".join(coords)}"/>'
        f'<text x="{CHART_PAD + 4}" y="{CHART_PAD + 12}" font-size="12" fill="#6b7280">'
        f"{esc(top if points else 0)} tokens</text></svg>"
    )


async def sessions_of(state: Trooper) -> list[SessionSummary]:
    """Named sessions, most recently updated first (a request without ``X-Session-ID`` is its
    own one-turn session: it shows in the recent decisions); none while the store fails."""
    try:
        return await state.store.list(MAX_ROWS)
    except StoreUnavailable:
        return []


def store_health(health: StoreHealth) -> str:
    """One line: the store works, or is failing (answers are served without it), and why."""
    if health.failing:
        when = clock(health.last_error_ts or 0.0)
        return (
            '<p class="open">Session store failing: answers are served, turns may not be '
            f"recorded. Last error at {esc(when)}: {esc(health.last_error)} "
            f"({esc(health.errors)} failed operations).</p>"
        )
    if health.errors:
        return (
            f'<p class="closed">Session store working; {esc(health.errors)} failed operations '
            f"since start, the last: {esc(health.last_error)}.</p>"
        )
    return '<p class="closed">Session store working.</p>'


def totals(served: int, saved: int) -> str:
    return (
        '<div class="totals">'
        f'<div class="card"><b id="requests-served">{esc(served)}</b>requests served</div>'
        f'<div class="card"><b id="tokens-saved">{esc(saved)}</b>tokens saved</div></div>'
    )


def render(state: Trooper, sessions: Sequence[SessionSummary]) -> str:
    """The whole page."""
    telemetry = state.telemetry
    recent = list(telemetry.recent)
    saved = chart(list(telemetry.saved_series))
    providers = table(
        ["#", "Provider", "Default model", "Key", "Model", "Breaker", "Last error", "Why open"],
        provider_rows(state),
        "No providers configured.",
    )
    decisions = table(
        ["Time", "Session", "Dialect", "Provider", "Decision", "Summary", "Outcome", "Saved"],
        decision_rows(recent),
        "No requests served yet.",
    )
    live = table(
        ["Session", "Kind", "Turns", "Tokens saved", "Fallbacks", "Updated"],
        session_rows(sessions),
        "No live sessions.",
    )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta http-equiv="refresh" content="5">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Trooper status</title><style>{STYLE}</style></head><body>"
        "<h1>Trooper status</h1>"
        f'<div class="muted">Up since {esc(clock(state.started))}; refreshes every 5 s.</div>'
        f"{totals(telemetry.served_total, telemetry.saved_total)}"
        f'<h2>Tokens saved over time</h2><div id="chart">{saved}</div>'
        f'<h2>Providers (chain order)</h2><div id="providers">{providers}</div>'
        f'<h2>Recent decisions (newest first)</h2><div id="decisions">{decisions}</div>'
        f'<h2>Active sessions</h2><div id="store">{store_health(state.store.health)}</div>'
        f'<div id="sessions">{live}</div>'
        "</body></html>"
    )


async def status_page(request: web.Request) -> web.Response:
    """``GET /status``: the HTML status page."""
    state = request.app[TROOPER]
    page = render(state, await sessions_of(state))
    return web.Response(text=page, content_type="text/html", charset="utf-8", headers=dict(HEADERS))
