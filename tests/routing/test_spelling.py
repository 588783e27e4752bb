"""The speller: a chat-typed turn's typo in a word the rules read no longer sends a simple
question to the cloud, and nothing else is "put right"."""

from __future__ import annotations

import pytest

from trooper.model.conversation import ChatRequest, Message, TextPart
from trooper.routing import Classifier, normalize, spelling
from trooper.routing.rules import load_rules


def ask(text: str) -> ChatRequest:
    return ChatRequest("m", [Message("user", [TextPart(text)])])


@pytest.fixture(scope="module")
def balanced() -> Classifier:
    return Classifier.from_file(None, "balanced")


def test_the_guarded_words_were_built_for_the_packaged_rules() -> None:
    # rules.toml changed since real_words.txt was built: run scripts/build_real_words.py
    words = spelling.vocabulary(load_rules(None))
    assert spelling.recorded_digest() == spelling.digest(words), (
        "rules.toml changed since real_words.txt was built: run scripts/build_real_words.py"
    )
    assert len(words) > 1000


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("whats the circumfrence of a circle with radius 2", "circumference"),
        ("area of a trianlge with base 4 and heigth 3", "triangle"),
        ("whats the largst ocean in the world", "largest"),
        ("whats the oposite of generous", "opposite"),
    ],
)
def test_a_typo_in_a_word_the_rules_read_is_put_right(
    balanced: Classifier, typed: str, read: str
) -> None:
    assert read in normalize.respelled(typed)
    assert balanced.classify(ask(typed)).local
    assert not Classifier.from_file(None, "strict").classify(ask(typed)).local


@pytest.mark.parametrize(
    "text",
    [
        # real words one edit from a rules word
        "how fast does a plane fly",
        "who funded the museum",
        # a contraction without its apostrophe, a plural, a turn not typed in lower case
        "thats the area of a cube",
        "third party integrations",
        "Whats the circumfrence of a circle with radius 2",
        # a word one edit from two of the rules' ("discover", "discovered")
        "who discoverd radium",
    ],
)
def test_the_speller_leaves_other_words_as_they_are(text: str) -> None:
    assert spelling.packaged().respell(text) == text
    assert not spelling.packaged().changes(text)


@pytest.mark.parametrize(
    "text",
    [
        # spelling and given text: their misspellings are what is asked
        "is it calender or calandar",
        "fix the spelling: i recieved the pakage",
        "how do you spell accomodate",
        # another language's words
        "what does donde esta la estacion mean",
        "how do you say gracias in english",
    ],
)
def test_the_reader_keeps_the_misspellings_a_turn_asks_about(text: str) -> None:
    assert normalize.respelled(text) == text


def test_a_typo_is_put_right_only_to_send_a_turn_local(balanced: Classifier) -> None:
    # the turn put right reads as judgment ("recommend"): the decision stays the rules' own
    typed = "what tools would you recommand"
    assert normalize.respelled(typed) == "what tools would you recommend"
    assert balanced.classify(ask(typed)).rule == "unclear"
