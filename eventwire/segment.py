"""Paragraph and sentence spans of a cleaned article.

Each newline-separated paragraph is split on its own by spaCy's rule-based ``sentencizer`` on a
blank English pipeline, with news abbreviations ("Lt.", "Gen.", "No.") added to the tokenizer,
opening quotes moved to the sentence they open, and "U.S. The ..." split. Boilerplate ranges are
cut out before splitting, so no sentence overlaps a boilerplate span.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Iterator, Sequence

from ._spacy import keep_tokenizer_cache
from .lexicon import read_tsv
from .types import Article, Provenance, Span

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

__all__ = ["paragraphs", "sentences", "split_sentences"]

_PROV = Provenance("segment", "sentencizer")
_OPENERS = frozenset("\"'([{“‘«")
_BATCH = 256


@lru_cache(maxsize=1)
def _rules() -> dict[str, frozenset[str]]:
    """Return the rule sets of ``data/segment_rules.tsv`` by kind (abbrev, final, starter)."""
    out: dict[str, set[str]] = {}
    for kind, value in read_tsv("segment_rules.tsv"):
        out.setdefault(kind, set()).add(value)
    return {k: frozenset(v) for k, v in out.items()}


@lru_cache(maxsize=4)
def _nlp(vocab: "Vocab | None" = None) -> "Language":
    """Return the blank English pipeline with a sentencizer, built once per vocabulary.

    Given the parser's vocabulary, each new word's lexeme (a dozen Python attribute getters) is
    built once per process instead of once in each pipeline; the tokenizer rules stay our own.
    """
    import spacy
    from spacy.attrs import ORTH

    nlp = spacy.blank("en", vocab=vocab if vocab is not None else True)
    abbrevs = sorted(_rules().get("abbrev", frozenset()) | _rules().get("final", frozenset()))
    keep_tokenizer_cache(nlp.tokenizer, {a: [{ORTH: a}] for a in abbrevs})
    nlp.add_pipe("sentencizer")
    return nlp


def paragraphs(article: Article) -> list[Span]:
    """Return PARAGRAPH spans (value = paragraph index), one per non-blank line, stripped."""
    return [
        Span(s, e, article.text[s:e], "PARAGRAPH", i, Provenance("segment", "newline"))
        for i, (s, e) in enumerate(_line_ranges(article.text))
    ]


def _line_ranges(text: str) -> Iterator[tuple[int, int]]:
    """Yield (start, end) of each non-blank line, without surrounding whitespace."""
    for m in re.finditer(r"[^\n]+", text):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            yield s, e


def _minus(start: int, end: int, holes: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Return the parts of ``[start, end)`` not covered by the sorted ``holes``."""
    parts = []
    pos = start
    for hs, he in holes:
        if he <= pos or hs >= end:
            continue
        if hs > pos:
            parts.append((pos, hs))
        pos = max(pos, he)
    if pos < end:
        parts.append((pos, end))
    return parts


def sentences(article: Article, vocab: "Vocab | None" = None) -> list[Span]:
    """Return SENTENCE spans (value = paragraph index) outside boilerplate, stripped.

    ``vocab``: a spaCy vocabulary to share (the pipeline passes its parser's)."""
    text = article.text
    holes = sorted((b.start, b.end) for b in article.boilerplate)
    pieces: list[tuple[int, int, int]] = []  # start, end, paragraph index
    for idx, (s, e) in enumerate(_line_ranges(text)):
        for ps, pe in _minus(s, e, holes):
            pieces.append((ps, pe, idx))
    out: list[Span] = []
    for (start, _end, idx), bounds in zip(pieces, _split_many([text[s:e] for s, e, _ in pieces], vocab)):
        for bs, be in bounds:
            out.append(Span(start + bs, start + be, text[start + bs : start + be], "SENTENCE", idx, _PROV))
    return out


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return (start, end) sentence ranges of one paragraph of text, stripped of whitespace."""
    return next(iter(_split_many([text])))


def _split_many(texts: list[str], vocab: "Vocab | None" = None) -> Iterator[list[tuple[int, int]]]:
    """Yield the stripped sentence ranges of each text, running the pipeline in batches.

    A text with no sentence punctuation before its final run of it is one sentence, so it skips the
    tokenizer (over half the paragraphs of a news article)."""
    single = [_one_sentence(t) for t in texts]
    split = iter(_nlp(vocab).pipe([t for t, one in zip(texts, single) if not one], batch_size=_BATCH))
    for text, one in zip(texts, single):
        if one:
            s, e = len(text) - len(text.lstrip()), len(text.rstrip())
            yield [(s, e)] if e > s else []
        else:
            yield _ranges(next(split), text)


_FINAL_RUN = ".!?\"'\u201d\u2019)]"


def _one_sentence(text: str) -> bool:
    """True when the sentencizer cannot split ``text``: no sentence punctuation before its final run of
    closing punctuation (a boundary needs such a token followed by a word) and no newline."""
    body = text.rstrip().rstrip(_FINAL_RUN)
    return "\n" not in body and _sentence_punct().search(body) is None


@lru_cache(maxsize=1)
def _sentence_punct() -> re.Pattern[str]:
    """A character class of what spaCy's sentencizer ends sentences at (its default list)."""
    from spacy.pipeline import Sentencizer

    chars = sorted(set("".join(Sentencizer.default_punct_chars)))
    return re.compile("[" + "".join(re.escape(c) for c in chars) + "]")


def _ranges(doc: "Doc", text: str) -> list[tuple[int, int]]:
    """Return stripped sentence char ranges of a doc after the news-specific boundary fixes.

    ``text`` is the doc's text (``doc.text`` would rebuild it token by token)."""
    starts = _sentence_starts(doc)
    starts = _split_after_final_abbrev(doc, starts, text)
    starts = _move_openers(doc, starts)
    out = []
    for i, tok_start in enumerate(starts):
        tok_end = starts[i + 1] if i + 1 < len(starts) else len(doc)
        s = doc[tok_start].idx
        e = doc[tok_end - 1].idx + len(doc[tok_end - 1])
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def _sentence_starts(doc: "Doc") -> list[int]:
    """Return the token index of each sentence start, as ``doc.sents`` gives them, read from one
    array instead of building a Span per sentence."""
    from spacy.attrs import SENT_START

    if not len(doc):
        return []
    flags = doc.to_array(SENT_START)
    return [0] + [int(i) for i in (flags[1:] == 1).nonzero()[0] + 1]


def _split_after_final_abbrev(doc: "Doc", starts: list[int], text: str) -> list[int]:
    """Add a boundary after "U.S."-like abbreviations followed by a sentence-opening word."""
    finals, starters = _rules().get("final", frozenset()), _rules().get("starter", frozenset())
    if not any(f in text for f in finals):  # most paragraphs: no token walk
        return starts
    extra = [
        t.i + 1
        for t in doc[:-1]
        if t.text in finals and t.whitespace_ and doc[t.i + 1].text in starters
    ]
    return sorted(set(starts) | set(extra)) if extra else starts


def _move_openers(doc: "Doc", starts: list[int]) -> list[int]:
    """Move opening quotes/brackets left at the end of a sentence to the start of the next."""
    fixed: list[int] = []
    for b in starts:
        prev = fixed[-1] if fixed else 0
        while b - 1 > prev and _is_opener(doc, b - 1):
            b -= 1
        if not fixed or b > prev:
            fixed.append(b)
    return fixed


def _is_opener(doc: "Doc", i: int) -> bool:
    """Return True for a quote or bracket token glued to the next token and preceded by a space."""
    tok = doc[i]
    if tok.text not in _OPENERS or tok.whitespace_:
        return False
    return i == 0 or bool(doc[i - 1].whitespace_)
