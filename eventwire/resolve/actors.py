"""Actor lexicon and resolver: find actor mentions in text and normalise them to ACLED-shaped actors.

Data (all under ``eventwire/data``, each with a provenance header):
``actors.tsv`` named groups, state-force aliases and regional redirects; ``demonyms.tsv`` countries,
demonyms and ISO3 codes; ``actor_generics.tsv`` generic phrases (troops, civilians, gunmen ...).

Scanning uses two pyahocorasick automata over a length-preserving folded copy of the text (curly
quotes -> "'", dashes -> " "): one case-sensitive for acronyms ("IS", "JNIM"), one case-insensitive
for ordinary words. Matches must sit on word boundaries; overlaps resolve to the longest match.
Short generic tokens are then composed: demonym + head ("Iraqi security forces"), coordinated
demonyms ("US and Iraqi forces"), ethnic name + suffix ("Fulani militia"), group + suffix
("IS militants"), and contextual words ("terrorists") bound to the named group of the range.
"""

from __future__ import annotations

import csv
import datetime
import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable

import ahocorasick

from eventwire.resolve._factions import FactionMention, FactionRules
from eventwire.types import Provenance, Span

__all__ = ["Actor", "ActorLexicon", "INTER_LABELS", "canonical_key", "interaction_code"]

DATA = Path(__file__).resolve().parent.parent / "data"

INTER_LABELS: dict[int, str] = {
    1: "State forces",
    2: "Rebel group",
    3: "Political militia",
    4: "Identity militia",
    5: "Rioters",
    6: "Protesters",
    7: "Civilians",
    8: "External/Other forces",
}

# Length-preserving folding: every character maps to exactly one character, so offsets survive.
_FOLD = str.maketrans({
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'",
    "-": " ", "\u2010": " ", "\u2011": " ", "\u2012": " ", "\u2013": " ", "\u2014": " ",
    "\u00a0": " ", "\t": " ", "\n": " ", "\r": " ",
})
_GAP_COMPOSE = re.compile(r"^(?:'s|s'|')?\s{1,3}$")
_GAP_COORD = re.compile(r"^\s*(?:,\s*)?(?:and|or|and/or|&)?\s*$", re.I)
_GAP_PAREN = re.compile(r"^\s*\($")
_GAP_MEMBER_OF = re.compile(r"^\s+of\s+(?:the\s+)?$", re.I)  # "jihadists of JNIM", "fighters of the Islamic State"
_WORD = re.compile(r"[A-Za-z][A-Za-z.']*")
_PERIOD = re.compile(r"\s*\((?:\d{4})?\s*-\s*(?:\d{4})?\)")
_STATE_NAME = re.compile(
    r"^(?P<pre>former |mutiny of )?(?P<branch>military|police|government|armed) forces of (?P<c>.+?)$"
)
_GOVT_NAME = re.compile(r"^government of (?P<c>.+?)$")
_GENERIC_NAME = re.compile(
    r"^(?P<kind>civilians|protesters|protestors|rioters|unidentified armed group|islamist militia|"
    r"unidentified gang|unidentified communal militia)\s*\((?P<c>[^)]+)\)$"
)
_FACTION_NAME = re.compile(r"^military forces of (?P<c>.+?) \((?P<s>[^()]+) faction\)$")
_QUALIFIER = re.compile(r"\s*\((?P<q>[^()]+)\)$")
_ETHNIC_NAME = re.compile(r"^(?P<e>.+?) (?:ethnic|communal|clan) militia(?: \((?P<c>[^)]+)\))?$")
_UNKNOWN_NAMES = {
    "unknown", "unidentified", "unknown group", "unidentified group", "unknown gunmen",
    "unidentified gunmen", "gunmen", "unidentified armed group", "unidentified armed men",
    "unknown attackers", "unidentified attackers", "unknown perpetrators",
}
_GENERIC_KEY = {
    "civilians": "civilians", "protesters": "protesters", "protestors": "protesters",
    "rioters": "rioters", "unidentified armed group": "unidentified", "islamist militia": "islamist",
    "unidentified gang": "unidentified", "unidentified communal militia": "unidentified",
}
_ARMED_GROUP_INTERS = {2, 3, 4}
_HEADS = {"military", "police", "military_demonym"}
_DEFINITE = re.compile(r"\bthe\s+$", re.I)  # "the militants": a group already told about


@dataclass(frozen=True)
class Actor:
    """A resolved actor: ACLED-shaped name, inter code and type label, and a comparison key."""

    name: str
    inter: int
    type: str
    key: str
    country_iso3: str | None = None


@dataclass(frozen=True)
class _Variant:
    name: str
    start: datetime.date | None
    end: datetime.date | None
    inter: int | None


@lru_cache(maxsize=1)
def _regions() -> dict[str, str]:
    """Return actor key -> main country for cross-border groups (data/actor_regions.tsv)."""
    return {cells[0]: cells[1] for cells in _data_rows(DATA / "actor_regions.tsv")}


@dataclass(frozen=True)
class _Row:
    key: str
    inter: int
    home: tuple[str, ...]  # in the table's order: most active first
    abroad: int | None
    variants: tuple[_Variant, ...]
    branch: str  # state rows: "military" / "police" / "military:<Unit>"; "" for groups


@dataclass(frozen=True)
class _Country:
    iso3: str
    name: str
    of_form: str


@dataclass
class _Cand:
    start: int
    end: int
    entries: list[tuple[str, Any]]


def _fold(text: str) -> str:
    """Return a same-length copy with quotes and dashes folded."""
    return text.translate(_FOLD)


def _lower(text: str) -> str:
    """Lower-case without changing the length (characters whose lower form grows are kept)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _norm(s: str) -> str:
    """Return the lookup form of a phrase: folded, lower-case, single spaces."""
    return " ".join(_lower(_fold(s)).split())


def _parse_date(s: str) -> datetime.date | None:
    return datetime.date.fromisoformat(s) if s else None


def _parse_variants(cell: str) -> tuple[_Variant, ...]:
    """Parse ``Name@from..to#inter;...`` into dated name variants."""
    out = []
    for part in cell.split(";"):
        part = part.strip()
        if not part:
            continue
        inter = None
        if "#" in part:
            part, i = part.rsplit("#", 1)
            inter = int(i)
        start = end = None
        if "@" in part:
            part, rng = part.rsplit("@", 1)
            a, _, b = rng.partition("..")
            start, end = _parse_date(a.strip()), _parse_date(b.strip())
        out.append(_Variant(part.strip(), start, end, inter))
    return tuple(out)


def _data_rows(path: Path) -> Iterable[list[str]]:
    """Yield the tab-separated rows of a data file, skipping comments and the header line."""
    with path.open(encoding="utf-8") as fh:
        first = True
        for row in csv.reader((ln for ln in fh if ln.strip() and not ln.startswith("#")), delimiter="\t"):
            if first:
                first = False
                continue
            yield [c.strip() for c in row]


class ActorLexicon:
    """Alias tables plus two Aho-Corasick automata; built once per process, picklable."""

    def __init__(self, data_dir: Path = DATA) -> None:
        self.data_dir = data_dir
        self.rows: list[_Row] = []
        self.by_key: dict[str, _Row] = {}
        self.redirects: dict[tuple[str, str], str] = {}
        self.countries: dict[str, _Country] = {}
        self.country_lookup: dict[str, str] = {}  # normalised name/demonym -> iso3
        self.aliases: list[tuple[str, str, Any, str]] = []  # (surface, kind, payload, flags)
        self.ethnic_canon: dict[str, str] = {}
        self.generic_kinds: dict[str, set[str]] = {}
        self._load_countries()
        self._load_actors()
        self._load_generics()
        self.factions = FactionRules(data_dir / "factions.tsv")
        self._lock = threading.Lock()
        self._ac: tuple[ahocorasick.Automaton, ahocorasick.Automaton] | None = None

    # ---------------------------------------------------------------- loading
    @classmethod
    def load(cls) -> "ActorLexicon":
        """Return the process-wide lexicon (built on first use)."""
        return _default_lexicon()

    def _load_countries(self) -> None:
        for iso3, name, of_form, aliases in _data_rows(self.data_dir / "demonyms.tsv"):
            self.countries[iso3] = _Country(iso3, name, of_form or name)
            for a in [name, of_form, iso3 if iso3 != "INT" else ""] + aliases.split(";"):
                a = a.strip()
                if not a:
                    continue
                self.country_lookup.setdefault(_norm(a), iso3)
                if a != iso3 and iso3 != "INT":
                    self.aliases.append((a, "country", iso3, ""))

    def _load_actors(self) -> None:
        for cells in _data_rows(self.data_dir / "actors.tsv"):
            if cells[0] == "@redirect":
                _, key, countries, target = cells[:4]
                for c in countries.split(","):
                    self.redirects[(key, c.strip())] = target
                continue
            key, inter, home, abroad, name, aliases = (cells + [""] * 6)[:6]
            is_state = key.startswith("state:")
            row = _Row(
                key=key,
                inter=int(inter),
                home=tuple(dict.fromkeys(h.strip() for h in home.split(",") if h.strip())),
                abroad=int(abroad) if abroad else None,
                variants=() if is_state else _parse_variants(name),
                branch=name if is_state else "",
            )
            idx = len(self.rows)
            self.rows.append(row)
            self.by_key.setdefault(key, row)
            for a in aliases.split(";"):
                a = a.strip()
                if a:
                    flags = ""
                    while a[:1] in "!=":
                        flags += a[0]
                        a = a[1:]
                    self.aliases.append((a, "org", idx, flags))

    def _load_generics(self) -> None:
        for kind, phrases in _data_rows(self.data_dir / "actor_generics.tsv"):
            for p in phrases.split(";"):
                p = p.strip()
                if not p:
                    continue
                if kind == "ethnic":
                    names = [x.strip() for x in p.split("=")]
                    for n in names:
                        for form in (n, n + "s"):
                            self.ethnic_canon[_norm(form)] = names[0]
                            self.aliases.append((form, "gen", "ethnic", "i"))
                    continue
                self.generic_kinds.setdefault(_norm(p), set()).add(kind)
                self.aliases.append((p, "gen", kind, "i"))

    def _automata(self) -> tuple[ahocorasick.Automaton, ahocorasick.Automaton]:
        """Build (once) the case-sensitive and case-insensitive automata."""
        if self._ac is not None:
            return self._ac
        with self._lock:
            if self._ac is None:
                cs, ci = ahocorasick.Automaton(), ahocorasick.Automaton()
                for surface, kind, payload, flags in self.aliases:
                    sensitive = "=" in flags or ("i" not in flags and not any(c.islower() for c in surface))
                    folded = " ".join(_fold(surface).split())
                    auto, word = (cs, folded) if sensitive else (ci, _lower(folded))
                    entry = (kind, payload, "!" in flags)
                    if auto.exists(word):
                        length, entries = auto.get(word)
                        if entry not in entries:
                            entries.append(entry)
                    else:
                        auto.add_word(word, (len(word), [entry]))
                cs.make_automaton()
                ci.make_automaton()
                self._ac = (cs, ci)
        return self._ac

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_ac"] = None
        state["_lock"] = None
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._lock = threading.Lock()

    # ---------------------------------------------------------------- actors
    def home_countries(self, key: str) -> tuple[str, ...]:
        """Return the countries an actor operates in, most active first (empty when unknown)."""
        listed = _regions().get(key)
        if listed:
            return tuple(c.strip() for c in listed.split(","))
        row = self.by_key.get(key)
        return row.home if row is not None else ()

    def country_iso3(self, name: str | None) -> str | None:
        """Return the ISO3 code for a country name, demonym or code (None when unknown)."""
        if not name:
            return None
        if name in self.countries:
            return name
        n = _norm(name)
        if n in self.country_lookup:
            return self.country_lookup[n]
        base = _norm(re.sub(r"\s*\([^)]*\)\s*$", "", name))
        return self.country_lookup.get(base)

    def country_name(self, iso3: str | None) -> str | None:
        """Return the English short name of an ISO3 code."""
        c = self.countries.get(iso3 or "")
        return c.name if c else None

    def state_actor(self, iso3: str | None, branch: str = "military", event_iso3: str | None = None) -> Actor:
        """Return the state forces of ``iso3`` as seen from an event in ``event_iso3``."""
        if iso3 is None:
            label = "Police Forces" if branch == "police" else "Military Forces"
            return Actor(label, 1, INTER_LABELS[1], "state", None)
        c = self.countries.get(iso3)
        of = c.of_form if c else iso3
        kind, _, unit = branch.partition(":")
        name = f"{'Police' if kind == 'police' else 'Military'} Forces of {of}"
        if unit:
            name += f" ({unit})"
        inter = 8 if event_iso3 and event_iso3 != iso3 and not (iso3 == "ISR" and event_iso3 == "ISR") else 1
        return Actor(name, inter, INTER_LABELS[inter], f"state:{iso3}", iso3)

    def generic_actor(self, kind: str, iso3: str | None) -> Actor:
        """Return the generic actor of ``kind`` (civilians, protesters, rioters, unidentified, islamist)."""
        label, inter = {
            "civilians": ("Civilians", 7),
            "protesters": ("Protesters", 6),
            "rioters": ("Rioters", 5),
            "unidentified": ("Unidentified Armed Group", 3),
            "islamist": ("Islamist Militia", 3),
        }[kind]
        cname = self.country_name(iso3)
        name = f"{label} ({cname})" if cname else label
        key = f"{kind}:{iso3}" if iso3 else kind
        return Actor(name, inter, INTER_LABELS[inter], key, iso3)

    def ethnic_actor(self, ethnic: str, iso3: str | None) -> Actor:
        """Return the identity militia of an ethnic or communal group."""
        canon = self.ethnic_canon.get(_norm(ethnic), ethnic.strip().title())
        cname = self.country_name(iso3)
        name = f"{canon} Ethnic Militia ({cname})" if cname else f"{canon} Ethnic Militia"
        key = f"ethnic:{_norm(canon)}" + (f":{iso3}" if iso3 else "")
        return Actor(name, 4, INTER_LABELS[4], key, iso3)

    def row_actor(self, idx: int, event_iso3: str | None, when: datetime.date | None) -> Actor:
        """Return the actor of an alias-table row for an event country and date."""
        row = self.rows[idx]
        if event_iso3:
            target = self.redirects.get((row.key, event_iso3))
            if target:
                if target.startswith("state:"):
                    return self.state_actor(target.split(":", 1)[1], "military", event_iso3)
                row = self.by_key[target]
        if row.key.startswith("state:"):
            return self.state_actor(row.key.split(":", 1)[1], row.branch or "military", event_iso3)
        variant = _pick_variant(row.variants, when)
        inter = variant.inter if variant.inter is not None else row.inter
        if event_iso3 and row.home and event_iso3 not in row.home and row.abroad is not None:
            inter = row.abroad
        iso = next(iter(row.home)) if len(row.home) == 1 else None
        return Actor(variant.name, inter, INTER_LABELS[inter], row.key, iso)

    # ---------------------------------------------------------------- scanning
    def _candidates(self, text: str, start: int, end: int) -> list[_Cand]:
        """Return all word-bounded matches in text[start:end] (offsets into text)."""
        cs, ci = self._automata()
        seg = _fold(text[start:end])
        low = _lower(seg)
        out: list[_Cand] = []
        for sensitive, hay, auto in ((True, seg, cs), (False, low, ci)):
            for last, (length, entries) in auto.iter(hay):
                s, e = last - length + 1, last + 1
                if (s > 0 and hay[s - 1].isalnum()) or (e < len(hay) and hay[e].isalnum()):
                    continue
                if sensitive and any(amb for _, _, amb in entries) and _shouting(seg, s, e):
                    continue
                out.append(_Cand(start + s, start + e, [(k, p) for k, p, _ in entries]))
        return out

    def organisations(self, text: str) -> list[tuple[int, int, str, int, str | None]]:
        """Return (start, end, key, inter, home ISO3 or None) of the organisations named in ``text``:
        longest matches, without composing them with their context (a cheap article-level pass)."""
        out = []
        for c in _longest_non_overlapping(self._candidates(text, 0, len(text))):
            idx = next((p for k, p in c.entries if k == "org"), None)
            if idx is not None:
                actor = self.row_actor(idx, None, None)
                out.append((c.start, c.end, actor.key, actor.inter, actor.country_iso3))
        return out

    def scan(
        self,
        text: str,
        start: int = 0,
        end: int | None = None,
        country_iso3: str | None = None,
        when: datetime.date | None = None,
        earlier: Callable[[], list[Actor]] | None = None,
    ) -> list[Span]:
        """Return ACTOR spans (value: Actor) for text[start:end], longest non-overlapping matches.

        ``earlier`` returns the named armed groups of the text before the range (called only when
        the range holds a definite generic mention such as "the militants")."""
        if not isinstance(text, str):
            raise TypeError(f"text must be str, not {type(text).__name__}")
        end = len(text) if end is None else end
        if not 0 <= start <= end <= len(text):
            raise ValueError(f"bad range {start}:{end} for text of length {len(text)}")
        cands = self._candidates(text, start, end)
        chosen = _longest_non_overlapping(cands)
        spans = self._with_factions(self._compose(text, chosen, country_iso3, when, earlier),
                                    self.factions.find(text, start, end), country_iso3, when)
        return [
            Span(s, e, text[s:e], "ACTOR", actor, Provenance("resolve", f"actors:{rule}"))
            for s, e, actor, rule in spans
        ]

    def _compose(
        self, text: str, cands: list[_Cand], iso: str | None, when: datetime.date | None,
        earlier: Callable[[], list[Actor]] | None = None,
    ) -> list[tuple[int, int, Actor, str]]:
        """Turn raw matches into actors: compose demonym+head, ethnic+suffix, group+suffix, context."""
        out: list[tuple[int, int, Actor, str]] = []
        contextual: list[int] = []
        definite: list[int] = []
        used: set[int] = set()
        member_start: dict[int, int] = {}  # org candidate -> start of the group word naming its members
        n = len(cands)

        def kinds(c: _Cand) -> set[str]:
            return {p if k == "gen" else k for k, p in c.entries}

        def gap(i: int, j: int) -> str:
            return _fold(text[cands[i].end : cands[j].start])

        for i, c in enumerate(cands):
            if i in used:
                continue
            ks = kinds(c)
            nxt = i + 1 if i + 1 < n else None
            # country/demonym followed by a state-forces head, maybe via a coordinated demonym
            if "country" in ks:
                j = nxt
                coord: list[_Cand] = [c]
                while j is not None and "country" in kinds(cands[j]) and _GAP_COORD.match(gap(j - 1, j)) \
                        and gap(j - 1, j).strip():
                    coord.append(cands[j])
                    j = j + 1 if j + 1 < n else None
                if j is not None and _GAP_COMPOSE.match(gap(j - 1, j)):
                    hk = kinds(cands[j])
                    if hk & _HEADS:
                        branch = "police" if "police" in hk and "military" not in hk else "military"
                        last = coord[-1]
                        for d in coord[:-1]:
                            diso = next(p for k, p in d.entries if k == "country")
                            out.append((d.start, d.end, self.state_actor(diso, branch, iso), "demonym-coord"))
                        liso = next(p for k, p in last.entries if k == "country")
                        out.append((last.start, cands[j].end, self.state_actor(liso, branch, iso), "demonym-head"))
                        used.update(range(i, j + 1))
                        continue
                    if "org" in {k for k, _ in cands[j].entries} and len(coord) == 1:
                        continue  # "Iraqi Counter Terrorism Service": the org match carries it
                    if hk & {"civilians", "protesters", "rioters", "unidentified", "islamist"} and len(coord) == 1:
                        used.add(i)  # "Afghan civilians": the demonym only qualifies the head
                        continue
                if "ethnic" not in ks:
                    continue
            # ethnic name + suffix -> identity militia; "between the Moba and Yana" -> two militias
            if "ethnic" in ks and nxt is not None and _GAP_COMPOSE.match(gap(i, nxt)):
                if "ethnic_suffix" in kinds(cands[nxt]):
                    out.append((c.start, cands[nxt].end, self.ethnic_actor(text[c.start : c.end], iso), "ethnic"))
                    used.update((i, nxt))
                    continue
            if "ethnic" in ks and nxt is not None and "ethnic" in kinds(cands[nxt]) \
                    and re.match(r"^\s+(?:and|&)\s+(?:the\s+)?$", gap(i, nxt), re.I):
                for k in (i, nxt):
                    eth = text[cands[k].start : cands[k].end]
                    out.append((cands[k].start, cands[k].end, self.ethnic_actor(eth, iso), "ethnic-pair"))
                used.update((i, nxt))
                continue
            if nxt is not None and self._members_of(cands[i], cands[nxt], gap(i, nxt), kinds) \
                    and text[cands[nxt].end : cands[nxt].end + 1] != "-":  # not "fighters of IS-held towns"
                member_start[nxt] = c.start  # "militants of al-Shabaab": the named group, not a generic
                continue
            orgs = [p for k, p in c.entries if k == "org"]
            if orgs:
                actor = self.row_actor(orgs[0], iso, when)
                e = c.end
                j = nxt
                # "Islamic State (IS)": merge a parenthesised alias of the same group
                if j is not None and _GAP_PAREN.match(gap(i, j)):
                    k2 = [p for k, p in cands[j].entries if k == "org"]
                    close = cands[j].end
                    if k2 and self.row_actor(k2[0], iso, when).key == actor.key and text[close : close + 1] == ")":
                        e = close + 1
                        used.add(j)
                        j = j + 1 if j + 1 < n else None
                # "IS militants", "Taliban fighters": absorb a following group word
                if j is not None and cands[j].start >= e and _GAP_COMPOSE.match(_fold(text[e : cands[j].start])):
                    if "group_suffix" in kinds(cands[j]):
                        e = cands[j].end
                        used.add(j)
                out.append((member_start.get(i, c.start), e, actor, "alias"))
                used.add(i)
                continue
            if ks & {"military", "police"}:
                if _inside_proper_name(text, c.start):
                    continue
                branch = "military" if "military" in ks else "police"
                out.append((c.start, c.end, self.state_actor(iso, branch, iso), "head"))
                continue
            if "anaphor" in ks or ("coreferent" in ks and _DEFINITE.search(text, max(0, c.start - 8), c.start)):
                definite.append(len(out))
            for kind in ("civilians", "protesters", "rioters", "islamist", "unidentified"):
                if kind in ks:
                    out.append((c.start, c.end, self.generic_actor(kind, iso), kind))
                    break
            else:
                if ks & {"contextual", "anaphor"}:
                    contextual.append(len(out))
                    rule = "contextual" if "contextual" in ks else "anaphor"
                    out.append((c.start, c.end, self.generic_actor("unidentified", iso), rule))
        named = [a for _, _, a, r in out if r == "alias" and not a.key.startswith("state:") and a.inter < 5]
        for k in contextual:
            s, e, _, rule = out[k]
            if named:
                out[k] = (s, e, named[0], f"{rule}-group")
        if definite and earlier is not None:
            self._corefer(out, definite, earlier)
        return sorted((t for t in out if t[3] != "anaphor"), key=lambda t: t[0])

    @staticmethod
    def _members_of(head: _Cand, org: _Cand, between: str, kinds: Callable[[_Cand], set[str]]) -> bool:
        """True for a group word followed by "of (the)" and a named organisation ("jihadists of
        JNIM", "fighters of the Islamic State"): the words name that organisation's members."""
        return "group_suffix" in kinds(head) and not {"org", "country"} & {k for k, _ in head.entries} \
            and any(k == "org" for k, _ in org.entries) and bool(_GAP_MEMBER_OF.match(between))

    @staticmethod
    def _corefer(out: list[tuple[int, int, Actor, str]], definite: list[int],
                 earlier: Callable[[], list[Actor]]) -> None:
        """Bind "the militants", "the attackers", "the group" to the armed group named before them
        when exactly one was (conservative coreference: after a change of group nothing binds)."""
        before = earlier()
        for k in definite:
            s, e, actor, rule = out[k]
            if _named_group(actor):
                continue  # "the group" already bound to the group named in the same range
            groups = {a.key: a for a in before}
            groups.update((a.key, a) for _, end, a, r in out if r == "alias" and end <= s and _named_group(a))
            if len(groups) == 1:
                out[k] = (s, e, next(iter(groups.values())), "coreference")

    def named_groups(self, text: str, start: int, end: int, country_iso3: str | None = None,
                     when: datetime.date | None = None) -> list[Actor]:
        """Return the named armed non-state groups of text[start:end] in text order."""
        return [x.value for x in self.scan(text, start, end, country_iso3, when) if _named_group(x.value)]

    def _with_factions(self, spans: list[tuple[int, int, Actor, str]], found: list[FactionMention],
                       iso: str | None, when: datetime.date | None) -> list[tuple[int, int, Actor, str]]:
        """Put leader-named sides ("troops loyal to Kiir") in place of the generic words inside them;
        a named group's alias ("forces loyal to Khalifa Haftar") is kept."""
        for f in found:
            inside = [t for t in spans if t[0] < f.end and f.start < t[1]]
            if any(t[3] == "alias" for t in inside):
                continue
            spans = [t for t in spans if t not in inside]
            spans.append((f.start, f.end, self.faction_actor(f, iso, when), "faction"))
        return sorted(spans, key=lambda t: t[0])

    def faction_actor(self, f: FactionMention, iso: str | None, when: datetime.date | None = None) -> Actor:
        """Return the side a leader names: the incumbent's men are the state's forces; a rival's
        are "Military Forces of <Country> (<Surname> faction)" unless the alias table knows them."""
        if f.leader.side == "state":
            return self.state_actor(iso, "military", iso)
        label = f.surname or f.leader.title.title()
        known = self._exact_alias(f"{label}'s forces", iso, when)
        if known is not None:
            return known
        cname = self.country_name(iso)
        if f.leader.side == "faction":
            name = f"Military Forces of {self.countries[iso].of_form} ({label} faction)" if cname else f"{label} faction"
        else:
            name = f"Forces loyal to {label}" + (f" ({cname})" if cname else "")
        return Actor(name, f.leader.inter, INTER_LABELS[f.leader.inter], f"faction:{_norm(label)}", iso)

    def _coded_faction(self, name: str, iso: str | None, when: datetime.date | None) -> Actor | None:
        """Parse a leader-named side given as a whole name ("Forces loyal to Vice President Riek
        Machar", "Machar's loyalists", "Military Forces of South Sudan (Machar faction)")."""
        m = _FACTION_NAME.match(_lower(name))
        if m:
            start = name.lower().rindex("(") + 1
            label = name[start : start + len(m.group("s"))]
            c_iso = self._country_prefix(m.group("c")) or iso
            leader = next(t for t in self.factions.titles.values() if t.side == "faction")
            return self.faction_actor(FactionMention(0, len(name), leader, label), c_iso, when)
        q = _QUALIFIER.search(name)
        bare = name[: q.start()] if q else name
        iso = (self.country_iso3(q.group("q")) if q else None) or iso
        whole = [f for f in self.factions.find(bare, 0, len(bare), trust_names=True) if f.start == 0 and f.end == len(bare)]
        return self.faction_actor(whole[0], iso, when) if whole else None

    # ---------------------------------------------------------------- names
    def normalise(
        self, surface: str, country_iso3: str | None = None, when: datetime.date | None = None
    ) -> Actor | None:
        """Return the actor a surface form or a coded name stands for, or None when unknown."""
        surface = (surface or "").strip()
        if not surface:
            return None
        named = self._from_coded_name(surface, country_iso3, when)
        if named is not None:
            return named
        spans = self.scan(surface, 0, len(surface), country_iso3, when)
        if not spans:
            return None
        best = max(spans, key=lambda s: s.end - s.start)
        covered = sum(1 for ch in surface[best.start : best.end] if ch.isalnum())
        total = sum(1 for ch in surface if ch.isalnum())
        return best.value if covered * 2 >= total else None

    def _exact_alias(self, name: str, iso: str | None, when: datetime.date | None) -> Actor | None:
        """Return the actor whose alias equals the whole name."""
        spans = self._candidates(name, 0, len(name))
        full = [c for c in spans if c.start == 0 and c.end == len(name)]
        for c in full:
            orgs = [p for k, p in c.entries if k == "org"]
            if orgs:
                return self.row_actor(orgs[0], iso, when)
        return None

    def _from_coded_name(self, name: str, iso: str | None, when: datetime.date | None) -> Actor | None:
        """Parse dataset-coded names: ACLED "Military Forces of X (2015-)", UCDP "Government of X" ..."""
        raw = " ".join(name.split())  # hyphens kept: "Moqtada al-Sadr" is one name
        name = " ".join(_fold(name).split())
        exact = self._exact_alias(name, iso, when)
        if exact is not None:
            return exact
        faction = self._coded_faction(_PERIOD.sub("", raw).strip(), iso, when)
        if faction is not None:
            return faction
        base = _PERIOD.sub("", name).strip()
        n = _lower(base)
        m = _STATE_NAME.match(n)
        if m:
            c_iso = self._country_prefix(m.group("c"))
            if c_iso:
                branch = "police" if m.group("branch") == "police" else "military"
                a = self.state_actor(c_iso, branch, iso)
                if m.group("pre"):
                    tag = "former" if m.group("pre").startswith("former") else "mutiny"
                    return Actor(f"{tag.title()} {a.name}", 1, INTER_LABELS[1], f"{tag}:state:{c_iso}", c_iso)
                return a
        m = _GOVT_NAME.match(n)
        if m:
            c_iso = self.country_iso3(m.group("c"))
            if c_iso:
                return self.state_actor(c_iso, "military", iso)
        m = _GENERIC_NAME.match(n)
        if m:
            return self.generic_actor(_GENERIC_KEY[m.group("kind")], self.country_iso3(m.group("c")) or iso)
        m = _ETHNIC_NAME.match(n)
        if m:
            return self.ethnic_actor(m.group("e"), self.country_iso3(m.group("c")) if m.group("c") else iso)
        if n in _UNKNOWN_NAMES:
            return self.generic_actor("unidentified", iso)
        # "Islamic State (Iraq)", "Kurdistan Workers' Party (PKK)": a qualifier in parentheses
        pm = re.match(r"^(?P<b>.+?)\s*\((?P<q>[^()]+)\)$", base)
        if pm:
            q_iso = self.country_iso3(pm.group("q"))
            inner = self._exact_alias(pm.group("b"), q_iso or iso, when)
            if inner is not None:
                return inner
            inner = self._exact_alias(pm.group("q"), iso, when)
            if inner is not None:
                return inner
        return None

    def _country_prefix(self, s: str) -> str | None:
        """Return the ISO3 of a country name at the start of s ("burkina faso) gendarmerie")."""
        s = s.strip()
        iso = self.country_iso3(s)
        if iso:
            return iso
        words = s.split()
        for k in range(len(words) - 1, 0, -1):
            iso = self.country_iso3(" ".join(words[:k]))
            if iso:
                return iso
        return None

    def canonical_keys(self, name: str, country_iso3: str | None = None) -> tuple[str, ...]:
        """Return the keys of every actor in a coded name ("A and/or B", "A, B, C" lists)."""
        name = (name or "").strip()
        if not name:
            return ()
        coded = self._from_coded_name(name, country_iso3, None)
        if coded is not None:
            return (coded.key,)
        parts = [p for p in re.split(r"\s+and/or\s+|\s+or\s+|,\s+|;\s*", name) if p.strip()]
        if len(parts) > 1:
            found = [self._single_key(p, country_iso3) for p in parts]
            if any(found):
                keys = [k or _fallback_key(p) for k, p in zip(found, parts)]
                return tuple(dict.fromkeys(keys))
        one = self._single_key(name, country_iso3)
        return (one,) if one is not None else (_fallback_key(name),)

    def canonical_key(self, name: str, country_iso3: str | None = None) -> str:
        """Return the comparison key of a coded or surface name (first actor of a list)."""
        keys = self.canonical_keys(name, country_iso3)
        return keys[0] if keys else ""

    def _single_key(self, name: str, iso: str | None) -> str | None:
        """Return the key of one actor name, or None when it is not recognised."""
        a = self._from_coded_name(name, iso, None)
        if a is not None:
            return a.key
        a = self.normalise(name, iso)
        if a is not None and a.key not in {"state", "unidentified"}:
            return a.key
        # "Mai Mai Kyandenga": a known group name opening an unknown faction name
        spans = self.scan(name, 0, len(name), iso)
        if spans and spans[0].start == 0 and spans[0].value.inter in _ARMED_GROUP_INTERS \
                and not spans[0].value.key.startswith(("unidentified", "islamist")):
            return spans[0].value.key
        return None


# -------------------------------------------------------------------- helpers
def _named_group(actor: Actor) -> bool:
    """True for a named armed group that is not the state's (a rebel group or a militia)."""
    return actor.inter in _ARMED_GROUP_INTERS and not actor.key.startswith(("state:", "unidentified", "islamist"))


def _as_date(when: Any) -> datetime.date | None:
    """Return ``when`` as a date (accepts date, datetime, ISO string or None)."""
    if when is None or type(when) is datetime.date:
        return when
    if isinstance(when, datetime.datetime):
        return when.date()
    if isinstance(when, datetime.date):
        return datetime.date(when.year, when.month, when.day)
    if isinstance(when, str):
        return _gold_date(when.strip()[:10])
    raise TypeError(f"when must be a date, datetime or ISO string, not {type(when).__name__}")


def _pick_variant(variants: tuple[_Variant, ...], when: datetime.date | None) -> _Variant:
    """Return the name variant valid on ``when`` (the latest one when no date is given)."""
    when = _as_date(when)
    if when is not None:
        for v in variants:
            if (v.start is None or v.start <= when) and (v.end is None or when <= v.end):
                return v
    return variants[-1]


def _longest_non_overlapping(cands: list[_Cand]) -> list[_Cand]:
    """Greedy longest-first selection of non-overlapping matches, returned in text order."""
    def rank(c: _Cand) -> tuple[int, int, int]:
        has_org = any(k == "org" for k, _ in c.entries)
        return (-(c.end - c.start), 0 if has_org else 1, c.start)

    taken: list[_Cand] = []
    occupied: list[tuple[int, int]] = []
    merged: dict[tuple[int, int], _Cand] = {}
    for c in sorted(cands, key=rank):
        if (c.start, c.end) in merged:  # same span found by both automata: keep all readings
            merged[(c.start, c.end)].entries.extend(e for e in c.entries if e not in merged[(c.start, c.end)].entries)
            continue
        if any(c.start < e and s < c.end for s, e in occupied):
            continue
        occupied.append((c.start, c.end))
        merged[(c.start, c.end)] = c
        taken.append(c)
    return sorted(taken, key=lambda c: c.start)


def _shouting(seg: str, s: int, e: int) -> bool:
    """True when the words next to an ambiguous acronym are capitals too (a headline "THIS IS WAR")."""
    prev = re.findall(r"[A-Za-z]+", seg[max(0, s - 30) : s])[-1:]
    nxt = re.findall(r"[A-Za-z]+", seg[e : e + 30])[:1]
    near = prev + nxt
    return bool(near) and all(len(w) >= 2 and w.isupper() for w in near)


def _inside_proper_name(text: str, start: int) -> bool:
    """True when a generic head follows a capitalised word mid-sentence ("Arakan Army"), not in a headline."""
    before = text[max(0, start - 40) : start]
    m = re.search(r"([A-Za-z][\w']*)\s+$", before)
    if not m or not m.group(1)[0].isupper() or not text[start : start + 1].isupper():
        return False
    pre = before[: m.start()].rstrip()
    if not pre or pre[-1] in ".!?:\n\"“":
        return False
    words = re.findall(r"[A-Za-z]{4,}", text[max(0, start - 60) : start + 60])
    return not words or sum(w[0].isupper() for w in words) / len(words) <= 0.6


def _fallback_key(name: str) -> str:
    """Return the normalised lower-case form of an unknown name (period suffixes dropped)."""
    return _norm(_PERIOD.sub("", name))


def interaction_code(inter1: int | None, inter2: int | None) -> str:
    """Return ACLED's numeric interaction: both inter codes, smaller first, 0 for a missing side."""
    a, b = sorted((inter1 or 0, inter2 or 0))
    if a == 0:
        a, b = b, 0
    return f"{a}{b}"


@lru_cache(maxsize=1)
def _default_lexicon() -> ActorLexicon:
    return ActorLexicon()


def canonical_key(name: str, country_iso3: str | None = None) -> str:
    """Module-level shortcut for ``ActorLexicon.load().canonical_key``."""
    return ActorLexicon.load().canonical_key(name, country_iso3)


def gold_actor1_coverage(path: str | Path, lexicon: ActorLexicon | None = None) -> dict[str, tuple[int, int]]:
    """Per dataset of a gold JSONL file: (rows whose gold actor1 key is among the scanned keys, rows)."""
    import json

    lx = lexicon or ActorLexicon.load()
    out: dict[str, list[int]] = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        gold = row.get("gold") or {}
        if not gold.get("actor1"):
            continue
        iso = lx.country_iso3(gold.get("country"))
        when = _gold_date(gold.get("event_date"))
        text = row.get("text") or ""
        found = {s.value.key for s in lx.scan(text, 0, len(text), iso, when)}
        hit = bool(set(lx.canonical_keys(gold["actor1"], iso)) & found)
        tally = out.setdefault(row.get("dataset", "?"), [0, 0])
        tally[0] += hit
        tally[1] += 1
    return {k: (v[0], v[1]) for k, v in out.items()}


def _gold_date(s: str | None) -> datetime.date | None:
    """Parse a gold date ("YYYY-MM-DD" or "YYYY-MM") to a date."""
    if not s:
        return None
    try:
        return datetime.date.fromisoformat(s if len(s) == 10 else s[:7] + "-15")
    except ValueError:
        return None


if __name__ == "__main__":  # python -m eventwire.resolve.actors ../shared/data/gold/dev.jsonl
    import sys

    total = [0, 0]
    for ds, (hit, n) in sorted(gold_actor1_coverage(sys.argv[1]).items()):
        total[0] += hit
        total[1] += n
        print(f"{ds:10s} actor1 found {hit}/{n} = {hit / n:.3f}")
    print(f"{'all':10s} actor1 found {total[0]}/{total[1]} = {total[0] / max(total[1], 1):.3f}")
