"""The voclab error tree.

Every error says *what* was wrong, *where* (``file:line:column`` when known) and *how to fix it*.
The CLI prints ``str(error)`` as one line on stderr and exits with code 2.

Example
-------
>>> err = FormatError("not a Qualtrics export", path="s.csv", line=3, column=1, hint="export as CSV")
>>> str(err)
's.csv:3:1: not a Qualtrics export — fix: export as CSV'
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "BusyError",
    "ConfigError",
    "FormatError",
    "ParameterError",
    "SchemaError",
    "VoclabError",
]


class VoclabError(Exception):
    """Base class of every error voclab raises on purpose.

    Parameters
    ----------
    message:
        What was wrong, in one sentence.
    path, line, column:
        Where it was wrong (1-based line and column), when known.
    hint:
        How to fix it.
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        column: int | None = None,
        hint: str | None = None,
    ) -> None:
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.column = column
        self.hint = hint
        super().__init__(str(self))

    @property
    def location(self) -> str:
        """``file:line:column`` with the parts that are known."""
        parts = [p for p in (self.path, self.line, self.column) if p is not None]
        return ":".join(str(p) for p in parts)

    def __str__(self) -> str:
        text = " ".join(self.message.split())  # always one line
        if self.location:
            text = f"{self.location}: {text}"
        if self.hint:
            text = f"{text} — fix: {' '.join(self.hint.split())}"
        return text


class FormatError(VoclabError):
    """A file cannot be parsed as the format it claims (or was sniffed) to be."""


class SchemaError(VoclabError):
    """Data parsed, but does not fit the unified schema (a required column is missing, a bad dtype)."""


class ConfigError(VoclabError):
    """``voclab.toml`` has an unknown key, a wrong type or a bad value."""


class ParameterError(VoclabError):
    """A notebook or report parameter is unknown or has the wrong type."""


class BusyError(VoclabError):
    """Another voclab run holds the lock of the folder this run would write (see :mod:`voclab._lock`)."""
