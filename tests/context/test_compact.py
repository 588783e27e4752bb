"""compact(): the anchor + SITREP + tail layers and every invariant, at every budget."""

from __future__ import annotations

import copy

import pytest
from context_support import BUDGETS, FACT, agent, chat, check_compaction, sitrep_json, texts

from trooper.context.compact import alternate, compact, units_of, units_steps
from trooper.context.tokens import IMAGE_TOKENS, estimate_message, estimate_request
from trooper.errors import PayloadTooLarge
from trooper.model.conversation import (
    ChatRequest,
    ImagePart,
    JSONObject,
    Message,
    Role,
    TextPart,
    ThinkingPart,
    ToolCallPart,
    ToolDef,
    ToolResultPart,
)

ALTERNATING: list[Role] = ["user", "assistant"]


def run(req: ChatRequest, budget: int) -> ChatRequest:
    snapshot = copy.deepcopy(req)
    result = compact(req, budget)
    check_compaction(req, snapshot, result, budget)
    return result.request


def everything(req: ChatRequest) -> str:
    return "\n".join(texts(req))


@pytest.mark.parametrize("budget", BUDGETS)
def test_chat_fits_every_budget_with_layers_in_place(budget: int) -> None:
    req = chat()
    out = run(req, budget)
    assert out.messages[0] == req.messages[0]  # the anchor, verbatim...
    if budget > 512:  # ...unless it is larger than its share (10%, ~50 tokens here)
        assert out.messages[1].parts[: len(req.messages[1].parts)] == req.messages[1].parts
    assert out.messages[-1] == req.messages[-1]  # the current turn, verbatim and last
    sitrep = sitrep_json(out.system)
    assert sitrep is not None and 0.0 <= float(str(sitrep["confidence"])) <= 1.0


@pytest.mark.parametrize("budget", BUDGETS)
def test_fact_from_turn_40_of_300_is_recalled(budget: int) -> None:
    req = chat(turns=300, fact_at=40)
    out = run(req, budget)
    assert FACT in everything(out)
    assert any(FACT in m.text() for m in out.messages[2:-1]), "recalled as a verbatim turn"


@pytest.mark.parametrize("budget", BUDGETS)
@pytest.mark.parametrize("parallel", [1, 3])
def test_agent_keeps_tool_pairs_whole(budget: int, parallel: int) -> None:
    req = agent(steps=150, parallel=parallel)
    out = run(req, budget)  # the pair checks run inside
    task = req.messages[0].text()
    if budget >= 2048:  # the anchor fits its share: verbatim
        assert out.messages[0] == req.messages[0]
    assert out.messages[0].text()[:12] == task[:12]
    last_pair = req.messages[-2:]
    assert out.messages[-2:] == last_pair or estimate_message(last_pair[1]) > budget // 2


@pytest.mark.parametrize("budget", BUDGETS)
def test_within_budget_is_returned_unchanged(budget: int) -> None:
    turns = ["Hi, I'm building Trooper.", "Nice!", "It must stay local.", "Noted.", "Next?"]
    roles: list[Role] = ["user", "assistant", "user", "assistant", "user"]
    req = ChatRequest(
        "m", [Message(r, [TextPart(t)]) for r, t in zip(roles, turns, strict=True)], "Be brief."
    )
    assert estimate_request(req) <= budget
    result = compact(req, budget)
    assert result.request is req and not req.modified
    assert not result.report.compacted and result.log_lines() == []
    assert result.sitrep is None and "TROOPER_SITREP" not in (req.system or "")


def test_log_lines_follow_the_seed() -> None:
    result = compact(chat(turns=121, fact_at=None), 6144)
    r = result.report
    lines = result.log_lines()
    assert lines[0] == (
        f"📦 Context compaction triggered — {r.original_tokens} tokens exceeds 6144 budget"
    )
    assert lines[1] == f"Anchor turns : {r.anchor_turns} (~{r.anchor_tokens} tokens)"
    assert lines[2] == f"Middle turns : {r.middle_turns} → SITREP (~{r.sitrep_tokens} tokens)"
    assert lines[-2] == f"Recent turns : {r.recent_turns} (~{r.recent_tokens} tokens)"
    assert lines[-1] == f"Tokens used : {r.total_tokens} / 6144"
    assert r.anchor_turns == 2 and r.recent_turns >= 2
    recalled = [line for line in lines if line.startswith("Recalled turns : ")]
    assert len(recalled) == (1 if r.recalled_turns else 0)
    total = r.anchor_turns + r.middle_turns + r.recalled_turns + r.recent_turns
    assert total == 121


def test_shares_are_enforced() -> None:
    budget = 8192
    result = compact(chat(turns=300, fact_at=None), budget)
    r = result.report
    room = budget - 3 - 4 - 5  # request and system framing, "You are helpful."
    assert r.anchor_tokens <= room * 0.10 + 1
    assert r.sitrep_tokens <= room * 0.20 + 1
    assert r.recent_tokens <= room * 0.70 + 1
    assert r.total_tokens >= budget * 0.9, "the leftover is filled with recalled turns"


@pytest.mark.parametrize("budget", BUDGETS)
def test_huge_anchor_and_current_turn_are_cut_from_the_middle(budget: int) -> None:
    big = "START " + "lorem ipsum dolor sit amet " * 4000 + " END"
    messages = [
        Message("user", [TextPart(big)]),
        Message("assistant", [TextPart("ok")]),
        *[Message(r, [TextPart(f"turn {i}")]) for i, r in enumerate(ALTERNATING * 5)],
        Message("user", [TextPart("QUESTION " + big)]),
    ]
    out = run(ChatRequest(model="m", messages=messages), budget)
    first, last = out.messages[0].text(), out.messages[-1].text()
    assert first.startswith("START") and first.endswith("END") and "tokens elided]…" in first
    assert last.startswith("QUESTION") and last.endswith("END")


@pytest.mark.parametrize("budget", BUDGETS)
def test_huge_system_prompt_is_cut_not_dropped(budget: int) -> None:
    req = chat(turns=60, fact_at=None)
    req.system = "RULES " + "always answer politely and briefly. " * 3000 + "LAST RULE"
    out = run(req, budget)
    assert out.system is not None
    assert out.system.startswith("RULES") and "LAST RULE" in out.system
    assert estimate_request(ChatRequest(model="m", messages=[], system=out.system)) <= budget


def test_huge_tool_result_is_cut_and_stays_paired() -> None:
    messages = [
        Message("user", [TextPart("Read the log.")]),
        Message("assistant", [ToolCallPart("t1", "read", {"path": "/var/log/app.log"})]),
        Message("user", [ToolResultPart("t1", [TextPart("HEAD " + "x = 1\n" * 20000 + "TAIL")])]),
    ]
    out = run(ChatRequest(model="m", messages=messages), 2048)
    result = out.messages[-1].parts[0]
    assert isinstance(result, ToolResultPart) and result.tool_call_id == "t1"
    assert result.text().startswith("HEAD") and result.text().endswith("TAIL")


def test_images_cost_a_fixed_price_and_give_way_when_needed() -> None:
    image = ImagePart("image/png", data="AAAA" * 10)
    assert estimate_message(Message("user", [image])) == IMAGE_TOKENS + 4
    req = chat(turns=40, fact_at=None)
    req.messages[-1] = Message("user", [image, image, TextPart("What is in these?")])
    out = run(req, 2048)
    assert out.messages[-1].text().endswith("What is in these?")


def test_tool_definitions_are_kept_and_counted() -> None:
    tool = ToolDef("bash", "Run a shell command.", {"type": "object", "properties": {}})
    req = ChatRequest(
        model="m",
        messages=[Message("user", [TextPart("hi " * 5000)])],
        tools=[tool],
    )
    out = run(req, 1024)
    assert out.tools == [tool]


def test_irreducible_request_is_refused() -> None:
    schema: JSONObject = {"type": "object", "description": "x " * 3000}
    req = ChatRequest(
        model="m",
        messages=[Message("user", [TextPart("hi " * 500)])],
        tools=[ToolDef("big", "A tool.", {"schema": schema})],
    )
    with pytest.raises(PayloadTooLarge):
        compact(req, 512)


def test_conversation_starting_with_the_assistant_gets_a_user_note_first() -> None:
    req = chat(turns=81, fact_at=None)
    req.messages = req.messages[1:]  # now it opens with the assistant
    out = run(req, 2048)
    assert out.messages[0].role == "user" and "compacted by Trooper" in out.messages[0].text()


def test_thinking_is_left_out_only_when_its_message_must_be_cut() -> None:
    thinking = ThinkingPart("hmm " * 4000, signature="sig")
    messages = [
        Message("user", [TextPart("go")]),
        Message("assistant", [thinking, TextPart("done")]),
        Message("user", [TextPart("next?")]),
    ]
    out = run(ChatRequest(model="m", messages=messages), 1024)
    assert not any(isinstance(p, ThinkingPart) for m in out.messages for p in m.parts)
    small = [Message("user", [TextPart("go")]), Message("assistant", [ThinkingPart("hmm")])]
    assert compact(ChatRequest(model="m", messages=small), 1024).request.messages == small


def test_units_join_calls_and_results_across_messages() -> None:
    messages = [
        Message("user", [TextPart("go")]),
        Message("assistant", [ToolCallPart("a", "f", {}), ToolCallPart("b", "f", {})]),
        Message("user", [ToolResultPart("a", [TextPart("1")])]),
        Message("user", [ToolResultPart("b", [TextPart("2")])]),
        Message("user", [TextPart("thanks")]),
    ]
    units = units_of(messages, [1] * len(messages))
    assert [(u.start, len(u.messages)) for u in units] == [(0, 1), (1, 3), (4, 1)]


def test_units_are_grouped_a_unit_per_step() -> None:
    req = agent(steps=100)
    costs = [estimate_message(m) for m in req.messages]
    steps = units_steps(req.messages, costs)
    taken = 0
    while True:
        try:
            next(steps)
        except StopIteration as done:
            units = done.value
            break
        taken += 1
    whole = units_of(req.messages, costs)
    assert [(u.start, u.messages, u.tokens) for u in units] == [
        (u.start, u.messages, u.tokens) for u in whole
    ]
    assert taken == len(units) > 100


def test_alternate_merges_neighbours_tool_results_first() -> None:
    note = Message("user", [TextPart("also")])
    result = Message("user", [ToolResultPart("a", [TextPart("1")])])
    merged = alternate([note, result])
    assert len(merged) == 1 and isinstance(merged[0].parts[0], ToolResultPart)
    assert note.parts == [TextPart("also")], "inputs are not changed"
    assistant_first = alternate([Message("assistant", [TextPart("hi")])])
    assert [m.role for m in assistant_first] == ["user", "assistant"]


def test_compaction_is_deterministic() -> None:
    req = agent(steps=100)
    assert compact(req, 4096).request == compact(copy.deepcopy(req), 4096).request


def test_large_conversation_is_compacted() -> None:
    """Its speed (the 10 ms goal) is measured by bench/, not by a timed test on a shared
    machine."""
    req = chat(turns=1000, fact_at=40)
    assert estimate_request(req) > 50_000
    result = compact(req, 6144)
    assert result.report.total_tokens <= 6144
    assert result.report.compacted


@pytest.mark.parametrize("budget", [512, 2048])
def test_edge_shapes_still_fit(budget: int) -> None:
    big = "word " * 3000
    shapes = {
        "no messages": [],
        "one message": [Message("user", [TextPart(big)])],
        "three": [Message(r, [TextPart(big)]) for r in ("user", "assistant", "user")],
        "no user turn": [Message("assistant", [TextPart(big)])] * 3,
        "prefill": [*chat(turns=41, fact_at=None).messages, Message("assistant", [TextPart("{")])],
    }
    for name, messages in shapes.items():
        req = ChatRequest("m", list(messages), system="S " * 4000)
        snapshot = copy.deepcopy(req)
        result = compact(req, budget)
        check_compaction(req, snapshot, result, budget)
        out = result.request.messages
        if name == "prefill":
            assert out[-1].parts == [TextPart("{")] and out[-2] == req.messages[-2]


def test_consecutive_user_turns_are_merged_results_first() -> None:
    steps = agent(steps=60).messages
    steps[-1] = Message("user", [*steps[-1].parts])
    steps.append(Message("user", [TextPart("Also, hurry up.")]))  # as OpenAI clients send it
    req = ChatRequest("m", steps)
    out = run(req, 2048)
    last = out.messages[-1]
    assert isinstance(last.parts[0], ToolResultPart) and last.parts[-1] == TextPart(
        "Also, hurry up."
    )


@pytest.mark.parametrize("budget", [0, 50, 100, 150, 200, 300, 400])
def test_tiny_budgets_fit_or_are_refused(budget: int) -> None:
    for req in (chat(turns=101), agent(steps=40, parallel=3)):
        snapshot = copy.deepcopy(req)
        try:
            result = compact(req, budget)
        except PayloadTooLarge:
            assert req == snapshot
            continue
        check_compaction(req, snapshot, result, budget)
