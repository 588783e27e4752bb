"""The deterministic router: does this turn need the cloud, or can the local model answer it?

Rule-based: no model call, no network, a few microseconds. It reads the latest user turn and what
the request shows (tools, images, how long the history is) and applies the rules of
``rules.toml`` (the order is documented there). A short turn no rule matches meets the learned
scorer (:mod:`trooper.routing.scorer`, from ``balanced`` up): local if it scores high enough, as
``scored simple turn``; anything else it does not recognise goes to the cloud.
The operating point (``strict``, ``balanced``, ``eager``) chooses which groups apply; above
``strict`` the rules read the question without its wrapping or context, in one canonical form
(:mod:`trooper.routing.normalize`), and the cloud groups also read the context set aside.

    >>> from trooper.model.conversation import ChatRequest, Message, TextPart
    >>> router = Classifier.from_file(None)
    >>> ask = lambda text: ChatRequest("m", [Message("user", [TextPart(text)])])
    >>> router.classify(ask("how many days in a week")).header()
    'ollama (simple turn) | cloud skipped'
    >>> router.classify(ask("explain why goroutines are better than threads")).header()
    'cloud (reasoning)'

Speed comes from four choices: word lists are not run as regexes: every group's words and
phrases are found among the turn's words in one pass of an Aho-Corasick automaton; the regexes
run on the lower-cased turn without IGNORECASE (which would defeat the regex engine's
literal-prefix scan); a group's regexes only run when no earlier group's words already
matched; and each pattern runs only when the turn holds the strings its matches need
(:func:`trooper.routing.prefilter.clauses`), all found in one pass of another automaton
(:class:`_Gate`): a turn meets a few patterns, not two hundred.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from trooper.automaton import automaton, values
from trooper.model.conversation import ChatRequest, DocumentPart, ImagePart, ToolResultPart
from trooper.routing.conversions import UNITS as CONVERSION_UNITS
from trooper.routing.conversions import converts
from trooper.routing.fixes import given_fix
from trooper.routing.formats import given_form
from trooper.routing.geometry import UNITS as SIZE_UNITS
from trooper.routing.geometry import one_formula
from trooper.routing.normalize import (
    END_MARKS,
    NUMBER_WORDS,
    PURPOSE_REMARK,
    STORY_WORDS,
    SUBJECT_LEFT_OUT,
    counted_story,
    given_story,
    last_sentence,
    measured_story,
    options_in_words,
    respelled,
    story_question,
    unwrap,
    without_chat_end,
    without_chat_start,
    without_politeness,
    writing_not_asked,
)
from trooper.routing.origins import FIRST_LABEL, countries_apart, options_of
from trooper.routing.prefilter import Clauses, clauses, guarded
from trooper.routing.rules import LEVELS, RuleGroup, RulesError, RuleSet, load_rules
from trooper.routing.scorer import Scorer
from trooper.routing.sums import hides_an_amount, one_step

_TOKEN = re.compile(r"[\w+#]+(?:'\w+)*")
# A negation in a context sentence ("I can't remember. Who wrote Emma?") says nothing about the
# question: it is a trick question only inside the question itself.
_NEGATION = re.compile(
    r"\b(?:not|never|(?:do|does|did|is|are|was|were|ca|can|could|would|should|wo|have|has|had)"
    r"n['’]?t|cannot)\b",
    re.IGNORECASE,
)
_ANCHOR = "\\A"
# A sentence in which the asker tells their own story: in the first person, said or left out,
# asking nothing of the model ("I'm planning a trip to Egypt.", "My boss wrote 'ASAP' in an
# email.", "Just started piano lessons."), unlike "I want you to ...", "I need a detailed
# answer." or "Please be brief."; or about something of theirs ("The sticker on my car door says
# 32 psi.")
_STORY = re.compile(
    r"\A\s*(?:i|i['’](?:m|ve|d|ll)|my|we|we['’](?:re|ve|d|ll)|our"
    # (what the answer is for, in a few words: "need it for my trip", "it's for my class")
    rf"|{PURPOSE_REMARK}"
    r"|(?:the|a|an|this)\s[^.!?,]{0,40}?\b(?:my|our)"
    rf"|{SUBJECT_LEFT_OUT})\b"
    r"(?!\s+(?:need|needs|want|wants|would|wish|like|prefer|require|expect|ask)\b)"
    r"(?![^.!?]*\b(?:you|your|yours|please)\b)",
    re.IGNORECASE,
)
# (a context this short that ends with a colon is a label, not the asker's story)
_LABEL_WORDS = 4
# A question over the word limit read whole by a word-by-word reader, up to this many words
_READ_WHOLE_WORDS = 28
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+")
# A question that points back ("Who wrote it?") needs what it points to: the scorer leaves it to
# the rules, as the reading of a question's core does (routing/normalize.py).
_POINTER = r"\b(?:it|its|that|this|these|those|they|them|their|he|she|him|her|his)\b"
_POINTS_BACK = re.compile(_POINTER, re.IGNORECASE)
# (the same on an ASCII turn lower-cased, behind its first letters: a third of the cost)
_POINTS_BACK_LOWER = re.compile(guarded(_POINTER) or _POINTER)


def tokenize(text: str) -> list[str]:
    """The lower-case words of ``text``, as ``words`` entries are matched.

    >>> tokenize("What's C++? tl;dr")
    ["what's", 'c++', 'tl', 'dr']
    """
    return _TOKEN.findall(text.lower().replace("’", "'"))


@dataclass(frozen=True, slots=True)
class Decision:
    """Where a request goes and the rule that sent it there.

    ``group`` names the rules-file group (or built-in check) that matched; it is for logs and
    does not take part in equality.
    """

    local: bool
    rule: str
    group: str = field(default="", compare=False)

    def header(self) -> str:
        """The ``X-Trooper-Decision`` value: ``ollama (simple turn) | cloud skipped``."""
        if self.local:
            return f"ollama ({self.rule}) | cloud skipped"
        return f"cloud ({self.rule})"


@dataclass(frozen=True, slots=True)
class _Pattern:
    """One search a group makes, compiled alone, and what its matches need.

    ``regex`` None: the group's markers (plain strings: found by the gate's pass itself).
    ``cased``: searched on the turn as written, not lower-cased. ``needs``: clauses of strings
    (:func:`trooper.routing.prefilter.clauses`), to be found in the lower-cased turn; empty
    for the group's patterns that need nothing rare, searched together on every turn.
    """

    regex: re.Pattern[str] | None
    cased: bool
    needs: Clauses


@dataclass(slots=True)
class _Group:
    """One rule group, compiled: its regexes and the decisions it makes.

    ``regexes`` run on the lower-cased turn: the markers, the patterns anchored with ``\\A``
    (merged under one anchor, so they cost one attempt), and the other patterns; ``cased`` runs
    on the turn as written. ``gated`` holds the same searches one pattern at a time, each with
    what its matches need (None until :meth:`gate` has built them: until then a turn meets the
    whole alternations, with the same decisions). The group's words are looked up separately.
    """

    markers: re.Pattern[str] | None
    regexes: tuple[re.Pattern[str], ...]
    cased: re.Pattern[str] | None
    decision: Decision
    long_history: Decision | None
    # the group's strings and expanded patterns: markers, floating, anchored, cased
    sources: tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]
    gated: tuple[_Pattern, ...] | None = None

    def gate(self) -> None:
        markers, floating, anchored, cased = self.sources
        self.gated = (
            *([_Pattern(None, False, (markers,))] if markers else []),
            *_patterns(floating, guard=True),
            *_patterns(anchored, _ANCHOR),
            *_patterns(cased, guard=True, cased=True),
        )

    def matches(self, text: str, lower: str) -> bool:
        if self.markers is not None and self.markers.search(lower):
            return True
        for regex in self.regexes:
            if regex.search(lower):
                return True
        return self.cased is not None and self.cased.search(text) is not None


class _Markers:
    """The markers of the groups a long turn meets, in one Aho-Corasick automaton: one pass over a
    paste finds which group's markers occur first in checking order (a regex alternation of
    literals tries each at every position: 150 µs on a typical 1,000-character paste).

    >>> code = _Markers((("```", "def "), ("import ",)))
    >>> code.first("see: ``` import os"), code.first("import os"), code.first("prose")
    (0, 1, None)
    """

    __slots__ = ("_automaton",)

    def __init__(self, markers: tuple[tuple[str, ...], ...]) -> None:
        first: dict[str, int] = {}
        for index, strings in enumerate(markers):
            for marker in strings:
                first.setdefault(marker, index)
        self._automaton = automaton(first)

    def first(self, lower: str) -> int | None:
        """The index of the first group one of whose markers occurs in ``lower``; None if none."""
        if self._automaton is None:
            return None
        best = None
        for index in values(self._automaton, lower):
            if best is None or index < best:
                if index == 0:
                    return 0
                best = index
        return best


class _Gate:
    """Every search of a table's groups, each behind the strings its matches need.

    One pass of an Aho-Corasick automaton over the turn finds which of those strings it holds;
    only the searches whose every clause is met run (few, on most turns), in group order, and
    a group's markers need no search at all. On ASCII text only (where the needs hold).

    The strings found and the searches to run are bits of two integers, and each string's
    value in the automaton is its own bit with the searches it opens: a decision allocates no
    set, and touches little memory (a server's caches are cold between requests).
    """

    __slots__ = ("_always", "_automaton", "_searches")

    def __init__(self, groups: tuple[_Group, ...], scanned: tuple[int, ...]) -> None:
        atoms: dict[str, int] = {}
        opens: list[int] = []  # per atom, the searches whose first clause it meets (bits)
        always = 0
        # (group index, regex or None for the markers, cased, the other clauses' atom bits)
        searches: list[tuple[int, re.Pattern[str] | None, bool, tuple[int, ...]]] = []
        for index in scanned:
            for pattern in groups[index].gated or ():
                clauses = [_atom_bits(c, atoms, opens) for c in pattern.needs]
                search = len(searches)
                searches.append((index, pattern.regex, pattern.cased, tuple(clauses[1:])))
                if clauses:
                    for atom in pattern.needs[0]:
                        opens[atoms[atom]] |= 1 << search
                else:
                    always |= 1 << search
        self._searches = tuple(searches)
        self._always = always
        self._automaton = automaton({a: (1 << i, opens[i]) for a, i in atoms.items()})

    def first(self, text: str, lower: str, before: int) -> int:
        """The index of the first group (below ``before``) one of whose searches matches."""
        present, todo = 0, self._always
        if self._automaton is not None:
            for bit, opened in values(self._automaton, lower):
                present |= bit
                todo |= opened
        searches = self._searches
        while todo:
            low = todo & -todo
            todo ^= low
            index, regex, cased, rest = searches[low.bit_length() - 1]
            if index >= before:
                break
            for clause in rest:
                if not present & clause:
                    break
            else:
                if regex is None or regex.search(text if cased else lower):
                    return index
        return before


def _atom_bits(clause: tuple[str, ...], atoms: dict[str, int], opens: list[int]) -> int:
    """The bits of a clause's strings (any one of them meets it), numbering new ones."""
    bits = 0
    for atom in clause:
        if atom not in atoms:
            atoms[atom] = len(atoms)
            opens.append(0)
        bits |= 1 << atoms[atom]
    return bits


@dataclass(frozen=True, slots=True)
class _Reader:
    """A word-by-word reader (``reader`` in rules.toml): the local group whose decision what it
    reads gets, its test, the cloud groups that step aside for it, and the others, whose table
    still reads the turn."""

    group: _Group
    reads: Callable[[str], bool]
    # (a question with the sentence of a story that gives its amounts: None if it reads none)
    reads_story: Callable[[str], bool] | None
    yielding: frozenset[str]
    # (None when no cloud group yields to it: it is asked only about a turn no group matched)
    beside: _Table | None
    # (whether it reads a sum's amounts: with the context the question reader set aside from the
    # question, and in up to two sentences of a story)
    counts: bool = False


@dataclass(slots=True)
class _Table:
    """The groups one kind of turn meets, in checking order, and the index of their words.

    ``searches``: their patterns behind what each needs (None until :meth:`gate` builds it).
    """

    groups: tuple[_Group, ...]
    long_turn_groups: tuple[_Group, ...]
    # " word " and " some phrase " -> the first group listing it, in an Aho-Corasick automaton
    words: Any
    # the groups with something to search for beyond their words, by index
    scanned: tuple[int, ...]
    searches: _Gate | None = None

    @classmethod
    def build(
        cls,
        local: list[RuleGroup],
        cloud: list[RuleGroup],
        rules: RuleSet,
        compiled: dict[tuple[int, bool], _Group],
    ) -> _Table:
        """``compiled``: the groups compiled so far, shared by one classifier's tables (a group
        meets several tables, and compiling its patterns is most of the start-up time)."""
        # A `first` local group matches whole turns of a fixed form, so no cloud word inside
        # one ("radius" in "area of a circle with radius 2") can make it anything else.
        ordered = (
            [(g, True) for g in local if g.first]
            + [(g, False) for g in cloud]
            + [(g, True) for g in local if not g.first]
        )
        groups = []
        for g, is_local in ordered:
            key = (id(g), is_local)
            if key not in compiled:
                compiled[key] = _compile(g, is_local, rules)
            groups.append(compiled[key])
        words = _vocabulary([g for g, _ in ordered])
        long_turns = tuple(c for c, (g, _) in zip(groups, ordered, strict=True) if g.long_turns)
        scanned = tuple(i for i, g in enumerate(groups) if g.markers or g.regexes or g.cased)
        return cls(tuple(groups), long_turns, words, scanned)

    def gate(self) -> None:
        for group in self.groups:
            if group.gated is None:
                group.gate()
        self.searches = _Gate(self.groups, self.scanned)

    def first_match(self, text: str) -> _Group | None:
        """The first group that matches ``text``, in checking order; None if none does."""
        lower = text.lower()
        groups, first = self.groups, self.first_word_match(lower)
        if self.searches is not None and text.isascii():
            first = self.searches.first(text, lower, first)
        else:
            for index in self.scanned:
                if index >= first:
                    break
                if groups[index].matches(text, lower):
                    return groups[index]
        return groups[first] if first < len(groups) else None

    def first_word_match(self, lower: str) -> int:
        """The index of the first group whose words occur in the turn (len(groups) if none).

        The turn's words, joined by single spaces between spaces, meet the automaton of every
        group's words and phrases, each between spaces: one pass finds them all, whole words
        only. A possessive also reads as its word ("today's headlines" holds "today", "this
        week's news" the phrase "this week"): the words without it are added after a bar, which
        no phrase can cross.
        """
        lower = lower.replace("’", "'")
        words = _words(lower)
        joined = f" {' '.join(words)} "
        if "'s" in lower:
            bare = [w[:-2] if w.endswith("'s") else w for w in words]
            joined += f"| {' '.join(bare)} "
        return min(values(self.words, joined), default=len(self.groups))


# On ASCII text without an apostrophe the words are the runs of [\w+#]: one C translation then a
# split finds them at half the cost of the regex.
_NOT_WORD = "".join(c if c.isalnum() or c in "_+#" else " " for c in map(chr, range(128)))


def _words(lower: str) -> list[str]:
    """``tokenize`` of an already lower-cased turn whose curly apostrophes are straightened."""
    if "'" in lower or not lower.isascii():
        return _TOKEN.findall(lower)
    return lower.translate(_NOT_WORD).split()


# A run of white space reads as one space, or one line break if it holds any: spacing says
# nothing about what a turn asks, and a long run between two ``\s*`` of a pattern costs the
# regex engine a try for every way of splitting it (a few hundred spaces between two words
# held the event loop for seconds).
_SPACE_RUN = re.compile(r"[^\S\n]+")
_BREAK_RUN = re.compile(r" ?\n\s*")


# A multiple-choice item an exam group steps aside for: a question of at most this many words,
# with options (their letters included) of at most this many in all.
_KNOWN_STEM_WORDS = 12
_KNOWN_OPTION_WORDS = 16
# ... and options given in words are looked for in a turn of at most this many
_OPTIONS_WORDS = _KNOWN_STEM_WORDS + _KNOWN_OPTION_WORDS
# A lookup among options of a word or two each (their letters included: at most this many in
# all), which the exam group steps aside for without the scorer's confidence; not a count, a
# measure or a year among figures, which the weak model misses ("How many ribs are there in the
# human body? A) 12 B) 24 ..."), nor where a thing comes from, which is often disputed
_PLAIN_OPTION_WORDS = 8
# (the definitions group reads a label before options as "what is ...?": "Pick one. Ship of the
# desert: A) horse ..." is read as "what is Ship of the desert?")
_LOOKUP_GROUPS = frozenset(("lookups", "facts", "definitions"))
# (... only as a quiz's: a label with options and nothing asked is a choice of the asker's,
# "wedding theme: (a) rustic (b) boho (c) classic")
_QUIZ_ASKED = re.compile(
    r"[?=]|\b(?:pick|choose|select)\s+(?:one|the (?:right|correct) (?:one|answer))\b|\bquiz\b",
    re.IGNORECASE,
)
_NOT_PLAIN = re.compile(
    r"\b(?:how (?:many|much|long|old|far|tall|high|big|deep)|year|when|from|originat\w*"
    r"|invent\w*|comes?|came)\b",
    re.IGNORECASE,
)
# (where a thing comes from, is native to or is at home, asked of a thing, not a record's holder:
# "Which country is home to the most volcanoes? A) Indonesia B) Japan C) Chile")
_ORIGIN_ASKED = re.compile(
    r"\b(?:from|originat\w*|comes?|came|native|home|birthplace|invented|country)\b", re.IGNORECASE
)
# (an origin asked "where ..." among neighbours stays in the cloud, however sure the scorer is;
# the question reader puts "Is X from A, B or C?" that way too)
_ORIGIN_ARGUED = re.compile(
    r"\Awhere\b[^\n]*\b(?:from|originat\w*|comes?|came|native|birthplace|invented)\b",
    re.IGNORECASE,
)
# (... and no count, year or superlative asked with it)
_NOT_ORIGIN = re.compile(
    r"\b(?:how (?:many|much|long|old|far|tall|high|big|deep)|year|when|most|least|first"
    r"|[a-z]+est)\b",
    re.IGNORECASE,
)
# (a label read as "what is ...?" among options is a lookup too, "Pick one. Ship of the desert: A)
# horse B) camel C) elephant"; not a record or a first, which may be disputed or change: "first
# to North Pole = ? (a) Peary (b) Cook ...", "highest-grossing film ever = ? ...")
_DEFINED_NOT_PLAIN = re.compile(
    r"\b(?:first|last|oldest|newest|highest|largest|biggest|smallest|richest|poorest|most|least"
    r"|best|worst|ever|greatest|grossing|fastest|slowest|longest|shortest|tallest|deepest"
    r"|heaviest|hottest|coldest|record|top)\b",
    re.IGNORECASE,
)

# A yes-or-no question: given options, it asks a view ("Is capitalism good? A. yes B. no")
_POLAR = re.compile(
    r"\A\s*(?:is|are|was|were|do|does|did|can|could|should|would|will|has|have|am)\b", re.IGNORECASE
)

# Longer turns are not tidied (nor read): they are long turns whatever their spacing.
_TIDY_CHARS = 64 * 1024
# A long turn's markers are looked for in this many first characters.
_LONG_SCAN_CHARS = 64 * 1024


# A minus sign typed as such reads as a hyphen (so does a dash between spaces, in ``_typed``).
_TYPED = str.maketrans({"\u2212": "-"})
# a currency's sign before an amount, other than the dollar's, the pound's and the euro's that
# the rules name: "\u20b985 + \u20b9120" reads as a sum of money, as "$85 + $120" does
_SIGN = re.compile(
    "[\u00a5\u20b9\u20a9\u20ba\u20b1\u20a6\u20aa\u20ab\u0e3f\u20b4\u20bd\u20b8\u20a1\u20b2\u20b5\u20ad\u20ae]"
    r"(?=\s?\d)"
)


# ... or a currency's letters before an amount: "KSh 80 and KSh 150", "Rs 250", "RM 12.50"
# (cased: "try 5" is no money; a word of two or three letters before a digit is looked up in
# the set, which is cheaper than searching the turn for each code)
_CODE = re.compile(r"\b([A-Z][A-Za-z]{1,2})\.?\s?(?=\d)")
_CODES = frozenset(
    (
        *("KSh", "Ksh", "KSH", "KES", "TSh", "TZS", "USh", "UGX", "Rs", "INR", "PKR", "LKR"),
        *("NPR", "Rp", "IDR", "RM", "MYR", "THB", "VND", "NGN", "GHS", "ZAR", "EGP", "AED"),
        *("SAR", "QAR", "Dh", "Dhs", "CHF", "JPY", "CNY", "RMB", "BDT", "Tk", "MAD", "ETB"),
        *("SEK", "NOK", "DKK", "HUF", "CZK", "PLN", "MXN", "BRL", "COP", "CLP", "PEN", "ARS"),
        *("KRW", "TWD"),
    )
)


def _typed(text: str) -> str:
    """``text`` with a minus sign, and a dash between spaces, as a hyphen, a currency's sign
    before an amount as a dollar's, and no Spanish opening marks.

    >>> _typed("\u20b985 n \u20b9120, total?"), _typed("\u00a5500 in dollars")
    ('$85 n $120, total?', '$500 in dollars')
    """
    if " \u2014 " in text or " \u2013 " in text:
        text = text.replace(" \u2014 ", " - ").replace(" \u2013 ", " - ")
    if "\u00a1" in text or "\u00bf" in text:
        # (Spanish opens an exclamation or a question with its mark upside down: "\u00a1Hola!
        # ... \u00a1Muchas gracias!" is read as "Hola! ... Muchas gracias!")
        text = text.replace("\u00a1", "").replace("\u00bf", "")
    if _SIGN.search(text) is not None:
        text = _SIGN.sub("$", text)
    return text.translate(_TYPED) if "\u2212" in text else text


def _coded(text: str) -> str:
    """``text`` with a currency's letters before an amount as a dollar's sign.

    >>> _coded("my two fares, KSh 80 and KSh 150?"), _coded("try 5 times")
    ('my two fares, $80 and $150?', 'try 5 times')
    """
    if _DIGIT.search(text) is None or _CODE.search(text) is None:
        return text
    return _CODE.sub(lambda code: "$" if code.group(1) in _CODES else code.group(), text)


def _option_words(said: str, stem: str, words: int) -> int:
    """How many words a multiple-choice turn ``said`` (its politeness set aside) of ``words``
    words, its context's aside, gives its options (their letters included): those from its
    first option's label on, or else all but its question ``stem``.

    >>> _option_words("Select the sport that uses a puck: A) ice hockey B) tennis C) cricket",
    ...     "which sport uses a puck?", 13)
    7
    """
    first = FIRST_LABEL.search(said)
    if first is not None:
        return len(said[first.start() :].split())
    return words - len(stem.split())


def _tidy(text: str) -> str:
    r"""``text`` with its runs of white space made single, a minus sign or a dash between
    spaces typed as a hyphen (they read as one), and a currency's sign or letters before an
    amount as a dollar's (:func:`_typed`, :func:`_coded`).

    >>> _tidy("what   is\t2 + 2 ?  \n\n  A) 4"), _tidy("1250 \u2212 385"), _tidy("Jaws \u2014 who?")
    ('what is 2 + 2 ?\nA) 4', '1250 - 385', 'Jaws - who?')
    """
    if not text.isascii():
        text = _typed(text)
    text = _coded(text)
    if "  " in text or "\n" in text or "\t" in text or "\r" in text or not text.isascii():
        text = _SPACE_RUN.sub(" ", text)
        if "\n" in text:
            text = _BREAK_RUN.sub("\n", text)
    return text


_TOOLS = Decision(False, "tools", "request")
_IMAGES = Decision(False, "images", "request")
_UNCLEAR = Decision(False, "unclear", "default")
# The decisions a typo in a word the rules read most often makes: no rule reads "bigest", and a
# word the reader does not know ("cirle", "lowst") leaves the reasoning or the news rules to
# match. A turn so decided is read again with its typos put right (only a short turn is: a long
# one is decided by its limit).
_RESPELLABLE = frozenset(("unclear", "reasoning", "current events"))
_SCORED = Decision(True, "scored simple turn", "scorer")
#: The word-by-word readers' tests, by the name a rules group gives one (``reader``)
READER_TESTS: dict[str, Callable[[str], bool]] = {
    "geometry": one_formula,
    "formats": given_form,
    "conversions": converts,
    "fixes": given_fix,
    "sums": one_step,
}
# (what a question read with a sentence of its story may ask: a unit the conversions or the
# geometry reader knows, searched in the turn's last sentence lower-cased; or a measure, found
# anywhere in the turn by substring)
_UNIT_NAMES = "|".join(map(re.escape, sorted(CONVERSION_UNITS | SIZE_UNITS)))
_MEASURE_CUE = re.compile(
    rf"\b(?:how many|in|into|to) (?:[a-z]+ )?(?:{_UNIT_NAMES})\b|\b(?:around|hold|holds)\b"
)
_MEASURE_WORDS = ("area", "perimeter", "circumference", "volume", "round", "capacity")
#: ... and those that read a question with the sentence of the asker's story that gives its
#: amounts (:func:`measured_story`): one conversion, one formula; or with the one or two that
#: give them (:func:`counted_story`): a sum of one step
STORY_READER_TESTS: dict[str, Callable[[str], bool]] = {
    "geometry": partial(one_formula, story=True),
    "conversions": partial(converts, story=True),
    "sums": partial(one_step, story=True),
}
#: The readers of a sum's amounts: they read a question with the context set aside from it, and
#: a story's sentences that give them (up to two)
COUNTING_READERS = frozenset(("sums",))
# (what a question read with its story's sentences may ask for a sum: its last sentence)
_COUNT_CUES = ("how many", "how much", "total", "altogether", "left", "in all", "each")
_SEVERAL_QUANTITIES = Decision(False, "multi-step", "quantities")
# Two things to pick from, named first and bare, the whole turn: "cat or dog first pet?",
# "spanish or mandarin? one word", "ev or hybrid, 15km commute?" (not two spellings of one word,
# "calender or calendar", nor options before a colon: "Tea or coffee: which has more caffeine?";
# options after a label, "Machu Picchu: Peru or Bolivia?", have the label as their context)
_PICK_ONE = Decision(False, "judgment", "two to pick from")
_PICK_ONE_ASKED = re.compile(
    r"\s*(?!(?:is|are|was|were|do|does|did|can|could|should|would|will|what|which|who|whom|whose"
    r"|how|when|where|why|true|yes|spell|spelled|spelling)\b)([a-z]{2,4})[a-z'’-]* or (?!\1)"
    r"[a-z][a-z'’-]*(?: [a-z][a-z'’-]*)?(?=\s*(?:[?,]|\Z|(?:for|first|one word|which)\b))"
    r"(?![^\n]*:)",
    re.IGNORECASE,
)
# A product or a quotient with a number of three digits or more ("4821 x 376", "942 / 3": the
# weak model of the RouteLLM evaluations got 7 of the 8 MMLU items of that kind wrong), but not
# a times table's quotient ("144 / 12")
_OPERATION = re.compile(
    r"(\d[\d,.]*)\s*([x×*/÷•]|times|divided by|multiplied by|over)\s*(\d[\d,.]*)", re.IGNORECASE
)
_TIMES_TABLE = 12
# ... or a power past five digits ("2^64": the arithmetic rules stop at squares and cubes)
_POWER = re.compile(r"(?<![\d.])(\d{1,6})\s*(?:\^|\*\*)\s*(\d+)(?![\d.])")
_LONG_POWER = 100_000
# A quantity, a number in digits or in words with what it counts ("20 cm", "fifty-liter bags",
# "£18", "10%", not "6, 8, 10 or 12"): a question of how many or how much after four or more is
# a problem of several steps ("3 beds, 2.5 x 1.2 m each, 20 cm deep soil, 50 L bags — how many
# bags?"), which the learned scorer, reading words, cannot tell from a short lookup
_NUMBER_WORD = f"(?:{'|'.join((*NUMBER_WORDS, 'half', 'quarter'))})"
_QUANTITY = re.compile(
    # (a price and a percentage count too, once each: "£12/board", "+10% waste", "£320 towards")
    r"[$£€¥]\s?\d+(?:[.,]\d+)*|\d\s?%"
    rf"|(?:(?<![\d.,])\d+(?:[.,]\d+)*|\b{_NUMBER_WORD}(?:[\s-]+(?:and[\s-]+)?(?:a[\s-]+)?{_NUMBER_WORD})*\b)"
    r"[ \t-]*(?!(?:or|and|x|by|times|plus|minus|divided|over|per|to)\b|[a-e][).:])[^\W\d_]",
    re.IGNORECASE,
)
_HOW_MUCH = re.compile(
    r"\bhow (?:many|much)\b|\btotal\b|\baltogether\b|\bin all\b"
    # the count asked for as the answer: "Just the number of boxes please: ..."
    r"|\b(?:just|only) (?:the )?number of\b"
    r"|\bnumber of [a-z]+(?: [a-z]+)? (?:please|pls|only|needed|required|i need)\b"
    # what to count after an arrow, or its currency: "... box of 12 → boxes?", "posts every 2 m
    # → # posts?", "..., £12/board → £?"
    r"|(?:→|->|=>|=)\s*(?:#\s*)?(?:[a-z]+|[$£€¥])\s*\?"
    # the amount as the label of what follows (the question's, after its context): "Canister
    # count: ...", "Cost of tiles: ..."
    r"|(?:\A|\n)\s*(?:[a-z]+ )?(?:count|cost|price|total|amount|budget)(?: of [a-z]+)?\s*:",
    re.I,
)
_SEVERAL_STEPS = 4
_FITS = re.compile(
    r"\bhow (?:many|much)\b[^?]*\b(?:can|could|should|would|will)\s+(?:i|we|you|it|they)\b",
    re.IGNORECASE,
)
_DIGIT = re.compile(r"\d")
_TWO_OPTIONS = re.compile(r"(?:\A|\s)\(?[Aa]\)\s+\S[^\n]*?\s\(?[Bb]\)\s+\S(?![^\n]*\s\(?[Cc]\)\s)")
# a turn that starts as a question does, its first word a whole word ("what's" is read as the
# question only once its texted form is spelled out)
_QUESTION_START = re.compile(
    r"\s*(?:what|who|whom|whose|where|when|which|how|is|are|was|were|do|does|did|can|could"
    r"|will|would)\s",
    re.IGNORECASE,
)
# ... or a topic and what is asked of it, as a label: "potassium symbol", "hamlet author" (not a
# place's attribute: "startup capital" is no place's, and a place's, capitalised, is read by the
# rules; nor a year, which may be counted from today: "next leap year")
_LABEL_ASKED = re.compile(
    r"\A(?![^\n]*\b(?:next|last|this|upcoming|current|latest|recent|my|our|your)\b)"
    r"[^\n]{2,40} (?:symbol|author|director|painter|composer|inventor|formula|meaning"
    r"|definition|plural|abbreviation)\s*\Z",
    re.IGNORECASE,
)
_RATE = re.compile(r"/\s?[a-z]|\bper [a-z]", re.IGNORECASE)
# a question that chooses between things named before it
_CHOOSES = re.compile(r"\s*which\b", re.IGNORECASE)
_NAMES_OPTIONS = re.compile(r"\b(?:or|vs\.?|versus)\b|/", re.IGNORECASE)


class Classifier:
    """Decides each request from one rule set, compiled once.

    >>> Classifier.from_file(None).rules.limits.max_words
    20
    """

    def __init__(
        self, rules: RuleSet, level: str = "balanced", scored: bool = True, gated: bool = True
    ) -> None:
        if level not in LEVELS:
            raise RulesError(f"unknown routing level {level!r}: use {', '.join(LEVELS)}")
        self.rules = rules
        self.level = level
        local = [g for g in rules.local if g.applies_at(level)]
        cloud = [g for g in rules.cloud if g.applies_at(level)]
        compiled: dict[tuple[int, bool], _Group] = {}
        self._groups = compiled.values()
        self._plain = _Table.build(
            [g for g in local if g.multiple_choice is None],
            [g for g in cloud if g.multiple_choice is None],
            rules,
            compiled,
        )
        # A turn whose lettered options were cut off also meets the multiple-choice groups.
        has_choice_groups = any(g.multiple_choice for g in local + cloud)
        self._choice = (
            _Table.build(local, cloud, rules, compiled) if has_choice_groups else self._plain
        )
        # (the lookups group, what an origin asked among countries far apart is read as)
        self._lookup = next((g for g in self._plain.groups if g.decision.group == "lookups"), None)
        # The context sentences set aside from a question meet the cloud groups only, and the
        # asker's own story only those groups that read stories (`in_stories`).
        self._context = _Table.build(
            [], [g for g in cloud if g.multiple_choice is None], rules, compiled
        )
        self._story = _Table.build(
            [], [g for g in cloud if g.multiple_choice is None and g.in_stories], rules, compiled
        )
        # ... and a longer story before a question that asks nothing of it (`story_question`)
        # those that read long stories too (`in_long_stories`)
        self._told = _Table.build(
            [],
            [g for g in cloud if g.multiple_choice is None and g.in_stories and g.in_long_stories],
            rules,
            compiled,
        )
        # A turn a word-by-word reader reads (a one-formula geometry question, a given text to
        # put in a form, an amount in another unit: `reader` in rules.toml) gets the decision of
        # the group that names the reader, when no cloud group reads it but those that yield to
        # that reader ("radius" is no maths in a geometry question).
        self._readers = tuple(
            self._reader(g, cloud, compiled)
            for g in local
            if g.reader is not None and (id(g), True) in compiled
        )
        # (a story's sentence is read with its question only where a reader reads it)
        self._story_readers = any(r.reads_story is not None for r in self._readers)
        # The catch-all groups of the eager point, which read a question on its shape alone: not
        # a question after a story, which may name what the story holds ("the correct number").
        self._shape_only = frozenset(g.name for g in local if g.level == "eager")
        # The exam groups that step aside for a known question with short options (rules.toml).
        self._yielding = frozenset(
            id(compiled[(id(g), False)])
            for g in cloud
            if g.yields_to_rules and (id(g), False) in compiled
        )
        self._long_markers = _Markers(
            tuple(group.sources[0] for group in self._plain.long_turn_groups)
        )
        self._max_words = rules.limits.max_words
        self._too_long = Decision(False, f"over {self._max_words} words", "limits")
        self._max_chars = rules.limits.max_chars
        self._too_wide = Decision(False, f"over {self._max_chars} characters", "limits")
        self._normalize = level != "strict"
        # A turn this long is not a short question in wrapping (options and a preamble rarely
        # add more than twice the question's words), so it skips the unwrapping regexes.
        self._wrapped_words = 3 * self._max_words
        # ... and a story of the asker's before a short question is read up to this long
        self._told_words = STORY_WORDS + self._max_words
        self._scan_words = self._told_words if self._normalize else self._max_words
        # The learned scorer reads the short turns no rule matched (``scored=False``: the rules
        # alone); a point without a threshold keeps it off.
        self._scorer = Scorer.packaged() if scored and rules.scorer else None
        self._threshold = self._scorer.threshold(level) if self._scorer is not None else None
        # how confident of a multiple-choice item's question the scorer must be: as the eager point
        self._confident = self._scorer.threshold("eager") if self._scorer is not None else None
        if gated:
            self.gate()

    def gate(self) -> None:
        """Put each pattern behind what its matches need (:class:`_Gate`): decisions cost a
        fraction from then on. Until then (``gated=False``) a turn meets the whole alternations,
        with the same decisions. Compiling the patterns one by one is half of the rules'
        compiling, so the server does it in a thread once it listens (a few hundred ms).
        """
        tables = (
            self._plain,
            self._choice,
            self._context,
            self._story,
            self._told,
            *(reader.beside for reader in self._readers if reader.beside is not None),
        )
        for table in {id(t): t for t in tables}.values():
            if table.searches is None:
                table.gate()

    @classmethod
    def from_file(
        cls,
        path: str | os.PathLike[str] | None,
        level: str = "balanced",
        scored: bool = True,
        gated: bool = True,
    ) -> Classifier:
        """The packaged rules (``None``), or a user's rules file over or instead of them."""
        return cls(load_rules(path), level, scored, gated)

    def classify(self, req: ChatRequest) -> Decision:
        """The decision for ``req``; the same request always gets the same decision."""
        decision = _request_check(req)
        if decision is not None:
            return decision
        raw = req.messages[-1].text()
        if not raw or raw.isspace():
            return _UNCLEAR
        # A turn over the word limit is labelled by its opening's markers, on the turn as written:
        # it is not tidied, which would copy a long paste for nothing. (A turn of many characters
        # in few words, a paste of digits or punctuation, is not read either: a pattern's work
        # grows faster than the turn, and it would hold the event loop.)
        words = len(raw.split(maxsplit=self._scan_words))
        if words > self._max_words and (not self._normalize or words > self._told_words):
            return self._long_turn(raw, self._too_long)
        text = _tidy(raw) if len(raw) <= _TIDY_CHARS else raw
        if self._normalize:
            # (a pictograph before the question, a smiley or a laugh after it: every reading
            # below goes without them)
            text = without_chat_end(without_chat_start(text))
        decision = self._decide_text(raw, text, words, req)
        if decision.local or not self._normalize:
            return decision
        if decision.rule in _RESPELLABLE:
            # a turn typed in lower case the rules send to the cloud is read again with its typos
            # put right ("whats the bigest penguin"): if that is a simple turn, it goes local
            again = respelled(text)
            if again is not text:
                reread = self._decide_text(again, again, words, req)
                if reread.local:
                    return reread
        # options given in words ("..., 106, 206 or 306?") are read as a multiple-choice item's:
        # local only if a rule reads its question as one that knows its answer
        given = options_in_words(text) if words <= _OPTIONS_WORDS else None
        if given is None:
            return decision
        chosen = self._decide_read(raw, given.text, self._choice, given.context, words, req)
        return chosen if chosen.local and chosen is not _SCORED else decision

    def _decide_text(self, raw: str, text: str, words: int, req: ChatRequest) -> Decision:
        """The decision on ``text``, the turn ``raw`` tidied, of ``words`` words."""
        read = self._read(text, words)
        if isinstance(read, Decision):
            decision = self._long_turn(raw, read)
            if decision is self._too_long and words <= _READ_WHOLE_WORDS and self._normalize:
                whole = self._read_whole(text, req)
                if whole is not None:
                    return whole
            return self._measured(text, words, req) or decision
        asked, table, context, told = read
        decision = self._decide_read(raw, asked, table, context, words, req, told)
        if told and (decision is _SCORED or decision.group in self._shape_only):
            # (a question after a story goes local by a rule that reads what it asks, not by the
            # scorer or a question's shape)
            decision = self._long_turn(raw, self._too_long)
        if told and not decision.local:
            return self._measured(text, words, req) or decision
        return decision

    def _read_whole(self, text: str, req: ChatRequest) -> Decision | None:
        """The decision on a question a few words over the limit, if a word-by-word reader
        reads it whole and no cloud group reads it but those that yield to that reader ("What is
        the volume of a cylindrical water butt with a radius of 0.3 m and a height of 1 m?"): a
        reader allows only a few words of the turn's own, whatever its length. Else None."""
        group = self._plain.first_match(text)
        if group is not None and group.decision.local:
            return None
        read = self._read_word_by_word(text, group)
        if read is None or read is group or not read.decision.local:
            return None
        return self._decide(read, req)

    def _measured(self, text: str, words: int, req: ChatRequest) -> Decision | None:
        """The decision on a long turn read as a question with the sentence of the asker's story
        that gives its amounts (:func:`measured_story`), or the one or two that give a sum's
        (:func:`counted_story`), or as a request on the short text its story gives
        (:func:`given_story`), if that sends it local; else None."""
        if (
            not self._story_readers
            or not self._normalize
            or words > self._told_words
            or len(text) > self._max_chars
        ):
            return None
        if _asks_a_measure(text):
            decision = self._read_story(measured_story(text), False, req)
            if decision is not None:
                return decision
        if _asks_a_count(text):
            decision = self._read_story(counted_story(text), True, req)
            if decision is not None:
                return decision
        return self._given_in_story(text, req)

    def _given_in_story(self, text: str, req: ChatRequest) -> Decision | None:
        """The decision on a story that gives a short text and asks it edited, read as the
        request on that text (:func:`given_story`), if an edit of given text's group sends it
        local and no cloud group reads the rest of the story; else None."""
        if text.count(", ") < 2 and not any(mark in text for mark in _QUOTES):
            return None
        if next(_EDIT_CUES_FOUND.iter(text.lower()), None) is None:
            return None
        found = given_story(text)
        if found is None:
            return None
        request, rest = found
        if _ASKS_MORE_OF_GIVEN.search(request) is not None:
            # (a translation or a new tone of a story's text is no edit of it: its length and
            # its voice are the asker's)
            return None
        decision = self._decide_text(request, request, len(request.split()), req)
        if not decision.local or decision.group not in _EDITS_OF_GIVEN_TEXT:
            return None
        if self._told.first_match(_NEGATION.sub(" ", rest)) is not None:
            return None
        return decision

    def _read_story(
        self, story: tuple[str, str] | None, counted: bool, req: ChatRequest
    ) -> Decision | None:
        """The decision on ``story`` (its sentences with amounts and its question, and the rest)
        by a reader of its kind (``counted``: of a sum), if that sends it local; else None."""
        if story is None:
            return None
        asked = unwrap(story[0])
        if asked.multiple_choice:
            return None
        # local only as one conversion, one formula or one step, by the reader of that (a word
        # problem's data are in its story too), if no cloud group reads the question but those
        # that yield to the reader, nor the story (code, the news)
        # (a sum's reader reads the question with what the question reader set aside from it)
        read = f"{asked.context} {asked.text}".strip() if counted else asked.text
        reader = next(
            (
                r
                for r in self._readers
                if r.reads_story is not None and r.counts == counted and r.reads_story(read)
            ),
            None,
        )
        if reader is None:
            return None
        group = self._plain.first_match(asked.text)
        if (
            group is not None
            and not group.decision.local
            and not _gives_way(group, reader, asked.text)
        ):
            return None
        context = f"{story[1]} {asked.context}".strip()
        if self._told.first_match(_NEGATION.sub(" ", context)) is not None:
            return None
        if counted and hides_an_amount(story[1]):
            return None
        decision = self._decide(reader.group, req)
        return decision if decision.local else None

    def _decide_read(
        self,
        raw: str,
        text: str,
        table: _Table,
        context: str,
        words: int,
        req: ChatRequest,
        told: bool = False,
    ) -> Decision:
        """The decision on the question ``text`` of the turn ``raw``, read against ``table``,
        with ``context`` set aside from it (``told``: a story of the asker's, read as one)."""
        group = table.first_match(text)
        if self._readers:
            group = self._read_word_by_word(text, group, context)
        if group is not None and self._yielding and id(group) in self._yielding:
            # (the options' words are the turn's but the question's, its context's and its
            # politeness's: "Would you mind telling me which sport has the slam dunk: A) ..."; a
            # plain lookup's are counted from their first label)
            said = without_politeness(raw)
            spoken = min(words, len(said.split())) - len(context.split())
            group = self._known_choice(text, spoken, group, raw, said)
        if group is None and (_chooses(text, context) or not self._scored_simple(text, req)):
            return _UNCLEAR
        if group is not None and not group.decision.local:
            return self._decide(group, req)
        # (what follows reads a turn going local, by a rule or the scorer)
        if _several_quantities(text, _quantities_around(text, context, raw, told)):
            return _SEVERAL_QUANTITIES
        if (
            not context
            and " or " in text
            and self._normalize
            and _PICK_ONE_ASKED.match(text) is not None
        ):
            return _PICK_ONE
        if context:
            # the question was read without its context: what needs the cloud there still does
            veto = self._context_veto(context, told)
            if veto is not None and not self._label_read(group, veto, context):
                return veto.decision
        return _SCORED if group is None else self._decide(group, req)

    def _context_veto(self, context: str, told: bool) -> _Group | None:
        """The cloud group that reads ``context``, set aside from a question, if any (in the
        asker's own story, ``told``, only what needs it whoever tells it: code, the news)."""
        table = self._told if told else self._story
        if not told and not _tells_a_story(context):
            table = self._context
        veto = table.first_match(_NEGATION.sub(" ", context))
        if veto is not None and veto.decision.group == "writing":
            # (the asker's "story" that the answer is for, or the letter the asker has had, is
            # not asked for: "How much is 80 degrees Celsius in Fahrenheit? It's for a sauna
            # story.", "the letter says the EGM is on friday?? what does EGM stand for")
            veto = table.first_match(_NEGATION.sub(" ", writing_not_asked(context)))
        return veto

    def _label_read(self, group: _Group | None, veto: _Group, context: str) -> bool:
        """Whether a reader read the question with its label ``context`` as ``group``, and the
        cloud group ``veto`` that reads the label yields to it ("Volume of a mug: radius 4 cm,
        height 10 cm?": the label's "volume" is no maths there)."""
        if group is None or not context.endswith(":"):
            return False
        return any(r.group is group and veto.decision.group in r.yielding for r in self._readers)

    def _reader(
        self, group: RuleGroup, cloud: list[RuleGroup], compiled: dict[tuple[int, bool], _Group]
    ) -> _Reader:
        """The word-by-word reader ``group`` names, with the cloud groups that yield to it."""
        assert group.reader is not None
        yielding = [c for c in cloud if group.reader in c.yields_to]
        beside = (
            _Table.build(
                [],
                [c for c in cloud if c.multiple_choice is None and c not in yielding],
                self.rules,
                compiled,
            )
            if yielding
            else None
        )
        return _Reader(
            compiled[(id(group), True)],
            READER_TESTS[group.reader],
            STORY_READER_TESTS.get(group.reader),
            frozenset(c.name for c in yielding),
            beside,
            group.reader in COUNTING_READERS,
        )

    def _read_word_by_word(
        self, text: str, group: _Group | None, context: str = ""
    ) -> _Group | None:
        """The group whose reader reads ``text``, which ``group`` matched first (None: no group),
        if no cloud group reads it but those that yield to that reader; else ``group``
        (``context``: what the question reader set aside from the question)."""
        # (a label before the question is read with it by a reader, whatever the question alone
        # matched: "Perimeter of a rectangle: 10 m × 5 m." is no product)
        labelled = context.endswith(":") and group is not None and group.decision.local
        for reader in self._readers:
            if group is not None and group.decision.group not in reader.yielding and not labelled:
                continue
            # (a sum's reader reads the context too, unless it hides no amount, as a remark of
            # the asker's may not: "..., how many tents do i pack? someone always forgets their
            # pegs"; any reader a label before the question: "Express in kilograms: 2 tonnes of
            # gravel.")
            whole = (reader.counts and hides_an_amount(context, text)) or context.endswith(":")
            if not reader.reads(f"{context} {text}" if whole and context else text):
                continue
            if group is None or labelled or _gives_way(group, reader, text):
                return reader.group
            return group
        return group

    def _known_choice(
        self, stem: str, words: int, exam: _Group, raw: str, said: str
    ) -> _Group | None:
        """What a multiple-choice item the ``exam`` group steps aside for is read as, if its
        question is short and its options are (``words``: the turn's, its context's and its
        politeness's aside; ``raw``: the turn; ``said``: the turn, its politeness aside): the
        local group that reads the question, if the
        scorer is confident of it; None (left to the scorer, at its own threshold) if no group
        reads it; else ``exam``."""
        asked = len(stem.split())
        if asked > _KNOWN_STEM_WORDS or words - asked > _KNOWN_OPTION_WORDS:
            return exam
        options = _option_words(said, stem, words)
        # (a quoted title the rules cannot read: '"x" → author: (a) Moore (b) ...')
        quoted = "'x'" in stem
        # (where a thing comes from, among countries no two of which are neighbours, is a lookup:
        # "Which is the home of flamenco: Spain, Sweden or Vietnam?"; not among neighbours,
        # where origins are argued: "Where did the croissant originate? A) Austria B) France C)
        # Italy")
        origin = (
            _ORIGIN_ASKED.search(stem) is not None
            and _NOT_ORIGIN.search(stem) is None
            and not quoted
            and countries_apart(options_of(said), _PLAIN_OPTION_WORDS)
        )
        # (a stem that ends on the colon before its options asks as its question: "which sport has
        # the slam dunk: A) ..."; not one of a quoted title)
        if stem.endswith(":") and not quoted:
            stem = f"{stem.rstrip(': ')}?"
        known = self._plain.first_match(stem)
        if known is None:
            if origin and self._lookup is not None:
                return self._lookup
            # (a yes-or-no question given options asks a view: "Is capitalism good? A. yes ...")
            return exam if _POLAR.match(stem) else None
        if not known.decision.local or self._scorer is None:
            return exam
        confident = self._confident is not None and self._scorer.score(stem) >= self._confident
        # (a lookup among a few options of a word or two each is that lookup, whatever the scorer
        # makes of its words: "Which ocean lies between Africa and Australia? A) Atlantic B)
        # Indian C) Arctic"; not a count among figures, nor where a thing comes from: "where is
        # baklava from a turkey b greece c armenia")
        plain = (
            options <= _PLAIN_OPTION_WORDS
            and known.decision.group in _LOOKUP_GROUPS
            and (_NOT_PLAIN.search(stem) is None or origin)
            and (
                known.decision.group != "definitions"
                or (_DEFINED_NOT_PLAIN.search(stem) is None and _QUIZ_ASKED.search(raw) is not None)
            )
            and not quoted
        )
        # (an origin asked among neighbours is argued over, however sure the scorer is)
        if not origin and _ORIGIN_ARGUED.search(stem) is not None:
            return exam
        return known if confident or plain else exam

    def _scored_simple(self, text: str, req: ChatRequest) -> bool:
        """Whether the scorer sends a short turn no rule matched local (never with a long history,
        where a short question may lean on what came before)."""
        if self._threshold is None or self._scorer is None:
            return False
        if _long_operation(text):
            # (the arithmetic rules stop at products of small numbers; the scorer does not know)
            return False
        if text.count("%") > 1 or (
            ("/" in text or "per " in text) and len(_RATE.findall(text)) > 1
        ):
            # (percentages of percentages and rates chained: "$80 → +20% → −20% → +10% tax = ?",
            # "+3 ft/day, −2 ft/night, 20 ft well → days = ?")
            return False
        if (
            ") " in text
            and _TWO_OPTIONS.search(text) is not None
            and _QUESTION_START.match(text) is None
        ):
            # (two things to pick from, labelled, and no question asked: "First pet: A) cat B)
            # dog" asks a choice of the asker's)
            return False
        if _FITS.search(text) is not None and _DIGIT.search(text) is not None:
            # (how many of something a space or a sum allows asks a model of it: "My garden is
            # 10 m by 5 m. How many plants can I fit?")
            return False
        if text.isascii():
            if _POINTS_BACK_LOWER.search(text.lower()):
                return False
        elif _POINTS_BACK.search(text):
            return False
        if text.rstrip()[-1:] not in END_MARKS and (
            _QUESTION_START.match(text) or _LABEL_ASKED.search(text)
        ):
            # (a question typed without its mark is scored as the question it is: the scorer
            # learned the mark, "what is 144 divided by 12" is "what is 144 divided by 12?")
            text = f"{text.rstrip()}?"
        return not self._long_history(req) and self._scorer.score(text) >= self._threshold

    def _read(self, text: str, words: int) -> tuple[str, _Table, str, bool] | Decision:
        """The question the rules read, the groups it meets, the context set aside from it, and
        whether that context is a story told before the question (:func:`story_question`).

        ``words``: how many words the turn has, counted up to the most a wrapped question may
        have. The limit it is over if the turn is too long (in words, else in characters).
        """
        if len(text) > self._max_chars:
            return self._too_wide
        if not self._normalize:
            return text, self._plain, "", False
        told = ""
        if words > self._wrapped_words:
            asked = None
        else:
            asked = unwrap(text)
            if asked.text is not text:
                words = len(asked.text.split(maxsplit=self._max_words))
        if asked is None or words > self._max_words:
            story = story_question(text)
            if story is None:
                return self._too_long
            asked, told = unwrap(story[0]), story[1]
            if len(asked.text.split(maxsplit=self._max_words)) > self._max_words:
                return self._too_long
        table = self._choice if asked.multiple_choice else self._plain
        context = f"{told} {asked.context}" if told and asked.context else told or asked.context
        return asked.text, table, context, bool(told)

    def _long_turn(self, raw: str, limit: Decision) -> Decision:
        """A long turn's rule: the first long-turn group whose markers occur in its first
        characters (a paste of megabytes is labelled by its start), else ``limit``."""
        index = self._long_markers.first(raw[:_LONG_SCAN_CHARS].lower())
        return limit if index is None else self._plain.long_turn_groups[index].decision

    def _decide(self, group: _Group, req: ChatRequest) -> Decision:
        if group.long_history is not None and self._long_history(req):
            return group.long_history
        return group.decision

    def _long_history(self, req: ChatRequest) -> bool:
        """More earlier messages, or more system + earlier text, than the limits allow."""
        limits = self.rules.limits
        earlier = req.messages[:-1]
        if len(earlier) > limits.long_history_messages:
            return True
        chars = len(req.system or "") + sum(len(m.text()) for m in earlier)
        return chars > limits.long_history_chars


def _gives_way(group: _Group, reader: _Reader, text: str) -> bool:
    """Whether the cloud group ``group``, which matched ``text``, steps aside for what
    ``reader`` reads there: it yields to the reader, and no other cloud group reads the turn."""
    if group.decision.group not in reader.yielding:
        return False
    return reader.beside is None or reader.beside.first_match(text) is None


# (a story's given text is in quotes, or a list of items between commas)
_QUOTES = ("'", '"', "“")
_ASKS_MORE_OF_GIVEN = re.compile(
    r"\b(?:translat\w*|rephrase|reword|rewrite(?![^:\n]{0,40}\bformat\b)|sound|tone|polite|politely"
    r"|formal|informal"
    r"|professional|nicer|kinder|gentle|gentler|friendlier|better|improve|shorter|longer"
    r"|summari[sz]e|expand|funnier|persuasive"
    # (nor is a second question after the edit: "sort them alphabetically and say who won")
    r"|and (?:say|tell(?: me| us)?|explain|guess|predict|decide|work out)"
    r" (?:who|which|what|why|how|whether|if)"
    r"|who (?:won|wins|will win|is winning))\b",
    re.IGNORECASE,
)
# (a cheap test first: a word that asks an edit)
_EDIT_CUES = (
    *("fix", "correct", "sort", "order", "alphabet", "format", "bullet", "capital", "case"),
    *("lowercase", "uppercase", "hashtag", "list", "arrange", "spell", "punctuat", "json"),
    *("table", "tidy", "mistake", "error", "grammar", "typo", "proofread", "abbreviat"),
    *("digit", "numeral"),
    # (a short phrase to say in another language: "How do you say 'x' in Turkish?")
    "say",
)
_EDIT_CUES_FOUND: Any = automaton(dict.fromkeys(_EDIT_CUES, True))
# the groups that read an edit of a given text: the one a story's request may go local by
_EDITS_OF_GIVEN_TEXT = frozenset(
    (
        *("formatting", "language", "text_fixes", "given_order", "given_text", "given_forms"),
        "spelled_backwards",
    )
)


def _asks_a_count(text: str) -> bool:
    """A cheap test of a long turn for what a question read with its story's sentences may ask
    for a sum: a count, a total, what is left, in its last sentence."""
    last = last_sentence(text.lower())
    return any(cue in last for cue in _COUNT_CUES)


def _asks_a_measure(text: str) -> bool:
    """A cheap test of a long turn for what a question read with its story's sentence may ask:
    a unit in the last sentence (:data:`_MEASURE_CUE`), or a measure anywhere in it ("I want to
    sew a trim around the edge of our round table, which is 1.2 m across. How much trim ...?")."""
    lower = text.lower()
    if any(word in lower for word in _MEASURE_WORDS):
        return True
    return _MEASURE_CUE.search(last_sentence(lower)) is not None


def _chooses(text: str, context: str) -> bool:
    """Whether ``text`` chooses between what ``context`` names: not the scorer's to read alone
    ("RENT OR BUY: WHICH IS SMARTER?")."""
    return _CHOOSES.match(text) is not None and _NAMES_OPTIONS.search(context) is not None


def _quantities_around(text: str, context: str, raw: str, told: bool) -> str:
    """What around the question ``text`` may give it quantities: its ``context``, the turn
    ``raw`` when the question stands in for a text it gives; none for a question after the
    asker's story (``told``) that holds its own amount, which asks of that, not of the story's
    ("... the one I'd like to use says 20 cm. How many inches is 20 centimetres?")."""
    if told and _QUANTITY.search(text) is not None:
        return ""
    return context if "'x'" not in text else f"{context}\n{raw}"


def _several_quantities(text: str, context: str) -> bool:
    """Whether the question ``text`` asks how many or how much after four quantities or more,
    in it or in its ``context``.

    >>> _several_quantities("how many bags?", "3 beds, 2.5 x 1.2 m each, 20 cm soil, 50 L bags")
    True
    >>> _several_quantities("how many legs does a spider have: 6, 8, 10 or 12?", "")
    False
    >>> _several_quantities("How many each?", "One hundred forty-four cans, six cats, even split.")
    False
    """
    # (the amount may be asked before the quantities: "Just the number of boxes please: 4.2 m ×
    # 3.5 m floor, ...")
    lower = f"{context}\n{text}".lower() if context else text.lower()
    # (a test for the words first, in C: most turns ask no amount)
    if (
        "how " not in lower
        and "total" not in lower
        and "all" not in lower
        and "number of" not in lower
        and "→" not in lower
        and "->" not in lower
        and "=" not in lower
        and ":" not in lower
    ):
        return False
    if _HOW_MUCH.search(lower) is None:
        return False
    found = len(_QUANTITY.findall(text))
    if context:
        found += len(_QUANTITY.findall(context))
    return found >= _SEVERAL_STEPS


def _long_operation(text: str) -> bool:
    """Whether ``text`` multiplies or divides a number of three digits or more, other than a
    times table's quotient, or raises a number past five digits.

    >>> _long_operation("942 / 3"), _long_operation("4821 x 376"), _long_operation("0.3 × 427")
    (True, True, True)
    >>> _long_operation("144 divided by 12"), _long_operation("12 x 12"), _long_operation("5 - 120")
    (False, False, False)
    >>> _long_operation("2^64"), _long_operation("7**9"), _long_operation("2^10")
    (True, True, False)
    """
    if "^" in text or "**" in text:
        for base, exponent in _POWER.findall(text):
            if len(exponent) > 2 or int(base) ** int(exponent) >= _LONG_POWER:
                return True
    for match in _OPERATION.finditer(text):
        left, sign, right = (part.rstrip(",.") for part in match.groups())
        if sum(c.isdigit() for c in left) < 3 and sum(c.isdigit() for c in right) < 3:
            continue
        quotient = sign in ("/", "÷") or sign.lower() in ("over", "divided by")
        if not (quotient and left.isdigit() and right.isdigit()):
            return True
        divisor, dividend = int(right), int(left)
        in_table = 0 < divisor <= _TIMES_TABLE and dividend <= _TIMES_TABLE * divisor
        if not in_table or dividend % divisor:
            return True
    return False


def _tells_a_story(context: str) -> bool:
    """Whether every sentence of ``context`` is the asker telling their own story.

    >>> _tells_a_story("I'm planning a trip. My flight is at noon.")
    True
    >>> _tells_a_story("I want you to act as a pirate."), _tells_a_story("Imagine you're a pirate.")
    (False, False)
    >>> _tells_a_story("my password:"), _tells_a_story("I'm planning a cruise and got curious:")
    (False, True)
    """
    if context.rstrip()[-1:] == ":" and len(context.split()) <= _LABEL_WORDS:
        return False  # (a short label is no story: "my password: a, b or c?")
    return all(_STORY.match(part) for part in _SENTENCE_END.split(context.strip()))


def _request_check(req: ChatRequest) -> Decision | None:
    """What the request itself shows, before reading the text: tools, images, no user turn."""
    if req.tools:
        return _TOOLS
    messages = req.messages
    if not messages or messages[-1].role != "user":
        return _UNCLEAR
    for part in messages[-1].parts:
        if isinstance(part, ToolResultPart):
            return _TOOLS
    for message in messages:
        for part in message.parts:
            if isinstance(part, _FILES):
                return _IMAGES
    return None


# (a tuple: ``ImagePart | DocumentPart`` would build a union for every part it is tested on)
_FILES = (ImagePart, DocumentPart)


def _vocabulary(groups: list[RuleGroup]) -> Any:
    """An automaton of each word or phrase (between spaces) -> the first group listing it."""
    vocab: dict[str, int] = {}
    for index, group in enumerate(groups):
        for entry in group.words:
            words = tokenize(entry)
            if not words:
                raise RulesError(f"group {group.name!r}: {entry!r} has no words")
            vocab.setdefault(f" {' '.join(words)} ", index)
    # (a key never in a turn's words, so that a rules file without words still has an automaton)
    return automaton({**vocab, "\0": len(groups)})


def _compile(group: RuleGroup, local: bool, rules: RuleSet) -> _Group:
    decision = Decision(local, group.rule, group.name)
    long_history = None
    if local and group.cloud_if_long_history:
        long_history = Decision(False, group.cloud_if_long_history, group.name)
    name = group.name
    anchored = _expand(name, tuple(p[2:] for p in group.patterns if p.startswith(_ANCHOR)), rules)
    floating = _expand(name, tuple(p for p in group.patterns if not p.startswith(_ANCHOR)), rules)
    regexes = (_regex(floating, guard=True), _regex(anchored, _ANCHOR))
    markers = tuple(re.escape(m) for m in group.markers)
    cased = _expand(name, group.cased_patterns, rules)
    return _Group(
        markers=_regex(markers),
        regexes=tuple(r for r in regexes if r is not None),
        sources=(group.markers, floating, anchored, cased),
        cased=_regex(cased, guard=True),
        decision=decision,
        long_history=long_history,
    )


def _expand(name: str, patterns: tuple[str, ...], rules: RuleSet) -> tuple[str, ...]:
    """``patterns`` with their ``{name}`` alternations; a broken pattern is named in the error.

    Each pattern of a user's rules is compiled alone first: one that leaves a bracket open would
    otherwise run into its neighbours in the group's alternation and compile to something else.
    """
    expanded = tuple(rules.expand(p) for p in patterns)
    if rules.packaged:
        return expanded
    for raw, pattern in zip(patterns, expanded, strict=True):
        try:
            re.compile(pattern, re.MULTILINE)
        except re.error as exc:
            raise RulesError(f"group {name!r}: bad pattern {raw!r}: {exc}") from exc
    return expanded


def _regex(
    patterns: tuple[str, ...], prefix: str = "", guard: bool = False
) -> re.Pattern[str] | None:
    """One alternation of ``patterns`` after ``prefix``.

    ``guard`` puts a floating alternation behind the characters its matches can start with
    (:mod:`trooper.routing.prefilter`): the same matches, at half the cost or less. The markers
    need none: they all start with a literal, which the regex engine already scans for.
    """
    if not patterns:
        return None
    pattern = prefix + "(?:" + "|".join(patterns) + ")"
    if guard:
        pattern = guarded(pattern, re.MULTILINE) or pattern
    return re.compile(pattern, re.MULTILINE)


def _patterns(
    patterns: tuple[str, ...], prefix: str = "", guard: bool = False, cased: bool = False
) -> list[_Pattern]:
    """Each of ``patterns`` compiled alone behind what its matches need, and those that need
    nothing rare in one alternation. (A floating pattern, tried at every position, is put behind
    any clause of rare strings it has; an anchored one costs one attempt.)"""
    out, plain = [], []
    for pattern in patterns:
        needs = clauses(pattern, re.MULTILINE, loose=guard)
        if not needs:
            plain.append(pattern)
            continue
        regex = _regex((pattern,), prefix, guard)
        assert regex is not None
        # a cased pattern's strings are looked for in the lower-cased turn (the same on ASCII)
        lowered = tuple(tuple(a.lower() for a in c) for c in needs) if cased else needs
        out.append(_Pattern(regex, cased, lowered))
    regex = _regex(tuple(plain), prefix, guard)
    if regex is not None:
        out.append(_Pattern(regex, cased, ()))
    return out
