"""The deterministic router: seed examples, every category, code detection, limits, rules files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from trooper.model.conversation import (
    ChatRequest,
    ImagePart,
    Message,
    TextPart,
    ToolCallPart,
    ToolDef,
    ToolResultPart,
)
from trooper.routing import Classifier, Decision, RulesError
from trooper.routing.classifier import tokenize
from trooper.routing.rules import load_rules


@pytest.fixture(scope="module")
def router() -> Classifier:
    return Classifier.from_file(None)


def ask(text: str, *, history: int = 0, system: str | None = None) -> ChatRequest:
    """A request whose latest user turn is ``text``, after ``history`` earlier exchanges."""
    messages: list[Message] = []
    for i in range(history):
        messages.append(Message("user", [TextPart(f"tell me about part {i} of the rollout")]))
        messages.append(Message("assistant", [TextPart(f"Part {i} covers the staging deploy.")]))
    messages.append(Message("user", [TextPart(text)]))
    return ChatRequest(model="claude-sonnet-4-5", messages=messages, system=system)


def decide(router: Classifier, text: str) -> Decision:
    return router.classify(ask(text))


# --- the seed examples and the header -------------------------------------------------------


def test_seed_examples(router: Classifier) -> None:
    local = router.classify(ask("how many days in a week"))
    cloud = router.classify(ask("explain why goroutines are better than threads"))
    assert local == Decision(True, "simple turn")
    assert local.header() == "ollama (simple turn) | cloud skipped"
    assert cloud == Decision(False, "reasoning")
    assert cloud.header() == "cloud (reasoning)"


def test_header_names_the_cloud_rule() -> None:
    assert Decision(False, "code").header() == "cloud (code)"
    assert Decision(False, "over 20 words").header() == "cloud (over 20 words)"


def test_group_is_for_logs_not_equality() -> None:
    assert Decision(True, "simple turn", "lookups") == Decision(True, "simple turn", "definitions")


# --- local categories -----------------------------------------------------------------------

LOCAL = {
    "lookups": [
        "what is the capital of France?",
        "who wrote Pride and Prejudice",
        "where is Timbuktu",
        "how tall is Mount Everest",
        "how many legs does a spider have",
        "what year did the Titanic sink",
        "In what country is Machu Picchu?",
        "what's the boiling point of water in fahrenheit",
        "who is the author of Hamlet?",
        "where is the Louvre located?",
        "how many keys are on a piano",
    ],
    "definitions": [
        "define entropy",
        "what is photosynthesis?",
        "what does NASA stand for",
        "what's a fjord",
        "another word for happy",
        "what does 'ubiquitous' mean?",
        "synonyms of quick",
        "what is the meaning of 'ubiquitous'?",
        "can you define entropy",
        "What does FM stand for?\nA. frequent modulation\nB. frequency modulation\nAnswer:",
    ],
    "conversions": [
        "convert 5 km to miles",
        "what is 17 * 23",
        "15% of 80",
        "100 fahrenheit in celsius",
        "square root of 144",
        "12 divided by 4",
        "2 hours in minutes",
        "what is 123 + 4567",
        "12 x 12",
    ],
    "formatting": [
        "rephrase: the meeting got moved to thursday",
        "translate 'good morning' to Spanish",
        "how do you say thank you in Japanese",
        "fix the grammar: me and him goes to school",
        "turn this into a bullet list: eggs, milk, bread",
        "capitalize every word of: the old man and the sea",
    ],
    "meta": [
        "hi",
        "thanks so much!",
        "hello there",
        "who are you",
    ],
    "short_summaries": [
        "summarize the plot of Hamlet in one sentence",
        "tl;dr of the theory of relativity",
        "give me the gist of Moby Dick",
    ],
}


@pytest.mark.parametrize(("group", "text"), [(g, t) for g, texts in LOCAL.items() for t in texts])
def test_local_categories(router: Classifier, group: str, text: str) -> None:
    assert decide(router, text) == Decision(True, "simple turn"), text
    assert decide(Classifier.from_file(None, "strict"), text).group == group


# --- cloud categories -----------------------------------------------------------------------

CLOUD = {
    "reasoning": [
        "why is the sky blue?",
        "explain how TCP congestion control works",
        "compare capitalism and socialism",
        "what would happen if the moon disappeared",
        "how does a transformer model learn",
        "what is the derivative of x^2 + 3x",
        "what is 5 plus 3 times 2",
        "what is the square root of 81 squared?",
        "simplify 5^3",
        "which of these is not a mammal: whale, bat, shark",
        "what are the benefits of meditation",
    ],
    "judgment": [
        "should I learn Rust or Go first",
        "is it worth buying a used Tesla",
        "what's the best laptop for students",
        "what do you think of my plan to quit",
        "recommend a good book on habits",
        "what dosage of ibuprofen is safe",
    ],
    "multi-step": [
        "plan a three day trip to Rome",
        "first install docker, then set up the database",
        "walk me through filing taxes",
        "Ali had $21. Leila gave him half of her $100. How much does Ali have now?",
        "If 6 potatoes make 36 hash browns, how many can you make from 96?",
        "What is DNS? And what is DHCP?",
    ],
    "open-ended writing": [
        "write a haiku about autumn",
        "compose a limerick about cats",
        "give me ideas for a birthday party",
        "pretend you are a pirate",
    ],
    "current events": [
        "what's the weather in Paris today",
        "latest news about the election",
    ],
    "link": ["what is https://example.com about"],
}


@pytest.mark.parametrize(("rule", "text"), [(r, t) for r, texts in CLOUD.items() for t in texts])
def test_cloud_categories(router: Classifier, rule: str, text: str) -> None:
    assert decide(router, text) == Decision(False, rule), text


@pytest.mark.parametrize("text", ["the blue one", "ok so about the thing", "Bo likes apples"])
def test_unrecognised_turns_go_to_the_cloud(router: Classifier, text: str) -> None:
    assert decide(router, text) == Decision(False, "unclear")


# Open trivia is where a small model invents a confident answer: only fixed, well-known facts
# go local (see [local.lookups]); the rest is not recognised, so it goes to the cloud.
OPEN_TRIVIA = [
    "when did the Berlin Wall fall?",  # was local (lookups): dates of events
    "who is andrew tate?",
    "who won the world cup in 2022",
    "who is the president of France",
    "what is the population of Canada",
    "what is the loudest animal on earth?",
    "where is the largest desert?",
    "how many times did Brazil win the World Cup",
    "how many letters are in strawberry",
    "another name for hasty generalization",
    "Who was the first American in space?\nA. John Glenn\nB. Alan Shepard\nAnswer:",
]


# The balanced point takes dated, settled events as well-known facts (see [local.facts]).
SETTLED_EVENTS = {"when did the Berlin Wall fall?", "who won the world cup in 2022"}


@pytest.mark.parametrize("text", OPEN_TRIVIA)
def test_open_trivia_goes_to_the_cloud(router: Classifier, text: str) -> None:
    strict = Classifier.from_file(None, "strict")
    assert decide(strict, text) == Decision(False, "unclear")
    assert decide(router, text).local == (text in SETTLED_EVENTS)


# Cloud requests in the forms of simple ones: they need the asker's own data, recent
# information, a program, long output, a judgment or the conversation.
SIMPLE_IN_FORM_ONLY = {
    "my take-home pay = ?": "your own data",
    "my password means?": "your own data",
    "summary of the pdf I uploaded": "your own data",
    "translate my resume into Spanish": "your own data",
    "capital of the country I live in?": "your own data",
    "how far is my house from the airport": "your own data",
    "france president now = ?": "current events",
    "population of Nigeria in 2025 = ?": "current events",
    "google sheets percentage formula = ?": "code",
    "15% of 80 in excel formula?": "code",
    "translate the whole chapter into spanish": "long output",
    "capitalism good or bad?": "judgment",
    "capitalism = good?": "judgment",
    "healthiest diet for me = ?": "judgment",
    "P(2 heads in 5 tosses) ___": "reasoning",
    "that in Spanish?": "conversation",
    "the second one, plural?": "conversation",
    # a phrase with a possessive: "this week's" holds "this week"
    "This week's top headlines are what?": "current events",
    "Hi again! Could you remind me what my very first question was?": "conversation",
}


@pytest.fixture(scope="module")
def eager() -> Classifier:
    return Classifier.from_file(None, "eager")


@pytest.mark.parametrize(("text", "rule"), SIMPLE_IN_FORM_ONLY.items())
def test_simple_in_form_only_goes_to_the_cloud(
    router: Classifier, eager: Classifier, text: str, rule: str
) -> None:
    assert decide(router, text) == Decision(False, rule)
    assert not decide(eager, text).local


@pytest.mark.parametrize(
    "text",
    ["Hi my name is Josh, how are you?", "who won the 2010 FIFA World Cup?", "what is 6 x 7?"],
)
def test_a_name_given_or_a_past_year_stays_local(router: Classifier, text: str) -> None:
    assert decide(router, text).local, text


# (the weak model of the RouteLLM evaluations got 7 of the 8 MMLU items of this kind wrong)
@pytest.mark.parametrize(
    "text",
    [
        *("what is 2816 * 7", "1,224 / 9", "what is 0.3 × 427", "123 / 8", "912 / 8"),
        # (nor on the scorer, in words)
        *("What is 912 divided by 8?", "What's 750 ÷ 3?", "936 divided by 12 is what?"),
    ],
)
def test_products_beyond_two_digits_are_not_local(router: Classifier, text: str) -> None:
    assert not decide(router, text).local


@pytest.mark.parametrize("text", ["What is 144 divided by 12?", "what's 96 / 8", "12 x 12"])
def test_a_times_table_stays_local(router: Classifier, text: str) -> None:
    assert decide(router, text).local


# --- code, in any language, fenced or not ---------------------------------------------------

CODE = {
    "python fenced": "```python\ndef add(a, b):\n    return a + b\n```\nwhy does this return None?",
    "python unfenced": "def add(a, b):\n    return a + b",
    "python import": "import numpy as np",
    "python traceback": "Traceback (most recent call last):\n  File 'x.py', line 3",
    "python error name": "I keep getting a KeyError here",
    "javascript": "const total = items.reduce((a, b) => a + b, 0);",
    "javascript call": "console.log(user.name)",
    "typescript topic": "how can I type a generic in typescript",
    "go": "func main() {\n\tfmt.Println(x)\n}",
    "rust": "fn main() { let v: Vec<i32> = Vec::new(); }",
    "java": "public static void main(String[] args)",
    "c": "#include <stdio.h>",
    "c++ topic": "is c++ faster than java",
    "sql upper": "SELECT name FROM users WHERE id = 3",
    "sql lower": "select * from orders",
    "bash": "$ ls -la /tmp",
    "shell install": "pip install requests fails",
    "git": "git rebase main went wrong",
    "html": "<div class='card'>hi</div>",
    "camelCase call": "what does getElementById(x) return",
    "method call": "what does df.groupby(key) return",
    "file name": "what is in setup.py",
    "write in go": "write quicksort in go",
    "write a function": "write me a function that reverses a list",
    "regex topic": "a regex for email addresses",
}


@pytest.mark.parametrize("snippet", list(CODE.values()), ids=list(CODE))
def test_code_detected(router: Classifier, snippet: str) -> None:
    assert decide(router, snippet) == Decision(False, "code")


def test_long_code_paste_is_code_not_just_long(router: Classifier) -> None:
    paste = "Here is my handler:\n```js\n" + "app.get('/x', (req, res) => res.send(1));\n" * 8
    paste += "```\nIt returns 404 for every route I add after the first one."
    assert decide(router, paste) == Decision(False, "code")


def test_prose_is_not_code(router: Classifier) -> None:
    for text in (
        "select the best option from the list",
        "import duties on cars",
        "the class was fun",
        "a long way (about 3 km)",
    ):
        assert decide(router, text).rule != "code", text


# --- limits ---------------------------------------------------------------------------------

TWENTY = (
    "what is the capital of Peru, the large country on the west coast of South America "
    "near Chile and Bolivia"
)


def test_twenty_words_may_stay_local(router: Classifier) -> None:
    assert len(TWENTY.split()) == 20
    assert decide(router, TWENTY) == Decision(True, "simple turn")


def test_over_twenty_words_goes_to_the_cloud(router: Classifier) -> None:
    text = TWENTY + " too"
    assert len(text.split()) == 21
    assert decide(router, text) == Decision(False, "over 20 words")


# --- what the request shows -----------------------------------------------------------------


def test_tools_go_to_the_cloud(router: Classifier) -> None:
    req = ask("what is the capital of France")
    req.tools = [ToolDef("search", "Search the web", {"type": "object"})]
    assert router.classify(req) == Decision(False, "tools")


def test_tool_result_turn_goes_to_the_cloud(router: Classifier) -> None:
    req = ChatRequest(
        model="m",
        messages=[
            Message("user", [TextPart("read the file")]),
            Message("assistant", [ToolCallPart("t1", "read", {"path": "a.txt"})]),
            Message("user", [ToolResultPart("t1", [TextPart("hello")])]),
        ],
    )
    assert router.classify(req) == Decision(False, "tools")


def test_images_go_to_the_cloud(router: Classifier) -> None:
    req = ChatRequest(
        model="m",
        messages=[Message("user", [TextPart("what is this?"), ImagePart("image/png", "AAAA")])],
    )
    assert router.classify(req) == Decision(False, "images")


def test_image_earlier_in_the_conversation_goes_to_the_cloud(router: Classifier) -> None:
    req = ask("what is the capital of France", history=1)
    req.messages[0].parts.append(ImagePart("image/jpeg", url="https://example.com/a.jpg"))
    assert router.classify(req) == Decision(False, "images")


@pytest.mark.parametrize(
    "messages",
    [
        [],
        [Message("user", [TextPart("   ")])],
        [Message("user", [TextPart("hi")]), Message("assistant", [TextPart("Hello")])],
    ],
    ids=["no messages", "blank turn", "ends on assistant"],
)
def test_nothing_to_read_is_unclear(router: Classifier, messages: list[Message]) -> None:
    assert router.classify(ChatRequest(model="m", messages=messages)) == Decision(False, "unclear")


# --- summaries: stateless vs context-aware --------------------------------------------------


def test_summary_of_given_text_is_local(router: Classifier) -> None:
    assert decide(router, "summarize in one sentence: the cat sat on the mat all day").local


def test_summary_in_a_long_conversation_is_context_aware() -> None:
    strict = Classifier.from_file(None, "strict")
    assert strict.classify(ask("summarize that", history=1)) == Decision(True, "simple turn")
    decision = strict.classify(ask("summarize our conversation", history=5))
    assert decision == Decision(False, "context-aware summary")
    assert decision.header() == "cloud (context-aware summary)"


# Turns about the conversation itself. The strict point answered them locally (the local model
# sees a short history); above it they go to the cloud with or without history, since a client
# may keep the history on its own side and send only the latest turn.
ABOUT_THE_CONVERSATION = [
    "Summarize what we discussed.",
    "summarize that",
    "what have we covered so far?",
    "repeat that",
    "say that again please",
    "what was my last question",
    "make it more formal",
    "make it pop",
    "As I said above, what is the capital of France?",
    "Translate the previous answer into Spanish.",
    "Rewrite your last reply in a friendlier tone.",
    "Can you make that shorter?",
    "What did you mean earlier?",
    "Tell me more about the second point.",
    "Go on.",
    "What did I ask you before this?",
]


@pytest.mark.parametrize("text", ABOUT_THE_CONVERSATION)
@pytest.mark.parametrize("history", [0, 2])
def test_turns_about_the_conversation_go_to_the_cloud(
    router: Classifier, text: str, history: int
) -> None:
    assert router.classify(ask(text, history=history)) == Decision(False, "conversation")


@pytest.mark.parametrize(
    "text",
    [
        "Make this shorter: the meeting that was planned for Monday has now moved to Tuesday.",
        "Translate this into French: good morning",
        "What is the past tense of go?",
    ],
)
def test_given_text_is_not_the_conversation(router: Classifier, text: str) -> None:
    assert decide(router, text).local


def test_long_system_prompt_makes_a_long_history(router: Classifier) -> None:
    req = ask("tl;dr please", system="You are a support agent. " * 300)
    assert router.classify(req) == Decision(False, "context-aware summary")


def test_conversation_meta_stays_local_in_a_long_conversation_at_the_strict_point() -> None:
    strict = Classifier.from_file(None, "strict")
    assert strict.classify(ask("what have we covered?", history=10)).local


def test_every_cloud_group_but_the_conversation_applies_at_strict() -> None:
    # (a cloud rule only keeps a turn off the local model: the least eager point has them all,
    # but the turns about the conversation, which the seed's rules answer locally there)
    rules = load_rules(None)
    assert {g.name for g in rules.cloud if not g.applies_at("strict")} == {"conversation"}
    strict = Classifier.from_file(None, "strict")
    assert strict.classify(ask("Who designed the clock tower in Machynlleth?")) == Decision(
        False, "precise recall"
    )


# --- rules files ----------------------------------------------------------------------------


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "rules.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_user_file_extends_the_defaults(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
extends = true
[local.lookups]
words = ["wifi password"]
[cloud.private]
rule = "internal project"
words = ["project falcon"]
""",
    )
    router = Classifier.from_file(path)
    assert router.classify(ask("the office wifi password")) == Decision(True, "simple turn")
    assert router.classify(ask("who owns project falcon")) == Decision(False, "internal project")
    # the defaults still hold
    assert router.classify(ask("how many days in a week")).local
    assert router.classify(ask("why is the sky blue")) == Decision(False, "reasoning")


def test_extends_is_the_default_and_limits_override(tmp_path: Path) -> None:
    router = Classifier.from_file(write(tmp_path, "[limits]\nmax_words = 5\n"))
    assert router.classify(ask("what is the capital of France")) == Decision(False, "over 5 words")
    assert router.classify(ask("define entropy")).local


def test_user_file_can_disable_and_replace_groups(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
[cloud.current_events]
enabled = false
[local.conversions]
replace = true
patterns = ['\\bconvert\\b']
""",
    )
    router = Classifier.from_file(path)
    names = [g.name for g in router.rules.cloud]
    assert "current_events" not in names
    assert router.classify(ask("convert this recipe")).local
    # the default pattern was replaced: no rule reads the turn, only the learned scorer
    assert router.classify(ask("15% of 80")).group == "scorer"
    assert Classifier.from_file(path, scored=False).classify(ask("15% of 80")) == Decision(
        False, "unclear"
    )


def test_user_file_can_turn_the_scorer_off(tmp_path: Path) -> None:
    assert Classifier.from_file(None).classify(ask("Moon landing year?")).group == "scorer"
    router = Classifier.from_file(write(tmp_path, "scorer = false\n"))
    assert router.classify(ask("Moon landing year?")) == Decision(False, "unclear")
    standalone = Classifier.from_file(write(tmp_path, "extends = false\n"))
    assert not standalone.rules.scorer
    on = Classifier.from_file(write(tmp_path, "extends = false\nscorer = true\n"))
    assert on.classify(ask("Moon landing year?")).group == "scorer"
    with pytest.raises(RulesError, match="scorer"):
        Classifier.from_file(write(tmp_path, "scorer = 1\n"))


def test_user_file_replaces_the_defaults(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
extends = false
[cloud.secrets]
rule = "secrets"
markers = ["password"]
[local.everything_else]
patterns = ['.']
""",
    )
    router = Classifier.from_file(path)
    assert [g.name for g in router.rules.cloud] == ["secrets"]
    assert router.rules.limits.max_words == 20
    assert router.classify(ask("my password is hunter2")) == Decision(False, "secrets")
    assert router.classify(ask("explain why the sky is blue")) == Decision(True, "everything else")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[local.x]\npatterns = ['(unclosed']\n", "bad pattern"),
        # closed by its neighbour in the group's alternation, but broken alone
        ("[local.x]\npatterns = ['a(b', 'c)']\n", "bad pattern"),
        ("[local.x]\nwords = 'not a list'\n", "list of non-empty strings"),
        ("[local.x]\nrule = 'x'\n", "no words, markers or patterns"),
        ("[local.x]\npatterns = ['{nope}']\n", "unknown {nope}"),
        ("[words]\nloop = 'a|{loop}'\n[local.x]\npatterns = ['{loop}']\n", "names itself"),
        ("[local.x]\npatterns = ['a']\nlong_turns = true\n", "long_turns is for cloud"),
        ("[cloud.x]\npatterns = ['a']\ncloud_if_long_history = 'y'\n", "for local groups"),
        ("[limits]\nmax_words = -1\n", "whole number"),
        ("[limits]\nmax_tokens = 3\n", "unknown key"),
        ("extends = 'yes'\n", "'extends' must be true or false"),
        ("colour = 'blue'\n", "unknown keys"),
        ("[local.x\n", "rules.toml"),
    ],
)
def test_bad_rules_files_say_what_is_wrong(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(RulesError, match=message.replace("{", r"\{").replace("(", r"\(")):
        Classifier.from_file(write(tmp_path, text))


def test_a_words_entry_may_name_another(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "[words]\npets = 'cats?|dogs?'\nnot_mine = '(?!my )(?:{pets})'\n"
        "[local.pets]\npatterns = ['(?:{not_mine})[?]']\n",
    )
    router = Classifier.from_file(path)
    assert router.rules.expand("{not_mine}") == "(?!my )(?:cats?|dogs?)"
    assert router.classify(ask("dogs?")).group == "pets"


def test_every_packaged_pattern_compiles_alone(tmp_path: Path) -> None:
    """The classifier checks the packaged rules' patterns one by one only here, not at start."""
    rules = load_rules(None)
    assert rules.packaged and not load_rules(write(tmp_path, "[limits]\nmax_words = 9\n")).packaged
    groups = [*rules.local, *rules.cloud]
    patterns = [rules.expand(p.removeprefix(r"\A")) for g in groups for p in g.patterns]
    patterns += [rules.expand(p) for g in groups for p in g.cased_patterns]
    assert len(patterns) > 150
    for pattern in patterns:
        re.compile(pattern, re.MULTILINE)


def test_missing_rules_file(tmp_path: Path) -> None:
    with pytest.raises(RulesError, match="cannot read"):
        Classifier.from_file(tmp_path / "absent.toml")


def test_packaged_rules_have_every_group() -> None:
    rules = load_rules(None)
    assert [g.name for g in rules.cloud][:2] == ["code", "maths"]
    assert {g.name for g in rules.local if g.level == "strict"} == set(LOCAL)
    assert {g.level for g in rules.local} == {"strict", "balanced", "eager"}
    assert rules.limits.max_words == 20


# --- determinism ----------------------------------------------------------------------------


def test_decisions_are_deterministic() -> None:
    texts = [t for ts in LOCAL.values() for t in ts] + [t for ts in CLOUD.values() for t in ts]
    texts += list(CODE.values())
    first, second = Classifier.from_file(None), Classifier.from_file(None)
    runs = [[r.classify(ask(t)) for t in texts] for r in (first, second, first)]
    assert runs[0] == runs[1] == runs[2]
    assert [d.group for d in runs[0]] == [d.group for d in runs[1]]


def test_tokenize_matches_how_words_are_listed() -> None:
    assert tokenize("What’s C++? TL;DR, node.js") == ["what's", "c++", "tl", "dr", "node", "js"]


@pytest.mark.parametrize("level", ["strict", "balanced", "eager"])
def test_money_into_another_currency_needs_todays_rate(level: str) -> None:
    router = Classifier.from_file(None, level)
    for text in [
        "What is 3 dollars in euros?",
        "convert 100 usd to eur",
        "50 euros to dollars",
        "20 GBP in USD?",
        "$100 in yen",
    ]:
        assert decide(router, text) == Decision(False, "current events"), text
    # a fixed ratio, or pounds that weigh, stay local
    for text in ["how many cents in a dollar", "5 pounds in kg", "how many feet in a mile"]:
        assert decide(router, text).local, text
