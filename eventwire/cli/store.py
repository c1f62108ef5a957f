"""`eventwire ingest`, `eventwire query` and `eventwire export`: thin commands over eventwire.store."""

from __future__ import annotations

import csv
import importlib
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

import click

from eventwire.cli import main
from eventwire.errors import EventwireError
from eventwire.types import EVENT_FIELDS

_TABLE_COLUMNS = ("event_id_cnty", "event_date", "event_type", "sub_event_type", "location", "country",
                  "fatalities", "n_sources", "actor1", "actor2")


def _open(db: str | None) -> Any:
    from eventwire.store import open_store

    try:
        return open_store(db)
    except EventwireError as exc:
        raise click.ClickException(str(exc)) from exc


def _iso_date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Validate a YYYY-MM-DD option."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from None


def _load_pipeline(spec: str | None) -> Any:
    """Return the pipeline: ``module:attr`` (a class or factory) when given, else eventwire's."""
    if spec:
        module, _, attr = spec.partition(":")
        obj = getattr(importlib.import_module(module), attr)
        return obj() if isinstance(obj, type) or not hasattr(obj, "extract") else obj
    from eventwire import load_pipeline

    return load_pipeline()


def _read_paths(paths: tuple[str, ...], published: str | None, source: str | None) -> Any:
    from eventwire.ingest import read_path

    when = date.fromisoformat(published) if published else None
    for p in paths:
        yield from read_path(p, published=when, source=source)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--db", help="SQLite file (default ./eventwire.db) or postgresql:// URL.")
@click.option("--published", callback=_iso_date, help="Publication date (YYYY-MM-DD) for inputs without one.")
@click.option("--source", help="Outlet name for inputs without one.")
@click.option("--progress/--no-progress", default=None, help="Show a progress bar (default: when stderr is a terminal).")
@click.option("--pipeline", "pipeline_spec", envvar="EVENTWIRE_PIPELINE", hidden=True,
              help="module:attr of another pipeline (tests and benchmarks).")
def ingest(paths: tuple[str, ...], db: str | None, published: str | None, source: str | None,
           progress: bool | None, pipeline_spec: str | None) -> None:
    """Extract events from files, folders, feeds or - (stdin) and store them (idempotent)."""
    from tqdm import tqdm

    from eventwire.store.loader import Loader

    store = _open(db)
    try:
        loader = Loader(store, _load_pipeline(pipeline_spec))
        show = sys.stderr.isatty() if progress is None else progress
        with tqdm(desc="ingest", unit=" articles", disable=not show, file=sys.stderr) as bar:
            summary = loader.load_all(_read_paths(paths, published, source),
                                      published=date.fromisoformat(published) if published else None,
                                      source=source, progress=bar)
        totals = store.counts()
    except EventwireError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        store.close()
    for line in summary.lines():
        click.echo(line, err=True)
    click.echo(f"store {store.url.split('@')[-1]}: {totals['articles']} articles, {totals['events']} events, "
               f"{totals['event_sources']} source links, {totals['quarantine']} quarantined", err=True)


def _filters(f: Any) -> Any:
    """Attach the filter options shared by query and export."""
    opts = [
        click.option("--db", help="SQLite file (default ./eventwire.db) or postgresql:// URL."),
        click.option("--country", help="Country name or ISO3 code."),
        click.option("--since", callback=_iso_date, help="Events on or after YYYY-MM-DD."),
        click.option("--until", callback=_iso_date, help="Events on or before YYYY-MM-DD."),
        click.option("--type", "event_type", help="Event type, sub-event type or disorder type."),
        click.option("--actor", help="Text in actor1, actor2 or associated actors (case-insensitive)."),
        click.option("--near", help="Place name (geocoded) or LAT,LON; use with --km."),
        click.option("--km", type=float, default=25.0, show_default=True, help="Radius for --near."),
        click.option("--bbox", help="W,S,E,N in degrees."),
        click.option("--min-fatalities", type=int, help="At least N fatalities (ACLED figure)."),
    ]
    for opt in reversed(opts):
        f = opt(f)
    return f


def _near(place: str) -> tuple[float, float]:
    """Return (lat, lon) of a LAT,LON string or of a place name through the geocoder."""
    parts = place.split(",")
    if len(parts) == 2:
        try:
            return float(parts[0]), float(parts[1])
        except ValueError:
            pass
    try:
        from eventwire.resolve.geocode import Geocoder
    except ImportError:
        raise click.UsageError("--near PLACE needs the geocoder (eventwire.resolve.geocode); give LAT,LON instead") from None
    try:
        found = Geocoder.default().lookup(place)
    except EventwireError as exc:
        raise click.ClickException(f"--near {place!r}: {exc}") from exc
    if isinstance(found, (list, tuple)):
        found = found[0] if found else None
    found = getattr(found, "place", found)
    if found is None or getattr(found, "latitude", None) is None:
        raise click.UsageError(f"--near: no place called {place!r} in the gazetteer")
    return float(found.latitude), float(found.longitude)


def _make_filter(country: str | None, since: str | None, until: str | None, event_type: str | None,
                 actor: str | None, near: str | None, km: float, bbox: str | None, min_fatalities: int | None) -> Any:
    from eventwire.store import EventFilter

    box = None
    if bbox:
        try:
            w, s, e, n = (float(x) for x in bbox.split(","))
        except ValueError:
            raise click.BadParameter("--bbox needs W,S,E,N (four numbers)") from None
        if not (-180 <= w <= 180 and -180 <= e <= 180 and -90 <= s <= n <= 90):
            raise click.BadParameter("--bbox out of range (W,S,E,N in degrees, S <= N)")
        box = (w, s, e, n)
    return EventFilter(country=country, since=since, until=until, event_type=event_type, actor=actor,
                       near=_near(near) if near else None, km=km, bbox=box, min_fatalities=min_fatalities)


@main.command()
@_filters
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
def query(db: str | None, fmt: str, **filters: Any) -> None:
    """Print the stored (merged) events matching the filters."""
    from eventwire.export import event_from_row

    flt = _make_filter(**filters)
    store = _open(db)
    try:
        rows = store.events(flt)
    except EventwireError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        store.close()
    if fmt == "json":
        click.echo(json.dumps([event_from_row(r).to_dict() for r in rows], ensure_ascii=False, indent=1))
    elif fmt == "csv":
        w = csv.DictWriter(sys.stdout, fieldnames=list(EVENT_FIELDS), lineterminator="\n")
        w.writeheader()
        for r in rows:
            d = event_from_row(r).to_dict()
            d["assoc_actors"] = "; ".join(d["assoc_actors"])
            d["evidence"] = json.dumps(d["evidence"], ensure_ascii=False)
            w.writerow(d)
    else:
        _table(rows)
    click.echo(f"{len(rows)} events", err=True)


def _table(rows: list[dict[str, Any]]) -> None:
    """Print rows as an aligned text table."""
    cells = [[str(r.get(c) if r.get(c) is not None else "") for c in _TABLE_COLUMNS] for r in rows]
    widths = [min(40, max([len(c)] + [len(row[i]) for row in cells])) for i, c in enumerate(_TABLE_COLUMNS)]
    click.echo("  ".join(c.ljust(w) for c, w in zip(_TABLE_COLUMNS, widths)).rstrip())
    for row in cells:
        click.echo("  ".join(v[:w].ljust(w) for v, w in zip(row, widths)).rstrip())


@main.command()
@_filters
@click.option("--format", "fmt", type=click.Choice(["acled", "ucdp", "geojson", "parquet", "jsonl"]), required=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Output file (default stdout; required for parquet).")
def export(db: str | None, fmt: str, out: Path | None, **filters: Any) -> None:
    """Write the stored events as ACLED/UCDP CSV, GeoJSON, Parquet or JSONL (extensions in <out>.ext.csv)."""
    from eventwire.export import export as run_export

    flt = _make_filter(**filters)
    store = _open(db)
    try:
        report = run_export(store, fmt, out, flt)
    except EventwireError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        store.close()
    click.echo(report.message(), err=True)
    for f in report.files:
        click.echo(f"wrote {f}", err=True)
