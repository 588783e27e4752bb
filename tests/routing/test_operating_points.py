"""Operating points, paraphrase families, and reading a question without its wrapping."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from trooper.model.conversation import ChatRequest, Message, TextPart
from trooper.routing import Classifier, RulesError
from trooper.routing.normalize import Unwrapped, question, unwrap
from trooper.routing.rules import LEVELS
from trooper.settings import ROUTING_LEVELS, Settings, SettingsError

FAMILIES = tomllib.loads((Path(__file__).parent / "paraphrases.toml").read_text("utf-8"))


@pytest.fixture(scope="module")
def routers() -> dict[str, Classifier]:
    return {level: Classifier.from_file(None, level) for level in LEVELS}


def local(router: Classifier, text: str) -> bool:
    return router.classify(ChatRequest("m", [Message("user", [TextPart(text)])])).local


# --- paraphrase families ----------------------------------------------------------------------


@pytest.mark.parametrize("name", list(FAMILIES))
def test_each_family_gets_one_decision_at_the_default_point(
    routers: dict[str, Classifier], name: str
) -> None:
    family = FAMILIES[name]
    decisions = {p: local(routers["balanced"], p) for p in family["prompts"]}
    assert set(decisions.values()) == {family["local"]}, decisions


def test_families_are_consistent_at_every_point_but_strict(routers: dict[str, Classifier]) -> None:
    def share(router: Classifier) -> float:
        same = [len({local(router, p) for p in f["prompts"]}) == 1 for f in FAMILIES.values()]
        return sum(same) / len(same)

    assert len(FAMILIES) >= 50
    assert share(routers["balanced"]) >= 0.9
    assert share(routers["eager"]) >= 0.9
    # the strict point is the router as it was: phrasing still flips it
    assert share(routers["strict"]) < 0.5


# The phrasings the strict rules sent to the cloud although they ask a simple thing.
BRITTLE = [
    "what is the value of 17 times 3?",
    "Which actor starred in Titanic (1997)?",
    "Who won the 2010 FIFA World Cup?",
    "Who sang the song 'Hey Jude'?",
    "area of a circle with radius 2 m",
    "Spell 'necessary' backwards",
    "List three primary colors",
    "Quick question: what is the capital of Canada?",
    "What is the boiling point of water at sea level in degrees Celsius?\nA. 90\nB. 95\nC. 100"
    "\nD. 105\nAnswer:",
]


@pytest.mark.parametrize("text", BRITTLE)
def test_simple_questions_go_local_whatever_their_wrapping(
    routers: dict[str, Classifier], text: str
) -> None:
    assert not local(routers["strict"], text)
    assert local(routers["balanced"], text)
    assert local(routers["eager"], text)


# Forms of the simple categories that differ from the written rules only in how they are put:
# the shape first or the measure last, a count of a fixed kind, the given text before the
# instruction, a past tense after "when", a closing word that is what is asked about.
REWORDED = [
    "A square has sides of 4 m. What is its area?",
    "rectangle 5 x 2: area?",
    "circle radius 4 cm area",
    "Triangle with base 6 and height 2: what is its area?",
    "grams in a kilogram?",
    "2 km = ? m\nA) 20\nB) 200\nC) 2000",
    "9 times 3 is:\nA. 27\nB. 28\nC. 29",
    "Choose the answer: 9 + 4\nA. 12\nB. 13\nC. 14",
    "How many planets are there?",
    "Number of oceans?",
    "the five oceans?",
    "Which planets are there in the solar system?",
    "Give me a list of the continents.",
    "Correct this: me and him goes home.",
    "Make this grammatical: he go there.",
    "dog, cat, ant - sort A to Z",
    "9, 2, 5 sorted ascending?",
    "Expand FIFA.",
    "France's capital city?",
    "Who made the painting 'Guernica'?",
    "Big Ben location?",
    "Do you know when the Second World War ended?",
    "What's the Spanish word for please?",
    "Spanish for thank you?",
    "What does 120 + 45 come to?",
    "How many oceans are on Earth?",
    "Tell me the four seasons",
    "Is this grammatical? 'Me and him is here.'",
    "What are the correct spellings of recieve, wierd?",
    "Which planet is called the Blue Planet? (a) Mars (b) Earth (c) Venus",
]


@pytest.mark.parametrize("text", REWORDED)
def test_reworded_simple_questions_go_local(routers: dict[str, Classifier], text: str) -> None:
    assert local(routers["balanced"], text)


# Simple forms read by their words rather than by one sentence form (issue 12), each with the
# look-alikes that must stay in the cloud: (simple, look-alikes). STRICT_MISSED: forms the strict
# point (the rules on the turn as written) sends to the cloud.
READ_IN_ANY_WORDS: dict[str, tuple[list[str], list[str]]] = {
    "one-formula geometry": (
        [
            "area circle r=5cm",
            "circle, r=5cm, area?",
            "A circle of radius 5 cm has what area?",
            "pi r squared for r = 5 cm?",
            "perimeter rectangle 12 x 7 m",
            "A 12 by 7 metre rectangle has a perimeter of how many metres?",
            "tank dims 60/30/35 cm, volume?",
            "volume of a 60x30x35 cm tank in cm3?",
            "What is the circumference of a round table with a diameter of 1.2 m?",
            "A right triangle has legs of 6 and 8. How long is the hypotenuse?",
            "hypotenuse with legs 6 and 8?",
            "trapezoid area b1=5 b2=9 h=6",
            "What is the diagonal of a monitor 40 cm wide and 30 cm tall?",
            "volume of an aquarium 80 x 40 x 50 cm",
            "area of a window 1.2 m by 0.8 m?",
            "Monitor 40 cm × 30 cm → diagonal?",
            "30 cm wide and 40 cm tall gives what diagonal?",
            "√(6² + 8²) = ?",
        ],
        [
            # two measures: one found from the other
            "What is the area of a square whose perimeter is 20?",
            "circle circumference 31.4, area?",
            # a triangle's three sides (Heron's formula), four numbers, a long number
            "triangle with sides 5, 6 and 7 cm has what area?",
            "volume of a box 3 by 4 by 5 by 6 cm",
            "circle r = 1234 m area",
            # a word outside geometry's: a change, a reason, a story
            "what is the area of a circle if the radius doubles?",
            "area of a circle with radius 5, and why?",
        ],
    ),
    "two operations and fractions": (
        [
            "What is 6 × 12 + 5?",
            "6*12+5",
            "Quick question: what's 6 times 12 plus 5?",
            "I'd like to know the value of 6 x 12 + 5, please.",
            "Hello! Could you work out 7 multiplied by 12, plus 15, please?",
            "15 times 4, minus 9, gives what number?",
            "What does 7 × 12 + 15 equal?",
            "48 / 6 - 3 = ?",
            # the order given by brackets or by "then"
            "(12+8)*5",
            "(12 + 8) times 5 comes to how much?",
            "12 + (8 x 5)",
            "What do you get if you add 12 and 8 and then multiply by 5?",
            "12 plus 8 then times 5 whats that",
            # a fraction in words of one number
            "whats half of 250",
            "Half of 250 is how much?",
            "two thirds of 90",
            # one operation on two simple fractions
            "What is 3/4 plus 1/2?",
            "3/4 and 1/2 added together is what",
            "what is 2/3 of 1/2?",
        ],
        [
            "what is 5 + 6 x 12?",  # the sum first: the order of operations decides
            "6 x 12 + 5 x 3",  # three operations
            "What is 6123 × 12 + 5?",  # a long product
            "(12 + 8 + 3) x 5",  # three operations
            "(1234 + 8) x 5",
            "(x + 8) * 5",
            "3/4 + 1/2 + 5/6",
            "12/25 / 7/13 in simplest form",
        ],
    ),
    "short lists": (
        [
            "Name three swimming strokes.",
            "Could you please name three swimming strokes used in the Olympics?",
            "Name three currencies other than the US dollar.",
            "gimme 3 citrus fruits",
            "name 3 mammals that live in the sea",
            "list 3 instruments with strings",
            "name two primary school subjects",
            "What are the four competitive swimming strokes?",
            "what are the three states of matter",
            "3 marsupials",
            "4 swimming strokes",
            # types of a kind, and the count last
            "What are three types of cloud?",
            "name 3 kinds of cheese",
            "swimming strokes list four",
            "string instruments examples three",
            "sea mammals, give me 3",
            "Types of cloud: give me three.",
        ],
        [
            "Name three ideas for a party",
            "name three books to read",
            "list five movies like Inception",
            "give me 3 names for my cat",
            "name three companies that went bankrupt this year",
            "list three ways to save money",
            "name three reasons to learn Python",
            "give me four tips for my interview",
            "list 3 places to visit in Rome",
            "name three things to do in Paris",
            "list three stocks I should buy",
            "what are the five best movies",
            "what are the two ways to do it",
            "5 tips",
            "2 ideas",
            "name three types of ideas for a party",
            "ways to save money list 5",
            "chapter 3",
            "top movies, give me 5",
        ],
    ),
    "fixes of given text": (
        [
            "Can you fix the mistake in this sentence? Their going to the park tomorrow. Thanks!",
            '"Their going to the park tomorow." — what\'s the corrected version?',
            '"I recieved a seperate package yesterday." Which words are misspelled?',
            "sentence: 'me and him was late' is it grammatical?",
            "any typos in 'I recieved you're letter'?",
        ],
        [
            "fix 'return x + 1'",  # no word of language: may be code
            'What\'s wrong with "my plan to quit my job"?',
            "Translate this sentence and explain the grammar: 'je suis'",
            "Rewrite this sentence as a poem: 'the cat sat'",
        ],
    ),
    "abbreviations": (
        [
            "What does HTML stand for?",
            "HTML acronym?",
            "wat does html stand for",
            "Hi! Quick question: what is HTML short for?",
            "what does API stand for in programming",
        ],
        ["what does this code stand for", "what does x stand for in the equation"],
    ),
    "records of nature": (
        [
            "What is the longest river in the world?",
            "longest river world",
            "The longest river in the world is which one?",
            "what is the largest bone in the human body",
            "fastest land animal?",
            "What is the largest ocean on Earth?\nA. Atlantic\nB. Indian\nC. Arctic\nD. Pacific",
        ],
        [
            "what is the richest country",
            "what is the largest company in the world",
            "what is the tallest building in the world",
            "what is the largest city in the world",
        ],
    ),
    "phrases to translate": (
        [
            "Quick question: how would I say see you tomorrow in Spanish?",
            "how do I say I will call you tomorrow in German",
            "translate see you tomorrow to spanish",
            "translate thank you for your email to spanish",
            # the short forms
            "headache -> French",
            "meeting = ? (DE)",
            "german word meeting",
            "headache french translation",
        ],
        [
            "what's the weather tomorrow in french",
            "latest news in german",
            "translate the whole chapter into spanish",
            "translate this article about today's news to german",
            "translate my essay to french",
            "translate my resume into Spanish",
            "translate an email to my boss into german",
            "write a poem -> French",
            "latest news -> german",
        ],
    ),
    "terms where they are used": (
        [
            "what does eod mean in an email",
            "what does bpm mean for a song",
            "what does tbh mean in texting",
        ],
        [
            "what does my boss's email mean",
            "what does this mean in an email",
            "what does it mean in an email",
            "what does kubernetes mean for my business",
        ],
    ),
    "a shape's sides and a number's other form": (
        [
            "How many sides does a hexagon have?",
            "how many sides on a hexagon?",
            "A hexagon has how many sides?",
            "number of sides of an octagon",
            "What is 0.5 as a fraction?",
            "3/4 as a percentage",
            "convert 0.25 to a fraction",
            "What is 40% as a decimal?",
        ],
        [
            "How many sides does a polygon with interior angles of 140 degrees have?",
            "What is 0.123456 as a fraction?",
            "What is the fraction of students who passed?",
        ],
    ),
    "firsts of history": (
        [
            "Who was the first president of the United States?",
            "Who was the first woman in space?",
            "who was the first person to walk on the moon",
            "Who was the first emperor of Rome?",
        ],
        [
            "What was the first thing I asked you?",
            "who was the first person to reply to my post",
            "Who was the first president to win the 2028 election?",
            "What is the first step to start a business?",
        ],
    ),
    "dated events and works": (
        [
            "1966 world cup winner country",
            "The 1966 World Cup was won by which country?",
            "winner of the 1966 world cup",
            "Jaws (1975) director",
        ],
        ["winner of the 2024 election", "the 2022 election was won by which party?"],
    ),
    "which option is one of a kind": (
        [
            "Which of these is a herb?\nA) cinnamon\nB) rosemary\nC) nutmeg\nD) clove",
            "Which of these trees is evergreen? A) oak B) maple C) pine D) birch",
            "Which of these animals is a rodent?\nA. Bat\nB. Beaver\nC. Koala",
        ],
        [
            "Which of the following is true?\nA) it rains\nB) it snows\nC) both",
            "Which of these is not a mammal?\nA) whale\nB) bat\nC) shark",
            "Which of the following is the best example of a tort?\nA) x\nB) y\nC) z",
            "Which of these is most likely a virus?\nA) flu\nB) cold\nC) both",
            "Which diet is healthiest for me please?\nA) keto\nB) vegan\nC) paleo",
        ],
    ),
    "edits of text after a dash": (
        [
            "make it shorter - the meeting is moved to friday",
            "turn this into a question -> the train leaves at noon",
        ],
        [],
    ),
    "a thing the asker's story names, asked as 'what is it?'": (
        [
            "My nephew is learning Italian and wants the Italian word for dog. What is it?",
            "I'm doing a pub quiz sheet and need to fill in the capital of Peru. What is it?",
            "Our crossword's last clue is the chemical symbol for gold. What is it?",
        ],
        [
            "My script throws an error in the parse function. What is it?",
            "I got a letter from the bank about the new fee. What is it?",
            "Everyone at work keeps talking about the latest iPhone. What is it?",
            "You mentioned the second option in your last answer. What is it?",
        ],
    ),
    "reversing given text": (
        [
            "Reverse the order of this list: red, green, blue, yellow.",
            "Write these in reverse order: oak, ash, elm, yew",
            "put these in reverse order pls - one, two, three",
        ],
        ["Reverse the order of the steps you gave me above.", "reverse engineer this protocol"],
    ),
    "sorting given prices": (
        [
            "Sort these prices from cheapest to dearest: $3.99, $1.25, $7.50",
            "put these prices in order, lowest first: 2.50, 9.99, 4.75",
        ],
        [
            "Sort the current prices of Bitcoin and Ether from lowest to highest.",
            "sort today's gold and silver prices, highest first",
        ],
    ),
    "records of a named animal": (
        [
            "What is the largest species of shark?",
            "biggest species of bear",
            "Which penguin species is the smallest?",
            "whats the fastest penguin",
        ],
        [
            "What is the largest company in the world?",
            "What is the biggest risk in my plan?",
            "largest type of loan I can get",
        ],
    ),
    "kinds narrowed by what they do": (
        [
            "Name two mammals that lay eggs.",
            "name three animals that hibernate",
            "List 3 birds that eat insects.",
        ],
        [
            "name three companies that make electric cars",
            "Name two people that could help me with my visa.",
        ],
    ),
    "who made a thing, asked as a label": (
        [
            "The Four Seasons was composed by who?",
            "Abbey Road was recorded by which band?",
            "Romeo and Juliet was written by whom?",
            "penicillin discovered by",
            "telephone invented by?",
            "Hamlet written by",
            "discoverer of penicillin = ?",
        ],
        [
            "my project created by?",
            "this essay written by",
            "the bug introduced by?",
            "The latest album was recorded by which band?",
            "Your last answer was written by who?",
        ],
    ),
    "the week of the asker's own story": (
        [
            "We had a quiz night last week and argued about this. Who painted the Mona Lisa?",
            "I started learning Spanish this month. What is the Spanish word for apple?",
        ],
        [
            "I read the news this week. Who won the election?",
            "I keep checking gold this month. What is the price of gold?",
        ],
    ),
    "records asked the other way round": (
        [
            "Which species of penguin is the biggest?",
            "which tree species grows the tallest in the world?",
            "what's the tallest kind of tree in the world",
        ],
        ["Which company is the biggest?", "which of my plants grows the tallest?"],
    ),
    "a term and what is asked of it, as a note": (
        [
            "Art term: chiaroscuro. Meaning?",
            "Cooking term: julienne. Meaning?",
            "Sewing word: hem - definition?",
            "Great Lakes: list all 5",
            "Noble gases - list all six",
        ],
        [
            "Your answer: yes. Meaning?",
            "My tasks: list all five.",
            "Previous steps: list all three",
        ],
    ),
    "what a term of money, law or medicine means": (
        [
            "What is a mortgage?",
            "define mortgage",
            "what is a stock dividend",
            "What is cryptocurrency?",
            "what does side effect mean",
            "meaning of a lawsuit",
        ],
        [
            "What is the best stock to buy?",
            "what is my mortgage going to cost",
            "What is the current mortgage rate?",
            "What is a good dose of ibuprofen for me?",
            "What is the stock price of Apple?",
            "what is a safe crypto to invest in",
        ],
    ),
    "a dated thing's year, asked as a label": (
        ["Magna Carta year", "Moon landing year?", "Battle of Hastings - year?"],
        ["next leap year", "My birthday year", "this year"],
    ),
}
STRICT_MISSED = {
    "one-formula geometry",
    "two operations and fractions",
    "short lists",
    "fixes of given text",
    "abbreviations",
}


@pytest.mark.parametrize(
    ("form", "text"),
    [(form, text) for form, (simple, _) in READ_IN_ANY_WORDS.items() for text in simple],
)
def test_a_simple_form_goes_local_in_any_words(
    routers: dict[str, Classifier], form: str, text: str
) -> None:
    assert local(routers["balanced"], text)
    if form in STRICT_MISSED:
        assert not local(routers["strict"], text)


@pytest.mark.parametrize(
    ("form", "text"),
    [(form, text) for form, (_, alike) in READ_IN_ANY_WORDS.items() for text in alike],
)
def test_its_look_alikes_stay_in_the_cloud(
    routers: dict[str, Classifier], form: str, text: str
) -> None:
    assert not local(routers["balanced"], text)


@pytest.mark.parametrize(
    "text", ["meaning of that?", "what is the meaning of that?", "define it", "meaning of this"]
)
def test_the_meaning_of_a_word_said_before_needs_the_conversation(
    routers: dict[str, Classifier], text: str
) -> None:
    assert not local(routers["balanced"], text)
    assert not local(routers["eager"], text)


@pytest.mark.parametrize(
    "text",
    [
        "What are today's top headlines?",
        "What was yesterday's score?",
        "How many birds are there?",
        "the richest countries?",
        "my location?",
        "What does a carpenter make?",
        "Who made you?",
        "Expand this paragraph into an essay.",
    ],
)
def test_rewording_does_not_take_what_needs_the_cloud(
    routers: dict[str, Classifier], text: str
) -> None:
    assert not local(routers["balanced"], text)


@pytest.mark.parametrize(
    "text",
    [
        "Quick question: what's the weather in Paris today?",
        "Quick question: who is the current president of France?",
        "Hey, could you write a Python function that sorts a list?",
        "Quick question: should I learn Rust or Go first?",
        "Please write an essay on the French Revolution. Thanks!",
        "Quick question: what did you mean by that?",
        "Who won last night's game?",
        "Who won the 2010 World Cup and why did they win?",
        "What does this print?\nA. print(1)\nB. print(2)\nC. nothing",
        "What does 'x = foo()' return?",
        "Which of these is correct?\nA. the first answer is the right one\nB. the second answer "
        "is the right one",
    ],
)
def test_wrapping_does_not_hide_what_needs_the_cloud(
    routers: dict[str, Classifier], text: str
) -> None:
    assert not local(routers["balanced"], text)


@pytest.mark.parametrize(
    "text",
    [
        "What is Ethereum trading at?",
        "Euro to dollar exchange rate?",
        "Price of gold per ounce?",
        "Which is more useful to learn, guitar or piano?",
        "Is guitar or piano more valuable for a child?",
    ],
)
def test_prices_and_comparisons_need_the_cloud_at_every_point(
    routers: dict[str, Classifier], text: str
) -> None:
    assert not local(routers["eager"], text)


def test_points_only_add_local_decisions(routers: dict[str, Classifier]) -> None:
    prompts = [p for f in FAMILIES.values() for p in f["prompts"]] + BRITTLE
    for text in prompts:
        if local(routers["strict"], text):
            assert local(routers["balanced"], text), text
        if local(routers["balanced"], text):
            assert local(routers["eager"], text), text


def test_eager_takes_short_lookups_the_balanced_point_leaves(
    routers: dict[str, Classifier],
) -> None:
    for text in ("Which metal is liquid at room temperature?", "Where do penguins live?"):
        assert not local(routers["balanced"], text)
        assert local(routers["eager"], text)
    for cloud in ("Which of the following is a mammal?", "What did you mean by that?"):
        assert not local(routers["eager"], cloud)


def test_a_long_turn_is_still_too_long_when_unwrapped(routers: dict[str, Classifier]) -> None:
    text = "Quick question: " + "what is the capital of France and " * 10 + "Spain?"
    decision = routers["balanced"].classify(ChatRequest("m", [Message("user", [TextPart(text)])]))
    assert decision.rule == "over 20 words"


# --- unwrapping -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("Hey, quick question: what is the capital of Canada?", "what is the capital of Canada?"),
        ("Sorry to bother you, but what's 2 + 2?", "what's 2 + 2?"),
        # an apology for asking, in any words, and a greeting of the day
        ("Hi! Sorry for the random question, but what is 2 + 2?", "what is 2 + 2?"),
        ("Hello! Sorry to ask, but what is 2 + 2?", "what is 2 + 2?"),
        ("Hi! Sorry to trouble you, but what is 2 + 2?", "what is 2 + 2?"),
        ("Hello! Sorry if this is a silly one, but what is 2 + 2?", "what is 2 + 2?"),
        ("Hello! Sorry to ask again, but what is 2 + 2?", "what is 2 + 2?"),
        ("Hello, sorry for the maths question! What is 2 + 2?", "What is 2 + 2?"),
        ("Hi! Sorry, quick kitchen question: what is 2 + 2?", "what is 2 + 2?"),
        ("Good morning! Sorry to trouble you, but what is 2 + 2?", "what is 2 + 2?"),
        # what the apology names stays part of the question
        ("Sorry to bother you with code, but what is 2 + 2?", "with code, but what is 2 + 2?"),
        ("Could you tell me who painted the Mona Lisa? Thanks!", "who painted the Mona Lisa?"),
        ("Can you translate hello to French", "translate hello to French"),
        ("Who wrote Hamlet?\nA. Dickens\nB. Shakespeare\nAnswer:", "Who wrote Hamlet?"),
        ("Who wrote Hamlet? (a) Dickens (b) Shakespeare (c) Austen", "Who wrote Hamlet?"),
        ("Who sang \u201cThriller\u201d?", "Who sang 'x'?"),
        ("Fix the grammar: she don't like it.", "Fix the grammar: 'x'"),
        ("What's the German word for please?", "What's the German word for please?"),
        ("What is 6 times 7? Thanks!", "What is 6 times 7?"),
        ("6 times 7 is:\nA. 36\nB. 42", "what is 6 times 7?"),
        ("Choose the correct answer: 7 + 8\nA. 14\nB. 15", "7 + 8"),
        ("What does 1250 + 730 come to?", "what is 1250 + 730?"),
    ],
)
def test_question_without_wrapping(text: str, asked: str) -> None:
    assert question(text) == asked


def test_unwrap_says_whether_options_were_cut_off() -> None:
    assert unwrap("Who wrote Hamlet?\nA. Dickens\nB. Shakespeare").multiple_choice
    assert not unwrap("Quick question: who wrote Hamlet?").multiple_choice
    # options that look like code stay, so the turn is not read as a multiple-choice item
    assert not unwrap("What does this print?\nA. print(1)\nB. print(2)").multiple_choice
    # numbered options are read as lettered ones: on lines from 1, or three inline
    for numbered in (
        "Who wrote Hamlet?\n1. Dickens\n2. Shakespeare\n3. Austen",
        "Who wrote Hamlet?\n1) Dickens\n2) Shakespeare",
        "How many players are on a rugby union team? 1) 11 2) 13 3) 15 4) 18",
    ):
        assert unwrap(numbered) == Unwrapped(numbered.split("?")[0] + "?", True)
    # ... but not steps, nor a list that does not start at 1
    for listed in (
        "Plan my week:\n1. Write the quarterly report for the board\n2. Book the venue for Friday",
        "Who wrote Hamlet?\n2. Dickens\n3. Shakespeare",
        "Who wrote Hamlet? 1) Dickens 2) Shakespeare",
    ):
        assert not unwrap(listed).multiple_choice


@pytest.mark.parametrize(
    "text",
    [
        "hi",
        "thanks!",
        "I don't know what the dogs' owners said",
        "Pick one:\nA. a long option that explains a nuanced position\nB. another one",
        "What does this print?\nA. print(1)\nB. print(2)",
        "Is 'x = 1' valid?",
        # an emoji inside a turn that asks no meaning is part of it, not a name asked about
        "celtics last night 🏀 final?",
    ],
)
def test_question_keeps_what_is_not_wrapping(text: str) -> None:
    assert question(text) == text


# --- rules files and settings -----------------------------------------------------------------


def test_a_user_group_can_belong_to_a_point(tmp_path: Path) -> None:
    path = tmp_path / "rules.toml"
    path.write_text(
        "[local.office]\nlevel = 'eager'\nwords = ['wifi password']\n"
        "[local.shapes]\nfirst = true\nlevel = 'balanced'\npatterns = ['\\Aradius of a coin\\Z']\n",
        encoding="utf-8",
    )
    balanced, eager = (Classifier.from_file(path, level) for level in ("balanced", "eager"))
    assert not local(balanced, "the office wifi password")
    assert local(eager, "the office wifi password")
    # `first` puts the group before the cloud groups: "radius" is a maths word there
    assert local(balanced, "radius of a coin")
    assert not local(Classifier.from_file(path, "strict"), "radius of a coin")


def test_a_multiple_choice_group_meets_only_lettered_options_up_to_its_point(
    tmp_path: Path,
) -> None:
    path = tmp_path / "rules.toml"
    path.write_text(
        "[cloud.quiz]\nlevel = 'balanced'\nmultiple_choice = 'balanced'\nwords = ['canada']\n",
        encoding="utf-8",
    )
    mc = "What is the capital of Canada?\nA. Toronto\nB. Ottawa\nC. Vancouver"
    plain = "What is the capital of Canada?"
    balanced, eager = (Classifier.from_file(path, level) for level in ("balanced", "eager"))
    decision = balanced.classify(ChatRequest("m", [Message("user", [TextPart(mc)])]))
    assert (decision.local, decision.group) == (False, "quiz")
    assert local(balanced, plain)
    assert local(eager, mc)


# Exam items: lettered options after a question that needs specialist recall or a judgement.
# Each went local at the balanced point before the exam group (its stem reads like a lookup).
EXAM_ITEMS = [
    "A 60-year-old patient has a cough. What is the disorder called?\nA. asthma\nB. copd",
    "What is a tort?\nA. a civil wrong\nB. a crime",
    "What is the capital of Peru according to the atlas?\nA. Lima\nB. Quito",
    "When relatively slow-moving molecules condense from the air, the temperature of the "
    "remaining air tends to\nA. remain unchanged\nB. decrease\nC. increase",
    "In which country is the Supreme Court the final court of appeal?\nA. France\nB. USA",
]


@pytest.mark.parametrize("text", EXAM_ITEMS)
def test_exam_items_go_to_the_cloud_at_the_default_point_only(
    routers: dict[str, Classifier], text: str
) -> None:
    decision = routers["balanced"].classify(ChatRequest("m", [Message("user", [TextPart(text)])]))
    assert (decision.local, decision.group) == (False, "exam_recall")
    assert local(routers["eager"], text)


def test_the_exam_group_leaves_simple_multiple_choice_and_plain_questions(
    routers: dict[str, Classifier],
) -> None:
    assert local(routers["balanced"], "What is a tort?")
    for name in ("mc_capital", "mc_arithmetic", "mc_conversion"):
        for text in FAMILIES[name]["prompts"]:
            assert local(routers["balanced"], text), text


# A multiple-choice item whose question alone a local rule reads, asked in few words with short
# options, and whose question the learned scorer is confident of (at least the eager point's
# threshold): the exam group steps aside. On the MMLU items the rules were not tuned on, the weak
# model answered all 21 such items right (7 of the 72 read by a rule alone it got wrong, each
# scored under the threshold).
KNOWN_CHOICES = [
    "In what year did World War II end?\nA) 1943\nB) 1945\nC) 1947\nD) 1950",
    "Which ocean is the largest? A) Atlantic B) Indian C) Pacific D) Arctic",
    "How many legs does a spider have?\n1. six\n2. eight\n3. ten",
    "Quiz: who painted the Mona Lisa?\n(a) Monet\n(b) da Vinci\n(c) Dali",
]
UNKNOWN_CHOICES = [
    # scored under the threshold: the weak model got it wrong
    "How many ribs are there in the human body?\nA) 12\nB) 24\nC) 32\nD) 36",
    # long options: a judgement between descriptions
    "In what year did World War II end?\nA) 1945, when Germany and then Japan surrendered"
    "\nB) 1946, once the peace treaties were signed by every country\nC) 1944",
    # the exam's own words, whatever the scorer says
    "In what year, according to most historians, did the Roman Empire fall?\nA) 410\nB) 476",
    # a question no local rule reads
    "Which wifi band is better for gaming?\nA) 2.4 GHz\nB) 5 GHz",
]


# A multiple-choice spelling or word-form item is a spelling or grammar question with its
# options: local, like the question without them.
SPELLING_ITEMS = [
    "Which word is spelled correctly? A) recieve B) receive C) receeve D) riceive",
    "Which spelling is right?\nA. seperate\nB. separate\nC. separete",
    "What is the plural of mouse? A) mouses B) mice C) meese D) mouse",
    "The past tense of 'run' is: A) runned B) ran C) run D) rann",
    # the exam's own words around a spelling choice
    "Choose the correct spelling: (A) recieve (B) receive (C) receeve",
    "Which of these is the correct spelling?\nA. seperate\nB. separate\nC. separete",
    "Which of the following words is spelled correctly?\nA) recieve\nB) receive",
    # an item its source calls a spelling question
    "My spelling quiz asks which of these is correct:\nA) occured\nB) occurred\nAnswer:",
]


@pytest.mark.parametrize("text", [*SPELLING_ITEMS, *KNOWN_CHOICES])
def test_a_multiple_choice_spelling_or_word_form_or_known_question_goes_local(
    routers: dict[str, Classifier], text: str
) -> None:
    assert unwrap(text).multiple_choice
    assert local(routers["balanced"], text)


@pytest.mark.parametrize(
    "text",
    [
        "Which spelling is best for a formal report?\nA) color\nB) colour",
        "Which spelling does the court's style guide require?\nA) judgment\nB) judgement",
        "My history test asks which of these is correct:\nA) 1066\nB) 1067",
    ],
)
def test_a_spelling_item_that_asks_a_judgement_stays_an_exam_item(
    routers: dict[str, Classifier], text: str
) -> None:
    assert not local(routers["balanced"], text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[local.x]\npatterns = ['a']\nlevel = 'wild'\n", "level must be one of"),
        ("[cloud.x]\npatterns = ['a']\nmultiple_choice = 'strict'\n", "multiple_choice must be"),
        (
            "[cloud.x]\npatterns = ['a']\nlevel = 'eager'\nmultiple_choice = 'balanced'\n",
            "is below level",
        ),
        ("[cloud.x]\npatterns = ['a']\nfirst = true\n", "first is for local groups"),
        ("[local.x]\npatterns = ['a']\nfirst = 'yes'\n", "first must be true or false"),
        ("[local.x]\npatterns = ['a']\nin_stories = false\n", "in_stories is for cloud groups"),
        (
            "[local.x]\npatterns = ['a']\nin_long_stories = false\n",
            "in_long_stories is for cloud groups",
        ),
        ("[cloud.x]\npatterns = ['a']\nin_stories = 1\n", "in_stories must be true or false"),
        ("[cloud.x]\npatterns = ['a']\nreader = 'formats'\n", "reader is for local groups"),
        ("[local.x]\npatterns = ['a']\nreader = 'poems'\n", "reader must be one of"),
        (
            "[local.x]\npatterns = ['a']\nyields_to = ['geometry']\n",
            "yields_to is for cloud groups",
        ),
        ("[cloud.x]\npatterns = ['a']\nyields_to = ['poems']\n", "yields_to names readers"),
        (
            "[cloud.x]\npatterns = ['a']\nyields_to_rules = true\n",
            "yields_to_rules is for multiple-choice cloud groups",
        ),
        (
            "[local.x]\npatterns = ['a']\nlevel = 'balanced'\nmultiple_choice = 'balanced'\n"
            "yields_to_rules = true\n",
            "yields_to_rules is for multiple-choice cloud groups",
        ),
    ],
)
def test_bad_level_keys_say_what_is_wrong(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "rules.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RulesError, match=message):
        Classifier.from_file(path)


def test_unknown_level_is_refused() -> None:
    with pytest.raises(RulesError, match="unknown routing level"):
        Classifier.from_file(None, "reckless")


@pytest.mark.parametrize(
    ("value", "routing", "level"),
    [
        (None, True, "balanced"),
        ("true", True, "balanced"),
        ("false", False, "balanced"),
        ("off", False, "balanced"),
        ("strict", True, "strict"),
        ("Eager", True, "eager"),
    ],
)
def test_trooper_routing_picks_the_point(value: str | None, routing: bool, level: str) -> None:
    env = {} if value is None else {"TROOPER_ROUTING": value}
    settings = Settings.from_env(env)
    assert (settings.routing, settings.routing_level) == (routing, level)


def test_trooper_routing_rejects_other_values() -> None:
    with pytest.raises(SettingsError, match="TROOPER_ROUTING must be one of strict"):
        Settings.from_env({"TROOPER_ROUTING": "sometimes"})


def test_settings_know_the_routers_points() -> None:
    assert ROUTING_LEVELS == LEVELS


# --- the question's core: context set aside, one canonical form --------------------------------

# Each went to the cloud before the router set context sentences aside and read one form of the
# common ways of putting a question.
CORE_FORMS = [
    "I'm checking my homework. What is 56 + 27?",
    "My son asked me this: what is 8 times 9?",
    "Just wondering, how many hours are there in a week?",
    "Quick math: 56 + 27",
    "What is the capital of Peru? I need it for a crossword.",
    "8 times 9 is?",
    "The Colosseum is located where?",
    "Everest is how tall?",
    "Mount Everest's height?",
    "Which person invented the light bulb?",
    "The actor who played Harry Potter?",
    "Is this grammatical? They was going to the store.",
    "Please correct the grammar of 'She don't like apples'.",
    "Order 34, 9, 71, 15 from lowest to highest.",
    "Write good morning in capital letters.",
    "1 gigabyte is how many megabytes?",
    "What is 19 + 23 equal to?",
    "How would you say thank you in Japanese?",
    "The Old Man and the Sea - who wrote it?",
    "Kenya: what is its capital?",
    "Tell me Kenya's capital.",
    "Who is known for discovering penicillin?",
    "Where can I find Mount Kilimanjaro?",
    "Kilimanjaro is located in?",
    "What exactly is the capital of Kenya?",
    "Add punctuation: lets eat grandma",
    "Change to past tense: I walk to school.",
    # a remark of the asker's own after the question, as texted: lower case, or after a comma
    "danke schön meaning in english? my roommate keeps saying it",
    "how many cm is 6 feet, im filling in a form",
    "What is 7 times 8, we are doing times tables",
    # "they" of the people of the place the question names is no pointer into the context
    "I'm off to Peru in the spring. What currency do they use in Peru?",
    # what is wrong with a given sentence is a grammar fix
    "What's wrong with the sentence 'The cats is sleeping'?",
    "whats wrong with this sentence: me and her was late",
    # texting: "dose" for "does", "&" between numbers, and a sum asked with "add"
    "what dose UNICEF stand for",
    "add 312 & 145 pls, my calculator broke",
    # an emoji asked about reads as a quoted name; one that ends a turn is decoration
    "What does the 🤷 emoji mean?",
    "🤷 meaning",
    "spanish for good morning pls 🌞",
    # a tip on a bill asked for alone is a percentage of it
    "How much is a 15% tip on a $48 bill?",
    "A 20% tip on a $35 lunch check is how much?",
    # a title and the maker asked for, after a dash, a colon or a comma
    "The Garden of Earthly Delights - artist?",
    "Pride and Prejudice: author?",
    # a count that only caps a list, and the language named first
    "what are some noble gases, just 2",
    "In Italian, thank you is said how?",
    # two spellings of one word to choose between, in any frame
    "Is it 'calender' or 'calendar'?",
    "calender or calendar",
    "accommodate / acommodate?",
    "'Accommodate' or 'acommodate', which one is right?",
    "neccessary or necessary, which is correct",
    # "X is called what?", "387 from 1000 leaves how much", "yr" for year, a flower bed's area,
    # "the fraction 3/8"
    "A baby kangaroo is called what?",
    "387 from 1000 leaves how much",
    "days in leap yr",
    "what is the area of a 4 m by 2.5 m rectangular flower bed?",
    "convert the fraction 3/8 to a decimal",
    # how to ask or say something in a language, in any order; a list then its order
    "how do i ask wheres the pharmacy in spanish",
    "How do I ask 'where is the train station?' in Spanish?",
    "library in spanish how to say",
    "Zara, Liam, Aisha, Oliver, Mei in A to Z order?",
    "a→z pls: pear / kiwi / apple / mango / fig",
    "abc order → gouda / brie / feta / cheddar / edam",
    # a label and its word: "opposite: generous", "potassium → symbol"; "for me please"; a
    # part of the body's kinds
    "opposite: generous",
    "element potassium → symbol",
    "past tense: swim",
    "Hello! Could you list four organs of the human body for me please?",
    # a short answer asked for in brackets
    "When did World War II end? (just the year)",
    "What is the capital of Kenya? (one word please)",
    "what is 6 times 7 (number only)",
    # a named place and what is asked of it, as a noun phrase
    "Switzerland currency",
    "Peru capital?",
    "Machu Picchu country",
    "Kenya: continent?",
    # a word with its language or an abbreviation with its field in brackets
    "garlic (French)?",
    "good night (Spanish)",
    "ABS (cars) = ?",
    "BPM (music)?",
    # a measure of the shape the asker's story describes
    "I'm cutting a round coaster with a 5 cm radius. What's its area?",
    "I'm making dice out of clay, each a cube 4 cm on a side. What's the volume of one?",
    "A can is a cylinder with a 2 cm radius and 5 cm height. What's its volume?",
    "I'm buying weed membrane for my new vegetable patch, which is a rectangle 4 metres long"
    " and 2.5 metres wide. What is its area?",
    # the question word last, after a verb: "X comes from which country?", "X would be which?"
    "Paella comes from which country?",
    "Pizza originated in which country?",
    "The Ford Model T was introduced in which year?",
    "Three marsupials would be which animals?",
    "The four Olympic swimming strokes are which ones?",
    # the asker's story before an edit of given text
    "I'm writing a review of the plumber who redid our bathroom and I think I've misspelled"
    " something. Can you fix the spelling in: 'The plumber recieved the new taps seperately.'",
    "I'm relabelling the jars on my spice rack and want them in order. Can you put these in"
    " alphabetical order: thyme, basil, oregano, cumin, paprika?",
    "I typed my travel diary on my phone with the shift key off. Can you capitalise this"
    " properly: 'we flew from lisbon to porto on monday.'",
    "I'm writing a note for my son's teacher. Please fix this: Their going to the park tomorow.",
    # a clarification after the question ("like ...", "i mean ..."), even one that asks
    "spider number of legs? like all of them together?",
    "how many bones in the body? like the adult skeleton total?",
    "german word for excuse me? like to get past someone",
    "How many minutes are in 3.5 hours? I mean in total?",
    # a closing: "please tell"
    "how much is 1000 minus 387 please tell",
    # a story of the asker's around a whole question that restates every number it holds
    "My thermometer shows 37 °C but the doctor's form asks for Fahrenheit. What is 37 °C in °F?",
    "The sticker on my car door says the tyres should be at 32 psi, but the garage air pump only"
    " shows bar. What is 32 psi in bar?",
    "We're splitting a 250 pound invoice evenly between two departments. What is half of 250?",
    "My son is learning about car engines in his mechanics class and asked me something I've"
    " forgotten. What is 12 times 15?",
]


@pytest.mark.parametrize("text", CORE_FORMS)
def test_the_core_of_a_question_decides(routers: dict[str, Classifier], text: str) -> None:
    assert local(routers["balanced"], text)
    assert local(routers["eager"], text)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        # what needs the cloud in a context sentence still sends the turn there
        ("I need this for my Python homework. What is 5 + 3?", "code"),
        ("I saw the news today. What is the capital of Peru?", "current events"),
        ("As we discussed earlier, what is 8 times 9?", "conversation"),
        # a context that sets the question's terms, holds its data, or is pointed back to
        ("In the projectively extended reals, what is 1/0?", "unclear"),
        ("A train travels 60 km in 45 minutes. What is its speed?", "unclear"),
        # a clarification is read for what needs the cloud, and a pointer in it stays one
        ("What is 2 + 2? like explain it step by step in detail", "reasoning"),
        ("What is photosynthesis? like what did we say about it earlier?", "conversation"),
        # a story before an edit is still read for what needs the cloud whoever tells it
        ("I'm porting our Django app. Can you fix the spelling in: 'recieved the data'", "code"),
        ("I want you to be thorough. Fix the grammar: 'me and him was late'", "long output"),
        # two words, not two spellings; two long numbers; two operations
        ("cats or dogs, which is better?", "judgment"),
        ("Is it 'affect' or 'effect' here?", "unclear"),
        # a measure of a shape the story does not give whole, or of something else
        ("I have a circle with radius 5 and a square with side 3. What's its area?", "reasoning"),
        ("I cut a coaster with a 5 cm radius from a 2 m sheet. What's its area?", "reasoning"),
        ("Our office has 3 floors of 400 m2 each. What's the area?", "unclear"),
        # ... not a thing's, nor a name in lower case
        ("startup capital", "unclear"),
        ("crypto currency", "judgment"),
        # how to ask for something that is not a phrase to translate
        ("how do I ask my boss for a raise in Spanish-speaking Mexico?", "reasoning"),
        # a label on a sentence is an edit of it, not a word's form
        ("opposite: I love long meetings because they waste my afternoon", "unclear"),
        # a word with something else in brackets is not a translation
        ("rent (London)?", "unclear"),
        # data of the story's own that the question does not restate
        ("The bill is $60 and we are 4 people. What is 60 divided by 3?", "multi-step"),
        ("Assume pi is 3. What is the area of a circle with radius 2?", "reasoning"),
        ("I'm reading something. Who wrote it?", "unclear"),
        ("I'm reading about the Romans. What did they use in Gaul?", "unclear"),
        ("What are transponders in airplanes? the one which public can listen to", "unclear"),
        # a remark after the question is still read for what needs the cloud
        ("What is 5 + 3, my python homework", "code"),
        ("What's wrong with this: my landlord won't return my deposit", "reasoning"),
        ("What's wrong with my car: it rattles when I brake", "reasoning"),
        ("what dose of ibuprofen should I take", "judgment"),
        ("write me a poem about roses 🌹", "open-ended writing"),
        ("🚀 launch plan for my startup?", "multi-step"),
        ("Is a 15% tip on a $40 bill good?", "unclear"),
        ("the best selling album of all time - artist?", "judgment"),
        ("What is the total with a 20% tip on a $50 bill?", "unclear"),
        ("what's 9 times 8, i read it in the news", "current events"),
        # ... and one that asks for more is part of the request
        ("What is photosynthesis? my teacher wants a detailed essay", "open-ended writing"),
        ("What is photosynthesis, my teacher wants a detailed essay", "open-ended writing"),
        # a written-out answer is long output
        ("Be thorough. What is photosynthesis?", "long output"),
        # the date, the time and where the asker is are not the model's to know
        ("What day is it?", "current events"),
        # a request, not a fact: "tell me the ..." only reads as "what is the ..."
        ("Give me a compliment.", "unclear"),
        ("Where can I find cheap flights?", "unclear"),
    ],
)
def test_context_is_read_for_what_needs_the_cloud(
    routers: dict[str, Classifier], text: str, rule: str
) -> None:
    decision = routers["balanced"].classify(ChatRequest("m", [Message("user", [TextPart(text)])]))
    assert (decision.local, decision.rule) == (False, rule)


# --- a question that points back to what its context names ------------------------------------

# "How many ml is that?" after "The recipe says 3.5 litres of stock." asks how many ml 3.5 litres
# is: the one quantity, quoted word or title of the context sentence stands in for the pointer.
POINTED_BACK = {
    "The shelf is 45 cm deep. How many millimetres is that?": "How many millimetres is 45 cm?",
    "my run was 7.2 km, how many meters is that": "how many meters is 7.2 km",
    "I'm buying a shelf that's listed as 3 feet long. What is that in centimetres?": (
        "What is 3 feet in centimetres?"
    ),
    "I signed up for a 5-mile charity run. How far is that in kilometres?": (
        "How far is 5 mile in kilometres?"
    ),
    "It's 25 degrees Celsius here. What is that in Fahrenheit?": (
        "What is 25 degrees Celsius in Fahrenheit?"
    ),
    "My math sheet asks for 3^4. What is it?": "What is 3^4?",
    "I came across the word ephemeral. What does it mean?": "What does 'x' mean?",
    "My boss wrote 'ASAP' in a memo. What does it stand for?": "What does 'x' stand for?",
    "My coworker always says arigato. What does that mean?": "What does 'x' mean?",
    "I'm reading Pride and Prejudice. Who wrote it?": "Who wrote 'x'?",
    "I saw a poster of The Persistence of Memory. Who painted it?": "Who painted 'x'?",
    # an edit of the text given after the context's colon, asked politely
    "My shopping list: milk, eggs, bread. Could you put them in alphabetical order?": (
        "put in alphabetical order: 'x'"
    ),
    "I'm logging lap times: 64, 58, 61. Can you list them from smallest to largest?": (
        "sort from smallest to largest: 'x'"
    ),
}


@pytest.mark.parametrize(("text", "asked"), POINTED_BACK.items())
def test_a_pointer_reads_what_its_context_names(
    routers: dict[str, Classifier], text: str, asked: str
) -> None:
    assert question(text) == asked
    assert local(routers["balanced"], text)


@pytest.mark.parametrize(
    "text",
    [
        # two quantities of two units, or three: a word problem's data ("I have 3 boxes of 12
        # eggs. How many is that?" is a sum of one step: tests/routing/test_readers.py)
        "A train travels 60 km in 45 minutes. What is its speed?",
        "I have 3 boxes of 12 eggs and ate 2 of them. How many is that?",
        # nothing named: the question needs what only the asker has
        "I got a strange letter from my bank. What does it mean?",
        "I wrote a poem last night. What does it mean?",
        "My dream had a red door in it. What does it mean?",
        # named, but the question is not a lookup about it
        "I'm reading Pride and Prejudice. What do you think of it?",
        "My salary is $4,000 a month. What is that in euros?",
        # money is converted at today's rates
        "I have 3 pounds. What's that in euros?",
        "My flight is at 6 pm. When should I leave for it?",
    ],
)
def test_a_pointer_to_no_one_named_thing_stays_in_the_cloud(
    routers: dict[str, Classifier], text: str
) -> None:
    assert not local(routers["balanced"], text)


# --- short lists of common knowledge, qualified or asked for as examples ----------------------

LIST_FORMS = [
    "Name three mammals that live in the ocean.",
    "name 3 mammals that live in the sea",
    "List four instruments that have strings.",
    "What are four examples of string instruments?",
    "Can you give me three examples of noble gases?",
    "Quick question: can you give me five common farm animals?",
    "What are the four cardinal directions?",
    "List the cardinal points of a compass.",
    "I'm making flashcards for a class. What are three birds that live in the desert?",
    # a count and a kind narrowed by a word or two, as a noun phrase
    "two tropical fruits",
    "Four woodwind instruments would be?",
]


@pytest.mark.parametrize("text", LIST_FORMS)
def test_a_short_list_of_a_common_kind_goes_local(
    routers: dict[str, Classifier], text: str
) -> None:
    assert local(routers["balanced"], text)


@pytest.mark.parametrize(
    "text",
    [
        "Give me three examples of good leadership.",
        "Name three examples of how animals adapt to the ocean.",
        "List three animals that live in my garden.",
        "Name three mammals that live in the ocean and explain how they breathe.",
        "What are three examples of countries that will host the next Olympics?",
        "List three birds that can be found in my area.",
        "5 largest countries",
        "three most populous cities",
        "3 newest countries",
    ],
)
def test_a_list_that_needs_more_than_recall_stays_in_the_cloud(
    routers: dict[str, Classifier], text: str
) -> None:
    assert not local(routers["balanced"], text)


# --- texting spellings, a short answer asked for, given text before an arrow ------------------

# Each phrasing asks what its plain form asks: "whats a metaphor" what "What's a metaphor?" asks,
# "Can you explain what a metaphor is in one sentence?" what "What is a metaphor?" asks,
# "meet me at noon -> ALL CAPS" what "ALL CAPS: meet me at noon" asks.
PLAIN_FORMS = {
    "whats a metaphor": "what's a metaphor",
    "wat does donde esta la estacion mean": "what does donde esta la estacion mean",
    "how do u say thank you in japanese": "how do you say thank you in japanese",
    "what r the 3 primary colours": "what are the 3 primary colours",
    "wich planet is the largest": "which planet is the largest",
    "waht is the capital of peru": "what is the capital of peru",
    "Can you explain what a metaphor is?": "what is a metaphor?",
    "Can you explain what evaporation is in one sentence?": "what is evaporation?",
    "Hi! Could you briefly define photosynthesis, please?": "define photosynthesis?",
    "Photosynthesis means what, in simple terms?": "what does Photosynthesis mean?",
    "whats photosynthesis in simple words": "what's photosynthesis",
    "Where is Wat Arun?": "Where is Wat Arun?",
    "meet me at noon -> ALL CAPS": "ALL CAPS: 'x'",
    "Their going to the park tomorrow -> correct it": "correct it: 'x'",
    "I recieved a seperate package yesterday. <- spelling pls": "spelling: 'x'",
    "can u make this all caps pls: meet me at the front gate at noon": ("make this all caps: 'x'"),
}


@pytest.mark.parametrize(("text", "asked"), PLAIN_FORMS.items())
def test_a_plain_form_is_read_the_same(
    routers: dict[str, Classifier], text: str, asked: str
) -> None:
    assert question(text) == asked
    assert local(routers["balanced"], text)


@pytest.mark.parametrize(
    "text",
    [
        "whats the weather like today",
        "whats the wether in chicago rn",
        "whos playing tmrw",
        "can u write me a poem about the sea",
        "how do u feel about AI",
        "Explain what caused the French Revolution.",
        "Explain what a monad is in Haskell.",
        "In simple terms, why is the sky blue?",
        "def f(x): return x -> fix it",
        "my essay about climate change -> make it better",
    ],
)
def test_a_plain_form_keeps_what_needs_the_cloud(routers: dict[str, Classifier], text: str) -> None:
    assert not local(routers["balanced"], text)
    assert not local(routers["eager"], text)


# --- a short list given on lines of its own, with what to do to it ----------------------------

LINES_GIVEN = [
    "Make this list comma-separated:\nlion\ntiger\nbear\nwolf",
    "to CSV:\nlion\ntiger\nbear\nwolf",
    "can u make this comma seperated\nlion\ntiger\nbear\nwolf",
    "Could you please join these into a single line separated by commas?\nlion\ntiger\nbear",
    "lion\ntiger\nbear\nwolf\n\none line, comma separated",
    "Sort these alphabetically:\nwolf\nlion\nbear",
]


@pytest.mark.parametrize("text", LINES_GIVEN)
def test_a_list_given_on_lines_is_given_text(routers: dict[str, Classifier], text: str) -> None:
    assert local(routers["balanced"], text)


@pytest.mark.parametrize(
    "text",
    [
        "Which of these is a mammal?\nshark\nwhale\ntuna",
        "Write a Python function that joins these with commas:\nlion\ntiger\nbear",
        "Write a poem using these words:\nlion\ntiger\nbear",
        "Rank these by how dangerous they are:\nlion\ntiger\nbear",
    ],
)
def test_lines_given_keep_what_needs_the_cloud(routers: dict[str, Classifier], text: str) -> None:
    assert not local(routers["balanced"], text)


# --- what a school maths term means ------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "What is a prime number?",
        "prime number: definition",
        "meaning of prime number",
        "A prime number is what, exactly?",
        "Could you explain what a hypotenuse is?",
        "define quadrilateral",
    ],
)
def test_what_a_maths_term_means_goes_local(routers: dict[str, Classifier], text: str) -> None:
    assert local(routers["balanced"], text)


@pytest.mark.parametrize(
    "text",
    [
        "Is 91 a prime number?",
        "What is a prime number greater than 100?",
        # (a hypotenuse from two legs is one formula, local: see the geometry tests)
        "What is the area of a square whose perimeter is 20?",
        "Prove that there are infinitely many prime numbers.",
    ],
)
def test_a_maths_term_used_not_defined_stays_in_the_cloud(
    routers: dict[str, Classifier], text: str
) -> None:
    assert not local(routers["balanced"], text)


def test_the_night_of_the_askers_own_story_is_theirs(routers: dict[str, Classifier]) -> None:
    text = "We argued about this at the pub quiz last night. What's the world's longest river?"
    assert local(routers["balanced"], text)


# --- a smiley or a laugh after the question ------------------------------------------------------


@pytest.mark.parametrize(
    "end",
    [
        " :)",
        " :-)",
        " ;)",
        " :D",
        " xD",
        " lol",
        " haha",
        " :) lol",
        " <3",
        "??",
        " please? thanks",
    ],
)
@pytest.mark.parametrize(
    "text",
    [
        "What's 1,250 + 730?",
        "Fix the spelling: I recieved the pakage yesterday.",
        "What's the Japanese for thank you?",
        "Which oceans are there on Earth?",
        "1250 plus 730",
    ],
)
def test_a_smiley_or_a_laugh_after_the_question_changes_nothing(
    routers: dict[str, Classifier], text: str, end: str
) -> None:
    assert local(routers["balanced"], text)
    assert local(routers["balanced"], text + end)


@pytest.mark.parametrize(
    "text",
    [
        "write me a funny poem about my cat :)",
        "what's the latest news lol",
        "explain why the sky is blue xD",
    ],
)
def test_a_smiley_keeps_what_needs_the_cloud_there(
    routers: dict[str, Classifier], text: str
) -> None:
    assert not local(routers["balanced"], text)


def test_a_shorthand_after_a_greeting_is_read(routers: dict[str, Classifier]) -> None:
    for text in ("hey, EN→IT: good night", "Hi! de→en: Schmetterling", "hey, BPM (music) = ?"):
        assert local(routers["balanced"], text), text


# --- a multiple-choice item put another way ------------------------------------------------------

MC_FORMS = {
    # the question as a sentence to complete with a word's meaning
    'The word "frugal" means:\nA) generous\nB) thrifty\nC) lazy': "what does 'x' mean?",
    "The French word merci translates to (A) hello (B) thanks (C) sorry": ("what does merci mean?"),
    "Frugal most nearly means\nA) generous\nB) thrifty\nC) lazy": "what does Frugal mean?",
    # a short answer asked for in brackets after the options
    "What is the capital of Peru?\nA) Lima\nB) Quito\n(just the letter)": (
        "What is the capital of Peru?"
    ),
    "What is 7 times 8?\n1) 54\n2) 56\n3) 58\n(answer only)": "What is 7 times 8?",
    # the options first, then the question
    "A) 54 B) 56 C) 58 D) 64 - which one is 7 times 8?": "what is 7 times 8?",
    "A) Lima B) Quito C) Bogota D) Caracas — which is the capital of Peru?": (
        "what is the capital of Peru?"
    ),
    # a sentence that only asks for help, before the question
    "Could you help me with this one, please? What is the capital of Peru?\nA. Lima\nB. Quito": (
        "What is the capital of Peru?"
    ),
    # what to answer with, after the options
    "Who wrote 'Hamlet'? A) Marlowe B) Shakespeare C) Jonson D) Milton. Just the letter please.": (
        "Who wrote 'x'?"
    ),
    "Question 3: 7 × 8 =\nA. 54\nB. 56\nC. 58\nD. 64\nSelect one.": "what is 7 × 8?",
    # "choose the correct X of Y"
    "Choose the correct product of 7 and 8: (A) 54 (B) 56 (C) 58 (D) 64": (
        "what is the product of 7 and 8?"
    ),
    "Choose the correct author of Hamlet:\nA) Marlowe\nB) Shakespeare\nC) Jonson\nD) Milton": (
        "what is the author of Hamlet?"
    ),
    "Hey, which is right for 7 times 8? A) 54 B) 56 C) 58 D) 64": "what is 7 times 8?",
    # the options first, then a colon
    "A) 54 B) 56 C) 58 D) 64: which one is 7 times 8?": "what is 7 times 8?",
    # help asked for without "me"
    "Can you help with this one? What is the capital of Peru?\nA. Lima\nB. Quito": (
        "What is the capital of Peru?"
    ),
    # a sentence that says why it is asked, before the question
    "I'm checking my son's homework. What is 7 x 8?\n(A) 54\n(B) 56\n(C) 58\n(D) 64": (
        "What is 7 x 8?"
    ),
}


@pytest.mark.parametrize(("text", "asked"), MC_FORMS.items())
def test_a_multiple_choice_item_put_another_way(
    routers: dict[str, Classifier], text: str, asked: str
) -> None:
    asked_as = unwrap(text)
    assert (asked_as.text, asked_as.multiple_choice) == (asked, True)
    assert local(routers["balanced"], text)


@pytest.mark.parametrize(
    "text",
    [
        "A) 54 B) 56 C) 58 D) 64 - which one is the best estimate of the GDP growth?",
        "I'm a nurse. Which dose is right?\nA) 5 mg\nB) 10 mg\nC) 15 mg\nD) 20 mg",
        "Choose the correct interpretation of the statute:\nA) void\nB) valid\nC) voidable",
        "Could you help me with this one? Which of the following is true?\nA. x\nB. y\nC. z",
        *UNKNOWN_CHOICES,
    ],
)
def test_a_multiple_choice_item_put_another_way_keeps_the_exam_in_the_cloud(
    routers: dict[str, Classifier], text: str
) -> None:
    assert not local(routers["balanced"], text)


@pytest.mark.parametrize(
    "text",
    [
        "What is the volume of a cube with edges of 3 cm?",
        "A cube measures 3 cm on each edge. What's its volume?",
        "whats the volume of a cube thats 3 cm on each side",
        "Could you please tell me the volume of a cube with 3 cm edges?",
    ],
)
def test_a_shape_measured_by_its_edges_goes_local(
    routers: dict[str, Classifier], text: str
) -> None:
    assert local(routers["balanced"], text)


# --- when the asker needs it is not what is asked ----------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "my geography quiz is tomorrow, what are the seven continents",
        "My son has a science test tomorrow. What is evaporation?",
        "I have a spelling bee tonight. How do you spell necessary?",
    ],
)
def test_the_askers_own_day_in_a_context_sentence_stays_local(
    routers: dict[str, Classifier], text: str
) -> None:
    assert local(routers["balanced"], text)


@pytest.mark.parametrize(
    "text",
    [
        "I'm flying tomorrow. What's the weather in Paris?",
        "The match was yesterday. Who won?",
        "I saw the news today. What is the capital of Peru?",
        "My team plays tonight. Who is in the starting lineup?",
    ],
)
def test_a_day_that_changes_the_answer_still_sends_the_turn_to_the_cloud(
    routers: dict[str, Classifier], text: str
) -> None:
    assert not local(routers["balanced"], text)


# --- a translation in shorthand ----------------------------------------------------------------

SHORTHAND = {
    "bread = ? (Spanish)": "how do you say bread in Spanish?",
    "EN→FR: good morning": "how do you say good morning in French?",
    "EN>DE: thank you": "how do you say thank you in German?",
    "FR->EN: merci beaucoup": "what does merci beaucoup mean in English?",
}


@pytest.mark.parametrize(("text", "asked"), SHORTHAND.items())
def test_a_translation_in_shorthand(routers: dict[str, Classifier], text: str, asked: str) -> None:
    assert question(text) == asked
    assert local(routers["balanced"], text)


@pytest.mark.parametrize("text", ["x = ? (mod 7)", "EN→FR: my password", "EN→FR: today's news"])
def test_a_translation_in_shorthand_keeps_what_needs_the_cloud(
    routers: dict[str, Classifier], text: str
) -> None:
    assert not local(routers["balanced"], text)


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("radio inventor", "who invented radio?"),
        ("Hamlet author?", "who wrote Hamlet?"),
        ("what yr did the Titanic sink", "what year did the Titanic sink"),
    ],
)
def test_a_maker_asked_as_a_noun_phrase(
    routers: dict[str, Classifier], text: str, asked: str
) -> None:
    assert question(text) == asked
    assert local(routers["balanced"], text)


@pytest.mark.parametrize(
    "text", ["my favourite author?", "best painter?", "greatest inventor ever?"]
)
def test_a_maker_asked_as_a_noun_phrase_needs_a_work(
    routers: dict[str, Classifier], text: str
) -> None:
    assert not local(routers["balanced"], text)


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("RAM abbr.?", "what does RAM stand for?"),
        ("UNESCO is short for what?", "what does UNESCO stand for?"),
        ("NATO stands for what?", "what does NATO stand for?"),
    ],
)
def test_an_acronym_asked_back_to_front(
    routers: dict[str, Classifier], text: str, asked: str
) -> None:
    assert question(text) == asked
    assert local(routers["balanced"], text)


@pytest.mark.parametrize(
    "text",
    [
        "I have a list: pear, fig, apple, kiwi. Please sort it alphabetically.",
        "Here are my words: dog, cat, emu. Can you put them in alphabetical order?",
        "Could you fix the capitalization of this title? the old man and the sea",
    ],
)
def test_given_text_pointed_back_to_or_named_by_its_fix_goes_local(
    routers: dict[str, Classifier], text: str
) -> None:
    assert local(routers["balanced"], text)


@pytest.mark.parametrize(
    "text",
    [
        "I have a list of my passwords. Please sort it alphabetically.",
        "Here is my code: print(x). Can you fix it?",
    ],
)
def test_given_text_pointed_back_to_must_be_given(
    routers: dict[str, Classifier], text: str
) -> None:
    assert not local(routers["balanced"], text)


# --- the asker's own story around a question is not the task -----------------------------------

# A context sentence in which the asker tells their own story (first person: "I'm planning a
# trip to Egypt.", "My boss wrote 'ASAP' in an email.") says why they ask, not what the answer
# must be: the writing, judgment, planning, reasoning and own-data words in it describe their
# day, not the task. Groups with `in_stories = false` do not send such a turn to the cloud; code,
# the news and the conversation still do, and so does any instruction ("Imagine ...", "Be
# thorough."). The first six phrasings are from the family sets; the rest are new.


@pytest.mark.parametrize(
    "text",
    [
        "I'm planning a trip to Egypt. What river does Cairo sit on?",
        "My boss wrote 'ASAP' in an email. What does it stand for?",
        "I'm splitting a bill eight ways. What's 96 divided by 8?",
        "My performance review called me meticulous. What does that mean?",
        "I'm planning a roast dinner. What are three root vegetables I could use?",
        "My doctor told me to eat more citrus. Can you name three citrus fruits?",
        "I'm writing an essay about Italy. What is the capital of Italy?",
        "We are planning our wedding. How many ounces are in a pound?",
        "My manager reviewed my report. What does KPI stand for?",
        # the first person left out, as chat does
        "Just started piano lessons. Which notes are in the C major scale?",
        "Started learning Spanish last week. What is the Spanish word for cat?",
        "Got a new puppy yesterday. How many teeth does an adult dog have?",
        # an emoji ends a sentence as a full stop does
        "Just started guitar lessons 🎸 how many strings does a guitar have?",
    ],
)
def test_the_askers_own_story_does_not_send_a_simple_question_to_the_cloud(
    routers: dict[str, Classifier], text: str
) -> None:
    assert local(routers["balanced"], text)
    assert local(routers["eager"], text)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Imagine you are a pirate. What is the capital of France?", "open-ended writing"),
        ("Explain your answer. What is 7 times 8?", "reasoning"),
        ("I need this for my Python homework. What is 5 + 3?", "code"),
        ("I saw the news today. What is the capital of Peru?", "current events"),
        ("Write it as a poem. What is the capital of France?", "open-ended writing"),
        ("Think step by step. What is 12 times 12?", "multi-step"),
        ("Just started a Python course. Write a function that adds two numbers.", "code"),
        ("Got my test results back. What does my cholesterol number mean?", "your own data"),
    ],
)
def test_an_instruction_or_a_hard_need_in_the_context_still_sends_it_to_the_cloud(
    routers: dict[str, Classifier], text: str, rule: str
) -> None:
    decision = routers["balanced"].classify(ChatRequest("m", [Message("user", [TextPart(text)])]))
    assert (decision.local, decision.rule) == (False, rule)


def test_a_rules_file_decides_which_groups_read_the_askers_story(tmp_path: Path) -> None:
    text = "I'm planning a trip to Egypt. What river does Cairo sit on?"
    request = ChatRequest("m", [Message("user", [TextPart(text)])])
    path = tmp_path / "rules.toml"
    path.write_text("[cloud.multi_step]\nin_stories = true\n", encoding="utf-8")
    decision = Classifier.from_file(path).classify(request)
    assert (decision.local, decision.rule) == (False, "multi-step")
    assert Classifier.from_file(None).classify(request).local


def test_a_rules_file_decides_which_groups_read_a_long_story(tmp_path: Path) -> None:
    text = (
        "Our book group met last night and we argued about old novels for an hour. Somebody "
        "said Jane Eyre was written by a man. I said that was wrong but could not prove it. Who "
        "wrote Jane Eyre?"
    )
    request = ChatRequest("m", [Message("user", [TextPart(text)])])
    path = tmp_path / "rules.toml"
    path.write_text("[cloud.conversation]\nin_long_stories = true\n", encoding="utf-8")
    decision = Classifier.from_file(path).classify(request)
    assert (decision.local, decision.rule) == (False, "conversation")
    assert Classifier.from_file(None).classify(request).local


@pytest.mark.parametrize("text", ["sum up ^", "^ translate this", "simplify ^^", "tl;dr ↑"])
def test_a_caret_pointing_up_is_the_conversation(routers: dict[str, Classifier], text: str) -> None:
    # "sum up ^" (held-out set 10, read after the change it measured) had gone local as a summary
    decision = routers["balanced"].classify(ChatRequest("m", [Message("user", [TextPart(text)])]))
    assert (decision.local, decision.rule) == (False, "conversation")


@pytest.mark.parametrize(
    "text",
    ["what is 2^3?", "what is 2 ^ 3", "x^2 when x = 4", "pear\nfig\nkiwi\nplum\n^ sort these"],
)
def test_a_caret_in_a_power_is_not_the_conversation(
    routers: dict[str, Classifier], text: str
) -> None:
    decision = routers["balanced"].classify(ChatRequest("m", [Message("user", [TextPart(text)])]))
    assert decision.rule != "conversation"


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        # an apology or a "quick q" in any words, whatever it calls the question
        ("hey, sorry to bug you — what's 1,250 take away 385?", "what's 1,250 take away 385?"),
        ("sorry for dumb question but what is 4 x 12", "what is 4 x 12"),
        ("quick q: what is 4 x 12?", "what is 4 x 12?"),
        ("hey quick film trivia q - who directed Jaws?", "who directed Jaws?"),
        ("Quiz night question: who directed Jaws?", "who directed Jaws?"),
        # the answer's form asked for after the question
        ("who wrote moonlight sonata, name only", "who wrote moonlight sonata"),
        ("what's four times twelve, just the number pls", "what's 4 times 12"),
        ("whats the opposite of generous, one word", "what's the opposite of generous"),
        ("French for 'money'? One word.", "French for 'x'?"),
        ("Which is the largest planet? Just the name, please.", "Which is the largest planet?"),
    ],
)
def test_a_preamble_or_the_answers_form_in_any_words(text: str, asked: str) -> None:
    assert question(text) == asked


@pytest.mark.parametrize(
    "text",
    [
        "hey, sorry to bug you — what's 1,250 take away 385?",
        "sorry for dumb question but 77 fahrenheit is how much in celsius",
        "who wrote moonlight sonata, name only",
        "what's four times twelve, just the number pls",
        "what is 1250 − 385?",
        "1250 − 385 = ?",
        "photosynthesis — what is it?",
    ],
)
def test_simple_turns_in_chat_typography_go_local(
    routers: dict[str, Classifier], text: str
) -> None:
    assert local(routers["balanced"], text)


@pytest.mark.parametrize(
    "text",
    [
        "sorry to bug you — what's the weather in Paris today?",
        "quick q: what's the best laptop for coding, just the name",
        "what is my balance minus 385, just the number",
        "bitcoin — what is it worth today?",
    ],
)
def test_the_answers_form_does_not_hide_a_cloud_need(
    routers: dict[str, Classifier], text: str
) -> None:
    assert not local(routers["balanced"], text)


@pytest.mark.parametrize(
    "text",
    [
        "scroll back for me - what did I start this chat with?",
        "scroll back for me — what did I start this chat with?",
        "scroll back for me: what did I start this chat with?",
    ],
)
def test_a_topic_put_first_is_pointed_to_by_a_pronoun_not_a_determiner(
    routers: dict[str, Classifier], text: str
) -> None:
    # ("this chat" names the conversation: it does not point back to "scroll back for me")
    assert question(text) == text
    assert not any(local(router, text) for router in routers.values())


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("photosynthesis - what is it?", "what is photosynthesis?"),
        ("Serendipity - what does that mean?", "what does Serendipity mean?"),
        ("Hamlet, who wrote that?", "who wrote Hamlet?"),
    ],
)
def test_a_topic_put_first_is_put_back(text: str, asked: str) -> None:
    assert question(text) == asked


@pytest.mark.parametrize(
    "text",
    [
        "What are the phases of the moon?",
        "layers of the earth?",
        "What are the colours of the French flag?",
        "List the chambers of the heart.",
        "the three branches of government",
        "Which notes are in the C major scale?",
        "which notes make up the C major scale",
        "Which colours appear on the Olympic rings?",
        "What are the stages of mitosis?",
        "olympic rings colours",
        "c major scale notes",
    ],
)
def test_the_fixed_parts_of_a_named_thing_go_local(
    routers: dict[str, Classifier], text: str
) -> None:
    assert local(routers["balanced"], text)


@pytest.mark.parametrize(
    "text",
    [
        "What are the stages of my project?",
        "What are the colors of our new logo?",
        "what are the phases of the moon this week?",
        "the members of the current cabinet",
        "Which colors go well with navy?",
        "What are the rules of uno?",
        "What are the members of this list?",
        "which notes are in the song I pasted above",
        "suggest other similar colours",
    ],
)
def test_the_parts_of_something_of_the_askers_or_the_news_stay_in_the_cloud(
    routers: dict[str, Classifier], text: str
) -> None:
    assert not local(routers["balanced"], text)


@pytest.mark.parametrize(
    "text",
    [
        "What does my cholesterol number mean?",
        "what does my blood test result mean",
        "What does my dream mean?",
        "what do our quarterly numbers indicate?",
    ],
)
def test_what_something_of_the_askers_means_stays_in_the_cloud(
    routers: dict[str, Classifier], text: str
) -> None:
    assert not any(local(router, text) for router in routers.values())


@pytest.mark.parametrize(
    "text",
    [
        "how many bones does an adult human have, 106, 206 or 306?",
        "Shark, whale, salmon or tuna: which one is the mammal?",
        "What is the capital of Australia: Sydney, Melbourne, Canberra or Perth?",
        "which planet is the largest - Mars, Jupiter, Venus or Earth?",
        "which planet is the largest — Mars, Jupiter, Venus or Earth?",
        # a noun ending as a comparative does is not one
        "A) CO2 B) H2O C) NaCl D) O2 -- which of these is water?",
        "Amazon, Sahara, Everest or Alps: which one is the river?",
    ],
)
def test_options_given_in_words_are_a_multiple_choice_item(
    routers: dict[str, Classifier], text: str
) -> None:
    assert local(routers["balanced"], text)


@pytest.mark.parametrize(
    "text",
    [
        # a judgement between the options, whatever they are
        "Rent, buy or lease: which is smarter?",
        "which is heavier: iron, cotton or feathers?",
        "which is the better one: tea, coffee or cocoa?",
        "Which should I learn first: Python, Rust or Go?",
        "Which is better for my portfolio, stocks, bonds or gold?",
        "For a beginner, individual stocks or index funds: which comes out ahead?",
        "which economy grew faster, france or germany, and why",
        # the news, or a thing of the asker's
        "Who will win tonight: Lakers, Celtics or Heat?",
        "which of my files is biggest: a.txt, b.txt or c.txt?",
    ],
)
def test_options_given_in_words_keep_a_judgement_in_the_cloud(
    routers: dict[str, Classifier], text: str
) -> None:
    assert not any(local(router, text) for router in routers.values())


def test_two_alternatives_are_a_comparison_not_options(routers: dict[str, Classifier]) -> None:
    assert not local(routers["balanced"], "Which is bigger, 10kg of iron or 10kg of cotton?")


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("Compound interest, meaning?", "define Compound interest"),
        ("carbon footprint: definition?", "define carbon footprint"),
        ("'status quo' - meaning", "define status quo"),
        # what points back is not a term
        ("this sentence, meaning?", "this sentence, meaning?"),
    ],
)
def test_a_term_of_a_few_words_and_its_meaning_asked(text: str, asked: str) -> None:
    assert question(text) == asked


@pytest.mark.parametrize(
    "text",
    [
        "Total: 1250 - 385 = ?",
        "Balance after withdrawal: 1250 − 385 = ?",
        "Give me 15 per cent of 240",
        "what is 15 per cent of 240?",
        "how much is 1250 less 385",
    ],
)
def test_a_sum_under_a_label_or_in_british_words_goes_local(
    routers: dict[str, Classifier], text: str
) -> None:
    assert local(routers["balanced"], text)


@pytest.mark.parametrize(
    "text",
    [
        "Explain step by step: 1250 - 385 = ?",
        "My portfolio's balance today: 1250 - 385 = ?",
        # an exam item's sum: the weak model got 3 of 4 of these wrong
        "Find the exact answer: 365 + 56\nA. 300\nB. 309\nC. 311\nD. 421\nAnswer:",
    ],
)
def test_a_label_over_a_sum_still_says_what_needs_the_cloud(
    routers: dict[str, Classifier], text: str
) -> None:
    assert not local(routers["balanced"], text)


@pytest.mark.parametrize(
    "text",
    [
        'Give me the circumference of a 14" circle.',
        'area of a 12" pizza?',
        "What is the length of the hypotenuse if the two short sides are 6 cm and 8 cm?",
    ],
)
def test_one_formula_geometry_in_inch_marks_and_short_sides(
    routers: dict[str, Classifier], text: str
) -> None:
    assert local(routers["balanced"], text)


@pytest.mark.parametrize(
    "text",
    [
        "Which one is a herb?\nA. cinnamon\nB. rosemary\nC. nutmeg\nD. clove",
        "Which is a mammal? A) shark B) whale C) salmon D) tuna",
        # an exam's own numbering before the question
        "Q3) What is the biggest organ in the human body?\n a. liver\n b. brain\n c. skin",
        "Q.4 What is the capital of Peru?\nA) Lima\nB) Quito\nC) Bogota",
    ],
)
def test_an_exam_item_asking_a_kinds_member_or_numbered_goes_local(
    routers: dict[str, Classifier], text: str
) -> None:
    assert local(routers["balanced"], text)


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("Reverse the order:\n1. Mercury\n2. Venus\n3. Earth\n4. Mars", "Reverse the order: 'x'"),
        ("Sort these alphabetically:\n1. pear\n2. apple\n3. fig", "Sort these alphabetically: 'x'"),
    ],
)
def test_a_numbered_list_to_edit_is_given_text_not_options(text: str, asked: str) -> None:
    assert unwrap(text) == Unwrapped(asked, False)


@pytest.mark.parametrize(
    "text",
    [
        "Which gas do plants absorb from the air?\nA. Oxygen\nB. Nitrogen\nC. Carbon dioxide",
        "Which is the largest planet in our solar system?\nA) Earth\nB) Jupiter\nC) Saturn",
    ],
)
def test_a_known_question_no_rule_reads_with_short_options_is_the_scorers(
    routers: dict[str, Classifier], text: str
) -> None:
    decision = routers["balanced"].classify(ChatRequest("m", [Message("user", [TextPart(text)])]))
    assert decision.local


@pytest.mark.parametrize(
    "text",
    [
        "Is capitalism good? A. yes B. no C. depends",
        "Should I quit my job?\nA) yes\nB) no\nC) maybe",
        "Which of the following best describes monetary policy?\nA. x\nB. y\nC. z",
    ],
)
def test_a_view_or_a_specialists_item_with_options_stays_in_the_cloud(
    routers: dict[str, Classifier], text: str
) -> None:
    assert not local(routers["balanced"], text)


@pytest.mark.parametrize(
    "text",
    [
        "When were the first modern Olympics held?",
        "When was the Battle of Hastings fought?",
        "When was the euro introduced?",
        "When was the Declaration of Independence adopted?",
    ],
)
def test_when_a_dated_event_was_held_fought_or_introduced(
    routers: dict[str, Classifier], text: str
) -> None:
    assert local(routers["balanced"], text)


@pytest.mark.parametrize(
    "text",
    [
        "When was the last World Cup held?",
        "When did the last World Cup take place?",
        "When was my order introduced to the system?",
    ],
)
def test_when_the_latest_or_the_askers_was_held_stays_in_the_cloud(
    routers: dict[str, Classifier], text: str
) -> None:
    assert not local(routers["balanced"], text)
