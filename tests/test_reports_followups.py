"""`followups`: SPEC's rules, one test each, and the JSON shape exactly."""

from __future__ import annotations

import pytest

from journalkit import errors, model
from journalkit.model import to_dict
from journalkit.reports import followups
from tests.builders import D, entry, note, profile, snap, task

TODAY = D("2026-11-03")
HORIZON = D("2026-11-17")


def report(s, **kw):
    return to_dict(followups(s, kw.pop("today", TODAY), kw.pop("horizon", HORIZON), **kw))


def texts(s, **kw):
    return [t["text"] for t in report(s, **kw)["tasks"]]


def test_json_shape_exactly():
    s = snap(
        profile("acme", cadence_days=14, birthday="1984-11-10"),
        entry("acme/2026-10-01-call.md", "2026-10-01", tasks=[
            task(12, "Send proposal", due="2026-11-02", id="abc123"),
            task(13, "@dana Confirm budget", owner="dana", id="def456"),
        ]),
    )
    assert report(s) == {
        "today": "2026-11-03",
        "horizon_end": "2026-11-17",
        "tasks": [
            {"id": "abc123", "client": "acme", "path": "acme/2026-10-01-call.md", "line": 12,
             "text": "Send proposal", "status": "open", "due": "2026-11-02", "owner": None, "overdue": True},
            {"id": "def456", "client": "acme", "path": "acme/2026-10-01-call.md", "line": 13,
             "text": "@dana Confirm budget", "status": "open", "due": None, "owner": "dana", "overdue": False},
        ],
        "contact_due": [
            {"client": "acme", "last_contact": "2026-10-01", "days_since": 33, "cadence_days": 14,
             "next_contact": "2026-10-15"},
        ],
        "dates": [{"client": "acme", "label": "birthday", "date": "2026-11-10", "days_until": 7}],
    }


def test_empty_vault():
    assert report(snap()) == {"today": "2026-11-03", "horizon_end": "2026-11-17", "tasks": [],
                              "contact_due": [], "dates": []}


def test_horizon_end_is_included_and_the_day_after_is_not():
    s = snap(entry("acme/a.md", "2026-11-01", tasks=[
        task(1, "on the edge", due="2026-11-17"), task(2, "beyond", due="2026-11-18")]))
    assert texts(s) == ["on the edge"]


def test_due_today_is_not_overdue_due_yesterday_is():
    s = snap(entry("acme/a.md", "2026-11-01", tasks=[
        task(1, "today", due="2026-11-03"), task(2, "yesterday", due="2026-11-02")]))
    assert [(t["text"], t["overdue"]) for t in report(s)["tasks"]] == [("yesterday", True), ("today", False)]


def test_order_due_then_client_then_path_then_line_notes_last_then_undated():
    s = snap(
        entry("zeta/a.md", "2026-11-01", tasks=[task(5, "z5", due="2026-11-05"), task(2, "z2", due="2026-11-05")]),
        entry("acme/b.md", "2026-11-01", tasks=[task(9, "acme b", due="2026-11-05"), task(1, "undated acme")]),
        entry("acme/a.md", "2026-11-01", tasks=[task(9, "acme a", due="2026-11-05"), task(3, "early", due="2026-10-01")]),
        note("inbox.md", tasks=[task(1, "note", due="2026-11-05"), task(2, "undated note")]),
    )
    assert texts(s) == ["early", "acme a", "acme b", "z2", "z5", "note", "undated acme", "undated note"]


def test_done_and_cancelled_are_left_out_in_progress_counts_as_open():
    s = snap(entry("acme/a.md", "2026-11-01", tasks=[
        task(1, "done", status=model.DONE, done="2026-11-02"),
        task(2, "cancelled", status=model.CANCELLED),
        task(3, "in progress", mark="/"),
    ]))
    assert texts(s) == ["in progress"]


def test_a_due_date_that_does_not_parse_counts_as_none():
    s = snap(entry("acme/a.md", "2026-11-01", tasks=[task(1, "bad", due=None, due_raw="2026-13-45")]))
    assert report(s)["tasks"][0]["due"] is None


@pytest.mark.parametrize("owner, expected", [
    ("all", ["mine", "me", "theirs"]),
    ("mine", ["mine", "me"]),
    ("theirs", ["theirs"]),
])
def test_owner_filter(owner, expected):
    s = snap(entry("acme/a.md", "2026-11-01", tasks=[
        task(1, "mine"), task(2, "me", owner="me"), task(3, "theirs", owner="dana")]))
    assert texts(s, owner=owner) == expected


def test_at_me_is_shown_as_mine():
    s = snap(entry("acme/a.md", "2026-11-01", tasks=[task(1, "@me call", owner="me")]))
    assert report(s)["tasks"][0]["owner"] is None


def test_tasks_in_profiles_and_notes_outside_clients():
    s = snap(
        profile("acme", tasks=[task(20, "from profile")]),
        note("inbox.md", tasks=[task(3, "from note")]),
        entry("acme/a.md", "2026-11-01"),
    )
    tasks = report(s)["tasks"]
    assert [(t["text"], t["client"], t["path"]) for t in tasks] == [
        ("from profile", "acme", "acme/client.md"), ("from note", None, "inbox.md")]


def test_conflict_copies_count_nowhere():
    s = snap(
        profile("acme", cadence_days=60),
        entry("acme/a.md", "2026-11-01"),
        entry("acme/a (conflicted copy 2026-11-02).md", "2026-11-01", follow_up="2026-11-05",
              tasks=[task(3, "copy", due="2026-11-04")]),
    )
    r = report(s)
    assert r["tasks"] == [] and r["contact_due"] == []


def test_former_clients_are_left_out_altogether():
    s = snap(
        profile("old", status="former", birthday="--11-05", tasks=[task(1, "profile task")]),
        entry("old/a.md", "2026-01-01", tasks=[task(1, "entry task", due="2026-11-04")]),
    )
    assert report(s) == report(snap())


def test_paused_clients_keep_tasks_and_dates_but_are_never_due():
    s = snap(
        profile("calm", status="paused", cadence_days=1, important={"founded": "2009-11-05"}),
        entry("calm/a.md", "2026-01-01", tasks=[task(1, "still mine", due="2026-11-04")]),
    )
    r = report(s)
    assert [t["text"] for t in r["tasks"]] == ["still mine"]
    assert r["dates"] == [{"client": "calm", "label": "founded", "date": "2026-11-05", "days_until": 2}]
    assert r["contact_due"] == []


def test_never_contacted_active_client_is_due_today():
    s = snap(profile("new"))
    assert report(s)["contact_due"] == [
        {"client": "new", "last_contact": None, "days_since": None, "cadence_days": None,
         "next_contact": "2026-11-03"}]


def test_contact_due_sorted_by_next_contact():
    s = snap(
        profile("a", cadence_days=10), entry("a/x.md", "2026-11-01"),
        profile("b", cadence_days=10), entry("b/x.md", "2026-10-01"),
    )
    assert [c["client"] for c in report(s)["contact_due"]] == ["b", "a"]


def test_future_dated_entry_is_not_contact():
    s = snap(profile("acme", cadence_days=14), entry("acme/a.md", "2026-10-01"), entry("acme/plan.md", "2026-11-10"))
    assert report(s)["contact_due"][0]["last_contact"] == "2026-10-01"


def test_dates_within_horizon_edges_and_labels():
    s = snap(profile("acme", birthday="--11-17", important={"founded": "2009-11-18", "today": "2001-11-03"}))
    assert report(s)["dates"] == [
        {"client": "acme", "label": "today", "date": "2026-11-03", "days_until": 0},
        {"client": "acme", "label": "birthday", "date": "2026-11-17", "days_until": 14},
    ]


def test_leap_day_birthday_falls_on_28_february_in_common_years():
    s = snap(profile("leap", birthday="2000-02-29"))
    r = report(s, today=D("2027-02-20"), horizon=D("2027-03-06"))
    assert r["dates"] == [{"client": "leap", "label": "birthday", "date": "2027-02-28", "days_until": 8}]


def test_client_filter():
    s = snap(
        entry("acme/a.md", "2026-11-01", tasks=[task(1, "acme")]),
        entry("zeta/a.md", "2026-11-01", tasks=[task(1, "zeta")]),
        note("inbox.md", tasks=[task(1, "note")]),
        profile("acme", birthday="--11-05"), profile("zeta", birthday="--11-05"),
    )
    r = report(s, client="acme")
    assert [t["text"] for t in r["tasks"]] == ["acme"]
    assert [d["client"] for d in r["dates"]] == ["acme"]
    assert [c["client"] for c in r["contact_due"]] == []  # acme: no cadence, in touch


def test_unknown_client_names_client_add():
    with pytest.raises(errors.UnknownClient) as exc:
        followups(snap(), TODAY, HORIZON, client="nobody")
    assert "journalkit client add" in str(exc.value)
