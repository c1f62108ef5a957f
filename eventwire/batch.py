"""Adapters that let a distributed engine map the pipeline over partitions of articles.

``map_partition`` takes an iterable of input rows and yields output rows, so it plugs into
Spark's ``mapPartitions``, Dask's ``map_partitions`` or a ``multiprocessing`` pool. Each worker
process builds the pipeline once (``load_pipeline`` caches it); nothing lives in module-level mutable
state, and a retried partition yields the same rows (event ids are stable hashes).
"""

from __future__ import annotations

from typing import Any, Iterable, Iterator, Mapping

from .errors import EventwireError
from .pipeline import load_pipeline

__all__ = ["map_partition", "INPUT_KEYS"]

INPUT_KEYS = ("text", "published", "source", "url", "title")


def map_partition(rows: Iterable[Mapping[str, Any]], model: str | None = None,
                  batch_size: int = 64) -> Iterator[dict[str, Any]]:
    """Yield one flat event record per event found in the input rows.

    An input row has ``text`` and optionally ``published``, ``source``, ``url``, ``title`` and ``id``.
    Each output row is ``Event.to_dict()`` plus ``input_id``; a row the pipeline refuses yields
    ``{"input_id": ..., "error": "<reason>"}`` instead, so nothing is silently lost.
    """
    pipe = load_pipeline(model).warm()  # once per process: later partitions find it warm
    rows = list(rows) if not isinstance(rows, list) else rows
    items = [(str(r.get("text") or ""), {k: r.get(k) for k in INPUT_KEYS[1:] if r.get(k) is not None})
             for r in rows]
    for row, result in zip(rows, pipe.extract_many(items, batch_size=batch_size)):
        input_id = row.get("id")
        if isinstance(result, EventwireError):
            yield {"input_id": input_id, "error": str(result)}
            continue
        article, events = result
        for e in events:
            yield {**e.to_dict(), "input_id": input_id if input_id is not None else article.article_id}
