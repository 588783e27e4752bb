"""The cheap checks before the rules' regexes: the same matches, never a different one."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from trooper.model.conversation import ChatRequest, Message, TextPart
from trooper.routing import Classifier
from trooper.routing.prefilter import clauses, first_chars, guarded, required
from trooper.routing.rules import LEVELS, load_rules

HERE = Path(__file__).parent
# (a fixed corpus: the paraphrase sets up to set 16, so the checks do not grow with each set and
# stay a small part of the suite's time, and no sealed set is read)
UPTO = 16
PROMPTS = [
    prompt
    for name in sorted(HERE.glob("paraphrases*.toml"))
    if not (number := re.search(r"(\d+)\Z", name.stem)) or int(number[1]) <= UPTO
    for family in tomllib.loads(name.read_text("utf-8")).values()
    for prompt in family["prompts"]
] + [
    "def add(a, b):\n    return a + b",
    "  import os\nprint(x)",
    "x^2 + 3x = 10, solve for x",
    "Review this plan for migrating our billing service.",
    "SELECT name FROM users; then explain",
    "what's 2(3+4)?  \\frac{1}{2}",
]
# (each prompt lower-cased once, as the classifier reads it)
LOWER = [prompt.lower() for prompt in PROMPTS]


@pytest.mark.parametrize(
    ("pattern", "chars"),
    [
        (r"abc|\d+x", r"[\da]"),
        (r"\bfoo|(?<=x)bar", "[bf]"),
        (r"\s*import\b", r"[\si]"),
        (r"(?:a|b)?c", "[abc]"),
        (r"[a-c_]x|\$y", r"[\$_a-c]"),
    ],
)
def test_first_chars_holds_every_start(pattern: str, chars: str) -> None:
    assert first_chars(pattern) == chars


@pytest.mark.parametrize("pattern", [r"a?", r"x|", r".b", r"[^a]b", r"(?i:a)b"])
def test_no_guard_when_any_character_may_start(pattern: str) -> None:
    assert guarded(pattern) is None


@pytest.mark.parametrize("pattern", [r"in\s+go", r"(?:\?[^?]+\?)", r"[xy]z", r"(?:ab|cd)\s"])
def test_no_guard_when_the_engine_scans_for_the_start(pattern: str) -> None:
    assert first_chars(pattern) is not None
    assert guarded(pattern) is None


def test_a_floating_pattern_is_put_behind_its_rare_strings() -> None:
    tools = r"(?:apt|brew|pip3?|npm|yarn|pnpm|cargo|gem|conda)\s+(?:install|i)\b"
    assert clauses(tools) == ()
    assert clauses(tools, loose=True) == (
        ("apt", "brew", "cargo", "conda", "gem", "npm", "pip", "yarn"),
    )


def test_guarded_rules_match_where_the_plain_ones_do() -> None:
    # (every point's searches, each checked once: most of them are every point's)
    checked: set[tuple[str, int, bool]] = set()
    for level in LEVELS:
        router = Classifier.from_file(None, level)
        for group in router._plain.groups + router._choice.groups:
            # (each search on the text it meets: the patterns on the lower-cased turn, the cased
            # ones on the turn as written)
            searches = [
                *((regex, False) for regex in group.regexes),
                (group.cased, True),
                *((p.regex, p.cased) for p in group.gated or ()),
            ]
            for regex, cased in searches:
                if regex is None or not regex.pattern.startswith("(?="):
                    continue
                if (regex.pattern, regex.flags, cased) in checked:
                    continue
                plain = re.compile(regex.pattern[regex.pattern.index("(?:") :], regex.flags)
                for text in PROMPTS if cased else LOWER:
                    # (the guarded search is the plain one behind a lookahead: where the plain
                    # one finds nothing, neither can it)
                    want = plain.search(text)
                    got = regex.search(text) if want is not None else None
                    assert (got and got.span()) == (want and want.span()), (regex.pattern, text)
                checked.add((regex.pattern, regex.flags, cased))
    assert len(checked) >= 5


@pytest.mark.parametrize(
    ("pattern", "need"),
    [
        (r"import\s+\w+|class\s+\w+", ("class", "import")),
        (r"\bsimplify\s+[-(\d]", ("simplify",)),
        (r"\d\s*[-+]\s*\d", ("+", "-")),
        (r"(?:sin|cos)\s*\(", ("(",)),
        (r"\A\s*(?:what|who) (?:planet|element)\s+is", ("element", "planet")),
        (r"[a-c]\(", ("(",)),
        (r"\w+ing\b", ("ing",)),
    ],
)
def test_required_names_what_every_match_holds(pattern: str, need: tuple[str, ...]) -> None:
    assert required(pattern) == need


@pytest.mark.parametrize(
    "pattern", [r"\w+\s", r"x?y?", r"[^a]b", r"(?i:select)\s", r"(?i)select", r".\. "]
)
def test_nothing_required_when_nothing_rare_is_needed(pattern: str) -> None:
    assert required(pattern) is None


def test_clauses_keep_the_two_rarest_needs() -> None:
    assert clauses(r"import\s+\w+|class\s+\w+") == (("class", "import"),)
    assert clauses(r"\bsimplify\s+\d+\s*\+\s*\d") == (("simplify",), ("+",))
    assert clauses(r"\w+\s") == ()


def test_a_second_clause_may_be_one_of_many_rare_strings_but_never_a_common_one() -> None:
    # (too likely in sum to file the pattern under, tested only on the turns "in" lets through)
    money = r"\bin\s+(?:usd|eur|gbp|jpy|dollars?|euros?|yen|yuan|rupees?|pesos?|francs?)\b"
    assert clauses(money) == (
        ("in",),
        ("dollar", "eur", "franc", "gbp", "jpy", "peso", "rupee", "usd", "yen", "yuan"),
    )
    assert clauses(r"(?:usd|eur|gbp|jpy|dollars?|euros?|yen|yuan|rupees?|pesos?) ") == ()


def test_each_pattern_is_searched_once_behind_its_needs() -> None:
    router = Classifier.from_file(None)
    for table in (router._plain, router._choice, router._context):
        for group in table.groups:
            assert group.gated is not None
            # every pattern once: alone if it needs something rare, else in the group's plain
            # alternation (markers: one entry, no regex)
            searched = [p for p in group.gated if p.regex is not None]
            alone = sum(1 for p in searched if p.needs)
            assert sum(1 for p in searched if not p.needs) <= 3  # floating, anchored, cased
            assert alone <= sum(len(src) for src in group.sources[1:])


ASCII = [(prompt, lower) for prompt, lower in zip(PROMPTS, LOWER, strict=True) if prompt.isascii()]


def test_every_match_of_a_gated_pattern_holds_its_needs() -> None:
    """The needs before a pattern's search never rule out a turn the search would match (every
    point's patterns, each checked once)."""
    checked: set[tuple[str, bool, tuple[tuple[str, ...], ...]]] = set()
    matched = 0
    for level in LEVELS:
        router = Classifier.from_file(None, level)
        for table in (router._plain, router._choice, router._context):
            for group in table.groups:
                for pattern in group.gated or ():
                    if pattern.regex is None:
                        continue
                    key = (pattern.regex.pattern, pattern.cased, pattern.needs)
                    if key in checked:
                        continue
                    checked.add(key)
                    for prompt, lower in ASCII:
                        text = prompt if pattern.cased else lower
                        if pattern.regex.search(text) is None:
                            continue
                        matched += 1
                        for clause in pattern.needs:
                            assert any(atom in lower for atom in clause), (clause, text)
    assert matched > 1000


# Whether a group's whole alternations match a prompt, by the group's sources (the same at every
# point and in every table that holds the group) and the prompt's index: most groups are every
# point's, so each is searched once per prompt across the three points
_WHOLE: dict[tuple[int, int], bool] = {}
_SOURCES: dict[object, int] = {}


@pytest.mark.parametrize("level", LEVELS)
def test_gates_find_the_group_the_whole_alternations_find(level: str) -> None:
    router = Classifier.from_file(None, level)
    found = 0
    prompts = [p for p in PROMPTS + [p.upper() for p in PROMPTS[:200]] if p.isascii()]
    # (each table once: a point without multiple-choice groups reads options with the plain one)
    tables = (router._plain, router._choice, router._context)
    for table in {id(t): t for t in tables}.values():
        assert table.searches is not None
        end = len(table.groups)
        keys = {
            i: _SOURCES.setdefault(table.groups[i].sources, len(_SOURCES)) for i in table.scanned
        }
        for n, prompt in enumerate(prompts):
            lower = prompt.lower()
            whole = end
            for i in table.scanned:
                key = (keys[i], n)
                hit = _WHOLE.get(key)
                if hit is None:
                    hit = _WHOLE[key] = table.groups[i].matches(prompt, lower)
                if hit:
                    whole = i
                    break
            assert table.searches.first(prompt, lower, end) == whole, prompt
            found += whole < end
    assert found > 1000


def test_gates_find_overlapping_and_cased_needs(tmp_path: Path) -> None:
    # "install" holds "stall" and "all"; a cased pattern's needs are found in any case of the
    # turn, and its search still tells the cases apart
    rules = tmp_path / "rules.toml"
    rules.write_text(
        "extends = false\n"
        "[cloud.setup]\nrule = 'setup'\npatterns = ['install\\s+\\w+']\n"
        "[cloud.stalls]\nrule = 'stalls'\npatterns = ['\\bstalls?\\b']\n"
        "[cloud.sql]\nrule = 'sql'\ncased_patterns = ['SELECT\\s+\\w+']\n"
        "[cloud.shout]\nrule = 'shout'\nmarkers = ['all of them']\n",
        "utf-8",
    )
    router = Classifier(load_rules(rules), "strict", scored=False)
    whole = Classifier(load_rules(rules), "strict", scored=False, gated=False)

    def rule(text: str) -> str:
        request = ChatRequest("m", [Message("user", [TextPart(text)])])
        assert router.classify(request) == whole.classify(request), text
        return router.classify(request).rule

    assert rule("please install numpy") == "setup"
    assert rule("the engine stalls") == "stalls"
    assert rule("install") == "unclear"
    assert rule("SELECT name") == "sql"
    assert rule("select name") == "unclear"
    assert rule("sell them all of them") == "shout"


@pytest.mark.parametrize("level", LEVELS)
def test_decisions_do_not_wait_for_the_gates(level: str) -> None:
    # the server builds the gates in a thread once it listens: a request decided before then
    # meets the whole alternations, and must get the same decision
    before = Classifier.from_file(None, level, gated=False)
    assert before._plain.searches is None
    ready = Classifier.from_file(None, level)
    # (every prompt at the default point; every other one at the others, which share most of
    # its groups)
    for prompt in PROMPTS if level == "balanced" else PROMPTS[::2]:
        request = ChatRequest("m", [Message("user", [TextPart(prompt)])])
        assert before.classify(request) == ready.classify(request), prompt
    before.gate()
    assert before._plain.searches is not None and before._context.searches is not None
    assert all(g.gated is not None for g in before._plain.groups + before._choice.groups)
