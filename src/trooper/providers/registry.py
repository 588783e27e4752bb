"""The one registry of providers, and the chain built from the keys that are set.

    Claude -> Gemini -> OpenAI -> local model; the local model is always last.

No other module names a provider: everything asks the registry. A new provider is a module
with a :class:`~trooper.providers.base.Provider` subclass and one entry here.
"""

from __future__ import annotations

from collections.abc import Callable

from trooper.providers.base import Provider
from trooper.providers.claude import Claude
from trooper.providers.gemini import Gemini
from trooper.providers.local import Local
from trooper.providers.openai import OpenAI
from trooper.settings import Settings

#: Provider class, its key and its default model, in chain order.
REGISTRY: dict[str, tuple[type[Provider], Callable[[Settings], tuple[str | None, str]]]] = {
    Claude.name: (Claude, lambda s: (s.claude_api_key, s.claude_model)),
    Gemini.name: (Gemini, lambda s: (s.gemini_api_key, s.gemini_model)),
    OpenAI.name: (OpenAI, lambda s: (s.openai_api_key, s.openai_model)),
    Local.name: (Local, lambda s: (None, s.ollama_model)),
}


def build_providers(settings: Settings) -> list[Provider]:
    """Every provider Trooper knows, in chain order, configured from the settings."""
    return [cls(settings, *configure(settings)) for cls, configure in REGISTRY.values()]
