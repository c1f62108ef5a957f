"""The store on both backends: migrations, round trips, idempotent loading, merging, quarantine, queries."""

from __future__ import annotations

import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire.errors import StoreError
from eventwire.store import EVENT_COLUMN_NAMES, EventFilter, open_store
from eventwire.store.loader import Loader, content_hash
from eventwire.store.migrations import migration_names
from eventwire.types import EVENT_FIELDS, Event, Evidence, article_id_for
from tests.store_backends import ScriptedPipeline, db_url, doc, key_dedupe, pg_schema_url, skipped  # noqa: F401

# Three reports of one clash (different wording and tolls) and a different incident in the same town.
WIRE = "Iraqi forces clashed with Islamic State fighters near Kirkuk on Monday. Five fighters died."
LOCAL = "Five or seven militants were killed in a gun battle with the army outside Kirkuk, residents said."
FOLLOW = "The death toll from Monday's Kirkuk clash rose to nine, officials said."
MARKET = "A bomb exploded in a Kirkuk market on Monday, killing two shoppers."


def clash(n_low: int, n_high: int | None = None, **kw: object) -> dict[str, object]:
    return dict(event_date="2024-10-14", location="Kirkuk", country="Iraq", iso3="IRQ", admin1="Kirkuk",
                latitude=35.4681, longitude=44.3922, geo_precision=2, time_precision=1,
                actor1="Military Forces of Iraq (2022-)", actor1_type="State forces",
                actor2="Islamic State (Iraq)", actor2_type="Rebel group", interaction="12",
                fatalities=n_low, fatalities_low=n_low, fatalities_high=n_high or n_low, **kw)


SCRIPT = {
    WIRE: [clash(5)],
    LOCAL: [clash(5, 7, quote="Five or seven militants were killed")],
    FOLLOW: [clash(9, role="background", quote="The death toll from Monday's Kirkuk clash rose to nine")],
    MARKET: [dict(clash(2), event_type="Explosions/Remote violence", sub_event_type="Remote explosive/landmine/IED",
                  actor1="Unidentified Armed Group (Iraq)", actor1_type="Political militia",
                  actor2="Civilians (Iraq)", actor2_type="Civilians", interaction="37",
                  civilian_targeting="Civilians targeted", geo_precision=1)],
}


@pytest.fixture
def store(db_url: str):  # noqa: F811
    s = open_store(db_url)
    yield s
    s.close()


def loader(store, dedupe=None) -> Loader:
    return Loader(store, ScriptedPipeline({k: [dict(e) for e in v] for k, v in SCRIPT.items()}), dedupe or key_dedupe())


def test_migrations_are_recorded_in_order_and_applied_once(db_url: str) -> None:  # noqa: F811
    with open_store(db_url) as s:
        assert s.applied_migrations() == migration_names()
        assert s.migrate() == []
    with open_store(db_url) as again:  # reopening does not re-run anything
        assert again.migrate() == [] and again.applied_migrations() == migration_names()


def test_every_event_field_has_a_column() -> None:
    assert set(EVENT_FIELDS) == set(EVENT_COLUMN_NAMES)


def test_unsupported_url_is_a_clear_error() -> None:
    with pytest.raises(StoreError, match="unsupported database URL"):
        open_store("mysql://localhost/db")


_text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=30)
_opt_text = st.none() | _text
_int = st.integers(-(2**62), 2**62)
_float = st.floats(allow_nan=False, allow_infinity=False)
_events = st.builds(
    Event, event_id=_text, article_id=_text, role=_text, event_type=_text, sub_event_type=_text,
    disorder_type=_text, event_date=_opt_text, date_start=_opt_text, date_end=_opt_text,
    time_precision=st.none() | _int, actor1=_opt_text, actor1_type=_opt_text, actor2=_opt_text,
    actor2_type=_opt_text, assoc_actors=st.lists(_text, max_size=3).map(tuple), interaction=_opt_text,
    civilian_targeting=_opt_text, country=_opt_text, iso3=_opt_text, admin1=_opt_text, admin2=_opt_text,
    location=_opt_text, latitude=st.none() | _float, longitude=st.none() | _float,
    geo_precision=st.none() | _int, where_prec=st.none() | _int, gazetteer_id=_opt_text, fatalities=_int,
    fatalities_low=_int, fatalities_high=_int, wounded=st.none() | _int, arrested=st.none() | _int,
    abducted=st.none() | _int, confidence=_float, notes=_text, source=_opt_text, url=_opt_text,
    published=_opt_text,
    evidence=st.lists(st.builds(Evidence, field=_text, start=_int, end=_int, text=_text), max_size=3).map(tuple),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(event=_events)
def test_event_round_trips_through_the_store(store, event: Event) -> None:
    # event_id is the primary key: make each example's unique so examples share one database.
    event = event.replace(event_id=event.event_id + uuid.uuid4().hex)
    with store.transaction():
        store.insert_event(event.to_dict(), {"seq": store.next_number("events"), "event_id_cnty": uuid.uuid4().hex,
                                             "cluster_id": "c", "created_at": 0, "updated_at": 0})
    assert Event.from_dict(store.get_event(event.event_id)) == event


def test_reingest_is_idempotent(store) -> None:
    docs = [doc(WIRE, "wire"), doc(MARKET, "market")]
    first = loader(store).load_all(docs)
    before = store.counts()
    second = loader(store).load_all(docs)
    assert (first.stored, second.stored, second.duplicates) == (2, 0, 2)
    assert store.counts() == before and before["events"] == 2


def test_reports_of_one_event_merge_with_stable_ids_and_per_source_values(store) -> None:
    ld = loader(store)
    ld.load(doc(WIRE, "wire", source="Wire"))
    [created] = store.events()
    for text, name in ((LOCAL, "Local"), (MARKET, "Paper"), (FOLLOW, "Paper")):
        ld.load(doc(text, name, source=name))
    events = store.events()
    assert len(events) == 2  # the market bombing stays apart from the clash
    clash_ev = next(e for e in events if e["event_type"] == "Battles")
    assert (clash_ev["event_id"], clash_ev["event_id_cnty"], clash_ev["seq"]) == \
        (created["event_id"], created["event_id_cnty"], created["seq"])
    assert clash_ev["n_sources"] == 3 and clash_ev["role"] == "main"
    assert (clash_ev["fatalities"], clash_ev["fatalities_low"], clash_ev["fatalities_high"]) == (5, 5, 9)
    own = store.source_records(clash_ev["event_id"])
    assert [(r["fatalities_low"], r["fatalities_high"], r["role"]) for r in own] == \
        [(5, 5, "main"), (5, 7, "main"), (9, 9, "background")]
    assert store.candidates([], None) == []


def test_country_running_numbers_are_assigned_once_and_never_reused(store) -> None:
    ld = loader(store)
    for text in (WIRE, MARKET, LOCAL):
        ld.load(doc(text, text[:10]))
    assert [e["event_id_cnty"] for e in store.events()] == ["IRQ1", "IRQ2"]


def test_near_duplicate_copy_is_linked_and_not_an_independent_source(store) -> None:
    copy = WIRE.replace("Monday", "Monday,")
    script = {**SCRIPT, copy: [clash(5)]}
    original_id = article_id_for(WIRE, None)
    dd = key_dedupe(near={copy: original_id})
    ld = Loader(store, ScriptedPipeline({k: [dict(e) for e in v] for k, v in script.items()}), dd)
    ld.load(doc(WIRE, "wire"))
    result = ld.load(doc(copy, "copy"))
    assert result.near_duplicate_of == original_id
    [ev] = store.events()
    assert ev["n_sources"] == 1
    links = store.sources([ev["event_id"]])[ev["event_id"]]
    assert [(s["independent"], s["near_duplicate_of"]) for s in links] == [(True, None), (False, original_id)]


def test_bad_inputs_are_quarantined_once_with_their_reason(store) -> None:
    docs = [doc("Ceci n'est pas un article.", "french.txt"), skipped("image.png", "binary file"), doc(WIRE, "wire")]
    summary = loader(store).load_all(docs)
    assert summary.stored == 1 and sum(summary.quarantined.values()) == 2
    loader(store).load_all(docs)
    rows = store.quarantined()
    assert sorted((r["origin"], r["reason"]) for r in rows) == [
        ("french.txt", "[E103] not English news text"), ("image.png", "binary file")]
    assert rows[0]["content_hash"] in {content_hash("Ceci n'est pas un article."), content_hash("image.png\0binary file")}


def test_a_failure_while_storing_rolls_back_the_whole_article(store) -> None:
    dd = key_dedupe()

    def broken_merge(records):
        raise RuntimeError("disk full")

    dd.merge_records = broken_merge
    with pytest.raises(RuntimeError):
        loader(store, dd).load(doc(WIRE, "wire"))
    assert store.counts() == {"articles": 0, "mentions": 0, "events": 0, "event_sources": 0, "quarantine": 0}
    assert loader(store).load(doc(WIRE, "wire")).status == "stored"  # and a retry stores it


def test_mentions_keep_offsets_into_the_article_text(store) -> None:
    loader(store).load(doc(LOCAL, "local"))
    [ev] = store.events()
    art = store.get_article(ev["article_id"])
    mentions = store.mentions(ev["article_id"])
    assert mentions and all(art["text"][m["start"]:m["end"]] == m["text"] for m in mentions)
    assert art["raw"] == LOCAL and art["content_hash"] == content_hash(LOCAL)


def test_query_filters(store) -> None:
    ld = loader(store)
    for text in (WIRE, MARKET):
        ld.load(doc(text, text[:5]))

    def types_of(**kw: object) -> list[str]:
        return sorted(e["event_type"] for e in store.events(EventFilter(**kw)))

    assert types_of(country="iraq") == types_of(country="IRQ") == ["Battles", "Explosions/Remote violence"]
    assert types_of(country="Syria") == []
    assert types_of(since="2024-10-14", until="2024-10-14") == ["Battles", "Explosions/Remote violence"]
    assert types_of(since="2024-10-15") == []
    assert types_of(event_type="armed clash") == ["Battles"]
    assert types_of(actor="islamic state") == ["Battles"]
    assert types_of(min_fatalities=3) == ["Battles"]
    assert types_of(bbox=(44.0, 35.0, 45.0, 36.0)) == ["Battles", "Explosions/Remote violence"]
    assert types_of(bbox=(40.0, 30.0, 41.0, 31.0)) == []
    assert types_of(near=(35.56, 44.39), km=15) == ["Battles", "Explosions/Remote violence"]  # ~10 km north
    assert types_of(near=(35.56, 44.39), km=5) == []


def test_postgres_refuses_text_it_cannot_hold_with_a_store_error(pg_schema_url: str) -> None:  # noqa: F811
    with open_store(pg_schema_url) as s:
        ev = Event("e\x00", "a", "main", "Battles", "Armed clash", "Political violence")
        with pytest.raises(StoreError):
            with s.transaction():
                s.insert_event(ev.to_dict(), {"seq": 1, "event_id_cnty": "X1", "cluster_id": "c",
                                              "created_at": 0, "updated_at": 0})
        assert s.counts()["events"] == 0


REWRITE = ("Iraqi forces clashed with Islamic State fighters near Kirkuk on Monday, and five of the fighters died, "
           "officials said. The clash began before dawn and lasted several hours, according to a security source "
           "who asked not to be named. Residents reported hearing gunfire and explosions across the area.")


def test_real_dedupe_links_a_syndicated_copy_across_runs(store) -> None:
    dedupe = pytest.importorskip("eventwire.dedupe")
    copy = REWRITE.replace("across the area", "across the whole area")
    script = {REWRITE: [clash(5)], copy: [clash(5)]}
    Loader(store, ScriptedPipeline({k: [dict(e) for e in v] for k, v in script.items()}), dedupe).load(doc(REWRITE, "wire"))
    # A new process: the index is rebuilt from the stored signatures.
    result = Loader(store, ScriptedPipeline({k: [dict(e) for e in v] for k, v in script.items()}), dedupe).load(doc(copy, "copy"))
    assert result.near_duplicate_of == article_id_for(REWRITE, None)
    [ev] = store.events()
    assert ev["n_sources"] == 1 and len(store.sources([ev["event_id"]])[ev["event_id"]]) == 2


def test_real_dedupe_merges_reports_and_keeps_the_market_bombing_apart(store) -> None:
    dedupe = pytest.importorskip("eventwire.dedupe")
    ld = loader(store, dedupe)
    for text in (WIRE, LOCAL, MARKET, FOLLOW):
        ld.load(doc(text, text[:8], source=text[:8]))
    events = sorted(store.events(), key=lambda e: e["event_type"])
    assert [(e["event_type"], e["n_sources"]) for e in events] == [("Battles", 3), ("Explosions/Remote violence", 1)]
    assert (events[0]["fatalities"], events[0]["fatalities_high"]) == (5, 9)


def test_incremental_merging_in_the_store_meets_the_dedup_floors_on_the_team_corpus(store) -> None:
    """Articles arrive one at a time (as in `eventwire ingest`), not as one batch to cluster."""
    pytest.importorskip("eventwire.dedupe")
    from collections import defaultdict
    from datetime import date

    from eventwire._dedupe_eval import DEFAULT_CORPUS, _hard_negative_pairs, evaluate, load_corpus
    from eventwire.types import Article

    records, labels, groups = load_corpus(DEFAULT_CORPUS)
    by_article: dict[str, list[dict]] = defaultdict(list)
    for r in records:
        by_article[r["article_id"]].append(r)
    articles = {aid: a for g in groups for aid, a in g["articles"].items()}
    by_text = {a["text"]: aid for aid, a in articles.items()}

    class CorpusPipeline:
        def extract(self, text: str, **meta: object) -> tuple[Article, list[Event]]:
            aid = by_text[text]
            a = articles[aid]
            art = Article(aid, text, published=date.fromisoformat(a["published"]), source=a["source"], url=a["url"])
            return art, [Event.from_dict(r) for r in by_article[aid]]

    from eventwire import dedupe

    ld = Loader(store, CorpusPipeline(), dedupe)
    for aid, a in articles.items():
        assert ld.load(doc(a["text"], aid, url=a["url"])).status == "stored"
    canonical = {(s["article_id"], s["source_event_id"]): eid
                 for eid, links in store.sources().items() for s in links}
    clusters: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(records):
        clusters[canonical[(r["article_id"], r["event_id"])]].append(i)
    report = evaluate(records, labels, list(clusters.values()), _hard_negative_pairs(records, labels, groups))
    print(report.line())
    assert report.precision >= 0.95 and report.recall >= 0.90
