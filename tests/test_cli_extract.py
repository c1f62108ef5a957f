"""`eventwire extract`: the output contract other issues rely on, formats, and bad input."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from eventwire.cli import main
from eventwire.export import ACLED_COLUMNS

from .conftest import EXAMPLES, shared_path

REQUIRED = {
    "event_id", "role", "event_type", "sub_event_type", "disorder_type", "event_date", "date_start",
    "date_end", "time_precision", "actor1", "actor1_type", "actor2", "actor2_type", "assoc_actors",
    "interaction", "civilian_targeting", "country", "iso3", "admin1", "admin2", "location", "latitude",
    "longitude", "geo_precision", "fatalities", "fatalities_low", "fatalities_high", "confidence", "notes",
    "evidence",
}


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input)


def test_json_output_contract_on_the_real_example():
    path = shared_path("examples", "iraq-hamrin-raid.txt")
    res = run("extract", str(path), "--published", "2024-10-15", "--format", "json")
    assert res.exit_code == 0, res.stderr
    out = json.loads(res.stdout)
    assert set(out) == {"article", "events"}
    text = out["article"]["text"]
    assert len(out["events"]) == 3
    for e in out["events"]:
        assert REQUIRED <= set(e)
        assert isinstance(e["assoc_actors"], list)
        for ev in e["evidence"]:
            assert text[ev["start"] : ev["end"]] == ev["text"]


def test_jsonl_prints_one_event_per_line():
    res = run("extract", str(EXAMPLES / "showcase-airstrike.txt"), "--published", "2025-03-04", "--format", "jsonl")
    assert res.exit_code == 0
    lines = [json.loads(l) for l in res.stdout.splitlines() if l.strip()]
    assert lines and all(REQUIRED <= set(e) for e in lines)
    assert any(e["sub_event_type"] == "Air/drone strike" and e["role"] == "main" for e in lines)


def test_table_and_explain_show_the_matched_words():
    res = run("extract", str(EXAMPLES / "showcase-airstrike.txt"), "--published", "2025-03-04",
              "--format", "table", "--explain")
    assert res.exit_code == 0
    assert "Air/drone strike" in res.stdout
    assert "[[killed]]" in res.stdout or "[[air strike]]" in res.stdout


def test_acled_csv_has_the_31_columns_and_leaves_out_country_only_events():
    path = shared_path("examples", "iraq-hamrin-raid.txt")
    res = run("extract", str(path), "--published", "2024-10-15", "--format", "acled-csv")
    assert res.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert tuple(rows[0].keys()) == ACLED_COLUMNS and len(ACLED_COLUMNS) == 31
    assert len(rows) == 2  # the "earlier this month" raid is known only at country level
    assert "left out 1 country-only" in res.stderr


def test_stdin_is_read_with_a_dash():
    text = "Gunmen killed four villagers in Kaduna state on Monday, police said."
    res = run("extract", "-", "--published", "2025-06-18", "--format", "jsonl", input=text)
    assert res.exit_code == 0
    assert json.loads(res.stdout.splitlines()[0])["event_date"] == "2025-06-16"


def test_article_without_events_prints_an_empty_list_and_exits_0():
    res = run("extract", str(EXAMPLES / "afghanistan-analysis.txt"), "--published", "2025-08-14")
    assert res.exit_code == 0
    assert json.loads(res.stdout)["events"] == []


@pytest.mark.parametrize("content, reason", [
    (b"\x00\x01\x02binary\x00stuff" * 20, "binary"),
    (b"", "empty"),
    ("Des hommes armés ont tué quatre villageois dans le nord du pays lundi, selon la police locale "
     "qui a ouvert une enquête sur cette attaque.".encode(), "non-English"),
], ids=["binary", "empty", "french"])
def test_bad_input_is_one_line_on_stderr_and_exit_2(tmp_path: Path, content: bytes, reason: str):
    f = tmp_path / "input.txt"
    f.write_bytes(content)
    res = run("extract", str(f))
    assert res.exit_code == 2
    lines = [l for l in res.stderr.splitlines() if l.strip()]
    assert len(lines) == 1 and str(f) in lines[0] and reason.lower() in lines[0].lower()


def test_broken_publication_date_is_refused():
    res = run("extract", str(EXAMPLES / "showcase-airstrike.txt"), "--published", "2025-13-45")
    assert res.exit_code == 2
    assert "YYYY-MM-DD" in res.stderr


def test_missing_file_is_a_clear_error(tmp_path: Path):
    res = run("extract", str(tmp_path / "nope.txt"))
    assert res.exit_code == 2
    assert "nope.txt" in res.stderr


def test_json_for_a_file_of_several_articles_is_one_array():
    res = run("extract", "-", "--format", "json", input=(
        '{"text": "Gunmen killed four villagers in Kaduna state on Monday, police said.", "published": "2025-06-18"}\n'
        '{"text": "Police fired tear gas at protesters in Nairobi on Tuesday.", "published": "2025-06-18"}\n'))
    assert res.exit_code == 0, res.stderr
    out = json.loads(res.stdout)
    assert isinstance(out, list) and len(out) == 2
    assert all(set(d) == {"article", "events"} for d in out)
