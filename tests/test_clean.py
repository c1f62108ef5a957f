"""clean: normalisation with an offset map, input checks, boilerplate lines, datelines."""

from __future__ import annotations

import datetime
import json
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.clean import clean, detect_language, find_boilerplate, normalise
from eventwire.errors import InputError
from tests.conftest import shared_path

DATA = Path(__file__).parent / "data"

# What a single raw char may become in the cleaned text (besides itself).
_FOLD = {
    "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " ", "\u202f": " ",
    "\u2009": " ", "\t": " ", "\r": "\n", "\x0c": "\n",
}
_DROPPED = "\u200b\ufeff\u00ad"
_ALPHABET = "ab e\n\r\t.\u00a0\u202f\u2009\u200b\ufeff\u00ad\u2018\u2019\u201c\u201d\u0301\u0308\u00e9\u1100\u1161\x0c"


def _consistent(raw: str, text: str, omap: list[int]) -> None:
    assert len(omap) == len(text) + 1
    assert all(a <= b for a, b in zip(omap, omap[1:]))
    assert 0 <= omap[-1] <= len(raw)
    for i, c in enumerate(text):
        r = raw[omap[i]]
        if c == r or c == _FOLD.get(r):
            continue
        # a composed char: it must come from the NFC of the raw cluster it maps into
        window = raw[omap[i] : max(omap[i + 1], omap[i] + 1)]
        cluster = unicodedata.normalize("NFC", "".join(ch for ch in window if ch not in _DROPPED))
        assert c in cluster and unicodedata.normalize("NFD", c)[0] == unicodedata.normalize("NFD", r)[0], (i, c, r)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=60))
def test_normalise_offset_map_points_at_the_raw_char_of_every_cleaned_char(raw: str) -> None:
    text, omap = normalise(raw)
    _consistent(raw, text, omap)
    assert normalise(text)[0] == text  # idempotent
    assert "  " not in text and "\r" not in text and "\u200b" not in text


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=80))
def test_normalise_any_unicode_keeps_a_valid_map(raw: str) -> None:
    text, omap = normalise(raw)
    assert len(omap) == len(text) + 1
    assert all(a <= b for a, b in zip(omap, omap[1:]))
    assert text == unicodedata.normalize("NFC", text)


def test_normalise_specific_rules() -> None:
    raw = "\ufeffHe said \u201cno\u201d\u00a0 and\u200b left.\r\n\r\n\r\n  Ce\u0301line\u2019s   car. "
    text, omap = normalise(raw)
    assert text == "He said \"no\" and left.\n\nC\u00e9line's car."
    assert raw[omap[text.index("C")]] == "C"
    assert omap[text.index("\u00e9")] == raw.index("e\u0301")
    assert raw[omap[text.index("left")] : omap[text.index("left") + 4]] == "left"


def test_clean_keeps_raw_and_maps_spans_back() -> None:
    raw = "BAGHDAD:\u00a0Gunmen killed \u201cfive\u201d people in the city on Tuesday, police said."
    art = clean(raw, published=datetime.date(2024, 10, 15), url="https://x.example/1")
    assert art.raw == raw
    s = art.text.index('"five"')
    assert raw[art.raw_offset(s) : art.raw_offset(s + 6)] == "\u201cfive\u201d"
    assert art.article_id == clean(raw, url="https://x.example/1").article_id
    assert art.article_id != clean(raw, url="https://x.example/2").article_id


def test_clean_unchanged_text_has_empty_offset_map() -> None:
    raw = "Police said two people were killed in the attack on the market on Monday."
    art = clean(raw)
    assert art.text == raw and art.offset_map == () and art.raw_offset(5) == 5


@pytest.mark.parametrize(
    "raw, code",
    [("", "E101"), ("   \n\t ", "E101"), ("\x00\x01\x02binary" * 20, "E102"), ("x\ufffd" * 50, "E102")],
)
def test_clean_rejects_empty_and_binary(raw: str, code: str) -> None:
    with pytest.raises(InputError) as exc:
        clean(raw)
    assert exc.value.code == code


@pytest.mark.parametrize("name, lang", [("french.txt", "fr"), ("german.txt", "de")])
def test_clean_rejects_non_english(name: str, lang: str) -> None:
    with pytest.raises(InputError) as exc:
        clean((DATA / name).read_text(encoding="utf-8"))
    assert exc.value.code == "E103"
    assert f"non-English text (detected: {lang})" in str(exc.value)


@pytest.mark.parametrize(
    "text, lang",
    [
        ("Hombres armados atacaron una comisaría en el norte del país y mataron a tres agentes, según las autoridades.", "es"),
        ("Homens armados atacaram uma esquadra no norte do país e mataram três agentes, segundo as autoridades.", "pt"),
        ("قتل ثلاثة أشخاص في هجوم على مركز للشرطة في شمال البلاد", "ar"),
        ("Трое полицейских погибли при нападении на пост в северной части страны", "ru"),
        ("Gunmen killed three police officers in an attack on a post in the north of the country.", "en"),
        ("Bomb kills 5", "und"),
    ],
)
def test_detect_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang


def test_short_headline_is_accepted() -> None:
    assert clean("Mogadishu (AFP) - A bomb exploded.").text.startswith("Mogadishu")


def test_gold_dev_texts_are_not_rejected_as_non_english() -> None:
    rows = [json.loads(line) for line in shared_path("data", "gold", "dev.jsonl").open(encoding="utf-8")]
    langs = [detect_language(r["text"]) for r in rows]
    assert set(langs) <= {"en", "und"}
    assert langs.count("en") / len(langs) > 0.95
    for r in rows:
        clean(r["text"])  # raises on rejection


# --- boilerplate -----------------------------------------------------------------------------


def _bp_lines(text: str) -> dict[str, str]:
    return {b.text: b.value for b in find_boilerplate(text)}


def test_boilerplate_lines_of_a_wire_story() -> None:
    art = clean((DATA / "wire_boilerplate.txt").read_text(encoding="utf-8"), published=datetime.date(2023, 5, 4))
    found = {b.text: b.value for b in art.boilerplate}
    assert found == {
        "Photo: Afghan police officers stand guard at a checkpoint near Jalalabad. REUTERS/Jane Doe": "photo_label",
        "READ ALSO: Floods cut main highway to Pakistan": "read_also",
        "Share this article": "share_bar",
        "Facebook | Twitter | WhatsApp | Email": "share_bar",
        "Sign up for our morning briefing newsletter and get the top stories delivered to your inbox.": "newsletter_verb",
        "Advertisement": "advert",
        "Related:": "read_also",
        "Taliban deny role in market blast": "list_item",
        "Police chief survives roadside bomb in Kunar": "list_item",
        "Two soldiers wounded in Laghman ambush": "list_item",
        "(Reporting by Jane Doe; Editing by John Roe)": "credit_paren",
        "© 2023 Reuters. All rights reserved.": "copyright_line",
    }
    for b in art.boilerplate:
        assert b.label == "BOILERPLATE" and b.check(art.text)
        assert b.provenance is not None and b.provenance.rule.startswith("boilerplate.tsv:")


@pytest.mark.parametrize(
    "line, rule",
    [
        ("Read more: Five killed in attack", "read_also"),
        ("Follow us on Twitter for the latest", "follow_us"),
        ("We use cookies to improve your experience on our site.", "cookies"),
        ("Click here to read the full report", "click_here"),
        ("(Photo by Jane Doe/AFP via Getty Images)", "photo_paren"),
        ("Soldiers patrol the city centre. REUTERS/Jane Doe", "caption_agency"),
        ("Copyright 2016 The Associated Press. All rights reserved.", "copyright_line"),
        ("This material may not be published, broadcast, rewritten or redistributed.", "rights_reserved"),
        ("Associated Press writer Jane Doe contributed to this report.", "contributed"),
        ("————", "separator"),
        ("Al Jazeera News", "agency_alone"),
        ("Story highlights", "highlights"),
        ("By Jane Doe and John Roe", "byline"),
        ("WATCH: Aftermath of the blast", "media_label"),
        ("Image source, Getty Images", "photo_label"),
        ("Listen to this article", "page_ui"),
        ("4 min read", "page_ui"),
    ],
)
def test_boilerplate_rule_catches_line(line: str, rule: str) -> None:
    text = f"Police said five people were killed on Monday.\n{line}\nThe army denied it."
    assert _bp_lines(text) == {line: rule}


@pytest.mark.parametrize(
    "line",
    [
        "Related fighting killed three people in the south on Sunday.",
        "Police said they would subscribe to the view that the attack was planned.",
        "The photo showed soldiers firing at protesters, a witness said.",
        "Gunmen killed a journalist who had written about corruption, his newspaper said.",
        "By Tuesday, the death toll had risen to 40.",
    ],
)
def test_boilerplate_leaves_news_sentences_alone(line: str) -> None:
    assert _bp_lines(f"{line}\nSecond paragraph of news.") == {}


def test_glued_advertisement_marks_only_the_placeholder() -> None:
    text = "First paragraph.\nAdvertisementThe army said two soldiers died."
    (span,) = find_boilerplate(text)
    assert span.text == "Advertisement" and text[span.end :].startswith("The army")


def test_copyright_tail_marks_only_the_notice() -> None:
    text = "Police said five people were killed in the blast. (c) 2016 Reuters\nMore news."
    (span,) = find_boilerplate(text)
    assert span.text == "(c) 2016 Reuters" and span.value == "copyright_tail"


def test_hamrin_dateline_and_read_also(hamrin_text: str) -> None:
    art = clean(hamrin_text, published=datetime.date(2024, 10, 15))
    assert art.dateline_place is not None and art.dateline_place.value == "Baghdad"
    assert art.dateline_place.text == "BAGHDAD" and art.dateline_place.start == 0
    assert [b.text.split(":")[0] for b in art.boilerplate] == ["READ ALSO"]
    assert "Prime Minister" not in art.boilerplate[0].text


def _dev_articles() -> list[dict]:
    path = shared_path("examples", "articles-dev.jsonl")
    return [json.loads(line) for line in path.open(encoding="utf-8")]


def _raw_ranges(art, spans):
    return [(art.raw_offset(s.start), art.raw_offset(s.end)) for s in spans]


def test_dev_boilerplate_never_covers_gold_evidence() -> None:
    caught = 0
    for row in _dev_articles():
        art = clean(row["text"], published=datetime.date.fromisoformat(row["publication_date"]), title=row["title"])
        bps = _raw_ranges(art, art.boilerplate)
        for ev in row["events"]:
            for frag in ev["evidence"].split(" | "):
                s = row["text"].index(frag)
                e = s + len(frag)
                assert not any(bs < e and s < be for bs, be in bps), (row["id"], frag)
        caught += len(bps)
        # credit / contributor / separator / agency lines are furniture, not news
        for line in row["text"].split("\n"):
            line = line.strip()
            if line.startswith(("(Reporting", "(Additional reporting")) or line in ("Al Jazeera News", "————"):
                assert any(b.text == line for b in art.boilerplate), (row["id"], line)
    assert caught >= 8


@pytest.mark.parametrize(
    "text, place, date_text, iso",
    [
        ("BAGHDAD: Gunmen killed two.", "Baghdad", None, None),
        ("KABUL, May 3 (Reuters) - Gunmen killed two.", "Kabul", "May 3", "2016-05-03"),
        ("OUAGADOUGOU, Burkina Faso (AP) \u2014 Gunmen killed two.", "Ouagadougou, Burkina Faso", None, None),
        ("Mogadishu (AFP) - A bomb killed two soldiers.", "Mogadishu", None, None),
        ("ISTANBUL \u2014 Police detained five.", "Istanbul", None, None),
        ("BEIRUT At least 63 people died.", "Beirut", None, None),
        ("NAYPYITAW/YANGON Myanmar's parliament approved a bill.", "Naypyitaw/Yangon", None, None),
        ("DEIR EL-ZOR, Syria, Jan. 5 (Reuters) - Strikes hit the city.", "Deir El-Zor, Syria", "Jan. 5", "2016-01-05"),
        ("Gunmen kill two in Kabul\nKABUL, Dec. 31 (Reuters) - Gunmen killed two.", "Kabul", "Dec. 31", "2015-12-31"),
    ],
)
def test_dateline(text: str, place: str, date_text: str | None, iso: str | None) -> None:
    art = clean(text, published=datetime.date(2016, 7, 20) if "Dec." not in text else datetime.date(2016, 1, 2))
    assert art.dateline_place is not None and art.dateline_place.value == place
    assert art.dateline_place.label == "DATELINE" and art.dateline_place.check(art.text)
    if date_text is None:
        assert art.dateline_date is None
    else:
        assert art.dateline_date is not None and art.dateline_date.text == date_text
        assert art.dateline_date.value == iso and art.dateline_date.label == "DATE"


def test_dateline_after_title_and_page_furniture() -> None:
    text = "Gunmen kill two police officers\nBy Jane Doe\nUpdated: 4 May 2023\nKABUL (Reuters) - Gunmen killed two police officers."
    art = clean(text, title="Gunmen kill two police officers")
    assert art.dateline_place is not None and art.dateline_place.value == "Kabul"
    assert art.text[art.dateline_place.start :].startswith("KABUL (Reuters)")


def test_dateline_date_without_publication_date_stays_unresolved() -> None:
    art = clean("KABUL, May 3 (Reuters) - Gunmen killed two police officers.")
    assert art.dateline_date is not None and art.dateline_date.value is None


@pytest.mark.parametrize(
    "text",
    [
        "U.S. forces killed five militants on Monday.",
        "NATO Secretary General said the alliance would respond.",
        "BREAKING Police say five dead in the capital.",
        "ISIS, al Qaeda and other groups have claimed attacks.",
        "Note: this story has been updated.",
        "In Iraq, the death toll from the bombings rose to 73.",
        "Gunmen kill two in Kabul. KABUL - police said.",
    ],
)
def test_no_false_dateline(text: str) -> None:
    assert clean(text).dateline_place is None
