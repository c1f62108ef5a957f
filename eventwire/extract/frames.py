"""Per-sentence extraction: one frame per accepted candidate sentence.

``build_frame`` gathers what a parsed candidate sentence says (type, actors in roles, date, place,
counts) or the reason it reports no event. Responsibility claims are read by ``extract/claims.py``;
frames become records in ``assemble/records.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Sequence

from .. import assemble as asm
from .._spacy import SentenceDoc
from ..detect import Candidate, Classification
from ..resolve.numbers import parse_quantity
from ..types import Span
from .actors import assign_roles

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan

    from ..pipeline import Analysis, Pipeline

__all__ = ["build_frame", "iso3_of"]

ANAPHORA = re.compile(
    r"^(?:the|this|that)\s+(?:operation|raid|attack|assault|strike|airstrike|air strike|blast|bombing|"
    r"explosion|ambush|clash|clashes|fighting|offensive|incident|protest|violence|abduction|kidnapping)\b",
    re.I,
)
# Victims of an incident already told dying later ("several of the critically wounded died overnight"):
# a toll update, dated by the deaths rather than by the incident.
LATER_DEATHS = re.compile(
    r"\b(?:wounded|injured)\s+(?:\w+\s+){0,3}?(?:died|have died|had died|succumbed)\b"
    r"|\b(?:died|succumbed)\s+(?:later\s+)?(?:of|from|to)\s+(?:their|his|her)\s+(?:wounds|injuries)\b",
    re.I,
)
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
    r"|\bthroughout the (?:war|conflict|insurgency)\b|\bin recent (?:years|months)\b|\bover the years\b"
    r"|\bsince (?:19|20)\d\d\b",
    re.I,
)
# "The strike came two days after militants stormed ...": the later clause is dated back from the lead.
DAYS_BEFORE = re.compile(
    r"\b(?P<n>a|one|two|three|four|five|six|seven|\d|a few|several)\s+(?P<unit>days?|weeks?)\s+(?P<rel>after|before|prior to|earlier)\b"
    r"|\b(?P<one>the day|a day) (?P<rel1>after|before)\b",
    re.I,
)


@dataclass(frozen=True)
class Lexical:
    """What a candidate's words alone tell, before any parse: its dates, an earlier-incident clause
    ("two days after ..."), the candidate narrowed to that clause, and a reason it is no incident."""

    date: Span | None
    announce: Span | None
    history: Span | None
    back: tuple[int, int, bool] | None
    cand: Candidate
    no_incident: str | None


def lexical(art: Any, cand: Candidate) -> Lexical:
    """Return what the candidate's words tell without the parse (the screen before spaCy uses it)."""
    s = cand.sentence
    date_span, announce, history = _dates(art, s)
    back = _days_before(s, cand) if date_span is None else None
    if back is not None:  # only the clause after "two days after" tells this earlier incident
        cand = Candidate(s, tuple(t for t in cand.triggers if t.start >= back[1]))
    return Lexical(date_span, announce, history, back, cand, _no_incident(cand, date_span, history))


def build_frame(p: "Pipeline", a: "Analysis", cand: Candidate, doc: "SpacySpan",
                lex: Lexical | None = None) -> tuple[asm.Frame | None, str | None]:
    """Return the frame of one parsed candidate sentence, or (None, reason) when it is no event.

    ``doc`` is the sentence's span of the article-wide parse: token offsets are article offsets.
    ``lex``: the candidate's ``lexical()`` facts when the screen already found them.
    """
    s = cand.sentence
    reason = p.detector.reject_reason(cand, doc, 0)
    if reason:
        return None, reason
    lex = lex or lexical(a.article, cand)
    date_span, announce, back, cand = lex.date, lex.announce, lex.back, lex.cand
    if lex.no_incident:
        return None, lex.no_incident
    later = bool(a.frames) and _only_later_deaths(cand)
    if later:  # the day the wounded died is not the incident's day
        date_span = None
    place, roles, claim_only = _place_and_sides(p, a, cand, doc, date_span)
    cls = p.detector.classify(cand, roles.agent_class, roles.patient_class, roles.agent_state, roles.support_ranges,
                              roles.pivot, roles.patient_range)
    if cls is None:
        return None, "no codable interaction"
    if claim_only:  # "sources attributed the attack to X": X is found by find_claims, not as a side
        cls = Classification(cls.event_type, cls.sub_event_type, "claim", cls.trigger)
        roles.agents, roles.patients, roles.assoc = [], [], []
    counts = _counts(p, a, s, doc)
    anaphoric = claim_only or later or bool(ANAPHORA.match(s.text))
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


def _only_later_deaths(cand: Candidate) -> bool:
    """True when the sentence's only event words tell wounded victims dying later (a toll update)."""
    s = cand.sentence
    spans = [(s.start + m.start(), s.start + m.end()) for m in LATER_DEATHS.finditer(s.text)]
    strong = [t for t in cand.triggers if t.strong]
    return bool(spans and strong) and all(any(a <= t.start and t.end <= b for a, b in spans) for t in strong)


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
    home = iso3_of(None, a.geo)
    def earlier(iso3: str | None) -> Callable[[], list[Any]]:  # groups named before: "the militants" are theirs
        return lambda: p.actors.named_groups(art.text, 0, s.start, country_iso3=iso3, when=when)

    named = p.actors.scan(art.text, s.start, s.end, country_iso3=home, when=when, earlier=earlier(home))
    ents = [(e.start_char, e.end_char, e.label_) for e in doc.ents] if p.has_ner else []
    ents += [(x.start, x.end, "ORG") for x in named if x.value.type not in ("State forces", "Civilians", "Protesters", "Rioters")]
    place = p.geocoder.locate(art.text, s.start, s.end, a.geo, ents)
    iso3 = iso3_of(place, a.geo)
    actors = named if iso3 == home else p.actors.scan(art.text, s.start, s.end, country_iso3=iso3, when=when,
                                                      earlier=earlier(iso3))
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
    """Return (event date, announcement date, history) spans of a sentence; history is a far-past
    date or one known only to a year or more ("last year", "in 2019")."""
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
        elif kind == "event" and v.precision is not None and v.precision > 3 and history is None:
            history = d  # known only to a year: no incident an ACLED-style record can hold
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
    q = parse_quantity(word)  # "two", "3"; "a few", "several" days: about 3, and vague
    n = q.best if q is not None else 3
    week = m.group("unit").lower().startswith("week")
    return n * (7 if week else 1), cut, week or q is None or q.vague


def iso3_of(place: Any, geo: Any) -> str | None:
    """Return the event country: the place's, else the article's top country."""
    if place is not None and getattr(place.place, "iso3", None):
        return place.place.iso3
    return geo.top_country() if geo is not None else None
