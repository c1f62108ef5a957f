"""The team's example articles (examples/*.txt) and their gold files (examples/*.gold.json).

Protects what the evaluation harness and the README rely on: each gold file's text is its .txt file,
every evidence / non-event / excluded fragment is verbatim in the text, fields use codebook names
(types and sub-types of §2, actor types and interaction codes of §3), dates agree with their
precision, and the examples keep covering every event type they were written for.
"""

from __future__ import annotations

import json
import re
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import EXAMPLES, ROOT, shared_path

GOLD_FILES = sorted(EXAMPLES.glob("*.gold.json"))
SLUGS = [p.name[: -len(".gold.json")] for p in GOLD_FILES]

TOP_KEYS = {"id", "title", "url", "publication_date", "text", "events", "non_events", "excluded_events", "notes"}
EVENT_KEYS = {
    "role", "event_type", "sub_event_type", "event_date", "time_precision", "actor1", "actor1_type",
    "actor2", "actor2_type", "assoc_actors", "country", "admin1", "location", "latitude", "longitude",
    "geo_precision", "fatalities", "evidence",
}
WINDOW_KEYS = {"date_start", "date_end"}
SEP = " | "  # evidence fragments are joined with this separator

# What the examples were written to cover (task brief); removing the last example of one fails.
REQUIRED_SUBTYPES = {
    ("Explosions/Remote violence", "Air/drone strike"),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    ("Explosions/Remote violence", "Suicide bomb"),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("Violence against civilians", "Attack"),
    ("Violence against civilians", "Abduction/forced disappearance"),
    ("Protests", "Peaceful protest"),
    ("Protests", "Protest with intervention"),
    ("Riots", "Violent demonstration"),
    ("Riots", "Mob violence"),
    ("Strategic developments", "Arrests"),
    ("Battles", "Armed clash"),
    ("Battles", "Government regains territory"),
    ("Battles", "Non-state actor overtakes territory"),
}


def _load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def _gold(slug: str) -> dict[str, Any]:
    return _load(EXAMPLES / f"{slug}.gold.json")


def _events() -> list[tuple[str, dict[str, Any]]]:
    return [(s, e) for s in SLUGS for e in _gold(s)["events"]]


def _fragments(ev: dict[str, Any]) -> list[str]:
    return [f for f in ev["evidence"].split(SEP)]


@lru_cache(maxsize=1)
def _codebook() -> str:
    return shared_path("docs", "codebook.md").read_text(encoding="utf-8")


def _section(text: str, number: int) -> str:
    """Return the body of codebook section ``## <number>.``."""
    m = re.search(rf"^## {number}\..*?(?=^## \d+\.|\Z)", text, flags=re.M | re.S)
    assert m, f"codebook section {number} not found"
    return m.group(0)


def _table_rows(section: str) -> list[list[str]]:
    """Return the body cells of the first markdown table in a section."""
    rows = [ln for ln in section.splitlines() if ln.startswith("|")]
    return [[c.strip() for c in ln.strip().strip("|").split("|")] for ln in rows[2:]]


@lru_cache(maxsize=1)
def codebook_taxonomy() -> frozenset[tuple[str, str]]:
    """Return the (event_type, sub_event_type) pairs of codebook §2."""
    pairs, current = set(), ""
    for cells in _table_rows(_section(_codebook(), 2)):
        current = cells[0] or current
        pairs.add((current, cells[1]))
    return frozenset(pairs)


@lru_cache(maxsize=1)
def codebook_inter() -> dict[str, int]:
    """Return actor type label -> inter code, from codebook §3."""
    return {cells[1]: int(cells[0]) for cells in _table_rows(_section(_codebook(), 3))}


@lru_cache(maxsize=1)
def codebook_interactions() -> frozenset[int]:
    """Return the valid numeric interaction codes listed in codebook §3."""
    m = re.search(r"valid numeric values:(.*?)\.\s", _section(_codebook(), 3), flags=re.S)
    assert m, "list of valid interaction codes not found in codebook §3"
    codes: set[int] = set()
    for tok in re.split(r"[,\s]+", m.group(1).strip()):
        lo, _, hi = tok.replace("\u2013", "-").partition("-")
        codes.update(range(int(lo), int(hi or lo) + 1))
    return frozenset(codes)


def package_taxonomy() -> frozenset[tuple[str, str]]:
    """Return the (event_type, sub_event_type) pairs of eventwire/data/taxonomy.tsv."""
    path = ROOT / "eventwire" / "data" / "taxonomy.tsv"
    if not path.exists():
        pytest.skip("eventwire/data/taxonomy.tsv not present")
    rows = [ln.split("\t") for ln in path.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    return frozenset((r[1], r[2]) for r in rows)


def _day(s: str) -> date:
    return date.fromisoformat(s)


def test_there_are_twelve_examples_and_a_showcase():
    assert len(SLUGS) >= 12
    assert "showcase-airstrike" in SLUGS
    mains = [e for e in _gold("showcase-airstrike")["events"] if e["role"] == "main"]
    assert [(e["event_type"], e["sub_event_type"]) for e in mains] == [
        ("Explosions/Remote violence", "Air/drone strike")
    ]
    assert any(e["role"] == "background" and e["sub_event_type"] == "Armed clash"
               for e in _gold("showcase-airstrike")["events"])


@pytest.mark.parametrize("slug", SLUGS)
def test_text_file_is_the_gold_text(slug: str):
    txt = (EXAMPLES / f"{slug}.txt").read_text(encoding="utf-8")
    assert txt == _gold(slug)["text"]
    assert 150 <= len(txt.split()) <= 450


@pytest.mark.parametrize("slug", SLUGS)
def test_top_level_keys_and_values(slug: str):
    g = _gold(slug)
    assert set(g) == TOP_KEYS
    assert g["id"] == f"example-{slug}"
    assert g["url"] is None
    assert isinstance(g["title"], str) and g["title"]
    assert 2024 <= _day(g["publication_date"]).year <= 2026
    assert isinstance(g["notes"], str) and g["notes"]
    assert all(isinstance(x, str) and x for x in g["non_events"])
    assert all(set(x) == {"evidence", "reason"} for x in g["excluded_events"])


@pytest.mark.parametrize("slug,ev", _events(), ids=lambda x: x if isinstance(x, str) else "")
def test_event_fields(slug: str, ev: dict[str, Any]):
    keys = set(ev)
    assert EVENT_KEYS <= keys and keys - EVENT_KEYS <= WINDOW_KEYS
    assert ev["role"] in {"main", "background"}
    assert ev["time_precision"] in {1, 2, 3}
    assert ev["geo_precision"] in {1, 2, 3}
    assert isinstance(ev["fatalities"], int) and ev["fatalities"] >= 0
    assert isinstance(ev["assoc_actors"], list) and all(isinstance(a, str) and a for a in ev["assoc_actors"])
    assert isinstance(ev["actor1"], str) and ev["actor1"]
    assert (ev["actor2"] is None) == (ev["actor2_type"] is None)
    assert ev["country"] and ev["admin1"] and ev["location"]
    lat, lon = ev["latitude"], ev["longitude"]
    assert -90 <= lat <= 90 and -180 <= lon <= 180
    assert round(lat, 4) == lat and round(lon, 4) == lon  # ACLED: 4 decimals at most


@pytest.mark.parametrize("slug", SLUGS)
def test_every_fragment_is_verbatim_in_the_text(slug: str):
    g = _gold(slug)
    text = g["text"]
    frags = [f for ev in g["events"] for f in _fragments(ev)]
    frags += g["non_events"] + [x["evidence"] for x in g["excluded_events"]]
    missing = [f for f in frags if not f or f not in text]
    assert not missing


@pytest.mark.parametrize("slug", SLUGS)
def test_non_events_do_not_overlap_event_evidence(slug: str):
    """A fragment cannot be both evidence of an event and a non-event."""
    g = _gold(slug)
    text = g["text"]

    def span(f: str) -> tuple[int, int]:
        i = text.index(f)
        return i, i + len(f)

    ev_spans = [span(f) for ev in g["events"] for f in _fragments(ev)]
    for f in g["non_events"] + [x["evidence"] for x in g["excluded_events"]]:
        a, b = span(f)
        clashes = [s for s in ev_spans if a < s[1] and s[0] < b]
        assert not clashes, f"{f!r} overlaps evidence {[text[s[0]:s[1]] for s in clashes]}"


@pytest.mark.parametrize("slug,ev", _events(), ids=lambda x: x if isinstance(x, str) else "")
def test_types_are_in_the_codebook_taxonomy(slug: str, ev: dict[str, Any]):
    pair = (ev["event_type"], ev["sub_event_type"])
    assert pair in codebook_taxonomy()
    assert pair in package_taxonomy()


def test_package_taxonomy_matches_codebook():
    assert package_taxonomy() == codebook_taxonomy()


@pytest.mark.parametrize("slug,ev", _events(), ids=lambda x: x if isinstance(x, str) else "")
def test_actor_types_and_interaction_code(slug: str, ev: dict[str, Any]):
    inter = codebook_inter()
    assert ev["actor1_type"] in inter
    assert ev["actor2_type"] is None or ev["actor2_type"] in inter
    a, b = sorted([inter[ev["actor1_type"]], inter.get(ev["actor2_type"] or "", 0)])
    code = int(f"{b}{a}") if a == 0 else int(f"{a}{b}")
    assert code in codebook_interactions()


def test_codebook_lists_44_interaction_codes():
    assert len(codebook_interactions()) == 44


@pytest.mark.parametrize("slug,ev", _events(), ids=lambda x: x if isinstance(x, str) else "")
def test_actor_roles_follow_the_codebook(slug: str, ev: dict[str, Any]):
    """Victims are actor2 in VAC; crowds are actor1 of protests and riots (codebook §2-§3)."""
    if ev["event_type"] == "Violence against civilians":
        assert ev["actor2_type"] == "Civilians"
        assert ev["actor1_type"] not in {"Civilians", "Protesters"}
    if ev["event_type"] == "Protests":
        assert ev["actor1_type"] == "Protesters"
    if ev["event_type"] == "Riots":
        assert ev["actor1_type"] == "Rioters"
    if ev["sub_event_type"] == "Peaceful protest":
        assert ev["actor2"] is None and ev["fatalities"] == 0
    if ev["sub_event_type"] == "Government regains territory":
        assert ev["actor1_type"] == "State forces"
    if ev["sub_event_type"] == "Non-state actor overtakes territory":
        assert ev["actor1_type"] != "State forces"
    if ev["sub_event_type"] == "Arrests":
        assert ev["actor1_type"] == "State forces"


@pytest.mark.parametrize("slug,ev", _events(), ids=lambda x: x if isinstance(x, str) else "")
def test_dates_agree_with_precision(slug: str, ev: dict[str, Any]):
    published = _day(_gold(slug)["publication_date"])
    day = _day(ev["event_date"])
    assert day <= published
    if ev["role"] == "main":
        assert (published - day).days <= 7
    if ev["time_precision"] == 1:
        assert not WINDOW_KEYS & set(ev)
        return
    start, end = _day(ev["date_start"]), _day(ev["date_end"])
    assert start <= day <= end
    span = (end - start).days
    if ev["time_precision"] == 2:
        assert 1 <= span <= 6
    else:
        assert span <= 30 and (start.year, start.month) == (end.year, end.month)


def test_examples_cover_the_event_types():
    covered = {(e["event_type"], e["sub_event_type"]) for _, e in _events()}
    assert REQUIRED_SUBTYPES <= covered, REQUIRED_SUBTYPES - covered


def test_there_is_a_negative_example_and_a_round_up():
    assert any(not _gold(s)["events"] and _gold(s)["non_events"] for s in SLUGS)

    def is_round_up(slug: str) -> bool:
        mains = [e for e in _gold(slug)["events"] if e["role"] == "main"]
        return any(a["event_date"] == b["event_date"] and a["location"] != b["location"]
                   for i, a in enumerate(mains) for b in mains[i + 1:])

    assert any(is_round_up(s) for s in SLUGS)


def test_articles_jsonl_matches_the_gold_files():
    rows = [json.loads(ln) for ln in (EXAMPLES / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == [_gold(s)["id"] for s in SLUGS]
    for row, slug in zip(rows, SLUGS):
        assert row.pop("text_source").startswith(f"eventwire examples/{slug}.txt")
        assert row == _gold(slug)
