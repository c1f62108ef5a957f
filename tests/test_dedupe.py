"""Deduplication: near-duplicate articles (MinHash/LSH) and event clustering across sources (issue 5)."""

from __future__ import annotations

import copy
import json
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire._dedupe_eval import DEFAULT_CORPUS, evaluate_corpus, load_corpus
from eventwire.dedupe import (
    MATCH_THRESHOLD,
    NearDuplicateIndex,
    block_keys,
    cluster_events,
    match_event,
    merge_records,
    minhash_signature,
    pair_score,
    signature_similarity,
)
from tests.conftest import ROOT

REWRITES = ROOT / "examples" / "rewrites"


@pytest.fixture(scope="module")
def corpus() -> tuple[list[dict], list[str], list[dict]]:
    return load_corpus(DEFAULT_CORPUS)


def _group(corpus: tuple[list[dict], list[str], list[dict]], gid: str) -> list[dict]:
    records, labels, _ = corpus
    return [copy.deepcopy(r) for r, lab in zip(records, labels) if lab.split("/")[0] == gid]


def _rewrite(name: str) -> str:
    return (REWRITES / name).read_text(encoding="utf-8")


# ----------------------------------------------------------------------------- near-duplicate articles


def _syndicated_copy(text: str) -> str:
    """A wire copy as a second outlet runs it: new dateline tag, two words changed, a promo line added."""
    edited = text.replace("BAGHDAD, Oct 15 - ", "BAGHDAD (Agencies) - ", 1)
    edited = edited.replace("congratulated", "praised", 1).replace("combing", "searching", 1)
    return edited + "\nFollow our live coverage for more updates from the region.\n"


def test_signature_is_deterministic_across_processes() -> None:
    text = _rewrite("hamrin-rewrite-a.txt")
    code = ("import sys; from eventwire.dedupe import minhash_signature; "
            "sys.stdout.write(minhash_signature(sys.stdin.read()).hex())")
    other = subprocess.run([sys.executable, "-c", code], input=text, capture_output=True, text=True,
                           check=True, cwd=ROOT).stdout
    assert other == minhash_signature(text).hex()


def test_syndicated_copy_is_linked_to_its_original() -> None:
    original = _rewrite("hamrin-rewrite-a.txt")
    copy_ = _syndicated_copy(original)
    assert copy_ != original
    index = NearDuplicateIndex()
    assert index.add("orig", minhash_signature(original)) is None
    assert index.add("copy", minhash_signature(copy_)) == "orig"
    # a copy of the copy is traced back to the first article, not to the copy
    assert index.add("copy2", minhash_signature(copy_.replace("praised", "hailed"))) == "orig"


def test_other_article_on_the_same_event_is_not_a_duplicate() -> None:
    a, b = _rewrite("hamrin-rewrite-a.txt"), _rewrite("hamrin-rewrite-b.txt")
    index = NearDuplicateIndex()
    index.add("a", minhash_signature(a))
    assert index.add("b", minhash_signature(b)) is None
    assert signature_similarity(minhash_signature(a), minhash_signature(b)) < 0.3
    assert len(index) == 2


def test_rewrites_are_not_near_copies_of_the_real_article(hamrin_text: str) -> None:
    index = NearDuplicateIndex()
    index.add("real", minhash_signature(hamrin_text))
    for name in ("hamrin-rewrite-a.txt", "hamrin-rewrite-b.txt"):
        assert index.add(name, minhash_signature(_rewrite(name))) is None


def test_loaded_signatures_are_matched_and_re_adding_is_stable() -> None:
    original = _rewrite("hamrin-rewrite-b.txt")
    index = NearDuplicateIndex()
    index.load([("stored-1", minhash_signature(original)), ("stored-2", minhash_signature("unrelated " * 30))])
    copy_ = original.replace("heaviest", "hardest")
    assert index.add("new", minhash_signature(copy_)) == "stored-1"
    assert index.add("new", minhash_signature(copy_)) == "stored-1"  # a re-run decides the same
    assert index.add("stored-1", minhash_signature(original)) is None


# ----------------------------------------------------------------------------- blocking and scoring


def test_block_keys_share_a_key_only_for_compatible_records(corpus) -> None:
    a, b, c = _group(corpus, "c01")
    assert set(block_keys(a)) & set(block_keys(b)) & set(block_keys(c))
    bombing, clash = _group(corpus, "n02")  # same town, same day, different type family
    assert not set(block_keys(bombing)) & set(block_keys(clash))
    moved = dict(a, iso3="SYR", country="Syria")
    assert not set(block_keys(moved)) & set(block_keys(a))


def test_month_precision_recap_blocks_with_its_primary(corpus) -> None:
    primary, _, recap = _group(corpus, "c15")
    assert recap["time_precision"] == 3 and recap["role"] == "background"
    assert set(block_keys(primary)) & set(block_keys(recap))


@pytest.mark.parametrize("gid", ["n02", "n04", "n05", "n06", "n11"])
def test_hard_negatives_break_a_hard_constraint(corpus, gid: str) -> None:
    a, b = _group(corpus, gid)[:2] if gid != "n11" else (_group(corpus, "n11")[0], _group(corpus, "c23")[0])
    assert pair_score(a, b) == 0.0
    assert pair_score(b, a) == 0.0


def test_market_bombing_and_checkpoint_clash_stay_apart(corpus) -> None:
    bombing, clash = _group(corpus, "n02")
    assert bombing["location"] == clash["location"] and bombing["event_date"] == clash["event_date"]
    assert cluster_events([bombing, clash]) == [[0], [1]]


def test_differently_worded_reports_score_above_threshold(corpus) -> None:
    a, b, c = _group(corpus, "c09")
    for x, y in ((a, b), (a, c), (b, c)):
        assert pair_score(x, y) >= MATCH_THRESHOLD


def test_score_is_symmetric_and_bounded(corpus) -> None:
    records, _, _ = corpus
    rng = random.Random(5)
    for _ in range(200):
        x, y = rng.sample(records, 2)
        s = pair_score(x, y)
        assert 0.0 <= s <= 1.0
        assert s == pair_score(y, x)


def test_bad_fields_do_not_crash_scoring(corpus) -> None:
    a = _group(corpus, "c01")[0]
    broken = dict(a, event_date="15/10/2024", date_start=None, date_end=None, latitude="x",
                  fatalities=None, fatalities_low=None, evidence=None, actor1=None, iso3=None)
    assert pair_score(a, broken) == 0.0  # no usable date: never merged
    assert block_keys(broken)
    assert cluster_events([a, broken]) == [[0], [1]]


# ----------------------------------------------------------------------------- background recaps


def test_background_recap_enriches_the_existing_primary(corpus) -> None:
    primary, second, recap = _group(corpus, "c15")
    canonical = merge_records([primary, second])
    other = merge_records(_group(corpus, "c01"))  # same actors a week later, different event
    event_id, score = match_event(recap, [other, canonical])
    assert event_id == primary["event_id"] and score >= MATCH_THRESHOLD
    enriched = merge_records([canonical, recap])
    assert enriched["event_id"] == primary["event_id"]
    assert enriched["role"] == "main" and enriched["n_sources"] == 3
    assert enriched["time_precision"] == 1 and enriched["event_date"] == "2024-10-08"
    assert recap["article_id"] in enriched["evidence_by_article"]


def test_recap_with_an_incompatible_toll_is_not_attached(corpus) -> None:
    (recap,) = _group(corpus, "n12")
    canonical = merge_records(_group(corpus, "c15")[:2])
    assert match_event(recap, [canonical])[0] is None


def test_vague_recap_fitting_two_events_equally_is_not_attached(corpus) -> None:
    primary, second, recap = _group(corpus, "c15")
    twin = dict(copy.deepcopy(primary), event_id="ev-twin", event_date="2024-10-10",
                date_start="2024-10-10", date_end="2024-10-10", published="2024-10-10")
    assert pair_score(primary, twin) == 0.0  # two different days
    assert match_event(recap, [merge_records([primary, second]), twin])[0] is None


# ----------------------------------------------------------------------------- merging


def test_revised_toll_supersedes_the_early_figures(corpus) -> None:
    records = _group(corpus, "c02")
    assert [r["fatalities"] for r in records] == [20, 32, 37]
    merged = merge_records(records)
    assert merged["fatalities"] == merged["fatalities_low"] == 37
    assert merged["fatalities_best"] == merged["fatalities_high"] == 37
    assert "superseded" in merged["notes"] and "20" in merged["notes"]


def test_disputed_figures_become_low_best_high(corpus) -> None:
    records = _group(corpus, "c14")  # 23 (army), 7 (residents), 23: no revision, a dispute
    merged = merge_records(records)
    assert (merged["fatalities_low"], merged["fatalities_high"]) == (7, 23)
    assert merged["fatalities"] == 7
    assert merged["fatalities_low"] <= merged["fatalities_best"] <= merged["fatalities_high"]
    assert merged["notes"].startswith("Sources disagree on deaths")


def test_merge_keeps_every_source_and_the_most_precise_values(corpus) -> None:
    records = _group(corpus, "c07")  # town, province, town
    merged = merge_records(records)
    assert merged["event_id"] == records[0]["event_id"]
    assert merged["geo_precision"] == 1 and merged["location"] == "Jisr al-Shughur"
    assert merged["urls"] == [r["url"] for r in records]
    assert merged["article_ids"] == [r["article_id"] for r in records]
    assert merged["source"] == "Idlib Voice; Levant Briefing; Syria Update"
    for r in records:
        assert merged["evidence_by_article"][r["article_id"]] == r["evidence"]
    assert (merged["fatalities_low"], merged["fatalities_high"]) == (9, 13)


def test_event_id_is_stable_when_sources_arrive_one_by_one(corpus) -> None:
    a, b, c = _group(corpus, "c08")
    step = merge_records([merge_records([a, b]), c])
    at_once = merge_records([a, b, c])
    assert step["event_id"] == at_once["event_id"] == a["event_id"]
    for key in ("fatalities_low", "fatalities_best", "fatalities_high", "n_sources", "urls", "location"):
        assert step[key] == at_once[key]
    again = merge_records([step, c])  # re-running with a source already merged changes nothing
    assert again["n_sources"] == 3 and again["notes"] == step["notes"]


def test_syndicated_copy_is_not_an_independent_source(corpus) -> None:
    a, b = _group(corpus, "c12")
    copy_ = dict(b, article_id="copy-of-b", url="https://mirror.example/x", duplicate_of=b["article_id"],
                 fatalities=30, fatalities_low=30, fatalities_high=30)
    merged = merge_records([a, b, copy_])
    assert merged["n_sources"] == 2
    assert merged["fatalities_high"] == 3  # a copy's figure is not a competing source
    assert len(merged["sources"]) == 3


def test_merge_records_rejects_an_empty_cluster() -> None:
    with pytest.raises(ValueError):
        merge_records([])


# ----------------------------------------------------------------------------- clustering and the corpus


def test_corpus_meets_the_issue_requirements(corpus) -> None:
    records, labels, groups = corpus
    clusters = [g for g in groups if g["kind"] == "cluster"]
    negatives = [g for g in groups if g["kind"] == "negative"]
    assert len(clusters) >= 20 and len(negatives) >= 10
    assert all(2 <= len(g["records"]) <= 4 for g in clusters)
    assert any(r["role"] == "background" and r["time_precision"] == 3 for g in clusters for r in g["records"])
    assert any(len({r["fatalities"] for r in g["records"]}) > 1 and any(
        re.search(r"\b(rose|risen|climbed|revised)\b", e["text"]) for r in g["records"] for e in r["evidence"])
        for g in clusters)
    for g in groups:
        for r in g["records"]:
            text = g["articles"][r["article_id"]]["text"]
            for e in r["evidence"]:
                assert text[e["start"] : e["end"]] == e["text"]


def test_dedup_corpus_precision_and_recall() -> None:
    report = evaluate_corpus()
    assert report.hard_negative_pairs >= 10
    assert report.precision >= 0.95, report.false_pairs
    assert report.recall >= 0.90, report.missed_pairs


def test_clusters_do_not_depend_on_input_order(corpus) -> None:
    records, _, _ = corpus
    base = {frozenset(records[i]["event_id"] for i in c) for c in cluster_events(records)}
    order = list(range(len(records)))
    random.Random(11).shuffle(order)
    shuffled = [records[i] for i in order]
    again = {frozenset(shuffled[i]["event_id"] for i in c) for c in cluster_events(shuffled)}
    assert again == base
    assert sorted(i for c in cluster_events(records) for i in c) == list(range(len(records)))


def test_cli_prints_the_dedup_line(tmp_path: Path, corpus) -> None:
    from eventwire.cli import main

    result = CliRunner().invoke(main, ["dedup-eval"])
    assert result.exit_code == 0, result.output
    last = result.output.strip().splitlines()[-1]
    m = re.fullmatch(r"DEDUP pairs=(\d+) precision=([\d.]+) recall=([\d.]+) f1=([\d.]+)", last)
    assert m and int(m.group(1)) > 40
    # a corpus of one negative pair: nothing to find, nothing merged
    _, _, groups = corpus
    small = tmp_path / "small.jsonl"
    small.write_text(json.dumps(next(g for g in groups if g["group"] == "n02")) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["dedup-eval", str(small)])
    assert result.output.strip().endswith("DEDUP pairs=0 precision=1.000 recall=1.000 f1=1.000")
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["dedup-eval", str(bad)])
    assert result.exit_code != 0 and "E102" in result.output


# ----------------------------------------------------------------------------- the rewrites of the real example


def test_rewrites_jsonl_matches_the_text_files() -> None:
    rows = [json.loads(line) for line in (REWRITES / "hamrin-rewrites.jsonl").read_text("utf-8").splitlines()]
    assert [r["published"] for r in rows] == ["2024-10-15", "2024-10-16"]
    assert len({r["source"] for r in rows}) == 2
    for r in rows:
        assert r["text"] == _rewrite(f"{r['id']}.txt")


def test_rewrites_share_no_sentence_with_the_real_article(hamrin_text: str) -> None:
    real = set(re.split(r"(?<=[.!?])\s+|\n", hamrin_text))
    for name in ("hamrin-rewrite-a.txt", "hamrin-rewrite-b.txt"):
        for sentence in re.split(r"(?<=[.!?])\s+|\n", _rewrite(name)):
            if len(sentence) > 30:
                assert sentence not in real


@pytest.mark.slow
def test_real_example_and_rewrites_cluster_into_one_main_event(hamrin_text: str) -> None:
    from eventwire import load_pipeline

    pipe = load_pipeline()  # (eventwire.extract is shadowed by the eventwire.extract subpackage once loaded)
    records = [e.to_dict() for e in pipe.extract(hamrin_text, published="2024-10-15", source="Original")[1]]
    for line in (REWRITES / "hamrin-rewrites.jsonl").read_text("utf-8").splitlines():
        row = json.loads(line)
        _, events = pipe.extract(row["text"], published=row["published"], source=row["source"])
        records.extend(e.to_dict() for e in events)
    merged = [merge_records([records[i] for i in c]) for c in cluster_events(records)]
    hamrin = [m for m in merged if m["role"] == "main" and m["n_sources"] == 3]
    assert len(hamrin) == 1
    assert hamrin[0]["fatalities"] == 9 and hamrin[0]["event_date"] == "2024-10-15"


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 400), st.integers(0, 60), st.integers(1, 9), st.booleans()),
                min_size=1, max_size=5))
def test_merged_tolls_are_ordered_and_the_first_id_is_kept(reports: list[tuple[int, int, int, bool]]) -> None:
    records = []
    for n, (low, spread, day, revised) in enumerate(reports):
        text = f"The toll {'rose to' if revised else 'was'} {low}."
        records.append({
            "event_id": f"ev-{n}", "article_id": f"a{n}", "role": "main", "published": f"2024-05-0{day}",
            "fatalities": low, "fatalities_low": low, "fatalities_high": low + spread,
            "evidence": [{"field": "fatalities", "start": 0, "end": len(text), "text": text}],
        })
    merged = merge_records(records)
    assert merged["event_id"] == "ev-0"
    assert merged["fatalities"] == merged["fatalities_low"]
    assert merged["fatalities_low"] <= merged["fatalities_best"] <= merged["fatalities_high"]
    assert merged["fatalities_high"] == max(r["fatalities_high"] for r in records)
    assert merged["n_sources"] == len(records) == len(merged["sources"])
    assert merge_records([merged])["fatalities_low"] == merged["fatalities_low"]
