"""`eventwire extract`: events of one article (or each article of a file) printed as JSON, a table or CSV."""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import Any, Iterator

import click

from ..errors import EventwireError, InputError
from ..types import Article, Event
from . import main

FORMATS = ("json", "jsonl", "table", "acled-csv")


def _published(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date in YYYY-MM-DD form", param_hint="--published")


@main.command("extract")
@click.argument("path")
@click.option("--published", help="Publication date YYYY-MM-DD; relative dates resolve against it.")
@click.option("--source", help="Outlet name recorded on each event.")
@click.option("--url", help="Source URL recorded on each event.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="json", show_default=True)
@click.option("--explain", is_flag=True, help="Show each event with its supporting sentences, matched words highlighted.")
@click.option("--model", default=None, help="spaCy pipeline name (default: the pinned en_core_web_sm).")
def extract_cmd(path: str, published: str | None, source: str | None, url: str | None, fmt: str,
                explain: bool, model: str | None) -> None:
    """Extract event records from PATH (a text, HTML, JSONL, feed or WARC file; - for stdin)."""
    from ..pipeline import load_pipeline

    pub = _published(published)
    pipe = load_pipeline(model)
    documents: list[dict[str, Any]] = []  # --format json: one object, or an array for several articles
    read = 0
    for name, result in _results(path, pub, source, url, pipe):
        if isinstance(result, str):
            click.echo(f"eventwire: {name}: {result}", err=True)
            continue
        read += 1
        article, analysis = result
        if fmt == "json":
            documents.append({"article": article.to_dict(), "events": [e.to_dict() for e in analysis.events]})
        else:
            _print(article, analysis.events, fmt)
        if explain:  # with JSON on stdout, the explanation goes to stderr
            click.echo(_explain(article, analysis), err=fmt == "json")
    if not read:
        sys.exit(2)
    if fmt == "json":
        out = documents[0] if len(documents) == 1 else documents
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))


def _results(path: str, pub: dt.date | None, source: str | None, url: str | None, pipe: Any) -> Iterator[tuple[str, Any]]:
    """Yield (origin, (Article, Analysis)) or (origin, reason) for each document of PATH."""
    from ..ingest import Skipped, read_path, read_stream

    docs = read_stream(sys.stdin.buffer, name="-", published=pub, source=source, url=url) if path == "-" \
        else read_path(path, published=pub, source=source, url=url)
    try:
        for doc in docs:
            if isinstance(doc, Skipped):
                yield doc.origin, doc.reason
                continue
            try:
                article = pipe.clean(doc.text, published=doc.published or pub, source=doc.source or source,
                                     url=doc.url or url, title=doc.title)
                yield doc.origin, (article, pipe.analyse(article))
            except InputError as exc:
                yield doc.origin, str(exc)
    except (OSError, EventwireError) as exc:
        yield path, str(exc)


def _print(article: Article, events: list[Event], fmt: str) -> None:
    if fmt == "jsonl":
        for e in events:
            click.echo(json.dumps(e.to_dict(), ensure_ascii=False))
    elif fmt == "table":
        click.echo(_table(events))
    else:
        from ..export import write_acled_csv

        report = write_acled_csv(events, sys.stdout)
        if report.left_out:
            click.echo(report.message(), err=True)


TABLE_COLS = ("role", "event_date", "time_precision", "event_type", "sub_event_type", "actor1", "actor2",
              "location", "country", "geo_precision", "fatalities", "confidence")


def _table(events: list[Event]) -> str:
    """Return a plain fixed-width table of the events (one line each)."""
    rows = [[_cell(getattr(e, c)) for c in TABLE_COLS] for e in events]
    heads = [c.replace("_precision", "_prec") for c in TABLE_COLS]
    widths = [min(28, max([len(h)] + [len(r[i]) for r in rows])) for i, h in enumerate(heads)]
    line = lambda cells: "  ".join(c[:w].ljust(w) for c, w in zip(cells, widths))  # noqa: E731
    out = [line(heads), line(["-" * w for w in widths])] + [line(r) for r in rows]
    if not rows:
        out.append("(no events)")
    return "\n".join(out)


def _cell(v: Any) -> str:
    return "" if v is None else str(v)


def _explain(article: Article, analysis: Any) -> str:
    """Return each event with its supporting sentences, the matched words in [[brackets]]."""
    text = article.text
    lines = []
    for i, e in enumerate(analysis.events, 1):
        lines.append(f"\n#{i} {e.role} · {e.event_type} / {e.sub_event_type} · {e.event_date} (prec {e.time_precision})"
                     f" · {e.actor1} vs {e.actor2 or '-'} · {e.location or e.country} · deaths {e.fatalities}")
        marks = [(ev.start, ev.end, ev.field) for ev in e.evidence if ev.field != "event"]
        for ev in e.evidence:
            if ev.field == "event":
                lines.append("   " + _highlight(text, ev.start, ev.end, marks))
        for ev in e.evidence:
            if ev.field != "event":
                lines.append(f"     {ev.field:<14} {ev.text!r} @{ev.start}-{ev.end}")
    for span, reason in analysis.rejected:
        lines.append(f"\n(rejected: {reason}) {span.text}")
    return "\n".join(lines)


def _highlight(text: str, start: int, end: int, marks: list[tuple[int, int, str]]) -> str:
    inside = sorted((s, e) for s, e, _ in marks if start <= s and e <= end)
    out, pos = [], start
    for s, e in inside:
        if s < pos:
            continue
        out += [text[pos:s], "[[", text[s:e], "]]"]
        pos = e
    out.append(text[pos:end])
    return "".join(out)
