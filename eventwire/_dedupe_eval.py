"""Pairwise evaluation of event clustering on a dedup corpus (``eventwire dedup-eval``).

The corpus is JSONL, one group per line (see tests/dedup/build_corpus.py): a "cluster" group lists
records of one event, a "negative" group lists records of different events. All records are pooled
and clustered together, so a false merge across groups counts as much as one inside a group.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

from eventwire.errors import InputError

Record = dict[str, Any]

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent / "tests" / "dedup" / "clusters.jsonl"


@dataclass
class DedupReport:
    """Pairwise figures of one clustering run against the gold groups."""

    records: int
    gold_pairs: int
    predicted_pairs: int
    true_pairs: int
    hard_negative_pairs: int
    hard_negative_merged: int
    false_pairs: list[tuple[str, str]] = field(default_factory=list)
    missed_pairs: list[tuple[str, str]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.true_pairs / self.predicted_pairs if self.predicted_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.true_pairs / self.gold_pairs if self.gold_pairs else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def line(self) -> str:
        """Return the one-line summary printed by ``eventwire dedup-eval``."""
        return (f"DEDUP pairs={self.gold_pairs} precision={self.precision:.3f} recall={self.recall:.3f} "
                f"f1={self.f1:.3f}")


def load_corpus(path: Path) -> tuple[list[Record], list[str], list[Record]]:
    """Return (records, gold label per record, groups) from a corpus file; InputError when unreadable."""
    if not path.is_file():
        raise InputError(f"dedup corpus not found: {path}", code="E101")
    records: list[Record] = []
    labels: list[str] = []
    groups: list[Record] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            g = json.loads(line)
            recs = g["records"]
            kind, gid = g["kind"], str(g["group"])
        except (ValueError, KeyError, TypeError) as exc:
            raise InputError(f"{path}:{n}: not a dedup corpus group ({exc})", code="E102") from exc
        groups.append(g)
        for i, r in enumerate(recs):
            records.append(r)
            labels.append(gid if kind == "cluster" else f"{gid}/{i}")
    return records, labels, groups


def _hard_negative_pairs(records: list[Record], labels: list[str], groups: list[Record]) -> set[tuple[int, int]]:
    """Return the index pairs the corpus marks as hard negatives (inside a negative group or against)."""
    by_group: dict[str, list[int]] = {}
    for i, lab in enumerate(labels):
        by_group.setdefault(lab.split("/")[0], []).append(i)
    pairs: set[tuple[int, int]] = set()
    for g in groups:
        if g["kind"] != "negative":
            continue
        mine = by_group.get(str(g["group"]), [])
        pairs.update(combinations(mine, 2))
        for i in mine:
            pairs.update((min(i, j), max(i, j)) for j in by_group.get(str(g.get("against")), []))
    return pairs


def evaluate(records: list[Record], labels: list[str], clusters: list[list[int]],
             hard_negatives: set[tuple[int, int]] | None = None) -> DedupReport:
    """Return pairwise precision/recall of predicted clusters against gold labels."""
    gold = {(i, j) for i, j in combinations(range(len(records)), 2) if labels[i] == labels[j]}
    pred = {(min(i, j), max(i, j)) for c in clusters for i, j in combinations(c, 2)}
    hard = hard_negatives or set()
    ids = [str(r.get("event_id")) for r in records]
    return DedupReport(
        records=len(records), gold_pairs=len(gold), predicted_pairs=len(pred), true_pairs=len(gold & pred),
        hard_negative_pairs=len(hard), hard_negative_merged=len(hard & pred),
        false_pairs=sorted((ids[i], ids[j]) for i, j in pred - gold),
        missed_pairs=sorted((ids[i], ids[j]) for i, j in gold - pred),
    )


def evaluate_corpus(path: Path | None = None, threshold: float | None = None) -> DedupReport:
    """Cluster every record of a corpus and return the pairwise report."""
    from eventwire.dedupe import MATCH_THRESHOLD, cluster_events

    records, labels, groups = load_corpus(path or DEFAULT_CORPUS)
    clusters = cluster_events(records, threshold=MATCH_THRESHOLD if threshold is None else threshold)
    return evaluate(records, labels, clusters, _hard_negative_pairs(records, labels, groups))
