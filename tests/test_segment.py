"""segment: paragraph and sentence spans on news text, boilerplate skipped."""

from __future__ import annotations

import datetime
import json
import pickle
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.clean import clean
from eventwire.errors import InputError
from eventwire.segment import paragraphs, sentences, split_sentences
from tests.conftest import shared_path

DATA = Path(__file__).parent / "data"


def _split(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "U.S. forces and U.N. staff left the U.S. Army base. Then they went home.",
            ["U.S. forces and U.N. staff left the U.S. Army base.", "Then they went home."],
        ),
        ("Troops arrived from the U.S. The next day they left.", ["Troops arrived from the U.S.", "The next day they left."]),
        (
            "Gen. John Smith and Lt. Col. Ahmed Ali met on Jan. 5 in Kabul. It was quiet.",
            ["Gen. John Smith and Lt. Col. Ahmed Ali met on Jan. 5 in Kabul.", "It was quiet."],
        ),
        (
            "Maj. Gen. Omar and Sgt. Ali spoke to Sen. Brown on Sept. 4. Nothing changed.",
            ["Maj. Gen. Omar and Sgt. Ali spoke to Sen. Brown on Sept. 4.", "Nothing changed."],
        ),
        ("The No. 2 leader died at 8.30 p.m. on Friday. Police arrived.", ["The No. 2 leader died at 8.30 p.m. on Friday.", "Police arrived."]),
        ('"We will fight," he said. "We will win." Then he left.', ['"We will fight," he said.', '"We will win."', "Then he left."]),
        ('He said "we will win." Then he left.', ['He said "we will win."', "Then he left."]),
        ("He said \u201cwe will win.\u201d Then he left.", ["He said \u201cwe will win.\u201d", "Then he left."]),
        ("Is it over? Nobody knows! Fighting resumed.", ["Is it over?", "Nobody knows!", "Fighting resumed."]),
        ("Gunmen kill 5 in Kabul", ["Gunmen kill 5 in Kabul"]),
        ("  Padded sentence one.   Two.  ", ["Padded sentence one.", "Two."]),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert _split(text) == expected


def test_paragraphs_are_lines_and_headlines_are_sentences() -> None:
    art = clean("Bomb kills three in Mosul\n\nA bomb killed three people on Monday. Police said so.\nNo claim yet")
    paras = paragraphs(art)
    assert [p.text for p in paras] == [
        "Bomb kills three in Mosul",
        "A bomb killed three people on Monday. Police said so.",
        "No claim yet",
    ]
    assert [p.value for p in paras] == [0, 1, 2]
    sents = sentences(art)
    assert [(s.text, s.value) for s in sents] == [
        ("Bomb kills three in Mosul", 0),
        ("A bomb killed three people on Monday.", 1),
        ("Police said so.", 1),
        ("No claim yet", 2),
    ]
    assert all(s.label == "SENTENCE" and s.check(art.text) for s in sents)


def test_sentences_skip_boilerplate_of_a_wire_story() -> None:
    art = clean((DATA / "wire_boilerplate.txt").read_text(encoding="utf-8"))
    sents = sentences(art)
    for s in sents:
        assert s.check(art.text)
        assert not any(b.start < s.end and s.start < b.end for b in art.boilerplate), s.text
    texts = [s.text for s in sents]
    assert "Share this article" not in texts and not any("newsletter" in t for t in texts)
    assert any(t.startswith("No group immediately claimed") for t in texts)
    assert any("Lt. Col. Abdul Haq" in t and "on Jan. 5 after threats." in t for t in texts)


def test_glued_boilerplate_is_cut_out_of_the_sentence() -> None:
    art = clean("First paragraph of news.\nAdvertisementThe army said two soldiers died.")
    assert [s.text for s in sentences(art)] == ["First paragraph of news.", "The army said two soldiers died."]


def test_hamrin_sentences(hamrin_text: str) -> None:
    art = clean(hamrin_text, published=datetime.date(2024, 10, 15))
    sents = sentences(art)
    (read_also,) = art.boilerplate
    assert not any(s.start < read_also.end and read_also.start < s.end for s in sents)
    texts = [s.text for s in sents]
    assert texts[0].startswith("BAGHDAD: Iraqi security forces") and texts[0].endswith("said on Tuesday.")
    assert any(t.startswith('"Nine terrorists') and t.endswith('said the statement.') for t in texts)
    assert any(t.startswith("Earlier this month, Iraqi forces") for t in texts)
    assert any(t.startswith("In August, a joint operation") for t in texts)
    assert len(texts) == 15
    values = [s.value for s in sents]
    assert values == sorted(values) and 4 not in values  # paragraph 4 is the READ ALSO line


def test_dev_articles_sentences_slice_and_cover_evidence() -> None:
    path = shared_path("examples", "articles-dev.jsonl")
    for line in path.open(encoding="utf-8"):
        row = json.loads(line)
        art = clean(row["text"], published=datetime.date.fromisoformat(row["publication_date"]))
        sents = sentences(art)
        assert sents and all(s.check(art.text) and s.text == s.text.strip() for s in sents)
        starts = [s.start for s in sents]
        assert starts == sorted(starts)
        covered = [(art.raw_offset(s.start), art.raw_offset(s.end)) for s in sents]
        for ev in row["events"]:
            for frag in ev["evidence"].split(" | "):
                s = row["text"].index(frag)
                # the fragment's first character lies inside some sentence
                assert any(a <= s < b for a, b in covered), (row["id"], frag)


def test_pipeline_is_built_once() -> None:
    from eventwire.segment import _nlp

    assert _nlp() is _nlp()
    pickle.dumps(sentences(clean("A short sentence. Another one.")))


_PIECES = ["Gen.", "U.S.", "The", "police", "said", "killed", "5", ".", "!", "?", '"', "'", "(", ")", " ", " ",
           "\n", "\n", "Read more:", "Advertisement", "\u201c", "\u201d", "\u00a0", "Lt. Col.", "p.m."]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=40))
def test_sentences_are_ordered_stripped_slices_inside_paragraphs_outside_boilerplate(pieces: list[str]) -> None:
    raw = "".join(pieces)
    try:
        art = clean(raw)
    except InputError:  # empty, or too odd to be English: nothing to segment
        return
    paras = paragraphs(art)
    sents = sentences(art)
    for prev, cur in zip(sents, sents[1:]):
        assert prev.end <= cur.start
    for s in sents:
        assert s.check(art.text) and s.text and s.text == s.text.strip()
        para = paras[s.value]
        assert para.start <= s.start and s.end <= para.end
        assert not any(b.start < s.end and s.start < b.end for b in art.boilerplate)


_PIECES = ["Gunmen", "killed", "five", "in", "Kabul", "U.S.", "Lt.", "Gen.", "3.5", ".", "!", "?", ",", '"',
           "'", ")", "]", "\u201d", "\u2019", "\u00a0", "(", "...", "-", "\u3002"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_PIECES), st.sampled_from(["", " ", "  "])), max_size=14))
def test_one_sentence_shortcut_agrees_with_the_sentencizer(parts: list[tuple[str, str]]) -> None:
    from eventwire.segment import _nlp, _ranges, _split_many

    text = "".join(w + sp for w, sp in parts)
    [shortcut] = list(_split_many([text]))
    assert shortcut == _ranges(_nlp()(text), text)
