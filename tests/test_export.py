"""`export`: the JSON document and the hand-written iCalendar feed."""

from __future__ import annotations

import datetime as dt

import icalendar

from journalkit import model
from journalkit.reports import export_ics, export_json
from journalkit.reports.export import escape_text, fold
from tests.builders import D, entry, note, profile, snap, task

TODAY = D("2026-11-03")


def sample():
    return snap(
        profile("acme", name="Acme Labs", contact="Dana Whitfield", birthday="1984-04-03", cadence_days=14,
                important={"company founded": "2009-08-23"}, tasks=[task(20, "Update CRM", due="2026-11-20")]),
        profile("leap", status="paused", birthday="--02-29"),
        profile("old", status="former", birthday="1970-01-01"),
        entry("acme/2026-10-01-call.md", "2026-10-01T14:30", type="call", title="Kickoff",
              tags=("pricing",), attendees=("Dana",), follow_up="2026-10-20", key_points=("k",),
              meta={"mood": "good"}, milestones=("Signed",),
              tasks=[task(12, "Send proposal; v2, final", due="2026-11-07", id="t1"),
                     task(13, "@dana Confirm budget", owner="dana", due="2026-11-11", id="t2"),
                     task(14, "no due date"), task(15, "closed", status=model.DONE, due="2026-11-01")]),
        entry("leap/a.md", "2026-10-01", tasks=[task(1, "paused task", due="2026-11-05")]),
        entry("old/a.md", "2026-10-01", tasks=[task(1, "former task", due="2026-11-05")]),
        entry("acme/a (conflicted copy 2026-10-02).md", "2026-10-01", tasks=[task(12, "copy", due="2026-11-07")]),
        note("inbox.md", tasks=[task(3, "Renew domain", due="2026-11-30")]),
    )


# -- JSON ----------------------------------------------------------------------------


def test_json_has_entries_and_notes_only_sorted_by_path():
    doc = export_json(sample())
    assert [e["path"] for e in doc["entries"]] == ["acme/2026-10-01-call.md", "inbox.md", "leap/a.md", "old/a.md"]


def test_json_entry_shape_exactly():
    e = export_json(sample())["entries"][0]
    assert e == {
        "path": "acme/2026-10-01-call.md", "client": "acme", "date": "2026-10-01T14:30", "type": "call",
        "title": "Kickoff", "tags": ["pricing"], "attendees": ["Dana"], "follow_up": "2026-10-20",
        "key_points": ["k"],
        "tasks": [
            {"id": "t1", "line": 12, "text": "Send proposal; v2, final", "status": "open", "due": "2026-11-07",
             "done": None, "owner": None},
            {"id": "t2", "line": 13, "text": "@dana Confirm budget", "status": "open", "due": "2026-11-11",
             "done": None, "owner": "dana"},
            {"id": e["tasks"][2]["id"], "line": 14, "text": "no due date", "status": "open", "due": None,
             "done": None, "owner": None},
            {"id": e["tasks"][3]["id"], "line": 15, "text": "closed", "status": "done", "due": "2026-11-01",
             "done": None, "owner": None},
        ],
        "meta": {"mood": "good"}, "kind": "entry", "milestones": ["Signed"], "personal": [],
    }


# -- ICS -----------------------------------------------------------------------------


def events(text):
    cal = icalendar.Calendar.from_ical(text)
    return {str(ev["SUMMARY"]): ev for ev in cal.walk("VEVENT")}


def test_ics_parses_and_is_byte_identical_across_runs():
    a, b = export_ics(sample(), TODAY), export_ics(sample(), TODAY)
    assert a == b
    cal = icalendar.Calendar.from_ical(a)
    assert str(cal["VERSION"]) == "2.0" and "journalkit" in str(cal["PRODID"])
    uids = [str(ev["UID"]) for ev in cal.walk("VEVENT")]
    assert len(uids) == len(set(uids)) and all(u.endswith("@journalkit") for u in uids)


def test_ics_line_ends_and_folding():
    text = export_ics(sample(), TODAY)
    assert "\n" not in text.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    assert text.endswith("END:VCALENDAR\r\n")


def test_ics_contents():
    ev = events(export_ics(sample(), TODAY))
    assert sorted(ev) == sorted([
        "[Acme Labs] Send proposal; v2, final",
        "[Acme Labs] Waiting on dana: @dana Confirm budget",
        "[Acme Labs] Update CRM",
        "[Leap] paused task",
        "Renew domain",
        "Get in touch: Acme Labs (due since 2026-10-15)",
        "Birthday: Dana Whitfield (Acme Labs)",
        "company founded: Acme Labs",
        "Birthday: Leap",
    ])
    task_ev = ev["[Acme Labs] Send proposal; v2, final"]
    assert task_ev.decoded("DTSTART") == D("2026-11-07")
    assert task_ev.decoded("DTEND") == D("2026-11-08")
    assert "journalkit done t1" in str(task_ev["DESCRIPTION"])
    assert str(task_ev["DTSTAMP"].to_ical().decode()) == "20261103T000000Z"


def test_ics_overdue_contact_is_shown_today():
    ev = events(export_ics(sample(), TODAY))["Get in touch: Acme Labs (due since 2026-10-15)"]
    # last contact 10-01 + cadence 14 days: overdue since 10-15
    assert ev.decoded("DTSTART") == TODAY
    assert "2026-10-01" in str(ev["DESCRIPTION"])


def test_ics_yearly_dates_recur_and_leap_day_uses_last_day_of_february():
    ev = events(export_ics(sample(), TODAY))
    bday = ev["Birthday: Dana Whitfield (Acme Labs)"]
    assert bday.decoded("DTSTART") == D("1984-04-03")
    assert bday["RRULE"].to_ical() == b"FREQ=YEARLY"
    leap = ev["Birthday: Leap"]
    assert leap.decoded("DTSTART") == D("2026-02-28")
    assert dict(leap["RRULE"]) == {"FREQ": ["YEARLY"], "BYMONTH": [2], "BYMONTHDAY": [-1]}
    assert "\r\nRRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1\r\n" in export_ics(sample(), TODAY)


def test_ics_horizon_limits_tasks_and_contacts_not_yearly_events():
    ev = events(export_ics(sample(), TODAY, horizon_end=D("2026-11-10")))
    assert "[Acme Labs] Update CRM" not in ev and "Renew domain" not in ev
    assert "Birthday: Leap" in ev and "Get in touch: Acme Labs (due since 2026-10-15)" in ev


def test_ics_uids_follow_content_not_line_numbers():
    def uids(s):
        return {str(e["SUMMARY"]): str(e["UID"]) for e in icalendar.Calendar.from_ical(export_ics(s, TODAY)).walk("VEVENT")}

    before = uids(snap(entry("acme/a.md", "2026-10-01", tasks=[task(5, "Call", due="2026-11-05")])))
    after = uids(snap(entry("acme/a.md", "2026-10-01", tasks=[task(9, "Call", due="2026-11-06")])))
    assert before["[acme] Call"] == after["[acme] Call"]
    cal = icalendar.Calendar.from_ical(export_ics(snap(entry("acme/a.md", "2026-10-01", tasks=[
        task(1, "Same", due="2026-11-05"), task(2, "Same", due="2026-11-06")])), TODAY))
    assert len({str(e["UID"]) for e in cal.walk("VEVENT")}) == 2


def test_ics_empty_vault_is_a_valid_calendar():
    cal = icalendar.Calendar.from_ical(export_ics(snap(), TODAY))
    assert cal.walk("VEVENT") == []


def test_escape_text():
    assert escape_text("a\\b;c,d\ne\r\nf") == "a\\\\b\\;c\\,d\\ne\\nf"


def test_fold_never_splits_a_utf8_character():
    line = "SUMMARY:" + "é✅" * 40
    folded = fold(line)
    parts = folded[:-2].split("\r\n")
    assert all(len(p.encode()) <= 75 for p in parts)
    assert "".join(p[1:] if i else p for i, p in enumerate(parts)) == line
    assert fold("SHORT:x") == "SHORT:x\r\n"


def test_text_with_special_characters_round_trips():
    s = snap(entry("acme/a.md", "2026-10-01", tasks=[task(1, "Ask: a,b;c\\d — ünïcødé " * 4, due="2026-11-05")]))
    ev = icalendar.Calendar.from_ical(export_ics(s, TODAY)).walk("VEVENT")
    assert any(str(e["SUMMARY"]) == "[acme] " + "Ask: a,b;c\\d — ünïcødé " * 4 for e in ev)


def test_leap_day_rule_expands_to_28_february_in_common_years():
    from dateutil.rrule import rrulestr

    rule = rrulestr("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1", dtstart=dt.datetime(2000, 2, 29))
    assert [d.date() for d in rule[:5]] == [D(x) for x in
                                           ["2000-02-29", "2001-02-28", "2002-02-28", "2003-02-28", "2004-02-29"]]
