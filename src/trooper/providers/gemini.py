"""Gemini, through generateContent and streamGenerateContent (SSE); a Gemini API client's own
body goes as it came, and Gemini's whole answer comes back to it as Gemini sent it (the
same-dialect pass-through)."""

from __future__ import annotations

from trooper.model.conversation import ChatRequest, ChatResponse, Dialect, JSONObject
from trooper.providers.base import ClientCredentials, HealthCheck, Provider, UpstreamCall, json_body
from trooper.translate import gemini
from trooper.translate.base import StreamDecoder


class Gemini(Provider):
    name = "gemini"
    families = ("gemini",)
    window = 1_000_000

    def client_key(self, creds: ClientCredentials) -> str | None:
        for key in (creds.api_key, creds.bearer):
            if key and key.startswith("AIza"):
                return key
        return None

    def speaks(self) -> Dialect | None:
        return "gemini"

    def call(self, req: ChatRequest, model: str, creds: ClientCredentials) -> UpstreamCall:
        headers = {"content-type": "application/json"}
        key = self.api_key or self.client_key(creds)
        if key:
            headers["x-goog-api-key"] = key
        base = f"{self.settings.gemini_base_url}/v1beta/models/{model}"
        url = f"{base}:streamGenerateContent?alt=sse" if req.stream else f"{base}:generateContent"
        if req.dialect == "gemini" and req.raw is not None and not req.modified:
            body = json_body(req.raw)
        else:
            body = json_body(gemini.build_request(req, model))
        return UpstreamCall(url, headers, body, req.stream, "sse")

    def parse(self, body: JSONObject, model: str) -> ChatResponse:
        return gemini.parse_response(body, model)

    def decoder(self, model: str) -> StreamDecoder:
        return gemini.stream_decoder(model)

    def health(self) -> HealthCheck:
        headers = {"x-goog-api-key": self.api_key} if self.api_key else {}
        return HealthCheck(f"{self.settings.gemini_base_url}/v1beta/models", headers)
