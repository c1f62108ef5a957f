"""Clean one raw article: Unicode normalisation with an offset map, boilerplate lines, dateline.

The cleaned text is what every offset points into. Normalisation only ever replaces or removes
characters, so ``Article.offset_map[i]`` (the raw offset of cleaned character ``i``) is
non-decreasing and ``raw[offset_map[s]:offset_map[e]]`` is the raw material of the span ``[s, e)``.
Boilerplate lines stay in the text (offsets never shift) and are listed in ``Article.boilerplate``.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections import Counter
from itertools import islice
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator, Sequence

from .errors import InputError
from .lexicon import read_tsv
from .types import Article, Provenance, Span, article_id_for

__all__ = [
    "clean", "check_text", "detect_language", "normalise", "find_boilerplate", "find_dateline",
    "is_binary_text", "raw_span",
]

_PROV_BOILER = "boilerplate.tsv"
_STAGE = "clean"

# ---------------------------------------------------------------------------------------------
# Unicode normalisation with an offset map
# ---------------------------------------------------------------------------------------------

_CHAR_MAP: dict[str, str] = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\t": " ", "\u00a0": " ", "\u1680": " ", "\u202f": " ", "\u205f": " ", "\u3000": " ",
    "\x0b": "\n", "\x0c": "\n", "\x85": "\n", "\u2028": "\n", "\u2029": "\n",
}
_CHAR_MAP.update({chr(c): " " for c in range(0x2000, 0x200B)})
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"
_CONTROLS = "".join(chr(c) for c in range(0x20) if chr(c) not in "\t\n\r\x0b\x0c") + "\x7f"
_CHAR_RE = re.compile(
    "\r\n?|[" + re.escape("".join(_CHAR_MAP)) + "]|[" + re.escape(_ZERO_WIDTH + _CONTROLS) + "]"
)
_SPACE_RE = re.compile(r"[ \n]{2,}|^[ \n]+|[ \n]+$")

Edit = tuple[int, int, str, Sequence[int]]  # raw start, raw end, replacement, raw offset of each char


def _apply(text: str, edits: Sequence[Edit]) -> tuple[str, list[int]]:
    """Return the edited text and, for each output char (plus the end), its offset in ``text``."""
    out: list[str] = []
    omap: list[int] = []
    pos = 0
    for start, end, repl, where in edits:
        out.append(text[pos:start])
        omap.extend(range(pos, start))
        out.append(repl)
        omap.extend(where)
        pos = end
    out.append(text[pos:])
    omap.extend(range(pos, len(text)))
    omap.append(_end_offset(text, edits))
    return "".join(out), omap


def _end_offset(text: str, edits: Sequence[Edit]) -> int:
    """Return the offset the end of the output maps to: before dropped trailing chars."""
    if edits and edits[-1][1] == len(text) and not edits[-1][2]:
        return edits[-1][0]
    return len(text)


def _char_edits(text: str) -> Iterator[Edit]:
    """Yield edits for line endings, quotes, odd spaces, zero-width and control characters."""
    for m in _CHAR_RE.finditer(text):
        s, e, g = m.start(), m.end(), m.group()
        if g[0] == "\r":
            yield s, e, "\n", (s,)
        elif g in _CHAR_MAP:
            yield s, e, _CHAR_MAP[g], (s,)
        else:
            yield s, e, "", ()


def _nfc_edits(text: str) -> Iterator[Edit]:
    """Yield edits composing each base+combining cluster that NFC changes."""
    n = len(text)
    i = 0
    while i < n:
        j = i + 1
        while j < n and (unicodedata.combining(text[j]) or "\u1160" <= text[j] <= "\u11ff"):
            j += 1
        chunk = text[i:j]
        norm = unicodedata.normalize("NFC", chunk)
        if norm != chunk:
            yield i, j, norm, _cluster_map(chunk, norm, i)
        i = j


def _cluster_map(chunk: str, norm: str, start: int) -> tuple[int, ...]:
    """Map each char of an NFC cluster to the raw char it kept, or to the base it composed from."""
    where: list[int] = []
    hi = len(chunk)
    for ch in reversed(norm):  # kept marks are the last ones; composed chars start at the base
        k = chunk.rfind(ch, 1, hi)
        if k < 0:
            k = 0
        where.append(start + k)
        hi = max(k, 1)
    where.reverse()
    for j in range(1, len(where)):  # keep the map non-decreasing
        where[j] = max(where[j], where[j - 1])
    return tuple(where)


def _space_edits(text: str) -> Iterator[Edit]:
    """Yield edits collapsing space runs, trimming lines and limiting blank lines to one."""
    for m in _SPACE_RE.finditer(text):
        s, e, g = m.start(), m.end(), m.group()
        if s == 0 or e == len(text):
            yield s, e, "", ()
            continue
        first_nl = g.find("\n")
        if first_nl < 0:
            repl, where = " ", (s,)
        else:
            second_nl = g.find("\n", first_nl + 1)
            if second_nl < 0:
                repl, where = "\n", (s + first_nl,)
            else:
                repl, where = "\n\n", (s + first_nl, s + second_nl)
        if repl != g:
            yield s, e, repl, where


def _compose(outer: list[int], inner: list[int]) -> list[int]:
    """Return the map of a second pass composed onto the map of the first."""
    return [outer[i] for i in inner]


def normalise(raw: str) -> tuple[str, list[int]]:
    """Return the normalised text and its offset map (``len(text) + 1`` raw offsets)."""
    text, omap = raw, list(range(len(raw) + 1))
    for make_edits in (_char_edits, _nfc_edits, _space_edits):
        if make_edits is _nfc_edits and unicodedata.is_normalized("NFC", text):
            continue
        edits = list(make_edits(text))
        if edits:
            new, inner = _apply(text, edits)
            text, omap = new, _compose(omap, inner)
    return text, omap


# ---------------------------------------------------------------------------------------------
# Input checks: binary-looking text, language
# ---------------------------------------------------------------------------------------------

_BINARY_CHARS_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f\ufffd\ue000-\uf8ff]")


def is_binary_text(text: str) -> str | None:
    """Return a reason when the text looks like decoded binary data, else None."""
    sample = text[:200_000]
    if "\x00" in sample:
        return "binary-looking text (NUL characters)"
    bad = len(_BINARY_CHARS_RE.findall(sample))
    if sample and bad / len(sample) > 0.02:
        return f"binary-looking text ({bad} control or replacement characters)"
    return None


@dataclass(frozen=True)
class _LangData:
    stops: dict[str, frozenset[str]]
    scripts: tuple[tuple[int, int, str], ...]


@lru_cache(maxsize=1)
def _lang_data() -> _LangData:
    """Load stopword lists and script ranges from ``data/languages.tsv``."""
    stops: dict[str, frozenset[str]] = {}
    scripts: list[tuple[int, int, str]] = []
    for kind, code, values in read_tsv("languages.tsv"):
        if kind == "stop":
            stops[code] = frozenset(values.split())
        elif kind == "script":
            for rng in values.split():
                lo, hi = rng.split("-")
                scripts.append((int(lo, 16), int(hi, 16), code))
    return _LangData(stops, tuple(scripts))


_WORD_RE = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_SAMPLE = 5_000  # characters looked at by the language guess


def _script_of(c: str, scripts: tuple[tuple[int, int, str], ...]) -> str | None:
    o = ord(c)
    if o < 0x250:
        return "latin"
    for lo, hi, code in scripts:
        if lo <= o <= hi:
            return code
    return None


_NON_LATIN_RE = re.compile(r"[^\x00-\u024f\u2000-\u206f\u20a0-\u20cf]")


def _script_guess(sample: str) -> str | None:
    """Return the language of the dominant non-Latin script, when one dominates the letters."""
    others = [c for c in _NON_LATIN_RE.findall(sample) if c.isalpha()]
    if not others:
        return None
    letters = sum(c.isalpha() for c in sample)
    counts: dict[str, int] = {}
    scripts = _lang_data().scripts
    for c in others:
        code = _script_of(c, scripts)
        if code:
            counts[code] = counts.get(code, 0) + 1
    if not counts:
        return None
    code, n = max(counts.items(), key=lambda kv: kv[1])
    if code == "zh" and counts.get("ja"):
        code, n = "ja", n + counts["ja"]
    return code if n / letters > 0.3 else None


def _stopword_scores(words: list[str]) -> dict[str, float]:
    """Return, per language, the share of words that are its stopwords."""
    counts = Counter(words)
    total = len(words)
    return {code: sum(counts[w] for w in ws if w in counts) / total for code, ws in _lang_data().stops.items()}


def detect_language(text: str) -> str:
    """Return "en", another best-guess language code, or "und" when undecided."""
    sample = text[:_SAMPLE]
    script = None if sample.isascii() else _script_guess(sample)
    if script:
        return script
    words = [w.lower() for w in _WORD_RE.findall(sample) if len(w) > 1]  # not initials like "U.S."
    if len(words) < 3:
        return "und"
    scores = _stopword_scores(words)
    best = max(scores, key=lambda c: scores[c])
    if scores[best] < 0.03:
        return "und"
    if best != "en" and scores.get("en", 0.0) >= 0.8 * scores[best]:
        return "en"  # close call: news in English quoting a foreign phrase
    return best


_MIN_WORDS_TO_REJECT = 12  # shorter Latin-script texts (headlines) are too short to judge


def check_text(raw: str, text: str | None = None) -> str:
    """Raise InputError for empty, binary or non-English input; return the language code."""
    text = raw if text is None else text
    if not text.strip():
        raise InputError("empty", code="E101")
    reason = is_binary_text(raw)
    if reason:
        raise InputError(reason, code="E102")
    lang = detect_language(text)
    if lang != "en" and (len(_WORD_RE.findall(text[:_SAMPLE])) >= _MIN_WORDS_TO_REJECT
                         or _script_guess(text[:_SAMPLE])):
        raise InputError(f"non-English text (detected: {lang})", code="E103")
    return lang


# ---------------------------------------------------------------------------------------------
# Boilerplate
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Rule:
    rule_id: str
    kind: str
    regex: re.Pattern[str]
    screen: tuple[str, ...] = ()  # lower-case texts; the rule runs only on lines containing one


@lru_cache(maxsize=1)
def _rules() -> tuple[_Rule, ...]:
    """Load and compile the boilerplate patterns of ``data/boilerplate.tsv``."""
    out = []
    for row in read_tsv("boilerplate.tsv"):
        rule_id, kind, flags, pattern = row[:4]
        screen = tuple(t for t in row[5].split("|") if t) if len(row) > 5 else ()
        out.append(_Rule(rule_id, kind, re.compile(pattern, re.IGNORECASE if "i" in flags else 0), screen))
    return tuple(out)


_SHORT_WORDS = 30
_LONG_LINE = 400  # characters; longer lines are news paragraphs, only their head/tail may be furniture
_LIST_MAX = 12


def _lines(text: str) -> Iterator[tuple[int, int]]:
    """Yield (start, end) of each non-blank line, trimmed of surrounding spaces."""
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            yield pos + lead, pos + lead + len(stripped)
        pos += len(line) + 1


def _match_line(line: str) -> tuple[_Rule, int, int] | None:
    """Return the first rule matching a line and the matched range within the line."""
    long_line = len(line) > _LONG_LINE
    low = line.lower()
    for rule in _rules():
        if long_line and rule.kind not in ("head", "tail"):
            continue
        if rule.screen and not any(t in low for t in rule.screen):
            continue
        m = rule.regex.search(line)
        if not m:
            continue
        if rule.kind == "short" and len(line.split()) > _SHORT_WORDS:
            continue
        if rule.kind in ("head", "tail"):
            return rule, m.start("bp"), m.end("bp")
        return rule, 0, len(line)
    return None


def _headline_like(line: str) -> bool:
    """Return True for a short line without sentence-final punctuation (a listed headline)."""
    return len(line.split()) <= 20 and not re.search(r"[.!?]['\"]?$", line)


def find_boilerplate(text: str) -> list[Span]:
    """Return BOILERPLATE spans (whole lines, or the head/tail of a line) of the cleaned text."""
    spans: list[Span] = []
    in_list = 0
    for start, end in _lines(text):
        line = text[start:end]
        hit = _match_line(line)
        if hit is None and in_list and _headline_like(line):
            in_list -= 1
            spans.append(_bp_span(text, start, end, "list_item"))
            continue
        in_list = 0
        if hit is None:
            continue
        rule, s, e = hit
        s, e = _trim(line, s, e)
        if e > s:
            spans.append(_bp_span(text, start + s, start + e, rule.rule_id))
        if rule.kind == "list":
            in_list = _LIST_MAX
    return spans


def _trim(line: str, s: int, e: int) -> tuple[int, int]:
    while s < e and line[s].isspace():
        s += 1
    while e > s and line[e - 1].isspace():
        e -= 1
    return s, e


def _bp_span(text: str, start: int, end: int, rule_id: str) -> Span:
    return Span(start, end, text[start:end], "BOILERPLATE", rule_id, Provenance(_STAGE, f"{_PROV_BOILER}:{rule_id}"))


# ---------------------------------------------------------------------------------------------
# Dateline
# ---------------------------------------------------------------------------------------------

_CAPS = r"[A-Z][A-Z'’.\-]*[A-Z]\.?"
_CAPS_PLACE = rf"{_CAPS}(?:[ ]{_CAPS}){{0,3}}(?:/{_CAPS}(?:[ ]{_CAPS}){{0,3}})*"
_MIXED_PLACE = r"[A-Z][a-z'’\-]+(?:[ ][A-Z][a-z'’\-]+){0,2}"
_COUNTRY = r"[A-Z][A-Za-z'’.\-]+(?:[ ](?:[A-Z][A-Za-z'’.\-]+|of|and|the|de|del|d'Ivoire)){0,3}"
_MONTHS = (
    "Jan(?:uary|\\.)?|Feb(?:ruary|\\.)?|Mar(?:ch|\\.)?|Apr(?:il|\\.)?|May|June?|July?|Aug(?:ust|\\.)?|"
    "Sep(?:t(?:ember|\\.)?|\\.)?|Oct(?:ober|\\.)?|Nov(?:ember|\\.)?|Dec(?:ember|\\.)?"
)
_DATE = (
    rf"(?:(?P<mon>{_MONTHS})[ ]?(?P<day>\d{{1,2}})|(?P<day2>\d{{1,2}})[ ](?P<mon2>{_MONTHS}))"
    rf"(?:,?[ ](?P<year>\d{{4}}))?"
)
_SEP = r"(?:[ ]?[:][ ]*|[ ]+[-–—][-–—]?[ ]*|[ ]?[–—][ ]*)"
_NOT_MONTH = rf"(?!(?:{_MONTHS})\b)"


@lru_cache(maxsize=1)
def _dateline_res() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Return the dateline regexes (capitalised place; mixed-case place with an agency)."""
    names = [w for row in read_tsv("dateline.tsv") if row[0] == "agency" for w in row[1].split("|")]
    # a listed agency, an acronym, or any capitalised outlet name of up to four words ("(Horn Wire)")
    agency = r"\((?:" + "|".join(re.escape(n) for n in names) + r"|[A-Z]{2,6}|[A-Z][\w.&/']*(?: [A-Z][\w.&/']*){0,3})\)"
    caps = re.compile(
        rf"(?P<place>{_CAPS_PLACE})(?:,[ ]{_NOT_MONTH}(?P<country>{_COUNTRY}))?(?:,[ ]{_DATE})?"
        rf"(?:[ ]?(?P<agency>{agency}))?(?P<sep>{_SEP})?"
    )
    mixed = re.compile(
        rf"(?P<place>{_MIXED_PLACE})(?:,[ ]{_NOT_MONTH}(?P<country>{_COUNTRY}))?(?:,[ ]{_DATE})?"
        rf"(?:[ ]?(?P<agency>{agency}))(?P<sep>{_SEP})?"
    )
    return caps, mixed


_BARE_FOLLOW_RE = re.compile(r"[ ](?=[A-Z0-9\"'][a-z0-9'’ ]|[A-Z][a-z]|\d)")


@lru_cache(maxsize=1)
def _not_places() -> frozenset[str]:
    """Return capitalised words that open a text but are not places (``data/dateline.tsv``)."""
    return frozenset(w.upper() for row in read_tsv("dateline.tsv") if row[0] == "not_place" for w in row[1].split())


def _title_place(s: str) -> str:
    """Return a dateline place in title case ("OUAGADOUGOU" -> "Ouagadougou")."""
    if s.isupper() or not any(c.islower() for c in s):
        s = s.title().replace("’S", "’s").replace("'S", "'s")
    return s


def _dateline_match(para: str) -> re.Match[str] | None:
    """Return the dateline match at the start of a paragraph, or None."""
    caps, mixed = _dateline_res()
    m = caps.match(para)
    if m and _plausible_caps(m, para):
        return m
    m = mixed.match(para)
    return m if m and m.group("sep") is not None else None


def _plausible_caps(m: re.Match[str], para: str) -> bool:
    """Reject acronyms and headline words; a bare place (no separator) must lead into a sentence."""
    words = re.split(r"[ /]", m.group("place"))
    if any(w.strip(".:") in _not_places() for w in words):
        return False
    letters = sum(c.isalpha() for c in m.group("place"))
    if letters < 3:
        return False
    if m.group("sep") or m.group("agency"):
        return True
    if m.group("country") or m.group("mon") or m.group("mon2"):
        return False
    rest = para[m.end() :]
    return letters >= 4 and bool(_BARE_FOLLOW_RE.match(rest))


def _first_paragraphs(text: str, title: str | None, skip: Sequence[Span]) -> list[tuple[int, int]]:
    """Return the (start, end) of the paragraphs where a dateline may stand.

    That is the first paragraph that is not boilerplate, and the one after it when the first is
    a title (the given title, or a short line without final punctuation).
    """
    lines = [(s, e) for s, e in islice(_lines(text), _HEAD_LINES) if not any(b.start <= s < b.end for b in skip)]
    if len(lines) < 2:
        return lines
    first = text[lines[0][0] : lines[0][1]]
    is_title = (title is not None and first == title.strip()) or (
        len(first.split()) <= 20 and not re.search(r"[.!?:]['\"]?$", first)
    )
    return lines[:2] if is_title else lines[:1]


_HEAD_LINES = 8  # a dateline stands within the first lines, after at most some page furniture


def find_dateline(
    text: str, published: datetime.date | None = None, title: str | None = None, skip: Sequence[Span] = ()
) -> tuple[Span | None, Span | None]:
    """Return (DATELINE place span, DATE span) read at the start of the article, or (None, None)."""
    for start, end in _first_paragraphs(text, title, skip):
        m = _dateline_match(text[start:end])
        if m:
            return _place_span(text, start, m), _date_span(text, start, m, published)
    return None, None


def _place_span(text: str, base: int, m: re.Match[str]) -> Span:
    s = base + m.start("place")
    e = base + m.end("place")
    value = _title_place(m.group("place"))
    if m.group("country"):
        e = base + m.end("country")
        value = f"{value}, {m.group('country')}"
    return Span(s, e, text[s:e], "DATELINE", value, Provenance(_STAGE, "dateline"))


_MONTH_NUM = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}


def _date_span(text: str, base: int, m: re.Match[str], published: datetime.date | None) -> Span | None:
    """Return the DATE span of a dateline date, valued with an ISO date when resolvable."""
    grp = "mon" if m.group("mon") else "mon2" if m.group("mon2") else None
    if grp is None:
        return None
    s = base + min(m.start(grp), m.start("day" if grp == "mon" else "day2"))
    e = base + max(m.end("day" if grp == "mon" else "day2"), m.end(grp))
    if m.group("year"):
        e = base + m.end("year")
    month = _MONTH_NUM[m.group(grp)[:3].lower()]
    day = int(m.group("day") or m.group("day2"))
    value = _resolve_day(month, day, int(m.group("year")) if m.group("year") else None, published)
    return Span(s, e, text[s:e], "DATE", value, Provenance(_STAGE, "dateline"))


def _resolve_day(month: int, day: int, year: int | None, published: datetime.date | None) -> str | None:
    """Return the ISO date of a dateline day, taking the year from the publication date."""
    try:
        if year is not None:
            return datetime.date(year, month, day).isoformat()
        if published is None:
            return None
        when = datetime.date(published.year, month, day)
        if when > published + datetime.timedelta(days=7):  # "Dec. 31" in a story of January 2
            when = datetime.date(published.year - 1, month, day)
        return when.isoformat()
    except ValueError:
        return None


# ---------------------------------------------------------------------------------------------
# The stage
# ---------------------------------------------------------------------------------------------


def clean(
    raw: str,
    published: datetime.date | None = None,
    source: str | None = None,
    url: str | None = None,
    title: str | None = None,
) -> Article:
    """Return the cleaned Article; raise InputError (E101 empty, E102 binary, E103 non-English)."""
    if raw is None or not raw.strip():
        raise InputError("empty", code="E101")
    text, omap = normalise(raw)
    lang = check_text(raw, text)
    boiler = find_boilerplate(text)
    place, when = find_dateline(text, published, title, boiler)
    return Article(
        article_id=article_id_for(text, url),
        text=text,
        published=published,
        source=source,
        url=url,
        title=title,
        language=lang,
        raw=raw,
        offset_map=() if text == raw else tuple(omap),
        boilerplate=tuple(boiler),
        dateline_place=place,
        dateline_date=when,
    )


def raw_span(article: Article, start: int, end: int) -> tuple[int, int]:
    """Return the raw-document range of the cleaned range ``[start, end)``."""
    return article.raw_offset(start), article.raw_offset(end)
