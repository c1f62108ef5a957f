"""Gold data for evaluation: read both gold shapes into one form.

Shape 1, single-event rows (``../shared/data/gold/dev.jsonl``): ``{"id", "dataset", "text",
"publication_date", "gold": {...}, "gold_extra": {...}}``. Shape 2, full-article rows
(``../shared/examples/*.jsonl``, ``examples/*.gold.json``, ``tests/golden/*``): ``{"id", "text",
"publication_date", "events": [...], "non_events": [...], "excluded_events": [...]}``.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from eventwire.errors import InputError

__all__ = ["GoldEvent", "GoldDoc", "read_gold", "gtd_acled_type", "UCDP_TYPES", "DATASETS"]

DATA = Path(__file__).resolve().parent / "data"
DATASETS = ("ACLED", "GTD", "UCDP", "articles", "examples")
UCDP_TYPES = {"state-based conflict": 1, "non-state conflict": 2, "one-sided violence": 3}
_DATASET_NAMES = {"ACLED": "ACLED", "GTD": "GTD", "UCDP-GED": "UCDP", "UCDP": "UCDP"}


@dataclass
class GoldEvent:
    """One gold event with its fields in our vocabulary; None means "not coded"."""

    event_type: str | None = None  # ACLED type (GTD: mapped, or None when ambiguous)
    sub_event_type: str | None = None
    accept_types: tuple[tuple[str, str | None], ...] = ()  # extra acceptable (type, subtype)
    raw_type: str | None = None  # the dataset's own label (GTD attack type, UCDP violence type)
    ucdp_type: int | None = None  # 1/2/3 for UCDP rows
    event_date: str | None = None  # YYYY-MM-DD or YYYY-MM
    date_start: str | None = None
    date_end: str | None = None
    actor1: str | None = None
    actor2: str | None = None
    country: str | None = None
    admin1: str | None = None
    location: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    fatalities: int | None = None
    role: str | None = None
    spans: tuple[tuple[int, int], ...] = ()  # evidence positions in the text (articles)

    def brief(self) -> dict[str, Any]:
        """Return the fields shown in error listings."""
        return {
            "type": self.event_type or self.raw_type,
            "subtype": self.sub_event_type,
            "date": self.event_date,
            "actor1": self.actor1,
            "actor2": self.actor2,
            "country": self.country,
            "admin1": self.admin1,
            "location": self.location,
            "lat_lon": _latlon(self.latitude, self.longitude),
            "fatalities": self.fatalities,
            "role": self.role,
        }


@dataclass
class GoldDoc:
    """One text to run the pipeline on, with its gold events."""

    id: str
    dataset: str  # ACLED / GTD / UCDP / articles (shared) / examples (team-coded, in the repo)
    single: bool  # True: one coded event per row (detection = any prediction)
    text: str
    published: date | None = None
    title: str | None = None
    url: str | None = None
    events: list[GoldEvent] = field(default_factory=list)
    non_events: list[tuple[int, int]] = field(default_factory=list)
    excluded: list[tuple[int, int]] = field(default_factory=list)
    origin: str = ""


def _latlon(lat: float | None, lon: float | None) -> str | None:
    return None if lat is None or lon is None else f"{lat:.4f},{lon:.4f}"


@functools.lru_cache(maxsize=1)
def _gtd_map() -> dict[tuple[str, str], str]:
    """Return (attack type, target type or "*") -> ACLED type, from gtd_type_map.tsv."""
    out: dict[tuple[str, str], str] = {}
    for line in (DATA / "gtd_type_map.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        attack, target, acled = line.split("\t")[:3]
        out[(attack.strip(), target.strip())] = acled.strip()
    return out


def gtd_acled_type(attack: str | None, target: str | None) -> str | None:
    """Return the ACLED type a GTD attack type maps to unambiguously, else None."""
    if not attack:
        return None
    table = _gtd_map()
    return table.get((attack, target or "")) or table.get((attack, "*"))


def _parse_date(s: Any) -> date | None:
    if not s:
        return None
    try:
        return date.fromisoformat(str(s)[:10])
    except ValueError:
        return None


def _num(x: Any) -> float | None:
    try:
        return None if x is None or x == "" else float(x)
    except (TypeError, ValueError):
        return None


def _int(x: Any) -> int | None:
    f = _num(x)
    return None if f is None else int(f)


def _find_all(text: str, fragments: list[str]) -> list[tuple[int, int]]:
    """Return the positions of verbatim fragments in the text (fragments not found are skipped)."""
    out = []
    for frag in fragments:
        frag = frag.strip()
        i = text.find(frag) if frag else -1
        if i >= 0:
            out.append((i, i + len(frag)))
    return out


def _single_row(row: dict[str, Any], origin: str) -> GoldDoc:
    """Return the GoldDoc of a single-event dev row."""
    ds = _DATASET_NAMES.get(str(row.get("dataset")), str(row.get("dataset")))
    g, extra = row.get("gold") or {}, row.get("gold_extra") or {}
    raw_type = g.get("event_type")
    ev = GoldEvent(
        raw_type=raw_type,
        event_date=g.get("event_date"),
        actor1=g.get("actor1"),
        actor2=g.get("actor2"),
        country=g.get("country"),
        admin1=g.get("admin1"),
        location=g.get("location"),
        latitude=_num(g.get("latitude")),
        longitude=_num(g.get("longitude")),
        fatalities=_int(g.get("fatalities")),
    )
    if ds == "GTD":
        # GTD "Unknown" perpetrators stay: they compare equal to our unidentified armed group.
        ev.event_type = gtd_acled_type(raw_type, extra.get("targtype1_txt"))
    elif ds == "UCDP":
        ev.ucdp_type = UCDP_TYPES.get(str(raw_type))
        ev.date_start, ev.date_end = g.get("event_date"), extra.get("date_end")
    else:
        ev.event_type, ev.sub_event_type = raw_type, g.get("sub_event_type")
    return GoldDoc(
        id=str(row.get("id")), dataset=ds, single=True, text=row.get("text") or "",
        published=_parse_date(row.get("publication_date")), events=[ev], origin=origin,
    )


def _article_event(e: dict[str, Any], text: str) -> GoldEvent:
    """Return the GoldEvent of one full-article gold event."""
    accept = [
        (a.get("event_type"), a.get("sub_event_type"))
        for a in e.get("also_acceptable") or []
        if a.get("event_type")
    ]
    ev = GoldEvent(
        event_type=e.get("event_type"), sub_event_type=e.get("sub_event_type"),
        accept_types=tuple(accept), raw_type=e.get("event_type"),
        event_date=e.get("event_date"), date_start=e.get("date_start"), date_end=e.get("date_end"),
        actor1=e.get("actor1"), actor2=e.get("actor2"), country=e.get("country"),
        admin1=e.get("admin1"), location=e.get("location"), latitude=_num(e.get("latitude")),
        longitude=_num(e.get("longitude")), fatalities=_int(e.get("fatalities")), role=e.get("role"),
    )
    evidence = e.get("evidence") or ""
    frags = evidence.split(" | ") if isinstance(evidence, str) else [str(x) for x in evidence]
    ev.spans = tuple(_find_all(text, frags))
    return ev


def _article_row(row: dict[str, Any], origin: str, base: Path | None) -> GoldDoc:
    """Return the GoldDoc of a full-article gold row (text inline or in a sibling .txt file)."""
    text = row.get("text")
    if text is None and base is not None:
        txt = base.with_name(base.name.replace(".gold.json", ".txt"))
        if txt.exists():
            text = txt.read_text(encoding="utf-8")
    if text is None:
        raise InputError(f"gold row {row.get('id')!r} in {origin} has no text", code="E150")
    excluded = [x.get("evidence", "") if isinstance(x, dict) else str(x)
                for x in row.get("excluded_events") or []]
    return GoldDoc(
        id=str(row.get("id")), dataset="articles", single=False, text=text,
        published=_parse_date(row.get("publication_date")), title=row.get("title"),
        url=row.get("url"), events=[_article_event(e, text) for e in row.get("events") or []],
        non_events=_find_all(text, list(row.get("non_events") or [])),
        excluded=_find_all(text, excluded), origin=origin,
    )


def gold_doc(row: dict[str, Any], origin: str = "", base: Path | None = None) -> GoldDoc:
    """Return the GoldDoc of a gold row of either shape."""
    if "events" in row:
        return _article_row(row, origin, base)
    if "gold" in row:
        return _single_row(row, origin)
    raise InputError(f"gold row {row.get('id')!r} in {origin} has neither 'gold' nor 'events'",
                     code="E151")


def read_gold(path: str | Path) -> Iterator[GoldDoc]:
    """Yield the gold documents of a .jsonl file (one row a line) or a .json file (object or list)."""
    p = Path(path)
    if p.suffix == ".jsonl":
        with p.open(encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if line.strip():
                    yield gold_doc(json.loads(line), f"{p}:{n}", p)
        return
    data = json.loads(p.read_text(encoding="utf-8"))
    for row in data if isinstance(data, list) else [data]:
        yield gold_doc(row, str(p), p)
