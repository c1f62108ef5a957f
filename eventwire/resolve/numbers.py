"""Parse counts of people ("nine", "at least 15", "between 1,500 and 3,000", "dozens") to integers.

Number words go through text2num; the grammar around them (qualifiers, ranges, vague words)
is ours and follows codebook section 6:

- exact figure N -> low = best = high = N.
- "at least N", "more than N", "over N", "N or more", "N+" -> low = best = high = N (the only
  figure the text gives; "more than N" -> N per the examples README).
- "about/around/nearly/almost/some/roughly/an estimated N" -> N (a number is given, so not vague).
- "up to N", "as many as N" -> low = best = high = N (ours: no lower figure is given; callers that
  want a conservative ACLED figure can treat the ``text`` qualifier themselves).
- "N to M", "N-M", "N or M", "between N and M" -> low = best = N, high = M.
- vague words (``vague`` True): "several", "a few", "some", "a number of", "a handful of",
  "many", "numerous", "multiple" -> 3; "tens" -> 10; "dozens" -> 12; "scores" -> 20 (ours, by
  analogy: a score is twenty); "hundreds" -> 100; "thousands" -> 1000; "tens/hundreds of
  thousands" -> 10,000 / 100,000.
- "a dozen" -> 12, "N dozen" -> 12 N; "a couple of" / "both" -> 2; "a" / "an" / "one" -> 1.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from text_to_num import text2num

__all__ = ["Quantity", "parse_quantity", "match_quantity", "Tok", "tokenize"]


@dataclass(frozen=True)
class Quantity:
    """A count with its lowest, best and highest reading and whether it came from a vague word."""

    low: int
    best: int
    high: int
    vague: bool
    text: str


@dataclass(frozen=True)
class Tok:
    """A token with its offsets into the scanned text and its lowercase form."""

    text: str
    low: str
    start: int
    end: int


_TOKEN_RE = re.compile(r"\d+(?:[,.]\d+)*|[A-Za-z]+(?:['’][A-Za-z]+)?|[^\s\w]")


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Tok]:
    """Return the tokens of text[start:end] with offsets into ``text``."""
    return [Tok(m[0], m[0].lower(), m.start(), m.end())
            for m in _TOKEN_RE.finditer(text, start, len(text) if end is None else end)]


_UNITS = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
          "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
          "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
_VAGUE = {"several": 3, "few": 3, "many": 3, "numerous": 3, "multiple": 3, "some": 3,
          "tens": 10, "dozens": 12, "scores": 20, "hundreds": 100, "thousands": 1000, "millions": 1_000_000}
_VAGUE_PHRASES: dict[tuple[str, ...], tuple[int, bool]] = {
    ("a", "few"): (3, True), ("a", "number", "of"): (3, True), ("a", "handful", "of"): (3, True),
    ("a", "couple", "of"): (2, False), ("a", "couple"): (2, False), ("a", "dozen"): (12, False),
    ("tens", "of", "thousands"): (10_000, True), ("hundreds", "of", "thousands"): (100_000, True),
    ("a", "pair", "of"): (2, False), ("a", "score", "of"): (20, False),
}
_AT_LEAST = [("at", "least"), ("more", "than"), ("over",), ("upwards", "of"), ("in", "excess", "of"),
             ("not", "less", "than"), ("no", "fewer", "than"), ("no", "less", "than")]
_ABOUT = [("about",), ("around",), ("nearly",), ("almost",), ("roughly",), ("approximately",),
          ("close", "to"), ("some",), ("an", "estimated"), ("estimated",), ("a", "total", "of"),
          ("another",), ("a", "further"), ("up", "to"), ("as", "many", "as"), ("at", "most"),
          ("fewer", "than"), ("less", "than"), ("only",), ("just",), ("all",)]
_ARTICLES = {"a": 1, "an": 1, "one": 1, "both": 2}


def _by_first(phrases: list[tuple[str, ...]]) -> dict[str, list[tuple[str, ...]]]:
    """Index word tuples by their first word, longest first."""
    out: dict[str, list[tuple[str, ...]]] = {}
    for p in sorted(phrases, key=len, reverse=True):
        out.setdefault(p[0], []).append(p)
    return out


_QUALIFIERS = _by_first(_AT_LEAST + _ABOUT)
_VAGUE_BY_FIRST = _by_first(list(_VAGUE_PHRASES))
_FIRST_WORDS = (set(_QUALIFIERS) | set(_VAGUE_BY_FIRST) | _UNITS | set(_VAGUE) | set(_ARTICLES)
                | {"between", "dozen"})


def _starts(toks: list[Tok], i: int, words: tuple[str, ...]) -> bool:
    """Return True when the tokens from i spell ``words``."""
    return all(i + k < len(toks) and toks[i + k].low == w for k, w in enumerate(words))


@lru_cache(maxsize=4096)
def _words_value(words: tuple[str, ...]) -> int | None:
    """Return the value of a run of number words through text2num, or None."""
    try:
        return int(text2num(" ".join(words), "en"))
    except (ValueError, TypeError):
        return None


def _digits(tok: Tok) -> int | None:
    """Return the integer of a digit token ("1,500"), or None for decimals and odd groupings."""
    t = tok.text
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+", t):
        return int(t.replace(",", ""))
    return None


def _number(toks: list[Tok], i: int) -> tuple[int, int] | None:
    """Return (end index, value) of a plain number at i: digits, number words, "N dozen"."""
    if i >= len(toks):
        return None
    tok = toks[i]
    if tok.text[0].isdigit():
        if re.fullmatch(r"\d+\.\d+", tok.text) and i + 1 < len(toks) and toks[i + 1].low in _SCALES:
            return i + 2, int(float(tok.text) * _SCALES[toks[i + 1].low])
        v = _digits(tok)
        if v is None:
            return None
        j = i + 1
        if j < len(toks) and toks[j].low in ("thousand", "million"):
            v, j = v * _SCALES[toks[j].low], j + 1
        return _dozen(toks, j, v)
    j, words = i, []
    while j < len(toks):
        w = toks[j].low
        if w in _UNITS or w in _SCALES:
            words.append(w)
        elif w in ("-", "and") and words and j + 1 < len(toks) and toks[j + 1].low in _UNITS:
            if w == "and" and words[-1] not in _SCALES:
                break
            words.append(w if w == "and" else "")
        else:
            break
        j += 1
    words = [w for w in words if w]
    if not words or words[0] in _SCALES:
        return None
    v = _words_value(tuple(words))
    return None if v is None else _dozen(toks, j, v)


def _dozen(toks: list[Tok], j: int, v: int) -> tuple[int, int]:
    """Apply a following "dozen" ("two dozen" -> 24)."""
    if j < len(toks) and toks[j].low == "dozen":
        return j + 1, v * 12
    return j, v


def _range_tail(toks: list[Tok], j: int, low: int) -> tuple[int, int] | None:
    """Return (end, high) for "to M" / "-M" / "or M" after a number, or None."""
    if j < len(toks) and toks[j].low in ("to", "-", "–", "or"):
        n = _number(toks, j + 1)
        if n is not None and n[1] > low:
            return n
    return None


def _vague(toks: list[Tok], i: int) -> tuple[int, int, bool] | None:
    """Return (end, value, vague) for a vague or idiomatic quantity at i."""
    w = toks[i].low if i < len(toks) else ""
    for words in _VAGUE_BY_FIRST.get(w, ()):
        if _starts(toks, i, words):
            v, vague = _VAGUE_PHRASES[words]
            return i + len(words), v, vague
    if w in _VAGUE:
        j = i + 1
        if j < len(toks) and toks[j].low == "of":
            j += 1
        return j, _VAGUE[w], True
    return None


def _qualifier(toks: list[Tok], i: int) -> int:
    """Return the index after a qualifier ("at least", "nearly", ...) at i, or i when none."""
    for words in _QUALIFIERS.get(toks[i].low, ()) if i < len(toks) else ():
        if _starts(toks, i, words):
            return i + len(words)
    return i


def match_quantity(toks: list[Tok], i: int, articles: bool = False) -> tuple[int, Quantity] | None:
    """Return (end index, Quantity) for the longest quantity starting at token i, or None.

    ``articles`` lets "a", "an", "one" and "both" count as 1/2 (callers check a person noun follows).
    """
    if i >= len(toks):
        return None
    first = toks[i].low
    if not (first[0].isdigit() or first in _FIRST_WORDS):
        return None
    if first == "between":
        return _between(toks, i)
    j = _qualifier(toks, i)
    found = _core(toks, j, articles)
    if found is None and j != i:
        found = _core(toks, i, articles)  # "some" / "over" as the quantity itself
        j = i
    if found is None:
        return None
    end, low, high, vague = found
    if _starts(toks, end, ("or", "more")):
        end += 2
    elif end < len(toks) and toks[end].text == "+":
        end += 1
    text = _slice(toks, i, end)
    return end, Quantity(low, low, high, vague, text)


def _core(toks: list[Tok], j: int, articles: bool) -> tuple[int, int, int, bool] | None:
    """Return (end, low, high, vague) for a number, range, vague word or article at j."""
    n = _number(toks, j)
    if n is not None:
        end, low = n
        tail = _range_tail(toks, end, low)
        return (tail[0], low, tail[1], False) if tail else (end, low, low, False)
    vg = _vague(toks, j)
    if vg is not None:
        return vg[0], vg[1], vg[1], vg[2]
    if articles and j < len(toks) and toks[j].low in _ARTICLES:
        v = _ARTICLES[toks[j].low]
        return j + 1, v, v, False
    return None


def _between(toks: list[Tok], i: int) -> tuple[int, Quantity] | None:
    """Return "between N and M" as low = best = N, high = M."""
    a = _number(toks, i + 1)
    if a is None or not _starts(toks, a[0], ("and",)):
        return None
    b = _number(toks, a[0] + 1)
    if b is None or b[1] < a[1]:
        return None
    return b[0], Quantity(a[1], a[1], b[1], False, _slice(toks, i, b[0]))


def _slice(toks: list[Tok], i: int, j: int) -> str:
    """Rebuild the text of tokens i..j, one space where the source had a gap (callers with the
    source text slice it by ``toks[i].start:toks[j - 1].end`` instead)."""
    out = toks[i].text
    for a, b in zip(toks[i : j - 1], toks[i + 1 : j]):
        out += (" " if b.start > a.end else "") + b.text
    return out


def parse_quantity(s: str) -> Quantity | None:
    """Return the Quantity a whole phrase denotes ("at least 15", "dozens", "two to four"), or None."""
    toks = tokenize(s)
    if not toks:
        return None
    found = match_quantity(toks, 0, articles=True)
    if found is None:
        return None
    end, q = found
    rest = [t for t in toks[end:] if t.text not in (".", ",")]
    if rest:
        return None
    return Quantity(q.low, q.best, q.high, q.vague, s.strip())
