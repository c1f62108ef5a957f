"""`eventwire eval` and `eventwire bench`: thin commands over eventwire.evaluate and eventwire.bench."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from eventwire.cli import main


@main.command("eval")
@click.argument("gold", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--report", "fmt", type=click.Choice(["md", "json", "html"]), default="md",
              show_default=True, help="Report format.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the report to this file instead of stdout (a file with "
                   "<!-- eval-report:start/end --> markers gets only that region replaced).")
@click.option("--limit", type=click.IntRange(min=1), default=None,
              help="Score only the first N rows of each gold file.")
@click.option("--show-errors", "show_errors", type=click.IntRange(min=0), default=0,
              help="Print the N worst rows, gold and predicted fields side by side.")
@click.option("--update-floors", "floors_file", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Raise the floors in this quality-floors.json to measured - margin "
                                 "(without GOLD files: measured on the floors' own corpus).")
@click.option("--margin", type=float, default=0.02, show_default=True,
              help="Margin below the measured value for --update-floors.")
@click.option("--allow-lower", is_flag=True,
              help="Let --update-floors lower floors too (say why in the commit message).")
def eval_command(gold: tuple[Path, ...], fmt: str, output: Path | None, limit: int | None,
                 show_errors: int, floors_file: Path | None, margin: float, allow_lower: bool) -> None:
    """Score the pipeline on gold files (default: dev set, shared articles, bundled examples).

    GOLD files are .jsonl (single-event dev rows or full-article rows) or .json (one article or a
    list). The last line printed is `SCORE n=... detected=... event_f1=... ...`.
    """
    from eventwire._eval_report import show_errors as render_errors
    from eventwire.evaluate import ROOT, default_gold_paths, evaluate, load_docs

    paths = list(gold)
    if not paths and floors_file is not None and floors_file.exists():
        from eventwire._eval_floors import corpus_paths, load_floors

        paths = corpus_paths(load_floors(floors_file), ROOT)  # floors rest on their own corpus
    paths = paths or default_gold_paths()
    if not paths:
        raise click.UsageError("no gold file given and no default gold set found (../shared)")
    docs = load_docs(paths, limit=limit)
    print(f"eval: {len(docs)} gold rows from {len(paths)} file(s); loading pipeline", file=sys.stderr)
    result = evaluate(docs, sources=[_rel(p, ROOT) for p in paths])
    text = result.report(fmt)
    if output is not None:
        output.write_text(_splice(output, text), encoding="utf-8")
    else:
        click.echo(text, nl=False)
    if show_errors:
        click.echo(render_errors(result, show_errors))
    if floors_file is not None:
        _update_floors(result, floors_file, margin, allow_lower)
    click.echo(result.score_line())


def _rel(path: Path, root: Path) -> str:
    """Return the path relative to the repository when it is near it (as written in docs)."""
    import os

    rel = os.path.relpath(Path(path).resolve(), root)
    return rel if not rel.startswith("../../") else str(path)


MARK_START, MARK_END = "<!-- eval-report:start -->", "<!-- eval-report:end -->"


def _splice(path: Path, report: str) -> str:
    """Return the file's text with the marked region replaced by the report (or just the report)."""
    if not path.exists():
        return report
    old = path.read_text(encoding="utf-8")
    i, j = old.find(MARK_START), old.find(MARK_END)
    if i < 0 or j < i:
        return report
    return old[: i + len(MARK_START)] + "\n" + report + old[j:]


def _update_floors(result: object, path: Path, margin: float, allow_lower: bool = False) -> None:
    """Raise the floors of a quality-floors.json to the measured figures minus a margin."""
    import json

    from eventwire._eval_floors import load_floors, raise_floors

    floors = load_floors(path) if path.exists() else {"floors": {}}
    from eventwire.evaluate import ROOT

    new = raise_floors(result, floors, margin, allow_lower, root=ROOT)  # type: ignore[arg-type]
    path.write_text(json.dumps(new, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"eval: floors written to {path}", file=sys.stderr)


@main.command("bench")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--workers", type=click.IntRange(min=1), default=2, show_default=True,
              help="Worker processes for the parallel run (each builds the pipeline once).")
@click.option("--baseline", is_flag=True,
              help="Also time plain spaCy and a bare pyahocorasick scan on the same texts.")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Use only N texts.")
@click.option("--repeat", type=click.IntRange(min=1), default=3, show_default=True,
              help="Timed passes over the corpus per measurement (steadier figures).")
@click.option("--warmup", type=click.IntRange(min=0), default=1, show_default=True,
              help="Untimed passes first (the first is reported as first_pass_words_per_s).")
def bench_command(paths: tuple[Path, ...], workers: int, baseline: bool, limit: int | None,
                  repeat: int, warmup: int) -> None:
    """Measure throughput, peak memory and cold start on a corpus.

    PATHS are text files, directories of .txt files, or .jsonl files with a "text" key (default:
    whole news articles, the bundled examples plus ../shared's example articles; pass
    ../shared/data/gold/dev.jsonl for short summaries and headlines). The last line printed is
    `BENCH articles_per_s=... words_per_s=... rss_mb=... cold_start_s=... vs_spacy=... vs_ceiling=...
    first_pass_words_per_s=...`. Throughput is timed after the warm-up passes, as in a long job.
    """
    from eventwire.bench import default_corpus, load_corpus, run_bench

    texts = load_corpus(paths) if paths else default_corpus()
    if limit:
        texts = texts[:limit]
    if not texts:
        raise click.UsageError("empty corpus")
    report = run_bench(texts, workers=workers, baseline=baseline, repeat=repeat, warmup=warmup)
    click.echo(report.render())
    click.echo(report.bench_line())
