"""Element-wise JSON gives what one orjson call gives: the same values, the same bytes, the same
errors."""

from __future__ import annotations

import asyncio
import itertools

import orjson
import pytest

from trooper import slices
from trooper.slices import drain
from trooper.wire.bigjson import MIN_ELEMENTS, array_steps, dumps_steps, is_bulky, loads_steps

N = MIN_ELEMENTS + 5


def _messages(n: int = N) -> list[object]:
    odd: list[object] = [
        {"role": "user", "content": 'naïve café ✓ 日本語 \U0001f600 \\ " \n \t \u0000 ,]}[{'},
        {"role": "assistant", "content": [{"type": "text", "text": "x"}, {"nested": [[[]], {}]}]},
        {"n": [0, -1, 1.5, -0.0, 1e300, 2**63 - 1, -(2**63), 18446744073709551615]},
        {"flags": [True, False, None], "empty": "", "deep": {"a": {"b": {"c": [1, {"d": []}]}}}},
        "a bare string, ] } [ {",
        "ends in a backslash \\",
        '\\"quoted\\" \\\\" "',
        {"\\": "\\\\", '"': '"'},
        12345,
        [],
        {},
        None,
    ]
    return [odd[i % len(odd)] for i in range(n)]


BODIES = [
    {"model": "m", "messages": _messages(), "stream": True},
    {"contents": _messages(), "generationConfig": {"temperature": 0.2}},
    {"instructions": "be brief", "input": _messages(), "tools": [{"name": "t"}]},
    {"messages": _messages(), "system": "messages", "metadata": {"messages": [1, 2]}},
]


@pytest.mark.parametrize("body", BODIES)
@pytest.mark.parametrize("indent", [False, True])
def test_loads_equals_one_call(body: dict[str, object], indent: bool) -> None:
    raw = orjson.dumps(body, option=orjson.OPT_INDENT_2 if indent else 0)
    steps = loads_steps(raw)
    value = drain(steps)
    assert value == orjson.loads(raw)
    assert list(value) == list(orjson.loads(raw))  # key order kept


@pytest.mark.parametrize("body", BODIES)
@pytest.mark.parametrize("indent", [False, True])
def test_loads_takes_the_bytearray_a_big_body_is_read_into(
    body: dict[str, object], indent: bool
) -> None:
    raw = b"\n " + orjson.dumps(body, option=orjson.OPT_INDENT_2 if indent else 0) + b" "
    value = drain(loads_steps(bytearray(raw)))
    assert value == orjson.loads(raw)
    assert list(value) == list(orjson.loads(raw))


def test_loads_takes_a_step_per_element() -> None:
    raw = orjson.dumps({"model": "m", "messages": _messages(500)})
    steps = loads_steps(raw)
    taken = 0
    for _ in steps:
        taken += 1
    assert taken >= 500


@pytest.mark.parametrize(
    "raw",
    [
        b'{"messages": [' + b"1," * N + b"2,]}",  # trailing comma
        b'{"messages": [' + b"1," * N + b",2]}",  # empty element
        b'{"messages": [' + b"1," * N + b"2}",  # mismatched bracket
        b'{"messages": [' + b"1," * N + b"2]",  # unclosed object
        b'{"messages": [' + b"1," * N + b"2]} x",  # trailing garbage
        b'{"messages": [' + b"1," * N + b"2]}}",
        b'{"messages": [' + b"1," * N + b"tru]}",
        b'{"messages": [' + b'"a",' * N + b'"\xff"]}',  # invalid UTF-8
        b'{"messages": [' + b'"a",' * N + b'"unterminated]}',
        b'{"model" "m", "messages": [' + b"1," * N + b"2]}",
        b"",
        b"   ",
    ],
)
def test_invalid_json_raises_what_one_call_raises(raw: bytes) -> None:
    with pytest.raises(orjson.JSONDecodeError) as one:
        orjson.loads(raw)
    with pytest.raises(orjson.JSONDecodeError) as sliced:
        drain(loads_steps(raw))
    assert (sliced.value.msg, sliced.value.pos) == (one.value.msg, one.value.pos)


@pytest.mark.parametrize(
    "raw",
    [
        b'{"messages": [' + b"1," * N + b"99999999999999999999999]}",  # beyond 64 bits
        b"[" + b"1," * N + b"2]",  # not an object
        b'{"messages": [' + b"1," * 3 + b"2]}",  # a short array
        b'{"messages": "' + b"1," * N + b'2"}',  # not an array
        b'{"a": {"messages": [' + b"1," * N + b"2]}}",  # not at the top level
    ],
)
def test_other_shapes_parse_as_one_call_does(raw: bytes) -> None:
    assert drain(loads_steps(raw)) == orjson.loads(raw)


def test_a_duplicate_key_resolves_as_one_call_does() -> None:
    big = b"[" + b",".join([b"1"] * N) + b"]"
    for raw in (
        b'{"messages": ' + big + b', "messages": [2]}',
        b'{"messages": [2], "messages": ' + big + b"}",
        b'{"messages": ' + big + b', "m\\u0065ssages": "x"}',
    ):
        assert drain(loads_steps(raw)) == orjson.loads(raw)


@pytest.mark.parametrize("body", BODIES)
def test_dumps_is_byte_identical(body: dict[str, object]) -> None:
    assert is_bulky(body)
    assert drain(dumps_steps(body)) == orjson.dumps(body)


def test_dumps_of_a_small_body_is_one_call() -> None:
    body = {"messages": _messages(3), "model": "m"}
    steps = dumps_steps(body)
    assert not is_bulky(body)
    assert sum(1 for _ in steps) == 0
    assert drain(dumps_steps(body)) == orjson.dumps(body)


def test_dumps_refuses_what_orjson_refuses() -> None:
    body = {"messages": [*_messages(), {"x": 2**70}]}
    with pytest.raises(orjson.JSONEncodeError):
        drain(dumps_steps(body))


def test_run_gives_the_loop_control_between_steps(monkeypatch: pytest.MonkeyPatch) -> None:
    """With no budget, every step is followed by a turn of the loop: another task runs
    between any two steps."""
    monkeypatch.setattr(slices, "BUDGET_S", 0.0)
    ticks = 0
    seen: list[int] = []

    def steps() -> slices.Steps[int]:
        for _ in range(50):
            seen.append(ticks)
            yield
        return len(seen)

    async def main() -> int:
        nonlocal ticks
        stop = False

        async def ticker() -> None:
            nonlocal ticks
            while not stop:
                ticks += 1
                await asyncio.sleep(0)

        task = asyncio.create_task(ticker())
        await asyncio.sleep(0)
        result = await slices.run(steps(), "test")
        stop = True
        await task
        return result

    assert asyncio.run(main()) == 50
    assert all(b > a for a, b in itertools.pairwise(seen))


@pytest.mark.parametrize(
    "raw",
    [
        orjson.dumps(_messages()),
        orjson.dumps(_messages(), option=orjson.OPT_INDENT_2),
        b"[]",
        b" [ ] ",
        b"[1]",
        b'{"messages": []}',
        b'"text"',
    ],
)
def test_array_equals_one_call(raw: bytes) -> None:
    assert drain(array_steps(raw)) == orjson.loads(raw)


@pytest.mark.parametrize("raw", [b"[1,]", b"[,1]", b"[1,2", b"[1] [2]", b"[1}", b"[1,,2]", b"["])
def test_an_invalid_array_raises_what_one_call_raises(raw: bytes) -> None:
    with pytest.raises(orjson.JSONDecodeError) as one:
        orjson.loads(raw)
    with pytest.raises(orjson.JSONDecodeError) as sliced:
        drain(array_steps(raw))
    assert (sliced.value.msg, sliced.value.pos) == (one.value.msg, one.value.pos)
