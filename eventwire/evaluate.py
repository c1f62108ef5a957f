"""Score the pipeline against gold events: ``eventwire eval``.

Runs the pipeline on each gold text, pairs predicted with gold events by an optimal assignment on a
similarity of type, date, place, count and evidence position, and computes the figures of issue 4 per
dataset (ACLED / GTD / UCDP / articles) and overall. ``docs/quality.md`` explains every figure.

    result = evaluate(docs)            # docs from read_gold(); pipeline built once
    print(result.report("md")); print(result.score_line())
"""

from __future__ import annotations

import math
import statistics
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from eventwire._eval_compare import (
    country_iso3,
    date_checks,
    day_distance,
    point_distance,
    same_actor,
    same_admin1,
    same_country,
)
from eventwire._eval_gold import DATASETS, GoldDoc, GoldEvent, read_gold
from eventwire._eval_match import assign_max_similarity
from eventwire.errors import InputError

__all__ = [
    "evaluate",
    "EvalResult",
    "RowResult",
    "PairResult",
    "read_gold",
    "default_gold_paths",
    "load_docs",
    "predicted_ucdp_type",
    "SCORE_FIGURES",
    "MATCH_THRESHOLD",
]

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"

# Minimum similarity for an article gold/predicted pair to count as a match (below: a miss plus a
# false alarm). Single-event rows always pair the gold event with the best prediction.
MATCH_THRESHOLD = 0.4
# Similarity weights; a component the gold does not code is left out and the rest renormalised.
SIM_WEIGHTS = {"type": 0.3, "date": 0.2, "place": 0.2, "count": 0.1, "evidence": 0.2}
# UCDP headlines are article titles: their places and counts are weak labels (gold README), kept per
# dataset but left out of the overall figures.
WEAK = {"UCDP": {"admin1", "km10", "km25", "km50", "km_median", "fatalities", "fatalities_1",
                 "fatalities_mae"}}
SCORE_FIGURES = ("n", "detected", "event_f1", "type", "subtype_wf1", "date", "country", "admin1",
                 "km25", "km50", "fatalities", "actor1", "role")
FIGURES = ("detected", "event_precision", "event_recall", "event_f1", "non_events_coded", "type",
           "subtype_wf1", "date", "date_1d", "country", "admin1", "km10", "km25", "km50",
           "km_median", "fatalities", "fatalities_1", "fatalities_mae", "actor1", "actor2", "role")
_UCDP_NAMES = {1: "state-based conflict", 2: "non-state conflict", 3: "one-sided violence"}
_PAIR_CHECKS = ("type", "date", "country", "admin1", "km50", "fatalities", "actor1")
# Evidence fields locating the event itself, most precise first (assemble: "event_type" = trigger,
# "event" = its sentence).
_ANCHOR_FIELDS = ({"event_type", "sub_event_type", "trigger"}, {"event"})


class Pipeline(Protocol):
    """What evaluate() needs from a pipeline: eventwire.load_pipeline() or a test double."""

    def extract(self, text: str, published: Any = None, source: Any = None, url: Any = None,
                title: Any = None) -> tuple[Any, list[Any]]: ...


@dataclass
class PairResult:
    """A gold event, the predicted record paired with it, and the per-field checks."""

    gold: GoldEvent
    pred: dict[str, Any]
    sim: float
    checks: dict[str, Any] = field(default_factory=dict)

    def score(self) -> float:
        """Return the share of applicable headline checks that pass (1.0 when none apply)."""
        vals = [bool(self.checks[k]) for k in _PAIR_CHECKS if self.checks.get(k) is not None]
        return sum(vals) / len(vals) if vals else 1.0


@dataclass
class RowResult:
    """The outcome of one gold document."""

    doc: GoldDoc
    preds: list[dict[str, Any]] = field(default_factory=list)
    pairs: list[PairResult] = field(default_factory=list)
    missed: list[GoldEvent] = field(default_factory=list)
    false_alarms: list[dict[str, Any]] = field(default_factory=list)
    neutral: int = 0  # unmatched predictions on an excluded_events fragment
    non_event_hits: int = 0  # non_events fragments an unmatched prediction was coded from
    error: str | None = None  # InputError message, or a crash
    crashed: bool = False
    seconds: float = 0.0

    @property
    def detected(self) -> bool:
        return bool(self.preds)

    def score(self) -> float:
        """Return a 0-1 row quality used to rank rows for --show-errors."""
        if self.doc.single:
            return self.pairs[0].score() if self.pairs else 0.0
        denom = len(self.doc.events) + len(self.false_alarms)
        if denom == 0:
            return 1.0
        return sum(p.score() for p in self.pairs) / denom


# ---------------------------------------------------------------- predictions


def _event_dict(ev: Any) -> dict[str, Any]:
    return dict(ev.to_dict() if hasattr(ev, "to_dict") else ev)


def _span_positions(article: Any, pred: dict[str, Any], text: str) -> list[tuple[int, int, str]]:
    """Return (start, end, field) of a prediction's evidence in the gold text's offsets."""
    out = []
    same = getattr(article, "text", text) == text
    has_map = bool(getattr(article, "offset_map", ()))
    for e in pred.get("evidence") or []:
        start, end, fld = int(e["start"]), int(e["end"]), str(e.get("field", ""))
        if not same:
            if has_map:
                start, end = article.raw_offset(start), article.raw_offset(end)
            else:  # cleaned text differs without a map: find the quoted text instead
                i = text.find(e.get("text") or "\0")
                if i < 0:
                    continue
                start, end = i, i + len(e["text"])
        out.append((start, end, fld))
    return out


def _anchor_spans(spans: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
    """Return the spans locating the event itself: its trigger, else its sentence, else all spans."""
    for fields in _ANCHOR_FIELDS:
        anchors = [(s, e) for s, e, f in spans if f in fields]
        if anchors:
            return anchors
    return [(s, e) for s, e, _ in spans]


def _overlaps(a: Iterable[tuple[int, int]], b: Iterable[tuple[int, int]]) -> bool:
    bl = list(b)
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in bl)


def run_pipeline(pipe: Pipeline, doc: GoldDoc) -> RowResult:
    """Run the pipeline on one gold document; errors become a row without predictions."""
    row = RowResult(doc=doc)
    t0 = time.perf_counter()
    try:
        article, events = pipe.extract(doc.text, published=doc.published, source=None,
                                       url=doc.url, title=doc.title)
    except InputError as exc:
        row.error = str(exc)
        return row
    except Exception as exc:  # a pipeline bug must not stop the evaluation; it is reported
        row.error, row.crashed = f"{type(exc).__name__}: {exc}", True
        return row
    finally:
        row.seconds = time.perf_counter() - t0
    for ev in events:
        d = _event_dict(ev)
        d["_spans"] = _span_positions(article, d, doc.text)
        row.preds.append(d)
    return row


# ---------------------------------------------------------------- pairing


def predicted_ucdp_type(pred: dict[str, Any]) -> int | None:
    """Return the UCDP type_of_violence our record implies (codebook §8.2), or None (not GED).

    3 when civilians are the target (Violence against civilians, a Civilians actor, civilian
    targeting, or excessive force against protesters); 1 when state forces (at home or abroad)
    are a side; 2 when two other organised actors fight; None for protests, riots, strategic
    developments and one-sided records without civilians.
    """
    etype, sub = pred.get("event_type"), pred.get("sub_event_type")
    types = {pred.get("actor1_type"), pred.get("actor2_type")} - {None, ""}
    if sub == "Excessive force against protesters":
        return 3
    if etype in ("Protests", "Riots", "Strategic developments"):
        return None
    if etype == "Violence against civilians" or "Civilians" in types or pred.get("civilian_targeting"):
        return 3
    if types & {"State forces", "External/Other forces"}:
        return 1
    if pred.get("actor1") and pred.get("actor2"):
        return 2
    return None


def _type_check(g: GoldEvent, p: dict[str, Any], dataset: str) -> bool | None:
    if dataset == "UCDP":
        return None if g.ucdp_type is None else predicted_ucdp_type(p) == g.ucdp_type
    if not g.event_type:
        return None
    ok = {g.event_type} | {t for t, _ in g.accept_types}
    return p.get("event_type") in ok


def _subtype_ok(g: GoldEvent, p: dict[str, Any]) -> bool:
    if p.get("sub_event_type") == g.sub_event_type:
        return True
    return (p.get("event_type"), p.get("sub_event_type")) in g.accept_types


def similarity(g: GoldEvent, p: dict[str, Any], dataset: str,
               gold_spans: Sequence[tuple[int, int]] = ()) -> float:
    """Return a 0-1 similarity of a gold and a predicted event (type, date, place, count, evidence)."""
    parts: dict[str, float] = {}
    t = _type_check(g, p, dataset)
    if t is not None:
        parts["type"] = (1.0 if _subtype_ok(g, p) or not g.sub_event_type else 0.8) if t else 0.0
    if g.event_date:
        dc = date_checks(p.get("event_date"), g.event_date, (g.date_start, g.date_end))
        dd = day_distance(p.get("event_date"), g.event_date)
        parts["date"] = (1.0 if dc and dc[0] else 0.7 if dc and dc[1]
                         else 0.3 if dd is not None and dd <= 7 else 0.0)
    km = point_distance(p.get("latitude"), p.get("longitude"), g.latitude, g.longitude)
    if km is not None and math.isfinite(km):
        parts["place"] = 1.0 if km <= 25 else 0.6 if km <= 100 else 0.3 if km <= 300 else 0.0
    elif g.country:
        parts["place"] = 0.3 if same_country(p.get("country"), p.get("iso3"), g.country) else 0.0
    if g.fatalities is not None:
        pf = int(p.get("fatalities") or 0)
        diff = abs(pf - g.fatalities)
        parts["count"] = (1.0 if diff == 0 else 0.6 if diff <= max(1, 0.2 * g.fatalities)
                          else 0.3 if pf and g.fatalities else 0.0)
    if gold_spans:
        anchors = _anchor_spans(p.get("_spans") or [])
        parts["evidence"] = 1.0 if _overlaps(anchors, gold_spans) else 0.0
    if not parts:
        return 0.0
    total = sum(SIM_WEIGHTS[k] for k in parts)
    return sum(SIM_WEIGHTS[k] * v for k, v in parts.items()) / total


def pair_checks(g: GoldEvent, p: dict[str, Any], dataset: str) -> dict[str, Any]:
    """Return the per-field outcomes of one matched pair (None = the figure does not apply)."""
    c: dict[str, Any] = {"type": _type_check(g, p, dataset)}
    c["subtype"] = (g.sub_event_type, p.get("sub_event_type")) if g.sub_event_type else None
    dc = date_checks(p.get("event_date"), g.event_date, (g.date_start, g.date_end))
    c["date"], c["date_1d"] = (dc if dc else (None, None))
    c["country"] = same_country(p.get("country"), p.get("iso3"), g.country)
    c["admin1"] = same_admin1(p.get("admin1"), g.admin1)
    km = point_distance(p.get("latitude"), p.get("longitude"), g.latitude, g.longitude)
    c["km"] = km
    for lim in (10, 25, 50):
        c[f"km{lim}"] = None if km is None else km <= lim
    if g.fatalities is not None:
        pf = int(p.get("fatalities") or 0)
        c["fatalities"], c["fatalities_1"] = pf == g.fatalities, abs(pf - g.fatalities) <= 1
        c["fatalities_err"] = abs(pf - g.fatalities)
    else:
        c["fatalities"] = c["fatalities_1"] = c["fatalities_err"] = None
    iso = country_iso3(g.country)
    ordered = dataset != "UCDP" and g.event_type == "Violence against civilians"
    for side, other in (("actor1", "actor2"), ("actor2", "actor1")):
        gname = getattr(g, side)
        if not gname:
            c[side] = None
            continue
        ok = same_actor(gname, p.get(side), iso)
        if not ok and not ordered:  # actor order carries no meaning outside VAC (codebook §3)
            ok = same_actor(gname, p.get(other), iso)
        c[side] = ok
    c["role"] = None if not g.role else p.get("role") == g.role
    return c


def match_row(row: RowResult) -> RowResult:
    """Pair the row's gold and predicted events and fill misses, false alarms and non-event hits."""
    doc, preds = row.doc, row.preds
    sims = [[similarity(g, p, doc.dataset, g.spans) for p in preds] for g in doc.events]
    if doc.single:
        if preds and doc.events:
            j = max(range(len(preds)), key=lambda k: sims[0][k])
            row.pairs.append(PairResult(doc.events[0], preds[j], sims[0][j]))
        else:
            row.missed = list(doc.events)
    else:
        matched = assign_max_similarity(sims, MATCH_THRESHOLD) if preds and doc.events else []
        used_g, used_p = {i for i, _, _ in matched}, {j for _, j, _ in matched}
        row.pairs = [PairResult(doc.events[i], preds[j], s) for i, j, s in matched]
        row.missed = [g for i, g in enumerate(doc.events) if i not in used_g]
        for j, p in enumerate(preds):
            if j in used_p:
                continue
            anchors = _anchor_spans(p.get("_spans") or [])
            if anchors and _overlaps(anchors, doc.excluded):
                row.neutral += 1
            else:
                row.false_alarms.append(p)
        row.non_event_hits = sum(
            1 for frag in doc.non_events
            if any(_overlaps(_anchor_spans(p.get("_spans") or []), [frag]) for p in row.false_alarms)
        )
    for pr in row.pairs:
        pr.checks = pair_checks(pr.gold, pr.pred, doc.dataset)
    return row


# ---------------------------------------------------------------- figures


@dataclass
class Figure:
    """One figure: its value (None = na) and the number of rows or pairs it rests on."""

    value: float | None
    n: int

    def fmt(self, digits: int = 3) -> str:
        return "na" if self.value is None else f"{self.value:.{digits}f}"


def _share(vals: Sequence[Any]) -> Figure:
    v = [bool(x) for x in vals if x is not None]
    return Figure(sum(v) / len(v) if v else None, len(v))


def weighted_f1(pairs: Sequence[tuple[str, str | None]]) -> float | None:
    """Return the support-weighted F1 over gold labels of (gold, predicted) label pairs."""
    if not pairs:
        return None
    support = Counter(g for g, _ in pairs)
    predicted = Counter(p for _, p in pairs)
    total = 0.0
    for label, n in support.items():
        tp = sum(1 for g, p in pairs if g == label and p == label)
        prec = tp / predicted[label] if predicted[label] else 0.0
        rec = tp / n
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        total += f1 * n
    return total / len(pairs)


def compute_figures(rows: Sequence[RowResult], dataset: str | None = None) -> dict[str, Figure]:
    """Return every figure over the rows of one dataset (or all rows, minus weak labels)."""
    sel = [r for r in rows if dataset is None or r.doc.dataset == dataset]
    pairs = [(r.doc.dataset, p) for r in sel for p in r.pairs]

    def obs(key: str, fig: str | None = None) -> list[Any]:
        fig = fig or key
        return [p.checks.get(key) for ds, p in pairs
                if dataset is not None or fig not in WEAK.get(ds, ())]

    f: dict[str, Figure] = {"n": Figure(float(len(sel)), len(sel))}
    single = [r for r in sel if r.doc.single]
    f["detected"] = _share([r.detected for r in single])
    arts = [r for r in sel if not r.doc.single]
    tp = sum(len(r.pairs) for r in arts)
    fn = sum(len(r.missed) for r in arts)
    fp = sum(len(r.false_alarms) for r in arts)
    prec = tp / (tp + fp) if tp + fp else None
    rec = tp / (tp + fn) if tp + fn else None
    f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else None  # 0 when nothing is predicted
    f["event_precision"], f["event_recall"] = Figure(prec, tp + fp), Figure(rec, tp + fn)
    f["event_f1"] = Figure(f1, len(arts) if arts else 0)
    n_non = sum(len(r.doc.non_events) for r in arts)
    hits = sum(r.non_event_hits for r in arts)
    f["non_events_coded"] = Figure(hits / n_non if n_non else None, n_non)
    for key in ("type", "date", "date_1d", "country", "admin1", "km10", "km25", "km50",
                "fatalities", "fatalities_1", "actor1", "actor2", "role"):
        f[key] = _share(obs(key))
    subs = [s for s in obs("subtype") if s is not None]
    f["subtype_wf1"] = Figure(weighted_f1(subs), len(subs))
    kms = [k for k in obs("km", "km_median") if k is not None]  # inf = prediction without a point
    f["km_median"] = Figure(statistics.median(kms) if kms else None, len(kms))
    errs = [e for e in obs("fatalities_err", "fatalities_mae") if e is not None]
    f["fatalities_mae"] = Figure(sum(errs) / len(errs) if errs else None, len(errs))
    return f


def error_classes(rows: Sequence[RowResult]) -> Counter[str]:
    """Return counts of error classes (what went wrong, not which row)."""
    c: Counter[str] = Counter()
    for r in rows:
        if r.crashed:
            c["pipeline crashed"] += 1
        if r.doc.single and not r.detected:
            c[f"no event detected ({r.doc.dataset})"] += 1
        c["article: gold event missed"] += len(r.missed) if not r.doc.single else 0
        c["article: false alarm"] += len(r.false_alarms)
        c["article: non-event coded"] += r.non_event_hits
        for p in r.pairs:
            k, g, pr = p.checks, p.gold, p.pred
            if k.get("type") is False:
                if g.ucdp_type is not None:
                    ours = _UCDP_NAMES.get(predicted_ucdp_type(pr) or 0, "not a GED event")
                    c[f"type: UCDP {g.raw_type} -> {ours}"] += 1
                else:
                    c[f"type: {g.event_type} -> {pr.get('event_type')}"] += 1
            if k.get("date") is False:
                c["date: no date" if not pr.get("event_date") else
                  "date: off by 1 day" if k.get("date_1d") else "date: off by more than 1 day"] += 1
            if k.get("country") is False:
                c["country: wrong" if pr.get("country") else "country: none"] += 1
            if k.get("km50") is False:
                c["place: no coordinates" if k.get("km") == math.inf else "place: more than 50 km off"] += 1
            if k.get("fatalities") is False:
                more = int(pr.get("fatalities") or 0) > (g.fatalities or 0)
                c["fatalities: too high" if more else "fatalities: too low"] += 1
            if k.get("actor1") is False:
                c["actor1: missing" if not pr.get("actor1") else "actor1: different actor"] += 1
    return Counter({k: v for k, v in c.items() if v})


def _json_num(x: float | None) -> float | str | None:
    """Return a JSON-safe number ("inf" for an infinite median distance)."""
    return "inf" if x is not None and math.isinf(x) else x


@dataclass
class EvalResult:
    """All row outcomes of one evaluation run, with figures and reports."""

    rows: list[RowResult]
    sources: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def figures(self, dataset: str | None = None) -> dict[str, Figure]:
        """Return the figures of one dataset (ACLED / GTD / UCDP / articles) or overall (None)."""
        return compute_figures(self.rows, dataset)

    def datasets(self) -> list[str]:
        """Return the datasets present, in the canonical order."""
        present = {r.doc.dataset for r in self.rows}
        return [d for d in DATASETS if d in present] + sorted(present - set(DATASETS))

    def score_line(self) -> str:
        """Return the machine-readable SCORE line (overall figures, fractions, na where none apply)."""
        f = self.figures()
        parts = [f"n={len(self.rows)}"] + [f"{k}={f[k].fmt()}" for k in SCORE_FIGURES[1:]]
        return "SCORE " + " ".join(parts)

    def worst(self, n: int) -> list[RowResult]:
        """Return the n rows with the lowest row score (ties: longer texts first)."""
        return sorted(self.rows, key=lambda r: (r.score(), -len(r.doc.text)))[:n]

    def to_json(self) -> dict[str, Any]:
        """Return the report as plain data."""
        per = {ds: self.figures(ds) for ds in self.datasets()}
        per["overall"] = self.figures()
        return {
            "sources": self.sources,
            "rows": len(self.rows),
            "seconds": round(self.seconds, 2),
            "pipeline_errors": sum(1 for r in self.rows if r.error and not r.crashed),
            "pipeline_crashes": sum(1 for r in self.rows if r.crashed),
            "figures": {ds: {k: {"value": _json_num(v.value), "n": v.n} for k, v in figs.items()}
                        for ds, figs in per.items()},
            "error_classes": dict(error_classes(self.rows).most_common()),
            "score": self.score_line(),
        }

    def report(self, fmt: str = "md") -> str:
        """Return the report as Markdown, JSON or HTML."""
        from eventwire._eval_report import render

        return render(self, fmt)


# ---------------------------------------------------------------- running


def default_gold_paths(root: Path | None = None) -> list[Path]:
    """Return the default gold set: the dev rows, the shared articles and the bundled examples."""
    root = root or ROOT
    shared = root.parent / "shared"
    paths = [shared / "data" / "gold" / "dev.jsonl", shared / "examples" / "articles-dev.jsonl"]
    paths += sorted((shared / "examples").glob("*.gold.json"))
    paths += sorted((root / "examples").glob("*.gold.json"))
    paths += sorted((root / "tests" / "golden").glob("*.json"))
    paths += sorted((root / "tests" / "golden").glob("*.jsonl"))
    return [p for p in paths if p.exists()]


def load_docs(paths: Iterable[str | Path], limit: int | None = None,
              root: Path | None = None) -> list[GoldDoc]:
    """Return the gold documents of the files, at most ``limit`` per file, duplicates (same id) once.

    Articles coded by the team inside the repository (``examples/``, ``tests/golden/``) form the
    dataset "examples", kept apart from the independently coded shared "articles".
    """
    root = (root or ROOT).resolve()
    docs: list[GoldDoc] = []
    seen: set[str] = set()
    for path in paths:
        ours = Path(path).resolve().is_relative_to(root)
        for k, d in enumerate(read_gold(path)):
            if limit is not None and k >= limit:
                break
            if d.id in seen:
                continue
            seen.add(d.id)
            if ours and d.dataset == "articles":
                d.dataset = "examples"
            docs.append(d)
    return docs


def _progress(i: int, n: int, t0: float) -> None:
    if i == n or i % 50 == 0:
        print(f"eval: {i}/{n} rows, {time.perf_counter() - t0:.1f}s", file=sys.stderr, flush=True)


def evaluate(docs: Sequence[GoldDoc], pipe: Pipeline | None = None, progress: bool = True,
             sources: Sequence[str] = ()) -> EvalResult:
    """Run the pipeline on every gold document and return the matched results."""
    if pipe is None:
        import eventwire

        pipe = eventwire.load_pipeline()
    t0 = time.perf_counter()
    rows = []
    for i, doc in enumerate(docs, 1):
        rows.append(match_row(run_pipeline(pipe, doc)))
        if progress:
            _progress(i, len(docs), t0)
    return EvalResult(rows=rows, sources=list(sources), seconds=time.perf_counter() - t0)
