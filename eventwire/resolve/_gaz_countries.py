"""The countries table (eventwire/data/countries.tsv): codes, aliases, regions, and a text scanner."""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from importlib import resources

import ahocorasick

from eventwire.resolve._gaz_text import fold

__all__ = ["CountryInfo", "country_info", "countries_in", "all_countries"]


@dataclass(frozen=True)
class CountryInfo:
    """One country: names, ISO codes, ACLED/UCDP regions, Gleditsch-Ward number, centre point."""

    name: str
    iso2: str
    iso3: str
    isonum: int | None
    aliases: tuple[str, ...]
    acled_region: str | None
    ucdp_region: int | None
    gwno: int | None
    latitude: float | None
    longitude: float | None
    geonameid: int | None


def _opt_int(s: str) -> int | None:
    return int(s) if s.strip() not in ("", "0") else None


def _opt_float(s: str) -> float | None:
    return float(s) if s.strip() else None


@functools.lru_cache(maxsize=1)
def all_countries() -> tuple[CountryInfo, ...]:
    """Return every row of the countries table, in file order (sorted by ISO3)."""
    text = resources.files("eventwire.data").joinpath("countries.tsv").read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
    out = []
    for r in csv.DictReader(lines, delimiter="\t"):
        out.append(CountryInfo(
            name=r["name"], iso2=r["iso2"], iso3=r["iso3"], isonum=_opt_int(r["isonum"]),
            aliases=tuple(a for a in r["aliases"].split("|") if a), acled_region=r["acled_region"] or None,
            ucdp_region=_opt_int(r["ucdp_region"]), gwno=_opt_int(r["gwno"]),
            latitude=_opt_float(r["lat"]), longitude=_opt_float(r["lon"]), geonameid=_opt_int(r["geonameid"]),
        ))
    return tuple(out)


@functools.lru_cache(maxsize=1)
def _index() -> dict[str, CountryInfo]:
    """Map folded names, aliases and codes to countries (first row wins on clashes)."""
    idx: dict[str, CountryInfo] = {}
    for c in all_countries():
        for name in (c.name, *c.aliases):
            idx.setdefault(fold(name), c)
    return idx


@functools.lru_cache(maxsize=1)
def _codes() -> dict[str, CountryInfo]:
    """Map upper-case ISO3 and ISO2 codes to countries."""
    idx: dict[str, CountryInfo] = {}
    for c in all_countries():
        idx.setdefault(c.iso3.upper(), c)
        idx.setdefault(c.iso2.upper(), c)
    return idx


_PAREN = re.compile(r"\s*\(.*?\)\s*")


@functools.lru_cache(maxsize=8192)
def country_info(name_or_code: str | int | None) -> CountryInfo | None:
    """Return the country for a name, alias, demonym, ISO2/ISO3 code, ISO numeric or G-W number."""
    if name_or_code is None:
        return None
    if isinstance(name_or_code, int) or str(name_or_code).strip().isdigit():
        n = int(name_or_code)
        return next((c for c in all_countries() if c.isonum == n), None) or next(
            (c for c in all_countries() if c.gwno == n), None)
    s = str(name_or_code).strip()
    if not s:
        return None
    if len(s) <= 3 and (s.isupper() or s.islower()) and s.upper() in _codes():
        return _codes()[s.upper()]  # 'IRQ', 'iq'; but 'Est' is a region name, not Estonia
    idx = _index()
    for cand in (s, _PAREN.sub(" ", s), _PAREN.sub(" ", s).replace("the ", "")):
        c = idx.get(fold(cand))
        if c is not None:
            return c
    return None


@functools.lru_cache(maxsize=1)
def _automaton() -> ahocorasick.Automaton:
    """Build a case-sensitive automaton over country names, aliases and demonyms."""
    a = ahocorasick.Automaton()
    for c in all_countries():
        for name in (c.name, *c.aliases):
            if len(name) < 2 or "," in name:
                continue
            if name not in a:
                a.add_word(name, (len(name), c.iso3))
    a.make_automaton()
    return a


def countries_in(text: str) -> list[tuple[int, int, str]]:
    """Return (start, end, iso3) for every country name, alias or demonym in ``text``, longest first."""
    found: list[tuple[int, int, str]] = []
    for end_idx, (n, iso3) in _automaton().iter(text):
        s, e = end_idx - n + 1, end_idx + 1
        if (s > 0 and (text[s - 1].isalnum() or text[s - 1] == "-")) or (e < len(text) and text[e].isalnum()):
            continue
        found.append((s, e, iso3))
    found.sort(key=lambda t: (t[0], -(t[1] - t[0])))
    out: list[tuple[int, int, str]] = []
    for t in found:
        if out and t[0] < out[-1][1]:
            continue
        out.append(t)
    return out
