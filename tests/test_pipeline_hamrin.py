"""The real example article (issue 2, "Must show"): exactly three events, traps left out."""

from __future__ import annotations

import datetime as dt
import math

import pytest

import eventwire


@pytest.fixture(scope="module")
def hamrin(hamrin_text: str) -> tuple[eventwire.Article, list[eventwire.Event]]:
    return eventwire.extract(hamrin_text, published=dt.date(2024, 10, 15))


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(a))


def test_exactly_three_events(hamrin):
    _, events = hamrin
    assert len(events) == 3
    assert [e.role for e in events].count("main") == 1


def test_main_event_is_the_hamrin_raid(hamrin):
    _, events = hamrin
    main = next(e for e in events if e.role == "main")
    assert (main.event_type, main.sub_event_type) == ("Battles", "Armed clash")
    assert main.actor1_type == "State forces" and "Iraq" in main.actor1
    assert main.actor2_type == "Rebel group" and main.actor2 == "Islamic State"
    assert any("oalition" in a for a in main.assoc_actors)
    assert main.fatalities == 9
    assert main.country == "Iraq"
    assert main.event_date is not None
    assert dt.date(2024, 10, 9) <= dt.date.fromisoformat(main.event_date) <= dt.date(2024, 10, 15)
    assert main.time_precision == 2
    assert "Hamrin" in (main.location or "")
    assert _km(main.latitude, main.longitude, 34.5, 44.5) <= 60
    assert main.interaction == "12"


def test_background_earlier_this_month(hamrin):
    _, events = hamrin
    bg = [e for e in events if e.role == "background" and e.event_date and e.event_date.startswith("2024-10")]
    assert len(bg) == 1
    e = bg[0]
    assert e.event_type == "Battles" and e.fatalities == 4
    assert e.time_precision == 3 and e.event_date < "2024-10-15"
    assert e.country == "Iraq" and e.geo_precision is None
    assert e.actor2 == "Islamic State" and e.actor1_type == "State forces"
    assert any("United States" in a or "US" in a for a in e.assoc_actors)


def test_background_august_western_desert(hamrin):
    _, events = hamrin
    bg = [e for e in events if e.role == "background" and e.event_date and e.event_date.startswith("2024-08")]
    assert len(bg) == 1
    e = bg[0]
    assert e.fatalities == 15 and e.time_precision == 3
    assert e.country == "Iraq" and e.admin1 and "Anbar" in e.admin1
    assert e.actor2 == "Islamic State"


@pytest.mark.parametrize("trap", [
    "READ ALSO", "defeated in Iraq in 2017", "1,500 and 3,000", "2,500 troops", "We will pursue",
])
def test_traps_produce_no_event(hamrin, trap):
    article, events = hamrin
    pos = article.text.index(trap)
    for e in events:
        for ev in e.evidence:
            assert not (ev.start <= pos < ev.end), f"{trap!r} supports {ev.field} of {e.event_id}"


def test_every_evidence_span_slices_to_its_text(hamrin):
    article, events = hamrin
    for e in events:
        assert e.evidence
        for ev in e.evidence:
            assert article.text[ev.start : ev.end] == ev.text


def test_relative_dates_stay_unresolved_without_publication_date(hamrin_text):
    _, events = eventwire.extract(hamrin_text)
    assert events
    today = dt.date.today().isoformat()
    for e in events:
        assert e.event_date != today
    # "Earlier this month" and "In August" cannot be placed without a publication date
    assert all(e.event_date is None for e in events if e.role == "background")
