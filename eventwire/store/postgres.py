"""PostgreSQL backend through psycopg 3 (``--db postgresql://user:pass@host:port/db``)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg.rows import dict_row

from eventwire.errors import StoreError
from eventwire.store import Store, StoreConflict
from eventwire.store.migrations import POSTGRES

__all__ = ["PostgresStore"]

_MIGRATION_LOCK = 0x65766E74  # advisory lock key ("evnt") serialising concurrent migrations


def _pg(sql: str) -> str:
    """Translate the shared ``?`` placeholders to psycopg's ``%s``."""
    return sql.replace("%", "%%").replace("?", "%s")


class PostgresStore(Store):
    """A store in a PostgreSQL database."""

    dialect = POSTGRES

    def __init__(self, url: str) -> None:
        self.url = url
        try:
            self._conn = psycopg.connect(url, autocommit=True, row_factory=dict_row)
        except psycopg.Error as exc:
            raise StoreError(f"cannot connect to PostgreSQL: {exc}".strip(), "E403") from exc

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        try:
            return self._conn.execute(_pg(sql), tuple(params)).rowcount
        except psycopg.errors.IntegrityError as exc:
            raise StoreConflict(str(exc).strip()) from exc
        except (psycopg.Error, ValueError) as exc:  # ValueError: NUL characters in text
            raise StoreError(f"PostgreSQL error: {exc}".strip(), "E404") from exc

    def _execute_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        try:
            with self._conn.cursor() as cur:
                cur.executemany(_pg(sql), [tuple(r) for r in rows])
        except psycopg.errors.IntegrityError as exc:
            raise StoreConflict(str(exc).strip()) from exc
        except (psycopg.Error, ValueError) as exc:
            raise StoreError(f"PostgreSQL error: {exc}".strip(), "E404") from exc

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        try:
            return list(self._conn.execute(_pg(sql), tuple(params)).fetchall())
        except (psycopg.Error, ValueError) as exc:
            raise StoreError(f"PostgreSQL error: {exc}".strip(), "E404") from exc

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One transaction; nested calls become savepoints."""
        try:
            with self._conn.transaction():
                yield
        except psycopg.errors.IntegrityError as exc:
            raise StoreConflict(str(exc).strip()) from exc
        except psycopg.Error as exc:
            raise StoreError(f"PostgreSQL error: {exc}".strip(), "E404") from exc

    def _lock_migrations(self) -> None:
        self._query("SELECT pg_advisory_xact_lock(?) AS locked", [_MIGRATION_LOCK])

    def _table_exists(self, name: str) -> bool:
        return self._query("SELECT to_regclass(?) AS t", [name])[0]["t"] is not None

    def close(self) -> None:
        self._conn.close()
