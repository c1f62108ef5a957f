"""Read access to the compiled gazetteer SQLite file: exact, skeleton and per-country name lookups."""

from __future__ import annotations

import json
import sqlite3
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

    def by_keys(self, keys: Sequence[str]) -> list[tuple[Row, str, int]]:
        """Return (row, matched key, is_primary) for every place with one of ``keys``."""
        if not keys:
            return []
        q = ",".join("?" * len(keys))
        sql = f"SELECT {_COLS}, n.key, n.prim FROM names n JOIN places p ON p.pid = n.pid WHERE n.key IN ({q})"
        return [(Row(*r[:13]), r[13], r[14]) for r in self.db.execute(sql, list(keys))]

    def keys_present(self, keys: Iterable[str]) -> set[str]:
        """Return the subset of ``keys`` that name at least one place."""
        ks = list(dict.fromkeys(keys))
        out: set[str] = set()
        for i in range(0, len(ks), 500):
            chunk = ks[i : i + 500]
            q = ",".join("?" * len(chunk))
            out.update(r[0] for r in self.db.execute(f"SELECT DISTINCT key FROM names WHERE key IN ({q})", chunk))
        return out

    def by_skeleton(self, skel: str, iso3: str | None = None) -> list[tuple[Row, str, int]]:
        """Return places whose name skeleton equals ``skel`` (optionally in one country)."""
        sql = f"SELECT {_COLS}, n.key, n.prim FROM names n JOIN places p ON p.pid = n.pid WHERE n.skel = ?"
        args: list[str] = [skel]
        if iso3:
            sql += " AND p.iso3 = ?"
            args.append(iso3)
        return [(Row(*r[:13]), r[13], r[14]) for r in self.db.execute(sql + " LIMIT 3000", args)]

    def by_pids(self, pids: Sequence[int]) -> list[Row]:
        """Return the rows of some place ids."""
        q = ",".join("?" * len(pids))
        return [Row(*r) for r in self.db.execute(f"SELECT {_COLS} FROM places p WHERE p.pid IN ({q})", list(pids))]

    def country_names(self, iso3: str) -> tuple[list[str], list[int]]:
        """Return parallel lists (keys, pids) of every name in one country, for fuzzy matching."""
        if iso3 not in self._fuzzy_cache:
            rows = self.db.execute(
                "SELECT n.key, n.pid FROM places p JOIN names n ON n.pid = p.pid WHERE p.iso3 = ? ORDER BY n.pid, n.key",
                (iso3,)).fetchall()
            if len(self._fuzzy_cache) > 48:  # names of the countries in recent articles (a few MB each at most)
                self._fuzzy_cache.pop(next(iter(self._fuzzy_cache)))
            keys, pids = zip(*rows) if rows else ((), ())
            self._fuzzy_cache[iso3] = (list(keys), list(pids))
        return self._fuzzy_cache[iso3]

    def counts(self) -> dict[str, int]:
        """Return the number of places per kind, and of names."""
        out = dict(self.db.execute("SELECT kind, COUNT(*) FROM places GROUP BY kind ORDER BY kind").fetchall())
        out["names"] = self.db.execute("SELECT COUNT(*) FROM names").fetchone()[0]
        return out
