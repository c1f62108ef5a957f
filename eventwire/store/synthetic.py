"""A cheap, deterministic stand-in pipeline and article generator for store tests and benchmarks.

The generated articles are one-line reports ("On 2024-03-05, gunmen killed 4 civilians in Kirkuk,
Iraq.") that ``SyntheticPipeline`` reads back with a regular expression into one Event each, with
evidence spans. It lets the crash and throughput tests run thousands of articles in seconds; the
real pipeline is exercised by its own ingest test. Select it on the command line with
``eventwire ingest --pipeline eventwire.store.synthetic:SyntheticPipeline`` (a hidden option).
"""

from __future__ import annotations

import hashlib
import random
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from eventwire.errors import InputError
from eventwire.types import Article, Event, Evidence, article_id_for

__all__ = ["SyntheticPipeline", "synthetic_text", "write_articles", "PLACES"]

# (location, admin1, country, iso3, latitude, longitude): public facts, rounded coordinates.
PLACES: tuple[tuple[str, str, str, str, float, float], ...] = (
    ("Kirkuk", "Kirkuk", "Iraq", "IRQ", 35.4681, 44.3922),
    ("Mosul", "Nineveh", "Iraq", "IRQ", 36.335, 43.1189),
    ("Aleppo", "Aleppo", "Syria", "SYR", 36.2021, 37.1343),
    ("Taiz", "Taiz", "Yemen", "YEM", 13.5795, 44.0209),
    ("Djibo", "Sahel", "Burkina Faso", "BFA", 14.1010, -1.6280),
    ("Malakal", "Upper Nile", "South Sudan", "SSD", 9.5334, 31.6605),
)
_ACTORS = ("gunmen", "militants", "soldiers", "rebels")
_PATTERN = re.compile(
    r"On (?P<date>\d{4}-\d{2}-\d{2}), (?P<actor>\w+) killed (?P<n>\d+) civilians in (?P<place>[\w ]+), (?P<country>[\w ]+)\.")


def synthetic_text(i: int, seed: int = 0) -> str:
    """Return the text of generated article ``i`` (distinct events for distinct ``i``)."""
    rng = random.Random(f"{seed}:{i}")
    place = PLACES[rng.randrange(len(PLACES))]
    day = date(2024, 1, 1) + timedelta(days=i % 3000)
    filler = " ".join(rng.choice(("Residents", "said", "the", "attack", "lasted", "hours", "police", "added"))
                      for _ in range(12))
    return (f"On {day.isoformat()}, {rng.choice(_ACTORS)} killed {1 + i % 97} civilians in {place[0]}, "
            f"{place[2]}. {filler}. Report number {i}.\n")


def write_articles(folder: Path, n: int, seed: int = 0) -> list[Path]:
    """Write ``n`` generated articles as .txt files into ``folder``; return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        p = folder / f"article-{i:06d}.txt"
        p.write_text(synthetic_text(i, seed), encoding="utf-8")
        paths.append(p)
    return paths


class SyntheticPipeline:
    """Reads generated one-line reports into Events; rejects anything else with InputError."""

    def extract(self, text: str, published: Any = None, source: str | None = None, url: str | None = None,
                title: str | None = None, **_: Any) -> tuple[Article, list[Event]]:
        """Return the Article and its one Event, or raise InputError for other text."""
        text = text.strip()
        m = _PATTERN.search(text)
        if not text or m is None:
            raise InputError("not a synthetic report", "E101")
        pub = date.fromisoformat(str(published)) if published else None
        article = Article(article_id_for(text, url), text, published=pub, source=source, url=url, title=title)
        place = next(p for p in PLACES if p[0] == m["place"])
        eid = hashlib.sha256(f"{article.article_id}:0".encode()).hexdigest()[:16]
        n = int(m["n"])
        event = Event(
            event_id=eid, article_id=article.article_id, role="main", event_type="Violence against civilians",
            sub_event_type="Attack", disorder_type="Political violence", event_date=m["date"],
            date_start=m["date"], date_end=m["date"], time_precision=1,
            actor1=f"Unidentified Armed Group ({place[2]})", actor1_type="Political militia",
            actor2=f"Civilians ({place[2]})", actor2_type="Civilians", interaction="37",
            civilian_targeting="Civilians targeted", country=place[2], iso3=place[3], admin1=place[1],
            location=place[0], latitude=place[4], longitude=place[5], geo_precision=1, where_prec=1,
            fatalities=n, fatalities_low=n, fatalities_high=n, confidence=0.9, source=source, url=url,
            published=pub.isoformat() if pub else None,
            evidence=(Evidence("event", m.start(), m.end(), m.group(0)),
                      Evidence("event_date", m.start("date"), m.end("date"), m["date"]),
                      Evidence("location", m.start("place"), m.end("place"), m["place"]),
                      Evidence("fatalities", m.start("n"), m.end("n"), m["n"])),
        )
        return article, [event]
