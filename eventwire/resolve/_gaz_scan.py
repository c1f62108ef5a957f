"""Toponym recognition patterns: capitalised sequences, cue words and the structured place formats."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

__all__ = ["Cue", "cap_sequences", "ngrams", "left_cue", "right_suffix", "structured", "speaker_context",
           "STOP_WORDS"]

# A capitalised word, or an Arabic article glued to one ('al-Qaim'), or a lower-case linking particle.
_TOKEN = re.compile(
    r"(?:(?:al|el|ad|ar|as|at|an|az|ash|ad-d|ez)-)?[A-Z\u00c0-\u00de][\w'\u2019\u00b4\-]*\w\.?|[A-Z]\.?"
)
_LINKS = frozenset("al el ad ar as at an az ash ez de del la le les des du of bin ibn abu bani beni wa".split())
# Tokens that may join a run: capitalised, 'al-Qaim', or a linking particle (whole token)
_TOKEN_CHARS = r"[\w'\u2019\u00b4\-\.]"
_CANDIDATE = re.compile(
    rf"(?<!{_TOKEN_CHARS})(?:(?:[A-Z\u00c0-\u00de]|(?:al|el|ad|ar|as|at|an|az|ash|ez)-){_TOKEN_CHARS}*"
    rf"|(?i:{'|'.join(sorted(_LINKS, key=len, reverse=True))})[.'\u2019\-]*(?!{_TOKEN_CHARS}))"
)
STOP_WORDS = frozenset("""
a an the this that these those it its he she they we i you his her their our on in at by for from with to of and or
but as after before during since until when while where who whom which what why how if then than there here also
monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
september october november december jan feb mar apr jun jul aug sep sept oct nov dec
mr mrs ms dr gen general col colonel maj major lt capt captain sgt president prime minister ministry minister's
king prince sheikh imam governor mayor commander chief spokesman spokeswoman spokesperson officials official police
army forces force military militia militants militant rebels rebel troops soldiers security government state
islamic republic democratic national united council committee office department agency group party front movement
brigade brigades battalion division command operations operation joint coalition authorities authority news press
reuters afp ap xinhua bbc cnn reporters monitor observatory human rights watch amnesty international un nato eu
read also update updated breaking photo video source sources according local residents witnesses people
north south east west northern southern eastern western central upper lower greater new old
at least some many several two three four five six seven eight nine ten one first second third
sunni shia shiite christian muslim jewish kurdish arab arabs kurds
""".split())
_CUE_NEAR = re.compile(
    r"(?:\bnear(?:by)?|\bclose to|\boutside(?: of)?|\bon the outskirts of|\boutskirts of|\bin the vicinity of|"
    r"\bnot far from|\baround|\bjust (?:north|south|east|west) of|"
    r"\b\d+(?:[.,]\d+)?\s*(?:-\s*)?(?:km|kms|kilomet(?:er|re)s?|miles?)\s*(?:\([^)]{0,20}\)\s*)?"
    r"(?:to the )?(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?\s+of|"
    r"\b(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?\s+of|\bthe (?:general )?(?:area|vicinity|surroundings) of|"
    r"\b(?:area|axis|road) (?:of|between))"
    r"\s+(?:the\s+)?(?:(?:town|city|village|district|area|region|province|camp|settlement|locality|commune)\s+of\s+)?$",
    re.I,
)
_CUE_IN = re.compile(
    r"(?:\b(?P<strong>in|at|into|across|throughout|within|hit|struck|attacked|raided|shelled|bombed|stormed|captured|"
    r"seized|entered|targeted|besieged)|\b(?:from|to|towards?|between|of|on|over|and|or))\s+(?:the\s+)?(?:(?:northern|southern|eastern|western|central|north-?eastern|north-?western|"
    r"south-?eastern|south-?western|rural|restive|border|coastal|embattled|besieged|frontline|strategic|key)\s+)*"
    r"(?:(?:town|city|village|district|area|region|province|governorate|camp|neighbo(?:u)?rhood|locality|commune|"
    r"municipality|state|county|oblast|department|suburb|market|outpost|base|settlement)\s+of\s+)?$",
    re.I,
)
_SPEAKER = re.compile(
    r"(?P<prev>\b\w+\s+)?\b(?P<word>said|says|say|told|tells|announced|announces|stated|added|speaking|spoke|statement|conference|briefing|"
    r"interview|based|headquartered|visit|visited|visiting|met|meeting|summit|talks|embassy|court|trial|sentenced|"
    r"hospitali[sz]ed|treated|taken|transferred|flown|evacuated|fled|quoted|correspondent|reporter|journalist)\b"
    r"[^.;:!?]{0,30}?\b(?:in|at|from|to)\s+(?:the\s+)?(?:\w+\s+)?$",
    re.I,
)
_SUFFIX = re.compile(
    r"^\s+(province|provinces|governorate|oblast|region|state|prefecture|department|district|county|raion|rayon|"
    r"municipality|commune|cercle|subdistrict|sub-district|regency|LGA|local government area|tehsil|area|camp|"
    r"refugee camp|city|town|village|mountains?|hills|desert|valley|forest|river|plains?|border|countryside)\b",
    re.I,
)


@dataclass
class Cue:
    """A place candidate found by a pattern: span, pattern name and resolution hints."""

    start: int
    end: int
    pattern: str
    kind_hint: str | None = None
    hints: list[str] = field(default_factory=list)
    country: str | None = None
    weight: float = 1.0
    near: bool = False


def cap_sequences(text: str, start: int, end: int) -> list[list[tuple[int, int]]]:
    """Return runs of capitalised tokens (with linking particles inside) as lists of token spans."""
    runs: list[list[tuple[int, int]]] = []
    cur: list[tuple[int, int]] = []
    pending: list[tuple[int, int]] = []
    pos = start
    for m in _CANDIDATE.finditer(text[start:end]):  # other tokens only break runs, as the gap shows
        s, e = m.start() + start, m.end() + start
        w = text[s:e].rstrip(".'\u2019-")
        possessive = w.endswith(("'s", "\u2019s"))
        if possessive:
            w = w[:-2]
        e = s + len(w)
        if not w:
            continue
        gap = text[pos:s]
        joined = cur and gap in (" ", "-") and not any(c in gap for c in ",;:()")
        if _TOKEN.fullmatch(w):
            if cur and not joined:
                runs.append(cur)
                cur = []
            if cur and pending:
                cur.extend(pending)
            cur.append((s, e))
            pending = []
            if possessive:
                runs.append(cur)
                cur = []
        elif cur and joined and w.lower() in _LINKS and not pending:
            pending = [(s, e)]
        else:
            if cur:
                runs.append(cur)
            cur, pending = [], []
        pos = e
    if cur:
        runs.append(cur)
    return runs


def ngrams(run: list[tuple[int, int]], max_len: int = 6) -> list[tuple[int, int]]:
    """Return every sub-span of a run, longest first, not starting or ending on a linking particle."""
    out = []
    n = len(run)
    for size in range(min(n, max_len), 0, -1):
        for i in range(0, n - size + 1):
            out.append((run[i][0], run[i + size - 1][1]))
    return out


def _speaker(left: str) -> bool:
    """True when speech or base words precede the place; not a capitalised word inside a name
    ('National Conference activist ... killed in Kashmir')."""
    m = _SPEAKER.search(left)
    if m is None:
        return False
    named = m.group("word")[0].isupper() and bool(m.group("prev")) and m.group("prev")[0].isupper()
    return not named


def left_cue(text: str, lo: int, s: int) -> tuple[str | None, bool]:
    """Return (cue, speaker) for the words before ``s`` (not before ``lo``): 'near', 'in' or None."""
    left = text[max(lo, s - 90) : s]
    speaker = _speaker(left)
    if _CUE_NEAR.search(left):
        return "near", speaker
    m = _CUE_IN.search(left)
    if m:
        return ("in" if m.group("strong") else "weak"), speaker
    return None, speaker


def right_suffix(text: str, e: int, hi: int) -> tuple[str, int] | None:
    """Return (suffix word, new end) when an admin or landform word follows the name."""
    m = _SUFFIX.match(text[e:hi])
    return (m.group(1).lower(), e + m.end()) if m else None


def speaker_context(text: str, lo: int, s: int) -> bool:
    """Return True when the place is where someone spoke or was based, not where something happened."""
    return _speaker(text[max(lo, s - 90) : s])


_NAME = r"[A-Z\u00c0-\u00de][\w'\u2019\-]*(?:[ \-](?:(?:al|el|ad|as|ash|ez|de|du|des|la|of|bin|and)[ \-])?[A-Z\u00c0-\u00de0-9][\w'\u2019\-]*){0,4}"
_UNIT = (r"(?:\s+(?:district|village|town|city|area|camp|neighbou?rhood|province|governorate|state|region|department|"
         r"oblast|county|municipality|division|sub-?district|LGA|local government area|commune|village tract|township))?")
_CHAIN = re.compile(
    rf"(?:\b(in|at|near|outside|around|of|attacked|raided|hit)\s+(?:the\s+)?(?:(?:city|town|village|district|area|region|"
    rf"camp) of\s+)?)?({_NAME}){_UNIT}((?:,\s+{_NAME}{_UNIT}){{1,3}}),\s+({_NAME})(?=[\s.,;]|$)"
)
_PART = re.compile(rf",\s+({_NAME}){_UNIT}")
_CODED = re.compile(rf"coded as ({_NAME}) at geo-?\s?precision\s*(\d)", re.I)
_GTD2 = re.compile(
    rf"\b(in|at|near|outside|around)\s+(?:the\s+)?(?:(?:city|town|village|district|area|region|camp) of\s+)?"
    rf"({_NAME})(?:\s+(?:district|village|town|city|area|camp))?,\s+({_NAME})(?=[\s.,;]|$)"
)
_DIRECTION = re.compile(r"north|south|east|west|central")
_ACRONYM = re.compile(r"[A-Z][A-Z0-9\-&]{1,7}s?")
_PAREN = re.compile(rf"({_NAME})(?:\s*\[[^\]]{{1,40}}\])?\s*\(({_NAME})(?:,\s*({_NAME}))?(?:,\s*({_NAME}))?\)")
_CITY_DISTRICT = re.compile(rf"({_NAME}) - ({_NAME})")
_DIR_FEATURE = re.compile(
    rf"({_NAME})['\u2019]s?\s+((?:far\s+|remote\s+|vast\s+)?(?:north|south|east|west|central|north-?east|north-?west|"
    rf"south-?east|south-?west)(?:ern)?\s+(?:desert|mountains|region|province|provinces|border(?: area| region)?|"
    rf"countryside|highlands|coast|plains?|valley|outskirts))",
)


def structured(text: str, start: int, end: int, is_country: Callable[[str], str | None],
               countryish: Callable[[str], str | None] | None = None) -> list[list[Cue]]:
    """Return cue groups for the structured formats, each finest place first, then its fallbacks.

    Formats: 'in X, Y, Z, Country' (GTD), 'X (Y, Z)' (ACLED notes), 'coded as X at geoprecision N',
    'City - District', "Country's western desert".
    """
    seg = text[start:end]
    groups: list[list[Cue]] = []
    countryish = countryish or is_country  # names and demonyms ('Iraqi officials' qualifies nothing)

    def cue(span: tuple[int, int], pattern: str, weight: float, **kw: object) -> Cue:
        return Cue(span[0] + start, span[1] + start, pattern, weight=weight, **kw)  # type: ignore[arg-type]

    # each format needs some punctuation or word; a segment without it skips that pattern's scan
    has = {"coded": "coded as" in seg.lower(), "commas": seg.count(",") >= 2, "comma": "," in seg,
           "paren": "(" in seg, "dash": " - " in seg, "dir": _DIRECTION.search(seg) is not None}
    for m in _CODED.finditer(seg) if has["coded"] else ():
        near = m.group(2) != "1"
        groups.append([cue(m.span(1), "near" if near else "in", 1.6, near=near)])
    for m in _CHAIN.finditer(seg) if has["commas"] else ():
        iso3 = is_country(m.group(4))
        if iso3 is None or is_country(m.group(2)):
            continue
        near = m.group(1) in ("near", "outside", "around") or bool(_CUE_NEAR.search(seg[max(0, m.start() - 60) : m.start(2)]))
        off = m.start(3)
        parts = [((pm.start(1) + off, pm.end(1) + off), pm.group(1)) for pm in _PART.finditer(m.group(3))]
        names = [n for _, n in parts]
        group = [cue(m.span(2), "near" if near else "in", 1.3, hints=names, country=iso3, near=near)]
        group += [cue(sp, "province", 1.3, kind_hint="admin", hints=names[i + 1 :], country=iso3, near=True)
                  for i, (sp, _n) in enumerate(parts)]
        groups.append(group)
    for m in _GTD2.finditer(seg) if has["comma"] else ():
        iso3 = is_country(m.group(3))
        near = m.group(1) in ("near", "outside", "around")
        if iso3 is not None and not is_country(m.group(2)):
            groups.append([cue(m.span(2), "near" if near else "in", 1.25, country=iso3, near=near)])
        elif iso3 is None and countryish(m.group(2)) is None and countryish(m.group(3)) is None:
            groups.append([cue(m.span(2), "near" if near else "in", 1.2, hints=[m.group(3)], near=near),
                           cue(m.span(3), "province", 1.2, kind_hint="admin", near=True)])
    for m in _PAREN.finditer(seg) if has["paren"] else ():
        parts = [g for g in m.groups()[1:] if g]
        if is_country(parts[0]) or len(m.group(2).split()) > 4 or any(_ACRONYM.fullmatch(p) for p in parts):
            continue  # 'National Liberation Army (ELN)' is a name with its acronym, not 'X (district, province)'
        group = [cue(m.span(1), "in", 1.3, hints=parts)]
        group += [cue(m.span(i), "near" if i == 2 else "province", 1.3, kind_hint=None if i == 2 else "admin",
                      hints=parts[i - 1 :], near=True) for i in range(2, 2 + len(parts))]
        groups.append(group)
    for m in _CITY_DISTRICT.finditer(seg) if has["dash"] else ():
        groups.append([cue(m.span(2), "city_district", 1.3, hints=[m.group(1)]),
                       cue(m.span(1), "in", 1.2, kind_hint="city")])
    for m in _DIR_FEATURE.finditer(seg) if has["dir"] else ():
        iso3 = is_country(m.group(1))
        group = [cue(m.span(2), "landform", 1.2, country=iso3, hints=[] if iso3 else [m.group(1)])]
        if iso3 is None:
            group.append(cue(m.span(1), "province", 1.0, kind_hint="admin"))
        groups.append(group)
    return groups
