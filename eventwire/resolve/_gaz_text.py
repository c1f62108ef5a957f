"""Name normalisation for the gazetteer: folding, article and suffix stripping, skeleton keys."""

from __future__ import annotations

import functools
import re
import unicodedata

__all__ = ["fold", "name_key", "strip_suffix", "skeleton", "is_latin", "ADMIN_SUFFIXES", "KIND_WORDS"]

_SPECIAL = str.maketrans({
    "ı": "i", "ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "þ": "th",
    "ð": "d", "ħ": "h", "ŧ": "t", "ɨ": "i", "Ł": "L", "Ø": "O", "Đ": "D", "İ": "I",
})
_APOS = re.compile(r"[\u02bb\u02bc\u02be\u02bf\u2018\u2019\u00b4`'\u02b9\u02ca]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
# Arabic articles and linking particles as they appear in Latin transliterations.
_ARTICLES = frozenset("al el ad ar as at an az ash adh ath ud ul ed er es ez et ez ol".split())
# Trailing words that name an administrative unit rather than the place itself.
ADMIN_SUFFIXES: dict[str, str] = {
    "province": "admin1", "provinces": "admin1", "governorate": "admin1", "oblast": "admin1",
    "region": "admin1", "state": "admin1", "prefecture": "admin1", "department": "admin1",
    "wilaya": "admin1", "wilayat": "admin1", "krai": "admin1", "kray": "admin1",
    "muhafazat": "admin1", "muhafaza": "admin1", "territory": "admin1", "county": "admin2",
    "district": "admin2", "districts": "admin2", "raion": "admin2", "rayon": "admin2",
    "municipality": "admin2", "commune": "admin2", "cercle": "admin2", "regency": "admin2",
    "subdistrict": "admin3", "sub district": "admin3", "city": "city", "town": "city",
    "village": "city", "camp": "city", "refugee camp": "city", "area": "region", "zone": "region",
    "lga": "admin2", "local government area": "admin2", "tehsil": "admin2", "agency": "admin2",
}
# Words that imply a landform or region kind when they end a name.
KIND_WORDS: dict[str, str] = {
    "mountains": "mountains", "mountain": "mountains", "mts": "mountains", "hills": "mountains",
    "range": "mountains", "massif": "mountains", "jebel": "mountains", "jabal": "mountains",
    "desert": "desert", "valley": "valley", "forest": "forest", "plain": "plain", "plains": "plain",
    "river": "river", "lake": "lake", "sea": "sea", "gulf": "sea", "strait": "sea",
    "island": "island", "islands": "island", "peninsula": "region", "corridor": "border_zone",
    "border": "border_zone", "marsh": "marsh", "marshes": "marsh", "plateau": "plateau",
    "strip": "region", "bank": "region", "heights": "region", "basin": "region", "delta": "region",
    "gorge": "valley", "pass": "pass", "coast": "region", "highlands": "mountains",
}


@functools.lru_cache(maxsize=65536)
def fold(s: str) -> str:
    """Return ``s`` lower-cased, without diacritics or apostrophes, words joined by single spaces."""
    s = _APOS.sub("", s.translate(_SPECIAL))
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return _NON_ALNUM.sub(" ", s.lower()).strip()


@functools.lru_cache(maxsize=65536)
def name_key(s: str) -> str:
    """Return the lookup key: folded, with leading 'the' and Arabic articles dropped."""
    toks = fold(s).split()
    if toks and toks[0] == "the":
        toks = toks[1:]
    kept = [t for t in toks if t not in _ARTICLES]
    return " ".join(kept or toks)


def strip_suffix(key: str) -> tuple[str, str | None]:
    """Split an admin suffix ('province', 'district' ...) off a key; return (rest, implied kind)."""
    toks = key.split()
    for n in (3, 2, 1):
        if len(toks) > n and " ".join(toks[-n:]) in ADMIN_SUFFIXES:
            return " ".join(toks[:-n]), ADMIN_SUFFIXES[" ".join(toks[-n:])]
    return key, None


_SKEL_SUBS = (("dj", "j"), ("ph", "f"), ("q", "k"), ("ck", "k"), ("ou", "u"), ("ee", "i"),
              ("oo", "u"), ("w", "v"), ("x", "ks"), ("z", "s"), ("c", "k"))
_VOWELS = re.compile(r"(?<=.)[aeiouy]")
_REPEAT = re.compile(r"(.)\1+")


def skeleton(key: str) -> str:
    """Return a transliteration-tolerant consonant skeleton ('salah din' -> 'slhdn')."""
    s = key.replace(" ", "")
    for a, b in _SKEL_SUBS:
        s = s.replace(a, b)
    s = _REPEAT.sub(r"\1", s)
    return _REPEAT.sub(r"\1", _VOWELS.sub("", s))


def is_latin(s: str) -> bool:
    """Return True when every letter of ``s`` is in a Latin script block."""
    return all(ord(c) < 0x250 or 0x1E00 <= ord(c) <= 0x1EFF or not c.isalpha() for c in s)
