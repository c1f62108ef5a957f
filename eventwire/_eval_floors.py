"""Quality floors: the committed minimum per figure (``quality-floors.json``), checked in CI.

Floors apply to 0-1 figures where higher is better. Raising a floor is a normal commit; lowering one
needs a reason in the commit message, so ``raise_floors`` never lowers unless asked to.
"""

from __future__ import annotations

import hashlib
import json
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from eventwire.evaluate import EvalResult

__all__ = ["FLOOR_FIGURES", "load_floors", "check_floors", "raise_floors", "fingerprint",
           "corpus_paths"]

# Figures that may carry a floor (fractions, higher is better).
FLOOR_FIGURES = ("detected", "event_precision", "event_recall", "event_f1", "type", "subtype_wf1",
                 "date", "date_1d", "country", "admin1", "km10", "km25", "km50", "fatalities",
                 "fatalities_1", "actor1", "actor2", "role")


def fingerprint(path: str | Path) -> str:
    """Return the sha256 of a gold file (the corpus the floors were measured on)."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def load_floors(path: str | Path) -> dict[str, Any]:
    """Return the parsed floors file."""
    return json.loads(Path(path).read_text(encoding="utf-8"))


def corpus_paths(floors: dict[str, Any], root: Path) -> list[Path]:
    """Return the gold files the floors are measured on (``corpus`` keys, relative to the repo)."""
    return [(root / rel).resolve() for rel in floors.get("corpus") or {}]


def check_floors(result: "EvalResult", floors: dict[str, Any]) -> list[str]:
    """Return one message per figure below its floor (an empty list means all floors hold)."""
    failures = []
    for scope, table in (floors.get("floors") or {}).items():
        figs = result.figures(None if scope == "overall" else scope)
        for name, floor in table.items():
            if name.startswith("_") or name not in FLOOR_FIGURES:
                continue
            fig = figs.get(name)
            value = None if fig is None else fig.value
            if value is None:
                if floor > 0:
                    failures.append(f"{scope}.{name}: na (no rows), floor {floor}")
            elif value + 1e-9 < floor:
                failures.append(f"{scope}.{name}: {value:.3f} < floor {floor} (n={fig.n})")
    return failures


def raise_floors(result: "EvalResult", floors: dict[str, Any], margin: float = 0.02,
                 allow_lower: bool = False, root: Path | None = None) -> dict[str, Any]:
    """Return floors set to measured value minus ``margin`` and one row's worth (1/n).

    Existing floors are never lowered unless ``allow_lower``.
    """
    out = json.loads(json.dumps(floors))
    table = out.setdefault("floors", {})
    if root is not None:  # re-record the fingerprints of the corpus the floors now rest on
        out["corpus"] = {rel: fingerprint(root / rel) if (root / rel).exists() else digest
                         for rel, digest in (out.get("corpus") or {}).items()}
    for scope in ["overall", *result.datasets()]:
        figs = result.figures(None if scope == "overall" else scope)
        cur = table.setdefault(scope, {})
        for name in FLOOR_FIGURES:
            fig = figs.get(name)
            if fig is None or fig.value is None:
                continue
            # A floor tolerates the margin plus one row flipping, so small sets are not flaky.
            new = max(0.0, math.floor((fig.value - margin - 1.0 / max(fig.n, 1)) * 1000) / 1000)
            old = cur.get(name, 0.0)
            cur[name] = new if allow_lower else max(old, new)
    return out

