"""Exports: ACLED (31 columns) and UCDP (49) exactly as the codebook lists them, sidecars, GeoJSON,
Parquet, and byte-identical files from the SQLite and PostgreSQL stores of the same input."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from eventwire.export import ACLED_COLUMNS, EXT_COLUMNS, UCDP_COLUMNS, export, interaction_text, priogrid_gid
from eventwire.store import EventFilter, open_store
from eventwire.store.loader import Loader
from tests.conftest import shared_path
from tests.store_backends import ScriptedPipeline, db_url, doc, key_dedupe, pg_schema_url  # noqa: F401
from tests.test_store import FOLLOW, LOCAL, MARKET, SCRIPT, WIRE, clash

PROTEST = "Hundreds of teachers marched peacefully in Basra on Monday demanding higher pay."
VAGUE = "Fighting somewhere in Iraq killed four soldiers this month, the ministry said."
EXPORT_SCRIPT = {
    **SCRIPT,
    PROTEST: [dict(clash(0), event_type="Protests", sub_event_type="Peaceful protest", disorder_type="Demonstrations",
                   actor1="Protesters (Iraq)", actor1_type="Protesters", actor2=None, actor2_type=None,
                   interaction="60", location="Basra", admin1="Basra", latitude=30.5085, longitude=47.7804,
                   geo_precision=1)],
    VAGUE: [dict(clash(4), location=None, admin1=None, latitude=None, longitude=None, geo_precision=None,
                 where_prec=6, event_date="2024-10-15", time_precision=3, date_start="2024-10-01",
                 date_end="2024-10-31")],
}
TEXTS = (WIRE, MARKET, LOCAL, PROTEST, FOLLOW, VAGUE)


def fill(url: str) -> None:
    """Store the export fixture articles in a fixed order."""
    with open_store(url) as s:
        ld = Loader(s, ScriptedPipeline({k: [dict(e) for e in v] for k, v in EXPORT_SCRIPT.items()}), key_dedupe())
        for i, text in enumerate(TEXTS):
            ld.load(doc(text, f"a{i}", source=f"Outlet {i % 3}", url=f"https://example.org/{i}", title=f"Story {i}"))


@pytest.fixture
def store(db_url: str, monkeypatch: pytest.MonkeyPatch):  # noqa: F811
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1729000000")
    fill(db_url)
    s = open_store(db_url)
    yield s
    s.close()


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as f:
        r = csv.DictReader(f)
        return list(r.fieldnames or []), list(r)


def test_acled_columns_are_those_of_codebook_8_1() -> None:
    text = shared_path("docs", "codebook.md").read_text(encoding="utf-8")
    section = text.split("### 8.1")[1].split("### 8.2")[0]
    cols = [c.strip() for line in section.splitlines()[3:] if line.startswith("| ")
            for c in line.split("|")[1].split(",")]
    assert tuple(cols) == ACLED_COLUMNS and len(cols) == 31


def test_ucdp_columns_are_those_of_codebook_8_2() -> None:
    text = shared_path("docs", "codebook.md").read_text(encoding="utf-8")
    listing = text.split("### 8.2")[1].split("\n", 1)[1].split("Fill rules:")[0]
    cols = [c.strip().rstrip(".") for c in listing.replace("\n", " ").split(",") if c.strip()]
    assert tuple(cols) == UCDP_COLUMNS and len(cols) == 49


def test_acled_export_rows_sidecar_and_left_out_count(store, tmp_path: Path) -> None:
    out = tmp_path / "acled.csv"
    report = export(store, "acled", out)
    header, rows = read_csv(out)
    assert header == list(ACLED_COLUMNS)
    assert report.left_out == {"country-only events": 1}
    assert "left out 1 country-only events" in report.message()
    by_type = {r["event_type"]: r for r in rows}
    assert set(by_type) == {"Battles", "Explosions/Remote violence", "Protests"}
    battle = by_type["Battles"]
    assert battle["event_id_cnty"] == "IRQ1" and battle["year"] == "2024"
    assert (battle["inter1"], battle["inter2"], battle["interaction"]) == ("State forces", "Rebel group", "State forces-Rebel group")
    assert (battle["iso"], battle["region"], battle["latitude"], battle["fatalities"]) == ("368", "Middle East", "35.4681", "5")
    assert battle["source"] == "Outlet 0; Outlet 2; Outlet 1" and battle["timestamp"] == "1729000000"
    assert by_type["Protests"]["interaction"] == "Protesters only"
    _, ext = read_csv(tmp_path / "acled.csv.ext.csv")
    assert list(ext[0]) == ["event_id_cnty", *EXT_COLUMNS]
    side = {r["event_id_cnty"]: r for r in ext}
    assert (side["IRQ1"]["fatalities_low"], side["IRQ1"]["fatalities_high"], side["IRQ1"]["n_sources"]) == ("5", "9", "3")
    quotes = json.loads(side["IRQ1"]["evidence"])
    assert {q["text"] for q in quotes} >= {"Five or seven militants were killed"}


def test_ucdp_export_fill_rules(store, tmp_path: Path) -> None:
    out = tmp_path / "ged.csv"
    report = export(store, "ucdp", out)
    header, rows = read_csv(out)
    assert header == list(UCDP_COLUMNS)
    assert report.left_out == {"events of types outside organised violence": 1}  # the protest
    by_tov = {}
    for r in rows:
        by_tov.setdefault(r["type_of_violence"], []).append(r)
    battle = next(r for r in by_tov["1"] if r["where_prec"] != "6")
    assert (battle["side_a"], battle["side_b"], battle["dyad_name"]) == \
        ("Government of Iraq", "Islamic State (Iraq)", "Government of Iraq - Islamic State (Iraq)")
    assert (battle["gwnoa"], battle["gwnob"], battle["country_id"], battle["region"]) == ("645", "", "645", "Middle East")
    assert (battle["best"], battle["low"], battle["high"], battle["number_of_sources"]) == ("9", "5", "9", "3")
    assert battle["geom_wkt"] == "POINT (44.3922 35.4681)" and battle["priogrid_gid"] == str(priogrid_gid(35.4681, 44.3922))
    assert battle["code_status"] == "Clear" and battle["date_prec"] == "1"
    assert int(battle["deaths_a"]) + int(battle["deaths_b"]) + int(battle["deaths_civilians"]) + int(battle["deaths_unknown"]) == 9
    [bomb] = by_tov["3"]
    assert (bomb["side_a"], bomb["side_b"]) == ("Unidentified Armed Group (Iraq)", "Civilians")
    vague = next(r for r in by_tov["1"] if r["where_prec"] == "6")  # GED keeps country-level events
    assert vague["date_prec"] == "4" and vague["code_status"] == "" and vague["latitude"]  # country centroid
    _, ext = read_csv(tmp_path / "ged.csv.ext.csv")
    assert sorted(r["id"] for r in ext) == sorted(r["id"] for r in rows)


def test_priogrid_cells_number_from_the_south_west_corner() -> None:
    assert priogrid_gid(-89.9, -179.9) == 1
    assert priogrid_gid(-89.9, -179.4) == 2
    assert priogrid_gid(-89.4, -179.9) == 721
    assert priogrid_gid(89.99, 179.99) == 259200
    assert priogrid_gid(91.0, 0.0) is None and priogrid_gid(None, 1.0) is None


def test_interaction_text_from_types_when_the_code_is_missing() -> None:
    assert interaction_text({"actor1_type": "Civilians", "actor2_type": "State forces"}) == "State forces-Civilians"
    assert interaction_text({"actor1_type": "2"}) == "Rebel group only"
    assert interaction_text({}) == ""


def test_geojson_is_a_feature_collection_of_points(store, tmp_path: Path) -> None:
    out = tmp_path / "events.geojson"
    report = export(store, "geojson", out)
    fc = json.loads(out.read_text(encoding="utf-8"))
    assert fc["type"] == "FeatureCollection" and len(fc["features"]) == 3
    assert all(f["geometry"]["type"] == "Point" for f in fc["features"])
    battle = next(f for f in fc["features"] if f["properties"]["event_type"] == "Battles")
    assert battle["geometry"]["coordinates"] == [44.3922, 35.4681]
    assert report.left_out == {"events without coordinates": 1}


def test_parquet_and_jsonl_hold_the_same_records(store, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    export(store, "parquet", tmp_path / "e.parquet")
    export(store, "jsonl", tmp_path / "e.jsonl")
    table = pq.read_table(tmp_path / "e.parquet").to_pylist()
    lines = [json.loads(x) for x in (tmp_path / "e.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["event_id_cnty"] for r in table] == [r["event_id_cnty"] for r in lines] == ["IRQ1", "IRQ2", "IRQ3", "IRQ4"]
    for row, obj in zip(table, lines):
        assert row["evidence"] == obj["evidence"] and row["fatalities_best"] == obj["fatalities_best"]
        assert len(row["article_ids"]) == len(obj["sources"])


def test_filters_apply_to_exports(store) -> None:
    buf = io.StringIO()
    export(store, "jsonl", None, EventFilter(min_fatalities=3), stdout=buf)
    assert sorted(json.loads(x)["fatalities"] for x in buf.getvalue().splitlines()) == [4, 5]


def test_exports_from_sqlite_and_postgresql_are_identical(tmp_path: Path, pg_schema_url: str,  # noqa: F811
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1729000000")
    sqlite_path = str(tmp_path / "e.db")
    fill(sqlite_path)
    fill(pg_schema_url)
    for fmt, name in (("acled", "a.csv"), ("ucdp", "u.csv"), ("geojson", "g.json"), ("jsonl", "j.jsonl"), ("parquet", "p.parquet")):
        files = []
        for label, url in (("sqlite", sqlite_path), ("pg", pg_schema_url)):
            (tmp_path / label).mkdir(exist_ok=True)
            with open_store(url) as s:
                files.append(export(s, fmt, tmp_path / label / name).files)
        for a, b in zip(*files):
            assert Path(a).read_bytes() == Path(b).read_bytes(), (fmt, a)


def test_export_command_reports_left_out_events_on_stderr(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from eventwire.cli import main

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1729000000")
    db = str(tmp_path / "e.db")
    fill(db)
    out = tmp_path / "acled.csv"
    result = CliRunner().invoke(main, ["export", "--db", db, "--format", "acled", "--out", str(out), "--country", "IRQ"])
    assert result.exit_code == 0, result.output
    assert re.search(r"wrote 3 records; left out 1 country-only events", result.stderr)
    assert len(read_csv(out)[1]) == 3
    bad = CliRunner().invoke(main, ["export", "--db", db, "--format", "parquet"])
    assert bad.exit_code != 0 and "needs --out" in bad.output


def test_export_reads_sources_in_bounded_batches_without_losing_any(tmp_path: Path) -> None:
    # SQLite caps an IN list at 32766 parameters; sources are fetched 500 events at a time.
    from eventwire.store.synthetic import SyntheticPipeline, synthetic_text

    db = str(tmp_path / "big.db")
    with open_store(db) as s:
        ld = Loader(s, SyntheticPipeline(), key_dedupe())
        with s.transaction():  # one transaction keeps the fixture fast
            for i in range(2500):
                ld.load(doc(synthetic_text(i), f"s{i}"))
        report = export(s, "jsonl", tmp_path / "big.jsonl")
    lines = (tmp_path / "big.jsonl").read_text(encoding="utf-8").splitlines()
    assert report.written == len(lines) == 2500
    assert all(len(json.loads(x)["sources"]) == 1 for x in lines)
