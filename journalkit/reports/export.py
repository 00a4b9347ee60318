"""`journalkit export`: all entries as JSON, or an iCalendar feed.

JSON: ENTRY and NOTE records (client profiles and sync-conflict copies are
not entries), sorted by path. Additions to SPEC's shape: `kind` ("entry" |
"note"), `milestones`, `personal`.

ICS (RFC 5545, written by hand so the bytes are reproducible): all-day events
for (1) each open task with a due date, (2) each active client's next
contact, and (3) each birthday / important date as a yearly recurring event.
Clients whose status is `former` are left out, paused ones keep (1) and (3).
UIDs come from what an event is about, not from its date or line, so a
re-export updates events in a subscribed calendar instead of duplicating them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any, Iterator

from journalkit import __version__, dates, model
from journalkit.model import Profile, Snapshot, Task
from journalkit.reports.contact import (
    ACTIVE,
    FORMER,
    client_profiles,
    contact_states,
    is_mine,
    key_points,
    parse_day,
    yearly_dates,
)
from journalkit.reports.followups import open_tasks_until

# -- JSON ---------------------------------------------------------------------------


def _task_json(t: Task) -> dict[str, Any]:
    return {
        "id": t.id,
        "line": t.line,
        "text": t.text,
        "status": t.status,
        "due": t.due,
        "done": t.done,
        "owner": None if is_mine(t) else t.owner,
    }


def export_json(snap: Snapshot) -> dict[str, Any]:
    records = sorted((e for e in snap.entries if e.kind in (model.ENTRY, model.NOTE)), key=lambda e: e.path)
    return {
        "entries": [
            {
                "path": e.path,
                "client": e.client,
                "date": e.date,
                "type": e.type,
                "title": e.title,
                "tags": list(e.tags),
                "attendees": list(e.attendees),
                "follow_up": e.follow_up,
                "key_points": list(key_points(e)),
                "tasks": [_task_json(t) for t in e.tasks],
                "meta": model.to_dict(e.meta),
                "kind": e.kind,
                "milestones": list(e.milestones),
                "personal": list(e.personal),
            }
            for e in records
        ]
    }


# -- iCalendar -------------------------------------------------------------------------


def escape_text(value: str) -> str:
    """RFC 5545 TEXT: backslash, semicolon, comma and newlines are escaped."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold a content line at 75 octets, never inside a UTF-8 sequence; CRLF-terminated."""
    data = line.encode("utf-8")
    parts, start, limit = [], 0, 75
    while len(data) - start > limit:
        end = start + limit
        while end > start and (data[end] & 0xC0) == 0x80:  # continuation byte: step back
            end -= 1
        parts.append(data[start:end])
        start, limit = end, 74  # continuation lines start with one space
    parts.append(data[start:])
    return "\r\n ".join(p.decode("utf-8") for p in parts) + "\r\n"


def uid(*identity: str) -> str:
    return hashlib.sha1("|".join(identity).encode("utf-8")).hexdigest() + "@journalkit"


def _ics_date(day: dt.date) -> str:
    return day.strftime("%Y%m%d")


def _event(
    uid_: str, stamp: str, day: dt.date, summary: str, description: str, category: str, rrule: str | None = None
) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:{uid_}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{_ics_date(day)}",
        f"DTEND;VALUE=DATE:{_ics_date(day + dt.timedelta(days=1))}",
    ]
    if rrule:
        lines.append(f"RRULE:{rrule}")
    lines += [
        f"SUMMARY:{escape_text(summary)}",
        f"DESCRIPTION:{escape_text(description)}",
        f"CATEGORIES:{escape_text(category)}",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]
    return lines


def _task_events(snap: Snapshot, names: dict[str, str], stamp: str, horizon_end: dt.date | None) -> Iterator[list[str]]:
    seen: dict[tuple[str, str], int] = {}
    tasks = open_tasks_until(snap, horizon_end, include_undated=False)
    # Identical lines in one file are told apart by their order, which survives edits elsewhere.
    for t in sorted(tasks, key=lambda t: (t.path, t.line)):
        n = seen[(t.path, t.text)] = seen.get((t.path, t.text), 0) + 1
        who = names.get(t.client, "") if t.client else ""
        summary = (f"[{who}] " if who else "") + (t.text if is_mine(t) else f"Waiting on {t.owner}: {t.text}")
        description = f"{t.path}:{t.line}\nMark done: journalkit done {t.id}"
        yield _event(uid("task", t.path, t.text, str(n)), stamp, parse_day(t.due), summary, description, "task")


def _contact_events(snap: Snapshot, names: dict[str, str], stamp: str, today: dt.date,
                    horizon_end: dt.date | None) -> Iterator[list[str]]:
    end = horizon_end or dt.date.max
    for slug, s in sorted(contact_states(snap, today, end).items()):
        if s.status != ACTIVE or s.next_contact is None or s.next_contact > end:
            continue
        # An overdue contact is shown today: a past all-day event is easily missed.
        day = max(s.next_contact, today)
        late = f" (due since {s.next_contact.isoformat()})" if s.next_contact < today else ""
        last = s.last_contact.isoformat() if s.last_contact else "never"
        yield _event(uid("contact", slug), stamp, day, f"Get in touch: {names[slug]}{late}",
                     f"Last contact: {last}\njournalkit brief {slug}", "contact")


def _yearly_events(p: Profile, stamp: str, today: dt.date) -> Iterator[list[str]]:
    for label, value in yearly_dates(p):
        normal = dates.parse_yearly(value)
        if normal is None:
            continue
        # A known year starts the series then; otherwise this year's occurrence does.
        yearless = normal.startswith("--")
        start = dates.next_occurrence(normal, dt.date(today.year, 1, 1)) if yearless else dt.date.fromisoformat(normal)
        # 29 Feb: the last day of February, i.e. 28 Feb in common years (SPEC).
        rule = "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1" if normal.endswith("02-29") else "FREQ=YEARLY"
        name = p.name or p.client
        if label == "birthday":
            summary = f"Birthday: {p.contact} ({name})" if p.contact else f"Birthday: {name}"
            ident = uid("birthday", p.client)
        else:
            summary = f"{label}: {name}"
            ident = uid("date", p.client, label)
        yield _event(ident, stamp, start, summary, f"journalkit brief {p.client}", label, rule)


def export_ics(snap: Snapshot, today: dt.date, *, horizon_end: dt.date | None = None) -> str:
    """The feed as text with CRLF line ends. DTSTAMP is `today`, so equal input gives equal bytes.

    `horizon_end` (default: none) limits task and contact events; yearly
    events always recur.
    """
    profiles = [p for p in client_profiles(snap) if (p.status or ACTIVE) != FORMER]
    names = {p.client: p.name or p.client for p in client_profiles(snap)}
    stamp = f"{_ics_date(today)}T000000Z"
    events: list[list[str]] = [
        *_task_events(snap, names, stamp, horizon_end),
        *_contact_events(snap, names, stamp, today, horizon_end),
        *(e for p in profiles for e in _yearly_events(p, stamp, today)),
    ]
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//journalkit//journalkit {__version__}//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:journalkit",
        "REFRESH-INTERVAL;VALUE=DURATION:PT12H",
        "X-PUBLISHED-TTL:PT12H",
        *(line for event in events for line in event),
        "END:VCALENDAR",
    ]
    return "".join(fold(line) for line in lines)
