"""Read documents from files, directories, streams: text, HTML, JSON/JSONL, RSS/Atom, WARC.

``read_path`` and ``read_stream`` yield ``RawDoc`` for every readable article and ``Skipped`` (with
a one-line reason) for every bad file, line, item or record; they never raise for bad input, so
one broken record never stops a batch. JSONL and WARC are streamed; no article above
``MAX_ARTICLE_BYTES`` is read into memory.
"""

from __future__ import annotations

import datetime
import email.utils
import gzip
import io
import json
import os
import re
import stat
from dataclasses import dataclass, replace
from typing import IO, Any, Callable, Iterator

from .clean import check_text
from .errors import InputError

__all__ = [
    "RawDoc",
    "Skipped",
    "read_path",
    "read_stream",
    "html_to_text",
    "parse_date",
    "MAX_ARTICLE_BYTES",
    "MAX_FILE_BYTES",
]

MAX_ARTICLE_BYTES = 20 * 1024 * 1024  # one article (a text/HTML file, a JSONL line, a WARC record)
MAX_FILE_BYTES = 200 * 1024 * 1024  # a whole JSON document or feed, which must be parsed at once
_SNIFF = 64 * 1024


@dataclass(frozen=True)
class RawDoc:
    """One article's text (HTML already turned to text with paragraph breaks) and its metadata."""

    text: str
    origin: str  # "path", "path:line 12", "path#item 3", "path@record 5"
    published: datetime.date | None = None
    source: str | None = None
    url: str | None = None
    title: str | None = None
    raw_bytes_ref: str | None = None


@dataclass(frozen=True)
class Skipped:
    """A file, line, item or record that was not read, with a one-line reason."""

    origin: str
    reason: str


Item = RawDoc | Skipped


@dataclass(frozen=True)
class _Defaults:
    """Values given by the caller (CLI flags); they fill metadata the document lacks."""

    published: datetime.date | None = None
    source: str | None = None
    url: str | None = None

    def fill(self, doc: RawDoc) -> RawDoc:
        """Return the doc with missing published/source/url taken from the defaults."""
        return replace(
            doc,
            published=doc.published or self.published,
            source=doc.source or self.source,
            url=doc.url or self.url,
        )


# ---------------------------------------------------------------------------------------------
# Entry points
# ---------------------------------------------------------------------------------------------


def read_path(
    path: str | os.PathLike[str],
    published: datetime.date | None = None,
    source: str | None = None,
    url: str | None = None,
) -> Iterator[Item]:
    """Yield RawDoc/Skipped for a file, a directory (recursive, sorted) or "-" (stdin)."""
    defaults = _Defaults(published, source, url)
    name = os.fspath(path)
    if name == "-":
        import sys

        yield from _read(sys.stdin.buffer, "-", defaults)
        return
    if os.path.isdir(name):
        for file in _walk(name):
            yield from _read_file(file, defaults)
        return
    yield from _read_file(name, defaults)


def read_stream(stream: IO[bytes], name: str = "-", **kw: Any) -> Iterator[Item]:
    """Yield RawDoc/Skipped for a binary stream; ``name`` gives the origin and a format hint."""
    defaults = _Defaults(kw.get("published"), kw.get("source"), kw.get("url"))
    yield from _read(stream, name, defaults)


def _walk(root: str) -> Iterator[str]:
    """Yield the files under ``root`` in sorted, deterministic order, skipping hidden entries."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for f in sorted(filenames):
            if not f.startswith("."):
                yield os.path.join(dirpath, f)


def _read_file(path: str, defaults: _Defaults) -> Iterator[Item]:
    """Yield the documents of one file, or a Skipped when it cannot be opened."""
    try:
        fh = open(path, "rb")
    except OSError as exc:
        yield Skipped(path, f"unreadable: {exc.strerror or exc}")
        return
    with fh:
        yield from _read(fh, path, defaults)


def _read(stream: IO[bytes], name: str, defaults: _Defaults) -> Iterator[Item]:
    """Sniff the format and yield the documents, turning read errors into a final Skipped."""
    count = 0
    try:
        head, stream = _peek(stream)
        for item in _dispatch(head, stream, name, defaults):
            count += 1
            yield item
    except Exception as exc:  # a broken file ends as one Skipped, never as a crash of the batch
        where = "" if not count else f" after {count} records"
        yield Skipped(name, f"read error{where}: {type(exc).__name__}: {_one_line(exc)}")


def _one_line(exc: BaseException | str) -> str:
    """Return an exception message as one short line."""
    msg = str(exc) or type(exc).__name__
    return " ".join(msg.split())[:200]


# ---------------------------------------------------------------------------------------------
# Peeking and format sniffing
# ---------------------------------------------------------------------------------------------


class _Prefixed(io.RawIOBase):
    """A raw stream that replays already-read bytes before the rest of the underlying stream."""

    def __init__(self, prefix: bytes, rest: IO[bytes]) -> None:
        self._prefix = memoryview(prefix)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buf: Any) -> int:
        if self._prefix:
            n = min(len(buf), len(self._prefix))
            buf[:n] = self._prefix[:n]
            self._prefix = self._prefix[n:]
            return n
        data = self._rest.read(len(buf))
        buf[: len(data)] = data
        return len(data)


def _peek(stream: IO[bytes], rewind: bool = True) -> tuple[bytes, IO[bytes]]:
    """Return the first bytes of the stream and a stream positioned at its start."""
    head = stream.read(_SNIFF)
    try:
        if rewind and stream.seekable():
            stream.seek(-len(head), io.SEEK_CUR)
            return head, stream
    except (OSError, ValueError):
        pass
    return head, io.BufferedReader(_Prefixed(head, stream))


_BINARY_MAGIC = (
    (b"%PDF", "PDF document"),
    (b"PK\x03\x04", "zip archive"),
    (b"\x89PNG", "PNG image"),
    (b"GIF8", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"7z\xbc\xaf", "7z archive"),
    (b"\x7fELF", "executable"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ", "xz archive"),
)
_EXT_FORMAT = {
    ".txt": "text", ".text": "text", ".md": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json",
    ".rss": "feed", ".atom": "feed", ".xml": "feed",
    ".warc": "warc", ".arc": "warc",
}


def _strip_gz(name: str) -> str:
    return name[:-3] if name.lower().endswith(".gz") else name


def _sniff(head: bytes, name: str) -> str:
    """Return the format of a document from its first bytes and its name."""
    if head.startswith(b"WARC/"):
        return "warc"
    for magic, what in _BINARY_MAGIC:
        if head.startswith(magic):
            return f"binary:{what}"
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "binary:NUL bytes"
    ext = os.path.splitext(_strip_gz(name.lower()))[1]
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1024].lower()
    by_ext = _EXT_FORMAT.get(ext)
    if by_ext == "feed" and not _looks_like_feed(start):
        return "html" if _looks_like_html(start) else "feed"
    if by_ext:
        return by_ext
    if _looks_like_feed(start):
        return "feed"
    if _looks_like_html(start):
        return "html"
    if start.startswith(b"["):
        return "json"
    if start.startswith(b"{"):
        first = head.lstrip().split(b"\n", 1)[0]
        return "jsonl" if _is_json_object(first) else "json"
    return "text"


def _looks_like_feed(start: bytes) -> bool:
    return start.startswith((b"<rss", b"<feed", b"<rdf:rdf")) or (
        start.startswith(b"<?xml") and any(t in start for t in (b"<rss", b"<feed", b"<rdf:rdf"))
    )


def _looks_like_html(start: bytes) -> bool:
    return any(t in start for t in (b"<!doctype html", b"<html", b"<body", b"<head"))


def _is_json_object(line: bytes) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return False


def _dispatch(head: bytes, stream: IO[bytes], name: str, defaults: _Defaults) -> Iterator[Item]:
    """Yield the documents of a stream according to its sniffed format."""
    if not head.strip():
        yield Skipped(name, "empty")
        return
    if head.startswith(b"\x1f\x8b"):
        if _strip_gz(name).lower().endswith((".warc", ".arc")):
            yield from _read_warc(stream, name, defaults)
            return
        inner = gzip.GzipFile(fileobj=stream, mode="rb")
        head2, inner2 = _peek(inner, rewind=False)  # type: ignore[arg-type]
        yield from _dispatch(head2, inner2, name, defaults)
        return
    fmt = _sniff(head, name)
    if fmt.startswith("binary:"):
        yield Skipped(name, f"binary file ({fmt[7:]})")
        return
    readers: dict[str, Callable[[IO[bytes], str, _Defaults], Iterator[Item]]] = {
        "warc": _read_warc,
        "jsonl": _read_jsonl,
        "json": _read_json,
        "feed": _read_feed,
        "html": _read_html_doc,
        "text": _read_text_doc,
    }
    yield from readers[fmt](stream, name, defaults)


# ---------------------------------------------------------------------------------------------
# Decoding and checks
# ---------------------------------------------------------------------------------------------

_CHARSET_RE = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_XML_ENC_RE = re.compile(rb"""<\?xml[^>]+encoding=["']([A-Za-z0-9_\-]+)""", re.IGNORECASE)


def _decode(data: bytes, declared: str | None = None) -> str | None:
    """Return the text of UTF-8 (or BOM-marked UTF-16, or declared-charset) bytes, else None."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if declared and declared.lower().replace("_", "-") not in ("utf-8", "utf8"):
        try:
            return data.decode(declared)
        except (UnicodeDecodeError, LookupError):
            return None
    return None


def _declared_charset(data: bytes) -> str | None:
    m = _CHARSET_RE.search(data[:4096]) or _XML_ENC_RE.search(data[:512])
    return m.group(1).decode("ascii") if m else None


def _read_capped(stream: IO[bytes], cap: int | None = None) -> bytes | None:
    """Return up to ``cap`` (default MAX_ARTICLE_BYTES) bytes of the stream, or None when it holds more."""
    cap = cap or MAX_ARTICLE_BYTES
    size = _file_size(stream)
    if size is not None and size > cap:
        return None  # a regular file known to be too large: do not read it at all
    data = stream.read(cap + 1)
    return None if len(data) > cap else data


def _file_size(stream: IO[bytes]) -> int | None:
    """Return the size of a regular file stream read from its start, else None."""
    try:
        if stream.tell() != 0:
            return None
        st = os.fstat(stream.fileno())
    except (OSError, ValueError, AttributeError):
        return None
    return st.st_size if stat.S_ISREG(st.st_mode) else None


def _too_large() -> str:
    return f"too large (over {MAX_ARTICLE_BYTES / 2**20:g} MB per article)"


def _checked(doc: RawDoc) -> Item:
    """Return the doc, or a Skipped when its text is empty, binary-looking or not English."""
    try:
        check_text(doc.text)
    except InputError as exc:
        reason = str(exc.args[0])
        if reason.startswith("non-English text"):
            reason = reason.replace("non-English text", "non-English", 1)
        return Skipped(doc.origin, reason)
    return doc


# ---------------------------------------------------------------------------------------------
# Plain text and HTML files
# ---------------------------------------------------------------------------------------------


def _read_text_doc(stream: IO[bytes], name: str, defaults: _Defaults) -> Iterator[Item]:
    data = _read_capped(stream)
    if data is None:
        yield Skipped(name, _too_large())
        return
    text = _decode(data)
    if text is None:
        yield Skipped(name, "not UTF-8 text")
        return
    yield _checked(defaults.fill(RawDoc(text, name, raw_bytes_ref=_ref(name))))


def _read_html_doc(stream: IO[bytes], name: str, defaults: _Defaults) -> Iterator[Item]:
    data = _read_capped(stream)
    if data is None:
        yield Skipped(name, _too_large())
        return
    yield _html_item(data, name, defaults, url=None, ref=_ref(name))


def _ref(name: str) -> str | None:
    return None if name == "-" else name


def _html_item(data: bytes, origin: str, defaults: _Defaults, url: str | None, ref: str | None) -> Item:
    """Return the RawDoc of an HTML page (main text and metadata) or a Skipped."""
    html = _decode(data, _declared_charset(data))
    if html is None:
        return Skipped(origin, "not UTF-8 text (and no usable declared charset)")
    page = html_page(html)
    doc = RawDoc(
        text=page["text"],
        origin=origin,
        published=parse_date(page["published"]),
        source=page["site"],
        url=page["url"] or url,
        title=page["title"],
        raw_bytes_ref=ref,
    )
    return _checked(defaults.fill(doc))


_DROP_TAGS = (
    "script", "style", "noscript", "template", "nav", "footer", "aside", "form",
    "iframe", "svg", "button", "select", "figure", "figcaption", "menu", "dialog",
)
_BLOCK_TAGS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li ul ol dl dt dd blockquote pre table tr td th section article main "
    "br hr address details summary caption tbody thead tfoot center".split()
)
_DATE_META = (
    'meta[property="article:published_time"]',
    'meta[name="article:published_time"]',
    'meta[itemprop="datePublished"]',
    'meta[name="pubdate"]',
    'meta[name="publishdate"]',
    'meta[name="publish-date"]',
    'meta[name="date"]',
    'meta[name="DC.date.issued"]',
    'meta[name="dcterms.date"]',
    'meta[name="parsely-pub-date"]',
    'meta[name="sailthru.date"]',
    'meta[property="og:published_time"]',
)
_LD_DATE_RE = re.compile(r'"datePublished"\s*:\s*"([^"]{8,40})"')


def html_page(html: str) -> dict[str, str | None]:
    """Return the main text and metadata (title, published, url, site) of an HTML page."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    meta = _html_meta(tree, html)
    for node in tree.css(", ".join(_DROP_TAGS)):
        node.decompose()
    for node in tree.css("header"):
        if not _inside(node, "article"):  # the site header; an article's own header keeps its title
            node.decompose()
    root = _main_node(tree)
    meta["text"] = _block_text(root) if root is not None else ""
    return meta


_LONG_P = 80  # characters: a paragraph of body text rather than a menu entry or a teaser


def _main_node(tree: Any) -> Any:
    """Return the node holding the article: an <article>/<main>, or the parent of most body text."""
    framed = tree.css("article") or tree.css("main")
    best = max(framed, key=_paragraph_chars) if framed else None
    parent, total = _densest_parent(tree)
    if best is not None and _paragraph_chars(best) >= total // 2:
        return best
    if parent is not None and total >= 3 * _LONG_P:
        return parent
    return best or tree.body or tree.root


def _densest_parent(tree: Any) -> tuple[Any, int]:
    """Return the element whose child paragraphs of body text are longest in total, and that total."""
    by_parent: dict[int, tuple[Any, int]] = {}
    for p in tree.css("p"):
        n = len(p.text(strip=True))
        if n >= _LONG_P and p.parent is not None:
            node, total = by_parent.get(p.parent.mem_id, (p.parent, 0))
            by_parent[p.parent.mem_id] = (node, total + n)
    if not by_parent:
        return None, 0
    return max(by_parent.values(), key=lambda nt: nt[1])


def _paragraph_chars(node: Any) -> int:
    return sum(len(p.text(strip=True)) for p in node.css("p")) or len(node.text(strip=True))


def _inside(node: Any, tag: str) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.tag == tag:
            return True
        parent = parent.parent
    return False


def html_to_text(html: str) -> str:
    """Return the main text of an HTML page or fragment, one paragraph per line."""
    return html_page(html)["text"] or ""


def _html_meta(tree: Any, html: str) -> dict[str, str | None]:
    """Return title, published, url and site name from an HTML head (before tags are dropped)."""
    title = _meta_content(tree, 'meta[property="og:title"]', 'meta[name="twitter:title"]')
    if not title:
        node = tree.css_first("title")
        title = node.text(strip=True) if node is not None else None
    published = _meta_content(tree, *_DATE_META)
    if not published:
        node = tree.css_first("time[datetime]")
        published = node.attributes.get("datetime") if node is not None else None
    if not published:
        m = _LD_DATE_RE.search(html)
        published = m.group(1) if m else None
    url = _meta_content(tree, 'meta[property="og:url"]')
    if not url:
        node = tree.css_first('link[rel="canonical"]')
        url = node.attributes.get("href") if node is not None else None
    site = _meta_content(tree, 'meta[property="og:site_name"]')
    return {"title": title or None, "published": published, "url": url or None, "site": site or None}


def _meta_content(tree: Any, *selectors: str) -> str | None:
    for sel in selectors:
        node = tree.css_first(sel)
        if node is not None:
            value = (node.attributes.get("content") or "").strip()
            if value:
                return value
    return None


def _block_text(root: Any) -> str:
    """Return the text under ``root`` with a line break at every block element."""
    parts: list[str] = []
    for node in root.traverse(include_text=True):
        tag = node.tag
        if tag == "-text":
            parts.append(node.text_content or "")
        elif tag in _BLOCK_TAGS:
            parts.append("\n")
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


# ---------------------------------------------------------------------------------------------
# JSON and JSONL
# ---------------------------------------------------------------------------------------------

_TEXT_KEYS = ("text", "body", "content", "article", "maintext", "full_text")
_DATE_KEYS = ("published", "publication_date", "date", "published_at", "pub_date", "date_publish", "datePublished")
_HTMLISH_RE = re.compile(r"<(?:p|br|div|html|body)\b[^>]*>", re.IGNORECASE)


def _first(d: dict[str, Any], keys: tuple[str, ...]) -> Any:
    for k in keys:
        v = d.get(k)
        if v not in (None, ""):
            return v
    return None


def _record_item(obj: Any, origin: str, defaults: _Defaults, ref: str | None) -> Item:
    """Return the RawDoc of one JSON record, or a Skipped saying what is wrong with it."""
    if not isinstance(obj, dict):
        return Skipped(origin, f"JSON record is not an object ({type(obj).__name__})")
    text = _first(obj, _TEXT_KEYS)
    if text is None:
        return Skipped(origin, "no text field (text|body|content)")
    if not isinstance(text, str):
        return Skipped(origin, f"text field is not a string ({type(text).__name__})")
    if len(text) > MAX_ARTICLE_BYTES:
        return Skipped(origin, _too_large())
    if _HTMLISH_RE.search(text[:4096]):
        text = html_to_text(text)
    title, url, source = (_str_or_none(obj.get(k)) for k in ("title", "url", "source"))
    doc = RawDoc(text, origin, parse_date(_first(obj, _DATE_KEYS)), source, url, title, ref)
    return _checked(defaults.fill(doc))


def _str_or_none(v: Any) -> str | None:
    if isinstance(v, dict):  # e.g. {"source": {"name": "Reuters"}}
        v = v.get("name") or v.get("title")
    return str(v) if v not in (None, "") else None


def _capped_lines(stream: IO[bytes]) -> Iterator[tuple[int, bytes | None]]:
    """Yield (line number, line bytes) streaming; None for a line longer than MAX_ARTICLE_BYTES."""
    cap = MAX_ARTICLE_BYTES
    n = 0
    while True:
        line = stream.readline(cap + 1)
        if not line:
            return
        n += 1
        if len(line) > cap and not line.endswith(b"\n"):
            while True:  # drain the rest of the over-long line without keeping it
                chunk = stream.readline(1 << 20)
                if not chunk or chunk.endswith(b"\n"):
                    break
            yield n, None
        else:
            yield n, line


def _read_jsonl(stream: IO[bytes], name: str, defaults: _Defaults) -> Iterator[Item]:
    for n, line in _capped_lines(stream):
        origin = f"{name}:line {n}"
        if line is None:
            yield Skipped(origin, _too_large())
            continue
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except ValueError:
            yield Skipped(origin, f"malformed JSON at line {n}")
            continue
        yield _record_item(obj, origin, defaults, None if name == "-" else origin)


def _read_json(stream: IO[bytes], name: str, defaults: _Defaults) -> Iterator[Item]:
    data = _read_capped(stream, MAX_FILE_BYTES)
    if data is None:
        yield Skipped(name, f"JSON document too large (over {MAX_FILE_BYTES // 2**20} MB; use JSONL)")
        return
    try:
        obj = json.loads(data)
    except ValueError as exc:
        if _all_lines_json(data):
            yield from _read_jsonl(io.BytesIO(data), name, defaults)
        else:
            yield Skipped(name, f"malformed JSON: {_one_line(exc)}")
        return
    records = _json_records(obj)
    if records is None:
        yield _record_item(obj, name, defaults, _ref(name))
        return
    for i, rec in enumerate(records, 1):
        origin = f"{name}#item {i}"
        yield _record_item(rec, origin, defaults, None if name == "-" else origin)


def _all_lines_json(data: bytes) -> bool:
    lines = [ln for ln in data.splitlines() if ln.strip()]
    return len(lines) > 1 and _is_json_object(lines[0])


def _json_records(obj: Any) -> list[Any] | None:
    """Return the list of records of a JSON document, or None when it is a single record."""
    if isinstance(obj, list):
        return obj
    if isinstance(obj, dict) and _first(obj, _TEXT_KEYS) is None:
        for key in ("articles", "items", "data", "results", "documents", "records"):
            if isinstance(obj.get(key), list):
                return obj[key]
    return None


# ---------------------------------------------------------------------------------------------
# RSS / Atom
# ---------------------------------------------------------------------------------------------


def _read_feed(stream: IO[bytes], name: str, defaults: _Defaults) -> Iterator[Item]:
    import feedparser

    data = _read_capped(stream, MAX_FILE_BYTES)
    if data is None:
        yield Skipped(name, f"feed too large (over {MAX_FILE_BYTES // 2**20} MB)")
        return
    parsed = feedparser.parse(data)
    if not parsed.entries:
        why = _one_line(parsed.get("bozo_exception", "")) if parsed.get("bozo") else "no items"
        yield Skipped(name, f"malformed feed: {why}" if parsed.get("bozo") else "feed has no items")
        return
    site = _str_or_none(parsed.feed.get("title"))
    for i, entry in enumerate(parsed.entries, 1):
        yield _entry_item(entry, f"{name}#item {i}", site, defaults, None if name == "-" else f"{name}#item {i}")


def _entry_item(entry: Any, origin: str, site: str | None, defaults: _Defaults, ref: str | None) -> Item:
    """Return the RawDoc of one feed item (its content, else its summary)."""
    html = ""
    if entry.get("content"):
        html = max((c.get("value") or "" for c in entry["content"]), key=len)
    html = html or entry.get("summary") or entry.get("description") or ""
    if not html.strip():
        return Skipped(origin, "feed item has no content or summary")
    if len(html) > MAX_ARTICLE_BYTES:
        return Skipped(origin, _too_large())
    text = html_to_text(html) if "<" in html else html
    when = entry.get("published_parsed") or entry.get("updated_parsed")
    published = datetime.date(*when[:3]) if when else parse_date(entry.get("published"))
    doc = RawDoc(text, origin, published, site, _str_or_none(entry.get("link")), _str_or_none(entry.get("title")), ref)
    return _checked(defaults.fill(doc))


# ---------------------------------------------------------------------------------------------
# WARC
# ---------------------------------------------------------------------------------------------


def _read_warc(stream: IO[bytes], name: str, defaults: _Defaults) -> Iterator[Item]:
    from warcio.archiveiterator import ArchiveIterator

    records = ArchiveIterator(stream)
    for i, record in enumerate(records, 1):
        if record.rec_type not in ("response", "resource"):
            continue
        item = _warc_item(record, f"{name}@record {i}", defaults, None)
        if isinstance(item, RawDoc) and name != "-":  # the offset is known once the record is read
            item = replace(item, raw_bytes_ref=f"{name}@{records.get_record_offset()}")
        yield item


def _warc_item(record: Any, origin: str, defaults: _Defaults, ref: str | None) -> Item:
    """Return the RawDoc of one WARC response/resource record with HTML or plain text."""
    http = record.http_headers
    if http is not None and http.get_statuscode() and http.get_statuscode() != "200":
        return Skipped(origin, f"HTTP status {http.get_statuscode()}")
    ctype = ((http.get_header("Content-Type") if http is not None else None)
             or record.rec_headers.get_header("Content-Type") or "").lower()
    url = record.rec_headers.get_header("WARC-Target-URI")
    data = _read_capped(record.content_stream())
    if data is None:
        return Skipped(origin, _too_large())
    if "html" in ctype or (not ctype and _looks_like_html(data[:1024].lower())):
        return _html_item(data, origin, defaults, url, ref)
    if ctype.startswith("text/plain"):
        text = _decode(data)
        if text is None:
            return Skipped(origin, "not UTF-8 text")
        return _checked(defaults.fill(RawDoc(text, origin, url=url, raw_bytes_ref=ref)))
    return Skipped(origin, f"not text ({ctype.split(';')[0] or 'no content type'})")


# ---------------------------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------------------------

_ISO_PREFIX_RE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")


def parse_date(value: Any) -> datetime.date | None:
    """Return the date of an ISO-8601 or RFC-822 value (or date/datetime), None when unreadable."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if not isinstance(value, str):
        return None
    m = _ISO_PREFIX_RE.match(value)
    if m:
        try:
            return datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    try:
        return email.utils.parsedate_to_datetime(value.strip()).date()
    except (TypeError, ValueError, IndexError):
        return None
