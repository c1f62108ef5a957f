"""Comparators behind ``eventwire.dedupe.pair_score``: one function per field family.

Each comparator returns a similarity in [0, 1], or ``None`` when the pair breaks a hard constraint
(different country, disjoint date windows, places too far apart for their precision, unrelated
event types, two different named actors). Records are the flat dicts of ``Event.to_dict()``.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import resources
from itertools import permutations
from typing import Any

from rapidfuzz import fuzz
from rapidfuzz.utils import default_process

from eventwire._geo import haversine_km

Record = dict[str, Any]

# Weights of the field similarities in the pair score (sum 1). Actors and place carry most of the
# identity of an incident; dates and types are mostly hard constraints; evidence wording differs
# between outlets, so it only breaks near ties.
WEIGHTS: dict[str, float] = {
    "type": 0.15, "date": 0.15, "place": 0.25, "actors": 0.30, "fatalities": 0.10, "evidence": 0.05,
}

# Place tolerance (km) per ACLED geo_precision: a settlement, "near"/district, province/feature.
# "Near" (precision 2) means within ~25 km of a settlement whose point is its centre, so a large
# town's own radius is added.
_GEO_TOL_KM: dict[int, float] = {1: 5.0, 2: 30.0, 3: 150.0}
# Half-widths of the date window implied by ACLED time_precision when the record gives no span:
# precision 2 covers a 2-6 day span, a week or an announcement shortly after the event.
_PREC_WINDOW: dict[int, tuple[int, int]] = {1: (0, 0), 2: (4, 3), 3: (16, 16)}

_GENERIC_ATTACKERS = {
    "gunmen", "unidentified gunmen", "unknown gunmen", "armed men", "unidentified armed men",
    "unidentified armed group", "unknown armed group", "unidentified attackers", "unknown attackers",
    "attackers", "assailants", "militants", "suspected militants", "insurgents", "jihadists",
    "terrorists", "extremists", "rebels", "fighters", "unidentified militants", "bandits",
    "armed group", "armed assailants", "suspected jihadists", "suspected insurgents", "guerrillas",
    "guerrilla fighters", "guerrilla",
}
# Trailing nouns that add nothing to a group's name ("IS militants", "Houthi rebels").
_GENERIC_TAIL = re.compile(r"\s*\b(militants?|fighters?|rebels?|insurgents?|jihadists?|group|movement|"
                           r"members?|gunmen|militia|militiamen|attackers|gangs?|gang members|paramilitary|paramilitaries)$")
# What is left of a generic attacker label once that noun is removed ("suspected militants").
_GENERIC_QUALIFIERS = {"", "suspected", "unidentified", "unknown", "armed", "islamist", "jihadist",
                       "suspected islamist", "suspected jihadist", "heavily armed", "masked"}
_STATE_WORDS = re.compile(
    r"\b(army|military|troops|soldiers|police|policemen|security forces|armed forces|"
    r"gendarmerie|gendarmes|counter ?terrorism|forces|air force|navy|marines|commandos)\b"
)
_CROWD_TYPES = {"Civilians": "civilians", "Protesters": "protesters", "Rioters": "rioters"}
_NON_STATE_ARMED = {"Rebel group", "Political militia", "Identity militia", None, ""}


# --------------------------------------------------------------------------- data files


def _data_rows(name: str) -> list[list[str]]:
    """Return the tab-separated rows of a data file, without comments and blank lines."""
    text = resources.files("eventwire").joinpath("data", name).read_text(encoding="utf-8")
    return [ln.split("\t") for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


@dataclass(frozen=True)
class TypeFamilies:
    """Sub-event type -> family, the compatible family pairs and the blocking group of a family."""

    family: dict[str, str]
    compatible: dict[frozenset[str], float]
    group: dict[str, str]

    def of(self, rec: Record) -> str | None:
        """Return the family of a record (by sub-type, else by event type), or None."""
        sub, typ = rec.get("sub_event_type"), rec.get("event_type")
        return self.family.get(sub or "") or self.family.get(typ or "")

    def agreement(self, a: Record, b: Record) -> float | None:
        """Return the type agreement of two records, None when their families are incompatible."""
        fa, fb = self.of(a), self.of(b)
        if fa is None or fb is None:
            return 0.5 if fa == fb else None
        if fa == fb:
            return 1.0 if a.get("sub_event_type") == b.get("sub_event_type") else 0.85
        return self.compatible.get(frozenset((fa, fb)))


@functools.lru_cache(maxsize=1)
def type_families() -> TypeFamilies:
    """Load ``data/type_families.tsv`` once."""
    family: dict[str, str] = {}
    compatible: dict[frozenset[str], float] = {}
    in_compat = False
    for row in _data_rows("type_families.tsv"):
        if row[0].strip() == "[compatible]":
            in_compat = True
        elif in_compat:
            compatible[frozenset((row[0], row[1]))] = float(row[2])
        else:
            family[row[1]] = row[2]
            family.setdefault(row[0], row[2])  # event type alone -> its first family
    return TypeFamilies(family, compatible, _blocking_groups(set(family.values()), compatible))


def _blocking_groups(families: set[str], compatible: dict[frozenset[str], float]) -> dict[str, str]:
    """Return family -> group name, joining families linked by a compatible pair."""
    group = {f: f for f in families}
    for pair in compatible:
        a, b = sorted(pair)
        old, new = group[b], group[a]
        group = {f: (new if g == old else g) for f, g in group.items()}
    return group


@functools.lru_cache(maxsize=1)
def _aliases() -> dict[str, str]:
    return {row[0]: row[1] for row in _data_rows("dedupe_actor_aliases.tsv")}


class _Demonyms:
    """Country words of actor names ("iraqi", "us") through the actor lexicon's country table."""

    def get(self, word: str) -> str | None:
        lex = _lexicon()
        return lex.country_iso3(word) if lex is not None else None


@functools.lru_cache(maxsize=1)
def _demonyms() -> _Demonyms:
    return _Demonyms()


# --------------------------------------------------------------------------- dates


def _iso(value: Any) -> date | None:
    """Parse an ISO date string (or pass a date through); None when absent or malformed."""
    if isinstance(value, date):
        return value
    if not value or not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def date_window(rec: Record) -> tuple[date, date] | None:
    """Return the inclusive date window a record's event can lie in, widened by its precision."""
    d = _iso(rec.get("event_date"))
    ds, de = _iso(rec.get("date_start")), _iso(rec.get("date_end"))
    prec = rec.get("time_precision") or 1
    if ds and de and de > ds:
        window = (ds, de)
    elif d or ds or de:
        d = d or ds or de
        back, fwd = _PREC_WINDOW.get(int(prec), (16, 16))
        window = (d - timedelta(days=back), d + timedelta(days=fwd))
    else:
        return None
    pub = _iso(rec.get("published"))
    if pub and window[0] <= pub < window[1]:
        window = (window[0], pub)  # nothing a report describes can happen after it was published
    return window


def date_agreement(a: Record, b: Record) -> float | None:
    """Return the date agreement, None when the windows are disjoint or a date is missing."""
    wa, wb = date_window(a), date_window(b)
    if wa is None or wb is None or wa[1] < wb[0] or wb[1] < wa[0]:
        return None
    width = max((wa[1] - wa[0]).days, (wb[1] - wb[0]).days) + 1
    if width <= 1:
        return 1.0
    return 0.85 if width <= 8 else 0.65 if width <= 32 else 0.5


# --------------------------------------------------------------------------- places


def _fold(s: str) -> str:
    """Lowercase, strip accents and punctuation, collapse spaces."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = re.sub(r"[’'`]", "", s)
    return re.sub(r"[^a-z0-9]+", " ", s).strip()


_PLACE_NOISE = re.compile(
    r"\b(near|outskirts of|outskirts|outside|north|south|east|west|northern|southern|eastern|western|"
    r"central|province|governorate|district|region|state|city|town|village|area|the|of|al|el)\b"
)


def _place_name(rec: Record) -> str:
    name = rec.get("location") or ""
    return re.sub(r"\s+", " ", _PLACE_NOISE.sub(" ", _fold(name))).strip()


def _names_match(x: str, y: str) -> bool:
    """True when two folded place names denote the same place (equal, nested or spelling variant)."""
    if not x or not y:
        return False
    tx, ty = set(x.split()), set(y.split())
    return tx <= ty or ty <= tx or fuzz.ratio(x, y) >= 85


def _coords(rec: Record) -> tuple[float, float] | None:
    lat, lon = rec.get("latitude"), rec.get("longitude")
    if isinstance(lat, (int, float)) and isinstance(lon, (int, float)):
        return (float(lat), float(lon))
    return None


def _geo_prec(rec: Record) -> int | None:
    p = rec.get("geo_precision")
    return int(p) if p in (1, 2, 3) else None


def country_of(rec: Record) -> str:
    """Return the record's country code (iso3, else folded country name), '' when unknown."""
    return (rec.get("iso3") or _fold(rec.get("country") or "")).upper()


def place_agreement(a: Record, b: Record) -> float | None:
    """Return the place agreement; None when the places are too far apart for their precision."""
    if country_of(a) and country_of(b) and country_of(a) != country_of(b):
        return None
    pa, pb = _geo_prec(a), _geo_prec(b)
    na, nb = _place_name(a), _place_name(b)
    same_name = _names_match(na, nb)
    ca, cb = _coords(a), _coords(b)
    if pa is None or pb is None or ca is None or cb is None:
        if same_name:
            return 0.9
        if na and nb and pa == pb == 1:
            return None  # two different named settlements, no coordinates to say otherwise
        return 0.5  # one side known only at country level: no information either way
    dist = haversine_km(*ca, *cb)
    allowed = _GEO_TOL_KM[pa] + _GEO_TOL_KM[pb]
    if pa == pb == 1 and not same_name and dist > 3.0:
        return None  # two named settlements a few km apart are different places
    if pa <= 2 and pb <= 2 and _admin_conflict(a, b) and not same_name:
        return None
    if dist > allowed and not same_name:
        return None
    closeness = max(0.0, 1.0 - dist / allowed)
    specificity = 1.0 if max(pa, pb) == 1 else 0.85 if max(pa, pb) == 2 else 0.7
    return max(closeness, 0.9 if same_name else 0.0) * specificity


def _admin_conflict(a: Record, b: Record) -> bool:
    """True when both records name a first-level unit and the names differ."""
    x, y = _fold(a.get("admin1") or ""), _fold(b.get("admin1") or "")
    return bool(x and y and not _names_match(x, y))


# --------------------------------------------------------------------------- actors


@dataclass(frozen=True)
class ActorKey:
    """A normalised actor: its key, whether it is a generic label, its ACLED type and folded name."""

    key: str
    generic: bool
    atype: str | None
    name: str
    lexicon_key: str | None = None
    alt: frozenset[str] = frozenset()  # other names given in the text, e.g. an acronym in brackets
    lexicon_known: bool = False  # the shared lexicon recognised the name, so its key is trusted


@functools.lru_cache(maxsize=1)
def _lexicon() -> Any:
    """Return the shared ActorLexicon when eventwire.resolve.actors provides one, else None."""
    try:
        from eventwire.resolve.actors import ActorLexicon  # written by the actors area

        return ActorLexicon.load()
    except Exception:  # absent module, missing data or an API change: use the fallback only
        return None


def _lexicon_key(name: str, iso3: str | None) -> tuple[str | None, bool]:
    """Return (the shared lexicon's key for a name, whether the lexicon knows the name)."""
    lex = _lexicon()
    if lex is None:
        return (None, False)
    try:
        key = str(lex.canonical_key(name, iso3))
    except TypeError:  # an older signature without the country
        try:
            key = str(lex.canonical_key(name))
        except Exception:
            return (None, False)
    except Exception:
        return (None, False)
    try:
        known = lex.normalise(name, iso3) is not None
    except Exception:
        known = False
    return (key or None, known)


def _strip_name(name: str) -> tuple[str, list[str]]:
    """Return the folded name without parenthesised parts, and those parts (acronyms, years)."""
    parts = re.findall(r"\(([^)]*)\)", name)
    bare = re.sub(r"\([^)]*\)", " ", name)
    bare = re.sub(r"\b(the|al|el|ad|an|ar|as|ash)\b", " ", _fold(bare.replace("-", " ")))
    return re.sub(r"\s+", " ", bare).strip(), [_fold(p) for p in parts]


def _state_of(folded: str, iso3: str | None) -> str | None:
    """Return the ISO3 of the state named in an actor name, else the event country."""
    demonyms = _demonyms()
    for n in (2, 1):
        toks = folded.split()
        for i in range(len(toks) - n + 1):
            iso = demonyms.get(" ".join(toks[i : i + n]))
            if iso:
                return iso
    return iso3


# Words allowed before a known name inside a longer one ("al-Qaeda-linked JNIM", "suspected Boko Haram").
_HEAD_MODIFIERS = {"suspected", "alleged", "presumed", "linked", "affiliated", "allied", "aligned",
                   "backed", "loyal", "qaeda", "islamist", "jihadist"}


def _head_alias(folded: str) -> str | None:
    """Return the alias key of a known name ending a longer one when only modifiers precede it."""
    toks = folded.split()
    for i in range(1, len(toks)):
        key = _aliases().get(" ".join(toks[i:]))
        if key and all(t in _HEAD_MODIFIERS for t in toks[:i]):
            return key
    return None


@functools.lru_cache(maxsize=65536)
def actor_key(name: str, atype: str | None, iso3: str | None) -> ActorKey:
    """Return the normalised key of one actor mention (fallback rules + shared lexicon key)."""
    folded, parts = _strip_name(name)
    lex, known = _lexicon_key(name, iso3)
    if atype in _CROWD_TYPES or folded in ("civilians", "protesters", "rioters", "demonstrators"):
        kind = _CROWD_TYPES.get(atype or "", folded.replace("demonstrators", "protesters"))
        return ActorKey(f"{kind}:{iso3}", False, atype, folded, lex, lexicon_known=known)
    core = _GENERIC_TAIL.sub("", folded).strip()
    acronyms = re.findall(r"\(([A-Z]{2,8})\)", name)  # "National Liberation Army (ELN)"
    alt = frozenset(a.lower() for a in acronyms if a != iso3)
    alias = next((_aliases()[c] for c in (folded, core, *parts) if c in _aliases()), None)
    alias = alias or _head_alias(core)
    if alias:
        return ActorKey(alias, False, atype, folded, lex, lexicon_known=known)
    if (folded in _GENERIC_ATTACKERS or core in _GENERIC_QUALIFIERS) and _state_of(folded, None) is None:
        return ActorKey(f"unidentified:{iso3}", True, atype, folded, lex, lexicon_known=known)
    # Names like "National Liberation Army" carry a state word, so the type decides when it is given.
    if atype in ("State forces", "External/Other forces") or (not atype and _STATE_WORDS.search(folded)):
        state = _state_of(folded, iso3 if atype != "External/Other forces" else None)
        if state:
            return ActorKey(f"state:{state}", False, atype or "State forces", folded, lex, lexicon_known=known)
    return ActorKey(core or folded, False, atype, folded, lex, alt, known)


def _actor_match(x: ActorKey, y: ActorKey) -> float:
    """Return how well two normalised actors agree (1 same, 0.6 generic vs compatible, 0 no)."""
    if x.lexicon_key and x.lexicon_key == y.lexicon_key:
        return 1.0
    if x.lexicon_known and y.lexicon_known and ":" not in x.key + y.key and not (x.generic or y.generic):
        return 0.0  # two organisations the shared lexicon knows under different keys
    if x.key == y.key:
        return 1.0
    if x.key in y.alt or y.key in x.alt or x.alt & y.alt:
        return 0.9
    if {x.key.split(":")[0], y.key.split(":")[0]} == {"protesters", "rioters"}:
        return 0.8 if x.key.split(":")[1:] == y.key.split(":")[1:] else 0.0  # one crowd, two views
    if x.generic or y.generic:
        other = y if x.generic else x
        armed = not other.key.startswith(("state:", "civilians:", "protesters:", "rioters:"))
        return 0.6 if armed and other.atype in _NON_STATE_ARMED else 0.0
    if ":" not in x.key and ":" not in y.key and fuzz.token_sort_ratio(x.key, y.key) >= 88:
        return 0.9
    return 0.0


def record_actors(rec: Record) -> list[ActorKey]:
    """Return the normalised main actors (actor1, actor2) of a record, duplicates removed."""
    iso3 = rec.get("iso3") or None
    out: list[ActorKey] = []
    for slot in ("actor1", "actor2"):
        name = rec.get(slot)
        if isinstance(name, str) and name.strip():
            k = actor_key(name, rec.get(f"{slot}_type"), iso3)
            if all(k.key != o.key for o in out):
                out.append(k)
    return out


def actor_agreement(a: Record, b: Record) -> float | None:
    """Return the actor agreement; None when each record names an actor the other lacks."""
    xa, xb = record_actors(a), record_actors(b)
    if not xa or not xb:
        return 0.5 if not xa and not xb else 0.4
    small, big = (xa, xb) if len(xa) <= len(xb) else (xb, xa)
    best: tuple[float, list[float]] = (-1.0, [])
    for perm in permutations(range(len(big)), len(small)):
        scores = [_actor_match(small[i], big[j]) for i, j in enumerate(perm)]
        if sum(scores) > best[0]:
            best = (sum(scores), scores)
    matched = [s for s in best[1] if s > 0]
    unmatched_small = len(small) - len(matched)
    unmatched_big = len(big) - len(matched)
    if not matched or (unmatched_small and unmatched_big):
        return None
    return sum(matched) / (len(matched) + 0.5 * (unmatched_small + unmatched_big))


# --------------------------------------------------------------------------- fatalities, evidence


def fatality_range(rec: Record) -> tuple[int, int]:
    """Return (low, high) deaths of a record from fatalities_low/_high, else fatalities."""
    def num(v: Any) -> int:
        return int(v) if isinstance(v, (int, float)) and v >= 0 else 0

    low = num(rec.get("fatalities_low")) or num(rec.get("fatalities"))
    high = max(num(rec.get("fatalities_high")), low)
    return (low, high)


def fatality_agreement(a: Record, b: Record) -> float:
    """Return how compatible two death figures are (tolls get revised, so never a hard 0 here)."""
    (la, ha), (lb, hb) = fatality_range(a), fatality_range(b)
    if ha == 0 and hb == 0:
        return 0.8
    if ha == 0 or hb == 0:
        return 0.5  # one report gives no toll (early report, "casualties" only)
    if la <= hb and lb <= ha:
        return 1.0
    return math.sqrt(min(ha, hb) / max(la, lb))


def _evidence_text(rec: Record) -> str:
    ev = [e for e in rec.get("evidence") or () if isinstance(e, dict)]
    main = [e.get("text", "") for e in ev if e.get("field") in ("event", "event_type", "trigger")]
    return " ".join(main or [e.get("text", "") for e in ev])


def evidence_similarity(a: Record, b: Record) -> float:
    """Return the token-set similarity of the two records' event evidence sentences."""
    ta, tb = _evidence_text(a), _evidence_text(b)
    if not ta or not tb:
        return 0.5
    return fuzz.token_set_ratio(ta, tb, processor=default_process) / 100.0


# --------------------------------------------------------------------------- the pair score


def is_vague(rec: Record) -> bool:
    """True for a record dated to more than a week with no place below country level."""
    w = date_window(rec)
    wide = w is None or (w[1] - w[0]).days > 7
    return wide and (_geo_prec(rec) is None or _coords(rec) is None) and not _place_name(rec)


def score_details(a: Record, b: Record) -> dict[str, float | None]:
    """Return each field agreement (None = hard constraint broken) and the combined score."""
    d: dict[str, float | None] = {
        "type": type_families().agreement(a, b),
        "date": date_agreement(a, b),
        "place": place_agreement(a, b),
        "actors": actor_agreement(a, b),
        "fatalities": fatality_agreement(a, b),
        "evidence": evidence_similarity(a, b),
    }
    if (is_vague(a) or is_vague(b)) and (d["fatalities"] or 0) < 0.8:
        d["fatalities"] = None  # a vague recap must at least agree on the toll to match anything
    broken = any(d[k] is None for k in WEIGHTS)
    d["score"] = 0.0 if broken else round(sum(WEIGHTS[k] * float(d[k] or 0) for k in WEIGHTS), 4)
    return d
