"""`journalkit digest`: the period's review, per client, then what is due next.

Clients are listed by slug, their entries oldest first (a review reads in
order). `activity` (an addition to SPEC's shape) counts the period's entries
per ISO week and client, zeros included, for the HTML chart.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from journalkit import model
from journalkit.model import Snapshot
from journalkit.reports.contact import (
    EntryItem,
    TaskItem,
    client_profiles,
    counted_tasks,
    entries_by_client,
    entry_item,
    milestone_items,
    parse_day,
    require_profile,
    task_item,
)
from journalkit.reports.followups import open_tasks_until


@dataclass(frozen=True)
class DigestClient:
    client: str
    name: str
    entries: tuple[EntryItem, ...]
    tasks_written: int
    tasks_done: int
    # Plain strings, as written in front matter: SPEC writes digest's
    # milestones as `[..]` like key_points (brief's `[...]` carries objects).
    milestones: tuple[str, ...]


@dataclass(frozen=True)
class WeekCount:
    week: str    # ISO week, `YYYY-Www`
    start: str   # its Monday, `YYYY-MM-DD`
    client: str
    count: int


@dataclass(frozen=True)
class Digest:
    since: str
    until: str
    clients: tuple[DigestClient, ...]
    due_next: tuple[TaskItem, ...]
    due_until: str  # the end of the due_next window
    activity: tuple[WeekCount, ...]


def week_of(day: dt.date) -> tuple[str, dt.date]:
    year, week, weekday = day.isocalendar()
    return f"{year}-W{week:02d}", day - dt.timedelta(days=weekday - 1)


def weeks_between(since: dt.date, until: dt.date) -> list[tuple[str, dt.date]]:
    weeks = []
    start = week_of(since)[1]
    while start <= until:
        weeks.append(week_of(start))
        start += dt.timedelta(days=7)
    return weeks


def digest(
    snap: Snapshot,
    since: dt.date,
    until: dt.date,
    *,
    client: str | None = None,
    due_days: int = 7,
    today: dt.date | None = None,
) -> Digest:
    """`today` (default: until) only decides which `due_next` tasks are overdue."""
    if client is not None:
        require_profile(snap, client)
    names = {p.client: p.name or p.client for p in client_profiles(snap)}

    in_range: dict[str, list[model.Entry]] = {}
    for slug, entries in entries_by_client(snap).items():
        picked = [e for e in entries if (d := parse_day(e.day)) and since <= d <= until]
        if picked and (client is None or slug == client):
            in_range[slug] = sorted(picked, key=lambda e: (e.day, e.date, e.path))

    done: dict[str, int] = {}
    for t in counted_tasks(snap):
        d = parse_day(t.done)
        if t.client and t.status == model.DONE and d and since <= d <= until:
            if client is None or t.client == client:
                done[t.client] = done.get(t.client, 0) + 1

    rows = tuple(
        DigestClient(
            client=slug,
            name=names.get(slug, slug),
            entries=tuple(entry_item(e) for e in in_range.get(slug, [])),
            tasks_written=sum(len(e.tasks) for e in in_range.get(slug, [])),
            tasks_done=done.get(slug, 0),
            milestones=tuple(m.text for m in milestone_items(in_range.get(slug, []))),
        )
        for slug in sorted(set(in_range) | set(done))
    )

    due = open_tasks_until(
        snap,
        until + dt.timedelta(days=due_days),
        client=client,
        after=until,
        include_undated=False,
        include_notes=False,
    )
    return Digest(
        since=since.isoformat(),
        until=until.isoformat(),
        clients=rows,
        due_next=tuple(task_item(t, today or until) for t in due),
        due_until=(until + dt.timedelta(days=due_days)).isoformat(),
        activity=_activity(in_range, [r.client for r in rows], since, until),
    )


def _activity(in_range, slugs, since, until) -> tuple[WeekCount, ...]:
    counts: dict[tuple[str, str], int] = {}
    for slug, entries in in_range.items():
        for e in entries:
            key = (week_of(parse_day(e.day))[0], slug)
            counts[key] = counts.get(key, 0) + 1
    return tuple(
        WeekCount(week, start.isoformat(), slug, counts.get((week, slug), 0))
        for week, start in weeks_between(since, until)
        for slug in slugs
    )


# -- the HTML chart ----------------------------------------------------------------

# Colour-blind-safe (Okabe-Ito), cycled when there are more clients.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")


def activity_chart(activity, *, width: int = 680, height: int = 160) -> dict:
    """Geometry of a stacked bar chart (weeks across, one colour per client).

    `activity` is the list of {"week","start","client","count"} dicts. Pure
    numbers only: the template writes the SVG, so every label stays escaped.
    """
    by_week: dict[tuple[str, str], list[dict]] = {}
    slugs: list[str] = []
    for a in activity:
        by_week.setdefault((a["week"], a["start"]), []).append(a)
        if a["client"] not in slugs:
            slugs.append(a["client"])
    colour = {s: PALETTE[i % len(PALETTE)] for i, s in enumerate(slugs)}
    totals = [sum(a["count"] for a in items) for items in by_week.values()]
    top = max(totals, default=0) or 1

    left, bottom, top_pad = 28, 22, 8
    plot_h = height - bottom - top_pad
    slot = (width - left) / max(len(by_week), 1)
    bar_w = max(slot * 0.7, 1.0)
    label_every = max(1, round(len(by_week) / 8))

    bars, labels = [], []
    for i, ((_, start), items) in enumerate(by_week.items()):
        x = left + i * slot + (slot - bar_w) / 2
        y = height - bottom
        for a in items:
            if a["count"]:
                h = plot_h * a["count"] / top
                y -= h
                bars.append({"x": round(x, 1), "y": round(y, 1), "w": round(bar_w, 1), "h": round(h, 1),
                             "fill": colour[a["client"]], "title": f"{a['client']}, week of {start}: {a['count']}"})
        if i % label_every == 0:
            labels.append({"x": round(x + bar_w / 2, 1), "text": start[5:]})
    return {
        "width": width,
        "height": height,
        "baseline": height - bottom,
        "left": left,
        "top": top_pad,
        "max": top,
        "bars": bars,
        "labels": labels,
        "legend": [{"client": s, "fill": colour[s]} for s in slugs],
        "empty": not any(totals),
    }
