"""Tests of the evaluation harness (eventwire.evaluate) against a fake pipeline.

The fake pipeline returns hand-built Events, so matching and metrics are tested independently of
the real pipeline's quality. Texts here are written for the tests.
"""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire._eval_compare import (
    actor_keys,
    country_iso3,
    date_checks,
    fallback_actor_keys,
    haversine_km,
    same_actor,
    same_admin1,
    same_country,
)
from eventwire._eval_gold import gold_doc, gtd_acled_type, read_gold
from eventwire._eval_match import assign_max_similarity, assign_min_cost
from eventwire._eval_report import show_errors
from eventwire.errors import InputError
from eventwire.evaluate import (
    SCORE_FIGURES,
    default_gold_paths,
    evaluate,
    load_docs,
    predicted_ucdp_type,
    weighted_f1,
)
from eventwire.types import Event
from tests.conftest import ROOT, shared_path
from tests.eval_fakes import FakePipeline, make_event

SCORE_RE = re.compile(
    r"^SCORE n=\d+" + "".join(rf" {k}=(?:na|[01]\.\d{{3}})" for k in SCORE_FIGURES[1:]) + "$"
)


# ---------------------------------------------------------------- gold and predictions


ARTICLE = (
    "KADUNA: Gunmen killed four farmers in Dogon Daji village on Monday, police said.\n"
    "Troops later clashed with the gunmen near Birnin Gwari, killing two of them.\n"
    "Related: Police deny reports of a curfew in the city.\n"
    "Last year bandits abducted dozens of pupils in the region."
)
ARTICLE_ROW = {
    "id": "t-art-1",
    "publication_date": "2023-03-14",
    "text": ARTICLE,
    "events": [
        {"role": "main", "event_type": "Violence against civilians", "sub_event_type": "Attack",
         "event_date": "2023-03-13", "actor1": "Gunmen", "actor2": "Civilians (Nigeria)",
         "country": "Nigeria", "admin1": "Kaduna", "location": "Dogon Daji", "latitude": 10.9,
         "longitude": 7.2, "fatalities": 4,
         "evidence": "Gunmen killed four farmers in Dogon Daji village on Monday"},
        {"role": "main", "event_type": "Battles", "sub_event_type": "Armed clash",
         "event_date": "2023-03-13", "actor1": "Military Forces of Nigeria (2015-2023)",
         "actor2": "Gunmen", "country": "Nigeria", "admin1": "Kaduna State",
         "location": "Birnin Gwari", "latitude": 10.66, "longitude": 6.54, "fatalities": 2,
         "evidence": "Troops later clashed with the gunmen near Birnin Gwari, killing two of them."},
    ],
    "non_events": ["Related: Police deny reports of a curfew in the city."],
    "excluded_events": [{"evidence": "Last year bandits abducted dozens of pupils in the region.",
                         "reason": "year-level date"}],
}


def article_events(good_second: bool = True) -> list[Event]:
    """Return predictions for ARTICLE: one right attack, a clash, a false alarm and a neutral one."""
    t = ARTICLE
    return [
        make_event(t, "killed four farmers", event_type="Violence against civilians",
                   sub_event_type="Attack", event_date="2023-03-13",
                   actor1="Unidentified Armed Group (Nigeria)",
                   actor2="Civilians (Nigeria)", country="Nigeria", iso3="NGA", admin1="Kaduna",
                   latitude=10.91, longitude=7.21, fatalities=4),
        make_event(t, "clashed", event_date="2023-03-13" if good_second else "2023-03-10",
                   actor1="Gunmen", actor2="Military Forces of Nigeria (2015-2023)",
                   country="Nigeria", iso3="NGA", admin1="Kaduna", latitude=10.7, longitude=6.5,
                   fatalities=2 if good_second else 5),
        make_event(t, "curfew", event_type="Protests", sub_event_type="Protest with intervention",
                   event_date="2023-03-14", country="Nigeria", iso3="NGA"),
        make_event(t, "abducted", event_type="Violence against civilians",
                   sub_event_type="Abduction/forced disappearance", event_date="2022-06-15",
                   country="Nigeria", iso3="NGA"),
    ]


def single_row(rid: str, dataset: str, text: str, **gold: Any) -> dict[str, Any]:
    g = {"event_date": None, "event_type": None, "sub_event_type": None, "actor1": None,
         "actor2": None, "country": None, "admin1": None, "location": None, "latitude": None,
         "longitude": None, "fatalities": None, "wounded": None}
    g.update(gold)
    extra = g.pop("extra", {})
    return {"id": rid, "dataset": dataset, "text": text, "publication_date": None, "gold": g,
            "gold_extra": extra}


# ---------------------------------------------------------------- assignment


def brute_min_cost(cost: list[list[float]]) -> float:
    n, m = len(cost), len(cost[0])
    if n <= m:
        return min(sum(cost[i][p[i]] for i in range(n)) for p in itertools.permutations(range(m), n))
    return min(sum(cost[p[j]][j] for j in range(m)) for p in itertools.permutations(range(n), m))


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 5).flatmap(lambda n: st.integers(1, 5).flatmap(
    lambda m: st.lists(st.lists(st.integers(-20, 20), min_size=m, max_size=m), min_size=n, max_size=n))))
def test_assign_min_cost_is_optimal_and_one_to_one(cost: list[list[int]]) -> None:
    pairs = assign_min_cost(cost)
    rows, cols = [i for i, _ in pairs], [j for _, j in pairs]
    assert len(pairs) == min(len(cost), len(cost[0]))
    assert len(set(rows)) == len(rows) and len(set(cols)) == len(cols)
    assert sum(cost[i][j] for i, j in pairs) == brute_min_cost(cost)


def test_assign_max_similarity_prefers_total_and_drops_weak_pairs() -> None:
    # Greedy would take (0,0)=0.9 and leave row 1 with 0.1; the optimum pairs 0-1 and 1-0.
    sim = [[0.9, 0.8], [0.85, 0.1]]
    assert sorted((i, j) for i, j, _ in assign_max_similarity(sim)) == [(0, 1), (1, 0)]
    # A pair under the threshold is not kept, and cannot displace a usable pair.
    sim = [[0.9, 0.3], [0.35, 0.0]]
    assert [(i, j) for i, j, _ in assign_max_similarity(sim, 0.4)] == [(0, 0)]
    assert assign_max_similarity([], 0.4) == []


# ---------------------------------------------------------------- field comparisons


def test_country_names_of_all_three_schemes_resolve() -> None:
    assert country_iso3("DR Congo (Zaire)") == "COD"
    assert country_iso3("Yemen (North Yemen)") == "YEM"
    assert country_iso3("West Bank and Gaza Strip") == "PSE"
    assert country_iso3("Netherlands") == "NLD"
    assert same_country("Burkina Faso", "BFA", "Burkina Faso")
    assert same_country("Myanmar", None, "Myanmar (Burma)")
    assert same_country("Iraq", "IRQ", "Syria") is False
    assert same_country(None, None, None) is None


def test_admin1_and_dates_and_distance() -> None:
    assert same_admin1("Kandahar", "Kandahar province")
    assert same_admin1("Kaduna", "Kaduna State")
    assert same_admin1("Sahel", "Centre-Nord") is False
    assert same_admin1(None, "Sahel") is False and same_admin1("Sahel", None) is None
    assert date_checks("2021-04-09", "2021-04-09") == (True, True)
    assert date_checks("2021-04-10", "2021-04-09") == (False, True)
    assert date_checks("2021-04-12", "2021-04-09") == (False, False)
    assert date_checks("2019-06-20", "2019-06") == (True, True)  # month-precision gold
    assert date_checks("2016-04-14", "2016-04-12", ("2016-04-12", "2016-04-14")) == (False, True)
    assert date_checks(None, "2021-04-09") == (False, False) and date_checks("2021-01-01", None) is None
    # Baghdad to Basra is about 450 km.
    assert 430 < haversine_km(33.31, 44.36, 30.51, 47.78) < 470


def test_actor_alias_normalisation() -> None:
    assert same_actor("Islamic State of Iraq and the Levant (ISIL)", "ISIL", "IRQ")
    assert same_actor("Military Forces of Iraq (2022-)", "Government of Iraq", "IRQ")
    assert same_actor("Unknown", "Unidentified Armed Group (Nigeria)", "NGA")
    assert not same_actor("Taliban", "Islamic State", "AFG")
    assert not same_actor("Military Forces of Iraq (2022-)", "Military Forces of Syria (2000-)")
    assert actor_keys(None) == frozenset() and not same_actor(None, None)


def test_actor_fallback_normalisation_without_the_lexicon() -> None:
    keys = fallback_actor_keys
    assert keys("Islamic State of Iraq and the Levant (ISIL)") & keys("ISIL")
    assert keys("Military Forces of Iraq (2022-)") & keys("Government of Iraq")
    assert keys("Unknown") == keys("Gunmen") == keys("Unidentified Armed Group (Nigeria)")
    assert not keys("Taliban") & keys("Islamic State")
    assert not keys("Military Forces of Iraq (2022-)") & keys("Military Forces of Syria (2000-)")


def test_actor_lexicon_keys_are_used_when_installed() -> None:
    pytest.importorskip("eventwire.resolve.actors")
    # ACLED lists alternatives with "and/or": either actor agrees.
    gold = "JNIM: Group for Support of Islam and Muslims and/or Islamic State (Greater Sahara)"
    assert same_actor(gold, "Islamic State (Greater Sahara)", "BFA")
    assert same_actor("Iraqi security forces", "Military Forces of Iraq (2014-)", "IRQ")
    assert same_actor("Taleban", "Taliban", "AFG")


def test_weighted_f1_matches_hand_computation() -> None:
    pairs = [("A", "A"), ("A", "B"), ("B", "B"), ("B", "B"), ("C", None)]
    # A: p=1, r=.5, f1=2/3 (support 2); B: p=2/3, r=1, f1=.8 (2); C: 0 (1).
    assert weighted_f1(pairs) == pytest.approx((2 * 2 / 3 + 2 * 0.8) / 5)
    assert weighted_f1([]) is None


def test_gtd_type_map_keeps_only_unambiguous_types() -> None:
    assert gtd_acled_type("Bombing/Explosion", "Military") == "Explosions/Remote violence"
    assert gtd_acled_type("Hostage Taking (Kidnapping)", "Business") == "Violence against civilians"
    assert gtd_acled_type("Armed Assault", "Private Citizens & Property") == "Violence against civilians"
    assert gtd_acled_type("Armed Assault", "Military") == "Battles"
    assert gtd_acled_type("Armed Assault", "Business") is None
    assert gtd_acled_type("Assassination", "Government (General)") is None
    assert gtd_acled_type("Unknown", "Military") is None


def test_predicted_ucdp_type_follows_codebook() -> None:
    state = {"event_type": "Battles", "actor1": "Military Forces of Syria", "actor1_type": "State forces",
             "actor2": "IS", "actor2_type": "Rebel group"}
    assert predicted_ucdp_type(state) == 1
    assert predicted_ucdp_type({**state, "actor1_type": "Rebel group", "actor1": "HTS"}) == 2
    assert predicted_ucdp_type({"event_type": "Violence against civilians", "actor1": "IS",
                                "actor1_type": "Rebel group", "actor2": "Civilians (Syria)",
                                "actor2_type": "Civilians"}) == 3
    assert predicted_ucdp_type({"event_type": "Protests", "sub_event_type": "Peaceful protest"}) is None


# ---------------------------------------------------------------- gold reading


def test_read_gold_both_shapes(tmp_path: Path) -> None:
    p = tmp_path / "g.jsonl"
    rows = [single_row("gtd-1", "GTD", "A bomb exploded.", event_type="Bombing/Explosion",
                       extra={"targtype1_txt": "Military"}),
            single_row("u-1", "UCDP-GED", "Clashes kill 5", event_type="non-state conflict",
                       event_date="2016-04-12", extra={"date_end": "2016-04-14"}),
            ARTICLE_ROW]
    p.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    docs = list(read_gold(p))
    assert [d.dataset for d in docs] == ["GTD", "UCDP", "articles"]
    assert docs[0].events[0].event_type == "Explosions/Remote violence"
    assert docs[1].events[0].ucdp_type == 2 and docs[1].events[0].date_end == "2016-04-14"
    art = docs[2]
    assert not art.single and len(art.events) == 2
    s, e = art.events[1].spans[0]
    assert ARTICLE[s:e].startswith("Troops later clashed")
    assert ARTICLE[slice(*art.non_events[0])].startswith("Related:")
    assert ARTICLE[slice(*art.excluded[0])].startswith("Last year")


def test_gold_json_with_sibling_text(tmp_path: Path) -> None:
    row = {k: v for k, v in ARTICLE_ROW.items() if k != "text"}
    (tmp_path / "x.gold.json").write_text(json.dumps(row))
    (tmp_path / "x.txt").write_text(ARTICLE)
    (doc,) = read_gold(tmp_path / "x.gold.json")
    assert doc.text == ARTICLE and doc.events[0].spans
    with pytest.raises(InputError):
        gold_doc({"id": "bad"})


def test_shared_gold_files_read_completely() -> None:
    dev = shared_path("data", "gold", "dev.jsonl")
    docs = list(read_gold(dev))
    assert len(docs) == sum(1 for line in dev.open() if line.strip())
    assert {d.dataset for d in docs} == {"ACLED", "GTD", "UCDP"}
    arts = list(read_gold(shared_path("examples", "articles-dev.jsonl")))
    # Every evidence / non-event fragment is verbatim text, so every one must be located.
    for d in arts:
        for e in d.events:
            assert e.spans, (d.id, e.event_type)


# ---------------------------------------------------------------- matching and figures


def test_article_matching_counts_hits_misses_false_alarms_and_neutral() -> None:
    doc = gold_doc(ARTICLE_ROW)
    res = evaluate([doc], FakePipeline({ARTICLE: article_events()}), progress=False)
    (row,) = res.rows
    assert len(row.pairs) == 2 and not row.missed
    assert [p["event_type"] for p in row.false_alarms] == ["Protests"]
    assert row.neutral == 1 and row.non_event_hits == 1
    f = res.figures("articles")
    assert f["event_precision"].value == pytest.approx(2 / 3)
    assert f["event_recall"].value == 1.0
    assert f["event_f1"].value == pytest.approx(0.8)
    assert f["non_events_coded"].value == 1.0
    assert f["type"].value == 1.0 and f["date"].value == 1.0 and f["fatalities"].value == 1.0
    # Actor order carries no meaning outside VAC: the swapped clash sides still agree.
    assert f["actor1"].value == 1.0 and f["actor2"].value == 1.0
    assert f["km25"].value == 1.0 and f["admin1"].value == 1.0 and f["role"].value == 1.0
    assert f["detected"].value is None  # no single-event row


def test_article_wrong_fields_are_counted_wrong() -> None:
    doc = gold_doc(ARTICLE_ROW)
    res = evaluate([doc], FakePipeline({ARTICLE: article_events(good_second=False)}), progress=False)
    f = res.figures("articles")
    assert f["date"].value == 0.5 and f["fatalities"].value == 0.5
    assert f["fatalities_mae"].value == pytest.approx(1.5)
    text = show_errors(res, 1)
    assert "t-art-1" in text and "false alarm" in text


def test_article_with_nothing_predicted_is_all_misses() -> None:
    res = evaluate([gold_doc(ARTICLE_ROW)], FakePipeline({}), progress=False)
    f = res.figures()
    assert f["event_recall"].value == 0.0 and f["event_precision"].value is None
    assert f["event_f1"].value == 0.0 and f["type"].value is None


def test_single_rows_detection_best_prediction_and_errors() -> None:
    t1 = "04/09/2021: A bomb exploded near a checkpoint in Mosul, Nineveh, Iraq, killing two soldiers."
    t2 = "Gunmen attacked a village; nobody was hurt."
    t3 = "\x00\x01"
    t4 = "A text that makes the pipeline crash."
    rows = [
        single_row("gtd-1", "GTD", t1, event_type="Bombing/Explosion", event_date="2021-04-09",
                   actor1="Unknown", country="Iraq", admin1="Nineveh", latitude=36.34,
                   longitude=43.13, fatalities=2, extra={"targtype1_txt": "Military"}),
        single_row("gtd-2", "GTD", t2, event_type="Assassination", event_date="2021-04-01",
                   country="Iraq", extra={"targtype1_txt": "Government (General)"}),
        single_row("acled-3", "ACLED", t3, event_type="Battles", sub_event_type="Armed clash"),
        single_row("acled-4", "ACLED", t4, event_type="Battles", sub_event_type="Armed clash"),
    ]
    wrong = make_event(t1, "checkpoint", event_type="Strategic developments",
                       sub_event_type="Other", event_date="2021-03-01")
    right = make_event(t1, "bomb exploded", event_type="Explosions/Remote violence",
                       sub_event_type="Remote explosive/landmine/IED", event_date="2021-04-09",
                       actor1="Unidentified Armed Group (Iraq)", country="Iraq", iso3="IRQ",
                       admin1="Ninawa", latitude=36.35, longitude=43.12, fatalities=2)
    pipe = FakePipeline({t1: [wrong, right], t2: [make_event(t2, "attacked", event_date="2021-04-01",
                                                             country="Iraq")],
                         t3: InputError("binary input"), t4: RuntimeError("boom")})
    res = evaluate([gold_doc(r) for r in rows], pipe, progress=False)
    f = res.figures("GTD")
    assert f["detected"].value == 1.0 and f["detected"].n == 2
    assert f["type"].n == 1 and f["type"].value == 1.0  # Assassination is not in the type figure
    assert f["date"].value == 1.0 and f["fatalities"].value == 1.0 and f["km10"].value == 1.0
    assert f["actor1"].value == 1.0 and f["actor1"].n == 1
    assert res.figures("ACLED")["detected"].value == 0.0
    assert res.rows[2].error and not res.rows[2].crashed
    assert res.rows[3].crashed and "boom" in res.rows[3].error
    line = res.score_line()
    assert SCORE_RE.match(line), line
    assert "event_f1=na" in line and "role=na" in line and line.startswith("SCORE n=4 ")


def test_ucdp_places_and_counts_stay_out_of_overall() -> None:
    t = "Clashes between rival groups leave 40 dead"
    row = single_row("ucdp-1", "UCDP-GED", t, event_type="non-state conflict", actor1="HTS",
                     actor2="IS", event_date="2017-01-02", country="Syria", latitude=35.0,
                     longitude=38.0, fatalities=3)
    ev = make_event(t, "Clashes", actor1="HTS", actor1_type="Rebel group", actor2="Islamic State",
                    actor2_type="Rebel group", event_date="2017-01-02", country="Syria", iso3="SYR",
                    fatalities=40)
    res = evaluate([gold_doc(row)], FakePipeline({t: [ev]}), progress=False)
    assert res.figures("UCDP")["fatalities"].value == 0.0
    assert res.figures("UCDP")["type"].value == 1.0
    overall = res.figures()
    assert overall["fatalities"].value is None and overall["km25"].value is None
    assert overall["type"].value == 1.0 and overall["country"].value == 1.0
    # The prediction has no point: its distance is infinite, written as "inf" in strict JSON.
    data = json.loads(res.report("json"), parse_constant=lambda c: pytest.fail(f"bare {c} in JSON"))
    assert data["figures"]["UCDP"]["km_median"]["value"] == "inf"


def test_reports_render_in_all_formats() -> None:
    res = evaluate([gold_doc(ARTICLE_ROW)], FakePipeline({ARTICLE: article_events()}), progress=False)
    md = res.report("md")
    assert "| event_f1 |" in md and "Most common error classes" in md
    data = json.loads(res.report("json"), parse_constant=lambda c: pytest.fail(f"bare {c} in JSON"))
    assert data["figures"]["articles"]["event_f1"]["value"] == pytest.approx(0.8)
    assert "<table>" in res.report("html")
    with pytest.raises(ValueError):
        res.report("xml")


def test_cli_eval_prints_score_last(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import eventwire
    from eventwire.cli import main

    gold = tmp_path / "g.jsonl"
    gold.write_text(json.dumps(ARTICLE_ROW) + "\n")
    monkeypatch.setattr(eventwire, "load_pipeline",
                        lambda *a, **k: FakePipeline({ARTICLE: article_events()}))
    out = CliRunner().invoke(main, ["eval", str(gold), "--show-errors", "1"])
    assert out.exit_code == 0, out.output
    lines = out.output.strip().splitlines()
    assert SCORE_RE.match(lines[-1]) and "event_f1=0.800" in lines[-1]
    assert "t-art-1" in out.output


def test_default_gold_set_and_limit() -> None:
    shared_path("data", "gold", "dev.jsonl")
    paths = default_gold_paths(ROOT)
    assert any(p.name == "dev.jsonl" for p in paths)
    docs = load_docs(paths, limit=3)
    assert len(docs) <= 3 * len(paths) and len({d.id for d in docs}) == len(docs)
    assert all(d.text.strip() for d in docs)


# ---------------------------------------------------------------- benchmark

BENCH_RE = re.compile(
    r"^BENCH articles_per_s=\d+\.\d\d words_per_s=\d+ rss_mb=\d+ cold_start_s=\d+\.\d\d "
    r"vs_spacy=(?:na|\d+\.\d{3}) vs_ceiling=(?:na|\d+\.\d{5}) first_pass_words_per_s=(?:na|\d+)$"
)


def test_bench_line_format_on_a_tiny_corpus(tmp_path: Path) -> None:
    from eventwire.bench import load_corpus, run_bench

    (tmp_path / "a.txt").write_text("Gunmen killed three villagers near the market on Sunday.")
    (tmp_path / "b.jsonl").write_text(json.dumps({"text": "Police said nobody was hurt."}) + "\n"
                                      + json.dumps({"text": "   "}) + "\n")
    texts = load_corpus([tmp_path])  # a directory: only its .txt files
    assert len(texts) == 1
    texts = load_corpus([tmp_path / "a.txt", tmp_path / "b.jsonl"])
    assert len(texts) == 2  # the blank row is dropped
    rep = run_bench(texts, workers=2, baseline=True, factory="tests.eval_fakes:load_keyword_pipeline")
    assert rep.events == 1 and rep.words == 14 and rep.parallel_seconds is not None
    line = rep.bench_line()
    assert BENCH_RE.match(line), line
    assert "2 workers" in rep.render() and "plain spaCy" in rep.render()
    assert "first pass" in rep.render() and rep.first_pass_seconds is not None
    no_base = run_bench(texts, workers=1, factory="tests.eval_fakes:load_keyword_pipeline", warmup=0)
    assert "vs_spacy=na vs_ceiling=na first_pass_words_per_s=na" in no_base.bench_line()


def test_cli_eval_output_replaces_only_the_marked_region(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    import eventwire
    from eventwire.cli import main

    gold = tmp_path / "g.jsonl"
    gold.write_text(json.dumps(ARTICLE_ROW) + "\n")
    doc = tmp_path / "quality.md"
    doc.write_text("intro\n<!-- eval-report:start -->\nPLACEHOLDER-XYZ\n<!-- eval-report:end -->\noutro\n")
    monkeypatch.setattr(eventwire, "load_pipeline",
                        lambda *a, **k: FakePipeline({ARTICLE: article_events()}))
    out = CliRunner().invoke(main, ["eval", str(gold), "-o", str(doc)])
    assert out.exit_code == 0, out.output
    new = doc.read_text()
    assert new.startswith("intro\n<!-- eval-report:start -->\n## Figures")
    assert new.endswith("<!-- eval-report:end -->\noutro\n") and "PLACEHOLDER-XYZ" not in new
    assert SCORE_RE.match(out.output.strip().splitlines()[-1])


def test_oracle_predictions_score_perfectly_on_the_shared_gold() -> None:
    """A pipeline echoing the gold must get every figure right: the harness itself loses nothing."""
    from tests.eval_fakes import OraclePipeline

    shared_path("data", "gold", "dev.jsonl")
    docs = load_docs(default_gold_paths(ROOT))
    res = evaluate(docs, OraclePipeline(docs), progress=False)
    for ds in [*res.datasets(), None]:
        figs = res.figures(ds)
        for name in ("detected", "event_precision", "event_recall", "type", "subtype_wf1", "date",
                     "country", "admin1", "km10", "fatalities", "actor1", "actor2", "role"):
            v = figs[name].value
            assert v is None or v == pytest.approx(1.0), (ds, name, v, figs[name].n)
    line = res.score_line()
    assert "detected=1.000" in line and "event_f1=1.000" in line and "type=1.000" in line


def test_bench_reports_the_median_pass_and_times_the_warm_up_pass_apart(monkeypatch: pytest.MonkeyPatch) -> None:
    import eventwire.bench as bench

    clock = iter([0.0, 9.0,                 # warm-up pass: 9 s (the first pass, reported apart)
                  10.0, 12.0, 20.0, 21.0, 30.0, 38.0])  # timed passes: 2, 1 and 8 s -> median 2
    monkeypatch.setattr(bench.time, "perf_counter", lambda: next(clock))
    monkeypatch.setattr(bench, "measure_cold_start", lambda spec: 1.0)
    rep = bench.run_bench(["Gunmen killed three villagers."], workers=1, repeat=3,
                          factory="tests.eval_fakes:load_keyword_pipeline")
    assert rep.first_pass_seconds == 9.0 and rep.seconds == 2.0
    assert rep.events == 1 and rep.rate(rep.seconds) == 0.5
    assert "words_per_s=2 " in rep.bench_line() and rep.bench_line().endswith("first_pass_words_per_s=0")
