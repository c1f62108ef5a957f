"""Store test helpers: a database URL per backend (SQLite file, PostgreSQL schema), fake docs and dedupe.

The PostgreSQL backend needs EVENTWIRE_TEST_PG_URL (set by .ci/run through scripts/ci-postgres.sh);
without it those parameters skip. Each test gets a fresh schema, dropped afterwards.
"""

from __future__ import annotations

import os
import types
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from eventwire.types import Article, Event, Evidence, article_id_for

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def pg_base_url() -> str:
    """Return the PostgreSQL test URL, skipping when it is not configured."""
    url = os.environ.get("EVENTWIRE_TEST_PG_URL")
    if not url:
        pytest.skip("EVENTWIRE_TEST_PG_URL not set (run scripts/ci-postgres.sh)")
    return url


@pytest.fixture
def pg_schema_url() -> Iterator[str]:
    """Yield a URL whose search_path is a fresh, empty schema."""
    import psycopg

    base = pg_base_url()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in base else "?"
    yield f"{base}{sep}options={quote(f'-csearch_path={schema}')}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Return a fresh database URL for each backend."""
    if request.param == "sqlite":
        return str(tmp_path / "eventwire.db")
    return request.getfixturevalue("pg_schema_url")


def doc(text: str, origin: str = "doc", published: str | None = "2024-10-15", source: str | None = "Wire",
        url: str | None = None, title: str | None = None) -> Any:
    """Return a RawDoc-like object."""
    return types.SimpleNamespace(text=text, origin=origin, published=published, source=source, url=url, title=title)


def skipped(origin: str, reason: str) -> Any:
    """Return a Skipped-like object."""
    return types.SimpleNamespace(origin=origin, reason=reason)


class ScriptedPipeline:
    """A pipeline returning events scripted per text: {text: [event field dicts]}; other text -> InputError."""

    def __init__(self, script: dict[str, list[dict[str, Any]]]) -> None:
        self.script = script

    def extract(self, text: str, published: Any = None, source: str | None = None, url: str | None = None,
                title: str | None = None, **_: Any) -> tuple[Article, list[Event]]:
        from datetime import date

        from eventwire.errors import InputError

        if text not in self.script:
            raise InputError("not English news text", "E103")
        pub = date.fromisoformat(str(published)) if published else None
        article = Article(article_id_for(text, url), text, published=pub, source=source, url=url, title=title)
        events = []
        for i, fields in enumerate(self.script[text]):
            quote_text = fields.pop("quote", text.split(".")[0])
            start = text.index(quote_text)
            base = dict(event_id=f"{article.article_id}-{i}", article_id=article.article_id, role="main",
                        event_type="Battles", sub_event_type="Armed clash", disorder_type="Political violence",
                        source=source, url=url, published=pub.isoformat() if pub else None,
                        evidence=(Evidence("event", start, start + len(quote_text), quote_text),))
            events.append(Event(**{**base, **fields}))
        return article, events


def key_dedupe(near: dict[str, str] | None = None) -> Any:
    """Return a deterministic dedupe stand-in: events match when (type, date, location) agree."""
    import eventwire.store.loader as loader

    near = near or {}

    def key(rec: dict[str, Any]) -> str:
        return f"{rec.get('event_type')}|{rec.get('event_date')}|{rec.get('location')}"

    def match_event(new: dict[str, Any], cands: list[dict[str, Any]]) -> tuple[str | None, float]:
        hit = next((c for c in cands if key(c) == key(new)), None)
        return (hit["event_id"], 1.0) if hit else (None, 0.0)

    def merge_records(records: list[dict[str, Any]]) -> dict[str, Any]:
        out = dict(records[0])
        lows = [r["fatalities_low"] for r in records]
        out.update(fatalities=min(lows), fatalities_low=min(lows), fatalities_high=max(r["fatalities_high"] for r in records),
                   fatalities_best=records[-1]["fatalities_low"],
                   source="; ".join(dict.fromkeys(r["source"] for r in records if r.get("source"))))
        return out

    class Index(loader._NoNearDuplicates):
        def add(self, article_id: str, signature: bytes) -> str | None:
            return near.get(signature.decode())

    return types.SimpleNamespace(
        minhash_signature=lambda text: text.encode(), NearDuplicateIndex=Index,
        block_keys=lambda rec: [key(rec)], match_event=match_event, merge_records=merge_records)
