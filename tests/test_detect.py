"""Detection and classification on team-written sentences: each type of codebook §2, and the traps
(intent, threats, denials, conditionals, habitual statements, history, totals) that are no event."""

from __future__ import annotations

import datetime as dt

import pytest

import eventwire
from eventwire.detect import Detector

PUB = dt.date(2025, 6, 18)  # a Wednesday


def events_of(text: str, published: dt.date | None = PUB) -> list[eventwire.Event]:
    return eventwire.load_pipeline().extract(text, published=published)[1]


@pytest.mark.parametrize("text, event_type, sub_event_type", [
    ("A drone strike hit a militant hideout near Jilib on Monday, killing four al-Shabab fighters, officials said.",
     "Explosions/Remote violence", "Air/drone strike"),
    ("A roadside bomb struck a police vehicle outside Lakki Marwat on Tuesday, killing three officers.",
     "Explosions/Remote violence", "Remote explosive/landmine/IED"),
    ("A suicide bomber blew himself up at a crowded market in Damboa on Sunday, killing 12 people.",
     "Explosions/Remote violence", "Suicide bomb"),
    ("Artillery shells struck residential areas of El Obeid on Monday, killing five civilians.",
     "Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("Gunmen stormed the village of Tawari on Sunday night and killed 14 villagers, residents said.",
     "Violence against civilians", "Attack"),
    ("Armed men kidnapped 20 passengers from a bus on the Kaduna-Abuja highway on Monday.",
     "Violence against civilians", "Abduction/forced disappearance"),
    ("Hundreds of teachers marched peacefully through Mombasa on Tuesday to demand unpaid wages.",
     "Protests", "Peaceful protest"),
    ("Police fired tear gas to disperse protesters in central Nairobi on Tuesday.",
     "Protests", "Protest with intervention"),
    ("Rioters torched a police station and hurled stones at officers in Kisumu on Tuesday.",
     "Riots", "Violent demonstration"),
    ("An angry mob lynched two men accused of theft in the town of Zacatlan on Monday.",
     "Riots", "Mob violence"),
    ("Police arrested the opposition leader and 30 of his supporters in Basra on Tuesday.",
     "Strategic developments", "Arrests"),
    ("Soldiers clashed with militants near the village of Kasindi on Monday, leaving seven fighters dead.",
     "Battles", "Armed clash"),
    ("Government troops recaptured the town of Masisi from M23 rebels on Sunday after heavy fighting.",
     "Battles", "Government regains territory"),
])
def test_each_type_is_detected_and_classified(text, event_type, sub_event_type):
    events = events_of(text)
    assert events, text
    assert (events[0].event_type, events[0].sub_event_type) == (event_type, sub_event_type)


@pytest.mark.parametrize("text", [
    "“We will crush the terrorists wherever they hide,” the defence minister said on Tuesday.",
    "The rebels threatened to attack the capital if the government refused to negotiate.",
    "The army denied that its soldiers had killed any civilians in the operation.",
    "If the talks fail, the militias could launch a new offensive on the city.",
    "The group seized the city in 2014 and held it for three years before it was driven out.",
    "The conflict has killed more than 40,000 people since it began in 2023.",
    "Officials estimate that between 1,500 and 3,000 fighters remain active in the region.",
    "Washington keeps around 450 troops in the country to train local forces.",
    "The army dismissed reports that soldiers had killed 12 civilians in Djibo on Sunday.",
])
def test_traps_are_not_events(text):
    assert events_of(text, dt.date(2025, 6, 18)) == []


@pytest.mark.parametrize("text", [
    "Troops 'kills wanted Shabaab commander' in Jilib",  # 'wanted' describes the man
    "Army continued its operations and renewed clashes with rebels near Beni on Sunday",
    "Defence ministry says heavy casualties inflicted on insurgents in Helmand",
    "Renewed shelling leaves casualties in eastern Ghouta",
])
def test_headline_wording_still_reports_an_event(text):
    assert events_of(text), text


@pytest.mark.parametrize("text, actor1, actor2", [
    # a headline passive without 'were': the named men were killed, not the killers
    ("Two militants shot dead in Kupwara", "Unidentified Armed Group (India)", "Unidentified Armed Group (India)"),
    ("Three Boko Haram commanders killed in army raid on Sambisa camp", "Military Forces of Nigeria",
     "Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad"),
    ("Fifteen al-Shabaab fighters killed in clashes with Somali troops near Jowhar", "Military Forces of Somalia",
     "Al Shabaab"),
    # two verbs sharing one object stay active
    ("Assailants shot and killed a police officer in Kandahar on Monday.", "Unidentified Armed Group (Afghanistan)",
     "Police Forces of Afghanistan"),
])
def test_headline_passives_make_the_named_fighters_victims(text, actor1, actor2):
    events = events_of(text)
    assert len(events) == 1 and events[0].event_type == "Battles"
    assert (events[0].actor1, events[0].actor2) == (actor1, actor2)


@pytest.mark.parametrize("text, actor1, actor2", [
    # a clash told beside the deaths, with nobody named as the killer: the dead are its toll
    ("At least 30 people were killed in Malakal on Monday when soldiers clashed with SPLA-IO fighters, a local "
     "official said.", "Military Forces of South Sudan",
     "SPLM/A-IO: Sudan People's Liberation Movement/Army-In Opposition"),
    ("Eleven people died near Jowhar on Tuesday as Somali troops fought al-Shabaab militants for several hours.",
     "Military Forces of Somalia", "Al Shabaab"),
    ("Six people were killed in Tibu on Sunday after ELN guerrillas exchanged fire with FARC dissidents.",
     "ELN: National Liberation Army", "FARC Dissidents"),
    ("Four civilians were killed during clashes between soldiers and M23 rebels near Goma on Friday.",
     "Military Forces of the Democratic Republic of Congo", "M23: March 23 Movement"),
    ("Clashes between soldiers and Boko Haram fighters killed nine people near Bama on Monday.",
     "Military Forces of Nigeria", "Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad"),
    ("Soldiers and Houthi fighters clashed near Marib on Sunday, leaving 14 people dead.",
     "Military Forces of Yemen", "Ansar Allah (Houthis)"),
    ("Twelve al-Shabaab fighters were killed in clashes with Somali troops near Jowhar on Monday.",
     "Military Forces of Somalia", "Al Shabaab"),
])
def test_deaths_told_with_a_clash_are_the_battle_toll(text, actor1, actor2):
    events = events_of(text)
    assert len(events) == 1
    e = events[0]
    assert (e.event_type, e.sub_event_type, e.actor1, e.actor2) == ("Battles", "Armed clash", actor1, actor2)
    assert e.fatalities > 0


def test_named_killers_keep_the_attack_beside_a_clash():
    events = events_of("Gunmen killed six villagers in Tawari on Sunday as soldiers clashed with militants near Bama.")
    assert events and events[0].event_type == "Violence against civilians"


@pytest.mark.parametrize("text, event_type", [
    # both sides of a pair told alike fought: neither is an unarmed victim
    ("Fulani militiamen and farmers fought each other near Djibo on Monday, leaving five dead.", "Battles"),
    ("Clashes between police and rioters at a gold mine near Kaya left several people injured on Monday.", "Riots"),
    # vigilantes who were hit are an armed side, not a mob; vigilantes who beat someone are one
    ("Bandits killed five members of a local vigilante group in an ambush near Tsafe on Monday.", "Battles"),
    ("Vigilantes beat a suspected thief in the market of Kano on Monday.", "Riots"),
], ids=["mutual-clash", "clash-with-rioters", "vigilantes-hit", "vigilantes-beat"])
def test_who_was_hit_decides_the_type_of_a_mutual_or_mob_event(text, event_type):
    events = events_of(text)
    assert events and events[0].event_type == event_type


def test_an_intent_verb_still_rejects_what_is_intended():
    assert events_of("The militia wanted to kill the village chief, residents said.") == []


def test_support_phrase_makes_an_associated_actor_not_an_air_strike():
    events = events_of("On Monday, Iraqi forces, supported by US airstrikes, killed five Islamic State militants in Kirkuk.")
    assert len(events) == 1
    e = events[0]
    assert (e.event_type, e.sub_event_type) == ("Battles", "Armed clash")
    assert e.actor1_type == "State forces" and e.actor2 == "Islamic State"
    assert any("United States" in a for a in e.assoc_actors)


def test_prefilter_skips_sentences_without_triggers():
    det = Detector()
    text = "The ministry published its annual budget on Monday. Gunmen killed two guards."
    from eventwire.types import Span

    sents = [Span(0, 51, text[0:51], "SENTENCE", 0), Span(52, len(text), text[52:], "SENTENCE", 0)]
    cands = det.prefilter(text, sents)
    assert [c.sentence.start for c in cands] == [52]


def test_acronym_trigger_is_case_sensitive():
    det = Detector()
    hits = det.find_triggers("An IED exploded; the ied word in lower case is not the acronym.", 0, 60)
    assert [t.text for t in hits if t.cue == "IED"][:1] == ["IED"]
    assert all(t.text != "ied" for t in hits)
