"""Per-sentence extraction: one frame per accepted candidate, then event records from frames.

``build_frame`` gathers what a parsed candidate sentence says (type, actors in roles, date, place,
counts) or the reason it reports no event. ``find_claims`` reads responsibility claims anywhere in
the article ("sources attributed the attack to the Taliban"). ``events_from_frames`` merges frames
into incidents and writes one record per incident.
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING, Any, Sequence

from .. import assemble as asm
from .._spacy import SentenceDoc
from ..detect import Candidate, Classification
from ..types import Span
from .actors import assign_roles

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan

    from ..pipeline import Analysis, Pipeline

__all__ = ["build_frame", "find_claims", "events_from_frames"]

ANAPHORA = re.compile(
    r"^(?:the|this|that)\s+(?:operation|raid|attack|assault|strike|airstrike|air strike|blast|bombing|"
    r"explosion|ambush|clash|clashes|fighting|offensive|incident|protest|violence|abduction|kidnapping)\b",
    re.I,
)
GENERIC_KEYS = ("unidentified", "unknown")
# Totals over a war or campaign, not one incident ("the war has killed more than 40,000 people").
AGGREGATE = re.compile(
    r"\b(?:since (?:the )?(?:start|beginning|outbreak)|since (?:19|20)\d\d|since (?:it|the war|the conflict|the fighting|the insurgency) (?:began|started|erupted)"
    r"|so far this year|to date|in total|over the past (?:\w+ )?(?:years|decade|months)|(?:war|conflict|insurgency|violence) (?:has|have) (?:killed|left)"
    r"|(?:years|decade|decades) of (?:war|conflict|fighting|violence))\b",
    re.I,
)
# A long period rather than an incident ("during the first two years of the conflict").
PERIOD = re.compile(
    r"\b(?:during|over|throughout|in) the (?:first|past|last) (?:\w+ )?(?:years?|decades?|months)\b"
    r"|\bthroughout the (?:war|conflict|insurgency)\b|\bin recent (?:years|months)\b|\bover the years\b",
    re.I,
)
# "The strike came two days after militants stormed ...": the later clause is dated back from the lead.
DAYS_BEFORE = re.compile(
    r"\b(?P<n>a|one|two|three|four|five|six|seven|\d|a few|several)\s+(?P<unit>days?|weeks?)\s+(?P<rel>after|before|prior to|earlier)\b"
    r"|\b(?P<one>the day|a day) (?P<rel1>after|before)\b",
    re.I,
)
_SMALL = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}


def build_frame(p: "Pipeline", a: "Analysis", cand: Candidate, doc: "SpacySpan") -> tuple[asm.Frame | None, str | None]:
    """Return the frame of one parsed candidate sentence, or (None, reason) when it is no event.

    ``doc`` is the sentence's span of the article-wide parse: token offsets are article offsets.
    """
    s = cand.sentence
    reason = p.detector.reject_reason(cand, doc, 0)
    if reason:
        return None, reason
    date_span, announce, history = _dates(a.article, s)
    back = _days_before(s, cand) if date_span is None else None
    if back is not None:  # only the clause after "two days after" tells this earlier incident
        cand = Candidate(s, tuple(t for t in cand.triggers if t.start >= back[1]))
    reason = _no_incident(cand, date_span, history)
    if reason:
        return None, reason
    place, roles, claim_only = _place_and_sides(p, a, cand, doc, date_span)
    cls = p.detector.classify(cand, roles.agent_class, roles.patient_class, roles.agent_state, roles.support_ranges,
                              roles.pivot)
    if cls is None:
        return None, "no codable interaction"
    if claim_only:  # "sources attributed the attack to X": X is found by find_claims, not as a side
        cls = Classification(cls.event_type, cls.sub_event_type, "claim", cls.trigger)
        roles.agents, roles.patients, roles.assoc = [], [], []
    counts = _counts(p, a, s, doc)
    anaphoric = claim_only or bool(ANAPHORA.match(s.text))
    if date_span is None and place is None and not counts and not anaphoric and len(a.sentences) >= 5 \
            and (_nominal_only(cand, doc) or not (roles.agents or roles.patients)):
        # full articles only (a headline is all nouns): "a quiet clash of visions", "party and
        # military clash over her role" carry no date, place, count or armed side
        return None, "event word without any detail (no date, place, count or sides)"
    return asm.Frame(
        sentence=s, paragraph=int(s.value or 0), cls=cls, date=date_span, announce=announce, place=place,
        counts=counts, agents=roles.agents, patients=roles.patients,
        assoc=roles.assoc, others=roles.others, patient_class=roles.patient_class, patient_noun=roles.patient_noun,
        anaphoric=anaphoric, days_before=back[0] if back else None, days_vague=bool(back and back[2]),
    ), None


def _no_incident(cand: Candidate, date_span: Span | None, history: Span | None) -> str | None:
    """Return why an undated sentence tells no single incident (far-past history, a campaign total)."""
    if date_span is not None:
        return None
    if history is not None:
        return f"history '{history.text}'"
    text = cand.sentence.text
    aggregate = AGGREGATE.search(text) if "KILL" in cand.cues else PERIOD.search(text)
    return f"campaign total or period '{aggregate.group(0)}'" if aggregate else None


def _place_and_sides(p: "Pipeline", a: "Analysis", cand: Candidate, doc: "SpacySpan",
                     date_span: Span | None) -> tuple[Any, Any, bool]:
    """Return the sentence's event place, its actors in roles, and whether it is only a claim."""
    art, s = a.article, cand.sentence
    when = date_span.value.date if date_span is not None and date_span.value is not None else art.published
    home = _iso3(None, a.geo)
    named = p.actors.scan(art.text, s.start, s.end, country_iso3=home, when=when)
    ents = [(e.start_char, e.end_char, e.label_) for e in doc.ents] if p.has_ner else []
    ents += [(x.start, x.end, "ORG") for x in named if x.value.type not in ("State forces", "Civilians", "Protesters", "Rioters")]
    place = p.geocoder.locate(art.text, s.start, s.end, a.geo, ents)
    iso3 = _iso3(place, a.geo)
    actors = named if iso3 == home else p.actors.scan(art.text, s.start, s.end, country_iso3=iso3, when=when)
    cues = p.detector.find_cues(art.text, s.start, s.end)
    support = [(m.start, m.end) for m in cues if m.payload == "SUPPORT"]
    joint = [(m.start, m.end) for m in cues if m.payload == "JOINT"]
    roles = assign_roles(doc, 0, _umbrella_first(art.text, actors), cand.triggers, support, p.detector, joint)
    return place, roles, _claim_only(cand, cues, doc)


_GROUP_TYPES = ("Rebel group", "Political militia", "Identity militia")


def _umbrella_first(text: str, actors: list[Span]) -> list[Span]:
    """"Katiba Macina (JNIM) militants": the group in brackets is the umbrella the writer codes the
    attack to, so it replaces the named unit (a bracketed alias of the same group changes nothing)."""
    out: list[Span] = []
    skip: set[int] = set()
    for i, x in enumerate(actors):
        if i in skip:
            continue
        nxt = actors[i + 1] if i + 1 < len(actors) else None
        if nxt is not None and text[x.end : nxt.start].strip() == "(" and text[nxt.end : nxt.end + 1] == ")" \
                and x.value.type in _GROUP_TYPES and nxt.value.type in _GROUP_TYPES and nxt.value.key != x.value.key:
            out.append(nxt)
            skip.add(i + 1)
            continue
        out.append(x)
    return out


def _counts(p: "Pipeline", a: "Analysis", s: Span, doc: "SpacySpan") -> list[Span]:
    """Return the sentence's counts of killed, wounded, arrested and abducted people."""
    from .counts import find_counts

    text = a.article.text
    counts = find_counts(text, s.start, s.end, SentenceDoc(doc) if p.has_ner else None)
    return counts + _unspecified_deaths(text, s, counts)


def _dates(art: Any, s: Span) -> tuple[Span | None, Span | None, Span | None]:
    """Return (event date, announcement date, far-past history date) spans of a sentence."""
    from .dates import find_dates

    event = announce = history = None
    dl = art.dateline_date
    for d in find_dates(art.text, s.start, s.end, art.published):
        if dl is not None and d.start < dl.end and dl.start < d.end:
            continue  # the dateline is the filing day, not the event day
        v = d.value
        kind = getattr(v, "kind", "event")
        if kind == "announcement" and announce is None:
            announce = d
        elif kind == "history" and history is None:
            history = d
        elif kind == "event" and event is None and (v.precision is None or v.precision <= 3):
            event = d
    return event, announce, history


UNSPECIFIED = re.compile(
    r"\bkill(?:ed|ing)\s+an?\s+(?:unspecified|unknown|undisclosed|unconfirmed)\s+number\b"
    r"|\ban?\s+(?:unspecified|unknown|undisclosed)\s+number\s+of\s+(?:\w+\s+){0,2}(?:were|was)\s+killed\b",
    re.I,
)


def _unspecified_deaths(text: str, s: Span, counts: list[Span]) -> list[Span]:
    """"Killed an unspecified number": the codebook's vague-plural rule gives 3 (§6)."""
    if any(getattr(c.value, "kind", "") == "killed" for c in counts):
        return []
    m = UNSPECIFIED.search(text, s.start, s.end)
    if m is None:
        return []
    from ..resolve.numbers import Quantity
    from .counts import CountValue

    q = Quantity(3, 3, 3, True, m.group(0))
    return [Span(m.start(), m.end(), m.group(0), "COUNT", CountValue("killed", q, "unspecified"))]


def _nominal_only(cand: Candidate, doc: "SpacySpan") -> bool:
    """True when every strong trigger is a noun ("a quiet clash of visions", "an attack on education")."""
    from .._spacy import pos, token_at

    toks = [token_at(doc, t.start) for t in cand.triggers if t.strong]
    return all(tok is not None and pos(tok) in ("NOUN", "PROPN", "ADJ") for tok in toks)


def _claim_only(cand: Candidate, cues: Sequence[Any], doc: "SpacySpan") -> bool:
    """True when the only event words are nouns inside a claim ("attributed the attack to X")."""
    claims = [m for m in cues if m.payload == "RESPONSIBILITY"]
    if not claims:
        return False
    from .._spacy import pos, token_at

    for t in cand.triggers:
        if not t.strong:
            continue
        tok = token_at(doc, t.start)
        if tok is None or pos(tok) != "NOUN":
            return False
    return True


def _days_before(s: Span, cand: Candidate) -> tuple[int, int, bool] | None:
    """Return (N, cut) when the sentence's event is told as having happened N days before the lead
    one ("The strike came two days after militants stormed ..."); its words start at ``cut``."""
    m = DAYS_BEFORE.search(s.text)
    if m is None:
        return None
    rel = (m.group("rel") or m.group("rel1") or "").lower()
    # "came two days after X": X is the earlier incident; "two days before the attack, Y": Y is
    cut = s.start + m.end() if rel == "after" else s.start
    if not any(t.strong and t.start >= cut for t in cand.triggers):
        return None
    if m.group("one"):
        return 1, cut, False
    word = m.group("n").lower()
    n = int(word) if word.isdigit() else _SMALL.get(word, 3)  # "a few", "several" days: about 3
    week = m.group("unit").lower().startswith("week")
    return n * (7 if week else 1), cut, week or word not in _SMALL and not word.isdigit()


def _iso3(place: Any, geo: Any) -> str | None:
    if place is not None and getattr(place.place, "iso3", None):
        return place.place.iso3
    countries = getattr(geo, "countries", None) or []
    return countries[0] if countries else None


# -- responsibility claims -------------------------------------------------------------------

CLAIMED_TYPES = ("Explosions/Remote violence", "Strategic developments")
CLAIM_AFTER = ("attributed", "suspected the involvement of", "blamed", "sources attributed", "planted by",
               "suspected to have been planted by", "likely planted by", "carried out by", "perpetrated by",
               "claimed by", "the work of")


def find_claims(p: "Pipeline", a: "Analysis") -> list[Span]:
    """Return actor spans named as perpetrators anywhere in the article, in text order."""
    text = a.article.text
    iso3 = (a.geo.countries[0] if a.geo is not None and a.geo.countries else None)
    when = next((f.date.value.date for f in a.frames if f.date is not None and f.date.value is not None
                 and f.date.value.date is not None), a.article.published)
    out: list[Span] = []
    for s in a.sentences:
        cues = [m for m in p.detector.find_cues(text, s.start, s.end) if m.payload == "RESPONSIBILITY"]
        if not cues:
            continue
        actors = [x for x in p.actors.scan(text, s.start, s.end, country_iso3=iso3, when=when) if not _generic(x)]
        for m in cues:
            out += _claimed(text, s, m, actors, lambda x: _operates_in(p, x, iso3))
    return out


def _claimed(text: str, s: Span, cue: Any, actors: Sequence[Span], home: Any = None) -> list[Span]:
    low = cue.text.lower()
    if any(low.startswith(w) for w in CLAIM_AFTER):
        after = [x for x in actors if x.start >= cue.end]
        if home is not None:  # "the People's Defense Force (HPG) of the PKK": the group of this country
            after = sorted(after, key=lambda x: not home(x))
        return after[:1]
    before = [x for x in actors if x.end <= cue.start]
    lead = text[s.start : cue.start].lower()
    if re.search(r"\b(?:no|nobody|no one|none)\b[^,;]*$", lead):
        return []
    return before[-1:]


def _operates_in(p: "Pipeline", span: Span, iso3: str | None) -> bool:
    """True when an actor operates in the country (or its area is unknown)."""
    homes = p.actors.home_countries(span.value.key)
    return not homes or iso3 is None or iso3 in homes


def _generic(span: Span) -> bool:
    key = getattr(span.value, "key", "") or ""
    name = getattr(span.value, "name", "") or ""
    return any(g in key.lower() or g in name.lower() for g in GENERIC_KEYS)


# -- records -----------------------------------------------------------------------------------

def events_from_frames(p: "Pipeline", a: "Analysis") -> list[Any]:
    """Return the Event records of an analysed article."""
    _split_shared_totals(a)
    groups = asm.group_frames(a.frames, a.article.published)
    dates: list[asm.DateChoice] = []
    for g in groups:
        dates.append(asm.choose_date(g, a.article, dates[0] if dates else None))
    groups, dates = asm.merge_same_day(groups, dates)
    events = []
    for i, (g, d) in enumerate(zip(groups, dates)):
        role = asm.role_of(i, d, dates[0])
        place = g.place
        if place is None and i == 0 and a.geo is not None and getattr(a.geo, "lead", None) is not None \
                and _lead_fits(a.geo.lead, g) and _dateline_usable(a, a.geo.lead):
            place = a.geo.lead  # the lead names the place; a later sentence gave the casualties
        country = a.geo.country_place() if place is None and a.geo is not None else None
        actors = _choose_actors(p, a, g, place, i == 0)
        extra = [actors["inferred"]] if actors.get("inferred") else []
        extra += [n for f in g.frames for n in f.notes]
        notes = _notes(g, d) + "".join(f" ({x})" for x in extra)
        events.append(asm.build_event(a.article, g, i, d, role, actors, place, country, notes))
    return events


ONE_OF = re.compile(r"\bone of (?P<n>two|three|four|five|six|seven|eight|nine|ten|\d+) (?:\w+ ){0,2}"
                    r"(?:attacks|incidents|bombings|raids|assaults|clashes|strikes)\b", re.I)
ACROSS = re.compile(r"\b(?:across|in) (?:the |all |both )?(?P<n>two|three|four|five|six|seven|eight|nine|ten|\d+)? ?"
                    r"(?:attacks|incidents|bombings|raids|assaults|clashes|strikes)\b|\bacross both\b", re.I)
_NUM_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}


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


def _clause_after(text: str, start: int, end: int) -> str:
    """Return the words after a count up to the next clause break ('while', ';') or the sentence end."""
    rest = text[start:end]
    cut = re.search(r"\bwhile\b|;", rest)
    return rest[: cut.start()] if cut else rest


def _as_int(word: str | None) -> int | None:
    if not word:
        return None
    return int(word) if word.isdigit() else _NUM_WORDS.get(word.lower())


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


def _lead_fits(lead: Any, g: asm.Group) -> bool:
    """True when the lead's place may be the first incident's: it comes before the incident's first
    sentence or inside it, i.e. the incident is the lead story."""
    return lead.start < g.frames[0].sentence.end


def _choose_actors(p: "Pipeline", a: "Analysis", g: asm.Group, place: Any, is_lead: bool) -> dict[str, Any]:
    """Pick actor1, actor2 and associated actors of a group following codebook §3."""
    iso3 = place.place.iso3 if place is not None and place.place.iso3 else _iso3(None, a.geo)
    agents = [x for f in g.frames for x in f.agents]
    patients = [x for f in g.frames for x in f.patients]
    assoc = [x for f in g.frames for x in f.assoc]
    others = [x for f in g.frames for x in f.others]
    agents = _prefer_home_state(agents, iso3)
    a1 = agents[0] if agents else None
    claim = a.claims[0] if is_lead and a.claims else None
    if claim is not None and (a1 is None or _generic(a1)):
        a1 = claim
    elif claim is not None and a1.value.type == "State forces" and g.cls.event_type in CLAIMED_TYPES \
            and claim.value.key != a1.value.key:
        patients = [a1] + patients  # the state intercepted or was hit; the claimed group acted
        a1 = claim
    a2 = next((x for x in patients if a1 is None or x.value.key != a1.value.key), None)
    if a2 is None and a1 is not None:
        a2 = next((x for x in others if x.value.key != a1.value.key and x.value.type != a1.value.type), None)
    extra = [x for x in agents[1:] if a1 is None or x.value.key != a1.value.key]
    out: dict[str, Any] = {"actor1": a1, "actor2": a2, "assoc": _unique(assoc + extra, (a1, a2))}
    _defaults(p, g, out, iso3)
    return out


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
        _state_opponent(p, g, out, iso3)
        _default(p, out, "actor1", "unidentified armed group", iso3)


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
    if out.get(slot) is not None:
        return
    actor = p.actors.normalise(surface, country_iso3=iso3)
    if actor is not None:
        out[f"{slot}_name"], out[f"{slot}_type"] = actor.name, actor.type


def _notes(g: asm.Group, d: asm.DateChoice) -> str:
    first = g.frames[0].sentence.text
    first = first if len(first) <= 300 else first[:297] + "..."
    when = d.span.text if d.span is not None else "date not stated"
    return f"[{when}] {first}"
