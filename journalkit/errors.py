"""The one error hierarchy. The CLI maps these to a message and an exit code in one place."""

from __future__ import annotations


class JournalkitError(Exception):
    """Base class. `exit_code` follows SPEC: 2 for usage and vault errors."""

    exit_code = 2

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.message if not self.hint else f"{self.message}\n{self.hint}"


class VaultNotFound(JournalkitError):
    pass


class ConfigError(JournalkitError):
    pass


class UsageError(JournalkitError):
    """Bad option values: spans, dates, client names, queries."""


class QueryError(UsageError):
    pass


class UnknownClient(UsageError):
    pass


class IndexBusy(JournalkitError):
    """Another process holds the index's write lock for longer than we wait."""


class IndexError_(JournalkitError):
    """The index cannot be opened or rebuilt (permissions, disk)."""


class TaskError(JournalkitError):
    """`done` refused: unknown or ambiguous id, or the line changed."""


class TemplateProblem(JournalkitError):
    """A user template failed to load or render; names file and line."""


class VaultWriteError(JournalkitError):
    pass
