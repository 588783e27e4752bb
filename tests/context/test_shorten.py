"""Shortening from the middle: fits, keeps both ends, and keeps every structure valid."""

from __future__ import annotations

import pytest

from trooper.context.shorten import IMAGE_PLACEHOLDER, fit_messages, shorten_text
from trooper.context.tokens import estimate_message, estimate_text
from trooper.model.conversation import (
    ImagePart,
    Message,
    TextPart,
    ThinkingPart,
    ToolCallPart,
    ToolResultPart,
)

LONG = "BEGIN " + " ".join(f"line {i}: the value is {i * 7}" for i in range(2000)) + " FINISH"


@pytest.mark.parametrize("budget", [0, 1, 2, 5, 11, 12, 20, 50, 100, 1000, 5000])
def test_shorten_text_fits_any_budget(budget: int) -> None:
    short = shorten_text(LONG, budget)
    assert estimate_text(short) <= budget
    if budget >= 50:
        assert short.startswith("BEGIN") and short.endswith("FINISH")
        assert "tokens elided]…" in short


def test_shorten_text_leaves_fitting_text_alone() -> None:
    assert shorten_text("short text", 100) == "short text"


def test_shorten_text_handles_dense_scripts() -> None:
    text = "開始" + "日本語の文章と🚀絵文字" * 2000 + "終了"
    short = shorten_text(text, 200)
    assert estimate_text(short) <= 200
    assert short.startswith("開始") and short.endswith("終了")


def test_fit_messages_cuts_the_largest_part_first() -> None:
    small = Message("user", [TextPart("keep me whole")])
    big = Message("assistant", [TextPart(LONG)])
    fitted = fit_messages([small, big], 300)
    assert fitted[0] == small
    assert sum(estimate_message(m) for m in fitted) <= 300
    assert fitted[1].text().startswith("BEGIN")


def test_fit_messages_keeps_tool_structures_valid() -> None:
    call = ToolCallPart("t1", "write", {"path": "a.py", "content": LONG, "mode": 420})
    result = ToolResultPart("t1", [TextPart(LONG), ImagePart("image/png", data="AA")])
    messages = [Message("assistant", [call]), Message("user", [result])]
    exact = fit_messages(messages, 400)
    assert exact[0].parts == [call], "tool calls are exact unless told otherwise"
    assert estimate_message(exact[1]) < estimate_message(messages[1]) // 10
    fitted = fit_messages(messages, 400, exact_calls=False)
    assert sum(estimate_message(m) for m in fitted) <= 400
    new_call, new_result = fitted[0].parts[0], fitted[1].parts[0]
    assert isinstance(new_call, ToolCallPart) and isinstance(new_result, ToolResultPart)
    assert (new_call.id, new_call.name) == ("t1", "write")
    assert new_call.arguments["path"] == "a.py" and new_call.arguments["mode"] == 420
    assert isinstance(new_call.arguments["content"], str)
    assert new_result.tool_call_id == "t1" and IMAGE_PLACEHOLDER in new_result.text()
    assert call.arguments["content"] == LONG, "the input is not changed"


def test_images_and_thinking_give_way() -> None:
    thinking = ThinkingPart("hmm " * 3000, signature="sig")
    image = ImagePart("image/png", url="https://example.com/a.png")
    fitted = fit_messages([Message("assistant", [thinking]), Message("user", [image])], 60)
    assert fitted[0].parts == [TextPart("…")], "a message never ends up empty"
    assert fitted[1].parts == [TextPart(IMAGE_PLACEHOLDER)]


def test_unfittable_returns_the_best_it_can() -> None:
    calls = [ToolCallPart(f"id_{i}", f"tool_{i}", {}) for i in range(50)]
    fitted = fit_messages([Message("assistant", list(calls))], 10)
    assert fitted[0].parts == calls  # nothing to cut: the caller checks the cost
