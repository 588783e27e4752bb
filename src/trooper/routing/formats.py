"""A short text given in the turn, to put in another form: read by what the turn holds.

``[local.formatting]``'s patterns read a request whose words come in one of a few orders ("make
this a table: ..."), so "🍦 Mia – mint, Leo – strawberry, Ava – chocolate → table (Name |
Flavour)", "flip these names so surname comes first: maria lopez, tom baker, aisha khan" or
"order these smallest to biggest 9 7.5 11 8 10.5" went to the cloud. This reader asks two
things of the turn, in any order: a form named (a table, JSON, a case, a date format, lines, a
numbered list, an order), and the text to put in it, given there: a list of two to twelve short
items (by commas, slashes, semicolons, bars or as numbers), or a short quoted text, or, for a
case or a date's format, a phrase of a few words. What is left once the request's own words and
the given text are taken out must be no more than a word or two.

    >>> given_form("banana - yellow, lime - green, plum - purple → table (Fruit | Colour)")
    True
    >>> given_form("Make a table of the 50 US states and their capitals.")
    False

The classifier asks it only about a turn no rule read (no cloud group matched it either).
"""

from __future__ import annotations

import re

# the forms a given text is put in: a structure ...
_STRUCTURE = re.compile(
    r"\b(?:table|tabulate|columns?|cols|json|yaml|csv|numbered list|bullet(?:ed)? (?:list|points)"
    r"|bullets|separate lines|own line|one per line|(?:one )?(?:part|item|name|word) (?:per|a) line"
    r"|last, first|surname first|surnames? first|alphabetical(?:ly| order)?|ascending|descending"
    r"|(?:smallest|lowest|biggest|largest|earliest|latest|oldest|newest|shortest|longest) "
    r"(?:first|to (?:biggest|largest|smallest|highest|lowest|latest|earliest|newest|oldest"
    r"|longest|shortest))|in order|(?:week|weekly|calendar|chronological) order"
    r"|(?:mon|monday|sun|sunday|jan|january)[ -]first|starting (?:from |with )?(?:mon|monday|sun"
    r"|sunday|jan|january)"
    # (A to Z, however the dash is typed; the days' order: "→ A to Z?", "in A–Z order", "by day
    # of the week", "in weekday order")
    r"|a ?(?:to|-|–|→) ?z|weekday order|by (?:day of the week|weekday)"
    # (times of day in order, a list numbered: "from morning to night", "in time order",
    # "chronologically", "number these: ...")
    r"|chronologically|(?:in )?time order|from (?:morning|earliest) (?:to|till|until) (?:night"
    r"|evening|latest)|\Anumber (?:these|them|this|the following)(?! by\b))\b|1\. 2\.|→\s*1\.",
    re.IGNORECASE,
)
# ... or a spelling of a few words: a case, a date's format
_SPELLING = re.compile(
    r"\b(?:camel ?case|snake[ _]?case|kebab[ -]?case|pascal ?case|title case|upper ?case"
    r"|lower ?case|all caps|yyyy-mm-dd|dd/mm/yyyy|mm/dd/yyyy|iso (?:date|format|8601)|initials)\b",
    re.IGNORECASE,
)
# the words a request to reformat is made of (what is left besides them is the given text)
_REQUEST = frozenset(
    (
        *("can", "cn", "could", "would", "you", "u", "please", "pls", "plz", "thanks", "thank"),
        *("hi", "hello", "hey", "there", "ta", "cheers", "put", "turn", "make", "rewrite"),
        *("convert", "change", "give", "me", "this", "these", "that", "into", "in", "as", "a"),
        *("an", "the", "to", "order", "sort", "arrange", "list", "it", "them", "how", "is"),
        *("written", "write", "look", "looks", "of", "with", "for", "from", "first", "each"),
        *("part", "per", "line", "lines", "its", "own", "on", "two", "column", "columns"),
        *("and", "n", "lil", "little", "outta", "out", "need", "just", "which", "way", "round"),
        *("form", "format", "formatted", "so", "comes", "come", "flip", "swap", "split", "break"),
        *("lay", "layout", "set", "up", "one", "get", "new", "quick", "question", "be"),
        *("what", "whats", "what's", "do", "i", "my", "table", "object", "case"),
        *("surname", "surnames", "names", "name", "date", "dates", "address", "addy"),
        *("numbered", "bullet", "bulleted", "separate", "camelcase", "snake", "kebab"),
        *("ordered", "smallest", "biggest", "largest", "earliest", "latest", "oldest"),
        *("newest", "lowest", "highest", "ascending", "descending", "alphabetical"),
        *("alphabetically", "last", "json", "yaml", "csv", "tabulate", "cols", "envelope"),
        *("sizes", "items", "words", "numbers", "fields", "pairs", "like", "title", "upper"),
        *("lower", "caps", "all", "pascal", "camel", "iso", "yyyy", "mm", "dd", "initials"),
        *("only", "turning", "are", "days", "months", "week", "weekly", "calendar", "starting"),
        *("chronological", "monday", "mon", "sunday", "sun", "january", "jan", "come", "does"),
        *("z", "weekday", "by", "day", "chronologically", "time", "morning", "night", "evening"),
        *("till", "until", "number"),
    )
)
# (a sum or a price is arithmetic, not a text to reformat: "140 guests ÷ 8/table + 2 ... →
# total?")
_SUM = re.compile(r"[÷×=$£€¥%]|\d\s*[-+*x/]\s*\d|\+\s*\d|\d\s*\+|\btotal\b", re.IGNORECASE)
_WORD = re.compile(r"[a-z]+(?:['’][a-z]+)?")
_QUOTED = re.compile(r"[\"“'‘]([^\"”'’\n]{1,80})[\"”'’]")
_NAME_LAST = re.compile(
    r"\b(?:for|of)\s+(?:the\s+name\s+)?((?:[A-Za-z][a-z'’-]+\s+){1,3}[A-Za-z][a-z'’-]+)"
    r"(?:\s+(?:pls|please))?\s*[?.!]*\s*\Z"
)
_SEPARATORS = re.compile(r"\s*(?:[,;/|\n]|\s[–—-]\s|\s+and\s+)\s*")
_NUMBERS = re.compile(r"(?:\d+(?:\.\d+)?\s+){2,}\d+(?:\.\d+)?")
# (a given list holds two to twelve items of up to five words; a phrase to spell, up to eight)
_ITEMS = (2, 12)
_ITEM_WORDS = 5
_PHRASE_WORDS = 8
# what may be left besides the request and the given text
_LEFT = 2


def given_form(text: str) -> bool:
    """Whether ``text`` gives a short text and asks it in another form (see above)."""
    if _SUM.search(text) is not None:
        return False
    structure = _STRUCTURE.search(text) is not None
    spelling = not structure and _SPELLING.search(text) is not None
    if not (structure or spelling) or len(text) > 400:
        return False
    given = _given(text, spelling)
    if given is None:
        return False
    rest = text.replace(given, " ")
    left = [w for w in _WORD.findall(rest.lower()) if w not in _REQUEST]
    return len(left) <= _LEFT


def _given(text: str, spelling: bool) -> str | None:
    """The text the turn gives to reformat: a quoted one, a run of numbers, or a list after a
    colon or before an arrow (for a case or a date's format, a short phrase); None if none."""
    quoted = _QUOTED.search(text)
    if quoted is not None and len(quoted.group(1).split()) <= 3 * _PHRASE_WORDS:
        return quoted.group(0)
    numbers = _NUMBERS.search(text)
    if numbers is not None:
        return numbers.group(0)
    for part in _parts(text):
        items = [i for i in _SEPARATORS.split(part.strip(" .?!")) if i.strip()]
        words = [len(i.split()) for i in items]
        if _ITEMS[0] <= len(items) <= _ITEMS[1] and max(words) <= _ITEM_WORDS:
            return part
        if spelling and len(items) == 1 and words[0] <= _PHRASE_WORDS:
            return part
    return None


def _parts(text: str) -> list[str]:
    """Where a given text may be: after the last colon, before an arrow, after "these:", after
    the request's question mark, or a name last, after "for" or "of" ("What are the initials of
    the name Mary Elizabeth Jones?")."""
    parts = []
    named = _NAME_LAST.search(text)
    if named is not None:
        parts.append(named.group(1))
    if ":" in text:
        parts.append(text.rsplit(":", 1)[1])
    for arrow in ("→", "->", "=>"):
        if arrow in text:
            parts.append(text.split(arrow, 1)[0])
    # (... or after the request's question mark: "Can you order these by day of the week?
    # Thursday 18:30, Monday 19:00, Saturday 10:00")
    asked = text.find("?")
    if 0 < asked < len(text.rstrip(" .!?")):
        parts.append(text[asked + 1 :])
    return parts
