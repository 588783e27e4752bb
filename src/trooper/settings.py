"""Settings: the only place that reads the environment, once, at start-up.

Every value is cast and validated here; a wrong value stops Trooper with a message that says
which variable and what it expects. An optional ``.env`` file in the working directory fills in
variables the environment does not set.

    >>> s = Settings.from_env({"CLAUDE_API_KEY": "sk-ant-x", "CONTEXT_WINDOW": "8192"})
    >>> s.context_window, s.port
    (8192, 3000)
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

#: The longest timeout, cooldown or interval accepted (a day): longer ones are typos, and event
#: loops cannot schedule arbitrarily far timers.
MAX_SECONDS = 86_400.0
STORE_SCHEMES = ("redis", "rediss", "unix")
SQLITE_SUFFIXES = (".db", ".sqlite", ".sqlite3")
#: OpenAI's own API; OPENAI_BASE_URL set elsewhere is an OpenAI-compatible service.
DEFAULT_OPENAI_BASE_URL = "https://api.openai.com/v1"
#: How eager the router is, least first (``trooper.routing.rules.LEVELS``); TROOPER_ROUTING
#: takes one of these, or a flag: true means "balanced", false turns routing off.
ROUTING_LEVELS = ("strict", "balanced", "eager")


class SettingsError(ValueError):
    """A variable has a value Trooper cannot use; the message says which and why."""


@dataclass(frozen=True, slots=True)
class Settings:
    claude_api_key: str | None = None
    claude_model: str = "claude-sonnet-4-6"
    claude_base_url: str = "https://api.anthropic.com"
    gemini_api_key: str | None = None
    gemini_model: str = "gemini-2.0-flash"
    gemini_base_url: str = "https://generativelanguage.googleapis.com"
    openai_api_key: str | None = None
    openai_model: str = "gpt-4o-mini"
    openai_base_url: str = DEFAULT_OPENAI_BASE_URL
    ollama_model: str = "qwen2.5:3b"
    fallback_url: str = "http://localhost:11434/api/chat"
    context_window: int = 6144
    quota_status_codes: frozenset[int] = frozenset({429, 402, 529, 400})
    port: int = 3000
    bind: str = "127.0.0.1"
    auto_recovery: bool = False
    retry_backoff_s: float = 2.0
    retry_after_cap_s: float = 30.0
    provider_timeout_s: float = 30.0
    local_timeout_s: float = 300.0
    first_token_timeout_s: float = 30.0
    stream_idle_timeout_s: float = 60.0
    read_timeout_s: float = 300.0
    breaker_failures: int = 3
    breaker_window_s: float = 60.0
    breaker_cooldown_s: float = 60.0
    health_interval_s: float = 60.0
    store: str = "~/.trooper/sessions.db"
    routing: bool = True
    routing_level: str = "balanced"
    rules_file: str | None = None
    log_format: str = "text"
    log_bodies: bool = False
    auth_token: str | None = None
    allow_open: bool = False
    max_body_bytes: int = 32 * 1024 * 1024
    max_streams: int = 256
    max_header_bytes: int = 32 * 1024
    # Hardening: host and origin checks, body-read timeout, store bounds and waits.
    allowed_hosts: tuple[str, ...] = ()
    allowed_origins: tuple[str, ...] = ()
    body_timeout_s: float = 60.0
    memory_store_max_bytes: int = 512 * 1024 * 1024
    store_wait_s: float = 5.0
    max_response_bytes: int = 64 * 1024 * 1024
    max_line_bytes: int = 8 * 1024 * 1024

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str] | None = None, dotenv: Path | None = None
    ) -> Settings:
        """Read and validate every setting. ``environ`` defaults to ``os.environ`` plus ``.env``."""
        env = dict(read_dotenv(dotenv or Path(".env"))) if environ is None else {}
        env.update(os.environ if environ is None else environ)
        r, d = _Reader(env), cls()
        routing_level = r.routing("TROOPER_ROUTING", d.routing_level)
        settings = cls(
            claude_api_key=r.secret("CLAUDE_API_KEY"),
            claude_model=r.text("CLAUDE_MODEL", d.claude_model),
            claude_base_url=r.url("CLAUDE_BASE_URL", d.claude_base_url),
            gemini_api_key=r.secret("GEMINI_API_KEY"),
            gemini_model=r.text("GEMINI_MODEL", d.gemini_model),
            gemini_base_url=r.url("GEMINI_BASE_URL", d.gemini_base_url),
            openai_api_key=r.secret("OPENAI_API_KEY"),
            openai_model=r.text("OPENAI_MODEL", d.openai_model),
            openai_base_url=r.url("OPENAI_BASE_URL", d.openai_base_url),
            ollama_model=r.text("OLLAMA_MODEL", d.ollama_model),
            fallback_url=r.url("FALLBACK_URL", d.fallback_url),
            context_window=r.number("CONTEXT_WINDOW", int, d.context_window, low=256),
            quota_status_codes=r.codes("QUOTA_STATUS_CODES", d.quota_status_codes),
            port=r.number("TROOPER_PORT", int, d.port, low=1, high=65535),
            bind=r.text("TROOPER_BIND", d.bind),
            auto_recovery=r.flag("AUTO_RECOVERY", d.auto_recovery),
            retry_backoff_s=r.number("TROOPER_RETRY_BACKOFF_S", float, d.retry_backoff_s),
            retry_after_cap_s=r.number("TROOPER_RETRY_AFTER_CAP_S", float, d.retry_after_cap_s),
            provider_timeout_s=r.seconds("TROOPER_PROVIDER_TIMEOUT_S", d.provider_timeout_s),
            local_timeout_s=r.seconds("TROOPER_LOCAL_TIMEOUT_S", d.local_timeout_s),
            first_token_timeout_s=r.seconds(
                "TROOPER_FIRST_TOKEN_TIMEOUT_S", d.first_token_timeout_s
            ),
            stream_idle_timeout_s=r.seconds(
                "TROOPER_STREAM_IDLE_TIMEOUT_S", d.stream_idle_timeout_s
            ),
            read_timeout_s=r.seconds("TROOPER_READ_TIMEOUT_S", d.read_timeout_s),
            breaker_failures=r.number("TROOPER_BREAKER_FAILURES", int, d.breaker_failures, low=1),
            breaker_window_s=r.seconds("TROOPER_BREAKER_WINDOW_S", d.breaker_window_s),
            breaker_cooldown_s=r.seconds("TROOPER_BREAKER_COOLDOWN_S", d.breaker_cooldown_s),
            health_interval_s=r.seconds("TROOPER_HEALTH_INTERVAL_S", d.health_interval_s),
            store=r.store("TROOPER_STORE", d.store),
            routing=routing_level is not None,
            routing_level=routing_level or d.routing_level,
            rules_file=r.existing_file("TROOPER_RULES_FILE"),
            log_format=r.choice("TROOPER_LOG_FORMAT", ("text", "json"), d.log_format),
            log_bodies=r.flag("TROOPER_LOG_BODIES", d.log_bodies),
            auth_token=r.secret("TROOPER_AUTH_TOKEN"),
            allow_open=r.flag("TROOPER_ALLOW_OPEN", d.allow_open),
            max_body_bytes=r.number("TROOPER_MAX_BODY_BYTES", int, d.max_body_bytes, low=1024),
            max_streams=r.number("TROOPER_MAX_STREAMS", int, d.max_streams, low=1),
            max_header_bytes=r.number(
                "TROOPER_MAX_HEADER_BYTES", int, d.max_header_bytes, low=1024
            ),
            # Hardening: host and origin checks, body-read timeout, store bounds and waits.
            allowed_hosts=r.names("TROOPER_ALLOWED_HOSTS"),
            allowed_origins=r.names("TROOPER_ALLOWED_ORIGINS"),
            body_timeout_s=r.seconds("TROOPER_BODY_TIMEOUT_S", d.body_timeout_s),
            memory_store_max_bytes=r.number(
                "TROOPER_MEMORY_STORE_MAX_BYTES", int, d.memory_store_max_bytes, low=1024 * 1024
            ),
            store_wait_s=r.seconds("TROOPER_STORE_WAIT_S", d.store_wait_s),
            max_response_bytes=r.number(
                "TROOPER_MAX_RESPONSE_BYTES", int, d.max_response_bytes, low=1024
            ),
            max_line_bytes=r.number("TROOPER_MAX_LINE_BYTES", int, d.max_line_bytes, low=1024),
        )
        settings.check_exposure()
        return settings

    @property
    def local_is_openai_compatible(self) -> bool:
        """``FALLBACK_URL`` names an OpenAI-compatible server (llama.cpp, vLLM, LM Studio)."""
        return self.fallback_url.rstrip("/").endswith("/chat/completions")

    def check_exposure(self) -> None:
        """Refuse to listen beyond this machine without a token, unless told to."""
        loopback = self.bind in ("127.0.0.1", "localhost", "::1") or self.bind.startswith("127.")
        if not loopback and not self.auth_token and not self.allow_open:
            raise SettingsError(
                f"TROOPER_BIND={self.bind} exposes Trooper (and your API keys' spending) to the "
                "network. Set TROOPER_AUTH_TOKEN to require a token, or TROOPER_ALLOW_OPEN=true "
                "if this is really what you want."
            )


def read_dotenv(path: Path) -> dict[str, str]:
    """``KEY=value`` lines of a ``.env`` file; comments, blanks and ``export`` are allowed."""
    if not path.is_file():
        return {}
    values: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.removeprefix("export ").partition("=")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        else:
            value = value.split(" #", 1)[0].strip()
        values[key.strip()] = value
    return values


class _Reader:
    """Casts one variable at a time, turning a bad value into a :class:`SettingsError`."""

    def __init__(self, env: Mapping[str, str]) -> None:
        self.env = env

    def optional(self, name: str) -> str | None:
        value = self.env.get(name, "").strip()
        return value or None

    def secret(self, name: str) -> str | None:
        return self.optional(name)

    def text(self, name: str, default: str) -> str:
        return self.optional(name) or default

    def url(self, name: str, default: str) -> str:
        value = self.text(name, default).rstrip("/")
        if not value.startswith(("http://", "https://")):
            raise SettingsError(f"{name} must be an http:// or https:// URL, got {value!r}")
        return value

    def flag(self, name: str, default: bool) -> bool:
        value = self.optional(name)
        if value is None:
            return default
        lowered = value.lower()
        if lowered in ("1", "true", "yes", "on"):
            return True
        if lowered in ("0", "false", "no", "off"):
            return False
        raise SettingsError(f"{name} must be true or false, got {value!r}")

    def routing(self, name: str, default: str) -> str | None:
        """An operating point of the router, or None when routing is off."""
        value = (self.optional(name) or default).lower()
        if value in ROUTING_LEVELS:
            return value
        if value in ("1", "true", "yes", "on"):
            return default
        if value in ("0", "false", "no", "off"):
            return None
        raise SettingsError(
            f"{name} must be one of {', '.join(ROUTING_LEVELS)}, or true or false, got {value!r}"
        )

    def choice(self, name: str, options: tuple[str, ...], default: str) -> str:
        value = (self.optional(name) or default).lower()
        if value not in options:
            raise SettingsError(f"{name} must be one of {', '.join(options)}, got {value!r}")
        return value

    def number(
        self,
        name: str,
        cast: Callable[[str], T],
        default: T,
        low: float = 0,
        high: float | None = None,
    ) -> T:
        raw = self.optional(name)
        if raw is None:
            return default
        try:
            value = cast(raw)
        except ValueError:
            kind = "a whole number" if cast is int else "a number"
            raise SettingsError(f"{name} must be {kind}, got {raw!r}") from None
        number = float(value)  # type: ignore[arg-type]
        if not math.isfinite(number):
            raise SettingsError(f"{name} must be a finite number, got {raw!r}")
        if number < low or (high is not None and number > high):
            bounds = f"between {low:g} and {high:g}" if high is not None else f"at least {low:g}"
            raise SettingsError(f"{name} must be {bounds}, got {raw!r}")
        return value

    def seconds(self, name: str, default: float) -> float:
        value = self.number(name, float, default, high=MAX_SECONDS)
        if value <= 0:
            raise SettingsError(f"{name} must be more than 0 seconds, got {value:g}")
        return value

    def names(self, name: str) -> tuple[str, ...]:
        """A comma-separated list, lower-cased, blanks dropped (``*`` means any)."""
        raw = self.optional(name) or ""
        return tuple(part.strip().lower().rstrip("/") for part in raw.split(",") if part.strip())

    def store(self, name: str, default: str) -> str:
        """``memory``, a Redis URL, or a SQLite file path that looks like one: a bare word
        (``mem0ry``) is far likelier a typo than a file meant to be created."""
        value = self.text(name, default)
        if value.lower() == "memory":
            return "memory"
        scheme, sep, _ = value.partition("://")
        if sep:
            if scheme.lower() in STORE_SCHEMES:
                return value
            raise SettingsError(
                f"{name} has an unknown scheme {scheme!r}: use memory, redis://host:port/db, "
                "rediss://, unix://, or a SQLite file path"
            )
        is_path = "/" in value or "\\" in value or value.startswith("~")
        if not is_path and Path(value).suffix.lower() not in SQLITE_SUFFIXES:
            raise SettingsError(
                f"{name}={value!r} is neither memory, a redis:// URL, nor a file path: write "
                f"memory for an in-process store, or a path such as ./{value}.db or "
                "~/.trooper/sessions.db for SQLite"
            )
        return value

    def existing_file(self, name: str) -> str | None:
        value = self.optional(name)
        if value is not None and not Path(value).expanduser().is_file():
            raise SettingsError(
                f"{name}={value!r}: no such file. Give the path of your rules file, or leave "
                f"{name} unset for the packaged rules"
            )
        return value

    def codes(self, name: str, default: frozenset[int]) -> frozenset[int]:
        raw = self.optional(name)
        if raw is None:
            return default
        try:
            codes = frozenset(int(part) for part in raw.replace(" ", "").split(",") if part)
        except ValueError:
            raise SettingsError(
                f"{name} must be a comma-separated list of HTTP status codes, got {raw!r}"
            ) from None
        if not all(100 <= code <= 599 for code in codes):
            raise SettingsError(f"{name} holds a code outside 100-599: {raw!r}")
        return codes
