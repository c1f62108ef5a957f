"""Dates: resolve_date rules against a publication date, find_dates over article text (codebook 5)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.extract.dates import find_dates
from eventwire.resolve.dates import DateValue, resolve_date

from .conftest import shared_path

D = dt.date
PUB = D(2024, 10, 15)  # a Tuesday


@pytest.mark.parametrize(
    "phrase, date, start, end, precision",
    [
        ("on Tuesday", D(2024, 10, 15), D(2024, 10, 15), D(2024, 10, 15), 1),  # publication weekday = that day
        ("on Sunday", D(2024, 10, 13), D(2024, 10, 13), D(2024, 10, 13), 1),
        ("last Tuesday", D(2024, 10, 8), D(2024, 10, 8), D(2024, 10, 8), 1),
        ("late on Thursday", D(2024, 10, 10), D(2024, 10, 10), D(2024, 10, 10), 1),
        ("Saturday night", D(2024, 10, 12), D(2024, 10, 12), D(2024, 10, 12), 1),
        ("yesterday", D(2024, 10, 14), D(2024, 10, 14), D(2024, 10, 14), 1),
        ("overnight", D(2024, 10, 14), D(2024, 10, 14), D(2024, 10, 14), 2),
        ("overnight Friday", D(2024, 10, 11), D(2024, 10, 11), D(2024, 10, 11), 2),
        ("last week", D(2024, 10, 10), D(2024, 10, 7), D(2024, 10, 13), 2),
        ("this week", D(2024, 10, 15), D(2024, 10, 14), D(2024, 10, 15), 2),
        ("on the weekend", D(2024, 10, 12), D(2024, 10, 12), D(2024, 10, 13), 2),
        ("over the past two days", D(2024, 10, 14), D(2024, 10, 13), D(2024, 10, 14), 2),
        ("three days ago", D(2024, 10, 12), D(2024, 10, 12), D(2024, 10, 12), 1),
        ("earlier this month", D(2024, 10, 8), D(2024, 10, 1), D(2024, 10, 14), 3),
        ("last month", D(2024, 9, 15), D(2024, 9, 1), D(2024, 9, 30), 3),
        ("late last month", D(2024, 9, 30), D(2024, 9, 21), D(2024, 9, 30), 3),
        ("early last month", D(2024, 9, 1), D(2024, 9, 1), D(2024, 9, 10), 3),
        ("mid-September", D(2024, 9, 15), D(2024, 9, 11), D(2024, 9, 20), 3),
        ("In August", D(2024, 8, 15), D(2024, 8, 1), D(2024, 8, 31), 3),
        ("in December", D(2023, 12, 15), D(2023, 12, 1), D(2023, 12, 31), 3),  # most recent December
        ("On 13 April 2020", D(2020, 4, 13), D(2020, 4, 13), D(2020, 4, 13), 1),
        ("On April 14", D(2024, 4, 14), D(2024, 4, 14), D(2024, 4, 14), 1),
        ("on Nov. 2", D(2023, 11, 2), D(2023, 11, 2), D(2023, 11, 2), 1),  # would be future -> year before
        ("Jan. 5", D(2024, 1, 5), D(2024, 1, 5), D(2024, 1, 5), 1),
        ("5 January", D(2024, 1, 5), D(2024, 1, 5), D(2024, 1, 5), 1),
        ("September 3, 2023", D(2023, 9, 3), D(2023, 9, 3), D(2023, 9, 3), 1),
        ("04/09/2021", D(2021, 4, 9), D(2021, 4, 9), D(2021, 4, 9), 1),  # GTD MM/DD/YYYY
        ("02/00/2021", D(2021, 2, 15), D(2021, 2, 1), D(2021, 2, 28), 3),  # GTD unknown day
        ("2022-06-30", D(2022, 6, 30), D(2022, 6, 30), D(2022, 6, 30), 1),
        ("12-14 March 2021", D(2021, 3, 13), D(2021, 3, 12), D(2021, 3, 14), 2),
        ("in March 2019", D(2019, 3, 15), D(2019, 3, 1), D(2019, 3, 31), 3),
        ("in 2017", None, D(2017, 1, 1), D(2017, 12, 31), 4),
        ("last year", None, D(2023, 1, 1), D(2023, 12, 31), 4),
    ],
)
def test_resolve_date_against_publication(phrase, date, start, end, precision):
    v = resolve_date(phrase, PUB)
    assert v is not None
    assert (v.date, v.start, v.end, v.precision) == (date, start, end, precision)
    assert v.text == phrase


@pytest.mark.parametrize(
    "phrase", ["within a year", "less than a year ago", "a year", "for three days", "since 2017",
               "two years ago", "a month ago", "decades"]
)
def test_durations_are_not_event_dates(phrase):
    assert resolve_date(phrase, PUB) is None


@pytest.mark.parametrize(
    "phrase, precision",
    [("on Tuesday", 1), ("yesterday", 1), ("last week", 2), ("earlier this month", 3), ("In August", 3),
     ("On April 14", 1), ("late last month", 3), ("overnight", 2)],
)
def test_relative_dates_without_publication_stay_unresolved(phrase, precision):
    v = resolve_date(phrase, None)
    assert v is not None and v.relative
    assert v.date is None and v.start is None and v.end is None
    assert v.precision == precision


def test_absolute_dates_resolve_without_publication():
    assert resolve_date("On 13 April 2020", None).date == D(2020, 4, 13)
    assert resolve_date("03/29/2021", None).date == D(2021, 3, 29)
    assert resolve_date("in 2017", None).start == D(2017, 1, 1)


@pytest.mark.parametrize(
    "context, phrase, kind, precision",
    [
        ("Iraqi authorities said ", "on Tuesday", "announcement", 2),
        ("the ministry announced ", "Monday", "announcement", 2),
        ("the Observatory told Reuters ", "on Sunday", "announcement", 2),
        ("the army said in a statement ", "on Friday", "announcement", 2),
        ("announced ", "last month", "announcement", 3),
        ("clashes were reported ", "on Sunday", "event", 1),  # passive: the clashes happened then
        ("gunmen stormed the village ", "on Sunday", "event", 1),
        ("The group was defeated ", "in 2017", "history", 4),
        ("elections are due ", "on November 2, 2025", "future", 1),
    ],
)
def test_kind_from_context(context, phrase, kind, precision):
    v = resolve_date(phrase, PUB, context=context)
    assert (v.kind, v.precision) == (kind, precision)


@pytest.mark.parametrize(
    "phrase, date, relative",
    [("October the 3rd", D(2024, 10, 3), True), ("the day before yesterday", D(2024, 10, 13), True),
     ("2024/10/03", D(2024, 10, 3), False)],
)
def test_dateparser_fallback_covers_forms_the_rules_miss(phrase, date, relative):
    v = resolve_date(phrase, PUB)
    assert v is not None and (v.date, v.relative) == (date, relative)


def test_fallback_never_uses_the_clock():
    assert resolve_date("October the 3rd", None) is None
    assert resolve_date("no date here at all", PUB) is None


def _dates(text: str, pub: dt.date | None) -> list[tuple[str, DateValue]]:
    spans = find_dates(text, 0, len(text), pub)
    assert all(s.check(text) and s.label == "DATE" for s in spans)
    return [(s.text, s.value) for s in spans]


def test_find_dates_offsets_and_kinds_in_wire_copy():
    text = ("KABUL - Taliban fighters stormed a police post in Ghazni province late on Saturday, "
            "killing four officers, a provincial spokesman said on Monday. A similar raid last week "
            "left two dead. The province has seen attacks since 2019.")
    got = _dates(text, D(2023, 5, 8))  # a Monday
    assert [t for t, _ in got] == ["late on Saturday", "on Monday", "last week"]
    sat, mon, week = (v for _, v in got)
    assert (sat.date, sat.precision, sat.kind) == (D(2023, 5, 6), 1, "event")
    assert (mon.date, mon.precision, mon.kind) == (D(2023, 5, 8), 2, "announcement")
    assert (week.date, week.start, week.end, week.precision) == (D(2023, 5, 4), D(2023, 5, 1), D(2023, 5, 7), 2)


def test_find_dates_offsets_inside_a_larger_text():
    text = "Intro paragraph.\n03/07/2021: An explosive device detonated near a market in Mogadishu."
    start = text.index("03/")
    spans = find_dates(text, start, len(text), None)
    assert [(s.start, s.text, s.value.date) for s in spans] == [(start, "03/07/2021", D(2021, 3, 7))]


def test_find_dates_joins_between_ranges():
    text = "Operations between Mar.28 and Apr.7 led to 262 arrests."
    (phrase, v), = _dates(text, D(2014, 4, 20))
    assert phrase == "Mar.28 and Apr.7"
    assert (v.start, v.end, v.precision) == (D(2014, 3, 28), D(2014, 4, 7), 3)


def test_habitual_weekdays_are_not_dates():
    text = "Gunmen attacked a Saturday market where protests are held every Friday."
    assert _dates(text, PUB) == []


def test_find_dates_skips_durations_and_bare_months():
    text = ("The mission will conclude within a year and has run for three days. Protesters may march "
            "again, and the May talks collapsed.")
    assert _dates(text, PUB) == []


def test_hamrin_example(hamrin_text):
    got = {t: v for t, v in _dates(hamrin_text, PUB)}
    tue = got["on Tuesday"]
    assert (tue.date, tue.precision, tue.kind) == (D(2024, 10, 15), 2, "announcement")
    early = got["Earlier this month"]
    assert early.precision == 3 and early.start == D(2024, 10, 1) and early.end < PUB and early.date < PUB
    aug = got["In August"]
    assert (aug.date, aug.precision, aug.kind) == (D(2024, 8, 15), 3, "event")
    assert got["in 2017"].kind == "history" and got["in 2017"].precision == 4
    assert got["in 2019"].kind == "history"
    assert "a year" not in " ".join(got)  # "less than a year ago", "within a year"


@pytest.mark.slow
def test_dev_first_event_date_matches_gold():
    """GTD/ACLED rows of the dev set (no publication date): first event date vs gold event_date."""
    rows = [json.loads(line) for line in shared_path("data", "gold", "dev.jsonl").open(encoding="utf-8")]
    scores = {}
    for name in ("GTD", "ACLED"):
        subset = [r for r in rows if r["dataset"] == name]
        ok = sum(_first_event_date(r) == r["gold"]["event_date"] for r in subset)
        scores[name] = ok / len(subset)
        print(f"first event date == gold: {name} {ok}/{len(subset)} = {scores[name]:.3f}")
    assert scores["GTD"] >= 0.95
    assert scores["ACLED"] >= 0.30  # most ACLED notes give a month-day without a year


def _first_event_date(row: dict) -> str | None:
    """Return the first event/announcement date found in a dev row, as the gold formats it."""
    spans = find_dates(row["text"], 0, len(row["text"]), None)
    for s in spans:
        if s.value.kind in ("event", "announcement") and s.value.date is not None:
            iso = s.value.date.isoformat()
            return iso[:7] if row["gold"]["date_precision"] == "month" else iso
    return None


@pytest.mark.parametrize(
    "phrase, date, start, end, precision",
    [
        ("in the past 48 hours", D(2024, 10, 14), D(2024, 10, 13), D(2024, 10, 15), 2),
        ("over the past 24 hours", D(2024, 10, 15), D(2024, 10, 14), D(2024, 10, 15), 2),
        ("in recent days", D(2024, 10, 13), D(2024, 10, 12), D(2024, 10, 14), 2),
        ("the past few weeks", D(2024, 10, 4), D(2024, 9, 24), D(2024, 10, 14), 3),
    ],
)
def test_recent_windows(phrase, date, start, end, precision):
    v = resolve_date(phrase, PUB)
    assert (v.date, v.start, v.end, v.precision) == (date, start, end, precision)


@given(st.text(max_size=80), st.one_of(st.none(), st.dates(min_value=D(1990, 1, 1), max_value=D(2030, 12, 31))))
@settings(max_examples=200, deadline=None)
def test_find_dates_never_crashes_and_spans_slice(text, pub):
    for s in find_dates(text, 0, len(text), pub):
        assert s.check(text)
        v = s.value
        assert v.kind in ("event", "announcement", "history", "future")
        if v.date is not None:
            assert v.start <= v.date <= v.end
        if pub is None and v.relative:
            assert v.date is None


def test_datetime_publication_is_accepted():
    v = resolve_date("yesterday", dt.datetime(2024, 10, 15, 23, 30))
    assert v.date == D(2024, 10, 14)
    text = "Gunmen attacked the post on Sunday."
    assert find_dates(text, 0, len(text), dt.datetime(2024, 10, 15, 8))[0].value.date == D(2024, 10, 13)


@pytest.mark.parametrize(
    "text, pub, expected",
    [
        ("The toll from the bombings carried out the previous day rose to 40 on Monday, police said.",
         D(2016, 2, 29), [("the previous day", D(2016, 2, 28), 1), ("on Monday", D(2016, 2, 29), 1)]),
        ("On 15 January 2019, gunmen seized an engineer and his body was found the next day.",
         None, [("On 15 January 2019", D(2019, 1, 15), 1), ("the next day", D(2019, 1, 16), 1)]),
        ("Police said the attackers had scouted the area the day before.", D(2020, 5, 5),
         [("the day before", D(2020, 5, 4), 2)]),  # no anchor in the sentence: publication - 1
        ("His body was found the following day.", D(2020, 5, 5), [("the following day", None, 1)]),
    ],
)
def test_previous_and_next_day_anchor_on_the_sentence(text, pub, expected):
    assert [(t, v.date, v.precision) for t, v in _dates(text, pub)] == expected


def test_coarse_date_refined_by_a_finer_one_in_the_same_stretch():
    text = "01/00/2021: Sometime between January 3, 2021 and January 9, 2021, arsonists burned two cars."
    got = _dates(text, None)
    assert [(t, v.date, v.precision) for t, v in got] == [
        ("January 3, 2021 and January 9, 2021", D(2021, 1, 6), 2)]
    text = "In August, the army announced on August 30 that it had retaken the town."
    assert [t for t, _ in _dates(text, PUB)] == ["In August", "on August 30"]  # an announcement refines nothing
