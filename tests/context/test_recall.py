"""BM25 over the dropped turns without tokenizing them."""

from __future__ import annotations

import pytest

from trooper.context import recall
from trooper.context.recall import bm25_scores, query_terms


def test_query_terms_skip_stopwords_and_prefer_identifiers() -> None:
    terms = query_terms("What was the rotation code for the staging_db on port 8080, please?")
    assert terms[:2] == [b"staging_db", b"8080"]
    assert b"the" not in terms and b"what" not in terms and b"please" not in terms
    assert b"rotation" in terms


def test_plurals_match_their_singular_as_a_word_prefix() -> None:
    docs = ["we deployed the proxy yesterday", "unrelated words here", "a deployment plan"]
    scores = bm25_scores(docs, [5, 3, 3], "any deploys left?")
    assert scores[0] > 0 and scores[2] > 0 and scores[1] == 0.0


def test_the_most_relevant_document_wins() -> None:
    docs = [
        "lunch plans for friday",
        "By the way, the rotation code for the staging database is ZEBRA-4417.",
        "the database migration ran fine",
        "code review comments on the router",
    ]
    scores = bm25_scores(docs, [4, 14, 5, 6], "What is the rotation code for the staging database?")
    assert max(range(4), key=lambda i: scores[i]) == 1
    assert scores[0] == 0.0


def test_cjk_queries_match_by_character_pairs() -> None:
    docs = ["部署在星期一", "天气很好", "the deploy is on monday"]
    scores = bm25_scores(docs, [4, 3, 5], "部署是什么时候？")
    assert scores[0] > 0 and scores[1] == 0.0


def test_terms_in_nearly_every_document_are_skipped() -> None:
    docs = ["token budget"] * 400 + ["the rare zebra"]
    scores = bm25_scores(docs, [2] * 401, "token zebra")
    assert scores[-1] > 0 and scores[0] == 0.0  # "token" is too common to count


def test_each_term_is_a_step_of_its_own() -> None:
    """A term in every document is counted to its cap within the first piece of the haystack,
    with no step of its own there: six such terms would be one long step."""
    query = "token budget zebra 4417 staging_db rotation"
    docs = [query] * 1000  # one piece of the haystack
    steps = recall.bm25_steps(docs, [6] * len(docs), query)
    assert len(query_terms(query)) == 6
    assert sum(1 for _ in steps) > 6


def test_empty_inputs() -> None:
    assert bm25_scores([], [], "anything") == []
    assert bm25_scores(["a b c"], [3], "the of and") == [0.0]


def test_scores_do_not_depend_on_how_the_documents_are_cut_into_pieces(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The haystack is built and searched a piece at a time (steps that give the event loop
    turns); pieces of one document each score exactly as one piece of all."""
    docs = [
        "deploy the staging cluster",
        "café naïve 日本語 deploy",
        "the staging password rotates",
        "",
        "DEPLOY deploy deploy",
    ] * 9
    lengths = [5, 4, 4, 1, 3] * 9
    query = "when do we deploy staging 日本語?"
    whole = recall.bm25_scores(docs, lengths, query)
    monkeypatch.setattr(recall, "_PIECE_CHARS", 1)
    assert recall.bm25_scores(docs, lengths, query) == whole
    assert any(whole)
