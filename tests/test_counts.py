"""Counts: kinds, coordination, negation and non-death numbers (codebook 6)."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.extract.counts import CountValue, find_counts

from .conftest import shared_path


def _counts(text: str, doc=None) -> list[tuple[str, int, str, bool]]:
    spans = find_counts(text, 0, len(text), doc)
    assert all(s.check(text) and s.label == "COUNT" and isinstance(s.value, CountValue) for s in spans)
    return [(s.value.kind, s.value.quantity.low, s.value.who, s.value.negated) for s in spans]


def _total(text: str, kind: str) -> int:
    return sum(s.value.quantity.low for s in find_counts(text, 0, len(text)) if s.value.kind == kind)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Army commandos killed nine senior commanders of the rebel movement in a dawn raid.",
         [("killed", 9, "senior commanders", False)]),
        ("Eleven insurgents, including a regional emir, were killed during the operation, the army said.",
         [("killed", 11, "insurgents", False)]),
        ("The offensive led to the deaths of 15 al-Shabaab fighters near the river.",
         [("killed", 15, "al-Shabaab fighters", False)]),
        ("Gunmen shot dead two policemen at a checkpoint outside the town.",
         [("killed", 2, "policemen", False)]),
        ("Unidentified assailants shot and killed a tribal elder in the district.",
         [("killed", 1, "tribal elder", False)]),
        ("The civilian was killed when the shell hit his house.", [("killed", 1, "civilian", False)]),
        ("Thirteen insurgents killed in drone strike in the north", [("killed", 13, "insurgents", False)]),
        ("Airstrike kills 7 in Marib", [("killed", 7, "", False)]),
        ("Militants kidnapped five aid workers on the road to the camp.", [("abducted", 5, "aid workers", False)]),
        ("Police arrested 30 protesters outside parliament.", [("arrested", 30, "protesters", False)]),
        ("Security forces detained three foreign nationals suspected of links to the group.",
         [("arrested", 3, "foreign nationals", False)]),
        ("Clashes between rival groups left several people injured.", [("wounded", 3, "people", False)]),
        ("A bomb hidden in a cart wounded 14 shoppers.", [("wounded", 14, "shoppers", False)]),
        ("The army summarily executed nine villagers.", [("killed", 9, "villagers", False)]),
        ("Two of the hostages were killed during the rescue.", [("killed", 2, "hostages", False)]),
    ],
)
def test_single_counts(text, expected):
    assert _counts(text) == expected


@pytest.mark.parametrize(
    "text, killed, wounded",
    [
        ("Government troops killed a senior rebel commander and three other militants.", 4, 0),
        ("At least six soldiers were killed and two other soldiers were injured in the ambush.", 6, 2),
        ("Seven employees were killed and three others were injured at the depot.", 7, 3),
        ("The blast tore through the bus station, leaving 12 dead and 30 wounded.", 12, 30),
        ("A suicide bomber killed eight Italian and two Spanish tourists.", 10, 0),
        ("The raid killed at least 12 members of the militia and wounded 35 others.", 12, 35),
        ("At least 63 people, including nine children, have died in the shelling.", 63, 0),
        ("Nineteen people, including 11 farmers and a teacher, were killed in the attack.", 19, 0),
        ("At least 10 police officers, including the district chief, and 15 assailants were killed.", 25, 0),
        ("Rebels attacked the base, four soldiers were killed and five wounded.", 4, 5),
        ("Clashes resulted in one dead and one wounded.", 1, 1),
        ("Gunmen killed a village chief and his brother.", 2, 0),
        ("Three gunmen killed two policemen.", 2, 0),  # the gunmen are the agents
        ("The death toll from the market bombing rose to 73, officials said.", 73, 0),
        ("The president said 23 people from 18 different countries were killed in the siege.", 23, 0),
        ("Gunmen killed a 12-year-old girl and her father.", 2, 0),
        ("The strike killed two people, one of them a child.", 2, 0),
        ("At least 20 people were killed, among them 5 children.", 20, 0),
        ("The bomb killed two and wounded five.", 2, 5),
        ("At least 30 Taliban killed, 12 injured in western province", 30, 12),
        ("Gunmen ambushed the truck, killing the driver and wounding another.", 1, 1),
        ("One guard, Samuel Okoro, was killed and another was injured.", 1, 1),
        ("The editor escaped, but his brother and nephew were killed in the shooting.", 2, 0),
    ],
)
def test_totals_per_sentence(text, killed, wounded):
    assert (_total(text, "killed"), _total(text, "wounded")) == (killed, wounded)


@pytest.mark.parametrize(
    "text, kind",
    [
        ("There were no reported casualties in the blast.", "killed"),
        ("No casualties were reported.", "killed"),
        ("Nobody was killed in the attack, police said.", "killed"),
        ("The device exploded without causing any casualties.", "killed"),
        ("No one was injured when the grenade went off.", "wounded"),
    ],
)
def test_negations_give_zero(text, kind):
    got = _counts(text)
    assert len(got) == 1
    assert got[0][0] == kind and got[0][1] == 0 and got[0][3] is True


@pytest.mark.parametrize(
    "text, low, high, who",
    [
        ("Washington maintains around 2,500 troops in the country.", 2500, 2500, "troops"),
        ("Analysts estimate that between 1,500 and 3,000 fighters remain active in the hills.", 1500, 3000, "fighters"),
        ("The floods and fighting displaced 3,000 villagers.", 3000, 3000, "villagers"),
    ],
)
def test_non_death_numbers_are_other(text, low, high, who):
    (kind, got_low, got_who, _), = _counts(text)
    assert (kind, got_low, got_who) == ("other", low, who)
    assert find_counts(text, 0, len(text))[0].value.quantity.high == high


def test_casualties_are_not_deaths():
    (kind, n, _, neg), = _counts("The shelling caused 40 casualties in the old city.")
    assert (kind, n, neg) == ("other", 40, False)


@pytest.mark.parametrize(
    "text",
    [
        "On January 18, militants attacked the post.",  # day number
        "The governor declared a 72-hour curfew.",
        "The group was defeated in 2017 and lost its last town in 2019.",
        "Soldiers seized 64 motorbikes and 2 vehicles.",
        "The army moved 20 km south of the town.",
    ],
)
def test_numbers_that_are_not_counts_of_people(text):
    assert _counts(text) == []


@pytest.mark.parametrize(
    "text, kind, who",
    [
        ("Gunmen abducted Pierre Lamarque, a French engineer, near the mine.", "abducted", "Pierre Lamarque"),
        ("Assailants shot and killed Amina Yusuf in her shop.", "killed", "Amina Yusuf"),
        ("Okafor, a local councillor, was killed in the attack.", "killed", "Okafor"),
    ],
)
def test_named_victims_count_one(text, kind, who):
    got = [c for c in _counts(text) if c[0] != "other"]
    assert got == [(kind, 1, who, False)]


def test_named_person_as_cause_is_not_a_count():
    assert _counts("Students protested over the death of Justin Mensah.") == []


def test_doc_confirms_named_people():
    spacy = pytest.importorskip("spacy")
    text = "Gunmen abducted Pierre Lamarque near the mine. Rebels seized Kidal on Sunday."
    nlp = spacy.blank("en")
    doc = nlp(text)
    doc.ents = [doc.char_span(text.index("Pierre"), text.index(" near"), label="PERSON"),
                doc.char_span(text.index("Kidal"), text.index(" on Sunday"), label="GPE")]
    assert [c[2] for c in _counts(text, doc)] == ["Pierre Lamarque"]
    assert [c[2] for c in _counts(text)] == ["Pierre Lamarque", "Kidal"]  # the fallback is looser


def test_offsets_into_a_larger_text():
    text = "Header line.\nAt least six soldiers were killed near the border."
    start = text.index("At")
    (span,) = find_counts(text, start, len(text))
    assert span.start == start and span.text == "At least six soldiers"
    assert span.value.quantity.text == "At least six"


def test_hamrin_example(hamrin_text):
    spans = find_counts(hamrin_text, 0, len(hamrin_text))
    killed = [(s.value.quantity.low, s.value.who) for s in spans if s.value.kind == "killed"]
    assert (9, "senior commanders") in killed
    assert (9, "terrorists") in killed
    assert (1, "senior IS commander") in killed and (3, "militants") in killed
    assert (15, "IS fighters") in killed
    other = {s.value.quantity.text: s.value for s in spans if s.value.kind == "other"}
    assert other["between 1,500 and 3,000"].quantity.high == 3000
    assert other["around 2,500"].who == "troops"
    assert sum(q for q, _ in killed) == 9 + 9 + 4 + 15


_SENT = re.compile(r"[^.!?]+(?:[.!?]+|$)")


def killed_total(text: str) -> int:
    """Return the largest per-sentence sum of killed counts (a stand-in for the assembler)."""
    best = 0
    for m in _SENT.finditer(text):
        spans = find_counts(text, m.start(), m.end())
        best = max(best, sum(s.value.quantity.low for s in spans if s.value.kind == "killed"))
    return best


@pytest.mark.slow
def test_dev_killed_totals_match_gold_fatalities():
    """GTD/ACLED rows of the dev set: killed total vs gold fatalities (exact)."""
    rows = [json.loads(line) for line in shared_path("data", "gold", "dev.jsonl").open(encoding="utf-8")]
    scores = {}
    for name in ("GTD", "ACLED"):
        subset = [r for r in rows if r["dataset"] == name and r["gold"]["fatalities"] is not None]
        ok = sum(killed_total(r["text"]) == r["gold"]["fatalities"] for r in subset)
        scores[name] = ok / len(subset)
        print(f"killed total == gold fatalities: {name} {ok}/{len(subset)} = {scores[name]:.3f}")
    assert scores["GTD"] >= 0.85
    assert scores["ACLED"] >= 0.85


_WORDS = st.sampled_from(
    ["killed", "were", "and", "at", "least", "two", "12", "1,500", "soldiers", "a", "the", "civilian",
     "no", "casualties", "including", "of", "dozens", "wounded", ",", ".", "Ahmed", "Ali", "was", "dead",
     "between", "to", "January", "18", "-", "hour", "others", "nobody", "arrested", "IS", "fighters"]
)


@given(st.lists(_WORDS, max_size=25))
@settings(max_examples=300, deadline=None)
def test_find_counts_never_crashes_and_spans_slice(words):
    text = " ".join(words)
    for s in find_counts(text, 0, len(text)):
        assert s.check(text)
        q = s.value.quantity
        assert s.value.kind in ("killed", "wounded", "arrested", "abducted", "other")
        assert 0 <= q.low <= q.best <= q.high
        assert not s.value.negated or q.best == 0


@pytest.mark.parametrize("text, n", [
    ("Gunmen killed four vigilantes near the market on Monday.", 4),
    ("Soldiers killed five guerrillas in the hills on Sunday.", 5),
])
def test_armed_people_nouns_are_counted(text: str, n: int) -> None:
    assert _total(text, "killed") == n


@pytest.mark.parametrize("text, expected", [
    ("Traders beat a suspected thief to death at the bus park.", [("killed", 1, "suspected thief", False)]),
    ("Youths stoned three alleged cattle thieves to death near the market.", [("killed", 3, "alleged cattle thieves", False)]),
    ("The crowd beat to death two suspected kidnappers on Friday.", [("killed", 2, "suspected kidnappers", False)]),
    ("Four men suspected of sorcery were beaten and burned to death by villagers.", [("killed", 4, "men", False)]),
    # without "to death" the manner of harm tells nothing about deaths
    ("Police beat two students outside the hall.", [("other", 2, "students", False)]),
])
def test_a_way_of_harming_with_to_death_later_in_the_clause_kills(text, expected):
    assert _counts(text) == expected
