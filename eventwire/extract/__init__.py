"""Field extractors, one module per field: actors (roles), dates, counts, and per-sentence frames.

The package shares its name with the public function ``eventwire.extract``; importing a submodule
would replace that function on the ``eventwire`` package, so this module is made callable and does
the same thing: ``eventwire.extract(text, published=...) -> (Article, [Event])``.
"""

from __future__ import annotations

import sys
import types
from typing import Any


class _CallableModule(types.ModuleType):
    def __call__(self, text: str, published: Any = None, **meta: Any) -> Any:
        from ..pipeline import load_pipeline

        return load_pipeline().extract(text, published=published, **meta)


sys.modules[__name__].__class__ = _CallableModule
