"""Field comparisons for evaluation: dates, countries, admin1 names, points, counts and actors.

Gold data come from three coding schemes with their own spellings (UCDP "Yemen (North Yemen)",
ACLED "Military Forces of Iraq (2022-)", GTD "Unknown"), so every comparison first normalises both
sides. Actor names go through the project's actor lexicon when it is installed
(``eventwire.resolve.actors``), and through a plain text normalisation otherwise.
"""

from __future__ import annotations

import functools
import inspect
import math
import re
import unicodedata
from collections.abc import Callable
from datetime import date
from pathlib import Path

from rapidfuzz import fuzz

from eventwire._geo import haversine_km

__all__ = [
    "parse_day",
    "date_checks",
    "country_iso3",
    "same_country",
    "same_admin1",
    "haversine_km",
    "actor_keys",
    "same_actor",
    "fallback_actor_keys",
    "ascii_fold",
]

DATA = Path(__file__).resolve().parent / "data"


def ascii_fold(s: str) -> str:
    """Return ``s`` lower-cased with accents removed."""
    nfkd = unicodedata.normalize("NFKD", s)
    return "".join(c for c in nfkd if not unicodedata.combining(c)).lower()


# ---------------------------------------------------------------- dates


def parse_day(s: str | None) -> date | None:
    """Return the date of an ISO ``YYYY-MM-DD`` string (None for anything else)."""
    if not s or len(s) < 10:
        return None
    try:
        return date.fromisoformat(s[:10])
    except ValueError:
        return None


def date_checks(
    pred: str | None, gold: str | None, window: tuple[str | None, str | None] = (None, None)
) -> tuple[bool, bool] | None:
    """Return (exact, within one day or inside the gold window), or None when gold has no date.

    A month-only gold date (``YYYY-MM``) counts as exact for any predicted day in that month.
    """
    if not gold:
        return None
    if not pred:
        return (False, False)
    if len(gold) == 7:  # month precision
        ok = pred[:7] == gold
        return (ok, ok)
    p, g = parse_day(pred), parse_day(gold)
    if p is None or g is None:
        return (False, False)
    exact = p == g
    near = abs((p - g).days) <= 1
    lo, hi = parse_day(window[0]), parse_day(window[1])
    if lo and hi and lo <= p <= hi:
        near = True
    return (exact, near)


def day_distance(pred: str | None, gold: str | None) -> int | None:
    """Return the absolute distance in days between two ISO dates (months compare by the 15th)."""
    def as_day(s: str | None) -> date | None:
        if s and len(s) == 7:
            s = s + "-15"
        return parse_day(s)

    p, g = as_day(pred), as_day(gold)
    if p is None or g is None:
        return None
    return abs((p - g).days)


# ---------------------------------------------------------------- countries


def country_iso3(name: str | None) -> str | None:
    """Return the ISO3 code of a country name as spelled by ACLED, GTD, UCDP or us.

    The gazetteer's country table (``eventwire/data/countries.tsv``) holds the aliases, demonyms and
    UCDP spellings ("Yemen (North Yemen)", "DR Congo (Zaire)").
    """
    if not name:
        return None
    from eventwire.resolve.geocode import country_info

    ci = country_info(name) or country_info(re.sub(r"\s*\([^)]*\)", "", name).strip())
    return ci.iso3 if ci else None


def same_country(pred_name: str | None, pred_iso3: str | None, gold_name: str | None) -> bool | None:
    """Return whether the predicted country is the gold one (None when gold has no country)."""
    if not gold_name:
        return None
    g = country_iso3(gold_name)
    p = pred_iso3 or country_iso3(pred_name)
    if g and p:
        return g.upper() == p.upper()
    if not pred_name:
        return False
    return _bare_place(pred_name) == _bare_place(gold_name)


# ---------------------------------------------------------------- admin1

_ADMIN_WORDS = re.compile(
    r"\b(province|governorate|region|state|district|department|oblast|prefecture|county|"
    r"division|municipality|wilayah|wilaya|muhafazah|territory|capital)\b"
)


def _bare_place(s: str) -> str:
    """Return a place name reduced for comparison (no accents, admin words or punctuation)."""
    s = ascii_fold(s)
    s = re.sub(r"\([^)]*\)", " ", s)
    s = _ADMIN_WORDS.sub(" ", s)
    s = re.sub(r"^(al|el|ad|as|ar|an|at)[\s-]", "", s)
    s = re.sub(r"[^a-z0-9]+", " ", s)
    return " ".join(s.split())


def same_admin1(pred: str | None, gold: str | None) -> bool | None:
    """Return whether two first-level unit names agree (None when gold has none).

    Names compare after folding accents and dropping words like "province"; spelling variants
    ("Ninawa"/"Ninewa") pass a fuzzy ratio of 85.
    """
    if not gold:
        return None
    if not pred:
        return False
    a, b = _bare_place(pred), _bare_place(gold)
    if not a or not b:
        return False
    return a == b or fuzz.ratio(a, b) >= 85


# ---------------------------------------------------------------- points


def point_distance(
    pred_lat: float | None, pred_lon: float | None, gold_lat: float | None, gold_lon: float | None
) -> float | None:
    """Return km between predicted and gold points; inf when only the prediction lacks a point."""
    if gold_lat is None or gold_lon is None:
        return None
    if pred_lat is None or pred_lon is None:
        return math.inf
    return haversine_km(float(pred_lat), float(pred_lon), float(gold_lat), float(gold_lon))


# ---------------------------------------------------------------- actors

_UNKNOWN_ACTORS = {
    "unknown", "unidentified armed group", "unidentified gunmen", "unknown gunmen", "gunmen",
    "assailants", "unidentified assailants", "unknown assailants", "unidentified attackers",
    "unidentified armed men", "armed men",
}
_STATE_PATTERNS = (
    re.compile(r"^(?:government|military forces|police forces) of (?:the )?(.+)$"),
)


def fallback_actor_keys(name: str) -> set[str]:
    """Return comparison keys of an actor name without the lexicon."""
    folded = ascii_fold(name).strip()
    keys: set[str] = set()
    for inner in re.findall(r"\(([^)]*)\)", name):
        inner = inner.strip()
        # "(ISIL)", "(AQIM)": an acronym is an alias; "(2022-)" or "(Iraq)" is a qualifier.
        if re.fullmatch(r"[A-Z][A-Za-z\-]{1,9}", inner) and sum(c.isupper() for c in inner) >= 2:
            keys.add(inner.lower())
    bare = re.sub(r"\s*\([^)]*\)", "", folded)
    bare = re.sub(r"^the\s+", "", bare)
    bare = " ".join(re.sub(r"[^a-z0-9]+", " ", bare).split())
    if not bare:
        return keys
    if bare in _UNKNOWN_ACTORS:
        return {"unidentified armed group"}
    for pat in _STATE_PATTERNS:
        m = pat.match(bare)
        if m:
            iso = country_iso3(m.group(1))
            keys.add(f"state:{iso or m.group(1)}")
    keys.add(bare)
    return keys


@functools.lru_cache(maxsize=1)
def _lexicon_keys_fn() -> Callable[[str, str | None], tuple[str, ...]] | None:
    """Return the actor lexicon's key function as f(name, iso3) -> keys, or None when absent."""
    try:
        from eventwire.resolve.actors import ActorLexicon

        lex = ActorLexicon.load()
    except Exception:  # module not written or lexicon unloadable: use the fallback normalisation
        return None
    many = getattr(lex, "canonical_keys", None)
    one = getattr(lex, "canonical_key", None)
    if many is None and one is None:
        return None
    try:
        fn = many or one
        takes_country = len(inspect.signature(fn).parameters) >= 2
    except (TypeError, ValueError):
        takes_country = False

    def keys(name: str, iso3: str | None) -> tuple[str, ...]:
        args = (name, iso3) if takes_country else (name,)
        try:
            out = many(*args) if many is not None else (one(*args),)
        except Exception:
            return ()
        return tuple(k for k in out if k)

    return keys


@functools.lru_cache(maxsize=20000)
def actor_keys(name: str | None, iso3: str | None = None) -> frozenset[str]:
    """Return the set of comparison keys of an actor name (empty for no actor).

    The project's actor lexicon decides when it is installed ("A and/or B" gives both actors'
    keys); otherwise the fallback text normalisation does.
    """
    if not name or not name.strip():
        return frozenset()
    lex = _lexicon_keys_fn()
    if lex is not None:
        keys = lex(name, iso3)
        if keys:
            return frozenset(keys)
    return frozenset(fallback_actor_keys(name))


def same_actor(a: str | None, b: str | None, iso3: str | None = None) -> bool:
    """Return whether two actor names denote the same actor after alias normalisation."""
    ka, kb = actor_keys(a, iso3), actor_keys(b, iso3)
    return bool(ka and kb and ka & kb)
