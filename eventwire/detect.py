"""Which sentences report an event, and of what type.

Two steps: a cheap lexicon prefilter (pyahocorasick over ``data/triggers.tsv``) picks candidate
sentences, so only those reach spaCy; then each parsed candidate is rejected (intent, threat,
hypothetical, denial, habitual or far-past statements) or classified into the codebook §2 taxonomy
using the triggers, the parse and who is acting on whom.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Iterable, Sequence

from ._spacy import pos, token_at
from .lexicon import Match, PhraseMatcher, read_tsv
from .types import Span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["Trigger", "Candidate", "Classification", "Detector", "taxonomy"]

BETWEEN = re.compile(r"\bbetween\s+((?:\w+\s+){0,3}?\w+\s+and\s+(?:\w+\s+){0,3}?\w+)\b", re.I)
BRAWL_WORDS = {"clash", "clashes", "clashed", "fought", "fighting", "skirmish", "skirmishes", "beat", "beaten", "stoned"}
RIOT_WORDS = {"clash", "clashes", "clashed", "fought", "fighting"}
# Rules that infer the type only from who was harmed; a specific rule (a strike, a bomb, a protest,
# a ground fight) of another sentence about the same incident wins over them.
GENERIC_RULES = frozenset({"armed-victims", "state-operation", "default-attack", "armed-vs-civilians", "clash", "claim"})
REMOTE_ORDER = ("CHEM", "AIR", "SUICIDE", "SHELL", "IED", "GRENADE")
REMOTE_SUB = {
    "CHEM": "Chemical weapon",
    "AIR": "Air/drone strike",
    "SUICIDE": "Suicide bomb",
    "SHELL": "Shelling/artillery/missile attack",
    "IED": "Remote explosive/landmine/IED",
    "GRENADE": "Grenade",
}
# Ground-fight words that make a mixed remote/ground report a battle (codebook §2 edge rules).
GROUND_FIGHT = {
    "clash", "clashes", "clashed", "fighting", "fought", "gun battle", "gunbattle", "gunfight",
    "firefight", "exchange of fire", "exchanged fire", "ambushed", "ambush", "skirmish", "skirmishes",
    "battled", "offensive", "counteroffensive", "killed in action", "counter-offensive", "repelled",
    "repulsed", "crossfire",
}
# Words of an assault that make a battle only when the other side is armed ("raided a militant
# hideout"); police raiding a newspaper is not one.
ASSAULT = {"raid", "raided", "raids", "stormed"}
REPORTING = {"said", "says", "say", "told", "tells", "reported", "reports", "announced", "added", "stated",
             "confirmed", "according", "wrote", "tweeted", "posted"}
MODAL_AUX = {"will", "would", "could", "may", "might", "shall", "should", "can", "'ll", "wo"}
INTENT_VERBS = (
    "vow", "threaten", "plan", "pledge", "promise", "warn", "intend", "want", "seek", "try", "attempt",
    "call", "urge", "fear", "hope", "aim", "prepare", "demand", "plot", "deny", "refute", "reject", "dismiss",
    "continue", "expect", "order", "allow", "propose", "consider", "vote", "decide", "ask",
)
INTENT_FORMS = frozenset(
    {v for v in INTENT_VERBS}
    | {v + "s" for v in INTENT_VERBS} | {v + "ed" for v in INTENT_VERBS} | {v + "d" for v in INTENT_VERBS}
    | {v + "ing" for v in INTENT_VERBS} | {v[:-1] + "ing" for v in INTENT_VERBS if v.endswith("e")}
    | {"vowed", "planned", "planning", "plotted", "plotting", "tried", "tries", "denied", "denies", "sought",
       "threats", "threat", "plans", "calls", "demands", "hopes", "orders", "intention", "attempts"}
)


def _intent_word(word: str) -> bool:
    """True for forms of verbs of intent, threat or denial (vowed, vowing, threatens, denied ...)."""
    return word.lower() in INTENT_FORMS


@dataclass(frozen=True)
class Trigger:
    """A trigger word of a cue class (KILL, AIR, PROTEST ...) found in the text."""

    start: int
    end: int
    text: str
    cue: str
    strong: bool


@dataclass(frozen=True)
class Candidate:
    """A sentence that passed the prefilter, with its triggers."""

    sentence: Span
    triggers: tuple[Trigger, ...]

    @property
    def cues(self) -> set[str]:
        return {t.cue for t in self.triggers}


@dataclass(frozen=True)
class Classification:
    """The codebook category chosen for a candidate, and the rule that chose it."""

    event_type: str
    sub_event_type: str
    rule: str
    trigger: Trigger | None = None


@lru_cache(maxsize=1)
def taxonomy() -> dict[tuple[str, str], tuple[int, str, str]]:
    """Return {(event_type, sub_event_type): (precedence rank, disorder_type, family)}."""
    return {(r[1], r[2]): (int(r[0]), r[3], r[4]) for r in read_tsv("taxonomy.tsv")}


class Detector:
    """Prefilter and classify candidate sentences. Built once per process; holds only lexicons."""

    def __init__(self) -> None:
        self.triggers = PhraseMatcher(
            (r[0], (r[1], r[2] == "strong"), r[3] == "s") for r in read_tsv("triggers.tsv")
        )
        self.cues = PhraseMatcher((r[0], r[1], False) for r in read_tsv("cues.tsv"))
        self.participants = {r[0].lower(): r[1] for r in read_tsv("participants.tsv")}

    # -- prefilter -------------------------------------------------------------------------
    def find_triggers(self, text: str, start: int, end: int) -> list[Trigger]:
        """Return the trigger words in ``text[start:end]``."""
        out = []
        for m in self.triggers.find(text, start, end):
            payloads = m.payload if isinstance(m.payload, tuple) and isinstance(m.payload[0], tuple) else (m.payload,)
            for cue, strong in payloads:
                out.append(Trigger(m.start, m.end, m.text, cue, strong))
        return _drop_false_strikes(text, out)

    def prefilter(self, text: str, sentences: Sequence[Span]) -> list[Candidate]:
        """Return the sentences holding at least one strong trigger."""
        out = []
        for sent in sentences:
            trig = self.find_triggers(text, sent.start, sent.end)
            if any(t.strong for t in trig):
                out.append(Candidate(sent, tuple(trig)))
        return out

    def find_cues(self, text: str, start: int, end: int) -> list[Match]:
        """Return the context cues (MODAL, DENIAL, SUPPORT, RESPONSIBILITY ...) in a range."""
        return self.cues.find(text, start, end)

    # -- rejection ---------------------------------------------------------------------------
    def reject_reason(self, cand: Candidate, doc: "Doc", offset: int) -> str | None:
        """Return why a candidate reports no actual event (intent, denial, habit), else None."""
        event_triggers = [t for t in cand.triggers if t.strong]
        reasons = [self._trigger_reject(t, doc, offset) for t in event_triggers]
        if all(reasons):
            return reasons[0]
        return None

    def _trigger_reject(self, trig: Trigger, doc: "Doc", offset: int) -> str | None:
        tok = token_at(doc, trig.start - offset)
        if tok is None:
            return None
        chain = _clause_chain(tok)
        for t in chain:
            for child in t.children:
                low = child.lower_
                if child.dep_ in ("aux", "auxpass") and low in MODAL_AUX:
                    return f"modal '{child.text}'"
                if child.dep_ == "neg" and pos(t) in ("VERB", "AUX"):
                    return f"negated '{t.text}'"
                if child.dep_ == "mark" and low in ("if", "unless", "whether"):
                    return f"conditional '{child.text}'"
            if t.i != tok.i and pos(t) in ("VERB", "NOUN") and _intent_word(t.text) and not _ongoing(t, chain) \
                    and not _subject_of(t, chain):
                return f"intent '{t.text}'"
            if t.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children) \
                    and t.dep_ in ("ccomp", "xcomp", "advcl") and t.head.lower_ not in REPORTING:
                return f"infinitive '{t.text}' (not asserted)"
            if t.i != tok.i and pos(t) in ("VERB", "AUX") and (t.dep_ == "ROOT" or t.head.lower_ in REPORTING):
                break
        return None

    # -- classification ----------------------------------------------------------------------
    def classify(self, cand: Candidate, agent_class: str | None, patient_class: str | None,
                 agent_state: bool, support_ranges: Iterable[tuple[int, int]] = (),
                 pivot: int | None = None, victims: tuple[int, int] | None = None) -> Classification | None:
        """Return the codebook category of a candidate given who acts on whom, or None.

        ``pivot`` is the offset of the sentence's main event word; when it is an arrest, the protest
        words around it only describe who was arrested ("arrested activists who organised a sit-in").
        ``victims`` is the range telling who was acted upon: a mob word there ("killed six members of
        a vigilante group") names the armed side that was hit, not a mob.
        """
        trig = [t for t in cand.triggers if not _inside(t, support_ranges)
                and not (t.cue == "MOB" and victims is not None and _inside(t, [victims]))]
        cues = {t.cue for t in trig}
        words = {t.text.lower() for t in trig}
        main = next((t for t in trig if t.start == pivot), None)
        if main is not None and main.cue == "ARREST" and agent_class == "STATE" \
                and not cues & {"INTERVENE", "KILL", "MASSACRE"}:
            return Classification("Strategic developments", "Arrests", "arrest", main)
        if agent_class is None and patient_class is None:
            agent_class = patient_class = self._between_class(cand.sentence.text)

        def first(*names: str) -> Trigger | None:
            return next((t for t in trig if t.cue in names), None)

        if "PROTEST" in cues or (patient_class == "PROTESTER" and cues & {"KILL", "ATTACK", "INTERVENE"}):
            return _protest(cues, agent_class, patient_class, first("PROTEST", "RIOT", "INTERVENE"), words)
        if "MOB" in cues:
            return Classification("Riots", "Mob violence", "mob", first("MOB"))
        if words & BRAWL_WORDS and agent_class == "CIVILIAN" and patient_class in ("CIVILIAN", None) \
                and not cues & set(REMOTE_ORDER) and not cues & {"ABDUCT", "SEXUAL"}:
            return Classification("Riots", "Mob violence", "civilian-brawl", first("CLASH", "ATTACK"))
        if "RIOT" in cues and not cues & set(REMOTE_ORDER) and agent_class in (None, "RIOTER", "CIVILIAN"):
            return Classification("Riots", "Violent demonstration", "riot", first("RIOT"))
        if words & RIOT_WORDS and "RIOTER" in (agent_class, patient_class):  # "clashes between police and rioters"
            return Classification("Riots", "Violent demonstration", "riot-clash", first("CLASH"))
        if "REGAIN" in cues and agent_class in ("ARMED", "STATE", None) and (agent_state or agent_class is None):
            return Classification("Battles", "Government regains territory", "regain", first("REGAIN"))
        if "OVERTAKE" in cues and _strong_cue(trig, "OVERTAKE") and not agent_state:
            return Classification("Battles", "Non-state actor overtakes territory", "overtake", first("OVERTAKE"))
        remote = next((c for c in REMOTE_ORDER if c in cues and _strong_cue(trig, c)), None)
        remote = remote or next((c for c in REMOTE_ORDER if c in cues), None)
        ground = bool(words & GROUND_FIGHT)
        armed_fight = patient_class in ("ARMED", "STATE") and agent_class in ("ARMED", "STATE")
        if remote and not (ground and armed_fight):
            return Classification("Explosions/Remote violence", REMOTE_SUB[remote], f"remote:{remote}", first(remote))
        if "SEXUAL" in cues:
            return Classification("Violence against civilians", "Sexual violence", "sexual", first("SEXUAL"))
        violent = cues & {"KILL", "ATTACK", "CLASH", "MASSACRE"}
        if "ABDUCT" in cues and not ("KILL" in cues and patient_class == "CIVILIAN"):
            if _strong_cue(trig, "ABDUCT"):
                return Classification("Violence against civilians", "Abduction/forced disappearance", "abduct", first("ABDUCT"))
        if violent:
            return _violence(cues, words, agent_class, patient_class, agent_state, trig)
        if "ARREST" in cues and _strong_cue(trig, "ARREST"):
            if agent_class in ("ARMED",) and not agent_state:
                return Classification("Violence against civilians", "Abduction/forced disappearance", "nonstate-arrest", first("ARREST"))
            return Classification("Strategic developments", "Arrests", "arrest", first("ARREST"))
        if "AGREE" in cues:
            return Classification("Strategic developments", "Agreement", "agree", first("AGREE"))
        if "DISRUPT" in cues and _strong_cue(trig, "DISRUPT"):
            return Classification("Strategic developments", "Disrupted weapons use", "disrupt", first("DISRUPT"))
        if "LOOT" in cues:
            return Classification("Strategic developments", "Looting/property destruction", "loot", first("LOOT"))
        if "WITHDRAW" in cues:
            return Classification("Strategic developments", "Non-violent transfer of territory", "withdraw", first("WITHDRAW"))
        if "REGAIN" in cues or "OVERTAKE" in cues:
            return Classification("Battles", "Armed clash", "territory-fight", first("REGAIN", "OVERTAKE"))
        return None

    def _between_class(self, sentence: str) -> str | None:
        """Class of both sides in "clashes between students and parents" (None when mixed/unknown)."""
        m = BETWEEN.search(sentence)
        if not m:
            return None
        classes = {self.noun_class(w) for w in re.findall(r"[A-Za-z]+", m.group(1)) if self.noun_class(w)}
        return classes.pop() if len(classes) == 1 else None

    def noun_class(self, word: str) -> str | None:
        """Return CIVILIAN / ARMED for a head noun, or None when unknown."""
        return self.participants.get(word.lower())


def _protest(cues: set[str], agent: str | None, patient: str | None, trig: Trigger | None,
             words: set[str] = frozenset()) -> Classification:
    """Protests vs riots (codebook §2): violence by the crowd makes a riot; force on a peaceful crowd
    keeps it a protest."""
    if "RIOT" in cues or words & RIOT_WORDS or (agent in ("PROTESTER", "RIOTER") and cues & {"ATTACK", "KILL"}):
        return Classification("Riots", "Violent demonstration", "protest:violent", trig)
    if patient == "PROTESTER" and cues & {"KILL"}:
        return Classification("Protests", "Excessive force against protesters", "protest:excessive", trig)
    if cues & {"INTERVENE", "ARREST"} or (patient == "PROTESTER" and cues & {"ATTACK", "CLASH"}):
        return Classification("Protests", "Protest with intervention", "protest:intervention", trig)
    return Classification("Protests", "Peaceful protest", "protest:peaceful", trig)


def _violence(cues: set[str], words: set[str], agent: str | None, patient: str | None,
              agent_state: bool, trig: list[Trigger]) -> Classification | None:
    first = next((t for t in trig if t.cue in ("CLASH", "ATTACK", "KILL", "MASSACRE") and t.strong), trig[0])
    if "MASSACRE" in cues:  # executing captives is an attack on civilians (codebook §2)
        return Classification("Violence against civilians", "Attack", "massacre", first)
    if words & GROUND_FIGHT and patient != "CIVILIAN":
        return Classification("Battles", "Armed clash", "ground-fight", first)
    if words & ASSAULT and patient in ("ARMED", "STATE"):
        return Classification("Battles", "Armed clash", "ground-fight", first)
    if patient == "CIVILIAN":
        return Classification("Violence against civilians", "Attack", "armed-vs-civilians", first)
    if patient in ("ARMED", "STATE"):
        return Classification("Battles", "Armed clash", "armed-victims", first)
    if agent_state and patient is None:
        if not cues & {"KILL", "CLASH"}:
            return None  # a police raid on an office with nobody armed on the other side is no battle
        return Classification("Battles", "Armed clash", "state-operation", first)
    if patient is None and "KILL" not in cues and "CLASH" in cues:
        return Classification("Battles", "Armed clash", "clash", first)
    return Classification("Violence against civilians", "Attack", "default-attack", first)


def _ongoing(verb: "Token", chain: list["Token"]) -> bool:
    """True for 'clashes continue' / 'continues bombing' / 'continued operations and renewed clashes'
    (an ongoing event), not 'continue to operate'."""
    if not verb.lower_.startswith("continu"):
        return False
    below = chain[chain.index(verb) - 1]
    if below.dep_ in ("nsubj", "nsubjpass", "dobj", "conj"):
        return True
    return below.tag_ == "VBG"


def _subject_of(verb: "Token", chain: list["Token"]) -> bool:
    """True when the event word is the subject of the intent verb, not what is intended ('the killings
    prompted calls', and a headline parse such as 'kills wanted IS militant')."""
    return chain[chain.index(verb) - 1].dep_ in ("nsubj", "nsubjpass")


def _strong_cue(trig: Sequence[Trigger], cue: str) -> bool:
    return any(t.cue == cue and t.strong for t in trig)


def _inside(t: Trigger, ranges: Iterable[tuple[int, int]]) -> bool:
    return any(s <= t.start and t.end <= e for s, e in ranges)


def _drop_false_strikes(text: str, trig: list[Trigger]) -> list[Trigger]:
    """Drop 'strike' words that mean a labour or hunger strike rather than an attack."""
    out = []
    for t in trig:
        if t.cue == "INTERVENE" and t.text.lower() == "dispersed" and re.match(r"\s*(?:[.,;]|$|and\b|peacefully)", text[t.end:]):
            continue  # "the crowd ... dispersed." on its own: nobody intervened
        if t.cue == "AIR" and t.text.lower() in ("strike", "strikes"):
            before = text[max(0, t.start - 12) : t.start].lower()
            if any(w in before for w in ("hunger ", "general ", "on ", "labour ", "labor ", "workers'")):
                continue
        out.append(t)
    return out



def _clause_chain(tok: "Token") -> list["Token"]:
    """Return the token and its heads up to the sentence root (the clause context)."""
    chain = [tok]
    while chain[-1].head.i != chain[-1].i and len(chain) < 8:
        chain.append(chain[-1].head)
    return chain
