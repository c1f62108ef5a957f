"""Geocoding (issue 3): gazetteer build, lookup ranking, event location patterns and precision codes."""

from __future__ import annotations

import csv
import hashlib
import json
import pickle
from importlib import resources

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire.cli import main
from eventwire.resolve._gaz_build import build
from eventwire.resolve._gaz_countries import all_countries
from eventwire.resolve.geocode import (
    GeoContext, Geocoder, country_info, countries_in, haversine_km, precision_for,
)
from tests.conftest import shared_path

# The country of each test toponym in ../shared/data/gazetteer/conflict_toponyms_coverage.csv (facts, not copies).
COVERAGE_COUNTRY = {
    "Hamrin Mountains": "Iraq", "Anbar": "Iraq", "Iraq's western desert": "Iraq", "Tarmiyah": "Iraq", "Kirkuk": "Iraq",
    "Diyala": "Iraq", "Salahuddin": "Iraq", "Mosul": "Iraq", "Tal Afar": "Iraq", "Deir ez-Zor": "Syria",
    "Idlib": "Syria", "Raqqa": "Syria", "Palmyra": "Syria", "Khan Younis": "Palestine", "Rafah": "Palestine",
    "Jabalia": "Palestine", "Marib": "Yemen", "Hodeidah": "Yemen", "Bakhmut": "Ukraine", "Avdiivka": "Ukraine",
    "Pokrovsk": "Ukraine", "Kursk region": "Russia", "Goma": "DR Congo", "Bunia": "DR Congo", "Ituri": "DR Congo",
    "North Kivu": "DR Congo", "Mogadishu": "Somalia", "Lower Shabelle": "Somalia", "Borno": "Nigeria",
    "Maiduguri": "Nigeria", "Zamfara": "Nigeria", "Tillaberi": "Niger", "Menaka": "Mali", "Cabo Delgado": "Mozambique",
    "North Sinai": "Egypt", "Khartoum": "Sudan", "El Fasher": "Sudan", "Darfur": "Sudan", "Kandahar": "Afghanistan",
    "Helmand": "Afghanistan", "Balochistan": "Pakistan", "Waziristan": "Pakistan", "Kashmir": "India",
    "Mindanao": "Philippines", "Rakhine": "Myanmar", "Shan State": "Myanmar", "Sinaloa": "Mexico",
    "Culiacan": "Mexico", "Port-au-Prince": "Haiti", "Cauca": "Colombia",
}


@pytest.fixture(scope="module")
def geo() -> Geocoder:
    return Geocoder.default()


def _ctx(geo: Geocoder, text: str, dateline: str | None = None) -> GeoContext:
    return geo.article_context(text, dateline=dateline)


def _locate(geo: Geocoder, text: str, dateline: str | None = None):
    return geo.locate(text, 0, len(text), _ctx(geo, text, dateline))


# --------------------------------------------------------------------------------------------- countries
@pytest.mark.parametrize("query, iso3", [
    ("Iraq", "IRQ"), ("Iraqi", "IRQ"), ("IQ", "IRQ"), ("irq", "IRQ"), (368, "IRQ"), ("Yemen (North Yemen)", "YEM"),
    ("DR Congo", "COD"), ("Democratic Republic of the Congo", "COD"), ("Burkinabe", "BFA"), ("Ivory Coast", "CIV"),
    ("Myanmar (Burma)", "MMR"), ("U.S.", "USA"), ("Palestine", "PSE"), ("Türkiye", "TUR"),
])
def test_country_info_names_codes_demonyms(query: object, iso3: str) -> None:
    info = country_info(query)  # type: ignore[arg-type]
    assert info is not None and info.iso3 == iso3


def test_country_info_carries_codes_and_regions() -> None:
    iraq = country_info("Iraq")
    assert (iraq.iso2, iraq.isonum, iraq.gwno, iraq.acled_region, iraq.ucdp_region) == ("IQ", 368, 645, "Middle East", 2)
    assert country_info("Atlantis") is None and country_info("") is None


def test_countries_in_returns_offsets_and_prefers_longest() -> None:
    text = "Iraqi troops and South Sudanese officials met in Burkina Faso, not in Sudan."
    found = countries_in(text)
    assert [(text[s:e], c) for s, e, c in found] == [
        ("Iraqi", "IRQ"), ("South Sudanese", "SSD"), ("Burkina Faso", "BFA"), ("Sudan", "SDN")]


def test_countries_table_has_provenance_and_unique_codes() -> None:
    text = resources.files("eventwire.data").joinpath("countries.tsv").read_text(encoding="utf-8")
    assert text.startswith("#") and "GeoNames" in text.splitlines()[1]
    rows = all_countries()
    assert len(rows) > 240 and len({c.iso3 for c in rows}) == len(rows)
    assert all(c.latitude is None or -90 <= c.latitude <= 90 for c in rows)


# --------------------------------------------------------------------------------------------- curated data
def _curated_rows() -> list[dict[str, str]]:
    text = resources.files("eventwire.data").joinpath("curated_regions.csv").read_text(encoding="utf-8")
    assert text.startswith("#"), "curated_regions.csv needs its provenance header"
    return list(csv.DictReader(ln for ln in text.splitlines() if ln and not ln.startswith("#")))


def test_curated_regions_are_valid_rows() -> None:
    rows = _curated_rows()
    assert len(rows) >= 200
    assert len({r["name"] for r in rows}) == len(rows)
    for r in rows:
        assert -90 <= float(r["lat"]) <= 90 and -180 <= float(r["lon"]) <= 180, r["name"]
        assert float(r["radius_km"]) > 0 and r["kind"] and r["note"], r["name"]
        assert not r["country"] or country_info(r["country"]) is not None, r["name"]
    assert len({r["country"] for r in rows if r["country"]}) >= 40  # all current conflict areas, not one region


def test_curated_points_fall_in_their_country_area(geo: Geocoder) -> None:
    """Each curated point lies inside the bounding box (+1 degree) of its country's GeoNames places."""
    boxes = {r[0]: r[1:] for r in geo.store.db.execute(
        "SELECT iso3, MIN(lat), MAX(lat), MIN(lon), MAX(lon) FROM places WHERE kind IN ('city', 'town', 'village') "
        "GROUP BY iso3")}
    for r in _curated_rows():
        if not r["country"] or r["kind"] == "sea" or r["country"] not in boxes:
            continue
        la0, la1, lo0, lo1 = boxes[r["country"]]
        assert la0 - 1 <= float(r["lat"]) <= la1 + 1 and lo0 - 1 <= float(r["lon"]) <= lo1 + 1, r["name"]


# --------------------------------------------------------------------------------------------- build
def test_build_is_deterministic(tmp_path) -> None:
    a = build(tmp_path / "a.sqlite", only=["IQ", "BF"])
    b = build(tmp_path / "b.sqlite", only=["IQ", "BF"])
    assert hashlib.sha256(a.read_bytes()).digest() == hashlib.sha256(b.read_bytes()).digest()
    g = Geocoder(a, build_if_missing=False)
    assert g.lookup("Tarmiyah")[0].place.iso3 == "IRQ"
    assert g.lookup("Mosul", country="SY") == [] or g.lookup("Mosul", country="SY")[0].place.iso3 == "IRQ"


def test_country_name_rows_hold_every_name_of_the_country_in_join_order(tmp_path) -> None:
    from eventwire.resolve._gaz_store import GazetteerStore

    store = GazetteerStore(build(tmp_path / "g.sqlite", only=["IQ", "BF"]))
    for iso3 in ("IRQ", "BFA"):
        joined = store.db.execute(
            "SELECT n.key, n.pid FROM places p JOIN names n ON n.pid = p.pid WHERE p.iso3 = ? ORDER BY n.pid, n.key",
            (iso3,)).fetchall()
        keys, pids = store.country_names(iso3)
        assert len(joined) > 500 and list(zip(keys, pids)) == joined
    assert store.country_names("SYR") == ([], [])  # not built: no names, no error


def test_missing_gazetteer_is_a_clear_error(tmp_path) -> None:
    from eventwire.errors import GazetteerError

    with pytest.raises(GazetteerError, match="not built"):
        Geocoder(tmp_path / "none.sqlite", build_if_missing=False)


def test_geocoder_pickles_and_reopens(geo: Geocoder) -> None:
    g2 = pickle.loads(pickle.dumps(geo))
    assert g2.path == geo.path and g2.lookup("Mosul")[0].place.gazetteer_id == geo.lookup("Mosul")[0].place.gazetteer_id


# --------------------------------------------------------------------------------------------- lookup
def test_transliteration_and_suffix_variants(geo: Geocoder) -> None:
    assert geo.lookup("Salahuddin", country="Iraq")[0].place.kind == "admin1"
    assert geo.lookup("Salahuddin", country="Iraq")[0].place.gazetteer_id == geo.lookup(
        "Salah ad Din province", country="IQ")[0].place.gazetteer_id
    ham = geo.lookup("Hamreen Mountains", country="Iraq")[0].place
    assert ham.kind == "mountains" and haversine_km(ham.latitude, ham.longitude, 34.5, 44.5) < 60
    assert geo.lookup("al-Anbar governorate")[0].place.kind == "admin1"
    kursk = geo.lookup("Kursk region")[0].place
    assert (kursk.kind, kursk.iso3) == ("admin1", "RUS")


@pytest.mark.parametrize("name, lat, lon", [
    ("Diyala province", 33.75, 44.64), ("Salah ad Din governorate", 34.6, 43.68), ("Balkh province", 36.71, 67.11),
    ("Oyo State", 7.38, 3.9),
])
def test_province_point_is_its_capital(geo: Geocoder, name: str, lat: float, lon: float) -> None:
    p = geo.lookup(name)[0].place
    assert p.kind == "admin1" and haversine_km(p.latitude, p.longitude, lat, lon) < 15


def test_country_names_never_resolve_to_towns(geo: Geocoder) -> None:
    for name in ("Iraq", "Syria", "Mali", "Chad", "Georgia", "Jordan", "Lebanon"):
        top = geo.lookup(name)[0].place
        assert top.kind == "country" and top.geo_precision is None and top.where_prec == 6, name


def test_country_narrows_homonyms(geo: Geocoder) -> None:
    assert geo.lookup("Rafah", country="Egypt")[0].place.iso3 == "EGY"
    assert geo.lookup("Rafah", country="Palestine")[0].place.iso3 == "PSE"
    assert geo.lookup("Tripoli", country="Lebanon")[0].place.iso3 == "LBN"
    assert geo.lookup("Tripoli")[0].place.iso3 == "LBY"  # the larger city without context


def test_chain_provinces_rule_out_a_far_homonym_and_match_their_gazetteer_spelling(geo: Geocoder) -> None:
    # 'Wuhua' is also another name of Shuizhai, a city in Guangdong, 1,300 km from Yunnan
    wuhua = geo.lookup("Wuhua", country="China", hints=("Kunming", "Yunnan"))
    assert not wuhua or wuhua[0].score < 1.0 or wuhua[0].place.admin1 == "Yunnan"
    # 'Raqqah' is the province GeoNames spells 'Raqqa'; the skeleton match 'Ayn Isa' agrees with it
    ain = geo.lookup("Ain Issa", country="Syria", hints=("Raqqah",))[0]
    assert ain.place.name == "Ayn Isa" and ain.place.admin1 == "Raqqa" and ain.score >= 1.0
    # a province renamed after the coding ('Papua' -> 'Central Papua') still agrees
    beoga = geo.lookup("Beoga", country="Indonesia", hints=("Papua",))[0]
    assert beoga.place.name == "Beoga" and beoga.score >= 1.0


@pytest.mark.parametrize("headline, iso3, admin1", [
    ("Border Police Post Overrun In Nooristan Overnight", "AFG", "Nuristan"),
    ("Shelling reported east of Deir Ezzor as clashes spread", "SYR", "Deir ez-Zor"),
])
def test_spelling_variants_inside_title_case_headlines_set_the_country(geo: Geocoder, headline: str, iso3: str,
                                                                       admin1: str) -> None:
    ctx = geo.article_context(headline)
    assert ctx.countries[:1] == [iso3]
    assert ctx.lead is not None and ctx.lead.place.admin1 == admin1


def test_context_text_ranks_candidates(geo: Geocoder) -> None:
    assert geo.lookup("Tripoli", context="Clashes in northern Lebanon near the Syrian border.")[0].place.iso3 == "LBN"


def test_unknown_name_gives_no_candidates(geo: Geocoder) -> None:
    assert geo.lookup("Xqzzyville") == [] and geo.lookup("") == []


# --------------------------------------------------------------------------------------------- precision
@pytest.mark.parametrize("kind, radius, near, codes", [
    ("town", None, False, (1, 1)), ("town", None, True, (2, 2)), ("admin2", None, False, (2, 3)),
    ("admin1", None, False, (3, 4)), ("mountains", 60.0, False, (3, 5)), ("sea", 300.0, False, (3, 7)),
    ("country", None, False, (None, 6)), ("region", 5.0, False, (2, 2)),
])
def test_precision_codes_follow_codebook(kind: str, radius: float | None, near: bool, codes: tuple) -> None:
    assert precision_for(kind, radius, near) == codes


# --------------------------------------------------------------------------------------------- locate
def test_hamrin_article_places(geo: Geocoder, hamrin_text: str) -> None:
    ctx = geo.article_context(hamrin_text, dateline="BAGHDAD")
    assert ctx.countries[0] == "IRQ" and ctx.dateline is not None and ctx.dateline.name == "Baghdad"
    first = hamrin_text.index("Iraqi security forces")
    end = hamrin_text.index(".", first) + 1
    m = geo.locate(hamrin_text, 0, end, ctx)
    assert m is not None and hamrin_text[m.start : m.end] == m.text == "Hamrin Mountains"
    assert haversine_km(m.place.latitude, m.place.longitude, 34.5, 44.5) <= 60
    assert (m.place.geo_precision, m.place.where_prec) == (3, 5)
    s = hamrin_text.index("In August")
    m = geo.locate(hamrin_text, s, hamrin_text.index(".", s) + 1, ctx)
    assert m is not None and m.text == "western desert" and m.place.iso3 == "IRQ"
    assert "Anbar" in (m.place.admin1 or "")
    assert 30.5 < m.place.latitude < 34.5 and 38.8 < m.place.longitude < 44.0  # inside Anbar


def test_dateline_is_context_not_event_place(geo: Geocoder) -> None:
    text = "MOGADISHU: A car bomb killed five people on Tuesday, police said."
    ctx = geo.article_context(text, dateline="MOGADISHU")
    assert ctx.dateline is not None and ctx.dateline.iso3 == "SOM" and ctx.countries[0] == "SOM"
    assert geo.locate(text, 0, len(text), ctx) is None
    assert [m.pattern for m in geo.mentions(text, 0, len(text), ctx)] == ["dateline"]


def test_context_lead_place(geo: Geocoder) -> None:
    text = ("04/19/2021: An assailant stabbed individuals inside a mosque in Tirana, Albania. Five people were "
            "injured in the attack. Police in Durres later arrested a suspect.")
    ctx = geo.article_context(text)
    assert ctx.lead is not None and ctx.lead.text == "Tirana" and ctx.lead.place.iso3 == "ALB"
    assert pickle.loads(pickle.dumps(ctx)).lead == ctx.lead


def test_sentence_without_a_place_returns_none_and_country_fallback(geo: Geocoder, hamrin_text: str) -> None:
    ctx = geo.article_context(hamrin_text, dateline="BAGHDAD")
    s = hamrin_text.index("Prime Minister")
    assert geo.locate(hamrin_text, s, hamrin_text.index(".", s) + 1, ctx) is None
    cp = ctx.country_place()
    assert cp is not None and (cp.iso3, cp.geo_precision, cp.where_prec) == ("IRQ", None, 6)


def test_gtd_style_chain_falls_back_to_province(geo: Geocoder) -> None:
    text = "04/09/2021: Assailants attacked an army post in Qwzxvillage, Nangarhar, Afghanistan. Six soldiers died."
    m = _locate(geo, text)
    assert m is not None and m.text == "Nangarhar" and m.place.iso3 == "AFG" and m.place.kind == "admin1"
    assert (m.place.geo_precision, m.place.where_prec) == (3, 4)


def test_gtd_style_chain_prefers_the_town(geo: Geocoder) -> None:
    text = "Assailants opened fire on a checkpoint in Tarmiyah, Baghdad, Iraq. Two soldiers were killed."
    m = _locate(geo, text)
    assert m is not None and m.text == "Tarmiyah" and m.place.geo_precision == 1
    assert haversine_km(m.place.latitude, m.place.longitude, 33.67, 44.39) < 10


def test_acled_parenthesis_and_near(geo: Geocoder) -> None:
    text = "On 13 April 2020, militants abducted two merchants at the market in Qwzx-Korno (Dori, Seno)."
    m = _locate(geo, text)
    assert m is not None and m.place.iso3 == "BFA" and m.text == "Dori" and m.place.geo_precision == 2
    text = "On March 19, militants abducted a beverage vendor near Djibo."
    m = _locate(geo, text)
    assert m is not None and m.pattern == "near" and (m.place.geo_precision, m.place.where_prec) == (2, 2)


def test_km_from_town_is_near_precision(geo: Geocoder) -> None:
    text = "A roadside bomb exploded 20 km south of Kirkuk, Iraqi police said."
    m = _locate(geo, text)
    assert m is not None and m.text == "Kirkuk" and m.place.geo_precision == 2


def test_speaker_location_is_not_the_event_place(geo: Geocoder) -> None:
    text = "Ten people were killed in an attack on a market in Mosul, officials told reporters in Baghdad."
    m = _locate(geo, text)
    assert m is not None and m.text == "Mosul"
    text = "The governor said in Baghdad that the attack was repelled."
    assert _locate(geo, text) is None
    # a speech word inside a name is no speaker: 'Peace Conference organiser ... killed in Baramulla'
    text = "Peace Conference activist among six killed in Baramulla on Sunday."
    m = _locate(geo, text)
    assert m is not None and m.text == "Baramulla"


def test_province_and_landform_patterns(geo: Geocoder) -> None:
    m = _locate(geo, "Clashes erupted in Helmand province on Sunday, Afghan officials said.")
    assert m is not None and m.text == "Helmand province" and m.place.kind == "admin1" and m.pattern == "province"
    m = _locate(geo, "Troops raided a cave complex in the Tora Bora mountains of Afghanistan.")
    assert m is not None and m.place.iso3 == "AFG" and m.pattern == "landform"


def test_district_suffix_codes_the_district(geo: Geocoder) -> None:
    m = _locate(geo, "Clashes broke out in Tal Afar district, Iraqi officials said.")
    assert m is not None and m.text == "Tal Afar district" and (m.place.geo_precision, m.place.where_prec) == (2, 3)


def test_sea_events_keep_their_place(geo: Geocoder) -> None:
    m = _locate(geo, "Houthi forces fired missiles at ships in the Red Sea, the US military said.")
    assert m is not None and m.place.kind == "sea" and (m.place.geo_precision, m.place.where_prec) == (3, 7)


def test_city_district_format(geo: Geocoder) -> None:
    m = _locate(geo, "Shelling hit Aleppo - Qwzx Quarter, Syria, killing three.")
    assert m is not None and m.text == "Aleppo" and m.place.iso3 == "SYR" and m.place.geo_precision == 1


def test_one_unresolvable_name_does_not_empty_the_result(geo: Geocoder) -> None:
    text = "Fighters attacked Qwzxabad and Tal Afar, Iraqi officials said."
    ms = geo.mentions(text, 0, len(text), _ctx(geo, text))
    assert any(m.text == "Tal Afar" and m.place.iso3 == "IRQ" for m in ms)
    assert all(text[m.start : m.end] == m.text for m in ms)


def test_armed_group_names_are_not_places(geo: Geocoder) -> None:
    text = "Boko Haram fighters clashed with soldiers in Borno, Nigeria."
    ms = geo.mentions(text, 0, len(text), _ctx(geo, text))
    assert [m.text for m in ms if m.pattern != "country"] == ["Borno"]


def test_group_acronyms_and_names_are_not_places(geo: Geocoder) -> None:
    text = ("A bomb exploded in Tibu, Norte de Santander, Colombia. Sources attributed the attack to the National "
            "Liberation Army (ELN) and to the Islamic State of Iraq and the Levant (ISIL).")
    ctx = _ctx(geo, text)
    s = text.index("Sources")
    ents = [(text.index("ELN"), text.index("ELN") + 3, "GPE"), (text.index("Levant"), text.index("Levant") + 6, "LOC")]
    assert [m for m in geo.mentions(text, s, len(text), ctx, ents) if m.pattern != "country"] == []


def test_entities_are_used_and_block_people(geo: Geocoder) -> None:
    text = "Jassim Abdullah was killed in Tarmiyah."
    s = text.index("Tarmiyah")
    ents = [(0, 15, "PERSON"), (s, s + 8, "GPE")]
    ms = geo.mentions(text, 0, len(text), _ctx(geo, text), ents)
    assert [m.text for m in ms] == ["Tarmiyah"]


_WORDS = ["in", "near", "Mosul", "Iraq", "Iraq's", "western", "desert", "(", ")", ",", "-", "Hamrin", "Mountains",
          "province", "Diyala", "said", "Baghdad", "20 km", "south", "of", "Boko", "Haram", "ISIL", "Dori", "Seno",
          "\u2019s", "al-Qaim", "the", "Tal", "Afar", "coded as", "at geoprecision 2", "Xqz", "\n", "."]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(_WORDS), max_size=25), st.integers(0, 5))
def test_mentions_never_crash_and_slice_to_their_text(geo: Geocoder, words: list[str], cut: int) -> None:
    text = " ".join(words)
    ctx = geo.article_context(text)
    start = min(cut, len(text))
    for m in geo.mentions(text, start, len(text), ctx):
        assert start <= m.start < m.end <= len(text) and text[m.start : m.end] == m.text
    m = geo.locate(text, start, len(text), ctx)
    assert m is None or (m.pattern not in ("country", "speaker", "dateline") and m.place.latitude is not None)


# --------------------------------------------------------------------------------------------- shared data
def test_conflict_toponyms_coverage(geo: Geocoder) -> None:
    rows = list(csv.DictReader(shared_path("data", "gazetteer", "conflict_toponyms_coverage.csv").open()))
    assert len(rows) == 50

    def ok(row: dict[str, str], country: str | None) -> bool:
        cands = geo.lookup(row["toponym"], country=country)
        p = cands[0].place if cands else None
        return bool(p and p.latitude is not None and haversine_km(
            p.latitude, p.longitude, float(row["ref_lat"]), float(row["ref_lon"])) <= float(row["tolerance_km"]))

    assert sum(ok(r, COVERAGE_COUNTRY[r["toponym"]]) for r in rows) >= 48
    assert sum(ok(r, None) for r in rows) >= 45


def test_locate_on_dev_gold_gtd_rows(geo: Geocoder) -> None:
    """Floors for GTD rows of the dev sample (whole text; fallback to the country place)."""
    path = shared_path("data", "gold", "dev.jsonl")
    n = country = within50 = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        gold = row["gold"]
        if row["dataset"] != "GTD" or gold.get("latitude") is None:
            continue
        ctx = geo.article_context(row["text"])
        m = geo.locate(row["text"], 0, len(row["text"]), ctx)
        p = m.place if m else ctx.country_place()
        n += 1
        gc = country_info(gold["country"])
        country += bool(p and gc and p.iso3 == gc.iso3)
        within50 += bool(p and p.latitude is not None and haversine_km(
            p.latitude, p.longitude, gold["latitude"], gold["longitude"]) <= 50)
    assert n > 100
    assert country / n >= 0.95 and within50 / n >= 0.70


# --------------------------------------------------------------------------------------------- CLI
def test_cli_geocode_prints_json_with_alternatives() -> None:
    r = CliRunner().invoke(main, ["geocode", "Rafah", "--country", "Palestine", "--json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.output)
    assert {"name", "kind", "country", "iso3", "admin1", "admin2", "latitude", "longitude", "geo_precision",
            "gazetteer_id", "source", "alternatives"} <= set(d)
    assert d["iso3"] == "PSE" and len(d["alternatives"]) <= 5


def test_cli_geocode_no_match_exits_1() -> None:
    r = CliRunner().invoke(main, ["geocode", "Xqzzyville"])
    assert r.exit_code == 1 and "no match" in r.output


def test_cli_gazetteer_info_credits_geonames() -> None:
    r = CliRunner().invoke(main, ["gazetteer", "info"])
    assert r.exit_code == 0, r.output
    assert "GeoNames" in r.output and "CC BY 4.0" in r.output and "curated_regions.csv" in r.output


def test_prune_keeps_recent_versions_for_other_checkouts(tmp_path) -> None:
    import os
    import time

    from eventwire.resolve._gaz_build import PRUNE_AFTER_DAYS, _prune

    current, recent, stale = (tmp_path / f"gazetteer-{v}.sqlite" for v in ("aaa", "bbb", "ccc"))
    for f in (current, recent, stale):
        f.write_bytes(b"x")
    old = time.time() - (PRUNE_AFTER_DAYS + 1) * 86400
    os.utime(stale, (old, old))
    _prune(current)
    assert current.exists() and recent.exists() and not stale.exists()


def test_store_name_cache_answers_like_the_database() -> None:
    from eventwire.resolve.geocode import Geocoder

    store = Geocoder.default().store
    keys = ["baghdad", "kabul", "no such place at all", "washington", "union"]
    fresh = type(store)(store.path)  # empty caches
    first = fresh.by_keys(keys)
    assert [(k, r.pid) for r, k, _ in first] == sorted((k, r.pid) for r, k, _ in first)
    assert {k for _r, k, _p in first} == {"baghdad", "kabul", "washington", "union"}
    assert fresh.keys_present(keys) == {"baghdad", "kabul", "washington", "union"}
    assert fresh.by_keys(keys) == first  # second answer from the cache
    assert "no such place at all" in fresh._key_rows and fresh._key_rows["no such place at all"] == []
    assert fresh.by_skeleton("bghdd") == fresh.by_skeleton("bghdd") == store.by_skeleton("bghdd")
