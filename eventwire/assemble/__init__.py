"""From per-sentence frames to event records (codebook §1): merge, split, date, role, deaths.

A *frame* is what one candidate sentence says: a classified trigger, actors in roles, a date, a
place and counts. Frames about the same incident (same day, place, actors and type family) merge;
frames with their own different date or place open a new record. The lead incident is ``main``;
incidents dated well before it are ``background``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Sequence

from .._geo import haversine_km
from ..detect import GENERIC_RULES, Classification, taxonomy
from ..types import Article, Event, Evidence, Span

__all__ = ["Frame", "Group", "group_frames", "build_event"]

CIVILIANS_TARGETED = "Civilians targeted"
INTER = {
    "State forces": 1, "Rebel group": 2, "Political militia": 3, "Identity militia": 4,
    "Rioters": 5, "Protesters": 6, "Civilians": 7, "External/Other forces": 8,
}


@dataclass
class Frame:
    """What one candidate sentence reports."""

    sentence: Span
    paragraph: int
    cls: Classification
    date: Span | None = None  # value: DateValue of the event
    announce: Span | None = None  # value: DateValue of a reporting verb ("said on Tuesday")
    place: Any = None  # PlaceMention | None
    counts: list[Span] = field(default_factory=list)
    agents: list[Span] = field(default_factory=list)
    patients: list[Span] = field(default_factory=list)
    assoc: list[Span] = field(default_factory=list)
    others: list[Span] = field(default_factory=list)
    patient_class: str | None = None
    patient_noun: Span | None = None
    anaphoric: bool = False  # "The operation ...", "The attack ..." refer back to an earlier frame
    days_before: int | None = None  # "... came two days after militants stormed ...": N days before the lead
    days_vague: bool = False  # "a few days before", "a week after": the day is approximate
    notes: list[str] = field(default_factory=list)  # coding decisions to report in the record's notes

    @property
    def family(self) -> str:
        return taxonomy()[(self.cls.event_type, self.cls.sub_event_type)][2]

    @property
    def rank(self) -> int:
        return taxonomy()[(self.cls.event_type, self.cls.sub_event_type)][0]


@dataclass
class Group:
    """Frames merged into one incident."""

    frames: list[Frame]

    def first(self, attr: str) -> Any:
        return next((getattr(f, attr) for f in self.frames if getattr(f, attr)), None)

    @property
    def date(self) -> Span | None:
        return self.first("date")

    @property
    def place(self) -> Any:
        places = [f.place for f in self.frames if f.place is not None]
        if not places:
            return None
        return min(places, key=lambda p: (p.place.geo_precision or 9, places.index(p)))

    @property
    def cls(self) -> Classification:
        """The highest-precedence specific category; victim-only inferences lose to specific ones.

        Edge rule (codebook §2): once the crowd itself turns violent, the incident is a riot, even when
        another sentence tells of force used against it."""
        best = min(self.frames, key=lambda f: (f.cls.rule in GENERIC_RULES, f.rank, self.frames.index(f))).cls
        if best.event_type == "Protests":
            riot = next((f.cls for f in self.frames if f.cls.sub_event_type == "Violent demonstration"), None)
            return riot or best
        return best


# -- grouping ---------------------------------------------------------------------------------

def group_frames(frames: Sequence[Frame], published: date | None = None) -> list[Group]:
    """Merge frames describing the same incident; split on different days, places or families."""
    groups: list[Group] = []
    for f in frames:
        target = _merge_target(f, groups, published)
        if target is None:
            groups.append(Group([f]))
        else:
            target.frames.append(f)
    return groups


def _merge_target(f: Frame, groups: list[Group], published: date | None) -> Group | None:
    if not groups:
        return None
    if f.days_before is not None:
        return next((g for g in groups[1:] if g.frames[0].days_before == f.days_before and _compatible(g, f)), None)
    if f.date is not None:
        same_day = [g for g in groups if g.date is not None and _same_window(g.date.value, f.date.value)]
        dateless = [g for g in groups if g.date is None and _implied_overlap(g, f.date.value, published)]
        for g in same_day + dateless:
            if _compatible(g, f):
                return g
        return None
    local = [g for g in groups if g.frames[-1].paragraph == f.paragraph]
    for g in reversed(local or groups[:1]):
        if _compatible(g, f) or f.anaphoric:
            return g
    for g in groups:
        if _compatible(g, f):
            return g
    return None


def _implied_overlap(g: Group, v: Any, published: date | None) -> bool:
    """True when a dated frame can belong to a group dated only by its report (announcement day)."""
    ann = g.first("announce")
    day = ann.value.date if ann is not None and ann.value is not None and ann.value.date else published
    if day is None or v is None or v.start is None or v.end is None:
        return False
    return (v.precision or 1) <= 2 and v.start - timedelta(days=2) <= day <= v.end + timedelta(days=1)


def _compatible(g: Group, f: Frame) -> bool:
    """True when a frame can join a group: same family (or a supporting one) and no new place."""
    gp, fp = g.place, f.place
    if gp is not None and fp is not None and not _same_place(gp.place, fp.place):
        return False
    families = {x.family for x in g.frames}
    if f.family in families:
        return True
    if f.family == "remote" and "battle" in families:
        return True  # remote violence inside a battle merges into the battle (codebook §2)
    weak = f.cls.rule in GENERIC_RULES or f.cls.rule == "disrupt" or f.family == "strategic"
    return weak or f.anaphoric or all(x.cls.rule in GENERIC_RULES for x in g.frames)


def _same_place(a: Any, b: Any) -> bool:
    if a.gazetteer_id and a.gazetteer_id == b.gazetteer_id:
        return True
    if a.name == b.name:
        return True
    if _km(a, b) is not None and _km(a, b) <= SAME_PLACE_KM and a.iso3 == b.iso3:
        return True  # a district and its city ("Sadr City" in Baghdad), a town and its outskirts
    # a coarser place containing the other (province vs a town in it) does not split
    if (a.geo_precision or 9) >= 3 and a.admin1 and a.admin1 == b.admin1 and a.kind in ("admin1", "country"):
        return True
    if (b.geo_precision or 9) >= 3 and b.admin1 and b.admin1 == a.admin1 and b.kind in ("admin1", "country"):
        return True
    return False


SAME_PLACE_KM = 12.0


def _km(a: Any, b: Any) -> float | None:
    """Great-circle distance between two places in km, or None without coordinates."""
    if None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return None
    return haversine_km(a.latitude, a.longitude, b.latitude, b.longitude)


def _same_window(a: Any, b: Any) -> bool:
    if a is None or b is None or a.start is None or b.start is None:
        return a is not None and b is not None and a.text.lower() == b.text.lower()
    # one record = one day (codebook §1): two dated frames join only when they name the same day
    # at the same precision ("last week" and "overnight" overlap but are two incidents)
    return a.date == b.date and (a.precision or 1) == (b.precision or 1)


# -- one event record -------------------------------------------------------------------------

@dataclass(frozen=True)
class DateChoice:
    """The date of a record with its window, precision and the span that supports it."""

    event_date: date | None
    start: date | None
    end: date | None
    precision: int | None
    span: Span | None


def choose_date(g: Group, article: Article, lead: DateChoice | None) -> DateChoice:
    """Return the event date: own date, else the announcement day, else the dateline or publication."""
    back = g.frames[0].days_before
    if back is not None and g.date is None:
        if lead is None or lead.event_date is None:
            return DateChoice(None, None, None, None, None)
        d = lead.event_date - timedelta(days=back)
        prec = lead.precision if lead.precision and lead.precision <= 2 else 2
        prec = 2 if g.frames[0].days_vague else prec
        return DateChoice(d, d - timedelta(days=1 if prec > 1 else 0), d, prec, lead.span)
    if g.date is not None and g.date.value is not None:
        v = g.date.value
        return DateChoice(v.date, v.start, v.end, v.precision, g.date)
    ann = g.first("announce")
    if ann is not None and ann.value is not None and ann.value.date is not None:
        d = ann.value.date
        return DateChoice(d, d - timedelta(days=2), d, 2, ann)
    if lead is not None and lead.event_date is not None and lead.span is not None:
        return DateChoice(lead.event_date, lead.start, lead.end, lead.precision if lead.precision and lead.precision > 1 else 2, lead.span)
    base = _dateline_date(article) or article.published
    if base is None:
        return DateChoice(None, None, None, None, None)
    span = article.dateline_date if _dateline_date(article) else None
    return DateChoice(base, base - timedelta(days=2), base, 2, span)


def _dateline_date(article: Article) -> date | None:
    if article.dateline_date is None or not article.dateline_date.value:
        return None
    try:
        return date.fromisoformat(str(article.dateline_date.value))
    except ValueError:
        return None


def merge_same_day(groups: list[Group], dates: list[DateChoice]) -> tuple[list[Group], list[DateChoice]]:
    """Merge later groups that turned out to share a day once relative dates were resolved."""
    out_g: list[Group] = []
    out_d: list[DateChoice] = []
    for g, d in zip(groups, dates):
        target = next((i for i, (h, e) in enumerate(zip(out_g, out_d))
                       if i > 0 and e.event_date is not None and e.event_date == d.event_date
                       and (e.precision or 1) == (d.precision or 1) and all(_compatible(h, f) for f in g.frames)), None)
        if target is None:
            out_g.append(Group(list(g.frames)))
            out_d.append(d)
        else:
            out_g[target].frames.extend(g.frames)
            if out_d[target].span is None or (d.span is not None and g.date is not None):
                out_d[target] = d
    return out_g, out_d


def role_of(index: int, d: DateChoice, main: DateChoice) -> str:
    """Return 'main' for the lead incident and same-days ones, 'background' for earlier ones."""
    if index == 0 or main.event_date is None or d.event_date is None:
        return "main"
    end = d.end or d.event_date
    if end < main.event_date - timedelta(days=1):
        return "background"
    if (d.precision or 1) >= 3:
        return "background"
    return "main"


@dataclass(frozen=True)
class Deaths:
    low: int
    high: int
    span: Span | None
    wounded: int | None
    arrested: int | None
    abducted: int | None
    spans: tuple[Span, ...]


def count_deaths(g: Group) -> Deaths:
    """Fatalities (codebook §6): within a sentence counts add up; across sentences see _reported_deaths."""
    per_kind: dict[str, list[tuple[int, int, list[Span]]]] = {}
    for f in g.frames:
        sums: dict[str, tuple[int, int, list[Span]]] = {}
        for c in f.counts:
            v = c.value
            kind = getattr(v, "kind", "other")
            if kind == "other" or (kind == "killed" and TOTAL_TOLL.search(_frame_before(f, c))):
                continue
            q = v.quantity
            low, high = (0, 0) if getattr(v, "negated", False) else (q.low, q.high)
            prev = sums.get(kind)
            sums[kind] = (prev[0] + low, prev[1] + high, prev[2] + [c]) if prev else (low, high, [c])
        for kind, val in sums.items():
            per_kind.setdefault(kind, []).append(val)

    def best(kind: str) -> tuple[int, int, list[Span]] | None:
        vals = per_kind.get(kind)
        return max(vals, key=lambda v: (v[0], v[1])) if vals else None

    spans = tuple(s for vals in per_kind.values() for v in vals for s in v[2])
    low, high, killed_spans = _reported_deaths(per_kind.get("killed", []), g)
    span = killed_spans[0] if killed_spans else None
    return Deaths(
        low, max(low, high), span,
        _first(best("wounded")), _first(best("arrested")), _first(best("abducted")), spans,
    )


UPDATED_TOLL = re.compile(
    r"\b(?:rose|risen|climbed|increased|jumped|revised|updated|raised)\s+(?:\w+\s+){0,2}to\s+(?:at\s+least\s+)?$"
    r"|\b(?:reached|now stands at|stood at|stands at)\s+(?:at\s+least\s+)?$", re.I)
# "the day's overall death toll to 92": a total over several incidents, not this one's deaths
TOTAL_TOLL = re.compile(r"\b(?:overall|total|combined|cumulative)\b[^.;]{0,30}$", re.I)


def _reported_deaths(reports: list[tuple[int, int, list[Span]]], g: Group) -> tuple[int, int, list[Span]]:
    """Combine the death counts of several sentences about one incident (codebook §6).

    An updated toll ("the death toll rose to 73") supersedes earlier figures. Figures for the same
    victims from different sources compete: the ACLED figure is the lowest credible one and the high
    the largest. Counts of different victims (soldiers vs. attackers) cannot be told apart from a
    repeat safely, so the largest stands.
    """
    reports = [r for r in reports if r[0] or r[1]]
    exact = [r for r in reports if not all(getattr(c.value.quantity, "vague", False) for c in r[2])]
    reports = exact or reports  # "scores of people" counts only when no number is given (§6)
    if not reports:
        return 0, 0, []
    high = max(r[1] for r in reports)
    updated = [r for r in reports if any(_is_update(g, c) for c in r[2])]
    if updated:
        last = max(updated, key=lambda r: r[0])
        return last[0], max(high, last[1]), last[2]
    if len(reports) > 1 and len({_victim_class(r) for r in reports} - {None}) <= 1:
        low = min(reports, key=lambda r: r[0])
        return low[0], high, low[2] + [c for r in reports if r is not low for c in r[2]]
    top = max(reports, key=lambda r: (r[0], r[1]))
    return top[0], max(high, top[1]), top[2]


def _is_update(g: Group, count: Span) -> bool:
    """True when the words just before a count say it revises an earlier toll."""
    return bool(UPDATED_TOLL.search(_before(g, count)))


def _frame_before(f: Frame, count: Span) -> str:
    return f.sentence.text[: max(0, count.start - f.sentence.start)]


def _before(g: Group, count: Span) -> str:
    """Return the words of the count's sentence before the count."""
    sent = next((f.sentence for f in g.frames if f.sentence.start <= count.start < f.sentence.end), None)
    return sent.text[: count.start - sent.start] if sent is not None else ""


# "14 people had died, including two civilians": a count of people is everyone killed, whatever side
ANYONE = frozenset({"people", "persons"})


def _victim_class(report: tuple[int, int, list[Span]]) -> str | None:
    """ARMED / CIVILIAN for the people a sentence counts (None when the nouns do not tell)."""
    from ..pipeline import _detector

    classes = set()
    for c in report[2]:
        words = str(getattr(c.value, "who", "")).split()
        if words and words[-1].lower() in ANYONE:
            continue
        cls = next((_detector().noun_class(w) for w in reversed(words) if _detector().noun_class(w)), None)
        if cls:
            classes.add(cls)
    return classes.pop() if len(classes) == 1 else None


def _first(v: tuple[int, int, list[Span]] | None) -> int | None:
    return v[0] if v else None


def interaction(t1: str | None, t2: str | None) -> str | None:
    """Return the numeric ACLED interaction code: both inter codes, smaller first, 0 if missing."""
    a, b = INTER.get(t1 or "", 0), INTER.get(t2 or "", 0)
    if not a and not b:
        return None
    lo, hi = sorted((a, b))
    return f"{hi}{lo}" if lo == 0 else f"{lo}{hi}"


def event_id(article_id: str, *parts: Any) -> str:
    """Return a stable id from the article and the record's key fields."""
    h = hashlib.sha256(article_id.encode())
    for p in parts:
        h.update(b"\x1f" + str(p).encode())
    return "ev-" + h.hexdigest()[:16]


def evidence_for(field_name: str, span: Span | None) -> list[Evidence]:
    if span is None:
        return []
    return [Evidence(field_name, span.start, span.end, span.text)]


def disorder_type(event_type: str, sub_event_type: str) -> str:
    return taxonomy()[(event_type, sub_event_type)][1]


def civilian_targeting(event_type: str, actor2_type: str | None) -> str | None:
    if event_type == "Violence against civilians" or actor2_type == "Civilians":
        return CIVILIANS_TARGETED
    return None


def confidence(cls: Classification, actor1: Any, place: Any, date_span: Span | None, deaths: Deaths) -> float:
    """A rough 0-1 confidence: how many fields rest on direct evidence, and how sure the rule is."""
    score = 0.35
    score += 0.15 if actor1 is not None else 0.0
    score += 0.15 if place is not None else 0.0
    score += 0.15 if date_span is not None else 0.0
    score += 0.1 if deaths.span is not None else 0.0
    score += 0.1 if cls.rule not in ("default-attack", "state-operation") else 0.0
    return round(min(score, 1.0), 2)


def build_event(article: Article, g: Group, index: int, d: DateChoice, role: str, actors: dict[str, Any],
                place: Any, country: Any, notes: str) -> Event:
    """Return the Event record of one group (``actors``: actor1/actor2 spans + resolved values)."""
    cls = g.cls
    deaths = count_deaths(g)
    a1, a2 = actors.get("actor1"), actors.get("actor2")
    t1 = a1.value.type if a1 is not None else actors.get("actor1_type")
    t2 = a2.value.type if a2 is not None else actors.get("actor2_type")
    name1 = a1.value.name if a1 is not None else actors.get("actor1_name")
    name2 = a2.value.name if a2 is not None else actors.get("actor2_name")
    p = place.place if place is not None else country
    ev = _evidence(g, cls, d, actors, place, deaths)
    evt = cls.event_type
    return Event(
        event_id=event_id(article.article_id, index, evt, d.event_date, p and p.name, name1, name2),
        article_id=article.article_id,
        role=role,
        event_type=evt,
        sub_event_type=cls.sub_event_type,
        disorder_type=disorder_type(evt, cls.sub_event_type),
        event_date=d.event_date.isoformat() if d.event_date else None,
        date_start=d.start.isoformat() if d.start else None,
        date_end=d.end.isoformat() if d.end else None,
        time_precision=d.precision if d.precision and d.precision <= 3 else None,
        actor1=name1,
        actor1_type=t1,
        actor2=name2,
        actor2_type=t2,
        assoc_actors=tuple(dict.fromkeys(s.value.name for s in actors.get("assoc", []))),
        interaction=interaction(t1, t2),
        civilian_targeting=civilian_targeting(evt, t2),
        country=getattr(p, "country", None),
        iso3=getattr(p, "iso3", None),
        admin1=getattr(p, "admin1", None),
        admin2=getattr(p, "admin2", None),
        location=p.name if place is not None else None,
        latitude=getattr(p, "latitude", None) if place is not None else None,
        longitude=getattr(p, "longitude", None) if place is not None else None,
        geo_precision=getattr(p, "geo_precision", None) if place is not None else None,
        where_prec=getattr(p, "where_prec", None),
        gazetteer_id=getattr(p, "gazetteer_id", None) if place is not None else None,
        fatalities=deaths.low,
        fatalities_low=deaths.low,
        fatalities_high=deaths.high,
        wounded=deaths.wounded,
        arrested=deaths.arrested,
        abducted=deaths.abducted,
        confidence=confidence(cls, a1, place, d.span, deaths),
        notes=notes,
        source=article.source,
        url=article.url,
        published=article.published.isoformat() if article.published else None,
        evidence=tuple(_dedupe_evidence(ev)),
    )


def _evidence(g: Group, cls: Classification, d: DateChoice, actors: dict[str, Any], place: Any,
              deaths: Deaths) -> list[Evidence]:
    """Return the supporting spans of every field: sentences, trigger, date, actors, place, counts."""
    ev: list[Evidence] = []
    for f in g.frames:
        ev += evidence_for("event", f.sentence)
    ev += evidence_for("event_type", cls.trigger and Span(cls.trigger.start, cls.trigger.end, cls.trigger.text, "TRIGGER"))
    ev += evidence_for("event_date", d.span)
    ev += evidence_for("actor1", actors.get("actor1"))
    ev += evidence_for("actor2", actors.get("actor2"))
    for s in actors.get("assoc", []):
        ev += evidence_for("assoc_actors", s)
    ev += evidence_for("location", place)
    for s in deaths.spans:
        ev += evidence_for(_count_field(s), s)
    return ev


def _count_field(span: Span) -> str:
    kind = getattr(span.value, "kind", "killed")
    return {"killed": "fatalities"}.get(kind, kind)


def _dedupe_evidence(ev: list[Evidence]) -> list[Evidence]:
    seen, out = set(), []
    for e in ev:
        key = (e.field, e.start, e.end)
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out
