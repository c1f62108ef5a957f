"""Phrase lexicons kept as TSV data files, matched with pyahocorasick on word boundaries."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Iterable, Iterator

import ahocorasick

__all__ = ["Match", "PhraseMatcher", "read_tsv", "data_path"]


@dataclass(frozen=True)
class Match:
    """One lexicon hit: a half-open range of the searched text and the entry's payload."""

    start: int
    end: int
    text: str
    payload: Any


def data_path(name: str) -> str:
    """Return the filesystem path of a file in ``eventwire/data``."""
    return str(resources.files("eventwire").joinpath("data").joinpath(name))


@lru_cache(maxsize=None)
def read_tsv(name: str) -> tuple[tuple[str, ...], ...]:
    """Return the rows of a data TSV, skipping blank lines and ``#`` comment lines."""
    rows = []
    with open(data_path(name), encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            rows.append(tuple(cell.strip() for cell in line.split("\t")))
    return tuple(rows)


@lru_cache(maxsize=8)
def _lower_same_length(text: str) -> str:
    """Lowercase ``text`` without changing its length (offsets must stay valid). Cached: the matchers
    search one article's text sentence by sentence, and it is lowered once."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _is_word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


class PhraseMatcher:
    """Longest, non-overlapping, word-bounded phrase matches over a text.

    Entries are ``(phrase, payload, case_sensitive)``; case-insensitive phrases are matched on a
    lowercased copy of the text. Several payloads may share a phrase.
    """

    def __init__(self, entries: Iterable[tuple[str, Any, bool]]) -> None:
        self._exact = ahocorasick.Automaton()
        self._folded = ahocorasick.Automaton()
        for phrase, payload, case_sensitive in entries:
            auto = self._exact if case_sensitive else self._folded
            key = phrase if case_sensitive else phrase.lower()
            if key in auto:
                auto.get(key)[1].append(payload)
            else:
                auto.add_word(key, (len(key), [payload]))
        self._ready = []
        for auto in (self._exact, self._folded):
            if len(auto):
                auto.make_automaton()
            self._ready.append(len(auto) > 0)

    def __reduce__(self) -> tuple[Any, ...]:
        raise TypeError("PhraseMatcher is rebuilt per process; pickle its owner's config instead")

    def _raw(self, text: str, start: int, end: int) -> Iterator[tuple[int, int, list[Any]]]:
        folded = None
        for auto, ready, fold in ((self._exact, self._ready[0], False), (self._folded, self._ready[1], True)):
            if not ready:
                continue
            hay = text
            if fold:
                folded = folded if folded is not None else _lower_same_length(text)
                hay = folded
            for last, (length, payloads) in auto.iter(hay, start, end):
                s, e = last - length + 1, last + 1
                if s > 0 and _is_word_char(text[s - 1]) and _is_word_char(text[s]):
                    continue
                if e < len(text) and _is_word_char(text[e]) and _is_word_char(text[e - 1]):
                    continue
                yield s, e, payloads

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[Match]:
        """Return the longest non-overlapping matches in ``text[start:end]``, in text order."""
        end = len(text) if end is None else end
        hits = sorted(self._raw(text, start, end), key=lambda h: (-(h[1] - h[0]), h[0]))
        out: list[Match] = []
        for s, e, payloads in hits:
            if any(not (e <= m.start or s >= m.end) for m in out):
                continue
            out.append(Match(s, e, text[s:e], payloads[0] if len(payloads) == 1 else tuple(payloads)))
        return sorted(out, key=lambda m: m.start)
