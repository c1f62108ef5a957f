"""`eventwire dedup-eval`: pairwise precision/recall of event clustering on a dedup corpus."""

from __future__ import annotations

import json
from pathlib import Path

import click

from eventwire.cli import main
from eventwire.errors import EventwireError


@main.command("dedup-eval")
@click.argument("path", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--threshold", type=click.FloatRange(0.0, 1.0), default=None,
              help="Pair score needed to merge (default: eventwire.dedupe.MATCH_THRESHOLD).")
@click.option("--show-errors", is_flag=True, help="List the falsely merged and the missed pairs.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as one JSON object before the line.")
def dedup_eval(path: Path | None, threshold: float | None, show_errors: bool, as_json: bool) -> None:
    """Cluster every record of a dedup corpus (default: tests/dedup/clusters.jsonl) and score pairs.

    The last line printed is `DEDUP pairs=... precision=... recall=... f1=...` (pairs = gold
    duplicate pairs).
    """
    from eventwire._dedupe_eval import evaluate_corpus

    try:
        report = evaluate_corpus(path, threshold)
    except EventwireError as exc:
        raise click.ClickException(str(exc)) from exc
    if show_errors:
        for a, b in report.false_pairs:
            click.echo(f"false merge: {a} ~ {b}")
        for a, b in report.missed_pairs:
            click.echo(f"missed:      {a} ~ {b}")
    click.echo(f"records={report.records} predicted_pairs={report.predicted_pairs} "
               f"hard_negative_pairs={report.hard_negative_pairs} "
               f"hard_negatives_merged={report.hard_negative_merged}")
    if as_json:
        click.echo(json.dumps({
            "records": report.records, "gold_pairs": report.gold_pairs,
            "predicted_pairs": report.predicted_pairs, "true_pairs": report.true_pairs,
            "precision": round(report.precision, 4), "recall": round(report.recall, 4),
            "f1": round(report.f1, 4), "hard_negative_pairs": report.hard_negative_pairs,
            "hard_negatives_merged": report.hard_negative_merged,
        }))
    click.echo(report.line())
