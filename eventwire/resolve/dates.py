"""Resolve date phrases to absolute ACLED-style dates relative to the publication date.

Every rule is a regular expression plus a small handler, kept in ``RULES`` (one named place); the
calendar words come from ``eventwire/data/date_rules.toml``. ``extract/dates.py`` runs the same
rules over article text; ``resolve_date`` runs them over a single phrase and falls back to
dateparser (publication date as base, past preferred) for what the rules do not cover.

Conventions (codebook section 5 and the examples README, plus our own choices):

- Exact day -> time_precision 1. A window of 2-6 days (a week, a weekend, "overnight", "the past
  two days") -> precision 2 and the middle day, rounding up (Mon-Sun -> Thursday). A month or a
  window of 7-31 days -> precision 3: the 15th for a named month, the 1st for "early", the last
  day for "late". Longer windows (a year, "earlier this year") -> precision 4, ``date`` None
  (not exportable to ACLED; ``start``/``end`` keep the window).
- "Earlier this month" (ours): window = 1st of the publication month .. the day before
  publication, ``date`` = the middle of that window (rounding up), precision 3. We do not use the
  15th because it can fall on or after the publication day, which "earlier" excludes.
- Weekdays: the most recent such day on or before publication ("last Tuesday": strictly before).
- A month-day without a year takes the publication year, or the year before when that would put
  it more than ``future_slack_days`` after publication. "In August" = the most recent August at or
  before the publication month.
- No publication date: relative phrases keep their span and precision but resolve to None;
  never today's date.
- ``kind``: "announcement" when a reporting verb precedes the phrase ("said on Tuesday") -
  precision is then at least 2; "history" when the window ends more than ``history_days`` before
  publication; "future" (ours) when it starts after publication (planned events);
  otherwise "event".
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import tomllib
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from typing import Any, Callable, Iterator

__all__ = ["DateValue", "DateMatch", "KINDS", "resolve_date", "scan_dates", "classify", "window_value"]

Date = dt.date
KINDS = ("event", "announcement", "history", "future")


@dataclass(frozen=True)
class DateValue:
    """A resolved date phrase: ACLED event_date, its window, precision and kind."""

    date: Date | None
    start: Date | None
    end: Date | None
    precision: int | None
    text: str
    relative: bool
    kind: str = "event"


@dataclass(frozen=True)
class DateMatch:
    """One rule match inside a text: offsets, the rule name and the resolved value."""

    start: int
    end: int
    rule: str
    value: DateValue


# ---------------------------------------------------------------- vocabulary (data file)


@lru_cache(maxsize=1)
def _rules_data() -> dict[str, Any]:
    """Return the parsed date_rules.toml."""
    with resources.files("eventwire.data").joinpath("date_rules.toml").open("rb") as fh:
        return tomllib.load(fh)


def _month_table() -> dict[str, int]:
    """Return spelling -> month number."""
    return {w: int(k) for k, ws in _rules_data()["months"].items() for w in ws}


def _weekday_table() -> dict[str, int]:
    """Return full weekday name -> Python weekday number."""
    return {ws[0]: int(k) for k, ws in _rules_data()["weekdays"].items()}


def _alt(words: list[str]) -> str:
    """Return a regex alternation, longest first."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


MONTHS = _month_table()
WEEKDAYS = _weekday_table()
SMALL_NUMBERS: dict[str, int] = dict(_rules_data()["numbers"])
SETTINGS: dict[str, int] = dict(_rules_data()["settings"])
_FULL_MONTHS = [ws[0] for ws in _rules_data()["months"].values()]
_MON = rf"(?P<mon>{_alt(_FULL_MONTHS)}|(?:{_alt([w for w in MONTHS if w not in _FULL_MONTHS])})\.?)"
_MONTH_FULL = rf"(?P<mon>{_alt(_FULL_MONTHS)})"
_WD = rf"(?P<wd>{_alt(list(WEEKDAYS))})"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?!\d)"
_YEAR = r"(?P<year>(?:19|20)\d\d)(?!\d)"
_NUM = rf"(?P<n>\d+|{_alt(list(SMALL_NUMBERS))})"


def _ci(words: str) -> str:
    """Return a case-insensitive non-capturing group."""
    return f"(?i:{words})"


# ---------------------------------------------------------------- date arithmetic helpers


def _month_end(year: int, month: int) -> Date:
    """Return the last day of a month."""
    return Date(year, month, calendar.monthrange(year, month)[1])


def _middle(start: Date, end: Date) -> Date:
    """Return the middle day of a window, rounding up (Mon..Sun -> Thu)."""
    return start + dt.timedelta(days=((end - start).days + 1) // 2)


def _precision_for(start: Date, end: Date) -> int:
    """Return the ACLED precision implied by the length of a window."""
    days = (end - start).days + 1
    return 1 if days == 1 else 2 if days <= 7 else 3 if days <= 31 else 4


def window_value(start: Date, end: Date, text: str, relative: bool, date: Date | None = None,
            precision: int | None = None) -> DateValue:
    """Return a DateValue for a window; date defaults to the middle, precision to its length."""
    p = precision or _precision_for(start, end)
    d = date if date is not None else (None if p >= 4 else _middle(start, end))
    return DateValue(d, start, end, p, text, relative)


def _day(d: Date, text: str, relative: bool, precision: int = 1) -> DateValue:
    """Return a DateValue for a single day."""
    return DateValue(d, d, d, precision, text, relative)


def _unresolved(text: str, precision: int | None) -> DateValue:
    """Return a relative DateValue that cannot be resolved without a publication date."""
    return DateValue(None, None, None, precision, text, True)


def _month_window(year: int, month: int, mod: str | None, text: str, relative: bool) -> DateValue:
    """Return a month reference: 15th, or 1st/last day for "early"/"late" (precision 3)."""
    first, last = Date(year, month, 1), _month_end(year, month)
    mod = (mod or "").lower()
    if mod in ("early", "beginning of", "start of"):
        return window_value(first, first.replace(day=10), text, relative, first, 3)
    if mod in ("late", "end of"):
        return window_value(last.replace(day=21), last, text, relative, last, 3)
    if mod in ("mid", "middle of"):
        return window_value(first.replace(day=11), first.replace(day=20), text, relative, first.replace(day=15), 3)
    return window_value(first, last, text, relative, first.replace(day=15), 3)


def _year_from_pub(month: int, day: int, pub: Date) -> int:
    """Return the year of a month-day given without year: the publication year or the one before."""
    try:
        cand = Date(pub.year, month, day)
    except ValueError:
        return pub.year - 1
    if (cand - pub).days > SETTINGS["future_slack_days"]:
        return pub.year - 1
    return pub.year


def _safe_date(y: int, m: int, d: int) -> Date | None:
    """Return a date or None when the parts are impossible."""
    try:
        return Date(y, m, d)
    except ValueError:
        return None


def _weekday_on_or_before(pub: Date, wd: int, strict: bool = False) -> Date:
    """Return the most recent given weekday on or before (strictly before if asked) a date."""
    back = (pub.weekday() - wd) % 7
    if strict and back == 0:
        back = 7
    return pub - dt.timedelta(days=back)


def _small_int(word: str) -> int | None:
    """Return the value of a digit string or a small number word."""
    w = word.lower()
    return int(w) if w.isdigit() else SMALL_NUMBERS.get(w)


# ---------------------------------------------------------------- rule handlers
# Each handler gets the match and the publication date and returns a DateValue (or None to
# reject the match). ``text`` is always the matched phrase.

Handler = Callable[[re.Match[str], Date | None], DateValue | None]


def _h_numeric(m: re.Match[str], pub: Date | None) -> DateValue | None:
    """MM/DD/YYYY (GTD style); DD/MM/YYYY only when the first part cannot be a month; day 00 = month."""
    a, b, y = int(m["a"]), int(m["b"]), int(m["year"])
    if b == 0 and 1 <= a <= 12:  # GTD "02/00/2021": day unknown -> the month
        return _month_window(y, a, None, m[0], False)
    d = _safe_date(y, a, b) or _safe_date(y, b, a)
    return _day(d, m[0], False) if d else None


def _h_iso(m: re.Match[str], pub: Date | None) -> DateValue | None:
    """YYYY-MM-DD."""
    d = _safe_date(int(m["year"]), int(m["a"]), int(m["b"]))
    return _day(d, m[0], False) if d else None


def _h_day_month(m: re.Match[str], pub: Date | None) -> DateValue | None:
    """"13 April 2020", "April 14", "Jan. 5", "Mar.28", optional weekday before."""
    month, day = MONTHS[m["mon"].rstrip(".")], int(m["day"])
    if not 1 <= day <= 31:
        return None
    if m["year"]:
        d = _safe_date(int(m["year"]), month, day)
        return _day(d, m[0], False) if d else None
    if pub is None:
        return _unresolved(m[0], 1)
    d = _safe_date(_year_from_pub(month, day, pub), month, day)
    return _day(d, m[0], True) if d else None


def _h_day_range(m: re.Match[str], pub: Date | None) -> DateValue | None:
    """"13-15 April 2020", "April 13 to 15": a short window, middle day."""
    month, d1, d2 = MONTHS[m["mon"].rstrip(".")], int(m["day"]), int(m["day2"])
    if not 1 <= d1 < d2 <= 31:
        return None
    if m["year"]:
        year, rel = int(m["year"]), False
    elif pub is None:
        return _unresolved(m[0], 2)
    else:
        year, rel = _year_from_pub(month, d1, pub), True
    a, b = _safe_date(year, month, d1), _safe_date(year, month, d2)
    return window_value(a, b, m[0], rel) if a and b else None


def _h_month(m: re.Match[str], pub: Date | None) -> DateValue | None:
    """"In August", "mid-September", "late last month"-style month names, "August 2024"."""
    month, mod, rel = MONTHS[m["mon"].rstrip(".")], m["mod"], (m["rel"] or "").lower()
    if not (m["prep"] or mod or rel or m["year"]):
        return None  # a bare month name ("May", "March") is too ambiguous
    if m["year"]:
        return _month_window(int(m["year"]), month, mod, m[0], False)
    if pub is None:
        return _unresolved(m[0], 3)
    year = pub.year if month <= pub.month else pub.year - 1
    if rel == "last" and month >= pub.month:
        year = pub.year - 1
    elif rel == "next":
        year = pub.year if month > pub.month else pub.year + 1
    return _month_window(year, month, mod, m[0], True)


def _h_rel_month(m: re.Match[str], pub: Date | None) -> DateValue | None:
    """"last month", "late last month", "earlier this month", "this month"."""
    mod, which = (m["mod"] or "").lower(), m["which"].lower()
    if pub is None:
        return _unresolved(m[0], 3)
    if which in ("last", "previous", "past"):
        prev = pub.replace(day=1) - dt.timedelta(days=1)
        return _month_window(prev.year, prev.month, mod, m[0], True)
    first = pub.replace(day=1)
    if mod in ("early", "beginning of", "start of"):
        return _month_window(pub.year, pub.month, mod, m[0], True)
    end = pub - dt.timedelta(days=1) if mod == "earlier" and pub.day > 1 else pub
    return window_value(first, end, m[0], True, precision=3)


def _h_rel_week(m: re.Match[str], pub: Date | None) -> DateValue | None:
    """"last week" (previous Mon-Sun, Thursday), "this week", "earlier this week"."""
    if pub is None:
        return _unresolved(m[0], 2)
    monday = pub - dt.timedelta(days=pub.weekday())
    if m["which"].lower() in ("last", "previous", "past"):
        return window_value(monday - dt.timedelta(days=7), monday - dt.timedelta(days=1), m[0], True, precision=2)
    end = pub - dt.timedelta(days=1) if (m["mod"] or "").lower() == "earlier" and pub > monday else pub
    return window_value(monday, end, m[0], True, precision=2)


def _h_weekend(m: re.Match[str], pub: Date | None) -> DateValue | None:
    """"on the weekend", "over the weekend", "last weekend": the Saturday, window Sat-Sun."""
    if pub is None:
        return _unresolved(m[0], 2)
    if (m["which"] or "").lower() == "last":
        sat = pub - dt.timedelta(days=pub.weekday()) - dt.timedelta(days=2)
    else:
        sat = _weekday_on_or_before(pub, 5)
    return window_value(sat, sat + dt.timedelta(days=1), m[0], True, sat, 2)


def _h_rel_year(m: re.Match[str], pub: Date | None) -> DateValue | None:
    """"last year", "earlier this year", "this year": precision 4 windows."""
    if pub is None:
        return _unresolved(m[0], 4)
    if m["which"].lower() in ("last", "previous", "past"):
        return window_value(Date(pub.year - 1, 1, 1), Date(pub.year - 1, 12, 31), m[0], True, precision=4)
    return window_value(Date(pub.year, 1, 1), pub, m[0], True, precision=4)


def _h_weekday(m: re.Match[str], pub: Date | None) -> DateValue | None:
    """"on Tuesday", "last Friday", "late on Thursday", "Sunday night", "overnight Tuesday"."""
    overnight = bool(m["over"])
    precision = 2 if overnight else 1
    if pub is None:
        return _unresolved(m[0], precision)
    strict = (m["which"] or "").lower().endswith("last")
    d = _weekday_on_or_before(pub, WEEKDAYS[m["wd"]], strict)
    return _day(d, m[0], True, precision)


def _h_relday(m: re.Match[str], pub: Date | None) -> DateValue | None:
    """"yesterday", "today", "tonight", "last night", "overnight"."""
    word = m[0].lower().split()[-1]
    back, precision = {"yesterday": (1, 1), "today": (0, 1), "tonight": (0, 1), "night": (1, 1),
                       "overnight": (1, 2)}[word]
    if pub is None:
        return _unresolved(m[0], precision)
    return _day(pub - dt.timedelta(days=back), m[0], True, precision)


def _h_shift(m: re.Match[str], pub: Date | None) -> DateValue | None:
    """"the previous day" (publication - 1, precision 2) / "the next day" (unresolved) when no
    other date of the sentence anchors them (``extract.dates`` re-anchors them when one does)."""
    if m["dir"].lower().split()[0] in ("next", "following") or m["dir"].lower().endswith("after"):
        return _unresolved(m[0], 1)
    if pub is None:
        return _unresolved(m[0], 2)
    return _day(pub - dt.timedelta(days=1), m[0], True, 2)


SHIFT_RULES = ("shift_before", "shift_after")


def _h_ago(m: re.Match[str], pub: Date | None) -> DateValue | None:
    """"two days ago", "a week ago"; months/years ago are not event dates (rejected)."""
    n, unit = _small_int(m["n"]), m["unit"].lower().rstrip("s")
    if n is None or unit not in ("day", "week"):
        return None
    if pub is None:
        return _unresolved(m[0], 1 if unit == "day" else 2)
    if unit == "day":
        return _day(pub - dt.timedelta(days=n), m[0], True)
    d = pub - dt.timedelta(days=7 * n)
    return window_value(d - dt.timedelta(days=3), d + dt.timedelta(days=3), m[0], True, d, 2)


def _h_past_days(m: re.Match[str], pub: Date | None) -> DateValue | None:
    """"over the past two days", "in the past 48 hours", "in recent days": window before publication."""
    unit = m["unit"].lower().rstrip("s")
    n = _small_int(m["n"]) if m["n"] else 3
    if n is None or n < 1:
        return None
    days = -(-n // 24) if unit == "hour" else n * (7 if unit == "week" else 1)
    if days > 31:
        return None
    if pub is None:
        return _unresolved(m[0], 2 if days <= 7 else 3)
    last = pub if unit == "hour" else pub - dt.timedelta(days=1)  # "past 24 hours" includes today
    return window_value(pub - dt.timedelta(days=days), last, m[0], True)


def _h_year(m: re.Match[str], pub: Date | None) -> DateValue | None:
    """"in 2017", "early 2018", "mid-2019": year only, precision 4."""
    y, mod = int(m["year"]), (m["mod"] or "").lower()
    start, end = Date(y, 1, 1), Date(y, 12, 31)
    if mod == "early":
        end = Date(y, 4, 30)
    elif mod == "mid":
        start, end = Date(y, 5, 1), Date(y, 8, 31)
    elif mod == "late":
        start = Date(y, 9, 1)
    return window_value(start, end, m[0], False, precision=4)


# ---------------------------------------------------------------- the rule table

_ON = _ci(r"(?:on|in|during|early|late)\s+")
_MOD = r"(?P<mod>(?i:early|mid|late|end\s+of|beginning\s+of|start\s+of|middle\s+of))"


@dataclass(frozen=True)
class Rule:
    """A named date pattern and the function that resolves its matches.

    ``needs`` finds a word that every match of ``regex`` contains: where it finds nothing, the
    rule cannot match and is not run (a literal scan is far cheaper than the full pattern).
    """

    name: str
    regex: re.Pattern[str]
    handler: Handler
    needs: re.Pattern[str]


def _rule(name: str, pattern: str, handler: Handler, needs: re.Pattern[str]) -> Rule:
    """Compile one rule; word boundaries added on both sides."""
    return Rule(name, re.compile(rf"(?<![\w/-]){pattern}(?![\w/])"), handler, needs)


# The words the rules below cannot match without (same case rules as in the patterns).
_NEEDS_MONTH = re.compile(_alt(list(MONTHS)))
_NEEDS_WEEKDAY = re.compile(_alt(list(WEEKDAYS)))
_NEEDS_YEAR = re.compile(r"(?:19|20)\d\d")
_NEEDS_DAY = re.compile(_ci("day"))


def _needs(words: str) -> re.Pattern[str]:
    return re.compile(_ci(words))


RULES: tuple[Rule, ...] = (
    _rule("numeric", r"(?P<a>[01]?\d)/(?P<b>[0-3]?\d)/" + _YEAR, _h_numeric, _NEEDS_YEAR),
    _rule("iso", _YEAR + r"-(?P<a>[01]\d)-(?P<b>[0-3]\d)", _h_iso, _NEEDS_YEAR),
    _rule("day_range_dm",
          rf"(?:{_ON})?(?:the\s+)?{_DAY}\s*(?:-|–|to|and)\s*(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?{_MON}(?:,?\s+{_YEAR})?",
          _h_day_range, _NEEDS_MONTH),
    _rule("day_range_md",
          rf"(?:{_ON})?{_MON}\s*{_DAY}\s*(?:-|–|to|and)\s*(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?(?!\d)(?:,?\s+{_YEAR})?",
          _h_day_range, _NEEDS_MONTH),
    _rule("day_month",
          rf"(?:{_ON})?(?:{_WD},?\s+)?(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MON}(?:,?\s+{_YEAR})?", _h_day_month, _NEEDS_MONTH),
    _rule("month_day", rf"(?:{_ON})?(?:{_WD},?\s+)?{_MON}\s*{_DAY}(?:,?\s+{_YEAR})?", _h_day_month, _NEEDS_MONTH),
    _rule("month",
          rf"(?:(?P<prep>{_ci('in|during|of|by|from|around')})\s+)?(?:(?i:the\s+)?{_MOD}[\s-]+(?i:of\s+)?|(?P<rel>{_ci('last|this|next')})\s+)?{_MONTH_FULL}(?:,?\s+{_YEAR})?",
          _h_month, _NEEDS_MONTH),
    _rule("rel_month",
          rf"(?:{_ci('in|during')}\s+)?(?:(?P<mod>{_ci('earlier|early|mid|late|end of|beginning of|start of')})[\s-]+)?(?P<which>{_ci('last|this|previous|past')})\s+{_ci('month')}",
          _h_rel_month, _needs("month")),
    _rule("rel_week",
          rf"(?:(?P<mod>{_ci('earlier|early|late|later')})\s+)?(?P<which>{_ci('last|this|previous|past')})\s+{_ci('week')}",
          _h_rel_week, _needs("week")),
    _rule("weekend", rf"{_ci('on|over|at|during')}?\s*(?P<which>{_ci('the|last|this|past')})\s+{_ci('weekend')}",
          _h_weekend, _needs("weekend")),
    _rule("rel_year",
          rf"(?:{_ci('earlier|early|late|later')}\s+)?(?P<which>{_ci('last|this|previous|past')})\s+{_ci('year')}",
          _h_rel_year, _needs("year")),
    _rule("weekday",
          rf"(?<!\bevery )(?<!\beach )(?<!\ba )(?<!\bA )(?:(?P<over>{_ci('overnight')})\s+(?:{_ci('on')}\s+)?|(?:{_ci('early|late|earlier|later')}\s+)?(?:(?P<which>{_ci('on|last|this|on last')})\s+)?){_WD}(?:\s+(?P<part>{_ci('morning|afternoon|evening|night')}))?",
          _h_weekday, _NEEDS_WEEKDAY),
    _rule("relday", _ci(r"(?:(?:early|late|earlier|later)\s+)?(?:yesterday|today(?!['’]s)|tonight|last\s+night|overnight)"),
          _h_relday, _needs("yesterday|today|tonight|night")),
    _rule("shift_before", r"(?i:(?:the|a)\s+(?P<dir>previous\s+day|day\s+before|day\s+earlier))(?!\s+yesterday)",
          _h_shift, _NEEDS_DAY),
    _rule("shift_after", r"(?i:the\s+(?P<dir>next\s+day|following\s+day|day\s+after))(?!\s+tomorrow)", _h_shift, _NEEDS_DAY),
    _rule("ago", rf"{_NUM}\s+(?P<unit>{_ci('days?|weeks?|months?|years?')})\s+{_ci('ago')}", _h_ago, _needs("ago")),
    _rule("past_days",
          rf"(?i:(?:(?:over|in|during)\s+)?(?:the\s+)?(?:past|last|recent))\s+(?:(?P<n>\d+|{_alt(list(SMALL_NUMBERS))})\s+)?(?P<unit>{_ci('days|weeks|hours')})",
          _h_past_days, _needs("days|weeks|hours")),
    _rule("recent_days", rf"(?i:in\s+recent)\s+(?P<unit>{_ci('days|weeks')})(?P<n>)", _h_past_days, _needs("recent")),
    _rule("year", rf"(?:(?P<prep>{_ci('in|during|of|by|from')})\s+|(?:{_MOD}[\s-]+))(?<!/){_YEAR}(?!\s*[-–/]\s*\d)", _h_year, _NEEDS_YEAR),
)


# ---------------------------------------------------------------- kinds and scanning

_ANN = _rules_data()["cues"]["announcement"]
_ANN_RE = re.compile(
    rf"\b(?P<verb>{_alt(_ANN)})(?:\s+(?:in|on)\s+(?:a|an|the|its|his|her|their)\s+[\w-]+(?:\s+[\w-]+)?"
    r"|\s+(?:to\s+)?(?:the\s+)?[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*)*)?[\s,]*(?:on\s+)?$"
)
_PASSIVE_AUX = re.compile(r"\b(?:was|were|is|are|been|being|be)\s+$", re.I)
_DUR_RE = re.compile(rf"\b(?:{_alt(_rules_data()['cues']['duration'])})\s+$", re.I)


def is_duration(left: str) -> bool:
    """Return True when the words before a date phrase make it a duration bound ("since 2017")."""
    return bool(_DUR_RE.search(left[-40:]))


_BY_RE = re.compile(r"(?:^|[,;(]\s*|\band\s+)by\s+$", re.I)


def is_announcement(left: str) -> bool:
    """Return True when a reporting verb directly precedes the date phrase ("officials said on"), or
    the phrase opens with "By" ("By Monday the toll had risen"): the day of a report, not the event."""
    tail = left[-80:]
    if _BY_RE.search(tail):
        return True
    m = _ANN_RE.search(tail)
    return bool(m) and not _PASSIVE_AUX.search(tail[: m.start()])


def classify(value: DateValue, published: Date | None, left: str = "") -> DateValue:
    """Return the value with its kind set from the left context and the publication date."""
    kind = "event"
    if published is not None and value.end is not None and value.start is not None:
        if (published - value.end).days > SETTINGS["history_days"]:
            kind = "history"
        elif (value.start - published).days > SETTINGS["future_slack_days"]:
            kind = "future"
    if kind == "event" and left and is_announcement(left):
        p = value.precision if value.precision and value.precision > 2 else 2
        return replace(value, kind="announcement", precision=p)
    return replace(value, kind=kind)


def scan_dates(text: str, start: int, end: int, published: Date | None) -> Iterator[DateMatch]:
    """Yield non-overlapping rule matches in text[start:end] (longest first), left to right."""
    cands: list[DateMatch] = []
    present: dict[re.Pattern[str], bool] = {}
    for rule in RULES:
        if rule.needs not in present:
            present[rule.needs] = rule.needs.search(text, start, end) is not None
        if not present[rule.needs]:
            continue
        for m in rule.regex.finditer(text, start, end):
            value = rule.handler(m, published)
            if value is not None:
                cands.append(DateMatch(m.start(), m.end(), rule.name, value))
    cands.sort(key=lambda c: (-(c.end - c.start), c.start))
    taken: list[DateMatch] = []
    for c in cands:
        if all(c.end <= t.start or c.start >= t.end for t in taken):
            taken.append(c)
    yield from sorted(taken, key=lambda c: c.start)


# ---------------------------------------------------------------- public resolver

_NON_DATE = re.compile(
    rf"(?i:(?:{_alt(_rules_data()['cues']['duration'])}|less\s+than|more\s+than|about|nearly|almost|over)\b"
    rf"|(?:{_NUM}\s+)?(?:couple\s+of\s+)?(?:hours?|days?|weeks?|months?|years?|decades?)(?:\s+ago)?$)"
)
_EDGE = re.compile(r"^[\s,.;:()\"']+|[\s,.;:()\"']+$")


def resolve_date(phrase: str, published: Date | None, context: str = "") -> DateValue | None:
    """Return the DateValue of a date phrase, or None when it is no event date (a duration).

    ``context`` is the text right before the phrase in its sentence; it decides the kind
    ("said on Tuesday" -> announcement) and skips durations ("since 2017", "for three days").
    """
    if isinstance(published, dt.datetime):
        published = published.date()
    core = _EDGE.sub("", phrase)
    if not core or is_duration(context):
        return None
    matches = list(scan_dates(core, 0, len(core), published))
    best = max(matches, key=lambda m: m.end - m.start, default=None)
    if best is not None and best.end - best.start >= len(core) - 4:
        return classify(replace(best.value, text=phrase), published, context)
    if _NON_DATE.match(core):
        return None
    value = _dateparser_fallback(core, published)
    return classify(replace(value, text=phrase), published, context) if value else None


_DP_PERIOD = {"day": 1, "week": 2, "month": 3, "year": 4}


@lru_cache(maxsize=4096)
def _dateparser_fallback(phrase: str, published: Date | None) -> DateValue | None:
    """Return dateparser's reading of a phrase (publication date as base, past preferred)."""
    import dateparser  # imported lazily: only phrases our rules miss reach it

    settings: dict[str, Any] = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    if published is None:
        settings["REQUIRE_PARTS"] = ["day", "month", "year"]  # never resolve against today
        if not re.search(r"\b(?:19|20)\d\d\b", phrase):
            return None
    else:
        settings["RELATIVE_BASE"] = dt.datetime.combine(published, dt.time())
    data = dateparser.DateDataParser(languages=["en"], settings=settings).get_date_data(phrase)
    if data is None or data.date_obj is None:
        return None
    d = data.date_obj.date()
    precision = _DP_PERIOD.get(data.period or "day", 1)
    rel = not re.search(r"\b(?:19|20)\d\d\b", phrase)
    if precision == 3:
        return _month_window(d.year, d.month, None, phrase, rel)
    if precision == 4:
        return window_value(Date(d.year, 1, 1), Date(d.year, 12, 31), phrase, rel, precision=4)
    return _day(d, phrase, rel, precision)
