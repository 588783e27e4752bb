"""Tool definitions that fit a small window.

An agent's tools can outweigh a local model's whole window (a coding agent's dozen tools with
long descriptions run to thousands of tokens). Names and parameter schemas are what a model needs
to call a tool; the prose is what can go. :func:`slim_tools` cuts prose in steps, only as far as
the budget requires:

1. tool descriptions to their first sentence;
2. parameter descriptions removed from the schemas;
3. tool descriptions removed.

    >>> big = ToolDef("Read", "Reads a file. " + "Long usage notes. " * 400, {"type": "object"})
    >>> [t.description for t in slim_tools([big], 100)]
    ['Reads a file.']
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from trooper.context.tokens import estimate_tool
from trooper.model.conversation import JSONObject, JSONValue, ToolDef


def slim_tools(tools: list[ToolDef], budget: int) -> list[ToolDef]:
    """The tools, with as little prose removed as brings them within ``budget`` tokens."""
    steps: list[Callable[[ToolDef], ToolDef]] = [_first_sentence, _no_param_docs, _no_description]
    for step in steps:
        if _cost(tools) <= budget:
            break
        tools = [step(tool) for tool in tools]
    return tools


def _cost(tools: list[ToolDef]) -> int:
    return sum(estimate_tool(tool) for tool in tools)


def _first_sentence(tool: ToolDef) -> ToolDef:
    text = tool.description.strip()
    cut = min((i for i in (text.find(". "), text.find("\n")) if i >= 0), default=-1)
    return replace(tool, description=text[: cut + 1].strip() if cut >= 0 else text[:200])


def _no_param_docs(tool: ToolDef) -> ToolDef:
    return replace(tool, parameters=_strip_descriptions(tool.parameters))


def _no_description(tool: ToolDef) -> ToolDef:
    return replace(tool, description="")


def _strip_descriptions(schema: JSONObject) -> JSONObject:
    out: JSONObject = {}
    for key, value in schema.items():
        if key in ("description", "examples"):
            continue
        if key in ("properties", "$defs", "definitions") and isinstance(value, dict):
            # Keys here are names (a property may well be called "description"): keep them all.
            out[key] = {name: _strip(sub) for name, sub in value.items()}
        else:
            out[key] = _strip(value)
    return out


def _strip(value: JSONValue) -> JSONValue:
    if isinstance(value, dict):
        return _strip_descriptions(value)
    if isinstance(value, list):
        return [_strip(item) for item in value]
    return value
