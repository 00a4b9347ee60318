"""The domain model: frozen dataclasses whose field names are SPEC's JSON keys.

Everything the parsers produce and the index stores is one of these. They are
plain values: no I/O, no printing. `to_dict`/`from_dict` give the JSON form the
index stores (so reports never re-read the vault) and the CLI prints.
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass, field
from typing import Any

# Record kinds. A "conflict" is a sync-conflict copy: searchable, but not an
# entry, so nothing in it counts anywhere (SPEC: "nothing is counted twice").
ENTRY = "entry"
PROFILE = "profile"
NOTE = "note"          # a .md file outside client folders
CONFLICT = "conflict"

OPEN = "open"
DONE = "done"
CANCELLED = "cancelled"

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One `check` finding. `line` counts from 1 at the file's first line."""

    path: str
    line: int
    severity: str  # ERROR | WARNING
    code: str      # short kebab-case id, e.g. "yaml-invalid", "date-invalid"
    message: str


@dataclass(frozen=True)
class Task:
    """A Markdown task line.

    `text` is the line's text without the box and without the due/done date
    markers (priority and other Obsidian fields stay). `raw` is the whole
    source line as read (no line ending), used by `done` to make sure the line
    is unchanged since indexing. `due` / `done` are ISO dates or None; a due
    marker whose date does not parse gives due=None and `due_raw` set.
    `owner` is None for mine, else the name without '@'.
    """

    id: str
    client: str | None
    path: str
    line: int
    text: str
    status: str  # OPEN | DONE | CANCELLED
    due: str | None
    owner: str | None
    done: str | None = None
    raw: str = ""
    due_raw: str | None = None


@dataclass(frozen=True)
class Goal:
    title: str
    due: str | None = None
    status: str = "open"  # open | achieved | dropped


@dataclass(frozen=True)
class ImportantDate:
    """A yearly recurring date. `date` is `YYYY-MM-DD`, or `--MM-DD` when the year is unknown."""

    label: str
    date: str


@dataclass(frozen=True)
class Profile:
    """A client's `client.md` (or the defaults for a folder without one)."""

    client: str          # the slug (folder name)
    path: str | None     # None when the folder has no client.md
    name: str
    contact: str | None = None
    email: str | None = None
    birthday: str | None = None           # YYYY-MM-DD or --MM-DD
    important_dates: tuple[ImportantDate, ...] = ()
    cadence: str | None = None            # as written, e.g. "14d"; None = vault default
    cadence_days: int | None = None       # resolved against the vault default by the caller
    status: str = "active"                # active | paused | former
    interests: tuple[str, ...] = ()
    preferences: tuple[str, ...] = ()
    goals: tuple[Goal, ...] = ()
    tags: tuple[str, ...] = ()
    notes: str = ""                       # the body, free text
    tasks: tuple[Task, ...] = ()
    meta: dict[str, Any] = field(default_factory=dict, hash=False, compare=True)


@dataclass(frozen=True)
class Entry:
    """One Markdown file of the vault as journalkit understands it.

    kind is ENTRY (a note in a client folder), NOTE (outside client folders),
    CONFLICT (a sync-conflict copy) or PROFILE (client.md; its structured
    fields are in a separate Profile, this record makes it searchable).
    `date` is `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM[:SS][offset]` as written; None
    when undated. `body` is the searchable text (front matter excluded).
    """

    path: str
    client: str | None
    kind: str
    date: str | None
    type: str | None
    title: str
    tags: tuple[str, ...] = ()
    attendees: tuple[str, ...] = ()
    follow_up: str | None = None
    milestones: tuple[str, ...] = ()
    summary: str | None = None
    key_points: tuple[str, ...] = ()
    personal: tuple[str, ...] = ()
    tasks: tuple[Task, ...] = ()
    meta: dict[str, Any] = field(default_factory=dict, hash=False, compare=True)
    body: str = ""
    problems: tuple[Problem, ...] = ()

    @property
    def day(self) -> str | None:
        """The calendar date as written (`YYYY-MM-DD`), for comparisons."""
        return self.date[:10] if self.date else None


# -- JSON round trip ---------------------------------------------------------

_NESTED = {
    "tasks": Task,
    "problems": Problem,
    "goals": Goal,
    "important_dates": ImportantDate,
}


def to_dict(obj: Any) -> Any:
    """Dataclass -> JSON-ready dict (tuples become lists)."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_dict(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, (list, tuple)):
        return [to_dict(v) for v in obj]
    if isinstance(obj, dict):
        return {str(k): to_dict(v) for k, v in obj.items()}
    return obj


@functools.cache
def _field_names(cls: type) -> frozenset[str]:
    return frozenset(f.name for f in dataclasses.fields(cls))


def from_dict(cls: type, data: dict[str, Any]) -> Any:
    """Inverse of to_dict for the model classes (unknown keys are dropped)."""
    kwargs: dict[str, Any] = {}
    names = _field_names(cls)
    for key, value in data.items():
        if key not in names:
            continue
        if key in _NESTED and isinstance(value, list):
            kwargs[key] = tuple(from_dict(_NESTED[key], v) for v in value)
        elif isinstance(value, list):
            kwargs[key] = tuple(value)
        else:
            kwargs[key] = value
    return cls(**kwargs)


@dataclass(frozen=True)
class Snapshot:
    """Everything the reports read: every indexed record and one profile per client.

    `entries` holds every kind of record (ENTRY, NOTE, CONFLICT, PROFILE);
    reports pick the kinds they need. `profiles` has one Profile per client
    folder (defaults for a folder without client.md), with `cadence_days`
    already resolved against the vault's default_cadence.
    """

    entries: tuple[Entry, ...]
    profiles: tuple[Profile, ...]

    def profile(self, client: str) -> Profile | None:
        for p in self.profiles:
            if p.client == client:
                return p
        return None
