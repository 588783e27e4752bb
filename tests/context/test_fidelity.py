"""What compaction keeps, it keeps exact: the current turn whenever it fits, short anchor
messages, and every tool call; only what must be shortened is, the longest first."""

from __future__ import annotations

import copy
import random

import pytest
from context_support import agent, chat, check_compaction, paragraph

from trooper.context.compact import compact
from trooper.context.tokens import REQUEST_OVERHEAD, estimate_message, estimate_system
from trooper.model.conversation import (
    ChatRequest,
    Message,
    Part,
    TextPart,
    ToolCallPart,
    ToolResultPart,
)


def run(req: ChatRequest, budget: int) -> ChatRequest:
    snapshot = copy.deepcopy(req)
    result = compact(req, budget)
    check_compaction(req, snapshot, result, budget)
    return result.request


def text_of(tokens: int, seed: int = 1) -> str:
    """Prose costing about ``tokens``."""
    rng = random.Random(seed)
    text = ""
    while estimate_message(Message("user", [TextPart(text)])) < tokens:
        text += paragraph(rng, 1) + " "
    return text.strip()


def kept_parts(out: ChatRequest) -> list[Part]:
    return [p for m in out.messages for p in m.parts]


@pytest.mark.parametrize("share", [0.55, 0.65, 0.75, 0.85])
def test_current_turn_is_verbatim_whenever_it_fits(share: float) -> None:
    """A newest user message of ``share`` of a 2,048-token window arrives whole: everything
    else gives way first."""
    budget = 2048
    req = chat(turns=80, fact_at=None)
    question = text_of(int(budget * share), seed=5) + " What do you make of this?"
    req.messages[-1] = Message("user", [TextPart(question)])
    fixed = REQUEST_OVERHEAD + estimate_system(req.system)
    assert fixed + estimate_message(req.messages[-1]) <= budget
    out = run(req, budget)
    assert out.messages[-1].text().endswith(question)
    assert "tokens elided" not in out.messages[-1].text()


def test_current_tool_results_are_verbatim_whenever_they_fit() -> None:
    req = agent(steps=40)
    call = ToolCallPart("call_big", "bash", {"cmd": "cat src/app/server.py"})
    result = ToolResultPart("call_big", [TextPart(text_of(1300, seed=9))])
    req.messages += [Message("assistant", [call]), Message("user", [result])]
    out = run(req, 2048)
    assert out.messages[-1].parts[-1] == result
    assert call in out.messages[-2].parts


def test_short_anchor_messages_are_not_cut() -> None:
    """The first two turns of 40 and 30 tokens are kept whole, although together they pass
    the anchor's share of a small window: the middle gives way instead."""
    req = chat(turns=60, fact_at=None)
    req.messages[0] = Message("user", [TextPart(text_of(40, seed=2))])
    req.messages[1] = Message("assistant", [TextPart(text_of(30, seed=3))])
    anchor = req.messages[:2]
    assert sum(map(estimate_message, anchor)) > 512 * 0.10
    out = run(req, 512)
    assert out.messages[:2] == anchor


def bash(call_id: str, command: str) -> ToolCallPart:
    return ToolCallPart(call_id, "bash", {"command": command})


def test_tool_calls_in_kept_messages_are_exact() -> None:
    """A long command in a kept turn is never shortened: a model shown a mangled command may
    run it. Its long output is what gives way."""
    rng = random.Random(4)
    command = (
        "python - <<'EOF'\n"
        + "\n".join(f"print('{paragraph(rng, 1)}')" for _ in range(40))
        + "\nEOF"
    )
    messages = [Message("user", [TextPart("Fix the failing test in src/app/server.py.")])]
    calls = []
    for step in range(30):
        call = bash(f"call_{step}", command if step % 5 == 4 else f"ls src/{step}")
        calls.append(call)
        output = ToolResultPart(call.id, [TextPart(text_of(300, seed=step))])
        messages += [Message("assistant", [TextPart("Next."), call]), Message("user", [output])]
    req = ChatRequest(model="m", messages=messages, system="You fix bugs.")
    for budget in (1024, 2048, 4096):
        out = run(req, budget)
        kept = [p for p in kept_parts(out) if isinstance(p, ToolCallPart)]
        assert kept, budget
        for call in kept:
            assert call in calls, f"{call.id} was altered at {budget}"


def test_only_what_must_be_shortened_is_shortened_longest_first() -> None:
    """Two tool results answer the current turn; the long one is cut, the short one is not."""
    calls = [bash("c1", "cat big.log"), bash("c2", "git status")]
    short = ToolResultPart("c2", [TextPart(text_of(60, seed=7))])
    long = ToolResultPart("c1", [TextPart(text_of(3000, seed=8))])
    messages = [
        Message("user", [TextPart("Why does the build fail?")]),
        Message("assistant", [TextPart("Looking."), *calls]),
        Message("user", [long, short]),
    ]
    out = run(ChatRequest(model="m", messages=messages), 2048)
    results = [p for p in out.messages[-1].parts if isinstance(p, ToolResultPart)]
    assert results[1] == short
    assert "tokens elided" in results[0].text()
    assert out.messages[0] == messages[0]
    assert [p for p in out.messages[1].parts if isinstance(p, ToolCallPart)] == calls


@pytest.mark.parametrize("slack", [0, 2, 5, 9, 20, 60])
def test_current_turn_that_leaves_no_room_for_the_anchor_goes_alone(slack: int) -> None:
    """A current turn within a few tokens of the room: still verbatim, and the result fits."""
    budget = 1024
    req = chat(turns=40, fact_at=None)
    room = budget - REQUEST_OVERHEAD - estimate_system(req.system)
    words = text_of(room - slack - 40, seed=11).split()
    while estimate_message(Message("user", [TextPart(" ".join(words))])) < room - slack:
        words.append("lorem")
    while estimate_message(Message("user", [TextPart(" ".join(words))])) > room - slack:
        words.pop()
    req.messages[-1] = Message("user", [TextPart(" ".join(words))])
    out = run(req, budget)
    assert out.messages[-1].parts[-1] == req.messages[-1].parts[0]


def test_the_system_turn_before_the_current_turn_is_kept() -> None:
    """Claude Code's mid-conversation system messages: the latest ones matter most."""
    filler = "a long paragraph about the build system and its many targets. " * 40
    messages = [Message("user", [TextPart("start the task")])]
    for i in range(30):
        messages.append(Message("assistant", [TextPart(f"step {i}: {filler}")]))
        messages.append(Message("user", [TextPart(f"continue {i}")]))
    messages.append(Message("assistant", [TextPart("done with the steps")]))
    messages.append(Message("system", [TextPart("The user switched to the docs branch.")]))
    messages.append(Message("user", [TextPart("what branch am I on?")]))
    result = compact(ChatRequest(model="m", messages=messages), 2048)
    kept = result.request.messages
    assert Message("system", [TextPart("The user switched to the docs branch.")]) in kept
    assert kept[-1] == Message("user", [TextPart("what branch am I on?")])
