"""The fast path through the question reader: a turn it admits is one unwrap leaves as it is.

``unwrap`` first asks ``_left_as_is`` whether any of its steps could change the turn; if none
can, it returns the turn at once, and otherwise reads it step by step (``_read_slowly``). These
tests read every phrasing the router is developed on, and many variants of them, with the fast
path's test, and require the full reader to leave every turn it admits as it is.
"""

from __future__ import annotations

import random
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from scripts.router_perturb import SEALED

from trooper.routing import normalize
from trooper.routing.classifier import _POINTS_BACK, _POINTS_BACK_LOWER
from trooper.routing.normalize import Unwrapped, unwrap

ROOT = Path(__file__).resolve().parents[2]
# (development sets only: the sealed held-out sets, SEALED, are not read here; and a fixed corpus,
# the paraphrase sets up to set 18 and the look-alike sets up to set 10, so the check does not
# grow with each set and stays a small part of the suite's time)
UPTO = {"paraphrases": 18, "lookalike_cloud": 10}


def _in_corpus(stem: str) -> bool:
    """Whether the set ``stem`` names is in the fixed corpus (a set without a number is)."""
    number = re.search(r"(\d+)\Z", stem)
    kind = next((k for k in UPTO if stem.startswith(k)), None)
    return stem not in SEALED and (number is None or kind is None or int(number[1]) <= UPTO[kind])


def _family_prompts() -> list[str]:
    prompts = []
    for path in sorted((ROOT / "tests" / "routing").glob("paraphrases*.toml")):
        if not _in_corpus(path.stem):
            continue
        for family in tomllib.loads(path.read_text("utf-8")).values():
            prompts.extend(family["prompts"])
    return prompts


def _built_prompts() -> list[str]:
    prompts = []
    for path in sorted((ROOT / "scripts" / "router_data").glob("*.txt")):
        if not _in_corpus(path.stem):
            continue
        for line in path.read_text("utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                prompts.append(line)
    return prompts


BASE = _family_prompts() + _built_prompts()

# Words each step of the reader starts on, put before or after a plain turn
ENDS = [
    "please", "thanks", "thank you", "pls", "quickly", "real quick", "cheers", "ty", "thx",
    "author", "inventor", "painter", "artist", "is", "is what", "are", "means", "stands for",
    "for what", "abbr", "acronym", "come to", "equal", "make", "add up to", "in one sentence",
    "in simple terms", "in a few words", "briefly", "just 3", "only two", "exactly", "actually",
    "rn", "tmrw", "2day", "2moro", "tonite", "in?", "- artist", "writer.", "precisely!",
    "equals", "is in", "located in", "is where", "is located where", "is how tall", "was who",
    "are how many miles", "is which city", "is what year", "yr", "u", "are u", "did u", "see u",
    "is 4 + 4 equal to", "in english", "in plain english", "in layman's terms", "in one line",
    "in the language", "(b)", "(a) x (b) y", "a) x b) y c) z", "(in French)", "(1997)", "(b. x",
    "is found in", "are situated in", "is the capital of", "'s capital", "'s prime minister",
]  # fmt: skip
STARTS = [
    "hi", "hey", "so", "ok", "please", "can you", "could you", "do you know", "tell me the",
    "give me the", "where can I find", "which person", "what", "who", "who is known for",
    "the actor who played", "explain what", "explain who", "in French,", "A.", "a)", "I",
    "just curious", "help", "one more", "next", "whats", "wat is", "the one that", "choose the",
    "question 3:", "pick the best", "select the right", "quiz time", "true story", "fun fact",
    "what is", "what person", "which man", "what people", "who is",
    "who was the actor who played",
    "who is known for", "who was famous for", "where", "where can i find", "where do we find",
    "where's", "who's", "when's", "what's", "what is the", "which",
    "hi?", "hello", "hello there", "ok so", "can i", "could we", "do dogs", "will it", "give us",
    "give me", "tell us", "tell me", "i wonder if", "i have", "i'm", "i'd", "so what", "question",
    "q", "help me", "sorry", "excuse me", "a) 4 b) 5 c) 6 -", "(a) 4 (b) 5 (c) 6 -",
    "(a. 4 (b. 5 (c. 6 -", "a. 4 (b) 5 c) 6 -", "why", "how", "whose", "when",
]  # fmt: skip
PLAIN = [
    "Review this plan for migrating our billing service.",
    "Summarize the attached report",
    "Write a haiku about autumn",
    "Translate the paragraph into formal English",
    "capital of Chile",
    "Everest height",
    "12 times 9",
]
# plain questions: no step of the reader changes them
QUESTIONS = [
    "What is the capital of France?",
    "How do I make my React app faster?",
    "Why is the sky blue?",
    "Who wrote Hamlet?",
    "Where is the Eiffel Tower?",
    "Which planet is the largest?",
    "What's the boiling point of water?",
    "Why don't cats like water?",
    "Is it safe to eat raw eggs?",
    "How many legs does a spider have?",
    "When did World War 2 end?",
    "What are the benefits of meditation?",
    "What is 15% of 80?",
    "Who is the president of France?",
    "What time is it in Tokyo?",
    "Can I freeze cooked rice?",
    "Do dogs dream?",
    "Which city is the Eiffel Tower in?",
    "Who is Canada's prime minister?",
    "What is the Big Bang (in cosmology)?",
    "Give a synonym for happy",
    "hi",
    "Hello!",
    "What is 9 squared?",
    "How do I say hello in English?",
    "What are the pros and cons of React, Vue and Angular?",
    "Write a poem about cats, dogs and birds",
    "Python is usually an elegant language. But it is slow",
    "Lovely. Write a poem about autumn",
    "How would you study learning if you could measure everything in the brain?",
    "build a nodejs app for whatsapp business API",
    "Money transfer from Australia to India - which service do you recommend?",
    "Why is only one side of the moon visible?",
    "What is a good tip for saving money?",
    "Let's play chess",
    "thanks!",
    "lemme share a paper with you",
    "What is the German word for please?",
    "In a gaming studio, what are the main roles?",
]
_PUNCTUATION = re.compile(r"[?.!,:;'\"]")


def variants(text: str) -> Iterator[str]:
    """The turn, and forms of it a user might type."""
    yield text
    yield text.lower()
    yield text.upper()
    bare = _PUNCTUATION.sub("", text)
    yield bare
    yield bare.lower()
    words = bare.split()
    if len(words) > 2:
        yield " ".join(words[1:])
        yield " ".join(words[:-1])
        yield " ".join(words[:1] + words[2:])
    yield text.rstrip("?.!") + "."
    yield text.rstrip("?.!") + "?"
    yield text.rstrip("?.!") + " ?"


def _texts() -> list[str]:
    texts = []
    for text in BASE:
        texts.extend(variants(text))
    # clauses joined: each turn with its neighbour, in the usual ways
    for first, second in zip(BASE, BASE[1:] + BASE[:1], strict=True):
        a, b = first.rstrip("?.!"), second[:1].lower() + second[1:]
        texts += [f"{a} and {b}", f"{a}, {b}", f"{a}. {second}", f"{a} {b}", f"{a}? {second}"]
    # plain turns with each step's cue before or after them
    admitted = [t for t in BASE if normalize._left_as_is(t)]
    asked = [t for t in admitted if t.endswith("?")][:200]
    for base in PLAIN + QUESTIONS + [t for t in admitted if not t.endswith("?")][:200] + asked:
        stem = base.rstrip(".?")
        for end in ENDS:
            texts += [f"{stem} {end}", f"{stem} {end}.", f"{stem}, {end}", f"{stem} {end}!"]
            texts += [f"{stem} {end}?", f"{stem}, {end}?", f"{stem}? {end}", f"{stem} {end} ?"]
        for start in STARTS:
            texts += [f"{start} {base}", f"{start} {base[:1].lower()}{base[1:]}"]
    # a possessive or a contraction on each word of a plain question
    for base in QUESTIONS + asked[:100]:
        words = base.split()
        for i in range(len(words)):
            for mark in ("'s", "'t", "s'"):
                texts.append(" ".join([*words[:i], words[i].rstrip("?") + mark, *words[i + 1 :]]))
    # and turns with next to nothing in them
    texts += ["", " ", "a", "A", "...", "!", "a.", "?", "b.", "-", "the", "I", "is", "x y"]
    return texts


# The words the reader's steps read, put together at random (seeded): more orders of them than
# the phrasings above hold ("Everest's height ?", "Are what's did choose?").
WORDS = [
    "what", "who", "where", "when", "which", "how", "why", "whose", "whom", "is", "are", "was",
    "were", "equals", "equal", "located", "situated", "found", "in", "on", "at", "from", "the",
    "a", "an", "'s", "person", "man", "people", "actor", "that", "known", "famous", "for",
    "discovering", "give", "me", "tell", "us", "hi", "hello", "hey", "ok", "so", "can", "could",
    "would", "will", "you", "please", "thanks", "pls", "tip", "18%", "$64", "bill", "come", "to",
    "make", "add", "up", "12", "+", "30", "19", "and", "23", "simple", "terms", "one", "sentence",
    "line", "words", "briefly", "english", "plain", "explain", "find", "i", "i'm", "i'd", "wonder",
    "say", "spell", "author", "inventor", "painter", "stands", "abbr", "acronym", "means", "mean",
    "does", "do", "did", "don't", "it's", "bob's", "age", "height", "everest's", "where's",
    "who's", "(a)", "(b)", "a)", "b)", "c)", "(c)", "a.", "b.", "c.", "-", "->", "just", "only",
    "3", "exactly", "actually", "u", "whats", "rn", "tmrw", "6", "x", "7", "capital", "of",
    "france", "tall", "many", "miles", "much", "question", "quiz", "q", "well", "oh", "um", "help",
    "next", "one", "more", "choose", "pick", "select", "correct", "answer", "letter", "short",
    "what's"
]  # fmt: skip
_RANDOM_TURNS = 60_000


def _random_texts() -> list[str]:
    rng = random.Random(13)
    texts = []
    for _ in range(_RANDOM_TURNS):
        words = [rng.choice(WORDS) for _ in range(rng.randint(1, 9))]
        if rng.random() < 0.3:  # a clause break after a word
            at = rng.randrange(len(words))
            words[at] += rng.choice((",", ",", ".", "!"))
        if rng.random() < 0.5:
            words[0] = words[0].capitalize()
        texts.append(" ".join(words) + rng.choice(("?", "?", "", ".", "!", " ?")))
    return texts


TEXTS = _texts() + _random_texts()


def test_every_turn_the_fast_path_admits_is_one_the_full_reader_leaves_as_it_is() -> None:
    admitted = [text for text in TEXTS if normalize._left_as_is(text)]
    wrong = [t for t in admitted if normalize._read_slowly(t) != Unwrapped(t, False, "")]
    assert wrong == []
    assert len(TEXTS) > 20_000
    assert len(admitted) > 3_000  # (the test reads many admitted turns, not a few)


@pytest.mark.parametrize("text", PLAIN)
def test_plain_imperative_and_statement_turns_take_the_fast_path(text: str) -> None:
    assert normalize._left_as_is(text)
    assert unwrap(text) == Unwrapped(text, False, "")


@pytest.mark.parametrize("text", QUESTIONS)
def test_plain_questions_take_the_fast_path(text: str) -> None:
    assert normalize._read_slowly(text) == Unwrapped(text, False, "")
    assert normalize._left_as_is(text)
    assert unwrap(text) is not None and unwrap(text).text is text


def test_the_fast_path_admits_questions_in_the_corpus() -> None:
    admitted = [text for text in TEXTS if "?" in text and normalize._left_as_is(text)]
    assert len(admitted) > 3_000


# turns a step of the reader changes, by step (the fast path must refuse them all)
CHANGED = {
    "options": ["Which planet is red?\nA. Venus\nB. Mars", "pick one a) 4 b) 5 c) 6 d) 7"],
    "options first": ["A) 54 B) 56 C) 58 - which one is 7 times 8?"],
    "emoji": ["italian for thank you pls 🙏"],
    "shorthand": [
        "library = ? (French)",
        "EN->JA: thank you",
        "In Spanish, good night is said how",
    ],
    "texting": ["whats a metaphor", "can u name a prime", "add 4 & 5"],
    "preamble": ["Hey quick question what is the capital of Canada", "Please name a prime"],
    "closing": ["name a prime number please", "name a prime number thanks!"],
    "given": ["Fix the grammar: she don't like it", "meet me at noon -> ALL CAPS"],
    "given lines": ["Sort these\nlion\ntiger\nbear"],
    "context": [
        "I'm baking a cake. How many grams are in a cup?",
        "how many miles is 120 km, im driving in france",
    ],
    "brevity": ["what is a metaphor in simple terms", "name some noble gases just 3"],
    "filler": ["who actually wrote Hamlet"],
    "explained": ["explain what a metaphor is"],
    "completion": ["The capital of Kenya is:", "6 x 7 ="],
    "quotes": ["Who sang 'Hey Jude'"],
    "direct": ["what does 12 + 30 come to", "the capital of Chile is what", "NATO stands for what"],
    "tip": ["An 18% tip on a $64 dinner bill is how much"],
    "canonical": ["tell me the capital of Kenya", "telephone inventor", "Everest is how tall"],
    "who form": ["which person invented the telephone", "the actor who played Gandalf"],
    # the same, asked with a question mark
    "question: completion": ["6 times 7 equals?", "The capital of Kenya is?"],
    "question: direct": [
        "what does 12 + 30 come to?",
        "the capital of Chile is what?",
        "CPU is short for what?",
        "what frugal means?",
    ],
    "question: canonical": [
        "Where can I find Mount Kilimanjaro?",
        "Kilimanjaro is located in?",
        "The Colosseum is located where?",
        "Everest is how tall?",
        "Hamlet author?",
        "how would you say thank you in Japanese?",
    ],
    "question: who form": [
        "Which person invented the telephone?",
        "What man walked on the moon first?",
        "Who was the actor who played Gandalf?",
        "Who is known for discovering penicillin?",
    ],
    "question: possessive": ["What is Everest's height?", "Everest's height?", "what's Bob's age?"],
    "question: contraction": ["Where's the Eiffel Tower?", "who's the president of France?"],
    "question: brevity": ["What is a metaphor in simple terms?", "Who actually wrote Hamlet?"],
    "question: explained": ["Explain what a metaphor is?"],
    "question: quotes": ["Who sang 'Hey Jude'?"],
    "question: texting": ["whats the capital of France?", "can u name a prime?"],
    "question: politeness": ["Capital of France please?", "Can you name a prime?"],
    "question: tip": ["How much is an 18% tip on a $64 dinner bill?"],
    "question: context": ["I'm baking a cake. How many grams are in a cup?"],
    "question: preamble": ["hello what is the capital of Canada?", "I wonder who wrote Emma?"],
    "question: request": ["Give me the capital of Kenya?", "tell me Kenya's capital"],
    "options in parentheses": ["what is 2 + 3 (a) 4 (b) 5 (c) 6 (d) 7", "(a) 4 (b) 5 (c) 6 - 2+3?"],
    "question: located": ["Mount Fuji is situated in?", "Kilimanjaro is found in?"],
    "clause: context": [
        "Just wondering, who wrote Emma?",
        "my run was 7 km, how many meters is that",
        "who wrote Emma, im reading it",
    ],
    "clause: topic": ["The Old Man and the Sea, who wrote it?", "X, what does it mean?"],
    "clause: language": ["In French, how do you say hello?"],
    "dash: topic": ["Serendipity - what does it mean?", "Hamlet - who wrote it?"],
    "count": ["what are some noble gases, just 3", "name two prime numbers only 2 please"],
    "brevity: briefly": ["briefly, what is a metaphor?", "What is DNS briefly?"],
    "sentence: context": [
        "I'm baking a cake. How many grams are in a cup",
        "I'm baking a cake! how many grams are in a cup",
        "I'm baking a cake. How many grams are in a cup?",
        "I have a cat. Why do cats purr?",
        "I'm reading Emma! Who wrote it?",
    ],
    # the steps the reader gained since: each one's cue must keep the turn off the fast path
    "numbered options": ["how many players on a rugby team 1) 11 2) 13 3) 15"],
    "spelling choice": ["calender or calendar", "accommodate / acommodate"],
    "count last": ["swimming strokes list four", "sea mammals, give me 3", "root veg x3"],
    "label": ["past tense: swim", "potassium -> symbol"],
    "sort": ["Zara, Liam, Aisha in alphabetical order"],
    "language in words": [
        "library in spanish how to say",
        "how do i ask wheres the bus in italian",
    ],
    "brackets": ["garlic (French)", "ABS (cars)", "what is 6 times 7 (number only)"],
    "texting at the end": ["days in leap yr"],
    "question: word last": [
        "Paella comes from which country?",
        "The Model T was introduced in which year?",
        "A baby kangaroo is called what?",
        "Three marsupials would be which animals?",
    ],
    "question: named place": ["Machu Picchu country", "Switzerland currency?"],
}


@pytest.mark.parametrize(
    "text", [text for texts in CHANGED.values() for text in texts], ids=lambda t: t[:30]
)
def test_the_fast_path_refuses_turns_a_step_changes(text: str) -> None:
    assert normalize._read_slowly(text) != Unwrapped(text, False, "")
    assert not normalize._left_as_is(text)
    assert unwrap(text) == normalize._read_slowly(text)


def test_the_scorer_s_pointer_test_reads_an_ascii_turn_lower_cased_alike() -> None:
    """The classifier looks for a pointer ("Who wrote it?") in an ASCII turn lower-cased."""
    texts = [t for t in TEXTS if t.isascii()] + ["IT", "Its", "THAT'S it", "hIs", "shE?", "Them_"]
    got = [bool(_POINTS_BACK_LOWER.search(t.lower())) for t in texts]
    assert got == [bool(_POINTS_BACK.search(t)) for t in texts]
