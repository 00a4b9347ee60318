"""`done`: tick one task line and change no other byte."""

from __future__ import annotations

import dataclasses
import os
import re
import stat

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journalkit import errors, model
from journalkit.done import AlreadyClosed, find_task, tick_line, tick_task
from tests.builders import D, entry, note, profile, snap, task

TODAY = D("2026-11-03")
MARK = " ✅ 2026-11-03"


def tick(data: bytes, line_no: int, raw: str) -> bytes:
    return tick_line(data, line_no, raw, TODAY)


@pytest.mark.parametrize("eol", [b"\n", b"\r\n", b"\r"])
def test_only_the_box_and_the_done_date_change(eol):
    lines = [b"---", b"date: 2026-11-03", b"---", b"# Call", b"- [ ] Send deck \xf0\x9f\x93\x85 2026-11-07", b"- [ ] Other"]
    data = eol.join(lines) + eol
    out = tick(data, 5, "- [ ] Send deck 📅 2026-11-07")
    assert out == eol.join(lines[:4] + ["- [x] Send deck 📅 2026-11-07 ✅ 2026-11-03".encode()] + lines[5:]) + eol


def test_bom_counts_as_part_of_line_one():
    data = b"\xef\xbb\xbf- [ ] first\r\n- [ ] second\r\n"
    assert tick(data, 1, "- [ ] first") == b"\xef\xbb\xbf- [x] first" + MARK.encode() + b"\r\n- [ ] second\r\n"
    assert tick(data, 2, "- [ ] second") == b"\xef\xbb\xbf- [ ] first\r\n- [x] second" + MARK.encode() + b"\r\n"


def test_last_line_without_line_end():
    assert tick(b"x\n- [ ] last", 2, "- [ ] last") == b"x\n- [x] last" + MARK.encode()


def test_mixed_line_ends_are_kept():
    data = b"a\r\nb\rc\n- [ ] t\r\nd"
    assert tick(data, 4, "- [ ] t") == b"a\r\nb\rc\n- [x] t" + MARK.encode() + b"\r\nd"


def test_in_progress_box_is_ticked():
    assert tick(b"- [/] halfway\n", 1, "- [/] halfway") == b"- [x] halfway" + MARK.encode() + b"\n"


@pytest.mark.parametrize("line", ["  * [ ] star", "\t+ [ ] plus", "12. [ ] numbered", "> - [ ] quoted"])
def test_bullets_and_indents(line):
    out = tick(line.encode() + b"\n", 1, line).decode()
    assert out == line.replace("[ ]", "[x]", 1) + MARK + "\n"


def test_trailing_blanks_stay_at_the_end():
    assert tick(b"- [ ] hard break  \n", 1, "- [ ] hard break  ") == ("- [x] hard break" + MARK + "  \n").encode()


@pytest.mark.parametrize("mark, status", [("x", "done"), ("X", "done"), ("-", "cancelled")])
def test_already_closed_is_left_alone(mark, status):
    raw = f"- [{mark}] finished"
    with pytest.raises(AlreadyClosed) as exc:
        tick(raw.encode() + b"\n", 1, raw)
    assert exc.value.status == status
    assert not isinstance(exc.value, errors.JournalkitError)


@pytest.mark.parametrize("data, line_no, raw", [
    (b"- [ ] edited text\n", 1, "- [ ] original text"),
    (b"inserted\n- [ ] t\n", 1, "- [ ] t"),
    (b"- [ ] t\n", 2, "- [ ] t"),
    (b"- [ ] t\n", 0, "- [ ] t"),
    (b"- [ ] t", 5, "- [ ] t"),
])
def test_a_changed_line_is_refused(data, line_no, raw):
    with pytest.raises(errors.TaskError, match="changed since the index saw it; run `journalkit index`"):
        tick(data, line_no, raw)


def test_not_a_task_line_is_refused():
    with pytest.raises(errors.TaskError, match="not a task line"):
        tick(b"plain text\n", 1, "plain text")


def test_non_utf8_line_is_refused():
    with pytest.raises(errors.TaskError, match="not UTF-8"):
        tick(b"- [ ] caf\xe9\n", 1, "- [ ] café")


_text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"), max_size=20)


@given(st.lists(st.tuples(_text, st.sampled_from(["\n", "\r\n", "\r"])), max_size=8),
       _text, st.sampled_from(["\n", "\r\n", "\r", ""]), st.lists(st.tuples(_text, st.sampled_from(["\n", "\r\n", "\r"])), max_size=8),
       st.booleans())
def test_every_other_byte_is_identical(before, text, eol, after, bom):
    raw = "- [ ] " + text.strip(" \t") + "x"
    head = ("\ufeff" if bom else "") + "".join(t + e for t, e in before)
    tail = "".join(t + e for t, e in after) if eol else ""
    data = (head + raw + eol + tail).encode()
    line_no = len(re.findall("\r\n|\r|\n", head)) + 1  # "\r" then "\n" is one line end
    out = tick_line(data, line_no, raw, TODAY)
    new_line = ("- [x] " + raw[6:] + MARK).encode()
    assert out[: len(head.encode())] == head.encode()
    assert out[len(head.encode()):] == new_line + (eol + tail).encode()


# -- find_task ------------------------------------------------------------------------


def test_find_task_by_id_case_insensitively():
    s = snap(entry("acme/a.md", "2026-10-01", tasks=[task(3, "x", id="AbC123")]))
    assert find_task(s, "abc123").line == 3
    assert find_task(s, " AbC123 ").line == 3


def test_unknown_id_points_at_followups_json():
    with pytest.raises(errors.TaskError) as exc:
        find_task(snap(), "nope")
    assert "journalkit followups --json" in str(exc.value)


def test_ambiguous_id_lists_the_paths():
    s = snap(entry("acme/a.md", "2026-10-01", tasks=[task(3, "x", id="same")]),
             note("inbox.md", tasks=[task(7, "y", id="same")]))
    with pytest.raises(errors.TaskError, match=r"acme/a\.md:3.*inbox\.md:7"):
        find_task(s, "same")


def test_conflict_copies_are_never_matched_and_profile_tasks_are():
    s = snap(profile("acme", tasks=[task(9, "p", id="prof")]),
             entry("acme/a (conflicted copy 2026-10-02).md", "2026-10-01", tasks=[task(3, "x", id="copy")]))
    assert find_task(s, "prof").path == "acme/client.md"
    with pytest.raises(errors.TaskError):
        find_task(s, "copy")


# -- tick_task (the one function that writes) ---------------------------------------


def _task_in(rel, line, raw):
    return dataclasses.replace(task(line, "t", id="t1"), path=rel, raw=raw)


def test_tick_task_rewrites_the_file_keeping_mode_and_leaving_no_temp_file(tmp_path):
    (tmp_path / "acme").mkdir()
    f = tmp_path / "acme" / "a.md"
    f.write_bytes(b"# A\r\n- [ ] t\r\n")
    os.chmod(f, 0o640)
    tick_task(tmp_path, _task_in("acme/a.md", 2, "- [ ] t"), TODAY)
    assert f.read_bytes() == b"# A\r\n- [x] t" + MARK.encode() + b"\r\n"
    assert stat.S_IMODE(f.stat().st_mode) == 0o640
    assert sorted(p.name for p in (tmp_path / "acme").iterdir()) == ["a.md"]


def test_tick_task_changed_line_names_the_file_and_writes_nothing(tmp_path):
    (tmp_path / "acme").mkdir()
    f = tmp_path / "acme" / "a.md"
    f.write_bytes(b"- [ ] edited\n")
    with pytest.raises(errors.TaskError, match="acme/a.md"):
        tick_task(tmp_path, _task_in("acme/a.md", 1, "- [ ] t"), TODAY)
    assert f.read_bytes() == b"- [ ] edited\n"


def test_tick_task_refuses_paths_outside_the_vault(tmp_path):
    vault = tmp_path / "vault"
    vault.mkdir()
    (tmp_path / "outside.md").write_bytes(b"- [ ] t\n")
    with pytest.raises(errors.TaskError, match="outside the vault"):
        tick_task(vault, _task_in("../outside.md", 1, "- [ ] t"), TODAY)
    assert (tmp_path / "outside.md").read_bytes() == b"- [ ] t\n"


def test_tick_task_missing_file(tmp_path):
    with pytest.raises(errors.TaskError, match="cannot read"):
        tick_task(tmp_path, _task_in("acme/gone.md", 1, "- [ ] t"), TODAY)


def test_tick_task_already_done_writes_nothing(tmp_path):
    f = tmp_path / "n.md"
    f.write_bytes(b"- [x] t\n")
    before = f.stat().st_mtime_ns
    with pytest.raises(AlreadyClosed):
        tick_task(tmp_path, _task_in("n.md", 1, "- [x] t"), TODAY)
    assert f.read_bytes() == b"- [x] t\n" and f.stat().st_mtime_ns == before


def test_model_status_constants_match():
    assert {model.OPEN, model.DONE, model.CANCELLED} == {"open", "done", "cancelled"}
