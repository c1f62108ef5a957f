"""The loaded spaCy pipeline: numpy's BLAS for its matrices, one BLAS thread while parsing, same parse."""

from __future__ import annotations

import spacy
from threadpoolctl import threadpool_info
from thinc.api import NumpyOps

from eventwire._spacy import DEFAULT_MODEL, EXCLUDE, keep_tokenizer_cache, load_nlp, one_blas_thread
from tests.conftest import EXAMPLES


def _analysis(nlp: spacy.language.Language, text: str) -> list[tuple[str, str, str, int]]:
    return [(t.text, t.tag_, t.dep_, t.head.i) for t in nlp(text)]


def test_models_multiply_with_numpy_not_blis() -> None:
    nlp = load_nlp()
    for name, proc in nlp.pipeline:
        ops = {(type(node.ops), node.ops.use_blis) for node in proc.model.walk()}
        assert ops == {(NumpyOps, False)}, name


def test_parse_is_the_same_as_with_thincs_blis() -> None:
    text = (EXAMPLES / "sudan-shelling.txt").read_text(encoding="utf-8")
    stock = spacy.load(DEFAULT_MODEL, exclude=list(EXCLUDE))
    assert {node.ops.use_blis for _n, p in stock.pipeline for node in p.model.walk()} == {True}
    with one_blas_thread():
        ours = _analysis(load_nlp(), text)
    assert len(ours) > 100
    assert ours == _analysis(stock, text)


def test_blas_runs_on_one_thread_only_while_parsing() -> None:
    def blas_threads() -> set[int]:
        return {lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"}

    before = blas_threads()
    with one_blas_thread():
        assert blas_threads() == {1}
    assert blas_threads() == before


def _tokens(doc: spacy.tokens.Doc) -> list[tuple[str, str, str, int, str, str, str]]:
    return [(t.text, t.norm_, t.whitespace_, t.idx, t.shape_, t.prefix_, t.suffix_) for t in doc]


def test_tokens_without_the_whitespace_special_cases_are_unchanged() -> None:
    stock = spacy.blank("en")
    ours = spacy.blank("en", vocab=stock.vocab)
    keep_tokenizer_cache(ours.tokenizer)
    assert "\n" in stock.tokenizer.rules and "\n" not in ours.tokenizer.rules
    assert "\xa0" in ours.tokenizer.rules  # it changes the norm: kept
    texts = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]
    texts.append("Tabs\tand  double  spaces,\n\n  indented lines \u00a0and non-breaking spaces.\n")
    assert len(texts) > 10
    for text in texts:
        assert _tokens(ours.tokenizer(text)) == _tokens(stock.tokenizer(text))


def test_warm_loads_everything_once_and_freezes_it_out_of_gc_scans() -> None:
    import gc

    from eventwire.pipeline import Pipeline

    pipe = Pipeline()
    gc.unfreeze()
    assert pipe.warm() is pipe
    assert {"nlp", "detector", "actors", "geocoder"} <= set(pipe._loaded)
    frozen = gc.get_freeze_count()
    assert frozen > 10_000  # the models' objects, not a handful
    gc.unfreeze()
    pipe.warm()  # already warm: no second collect-and-freeze
    assert gc.get_freeze_count() == 0
