"""`eventwire ingest` end to end: idempotent re-runs, quarantine, a SIGKILLed run resumed without loss
or doubling (both backends), the real pipeline on the example article and two team-written rewrites,
and `eventwire query`."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from eventwire.cli import main
from eventwire.store import open_store
from eventwire.store.loader import content_hash
from eventwire.store.synthetic import write_articles
from eventwire.types import EVENT_FIELDS
from tests.conftest import shared_path
from tests.store_backends import db_url, pg_schema_url  # noqa: F401

SYNTH = "eventwire.store.synthetic:SyntheticPipeline"
pytest.importorskip("eventwire.ingest")


def ingest(*args: str) -> object:
    result = CliRunner().invoke(main, ["ingest", "--pipeline", SYNTH, "--no-progress", *args])
    assert result.exit_code == 0, result.output
    return result


def test_ingest_twice_changes_nothing_and_reports_duplicates(tmp_path: Path, db_url: str) -> None:  # noqa: F811
    write_articles(tmp_path / "in", 20)
    first = ingest(str(tmp_path / "in"), "--db", db_url, "--published", "2024-11-01", "--source", "Synth")
    assert "stored 20 articles" in first.stderr and "articles/s" in first.stderr
    with open_store(db_url) as s:
        before = s.counts()
    second = ingest(str(tmp_path / "in"), "--db", db_url)
    assert "stored 0 articles" in second.stderr and "skipped as duplicate: 20" in second.stderr
    with open_store(db_url) as s:
        assert s.counts() == before and before["events"] == 20
        art = s.get_article(s.events()[0]["article_id"])
        assert (art["published"], art["source"]) == ("2024-11-01", "Synth")


def test_bad_files_are_quarantined_with_reasons(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write_articles(folder, 2)
    (folder / "notes.txt").write_text("Shopping list: eggs, milk, bread.\n", encoding="utf-8")
    (folder / "blob.bin").write_bytes(bytes(range(256)) * 8)
    db = str(tmp_path / "e.db")
    result = ingest(str(folder), "--db", db)
    assert "stored 2 articles" in result.stderr and "quarantined: 2" in result.stderr
    assert "not a synthetic report" in result.stderr
    with open_store(db) as s:
        origins = {Path(r["origin"].split(":")[0].split("#")[0]).name for r in s.quarantined()}
    assert origins == {"notes.txt", "blob.bin"}


def _count(url: str, table: str) -> int:
    try:
        with open_store(url, migrate=False) as s:
            return s.counts()[table]
    except Exception:  # schema not created yet
        return 0


def test_sigkill_mid_ingest_then_rerun_loses_and_doubles_nothing(tmp_path: Path, db_url: str) -> None:  # noqa: F811
    n = 1500
    paths = write_articles(tmp_path / "in", n)
    cmd = [sys.executable, "-c", "from eventwire.cli import main; main()", "ingest", str(tmp_path / "in"),
           "--db", db_url, "--pipeline", SYNTH, "--no-progress"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while _count(db_url, "articles") < 100 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    stored_at_kill = _count(db_url, "articles")
    assert 0 < stored_at_kill < n, "the kill must land mid-run"
    with open_store(db_url) as s:  # what survived is whole: every stored article has its event
        c = s.counts()
        assert c["events"] == c["event_sources"] == c["articles"] == stored_at_kill
    rerun = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    assert f"skipped as duplicate: {stored_at_kill}" in rerun.stderr
    with open_store(db_url) as s:
        c = s.counts()
        assert c == {"articles": n, "mentions": 4 * n, "events": n, "event_sources": n, "quarantine": 0}
        hashes = {r["content_hash"] for r in s._query("SELECT content_hash FROM articles")}
        assert hashes == {content_hash(p.read_text(encoding="utf-8")) for p in paths}
        numbers: dict[str, list[int]] = {}
        for e in s.events():
            cnty = e["event_id_cnty"]
            numbers.setdefault(cnty[:3], []).append(int(cnty[3:]))
        # Running numbers are contiguous: the killed transaction took none with it.
        assert all(sorted(v) == list(range(1, len(v) + 1)) for v in numbers.values())
        assert [e["seq"] for e in s.events()] == list(range(1, n + 1))


def test_query_formats(tmp_path: Path) -> None:
    write_articles(tmp_path / "in", 30)
    db = str(tmp_path / "e.db")
    ingest(str(tmp_path / "in"), "--db", db)
    runner = CliRunner()
    as_json = runner.invoke(main, ["query", "--db", db, "--country", "Iraq", "--format", "json"])
    assert as_json.exit_code == 0, as_json.output
    events = json.loads(as_json.stdout)
    assert events and all(e["country"] == "Iraq" for e in events)
    assert list(events[0]) == list(EVENT_FIELDS)
    near = runner.invoke(main, ["query", "--db", db, "--near", "35.47,44.39", "--km", "10", "--format", "csv"])
    lines = near.stdout.splitlines()
    assert lines[0].startswith("event_id,") and len(lines) > 1 and all(",Kirkuk," in x for x in lines[1:])
    table = runner.invoke(main, ["query", "--db", db, "--min-fatalities", "28", "--since", "2024-01-26"])
    rows = table.stdout.splitlines()
    assert table.exit_code == 0 and rows[0].startswith("event_id_cnty") and "3 events" in table.stderr
    assert [r.split()[1] for r in rows[1:]] == ["2024-01-28", "2024-01-29", "2024-01-30"]  # article i: day i+1, i+1 deaths
    bad = runner.invoke(main, ["query", "--db", db, "--bbox", "1,2,3"])
    assert bad.exit_code != 0 and "W,S,E,N" in bad.output


# Two rewrites of the main event of ../shared/examples/iraq-hamrin-raid.txt, written by the team.
REWRITE_1 = """BAGHDAD, Oct 15 - Nine Islamic State commanders, among them the group's leader in Iraq, were killed when Iraqi troops raided hideouts in the Hamrin Mountains, the Iraqi military said on Tuesday.
The Joint Operations Command said the raid in the rugged northern range was backed by the US-led coalition and that weapons were seized.
"""
REWRITE_2 = """Iraq says it killed IS leader in Hamrin raid
Iraqi security forces killed nine senior Islamic State militants, including the man who led the group in Iraq, in a raid on hideouts in the Hamrin Mountains, authorities announced on Tuesday.
Officials described the operation as a heavy blow to the jihadist group's remaining cells in northern Iraq.
"""


@pytest.mark.slow
def test_real_pipeline_merges_the_example_with_two_rewrites(tmp_path: Path, hamrin_text: str) -> None:
    pytest.importorskip("eventwire.pipeline")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a-original.txt").write_text(hamrin_text, encoding="utf-8")
    db = str(tmp_path / "e.db")
    runner = CliRunner()
    args = ["ingest", "--no-progress", "--db", db, "--published", "2024-10-15"]
    first = runner.invoke(main, [*args, str(folder / "a-original.txt")])
    assert first.exit_code == 0, first.output
    with open_store(db) as s:
        n_events = s.counts()["events"]
    assert n_events >= 1
    again = runner.invoke(main, [*args, str(folder / "a-original.txt")])
    assert "skipped as duplicate: 1" in again.stderr
    (folder / "b-rewrite.txt").write_text(REWRITE_1, encoding="utf-8")
    (folder / "c-rewrite.txt").write_text(REWRITE_2, encoding="utf-8")
    result = runner.invoke(main, [*args, str(folder)])
    assert result.exit_code == 0, result.output
    with open_store(db) as s:
        mains = [e for e in s.events() if e["location"] and "Hamrin" in e["location"] and e["event_type"] == "Battles"]
        assert len(mains) == 1, [(e["event_type"], e["location"], e["n_sources"]) for e in s.events()]
        assert mains[0]["n_sources"] == 3 and mains[0]["fatalities"] == 9


@pytest.mark.slow
def test_real_pipeline_ingest_of_the_example_articles_twice_keeps_the_event_count(tmp_path: Path) -> None:
    pytest.importorskip("eventwire.pipeline")
    articles = shared_path("examples", "articles-dev.jsonl")
    db = str(tmp_path / "e.db")
    runner = CliRunner()
    first = runner.invoke(main, ["ingest", "--no-progress", "--db", db, str(articles)])
    assert first.exit_code == 0, first.output
    with open_store(db) as s:
        before = s.counts()
    assert before["articles"] == len(articles.read_text(encoding="utf-8").splitlines()) and before["events"] > 0
    second = runner.invoke(main, ["ingest", "--no-progress", "--db", db, str(articles)])
    assert f"skipped as duplicate: {before['articles']}" in second.stderr
    with open_store(db) as s:
        assert s.counts() == before


def test_query_near_a_place_name_uses_the_geocoder(tmp_path: Path) -> None:
    pytest.importorskip("eventwire.resolve.geocode")
    write_articles(tmp_path / "in", 30)
    db = str(tmp_path / "e.db")
    ingest(str(tmp_path / "in"), "--db", db)
    runner = CliRunner()
    near = runner.invoke(main, ["query", "--db", db, "--near", "Kirkuk", "--km", "20", "--format", "json"])
    assert near.exit_code == 0, near.output
    places = {e["location"] for e in json.loads(near.stdout)}
    assert places == {"Kirkuk"}
    nowhere = runner.invoke(main, ["query", "--db", db, "--near", "Qqqxzvillezz", "--km", "20"])
    assert nowhere.exit_code != 0 and "no place called" in nowhere.output


def test_default_database_is_eventwire_db_in_the_working_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("EVENTWIRE_DB", raising=False)
    write_articles(tmp_path / "in", 3)
    ingest(str(tmp_path / "in"))
    assert (tmp_path / "eventwire.db").is_file()
    with open_store(str(tmp_path / "eventwire.db")) as s:
        assert s.counts()["events"] == 3
        assert s._query("PRAGMA journal_mode")[0]["journal_mode"] == "wal"
