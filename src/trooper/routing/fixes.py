"""A request to put right the spelling or grammar of a text given in the turn, in any words.

``[local.text_fixes]``'s patterns read a fix asked only in fixing's own words ("correct the
grammar: 'x'"), so "Could you please correct the mistakes in this note for our house-sitter:
'x'", "Would you kindly go over this invitation and put right any spelling or grammar slips:
'x'" or "sign for the charity shop door, fix: 'x'" went to the cloud. This reader takes the
question's words one by one (the question reader has stood the given text in as 'x'): one given
text, a word that asks for a fix of language (a typo, the spelling, proofreading) or a verb of
fixing and what it fixes (the mistakes, a note, a sign, an invitation), at most
:data:`FREE_WORDS` words of the turn's own (whom the text is for, where it goes) and no word that
asks more than the fix (a tone, an explanation, a translation, a reply).

    >>> given_fix("correct the mistakes in this note for our house-sitter: 'x'")
    True
    >>> given_fix("fix 'x'"), given_fix("fix this error: 'x'")
    (False, False)
    >>> given_fix("CORS error No 'x' header?")
    False
    >>> given_fix("fix the mistakes and make it sound more formal: 'x'")
    False
    >>> given_fix("check my message to the tailor for mistakes? 'x'")
    True
    >>> given_fix("check my message 'x'")
    False

The classifier asks it only about a turn no rule read (no cloud group matched it either).
"""

from __future__ import annotations

import re

#: How many words of the turn's own it may hold ("house-sitter", "charity shop door")
FREE_WORDS = 3
_MAX_WORDS = 24
_WORD = re.compile(r"[a-z]+(?:['’-][a-z]+)*")
# a fix asked of language ...
_LANGUAGE = frozenset(
    (
        *("typo", "typos", "spelling", "spellings", "grammar", "grammatical", "punctuation"),
        *("proofread", "proofreading", "slips", "misspellings", "spelt", "spelled"),
        *("misspelled", "misspelt"),
    )
)
# ... or of mistakes or a piece of writing, with a verb of fixing (errors alone are no fix of
# language: "CORS error No 'x' header?", "fix this error: 'x'")
_MISTAKES = frozenset(("mistake", "mistakes"))
_WRITING = frozenset(
    (
        *("note", "sign", "notice", "message", "invitation", "invite", "poster", "caption"),
        *("card", "letter", "sentence", "paragraph", "post", "tweet", "bio", "label", "flyer"),
        *("announcement", "headline", "menu", "leaflet", "wording", "text", "line", "sentences"),
    )
)
_FIXING = frozenset(
    (
        *("fix", "fixing", "fixed", "correct", "correcting", "corrected", "correction"),
        *("corrections", "proofread", "proofreading", "tidy", "tidying", "right"),
    )
)
# the request's own words (what is left besides them and the given text is the turn's own)
_REQUEST = (
    _LANGUAGE
    | _MISTAKES
    | _WRITING
    | _FIXING
    | frozenset(
        (
            *(
                "can",
                "could",
                "would",
                "you",
                "u",
                "please",
                "pls",
                "plz",
                "kindly",
                "mind",
                "help",
            ),
            *("me", "i", "my", "our", "we", "this", "these", "that", "the", "a", "an", "in", "on"),
            *("of", "for", "to", "it", "its", "them", "up", "over", "go", "put", "any", "all"),
            *("and", "or", "some", "there", "here", "is", "are", "be", "should", "how", "what"),
            *("with", "make", "check", "look", "through", "before", "just", "quick", "quickly"),
            *("thanks", "thank", "cheers", "hi", "hello", "hey", "clean", "version", "wrote"),
            *("written", "possible", "if", "so", "out", "find", "spot", "sort", "b4", "goes"),
            *("error", "errors"),
        )
    )
)
# what asks more than the fix: a tone, an explanation, a translation, a reply, a rewrite
_MORE = frozenset(
    (
        *("why", "explain", "explanation", "mean", "means", "meaning", "translate"),
        *("translation", "formal", "informal", "professional", "polite", "politely"),
        *("shorter", "longer", "tone", "better", "improve", "nicer", "persuasive", "funnier"),
        *("sound", "sounds", "summarise", "summarize", "expand", "continue", "reply"),
        *("respond", "answer", "rewrite", "rephrase", "reword", "code", "script", "function"),
        *("bug", "compile", "program", "query", "formula", "regex", "html", "css", "sql"),
    )
)


def given_fix(text: str) -> bool:
    """Whether ``text`` asks to put a given text's language right (see above)."""
    if text.count("'x'") != 1:
        return False
    words = _WORD.findall(text.replace("'x'", " ").lower())
    if len(words) > _MAX_WORDS or not _MORE.isdisjoint(words):
        return False
    # (a text checked for mistakes is one to fix: "Could you check my message to the tailor for
    # mistakes? 'x'")
    fixing = not _FIXING.isdisjoint(words) or ("check" in words and not _MISTAKES.isdisjoint(words))
    named = not (_WRITING.isdisjoint(words) and _MISTAKES.isdisjoint(words))
    if _LANGUAGE.isdisjoint(words) and not (fixing and named):
        return False
    return sum(word not in _REQUEST for word in words) <= FREE_WORDS
