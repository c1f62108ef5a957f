"""Find date phrases in a stretch of article text and resolve them (label ``DATE``).

The patterns live in ``eventwire.resolve.dates.RULES``; this module scans, drops durations
("since 2017", "for three days"), sets each value's kind from the words before it ("said on
Tuesday" -> announcement), joins "between 28 March and 7 April" into one window and anchors
"the previous day" / "the next day" on another day named in the same stretch.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from eventwire.resolve.dates import (
    SHIFT_RULES,
    DateMatch,
    DateValue,
    window_value,
    classify,
    is_duration,
    scan_dates,
)
from eventwire.types import Provenance, Span

__all__ = ["find_dates"]

_STAGE = "extract.dates"
_JOIN = re.compile(r"\s*(?:and|to|until|till|through|-|–)\s*$", re.I)
_RANGE_OPEN = re.compile(r"\b(?:between|from)\s+$", re.I)
_CLAUSE = re.compile(r"[.;!?\n]\s")


def _left(text: str, floor: int, pos: int) -> str:
    """Return the words before ``pos`` back to the clause start (at most 120 chars, not before floor)."""
    lo = max(floor, pos - 120)
    seg = text[lo:pos]
    cut = max((m.end() for m in _CLAUSE.finditer(seg)), default=0)
    return seg[cut:]


def _merge_ranges(text: str, matches: list[DateMatch]) -> list[DateMatch]:
    """Join "between A and B" / "from A to B" day pairs into one window match."""
    out: list[DateMatch] = []
    i = 0
    while i < len(matches):
        a = matches[i]
        b = matches[i + 1] if i + 1 < len(matches) else None
        if (b is not None and a.value.precision == 1 and b.value.precision == 1
                and _JOIN.fullmatch(text[a.end : b.start]) and _RANGE_OPEN.search(text[max(0, a.start - 12) : a.start])):
            out.append(_joined(text, a, b))
            i += 2
            continue
        out.append(a)
        i += 1
    return out


def _joined(text: str, a: DateMatch, b: DateMatch) -> DateMatch:
    """Return one window match spanning two day matches."""
    phrase = text[a.start : b.end]
    va, vb = a.value, b.value
    if va.date is None or vb.date is None or vb.date < va.date:
        value = DateValue(None, None, None, None, phrase, va.relative or vb.relative)
    else:
        value = window_value(va.date, vb.date, phrase, va.relative or vb.relative)
    return DateMatch(a.start, b.end, "range", value)


def _anchor_shifts(matches: list[DateMatch]) -> list[DateMatch]:
    """Resolve "the previous day" / "the next day" against another day of the same stretch."""
    days = [m for m in matches if m.rule not in SHIFT_RULES and m.value.precision == 1 and m.value.date]
    out = []
    for m in matches:
        if m.rule in SHIFT_RULES and days:
            before = [d for d in days if d.end <= m.start]
            anchor = before[-1] if before else days[0]
            step = -1 if m.rule == "shift_before" else 1
            d = anchor.value.date + dt.timedelta(days=step)
            m = DateMatch(m.start, m.end, m.rule, DateValue(d, d, d, 1, m.value.text, anchor.value.relative))
        out.append(m)
    return out


def find_dates(text: str, start: int, end: int, published: dt.date | None) -> list[Span]:
    """Return DATE spans (value ``DateValue``) found in text[start:end]; offsets index ``text``."""
    if isinstance(published, dt.datetime):
        published = published.date()
    spans: list[Span] = []
    for m in _anchor_shifts(_merge_ranges(text, list(scan_dates(text, start, end, published)))):
        left = _left(text, start, m.start)
        if is_duration(left):
            continue
        value = classify(replace(m.value, text=text[m.start : m.end]), published, left)
        spans.append(Span(m.start, m.end, text[m.start : m.end], "DATE", value, Provenance(_STAGE, m.rule)))
    return [s for s in spans if not _superseded(s, spans)]


def _superseded(span: Span, spans: list[Span]) -> bool:
    """Return True for a month-or-coarser event date refined by a finer one inside its window
    ("02/00/2021: Sometime between February 17 and 24, 2021")."""
    v = span.value
    if v.kind != "event" or v.start is None or (v.precision or 0) < 3:
        return False
    return any(o.start >= span.end and o.value.kind == "event" and o.value.start is not None
               and (o.value.precision or 9) < v.precision and v.start <= o.value.start <= o.value.end <= v.end
               for o in spans)
