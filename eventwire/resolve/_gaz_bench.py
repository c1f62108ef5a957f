"""Benchmark of the gazetteer: open time and memory, lookups per second, locate calls per second."""

from __future__ import annotations

import gc
import time
from pathlib import Path
from typing import Any

import psutil

__all__ = ["bench"]

_SENTENCES = (
    "Gunmen attacked a checkpoint near Tarmiyah, north of Baghdad, killing two soldiers.",
    "Security forces raided hideouts in the northern Hamrin Mountains in Diyala province.",
    "An explosive device detonated in Barghuli, Nangarhar, Afghanistan.",
    "On 13 April 2020, militants abducted two merchants in Touka-Korno (Dori, Seno).",
    "Shelling hit residential areas of Avdiivka in the Donetsk region on Tuesday.",
)


def _rss_mb() -> float:
    return psutil.Process().memory_info().rss / 2**20


def bench(path: Path | str | None = None, n: int = 5000) -> dict[str, Any]:
    """Return timings: open ms and RSS delta, lookups/s over ``n`` gazetteer names, locate calls/s."""
    from eventwire.resolve._gaz_build import default_path
    from eventwire.resolve.geocode import Geocoder

    p = Path(path) if path else default_path()
    Geocoder(p).store.db.close()  # builds if missing; warms the OS file cache like a real second run
    gc.collect()
    rss0 = _rss_mb()
    t0 = time.perf_counter()
    g = Geocoder(p, build_if_missing=False)
    open_ms = (time.perf_counter() - t0) * 1000
    rss_open = _rss_mb() - rss0
    total = g.store.db.execute("SELECT MAX(pid) FROM places").fetchone()[0]
    step = max(1, total // n)
    names = [r[0] for r in g.store.db.execute("SELECT name FROM places WHERE pid % ? = 0 LIMIT ?", (step, n))]
    t0 = time.perf_counter()
    found = sum(1 for name in names if g.lookup(name))
    dt = time.perf_counter() - t0
    ctxs = [(s, g.article_context(s)) for s in _SENTENCES]
    t1 = time.perf_counter()
    reps = 40
    for _ in range(reps):
        for s, ctx in ctxs:
            g.locate(s, 0, len(s), ctx)
    dt2 = time.perf_counter() - t1
    return {
        "gazetteer": str(p), "size_mb": round(p.stat().st_size / 2**20, 1), "open_ms": round(open_ms, 1),
        "open_rss_mb": round(rss_open, 1), "rss_after_lookups_mb": round(_rss_mb() - rss0, 1),
        "lookups": len(names), "found": found, "lookups_per_s": round(len(names) / dt),
        "ms_per_lookup": round(dt * 1000 / max(1, len(names)), 3),
        "locate_per_s": round(reps * len(ctxs) / dt2),
    }
