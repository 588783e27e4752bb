"""The routing rules: the packaged ``rules.toml``, and a user's file laid over it or in its place.

The file's shape is documented at the top of ``rules.toml``. This module only reads and merges;
:mod:`trooper.routing.classifier` compiles the result.

    >>> rules = load_rules(None)                 # the packaged defaults
    >>> rules.limits.max_words
    20
    >>> [g.name for g in rules.local][:2]
    ['meta', 'short_summaries']
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path

_TOP_KEYS = frozenset({"extends", "scorer", "limits", "words", "cloud", "local"})
_LISTS = ("words", "markers", "patterns", "cased_patterns")
_GROUP_KEYS = frozenset(
    {
        *_LISTS,
        "rule",
        "cloud_if_long_history",
        "long_turns",
        "enabled",
        "replace",
        "level",
        "first",
        "multiple_choice",
        "in_stories",
        "in_long_stories",
        "yields_to_rules",
        "reader",
        "yields_to",
    }
)
#: The operating points, least eager first: a group applies at its level and every later one.
LEVELS = ("strict", "balanced", "eager")
#: The word-by-word readers a local group may take turns from (``reader``): a one-formula
#: geometry question (routing/geometry.py), a short given text to put in another form
#: (routing/formats.py), an amount asked in another unit (routing/conversions.py), a given text's
#: language put right (routing/fixes.py)
READERS = ("geometry", "formats", "conversions", "fixes", "sums")
_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


class RulesError(ValueError):
    """A rules file that cannot be used: unreadable, bad TOML, wrong types, a broken regex."""


@dataclass(frozen=True, slots=True)
class Limits:
    max_words: int = 20
    max_chars: int = 600
    long_history_messages: int = 6
    long_history_chars: int = 4000


@dataclass(frozen=True, slots=True)
class RuleGroup:
    """Named words and patterns; any match decides the turn under ``rule``."""

    name: str
    rule: str
    words: tuple[str, ...] = ()
    markers: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    cased_patterns: tuple[str, ...] = ()
    cloud_if_long_history: str | None = None
    long_turns: bool = False
    level: str = "strict"
    first: bool = False
    multiple_choice: str | None = None
    in_stories: bool = True
    # ... and a story of several sentences before a question that asks nothing of it
    # (normalize.story_question): false where the asker's telling is no sign of the need there
    in_long_stories: bool = True
    # a multiple-choice cloud group that steps aside for a short question with short options
    # that a local rule reads and the learned scorer is confident of (classifier.py)
    yields_to_rules: bool = False
    # a local group whose decision a turn one of the word-by-word readers reads gets (one of
    # READERS), and the readers a cloud group steps aside for ("radius" is no maths in a
    # one-formula geometry question)
    reader: str | None = None
    yields_to: tuple[str, ...] = ()

    def applies_at(self, level: str) -> bool:
        """Whether the group is used at operating point ``level`` (one of :data:`LEVELS`).

        A ``multiple_choice`` group is used from its ``level`` up to the point it names, and
        only on turns whose lettered options were cut off.

        >>> RuleGroup("g", "r", level="balanced", multiple_choice="balanced").applies_at("eager")
        False
        """
        point = LEVELS.index(level)
        if self.multiple_choice is not None and point > LEVELS.index(self.multiple_choice):
            return False
        return LEVELS.index(self.level) <= point


@dataclass(frozen=True, slots=True)
class RuleSet:
    """Everything the classifier needs, in checking order. ``words`` fills ``{name}``."""

    limits: Limits
    words: tuple[tuple[str, str], ...]
    cloud: tuple[RuleGroup, ...]
    local: tuple[RuleGroup, ...]
    # whether the learned scorer may send a short turn no rule matched local (routing/scorer.py)
    scorer: bool = True
    # the packaged rules alone, every pattern of which the test suite compiles on its own: the
    # classifier skips that check for them (a third of its start-up time)
    packaged: bool = False

    def expand(self, pattern: str) -> str:
        """``pattern`` with every ``{name}`` replaced by its ``[words]`` alternation (an entry
        may name others: ``named`` holds ``{not_named}``)."""
        words = dict(self.words)
        filling: list[str] = []

        def fill(match: re.Match[str]) -> str:
            name = match.group(1)
            if name not in words:
                raise RulesError(
                    f"unknown {{{name}}} in pattern {pattern!r}: no such [words] entry"
                )
            if name in filling:
                raise RulesError(f"[words] entry {name!r} names itself in pattern {pattern!r}")
            filling.append(name)
            filled = _PLACEHOLDER.sub(fill, words[name])
            filling.pop()
            return filled

        return _PLACEHOLDER.sub(fill, pattern)


@dataclass(frozen=True, slots=True)
class _GroupSpec:
    """A group as written in a file: every field optional, so it can amend a default group."""

    name: str
    rule: str | None
    lists: dict[str, tuple[str, ...]]
    cloud_if_long_history: str | None
    long_turns: bool | None
    enabled: bool
    replace: bool
    level: str | None
    first: bool | None
    multiple_choice: str | None
    in_stories: bool | None
    in_long_stories: bool | None
    yields_to_rules: bool | None
    reader: str | None
    yields_to: tuple[str, ...] | None


def load_rules(path: str | os.PathLike[str] | None) -> RuleSet:
    """The packaged rules, or a user's file extending or replacing them (``extends``)."""
    defaults = _build(_parse_toml(_packaged_text(), "packaged rules.toml"), None)
    if path is None:
        return replace(defaults, packaged=True)
    source = os.fspath(path)
    try:
        text = Path(source).read_text(encoding="utf-8")
    except OSError as exc:
        raise RulesError(f"cannot read rules file {source}: {exc.strerror}") from exc
    doc = _parse_toml(text, source)
    extends = doc.get("extends", True)
    if not isinstance(extends, bool):
        raise RulesError(f"{source}: 'extends' must be true or false")
    return _build(doc, defaults if extends else None)


def _packaged_text() -> str:
    return resources.files("trooper.routing").joinpath("rules.toml").read_text(encoding="utf-8")


def _parse_toml(text: str, source: str) -> dict[str, object]:
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RulesError(f"{source}: {exc}") from exc
    unknown = set(doc) - _TOP_KEYS
    if unknown:
        raise RulesError(f"{source}: unknown keys {sorted(unknown)}")
    return doc


def _build(doc: dict[str, object], base: RuleSet | None) -> RuleSet:
    """A rule set from a parsed file, laid over ``base`` (extends) or standing alone."""
    limits = _limits(_table(doc, "limits"), base.limits if base else Limits())
    words = _words(_table(doc, "words"), dict(base.words) if base else {})
    cloud = _groups(_table(doc, "cloud"), "cloud", base.cloud if base else ())
    local = _groups(_table(doc, "local"), "local", base.local if base else ())
    # a file that replaces the rules stands alone: the scorer, fitted to the packaged rules, is
    # off unless the file turns it on
    scorer = doc.get("scorer", base.scorer if base else False)
    if not isinstance(scorer, bool):
        raise RulesError("'scorer' must be true or false")
    return RuleSet(limits, tuple(words.items()), cloud, local, scorer)


def _table(doc: dict[str, object], key: str) -> dict[str, object]:
    value = doc.get(key, {})
    if not isinstance(value, dict):
        raise RulesError(f"[{key}] must be a table")
    return value


def _limits(table: dict[str, object], base: Limits) -> Limits:
    values = {
        "max_words": base.max_words,
        "max_chars": base.max_chars,
        "long_history_messages": base.long_history_messages,
        "long_history_chars": base.long_history_chars,
    }
    for key, value in table.items():
        if key not in values:
            raise RulesError(f"[limits]: unknown key {key!r}")
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise RulesError(f"[limits] {key} must be a whole number >= 0")
        values[key] = value
    return Limits(**values)


def _words(table: dict[str, object], words: dict[str, str]) -> dict[str, str]:
    """``[words]`` entries; one that already exists gets the new alternatives appended."""
    for name, value in table.items():
        if not isinstance(value, str) or not value.strip():
            raise RulesError(f"[words] {name} must be a non-empty string")
        if not _PLACEHOLDER.fullmatch("{" + name + "}"):
            raise RulesError(f"[words] {name!r}: use lower-case letters, digits and _")
        words[name] = f"{words[name]}|{value}" if name in words else value
    return words


def _groups(
    table: dict[str, object], kind: str, base: tuple[RuleGroup, ...]
) -> tuple[RuleGroup, ...]:
    """``base`` amended by the file's groups (same name), then the file's new groups."""
    groups: dict[str, RuleGroup | None] = {g.name: g for g in base}
    for name, raw in table.items():
        spec = _spec(kind, name, raw)
        groups[name] = _apply(spec, groups.get(name), kind)
    return tuple(g for g in groups.values() if g is not None)


def _spec(kind: str, name: str, raw: object) -> _GroupSpec:
    where = f"[{kind}.{name}]"
    if not isinstance(raw, dict):
        raise RulesError(f"{where} must be a table")
    unknown = set(raw) - _GROUP_KEYS
    if unknown:
        raise RulesError(f"{where}: unknown keys {sorted(unknown)}")
    long_turns = _optional_flag(raw, "long_turns", where)
    level = _optional_str(raw, "level", where)
    if level is not None and level not in LEVELS:
        raise RulesError(f"{where} level must be one of {', '.join(LEVELS)}, got {level!r}")
    multiple_choice = _optional_str(raw, "multiple_choice", where)
    if multiple_choice is not None and multiple_choice not in LEVELS[1:]:
        raise RulesError(
            f"{where} multiple_choice must be one of {', '.join(LEVELS[1:])} (the most eager "
            f"point the group is used at), got {multiple_choice!r}"
        )
    return _GroupSpec(
        name=name,
        rule=_optional_str(raw, "rule", where),
        lists={key: _strings(raw, key, where) for key in _LISTS if key in raw},
        cloud_if_long_history=_optional_str(raw, "cloud_if_long_history", where),
        long_turns=long_turns,
        enabled=_flag(raw, "enabled", True, where),
        replace=_flag(raw, "replace", False, where),
        level=level,
        first=_optional_flag(raw, "first", where),
        multiple_choice=multiple_choice,
        in_stories=_optional_flag(raw, "in_stories", where),
        in_long_stories=_optional_flag(raw, "in_long_stories", where),
        yields_to_rules=_optional_flag(raw, "yields_to_rules", where),
        reader=_optional_str(raw, "reader", where),
        yields_to=_strings(raw, "yields_to", where) if "yields_to" in raw else None,
    )


def _check_kind(spec: _GroupSpec, kind: str, where: str) -> None:
    """Raise :class:`RulesError` if ``spec`` sets a key its ``kind`` of group does not take."""
    for key, (belongs, any_value) in _KIND_OF_KEY.items():
        value = getattr(spec, key)
        if belongs != kind and (value is not None if any_value else value):
            raise RulesError(f"{where}: {key} is for {belongs} groups")


# the keys only one kind of group takes, and whether any value is an error in the other kind
# (else only a true one: "first = false" in a cloud group says nothing wrong)
_KIND_OF_KEY = {
    "cloud_if_long_history": ("local", True),
    "long_turns": ("cloud", False),
    "first": ("local", False),
    "in_stories": ("cloud", True),
    "in_long_stories": ("cloud", True),
    "reader": ("local", True),
    "yields_to": ("cloud", True),
}


def _apply(spec: _GroupSpec, base: RuleGroup | None, kind: str) -> RuleGroup | None:
    """The group ``spec`` describes, amending ``base`` if there is one; None if disabled."""
    where = f"[{kind}.{spec.name}]"
    if not spec.enabled:
        return None
    keep = base is not None and not spec.replace
    lists = {key: (getattr(base, key) if keep else ()) + spec.lists.get(key, ()) for key in _LISTS}
    if not any(lists.values()):
        raise RulesError(f"{where} has no words, markers or patterns")
    _check_kind(spec, kind, where)
    level = spec.level or (base.level if base else "strict")
    multiple_choice = spec.multiple_choice or (base.multiple_choice if base else None)
    if multiple_choice is not None and LEVELS.index(multiple_choice) < LEVELS.index(level):
        raise RulesError(f"{where}: multiple_choice {multiple_choice!r} is below level {level!r}")
    yields = _inherit(spec.yields_to_rules, base.yields_to_rules if base else False)
    if yields and (kind != "cloud" or multiple_choice is None):
        raise RulesError(f"{where}: yields_to_rules is for multiple-choice cloud groups")
    reader = spec.reader if spec.reader is not None else (base.reader if base else None)
    reader = None if reader == "none" else reader  # (a user file takes a reader off)
    yields_to = spec.yields_to if spec.yields_to is not None else (base.yields_to if base else ())
    if not set(yields_to) <= set(READERS):
        raise RulesError(f"{where}: yields_to names readers: {', '.join(READERS)}")
    if reader is not None and reader not in READERS:
        raise RulesError(f"{where}: reader must be one of {', '.join(READERS)}, got {reader!r}")
    return RuleGroup(
        name=spec.name,
        rule=spec.rule or (base.rule if base else spec.name.replace("_", " ")),
        words=lists["words"],
        markers=lists["markers"],
        patterns=lists["patterns"],
        cased_patterns=lists["cased_patterns"],
        cloud_if_long_history=spec.cloud_if_long_history
        or (base.cloud_if_long_history if base else None),
        long_turns=_inherit(spec.long_turns, base.long_turns if base else False),
        level=level,
        first=_inherit(spec.first, base.first if base else False),
        multiple_choice=multiple_choice,
        in_stories=_inherit(spec.in_stories, base.in_stories if base else True),
        in_long_stories=_inherit(spec.in_long_stories, base.in_long_stories if base else True),
        yields_to_rules=yields,
        reader=reader,
        yields_to=yields_to,
    )


def _inherit(value: bool | None, base: bool) -> bool:
    return base if value is None else value


def _optional_flag(raw: dict[str, object], key: str, where: str) -> bool | None:
    value = raw.get(key)
    if value is not None and not isinstance(value, bool):
        raise RulesError(f"{where} {key} must be true or false")
    return value


def _strings(raw: dict[str, object], key: str, where: str) -> tuple[str, ...]:
    value = raw[key]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise RulesError(f"{where} {key} must be a list of non-empty strings")
    return tuple(value)


def _optional_str(raw: dict[str, object], key: str, where: str) -> str | None:
    value = raw.get(key)
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise RulesError(f"{where} {key} must be a non-empty string")
    return value


def _flag(raw: dict[str, object], key: str, default: bool, where: str) -> bool:
    value = raw.get(key, default)
    if not isinstance(value, bool):
        raise RulesError(f"{where} {key} must be true or false")
    return value
