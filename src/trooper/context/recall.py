"""BM25 relevance of the dropped turns to the current question, without tokenizing them.

Tokenizing a 200k-token middle costs more than the whole compaction may; but BM25 needs only the
query's terms. So the documents are joined into one lowercased byte string (punctuation turned
into spaces) and each query term is counted with ``bytes.count`` / ``bytes.find`` as a word
prefix (``b" deploy"`` also finds "deployed"): a crude stemmer for free.

    >>> docs = ["the deploy is on monday", "lunch plans", "we deployed the proxy"]
    >>> scores = bm25_scores(docs, [5, 2, 4], "when is the deploy?")
    >>> [round(s, 2) for s in scores]
    [0.41, 0.0, 0.45]
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from trooper.slices import Steps, drain

K1 = 1.2
B = 0.75
MAX_TERMS = 6
MIN_HITS_CAP = 32
"""A term found more than ``max(MIN_HITS_CAP, documents // 8)`` times is too common to tell
documents apart (its IDF is low) and too dear to locate: it is skipped."""
QUERY_CHARS = 4000

_STOP = frozenset(
    b"""the and for are but not you all any can had her was one our out has have him his how
    its let may new now old see two way who did get got use what when where which while with
    this that these those there their them then than they will would could should from into
    about above after again also been before being below between both does doing down during
    each few further here just more most other over same some such only own very your yours
    what's it's i'm let's don't please thanks thank tell know like want need make sure yes okay
    why whom whose because until upon ever even much many well still just said says say
    """.split()
)


def _normalizer() -> bytes:
    table = bytearray(b" " * 256)
    for c in b"abcdefghijklmnopqrstuvwxyz0123456789_":
        table[c] = c
    for c in b"ABCDEFGHIJKLMNOPQRSTUVWXYZ":
        table[c] = c + 32
    for c in range(0x80, 0x100):
        table[c] = c  # UTF-8 bytes of non-ASCII text are kept as they are
    return bytes(table)


_NORM = _normalizer()
_WORD = re.compile(rb"[a-z0-9_]+|[\x80-\xff]+")


def _encode(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass").translate(_NORM)


def _ngrams(run: bytes) -> list[bytes]:
    """Two-character pieces of a non-ASCII run (CJK has no spaces to split words on)."""
    chars = run.decode("utf-8", "ignore")
    if len(chars) <= 2:
        return [run]
    return [chars[i : i + 2].encode() for i in range(len(chars) - 1)]


def _candidates(text: str) -> list[bytes]:
    out: list[bytes] = []
    for word in _WORD.findall(_encode(text[:QUERY_CHARS])):
        if word[0] >= 0x80:
            out.extend(_ngrams(word))
        elif word not in _STOP and (len(word) >= 3 or word.isdigit()):
            is_plural = len(word) > 4 and word.endswith(b"s") and not word.endswith(b"ss")
            out.append(word[:-1] if is_plural else word)
    return out


def query_terms(text: str, limit: int = MAX_TERMS) -> list[bytes]:
    """The query's most telling terms: identifiers and numbers first, then the longest words."""
    unique = list(dict.fromkeys(_candidates(text)))

    def rank(term: bytes) -> tuple[int, int]:
        specific = any(c in b"0123456789_" for c in term) or term[0] >= 0x80
        return (0 if specific else 1, -len(term))

    return sorted(unique, key=rank)[:limit]


@dataclass(frozen=True, slots=True)
class _Piece:
    """Consecutive documents as one normalised byte string, each preceded by a space."""

    text: bytes
    first: int  # the index of its first document
    starts: list[int]  # where each of its documents starts in ``text``


def _hits(pieces: Sequence[_Piece], needle: bytes, cap: int) -> Steps[dict[int, int]]:
    """Term frequency per document; empty past ``cap`` hits. A step per piece. (A match never
    spans two documents: a needle has no space in it but its first byte.)"""
    found: dict[int, int] = {}
    step = len(needle)
    hits = 0
    for piece in pieces:
        text, starts = piece.text, piece.starts
        pos = text.find(needle)
        while pos >= 0:
            hits += 1
            if hits > cap:
                return {}
            doc = piece.first + bisect_right(starts, pos + 1) - 1
            found[doc] = found.get(doc, 0) + 1
            pos = text.find(needle, pos + step)
        yield
    return found


#: Characters of documents in one piece of the haystack: normalised, then searched, in one step.
_PIECE_CHARS = 64 * 1024


def _haystack(docs: Sequence[str]) -> Steps[list[_Piece]]:
    """The documents, normalised, in pieces of about ``_PIECE_CHARS``; a step per piece."""
    pieces: list[_Piece] = []
    first = 0
    while first < len(docs):
        last, size = first, 0
        while last < len(docs) and (size < _PIECE_CHARS or last == first):
            size += len(docs[last]) + 1
            last += 1
        batch = docs[first:last]
        joined = " " + " ".join(batch)
        starts, offset = [], 1
        if joined.isascii():  # byte offsets are character offsets
            for doc in batch:
                starts.append(offset)
                offset += len(doc) + 1
            text = joined.encode().translate(_NORM)
        else:
            encoded = [_encode(doc) for doc in batch]
            for chunk in encoded:
                starts.append(offset)
                offset += len(chunk) + 1
            text = b" " + b" ".join(encoded)
        pieces.append(_Piece(text, first, starts))
        first = last
        yield
    return pieces


def bm25_scores(docs: Sequence[str], lengths: Sequence[int], query: str) -> list[float]:
    """One BM25 score per document; ``lengths`` are the documents' sizes (tokens)."""
    return drain(bm25_steps(docs, lengths, query))


def bm25_steps(docs: Sequence[str], lengths: Sequence[int], query: str) -> Steps[list[float]]:
    """:func:`bm25_scores` in steps (see :mod:`trooper.slices`)."""
    scores = [0.0] * len(docs)
    terms = query_terms(query)
    if not docs or not terms:
        return scores
    yield
    pieces = yield from _haystack(docs)
    n = len(docs)
    avg = max(1.0, sum(lengths) / n)
    for term in terms:
        needle = term if term[0] >= 0x80 else b" " + term
        found = yield from _hits(pieces, needle, max(MIN_HITS_CAP, n // 8))
        if found:
            idf = math.log(1.0 + (n - len(found) + 0.5) / (len(found) + 0.5))
            for doc, tf in found.items():
                norm = K1 * (1.0 - B + B * lengths[doc] / avg)
                scores[doc] += idf * tf * (K1 + 1.0) / (tf + norm)
        yield  # a term found in every document is counted to its cap in its first piece
    return scores
