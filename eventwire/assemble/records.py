"""From frames to records: group, date, choose the sides and write one Event per incident."""

from __future__ import annotations

import dataclasses
import re
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from .. import assemble as asm
from ..extract.claims import CLAIMED_TYPES, is_generic
from ..extract.frames import iso3_of
from ..resolve.dates import MONTHS, WEEKDAYS
from ..resolve.geocode import countries_in
from ..resolve.numbers import parse_quantity
from ..types import Span

if TYPE_CHECKING:
    from ..pipeline import Analysis, Pipeline

__all__ = ["events_from_frames"]

def events_from_frames(p: "Pipeline", a: "Analysis") -> list[Any]:
    """Return the Event records of an analysed article."""
    _split_shared_totals(a)
    groups = asm.group_frames(a.frames, a.article.published)
    dates: list[asm.DateChoice] = []
    for g in groups:
        dates.append(asm.choose_date(g, a.article, dates[0] if dates else None))
    groups, dates = asm.merge_same_day(groups, dates)
    _spread_multi_day_totals(groups, dates)
    events = []
    setting = _setting(a)
    for i, (g, d) in enumerate(zip(groups, dates)):
        role = asm.role_of(i, d, dates[0])
        place, setting_note = _place_of(a, g, i, setting if _near_in_time(d, dates[0]) else None)
        country = a.geo.country_place() if place is None and a.geo is not None else None
        actors = _choose_actors(p, a, g, place, i == 0)
        extra = [actors["inferred"]] if actors.get("inferred") else []
        extra += [n for f in g.frames for n in f.notes] + setting_note
        notes = _notes(g, d) + "".join(f" ({x})" for x in extra)
        events.append(asm.build_event(a.article, g, i, d, role, actors, place, country, notes))
    return events


ONE_OF = re.compile(r"\bone of (?P<n>two|three|four|five|six|seven|eight|nine|ten|\d+) (?:\w+ ){0,2}"
                    r"(?:attacks|incidents|bombings|raids|assaults|clashes|strikes)\b", re.I)
ACROSS = re.compile(r"\b(?:across|in) (?:the |all |both )?(?P<n>two|three|four|five|six|seven|eight|nine|ten|\d+)? ?"
                    r"(?:attacks|incidents|bombings|raids|assaults|clashes|strikes)\b|\bacross both\b", re.I)


def _split_shared_totals(a: "Analysis") -> None:
    """Divide a toll given "across the attacks" by the number of related incidents (codebook §6:
    totals over several places are split evenly; the lowest share is kept, the split noted)."""
    text = a.article.text
    m = ONE_OF.search(text)
    for f in a.frames:
        for i, c in enumerate(f.counts):
            clause = _clause_after(text, c.end, f.sentence.end)
            mm = ACROSS.search(clause)
            if not mm:
                continue
            n = _as_int(mm.group("n")) or (2 if "both" in mm.group(0).lower() else None) or (_as_int(m.group("n")) if m else None)
            q = c.value.quantity
            if not n or n < 2 or q.low == 0:
                continue
            share = dataclasses.replace(q, low=q.low // n, best=q.best // n, high=-(-q.high // n))
            f.counts[i] = dataclasses.replace(c, value=dataclasses.replace(c.value, quantity=share))
            f.notes.append(f"{q.low} {c.value.kind} across {n} related incidents: {share.low} coded here")


# "At least 272 people have been killed in the fighting": a toll of the fighting as a whole
FIGHTING_TOTAL = re.compile(r"^\s*(?:have|has|had|were|was)?\s*(?:been\s+)?killed\s+(?:in|during)\s+the\s+"
                            r"(?:fighting|clashes|violence)\b", re.I)
TOTAL_WINDOW_DAYS = 7


def _spread_multi_day_totals(groups: list[asm.Group], dates: list[asm.DateChoice]) -> None:
    """A toll of "the fighting" given on day D with no date of its own covers the battle days told
    before D; codebook §6 divides it evenly among them, the remainder to the first day."""
    for g in list(groups):
        for f in list(g.frames):
            covered = _days_covered(f, groups, dates)
            if len(covered) < 2 or g not in covered:
                continue
            for c in [c for c in f.counts if _fighting_total(f, c)]:
                shares = _even_shares(c.value.quantity, len(covered))
                note = f"{c.value.quantity.low} killed in the fighting over {len(covered)} days: split evenly"
                for h, q in zip(covered, shares):
                    share = dataclasses.replace(c, value=dataclasses.replace(c.value, quantity=q))
                    if h is g:
                        f.counts[f.counts.index(c)] = share
                        f.notes.append(note)
                    else:
                        h.frames.append(dataclasses.replace(
                            f, cls=h.cls, counts=[share], agents=[], patients=[], assoc=[], others=[],
                            place=None, date=None, announce=None, notes=[note]))


def _days_covered(f: asm.Frame, groups: list[asm.Group], dates: list[asm.DateChoice]) -> list[asm.Group]:
    """Return the day-precise battle records of the week before an undated frame's announcement day."""
    if f.date is not None or f.announce is None or f.announce.value is None or not f.announce.value.date:
        return []
    day = f.announce.value.date
    days = [(d.event_date, h) for h, d in zip(groups, dates)
            if d.event_date is not None and (d.precision or 1) == 1 and h.cls.event_type == "Battles"
            and day - timedelta(days=TOTAL_WINDOW_DAYS) <= d.event_date < day]
    return [h for _, h in sorted(days, key=lambda t: t[0])]


def _fighting_total(f: asm.Frame, c: Span) -> bool:
    return getattr(c.value, "kind", "") == "killed" and bool(FIGHTING_TOTAL.match(f.sentence.text[c.end - f.sentence.start :]))


def _even_shares(q: Any, n: int) -> list[Any]:
    """Divide a quantity over n days, any remainder to the first (codebook §6)."""
    def part(total: int, i: int) -> int:
        return total // n + (total % n if i == 0 else 0)

    return [dataclasses.replace(q, low=part(q.low, i), best=part(q.best, i), high=part(q.high, i)) for i in range(n)]


def _clause_after(text: str, start: int, end: int) -> str:
    """Return the words after a count up to the next clause break ('while', ';') or the sentence end."""
    rest = text[start:end]
    cut = re.search(r"\bwhile\b|;", rest)
    return rest[: cut.start()] if cut else rest


def _as_int(word: str | None) -> int | None:
    q = parse_quantity(word) if word else None
    return q.best if q is not None and not q.vague else None


def _overlaps(m: Any, span: Span | None) -> bool:
    return span is not None and m.start < span.end and span.start < m.end


DATELINE_VOTE = 6.0  # what the geocoder's article context gives the dateline's country


def _dateline_usable(a: "Analysis", lead: Any) -> bool:
    """A dateline place stands for the event only in a local story: its country must be named in
    the text too (a Syria story filed from BEIRUT is not about Lebanon)."""
    if not _overlaps(lead, a.article.dateline_place):
        return True
    iso3 = getattr(lead.place, "iso3", None)
    return bool(iso3) and a.geo.votes.get(iso3, 0.0) > DATELINE_VOTE


def _place_of(a: "Analysis", g: asm.Group, i: int, setting: Any) -> tuple[Any, list[str]]:
    """Return the place of the i-th group and a note when it was not named for this incident."""
    if g.place is not None:
        return g.place, []
    lead = getattr(a.geo, "lead", None) if a.geo is not None else None
    if i == 0 and lead is not None and _lead_fits(lead, g) and _dateline_usable(a, lead):
        return lead, []  # the lead names the place; a later sentence gave the casualties
    if i > 0 and setting is not None and g.cls.event_type not in _NOT_LOCAL and not _names_a_place(a, g, setting):
        # a local story: an incident told without a place happened in its town
        return setting, [f"place not named for this incident: the article's setting, {setting.place.name}"]
    return None, []


def _setting(a: "Analysis") -> Any:
    """Return the article's setting: the lead's place when it is a city or town (a local story, as
    "JUBA - Renewed fighting erupted in South Sudan's capital"), else None. A lead naming a region,
    province or landform ("a raid in the Hamrin Mountains") sets no town for the other incidents."""
    lead = getattr(a.geo, "lead", None) if a.geo is not None else None
    if lead is None or lead.place.kind not in _SETTING_KINDS or not _dateline_usable(a, lead):
        return None
    return lead


_SETTING_KINDS = ("city", "town")
_NOT_LOCAL = ("Strategic developments",)  # deals, arrests, transfers: often signed or made elsewhere
SETTING_DAYS = 14  # an incident further from the lead's date may have happened anywhere


def _near_in_time(d: asm.DateChoice, lead: asm.DateChoice) -> bool:
    """True when both dates are known and at most SETTING_DAYS apart."""
    if d.event_date is None or lead.event_date is None:
        return False
    return abs((d.event_date - lead.event_date).days) <= SETTING_DAYS
_WHEN_WORDS = frozenset(MONTHS) | frozenset(WEEKDAYS)  # "in January", "on Sunday's attack": no place
# "in/at/near the Baraboule area", "in the north": the text places the incident, even where the
# gazetteer cannot follow it; then the setting is not assumed
NAMED_PLACE = re.compile(
    r"\b(?:in|at|near|outside|around|between|from)\s+(?:the\s+)?(?P<name>[A-Z][\w'\u2019-]*(?:\s+[A-Z][\w'\u2019-]*)*)"
    r"|\bin\s+the\s+(?:far\s+)?(?:north|south|east|west|centre|center)(?:-?(?:east|west))?(?:ern)?\b"
    r"|\b(?:in|across)\s+the\s+(?:same\s+)?(?:state|province|region|county|country|governorate|department)\b")


def _names_a_place(a: "Analysis", g: asm.Group, setting: Any) -> bool:
    """True when the group's sentences name a place other than the setting or a country, or a part of
    the country ("in the north"), though none resolved."""
    text = a.article.text
    for f in g.frames:
        for m in NAMED_PLACE.finditer(text, f.sentence.start, f.sentence.end):
            name = m.group("name")
            if name is None:
                return True
            name = re.sub(r"['\u2019]s$", "", name)
            if name.split()[0] in _WHEN_WORDS or name == setting.text or name == setting.place.name:
                continue
            if any(s == 0 and e == len(name) for s, e, _iso in countries_in(name)):
                continue
            return True
    return False


def _lead_fits(lead: Any, g: asm.Group) -> bool:
    """True when the lead's place may be the first incident's: it comes before the incident's first
    sentence or inside it, i.e. the incident is the lead story."""
    return lead.start < g.frames[0].sentence.end


def _choose_actors(p: "Pipeline", a: "Analysis", g: asm.Group, place: Any, is_lead: bool) -> dict[str, Any]:
    """Pick actor1, actor2 and associated actors of a group following codebook §3."""
    iso3 = place.place.iso3 if place is not None and place.place.iso3 else iso3_of(None, a.geo)
    agents = [x for f in g.frames for x in f.agents]
    patients = [x for f in g.frames for x in f.patients]
    assoc = [x for f in g.frames for x in f.assoc]
    others = [x for f in g.frames for x in f.others]
    agents = _prefer_home_state(agents, iso3)
    battle = g.cls.event_type == "Battles"
    a1 = agents[0] if agents else (_other_side(patients) if battle else None)
    claim = a.claims[0] if is_lead and a.claims else None
    if claim is not None and (a1 is None or is_generic(a1) or a1.value.type in UNARMED):
        a1 = claim
    elif claim is not None and a1.value.type == "State forces" and g.cls.event_type in CLAIMED_TYPES \
            and claim.value.key != a1.value.key:
        patients = [a1] + patients  # the state intercepted or was hit; the claimed group acted
        a1 = claim
    # in a battle the other armed side outranks bystanders named first ("272 people ... troops loyal to X")
    a2 = (_distinct_side(a1, patients) if battle and a1 is not None else None) \
        or next((x for x in patients if a1 is None or x.value.key != a1.value.key), None)
    if a2 is None and a1 is not None:
        a2 = next((x for x in others if x.value.key != a1.value.key and x.value.type != a1.value.type), None)
    if a2 is None and a1 is not None and battle:
        a2 = _distinct_side(a1, agents[1:])  # "clashes between troops and IS fighters continued"
    extra = [x for x in agents[1:] if a1 is None or x.value.key != a1.value.key]
    out: dict[str, Any] = {"actor1": a1, "actor2": a2, "assoc": _unique(assoc + extra, (a1, a2))}
    _defaults(p, g, out, iso3)
    return out


UNARMED = ("Civilians", "Protesters", "Rioters")


def _other_side(patients: list[Span]) -> Span | None:
    """A battle told without an agent ("clashes between regime forces and IS", "seven militants and
    two soldiers were killed") names both sides among the patients: return the second armed side."""
    armed = [x for x in patients if x.value.type not in UNARMED]
    return _distinct_side(armed[0], armed[1:]) if armed else None


def _distinct_side(side: Span, spans: list[Span]) -> Span | None:
    """Return the first armed actor of ``spans`` on another side than ``side`` (two state forces
    of one country are one side)."""
    return next((x for x in spans if x.value.type not in UNARMED and x.value.key != side.value.key
                 and not x.value.type == side.value.type == "State forces"), None)


def _prefer_home_state(agents: list[Span], iso3: str | None) -> list[Span]:
    """Put the event country's own state forces first (joint operations: the host leads)."""
    home = [x for x in agents if x.value.type == "State forces" and (x.value.country_iso3 in (None, iso3))]
    return home + [x for x in agents if x not in home]


def _unique(spans: list[Span], exclude: tuple[Span | None, ...]) -> list[Span]:
    keys = {x.value.key for x in exclude if x is not None}
    out, seen = [], set()
    for x in spans:
        if x.value.key in keys or x.value.key in seen:
            continue
        seen.add(x.value.key)
        out.append(x)
    return out


def _defaults(p: "Pipeline", g: asm.Group, out: dict[str, Any], iso3: str | None) -> None:
    """Fill the sides the codebook fixes by type: protesters, rioters, civilian victims."""
    et, sub = g.cls.event_type, g.cls.sub_event_type
    if et == "Protests":
        _swap_if(out, "Protesters")
        _state_second(out)
        _replace_crowd(out, ("Civilians",))
        if out["actor2"] is not None and out["actor2"].value.type in ("Civilians", "Protesters"):
            out["actor2"] = None  # the people a protest is about are not a side of it
        _default(p, out, "actor1", "protesters", iso3)
    elif et == "Riots":
        _swap_if(out, "Rioters")
        _state_second(out)
        _replace_crowd(out, ("Civilians", "Protesters"))
        _default(p, out, "actor1", "rioters" if sub == "Violent demonstration" else "mob", iso3)
    elif sub == "Arrests":
        _default(p, out, "actor1", "police", iso3)  # arrests are made by the state (codebook §2)
    elif et == "Violence against civilians":
        _victim_second(out)
        if out["actor2"] is None or out["actor2"].value.type != "Civilians":
            if out["actor2"] is not None:
                out["assoc"] = [out["actor2"]] + out["assoc"]
            out["actor2"] = None
            _default(p, out, "actor2", "civilians", iso3)
        _default(p, out, "actor1", "unidentified armed group", iso3)
    elif et in ("Battles", "Explosions/Remote violence"):
        _victim_second(out)
        if et == "Battles":
            _bystanders_aside(out)
        _state_opponent(p, g, out, iso3)
        unnamed = et == "Battles" and out["actor1"] is None and out["actor2"] is None and "actor1_name" not in out
        _default(p, out, "actor1", "unidentified armed group", iso3)
        if unnamed:  # a battle told with neither side named ("killed in the fighting"): both unknown
            _default(p, out, "actor2", "unidentified armed group", iso3)


def _bystanders_aside(out: dict[str, Any]) -> None:
    """Civilians killed in a battle are bystanders, not a side: they go to the associated actors."""
    a2 = out["actor2"]
    if a2 is not None and a2.value.type == "Civilians":
        out["assoc"] = out["assoc"] + [a2]
        out["actor2"] = None


def _state_opponent(p: "Pipeline", g: asm.Group, out: dict[str, Any], iso3: str | None) -> None:
    """Rebels killed in a clash or an air strike with nobody else named: the other side is the
    state's forces (rebel groups fly no aircraft; clashes with rebels at home are with the state).
    The inference is written into the record's notes."""
    a1, a2 = out["actor1"], out["actor2"]
    if a1 is not None or iso3 is None:
        return
    air = g.cls.sub_event_type == "Air/drone strike"
    rebel = a2 is not None and a2.value.type == "Rebel group"
    if not (air or (rebel and g.cls.sub_event_type == "Armed clash")):
        return
    state = p.actors.normalise("security forces", country_iso3=iso3)
    if state is not None and state.type == "State forces":
        out["actor1_name"], out["actor1_type"] = state.name, state.type
        out["inferred"] = "actor1 inferred as the state's forces: " + ("air strike with no attacker named" if air else "only the rebel side is named")


def _state_second(out: dict[str, Any]) -> None:
    """In protests and riots the crowd is actor1; police who intervene are actor2."""
    a1, a2 = out["actor1"], out["actor2"]
    if a1 is not None and a1.value.type == "State forces" and (a2 is None or a2.value.type != "State forces"):
        out["actor1"], out["actor2"] = (a2 if a2 is not None and a2.value.type in ("Protesters", "Rioters") else None), a1


def _replace_crowd(out: dict[str, Any], types: tuple[str, ...]) -> None:
    """Drop an actor1 that is only the crowd itself under another name (civilians for rioters)."""
    a1 = out["actor1"]
    if a1 is not None and a1.value.type in types:
        out["actor1"] = None


def _victim_second(out: dict[str, Any]) -> None:
    """Civilians and protesters are never the acting side of violence: they go to actor2."""
    a1, a2 = out["actor1"], out["actor2"]
    if a1 is None or a1.value.type not in ("Civilians", "Protesters"):
        return
    if a2 is None or a2.value.type in ("Civilians", "Protesters"):
        out["actor1"], out["actor2"] = None, a1 if a2 is None else a2
    else:
        out["actor1"], out["actor2"] = a2, a1


def _swap_if(out: dict[str, Any], type_label: str) -> None:
    a1, a2 = out["actor1"], out["actor2"]
    if a2 is not None and a2.value.type == type_label and (a1 is None or a1.value.type != type_label):
        out["actor1"], out["actor2"] = a2, a1


def _default(p: "Pipeline", out: dict[str, Any], slot: str, surface: str, iso3: str | None) -> None:
    if out.get(slot) is not None or out.get(f"{slot}_name") is not None:
        return  # a side already found or inferred (``_state_opponent``) is kept
    actor = p.actors.normalise(surface, country_iso3=iso3)
    if actor is not None:
        out[f"{slot}_name"], out[f"{slot}_type"] = actor.name, actor.type


def _notes(g: asm.Group, d: asm.DateChoice) -> str:
    first = g.frames[0].sentence.text
    first = first if len(first) <= 300 else first[:297] + "..."
    when = d.span.text if d.span is not None else "date not stated"
    return f"[{when}] {first}"
