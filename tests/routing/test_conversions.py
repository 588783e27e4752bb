"""An amount asked in another unit of its kind, in any words (trooper.routing.conversions),
read through the classifier: what goes local, and what stays where the other rules send it."""

from __future__ import annotations

import pytest

from trooper.model.conversation import ChatRequest, Message, TextPart
from trooper.routing.classifier import Classifier
from trooper.routing.conversions import converts


def ask(text: str) -> ChatRequest:
    return ChatRequest("m", [Message("user", [TextPart(text)])])


@pytest.fixture(scope="module")
def routers() -> dict[str, Classifier]:
    return {level: Classifier.from_file(None, level) for level in ("balanced", "eager")}


CONVERSIONS = [
    "How many kilograms is a 2,500-gram bag of potatoes?",
    "ordered 2 tonnes of gravel for the driveway, how many kg is that",
    "🥔 2500 g → kg = ?",
    "Hectares: a 40-acre farm plot?",
    "How many years are there in five decades?",
]


@pytest.mark.parametrize("text", CONVERSIONS)
def test_an_amount_asked_in_another_unit_goes_local(
    routers: dict[str, Classifier], text: str
) -> None:
    assert converts(text)
    decision = routers["balanced"].classify(ask(text))
    assert (decision.local, decision.rule) == (True, "simple turn")


# two amounts, units of two kinds (a density), money, a rate, a plan, a clause, what is now
NOT_ONE = [
    "how many cups of flour is 500 g",
    "convert 5 ft 10 in to cm",
    "How many euros is 20 dollars?",
    "How many minutes until 5 pm?",
    "need a week by week checklist for a wedding in 6 months",
    "What's 30 degrees in fahrenheit in Paris now?",
    "How many km will I drive in 3 hours at 60 mph?",
]


@pytest.mark.parametrize("text", NOT_ONE)
def test_more_than_one_conversion_is_not_read_as_one(
    routers: dict[str, Classifier], text: str
) -> None:
    assert not converts(text)


@pytest.mark.parametrize(
    "text",
    [
        # a clause an eager reading takes apart, and the answer asked to more places than a
        # small model holds
        "how many boxes of paper for 4 wks if 14 ppl print 35 pages a day each, 5 days a week",
        "How long is a sidereal day, to the nearest ten-thousandth of a second?",
        "need a week by week checklist for a wedding in 6 months",
    ],
)
def test_what_the_cloud_groups_read_stays_there(routers: dict[str, Classifier], text: str) -> None:
    assert not routers["balanced"].classify(ask(text)).local
    assert not routers["eager"].classify(ask(text)).local
