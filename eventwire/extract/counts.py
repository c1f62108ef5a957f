"""Find counts of people and what happened to them (label ``COUNT``, value ``CountValue``).

A rule-and-lexicon reader over tokens (``eventwire/data/count_lexicon.tsv``); a spaCy Doc, when
given, only adds named persons ("abducted Kirk Woodman" -> abducted 1). Steps per stretch:

1. quantities ("at least six", "a dozen", "between 1,500 and 3,000", "a"/"the" before a singular
   person noun) and the person noun they count ("nine senior commanders", "15 IS fighters");
2. coordinated counts share their noun and their kind ("nine German and one Peruvian tourists",
   "a senior IS commander and three other militants" -> both killed, summed by the caller);
3. the kind comes from the verb before the count ("killed nine", "the deaths of 15", "death toll
   rose to 73") or after it ("six soldiers were killed", "leaving 12 dead"); an active verb after
   the count ("three gunmen killed ...") makes the counted people the agents, not victims;
4. negations ("no casualties were reported", "nobody was killed") -> killed 0, ``negated`` True.

Choices (codebook section 6): "N casualties" is not a death toll -> kind "other" with who
"casualties" (dead and wounded mixed; the caller decides); a count of people with no violence
verb ("2,500 troops", "3,000 IS fighters remain") -> kind "other"; subsets ("including nine
children", "five of whom") are not emitted, so killed counts of one stretch can be summed;
singular "the/a/his + person" counts only when a violence verb gives it a kind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from eventwire.resolve.dates import MONTHS, WEEKDAYS as _WEEKDAYS
from eventwire.resolve.numbers import Quantity, Tok, match_quantity, tokenize
from eventwire.types import Provenance, Span

if TYPE_CHECKING:  # pragma: no cover
    import spacy.tokens

__all__ = ["CountValue", "find_counts", "KINDS"]

KINDS = ("killed", "wounded", "arrested", "abducted", "other")
_STAGE = "extract.counts"


@dataclass(frozen=True)
class CountValue:
    """A count of people with what happened to them."""

    kind: str
    quantity: Quantity
    who: str
    negated: bool = False


# ---------------------------------------------------------------- lexicon


@dataclass(frozen=True)
class Lexicon:
    """Token-sequence lookups built from count_lexicon.tsv."""

    entries: dict[tuple[str, ...], dict[str, str]]  # words -> {class: kind}
    max_len: int
    first: dict[str, int]  # first word -> longest entry length starting with it

    def at(self, toks: list[Tok], i: int) -> tuple[int, dict[str, str]]:
        """Return (length, {class: kind}) of the longest entry starting at token i, or (0, {})."""
        longest = self.first.get(toks[i].low, 0) if i < len(toks) else 0
        for n in range(min(longest, len(toks) - i), 0, -1):
            hit = self.entries.get(tuple(t.low for t in toks[i : i + n]))
            if hit:
                return n, hit
        return 0, {}


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Return the count lexicon from eventwire/data/count_lexicon.tsv."""
    entries: dict[tuple[str, ...], dict[str, str]] = {}
    text = resources.files("eventwire.data").joinpath("count_lexicon.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cls, kind, term = line.split("\t")
        key = tuple(term.lower().split("_"))
        entries.setdefault(key, {})[cls] = kind
    first: dict[str, int] = {}
    for k in entries:
        first[k[0]] = max(first.get(k[0], 0), len(k))
    return Lexicon(entries, max(len(k) for k in entries), first)


# ---------------------------------------------------------------- word classes used by the rules

_STOP = {"of", "in", "at", "on", "from", "to", "by", "with", "near", "during", "after", "before",
         "inside", "outside", "across", "along", "around", "between", "into", "for", "against",
         "among", "under", "over", "through", "and", "or", "but", "while", "as", "who", "which",
         "that", "whom", "whose", "the", "a", "an", "this", "these", "those", "were", "was", "are",
         "is", "be", "been", "being", "have", "has", "had", "their", "his", "her", "its", "it",
         "they", "he", "she", "we", "when", "where", "including", "than", "also", "not", "no"}
_AUX = {"were", "was", "are", "is", "be", "been", "being", "have", "has", "had", "got", "get",
        "reportedly", "also", "all", "both", "later", "allegedly", "subsequently", "reported",
        "confirmed", "believed", "feared", "thought", "said", "to", "already", "each", "then",
        "instantly", "immediately", "eventually", "since", "just", "either", "apparently",
        "presumably", "initially", "originally", "found", "left", "so", "far", "now", "been"}
_ADV_BEFORE = {"reportedly", "also", "allegedly", "then", "later", "subsequently", "summarily",
               "brutally", "had", "have", "has", "the", "apparently"}
_DETS = {"the", "his", "her", "their", "its", "another", "this", "that"}
_SUBSET_BEFORE = {"including", "includes", "include", "among"}
_TOLL_LINK = {"to", "at", "of", "reached", "hit", "passed", "exceeded", "topped", "is", "was",
              "stood", "stands", "rose", "climbed"}
_PASSIVE_NEXT = {"in", "on", "at", "near", "by", "during", "after", "when", "while", "and", ",",
                 ".", ";", ":", "inside", "outside", "across", "since", "as", "following", "amid",
                 "along", "around", "between", "from", "for", "with", "-", "–", "—", ")", "(", "'",
                 "\"", "so", "this", "last", "yesterday", "overnight", "today", "earlier", "late",
                 "early", "on", "according", "but", "including", "among", "instantly", "outright"}
_TO_DEATH_REACH = 10  # tokens between a manner verb and its "to death" ("beat three men accused of theft to death")
_UNIT_WORDS = {"hour", "day", "week", "month", "year", "minute", "km", "kilometre", "kilometer",
               "mile", "metre", "meter", "percent", "storey", "story", "point", "member", "strong"}
_NEG_RE = re.compile(
    r"\b(?:no(?:body)?|none|zero|without(?:\s+(?:causing|any|reports\s+of|making))*|did\s+not\s+(?:cause|result\s+in|leave)"
    r"(?:\s+any)?|not\s+cause\s+any|there\s+(?:were|was)\s+no)\b"
    r"(?:\s+(?:reported|immediate|immediately|known|other|further|any|serious|human|one|injuries\s+or))*",
    re.I,
)


@dataclass
class _Np:
    """A counted noun phrase under construction."""

    q_start: int  # token index of the quantity
    q_end: int
    quantity: Quantity
    head_start: int | None = None  # first token of "who"
    head_end: int | None = None  # token index after the head noun
    article: bool = False  # "a"/"the"/"his" + singular noun
    noun_kind: str | None = None  # kind from a count noun ("15 deaths")
    kind: str | None = None
    span_end: int | None = None  # set when the noun is borrowed from a coordinated count
    shared: bool = False
    proper: bool = False  # head is a capitalised group name, not a lexicon noun ("30 Taliban")


# ---------------------------------------------------------------- step 1: quantities and nouns


def _person(lex: Lexicon, toks: list[Tok], i: int) -> tuple[int, str | None]:
    """Return (length, "sg"/"pl") of a person noun at i, or (0, None)."""
    n, hit = lex.at(toks, i)
    return (n, hit["person"]) if "person" in hit else (0, None)


def _noun_phrase(lex: Lexicon, toks: list[Tok], j: int, article: bool) -> tuple[int, int, str | None] | None:
    """Return (who start, head end, number) of the person noun phrase starting at j, or None."""
    k = j
    if k < len(toks) and toks[k].low == "of" and not article:  # "three of the soldiers"
        k += 1
        if k < len(toks) and toks[k].low in ("the", "those", "these", "his", "her", "their", "its"):
            k += 1
    start = k
    for _ in range(5):
        if k >= len(toks):
            return None
        n, number = _person(lex, toks, k)
        if n:
            end = k + n
            while end < len(toks):
                n2, number2 = _person(lex, toks, end)
                if not n2:
                    break
                end, number = end + n2, number2
            return start, end, number
        t = toks[k]
        if t.text.isdigit() and [x.low for x in toks[k + 1 : k + 5]] == ["-", "year", "-", "old"]:
            k += 5  # "a 15-year-old boy"
            continue
        if t.low in ("or", "and", "/") and k + 1 < len(toks) and toks[k + 1].text[0].isupper() and k > start:
            k += 1  # "JNIM or ISGS militants"
            continue
        if _is_stop(t) or not (t.text[0].isalpha() or t.text in "()-'’/") or lex.at(toks, k)[0]:
            return None
        k += 1
    return None


def _is_stop(t: Tok) -> bool:
    """Return True for function words that end a noun phrase ("IS" the group is no stop word)."""
    return t.low in _STOP and not (len(t.text) > 1 and t.text.isupper())


def _quantities(lex: Lexicon, toks: list[Tok]) -> list[_Np]:
    """Return the counted noun phrases (and bare counts) of a token list, left to right."""
    nps: list[_Np] = []
    i = 0
    while i < len(toks):
        np = _np_at(lex, toks, i)
        if np is None:
            i += 1
            continue
        nps.append(np)
        i = max(np.q_end, np.head_end or 0)
        extra = _bare_partner(lex, toks, np, i)
        if extra is not None:
            nps.append(extra)
            i = extra.q_end
    return nps


def _bare_partner(lex: Lexicon, toks: list[Tok], np: _Np, k: int) -> _Np | None:
    """Return "aunt" in "his sister and aunt": a bare singular noun joined to a singular count."""
    if not np.article or k + 1 >= len(toks) or toks[k].low != "and":
        return None
    n, number = _person(lex, toks, k + 1)
    if not n or number != "sg":
        return None
    q = Quantity(1, 1, 1, False, toks[k + 1].text)
    return _Np(k + 1, k + 1 + n, q, k + 1, k + 1 + n, article=True)


def _np_at(lex: Lexicon, toks: list[Tok], i: int) -> _Np | None:
    """Return the counted noun phrase starting at token i, or None."""
    low = toks[i].low
    if low == "another" and (i + 1 >= len(toks) or not toks[i + 1].text[0].isalpha() or _is_stop(toks[i + 1])):
        return _Np(i, i + 1, Quantity(1, 1, 1, False, toks[i].text), article=True)  # "and wounding another"
    if low in _DETS and not _starts_quantity(toks, i + 1):
        if i > 0 and toks[i - 1].low in _SUBSET_BEFORE:
            return None  # "including the district chief": part of another count
        ph = _noun_phrase(lex, toks, i + 1, True)
        if ph and ph[2] == "sg":
            return _Np(i, i + 1, Quantity(1, 1, 1, False, toks[i].text), ph[0], ph[1], article=True)
        return None
    found = match_quantity(toks, i, articles=True)
    if found is None:
        return None
    end, q = found
    if _is_year(toks, i, end) or _is_date_or_unit(toks, i, end):
        return None
    article = toks[end - 1].low in ("a", "an", "both") and end - i == 1
    ph = _noun_phrase(lex, toks, end, article)
    if ph is not None and (ph[2] == "pl" or q.best == 1 or not article):
        return _Np(i, end, q, ph[0], ph[1], article=article and q.best == 1)
    if article:
        return None
    n, hit = lex.at(toks, end)
    if "count_noun" in hit:
        return _Np(i, end, q, end, end + n, noun_kind=hit["count_noun"])
    nxt = toks[end] if end < len(toks) else None
    if hit or _before_coordinate(lex, toks, end):
        return _Np(i, end, q)  # "12 dead", "nine German and one Peruvian tourists"
    proper = _proper_head(lex, toks, end)
    if proper is not None:  # "30 Taliban killed", "kill 33 rebel Kurds"
        return _Np(i, end, q, end, proper, proper=True)
    if q.text.lower() != "one" and (nxt is None or not nxt.text[0].isalpha() or _is_stop(nxt)):
        return _Np(i, end, q)  # bare count: "killing 7 in Shabwa"
    return None


def _proper_head(lex: Lexicon, toks: list[Tok], k: int) -> int | None:
    """Return the end of a 1-3 word head ending in a capitalised name ("rebel Kurds"), or None."""
    for m in range(k, min(k + 3, len(toks))):
        t = toks[m]
        if not t.text[0].isalpha() or _is_stop(t) or lex.at(toks, m)[0] or t.text in MONTHS:
            return None
        nxt = toks[m + 1] if m + 1 < len(toks) else None
        boundary = nxt is None or not nxt.text[0].isalpha() or _is_stop(nxt) or bool(lex.at(toks, m + 1)[0])
        if boundary:
            return m + 1 if t.text[0].isupper() else None
    return None


def _before_coordinate(lex: Lexicon, toks: list[Tok], k: int) -> bool:
    """Return True for "ADJ and <number>" after a count ("nine German and one Peruvian ...")."""
    for m in range(k, min(k + 3, len(toks))):
        t = toks[m]
        if t.low == "and":
            found = match_quantity(toks, m + 1, articles=True) if m > k else None
            return found is not None and _noun_phrase(lex, toks, found[0], False) is not None
        if _is_stop(t) or not t.text[0].isalpha() or lex.at(toks, m)[0]:
            return False
    return False


def _starts_quantity(toks: list[Tok], i: int) -> bool:
    """Return True when a number starts at token i ("the two soldiers")."""
    found = match_quantity(toks, i)
    return found is not None


def _is_date_or_unit(toks: list[Tok], i: int, end: int) -> bool:
    """Return True for day numbers next to a month ("January 18") and measures ("72-hour")."""
    if i > 0 and toks[i - 1].text.rstrip(".") in MONTHS:
        return True
    if end < len(toks) and toks[end].text.rstrip(".") in MONTHS:
        return True
    return end + 1 < len(toks) and toks[end].text in "-–" and toks[end + 1].low in _UNIT_WORDS


def _is_year(toks: list[Tok], i: int, end: int) -> bool:
    """Return True for a bare year-like number ("in 2017")."""
    t = toks[end - 1].text
    return end - i == 1 and len(t) == 4 and t.isdigit() and 1900 <= int(t) <= 2099


# ---------------------------------------------------------------- step 2: coordination


def _groups(lex: Lexicon, toks: list[Tok], nps: list[_Np]) -> list[list[_Np]]:
    """Group counts joined only by "and", "," or "as well as"; share the noun of the last one."""
    groups: list[list[_Np]] = []
    for np in nps:
        prev = groups[-1][-1] if groups else None
        if prev is not None and _joined(lex, toks, _np_end(prev), np.q_start, prev.head_end is not None):
            groups[-1].append(np)
        else:
            groups.append([np])
    for g in groups:
        last = g[-1]
        for np, nxt in zip(g[:-1], g[1:]):
            if np.head_end is None and last.head_end is not None and np.noun_kind is None:
                np.head_start, np.head_end, np.shared = last.head_end - 1, last.head_end, True
                k = nxt.q_start
                while k > np.q_end and toks[k - 1].low in ("and", ",", "as", "well", "plus"):
                    k -= 1
                np.span_end = k
    return groups


def _np_end(np: _Np) -> int:
    """Return the token index after a counted phrase."""
    return np.head_end if np.head_end is not None else np.q_end


def _joined(lex: Lexicon, toks: list[Tok], a_end: int, b_start: int, a_head: bool) -> bool:
    """Return True when only coordinating words (or adjectives, for a headless first) lie between."""
    a_end = _skip_including(toks, a_end, b_start)
    between = [t.low for t in toks[a_end:b_start]]
    if not between:
        return False
    link = {"and", ",", "as", "well", "plus", "another"}
    if all(w in link for w in between):
        return "and" in between or "plus" in between or ("," in between and a_head)
    # "nine German and one Peruvian tourists": adjectives then "and"
    words = toks[a_end : b_start - 1]
    return (between[-1] == "and" and len(words) <= 2
            and all(t.text[0].isalpha() and not _is_stop(t) and not lex.at(toks, k)[0]
                    for k, t in zip(range(a_end, b_start - 1), words)))


# ---------------------------------------------------------------- step 3: kinds


def _skip_including(toks: list[Tok], a: int, b: int) -> int:
    """Skip a ", including ... ," aside between two coordinated counts."""
    if a + 1 < b and toks[a].text == "," and toks[a + 1].low in _SUBSET_BEFORE:
        for m in range(b - 1, a + 1, -1):
            if toks[m].text == ",":
                return m
    return a


def _kind_before(lex: Lexicon, toks: list[Tok], i: int) -> str | None:
    """Return the kind given by a verb or "deaths of" right before token i."""
    k = i - 1
    skipped = 0
    while k >= 0 and skipped <= 3:
        n_here = _lex_ending_at(lex, toks, k)
        if n_here is not None:
            cls, kind = n_here
            if cls in ("verb", "gerund", "of_noun_of") or (cls == "manner" and _to_death(toks, k + 1)):
                return kind
        if k > 0 and (toks[k - 1].low, toks[k].low) == ("to", "death"):
            k -= 2  # "beat to death two suspected thieves"
            skipped += 1
            continue
        if toks[k].low in _ADV_BEFORE or toks[k].low in ("at", "least"):
            k -= 1
            skipped += 1
            continue
        break
    return _toll_before(toks, i)


def _lex_ending_at(lex: Lexicon, toks: list[Tok], k: int) -> tuple[str, str] | None:
    """Return (class, kind) of a lexicon entry ending at token k (verbs, gerunds, "deaths of")."""
    if toks[k].low == "of" and k > 0:
        for n in range(1, 3):
            s = k - n
            if s >= 0:
                ln, hit = lex.at(toks, s)
                if ln == n and "of_noun" in hit:
                    return "of_noun_of", hit["of_noun"]
        return None
    for n in range(1, lex.max_len + 1):
        s = k - n + 1
        if s < 0:
            break
        ln, hit = lex.at(toks, s)
        if ln == n:
            for cls in ("verb", "gerund", "manner"):
                if cls in hit:
                    return cls, hit[cls]
    return None


def _to_death(toks: list[Tok], k: int) -> bool:
    """Return True when "to death" closes the clause going on at token k ("beat [a suspected thief]
    to death", "were beaten [and burned] to death"): the manner verb before it then killed."""
    for m in range(k, min(len(toks) - 1, k + _TO_DEATH_REACH)):
        if toks[m].text in (".", ";", ":"):
            return False
        if toks[m].low == "to" and toks[m + 1].low == "death":
            return True
    return False


def _toll_before(toks: list[Tok], i: int) -> str | None:
    """Return "killed" for "death toll ... rose to 73" style counts."""
    if i == 0 or toks[i - 1].low not in _TOLL_LINK:
        return None
    for k in range(i - 2, max(-1, i - 40), -1):
        if toks[k].text in (".", ";"):
            return None
        if toks[k].low == "toll":
            return "killed"
    return None


def _kind_after(lex: Lexicon, toks: list[Tok], j: int) -> str | None:
    """Return the kind given by a passive verb or predicate after token j ("were killed", "dead")."""
    k, aux = _skip_to_verb(toks, j)
    if k >= len(toks):
        return None
    n, hit = lex.at(toks, k)
    if "pred" in hit and (aux or "verb" not in hit or _passive_next(toks, k + n)):
        return hit["pred"]
    if "verb" in hit and (aux or _passive_next(toks, k + n)):
        return hit["verb"]
    if "manner" in hit and aux and _to_death(toks, k + n):
        return hit["manner"]
    return None


def _skip_to_verb(toks: list[Tok], j: int) -> tuple[int, bool]:
    """Skip auxiliaries, a parenthetical and a short prepositional phrase; return (index, saw aux)."""
    k, aux = j, False
    for _ in range(3):
        if k < len(toks) and toks[k].text in (",", "(") :
            close = _close_paren(toks, k)
            if close is None:
                break
            k = close + 1
            continue
        if k < len(toks) and toks[k].low in ("from", "in", "at", "on", "near", "among", "aboard",
                                                  "inside", "of", "with", "travelling", "traveling",
                                                  "accused", "suspected"):  # "two men accused of theft were"
            end = _pp_end(toks, k)
            if end is None:
                break
            k = end
            continue
        break
    while k < len(toks) and (toks[k].low in _AUX or toks[k].low == "not"):
        if toks[k].low == "not":
            return len(toks), False
        aux = aux or toks[k].low in {"were", "was", "are", "is", "been", "be", "got", "being"}
        k += 1
    return k, aux


def _close_paren(toks: list[Tok], k: int) -> int | None:
    """Return the index of the comma/bracket closing a parenthetical opened at k (within 20 tokens)."""
    closer = ")" if toks[k].text == "(" else ","
    if closer == "," and k + 1 < len(toks) and toks[k + 1].low in _SUBSET_BEFORE | {"mostly", "most", "many"}:
        for m in range(k + 2, min(len(toks), k + 30)):
            if toks[m].low in ("were", "was", "have", "had", "are"):
                return m - 1
            if toks[m].text in (".", ";"):
                return None
    for m in range(k + 1, min(len(toks), k + 22)):
        if toks[m].text == closer:
            return m
        if toks[m].text in (".", ";"):
            return None
    return None


def _pp_end(toks: list[Tok], k: int) -> int | None:
    """Return the index after a short prepositional phrase (<= 6 words) that a verb follows."""
    for m in range(k + 1, min(len(toks), k + 8)):
        if toks[m].low in _AUX or toks[m].text in (",", "(") and m > k + 1:
            return m
        if toks[m].text in (".", ";"):
            return None
    return None


def _passive_next(toks: list[Tok], k: int) -> bool:
    """Return True when the token after a bare participle shows a passive use ("killed in ...")."""
    return k >= len(toks) or toks[k].low in _PASSIVE_NEXT


def _subset(toks: list[Tok], np: _Np) -> bool:
    """Return True for subsets of another count ("including nine children", "five of whom")."""
    before = toks[np.q_start - 1].low if np.q_start > 0 else ""
    before2 = toks[np.q_start - 2].low if np.q_start > 1 else ""
    if before in _SUBSET_BEFORE or (before2 == "among" and before in ("them", "whom", "those")):
        return True
    e = np.q_end
    return e + 1 < len(toks) and toks[e].low == "of" and toks[e + 1].low in ("whom", "them", "which")


def _assign(lex: Lexicon, toks: list[Tok], group: list[_Np]) -> None:
    """Set the kind of every count in a coordinated group."""
    kind = _kind_before(lex, toks, group[0].q_start)
    if kind is None:
        kind = _kind_after(lex, toks, _np_end(group[-1]))
    for np in group:
        own = _kind_after(lex, toks, _np_end(np)) if np is not group[-1] else None
        np.kind = np.noun_kind if np.noun_kind and np.noun_kind != "other" else own or kind or np.noun_kind


# ---------------------------------------------------------------- step 4: negations and names


def _negations(lex: Lexicon, text: str, toks: list[Tok]) -> list[tuple[int, int, str, str]]:
    """Return (start, end, kind, who) for "no casualties", "nobody was killed" ..."""
    out = []
    for m in _NEG_RE.finditer(text, toks[0].start if toks else 0, toks[-1].end if toks else 0):
        k = next((i for i, t in enumerate(toks) if t.start >= m.end()), None)
        if k is None:
            continue
        if m[0].lower().startswith(("nobody", "none")) or m[0].lower().endswith(" one"):
            k2, _ = _skip_to_verb(toks, k)
            n, hit = lex.at(toks, k2) if k2 < len(toks) else (0, {})
            kind = hit.get("verb") or hit.get("pred")
            if kind:
                out.append((m.start(), toks[k2 + n - 1].end, kind, ""))
            continue
        n, hit = lex.at(toks, k)
        if "neg_noun" in hit:
            out.append((m.start(), toks[k + n - 1].end, hit["neg_noun"], toks[k + n - 1].text))
    return out


_NOT_PEOPLE = {"GPE", "LOC", "FAC", "DATE", "TIME", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE"}
_NAME_LINK = {"al", "el", "bin", "ibn", "bint", "abu", "de", "del", "da", "dos", "van", "von", "la", "le", "-", "'", "’"}
_NOT_NAMES = {"the", "a", "an", "his", "her", "their", "its", "on", "in", "at", "no", "one", "two",
              "three", "this", "that", "these", "those", "some", "several", "all", "both", "it", "they",
              "he", "she", "we", "police", "security", "army", "government", "president", "minister"}


def _name_runs(lex: Lexicon, toks: list[Tok]) -> list[tuple[int, int]]:
    """Return token ranges of capitalised name-like runs ("Mir Alam", "Musleh Al-Waruri")."""
    runs, i = [], 0
    while i < len(toks):
        t = toks[i]
        if not (t.text[0].isupper() and t.text.isalpha()) or t.low in _NOT_NAMES or t.text in MONTHS \
                or t.text in _WEEKDAYS or lex.at(toks, i)[0] or t.text.isupper():
            i += 1
            continue
        j = i + 1
        while j < len(toks):
            u = toks[j]
            if u.text[0].isupper() and u.text.isalpha() and not lex.at(toks, j)[0]:
                j += 1
            elif u.low in _NAME_LINK and j + 1 < len(toks) and toks[j + 1].text[0].isupper():
                j += 1
            else:
                break
        runs.append((i, j))
        i = j
    return runs


def _named_people(lex: Lexicon, toks: list[Tok], doc: Any, offset: int) -> list[tuple[int, int, str]]:
    """Return (start, end, kind) for named persons killed, wounded, arrested or abducted.

    Without a Doc, capitalised runs count when a violence verb directly precedes them ("killed
    Mir Alam,") or a singular passive follows ("Herrera, an investigator, was killed"); with a
    Doc, runs that overlap a place/date/thing entity are dropped (not ORG/NORP: the small English
    model often tags foreign personal names so).
    """
    others = [(e.start_char + offset, e.end_char + offset) for e in doc.ents if e.label_ in _NOT_PEOPLE] \
        if doc is not None else []
    out = []
    for i, j in _name_runs(lex, toks):
        s, e = toks[i].start, toks[j - 1].end
        if any(a < e and s < b for a, b in others):
            continue  # the parser calls it a place, date or thing, not a person
        after_of = i > 0 and toks[i - 1].low == "of"  # "the death of Justin Zongo": a cause, not a count
        kind = _kind_before(lex, toks, i) if _name_end_ok(toks, j) and not after_of else None
        if kind is None:
            k, aux = _skip_to_verb(toks, j)
            if aux and any(toks[m].low in ("was", "has") for m in range(j, k)):
                kind = _kind_after(lex, toks, j)
        if kind and kind != "other":
            out.append((s, e, kind))
    return out


def _name_end_ok(toks: list[Tok], j: int) -> bool:
    """Return True when a name run is not a modifier of a following noun ("Iraqi soldiers")."""
    return j >= len(toks) or not toks[j].text[0].isalpha() or _is_stop(toks[j])


# ---------------------------------------------------------------- public


def find_counts(text: str, start: int, end: int, doc: "spacy.tokens.Doc | None" = None) -> list[Span]:
    """Return COUNT spans (value ``CountValue``) in text[start:end]; offsets index ``text``.

    ``doc`` (optional) is a spaCy Doc of exactly text[start:end]; its entities veto capitalised
    runs that are places or things rather than named victims.
    """
    lex = load_lexicon()
    toks = tokenize(text, start, end)
    spans: list[Span] = []
    for group in _groups(lex, toks, _quantities(lex, toks)):
        _assign(lex, toks, group)
        if _subset(toks, group[0]):
            continue
        for np in group:
            span = _count_span(text, toks, np)
            if span is not None and not _subset(toks, np):
                spans.append(span)
    for s, e, kind, who in _negations(lex, text, toks):
        if not any(sp.start < e and s < sp.end for sp in spans):
            q = Quantity(0, 0, 0, False, text[s:e])
            spans.append(Span(s, e, text[s:e], "COUNT", CountValue(kind, q, who, True), Provenance(_STAGE, "negation")))
    for s, e, kind in _named_people(lex, toks, doc, start):
        if not any(sp.start < e and s < sp.end for sp in spans):
            q = Quantity(1, 1, 1, False, text[s:e])
            spans.append(Span(s, e, text[s:e], "COUNT", CountValue(kind, q, text[s:e]), Provenance(_STAGE, "person")))
    return sorted(spans, key=lambda sp: sp.start)


def _count_span(text: str, toks: list[Tok], np: _Np) -> Span | None:
    """Return the Span of one counted phrase, or None when it should not be reported."""
    if np.kind is None:
        if np.article or np.head_end is None or np.noun_kind:
            return None
        kind = "other"
    else:
        kind = np.kind
    if (np.article or np.proper) and kind == "other":
        return None
    s = toks[np.q_start].start
    e = toks[(np.span_end or _np_end(np)) - 1].end
    qtext = text[s : toks[np.q_end - 1].end]
    q = Quantity(np.quantity.low, np.quantity.best, np.quantity.high, np.quantity.vague, qtext)
    who = _who(text, toks, np)
    rule = "article" if np.article else "count"
    return Span(s, e, text[s:e], "COUNT", CountValue(kind, q, who), Provenance(_STAGE, rule))


def _who(text: str, toks: list[Tok], np: _Np) -> str:
    """Return the head noun phrase of the counted people ("senior commanders", "IS fighters")."""
    if np.head_start is None or np.head_end is None or np.noun_kind:
        return ""
    words = text[toks[np.head_start].start : toks[np.head_end - 1].end]
    return re.sub(r"^(?:other|more|further|additional)\s+", "", words, flags=re.I)
