"""Small builders for Snapshots made straight from model objects (no files, no parser).

`entry("acme/2026-11-03-call.md", "2026-11-03", tasks=[task(12, "Send deck", due="2026-11-07")])`
fills in what the parser would: the client from the path, the kind, each
task's path, client, id and raw line.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib

from journalkit import model
from journalkit.model import Entry, Goal, ImportantDate, Profile, Snapshot, Task

D = dt.date.fromisoformat
_MARK = {model.OPEN: " ", model.DONE: "x", model.CANCELLED: "-"}


def task(line: int, text: str = "do it", *, status: str = model.OPEN, due: str | None = None,
         owner: str | None = None, done: str | None = None, mark: str | None = None, id: str = "",
         **kw) -> Task:
    raw = f"- [{mark or _MARK[status]}] {text}" + (f" 📅 {due}" if due else "") + (f" ✅ {done}" if done else "")
    return Task(id=id, client=None, path="", line=line, text=text, status=status, due=due, owner=owner,
                done=done, raw=raw, **kw)


def _client_of(path: str) -> str | None:
    return path.split("/", 1)[0] if "/" in path else None


def _kind_of(path: str) -> str:
    if _client_of(path) is None:
        return model.NOTE
    if "conflicted copy" in path.lower() or ".sync-conflict-" in path:
        return model.CONFLICT
    if path.count("/") == 1 and path.endswith("/client.md"):
        return model.PROFILE
    return model.ENTRY


def _bind(t: Task, path: str, client: str | None) -> Task:
    tid = t.id or hashlib.sha1(f"{path}:{t.line}".encode()).hexdigest()[:7]
    return dataclasses.replace(t, path=path, client=client, id=tid)


def entry(path: str, date: str | None = None, *, title: str | None = None, type: str | None = "meeting",
          tasks=(), kind: str | None = None, **kw) -> Entry:
    client = _client_of(path)
    return Entry(
        path=path, client=client, kind=kind or _kind_of(path), date=date, type=type,
        title=title or path.rsplit("/", 1)[-1].removesuffix(".md"),
        tasks=tuple(_bind(t, path, client) for t in tasks), **kw,
    )


def note(path: str, date: str | None = None, *, tasks=(), **kw) -> Entry:
    return entry(path, date, type=None, tasks=tasks, **kw)


def profile(client: str, *, name: str | None = None, cadence_days: int | None = None,
            important: dict[str, str] | None = None, goals=(), tasks=(), **kw) -> Profile:
    path = f"{client}/client.md"
    return Profile(
        client=client, path=path, name=name or client.replace("-", " ").title(),
        cadence=f"{cadence_days}d" if cadence_days is not None else None, cadence_days=cadence_days,
        important_dates=tuple(ImportantDate(k, v) for k, v in (important or {}).items()),
        goals=tuple(Goal(**g) if isinstance(g, dict) else g for g in goals),
        tasks=tuple(_bind(t, path, client) for t in tasks), **kw,
    )


def profile_record(p: Profile) -> Entry:
    """The searchable PROFILE record the index keeps beside a Profile (same tasks)."""
    return Entry(path=p.path, client=p.client, kind=model.PROFILE, date=None, type=None, title=p.name,
                 tasks=p.tasks, body=p.notes)


def snap(*items) -> Snapshot:
    """Entries and Profiles in any order; a default Profile is added for every
    client folder that has records but no profile (as the index does)."""
    entries = tuple(i for i in items if isinstance(i, Entry))
    profiles = {p.client: p for p in items if isinstance(p, Profile)}
    for e in entries:
        if e.client and e.client not in profiles:
            profiles[e.client] = Profile(client=e.client, path=None, name=e.client)
    entries += tuple(profile_record(p) for p in profiles.values() if p.path)
    return Snapshot(entries=entries, profiles=tuple(profiles.values()))


def rich_snapshot() -> Snapshot:
    """A little of everything, including hostile note text, for template tests."""
    return snap(
        profile("acme-labs", name="Acme <Labs> & Co", cadence_days=14, contact="Dana Whitfield",
                email="dana@acme.example", birthday="1984-11-10", important={"company founded": "2009-08-23"},
                interests=("sailing", "jazz"), preferences=("prefers morning calls",),
                goals=[{"title": "Grow revenue 40%", "due": "2027-06-30"}], tasks=[task(20, "Update CRM notes")]),
        profile("globex", cadence_days=30, status="paused", birthday="--11-05"),
        profile("initech", status="former"),
        entry("acme-labs/2026-10-01-call.md", "2026-10-01T14:30", type="call",
              title="Kickoff <script>alert(1)</script>",
              key_points=("Budget {{ 7*7 }} approved", "A & B \x1b[31mred\x1b[0m"),
              milestones=("First <b>deal</b>",), personal=("Daughter starts college {% if x %}",),
              tags=("pricing",),
              tasks=[task(12, "Send <i>revised</i> proposal", due="2026-11-01"),
                     task(13, "@dana Confirm {{ budget }}", owner="dana", due="2026-11-03"),
                     task(14, "Share deck", status=model.DONE, done="2026-11-02")]),
        entry("acme-labs/2026-11-02-meeting.md", "2026-11-02", title="Review", summary="One-line summary",
              follow_up="2026-11-20"),
        entry("globex/2026-09-15-email.md", "2026-09-15", type="email", title="Hello",
              tasks=[task(5, "Write to Hank", due="2026-11-06")]),
        note("inbox.md", tasks=[task(2, "Renew domain", due="2026-11-10")]),
    )
