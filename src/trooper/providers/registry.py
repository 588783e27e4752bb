"""The one registry of providers, and the chain built from the keys that are set.

    Claude -> Gemini -> OpenAI -> local model; the local model is always last.

No other module names a provider: everything asks the registry.
"""

from __future__ import annotations

from trooper.providers.base import Provider
from trooper.providers.claude import Claude
from trooper.providers.gemini import Gemini
from trooper.providers.local import Local
from trooper.providers.openai import OpenAI
from trooper.settings import Settings

#: Cloud providers in chain order, with the settings that configure each.
CLOUD: tuple[type[Provider], ...] = (Claude, Gemini, OpenAI)
LOCAL: type[Provider] = Local


def build_providers(settings: Settings) -> list[Provider]:
    """Every provider Trooper knows, in chain order, configured from the settings."""
    return [
        Claude(settings, settings.claude_api_key, settings.claude_model),
        Gemini(settings, settings.gemini_api_key, settings.gemini_model),
        OpenAI(settings, settings.openai_api_key, settings.openai_model),
        Local(settings, None, settings.ollama_model),
    ]
