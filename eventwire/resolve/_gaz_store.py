"""Read access to the compiled gazetteer SQLite file: exact, skeleton and per-country name lookups."""

from __future__ import annotations

import json
import sqlite3
from array import array
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from eventwire.errors import GazetteerError
from eventwire.resolve._gaz_build import SCHEMA_VERSION

__all__ = ["Row", "GazetteerStore"]


@dataclass(frozen=True)
class Row:
    """One gazetteer entry as stored."""

    pid: int
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


_COLS = "p.pid, p.gid, p.name, p.kind, p.iso2, p.iso3, p.admin1, p.admin2, p.lat, p.lon, p.pop, p.radius_km, p.source"
Hit = tuple[Row, str, int]  # (row, matched key, is_primary)
# Name lookups kept per process: place names recur from article to article, and most n-grams an
# article offers name nothing (kept too, as empty lists). Oldest entries go first beyond the limit.
_KEY_CACHE = 50_000
_SKELETON_CACHE = 20_000
_SKELETON_CACHE_ROWS = 100  # larger skeleton results (short, common skeletons) are not kept


class GazetteerStore:
    """A read-only connection to one gazetteer file (reopened after unpickling)."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._open()

    def _open(self) -> None:
        if not self.path.exists():
            raise GazetteerError(f"gazetteer file not found: {self.path}", "E302")
        try:
            self.db = sqlite3.connect(f"file:{self.path}?mode=ro&immutable=1", uri=True, check_same_thread=False)
            self.db.execute("PRAGMA cache_size=-4000")
            meta = dict(self.db.execute("SELECT k, v FROM meta").fetchall())
        except sqlite3.DatabaseError as exc:
            raise GazetteerError(f"not a gazetteer file: {self.path} ({exc})", "E303") from exc
        if meta.get("schema") != SCHEMA_VERSION:
            raise GazetteerError(f"gazetteer schema {meta.get('schema')} != {SCHEMA_VERSION}: rebuild it", "E304")
        self.meta = meta
        self._capitals: dict[str, int] = json.loads(meta.get("capitals", "{}"))
        self._fuzzy_cache: dict[str, tuple[list[str], list[int]]] = {}
        self._key_rows: dict[str, list[Hit]] = {}
        self._skel_rows: dict[tuple[str, str | None], list[Hit]] = {}

    def __getstate__(self) -> dict[str, str]:
        return {"path": str(self.path)}

    def __setstate__(self, state: dict[str, str]) -> None:
        self.path = Path(state["path"])
        self._open()

    def capital(self, iso3: str) -> Row | None:
        """Return the national capital of a country (None when the gazetteer has none)."""
        pid = self._capitals.get(iso3)
        rows = self.by_pids([pid]) if pid else []
        return rows[0] if rows else None

    def sources(self) -> list[list[str]]:
        """Return the (source, content, licence) triples recorded at build time."""
        return json.loads(self.meta.get("sources", "[]"))

    def by_keys(self, keys: Sequence[str]) -> list[Hit]:
        """Return (row, matched key, is_primary) for every place with one of ``keys``, by key then place id."""
        rows = self._rows_by_key(keys)
        return [h for k in sorted(set(keys)) for h in rows[k]]

    def keys_present(self, keys: Iterable[str]) -> set[str]:
        """Return the subset of ``keys`` that name at least one place."""
        rows = self._rows_by_key(keys)
        return {k for k, hits in rows.items() if hits}

    def _rows_by_key(self, keys: Iterable[str]) -> dict[str, list[Hit]]:
        """Return the places of each key: from the per-process cache, or one query for the keys not seen yet."""
        wanted = set(keys)
        cache = self._key_rows
        missing = sorted(wanted - cache.keys())
        for i in range(0, len(missing), 500):
            chunk = missing[i : i + 500]
            found: dict[str, list[Hit]] = {k: [] for k in chunk}
            q = ",".join("?" * len(chunk))
            sql = f"SELECT {_COLS}, n.key, n.prim FROM names n JOIN places p ON p.pid = n.pid WHERE n.key IN ({q})"
            for r in self.db.execute(sql, chunk):
                found[r[13]].append((Row(*r[:13]), r[13], r[14]))
            cache.update(found)
        out = {k: cache[k] for k in wanted}
        _trim(cache, _KEY_CACHE)
        return out

    def by_skeleton(self, skel: str, iso3: str | None = None) -> list[Hit]:
        """Return places whose name skeleton equals ``skel`` (optionally in one country)."""
        cached = self._skel_rows.get((skel, iso3))
        if cached is not None:
            return list(cached)
        sql = f"SELECT {_COLS}, n.key, n.prim FROM names n JOIN places p ON p.pid = n.pid WHERE n.skel = ?"
        args: list[str] = [skel]
        if iso3:
            sql += " AND p.iso3 = ?"
            args.append(iso3)
        hits = [(Row(*r[:13]), r[13], r[14]) for r in self.db.execute(sql + " LIMIT 3000", args)]
        if len(hits) <= _SKELETON_CACHE_ROWS:
            self._skel_rows[(skel, iso3)] = hits
            _trim(self._skel_rows, _SKELETON_CACHE)
        return list(hits)

    def by_pids(self, pids: Sequence[int]) -> list[Row]:
        """Return the rows of some place ids."""
        q = ",".join("?" * len(pids))
        return [Row(*r) for r in self.db.execute(f"SELECT {_COLS} FROM places p WHERE p.pid IN ({q})", list(pids))]

    def country_names(self, iso3: str) -> tuple[list[str], list[int]]:
        """Return parallel lists (keys, pids) of every name in one country, for fuzzy matching."""
        if iso3 not in self._fuzzy_cache:
            row = self.db.execute("SELECT keys, pids FROM country_names WHERE iso3 = ?", (iso3,)).fetchone()
            if len(self._fuzzy_cache) > 48:  # names of the countries in recent articles (a few MB each at most)
                self._fuzzy_cache.pop(next(iter(self._fuzzy_cache)))
            keys: list[str] = row[0].split("\n") if row and row[0] else []
            pids = array("i")
            if row and row[1]:
                pids.frombytes(row[1])
            self._fuzzy_cache[iso3] = (keys, pids.tolist())
        return self._fuzzy_cache[iso3]

    def counts(self) -> dict[str, int]:
        """Return the number of places per kind, and of names."""
        out = dict(self.db.execute("SELECT kind, COUNT(*) FROM places GROUP BY kind ORDER BY kind").fetchall())
        out["names"] = self.db.execute("SELECT COUNT(*) FROM names").fetchone()[0]
        return out


def _trim(cache: dict, limit: int) -> None:  # type: ignore[type-arg]
    """Drop the oldest entries of an insertion-ordered cache beyond ``limit``."""
    while len(cache) > limit:
        cache.pop(next(iter(cache)))
