"""Actor lexicon: alias keys, acronym boundaries, state vs external forces, generic actors, Hamrin."""

from __future__ import annotations

import datetime
import pickle

import pytest

from eventwire.resolve.actors import Actor, ActorLexicon, gold_actor1_coverage, interaction_code
from tests.conftest import shared_path


@pytest.fixture(scope="module")
def lx() -> ActorLexicon:
    return ActorLexicon.load()


def scan(lx: ActorLexicon, text: str, iso: str | None = None, when: datetime.date | None = None):
    spans = lx.scan(text, 0, len(text), iso, when)
    for s in spans:
        assert s.check(text) and s.label == "ACTOR" and isinstance(s.value, Actor)
    return spans


def found(lx: ActorLexicon, text: str, iso: str | None = None, when: datetime.date | None = None) -> dict[str, Actor]:
    return {s.text: s.value for s in scan(lx, text, iso, when)}


def found_with(lx: ActorLexicon, text: str, earlier) -> dict[str, Actor]:
    """Actors of a Somali text whose earlier part named the groups ``earlier()`` returns."""
    return {s.text: s.value for s in lx.scan(text, 0, len(text), "SOM", earlier=earlier)}


# ------------------------------------------------------------------ aliases share keys
@pytest.mark.parametrize(
    "names, key",
    [
        (["ISIL", "Islamic State of Iraq and the Levant (ISIL)", "IS", "Daesh", "Islamic State (Iraq)", "ISIS",
          "Islamic State group"], "islamic-state"),
        (["Military Forces of Iraq (2022-)", "Iraqi security forces", "Iraqi forces", "Government of Iraq",
          "Police Forces of Iraq (2022-)", "Iraqi army"], "state:IRQ"),
        (["Taleban", "Taliban"], "taliban"),
        (["al-Shabaab", "Al Shabab", "Al-Shabaab", "Harakat al-Shabaab al-Mujahideen"], "al-shabaab"),
        (["JNIM", "Group for Support of Islam and Muslims", "Jamaat Nusrat al-Islam wal Muslimin (JNIM)",
          "JNIM: Group for Support of Islam and Muslims"], "jnim"),
        (["Houthis", "Ansar Allah", "Houthi extremists (Ansar Allah)"], "houthis"),
        (["Boko Haram", "Jama'atu Ahlis Sunna Lidda'awati wal-Jihad"], "boko-haram"),
        (["Khorasan Chapter of the Islamic State", "ISKP", "IS-K"], "iskp"),
        (["Hashd al-Shaabi", "PMF", "Popular Mobilization Forces"], "state:IRQ"),
        (["Government of Russia (Soviet Union)", "Military Forces of Russia (2000-)"], "state:RUS"),
        (["People's Protection Units (YPG)", "YPG"], "ypg"),
    ],
)
def test_aliases_share_one_key(lx: ActorLexicon, names: list[str], key: str) -> None:
    assert {lx.canonical_key(n, "IRQ" if key != "state:RUS" else None) for n in names} == {key}


def test_unknown_names_fall_back_to_a_normalised_form(lx: ActorLexicon) -> None:
    assert lx.canonical_key("Frobnicator  Liberation Brigade (2001-)") == "frobnicator liberation brigade"


def test_generic_coded_names_carry_the_country(lx: ActorLexicon) -> None:
    assert lx.canonical_key("Civilians (Burkina Faso)") == "civilians:BFA"
    assert lx.canonical_key("Unidentified Armed Group (Nigeria)") == "unidentified:NGA"
    assert lx.canonical_key("Unknown", "AFG") == lx.canonical_key("Unidentified Armed Group (Afghanistan)")
    assert lx.canonical_key("Fula Ethnic Militia (Burkina Faso)") == lx.canonical_key("Fulani militia", "BFA")


def test_compound_gold_names_give_every_key(lx: ActorLexicon) -> None:
    keys = lx.canonical_keys("JNIM: Group for Support of Islam and Muslims and/or Islamic State (Greater Sahara)")
    assert keys == ("jnim", "isgs")
    assert lx.canonical_keys("Suqour al-Sham Brigades, Syrian Liberation Front") == ("suqour-al-sham", "slf-syria")


# ------------------------------------------------------------------ the "IS" acronym
@pytest.mark.parametrize(
    "text, expected",
    [
        ("IS fighters attacked the village.", ["IS fighters"]),
        ("The attack was claimed by IS.", ["IS"]),
        ("ISIS claimed it; this is what Daesh does.", ["ISIS", "Daesh"]),
        ("This is the end of the line.", []),
        ("It is unclear who fired.", []),
        ("THIS IS WAR, the headline said.", []),
        ("Fighters of IS-held towns fled.", ["IS"]),
        ("an anti-IS operation", ["IS"]),
    ],
)
def test_is_matches_only_the_acronym(lx: ActorLexicon, text: str, expected: list[str]) -> None:
    got = [s.text for s in scan(lx, text, "IRQ") if s.value.key == "islamic-state" or s.text in expected]
    assert got == expected


@pytest.mark.parametrize("text", ["a holiday in the Bahamas", "an armyworm outbreak", "the ISKANDER missile",
                                  "the Policemens' Ball", "a Mobility programme"])
def test_aliases_never_match_inside_words(lx: ActorLexicon, text: str) -> None:
    assert scan(lx, text, "IRQ") == []


def test_acronyms_are_case_sensitive_and_words_are_not(lx: ActorLexicon) -> None:
    assert not scan(lx, "the rsf and the sdf and us")
    assert [s.value.key for s in scan(lx, "The RSF and the SDF", "SDN")][:1] == ["rsf"]
    assert [s.value.key for s in scan(lx, "AL-SHABAAB militants", "SOM")] == ["al-shabaab"]


# ------------------------------------------------------------------ state vs external forces
@pytest.mark.parametrize(
    "text, iso, name, inter",
    [
        ("Iraqi security forces raided the hideout", "IRQ", "Military Forces of Iraq", 1),
        ("Iraq's army shelled the village", "IRQ", "Military Forces of Iraq", 1),
        ("the army said", "NGA", "Military Forces of Nigeria", 1),
        ("soldiers opened fire", "BFA", "Military Forces of Burkina Faso", 1),
        ("policemen were wounded", "AFG", "Police Forces of Afghanistan", 1),
        ("gendarmes were ambushed", "BFA", "Police Forces of Burkina Faso", 1),
        ("an Afghan National Army (ANA) vehicle", "AFG", "Military Forces of Afghanistan", 1),
        ("Afghan Local Police commanders", "AFG", "Police Forces of Afghanistan", 1),
        ("US forces struck a compound", "IRQ", "Military Forces of the United States", 8),
        ("U.S. airstrikes hit the town", "SOM", "Military Forces of the United States", 8),
        ("Russian forces shelled the town", "UKR", "Military Forces of Russia", 8),
        ("Russian forces fought in Dagestan", "RUS", "Military Forces of Russia", 1),
        ("Turkish troops entered Afrin", "SYR", "Military Forces of Turkey", 8),
        ("Israeli forces raided Jenin", "PSE", "Military Forces of Israel", 8),
        ("the Burkinabe air force conducted airstrikes", "BFA", "Military Forces of Burkina Faso", 1),
        ("French Operation Barkhane forces", "BFA", "Military Forces of France", 8),
        ("MINUSMA peacekeepers were hit", "MLI", "MINUSMA: United Nations Multidimensional Integrated Stabilization Mission in Mali", 8),
        ("the US-led coalition said", "IRQ", "Global Coalition Against Daesh", 8),
        ("Wagner Group mercenaries", "MLI", "Wagner Group", 8),
        ("Hashd al-Shaabi units", "IRQ", "Military Forces of Iraq (Popular Mobilization Forces)", 1),
        ("Hashd al-Shaabi units", "SYR", "Military Forces of Iraq (Popular Mobilization Forces)", 8),
    ],
)
def test_state_forces_at_home_and_abroad(lx: ActorLexicon, text: str, iso: str, name: str, inter: int) -> None:
    actors = [s.value for s in scan(lx, text, iso)]
    match = [a for a in actors if a.name == name]
    assert match, actors
    assert match[0].inter == inter and match[0].type in ("State forces", "External/Other forces")


def test_coordinated_demonyms_give_two_forces(lx: ActorLexicon) -> None:
    spans = scan(lx, "a joint operation involving US and Iraqi forces", "IRQ")
    assert [(s.text, s.value.key, s.value.inter) for s in spans] == [
        ("US", "state:USA", 8), ("Iraqi forces", "state:IRQ", 1)]


def test_pronoun_us_is_not_the_united_states(lx: ActorLexicon) -> None:
    keys = [s.value.key for s in scan(lx, "They told us the US forces had left; let us go.", "IRQ")]
    assert keys == ["state:USA"]


def test_capitalised_unknown_army_is_not_state_forces(lx: ActorLexicon) -> None:
    assert not [s for s in scan(lx, "Fighters of the Mujahideen Army seized a village.", "SYR")
                if s.value.key == "state:SYR"]


# ------------------------------------------------------------------ named groups in context
@pytest.mark.parametrize(
    "text, iso, when, name, inter",
    [
        ("presumed ISGS militants abducted two merchants", "BFA", datetime.date(2020, 4, 13),
         "Islamic State (Greater Sahara)", 2),
        ("Islamic State fighters attacked Menaka", "MLI", datetime.date(2023, 4, 1), "Islamic State (Sahel)", 2),
        ("Islamic State fighters attacked Monguno", "NGA", None, "Islamic State West Africa Province", 2),
        ("Daesh claimed the Kabul bombing", "AFG", None, "Islamic State (Khorasan)", 2),
        ("Taliban fighters stormed the checkpoint", "AFG", datetime.date(2020, 6, 1), "Taliban", 2),
        ("RSF fighters shelled El Fasher", "SDN", datetime.date(2024, 5, 1), "Rapid Support Forces", 2),
        ("suspected JNIM militants ambushed a patrol", "BFA", None, "JNIM: Group for Support of Islam and Muslims", 2),
        ("Koglweogo militiamen detained a man", "BFA", None, "Koglweogo Militia", 3),
        ("VDP volunteers repelled the attack", "BFA", None, "VDP: Volunteers for the Defense of the Homeland", 4),
        ("Fulani militia killed 12 villagers", "NGA", None, "Fulani Ethnic Militia (Nigeria)", 4),
        ("AMISOM troops were ambushed", "SOM", datetime.date(2019, 1, 1), "AMISOM: African Union Mission in Somalia", 8),
        ("ATMIS troops were ambushed", "SOM", datetime.date(2023, 1, 1), "ATMIS: African Union Transition Mission in Somalia", 8),
        ("Kata'ib Hezbollah claimed the rocket attack", "IRQ", None, "Kata'ib Hezbollah", 3),
        ("an SNA base near Mogadishu", "SOM", None, "Military Forces of Somalia", 1),
        ("SNA fighters clashed with the SDF near Manbij", "SYR", None, "SNA: Syrian National Army", 2),
    ],
)
def test_named_groups_by_country_and_date(
    lx: ActorLexicon, text: str, iso: str, when: datetime.date | None, name: str, inter: int
) -> None:
    actors = [s.value for s in scan(lx, text, iso, when)]
    assert any(a.name == name and a.inter == inter for a in actors), actors


def test_group_words_join_the_group_span(lx: ActorLexicon) -> None:
    spans = scan(lx, "Islamic State (IS) group militants attacked", "IRQ")
    assert [s.text for s in spans][0] == "Islamic State (IS) group"
    assert [s.text for s in scan(lx, "Taliban fighters attacked", "AFG")] == ["Taliban fighters"]


# ------------------------------------------------------------------ generic actors
@pytest.mark.parametrize(
    "text, iso, name, inter",
    [
        ("Gunmen killed five worshippers", "NGA", "Unidentified Armed Group (Nigeria)", 3),
        ("Gunmen killed five worshippers", "NGA", "Civilians (Nigeria)", 7),
        ("unknown gunmen entered the village", "BFA", "Unidentified Armed Group (Burkina Faso)", 3),
        ("assailants abducted a trader", "MLI", "Civilians (Mali)", 7),
        ("three villagers were killed", "COD", "Civilians (Democratic Republic of Congo)", 7),
        ("demonstrators gathered in the capital", "TUR", "Protesters (Turkey)", 6),
        ("an angry mob burned the station", "KEN", "Rioters (Kenya)", 5),
        ("suspected jihadists attacked a cash truck", "BFA", "Islamist Militia (Burkina Faso)", 3),
        ("clashes between the Moba and Yaana over land", "BFA", "Moba Ethnic Militia (Burkina Faso)", 4),
    ],
)
def test_generic_actors_take_the_event_country(lx: ActorLexicon, text: str, iso: str, name: str, inter: int) -> None:
    actors = [s.value for s in scan(lx, text, iso)]
    assert any(a.name == name and a.inter == inter for a in actors), actors


def test_terrorists_bind_to_the_named_group_else_unidentified(lx: ActorLexicon) -> None:
    with_group = found(lx, "Al-Shabaab claimed it; the terrorists fled", "SOM")
    assert with_group["terrorists"].key == "al-shabaab"
    alone = found(lx, "the terrorists fled into the forest", "SOM")
    assert alone["terrorists"].name == "Unidentified Armed Group (Somalia)"
    for a in (*with_group.values(), *alone.values()):
        assert a.type not in ("terrorists", "insurgents")


def test_the_group_refers_back_only_to_a_named_group(lx: ActorLexicon) -> None:
    assert found(lx, "Boko Haram said the group would fight on", "NGA")["the group"].key == "boko-haram"
    assert "the group" not in found(lx, "the group of students marched home", "NGA")


def test_a_definite_generic_binds_to_the_one_group_named_before(lx: ActorLexicon) -> None:
    shabaab = lx.normalise("al-Shabaab", "SOM")
    isis = lx.normalise("Islamic State", "SOM")
    text = "On Wednesday, the militants ambushed a convoy; the group later fled."
    got = found_with(lx, text, lambda: [shabaab])
    assert got["militants"].key == got["the group"].key == "al-shabaab"
    # two groups named before, or an indefinite mention: nothing binds
    assert found_with(lx, text, lambda: [shabaab, isis])["militants"].name == "Unidentified Armed Group (Somalia)"
    assert found_with(lx, "Militants ambushed a convoy.", lambda: [shabaab])["Militants"].key.startswith("unidentified")


def test_no_country_gives_plain_generic_names(lx: ActorLexicon) -> None:
    got = found(lx, "soldiers killed civilians")
    assert got["soldiers"].key == "state" and got["civilians"].name == "Civilians"


# ------------------------------------------------------------------ normalise, pickling, errors
def test_normalise_surface_and_coded_names(lx: ActorLexicon) -> None:
    assert lx.normalise("Iraqi security forces", "IRQ").name == "Military Forces of Iraq"
    assert lx.normalise("Military Forces of the United States (2021-)", "SYR").inter == 8
    assert lx.normalise("the ministry said on Tuesday", "IRQ") is None
    assert lx.normalise("", "IRQ") is None


def test_lexicon_pickles_and_scans_the_same(lx: ActorLexicon) -> None:
    text = "Iraqi forces, supported by US airstrikes, killed a senior IS commander."
    clone = pickle.loads(pickle.dumps(lx))
    assert [(s.start, s.end, s.value) for s in clone.scan(text, 0, len(text), "IRQ")] == \
        [(s.start, s.end, s.value) for s in lx.scan(text, 0, len(text), "IRQ")]
    assert ActorLexicon.load() is lx


def test_offsets_are_into_the_whole_text_and_range_is_checked(lx: ActorLexicon) -> None:
    text = "Intro. Taliban fighters attacked. Outro."
    spans = lx.scan(text, 7, 33, "AFG")
    assert [(s.start, s.text) for s in spans] == [(7, "Taliban fighters")]
    with pytest.raises(ValueError):
        lx.scan(text, 10, 5)


def test_when_accepts_datetimes_and_iso_strings(lx: ActorLexicon) -> None:
    text = "RSF fighters shelled the market"
    for when in (datetime.datetime(2024, 5, 1, 12, 0), "2024-05-01"):
        assert scan(lx, text, "SDN", when)[0].value.inter == 2
    assert scan(lx, text, "SDN", datetime.date(2021, 5, 1))[0].value.inter == 1
    with pytest.raises(TypeError):
        lx.scan(None, 0, 0)  # type: ignore[arg-type]


def test_curly_quotes_and_dashes_do_not_break_matching(lx: ActorLexicon) -> None:
    text = "Kata\u2019ib Hezbollah and al\u2013Shabaab"
    assert [s.value.key for s in scan(lx, text, "IRQ")] == ["kataib-hezbollah", "al-shabaab"]


def test_interaction_code() -> None:
    assert interaction_code(2, 1) == "12"
    assert interaction_code(2, None) == "20"
    assert interaction_code(8, 8) == "88"


# ------------------------------------------------------------------ real text (read from ../shared)
def test_hamrin_raid_actors(lx: ActorLexicon, hamrin_text: str) -> None:
    spans = scan(lx, hamrin_text, "IRQ")
    by_text = {s.text: s.value for s in spans}
    isf = by_text["Iraqi security forces"]
    assert (isf.name, isf.type, isf.inter) == ("Military Forces of Iraq", "State forces", 1)
    is_ = by_text["commanders of the Islamic State (IS) group"]  # members of a named group are that group
    assert (is_.name, is_.type, is_.key) == ("Islamic State", "Rebel group", "islamic-state")
    coal = by_text["US-led anti-IS coalition"]
    assert coal.type == "External/Other forces" and coal.inter == 8
    assert by_text["US airstrikes"].name == "Military Forces of the United States"
    assert by_text["Iraqi forces"].key == "state:IRQ"
    # "Nine terrorists ... for IS": the contextual word resolves to the named group
    assert by_text["terrorists"].key == "islamic-state"
    # "IS" inside other words never matches
    for s in spans:
        if s.text == "IS":
            assert not hamrin_text[s.end : s.end + 1].isalnum() and not hamrin_text[s.start - 1 : s.start].isalnum()


def test_gold_actor1_coverage_on_dev() -> None:
    path = shared_path("data", "gold", "dev.jsonl")
    cov = gold_actor1_coverage(path)
    assert set(cov) == {"GTD", "ACLED", "UCDP-GED"}
    hit = sum(h for h, _ in cov.values())
    n = sum(n for _, n in cov.values())
    assert n > 400 and hit / n >= 0.70


# ---------------------------------------------------------------- sides named after a leader
LEADERS = ("Heavy gunfire was heard in Malakal on Tuesday after troops loyal to Lendu stopped a convoy of "
           "Deng's loyalists. Vice President Simon Deng accused the president's men of starting it, and "
           "President Peter Lendu said the presidential guard had only returned fire. Malakal's forces and "
           "militiamen loyal to them stayed in their barracks.")


def test_sides_named_after_a_leader_follow_his_title(lx: ActorLexicon) -> None:
    got = found(lx, LEADERS, "SSD")
    state = "Military Forces of South Sudan"
    assert got["troops loyal to Lendu"].name == state  # the incumbent's men are the state's forces
    assert got["the president's men"].name == state and got["the presidential guard"].name == state
    rival = got["Deng's loyalists"]
    assert (rival.name, rival.inter, rival.key) == ("Military Forces of South Sudan (Deng faction)", 2, "faction:deng")
    assert not any("Malakal" in t or "them" in t for t in got)  # a place or a pronoun leads nobody


@pytest.mark.parametrize("name, key", [
    ("Troops loyal to President Peter Lendu", "state:SSD"),
    ("Presidential guard", "state:SSD"),
    ("Forces loyal to Vice President Simon Deng", "faction:deng"),
    ("Deng's loyalists", "faction:deng"),
    ("Military Forces of South Sudan (Deng faction)", "faction:deng"),
    ("Military Forces of Libya (Haftar faction)", "lna"),
])
def test_leader_named_sides_as_coded_names(lx: ActorLexicon, name: str, key: str) -> None:
    assert lx.canonical_keys(name, "SSD") == (key,)


@pytest.mark.parametrize("text, iso, name", [
    ("Jihadists of JNIM ambushed a convoy near Gao.", "MLI", "JNIM: Group for Support of Islam and Muslims"),
    ("Fighters of the Islamic State stormed a checkpoint at dawn.", "SYR", "Islamic State"),
    ("Militants of al-Shabaab shelled the base overnight.", "SOM", "Al Shabaab"),
])
def test_members_of_a_named_group_are_that_group_not_a_generic(lx: ActorLexicon, text: str, iso: str, name: str) -> None:
    spans = scan(lx, text, iso)
    assert [s.value.name for s in spans] == [name]
    assert spans[0].start == 0  # the group word is part of the mention
