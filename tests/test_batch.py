"""The partition adapter for distributed engines: rows in, event rows out, refusals kept as rows."""

from __future__ import annotations

import multiprocessing as mp

from eventwire.batch import map_partition

ROWS = [
    {"id": "a1", "text": "Gunmen killed four villagers in Kaduna state on Monday, police said.",
     "published": "2025-06-18"},
    {"id": "a2", "text": ""},
    {"id": "a3", "text": "A roadside bomb struck a police vehicle outside Lakki Marwat on Tuesday, killing three officers.",
     "published": "2025-06-18", "source": "Frontier Wire"},
]


def _run(part: list[dict]) -> list[dict]:
    return list(map_partition(part))


def test_rows_in_event_rows_out_and_refusals_are_rows():
    out = list(map_partition(ROWS))
    by_id = {}
    for r in out:
        by_id.setdefault(r["input_id"], []).append(r)
    assert by_id["a1"][0]["event_type"] == "Violence against civilians"
    assert "error" in by_id["a2"][0] and "empty" in by_id["a2"][0]["error"]
    assert by_id["a3"][0]["sub_event_type"] == "Remote explosive/landmine/IED"
    assert by_id["a3"][0]["source"] == "Frontier Wire"


def test_partitions_over_worker_processes_give_the_same_rows_as_one_process():
    single = _run(ROWS)
    with mp.get_context("spawn").Pool(2) as pool:
        parts = pool.map(_run, [ROWS[:2], ROWS[2:]])
    assert [r for part in parts for r in part] == single
