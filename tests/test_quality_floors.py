"""Quality floors in CI: the real pipeline on the dev set must not drop below quality-floors.json.

The slow tests run the whole harness (marked ``slow``, but CI runs them: do not deselect). The
floor logic itself is tested fast with a fake pipeline.
"""

from __future__ import annotations

import json

import pytest

from eventwire._eval_floors import (
    FLOOR_FIGURES,
    check_floors,
    corpus_paths,
    fingerprint,
    load_floors,
    raise_floors,
)
from eventwire._eval_gold import gold_doc
from eventwire.evaluate import EvalResult, evaluate, load_docs
from tests.conftest import ROOT, shared_path
from tests.eval_fakes import FakePipeline, make_event

FLOORS = ROOT / "quality-floors.json"


@pytest.fixture(scope="module")
def dev_result() -> EvalResult:
    """Return the harness run with the real pipeline over the floors' corpus (the shared dev gold)."""
    shared_path("data", "gold", "dev.jsonl")
    import eventwire

    pipe = eventwire.load_pipeline()
    paths = corpus_paths(load_floors(FLOORS), ROOT)
    for p in paths:
        if not p.exists():
            pytest.skip(f"{p} not available")
    return evaluate(load_docs(paths), pipe, progress=False, sources=[str(p) for p in paths])


@pytest.mark.slow
def test_dev_set_figures_hold_their_floors(dev_result: EvalResult) -> None:
    failures = check_floors(dev_result, load_floors(FLOORS))
    assert not failures, "below quality floor:\n" + "\n".join(failures) + "\n" + dev_result.score_line()


@pytest.mark.slow
def test_dev_set_runs_without_pipeline_crashes(dev_result: EvalResult) -> None:
    crashed = [(r.doc.id, r.error) for r in dev_result.rows if r.crashed]
    assert not crashed, crashed[:5]


def test_floors_were_set_on_this_gold_corpus() -> None:
    corpus = load_floors(FLOORS)["corpus"]
    for rel, digest in corpus.items():
        path = (ROOT / rel).resolve()
        if not path.exists():
            pytest.skip(f"{path} not available")
        assert fingerprint(path) == digest, f"{rel} changed: re-measure the floors on the new corpus"


def test_floor_file_is_well_formed() -> None:
    data = load_floors(FLOORS)
    assert set(data["targets"]) <= set(FLOOR_FIGURES)
    for scope, table in data["floors"].items():
        for name, value in table.items():
            assert 0.0 <= value <= 1.0, (scope, name)


TEXT = "Militants shelled the town of Kafr Nabl on Friday, killing five people."
ROW = {"id": "t-1", "dataset": "ACLED", "text": TEXT, "publication_date": None,
       "gold": {"event_date": "2019-05-03", "event_type": "Explosions/Remote violence",
                "sub_event_type": "Shelling/artillery/missile attack", "country": "Syria",
                "fatalities": 5}}


def _result(fatalities: int) -> EvalResult:
    ev = make_event(TEXT, "shelled", event_type="Explosions/Remote violence",
                    sub_event_type="Shelling/artillery/missile attack", event_date="2019-05-03",
                    country="Syria", iso3="SYR", fatalities=fatalities)
    return evaluate([gold_doc(ROW)], FakePipeline({TEXT: [ev]}), progress=False)


def test_check_floors_flags_a_drop_and_a_vanished_figure() -> None:
    floors = {"floors": {"overall": {"fatalities": 0.9, "type": 0.5},
                         "ACLED": {"date": 1.0}, "articles": {"event_f1": 0.5}}}
    assert check_floors(_result(5), {"floors": {"overall": {"fatalities": 0.9}}}) == []
    failures = check_floors(_result(4), floors)
    assert any(f.startswith("overall.fatalities: 0.000") for f in failures)
    assert any(f.startswith("articles.event_f1: na") for f in failures)
    assert not any("type" in f or "date" in f for f in failures)


def test_raise_floors_never_lowers_unless_asked() -> None:
    floors = {"floors": {"overall": {"fatalities": 0.5, "type": 0.2}}}
    raised = raise_floors(_result(4), floors, margin=0.02)  # fatalities measured 0, type 1 (n=1)
    assert raised["floors"]["overall"]["fatalities"] == 0.5
    assert raised["floors"]["overall"]["type"] == 0.2  # 1 - 0.02 - 1/1 < 0.2: kept
    big = evaluate([gold_doc({**ROW, "id": f"t-{i}"}) for i in range(50)],
                   FakePipeline({TEXT: [make_event(TEXT, "shelled", fatalities=5,
                                                   event_type="Explosions/Remote violence")]}),
                   progress=False)
    assert raise_floors(big, floors, margin=0.02)["floors"]["overall"]["type"] == 0.96
    assert raise_floors(_result(4), floors, allow_lower=True)["floors"]["overall"]["fatalities"] == 0.0
    assert floors["floors"]["overall"]["type"] == 0.2  # input untouched
    json.dumps(raised)
