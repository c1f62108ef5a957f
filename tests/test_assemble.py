"""Record assembly rules (codebook §1, §6) on team-written texts: merging, splitting, deaths."""

from __future__ import annotations

import datetime as dt

import pytest

import eventwire

PUB = dt.date(2025, 6, 18)  # Wednesday


def events_of(text: str, published: dt.date | None = PUB) -> list[eventwire.Event]:
    return eventwire.load_pipeline().extract(text, published=published)[1]


def test_competing_tolls_keep_the_lowest_as_the_acled_figure_and_the_largest_as_high():
    text = ("Gunmen attacked the village of Kafin Koro in Niger state on Monday, killing seven farmers, "
            "police said.\nThe attackers also torched several houses.\n"
            "A local official said nine farmers had been killed in the attack.")
    events = events_of(text)
    assert len(events) == 1
    assert events[0].event_type == "Violence against civilians"
    assert (events[0].fatalities, events[0].fatalities_low, events[0].fatalities_high) == (7, 7, 9)


def test_an_updated_toll_supersedes_the_first_figure():
    text = ("A car bomb exploded at a market in Sadr City, Baghdad, on Sunday, killing 20 people, police said.\n"
            "By Monday the death toll from the bombing had risen to 37, officials said.")
    events = events_of(text, published=dt.date(2025, 6, 17))
    assert len(events) == 1
    assert events[0].fatalities == 37


def test_different_days_make_different_records():
    text = ("Militants ambushed an army patrol near Djibo on Monday, killing four soldiers.\n"
            "Last month, militants attacked a police post in Arbinda, killing two officers.")
    events = events_of(text)
    assert len(events) == 2
    assert {e.role for e in events} == {"main", "background"}


def test_a_toll_across_related_attacks_is_divided():
    text = ("04/12/2021: Assailants raided Otuebu, Ebonyi, Nigeria. This was one of three coordinated attacks "
            "in the area on the same day. At least nine people were killed across the three raids.")
    events = events_of(text)
    assert events and events[0].fatalities == 3
    assert "across 3 related incidents" in events[0].notes


def test_an_unspecified_number_of_dead_counts_as_three():
    text = "On 28 October 2020, soldiers repelled an ambush near Yense and killed an unspecified number of militants."
    events = events_of(text, published=None)
    assert events and events[0].fatalities == 3


def test_no_casualties_reported_is_zero_not_missing():
    text = "On 4 March 2021, an explosive device detonated near a police station in Kismayo, Somalia. No casualties were reported."
    events = events_of(text, published=dt.date(2021, 3, 5))
    assert events and events[0].fatalities == 0 and events[0].event_type == "Explosions/Remote violence"


def test_a_dated_incident_years_before_publication_is_history():
    text = "On 4 March 2021, an explosive device detonated near a police station in Kismayo, Somalia."
    assert events_of(text, published=dt.date(2025, 6, 18)) == []


def test_a_bracketed_umbrella_group_is_the_actor():
    text = "On 30 January 2020, suspected Katiba Macina (JNIM) militants attacked the village of Toeni, killing ten civilians."
    events = events_of(text, published=None)
    assert events and events[0].actor1.startswith("JNIM")
    assert events[0].actor2.startswith("Civilians")


def test_air_support_reported_inside_a_battle_merges_into_it_and_bystanders_are_not_a_side():
    text = ("Government troops and rebels clashed in the town of Kajo Keji on Monday, leaving 14 fighters "
            "and three civilians dead, the army said.\n"
            "Helicopter gunships also bombed rebel positions around the town on Monday, witnesses said.")
    events = events_of(text)
    assert len(events) == 1
    e = events[0]
    assert (e.event_type, e.sub_event_type) == ("Battles", "Armed clash")
    assert e.actor2 is None or not e.actor2.startswith("Civilians")


def test_a_crowd_that_turns_violent_is_a_riot_even_when_shot_at():
    text = ("Protesters erected barricades and burned tyres across central Kisumu on Monday.\n"
            "Police fired live rounds at the protesters, killing two, witnesses said.")
    events = events_of(text)
    assert len(events) == 1
    assert (events[0].event_type, events[0].sub_event_type) == ("Riots", "Violent demonstration")
    assert events[0].actor1.startswith("Rioters") and events[0].fatalities == 2


def test_the_source_of_a_statement_is_not_a_side():
    # "Residents say ...": the residents report the raid; the air strike's force is actor1 (codebook §3)
    text = ("Residents say the June 14 raid killed six herders near Bardhere in Somalia's Gedo region.\n"
            "A Kenyan air strike on June 14 killed at least six herders at a camp near the river, elders said.")
    events = events_of(text)
    assert len(events) == 1
    assert events[0].actor1 == "Military Forces of Kenya"
    assert events[0].actor2 == "Civilians (Somalia)"


def test_those_who_died_are_victims_and_the_reporting_police_no_side():
    text = "Two civilians died on Friday after gunmen opened fire on a bus near Mopti, two police officers said."
    events = events_of(text)
    assert len(events) == 1
    assert events[0].event_type == "Violence against civilians"
    assert (events[0].actor1, events[0].actor2) == ("Unidentified Armed Group (Mali)", "Civilians (Mali)")


def test_an_air_strike_with_no_attacker_named_keeps_the_inferred_state_forces():
    events = events_of("An air strike killed five al-Shabab fighters near Jilib on Sunday, elders said.")
    assert len(events) == 1
    assert (events[0].actor1, events[0].actor2) == ("Military Forces of Somalia", "Al Shabaab")
    assert "actor1 inferred as the state's forces" in events[0].notes


def test_a_battle_told_without_an_agent_has_both_named_sides():
    events = events_of("Heavy clashes between government troops and IS fighters continued east of Palmyra in Syria's Homs province on Monday.")
    assert len(events) == 1
    assert {events[0].actor1, events[0].actor2} == {"Military Forces of Syria", "Islamic State"}
    events = events_of("Seven militants and two soldiers were killed in fighting near Balad in Somalia on Saturday.")
    assert {events[0].actor1, events[0].actor2} == {"Unidentified Armed Group (Somalia)", "Military Forces of Somalia"}


def test_wounded_who_died_later_update_the_incident_and_the_claimed_group_acts():
    # the later deaths are no new incident; the group the bombings were "carried out by" is actor1
    # even when a sentence of the incident parses civilians as the subject (codebook §3, §6)
    text = ("The death toll from twin bombings carried out by Boko Haram at a bus station in Maiduguri the "
            "previous day rose to 38 on Monday, officials said.\n"
            "Five of the seriously wounded died overnight while 60 people remain in hospital, two police officers said.\n"
            "At least four people were still missing after the first blast, which was followed by a suicide "
            "bombing amid the crowd that had gathered to help the victims.")
    events = events_of(text, published=dt.date(2025, 6, 16))
    assert len(events) == 1
    assert events[0].sub_event_type == "Suicide bomb"
    assert events[0].actor1.startswith("Boko Haram")
    assert events[0].fatalities == 38


def test_a_count_of_people_competes_with_a_count_of_fighters_from_another_source():
    # the army counts fighters, the ombudsman counts everyone: two sources for one toll (codebook §6)
    text = ("Fighting between two armed factions killed at least six fighters near Tame in Colombia's Arauca "
            "province on Tuesday, the army said.\n"
            "The ombudsman's office said at least 11 people had died in the clashes, including three civilians.")
    events = events_of(text)
    assert len(events) == 1
    assert (events[0].fatalities_low, events[0].fatalities_high) == (6, 11)


def test_in_a_battle_the_other_armed_side_outranks_the_dead_counted_first():
    text = ("Clashes between rival factions broke out in Bentiu late on Monday. At least 40 people have been "
            "killed in the fighting, a hospital source said. The fighting began when soldiers stopped a truck "
            "carrying SPLA-IO fighters.")
    events = events_of(text)
    assert len(events) == 1 and events[0].event_type == "Battles"
    assert events[0].actor2 is not None and not events[0].actor2.startswith("Civilians")


def test_a_toll_of_the_fighting_over_several_days_is_divided_among_them():
    text = ("Fighting between soldiers and SPLA-IO fighters broke out in Bentiu late on Saturday.\n"
            "Soldiers and SPLA-IO fighters clashed again on Monday near the airport in Bentiu.\n"
            "At least 41 people have been killed in the fighting, a hospital official said early on Tuesday.")
    events = sorted(events_of(text, published=dt.date(2025, 6, 17)), key=lambda e: e.event_date)
    assert [e.event_date for e in events] == ["2025-06-14", "2025-06-16"]
    assert [e.fatalities for e in events] == [21, 20]  # the remainder goes to the first day
    assert "split evenly" in events[0].notes and "split evenly" in events[1].notes


@pytest.mark.parametrize("text, actor1", [
    ("Al-Shabaab fighters stormed an army base near Jowhar on Monday, officials said.\n"
     "On Wednesday, the militants ambushed a police convoy near Balcad, killing three officers.", "Al Shabaab"),
    ("ISWAP fighters attacked a military post near Monguno on Friday.\n"
     "On Sunday, the group abducted 12 loggers near Gajiram, residents said.", "Islamic State West Africa Province"),
    # after a change of group, or with an indefinite mention, the attackers stay unidentified
    ("Al-Shabaab fighters stormed an army base near Jowhar on Monday, officials said.\n"
     "Islamic State militants attacked a checkpoint in Puntland on Tuesday.\n"
     "On Wednesday, the militants ambushed a police convoy near Balcad, killing three officers.",
     "Unidentified Armed Group (Somalia)"),
    ("Al-Shabaab fighters stormed an army base near Jowhar on Monday, officials said.\n"
     "On Wednesday, gunmen shot dead two traders in Balcad, police said.", "Unidentified Armed Group (Somalia)"),
])
def test_the_militants_of_a_later_incident_are_the_group_named_before(text, actor1):
    events = events_of(text)
    assert len(events) >= 2
    assert events[-1].actor1 == actor1


@pytest.mark.parametrize("text, country", [
    ("Fourteen people were killed in the fighting in Bunia in Ituri province on Saturday, a local official said.",
     "Democratic Republic of Congo"),
    ("At least nine people died in clashes near Kidal in Mali on Sunday.", "Mali"),
])
def test_deaths_in_a_fight_with_no_side_named_are_a_battle_between_unknown_groups(text, country):
    # the dead of "the fighting" are its toll, not civilians attacked by an unknown group (codebook §2, §3)
    events = events_of(text)
    assert len(events) == 1 and events[0].event_type == "Battles"
    assert events[0].actor1 == events[0].actor2 == f"Unidentified Armed Group ({country})"


# ---------------------------------------------------------------- the article's setting

_LOCAL = (
    "MAIDUGURI, June 18 (Sahel Press) - Boko Haram fighters attacked a military base in Maiduguri on Tuesday, "
    "killing six soldiers, the army said.\n"
    "The base had come under fire on Saturday as well, when militants shelled it and killed two soldiers, "
    "officials said.\n"
    "{extra}\n"
    "Residents said the town had been calm for weeks before the attacks."
)


def _by_date(text: str) -> dict[str, eventwire.Event]:
    _, events = eventwire.extract(text, published=PUB)
    return {e.event_date: e for e in events}


def test_an_incident_told_without_a_place_takes_the_local_storys_town() -> None:
    events = _by_date(_LOCAL.format(extra=""))
    lead, earlier = events["2025-06-17"], events["2025-06-14"]
    assert lead.location == "Maiduguri" and lead.role == "main"
    assert earlier.role == "background" and earlier.location == "Maiduguri"
    assert earlier.geo_precision == lead.geo_precision and earlier.latitude == lead.latitude
    assert "the article's setting, Maiduguri" in earlier.notes
    assert any(ev.field == "location" and ev.text == "Maiduguri" for ev in earlier.evidence)


@pytest.mark.parametrize("extra, date", [
    # a place the text names but the gazetteer cannot follow: not the setting
    ("On Sunday gunmen killed three farmers in the Zangabiri area, police said.", "2025-06-15"),
    # a part of the country or the state: elsewhere, not the town
    ("On Sunday gunmen killed three farmers in the north of the state, police said.", "2025-06-15"),
    ("On Sunday gunmen killed three farmers elsewhere in the state, police said.", "2025-06-15"),
    # weeks away from the lead: it may have happened anywhere
    ("On May 20 gunmen killed three farmers, police said.", "2025-05-20"),
])
def test_the_setting_is_not_assumed_for_an_incident_placed_elsewhere_or_long_before(extra: str, date: str) -> None:
    events = _by_date(_LOCAL.format(extra=extra))
    assert events["2025-06-14"].location == "Maiduguri"  # the rule applies in this article
    farmers = events[date]
    assert farmers.location is None and "setting" not in (farmers.notes or "")
    assert farmers.country == "Nigeria"


def test_a_landform_lead_sets_no_town_for_other_incidents(hamrin_text: str) -> None:
    _, events = eventwire.extract(hamrin_text, published="2024-10-15")
    main = [e for e in events if e.role == "main"]
    assert main and main[0].location and "Hamrin" in main[0].location
    assert all("setting" not in (e.notes or "") for e in events)
