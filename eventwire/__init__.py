"""eventwire: audited, geocoded, deduplicated event records from news reports of political violence.

The public surface is small: ``extract``, ``load_pipeline``, ``Pipeline`` and the core types.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .types import Article, Event, Evidence, Provenance, Span

if TYPE_CHECKING:
    from .pipeline import Pipeline

__all__ = ["Article", "Event", "Evidence", "Provenance", "Span", "Pipeline", "extract", "load_pipeline"]
__version__ = "0.1.0"


def load_pipeline(model: str | None = None) -> "Pipeline":
    """Return the process-wide pipeline (built once per process and model name)."""
    from .pipeline import load_pipeline as _load

    return _load(model)


def extract(text: str, published: Any = None, **meta: Any) -> tuple[Article, list[Event]]:
    """Return the cleaned Article and its Events for one article text."""
    return load_pipeline().extract(text, published=published, **meta)


def __getattr__(name: str) -> Any:
    if name == "Pipeline":
        from .pipeline import Pipeline

        return Pipeline
    raise AttributeError(name)
