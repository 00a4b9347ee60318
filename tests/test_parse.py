import json

import pytest
from hypothesis import given, settings, strategies as st

from journalkit.model import CONFLICT, ENTRY, NOTE, PROFILE, Goal, ImportantDate, to_dict
from journalkit.parse import default_profile, is_conflict_copy, parse_entry, parse_profile

SPEC_ENTRY = """---
date: 2026-11-03 14:30        # YYYY-MM-DD, or with a time, or ISO 8601
type: call                    # free text; usual: meeting, call, email, message, note
title: Q2 pricing review      # else the first '# ' heading, else the file name
attendees: [Dana Whitfield]
tags: [pricing, renewal]      # a list, or one comma-separated string
follow_up: 2026-11-17         # when the next contact is planned
milestones: ["First enterprise deal signed"]
summary: One line that a digest shows instead of the key points
---
# Q2 pricing review

## Key points
- Budget approved for two more seats

## Action items
- [ ] Send revised proposal 📅 2026-11-07
- [ ] @dana Confirm budget due:2026-11-11
- [x] Share onboarding deck ✅ 2026-11-04

## Personal
- Dana's daughter starts college in September #family
"""

SPEC_PROFILE = """---
name: Acme Labs
contact: Dana Whitfield
email: dana@acme.example
birthday: 1984-04-03          # or --04-03 / 04-03 when the year is unknown
important_dates:              # label: date; every one recurs yearly
  company founded: 2009-08-23
cadence: 14d                  # how often I want to be in touch: Nd, Nw, Nm, Ny
status: active                # active (the default) | paused | former; only active clients are due for contact
interests: [sailing, jazz]
preferences: [prefers morning calls]
goals:
  - title: Grow revenue 40% this year
    due: 2027-06-30
    status: open              # open | achieved | dropped
---
Free notes about the client (searchable).
"""


def entry(text, path="acme/2026-11-03-call.md", kind=ENTRY, client="acme"):
    return parse_entry(text, path=path, client=client, kind=kind)


def codes(obj):
    return [p.code for p in obj.problems]


# -- conflict copies -------------------------------------------------------------

@pytest.mark.parametrize("name", [
    "2026-11-03-call (conflicted copy 2026-11-03).md",
    "notes (Dana's conflicted copy 2026-11-03).md",
    "notes (Dana Whitfield's Conflicted Copy 2026-11-03 (1)).md",
    "2026-11-03-call (Conflicted copy laptop 202611031200).md",
    "2026-11-03-call.sync-conflict-20261103-120000-ABCDEFG.md",
    "acme/2026/2026-11-03-call.SYNC-CONFLICT-20261103-120000-ABCDEFG.md",
])
def test_conflict_copies(name):
    assert is_conflict_copy(name)


@pytest.mark.parametrize("name", [
    "2026-11-03-call.md", "conflicted copy.md", "notes (copy).md", "sync-conflict.md",
    "acme (conflicted copy 2026-11-03)/2026-11-03-call.md",
])
def test_not_conflict_copies(name):
    assert not is_conflict_copy(name)


# -- the SPEC example ----------------------------------------------------------------

def test_spec_entry():
    e = entry(SPEC_ENTRY)
    assert e.kind == ENTRY and e.client == "acme" and e.path == "acme/2026-11-03-call.md"
    assert e.date == "2026-11-03T14:30" and e.day == "2026-11-03"
    assert e.type == "call" and e.title == "Q2 pricing review"
    assert e.attendees == ("Dana Whitfield",)
    assert e.tags == ("pricing", "renewal", "family")
    assert e.follow_up == "2026-11-17"
    assert e.milestones == ("First enterprise deal signed",)
    assert e.summary == "One line that a digest shows instead of the key points"
    assert e.key_points == (e.summary,)
    assert e.personal == ("Dana's daughter starts college in September #family",)
    assert [(t.line, t.text, t.status, t.due, t.owner, t.done) for t in e.tasks] == [
        (17, "Send revised proposal", "open", "2026-11-07", None, None),
        (18, "@dana Confirm budget", "open", "2026-11-11", "dana", None),
        (19, "Share onboarding deck", "done", None, None, "2026-11-04"),
    ]
    assert all(t.client == "acme" and t.path == e.path for t in e.tasks)
    assert e.meta == {} and e.problems == ()
    assert e.body.startswith("# Q2 pricing review\n")
    json.dumps(to_dict(e))


def test_spec_profile():
    p, e = parse_profile(SPEC_PROFILE, path="acme/client.md", client="acme")
    assert p.client == "acme" and p.path == "acme/client.md" and p.name == "Acme Labs"
    assert p.contact == "Dana Whitfield" and p.email == "dana@acme.example"
    assert p.birthday == "1984-04-03"
    assert p.important_dates == (ImportantDate("company founded", "2009-08-23"),)
    assert p.cadence == "14d" and p.cadence_days == 14 and p.status == "active"
    assert p.interests == ("sailing", "jazz") and p.preferences == ("prefers morning calls",)
    assert p.goals == (Goal("Grow revenue 40% this year", "2027-06-30", "open"),)
    assert p.notes == "Free notes about the client (searchable).\n"
    assert e.kind == PROFILE and e.title == "Acme Labs" and e.date is None
    assert e.problems == () and e.body == p.notes


# -- dates -------------------------------------------------------------------------

def test_date_from_file_name():
    e = entry("# Hi\n", path="acme/2026/2026-11-03-meeting.md")
    assert e.date == "2026-11-03" and e.problems == ()


def test_front_matter_date_wins_over_file_name():
    assert entry("---\ndate: 2026-10-01\n---\n").date == "2026-10-01"


def test_iso_date_with_offset_kept():
    assert entry("---\ndate: 2026-11-03T14:30:00+02:00\n---\n").date == "2026-11-03T14:30:00+02:00"


def test_quoted_date():
    assert entry("---\ndate: '2026-10-01'\n---\n", path="a/x.md").date == "2026-10-01"


def test_invalid_front_matter_date_falls_back_to_file_name():
    e = entry("---\ntitle: x\ndate: 2026-02-30\n---\n")
    assert e.date == "2026-11-03"
    assert codes(e) == ["date-invalid"] and e.problems[0].line == 3
    assert e.problems[0].severity == "error"


def test_invalid_date_without_file_date_is_undated():
    e = entry("---\ndate: next tuesday\n---\n", path="acme/call.md")
    assert e.date is None and codes(e) == ["entry-undated", "date-invalid"]


def test_empty_date_key_falls_back_silently():
    e = entry("---\ndate:\n---\n")
    assert e.date == "2026-11-03" and e.problems == ()


def test_undated_entry_warns():
    e = entry("text\n", path="acme/ideas.md")
    assert e.date is None and codes(e) == ["entry-undated"]
    assert e.problems[0].line == 1 and e.problems[0].severity == "warning"


def test_undated_note_and_conflict_do_not_warn_undated():
    assert entry("text\n", path="notes.md", kind=NOTE, client=None).problems == ()
    c = entry("text\n", path="acme/ideas (conflicted copy 2026-11-03).md", kind=CONFLICT)
    assert codes(c) == ["sync-conflict"]


def test_file_name_with_impossible_date_is_undated():
    e = entry("x", path="acme/2026-13-45-call.md")
    assert e.date is None and codes(e) == ["entry-undated"]


def test_follow_up():
    assert entry("---\nfollow_up: 2026-11-17\n---\n").follow_up == "2026-11-17"
    assert entry("---\nfollow_up: 2026-11-17 10:00\n---\n").follow_up == "2026-11-17"
    e = entry("---\na: 1\nfollow_up: soon\n---\n")
    assert e.follow_up is None and codes(e) == ["date-invalid"] and e.problems[0].line == 3


# -- text fields -----------------------------------------------------------------------

def test_yaml_core_schema_for_text_fields():
    e = entry("---\ntype: no\ntitle: 1:30\nsummary: 1.10\n---\n")
    assert e.type == "no" and e.title == "1:30" and e.summary == "1.10"


def test_type_kept_as_written_but_stripped():
    assert entry("---\ntype: '  Meeting '\n---\n").type == "Meeting"
    assert entry("---\ntype:\n---\n").type is None
    assert entry("x").type is None


def test_title_from_heading_then_file_name():
    assert entry("intro\n\n# The Heading #\n\n# Second\n").title == "The Heading"
    assert entry("## Not level one\n", path="acme/2026-11-03-call.md").title == "2026-11-03-call"
    assert entry("```\n# in code\n```\n", path="acme/x.MD").title == "x"
    assert entry("---\ntitle: ''\n---\n# H\n").title == "H"


def test_attendees_forms():
    assert entry("---\nattendees: Dana, Omar Reyes ,\n---\n").attendees == ("Dana", "Omar Reyes")
    assert entry("---\nattendees:\n  - Dana\n  - Omar\n---\n").attendees == ("Dana", "Omar")


def test_milestones_forms():
    assert entry("---\nmilestones: Signed, finally\n---\n").milestones == ("Signed, finally",)
    assert entry("---\nmilestones: [a, b]\n---\n").milestones == ("a", "b")


def test_wrong_shapes_warn_and_are_ignored():
    e = entry("---\nattendees: {a: b}\ntitle: [x]\n---\n# H\n")
    assert e.attendees == () and e.title == "H"
    assert codes(e) == ["field-invalid", "field-invalid"]
    assert [p.line for p in e.problems] == [2, 3]


# -- tags ------------------------------------------------------------------------------

def test_tags_front_matter_string_and_inline():
    e = entry("---\ntags: 'Pricing, #Renewal, pricing'\n---\nWe talked #Budget and #q2-plan/sub.\n")
    assert e.tags == ("pricing", "renewal", "budget", "q2-plan/sub")


@pytest.mark.parametrize("body, tags", [
    ("#tag at start", ("tag",)),
    ("a #tag_1-x b", ("tag_1-x",)),
    ("# Heading\n## Sub", ()),
    ("#1 not a tag, #_x neither", ()),
    ("C# and a#b and &#123; no", ()),
    ("see http://x.example/page#anchor", ()),
    ("a link [x](#anchor)", ()),
    ("code `#notatag` and ``#nor`` here #yes", ("yes",)),
    ("```\n#fenced\n```\n#after", ("after",)),
    ("## Notes #inheading", ("inheading",)),
    ("(#paren) x", ("paren",)),
    ("#Dup #dup", ("dup",)),
    ("#étiquette", ("étiquette",)),
    ("#trail/ ok", ("trail",)),
])
def test_inline_tags(body, tags):
    assert entry(body).tags == tags


# -- key points and personal ----------------------------------------------------------------

def test_key_points_from_section():
    body = ("# T\n\nIntro paragraph.\n\n## Key points\n- First\n* Second point\n- [ ] a task\n"
            "1. Third\n   - nested\n\n### Detail\n- still inside\n## Next\n- outside\n")
    e = entry(body)
    assert e.key_points == ("First", "Second point", "Third", "nested", "still inside")


def test_key_points_heading_any_case_and_level():
    assert entry("#### KEY POINTS:\n- a\n").key_points == ("a",)
    assert entry("# key points\n- a\n# Other\n- b\n").key_points == ("a",)


def test_summary_beats_key_points():
    assert entry("---\nsummary: S\n---\n## Key points\n- a\n").key_points == ("S",)


def test_key_points_fall_back_to_first_paragraph():
    e = entry("# Title\n\nFirst line\nsecond   line.\n\nSecond paragraph.\n")
    assert e.key_points == ("First line second line.",)


def test_first_paragraph_skips_task_lines():
    assert entry("- [ ] a task\nThen prose.\n").key_points == ("Then prose.",)


def test_front_matter_tags_split_on_spaces():
    assert entry("---\ntags: pricing renewal, q2\n---\n").tags == ("pricing", "renewal", "q2")


def test_first_paragraph_cut_on_word_boundary():
    words = " ".join(["word"] * 100)
    (kp,) = entry(words).key_points
    assert kp.endswith("…") and len(kp) <= 201 and not kp[:-1].endswith(" ")
    assert kp[:-1].split(" ")[-1] == "word"


def test_no_key_points_for_empty_body():
    assert entry("---\ntitle: x\n---\n").key_points == ()
    assert entry("# Only a heading\n").key_points == ()


def test_personal_items():
    body = "## Personal\n- Kids: two #family\n- [ ] send card\n## Personal\n* Likes jazz\n## Other\n- no\n"
    assert entry(body).personal == ("Kids: two #family", "Likes jazz")


# -- tasks -----------------------------------------------------------------------------

def test_task_line_numbers_count_front_matter():
    e = entry("---\ntitle: x\n---\n\n- [ ] a\n")
    assert [t.line for t in e.tasks] == [5]


def test_task_lines_in_front_matter_do_not_count():
    e = entry("---\nsummary: |\n  - [ ] not a task\n---\n- [ ] real\n")
    assert [(t.line, t.text) for t in e.tasks] == [(5, "real")]


def test_task_due_invalid_warns():
    e = entry("x\n- [ ] a due:2026-13-45\n- [ ] b 📅 tomorrow\n")
    assert [(p.code, p.line, p.severity) for p in e.problems] == [
        ("task-due-invalid", 2, "warning"), ("task-due-invalid", 3, "warning")]
    assert "2026-13-45" in e.problems[0].message
    assert e.tasks[0].due is None and e.tasks[0].due_raw == "2026-13-45"


def test_crlf_entry_line_numbers():
    text = SPEC_ENTRY.replace("\n", "\r\n")
    e = entry(text)
    assert [t.line for t in e.tasks] == [17, 18, 19] and e.problems == ()


# -- meta ------------------------------------------------------------------------------------

def test_unknown_keys_kept_in_meta_json_safe():
    e = entry("---\ndate: 2026-11-03\nmood: good\nscore: 7\nratio: 1.5\nok: true\n"
              "nested: {a: [1, null]}\nbig: 1e400\n---\n")
    assert e.meta == {"mood": "good", "score": 7, "ratio": 1.5, "ok": True,
                      "nested": {"a": [1, None]}, "big": "1e400"}
    json.dumps(e.meta, allow_nan=False)


# -- bad front matter ------------------------------------------------------------------------

def test_invalid_yaml_still_gives_body_and_file_date():
    e = entry("---\ntitle: [oops\n---\n# Heading\n- [ ] task\n")
    assert codes(e) == ["yaml-invalid"] and e.title == "Heading"
    assert e.date == "2026-11-03" and [t.line for t in e.tasks] == [5]


def test_alias_front_matter_refused_body_indexed():
    e = entry("---\ntype: &t call\nx: *t\n---\n# B\n")
    assert codes(e) == ["yaml-alias"] and e.type is None and e.meta == {} and e.title == "B"


def test_unclosed_front_matter_whole_text_is_body():
    e = entry("---\ntitle: x\n- [ ] a task\n")
    assert codes(e) == ["front-matter-unclosed"] and e.title == "2026-11-03-call"
    assert [t.line for t in e.tasks] == [3]


def test_not_mapping():
    e = entry("---\n- a\n---\n")
    assert codes(e) == ["front-matter-not-mapping"]


def test_merge_conflict_markers():
    text = "# T\n<<<<<<< HEAD\n- [ ] mine\n=======\n- [ ] theirs\n>>>>>>> branch\n"
    e = entry(text)
    assert codes(e) == ["merge-conflict"] and e.problems[0].line == 2
    assert e.problems[0].severity == "error"


def test_merge_conflict_in_front_matter():
    e = entry("---\n<<<<<<< HEAD\ntitle: a\n=======\ntitle: b\n>>>>>>> x\n---\n")
    assert "merge-conflict" in codes(e)
    assert [p.line for p in e.problems if p.code == "merge-conflict"] == [2]


def test_setext_underline_is_not_a_merge_conflict():
    assert entry("Title\n=======\ntext\n").problems == ()


def test_sync_conflict_copy_warns():
    e = entry("---\ndate: 2026-11-03\n---\n- [ ] a\n",
              path="acme/2026-11-03-call (conflicted copy 2026-11-04).md", kind=CONFLICT)
    assert e.kind == CONFLICT and codes(e) == ["sync-conflict"]
    assert "delete" in e.problems[0].message and e.problems[0].line == 1


def test_empty_file():
    e = entry("", path="acme/2026-11-03-call.md")
    assert e.date == "2026-11-03" and e.title == "2026-11-03-call" and e.tasks == ()
    assert e.key_points == () and e.body == ""


# -- profiles --------------------------------------------------------------------------------

def test_default_profile():
    p = default_profile("acme-labs")
    assert p.client == "acme-labs" and p.name == "acme-labs" and p.path is None
    assert p.cadence is None and p.cadence_days is None and p.status == "active"


def test_profile_defaults_without_front_matter():
    p, e = parse_profile("Just notes\n- [ ] call @dana\n", path="acme/client.md", client="acme")
    assert p.name == "acme" and p.status == "active" and p.cadence is None
    assert [t.owner for t in p.tasks] == ["dana"] and e.tasks == p.tasks
    assert e.kind == PROFILE and e.problems == ()


@pytest.mark.parametrize("value, normal", [
    ("1984-04-03", "1984-04-03"), ("--04-03", "--04-03"), ("'04-03'", "--04-03"), ("04-03", "--04-03"),
])
def test_profile_birthday_forms(value, normal):
    p, _ = parse_profile(f"---\nbirthday: {value}\n---\n", path="a/client.md", client="a")
    assert p.birthday == normal


def test_profile_problems():
    text = ("---\nname: A\nbirthday: 1985-02-29\nimportant_dates:\n  founded: 2009-13-01\n"
            "  wedding: --06-12\ncadence: often\nstatus: sleeping\n"
            "goals:\n  - title: G\n    due: someday\n    status: maybe\n  - Plain goal\n---\n")
    p, e = parse_profile(text, path="a/client.md", client="a")
    assert p.birthday is None and p.important_dates == (ImportantDate("wedding", "--06-12"),)
    assert p.cadence is None and p.cadence_days is None and p.status == "active"
    assert p.goals == (Goal("G", None, "open"), Goal("Plain goal"))
    assert [(x.code, x.line) for x in e.problems] == [
        ("date-invalid", 3), ("date-invalid", 4), ("cadence-invalid", 7),
        ("status-invalid", 8), ("date-invalid", 9), ("status-invalid", 9)]
    assert {x.severity for x in e.problems if x.code == "date-invalid"} == {"error"}


def test_profile_cadence_and_status_forms():
    p, _ = parse_profile("---\ncadence: 2w\nstatus: Paused\n---\n", path="a/client.md", client="a")
    assert p.cadence == "2w" and p.cadence_days == 14 and p.status == "paused"
    p, e = parse_profile("---\ncadence:\nstatus:\n---\n", path="a/client.md", client="a")
    assert p.cadence is None and p.status == "active" and e.problems == ()


def test_profile_lists_as_strings_and_meta():
    p, e = parse_profile("---\ninterests: sailing, jazz\npreferences: mornings\ntags: [vip]\n"
                         "industry: retail\n---\nNotes #key-account\n", path="a/client.md", client="a")
    assert p.interests == ("sailing", "jazz") and p.preferences == ("mornings",)
    assert p.tags == ("vip", "key-account") and e.tags == p.tags
    assert p.meta == {"industry": "retail"} and e.meta == p.meta


def test_profile_important_dates_as_list():
    p, _ = parse_profile("---\nimportant_dates:\n  - founded: 2009-08-23\n---\n",
                         path="a/client.md", client="a")
    assert p.important_dates == (ImportantDate("founded", "2009-08-23"),)


def test_profile_with_broken_yaml():
    p, e = parse_profile("---\nname: [A\n---\nbody\n", path="a/client.md", client="a")
    assert p.name == "a" and codes(e) == ["yaml-invalid"] and p.notes == "body\n"


# -- robustness ------------------------------------------------------------------------------

@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400), st.sampled_from([ENTRY, NOTE, CONFLICT]))
def test_parse_entry_never_raises(text, kind):
    e = entry(text, kind=kind)
    json.dumps(to_dict(e))
    assert all(p.line >= 1 for p in e.problems)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(
    ["---\n", "date: ", "2026-11-03", "title: ", "tags: ", "[", "]", "&a ", "*a", "\n", "# ", "## Key points\n",
     "- ", "[ ] ", "#tag ", "`", "```\n", "<<<<<<< x\n", "goals:\n  - ", "status: ", "cadence: 3w",
     "birthday: ", "--02-29", ": ", "x", " "]), max_size=40).map("".join))
def test_parse_structured_noise_never_raises(text):
    e = entry(text)
    json.dumps(to_dict(e))
    p, pe = parse_profile(text, path="a/client.md", client="a")
    json.dumps(to_dict(p))
    assert pe.kind == PROFILE
