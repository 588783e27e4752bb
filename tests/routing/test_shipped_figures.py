"""The floors of the figures README quotes for the default operating point (balanced).

Measured on data the rules were not written against: the built held-out prompts and the held-out
paraphrase families kept in this repository, and, where the RouteLLM evaluations are present
(``../shared/eval-data/routellm``), the held-out MMLU subjects, GSM8K and MT-Bench. A rule change
that routes worse than what ships fails here.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from scripts import eval_router, router_perturb

from trooper.routing import Classifier

# The evaluations sit next to the checkout (or next to the folder holding the worktrees).
EVALS = [p / "shared" / "eval-data" / "routellm" for p in eval_router.ROOT.parents[:2]]


@pytest.fixture(scope="module")
def balanced() -> Classifier:
    return Classifier.from_file(None, "balanced")


def row(router: Classifier, name: str, items: list[eval_router.Item]) -> eval_router.Row:
    decisions = [router.classify(eval_router.ask(i.prompt)) for i in items]
    return eval_router.evaluate(name, items, decisions, seed=0)


def test_built_held_out_set_precision_and_recall(balanced: Classifier) -> None:
    built = row(balanced, "built", eval_router.load_built())
    assert built.precision >= 0.98  # shipped: 100% (93 of 93)
    # shipped: 93.9% (92.9% before a hexagon's sides, 91.9% before firsts of history were read,
    # 90.9% before the largest ocean as a multiple-choice item, 89.9% before the scorer read the
    # forms of train_local.txt's last blocks, 86.9% before the learned scorer)
    assert built.recall >= 0.90


def test_held_out_families_consistency(balanced: Classifier) -> None:
    paths = (
        eval_router.HELD_OUT_FAMILIES,
        eval_router.HELD_OUT_FAMILIES_2,
        eval_router.HELD_OUT_FAMILIES_3,
        eval_router.HELD_OUT_FAMILIES_4,
        eval_router.HELD_OUT_FAMILIES_5,
    )
    sets = [eval_router.load_families(path) for path in paths]
    assert [len(families) for families in sets] == [39, 34, 25, 30, 45]
    # shipped: 38 of 39, 34 of 34, 25 of 25 and 28 of 30. Each set was committed before one
    # change and seen after it: all four were development data for the change that reads a
    # question's core (from 37, 33, 25 and 21); set 4's clean figure was 21 (70%), before it
    consistent = [eval_router.consistency(balanced, families)[0] for families in sets]
    assert consistent[0] >= 38
    assert consistent[1] >= 34
    assert consistent[2] >= 25
    assert consistent[3] >= 29  # 28 before the learned scorer
    # set 5, written apart from the rules and read once, after that change: its clean figure was
    # 18 of 45 (17 before the change). The learned scorer was trained on sets 1-5: 25 since, 32
    # once the forms of sets 1-8's inconsistent families were read (development data), 35 once
    # set 9's and the asker's own story were ("what's wrong with this sentence: ...", "just 3")
    assert consistent[4] >= 37


# Sets 6 and 7, written apart from the rules and committed before the learned scorer landed,
# read once after it. Set 6: 22 of 45 consistent (21 with the rules alone), no cloud phrasing
# local. Set 7: 21 of 45, and 2 of 84 cloud phrasings local ("What did I ask you before this?"
# and a paraphrase, then given to [cloud.conversation]: the only change made after that reading).
# Development data since (never trained on): 22 and 23 once the scorer read more forms, 32 and 30
# once the forms of their inconsistent families were read; set 6 34 once the asker's own story was
# set aside from a question ("My boss wrote 'ASAP' in an email.") and multiple-choice spelling
# items went local (their family, all cloud before, all local since), set 7 32 once "what dose X
# stand for", "what's wrong with this sentence: ..." and "In Spanish, good night is said how?"
# were read; 31 once what an abbreviation stands for went local whatever it names (its HTML
# family, all in the cloud before as code, has 6 of 7 local: the seventh asks "What does it
# stand for?" after a sentence that names HTML, which the code group still reads). Set 6 33 once
# a known question with short options went local (its "gracias" family, all in the cloud before,
# has 4 of 7 local: the other 3 put it as a sentence to complete, "'x' means:").
@pytest.mark.parametrize(
    ("name", "floor"), [("paraphrases_holdout6", 33), ("paraphrases_holdout7", 31)]
)
def test_sets_read_once_after_the_scorer(balanced: Classifier, name: str, floor: int) -> None:
    path = eval_router.ROOT / "tests" / "routing" / f"{name}.toml"
    families = eval_router.load_families(path)
    assert len(families) == 45
    consistent, _, _ = eval_router.consistency(balanced, families)
    assert consistent >= floor
    cloud = [p for f in families if not f.local for p in f.prompts]
    assert not any(balanced.classify(eval_router.ask(p)).local for p in cloud)


def test_set_8_read_once_after_the_scorer_read_more_forms(balanced: Classifier) -> None:
    # Written apart from the rules and sealed before the scorer was retrained on more forms and
    # the rules learned the cloud look-alikes; read once after both: 16 of 45 consistent (15
    # before), 148 of 231 simple phrasings local (145), 3 of 84 cloud phrasings local (2). Two of
    # them were then fixed ("this week's" read as "this week", "my very first question"): the
    # only change made after that reading. The third is the scorer's ("3 painters, 3 walls, 3 h
    # -> 9 painters, 18 walls = ? h"). Development data since: 18 consistent, 1 cloud local; 27
    # once the forms of sets 1-8's inconsistent families were read.
    families = eval_router.load_families(eval_router.HELD_OUT_FAMILIES_8)
    assert len(families) == 45
    consistent, _, _ = eval_router.consistency(balanced, families)
    # 27 before the asker's own story was set aside ("I came across 'ubiquitous' in the novel I'm
    # reading. What does it mean?") and "add 487 & 356 pls, my calculator app died" was read
    assert consistent >= 29
    cloud = [p for f in families if not f.local for p in f.prompts]
    assert sum(balanced.classify(eval_router.ask(p)).local for p in cloud) <= 1


# Sets 9-13, each written apart from the rules and sealed before one change, read once after it
# (before and after in one step), development data since:
# - set 9, after the question reader learned the forms of sets 1-8's inconsistent families: 14
#   of 45 consistent either way, 123 -> 132 of 231 simple phrasings local, no cloud phrasing
#   local; 18 and 162 once its own families' forms were read (multiple-choice spelling, a remark
#   after the question, "do they use in X", an emoji asked about, a tip on a bill...);
# - set 10, after set 9's forms and the asker's own story: 21 -> 22 consistent, 123 -> 127
#   simple local, 1 -> 1 of 84 cloud phrasings local ("sum up ^", read as a summary of given
#   text; a caret pointing up has been the conversation since); 142 simple local once geometry,
#   sums and lists were read in any words;
# - set 11, after one-formula geometry in any order, a product then a sum, short lists of any
#   plain kind and fixes of given text in any words: 22 -> 23 consistent, 154 -> 160 simple
#   local, 1 -> 1 cloud local ("meaning of that?", a definition before and after); 165 once
#   bracketed and "then" sums were read, and "meaning of that?" has been the conversation since;
#   175 once records of nature, abbreviations, phrases to translate and fractions were;
# - set 12, after those last: unchanged (16 consistent, 143 simple local, 0 cloud local); before
#   the change set 11 measured too, 18 consistent and 134 simple local (two families all in the
#   cloud then are partly local now); 148 simple local (15 consistent) once a phrase to translate
#   may name a document ("thank you for your email") and "what are the four X" lists were read,
#   152 once "half of 250" was, 154 once "what does EOD mean in an email" was, 160 (17
#   consistent) once "headache -> French" and "3 marsupials" were, 163 (18) once "winner of the
#   1966 World Cup" and "Jaws (1975) director" were;
# - set 13, after those last: 20 -> 19 consistent, 114 -> 116 simple local, 0 -> 0 cloud local;
#   122 (20 consistent) once an apology for asking was read in any words ("Sorry for the random
#   question, but"), which took set 12 to 164; 124 once a story of up to 24 words around a
#   question that restates its numbers was set aside ("My thermometer shows 37 °C. What is 37 °C
#   in °F?"), 129 (23 consistent) once the asker's story before an edit of given text was set
#   aside ("I'm relabelling my spice jars. Can you put these in alphabetical order: ..."), 131
#   once a question word after a verb was read ("Paella comes from which country?"), 132 once a
#   measure of the shape a story describes was ("I'm buying membrane for my patch, which is a
#   rectangle 4 metres long and 2.5 metres wide. What is its area?"), 135 (21: two families
#   partly local now) once a multiple-choice item asking which option is one of a kind was
#   ("Which of these is a herb?"), 139 once types of a kind and a count asked last were
#   ("What are three types of cloud?", "Types of cloud: give me three."), 141 once a term with
#   its language or field in brackets was ("garlic (French)?", "ABS (cars) = ?"), 142 once what
#   is asked of a named place as a noun phrase was ("Machu Picchu country"), 144 once a flower
#   bed and a tabletop were geometry's words; set 12
#   went to 167 (20 consistent), then 164 (21) once numbered options were
#   read as lettered ones (its rugby family, all in the cloud now as exam questions), then 167
#   (23) once a clarification after the question was set aside ("spider legs? like all of
#   them together?") and "please tell" read as a closing, 169 once "Three marsupials would be
#   which animals?" was, 172 (24) once "accommodate / acommodate?" was, 174 (26) once
#   "swimming strokes list four" was, 175 once "BPM (music) = ?" was.
# - set 14, after those last: 17 -> 21 consistent, 110 -> 126 simple local, 0 -> 0 cloud local;
#   144 (23 consistent) once a given list's order, a named animal's record, "penicillin
#   discovered by", "Magna Carta year" and "What is it?" after a story naming a fact were read,
#   150 once a known question with short options was (set 12 then 25 consistent: its octopus
#   family, all in the cloud before, has 1 of 7 local), 156 (22 consistent: its screen family,
#   all in the cloud before, has 4 of 7 local) once a diagonal, everyday objects (a fish tank, a
#   screen), an arrow and "gives" were geometry's words and "√(5² + 12²)" was read, 157 (23)
#   once "Great Lakes: list all five." was, 160 (24) once a lower-case turn's typos were put
#   right ("whats the bigest penguin"; set 13 then 156, 23 consistent).
# - set 15, after those last: 16 -> 16 consistent, 132 -> 134 simple local, 0 -> 0 cloud local;
#   139 once chat typography was read (a dash between spaces, "sorry to bug you", "name only"),
#   154 (16 consistent) once the fixed parts of a named thing ("the colours of the Olympic
#   rings", "c major scale notes") and a story with its subject left out ("Just started piano
#   lessons.", an emoji ending it) were, 156 once options given in words were read as a
#   multiple-choice item's ("how many bones does an adult have, 106, 206 or 306?"; sets 10, 13
#   and 14 then 162, 160 and 164), 161 once a short multiple-choice item whose question no
#   rule reads was left to the scorer at its own threshold ("Which gas do plants absorb from the
#   air? A. Oxygen ..."; set 13 then 162 and 22 consistent: its Japan driving family, all in the
#   cloud before, has 1 of 7 local).
# - set 16, after those last: 15 -> 15 consistent, 145 -> 151 simple local, 0 -> 0 cloud local;
#   160 (14 consistent: its haiku family, all in the cloud before, has 6 of 7 local) once what a
#   form of writing is ("What is a haiku?") and the answer's forms "nothing else", "comma
#   separated" and "one sentence" were read.
# - set 17, after what chat adds around a question: 18 -> 18 consistent, 166 -> 169 simple
#   local, 0 -> 0 cloud local; 183 (17 consistent: its family removing a list's repeats, all in
#   the cloud before, has 6 of 7 local) once what a word naming a task means ("define
#   itinerary"), a list's repeats taken out and what to do said before an arrow were read.
# - set 18, after chat around a cloud question: 18 -> 18 consistent, 152 -> 157 simple local,
#   2 -> 2 cloud local (a problem of several quantities the learned scorer took); 19 and no cloud
#   phrasing local once how many or how much after four quantities was read as several steps,
#   and the next or last of something that recurs as today's news; 182 (25 consistent) once
#   the forms read since (README, "Since set 18's reading") were.
# - set 19, after the precision work on cloud look-alikes and forms any subject takes: 20 -> 20
#   consistent, 153 -> 156 simple local, 0 -> 0 cloud local; 172 (27 consistent) once the forms
#   read since (README, "Since set 19's reading") were. Set 18 is at 193 (31) by then. 26
#   consistent once players per side were read (set 26's forms): its soccer multiple-choice
#   family, all in the cloud before, has 2 of 7 local.
# - set 20, after the fourth look-alike set's leaks were closed and forms set 19 missed were
#   read: 16 -> 17 consistent, 162 -> 164 simple local, 0 -> 0 cloud local.
# - set 21, after the fifth look-alike set's leaks were closed and forms set 20 missed were read:
#   16 -> 18 consistent, 135 -> 146 simple local, 1 -> 1 cloud local (the count asked as a label
#   before five quantities, which the learned scorer took: none once that label was read).
# - set 22, after the sixth look-alike set's leaks were closed, holes found by probing were
#   closed and real first turns were read by eye: 16 -> 16 consistent, 130 -> 130 simple local,
#   1 -> 1 cloud local (an arrow read "30y fixed" as an edit asked and the current rate as given
#   text, which the scorer took: none once a past participle before an arrow was read as a
#   description); 17 once the seventh look-alike set's leaks were closed; 158 (24 consistent) once
#   the forms it missed were read (README, "Since set 22's reading").
# - set 23, after the seventh look-alike set's leaks were closed, holes found by probing were
#   closed and the forms set 22 missed were read: 14 -> 15 consistent, 125 -> 129 simple local,
#   0 -> 0 cloud local; 142 (17 consistent) once the eighth look-alike set's leaks were closed and
#   the forms it missed were read (README, "Since set 23's reading").
# - set 24, after the eighth look-alike set's leaks were closed, holes found by probing were
#   closed and the forms set 23 missed were read: 14 -> 14 consistent, 139 -> 140 simple local
#   (the one added had been seen: a price per thing written for set 13 was one of its phrasings),
#   0 -> 0 cloud local; 169 (15 consistent) once the ninth look-alike set's leaks were closed and
#   the forms it missed were read (README, "Since set 24's reading"). Set 23 is at 144 by then.
# - set 25, after the ninth look-alike set's leaks were closed, holes found by probing were
#   closed and the forms set 24 missed were read: 15 -> 15 consistent, 121 -> 126 simple local,
#   0 -> 0 cloud local; 144 once the forms it missed were read (README, "Since set 25's
#   reading"), but 13 consistent: two simple families all in the cloud (consistent, not
#   intended) went local in all but one long phrasing each. Sets 23 and 24 are at 148 and 170
#   by then.
# - set 26, after the tenth look-alike set's leaks were closed, holes found by probing were
#   closed and the forms set 25 missed were read: 16 -> 15 consistent, 116 -> 117 simple local,
#   0 -> 0 cloud local (a family whose phrasings were all in the cloud had one go local, and
#   "Country of origin: Lego." went to the cloud); 134 once the forms it missed were read
#   (README, "Since set 26's reading"), but 14 consistent: a word-problem family all in the
#   cloud (consistent, not intended) has its bare sum local; 141 (13 consistent: its triangle
#   family, all in the cloud before, has 6 of 7 local) once kinds by their sides were read.
# - set 27, after the eleventh look-alike set's leaks were closed, holes found by probing were
#   closed and the forms set 26 missed were read: 16 -> 16 consistent, 121 -> 122 simple local,
#   0 -> 0 cloud local (README, "Since set 26's reading"); 142 once the twelfth look-alike set's
#   leaks were closed and the forms it missed were read, but 13 consistent: three simple families
#   all in the cloud (consistent, not intended: two word problems and a rhombus's area) have a
#   labelled operation, a bare sum or a plain question local now.
# - set 28, after the twelfth look-alike set's leaks were closed, holes found by probing were
#   closed and the forms set 27 missed were read: 12 -> 12 consistent, 130 -> 134 simple local,
#   1 -> 1 cloud local (README, "Since set 27's reading").
# - sets 23-28 once a question after a story of the asker's was read alone (README, "Since set
#   28's reading"): 151, 175, 161, 156, 152 and 145 simple phrasings local, 17, 18, 22, 21, 16
#   and 17 families consistent.
# - set 29, after a question after a story of the asker's was read alone: 15 -> 15 consistent,
#   107 -> 120 simple local, 0 -> 0 cloud local (README, "Since set 28's reading").
# - set 30, after the word-by-word readers (geometry, given text, conversions), polite requests
#   and the fourteenth look-alike set's leaks: 18 -> 19 consistent, 113 -> 121 simple local,
#   0 -> 0 cloud local (README, "Since set 29's reading"); 153 (19 consistent, 17 intended) once
#   look-alike set 15's leaks were closed and the forms set 30 missed were read (a fix of given
#   text in any words, a set's members with whose they are, a story's sentence read with its
#   question).
# - set 31, after look-alike set 15's leaks were closed, fixes of given text in any words, a
#   story's sentence read with its question and a named group's members: 14 -> 14 consistent,
#   120 -> 125 simple local, 1 -> 1 cloud local (README, "Since set 30's reading"); 0 cloud local
#   once an arrow up (⬆️, 👆) was read as pointing at the conversation ("📄 CV bullets ⬆️ → past
#   tense"); 155 (19 consistent) once sums of one step, a text a story gives to edit and the
#   forms set 31 missed were read (README, "Since set 31's reading"); 166 (18 consistent: the
#   months' short forms, all in the cloud before, went local in four phrasings of seven) once
#   the forms set 32 missed were read (README, "Since set 32's reading").
# - set 32, after look-alike set 16's leaks were closed, sums of one step and a text a story gives
#   to edit: 19 -> 20 consistent, 149 -> 167 simple local, 1 -> 1 cloud local (README, "Since set
#   31's reading"); 0 cloud local once an arrow up joined to an emoji was read as pointing at the
#   conversation ("✉️⬆️ → 🇪🇸"); 187 (23 consistent) once the forms set 32 missed were read
#   (README, "Since set 32's reading").
# - set 33, after look-alike set 17's leaks were closed, the forms set 32 missed and a texted
#   question's remark: 19 -> 20 consistent, 157 -> 166 simple local, 0 -> 0 cloud local (README,
#   "Since set 32's reading").
# - sets 24-33 once look-alike set 18's leaks were closed and the forms set 33 missed were read
#   (README, "Since set 33's reading"): 196, 193, 183, 185, 191, 185, 181, 185, 199 and 198
#   simple phrasings local, 26, 30, 26, 27, 28, 27, 27, 27, 27 and 27 families consistent (set
#   23: 174, 21).
# - set 34, after look-alike set 18's leaks were closed, stories read more closely and the forms
#   set 33 missed: 21 -> 27 consistent, 179 -> 191 simple local, 0 -> 0 cloud local (README,
#   "Since set 33's reading").
# - sets 23-34 once look-alike set 19's leaks were closed and the forms set 34 missed were read
#   (README, "Since set 34's reading"): 176, 197, 194, 185, 185, 192, 188, 188, 190, 202, 207
#   and 204 simple phrasings local, 21, 26, 30, 26, 27, 28, 29, 26, 28, 30, 31 and 33 families
#   consistent (set 30 27 -> 26: its family of bold tags, all in the cloud before and so counted
#   consistent, has six of seven phrasings local now).
# - set 35, after look-alike set 19's leaks were closed, stories read more closely and the forms
#   set 34 missed: 24 -> 25 consistent, 176 -> 183 simple local, 0 -> 0 cloud local (README,
#   "Since set 34's reading").
# - sets 23-35 once look-alike set 20's leaks were closed and the forms set 35 missed were read
#   (README, "Since set 35's reading"): 178, 198, 195, 192, 188, 195, 189, 190, 194, 209, 211,
#   207 and 213 simple phrasings local, 22, 26, 30, 30, 29, 31, 29, 28, 29, 32, 33, 35 and 41
#   families consistent.
# - set 36, after look-alike set 20's leaks were closed, stories and sums read more closely and the
#   forms set 35 missed: 19 -> 21 consistent, 163 -> 172 simple local, 0 -> 0 cloud local (README,
#   "Since set 35's reading").
# - sets 23-36 once look-alike set 21's leaks were closed and the forms set 36 missed were read
#   (README, "Since set 36's reading"): 180, 198, 196, 192, 188, 198, 195, 191, 195, 210, 211,
#   209, 214 and 192 simple phrasings local, 23, 26, 30, 30, 29, 32, 29, 28, 29, 32, 33, 37, 41 and
#   26 families consistent.
# - set 37, after every cloud group but the conversation's applied at strict, look-alike set
#   21's leaks were closed and the forms set 36 missed were read: 19 -> 19 consistent, 168 -> 172
#   simple local, 0 -> 0 cloud local (README, "Since set 36's reading").
# - sets 29 and 37 once look-alike set 22's leaks were closed and the forms set 37 missed were
#   read (README, "Since set 37's reading"): 196 and 200 simple phrasings local, 30 and 25
#   families consistent.
# - set 38, after look-alike set 22's leaks were closed and the forms set 37 missed were read: 19
#   -> 19 consistent, 163 -> 167 simple local, 0 -> 0 cloud local (README, "Since set 37's
#   reading").
# - sets 31, 33, 37 and 38 once look-alike set 23's leaks were closed and the forms set 38 missed
#   were read (README, "Since set 38's reading"): 196, 213, 201 and 188 simple phrasings local,
#   29, 35, 25 and 24 families consistent; then sets 26 and 38 193 and 190 simple local, 29 and
#   23 consistent, once a lookup among options of a word or two each went local without the
#   scorer's confidence (a family all in the cloud, consistent but not as intended, is part
#   local now: 30 -> 29 and 24 -> 23 consistent, the intended ones as before); set 38 191 and
#   24 once a role told in a story was no role asked; 192 once a list after the request's
#   question mark was read as given text.
# - set 39, after look-alike set 23's leaks were closed and the forms set 38 missed were read: 15
#   -> 15 consistent, 153 -> 156 simple local, 0 -> 0 cloud local (README, "Since set 38's
#   reading").
# - sets 24, 26 and 28-39 once look-alike set 24's leaks were closed, the forms set 39 missed
#   were read and multiple choice read more stems (README, "Since set 39's reading"): set 39 181
#   simple phrasings local and 23 families consistent, set 37 206 and 27, set 34 222 and 37, set
#   35 223 and 41, set 28 206, set 36 198, and one to four phrasings more in the others; then
#   sets 35-39 227, 201, 207, 201 and 188 once an origin among countries far apart was read.
@pytest.mark.parametrize(
    ("name", "consistent_floor", "simple_floor"),
    [
        ("paraphrases_holdout9", 18, 162),
        ("paraphrases_holdout10", 22, 142),
        ("paraphrases_holdout11", 24, 175),
        ("paraphrases_holdout12", 25, 175),
        ("paraphrases_holdout13", 22, 162),
        ("paraphrases_holdout14", 24, 160),
        ("paraphrases_holdout15", 16, 161),
        ("paraphrases_holdout16", 14, 160),
        ("paraphrases_holdout17", 17, 183),
        ("paraphrases_holdout18", 31, 193),
        ("paraphrases_holdout19", 26, 172),
        ("paraphrases_holdout20", 17, 164),
        ("paraphrases_holdout21", 18, 146),
        ("paraphrases_holdout22", 24, 158),
        ("paraphrases_holdout23", 23, 180),
        ("paraphrases_holdout24", 26, 199),
        ("paraphrases_holdout25", 30, 196),
        ("paraphrases_holdout26", 29, 196),
        ("paraphrases_holdout27", 29, 188),
        ("paraphrases_holdout28", 32, 206),
        ("paraphrases_holdout29", 30, 199),
        ("paraphrases_holdout30", 28, 197),
        ("paraphrases_holdout31", 29, 200),
        ("paraphrases_holdout32", 32, 212),
        ("paraphrases_holdout33", 35, 215),
        ("paraphrases_holdout34", 37, 222),
        ("paraphrases_holdout35", 41, 227),
        ("paraphrases_holdout36", 26, 201),
        ("paraphrases_holdout37", 27, 207),
        ("paraphrases_holdout38", 25, 201),
        ("paraphrases_holdout39", 23, 188),
    ],
)
def test_sets_read_once_after_one_change_each(
    balanced: Classifier, name: str, consistent_floor: int, simple_floor: int
) -> None:
    families = eval_router.load_families(eval_router.ROOT / "tests" / "routing" / f"{name}.toml")
    assert len(families) == 45
    consistent, _, _ = eval_router.consistency(balanced, families)
    assert consistent >= consistent_floor
    simple = [p for f in families if f.local for p in f.prompts]
    assert sum(balanced.classify(eval_router.ask(p)).local for p in simple) >= simple_floor
    cloud = [p for f in families if not f.local for p in f.prompts]
    assert not any(balanced.classify(eval_router.ask(p)).local for p in cloud)


def test_development_families_are_all_consistent(balanced: Classifier) -> None:
    consistent, intended, _ = eval_router.consistency(balanced, eval_router.load_families())
    assert consistent == intended == 76


def test_second_development_set(balanced: Classifier) -> None:
    families = eval_router.load_families(eval_router.DEV_FAMILIES_2)
    assert len(families) == 115
    consistent, intended, _ = eval_router.consistency(balanced, families)
    # shipped: 113 of 115 (110 before a question pointing back to the one quantity or name of
    # its context was read with it, 108 before the learned scorer, 66 before the question's core
    # was read)
    assert consistent >= 113
    assert intended >= 113


def _evals() -> Path:
    for folder in EVALS:
        try:
            return eval_router.find_evals(folder)
        except SystemExit:
            continue
    pytest.skip("the RouteLLM evaluations are not present")


def test_held_out_mmlu_precision(balanced: Classifier) -> None:
    mmlu = row(balanced, "mmlu", eval_router.load_mmlu(_evals(), held_out=True))
    # shipped: 38 of 3,200 (28 before multiple-choice items asking which option is one of a
    # kind, 26 before records of nature and abbreviations, 24 before spelling items, 22 before
    # the scorer)
    assert mmlu.local >= 30
    assert mmlu.precision >= 0.95  # shipped: 100% (Wilson 90.8-100%)


def test_hard_sets_stay_in_the_cloud(balanced: Classifier) -> None:
    evals = _evals()
    assert row(balanced, "gsm8k", eval_router.load_gsm8k(evals)).local == 0
    assert row(balanced, "mt", eval_router.load_mt_bench(evals)).local == 0


def test_cloud_lookalikes_sent_local(balanced: Classifier) -> None:
    # cloud requests written in the forms of simple ones ("capitalism = good?", "my password
    # means?"), never trained on: 33 of 299 went local at balanced (24 by a rule, 9 by the
    # scorer) before the rules read the asker's own data, "now", years from 2024, spreadsheet
    # formulas, whole chapters and "good or bad"; 4 since (3 by a rule, 1 by the scorer)
    families = eval_router.load_lookalikes()
    assert sum(len(f.prompts) for f in families) == 299
    decisions = [balanced.classify(eval_router.ask(p)) for f in families for p in f.prompts]
    local = [d for d in decisions if d.local]
    assert len(local) <= 4
    assert sum(d.rule == "scored simple turn" for d in local) <= 1


# The later look-alike sets, each written apart from the rules and read once before the changes
# it led to (README, "Since set 18's reading"): set 2 sent 21 phrasings local at balanced (c5a1f16),
# set 3 27 (c5a1f16) then 20 (0d0a864), set 4 18 (c5a1f16) then 8 (3ddddc6); 1, 1 and 0 since;
# set 5 16 (3ddddc6) then 15 (0a84c03), 1 once its leaks were closed (set 2's last one went with
# them: two labelled things to pick from, no question asked, are not the scorer's to read); set 6
# 37 (0a84c03) then 26 (4811fc9), 0 once summaries and rewrites of a long work named, not given,
# the conversation's things named by "that", "those" or "as before", a query after "SQL:" and a
# whole handbook asked after an arrow were read; set 7 41 (6d20183) then 22 (aea3859), 0 once a
# live count, the conversation's things named tersely, pages and whole documents, pictures and
# voice notes named and not attached, order puzzles and specialist codes were read; set 8 36
# (aea3859) then 34 (d6dd4bd), 1 once pictures and files named around an arrow, what the
# conversation translated, messages and orders of the asker's, a symptom for a time, each of a
# set, speeches named to translate, large powers and factorials, long numbered lines of office
# holders, product codes and truth-tellers' puzzles were read (the one left: a title in capitals
# to translate, "Translate The Little Prince into Spanish.", which the lower-cased phrase reader
# cannot tell from a phrase, until a title in capitals after "translate" was read as the whole
# work); set 9 28 (50e4a35) then 21 (2e9ed6d), 0 once money sent from an app, orders and points
# of the asker's on an app or a scheme, renewal dates, events and reminders to set, a link's sign
# and a post to sum up, a tool's name as the label of an error, all episodes, a title to
# translate, ordinal office holders in words, far terms of a sequence, an engine's
# specification, a year's winner of a race or a prize, sums of powers to a large bound,
# weekdays counted over a century and classic trick puzzles were read; set 10 21 (b34bccf) then 21
# (3e6a2bb), 0 once timers and thermostats set, ordinal vice presidents, a work by its author to
# translate, large squares, exact melting points, far primes by subscript, Fermi counts, long
# lists by a count or by a sign of times, the asker's devices, trips and workouts, a cricketer's
# totals, classification codes, a repair or a sale to decide and the conversation's list were
# read; set 11 36 (6dba512) then 35 (82da6d1), 1 once messages to send, devices switched,
# payment apps, the asker's codes, measures, devices and papers, code by a library's label or a
# command's flags, measures of theirs judged, sums past a small model, ISO and FIPS codes, long
# lists by "every", grid and sequence puzzles and estimates by a sign were read (the one left: a
# title in lower case to translate, "translate pride and prejudice into german"); set 12 13
# (12a7c94) then 9 (c512995), 1 once what tops a chart this week, the model's own list named by
# "your", a compound's boiling point by its locants, a growth factor's large power, numbers alone
# before an arrow, a clock's hands, a kind counted by a sign of times and a package manager's
# error were read (the one left: "translate anne of green gables into dutch", a title in lower
# case, as for set 11); set 13 13 (68181cc) then 10 (7c2fe75), then 7 once
# more ordinal offices were read (the 42nd Doge of Venice), then 0 once roots of six digits and
# more, a decimal's power in superscript and "all but 9" were read; set 14 26 (515fcce) then 32
# (4a14a76: six stories whose question went local alone, read as that question), then 3 once
# predictions, estimates of things past counting, more ordinal offices, precision in short,
# sibling puzzles, the asker's payments and all of a set with an attribute were read (the ones
# left: a novel to translate named by its title alone, and an irregular sequence); set 15 17
# (07c7723) then 18 (005f872: a question's words after its mark read as a text given to put in
# CSV, "sed to swap the first 2 fields in a csv? on every line"), then 0 once big numbers in
# another base, a work's catalogue number, a parish church's spire, a minor planet by number, a
# prediction of the year a mark is passed, riddles, growth compounded weekly and a year to now
# were read; set 16 36 (afca202) then 33 (13ab6ce: a big number in octal, three phrasings), then
# 5 once obscure heights, lengths and depths, a text of the asker's not given, a figure of eight
# digits converted, places past ten, things past counting and lists of every one by an arrow were
# read (the ones left: a novel to translate named by its title alone, a trick question in quotes,
# "before Everest was discovered"); set 17 46 (13ab6ce) then 43 (25f9f25: a figure of eight
# digits or more converted, a text of the asker's not given), then 8 once obscure facts of small
# places, a decimal figure of a thousand or more converted, tricks in a lookup's or a sum's form,
# a text pasted before, a second of a kind, sequences of three and letter codes were read (the
# ones left: the animal the Canary Islands are named after, where Panama hats come from, a
# cat's bones in multiple choice, "number spelled A→Z"); set 18 56 (9b90848) then 45 (e2c83e0),
# then 0 once units few use, disputed counts in multiple choice, small places' works, tricks in a
# plain question's words, a text of the asker's named before an arrow and whole works rewritten
# were read; set 19 48 (91ebd98, the router of 2719032) then 45 (f8b7f37), then 1 once small
# places' dates, old and foreign units, an astronomical unit in feet, a decimal trap, ciphers, a
# whole work translated, the Schengen days left and an editor's commands were read (the one
# left: '🔤🔀 "chord parish" → one word = ?', the shuffle's sign set aside with the other
# pictographs); set 20 36 (6c22d7b, the router of f8b7f37) then 36 (9f9720f), then 0 once small
# places' works by year or maker, joke and foreign units, rivals for a discovery, records measured
# another way, a bird's eggs' colour and puzzles by an arrow were read; set 21 61 (7ba4758, the
# router of 9f9720f) then 52 (4c44493), then 0 once small places' buildings and openings, rare
# units, a named place's figure, disputed multiple choice, misleading names and big powers were
# read; set 22 74 (24efe4d, the router of 4c44493) then 71 (92fa9a3), then 2 once a person's
# dates, narrow crafts' terms, old Russian and Latin American units, small places' minor works,
# tricks, misconceptions, idioms made natural and disputed places were read (the two left: Ida
# Pfeiffer's first journey by its year, and '"break a leg" → Japanese for opening night', whose
# idiom is quoted, so stood in as 'x'); set 23 65 (e03abeb, the router of 92fa9a3) then 61
# (abcd47b), then 7 once small places' firsts and works, obscure structures' figures, Japanese
# and Malay measures, puzzles, map tricks, disputed discoveries, narrow trades' terms, ISO weeks,
# idioms and long words' letters were read (the ones left: "and Bob's your uncle" quoted, a
# Georgian word's sense, a long word reversed or counted after an arrow); set 24 81 (cb99b43, the
# router of dbdcccd) then 69 (a98c2db), then 12 once a people's idioms and puns, rare measures by
# name, tricks, narrow crafts' terms, small places' history, disputed dishes, figures asked
# exactly and other alphabets' letters were read (the ones left: idioms unquoted or after an
# arrow, long words after an arrow, a town's founding unnamed as a town, a quoted poem's author
# among options, a state's driving rule in a story).
@pytest.mark.parametrize(
    ("path", "phrasings", "ceiling"),
    [
        (eval_router.LOOKALIKES_2, 464, 0),
        (eval_router.LOOKALIKES_3, 440, 1),
        (eval_router.LOOKALIKES_4, 479, 0),
        (eval_router.LOOKALIKES_5, 478, 1),
        (eval_router.LOOKALIKES_6, 480, 0),
        (eval_router.LOOKALIKES_7, 480, 0),
        (eval_router.LOOKALIKES_8, 480, 0),
        (eval_router.LOOKALIKES_9, 480, 0),
        (eval_router.LOOKALIKES_10, 480, 0),
        (eval_router.LOOKALIKES_11, 480, 1),
        (eval_router.LOOKALIKES_12, 480, 1),
        (eval_router.LOOKALIKES_13, 480, 0),
        (eval_router.LOOKALIKES_14, 480, 3),
        (eval_router.LOOKALIKES_15, 480, 0),
        (eval_router.LOOKALIKES_16, 480, 5),
        (eval_router.LOOKALIKES_17, 480, 7),
        (eval_router.LOOKALIKES_18, 480, 0),
        (eval_router.LOOKALIKES_19, 480, 1),
        (eval_router.LOOKALIKES_20, 480, 0),
        (eval_router.LOOKALIKES_21, 480, 0),
        (eval_router.LOOKALIKES_22, 480, 2),
        (eval_router.LOOKALIKES_23, 480, 7),
        (eval_router.LOOKALIKES_24, 480, 12),
    ],
)
def test_later_cloud_lookalikes_sent_local(
    balanced: Classifier, path: Path, phrasings: int, ceiling: int
) -> None:
    families = eval_router.load_lookalikes(path)
    assert sum(len(f.prompts) for f in families) == phrasings
    local = [p for f in families for p in f.prompts if balanced.classify(eval_router.ask(p)).local]
    assert len(local) <= ceiling, local


# What chat adds around a question changes no decision: of the paraphrase sets' local phrasings
# (sealed sets left out), the share each addition sends to the cloud. Shipped (balanced):
# ' :)', ' lol', ' xD' 0.1% each (26%, 20% and 20% before smileys and laughs were set aside),
# '??' 0% (3.0%), ' thanks' 0.6% (1.7%), ' please?' 1.8% (3.4%), 'Hi! ' 0.8% (1.3%), 'hey, '
# 0.7% (0.9%), 'quick question: ' 1.1% (1.5%), the turn in lower case without its question mark
# 2.3%; ' pls' 1.5% (2.5% before a texted closing was set aside after "... is"), ' asap' 1.6%
# (23.2% before it was a closing), 'btw ' 0.5% (23.9%, and four cloud phrasings went local:
# "btw make that shorter."), ' (for a quiz)' 0.4% (47.1% before why a question is asked, in
# brackets after it, was set aside); ' anyone?' 1.2% (64.5%), ', if you know?' 2.4% (51.8%),
# ' thanks in advance' 2.0% (15.2%), '...' 1.2% (7.7%), 'dumb question but ' 0.6% (55.0%),
# 'random q: ' 0.9% (21.1%), 'I need help. ' 0.8% (18.8%), before these were read as a closing,
# a trailing off or a preamble, and before an edit of "it" or "that" was the conversation after
# any lead-in (17 cloud phrasings had gone local with these seven: "dumb question but make that
# shorter."); 'Hmm, ' 0.9% (28.3%), 'Lol ' 0.9% (20.3%), 'For my project: ' 1.4% (71.4%),
# ' when you can' 2.8% (46.2%), ' - urgent' 1.8% (33.5%), before interjections, a label saying
# what a request is for and more closings were read, a question about "it" or "him" alone was
# the conversation and "quick question" stopped reading as an edit's instruction (21 cloud
# phrasings had gone local with these five at balanced, more at eager: "Lol quick question: who
# leads France today?", "Make that shorter - urgent", "For my project: what day is it?"). Since
# set 18's reading (sets 5-18 now, 3,917 local phrasings): ' when you can' 1.4%, ', if you know?'
# 1.1%, ' thanks in advance' 0.7% and ' please?' 1.6%, once a closing after lettered options
# was set aside, a closing ended a question as its mark would, and "please" after "... is"
# closed a question put indirectly ("what 13 + 29 is please?"). And none of the cloud phrasings
# the router keeps in the cloud goes local with any of them.
@pytest.mark.parametrize(
    ("addition", "ceiling"),
    [
        (" :)", 0.005),
        (" lol", 0.005),
        (" xD", 0.005),
        ("??", 0.005),
        (" thanks", 0.01),
        (" please?", 0.02),
        ("Hi! ", 0.015),
        ("hey, ", 0.01),
        ("quick question: ", 0.015),
        ("lower case, no ?", 0.03),
        (" pls", 0.02),
        (" asap", 0.02),
        ("btw ", 0.01),
        (" (for a quiz)", 0.01),
        (" anyone?", 0.02),
        (", if you know?", 0.015),
        (" thanks in advance", 0.015),
        ("...", 0.02),
        ("dumb question but ", 0.01),
        ("random q: ", 0.015),
        ("I need help. ", 0.015),
        ("Hmm, ", 0.015),
        ("Lol ", 0.015),
        ("For my project: ", 0.02),
        (" when you can", 0.02),
        (" - urgent", 0.025),
    ],
)
def test_what_chat_adds_around_a_question_moves_few_decisions(
    balanced: Classifier,
    moved_by_chat: dict[str, tuple[int, list[str]]],
    addition: str,
    ceiling: float,
) -> None:
    total, to_cloud = moved_by_chat[addition]
    assert total > 1000
    assert len(to_cloud) / total <= ceiling, to_cloud[:10]


# (every second phrasing of the sets up to set 22 and the development sets: fixed, so that these
# checks do not grow with every new set and stay a small part of the suite's time;
# scripts/router_perturb.py reads every phrasing of every set, before every change to the rules)
PERTURBED_UPTO = 22


@pytest.fixture(scope="module")
def moved_by_chat(balanced: Classifier) -> dict[str, tuple[int, list[str]]]:
    simple = router_perturb.simple_phrasings(upto=PERTURBED_UPTO)[::2]
    return router_perturb.moved(balanced, simple)


def test_what_chat_adds_around_a_cloud_question_sends_none_local(balanced: Classifier) -> None:
    cloud = router_perturb.simple_phrasings(local=False, upto=PERTURBED_UPTO)[::2]
    leaks = router_perturb.moved(balanced, cloud, local=False)
    assert all(total > 250 for total, _ in leaks.values())
    assert {name: to_local for name, (_, to_local) in leaks.items() if to_local} == {}
