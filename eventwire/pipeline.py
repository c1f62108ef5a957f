"""The ordered stage list: clean -> segment -> detect -> screen -> parse -> extract -> assemble.

Each stage is a small function over an ``Analysis`` that declares what it reads and writes;
``Pipeline`` checks at start-up that every read is written by an earlier stage. spaCy runs only on
the candidate sentences the lexicon prefilter picked and whose words alone do not already rule them
out (the screen: far-past history, campaign totals). The pipeline pickles (only its settings
travel; a worker rebuilds the models once per process).
"""

from __future__ import annotations

import datetime as dt
import gc
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator

from . import assemble as asm
from ._spacy import DEFAULT_MODEL, load_nlp, one_blas_thread
from .detect import Candidate, Detector
from .errors import ConfigError, EventwireError
from .resolve.geocode import countries_in
from .types import Article, Event, Span

if TYPE_CHECKING:
    from .extract.frames import Lexical

__all__ = ["Pipeline", "Stage", "Analysis", "load_pipeline", "STAGES"]


@dataclass
class Analysis:
    """Everything the stages learn about one article, in stage order."""

    article: Article
    sentences: list[Span] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    lexical: list["Lexical"] = field(default_factory=list)  # per candidate: what its words tell before the parse
    docs: list[Any] = field(default_factory=list)
    geo: Any = None
    frames: list[asm.Frame] = field(default_factory=list)
    rejected: list[tuple[Span, str]] = field(default_factory=list)
    claims: list[Span] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)


@dataclass(frozen=True)
class Stage:
    """A named step with its declared inputs and outputs (attributes of Analysis)."""

    name: str
    reads: tuple[str, ...]
    writes: tuple[str, ...]
    run: Callable[["Pipeline", Analysis], None]


def _segment(p: "Pipeline", a: Analysis) -> None:
    from .segment import sentences

    a.sentences = sentences(a.article, p.nlp.vocab)


def _detect(p: "Pipeline", a: Analysis) -> None:
    a.candidates = p.detector.prefilter(a.article.text, a.sentences)


def _screen(p: "Pipeline", a: Analysis) -> None:
    """Drop, before the parse, candidates whose words alone make them no incident (far-past history,
    a campaign total): the parse could only add another reason to reject them."""
    from .extract.frames import lexical

    kept, facts = [], []
    for cand in a.candidates:
        lex = lexical(a.article, cand)
        if lex.no_incident:
            a.rejected.append((cand.sentence, lex.no_incident))
        else:
            kept.append(cand)
            facts.append(lex)
    a.candidates, a.lexical = kept, facts


def _parse(p: "Pipeline", a: Analysis) -> None:
    """Parse only the candidate sentences, in one Doc whose offsets equal the article's."""
    doc = _candidate_doc(p, a)
    if doc is None:
        _attach(a, None)
        return
    with one_blas_thread():
        _attach(a, p.nlp(doc))


def _candidate_doc(p: "Pipeline", a: Analysis) -> Any:
    """Return an unparsed Doc of the article with everything but the candidates blanked to spaces
    (token offsets stay article offsets) and sentence starts preset at each candidate, or None."""
    if not a.candidates:
        return None
    import numpy
    from spacy.attrs import IDX, SENT_START

    doc = p.nlp.make_doc(_masked(a.article.text, a.candidates))
    if not len(doc):
        return doc
    # vectorised: 1 at each candidate's first token, -1 (no boundary) everywhere else
    idx = doc.to_array([IDX]).ravel()
    starts = numpy.array(sorted({c.sentence.start for c in a.candidates}), dtype=idx.dtype)
    flags = numpy.where(numpy.isin(idx, starts), 1, -1).astype("int64")
    flags[0] = 1
    doc.from_array([SENT_START], flags.reshape(-1, 1).astype("uint64"))
    return doc


def _attach(a: Analysis, doc: Any) -> None:
    """Give each candidate the span of its sentence in the parsed Doc."""
    a.docs = [] if doc is None else [
        doc.char_span(c.sentence.start, c.sentence.end, alignment_mode="expand") for c in a.candidates
    ]


def _masked(text: str, candidates: list[Candidate]) -> str:
    parts, pos = [], 0
    for c in sorted(candidates, key=lambda c: c.sentence.start):
        s, e = c.sentence.start, c.sentence.end
        if s < pos:
            continue
        parts.append(_blank(text[pos:s]))
        parts.append(text[s:e])
        pos = e
    parts.append(_blank(text[pos:]))
    return "".join(parts)


def _blank(chunk: str) -> str:
    """Spaces of the same length (newlines kept, so the tokenizer sees paragraph breaks)."""
    return "\n".join(" " * len(line) for line in chunk.split("\n"))


def _geo_context(p: "Pipeline", a: Analysis) -> None:
    art = a.article
    dateline = art.dateline_place.value if art.dateline_place is not None else None
    a.geo = p.geocoder.article_context(art.text, dateline=dateline, prior=_actor_countries(p, art.text))


def _actor_countries(p: "Pipeline", text: str) -> dict[str, float]:
    """Return country votes from the named armed groups: "Ansaroul Islam militants" point at Burkina Faso
    even when no country is named, and make a town of that name abroad a homonym. A group active in
    several countries splits its vote, most active first; the text's places then decide."""
    votes: dict[str, float] = {}
    for s, e, key, inter, home in p.actors.organisations(text):
        if inter == 1 and countries_in(text[s:e]):
            continue  # 'Russian forces' fight abroad as often as at home; 'regime forces' do not
        homes = p.actors.home_countries(key) or ((home,) if home else ())
        for i, iso3 in enumerate(homes):
            share = 1.0 if len(homes) == 1 else 0.5 - 0.05 * i
            votes[iso3] = max(votes.get(iso3, 0.0), share)
    return votes


def _extract(p: "Pipeline", a: Analysis) -> None:
    from .extract.frames import build_frame

    lexical: list["Lexical | None"] = list(a.lexical) or [None] * len(a.candidates)
    for cand, doc, lex in zip(a.candidates, a.docs, lexical):
        frame, reason = build_frame(p, a, cand, doc, lex)
        if frame is not None:
            a.frames.append(frame)
        else:
            a.rejected.append((cand.sentence, reason or "unclassified"))
    a.rejected.sort(key=lambda r: r[0].start)  # the screen's and the parse's reasons, in text order


def _claims(p: "Pipeline", a: Analysis) -> None:
    from .extract.claims import find_claims

    a.claims = find_claims(p, a)


def _assemble(p: "Pipeline", a: Analysis) -> None:
    from .assemble.records import events_from_frames

    a.events = events_from_frames(p, a)


STAGES: tuple[Stage, ...] = (
    Stage("segment", ("article",), ("sentences",), _segment),
    Stage("detect", ("article", "sentences"), ("candidates",), _detect),
    Stage("screen", ("article", "candidates"), ("candidates", "lexical", "rejected"), _screen),
    Stage("parse", ("candidates",), ("docs",), _parse),
    Stage("geo_context", ("article",), ("geo",), _geo_context),
    Stage("extract", ("candidates", "docs", "geo"), ("frames", "rejected"), _extract),
    Stage("claims", ("sentences", "geo"), ("claims",), _claims),
    Stage("assemble", ("frames", "claims", "geo"), ("events",), _assemble),
)


def check_order(stages: Iterable[Stage]) -> None:
    """Raise ConfigError when a stage reads something no earlier stage writes."""
    have = {"article"}
    for st in stages:
        missing = [r for r in st.reads if r not in have]
        if missing:
            raise ConfigError(f"stage {st.name!r} reads {missing} that no earlier stage writes", "E201")
        have.update(st.writes)


class Pipeline:
    """The loaded extractor. Build with ``load_pipeline()``; call ``extract(text, published=...)``."""

    def __init__(self, model: str = DEFAULT_MODEL, stages: tuple[Stage, ...] = STAGES) -> None:
        check_order(stages)
        self.model = model
        self.stages = stages
        self._loaded: dict[str, Any] = {}

    def __getstate__(self) -> dict[str, Any]:
        return {"model": self.model}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["model"])  # type: ignore[misc]

    # Models and lexicons are loaded lazily, once per process (shared through module caches).
    @property
    def nlp(self) -> Any:
        return self._get("nlp", lambda: load_nlp(self.model))

    @property
    def has_ner(self) -> bool:
        """True when the spaCy pipeline runs NER (entity labels then help places and names)."""
        return self._get("has_ner", lambda: "ner" in self.nlp.pipe_names)

    @property
    def detector(self) -> Detector:
        return self._get("detector", _detector)

    @property
    def actors(self) -> Any:
        from .resolve.actors import ActorLexicon

        return self._get("actors", ActorLexicon.load)

    @property
    def geocoder(self) -> Any:
        from .resolve.geocode import Geocoder

        return self._get("geocoder", Geocoder.default)

    def _get(self, key: str, build: Callable[[], Any]) -> Any:
        if key not in self._loaded:
            self._loaded[key] = build()
        return self._loaded[key]

    def warm(self) -> "Pipeline":
        """Load every model and lexicon now (for benchmarks and long-running workers).

        The loaded models are then frozen out of the garbage collector's scans (``gc.freeze``): they
        live as long as the process, and scanning them again at every full collection costs a
        long job about 2% of its time."""
        if self._loaded.get("warm"):
            return self
        for name in ("nlp", "detector", "actors", "geocoder"):
            getattr(self, name)
        gc.collect()
        gc.freeze()
        self._loaded["warm"] = True
        return self

    def analyse(self, article: Article) -> Analysis:
        """Run every stage on a cleaned article and return the full analysis (for --explain)."""
        a = Analysis(article)
        for st in self.stages:
            st.run(self, a)
        return a

    def analyse_many(self, articles: list[Article], batch_size: int = 64) -> list[Analysis]:
        """Run the stages over many articles, parsing all their candidates in spaCy batches."""
        out = [Analysis(art) for art in articles]
        for st in self.stages:
            if st.run is _parse:
                docs = [_candidate_doc(self, a) for a in out]
                todo = [d for d in docs if d is not None]
                with one_blas_thread():
                    parsed = iter(list(self.nlp.pipe(todo, batch_size=batch_size)))
                for a, d in zip(out, docs):
                    _attach(a, next(parsed) if d is not None else None)
            else:
                for a in out:
                    st.run(self, a)
        return out

    def extract_many(self, items: Iterable[tuple[str, dict[str, Any]]], batch_size: int = 64
                     ) -> Iterator[tuple[Article, list[Event]] | EventwireError]:
        """Yield (Article, Events) for each (text, metadata) pair, or the InputError that refused it.

        The batch path: spaCy parses the candidates of ``batch_size`` articles at once.
        """
        batch: list[tuple[str, dict[str, Any]]] = []
        for item in items:
            batch.append(item)
            if len(batch) >= batch_size:
                yield from self._extract_batch(batch, batch_size)
                batch = []
        if batch:
            yield from self._extract_batch(batch, batch_size)

    def _extract_batch(self, batch: list[tuple[str, dict[str, Any]]], batch_size: int
                       ) -> Iterator[tuple[Article, list[Event]] | EventwireError]:
        cleaned: list[Article | EventwireError] = []
        for text, meta in batch:
            try:
                cleaned.append(self.clean(text, **meta))
            except EventwireError as exc:
                cleaned.append(exc)
        done = iter(self.analyse_many([c for c in cleaned if isinstance(c, Article)], batch_size))
        for c in cleaned:
            yield c if isinstance(c, EventwireError) else (c, next(done).events)

    def run(self, article: Article) -> list[Event]:
        """Return the events of a cleaned article."""
        return self.analyse(article).events

    def extract(self, text: str, published: dt.date | str | None = None, source: str | None = None,
                url: str | None = None, title: str | None = None) -> tuple[Article, list[Event]]:
        """Clean ``text`` and return the Article with its Events; raises InputError for bad input."""
        article = self.clean(text, published=published, source=source, url=url, title=title)
        return article, self.run(article)

    def clean(self, text: str, published: dt.date | str | None = None, source: str | None = None,
              url: str | None = None, title: str | None = None) -> Article:
        """Return the cleaned Article (stage 1)."""
        from .clean import clean

        return clean(text, published=_as_date(published), source=source, url=url, title=title)

    def pipe(self, items: Iterable[tuple[str, dict[str, Any]]]) -> Iterator[tuple[Article, list[Event]]]:
        """Yield (Article, Events) for (text, metadata) pairs; errors propagate per item."""
        for text, meta in items:
            yield self.extract(text, **meta)


def _as_date(value: dt.date | str | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError as exc:
        from .errors import InputError

        raise InputError(f"publication date {value!r} is not YYYY-MM-DD", "E110") from exc


@lru_cache(maxsize=1)
def _detector() -> Detector:
    return Detector()


@lru_cache(maxsize=4)
def load_pipeline(model: str | None = None) -> Pipeline:
    """Return the process-wide pipeline for ``model`` (built once per process)."""
    return Pipeline(model or DEFAULT_MODEL)
