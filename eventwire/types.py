"""The shared vocabulary of the pipeline: Article, Span, Provenance, Evidence, Event.

Frozen dataclasses holding plain values, so they pickle, cross process boundaries and map
one-to-one to table rows. Every offset is a half-open character range into ``Article.text``
(the cleaned text); ``Article.offset_map`` maps those offsets back to the raw document.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any

__all__ = ["Provenance", "Span", "Article", "Evidence", "Event", "article_id_for"]


@dataclass(frozen=True)
class Provenance:
    """Which stage, rule or model produced a value, and how sure it was."""

    stage: str
    rule: str = ""
    version: str = "1"
    score: float = 1.0


@dataclass(frozen=True)
class Span:
    """A mention: a half-open character range of ``Article.text`` with a label and a value."""

    start: int
    end: int
    text: str
    label: str  # TRIGGER, ACTOR, PLACE, DATE, COUNT, DATELINE, BOILERPLATE, SENTENCE ...
    value: Any = None
    provenance: Provenance | None = None

    def check(self, text: str) -> bool:
        """Return True when the copy of the text equals the slice it claims to come from."""
        return text[self.start : self.end] == self.text


def article_id_for(text: str, url: str | None = None) -> str:
    """Return a stable article id: a hash of the source URL and the cleaned text."""
    h = hashlib.sha256()
    h.update((url or "").encode("utf-8"))
    h.update(b"\0")
    h.update(text.encode("utf-8"))
    return h.hexdigest()[:16]


@dataclass(frozen=True)
class Article:
    """One cleaned document. ``text`` is what every offset points into."""

    article_id: str
    text: str
    published: date | None = None
    source: str | None = None
    url: str | None = None
    title: str | None = None
    language: str = "en"
    raw: str = ""
    # offset_map[i] is the raw offset of cleaned character i (len(text) + 1 entries); empty
    # when the cleaned text is the raw text unchanged.
    offset_map: tuple[int, ...] = ()
    boilerplate: tuple[Span, ...] = ()  # lines kept in text but excluded from extraction
    dateline_place: Span | None = None
    dateline_date: Span | None = None  # value: ISO date string when resolvable
    fetched_at: str | None = None

    def raw_offset(self, i: int) -> int:
        """Return the raw-document offset of cleaned offset ``i``."""
        return self.offset_map[i] if self.offset_map else i

    def to_dict(self, with_text: bool = True) -> dict[str, Any]:
        """Return the JSON-ready article header (and text) printed by ``eventwire extract``."""
        d: dict[str, Any] = {
            "article_id": self.article_id,
            "source": self.source,
            "url": self.url,
            "title": self.title,
            "published": self.published.isoformat() if self.published else None,
            "language": self.language,
            "boilerplate": [{"start": s.start, "end": s.end, "text": s.text} for s in self.boilerplate],
            "dateline": _dateline_dict(self),
        }
        if with_text:
            d["text"] = self.text
        return d


def _dateline_dict(a: Article) -> dict[str, Any] | None:
    if a.dateline_place is None and a.dateline_date is None:
        return None
    out: dict[str, Any] = {}
    if a.dateline_place is not None:
        out["place"] = a.dateline_place.text
    if a.dateline_date is not None:
        out["date"] = a.dateline_date.value
        out["date_text"] = a.dateline_date.text
    return out


@dataclass(frozen=True)
class Evidence:
    """The text supporting one field of an event: ``Article.text[start:end] == text``."""

    field: str
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"field": self.field, "start": self.start, "end": self.end, "text": self.text}


# Field order of the flat record printed by `eventwire extract --format json` and stored.
EVENT_FIELDS: tuple[str, ...] = (
    "event_id", "article_id", "role", "event_type", "sub_event_type", "disorder_type",
    "event_date", "date_start", "date_end", "time_precision",
    "actor1", "actor1_type", "actor2", "actor2_type", "assoc_actors", "interaction",
    "civilian_targeting", "country", "iso3", "admin1", "admin2", "location",
    "latitude", "longitude", "geo_precision", "where_prec", "gazetteer_id",
    "fatalities", "fatalities_low", "fatalities_high", "wounded", "arrested", "abducted",
    "confidence", "notes", "source", "url", "published", "evidence",
)


@dataclass(frozen=True)
class Event:
    """One event record (codebook §1): one interaction, two main actors, one place, one day."""

    event_id: str
    article_id: str
    role: str  # "main" | "background"
    event_type: str
    sub_event_type: str
    disorder_type: str
    event_date: str | None = None  # ISO YYYY-MM-DD, or None when unresolved
    date_start: str | None = None
    date_end: str | None = None
    time_precision: int | None = None  # ACLED 1-3
    actor1: str | None = None
    actor1_type: str | None = None
    actor2: str | None = None
    actor2_type: str | None = None
    assoc_actors: tuple[str, ...] = ()
    interaction: str | None = None  # numeric form, e.g. "12"
    civilian_targeting: str | None = None  # "Civilians targeted" or None
    country: str | None = None
    iso3: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    location: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None  # ACLED 1-3; None = country only
    where_prec: int | None = None  # UCDP 1-7
    gazetteer_id: str | None = None
    fatalities: int = 0  # ACLED figure = fatalities_low
    fatalities_low: int = 0
    fatalities_high: int = 0
    wounded: int | None = None
    arrested: int | None = None
    abducted: int | None = None
    confidence: float = 0.5
    notes: str = ""
    source: str | None = None
    url: str | None = None
    published: str | None = None
    evidence: tuple[Evidence, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        """Return the flat JSON record (lists for tuples, evidence as objects)."""
        d = {f: getattr(self, f) for f in EVENT_FIELDS}
        d["assoc_actors"] = list(self.assoc_actors)
        d["evidence"] = [e.to_dict() for e in self.evidence]
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Event":
        """Rebuild an Event from its flat record (as stored or printed); unknown keys are ignored."""
        names = {f.name for f in dataclasses.fields(cls)}
        kw = {k: v for k, v in d.items() if k in names}
        kw["assoc_actors"] = tuple(d.get("assoc_actors") or ())
        kw["evidence"] = tuple(Evidence(**e) for e in d.get("evidence") or ())
        return cls(**kw)

    def replace(self, **changes: Any) -> "Event":
        """Return a copy with some fields changed."""
        return dataclasses.replace(self, **changes)
