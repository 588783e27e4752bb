"""A unit conversion asked in any words: one amount in one unit, asked in another of its kind.

The conversion patterns read an amount and the unit asked in a few orders, so "How many
kilograms is a 2,500-gram bag of potatoes?", "ordered 2 tonnes of gravel for the driveway, how
many kg is that" or "🥔 2500 g → kg = ?" went to the cloud. This reader takes the turn's words
one by one: exactly one amount (a number of up to five digits, four with decimals, or a number
word), the unit it is in, and one other unit of the same kind (length, mass, volume, area, time,
temperature: not money, whose rate changes), with at most :data:`FREE_WORDS` words of the
turn's own (the thing measured, a texted word) and nothing that makes it two steps (a price, a
rate, a second amount, a condition).

    >>> converts("How many kilograms is a 2,500-gram bag of potatoes?")
    True
    >>> converts("How many kilograms of flour for 3 loaves at 500 g each?")
    False
    >>> converts("How many inches tall is a horse that measures 15 hands?")
    True
    >>> converts("how many mm in 2847.3 miles"), converts("I have 2 hands, how many feet is that?")
    (False, False)

The classifier asks it only about a turn no rule read (no cloud group matched it either).
"""

from __future__ import annotations

import re

#: How many words of the turn's own it may hold ("potatoes", "bag", "driveway", "lol")
FREE_WORDS = 3
#: ... and a question read with the sentence of the asker's story that gives its amount
#: (:func:`trooper.routing.normalize.measured_story`), the words of that sentence too
STORY_FREE_WORDS = 12
_MAX_TOKENS = 30
_STORY_TOKENS = 56
_TOKEN = re.compile(r"\d[\d,]*(?:\.\d+)?|[a-z]+(?:['’][a-z]+)?|°[cf]")
_KINDS = {
    "length": (
        *("mm", "millimetre", "millimetres", "millimeter", "millimeters", "cm", "centimetre"),
        *("centimetres", "centimeter", "centimeters", "m", "metre", "metres", "meter", "meters"),
        *("km", "kilometre", "kilometres", "kilometer", "kilometers", "inch", "inches"),
        *("ft", "foot", "feet", "yard", "yards", "yd", "mile", "miles", "mi"),
        # (a horse's height: "How many inches tall is a horse that measures 15 hands?")
        *("hand", "hands"),
    ),
    "mass": (
        *("mg", "milligram", "milligrams", "g", "gram", "grams", "kg", "kilo", "kilos"),
        *("kilogram", "kilograms", "tonne", "tonnes", "ton", "tons", "lb", "lbs", "pound"),
        *("pounds", "oz", "ounce", "ounces", "stone", "stones"),
    ),
    "volume": (
        *("ml", "millilitre", "millilitres", "milliliter", "milliliters", "l", "litre"),
        *("litres", "liter", "liters", "cup", "cups", "tablespoon", "tablespoons", "tbsp"),
        *("teaspoon", "teaspoons", "tsp", "gallon", "gallons", "pint", "pints", "quart"),
        *("quarts", "cl", "dl"),
    ),
    "area": ("hectare", "hectares", "ha", "acre", "acres"),
    "time": (
        *("second", "seconds", "minute", "minutes", "hour", "hours", "day", "days", "week"),
        *("weeks", "fortnight", "fortnights", "month", "months", "year", "years", "decade"),
        *("decades", "century", "centuries", "millennium", "millennia", "yr", "yrs", "hr"),
        *("hrs", "min", "mins", "sec", "secs", "h"),
    ),
    "temperature": ("celsius", "fahrenheit", "°c", "°f", "centigrade", "kelvin"),
}
_KIND = {unit: kind for kind, units in _KINDS.items() for unit in units}
#: Every unit the reader knows
UNITS = frozenset(_KIND)
# the same unit by its names: "grams" and "g" are one unit, asked once
_SAME = {
    **dict.fromkeys(("g", "gram", "grams"), "g"),
    **dict.fromkeys(("kg", "kilo", "kilos", "kilogram", "kilograms"), "kg"),
    **dict.fromkeys(("m", "metre", "metres", "meter", "meters"), "m"),
    **dict.fromkeys(("cm", "centimetre", "centimetres", "centimeter", "centimeters"), "cm"),
    **dict.fromkeys(("hand", "hands"), "hand"),
}
_NUMBER_WORDS = frozenset(
    (
        *("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"),
        *("eleven", "twelve", "twenty", "thirty", "forty", "fifty", "sixty", "hundred", "half"),
    )
)
_FUNCTION = frozenset(
    (
        *("what", "whats", "what's", "wat", "how", "many", "much", "is", "are", "was", "be"),
        *("will", "would", "does", "do", "did", "can", "could", "the", "a", "an", "of", "in"),
        *("into", "to", "as", "that", "this", "it", "its", "it's", "equal", "equals", "make"),
        *("makes", "come", "comes", "convert", "converted", "change", "express", "expressed"),
        *("give", "me", "tell", "you", "u", "please", "pls", "thanks", "there", "roughly"),
        *("about", "approximately", "exactly", "just", "only", "answer", "number", "like"),
        *("or", "for", "from", "i", "my", "we", "our", "have", "has", "got", "weigh"),
        *("weighs", "long", "big", "heavy", "hot", "cold", "square", "sq", "cubic", "up"),
        *("that's", "thats", "which", "so", "degrees", "degree", "hi", "hello", "hey"),
        *("quick", "question", "kindly"),
    )
)
# what makes it more than one conversion: a price, a rate, a condition, a sum
_TWO_STEPS = frozenset(
    (
        *("cost", "costs", "price", "priced", "pay", "spend", "each", "every", "per", "if"),
        *("then", "after", "left", "remaining", "more", "less", "than", "twice", "double"),
        *("total", "altogether", "sum", "plus", "minus", "times", "divided", "speed", "pace"),
        *("rate", "fast", "average", "old", "age", "born", "ago", "since", "until", "till"),
        *("now", "today", "tomorrow", "yesterday", "dollars", "euros", "pence", "cents"),
        # (a plan or a piece of code over a time or a list of amounts is a task, not a sum)
        *("plan", "planner", "schedule", "checklist", "guide", "routine", "programme"),
        *("program", "itinerary", "timetable", "list", "formula", "function", "code", "script"),
    )
)
_HEIGHT = frozenset(("horse", "horses", "pony", "ponies", "tall", "high", "height", "measures"))
_MONEY = re.compile(r"[$£€¥%+×÷=*]")
_ASKED = re.compile(r"\s*=\s*\?\s*\Z")
_AMOUNT = re.compile(rf"\d|\b(?:{'|'.join(_NUMBER_WORDS)})\b", re.IGNORECASE)
_ASKS = re.compile(r"\b(?:how|what|whats|wat|in|into|to|convert|express|equals?|is)\b|[→?:]|->")


def converts(text: str, story: bool = False) -> bool:
    """Whether ``text`` asks one amount in another unit of its kind (see above); ``story``: a
    question after the sentence of a story that gives the amount."""
    # (no amount, no conversion: most turns stop here)
    if _AMOUNT.search(text) is None:
        return False
    # (the answer asked by a sign: "2500 g → kg = ?")
    lower = _ASKED.sub("", text.lower())
    if _MONEY.search(lower) is not None or lower.count("?") > 1:
        return False
    # (something asked: not a clause, "5 days a week")
    if _ASKS.search(lower) is None:
        return False
    tokens = _TOKEN.findall(lower.replace("-", " "))
    if not tokens or len(tokens) > (_STORY_TOKENS if story else _MAX_TOKENS):
        return False
    counted = _count(tokens)
    if counted is None:
        return False
    amounts, free, units = counted
    if amounts != 1 or free > (STORY_FREE_WORDS if story else FREE_WORDS):
        return False
    distinct = list(dict.fromkeys(units))
    if "hand" in distinct and _HEIGHT.isdisjoint(tokens):
        return False  # (hands measure a horse's height, not "I have 2 hands")
    return len(distinct) == 2 and _KIND[distinct[0]] == _KIND[distinct[1]]


def _count(tokens: list[str]) -> tuple[int, int, list[str]] | None:
    """The amounts, the words of the turn's own and the units in ``tokens``; None if a word
    makes it more than one conversion (or an amount is too long to be one)."""
    amounts, free = 0, 0
    units: list[str] = []
    for token in tokens:
        if token[0].isdigit():
            amounts += 1
            whole, _, decimals = token.replace(",", "").partition(".")
            if len(whole) > 5 or (decimals and len(whole) > 3):
                return None  # (2,847.3 miles in millimetres is no sum for a head)
        elif token in _NUMBER_WORDS:
            amounts += 1
        elif token in _TWO_STEPS:
            return None
        elif token in _KIND:
            units.append(_SAME.get(token, token))
        elif token not in _FUNCTION:
            free += 1
    return amounts, free, units
