import re

import pytest
from hypothesis import given, settings, strategies as st

from journalkit.model import CANCELLED, DONE, OPEN
from journalkit.tasks import parse_task_line, parse_tasks, task_id


def task(line, line_no=1):
    return parse_task_line(line, path="acme/n.md", line_no=line_no, client="acme")


def test_task_id_is_stable_short_and_distinct():
    a = task_id("acme/n.md", 3)
    assert a == task_id("acme/n.md", 3)
    assert re.fullmatch(r"[a-z2-7]{8}", a)
    assert a != task_id("acme/n.md", 4) and a != task_id("acme/m.md", 3)


@pytest.mark.parametrize("line, status", [
    ("- [ ] a", OPEN), ("- [/] a", OPEN), ("- [x] a", DONE), ("- [X] a", DONE), ("- [-] a", CANCELLED),
    ("* [ ] a", OPEN), ("+ [ ] a", OPEN), ("1. [ ] a", OPEN), ("12) [x] a", DONE),
    ("    - [ ] nested", OPEN), ("\t- [ ] tab", OPEN), ("-\t[ ]\ta", OPEN),
])
def test_task_lines(line, status):
    t = task(line)
    assert t is not None and t.status == status and t.raw == line


@pytest.mark.parametrize("line", [
    "- [ ]", "- [ ]   ", "-[ ] a", "- [ ]a", "- [y] a", "[ ] a", "- a [ ] b", "text - [ ] a",
    "- [  ] a", "> - [ ] quoted", "", "# [ ] heading",
])
def test_not_task_lines(line):
    assert task(line) is None


def test_fields():
    t = parse_task_line("- [ ] Send proposal 📅 2026-11-07", path="p.md", line_no=7, client="c")
    assert (t.id, t.client, t.path, t.line) == (task_id("p.md", 7), "c", "p.md", 7)
    assert t.text == "Send proposal" and t.due == "2026-11-07" and t.owner is None
    assert t.done is None and t.due_raw is None


@pytest.mark.parametrize("line, due", [
    ("- [ ] a 📅 2026-11-07", "2026-11-07"),
    ("- [ ] a 📅2026-11-07", "2026-11-07"),
    ("- [ ] a 📆 2026-11-07", "2026-11-07"),
    ("- [ ] a 🗓 2026-11-07", "2026-11-07"),
    ("- [ ] a 🗓\ufe0f 2026-11-07", "2026-11-07"),
    ("- [ ] a 📅\ufe0f2026-11-07", "2026-11-07"),
    ("- [ ] a due:2026-11-07", "2026-11-07"),
    ("- [ ] a DUE:2026-11-07", "2026-11-07"),
    ("- [ ] a due:2026-11-07.", "2026-11-07"),
    ("- [ ] a [due:: 2026-11-07]", "2026-11-07"),
    ("- [ ] a [due::2026-11-07] more", "2026-11-07"),
    ("- [ ] a (due:: 2026-11-07)", "2026-11-07"),
    ("- [ ] a 📅 2026-11-07 due:2026-12-01", "2026-11-07"),
])
def test_due_forms(line, due):
    t = task(line)
    assert t.due == due and t.due_raw is None
    assert "2026-11-07" not in t.text and "due" not in t.text.lower() and "📅" not in t.text


@pytest.mark.parametrize("line, done", [
    ("- [x] a ✅ 2026-11-04", "2026-11-04"),
    ("- [x] a ✅2026-11-04", "2026-11-04"),
    ("- [x] a done:2026-11-04", "2026-11-04"),
    ("- [x] a [completion:: 2026-11-04]", "2026-11-04"),
])
def test_done_forms(line, done):
    t = task(line)
    assert t.done == done and t.text == "a" and t.status == DONE


def test_due_and_done_together():
    t = task("- [x] Share deck 📅 2026-11-01 ✅ 2026-11-04 ⏫")
    assert t.due == "2026-11-01" and t.done == "2026-11-04" and t.text == "Share deck ⏫"


@pytest.mark.parametrize("line, raw", [
    ("- [ ] a due:2026-13-45", "2026-13-45"),
    ("- [ ] a 📅 tomorrow", "tomorrow"),
    ("- [ ] a [due:: next week]", "next week"),
    ("- [ ] a 📅 2026-02-30", "2026-02-30"),
])
def test_unparseable_due(line, raw):
    t = task(line)
    assert t.due is None and t.due_raw == raw and t.text == "a"


def test_due_like_words_are_not_markers():
    t = task("- [ ] ask what is due: the invoice; overdue:2026-01-01 http://x/due:2026-01-01")
    assert t.due is None and t.due_raw is None
    assert "overdue:2026-01-01" in t.text


def test_other_obsidian_fields_stay():
    t = task("- [ ] Call back ⏫ ⏳ 2026-11-05 🛫 2026-11-04 🔁 every week 📅 2026-11-07")
    assert t.text == "Call back ⏫ ⏳ 2026-11-05 🛫 2026-11-04 🔁 every week"
    assert t.due == "2026-11-07"


def test_whitespace_collapsed():
    assert task("- [ ]   a    b\t c   ").text == "a b c"


@pytest.mark.parametrize("line, owner", [
    ("- [ ] @dana Confirm budget", "dana"),
    ("- [ ] Confirm budget with @dana.", "dana"),
    ("- [ ] ask @dana-w and @omar", "dana-w"),
    ("- [ ] ping @j.smith_2 today", "j.smith_2"),
    ("- [ ] (@Ann) x", "Ann"),
    ("- [ ] @me write it", None),
    ("- [ ] @Me write it", None),
    ("- [ ] write to dana@acme.example", None),
    ("- [ ] write to dana@acme.example for @omar", "omar"),
    ("- [ ] nobody", None),
    ("- [ ] @ alone", None),
    ("- [ ] @josé résumé", "josé"),
])
def test_owner(line, owner):
    assert task(line).owner == owner


def test_owner_kept_in_text():
    assert task("- [ ] @dana Confirm").text == "@dana Confirm"


def test_marker_only_task_has_empty_text():
    t = task("- [ ] 📅 2026-11-07")
    assert t is not None and t.text == "" and t.due == "2026-11-07"


def test_parse_tasks_line_numbers_and_fences():
    text = "\n".join([
        "- [ ] one",            # 10
        "```python",            # 11
        "- [ ] in code",        # 12
        "```",                  # 13
        "  - [x] two",          # 14
        "~~~~",                 # 15
        "- [ ] in tilde",       # 16
        "~~~",                  # 17 does not close (shorter)
        "```",                  # 18 does not close (other char)
        "~~~~~",                # 19 closes
        "- [ ] three",          # 20
    ])
    tasks = parse_tasks(text, path="p.md", client=None, first_line=10)
    assert [(t.line, t.text) for t in tasks] == [(10, "one"), (14, "two"), (20, "three")]
    assert all(t.client is None for t in tasks)


def test_unclosed_fence_runs_to_end():
    tasks = parse_tasks("- [ ] a\n```\n- [ ] b\n", path="p.md", client="c")
    assert [t.text for t in tasks] == ["a"]


def test_backtick_fence_with_backtick_info_is_not_a_fence():
    tasks = parse_tasks("``` a`b\n- [ ] visible\n", path="p.md", client="c")
    assert [t.text for t in tasks] == ["visible"]


def test_fence_with_text_after_closing_does_not_close():
    tasks = parse_tasks("```\n``` nope\n- [ ] hidden\n```\n- [ ] shown", path="p.md", client="c")
    assert [t.text for t in tasks] == ["shown"]


def test_identical_lines_get_distinct_ids():
    tasks = parse_tasks("- [ ] same\n- [ ] same\n", path="p.md", client="c")
    assert len({t.id for t in tasks}) == 2


def test_no_tasks():
    assert parse_tasks("", path="p", client=None) == ()
    assert parse_tasks("just text\n", path="p", client=None) == ()


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_line_never_raises(text):
    t = parse_task_line(text, path="p.md", line_no=1, client=None)
    assert t is None or isinstance(t.text, str)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(
    ["- [ ] ", "- [x] ", "* ", "1. ", "[", "]", "(", ")", " ", "\n", "\t", "a", "@", "@me", "dana",
     "📅", "✅", "\ufe0f", "due:", "done:", "due::", "completion::", "2026-11-07", "2026-13-45",
     "```", "~~~", ".", "-"]), max_size=40).map("".join))
def test_any_task_text_never_raises(text):
    tasks = parse_tasks(text, path="p.md", client="c", first_line=3)
    lines = text.split("\n")
    for t in tasks:
        assert lines[t.line - 3] == t.raw
        assert t.due is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", t.due)
        assert t.owner is None or (t.owner and t.owner.lower() != "me")
