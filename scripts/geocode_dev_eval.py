"""Score Geocoder.locate on the GTD/ACLED/UCDP rows of a gold JSONL file (default ../shared/data/gold/dev.jsonl).

For each row: article_context over the text, locate over the whole text, fallback to the country place;
prints the share with the right country and within 25 km / 50 km of the gold coordinates.
Usage: python scripts/geocode_dev_eval.py [GOLD.jsonl] [--misses]
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from eventwire.resolve.geocode import Geocoder, country_info, haversine_km


def main(argv: list[str]) -> int:
    """Print locate accuracy figures per dataset and overall."""
    root = Path(__file__).resolve().parent.parent
    path = Path(next((a for a in argv if not a.startswith("--")), root.parent / "shared/data/gold/dev.jsonl"))
    show = "--misses" in argv
    g = Geocoder.default()
    tally: dict[str, Counter[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        gold = row["gold"]
        if gold.get("latitude") is None:
            continue
        text = row["text"]
        ctx = g.article_context(text)
        m = g.locate(text, 0, len(text), ctx)
        p = m.place if m else ctx.country_place()
        t = tally.setdefault(row["dataset"], Counter())
        t["n"] += 1
        gc = country_info(gold.get("country") or "")
        t["country"] += bool(p and gc and p.iso3 == gc.iso3)
        d = haversine_km(p.latitude, p.longitude, gold["latitude"], gold["longitude"]) if p and p.latitude is not None else 1e9
        t["25km"] += d <= 25
        t["50km"] += d <= 50
        if show and d > 50:
            print(f"MISS {row['dataset']} {d:7.0f} km gold={gold.get('location')!r} got={m and (m.text, p.name, p.kind)}"
                  f" | {text[:160]!r}")
    total: Counter[str] = sum(tally.values(), Counter())
    for name, t in [*sorted(tally.items()), ("ALL", total)]:
        n = t["n"] or 1
        print(f"{name:10s} n={t['n']:4d} country={t['country'] / n:.3f} within25km={t['25km'] / n:.3f} "
              f"within50km={t['50km'] / n:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
