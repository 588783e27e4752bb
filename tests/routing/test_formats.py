"""A short text given in the turn, to put in a form it names (trooper.routing.formats), read
through the classifier: what goes local, and what stays where the other rules send it."""

from __future__ import annotations

from pathlib import Path

import pytest

from trooper.model.conversation import ChatRequest, Message, TextPart
from trooper.routing.classifier import Classifier
from trooper.routing.formats import given_form


def ask(text: str) -> ChatRequest:
    return ChatRequest("m", [Message("user", [TextPart(text)])])


@pytest.fixture(scope="module")
def balanced() -> Classifier:
    return Classifier.from_file(None, "balanced")


GIVEN = [
    "🍦 Mia – mint, Leo – strawberry, Ava – chocolate → table (Name | Flavour)",
    "Tabulate (Name, Flavour): Mia – mint, Leo – strawberry, Ava – chocolate",
    "Maria Lopez / Tom Baker / Aisha Khan → Last, First",
    "order these smallest to biggest 9 7.5 11 8 10.5",
    "Hi! Just need these in order, earliest first: 12 March, 3 January, 28 February, 9 January.",
    'How is the date "12 March 2024" written in YYYY-MM-DD format?',
    "split this addy onto separate lines for an envelope pls: Flat 3, 14 Rose Lane, Bristol",
]


@pytest.mark.parametrize("text", GIVEN)
def test_a_given_text_to_put_in_a_named_form_goes_local(balanced: Classifier, text: str) -> None:
    assert given_form(text)
    decision = balanced.classify(ask(text))
    assert (decision.local, decision.rule) == (True, "simple turn")


# no text given (a long list asked for), a sum, the conversation's text, the asker's files, code
NOT_GIVEN = [
    "Make a table of the 50 US states and their capitals.",
    "140 guests ÷ 8/table + 2 staff tables, 3 centrepieces × $7 each → total?",
    "names from earlier → Title Case",
    "Book titles from my last message → Title Case",
    "python: make every word uppercase",
    "a table of 'thank you' in 30 languages",
    "Put my contacts in alphabetical order: the ones in my phone",
    "catch me up: this week, world news, 3 bullets",
]


@pytest.mark.parametrize("text", NOT_GIVEN)
def test_what_gives_no_text_or_needs_the_cloud_stays_there(balanced: Classifier, text: str) -> None:
    assert not balanced.classify(ask(text)).local


def test_a_rules_file_takes_the_reader_off(tmp_path: Path) -> None:
    path = tmp_path / "rules.toml"
    path.write_text('[local.given_text]\nreader = "none"\n', encoding="utf-8")
    assert not Classifier.from_file(path, "balanced").classify(ask(GIVEN[0])).local


def test_every_reader_a_rules_file_may_name_has_its_test() -> None:
    from trooper.routing.classifier import READER_TESTS
    from trooper.routing.rules import READERS

    assert set(READER_TESTS) == set(READERS)
