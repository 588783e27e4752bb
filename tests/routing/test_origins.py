"""Options of countries far apart (trooper.routing.origins): where a thing comes from, asked
among them, is a lookup; among neighbours, or among cities and people, it is not."""

from __future__ import annotations

import pytest

from trooper.routing.origins import countries_apart, options_of


@pytest.mark.parametrize(
    "text",
    [
        "Which is the home of flamenco: Spain, Sweden or Vietnam?",
        "Where are matryoshka dolls from: A) Russia B) Mexico C) Kenya?",
        "Is the kiwi bird from New Zealand, Kenya or Peru?",
        "the haka is from new zealand, mexico or egypt? my boys keep doing it",
        "tango → home country = ? A) Argentina B) Norway C) Japan",
    ],
)
def test_countries_of_different_regions_are_apart(text: str) -> None:
    assert countries_apart(options_of(text))


@pytest.mark.parametrize(
    "text",
    [
        # neighbours: the origins argued over
        "where is baklava from a) turkey b) greece c) armenia",
        "Where did the croissant originate? A) Austria B) France C) Italy",
        "Is feta from Greece, Italy or Spain?",
        "Where was pisco first made: Peru, Chile or Spain?",
        "Where do fortune cookies come from? A) China B) Japan C) USA",
        "Where was the tango born: Argentina, Uruguay or Spain?",
        # not countries, or too few of them
        "Where was the first hamburger made? A) Hamburg B) New Haven C) Seymour",
        "Who discovered Neptune: (a) Le Verrier (b) Adams (c) Galle?",
        "Is sushi from Japan or Brazil?",
    ],
)
def test_neighbours_cities_and_people_are_not(text: str) -> None:
    assert not countries_apart(options_of(text))


def test_many_words_of_options_are_not_a_lookup() -> None:
    options = [
        "the Democratic Republic of the Congo",
        "United States of America",
        "Papua New Guinea",
    ]
    assert not countries_apart(options)
