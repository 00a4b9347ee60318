"""The shared rules: last contact, next contact, due for contact, yearly dates, what counts."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.builders import D, entry, note, profile, snap, task
from journalkit import model
from journalkit.reports import contact as c

TODAY = D("2026-11-03")
HORIZON = D("2026-11-17")


def state(s, client="acme", today=TODAY, horizon=HORIZON):
    return c.contact_states(s, today, horizon)[client]


# -- last contact -----------------------------------------------------------------


def test_last_contact_is_newest_dated_entry_on_or_before_today():
    s = snap(profile("acme"), entry("acme/a.md", "2026-10-01"), entry("acme/b.md", "2026-10-20"))
    assert state(s).last_contact == D("2026-10-20")


def test_future_dated_entries_are_plans_not_contact():
    s = snap(profile("acme"), entry("acme/a.md", "2026-10-01"), entry("acme/plan.md", "2026-11-04"))
    assert state(s).last_contact == D("2026-10-01")


def test_entry_dated_today_with_a_late_time_counts_by_calendar_date():
    s = snap(profile("acme"), entry("acme/a.md", "2026-11-03T23:59+05:00"))
    assert state(s).last_contact == TODAY
    assert state(s).days_since(TODAY) == 0


def test_undated_entries_notes_profiles_and_conflicts_are_never_contact():
    s = snap(
        profile("acme", cadence_days=30),
        entry("acme/undated.md", None),
        entry("acme/x (conflicted copy 2026-11-01).md", "2026-11-01"),
        note("inbox.md", date="2026-11-02"),
    )
    st_ = state(s)
    assert st_.last_contact is None
    assert st_.days_since(TODAY) is None


# -- next contact -----------------------------------------------------------------


def test_cadence_gives_next_contact():
    s = snap(profile("acme", cadence_days=14), entry("acme/a.md", "2026-10-25"))
    assert state(s).next_contact == D("2026-11-08")


def test_follow_up_before_last_contact_is_fulfilled():
    s = snap(
        profile("acme", cadence_days=30),
        entry("acme/a.md", "2026-10-01", follow_up="2026-10-10"),
        entry("acme/b.md", "2026-10-15"),
    )
    assert state(s).next_contact == D("2026-11-14")  # cadence, the follow-up is done


def test_follow_up_on_the_last_contact_day_is_fulfilled():
    s = snap(
        profile("acme", cadence_days=30),
        entry("acme/a.md", "2026-10-01", follow_up="2026-10-15"),
        entry("acme/b.md", "2026-10-15"),
    )
    assert state(s).next_contact == D("2026-11-14")


def test_follow_up_after_last_contact_is_pending_and_earliest_wins():
    s = snap(
        profile("acme", cadence_days=30),
        entry("acme/a.md", "2026-10-15", follow_up="2026-10-20"),
    )
    assert state(s).next_contact == D("2026-10-20")
    assert state(s).contact_due


def test_cadence_earlier_than_follow_up_wins():
    s = snap(profile("acme", cadence_days=7), entry("acme/a.md", "2026-11-01", follow_up="2026-12-01"))
    assert state(s).next_contact == D("2026-11-08")


def test_follow_up_in_an_undated_or_future_entry_counts():
    s = snap(
        profile("acme", cadence_days=60),
        entry("acme/a.md", "2026-10-01"),
        entry("acme/undated.md", None, follow_up="2026-11-10"),
        entry("acme/plan.md", "2026-12-01", follow_up="2026-11-09"),
    )
    assert state(s).next_contact == D("2026-11-09")


def test_follow_up_in_a_conflict_copy_counts_nowhere():
    s = snap(
        profile("acme", cadence_days=60),
        entry("acme/a.md", "2026-10-01"),
        entry("acme/a (conflicted copy 2026-10-02).md", "2026-10-01", follow_up="2026-10-05"),
    )
    assert state(s).next_contact == D("2026-11-30")


def test_a_follow_up_that_does_not_parse_counts_as_none():
    s = snap(profile("acme"), entry("acme/a.md", "2026-10-01", follow_up="next tuesday"))
    assert state(s).next_contact is None
    assert not state(s).contact_due


def test_no_contact_yet_is_due_at_once():
    s = snap(profile("acme"))
    st_ = state(s)
    assert (st_.last_contact, st_.next_contact, st_.contact_due) == (None, TODAY, True)


def test_no_contact_yet_but_an_earlier_pending_follow_up():
    s = snap(profile("acme"), entry("acme/undated.md", None, follow_up="2026-10-01"))
    assert state(s).next_contact == D("2026-10-01")


def test_no_cadence_no_follow_up_is_never_due():
    s = snap(profile("acme"), entry("acme/a.md", "2026-01-01"))
    assert state(s).next_contact is None
    assert not state(s).contact_due


# -- due for contact: horizon edges and status ----------------------------------------


@pytest.mark.parametrize(
    "last, due",
    [("2026-11-03", True), ("2026-11-04", False)],  # next = last + 14: 11-17 (== horizon end) / 11-18
)
def test_horizon_end_is_included(last, due):
    s = snap(profile("acme", cadence_days=14), entry("acme/a.md", "2026-10-01"),
             entry("acme/plan.md", last))
    today = D(last)  # the entry must not be in the future
    assert c.contact_states(s, today, HORIZON)["acme"].contact_due is due


@pytest.mark.parametrize("status", ["paused", "former"])
def test_only_active_clients_are_due(status):
    s = snap(profile("acme", status=status, cadence_days=1), entry("acme/a.md", "2026-01-01"))
    st_ = state(s)
    assert st_.next_contact == D("2026-01-02")  # the rule still gives a date
    assert not st_.contact_due


# -- yearly dates ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, today, expected",
    [
        ("1984-04-03", "2026-04-03", "2026-04-03"),  # today counts
        ("1984-04-03", "2026-04-04", "2027-04-03"),
        ("--04-03", "2026-01-01", "2026-04-03"),
        ("04-03", "2026-12-31", "2027-04-03"),
        ("1984-02-29", "2027-01-01", "2027-02-28"),
        ("--02-29", "2027-03-01", "2028-02-29"),
        ("2000-02-29", "2028-02-28", "2028-02-29"),
        ("1990-12-31", "2026-12-31", "2026-12-31"),
    ],
)
def test_next_occurrence(value, today, expected):
    assert c.next_occurrence(value, D(today)) == D(expected)


@pytest.mark.parametrize("value", ["", "soon", "1984-02-30", "--13-01", "02-30", None])
def test_bad_yearly_dates_give_none(value):
    assert c.next_occurrence(value, TODAY) is None


@pytest.mark.parametrize(
    "birthday, day, age",
    [
        ("1984-04-03", "2026-04-02", 41),
        ("1984-04-03", "2026-04-03", 42),
        ("2000-02-29", "2027-02-27", 26),
        ("2000-02-29", "2027-02-28", 27),  # 29 Feb falls on 28 Feb in common years
        ("2000-02-29", "2028-02-28", 27),
        ("2000-02-29", "2028-02-29", 28),
        ("--04-03", "2026-04-03", None),
        ("2030-01-01", "2026-04-03", None),
    ],
)
def test_age_on(birthday, day, age):
    assert c.age_on(birthday, D(day)) == age


@given(st.dates(min_value=dt.date(1901, 1, 1), max_value=dt.date(2100, 1, 1)),
       st.dates(min_value=dt.date(1901, 1, 1), max_value=dt.date(2099, 1, 1)))
def test_next_occurrence_is_within_a_year_and_same_day_of_year(birth, today):
    nxt = c.next_occurrence(birth.isoformat(), today)
    assert today <= nxt < today + dt.timedelta(days=366)
    assert nxt.month == birth.month
    assert nxt.day == birth.day or (birth.month, birth.day, nxt.day) == (2, 29, 28)


# -- what counts ------------------------------------------------------------------------


def test_counted_tasks_takes_profile_tasks_once_and_skips_conflicts():
    s = snap(
        profile("acme", tasks=[task(9, "in profile")]),
        entry("acme/a.md", "2026-10-01", tasks=[task(3, "in entry")]),
        entry("acme/a (conflicted copy 2026-10-02).md", "2026-10-01", tasks=[task(3, "in entry")]),
        note("inbox.md", tasks=[task(1, "in note")]),
    )
    texts = [(t.path, t.text) for t in c.counted_tasks(s)]
    assert texts == [("acme/a.md", "in entry"), ("acme/client.md", "in profile"), ("inbox.md", "in note")]


def test_key_points_prefer_summary():
    assert c.key_points(entry("a/x.md", summary="one line", key_points=("k",))) == ("one line",)
    assert c.key_points(entry("a/x.md", key_points=("k",))) == ("k",)


def test_a_client_with_entries_but_no_profile_is_still_a_client():
    s = model.Snapshot(entries=(entry("ghost/a.md", "2026-10-01"),), profiles=())
    assert [p.client for p in c.client_profiles(s)] == ["ghost"]
