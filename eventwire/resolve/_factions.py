"""Sides named after a leader: "forces loyal to Vice President X", "X's loyalists", "the president's troops".

The patterns and word lists are data (``data/factions.tsv``). A leader's title decides the side: the
incumbent's men are the state's forces, a rival's are a faction (codebook §3 naming). Titles are read
from the whole text ("Vice President Riek Machar" makes a later "Machar's loyalists" or "the vice
president's bodyguards" the same faction).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

__all__ = ["Leader", "FactionMention", "FactionRules"]

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})
# A person's name: up to three capitalised words, Arabic particles allowed ("Moqtada al-Sadr").
_NAME = r"(?P<name>[A-Z][\w.-]*(?: (?:al-|el-|bin |ben |de )?[A-Z][\w-]*){0,2})"


@dataclass(frozen=True)
class Leader:
    """A leader's title as the rules read it: the side his men form and its inter code."""

    title: str
    side: str  # "state" | "faction" | "militia"
    inter: int


@dataclass(frozen=True)
class FactionMention:
    """A leader-named side found in a text: character range, the leader and his surname (if named)."""

    start: int
    end: int
    leader: Leader
    surname: str | None


@dataclass(frozen=True)
class _Pattern:
    regex: re.Pattern[str]
    known_only: bool
    needs: str = ""  # text every match contains: windows without it are skipped


class FactionRules:
    """The compiled patterns of ``data/factions.tsv``."""

    def __init__(self, path: Path) -> None:
        heads: list[str] = []
        self.titles: dict[str, Leader] = {}
        self.adjectives: dict[str, str] = {}
        templates: list[tuple[str, bool, str]] = []
        for cells in _rows(path):
            kind, value, side, inter = (cells + ["", "", "", ""])[:4]
            if kind == "head":
                heads += _split(value)
            elif kind == "title":
                for t in _split(value):
                    self.titles[t.lower()] = Leader(t, side, int(inter))
            elif kind == "adjective":
                self.adjectives[value.lower()] = side.lower()
            elif kind == "pattern":
                templates.append((value, side == "known", inter))
        title_re = _alternation(self.titles)
        fill = {
            "{HEAD}": f"(?i:{_alternation(heads)})",
            "{TITLE}": f"(?P<title>(?i:(?:former |ex-)?(?:{title_re})))",
            "{ADJ}": f"(?P<adj>(?i:{_alternation(self.adjectives)}))",
            "{NAME}": _NAME,
        }
        self.patterns = tuple(_Pattern(re.compile(_fill(t, fill)), known, needs) for t, known, needs in templates)
        self.heads = re.compile(rf"(?i:{_alternation(heads + ['loyalists'])})")
        # case-sensitive: "the president Monday" names nobody, "President Salva Kiir" does
        written = _alternation(t.title for t in self.titles.values())
        self.titled = re.compile(rf"(?<![\w'])(?P<title>(?:[Ff]ormer |[Ee]x-)?(?:{written})) {_NAME}")

    def leader(self, title: str) -> Leader | None:
        """Return the leader a title names; a former office-holder leads a faction, not the state."""
        low = title.lower()
        if low in self.titles:
            return self.titles[low]
        bare = re.sub(r"^(?:former |ex-)", "", low)
        return Leader(title, "faction", 2) if bare != low and bare in self.titles else None

    def leaders(self, text: str) -> tuple[dict[str, Leader], dict[str, str]]:
        """Return (surname -> title, title -> first surname) of the leaders named with a title in ``text``."""
        return _leaders(self, _folded(text))

    def find(self, text: str, start: int, end: int, trust_names: bool = False) -> list[FactionMention]:
        """Return the leader-named sides in text[start:end], longest first on overlaps, in text order.

        ``trust_names``: the text is a coded actor name ("Machar's loyalists"), so a name need not be
        introduced with a title first."""
        folded = _folded(text)
        if not self.heads.search(folded, start, end):
            return []  # every pattern ends in a head word ('forces', 'loyalists'): most sentences have none
        by_surname, by_title = self.leaders(text)
        found: list[FactionMention] = []
        window = folded[start:end]
        for pat in self.patterns:
            if pat.needs and pat.needs not in window:
                continue
            for m in pat.regex.finditer(folded, start, end):
                mention = self._mention(m, pat.known_only and not trust_names, by_surname, by_title, trust_names)
                if mention is not None:
                    found.append(mention)
        return _longest(found)

    def _mention(self, m: re.Match[str], known_only: bool, by_surname: dict[str, Leader],
                 by_title: dict[str, str], trust_names: bool = False) -> FactionMention | None:
        groups = m.groupdict()
        title = groups.get("title") or self.adjectives.get((groups.get("adj") or "").lower())
        name = groups.get("name")
        surname = name.split()[-1] if name else None
        if surname is not None:
            leader = self.leader(title) if title else by_surname.get(surname)
            one_word_unknown = " " not in name and surname not in by_surname and not title and not trust_names
            if leader is None and (known_only or one_word_unknown):
                return None  # "Juba's forces", "forces loyal to Damascus": no leader named
            leader = leader or Leader("", "militia", 3)
        else:
            leader = self.leader(title or "")
            if leader is None:
                return None
            surname = by_title.get(leader.title.lower())
        return FactionMention(m.start(), m.end(), leader, surname)


@lru_cache(maxsize=8)
def _folded(text: str) -> str:
    """Return the text with curly apostrophes made straight (same length, so offsets hold); one article's
    text is folded once, not once per sentence."""
    return text.translate(_QUOTES)


@lru_cache(maxsize=8)
def _leaders(rules: FactionRules, text: str) -> tuple[dict[str, Leader], dict[str, str]]:
    by_surname: dict[str, Leader] = {}
    by_title: dict[str, str] = {}
    for m in rules.titled.finditer(text):
        leader = rules.leader(m.group("title"))
        if leader is None:
            continue
        surname = m.group("name").split()[-1]
        by_surname.setdefault(surname, leader)
        by_title.setdefault(leader.title.lower(), surname)
    return by_surname, by_title


def _longest(found: list[FactionMention]) -> list[FactionMention]:
    out: list[FactionMention] = []
    for f in sorted(found, key=lambda f: (f.start - f.end, f.start)):
        if all(f.end <= o.start or o.end <= f.start for o in out):
            out.append(f)
    return sorted(out, key=lambda f: f.start)


def _alternation(words: object) -> str:
    """Return a regex alternation of phrases, longest first (so "Vice President" beats "President")."""
    return "|".join(re.escape(w).replace(r"\ ", " ") for w in sorted(words, key=len, reverse=True))  # type: ignore[arg-type]


def _fill(template: str, fill: dict[str, str]) -> str:
    for k, v in fill.items():
        template = template.replace(k, v)
    return template


def _split(cell: str) -> list[str]:
    return [x.strip() for x in cell.split(";") if x.strip()]


def _rows(path: Path) -> list[list[str]]:
    lines = [ln.rstrip("\n") for ln in path.read_text(encoding="utf-8").splitlines()]
    rows = [ln.split("\t") for ln in lines if ln.strip() and not ln.startswith("#")]
    return [[c.strip() for c in r] for r in rows[1:]]
