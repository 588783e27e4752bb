"""Options of countries far apart: where a thing comes from, asked among them, is no dispute.

A multiple-choice item that asks where a thing comes from stays in the cloud: the origins
people argue about are asked that way ("where is baklava from a turkey b greece c armenia",
"Where did the croissant originate? A) Austria B) France C) Italy"). Those disputes are between
neighbours, which share a region here (a country may be in several). Options that are all
countries, no two of a region, leave nothing to argue: "Which is the home of flamenco: Spain,
Sweden or Vietnam?".

    >>> countries_apart(options_of("Where did judo originate: Japan, Brazil or Norway?"))
    True
    >>> countries_apart(options_of("Where is the croissant from? A) Austria B) France C) Italy"))
    False
    >>> countries_apart(options_of("Where was the first hamburger made? A) Hamburg B) New Haven"))
    False
"""

from __future__ import annotations

import re

# the regions neighbours share: an origin argued over is argued between countries of one
_REGIONS: dict[str, tuple[str, ...]] = {
    "nordic": ("sweden", "norway", "denmark", "finland", "iceland"),
    "british isles": (
        *("uk", "united kingdom", "britain", "great britain", "england", "scotland", "wales"),
        *("ireland", "northern ireland"),
    ),
    "western europe": (
        *("france", "belgium", "netherlands", "holland", "luxembourg", "germany", "austria"),
        *("switzerland", "italy", "uk", "united kingdom", "britain", "great britain"),
        *("england", "ireland", "spain", "portugal", "denmark"),
    ),
    "mediterranean": (
        *("spain", "portugal", "italy", "greece", "malta", "cyprus", "france", "turkey"),
        *("croatia", "lebanon", "israel", "egypt", "morocco", "tunisia", "algeria", "libya"),
    ),
    "central and eastern europe": (
        *("poland", "czech republic", "czechia", "slovakia", "hungary", "germany", "austria"),
        *("romania", "bulgaria", "ukraine", "russia", "belarus", "lithuania", "latvia"),
        *("estonia", "moldova", "slovenia", "serbia", "croatia"),
    ),
    "balkans and anatolia": (
        *("greece", "turkey", "bulgaria", "serbia", "croatia", "bosnia", "albania"),
        *("north macedonia", "macedonia", "montenegro", "slovenia", "romania", "cyprus"),
        *("armenia", "georgia", "azerbaijan"),
    ),
    "middle east": (
        *("lebanon", "israel", "palestine", "syria", "jordan", "iraq", "iran", "saudi arabia"),
        *("yemen", "oman", "united arab emirates", "uae", "qatar", "kuwait", "bahrain"),
        *("egypt", "turkey", "armenia"),
    ),
    "north africa": ("egypt", "libya", "tunisia", "algeria", "morocco", "sudan"),
    "africa south of the sahara": (
        *("kenya", "tanzania", "uganda", "ethiopia", "somalia", "nigeria", "ghana", "senegal"),
        *("mali", "south africa", "zimbabwe", "zambia", "botswana", "namibia", "cameroon"),
        *("congo", "rwanda", "madagascar", "mozambique", "angola", "ivory coast", "sudan"),
    ),
    "south asia": (
        *("india", "pakistan", "bangladesh", "sri lanka", "nepal", "bhutan", "afghanistan"),
        "maldives",
    ),
    "central asia": (
        *("kazakhstan", "uzbekistan", "kyrgyzstan", "tajikistan", "turkmenistan", "mongolia"),
        *("russia", "afghanistan", "iran"),
    ),
    "east asia": (
        *("china", "japan", "korea", "south korea", "north korea", "taiwan", "mongolia"),
        "hong kong",
    ),
    "southeast asia": (
        *("vietnam", "thailand", "cambodia", "laos", "myanmar", "burma", "malaysia"),
        *("singapore", "indonesia", "philippines", "brunei"),
    ),
    "oceania": ("australia", "new zealand", "fiji", "samoa", "tonga", "papua new guinea"),
    "north america": (
        *("usa", "us", "united states", "united states of america", "america", "canada"),
        "mexico",
    ),
    "latin america": (
        *("mexico", "guatemala", "belize", "honduras", "el salvador", "nicaragua"),
        *("costa rica", "panama", "cuba", "jamaica", "haiti", "dominican republic"),
        *("puerto rico", "colombia", "venezuela", "ecuador", "peru", "bolivia", "chile"),
        *("argentina", "uruguay", "paraguay", "brazil", "guyana", "trinidad and tobago"),
    ),
}
# each country's regions
_REGIONS_OF: dict[str, frozenset[str]] = {
    name: frozenset(region for region, names in _REGIONS.items() if name in names)
    for names in _REGIONS.values()
    for name in names
}
_LONGEST_NAME = max(len(name.split()) for name in _REGIONS_OF)

# where the options start: the first one's label, or a colon or a dash after the question
_LABEL = re.compile(r"(?:\A|(?<=[\s,;:/—–-]))\(?[A-Da-d1-4][.):]\s*")
#: The first option's label, where a turn's options start ("... puck: A) ice hockey B) tennis")
FIRST_LABEL = re.compile(r"(?:\A|(?<=[\s:—–-]))\(?(?:[Aa]|1(?=[.)]))[.):]\s*(?=\S)")
_AFTER_QUESTION = re.compile(r"[:—–]\s*|\?\s+")
_BETWEEN = re.compile(r"\s*(?:,|/|;|\bor\b)\s*", re.IGNORECASE)
_ARTICLE = re.compile(r"\A(?:the|a|an)\s+", re.IGNORECASE)


def options_of(text: str) -> list[str]:
    """The options a multiple-choice turn gives, lettered or in words, as written (the first of
    them in words may still carry the question's last words: :func:`countries_apart` reads only
    its end).

    >>> options_of("Is the kiwi bird from New Zealand, Kenya or Peru?")
    ['Is the kiwi bird from New Zealand', 'Kenya', 'Peru']
    >>> options_of("the haka is from new zealand, mexico or egypt? my boys keep doing it")
    ['the haka is from new zealand', 'mexico', 'egypt']
    >>> options_of("kiwi bird → country = ? A) New Zealand B) Kenya C) Peru")
    ['New Zealand', 'Kenya', 'Peru']
    """
    first = FIRST_LABEL.search(text)
    if first is not None:
        parts = _LABEL.split(text[first.start() :])
    else:
        # (the options end at the last question mark, unless they follow it: a remark may)
        mark = text.rfind("?")
        body = text[:mark] if mark >= 0 and len(_BETWEEN.findall(text[mark:])) < 2 else text
        ends = [found.end() for found in _AFTER_QUESTION.finditer(body)]
        tail = body[ends[-1] :] if ends and ends[-1] < len(body) else body
        parts = _BETWEEN.split(tail)
    options = [part.strip(" \t\n,;/.?!") for part in parts]
    return [option for option in options if option]


def countries_apart(options: list[str], most_words: int = 8) -> bool:
    """Whether ``options`` (three or more, of ``most_words`` words in all at most, a letter
    each) are all countries, no two of one region; the first may end on its country, after the
    question's words."""
    if len(options) < 3:
        return False
    seen: set[str] = set()
    words = 0
    for at, option in enumerate(options):
        named = _country(option, last=at == 0)
        if named is None or not seen.isdisjoint(_REGIONS_OF[named]):
            return False
        seen |= _REGIONS_OF[named]
        words += 1 + len(named.split())
    return words <= most_words


def _country(option: str, last: bool) -> str | None:
    """The country ``option`` names (``last``: its last words do); None if it names none."""
    words = _ARTICLE.sub("", option.lower()).split()
    if not last:
        named = " ".join(words)
        return named if named in _REGIONS_OF else None
    for size in range(min(_LONGEST_NAME, len(words)), 0, -1):
        named = " ".join(words[-size:])
        if named in _REGIONS_OF:
            return named
    return None
