"""The rules every report shares: what counts, last/next contact, yearly dates.

Everything here is a pure function of a Snapshot and the dates passed in.

Choices where SPEC is silent (also in docs/REPORTS.md):

- A client with no contact yet is "due at once": its next contact is *today*
  (or an earlier pending follow-up, if an undated or future entry names one).
  JSON therefore always has a date in `next_contact` when a client is due;
  `next_contact` is null only for a client that has been in touch, has no
  cadence and no pending follow-up.
- Tasks come from ENTRY, NOTE and PROFILE records (and Profile.tasks), taken
  once per (path, line); CONFLICT copies never count.
- A follow_up or due date that does not parse counts as none.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable, Iterator

from journalkit import dates, errors, model
from journalkit.model import Entry, Profile, Snapshot, Task

ACTIVE, PAUSED, FORMER = "active", "paused", "former"

# Records whose tasks count; CONFLICT copies would count them twice.
TASK_KINDS = (model.ENTRY, model.NOTE, model.PROFILE)


# -- dates --------------------------------------------------------------------


def parse_day(value: str | None) -> dt.date | None:
    """The calendar date of an ISO date or date-time string; None if absent or bad."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def next_occurrence(yearly: str | None, today: dt.date) -> dt.date | None:
    """The first occurrence on or after today (29 Feb -> 28 Feb in other years); None if it does not parse."""
    if dates.parse_yearly(yearly) is None:
        return None
    return dates.next_occurrence(yearly, today)


def age_on(yearly: str | None, day: dt.date) -> int | None:
    """Age in whole years on `day`; None when the year is unknown or the date does not parse."""
    return dates.age_on(yearly, day) if dates.parse_yearly(yearly) else None


# -- what counts ----------------------------------------------------------------


def client_profiles(snap: Snapshot) -> list[Profile]:
    """Every client, by slug: the snapshot's profiles plus defaults for any
    client that has records but (inconsistently) no profile."""
    profiles = {p.client: p for p in snap.profiles}
    for e in snap.entries:
        if e.client and e.kind == model.ENTRY and e.client not in profiles:
            profiles[e.client] = Profile(client=e.client, path=None, name=e.client)
    return [profiles[k] for k in sorted(profiles)]


def require_profile(snap: Snapshot, client: str) -> Profile:
    for p in client_profiles(snap):
        if p.client == client:
            return p
    raise errors.UnknownClient(
        f"unknown client {client!r}",
        hint=f"make it with `journalkit client add {client}`, or list clients with `journalkit clients`",
    )


def statuses(snap: Snapshot) -> dict[str, str]:
    return {p.client: (p.status or ACTIVE) for p in client_profiles(snap)}


def entries_by_client(snap: Snapshot) -> dict[str, list[Entry]]:
    """ENTRY records (dated or not) per client. Notes, profiles, conflicts are not entries."""
    grouped: dict[str, list[Entry]] = defaultdict(list)
    for e in snap.entries:
        if e.kind == model.ENTRY and e.client:
            grouped[e.client].append(e)
    return grouped


def counted_tasks(snap: Snapshot) -> list[Task]:
    """Every task that counts, once each, in (path, line) order."""
    seen: dict[tuple[str, int], Task] = {}

    def add(tasks: Iterable[Task]) -> None:
        for t in tasks:
            seen.setdefault((t.path, t.line), t)

    for e in snap.entries:
        if e.kind in TASK_KINDS:
            add(e.tasks)
    for p in snap.profiles:
        add(p.tasks)
    return [seen[k] for k in sorted(seen)]


def is_open(task: Task) -> bool:
    return task.status == model.OPEN  # `[ ]` and `[/]` both parse to OPEN


def is_mine(task: Task) -> bool:
    return task.owner is None or task.owner.lower() == "me"


def owner_matches(task: Task, owner: str) -> bool:
    if owner == "mine":
        return is_mine(task)
    if owner == "theirs":
        return not is_mine(task)
    if owner == "all":
        return True
    raise ValueError(f"owner must be all, mine or theirs, not {owner!r}")


def newest_first(entries: Iterable[Entry]) -> list[Entry]:
    """Dated entries newest first (same day: later time first), then undated by path."""
    dated = sorted((e for e in entries if e.day), key=lambda e: (e.day, e.date, e.path), reverse=True)
    undated = sorted((e for e in entries if not e.day), key=lambda e: e.path)
    return dated + undated


def key_points(entry: Entry) -> tuple[str, ...]:
    """SPEC: `summary` if given, else the parsed key points."""
    return (entry.summary,) if entry.summary else tuple(entry.key_points)


# -- contact ---------------------------------------------------------------------


@dataclass(frozen=True)
class ContactState:
    client: str
    status: str
    cadence_days: int | None
    last_contact: dt.date | None
    next_contact: dt.date | None
    contact_due: bool

    def days_since(self, today: dt.date) -> int | None:
        return (today - self.last_contact).days if self.last_contact else None


def last_contact(entries: Iterable[Entry], today: dt.date) -> dt.date | None:
    """The newest calendar date of a dated entry on or before today (future ones are plans)."""
    days = [d for d in (parse_day(e.day) for e in entries) if d and d <= today]
    return max(days, default=None)


def next_contact(
    entries: Iterable[Entry], last: dt.date | None, cadence_days: int | None, today: dt.date
) -> dt.date | None:
    """Earliest pending follow_up (after the last contact) and last contact + cadence."""
    candidates = [
        d for d in (parse_day(e.follow_up) for e in entries) if d and (last is None or d > last)
    ]
    if last is None:
        candidates.append(today)  # never in touch: due at once
    elif cadence_days is not None:
        candidates.append(last + dt.timedelta(days=cadence_days))
    return min(candidates, default=None)


def contact_state(
    profile: Profile, entries: list[Entry], today: dt.date, horizon_end: dt.date
) -> ContactState:
    status = profile.status or ACTIVE
    last = last_contact(entries, today)
    nxt = next_contact(entries, last, profile.cadence_days, today)
    due = status == ACTIVE and nxt is not None and nxt <= horizon_end
    return ContactState(profile.client, status, profile.cadence_days, last, nxt, due)


def contact_states(snap: Snapshot, today: dt.date, horizon_end: dt.date) -> dict[str, ContactState]:
    grouped = entries_by_client(snap)
    return {
        p.client: contact_state(p, grouped.get(p.client, []), today, horizon_end)
        for p in client_profiles(snap)
    }


# -- shared JSON items -----------------------------------------------------------


@dataclass(frozen=True)
class TaskItem:
    id: str
    client: str | None
    path: str
    line: int
    text: str
    status: str
    due: str | None
    owner: str | None
    overdue: bool


def task_item(task: Task, today: dt.date) -> TaskItem:
    due = parse_day(task.due)
    return TaskItem(
        id=task.id,
        client=task.client,
        path=task.path,
        line=task.line,
        text=task.text,
        status=task.status,
        due=iso(due),
        owner=None if is_mine(task) else task.owner,
        overdue=due is not None and due < today,
    )


def task_order(task: Task) -> tuple:
    """Due date (undated last), then client (notes last), path, line."""
    due = parse_day(task.due)
    return (due is None, due or dt.date.min, task.client is None, task.client or "", task.path, task.line)


@dataclass(frozen=True)
class EntryItem:
    path: str
    date: str | None
    type: str | None
    title: str
    key_points: tuple[str, ...]


def entry_item(entry: Entry) -> EntryItem:
    return EntryItem(entry.path, entry.date, entry.type, entry.title, key_points(entry))


@dataclass(frozen=True)
class DateItem:
    client: str
    label: str
    date: str
    days_until: int


@dataclass(frozen=True)
class MilestoneItem:
    date: str | None
    path: str
    text: str


def milestone_items(entries: Iterable[Entry]) -> list[MilestoneItem]:
    return [MilestoneItem(e.date, e.path, m) for e in entries for m in e.milestones]


def yearly_dates(profile: Profile) -> Iterator[tuple[str, str]]:
    """(label, value) of every yearly date in a profile: the birthday first."""
    if profile.birthday:
        yield "birthday", profile.birthday
    for d in profile.important_dates:
        yield d.label, d.date


def upcoming_dates(profile: Profile, today: dt.date, horizon_end: dt.date) -> list[DateItem]:
    items = []
    for label, value in yearly_dates(profile):
        when = next_occurrence(value, today)
        if when is not None and when <= horizon_end:
            items.append(DateItem(profile.client, label, when.isoformat(), (when - today).days))
    return items


def date_order(item: DateItem) -> tuple:
    return (item.date, item.client, item.label)
