"""The user's local model, always called ``ollama`` in headers and logs.

``FALLBACK_URL`` picks the wire format: Ollama's native ``/api/chat`` (NDJSON stream, with
``options.num_ctx`` set so Ollama never cuts the front of the context), or any OpenAI-compatible
local server (llama.cpp server, vLLM, LM Studio) when it ends in ``/chat/completions``.
"""

from __future__ import annotations

from trooper.model.conversation import ChatRequest, ChatResponse, Dialect, JSONObject
from trooper.providers.base import ClientCredentials, HealthCheck, Provider, UpstreamCall, json_body
from trooper.translate import ollama, openai
from trooper.translate.base import StreamDecoder


class Local(Provider):
    name = "ollama"
    local = True
    accepts_prefill = True

    def context_window(self, model: str) -> int:
        return self.settings.context_window

    def timeout(self) -> float:
        # A local model may first have to load (seconds for 7B, far more for 72B).
        return self.settings.local_timeout_s

    def read_timeout(self) -> float:
        # Loading counts as silence too: the local model gets its own allowance for both.
        return self.settings.local_timeout_s

    def usable(self, creds: ClientCredentials) -> bool:
        return True

    def model_for(self, requested: str, *, known: bool) -> str:
        return self.default_model

    def speaks(self) -> Dialect | None:
        return "openai" if self.settings.local_is_openai_compatible else None

    def call(self, req: ChatRequest, model: str, creds: ClientCredentials) -> UpstreamCall:
        headers = {"content-type": "application/json"}
        url = self.settings.fallback_url
        if self.settings.local_is_openai_compatible:
            body = json_body(openai.build_request(req, model, files=False))
            return UpstreamCall(url, headers, body, req.stream, "sse")
        native = ollama.build_request(req, model, num_ctx=self.settings.context_window)
        return UpstreamCall(url, headers, json_body(native), req.stream, "ndjson")

    def parse(self, body: JSONObject, model: str) -> ChatResponse:
        if self.settings.local_is_openai_compatible:
            return openai.parse_response(body, model)
        return ollama.parse_response(body, model)

    def decoder(self, model: str) -> StreamDecoder:
        if self.settings.local_is_openai_compatible:
            return openai.stream_decoder(model)
        return ollama.stream_decoder(model)

    def health(self) -> HealthCheck:
        url = self.settings.fallback_url.rstrip("/")
        if self.settings.local_is_openai_compatible:
            return HealthCheck(url.removesuffix("/chat/completions") + "/models")
        return HealthCheck(url.removesuffix("/api/chat") + "/api/tags")
