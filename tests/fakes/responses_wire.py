"""OpenAI's Responses API (``POST /v1/responses``), as the OpenAI fake speaks it.

Read: the last user message's ``input_text``, the last ``function_call_output`` (when the input
ends with one), an ``input_image``'s type, the first ``function`` tool. Answer: a Response object,
or the documented SSE sequence (``event:`` + ``data:`` with ``type`` and ``sequence_number``):
response.created, response.in_progress, output_item.added (+ content_part.added), the deltas,
their ``.done`` events, output_item.done, response.completed. ``Ok(reasoning=...)`` and
``Ok(web_search=...)`` put a ``reasoning`` item (``encrypted_content``, a streamed summary) and a
``web_search_call`` item before the answer, as OpenAI streams them.
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
        head = [
            event("response.created", {"response": begun}),
            event("response.in_progress", {"response": begun}),
        ]
        before: list[JSONValue] = []  # the reasoning and web search items, done
        for steps, done in self._before(a, ok):
            head += [event(kind, payload) for kind, payload in steps]
            before.append(done)
        item = self._item(a, False)
        where: JSONObject = {"output_index": len(before)}
        at: JSONObject = {"item_id": item["id"], **where}
        head.append(event("response.output_item.added", {**where, "item": item}))
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
            tail = []
            if ok.web_search:
                cited = {"annotation_index": 0, "annotation": _citation(a.text)}
                tail.append(
                    event(
                        "response.output_text.annotation.added", {**at, "content_index": 0, **cited}
                    )
                )
                up._objs(done_item["content"])[0]["annotations"] = [_citation(a.text)]
            tail += [
                event("response.output_text.done", {**at, "content_index": 0, "text": a.text}),
                event(
                    "response.content_part.done",
                    {**at, "content_index": 0, "part": up._objs(done_item["content"])[0]},
                ),
            ]
        tail.append(event("response.output_item.done", {**where, "item": done_item}))
        final = self._response(a, [*before, done_item], ok.usage, "completed")
        return up.Frames(
            head=tuple(head),
            content=tuple(content),
            tail=tuple(tail),
            done=(event("response.completed", {"response": final}),),
        )

    @staticmethod
    def _before(a: up.Answer, ok: up.Ok) -> list[tuple[list[tuple[str, JSONObject]], JSONObject]]:
        """The items before the answer, each its events in order and its item when done:
        ``reasoning`` (its summary streamed, its ``encrypted_content`` on the item) and
        ``web_search_call``."""
        items: list[tuple[list[tuple[str, JSONObject]], JSONObject]] = []
        if ok.reasoning is not None:
            rs: JSONObject = {"id": f"rs_fake{a.id}", "type": "reasoning", "summary": []}
            rs["encrypted_content"] = ok.reasoning
            at: JSONObject = {"item_id": rs["id"], "output_index": 0, "summary_index": 0}
            summary = "**Thinking** about the answer."
            part: JSONObject = {"type": "summary_text", "text": summary}
            deltas = [
                ("response.reasoning_summary_text.delta", {**at, "delta": p, "obfuscation": "x1"})
                for p in up.split(summary, 2)
            ]
            done: JSONObject = {**rs, "summary": [part]}
            steps: list[tuple[str, JSONObject]] = [
                ("response.output_item.added", {"output_index": 0, "item": rs}),
                ("response.reasoning_summary_part.added", {**at, "part": {**part, "text": ""}}),
                *deltas,
                ("response.reasoning_summary_text.done", {**at, "text": summary}),
                ("response.reasoning_summary_part.done", {**at, "part": part}),
                ("response.output_item.done", {"output_index": 0, "item": done}),
            ]
            items.append((steps, done))
        if ok.web_search is not None:
            n = len(items)
            ws: JSONObject = {
                "id": f"ws_fake{a.id}",
                "type": "web_search_call",
                "status": "in_progress",
            }
            where: JSONObject = {"output_index": n, "item_id": ws["id"]}
            action: JSONObject = {"type": "search", "query": ok.web_search}
            done = {**ws, "status": "completed", "action": action}
            steps = [
                ("response.output_item.added", {"output_index": n, "item": ws}),
                ("response.web_search_call.in_progress", where),
                ("response.web_search_call.searching", where),
                ("response.web_search_call.completed", where),
                ("response.output_item.done", {"output_index": n, "item": done}),
            ]
            items.append((steps, done))
        return items

    def frame(self, payload: bytes) -> bytes:
        return b"event: error\ndata: " + up._one_line(payload) + b"\n\n"


def _citation(text: str) -> JSONObject:
    return {
        "type": "url_citation",
        "start_index": 0,
        "end_index": len(text),
        "url": "https://example.com/weather",
        "title": "Weather",
    }
