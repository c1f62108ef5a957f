"""One exception tree; every message carries a stable code.

    EventwireError
    ├── InputError          bad input: unreadable, binary, empty, non-English, malformed (E1xx)
    ├── ConfigError         invalid settings (E2xx)
    ├── GazetteerError      gazetteer missing or unbuildable (E3xx)
    └── StoreError          database problems (E4xx)
"""

from __future__ import annotations

__all__ = ["EventwireError", "InputError", "ConfigError", "GazetteerError", "StoreError"]


class EventwireError(Exception):
    """Base of every error eventwire raises on purpose."""

    code = "E000"

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        if code:
            self.code = code

    def __str__(self) -> str:
        return f"[{self.code}] {self.args[0]}"


class InputError(EventwireError):
    """The input cannot be read as an English news article (binary, empty, non-English ...)."""

    code = "E100"


class ConfigError(EventwireError):
    code = "E200"


class GazetteerError(EventwireError):
    code = "E300"


class StoreError(EventwireError):
    code = "E400"
