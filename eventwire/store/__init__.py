"""One store interface over SQLite (default) and PostgreSQL.

``open_store(url_or_path)`` returns a migrated :class:`Store`: a path (default ``./eventwire.db``)
opens SQLite in WAL mode, ``postgresql://...`` opens PostgreSQL through psycopg 3. Every statement
is written once here with ``?`` placeholders; the backends only supply the connection, the
transaction and the placeholder style. Canonical events are rows of ``events`` holding the flat
Event fields; the per-source values behind them are rows of ``event_sources``.
"""

from __future__ import annotations

import json
import math
import os
import time
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from eventwire._geo import haversine_km
from eventwire.errors import StoreError
from eventwire.store.migrations import EVENT_COLUMNS, MIGRATIONS, Dialect

__all__ = [
    "Store", "EventFilter", "StoreConflict", "open_store", "now", "haversine_km", "DEFAULT_DB",
    "EVENT_COLUMN_NAMES", "EXTRA_COLUMNS",
]

DEFAULT_DB = "eventwire.db"
EVENT_COLUMN_NAMES: tuple[str, ...] = tuple(name for name, _ in EVENT_COLUMNS)
# Columns of a canonical event beyond the flat Event fields.
EXTRA_COLUMNS: tuple[str, ...] = (
    "seq", "event_id_cnty", "cluster_id", "fatalities_best", "n_sources", "created_at", "updated_at",
)
_JSON_COLUMNS = frozenset(name for name, kind in EVENT_COLUMNS if kind == "json")
_KINDS = dict(EVENT_COLUMNS)


class StoreConflict(StoreError):
    """A row with the same key is already stored (e.g. another process stored the article first)."""

    code = "E402"


def now() -> int:
    """Return the Unix time to stamp rows with (``SOURCE_DATE_EPOCH`` when set, for reproducible runs)."""
    fixed = os.environ.get("SOURCE_DATE_EPOCH")
    return int(fixed) if fixed and fixed.isdigit() else int(time.time())


@dataclass(frozen=True)
class EventFilter:
    """Filters shared by ``query`` and ``export``; None means no constraint."""

    country: str | None = None
    since: str | None = None
    until: str | None = None
    event_type: str | None = None
    actor: str | None = None
    near: tuple[float, float] | None = None  # (latitude, longitude)
    km: float = 25.0
    bbox: tuple[float, float, float, float] | None = None  # (west, south, east, north)
    min_fatalities: int | None = None

    def where(self) -> tuple[str, list[Any]]:
        """Return an SQL condition (``?`` placeholders) and its parameters."""
        conds: list[str] = []
        params: list[Any] = []
        if self.country:
            conds.append("(lower(country) = lower(?) OR upper(iso3) = upper(?))")
            params += [self.country, self.country]
        if self.since:
            conds.append("event_date >= ?")
            params.append(self.since)
        if self.until:
            conds.append("event_date <= ?")
            params.append(self.until)
        if self.event_type:
            conds.append("(lower(event_type) = lower(?) OR lower(sub_event_type) = lower(?)"
                         " OR lower(disorder_type) = lower(?))")
            params += [self.event_type] * 3
        if self.actor:
            conds.append("(lower(actor1) LIKE ? OR lower(actor2) LIKE ? OR lower(assoc_actors) LIKE ?)")
            params += [f"%{self.actor.lower()}%"] * 3
        if self.min_fatalities is not None:
            conds.append("fatalities >= ?")
            params.append(self.min_fatalities)
        box = self.bbox or (self.near and _km_box(self.near, self.km))
        if box:
            west, south, east, north = box
            conds.append("latitude BETWEEN ? AND ?")
            params += [south, north]
            if west <= east:
                conds.append("longitude BETWEEN ? AND ?")
                params += [west, east]
            else:  # the box crosses the antimeridian
                conds.append("(longitude >= ? OR longitude <= ?)")
                params += [west, east]
        return (" AND ".join(conds) or "1 = 1"), params

    def keep(self, row: dict[str, Any]) -> bool:
        """Return True when a row passes the filters SQL cannot express (distance)."""
        if self.near is None:
            return True
        if row.get("latitude") is None or row.get("longitude") is None:
            return False
        return haversine_km(self.near[0], self.near[1], row["latitude"], row["longitude"]) <= self.km


def _km_box(center: tuple[float, float], km: float) -> tuple[float, float, float, float]:
    """Return a (W, S, E, N) box containing every point within ``km`` of ``center``."""
    lat, lon = center
    dlat = km / 110.574
    coslat = math.cos(math.radians(min(89.9, abs(lat) + dlat)))
    dlon = min(180.0, km / (111.320 * max(coslat, 1e-6)))
    west, east = lon - dlon, lon + dlon
    if dlon >= 180.0:
        west, east = -180.0, 180.0
    west = west + 360 if west < -180 else west
    east = east - 360 if east > 180 else east
    return west, max(-90.0, lat - dlat), east, min(90.0, lat + dlat)


def encode_event(record: dict[str, Any]) -> dict[str, Any]:
    """Return column values for a flat event record (lists and evidence as JSON text)."""
    out: dict[str, Any] = {}
    for name in EVENT_COLUMN_NAMES:
        value = record.get(name)
        if name in _JSON_COLUMNS:
            value = json.dumps(list(value or ()), ensure_ascii=False, sort_keys=True)
        elif value is not None and _KINDS[name] == "float":
            value = float(value)
        elif value is not None and _KINDS[name] == "int":
            value = int(value)
        out[name] = value
    if out.get("fatalities") is None:
        out["fatalities"] = 0
    return out


def decode_event(row: dict[str, Any]) -> dict[str, Any]:
    """Return the flat event record (plus extra columns) of an ``events`` row."""
    out = dict(row)
    for name in _JSON_COLUMNS:
        if name in out:
            out[name] = json.loads(out[name]) if out[name] else []
    return out


class Store(ABC):
    """A database holding articles, mentions, canonical events, their sources and a quarantine."""

    dialect: Dialect
    url: str

    # -- backend hooks -------------------------------------------------------------------------
    @abstractmethod
    def _execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run one statement; return the number of rows changed."""

    def _execute_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        """Run one statement for many parameter rows (backends batch the round trips)."""
        for row in rows:
            self._execute(sql, row)

    @abstractmethod
    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """Run one query; return its rows as dicts."""

    @abstractmethod
    def transaction(self) -> Any:
        """Return a context manager: one write transaction (nested calls join the outer one)."""

    @abstractmethod
    def close(self) -> None:
        """Close the connection."""

    @abstractmethod
    def _lock_migrations(self) -> None:
        """Inside a transaction, block other processes migrating the same database."""

    @abstractmethod
    def _table_exists(self, name: str) -> bool:
        """Return True when the table exists."""

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- migrations ----------------------------------------------------------------------------
    def migrate(self) -> list[str]:
        """Apply the migrations not yet recorded, in order; return the names applied now."""
        applied_now: list[str] = []
        with self.transaction():
            self._lock_migrations()
            if not self._table_exists("_migrations"):
                self._execute(f"CREATE TABLE _migrations (name TEXT PRIMARY KEY, applied_at {self.dialect.int} NOT NULL)")
        for name, fn in MIGRATIONS:
            with self.transaction():
                self._lock_migrations()
                if self._query("SELECT name FROM _migrations WHERE name = ?", [name]):
                    continue
                for stmt in fn(self.dialect):
                    self._execute(stmt)
                self._execute("INSERT INTO _migrations (name, applied_at) VALUES (?, ?)", [name, now()])
                applied_now.append(name)
        return applied_now

    def applied_migrations(self) -> list[str]:
        """Return the recorded migration names in the order they were applied."""
        return [r["name"] for r in self._query("SELECT name FROM _migrations ORDER BY name")]

    # -- articles ------------------------------------------------------------------------------
    def has_article(self, content_hash: str | None = None, article_id: str | None = None) -> bool:
        """Return True when an article with this content hash or article id is stored."""
        if content_hash is not None and self._query(
                "SELECT 1 AS x FROM articles WHERE content_hash = ?", [content_hash]):
            return True
        return article_id is not None and bool(
            self._query("SELECT 1 AS x FROM articles WHERE article_id = ?", [article_id]))

    def add_article(self, row: dict[str, Any]) -> None:
        """Insert one article row (keys: the ``articles`` columns)."""
        row = {**row, "ingested_at": row.get("ingested_at") or now()}
        cols = list(row)
        self._execute(
            f"INSERT INTO articles ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
            [row[c] for c in cols])

    def set_article_events(self, article_id: str, n_events: int) -> None:
        """Record how many events were extracted from an article."""
        self._execute("UPDATE articles SET n_events = ? WHERE article_id = ?", [n_events, article_id])

    def get_article(self, article_id: str) -> dict[str, Any] | None:
        """Return one article row, or None."""
        rows = self._query("SELECT * FROM articles WHERE article_id = ?", [article_id])
        return rows[0] if rows else None

    def minhash_pairs(self) -> Iterator[tuple[str, bytes]]:
        """Yield (article_id, minhash signature) for every stored article that has one."""
        for r in self._query("SELECT article_id, minhash FROM articles WHERE minhash IS NOT NULL ORDER BY ingested_at, article_id"):
            yield r["article_id"], bytes(r["minhash"])

    def add_mentions(self, article_id: str, mentions: Iterable[dict[str, Any]]) -> int:
        """Insert mentions (label, start, end, text, value) of an article; return how many."""
        rows = [[article_id, n, m["label"], m["start"], m["end"], m["text"],
                 json.dumps(m.get("value"), ensure_ascii=False, sort_keys=True, default=str)]
                for n, m in enumerate(mentions, start=1)]
        if rows:
            self._execute_many(
                "INSERT INTO mentions (article_id, n, label, start_char, end_char, text, value) VALUES (?, ?, ?, ?, ?, ?, ?)",
                rows)
        return len(rows)

    def mentions(self, article_id: str) -> list[dict[str, Any]]:
        """Return the mentions of an article in order, values decoded."""
        rows = self._query("SELECT label, start_char, end_char, text, value FROM mentions WHERE article_id = ? ORDER BY n", [article_id])
        return [{"label": r["label"], "start": r["start_char"], "end": r["end_char"], "text": r["text"],
                 "value": json.loads(r["value"]) if r["value"] is not None else None} for r in rows]

    # -- quarantine ----------------------------------------------------------------------------
    def add_quarantine(self, origin: str, content_hash: str, reason: str, snippet: str = "") -> bool:
        """Record an input that failed; return False when it was already quarantined."""
        return self._execute(
            "INSERT INTO quarantine (origin, content_hash, reason, snippet, at) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (origin, content_hash) DO NOTHING",
            [origin, content_hash, reason, snippet[:500], now()]) > 0

    def quarantined(self) -> list[dict[str, Any]]:
        """Return the quarantine rows, oldest first."""
        return self._query("SELECT origin, content_hash, reason, snippet, at FROM quarantine ORDER BY at, origin, content_hash")

    # -- counters ------------------------------------------------------------------------------
    def next_number(self, name: str) -> int:
        """Return the next value of a named counter (never reused; call inside a transaction)."""
        return int(self._query(
            "INSERT INTO counters (name, value) VALUES (?, 1) "
            "ON CONFLICT (name) DO UPDATE SET value = counters.value + 1 RETURNING value", [name])[0]["value"])

    # -- events --------------------------------------------------------------------------------
    def insert_event(self, record: dict[str, Any], extra: dict[str, Any]) -> None:
        """Insert a canonical event: flat fields from ``record``, the rest from ``extra``."""
        row = {**encode_event(record), **{k: extra[k] for k in EXTRA_COLUMNS if k in extra}}
        cols = list(row)
        self._execute(
            f"INSERT INTO events ({', '.join(f'{chr(34)}{c}{chr(34)}' for c in cols)}) VALUES ({', '.join('?' * len(cols))})",
            [row[c] for c in cols])

    def update_event(self, event_id: str, record: dict[str, Any], extra: dict[str, Any]) -> None:
        """Rewrite the flat fields (event_id kept) and the given extra columns of an event."""
        row = encode_event({**record, "event_id": event_id})
        row.pop("event_id")
        row.update({k: extra[k] for k in EXTRA_COLUMNS if k in extra and k not in ("seq", "event_id_cnty", "created_at")})
        sets = ", ".join(f'"{c}" = ?' for c in row)
        self._execute(f"UPDATE events SET {sets} WHERE event_id = ?", [*row.values(), event_id])

    def get_event(self, event_id: str) -> dict[str, Any] | None:
        """Return one canonical event (flat record plus extra columns), or None."""
        rows = self._query("SELECT * FROM events WHERE event_id = ?", [event_id])
        return decode_event(rows[0]) if rows else None

    def set_blocks(self, event_id: str, keys: Iterable[str]) -> None:
        """Replace the blocking keys of a canonical event."""
        self._execute("DELETE FROM event_blocks WHERE event_id = ?", [event_id])
        rows = [[key, event_id] for key in sorted(set(keys))]
        if rows:
            self._execute_many("INSERT INTO event_blocks (block_key, event_id) VALUES (?, ?)", rows)

    def candidates(self, keys: Sequence[str], exclude_article: str | None = None) -> list[dict[str, Any]]:
        """Return canonical events sharing a blocking key, minus those already fed by ``exclude_article``."""
        if not keys:
            return []
        marks = ", ".join("?" * len(keys))
        sql = (f"SELECT * FROM events WHERE event_id IN (SELECT event_id FROM event_blocks WHERE block_key IN ({marks}))")
        params: list[Any] = list(keys)
        if exclude_article is not None:
            sql += " AND event_id NOT IN (SELECT event_id FROM event_sources WHERE article_id = ?)"
            params.append(exclude_article)
        return [decode_event(r) for r in self._query(sql + " ORDER BY seq", params)]

    def add_source(self, event_id: str, record: dict[str, Any], independent: bool, score: float | None) -> None:
        """Link an article's own record of an event to the canonical event."""
        n = self.next_number("event_sources")
        self._execute(
            "INSERT INTO event_sources (article_id, source_event_id, event_id, role, independent, score, record, evidence, n) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [record["article_id"], record["event_id"], event_id, record.get("role"), int(independent), score,
             json.dumps(record, ensure_ascii=False, sort_keys=True, default=str),
             json.dumps(record.get("evidence") or [], ensure_ascii=False, sort_keys=True), n])

    def source_records(self, event_id: str, independent_only: bool = False) -> list[dict[str, Any]]:
        """Return the per-source records of a canonical event, in the order they arrived."""
        sql = "SELECT record FROM event_sources WHERE event_id = ?"
        if independent_only:
            sql += " AND independent = 1"
        return [json.loads(r["record"]) for r in self._query(sql + " ORDER BY n", [event_id])]

    def sources(self, event_ids: Sequence[str] | None = None) -> dict[str, list[dict[str, Any]]]:
        """Return, per canonical event id, its source links joined with the article headers."""
        sql = ("SELECT s.event_id, s.article_id, s.source_event_id, s.role, s.independent, s.score, s.evidence, "
               "a.source, a.url, a.published, a.title, a.near_duplicate_of "
               "FROM event_sources s JOIN articles a ON a.article_id = s.article_id")
        if event_ids is None:
            batches: list[tuple[str, list[Any]]] = [(sql + " ORDER BY s.n", [])]
        else:  # bounded IN lists: SQLite and PostgreSQL cap the number of parameters
            ids = list(dict.fromkeys(event_ids))
            batches = [(f"{sql} WHERE s.event_id IN ({', '.join('?' * len(chunk))}) ORDER BY s.n", chunk)
                       for chunk in (ids[i:i + 500] for i in range(0, len(ids), 500))]
        out: dict[str, list[dict[str, Any]]] = {}
        for query, params in batches:
            for r in self._query(query, params):
                r = dict(r)
                r["evidence"] = json.loads(r["evidence"])
                r["independent"] = bool(r["independent"])
                out.setdefault(r["event_id"], []).append(r)
        return out

    def events(self, flt: EventFilter | None = None) -> list[dict[str, Any]]:
        """Return canonical events matching the filter, in creation order."""
        flt = flt or EventFilter()
        where, params = flt.where()
        rows = self._query(f"SELECT * FROM events WHERE {where} ORDER BY seq", params)
        return [r for r in map(decode_event, rows) if flt.keep(r)]

    def counts(self) -> dict[str, int]:
        """Return the number of rows of each table."""
        tables = ("articles", "mentions", "events", "event_sources", "quarantine")
        return {t: int(self._query(f"SELECT count(*) AS n FROM {t}")[0]["n"]) for t in tables}


def open_store(url_or_path: str | os.PathLike[str] | None = None, migrate: bool = True) -> Store:
    """Open (and migrate) the store at a SQLite path or a ``postgresql://`` URL."""
    target = os.fspath(url_or_path) if url_or_path else os.environ.get("EVENTWIRE_DB") or DEFAULT_DB
    if target.startswith(("postgresql://", "postgres://")):
        from eventwire.store.postgres import PostgresStore

        store: Store = PostgresStore(target)
    elif "://" in target and not target.startswith("sqlite://"):
        raise StoreError(f"unsupported database URL {target!r} (use a file path or postgresql://...)", "E401")
    else:
        from eventwire.store.sqlite import SQLiteStore

        store = SQLiteStore(target.removeprefix("sqlite://"))
    if migrate:
        store.migrate()
    return store
