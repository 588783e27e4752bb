"""OpenAI, through the Chat Completions API; a Responses API client's request goes to
``/v1/responses``: as it came (the same-dialect pass-through), or rebuilt from the canonical
conversation when Trooper changed it (a ``previous_response_id``'s stored turns)."""

from __future__ import annotations

from trooper.model.conversation import ChatRequest, ChatResponse, Dialect, JSONObject
from trooper.providers.base import ClientCredentials, HealthCheck, Provider, UpstreamCall, json_body
from trooper.settings import DEFAULT_OPENAI_BASE_URL
from trooper.translate import openai, responses
from trooper.translate.base import StreamDecoder
from trooper.translate.responses_stream import EitherStreamDecoder


class OpenAI(Provider):
    name = "openai"
    families = ("gpt-", "o1", "o3", "o4", "chatgpt-", "codex-", "computer-use-", "ft:gpt-")
    window = 128_000

    def takes_any_model(self) -> bool:
        # OPENAI_BASE_URL at another OpenAI-compatible service: its catalogue is its own.
        return self.settings.openai_base_url != DEFAULT_OPENAI_BASE_URL

    def client_key(self, creds: ClientCredentials) -> str | None:
        key = creds.bearer
        if key and key.startswith("sk-") and not key.startswith("sk-ant-"):
            return key
        return None

    def speaks(self) -> Dialect | None:
        return "openai"

    def call(self, req: ChatRequest, model: str, creds: ClientCredentials) -> UpstreamCall:
        key = self.api_key or self.client_key(creds)
        headers = {"content-type": "application/json"}
        if key:
            headers["authorization"] = f"Bearer {key}"
        if req.dialect == "responses" and req.raw is not None:
            build = responses.build_request if req.modified else responses.forward_raw
            body = json_body(build(req, model))
            return UpstreamCall(
                f"{self.settings.openai_base_url}/responses", headers, body, req.stream
            )
        body = json_body(openai.build_request(req, model))
        url = f"{self.settings.openai_base_url}/chat/completions"
        return UpstreamCall(url, headers, body, req.stream, "sse")

    def parse(self, body: JSONObject, model: str) -> ChatResponse:
        if body.get("object") == "response":
            return responses.parse_response(body, model)
        return openai.parse_response(body, model)

    def decoder(self, model: str) -> StreamDecoder:
        return EitherStreamDecoder(responses.stream_decoder(model), openai.stream_decoder(model))

    def health(self) -> HealthCheck:
        headers = {"authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        return HealthCheck(f"{self.settings.openai_base_url}/models", headers)
