"""The word-by-word readers (``reader`` in rules.toml), through the classifier: a one-formula
geometry question (trooper.routing.geometry), a short given text to put in a form it names
(trooper.routing.formats), an amount asked in another unit (trooper.routing.conversions) and a
given text's spelling or grammar put right (trooper.routing.fixes) and a sum of one step asked in
any words (trooper.routing.sums).
For each: what it sends local, what stays where the other rules send it, and the rules keys
that take it off."""

from __future__ import annotations

from pathlib import Path

import pytest

from trooper.model.conversation import ChatRequest, Message, TextPart
from trooper.routing.classifier import Classifier
from trooper.routing.conversions import converts
from trooper.routing.fixes import given_fix
from trooper.routing.formats import given_form
from trooper.routing.geometry import one_formula
from trooper.routing.normalize import given_story, measured_story, question
from trooper.routing.sums import one_step


def ask(text: str) -> ChatRequest:
    return ChatRequest("m", [Message("user", [TextPart(text)])])


@pytest.fixture(scope="module")
def routers() -> dict[str, Classifier]:
    return {level: Classifier.from_file(None, level) for level in ("balanced", "eager")}


@pytest.fixture(scope="module")
def balanced(routers: dict[str, Classifier]) -> Classifier:
    return routers["balanced"]


# --- geometry ---------------------------------------------------------------------------------

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
    # a length and a width make a rectangle; a label before the sizes is read with them
    "What is the area of a bath mat that is 80 cm long and 50 cm wide?",
    "Volume of a flower pot: radius 10 cm, height 20 cm?",
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


# --- a given text to put in a form ------------------------------------------------------

GIVEN = [
    "🍦 Mia – mint, Leo – strawberry, Ava – chocolate → table (Name | Flavour)",
    "Tabulate (Name, Flavour): Mia – mint, Leo – strawberry, Ava – chocolate",
    "Maria Lopez / Tom Baker / Aisha Khan → Last, First",
    "order these smallest to biggest 9 7.5 11 8 10.5",
    "Hi! Just need these in order, earliest first: 12 March, 3 January, 28 February, 9 January.",
    'How is the date "12 March 2024" written in YYYY-MM-DD format?',
    "split this addy onto separate lines for an envelope pls: Flat 3, 14 Rose Lane, Bristol",
    # a name as initials, days put in the week's order (set 30's reading)
    "What are the initials of the name Mary Elizabeth Jones?",
    'Would you mind turning the name "Mary Elizabeth Jones" into initials?',
    "Order these days Monday first: Thursday, Monday, Saturday, Tuesday",
    "Could you kindly arrange these days in weekly order, starting with Monday: Thursday, Monday,"
    " Saturday, Tuesday?",
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
    "What are the initials of the new housing policy my council announced?",
    "order these by how much I should worry: rent, car loan, phone bill",
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


# --- an amount in another unit -----------------------------------------------------------

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


# --- a given text's language put right ----------------------------------------------------

# the fix asked in words no pattern lists, and quoted sentences longer than a phrase
FIXES = [
    'Could you please correct the mistakes in this note for our house-sitter: "Please water the'
    " tomatos evry morning and dont forget the plant's in the greenhouse.\"",
    'sign for the charity shop door, fix pls: "Donations excepted monday to saturday, please'
    " do'nt leave bags outside when were closed.\"",
    'Hey! Can you tidy up the mistakes in this? "Were having a karaoke night on friday, every one'
    ' is welcome to come and sing there favourite song." Thanks a ton',
    'Would it be possible to tidy up the errors in this shop sign: "Donations excepted monday to'
    " saturday, please do'nt leave bags outside when were closed.\"",
    'Hi! Could you tidy up this babysitter note: "Pleese dont let the kids eat to much candy."',
]


@pytest.mark.parametrize("text", FIXES)
def test_a_fix_of_given_text_in_any_words_goes_local(
    routers: dict[str, Classifier], text: str
) -> None:
    assert "'x'" in question(text)  # (the quoted text stood in, so it is short enough to read)
    for router in routers.values():
        decision = router.classify(ask(text))
        assert (decision.local, decision.rule) == (True, "simple turn")


# what asks more than a fix (a tone, an explanation), errors of code, no fix of language
NOT_FIXES = [
    "fix the mistakes and make it sound more formal: 'Dear sir, i want refund.'",
    "CORS error No 'Access-Control-Allow-Origin' header ???",
    "fix this error: 'permission denied'",
    "why is this sentence wrong: 'Me and him goes to school.'",
    "fix 'x = 1'",
    "sed to swap the first 2 fields in a csv? on every line",
    "fix the grammar in my essay",
]


@pytest.mark.parametrize("text", NOT_FIXES)
def test_what_asks_more_than_a_fix_stays_in_the_cloud(
    routers: dict[str, Classifier], text: str
) -> None:
    assert not given_fix(question(text))
    assert not routers["balanced"].classify(ask(text)).local


def test_a_long_quote_is_stood_in_only_for_a_fix() -> None:
    sentence = '"Were having a karaoke night on friday, every one is welcome to come and sing."'
    assert question(f"Can you tidy up the mistakes in this? {sentence}").endswith("'x'")
    assert "karaoke" in question(f"Can you explain the joke in this? {sentence}")
    code = '"for (let i = 0; i < items.length; i++) { total += items[i].price; }"'
    assert "total" in question(f"fix the mistakes in this: {code}")


# --- a story's sentence read with its question ------------------------------------------------

# the one sentence of the asker's story that gives the amount or the sizes, and a question that
# asks it in another unit or asks one measure of it
MEASURED_STORIES = [
    # (the question may point back to the sentence it is read with)
    "I'm filling in a form for a shop in Germany and it asks for my height in centimetres. I only"
    " know that I'm 5 feet tall. What is that in cm?",
    "The label on my suitcase says it weighs 23 kilograms. The airline lists allowances in"
    " pounds. How many pounds is my suitcase?",
    "I picked up a huge striped watermelon at the greengrocer for a barbecue on Sunday. The"
    " sticker on the rind says it weighs three kilograms. My fruit salad recipe lists everything"
    " in grams, so I want to compare it properly. How many grams is the watermelon?",
    "We're redoing the games room in the garage and I want to paint a contrasting circle on the"
    " wall behind the dartboard, exactly the same size as the board itself. The board has a"
    " radius of 22.5 cm. What is the area of the board?",
    # (an amount and a half in words)
    "We are flying to Tenerife with the boys next month. The flight is four and a half hours. I"
    " want to plan the snacks. How many minutes is that?",
    # (the one sentence with a measure, among others that count people or years in words)
    "We're getting three hens next month and I'm marking out a square yard for them behind the"
    " shed. Each side of the square is 6 metres long. How many metres of fencing do I need to go"
    " all the way around it?",
    # (the day of the asker's own plans is no news)
    "We put a paddling pool in the garden tonight for the kids. The pool is a circle with a"
    " radius of one and a half metres. I want to buy a cover. What is its area?",
]


@pytest.mark.parametrize("text", MEASURED_STORIES)
def test_a_measure_asked_of_a_sentence_of_the_story_goes_local(
    routers: dict[str, Classifier], text: str
) -> None:
    assert measured_story(text) is not None  # (over the words a question has: read with it)
    for router in routers.values():
        decision = router.classify(ask(text))
        assert (decision.local, decision.rule) == (True, "simple turn")


# a word problem: amounts in two sentences, two steps (each, left, per, every), a rate, a count
WORD_PROBLEMS = [
    "I run 5 km every morning before work. My watch only shows miles and I keep forgetting the"
    " conversion. How many miles do I run in a week?",
    "We are tiling the bathroom floor, which is 3 m by 2 m, with tiles 30 cm square. I want to"
    " order them today. How many tiles do I need?",
    "I bought a 2 kg bag of flour last week and used 750 grams for bread. I want to bake again."
    " How many grams are left?",
    "My garden is a rectangle 10 m by 6 m and I want to put a path 1 m wide around it. I need to"
    " order gravel. What is the area of the path?",
    "My baby weighed 3.4 kg at birth and has gained 200 grams a week. She is 6 weeks old now."
    " How many pounds does she weigh?",
    "My car does 40 miles per gallon on the motorway. I'm driving to Leeds tomorrow. How many km"
    " per litre is that?",
    "The recipe serves 4 and needs 500 g of beef. I'm cooking for 10 people on Saturday. How many"
    " kilograms do I need?",
    "Our pool is 25 m long and my son swam 40 lengths this morning. He's very proud of himself."
    " How many kilometres did he swim?",
    "I have a water butt that is a cylinder 60 cm across and 90 cm tall. It rained all night and"
    " it is half full. How many litres of water are in it?",
    "I weigh 12 stone and my doctor in Spain asked for my weight. She only uses kilograms. I lost"
    " 2 stone last year. How many kilograms is that?",
]


@pytest.mark.parametrize("text", WORD_PROBLEMS)
def test_a_word_problem_told_as_a_story_stays_in_the_cloud(
    routers: dict[str, Classifier], text: str
) -> None:
    for router in routers.values():
        assert not router.classify(ask(text)).local


# --- a sum of one step in any words ----------------------------------------------------------

# two amounts and one step, asked in words no arithmetic pattern lists
ONE_STEP = [
    "I baked 36 cupcakes and sold 19 at the bake sale, how many are left?",
    "How many boxes do I need for 48 eggs if each box holds 6?",
    "Could you add up the raffle money for me: £35 on Friday and £48 on Saturday?",
    "baked 36 cupcakes n sold 19, how many left?? kitchen is a mess lol",
    "🧁 36 cupcakes − 19 sold = ?",
    "Would you mind working out how many teams of 5 I can make from 40 kids?",
    "Hi! Bus fare is £3 and there are 7 of us, what's the total? Thanks",
    "If my dog eats 3 biscuits a day, how many does he need for 10 days?",
    "We sold thirty-five tickets on Friday and forty-eight on Saturday, how many in total?",
    "I have 3 boxes of 12 eggs. How many is that?",
    # (money named after its amount, and a place's name with its accents, are no words of the
    # turn's own)
    "Could you kindly add up 45 zł for a necklace and 38 zł for a mug for me?",
    "I paid 45 zł for a necklace and 38 zł for a mug in Kraków, what's the total?",
    # (texted "are" and "with"; "each one" is no amount; a seat still available; a bill)
    "had 24 candles in the box, stuck 17 on the cake... how many r left",
    "summer camp has 7 cabins w 8 bunks each how many bunks total?",
    "If 8 swimmers share a 96-lap charity relay equally, how many laps does each one swim?",
    "A theatre has 80 seats and 57 tickets have been sold. How many seats are still available?",
    "Could you kindly work out the bill for five nights at a dog kennel charging $32 per night?",
    # (what it comes to, what was taken; a shout is no factorial)
    "Would you kindly work out what 14 jars of marmalade at £3 a jar come to?",
    "Morning! If I sold 14 jars of marmalade at £3 a jar, what did I take?",
    "threw a 180 first go in 501!! what have i got left?",
]


@pytest.mark.parametrize("text", ONE_STEP)
def test_a_sum_of_one_step_in_any_words_goes_local(
    routers: dict[str, Classifier], text: str
) -> None:
    assert one_step(text)
    decision = routers["balanced"].classify(ask(text))
    assert (decision.local, decision.rule) == (True, "simple turn")


# a hidden third amount or a second step (a ratio, a percentage, an average, two units of time,
# several people who each do it, a second equation), numbers past a small model's tables (the
# weak model of the RouteLLM evaluations missed "32 x 67" and "123 / 8"), a quotient that is not
# whole, an unknown to solve for, a version, a riddle
NOT_ONE_STEP = [
    "Sam has 3 times as many marbles as Jo, and together they have 48. How many does Jo have?",
    "sam three times marbles of jo together forty eight how many jo has",
    "A jacket costs $80 and is 25% off. What is the sale price?",
    "I earn £12 an hour and work 38 hours a week, what do I earn in a year?",
    "My cat eats 2 cans a day, how many does she need in a week?",
    "Marin and his neighbor Nancy each eat 4 apples a day. How many apples do they eat in 30 days?",
    "A football team played 22 games. They won 8 more than they lost. How many did they win?",
    "A bat and a ball cost £1.10 together, and the bat costs £1 more than the ball. How much is"
    " the ball?",
    "bat + ball = £1.10; bat = ball + £1 → ball = ?",
    "What is the product of 32 x 67?",
    "What is 123 / 8?",
    "What is 0.3 × 427?",
    "What number multiplied by 4 equals 36?",
    "If x − 3 = 6, what is the value of x?",
    "Can I add elasticsearch nodes with an enrollment token in 7.10.2",
    "What is the sum of all whole numbers from 347 to 8,912?",
    "A farmer has 17 sheep and all but 9 run away. How many are left?",
    "What is the average of 72 and 90?",
]


@pytest.mark.parametrize("text", NOT_ONE_STEP)
def test_more_than_one_step_is_not_read_as_one(routers: dict[str, Classifier], text: str) -> None:
    assert not one_step(text)
    for router in routers.values():
        assert not router.classify(ask(text)).local


def test_the_sum_reader_reads_the_context_set_aside_from_the_question(balanced: Classifier) -> None:
    # (the question reader sets aside the sentences before it: their amounts are the sum's)
    text = (
        "Jan has three times the number of pets as Marcia. Marcia has two more pets than Cindy."
        " If Cindy has four pets, how many total pets do the three have?"
    )
    assert one_step(question(text))
    assert not balanced.classify(ask(text)).local


# a sum's two amounts in one or two sentences of the asker's story, read with its question
COUNTED_STORIES = [
    "Our school is putting on a spring concert and I offered to help with the seating. The"
    " caretaker says there are eighty-four chairs in the store room. I want seven chairs in each"
    " row so everyone can see the stage. How many rows will I get?",
    "My granddaughter and I spent the afternoon picking apples at the farm near us. We filled"
    " our basket with sixty-two apples. On the way home we gave twenty-five of them to the lady"
    " next door. How many apples do we have left?",
]


@pytest.mark.parametrize("text", COUNTED_STORIES)
def test_a_sum_told_in_a_story_goes_local(routers: dict[str, Classifier], text: str) -> None:
    decision = routers["balanced"].classify(ask(text))
    assert (decision.local, decision.rule) == (True, "simple turn")


# a third amount in the story (the asker's three kids), one it hides (half of them, another),
# the news in the question
NOT_COUNTED_STORIES = [
    "My sister and I took our three kids to the ice rink on Saturday morning as a treat. None of"
    " us own skates. The sign says four pounds a pair, and we needed five pairs. How much did"
    " the skate hire cost altogether?",
    "My granddaughter and I spent the afternoon picking apples at the farm near us. We filled"
    " our basket with sixty-two apples. On the way home we gave half of them to the lady next"
    " door. How many apples do we have left?",
    "I baked forty cupcakes for the school fair on Friday. My son took twelve to his class. Then"
    " his sister took another for her lunch. How many cupcakes are left?",
]


@pytest.mark.parametrize("text", NOT_COUNTED_STORIES)
def test_a_story_with_more_than_one_step_stays_in_the_cloud(
    routers: dict[str, Classifier], text: str
) -> None:
    for router in routers.values():
        assert not router.classify(ask(text)).local


def test_what_is_left_of_the_askers_own_is_a_sum_only_with_both_amounts(
    balanced: Classifier,
) -> None:
    router = balanced
    assert router.classify(
        ask("If I made 40 jars of jam and gave 13 away, how many jars do I have left?")
    ).local
    assert not router.classify(ask("How many vacation days do I have left?")).local
    assert not router.classify(ask("I gave 13 jars away, how many do I have left?")).local


# a short text the asker's story gives, in quotes or as a list, and a request to edit it
GIVEN_STORIES = [
    "Our book club meets on Thursday and I made the reading list in a rush. The titles are Emma,"
    " Dracula, Beloved and Rebecca. Could you sort them alphabetically? Just the list, please.",
    "We are leaving a note for the dog sitter on the fridge, and I want it to look right. Could"
    ' you fix this: "Pleese feed Biscuit twise a day and dont let him on the sofa."',
    "I'm writing the first line of my holiday diary for my English teacher. It reads: 'We was"
    " going to the beach but it were raining all day.' How do I fix it?",
    "I coach the under-tens and the kids gave me their shirt numbers on scraps of paper. The"
    " numbers are 14, 3, 9, 22 and 7. Could you put them in order from lowest to highest?",
    # (the day of the asker's own plans is no news, in a story told at length)
    "I am the secretary of our village bowls club, a job nobody else wanted, and I have to pin a"
    " notice on the clubhouse door tonight. Our members are mostly retired teachers, so they will"
    " spot every single error and tell me about it at the bar. Could you correct it for me:"
    ' "The club will be closed on monday for reseeding, members pleese note."',
]


@pytest.mark.parametrize("text", GIVEN_STORIES)
def test_a_text_given_in_a_story_to_edit_goes_local(
    routers: dict[str, Classifier], text: str
) -> None:
    assert given_story(text) is not None
    decision = routers["balanced"].classify(ask(text))
    assert (decision.local, decision.rule) == (True, "simple turn")


# a new tone of the story's text, a text not given, code, the news
NOT_GIVEN_STORIES = [
    "My landlord keeps ignoring my emails about the boiler, so I'm writing again. Could you make"
    ' this sound more professional: "Fix the boiler now, it has been three weeks."',
    "I have an English essay due on Monday and I'm a terrible speller. My teacher is strict."
    " Could you fix the spelling in my essay?",
    "I'm tidying our team's code before the release on Friday. The function names are getData,"
    " save_user, LoadConfig and delete_item. Could you sort them alphabetically and rename them"
    " to snake case in the Python file?",
    "The election results came in last night and our office ran a sweepstake. The winners are"
    " Dave, Priya, Tom and Alice. Could you sort them alphabetically and say who won the vote?",
]


@pytest.mark.parametrize("text", NOT_GIVEN_STORIES)
def test_what_a_story_asks_beyond_an_edit_of_its_text_stays_in_the_cloud(
    routers: dict[str, Classifier], text: str
) -> None:
    for router in routers.values():
        assert not router.classify(ask(text)).local
