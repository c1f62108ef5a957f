"""Named, ordered schema migrations, recorded in the ``_migrations`` table (sqlite-utils style).

Each migration is a function of the SQL dialect returning its DDL statements. A migration, once
released, is never edited: a schema change is a new function appended to ``MIGRATIONS``. Each runs
in its own transaction together with the row recording it, so a crash never leaves half a migration.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Dialect", "SQLITE", "POSTGRES", "MIGRATIONS", "EVENT_COLUMNS", "migration_names"]


@dataclass(frozen=True)
class Dialect:
    """Column type names of one SQL backend."""

    name: str
    blob: str
    float: str
    int: str


SQLITE = Dialect("sqlite", blob="BLOB", float="REAL", int="INTEGER")
POSTGRES = Dialect("postgres", blob="BYTEA", float="DOUBLE PRECISION", int="BIGINT")

# The flat Event fields as event columns: (name, kind) with kind text | int | float | json.
# Frozen with migration 0001; a new Event field needs a new migration adding its column.
EVENT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("event_id", "text"), ("article_id", "text"), ("role", "text"), ("event_type", "text"),
    ("sub_event_type", "text"), ("disorder_type", "text"), ("event_date", "text"),
    ("date_start", "text"), ("date_end", "text"), ("time_precision", "int"),
    ("actor1", "text"), ("actor1_type", "text"), ("actor2", "text"), ("actor2_type", "text"),
    ("assoc_actors", "json"), ("interaction", "text"), ("civilian_targeting", "text"),
    ("country", "text"), ("iso3", "text"), ("admin1", "text"), ("admin2", "text"),
    ("location", "text"), ("latitude", "float"), ("longitude", "float"),
    ("geo_precision", "int"), ("where_prec", "int"), ("gazetteer_id", "text"),
    ("fatalities", "int"), ("fatalities_low", "int"), ("fatalities_high", "int"),
    ("wounded", "int"), ("arrested", "int"), ("abducted", "int"), ("confidence", "float"),
    ("notes", "text"), ("source", "text"), ("url", "text"), ("published", "text"),
    ("evidence", "json"),
)


def _coltype(d: Dialect, kind: str) -> str:
    return {"int": d.int, "float": d.float}.get(kind, "TEXT")


def m0001_initial(d: Dialect) -> list[str]:
    """Articles, mentions, canonical events, their sources, block keys, quarantine, counters."""
    event_cols = ",\n  ".join(
        f'"{name}" {_coltype(d, kind)}' + (" PRIMARY KEY" if name == "event_id" else "")
        for name, kind in EVENT_COLUMNS
    )
    return [
        f"""CREATE TABLE articles (
  article_id TEXT PRIMARY KEY,
  content_hash TEXT NOT NULL UNIQUE,
  origin TEXT,
  source TEXT,
  url TEXT,
  published TEXT,
  language TEXT,
  title TEXT,
  raw TEXT NOT NULL,
  text TEXT NOT NULL,
  near_duplicate_of TEXT,
  minhash {d.blob},
  n_events {d.int} NOT NULL DEFAULT 0,
  ingested_at {d.int} NOT NULL
)""",
        "CREATE INDEX articles_near_duplicate_of ON articles (near_duplicate_of)",
        f"""CREATE TABLE mentions (
  article_id TEXT NOT NULL REFERENCES articles (article_id),
  n {d.int} NOT NULL,
  label TEXT NOT NULL,
  start_char {d.int} NOT NULL,
  end_char {d.int} NOT NULL,
  text TEXT NOT NULL,
  value TEXT,
  PRIMARY KEY (article_id, n)
)""",
        f"""CREATE TABLE events (
  {event_cols},
  seq {d.int} NOT NULL UNIQUE,
  event_id_cnty TEXT NOT NULL UNIQUE,
  cluster_id TEXT NOT NULL,
  fatalities_best {d.int} NOT NULL DEFAULT 0,
  n_sources {d.int} NOT NULL DEFAULT 1,
  created_at {d.int} NOT NULL,
  updated_at {d.int} NOT NULL
)""",
        "CREATE INDEX events_event_date ON events (event_date)",
        "CREATE INDEX events_iso3 ON events (iso3)",
        f"""CREATE TABLE event_sources (
  article_id TEXT NOT NULL REFERENCES articles (article_id),
  source_event_id TEXT NOT NULL,
  event_id TEXT NOT NULL REFERENCES events (event_id),
  role TEXT,
  independent {d.int} NOT NULL DEFAULT 1,
  score {d.float},
  record TEXT NOT NULL,
  evidence TEXT NOT NULL,
  n {d.int} NOT NULL,
  PRIMARY KEY (article_id, source_event_id)
)""",
        "CREATE INDEX event_sources_event_id ON event_sources (event_id)",
        """CREATE TABLE event_blocks (
  block_key TEXT NOT NULL,
  event_id TEXT NOT NULL REFERENCES events (event_id),
  PRIMARY KEY (block_key, event_id)
)""",
        "CREATE INDEX event_blocks_event_id ON event_blocks (event_id)",
        f"""CREATE TABLE quarantine (
  origin TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  reason TEXT NOT NULL,
  snippet TEXT,
  at {d.int} NOT NULL,
  PRIMARY KEY (origin, content_hash)
)""",
        f"""CREATE TABLE counters (
  name TEXT PRIMARY KEY,
  value {d.int} NOT NULL
)""",
    ]


MIGRATIONS: tuple[tuple[str, Callable[[Dialect], list[str]]], ...] = (
    ("0001_initial", m0001_initial),
)


def migration_names() -> list[str]:
    """Return the names of all migrations in the order they apply."""
    return [name for name, _ in MIGRATIONS]
