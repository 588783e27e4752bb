"""A one-formula geometry question, read by its words rather than matched whole.

``[local.geometry]``'s patterns read a question made only of geometry's own words, so the thing
measured must be one they list: "the area of a rectangular doormat", "fencing round a square
chicken yard", "a dartboard with a radius of 22.5 cm" fell outside them, and the cloud group
that reads "radius" or "perimeter" as maths sent them to the cloud. This reader takes the
question's words one by one: one measure asked (an area, a perimeter or what goes round, a
volume or what a thing holds), a shape or the measures that make one (a radius, "80 by 50"),
one to three numbers of up to three digits, and at most :data:`FREE_WORDS` words of its own
(the thing measured, a typo); nothing that makes it two steps (a price, a count of tiles, a
time, a second measure, a condition) and no angle.

    >>> one_formula("What is the area of a rectangular doormat that measures 80 cm by 50 cm?")
    True
    >>> one_formula("How much fencing do I need to go around a square chicken yard, 6 m a side?")
    True
    >>> one_formula("How much paint do I need for a wall 4 m by 3 m at 1 litre per 10 m²?")
    False

The classifier asks it only about a turn no rule read, or one the maths group sent to the cloud
by a geometry word; the other cloud groups still read the turn (:mod:`trooper.routing.classifier`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

#: How many words of the question's own it may hold: the thing measured ("doormat", "chicken
#: yard", "zen garden out back"), a texted word ("wat", "hw")
FREE_WORDS = 5
#: ... and a question read with the sentence of the asker's story that gives its sizes
#: (:func:`trooper.routing.normalize.measured_story`), the words of that sentence too
STORY_FREE_WORDS = 12
# (a longer question is rarely one formula)
_MAX_TOKENS = 28
_STORY_TOKENS = 56
_TOKEN = re.compile(r"\d+(?:\.\d+)?|[a-z]+(?:['’][a-z]+)?|[²³½⅓¼]")
_ASKED_LAST = re.compile(r"=\s*\?*\s*\Z")
_ALL_ROUND = re.compile(r"\ball (?:the way )?round\b")
_NUMBER_WORDS = frozenset(
    (
        *("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"),
        *("eleven", "twelve", "fifteen", "twenty", "thirty", "forty", "fifty", "sixty"),
        *("seventy", "eighty", "ninety", "hundred"),
    )
)
# the measure asked, by kind: two kinds are two steps ("the area of a square whose perimeter is
# 20")
_MEASURES = {
    "area": "area",
    "perimeter": "perimeter",
    "circumference": "perimeter",
    "around": "perimeter",
    "volume": "volume",
    "capacity": "volume",
    "hold": "volume",
    "holds": "volume",
    "cm3": "volume",
    "m3": "volume",
    "cubic": "volume",
}
_SHAPES = frozenset(
    (
        *("circle", "circular", "disc", "disk", "square", "rectangle", "rectangular", "oblong"),
        *("triangle", "triangular", "equilateral", "cylinder", "cylindrical", "cone", "conical"),
        *("cube", "cuboid", "box", "sphere", "spherical", "ball", "globe", "pyramid", "prism"),
        *("rhombus", "diamond", "parallelogram", "trapezoid", "trapezium", "trapezoidal"),
        *("semicircle", "hexagon", "hexagonal", "pentagon", "octagon", "shaped", "based"),
    )
)
# the shape a word names ("square" is left out: it is a unit's word too, "square metres")
_FAMILY = {
    **dict.fromkeys(("circle", "circular", "disc", "disk", "semicircle"), "circle"),
    **dict.fromkeys(("rectangle", "rectangular", "oblong"), "rectangle"),
    **dict.fromkeys(("triangle", "triangular", "equilateral"), "triangle"),
    **dict.fromkeys(("cylinder", "cylindrical"), "cylinder"),
    **dict.fromkeys(("cone", "conical"), "cone"),
    **dict.fromkeys(("cube", "cuboid"), "box"),
    **dict.fromkeys(("sphere", "spherical"), "sphere"),
    **dict.fromkeys(("rhombus", "diamond"), "rhombus"),
    **dict.fromkeys(("trapezoid", "trapezium", "trapezoidal"), "trapezoid"),
    **{w: w for w in ("pyramid", "prism", "parallelogram", "hexagon", "pentagon", "octagon")},
}
_HEIGHTS = frozenset(("height", "high", "tall", "base"))
# what follows "round" when it goes round a thing, and what comes before it
_ROUND_WHAT = frozenset(("a", "an", "the", "it", "its"))
_GOES_ROUND = frozenset(("far", "way", "go", "goes"))
_AFTER_A_SQUARE = frozenset(("with", "of", "whose", "that", "has", "having", "is", "side", "sides"))
# the measures that make a shape without naming it ("radius 3 cm", "80 by 50 cm")
_DIMENSIONS = frozenset(
    (
        *("radius", "diameter", "side", "sides", "length", "lengths", "width", "wide", "long"),
        *("tall", "high", "height", "deep", "depth", "base", "across", "diagonals", "by", "x"),
        *("edge", "edges", "parallel", "thick"),
    )
)
#: The units a size is given in
UNITS = frozenset(
    (
        *("mm", "cm", "m", "km", "in", "inch", "inches", "ft", "feet", "foot", "yd", "yard"),
        *("yards", "metre", "metres", "meter", "meters", "centimetre", "centimetres"),
        *("centimeter", "centimeters", "millimetre", "millimetres", "kilometre", "kilometres"),
        *("sq", "square", "cm2", "m2", "mm2", "ft2", "units", "unit"),
    )
)
_FUNCTION = frozenset(
    (
        *("what", "whats", "what's", "wat", "how", "much", "many", "big", "large", "is", "are"),
        *("was", "be", "will", "would", "does", "do", "did", "can", "could", "the", "a", "an"),
        *("of", "with", "and", "n", "in", "on", "its", "it", "it's", "has", "have", "having"),
        *("that", "thats", "that's", "which", "whose", "find", "calculate", "compute", "work"),
        *("out", "give", "me", "get", "for", "i", "we", "my", "our", "need", "needed", "to"),
        *("go", "goes", "going", "once", "all", "way", "each", "this", "there", "at"),
        *("from", "up", "so", "into", "just", "only", "exactly", "about", "roughly", "answer"),
        *("measures", "measure", "measuring", "measured", "equal", "along", "between", "them"),
        *("separated", "outside", "inside", "made", "shape", "shaped", "r", "d", "h", "l", "w"),
        *("b", "pi", "π", "please", "pls", "determine", "tell", "you", "your", "kindly"),
        *("same", "other", "both", "sided", "far", "hw", "fit", "fits"),
    )
)
# what makes it more than one formula: a price, things to buy or count, a time, a weight, a
# condition or a comparison, an angle, a region of a figure
_TWO_STEPS = frozenset(
    (
        *("cost", "costs", "price", "priced", "pay", "spend", "cheap", "cheaper", "budget"),
        *("dollars", "euros", "cents", "pence", "quid", "bucks", "paint", "tins", "tiles"),
        *("tile", "slabs", "rolls", "bags", "pots", "buckets", "litres", "liters", "litre"),
        *("liter", "gallons", "hour", "hours", "minute", "minutes", "second", "seconds", "day"),
        *("days", "kg", "grams", "pounds", "lbs", "weigh", "weighs", "weight", "speed", "if"),
        *("then", "after", "left", "remaining", "remain", "more", "less", "than", "twice"),
        *("double", "doubled", "half", "halved", "percent", "increase", "increased", "ratio"),
        *("scale", "difference", "compare", "total", "altogether", "sum", "angle", "angles"),
        *("degrees", "sector", "arc", "inscribed", "circumscribed", "shaded", "region", "prove"),
        *("why", "explain", "derive", "every", "times", "fill", "filled", "cut"),
        *("removed", "hole", "path", "border", "percentage", "average"),
        *("surface", "faces", "rate", "flow", "per", "minus", "plus", "add", "subtract"),
        # (an estimate among options: "Which measurement is closest to the circumference ...?")
        *("closest", "nearest", "estimate", "approximately", "roughly"),
    )
)
_MONEY = re.compile(r"[$£€¥%]")
# the sizes that make a shape without naming it; and the words that are neither the question's
# own nor a sign of two steps
_MAKES_SHAPE = frozenset(("radius", "diameter", "by", "x", "across", "diagonals"))
_RECTANGLE = frozenset(("long", "wide"))
_SIDES = frozenset(("length", "width"))
_KNOWN = _DIMENSIONS | UNITS | _FUNCTION | frozenset("²³½⅓¼")
# (a question with none of these asks no measure: most turns stop here)
_CUES = re.compile(r"area|perimeter|circumference|round|volume|hold|capacity|m3|cubic")


@dataclass(slots=True)
class _Reading:
    """What a question's words hold, counted one by one."""

    kinds: set[str] = field(default_factory=set)
    shapes: set[str] = field(default_factory=set)
    numbers: int = 0
    free: int = 0
    shaped: bool = False
    sizes: list[str] = field(default_factory=list)


def one_formula(text: str, story: bool = False) -> bool:
    """Whether ``text`` asks one measure of one shape from its given sizes (see above);
    ``story``: a question after the sentence of a story that gives the sizes."""
    lower = text.lower()
    if _CUES.search(lower) is None:
        return False
    # (an equation given, a sum: "rectangle l = 2w + 3, P = 36, area = ?" is algebra)
    # (the "= ?" that asks the answer is no equation: "basin r = 3 m → area = ?")
    given = _ASKED_LAST.sub("", lower)
    if lower.count("?") > 1 or given.count("=") > 1 or "+" in lower or _MONEY.search(lower):
        return False
    # (what goes all round a shape goes around it: "how much fence to go all round?")
    tokens = _TOKEN.findall(_ALL_ROUND.sub("around", lower) if "round" in lower else lower)
    if not tokens or len(tokens) > (_STORY_TOKENS if story else _MAX_TOKENS):
        return False
    reading = _read(tokens)
    free = STORY_FREE_WORDS if story else FREE_WORDS
    if reading is None or len(reading.kinds) != 1 or reading.free > free:
        return False
    # (two shapes: which one is asked of? "a circle with radius 5 and a square with side 3.
    # What's its area?")
    if len(reading.shapes) > 1:
        return False
    if not 1 <= reading.numbers <= 3 or not all(map(_small, reading.sizes)):
        return False
    # a triangle's three sides want Heron's formula; a square's or a rectangle's diagonal,
    # Pythagoras first (a rhombus's two diagonals give its area)
    words = set(tokens)
    if "triangle" in words and reading.numbers == 3 and "equilateral" not in words:
        return False
    # (a triangle's area is half its base times its height: from its sides alone it takes a
    # root, "An equilateral triangle has sides of 12 inches. What is the approximate area?")
    if reading.shapes == {"triangle"} and reading.kinds == {"area"} and not _HEIGHTS & words:
        return False
    if {"diagonal", "diagonals"} & words and not {"rhombus", "diamond"} & words:
        return False
    # (a length and a width make a rectangle: "a yoga mat 180 cm long and 60 cm wide")
    return reading.shaped or "×" in text or words >= _RECTANGLE or words >= _SIDES


def _read(tokens: list[str]) -> _Reading | None:
    """What ``tokens`` hold; None if one of them makes the question more than one formula."""
    reading = _Reading()
    for i, token in enumerate(tokens):
        if token[0].isdigit():
            reading.numbers += 1
            reading.sizes.append(token)
        elif token in _NUMBER_WORDS:
            reading.numbers += 1
        elif token in _TWO_STEPS:
            # ("per" only as a side's measure: "6 m per side")
            if token != "per" or tokens[i + 1 : i + 2] != ["side"]:
                return None
        elif token in _MEASURES:
            reading.kinds.add(_MEASURES[token])
        elif token == "round" and _goes_round(tokens, i):
            reading.kinds.add("perimeter")
        elif (
            token in _SHAPES
            or token == "round"
            or token in _MAKES_SHAPE
            # (a radius or a diameter written as its letter, then its size: "hut r = 3 m")
            or (token in ("r", "d") and tokens[i + 1 : i + 2] != [] and tokens[i + 1][0].isdigit())
        ):
            reading.shaped = True
            _name_shape(tokens, i, reading.shapes)
        elif token not in _KNOWN:
            reading.free += 1
    return reading


def _name_shape(tokens: list[str], i: int, shapes: set[str]) -> None:
    """Add the shape the word at ``i`` names to ``shapes``, if it names one: not as a word of
    another's ("cube-shaped box", "square-based pyramid"); "square" only as a noun ("a square
    with side 3", not "a square yard" or "square metres")."""
    token, after = tokens[i], tokens[i + 1 : i + 2]
    if after in (["shaped"], ["based"]):
        return
    if token in _FAMILY:
        shapes.add(_FAMILY[token])
    elif token == "square" and (not after or after[0] in _AFTER_A_SQUARE):
        shapes.add("square")


def _small(size: str) -> bool:
    """Whether a size has at most three digits, and two decimals."""
    whole, _, decimals = size.partition(".")
    return len(whole) <= 3 and len(decimals) <= 2


def _goes_round(tokens: list[str], i: int) -> bool:
    """Whether "round" at ``i`` says what goes round a thing ("fence round a yard", "how far
    round is it"), not what shape it is ("a round mirror")."""
    after = tokens[i + 1] if i + 1 < len(tokens) else ""
    before = tokens[i - 1] if i > 0 else ""
    return after in _ROUND_WHAT or before in _GOES_ROUND
