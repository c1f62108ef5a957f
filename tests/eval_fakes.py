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
