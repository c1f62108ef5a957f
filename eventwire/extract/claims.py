"""Responsibility claims anywhere in an article ("sources attributed the attack to the Taliban")."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Sequence

from ..types import Span

if TYPE_CHECKING:
    from ..pipeline import Analysis, Pipeline

__all__ = ["find_claims", "is_generic", "CLAIMED_TYPES"]

GENERIC_KEYS = ("unidentified", "unknown")

CLAIMED_TYPES = ("Explosions/Remote violence", "Strategic developments")
CLAIM_AFTER = ("attributed", "suspected the involvement of", "blamed", "sources attributed", "planted by",
               "suspected to have been planted by", "likely planted by", "carried out by", "perpetrated by",
               "claimed by", "the work of")


def find_claims(p: "Pipeline", a: "Analysis") -> list[Span]:
    """Return actor spans named as perpetrators anywhere in the article, in text order."""
    text = a.article.text
    iso3 = (a.geo.top_country() if a.geo is not None else None)
    when = next((f.date.value.date for f in a.frames if f.date is not None and f.date.value is not None
                 and f.date.value.date is not None), a.article.published)
    out: list[Span] = []
    for s in a.sentences:
        cues = [m for m in p.detector.find_cues(text, s.start, s.end) if m.payload == "RESPONSIBILITY"]
        if not cues:
            continue
        actors = [x for x in p.actors.scan(text, s.start, s.end, country_iso3=iso3, when=when) if not is_generic(x)]
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


def is_generic(span: Span) -> bool:
    """True for unidentified or unknown actors."""
    key = getattr(span.value, "key", "") or ""
    name = getattr(span.value, "name", "") or ""
    return any(g in key.lower() or g in name.lower() for g in GENERIC_KEYS)
