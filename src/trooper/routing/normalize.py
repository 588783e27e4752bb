"""The question a turn asks, without the wrapping that does not change what it asks.

The rules decide on what a question asks, not on how it is dressed. Three kinds of wrapping
would otherwise push a simple lookup to the cloud, by its word count or by a word in it:

- a polite preamble or closing: "Quick question: ...", "Could you tell me ...", "... thanks!"
- lettered options after the question: "...\\nA. Toronto\\nB. Ottawa" or "(a) x (b) y"
- a quoted name or title, whose words are not the asker's: "Who wrote 'Why We Sleep'?"

A question asked indirectly or back to front is put the usual way round: "(do you know) what the
capital of Chile is?" and "the capital of Chile is what?" both read "what is the capital of
Chile?", as do a multiple-choice stem to complete ("The capital of Chile is:") and "what does
12 + 30 come to?". A closing word right after "for", "say", "in" and the like is what the turn
asks about, not a closing: "the German word for please" keeps its "please".

    >>> question("Hey, quick question: what is the capital of Canada?")
    'what is the capital of Canada?'
    >>> question("Which planet is red?\\nA. Venus\\nB. Mars\\nC. Jupiter")
    'Which planet is red?'
    >>> question("Who sang 'Hey Jude'?")
    "Who sang 'x'?"
    >>> question("Do you know what 13 plus 29 is?")
    'what is 13 plus 29?'
    >>> question("6 times 7 is:\\nA. 36\\nB. 42")
    'what is 6 times 7?'

Options and quotes that look like code are kept, so the code rules still see them. Each step
starts with a cheap check (a character or a prefix) so a turn without wrapping costs little.
:func:`unwrap` also says whether lettered options were cut off: a multiple-choice turn is
usually an exam item, which some rule groups treat apart (``multiple_choice`` in rules.toml).

    >>> unwrap("Which planet is red?\\nA. Venus\\nB. Mars")
    Unwrapped(text='Which planet is red?', multiple_choice=True, context='')

A sentence or clause that only says why the question is asked is set aside as ``context`` (the
classifier still reads it for what needs the cloud), and common ways of putting one question
are read in one form:

    >>> unwrap("I'm baking a cake. How many grams are in a cup?").text
    'How many grams are in a cup?'
    >>> question("The Colosseum is located where?"), question("Everest's height?")
    ('where is The Colosseum?', 'what is the height of Everest?')

A question that points back to the one quantity or name its context gives reads it in its place
(:func:`_pointed_to`), and plain forms are read alike: texting spellings, a short answer asked
for, given text before an arrow, a short list on lines of its own, a multiple-choice item with
its options first:

    >>> question("The shelf is 45 cm deep. How many millimetres is that?")
    'How many millimetres is 45 cm?'
    >>> question("meet me at noon -> ALL CAPS"), question("whats a metaphor in simple terms")
    ("ALL CAPS: 'x'", "what's a metaphor")
    >>> unwrap("A) 54 B) 56 C) 58 - which one is 7 times 8?").text
    'what is 7 times 8?'
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from trooper.automaton import automaton, values
from trooper.routing import spelling


def _alternation(phrases: tuple[str, ...]) -> str:
    """A regex alternation of ``phrases``, the longest first (so "merci beaucoup" is read whole)."""
    return "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))


# Greetings of other languages and registers, which open a turn as "Hi!" does ("Hola! ...",
# "Guten Tag! ...", "G'day! ...")
_GREETINGS = (
    *("hola", "bonjour", "ciao", "hallo", "salut", "aloha", "namaste", "howdy", "hiya", "howzit"),
    *("g'day", "g’day", "guten tag", "guten morgen", "guten abend", "buongiorno", "buenos dias"),
    *("buenos días", "bom dia", "kia ora", "jambo", "habari", "salaam", "shalom", "merhaba"),
    *("ola", "olá", "konnichiwa", "annyeong", "ni hao", "sawubona", "sawasdee", "hej", "moin"),
    *("servus", "privet", "zdravstvuyte", "dzień dobry", "dzien dobry", "cześć", "czesc", "ahoj"),
    *("dobrý den", "dobry den", "dobar dan", "zdravo", "szia", "jó napot", "jo napot", "tere"),
    *("labas", "sveiki", "hei", "moi", "hallå", "halla", "goddag", "god dag", "grüezi"),
    *("grüß gott", "gruss gott", "buonasera", "buona sera", "buenas", "buenas tardes", "bonsoir"),
    *("buenas noches", "boa tarde", "boa noite", "halò", "halo", "dia dhuit", "madainn mhath"),
    *("shwmae", "bore da", "kalimera", "kaliméra", "yassou", "yasou", "geia sou", "marhaba"),
    *("ahlan", "salam", "selam", "namaskar", "namaskaram", "vanakkam", "sat sri akal", "konbanwa"),
    *("ohayo", "ohayō", "annyeonghaseyo", "annyeong haseyo", "nǐ hǎo", "nihao", "xin chào"),
    "xin chao",
    *("sawadee", "sawadee ka", "sawadee krap", "selamat pagi", "selamat siang", "selamat malam"),
    *("apa kabar", "kumusta", "kamusta", "mabuhay", "bula", "talofa", "mālō", "malo e lelei"),
    *("mingalaba", "sabaidee", "sain baina uu", "akwaaba", "sannu", "dumela", "molo", "salve"),
    *("goedemiddag", "goedemorgen", "goedenavond", "goeiemôre", "gamarjoba", "gamarjobat"),
    *("nomoskar", "nomoshkar", "magandang umaga", "magandang hapon", "magandang gabi", "barev"),
    *("barev dzez", "marhba", "ahlan wa sahlan", "zdraveite", "zdravei", "mirëdita", "miredita"),
)
# ... and thanks of other languages, which end one as "Thanks!" does ("... Danke!", "... Terima
# kasih!")
_THANKS_ABROAD = (
    *("merci", "merci beaucoup", "danke", "danke schön", "danke schon", "danke sehr", "gracias"),
    *("grazie", "grazie mille", "obrigado", "obrigada", "terima kasih", "cảm ơn", "cam on"),
    *("arigato", "arigatō", "arigato gozaimasu", "arigatō gozaimasu", "asante", "asante sana"),
    *("shukran", "dank je", "dank je wel", "takk", "tack", "kiitos", "spasibo", "xie xie"),
    *("salamat", "mahalo", "teşekkürler", "tesekkurler", "dhanyavaad", "ngiyabonga", "ngā mihi"),
    *("nga mihi", "dziękuję", "dziekuje", "tapadh leat", "tapadh leibh", "tak", "mange tak"),
    *("tusen takk", "tack så mycket", "xièxie", "xièxiè", "xiexie", "xiè xiè"),
    *("köszönöm", "koszonom", "děkuji", "dekuji", "ďakujem", "dakujem", "hvala", "efharisto"),
    *("efcharistó", "tänan", "tanan", "paldies", "ačiū", "aciu", "mulțumesc", "multumesc"),
    *("blagodarya", "dyakuyu", "dziakuj", "faleminderit", "madloba", "rahmat", "grazzi", "gràcies"),
    *("gracies", "go raibh maith agat", "diolch", "eskerrik asko", "dank u", "dank u wel"),
    *("bedankt", "kamsahamnida", "gamsahamnida", "khob khun", "khop khun", "khop khun ka"),
    *("khop khun krap", "matur nuwun", "dhanyavad", "shukriya", "toda", "todah", "toda raba"),
    *("medaase", "nagode", "siyabonga", "enkosi", "vinaka", "fa'afetai", "mauruuru", "domo"),
    *("domo arigato", "dankie", "baie dankie", "obrigadu", "spasibo bolshoye", "gracias amigo"),
    *("dhonnobad", "dhonnobaad", "dhanyabad", "dhanyawad", "xièxie nǐ", "xiexie ni", "efcharisto"),
    *("salamat po", "maraming salamat", "na gode", "bayarlalaa", "shnorhakalutyun"),
    *("merci bien", "muito obrigado", "muito obrigada", "muchas gracias", "mille grazie"),
)

# Repeated: "hey, quick question: could you tell me ..." loses all three.
_PREAMBLE = re.compile(
    r"\A\s*(?:(?:question|q\.?) ?\d+(?: of \d+)?\s*[:.)]\s*"
    # a request put politely, as a hope, a wonder or a favour: "I was hoping you could tell me
    # ...", "I wonder if you could ...", "I'd be grateful if you could ...", "Could I ask you to
    # ...", "Would you be kind enough to ...", "Might you tell me ..."
    r"|(?:i (?:was |am |'m |’m )?hoping (?:that )?"
    r"|i (?:was |am |'m |’m )?wonder(?:ing|ed)? (?:if|whether) "
    r"|i(?:'d|’d| would) (?:really |so |very much )?"
    r"(?:appreciate it|love it|like it|be (?:very |most |so |really )?(?:grateful|thankful"
    r"|obliged|glad)) if )"
    r"(?:you|u)(?: (?:could|can|might|would|will)|'d|’d)(?: please| kindly| possibly)?"
    r"(?: (?:tell me|let me know|help me))?\b[\s,:]*"
    r"|(?:could|can|may|might) i (?:ask|trouble|bother|get) (?:you|u) to\b[\s,:]*"
    # (... or the thing itself asked for: "I would be grateful for the Portuguese translation of
    # 'happy wedding anniversary'.")
    r"|i(?:'d|’d| would) (?:really |so |very much )?be (?:very |most |so |really )?(?:grateful"
    r"|thankful) for (?=the\b)"
    r"|(?:would|could|will) (?:you|u) (?:please |kindly )?be (?:so kind as|kind enough|good enough"
    r"|so good as|able) to(?: (?:tell me|let me know|remind me))?\b[\s,:]*"
    r"|might (?:you|u) (?:please |kindly |possibly )?(?:tell me|let me know)?\b[\s,:]*"
    r"|(?:(?:ok|okay|so|great|cool|nice|perfect|alright|thanks)[,.!]? (?:now|and(?: also)?|then)"
    r"|hey there|hi there|hello there|hi|hey|hello|ok|okay|so|um|well|oh|yo|excuse me"
    r"|btw|by the way|oh and|one more thing|also|fyi"
    # an interjection: "Hmm, ...", "lol what's ...", "yo dude ...", "Thanks! ..." (the words that
    # start sentences too only before a mark: "Right, what is ..." but "right angle")
    r"|h+m+|u+m+|uh+|erm+|lol|lmao|haha|so+|sooo+|basically|honestly|yo (?:dude|bro|man|mate)"
    r"|dude|bro"
    r"|(?:hey|hi|ok|okay) (?:dude|bro|man|mate|guys|friend)"
    r"|(?:wait|actually|alright|all right|right|listen|look|cool|nice|great|perfect|thanks"
    r"|thank you|ugh|welp|anyway|anyways|ah|ahh|oh wow|wow"
    # a small matter announced: "Hi, small thing: ..."
    r"|(?:one )?(?:small|quick|tiny|little|last) thing"
    # ("next" only before a mark: "Next: ...", but "next full moon?" asks when)
    r"|next"
    # (a greeting in another language: "Hola! Could you give me the Spanish for ...")
    rf"|{_alternation(_GREETINGS)}"
    # (a greeting without its "good", or to all: "Morning! ...", "Hi all, ...")
    r"|morning|evening|afternoon|greetings|(?:hi|hello|hey|morning|evening) (?:all|everyone|folks))"
    r"(?=\s*[,.!;:])"
    r"|good (?:morning|afternoon|evening|day)(?=[,!.;:-])"
    # an apology for asking, whatever it calls the question: "sorry for the maths question"
    r"|sorry(?: to (?:bother|trouble|disturb|interrupt|pester|ask|bug)(?: you| u| ya)?"
    r"(?: again| so much)?"
    r"| for (?:(?:the|this|my|a|an|such an?) )?(?:[\w'-]+ ){0,2}(?:question|q|one|query)"
    r"| if this is (?:a|an) (?:[\w'-]+ ){0,2}(?:question|q|one))?"
    r"|quick (?:[\w'-]+ ){0,2}(?:question|q)|quick one|simple question|random question|easy one"
    # (when there is time: "Hey, when you get a sec: ...")
    r"|when(?:ever)? (?:you|u) (?:get|have) a (?:sec|second|minute|min|moment|mo|chance)"
    r"(?=\s*[,.!;:-])"
    r"|(?:dumb|stupid|silly|basic|odd|weird|random|noob|newbie) (?:question|q|one)"
    r"|i need (?:some )?help|need (?:some )?help|can (?:someone|anyone|somebody) (?:tell me|help)"
    # the field a term is asked in: "in office speak, what's EOD?"
    r"|in (?:office|work|business|internet|online|text|texting|chat|gaming|medical|legal|tech"
    r"|computer|science|music|cooking|sports?) (?:speak|slang|lingo|jargon|terms|language|talk)"
    r"|question|q"
    r"|just curious|out of curiosity|i was wondering|i wonder|i'm curious|i am curious"
    r"|help me out|help me|help|please|pls|one more|another one"
    r"|(?:trivia|quiz|quick quiz|pop quiz)(?: night| time)?(?: question| q)?"
    r"(?: (?:at|from) (?:work|school|the pub|(?:our |my )?(?:family )?game night))?"
    r"(?: today| tonight)?"
    r"|multiple[ -]choice(?: question| q)?|fun fact|true story"
    # a school subject as a label before a colon: "Biology quiz: ...", "Conversion: ..."
    r"|(?:biology|chemistry|physics|geography|history|maths?|science|general knowledge|music"
    r"|times tables?|unit conversions?|conversions?|arithmetic|homework|geometry)"
    r"(?: (?:quiz|homework|question|test|worksheet|class|trivia|q|revision))?(?=\s*:))"
    r"\b[\s,:;.!?—–-]*(?:but\s+|if\s+)?"
    r"|(?:choose|pick|select|give) the (?:correct |right )?answer(?: (?:for|to|of))?\b[\s,:;.!?-]*"
    # the answer's form said first: "Answer with the letter only. ...", "Letter only. ..."
    r"|(?:(?:answer|reply|respond) with (?:just |only )?(?:the |a |one |a single )?"
    r"(?:letter|option)(?: only)?|(?:just |only )?(?:the )?letter only|just the letter)"
    r"\b[\s,:;.!?—–-]*"
    # (not before the options themselves: "Pick one:\nA. ...")
    r"|(?:choose|pick|select) (?:one|the (?:correct|right) one)\b"
    r"(?![\s,:;.!?—–-]*\(?[A-Da-d][.)])[\s,:;.!?—–-]*"
    r"|(?:can|could|would|will) you (?:please |kindly |possibly )?"
    r"(?:help(?: me)? (?:with|on)|answer|do|solve)"
    r" (?:this|the following|this next)(?: one|(?: quiz| trivia| homework| test| exam| maths?)?"
    r" question| item)?(?:,? please)?\s*[?:.!]+\s*"
    r"|(?:can|could|would|will) you (?:please |quickly |kindly |possibly )?(?:tell me|let me know"
    r"|remind me|say|answer)\b[\s,:]*"
    r"|(?:can|could|would|will) you (?:please |quickly |kindly |possibly )?(?=\w)"
    r"|do you (?:happen to )?know\b[\s,:]*|please (?:tell me\b)?[\s,:]*|tell me\b[\s,:]*"
    r"|remind me\b[\s,:]*(?=(?:who|what|when|where|which|how)\b)"
    r"|kindly\b[\s,:]*"
    r"|i(?:'d| would) (?:like|love) to know\b[\s,:]*|i (?:want|need) to know\b[\s,:]*"
    # ("I'd be grateful to know who composed Swan Lake.", "I'd appreciate knowing how many ...")
    r"|i(?:'d|’d| would) (?:be (?:so |very |most |really )?(?:grateful|glad|thankful|curious"
    r"|interested) to (?:know|learn|find out)|appreciate knowing)\b[\s,:]*"
    r"|i have a question\b[\s,:.]*|answer (?:this|me)\b[\s,:]*)+",
    re.IGNORECASE,
)
_EXAM_NUMBER = re.compile(r"q\.?\d")  # "Q3)", "q.4": an exam's numbering
# (a preamble that opens with "when" is only one about the time to answer: "when you get a sec")
_WHEN_PREAMBLE = ("when you", "when u ", "whenever")


def _opens_preamble(lower: str, first: str) -> bool:
    """Whether a turn that starts ``lower`` (lower-cased), its first word ``first``, may open with
    a preamble :data:`_PREAMBLE` reads."""
    return (
        first in _PREAMBLE_START
        or _EXAM_NUMBER.match(first) is not None
        or lower.startswith(_WHEN_PREAMBLE)
    )


_PREAMBLE_START = frozenset(
    [
        "hi",
        "hey",
        "hello",
        "good",
        "ok",
        "okay",
        "so",
        "um",
        "well",
        "oh",
        "yo",
        *("btw", "by", "also", "fyi", "dumb", "stupid", "silly", "basic", "odd", "weird", "noob"),
        *("newbie", "need", "in", "hm", "hmm", "hmmm", "umm", "uh", "uhh", "erm", "lol", "lmao"),
        *("haha", "soo", "sooo", "soooo", "basically", "honestly", "wait", "actually", "alright"),
        *(greeting.split()[0] for greeting in _GREETINGS),
        *("all", "right", "listen", "look", "cool", "nice", "great", "perfect", "thanks"),
        *("thank", "ugh", "welp", "anyway", "anyways", "ah", "ahh", "wow", "dude", "bro"),
        *("biology", "chemistry", "physics", "geography", "history", "math", "maths", "science"),
        *("general", "music", "times", "unit", "conversion", "conversions", "arithmetic"),
        *("homework", "geometry", "small", "tiny", "little", "last", "letter", "reply", "respond"),
        "sorry",
        "remind",
        "kindly",
        "excuse",
        "quick",
        "simple",
        "random",
        "easy",
        "question",
        "q",
        "just",
        "out",
        "i",
        "i'm",
        "i'd",
        "help",
        "please",
        "pls",
        "can",
        "could",
        "would",
        "will",
        "might",
        "may",
        "morning",
        "evening",
        "afternoon",
        "greetings",
        "do",
        "tell",
        "one",
        "another",
        "next",
        "trivia",
        "multiple",
        "multiple-choice",
        "fun",
        "true",
        "answer",
        "quiz",
        "pop",
        "choose",
        "pick",
        "select",
        "give",
    ]
)
_CLOSING_ONE = re.compile(
    r"[\s,.;:!-]*\b(?:(?:for me,?\s+)?please(?: tell(?: me)?)?|pls|thanks|thank you|thx|ty"
    r"|cheers|quickly|(?:real )?quick|(?:real |so )?fast (?:pls|plz|please)|asap|hurry(?: up)?"
    r"|anyone|anybody"
    r"|if (?:you|u) know|tia"
    r"|(?:thanks|thank you|thx) in advance|(?:thanks|thank you|thx|ty) (?:a lot|so much|loads)"
    # (the thanks of other places and registers: "Many thanks", "Ta very much", "Much obliged")
    r"|many thanks|much appreciated|much obliged|(?:i )?appreciate it|ta(?: very much| muchly)?"
    r"|thank you (?:kindly|very much)|thanks (?:heaps|a ton|a bunch|a million|very much)"
    r"|cheers (?:mate|m8|in advance)"
    # (... and of other languages, a sentence of their own: "Guten Tag! ... Danke!", "... Terima
    # kasih!", '... "x" Merci!'; not a word asked for: "the English for merci?")
    rf"|(?<=[.!?'\"’”] )(?:{_alternation(_THANKS_ABROAD)})"
    r"|please and thank you|when you can|when you get a (?:chance|sec|second|minute)"
    # ("for me" after a judgment is what is judged: "Is 7 hours of sleep enough for me?")
    r"|if possible|if you can"
    # (politeness said last: "..., if you'd be so kind", "..., if you could remind me")
    r"|if (?:you|u)(?:'d|’d| would| could| can| will) (?:be so kind|remind me)"
    r"|if (?:you|u) (?:don't|don’t|do not) mind"
    r"|(?<!enough )(?<!safe )(?<!healthy )(?<!normal )(?<!late )(?<!old )"
    r"(?<!young )(?<!early )(?<!much )(?<!little )(?<!many )(?<!few )for me"
    r"|ok|okay|right|btw|xx|urgent"
    # (praise of the one who answers: "Cheers, you're a star")
    r"|(?:you(?:'re|’re| are)|ur|u r) (?:a star|a legend|the best|a lifesaver|a life saver|a gem"
    r"|amazing|awesome|brilliant)|you rock)[\s.!?]*",
    re.IGNORECASE,
)
# (one or more: "..., please? thanks")
_CLOSING = re.compile(f"(?:{_CLOSING_ONE.pattern})+\\Z", re.IGNORECASE)
_CLOSING_CHARS = 32
# (a closing with a mark other than "?" is never asked about: these are its first words)
_POLITE_WORDS = frozenset(("please", "please?", "thanks", "thx", "ty"))
#: The marks a turn ends on when it is punctuated (a question typed without one of these is
#: read as the question it is)
END_MARKS = ("?", ".", "!", ")", ":", "'", '"', "’", "”")
_OPTION_LABEL_END = re.compile(r"(?:\A|\s)\(?[A-Da-d1-4][.):]\s*\Z")
_ASKED_FORM = re.compile(
    r"\s*(?:what|who|whom|whose|where|when|which|how|why|is|are|was|were|do|does|did|can|could"
    r"|will|would|should)\b",
    re.IGNORECASE,
)
# closings no one asks to have translated (the first word of one): after "... is" they are still
# closings ("what 13 + 29 is pls", "... is when you can")
_NEVER_ASKED_ABOUT = frozenset(
    ("pls", "plz", "thx", "ty", "asap", "anyone", "anybody", "tia", "when", "if", "urgent")
)
_CLOSING_LAST = frozenset(
    (
        "please",
        "pls",
        "thanks",
        "you",
        "thx",
        "ty",
        "cheers",
        "quickly",
        "quick",
        "tell",
        "me",
        "asap",
        "hurry",
        "up",
        *("anyone", "anybody", "know", "advance", "tia", "lot", "much", "loads", "can"),
        *("chance", "sec", "second", "minute", "possible", "ok", "okay", "right", "btw", "xx"),
        "urgent",
        *("appreciated", "obliged", "it", "ta", "muchly", "kindly", "heaps", "ton", "bunch"),
        *("million", "mate", "m8", "star", "legend", "best", "lifesaver", "saver", "gem"),
        *("amazing", "awesome", "brilliant", "rock", "kind", "mind"),
        *(thanks.split()[-1] for thanks in _THANKS_ABROAD),
    )
)
# The answer's form asked for after the question, set off by a mark: "who wrote Hamlet, name
# only", "what's 4 x 12, just the number", "opposite of cold? one word". It asks the same question.
_ANSWER_FORMS = (
    *("number", "name", "year", "date", "letter", "answer", "word", "figure", "result", "total"),
    *("value", "phrase", "translation", "sentence", "city", "country", "town"),
)
# (one or more, each after a comma or a full stop: "the four seasons, comma separated, nothing
# else", "Haiku: what does the word mean? One sentence.")
_ANSWER_FORM = re.compile(
    # an estimate is enough, said last with or without a mark: "2 cups in ml roughly"
    r"(?:(?:\s*,?\s+(?:roughly|approximately|approx\.?|more or less|give or take)"
    r"|(?:\s*[,;:—–-]|(?<=[?.!])|(?<=[?.!]['\"’”])|(?<=['\"’”])(?=\s+(?i:just|only)\b))"
    rf"\s*(?:(?:just|only)(?: give(?: me)?)?(?: the| a| one)?"
    rf" (?:{'|'.join(_ANSWER_FORMS)})s?|(?:the )?(?:{'|'.join(_ANSWER_FORMS)})s? only"
    r"|(?:in )?one (?:word|sentence|line|number|name|figure)|one per line"
    r"|(?:in )?(?:two|three|four|five|[2-5]) words"
    r"|just answer|no explanation|nothing else"
    # the unit of the answer, asked alone: "answer in m² only"
    r"|(?:answer|give (?:it|the answer)|express (?:it|the answer)|reply) in [^\s,.;!?]+"
    r"(?: [^\s,.;!?]+)? only"
    r"|comma[ -]separated"
    # a rounding: "round to 1 decimal", "rounded to the nearest whole number", "to 2 dp"
    r"|(?:round(?:ed)?(?: it| that| the answer)?(?: off)? )?to (?:the nearest (?:whole number"
    r"|integer|whole|tenth|hundredth)|(?:one|two|three|1|2|3) (?:decimal(?: place)?s?|dp"
    r"|places?|significant figures?|sig figs?))))[\s.!?]*)+\Z",
    re.IGNORECASE,
)
_ANSWER_FORM_CHARS = 48
# ... or in a sentence of its own after the question's mark, whatever form it names: "... How far
# is left? Just the metres", "Only the fixed sentence.", "A single number is fine.", "One word is
# enough.", "A one-sentence definition would be great."
# (a short form only: not "A short essay would be great.", "Just the plot of every act.")
_SHORT_FORMS = (
    *_ANSWER_FORMS,
    *("amount", "city", "country", "definition", "decimal", "digit", "place", "length", "percent"),
    *("percentage", "metres", "meters", "feet", "miles", "km", "kg"),
)
_SHORT_FORM = (
    rf"(?=[\w'’ -]*\b(?:{'|'.join(_SHORT_FORMS)})s?\b)"
    r"(?![\w'’ -]*\b(?:essay|analysis|detailed|paragraphs?|summary|summaries|plot|explanation"
    r"|story|steps|code|list|every|each|all)\b)"
)
_FORM_SENTENCE = re.compile(
    rf"(?<=\?)\s+(?:(?:just|only)\s+(?:give\s+(?:me\s+)?)?(?:the|a|an|one|its|their)\s+{_SHORT_FORM}"
    r"[\w'’-]+(?:\s+[\w'’-]+){0,4}"
    rf"|{_SHORT_FORM}(?:(?:an?|one|two|three|the)\s+)?[\w'’-]+(?:\s+[\w'’-]+){{0,2}}\s+"
    r"(?:(?:is|are|would be)\s+(?:fine|enough|great|perfect|plenty|good|ok|okay)|will do|works))"
    r"(?:,?\s+(?:please|pls|thanks|thank you))?\s*[.!]*\s*\Z",
    re.IGNORECASE,
)
_FORM_SENTENCE_CHARS = 60
# (the last words a match can end with: a cheap test before the search)
_ANSWER_FORM_LAST = frozenset(
    (
        *_ANSWER_FORMS,
        *(f"{form}s" for form in _ANSWER_FORMS),
        *("only", "explanation", "sentence", "else", "separated", "comma-separated"),
        *("line", "words"),
        *("decimal", "decimals", "place", "places", "dp", "figures", "figs", "integer", "whole"),
        *("tenth", "hundredth", "roughly", "approximately", "approx", "approx.", "less", "take"),
    )
)
# "the German word for please", "Italian for thank you": after one of these words, with no
# punctuation between, a closing word is what the turn asks about.
_ASKS_ABOUT = frozenset(
    ("for", "say", "says", "of", "to", "into", "in", "is", "mean", "means", "translate", "spell")
)
_QUOTE_MARKS = ("'", '"', "“", "”", "‘", "’")
_QUOTE_MARK = re.compile("[" + "".join(_QUOTE_MARKS) + "]")
# An option line: "A. x", "(b) x", "C) x", "d: x"; options without line breaks need three labels.
_OPTION_LINE = re.compile(r"\n[ \t]*\(?[A-Da-d][.):]\s+\S")
_OPTION_INLINE = re.compile(r"(?:\A|\s)\(?[Aa][.)]\s+\S.*?\s\(?[Bb][.)]\s+\S.*?\s\(?[Cc][.)]\s")
# bare letters before options that start with a capital or a digit: "A Canada B Ecuador C
# Japan", "a Atlantic b Indian c Pacific" (a letter b or c alone before a name is no word of a
# sentence)
# (or capital letters before lower-case options, after the question's mark: "mammal? A shark B
# dolphin C trout D octopus")
_OPTION_BARE = re.compile(
    r"(?:\A|(?<=[\s?:,]))[Aa]\s+[A-Z0-9][^\n]*?[\s,][Bb]\s+[A-Z0-9][^\n]*?"
    r"[\s,][Cc]\s+[A-Z0-9]"
    r"|(?<=[?:])\s*A\s+[a-z0-9][^\n]*?\sB\s+[a-z0-9][^\n]*?\sC\s+[a-z0-9]"
    # (or, all in lower case, letters a, b and c alone before options of a word or three that end
    # the turn: "kangaroos come from a brazil b australia c kenya")
    r"|(?:(?<=\s)|(?<=\?))a(?:\s+(?!a\s)[a-z0-9][\w'’.-]*){1,3}\s+b(?:\s+[a-z0-9][\w'’.-]*){1,3}"
    r"\s+c(?:\s+[a-z0-9][\w'’.-]*){1,3}(?:\s+d(?:\s+[a-z0-9][\w'’.-]*){1,3})?\s*\??\s*\Z"
)
_OPTION_BARE_LABEL = re.compile(r"(?:\A|[\s,]+)(?:[A-Da-d]\s+(?=[A-Z0-9])|[A-D]\s+(?=[a-z]))")
_OPTION_BARE_LOWER_LABEL = re.compile(r"(?:\A|\s+)[a-d]\s+(?=[a-z0-9])")
# numbered options: from 1, at least three inline or two on lines ("1) 11 2) 13 3) 15")
_NUMBERED_LINE = re.compile(r"\n[ \t]*\(?1[.)]\s+\S[^\n]*\n[ \t]*\(?2[.)]\s+\S")
_NUMBERED_INLINE = re.compile(r"(?:\A|\s)\(?1[.)]\s+\S.*?\s\(?2[.)]\s+\S.*?\s\(?3[.)]\s")
_OPTION_LABEL = re.compile(r"(?:\A|\s)\(?(?:[A-Da-d]|[1-4](?=[.)]))[.):]\s+")
_ANSWER_CUE = re.compile(r"\s*\n\s*answer\s*:?\s*\Z", re.IGNORECASE)
# what to answer with, after the options: "Just the letter please.", "Select one."
_LETTER_CUE = re.compile(
    r"[\s.!]*(?:\n|(?<=[.!?])|\s-+\s)\s*(?:(?:(?:just|only) )?(?:(?:answer|reply|respond) )?"
    r"(?:with )?(?:just |only )?(?:the )?letter(?: only)?|select one|choose one|pick one)"
    r"(?:,? (?:please|pls|thanks))?[\s.!]*\Z",
    re.IGNORECASE,
)
_LETTER_CUE_CHARS = 48
# the options first, then the question: "A) 96 B) 98 C) 108 D) 118 - which one is 12 times 9?"
# (or after a colon: "A) 96 B) 98 C) 108: which one is 12 times 9?")
_OPTIONS_FIRST = re.compile(
    r"\A\s*\(?[Aa][.)]\s+\S[^\n]{0,40}?\s\(?[Bb][.)]\s+\S[^\n]{0,40}?\s\(?[Cc][.)]\s+\S[^\n]{0,40}?"
    r"(?:\s\(?[Dd][.)]\s+\S[^\n]{0,40}?)?\s*(?:-+|—|–|:)\s*(\S[^\n]{3,120})\Z"
)
# an item's question put as a choice: "which one is 12 times 9?", "which is right for 8 x 12?",
# "Choose the correct author of Don Quixote:"
# (not which one is "a" thing: "Which one is a herb?" asks for a kind's member)
_WHICH_ONE = re.compile(
    r"\A\s*which (?:one |answer |option )?is (?:right |correct )?(?:for )?(?=\S)(?!an?\s)",
    re.IGNORECASE,
)
_CHOOSE_THE = re.compile(
    r"\A\s*(?:choose|pick|select|give) the (?:correct|right|best)"
    r" ([a-z]+ (?:of|for) [^\n:?]{2,60}?)\s*[:?.]?\s*\Z",
    re.IGNORECASE,
)
# ... or the one of a kind to pick: "Select the citrus fruit:" is "which is the citrus fruit?"
_CHOOSE_KIND = re.compile(
    r"\A\s*(?:choose|pick|select)\s+the\s+(?!(?:correct|right|best|answer|option|letter|one|odd)\b)"
    r"([a-z][a-z -]{2,40}?)\s*[:?.]?\s*\Z",
    re.IGNORECASE,
)
_PLACED_IN = re.compile(
    r"\A\s*(?:choose one\.\s*)?(?!(?:my|our|your|his|her|their)\b)([^\W\d][\w'’ -]{1,40}?)"
    r"\s+(is|are|was|were)\s+(based|located|set|held|spoken|built|situated"
    r"|headquartered)\s+in\s*:\s*\Z",
    re.IGNORECASE,
)
_KIND_THAT = re.compile(r"\A([a-z]+) (?:that|which) ([a-z][a-z -]{1,40})\Z", re.IGNORECASE)
_KIND_KNOWN = re.compile(
    r"\A([a-z]+(?: [a-z]+)?) ((?:best |most |well |widely )?(?:known|famous|famed|noted|renowned)"
    r" (?:for|as) [a-z][a-z -]{1,40})\Z",
    re.IGNORECASE,
)
# ... or a bare label of a word or four before lettered options: "largest organ: (a) liver (b)
# brain ..." (no verb, no question word, no number, nothing of the asker's or the model's and no
# taste: not "your favourite:")
_BARE_LABEL = re.compile(
    r"\A\s*(?!(?:[\w'’-]+\s+){0,3}(?:is|are|was|were|do|does|did|can|will|has|have|what|which|who"
    r"|whom|whose|how|where|when|why|i|me|my|we|our|you|your|ur|fav|fave|favou?rite|best|worst"
    r"|better|should|would|pick|choose|select|answer|and|or)\b)([a-z][a-z'’-]*(?:\s+[a-z'’-]+){0,3})"
    r"\s*:\s*\Z",
    re.IGNORECASE,
)
# (a keyword of code as code, not a to-do's verb: "print the agenda", "return the books", nor a
# misspelled passive: "must be return by 4pm"; a sign of code, not a price: "$HOME", "$1", not
# "under $20", "$3.50")
_CODEY = re.compile(
    r"[(){}\[\];=<>`\\]|\$(?!\d{2,}|\d[.,]\d)|\w\.\w+\(|\bdef\s+\w|\bprint\s*[\x27\"]|\bimport\s+\w+\s*(?:\n|\Z|\bas\b)"
    r"|\breturn\b(?<!\bbe return)(?<!\bbeen return)(?<!\bis return)(?<!\bwas return)"
    r"(?!\s+(?:the|a|an|my|your|his|her|their|our|it|them|to|home|library|by|before)\b)"
    r"|\b[A-Za-z]*(?:Error|Exception)\b"  # (an error's name: "TypeError: undefined")
    r"|\b[a-z]{2,}[A-Z][a-z]{2,}[A-Za-z]*\b"  # (camel case: "useEffect", "getElementById")
    # (a package manager's command: "pip install → 'error: ...' → fix = ?")
    r"|\b(?:apt(?:-get)?|brew|pip3?|pipx|npm|npx|yarn|pnpm|cargo|gem|conda|poetry)\s+(?:install|add|run|build|i|start|test|ci|update|upgrade|remove|uninstall)\b"
    # (a language of code as the label of what is asked: "SQL: orders per customer → count")
    r"|\A\s*(?i:sql|regex|regexp|python|py|javascript|js|bash|shell|excel|sheets|formula|git|github|npm|pip"
    r"|yarn|docker|kubectl|powershell|terminal|zsh|node|java|typescript|rust|golang|ruby|php|css|html"
    r"|vba|latex|c\+\+|c#|swift|kotlin|react|django|flask|mysql|postgres|sqlite|mongodb|vscode|vim)\s*:"
    # (a query: "SELECT * FROM t", "DELETE FROM users")
    r"|\bSELECT\b[^\n]*\bFROM\b|\bINSERT INTO\b|\bUPDATE\b[^\n]*\bSET\b|\bDELETE FROM\b"
)
# records given as labels and values split by semicolons: "Plant: Boston fern; Water: weekly"
_RECORDS = re.compile(
    r"(?:[A-Za-z][\w ]{0,20}:[^;:=(){}\[\]<>`$\\\n]{1,40};\s*){1,8}"
    r"[A-Za-z][\w ]{0,20}:[^;:=(){}\[\]<>`$\\\n]{1,40}?[.!\s]*"
)
# "fixed" said before an arrow describes the thing asked about ("30y fixed → avg %?"), where after
# one it asks for the edit ("'Their going home.' → fixed?")
_DESCRIBED = re.compile(r"\bfixed\b", re.IGNORECASE)
# Longer options are nuanced answers to choose between, not names or numbers to look up.
_OPTION_WORDS = 3
# "Fix the grammar: she don't like it", "Is this grammatical? he go there": the text after the
# colon (or the question) is given, not asked.
# (or a dash between spaces: "Flip this list backwards - Intro, Budget, Hiring")
_GIVEN = re.compile(
    r"\A([^:?\n]{3,60}?)([:?]|\s+-+(?=\s)|\s*(?:→|->)(?=\s))[ \t]*(\S[^\n]*(?:\n[^\n]*){0,3})\Z"
)
# a quoted sentence (a span of up to 60 characters is read as any quoted text), and what asks
# to put its language right: "Would you kindly go over this invitation and put right any
# spelling or grammar slips: "Were having a karaoke night on friday, every one is welcome ...""
_LONG_QUOTED = re.compile(r"\"[^\"\n]{61,300}\"|“[^”\n]{61,300}”")
_FIX_ASKED = re.compile(
    r"\b(?:fix|correct|proofread|tidy|mistakes?|errors?|typos?|spelling|grammar|punctuation"
    r"|slips|put right)",
    re.IGNORECASE,
)
# a short phrase after a question's mark that qualifies it, not a text given: "sed to swap the
# first 2 fields in a csv? on every line", "how do I sort it? in excel"
_QUALIFIES_ASKED = re.compile(
    r"\A(?:on|in|for|with|using|via|at|by|from|without|across|over|per|inside|within|into)"
    r"(?:\s+[\w'’-]+){1,3}\s*[.!?]*\s*\Z",
    re.IGNORECASE,
)
# a list put in order, read as given text even when its lines are numbered like options
_LIST_EDIT = re.compile(r"\b(?:sort|order|arrange|alphabeti[sz]e|reverse|rank)", re.IGNORECASE)
_GIVEN_VERB = re.compile(
    r"\b(?:fix|correct|proofread|misspel|sort|order|arrang|alphabeti[sz]e|capitali[sz]e"
    r"|capitali[sz]ation|uppercase|lowercase"
    r"|grammar|punctuat|tense|passive\b|(?:into|to|as|a) question|question form|interrogative"
    # (a voice, not a voice memo: "voice memo → text" gives no text)
    r"|voice(?!\s*(?:memo|note|message|mail|recording|call|over|actor))"
    r"|-> ?question|→ ?question"
    r"|translat(?:e|ion)|rephrase|reword|spell|punctuate|reformat|format|bullet|reverse|count(?!r)"
    r"|hashtag"
    r"|grammatical|caps\b|capitals\b|capital letters|(?:title|sentence|upper|lower) ?case"
    r"|(?:kebab|snake|camel|pascal|constant)[ _-]?case"
    r"|comma(?!nd)|csv\b|json\b|one line|single line|join"
    r"|wrong with (?:this|the|my) (?:sentence|phrase)|\ba\s*[–—-]\s*z\b"
    r"|numbered|number (?:these|them|this|each|the)|per line|own line|backwards"
    r"|(?:12|24)[ -]?(?:hour|hr)s?\s+(?:clock|time|format)|24 ?h\b|24[ -]?hr\b|military time"
    r"|flip (?:this|these|them|the|my|it)\b"
    r"|dedup|de-dup|duplicat|repeated|repeats\b|doubles\b|unique"
    r"|(?:each|every) [a-z]+ (?:only )?once)"
)
# a short label before a colon, then a whole question: "For my project: what is 17 times 3?",
# "Follow-up: who wrote it?" (the label is read as context: what needs the cloud there still does)
# (not a topic the question points back to, "Kenya: what is its capital?", nor options it
# chooses between, "Rent or buy: which is smarter?")
_LABEL_POINTED_TO = re.compile(
    r"\b(?:it|its|they|them|their|this|that|these|those|he|she|him|her|his|which|one)\b",
    re.IGNORECASE,
)
_LABEL_BEFORE = re.compile(
    # (nor a language the question is to be put in: "German for: How old are you?")
    r"\A\s*(?!(?:[\w'’-]+\s+){0,4}(?:or|vs|versus)\b)(?![\w'’-]+\s+for\s*:|in\s+[\w'’-]+\s*:)"
    r"((?:[\w'’-]+\s+){0,4}[\w'’-]+)\s*:\s+"
    r"((?:what|who|whom|when|where|which|how|is|are"
    r"|was|were|do|does|did|can|could|name|list|give|tell|define|convert|calculate|translate"
    r"|spell)\b[^\n]*)\Z",
    re.IGNORECASE,
)
# what a request is for, or where it sits, as a label before it: "For my project: ...", "Re:
# ...", "Follow-up: ..."
_PURPOSE_LABEL_CHARS = 60
_PURPOSE_LABEL = re.compile(
    r"\A\s*((?:for|re|regarding)\b[^:?\n]{0,40}?|follow[- ]?up|quick thing|one (?:more )?thing"
    r"|another one|next one|next|note)\s*:\s+(\S[^\n]*)\Z",
    re.IGNORECASE,
)
# ... or an aside that asks nothing, set aside whole: "Quick one before my trip: ...", "Quick
# question to settle a kids' argument: ...", "settle a bet - ..."
_ASIDE_LABEL = re.compile(
    r"\A\s*(?:(?:quick|just a quick|a quick) (?:one|q|question|check)\b"
    r"(?:\s+before\s+(?:my|our|the)\s+[\w'’-]+)?(?:\s+(?:to\s+)?(?=settle\b))?)?"
    r"(?:(?:just\s+)?(?:to\s+)?settle (?:a|an|the|our|my)\s+(?:[\w'’-]+\s+){0,2}?"
    r"(?:bet|argument|debate|dispute|disagreement))?"
    r"(?<=[a-z])\s*(?::|\s[-–—])\s+(\S[^\n]*)\Z",
    re.IGNORECASE,
)
# a format asked for and then the text, with no colon between: "make this all caps happy birthday
# grandma rose", "make this a question the train leaves at noon" (not what a list is to be of:
# "make this a list of ideas for ...")
_FORMAT_VERBS = ("make", "turn", "put", "change", "convert", "write")
# (how the request may be asked, and the words that start no given text)
_ASKED_POLITELY = r"(?:(?:can|could) (?:you|u) |pls |please )?"
_NOT_GIVEN_START = r"of|for|about|with|that|which|and|so|but|from|to|in|on|pls|please|thanks"
_FORMAT_THEN_TEXT = re.compile(
    rf"\A\s*({_ASKED_POLITELY}(?:{'|'.join(_FORMAT_VERBS)})"
    r" (?:this|these|it) (?:in(?:to)? |to |as )?(?:all caps|caps|capitals|capital letters"
    r"|upper ?case|lower ?case|title case|titel case|sentence case|a question|a list"
    r"(?: (?:separated|seperated) by commas)?|comma separated|the passive(?: voice)?|passive"
    r"|past tense|plural|bullet points|alphabetical order)(?:,? (?:pls|please|plz))?)\s*[,-]?\s+"
    rf"(?!(?:{_NOT_GIVEN_START})\b)"
    r"([^:\n]{3,150})\Z",
    re.IGNORECASE,
)
# ... and a fix asked, then the text with no mark between: "correct this for me their going to
# the park tomorow", "spell check this pls The movie was realy suprising" (not what names the
# text, nor what is the asker's: "correct this sentence", "fix this for me my car is broken")
_FIX_VERBS = ("correct", "fix", "proofread", "spell check", "spellcheck")
_FIX_THEN_TEXT = re.compile(
    rf"\A\s*({_ASKED_POLITELY}(?:{'|'.join(_FIX_VERBS)})"
    r" (?:this|these|it)(?: for me)?(?:,? (?:pls|please|plz))?)\s*[,-]?\s+"
    rf"(?!(?:{_NOT_GIVEN_START}|is|was"
    r"|sentence|text|line|one|paragraph|email|message|essay|list|my|our|your)\b)"
    r"([^:\n]{3,150})\Z",
    re.IGNORECASE,
)
# A short list given on lines of its own ("lion\ntiger\nbear"), before or after what to do to it
_GIVEN_LINE = re.compile(r"\A\s*[^\W\d][\w'’ -]{0,30}\Z")
_GIVEN_LINES = 3
_NOT_LISTED = re.compile("[`(){}=;<>]")
_GIVEN_WORDS = 40
# (the first words of a turn :data:`_FORMAT_THEN_TEXT` or :data:`_FIX_THEN_TEXT` may read)
_FORMAT_FIRST = tuple(
    f"{ask}{verb} {what}"
    for ask in ("", "can you ", "could you ", "can u ", "could u ", "pls ", "please ")
    for verb in (*_FORMAT_VERBS, *_FIX_VERBS)
    for what in ("this", "these", "it")
)
# "given" text that only names what the turn does not give: something of the conversation ("the
# list you gave me earlier", "your last answer") or a document ("my whole resume", "the words in
# my essay")
_NAMES_THE_CHAT = re.compile(
    r"\b(?:you (?:gave|wrote|said|sent|listed|made|suggested|mentioned|just)|earlier|above"
    r"|(?:i|u) (?:just )?(?:wrote|sent|typed|pasted|posted|gave)|messages? ago|from before"
    r"|(?:a|one) (?:minute|moment|few minutes) ago|my (?:first|last|previous) (?:message|paragraph)"
    r"|previous|prev|your (?:last|previous|first|answer|reply|response|list|text)"
    r"|last (?:answer|reply|response|message)|same (?:format|layout|style|structure|template))\b"
    # text named by "that" or "those", all there is: "that list → A–Z"
    r"|\A\s*(?:that|those)\s+(?:[\w-]+\s+)?(?:list|paragraph|text|table|sentences?|names|items"
    r"|words|numbers|measurements|e-?mail|notes|steps)\s*[.!?]*\Z"
    # a caret or an arrow pointing up at it: "table ↑ → CSV"
    r"|(?:\A|\s|(?<=[^\w\s^]))(?:\^+|↑|⬆\ufe0f?|👆|☝\ufe0f?)(?:\s|\Z)"
    r"|(?:\A|\b(?:in|of|from|on)\s+)(?:my|our|your|his|her|their|the whole|the entire|the full)"
    r"\s+(?:[\w-]+\s+){0,2}?(?:code|essays?|resume|résumé|cv|documents?|docs?|files?|reports?"
    r"|papers?|thesis|dissertation|emails?|spreadsheets?|notes|chapters?|scripts?|programs?"
    r"|website|slides|presentation|manuscript|drafts?|articles?|contracts?|cover letter)"
    r"\s*[.!?]*\Z"
)
_NAMES_THE_CHAT_WORDS = 14
# "given" text that is a format or a kind of file alone: "csv → json", "pdf → bullet points" (the
# data in it is not given)
_FORMAT_ALONE = re.compile(
    r"\s*(?:(?:the|this|my|that)\s+)?(?:csv|tsv|json|yaml|yml|xml|html|markdown|excel|pdf|docx?|file"
    r"|attachment|url|link|web ?page|page|website|image|photo|pic|picture|screenshot|video|audio"
    r"|recording|transcript|voicemail|e-?mail|spreadsheet|slides|receipt|invoice)\s*\Z",
    re.I,
)
# ... or, in a few words, names a picture or a file, or a count of things to write: "screenshot
# table → CSV", "attached .docx cover letter → proofread", "Grade 3 spelling: 100 words +
# sentences", "Africa: country, capital, currency → all 54" (the text is in the file, or is the
# answer)
_NAMES_NO_TEXT = re.compile(
    r"\b(?:picture|photo|pic|image|screenshot|scan|x-?ray|video|recording|attached|attachment"
    r"|pdf)s?\b|\b(?:scanned|photographed)\b|\.(?:docx?|pdf|xlsx?|pptx?|odt|png|jpe?g|heic)\b"
    r"|[\U0001F4F7\U0001F4F8]|\A\s*(?:[2-9]\d|[1-9]\d{2,})\s+(?:[a-z-]+\s+)?(?:words"
    r"|sentences|questions|examples|ideas|items|names|facts)\b|\A\s*all\s+(?:the\s+)?\d+\s*[?.!]*\s*\Z"
    # (a large set named by its count alone: "50 states → capitals", "195 countries → ...")
    r"|\A\s*(?:all\s+)?(?:[2-9]\d|[1-9]\d{2,})\s+(?:[a-z-]+\s+)?[a-z-]+s\s*\Z"
    # (... or by "every": "every town → county")
    r"|\A\s*(?:every|each)\s+[a-z-]+\s*\Z",
    re.I,
)
_NAMES_NO_TEXT_WORDS = 5
# ... or only names something of the asker's, with no verb to make it a sentence to edit: "my
# contacts → JSON", "Convert this to JSON: my bank transactions from last month", "the notes from
# our meeting" (not "my freind is nice", "your welcome to pick up the order")
_NAMES_YOURS = re.compile(
    r"\s*(?:[^\w\s'\"‘’“”(\[]+\s*)?(?:(?:all\s+(?:of\s+)?|every\s+)?(?:the\s+)?[\w-]+(?:\s+[\w-]+)?\s+(?:from|of|for|in|on)\s+)?"
    r"(?:my|our|your|ur)\s+"
    r"(?![^\n,]*\b(?:is|are|was|were|am|be|been|have|has|had|do|does|did"
    r"|can|will|would|should|go|goes|went|get|gets|got|like|likes|love|loves|want|wants|need|needs"
    r"|make|makes|made|welcome|pick|take|come|see|let|help|know|think|say|tell|give|find|look"
    r"|try|ask|feel|keep|bring|buy|eat|play|meet|call)\b)[^\n,]{1,60}\Z"
)
# "what 13 plus 29 is?", "where Big Ben is", "what frugal means", "what WHO stands for"
_INDIRECT = re.compile(
    r"\A\s*(what|who|where|which \w+|how (?:many|much) \w+(?: \w+)?)\s+(\S.{0,60}?)\s+"
    r"(is|are|was|were|means|stands for|is short for)\s*[?.!]*\s*\Z",
    re.IGNORECASE,
)
# "what does 1250 + 730 come to?" asks for the result of the sum
_RESULT = re.compile(
    r"\A\s*what (?:does|is|do) ([^\n]{0,60}?\d[^\n]{0,60}?)\s+"
    r"(?:come to|equal|equal to|make|add up to|added together)\s*[?.!]*\s*\Z",
    re.IGNORECASE,
)
# "what do 19 and 23 add up to?"
_SUM_OF = re.compile(r"\A(-?[\d.,]+) and (-?[\d.,]+)\Z")
# a multiple-choice stem to complete: "6 times 7 is:", "The capital of Kenya is", "6 x 7 ="
# an inch mark after a number, alone (not one of a pair of quotes): "a 14" circle"
_INCH_MARK = re.compile(r'(?<=\d)"(?=[\s,.?!]|\Z)')
# a sum under a label of a few words: "Balance after withdrawal: 1250 - 385 = ?" (not a list:
# "Sort ascending: 58, 12, 91"; and not an exam item's, whose sums of three digits the weak model
# of the RouteLLM evaluations got wrong 3 times in 4: "Find the exact answer: 365 + 56")
_LABELLED_SUM = re.compile(
    r"\A\s*([A-Za-z][\w'’ ]{0,40}):\s*"
    r"(?=[-$(]?\d[\d,.]*\s*[-+*/×÷x]\s*[-$(]?\d[\d\s,.+\-*/×÷x()$%]*(?:=\s*\??)?\s*\Z)"
)
_COMPLETION = re.compile(
    r"\A\s*((?:\S+\s+){0,6}?\S+?)\s*(?:\s(?:is|are|equals?)|=)\s*[:_.?]*\s*\Z", re.IGNORECASE
)
# a stem that completes with a word's meaning: "The word 'x' means:", "gracias translates to"
_MEANS_LAST = re.compile(
    r"\A\s*(?:the\s+(?:[a-z]+\s+)?word\s+)?(\S[^\n]{0,40}?)\s+(?:most\s+(?:nearly|closely)\s+)?"
    r"(?:means|translates?\s+(?:in)?to(?:\s+english)?|translates?\s+as)\s*[:_.]*\s*\Z",
    re.IGNORECASE,
)
_INDIRECT_VERB = {
    "means": ("does", "mean"),
    "stands for": ("does", "stand for"),
    "is short for": ("is", "short for"),
}
# "13 + 29 is what?", "the capital of Chile is what?"
_BACKWARDS = re.compile(r"\A\s*(\S.{0,60}?)\s+(?:is|are|equals?)\s+what\s*\??\s*\Z", re.IGNORECASE)
# 'x' or "x" or “x”: a single quote opens after a non-word character and closes before one,
# so apostrophes ("don't", "the dogs' owners") are left alone.
# An apostrophe between letters inside single quotes is one ('She don't like it').
_FIX_AFTER_QUOTE = re.compile(
    r"\A(.*?)\s*\x27x\x27\s*[.!?]?\s*(?:(?:can|could|would) (?:you|u)\s+|please\s+|pls\s+)?"
    r"(fix|correct|proofread)\s+(?:it|this|that|the (?:sentence|spelling|grammar))(?:\s+for me)?"
    r"(?:,?\s+(?:please|pls))?\s*[?.!]*\s*\Z",
    re.IGNORECASE,
)
_NAMES_CODE = re.compile(
    r"\b(?:errors?|exceptions?|bugs?|crash(?:es|ed)?|traceback|stack trace|code|script|function"
    r"|query|command|formula|regex|program|compiler|console|terminal|log)\b",
    re.IGNORECASE,
)
_FIX_IF_NOT = re.compile(
    r"\A\s*(?:if not|if so|if needed|if there are any|otherwise)\s*,?\s+(?:please\s+)?(fix|correct)"
    r"(?:\s+(?:it|this|them|that))?\s*:\s*(\S[^\n]*)\Z",
    re.IGNORECASE,
)
_ASKS_IF_RIGHT = re.compile(
    r"\A\s*(?:is (?:this|it|that|the following)(?: sentence| line)? (?:right|correct|ok|okay"
    r"|grammatical|spelled (?:right|correctly))\s*\??\s*|what(?:['’]s| is) wrong with)?\Z",
    re.IGNORECASE,
)
_CELL_RANGE = re.compile(r"\b[A-Z]{1,2}\d{1,6}:[A-Z]{1,2}\d{1,6}\b")
# a lead-in clause before a request to edit given text
_LEAD_BEFORE_EDIT = re.compile(
    r"\A([^,:\x27\"\n]{3,60}),\s+(?=(?:(?:can|could|would|will) (?:you|u)|pls|please|plz)\b[^:]*:"
    r" \x27x\x27\Z)",
    re.IGNORECASE,
)
_QUOTED = re.compile(
    r"\"[^\"\n]{1,60}\"|“[^”\n]{1,60}”|‘[^’\n]{1,60}’"
    r"|(?<!\w)'(?:[^'\n]|(?<=\w)'(?=\w)){1,60}'(?!\w)"
)


# A sentence or clause around the question that says why it is asked, not what: "I'm baking a
# cake.", "My son asked me this:", "Just wondering,", "I need it for a crossword." The question
# is read without it; the classifier still reads it for what needs the cloud (code, news...).
# (not after an abbreviation before its number: "Pride and Prejudice ch. 3 → summary", "Art. 17")
_SENTENCE_BREAK = re.compile(
    r"(?<=[.!?:;])(?:(?=\s+\D)|(?<!\bch\.)(?<!\bCh\.)(?<!\bno\.)(?<!\bNo\.)(?<!\bpp\.)(?<!\bvs\.)"
    r"(?<!\bart\.)(?<!\bArt\.)(?<!\bvol\.)(?<!\bVol\.)(?<!\bsec\.)(?<!\bSec\.)(?<!\bfig\.)"
    r"(?<!\bFig\.)(?<!\bchs\.))\s+(?=\S)"
)
# (or a dash after a sentence of the asker's, before a question: "saw a poster of the Mona Lisa
# today - who painted it?"; not after a quote, the text asked about, nor an instruction, nor a
# topic: "Money transfer to India - which service do you recommend?")
_DASH_BREAK = re.compile(r"(?<![\"'”’])\s+-+\s+(?=(?i:who|what|when|where|which|how)\b)")
# the words a request starts with
_REQUEST = (
    r"what|who|whom|whose|where|when|which|how|is|are|was|were|do|does|did|can|could"
    r"|convert|translate|define|spell|name|list|tell|give"
)
_LEAD_CLAUSE = re.compile(
    rf"\A([^,?:;\n\d]{{2,40}}),\s+(?=(?:{_REQUEST})\b)",
    re.IGNORECASE,
)
# (a lead-in with a number is set aside only when the question points back to its quantity:
# "my run was 7.2 km, how many meters is that")
_LEAD_QUANTITY = re.compile(r"\A([^,?:;\n]{2,60}),\s+(?=(?:how|what)\b)", re.IGNORECASE)
# A question that points back into its context ("Who wrote it?") needs that context to mean
# anything, so it is not read alone.
_POINTERS = (
    *("it", "its", "that", "this", "these", "those", "they", "them", "their", "he", "she"),
    *("him", "her", "his"),
)
_BACK_REFERENCE = re.compile(
    rf"\b(?:{'|'.join(_POINTERS)})\b|\bthere\s*[?.!]*\s*\Z",
    re.IGNORECASE,
)
# ... unless it is a lookup about the one quantity or name its context holds: "The shelf is 45
# cm deep. How many millimetres is that?" asks how many millimetres 45 cm is, "I'm reading Pride
# and Prejudice. Who wrote it?" who wrote 'x', as a quoted title reads.
_ASKS_QUANTITY = re.compile(
    r"\A\s*(?:how (?:many|much|far|long|big|heavy|tall|hot|cold)\b[^,;:?]{0,30}?\b(?:is|are|was)"
    r"|what(?:['’]s| is| was)|how(?:['’]s|s| is)(?=\s+(?:it|that|this)\s+in\b))"
    r"\s+(it|that|this)(?:\s+in\b[^,;:?]{1,30})?\s*[?.!]*\s*\Z",
    re.IGNORECASE,
)
# ("how's that in kW?" asks what it is in kW)
_HOWS = re.compile(r"\A\s*how(?:['’]s|s| is)\s+", re.IGNORECASE)
# "I have a list: pear, fig, kiwi. Please sort it alphabetically.": given text after a colon
# (also asked politely, and as a list put in order: "Can you list them from lowest to highest?")
_ASKS_EDIT = re.compile(
    r"\A\s*(?:(?:can|could|would|will) you\s+)?(?:please\s+)?(sort|order|alphabeti[sz]e|reverse"
    r"|capitali[sz]e|uppercase|lowercase|correct|proofread|punctuate|arrange|put|list)"
    r" (?:it|them|these|this|that)\b([^\n]{0,40})\Z",
    re.IGNORECASE,
)
# ... or its repeats taken out: "My toolbox list has repeats: hammer, tape, hammer. Clean it up?",
# "... I repeated some: red, blue, red. Can you remove the repeats?"
_ASKS_DEDUPE = re.compile(
    r"\A\s*(?:(?:can|could|would|will) you\s+)?(?:please\s+)?(?:(?:remove|take out|delete|drop"
    r"|get rid of|strip) (?:the |any |all )?(?:repeats|duplicates|doubles|dupes)"
    r"|clean (?:it|them|this|that) up)(?: for me)?(?:,? (?:pls|please))?\s*[?.!]*\s*\Z",
    re.IGNORECASE,
)
_IN_ORDER = re.compile(r"\s+(?:from|in)\b", re.IGNORECASE)
_ASKS_NAME = re.compile(
    r"\A\s*(?:(?P<who>who (?:wrote|painted|composed|directed|sang|invented|designed|built"
    r"|discovered|created|founded|sculpted)) (it|that|this)"
    r"|what (?:does|did) (it|that|this) (?:mean|stand for)(?: in [a-z]+)?)\s*[?.!]*\s*\Z",
    re.IGNORECASE,
)
# a number and its unit ("3.5 litres", "5-mile", "350°F", "25 degrees Celsius", "3^4"); money is
# not converted without today's rates
_QUANTITY = re.compile(
    r"(?<![\w.$€£¥])\d[\d,]*(?:\.\d+)?(?:\s*-\s*|\s*)"
    r"(?:°\s*[CFcf]\b|\^\s*\d+\b|degrees?\s+[A-Za-z]+|(?!(?:a|an|the|and|or|to|in|on|at|of|for|per"
    r"|by|x|times)\b)[A-Za-z]+\b)"
)
_MONEY = re.compile(
    r"[$€£¥]|\b(?:dollars?|euros?|yen|usd|eur|gbp|jpy|cents?|bucks|pesos?|rupees?|francs?|yuan"
    r"|currency)\b",
    re.IGNORECASE,
)
# a name the context gives: "the word ephemeral", "always says arigato", a title
_NAMED_WORD = re.compile(
    r"\bthe (?:word|term|phrase|expression|acronym|abbreviation) [^\W\d][\w'’-]*"
    r"|\b(?:says|said|writes|wrote|keeps saying|calls me|called me) "
    r"(?!(?:me|you|him|her|it|us|them|this|that|something|so|back|hello|hi)\b)[^\W\d][\w'’-]*"
    r"[.!]?\Z",
    re.IGNORECASE,
)
_TITLE = re.compile(
    r"(?<=\s)(?:(?:The|A|An) )?[A-Z][\w'’-]*(?: (?:of|the|and|in|on|a|an)(?= [A-Z]))?"
    r"(?: (?:(?:of|the|and|in|on|a|an) )?[A-Z][\w'’-]*)*"
)
# "that" after a plural noun and before a verb starts a relative clause ("mammals that live in
# the ocean"), not a pointer
_RELATIVE_THAT = re.compile(
    r"\b(?!(?:does|was|has|is|says|means|goes|as|us|yes|plus|thus)\b)[A-Za-z]{2,}s that"
    r" (?!(?:is|was|are|were|means?|does|did|do)\b)(?=[a-z])",
)
# "they" of the people of a place the question names is no pointer: "What currency do they use
# in Japan?"
_PEOPLE_THEY = re.compile(
    r"\bdo they (?:(?:mainly|mostly|usually|normally|generally|commonly|typically)\s+)?"
    r"(?:use|speak|call|drive|say|celebrate|write|pay)\b"
    r"(?=[^?.!]*\bin (?:the )?[A-Z])"
)
# a possessive after a name the question gives itself points at that name, not into the context:
# "In which year did the Wright brothers first fly their powered airplane?"
_OWN_POSSESSIVE = re.compile(
    r"\A\S+\s+(?:[^?.!]*?\s)?(?!I\b)[A-Z][\w'’-]*\b[^?.!]*?\b(its|their|his)\b"
)
_CONTEXT_WORDS = 24
_BREAK_MARK = re.compile("[.:!?;,] ")
_DIGIT = re.compile(r"\d")
# context is prose: a turn with code's characters or several lines is read whole
_NOT_PROSE = re.compile("[\n(){}\\[\\];=<>`]")
# A short question and its context; longer turns are not split (nor read in canonical form:
# every form :func:`_canonical` knows is a short question).
_QUESTION_WORDS = 20
_CONTEXT_SCAN = _QUESTION_WORDS + _CONTEXT_WORDS
# A lead-in that sets the question's terms is part of the question, not its context: "In the
# projectively extended reals, what is 1/0?", "Assuming no friction, ..."
_QUALIFIES = re.compile(
    r"\A\s*(?:in|on|at|for|under|within|according|assuming|assume|suppose|supposing|given|if"
    r"|when|considering|as|from|by|using|with|without|regarding|about)\b",
    re.IGNORECASE,
)
# After the question, only a remark of the asker's own: "I need it for a crossword.", as typed or
# texted, in lower case, or about the asker's own things ("my scale only does grams"), unless it
# asks for more ("? my teacher wants a detailed essay", ", we need it too") (a clarification,
# "the one which ...", changes what is asked)
# (and what chat starts a remark with: "? its my dogs weight", ", cant work it out", ", signed up
# for my first race lol", "? in my country we use kg")
_TEXTED_ASIDE = (
    r"its|it's|it’s|in my|cant|can't|can’t|dont|don't|don’t|signed up|just started|started"
    r"|trying|doing|helping"
    # (where the asker met the word: "? saw it on a cruise ad", "? ppl keep saying it")
    r"|saw|seen|heard|came across|ppl|people|everyone|every1"
)
_AFTERWORD_TEXTED = re.compile(
    r"\A(?:i|i'm|i’m|im|i've|i’ve|my|we|we're|we’re|our|just|asking|curious|thanks|thank"
    rf"|{_TEXTED_ASIDE})\b",
    re.IGNORECASE,
)
# ... or what the answer is for, in a few words: "? need it for my trip", "? it's for a school
# project"
# (the classifier's test of a story reads it too)
_PURPOSE_BODY = (
    r"(?:(?:(?:i\s+)?(?:need|needed|want|wanted)\s+(?:it|this|that)|it['’]?s|its|this is)"
    r"\s+(?:for|4)\s+"
    r"(?:(?:my|our|a|an|the|his|her|their)\s+)?[\w'’-]+(?:\s+[\w'’-]+){0,2}"
    # (or the schoolwork it is for, alone: "..., for my sons homework")
    r"|for\s+(?:my|our|his|her|their)\s+(?:[\w'’-]+\s+)?(?:homework|class|quiz|project|assignment"
    r"|revision|worksheet|studies|exam|test|drawing|poster|colouring|coloring|scrapbook)"
    # (or the thing it is written on: "? for a card to my coworker", ", for a sign")
    r"|for\s+(?:a|an|my|our|the)\s+(?:[\w'’-]+\s+){0,4}?(?:card|sign|poster|label|note|banner|cake"
    r"|toast|speech|caption|tattoo|mug|t-?shirt)(?:\s+(?:to|for|from|at|in)\s+[\w'’-]+"
    r"(?:\s+[\w'’-]+)?)?)"
)
PURPOSE_REMARK = rf"{_PURPOSE_BODY}\s*[.!]*\s*\Z"
_PURPOSE_AFTER = re.compile(rf"\A{PURPOSE_REMARK}", re.IGNORECASE)
# ... a sentence of its own in a question's context, ended by a stop or by the next sentence's
# capital ("It's for a sauna story. How much is 80 degrees Celsius in Fahrenheit?")
_PURPOSE_SENTENCE = re.compile(
    rf"(?:\A|(?<=[.!?] ))(?i:{_PURPOSE_BODY})(?:\s*[.!]+|(?=\s+[A-Z])|\s*\Z)\s*"
)


# ... and a piece of writing the asker has had, told of by what it says ("the letter says the
# EGM is on friday")
_WRITING_HAD = re.compile(
    r"\b(?:the|my|our|an?|his|her|their)\s+(?:letter|email|e-mail|note|notice|invite|invitation"
    r"|message|text|card|memo|newsletter)\s+(?=(?:says|said|reads|saying|mentions)\b)",
    re.IGNORECASE,
)


def writing_not_asked(context: str) -> str:
    """``context`` without the writing it names that is not asked for: a sentence that says
    what the answer is for (the asker's "story" or "essay"), and a letter or a note the asker
    has had, told of by what it says. A question's context is read for what needs the cloud.

    >>> writing_not_asked("It's for a sauna story How much is 80 C in F?")
    'How much is 80 C in F?'
    >>> writing_not_asked("the letter says the EGM is on friday.")
    'it says the EGM is on friday.'
    >>> writing_not_asked("Write me a story.")
    'Write me a story.'
    """
    if "for" in context or " 4 " in context:
        context = _PURPOSE_SENTENCE.sub("", context)
    if " says" in context or "saying" in context:
        context = _WRITING_HAD.sub("it ", context)
    if " to " in context:
        context = _KIN_USE_FOUND.sub("", context)
    return context


_TOO_ALSO = r"too(?!\s+(?!(?:lol|lmao|haha|pls|plz|please|thx|thanks|n|and|but|rn|tbh|btw)\b)[a-z])"
_ASKS_MORE = re.compile(
    r"\b(?:wants?|wanted|needs?|needed|requires?|expects?|should|must|has to|have to|also|more"
    # ("too" before a word it grades is no "also": "my flatmate says mine are way too fat")
    rf"|{_TOO_ALSO})\b",
    re.IGNORECASE,
)
# ... or asks the model to act, or asks again: "? saw it on a cruise ad, book me one", "? heard it
# changes, what is it in Denver today"
_ACTS = re.compile(
    r"\b(?:(?:tell|give|show|get|let|teach|walk|talk|text|call) me"
    r"|book(?! club| group| day| week| fair| report)|send|order|buy|email|remind|schedule|find"
    r"|price|cost"
    r"|summari[sz]e|sum up|write|explain|draft|plan|make|create|translate"
    r"|set|convert|do|help|check|compare|recommend|suggest|calculate|work out|what|which|how|who"
    r"|today|now|tonight)\b",
    re.IGNORECASE,
)
# (what one of the asker's people wants to do with the answer: "niece wants to send a fan letter")
_KIN_USE = (
    r"(?:my\s+)?(?:niece|nephew|son|daughter|kid|kids|mum|mom|dad|wife|husband|bf|gf|boyfriend"
    r"|girlfriend|partner|grandson|granddaughter|sister|brother|cousin|flatmate|roommate)"
    r"\s+(?:wants|needs|is going|is trying)\s+to\s+(?:send|write|make|draw|give|post|sing|say"
    r"|read|show|use|put)\s+(?:[a-z]+\s+){0,3}?(?:letter|card|note|poster|drawing|picture|song"
    r"|speech|present|gift|it|them)\b"
)
_KIN_USE_FOUND = re.compile(_KIN_USE, re.IGNORECASE)
# (the asker's use of the answer, or a thing the asker wants not to do: "i want to say it at
# bedtime", "dont want to make it mexican by accident")
_OWN_USE = re.compile(
    r"\b(?:(?:i|we|im|i'm|i’m)\s+(?:really\s+)?(?:want|wanna|need)\s+(?:to\s+)?"
    r"(?:say|use|tell|write|put|text|sing|read|show|sign)\s+(?:it|this|that|them|her|him)"
    r"(?:\s+(?:properly|right|correctly|myself))?"
    r"|(?:i\s+)?(?:dont|don't|don’t|do not)\s+(?:want|wanna)\s+(?:to\s+)?[a-z]+"
    # ... or the asker's own task: "n i have to write the newsletter bit"
    r"|(?:i|we|im|i'm|i’m)\s+(?:have|need|got)\s+to\s+(?:write|do|make|finish)\s+(?:the|my|our|a)\s+"
    r"(?:[a-z]+\s+){0,2}?(?:bit|part|section|newsletter|card|poster|sign|speech|toast|caption)"
    # ... or what one of the asker's people wants to do with it: "niece wants to send a fan
    # letter"
    rf"|{_KIN_USE}"
    # ... or what the asker will decide by it: "trying to guess how much wool to buy"
    r"|(?:trying|want|wanna|need)\s+to\s+(?:guess|figure out|work out|decide|know)"
    r"\s+how\s+(?:much|many)\s+(?:[a-z]+\s+)?to\s+(?:buy|get|bring|order|make|pack|cook))\b",
    re.IGNORECASE,
)
# ... or a clarification of the question: "? like all of them together?", "? I mean in total?"
# ... or which of two of the name it means: "who wrote the jungle book? the actual book not the
# cartoon"
_CLARIFIES = re.compile(
    r"\A(?:like|i mean|as in|the (?:actual|original|real|proper) [a-z]+,? not (?:the )?[a-z]+"
    r"|the (?:[a-z]+ ){1,4}(?:one|guy|man|woman|lady|bloke|person)\b(?=[.,!]))\b",
    re.IGNORECASE,
)
# ... or, texted in lower case, any short remark that asks nothing and does not go on with the
# question: "? kid asked on the way home and i panicked", "? pub quiz tie breaker, everyone's
# arguing" (not one that qualifies it, "? in london", "? the one in Paris", "? and its capital")
_BARE_ASIDE_WORDS = 14
# (a sentence of its own is no qualifier, though it opens as one: "? the cardinals are eating
# me out of house n home", not "? the one that is bigger")
_OWN_CLAUSE = re.compile(
    r"\A(?:the|this|that|these|those)\s+(?!(?:one|ones|other|others|same|first|last|rest)\b)"
    r"(?:[a-z]+\s+){0,2}?(?:is|are|was|were|has|have|had|keeps|kept|won't|wont|isn't|aren't"
    r"|just|already|always|never|wants|want|says|said)\b"
)
# (an apostrophe inside a word, or after a plural's s, is no quote: "we're losing badly", "the
# kids' snacks")
_IN_WORD_APOSTROPHE = re.compile(r"(?<=[a-z])['’](?=[a-z])|(?<=[a-z]s)['’](?=\s)")
# (what was said to the asker, what they know or forget, or an oath asks nothing: "my son asked
# me", "cant remember what i paid for lol", "god help us")
_TOLD_ME = re.compile(
    r"\b(?:(?:asked|told|showed|taught|sent|gave) me"
    r"|(?:remember|know|knew|forgot|forget|recall|sure) (?:what|which|how|who)"
    r"|(?:god|heaven|lord) help (?:us|me))\b"
)
# (a need of the asker's own is no more asked of the model, "need a cover before the leaves get
# in"; a longer answer is, "teacher wants a detailed one")
_ASKS_MORE_ASIDE = re.compile(
    rf"\b(?:also|{_TOO_ALSO}|more|should|must|has to|have to|detailed|details|essay|explain\w*"
    r"|steps?|full|long|longer|list|examples?|sources?|references?|refs|citations?|studies|links?|why"
    r"|how)\b"
)
_GOES_ON = re.compile(
    r"\A(?:and|or|but|also|plus|then|so|the|a|an|this|that|these|those|which|what|who|whom|whose"
    r"|how|where|when|why|is|are|was|were|do|does|did|can|could|would|should|will|not|no|only"
    r"|except|other|than|vs|versus|instead|rather|including|excluding|etc|e\.g|i\.e|ie|eg"
    r"|in|on|at|for|under|within|according|assuming|assume|suppose|given|if|unless|as|from|by"
    r"|using|with|without|regarding|about|after|before|since|until|till|during|near|per|into"
    r"|over|between|among|like|i mean|both|either|neither|each|every|all(?! (?:new|greek) to me)"
    r"|any|some|more|less"
    r"|most|least|exactly|approx\w*|roughly|about|round\w*|to|of)\b",
    re.IGNORECASE,
)
# ... also after a comma: "how many miles is 120 km, im driving in france"
_AFTER_COMMA = re.compile(
    r"\A([^,;:?\n]{6,120}?),\s+((?:i|i'm|i’m|im|i've|i’ve|my|we|we're|we’re|our|off to|heading to"
    rf"|for(?=\s+(?:my|our|his|her|their|an?\s+(?:card|sign|poster|label|note|banner)\b)\b)"
    rf"|{_TEXTED_ASIDE})\b[^,;:?\n]{{2,60}})\Z",
    re.IGNORECASE,
)
# Without a question mark, the part after the context must start as a request does (after a
# colon, anything else is given text: "Arrange alphabetically: pear, fig").
_ASKS = re.compile(
    rf"\A\s*(?:please\s+)?(?:{_REQUEST}|calculate|compute|find|work out"
    r"|(?:add|subtract|multiply|divide)(?= -?\d)"
    r"|(?:sort|order|alphabeti[sz]e|reverse|capitali[sz]e|correct|proofread|punctuate)"
    r" (?:it|them|these|this|that))\b"
    r"|\A\s*\d",
    re.IGNORECASE,
)
_WH_START = re.compile(r"\A\s*(?:what|who|whom|whose|where|when|which|how|why)\b", re.IGNORECASE)
# Canonical forms of one question put many ways: "where's", "which person invented", "the
# actor who played", "Everest is how tall?", "iron's symbol?"
_CONTRACTION = re.compile(r"\b(where|who|when)['’]s\b", re.IGNORECASE)
_WHICH_PERSON = re.compile(
    r"\A\s*(?:which|what) (?:person|individual|man|woman|people|guy|lady)\b", re.IGNORECASE
)
_THE_ONE_WHO = re.compile(
    r"\A\s*(?:who (?:was|is) )?the (?:actor|actress|person|man|woman|one|guy|lady|artist|singer"
    r"|scientist|writer|author|composer|painter|inventor) (?:who|that) (?=\w)",
    re.IGNORECASE,
)
_BACKWARDS_WH = re.compile(
    r"\A\s*(\S.{0,60}?)\s+(is|are|was|were)\s+(?:located\s+)?((?:in |on |at |from )?"
    r"(?:where|who|when|which \w+|what \w+|how (?:tall|old|far|big|long|high|deep|large|heavy"
    r"|wide|many \w+(?: \w+)?|much)))\s*\??\s*\Z",
    re.IGNORECASE,
)
# a short list and the order asked, after it or before it
_IN_ALPHABET = r"(?:a\s*(?:→|->|to|-|–|—)\s*z|abc|alphabetical(?:ly)?)"
_ITEM = r"[^\W\d][\w'’-]*(?: [\w'’-]+){0,2}"  # a word or three
_ORDER_AFTER = re.compile(
    rf"\A\s*(?P<items>(?:{_ITEM}\s*[,/]\s*){{2,9}}{_ITEM}?)\s*[,—–-]?\s+(?:in|into)\s+"
    rf"{_IN_ALPHABET}\s+order(?:\s+(?:that['’]?s|is|pls|please))?\s*[?.!]*\s*\Z",
    re.IGNORECASE,
)
# (before the list, after a colon or an arrow, or with the words of a short list of names alone
# after it: "alphabetical order Patel Okafor Lindqvist")
_ORDER_BEFORE = re.compile(
    rf"\A\s*{_IN_ALPHABET}(?:\s+order)?(?:\s+(?:pls|please))?\s*(?:(?::|→|->)\s*"
    rf"(?P<items>(?:{_ITEM}\s*[,/]\s*){{1,9}}{_ITEM})"
    r"|(?<=order)\s+(?P<names>(?!(?:of|the|for|in|my|your|our|these|this|them|all)\b)[^\W\d]+"
    r"(?:\s+(?!(?:of|the|for|in|my|your|our|and)\b)[^\W\d]+){1,8}))\s*[?.!]*\s*\Z",
    re.IGNORECASE,
)
# "opposite: generous", "potassium → symbol": a word's form asked as a label (one or two words)
_LABELS = (
    r"(?P<label>opposite|antonym|synonym|plural|singular|past tense|past participle"
    r"|chemical symbol|symbol|capital|capital city|currency)"
)
_LABEL_FIRST = re.compile(
    rf"\A\s*{_LABELS}\s*(?:of\s*)?:\s*['\"‘“]?(?P<word>[^\W\d][\w'-]*(?: [\w'-]+)?)['\"’”]?"
    r"\s*[?.!]*\s*\Z",
    re.IGNORECASE,
)
# a term, then what is asked of it: "Cooking term: julienne. Meaning?", "goose. Plural?"
_ASKED_LABELS = (
    *("meaning", "definition", "define", "def", "plural", "opposite", "synonym", "antonym"),
    "past tense",
)
_LABEL_ASKED = re.compile(
    r"\A\s*(?:[A-Za-z]+(?: [A-Za-z]+)? (?:term|word)\s*:\s*)?"
    # (a term of up to three words, not one that points back: "the second one, plural?")
    r"['\"‘“]?(?![^\n]*\b(?i:this|that|these|those|it|its|my|your|our|one|ones|above|previous"
    r"|earlier|last|former|latter)\b)(?P<word>[^\W\d][\w'-]*(?: [^\W\d][\w'-]*){0,2}?)['\"’”]?"
    rf"\s*[.:,–—-]\s*(?P<label>{'|'.join(_ASKED_LABELS)})\s*\??\s*\Z",
    re.IGNORECASE,
)
_LABEL_LAST = re.compile(
    r"\A\s*(?:(?:the\s+)?(?:element|word|country)\s+)?(?P<word>[^\W\d][\w'-]*(?: [\w'-]+)?)\s*"
    rf"(?:→|->)\s*{_LABELS}\s*\??\s*\Z",
    re.IGNORECASE,
)
# a kind, then the count asked: "swimming strokes list four", "sea mammals, give me 3"
_COUNTS = ("two", "three", "four", "five", "six", "seven", "eight", "nine")
_THEM_ENDS = (
    *("them", "them all", "those", "these", "em", "em all", "those all", "these all"),
    *("they", "they all", "one per line", "in order", "please", "pls"),
)
_COUNT_LAST = re.compile(
    r"\A\s*([a-z][a-z ]{2,40}?)\s*(?:[,:-]\s*(?:(?:give me|gimme|name|list)\s+(?:all\s+)?)?"
    r"|\s(?:give me|gimme|name|list|examples(?: list)?)\s+|\sx\s*)"
    rf"([2-9]|{'|'.join(_COUNTS)})\s*[.!?]*\s*\Z",
    re.IGNORECASE,
)
# a kind, then all of it asked for: "Continents - list them all", "the planets, name them",
# "Continents of the world - list them, one per line", "the noble gases: what are they?"
_LIST_THEM = re.compile(
    r"\A\s*(?:the\s+)?([a-z][a-z ]{2,40}?)\s*[,:-]\s*(?:(?:list|name|give me|gimme|tell me)"
    r"\s+(?:them|those|these|em)(?:\s+all)?|(?:what|which) are (?:they|those|these|them)(?: all)?)"
    r"(?:\s*,\s*(?:one per line|in order|please|pls))?\s*[.!?]*\s*\Z",
    re.IGNORECASE,
)
# ... or a kind of things named, then "list": "Great Lakes list", "chess pieces list" (a kind in
# the plural, not a list of the asker's: "grocery list", "my films list")
_KIND_LIST = re.compile(
    r"\A\s*(?:the\s+)?(?!(?:my|our|your|his|her|their|top|best)\b)([^\W\d][\w'’ -]{1,40}?s)"
    r"\s*[,:-]?\s*list\s*[.!?]*\s*\Z",
    re.IGNORECASE,
)
# ... or as examples: "examples of root veg? just 3", "instruments w/ strings, 3 examples"
_COUNT_EXAMPLES = re.compile(
    r"\A\s*(?:examples of\s+([a-z][a-z /]{2,40}?)\s*[?,:-]\s*(?:just |only )?"
    rf"([2-9]|{'|'.join(_COUNTS)})|([a-z][a-z /]{{2,40}}?)\s*[,:-]\s*([2-9]|{'|'.join(_COUNTS)})"
    r" examples)\s*[.!?]*\s*\Z",
    re.IGNORECASE,
)
_COUNT_OR_THEM = re.compile(
    f"{_COUNT_LAST.pattern}|{_LIST_THEM.pattern}|{_COUNT_EXAMPLES.pattern}", re.IGNORECASE
)
# two spellings of a word to choose between: "Is it 'calender' or 'calendar'?", "a / b?"
_SPELLING_CHOICE = re.compile(
    r"\A\s*(?:(?:is it|which is (?:it|right|correct)|spelling|spelled|spelt)[\s:,]*)?"
    r"['\"‘“]?([A-Za-z]{4,20})['\"’”]?\s*,?\s*(?:or|/|vs\.?)\s*['\"‘“]?([A-Za-z]{4,20})['\"’”]?"
    r"\s*[,:;-]?\s*(?:(?:which|what) (?:one |spelling )?is (?:right|correct|it)|which one"
    r"|(?:the )?(?:right|correct) (?:one|spelling))?\s*[?.!]*\s*\Z",
    re.IGNORECASE,
)
# "A baby kangaroo is called what?"
_CALLED_WHAT = re.compile(
    r"\A\s*(\S.{0,60}?)\s+(is|are|was|were)\s+(called|known as|named)\s+what\s*\??\s*\Z",
    re.IGNORECASE,
)
# "X would be which animals?", "X are which ones?", "X is which?": what X is (a list if counted)
_WHICH_LAST = re.compile(
    r"\A\s*(\S.{0,60}?)\s+(is|are|would be|will be)\s+which(?: (\w+))?\s*\??\s*\Z",
    re.IGNORECASE,
)
_COUNT_FIRST = re.compile(rf"\A\s*(?:the\s+)?(?:\d+|{'|'.join(_COUNTS)}|ten)\b", re.IGNORECASE)
# "The Model T was introduced in which year?", "Paella comes from which country?"
_PASSIVE_WH = re.compile(
    r"\A\s*(\S.{0,60}?)\s+(is|are|was|were)\s+(\w+(?:ed|en)|made|built|held|found|born|known"
    r"|sold|won|sung|led|set|first \w+ed)\s+(?:(in|on|at|from|for)\s+)?(which \w+|what \w+)"
    r"\s*\??\s*\Z",
    re.IGNORECASE,
)
_VERB_BASES = {
    **{v: (b, False) for v, b in (("comes", "come"), ("originates", "originate"))},
    **{v: (b, False) for v, b in (("belongs", "belong"), ("lives", "live"), ("grows", "grow"))},
    **{v: (b, True) for v, b in (("came", "come"), ("originated", "originate"))},
    **{v: (b, True) for v, b in (("belonged", "belong"), ("lived", "live"), ("grew", "grow"))},
}
_ACTIVE_WH = re.compile(
    r"\A\s*(\S.{0,60}?)\s+(" + "|".join(_VERB_BASES) + r")\s+(from|in|to|on)\s+"
    r"(which \w+|what \w+)\s*\??\s*\Z",
    re.IGNORECASE,
)
# (cheap cues first, in C: a question word near the end and a copula; a topic's separator)
_ASKED_LAST = re.compile("where|who|when|which|what|how")
_COPULA = re.compile(" (?:is|are|was|were) ")
_TOPIC_MARK = re.compile(" [-–] |[:,?] ")
# "how would you say thank you in Japanese?" asks what "how do you say" asks
_HOW_WOULD = re.compile(
    r"\bhow would (?:you|i|one|we) (say|spell|pronounce|write)\b",
    re.IGNORECASE,
)
# "The Old Man and the Sea - who wrote it?", "Serendipity - what does it mean?": a topic, then a
# question pointing back to it
_TOPIC_FIRST = re.compile(
    # (a topic is a name, not a purpose or the asker's own: "For my project: what day is it?")
    r"\A\s*(?!(?:for|in|on|at|to|with|from|by|about|my|our|your)\b)"
    r"([^\W\d][^\d\n,:?]{0,39}?)\s*[-–:,?]\s+"
    r"(?!what (?:day|time|date|year|month) is it\b)"
    r"((?:what|who|whom|when|where|which|how)\b[^\n]*?)"
    # ("that" and "this" as pronouns: "this chat" names something else)
    r"\b(it|its|(?:that|this)(?=\s*[?.!,]|\s*\Z|\s+(?:mean|means|stand|stands|is|was|called|in"
    r"|for|about|refer|refers)\b))\b([^\n]*)\Z",
    re.IGNORECASE,
)
# "Tell me the capital of Kenya", "give me Kenya's capital": a request for a noun phrase
# (or "provide the": "provide the Polish translation of 'x'")
_TELL_ME = re.compile(
    r"\A\s*(?:please\s+)?(?:(?:give|tell) me |provide (?:me with )?)(?=the |\w+['’]s )",
    re.IGNORECASE,
)
# "where can I find Mount Kilimanjaro?" (a named place), "Kilimanjaro is located in?"
_WHERE_FIND = re.compile(r"\A\s*(?i:where (?:can|could|do|would) (?:i|you|one|we) find )(?=[A-Z])")
_LOCATED_IN = re.compile(
    r"\A\s*(\S.{0,50}?)\s+(?:is|are) (?:located |situated |found )?in\s*\?\s*\Z"
)
# "telephone inventor", "Hamlet author?": who made a named work, asked as a noun phrase
# (also after a dash, a colon or a comma: "Girl with a Pearl Earring - artist?")
_MAKER = re.compile(
    r"\A\s*(?:the\s+)?(?!(?:[\w'’-]+ ){0,5}?(?:my|your|our|his|her|their|best|favou?rite"
    r"|greatest|next|first|last|new|latest|current|top|famous)\b)([\w'’-]+(?: [\w'’-]+){0,5}?)"
    r"(?:\s*[-–:,])? (inventor|author|writer|painter|artist|composer|founder|discoverer)"
    r"\s*\??\s*\Z",
    re.IGNORECASE,
)
_MADE = {
    "inventor": "invented",
    "author": "wrote",
    "writer": "wrote",
    "painter": "painted",
    "artist": "painted",
    "composer": "composed",
    "founder": "founded",
    "discoverer": "discovered",
}
# "Switzerland currency", "Machu Picchu country": what is asked of a named place, as a noun phrase
# (and the year of a named event or document: "Magna Carta year", "Battle of Hastings - year?")
_ATTRIBUTE = re.compile(
    r"\A\s*(?:what is )?(?!(?:My|Our|Your|This|That|These|Those|Next|Last|Every)\b)"
    r"([A-Z][\w'’-]*(?: (?:of |the |de |and )?[A-Z][\w'’-]*){0,3}"
    # (and the kind of place it is: "Little Mermaid statue → city = ?")
    r"(?: (?:statue|tower|bridge|palace|cathedral|temple|museum|monument|castle|mosque|stadium"
    r"|opera house|towers|gardens|fountain))?)"
    # (a verb of what happened to it, for its year: "Channel Tunnel opened → year = ?")
    r"(?: (opened|built|founded|completed|discovered|invented|signed|launched|published))?"
    r"(?:\s*(?:[-–:,→]|->))? "
    r"(?i:(capital(?: city)?|currency|official language|continent|country|city|year))"
    r"\s*[?:]?\s*\Z"
)
# "penicillin discovered by", "Hamlet written by?": who made a named thing, as a label
_MADE_BY = re.compile(
    r"\A\s*([\w'’ -]{2,40}?)\s+(discovered|invented|written|painted|composed|founded|directed"
    r"|designed|sung)\s+by\s*[?=:]*\s*\Z",
    re.IGNORECASE,
)
_MAKERS = {"written": "wrote", "sung": "sang"}
_FILLER = re.compile(r",?\s+(?:exactly|actually|precisely)\b", re.IGNORECASE)
# (... but a figure asked exactly asks a precision small models do not have: "how high is the
# kolnbrein dam exactly" keeps its "exactly" for cloud.precise)
_FIGURE_ASKED = re.compile(r"\A\s*how (?:tall|high|deep|long|wide|heavy|far)\b", re.IGNORECASE)
_ACTUALLY = re.compile(r",?\s+actually\b", re.IGNORECASE)
# "even" of a question's surprise: "what even is an ombudsman?", "what does AGM even stand for?"
_EVEN = re.compile(
    r"(?<=\A(?i:what))\s+even(?=\s+(?i:is|are|was|were|does|do|did)\b)"
    r"|(?<=\A(?i:who))\s+even(?=\s+(?i:is|are|was|were)\b)"
    r"|(?<!\bthat)(?<!\bit)(?<!\bthis)\s+even(?=\s+(?i:mean|means|stand for|stands for)\b)"
)
# "what are the primary colours again?": a question asked to be reminded of its answer
_AGAIN = re.compile(
    # (not "say that again", "repeat it again": the conversation's words)
    # (the asking word may come late: "eiffel tower is in which city again?")
    r"\A(?=[^\n]*\b(?:what|which|who|where|when|how)\b)([^\n]*?)(?<!that)(?<!\bit)(?<!this)"
    r",?\s+again(\s*[?.!]*\s*)\Z",
    re.IGNORECASE,
)
# "who is known for discovering penicillin?", "Which scientist is famous for discovering
# penicillin?", "Who is usually credited with inventing the light bulb?" ask who discovered it
_KNOWN_FOR = re.compile(
    r"\A\s*(?:who|which (?:scientist|inventor|explorer|painter|artist|composer|author|writer"
    r"|engineer|mathematician|physicist|chemist|biologist|doctor)) (?:is|was)"
    r" (?:usually |generally |often |widely |commonly |traditionally |most )?(?:known|famous"
    r"|best known|credited|remembered) (?:for|with)"
    r" (discovering|inventing|writing|painting|composing|founding|creating|directing|building"
    r"|designing)\b",
    re.IGNORECASE,
)
_PAST = {
    "discovering": "discovered",
    "inventing": "invented",
    "writing": "wrote",
    "painting": "painted",
    "composing": "composed",
    "founding": "founded",
    "creating": "created",
    "directing": "directed",
    "building": "built",
    "designing": "designed",
}
# (one attribute of one owner: "the world's oceans" lists a kind, "what's X" is not an owner)
_POSSESSIVE_SPACES = 10
_POSSESSIVE = re.compile(
    r"\A\s*(?:what(?:['’]s| is) )?(?:the )?"
    r"(?!(?:what|who|where|when|how|which|whose|name|list|give|tell|show|all)\b"
    r"|(?:it|that|there|he|she|world|earth)['’]s)"
    r"((?:[\w.-]+ ){0,3}[\w.-]+)['’]s ((?:[a-z]+ )?[a-z]+(?<!s))\s*[?.!]*\s*\Z",
    re.IGNORECASE,
)


# Texting spellings of the words a question is built from: "whats", "wat does", "wat's", "can u"
_TEXTING = re.compile(
    r"\b(?:whats|thats|plz|tmrw|tmr|2day|2moro|2morrow|tonite|2nite|yday|yr|msg|convo)\b"
    r"|(?<= )ur(?= [a-z])"
    r"|\bhows(?= (?:that|it|this)\b)"
    r"|(?:\A\s*|(?<=[,.!;] )|(?<=tell me )|(?<= but ))"
    r"(?:wat(?= (?:does|is|are|do|was|did|year|time|day|kind|type|colou?r|language|city|country"
    r"|continent|state|ocean|planet|sport|animal)\b|['’]s )"
    r"|wats(?= ))"
    # (... or late: "taj mahal is in wat city again lol")
    r"|(?<=\bin )wat(?= (?:city|country|continent|state|year|ocean)\b)"
    r"|(?<=explain )wat(?= (?:\w+ )?(?:is|are|means|does)\b)"
    r"|(?-i:\brn(?=\s*[?.!]*\s*\Z))"
    r"|\b(?:can|could|would|will|do|did|are|thank|see) u\b"
    r"|\A\s*(?:wich|whcih|wihch|waht|whta)(?= )|\bhow r u\b"
    r"|\b(?:what|wat|where|how|who|when|which|why) r(?= )"
    # (after a plural, before where or what they are: "what colors r on the us flag", "the giza
    # pyramids r in which country")
    r"|\b[a-z]{3,}s r(?= (?:on|in|at|the|made|from|called|used|there|found|for|a|an|all)\b)"
    r"|\bdose(?= \S+ (?:stand|mean)\b)|(?<=\d )&(?= \d)"
    r"|\bhw(?= (?:many|much|long|far|old|big|tall|do|does|did|to)\b)|(?<= is )tht\b|\btht(?= is\b)"
    r"|\b(?:shud|shld|wud|wld)(?= (?:i|we|u|you|it|he|she|they|be|have|not)\b)",
    re.IGNORECASE,
)
# An emoji, with its skin tone and joiners: at the end of a turn, decoration ("... pls 🙏");
# elsewhere, what is asked about ("what does the 🙏 emoji mean?")
_EMOJI_CHARS = "\U0001f000-\U0001faff\u2600-\u27bf\u231a\u231b\u23e9-\u23fa"
_EMOJI = re.compile(f"[{_EMOJI_CHARS}][{_EMOJI_CHARS}\ufe0f\u200d]*")
_EMOJI_LAST = re.compile(f"(?:\\s*[{_EMOJI_CHARS}\ufe0f\u200d])+\\s*\\Z")
# ... and an emoji between a sentence and a question or a request ends the sentence: "Just
# started piano lessons 🎹 which notes are in the C major scale?", "I wrote my colours down twice
# 🧶 please remove repeats: ..."
_EMOJI_BREAK = re.compile(
    f"(?<=\\w)\\s*(?:[{_EMOJI_CHARS}\ufe0f\u200d])+\\s+"
    "(?=(?i:what|whats|wat|which|who|whom|whose|when|where|why|how|can|could|would|is|are|do"
    "|does|please|pls|plz|name|list|give|tell|translate|convert|fix|correct|spell|define|remove"
    "|sort|put)\\b)"
)
# ... and an emoji after a request to fix or format "this" stands for its colon: "can u spell check
# this for me 🙏 The movie was realy suprising"
_EMOJI_COLON = re.compile(
    r"\A([^:\n]{3,60}?\b(?:this|these|it)(?: [a-z]+)?(?: for me)?(?:,? (?:pls|please|plz))?)\s*"
    f"(?:[{_EMOJI_CHARS}\ufe0f\u200d])+\\s+(?=\\S)"
)
# ... and one just before a colon or an arrow is decoration too: "A→Z please 🌱: trowel, rake,
# hoe", "The Nutcracker 🎄🩰 → composer = ?"
# (not one that opens the turn: "🌡️ → 19 °C" sets a thermostat)
_EMOJI_BEFORE_MARK = re.compile(f"(?<=\\S)\\s*(?:[{_EMOJI_CHARS}\ufe0f\u200d])+(?=\\s*(?::|→|->))")
# ... and one between a sign of a sum and its number: "🍓 4 × $3 + 🍯 $5 = ?"
_EMOJI_IN_SUM = re.compile(f"(?<=[-+×÷*/−] )(?:[{_EMOJI_CHARS}\ufe0f\u200d])+\\s*(?=[$£€]?\\d)")
_EMOJI_NAMED = re.compile(
    f"(?:\\b[Tt]he )?[{_EMOJI_CHARS}][{_EMOJI_CHARS}\ufe0f\u200d]*(?: emoji\\b)?"
)
# what a tip is left on ("a 20% tip on a $48 haircut"), and an amount of money
_SERVICE = (
    "dinner|lunch|breakfast|brunch|restaurant|meal|food|taxi|cab|bar|haircut|hair cut|manicure"
    "|pedicure|massage|delivery|pizza|ride|uber|lyft|takeout|takeaway"
)
_AMOUNT = r"[$€£]\s?\d[\d,]*(?:\.\d+)?|\d[\d,]*(?:\.\d+)?\s?(?:dollars?|euros?|pounds?|bucks)"
# a tip on a bill asked for alone is a percentage of it: "how much is an 18% tip on a $64
# dinner bill?" asks 18% of $64 (not "the total with a 20% tip", nor "is a 15% tip good?")
_TIP_ASKED = re.compile(
    r"\A\s*(?:(?:what(?:['’]s| is| would)|how much(?: is| would)?)\s+)?(?:an? )?"
    r"(\d+(?:\.\d+)?)\s*(?:%|percent|per cent) tip(?: be)? (?:on|for) (?:an? |the |my )?"
    rf"({_AMOUNT})(?: (?:{_SERVICE}))?(?: (?:bill|check|cheque|tab|total))?"
    r"(?:\s+be|\s+(?:is|=)\s*(?:how much|what|\?))?\s*[?.!]*\s*\Z"
    # ... or the bill first: "$60 bill, 15% tip is how much?"
    rf"|\A\s*(?P<bill>{_AMOUNT})(?: (?:{_SERVICE}))? (?:bill|check|cheque|tab|total)"
    r"\s*[,:;-]?\s*(?:an? )?(?P<rate>\d+(?:\.\d+)?)\s*(?:%|percent|per cent) tip"
    r"(?:\s+(?:is|=|would be)\s*(?:how much|what|\?)|\s*(?:how much|=\s*\?))?\s*[?.!]*\s*\Z"
    # ... or "tip" first: "tip 20% on 48 dollar haircut, how much is that"
    r"|\A\s*tip (?P<rate2>\d+(?:\.\d+)?)\s*(?:%|percent|per cent) (?:on|for) (?:an? |the |my )?"
    rf"(?P<bill2>{_AMOUNT})(?: (?:{_SERVICE}))?(?: (?:bill|check|cheque|tab|total))?"
    r"\s*(?:,?\s*how much(?: is (?:that|it)| would (?:that|it) be)?)?\s*[?.!]*\s*\Z"
    # ... or a share of a priced thing: "what 20 percent of a $48 haircut comes to"
    r"|\A\s*(?:what(?:['’]s| is)?\s+)?(?P<rate3>\d+(?:\.\d+)?)\s*(?:%|percent|per cent) of"
    rf" (?:an? |the )(?P<bill3>{_AMOUNT}) (?:{_SERVICE})(?: (?:bill|check|cheque|tab))?"
    r"\s*(?:comes? to|is|would be)?\s*[?.!]*\s*\Z",
    re.IGNORECASE,
)
# (what a turn holds that :data:`_TEXTING` may spell out, found in one pass)
_TEXTED_CUES = (
    *("whats", "thats", "plz", "wat ", "wats ", "wat'", "wat’", " u ", " u?", " u.", " rn", "tmr"),
    *("2day", "2mor"),
    *("tonite", "2nite", "yday", "yr ", " yr", "dose ", " & ", "msg", "convo", " ur "),
    *("wich ", "whcih ", "wihch ", "waht ", "whta ", " r "),
    *("hw ", " tht", "hows ", "shud ", "shld ", "wud ", "wld "),
)
_TEXTED_FOUND: Any = automaton(dict.fromkeys(_TEXTED_CUES, True))
# (texting, arrows and lists on lines are read in short turns only: a long paste skips them)
_SHORT_CHARS = 300
# A number written in words, up to the thousands ("seven hundred fifty", "twenty-three", "a
# hundred and five"), read as digits where it is an operand of a sum: "how much is seven hundred
# fifty divided by three", "add twelve and eight then multiply by five"
_UNIT_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TEEN_WORDS = (
    *("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen"),
    *("eighteen", "nineteen"),
)
_TEN_WORDS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
#: The numbers written in words, up to the thousands (the classifier counts quantities with them)
NUMBER_WORDS = (*_UNIT_WORDS, *_TEEN_WORDS, *_TEN_WORDS, "hundred", "thousand")
#: ... and their values, one to ninety and a hundred (the sums reader adds them up)
NUMBER_VALUES = {
    **{word: value for value, word in enumerate(_UNIT_WORDS, 1)},
    **{word: value for value, word in enumerate(_TEEN_WORDS, 10)},
    **{word: value * 10 for value, word in enumerate(_TEN_WORDS, 2)},
    "hundred": 100,
}
_WORD_VALUES = {"zero": 0, "a": 1, **{w: v for w, v in NUMBER_VALUES.items() if w != "hundred"}}
_BELOW_100 = (
    rf"(?:(?:{'|'.join(_TEN_WORDS)})(?:[- ](?:{'|'.join(_UNIT_WORDS)}))?"
    rf"|{'|'.join(_TEEN_WORDS)}|{'|'.join(_UNIT_WORDS)}|zero)"
)
_BELOW_1000 = rf"(?:(?:{'|'.join(_UNIT_WORDS)}|a) hundred(?:(?: and)? {_BELOW_100})?|{_BELOW_100})"
_WORDED_NUMBER = re.compile(
    rf"\b(?:(?:{_BELOW_1000}) thousand(?:,?(?: and)? {_BELOW_1000})?|{_BELOW_1000})\b",
    re.IGNORECASE,
)
# the words of an operation whose operands are read: "N times M", "add N and M", "divide N by M",
# "N divided by M", "N take away M", "N percent of M" (the last word of each, and the one before
# it where the operation has two)
_OPERATION_LAST = frozenset(("plus", "minus", "times", "over", "less", "and", "by", "from", "x"))
_OPERATION_TWO = {"away": ("take",), "of": ("percent", "cent"), "by": ("multiplied", "divided")}
# the words next to an operand: an operation's, or a sign between numbers
_OPERAND_NEIGHBOURS = frozenset(
    (
        *_OPERATION_LAST,
        *("of", "add", "subtract", "multiply", "divide", "percent", "multiplied", "divided"),
        *("take", "is", "then", "per", "+", "*", "×", "/", "÷", "="),
    )
)
_NEXT_WORD_CHARS = 16
# (an operation of arithmetic: "and", "by" and "from" name one only after these)
_ARITHMETIC_WORDS = (
    *("plus", "minus", "times", "multipl", "divide", "over", "less", "take away", "percent"),
    *("per cent", "add", "subtract", "sum of", "total of", "product of", "difference between"),
)
_ARITHMETIC_ASKED = re.compile(rf"\b(?:{'|'.join(_ARITHMETIC_WORDS)})")
_ARITHMETIC_FOUND: Any = automaton(dict.fromkeys(_ARITHMETIC_WORDS, True))
_NUMBER_WORDS = frozenset(("zero", "hundred", "thousand", *_UNIT_WORDS, *_TEEN_WORDS, *_TEN_WORDS))
_TOKENS = re.compile(r"[a-z]+|\d[\d,.]*")
_NUMBER_WORD_FOUND: Any = automaton(dict.fromkeys(_NUMBER_WORDS, True))
# (a sum is asked in few words: a longer turn is not read for one, which keeps it cheap)
_WORDED_SUM_CHARS = 120
# ... and a quantity written in words before its unit or its dimension, in any turn short
# enough: "thirty six inches in cm?", "a lawn patch six meters by four meters", "ten wide"
_QUANTITY_SPLIT = re.compile(r"[\s\-,.?!:;]+")
_QUANTITY_AFTER = frozenset(
    (
        *("inch", "inches", "feet", "foot", "ft", "yard", "yards", "nautical", "mile", "miles"),
        *("km", "cm", "mm", "kg", "kilo", "kilos", "ml", "oz", "lb", "lbs", "g", "l"),
        *(
            f"{prefix}{base}{s}"
            for prefix in ("", "kilo", "centi", "milli")
            for base in ("meter", "metre")
            for s in ("", "s")
        ),
        *(
            f"{prefix}{base}{s}"
            for prefix in ("", "milli")
            for base in ("liter", "litre")
            for s in ("", "s")
        ),
        *(
            f"{base}{s}"
            for base in (
                "kilogram",
                "gram",
                "pound",
                "ounce",
                "stone",
                "gallon",
                "cup",
                "pint",
                "quart",
                "tablespoon",
                "teaspoon",
                "degree",
                "hour",
                "minute",
                "second",
                "day",
                "week",
                "acre",
                "hectare",
            )
            for s in ("", "s")
        ),
        *("wide", "long", "deep", "high", "tall"),
    )
)
#: (cues of an amount asked, for :data:`_AS_IS_NOT_HELD`: :func:`_conversion_read`)
_CONVERSION_CUES = (
    *("how many", "how much", "what's that", "what is that", "what's it", "what is it"),
    *("set it", "= how", "=how", "= ?", "=?", "that in ", "it in ", "this in "),
)
_CONVERSION_FOUND: Any = automaton(dict.fromkeys(_CONVERSION_CUES, True))
# (the last word of a quantity in words, then one of :data:`_QUANTITY_AFTER`)
_WORDED_QUANTITY = re.compile(
    rf"{_WORDED_NUMBER.pattern}"
    rf"(?=[ -](?:{'|'.join(sorted(_QUANTITY_AFTER, key=len, reverse=True))})\b)",
    re.IGNORECASE,
)
# ... and a half of a unit: "one and a half metres", "3 and a half hours", "half a metre"
_HALF_QUANTITY = re.compile(
    rf"\b(?:({_BELOW_1000}|\d+) and a half|half an?)"
    rf"(?=[ -](?:{'|'.join(sorted(_QUANTITY_AFTER, key=len, reverse=True))})\b)",
    re.IGNORECASE,
)
#: (cues of a number in words, for :data:`_AS_IS_NOT_HELD`)
_NUMBER_WORD_CUES = (
    *(f"{word}{mark}" for word in NUMBER_WORDS for mark in " -"),
    *("and a half ", "half a ", "half an "),
)


# Three more ways of putting a lookup, each put the plain way: what a thing is named ("what's the
# name of the river that flows through Cairo?" asks which river), what the young or a group of an
# animal is called ("name for a young kangaroo?"), a topic first and the question after it with a
# pronoun ("peru which continent it is", "leap year how many days it has"); and a continent named
# by its adjective ("the longest river on the african continent")
_NAME_OF_THE = re.compile(
    r"\A\s*what(?:['’]s| is) the name of (?:the|a|an) ([a-z]+) (?:that|which|who|whose) (.+?)"
    r"\s*[?.!]*\s*\Z",
    re.IGNORECASE,
)
_NAME_FOR = re.compile(
    r"\A\s*(?:the\s+|a\s+)?(?:name|word|term) for (an? (?:young|baby|male|female|group of)"
    r" [a-z]+(?: [a-z]+)?)\s*[?.!]*\s*\Z",
    re.IGNORECASE,
)
_TOPIC_THEN_IT = re.compile(
    r"\A\s*(?P<topic>[a-z][\w'’-]*(?: [\w'’-]+){0,3}?)\s+(?P<asks>which|what|how many)"
    r" (?P<kind>[a-z]+) (?:it|they) (?P<verb>is|are|has|have)\s*[?.!]*\s*\Z",
    re.IGNORECASE,
)
# ... and a guess to check, then the answer asked if it is wrong: "Is the capital of Australia
# Sydney? If not, which city is it?", "My son insists the capital of Australia is Sydney. Is that
# right? If not, what is it?" ask what the capital of Australia is
_IF_NOT = r"\s*if not,?\s+(?:which|what)(?: [a-z]+)? is it\s*[?.!]*\s*\Z"
_ATTRIBUTE_OF = r"(the [a-z]+(?: [a-z]+)? of [A-Z][\w'’ -]{1,30}?)"
_GUESS = r"[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?"
_GUESS_CHECKED = re.compile(
    rf"\A\s*is {_ATTRIBUTE_OF} {_GUESS}\?{_IF_NOT}"
    rf"|\A[^.?!]{{0,40}}\b{_ATTRIBUTE_OF} is {_GUESS}\.\s*"
    rf"is (?:that|it|this|he|she) (?:right|correct|true)\?{_IF_NOT}",
    re.IGNORECASE,
)
# ... and a dish's or a thing's country asked as a label: "paella origin country", "paella's home
# country?"
_ORIGIN_ASKED = re.compile(
    r"\A\s*(?:what(?:['’]s| is)\s+)?(?:the\s+)?(?!(?:my|our|your|his|her|their|its)\b)"
    r"([^\W\d][\w-]*(?: [\w-]+){0,2}?)(?:['’]s)?"
    # (a pictograph after the name: "LEGO 🧱 origin country = ?")
    r"(?:\s*[\U0001F000-\U0001FAFF\u2600-\u27BF][\uFE0F\u200D]*)*"
    r" (?:origin country|country of origin|home country|homeland)\s*[?.!]*\s*\Z"
    # (or the label first: "Country of origin: Lego.")
    r"|\A\s*(?:origin country|country of origin|home country)\s*[:—–-]\s*(?!(?:my|our|your|his|her"
    r"|their|its|this|that)\b)([^\W\d][\w-]*(?: [\w-]+){0,2}?)\s*[?.!]*\s*\Z",
    re.IGNORECASE,
)
# ... and a term asked after a label naming its field, or before a bracket saying it is a word:
# "art term: chiaroscuro?", "Dance term: pirouette.", "herbivore = ? (animal word)"
_TERM_LABELLED = re.compile(
    r"\A\s*(?P<field>[a-z]+) (?:term|word)\s*:\s*(?P<term>[^\W\d][\w'’-]*(?: [\w'’-]+)?)"
    r"\s*[?.!]*\s*\Z"
    r"|\A\s*(?P<word>[^\W\d][\w'’-]*)\s*=\s*\?\s*\((?:an? )?(?:[a-z]+ )?(?:word|term)\)\s*\Z",
    re.IGNORECASE,
)
_CONTINENTS = {
    **{"african": "Africa", "european": "Europe", "asian": "Asia", "australian": "Australia"},
    **{"antarctic": "Antarctica", "south american": "South America"},
    "north american": "North America",
}
_CONTINENT_NAMED = re.compile(
    rf"\b(?:in|on) the ({'|'.join(_CONTINENTS)}) continent\b", re.IGNORECASE
)
#: (cues of :func:`_plain_forms`, for :data:`_AS_IS_NOT_HELD`)
_PLAIN_FORM_CUES = (
    *("name of the ", "name of a ", "name for ", "word for ", "term for ", " continent"),
    *(" it is", " it has", " they are", " they have", "if not", " country", "homeland"),
    *(" term:", " word:", "word)", "term)"),
)


def _plain_forms(text: str) -> str:
    """``text`` put the plain way if it is one of the ways above.

    >>> _plain_forms("what's the name of the river that flows through Cairo?")
    'which river flows through Cairo?'
    >>> _plain_forms("name for a young kangaroo?"), _plain_forms("peru which continent it is")
    ('what is a young kangaroo called?', 'which continent is peru?')
    >>> _plain_forms("leap year how many days it has please")
    'leap year how many days it has please'
    >>> _plain_forms("what's the longest river on the african continent")
    "what's the longest river in Africa"
    >>> _plain_forms("Is the capital of Australia Sydney? If not, which city is it?")
    'what is the capital of Australia?'
    """
    # (each form's own word is looked for first: most turns are none of these)
    lower = text.lower()
    guess = _GUESS_CHECKED.match(text) if "if not" in lower else None
    if guess is not None:
        return f"what is {guess.group(1) or guess.group(2)}?"
    named = _named_plainly(text, lower)
    if named is not None:
        return named
    topic = _TOPIC_THEN_IT.match(text) if " it " in lower or " they " in lower else None
    if topic is not None:
        asks, kind, verb = topic.group("asks", "kind", "verb")
        if verb.lower() in ("has", "have"):
            return f"{asks} {kind} does {topic.group('topic')} have?"
        return f"{asks} {kind} {verb} {topic.group('topic')}?"
    if " continent" not in lower:
        return text
    return _CONTINENT_NAMED.sub(lambda found: f"in {_CONTINENTS[found.group(1).lower()]}", text)


def _named_plainly(text: str, lower: str) -> str | None:
    """What a thing, a term or an origin asked as a name or a label asks, put plainly; None if
    ``text`` (``lower`` lower-cased) is none of them.

    >>> _named_plainly("art term: chiaroscuro?", "art term: chiaroscuro?")
    'what does chiaroscuro mean in art?'
    """
    if "name" in lower or " for " in lower:
        named = _NAME_OF_THE.match(text) or _NAME_FOR.match(text)
        if named is not None and named.re is _NAME_OF_THE:
            return f"which {named.group(1)} {named.group(2)}?"
        if named is not None:
            return f"what is {named.group(1)} called?"
    term = _TERM_LABELLED.match(text) if "term" in lower or "word" in lower else None
    if term is not None and term.group("word"):
        return f"what does {term.group('word')} mean?"
    if term is not None and term.group("field").lower() in _FIELDS:
        return f"what does {term.group('term')} mean in {term.group('field').lower()}?"
    origin = _ORIGIN_ASKED.match(text) if "country" in lower or "homeland" in lower else None
    if origin is None:
        return None
    return f"which country does {origin.group(1) or origin.group(2)} come from?"


class _StepReader:
    """A step of :func:`unwrap` as a reader of :data:`_AS_IS_NOT_HELD`: it finds something (True)
    where the step changes the turn. (The table below passes each step in a lambda, so a step
    defined further down the module is looked up when the reader runs.)"""

    def __init__(self, step: Callable[[str], str]) -> None:
        self._step = step

    def search(self, text: str) -> bool | None:
        return True if self._step(text) != text else None


# Options given in words, after the question or before it: "how many bones does an adult have,
# 106, 206 or 306?", "violin: brass, woodwind, strings or percussion?", "Oak, maple, pine or
# birch: which is evergreen?": three to six, of up to three words each (two are a comparison).
# An option is a name or a number, not a phrase led by a preposition or a conjunction ("For a
# beginner, stocks or funds: which comes out ahead?", "..., france or germany, and why");
# options after the question are joined by "or" or slashes (a list after it with commas alone is
# given text). The turn is split once, not searched.
_WORDED_SPLIT = re.compile(r"\s*(,\s*or\b|,|/|\bor\b)\s*")
_WORDED_OPTION = re.compile(
    r"(?!(?i:for|in|on|at|to|with|from|by|as|if|when|since|about|between|and|but|so|then|because"
    r"|why|how)\b)"
    r"[^\W_][\w'’.%°-]*(?: [\w'’.%°-]+){0,2}\Z"
)
# where the question ends and the first option starts: "violin: brass", "the field - 9"
_WORDED_STEM_END = re.compile(r"(?:[:?]|\s-)\s*(?=\S[^:?]*\Z)")
# (or a bare superlative after a dash: "Elephant, giraffe or camel — tallest?")
_WORDED_ASKED = re.compile(
    r"\s*(?:[:?]|\s[-—–])\s*(?=(?i:which|what|who)\b|(?i:[a-z]{3,}est|most [a-z]+)\s*\??\s*\Z)"
)
_WORDED_CHARS = 200
_FORM_AFTER = re.compile(
    r"(?<=\?)\s+(?:(?:just|only)\s+(?:the\s+)?[\w'’-]+(?:\s+[\w'’-]+)?|(?:the\s+)?[\w'’-]+\s+only)"
    r"\s*[.!]*\s*\Z",
    re.IGNORECASE,
)
_WHICH_IS_THE = re.compile(r"\A\s*which (?:one )?(is|are|was|were) the\b", re.IGNORECASE)
_WORDED_MOST = 6
_WORDED_LAST_WORDS = 3
_SPELLED_OUT = {
    "whats": "what's",
    "thats": "that's",
    "plz": "please",
    "wat": "what",
    "wats": "what's",
    "msg": "message",
    "convo": "conversation",
    "ur": "your",
    "rn": "right now",
    "tmrw": "tomorrow",
    "tmr": "tomorrow",
    "2day": "today",
    "2moro": "tomorrow",
    "2morrow": "tomorrow",
    "tonite": "tonight",
    "yday": "yesterday",
    "2nite": "tonight",
    "yr": "year",
    "dose": "does",
    "&": "and",
    "hw": "how",
    "hows": "how's",
    "tht": "that",
    **dict.fromkeys(("shud", "shld"), "should"),
    **dict.fromkeys(("wud", "wld"), "would"),
    **dict.fromkeys(("wich", "whcih", "wihch"), "which"),
    **dict.fromkeys(("waht", "whta"), "what"),
}
# A short answer asked for ("in one sentence", "in simple terms", "briefly") asks the same
# question: the rules read it without.
_BREVITY = re.compile(
    r"\b(?:in (?:one|a|1|a single) (?:sentence|line)(?: or two)?"
    r"|in (?:simple|plain|easy|basic|layman['’]?s) (?:terms|words|english|language)"
    r"|in a (?:few|couple of) words|briefly)\b(?=[\s,?.!]|\Z)",
    re.IGNORECASE,
)
# ... also in brackets at the end: "(just the year)", "(one word please)", "(number only)"
_BRIEF_BRACKET = re.compile(
    r"\s*\((?i:(?:just |only )?(?:the |a |one )?(?:year|date|name|number|letter|answer|word"
    r"|short answer|yes or no)(?: only)?(?:,? please| pls)?)\)(?=\s*[.!?]*\s*\Z)"
)
# why it is asked, in brackets after it: "(for a quiz)", "(asking for a friend)", "(just curious)"
# (and which of a name's things it asks of: "(not the band)")
_PURPOSE_BRACKET = re.compile(
    r"\s*\((?i:for (?:an? |my |the |our |a kid'?s |my kid'?s )?(?:quiz|pub quiz|trivia(?: night)?"
    r"|homework|class|test|exam|crossword|school|kid|son|daughter|friend|revision)"
    r"|asking for a friend|just curious|curious|trivia|homework|quiz question|urgent"
    # (or which of two things of a name is meant: "wat does oasis mean (not the band lol)")
    r"|not (?:the |a |an )?(?!(?:my|our|your)\b)[a-z]+(?: [a-z]+)?(?: lol| haha| lmao)?)\)"
    r"[\s.!?]*\Z"
)
_PURPOSE_CHARS = 40
# ... and a count that only caps a list: "what are some noble gases, just 3"
_JUST_SOME = re.compile(
    r",?\s+(?:just|only)\s+(?:\d{1,2}|two|three|four|five|six|seven|eight|nine|ten)"
    r"(?:\s+(?:please|pls|thanks))?(?=\s*[?.!]*\s*\Z)",
    re.IGNORECASE,
)
# "explain what a metaphor is" asks what a metaphor is
# ... or the meaning of a word: "explain the meaning of the word 'x'", "Explain the word 'x'.",
# "Could you explain the word hygge to me?"
_EXPLAIN_MEANING = re.compile(
    r"\A\s*explain\s+(?:the\s+)?((?:meaning|definition)\s+of\s+(?:the\s+(?:word|term|phrase)\s+)?"
    r"(?:['\"‘“][^\W\d][\w'’ -]{0,30}['\"’”]|[^\W\d][\w'’-]*))\s*[?.!]*\s*\Z"
    r"|\A\s*explain\s+the\s+(?:word|term)\s+('x'|['\"‘“][^\W\d][\w'’ -]{0,30}['\"’”]"
    r"|[^\W\d][\w'’-]*)(?:\s+to\s+me)?\s*[?.!]*\s*\Z",
    re.IGNORECASE,
)
_EXPLAIN_WHAT = re.compile(
    # (a quoted term after its kind: "the art term 'chiaroscuro'"; a term given, "'x'"; letters
    # with their stops, "the letters P.S.")
    r"\A\s*(?:explain|(?:i(?:'d|’d| would) (?:appreciate|like|love) )?an explanation of)"
    r" (what|who) ('x'|['‘\"“][^\W\d][\w'’ -]{0,30}['’\"”]"
    r"|(?:an? |the )?[^\W\d][\w'.-]*(?: [^\W\d][\w'.-]*){0,2}"
    r"(?: ['‘\"“][^\W\d][\w'’ -]{0,30}['’\"”])?)"
    r" (is|are|was|were|means|mean|stands for|stand for)"
    # (where it is used, or the answer's length: "... when it appears on a form", "... in a
    # letter", "... in a sentence or two")
    r"((?: (?:in|on|at|when) [^?.!\n]{1,40}?)?)\s*[?.!]*\s*\Z",
    re.IGNORECASE,
)
# the answer's length said after the term, no place it is used: "in a sentence or two"
_IN_FEW_WORDS = re.compile(
    r"\A\s*in (?:a|one|two|a few) (?:sentences?|words?|lines?)(?: or two)?\Z"
)
# a definition asked with one example: "define 'x' and give one short example", "what's a
# metaphor? An example would help" (one example is still a short answer)
_EXAMPLE_TOO = re.compile(
    r"\A(\s*(?:define|what(?:['’]s| is| are| does)|(?:the )?meaning of)\s[^\n]{1,80}?)"
    r"(?:\s*,?\s+(?:and|with)\s+(?:give\s+(?:me\s+)?)?(?:one|an|a)\s+(?:short\s+|quick\s+|simple\s+)?"
    r"example|\s*[?.!]\s+(?:an?|one)\s+(?:short\s+|quick\s+|simple\s+)?example\s+"
    r"(?:would help|would be (?:great|nice|good)|please|pls))\s*[?.!]*\s*\Z",
    re.IGNORECASE,
)
# "CPU is short for what?", "NATO stands for what?", "RAM abbr.?"
_ACRONYM_ASKED = re.compile(
    r"\A\s*([A-Z][A-Za-z&.]{1,9})\s+(?:(?:is short|stands|is an? (?:acronym|abbreviation))"
    r" for what|(?:abbr\.?|abbreviation|acronym))\s*[?.!]*\s*\Z"
)
_MEANS_WHAT = re.compile(r"\A\s*(\S.{0,60}?)\s+means\s+what\s*\??\s*\Z", re.IGNORECASE)
# (... or after an arrow: "📹 CCTV → stands for = ?", read as "what is 📹 CCTV → stands for?")
_ACRONYM_ARROW = re.compile(
    r"\A\s*what is\s+(?:[^\w\s]+\s*)*([A-Z][A-Za-z&.]{1,9})\s*(?:→|->|=>)\s*stands\s+for\s*\??\s*\Z"
)
# A translation in shorthand: "library = ? (French)", "EN→JA: thank you"
_LANGUAGES = {
    "en": "English",
    "fr": "French",
    "es": "Spanish",
    "de": "German",
    "it": "Italian",
    "pt": "Portuguese",
    "nl": "Dutch",
    "ja": "Japanese",
    "jp": "Japanese",
    "zh": "Chinese",
    "cn": "Chinese",
    "ko": "Korean",
    "ru": "Russian",
    "ar": "Arabic",
    "hi": "Hindi",
    "sv": "Swedish",
    "pl": "Polish",
    "tr": "Turkish",
    "el": "Greek",
}
_LANGUAGE_FIRST = re.compile(
    r"\A\s*in (" + "|".join(_LANGUAGES.values()) + r"),\s+([^\n]{1,60}?)\s*([?.!]*)\s*\Z",
    re.IGNORECASE,
)
_SAY_COLON = re.compile(
    r"\A((?:how (?:would|do|could|should|can|might) (?:you|i|we|one) )?say)\s*:\s*", re.IGNORECASE
)
_WORD_IN = re.compile(r"\A\s*([^\W\d][\w' -]{0,30}?)\s*=\s*\?\s*\(([A-Za-z]+)\)\s*\Z")
# "garlic (French)?", "ABS (cars) = ?": a term and, in brackets, its language or field
_BRACKETED = re.compile(
    r"\A\s*([^\W\d][\w' -]{0,30}?)\s*\(([A-Za-z][A-Za-z ]{0,20}\.?)\)\s*(?:=\s*\??|\?"
    # (or what is asked of it after a dash or a colon: "bokeh (photography) — define")
    r"|[:—–-]\s*(?i:define|meaning|definition)\s*\??)?\s*\Z"
)
_ABBREVIATION = re.compile(r"\A[A-Z][A-Z0-9&]{1,5}\Z")
# a word's part of speech in brackets after it: "sabbatical (n.) = ?"
_PARTS_OF_SPEECH = frozenset(
    ("n", "n.", "noun", "v", "v.", "verb", "adj", "adj.", "adjective", "adv", "adv.", "adverb")
)
# (what :func:`_qualified` reads, for the fast path: a language or an abbreviation's field)
_LANGUAGE_NAMES = {name.lower(): name for name in _LANGUAGES.values()}
# A language named in its own words, or misspelled as often typed: "in espanol", "in deutsch",
# "en español", "auf Deutsch"
_OWN_NAMES = {
    **dict.fromkeys(("espanol", "español", "castellano"), "Spanish"),
    **dict.fromkeys(("francais", "français", "francés"), "French"),
    **dict.fromkeys(("deutsch", "germain"), "German"),
    **dict.fromkeys(("italiano", "italien"), "Italian"),
    **dict.fromkeys(("portugues", "português"), "Portuguese"),
    "nederlands": "Dutch",
    "nihongo": "Japanese",
}
_OWN_NAME = re.compile(
    rf"\b(in|into|to|en|auf)\s+({'|'.join(_OWN_NAMES)})(?=\s*[?.!]*\s*\Z|\s*[:,])", re.IGNORECASE
)
_OWN_PREPOSITION = {"en": "in", "auf": "in"}
_LANGUAGE_WORD = "(?P<language>" + "|".join(sorted(_LANGUAGE_NAMES)) + ")"
# a language, then the phrase to put in it: "German for: How old are you?"
_LANGUAGE_FOR = re.compile(
    rf"\A\s*(?:(?:give|tell|write|show)(?: me)? (?:the )?|what(?:['’]s| is) the )?{_LANGUAGE_WORD}"
    rf"\s+for\s*:\s*(?![^\n]*\b(?:whole|entire|all|chapters?|lyrics|my|our|your"
    rf"|this|that|these|those|above|following)\b)(?P<phrase>[^\n:]{{1,60}}?)\s*[?.!]*\s*\Z",
    re.IGNORECASE,
)
# A work's kind before its title names the work, not a piece to write: "author of the novel Pride
# and Prejudice", "when was the story The Gift of the Magi published?"
_WORK_KINDS = ("novel", "story", "poem", "book", "song", "play", "film", "movie", "painting")
# (only in a question of who made it or when: "what is the main theme of the song ..." asks a
# reading of it)
_WORK_ASKED = re.compile(
    r"\b(?:who|whom|when|what year|author|wrote|written|writer|sang|sung|singer|painted|painter"
    r"|directed|director|composed|composer|published|released)\b",
    re.IGNORECASE,
)
_WORK_KIND_FOUND: Any = automaton(
    dict.fromkeys((f" {kind}{s} " for kind in _WORK_KINDS for s in ("", "s")), True)
)
_WORK_KIND = re.compile(rf"\b(?i:the|a) (?i:short )?(?:{'|'.join(_WORK_KINDS)})s? (?=[A-Z0-9])")
# a field a term is asked in: "allegro (music) = ?" asks what allegro means in music
_FIELDS = frozenset(
    (
        *("music", "art", "painting", "grammar", "maths", "math", "mathematics", "biology"),
        *("chemistry", "physics", "geography", "history", "cooking", "baking", "sport", "sports"),
        *("football", "soccer", "cricket", "golf", "tennis", "chess", "poetry", "literature"),
        *("architecture", "photography", "ballet", "dance", "sewing", "knitting", "gardening"),
        *(
            "sailing",
            "anatomy",
            "astronomy",
            "geology",
            "theatre",
            "theater",
            "film",
            "linguistics",
        ),
    )
)
_BRACKETED_ASKED = re.compile(
    r"\A\s*(?:[A-Z][A-Z0-9&]{1,5}\s*\([A-Za-z][A-Za-z ]{1,20}\)|[^\W\d][\w' -]{0,30}?\s*"
    r"\((?i:"
    + "|".join(sorted((*_LANGUAGE_NAMES, *_FIELDS, *map(re.escape, _PARTS_OF_SPEECH))))
    + r")\))\s*(?:=\s*\??|\?|[:—–-]\s*(?i:define|meaning|definition)\s*\??)?\s*\Z"
)
# ... or between commas: "Allegro, in music, means what?"
_FIELD_BETWEEN = re.compile(
    r"\A\s*([^\W\d][\w'’-]*(?: [\w'’-]+)?),\s+in\s+(" + "|".join(sorted(_FIELDS)) + r"),\s+"
    r"(?:means|is) what\s*\??\s*\Z",
    re.IGNORECASE,
)
# ... or before the question, as its setting: "In music, what is a crescendo?", "in chess wat is
# castling"
_FIELD_FIRST = re.compile(
    r"\A\s*in (" + "|".join(sorted(_FIELDS)) + r"),?\s+(?:what(?:['’]s| is)|whats|wat(?:s| is))\s+"
    r"(?:meant by\s+(?:the (?:word|term)\s+)?)?(?:an?\s+|the\s+)?"
    r"([^\W\d][\w'’-]*(?: [\w'’-]+)?)\s*[?.!]*\s*\Z",
    re.IGNORECASE,
)
_BRACKET_READ = re.compile(f"{_BRACKETED_ASKED.pattern}|{_BRIEF_BRACKET.pattern}")
# "how do I ask where the station is in Spanish?", "library in spanish how to say"
_ASK_IN = re.compile(
    r"\A\s*how (?:do|can|would|should|to) (?:i |you |we |one )?(?:ask|write)\s+"
    r"(?!(?:my|your|his|her|our|their|for|about|him|them|someone|somebody|people)\b)"
    rf"(?P<phrase>\S.{{0,60}}?)\s+in\s+{_LANGUAGE_WORD}\s*[?.!]*\s*\Z",
    re.IGNORECASE,
)
_SAY_LAST = re.compile(
    rf"\A\s*(?P<phrase>[^\W\d][\w' -]{{0,40}}?)\s+in\s+{_LANGUAGE_WORD}\s*[,:-]?\s*"
    r"how (?:to|do you|do i|would you) (?:say|write)(?: it| that)?\s*[?.!]*\s*\Z",
    re.IGNORECASE,
)
_CODES = re.compile(
    r"\A\s*([A-Za-z]{2})\s*(?:→|->|>|to)\s*([A-Za-z]{2})\s*:\s*(\S[^\n:]{0,60}?)\s*\Z"
)
# Given text before an arrow and the instruction after it: "meet me at noon -> ALL CAPS"; or
# the other way round with "<-"
_ARROW = re.compile(r"\A\s*(\S[^\n]{0,200}?)\s*(?:->|→|=>)\s*([^\n]{2,40}?)\s*\Z")
_ARROW_BACK = re.compile(r"\A\s*(\S[^\n]{0,200}?)\s*(?:<-|←)\s*([^\n]{2,40}?)\s*\Z")
# what to do said before the arrow, this short at most: "unique items only → ..."
_ARROW_AHEAD = re.compile(r"\A\s*(\S[^\n]{1,40}?)\s*(?:->|→|=>)\s*(\S[^\n]{0,200}?)\s*\Z")
_ARROW_INSTRUCTION_WORDS = 8


@dataclass(frozen=True, slots=True)
class Unwrapped:
    """The question a turn asks, and whether lettered options to choose from followed it."""

    text: str
    multiple_choice: bool
    context: str = ""


def question(text: str) -> str:
    """``text`` without a polite preamble, trailing options and quoted names (see above)."""
    return unwrap(without_chat_end(without_chat_start(text))).text


# A turn no step of :func:`unwrap` starts on: each test below opens a step's entry test. Only
# ASCII letters, digits, spaces, apostrophes inside words ("what's", "don't"), parentheses and
# ".,!/%+*#@&$-" (no options, quotes, given text, arrows or emoji), and a question mark only
# last; no space first or last; no sentence or clause a step reads apart (a sentence before a
# question or a request, a lead-in or remark around a comma set aside as context, a fronted
# topic, a language first); no second inline option (" b.", "(b)"), no texting, filler, count
# or short answer asked for; no preamble the reader strips or request it reads first, nor a
# question word a canonical form starts on ("which person", "who was the actor who", "where can
# I find"); no "where's" and no possessive a canonical form reads ("Everest's height"); no
# closing the reader strips, maker ("Hamlet author"), completion ("6 x 7 equals?") or
# back-to-front ending ("... is what", "... is located where", "... is in?") last.
_AS_IS_OTHER = re.compile(r"[^a-zA-Z0-9 .,!/%+*#@&$'?()\-]")
# what the turn must not hold, found in one pass: a second inline option, filler, a contraction
# a canonical form spells out; and what a step reads only where its own pattern finds it
# (texting, a count, "how would you say", a tip, a short answer, a fronted topic after a dash),
# by the cue the pattern needs
# (a dash between spaces: a fronted topic, given text after an instruction to edit it, or a
# question after the asker's own sentence)
_DASH_GIVEN = re.compile(
    rf"{_TOPIC_FIRST.pattern}|\A[^:?\n]{{0,60}}?(?:{_GIVEN_VERB.pattern})[^:?\n]{{0,60}}?\s-+\s",
    re.IGNORECASE,
)


class _DashRead:
    """What a dash may start, as a reader of :data:`_AS_IS_NOT_HELD`: a topic's question or an
    instruction's given text (:data:`_DASH_GIVEN`), or a question after a sentence of the
    asker's (:data:`_DASH_BREAK`)."""

    def search(self, text: str) -> object:
        found = _DASH_GIVEN.search(text)
        if found is not None:
            return found
        parts = _DASH_BREAK.split(text.strip(), maxsplit=1)
        return True if len(parts) == 2 and _dash_breaks(*parts) else None


_DASH_READ = _DashRead()


# (only of one of a kind, "an animal", "a planet", not of the asker's, of a person or a pet, nor
# a doing: "when my dog is shaking", "when a guy is distant", "when a cat is purring")
_OF_A_KIND = re.compile(
    r"\A\s*(?:in (?:simple|plain) (?:words|terms|english),?\s*)?what does it mean (?:when|if)"
    r" an? (?!(?:person|guy|girl|man|woman|boy|friend|partner|boyfriend|girlfriend|husband|wife"
    r"|child|kid|baby|toddler|teen|teenager|dog|cat|puppy|kitten|pet)\b)(?:[a-z]+ )?[a-z]+"
    r" (?:is|are) ([a-z]+)(?<!ing)\s*[?.!]*\s*\Z",
    re.IGNORECASE,
)
_AS_IS_NOT_HELD: Any = automaton(
    {
        **dict.fromkeys(_TEXTED_CUES, _TEXTING),
        **dict.fromkeys(
            (" b.", " b)", "(b", " 2)", " 2. ", " actually", " exactly", " precisely"), None
        ),
        **dict.fromkeys(("where's", "who's", "when's"), None),
        **dict.fromkeys((" just ", " only "), _JUST_SOME),
        "how would ": _HOW_WOULD,
        **dict.fromkeys((" tip", "tip ", "% of ", " percent of ", " per cent of "), _TIP_ASKED),
        " example": _EXAMPLE_TOO,
        "briefly": _BREVITY,
        " - ": _DASH_READ,
        **dict.fromkeys(_OWN_NAMES, _OWN_NAME),
        **dict.fromkeys(
            ("area", "perimeter", "volume"), _StepReader(lambda text: _shape_of_sides(text))
        ),
        **dict.fromkeys((f" {kind} " for kind in _WORK_KINDS), _WORK_KIND),
        **dict.fromkeys((f" {kind}s " for kind in _WORK_KINDS), _WORK_KIND),
        " again": _AGAIN,
        " even ": _EVEN,
        **dict.fromkeys(("it mean when ", "it mean if "), _OF_A_KIND),
        " b ": _OPTION_BARE,
        **dict.fromkeys((" list ", " name ", " give me ", " gimme ", " examples "), _COUNT_OR_THEM),
        **dict.fromkeys((", ", "-", " x"), _COUNT_OR_THEM),
        " or ": _SPELLING_CHOICE,
        " order": _StepReader(lambda text: _sort_asked(text)),
        "how to say": _SAY_LAST,
        **dict.fromkeys(("ask ", "write "), _ASK_IN),
        "(": _BRACKET_READ,
        "/": _SPELLING_CHOICE,
        **dict.fromkeys(_ARITHMETIC_WORDS, _StepReader(lambda text: _worded_numbers(text))),
        **dict.fromkeys(_NUMBER_WORD_CUES, _StepReader(lambda text: _worded_quantities(text))),
        **dict.fromkeys(_CONVERSION_CUES, _StepReader(lambda text: _conversion_read(text, "")[0])),
        **dict.fromkeys(_PLAIN_FORM_CUES, _StepReader(lambda text: _plain_forms(text))),
        **dict.fromkeys(
            (f"{verb} {what} " for verb in _FORMAT_VERBS for what in ("this", "these", "it")),
            _FORMAT_THEN_TEXT,
        ),
        **dict.fromkeys(
            (f"{verb} {what} " for verb in _FIX_VERBS for what in ("this", "these", "it")),
            _FIX_THEN_TEXT,
        ),
    }
)


# first words the reader reads: a request for a fact ("give me the"), a definition asked for as
# an explanation, a person asked about as "which person" or "what man"
_AS_IS_NOT_FIRST = (
    *("please", "explain wh", "explain the meaning", "explain the definition"),
    *("explain the word", "explain the term"),
    *("an explanation of", "i'd appreciate an explanation", "i would appreciate an explanation"),
    *("quick one", "quick q", "settle ", "to settle ", "just to settle "),
    *(
        f"{asks} {person}"
        for asks in ("which", "what")
        for person in ("person", "individual", "man", "woman", "people", "guy", "lady")
    ),
)
_ATTRIBUTES = (
    "capital",
    "capital city",
    "currency",
    "official language",
    "continent",
    "country",
    " city",
    "year",
)
_AS_IS_NOT_LAST = (
    *_ATTRIBUTES,
    *_MADE,
    *("come to", "equal", "equal to", "make", "add up to", "for what", " abbr", "acronym", " by"),
    *("reviation", "what", " is", " are", " was", " were", " means", "stands for", "s list"),
    *_ASKED_LABELS,
)
# (a question mark last also opens the completions, "6 x 7 equals?", and "X is located in?")
_AS_IS_NOT_ASKED_LAST = ("equals", " is in", " are in", "located in", "situated in", "found in")
_SHORT_ANSWER_UNIT = re.compile("sentence|line|words|terms|nglish|language")
# an apostrophe not between two letters or digits opens a quote (or is a plural's possessive)
_AS_IS_APOSTROPHE = re.compile("(?<![a-z0-9])'|'(?![a-z0-9])")
_AS_IS_WHO = (" who ", " that ", "known for ", "famous for ", "credited ", "remembered for ")
# the words :data:`_BACKWARDS_WH` asks with, among the last four of a turn
_AS_IS_ASKED_LAST = frozenset(("where", "who", "when", "which", "what", "how"))


# a turn about spelling, given text or words of another language keeps its misspellings: they
# are what it asks about
_ABOUT_SPELLING = re.compile(
    r"spel|typo|gramm|correct|fix|proofread|check|mean|transl|\bsay|\bwords?\b|phrase|\bor\b"
    r"|[:\"'/]|" + "|".join(name.lower() for name in _LANGUAGES.values())
)


def _left_as_is(text: str) -> bool:
    """Whether no step of :func:`unwrap` can change ``text``: a cheap test that lets a plain
    turn ("Review this plan for migrating our billing service.", "Why is the sky blue?") skip
    them all.

    It opens no step's entry test (it may refuse a turn a step leaves as it is).
    """
    # (a turn on several lines, a colon's given text, a question mark before the end or after a
    # sentence and a character no plain turn holds first, in C: most turns a step reads are
    # refused before the turn is split into sentences or lower-cased)
    if not text or "\n" in text or ":" in text:
        return False
    mark = text.find("?")
    sentences = ". " in text or "! " in text
    if mark != -1 and (mark != len(text) - 1 or sentences):
        return False
    if text[0] == " " or text[-1] == " " or not text.isascii() or _AS_IS_OTHER.search(text):
        return False
    if sentences and not _sentences_as_is(text):
        return False
    lower = text.lower()
    if (
        not _reads_nothing_held(text, lower)
        or ("'" in lower and not _plain_apostrophes(text, lower))
        or (", " in text and not _clauses_as_is(text, lower))
    ):
        return False
    return _starts_as_is(text, lower) and _ends_as_is(text, lower, mark != -1)


def _reads_nothing_held(text: str, lower: str) -> bool:
    """Whether ``text`` holds none of :data:`_AS_IS_NOT_HELD`'s cues, or only cues whose step's
    pattern finds nothing to read in it."""
    for reader in values(_AS_IS_NOT_HELD, lower):
        if reader is None or reader.search(text) is not None:
            return False
    return True


def _sentences_as_is(text: str) -> bool:
    """Whether the context step sets no sentence of ``text`` (several sentences, no question
    mark) aside: it reads the last one as the question only if it starts as a request does."""
    return _ASKS.match(_SENTENCE_BREAK.split(text)[-1]) is None


def _dash_breaks(before: str, after: str) -> bool:
    """Whether a dash ends the sentence ``before`` it: one of the asker's own, or one that gives
    the quantity the question ``after`` it asks about ("The thermometer says 77 degrees
    Fahrenheit - what's that in Celsius?"), and no instruction."""
    if _GIVEN_VERB.search(before.lower()) is not None:
        return False
    if _ASKS_QUANTITY.match(after) is not None:
        return True
    if _ASKERS_OWN.match(before) is None:
        return False
    # (a thing of the asker's with no verb is a topic, not a sentence: "my numbers from the last
    # quarter - what's the trend?")
    return before.lstrip()[:3].lower() not in ("my ", "our") or _VERB.search(before) is not None


def _clauses_as_is(text: str, lower: str) -> bool:
    """Whether no step reads the clause before or after a comma of ``text``: a lead-in or a
    remark set aside as context ("Just wondering, who ...", "..., im driving in france"), a
    fronted topic ("Serendipity, what does it mean?") or a language ("In French, ...")."""
    if lower.startswith("in ") and _LANGUAGE_FIRST.match(text) is not None:
        return False
    if _TOPIC_FIRST.match(text) is not None or _DEFINITION_HINT.match(text) is not None:
        return False
    if (
        _LEAD_CLAUSE.match(text) is None
        and _LEAD_QUANTITY.match(text) is None
        and _AFTER_COMMA.match(text) is None
    ):
        return True
    # (a lead-in or remark the context step may set aside: its own tests, "In a gaming studio,
    # what ..." qualifies the question and stays)
    return not _may_have_context(text) or _split_context(text)[0] is text


def _starts_as_is(text: str, lower: str) -> bool:
    """Whether no step reads the start of ``text`` (a turn :func:`_left_as_is` reads), as its
    ``lower``-cased form shows."""
    if lower.startswith(_AS_IS_NOT_FIRST):
        return False
    first = lower[:12].split(maxsplit=1)[0].strip(",:;.!?")
    if _opens_preamble(lower.lstrip(), first):
        # (the reader's own tests: a preamble word starts many turns it does not strip, "Can
        # I ...", "Give a ...", "hi")
        preamble = _PREAMBLE.match(text)
        if preamble is not None and preamble.end() < len(text):
            return False
    if first in ("give", "tell", "provide") and _TELL_ME.match(text) is not None:
        return False
    if lower.startswith(("the ", "who ", "which ")) and any(w in lower for w in _AS_IS_WHO):
        return False
    # (a count before a named group's members: "who were the four people in ABBA?")
    if _counts_members(text):
        return False
    if lower.startswith("in ") and _FIELD_FIRST.match(text) is not None:
        return False
    return not (lower.startswith("where") and " find " in lower)


def _ends_as_is(text: str, lower: str, asked: bool) -> bool:
    """Whether no step reads the end of ``text`` (a turn :func:`_left_as_is` reads, ``lower``
    lower-cased), nor a short answer asked for or a question put back to front."""
    end = lower.rstrip(" .!?")
    if not end or end.endswith(_AS_IS_NOT_LAST) or (asked and end.endswith(_AS_IS_NOT_ASKED_LAST)):
        return False
    last = end.rsplit(maxsplit=4)[-4:]
    # (the reader's own test: "thanks" alone and "... with you" keep their last word)
    if last[-1].strip(",;:-") in _CLOSING_LAST and _closing(text) is not None:
        return False
    if " in " in lower and _SHORT_ANSWER_UNIT.search(lower) and _BREVITY.search(lower):
        return False
    if last[-1] in _ANSWER_FORM_LAST and _strip_answer_form(text) is not text:
        return False
    # (a turn that starts with a question word is not read back to front)
    return _AS_IS_ASKED_LAST.isdisjoint(last) or _WH_START.match(lower) is not None


def _plain_apostrophes(text: str, lower: str) -> bool:
    """Whether the apostrophes of ``text`` (``lower`` lower-cased) are all inside words, none in
    a possessive :func:`_canonical` reads ("Everest's height": its own test)."""
    if _AS_IS_APOSTROPHE.search(lower) is not None:
        return False
    if "'s" not in text or text.count(" ") >= _POSSESSIVE_SPACES:
        return True
    return _POSSESSIVE.match(text) is None


# A smiley or a laugh after the question, as chat ends one: ":)", ";-)", ":D", "xD", "<3", "lol"
_CHAT_END = re.compile(
    r"(?:\s+(?:[:;=][-']?[)(\]\[DPpO3/|*]+|<3+|\^_+\^|[xX]D+|l(?:ol)+|lol+|lmao|haha(?:ha)*|hehe|rofl))+"
    r"\s*\Z",
    re.IGNORECASE,
)
# (the last two characters a smiley or a laugh can end with: a cheap test before the pattern)
CHAT_ENDS = (
    *(":)", ":-)", ";)", ";-)", "=)", ":))", ":(", ":-(", ":'(", ":]", ":[", ":/", ":|", ":*"),
    *(":D", ":-D", "=D", ";D", "xD", "XD", "xDD", ":P", ":p", ":-P", ":-p", ";P", ";p", ":O"),
    *(":o", ":3", "<3", "<33", "^_^", "lol", "Lol", "LOL", "lolol", "lmao", "LMAO", "haha"),
    *("Haha", "HAHA", "hahaha", "hehe", "rofl", "ROFL"),
)
_CHAT_END_PAIRS = frozenset(end[-2:] for end in CHAT_ENDS)
_BLANK_BEFORE = frozenset(
    (
        *("in", "of", "is", "was", "are", "were", "the", "a", "an", "by", "to", "at", "on"),
        *("for", "from", "called", "named", "as", "and", "or", "than"),
    )
)
_MARKS = frozenset("?!")


def unwrap(text: str) -> Unwrapped:
    """The question of ``text`` (as :func:`question`), marked if its options were cut off.
    (The classifier sets a smiley or a laugh after it aside first: :func:`without_chat_end`.)"""
    if "ranslate " in text:
        text = _title_to_translate(text)
    if _left_as_is(text):
        return Unwrapped(text, False)
    if "?" in text and ("×" in text or "*" in text or " x " in text):
        text = _product_asked(text)
    return (
        _after_purpose(text)
        or _acronym_meant(text)
        or _texted_after(text)
        or _guess_after(text)
        or _operation_labelled(text)
        or _sum_noted(text)
        or _read_slowly(text)
    )


# an abbreviation in capitals last before the marks, then what "that" means: "invite says
# BYOB?? what does that mean, first proper house party since uni" (one abbreviation, and a remark
# that asks nothing more; not "my doctor said my PSA is high?? what does that mean")
_ACRONYM_MEANT = re.compile(
    r"\A(?P<told>[^?\n]{0,60}?\b(?P<acronym>[A-Z]{2,6}))\s*\?+\s+"
    r"(?i:what|wat|wht)\s+(?i:does|dose|do)\s+(?i:that|it|this)\s+(?i:mean|stand for)\b"
    r"(?:,?\s+(?P<remark>[^?\n]{2,80}?))?\s*[.!]*\s*\Z"
)
_ACRONYM = re.compile(r"\b[A-Z]{2,6}\b")


def _acronym_meant(text: str) -> Unwrapped | None:
    """An abbreviation the turn names, asked what it means (:data:`_ACRONYM_MEANT`), read as
    the question what it stands for, the rest set aside as context; None if ``text`` is no such
    turn.

    >>> _acronym_meant("invite says BYOB?? what does that mean, first party since uni").text
    'what does BYOB stand for?'
    >>> _acronym_meant("my boss is going on a sabbatical?? what does that mean") is None
    True
    """
    if "mean" not in text and "stand" not in text:
        return None
    found = _ACRONYM_MEANT.match(text)
    if found is None or len(_ACRONYM.findall(found["told"])) != 1:
        return None
    remark = found["remark"] or ""
    if remark and not _remark_aside(remark.lower()):
        return None
    context = f"{found['told'].replace(found['acronym'], 'it')} {remark}".strip()
    return Unwrapped(f"what does {found['acronym']} stand for?", False, context)


# a rate times a count of its unit, or a product, asked with an arrow: "$3.20/day × 5 days →
# ?", "£2.50/hr × 6 hrs = ?", "$3.20 × 5 → ?"
_RATE_TIMES = re.compile(
    r"\A\s*(?P<rate>[$£€]?\d{1,3}(?:\.\d\d)?)\s*(?:/\s*|\s+a\s+|\s+per\s+)[a-z]{1,8}\s*(?:[×*]|x(?=\s))"
    r"\s*(?P<count>\d{1,2})\s*(?:[a-z]{1,8}\s*)?(?:=|→|->)\s*\?\s*(?:[$£€]|[a-z]{1,8})?\s*[?.!]*\s*\Z",
    re.IGNORECASE,
)
_PRODUCT_ARROW = re.compile(
    r"\A\s*(?P<sum>[$£€]?\d[\d.,]*\s*(?:[×*]|x(?=\s))\s*[$£€]?\d[\d.,]*)\s*(?:→|->)\s*\?\s*[?.!]*\s*\Z"
)


def _product_asked(text: str) -> str:
    """A rate times a count of its unit, or a product asked after an arrow, put as the product
    asked.

    >>> _product_asked("$3.20/day × 5 days → ?"), _product_asked("$3.20 × 5 → ?")
    ('what is 5 × $3.20?', 'what is $3.20 × 5?')
    >>> _product_asked("$3.20/day × 5 days → total cost in euros?")
    '$3.20/day × 5 days → total cost in euros?'
    """
    rate = _RATE_TIMES.match(text)
    if rate is not None:
        return f"what is {rate.group('count')} × {rate.group('rate')}?"
    product = _PRODUCT_ARROW.match(text)
    return text if product is None else f"what is {product.group('sum')}?"


# what a note in brackets after a sum asks of the answer's form: "(in binary)", "(show working)",
# "(to 3 dp)"
_NOTE_FORM_WORDS = (
    r"in|as|to|into|show|shown|step|steps|working|work|explain|binary|hex|roman|base|decimals?"
    r"|fractions?|percent|exact|exactly|approx|approximately|rounded|round|simplified|simplest"
    r"|mod|dp|sf|digits|places|words"
)
# a sum asked with "= ?", then in brackets what it counts: "1000 − 368 = ? (jigsaw pcs left)"
# (not how to give the answer: "(in binary)", "(show working)", "(to 3 dp)")
_SUM_NOTE = re.compile(
    r"\A(?P<sum>[^()\n=]*\d[^()\n=]*?[-+−×x*/÷][^()\n=]*\d[^()\n=]*=\s*\?)\s*"
    rf"\((?![^)]*\b(?:{_NOTE_FORM_WORDS})\b)(?P<note>[a-z][a-z'’ ]{{0,30}})\)\s*[?.!]*"
    r"(?:\s*[\U0001F000-\U0001FAFF\u2600-\u27BF][\uFE0F\u200D]*)*\s*\Z",
    re.IGNORECASE,
)


def _sum_noted(text: str) -> Unwrapped | None:
    """A sum asked with "= ?" and, in brackets after it, what it counts, read as the sum with
    the note set aside as context; None if ``text`` is no such sum.

    >>> _sum_noted("1000 − 368 = ? (jigsaw pcs left)")
    Unwrapped(text='what is 1000 − 368?', multiple_choice=False, context='jigsaw pcs left')
    >>> _sum_noted("255 + 1 = ? (in binary)") is None
    True
    """
    noted = _SUM_NOTE.match(text) if "= ?" in text and ")" in text else None
    if noted is None:
        return None
    inner = unwrap(noted.group("sum"))
    return Unwrapped(inner.text, inner.multiple_choice, noted.group("note"))


# A work named by its title in capitals after "translate", not a phrase: "Translate Alice's
# Adventures in Wonderland into French.", "Translate The Little Prince into Spanish.", "Translate
# Kafka's The Metamorphosis into Italian." (a title starts with an article or its author's name,
# or joins its capitalised words with a small one; "Translate Happy Birthday into French" is a
# phrase in capitals)
_TITLE_TO_TRANSLATE = re.compile(
    r"\b([Tt]ranslate)\s+(?=(?:[A-Z][\w-]+['’]s\s+(?:(?:[Tt]he|A|An)\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*"
    r"|(?:[Tt]he|A|An)\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*"
    r"|[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*\s+(?:of|in|and|the|to)\s+(?:the\s+)?[A-Z][\w'’-]+"
    r"(?:\s+[A-Z][\w'’-]+)*)\s+(?:in|into|to)\s+[A-Z])"
)


def _title_to_translate(text: str) -> str:
    """``text`` with a work named by its title to translate put as the whole of it.

    >>> _title_to_translate("Translate The Little Prince into Spanish.")
    'Translate the whole book The Little Prince into Spanish.'
    >>> _title_to_translate("Translate Happy Birthday into French.")
    'Translate Happy Birthday into French.'
    """
    return _TITLE_TO_TRANSLATE.sub(r"\1 the whole book ", text, count=1)


# a guess offered after a question, in a word or two: "angkor wat is in which country again?
# thailand?", "who wrote Hamlet? is it Marlowe?"
_GUESS_AFTER = re.compile(
    r"\A([^?\n]{6,}?\?)\s*((?:(?:or\s+)?is\s+it\s+|maybe\s+|or\s+)?"
    r"[^\W\d][\w'’.-]*(?:\s+[^\W\d][\w'’.-]*)?)\s*\?+\s*\Z"
)
_GUESS_ASKED = re.compile(r"\b(?:who|what|which|where|when)\b", re.IGNORECASE)
# (words that start another question or a remark, not a guess: "? and in French?", "? why?")
_NOT_A_GUESS = frozenset(
    (
        *("and", "also", "why", "how", "what", "who", "whom", "when", "where", "which", "right"),
        *("really", "pls", "please", "thanks", "again", "anyone", "seriously", "no", "yes", "ok"),
        *("okay", "huh", "lol", "in", "into", "to", "for", "from", "of", "with", "same", "then"),
        *("how's", "what's", "who's", "where's", "when's", "is", "are", "does", "do", "can"),
    )
)


def _guess_after(text: str) -> Unwrapped | None:
    """A question with a guess after it, the guess set aside as context (what needs the cloud
    there still does); None if ``text`` ends with no such guess.

    >>> _guess_after("angkor wat is in which country again? thailand?").context
    'thailand?'
    >>> _guess_after("what's the capital of France? and Spain?") is None
    True
    """
    if text.count("?") < 2:
        return None
    guess = _GUESS_AFTER.match(text)
    if guess is None or _GUESS_ASKED.search(guess.group(1)) is None:
        return None
    first = guess.group(2).split()[0].lower()
    if first in _NOT_A_GUESS and guess.group(2).lower()[:5] not in ("is it", "or is"):
        return None
    inner = unwrap(guess.group(1))
    return Unwrapped(
        inner.text, inner.multiple_choice, f"{inner.context} {guess.group(2)}?".strip()
    )


# one operation named as a label, on two numbers of things: "Multiply: 6 mini golf players ×
# $9.", "Divide: 96 laps among 8 swimmers.", "Subtract: 24 candles minus 17."
_NUMBER_OF = r"[$£€]?\d{1,4}(?:\.\d{1,2})?"
_OPERATION_LABELLED = re.compile(
    rf"\A\s*(multiply|divide|subtract|add)\s*:\s*({_NUMBER_OF})\s+(?:[a-z]+\s+){{0,3}}?"
    r"(×|x|\*|times|by|among|between|into|÷|/|minus|−|less|from|plus|\+|and|to)\s*"
    rf"({_NUMBER_OF})(?:\s+[a-z]+){{0,3}}\s*[.!?]*\s*\Z",
    re.IGNORECASE,
)
# the signs and words each operation is written with, and how it is asked
_OPERATION_SIGNS = {
    "multiply": (frozenset(("×", "x", "*", "times", "by")), "times"),
    "divide": (frozenset(("by", "among", "between", "into", "÷", "/")), "divided by"),
    "subtract": (frozenset(("minus", "−", "less")), "minus"),
    "add": (frozenset(("plus", "+", "and", "to")), "plus"),
}


def _operation_labelled(text: str) -> Unwrapped | None:
    """One operation named as a label, on two numbers of things, read as the sum; None if
    ``text`` is not one.

    >>> _operation_labelled("Divide: 96 laps among 8 swimmers.").text
    'what is 96 divided by 8?'
    >>> _operation_labelled("Subtract: 24 candles from 17 boxes.") is None
    True
    """
    if ":" not in text[:12]:
        return None
    operation = _OPERATION_LABELLED.match(_without_closing(text))
    if operation is None:
        return None
    label, first, sign, second = operation.groups()
    signs, asked = _OPERATION_SIGNS[label.lower()]
    if sign.lower() not in signs:
        return None
    return unwrap(f"what is {first} {asked} {second}?")


# a texted question, then a remark of the asker's with no figure: "round clock 30cm across, how
# far round is it? want to put trim on the rim"
# (a remark starts with a word, or a bracket that holds no form of the answer: "? (for paint, not
# light)", not "255 + 1 = ? (in binary)")
_TEXTED_AFTER = re.compile(
    rf"\A([^?\n]{{3,160}}?\?+)\s+((?:[a-z]|\d{{1,2}} ?(?:yo|y/o)\b"
    rf"|\((?![^)]*\b(?:{_NOTE_FORM_WORDS})\b))[^?\n]{{2,119}}?)"
    # (a remark may end in a tag that asks nothing: "my mum keeps saying athens n i'm like... no?")
    r"(?:\s*(?:\.{2,3}|…)?\s*\b(?:no|right|yeah|eh|huh|innit)\?+)?\Z"
)


_REMARK_BREAK = re.compile(r"(?<=[.!])\s+")
# ("4" and "2" between words, and an age: "need it 4 my trip", "my pen pal turns 30 tmrw")
_TEXTED_NUMERAL = re.compile(
    r"(?<=[a-z] )[24](?= [a-z])|\bturns? \d{1,3}\b|\b\d{1,3} ?(?:yo|y/o|years? old)\b"
)


def _remark_aside(remark: str, figures: bool = False) -> bool:
    """Whether a texted ``remark`` after a question may be set aside: it asks nothing
    (:func:`_afterword`), gives no figure (unless ``figures``: the question counts nothing, so
    none can be its data) and is not the question itself."""
    if _TEXTED_LAST_ASKS.match(remark) is not None:
        return False  # (the remark is the question: "... no quorum?? whats a quorum lol")
    # (no figure in it: "4" and "2" between words are "for" and "to", an age is the asker's news)
    if not figures and _DIGIT.search(_TEXTED_NUMERAL.sub("", remark)) is not None:
        return False
    return _afterword(remark.rstrip(" .!"))


# a question that names who, which, where or what a word means, and counts nothing: no figure
# of a remark after it can be its data
_ASKS_NO_AMOUNT = re.compile(
    r"\A(?=[^\n]*\b(?:who|whom|whose|which|where|means?|stands? for)\b)(?![^\n]*(?:\d|\b(?:how"
    r"|total|each|left|per|sum|average|altogether|area|volume|perimeter|circumference|cost|costs"
    rf"|price|dozen|{'|'.join(NUMBER_WORDS)})\b))"
)


def _texted_after(text: str) -> Unwrapped | None:
    """A question typed in lower case with a remark after its mark that asks nothing
    (:func:`_afterword`) and gives no figure, read as the question with the remark set aside
    as context; None if ``text`` is no such turn.

    >>> _texted_after("round clock 30cm across, how far round is it? want trim on it").context
    'want trim on it'
    >>> _texted_after("48 balloons, 8 tables, how many each? 3 more coming") is None
    True
    >>> _texted_after("parthenon is in which city? my kid says rome, im not 100% sure").context
    'my kid says rome, im not 100% sure'
    >>> _texted_after("spanish or mandarin? one word") is None
    True
    """
    if "?" not in text.rstrip(" ?!.") or text != text.lower():
        return None  # (in C: most turns hold no question mark before their end)
    told = _TEXTED_AFTER.match(text)
    # (not a choice: what follows it may be the answer's form, "spanish or mandarin? one word")
    if told is None or " or " in told.group(1):
        return None
    remark = told.group(2).strip()
    # (a figure in the remark is none of a question's data that counts nothing: "parthenon is in
    # which city? my daughter thinks rome n i'm not 100% sure either")
    if not _remark_aside(remark, _ASKS_NO_AMOUNT.match(told.group(1)) is not None):
        return None
    # (its marks one, as at a turn's end: "german for i dont understand?? pls my host mum ...")
    asked = unwrap(told.group(1).rstrip("?!. ") + "?")
    # (the day of the asker's plans is no news: "capital of egypt? pub quiz tonight")
    # (and the asker's days in any of its sentences: "the march sisters one. book club tonight n
    # i only saw the film")
    remarked = " ".join(_own_days(_REMARK_BREAK.split(remark)))
    return Unwrapped(
        asked.text, asked.multiple_choice, _own_day(f"{asked.context} {remarked}".strip())
    )


def _after_purpose(text: str) -> Unwrapped | None:
    """What it is for, before any request ("For my project: multiply 17 by 3"), set aside as
    context, the request read as if it came alone; None if ``text`` starts with no such label."""
    if text.lstrip()[:1] in ("Q", "q", "S", "s", "J", "j", "A", "a", "T", "t"):
        aside = _ASIDE_LABEL.match(text)
        if aside is not None:
            return unwrap(aside.group(1))
    purpose = _PURPOSE_LABEL.match(text) if ":" in text[:_PURPOSE_LABEL_CHARS] else None
    if purpose is None:
        return None
    inner = unwrap(purpose.group(2))
    context = f"{purpose.group(1)}: {inner.context}".strip()
    return Unwrapped(inner.text, inner.multiple_choice, context)


# Pictographs (with their variation selectors, joiners and skin tones) that open a turn as its
# decoration: "🚗 ABS = ?", "⭕ r = 2 m → C = ?" (arrows, maths and letters are not among them)
# a finger or an arrow pointing up at what came before
_POINTS_UP = ("\U0001f446", "\u261d", "\u2b06")
_CHAT_START = re.compile(
    # (not a camera's or a link's before an arrow: "📷 handwritten note → English" names a photo to
    # work on, where "📷 bokeh = ?" is photography's word; "🔗 → tl;dr" a link)
    r"\A\s*(?![^\s]*[\U0001F4F7\U0001F4F8\U0001F4F9\U0001F3A5\U0001F517][^\n]*(?:→|->|=>))"
    # (nor a sign of a calendar, an alarm or a timer before an arrow or a span, a thermometer's
    # before an arrow: "⏲️ 12 min → pasta", "🌡️ → 19 °C" set something of the asker's)
    r"(?![^\s]*[\U0001F4C5\U0001F5D3\u23F0\u23F2\U0001F514][^\n?]*(?:→|->|=>)[^\n?]*\Z)"
    r"(?![\u23F0\u23F2]\S*\s+\d+\s*(?:s|secs?|seconds|m|mins?|minutes|h|hrs?|hours)\b[^\n?]*\Z)"
    r"(?!\U0001F321\S*\s*(?:→|->|=>))"
    # (nor a basket's before what to put in it: "🛒 Tesco + flour 2kg")
    r"(?!\U0001F6D2[^\n?]*\Z)"
    # (nor an arrow or a finger pointing up at what came before: "✉️⬆️ → 🇪🇸")
    rf"(?![^\s]*[{''.join(_POINTS_UP)}])"
    r"(?:[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\u2300-\u23FF\u25A0-\u25FF]"
    r"[\uFE0F\u200D\U0001F3FB-\U0001F3FF]*)+\s+(?=\S)"
    # (not one the turn asks about: "🙏 meaning", "🍎 in French?", "🇯🇵 = ?")
    r"(?!(?:meaning|means?|meant|emoji|emojis|definition|name|called|in|stands?|translat\w*)\b|=)",
    re.IGNORECASE,
)


def without_chat_start(text: str) -> str:
    """``text`` without the pictographs that open it, before a space.

    >>> without_chat_start("🚗 ABS = ?"), without_chat_start("🏔️ world's highest peak = ?")
    ('ABS = ?', "world's highest peak = ?")
    >>> without_chat_start("🍎🍏 apples"), without_chat_start("→ CSV"), without_chat_start("😊")
    ('apples', '→ CSV', '😊')
    >>> without_chat_start("🙏 meaning"), without_chat_start("🍎 in French?")
    ('🙏 meaning', '🍎 in French?')
    >>> without_chat_start("📷 handwritten note → English")
    '📷 handwritten note → English'
    """
    if text[:1] < "\u2300" and text[:1] not in (" ", "\t", "\n"):
        return text  # (in C: most turns open with a letter, a digit or a mark)
    opened = _CHAT_START.match(text)
    return text if opened is None else text[opened.end() :]


# a short label that names what it asks and gives nothing after its colon: "Painter of The
# Scream:", "Traffic light colours:" (not a request whose text is missing, "Translate this:",
# "Fix the following:", nor a second sentence before it)
_LABEL_ALONE = re.compile(
    r"\A(?!\s*(?:translate|fix|correct|summari[sz]e|rewrite|rephrase|convert|format|sort|list"
    r"|explain|write|check|proofread|answer|solve|complete|fill|define|describe|edit|reword"
    r"|shorten|expand|continue|finish|please|can|could|would|here|the following|below|above)\b)"
    r"(?![^:\n]*\b(?:this|these|that|those|it|following|below|above|text|list|sentence|paragraph"
    r"|passage|code|question|questions|options)\b)[^.?!:;\n]{3,60}:\s*\Z",
    re.IGNORECASE,
)


def without_chat_end(text: str) -> str:
    """``text`` without the smileys and laughs that end it.

    >>> without_chat_end("What's 7 + 8? :)"), without_chat_end("who wrote jaws lol xD")
    ("What's 7 + 8?", 'who wrote jaws')
    >>> without_chat_end("what is (5 + 8)"), without_chat_end("Which ocean is largest??")
    ('what is (5 + 8)', 'Which ocean is largest?')
    >>> without_chat_end("Who wrote Emma? (for a quiz)")
    'Who wrote Emma?'
    >>> without_chat_end("What is photosynthesis..."), without_chat_end("Lima is the capital of...")
    ('What is photosynthesis', 'Lima is the capital of...')
    >>> without_chat_end("Painter of The Scream:"), without_chat_end("Translate this:")
    ('Painter of The Scream?', 'Translate this:')
    """
    if text[-1:] == ":" and _LABEL_ALONE.match(text) is not None:
        # (a label with nothing after it asks what it names: "Painter of The Scream:")
        return f"{text[:-1].rstrip()}?"
    if text[-3:] == "..." or text[-1:] == "…":
        # (a question trailing off: "What is photosynthesis..."; not a blank to fill in:
        # "Kilimanjaro is located in...")
        kept = text.rstrip(".… ")
        last = kept.rsplit(maxsplit=1)[-1].lower() if kept else ""
        return text if not kept or last in _BLANK_BEFORE else kept
    if text[-1:] == ")" and text[-2:] not in _CHAT_END_PAIRS:
        aside = _PURPOSE_BRACKET.search(text, max(0, len(text) - _PURPOSE_CHARS))
        if aside is not None and aside.start() > 0:
            return text[: aside.start()]
    if text[-1:] in _MARKS:
        if text[-2:-1] in _MARKS:
            # (a run of marks is one: "Which oceans are there on Earth??", "really?!"; a run of
            # "!" alone after what asks nothing is emphasis, as if none were typed: "telephone
            # inventor !!!", "ubiquitous = !!!")
            tail = text[-8:]
            asked = "?" in tail or _WH_START.match(text) is not None
            return text.rstrip("?! ") + ("?" if asked else "")
        return text
    if text[-2:] not in _CHAT_END_PAIRS:
        return text
    end = _CHAT_END.search(text, max(0, len(text) - 24))
    return text[: end.start()] if end is not None and end.start() > 0 else text


def _own_names(text: str) -> str:
    """``text`` with a language named in its own words, or misspelled, by its English name.

    >>> _own_names("good luck in espanol"), _own_names("'x' en español?")
    ('good luck in Spanish', "'x' in Spanish?")
    """
    if _OWN_NAME.search(text) is None:
        return text
    return _OWN_NAME.sub(
        lambda m: f"{_OWN_PREPOSITION.get(m[1].lower(), m[1])} {_OWN_NAMES[m[2].lower()]}", text
    )


def _shape_of_sides(text: str) -> str:
    """``text`` with a thing given its sides named as the shape they make, in a question of its
    measure.

    >>> _shape_of_sides("what's the perimeter of a 100 m by 64 m football pitch?")
    "what's the perimeter of a 100 m by 64 m rectangle?"
    >>> _shape_of_sides("A 60 x 30 x 35 cm fish tank holds what volume?")
    'A 60 x 30 x 35 cm box holds what volume?'
    """
    # (a test for the measure's word first, in C: most turns ask none)
    area = " area" in text or " Area" in text or text[:4] in ("area", "Area")
    if not area and "erimeter" not in text and "olume" not in text:
        return text
    if _MEASURE_ASKED.search(text) is None:
        return text
    thing = _THING_OF_SIDES.search(text)
    if thing is None or thing.group("thing").lower() in _SHAPE_NAMED:
        return text
    shape = "rectangle" if thing.group("third") is None else "box"
    return f"{text[: thing.start('thing')]}{shape}{text[thing.end('thing') :]}"


def _work_named(text: str) -> str:
    """``text`` with a work's kind before its title left out.

    >>> _work_named("Who is the author of the novel Pride and Prejudice?")
    'Who is the author of Pride and Prejudice?'
    >>> _work_named("write a novel about dragons")
    'write a novel about dragons'
    """
    if next(_WORK_KIND_FOUND.iter(text), None) is None:
        return text  # (a test in C first: most turns name no kind of work)
    if _WORK_KIND.search(text) is None or _WORK_ASKED.search(text) is None:
        return text
    return _WORK_KIND.sub("", text)


# the members of a named group, counted: "who were the four people in ABBA?"
_MEMBERS_COUNTED = re.compile(
    r"\b([Tt]he) (?:two|three|four|five|six|[2-6]) (?:members|people)"
    r" (?:of|in) (?=[A-Z])"
)


def _members_counted(text: str) -> str:
    """``text`` with the count before a named group's members left out.

    >>> _members_counted("who were the four people in ABBA?")
    'who were the members of ABBA?'
    >>> _members_counted("who were the four people in my team?")
    'who were the four people in my team?'
    """
    if not _counts_members(text):
        return text
    return _MEMBERS_COUNTED.sub(r"\1 members of ", text)


def _counts_members(text: str) -> bool:
    """Whether ``text`` counts a named group's members (a test in C first: most turns name no
    group's members)."""
    if " members " not in text and " people " not in text:
        return False
    return _MEMBERS_COUNTED.search(text) is not None


def _polite_shorthand(text: str) -> str:
    """``text`` without its politeness, and a shorthand after a greeting read
    ("hey, EN→IT: good night")."""
    stem = _strip_politeness(text)
    if stem is text:
        return text
    # (what opens a turn, read again where the question starts: "btw wats an equinox", "btw 🩰
    # pirouette = ?")
    return _shorthand(_spelled_out(without_chat_start(stem)))


def _options_apart(text: str) -> tuple[str, str]:
    """``text`` without what follows its options (a short answer asked for in brackets, a
    closing), and its question without its lettered options (``text`` itself if it has none)."""
    if "\n" in text and text.rstrip(" .!?")[-1:] == ")":
        # (a short answer asked for in brackets after the options: "... D) Earth\n(just the
        # letter)" ends with its options once that is set aside)
        text = _BRIEF_BRACKET.sub("", text).rstrip()
    if "\n" not in text and not _has_inline_b(text):
        return text, text
    # (a closing after the options: "... (c) 16 when you can"; not the last option: "(b) right")
    kept = _without_closing(text)
    if kept is not text and _OPTION_LABEL_END.search(text, 0, len(kept.rstrip("?"))) is None:
        text = kept
    stem = _strip_options(text)
    if stem is text or _holder_left_out(stem, text) or _rivals_named(text):
        # (read whole, options and all, when they leave a record's holder out or name rivals)
        return text, text
    if stem.rstrip()[-1:] == ":" and _WH_START.match(stem) is not None:
        # (a question put before its options with a colon: "Which is the largest desert: A) Gobi
        # B) Sahara C) Kalahari")
        stem = f"{stem.rstrip()[:-1].rstrip()}?"
    return text, stem


# A record's well-known holder, which multiple-choice options name when they ask the record: left
# out, the options ask which of the others ranks first, which few know ("Which is the largest
# island: (a) Sumatra, (b) Honshu or (c) Great Britain?"; Greenland is)
_HELD_RECORDS = (
    (r"(?:largest|biggest) islands?", ("greenland", "australia")),
    (r"longest rivers?", ("nile", "amazon")),
    (r"(?:highest|tallest) mountains?", ("everest",)),
    (r"(?:largest|biggest|deepest) oceans?", ("pacific",)),
    (r"(?:largest|biggest) (?:hot )?deserts?", ("sahara", "antarctic")),
    (r"(?:largest|biggest) planets?", ("jupiter",)),
    (r"smallest planets?", ("mercury",)),
    (r"(?:largest|biggest) countr(?:y|ies)", ("russia",)),
    (r"smallest countr(?:y|ies)", ("vatican",)),
    (r"(?:largest|biggest) continents?", ("asia",)),
    (r"(?:largest|biggest) (?:lakes?|inland seas?)", ("caspian", "superior")),
    (r"fastest (?:land )?animals?", ("cheetah", "peregrine")),
    (r"(?:largest|biggest) (?:mammals?|animals?)", ("whale",)),
    (r"tallest animals?", ("giraffe",)),
    (r"tallest statues?", ("statue of unity",)),
    (r"tallest (?:buildings?|skyscrapers?)", ("burj khalifa",)),
    (r"(?:highest|tallest) waterfalls?", ("angel falls", "salto")),
    (r"deepest lakes?", ("baikal",)),
)
# (one search for them all, each record a named group: cheaper than a search for each)
_HELD_RECORD = re.compile(
    r"\b(?:"
    + "|".join(f"(?P<r{i}>{record})" for i, (record, _) in enumerate(_HELD_RECORDS))
    + r")\b(?!\s+(?:in|on|of)\s+(?!the world\b|the earth\b|earth\b)\w)",
    re.IGNORECASE,
)
_HOLDERS = {f"r{i}": holders for i, (_, holders) in enumerate(_HELD_RECORDS)}


# Rivals for one discovery or invention, which its historians dispute: named together among
# options, they ask a judgement between them ("Who invented the telephone: (a) Bell, (b) Meucci
# or (c) Gray?"), which the cloud groups read in the options
_RIVALS = (
    ("priestley", "scheele"),
    ("newton", "leibniz"),
    ("bell", "meucci"),
    ("edison", "swan"),
    ("marconi", "tesla"),
    ("marconi", "popov"),
    ("darwin", "wallace"),
    ("wright", "santos"),
    ("columbus", "leif"),
    ("gutenberg", "bi sheng"),
    ("angel falls", "tugela"),
    # (and places a claim is disputed between: Africa's biggest city, the tango's birthplace)
    ("lagos", "cairo"),
    ("lagos", "kinshasa"),
    ("buenos aires", "montevideo"),
)


def _rivals_named(text: str) -> bool:
    """Whether the options of ``text`` name two rivals for one discovery or invention.

    >>> _rivals_named("Who invented calculus? (a) Newton (b) Leibniz"), _rivals_named("(a) Bell")
    (True, False)
    """
    lower = text.lower()
    return any(first in lower and second in lower for first, second in _RIVALS)


def _holder_left_out(stem: str, text: str) -> bool:
    """Whether ``stem``, a multiple-choice question of ``text``, asks a record whose well-known
    holder the options leave out.

    >>> _holder_left_out("which is the largest island?", "... (a) Sumatra, (b) Honshu")
    True
    >>> _holder_left_out("which is the largest island?", "... (a) Greenland, (b) Borneo")
    False
    """
    found = _HELD_RECORD.search(stem)
    if found is None or found.lastgroup is None:
        return False
    lower = text.lower()
    return not any(holder in lower for holder in _HOLDERS[found.lastgroup])


def _read_slowly(text: str) -> Unwrapped:
    """:func:`unwrap` step by step, for a turn :func:`_left_as_is` does not let through."""
    text, stem = _options_apart(text)
    multiple_choice = stem is not text
    if multiple_choice and stem.rstrip()[-1:] == ":" and _LIST_EDIT.search(stem) is not None:
        # (a numbered list to put in order is given text: "Reverse the order:\n1. Mercury")
        return Unwrapped(f"{stem.rstrip()} 'x'", False)
    if not multiple_choice and text.lstrip("( \t")[:1] in ("A", "a"):
        stem = _options_first(text)
        multiple_choice = stem is not text
    if '"' in stem and stem.count('"') % 2:
        stem = _INCH_MARK.sub(" inch", stem)
    stem = _spelled_out(_shorthand(_work_named(_own_names(_emoji(_members_counted(stem))))))
    stem = _shape_of_sides(_worded_quantities(stem))
    stem = _spelling_choice(_polite_shorthand(_worded_numbers(stem)))
    stem = _sort_asked(_labelled(_count_last(stem)))
    stem = _given_apart(stem, multiple_choice)
    if multiple_choice:
        stem = _meaning_asked(_choice_asked(stem))
    stem, context = _set_apart(stem, multiple_choice)
    if not multiple_choice:
        stem, context = _conversion_read(stem, context)
    stem = _explained(_example_too(_strip_brevity(stem)))
    completion = None
    if (multiple_choice or _ends_open(stem)) and _may_complete(stem):
        completion = _COMPLETION.match(stem)
    if completion is not None and not _WH_START.match(completion.group(1)):
        stem = f"what is {completion.group(1)}?"
    if _quotes(stem) >= 2:
        stem, context = _quoted_read(_long_quote_fixed(stem), context)
    stem = _tip_asked(_direct(stem))
    if len(stem.split(maxsplit=_QUESTION_WORDS)) <= _QUESTION_WORDS:
        stem = _canonical(stem)
    return Unwrapped(stem, multiple_choice, context)


def _long_quote_fixed(stem: str) -> str:
    """``stem`` with a quoted sentence longer than a name or a phrase stood in as 'x', if the rest
    asks to put its language right (a quoted span of up to 60 characters always is).

    >>> _long_quote_fixed('tidy up the mistakes in this? "Were having a karaoke night on friday,'
    ...                   ' every one is welcome to come and sing."')
    "tidy up the mistakes in this? 'x'"
    """
    found = _LONG_QUOTED.search(stem)
    if found is None:
        return stem
    rest = f"{stem[: found.start()]} {stem[found.end() :]}"
    if (
        len(found.group(0).split()) > _GIVEN_WORDS
        or _FIX_ASKED.search(rest) is None
        or _LONG_QUOTED.search(rest) is not None
        or _codey(found.group(0))
    ):
        return stem
    return f"{stem[: found.start()]}'x'{stem[found.end() :]}"


def _quoted_read(stem: str, context: str) -> tuple[str, str]:
    """``stem`` with its quoted spans stood in as 'x', and a quoted sentence then the request to
    put it right read as that request ("My daughter wrote 'x' Can you fix it?"), what comes before
    the quote added to ``context`` (unless it only asks whether the text is right).

    >>> _quoted_read('Is this right? "It have rained." Please correct it.', "")
    ("correct: 'x'", '')
    """
    stem = _QUOTED.sub(_quote, stem)
    fix = _FIX_AFTER_QUOTE.match(stem) if stem[-1:] in "?.!t" else None
    if fix is None:
        return stem, context
    if _NAMES_CODE.search(fix.group(1)) is not None:
        return stem, context  # (an error or a line of code to fix: "I got this error 'x' ...")
    before = "" if _ASKS_IF_RIGHT.match(fix.group(1)) else fix.group(1)
    return f"{fix.group(2).lower()}: 'x'", f"{context} {before}".strip()


def options_in_words(text: str) -> Unwrapped | None:
    """The question of a turn that gives three to six short options in words, read as a
    multiple-choice item's (:func:`_in_words`); None if it gives none, or if they leave out the
    holder of the record it asks ("Which is the smallest country: Monaco, Andorra or San
    Marino?")."""
    asked = _in_words(text)
    if asked is None or _holder_left_out(asked.text, text):
        return None
    return asked


def _in_words(text: str) -> Unwrapped | None:
    """The question of a turn that gives three to six short options in words, after it or before
    it, read as a multiple-choice item's; None if it gives none (:func:`options_in_words`, which
    checks what the options leave out).

    >>> options_in_words("how many bones does an adult have, 106, 206 or 306?")
    Unwrapped(text='how many bones does an adult have?', multiple_choice=True, context='')
    >>> options_in_words("Oak, maple, pine or birch: which is evergreen?").text
    'which is evergreen?'
    >>> options_in_words("Which is bigger, 10kg of iron or 10kg of cotton?") is None
    True
    """
    if len(text) > _WORDED_CHARS or "\n" in text:
        return None
    if ", " not in text and " or " not in text and "/" not in text:
        return None
    text = _options_asked(text)
    body = text.strip().rstrip("?.! ")
    # (the last option, after the last "or" or slash, is a word or three: else none end the turn)
    last = max(body.rfind(" or "), body.rfind("/"))
    if last < 0 and ":" in body:
        last = body.rfind(", ")  # (after a colon, commas alone list them)
    tail = body[last:].split(maxsplit=_WORDED_LAST_WORDS + 1) if last >= 0 else ()
    stem = _options_last(body) if 0 < len(tail) <= _WORDED_LAST_WORDS + 1 else None
    options_after = stem is not None
    if stem is None:
        stem = _asked_after_options(text, body)
        if stem is None:
            return None
    elif text.rstrip()[-1:] == "?":
        stem += "?"  # (the question mark after the options ends the question)
    if options_after and _BARE_SUPERLATIVE.match(stem) is not None:
        stem = f"which is the {stem}"  # ("biggest hot desert, gobi sahara or kalahari?")
    asked = unwrap(stem)
    if options_after:
        # (which of the options after it is the one asked for: "Which is the symbol for gold: Ag,
        # Au, ...?" asks what the symbol for gold is)
        return Unwrapped(_WHICH_IS_THE.sub(r"what \1 the", asked.text), True, asked.context)
    return Unwrapped(asked.text, True, asked.context)


# "Is the ship of the desert a horse, a camel or an elephant?": its subject and its options
_IS_ONE_OF = re.compile(
    r"\A\s*(is|are|was)\s+(.+?),\s+([^,]{1,30}?(?:,\s+[^,]{1,30}?)?),?\s+or\s+([^,?]{1,30}?)"
    r"\s*\?\s*\Z",
    re.IGNORECASE,
)
_LEADING_ARTICLE = re.compile(r"\A(?:an?|the)\s+", re.IGNORECASE)
_KIND_NAMED = re.compile(
    r"\Athe\s+(ocean|sea|river|lake|mountain|country|city|planet|continent|language|animal"
    r"|instrument|sport|month|colou?r)\s+((?:between|in|on|that|which|with|of|near|closest|nearest)"
    r"\b.+)\Z",
    re.IGNORECASE,
)
_PREPOSITION_LAST = re.compile(r"\s(?:in|on|at|of|for|from|to|by|with)\Z", re.IGNORECASE)


def _first_option_at(words: list[str], others: list[str]) -> int:
    """Where the first option starts among ``words`` (the subject's, then the first option's),
    told by the ``others``: names are the run of capitalised words before the comma, and any
    other option takes as many words as the longest of the others; an article goes with it."""
    if _LEADING_ARTICLE.sub("", others[-1])[:1].isupper():
        start = len(words)
        while start > 1 and words[start - 1][:1].isupper():
            start -= 1
    else:
        start = len(words) - max(len(_LEADING_ARTICLE.sub("", other).split()) for other in others)
    if 1 < start <= len(words) and words[start - 1].lower() in ("a", "an", "the"):
        start -= 1
    return start


# (options in words follow: "New Zealand, Kenya or Peru?")
_OPTIONS_AHEAD = r"(?=[^,?]{1,30},[^?]{1,60}\bor\b)"
_BE, _THING, _FROM = r"(is|are|was|were)", r"([\w'’ -]{2,40}?)", r"(from|native to|based in)"
# ("Is the kiwi bird from New Zealand, Kenya or Peru?" asks where it is from)
_IS_FROM = re.compile(rf"\A{_BE}\s+{_THING}\s+{_FROM}\s+{_OPTIONS_AHEAD}", re.IGNORECASE)
# (... or said first: "the haka is from new zealand, mexico or egypt?")
_FROM_ONE_OF = re.compile(rf"\A{_THING}\s+{_BE}\s+{_FROM}\s+{_OPTIONS_AHEAD}", re.IGNORECASE)
_DOES_ONE_OF = re.compile(
    r"\A(do|does)\s+([\w'’ -]{2,30}?)\s+((?:mainly |mostly |usually )?(?:eat|make|produce"
    rf"|become|turn into|grow into|live in|speak))\s+{_OPTIONS_AHEAD}",
    re.IGNORECASE,
)


def _which_of(text: str) -> str | None:
    """A question whether its subject is one of its options, put as which one it is: "Is the
    ship of the desert a horse, a camel or an elephant?" -> "Which is the ship of the desert: a
    horse, a camel or an elephant?"; None if the first option can't be told from the subject.

    >>> _which_of("Is the smallest country Monaco, Vatican City or San Marino?")
    'Which is the smallest country: Monaco, Vatican City or San Marino?'
    >>> _which_of("Is the ocean between Africa and Australia the Atlantic, Indian or Arctic?")
    'Which ocean is between Africa and Australia: the Atlantic, Indian or Arctic?'
    >>> _which_of("Is the city famous for gondolas Venice, Madrid or Vienna?")
    'Which city is famous for gondolas: Venice, Madrid or Vienna?'
    >>> _which_of("Is Halloween in September, October or November?") is None
    True
    """
    asked = _IS_ONE_OF.match(text)
    if asked is None:
        return None
    verb, head, middle, last = asked.groups()
    others = [part.strip() for part in middle.split(",")] + [last.strip()]
    words = head.split()
    start = _first_option_at(words, others)
    subject = " ".join(words[:start])
    first = " ".join(words[start:])
    if start < 1 or not first or _PREPOSITION_LAST.search(subject):
        return None
    options = f"{first}, {', '.join(others[:-1])} or {others[-1]}"
    kind = _KIND_NAMED.match(subject)
    if kind is not None:
        # ("Which ocean is between Africa and Australia: ...", as a lookup asks it)
        return f"Which {kind.group(1)} {verb.lower()} {kind.group(2)}: {options}?"
    known = _KIND_KNOWN.match(_LEADING_ARTICLE.sub("", subject))
    if known is not None:
        # ("Which city is famous for gondolas: Venice, Madrid or Vienna?")
        return f"Which {known.group(1)} {verb.lower()} {known.group(2)}: {options}?"
    which = "Which are" if verb.lower() == "are" else "Which is"
    return f"{which} {subject}: {options}?"


def _options_asked(text: str) -> str:
    """``text``, a turn with options in words, without a greeting before and the answer's form
    after ("Hi! ...: Perth, Canberra or Sydney? One word."), and a question whether its subject
    is one of them put as which one it is (:func:`_which_of`)."""
    words = text.lower().split()
    end = words[-1].strip(".!?,") if words else ""
    if words and (
        words[0].strip(",:;.!?") in _PREAMBLE_START
        or text.lstrip().lower().startswith(_WHEN_PREAMBLE)
        or end in _CLOSING_LAST
        or end in _ANSWER_FORM_LAST
    ):
        text = _strip_politeness(text)
    if text.rstrip()[-1:] != "?":
        # (what form the answer takes, in a sentence after the question: "... Ag, Au, Gd, or Go?
        # Just the symbol.")
        text = _FORM_AFTER.sub("", text)
    if text[:3].lower() in ("is ", "are", "was"):
        text = _which_of(text) or _IS_FROM.sub(r"Where \1 \2 \3: ", text, count=1)
    elif text[:3].lower() in ("do ", "doe"):
        # ("Do giant pandas mainly eat bamboo, fish or berries?" asks what they mainly eat)
        text = _DOES_ONE_OF.sub(r"What \1 \2 \3: ", text, count=1)
    if text == text.lower() and "? " in text:
        # (a texted remark after the options that asks nothing and gives no figure: "biggest hot
        # desert, gobi sahara or kalahari? quiz night tiebreaker n my team are all shouting")
        told = _TEXTED_AFTER.match(text)
        if told is not None and _remark_aside(told.group(2).strip()):
            text = told.group(1)
    if " from " in text or " native to " in text or " based in " in text:
        # ("the haka is from new zealand, mexico or egypt?" asks where it is from)
        text = _FROM_ONE_OF.sub(r"Where \2 \1 \3: ", text, count=1)
    return text


def _asked_after_options(text: str, body: str) -> str | None:
    """The question asked after the options that start ``body`` (``text`` without its final
    marks), a bare superlative put as "which is ...?"; None if none is."""
    asked_at = _WORDED_ASKED.search(body)
    if asked_at is None or not _all_options(body[: asked_at.start()]):
        return None
    stem = text.strip()[asked_at.end() :]
    if stem[:5].lower() not in ("which", "what ", "who ", "what'", "what’"):
        stem = f"which is {stem}"  # (a bare superlative asks which one is)
    return stem


def _options_last(body: str) -> str | None:
    """The question before the options that end ``body`` (its final marks set aside)."""
    pieces = _WORDED_SPLIT.split(body)  # [text, mark, text, mark, ..., text]
    options, joined = 0, False
    for at in range(len(pieces) - 1, -1, -2):
        piece = pieces[at]
        if _WORDED_OPTION.match(piece) is not None and at > 0:
            options += 1
            joined = joined or pieces[at - 1].strip(", ") in ("or", "/")
            continue
        # the question, then (after a colon, a question mark or a dash) the first option
        end = _WORDED_STEM_END.search(piece)
        if end is not None and _WORDED_OPTION.match(piece[end.end() :]) is not None:
            options, stem = options + 1, piece[: end.start()]
            # (options listed after a colon need no "or": "who wrote it: Dickens, Austen, Eliot?")
            joined = joined or ":" in end.group(0)
        elif at + 1 < len(pieces) and pieces[at + 1].strip() == ",":
            stem = piece
        else:
            return None
        options += _texted_options(pieces) if options == 2 else 0
        fits = joined and 3 <= options <= _WORDED_MOST and any(c.isalnum() for c in stem)
        return stem.rstrip() if fits else None
    return None


_BARE_SUPERLATIVE = re.compile(r"\A\s*(?:[a-z]{3,}est|most [a-z]+)\b", re.IGNORECASE)


def _texted_options(pieces: list[str]) -> int:
    """How many more options a lower-case turn gives before its "or" with no commas between them:
    "biggest hot desert, gobi sahara or kalahari?" gives three (as many as there are words)."""
    if len(pieces) < 3 or pieces[-2].strip() != "or" or not pieces[-3].islower():
        return 0
    spaced = len(pieces[-3].split())
    return spaced - 1 if 2 <= spaced <= 3 and len(pieces[-1].split()) <= 2 else 0


def _all_options(given: str) -> bool:
    """Whether ``given`` is three to six options and nothing else."""
    pieces = _WORDED_SPLIT.split(given.strip())
    names = pieces[::2]
    # (not a greeting's words: "hey, hey, quick q: which ...?")
    return (
        3 <= len(names) <= _WORDED_MOST
        and all(_WORDED_OPTION.match(name) is not None for name in names)
        and not any(name.split()[0].lower() in _PREAMBLE_START for name in names if name.strip())
    )


def respelled(text: str) -> str:
    """A lower-case turn with its misspelled words put right (:mod:`.spelling`), unless it is
    about spelling, or holds given text or another language's words, whose misspellings are
    what it asks about. The classifier reads a turn again so when the rules send it to the
    cloud.

    >>> respelled("whats the bigest penguin"), respelled("is it calender or calandar")
    ('whats the biggest penguin', 'is it calender or calandar')
    """
    again = spelling.packaged().respell(text)
    return text if again is text or _ABOUT_SPELLING.search(text) else again


# A conversion asked of the one quantity a turn gives, however the asker tells it: "in my country
# we use cm, how much is 27 inch?", "the 20kg dumbbell is how many pounds?", "my oven uses
# Fahrenheit, recipe says 180 degrees Celsius, what do I set it to?". The unit asked for is one of
# the same kind named after "in", "to", "how many", "use" or "shows"; the turn asks an amount.
_CONVERSION_UNITS = {
    **dict.fromkeys(("mm", "millimeter", "millimetre"), ("length", "mm")),
    **dict.fromkeys(("cm", "centimeter", "centimetre"), ("length", "cm")),
    **dict.fromkeys(("m", "meter", "metre"), ("length", "m")),
    **dict.fromkeys(("km", "kilometer", "kilometre"), ("length", "km")),
    **dict.fromkeys(("in", "inch"), ("length", "in")),
    **dict.fromkeys(("ft", "foot", "feet"), ("length", "ft")),
    **dict.fromkeys(("yd", "yard"), ("length", "yd")),
    **dict.fromkeys(("mi", "mile"), ("length", "mi")),
    **dict.fromkeys(("g", "gram"), ("mass", "g")),
    **dict.fromkeys(("kg", "kilo", "kilogram"), ("mass", "kg")),
    **dict.fromkeys(("lb", "pound"), ("mass", "lb")),
    **dict.fromkeys(("oz", "ounce"), ("mass", "oz")),
    **dict.fromkeys(("c", "celsius", "centigrade"), ("temperature", "c")),
    **dict.fromkeys(("f", "fahrenheit"), ("temperature", "f")),
    "degree": ("temperature", "degree"),
    **dict.fromkeys(("ml", "milliliter", "millilitre"), ("volume", "ml")),
    **dict.fromkeys(("l", "liter", "litre"), ("volume", "l")),
    **dict.fromkeys(("cup", "pint", "quart", "gallon"), ("volume", "us")),
}
_NUMBER_GIVEN = re.compile(r"\d+(?:[.,]\d+)?")
_QUANTITY_GIVEN = re.compile(
    r"(?<![\w.,])(\d+(?:\.\d+)?)\s*-?\s*(?:°\s*)?"
    r"(degrees?\s+(?:celsius|fahrenheit|centigrade|c|f)|[a-z]+)\b",
    re.IGNORECASE,
)
_UNIT_ASKED = re.compile(
    r"(?:\b(?:in|to|into|how many|how much|use|uses|shows|reads|does|has|have)\s+|=\s*\?\s*)"
    r"(?:degrees\s+)?([a-z]+)\b",
    re.IGNORECASE,
)
_AMOUNT_ASKED = re.compile(
    r"\b(?:how (?:many|much)(?: [\w-]+){0,2}? (?:is|are|in|=)\b"
    r"|how (?:many|much) [\w-]+\s*[?.!]*(?:\Z|[,;.?])"
    r"|what(?:['’]s| is) (?:that|it|this)\b|what (?:do|should) i set|(?:that|it) in\b)"
    r"|=\s*(?:how|\?)",
    re.IGNORECASE,
)
# (a view asked of the quantity is not its conversion: "I weigh 80 kg, how many pounds should I
# lose?", "7 pounds at birth, is she small in kg?")
_NOT_AN_AMOUNT = re.compile(
    r"\b(?:should|lose|gain|too|enough|safe|healthy|normal|small|big|ok|okay|fine|good|bad)\b",
    re.IGNORECASE,
)
_PLAIN_CONVERSION = re.compile(
    r"\A\s*(?:how (?:many|much) [\w ]{1,24}? (?:is|are|in) |what(?:['’]s| is) )\d", re.IGNORECASE
)
_CONVERSION_CHARS = 160
_BLANK_ASKED = re.compile(r"=\s*\?")


def _unit(word: str) -> tuple[str, str] | None:
    """The kind and the unit a word names ("inches" -> length, inches), or None."""
    word = word.lower()
    if word.startswith("degree"):
        word = word.split()[-1]
    unit = _CONVERSION_UNITS.get(word)
    if unit is None and len(word) > 3 and word.endswith("s"):
        # (a plural: "pounds", "inches")
        unit = _CONVERSION_UNITS.get(word[:-1]) or _CONVERSION_UNITS.get(word[:-2])
    return unit


def _conversion_read(stem: str, context: str) -> tuple[str, str]:
    """A conversion asked of the one quantity the turn gives, put as the conversion, with the
    whole turn as its context (what needs the cloud there still does).

    >>> _conversion_read("in my country we use cm, how much is 27 inch?", "")
    ('what is 27 inch in cm?', 'in my country we use cm, how much is 27 inch?')
    >>> _conversion_read("20 kg = ? lb?", "")
    ('what is 20 kg in lb?', '20 kg  to  lb?')
    >>> _conversion_read("How many miles is that?", "I ran 5 km in 30 minutes.")[0]
    'How many miles is that?'
    """
    whole = f"{context} {stem}".strip() if context else stem
    if len(whole) > _CONVERSION_CHARS or _DIGIT.search(whole) is None:
        return stem, context
    lower = whole.lower()
    # (a test of its cues first, in C: most turns ask no amount)
    if next(_CONVERSION_FOUND.iter(lower), None) is None or _AMOUNT_ASKED.search(whole) is None:
        return stem, context
    if _NOT_AN_AMOUNT.search(whole) is not None:
        return stem, context
    if not context and _PLAIN_CONVERSION.match(stem) is not None:
        return stem, context  # (asked plainly already: "How many millimetres is 45 cm?")
    if len(_NUMBER_GIVEN.findall(whole)) != 1:
        return stem, context
    given = _QUANTITY_GIVEN.search(whole)
    unit = _unit(given.group(2)) if given is not None else None
    if given is None or unit is None:
        return stem, context
    # (the units of the same kind named where one is asked for, other than the one given)
    named = {found.group(1): _unit(found.group(1)) for found in _UNIT_ASKED.finditer(whole)}
    targets = {word: asked for word, asked in named.items() if asked and asked[0] == unit[0]}
    targets = {word: asked for word, asked in targets.items() if asked != unit}
    if len(set(targets.values())) != 1:
        return stem, context
    # (the whole turn is the context; a "= ?" in it is the blank the question fills, not a
    # second question: "20 kg = ? lb?")
    asked = f"what is {given.group(1)} {given.group(2)} in {next(iter(targets))}?"
    return asked, _BLANK_ASKED.sub(" to ", whole)


# A term asked to be defined, then a hint of what the asker half remembers of it: "whats a
# sommelier, the restaurant wine person thing?", "what is hibernation, like in bears?" (not one
# that names the asker's: "what is the capital, like of my company?")
_DEFINITION_HINT = re.compile(
    r"\A(\s*what(?:['’]s|\s+is|\s+are)\s+(?:an?\s+)?[\w'’-]+(?:\s+[\w'’-]+)?)\s*,\s+"
    r"((?:like|as in|you know|i mean|the|that)\b"
    r"(?![^,?\n]*\b(?:my|our|your|ur|me|us|i|we|should|best|good|worth)\b)"
    r"[^,?\n]{2,50}?)\s*\?\s*\Z",
    re.IGNORECASE,
)


def _set_apart(stem: str, multiple_choice: bool) -> tuple[str, str]:
    """The question with given text stood in as 'x', and the context set aside from it."""
    labelled = _LABELLED_SUM.match(stem) if ":" in stem and not multiple_choice else None
    if labelled is not None:
        # (the label is context: what needs the cloud there still does)
        return stem[labelled.end() :], labelled.group(1)
    told = _story_before_given(stem) if ":" in stem else None
    if told is not None:
        return told
    edits = ":" in stem or "? " in stem or " -" in stem
    # (or a format and then its text, with no mark: "make this all caps happy birthday")
    edits = edits or stem[:24].lower().lstrip().startswith(_FORMAT_FIRST)
    given = _strip_given(stem) if edits else stem
    if given is not stem:
        lead = _LEAD_BEFORE_EDIT.match(given) if ", " in given else None
        if lead is not None:
            # (the asker's lead-in before the request is context: "english is not my first
            # language, can you correct: 'x'")
            return _strip_politeness(given[lead.end() :]), lead.group(1)
        return given, ""
    hinted = _DEFINITION_HINT.match(stem) if ", " in stem and not multiple_choice else None
    if hinted is not None:
        # (what the asker half remembers of it is context: "wats hibernation, like when bears
        # sleep all winter?"; what needs the cloud there still does)
        return f"{hinted.group(1)}?", hinted.group(2)
    label = _LABEL_BEFORE.match(stem) if ":" in stem and not multiple_choice else None
    if label is not None and not _LABEL_POINTED_TO.search(label.group(2)):
        # (a short label before a whole question is context: "For my project: what is ...?")
        return label.group(2), label.group(1)
    if (not multiple_choice or _ASIDE_FIRST.match(stem)) and _may_have_context(stem):
        # (an exam item's lead-in is an instruction: "Find the exact answer: 800 - 301", or part
        # of the item: "Of the following compounds, which ..."; only a first-person sentence
        # before its question is set aside: "I'm checking my homework. What is 12 x 9?")
        split, context = _split_context(stem)
        if split is not stem:
            stem = split
            # (a translation asked after the story: "... How do I write 'x' in Spanish?")
            return _shorthand(_strip_politeness(stem)), context
    return stem, ""


def _shorthand(text: str) -> str:
    """A translation asked in shorthand, or with its language first, put as the question it
    asks.

    >>> _shorthand("library = ? (French)"), _shorthand("EN→JA: thank you")
    ('how do you say library in French?', 'how do you say thank you in Japanese?')
    >>> _shorthand("In Spanish, good night is said how?")
    'good night is said how in Spanish?'
    """
    worded = _worded(text)
    if worded is not None:
        return worded
    if "=" in text:
        word = _WORD_IN.match(text)
        if word is not None and word.group(2).lower() in _LANGUAGE_NAMES:
            return f"how do you say {word.group(1)} in {_LANGUAGE_NAMES[word.group(2).lower()]}?"
        return text
    codes = _CODES.match(text) if ":" in text else None
    if codes is None:
        return text
    source, target = (_LANGUAGES.get(code.lower()) for code in codes.group(1, 2))
    if source is None or target is None or source == target:
        return text
    if target == "English":
        return f"what does {codes.group(3)} mean in English?"
    # (the phrase's own mark is the phrase's: "EN→ES: Where is the pharmacy?")
    return f"how do you say {codes.group(3).rstrip('?!. ')} in {target}?"


def _worded(text: str) -> str | None:
    """A translation asked in words out of the usual order, or a term with a bracketed
    qualifier (:func:`_qualified`), put as the question it asks; None if ``text`` is neither.

    >>> _worded("library in spanish how to say"), _worded("how do i ask wheres the bus in italian")
    ('how do you say library in Spanish?', 'how do you say wheres the bus in Italian?')
    >>> _worded("In music, what is a crescendo?")
    'what does crescendo mean in music?'
    >>> _worded("bokeh (photography) — define"), _worded("in photography what is meant by bokeh")
    ('what does bokeh mean in photography?', 'what does bokeh mean in photography?')
    """
    if " in " in text or " for" in text:
        # (or a language, then the phrase after a colon: "German for: How old are you?", "Give
        # the Italian for: I'm sorry.")
        asked = _ASK_IN.match(text) or _SAY_LAST.match(text) or _LANGUAGE_FOR.match(text)
        if asked is not None:
            language = _LANGUAGE_NAMES[asked.group("language").lower()]
            return f"how do you say {asked.group('phrase')} in {language}?"
        field = _FIELD_BETWEEN.match(text) if ", in " in text else None
        if field is not None:
            return f"what does {field.group(1)} mean in {field.group(2).lower()}?"
    if "(" in text:
        bracketed = _BRACKETED.match(text)
        if bracketed is not None:
            return _qualified(text, *bracketed.groups())
    if text[:3].lower() == "in ":
        first = _LANGUAGE_FIRST.match(text)
        if first is not None:
            # (the asking words before a colon ask it: "In Spanish, how would you say: ...")
            phrase = _SAY_COLON.sub(r"\1 ", first.group(2))
            return f"{phrase} in {first.group(1)}{first.group(3)}"
        field = _FIELD_FIRST.match(text)
        if field is not None:
            return f"what does {field.group(2)} mean in {field.group(1).lower()}?"
    return None


def _qualified(text: str, term: str, qualifier: str) -> str:
    """A term with its language or an abbreviation with its field in brackets, asked.

    >>> _qualified("garlic (French)?", "garlic", "French")
    'how do you say garlic in French?'
    >>> _qualified("ABS (cars) = ?", "ABS", "cars"), _qualified("rent (London)?", "rent", "London")
    ('what does ABS stand for in cars?', 'rent (London)?')
    >>> _qualified("allegro (music) = ?", "allegro", "music")
    'what does allegro mean in music?'
    """
    language = _LANGUAGE_NAMES.get(qualifier.lower())
    if language is not None:
        return f"how do you say {term} in {language}?"
    if qualifier.lower() in _PARTS_OF_SPEECH and len(term.split()) <= 2:
        return f"what does {term} mean?"  # ("sabbatical (n.) = ?")
    if _ABBREVIATION.match(term):
        return f"what does {term} stand for in {qualifier}?"
    if qualifier.lower() in _FIELDS and len(term.split()) <= 2:
        return f"what does {term} mean in {qualifier.lower()}?"
    return text


# an order's two ends chained by an arrow, read as "from one to the other": "412, 87, 256 →
# lowest → highest?", "→ Jan → Dec?"
_ORDER_END = (
    r"(?:lowest|highest|smallest|largest|biggest|earliest|latest|oldest|newest|youngest|tallest"
    r"|shortest|longest|first|last|cheapest|dearest|a|z|jan|january|dec|december|mon|monday|sun"
    r"|sunday)"
)
_ORDER_CHAIN = re.compile(rf"\b({_ORDER_END})\s*(?:→|->)\s*({_ORDER_END})\b", re.IGNORECASE)


def _sort_asked(text: str) -> str:
    """A short list given with "in A to Z order" after it, or "a→z:" before it, asked as the
    sort it is.

    >>> _sort_asked("Zara, Liam, Mei in A to Z order?"), _sort_asked("a→z pls: pear / fig")
    ("put in alphabetical order: 'x'", "put in alphabetical order: 'x'")
    >>> _sort_asked("alphabetical order Patel Okafor"), _sort_asked("alphabetical order of cats")
    ("put in alphabetical order: 'x'", 'alphabetical order of cats')
    >>> _sort_asked("Alphabetical: gouda, brie, feta")
    "put in alphabetical order: 'x'"
    >>> _sort_asked("412, 87, 256 → lowest → highest?")
    '412, 87, 256 → lowest to highest?'
    """
    if "→" in text or "->" in text:
        text = _ORDER_CHAIN.sub(r"\1 to \2", text)
    if "order" not in text and "z" not in text and "Z" not in text and "phabetical" not in text:
        return text
    listed = _ORDER_AFTER.match(text) or _ORDER_BEFORE.match(text)
    if listed is None or _CODEY.search(listed.group("items") or listed.group("names")):
        return text
    return "put in alphabetical order: 'x'"


def _labelled(text: str) -> str:
    """A word and, before a colon or after an arrow, the form of it asked for.

    >>> _labelled("opposite: generous"), _labelled("element potassium → symbol")
    ('what is the opposite of generous?', 'what is the symbol of potassium?')
    >>> _labelled("Cooking term: julienne. Meaning?"), _labelled("goose. Plural?")
    ('what does julienne mean?', 'what is the plural of goose?')
    """
    if text.rstrip(" ?").lower().endswith(_ASKED_LABELS):
        told = _LABEL_ASKED.match(text)
        if told is not None:
            label, word = told.group("label").lower(), told.group("word").rstrip("'")
            if label in ("meaning", "definition", "define", "def"):
                # (a term of several words is defined: "define prime number" is school maths)
                return f"define {word}" if " " in word else f"what does {word} mean?"
            return f"what is the {label} of {word}?"
    if ":" not in text and "→" not in text and "->" not in text:
        return text
    asked = _LABEL_FIRST.match(text) or _LABEL_LAST.match(text)
    if asked is None:
        return text
    label, word = asked.group("label").lower(), asked.group("word")
    return f"what is the {label} of {word}?"


def _count_last(text: str) -> str:
    """A kind, then how many of it are asked for, put as the request it is.

    >>> _count_last("swimming strokes list four"), _count_last("Types of cloud: give me three.")
    ('name four swimming strokes', 'name three Types of cloud')
    >>> _count_last("Continents - list them all"), _count_last("the planets, name them")
    ('name all the Continents', 'name all the planets')
    >>> _count_last("examples of root veg? just 3"), _count_last("herbs, 3 examples")
    ('name 3 root veg', 'name 3 herbs')
    >>> _count_last("Great Lakes list"), _count_last("grocery list"), _count_last("my films list")
    ('list the Great Lakes', 'grocery list', 'my films list')
    """
    examples = _COUNT_EXAMPLES.match(text) if "example" in text.lower() else None
    if examples is not None:
        kind, count = examples.group(1, 2) if examples.group(1) else examples.group(3, 4)
        return f"name {count} {kind}"
    end = text.rstrip(" .!?")
    if end[-5:].lower() == " list":
        kind = _KIND_LIST.match(text)
        return text if kind is None else f"list the {kind.group(1)}"
    if end[-1:].isalpha() and not end.lower().endswith(_COUNTS):
        if end[-1:] not in ("m", "e", "l", "y", "r", "s") or not end.lower().endswith(_THEM_ENDS):
            return text
        them = _LIST_THEM.match(text)
        return text if them is None else f"name all the {them.group(1)}"
    counted = _COUNT_LAST.match(text)
    if counted is None or _WH_START.match(text):
        return text
    return f"name {counted.group(2)} {counted.group(1)}"


def _spelling_choice(text: str) -> str:
    """Two spellings of one word to choose between, in any frame, asked as that choice.

    >>> _spelling_choice("calender or calendar"), _spelling_choice("cats or dogs?")
    ("which is the correct spelling, 'calender' or 'calendar'?", 'cats or dogs?')
    """
    if " or " not in text and "/" not in text:
        return text
    choice = _SPELLING_CHOICE.match(text)
    if choice is None or not _one_word_spelt_two_ways(choice.group(1), choice.group(2)):
        return text
    return f"which is the correct spelling, '{choice.group(1)}' or '{choice.group(2)}'?"


def _one_word_spelt_two_ways(first: str, second: str) -> bool:
    """Two strings with one first letter, one or two edits apart (insert, delete, replace).

    >>> _one_word_spelt_two_ways("neccessary", "necessary")
    True
    >>> _one_word_spelt_two_ways("affect", "effect"), _one_word_spelt_two_ways("cats", "dogs")
    (False, False)
    """
    a, b = first.lower(), second.lower()
    if a == b or a[0] != b[0] or abs(len(a) - len(b)) > 2:
        return False
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        previous, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (x != y))
    return row[-1] <= 2


# a country's flag after an arrow, as the language to translate into: "'nice to meet you' → 🇫🇷 ?"
_FLAG = re.compile("[\U0001f1e6-\U0001f1ff]")
_FLAG_TARGET = re.compile(
    r"(→|->|=>)\s*([\U0001F1E6-\U0001F1FF]{2})\s*(?:=\s*)?\??(?=\s*(?:[^\W\d_]|\Z))"
)
_FLAG_LANGUAGES = {
    **dict.fromkeys(("GB", "US", "AU", "IE", "NZ"), "English"),
    **dict.fromkeys(("FR",), "French"),
    **dict.fromkeys(("ES", "MX", "AR", "CO"), "Spanish"),
    **dict.fromkeys(("DE", "AT"), "German"),
    **dict.fromkeys(("IT",), "Italian"),
    **dict.fromkeys(("PT", "BR"), "Portuguese"),
    **dict.fromkeys(("NL",), "Dutch"),
    **dict.fromkeys(("JP",), "Japanese"),
    **dict.fromkeys(("CN", "TW"), "Chinese"),
    **dict.fromkeys(("KR",), "Korean"),
    **dict.fromkeys(("RU",), "Russian"),
    **dict.fromkeys(("SE",), "Swedish"),
    **dict.fromkeys(("PL",), "Polish"),
    **dict.fromkeys(("TR",), "Turkish"),
    **dict.fromkeys(("GR",), "Greek"),
}


def _flag_language(match: re.Match[str]) -> str:
    """The language a flag after an arrow stands for, or the flag as it was.

    >>> _FLAG_TARGET.sub(_flag_language, "'nice to meet you' → 🇫🇷 ?")
    "'nice to meet you' → French?"
    """
    country = "".join(chr(ord(c) - 0x1F1E6 + ord("A")) for c in match.group(2))
    language = _FLAG_LANGUAGES.get(country)
    return match.group(0) if language is None else f"{match.group(1)} {language}?"


def _emoji(text: str) -> str:
    """``text`` without the emoji that end it (decoration), and an emoji whose meaning it asks
    read as a quoted name.

    >>> _emoji("italian for thank you pls 🙏"), _emoji("What does the 🙏 emoji mean?")
    ('italian for thank you pls', "What does 'x' mean?")
    >>> _emoji("Just started piano 🎹 which notes make up C major?")
    'Just started piano. which notes make up C major?'
    >>> _emoji("spell check this 🙏 The movie was realy good")
    'spell check this: The movie was realy good'
    >>> _emoji("A→Z please 🌱: trowel, rake, hoe")
    'A→Z please: trowel, rake, hoe'
    >>> _emoji("LED = ? 💡 when you can")
    'LED = ?'
    """
    if text.isascii() or len(text) > _SHORT_CHARS or _EMOJI.search(text) is None:
        return text
    if "\U0001f517" in text and "mean" not in text.lower():
        return text  # (a link's sign names a link, not given: "reddit thread 🔗 → tl;dr")
    if any(up in text for up in _POINTS_UP) and "mean" not in text.lower():
        return text  # (a finger or an arrow pointing up names what is above: "notes 👆 → bullets")
    if _FLAG.search(text) is not None:
        text = _FLAG_TARGET.sub(_flag_language, text)
    if text[-1:].isascii():
        # (a closing after the emoji that ends the question ends it too: "LED = ? 💡 asap")
        tail = text.rstrip(" \t\n.!?").rsplit(maxsplit=1)
        closing = _closing(text) if tail and tail[-1].lower() in _CLOSING_LAST else None
        if closing is not None and _EMOJI_LAST.search(text, 0, closing.start()) is not None:
            text = text[: closing.start()]
    text = _EMOJI_BEFORE_MARK.sub("", _EMOJI_LAST.sub("", text))
    if "+" in text or "×" in text or "−" in text or "÷" in text:
        text = _EMOJI_IN_SUM.sub("", text)
    colon = _EMOJI_COLON.match(text)
    if colon is not None and _GIVEN_VERB.search(colon.group(1).lower()) is not None:
        text = f"{colon.group(1)}: {text[colon.end() :]}"
    text = _EMOJI_BREAK.sub(". ", text)
    if "mean" not in text.lower():  # (elsewhere, an emoji is decoration: "celtics 🏀 final?")
        return text
    return _EMOJI_NAMED.sub("'x'", text)


def _tip_asked(text: str) -> str:
    """A tip on a bill asked for alone, put as the percentage it asks.

    >>> _tip_asked("An 18% tip on a $64 dinner bill is how much?")
    'what is 18% of $64?'
    >>> _tip_asked("tip 20% on 48 dollar haircut, how much is that")
    'what is 20% of 48 dollar?'
    """
    if "tip" not in text and " of " not in text:
        return text
    tip = _TIP_ASKED.match(text)
    if tip is None:
        return text
    for rate, bill in (("rate", "bill"), ("rate2", "bill2"), ("rate3", "bill3")):
        if tip.group(bill) is not None:
            return f"what is {tip.group(rate)}% of {tip.group(bill)}?"
    return f"what is {tip.group(1)}% of {tip.group(2)}?"


def _worded_numbers(text: str) -> str:
    """``text`` with the numbers written in words that are operands of a sum put in digits.

    >>> _worded_numbers("how much is seven hundred fifty divided by three")
    'how much is 750 divided by 3'
    >>> _worded_numbers("add twelve and eight then multiply by five")
    'add 12 and 8 then multiply by 5'
    >>> _worded_numbers("which one of the two is better for a family of four?")
    'which one of the two is better for a family of four?'
    >>> _worded_numbers("nine times seven - sixty-three or seventy-two?")
    '9 times 7 - sixty-three or seventy-two?'
    >>> _worded_numbers("what's 7 plus zero?")
    "what's 7 plus 0?"
    """
    if len(text) > _WORDED_SUM_CHARS:
        return text
    lower = text.lower()
    # (a test in C for an operation's word first: most turns have none)
    if next(_ARITHMETIC_FOUND.iter(lower), None) is None:
        return text
    if next(_NUMBER_WORD_FOUND.iter(lower), None) is None:
        return text
    tokens = _TOKENS.findall(lower)
    if _NUMBER_WORDS.isdisjoint(tokens) or not _worded_operand(tokens):
        return text
    if _ARITHMETIC_ASKED.search(lower) is None:
        return text
    return _WORDED_NUMBER.sub(_in_digits, text)


def _worded_operand(tokens: list[str]) -> bool:
    """Whether an operation of ``tokens`` (a turn's words and numbers) has a number written in
    words on one side and a number on the other."""
    for at in range(1, len(tokens) - 1):
        word = tokens[at]
        start = at
        if word in _OPERATION_TWO and tokens[at - 1] in _OPERATION_TWO[word]:
            start = at - 2 if tokens[at - 1] == "cent" else at - 1
        elif word not in _OPERATION_LAST:
            continue
        if start < 1:
            continue
        left, right = tokens[start - 1], tokens[at + 1]
        if right == "a" and at + 2 < len(tokens):
            right = tokens[at + 2]
        left_word, right_word = left in _NUMBER_WORDS, right in _NUMBER_WORDS
        left_number = left_word or left[0].isdigit()
        if (left_word or right_word) and left_number and (right_word or right[0].isdigit()):
            return True
    return False


def _worded_quantities(text: str) -> str:
    """``text`` with the quantities written in words before their unit put in digits.

    >>> _worded_quantities("thirty six inches in cm?"), _worded_quantities("ten miles to km")
    ('36 inches in cm?', '10 miles to km')
    >>> _worded_quantities("a lawn six meters by four meters"), _worded_quantities("a day in Rome")
    ('a lawn 6 meters by 4 meters', 'a day in Rome')
    >>> _worded_quantities("one and a half metres wide"), _worded_quantities("half an hour")
    ('1.5 metres wide', '0.5 hour')
    """
    lower = text.lower()
    if len(text) > _WORDED_SUM_CHARS:
        return text
    if " half" in lower or lower.startswith("half"):
        text = _HALF_QUANTITY.sub(_half_in_digits, text)
        lower = text.lower()
    if next(_NUMBER_WORD_FOUND.iter(lower), None) is None:
        return text
    # (a test of the words first, which the regex's many alternatives would make slow)
    words = _QUANTITY_SPLIT.split(lower)
    if not any(
        word in _NUMBER_WORDS and after in _QUANTITY_AFTER
        for word, after in itertools.pairwise(words)
    ):
        return text
    return _WORDED_QUANTITY.sub(lambda match: _digits(match.group(0)), text)


def _half_in_digits(match: re.Match[str]) -> str:
    """A match of :data:`_HALF_QUANTITY` in digits: "one and a half" -> "1.5", "half a" -> "0.5"."""
    whole = match.group(1)
    if whole is None:
        return "0.5"
    return f"{whole if whole.isdigit() else _digits(whole)}.5"


def _in_digits(match: re.Match[str]) -> str:
    """The number a match of :data:`_WORDED_NUMBER` writes, in digits, if it is an operand (a
    word of an operation next to it): else as it is ("a" alone is a word)."""
    text = match.string
    before = text[max(0, match.start() - _NEXT_WORD_CHARS) : match.start()].split()
    after = text[match.end() : match.end() + _NEXT_WORD_CHARS].split()
    near = {before[-1].lower() if before else "", after[0].lower().strip(",.?!") if after else ""}
    if near.isdisjoint(_OPERAND_NEIGHBOURS):
        return match.group(0)
    return _digits(match.group(0))


def _digits(number: str) -> str:
    """A number written in words (a match of :data:`_WORDED_NUMBER`) in digits; "a" alone is a
    word, kept as it is."""
    words = number.lower().replace("-", " ").replace(",", " ").split()
    if words == ["a"]:
        return number
    total = part = 0
    for word in words:
        if word == "and":
            continue
        if word == "hundred":
            part *= 100
        elif word == "thousand":
            total, part = (total + part) * 1000, 0
        else:
            part += _WORD_VALUES[word]
    return str(total + part)


def _spelled_out(text: str) -> str:
    """``text`` with its texting spellings spelled out ("whats" -> "what's", "can u" -> "can
    you", "what dose X stand for" -> "what does X stand for", "add 4 & 5" -> "add 4 and 5")."""
    if len(text) <= _SHORT_CHARS and _texted(text.lower()):
        return _TEXTING.sub(_spelled_word, text)
    return text


def _texted(lower: str) -> bool:
    """Whether ``lower`` holds a texting spelling :func:`_spelled_out` spells out."""
    return next(_TEXTED_FOUND.iter(lower), None) is not None


def _spelled_word(match: re.Match[str]) -> str:
    word = match.group(0)
    if word.lower() == "how r u":  # ("how r u in italian?")
        return f"{word[:4]}are you"
    if word.lower().endswith(" u"):
        return f"{word[:-1]}you"
    if word.lower().endswith(" r"):  # "what r the ..." asks "what are the ..."
        head = word[:-2]
        return f"{_SPELLED_OUT.get(head.lower(), head)} are"
    return _SPELLED_OUT.get(word.lower().strip(), word)


def _options_first(text: str) -> str:
    """The question after options that come first ("A) 96 B) 98 - which one is 12 x 9?")."""
    first = _OPTIONS_FIRST.match(text)
    if first is None:
        return text
    choices = [c.strip(" -—–") for c in _OPTION_LABEL.split(text[: first.start(1)]) if c.strip()]
    if any(len(c.split()) > _OPTION_WORDS or _CODEY.search(c) for c in choices):
        return text
    return first.group(1)


def _choice_asked(text: str) -> str:
    """A multiple-choice question put as a choice, put as the question it asks."""
    head = text.lstrip()[:6].lower()
    if head.startswith("which"):
        which = _WHICH_ONE.match(text)
        if which is not None and not text[which.end() :].lower().startswith(("the best", "of ")):
            return f"what is {text[which.end() :]}"
    elif head.startswith(("choose", "pick", "select", "give")):
        choose = _CHOOSE_THE.match(text)
        if choose is not None:
            return f"what is the {choose.group(1)}?"
        chosen = _CHOOSE_KIND.match(text)
        if chosen is not None:
            return _kind_asked(chosen.group(1))
    elif text.rstrip()[-1:] == ":":
        label = _BARE_LABEL.match(text)
        if label is not None:
            return f"what is {label.group(1)}?"  # (as "which one is ...?" is read)
        # (a sentence to complete with a place: "Bollywood is based in:" asks where it is)
        where = _PLACED_IN.match(text)
        if where is not None:
            return f"where {where.group(2)} {where.group(1)} {where.group(3)}?"
    return text


def _kind_asked(kind: str) -> str:
    """The question that picking one of ``kind`` asks.

    >>> _kind_asked("citrus fruit"), _kind_asked("city known for gondolas")
    ('which is the citrus fruit?', 'which city is known for gondolas?')
    >>> _kind_asked("sport that uses a puck")
    'which sport uses a puck?'
    """
    # (a kind known for something is asked as which one is, one that does something as which one
    # does it)
    known = _KIND_KNOWN.match(kind)
    if known is not None:
        return f"which {known.group(1)} is {known.group(2)}?"
    does = _KIND_THAT.match(kind)
    if does is not None:
        return f"which {does.group(1)} {does.group(2)}?"
    return f"which is the {kind}?"


def _meaning_asked(stem: str) -> str:
    """A multiple-choice stem that is a sentence to complete with a word's meaning, asked.

    >>> _meaning_asked("The word 'x' means:"), _meaning_asked("Frugal most nearly means")
    ("what does 'x' mean?", 'what does Frugal mean?')
    """
    if "mean" not in stem and "translat" not in stem:
        return stem
    asked = _MEANS_LAST.match(stem)
    return stem if asked is None else f"what does {asked.group(1)} mean?"


_LOOKS_IN = re.compile(
    r"\A\s*how (?:would|does|do|will|should) (['\"‘“][^'\"‘“’”\n]{1,60}['\"’”])"
    r" look (?:in|as|written in)"
    r" ((?:kebab|snake|camel|pascal|constant|title|sentence|upper|lower)[ _-]?case|all caps"
    r"|capital letters)\s*[?.!]*\s*\Z",
    re.IGNORECASE,
)


_HOW_TO_FIX = re.compile(
    r"\A\s*how (?:should|do|would|can|could|shall) (?:i|we|you) (correct|fix|punctuate|proofread)"
    r" (?:this|the following|the|my) (sentence|line|phrase|text|paragraph)\s*[:?]?\s*"
    r"(['\"‘“][^'\"‘“’”\n]{1,150}['\"’”])\s*[?.!]*\s*\Z",
    re.IGNORECASE,
)


def _given_apart(text: str, multiple_choice: bool) -> str:
    """Given text around an arrow, or a list on lines of its own, put as "instruction: 'x'"."""
    if len(text) > _SHORT_CHARS:
        return text
    arrow = "->" in text or "<-" in text or "→" in text or "←" in text or "=>" in text
    if arrow and "(" not in text and "{" not in text and ";" not in text:
        text = _given_before_arrow(text)
    if not multiple_choice and text.count("\n") >= _GIVEN_LINES and not _NOT_LISTED.search(text):
        text = _given_lines(text)
    if " look " in text:
        # (how given text looks in a form: "How would 'Summer Reading List' look in kebab-case?")
        looks = _LOOKS_IN.match(text)
        if looks is not None:
            text = f"{looks.group(2)}: {looks.group(1)}"
    elif text.lstrip()[:4].lower() == "how ":
        # (how to fix given text: "How should I correct this sentence: '...'?")
        fix = _HOW_TO_FIX.match(text)
        if fix is not None:
            text = f"{fix.group(1)} this {fix.group(2)}: {fix.group(3)}"
    return text


def _names_no_text(given: str) -> bool:
    """Whether ``given``, a few words, names something whose text it does not give: a picture, a
    file, a count of things to write, all of a set.

    >>> _names_no_text("screenshot table"), _names_no_text("100 words + sentences")
    (True, True)
    >>> _names_no_text("I took a photo of the sunset yesterday"), _names_no_text("teh cat")
    (False, False)
    """
    return len(given.split()) <= _NAMES_NO_TEXT_WORDS and _NAMES_NO_TEXT.search(given) is not None


def _given_before_arrow(text: str) -> str:
    """Given text and an editing instruction around an arrow, put as "instruction: 'x'"."""
    arrow = _ARROW.match(text) or _ARROW_BACK.match(text)
    if arrow is None or not _GIVEN_VERB.search(arrow.group(2).lower()):
        # (what to do said first: "unique items only → red, blue, red")
        arrow = _ARROW_AHEAD.match(text)
        if arrow is None or len(arrow.group(1).split()) > _ARROW_INSTRUCTION_WORDS:
            return text
        if _DESCRIBED.search(arrow.group(1)) is not None:
            return text  # (a thing described, not an edit asked: "30y fixed → current avg %?")
        instruction, given = arrow.groups()
    else:
        given, instruction = arrow.groups()
    instruction = _strip_politeness(instruction).rstrip(" .!?")
    if not _GIVEN_VERB.search(instruction.lower()) or _codey(given):
        return text
    if _names_the_chat(given) or _names_the_chat(instruction) or _FORMAT_ALONE.match(given):
        return text
    if _names_no_text(given) or _names_no_text(instruction):
        return text  # (nor a large set named first: "60 capitals → population each")
    if "≈" in given:
        return text  # (nor an estimate asked: "count → 1,000,000,000 🗣 ⏱ ≈ ?")
    if len(given.split()) > _GIVEN_WORDS:
        return text
    return f"{instruction}: 'x'"


def _example_too(text: str) -> str:
    """A definition asked with one example, put as the definition asked.

    >>> _example_too("what's a metaphor? An example would help")
    "what's a metaphor?"
    >>> _example_too("define 'x' and give one short example?")
    "define 'x'?"
    """
    if "xample" not in text:
        return text
    asked = _EXAMPLE_TOO.match(text)
    return text if asked is None else f"{asked.group(1).rstrip(' ?.!')}?"


def _explained(text: str) -> str:
    """ "explain what X is" put as "what is X?" (a definition asked for as an explanation), and
    what a word means asked of any one of a kind: "what does it mean when an animal is
    nocturnal?" put as "what does nocturnal mean?".

    >>> _explained("In simple words, what does it mean when an animal is nocturnal?")
    'what does nocturnal mean?'
    >>> _explained("what does it mean when my dog is shaking?")
    'what does it mean when my dog is shaking?'
    >>> _explained("explain what the letters P.S. stand for in a letter")
    'what does the letters P.S. stand for in a letter?'
    >>> _explained("explain what 'x' means in a sentence or two")
    "what does 'x' mean?"
    """
    if text.lstrip()[:7].lower() != "explain" and "explanation of" not in text[:40].lower():
        kind = _OF_A_KIND.match(text) if "it mean" in text else None
        return text if kind is None else f"what does {kind.group(1)} mean?"
    meaning = _EXPLAIN_MEANING.match(text)
    if meaning is not None:
        if meaning.group(1) is None:
            return f"what does {meaning.group(2)} mean?"
        return f"what is the {meaning.group(1)}?"
    explain = _EXPLAIN_WHAT.match(text)
    if explain is None:
        return text
    asks, subject, verb, used = explain.groups()
    used = "" if _IN_FEW_WORDS.match(used) else used
    if verb.lower() in ("means", "mean"):
        return f"{asks} does {subject} mean{used}?"
    if verb.lower() in ("stands for", "stand for"):
        return f"{asks} does {subject} stand for{used}?"
    return f"{asks} {verb} {subject}{used}?"


def _given_lines(text: str) -> str:
    """An instruction and a short list on lines of their own, put as "instruction: 'x'"."""
    lines = [line for line in text.split("\n") if line.strip()]
    listed = [
        bool(_GIVEN_LINE.match(line))
        and len(line.split()) <= 4
        and not _GIVEN_VERB.search(line.lower())
        for line in lines
    ]
    if listed[0]:
        cut = listed.index(False) if False in listed else len(lines)
        given, rest = lines[:cut], lines[cut:]
    else:
        cut = 1 + listed[1:].index(False) if False in listed[1:] else len(lines)
        given, rest = lines[1:cut], lines[:1] + lines[cut:]
    if len(given) < _GIVEN_LINES or len(rest) != 1:
        return text
    instruction = _strip_politeness(rest[0]).strip().rstrip(" :?.!")
    if not _GIVEN_VERB.search(instruction.lower()):
        return text
    return f"{instruction}: 'x'"


def _strip_brevity(text: str) -> str:
    """``text`` without a request for a short answer ("in one sentence", "briefly", "just 3"
    after a list) or a word of emphasis ("exactly", "actually")."""
    if " actually" in text or " exactly" in text or " precisely" in text:
        figure = _FIGURE_ASKED.match(text) is not None
        text = (_ACTUALLY if figure else _FILLER).sub("", text)
    if " even " in text:
        text = _EVEN.sub("", text)
    if " just " in text or " only " in text:
        text = _JUST_SOME.sub("", text)
    if " again" in text:
        text = _AGAIN.sub(r"\1\2", text)
    if text.rstrip(" .!?")[-1:] == ")":
        text = _BRIEF_BRACKET.sub("", text)
    if "briefly" not in text and (
        " in " not in text
        or (
            "sentence" not in text
            and "line" not in text
            and "words" not in text
            and "terms" not in text
            and "nglish" not in text
            and "language" not in text
        )
    ):
        return text
    brief = _BREVITY.search(text)
    if brief is None:
        return text
    short = text[: brief.start()].rstrip(" ,") + text[brief.end() :]
    if len(short.split()) < 2:
        return text
    return short.lstrip()


def _may_have_context(text: str) -> bool:
    """A cheap test for a second sentence or a lead-in clause, before splitting."""
    if _BREAK_MARK.search(text) is None and " - " not in text:
        return False
    if _NOT_PROSE.search(text) is not None:
        return False
    return len(text.split(maxsplit=_CONTEXT_SCAN)) <= _CONTEXT_SCAN


# a sentence of the asker's own before a multiple-choice question: "I'm checking my homework."
_ASIDE_FIRST = re.compile(
    r"\A\s*(?:I|I'm|I’m|I've|I’ve|I am|My|We're|We are|Our)\b"
    r"[^.!?:;\n]{3,100}[.!]\s+\S[^\n]*\?\s*\Z"
)


# A sentence of the asker's own with its subject left out, as chat does: "Just started piano
# lessons.", "Got a new puppy yesterday." (the classifier's test of a story reads it too)
SUBJECT_LEFT_OUT = (
    r"(?:just |recently |finally |only )?(?:started|began|got|bought|moved|joined|finished|watched"
    r"|saw|heard|learned|learnt|tried|adopted|took up|picked up|signed up|planning|cooking|baking"
    r"|watching|reading|learning|studying|posting|tracking|doing|texting|messaging|visiting"
    r"|meeting|seeing|hosting|flying|driving|packing|teaching|helping|preparing|going|painting"
    r"|making|decorating|organising|organizing|wearing|sitting|waiting|flew|went|drove"
    r"|got back|came back)"
)
# a context sentence about the asker, and the days it may name
_ASKERS_OWN = re.compile(
    rf"\A\s*(?:I|I'm|I’m|I've|I’ve|I am|my|our|we|we're|we’re|{SUBJECT_LEFT_OUT}"
    # a day of the asker's in a note: "exam tomorrow, ...", "quiz today.", "pub quiz tonight",
    # "nativity play tmrw", "treasurer wants it tonight"
    r"|(?:an?\s+|the\s+)?(?:[a-z]+\s+){0,2}?(?:exams?|tests?|quiz|interview|trip|party|class"
    r"|lesson|presentation|flight|holiday|vacation|shift|homework|assignment|club|play|meeting"
    r"|rehearsal|dinner|wedding|recital|assembly|practice|appointment|fair|sale)\s+(?:is\s+)?"
    r"(?=(?:today|tonight|tomorrow|this)\b)"
    r"|(?:[a-z]+\s+){1,2}?(?:wants|needs|expects)\s+(?:it|them|this|these)\s+(?:by\s+)?"
    r"(?=(?:today|tonight|tomorrow|this)\b)"
    # ... or where the asker is off to, or is: "off to berlin tmrw", "on a train in krakow rn"
    r"|(?:off|heading|flying) to\s|on (?:a|the|my) (?:train|bus|plane|flight|ferry|boat)\b"
    # ... or with whom: "at battle abbey w the kids"
    r"|(?:at|in) (?:[a-z]+ ){1,3}(?:w|with) (?:the|my|our) (?:kids|family|children|class|son"
    r"|daughter|mum|mom|dad|parents|friends|wife|husband|partner|grandkids))\b",
    re.IGNORECASE,
)
_OWN_DAY = re.compile(
    r"\b(?:today|tonight|tomorrow|yesterday|last (?:night|weekend)|right now|rn"
    r"|next (?:week|weekend|month|year|summer|winter|spring|autumn)"
    r"|this (?:week|weekend|month|year|morning|afternoon|evening))\b",
    re.IGNORECASE,
)


def _own_days(told: list[str]) -> list[str]:
    """The sentences of a story of the asker's, each without the days of the asker's own life if
    it speaks of the asker: they are no news ("We watched a film last night.", "I have to pin a
    notice on the door tonight.").

    The asker's people, told of as "he" or "she", are of the asker's life too ("Over dinner last
    night he announced he wants to be a CEO.").

    >>> _own_days(["I pin the notice up tonight.", "The match was last night."])
    ['I pin the notice up .', 'The match was last night.']
    """
    lowered = (part.lower().translate(_MARKS_TO_SPACES).split() for part in told)
    if all(_DAY_WORDS.isdisjoint(words) for words in lowered):
        return told
    return [_OWN_DAY.sub("", part) if _ASKERS_PEOPLE.search(part) else part for part in told]


# an edit of a list asked before a colon: "Write these as digits:", "Could you please list
# these tracks from longest to shortest:"
_EDIT_LABEL = re.compile(
    r"\A\s*(?:(?:could|can|would|will) you\s+)?(?:please\s+)?(?:list|sort|order|arrange|rank|put"
    r"|write|convert|turn|reverse|alphabeti[sz]e)\s+(?:these|them|the following)\b[^:\n]{0,60}:\Z",
    re.IGNORECASE,
)


def _questions_joined(parts: list[str]) -> list[str]:
    """Sentences with a question before a colon joined to what follows it, which it asks about:
    "What number comes next: 2, 4, 6", "Which is healthier: oat milk or almond milk?"; and an
    edit of a list before it ("Write these as digits: forty-one, twelve, sixty-three?")."""
    if len(parts) < 2:
        return parts
    joined = [parts[0]]
    for part in parts[1:]:
        if joined[-1][-1] == ":" and (_WH_START.match(joined[-1]) or _EDIT_LABEL.match(joined[-1])):
            joined[-1] = f"{joined[-1]} {part}"
        else:
            joined.append(part)
    return joined


# A story the asker tells before their question, longer than a context :func:`_split_context`
# sets aside: two to five sentences about their day, then one question that asks nothing of it.
STORY_WORDS = 70
# a story that speaks to the model, or sets how to answer, is an instruction, not a story (its
# words, then its phrases on the story lower-cased)
_SPEAKS_TO = frozenset(
    (
        *("you", "your", "yours", "u", "ur", "please", "pls", "plz", "kindly", "pretend"),
        *("imagine", "assume", "suppose", "role", "format", "bullet", "paragraph", "essay"),
        *("sentence", "sentences"),
    )
)
# (a letter spelled out is no texted "you": "the letters U, F, O"; the asker's own essay or a
# sentence of theirs sets no form of the answer: "My essay is due on Monday", "one sentence in
# particular that I want to whisper")
_SPELLED_U = re.compile(r"(?<![\w'’])u(?![\w'’])")
_FORM_WORDS = frozenset(("bullet", "paragraph", "essay", "sentence", "sentences"))
_FORM_ASKED = re.compile(
    r"\b(?:in|as|with|into|using)\s+(?:one|a|an|two|three|four|five|\d+|short|single|full)\s+"
    r"(?:sentences?|paragraphs?|bullets?)\b|\b(?:write|draft|an|short|long|\d+[- ]word)\s+essay\b"
    r"|\bbullet points?\b"
)


def _speaks_to(words: frozenset[str], story: str) -> bool:
    """Whether a story of ``words`` (lower-cased) speaks to the model or sets how to answer.

    >>> _speaks_to(frozenset(("the", "letters", "u")), "the letters U, F, O")
    False
    >>> _speaks_to(frozenset(("my", "essay")), "My essay is due on Monday.")
    False
    >>> _speaks_to(frozenset(("answer", "in", "one", "sentence")), "Answer in one sentence.")
    True
    """
    found = words & _SPEAKS_TO
    if "u" in found and _SPELLED_U.search(story) is None:
        found -= {"u"}
    if "pretend" in found and _PRETEND_THING.search(story) is not None:
        # (a thing of play, no role asked: "so my children can have pretend bouts")
        found -= {"pretend"}
    if "role" in found and _ROLE_ASKED.search(story) is None:
        # (a role someone had is told, not asked: "her favourite role was a cigarette girl")
        found -= {"role"}
    if not found.isdisjoint(_FORM_WORDS) and _FORM_ASKED.search(story.lower()) is None:
        found -= _FORM_WORDS
    return bool(found)


# a role to take, asked of the model: "play the role of a tutor", "in the role of", "role-play"
_ROLE_ASKED = re.compile(
    r"\b(?:play|take|act|assume|adopt|take on|step into)\s+(?:the\s+|a\s+|an\s+)?role\b"
    r"|\bin the role of\b|\brole[- ]?play|\byour role\b",
    re.IGNORECASE,
)
# "pretend" before a plural thing of play, said of the asker's own people
_PRETEND_THING = re.compile(
    r"\b(?:have|had|play|playing|hold|holding)\s+pretend\s+[a-z]+s\b", re.IGNORECASE
)
_INSTRUCTS = re.compile(
    r"\b(?:(?:answer|respond|reply)\s+(?:in|with|only|briefly|as|using|like)|act as|summar\w*"
    r"|step by step|in detail|words or (?:less|fewer))\b"
)
# (what each of those phrases holds, a cheap test before the search)
_INSTRUCTS_HOLD = (
    "answer",
    "respond",
    "reply",
    "act as",
    "summar",
    "step by step",
    "detail",
    "words or",
)
# a text's words, lower-cased: every mark a space (a translation, cheaper than a search)
_MARKS_TO_SPACES = str.maketrans({c: " " for c in "!\"#$%&'()*+,-./:;<=>?@[\\]^`{|}~’‘“”—–…"})
# "it" that points at nothing: "Is it spelled 'rhythm' or 'rythm'?"
_EMPTY_IT = re.compile(r"\A\s*(?:is|was)\s+it\s+(?=(?:spelled|spelt|written)\b)", re.IGNORECASE)
# (a question whose "its" is of the thing it asks, named in it: "Which planet is famous for its
# rings?")
_WHICH_THING = re.compile(
    r"\A\s*(?:which|what)\s+(?!(?:is|are|was|were|does|do|did|has|have)\b)[a-z]+\s+(?!its\b)",
    re.IGNORECASE,
)
_ITS = re.compile(r"\bits\b", re.IGNORECASE)


def _points_back(asked: str) -> bool:
    """Whether the question ``asked``, after a story, points back into it.

    >>> _points_back("Who wrote it?"), _points_back("Which planet is famous for its rings?")
    (True, False)
    """
    text = _EMPTY_IT.sub("", asked)
    if _WHICH_THING.match(text) is not None:
        text = _ITS.sub("", text)
    return _BACK_REFERENCE.search(text) is not None


_STORY_BREAK = re.compile(r"(?<=[.!])\s+(?=[A-Za-z])")
# a label before it all: "Quick question: We watched a film ... ?"
_STORY_LABEL = re.compile(
    r"\A\s*(?:[A-Za-z][\w'’-]*(?:\s+[\w'’-]+){0,2}\s*:\s+(?=[A-Za-z])"
    r"|(?:can|could) you tell me\s+(?=[A-Za-z]))"
)
# a question asked without its mark, as lower-case chat does: "... what is a fjord"
_ASKED_BARE = re.compile(
    r"\A\s*(?:what|who|whom|whose|where|when|which|how|is|are|was|were|do|does|did|can|could)\b",
    re.IGNORECASE,
)
_GIVEN_QUOTED = re.compile(r"[\"“'‘][^\"“”'‘’]{2,}[\"”'’]")
# the asker in their story: a textbook's word problem speaks of others ("Jana has 27 puppies.")
_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I’m|I've|I’ve|I'd|I’d|my|me|we|our|us)\b", re.IGNORECASE)
_FIRST_PERSON_WORDS = frozenset(("i", "my", "me", "we", "our", "us"))
# (the asker, or the asker's people in a story of the asker's: "he", "her class")
_ASKERS_PEOPLE = re.compile(
    rf"{_FIRST_PERSON.pattern}|\b(?:he|she|his|her|him)\b"
    # (and the asker's club or class, written to: "Today the secretary emailed everyone about the
    # AGM")
    r"|\b(?:emailed|texted|messaged|wrote to|told|sent round|sent out)\s+(?:everyone|everybody"
    r"|all of us|the group|the class|the team|the members|the parents)\b",
    re.IGNORECASE,
)
# the words that may point back ("Who wrote it?"), found before the pattern is searched
_POINTER_WORDS = frozenset((*_POINTERS, "there"))
_DAY_WORDS = frozenset(("today", "tonight", "tomorrow", "yesterday", "last", "this", "next"))
# an amount asked, which a story's numbers may be the data of: "... How many seats remain?"
_ASKS_AMOUNT = re.compile(
    r"\b(?:how (?:many|much|long|tall|high|far|old|big|heavy|wide|deep)|each|total|altogether"
    r"|in all|left|remain\w*|per|average|cost|pay|spend|owe|sum|difference|product)\b"
)
# (the number words a story's data may be written in: not :data:`_NUMBER_WORDS`, which the
# readers of sums and quantities in words take as operands)
_STORY_NUMBER_WORDS = frozenset(
    (*NUMBER_WORDS, "half", "twice", "double", "triple", "third", "quarter", "dozen")
)


# an amount asked of any one of a kind, not of the story's things: "How many hearts does an
# octopus have?" (not "How many does each child get?", "How many are in the jar?")
_ANY_ONE = re.compile(r"\b(?:an?)\s+[a-z]", re.IGNORECASE)
_STORYS_OWN = re.compile(
    r"\b(?:the|each|every|left|altogether|total|all|my|our|his|her|their|its|them|per|we|i)\b"
    r"|\b(?<!\A)[A-Z][a-z]",
)


def _of_any_one(asked: str) -> bool:
    """Whether ``asked`` asks an amount of any one of a kind (see above)."""
    return _ANY_ONE.search(asked) is not None and _STORYS_OWN.search(asked[1:]) is None


def story_question(text: str) -> tuple[str, str] | None:
    """A question after a story of the asker's, and the story; None if ``text`` is not one.

    The story is two to five sentences of prose that speak of the asker and ask nothing: no
    question, no instruction, nothing said to the model. What the question points back to in it
    is left to the reader of the question (it is not set aside then).

    >>> asked, story = story_question("We watched a film about climbers last night. My son "
    ...     "asked which peak is highest. I said we would check. What is the tallest mountain?")
    >>> asked
    'What is the tallest mountain?'
    >>> story  # (the days of the asker's own life are no news)
    'We watched a film about climbers . My son asked which peak is highest. I said we would check.'
    >>> story_question("I run a shop. Please answer briefly. Sales are up. Who wrote Emma?") is None
    True
    """
    return _story(text, measured=False)


def measured_story(text: str) -> tuple[str, str] | None:
    """A story of the asker's whose one sentence with an amount gives what the question asks of
    (a conversion, a shape's measure), that sentence and the question together, and the rest of
    the story; None if ``text`` is no such story (:func:`story_question`'s, with its data).

    Only a reader of one conversion or one formula may take it (the classifier's to see to): a
    word problem's data are in its story too.

    >>> measured_story("We bought a tree at the farm. The label says it is six feet tall. "
    ...     "I want to check the ceiling. How many inches tall is the tree?")
    ('The label says it is six feet tall. How many inches tall is the tree?', 'We bought a tree \
at the farm. I want to check the ceiling.')
    """
    return _story(text, measured=True)


def last_sentence(text: str) -> str:
    """The last sentence of ``text``, where a long turn's question is.

    >>> last_sentence("We sold 35 on Saturday. How many in all?")
    ' How many in all?'
    """
    return text[max(text.rfind(". "), text.rfind("! ")) + 1 :]


def counted_story(text: str) -> tuple[str, str] | None:
    """A story of the asker's whose one or two sentences with amounts give what the question
    asks of, those sentences and the question together, and the rest of the story; None if
    ``text`` is no such story (:func:`measured_story`'s, with the amounts in up to two
    sentences). Only the reader of a sum of one step may take it.

    >>> counted_story("Our choir sings next week. The hall has seventy-two chairs. I want nine "
    ...     "in each row. How many rows will that give me?")
    ('The hall has seventy-two chairs. I want nine in each row. How many rows will that give \
me?', 'Our choir sings .')
    """
    return _story(text, measured=True, held=2)


def _story(text: str, measured: bool, held: int = 1) -> tuple[str, str] | None:
    """:func:`story_question` (``measured``: :func:`measured_story`, whose amounts are in up to
    ``held`` sentences: :func:`counted_story`)."""
    label = _STORY_LABEL.match(text)
    parts = _STORY_BREAK.split(text[label.end() :].strip() if label else text.strip())
    if (
        len(parts) > 2
        and len(parts[-1].split()) <= 3
        and "?" in parts[-2]
        and _ASKED_BARE.match(parts[-1]) is None
    ):
        # (a closing after the question is the question's: "... A one-line answer, please. thanks")
        parts[-2:] = [f"{parts[-2]} {parts[-1]}"]
    if not 2 <= len(parts) <= 6:
        return None
    story, asked = " ".join(parts[:-1]), parts[-1]
    if (
        "?" in story
        or ":" in story
        or len(story.split()) > STORY_WORDS
        or _NOT_PROSE.search(story) is not None
    ):
        return None
    lower = story.lower()
    words = frozenset(lower.translate(_MARKS_TO_SPACES).split())
    asked_lower = asked.lower()
    asked_words = frozenset(asked_lower.translate(_MARKS_TO_SPACES).split())
    if (
        _speaks_to(words, story)
        or words.isdisjoint(_FIRST_PERSON_WORDS)
        or (
            any(phrase in lower for phrase in _INSTRUCTS_HOLD)
            and _INSTRUCTS.search(lower) is not None
        )
        or (
            # (a question read with the story's sentences that hold its amounts may point back
            # to them: "... I'm 6 feet tall. What is that in cm?")
            not measured and not asked_words.isdisjoint(_POINTER_WORDS) and _points_back(asked)
        )
        # (a request, not a question, carries what it works on: "Please fix this line: ...";
        # not "Please give me the full grid as a table.", the story's grid)
        or (
            "?" not in asked
            and ":" not in asked
            and not _GIVEN_QUOTED.search(asked)
            and not _ASKED_BARE.match(asked)
        )
    ):
        return None
    if measured:
        found = _DIGIT.search(asked) is None
        return _with_amounts(asked, parts[:-1], label, held) if found else None
    if (
        _DIGIT.search(story) is not None
        and (_OF_YEARS.search(asked) or _DIGIT.search(_YEARS_TOLD.sub(" ", story)) is not None)
        and not _restates(asked, story)
        and (_DIGIT.search(asked) is None or not asked_words.isdisjoint(_FIRST_PERSON_WORDS))
    ):
        # (the story holds the data: a word problem; not when the question has its own and asks
        # nothing of the asker's: "How many grams is 12 ounces?" after a steak of 300 g)
        return None
    if (
        not words.isdisjoint(_STORY_NUMBER_WORDS)
        and asked_words.isdisjoint(_STORY_NUMBER_WORDS)
        and _DIGIT.search(asked) is None
        and _ASKS_AMOUNT.search(asked_lower) is not None
        and not _of_any_one(asked)
    ):
        return None  # (... in words: "The hall has eighty seats. ... How many remain?")
    # (the days of the asker's own life are no news: "We watched a film last night.")
    told = _own_days(parts[:-1])
    if label:
        told.insert(0, label.group().strip())
    return asked, " ".join(told)


# A story that gives a short text and asks for it edited: the text in quotes, or a list of a few
# items after a colon or "are" ("The sizes are 9, 7.5, 11, 8 and 10.5. Could you put them in
# ascending order?"), stood in as 'x' and read with the request (:func:`given_story`)
_GIVEN_QUOTE = re.compile(
    r"(?:(?<=\s)|(?<=:)|\A)(?:\"([^\"\n]{3,300})\"|“([^”\n]{3,300})”"
    r"|'([^'\n]{2,300}?[^\s'])'(?=[\s.,!?:;]|\Z))"
)
_GIVEN_ITEM = r"(?:[\w'’.&-]|(?<=\d)[,:/](?=\d))+(?: (?:[\w'’.&-]|(?<=\d)[,:/](?=\d))+){0,3}"
_GIVEN_LIST = re.compile(
    rf"(?:(?<=\bare )|(?<=\bis )|(?<=\bwere )|(?<=: )|(?<=\bI have )|\A)"
    rf"({_GIVEN_ITEM}(?:, {_GIVEN_ITEM}){{1,11}}"
    rf",? (?:and|or) {_GIVEN_ITEM}|{_GIVEN_ITEM}(?:, {_GIVEN_ITEM}){{2,11}})\s*([.?!]?)\s*\Z"
)
# the request: one put politely or as a question, or an edit's verb first
_REQUESTS = re.compile(
    r"\A\s*(?:could|can|would|will|please|kindly|how|what|what's|whats|i'd|i would|is there)\b"
    r"|\?\s*\Z",
    re.IGNORECASE,
)
# what the answer's form alone asks, after the request: "Just the list, please.", "Only the text."
_FORM_ONLY = re.compile(
    r"\A\s*(?:just|only)\b[^.?!]{0,40}[.!]?\s*\Z|\A\s*(?:nothing else|thanks|thank you|cheers)\b",
    re.IGNORECASE,
)
# the given text's own sentence: the text alone, or named ("The first line says: 'x'")
_GIVEN_ALONE = re.compile(
    r"(?:\A|\b(?:are|is|were|says?|reads?|said)\s*:?|\bI have)\s*'x'\s*[.?!]?\s*\Z"
)
_GIVEN_STORY_CHARS = 700
# the request's own words around it: a clause before it ("Before I copy them onto the calendar,
# could you ..."), the answer's form after it ("... and give me just the fixed version"), and
# "how do I" before an edit ("How do I fix it?")
_REQUEST_AFTER_CLAUSE = re.compile(r"\A[^,]{3,60},\s+(?=(?:could|can|would|will|please)\b)", re.I)
_FORM_AFTER_REQUEST = re.compile(
    r",?\s+and\s+(?:give|send|show|return|tell)\s+me\s+(?:just\s+|only\s+)?(?:the\s+)?"
    r"[\w -]{0,25}?\b(?:version|text|list|answer|result|line|sentence|copy)\b",
    re.IGNORECASE,
)
_HOW_DO_I = re.compile(r"\A\s*how\s+(?:do|should|would|can)\s+i\s+(?=\w)", re.IGNORECASE)


def given_story(text: str) -> tuple[str, str] | None:
    """A request to edit a short text the asker's story gives, put as "request: 'x'", and the
    rest of the story; None if ``text`` is no such story.

    >>> given_story("I'm tidying my mum's shop. The sizes are 9, 7.5, 11 and 8. Could you put "
    ...     "them in ascending order? Just the list, please.")
    ("Could you put them in ascending order: 'x'", "I'm tidying my mum's shop.")
    >>> given_story("Our poster goes up tomorrow. It reads: 'Lost cat, very freindly.' How do I "
    ...     "fix it?")
    ("fix it: 'x'", 'Our poster goes up . It reads:')
    """
    if len(text) > _GIVEN_STORY_CHARS:
        return None
    quotes = list(_GIVEN_QUOTE.finditer(text))
    if len(quotes) > 1:
        return None
    if quotes:
        text = f"{text[: quotes[0].start()]}'x'{text[quotes[0].end() :]}"
    parts = _SENTENCE_BREAK.split(text.strip())
    while len(parts) > 2 and _FORM_ONLY.match(parts[-1]):
        parts.pop()
    at = _given_part(parts, listed=not quotes)
    if at is None:
        return None
    if parts[at].startswith("'x'") and _FORM_ONLY.match(parts[at][3:]):
        parts[at] = "'x'"  # ("'x' Just the text")
    asks = [
        i
        for i, part in enumerate(parts)
        if (_REQUESTS.search(part) or _GIVEN_VERB.match(part)) and part.rstrip(" ?.!") != "'x'"
    ]
    if not asks or len(parts) < 2:
        return None
    request = _request_on(parts, asks[-1], at)
    rest = " ".join(_own_days([part for i, part in enumerate(parts) if i not in (asks[-1], at)]))
    if request is None or not rest or "?" in rest:
        return None
    return request, rest


def _request_on(parts: list[str], ask: int, at: int) -> str | None:
    """The request ``parts[ask]`` on the given text of ``parts[at]``, put as "request: 'x'";
    None if the text is told in a sentence of the story rather than given."""
    request = parts[ask]
    if ask == at and request.startswith("'x'"):
        request = request[3:].strip()  # ("'x' How do I fix it?")
    if not request.endswith("'x'") or ask != at:
        if ask != at and _GIVEN_ALONE.search(parts[at]) is None:
            return None
        request = f"{request.rstrip(' ?.!:')}: 'x'"
    return _HOW_DO_I.sub("", _FORM_AFTER_REQUEST.sub("", _REQUEST_AFTER_CLAUSE.sub("", request)))


def _given_part(parts: list[str], listed: bool) -> int | None:
    """Where the given text is among ``parts`` (a list stood in as 'x' there when ``listed``);
    None if in none or in several."""
    if not listed:
        found = [i for i, part in enumerate(parts) if "'x'" in part]
        return found[0] if len(found) == 1 else None
    at = None
    for i, part in enumerate(parts):
        items = _GIVEN_LIST.search(part)
        if items is None:
            continue
        if at is not None:
            return None
        at = i
        parts[i] = f"{part[: items.start(1)]}'x'{items.group(2)}"
    return at


def _with_amounts(
    asked: str, told: list[str], label: re.Match[str] | None, most: int = 1
) -> tuple[str, str] | None:
    """The sentences of ``told`` that hold amounts (one, up to ``most``), with the question
    ``asked`` after them, and the other sentences (with the story's label); None if none or
    more hold them."""
    # (the years of the asker's life, or an age, are no data of a question that asks of neither:
    # "I have been a scout leader for six years, ... How many tents do we need?")
    if _OF_YEARS.search(asked):
        holds = _holds_amount
    else:
        # (nor a span of time the asker spent, of a question that asks of no time: "After six
        # hours of folding, I have forty-eight empanadas. ... How many trays will I need?")
        holds = _holds_data if _OF_TIME.search(asked) else _holds_untimed
    held = [part for part in told if holds(part)]
    if len(held) > most == 1:
        # (a measure's one sentence among others that count people or years in words: "We're
        # getting three hens next month. Each side of the square is 6 metres long."; not among
        # others with figures, a word problem's data: "We sell 45 loaves ... at 3.50. We open six
        # days a week.")
        measured = [part for part in held if _holds_measure(part)]
        if any(_FIGURE.search(part) for part in held if all(part is not one for one in measured)):
            return None
        held = measured
    if not 1 <= len(held) <= most:
        return None
    rest = _own_days([part for part in told if all(part is not one for one in held)])
    # (of a sentence with an amount, only its clauses that hold one: "I'm on holiday in a hire
    # car, so the speedometer shows mph, but the sign says 100 km/h." -> "but the sign says 100
    # km/h.")
    kept = []
    for part in _own_days(held):
        clauses = _CLAUSE_BREAK.split(part)
        # (a clause that opens with "which" is read with the one it tells of: "our round table,
        # which is 1.2 m in diameter")
        wanted = {
            i
            for i, clause in enumerate(clauses)
            for i in ((i - 1, i) if _RELATIVE_OPENING.match(clause) else (i,))
            if holds(clause)
        }
        rest.extend(clause for i, clause in enumerate(clauses) if i not in wanted)
        amounts = [
            _CONJUNCTION_OPENING.sub("", clause) for i, clause in enumerate(clauses) if i in wanted
        ]
        kept.append(", ".join(amounts))
    if holds is _holds_data:
        # (and the rest without them: they hide no amount of the question's)
        rest = [_LIFE_SPAN.sub("", part) for part in rest]
    elif holds is _holds_untimed:
        rest = [_TIME_SPAN.sub("", _LIFE_SPAN.sub("", part)) for part in rest]
    if label:
        rest.insert(0, label.group().strip())
    return f"{' '.join(kept)} {asked}", " ".join(rest)


# (a figure, or a price or a share, which a word problem's data hold)
_FIGURE = re.compile(r"\d|[$£€¥%]")
# (an amount in a unit of measure)
_MEASURE = re.compile(
    r"\d(?:[\d,.]*\d)?\s*-?\s*(?:"
    + "|".join(
        sorted(
            (*_QUANTITY_AFTER, "mph", "km/h", "kph", "knots", "cl", "centilitres", "hands"),
            key=len,
            reverse=True,
        )
    )
    + r")\b|\d\s*°",
    re.IGNORECASE,
)
# (a clause of a story's sentence: after a comma, a semicolon or a dash; one that tells of the
# clause before it, and the word that joins it to the one before)
_CLAUSE_BREAK = re.compile(r"\s*[,;]\s+|\s+[—–-]\s+")
_RELATIVE_OPENING = re.compile(r"(?:which|who|whose|that|where)\b", re.IGNORECASE)
_CONJUNCTION_OPENING = re.compile(r"\A(?:and|but|so(?! far\b)|or|yet)\s+", re.IGNORECASE)


def _holds_measure(part: str) -> bool:
    """Whether ``part`` of a story gives an amount in a unit of measure ("six feet tall", "20
    cm", "minus eighteen degrees"), not a count of people or years."""
    # (halves too: "1.5 metres"; clause by clause, which the words' reader reads if short: "...
    # so I am helping him build a proper pen, eight metres long and five metres wide.")
    if _MEASURE.search(_worded_quantities(part)) is not None:
        return True
    clauses = _CLAUSE_BREAK.split(part) if len(part) > _WORDED_SUM_CHARS else ()
    return any(_MEASURE.search(_worded_quantities(clause)) for clause in clauses)


# a span of years of someone's life, an age or a decade: "for six years", "after ten years of
# sharing", "turns ten next week", "a 12-year-old", "in the 1950s"
_LIFE_SPAN = re.compile(
    r"\b(?:for|after|over|in)\s+(?:the\s+(?:last|past)\s+)?(?:[a-z]+(?:-[a-z]+)?|\d{1,2})\s+"
    r"(?:years|decades)\b|\bturns?\s+(?:[a-z]+(?:-[a-z]+)?|\d{1,3})\b"
    r"|\b(?:[a-z]+(?:-[a-z]+)?|\d{1,2})[- ]years?[- ]olds?\b"
    r"|\b(?:in|of|during|through) the (?:19|20)?\d0s\b"
    r"|\b(?:aged|age)\s+(?:[a-z]+|\d{1,3})\b"
    # (an age said bare: "I am seventy-one and rather proud of myself")
    r"|\b(?:i am|i'm|i’m|he is|she is|he's|she's|he’s|she’s)\s+(?:\d{1,3}|(?:twenty|thirty|forty"
    r"|fifty|sixty|seventy|eighty|ninety)(?:-[a-z]+)?|[a-z]+teen|ten|eleven|twelve)"
    r"(?=\s*(?:,|\.|\band\b|\bnow\b|\bthis\b|\bnext\b|\Z))",
    re.IGNORECASE,
)
# the years and decades a story is set in, no data of a question that asks of no years ("for
# most of the 2000s", "in 1998")
_YEARS_TOLD = re.compile(
    r"\b(?:(?:in|of|during|through|since|until|from) the (?:19|20)?\d0s"
    r"|(?:in|since|until|from|by) (?:1[5-9]|20)\d\d)\b"
)
# what asks of years or ages
_OF_YEARS = re.compile(
    r"\b(?:years?|old|older|younger|age|ages|aged|decades?|born|birthday|turns?|turned)\b", re.I
)


# a span of time spent: "after six hours of folding", "spent two weeks with a herding family"
# (not a stay's: "for five nights in total", which a price per night counts)
_TIME_SPAN = re.compile(
    r"\b(?:spent|spend|spending|after)\s+(?:the\s+(?:last|past)\s+)?(?:a\s+few"
    r"|[a-z]+(?:-[a-z]+)?|\d{1,2})\s+(?:hours?|days?|weeks?|months?|nights?|evenings?"
    r"|weekends?|summers?|winters?)\b",
    re.IGNORECASE,
)
# what asks of time
_OF_TIME = re.compile(
    r"\b(?:hours?|minutes?|days?|weeks?|months?|nights?|time|long|when|soon|per|each day"
    r"|a day|a week)\b",
    re.IGNORECASE,
)


def _holds_untimed(part: str) -> bool:
    """Whether ``part`` of a story holds an amount besides a span of years of someone's life
    or a span of time spent."""
    return _holds_amount(part) and _holds_amount(_TIME_SPAN.sub(" ", _LIFE_SPAN.sub(" ", part)))


def _holds_data(part: str) -> bool:
    """Whether ``part`` of a story holds an amount besides a span of years of someone's life."""
    return _holds_amount(part) and _holds_amount(_LIFE_SPAN.sub(" ", part))


def _holds_amount(part: str) -> bool:
    """Whether ``part`` of a story holds an amount, in digits or in words ("one" as a pronoun is
    none: "I have just bought a new one").

    >>> _holds_amount("I have just bought a new one"), _holds_amount("I bought one more")
    (False, True)
    """
    if _DIGIT.search(part) is not None:
        return True
    lower = part.lower()
    counted = _STORY_NUMBER_WORDS.intersection(lower.translate(_MARKS_TO_SPACES).split())
    if counted != {"one"}:
        return bool(counted)
    # (an amount if any "one" is no pronoun: "a radius of one metre, ... how much each one covers")
    return len(_ONE.findall(lower)) > len(_ONE_PRONOUN.findall(lower))


_ONE = re.compile(r"\bone\b")
# "one" as a pronoun: "a new one", "the old one", "this one", "which one"
_ONE_PRONOUN = re.compile(
    r"\b(?:a|an|the|this|that|which|each|every|another|any|no|my|our)\s+(?:[a-z]+\s+)?one\b"
    r"(?!\s+(?:more|less|of|hundred|thousand|million)\b)"
)


_TEXTED_LAST_ASKS = re.compile(
    r"(?:(?:what|wat|wht) (?:does|do|dose) (?:that|it|this|[A-Za-z.]{2,12}) (?:mean|stand for)"
    # (or what a word is: "... there was no quorum?? whats a quorum lol")
    r"|(?:whats|what's|what’s|wats|what is) (?:an? )?[a-z-]{3,20})\s*[.!]*"
    r"(?:\s+(?:lol|lmao|haha|pls|plz|please|ty|thx))?\s*\Z"
)


def _split_context(text: str) -> tuple[str, str]:
    """The question and the context sentences around it; ``(text, "")`` if none can be set aside.

    Set aside only when the context is short (a story of up to 24 words), holds no number the
    question does not restate (a word problem's data) and no alternatives, and the question does
    not point back into it, unless it asks a lookup about the one quantity or name the context
    holds (:func:`_pointed_to`).

    >>> _split_context("I'm baking a cake. How many grams in a cup?")
    ('How many grams in a cup?', "I'm baking a cake.")
    >>> _split_context("I'm reading something. Who wrote it?")
    ("I'm reading something. Who wrote it?", '')
    >>> _split_context("I'm reading Emma. Who wrote it?")
    ("Who wrote 'x'?", "I'm reading Emma.")
    >>> _split_context("My son likes planes. When did the Wright brothers fly their first plane?")
    ('When did the Wright brothers fly their first plane?', 'My son likes planes.')
    >>> _split_context("My friend loves Paris. What is its population?")
    ('My friend loves Paris. What is its population?', '')
    """
    parts = _questions_joined(_SENTENCE_BREAK.split(text.strip()))
    last = -1  # where the question is when none ends in "?": last, or first before a remark
    if len(parts) < 2 and " -" in text:
        parts = _DASH_BREAK.split(text.strip(), maxsplit=1)
        if len(parts) == 2 and not _dash_breaks(*parts):
            parts = [text]
    if len(parts) < 2:
        lead = _LEAD_CLAUSE.match(text)
        if lead is None and _DIGIT.search(text) is not None:
            lead = _LEAD_QUANTITY.match(text)
        if lead is not None:
            parts = [lead.group(1), text[lead.end() :]]
        else:
            remark = _AFTER_COMMA.match(text.strip())
            if remark is None:
                return text, ""
            parts, last = list(remark.group(1, 2)), 0
    # (a clarification after the question may ask too: "spider legs? like all of them?")
    asks = [
        i
        for i, part in enumerate(parts)
        if part.endswith("?") and not (i and _CLARIFIES.match(part))
    ]
    if asks and asks[-1] < len(parts) - 1 and _TEXTED_LAST_ASKS.match(parts[-1]) is not None:
        # (a texted question last, unmarked, after a remark that ends in marks: "invite says
        # BYOB?? what does that mean")
        asks = [len(parts) - 1]
        parts = [f"{part.rstrip('?! ')}." for part in parts[:-1]] + parts[-1:]
    if len(asks) > 1:
        return text, ""
    at = asks[0] if asks else last % len(parts)
    core, context = parts[at], " ".join(parts[:at] + parts[at + 1 :])
    if (
        len(core.split()) < 2
        or any(len(part.split()) < 2 or _QUALIFIES.match(part) for part in parts[:at])
        or any(not _afterword(part) for part in parts[at + 1 :])
        or (not asks and not _ASKS.match(core))
        or len(context.split()) > _CONTEXT_WORDS
        # (alternatives to choose between: "Rent or buy: which is smarter?"; a remark after the
        # question is the asker's own: "... how many do i make? babcia says 9 is the minimum or
        # ppl go hungry")
        or any(" or " in part for part in parts[:at])
    ):
        return text, ""
    return _read_with(text, core, context)


def _read_with(text: str, core: str, context: str) -> tuple[str, str]:
    """:func:`_split_context`'s question and context once split: a measure of what the context
    describes, a pointer to the one thing it names, or the question alone if the context holds
    no data of its own; ``(text, "")`` otherwise."""
    measured = _measure_of(core, context)
    if measured is not None:
        return measured
    if ":" in context and _ASKS_DEDUPE.match(core) is not None:
        given = context.split(":", 1)[1]
        if _CODEY.search(given) is None and len(given.split()) <= _GIVEN_WORDS:
            # (the list after the context's colon, its repeats taken out)
            return "remove duplicates: 'x'", context.split(":", 1)[0]
    probe = _RELATIVE_THAT.sub("", core) if " that " in core else core
    if " they " in probe:
        probe = _PEOPLE_THEY.sub("", probe)
    own = _OWN_POSSESSIVE.match(probe)
    while own is not None:
        probe = probe[: own.start(1)] + probe[own.end(1) :]
        own = _OWN_POSSESSIVE.match(probe)
    if _BACK_REFERENCE.search(probe):
        named = _pointed_to(core, context)
        return (text, "") if named is None else (named[0], _own_day(named[1]))
    if _DIGIT.search(context) is not None and not _restates(core, context):
        return text, ""
    return core, _own_day(context)


# a measure of what the context describes: "What's its area?", "What's the volume of one?"
_ASKS_MEASURE = re.compile(
    r"\A\s*(?:what(?:['’]s| is)|find|calculate|work out)\s+(?:its|the)\s+"
    r"(surface area|area|perimeter|circumference|volume)(?:\s+of\s+(?:it|one|that|this|each))?"
    r"(?:\s+in\s+(?:square\s+|sq\.?\s+|cubic\s+)?[a-z]+[²³23]?)?\s*[?.!]*\s*\Z",
    re.IGNORECASE,
)
# ... or in the unit it is counted in: "How many square meters is it?"
_ASKS_IN_UNITS = re.compile(
    r"\A\s*how many (square|sq\.?|cubic) [a-z.]+"
    r"(?:\s+(?:is|are|does|do|will)\s+(?:it|that|this|they)(?:\s+(?:cover|hold|have|take up|be))?)?"
    r"\s*[?.!]*\s*\Z",
    re.IGNORECASE,
)
# the sides of what the context describes, given as "6 m by 4 m" or "40 x 30 x 25 cm"
_LENGTH_UNIT = (
    r"(?:mm|cm|m|km|in|inch(?:es)?|ft|feet|foot|yards?|yd|miles?"
    r"|(?:milli|centi|kilo)?(?:meters?|metres?))"
)
_SIDES = re.compile(
    rf"\b\d+(?:\.\d+)?\s*(?:{_LENGTH_UNIT}\b\s*)?(?:by|x|×)\s*\d+(?:\.\d+)?(?:\s*{_LENGTH_UNIT}\b)?"
    rf"(?P<third>\s*(?:by|x|×)\s*\d+(?:\.\d+)?(?:\s*{_LENGTH_UNIT}\b)?)?",
    re.IGNORECASE,
)
# a thing given its sides in a question of its measure: "the perimeter of a 100 m by 64 m
# football pitch" asks a rectangle's, "a 60 x 30 x 35 cm fish tank holds what volume?" a box's
_MEASURE_ASKED = re.compile(r"\b(?:area|perimeter|volume)\b", re.IGNORECASE)
_THING_OF_SIDES = re.compile(
    rf"\b(?:an?|the|my|our|this|that)\s+(?P<sides>{_SIDES.pattern})\s+"
    r"(?P<thing>[a-z][\w'’-]*(?:\s+[a-z][\w'’-]*){0,2}?)"
    r"(?=\s*(?:[?.!,]|\Z|\b(?:holds?|has|have|is|measures?)\b))",
    re.IGNORECASE,
)
_SHAPE_NAMED = frozenset(("rectangle", "rect", "box", "cuboid", "square", "rectangular prism"))
# ... or each side named by its dimension: "25 meters long and 10 meters wide"
_SIDE_NAMED = (
    rf"(\d+(?:\.\d+)?)\s*((?:{_LENGTH_UNIT})\b)?\s*(?:long|wide|tall|high|deep|in length|in width"
    r"|in height)"
)
_LENGTH = re.compile(rf"(\d+(?:\.\d+)?)\s*((?:{_LENGTH_UNIT})\b)?", re.IGNORECASE)
_SIDES_NAMED = re.compile(
    rf"{_SIDE_NAMED}(?:\s*,)?\s+(?:and\s+|by\s+)?{_SIDE_NAMED}"
    rf"(?P<third>(?:\s*,)?\s+(?:and\s+|by\s+)?{_SIDE_NAMED})?",
    re.IGNORECASE,
)
# ... or a round thing's width: "14 inches across", "30 cm in diameter"
_ACROSS = re.compile(
    rf"\b(\d+(?:\.\d+)?)\s*((?:{_LENGTH_UNIT})\b)?\s*(?:across|in diameter)\b", re.IGNORECASE
)
_ARTICLE = re.compile(r"\b(?:an?)\s", re.IGNORECASE)
_VERB = re.compile(r"(?<!that )(?<!which )\b(?:is|are|was|were|am|['’]m|has|have)\b", re.IGNORECASE)


def _measure_of(core: str, context: str) -> tuple[str, str] | None:
    """A measure asked of the one thing the context describes with numbers, asked of that
    description, and the context without it; None otherwise. The description runs from its
    article to its sentence's end and holds every number of the context.

    >>> _measure_of("What's its area?", "I'm cutting a round coaster with a 5 cm radius.")
    ('what is the area of a round coaster with a 5 cm radius?', "I'm cutting .")
    >>> _measure_of("What's its area?", "I cut a 5 cm coaster from a 2 m sheet.") is None
    True
    """
    digit = _DIGIT.search(context)
    if digit is None:
        return None
    asked = _ASKS_MEASURE.match(core)
    if asked is not None:
        measure = asked.group(1).lower()
    else:
        in_units = _ASKS_IN_UNITS.match(core)
        if in_units is None:
            return None
        measure = "volume" if in_units.group(1).lower() == "cubic" else "area"
    sides = _sides_of(measure, context)
    if sides is not None:
        return sides
    if asked is None:
        return None
    # (the first article before the numbers with no verb between: "A can is a cylinder with
    # a 2 cm radius" describes "a cylinder with a 2 cm radius")
    start = next(
        (
            a.start()
            for a in _ARTICLE.finditer(context, 0, digit.start())
            if _VERB.search(context, a.end(), digit.start()) is None
        ),
        None,
    )
    if start is None:
        return None
    end = _SENTENCE_END_MARK.search(context, digit.end())
    stop = end.start() if end is not None else len(context)
    if _DIGIT.search(context, stop):
        return None
    # (a second thing with numbers: "a circle with radius 5 and a square with side 3")
    for article in _ARTICLE.finditer(context, digit.end(), stop):
        if _DIGIT.search(context, article.end(), stop):
            return None
    described = context[start:stop].strip(" ,")
    rest = _context_without(context, start, stop)
    return f"what is the {measure} of {described}?", rest


def _context_without(context: str, start: int, end: int) -> str:
    """``context`` without the description from ``start`` to ``end`` the question now holds."""
    return _own_day(f"{context[:start]}{context[end:]}".strip())


def _sides_of(measure: str, context: str) -> tuple[str, str] | None:
    """A flat measure asked of the one thing ``context`` gives two sides of, or a volume of the
    one it gives three ("a raised vegetable bed that's 6 m by 4 m" is a rectangle 6 m by 4 m,
    "25 meters long and 10 meters wide" too), or a round one's asked of its width ("14 inches
    across"), and the context without them; None otherwise.

    >>> _sides_of("area", "I'm building a raised vegetable bed that's 6 m by 4 m.")
    ('what is the area of a rectangle 6 m by 4 m?', "I'm building a raised vegetable bed that's .")
    >>> _sides_of("volume", "A box 40 x 30 x 25 cm.")
    ('what is the volume of a box 40 x 30 x 25 cm?', 'A box .')
    >>> _sides_of("area", "I have 2 rugs, 3 m by 2 m.") is None
    True
    >>> _sides_of("surface area", "Our pool is 25 meters long and 10 meters wide.")[0]
    'what is the area of a rectangle 25 meters by 10 meters?'
    >>> _sides_of("circumference", "My drum is 14 inches across.")[0]
    'what is the circumference of a circle with a diameter of 14 inches?'
    """
    if measure in ("circumference", "area") and ("across" in context or "diameter" in context):
        across = _ACROSS.search(context)
        if across is not None and _NUMBER.findall(context) == [across.group(1)]:
            width = f"{across.group(1)} {across.group(2) or ''}".strip()
            rest = _context_without(context, across.start(), across.end())
            return f"what is the {measure} of a circle with a diameter of {width}?", rest
    sides = _SIDES.search(context) or _SIDES_NAMED.search(context)
    if sides is None or _DIGIT.search(context, sides.end()):
        return None
    if _DIGIT.search(context, 0, sides.start()):
        return None
    flat = sides.group("third") is None
    if flat and measure == "surface area":
        measure = "area"  # (of a floor, a pool, a field: its one face)
    if flat != (measure in ("area", "perimeter")):
        return None
    given = sides.group(0)
    if sides.re is _SIDES_NAMED:
        given = " by ".join(f"{n} {u}".strip() for n, u in _LENGTH.findall(given))
    rest = _context_without(context, sides.start(), sides.end())
    return f"what is the {measure} of a {'rectangle' if flat else 'box'} {given}?", rest


_SENTENCE_END_MARK = re.compile(r"[.!?;](?=\s|\Z)")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def _restates(core: str, context: str) -> bool:
    """Whether ``core`` gives every number ``context`` holds: the context then holds no data
    of its own ("My thermometer shows 37 °C. What is 37 °C in °F?").

    >>> _restates("What is 37 °C in °F?", "My thermometer shows 37 °C."), _restates("2 + 2?", "4")
    (True, False)
    """
    given = set(_NUMBER.findall(core))
    return all(number in given for number in _NUMBER.findall(context))


# the asker's story, a sentence or two, before what they ask: "I'm writing a note. Fix this: ..."
_STORY_FIRST = re.compile(
    r"\A\s*((?:(?:I|I'm|I’m|I've|I’ve|I am|My|We|We're|We’re|Our)\b[^.!?:;\n]{3,160}[.!]\s+){1,2})"
    r"(\S[^\n]*)\Z"
)
_ASKS_OF_YOU = re.compile(r"\b(?:you|your|please)\b", re.IGNORECASE)


def _story_before_given(text: str) -> tuple[str, str] | None:
    """An edit of given text after the asker's story, and the story; None if ``text`` is not
    that.

    >>> _story_before_given("I'm writing a note. Please fix this: Their late.")
    ("fix this: 'x'", "I'm writing a note.")
    >>> _story_before_given("I want you to be brief. Fix this: Their late.") is None
    True
    """
    told = _STORY_FIRST.match(text)
    if told is None or _ASKS_OF_YOU.search(told.group(1)):
        return None
    rest = told.group(2)
    given = _strip_given(rest)
    if given is rest:
        return None
    # (the days of the asker's own life are no news: "... and this morning our card machine died")
    return given, " ".join(_own_days(_SENTENCE_BREAK.split(told.group(1).strip())))


def _afterword(part: str) -> bool:
    """Whether ``part``, after the question, is only a remark of the asker's own or a
    clarification of the question ("like all of them together?")."""
    if _PURPOSE_AFTER.match(part):
        return True
    if " want" in part or " wanna" in part or " to " in part:
        # (what the asker wants to do with the answer, or not to do, asks nothing more of the
        # model: "... n i want to say it at bedtime", "... n dont want to make it mexican")
        part = _OWN_USE.sub(" ", part)
        if not part.strip(" ,.!"):
            return True  # (the whole remark is the asker's use of the answer)
    if _AFTERWORD_TEXTED.match(part):
        # (not one that asks the model to act or asks again: "? I saw it on a cruise ad, book me
        # one", "? Just curious, summarise the whole play", "? heard it changes, what is it in
        # Denver today")
        return _ASKS_MORE.search(part) is None and _ACTS.search(_own_day(part)) is None
    if _CLARIFIES.match(part):
        return _ASKS_MORE.search(part) is None
    return (
        part == part.lower()
        and 2 <= len(part.split()) <= _BARE_ASIDE_WORDS
        and (
            _GOES_ON.match(part) is None
            or _OWN_CLAUSE.match(part) is not None
            or _ASKERS_OWN.match(part) is not None
        )
        and not any(mark in _IN_WORD_APOSTROPHE.sub("", part) for mark in "?:/\"'‘“")
        and _ASKS_MORE_ASIDE.search(part) is None
        and _ACTS.search(_TOLD_ME.sub("", _own_day(part))) is None
    )


def _own_day(context: str) -> str:
    """``context`` without the day of the asker's own plans ("My quiz is tomorrow."): when the
    asker needs an answer does not make the question one of recent events.

    >>> _own_day("My quiz is tomorrow."), _own_day("The match was yesterday.")
    ('My quiz is .', 'The match was yesterday.')
    >>> _own_day("I started Spanish this month.")
    'I started Spanish .'
    >>> _own_day("pub quiz tonight"), _own_day("treasurer wants it tonight eek")
    ('pub quiz ', 'treasurer wants it  eek')
    """
    if _ASKERS_OWN.match(context) is None:
        return context
    return _OWN_DAY.sub("", context)


def _edit_pointed_to(edit: re.Match[str], context: str) -> str | None:
    """An edit of the text given after the context's colon, put as "edit: 'x'" (a list put in
    an order is sorted: "list them from lowest to highest" reads "sort from lowest to highest").

    >>> _edit_pointed_to(_ASKS_EDIT.match("Can you list them from low to high?"), "Marks: 7, 3.")
    "sort from low to high: 'x'"
    """
    given = context.split(":", 1)[1]
    if _CODEY.search(given) or len(given.split()) > _GIVEN_WORDS:
        return None
    verb, how = edit.group(1), edit.group(2).rstrip(" .!?")
    if verb.lower() == "list":
        if _IN_ORDER.match(how) is None:
            return None
        verb = "sort"
    return f"{verb}{how}: 'x'"


# A question someone asked the asker, asked on: "My son asked me what photosynthesis is. What is
# it?" (not what is theirs, judged or moving: "what my plan is", "what the best phone is")
_RELAYED = re.compile(
    r"\basked(?: me| us| her| him)?,? (what|who) "
    r"((?!(?:(?:an?|the) )?(?:my|our|your|his|her|their|its|best|better|worst|today|tonight"
    r"|current|latest|next|right|good|one|it|that|this|these|those|they|he|she)\b)"
    r"(?:(?:an?|the) )?[\w'’-]+(?: [\w'’-]+){0,3}?) "
    r"(is|are|was|were|means|mean|stands for|stand for)(?=\s*(?:[.,;!]|and (?:i|we)\b|\Z))",
    re.IGNORECASE,
)
# ... or a list someone asked for: "My 6-year-old wants to know the names of all the continents.",
# "my kids asked me to name all the seasons" (not what is theirs: "the names of my contacts")
_RELAYED_LIST = re.compile(
    r"\b(?:wants? to know|asked(?: me| us)? to name|wants? (?:me|us) to name|asked(?: me| us)? for)"
    r"\s+(?:the names of\s+)?"
    r"(all (?:of )?the (?!(?:my|our|your|his|her|their)\b)[a-z]+(?: [a-z]+)?)"
    r"(?=\s*(?:[.,;!]|\Z))",
    re.IGNORECASE,
)
# ... or a named event someone watched on television, its year asked: "My grandad says he watched
# the Berlin Wall fall on TV. What year was that?" (not one of theirs, nor an unnamed one: "the
# blackout", "the match last night")
_EVENT_SEEN = re.compile(
    r"\b(?i:watched|saw)\s+"
    r"(the (?!(?i:my|our|your|his|her|their|last|next|latest|recent|new)\b)"
    r"[\w'’ -]{3,40}?)\s+(?i:on (?:tv|television|the news)|live on (?:tv|television))\b",
)
_ASKS_YEAR = re.compile(
    r"\A\s*(?:what|which) year (?:was|is) (?:that|it)\s*[?.!]*\s*\Z|\A\s*when was (?:that|it)"
    r"(?:\s+exactly)?\s*[?.!]*\s*\Z",
    re.IGNORECASE,
)
# a word someone used, said last in the context: "A chef kept saying a dish had lots of umami.",
# "My teacher used the word serendipity." (what the asker was sent or given is theirs to read:
# "My landlord sent me a notice." is not a word heard)
_WORD_HEARD = re.compile(
    r"\b(?:said|saying|says|say|mentioned|mentions|mention|used|uses|using|wrote|writes|called"
    r"|calls|heard|hear)\b[^.!?\n]*?\b(?:the word|the term|lots of|a lot of|so much|plenty of)"
    r"\s+['\"‘“]?(?P<term>[a-z][a-z-]{2,20})['\"’”]?\s*[.!]?\s*\Z",
    re.IGNORECASE,
)
_ASKS_RELAYED = re.compile(
    r"\A\s*(?:(?:so\s+)?what(?:['’]s| is| are| was| were)\s+(?:it|they|that|those)"
    r"|who (?:was|is) (?:it|that|he|she)"
    r"|how (?:would|do|should|can|could) (?:you|i|we) (?:define|explain|describe|put) (?:it|that)"
    r"|what does (?:it|that) (?:mean|stand for))"
    r"(?:[\s,]+(?:exactly|again|then|in order|simply))*\s*[?.!]*\s*\Z",
    re.IGNORECASE,
)
# "What is it?" after a story that names one well-known fact: "... the German word for cat."
_ASKS_IT = re.compile(
    r"\A\s*(?:what(?:['’]s| is| would be| will be)|which is)\s+(?:it|that)\s*[?.!]*\s*\Z",
    re.IGNORECASE,
)
_FACT_NAMED = re.compile(
    r"\bthe\s+((?:(?:[a-z]+\s+)?(?:word|term)\s+for|capital(?:\s+city)?\s+of|currency\s+of"
    r"|official\s+language\s+of|chemical\s+symbol\s+(?:of|for)|atomic\s+number\s+of"
    r"|plural\s+of|opposite\s+of|past\s+tense\s+of|(?:boiling|freezing|melting)\s+point\s+of)"
    r"\s+[\w'’ -]{1,30}?)\s*(?:[.!;,]|\Z)",
    re.IGNORECASE,
)


def _pointed_to(core: str, context: str) -> tuple[str, str] | None:
    """``core`` with its pointer replaced by the one quantity or name ``context`` holds, if it
    asks a lookup about it, and what of the context is left once that is in the question; None
    otherwise.

    >>> _pointed_to("How many ml is that?", "The recipe says 3.5 litres of stock. I'm baking.")
    ('How many ml is 3.5 litres?', "I'm baking.")
    >>> _pointed_to("Who wrote it?", "I'm reading Emma.")
    ("Who wrote 'x'?", "I'm reading Emma.")
    >>> _pointed_to("What is its speed?", "A train travels 60 km in 45 minutes.") is None
    True
    >>> _pointed_to("What is it?", "On my map I need to label the capital of Kenya.")[0]
    'what is the capital of Kenya?'
    >>> _pointed_to("How would you define it?", "My son asked me what evaporation is.")[0]
    'what is evaporation?'
    >>> _pointed_to("What are they?", "My son wants to know the names of all the continents.")[0]
    'name all the continents'
    >>> _pointed_to("What year was that?", "My grandpa watched the first Moon landing on TV.")[0]
    'what year was the first Moon landing?'
    >>> _pointed_to("What does that mean?", "A chef kept saying a dish had lots of umami.")[0]
    'what does umami mean?'
    >>> _pointed_to("Can you sort them?", "My marks: 7, 3, 9.")
    ("sort: 'x'", 'My marks')
    """
    of_context = _asked_of_context(core, context)
    if of_context is not None:
        return of_context, context
    edit = _ASKS_EDIT.match(core) if ":" in context else None
    if edit is not None:
        edited = _edit_pointed_to(edit, context)
        # (the text it edits, after the context's colon, is stood in: only what comes before it
        # is context, "I jotted this down: email Sara, ... Can you put it in bullets?")
        return None if edited is None else (edited, context.split(":", 1)[0])
    quantity = _ASKS_QUANTITY.match(core)
    if quantity is not None:
        return _quantity_pointed_to(quantity, core, context)
    asked = _ASKS_NAME.match(core)
    if asked is None:
        return None
    quoted = _QUOTED.findall(context)
    if len(quoted) > 1 or (quoted and _CODEY.search(quoted[0][1:-1])):
        return None
    if not quoted and _DIGIT.search(context) is not None:
        # (a number may be what is pointed to: only a quoted term is read past one, "My coworker
        # says 'tengo hambre' every day around 11. What does it mean?")
        return None
    if not quoted and _NAMED_WORD.search(context) is None:
        titles = _TITLE.findall(context) if asked.group("who") else []
        if len(titles) != 1 or titles[0] in ("I", "I'm", "I’m", "I've", "I’ve"):
            return None
    pointer = next(i for i in (2, 3, 4) if asked.group(i))
    return f"{core[: asked.start(pointer)]}'x'{core[asked.end(pointer) :]}", context


def _asked_of_context(core: str, context: str) -> str | None:
    """What ``core`` ("what is it?", "what year was that?") asks of what ``context`` names: a
    question someone asked, a word someone used, a named event watched, one well-known fact; None
    if it names none of these."""
    if _ASKS_RELAYED.match(core):
        before = _asked_before(context)
        if before is not None:
            return before
    event = _EVENT_SEEN.search(context) if _ASKS_YEAR.match(core) else None
    if event is not None and any(word[:1].isupper() for word in event.group(1).split()[1:]):
        return f"what year was {event.group(1)}?"
    facts = _FACT_NAMED.findall(context) if _ASKS_IT.match(core) else ()
    return f"what is the {facts[0]}?" if len(facts) == 1 else None


def _asked_before(context: str) -> str | None:
    """What "what is it?" asks after ``context``: the question someone asked the asker, or the
    meaning of a word someone used; None if ``context`` holds neither."""
    relayed = _RELAYED.search(context)
    if relayed is not None:
        return _relayed(relayed)
    listed = _RELAYED_LIST.search(context)
    if listed is not None:
        return f"name {listed.group(1)}"
    heard = _WORD_HEARD.search(context)
    return None if heard is None else f"what does {heard.group('term')} mean?"


def _relayed(relayed: re.Match[str]) -> str:
    """The question :data:`_RELAYED` found, put as the asker's own.

    >>> _relayed(_RELAYED.search("A colleague asked what EOD means."))
    'what does EOD mean?'
    """
    asks, subject, verb = relayed.groups()
    verb = verb.lower()
    if verb in ("means", "mean"):
        return f"what does {subject} mean?"
    if verb in ("stands for", "stand for"):
        return f"what does {subject} stand for?"
    return f"{asks.lower()} {verb} {subject}?"


_RATE_AFTER = re.compile(
    r"\s*(?:per\b|/|an? (?:hour|day|week|month|year|gallon|litre|liter|mile|minute|second)\b"
    r"|mpg\b|mph\b|kph\b)",
    re.IGNORECASE,
)


def _quantity_pointed_to(
    quantity: re.Match[str], core: str, context: str
) -> tuple[str, str] | None:
    """``core``, which asks about a quantity (``quantity``), asked of the one ``context`` holds,
    and the context without the sentence that holds it: the quantity is the question's now, and
    what the context said of it, a forecast's or a day's, is not asked ("The forecast says 30
    degrees Celsius tomorrow. What is that in Fahrenheit?")."""
    found = _QUANTITY.search(context)
    if found is None or _DIGIT.search(context, found.end()) is not None:
        return None
    if _RATE_AFTER.match(context, found.end()) is not None:
        return None  # (a rate is two units: "My car does 40 miles per gallon.")
    if _MONEY.search(core) is not None or _MONEY.search(context) is not None:
        return None
    if _DIGIT.search(context, 0, found.start()) is not None:
        return None
    named = found.group(0).replace("-", " ")
    rest = " ".join(s for s in _SENTENCE_BREAK.split(context) if _DIGIT.search(s) is None)
    asked = _HOWS.sub("what's ", f"{core[: quantity.start(1)]}{named}{core[quantity.end(1) :]}")
    return asked, rest


def _ends_open(text: str) -> bool:
    """Whether a turn ends as a stem to complete: "8 times 9 is?", "6 x 7 =", "X is:"."""
    return text.rstrip()[-1:] in ("?", ":", "=")


def _may_complete(text: str) -> bool:
    """A cheap test for what a stem to complete ends with, before the costly regex.

    :data:`_COMPLETION` ends on "is", "are", "equal(s)" or "=", then whitespace and ":_.?"
    only: stripped of those, the turn ends with one of them. (A turn ending in other than
    ASCII goes to the regex: case-insensitive matching folds some other letters to these.)
    """
    tail = text.rstrip().rstrip(":_.?").rstrip()[-6:]
    return not tail.isascii() or tail.lower().endswith(("is", "are", "equal", "equals", "="))


def _canonical(text: str) -> str:
    """One form for the common ways of putting a question (see the patterns above)."""
    text = _request_form(_plain_forms(text))
    if "'s" in text or "’s" in text:
        lower = text.lower().replace("’", "'")
        if "where's" in lower or "who's" in lower or "when's" in lower:
            text = _CONTRACTION.sub(r"\1 is", text)
        # (a possessive question is short: at most "what is the" and six words)
        possessive = _POSSESSIVE.match(text) if text.count(" ") < _POSSESSIVE_SPACES else None
        if possessive is not None:
            return f"what is the {possessive.group(2)} of {possessive.group(1)}?"
    text = _who_form(text)
    if text.rstrip(" ?:").lower().endswith(_ATTRIBUTES):
        text = _attribute_form(text)
    elif text.rstrip(" ?=:").lower().endswith(" by"):
        text = _made_by_form(text)
    if " would " in text:
        text = _HOW_WOULD.sub(r"how do you \1", text)
    tail = text.rstrip(" ?.!")[-24:].lower()
    if _ASKED_LAST.search(tail):
        return _backwards(text)
    return text


def _backwards(text: str) -> str:
    """A question whose question word comes last, put the common way round.

    >>> _backwards("Everest is how tall?"), _backwards("Paella comes from which country?")
    ('how tall is Everest?', 'which country does Paella come from?')
    >>> _backwards("The Model T was introduced in which year?")
    'in which year was The Model T introduced?'
    >>> _backwards("Three marsupials would be which animals?"), _backwards("Mars is which?")
    ('what are Three marsupials?', 'what is Mars?')
    """
    if _WH_START.match(text):
        return text
    called = _CALLED_WHAT.match(text) if text.rstrip(" ?").endswith("what") else None
    if called is not None:
        subject, verb, named = called.groups()
        return f"what {verb} {subject} {named}?"
    which = _WHICH_LAST.match(text)
    if which is not None:
        subject, verb, kind = which.group(1), which.group(2).lower(), which.group(3)
        counted = _COUNT_FIRST.match(subject) is not None
        # ("10 days after a Monday is which day?" asks which day: read below)
        if kind is None or kind.lower() in ("one", "ones") or verb != "is":
            plural = verb == "are" or (verb != "is" and counted)
            return f"what {'are' if plural else 'is'} {subject}?"
    if _COPULA.search(text):
        backwards = _BACKWARDS_WH.match(text)
        if backwards is not None:
            subject, verb, asks = backwards.groups()
            return f"{asks} {verb} {subject}?"
    passive = _PASSIVE_WH.match(text)
    if passive is not None:
        subject, verb, done, place, asks = passive.groups()
        return f"{place + ' ' if place else ''}{asks} {verb} {subject} {done}?"
    active = _ACTIVE_WH.match(text)
    if active is not None:
        subject, verb, place, asks = active.groups()
        base, past = _VERB_BASES[verb.lower()]
        return f"{asks} {'did' if past else 'does'} {subject} {base} {place}?"
    return text


_TOPIC_OWN = re.compile(
    r"\A(?:(?:i[\x27’]?m|we[\x27’]?re|just)\s+)?(?:watching|rewatching|reading|listening to"
    r"|playing|visiting)\s+(?=\S)"
    r"|\s+(?:tonight|tonite|today|tomorrow|tmrw|rn|right now|this weekend)\s*\Z",
    re.IGNORECASE,
)


def _request_form(text: str) -> str:
    """A request for a fact put as a question, and a fronted topic put back in its place."""
    head = text.lstrip()[:6].lower()
    if head.startswith(("give", "tell", "please", "provid")):
        text = _TELL_ME.sub("what is ", text)
    elif head.startswith("where"):
        text = _WHERE_FIND.sub("where is ", text)
    if text.rstrip().endswith("in?"):
        located = _LOCATED_IN.match(text)
        if located is not None:
            return f"where is {located.group(1)}?"
    if _TOPIC_MARK.search(text):
        topic = _TOPIC_FIRST.match(text)
        if topic is not None:
            subject, asks, pointer, rest = topic.groups()
            # (the topic without what the asker is doing with it, and when: "watching jaws tonite,
            # who directed it again?" asks who directed Jaws)
            subject = _TOPIC_OWN.sub("", subject) or subject
            subject = f"{subject}'s" if pointer.lower() == "its" else subject
            return f"{asks}{subject}{rest}"
    return text


def _attribute_form(text: str) -> str:
    """What is asked of a named place as a noun phrase, put as the question.

    >>> _attribute_form("Switzerland currency"), _attribute_form("Machu Picchu country")
    ('what is the currency of Switzerland?', 'which country is Machu Picchu in?')
    >>> _attribute_form("startup capital"), _attribute_form("Battle of Hastings - year?")
    ('startup capital', 'in which year was the Battle of Hastings?')
    >>> _attribute_form("Pyramids of Giza → country?")
    'which country is Pyramids of Giza in?'
    >>> _attribute_form("Channel Tunnel opened → year?")
    'in which year was the Channel Tunnel opened?'
    """
    asked = _ATTRIBUTE.match(text)
    if asked is None:
        return text
    place, happened, attribute = asked.group(1), asked.group(2), asked.group(3).lower()
    if happened is not None and attribute != "year":
        return text
    if attribute in ("continent", "country", "city"):
        return f"which {attribute} is {place} in?"
    if attribute == "year":
        return f"in which year was the {place.removeprefix('The ')} {happened or ''}".rstrip() + "?"
    return f"what is the {attribute} of {place}?"


def _made_by_form(text: str) -> str:
    """Who made a named thing, asked as a label, put as the question.

    >>> _made_by_form("penicillin discovered by"), _made_by_form("Hamlet written by?")
    ('who discovered penicillin?', 'who wrote Hamlet?')
    """
    made = _MADE_BY.match(text)
    if made is None:
        return text
    verb = made.group(2).lower()
    return f"who {_MAKERS.get(verb, verb)} {made.group(1)}?"


def _who_form(text: str) -> str:
    """A question about a person asked with "who": "which person invented", "the actor who"."""
    if text.rstrip(" ?").endswith(("or", "er", "artist")):
        maker = _MAKER.match(text)
        if maker is not None:
            return f"who {_MADE[maker.group(2).lower()]} {maker.group(1)}?"
    lower = text.lstrip()[:12].lower()
    if lower.startswith(("which ", "what ")):
        person = _WHICH_PERSON.match(text)
        if person is None:
            known = _KNOWN_FOR.match(text) if lower.startswith("which ") else None
            return (
                text
                if known is None
                else f"who {_PAST[known.group(1).lower()]}{text[known.end() :]}"
            )
        text, lower = f"who{text[person.end() :]}", "who "
    if lower.startswith(("who ", "the ")):
        one = _THE_ONE_WHO.match(text)
        text = text if one is None else f"who {text[one.end() :]}"
        known = _KNOWN_FOR.match(text) if lower.startswith("who ") else None
        if known is not None:
            text = f"who {_PAST[known.group(1).lower()]}{text[known.end() :]}"
    return text


def _direct(text: str) -> str:
    """An indirect or back-to-front question put the usual way round (see above)."""
    end = text.rstrip(" \t\n?.!")[-10:].lower()
    if end.endswith(("come to", "equal", "equal to", "make", "add up to", "added together")):
        result = _RESULT.match(text)
        if result is not None:
            asked = _SUM_OF.sub(r"\1 plus \2", result.group(1))
            return f"what is {asked}?"
    if end.endswith(("for what", " abbr", "acronym", "reviation", "stands for")):
        acronym = _ACRONYM_ASKED.match(text) or _ACRONYM_ARROW.match(text)
        if acronym is not None:
            return f"what does {acronym.group(1)} stand for?"
    if end.endswith(("what", " is", " are", " was", " were", " means", "stands for", "short for")):
        backwards = _BACKWARDS.match(text) if end.endswith("what") else None
        if backwards is not None:
            return f"what is {backwards.group(1)}?"
        means = _MEANS_WHAT.match(text) if end.endswith("means what") else None
        if means is not None:
            return f"what does {means.group(1)} mean?"
        indirect = _INDIRECT.match(text)
        if indirect is not None:
            asks, subject, verb = indirect.groups()
            if verb.lower() in _INDIRECT_VERB:
                aux, main = _INDIRECT_VERB[verb.lower()]
                return f"{asks} {aux} {subject} {main}?"
            return f"{asks} {verb} {subject}?"
    return text


# "Would you mind listing ...": what is asked, after "would you" is set aside
_DOING = {
    **{"listing": "list", "naming": "name", "telling": "tell", "giving": "give"},
    **{"spelling": "spell", "translating": "translate", "converting": "convert"},
    **{"defining": "define", "sorting": "sort", "fixing": "fix", "correcting": "correct"},
    **{"checking": "check", "calculating": "calculate", "rewriting": "rewrite"},
    **{"putting": "put", "working": "work", "explaining": "explain", "turning": "turn"},
    **{"reminding": "remind", "adding": "add", "subtracting": "subtract"},
    **{"multiplying": "multiply", "dividing": "divide", "totting": "tot", "totalling": "total"},
    **{"summing": "sum", "ordering": "order", "arranging": "arrange", "reversing": "reverse"},
    **{"counting": "count", "rounding": "round", "doubling": "double", "halving": "halve"},
    **{"finding": "find", "writing": "write", "changing": "change", "expanding": "expand"},
}
_MIND_DOING = re.compile(rf"\A\s*mind\s+({'|'.join(_DOING)})\b", re.IGNORECASE)


def without_politeness(text: str) -> str:
    """``text`` without the politeness around its question: a greeting or "would you mind telling
    me" before it, thanks or "please" after it.

    >>> without_politeness("Would you mind telling me which sport has the slam dunk? Thanks!")
    'which sport has the slam dunk?'
    """
    return _strip_politeness(text)


def _strip_politeness(text: str) -> str:
    head = text.lstrip()[:12].lower()
    first = head.split(maxsplit=1)[0].strip(",:;.!?") if head.strip() else ""
    if _opens_preamble(head, first):
        match = _PREAMBLE.match(text)
        if match is not None and match.end() < len(text):
            text = text[match.end() :]
            doing = _MIND_DOING.match(text) if text[:5].lower() == "mind " else None
            if doing is not None:
                verb = doing.group(1).lower()
                text = f"{_DOING[verb]}{text[doing.end() :]}"
                if verb in ("reminding", "telling"):
                    # ("Would you mind reminding me who ... is?", "Would you mind telling me who
                    # wrote the novel Little Women?": the question asked)
                    again = _PREAMBLE.match(text)
                    if again is not None and again.end() < len(text):
                        text = text[again.end() :]
    tail = text.rstrip(" \t\n.!?").rsplit(maxsplit=1)
    last = tail[-1].lower() if tail else ""
    kept = _without_closing(text, last)
    if kept is not text:
        # (a laugh or a smiley before the closing ends the question too: "... lol when you can")
        return _strip_answer_form(without_chat_end(kept.rstrip(" ,")))
    answered = _strip_answer_form(text, last)
    # (a closing before the answer's form: "circle area pls, round to 1 decimal")
    return answered if answered is text else _without_closing(answered)


def _without_closing(text: str, last: str | None = None) -> str:
    """``text`` without the closings that end it (:func:`_closing`), if any; ``last``: its last
    word lower-cased, if the caller has it."""
    if last is None:
        tail = text.rstrip(" \t\n.!?").rsplit(maxsplit=1)
        last = tail[-1].lower() if tail else ""
    if last.strip(",;:-") not in _CLOSING_LAST:
        return text
    closing = _closing(text)
    if closing is None:
        return text
    kept = text[: closing.start()].rstrip()
    # (a question keeps its one mark: "How many weeks in 91 days please?"; a closing ends a
    # request as a mark would: "How many weeks are there in 91 days when you can")
    if "?" not in kept and (
        "?" in closing.group(0) or (kept[-1:] not in END_MARKS and _ASKED_FORM.match(kept))
    ):
        kept += "?"
    return kept


def _closing(text: str) -> re.Match[str] | None:
    """The closings that end ``text`` ("thanks", "please? thanks"), if any: not one that is what
    the turn asks about ("the Japanese for thank you? please")."""
    # Only the end can be a closing: searching the last characters keeps a long turn cheap.
    closing = _CLOSING.search(text, max(0, len(text) - _CLOSING_CHARS))
    if closing is not None and _asked_about(text, closing):
        first = _CLOSING_ONE.match(text, closing.start())
        closing = _CLOSING.search(text, first.end()) if first is not None else None
    if closing is None or closing.start() == 0 or _asked_about(text, closing):
        return None
    return closing


_POINT_MEASURED = re.compile(r"\b(?:melting|boiling|freezing|flash)\s+point\b", re.IGNORECASE)


def _strip_answer_form(text: str, last: str | None = None) -> str:
    """``text`` without the answer's form asked for after its question (:data:`_ANSWER_FORM`);
    ``last``: its last word lower-cased, if the caller has it.

    >>> _strip_answer_form("who wrote Hamlet, name only"), _strip_answer_form("Legs? Number only.")
    ('who wrote Hamlet', 'Legs?')
    >>> _strip_answer_form("How far is left? Just the metres")
    'How far is left?'
    >>> _strip_answer_form("What language do they speak in Brazil? One word is enough.")
    'What language do they speak in Brazil?'
    """
    if last is None:
        tail = text.rstrip(" \t\n.!?").rsplit(maxsplit=1)
        last = tail[-1].lower() if tail else ""
    if last in _ANSWER_FORM_LAST:
        form = _ANSWER_FORM.search(text, max(0, len(text) - _ANSWER_FORM_CHARS))
        if form is not None and form.start() > 0:
            if " point" in text and _POINT_MEASURED.search(text) is not None:
                return text  # (a substance's melting point to decimals asks more than it knows)
            return text[: form.start()]
    # (a sentence of its own after the question: in C, most turns have no mark before their last
    # words)
    mark = text.rfind("?", max(0, len(text) - _FORM_SENTENCE_CHARS))
    if mark <= 0 or mark >= len(text.rstrip()) - 1:
        return text
    form = _FORM_SENTENCE.search(text, mark)
    return text[: form.start()] if form is not None else text


def _asked_about(text: str, closing: re.Match[str]) -> bool:
    """Whether a closing word is the object of the word before it ("the word for please")."""
    if any(mark in closing.group(0) for mark in ",.;:!-"):
        return False
    word = closing.group(0).split()[0].lower()
    if word.rstrip("?") in _NEVER_ASKED_ABOUT:
        return False
    before = text[: closing.start()].rsplit(maxsplit=1)
    if not before or before[-1].lower() not in _ASKS_ABOUT:
        return False
    # (after "is", "please" closes a question put indirectly: "what 13 + 29 is please?"; "right"
    # is what it asks: "which one is right?")
    return before[-1].lower() != "is" or word not in _POLITE_WORDS


_OPTIONS_NAMED = re.compile(
    r"\s*\b(?:the\s+)?(?:options|choices|answers|answer choices)(?:\s+are)?\s*:\Z",
    re.IGNORECASE,
)


def _strip_options(text: str) -> str:
    """The question before its lettered options, if they are short and not code."""
    line = (_OPTION_LINE.search(text) or _NUMBERED_LINE.search(text)) if "\n" in text else None
    start = line.start() if line is not None else -1
    label = _OPTION_LABEL
    if start < 0:
        inline = _OPTION_INLINE.search(text) or _NUMBERED_INLINE.search(text)
        if inline is None and (" B " in text or " b " in text):
            inline = _OPTION_BARE.search(text)
            lower = inline is not None and inline.group(0).lstrip()[:3].islower()
            label = _OPTION_BARE_LOWER_LABEL if lower else _OPTION_BARE_LABEL
        if inline is None:
            return text
        start = inline.start()
    options = _ANSWER_CUE.sub("", text[start:])
    tail = options[-_LETTER_CUE_CHARS:].lower()
    if "letter" in tail or " one" in tail:
        options = _LETTER_CUE.sub("", options)
    labels = label.split(options)
    choices = [c.strip() for c in labels if c.strip()]
    if len(choices) < 2 or not text[:start].strip():
        return text
    if any(len(c.split()) > _OPTION_WORDS or _CODEY.search(c) for c in choices):
        return text
    stem = text[:start].rstrip()
    if stem[-1:] == ":":
        # (a label of the options after the question: "which planet is the red planet? options:
        # a. Venus ...")
        named = _OPTIONS_NAMED.sub("", stem)
        return named if named[-1:] == "?" else stem
    return stem


def _quotes(text: str) -> int:
    """How many quote marks ``text`` has: a quoted span needs two (an apostrophe is one)."""
    return len(_QUOTE_MARK.findall(text))


def _has_inline_b(text: str) -> bool:
    """A cheap test for a second inline option ("b)" or "b."), before the costly regex."""
    # (written out: a generator over the labels costs more than the tests themselves)
    return (
        " b)" in text
        or " b." in text
        or " B " in text
        or " b " in text
        or " B)" in text
        or " B." in text
        or "(b)" in text
        or "(B)" in text
        or " 2)" in text
        or " 2." in text
    )


def _strip_given(text: str) -> str:
    """An instruction on short given text keeps the instruction and stands the text in as 'x'."""
    if ":" not in text:
        formatted = _FORMAT_THEN_TEXT.match(text) or _FIX_THEN_TEXT.match(text)
        if formatted is not None:
            text = f"{formatted.group(1)}: {formatted.group(2)}"
    match = _GIVEN.match(text)
    if match is None or not _GIVEN_VERB.search(match.group(1).lower()):
        return text
    given = match.group(3)
    # (nor a format after an arrow, not text in it: "CSV -> JSON"; nor a phrase after a question's
    # mark that qualifies it: "sed to swap the first 2 fields in a csv? on every line")
    if (
        len(given.split()) > _GIVEN_WORDS
        or _codey(given)
        or _names_the_chat(given)
        or (match.group(2) != ":" and _FORMAT_ALONE.match(given))
        or (match.group(2) == "?" and _QUALIFIES_ASKED.match(given))
        or _names_no_text(given)
    ):
        return text
    if match.group(2) not in ":?" and not any(char.isalnum() for char in given):
        return text  # (no text after a dash or an arrow, only a mark: "fix → ?")
    # (a spreadsheet's range is no mark: "Unique count of A2:A500 → formula?")
    cells = match.group(2) == ":" and _CELL_RANGE.search(text) is not None
    if cells or (given[-1:] == "?" and ". " in given):
        # (the question follows the given word: "I keep misspelling this: accomodate. Right
        # spelling?")
        return text
    mark = match.group(2)
    if mark == "?" and ":" in given.lstrip(":"):
        # (a second instruction on its own text: "Any typos here? If so, rewrite it: ...")
        return _fixed_if_not(given) or text
    if mark not in ":?":
        # (after a dash, a question is the question: "dumb question - what's EOD?")
        if "?" in given:
            return text
        mark = ":"
    return f"{_strip_politeness(match.group(1))}{mark} 'x'"


def _fixed_if_not(given: str) -> str | None:
    """What a question on given text asks when an instruction to fix it follows, as "fix: 'x'"
    ("Is this sentence correct? If not, fix it: ..."); None for any other instruction.

    >>> _fixed_if_not("If not, fix it: Their late."), _fixed_if_not("If so, rewrite it: hi")
    ("fix: 'x'", None)
    """
    then = _FIX_IF_NOT.match(given)
    if then is None or _CODEY.search(then.group(2)):
        return None
    if len(then.group(2).split()) > _GIVEN_WORDS:
        return None
    return f"{then.group(1).lower()}: 'x'"


def _names_the_chat(given: str) -> bool:
    """Whether short "given" text only names something of the conversation or a document.

    >>> _names_the_chat("the list you gave me earlier"), _names_the_chat("my whole resume")
    (True, True)
    >>> _names_the_chat("he go to school"), _names_the_chat("my freind is nice")
    (False, False)
    >>> _names_the_chat("my contacts"), _names_the_chat("my bank transactions from last month")
    (True, True)
    >>> _names_the_chat("the notes from our meeting"), _names_the_chat("⚽📅 my pasted fixtures")
    (True, True)
    >>> _names_the_chat("that list"), _names_the_chat("same format"), _names_the_chat("that's it")
    (True, True, False)
    """
    if len(given.split()) > _NAMES_THE_CHAT_WORDS:
        return False
    lower = given.lower()
    return _NAMES_THE_CHAT.search(lower) is not None or _NAMES_YOURS.match(lower) is not None


def _codey(given: str) -> bool:
    """Whether given text, inside its quotes if it has them, looks like code (not records
    split by semicolons: "Plant: Boston fern; Water: weekly").

    >>> _codey('"import os"'), _codey("import os"), _codey('"I has a apple."')
    (True, True, False)
    >>> _codey("Plant: Boston fern; Water: weekly; Light: indirect"), _codey("a = 1; b = 2")
    (False, True)
    """
    inner = given.strip().strip("\"'“”‘’")
    if _RECORDS.fullmatch(inner) is not None:
        inner = inner.replace(";", ",")  # (code in a record is still code: "Query: SELECT ...")
    return _CODEY.search(inner) is not None


def _quote(match: re.Match[str]) -> str:
    """A quoted name becomes ``'x'``; a quote that looks like code stays for the code rules."""
    inner = match.group(0)
    if _CODEY.search(inner[1:-1]):
        return inner
    return "'x'"
