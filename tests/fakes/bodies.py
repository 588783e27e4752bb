"""Real error bodies of each provider, byte for byte as their APIs send them.

Shared by ``tests/resilience/test_classify.py`` (what the classifier must understand) and
``tests/fakes/upstream.py`` (what the fake upstreams answer), so both test the same wire.

Each body cites where it was seen. Request ids, organisation ids and quota numbers are those of
the public report; every API key shown is fake. A few bodies are marked SHAPE: their structure is
documented but no verbatim message was found, so the message is written in the provider's style.
"""

from __future__ import annotations

from typing import Literal

import orjson

from trooper.model.conversation import JSONObject

Api = Literal["anthropic", "openai", "gemini", "ollama"]


def _compact(body: JSONObject) -> bytes:
    return orjson.dumps(body)


def _pretty(body: JSONObject) -> bytes:
    """OpenAI and Google pretty-print their error bodies."""
    return orjson.dumps(body, option=orjson.OPT_INDENT_2)


def _anthropic(kind: str, message: str, request_id: str = "req_011CbrFTcXhtiMzr3s6EocF7") -> bytes:
    return _compact(
        {"type": "error", "error": {"type": kind, "message": message}, "request_id": request_id}
    )


def _openai(message: str, kind: str | None, code: str | None, param: str | None = None) -> bytes:
    return _pretty({"error": {"message": message, "type": kind, "param": param, "code": code}})


def _google(code: int, status: str, message: str, details: list[JSONObject] | None = None) -> bytes:
    error: JSONObject = {"code": code, "message": message, "status": status}
    if details is not None:
        error["details"] = list(details)
    return _pretty({"error": error})


def _ollama(message: str) -> bytes:
    return _compact({"error": message})


# --- Anthropic: {"type":"error","error":{"type","message"},"request_id"} -----------------------

# anthropics/claude-code#66314, anthropics/anthropic-sdk-typescript#618 (HTTP 400)
ANTHROPIC_CREDIT_BALANCE = _anthropic(
    "invalid_request_error",
    "Your credit balance is too low to access the Anthropic API. "
    "Please go to Plans & Billing to upgrade or purchase credits.",
)
# stackblitz/bolt.new#8588 (HTTP 429, with retry-after)
ANTHROPIC_RATE_LIMITED = _anthropic(
    "rate_limit_error",
    "This request would exceed the rate limit for your organization "
    "(a22cf6e6-a940-4fff-8c4c-1580816ac7be) of 1,000,000 input tokens per minute. For details, "
    "refer to: https://docs.anthropic.com/en/api/rate-limits. You can see the response headers "
    "for current usage. Please reduce the prompt length or the maximum tokens requested, or try "
    "again later. You may also contact sales at https://www.anthropic.com/contact-sales to "
    "discuss your options for a rate limit increase.",
)
# SHAPE: Anthropic rate-limit docs, "429 rate_limit_error with error.details.error_code set to
# enforced_spend_limit_reached" (monthly tier cap, no retry-after).
ANTHROPIC_SPEND_LIMIT_429 = _compact(
    {
        "type": "error",
        "error": {
            "type": "rate_limit_error",
            "message": "Your organization has reached the monthly spend limit of its usage tier.",
            "details": {"error_code": "enforced_spend_limit_reached"},
        },
        "request_id": "req_011CZ47RMLnx1JoJXRrzzSde",
    }
)
# Anthropic error docs: a spend limit you set answers 400 invalid_request_error, message
# beginning "You have reached your specified API usage limits" (the date is the SHAPE part).
ANTHROPIC_SPEND_LIMIT_400 = _anthropic(
    "invalid_request_error",
    "You have reached your specified API usage limits. "
    "You will regain access on 2026-11-01 at 00:00 UTC.",
)
# Anthropic error docs, docs.llmgateway.io "Fix the Anthropic 529 Overloaded Error" (HTTP 529)
ANTHROPIC_OVERLOADED = _anthropic("overloaded_error", "Overloaded", "req_011CVQe1dLrGNMJyE1ghG1av")
# SHAPE: Anthropic documents no 503; a gateway answer in Anthropic's envelope
ANTHROPIC_UNAVAILABLE = _anthropic("api_error", "Service Unavailable")
# Anthropic error docs: 500 api_error
ANTHROPIC_API_ERROR = _anthropic("api_error", "Internal server error")
# boldsoftware/exe.dev#62, anthropics/claude-code#12186 (HTTP 400)
ANTHROPIC_PROMPT_TOO_LONG = _anthropic(
    "invalid_request_error", "prompt is too long: 208310 tokens > 200000 maximum"
)
# kortix-ai/suna#172 (HTTP 400)
ANTHROPIC_CONTEXT_LIMIT = _anthropic(
    "invalid_request_error",
    "input length and `max_tokens` exceed context limit: 174167 + 64000 > 200000, "
    "decrease input length or `max_tokens` and try again",
)
# Anthropic error docs: 413 request_too_large, answered by Cloudflare before the API
ANTHROPIC_REQUEST_TOO_LARGE = _anthropic(
    "request_too_large", "Request exceeds the maximum allowed number of bytes."
)
# anthropics/claude-code#58367, #37547 (HTTP 400)
ANTHROPIC_CONTENT_FILTER = _anthropic(
    "invalid_request_error", "Output blocked by content filtering policy"
)
# smallmain/vscode-unify-chat-provider#249 (HTTP 400; newer models refuse assistant prefill)
ANTHROPIC_PREFILL_REJECTED = _anthropic(
    "invalid_request_error",
    "This model does not support assistant message prefill. "
    "The conversation must end with a user message.",
)
# emilsvennesson/opencode-websearch#15 (HTTP 401)
ANTHROPIC_UNAUTHORIZED = _anthropic(
    "authentication_error", "invalid x-api-key", "req_011CaJCR7Pm2Jh2LbWpBH5Y6"
)
# Anthropic error docs: 403 permission_error
ANTHROPIC_PERMISSION = _anthropic(
    "permission_error", "Your API key does not have permission to use the specified resource."
)
# SHAPE: Anthropic error docs list 402 billing_error; zed-industries/zed#62984 maps it.
ANTHROPIC_BILLING = _anthropic(
    "billing_error", "Your account has an outstanding payment. Please update your billing details."
)
# Anthropic error docs (HTTP 404)
ANTHROPIC_NOT_FOUND = _anthropic(
    "not_found_error", "The requested resource could not be found.", "req_011CSHoEeqs5C35K2UUqR7Fy"
)
# ChatGPTNextWeb/NextChat#4964 (HTTP 400: a plain bad request, not a context problem)
ANTHROPIC_MAX_TOKENS = _anthropic(
    "invalid_request_error",
    "max_tokens: 10000 > 4096, which is the maximum allowed number of output tokens for "
    "claude-3-5-sonnet-20240620",
)
# The data of an ``event: error`` inside a 200 stream (Anthropic streaming docs)
ANTHROPIC_STREAM_OVERLOADED = orjson.dumps(
    {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}
)

# --- OpenAI: {"error":{"message","type","param","code"}} ---------------------------------------

# ChatGPTNextWeb/NextChat#3664, Pythagora-io/gpt-pilot#340 (HTTP 429)
OPENAI_INSUFFICIENT_QUOTA = _openai(
    "You exceeded your current quota, please check your plan and billing details. For more "
    "information on this error, read the docs: "
    "https://platform.openai.com/docs/guides/error-codes/api-errors.",
    "insufficient_quota",
    "insufficient_quota",
)
# semanser/codel#72 (message), Pythagora-io/gpt-pilot#53 (shape) (HTTP 429)
OPENAI_RATE_LIMITED = _openai(
    "Rate limit reached for gpt-4o in organization org-XXXXXXXXX on tokens per min (TPM): "
    "Limit 30000, Used 14567, Requested 24754. Please try again in 18.642s. "
    "Visit https://platform.openai.com/account/rate-limits to learn more.",
    "tokens",
    "rate_limit_exceeded",
)
# OpenAI spend-limits guide: 429 with code organization_spend_limit_exceeded (SHAPE message)
OPENAI_SPEND_LIMIT = _openai(
    "You have reached the spend limit set for your organization.",
    "insufficient_quota",
    "organization_spend_limit_exceeded",
)
# crewAIInc/crewAI-examples#121, chathub-dev/chathub#126 (HTTP 400)
OPENAI_CONTEXT_LENGTH = _openai(
    "This model's maximum context length is 8192 tokens. However, your messages resulted in "
    "8227 tokens. Please reduce the length of the messages.",
    "invalid_request_error",
    "context_length_exceeded",
    "messages",
)
# songquanpeng/one-api#737 (HTTP 400)
OPENAI_CONTENT_POLICY = _openai(
    "Your request was rejected as a result of our safety system. Your prompt may contain text "
    "that is not allowed by our safety system.",
    "invalid_request_error",
    "content_policy_violation",
)
# alan-turing-institute/t0-1#69 (HTTP 400, reasoning models)
OPENAI_INVALID_PROMPT = _openai(
    "Invalid prompt: your prompt was flagged as potentially violating our usage policy. Please "
    "try again with a different prompt: "
    "https://platform.openai.com/docs/guides/reasoning#advice-on-prompting",
    "invalid_request_error",
    "invalid_prompt",
)
# microsoft/TinyTroupe#85, openai/openai-python#331 (Azure OpenAI, HTTP 400)
AZURE_CONTENT_FILTER = _pretty(
    {
        "error": {
            "message": "The response was filtered due to the prompt triggering Azure OpenAI's "
            "content management policy. Please modify your prompt and retry. To learn more about "
            "our content filtering policies please read our documentation: "
            "https://go.microsoft.com/fwlink/?linkid=2198766",
            "type": None,
            "param": "prompt",
            "code": "content_filter",
            "status": 400,
            "innererror": {
                "code": "ResponsibleAIPolicyViolation",
                "content_filter_result": {
                    "hate": {"filtered": False, "severity": "safe"},
                    "jailbreak": {"filtered": True, "detected": True},
                    "self_harm": {"filtered": False, "severity": "safe"},
                    "sexual": {"filtered": False, "severity": "safe"},
                    "violence": {"filtered": False, "severity": "safe"},
                },
            },
        }
    }
)
# popjane/free_chatgpt_api#3, continuedev/continue#9634 (HTTP 401; OpenAI masks the key)
OPENAI_INVALID_KEY = _openai(
    "Incorrect API key provided: sk-proj-****************************MxYA. You can find your "
    "API key at https://platform.openai.com/account/api-keys.",
    "invalid_request_error",
    "invalid_api_key",
)
# openai/openai-cua-sample-app#54 (HTTP 500)
OPENAI_SERVER_ERROR = _openai(
    "The server had an error processing your request. Sorry about that! You can retry your "
    "request, or contact us through our help center at help.openai.com if you keep seeing this "
    "error. (Please include the request ID req_540c6eaab7f4556b2baa22bcba915d51 in your email.)",
    "server_error",
    None,
)
# ikechan8370/chatgpt-plugin#125 (HTTP 503)
OPENAI_OVERLOADED = _openai(
    "That model is currently overloaded with other requests. You can retry your request, or "
    "contact us through our help center at help.openai.com if the error persists. (Please "
    "include the request ID 500d9fff2057e4af93a280f67002c342 in your message.)",
    "server_error",
    None,
)
# The error chunk inside a 200 stream: ``data: {"error": {...}}`` (LlmKira/Openaibot#177 message)
OPENAI_STREAM_ERROR = orjson.dumps(
    {
        "error": {
            "message": "The server had an error while processing your request. Sorry about that!",
            "type": "server_error",
            "param": None,
            "code": None,
        }
    }
)
# OpenRouter (an OpenAI-compatible gateway): Gitlawb/openclaude#43 (HTTP 402)
OPENROUTER_PAYMENT_REQUIRED = _compact(
    {
        "error": {
            "message": "Insufficient credits. This account never purchased credits. Make sure "
            "your key is on the correct account or org, and if so, purchase more at "
            "https://openrouter.ai/settings/credits",
            "code": 402,
        }
    }
)

# --- llama.cpp server (OpenAI-compatible) ------------------------------------------------------

# oobabooga/textgen#7257, ggml-org/llama.cpp#15780 (HTTP 400 since llama.cpp#16486, 500 before)
LLAMACPP_CONTEXT = _compact(
    {
        "error": {
            "code": 400,
            "message": "the request exceeds the available context size. try increasing the "
            "context size or enable context shift",
            "type": "exceed_context_size_error",
            "n_prompt_tokens": 14429,
            "n_ctx": 8192,
        }
    }
)
LLAMACPP_CONTEXT_500 = LLAMACPP_CONTEXT.replace(b'"code":400', b'"code":500')
# ggml-org/llama.cpp#16104: older servers framed stream errors as "error: {...}", not "data:"
LLAMACPP_STREAM_ERROR_FRAME = b"error: " + LLAMACPP_CONTEXT + b"\n\n"

# --- Gemini: google.rpc.Status {"error":{"code","message","status","details"}} ------------------

_QUOTA_HELP: JSONObject = {
    "@type": "type.googleapis.com/google.rpc.Help",
    "links": [
        {
            "description": "Learn more about Gemini API quotas",
            "url": "https://ai.google.dev/gemini-api/docs/rate-limits",
        }
    ],
}
_QUOTA_MESSAGE = (
    "You exceeded your current quota, please check your plan and billing details. For more "
    "information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits."
)


def _violation(quota_id: str, metric: str = "generate_content_free_tier_requests") -> JSONObject:
    return {
        "quotaMetric": f"generativelanguage.googleapis.com/{metric}",
        "quotaId": quota_id,
        "quotaDimensions": {"location": "global", "model": "gemini-2.0-flash"},
    }


def _quota_failure(*violations: JSONObject) -> JSONObject:
    return {"@type": "type.googleapis.com/google.rpc.QuotaFailure", "violations": list(violations)}


# googleapis/python-genai#2044, llmsresearch/paperbanana#10 (HTTP 429): per-minute quotas only;
# the message still says "exceeded your current quota".
GEMINI_RATE_LIMITED = _google(
    429,
    "RESOURCE_EXHAUSTED",
    _QUOTA_MESSAGE,
    [
        _QUOTA_HELP,
        _quota_failure(
            _violation("GenerateRequestsPerMinutePerProjectPerModel-FreeTier"),
            _violation(
                "GenerateContentInputTokensPerModelPerMinute-FreeTier",
                "generate_content_free_tier_input_token_count",
            ),
        ),
        {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "47s"},
    ],
)
# googleapis/python-genai#2044 (HTTP 429): the per-day quota is spent
GEMINI_DAILY_QUOTA = _google(
    429,
    "RESOURCE_EXHAUSTED",
    _QUOTA_MESSAGE,
    [
        _QUOTA_HELP,
        _quota_failure(
            _violation("GenerateRequestsPerDayPerProjectPerModel-FreeTier"),
            _violation("GenerateRequestsPerMinutePerProjectPerModel-FreeTier"),
        ),
        {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "12s"},
    ],
)
# gke-labs/gemini-for-kubernetes-development#1215 (HTTP 429, no QuotaFailure; sticky till midnight)
GEMINI_QUOTA_NO_DETAILS = _google(
    429,
    "RESOURCE_EXHAUSTED",
    "You exceeded your current quota, please check your plan and billing details. For more "
    "information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits. "
    "To monitor your current usage, head to: https://ai.dev/rate-limit. ",
    [_QUOTA_HELP],
)
# google-gemini/gemini-cli#14811 (HTTP 429)
GEMINI_RESOURCE_EXHAUSTED = _google(
    429, "RESOURCE_EXHAUSTED", "Resource has been exhausted (e.g. check quota)."
)
# google-gemini/gemini-cli#4118, #6678 (HTTP 400)
GEMINI_CONTEXT = _google(
    400,
    "INVALID_ARGUMENT",
    "The input token count (1200293) exceeds the maximum number of tokens allowed (1048576).",
)
# cequence-io/openai-scala-client#109, zeroclaw-labs/zeroclaw#194 (HTTP 400, not 401!)
GEMINI_INVALID_KEY = _google(
    400,
    "INVALID_ARGUMENT",
    "API key not valid. Please pass a valid API key.",
    [
        {
            "@type": "type.googleapis.com/google.rpc.ErrorInfo",
            "reason": "API_KEY_INVALID",
            "domain": "googleapis.com",
            "metadata": {"service": "generativelanguage.googleapis.com"},
        },
        {
            "@type": "type.googleapis.com/google.rpc.LocalizedMessage",
            "locale": "en-US",
            "message": "API key not valid. Please pass a valid API key.",
        },
    ],
)
# continuedev/continue#11541 (HTTP 403)
GEMINI_PERMISSION_DENIED = _google(
    403, "PERMISSION_DENIED", "Your API key was reported as leaked. Please use another API key."
)
# google/generative-ai-docs#356 (HTTP 403). The report echoed a real key; this one is fake.
GEMINI_CONSUMER_SUSPENDED = _google(
    403,
    "PERMISSION_DENIED",
    "Permission denied: Consumer 'api_key:AIzaSyFAKE-fake_FAKE-fake_FAKE-0000000' has been "
    "suspended.",
    [
        {
            "@type": "type.googleapis.com/google.rpc.ErrorInfo",
            "reason": "CONSUMER_SUSPENDED",
            "domain": "googleapis.com",
            "metadata": {
                "service": "generativelanguage.googleapis.com",
                "consumer": "projects/578829824020",
            },
        }
    ],
)
# google-gemini/gemini-cli#5191, lobehub/lobehub#9728 (HTTP 503)
GEMINI_OVERLOADED = _google(503, "UNAVAILABLE", "The model is overloaded. Please try again later.")
# Public Gemini client code (HTTP 503 without overload)
GEMINI_UNAVAILABLE = _google(503, "UNAVAILABLE", "The service is currently unavailable.")
# Public Gemini client code and reports (HTTP 500)
GEMINI_INTERNAL = _google(
    500,
    "INTERNAL",
    "An internal error has occurred. Please retry or report in "
    "https://developers.generativeai.google/guide/troubleshooting",
)
# Gemini blocks an unsafe prompt with HTTP 200 and promptFeedback, not with an error status.
GEMINI_PROMPT_BLOCKED = _pretty(
    {
        "promptFeedback": {
            "blockReason": "SAFETY",
            "safetyRatings": [
                {"category": "HARM_CATEGORY_DANGEROUS_CONTENT", "probability": "HIGH"},
                {"category": "HARM_CATEGORY_HARASSMENT", "probability": "NEGLIGIBLE"},
            ],
        },
        "usageMetadata": {"promptTokenCount": 9, "totalTokenCount": 9},
        "modelVersion": "gemini-2.0-flash",
    }
)

# --- Ollama: {"error": "..."} -------------------------------------------------------------------

# ollama/ollama#2230, ollama/ollama-python#149 (HTTP 404)
OLLAMA_MODEL_NOT_FOUND = _ollama('model "llama3.2" not found, try pulling it first')
# A field report on Ollama with "truncate": false (HTTP 400): llama.cpp's error nested as a string
OLLAMA_CONTEXT = _ollama(
    orjson.dumps(
        {
            "error": {
                "code": 400,
                "message": "request (8889 tokens) exceeds the available context size (4096 "
                "tokens), try increasing it",
                "type": "exceed_context_size_error",
                "n_prompt_tokens": 8889,
                "n_ctx": 4096,
            }
        }
    ).decode()
)
# Ollama embeddings over the window (openclaw memory report; HTTP 500)
OLLAMA_CONTEXT_500 = _ollama("the input length exceeds the context length")
# ollama/ollama#4159, ollama/ollama PR #4144 (HTTP 503; two spaces are Ollama's)
OLLAMA_BUSY = _ollama("server busy, please try again.  maximum pending requests exceeded")
# ollama/ollama#15934 (Ollama cloud, HTTP 503)
OLLAMA_CLOUD_OVERLOADED = _ollama(
    "Server overloaded, please retry shortly (ref: aaa65c70-cfa0-446b-86f1-4ab0e2deb9e4)"
)
# continuedev/continue#9233 (Ollama cloud, HTTP 429)
OLLAMA_HOURLY_LIMIT = _ollama(
    "you've reached your hourly usage limit, please wait or upgrade to continue"
)
# diegosouzapw/OmniRoute#3709 (Ollama cloud, HTTP 429)
OLLAMA_WEEKLY_LIMIT = _ollama(
    "you (alice) have reached your weekly usage limit, upgrade for higher limits: "
    "https://ollama.com/upgrade"
)
# Go client tests of Ollama's API (HTTP 500)
OLLAMA_RUNNER_CRASHED = _ollama("llama runner process has terminated: exit status 2")
# SHAPE: Ollama cloud without a valid key (HTTP 401)
OLLAMA_UNAUTHORIZED = _ollama("unauthorized")
# SHAPE: no Ollama 402 was found; an Ollama-shaped body for the fake's payment_required()
OLLAMA_PAYMENT_REQUIRED = _ollama("payment required: upgrade for higher limits")

# --- per api, for the fake upstreams' Error constructors ----------------------------------------

RATE_LIMITED: dict[Api, bytes] = {
    "anthropic": ANTHROPIC_RATE_LIMITED,
    "openai": OPENAI_RATE_LIMITED,
    "gemini": GEMINI_RATE_LIMITED,
    "ollama": OLLAMA_HOURLY_LIMIT,
}
QUOTA_EXHAUSTED: dict[Api, bytes] = {
    "anthropic": ANTHROPIC_SPEND_LIMIT_429,
    "openai": OPENAI_INSUFFICIENT_QUOTA,
    "gemini": GEMINI_DAILY_QUOTA,
    "ollama": OLLAMA_WEEKLY_LIMIT,
}
OVERLOADED: dict[Api, bytes] = {
    "anthropic": ANTHROPIC_OVERLOADED,
    "openai": OPENAI_OVERLOADED,
    "gemini": GEMINI_OVERLOADED,
    "ollama": OLLAMA_BUSY,
}
UNAVAILABLE: dict[Api, bytes] = {
    "anthropic": ANTHROPIC_UNAVAILABLE,
    "openai": OPENAI_OVERLOADED,
    "gemini": GEMINI_UNAVAILABLE,
    "ollama": OLLAMA_BUSY,
}
SERVER_ERROR: dict[Api, bytes] = {
    "anthropic": ANTHROPIC_API_ERROR,
    "openai": OPENAI_SERVER_ERROR,
    "gemini": GEMINI_INTERNAL,
    "ollama": OLLAMA_RUNNER_CRASHED,
}
CONTEXT_LENGTH: dict[Api, bytes] = {
    "anthropic": ANTHROPIC_PROMPT_TOO_LONG,
    "openai": OPENAI_CONTEXT_LENGTH,
    "gemini": GEMINI_CONTEXT,
    "ollama": OLLAMA_CONTEXT,
}
CONTENT_POLICY: dict[Api, bytes] = {
    "anthropic": ANTHROPIC_CONTENT_FILTER,
    "openai": OPENAI_CONTENT_POLICY,
    "gemini": GEMINI_PROMPT_BLOCKED,  # answered with HTTP 200
}
UNAUTHORIZED: dict[Api, tuple[int, bytes]] = {
    "anthropic": (401, ANTHROPIC_UNAUTHORIZED),
    "openai": (401, OPENAI_INVALID_KEY),
    "gemini": (400, GEMINI_INVALID_KEY),
    "ollama": (401, OLLAMA_UNAUTHORIZED),
}
PAYMENT_REQUIRED: dict[Api, bytes] = {
    "anthropic": ANTHROPIC_BILLING,
    "openai": OPENROUTER_PAYMENT_REQUIRED,
    "gemini": _google(402, "FAILED_PRECONDITION", "Billing is required for this request."),  # SHAPE
    "ollama": OLLAMA_PAYMENT_REQUIRED,
}
