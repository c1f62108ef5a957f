"""Cross-source deduplication: near-duplicate articles, then block -> score -> cluster events.

Two passes, as in the issue: (1) syndicated copies of one article are found with MinHash/LSH over
word shingles (datasketch) and linked to their original; (2) event records from different articles
are grouped by blocking keys (country, date window widened by precision, type family group), scored
pairwise (``pair_score``) and clustered with a guard against chaining. ``merge_records`` builds the
canonical record of a cluster; ``match_event`` attaches one new record to existing canonical events.
Records are the flat dicts of ``Event.to_dict()``.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from datasketch import LeanMinHash, MinHash, MinHashLSH

from eventwire._dedupe_merge import merge_records
from eventwire._dedupe_score import (
    country_of,
    date_window,
    is_vague,
    score_details,
    type_families,
)

__all__ = [
    "MINHASH_PERM",
    "MINHASH_SEED",
    "SHINGLE_WORDS",
    "MATCH_THRESHOLD",
    "minhash_signature",
    "signature_similarity",
    "NearDuplicateIndex",
    "block_keys",
    "pair_score",
    "score_details",
    "match_event",
    "merge_records",
    "cluster_events",
]

Record = dict[str, Any]

MINHASH_PERM = 256  # permutations: ~0.025 standard error on a Jaccard estimate near 0.8
MINHASH_SEED = 20241015  # fixed: signatures stored in a database must stay comparable
# Word shingles; an edit of one word changes at most this many shingles. Three words keep a short
# wire copy with a new dateline and one promo line above 0.8 while rewrites of the same story share
# under 5% of their shingles.
SHINGLE_WORDS = 3
# The LSH only proposes candidates; it runs below the decision threshold by this margin so a copy just
# above the threshold is not lost to banding, and the MinHash estimate then decides.
LSH_MARGIN = 0.2
MATCH_THRESHOLD = 0.62  # pair score at or above which two event records describe one event
# Chaining guard: two clusters join only when the mean score of all their cross pairs stays at or
# above this and no cross pair breaks a hard constraint (score 0).
LINK_MEAN_THRESHOLD = 0.55
# match_event: a vague record (month-level date, no place) is not attached when a second candidate
# scores within this margin of the best one.
AMBIGUITY_MARGIN = 0.05


# --------------------------------------------------------------------------- near-duplicate articles


def _shingles(text: str, k: int = SHINGLE_WORDS) -> set[bytes]:
    """Return the set of k-word shingles of a text, after case, accent and punctuation folding."""
    t = unicodedata.normalize("NFKC", text).lower()
    words = re.findall(r"\w+", t)
    if len(words) < k:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + k]).encode("utf-8") for i in range(len(words) - k + 1)}


def minhash_signature(text: str) -> bytes:
    """Return the serialised MinHash (fixed seed and permutations) of a text's word shingles."""
    m = MinHash(num_perm=MINHASH_PERM, seed=MINHASH_SEED)
    m.update_batch(sorted(_shingles(text)))
    lean = LeanMinHash(m)
    buf = bytearray(lean.bytesize(byteorder="<"))
    lean.serialize(buf, byteorder="<")
    return bytes(buf)


def _load_signature(signature: bytes) -> LeanMinHash:
    """Deserialise a signature made by ``minhash_signature``."""
    return LeanMinHash.deserialize(signature, byteorder="<")


def signature_similarity(a: bytes, b: bytes) -> float:
    """Return the estimated Jaccard similarity of the shingle sets behind two signatures."""
    return float(_load_signature(a).jaccard(_load_signature(b)))


class NearDuplicateIndex:
    """MinHash LSH index of article signatures; ``add`` links a near-copy to its original."""

    def __init__(self, threshold: float = 0.8) -> None:
        self.threshold = threshold
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], got {threshold}")
        self._lsh = MinHashLSH(threshold=max(0.3, threshold - LSH_MARGIN), num_perm=MINHASH_PERM)
        self._sigs: dict[str, LeanMinHash] = {}
        self._order: dict[str, int] = {}
        self._original: dict[str, str | None] = {}

    def __len__(self) -> int:
        return len(self._sigs)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._sigs

    def load(self, pairs: Iterable[tuple[str, bytes]]) -> None:
        """Index stored (article_id, signature) pairs without checking them against each other."""
        with self._lsh.insertion_session() as session:
            for article_id, signature in pairs:
                if article_id in self._sigs:
                    continue
                m = _load_signature(signature)
                session.insert(article_id, m)
                self._remember(article_id, m, None)

    def _remember(self, article_id: str, m: LeanMinHash, original: str | None) -> None:
        self._sigs[article_id] = m
        self._order[article_id] = len(self._order)
        self._original[article_id] = original

    def add(self, article_id: str, signature: bytes) -> str | None:
        """Index an article; return the id of its original when it is a near-duplicate, else None."""
        if article_id in self._sigs:  # re-adding is harmless: report what was decided before
            return self._original[article_id]
        m = _load_signature(signature)
        hits = [
            (self._order[k], k) for k in self._lsh.query(m)
            if k in self._sigs and self._sigs[k].jaccard(m) >= self.threshold
        ]
        original = None
        if hits:
            first = min(hits)[1]  # the earliest indexed copy, followed back to its own original
            original = self._original.get(first) or first
        self._lsh.insert(article_id, m)
        self._remember(article_id, m, original)
        return original


# --------------------------------------------------------------------------- blocking and scoring


def block_keys(event: Record) -> list[str]:
    """Return the blocking keys: country | type family group | ISO week touched by the date window."""
    fams = type_families()
    fam = fams.of(event)
    group = fams.group.get(fam, fam) if fam else "untyped"
    country = country_of(event) or "unknown"
    window = date_window(event)
    if window is None:
        return [f"{country}|{group}|nodate"]
    weeks: list[str] = []
    day, last = window[0] - timedelta(days=1), window[1] + timedelta(days=1)
    while day <= last:  # a day-level window touches one or two weeks, a month about five
        y, w, _ = day.isocalendar()
        key = f"{country}|{group}|{y}-W{w:02d}"
        if key not in weeks:
            weeks.append(key)
        day += timedelta(days=1)
    return weeks


def pair_score(a: Record, b: Record) -> float:
    """Return the 0..1 likelihood that two records describe one event (0 = hard constraint broken)."""
    return float(score_details(a, b)["score"] or 0.0)


def match_event(
    new: Record, candidates: list[Record], threshold: float = MATCH_THRESHOLD
) -> tuple[str | None, float]:
    """Return (event_id of the best canonical candidate scoring >= threshold, or None; best score)."""
    scored = sorted(
        ((pair_score(new, c), i) for i, c in enumerate(candidates)), key=lambda t: (-t[0], t[1])
    )
    if not scored:
        return (None, 0.0)
    best, idx = scored[0]
    if best < threshold:
        return (None, best)
    if is_vague(new) and len(scored) > 1 and scored[1][0] >= threshold and best - scored[1][0] < AMBIGUITY_MARGIN:
        return (None, best)  # a recap that fits two events equally well is not attached to either
    return (candidates[idx].get("event_id"), best)


# --------------------------------------------------------------------------- clustering


def candidate_pairs(records: list[Record]) -> set[tuple[int, int]]:
    """Return the index pairs (i < j) that share at least one blocking key."""
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, rec in enumerate(records):
        for key in block_keys(rec):
            blocks[key].append(i)
    pairs: set[tuple[int, int]] = set()
    for members in blocks.values():
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                pairs.add((min(i, j), max(i, j)))
    return pairs


def cluster_events(records: list[Record], threshold: float = MATCH_THRESHOLD) -> list[list[int]]:
    """Return clusters of record indices (sorted, every record once) describing one event each."""
    cache: dict[tuple[int, int], float] = {}

    def score(i: int, j: int) -> float:
        key = (min(i, j), max(i, j))
        if key not in cache:
            cache[key] = pair_score(records[key[0]], records[key[1]])
        return cache[key]

    edges = sorted(
        ((score(i, j), i, j) for i, j in candidate_pairs(records)), key=lambda t: (-t[0], t[1], t[2])
    )
    cluster_of = list(range(len(records)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(records))}
    for s, i, j in edges:
        if s < threshold:
            break
        ci, cj = cluster_of[i], cluster_of[j]
        if ci == cj or not _may_join(members[ci], members[cj], score):
            continue
        for k in members[cj]:
            cluster_of[k] = ci
        members[ci].extend(members.pop(cj))
    return sorted(sorted(m) for m in members.values())


def _may_join(xs: list[int], ys: list[int], score: Any) -> bool:
    """Chaining guard: no cross pair may break a hard constraint and the mean must stay high."""
    cross = [score(x, y) for x in xs for y in ys]
    return min(cross) > 0.0 and sum(cross) / len(cross) >= LINK_MEAN_THRESHOLD
