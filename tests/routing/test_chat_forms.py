"""Forms of chat the router reads the same as the plain question, and the cloud turns hidden in
the same forms, by operating point. Each table lists, form by form, what goes local and what
stays in the cloud in that form (the pairs keep a form from reading too much).
"""

from __future__ import annotations

import pytest

from trooper.model.conversation import ChatRequest, Message, TextPart
from trooper.routing import Classifier
from trooper.routing.normalize import CHAT_ENDS, without_chat_end
from trooper.routing.rules import LEVELS


@pytest.fixture(scope="module")
def routers() -> dict[str, Classifier]:
    return {level: Classifier.from_file(None, level) for level in LEVELS}


def local(router: Classifier, text: str) -> bool:
    return router.classify(ChatRequest("m", [Message("user", [TextPart(text)])])).local


# Local at the default point (balanced).
LOCAL = [
    # a topic and what is asked of it, as a label without a mark
    "potassium symbol",
    "hamlet author",
    # the form given text is put in, named alone
    "passive: The dog chased the ball.",
    "active → passive: The chef cooked the meal.",
    # a term asked in a field, in brackets or between commas; "quick" as a closing
    "allegro (music) = ?",
    "Chiaroscuro, in painting, means what?",
    "offside (football)?",
    "give me 3 noble gases quick",
    # a question typed without its mark is scored as the question it is
    "what is 144 divided by 12",
    # a closing after lettered options, a closing that ends a question as its mark would, and
    # "please" after "... is" closing a question put indirectly
    "What is 7 + 8? (a) 14 (b) 15 (c) 16 when you can",
    "How many weeks are there in 91 days when you can",
    "Can you tell me what 13 + 29 is please?",
    # a relayed question of what plural letters mean, and "explain wat ... is"
    (
        "My son loves rockets and asked me what the letters in NASA mean. I had no idea! What "
        "does it stand for?"
    ),
    "can u explain wat photosynthesis is in simple words",
    # a thing given its sides, asked its measure, is the shape they make; "rect" is a rectangle;
    # a dash after the quantity the question asks about ends its sentence
    "what's the perimeter of a 100 m by 64 m football pitch?",
    "What's the area of a 12 x 10 ft garden shed?",
    "perimeter rect 12x7",
    "The sign says 120 km - how many miles is that?",
    # the asker's lead-in before a request to fix given text, and a quoted sentence then the
    # request to put it right
    "english is not my first language, can you correct: My kids doesn't likes going to bed early",
    'My boss wrote "We shipped the release yesterday." Can you fix it?',
    'Is this right? "It have rained all day yesterday." Please correct it.',
    # each side named by its dimension, and a round thing's width
    "Our pool is 25 meters long and 10 meters wide. What's its surface area?",
    "My desk is 120 cm long and 60 cm wide. What's its area in square cm?",
    "Our round table is 120 cm across. What's its area?",
    # a quantity taken from the context into the question leaves behind what the context said of
    # it, and a dash after the asker's own sentence ends it
    "The forecast says 30 degrees Celsius tomorrow. What is that in Fahrenheit?",
    "watched Titanic last night - who directed it?",
    "I'm reading Dune this week - who wrote it?",
    # a measure of what the context gives the sides of, however it is named, and the answer's
    # unit asked alone
    "I'm building a raised vegetable bed that's 6 m by 4 m. How many square meters is it?",
    "My patio is 5 m by 4 m. How many square meters is it?",
    "Our pool is 10 x 5 x 2 m. How many cubic meters does it hold?",
    "Area of a rectangle, length 6 m, width 4 m — answer in m² only.",
    # options named as such after the question, and "which is the ..." before options in words,
    # with the answer's form in a sentence after them
    "which ocean is the largest? options: a. Atlantic b. Pacific c. Indian. letter only",
    "Quiz tonight. Which is the capital of Canada: Toronto, Ottawa or Vancouver? Just the name.",
    # a to-do's verbs are not code ("print the tickets", "return the books"), and the text an edit
    # points back to is not its context
    "Turn this into a bulleted list: call mom, print the tickets, return the books",
    (
        "Before the trip I wrote this down: pack, book the taxi, print the boarding pass. Can "
        "you put it in bullet points?"
    ),
    "make a numbered list out of this → milk, eggs, print photos",
    # a list's repeats taken out, said in other words
    "unique only: cat, dog, cat, bird",
    "keep each name only once: Ana, Bo, Ana",
    # a texting "wat" after a lead-in
    "i'm new here lol, wat does FYI mean",
    "my suitcase is 23kg, wat is that in lb?",
    # a work's kind before its title, in a question of who made it or when
    "who is the author of the novel Moby Dick?",
    "author of the novel Pride and Prejudice, name only",
    # a given list numbered or reversed goes local
    "numbered list pls: dishes, laundry, vacuuming, taking out the trash",
    "dishes, laundry, vacuuming, taking out the trash → number these one per line",
    "Put each item on its own numbered line: dishes, laundry, vacuuming, trash.",
    "can you number these chores for the fridge: dishes, laundry, vacuuming, trash",
    "one per line please: eggs, milk, bread, butter",
    "Flip this list backwards — Intro, Budget, Hiring, Q&A",
    "intro, budget, hiring, Q&A -> reversed?",
    "Reverse this - red, green, blue, yellow",
    # a multiple choice item under a label or with bare letters goes local
    "Multiple choice: The largest ocean is ___. A. Arctic B. Atlantic C. Pacific D. Indian",
    "pick one - biggest ocean: Indian / Arctic / Pacific",
    (
        "Trivia at work today: the biggest ocean on Earth is (a) Atlantic (b) Pacific "
        "(c) Indian. Which one?"
    ),
    "Q: Largest ocean? A Atlantic B Pacific C Indian D Southern",
    "What is the largest ocean on Earth? a Atlantic b Indian c Pacific d Arctic",
    (
        "CPU abbreviation, which is right: A Central Power Utility, B Central "
        "Processing Unit, C Computer Personal Unit? letter only"
    ),
    # a first products year and a question asked again go local
    "first iphone release year",
    "When did Apple launch the original iPhone?",
    "Original iPhone - year of release? Just the year.",
    "the first Walkman launch year?",
    "what are the primary colours again?",
    "who wrote Hamlet again?",
    # a question relayed from someone goes local
    "My little brother asked me what photosynthesis is and I blanked. What is it?",
    "My daughter asked me what evaporation is. How would you define it?",
    "My son asked me what a haiku is. What is it exactly?",
    "A colleague asked what an invoice is. What does it mean?",
    # a remark after the question is set aside
    "18 kilos in pounds? its my dogs wieght",
    "how many weeks is 91 days, cant work it out",
    "10 k is how many miles, signed up for my first race lol",
    "70 kilograms in pounds? in my country we use kg only",
    # ... texted in lower case, any short remark that asks nothing
    "whats a nebula? kid asked on the way home from the planetarium and i blanked",
    "who painted the sistine chapel ceiling? pub quiz tie breaker, everyones arguing",
    "tadpole meaning? kid asked me at the pond lol",
    "round rug is 2m across, whats the area? need a rug pad before it slides",
    # ... or what the answer is written on
    "merry xmas in french? for a card to my neighbour",
    "whats thank you in german, for a sign",
    # a label with nothing after its colon asks what it names
    "Painter of the Mona Lisa:",
    "Rainbow colours:",
    # a label before the amount it converts
    "Express in grams: 3 kilograms of potatoes.",
    # who was behind a work and when it came down go local
    "Which composer is behind the 'Moonlight' Sonata?",
    "who was behind the Mona Lisa?",
    "when did the berlin wall come down",
    "When did the Eiffel Tower go up?",
    # a phrase with my or a legal word in it goes local
    "how do you say 'my name is Anna' in Japanese?",
    "Translate this sentence into French: the cat is on the table.",
    "what is a contract?",
    # a term explained a correction asked and a phrase written go local
    "Could you please explain what the art term 'chiaroscuro' means?",
    "Hello! Could you explain what the tempo marking 'allegro' means?",
    "'The garden has less weeds than last year.' How should that be corrected?",
    "'Me and John was not able to attend.' How should this be written correctly?",
    "I'm replying to a supplier in Madrid. How do I write 'thank you for your email' in Spanish?",
    # a fix of given text in more words goes local
    "Return only the corrected text: Please find attched the agenda for tomorows meeting.",
    "Any misspellings here? The poet discribes the beutiful sunset in the first stanza.",
    (
        'Is this correct English? "My kids doesn\'t likes going to bed early." If not, '
        "please correct it."
    ),
    (
        "Proofread this line for me and give the fixed version only — My kids doesn't "
        "likes going to bed early."
    ),
    "Just the corrected sentence please: she dont like apples",
    # a short phrase to translate in shorthand goes local
    "in french pls: meeting is cancelled",
    "in Spanish please - see you tomorrow",
    "grandmother, italian translation",
    "thank you - German translation?",
    'Spanish translation of "It\'s raining", just the phrase.',
    "Please give me the French translation of 'The meeting has been cancelled.' Nothing else.",
    # what a form of writing is goes local
    "What is a haiku?",
    "Define haiku.",
    "haiku definition",
    "whats a haiku poem",
    "explain what a haiku is in simple words",
    "Haiku - what does the word mean? One sentence.",
    "What is a limerick?",
    "what is an essay",
    "What does sonnet mean?",
]

# a language named in its own words or misspelled
LOCAL += [
    "what is good luck in espanol",
    "how to say the bill please in italien",
    "good morning in deutsch",
    "thank you in español?",
]

# what a word naming a task or a piece of writing means
LOCAL += [
    "define itinerary",
    "itinerary = ?",
    "wat does itinerary mean lol",
    "Definition: itinerary. One sentence please.",
    "meaning of the word itinerary?",
    "what is a roadmap",
    "what does workflow mean",
    "define curriculum",
    "What is a tutorial?",
    "What's a pipeline?",
    "what is a blog",
    "define dialogue",
    "tweet - what does the word mean?",
]

# a given list with its repeats taken out, and what to do said before an arrow
LOCAL += [
    "Remove duplicates: hammer, screwdriver, hammer, tape, drill, tape",
    "dedupe: pens pencils pens rulers",
    "Can you remove the repeated items from this list? apples, pears, apples, plums",
    "unique items only → red, blue, red, green",
    "pls delete the duplicates in: cat, dog, cat, bird",
    "capitalise properly -> on monday we flew from paris to rome with aunt julia.",
    "grammar check → It have rained all day yesterday",
    "fix: my freind is nice",
    "List each item once: salt, pepper, salt, oil 🧂",
    "oak, elm, oak, ash -> remove duplicates",
    "oboe, flute, oboe, tuba without the duplicates is what?",
    "red, blue, red, green with duplicates removed",
]

# numbers written in words, and a rounding asked for
LOCAL += [
    "Please compute four multiplied by eighteen, then add nine.",
    "what is twenty three times six",
    "fifteen percent of two hundred forty is how much?",
    "add twelve and eight then multiply by five",
    "calc 18*4 + 9",
    "radius 15cm circle area pls, round to 1 decimal",
    "what is 22 divided by 7, rounded to two decimal places?",
    "hey sorry to bother u, 2,140 less 865 = ?",
    "fifteen per cent of 80",
    "Choose the right answer for 9*7:\na. 63\nb. 64\nc. 70",
    # a word someone used, asked after
    "A chef on TV kept saying a dish had lots of umami. What does that mean?",
    "My boss keeps using the term synergy. What is it exactly?",
    # a format asked for, then the text with no colon
    "make this all caps happy birthday grandma rose",
    "make this a question the train leaves at noon",
    "can u make this all caps quarterly budget review",
    # an estimate asked last
    "wats 2 cups in ml roughly",
    "180C in F approx.",
    # a day of the asker's in a note before the question
    "exam tomorrow, what is the capital of peru",
    "Quiz today. Who wrote Hamlet?",
    # "by the way", "asap", and why it is asked in brackets after it
    "btw what is 245 + 380?",
    "by the way, who wrote hamlet?",
    "what is 245 + 380 asap",
    "Can you tell me what 13 + 29 is pls",
    "What is 12 * 12? (for a quiz)",
    "Who wrote Emma? (asking for a friend)",
    # more preambles and closings, and a question trailing off
    "dumb question but what is 17 times 3?",
    "random q: 9^2",
    "I need help. 900 - 275 = ?",
    "What is 17 times 3? anyone?",
    "What is 17 times 3, if you know?",
    "how much is 245 + 380 thanks in advance",
    "What is photosynthesis...",
    "Lima is the capital of...",
    # interjections, a label of what it is for, more closings
    "Hmm, what is the value of 17 times 3?",
    "Lol what is 12 + 8 - 5?",
    "Thanks! what is 17 times 3?",
    "For my project: multiply 17 by 3",
    "For my project: what is 17 times 3?",
    "what is 17 times 3 when you can",
    "what is the value of 17 times 3 - urgent",
    "who wrote hamlet, right?",
    "What is photosynthesis !!!",
    "hi, dumb question — in office speak, what's EOD?",
    "Great, now what is the value of 17 times 3?",
    "Okay and what is 245 + 380?",
]

# a phrasebook's question, and the asking words before a colon after the language
LOCAL += [
    "How do I order a glass of water in Spanish?",
    "how do i ask for the bill in french",
    "How would I greet someone with good evening in Italian?",
    "In Spanish, how would you say: a glass of water, please?",
    "In German, how do I say: thank you?",
]

# a school subject as a label, an abbreviation to expand after a colon, all of a kind asked
LOCAL += [
    "Conversion: 150 miles → km",
    "Biology quiz: how many chambers in the human heart?",
    "History: who wrote Hamlet?",
    "Expand: DIY",
    "DIY - expand",
    "Continents — list them all, please.",
    "the planets, name them",
    "Name three countries in South America.",
    # options after a colon, with commas alone, and an answer's form after them
    "who wrote romeo and juliet: dickens, shakespeare, austen?",
    "capital of peru: lima, cusco, quito",
    "Which city is the capital of Australia: Perth, Canberra or Sydney? One word.",
]

# what the fourth look-alike set's readings took to the cloud leaves these local: a list given
# after a colon, a grammatical voice, the asker's plans for next month, a price asked in a story
LOCAL += [
    "sort this list alphabetically: b, a",
    "capitalize the names in this list: bob, ann",
    "Sort the guest list by surname: Ann Lee, Bob Cho, Cy Diaz",
    "Rewrite this sentence in the passive voice: The referee stopped the match.",
    "I'm visiting Tokyo next month. How do I say thank you in Japanese?",
    "Going to Madrid next week 🇪🇸 how do i say a glass of water please",
    "Proofread please 🙏 The garden has less weeds than last year.",
]

# forms set 19 (read once, development data since) missed: an emoji ending the asker's sentence
# before a request, repeats taken out in more words, a shape named as an adjective and the
# distance around a round thing, a field before the question, an acronym explained, quantities
# and dimensions in words; emphasis after a question and "fast pls"
LOCAL += [
    "I wrote my yarn colours twice 🧶 please remove repeats: red, blue, red, green",
    "can you take out the doubles: red, blue, red, green, blue, yellow",
    "Return only the unique items, keeping the original order: red, blue, red, green.",
    "A triangular sail has a base of 4 m and a height of 6 m. What's its area?",
    "Please calculate the volume of a rectangular swimming pool measuring 25 m × 10 m × 2 m.",
    "distance around a circle of radius 3 cm",
    "in music wat is a crescendo",
    "In chess, what is castling?",
    "Could you explain the acronym APR briefly?",
    "thirty six inches in cm?",
    "ten nautical miles to km",
    "Hi! My lawn patch is six meters by four meters. What's its area?",
    "My gym's pool is twenty-five meters long, ten wide, two deep. Volume in m³?",
    "telephone inventor !!!",
    "what is 3 x 4 fast pls",
]

# a one-formula measure asked by its unit or its letter, a possessive shape; a conversion asked
# of the one quantity a turn gives, however the asker tells it
LOCAL += [
    "If a circle's radius is 15, what is its area?",
    "V = 30 x 20 x 10 cm",
    "circle d=14, find C",
    "Area? Length 5 m, width 4 m. Answer in m².",
    "how many sq meters is a 6x4 m flower bed",
    "how many cm3 is a 60 x 30 x 40 tank, number only",
    "A cube of side 4 cm has a volume of how many cm³?",
    "π × 1.2 m = ? (round table edge)",
    "in my country we use cm, how much is 27 inch?",
    "70 kilogram = how much pound? in my country we use kg only",
    "my gym only labels in kg lol, the 20kg dumbbell is how many pounds?",
    "my cousin in the UK says it's 30 degrees there, what's that in F",
    "My recipe says bake at 180 degrees Celsius but my oven uses Fahrenheit. What do I set it to?",
]

# a kind then all of it asked for in more words, a short list sorted in more words
LOCAL += [
    "Continents of the world — list them, one per line.",
    "Noble gases: what are they?",
    "alphabetical order Patel Okafor Lindqvist",
    "banana, cherry, apple, mango, kiwi — in alphabetical order that's?",
    # a tip asked with the bill first, what a box given its sides holds
    "$60 bill, 15% tip is how much?",
    "A 60 × 30 × 35 cm fish tank holds what volume?",
    # a list someone asked the asker for, asked on
    "My 6-year-old wants to know the names of all the continents. What are they?",
    # the year of a named event someone watched on television
    "My grandad says he watched the Berlin Wall fall on TV. What year was that?",
    # what a thing is named, what the young of an animal is called, a topic then its question with
    # a pronoun, a continent named by its adjective
    "Quick question: what's the name of the river that flows through Cairo?",
    "name for a young kangaroo?",
    "peru which continent it is",
    "leap year how many days it has please tell",
    "hey what's the longest river on the african continent",
    # a quoted term past a number in the context; a guess to check, then the answer asked
    "My Spanish-speaking coworker says 'tengo hambre' every day around 11. What does it mean?",
    "Is the capital of Australia Sydney? If not, which city is it?",
    "My son insists the capital of Australia is Sydney. Is that right? If not, what is it?",
    # a dish's country as a label, the distance around a shape in more words, a sum then a step
    # after a colon
    "paella origin country",
    "Quick food trivia: paella's home country?",
    "how far round is a 12m x 7m rectangle",
    "A rectangular yard is 12 m by 5 m. How much fence goes around it?",
    "7 times 12, then add 15: how much is that?",
    "oven temp: 350F = ?C",
    "20 kg = ? lb !!!",
    "oven temp: 350F = ?C !!!",
    # Pythagoras asked by its letters, a circle's measure given pi
    "Find c when a = 6 and b = 8 (Pythagoras).",
    "legs 9 and 12, right angle — find c",
    "Please compute the circumference of a circle whose diameter is ten inches. Use pi ≈ 3.14.",
    # a greeting in another language, the answer's form after a quote, a phrase's own mark
    "Hola! Could you give me the Spanish for 'Where is the pharmacy?' Just the sentence.",
    "Bonjour! what is the capital of France?",
    "EN→ES: Where is the pharmacy?",
    "hola in english?",
    # a fix asked then its text with no mark between, or an emoji for the colon
    "correct this for me their going to the park tomorow",
    "can u spell check this for me 🙏 The movie was realy suprising and the acting was great.",
    # capital letters and the passive voice as fixes of given text
    "'The referee stopped the match' in the passive voice is what?",
    'Could you correct the capital letters in this sentence, please? "on monday we flew to rome."',
    '"on monday we flew from paris to rome." with the capitals fixed is what?',
    "Proper capitalisation please → we flew from lisbon to porto on monday.",
    # a unit the asker has, title case asked of quoted text, an emoji after "this <form>", a
    # comma-separated list of slashed items, "comma" alone as the form
    "my jug only has ml on it.. 2 cups = ?",
    "how does 'my sunday morning running mix' look in title case?",
    "pls make this grammatical 🙏 my kids doesn't likes going to bed early",
    "hammer / screwdriver / tape measure / spirit level, as a comma-separated list?",
    "newline -> comma: flour / water / salt / yeast",
    # a kind and its count, asked as examples
    "examples of root veg? just 3",
    "instruments w/ strings, 3 examples",
    # a term after a label naming its field, or before a bracket saying it is a word
    "art term: chiaroscuro?",
    "herbivore = ? (animal word)",
    # a list given in the context, its repeats taken out
    "My toolbox list has repeats: hammer, screwdriver, hammer, tape, drill, tape. Clean it up?",
    "I repeated some colours: red, blue, red, green, blue, yellow. Can you remove the repeats?",
    # a place's country or capital asked after an arrow, a closing after an emoji, a small or a
    # round number squared, what a code's letters mean; a quoted
    # phrase as a hashtag, the main types of a kind, a count of things at a price each asked in
    # more words, a count divided with its sign
    "What's 'road trip ready' as a hashtag?",
    "'game night' → #?",
    "Make a hashtag: grandma turns ninety",
    "Name the three main kinds of volcano.",
    "the four main types of tissue?",
    "What do 6 museum passes cost at $12.50 each?",
    "Total for 4 concert tickets, $35 per ticket.",
    "120 stickers ÷ 8 pages = ?",
    # a term, then what the asker half remembers of it; what the answer is for, after it
    "whats a barista, the coffee person thing?",
    "what is a glacier, like the ice thing?",
    "how do you say 'good luck' in italian? need it for my exam",
    "what's 'cheers' in german? its for my trip",
    # the one of a kind to pick, with options
    "Pick the mammal: (a) shark (b) whale (c) trout",
    "Select the noble gas: (A) oxygen (B) neon (C) nitrogen",
    # bare lower-case letters before short options that end the turn
    "capital of peru? a lima b quito c bogota d santiago",
    "which is a reptile a frog b gecko c newt",
    # where the asker met the word, after the question, with its subject left out
    "whats a gazebo? saw it in a garden catalogue",
    "what does 'rizz' mean? ppl keep saying it",
    # a bare label before lettered options
    "largest ocean: (a) Atlantic (b) Pacific (c) Indian (d) Arctic",
    "noble gas: A) oxygen B) neon C) nitrogen",
    # a polygon's sides asked as a noun phrase, alone or before options
    "octagon sides?",
    "pentagon's corners?",
    "Angles of a triangle? (a) 2 (b) 3 (c) 4",
    # a one-formula measure asked by its letter alone after an arrow or a length
    "⭕ r = 5 cm → A?",
    "circle r = 4 m, C = ?",
    "My recipe says 200 degrees Celsius but my oven is in Fahrenheit. What do I set it to?",
    "Angkor Wat → country?",
    "CEO = ? 👔 when you can",
    "What is 10,000 squared?",
    "What is 345 squared?",
    "What does IATA stand for?",
    "What does RSVP mean?",
    "what is a boarding pass",
    "Japan → capital?",
]

# In the cloud at the default point.
CLOUD = [
    # a remark after the question that goes on with it, or the news in it
    "whats the capital of australia? not sydney",
    "who won the darts final? last night lol",
    "is a 15 year age gap too big? y/n",
    "who won the tour stage yday?? missed it",
    "whats the capital of peru? need the full history too",
    # ... nor a request whose text is missing
    "Translate this:",
    "Fix the following:",
    # ... not a measure of one side alone, nor what it takes to cover it
    "My rug is 2 m wide. What's its area?",
    "My room is 4 m long and 3 m wide. How much carpet do I need?",
    # ... but not what it takes to cover or fill it
    "My room is 5 m by 4 m. How much paint do I need?",
    "My patio is 5 m by 4 m. How many tiles do I need?",
    # ... but not a judgement between them, nor "which is" before the options
    "which is the best laptop: dell, hp or lenovo? Just the name.",
    # a work's kind stays where the question asks a reading of it or a summary
    "what is the main theme of the song Imagine?",
    'Please summarise the story "The Lottery" by Shirley Jackson.',
    "fix this: import os",
    # a label before a task, and all of what needs the cloud, stay in the cloud
    "maths: solve 2x + 3 = 7",
    "history: write me an essay on the fall of Rome",
    "my files - list them all",
    "the latest iphones, list them",
    "Expand: the argument in my essay",
    "best phone: iphone, pixel, galaxy?",
    "who won last night: arsenal, chelsea, spurs?",
    # what to do, or the asker's own, in a language stays in the cloud
    "How do I order my thoughts in an essay in English?",
    "how do i ask my boss for a raise in german",
    "How do I order the latest news in French?",
    # numbers in words that are no sum, and products or quotients of a number of three digits
    # or more, in words or not, stay in the cloud (the weak model of the RouteLLM evaluations
    # got 7 of the 8 MMLU items of that kind wrong: "Find the exact answer: 942 / 3")
    "which one of the two is better for a family of four?",
    "how much is seven hundred fifty divided by three",
    "what is 750 divided by 3",
    "750 ÷ 3",
    "1000/8",
    "125 x 4",
    "seven hundred fifty times three hundred twelve",
    "4821 x 376",
    "what is 7 divided by 3 to 10 decimal places?",
    "round my salary to the nearest thousand",
    "5 plus 3 times two",
    # a format of what is not given stays in the cloud
    "make this a list of ideas for my birthday",
    "make this shorter",
    "make it all caps",
    "how many people live in China roughly",
    "population of earth approximately",
    "exam tomorrow, what's the news about the exam board?",
    "party tonight, what's the weather going to be?",
    "btw make that shorter.",
    "sum up ^ asap",
    "meaning of that asap",
    "sum up ^ (for a quiz)",
    "dumb question but make that shorter.",
    "random q: make that shorter.",
    "I need help. Make that shorter.",
    "sum up ^ anyone?",
    "meaning of that, if you know?",
    "sum up ^ thanks in advance",
    "lol ok can you make it shorter and funnier",
    # a question about "it" or "him" alone needs the conversation, whatever comes before it
    "who wrote it?",
    "when was it built?",
    "how old is he?",
    "Follow-up: who wrote it?",
    "Hmm, quick question: who leads France today?",
    "Lol quick question: who leads France today?",
    "Make that shorter - urgent",
    "For my project: what day is it?",
    "For my Python homework: multiply 17 by 3",
    "sum up ^ when you can",
    "meaning of that when you can",
    "Rent or buy: which is smarter?",
    "Great, now make it shorter",
    "okay and now summarize that",
    # what the asker was told or sent, asked after, stays in the cloud
    "My landlord sent me a notice. What does it mean?",
    "My boss said the plan is a disaster. What does that mean?",
    "My doctor mentioned I have high cholesterol. What does that mean?",
    # repeats taken out of what is not given stays in the cloud
    "Remove duplicates from my spreadsheet of 4,000 customers",
    "how do I remove duplicates in Excel?",
    "dedupe: SELECT name FROM users; SELECT name FROM admins;",
    "remove duplicates: the list you gave me earlier",
    # an edit whose "given" text only names something of the conversation stays in the cloud
    "sort alphabetically: the list you gave me earlier",
    "fix the grammar: your last answer",
    "reverse this: the list above",
    "the list above -> sort alphabetically",
    # or names a document of the askers
    "translate: my whole resume",
    "translate my whole resume",
    "fix: my code",
    "count → the words in my essay",
    "proofread my thesis",
    "shorten my report",
    # a task named by such a word stays in the cloud
    "what is the plan?",
    "what is a good strategy for chess?",
    "define a plan for my product launch",
    "what is my schedule today?",
    "what is the itinerary for day 2?",
    "itinerary for Rome = ?",
    "what is a blog post you would write about my cafe?",
    "define the architecture of a chat app",
    "what's the forecast?",
    # a task asked in a language named in its own words
    "write me an essay in espanol about the civil war",
    "latest news in deutsch",
    # a given list to judge or write from stays in the cloud
    "What number comes next: 2, 4, 6, 8",
    "number these by how important they are: rent, food, savings, travel",
    "Number these steps in the right order: boil water, add pasta, drain, serve",
    "Flip this list backwards and explain why - Intro, Budget, Hiring",
    "Write a story, one per line: dragons, knights, castles",
    # a relayed question that needs the cloud stays there
    "My boss asked me what my plan is. What is it?",
    "My son asked me what the best phone is. What is it?",
    "My daughter asked me what today's weather is. What is it?",
    "My son asked me what a prime number is and why it matters. What is it?",
    # a remark that asks more keeps the turn in the cloud
    "18 kilos in pounds? its for my vet and she needs a full diet plan too",
    "how many weeks is 91 days, cant you also plan my whole schedule",
    "10 k is how many miles, in my country what is the best race to enter",
    # who is behind the news or the askers own stays in the cloud
    "who was behind the attack last night?",
    "who is behind my account being locked?",
    "when did my server go down",
    "When did the stock market last come down?",
    # an explanation a task or a judgement stays in the cloud
    "explain what the theory of relativity means for modern physics",
    "How do I write a cover letter for a job in Spanish?",
    "How should the economy be corrected after a recession?",
    # a fix with more asked stays in the cloud
    "Return only the corrected code: def f(x) return x+1",
    "Any misspellings here? If so, rewrite the whole essay in a formal tone: my essay is bad",
    "Is this correct English? If not, explain why in detail: he go to school",
    # a task asked in a language stays in the cloud
    "in french pls: write me a poem about the sea",
    "in German please: today's weather in Berlin",
    "my essay, French translation",
    "in Spanish: explain the causes of the First World War",
    # a form of writing asked for stays in the cloud
    "Write a haiku about autumn.",
    "What is a good haiku about rain?",
    "What is a haiku you would write about my cat?",
    "Define haiku and write one about the sea.",
    "What is an essay on climate change that would get an A?",
    "what is a story",
]

# In the cloud at the default point and at eager.
CLOUD_BALANCED_AND_EAGER = [
    # forms a third set of look-alikes, read once, sent local: what either side listed or gave
    # before and the nth of it, chat's "ur", "msg" and "convo", figures set by law or the
    # market, a command, a view asked in chat's words, a percentage of a percentage
    "translate ur shopping list into french pls",
    "shorten ur 3rd point",
    "Sort the cities I listed before alphabetically.",
    "2nd list item in german pls",
    "fix the typo in my last msg",
    "summarize our convo in 5 words",
    "Write the title you suggested earlier in all caps.",
    "minimum wage in texas = ?",
    "diesel avg price = ?",
    "one command to rename all .JPG files to .jpg?",
    "dog alone 3 days safe or nah",
    "What is 10% of 40% of $5,000?",
    "rent (London)?",
    "bitcoin (finance)?",
    # ... not a fragment that asks nothing
    "In a list",
    "Carens defends a form of",
    # a thing of the asker's with no verb before a dash is a topic, not a sentence set apart
    "my numbers from the last quarter — what's the trend?",
    # forms a second set of look-alikes, written apart from the rules, sent local: money into a
    # currency whatever it is counted in, a spreadsheet's cells, a schedule or a command, many
    # names to invent, a text retold in a voice, what either side wrote before, percentages
    # and rates chained
    "Convert 50 pounds to yen",
    "Unique count of B2:B90, formula?",
    "Weekday name from A1 → formula?",
    "git: undo last commit keep changes → command?",
    "every Monday 8am → cron line?",
    "30 names for a bakery",
    "Bakery names → 40",
    "Retell Little Red Riding Hood as if Yoda told it.",
    "translate what you just said into French",
    "fix the typos in what I just sent",
    "the word I used a minute ago - meaning?",
    "$50 +10% then -10% = ?",
    "climbs 5 m/day, slips 3 m/night, 20 m wall → days?",
    "Quick fix: put the names I wrote a moment ago in order.",
    "Which is healthier: rice or pasta? One word.",
    # how many of something a space or a sum allows asks a model of it (the learned scorer had
    # sent it local); and what the measured thing is for
    "My garden is 10 m by 5 m. How many plants can I fit?",
    "I have 50 dollars, how many books can I buy?",
    "My new office is 4 meters wide and 5 meters long. How many desks fit?",
    "The pool is 25 m long and 10 m wide. How long to fill it?",
    "My tank is 60 x 30 x 40 cm. What fish should I get?",
    "The thermometer says 77 F - is that too hot for a dog?",
    "watched Oppenheimer last night - was it historically accurate?",
    "The price is 50 dollars - what is that in euros?",
    # ... but not an error or a line of code quoted
    'I got this error "TypeError: undefined". Can you fix it?',
    'My Excel formula "SUM(A1:A3" is broken, can you fix it?',
    "for my python script, can you fix: x = 1",
    # ... but not a topic before a dash, nor money, nor the forecast asked about
    "Money transfer from Australia to India - which service do you recommend?",
    "The stock closed at 150 dollars today. What is that in euros?",
    "The forecast says 30 degrees tomorrow. Will it rain?",
    # a choice between what a label names, in capitals
    "RENT OR BUY: WHICH IS SMARTER?",
    # a labelled choice that needs the cloud stays there
    "Pick one: pizza or sushi for dinner tonight?",
    "Multiple choice: which is the best programming language? A Python B Java C Go",
    "Is plan A better than plan B or C for us?",
    "Trivia at work today: who won the match last night? A Arsenal B Chelsea C Spurs",
    "Multiple choice: what should I name my dog? A Rex B Max C Bella",
    # an upcoming release or the conversation asked again stays in the cloud
    "GTA 6 release date",
    "When did Apple launch the new iPhone?",
    "When did Apple launch the latest MacBook?",
    "iphone 17 release year",
    "say that again?",
    "how do you say that again?",
    "what did you say again?",
    "what was my first question again?",
]

# the fourth set of cloud look-alikes, read once: what it sent local at `balanced` or `eager`
CLOUD_BALANCED_AND_EAGER += [
    # a list the turn does not give, put in order or capitalised
    "sort that guest list alphabetically by surname",
    "alphabetize that gear list you made",
    "capitalize the names in that list pls",
    # a choice of the asker's, and a view asked after an arrow
    "ss at 62 or 70?? which",
    "Quick q: Grand Canyon R2R, July, alone → safe?",
    # a figure of next year, an office held now, the last of what recurs
    "ss COLA next year %?",
    "What's the Social Security cost-of-living adjustment for next year?",
    "Quick q: who heads the Department of Labor at the moment? just the name",
    "who is the Tabernacle Choir's music director at the moment?",
    "Quick q: who won the last Boston Marathon, and in what time?",
    # text retold as verse, copy or a narration
    'Rewrite "We\'re moving on June 3rd, come say goodbye" as a rhyming party invitation.',
    "Rewrite these menu items with fun descriptions: birria tacos, elote, churros, nachos",
    'attenborough voice: "The commuters board the 7:42." make it a full narration',
    # an error's text
    "Quick q: No module named 'pandas' → ?",
    # ... and what the new forms must not take: history's view, a turn about the conversation
    # or the news with emphasis (at the default point, a distance not a shape's: below)
    "In history, what is the most important war?",
    "Make it shorter!!!",
    "who won the match last night!!!",
]

# the fifth set of cloud look-alikes, read once: what it sent local at `balanced` or `eager`
CLOUD_BALANCED_AND_EAGER += [
    # the asker's accounts, messages, orders and devices, with or without "my"
    "What's my Wi-Fi password?",
    "my wifi password?",
    "home wifi pw → ?",
    "Summarise my unread emails.",
    "unread emails tl;dr",
    "vacation days left = ?",
    "last order → shipped? y/n",
    "my last amazon order status?",
    "When is my next dentist appointment?",
    "hi! the parcel i'm waiting for, can u give me the tracking code",
    "What's the balance on my savings account?",
    "Who texted me last?",
    "last text from?",
    "hi! who was the last person to send me an SMS?",
    "Which of my photos from Sunday are blurry?",
    "What grade did my son get on his maths test?",
    # the conversation's text, after "small thing:" or an arrow pointing up at it
    "Hi, small thing: there's a typo in what you just wrote. Could you correct it?",
    "table ↑ → CSV",
    "that restaurant u suggested, name again?",
    # two things to pick from, named bare; a pet left alone; what to say to someone
    "cat or dog first pet?",
    "spanish or mandarin? one word",
    "ev or hybrid, 15km commute?",
    "dog alone 9 hrs ok?",
    "roommate never does dishes, what do i say",
    # many items, or a paragraph, asked of a line
    "1990s trivia → 30 Q&A, numbered",
    'Rewrite "Happy birthday, hope you have a great day" as a pirate would say it, in a full'
    " paragraph.",
    "Translate into pirate speak, expanded to a paragraph: Happy birthday, hope you have a great"
    " day",
    # several quantities, the count asked first or after an arrow
    "Hi! Just the number of boxes please: 4.2 m × 3.5 m floor, 30 cm square tiles, 10% waste, 12"
    " tiles a box.",
    "floor 4.2x3.5 m, tiles 30x30cm, +10% waste, box of 12 → boxes?",
    "yard 12x8 m, 1.5 m gate, posts every 2 m → # posts?",
    # "atm" in lower case, the last of what recurs asked by its winner, a test of code
    "quick q: how many yen do i get for a euro atm, just the number",
    "LHR T5 delays atm?",
    "last wimbledon men's winner 🎾",
    "Hi! Quick tennis question — who won the men's final at the last Wimbledon?",
    "add(a, b) → Jest test?",
]

# set 20's forms, read since: a translation after an arrow to a language's code or own name, a
# phrase then its language after a comma, a language as a label; an answer's form of lines or
# words; the artist of a work; "above" a height, not the conversation
LOCAL += [
    "'The bird is singing in the tree' → FR ?",
    "'Thank you for the lesson' → 日本語?",
    "the bird is singing in the tree, french",
    "French: The bird is singing in the tree. Translation only.",
    "RSS full form, one line",
    "Light-year meaning, one line",
    "Chess pieces, names only, one per line",
    "Artist of the Mona Lisa, name only",
]
# ... given text to JSON, a list to put "A–Z" after an arrow, a multiple-choice item with its
# answer's form said first
LOCAL += [
    "Convert this to JSON: green tea 3 min, black tea 4 min, herbal tea 6 min",
    "green tea 3 min, black tea 4 min → JSON",
    "Zelda, Minecraft, Tetris, Portal, Celeste → A–Z",
    "Answer with the letter only. Largest ocean: A) Atlantic B) Indian C) Arctic D) Pacific",
    "Letter only.\nWhich is a mammal?\nA) Shark\nB) Dolphin\nC) Trout\nD) Octopus",
]
# a form, a unit or (after a word that goes on) a language asked alone is for what came before;
# a phrase and its language is not
CLOUD_BALANCED_AND_EAGER += [
    "in bullet points",
    "as a table",
    "less formal",
    "now in german",
    "how about in French?",
    "in km?",
    "per year?",
    "again",
]
LOCAL += ["Hello in Portuguese?", "please in German?"]

# holes found by probing the new forms: a thing of the asker's named as the text to put in a
# form ("my contacts → JSON"), a version's year, the conversation's text before its language, a
# thing of the asker's to define
CLOUD_BALANCED_AND_EAGER += [
    "my contacts → JSON",
    "my passwords → CSV",
    "Convert this to JSON: my bank transactions from last month",
    "iPhone 16 year introduced",
    "GPT-5 year introduced",
    "the last paragraph, french",
    "define my goals",
]
LOCAL += ["correct this: my freind is nice"]
# ... and by probing short cloud requests: the status of something moving, a count of many items or
# words asked for, every member of a large set
CLOUD_BALANCED_AND_EAGER += [
    "flight BA117 status?",
    "list 50 countries",
    "100 words on cats",
    "every country's capital",
    "all us presidents in order",
]
LOCAL += ["list the 7 continents", "name 3 primary colours"]
# ... counts and titles that change, and the age of someone now
CLOUD_BALANCED_AND_EAGER += [
    "how many followers does mrbeast have?",
    "world cup holder?",
    "world record 100m?",
    "how old is taylor swift?",
]
LOCAL += ["how old is the earth?"]
# ... who is alive now, a figure of this year, time left until a date and a date that moves from
# year to year
CLOUD_BALANCED_AND_EAGER += [
    "tallest person alive?",
    "gdp of germany?",
    "how many days till new year?",
    "when is easter?",
]
LOCAL += ["capital of ukraine?", "time zone of tokyo?"]

# a quiz question the asker wants help with, its item read; a digit to a small power in words
LOCAL += [
    "Hi! Could you help with this quiz question? Which ocean is the largest?\nA) Atlantic\n"
    "B) Indian\nC) Arctic\nD) Pacific",
    "Calculate 3 raised to the fourth power.",
]
CLOUD_BALANCED_AND_EAGER += ["Could you help with this quiz question? Who will win the election?"]

# a term then "define" after a colon or a dash; a task named alone asks of what came before
LOCAL += ["Deductible: define", "deductible - define"]
CLOUD_BALANCED_AND_EAGER += ["define", "translate", "meaning?", "that: define", "shorten"]

# a translation asked as a noun phrase or of a foreign phrase; a year asked as a label of what
# was introduced or came first; and "next" is a preamble only before a mark
LOCAL += [
    "What is the Spanish translation of the phrase Happy New Year?",
    "veni vidi vici translation",
    "Ford Model T year introduced",
    "first modern olympics year",
    "The first modern Olympics took place in which year?",
    "Next: what is 2+2?",
]
CLOUD_BALANCED_AND_EAGER += [
    "next full moon?",
    "next world cup host?",
    "The last World Cup took place in which year?",
    "my contract translation",
    "iphone 17 release year",
]

# ... capital letters before lower-case options after the question's mark, "one number" as the
# answer's form; and two labelled things to pick from with no question asked stay in the cloud
LOCAL += [
    "largest ocean? A atlantic B indian C arctic D pacific",
    "mammal? A shark B dolphin C trout D octopus",
    "Difference between 60 and 17, one number please",
]
CLOUD_BALANCED_AND_EAGER += ["First pet: A) cat B) dog", "First pet: A) cat B) dog — one letter"]
CLOUD_BALANCED_AND_EAGER += [
    "Answer with the letter only. Which stock will rise tomorrow? A) AAPL B) TSLA C) NVDA",
    "Letter only. Should I quit my job? A) yes B) no",
    "Convert my whole spreadsheet to JSON",
]
CLOUD_BALANCED_AND_EAGER += [
    "write a poem about the sea, french",
    "French: what is the weather today?",
    "what did you say above?",
    "the answer above, in French",
]

# a pictograph opening the turn, as its decoration
LOCAL += ["🚗 ABS = ?", "🌌 light-year = ?", "🏔️ world's highest peak = ?"]
LOCAL += ["♟️ chess piece types = ?"]
CLOUD_BALANCED_AND_EAGER += ["🌧️ tomorrow in Paris?", "📈 my portfolio = ?"]
CLOUD_BALANCED_AND_EAGER += ["🐍 list → unique, code?"]
# what something of the asker's is, and nothing more (not what they said first: `strict` is the
# seed's, where that is the conversation's own text)
CLOUD_BALANCED_AND_EAGER += ["what is my blood type?", "whats my name", "my rent = ?"]

# look-alike set 6's: a summary or a rewrite of a long work named but not given, by its parts or
# whole; the conversation's things named by "those", "that" or "as before"; a query asked after
# "SQL:"; a whole document of a kind asked after an arrow
CLOUD_BALANCED_AND_EAGER += [
    "Summarise War and Peace chapter by chapter.",
    "War and Peace → chapter-by-chapter summary",
    "summarise war and peace chapter by chapter pls",
    "Hi! I have a book report due and no time to read it 😅 Could you summarise every chapter of"
    " War and Peace?",
    "Summarise the Book of Genesis.",
    "Genesis → summary",
    "sum up the book of genesis for me",
    "Summarise the Mueller report.",
    "Mueller report → summary",
    "whats in the mueller report, summary pls",
    "Summarise the first season of Breaking Bad, episode by episode.",
    "Breaking Bad S1 → episode summaries",
    "summarise breaking bad season 1 ep by ep",
    "Hi! I'm about to start season two and forgot everything 📺 Could you summarise each episode"
    " of season one?",
    "rewrite the gettysburg address like a pirate lol",
    "Rewrite the opening of A Tale of Two Cities as a group chat between friends.",
    "Hello! For a fun English lesson 📱 could you rewrite the opening of A Tale of Two Cities as a"
    " text-message thread?",
    "Rewrite the Declaration of Independence in Gen Z slang.",
    "rewrite the declaration of independence in gen z slang no cap",
    "Convert those measurements to metric.",
    "Use the same format as before, but for Tuesday.",
    "same format → Tuesday",
    "that list → A–Z",
    "SQL: orders per customer → count",
    "staff handbook → small café, full",
    # (and real first turns of the kind, which had gone local)
    "Can you summarize the GDPR",
    "Summarize the sensor portfolio of Infineon",
]
# set 21's forms, read since: "wat's", a term after its field's label with no question mark,
# a conversion asked "how many ... are there in"
LOCAL += [
    "wat's a cumulonimbus lol",
    "Dance term: pirouette.",
    "Cooking term: umami",
    "How many centimetres are there in 72 inches?",
    # title or sentence case asked of given text (whatever words it holds: "guide"), an emoji
    # before the colon
    "title case: a beginner's guide to sourdough baking at home",
    "Title Case → a beginner's guide to sourdough baking at home",
    "A→Z please 🌱: trowel, rake, hoe, shears, spade",
    # who made a work asked as a label before it, or after it and an arrow (an emoji before the
    # arrow set aside)
    "Composer: The Nutcracker ballet.",
    "The Nutcracker 🎄🩰 → composer = ?",
    "Author: Pride and Prejudice",
    # a language in its own words after its own preposition
    "'Where is the library?' en español?",
    "good night auf deutsch",
    # a kind in the plural, then "list"
    "Great Lakes list",
    "chess pieces list",
]
# ... not a list of the asker's, nor the items of something not named (of what came before)
CLOUD_BALANCED_AND_EAGER += [
    "grocery list",
    "ingredients list",
    "name the ingredients",
    "name the interview questions",
    "name all the open jobs",
    # text announced and not given, a numbered part or a clause of a text not given, a long text
    # to translate named, a document not attached
    "translate the following",
    "fix this",
    "what does section 3 mean",
    "explain line 4",
    "do exercise 2",
    "what does the clause mean",
    "define every word in this sentence",
    "translate the us constitution into spanish",
    "translate the lord's prayer into latin",
    "translate the national anthem of france",
    "translate the first chapter of harry potter into spanish",
    "translate this document",
    "summary of 1984",
    "synopsis of Inception",
    # real first turns (ShareGPT) that had gone local: detail asked, text announced and not
    # given, chapters by number, a book as the source, code quoted inline
    "summarize the 7 habits of highly effective people in great detail",
    "Summarize the following entry",
    "Hi! Please summarize chapters 2 and 3 of Mary Douglas's Purity and Danger",
    "what is the definition of health and safety based on the book?",
    "What happens if I change `int` in the `ClsB` definition to `double`?",
    "Summarize dsm5",
    "rewrite the ending to GOT",
    "Make a list of 21 objections that a beginner who's considering starting an Airbnb rental"
    " business would have",
    "Please make a list of podcasts Tom should listen to on his road trip.",
    "give me an summary of green service innovation by Djellal & Gallouj",
]
CLOUD_BALANCED_AND_EAGER += [
    "in the 2020 election can you give me a summary of the voter fraud cases?",
    "Give bullet points about CXOne by NICE and what its capabilities in todays customer"
    " experience market",
    'summarize with details and quotes this paper "Experiences with a Distributed, Scalable,'
    ' Methodological File System: AnalogicFS"',
]
# ... and what those must not take: a summary of the conversation or of given text, given text
# made a list
LOCAL += [
    "tl;dr",
    "make this a bullet list: eggs, milk, bread",
    "can you give me a summary of this: the meeting moved to Tuesday because the room was booked",
]
# ... and what they must not take: a term asked, a phrase to translate
LOCAL += ["Could you tell me what the term herbivore means?", "translate good book into french"]
LOCAL += [
    "Could you format my shopping list as bullet points? milk, eggs, bread, butter, apples",
    "convert 14:45 to 12-hour time",
    "how many days in a leap year",
    "what r the 3 states of mater",
]
# ... not someone of the asker's
CLOUD_BALANCED_AND_EAGER += ["Painter: my neighbour"]
# ... and what those forms must not take: given text, a short phrase to translate, the text a
# summary is of
LOCAL += [
    "Summarize in one sentence: the meeting moved from Monday to Tuesday because the room was"
    " booked.",
    "Translate Happy Birthday into French",
    "Rewrite in the passive voice: The dog chased the ball.",
    "cats, dogs, birds → A–Z",
    "Convert 5 km to miles",
]

# ... and what those forms must not take
LOCAL += [
    "calender or calendar",
    "accommodate or accomodate?",
    "What does ATM stand for?",
    "Small thing: what is 7 times 8?",
    "What is a tracking number?",
]

CLOUD += [
    "what's the distance around the world",
    # ... nor a conversion with more than one quantity, or asked as a judgment
    "I ran 5 km in 30 minutes, how many miles per hour is that?",
    "My baby was 7 pounds at birth, is she small in kg?",
    "I weigh 80 kg, how many pounds should I lose?",
    "a = 5, b = 3, c = ?",
    # ... nor what the asker or the model listed before, nor a list of today's
    "the options you gave - what are they?",
    "your suggestions, list them",
    "latest iphone models, list them",
    "the files in my folder - what are they?",
    "$60 bill, is a 15% tip enough?",
    "My boss wants to know the names of all the people in my team. What are they?",
    "My boss asked me who the new CEO is. Who is it?",
    "I saw the fireworks on TV. When was that?",
    "My mum talks about the blackout all the time. When was that?",
    "name for a new bakery?",
    "my phone which model it is",
    "My code prints '42' at line 3. What does it mean?",
    "My boss says the price of Bitcoin is High. Is that right? If not, what is it?",
    "my origin country",
    "My oven is 180 C. What is that in F? And how long for a chicken?",
    "what angle is my roof at 3 m by 4 m",
    "fix this for me my car is broken",
    "fix the capitals in my essay",
    "how does 'my essay' look?",
    "examples of good investments? just 3",
    "my mistakes, 3 examples",
    "bitcoin = ? (price)",
    "My room is a mess. Clean it up?",
    "My code: x = 1; x = 1. Remove the duplicates?",
    # the tenth look-alike set's kinds, in new words: a timer or a thermostat set, an office
    # holder's ordinal, a work by its author to translate, large squares, exact melting points,
    # far primes, Fermi counts, long lists by a count or each with details, the asker's devices,
    # trips, records, files and workouts, a cricketer's totals, classification codes, a repair
    # or a sale to decide, the conversation's table
    "⏲️ 8 min → eggs",
    "🌡️ → 21 °C",
    "who was the 23rd US VP?",
    "Translate Tolstoy's Anna Karenina into German.",
    "What is 98,765,432 squared?",
    "What is the boiling point of mercury in kelvin?",
    "p₅₀₀ = ?",
    "how many photos are there in all of the internet",
    "🐶 names ×150 + origins",
    "my Kindle 🔋 = ?%",
    "🚗 crashes / hour ≈ ?",
    "what was my pace on strava today",
    "add 1/3 1/9 1/19 and 1/23 as one fraction",
    "Sachin Test centuries = ?",
    "60 capitals → population each",
    "whats lisbons koppen type",
    "What's my seat number on my Delta flight?",
    "8-yr-old laptop + cracked screen → fix or replace?",
    "prev table → add a column for price",
    "What's the Dewey Decimal number for astronomy books?",
    "What is the E number for turmeric?",
    "Which of my Facebook friends live in Boston?",
    "What's the serial number of my router?",
    "When did I last change my password?",
    "RSVP no to Sam's wedding invite.",
    "80 Spanish verbs → preterite, all persons",
    "List every Pixar film with its director and year.",
    "WWII → 50 MCQs + answers",
    "whats the newest debian lts",
    "How many distinct arrangements of the letters in BANANA?",
    "who won wimbledon in 92",
    "What is the IATA code for Tamanrasset airport?",
    "lithium metal batteries → UN # = ?",
    "What's my cholesterol according to my medical records?",
    "Pixar films → director + year (all)",
    "how many people die every minute worldwide",
    "whats 15 factorial divided by 8 factorial",
    "Give me a hashtag for my bakery",
    "whats 'thank you' in korean? need it for my trip, text it to my wife",
    "whats bitcoin, like the price right now?",
    "what is a mortgage, like the one on my house?",
    "what is the capital, like of my company?",
    "Select the best investment: (A) stocks (B) bonds (C) gold",
    "Pick the winner of tonight's game: (a) Lakers (b) Celtics (c) Bulls",
    "i need a plan b and c for my wedding",
    "best stock to buy now a apple b tesla c nvidia",
    "What is a fjord? I want you to book me one",
    "what is a fjord? I saw it on a cruise ad, send me the price",
    "whats a gazebo? saw it in a garden catalogue, order me one",
    "Who wrote Macbeth? Just curious, summarise the whole play for me",
    "How do you say hello in Italian? I'm going to Rome, book me a hotel",
    "what's 90 F in C? its for my oven, set it to that",
    "what's the boiling point of water? heard it changes, what is it in Denver today",
    "whats a roth ira, the thing I should open?",
    "wedding theme: (a) rustic (b) boho (c) classic",
    "dinner tonight: (a) pizza (b) sushi (c) tacos",
    "wedding theme: rustic, boho or classic?",
    "dinner tonight: pizza, sushi or tacos?",
    "my password: a, b or c?",
    "my blood type: a, b, o?",
    "a = 3, b = 4, c = ?",
]

# In the cloud at every point.
CLOUD_EVERYWHERE = [
    # the next or the last of something that recurs is counted from today (set 18 sent them local
    # at eager)
    "When is the next scheduled SpaceX launch?",
    "My kids want to watch a rocket launch online. When's the next SpaceX launch happening?",
    "when was the last solar eclipse",
    "when's the upcoming season of the show out?",
    # how many or how much after four quantities or more is a problem of several steps (set 18's,
    # which the learned scorer had sent local)
    "3 beds, 2.5 x 1.2 m each, 20 cm deep soil, 50 L bags — how many bags?",
    (
        "Three raised beds, each two and a half meters by one point two meters, twenty "
        "centimeters of soil, fifty-liter bags. How many bags?"
    ),
    "2 rooms, 4 m by 3 m each, 2 coats, 10 m2 per liter: how much paint?",
    # ... asked as a label before them, or after an arrow as a currency (set 21's, look-alike
    # set 6's, which the scorer had sent local)
    "Canister count: stove at 150 g per hour, 40 minutes of cooking each morning and 60 each"
    " evening, 5 days, 230 g per canister.",
    "Cost of tiles: 2.4 by 1.8 metre floor, 30 cm square tiles, 10% waste allowance, £18 per box"
    " of 12. anyone?",
    "deck 4×3 m, boards 14 cm × 3.6 m, +10%, £12/board → £?",
    # last nights results stay in the cloud at every point
    "who won the match last night?",
    "What was the score of the Celtics game last night?",
    "Who won the Grand Prix last weekend?",
    "any goals this morning in the cup game?",
    # the askers own figures and a legal text stay in the cloud
    "my monthly spending total?",
    "my weekly budget left?",
    "my name in Japanese?",
    (
        "translate this contract into french: The Tenant shall pay rent monthly, on the "
        "first day of each month, by bank transfer."
    ),
    "Translate the following lease clause to German: the tenant may not sublet the flat.",
    # calculus a failure and a symbol stay in the cloud at every point
    "∫ x² sin x dx = ?",
    "∑ 1/n² = ?",
    "my recipe failed, what went wrong?",
    "I'm reading Moby-Dick. What does the whale symbolise?",
    "what does the green light symbolize in gatsby",
    "rome fell because ___",
    "Is capitalism good? A. yes B. no C. depends",
    "is social media bad for kids?",
    # what chat hides in a cloud turn keeps it there at every point
    "hey, hey, quick q: which iOS version is the current one?",
    "whats the arsenal score rn thanks",
    "spot gold rn? thanks",
    "4821 x 376 please?",
    "what is 4821 times 376",
    "i get 'typeerror: undefined is not a function'. what's wrong",
    "my code crashes on start, whats wrong?",
    "lisbon sat-sun: sunny or nah ☀️ please?",
]


# holes found by probing: a file, a picture or a page named and not attached ("what's in this
# image?", "summarise this pdf", "translate the whole page"), an error not given, an answer to
# many places, a large power, the weekday of a dated day
CLOUD_EVERYWHERE += [
    "what's in this image?",
    "summarise this pdf",
    "describe this photo pls",
    "what does this chart show?",
    "translate this email to spanish",
    "what does this error mean",
    "sqrt of 2 to 10 places",
    "2^64",
    "what day of the week was 4 july 1776",
    "what's a good first car",
    "what are some good names for a bakery?",
    # whether a number past 50 is prime, a run of numbers summed, days between dates, a clock
    # time moved by a span (which the scorer took)
    "is 91 prime",
    "sum of first 50 odd numbers",
    "how many days between jan 1 and mar 15",
    "what time is 14:45 minus 3h50",
    "time in 3 hours 45 minutes from 10:30",
    # the members of a union or an alliance, which change
    "how many members in nato",
    "how many countries in the eu",
    # what is on a list of the asker's; a timetable
    "what's on my to do list",
    "bus 42 times",
]
CLOUD_BALANCED_AND_EAGER += ["translate the whole page", "how much is a big mac in japan"]
# a format to put in another, no data given: the data is in what came before
CLOUD_BALANCED_AND_EAGER += ["csv → json", "CSV -> JSON"]
# ... and what those must not take: a small power, a number rounded to its places
LOCAL += [
    "2^10",
    "round 3.14159 to 2 places",
    "how much is a cup in ml",
    "whats good night in italian",
]

# the seventh look-alike set's kinds, in other words: a live count, the conversation's things
# named tersely or by "them", a full list of a large set, code named by a camel-case hook, a
# document of pages or of the asker's whole, a term of the asker's workplace, a definition with
# its derivation, verse kept in a translation, a whole prologue, a medical billing code, a picture
# or a voice note named and not attached, an order puzzle, a file of theirs named by what they
# did with it, a weighing puzzle, an estimate of how many fit, a chapter by number after an
# arrow, a figure "now" before an arrow, two things set against each other by a sign
CLOUD_BALANCED_AND_EAGER += [
    "15y fixed → avg rate?",
    "Taylor Swift follower count → ?",
    "prev answer → DE",
    "translate them to spanish",
    "all 50 states with capitals, complete list",
    "Vue useState hook runs twice → fix?",
    "lease (8 pp) → FR summary",
    "summarise my 30-page thesis",
    "translate my whole employment contract into french",
    "What does 'Bluebird' mean at our firm?",
    "define entropy with the equations",
    "Der Zauberlehrling → EN, rhymed",
    "translate the prologue of Romeo and Juliet into modern english, all of it",
    "what does CPT code 99213 mean",
    "hi! my friend sent me a photo of a bird, what's in the picture?",
    "cat in photo → breed?",
    "mole (photo) → cancer?",
    "voice note → text pls",
    "summary → video",
    "Tom is taller than Ann but shorter than Bo, and Cy is taller than Bo. Who is tallest?",
    "what's the expiry date on my passport",
    "the doc I edited yesterday, what was it called",
    "invoice → total?",
    "'Orca' (our internal codename) = ?",
    "what does my graph show",
    "12 coins, 1 fake, 3 weighings → how?",
    "how many ping pong balls fit in a car",
    "Pride and Prejudice ch. 3 → summary",
    "Lakers now → score?",
    "min wage texas /hr",
    "EU AI Act Art. 5 → full text",
    "🍎 🆚 🍊 → healthier?",
]
# ... and what those must not take: a word to translate that names a picture or a video, a
# volume in units that fits, an edit asked after an arrow ("fixed?"), "our" before a place
LOCAL += [
    "how do you say photo in spanish",
    "translate video to italian",
    "how many cubic meters of water fit in a tank 2m by 3m by 1m",
    "'Their going to the dentist at three.' → fixed?",
    "how many planets in our solar system",
    "what's the capital of our country, canada",
]

# set 22's forms: the answer's form in a sentence of its own after the question, whatever form it
# names; a possessive after a name the question gives itself; "do they mainly speak"
LOCAL += [
    "Hi! My daughter is revising for a history quiz. In which year did Columbus make his first "
    "voyage? Just the year.",
    "Hello! We're visiting Lisbon in May. What language do they mostly speak in Portugal? One "
    "word is enough.",
    "What is 7 x 8? A single number is fine.",
    "How many feet in a mile? Just the number in feet.",
    "What's the capital of Peru? The city name alone would be great.",
    # the main language of a place, a fixed set of a common thing's parts, who made up a band,
    # when an explorer or a first flight reached its goal, a first asked "year?" after a colon, a
    # language then "for:" before a phrase, a phrase with its mark before an arrow, "Alphabetical:"
    "What is the main language spoken in Peru?",
    "What are the four strings on a violin?",
    "Who were the members of ABBA?",
    "when did Amundsen reach the South Pole",
    "first moon landing: year?",
    "Italian for: I would like the bill.",
    "Where is the station? → IT",
    "alphabetically: pear, fig, apple",
    # an abbreviation's words asked tersely or its letters spelled apart, a term with its field
    # in brackets before "define" or as "in FIELD what is meant by", a shape's adjective before
    # any thing, a unit joined to its number by a hyphen, "hw" and "tht"
    "NASA expanded?",
    "u n i c e f, what's that short for?",
    "what are the words behind the letters n a s a",
    "legato (music) — define",
    "in cooking what is meant by the word julienne",
    "What is the area of a circular rug with a radius of 1.5 m?",
    "How many feet is a 10-metre rope?",
    "my hose is 15 meters hw many feet is that",
    # the fixed parts of a common thing as a label before a colon ("Suits in a deck of cards:"),
    # "wat r", a sentence to fix that starts "your" ("your welcome ..."), "Corrected:"
    "Members of the Beatles:",
    "what are the strings on a guitar",
    "wat r the oceans again",
    "fix: your welcome to join us.",
    "Corrected: Their going too the park.",
    "How many sides does a hexagon have? Just the letter and number.",
    "what is 2.50 times 4",
    "12 x $3.50",
    "£4.50 × 8",
]
# ... and what the form sentence must not take: the question before it still decides
CLOUD_BALANCED_AND_EAGER += [
    "Write a poem about rain? Just the poem is fine.",
    "What is the weather in Paris? One line is enough.",
    "Spanish for: the latest news",
    "my pin = what words",
    "hw do i reset my router",
    # found by probing the forms above: a long form asked after the question, the members of a
    # body that changes, a thing of the asker's asked as a label, a second question after "and",
    # a contract's full text to translate, every act of a play
    "What's the capital of Peru? A short essay would be great.",
    "Who painted the Mona Lisa? A detailed analysis would be great.",
    "Members of the Supreme Court:",
    "my first car: year?",
    "Who wrote Hamlet? Just the plot summary of every act.",
    "What language is spoken in Chile and how many people speak it?",
    "German for: the full text of my contract",
    # a batch of everyday cloud requests put tersely: traffic, a queue, what is open or down now,
    # who sits on a body now, a record of the asker's, a kind of file named before an arrow
    "is the M25 jammed",
    "how long is the wait at disneyland",
    "members of the government",
    "summarize my meeting notes",
    "pdf → bullet points",
    "url → tl;dr",
    "what's the hottest stock",
    # when or where someone close to the asker did something, the place the asker is in, the
    # nearest place of a kind to them
    "What year did my grandfather arrive in America?",
    "In which year did my parents get married?",
    "What is the capital of the country I'm in? One word is enough.",
    "How far is the nearest hospital? Just the miles.",
    # a record of the asker's named alone before an arrow
    "my call log → summary",
    "our minutes → summary",
    # a trip, a delivery or an event of the asker's named by "the" alone
    "when did the plane land",
    "what time does the train leave",
    "how far is the hotel",
    "who called",
]
LOCAL += [
    "when did humans first land on the moon",
    "when did the first plane fly",
    "how far is the moon",
    "Where is the train station, in German please",
]
# ... and what the new patterns must not take: "our own solar system", a sentence of the asker's
# to fix
LOCAL += ["What is the largest planet in our own solar system?", "my freind is nice → fix"]
CLOUD_BALANCED_AND_EAGER += ["dog in photo → breed?"]
LOCAL += ["traffic light colors?", "the three branches of government", "what is a growth stock"]
CLOUD += ["when did my son first walk", "Stages of my project:"]


# Cloud requests in the forms of simple ones, of the kinds the eighth look-alike set found (new
# phrasings, typed while closing them): a picture or a file named around an arrow, what the
# conversation translated or drafted, a message or an order of the asker's, a symptom for a time
# and a doctor or a product asked after an arrow, each of a set or all of a large one, a speech
# or a verse named to translate, powers and factorials past a small model, a long numbered line
# of office holders, product and chemical codes, a year's award, a boiling point at a height, and
# truth-tellers and liars
CLOUD_BALANCED_AND_EAGER += [
    "receipt photo → total?",
    "selfie pic → age guess?",
    "whiteboard photo → notes",
    "scanned invoice → JSON",
    "attached .xlsx → sum column B",
    "report.pdf → summary",
    "my essay.docx → fix grammar",
    "📸 street sign → English",
    "📷 menu → translate",
    "the 5 phrases you translated → Italian too",
    "those words u translated, spell them out",
    "your third sentence → simpler?",
    "your 2nd example → explain",
    "the answer you drafted → shorter",
    'SMS → mom: "home by 9"',
    'text → boss: "sick today"',
    'email → landlord: "heater broken"',
    "Rebook the hotel I booked last month.",
    "order the same pizza i got last time",
    "buy the shoes I ordered before again",
    "toothache × 5 days → dentist?",
    "fever 4 days → doctor?",
    "my back pain for 3 weeks, normal?",
    "laptop for video editing, $800 → model?",
    "running shoes, flat feet → brand?",
    "Summarise all 12 Shakespeare tragedies, one line each.",
    "summarize every Pixar movie",
    "Friends S1 → summary per episode",
    "translate all the psalms into french",
    "Europe: capitals → all 44",
    "list all 118 elements with symbols",
    "200 vocab words for SAT with definitions",
    "give me 50 spelling words for 5th grade",
    "Translate the Gettysburg Address speech into German.",
    "translate Romeo's balcony monologue to spanish",
    "Beowulf (full) → modern English",
    "What is 3 to the power of 40?",
    "9^17 = ?",
    "2**64 exactly?",
    "What's 30 factorial?",
    "18! = ?",
    "factorial of 20?",
    "pi → 50 d.p.",
    "e to 20 decimal places",
    "who was the 23rd president of the united states",
    "the 9th prime minister of canada?",
    "12th pope named Pius = ?",
    "aspirin CAS number?",
    "NAICS code for a bakery",
    "ISBN of Dune first edition",
    "HS code for bicycles?",
    "Time Person of the Year 2009?",
    "word of the year 2016 oxford",
    "bp water @ 8,000 ft?",
    "At what temperature does water boil at 2000 m altitude?",
    "three doors, one truth-teller and one liar guard → which question?",
    "grocery receipt pic → add it up",
    "x-ray image → fracture?",
    "whiteboard scan → typed notes",
    "voice recording → transcript",
    "the photo I took → location?",
    ".png of my code → fix",
    "handwritten recipe photo → typed",
    "the 4 sentences you translated earlier → German",
    "ur 1st joke → explain",
    "your last version → in French",
    "that title you came up with → shorter",
    "text my sister I'm running late",
    'message → wife: "stuck in traffic"',
    "reorder my usual coffee beans",
    "book the same table we had last week",
    "rash × 2 weeks → worry?",
    "cough for 10 days what should i do",
    "chest pains 2 hours → 911?",
    "noise-cancelling headphones under $200 → model?",
    "summarise each Star Wars film in a tweet",
    "sum up every season of The Office",
    "recap all the Hunger Games books",
    "LOTR → summary per book",
    "translate every line of the national anthem into Korean",
    "list all 193 UN member states",
    "all 88 constellations → list",
    "30 trivia questions about space",
    "Translate Shakespeare's Sonnet 18 into Spanish.",
    "translate MLK's I Have a Dream speech to french",
    "What is 4 to the 15th power?",
    "5^20?",
    "11 factorial",
    "50! trailing digits",
    "sqrt(3) → 25 d.p.",
    "pi to 100 digits",
    "who was the 7th president",
    "the 44th president's vice president?",
    "3rd king of england?",
    "UN number for gasoline",
    "ICD code for flu",
    "EAN for a can of coke?",
    "Car of the Year 2011 winner?",
    "2020 word of the year",
    "boiling point at 5,000 feet elevation",
    "water boils at what temp at 1600 m",
    "knights always lie or knaves?? island puzzle: A says B is a knave",
]
CLOUD += [
    'A says "I am a liar". Who is telling the truth?',
    "100 idioms with meanings",
]
# the place something of the asker's is in, asked with "which city"
CLOUD_EVERYWHERE += [
    "In which city does my sister live?",
    "In which city is my hotel located?",
    "what city is the hq of my company in",
    "Name the city where my wedding is situated",
]
# code quoted after a request to fix or check it is code, not a sentence ("fix this: 'x'")
CLOUD_BALANCED_AND_EAGER += [
    'fix this: "import os"',
    'check this? "SELECT * FROM t"',
    "make this json: Query: SELECT name FROM users; Limit: 10",
    # ... and a meaning asked of someone or a pet is a reading of them, not a definition
    "what does it mean when a guy is distant",
    "what does it mean when my baby is lethargic",
]
# holes found by probing after the eighth look-alike set: a market's price by its unit, a coin's
# worth in money, every one of a set to summarise, a large set counted then what to give of
# each, a numbered person on the moon, repeating the last list, the line at an office, how far a
# place of the asker's is
CLOUD_BALANCED_AND_EAGER += [
    "gold price per ounce = ?",
    "1 BTC → USD?",
    "every Shakespeare play → 1 line summary",
    "50 states → abbreviations",
    "who was the 3rd person on the moon",
    "repeat the last list",
]
CLOUD_EVERYWHERE += ["how long is the line at the DMV", "how far is my gym"]
CLOUD += [
    "the team members → ?",
    "6 tickets × today's price",
    "how much do 40 shares cost at today's price",
]
# what the eighth look-alike set sent local at eager alone: the newest of a product's line, "now"
# in brackets, what is left in the asker's account or held on a device of theirs, an event of
# someone close to them, a clip they recorded, slides counted, an estimate asked with "≈ ?",
# verse of a fixed form
CLOUD_BALANCED_AND_EAGER += [
    "whats the newest firefox version",
    "Mars rover count (current) = ?",
    "how many reward points do i have left",
    "my step count today on my watch",
    "When is my son's piano recital?",
    "what's in the video I took yesterday",
    "how many airline miles in my acct",
    "cathedral ÷ ping pong ball volume ≈ ?",
    "pitch deck: 25 slides + speaker notes",
    "sonnet → my cat, 14 lines",
]
LOCAL += [
    "Quick question from my kid's worksheet: how many minutes in 2 hours?",
    "My friend's grandmother lives in Rome. How do I say thank you in Italian?",
    "1 mile ≈ ? km",
]
# the last probing batches: how tall someone of the asker's will be (local at every point
# before), and at eager the place they live in and who represents them
CLOUD_EVERYWHERE += ["how tall is my daughter going to be"]
CLOUD_BALANCED_AND_EAGER += [
    "what's the oldest restaurant in my town",
    "who is my local councillor",
    "what's the balance on my gift card",
    "what's the wifi password here",
]
LOCAL += ["how old is the universe", "how long is a marathon in miles"]
# what the earlier look-alike sets still sent local at eager alone: the next of what recurs by a
# possessive, a list or a paragraph of the asker's to sort or count, a whole plot after an arrow,
# "your total", a bare choice of two before "→ ?", a spreadsheet's columns by letter, a command or
# a formula asked after an arrow, the same working asked again
CLOUD_BALANCED_AND_EAGER += [
    "When is Liverpool's next away match?",
    "what date is the next lunar eclipse",
    "sort my contact list by surname",
    "how many names in my invite list",
    "Moby-Dick → full plot",
    "your total → right?",
    "cat or dog → ?",
    'what formula counts column D where C is "yes"',
    "list files by size → command?",
    "same calc but 12%",
]
LOCAL += [
    "what is the chemical formula for water",
    "Which column of the periodic table are noble gases in?",
]
# a last probing batch of labels led by a pictograph: an order of the asker's by its number, a
# sequence to continue, an alarm to set, an item to add to their list, red flags, delays
CLOUD_BALANCED_AND_EAGER += [
    "📦 order #88213 → status",
    "🔢 next: 2, 3, 5, 7, 11, ?",
    "⏰ alarm 7:15",
    "set a timer for 10 minutes",
    "🛒 add oat milk",
    "📄 lease → red flags?",
    "🚆 Paddington → Bristol delays?",
]
LOCAL += ["add 3, 4, 5 and 6", "sort: 5, 3, 9, 1"]
# the ninth look-alike set's leaks, in new phrasings: money sent from an app, an order on a
# delivery app, points on a loyalty scheme, a renewal date, an event or a reminder to set, a post
# to sum up, a git error to fix, every episode summed up, a title in capitals to translate, an
# ordinal office holder in words, a far term of a sequence, an engine's specification, a year's
# winner of a race, a sum of squares to a large bound, weekdays counted over a century, a puzzle
CLOUD_BALANCED_AND_EAGER += [
    "Zelle → landlord: $1,200",
    "pay mom back 25 dollars on paypal",
    "Uber Eats order from Tuesday = ?",
    "how many starbucks stars do i have left",
    "Delta SkyMiles balance = ?",
    "car insurance expiry date?",
    "🗓️ dentist → Mon 9:30",
    "🔔 every day 8:00 → 'water the plants'",
    "Standup w/ design → tomorrow 10:00",
    "twitter thread → summary",
    "🔗 → tl;dr",
    'git: "fatal: not a git repository" → fix?',
    'npm: "ERR! code ERESOLVE" → fix?',
    "Friends: all eps → 1-line recap each",
    "Translate The Old Man and the Sea into German.",
    "Translate Pride and Prejudice into Italian.",
    "Who was the seventh president of the United States?",
    "US president #22 = ?",
    "What is the 45th Fibonacci number?",
    "F(75) = ?",
    "Ford 302 firing order?",
    "Who won the 1994 Tour de France?",
    "1998 Stanley Cup winner?",
    "who won the nobel prize in literature in 1971",
    "1 cubed plus 2 cubed all the way to 1000 cubed",
    "how many fridays were there in the 20th century",
    "3 switches, 1 bulb upstairs → which switch?",
    "wolf, goat and cabbage across the river → how?",
    "2 candles 🔥 (burn 1h each) → 15 min?",
]
# forms set 24 missed, in new phrasings: "kindly" as politeness, "explain what X stands for",
# "provide the ...", "the following details", given text after a question mark, a piece of
# writing named as the thing to fix, "wat year", when an explorer or a first reached its goal
LOCAL += [
    "Kindly name the capital of Peru.",
    "Kindly explain what the abbreviation DIY stands for.",
    'provide the Italian translation of "where is the station?"',
    "convert the following items into a numbered list: eggs, milk, bread",
    "Could you make this into a bulleted list? call the bank, book the vet, buy stamps",
    "Sign to fix: Keep you're dog on a leash at all time's",
    "wat year did the titanic sink",
    "the year Neil Armstrong first landed on the Moon?",
    "Magellan's fleet crossed the Pacific in which year?",
]
# ... a count of things at a price each asked for its total in any words, two sums of money or
# two days' counts then "total?", a tip on a named service or after "tip", a share of a priced
# thing, a shape word before the thing it shapes, a speed limit converted, options then a bare
# superlative after a dash
LOCAL += [
    "6 cinema tickets @ 12 bucks each, what's the total",
    "calculate the total cost of five haircuts priced at $30 each",
    "9 mugs at $7 apiece, how much altogether?",
    "Lemonade stand — Sat $45, Sun $38: total?",
    "bake sale fri 120 sat 95 how much total",
    "What's a 15% tip on a $60 massage?",
    "tip 18% on 40 dollar pizza, how much is that",
    "what 10 percent of a $90 dinner comes to",
    "area of a triangle sail base 4 height 6 m",
    "volume of a cylinder-shaped vase, radius 5 cm, height 20 cm",
    "convert a speed limit of 30 miles per hour into kilometres per hour",
    "Lion, cheetah or horse — fastest?",
]
CLOUD_BALANCED_AND_EAGER += [
    "8 lessons at 45 minutes each, how much altogether?",
    "Paris, Rome or Berlin - best?",
    "what is the limit of 1/x as x goes to 0",
]
CLOUD_BALANCED_AND_EAGER += [
    "Kindly rewrite my essay.",
    "provide the latest exchange rate for the euro",
    "make it shorter?",
    "the year my grandfather first arrived in Canada?",
    # ... and what a texting "wat" read as "what" must not let through
    "wat day of the wk was march 3 1901",
    "found an old stamp in my attic, wat year n is it worth anything",
    "wat did i order on grubhub yesterday",
    "wat time did my lyft pick me up",
    # ... nor a thing of the asker's named where given text would be
    "turn this into a bulleted list? the notes from our meeting",
    "format this: the minutes of my club meeting",
]
# what the ninth look-alike set still sent local at eager alone, in new phrasings: an airport's
# ICAO code, career totals, the smallest town of a country, squares of all sizes, clock hands,
# handshakes, a Fermi estimate, a medicine with a drink, a device's state, an upload, a verse
# form, a language's short name as a label
CLOUD_BALANCED_AND_EAGER += [
    "What is the ICAO code for Oslo Gardermoen?",
    "Messi career goals (club only) = ?",
    "how many home runs did babe ruth hit in total",
    "smallest village in andorra by population",
    "How many rectangles of all sizes are on a 4x4 grid?",
    "how often do the clock hands overlap between noon and midnight",
    "12 people, everyone shakes hands once: how many handshakes?",
    "How many cups of coffee are drunk in London every day?",
    "how many steps does a person take in their whole life",
    "ibuprofen + 🍺 = ok?",
    "Dropbox storage left = ?",
    "🔒 garage door = closed?",
    "uploaded song → tempo?",
    "write me a ghazal about rain",
    "js: [1,2,3].map(x => x*2) → ?",
]
# a probing batch of this stop's (40 requests, 2 local at balanced): what an app keeps about the
# asker, a book's ISBN by its title; and, at eager, two speeds given, a place's wifi
CLOUD_BALANCED_AND_EAGER += [
    "Strava year in review longest ride = ?",
    "ISBN of The Great Gatsby = ?",
    "2 cyclists 40 km apart at 15 and 25 km/h → meet when?",
    "what's the door code for the airbnb",
]
LOCAL += ["ISBN → stands for?", "📚 ISBN = ?", "points: 12, 15 and 9, total?"]
# ... and what those must not take
LOCAL += [
    "Translate Happy Birthday into French.",
    "Who won the 2014 FIFA World Cup?",
    "Who was the first president of the United States?",
    "What is the 3rd planet from the Sun?",
    "what is venmo",
    "what is 12 squared",
]
# ... and what those must not take
LOCAL += [
    "photo → French",
    "picture in Spanish?",
    "video game → plural?",
    "What is 2 to the power of 10?",
    "3^4 = ?",
    "What is 5 factorial?",
    "6! = ?",
    "10 to the power of 12?",
    "What does CAS stand for?",
    "boiling point of water in fahrenheit?",
    "List all 7 continents.",
    "what is a migraine",
    "What does ER stand for?",
    'Translate "thank you for the photo" into German.',
    "what is the plural of photo",
    "📷 bokeh = ?",
    "🖼️ Mona Lisa → artist?",
    "Who was the first president of the United States?",
    # forms set 23 missed, in new phrasings
    "primary colours → list",
    "List: the seven continents",
    "Name the main layers of the sun, in order.",
    "What are the principal stages of the water cycle?",
    "In which Italian city does the Colosseum stand?",
    "6 mugs x $4.75 = ?",
    "what is 4 × 1.35?",
    "Convert to JSON: Color: red; Size: M; Price: 20",
    'can you fix this? "She dont like apples."',
    "what does it mean when a volcano is dormant?",
    "Mars's moons → list",
    "my bag weighs 23 kg, hows that in pounds?",
    "what is bitcoin",
    "who was the first man on the moon",
    "how far is the moon from earth",
    # a count of things, each of a small count or price; kinds and parts asked as a label
    "Total cost: 5 tickets × 18 = ?",
    "24 crates x 12 bottles per crate = ? bottles",
    "blood groups → list",
    "Rolling Stones members → ?",
    "What are the two strokes of a two-stroke engine?",
    "How much do 12 eggs cost at $0.25 each?",
    "30 litres of diesel at $1.90 a litre comes to how much?",
    "could you tell me how much 20 stamps cost at $0.68 each?",
    "I'm 25! what's 25 in roman numerals",
]

# what the eleventh look-alike set sent local, in new phrasings (a probing batch of this stop's):
# a code of the asker's, a message to send, a device to switch, money sent by an app, code and
# commands, a measure of theirs judged, sums past a small model, codes and ordinals few remember,
# long outputs, puzzles and estimates, their age, measures and papers
CLOUD_BALANCED_AND_EAGER += [
    "bike lock combo = ?",
    "translate 'see you soon' to french and send it to my mum",
    "turn off the bedroom lamp at 11",
    "£20 → Monzo → sis",
    "numpy: mean of each column → ?",
    "what does chmod -R do",
    "is 5 hours sleep too little for me?",
    "learning guitar at 60 → too old?",
    "sum of first 100 primes",
    "7¹⁵ = ?",
    "C(52,5) = ?",
    "what is 13% of 4,582,193.17",
    "convert 3,600,123 seconds into days, hours and minutes",
    "JPY ISO 4217 = ?",
    "who was the 17th pm of canada",
    "say 'thank you' in 50 languages",
    "list every country alphabetically",
    "how many squares on an 8x8 grid",
    "2, 6, 14, 30, → ?",
    "🇫🇷 🥖 / day ≈ ?",
    "how many hours old am i",
    "convert my weight to pounds",
    "what does the code on my electricity bill mean",
    "how long until my next birthday",
    "what's the balance on my gift card",
    "SCOTUS chief justice #9 = ?",
    "record high in Cairo 🌡 = ?",
    "list all the roman emperors in order",
    "how many emails are sent every second worldwide",
    "how far does a taxi driver drive in their whole career",
    "what should i wear to a job interview in july",
    "what's the time zone on my phone",
]
# ... and what those must not take
LOCAL += [
    "What does PIN stand for?",
    "What is 15% of 200?",
    "Convert 90 minutes into hours and minutes",
    "What's 2¹⁰?",
    "What is 10% of 1,000,000?",
    "Translate 'good morning' into Spanish",
    "What does PM stand for in time?",
    "Define 'odometer'",
    "What is a keypad?",
    "Spell 'balance' backwards",
    "What does ISO stand for?",
    "The spec sheet for my new laptop keeps mentioning the CPU. What does CPU stand for?",
]

# forms set 26 missed, in new phrasings: "would you mind ...ing", a language then the phrase
# after a colon, "is short for", "— def?", a part of speech in brackets, a sum's note in
# brackets, a rate times a count of its unit, a product after an arrow, the names of a fixed
# set, players per side, a country of origin as a label, given times on the other clock
LOCAL += [
    "Would you mind naming the three primary colours?",
    "would you mind translating 'thank you' into Italian",
    "Spanish for: where is the train station?",
    "Could you tell me what ASAP is short for?",
    "serendipity — def?",
    "ephemeral (adj.) = ?",
    "cornucopia: def?",
    "48 ÷ 6 = ? (slices each)",
    "£4.50/hr × 8 hrs = ?",
    "$2.75 × 6 → ?",
    "What were the names of the seven dwarfs?",
    "How many players are on a netball team?",
    "ice hockey players per side = ?",
    "Country of origin: Nutella",
    "IKEA 🛋️ origin country = ?",
    "convert to 24-hour time: 7:45 pm, 10:10 am",
    "name the three types of triangle by their sides",
    "What are the two kinds of triangle classified by their angles?",
    "what's the capital of chile, for my daughters homework",
    "Which sport uses a puck?",
    "Trafalgar Square's Christmas tree is a gift from which country?",
]
# ... and what those must not take
CLOUD_BALANCED_AND_EAGER += [
    "convert my shift times to 24h",
    "what are the names of the 3 kids in my class",
    "255 + 1 = ? (in binary)",
    "Would you mind if I asked who won the game last night?",
    "how many players are on my team",
    "3 nurses, 24/7, 4 wks, 12 h shifts → shifts each?",
    # (a probing batch of this stop's, typed in those forms)
    "French for: the whole of chapter 3",
    "How many players are on the Lakers this season?",
    "convert to 24-hour time: all the times in my calendar",
    "Would you mind translating my whole CV into German?",
    "Would you mind listing every country in Africa?",
    "what is the latest iPhone short for?",
    "what are the answers to my quiz, for my class",
    "my watch was a gift from which country?",
    # (a third probing batch, 21 requests in the forms read since set 26: 1 local at balanced)
    "how many players signed for Arsenal this summer?",
    "my stolen bike was a gift from which country?",
    "what are the two kinds of mortgage by their rates",
    "12 × 4 = ? (explain why)",
]
# (at eager, a short question no cloud rule reads is local by design)
CLOUD += ["how many players does a team need to win the league?"]
# The twelfth look-alike set's kinds, typed anew: a chart's top this week, the model's own list
# named by "your", a compound's boiling point by its locants, a growth factor's large power, a
# sequence after an arrow, a clock's hands, a kind counted by a sign of times, a package
# manager's error, and (at eager) the year to date, what the asker last paid for, their
# contracts and devices, paths on a grid, a trick of weights, a long register by "every" and
# things named by who listed them
CLOUD_BALANCED_AND_EAGER += [
    "whats number one in the charts this wk",
    "who's top of the uk singles chart right now",
    "what's no. 1 on the billboard hot 100",
    "your steps → numbered list",
    "your ingredients in alphabetical order pls",
    "What is the boiling point of 2-methylpentane?",
    "iso-octane melting point = ? °C",
    "What is 1.045 to the power of 30?",
    "1.07^25 = ?",
    "what's 0.98 to the power of 50",
    "14, 27, 9, 33, 18 → ?",
    "2, 7, 15, 26 → ?",
    "🕓 4:20 → minute hand vs hour hand, angle = ?",
    "French verbs ending -ir × 200 → ?",
    'npm start → "missing script: start" → fix?',
    "flu cases in Ohio year to date?",
    "what did I last pay for on my card",
    "my 📱 phone contract → renewal = ?",
    "my council tax band?",
    "4 × 4 grid → how many paths corner to corner?",
    "what weighs more, a pound of gold or a pound of feathers",
    "list every station on the Paris metro",
    "give me every species of penguin",
    "avg(prices you listed) = ?",
    "what is the ATC code for ibuprofen?",
    "restart a service with systemd?",
]
# ... and what those must not take
LOCAL += [
    "what does number one mean in roman numerals",
    "what is 1.5 squared",
    "2 to the power of 10?",
    "sort: 14, 27, 9, 33, 18",
    "melting point of ice in celsius",
    "what does the word ingredients mean",
]

# Forms set 27 missed, typed anew: a word's meaning to explain, case styles of given text, an
# order from earliest to latest, a band's members named, an aside that asks nothing before the
# question ("Quick one before my flight:", "settle a bet -"), a flag after an arrow as the
# language, a word then an arrow and "meaning", and a guess after the question
LOCAL += [
    "explain the meaning of the word 'ubiquitous'",
    "Could you explain the meaning of the term hubris?",
    'How would "Annual Sales Report" look in snake_case?',
    "PascalCase: order total amount",
    '"Garden Party Menu" in kebab-case?',
    "Would you sort these from earliest to latest: 4 May, 1 April, 30 March?",
    "Name the Beatles members.",
    'Quick one before my flight: "Thank you" in Italian?',
    "Quick question to settle a bet: who painted the Mona Lisa?",
    "settle a debate - what's the largest ocean?",
    '"good evening" → 🇮🇹 ?',
    '"see you tomorrow" → 🇵🇹',
    "wanderlust → meaning = ?",
    "which planet is closest to the sun? venus?",
    "who wrote Pride and Prejudice? is it Austen?",
]
# ... and what those must not take
CLOUD_BALANCED_AND_EAGER += [
    "explain the meaning of this poem",
    "explain the meaning of life",
    "what is the meaning of life?",
    "name the band members",
    "Quick question to settle a bet: who will win the election?",
    "settle an argument - is it rude to recline your seat on a plane?",
    "my password → 🇫🇷 ?",
    "what's the latest iPhone?",
    "sort my emails from earliest to latest",
    "what's the score? today?",
    "what is 17 x 23? 391?",
    "how would my code look in snake_case?",
]
# (at eager, a short question no cloud rule reads is local by design)
CLOUD += ["life → meaning?", "who won the match? arsenal?"]

# More forms set 27 missed, typed anew: how to fix given text, an attribute asked as a label
# with a colon, a count before a named group's members, a poster or a drawing a question is for,
# and one operation named as a label on two numbers of things
LOCAL += [
    'How should I fix this sentence: "me and him goes to school"?',
    'How do I correct the following line: "there house is big"',
    "Machu Picchu, country:",
    "Kenya capital:",
    "who were the five members of Queen?",
    "what's the capital of chile, for my daughters poster",
    "Multiply: 7 boxes × 12 eggs.",
    "Divide: 45 sweets among 5 children.",
    "Add: 18 red cars and 25 blue cars.",
    "Subtract: 50 pages minus 23.",
]
# ... and what those must not take
CLOUD_BALANCED_AND_EAGER += [
    "How should I fix my relationship?",
    "How do I correct this sentence in my essay?",
    "My Car, country:",
    "who are the five people in my photo?",
    "Multiply: my savings × 3",
    "Divide: the bill among 4 friends",
    "Add: 2 cups flour to the recipe you gave me",
    "Multiply: 4,321 × 9,876",
    'What should I correct in this sentence: "me and him goes to school"?',
]

# ... and more: a rhombus's area by its diagonals, a pictograph between a sum's sign and its
# number, a landmark's country asked after an arrow and "= ?", a flag or an operation's label
# with a closing after it
LOCAL += [
    "area of a rhombus with diagonals 12 cm and 8 cm?",
    "Rhombus with diagonals of 10 m and 7 m: area?",
    "🍎 3 × $2 + 🍌 $4 = ?",
    "Stonehenge → country = ?",
    '"Thank you" → 🇯🇵 when you can',
    "Divide: 60 cookies among 12 kids when you can",
]
# ... and what those must not take: another shape's diagonals (two steps), a melting or boiling
# point to decimals, a body's members now, a ranking
CLOUD_BALANCED_AND_EAGER += [
    "area of a rectangle with diagonals 13 cm and 5 cm",
    "square with a diagonal of 8 cm: area?",
    "What is the melting point of gallium to 2 decimal places?",
    "boiling point of acetone, to 3 sig figs?",
    "Name the Senate members.",
    "list the board members of Tesla",
    "who's world number one in golf?",
    "women's tennis rankings top 5?",
    "My Car → country = ?",
]

# A story of the asker's, two to five sentences, before a question that asks nothing of it: the
# question is read alone, and the story meets the groups that read stories (the days of the
# asker's own life are no news, what they said is no conversation)
LOCAL += [
    (
        "We moved into a flat near the river last spring and my kids love the ducks. Yesterday my "
        "youngest asked me a question I could not answer. She wants to know before her nature "
        "walk on Saturday. What do you call a baby duck?"
    ),
    (
        "Our book group met last night and we ended up arguing about old novels for an hour. "
        "Somebody said Jane Eyre was written by a man under a false name. I said that was wrong "
        "but could not prove it. Who wrote Jane Eyre?"
    ),
    (
        "I am learning Portuguese before a work trip to Lisbon this month. My colleague there has "
        "been very kind and helped me find a flat. I would like to thank her properly when I "
        'arrive. How do you say "thank you very much" in Portuguese?'
    ),
    (
        "My nephew has a spelling test on Friday and I am helping him practise. We got stuck on "
        "one word that he writes differently every time. I want to be sure before I mark his "
        'sheet. Is it spelled "rhythm" or "rythm"?'
    ),
    (
        "I bake bread every weekend and my new oven only shows Fahrenheit. The recipe card from "
        "my grandmother says the loaf needs 200 degrees Celsius. I want to set it right the first "
        "time. What is 200 °C in °F?"
    ),
    (
        "We were at the aquarium today and my son saw a sign about octopuses. He told everyone at "
        "dinner that they have three hearts. I was not sure he had read it right. How many hearts "
        "does an octopus have?"
    ),
]
# ... typed in lower case without its mark, or with a label before it and a closing after it
LOCAL += [
    (
        "we drove past a huge dam on holiday last week. my son wanted to know about rivers after "
        "that. i promised to look it up for him. what is the longest river in africa"
    ),
    (
        "Quick question: My niece starts a space camp next month. She keeps talking about rockets "
        "and astronauts. I want to sound like I know something. What does NASA stand for? One "
        "line is fine. thanks"
    ),
]
# ... and what those must not take: a word problem (the story holds the data, in figures or in
# words), a question that points back into the story, a story that instructs, a question the
# cloud needs whatever the story, a request for the story's own thing, a textbook's problem
CLOUD_BALANCED_AND_EAGER += [
    (
        "I need help. Each pitcher of lemonade uses 3 lemons at $0.40 each and $0.50 of sugar, "
        "fills 10 cups that cost $0.05 each, and each cup sells for $1.25. What's my profit if I "
        "sell 6 full pitchers?"
    ),
    (
        "I run a small bakery and we sell 45 loaves on a weekday and 80 on a Saturday. Each loaf "
        "costs us 1.20 to make and sells for 3.50. We open six days a week. How much profit do we "
        "make in a week?"
    ),
    (
        "I have been reading a long novel to my son at bedtime this month. The cover fell off "
        "years ago and we have lost the title page. He keeps asking me about the writer. Who "
        "wrote it?"
    ),
    (
        "I am preparing a talk for my team next week. Please answer in full sentences and keep it "
        "formal. My manager will read it first. What is a balance sheet?"
    ),
    (
        "We are planning a trip to Rome in the spring and my wife wants to see the Vatican. I "
        "have been reading about it all week. What is on BBC One right now?"
    ),
    (
        "My brother wants to borrow money again and he still owes me from last year. I love him "
        "but I am worried about my savings. Should I lend him the money?"
    ),
    (
        "I pasted my essay into our chat a few minutes ago. My teacher wants it by tomorrow and I "
        "am nervous. Could you fix the spelling mistakes in my essay?"
    ),
    (
        "Lucy has 27 marbles. She gives a third of them to Tom and half of the rest to Ana. Tom "
        "then doubles his marbles. How many marbles does Lucy have left?"
    ),
    (
        "I keep a big jar of coins on my desk at work. My colleagues and I made a bet about how "
        "many are in it. I counted for an hour and lost count twice. How many coins are in the "
        "jar?"
    ),
    (
        "My son is doing a maths challenge this summer and I want to print a times table from one "
        "times one up to forty times forty. I would like it on one big poster for his wall. "
        "Please give me the full grid as a table, every cell filled in."
    ),
    ("Please translate Kafka's The Metamorphosis, the whole novella, into Italian."),
    (
        "My grandmother was born in a small village in Poland and moved to Canada after the war. "
        "She never talks about her childhood. I want to surprise her on her birthday. How old is "
        "my grandmother?"
    ),
    (
        "We are renovating the kitchen and the builder gave me three quotes last week. The "
        "cheapest one has no warranty. I have been going back and forth for days. Which quote "
        "should I choose?"
    ),
    (
        "I am writing a speech for my sister's wedding and it is about four pages long. She is "
        "marrying a man from Lyon and half the guests speak only French. I want everyone to "
        "understand. How do I say my whole speech in French?"
    ),
    (
        "My team at work uses a Python script to clean our sales data every morning. Since the "
        "update yesterday it crashes on the third line. Nobody knows why. What is a KeyError?"
    ),
    (
        "I have been following the election coverage all week and my friends keep arguing about "
        "the polls. The results come out tonight. Who will win the election?"
    ),
    (
        "My son plays in a junior football league and his team had a great season. They play the "
        "final this weekend. What is the score of the Arsenal game right now?"
    ),
    (
        "I am a nurse on a night shift and one of my patients is on warfarin. The doctor is not "
        "answering his pager. I am worried about interactions. What dose of vitamin K reverses "
        "warfarin?"
    ),
    (
        "My wife and I are trying to decide where to move. She wants the city and I want the "
        "countryside. We have two small children. Which is better for kids, the city or the "
        "countryside?"
    ),
    (
        "I have a small online shop and my conversion rate dropped last month. I changed the "
        "checkout page and the prices. My sales are down by a third. Why did my sales drop?"
    ),
    (
        "I am writing my first novel and the main character is a detective in Edinburgh. I have "
        "the plot but not the opening. My editor wants it by Friday. What is a good opening line "
        "for a detective novel?"
    ),
    (
        "My daughter is learning to code and built a small website for her class. It shows a "
        "blank page on her phone. She is really upset about it. What is wrong with her website?"
    ),
    (
        "I bought a second-hand car last month and the engine light came on this morning. The "
        "garage is closed until Monday. I have a long drive tomorrow. Is it safe to drive my car?"
    ),
    (
        "Our company is moving offices next month and I am in charge of the budget. We have forty "
        "desks and twelve meeting rooms to furnish. The landlord charges extra for parking. How "
        "much will the move cost?"
    ),
    (
        "I went to the doctor last week and she ran some blood tests. The results came back this "
        "morning with a few numbers flagged in red. I do not understand them. What do my results "
        "mean?"
    ),
    (
        "I have been learning the guitar for a year and I practise every evening. My teacher says "
        "I should learn music theory now. I have never read music. What is the best way to learn "
        "music theory?"
    ),
    (
        "My father loves crosswords and he got stuck on one clue yesterday. It has seven letters "
        "and the third one is R. He has been thinking about it all day. What is the answer to his "
        "clue?"
    ),
    (
        "I am planning a dinner party for eight people on Saturday. Two of my friends are vegan "
        "and one cannot eat nuts. I want one menu for everyone. What should I cook?"
    ),
    (
        "I work in a hospital pharmacy and we had a shortage of one antibiotic this week. The "
        "doctors asked me for an alternative. I need to check before I suggest anything. What is "
        "the best substitute for amoxicillin in a child with an allergy?"
    ),
    (
        "My book club is reading a long Russian novel this winter. We meet every Thursday evening "
        "at the library. I fell behind by two hundred pages. Can you summarize War and Peace?"
    ),
    (
        "I started a new job at a bank this month and my manager mentioned a regulation in the "
        "meeting. Everybody nodded so I did too. I did not want to look silly. What are the Basel "
        "III capital requirements for a mid-size bank?"
    ),
    (
        "I am a teacher and my class is doing a project on space. The kids want to know "
        "everything about the planets. I need material for six weeks of lessons. List every moon "
        "of Jupiter with its diameter and discovery date."
    ),
    (
        "We are flying to Tokyo next week and my husband is in charge of the bookings. He says "
        "our hotel is near the station. I forgot the name of the hotel. What is the name of our "
        "hotel?"
    ),
    (
        "I have a job interview on Monday for a project manager role at a software company. I "
        "have never managed a team before. I want to prepare well. What questions will they ask "
        "me?"
    ),
    (
        "My neighbour gave me a bag of mushrooms from the woods behind her house. They are brown "
        "with white spots on the cap. I want to cook them tonight. Are these mushrooms safe to "
        "eat?"
    ),
    (
        "I am helping my son with his chemistry homework tonight. The worksheet has a reaction we "
        "have never seen before. The teacher wants the balanced equation. What is the balanced "
        "equation for the combustion of octane?"
    ),
    (
        "I run a bakery and my best seller is a sourdough loaf. I want to scale the recipe up for "
        "a wedding order. The original recipe makes two loaves with 500 g of flour. How much "
        "flour do I need for 37 loaves?"
    ),
    (
        "I was reading an article about tax this morning and got very confused. I earn a salary "
        "and I also rent out a flat. My accountant is on holiday. How much tax will I pay this "
        "year?"
    ),
    (
        "My daughter is nine and she asked me a riddle at breakfast. A man pushes his car to a "
        "hotel and tells the owner he is bankrupt. She would not tell me the answer. Why is the "
        "man bankrupt?"
    ),
    (
        "We adopted a rescue dog last month and he barks at every stranger. The shelter said he "
        "had a hard start in life. We want him to be happy. How do we stop our dog from barking "
        "at strangers?"
    ),
]
# ... and what the stories showed alone: an attachment named, what a channel shows now
CLOUD_EVERYWHERE += [
    "Could you check my attached résumé for spelling and formatting errors?",
    "Would you kindly tell me what is being shown on BBC One at this moment?",
    "what's on bbc one",
]


# A set's members asked with its count, in any words (set 29's reading): "who are", "called",
# the count by a sign or in brackets; not the holders of an office now, a race's candidates, a
# kind asked for taste
LOCAL += [
    "Who are the seven dwarfs in Snow White?",
    "What are the three small bones in the middle ear called?",
    "Hogwarts houses ×4 = ?",
    "List the Simpson family (5 members).",
    "wat r the 3 kinds of rock again?",
]
# (the eager point's catch-all reads these as short questions, as before)
CLOUD += [
    "Who are the nine justices of the Supreme Court?",
    "Who are the three candidates in the mayoral race?",
    "list 5 measurable qualities of great poetry",
    "Who are the two senators from Ohio?",
]
# ... and whose they are, "all" and the count after them, or after an arrow (set 30's reading);
# not a kind alone after an arrow, which asks for advice
LOCAL += [
    "List Dorothy's three companions in The Wizard of Oz.",
    "Who are Dorothy's three friends in The Wizard of Oz?",
    "Who were the Spice Girls, all five?",
    "🌪️👠 Wizard of Oz → Dorothy's 3 companions?",
    "🎤✌️ Spice Girls → 5 members?",
]
# ... and more polite forms, praise as a closing, a maker by what they are credited with
LOCAL += [
    "Would you be so good as to explain what a glacier is?",
    "Would you be able to remind me who is usually credited with inventing the light bulb?",
    "Hello! What's \"I'm sorry\" in Italian? Cheers, you're a star",
    "Which scientist is famous for discovering penicillin?",
    "Would you mind explaining what a glacier is?",
]
# ... the members of a named group by its name, or a named one's few; not all of a maker's works,
# nor a league's today
LOCAL += [
    "What are the names of Alvin and the Chipmunks?",
    "What are the names of the Teletubbies?",
    "Who are Santa's reindeer?",
    "Name all of Santa's reindeer.",
    "I'd love it if you could name every one of Santa's reindeer.",
    "🦌🎅 Santa's reindeer → names?",
    # ("r" after a plural, a flag's colours, which of a name's things is meant)
    "what colors r on the us flag",
    "the giza pyramids r in which country",
    "What colours are on the flag of the United States?",
    "wat does oasis mean (not the band lol)",
    "Give the Italian for: I'm sorry.",
]
CLOUD_EVERYWHERE += [
    "Name all of Picasso's paintings",
    "list every one of Van Gogh's paintings",
]
CLOUD += [
    "Name all the Premier League clubs",
    "name all of Taylor Swift's albums",
    "What are the names of the Kings of England?",
    "list the Democrats",
    "Who are Musk's children?",
    "what are the names of the Taliban",
]
CLOUD += [
    "Paris → 3 museums?",
    "London → 3 restaurants?",
    "List Apple's three newest products",
    "Who are my three best friends?",
]

# look-alike set 17's leaks, closed by kind: obscure facts (a hill near a town, a village church's
# year, a small town's first mayor, a town hall's architect), a decimal figure of a thousand or
# more converted, tricks (a revolution named for another month, the number whose letters are in
# alphabetical order, the grooves on a record, six apples when you take away four), a vehicle
# count at an hour, a text of the asker's not given or pasted before, a second of a kind, the
# most moons, stations furthest north, a sequence of three, a letter code
CLOUD_BALANCED_AND_EAGER += [
    "How tall is Haughmond Hill near Shrewsbury?",
    "In what year was the church at Wing in Rutland first built?",
    "who was boises first mayor",
    "who designed grimsby town hall",
    "How many millimetres are there in 2,847.3 miles, exactly?",
    "how many mm in 2847.3 miles",
    "In which month do Russians celebrate the October Revolution?",
    "Which is the only number whose letters are in alphabetical order when written in English?",
    "how many grooves on one side of a vinyl record",
    "If you have six apples in a bowl and take away four, how many do you have?",
    "How many yellow cabs drive through Times Square in an hour?",
    "📋 pasted minutes → summary?",
    "🏡 my Airbnb listing → rewrite, cosier ✨",
    "which state has the second longest coastline, california florida or hawaii",
    # (a second of a kind is precise recall at every point, options or none: it was an exam
    # item, local at eager)
    "Which country is the second largest in Africa?\nA. Algeria\nB. Congo\nC. Sudan",
    "Which planet has the most known moons: (a) Jupiter, (b) Saturn or (c) Uranus?",
    "Which London terminus is furthest north: (a) Euston, (b) King's Cross or (c) St Pancras?",
    "whats next after 6 28 496",
    "If FISH is written as GJTI, how is BREAD written?",
    "I have 2 hands, how many feet do I have",
    # set 32's leak: an arrow up joined to the emoji of what it points at
    "✉️⬆️ → 🇪🇸",
]
LOCAL += [
    "If you have six apples and take away four, how many do you have left?",
    "How tall is Mount Everest?",
    "Who designed the Sydney Opera House?",
    "how many mm in 28.5 miles",
    "Which of these is a mammal: a shark, a dolphin or a tuna?",
]
# forms set 32 missed: a horse's height in hands, a question a few words over the limit that a
# word-by-word reader reads whole, a cylinder-shaped thing holding water, a price counted once,
# the few of a kind that make up a named one, a named one's few fixed gifts, a texted remark
# with an apostrophe or a clause of its own, the day of the asker's plans in a texted remark
LOCAL += [
    "How many inches tall is a horse that measures 15 hands?",
    "What is the volume of a cylindrical water butt with a radius of 0.3 m and a height of 1 m?",
    "Hiya! Water butt is a cylinder, radius 0.3 m, height 1 m, what's the volume? Cheers!",
    "Hello! I've raised £320 towards a £500 target for my charity walk, how much is left to go?",
    "Which three countries make up Scandinavia?",
    "scandinavia is which 3 countries again? planning a cruise n my husband says finland counts",
    "🌲❄️ Scandinavia → 3 countries = ?",
    "What were the three gifts the Wise Men brought to baby Jesus?",
    "Hi! What were the Wise Men's three gifts? Thanks!",
    "biggest ocean? pub quiz n we're losing badly",
    "capital of egypt? pub quiz tonight",
    "who wrote little women? book club tonight",
    # given text put in another form: number words as digits, months' short forms, dates in
    # another country's order (a count of letters is no letter to write)
    "Abbreviate to three letters: January, March, September, December",
    "📆 January, March, September, December → 3-letter abbreviations?",
    "Hello! Can you change these US dates to UK format? 07/04/2025, 12/25/2025. Cheers!",
    "What are the short forms of these months: January, March, September, December?",
    "turn these words into digits: twenty-two, seventy-seven, eighty-eight, eleven.",
]
# well-known facts asked in forms sets 23-32 missed: "would you mind telling me", "served as",
# "state the", "give the name of", the hardest natural substance, a record "on land"
LOCAL += [
    "Would you mind telling me who wrote the novel Little Women?",
    "Would you be able to tell me who served as the first president of the United States?",
    "State the country where Mount Kilimanjaro is.",
    "Give the name of the first US president.",
    "What is the hardest naturally occurring substance?",
    "whats the fastest animal on land",
]
CLOUD += [
    "Would you mind telling me what you think of my plan?",
    "give the year my son was born",
    "what is the heaviest material",
    "Give the name of the 14th US president.",
]
# a definition asked as an explanation, with the term quoted, its letters stopped, where it is
# used or the answer's length after it
LOCAL += [
    "Would you kindly explain what 'sabbatical' means in a sentence or two?",
    "I'd appreciate an explanation of what the letters CEO stand for.",
    "Would you mind explaining what DOB means when it appears on a form?",
]
CLOUD += ["explain what my contract means in plain words", "explain what 'x' means in my essay"]
# a loan's payment, now that a price with a suffix counts once among quantities
CLOUD_BALANCED_AND_EAGER += ["$12k, 7% APR, 36 mo → pmt?"]
# a texted question, then a remark of the asker's with no figure in it; where the asker is off
# to, or is, is no news
LOCAL += [
    "round clock 30cm across, how far round is it? want to put trim on the rim",
    "how do u say thank you in greek? off to athens tmrw",
    "where is the toilet in german pls, off to berlin tmrw",
    "how many miles is 120 km, off to france tmrw",
    "which colors are the primary ones? (for paint, not light)",
]
CLOUD += [
    "spanish or mandarin? one word",
    "whats the weather? off to athens tmrw",
    "what is the weather like in berlin, off to berlin tmrw",
    "48 balloons, 8 tables, how many each? 3 more coming",
    "who discovered penicillin? references would be amazing",
]
LOCAL += [
    # a record of a country's size, a hot desert's; a question put before its options with a
    # colon; a named group's few members; a named thing's parts in an order
    "Which is the smallest country in the world? A) Monaco B) Vatican City C) San Marino",
    "which is the largest hot desert: (a) Gobi, (b) Sahara or (c) Kalahari?",
    "Which three countries are the Baltic states?",
    "the baltic states are which 3 countries again? booked a tour n cant remember what i paid for",
    "List the Earth's layers, outermost first.",
    "Would you mind listing the layers of the Earth for me, outside to centre?",
    # an amount in words, a few numbers in digits, an order's two ends by an arrow, prose named
    # to fix
    "How do I write £245 in words on a cheque?",
    "Write as digits: twenty-two, seventy-seven, eighty-eight, eleven",
    "🔢 twenty-two, seventy-seven, eighty-eight, eleven → digits?",
    "🎶🔢 412, 87, 256, 19, 333 → lowest → highest?",
    "🕒 3:30 pm, 1:00 pm, 4:45 pm, 2:15 pm → earliest → latest?",
    'How should this sign be corrected: "Donations excepted monday to saturday, please leave'
    ' bags inside when were closed."',
    'Can you fix the errors in this email: "Dear Mrs Novak, Sophie wont be abel to come on'
    ' wensday."',
    "What does P.S. stand for at the end of a letter?",
    "✉️ P.S. = ?",
    "Meaning: camouflage",
    "⚛️ theory of relativity → scientist = ?",
    "veg plot is 10m by 5m, how much fence to go all round?",
    "who were the 3 bee gees again? disco night at the club n my husband's doing barry's"
    " falsetto, god help us",
    "🕺🎤 Bee Gees → 3 brothers = ?",
    "invite says BYOB?? what does that mean",
    # a texted remark after a question's marks: a hurry, "4" for "for", the asker's own doings
    "how to say i lost my keys in french?? hurry lol",
    "german for i dont understand?? pls my host mum talks sooo fast",
    "whats 'im lost' in japanese? need it 4 my trip",
    "polish for excuse me is this seat taken? on a train in krakow rn",
    "how do u say happy birthday in german? my pen pal in munich turns 30 tmrw",
    "Spell-check: 'Secret santa gifts should be under $20, please bring them wraped by fridy.'",
]
CLOUD += [
    # a record asked among options that leave its well-known holder out
    "Which is the largest island: (a) Sumatra, (b) Honshu or (c) Great Britain?",
    "Which is the highest mountain? A) Ben Nevis B) Snowdon C) Scafell Pike",
    "Which is the smallest country: Monaco, Andorra or San Marino?",
    "Which two countries are the largest?",
    # look-alike set 18's kinds: units few use, counts disputed, small places' works, tricks,
    # the asker's text named, a whole work, a Fermi estimate, puzzles, rules of a place
    "What is the speed of light in furlongs per fortnight?",
    "how many normal pounds is 250 troy ounces exactly",
    "which country has the most lakes, canada finland or russia",
    "who designed the clock tower in machynlleth",
    "how long is the chirk tunnel on the llangollen canal",
    "when was bjernede round church built",
    "how many 2p coins in a dozen",
    "what colour is an aeroplanes black box",
    "🎓 my abstract → 50-word summary ✂️",
    "⚽📅 my pasted fixtures → table by date",
    "can u rewrite all of paradise lost in modern prose",
    "📚🏆 all Booker winners → 1-para summary each",
    "How many vending machines are restocked in Tokyo each day?",
    "What single word can be made from all the letters of CARTHORSE?",
    "how long after a tattoo can i give blood in the uk",
    "Meaning: life",
    "write a story in words",
    'fix the errors in this: "def f(x) return x"',
    "fix the typo: 'ls -la $1'",
    "whats the score? on a train rn",
    "who won the match?",
    "whats tonights euromillions numbers?? ticket's in my hand, shaking lol",
    "who won the match? game tonight",
    "whats the capital of peru? quiz tonight, need the full history",
    "summarise what we said so far",
    "Which countries make up the G20?",
    "One thing: 📱👧 11yo + smartphone → yes or wait? 🤔",
    "write a letter to my landlord",
    "abbreviate my essay",
]
CLOUD += [
    # look-alike set 19's kinds: small places' dates, old and foreign units, an astronomical unit
    # in feet, a decimal trap, a cipher of unknown shift, a whole work or every form, the days a
    # zone's rule leaves, an editor's commands
    "In what year did Kemble railway station in Gloucestershire open?",
    "what year did the gmunden tram open",
    "In what year was the fishing harbour at Hornbæk in Denmark built?",
    "In what year did Ootmarsum in the Netherlands receive town rights?",
    "How many Russian versts are in a Roman mile?",
    "🍺📏 3 Scots pints → litres = ?",
    "how many cm is 12 shaku",
    "📏🇪🇸 1 legua → varas = ?",
    "How tall is the Eiffel Tower in Egyptian royal cubits?",
    "how many feet in one au to 2 decimals",
    "Is 9.11 bigger than 9.9?",
    '🔐❓ Caesar, unknown shift: "Mctyr ehz dalcp ezcnspd ez esp nlgp" → ?',
    "📖🇫🇮 Kalevala → full English prose translation",
    "🇧🇷📚 60 irregular PT verbs → all tenses conjugated",
    "🛂🇨🇴🇪🇺 40 days in HR in last 3 months → Schengen days left = ?",
    '✏️🔁 Vim: "Lastname, Firstname" → "Firstname Lastname" = ?',
    "how do i read a csv in pandas",
]
CLOUD_BALANCED_AND_EAGER += [
    # look-alike set 19's kinds that went local at the eager point: small places' dates by an
    # arrow, a church's saint or builder, tricks (a ton and a tonne, a brick and a half, the day
    # the clocks go back), Fermi estimates of a typical day or a year, records that change, a
    # text of the asker's not given, every form of many verbs, a pet's quarantine, the leave a law
    # gives, quitting a course
    "🚉📅 Kemble station, Glos → opened = ?",
    "which saint is the main church in castelmezzano dedicated to",
    "Who was the master builder of the wooden church at Kerimäki?",
    "Which weighs more, a ton of feathers or a tonne of bricks?",
    "🧱⚖️ 1 kg + ½ brick = 1 brick → ? kg",
    "How many hours long is the last Sunday of October in Berlin?",
    "How many saunas are heated in Finland on a typical Saturday evening?",
    "How many tonnes of road salt does Moscow spread in a winter?",
    "how many dumplings does harbin eat on new years eve",
    "Which country has the largest reindeer population: (a) Finland, (b) Norway or (c) Russia?",
    "which was the busiest airport last year atlanta dubai dallas or heathrow",
    "🦈🐋🐢🐟 longest-lived vertebrate → ?",
    "✉️🇵🇱 my scanned postcard (Polish) → translation = ?",
    "conjugate 60 irregular portuguese verbs in every tense",
    "🐕✈️🇧🇷➡️🇯🇵 dog, no long quarantine → possible? y/n",
    "how many weeks paternity leave do i get in spain",
    "how many li is a marathon",
    "🎓🚪 quit PhD in year 4? y/n",
]
LOCAL += [
    # the animal, not the data library
    "What do giant pandas eat?",
    # a currency's sign other than the dollar's, the pound's and the euro's; the amounts counted
    # first ("two fares") or one of them named first ("one ride ... another")
    "Could you please add up two auto-rickshaw fares for me, ₹85 and ₹120?",
    (
        "If I paid ₹85 for one auto-rickshaw ride and ₹120 for another, how "
        "much did I spend altogether?"
    ),
    "add up two taxi fares, $85 and $120",
    # texted remarks: the asker's use of the answer, an age first, a word's meaning asked last
    (
        "whats sleep well in german? our exchange student is so homesick n i "
        "want to say it at bedtime"
    ),
    (
        "italian flag colours? doing bunting for pizza night n dont want to "
        "make it mexican by accident lol"
    ),
    "eiffel tower is in which city again? 6yo asking, i know its france at least lol",
    "residents meeting got cancelled cos there was no quorum?? whats a quorum lol",
    # ... which of two of the name it means, the asker's days in any sentence of the remark, where
    # the asker is and with whom, the asker's own task
    "who wrote the jungle book? the actual book not the cartoon, my son's doing a book report",
    "who wrote little women? the march sisters one. book club tonight n i only saw the film",
    "what year was the battle of hastings? at battle abbey w the kids n the audio guide's broken",
    (
        "kilimanjaro is in which country? my boss is climbing it for charity n i have to write "
        "the newsletter bit"
    ),
    "how r u in italian?? texting my nonna",
]
LOCAL += [
    # a story's sum: the years of the asker's life or an age are no data of it, a word that hides a
    # step in a short question may name a thing ("the old canvas tents"), and "each" said of the
    # things, not of the people, is one step
    (
        "I have been a volunteer scout leader in Christchurch for six years, and next month we are "
        "taking the troop on a weekend camp beside a lake in Canterbury. Thirty-six scouts have "
        "signed up, which is our biggest group ever, and the old canvas tents from the hall each "
        "sleep four. How many tents do we need?"
    ),
    (
        "My daughter turns ten next week, and she wants every girl at her sleepover to go home "
        "with a matching friendship bracelet. We have chosen a pattern with fifteen beads on each "
        "bracelet, and there will be twelve girls including her. How many beads do we need "
        "altogether?"
    ),
]
CLOUD += [
    # ... but not where the years or the age are asked of, nor where they are of the people
    (
        "My son is eight years old and loves saving. He gets five dollars a week in pocket money "
        "and puts it all in his piggy bank. How much will he have saved by the time he turns ten?"
    ),
    (
        "We are four friends going on holiday together this summer and we each pay three hundred "
        "pounds for the villa. How much does the villa cost in total?"
    ),
    (
        "My grandmother is eighty years old and she has knitted a scarf for each of her nine "
        "grandchildren every winter for the last five years. How many scarves has she knitted?"
    ),
]
LOCAL += [
    # a farewell with its day to translate; a fronted topic without what the asker does with it
    # and when; "which one" asking a fact of the options; "a new one" is no amount
    "see you tomorrow in spanish",
    "watching jaws tonite, who directed it again?",
    "Which one lays eggs? A) cow B) hen C) horse",
    # a named place's city or a named event's year by an arrow; a label read with its question
    "🗿🙏 Christ the Redeemer → city = ?",
    "🚄🇬🇧🇫🇷 Channel Tunnel opened → year = ?",
    "Perimeter of a rectangle: 10 m × 5 m.",
    # whether a subject is one of the options, put as which one it is
    "Hey! Is the smallest country Monaco, Vatican City or San Marino? Thanks!",
    "Hi! Is the ocean between Africa and Australia the Atlantic, Indian or Arctic? Thanks a lot!",
    # options texted with no commas between them, and a remark after them
    "biggest hot desert, gobi sahara or kalahari? quiz night tiebreaker n my team are all shouting",
    "smallest country in the world, monaco vatican city or san marino?",
    # the few parts of a named thing, counted and named with "the"
    "What are the four nations of the UK?",
    "what are the 3 bits of a triathlon?",
    # given text put in a markup's bold tags
    'Would you please wrap the text "Sale ends Friday" in HTML bold tags?',
    '🏷️ "Sale ends Friday" → <b>…</b> ?',
    # a phrase written to someone, in a language; "when you get a sec" before a question
    'In Portuguese, how would I write "happy anniversary" to a married couple?',
    "when you get a minute, what is the capital of peru?",
    (
        "Every summer our family drives up to the bach at Whangamatā for a fortnight, and the old "
        "chilly bin finally cracked on the way home last year. I have just bought a new one, and "
        "the label says the inside measures fifty centimetres long, thirty centimetres wide and "
        "thirty centimetres deep. What is its volume?"
    ),
]
CLOUD += [
    # ... but a pick of the asker's, and the news watched tonight
    "which one is right for me?",
    "Is the largest island Sumatra, Honshu or Great Britain?",
    "Is the best laptop a Mac, a Dell or a Lenovo?",
    "largest island, sumatra honshu or great britain?",
    "best laptop, mac dell or lenovo?",
    "what are the three events of the day?",
    "list the three parts of my essay",
    "write an html page with bold headings",
    "wrap my code in html tags",
    "how do i write my cv to my boss in german",
    "which one is the best?",
    "which one should i buy",
    "watching the news tonight, what is it about?",
    "latest news in german",
]
CLOUD += [
    # a guide or an itinerary to make is still a plan of several steps
    "make me a guide to rome",
    "plan a 5 day itinerary for rome",
    "itinerary for 3 days in paris",
]

CLOUD_BALANCED_AND_EAGER += [
    # look-alike set 20's kinds: a small place's lighthouse, pier, bridge, funicular or a square's
    # statue by its year or maker, a work rebuilt after a war; joke and foreign units; rivals for a
    # discovery, named together or of oxygen; a record measured from base to peak; a record among
    # options that leave its holder out; a bird's eggs' colour; a digit counted over a run of
    # numbers; a phrase's letters made a word by an arrow; a Fermi count of things left behind
    "When was the lighthouse at Kinnaird Head first lit?",
    "who built cromer pier",
    "In what year was the covered bridge at Kapellbrücke built?",
    "when was the old stone bridge in mostar rebuilt after the war",
    "Who sculpted the statue of Hans Christian Andersen in the square at Odense?",
    "When did the funicular at Montmartre open?",
    "How many attoparsecs is a marathon?",
    "how many beard-seconds in a metre",
    "How many tunnland is a 20-hectare farm?",
    "🐄 400 kg steer → arrobas = ?",
    "how many dunams in an acre",
    "Who discovered oxygen?",
    "who invented calculus, newton or leibniz",
    "Who invented the telephone: (a) Bell, (b) Meucci or (c) Gray?",
    "Which is the tallest mountain measured from base to summit?",
    "🥚 robin eggs → colour = ?",
    "What colour are a song thrush's eggs?",
    "how many 7s do you write numbering pages 1 to 100",
    '🔤 "listen" → 6-letter word = ?',
    "How many umbrellas are left on the Tokyo metro each year?",
    (
        "Which is the tallest statue: (a) Christ the Redeemer, (b) Spring Temple Buddha or "
        "(c) Motherland Calls?"
    ),
    (
        "Which is the tallest building: (a) Shanghai Tower, (b) Taipei 101 or (c) Empire "
        "State Building?"
    ),
]
LOCAL += [
    # the forms set 35 missed: the few of a kind carved or told of in a named place or work, or a
    # named one's trio; "X = which N kinds?"; a given list put in order by its figures, the list
    # after the question or before an arrow; a currency's letters before an amount, "bob" and a
    # texted "n" between amounts; "would you mind" and a verb of a sum; the story the answer is for
    # and a letter the asker has had are no writing asked; a longer lead-in before "how many lbs is
    # that"; the asker's doings with the subject left out; "what even is"; a question last after
    # a remark's marks that asks what a word stands for; a named place's kind before an arrow
    "Which four presidents are shown on Mount Rushmore?",
    "Who are the three main characters in The Wizard of Oz?",
    "🏰 Narnia → 4 children = ?",
    "🎩 Three Musketeers → main trio = ?",
    "uk = which 4 countries? settling a bet",
    "Sort these rivers from longest to shortest: Nile 6,650 km, Thames 346 km, Danube 2,850 km",
    "list these from coldest to warmest? Oslo -4 C, Rome 8 C, Cairo 14 C",
    "Oslo -4, Rome 8, Cairo 14 → coldest first?",
    "Would you mind adding up my two bills, KSh 450 and KSh 300?",
    "Rs 250 and Rs 400, total?",
    "two bus rides, 60 bob n 90 bob, total?",
    "Would you mind multiplying 12 by 7?",
    "How much is 30 degrees Celsius in Fahrenheit? It's for a school story. Thanks!",
    "my sister is carrying a 23kg suitcase onto the train, how many lbs is that?",
    "whats thank you in spanish? meeting my host family tomorrow n im nervous",
    "what even is a mortgage?",
    "the letter says the EGM is on friday?? what does EGM stand for",
    "🏛️ Brandenburg Gate → city = ?",
    "Sydney Opera House → city = ?",
]

LOCAL += [
    # a sum of one step on the day it is of (the day is no news to a sum whose amounts are given); a
    # remark after the question that repeats its amount or says "or"; a texted remark of a book
    # week; a story's day and the writing told of, of the asker's club or of everyone written to;
    # a flask to bring is no web framework
    "i spent $5 and $7 today, total?",
    "walked 3 km this morning and 4 km this afternoon, how far in total?",
    "8 tables, 6 chairs each, how many chairs? mum says 6 is the most that fit or it gets cramped",
    "who are the 4 ghostbusters? my son is dressing up as one for book week",
    (
        "I help out at our village cricket club in Kent, and this morning the treasurer asked me "
        "to tidy the notice for the pavilion door. A member has already spotted two mistakes. "
        'Could you correct it for me: "Teas will be serverd at 4pm, all welcome to joyn us."'
    ),
    (
        "We moved to Leeds last year and I joined a walking group to meet people. Today the "
        "organiser emailed everyone about the walk on Sunday, and she wrote that boots are a must "
        "and to bring a flask. What does RSVP stand for?"
    ),
]
CLOUD += [
    # a dash between clauses is no minus; the score today; the asker's own mail; the framework
    "leaving in 5 min - is the M25 jammed? yes or no",
    "what's the score today, 3 - 1?",
    "how many unread emails do i have today",
    "how do i make a flask app",
    "write a route in flask",
]

LOCAL += [
    # sums of one step with "each" said of people the turn counts ("5 of us"), "in every one", and
    # an amount done "so far"
    "6 of us at the cinema, tickets are 9 quid each, how much altogether?",
    "4 tents, 6 pegs in every one, how many pegs?",
    "our hall has 120 seats, 85 booked so far, how many left?",
    "30 sweets split between 5 of us, how many each?",
]
CLOUD += [
    # ... but not of people left uncounted, nor the conversation so far
    "they each have 5 sweets, how many do they have?",
    "what have we covered so far",
]
LOCAL += [
    # a given list put in order by its figures: tallest first, a second arrow for the order's
    # other end, a unit in brackets after the list
    "Could you order these tallest first? Tom 150 cm, Ana 162 cm, Raj 147 cm. Thanks!",
    "🏔️ Ben Nevis 1345, Snowdon 1085, Scafell Pike 978 (m) → tallest → shortest?",
]
LOCAL += [
    # what the asker said to someone the turn tells of is no earlier turn of the chat; "only got"
    # of the asker's doings; a texted "wat" before the kind of place asked
    "whats a volcano exactly? my son asked and i just said hot mountain lol",
    "how many ml in a cup? only got a measuring jug rn",
    "big ben is in wat city again",
]
CLOUD += [
    # ... but what the asker said before in this chat is
    "i said no onions, redo it",
]
LOCAL += [
    # a story of the asker's essay or a sentence of theirs sets no form of the answer, letters
    # spelled out are no texted "you", a question's "its" of the thing it names points nowhere
    # back, "next month I am meeting" names no event and the asker's next month is no news
    (
        "My thesis is due soon and my supervisor wrote in the margin of my essay that I overuse "
        "jargon, which stung a bit. I nodded at our meeting but never asked her. What does "
        "'jargon' mean?"
    ),
    (
        "At the museum my daughter saw a poster about the space race with the letters N, A, S, A "
        "printed huge across the top. She asked me what they stand for and I had no idea at all. "
        "What does NASA stand for?"
    ),
    (
        "We watched the night sky from our tent at the campsite, and my son spotted a bright "
        "reddish dot that the ranger said was a planet. He wants to read more about it tomorrow. "
        "Which planet is known for its red colour?"
    ),
    (
        "Next month I am visiting my penfriend in Rome for the first time, and I want to greet "
        'her family properly at the door when I arrive for dinner with them. How do you say "good'
        ' evening" in Italian?'
    ),
]
LOCAL += [
    # a story's sum: an episode that runs some minutes is no script to write, and what was done
    # "so far" is no conversation; a story's list of times put in order, and a story's number words
    # written as digits (local.given_forms)
    (
        "My daughter and I started a new cartoon series at the weekend that all her friends love."
        " We agreed to watch four episodes on Sunday, and the app says each episode runs 22 "
        "minutes. How many minutes is that altogether?"
    ),
    (
        "During the holidays my brother and I started a 500-piece jigsaw of a lighthouse on the "
        "kitchen table. So far we've fitted 230 pieces, mostly the sea and the edges. How many "
        "pieces are still to place?"
    ),
    (
        "I am planning the running order for our school fair, and I wrote the start times on a "
        "sticky note in a muddle. The times are 11:15 am, 9:30 am, 2:00 pm and 10:45 am. Could "
        "you put them in order, earliest first?"
    ),
    (
        "I keep the scores for our pub quiz league, and this week the quizmaster wrote the team "
        "totals in words on the board. I need them as plain numbers for the spreadsheet. They are"
        " thirty-one, forty-six, twenty-nine and fifty-two. Could you write them as digits for "
        "me?"
    ),
]
CLOUD += [
    "summarise each episode",
]
LOCAL += [
    # a given list put in date order, January to December, or by an arrow's "Jan → Dec"
    "Could you put these dates in date order: Sports day 12 June, Fair 3 May, Gala 20 March?",
    "🗓️ Gran 3 May, Tom 12 January, Ava 30 July → Jan → Dec?",
    # an edit of a list asked before a colon, read with the list whatever mark ends it
    "Write these as digits: thirty-one, eighteen, ninety?",
    # a jigsaw of so many pieces is no puzzle to solve
    "done 240 bits of my 500 piece puzzle, how many r left",
    "we've placed 420 pieces of a 750 piece jigsaw puzzle, how many are left?",
]
CLOUD += [
    "here's a puzzle for you: a man has 3 sons",
]
# The twenty-first look-alike set's kinds, in other words: cloud at every point, strict included
# (a cloud rule only keeps a turn off the local model, so strict has every one but the
# conversation's)
CLOUD_EVERYWHERE += [
    "Who designed the Lutheran cathedral in Tórshavn?",
    "who designed the art deco petrol station in windhoek",
    "In what year did the road tunnel to Trollstigen open?",
    "what year did the slangkop lighthouse first light up",
    "How many Turkish okka are in 5 kilograms?",
    "how many tolas is 50 grams",
    "how long is the paro airport runway in metres",
    "how deep is lake tanganyika at its deepest",
    "🏝️ Tuvalu → land area km² = ?",
    "how many islands are in the lofoten",
    "What is the capital of Bolivia?",
    "Which country has the longest coastline?",
    "What is the national dish of Ghana?",
    "What is catgut made of?",
    "Which country do most Brazil nuts come from?",
    "What is 7,204 to the power of 5?",
    "📚 Canterbury Tales → 24 tale summaries",
]
# the divisions of a named whole counted, a named group counted in its name, and the names of a
# named group's members, in lower case too
LOCAL += [
    "What are the four provinces of Ireland?",
    "list the three official languages of Luxembourg",
    "the three branches of the US government.",
    "switzerland has 4 official languages, which ones?",
    "🇮🇪 Ireland → 4 provinces = ?",
    "Who were the Famous Five?",
    "Which players made up the Fab Four?",
    "whats the names of the smurfs again",
    "What are the Ninja Turtles' names?",
    "Who are the four members of the Addams family?",
    "list the Flintstone family members",
]
CLOUD += [
    "Paris → 3 museums?",
    "What are the three best beaches of Bali?",
    "What are the two main causes of the war?",
    "what are the names of the senators",
    "what are the names of the new iphones",
    "list the royal family members",
    "what are the names of the tallest buildings",
]
# a texted remark after the question: "too" before the word it grades, the asker's use of the
# answer, a greeting in Afrikaans slang, an idiom of price, a niece's fan letter, an
# abbreviation asked what "that" means
LOCAL += [
    "made 5 pizzas, cut each into 8, how many slices is that? my brother says mine are too thin",
    "Howzit! What is 12 times 4?",
    "Out of 40 glasses, 6 broke. How many are still in one piece?",
    "who wrote matilda again? nephew wants to send a fan letter",
    "the menu says GF?? what does that mean",
]
# a language's word for a phrase asked with a stop, the thing itself asked for with thanks, and
# what the answer is for named in more words
LOCAL += [
    'Give me the Swedish for "good luck".',
    "I would be grateful for the Italian translation of 'happy retirement'.",
    "whats congratulations in polish, for my cousins new baby girl card",
]
# a story's sum: an age said bare is no amount, "a thousand" and "three and a half" are, "a second
# one" is another of them, and "should go on each" shares out
LOCAL += [
    "My physio says I need to keep moving after my knee operation. I am sixty-eight and stubborn."
    " This morning I swam 20 lengths at the leisure centre, and this evening I managed another 16."
    " How many lengths did I swim altogether?",
    "My sister is learning origami for her wedding and wants a thousand paper stars in a big glass"
    " jar. She has folded six hundred and forty. How many stars are left to fold?",
    "I kept a diary of my fares on my first week in Lagos. On Monday I took a danfo to the market"
    " for three hundred naira, and in the evening a second one home cost four hundred. How much"
    " did I spend on fares that day?",
    "36 cupcakes, 4 plates: how many cupcakes should go on each plate?",
]
CLOUD += [
    "36 cupcakes and 4 plates, how many should I bake?",
]
# water's freezing or boiling point asked by "at what temperature", and a texted remark that ends
# in a tag asking nothing
LOCAL += [
    "At what temperature in Fahrenheit does water boil?",
    "petra is in which country? my dad keeps saying egypt n i'm like... no?",
]
CLOUD += [
    "At what temperature does tungsten melt?",
    "whats the capital of peru? also what's the weather there right?",
]
CLOUD += [
    "my doctor said my PSA is high?? what does that mean",
    "my boss said we need to talk?? what does that mean",
    "what's the price of gold",
]

# The twenty-second look-alike set's kinds, in other words: cloud at every point (a person's
# birth or death by its date, a narrow craft's term, old Russian and Latin American units, a small
# place's minor works, an obscure structure's figure, tricks and misconceptions in a lookup's form,
# an idiom made natural in another language, disputed places among options, a country's rule, a
# building's bricks, a whole poem, another calendar's date, data nested in JSON)
CLOUD_EVERYWHERE += [
    "When was the Faroese poet Nólsoyar Páll born?",
    "what year did the painter Helene Schjerfbeck die",
    "🎻 Ole Bull → born = year?",
    "the museum needs her birth date for the caption",
    "What is a tourbillon in horology?",
    'what does "gote" mean in the game of go',
    "What is a bob in change ringing?",
    "how many zolotniks is 2 kilograms",
    "How many vershoks tall is a 2 m door?",
    "how many cuerdas is 12 hectares",
    "Who designed the Newport transporter bridge?",
    "when was the Glenfinnan viaduct completed",
    "When did the railway first reach Alice Springs?",
    "How long is the main span of the Akashi Kaikyō Bridge?",
    "Which US state is furthest east, Maine or Alaska?",
    "What country lies directly north of Detroit?",
    "What is the official capital of the Netherlands?",
    "Which planet is closest to Mercury on average?",
    "what colour was the Parthenon originally",
    'What\'s a natural Swahili way to say "break a leg"?',
    "how do you say it's raining cats and dogs in welsh",
    "Africa's largest city: (a) Lagos (b) Cairo (c) Kinshasa",
    "Was tango born in Buenos Aires or Montevideo?",
    "what's the minimum age to sit in the front seat in Spain",
    "how many bricks in the great wall of china",
    "Translate all the stanzas of the Rubaiyat into English.",
    "15 Ramadan 1447 AH → Gregorian = ?",
    "jq: every id in nested JSON → command?",
]
# the forms set 37 missed: a notice's misspelled passive is no code, a text checked for mistakes
# is one to fix, a list of times put in order, given steps numbered, greetings and thanks of other
# languages, a count of what survived given, a word explained
LOCAL += [
    "What does allegro mean in music?",
    'Correct this notice: "All bags must be return by 6pm, otherwise you will be charge a fee."',
    'Could you check my note for mistakes? "Please dont forget too water the plant\'s."',
    "Order these runners fastest first: Ana 4:12, Ben 3:58, Cara 4:05.",
    "Kofi 12:41, Ama 12:35, Yaw 12:49 → fastest first?",
    "Can you arrange these swimmers by time, quickest first: Li 1:02, Mo 0:58, Jo 1:05?",
    "Could you turn these steps into a numbered list? boil water, add pasta, cook, drain.",
    "number the steps: preheat the oven, mix the batter, bake for 25 minutes",
    "Guten Tag! What is the capital of Austria? Danke!",
    "Hallo! How many legs does a spider have? Danke schön!",
    'Bonjour! How do I write "good night" in French? Merci!',
    "Hey there! What is 15 times 4? Terima kasih!",
    "G'day! What's the capital of New Zealand?",
    "Good morning! Out of 30 seedlings, 7 died. How many are still growing? Cảm ơn!",
    "🌱 30 seedlings − 7 died → alive = ?",
    'Explain the word "fortnight".',
    "What's the English for merci?",
]

# a named thing's main parts counted, or asked what makes it up; a kind known for something
# picked among options, or asked whether it is one of them; a sentence to complete with a place
# among options; a product given in how many fit
LOCAL += [
    "What are the three main body parts of a spider?",
    "Which two parts make up a spider's body?",
    "list the four main parts of a flower.",
    "Pick the city known for canals: (a) Amsterdam (b) Madrid (c) Cairo",
    "Select the country famous for maple syrup: (a) Canada (b) Chile (c) Kenya",
    "Is the country known for tulips the Netherlands, Peru or Chile?",
    "The Eiffel Tower is located in: (a) Paris (b) Rome (c) Berlin",
    "how many eggs fit in 4 boxes holding 6 each?",
]
CLOUD += [
    "What are the three main parts of my essay?",
    "Which three parts make up my business plan?",
    "My money is located in: (a) bank (b) safe (c) home",
    "How many golf balls fit inside a school bus?",
    "Phosphocreatine in the muscle cell is found in: (a) the mitochondria (b) the cytoplasm",
]

# a texted remark's figure after a question that counts nothing is none of its data (the
# question's own words still need the cloud)
LOCAL += [
    "the colosseum is in which city? my son thinks athens n i'm not 100% sure",
    "haiku means what exactly? daughter's homework, she's 9",
    "the great wall is in which country? my brother says japan, im not 100% sure",
]
CLOUD += [
    "is the bridge open? driving over this morning",
    "whats the weather like? going hiking today",
    "I'm going to the final today. Who is playing?",
    "which platform does the train leave from? mine is the 9:15",
]

# a kind that does something picked among options is asked as which one does it
LOCAL += [
    "Pick the planet that has rings: (a) Saturn (b) Mars (c) Venus",
    "Select the animal that lays eggs: (a) hen (b) cow (c) horse",
]
CLOUD += [
    "Select the answer that is correct: (a) 1 (b) 2",
]

# the forms set 38 missed: greetings and thanks of more languages (after given text in quotes
# too), a language named in two words, the few kinds of a plain thing counted, colours asked in
# the plural, a word explained unquoted, a geometry question with a few more words of its own,
# hours written "h", a list sorted A–Z with an en dash or put in weekday order, a list bulleted
LOCAL += [
    "Privet! What is the capital of Russia? Spasibo!",
    "Dzień dobry! How many legs does an ant have? Dziękuję!",
    "Buonasera! Who painted the Mona Lisa? Grazie!",
    'Salut! Can you fix the spelling here? "I recieved you\'re leter." Merci!',
    'How do you say "good evening" in Brazilian Portuguese?',
    "What are the three main types of rock?",
    "Which four types of tooth are there in the human body?",
    "🦷 teeth → 4 types = ?",
    "What colours are the stripes of the French flag?",
    "Could you explain the word saudade to me?",
    "building a raised bed out back, 4m by 2m, whats the perimeter?",
    "flight 7 h → minutes = ?",
    "Put these rivers in A–Z order: Nile, Amazon, Danube, Volga.",
    "list these yoga classes in weekday order: Friday 9:00, Monday 18:00, Wednesday 7:30",
    "Can you order these by day of the week? Friday 9:00, Monday 18:00, Wednesday 7:30",
    "bullet this: milk, eggs, bread, butter",
]
CLOUD += [
    "What are the three types of business I should start?",
    "What are the types of government?",
    "What colours should I paint my hallway?",
    "explain the word order in German",
]
# a lookup among options of a word or two each is that lookup, the scorer's confidence aside;
# not where a thing comes from, which is often disputed
LOCAL += [
    "Which sea lies between Italy and Greece? A) Ionian B) Baltic C) North",
    "What colour is a ruby? A) red B) green C) blue",
    "Which country has a cedar tree on its flag? A) Lebanon B) Peru C) Japan",
]
CLOUD += [
    "where is feta from a greece b italy c spain",
    "Where did the croissant originate? A) Austria B) France C) Italy",
]
# a role told in the asker's story is no role asked of the model
LOCAL += [
    "My aunt danced with the city ballet for twenty years, and her favourite role was the Sugar "
    "Plum Fairy. For her birthday we are taking her to a new production, and I am making her a "
    "card. Who composed The Nutcracker?",
]
# the twenty-third look-alike set's kinds: small places' firsts and founders, places of worship
# by year, obscure structures' figures, Japanese and Malay measures, puzzles, which of two places
# lies further one way, discoveries claimed by several, narrow trades' terms, ISO weeks, words'
# origins by an arrow, idioms made natural or translated, long words' letters, other alphabets'
# orders, Scrabble scores
CLOUD_EVERYWHERE += [
    "In what year did the first steamboat reach Manaus?",
    "when did the old narrow-gauge train at Tacna start running",
    "Who founded the mission station at Elim?",
    "In what year was the Ethem Bey Mosque in Tirana built?",
    "What is the internal diameter of the dome of the Pantheon in Paris?",
    "How deep is the Dean's Blue Hole?",
    "How tall is the Tower of Belém in Lisbon?",
    "How many ken is 30 metres?",
    "3 kg → kati = ?",
    "Two ladders, 4 m and 3 m long, cross 1 m above the ground; how wide is the alley?",
    "How many different necklaces can be made from 2 red and 4 blue beads?",
    "Tower of Hanoi with 10 discs and 4 pegs: fewest moves?",
    "Which is further north, Venice or Montreal?",
    "Which African lake holds the most water?",
    "Who discovered Neptune: (a) Le Verrier (b) Adams (c) Galle?",
    "Where was the döner sandwich invented: (a) Berlin (b) Bursa?",
    "In sumo, what is a yokozuna's dohyō-iri?",
    "whats a stope in a mine",
    "What ISO week number is 1 January 2027?",
    '"sincere" → word origin = ?',
    'What\'s a natural English version of "¿qué onda?"',
    'What does "saudade" really mean in English?',
    "How do I translate the pun and keep the wordplay in French?",
    "whats piece of cake in japanese",
    "How many letters are in Llanfairpwllgwyngyll?",
    "spell Pneumonoultramicroscopic backwards",
    "put these in danish alphabetical order: Åse, Ærø, Øle, Anna",
    'What is the Scrabble score for "quixotic"?',
]

# the forms set 39 missed: greetings and thanks of more languages, and Spanish's opening marks;
# politeness said last; a known set of up to twelve counted; times put in order by the clock, a
# list numbered; a word taken to mean, an abbreviation after an arrow; a people's way to say a
# phrase; a radius as its letter; stories whose author is asked
LOCAL += [
    "Goedemorgen! Who painted The Starry Night? Dank u wel!",
    "Gamarjoba! What is the capital of Georgia? Madloba!",
    "¡Buenas noches! What is 8 times 7? ¡Muchas gracias!",
    "I'd be grateful to know who wrote Don Quixote.",
    "Tell me where the Golden Gate Bridge is, city only.",
    "What is 9 kg expressed in pounds, if you'd be so kind?",
    "Which seven colours are in the rainbow?",
    "What are the nine planets of the old solar system?",
    "Sort chronologically: 18:20, 06:45, 12:10",
    "please put these bus times in order: 14:05, 08:30, 11:15",
    "number these: apples, pears, plums",
    "Could you explain what people mean by schadenfreude?",
    "In biology, what is meant by a cell?",
    "📺 BBC → stands for = ?",
    "What are the words behind UNESCO?",
    'How do Italians say "good luck"?',
    "🎪 tent r = 4 m → circumference = ?",
    "who wrote the narnia stories?",
    "How many crates of ten can I fill from 90 bottles?",
    "96 eggs into cartons of 12, how many cartons?",
    "how do you say thank you in greek? my landlady brought us cake n i want to tell her properly",
]
CLOUD += [
    "What do you mean by that?",
    "Which 10 stocks are in the Dow today?",
    "Write me three bedtime stories about a fox.",
    "What are the next bus times from Leeds to York?",
    "How many boxes of 12 do I need for 30 eggs?",
]
# multiple choice: a kind picked out texted or by a verb, a record of nature by what it does, the
# planet nearest the Sun and the shortest month, the countries that make up a named whole, a
# lookup's stem before its colon with politeness before it
LOCAL += [
    "Which one's a reptile: frog, lizard or salmon?",
    "Pick the mammal: shark / whale / trout",
    "which runs fastest: a horse, a snail or a tortoise?",
    "What is the nearest planet to the sun?",
    "shortest month: march, february or may?",
    "Which countries make up Scandinavia?",
    "Would you mind telling me which sport uses a shuttlecock: A) tennis B) badminton C) squash?",
    "What do silkworms make? A) silk B) wool C) cotton",
    "Do cows mainly eat grass, meat or fish?",
    "Pick one. Tadpoles turn into: (a) frogs (b) fish (c) snakes",
    "What is the main ingredient of hummus? A) chickpeas B) rice C) corn",
    "Pick one. Baby cat: A) puppy B) kitten C) calf",
    "Select the sport that uses a shuttlecock: A) tennis B) badminton C) golf",
    "italian flag colours? painting faces for the match tonight",
    "Which is the home of sumo: Japan, Peru or Norway?",
    "Is the koala from Australia, Chile or Sweden?",
    "how tall is mount everest actually?",
    "the tuk-tuk is from thailand, canada or italy? my kids keep asking",
]
CLOUD += [
    "What is the closest planet to Earth?",
    "Which countries make up the EU?",
    "Pick the best answer: A) yes B) no C) maybe",
    "highest-grossing film ever = ? (a) Avatar (b) Titanic (c) Endgame",
    "Is feta from Greece, Italy or Spain?",
    "Where do fortune cookies come from? A) China B) Japan C) USA",
]
# the twenty-fourth look-alike set's kinds: a people's idiom or saying and its equivalent, a pun
# kept, a measure few know by its name, tricks and misconceptions in a lookup's form, narrow
# crafts' terms, small places' history, dishes' disputed inventors, obscure figures asked exactly
# or of a dam, letters by another language's alphabet, countless things on a thing, a life in
# days, a puzzle's strategy
CLOUD_EVERYWHERE += [
    'What does the Portuguese saying "quem não tem cão caça com gato" mean?',
    "what's the English equivalent of the German proverb about the early bird",
    '"I\'m reading a book about anti-gravity" → Spanish pun = ?',
    "How many litres is a Spanish arroba?",
    "how many kg is a traditional chinese jin",
    "1 tsubo → m² = ?",
    "What was the first capital of the United States?",
    "Which country has the longest border with Brazil?",
    "what is the official language of the uk",
    "what is a throughstone in a dry stone wall",
    "what is a grace note on the bagpipes",
    "what's a chime in barrel making",
    "In what year did the last islanders leave St Kilda?",
    "When did the Levant tin mine stop operating?",
    "Who invented the mojito?",
    "where was the caesar salad invented",
    "How high is the Hoover Dam?",
    "how tall is ben nevis, to the metre?",
    "how many hungarian letters in szerelem",
    "Put these in Swedish A–Ö order: Örebro, Åre, Alingsås",
    "how many leaves on a big oak tree",
    "how many days did Mozart live",
    "3 doors + 1 car → best strategy = ?",
]


@pytest.mark.parametrize("text", LOCAL)
def test_goes_local(routers: dict[str, Classifier], text: str) -> None:
    assert local(routers["balanced"], text)


@pytest.mark.parametrize("text", CLOUD)
def test_stays_in_the_cloud(routers: dict[str, Classifier], text: str) -> None:
    assert not local(routers["balanced"], text)


@pytest.mark.parametrize("text", CLOUD_BALANCED_AND_EAGER)
def test_stays_in_the_cloud_at_eager_too(routers: dict[str, Classifier], text: str) -> None:
    assert not local(routers["balanced"], text)
    assert not local(routers["eager"], text)


@pytest.mark.parametrize("text", CLOUD_EVERYWHERE)
def test_stays_in_the_cloud_at_every_point(routers: dict[str, Classifier], text: str) -> None:
    assert not any(local(router, text) for router in routers.values())


@pytest.mark.parametrize("end", CHAT_ENDS)
def test_every_smiley_and_laugh_the_cheap_test_admits_is_set_aside(end: str) -> None:
    assert without_chat_end(f"who wrote Hamlet {end}") == "who wrote Hamlet"
    assert without_chat_end(f"who wrote Hamlet? {end} {end}") == "who wrote Hamlet?"
