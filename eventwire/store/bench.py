"""Ingest throughput into each store backend: ``python -m eventwire.store.bench``.

Runs ``eventwire ingest``'s loader over N generated articles (the cheap synthetic pipeline, so the
figure measures reading, near-duplicate hashing, event matching and the database writes) into a
fresh SQLite file and, when a URL is given (or EVENTWIRE_TEST_PG_URL is set), a fresh PostgreSQL
schema. ``--real`` instead runs the real pipeline over the given files. Prints one line per backend.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import quote

from eventwire.store import open_store
from eventwire.store.loader import Loader


def _pg_schema(base: str) -> tuple[str, str]:
    """Create a fresh schema; return (url using it, schema name)."""
    import psycopg

    schema = f"bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options={quote(f'-csearch_path={schema}')}", schema


def _drop(base: str, schema: str) -> None:
    import psycopg

    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")


def run(url: str, inputs: list[str], real: bool) -> tuple[int, float, int]:
    """Ingest the inputs into ``url``; return (articles, seconds, events stored)."""
    from eventwire.ingest import read_path

    if real:
        from eventwire import load_pipeline

        pipeline = load_pipeline()
        pipeline.warm() if hasattr(pipeline, "warm") else None
    else:
        from eventwire.store.synthetic import SyntheticPipeline

        pipeline = SyntheticPipeline()
    with open_store(url) as store:
        loader = Loader(store, pipeline)
        t0 = time.perf_counter()
        summary = loader.load_all(doc for p in inputs for doc in read_path(p))
        seconds = time.perf_counter() - t0
        return summary.stored, seconds, store.counts()["events"]


def main() -> None:
    """Print articles/s into SQLite and PostgreSQL."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=2000, help="generated articles (synthetic mode)")
    ap.add_argument("--pg", default=os.environ.get("EVENTWIRE_TEST_PG_URL"), help="PostgreSQL base URL")
    ap.add_argument("--real", nargs="*", help="run the real pipeline over these files instead")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.real:
            inputs, what = args.real, "real pipeline"
        else:
            from eventwire.store.synthetic import write_articles

            write_articles(Path(tmp) / "in", args.n)
            inputs, what = [str(Path(tmp) / "in")], "synthetic pipeline"
        targets = [("sqlite", str(Path(tmp) / "bench.db"), None)]
        if args.pg:
            pg_url, schema = _pg_schema(args.pg)
            targets.append(("postgresql", pg_url, schema))
        for name, url, schema in targets:
            try:
                n, secs, events = run(url, inputs, bool(args.real))
            finally:
                if schema:
                    _drop(args.pg, schema)
            print(f"ingest throughput ({what}): {n / secs:.1f} articles/s into {name} "
                  f"({n} articles, {events} events, {secs:.2f} s)")


if __name__ == "__main__":
    main()
