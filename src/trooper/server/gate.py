"""Which browsers and host names may talk to Trooper: the DNS-rebinding and cross-site guard.

A page open in the user's browser can reach ``http://127.0.0.1:3000`` in two ways, and both are
refused unless configured:

* **DNS rebinding**: ``attacker.example`` resolves to 127.0.0.1, so the page's requests arrive
  with ``Host: attacker.example`` and can read the answers (stored prompts included). When
  Trooper listens on loopback, only loopback names (``localhost``, ``*.localhost``,
  ``127.x.x.x``, ``[::1]``), the bind address and ``TROOPER_ALLOWED_HOSTS`` are accepted. When it
  listens beyond loopback (``TROOPER_BIND=0.0.0.0``, which needs a token) its names cannot be
  known, so only ``TROOPER_ALLOWED_HOSTS`` narrows them, if set. ``*`` accepts any host.
* **Cross-site requests**: a form or ``fetch`` with ``Content-Type: text/plain`` needs no CORS
  preflight and would spend credits. Any request carrying an ``Origin`` header (every browser
  request but a plain navigation) is refused unless it comes from Trooper's own origin (the
  status page) or ``TROOPER_ALLOWED_ORIGINS`` lists it (``*``: any); a listed origin also gets
  the CORS headers a browser needs. SDKs, curl and other programs send no ``Origin``.

    >>> gate = Gate.from_settings(bind="127.0.0.1", hosts=(), origins=())
    >>> gate.host_ok("localhost:3000"), gate.host_ok("attacker.example")
    (True, False)
    >>> gate.host_ok("attacker.example")  # asked again: the verdict remembered is the same
    False
    >>> gate.origin_ok("https://evil.example", host="localhost:3000")
    False
"""

from __future__ import annotations

from dataclasses import dataclass, field

LOOPBACK = frozenset({"localhost", "127.0.0.1", "::1", "[::1]"})
#: ``Host`` values whose verdict is remembered (every request sends one, nearly always the same),
#: and the longest one remembered: a host name has at most 253 characters, a port 6 more.
KNOWN_HOSTS = 64
KNOWN_HOST_CHARS = 262


def is_loopback(name: str) -> bool:
    return name in LOOPBACK or name.startswith("127.") or name.endswith(".localhost")


def host_name(host: str) -> str:
    """``Host`` without its port, lower-cased, no trailing dot (``[::1]`` keeps its brackets)."""
    host = host.strip().lower()
    if host.startswith("["):
        end = host.find("]")
        return host[: end + 1] if end > 0 else host
    if host.count(":") == 1:
        host = host.partition(":")[0]
    return host.rstrip(".")


@dataclass(frozen=True, slots=True)
class Gate:
    """The host and origin policy, built once from the settings."""

    any_host: bool
    hosts: frozenset[str]
    any_origin: bool
    origins: frozenset[str]
    _known: dict[str, bool] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_settings(cls, *, bind: str, hosts: tuple[str, ...], origins: tuple[str, ...]) -> Gate:
        bound = host_name(bind if ":" not in bind or bind.startswith("[") else f"[{bind}]")
        loopback = is_loopback(bound) or bound == "[::1]"
        named = frozenset(host_name(h) for h in hosts if h != "*")
        return cls(
            any_host="*" in hosts or (not loopback and not named),
            hosts=named | {bound, bind.lower()},
            any_origin="*" in origins,
            origins=frozenset(o for o in origins if o != "*"),
        )

    def host_ok(self, host: str | None) -> bool:
        """May a request with this ``Host`` header be served? (None: no header, not a browser.)"""
        if self.any_host or host is None:
            return True
        ok = self._known.get(host)
        if ok is None:
            name = host_name(host)
            ok = name in self.hosts or is_loopback(name)
            if len(host) <= KNOWN_HOST_CHARS:
                if len(self._known) >= KNOWN_HOSTS:
                    self._known.clear()
                self._known[host] = ok
        return ok

    def origin_ok(self, origin: str, *, host: str | None) -> bool:
        """May a browser request from ``origin`` be served? Trooper's own origin always may."""
        origin = origin.strip().lower().rstrip("/")
        if self.any_origin or origin in self.origins:
            return True
        scheme, _, rest = origin.partition("://")
        return scheme in ("http", "https") and host is not None and rest == host.strip().lower()

    def cors(self, origin: str) -> bool:
        """Does ``origin`` get CORS headers (a configured origin, not Trooper's own pages)?"""
        return self.any_origin or origin.strip().lower().rstrip("/") in self.origins
