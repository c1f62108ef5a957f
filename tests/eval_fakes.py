"""Test doubles for the evaluation harness and the benchmark: pipelines returning hand-built Events.

Kept in an importable module (not a test file) so spawned benchmark workers and the cold-start
subprocess can build them from a ``module:function`` name.
"""

from __future__ import annotations

from typing import Any

from eventwire.errors import InputError
from eventwire.types import Article, Event, Evidence


def make_event(text: str, trigger: str, **fields: Any) -> Event:
    """Return an Event whose event evidence is the first occurrence of ``trigger`` in ``text``."""
    i = text.index(trigger)
    base = dict(event_id="e", article_id="a", role="main", event_type="Battles",
                sub_event_type="Armed clash", disorder_type="Political violence")
    base.update(fields)
    return Event(**base, evidence=(Evidence("event", i, i + len(trigger), trigger),))


class FakePipeline:
    """Return the events registered for a text; raise what is registered as an exception."""

    def __init__(self, answers: dict[str, Any]) -> None:
        self.answers = answers
        self.calls = 0

    def extract(self, text: str, published: Any = None, source: Any = None, url: Any = None,
                title: Any = None) -> tuple[Article, list[Event]]:
        self.calls += 1
        ans = self.answers.get(text, [])
        if isinstance(ans, Exception):
            raise ans
        return Article(article_id="a", text=text, published=published), list(ans)


class KeywordPipeline:
    """A stand-in pipeline for the benchmark: one Battles event per text containing "killed"."""

    def extract(self, text: str, published: Any = None, **_: Any) -> tuple[Article, list[Event]]:
        if not text.strip():
            raise InputError("empty text")
        art = Article(article_id="a", text=text, published=published)
        return art, ([make_event(text, "killed")] if "killed" in text else [])


def load_keyword_pipeline() -> KeywordPipeline:
    """Return a KeywordPipeline (the benchmark factory used in tests)."""
    return KeywordPipeline()


_UCDP_ACTOR_TYPES = {1: ("State forces", "Rebel group"), 2: ("Rebel group", "Identity militia"),
                     3: ("Rebel group", "Civilians")}


def oracle_event(doc: Any, g: Any) -> Event:
    """Return an Event carrying exactly the gold event's values (the harness must score it 1.0)."""
    t1, t2 = _UCDP_ACTOR_TYPES.get(g.ucdp_type or 0, (None, None))
    etype = g.event_type or ("Violence against civilians" if g.ucdp_type == 3 else "Battles")
    start, end = g.spans[0] if g.spans else (0, min(len(doc.text), 10))
    return Event(
        event_id="o", article_id="a", role=g.role or "main", event_type=etype,
        sub_event_type=g.sub_event_type or "", disorder_type="Political violence",
        event_date=g.event_date, actor1=g.actor1, actor1_type=t1, actor2=g.actor2, actor2_type=t2,
        country=g.country, admin1=g.admin1, location=g.location, latitude=g.latitude,
        longitude=g.longitude, fatalities=g.fatalities or 0,
        evidence=(Evidence("event", start, end, doc.text[start:end]),),
    )


class OraclePipeline:
    """Return, for each gold document's text, its gold events as predictions."""

    def __init__(self, docs: list[Any]) -> None:
        self.by_text = {d.text: d for d in docs}

    def extract(self, text: str, published: Any = None, **_: Any) -> tuple[Article, list[Event]]:
        doc = self.by_text[text]
        return Article(article_id="a", text=text), [oracle_event(doc, g) for g in doc.events]
