"""OpenAI's Responses API (``POST /v1/responses``), as the OpenAI fake speaks it.

Read: the last user message's ``input_text``, the last ``function_call_output`` (when the input
ends with one), an ``input_image``'s type, the first ``function`` tool. Answer: a Response object,
or the documented SSE sequence (``event:`` + ``data:`` with ``type`` and ``sequence_number``):
response.created, response.in_progress, output_item.added (+ content_part.added), the deltas,
their ``.done`` events, output_item.done, response.completed.
"""

from __future__ import annotations

import orjson

from tests.fakes import upstream as up
from trooper.model.conversation import JSONObject, JSONValue


def read_responses(body: JSONObject, target: str) -> up.Ask:
    raw_input = body.get("input")
    items: list[JSONObject] = (
        [{"type": "message", "role": "user", "content": raw_input}]
        if isinstance(raw_input, str)
        else up._objs(raw_input)
    )
    messages = [i for i in items if i.get("type", "message") == "message"]
    users = [m for m in messages if m.get("role") == "user"]
    parts = _parts(users[-1].get("content")) if users else []
    last = items[-1] if items else {}
    images = [up._str(p.get("image_url")) for p in parts if p.get("type") == "input_image"]
    tools = [t for t in up._objs(body.get("tools")) if t.get("type") == "function"]
    return up.Ask(
        model=up._str(body.get("model")),
        user_text="".join(up._str(p.get("text")) for p in parts if p.get("type") == "input_text"),
        tool_result=(
            up.result_text(last.get("output"))
            if last.get("type") == "function_call_output"
            else None
        ),
        image=up.mime_of_url(images[0]) if images else None,
        tool=up._first_name(tools),
        ends_with_assistant=last.get("role") == "assistant",
        stream=body.get("stream") is True,
    )


def _parts(content: JSONValue | None) -> list[JSONObject]:
    if isinstance(content, str):
        return [{"type": "input_text", "text": content}]
    return up._objs(content)


class ResponsesWire(up.Wire):
    """Response objects, and their named SSE events."""

    broken = b'event: response.output_text.delta\ndata: {"type":"response.output_text.de\n\n'

    @staticmethod
    def _item(a: up.Answer, done: bool) -> JSONObject:
        status = "completed" if done else "in_progress"
        if a.tool:
            return {
                "id": f"fc_fake{a.id}",
                "type": "function_call",
                "status": status,
                "call_id": f"call_fake{a.id}",
                "name": a.tool,
                "arguments": a.arguments_json if done else "",
            }
        content: list[JSONValue] = (
            [{"type": "output_text", "text": a.text, "annotations": [], "logprobs": []}]
            if done
            else []
        )
        return {
            "id": f"msg_fake{a.id}",
            "type": "message",
            "status": status,
            "role": "assistant",
            "content": content,
        }

    @staticmethod
    def _response(a: up.Answer, output: list[JSONValue], usage: bool, status: str) -> JSONObject:
        body: JSONObject = {
            "id": f"resp_fake{a.id}",
            "object": "response",
            "created_at": up.CREATED,
            "status": status,
            "error": None,
            "incomplete_details": None,
            "model": a.model,
            "output": output,
            "parallel_tool_calls": True,
            "tool_choice": "auto",
            "tools": [],
            "usage": None,
        }
        if usage and status == "completed":
            body["usage"] = {
                "input_tokens": a.input_tokens,
                "input_tokens_details": {"cached_tokens": 0, "cache_write_tokens": 0},
                "output_tokens": a.output_tokens,
                "output_tokens_details": {"reasoning_tokens": 0},
                "total_tokens": a.input_tokens + a.output_tokens,
            }
        return body

    def whole(self, a: up.Answer, usage: bool) -> JSONValue:
        return self._response(a, [self._item(a, True)], usage, "completed")

    def frames(self, a: up.Answer, ask: up.Ask, ok: up.Ok) -> up.Frames:
        seq = iter(range(10_000))

        def event(kind: str, payload: JSONObject) -> bytes:
            data = {"type": kind, "sequence_number": next(seq), **payload}
            return b"event: " + kind.encode() + b"\ndata: " + orjson.dumps(data) + b"\n\n"

        begun = self._response(a, [], False, "in_progress")
        item = self._item(a, False)
        where: JSONObject = {"output_index": 0}
        at: JSONObject = {"item_id": item["id"], "output_index": 0}
        head = [
            event("response.created", {"response": begun}),
            event("response.in_progress", {"response": begun}),
            event("response.output_item.added", {**where, "item": item}),
        ]
        done_item = self._item(a, True)
        if a.tool:
            pieces = up.split(a.arguments_json, ok.chunks)
            content = [
                event("response.function_call_arguments.delta", {**at, "delta": p}) for p in pieces
            ]
            tail = [
                event(
                    "response.function_call_arguments.done", {**at, "arguments": a.arguments_json}
                )
            ]
        else:
            text_part: JSONObject = {"type": "output_text", "text": "", "annotations": []}
            head.append(
                event("response.content_part.added", {**at, "content_index": 0, "part": text_part})
            )
            content = [
                event(
                    "response.output_text.delta",
                    {**at, "content_index": 0, "delta": p, "logprobs": []},
                )
                for p in up.split(a.text, ok.chunks)
            ]
            tail = [
                event("response.output_text.done", {**at, "content_index": 0, "text": a.text}),
                event(
                    "response.content_part.done",
                    {**at, "content_index": 0, "part": {**text_part, "text": a.text}},
                ),
            ]
        tail.append(event("response.output_item.done", {**where, "item": done_item}))
        final = self._response(a, [done_item], ok.usage, "completed")
        return up.Frames(
            head=tuple(head),
            content=tuple(content),
            tail=tuple(tail),
            done=(event("response.completed", {"response": final}),),
        )

    def frame(self, payload: bytes) -> bytes:
        return b"event: error\ndata: " + up._one_line(payload) + b"\n\n"
