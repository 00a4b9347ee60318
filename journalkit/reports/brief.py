"""`journalkit brief CLIENT`: everything to read before a meeting.

Open tasks are listed whatever their due date (mine in `open_tasks`, theirs
in `waiting_on`), due date first, undated last. Milestones and personal notes
come newest entry first (undated entries last). `last_contact`,
`next_contact` and `contact_due` are additions to SPEC's shape.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from journalkit.model import Profile, Snapshot
from journalkit.reports.contact import (
    DateItem,
    EntryItem,
    MilestoneItem,
    TaskItem,
    age_on,
    contact_state,
    counted_tasks,
    date_order,
    entries_by_client,
    entry_item,
    is_mine,
    is_open,
    iso,
    milestone_items,
    newest_first,
    parse_day,
    require_profile,
    task_item,
    task_order,
    upcoming_dates,
)


@dataclass(frozen=True)
class BriefProfile:
    name: str
    path: str | None
    contact: str | None
    email: str | None
    birthday: str | None
    age: int | None
    important_dates: tuple[dict[str, str], ...]
    cadence: str | None
    cadence_days: int | None
    status: str
    interests: tuple[str, ...]
    preferences: tuple[str, ...]
    tags: tuple[str, ...]
    notes: str
    meta: dict[str, Any]


@dataclass(frozen=True)
class GoalItem:
    title: str
    due: str | None
    status: str


@dataclass(frozen=True)
class PersonalItem:
    date: str | None
    path: str
    text: str


@dataclass(frozen=True)
class Brief:
    client: str
    profile: BriefProfile
    days_since: int | None
    last_contact: str | None
    next_contact: str | None
    contact_due: bool
    entries: tuple[EntryItem, ...]
    open_tasks: tuple[TaskItem, ...]
    waiting_on: tuple[TaskItem, ...]
    dates: tuple[DateItem, ...]
    goals: tuple[GoalItem, ...]
    milestones: tuple[MilestoneItem, ...]
    personal: tuple[PersonalItem, ...]


def _profile_facts(p: Profile, today: dt.date) -> BriefProfile:
    return BriefProfile(
        name=p.name or p.client,
        path=p.path,
        contact=p.contact,
        email=p.email,
        birthday=p.birthday,
        age=age_on(p.birthday, today),
        important_dates=tuple({"label": d.label, "date": d.date} for d in p.important_dates),
        cadence=p.cadence,
        cadence_days=p.cadence_days,
        status=p.status or "active",
        interests=tuple(p.interests),
        preferences=tuple(p.preferences),
        tags=tuple(p.tags),
        notes=p.notes,
        meta=dict(p.meta),
    )


def brief(
    snap: Snapshot, client: str, today: dt.date, *, last: int = 5, horizon_end: dt.date
) -> Brief:
    """Raises UnknownClient (naming `journalkit client add`) for an unknown slug."""
    profile = require_profile(snap, client)
    entries = newest_first(entries_by_client(snap).get(client, []))
    state = contact_state(profile, entries, today, horizon_end)
    past = [e for e in entries if (d := parse_day(e.day)) and d <= today]

    tasks = sorted((t for t in counted_tasks(snap) if t.client == client and is_open(t)), key=task_order)
    return Brief(
        client=client,
        profile=_profile_facts(profile, today),
        days_since=state.days_since(today),
        last_contact=iso(state.last_contact),
        next_contact=iso(state.next_contact),
        contact_due=state.contact_due,
        entries=tuple(entry_item(e) for e in past[: max(last, 0)]),
        open_tasks=tuple(task_item(t, today) for t in tasks if is_mine(t)),
        waiting_on=tuple(task_item(t, today) for t in tasks if not is_mine(t)),
        dates=tuple(sorted(upcoming_dates(profile, today, horizon_end), key=date_order)),
        goals=tuple(GoalItem(g.title, g.due, g.status) for g in profile.goals),
        milestones=tuple(milestone_items(entries)),
        personal=tuple(PersonalItem(e.date, e.path, text) for e in entries for text in e.personal),
    )
