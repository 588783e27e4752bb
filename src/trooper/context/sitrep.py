"""The SITREP: a rule-based situation report on the turns that compaction drops.

No LLM is called: sentences are sorted by patterns (constraint, task, action, resolution), the
named things are ranked by how often and how lately they were mentioned, and the result is one
JSON object with exactly these fields:

    intent, stage, constraints, active_entities, open_loops, recent_actions, resolved_loops,
    confidence

    >>> msgs = [Message("user", [TextPart("I'm building a proxy called Trooper. It must stay "
    ...                                    "local-first. TODO: streaming.")])]
    >>> s = extract_sitrep(msgs)
    >>> s.intent, s.constraints, s.open_loops
    ("I'm building a proxy called Trooper.", ['It must stay local-first.'], ['TODO: streaming.'])
    >>> render_sitrep(s, 200).startswith('[TROOPER_SITREP]{"intent":')
    True

Only the most recent ``WINDOW_CHARS`` characters of the middle are read (each message clipped
to ``MESSAGE_CHARS``, head and tail), so the cost is bounded whatever the conversation's size.
``render_sitrep`` shrinks the lists (least valuable items first) until the rendering fits its
token budget, so the JSON is always whole. ``confidence`` is the share of extracted items that
survived that shrinking (1.0: nothing had to be cut; 0.0: nothing was found).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace

import orjson

from trooper.context.literals import Phrases
from trooper.context.tokens import estimate_text
from trooper.model.conversation import (
    JSONObject,
    JSONValue,
    Message,
    TextPart,
    ToolCallPart,
    ToolResultPart,
)
from trooper.slices import Steps, drain

OPEN_TAG = "[TROOPER_SITREP]"
CLOSE_TAG = "[/TROOPER_SITREP]"
WINDOW_CHARS = 16_000
MESSAGE_CHARS = 3_000
ITEM_CHARS = 96
LIMITS = {
    "constraints": 8,
    "active_entities": 24,
    "open_loops": 8,
    "recent_actions": 8,
    "resolved_loops": 6,
}
# When the rendering is too big the longest list loses its least valuable item; on a tie, the
# list named first here.
_SHRINK_ORDER = ("resolved_loops", "recent_actions", "active_entities", "constraints", "open_loops")

# Markers are matched in lowercased text (three times faster than IGNORECASE), all in one scan:
# a regex pass per kind, or per sentence, would cost more than the rest of the extraction. The
# scan looks for the phrases first (:class:`~trooper.context.literals.Phrases`).
_MARK_WORDS = {
    "todo": r"todo|fixme|tbd|pending|still (?:need|have) to|next step|not yet|haven't|hasn't|"
    r"follow[- ]up|open question",
    "need": r"(?:i|we) (?:still )?need to|needs? to be|remaining",
    "intent": r"i(?:'m| am) (?:building|making|writing|working on|trying to)|i (?:want|need|"
    r"would like) (?:to|you to)|we(?:'re| are) (?:currently )?(?:building|making|writing|"
    r"working on|solving|fixing)|help me|"
    r"(?:my|our|the) goal|trying to|let's (?:build|make|create|write|implement|add|fix)|"
    r"(?:can|could) you (?:help|write|build|create|make|implement|fix|add)",
    "constraint": r"must(?:n't| not)?|never|always|don't|do not|shouldn't|should not|only use|"
    r"use only|without|no more than|at most|at least|required?|requirements?|constraints?|avoid|"
    r"make sure|ensure|has to|have to|cannot|can't",
    "resolved": r"fixed|resolved|solved|works now|working now|now works|passe[sd]|done|"
    r"completed?|succeeded|successfully|merged|deployed|no longer",
}
_MARKS = Phrases(
    r"(?<![a-z0-9_])(?:"
    + "|".join(f"(?P<{kind}>{words})" for kind, words in _MARK_WORDS.items())
    + r")\b",
    "|".join(_MARK_WORDS.values()),
)
_ACTION_WORDS = (
    r"i(?:'ll| will|'m going to| am going to|'ve| have)|let(?:'s| me| us)|"
    r"we(?:'ll| will|'ve| have)|now,? (?:i|we|let)|next,? |first,? |then,? "
)
_ACTION = Phrases(rf"(?:^|(?<=[.!?] ))(?:{_ACTION_WORDS})", _ACTION_WORDS, re.MULTILINE)
_QUESTION = re.compile(r"\?(?=\s|$)")
_BOUNDARY = re.compile(r"[.!?](?=\s)|\n")
_USER_ONLY = frozenset({"intent", "constraint", "need"})
_STAGES = (
    ("wrapping_up", re.compile(r"\b(?:" + _MARK_WORDS["resolved"] + r"|thanks|thank you|lgtm)")),
    ("debugging", re.compile(r"\b(?:traceback|error|exception|fail\w*|crash\w*|broken|bug)\b")),
    ("verifying", re.compile(r"\b(?:tests?|testing|pytest|verif\w+|reproduc\w+)\b")),
    ("planning", re.compile(r"\b(?:plan\w*|design|architecture|approach|should we)\b")),
)
_EXTENSION_LIST = (
    "py go js ts tsx jsx rs java c h cc cpp hpp md json yaml yml toml txt sh sql html css"
)
_EXTENSIONS = frozenset(_EXTENSION_LIST.split())
_PLAIN = r"\.?[^\sA-Z/_.a-z\x80-\U0010ffff]*+[a-z][^\sA-Z/_.\x80-\U0010ffff]*+\.?(?!\S)"
"""A word that is surely plain lowercase prose: ASCII, a lowercase letter, no capital, no ``/``,
``_``, nor ``.`` but at its ends. Possessive (``*+``): no backtracking, whatever the word."""
_NEXT_UNUSUAL = re.compile(rf"(?:\s++|{_PLAIN})*+(\S+)")
"""Passes over spaces and plain words, in C, to the next word that may not be plain."""
_LINE_BREAK = re.compile("[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
"""What ``str.splitlines`` splits on."""
_CODE_PUNCTUATION = re.compile(r"[()\[\]{}=,'\"<>;|]+")
_BACKTICK = re.compile(r"`([^`\n]{2,48})`")
_STRIP = "\"'()[]{}<>,;:!?*`.“”‘’"
_COMMON_WORDS = """the this that these those its you your yours our they their there here what
    when where why how which who whom let lets now then next first also yes okay please thanks
    thank sure great note however finally are does can could would should will not just after before
    since while once because instead otherwise example step use make add run check open error
    warning true false none hello dear best regards sorry good new found file line current
    directory and but for with from into onto about above below some any each every all one two
    may might must need here's there's it's i'm i've we're we'll you're don't can't won't
    """
_COMMON = frozenset(_COMMON_WORDS.split())
_KEYWORD_WORDS = """this that with from have will what when where which there their about would
    could should into then than them they been were does done fixed resolved solved works working
    pending need needs still todo just also some more very your yours please thanks"""
_KEYWORD_STOP = frozenset(_KEYWORD_WORDS.split())
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
_FENCE = re.compile(r"```[\w+-]*\n(.*?)```", re.DOTALL)
_WORD = re.compile(r"[a-z][a-z0-9_]{3,}")
_SOURCE_WEIGHT = {"user": 3.0, "assistant": 2.0, "call": 2.0, "tool": 1.0}


@dataclass(slots=True)
class Sitrep:
    """The state of a conversation's dropped middle, as the seed's example shows it."""

    intent: str = ""
    stage: str = "in_progress"
    constraints: list[str] = field(default_factory=list)
    active_entities: list[str] = field(default_factory=list)
    open_loops: list[str] = field(default_factory=list)
    recent_actions: list[str] = field(default_factory=list)
    resolved_loops: list[str] = field(default_factory=list)
    confidence: float = 0.0

    def as_json(self) -> JSONObject:
        lists: dict[str, JSONValue] = {k: list[JSONValue](self._list(k)) for k in LIMITS}
        return {
            "intent": self.intent,
            "stage": self.stage,
            "constraints": lists["constraints"],
            "active_entities": lists["active_entities"],
            "open_loops": lists["open_loops"],
            "recent_actions": lists["recent_actions"],
            "resolved_loops": lists["resolved_loops"],
            "confidence": self.confidence,
        }

    def render(self) -> str:
        """``[TROOPER_SITREP]{...}[/TROOPER_SITREP]``, compact JSON."""
        return OPEN_TAG + orjson.dumps(self.as_json()).decode() + CLOSE_TAG

    def item_count(self) -> int:
        return (1 if self.intent else 0) + sum(len(self._list(k)) for k in LIMITS)

    def _list(self, name: str) -> list[str]:
        value: list[str] = getattr(self, name)
        return value


@dataclass(slots=True)
class _Snippet:
    source: str  # "user", "assistant", "call" (a tool call) or "tool" (a tool's output)
    text: str


def clip(text: str, limit: int = ITEM_CHARS) -> str:
    """``text`` on one line, cut at a word boundary to at most ``limit`` characters."""
    flat = " ".join(text.split()).strip(" -*#>•")
    if len(flat) <= limit:
        return flat
    cut = flat.rfind(" ", 0, limit - 1)
    return flat[: cut if cut > limit // 2 else limit - 1] + "…"


def _clip_middle(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    half = limit // 2
    return text[:half] + "\n" + text[-half:]


def _call_text(part: ToolCallPart) -> str:
    args = [v for v in part.arguments.values() if isinstance(v, str | int | float)]
    shown = " ".join(str(a).split("\n", 1)[0] for a in args)
    return clip(f"{part.name}: {shown}" if shown else part.name, 80)


def _snippets(message: Message) -> Iterator[_Snippet]:
    for part in message.parts:
        if isinstance(part, TextPart) and part.text:
            yield _Snippet(message.role, part.text)
        elif isinstance(part, ToolCallPart):
            yield _Snippet("call", _call_text(part))
        elif isinstance(part, ToolResultPart):
            yield _Snippet("tool", part.text())


def _window(messages: Sequence[Message]) -> list[_Snippet]:
    """The latest snippets, newest last, up to ``WINDOW_CHARS`` characters."""
    out: list[_Snippet] = []
    left = WINDOW_CHARS
    for message in reversed(messages):
        for snip in reversed(list(_snippets(message))):
            snip.text = _clip_middle(snip.text, MESSAGE_CHARS)
            out.append(snip)
            left -= len(snip.text)
        if left <= 0:
            break
    out.reverse()
    return out


def _sentences(text: str) -> Iterator[str]:
    for raw in _SENTENCE.split(_FENCE.sub(" ", text)):
        sentence = raw.strip()
        if 8 <= len(sentence) <= 600:
            yield sentence


def _sentence_at(text: str, pos: int) -> tuple[int, str]:
    """The sentence around ``pos`` in ``text``: where it starts, and its text."""
    low = max(0, pos - 600)
    start = low
    for mark in ("\n", ". ", "! ", "? "):
        found = text.rfind(mark, low, pos)
        if found >= 0:
            start = max(start, found + len(mark))
    end = _BOUNDARY.search(text, pos)
    stop = min(end.end() if end else len(text), start + 600)
    return start, text[start:stop].strip()


@dataclass(slots=True)
class _Found:
    intents: list[str] = field(default_factory=list)
    constraints: list[str] = field(default_factory=list)
    todos: list[tuple[int, str]] = field(default_factory=list)
    resolved: list[tuple[int, str]] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)


def _lower(text: str) -> str:
    """``text`` lowercased, character for character (positions must not move)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)  # rare: "İ" and kin


def _marked(source: str, text: str) -> dict[int, tuple[str, set[str]]]:
    """The sentences of ``text`` that markers mark, by start: (sentence, marks)."""
    low = _lower(text)
    found: list[tuple[int, str]] = []
    for match in _MARKS.finditer(low):
        kind = match.lastgroup or ""
        if source == "user" or kind not in _USER_ONLY:
            found.append((match.start(), kind))
    if source == "user":
        found += [(m.start(), "question") for m in _QUESTION.finditer(text)]
    else:
        found += [(m.start(), "action") for m in _ACTION.finditer(low)]
    marked: dict[int, tuple[str, set[str]]] = {}
    for pos, kind in found:
        start, sentence = _sentence_at(text, pos)
        if len(sentence) >= 8:
            marked.setdefault(start, (sentence, set()))[1].add(kind)
    return marked


def _classify(found: _Found, index: int, snip: _Snippet) -> None:
    if snip.source == "call":
        found.actions.append(snip.text)
        return
    if snip.source == "tool":
        return
    text = snip.text
    if snip.source == "assistant" and "```" in text:
        fenced = _FENCE.findall(text)
        if fenced and fenced[-1].strip() and fenced[-1].count("\n") <= 1:
            found.actions.append(clip("ran: " + fenced[-1], 80))
        text = _FENCE.sub(" ", text)
    for start in sorted(marks := _marked(snip.source, text)):
        _file(found, index, *marks[start])


def _is_prose(sentence: str) -> bool:
    """Words, not a blob (base64, hex, a path list): two or more, of plausible length."""
    spaces = sentence.count(" ")
    return spaces >= 1 and len(sentence) < 16 * (spaces + 1)


def _file(found: _Found, index: int, sentence: str, marks: set[str]) -> None:
    if not _is_prose(sentence):
        return
    item = clip(sentence)
    if "intent" in marks:
        found.intents.append(item)
    if "constraint" in marks:
        found.constraints.append(item)
    if marks & {"todo", "need", "question"}:
        found.todos.append((index, item))
    elif "resolved" in marks:
        found.resolved.append((index, item))
    elif "action" in marks:
        found.actions.append(clip(sentence, 80))


def _stage(snippets: Sequence[_Snippet]) -> str:
    """The stage named by the latest sentence that names one (the first in ``_STAGES`` order
    when it names several); ``in_progress`` when none of the last few does."""
    for snip in reversed(snippets[-6:]):
        text = _lower(snip.text[-2000:])
        latest, named = -1, ""
        for stage, pattern in _STAGES:
            for match in pattern.finditer(text):
                if match.start() > latest:
                    latest, named = match.start(), stage
        if latest >= 0:
            # (the sentence may end before the word, after a long unbroken run: the word's own)
            sentence = _sentence_at(text, latest)[1]
            return next((stage for stage, pattern in _STAGES if pattern.search(sentence)), named)
    return "in_progress"


def _keywords(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _KEYWORD_STOP}


def _loops(found: _Found) -> tuple[list[str], list[str]]:
    """Open loops (newest first) minus those a later resolution mentions; resolved ones."""
    resolved = [text for _, text in reversed(found.resolved)]
    still_open: list[str] = []
    for index, text in reversed(found.todos):
        words = _keywords(text)
        later = [_keywords(r) for i, r in found.resolved if i > index]
        if words and any(len(words & r) >= min(2, len(words)) for r in later):
            resolved.append(text)
        else:
            still_open.append(text)
    return _unique(still_open), _unique(resolved)


def _unique(items: Sequence[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for item in items:
        key = item.lower()
        if item and key not in seen:
            seen.add(key)
            out.append(item)
    return out


def _is_number(word: str) -> bool:
    digits = sum(c.isdigit() for c in word)
    return digits >= 2 and digits + sum(c in ".,:" for c in word) == len(word)


def _kind(word: str) -> bool:
    """Whether ``word`` (stripped of punctuation) names something worth tracking."""
    if "/" in word:
        return len(word) >= 4 and any(c.isalnum() for c in word)
    if "_" in word:  # snake_case, CONSTANT_NAME
        return any(c.isalpha() for c in word)
    if word[1:] != word[1:].lower():  # CamelCase, ACRONYM (a long one is noise: base64, hex)
        return any(c.isalpha() for c in word) and (len(word) <= 6 or not word.isupper())
    if "." in word:
        return word.rsplit(".", 1)[1].lower() in _EXTENSIONS or _is_number(word)
    if word[0].isupper():
        return len(word) >= 3 and word.lower() not in _COMMON
    return _is_number(word)


def _candidates(text: str, known: dict[str, list[str]] | None = None) -> list[str]:
    """Words of ``text`` that may name something: a cheap filter before :func:`_kind`.

    A word in plain lowercase (no ``/``, ``_``, nor ``.`` but at its ends) names nothing. A
    capitalised word opening a sentence ("Furthermore") says nothing either: it counts only
    where it is capitalised mid-sentence (after a word that does not end with ``.!?:``).
    ``known`` keeps each word's :func:`_words` for the next calls (code repeats its words).
    """
    if known is None:
        known = {}
    found = _BACKTICK.findall(text)
    breaks: list[int] | None = None
    pos = 0
    while match := _NEXT_UNUSUAL.match(text, pos):
        raw = match.group(1)
        pos = match.end()
        if raw.islower() and "/" not in raw and "_" not in raw and "." not in raw[1:-1]:
            continue  # plain after all (a lowercase word with non-ASCII letters)
        word = raw.strip(_STRIP)
        if word.istitle() and word.isalpha():
            if breaks is None:
                breaks = [m.end() for m in _LINE_BREAK.finditer(text)]
            start = match.start(1)
            line = breaks[bisect_right(breaks, start) - 1] if breaks and breaks[0] <= start else 0
            if _opens(text[line:start]):
                continue
        words = known.get(raw)
        if words is None:
            words = known[raw] = _words(raw)
        found += words
    return found


def _opens(before: str) -> bool:
    """Whether a word after ``before`` (its line so far) opens a sentence: no word with a letter
    comes before it, or the last one ends with ``.!?:`` (a bullet, "-" or "1.", is passed over)."""
    while pieces := before.rsplit(None, 1):
        last = pieces[-1]
        if any(c.isalpha() for c in last):
            return last[-1] in ".!?:"
        before = pieces[0] if len(pieces) == 2 else ""
    return True


def _words(raw: str) -> list[str]:
    pieces = _CODE_PUNCTUATION.split(raw) if len(raw) > 2 else [raw]
    return [w for p in pieces if 2 <= len(w := p.strip(_STRIP)) <= 80 and _kind(w)]


def _entities(snippets: Sequence[_Snippet]) -> Steps[list[str]]:
    """Named things, ranked by mentions weighted by source and recency."""
    score: dict[str, float] = {}
    shown: dict[str, str] = {}
    total = max(1, len(snippets))
    known: dict[str, list[str]] = {}
    for index, snip in enumerate(snippets):
        weight = _SOURCE_WEIGHT[snip.source] * (1.0 + index / total)
        for text in _candidates(snip.text, known):
            key = text.lower()
            score[key] = score.get(key, 0.0) + weight
            shown.setdefault(key, text)
        yield
    ranked = sorted(score, key=lambda k: -score[k])
    return [shown[k] for k in ranked]


def _intent(found: _Found, messages: Sequence[Message], opening: Sequence[Message]) -> str:
    """The latest goal stated in the middle, else the first one stated early on, else the
    first sentence the user wrote."""
    if found.intents:
        return found.intents[-1]
    early = [m for m in [*opening, *messages[:4]] if m.role == "user"]
    sentences = [s for m in early for s in _sentences(m.text()[:MESSAGE_CHARS])]
    for sentence in sentences:
        if any(m.lastgroup == "intent" for m in _MARKS.finditer(_lower(sentence))):
            return clip(sentence)
    return clip(sentences[0]) if sentences else ""


def extract_sitrep(messages: Sequence[Message], opening: Sequence[Message] = ()) -> Sitrep:
    """Everything found in ``messages`` (the dropped middle), before any size cap.

    ``opening`` (the conversation's first turns, kept verbatim elsewhere) is read only for the
    intent, when the middle states none.
    """
    return drain(extract_sitrep_steps(messages, opening))


def extract_sitrep_steps(
    messages: Sequence[Message], opening: Sequence[Message] = ()
) -> Steps[Sitrep]:
    """:func:`extract_sitrep` in steps of one snippet (see :mod:`trooper.slices`)."""
    snippets = _window(messages)
    yield
    found = _Found()
    for index, snip in enumerate(snippets):
        _classify(found, index, snip)
        yield
    entities = yield from _entities(snippets)
    open_loops, resolved = _loops(found)
    intent = _intent(found, messages, opening)
    yield
    sitrep = Sitrep(
        intent=intent,
        stage=_stage(snippets),
        constraints=_unique(found.constraints)[-LIMITS["constraints"] :],
        active_entities=entities[: LIMITS["active_entities"]],
        open_loops=open_loops[: LIMITS["open_loops"]],
        recent_actions=_unique(found.actions)[-LIMITS["recent_actions"] :],
        resolved_loops=resolved[: LIMITS["resolved_loops"]],
    )
    sitrep.confidence = 1.0 if sitrep.item_count() else 0.0
    return sitrep


def _drop_one(sitrep: Sitrep) -> bool:
    """Remove the least valuable item; False when every list is empty."""
    longest = max(_SHRINK_ORDER, key=lambda k: (len(getattr(sitrep, k)), -_SHRINK_ORDER.index(k)))
    items: list[str] = getattr(sitrep, longest)
    if not items:
        return False
    # recent_actions are oldest first, the other lists most valuable first
    items.pop(0 if longest == "recent_actions" else -1)
    return True


def fit_sitrep(sitrep: Sitrep, max_tokens: int) -> Sitrep | None:
    """A copy of ``sitrep`` whose rendering costs at most ``max_tokens`` (None if none can)."""
    found = sitrep.item_count()
    fitted = replace(
        sitrep,
        constraints=list(sitrep.constraints),
        active_entities=list(sitrep.active_entities),
        open_loops=list(sitrep.open_loops),
        recent_actions=list(sitrep.recent_actions),
        resolved_loops=list(sitrep.resolved_loops),
    )
    while True:
        fitted.confidence = round(fitted.item_count() / found, 2) if found else 0.0
        if estimate_text(fitted.render()) <= max_tokens:
            return fitted
        if _drop_one(fitted):
            continue
        if len(fitted.intent) <= 8:
            return None
        fitted.intent = clip(fitted.intent, len(fitted.intent) // 2)


def render_sitrep(sitrep: Sitrep, max_tokens: int) -> str:
    """The tagged JSON, shrunk to ``max_tokens``; ``""`` when not even the skeleton fits."""
    fitted = fit_sitrep(sitrep, max_tokens)
    return fitted.render() if fitted is not None else ""
