"""Render evaluation results: Markdown / JSON / HTML reports and the --show-errors listing."""

from __future__ import annotations

import html
import json
import math
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from eventwire.evaluate import EvalResult, Figure

__all__ = ["render", "figure_table", "show_errors"]

FIGURE_HELP = {
    "n": "gold rows (texts) evaluated",
    "detected": "single-event rows with at least one predicted event",
    "event_precision": "articles: matched / predicted events (excluded_events neutral)",
    "event_recall": "articles: matched / gold events",
    "event_f1": "articles: F1 of event precision and recall",
    "non_events_coded": "articles: non_events fragments a false alarm was coded from",
    "type": "matched pairs: event type agrees (GTD mapped types, UCDP violence type)",
    "subtype_wf1": "matched pairs: sub_event_type F1, weighted by gold support",
    "date": "matched pairs: event_date exact (month gold: same month)",
    "date_1d": "matched pairs: date within 1 day or inside the gold window",
    "country": "matched pairs: same country",
    "admin1": "matched pairs: same first-level unit",
    "km10": "matched pairs: point within 10 km of gold",
    "km25": "matched pairs: point within 25 km of gold",
    "km50": "matched pairs: point within 50 km of gold",
    "km_median": "matched pairs: median km to the gold point (no point = inf)",
    "fatalities": "matched pairs: fatalities exact",
    "fatalities_1": "matched pairs: fatalities within 1",
    "fatalities_mae": "matched pairs: mean absolute fatality error",
    "actor1": "matched pairs: gold actor1 found (alias-normalised)",
    "actor2": "matched pairs: gold actor2 found (alias-normalised)",
    "role": "articles: main/background role agrees",
}


def _cell(f: "Figure", key: str) -> str:
    if key == "n":
        return str(f.n)
    if f.value is None:
        return "na"
    if key in ("km_median", "fatalities_mae"):
        v = "inf" if math.isinf(f.value) else f"{f.value:.1f}"
    else:
        v = f"{f.value:.3f}"
    return f"{v} ({f.n})"


def figure_table(result: "EvalResult") -> tuple[list[str], list[list[str]]]:
    """Return the header and rows of the figures table (value and row count per dataset)."""
    from eventwire.evaluate import FIGURES

    cols = result.datasets()
    per = {ds: result.figures(ds) for ds in cols}
    per["overall"] = result.figures()
    header = ["figure", *cols, "overall"]
    body = [[k, *(_cell(per[c][k], k) for c in [*cols, "overall"])] for k in ("n", *FIGURES)]
    return header, body


def _md_table(header: list[str], body: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(r) + " |" for r in body]
    return "\n".join(lines)


def _md(result: "EvalResult") -> str:
    from eventwire.evaluate import error_classes

    data = result.to_json()
    header, body = figure_table(result)
    out = [
        "## Figures",
        "",
        f"{data['rows']} gold rows from {', '.join(result.sources) or 'given documents'}; "
        f"{data['seconds']} s; input errors {data['pipeline_errors']}, "
        f"pipeline crashes {data['pipeline_crashes']}.",
        "Each cell: value (rows or pairs it rests on). Overall leaves out UCDP places and counts "
        "(weak labels).",
        "",
        _md_table(header, body),
        "",
        "## Most common error classes",
        "",
        _md_table(["error class", "count"],
                  [[k, str(v)] for k, v in error_classes(result.rows).most_common(25)]),
        "",
        "```",
        result.score_line(),
        "```",
    ]
    return "\n".join(out) + "\n"


def _html(result: "EvalResult") -> str:
    from eventwire.evaluate import error_classes

    def table(header: list[str], body: list[list[str]]) -> str:
        h = "".join(f"<th>{html.escape(c)}</th>" for c in header)
        rows = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>"
                       for r in body)
        return f"<table><thead><tr>{h}</tr></thead><tbody>{rows}</tbody></table>"

    header, body = figure_table(result)
    errs = [[k, str(v)] for k, v in error_classes(result.rows).most_common(25)]
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>eventwire evaluation</title>"
        "<style>body{font-family:sans-serif}td,th{border:1px solid #ccc;padding:2px 6px}"
        "table{border-collapse:collapse;margin-bottom:1em}</style></head><body>"
        f"<h1>eventwire evaluation</h1><p>{len(result.rows)} gold rows, {result.seconds:.1f} s</p>"
        f"<h2>Figures</h2>{table(header, body)}<h2>Most common error classes</h2>"
        f"{table(['error class', 'count'], errs)}<pre>{html.escape(result.score_line())}</pre>"
        "</body></html>\n"
    )


def render(result: "EvalResult", fmt: str = "md") -> str:
    """Return the report in the format md, json or html."""
    if fmt == "json":
        return json.dumps(result.to_json(), indent=1, ensure_ascii=False) + "\n"
    if fmt == "html":
        return _html(result)
    if fmt == "md":
        return _md(result)
    raise ValueError(f"unknown report format {fmt!r} (md, json, html)")


_SHOWN = ("type", "subtype", "date", "actor1", "actor2", "country", "admin1", "location",
          "lat_lon", "fatalities", "role")


def _pred_brief(p: dict[str, Any]) -> dict[str, Any]:
    lat, lon = p.get("latitude"), p.get("longitude")
    return {
        "type": p.get("event_type"), "subtype": p.get("sub_event_type"), "date": p.get("event_date"),
        "actor1": p.get("actor1"), "actor2": p.get("actor2"), "country": p.get("country"),
        "admin1": p.get("admin1"), "location": p.get("location"),
        "lat_lon": None if lat is None or lon is None else f"{lat:.4f},{lon:.4f}",
        "fatalities": p.get("fatalities"), "role": p.get("role"),
    }


_CHECK_OF = {"type": "type", "date": "date", "actor1": "actor1", "actor2": "actor2",
             "country": "country", "admin1": "admin1", "lat_lon": "km25", "fatalities": "fatalities",
             "role": "role"}


def _wrong(field_name: str, gold: dict[str, Any], pred: dict[str, Any], checks: dict[str, Any]) -> bool:
    """Return whether the harness scored this field of a matched pair wrong."""
    if field_name == "subtype":
        return gold.get("subtype") is not None and gold.get("subtype") != pred.get("subtype")
    key = _CHECK_OF.get(field_name)
    return key is not None and checks.get(key) is False


def _evidence_line(pred: dict[str, Any], text: str) -> str:
    """Return the prediction's trigger (or first evidence) as it reads in the gold text."""
    spans = pred.get("_spans") or []
    trig = [sp for sp in spans if sp[2] == "event_type"] or [sp for sp in spans if sp[2] == "event"] or spans
    if not trig:
        return "    evidence: none"
    s, e, f = trig[0]
    lo, hi = max(0, s - 60), min(len(text), e + 60)
    ctx = " ".join(text[lo:hi].split())
    return f"    evidence ({f} {s}-{e}): {text[s:e]!r} in ...{ctx}..."


def _side_by_side(gold: dict[str, Any] | None, pred: dict[str, Any] | None, note: str,
                  checks: dict[str, Any] | None = None) -> list[str]:
    out = [f"  {note}", f"    {'field':<11} {'gold':<38} predicted"]
    for k in _SHOWN:
        g = "" if gold is None else str(gold.get(k))
        p = "" if pred is None else str(pred.get(k))
        mark = "*" if gold and pred and checks is not None and _wrong(k, gold, pred, checks) else " "
        out.append(f"   {mark}{k:<11} {g[:38]:<38} {p[:60]}")
    return out


def show_errors(result: "EvalResult", n: int, width: int = 600) -> str:
    """Return the n worst rows: text, then gold and predicted fields side by side."""
    out: list[str] = []
    for r in result.worst(n):
        text = " ".join(r.doc.text.split())
        more = "..." if len(text) > width else ""
        out.append(f"=== {r.doc.id} [{r.doc.dataset}] score={r.score():.2f} "
                   f"predicted={len(r.preds)}" + (f" error={r.error}" if r.error else ""))
        out.append(f"  text: {text[:width]}{more}")
        for p in r.pairs:
            km = p.checks.get("km")
            kms = "" if km is None else f" km={'inf' if math.isinf(km) else f'{km:.0f}'}"
            out += _side_by_side(p.gold.brief(), _pred_brief(p.pred),
                                 f"matched sim={p.sim:.2f}{kms} (* = scored wrong)", p.checks)
            out.append(_evidence_line(p.pred, r.doc.text))
        for g in r.missed:
            out += _side_by_side(g.brief(), None, "missed gold event")
        for p in r.false_alarms:
            out += _side_by_side(None, _pred_brief(p), "false alarm")
            out.append(_evidence_line(p, r.doc.text))
        out.append("")
    return "\n".join(out)
