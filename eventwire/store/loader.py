"""Store articles and their events, one transaction per article, merging events across sources.

``Loader.load(doc)`` runs the pipeline on one raw document and writes the article, its mentions and
its events in a single transaction, so a crash loses at most the article in flight. An article
already stored (same content hash) is skipped before extraction, which makes re-runs idempotent.
Events are matched against canonical records through the deduplication hooks of
``eventwire.dedupe`` (block keys -> candidates -> ``match_event``); a match adds a source and the
canonical record is recomputed from all per-source records with ``merge_records``.
"""

from __future__ import annotations

import hashlib
import logging
import re
import types
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from eventwire.errors import InputError
from eventwire.store import Store, StoreConflict, now
from eventwire.types import Article, Event

__all__ = ["Loader", "LoadResult", "IngestSummary", "content_hash", "load_dedupe", "mentions_of"]

log = logging.getLogger(__name__)


class Pipeline(Protocol):
    def extract(self, text: str, **meta: Any) -> tuple[Article, list[Event]]: ...


@dataclass
class LoadResult:
    """What happened to one input."""

    origin: str
    status: str  # stored | duplicate | quarantined
    reason: str = ""
    article_id: str | None = None
    near_duplicate_of: str | None = None
    events: int = 0
    new_events: int = 0
    merged_events: int = 0


@dataclass
class IngestSummary:
    """Totals of an ingest run."""

    stored: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    quarantined: Counter[str] = field(default_factory=Counter)
    events: int = 0
    new_events: int = 0
    merged_events: int = 0
    seconds: float = 0.0

    def add(self, r: LoadResult) -> None:
        """Count one load result."""
        if r.status == "stored":
            self.stored += 1
            self.near_duplicates += r.near_duplicate_of is not None
            self.events += r.events
            self.new_events += r.new_events
            self.merged_events += r.merged_events
        elif r.status == "duplicate":
            self.duplicates += 1
        else:
            self.quarantined[_reason_key(r.reason)] += 1

    @property
    def processed(self) -> int:
        """Return how many inputs were handled."""
        return self.stored + self.duplicates + sum(self.quarantined.values())

    def lines(self) -> list[str]:
        """Return the human-readable summary lines."""
        rate = self.processed / self.seconds if self.seconds > 0 else 0.0
        out = [
            f"stored {self.stored} articles ({self.near_duplicates} near-duplicates of stored articles), "
            f"{self.events} events: {self.new_events} new records, {self.merged_events} merged into existing records",
            f"skipped as duplicate: {self.duplicates}",
            f"quarantined: {sum(self.quarantined.values())}",
        ]
        out += [f"  {n} x {reason}" for reason, n in self.quarantined.most_common()]
        out.append(f"throughput: {self.processed} articles in {self.seconds:.2f} s = {rate:.1f} articles/s")
        return out


def _reason_key(reason: str) -> str:
    """Return the reason with per-input detail cut, to group quarantine counts."""
    reason = re.sub(r"^\[E\d+\]\s*", "", reason)  # the error code prefix
    reason = re.sub(r"\s*\([^)]*\)", "", reason)  # "(detected: fr)": per-input detail
    return reason.split(":")[0].strip()[:80] or "unknown"


def content_hash(text: str) -> str:
    """Return the content hash an article is deduplicated by (SHA-256 of the raw text)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class _NoNearDuplicates:
    """Stand-in index when eventwire.dedupe is unavailable: finds nothing."""

    def __init__(self, threshold: float = 0.8) -> None:
        self.threshold = threshold

    def add(self, article_id: str, signature: bytes) -> str | None:
        return None

    def load(self, pairs: Iterable[tuple[str, bytes]]) -> None:
        for _ in pairs:
            pass


def _fallback_merge(records: list[dict[str, Any]]) -> dict[str, Any]:
    """Return the first record with fatalities widened over all records (no eventwire.dedupe)."""
    out = dict(records[0])
    lows = [int(r.get("fatalities_low") or r.get("fatalities") or 0) for r in records]
    highs = [int(r.get("fatalities_high") or 0) for r in records]
    out["fatalities_low"] = out["fatalities"] = min(lows)
    out["fatalities_high"] = max(highs + lows)
    out["fatalities_best"] = lows[-1]
    return out


def load_dedupe() -> Any:
    """Return the eventwire.dedupe module, or a stand-in that merges nothing when it is missing."""
    try:
        from eventwire import dedupe
    except ModuleNotFoundError as exc:
        if exc.name != "eventwire.dedupe":
            raise
        log.warning("eventwire.dedupe not available: no near-duplicate detection or event merging")
        return types.SimpleNamespace(
            minhash_signature=lambda text: b"",
            NearDuplicateIndex=_NoNearDuplicates,
            block_keys=lambda event: [],
            match_event=lambda new, candidates: (None, 0.0),
            merge_records=_fallback_merge,
        )
    return dedupe


def mentions_of(article: Article, events: list[Event]) -> Iterator[dict[str, Any]]:
    """Yield the mentions to store: dateline spans, boilerplate and every evidence span."""
    for label, span in (("DATELINE_PLACE", article.dateline_place), ("DATELINE_DATE", article.dateline_date)):
        if span is not None:
            yield {"label": label, "start": span.start, "end": span.end, "text": span.text, "value": span.value}
    for span in article.boilerplate:
        yield {"label": "BOILERPLATE", "start": span.start, "end": span.end, "text": span.text, "value": None}
    for span in getattr(article, "spans", ()) or ():  # mentions kept by the pipeline, when it keeps them
        yield {"label": span.label, "start": span.start, "end": span.end, "text": span.text, "value": span.value}
    for ev in events:
        for e in ev.evidence:
            value = getattr(ev, e.field, None) if isinstance(getattr(ev, e.field, None), (str, int, float)) else None
            yield {"label": f"EVIDENCE:{e.field}", "start": e.start, "end": e.end, "text": e.text,
                   "value": {"event_id": ev.event_id, "field": e.field, "value": value}}


def _source_names(records: list[dict[str, Any]]) -> str | None:
    """Return the ';'-joined outlet names of records, in order of arrival, without repeats."""
    names: list[str] = []
    for r in records:
        for name in str(r.get("source") or "").split(";"):
            name = name.strip()
            if name and name not in names:
                names.append(name)
    return "; ".join(names) or None


class Loader:
    """Writes raw documents through the pipeline into a store."""

    def __init__(self, store: Store, pipeline: Pipeline, dedupe: Any = None, threshold: float = 0.8) -> None:
        self.store = store
        self.pipeline = pipeline
        self.dedupe = dedupe if dedupe is not None else load_dedupe()
        self.index = self.dedupe.NearDuplicateIndex(threshold=threshold)
        self.index.load(store.minhash_pairs())

    def load(self, doc: Any, published: Any = None, source: str | None = None) -> LoadResult:
        """Extract and store one RawDoc (or quarantine a Skipped); never raises for bad input."""
        origin = str(getattr(doc, "origin", "") or "<input>")
        text = getattr(doc, "text", None)
        if text is None:  # a Skipped record from the reader
            reason = str(getattr(doc, "reason", "") or "unreadable input")
            return self._quarantine(origin, content_hash(origin + "\0" + reason), reason, "")
        chash = content_hash(text)
        if self.store.has_article(content_hash=chash):
            return LoadResult(origin, "duplicate", "same content hash")
        meta = {
            "published": getattr(doc, "published", None) or published,
            "source": getattr(doc, "source", None) or source,
            "url": getattr(doc, "url", None),
            "title": getattr(doc, "title", None),
        }
        try:
            article, events = self.pipeline.extract(text, **meta)
        except InputError as exc:
            return self._quarantine(origin, chash, str(exc), text)
        except Exception as exc:  # a pipeline bug must not stop the batch: keep the input and why
            log.warning("pipeline failed on %s: %s: %s", origin, type(exc).__name__, exc)
            log.debug("traceback", exc_info=True)
            return self._quarantine(origin, chash, f"pipeline error {type(exc).__name__}: {exc}", text)
        if self.store.has_article(article_id=article.article_id):
            return LoadResult(origin, "duplicate", "same article id", article.article_id)
        try:
            return self._store(origin, chash, text, article, events)
        except StoreConflict as exc:  # another writer stored the same article meanwhile
            return LoadResult(origin, "duplicate", f"stored concurrently: {exc}", article.article_id)

    def _quarantine(self, origin: str, chash: str, reason: str, text: str) -> LoadResult:
        with self.store.transaction():
            self.store.add_quarantine(origin, chash, reason, text[:500])
        return LoadResult(origin, "quarantined", reason)

    def _store(self, origin: str, chash: str, raw: str, article: Article, events: list[Event]) -> LoadResult:
        signature = self.dedupe.minhash_signature(article.text) if article.text else b""
        result = LoadResult(origin, "stored", article_id=article.article_id, events=len(events))
        with self.store.transaction():
            original = self.index.add(article.article_id, signature) if signature else None
            result.near_duplicate_of = original
            self.store.add_article({
                "article_id": article.article_id, "content_hash": chash, "origin": origin,
                "source": article.source, "url": article.url,
                "published": article.published.isoformat() if article.published else None,
                "language": article.language, "title": article.title, "raw": raw, "text": article.text,
                "near_duplicate_of": original, "minhash": signature or None, "n_events": len(events),
            })
            self.store.add_mentions(article.article_id, mentions_of(article, events))
            for ev in events:
                merged = self._place(ev.to_dict(), independent=original is None)
                result.merged_events += merged
                result.new_events += not merged
        return result

    def _place(self, record: dict[str, Any], independent: bool) -> bool:
        """Merge a record into a matching canonical event or create one; return True when merged."""
        store = self.store
        keys = list(self.dedupe.block_keys(record))
        candidates = store.candidates(keys, exclude_article=record["article_id"])
        target, score = self.dedupe.match_event(record, candidates) if candidates else (None, 0.0)
        if target is None and store.get_event(record["event_id"]) is not None:
            # The id is taken by a record the matcher keeps apart: derive a new one, never reuse.
            record = {**record, "event_id": f"{record['event_id']}-{store.next_number('id:' + record['event_id'])}"}
        if target is None:
            self._create(record, keys)
            return False
        store.add_source(target, record, independent=independent, score=score)
        if independent:
            self._recompute(target)
        return True

    def _create(self, record: dict[str, Any], keys: list[str]) -> None:
        """Insert a new canonical event from one source record, with fresh stable numbers."""
        store = self.store
        iso3 = (record.get("iso3") or "XXX").upper()
        stamp = now()
        seq = store.next_number("events")
        canonical = self._merge([record])
        store.insert_event({**canonical, "event_id": record["event_id"]}, {
            "seq": seq, "event_id_cnty": f"{iso3}{store.next_number('event_id_cnty:' + iso3)}",
            "cluster_id": f"c{seq}", "fatalities_best": canonical["fatalities_best"], "n_sources": 1,
            "created_at": stamp, "updated_at": stamp,
        })
        store.add_source(record["event_id"], record, independent=True, score=None)
        store.set_blocks(record["event_id"], keys)

    def _recompute(self, event_id: str) -> None:
        """Rebuild a canonical record from its independent per-source records."""
        records = self.store.source_records(event_id, independent_only=True)
        canonical = self._merge(records)
        n_sources = len({r["article_id"] for r in records})
        self.store.update_event(event_id, canonical, {
            "fatalities_best": canonical["fatalities_best"], "n_sources": n_sources, "updated_at": now(),
        })
        self.store.set_blocks(event_id, list(self.dedupe.block_keys({**canonical, "event_id": event_id})))

    def _merge(self, records: list[dict[str, Any]]) -> dict[str, Any]:
        """Return the canonical flat record of per-source records, with fatalities_best set."""
        out = dict(self.dedupe.merge_records(records))
        low = out.get("fatalities_low")
        low = int(low if low is not None else out.get("fatalities") or 0)
        out["fatalities_low"] = low
        out["fatalities"] = int(out.get("fatalities") if out.get("fatalities") is not None else low)
        out["fatalities_high"] = max(int(out.get("fatalities_high") or 0), low)
        best = out.get("fatalities_best")
        out["fatalities_best"] = int(best) if best is not None else low
        if isinstance(out.get("source"), (list, tuple)):
            out["source"] = "; ".join(map(str, out["source"]))
        if len(records) > 1 and not out.get("source"):
            out["source"] = _source_names(records)
        if isinstance(out.get("url"), (list, tuple)):
            out["url"] = out["url"][0] if out["url"] else None
        return out

    def load_all(self, docs: Iterable[Any], published: Any = None, source: str | None = None,
                 progress: Any = None) -> IngestSummary:
        """Load every document, updating an optional tqdm bar; return the totals."""
        import time

        summary = IngestSummary()
        t0 = time.perf_counter()
        for doc in docs:
            summary.add(self.load(doc, published=published, source=source))
            if progress is not None:
                progress.update(1)
                progress.set_postfix(events=summary.events, stored=summary.stored, refresh=False)
        summary.seconds = time.perf_counter() - t0
        return summary
