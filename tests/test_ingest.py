"""ingest: every format yields RawDoc or Skipped with a reason; bad input never raises."""

from __future__ import annotations

import datetime
import gzip
import io
import json
from pathlib import Path

import pytest

from eventwire import ingest
from eventwire.ingest import RawDoc, Skipped, html_to_text, parse_date, read_path, read_stream
from tests.conftest import shared_path

DATA = Path(__file__).parent / "data"
D2023 = datetime.date(2023, 1, 1)


class _Pipe(io.RawIOBase):
    """A non-seekable stream, like stdin fed by a pipe."""

    def __init__(self, data: bytes) -> None:
        self._buf = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def readinto(self, b) -> int:  # type: ignore[no-untyped-def]
        chunk = self._buf.read(len(b))
        b[: len(chunk)] = chunk
        return len(chunk)


def _one(path: Path | str, **kw) -> RawDoc | Skipped:
    (item,) = list(read_path(path, **kw))
    return item


@pytest.mark.parametrize(
    "name, reason",
    [
        ("binary.bin", "binary file (NUL bytes)"),
        ("empty.txt", "empty"),
        ("whitespace.txt", "empty"),
        ("latin1.txt", "not UTF-8 text"),
        ("french.txt", "non-English (detected: fr)"),
        ("german.txt", "non-English (detected: de)"),
    ],
)
def test_bad_files_are_skipped_with_reason(name: str, reason: str) -> None:
    item = _one(DATA / name)
    assert item == Skipped(str(DATA / name), reason)


def test_missing_file_is_skipped() -> None:
    item = _one(DATA / "no-such-file.txt")
    assert isinstance(item, Skipped) and item.reason.startswith("unreadable")


def test_pdf_magic_is_binary(tmp_path: Path) -> None:
    p = tmp_path / "report.txt"
    p.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj")
    assert _one(p) == Skipped(str(p), "binary file (PDF document)")


def test_plain_text_with_cli_defaults() -> None:
    doc = _one(DATA / "wire_boilerplate.txt", published=D2023, source="Wire", url="https://u.example/x")
    assert isinstance(doc, RawDoc)
    assert doc.text.startswith("Gunmen kill four guards") and "\u2019" in doc.text  # raw, not cleaned
    assert (doc.published, doc.source, doc.url) == (D2023, "Wire", "https://u.example/x")
    assert doc.origin == doc.raw_bytes_ref == str(DATA / "wire_boilerplate.txt")


def test_malformed_html_main_text_and_metadata() -> None:
    doc = _one(DATA / "malformed.html", published=D2023)
    assert isinstance(doc, RawDoc)
    assert doc.title == "Militants attack army base in the north"
    assert doc.published == datetime.date(2023, 3, 14)  # metadata wins over the CLI default
    assert doc.url == "https://news.example.org/2023/03/army-base"
    lines = doc.text.split("\n")
    assert "MAIDUGURI, Nigeria (AP) \u2014 Militants attacked an army base near Maiduguri on Monday, killing five soldiers, the army said." in lines
    assert "The attackers arrived in trucks & on motorbikes, a resident said." in lines
    assert "Officials said the base was later retaken." in lines and "No group claimed the attack." in lines
    for dropped in ("tracking", "color", "Home", "Most read", "Copyright", "Photo: AP", "Example News Network"):
        assert dropped not in doc.text


def test_html_without_article_tag_takes_the_densest_block_not_a_teaser() -> None:
    doc = _one(DATA / "teaser_page.html")
    assert isinstance(doc, RawDoc) and doc.published == datetime.date(2023, 3, 6)
    assert doc.title == "Army retakes town | Example Times"
    lines = doc.text.split("\n")
    assert lines[0] == "Army retakes town" and len(lines) == 4
    assert lines[2].startswith("At least ten soldiers")
    assert "Teaser" not in doc.text and "Home" not in doc.text and "Most read" not in doc.text


def test_jsonl_bad_lines_are_skipped_one_by_one() -> None:
    items = list(read_path(DATA / "articles.jsonl", published=D2023))
    got = {it.origin.rsplit(" ", 1)[1]: it for it in items}
    assert sorted(got, key=int) == ["1", "2", "3", "4", "5", "6", "8"]  # blank line 7 ignored
    one = got["1"]
    assert isinstance(one, RawDoc)
    assert (one.published, one.title, one.url, one.source) == (
        datetime.date(2021, 6, 2), "Gunmen attack village", "https://j.example.org/1", "Example Wire")
    assert got["2"] == Skipped(f"{DATA / 'articles.jsonl'}:line 2", "malformed JSON at line 2")
    assert got["3"].reason == "JSON record is not an object (list)"
    assert got["4"].reason == "no text field (text|body|content)"
    assert got["5"].reason == "non-English (detected: fr)"
    six = got["6"]
    assert isinstance(six, RawDoc) and six.published == datetime.date(2023, 2, 3)
    assert six.text == "Police fired tear gas at protesters in the capital on Friday.\nSeveral people were arrested, witnesses said."
    assert got["8"].published == D2023  # "2023-02-30" is broken: None, then the CLI default fills it


def test_jsonl_over_long_line_is_skipped_and_reading_goes_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ingest, "MAX_ARTICLE_BYTES", 200)
    good = json.dumps({"text": "Troops clashed with rebels near the border on Monday, the army said."})
    data = (json.dumps({"text": "x " * 500}) + "\n" + good + "\n").encode()
    items = list(read_stream(_Pipe(data), name="big.jsonl"))
    assert items[0] == Skipped("big.jsonl:line 1", "too large (over 0.000190735 MB per article)")
    assert isinstance(items[1], RawDoc) and items[1].origin == "big.jsonl:line 2"


def test_too_large_text_is_skipped(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(ingest, "MAX_ARTICLE_BYTES", 100)
    p = tmp_path / "long.txt"
    p.write_text("Police said the attack killed two people. " * 10)
    item = _one(p)
    assert isinstance(item, Skipped) and item.reason.startswith("too large")


def test_rss_items() -> None:
    items = list(read_path(DATA / "feed.rss", published=D2023))
    first, second, third = items
    assert isinstance(first, RawDoc) and first.origin.endswith("feed.rss#item 1")
    assert first.text == "BAGHDAD: A roadside bomb killed three people at a market in southern Baghdad on Monday, police said.\nFive others were wounded in the blast, the police said."
    assert (first.published, first.url, first.title, first.source) == (
        datetime.date(2023, 3, 14), "https://wire.example.org/a1", "Bomb kills three in market", "Example Wire")
    assert isinstance(second, RawDoc) and second.published == D2023 and second.text.startswith("Hundreds of protesters")
    assert third == Skipped(f"{DATA / 'feed.rss'}#item 3", "feed item has no content or summary")


def test_atom_entry() -> None:
    doc = _one(DATA / "atom.xml")
    assert isinstance(doc, RawDoc) and doc.published == datetime.date(2023, 4, 1)
    assert doc.text.startswith("Fighting between two armed groups killed six people")
    assert doc.url == "https://atom.example.org/e1"


def test_broken_feed_is_skipped() -> None:
    item = _one(DATA / "broken_feed.xml")
    assert isinstance(item, Skipped) and item.reason.startswith("malformed feed")


def _write_warc(path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    pages = [
        ("https://w.example/a", "text/html; charset=utf-8", "200",
         b"<html><head><meta property='article:published_time' content='2022-08-09'></head>"
         b"<body><p>Gunmen shot dead two traders at a market on Tuesday, police said.</p></body></html>"),
        ("https://w.example/logo.png", "image/png", "200", b"\x89PNG...."),
        ("https://w.example/missing", "text/html", "404", b"<html><body><p>Not found</p></body></html>"),
        ("https://w.example/b.txt", "text/plain", "200", b"Protesters marched through the capital on Sunday, witnesses said."),
    ]
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        writer.write_record(writer.create_warcinfo_record("test.warc.gz", {"software": "eventwire tests"}))
        for url, ctype, status, body in pages:
            http = StatusAndHeaders(f"{status} OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http))


def test_warc_records(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    _write_warc(path)
    items = list(read_path(path))
    assert [type(i).__name__ for i in items] == ["RawDoc", "Skipped", "Skipped", "RawDoc"]
    page, png, missing, txt = items
    assert page.text == "Gunmen shot dead two traders at a market on Tuesday, police said."
    assert page.url == "https://w.example/a" and page.published == datetime.date(2022, 8, 9)
    assert page.origin == f"{path}@record 2" and page.raw_bytes_ref.startswith(f"{path}@")
    assert png.reason == "not text (image/png)" and missing.reason == "HTTP status 404"
    assert txt.url == "https://w.example/b.txt" and txt.text.startswith("Protesters marched")


def test_directory_is_read_recursively_in_sorted_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a.txt").write_text("Police said a bomb killed two people in the city on Monday.")
    (tmp_path / "b" / "c.txt").write_text("Gunmen killed three villagers in the north on Sunday, officials said.")
    (tmp_path / "b" / "a.bin").write_bytes(b"\x00\x01\x02")
    (tmp_path / ".hidden.txt").write_text("Police said nothing happened at all on that day.")
    origins = [i.origin for i in read_path(tmp_path)]
    assert origins == [str(tmp_path / "a.txt"), str(tmp_path / "b" / "a.bin"), str(tmp_path / "b" / "c.txt")]
    assert origins == [i.origin for i in read_path(tmp_path)]


def test_stdin_like_stream_and_gzip(tmp_path: Path) -> None:
    lines = (DATA / "articles.jsonl").read_bytes()
    from_pipe = list(read_stream(_Pipe(lines), name="-"))
    assert [i.origin for i in from_pipe][:2] == ["-:line 1", "-:line 2"]
    assert from_pipe[0].raw_bytes_ref is None
    gz = tmp_path / "articles.jsonl.gz"
    gz.write_bytes(gzip.compress(lines))
    from_gz = list(read_path(gz))
    assert [type(i) for i in from_gz] == [type(i) for i in from_pipe]
    assert from_gz[0].text == from_pipe[0].text


def test_sniffing_without_extension(tmp_path: Path) -> None:
    html = tmp_path / "page"
    html.write_text("<!doctype html><html><body><p>Troops clashed with rebels in the east on Friday.</p></body></html>")
    js = tmp_path / "record"
    js.write_text(json.dumps([{"text": "Police said two people were killed in the blast on Monday."}]))
    assert _one(html).text == "Troops clashed with rebels in the east on Friday."
    item = _one(js)
    assert item.origin == f"{js}#item 1" and item.text.startswith("Police said")


def test_truncated_gzip_is_skipped_not_raised(tmp_path: Path) -> None:
    p = tmp_path / "cut.txt.gz"
    body = " ".join(f"Police said {i} people were hurt." for i in range(5000)).encode()
    p.write_bytes(gzip.compress(body)[:3000])
    item = _one(p)
    assert isinstance(item, Skipped) and item.reason.startswith("read error")


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2024-10-15", datetime.date(2024, 10, 15)),
        ("2024-10-15T08:00:00Z", datetime.date(2024, 10, 15)),
        ("Tue, 15 Oct 2024 08:00:00 GMT", datetime.date(2024, 10, 15)),
        ("2024-02-30", None),
        ("last Tuesday", None),
        ("", None),
        (None, None),
        (12345, None),
        (datetime.datetime(2024, 1, 2, 3, 4), datetime.date(2024, 1, 2)),
    ],
)
def test_parse_date(value, expected) -> None:  # type: ignore[no-untyped-def]
    assert parse_date(value) == expected


def test_html_fragment_to_text() -> None:
    assert html_to_text("<p>One <i>two</i>.</p><p>Three&nbsp;four.</p>") == "One two.\nThree four."


def test_dev_articles_jsonl_reads_every_row() -> None:
    path = shared_path("examples", "articles-dev.jsonl")
    items = list(read_path(path))
    assert len(items) == 8 and all(isinstance(i, RawDoc) for i in items)
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    for doc, row in zip(items, rows):
        assert doc.text == row["text"] and doc.title == row["title"] and doc.url == row["url"]
        assert doc.published == datetime.date.fromisoformat(row["publication_date"])


def test_hamrin_text_file() -> None:
    doc = _one(shared_path("examples", "iraq-hamrin-raid.txt"), published=datetime.date(2024, 10, 15))
    assert isinstance(doc, RawDoc) and doc.text.startswith("BAGHDAD:") and doc.published == datetime.date(2024, 10, 15)
