"""SQLite backend: one file, WAL journal, one writer at a time (``BEGIN IMMEDIATE``)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from eventwire.errors import StoreError
from eventwire.store import Store, StoreConflict
from eventwire.store.migrations import SQLITE

__all__ = ["SQLiteStore"]


class SQLiteStore(Store):
    """A store in one SQLite file (``:memory:`` works for tests)."""

    dialect = SQLITE

    def __init__(self, path: str) -> None:
        self.url = path
        if path != ":memory:" and not Path(path).parent.exists():
            raise StoreError(f"cannot create database {path!r}: directory does not exist", "E403")
        try:
            self._conn = sqlite3.connect(path, isolation_level=None, timeout=60.0, check_same_thread=False)
            self._conn.row_factory = sqlite3.Row
            self._conn.execute("PRAGMA journal_mode = WAL")
            # NORMAL with WAL survives a killed process; only a power cut can lose the last commits.
            self._conn.execute("PRAGMA synchronous = NORMAL")
            self._conn.execute("PRAGMA foreign_keys = ON")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open SQLite database {path!r}: {exc}", "E403") from exc
        self._depth = 0

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        try:
            return self._conn.execute(sql, tuple(params)).rowcount
        except sqlite3.IntegrityError as exc:
            raise StoreConflict(f"{exc} ({sql.split('(')[0].strip()})") from exc
        except sqlite3.Error as exc:
            raise StoreError(f"SQLite error: {exc}", "E404") from exc

    def _execute_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        try:
            self._conn.executemany(sql, [tuple(r) for r in rows])
        except sqlite3.IntegrityError as exc:
            raise StoreConflict(str(exc)) from exc
        except sqlite3.Error as exc:
            raise StoreError(f"SQLite error: {exc}", "E404") from exc

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        try:
            return [dict(r) for r in self._conn.execute(sql, tuple(params)).fetchall()]
        except sqlite3.Error as exc:
            raise StoreError(f"SQLite error: {exc}", "E404") from exc

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction; nested calls join the outer one."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self._execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield
        except BaseException:
            self._depth = 0
            self._conn.execute("ROLLBACK")
            raise
        self._depth = 0
        self._execute("COMMIT")

    def _lock_migrations(self) -> None:
        """BEGIN IMMEDIATE already holds the write lock."""

    def _table_exists(self, name: str) -> bool:
        return bool(self._query("SELECT 1 AS x FROM sqlite_master WHERE type = 'table' AND name = ?", [name]))

    def close(self) -> None:
        self._conn.close()
