"""Canonical record of a cluster of per-source event records (``eventwire.dedupe.merge_records``).

Rules (codebook §1, §6): the most precise date and place win; type and actors come from the
majority of main reports; fatalities become low (smallest credible figure, the ACLED value), best
(most recent, then most reliable report) and high (largest figure); an early toll that a later
report explicitly revises is not a competing figure; every source, URL and evidence span is kept,
keyed by article (each source's own notes stay in its ``sources`` entry); the first record's
event_id is kept so ids stay stable as sources arrive.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

Record = dict[str, Any]

_REVISION_CUE = re.compile(
    r"\b(rose|risen|rises|rising|climbed|climbs|increased|jumped|revised|updated|now stands|"
    r"now at|has reached|raised|new toll|latest toll|higher toll)\b",
    re.IGNORECASE,
)
_PLACE_FIELDS = ("country", "iso3", "admin1", "admin2", "location", "latitude", "longitude",
                 "geo_precision", "where_prec", "gazetteer_id")
_DATE_FIELDS = ("event_date", "date_start", "date_end", "time_precision")
_TYPE_FIELDS = ("event_type", "sub_event_type", "disorder_type", "actor1", "actor1_type", "actor2",
                "actor2_type", "interaction", "civilian_targeting")


def _num(v: Any) -> int:
    return int(v) if isinstance(v, (int, float)) and v >= 0 else 0


def _revises(rec: Record) -> bool:
    """True when the record's death-toll evidence says the toll was revised ("rose to", "updated")."""
    ev = [e for e in rec.get("evidence") or () if isinstance(e, dict)]
    texts = [e.get("text", "") for e in ev if e.get("field") == "fatalities"] or [e.get("text", "") for e in ev]
    return any(_REVISION_CUE.search(t) for t in texts)


def _entry(rec: Record) -> Record:
    """Return the per-source summary kept in a canonical record's ``sources`` list."""
    low = _num(rec.get("fatalities_low")) or _num(rec.get("fatalities"))
    high = max(_num(rec.get("fatalities_high")), low)
    best = _num(rec.get("fatalities_best")) or low
    return {
        "article_id": rec.get("article_id"), "event_id": rec.get("event_id"),
        "source": rec.get("source"), "url": rec.get("url"), "published": rec.get("published"),
        "role": rec.get("role"), "confidence": rec.get("confidence"),
        "fatalities_low": low, "fatalities_best": min(max(best, low), high), "fatalities_high": high,
        "revises_toll": _revises(rec), "duplicate_of": rec.get("duplicate_of"),
        "notes": _own_notes(rec),
    }


def _entries(rec: Record) -> list[Record]:
    """Return the per-source entries of a record (an already merged record brings all of its own)."""
    src = rec.get("sources")
    if isinstance(src, list) and src and all(isinstance(s, dict) and "article_id" in s for s in src):
        return [dict(s) for s in src]
    return [_entry(rec)]


def _pick(records: list[Record], key: Any) -> Record:
    """Return the record minimising key(record), earlier records winning ties."""
    return min(enumerate(records), key=lambda t: (key(t[1]), t[0]))[1]


def _main_first(rec: Record) -> int:
    return 0 if rec.get("role") == "main" else 1


def _fatalities(entries: list[Record]) -> tuple[int, int, int, str]:
    """Return (low, best, high, note) over the independent per-source figures."""
    reported = [e for e in entries if e["fatalities_high"] > 0 and not e.get("duplicate_of")]
    if not reported:
        return (0, 0, 0, "")

    def superseded(e: Record) -> bool:
        return any(f["revises_toll"] and (f.get("published") or "") > (e.get("published") or "")
                   and f["fatalities_low"] > e["fatalities_high"] for f in reported)

    credible = [e for e in reported if not superseded(e)] or reported
    low = min(e["fatalities_low"] for e in credible)
    high = max(e["fatalities_high"] for e in reported)
    latest = _pick(credible, lambda e: (_neg_date(e.get("published")), _main_first(e),
                                        -float(e.get("confidence") or 0)))
    best = min(max(latest["fatalities_best"], low), high)
    figures = {(e["fatalities_low"], e["fatalities_high"]) for e in reported}
    note = ""
    if len(figures) > 1:
        parts = [_figure(e, superseded(e)) for e in reported]
        note = f"Sources disagree on deaths: {'; '.join(parts)}. Kept low {low}, best {best}, high {high}."
    return (low, best, high, note)


def _neg_date(d: Any) -> tuple[int, ...]:
    """Sort key putting later ISO dates first (missing dates last)."""
    if not isinstance(d, str) or len(d) < 10:
        return (1,)
    return (0, *(-int(x) for x in d[:10].split("-") if x.isdigit()))


def _figure(e: Record, superseded: bool) -> str:
    lo, hi = e["fatalities_low"], e["fatalities_high"]
    fig = str(lo) if lo == hi else f"{lo}-{hi}"
    who = ", ".join(str(x) for x in (e.get("source"), e.get("published")) if x)
    return f"{fig} ({who}{', superseded by a revised toll' if superseded else ''})"


def _union(values: list[Any]) -> list[Any]:
    """Return the distinct non-empty values in first-seen order."""
    out: list[Any] = []
    for v in values:
        if v and v not in out:
            out.append(v)
    return out


def _own_notes(rec: Record) -> str:
    """Return a record's notes without a dispute note written by an earlier merge."""
    return re.sub(r"Sources disagree on deaths:.*?Kept low \d+, best \d+, high \d+\.", "",
                  rec.get("notes") or "").strip()


def _representative(records: list[Record]) -> Record:
    """Return the record giving type and actors: majority type among main reports, then confidence."""
    pool = [r for r in records if r.get("role") == "main"] or records
    votes = Counter((r.get("event_type"), r.get("sub_event_type")) for r in pool)
    top = max(votes.values())
    winners = {k for k, v in votes.items() if v == top}
    return _pick([r for r in pool if (r.get("event_type"), r.get("sub_event_type")) in winners],
                 lambda r: -float(r.get("confidence") or 0))


def _evidence_by_article(records: list[Record]) -> dict[str, list[Record]]:
    out: dict[str, list[Record]] = {}
    for r in records:
        prior = r.get("evidence_by_article")
        items = prior.items() if isinstance(prior, dict) else [(r.get("article_id"), r.get("evidence") or [])]
        for aid, evs in items:
            bucket = out.setdefault(str(aid), [])
            bucket.extend(e for e in evs if e not in bucket)
    return out


def merge_records(records: list[Record]) -> Record:
    """Return the canonical record of per-source flat records describing one event."""
    if not records:
        raise ValueError("merge_records needs at least one record")
    first = records[0]
    out: Record = dict(first)
    rep = _representative(records)
    out.update({k: rep.get(k) for k in _TYPE_FIELDS})
    dated = _pick(records, lambda r: (r.get("time_precision") or 9, _main_first(r)))
    out.update({k: dated.get(k) for k in _DATE_FIELDS})
    placed = _pick(records, lambda r: (r.get("geo_precision") or 9, _main_first(r)))
    out.update({k: placed.get(k) for k in _PLACE_FIELDS})
    entries: list[Record] = []
    for r in records:
        entries.extend(e for e in _entries(r) if e["article_id"] not in {x["article_id"] for x in entries})
    low, best, high, note = _fatalities(entries)
    main_actors = {out.get("actor1"), out.get("actor2")}
    out.update({
        "event_id": first.get("event_id"),
        "role": "main" if any(r.get("role") == "main" for r in records) else first.get("role"),
        "assoc_actors": [a for a in _union([a for r in records for a in r.get("assoc_actors") or ()])
                         if a not in main_actors],
        "fatalities": low, "fatalities_low": low, "fatalities_best": best, "fatalities_high": high,
        "confidence": max(float(r.get("confidence") or 0) for r in records),
        "source": "; ".join(_union([e.get("source") for e in entries])) or None,
        "urls": _union([e.get("url") for e in entries]),
        "article_ids": _union([e.get("article_id") for e in entries]),
        "published": min((e["published"] for e in entries if e.get("published")), default=None),
        "sources": entries,
        "n_sources": len({e["article_id"] for e in entries if not e.get("duplicate_of")}),
        "evidence_by_article": _evidence_by_article(records),
        "notes": " ".join(_union([_own_notes(first), note])).strip(),
    })
    for k in ("wounded", "arrested", "abducted"):
        vals = [r[k] for r in records if isinstance(r.get(k), int)]
        out[k] = max(vals) if vals else None
    return out
