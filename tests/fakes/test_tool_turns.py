"""An agent's turns in the fakes: ``CallTool`` calls the named tool, ``Say`` answers in text."""

from __future__ import annotations

from collections.abc import Iterator

import orjson
import pytest

from tests.fakes.test_fakes import (
    APIS,
    TOOL_RESULT,
    TOOLS,
    path_of,
    post,
    request_body,
    tool_call_of,
    whole_text,
)
from tests.fakes.upstream import Api, CallTool, FakeUpstream, Say
from trooper.model.conversation import JSONObject, JSONValue

SHELL = {"command": "echo hi"}


@pytest.fixture(params=APIS)
def agent_fake(request: pytest.FixtureRequest) -> Iterator[FakeUpstream]:
    server = FakeUpstream(request.param).start()
    yield server
    server.stop()


def offering(api: Api, *names: str) -> JSONObject:
    """A one-turn request offering tools ``names`` (in each api's format)."""
    tools: list[JSONValue] = []
    for name in names:
        entry = orjson.loads(orjson.dumps(TOOLS[api]["tools"]).replace(b"lookup", name.encode()))
        tools += entry
    return {**request_body(api, "run it", False), "tools": tools}


@pytest.mark.asyncio
async def test_call_tool_calls_the_named_tool_not_the_first(agent_fake: FakeUpstream) -> None:
    agent_fake.always(CallTool("shell", SHELL))
    api = agent_fake.api
    reply = await post(agent_fake, path_of(api, False), offering(api, "read", "shell"))
    name, arguments, _ = tool_call_of(api, orjson.loads(reply.raw))
    assert (name, arguments) == ("shell", SHELL)


@pytest.mark.asyncio
async def test_call_tool_answers_its_result_in_text(agent_fake: FakeUpstream) -> None:
    agent_fake.always(CallTool("lookup", SHELL))
    api = agent_fake.api
    key = "contents" if api == "gemini" else "messages"
    turns: list[JSONValue] = [*TOOL_RESULT[api]]
    body: JSONObject = {**request_body(api, "", False), key: turns, **TOOLS[api]}
    reply = await post(agent_fake, path_of(api, False), body)
    assert whole_text(api, orjson.loads(reply.raw)) == f"{api} got tool result: 42"


@pytest.mark.asyncio
async def test_call_tool_not_offered_and_say_answer_in_text(agent_fake: FakeUpstream) -> None:
    api = agent_fake.api
    agent_fake.script(CallTool("shell", SHELL), Say())
    for _ in range(2):
        reply = await post(agent_fake, path_of(api, False), offering(api, "read"))
        assert whole_text(api, orjson.loads(reply.raw)) == f"{api} says: run it"
