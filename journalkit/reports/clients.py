"""`journalkit clients`: one row per client, the most neglected active ones first.

Order: active clients due for contact, then the other active ones, then
paused, then former; within each group the earliest next contact first (none
last), then the longest silence (never contacted first), then the slug.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from journalkit.model import Snapshot

from journalkit.reports.contact import (
    ACTIVE,
    FORMER,
    PAUSED,
    ContactState,
    client_profiles,
    contact_states,
    counted_tasks,
    entries_by_client,
    is_mine,
    is_open,
    iso,
)


@dataclass(frozen=True)
class ClientRow:
    client: str
    name: str
    status: str
    last_contact: str | None
    days_since: int | None
    entries: int
    open_mine: int
    open_theirs: int
    cadence_days: int | None
    next_contact: str | None
    contact_due: bool


@dataclass(frozen=True)
class ClientsReport:
    today: str
    clients: tuple[ClientRow, ...]


_GROUP = {PAUSED: 2, FORMER: 3}


def _neglect_order(state: ContactState, today: dt.date) -> tuple:
    group = 0 if state.contact_due else _GROUP.get(state.status, 1)
    days = state.days_since(today)
    return (
        group,
        state.next_contact is None,
        state.next_contact or dt.date.min,
        days is not None,          # never contacted before any silence
        -(days or 0),
        state.client,
    )


def clients(snap: Snapshot, today: dt.date, horizon_end: dt.date) -> ClientsReport:
    states = contact_states(snap, today, horizon_end)
    grouped = entries_by_client(snap)
    mine: dict[str, int] = {}
    theirs: dict[str, int] = {}
    for t in counted_tasks(snap):
        if t.client and is_open(t):
            counter = mine if is_mine(t) else theirs
            counter[t.client] = counter.get(t.client, 0) + 1

    rows = []
    for p in client_profiles(snap):
        s = states[p.client]
        rows.append(
            (
                _neglect_order(s, today),
                ClientRow(
                    client=p.client,
                    name=p.name or p.client,
                    status=p.status or ACTIVE,
                    last_contact=iso(s.last_contact),
                    days_since=s.days_since(today),
                    entries=len(grouped.get(p.client, [])),
                    open_mine=mine.get(p.client, 0),
                    open_theirs=theirs.get(p.client, 0),
                    cadence_days=p.cadence_days,
                    next_contact=iso(s.next_contact),
                    contact_due=s.contact_due,
                ),
            )
        )
    rows.sort(key=lambda r: r[0])
    return ClientsReport(today=today.isoformat(), clients=tuple(r for _, r in rows))
