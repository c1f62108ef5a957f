"""Who acted, who was targeted, and who helped: roles from the dependency parse of a sentence.

The actor lexicon (``resolve/actors.py``) finds and normalises actor mentions; this module decides
their role in the event a candidate sentence reports: agent (actor1), patient (actor2) or associated
(``supported by US airstrikes``, ``with support from the coalition``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Sequence

from .._spacy import noun_phrases, pos, token_at
from ..detect import REPORTING
from ..types import Span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from ..detect import Detector, Trigger

__all__ = ["Roles", "assign_roles", "actor_class"]

# Actor type labels (codebook §3) -> participant class used by classification.
TYPE_CLASS = {
    "State forces": "STATE",
    "Rebel group": "ARMED",
    "Political militia": "ARMED",
    "Identity militia": "ARMED",
    "External/Other forces": "ARMED",
    "Rioters": "RIOTER",
    "Protesters": "PROTESTER",
    "Civilians": "CIVILIAN",
}
PRONOUN_AGENTS = ("it", "its", "they", "their", "we", "our", "he", "his", "she", "her")
DYING = ("die", "dies", "died", "dying", "perish", "perished", "succumbed")
DEATH_NOUNS = ("death", "deaths", "killing", "killings", "abduction", "abductions", "kidnapping", "kidnappings")


@dataclass
class Roles:
    """Actor mentions of one sentence sorted into roles, plus the classes of both sides."""

    agents: list[Span] = field(default_factory=list)
    patients: list[Span] = field(default_factory=list)
    assoc: list[Span] = field(default_factory=list)
    others: list[Span] = field(default_factory=list)
    agent_class: str | None = None
    patient_class: str | None = None
    sources: list[Span] = field(default_factory=list)  # who reported the event ("police said")
    agent_noun: Span | None = None
    patient_noun: Span | None = None
    support_ranges: list[tuple[int, int]] = field(default_factory=list)
    pivot: int | None = None  # character offset of the main trigger word
    patient_range: tuple[int, int] | None = None  # the words telling who was acted upon

    @property
    def agent_state(self) -> bool:
        return self.agent_class == "STATE"


def actor_class(span: Span) -> str | None:
    """Return the participant class (STATE, ARMED, CIVILIAN ...) of a resolved actor span."""
    actor = span.value
    return TYPE_CLASS.get(getattr(actor, "type", None) or "")


def assign_roles(doc: "Doc", offset: int, actors: Sequence[Span], triggers: Sequence["Trigger"],
                 support: Sequence[tuple[int, int]], detector: "Detector",
                 joint: Sequence[tuple[int, int]] = ()) -> Roles:
    """Return the roles of the actor mentions of one parsed sentence (``offset`` = its start).

    ``support`` cues ("supported by") make associated actors; ``joint`` cues ("a joint operation
    involving") make co-agents.
    """
    roles = Roles(support_ranges=_support_ranges(doc, offset, support))
    joint_ranges = _support_ranges(doc, offset, joint)
    pivot = _pivot(doc, offset, triggers)
    events = frozenset(tok.i for tok in (token_at(doc, t.start - offset) for t in triggers) if tok is not None)
    agent_rng, patient_rng = _argument_ranges(pivot, offset, events) if pivot is not None else (None, None)
    clash = _clash(pivot, _clash_tokens(doc, offset, triggers)) if pivot is not None else None
    first, other, mutual = _clash_sides(clash, offset) if clash is not None else (None, None, False)
    fought = clash is not None and _armed_side(actors, (first, other))
    toll = fought and clash.i != pivot.i  # the pivot verb only tells the clash's dead
    if toll:  # "militants were killed in clashes with troops": with one side named the dead were the other
        pivot, agent_rng, patient_rng = clash, first or other, other if first else patient_rng
    elif fought:
        agent_rng, patient_rng = first or agent_rng, other or patient_rng
    sources = _source_ranges(doc, offset, pivot)
    for span in actors:
        if _within(span, sources) and not _within(span, [agent_rng] if agent_rng else []):
            roles.sources.append(span)
        elif _within(span, roles.support_ranges):
            roles.assoc.append(span)
        elif _within(span, joint_ranges) or (agent_rng and _within(span, [agent_rng])):
            roles.agents.append(span)
        elif patient_rng and _within(span, [patient_rng]):
            roles.patients.append(span)
        else:
            roles.others.append(span)
    if roles.sources and not roles.agents and _pronoun_agent(doc, offset, agent_rng):
        roles.agents = roles.sources[:1]  # "the army said its troops killed ...": the source acted
    if pivot is not None:
        roles.pivot = pivot.idx + offset
        _positional_fallback(roles, pivot.idx + offset, not toll and _is_passive(pivot))
        if roles.patients and not roles.agents and _headline_passive(pivot, events):
            _opponents_as_agents(roles, doc, offset)
    roles.agent_noun = _head_noun(doc, offset, agent_rng)
    roles.patient_noun = _head_noun(doc, offset, patient_rng)
    roles.patient_range = patient_rng
    roles.agent_class = _side_class(roles.agents, roles.agent_noun, detector)
    roles.patient_class = _side_class(roles.patients, roles.patient_noun, detector)
    if fought and mutual and roles.patient_class == "CIVILIAN":
        roles.patient_class = None  # "pastoralists and farmers fought each other": both sides fought
    if _unnamed_clash_toll(clash, pivot, first, other, roles):
        roles.patient_class = None  # "20 people were killed in the fighting": the battle's toll, sides unknown
    return roles


def _unnamed_clash_toll(clash: "Token | None", pivot: "Token | None", first: tuple[int, int] | None,
                        other: tuple[int, int] | None, roles: Roles) -> bool:
    """True when the dead are the toll of a clash told with no side at all ("Twenty people were
    killed in the fighting", "died in clashes"): the people are the battle's dead (codebook §2:
    bystanders killed in a battle join it), not victims of an attack on civilians."""
    return clash is not None and pivot is not None and clash.i != pivot.i and first is None \
        and other is None and not roles.agents and roles.patient_class == "CIVILIAN"


def _source_ranges(doc: "Doc", offset: int, pivot: "Token | None") -> list[tuple[int, int]]:
    """Return the character ranges of who reports the event: subjects of reporting verbs ("two
    police officials said", "residents who said") and "according to" objects. The source of a
    statement is not a side of the event (codebook §3)."""
    out = []
    for tok in doc:
        if tok.lower_ not in REPORTING or (pivot is not None and tok.i == pivot.i):
            continue
        if tok.lower_ == "according":
            out += [_subtree_range(c, offset) for t in tok.children if t.lower_ == "to" for c in t.children if c.dep_ == "pobj"]
        elif tok.dep_ == "relcl" and pos(tok.head) in ("NOUN", "PROPN"):
            out.append((tok.head.idx + offset, tok.head.idx + len(tok.head.text) + offset))
        else:
            out += [_subtree_range(c, offset) for c in tok.children if c.dep_ == "nsubj"]
    if pivot is None:
        return out
    at = pivot.idx + offset
    return [r for r in out if not r[0] <= at < r[1]]  # "residents who fled the attack said": not a source


def _pronoun_agent(doc: "Doc", offset: int, rng: tuple[int, int] | None) -> bool:
    """True when the acting side is only a pronoun ("they killed", "its fighters attacked")."""
    if rng is None:
        return False
    toks = [t for t in doc if rng[0] <= t.idx + offset < rng[1]]
    return bool(toks) and toks[0].lower_ in PRONOUN_AGENTS


def _positional_fallback(roles: Roles, pivot_char: int, passive: bool = False) -> None:
    """When the parse leaves a side empty, take unplaced actors before the trigger as agents and
    after it as patients (the small parser misreads acronyms such as "IS" as verbs). In a passive
    clause whatever stands before the verb was acted upon."""
    if passive and not roles.patients:
        before = [x for x in roles.others if x.end <= pivot_char]
        roles.patients += before
        roles.others = [x for x in roles.others if x not in before]
    if not roles.agents and not passive:
        before = [x for x in roles.others if x.end <= pivot_char]
        roles.agents += before
        roles.others = [x for x in roles.others if x not in before]
    if not roles.patients:
        after = [x for x in roles.others if x.start > pivot_char]
        roles.patients += after
        roles.others = [x for x in roles.others if x not in after]


def _opponents_as_agents(roles: Roles, doc: "Doc", offset: int) -> None:
    """With victims but no agent ("20 rebels killed in fighting with the army", "troops killed after
    the FSA blocked their offensive"), the other armed actors of the sentence fought them; a source
    ("the army said") is not an actor."""
    from ..detect import REPORTING

    for span in list(roles.others):
        tok = token_at(doc, span.start - offset)
        while tok is not None and tok.head.i != tok.i and span.start <= tok.head.idx + offset < span.end:
            tok = tok.head
        if tok is None or (tok.dep_ == "nsubj" and tok.head.lower_ in REPORTING) or actor_class(span) == "CIVILIAN":
            continue
        roles.agents.append(span)
        roles.others.remove(span)


def _is_passive(pivot: "Token") -> bool:
    """True when the trigger's clause is passive ("five soldiers were killed", "injured in the blast")."""
    verb = pivot.head.head if pivot.dep_ == "pobj" and pivot.head.dep_ == "prep" else pivot
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def _side_class(actors: Sequence[Span], noun: Span | None, detector: "Detector") -> str | None:
    for a in actors:
        cls = actor_class(a)
        if cls:
            return cls
    if noun is not None:
        cls = detector.noun_class(noun.text)
        if cls == "CIVILIAN" and noun.text.lower() in ("protesters", "demonstrators"):
            return "PROTESTER"
        return cls
    return None


def _pivot(doc: "Doc", offset: int, triggers: Sequence["Trigger"]) -> "Token | None":
    """Return the token of the main trigger: the first strong verbal trigger, else the first strong."""
    toks = []
    for t in triggers:
        if not t.strong:
            continue
        tok = token_at(doc, t.start - offset)
        if tok is not None:
            toks.append(tok)
    verbs = [t for t in toks if pos(t) == "VERB"]
    if verbs:
        return verbs[0]
    return toks[0] if toks else None


def _argument_ranges(pivot: "Token", offset: int, events: frozenset[int] = frozenset()
                     ) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    """Return (agent, patient) character ranges around the pivot trigger token."""
    verb = pivot
    if pos(pivot) in ("NOUN", "PROPN") and pivot.dep_ in ("nsubj", "nsubjpass") and pos(pivot.head) in ("VERB", "AUX"):
        verb = pivot.head
    elif pos(pivot) in ("NOUN", "PROPN") and pivot.dep_ == "pobj" and pivot.head.dep_ == "prep" \
            and pos(pivot.head.head) == "VERB":
        verb = pivot.head.head  # "was injured in the blast": the clause verb carries the roles
    agent = patient = None
    for child in verb.children:
        if child.dep_ == "nsubj" and verb.lower_ in DYING and patient is None:
            patient = _subtree_range(child, offset)  # "two civilians died": who dies was acted upon
        elif child.dep_ == "nsubj" and agent is None:
            agent = _subtree_range(child, offset)
        elif child.dep_ == "agent":
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                agent = _subtree_range(pobj, offset)
        elif child.dep_ in ("dobj", "nsubjpass") and patient is None:
            patient = _subtree_range(child, offset)
        elif child.dep_ == "prep" and child.lower_ in ("on", "against", "of", "at") and patient is None and pos(verb) != "VERB":
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                patient = _subtree_range(pobj, offset)
        elif child.dep_ in ("poss", "compound", "amod") and pos(verb) == "NOUN" and agent is None:
            agent = _subtree_range(child, offset)
    if patient is None and _participle_of_noun(verb):
        head = verb.head  # "Three commanders killed in a raid": the participle's noun was acted upon
        return agent or _in_operation_agent(verb, offset), (head.left_edge.idx + offset, head.idx + len(head) + offset)
    if agent is None and verb.dep_ in ("conj", "xcomp", "advcl", "acl", "relcl") and verb.head.i != verb.i:
        head_agent, _ = _argument_ranges(verb.head, offset) if pos(verb.head) in ("VERB", "AUX") else (None, None)
        agent = head_agent
    if patient is None and agent is not None and _reduced_passive(verb) and _names_someone(verb, events):
        return _in_operation_agent(verb, offset), agent  # headline style: "Two militants shot dead in Kupwara"
    if patient is None and pos(verb) == "VERB":
        # "led to the deaths of 15 fighters": look one level down for 'of'-objects of a noun trigger.
        patient = _of_object(verb, offset)
    return agent, patient


def _clash_tokens(doc: "Doc", offset: int, triggers: Sequence["Trigger"]) -> frozenset[int]:
    """Return the token positions of the strong ground-fight triggers ("clashed", "fighting")."""
    from ..detect import GROUND_FIGHT

    toks = (token_at(doc, t.start - offset) for t in triggers
            if t.strong and t.cue == "CLASH" and t.text.lower() in GROUND_FIGHT)
    return frozenset(tok.i for tok in toks if tok is not None)


def _clash(pivot: "Token", clashes: frozenset[int]) -> "Token | None":
    """Return the clash whose sides are the event's: the pivot itself, or the clash that caused
    deaths told with nobody as the killer ("40 people were killed when soldiers clashed with rebels",
    "died during clashes between ...", "Clashes between X and Y killed seven people"). The dead are
    then the clash's toll (codebook §2: bystanders killed in a battle join it)."""
    if pivot.i in clashes:
        return pivot
    if pos(pivot) != "VERB":
        return None
    if any(c.dep_ == "agent" or (c.dep_ == "nsubj" and c.i not in clashes and pivot.lower_ not in DYING)
           for c in pivot.children):
        return None  # "gunmen killed six villagers as soldiers clashed ...": the killers are named
    for child in pivot.children:
        if child.dep_ in ("advcl", "nsubj") and child.i in clashes:
            return child
        if child.dep_ == "prep" and child.lower_ in ("during", "in", "amid"):
            pobj = next((c for c in child.children if c.dep_ == "pobj" and c.i in clashes), None)
            if pobj is not None:
                return pobj
    return None


def _clash_sides(clash: "Token", offset: int) -> tuple[tuple[int, int] | None, tuple[int, int] | None, bool]:
    """Return (first side, other side, mutual) of a clash: "soldiers clashed with X", "troops fought
    X", "army clashes with X"; mutual for a pair told alike, "X and Y clashed", "clashes between X and Y"."""
    between = _prep_object(clash, "between")
    if between is not None:
        return *_pair(between, offset), True
    subject = next((c for c in clash.children if c.dep_ == "nsubj"), None)
    first, other = _pair(subject, offset) if subject is not None else (None, None)
    if other is not None:
        return first, other, True
    if first is None and pos(clash) == "NOUN":
        mods = [c for c in clash.children if c.dep_ in ("poss", "compound", "amod") and c.i < clash.i]
        first = (mods[0].left_edge.idx + offset, mods[-1].idx + len(mods[-1]) + offset) if mods else None
    opponent = _prep_object(clash, "with") or next((c for c in clash.children if c.dep_ == "dobj"), None)
    return first, _subtree_range(opponent, offset) if opponent is not None else None, False


def _prep_object(tok: "Token", prep: str) -> "Token | None":
    """Return the object of the preposition ``prep`` attached to ``tok``."""
    for child in (c for c in tok.children if c.dep_ == "prep" and c.lower_ == prep):
        return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def _pair(tok: "Token", offset: int) -> tuple[tuple[int, int], tuple[int, int] | None]:
    """Split "soldiers and M23 rebels" into the range of the first conjunct and that of the second."""
    conj = next((c for c in tok.children if c.dep_ == "conj"), None)
    if conj is None:
        return _subtree_range(tok, offset), None
    return (tok.left_edge.idx + offset, tok.idx + len(tok) + offset), _subtree_range(conj, offset)


def _armed_side(actors: Sequence[Span], ranges: tuple[tuple[int, int] | None, ...]) -> bool:
    """True when an armed actor (state or not) stands in one of the ranges."""
    spans = [r for r in ranges if r is not None]
    return any(actor_class(a) in ("STATE", "ARMED") and _within(a, spans) for a in actors)


def _in_operation_agent(verb: "Token", offset: int) -> tuple[int, int] | None:
    """Return the modifiers of the operation a passive names ("killed in an army raid", "in a US
    drone strike"): whoever carried it out."""
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("in", "during", "by")):
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            mods = [c for c in pobj.children if c.dep_ in ("compound", "poss", "amod", "nmod") and c.i < pobj.i]
            if mods:
                return mods[0].left_edge.idx + offset, pobj.idx + len(pobj) + offset
    return None


# Verbs that always take an object when active: with a subject but no object and no perfect
# auxiliary, the clause is a passive without its auxiliary, as headlines write them.
_TRANSITIVE_FORMS = frozenset(
    "killed slain shot beheaded executed abducted kidnapped injured wounded arrested captured assassinated "
    "lynched massacred murdered detained gunned ambushed targeted".split())


def _names_someone(verb: "Token", events: frozenset[int]) -> bool:
    """True when the clause's subject names people ('Two militants'), not a bare count or an event
    word ('Clashes between students ...: 5 wounded')."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    return bool(subjects) and all(pos(c) in ("NOUN", "PROPN") and c.i not in events for c in subjects)


def _headline_passive(verb: "Token", events: frozenset[int]) -> bool:
    """True for a passive without its auxiliary: 'militants killed in ...' as a clause or a modifier."""
    return (_reduced_passive(verb) and _names_someone(verb, events)) or _participle_of_noun(verb)


def _participle_of_noun(verb: "Token") -> bool:
    """True for a past participle right after the noun it describes ('Three commanders killed in a raid');
    not for one the parser hung on a distant noun ('Clashes between students ...: 5 wounded')."""
    return verb.dep_ == "acl" and verb.tag_ == "VBN" and pos(verb.head) in ("NOUN", "PROPN") \
        and verb.i == verb.head.i + 1


def _reduced_passive(verb: "Token") -> bool:
    """True for 'Taliban commanders killed in Ghor' and 'Two militants shot dead', not 'gunmen killed five'."""
    if verb.lower_ not in _TRANSITIVE_FORMS or verb.tag_ not in ("VBN", "VBD"):
        return False
    deps = {c.dep_ for c in verb.children}
    perfect = any(c.dep_ == "aux" and c.lower_ in ("has", "have", "had", "having") for c in verb.children)
    # 'Assailants shot and killed a member': the object of the second verb is shared
    return not perfect and not deps & {"dobj", "dative", "ccomp", "xcomp", "attr", "conj", "cc"}


def _of_object(verb: "Token", offset: int) -> tuple[int, int] | None:
    for tok in verb.subtree:
        if tok.lower_ == "of" and tok.head.lower_ in DEATH_NOUNS:
            pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return _subtree_range(pobj, offset)
    return None


def _support_ranges(doc: "Doc", offset: int, support: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Extend each support cue ('supported by', 'support from') over the noun phrase after it."""
    if not support:  # most sentences have no cue: skip the noun-phrase walk over every token
        return []
    chunks = sorted((s + offset, e + offset) for s, e in noun_phrases(doc))
    # the span's own text (Doc.text would join every token of the article-wide Doc on each call)
    base = doc.start_char if hasattr(doc, "start_char") else 0
    text = " " * (base - offset) + doc.text if base >= offset else doc.text
    out = []
    for s, e in support:
        nxt = next((c for c in chunks if c[0] >= e - 1 and c[0] - e < 40), None)
        if nxt is None:
            continue
        end = nxt[1]
        # "US and Iraqi forces": take coordinated chunks too
        for c in chunks:
            if c[0] > end and text[end - offset : c[0] - offset].strip() in ("and", ",", ", and", "&"):
                end = c[1]
        out.append((s, end))
    return out


def _head_noun(doc: "Doc", offset: int, rng: tuple[int, int] | None) -> Span | None:
    if rng is None:
        return None
    toks = [t for t in doc if rng[0] <= t.idx + offset < rng[1] and pos(t) in ("NOUN", "PROPN", "PRON")]
    if not toks:
        return None
    root = min(toks, key=lambda t: _depth(t))
    return Span(root.idx + offset, root.idx + offset + len(root.text), root.text, "NOUN")


def _depth(tok: "Token") -> int:
    d = 0
    while tok.head.i != tok.i and d < 50:  # Token objects are created per access: compare positions
        tok = tok.head
        d += 1
    return d


def _subtree_range(tok: "Token", offset: int) -> tuple[int, int]:
    toks = list(tok.subtree)
    return toks[0].idx + offset, toks[-1].idx + len(toks[-1].text) + offset


def _within(span: Span, ranges: Sequence[tuple[int, int]]) -> bool:
    return any(s <= span.start and span.end <= e for s, e in ranges)

