"""A one-formula geometry question read word by word (trooper.routing.geometry), through the
classifier: what it sends local, what stays in the cloud, and the rules flags that turn it on."""

from __future__ import annotations

from pathlib import Path

import pytest

from trooper.model.conversation import ChatRequest, Message, TextPart
from trooper.routing.classifier import Classifier
from trooper.routing.geometry import one_formula


def ask(text: str) -> ChatRequest:
    return ChatRequest("m", [Message("user", [TextPart(text)])])


@pytest.fixture(scope="module")
def balanced() -> Classifier:
    return Classifier.from_file(None, "balanced")


# the thing measured named in the question's own words, which no pattern lists
ONE_FORMULA = [
    "What is the area of a rectangular doormat that measures 80 cm by 50 cm?",
    "What is the area of a dartboard with a radius of 22.5 cm?",
    "How much fencing do I need to go around a square chicken yard that is 6 metres on each side?",
    "need fence round a square chook yard 6m each side how many metres",
    "Perimeter: equilateral triangle, each side 90 cm.",
    "silo is 3m radius 10m tall wat volume in m3",
    "mug is a cylinder radius 4cm tall 10cm, hw much does it hold in cm3",
    "Kindly calculate the area of a rhombus whose diagonals measure 60 cm and 40 cm.",
    "round clock 30cm across, how far round is it?",
    "whats the volume of a brick 20cm x 10cm x 5cm",
]


@pytest.mark.parametrize("text", ONE_FORMULA)
def test_a_one_formula_question_in_its_own_words_goes_local(
    balanced: Classifier, text: str
) -> None:
    assert one_formula(text)
    decision = balanced.classify(ask(text))
    assert (decision.local, decision.rule, decision.group) == (True, "simple turn", "geometry")


# two steps, an angle, algebra, too many sizes, a Heron's triangle, a large number, a region
TWO_STEPS = [
    "How much paint do I need for a wall 4 m by 3 m at 1 litre per 10 square metres?",
    "What does it cost to carpet a room 5 m by 4 m at $20 a square metre?",
    "How many tiles 30 cm square cover a floor 3 m by 2 m?",
    "rectangle l = 2w + 3, P = 36, area = ?",
    "What is the area of a square whose perimeter is 20 cm?",
    "A sector of a circle of radius 6 cm has an angle of 60 degrees: what is its area?",
    "What is the area of a triangle with sides 5, 6 and 7 cm?",
    "What is the area of a rectangle 1250 m by 4 m?",
    "How long does it take to fill a pool 10 m by 5 m by 2 m at 100 litres a minute?",
    "What is the area of the shaded region between two circles of radius 3 and 5 cm?",
    "What is the diagonal of a rectangle whose diagonals cross at 8 cm and 6 cm?",
    "square with a diagonal of 8 cm: area?",
    "I have a circle with radius 5 and a rectangle 3 by 4. What's its area?",
    # (an MMLU item both models of the evaluations got wrong: the area from the sides takes a root)
    "An equilateral triangle has sides of 12 inches. What is the approximate area of the triangle?",
    "If a circle has radius 4 cm, what is the area of half of it?",
]


@pytest.fixture(scope="module")
def without_reader(tmp_path_factory: pytest.TempPathFactory) -> Classifier:
    path = tmp_path_factory.mktemp("rules") / "rules.toml"
    path.write_text('[local.geometry]\nreader = "none"\n', encoding="utf-8")
    return Classifier.from_file(path, "balanced")


@pytest.mark.parametrize("text", TWO_STEPS)
def test_more_than_one_formula_is_not_read_as_one(
    balanced: Classifier, without_reader: Classifier, text: str
) -> None:
    assert not one_formula(text)
    # (the reader leaves them as the patterns read them: a triangle's three sides and a large
    # rectangle go local by those, as before)
    assert balanced.classify(ask(text)) == without_reader.classify(ask(text))


@pytest.mark.parametrize(
    "text",
    [
        # what the other cloud groups read still sends it to the cloud: the conversation, the
        # asker's own papers, the news
        "What is the area of the circle in the diagram above, radius 3 cm?",
        "Perimeter of the square you drew earlier, 5 cm a side?",
        "what's the perimeter of my plot from the survey i sent, 30 m by 20 m",
        "what's the volume of a cylinder radius 2 m height 5 m right now",
    ],
)
def test_the_other_cloud_groups_still_read_a_geometry_question(
    balanced: Classifier, text: str
) -> None:
    assert one_formula(text)
    assert not balanced.classify(ask(text)).local


def test_strict_keeps_its_whole_turn_patterns() -> None:
    # (the geometry group is a balanced one: at strict a question in its own words stays out)
    assert not Classifier.from_file(None, "strict").classify(ask(ONE_FORMULA[0])).local


def test_a_rules_file_turns_the_reader_off(tmp_path: Path) -> None:
    path = tmp_path / "rules.toml"
    path.write_text("[cloud.maths]\nyields_to = []\n", encoding="utf-8")
    decision = Classifier.from_file(path, "balanced").classify(ask(ONE_FORMULA[1]))
    assert (decision.local, decision.rule) == (False, "reasoning")
    path.write_text('[local.geometry]\nreader = "none"\n', encoding="utf-8")
    assert not Classifier.from_file(path, "balanced").classify(ask(ONE_FORMULA[0])).local
