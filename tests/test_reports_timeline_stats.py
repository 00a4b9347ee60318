"""`timeline` and `stats` (and the terminal chart helpers)."""

from __future__ import annotations

import pytest

from journalkit import errors
from journalkit.model import to_dict
from journalkit.reports import bar_chart, sparkline, stats, timeline
from tests.builders import entry, note, profile, snap


def test_timeline_newest_first_future_included_undated_last_exact_shape():
    s = snap(
        entry("acme/b.md", None, title="B", type=None),
        entry("acme/old.md", "2026-01-01", title="Old", key_points=("k",)),
        entry("acme/plan.md", "2027-01-01", title="Plan"),
        entry("acme/same-day-late.md", "2026-05-01T18:00", title="Late"),
        entry("acme/same-day.md", "2026-05-01", title="Day"),
        entry("acme/a.md", None, title="A", summary="s"),
        entry("acme/x (conflicted copy 2026-05-02).md", "2026-05-02"),
        note("inbox.md", "2026-05-03"),
    )
    E = lambda path, date, title, kp=(), type="meeting": {  # noqa: E731
        "path": path, "date": date, "type": type, "title": title, "key_points": list(kp)}
    assert to_dict(timeline(s, "acme")) == {"client": "acme", "entries": [
        E("acme/plan.md", "2027-01-01", "Plan"),
        E("acme/same-day-late.md", "2026-05-01T18:00", "Late"),
        E("acme/same-day.md", "2026-05-01", "Day"),
        E("acme/old.md", "2026-01-01", "Old", ["k"]),
        E("acme/a.md", None, "A", ["s"]),
        E("acme/b.md", None, "B", type=None),
    ]}


def test_timeline_of_a_client_without_entries_and_of_an_unknown_one():
    assert to_dict(timeline(snap(profile("acme")), "acme")) == {"client": "acme", "entries": []}
    with pytest.raises(errors.UnknownClient):
        timeline(snap(), "acme")


def test_stats_months_filled_across_a_year_end_and_counts_sorted():
    s = snap(
        entry("acme/1.md", "2025-11-05", type="call", tags=("pricing", "renewal")),
        entry("acme/2.md", "2026-02-01", type="meeting", tags=("pricing",)),
        entry("acme/3.md", "2026-02-20T10:00", type="call"),
        entry("zeta/1.md", "2026-01-10", type=None, tags=("pricing",)),
        entry("zeta/undated.md", None, type="call"),
        note("inbox.md", "2026-01-01"),
        entry("zeta/1 (conflicted copy 2026-01-11).md", "2026-01-10"),
    )
    assert to_dict(stats(s)) == {
        "client": None, "total": 4, "first": "2025-11-05", "last": "2026-02-20",
        "by_month": [{"month": "2025-11", "count": 1}, {"month": "2025-12", "count": 0},
                     {"month": "2026-01", "count": 1}, {"month": "2026-02", "count": 2}],
        "by_type": [{"type": "call", "count": 2}, {"type": None, "count": 1}, {"type": "meeting", "count": 1}],
        "by_tag": [{"tag": "pricing", "count": 3}, {"tag": "renewal", "count": 1}],
        "by_client": [{"client": "acme", "count": 3}, {"client": "zeta", "count": 1}],
    }
    assert to_dict(stats(s, client="zeta"))["total"] == 1


def test_stats_of_nothing():
    assert to_dict(stats(snap(profile("acme")), client="acme")) == {
        "client": "acme", "total": 0, "first": None, "last": None,
        "by_month": [], "by_type": [], "by_tag": [], "by_client": []}


def test_bar_chart_aligns_labels_and_counts_and_scales_to_width():
    lines = bar_chart([("2026-01", 10), ("2026-02", 5), ("x", 0), (None, 1)], width=10)
    assert lines == [
        "2026-01  10 ██████████",
        "2026-02   5 █████",
        "x         0",
        "(none)    1 █",
    ]
    assert bar_chart([]) == []


def test_bar_chart_eighths():
    assert bar_chart([("a", 8), ("b", 1)], width=2)[1] == "b  1 ▎"


def test_sparkline():
    assert sparkline([0, 4, 8]) == "▁▅█"
    assert sparkline([0, 0]) == "▁▁"
    assert sparkline([]) == ""
