"""Claude, through the Anthropic Messages API."""

from __future__ import annotations

from trooper.model.conversation import ChatRequest, ChatResponse, Dialect, JSONObject
from trooper.providers.base import (
    FORWARDED_HEADERS,
    ClientCredentials,
    HealthCheck,
    Provider,
    UpstreamCall,
    json_body,
)
from trooper.translate import anthropic
from trooper.translate.base import StreamDecoder

ANTHROPIC_VERSION = "2023-06-01"


class Claude(Provider):
    name = "claude"
    families = ("claude",)
    window = 200_000

    def client_key(self, creds: ClientCredentials) -> str | None:
        for key in (creds.api_key, creds.bearer):
            if key and key.startswith("sk-ant-"):
                return key
        return None

    def _auth(self, creds: ClientCredentials) -> dict[str, str]:
        if self.api_key:
            return {"x-api-key": self.api_key}
        if creds.api_key and creds.api_key.startswith("sk-ant-"):
            return {"x-api-key": creds.api_key}
        if creds.bearer and creds.bearer.startswith("sk-ant-"):
            # A subscription (OAuth) token, as Claude Code sends it.
            return {"authorization": f"Bearer {creds.bearer}"}
        return {}

    def speaks(self) -> Dialect | None:
        return "anthropic"

    def call(self, req: ChatRequest, model: str, creds: ClientCredentials) -> UpstreamCall:
        headers = {"content-type": "application/json", "anthropic-version": ANTHROPIC_VERSION}
        for name in FORWARDED_HEADERS:
            if value := creds.headers.get(name):
                headers[name] = value
        headers.update(self._auth(creds))
        body = json_body(anthropic.build_request(req, model))
        url = f"{self.settings.claude_base_url}/v1/messages"
        return UpstreamCall(url, headers, body, req.stream, "sse")

    def parse(self, body: JSONObject, model: str) -> ChatResponse:
        return anthropic.parse_response(body, model)

    def decoder(self, model: str) -> StreamDecoder:
        return anthropic.stream_decoder(model)

    def health(self) -> HealthCheck:
        headers = {"anthropic-version": ANTHROPIC_VERSION}
        if self.api_key:
            headers["x-api-key"] = self.api_key
        return HealthCheck(f"{self.settings.claude_base_url}/v1/models", headers)
