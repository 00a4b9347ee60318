"""`digest`: the period's entries, tasks written and done, milestones, due next, activity."""

from __future__ import annotations

import pytest

from journalkit import errors, model
from journalkit.model import to_dict
from journalkit.reports import digest
from journalkit.reports.digest import activity_chart, weeks_between
from tests.builders import D, entry, note, profile, snap, task

SINCE, UNTIL = D("2026-10-27"), D("2026-11-03")


def report(s, **kw):
    return to_dict(digest(s, kw.pop("since", SINCE), kw.pop("until", UNTIL), **kw))


def test_json_shape_exactly():
    s = snap(
        profile("acme", name="Acme Labs"),
        entry("acme/2026-10-30-call.md", "2026-10-30T14:30", type="call", title="Pricing",
              key_points=("Budget approved",), milestones=("First deal",),
              tasks=[task(8, "Send deck", status=model.DONE, done="2026-10-31"), task(9, "Call back", due="2026-11-05", id="t1")]),
    )
    assert report(s) == {
        "since": "2026-10-27",
        "until": "2026-11-03",
        "clients": [{
            "client": "acme", "name": "Acme Labs",
            "entries": [{"path": "acme/2026-10-30-call.md", "date": "2026-10-30T14:30", "type": "call",
                         "title": "Pricing", "key_points": ["Budget approved"]}],
            "tasks_written": 2, "tasks_done": 1,
            "milestones": ["First deal"],
        }],
        "due_next": [{"id": "t1", "client": "acme", "path": "acme/2026-10-30-call.md", "line": 9, "text": "Call back",
                      "status": "open", "due": "2026-11-05", "owner": None, "overdue": False}],
        "due_until": "2026-11-10",
        "activity": [
            {"week": "2026-W44", "start": "2026-10-26", "client": "acme", "count": 1},
            {"week": "2026-W45", "start": "2026-11-02", "client": "acme", "count": 0},
        ],
    }


def test_range_includes_both_ends_by_calendar_date():
    s = snap(
        entry("acme/before.md", "2026-10-26T23:59"),
        entry("acme/first.md", "2026-10-27T00:00"),
        entry("acme/last.md", "2026-11-03T23:59"),
        entry("acme/after.md", "2026-11-04"),
        entry("acme/undated.md", None),
    )
    assert [e["path"] for e in report(s)["clients"][0]["entries"]] == ["acme/first.md", "acme/last.md"]


def test_entries_oldest_first_clients_by_slug():
    s = snap(entry("zeta/b.md", "2026-11-01"), entry("acme/b.md", "2026-11-02"), entry("acme/a.md", "2026-10-28"))
    r = report(s)
    assert [c["client"] for c in r["clients"]] == ["acme", "zeta"]
    assert [e["path"] for e in r["clients"][0]["entries"]] == ["acme/a.md", "acme/b.md"]


def test_summary_replaces_key_points():
    s = snap(entry("acme/a.md", "2026-11-01", summary="In one line", key_points=("a", "b")))
    assert report(s)["clients"][0]["entries"][0]["key_points"] == ["In one line"]


def test_tasks_written_counts_every_task_line_in_range_entries():
    s = snap(
        entry("acme/in.md", "2026-11-01", tasks=[
            task(1, "a"), task(2, "b", status=model.DONE), task(3, "c", status=model.CANCELLED)]),
        entry("acme/out.md", "2026-10-01", tasks=[task(1, "old")]),
    )
    assert report(s)["clients"][0]["tasks_written"] == 3


def test_tasks_done_by_done_date_anywhere_in_the_clients_records():
    s = snap(
        profile("acme", tasks=[task(9, "in profile", status=model.DONE, done="2026-11-03")]),
        entry("acme/old.md", "2026-01-01", tasks=[
            task(1, "old entry, done now", status=model.DONE, done="2026-10-27"),
            task(2, "done before", status=model.DONE, done="2026-10-26"),
            task(3, "done after", status=model.DONE, done="2026-11-04"),
            task(4, "done without date", status=model.DONE),
        ]),
        entry("acme/old (conflicted copy 2026-11-01).md", "2026-01-01", tasks=[
            task(1, "copy", status=model.DONE, done="2026-11-01")]),
        note("inbox.md", tasks=[task(1, "note", status=model.DONE, done="2026-11-01")]),
    )
    r = report(s)
    assert [(c["client"], c["entries"], c["tasks_done"]) for c in r["clients"]] == [("acme", [], 2)]


def test_a_client_with_only_a_done_task_is_listed():
    s = snap(entry("acme/old.md", "2026-01-01", tasks=[task(1, "x", status=model.DONE, done="2026-11-01")]),
             entry("quiet/old.md", "2026-01-01"))
    assert [c["client"] for c in report(s)["clients"]] == ["acme"]


def test_milestones_only_from_entries_in_range():
    s = snap(entry("acme/in.md", "2026-11-01", milestones=("new",)), entry("acme/out.md", "2026-01-01", milestones=("old",)))
    assert report(s)["clients"][0]["milestones"] == ["new"]


def test_due_next_is_the_seven_days_after_until():
    s = snap(
        profile("old", status="former"),
        entry("acme/a.md", "2026-01-01", tasks=[
            task(1, "on until", due="2026-11-03"), task(2, "next day", due="2026-11-04"),
            task(3, "seventh day", due="2026-11-10"), task(4, "eighth day", due="2026-11-11"),
            task(5, "undated"), task(6, "theirs", owner="dana", due="2026-11-05"),
        ]),
        entry("old/a.md", "2026-01-01", tasks=[task(1, "former", due="2026-11-05")]),
        note("inbox.md", tasks=[task(1, "note", due="2026-11-05")]),
    )
    assert [t["text"] for t in report(s)["due_next"]] == ["next day", "theirs", "seventh day"]


def test_due_next_overdue_is_relative_to_today_when_given():
    s = snap(entry("acme/a.md", "2026-01-01", tasks=[task(1, "x", due="2026-11-05")]))
    assert report(s, today=D("2026-11-20"))["due_next"][0]["overdue"] is True
    assert report(s)["due_next"][0]["overdue"] is False


def test_client_filter_and_unknown_client():
    s = snap(entry("acme/a.md", "2026-11-01"), entry("zeta/a.md", "2026-11-01"))
    assert [c["client"] for c in report(s, client="zeta")["clients"]] == ["zeta"]
    with pytest.raises(errors.UnknownClient):
        digest(s, SINCE, UNTIL, client="nobody")


def test_empty_period():
    r = report(snap(entry("acme/a.md", "2020-01-01")))
    assert r["clients"] == [] and r["activity"] == []


def test_weeks_cover_the_range_across_a_year_end():
    weeks = [w for w, _ in weeks_between(D("2026-12-28"), D("2027-01-11"))]
    assert weeks == ["2026-W53", "2027-W01", "2027-W02"]


def test_activity_chart_geometry():
    s = snap(entry("a/1.md", "2026-10-27"), entry("a/2.md", "2026-10-28"), entry("b/1.md", "2026-10-28"),
             entry("b/2.md", "2026-11-02"))
    chart = activity_chart(report(s)["activity"])
    assert chart["max"] == 3 and not chart["empty"]
    assert [(l["client"], l["fill"]) for l in chart["legend"]] == [("a", "#0072B2"), ("b", "#E69F00")]
    week1 = [b for b in chart["bars"] if "2026-10-26" in b["title"]]
    # stacked: the tallest stack reaches the top of the plot exactly
    assert round(sum(b["h"] for b in week1), 1) == chart["baseline"] - chart["top"]
    assert all(b["y"] >= chart["top"] - 0.1 for b in chart["bars"])
    assert len(chart["labels"]) == 2


def test_activity_chart_with_nothing():
    chart = activity_chart([])
    assert chart["empty"] and chart["bars"] == []
