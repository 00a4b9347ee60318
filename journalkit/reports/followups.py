"""`journalkit followups`: what I owe, what I am owed, who to call, whose day is coming."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from journalkit.model import Snapshot, Task
from journalkit.reports.contact import (
    FORMER,
    ContactState,
    DateItem,
    TaskItem,
    client_profiles,
    contact_states,
    counted_tasks,
    date_order,
    is_open,
    iso,
    owner_matches,
    parse_day,
    require_profile,
    statuses,
    task_item,
    task_order,
    upcoming_dates,
)


@dataclass(frozen=True)
class ContactDue:
    client: str
    last_contact: str | None
    days_since: int | None
    cadence_days: int | None
    next_contact: str | None


@dataclass(frozen=True)
class Followups:
    today: str
    horizon_end: str
    tasks: tuple[TaskItem, ...]
    contact_due: tuple[ContactDue, ...]
    dates: tuple[DateItem, ...]


def open_tasks_until(
    snap: Snapshot,
    horizon_end: dt.date | None,
    *,
    client: str | None = None,
    owner: str = "all",
    include_undated: bool = True,
    after: dt.date | None = None,
    include_notes: bool = True,
) -> list[Task]:
    """Open tasks of non-former clients (and notes) due by horizon_end, then undated ones.

    `after` drops tasks due on or before it (the digest's "due next" window).
    `horizon_end=None` means no upper bound.
    """
    status = statuses(snap)
    picked = []
    for t in counted_tasks(snap):
        if not is_open(t) or not owner_matches(t, owner):
            continue
        if t.client is None:
            if client is not None or not include_notes:
                continue
        elif status.get(t.client) == FORMER or (client is not None and t.client != client):
            continue
        due = parse_day(t.due)
        if due is None:
            if include_undated:
                picked.append(t)
        elif (horizon_end is None or due <= horizon_end) and (after is None or due > after):
            picked.append(t)
    return sorted(picked, key=task_order)


def contact_due_item(state: ContactState, today: dt.date) -> ContactDue:
    return ContactDue(
        client=state.client,
        last_contact=iso(state.last_contact),
        days_since=state.days_since(today),
        cadence_days=state.cadence_days,
        next_contact=iso(state.next_contact),
    )


def followups(
    snap: Snapshot,
    today: dt.date,
    horizon_end: dt.date,
    *,
    client: str | None = None,
    owner: str = "all",
) -> Followups:
    """SPEC's followups. `owner` ("all" | "mine" | "theirs") filters the tasks only.

    Raises UnknownClient when `client` names no client.
    """
    if client is not None:
        require_profile(snap, client)
    tasks = open_tasks_until(snap, horizon_end, client=client, owner=owner)

    states = [
        s
        for s in contact_states(snap, today, horizon_end).values()
        if s.contact_due and (client is None or s.client == client)
    ]
    states.sort(key=lambda s: (s.next_contact, s.client))

    dates = [
        d
        for p in client_profiles(snap)
        if (p.status or "active") != FORMER and (client is None or p.client == client)
        for d in upcoming_dates(p, today, horizon_end)
    ]
    dates.sort(key=date_order)

    return Followups(
        today=today.isoformat(),
        horizon_end=horizon_end.isoformat(),
        tasks=tuple(task_item(t, today) for t in tasks),
        contact_due=tuple(contact_due_item(s, today) for s in states),
        dates=tuple(dates),
    )
