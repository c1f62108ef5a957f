"""Write canonical events out: ACLED CSV (31 columns), UCDP-GED CSV (49), GeoJSON, Parquet, JSONL.

Column lists and fill rules follow ``docs/codebook.md`` §8 (in ../shared). Standard columns are
never replaced: our extensions (source URLs, evidence, fatalities low/best/high, confidence, cluster
id) go to a sidecar ``<out>.ext.csv`` keyed by ``event_id_cnty`` (ACLED) or ``id`` (UCDP). Rows come
in creation order (``seq``), so the same input gives byte-identical files from SQLite and PostgreSQL.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, TextIO

from eventwire.errors import ConfigError
from eventwire.store import EXTRA_COLUMNS, EventFilter, Store
from eventwire.types import EVENT_FIELDS, Event

__all__ = [
    "ACLED_COLUMNS", "UCDP_COLUMNS", "EXT_COLUMNS", "FORMATS", "ExportReport", "export",
    "acled_row", "ucdp_rows", "geojson", "jsonl_records", "priogrid_gid", "interaction_text",
]

ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
)
UCDP_COLUMNS: tuple[str, ...] = (
    "id", "relid", "year", "active_year", "code_status", "type_of_violence", "conflict_dset_id",
    "conflict_new_id", "conflict_name", "dyad_dset_id", "dyad_new_id", "dyad_name", "side_a_dset_id",
    "side_a_new_id", "side_a", "side_b_dset_id", "side_b_new_id", "side_b", "number_of_sources",
    "source_article", "source_office", "source_date", "source_headline", "source_original",
    "where_prec", "where_coordinates", "where_description", "adm_1", "adm_2", "latitude", "longitude",
    "geom_wkt", "priogrid_gid", "country", "country_id", "region", "event_clarity", "date_prec",
    "date_start", "date_end", "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "best",
    "high", "low", "gwnoa", "gwnob",
)
# The sidecar: our extensions, one row per exported record, keyed by the first column.
EXT_COLUMNS: tuple[str, ...] = (
    "event_id", "cluster_id", "n_sources", "article_ids", "source_urls", "fatalities_low",
    "fatalities_best", "fatalities_high", "date_start", "date_end", "confidence", "evidence",
    "coder_version",
)
FORMATS = ("acled", "ucdp", "geojson", "parquet", "jsonl")

# Codebook §3: inter codes and their export labels.
INTER_LABELS: dict[int, str] = {
    1: "State forces", 2: "Rebel group", 3: "Political militia", 4: "Identity militia", 5: "Rioters",
    6: "Protesters", 7: "Civilians", 8: "External/Other forces",
}
_LABEL_CODES = {v.lower(): k for k, v in INTER_LABELS.items()}
_UCDP_REGIONS = {1: "Europe", 2: "Middle East", 3: "Asia", 4: "Africa", 5: "Americas"}
_UCDP_TYPES = ("Battles", "Explosions/Remote violence", "Violence against civilians")
_STATE_NAME = re.compile(r"^(?:Military|Police|Security|Government) Forces of (?P<country>[^()]+?)\s*(?:\(|$)")


@dataclass
class ExportReport:
    """How many records were written, and how many were left out and why."""

    fmt: str
    written: int = 0
    left_out: Counter[str] = field(default_factory=Counter)
    files: list[str] = field(default_factory=list)

    def message(self) -> str:
        """Return the one-line summary for stderr."""
        parts = [f"{self.fmt} export: wrote {self.written} records"]
        parts += [f"left out {n} {why}" for why, n in sorted(self.left_out.items())]
        return "; ".join(parts)


# -- lookups -----------------------------------------------------------------------------------
@lru_cache(maxsize=512)
def _country(name_or_code: str | None) -> dict[str, Any]:
    """Return country facts (ISO numeric, region, GW number) from the geocoding tables, or {}."""
    if not name_or_code:
        return {}
    try:
        from eventwire.resolve.geocode import country_info
    except ImportError:
        try:  # the countries table exists before the geocoder's public module does
            from eventwire.resolve._gaz_countries import country_info
        except ImportError:
            return {}
    try:
        info = country_info(name_or_code)
    except Exception:  # an unknown name: the standard columns stay blank
        return {}
    if info is None:
        return {}
    if isinstance(info, dict):
        return info
    if dataclasses.is_dataclass(info):
        return dataclasses.asdict(info)
    return {k: getattr(info, k) for k in dir(info) if not k.startswith("_") and not callable(getattr(info, k))}


def _pick(d: dict[str, Any], *names: str) -> Any:
    """Return the first present, non-empty value among ``names``."""
    for n in names:
        if d.get(n) not in (None, ""):
            return d[n]
    return None


def _iso_numeric(rec: dict[str, Any]) -> str:
    info = _country(rec.get("iso3")) or _country(rec.get("country"))
    v = _pick(info, "iso_numeric", "isonum", "iso_num", "numeric", "iso_n3", "iso")
    return str(int(v)) if isinstance(v, (int, float)) or (isinstance(v, str) and v.isdigit()) else ""


def _gw(country: str | None) -> str:
    info = _country(country)
    v = _pick(info, "gw", "gwno", "gw_number", "gwcode", "gw_code", "gwn")
    return str(int(v)) if isinstance(v, (int, float)) or (isinstance(v, str) and v.isdigit()) else ""


def _region(rec: dict[str, Any], ucdp: bool) -> str:
    info = _country(rec.get("iso3")) or _country(rec.get("country"))
    if ucdp:
        v = _pick(info, "ucdp_region")
        if isinstance(v, int) or (isinstance(v, str) and v.isdigit()):
            return _UCDP_REGIONS.get(int(v), "")
        if v:
            return str(v)
        return _ucdp_region(str(_pick(info, "region", "acled_region") or ""))
    return str(_pick(info, "acled_region", "region") or "")


def _ucdp_region(region: str) -> str:
    """Map an ACLED-style region to one of UCDP's five."""
    r = region.lower()
    for key, out in (("middle east", "Middle East"), ("africa", "Africa"), ("america", "Americas"),
                     ("caribbean", "Americas"), ("europe", "Europe"), ("caucasus", "Europe"),
                     ("asia", "Asia"), ("oceania", "Asia")):
        if key in r:
            return out
    return ""


def inter_code(actor_type: Any) -> int | None:
    """Return the inter code (1-8) of an actor type given as a code or a label."""
    if actor_type is None or actor_type == "":
        return None
    s = str(actor_type).strip()
    if s.isdigit():
        return int(s) if 1 <= int(s) <= 8 else None
    return _LABEL_CODES.get(s.lower())


def _interaction_codes(rec: dict[str, Any]) -> tuple[int, int]:
    """Return the (smaller, larger) inter codes, 0 for a missing side."""
    s = str(rec.get("interaction") or "")
    if len(s) == 2 and s.isdigit():
        return int(s[0]), int(s[1])
    a, b = inter_code(rec.get("actor1_type")) or 0, inter_code(rec.get("actor2_type")) or 0
    a, b = sorted((a, b))
    return (b, 0) if a == 0 else (a, b)


def interaction_text(rec: dict[str, Any]) -> str:
    """Return the text form of the interaction ("State forces-Rebel group", "Rebel group only")."""
    a, b = _interaction_codes(rec)
    if not a:
        return ""
    if not b:
        return f"{INTER_LABELS[a]} only"
    return f"{INTER_LABELS[a]}-{INTER_LABELS[b]}"


def priogrid_gid(lat: float | None, lon: float | None) -> int | None:
    """Return the PRIO-GRID cell id (0.5°, 720 columns from -180°, rows from -90°, 1 at the SW corner)."""
    if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    row = min(int(math.floor((lat + 90) / 0.5)), 359)
    col = min(int(math.floor((lon + 180) / 0.5)), 719)
    return row * 720 + col + 1


def _fmt(v: Any) -> str:
    return "" if v is None else str(v)


def _coord(v: float | None) -> str:
    return "" if v is None else f"{v:.4f}"


def _outlets(sources: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return the independent sources (near-duplicate copies are not counted)."""
    return [s for s in sources if s["independent"]]


def _join_unique(values: Iterable[Any], sep: str = "; ") -> str:
    out: list[str] = []
    for v in values:
        if v not in (None, "") and str(v) not in out:
            out.append(str(v))
    return sep.join(out)


# -- ACLED -------------------------------------------------------------------------------------
def _acled_skip(rec: dict[str, Any]) -> str | None:
    """Return why a record cannot be an ACLED row, or None."""
    if rec.get("geo_precision") is None or rec.get("latitude") is None or rec.get("longitude") is None:
        return "country-only events"
    if not rec.get("event_date") or rec.get("time_precision") not in (1, 2, 3):
        return "events dated only to more than a month"
    return None


def _notes(rec: dict[str, Any]) -> str:
    """Return the record's notes, or a generated one-sentence summary."""
    if rec.get("notes"):
        return str(rec["notes"])
    where = ", ".join(x for x in (rec.get("location"), rec.get("admin2"), rec.get("admin1")) if x)
    who = rec.get("actor1") or "Unidentified actors"
    whom = f" against {rec['actor2']}" if rec.get("actor2") else ""
    what = (rec.get("sub_event_type") or rec.get("event_type") or "event").lower()
    n = int(rec.get("fatalities") or 0)
    return (f"On {rec.get('event_date')}, {who}: {what}{whom} in {where or rec.get('country') or 'an unknown place'}. "
            f"{n} {'fatality' if n == 1 else 'fatalities'}.")


def acled_row(rec: dict[str, Any], sources: list[dict[str, Any]]) -> dict[str, str]:
    """Return the 31 ACLED columns of a canonical record."""
    assoc = rec.get("assoc_actors") or []
    row = {
        "event_id_cnty": rec["event_id_cnty"], "event_date": rec["event_date"],
        "year": rec["event_date"][:4], "time_precision": _fmt(rec.get("time_precision")),
        "disorder_type": _fmt(rec.get("disorder_type")), "event_type": _fmt(rec.get("event_type")),
        "sub_event_type": _fmt(rec.get("sub_event_type")), "actor1": _fmt(rec.get("actor1")),
        "assoc_actor_1": "; ".join(assoc), "inter1": INTER_LABELS.get(inter_code(rec.get("actor1_type")) or 0, ""),
        "actor2": _fmt(rec.get("actor2")), "assoc_actor_2": "",
        "inter2": INTER_LABELS.get(inter_code(rec.get("actor2_type")) or 0, ""),
        "interaction": interaction_text(rec), "civilian_targeting": _fmt(rec.get("civilian_targeting")),
        "iso": _iso_numeric(rec), "region": _region(rec, ucdp=False), "country": _fmt(rec.get("country")),
        "admin1": _fmt(rec.get("admin1")), "admin2": _fmt(rec.get("admin2")), "admin3": "",
        "location": _fmt(rec.get("location")), "latitude": _coord(rec.get("latitude")),
        "longitude": _coord(rec.get("longitude")), "geo_precision": _fmt(rec.get("geo_precision")),
        "source": _join_unique(s["source"] for s in _outlets(sources)) or _fmt(rec.get("source")),
        "source_scale": "", "notes": _notes(rec), "fatalities": _fmt(rec.get("fatalities")), "tags": "",
        "timestamp": _fmt(rec.get("updated_at")),
    }
    return {c: row[c] for c in ACLED_COLUMNS}


def _ext_row(key: str, rec: dict[str, Any], sources: list[dict[str, Any]]) -> dict[str, str]:
    """Return the sidecar row of our extensions for one exported record."""
    from eventwire import __version__

    evidence = [{"article_id": s["article_id"], **e} for s in sources for e in s["evidence"]]
    return {
        key: "", "event_id": rec["event_id"], "cluster_id": rec["cluster_id"], "n_sources": str(rec["n_sources"]),
        "article_ids": ";".join(dict.fromkeys(s["article_id"] for s in sources)),
        "source_urls": _join_unique((s["url"] for s in sources), ";"),
        "fatalities_low": str(rec["fatalities_low"]), "fatalities_best": str(rec["fatalities_best"]),
        "fatalities_high": str(rec["fatalities_high"]), "date_start": _fmt(rec.get("date_start")),
        "date_end": _fmt(rec.get("date_end")), "confidence": _fmt(rec.get("confidence")),
        "evidence": json.dumps(evidence, ensure_ascii=False, sort_keys=True), "coder_version": __version__,
    }


# -- UCDP --------------------------------------------------------------------------------------
def _government(name: str | None, code: int | None, fallback_country: str | None) -> str | None:
    """Return the country whose government an actor is, or None for a non-state actor."""
    m = _STATE_NAME.match(name or "")
    if code == 1:
        return m["country"].strip() if m else fallback_country
    if code == 8 and m:  # a state's forces operating abroad
        return m["country"].strip()
    return None


def _ucdp_sides(rec: dict[str, Any]) -> tuple[int, str, str, str | None, str | None] | str:
    """Return (type_of_violence, side_a, side_b, gov_a, gov_b) or the reason the record is left out."""
    if rec.get("event_type") not in _UCDP_TYPES:
        return "events of types outside organised violence"
    if int(rec.get("fatalities_best") or 0) < 1:
        return "events without deaths"
    sides = [(rec.get("actor1"), inter_code(rec.get("actor1_type"))), (rec.get("actor2"), inter_code(rec.get("actor2_type")))]
    country = rec.get("country")
    victims = [s for s in sides if s[1] == 7]
    actors = [s for s in sides if s[0] and s[1] not in (7, None, 5, 6)]
    if victims or (rec.get("civilian_targeting") and not sides[1][0]):
        if not actors:
            return "events without an organised acting side"
        name, code = actors[0]
        gov = _government(name, code, country)
        return 3, f"Government of {gov}" if gov else name, "Civilians", gov, None
    if len(actors) < 2:
        return "events without two organised sides"
    govs = [_government(n, c, country) for n, c in actors]
    if govs[1] and not govs[0]:
        actors, govs = actors[::-1], govs[::-1]
    names = [f"Government of {g}" if g else n for (n, _), g in zip(actors, govs)]
    return (1 if govs[0] else 2), names[0], names[1], govs[0], govs[1]


def _date_prec(rec: dict[str, Any]) -> int:
    """Return GED date_prec (1-5) from the ACLED precision and the date window."""
    try:
        start = date.fromisoformat(rec.get("date_start") or rec["event_date"])
        end = date.fromisoformat(rec.get("date_end") or rec["event_date"])
    except (TypeError, ValueError, KeyError):
        return 5
    days = (end - start).days + 1
    if days <= 1:
        return 1 if rec.get("time_precision") == 1 else 2
    if days <= 6:
        return 2
    if days == 7:
        return 3
    return 4 if days <= 31 else 5


def _where_prec(rec: dict[str, Any]) -> int:
    if rec.get("where_prec"):
        return int(rec["where_prec"])
    return {1: 1, 2: 2, 3: 4}.get(rec.get("geo_precision") or 0, 6)


def ucdp_rows(records: list[dict[str, Any]], sources: dict[str, list[dict[str, Any]]],
              all_records: list[dict[str, Any]] | None = None) -> tuple[list[tuple[dict[str, str], dict[str, Any]]], Counter[str]]:
    """Return ((49-column row, record) pairs, left-out reasons) for the records UCDP takes."""
    left_out: Counter[str] = Counter()
    deaths: Counter[tuple[Any, ...]] = Counter()
    for rec in all_records if all_records is not None else records:
        sides = _ucdp_sides(rec)
        if not isinstance(sides, str) and rec.get("event_date"):
            deaths[_dyad_year(sides, rec)] += int(rec["fatalities_best"])
    out = []
    for rec in records:
        sides = _ucdp_sides(rec)
        if isinstance(sides, str):
            left_out[sides] += 1
            continue
        if not (rec.get("date_start") or rec.get("event_date")):
            left_out["events without a date"] += 1
            continue
        out.append((_ucdp_row(rec, sides, sources.get(rec["event_id"], []), deaths), rec))
    return out, left_out


def _dyad_year(sides: tuple[int, str, str, str | None, str | None], rec: dict[str, Any]) -> tuple[Any, ...]:
    year = (rec.get("date_start") or rec["event_date"])[:4]
    return (sides[0], sides[1], year) if sides[0] == 3 else (sides[0], sides[1], sides[2], year)


def _ucdp_row(rec: dict[str, Any], sides: tuple[int, str, str, str | None, str | None],
              sources: list[dict[str, Any]], deaths: Counter[tuple[Any, ...]]) -> dict[str, str]:
    tov, side_a, side_b, gov_a, gov_b = sides
    outlets = _outlets(sources)
    lat, lon = rec.get("latitude"), rec.get("longitude")
    if lat is None or lon is None:  # country only (where_prec 6): GED uses the country centroid
        info = _country(rec.get("iso3")) or _country(rec.get("country"))
        lat, lon = _pick(info, "latitude", "lat"), _pick(info, "longitude", "lon")
    start = rec.get("date_start") or rec["event_date"]
    end = rec.get("date_end") or rec.get("event_date") or start
    best = int(rec["fatalities_best"])
    split = {k: rec.get(k) for k in ("deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown")}
    if any(v is not None for v in split.values()):
        split = {k: int(v or 0) for k, v in split.items()}
    else:
        split = {"deaths_a": 0, "deaths_b": 0, "deaths_civilians": 0, "deaths_unknown": best}
    place = rec.get("location") or rec.get("admin2") or rec.get("admin1") or rec.get("country")
    clear = bool(side_a and side_b and outlets and rec.get("latitude") is not None and rec.get("longitude") is not None)
    row = {
        "id": str(rec["seq"]), "relid": rec["event_id_cnty"], "year": start[:4],
        "active_year": "1" if deaths[_dyad_year(sides, rec)] >= 25 else "0",
        "code_status": "Clear" if clear else "", "type_of_violence": str(tov),
        "conflict_dset_id": "", "conflict_new_id": "", "conflict_name": "", "dyad_dset_id": "",
        "dyad_new_id": "", "dyad_name": f"{side_a} - {side_b}", "side_a_dset_id": "", "side_a_new_id": "",
        "side_a": side_a, "side_b_dset_id": "", "side_b_new_id": "", "side_b": side_b,
        "number_of_sources": str(len({s["article_id"] for s in outlets}) or rec.get("n_sources") or 0),
        "source_article": ";".join(f'{s["source"] or ""},{s["published"] or ""},{s["title"] or ""}' for s in outlets),
        "source_office": _join_unique((s["source"] for s in outlets), ";"),
        "source_date": _join_unique((s["published"] for s in outlets), ";"),
        "source_headline": _join_unique((s["title"] for s in outlets), ";"),
        "source_original": _fmt(rec.get("source_original")),
        "where_prec": str(_where_prec(rec)), "where_coordinates": _fmt(place),
        "where_description": ", ".join(x for x in (rec.get("location"), rec.get("admin2"), rec.get("admin1"), rec.get("country")) if x),
        "adm_1": _fmt(rec.get("admin1")), "adm_2": _fmt(rec.get("admin2")),
        "latitude": _coord(lat), "longitude": _coord(lon),
        "geom_wkt": f"POINT ({lon:.4f} {lat:.4f})" if lat is not None and lon is not None else "",
        "priogrid_gid": _fmt(priogrid_gid(lat, lon)), "country": _fmt(rec.get("country")),
        "country_id": _gw(rec.get("iso3") or rec.get("country")), "region": _region(rec, ucdp=True),
        "event_clarity": _fmt(rec.get("event_clarity") or 1), "date_prec": str(_date_prec(rec)),
        "date_start": start, "date_end": end, **{k: str(v) for k, v in split.items()},
        "best": str(best), "high": str(rec["fatalities_high"]), "low": str(rec["fatalities_low"]),
        "gwnoa": _gw(gov_a) if gov_a else "", "gwnob": _gw(gov_b) if gov_b else "",
    }
    return {c: row[c] for c in UCDP_COLUMNS}


# -- GeoJSON / JSONL / Parquet -----------------------------------------------------------------
def _with_extensions(rec: dict[str, Any], sources: list[dict[str, Any]]) -> dict[str, Any]:
    """Return the flat record plus our extension keys and the list of sources."""
    out = Event.from_dict(rec).to_dict()
    for k in EXTRA_COLUMNS:
        out[k] = rec.get(k)
    out["sources"] = [{k: s[k] for k in ("article_id", "source", "url", "published", "title", "role", "independent")}
                      for s in sources]
    return out


def jsonl_records(records: list[dict[str, Any]], sources: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Return the JSON objects of the JSONL export."""
    return [_with_extensions(r, sources.get(r["event_id"], [])) for r in records]


def geojson(records: list[dict[str, Any]], sources: dict[str, list[dict[str, Any]]]) -> tuple[dict[str, Any], Counter[str]]:
    """Return a FeatureCollection of Point features, and the count of records without coordinates."""
    feats, left = [], Counter[str]()
    for r in records:
        if r.get("latitude") is None or r.get("longitude") is None:
            left["events without coordinates"] += 1
            continue
        props = _with_extensions(r, sources.get(r["event_id"], []))
        feats.append({"type": "Feature", "id": r["event_id_cnty"],
                      "geometry": {"type": "Point", "coordinates": [r["longitude"], r["latitude"]]},
                      "properties": props})
    return {"type": "FeatureCollection", "features": feats}, left


def _parquet(records: list[dict[str, Any]], sources: dict[str, list[dict[str, Any]]], path: Path) -> None:
    """Write the records (flat fields, extensions, evidence as structs) to a Parquet file."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from eventwire.store.migrations import EVENT_COLUMNS

    arrow = {"text": pa.string(), "int": pa.int64(), "float": pa.float64()}
    fields = []
    for name, kind in EVENT_COLUMNS:
        if name == "assoc_actors":
            fields.append(pa.field(name, pa.list_(pa.string())))
        elif name == "evidence":
            fields.append(pa.field(name, pa.list_(pa.struct([("field", pa.string()), ("start", pa.int64()),
                                                             ("end", pa.int64()), ("text", pa.string())]))))
        else:
            fields.append(pa.field(name, arrow[kind]))
    fields += [pa.field("seq", pa.int64()), pa.field("event_id_cnty", pa.string()), pa.field("cluster_id", pa.string()),
               pa.field("fatalities_best", pa.int64()), pa.field("n_sources", pa.int64()),
               pa.field("created_at", pa.int64()), pa.field("updated_at", pa.int64()),
               pa.field("source_urls", pa.list_(pa.string())), pa.field("article_ids", pa.list_(pa.string()))]
    schema = pa.schema(fields)
    rows = []
    for r in records:
        src = sources.get(r["event_id"], [])
        row = {f.name: r.get(f.name) for f in fields}
        row["source_urls"] = [s["url"] for s in src if s["url"]]
        row["article_ids"] = list(dict.fromkeys(s["article_id"] for s in src))
        rows.append(row)
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), path)


# -- driver ------------------------------------------------------------------------------------
def _write_csv(stream: TextIO, columns: Iterable[str], rows: Iterable[dict[str, str]]) -> None:
    w = csv.DictWriter(stream, fieldnames=list(columns), lineterminator="\n")
    w.writeheader()
    w.writerows(rows)


def write_acled_csv(events: Iterable[Event], stream: TextIO) -> ExportReport:
    """Write unstored events (``eventwire extract --format acled-csv``) as ACLED rows.

    Without a store there is no per-country running number yet: ``event_id_cnty`` is the ISO3 code
    plus the record's stable event id. Country-only events are left out and counted.
    """
    report = ExportReport("acled")
    rows = []
    for e in events:
        rec = e.to_dict()
        why = _acled_skip(rec)
        if why:
            report.left_out[why] += 1
            continue
        rec["event_id_cnty"] = f"{rec.get('iso3') or 'XXX'}-{rec['event_id']}"
        rows.append(acled_row(rec, [{"source": rec.get("source") or "", "url": rec.get("url"), "independent": True}]))
    _write_csv(stream, ACLED_COLUMNS, rows)
    report.written = len(rows)
    return report


def sidecar_path(out: Path) -> Path:
    """Return the path of the extensions sidecar of an export file."""
    return out.with_name(out.name + ".ext.csv")


def export(store: Store, fmt: str, out: Path | None = None, flt: EventFilter | None = None,
           stdout: TextIO | None = None) -> ExportReport:
    """Write the filtered canonical events in ``fmt`` to ``out`` (or ``stdout``); return a report."""
    if fmt not in FORMATS:
        raise ConfigError(f"unknown export format {fmt!r} (choose from {', '.join(FORMATS)})", "E201")
    if fmt == "parquet" and out is None:
        raise ConfigError("parquet export needs --out PATH", "E202")
    records = store.events(flt)
    sources = store.sources([r["event_id"] for r in records]) if records else {}
    report = ExportReport(fmt)
    buf = io.StringIO()
    ext_rows: list[dict[str, str]] | None = None
    if fmt == "acled":
        rows, ext_rows = [], []
        for rec in records:
            why = _acled_skip(rec)
            if why:
                report.left_out[why] += 1
                continue
            src = sources.get(rec["event_id"], [])
            rows.append(acled_row(rec, src))
            ext_rows.append({**_ext_row("event_id_cnty", rec, src), "event_id_cnty": rec["event_id_cnty"]})
        _write_csv(buf, ACLED_COLUMNS, rows)
        report.written = len(rows)
        ext_key = "event_id_cnty"
    elif fmt == "ucdp":
        pairs, report.left_out = ucdp_rows(records, sources, store.events())
        _write_csv(buf, UCDP_COLUMNS, (row for row, _ in pairs))
        ext_rows = [{**_ext_row("id", rec, sources.get(rec["event_id"], [])), "id": row["id"]} for row, rec in pairs]
        report.written = len(pairs)
        ext_key = "id"
    elif fmt == "geojson":
        fc, report.left_out = geojson(records, sources)
        json.dump(fc, buf, ensure_ascii=False, indent=1, sort_keys=True)
        buf.write("\n")
        report.written = len(fc["features"])
    elif fmt == "jsonl":
        for obj in jsonl_records(records, sources):
            buf.write(json.dumps(obj, ensure_ascii=False, sort_keys=True) + "\n")
        report.written = len(records)
    else:
        assert out is not None
        _parquet(records, sources, out)
        report.written = len(records)
        report.files.append(str(out))
        return report
    _emit(buf.getvalue(), out, stdout, report)
    if ext_rows is not None and out is not None:
        side = sidecar_path(out)
        with side.open("w", encoding="utf-8", newline="") as f:
            _write_csv(f, (ext_key, *EXT_COLUMNS), ext_rows)
        report.files.append(str(side))
    return report


def _emit(text: str, out: Path | None, stdout: TextIO | None, report: ExportReport) -> None:
    if out is None:
        import sys

        (stdout or sys.stdout).write(text)
        return
    out.write_text(text, encoding="utf-8", newline="")
    report.files.append(str(out))


def event_from_row(rec: dict[str, Any]) -> Event:
    """Return the Event of a canonical record (extension keys dropped)."""
    return Event.from_dict({k: rec.get(k) for k in EVENT_FIELDS})

