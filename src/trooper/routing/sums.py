"""A sum of one step asked in any words: two amounts and one operation on them.

The arithmetic patterns read a sum written as one ("What is 17 times 3?", "40 - 13 = ?"), so a
word problem of one step went to the cloud however it was put: "Made 40 jars of jam and gave
away 13, how many are left?", "How many rows will 72 chairs make if I put 9 in each row?",
"Could you please add up the tombola tickets: 35 sold on Saturday and 48 on Sunday?". This
reader takes the turn's words one by one: exactly two amounts (numbers of up to four digits, or
a price), a word that asks the result (how many, how much, the total, what is left), at most
:data:`FREE_WORDS` words of the turn's own (the things counted, where they are) and nothing that
hides a third amount or a second step (half, a dozen, a week, a percentage, an average, a time of
day, a second unit) or asks more than the number (which is better, whether it is enough, a plan,
code).

    >>> one_step("Made 40 jars of jam and gave away 13, how many are left?")
    True
    >>> one_step("How many rows will 72 chairs make if I put 9 chairs in each row?")
    True
    >>> one_step("A jacket costs $80 and is 25% off. What is the sale price?")
    False
    >>> one_step("I earn £12 an hour and work 38 hours a week, what do I earn in a year?")
    False

The classifier asks it only about a turn no rule read, or one a group that yields to it
matched (a question of how many after two amounts reads as several steps there).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from trooper.routing.normalize import NUMBER_VALUES, last_sentence

#: How many words of the turn's own it may hold ("jars", "jam", "tombola", "tickets")
FREE_WORDS = 6
#: ... and a question read with the sentences of the asker's story that give its amounts
STORY_FREE_WORDS = 20
_MAX_TOKENS = 30
_STORY_TOKENS = 60
_MAX_DIGITS = 4
# (letters with accents are a word's, "kraków", "zł"; × and ÷ are signs)
_LETTERS = r"a-z\u00df-\u00f6\u00f8-\u00ff\u0100-\u024f"
_TOKEN = re.compile(
    rf"(?<![{_LETTERS}\d])[$£€]?\d[\d,]*(?:\.\d+)?%?|[{_LETTERS}\d]+(?:['’][{_LETTERS}]+)?|[+×÷*/=−]"
)
_NUMBER_WORDS = {word: float(value) for word, value in NUMBER_VALUES.items()}
# what asks the result of the step (an operation's sign asks it only in a question: "... = ?")
_ASKS = frozenset(
    (
        *("total", "altogether", "together", "left", "remain", "remaining", "remains", "bill"),
        *("split", "calculate", "available", "take", "takings", "come", "comes"),
        *("leftover", "add", "sum", "subtract", "minus", "plus", "times", "multiply"),
        *("multiplied", "divide", "divided", "many", "much", "difference"),
    )
)
# the units an amount may be counted in: two of them hide a third amount ("2 cans a day ... in a
# week": seven days), one is fine ("2 cans a day for 14 days")
_UNIT = {
    **dict.fromkeys(("day", "days", "daily"), "day"),
    **dict.fromkeys(("week", "weeks", "weekly"), "week"),
    **dict.fromkeys(("month", "months", "monthly"), "month"),
    **dict.fromkeys(("year", "years", "yearly", "yr", "yrs"), "year"),
    **dict.fromkeys(("hour", "hours", "hourly", "hr", "hrs"), "hour"),
    **dict.fromkeys(("minute", "minutes", "min", "mins"), "minute"),
    **dict.fromkeys(("seconds", "secs", "sec"), "second"),
    **dict.fromkeys(("km", "kilometre", "kilometres", "kilometer", "kilometers"), "km"),
    **dict.fromkeys(("mile", "miles"), "mile"),
    **dict.fromkeys(("metre", "metres", "meter", "meters", "m"), "m"),
    **dict.fromkeys(("cm", "centimetre", "centimetres"), "cm"),
    **dict.fromkeys(("mm", "millimetre", "millimetres"), "mm"),
    **dict.fromkeys(("foot", "feet", "ft"), "ft"),
    **dict.fromkeys(("inch", "inches"), "in"),
    **dict.fromkeys(("yard", "yards", "yd"), "yd"),
    **dict.fromkeys(("kg", "kilo", "kilos", "kilogram", "kilograms"), "kg"),
    **dict.fromkeys(("g", "gram", "grams"), "g"),
    **dict.fromkeys(("lb", "lbs"), "lb"),
    **dict.fromkeys(("oz", "ounce", "ounces"), "oz"),
    **dict.fromkeys(("l", "litre", "litres", "liter", "liters"), "l"),
    **dict.fromkeys(("ml", "millilitre", "millilitres", "milliliter", "milliliters"), "ml"),
    **dict.fromkeys(("gb", "gigabyte", "gigabytes"), "gb"),
    **dict.fromkeys(("mb", "megabyte", "megabytes"), "mb"),
}
_SIGNS = frozenset("+×÷*/=−")
# (a factorial, not a shout before words: "17! / 9!", not "501!! what have i got left"; a range
# of numbers, a second equation: "from 347 to 8,912", "bat + ball = £1.10; bat = ball + £1")
_NOT_ONE = re.compile(
    r"\d\s*!(?!!*\s*[a-z])|\bfrom\s+[$£€]?\d[\d,]*\s+(?:to|through|thru)\s+[$£€]?\d|=[^=]*="
    # (a version, an unknown to solve for: "in 7.10.2", "What number multiplied by 4 equals 36?")
    r"|\d\.\d+\.\d|\b(?:what|which) number\b|\ball but\b"
)
# (a hyphen between digits is a minus; elsewhere it joins words: "forty-eight", "7-Eleven")
_MINUS = re.compile(r"(?<=\d)-(?=\d)|\s-\s")
# the request's and the step's own words (what is left besides them is the turn's own)
_REQUEST = _ASKS | frozenset(
    (
        *("share", "split", "each", "per", "rows", "row", "make", "makes", "get", "gets"),
        *("need", "needed", "more", "fewer", "less", "shared"),
        *("what", "what's", "whats", "wat", "how", "is", "are", "was", "were", "be", "will"),
        *("would", "does", "do", "did", "can", "could", "the", "a", "an", "of", "in", "into"),
        *("to", "that", "this", "it", "its", "it's", "there", "they", "them", "those"),
        *("and", "or", "if", "so", "then", "at", "on", "for", "from", "by", "with", "out"),
        *("up", "away", "all", "me", "you", "u", "i", "i've", "i'm", "we", "we've", "my"),
        *("our", "us", "he", "she", "his", "her", "their", "please", "pls", "kindly", "tell"),
        *("work", "working", "find", "figure", "calculate", "give", "state", "answer"),
        *("number", "mind", "hi", "hello", "hey", "thanks", "thank", "cheers", "ta", "just"),
        *("gave", "given", "sold", "sell", "sells", "bought", "buy", "buys", "spent"),
        *("spend", "ate", "eat", "eaten", "lost", "lose", "used", "use", "took", "take"),
        *("taken", "made", "put", "got", "have", "has", "had", "paid", "pay", "pays"),
        *("costs", "cost", "costing", "priced", "price", "hire", "hired", "hiring", "pair"),
        *("pairs", "people", "person", "equal", "equally", "between", "among", "amongst"),
        *("after", "once", "there's", "there're", "groups", "group", "bags"),
        *("boxes", "piece", "pieces", "lot", "lots", "ones", "one's", "now"),
        *("still", "i'd", "grateful", "like", "been", "evenly", "across", "go", "goes"),
    )
)
# the names of money after an amount, which are not the turn's own words ("45 zł for a
# necklace and 38 zł for a mug")
_CURRENCY = frozenset(
    (
        *("dollar", "dollars", "euro", "euros", "pound", "pounds", "quid", "pence", "p", "cents"),
        *("zł", "zloty", "zlotys", "złoty", "kr", "krona", "kronor", "krone", "kroner", "kč"),
        *("koruna", "korun", "forint", "ft", "lei", "leu", "lira", "rand", "rupees", "rupee"),
        *("rs", "yen", "yuan", "rmb", "won", "baht", "ringgit", "rm", "peso", "pesos", "reais"),
        *("dirham", "dirhams", "aed", "riyal", "riyals", "shekels", "nis", "francs", "chf"),
        *("usd", "eur", "gbp", "cad", "aud", "nzd", "bucks", "bob", "shillings", "shilling"),
        *("ksh", "naira", "cedis", "rupiah", "dong", "birr", "taka", "kwacha", "dinars", "dinar"),
        *("soles", "rials", "rial", "lari", "tenge", "leva", "lev", "quetzales", "quetzal"),
    )
)
# what asks more than the number, a judgement or a yes or no ("11yo + smartphone → yes or
# wait?"; in the question: a story's sentences may say "my best handwriting")
_JUDGES = frozenset(
    ("which", "why", "should", "better", "best", "cheaper", "enough", "worth", "afford", "yes")
)
# ("should" of a share, no judgement: "How many balloons should go on each table?")
# (and no other word of judgement after it)
_SHARED_OUT = re.compile(
    r"\bhow (?:many|much)\b[^.?!]{0,30}?\bshould (?:go|get|be|sit|fit)\b[^.?!]{0,20}?"
    rf"\b(?:each|every|per)\b(?![^.?!]*\b(?:{'|'.join(sorted(_JUDGES - {'should'}))})\b)"
)
# what hides a third amount or a second step
_MORE = frozenset(
    (
        *("half", "halves", "quarter", "quarters", "third", "thirds", "twice", "double"),
        *("doubled", "triple", "tripled", "dozen", "dozens", "score", "percent", "percentage"),
        *("discount", "off", "tax", "vat", "interest", "tip", "average", "mean", "ratio"),
        *("fraction", "fortnight", "second", "older", "younger", "age", "aged", "old"),
        *("born", "ago", "speed", "mph", "annual", "annually"),
        *("plan", "budget", "code", "formula", "excel", "spreadsheet", "python", "write"),
        *("than", "as", "except", "only", "not", "never", "without", "both", "every", "again"),
        *("tonight", "tomorrow", "yesterday"),
        *("probability", "chance", "odds", "ways", "combinations", "arrangements", "area"),
        *("perimeter", "volume", "square", "squared", "cube", "root", "power", "faster"),
        *("squares", "cubes", "odd", "even", "prime", "primes", "integer", "integers", "factor"),
        *("factors", "multiple", "multiples", "digit", "digits", "remainder", "thousand"),
        *("million", "billion", "trillion", "factorial", "sequence", "pattern"),
        *("numbers", "consecutive", "range", "inclusive"),
        # (a shape's sizes: the geometry reader's, or a question of how to cover it)
        *("wide", "width", "tall", "high", "deep", "depth", "carpet", "tiles", "tile", "cover"),
        *("covers", "paint", "fence", "fencing", "floor", "wall", "walls"),
    )
)
# a product or a quotient: by a number up to twelve, of an amount under a hundred, or a times
# table's quotient (up to 12 times the divisor), whole (the weak model of the RouteLLM
# evaluations missed 7 of the 8 MMLU products and quotients with a number of three digits, "942 /
# 3", and "32 x 67"); a sum or a difference may have four digits a side
_MULTIPLIES = frozenset(
    (
        *("×", "*", "/", "÷", "times", "multiply", "multiplied", "divide", "divided", "each"),
        *("per", "row", "rows", "share", "shared", "split", "between", "among", "amongst"),
        *("pair", "pairs", "groups", "group", "bags", "boxes"),
    )
)
_DIVIDES = frozenset(
    ("/", "÷", "divide", "divided", "share", "shared", "split", "between", "among", "amongst")
)
# (the containers a number is put in, asked how many of them: a quotient)
_CONTAINERS_ASKED = re.compile(
    r"\bhow many (?:\w+ )?(?:boxes|bags|packs|packets|groups|teams|rows|tables|trays|crates"
    r"|cartons)\b(?! each\b)"
)
_TIMES_TABLE = 12
_PRODUCT_MOST = 100
_RATE = frozenset(("a", "an", "per", "each", "every", "/"))
# (the words before "one" that make it one of them, not an amount)
_ONE_OF = frozenset(("each", "every", "which", "this", "that", "the", "any", "no", "second"))
# (several people who each do it: "Marin and Nancy each eat 4 apples a day. How many do they
# eat?" is two steps)
_SEVERAL = frozenset(("they", "them", "their", "we", "us", "our"))
# (... unless they are counted: "5 of us at the ice rink, skate hire is 4 quid each")
_COUNTED_SEVERAL = re.compile(
    r"\b(?:\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+of\s+(?:us|them|you)\b"
)
_EACH_OF_SEVERAL = re.compile(
    r"\b(?:they|we|you)\s+(?:[a-z]+\s+)?each\b|\beach\s+of\s+(?:us|them|you)\b"
    r"|\b(?:us|them)\s+each\b|\band\s+[a-z]+\s+each\b"
)


def one_step(text: str, story: bool = False) -> bool:
    """Whether ``text`` asks one step on two amounts (see above); ``story``: a question after the
    sentences of a story that give its amounts."""
    lower = text.lower()
    if not any(c.isdigit() for c in lower) and not _has_number_word(lower):
        return False
    if _NOT_ONE.search(lower) is not None:
        return False
    tokens = _TOKEN.findall(_MINUS.sub(" − ", lower).replace("-", " ").replace("−", " − "))
    if not tokens or len(tokens) > (_STORY_TOKENS if story else _MAX_TOKENS):
        return False
    asked = _TOKEN.findall(last_sentence(lower) if story else lower)
    if not _JUDGES.isdisjoint(asked) and _SHARED_OUT.search(lower) is None:
        return False
    read = _read(_uncounted(tokens), story)
    if (
        read is None
        or len(read.amounts) != 2
        or read.free > (STORY_FREE_WORDS if story else FREE_WORDS)
    ):
        return False
    cues = read.cues
    signed = not cues.isdisjoint(_SIGNS)
    if cues.isdisjoint(_ASKS) and not (signed and lower.rstrip().endswith(("?", "="))):
        return False  # (nothing asks the result)
    if "each" in cues and (
        _EACH_OF_SEVERAL.search(lower) is not None
        if story
        else not cues.isdisjoint(_SEVERAL) and _COUNTED_SEVERAL.search(lower) is None
    ):
        # (in a story's sentences, only where "each" is said of them: "the tents each sleep
        # four ... how many tents do we need?" is one step)
        return False
    # (how many boxes a number fills is a quotient: "144 kolaches into boxes of 12, how many
    # boxes?")
    divides = not cues.isdisjoint(_DIVIDES) or _CONTAINERS_ASKED.search(lower) is not None
    return cues.isdisjoint(_MULTIPLIES) or _small_product(read.amounts, divides)


def _uncounted(tokens: list[str]) -> list[str]:
    """``tokens`` without the words that count the two amounts, or name the first of them, that
    follow: "add up two taxi fares, $85 and $120" ("two" counts the fares), "I paid $85 for one
    ride and $120 for another" ("one" is one of them).

    >>> _uncounted(["add", "up", "two", "fares", "$85", "and", "$120"])
    ['add', 'up', 'fares', '$85', 'and', '$120']
    >>> _uncounted(["two", "bags", "of", "3", "apples"])
    ['two', 'bags', 'of', '3', 'apples']
    """
    figures = [i for i, token in enumerate(tokens) if _is_amount(token)]
    if len(figures) != 2:
        return tokens
    if "another" in tokens[figures[0] :]:
        # ("one" before "another": the first of the two, no amount)
        tokens = [t for i, t in enumerate(tokens) if not (t == "one" and i < figures[1])]
        figures = [i for i, token in enumerate(tokens) if _is_amount(token)]
    counted = next((i for i, t in enumerate(tokens[: figures[0]]) if t in ("two", "both")), None)
    # (the word counted is plural, and the two figures follow it with no other word between
    # them but "and", "n", "or", "plus" or a currency's name)
    if counted is None or not any(
        t.endswith("s") and t.isalpha() for t in tokens[counted + 1 : counted + 4]
    ):
        return tokens
    between = tokens[figures[0] + 1 : figures[1]]
    if any(t not in ("and", "n", "or", "plus") and t not in _CURRENCY for t in between):
        return tokens
    return tokens[:counted] + tokens[counted + 1 :]


def _small_product(amounts: list[float], divides: bool) -> bool:
    """Whether a product or a quotient (``divides``) of ``amounts`` is one a small model gets
    right."""
    small, large = sorted(amounts)
    if small > _TIMES_TABLE or not small.is_integer():
        return False
    if not divides:
        return large < _PRODUCT_MOST
    return large <= _TIMES_TABLE * small and large % small == 0


@dataclass(slots=True)
class _Reading:
    """What a turn's words give, read one by one: its amounts, the words of the request and the
    step among them (``cues``), the units it counts in, and how many words are its own."""

    amounts: list[float] = field(default_factory=list)
    cues: set[str] = field(default_factory=set)
    units: set[str] = field(default_factory=set)
    free: int = 0
    in_number: bool = False
    after_times: bool = False
    story: bool = False

    def take(self, token: str, before: str, after: str) -> bool:
        """Read ``token`` (between ``before`` and ``after``); False if it hides a third amount or
        a second step (see above)."""
        if _is_amount(token):
            amount = _amount(token)
            if amount is None:
                return False
            self.amounts.append(amount)
            self.in_number = self.after_times = False
            return True
        if token == "one" and before in _ONE_OF:
            return True  # (one of them, no amount: "how many laps does each one swim?")
        if token == "one" and before == "in" and after in ("piece", "go", "sitting"):
            return True  # (a phrase, no amount: "how many are still in one piece?")
        if token == "second" and before == "a" and after == "one":
            return True  # (an ordinal, no unit: "a second one cost 150")
        if self._number(token, before, after):
            return True
        self.in_number = self.in_number and token == "and"
        if self.after_times:
            return False  # ("three times the marbles of Jo": a ratio, not a product)
        self.after_times = token == "times"
        return self._word(token, before, after)

    def _number(self, token: str, before: str, after: str) -> bool:
        """Read ``token`` as a number's word, if it is one ("seven hundred and twenty-five", "a
        thousand", "three and a half"); False if it is none."""
        if token in _NUMBER_WORDS:
            if not self.in_number:
                self.amounts.append(_NUMBER_WORDS[token])
            elif token == "hundred":
                self.amounts[-1] *= 100
            else:
                self.amounts[-1] += _NUMBER_WORDS[token]
        elif token == "thousand" and (self.in_number or before in ("a", "one")):
            if self.in_number:
                self.amounts[-1] *= 1000
            else:
                self.amounts.append(1000.0)
        elif self.in_number and before == "and" and (token, after) == ("a", "half"):
            return True  # (the half is the amount's: "three and a half hours")
        elif token == "half" and before == "a" and self.in_number:
            self.amounts[-1] += 0.5
            self.in_number = False
            return True
        else:
            return False
        self.in_number, self.after_times = True, False
        return True

    def _word(self, token: str, before: str, after: str) -> bool:
        if token in _UNIT:
            # (a rate is a product: "£18.50 a month for 12 months")
            if before in _RATE:
                self.cues.add("per")
            self.units.add(_UNIT[token])
            return len(self.units) == 1
        if token == "by" and (before in _UNIT or _is_amount(before or "by")):
            return False  # (a shape's sizes: "10 m by 5 m", "3 by 4")
        if _joins(token, before, after):
            return True
        if token == "every" and after == "one":
            self.cues.add("each")  # ("8 bunks in every one")
            return True
        # (in a story, a word of those may name a thing: "the old canvas tents")
        if (token in _MORE and not (self.story and _names_a_thing(token, before, after))) or (
            len(token) == 1
            and token not in "aiu"
            and token not in _SIGNS
            and not _pence(token, before)
        ):
            return False  # (a hidden amount, a second step, or a variable: "x − 3 = 6")
        if token in _SIGNS and token != "=" and not _SIGNS.isdisjoint(self.cues - {"="}):
            return False  # (two operations)
        if token in _REQUEST or token in _SIGNS:
            self.cues.add(token)
        elif token not in _CURRENCY or not _is_amount(before or "x"):
            self.free += 1
        return True


# (in a story's sentences, words that hide a step in a short question may name a thing: "the old
# canvas tents", "a pattern with fifteen beads", "dipping sponge squares"; not "12 years old",
# "the pattern of 2, 4, 6", "cut into squares")
_DETERMINERS = frozenset(("the", "an", "a", "my", "our", "his", "her", "their", "these", "those"))
_THINGS: dict[str, Callable[[str, str], bool]] = {
    "old": lambda before, after: before in _DETERMINERS,
    "pattern": lambda before, after: before in _DETERMINERS and after not in ("of", "continues"),
    # ("the plan is 96 laps": a plan, no step)
    "plan": lambda before, after: before == "the" and after in ("is", "was"),
    "squares": lambda before, after: (
        before.isalpha()
        and before not in _NUMBER_WORDS
        and before not in ("into", "in", "of", "perfect", "the", "two", "both")
    ),
}


def _joins(token: str, before: str, after: str) -> bool:
    """Whether ``token``, between ``before`` and ``after``, only joins what is around it: a
    texted "and", "are" or "with" ("baked 36 cupcakes n sold 19", "how many r left", "80 bob n
    150 bob", "7 cabins w 8 bunks each"), or a dash between clauses, no sign ("52 weeks with 5
    workdays each — how many workdays is that", "leaving in 5 min - is the 405 backed up?").

    >>> _joins("n", "80", "150"), _joins("−", "each", "how"), _joins("−", "50", "12")
    (True, True, False)
    """
    if token in ("n", "r"):
        return all(word.isalpha() or _is_amount(word) for word in (before, after))
    if token == "w":
        return before.isalpha()
    return token == "−" and not (_is_amount(after or "x") or after in _NUMBER_WORDS)


def _names_a_thing(token: str, before: str, after: str) -> bool:
    """Whether ``token``, between ``before`` and ``after`` in a story, names a thing (see above)."""
    test = _THINGS.get(token)
    return test is not None and test(before, after)


def _pence(token: str, before: str) -> bool:
    """Whether ``token`` is "p" after an amount: pence ("50p"), not a variable."""
    return token == "p" and _is_amount(before or "p")


def _read(tokens: list[str], story: bool = False) -> _Reading | None:
    """What ``tokens`` give, read one by one; None if one hides a third amount or a second
    step (``story``: the sentences of a story that give the amounts, and its question)."""
    reading = _Reading(story=story)
    for i, token in enumerate(tokens):
        before = tokens[i - 1] if i else ""
        after = tokens[i + 1] if i + 1 < len(tokens) else ""
        if token == "x" and before and after and _is_amount(before, after):
            token = "×"  # ("5 x 4")
        if not reading.take(token, before, after):
            return None
    return reading


def _amount(token: str) -> float | None:
    """The amount ``token`` gives; None if it is no small amount (a percentage, zero, five
    digits or more before its point or three after it)."""
    if token.endswith("%"):
        return None
    number = token.lstrip("$£€").replace(",", "")
    whole, _, cents = number.partition(".")
    if len(whole) > _MAX_DIGITS or len(cents) > 2 or float(number) == 0:
        return None
    return float(number)


def _is_amount(*tokens: str) -> bool:
    """Whether each of ``tokens`` is an amount in digits."""
    return all(token[0].isdigit() or token[0] in "$£€" for token in tokens)


def _has_number_word(lower: str) -> bool:
    return any(word in _NUMBER_WORDS for word in re.findall(r"[a-z]+", lower))


# what in the rest of a story hides an amount of the sum: "... I ate half of them on the way."
_HIDDEN = frozenset(
    (
        *("half", "halves", "quarter", "quarters", "third", "thirds", "twice", "double"),
        *("doubled", "triple", "tripled", "dozen", "dozens", "percent", "another", "extra"),
        *("each", "per", "pair", "pairs"),
    )
)


# a figure as written, to compare a remark's with its question's ("9", "1,250", "2.50")
_FIGURES = re.compile(r"\d+(?:[.,]\d+)*")


def hides_an_amount(told: str, asked: str = "") -> bool:
    """Whether ``told``, the sentences of a story that give no amount, still hide one (a half, a
    dozen, another one, a rate) or hold one after all: one the question ``asked`` does not give
    itself ("... how many do i make? babcia says 9 is the minimum" repeats the question's 9).

    >>> hides_an_amount("babcia says 9 is the minimum", "7 plates, 9 pierogi each, how many?")
    False
    >>> hides_an_amount("it was 10 last time", "7 plates, 9 pierogi each, how many?")
    True
    """
    lower = told.lower()
    if "%" in lower:
        return True
    if any(c.isdigit() for c in lower):
        given = set(_FIGURES.findall(asked))
        if not given or not given.issuperset(_FIGURES.findall(lower)):
            return True
    words = re.findall(r"[a-z]+", lower)
    return not _HIDDEN.isdisjoint(words) or not _NUMBER_WORDS.keys().isdisjoint(words)
