"""`clients`: one row per client, counts, and the most-neglected-first order."""

from __future__ import annotations

from journalkit import model
from journalkit.model import to_dict
from journalkit.reports import clients
from tests.builders import D, entry, note, profile, snap, task

TODAY = D("2026-11-03")
HORIZON = D("2026-11-17")


def rows(s):
    return to_dict(clients(s, TODAY, HORIZON))["clients"]


def test_json_shape_exactly():
    s = snap(
        profile("acme", name="Acme Labs", cadence_days=14, tasks=[task(20, "profile task")]),
        entry("acme/a.md", "2026-10-20", tasks=[
            task(3, "mine"), task(4, "theirs", owner="dana"), task(5, "closed", status=model.DONE)]),
        entry("acme/undated.md", None),
        entry("acme/plan.md", "2026-12-01"),
    )
    assert to_dict(clients(s, TODAY, HORIZON)) == {
        "today": "2026-11-03",
        "clients": [{
            "client": "acme", "name": "Acme Labs", "status": "active", "last_contact": "2026-10-20",
            "days_since": 14, "entries": 3, "open_mine": 2, "open_theirs": 1, "cadence_days": 14,
            "next_contact": "2026-11-03", "contact_due": True,
        }],
    }


def test_entries_count_only_entries_not_notes_profiles_or_conflicts():
    s = snap(
        profile("acme"),
        entry("acme/a.md", "2026-10-01"),
        entry("acme/a (conflicted copy 2026-10-02).md", "2026-10-01", tasks=[task(1, "copy")]),
        note("inbox.md", "2026-10-01", tasks=[task(1, "note")]),
    )
    (row,) = rows(s)
    assert (row["entries"], row["open_mine"], row["open_theirs"]) == (1, 0, 0)


def test_a_folder_without_profile_is_listed_by_its_slug():
    s = model.Snapshot(entries=(entry("ghost/a.md", "2026-10-01"),), profiles=())
    assert rows(s)[0]["name"] == "ghost"


def test_never_contacted_client():
    (row,) = rows(snap(profile("new")))
    assert (row["last_contact"], row["days_since"], row["next_contact"], row["contact_due"]) == (
        None, None, "2026-11-03", True)


def test_most_neglected_active_first_then_paused_then_former():
    s = snap(
        profile("former", status="former"), entry("former/a.md", "2020-01-01"),
        profile("paused", status="paused", cadence_days=1), entry("paused/a.md", "2020-01-01"),
        profile("fine", cadence_days=60), entry("fine/a.md", "2026-11-01"),
        profile("no-cadence"), entry("no-cadence/a.md", "2025-01-01"),
        profile("due-soon", cadence_days=14), entry("due-soon/a.md", "2026-11-01"),
        profile("overdue", cadence_days=14), entry("overdue/a.md", "2026-09-01"),
        profile("never"),
    )
    assert [r["client"] for r in rows(s)] == [
        "overdue",     # next 09-15
        "never",       # next today
        "due-soon",    # next 11-15
        "fine",        # not due: next 12-31
        "no-cadence",  # not due and no next contact
        "paused",
        "former",
    ]


def test_ties_on_next_contact_break_by_longest_silence():
    s = snap(
        profile("a", cadence_days=30), entry("a/x.md", "2026-10-01"),
        profile("b", cadence_days=20), entry("b/x.md", "2026-10-11"),
        profile("c"), entry("c/x.md", "2026-09-01"), entry("c/u.md", None, follow_up="2026-10-31"),
    )
    assert [r["client"] for r in rows(s)] == ["c", "a", "b"]
