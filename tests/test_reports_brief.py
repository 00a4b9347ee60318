"""`brief CLIENT`: profile facts, last interactions, tasks both ways, dates, goals, milestones, personal."""

from __future__ import annotations

import pytest

from journalkit import errors, model
from journalkit.model import to_dict
from journalkit.reports import brief
from tests.builders import D, entry, note, profile, snap, task

TODAY = D("2026-11-03")
HORIZON = D("2026-12-03")


def report(s, client="acme", **kw):
    return to_dict(brief(s, client, kw.pop("today", TODAY), horizon_end=kw.pop("horizon", HORIZON), **kw))


def test_json_shape_exactly():
    s = snap(
        profile("acme", name="Acme Labs", contact="Dana", email="dana@acme.example", birthday="1984-11-10",
                important={"founded": "2009-08-23"}, cadence_days=14, interests=("sailing",),
                preferences=("mornings",), notes="Met at a fair.", meta={"vat": "X1"},
                goals=[{"title": "Grow 40%", "due": "2027-06-30"}],
                tasks=[task(20, "Update CRM", id="p1")]),
        entry("acme/2026-10-01-call.md", "2026-10-01", type="call", title="Kickoff",
              key_points=("Budget",), milestones=("Signed",), personal=("Daughter to college",),
              tasks=[task(12, "@dana Send logo", owner="dana", due="2026-10-20", id="t2")]),
    )
    assert report(s) == {
        "client": "acme",
        "profile": {
            "name": "Acme Labs", "path": "acme/client.md", "contact": "Dana", "email": "dana@acme.example",
            "birthday": "1984-11-10", "age": 41, "important_dates": [{"label": "founded", "date": "2009-08-23"}],
            "cadence": "14d", "cadence_days": 14, "status": "active", "interests": ["sailing"],
            "preferences": ["mornings"], "tags": [], "notes": "Met at a fair.", "meta": {"vat": "X1"},
        },
        "days_since": 33,
        "last_contact": "2026-10-01",
        "next_contact": "2026-10-15",
        "contact_due": True,
        "entries": [{"path": "acme/2026-10-01-call.md", "date": "2026-10-01", "type": "call", "title": "Kickoff",
                     "key_points": ["Budget"]}],
        "open_tasks": [{"id": "p1", "client": "acme", "path": "acme/client.md", "line": 20, "text": "Update CRM",
                        "status": "open", "due": None, "owner": None, "overdue": False}],
        "waiting_on": [{"id": "t2", "client": "acme", "path": "acme/2026-10-01-call.md", "line": 12,
                        "text": "@dana Send logo", "status": "open", "due": "2026-10-20", "owner": "dana",
                        "overdue": True}],
        "dates": [{"client": "acme", "label": "birthday", "date": "2026-11-10", "days_until": 7}],
        "goals": [{"title": "Grow 40%", "due": "2027-06-30", "status": "open"}],
        "milestones": [{"date": "2026-10-01", "path": "acme/2026-10-01-call.md", "text": "Signed"}],
        "personal": [{"date": "2026-10-01", "path": "acme/2026-10-01-call.md", "text": "Daughter to college"}],
    }


def test_last_n_dated_entries_up_to_today_newest_first():
    s = snap(*(entry(f"acme/{d}.md", d) for d in
               ["2026-10-01", "2026-10-02", "2026-10-03", "2026-11-03T09:00", "2026-11-04"]),
             entry("acme/undated.md", None),
             entry("acme/x (conflicted copy 2026-11-03).md", "2026-11-03"))
    assert [e["path"] for e in report(s, last=3)["entries"]] == [
        "acme/2026-11-03T09:00.md", "acme/2026-10-03.md", "acme/2026-10-02.md"]
    assert report(s, last=0)["entries"] == []


def test_open_tasks_mine_and_waiting_on_theirs_whatever_the_due_date():
    s = snap(entry("acme/a.md", "2026-10-01", tasks=[
        task(1, "far future", due="2030-01-01"), task(2, "no date"), task(3, "soon", due="2026-11-05"),
        task(4, "done", status=model.DONE), task(5, "cancelled", status=model.CANCELLED),
        task(6, "@bo theirs", owner="bo"), task(7, "@me mine", owner="me")]))
    r = report(s)
    assert [t["text"] for t in r["open_tasks"]] == ["soon", "far future", "no date", "@me mine"]
    assert [t["text"] for t in r["waiting_on"]] == ["@bo theirs"]


def test_other_clients_and_notes_stay_out():
    s = snap(profile("acme"), entry("zeta/a.md", "2026-10-01", tasks=[task(1, "zeta")], personal=("z",)),
             note("inbox.md", tasks=[task(1, "note")]))
    r = report(s)
    assert r["open_tasks"] == [] and r["personal"] == [] and r["entries"] == []


def test_personal_and_milestones_newest_entry_first_undated_last():
    s = snap(
        entry("acme/old.md", "2026-01-01", personal=("old 1", "old 2"), milestones=("m-old",)),
        entry("acme/new.md", "2026-10-01", personal=("new",), milestones=("m-new",)),
        entry("acme/undated.md", None, personal=("undated",)),
    )
    r = report(s)
    assert [(p["text"], p["date"]) for p in r["personal"]] == [
        ("new", "2026-10-01"), ("old 1", "2026-01-01"), ("old 2", "2026-01-01"), ("undated", None)]
    assert [m["text"] for m in r["milestones"]] == ["m-new", "m-old"]


def test_dates_within_the_horizon_and_yearless_birthday_has_no_age():
    s = snap(profile("acme", birthday="--12-03", important={"renewal": "2020-12-04"}))
    r = report(s)
    assert r["dates"] == [{"client": "acme", "label": "birthday", "date": "2026-12-03", "days_until": 30}]
    assert r["profile"]["age"] is None


def test_former_client_still_has_a_brief():
    s = snap(profile("acme", status="former", cadence_days=1), entry("acme/a.md", "2026-10-01"))
    r = report(s)
    assert r["profile"]["status"] == "former" and r["contact_due"] is False


def test_unknown_client_names_client_add():
    with pytest.raises(errors.UnknownClient) as exc:
        brief(snap(profile("acme")), "acme-lab", TODAY, horizon_end=HORIZON)
    assert "journalkit client add" in str(exc.value)
    assert exc.value.exit_code == 2
