"""The pipeline on the team's example articles: each gold main event is found with its type, and
the no-event analysis piece yields nothing. Expectations come from the gold files themselves."""

from __future__ import annotations

import json

import pytest

import eventwire

from .conftest import EXAMPLES

GOLD = sorted(EXAMPLES.glob("*.gold.json"))
# Known misses, kept visible (strict: the test fails once they start passing, so the mark goes).
KNOWN: dict[str, str] = {}


def _load(path):
    g = json.loads(path.read_text(encoding="utf-8"))
    return g, eventwire.load_pipeline().extract(g["text"], published=g["publication_date"])[1]


@pytest.mark.parametrize("path", GOLD, ids=[p.name.split(".")[0] for p in GOLD])
def test_gold_main_events_are_found_with_their_type(path, request):
    g, events = _load(path)
    if g["id"] in KNOWN:
        request.applymarker(pytest.mark.xfail(reason=KNOWN[g["id"]], strict=True))
    want = [(e["event_type"], e["sub_event_type"]) for e in g["events"] if e["role"] == "main"]
    got = [(e.event_type, e.sub_event_type) for e in events if e.role == "main"]
    for w in want:
        assert w in got, f"{g['id']}: {w} not among {got}"
    if not want:
        assert events == []


@pytest.mark.parametrize("path", GOLD, ids=[p.name.split(".")[0] for p in GOLD])
def test_non_events_never_support_a_record(path):
    g, events = _load(path)
    text = g["text"]
    for frag in g["non_events"]:
        start = text.index(frag)
        end = start + len(frag)
        for e in events:
            for ev in e.evidence:
                if ev.field in ("event", "event_type"):
                    assert not (start <= ev.start and ev.end <= end), f"{frag!r} supports {e.event_type}"
