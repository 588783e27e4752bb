"""The token estimator: conservative against real tokenizers, additive, and fast."""

from __future__ import annotations

import random
import time

import pytest

from trooper.context.tokens import (
    _WEIGHTS,
    IMAGE_TOKENS,
    MESSAGE_OVERHEAD,
    REQUEST_OVERHEAD,
    UNIT,
    estimate_bytes,
    estimate_message,
    estimate_part,
    estimate_request,
    estimate_text,
    estimate_tool,
)
from trooper.model.conversation import (
    ChatRequest,
    ImagePart,
    JSONObject,
    Message,
    TextPart,
    ThinkingPart,
    ToolCallPart,
    ToolDef,
    ToolResultPart,
)

# Texts with their real counts: (OpenAI cl100k_base, Qwen2.5), measured offline with
# `scripts/eval_compaction.py`'s tokenizers.
REFERENCE = [
    (
        "The proxy keeps every conversation going when the cloud fails: it retries once, then "
        "falls back to the local model, and it compacts long histories so that they fit the "
        "smaller window.",
        37,
        37,
    ),
    (
        "def fit(messages: list[Message], budget: int) -> list[Message]:\n"
        "    total = sum(estimate(m) for m in messages)\n"
        "    while total > budget and messages:\n"
        "        total -= estimate(messages.pop(0))\n"
        "    return messages\n",
        51,
        51,
    ),
    (
        '{"model": "claude-sonnet-4-5", "max_tokens": 1024, "messages": [{"role": "user", '
        '"content": "Hello!"}], "stream": true}',
        43,
        45,
    ),
    ("上下文压缩会保留前两轮对话和最近的对话，并把中间部分总结成一份情况报告。", 41, 23),
    ("プロキシはクラウドが失敗したときにローカルモデルへ切り替え、会話を続けます。", 42, 26),
    ("프록시는 클라우드가 실패하면 로컬 모델로 전환하여 대화를 계속합니다.", 33, 26),
    (
        "Прокси продолжает разговор, когда облако недоступно, и переключается на локальную модель.",
        38,
        30,
    ),
    ("Deploy done 🚀✅ — fallback works 🎉 next: streaming 🔁", 18, 17),
]


@pytest.mark.parametrize(("text", "cl100k", "qwen"), REFERENCE)
def test_never_far_below_a_real_tokenizer(text: str, cl100k: int, qwen: int) -> None:
    real = max(cl100k, qwen)
    assert real <= estimate_text(text) <= 1.45 * real


@pytest.mark.parametrize(("text", "cl100k", "qwen"), REFERENCE[3:6])
def test_cjk_costs_more_than_bytes_over_four(text: str, cl100k: int, qwen: int) -> None:
    assert len(text.encode()) / 4 < cl100k <= estimate_text(text)


def test_shell_output_is_close() -> None:
    listing = (
        "total 48\ndrwxr-xr-x  7 root root 4096 Nov 26 07:15 .\n"
        "-rw-r--r--  1 root root 1350 Nov 26 07:15 pyproject.toml\n"
        "drwxr-xr-x  3 root root 4096 Nov 26 07:11 src\n"
    )
    assert estimate_text(listing) >= 75  # cl100k 75, Qwen2.5 91 (digit by digit)


def test_empty_and_odd_text() -> None:
    assert estimate_text("") == 0 == estimate_bytes(b"")
    assert estimate_text("\ud800 lone surrogate") > 0  # JSON may carry one: no crash
    assert estimate_text("a") == 1  # rounded up


def test_concatenation_costs_at_most_the_parts() -> None:
    a, b = "hello world " * 7, "日本語のテキスト" * 3
    assert estimate_text(a + b) <= estimate_text(a) + estimate_text(b)
    assert estimate_text(a + b) >= estimate_text(a)


def test_message_parts_and_overheads() -> None:
    text = Message("user", [TextPart("hi there")])
    assert estimate_message(text) == MESSAGE_OVERHEAD + estimate_part(TextPart("hi there"))
    image = Message("user", [ImagePart("image/png", data="AAAA" * 10_000)])
    assert estimate_message(image) == MESSAGE_OVERHEAD + IMAGE_TOKENS
    args: JSONObject = {"path": "src/app.py", "content": "x = 1\n" * 200}
    call = estimate_part(ToolCallPart("toolu_1", "write", args))
    assert call > estimate_text("x = 1\n" * 200)  # the arguments travel as JSON
    result = estimate_part(ToolResultPart("toolu_1", [TextPart("ok " * 100)]))
    assert result > estimate_text("ok " * 100)
    assert estimate_part(ThinkingPart("hmm " * 50, signature="s" * 500)) < 100


def test_request_adds_system_tools_and_messages() -> None:
    tool = ToolDef("bash", "Run a command.", {"type": "object", "properties": {"cmd": {}}})
    messages = [Message("user", [TextPart("hi")]), Message("assistant", [TextPart("hello")])]
    req = ChatRequest("m", messages, system="Be brief.", tools=[tool])
    expected = (
        REQUEST_OVERHEAD
        + 4
        + estimate_text("Be brief.")
        + estimate_tool(tool)
        + sum(estimate_message(m) for m in messages)
    )
    assert estimate_request(req) == expected
    merged = Message("user", [*messages[0].parts, *messages[1].parts])
    assert estimate_message(merged) <= sum(estimate_message(m) for m in messages)


def test_a_200k_token_conversation_is_estimated_in_a_few_ms() -> None:
    words = "the proxy falls back to the local model when the cloud returns a quota error "
    messages = [
        Message("user" if i % 2 == 0 else "assistant", [TextPart(words * 10)]) for i in range(1000)
    ]
    req = ChatRequest("m", messages)
    times = []
    for _ in range(5):
        started = time.perf_counter()
        total = estimate_request(req)
        times.append(time.perf_counter() - started)
    elapsed = min(times)
    assert total > 150_000
    assert elapsed < 0.05, f"{elapsed * 1000:.1f} ms (about 2 ms on the reference machine)"


def _fifths_byte_by_byte(data: bytes) -> int:
    weights = dict.fromkeys(range(256), 5)
    for group, weight in _WEIGHTS:
        weights.update(dict.fromkeys(group, weight))
    return sum(weights[byte] for byte in data)


def test_every_byte_weighs_what_its_class_says() -> None:
    rng = random.Random(1)
    samples = [bytes([b]) * n for b in range(256) for n in (1, 7)]
    samples += [bytes(rng.randrange(256) for _ in range(rng.randint(1, 300))) for _ in range(300)]
    samples += [s.encode() for s, _, _ in REFERENCE]
    for data in samples:
        assert estimate_bytes(data) == -(-_fifths_byte_by_byte(data) // UNIT), data
