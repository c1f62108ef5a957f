"""The public Python surface: names, the extract call, pickling for distributed workers, stage order."""

from __future__ import annotations

import datetime as dt
import pickle

import pytest

import eventwire
from eventwire.errors import ConfigError, InputError
from eventwire.pipeline import STAGES, Pipeline, Stage, check_order

TEXT = ("KABUL, May 3 (Reuters) - Taliban fighters attacked a police checkpoint in Kunduz province on "
        "Sunday, killing four officers, the interior ministry said.")


def test_public_names_are_exactly_the_documented_ones():
    assert sorted(eventwire.__all__) == sorted(
        ["Article", "Event", "Evidence", "Provenance", "Span", "Pipeline", "extract", "load_pipeline"])
    for name in eventwire.__all__:
        assert getattr(eventwire, name) is not None


def test_extract_stays_callable_after_the_extract_subpackage_is_imported():
    import eventwire.extract.counts  # noqa: F401  (importing a submodule must not shadow the function)

    article, events = eventwire.extract(TEXT, published=dt.date(2021, 5, 4))
    assert isinstance(article, eventwire.Article)
    assert events and events[0].event_date == "2021-05-02"


def test_load_pipeline_is_built_once_per_process():
    assert eventwire.load_pipeline() is eventwire.load_pipeline()


def test_pipeline_pickles_and_works_after_unpickling():
    pipe = eventwire.load_pipeline()
    copy = pickle.loads(pickle.dumps(pipe))
    assert isinstance(copy, Pipeline) and copy.model == pipe.model
    a1, e1 = pipe.extract(TEXT, published="2021-05-04")
    a2, e2 = copy.extract(TEXT, published="2021-05-04")
    assert [e.to_dict() for e in e1] == [e.to_dict() for e in e2]


def test_events_pickle_and_round_trip_through_their_flat_record():
    _, events = eventwire.extract(TEXT, published=dt.date(2021, 5, 4))
    for e in events:
        assert pickle.loads(pickle.dumps(e)) == e
        assert eventwire.Event.from_dict(e.to_dict()) == e


def test_batch_path_gives_the_same_events_as_one_by_one():
    pipe = eventwire.load_pipeline()
    texts = [TEXT, "The weather was mild in Lisbon on Sunday.", "",
             "Gunmen abducted six farmers near Tsafe on Monday, police said."]
    batch = list(pipe.extract_many((t, {"published": "2021-05-04"}) for t in texts))
    assert isinstance(batch[2], InputError)  # the empty text is refused, the batch goes on
    for text, res in zip(texts, batch):
        if isinstance(res, InputError):
            continue
        _, one = pipe.extract(text, published="2021-05-04")
        assert [e.to_dict() for e in res[1]] == [e.to_dict() for e in one]


def test_stage_order_is_checked_at_start_up():
    check_order(STAGES)
    shuffled = (STAGES[2],) + STAGES[:2] + STAGES[3:]
    with pytest.raises(ConfigError):
        Pipeline(stages=shuffled)


def test_a_stage_reading_an_unwritten_attribute_is_refused():
    ghost = Stage("ghost", ("nothing_writes_this",), ("events",), lambda p, a: None)
    with pytest.raises(ConfigError):
        check_order(STAGES + (ghost,))


def test_bad_publication_date_is_a_clear_input_error():
    with pytest.raises(InputError):
        eventwire.extract(TEXT, published="15/10/2024")


def test_a_far_past_sentence_is_rejected_before_the_parse():
    pipe = eventwire.load_pipeline()
    text = TEXT + " In 2019, militants killed 20 people in the same district."
    analysis = pipe.analyse(pipe.clean(text, published="2021-05-04"))
    assert [(s.text[:8], reason) for s, reason in analysis.rejected] == [("In 2019,", "history 'In 2019'")]
    assert [c.sentence.text[:6] for c in analysis.candidates] == ["KABUL,"]  # the only sentence parsed
    assert len(analysis.docs) == len(analysis.lexical) == 1
    assert [e.fatalities for e in analysis.events] == [4]
