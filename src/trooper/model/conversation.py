"""The canonical conversation: one model that every wire format translates to and from.

A request from any client dialect becomes a :class:`ChatRequest`; every provider builds its
upstream body from one, and turns its answer back into a :class:`ChatResponse` (or a stream of
:mod:`trooper.model.events`). Nothing in the core sees a provider's JSON.

    >>> req = ChatRequest(model="claude-sonnet-4-6", messages=[Message("user", [TextPart("hi")])])
    >>> req.latest_user_text()
    'hi'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, TypeAlias

JSONValue: TypeAlias = "str | int | float | bool | list[JSONValue] | dict[str, JSONValue] | None"
JSONObject: TypeAlias = "dict[str, JSONValue]"

Role = Literal["user", "assistant", "system"]
StopReason = Literal[
    "end_turn", "max_tokens", "tool_use", "stop_sequence", "content_filter", "pause_turn"
]
"""Why an answer ended. ``pause_turn``: Claude paused a long server-tool turn (a web search);
its client sends the answer back to let it continue."""
Dialect = Literal["anthropic", "openai", "responses", "gemini"]


@dataclass(slots=True)
class TextPart:
    text: str
    #: The block's Anthropic cache_control, kept for Claude if the request is rebuilt.
    cache: JSONObject | None = field(default=None, repr=False, compare=False)


@dataclass(slots=True)
class ImagePart:
    """An image, inline (base64 ``data``) or by ``url``."""

    media_type: str
    data: str | None = None
    url: str | None = None
    cache: JSONObject | None = field(default=None, repr=False, compare=False)


@dataclass(slots=True)
class DocumentPart:
    """A file the model is given to read or hear: a PDF or plain-text document (Anthropic's
    ``document`` and ``search_result`` blocks, OpenAI's ``file`` parts) or an audio clip (OpenAI's
    ``input_audio``); inline (base64 ``data``), by ``url``, or as ``text``.

    A target that cannot take the file gets :meth:`as_text` instead: its text where the client
    gave it, else a note naming what was left out, never nothing.

        >>> DocumentPart("application/pdf", data="JVBER", title="report.pdf").as_text()
        '[application/pdf document "report.pdf" not shown: this model cannot read it]'
    """

    media_type: str
    data: str | None = None
    url: str | None = None
    text: str | None = None
    title: str | None = None
    cache: JSONObject | None = field(default=None, repr=False, compare=False)

    def as_text(self) -> str:
        name = f' "{self.title}"' if self.title else ""
        if self.text is not None:
            return f"[Document{name}{f' ({self.url})' if self.url else ''}]\n{self.text}"
        kind = "audio" if self.media_type.startswith("audio/") else "document"
        return f"[{self.media_type or 'file'} {kind}{name} not shown: this model cannot read it]"


@dataclass(slots=True)
class ToolCallPart:
    """The model asks for a tool: ``arguments`` is the decoded JSON object."""

    id: str
    name: str
    arguments: JSONObject
    cache: JSONObject | None = field(default=None, repr=False, compare=False)


@dataclass(slots=True)
class ToolResultPart:
    """The result of a tool call, sent back in a user turn."""

    tool_call_id: str
    content: list[TextPart | ImagePart]
    is_error: bool = False
    name: str | None = None
    cache: JSONObject | None = field(default=None, repr=False, compare=False)

    def text(self) -> str:
        return "\n".join(p.text for p in self.content if isinstance(p, TextPart))


@dataclass(slots=True)
class ThinkingPart:
    """Extended thinking; only Anthropic carries it, other formats leave it out.

    A redacted thinking block (Claude encrypted it) has empty ``text`` and its opaque payload in
    ``redacted``; it must go back to Claude unchanged.
    """

    text: str
    signature: str | None = None
    redacted: str | None = None


Part: TypeAlias = TextPart | ImagePart | DocumentPart | ToolCallPart | ToolResultPart | ThinkingPart


@dataclass(slots=True)
class Message:
    """One turn. Tool results ride in user turns, tool calls in assistant turns.

    A ``system`` turn is an instruction placed inside the conversation (Anthropic's
    mid-conversation system messages, an OpenAI ``system``/``developer`` message after the first
    turn): it stays where the client put it. The opening system prompt is ``ChatRequest.system``.

    A ``private`` turn was asked and answered under ``x_force_local``: stored history never
    carries its text to a cloud provider.
    """

    role: Role
    parts: list[Part]
    private: bool = field(default=False, repr=False, compare=False)

    def text(self) -> str:
        parts = self.parts
        if len(parts) == 1:  # (most turns: no generator to make and join)
            part = parts[0]
            return part.text if isinstance(part, TextPart) else ""
        return "".join(p.text for p in parts if isinstance(p, TextPart))

    def has(self, kind: type[Part]) -> bool:
        return any(isinstance(p, kind) for p in self.parts)


@dataclass(slots=True)
class ToolDef:
    """A tool the model may call; ``strict`` asks the provider to hold calls to the schema."""

    name: str
    description: str
    parameters: JSONObject
    strict: bool | None = None


ToolChoiceMode = Literal["auto", "none", "any"]


@dataclass(slots=True)
class ToolChoice:
    """``auto``, ``none``, ``any`` (some tool must be called) or one named tool."""

    mode: ToolChoiceMode = "auto"
    name: str | None = None


@dataclass(slots=True)
class ResponseFormat:
    """Structured output: any JSON object (``json_object``) or one that fits ``schema``
    (``json_schema``, named ``name``; ``strict`` where the provider can enforce it)."""

    kind: Literal["json_object", "json_schema"]
    schema: JSONObject | None = None
    name: str | None = None
    strict: bool | None = None


Effort = Literal["minimal", "low", "medium", "high"]
#: A thinking budget in tokens for each effort, for providers that take a budget.
EFFORT_BUDGETS: dict[str, int] = {"minimal": 1024, "low": 2048, "medium": 8192, "high": 24576}


_EFFORTS: dict[str, Effort] = {
    "minimal": "minimal",
    "low": "low",
    "medium": "medium",
    "high": "high",
    "xhigh": "high",
    "max": "high",
}


def effort_named(value: object) -> Effort | None:
    """An effort level as the wire formats name it (any case; OpenAI's ``xhigh`` and Claude's
    ``max`` read as ``high``), or ``None`` for anything else.

        >>> effort_named("Medium"), effort_named("max"), effort_named("none")
        ('medium', 'high', None)
    """
    return _EFFORTS.get(value.lower()) if isinstance(value, str) else None


def effort_of_budget(tokens: int) -> Effort:
    """The effort a thinking budget stands for (the smallest whose budget covers it)."""
    for effort in ("minimal", "low", "medium"):
        if tokens <= EFFORT_BUDGETS[effort]:
            return effort
    return "high"


@dataclass(slots=True)
class Usage:
    """Tokens an answer cost. ``input_tokens`` is the whole prompt; ``cache_read_tokens`` and
    ``cache_write_tokens`` are the parts of it read from and written to the provider's prompt
    cache (billed at other rates: Claude reports the three apart, OpenAI and Gemini report
    the whole and the cached part)."""

    input_tokens: int = 0
    output_tokens: int = 0
    estimated: bool = False
    cache_read_tokens: int = 0
    cache_write_tokens: int = 0

    @property
    def uncached_input_tokens(self) -> int:
        """The prompt tokens neither read from nor written to a cache."""
        return max(0, self.input_tokens - self.cache_read_tokens - self.cache_write_tokens)


@dataclass(slots=True)
class ChatRequest:
    """A conversation to be answered, in no provider's format.

    ``raw`` keeps the client's own body so that a same-dialect upstream (Anthropic in, Claude out)
    can forward fields this model does not know; ``modified`` says the conversation was changed
    (compacted, extended from a session) so ``raw`` no longer describes it.
    """

    model: str
    messages: list[Message]
    system: str | None = None
    tools: list[ToolDef] = field(default_factory=list)
    tool_choice: ToolChoice | None = None
    max_tokens: int | None = None
    temperature: float | None = None
    top_p: float | None = None
    stop: list[str] = field(default_factory=list)
    top_k: int | None = None
    seed: int | None = None
    frequency_penalty: float | None = None
    presence_penalty: float | None = None
    response_format: ResponseFormat | None = None
    reasoning: Effort | None = None
    parallel_tool_calls: bool | None = None
    stream: bool = False
    include_usage: bool = False
    dialect: Dialect = "anthropic"
    raw: JSONObject | None = None
    modified: bool = False
    #: The answer's id when the client's dialect must know it before the answer exists (a
    #: Responses id that a later ``previous_response_id`` names).
    reply_id: str | None = None

    def latest_user_text(self) -> str:
        """The text of the last user turn (what the user just said)."""
        for message in reversed(self.messages):
            if message.role == "user":
                return message.text()
        return ""

    def has_images(self) -> bool:
        return any(m.has(ImagePart) for m in self.messages)


@dataclass(slots=True)
class ChatResponse:
    """A whole answer from one provider.

    ``raw`` is the provider's own body, kept so that a client speaking the provider's dialect
    (Anthropic in, Claude out) receives it byte for byte. ``stop_sequence`` is the stop
    sequence that ended the answer, when the provider says which."""

    id: str
    model: str
    parts: list[Part]
    stop_reason: StopReason = "end_turn"
    usage: Usage = field(default_factory=Usage)
    raw: bytes | None = None
    stop_sequence: str | None = None

    def text(self) -> str:
        return "".join(p.text for p in self.parts if isinstance(p, TextPart))
