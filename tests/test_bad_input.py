"""SPEC "Bad input": every class gets a check problem, no command tracebacks, text stays searchable."""

from __future__ import annotations

import json

import pytest

from journalkit.decode import MAX_BYTES
from tests import hostile
from tests.helpers import tree_bytes


@pytest.fixture
def hostile_vault(tmp_path):
    return hostile.build(tmp_path / "vault", MAX_BYTES)


@pytest.fixture
def hrun(make_run, hostile_vault):
    return make_run(hostile_vault)


def _problems(hrun):
    result = hrun("check", "--json")
    assert result.exit_code == 1, result.output  # errors exist
    return json.loads(result.stdout)["problems"]


def test_every_bad_input_class_is_reported_with_path_and_line(hrun):
    problems = _problems(hrun)
    by_path = {}
    for p in problems:
        by_path.setdefault(p["path"], []).append(p)
    for rel, (_data, code, line) in hostile.CASES.items():
        found = by_path.get(rel, [])
        if code is None:
            assert found == [], f"{rel} should read cleanly, got {found}"
            continue
        assert code in [p["code"] for p in found], f"{rel}: expected {code}, got {found}"
        match = next(p for p in found if p["code"] == code)
        if line is not None:
            assert match["line"] == line, (rel, match)
        assert match["severity"] in ("error", "warning")
        assert match["message"]
    huge = [p for p in by_path["acme/2026-11-20-huge.md"] if p["code"] == "file-too-large"]
    assert huge and huge[0]["severity"] == "warning"


def test_problem_json_shape_is_exact(hrun):
    problems = _problems(hrun)
    assert all(set(p) == {"path", "line", "severity", "code", "message"} for p in problems)
    assert any(p["severity"] == "error" for p in problems)


@pytest.mark.parametrize(
    "word,path",
    [
        ("invalidyamlword", "acme/2026-11-01-invalid-yaml.md"),
        ("notmappingword", "acme/2026-11-02-list-fm.md"),
        ("unclosedword", "acme/2026-11-03-unclosed.md"),
        ("baddateword", "acme/2026-11-04-bad-date.md"),
        ("latinword", "acme/2026-11-06-latin1.md"),
        ("laughsword", "acme/2026-11-08-laughs.md"),
        ("deepword", "acme/2026-11-09-deep.md"),
        ("mergeword", "acme/2026-11-10-merge.md"),
        ("dropboxcopyword", "acme/2026-11-11-call (conflicted copy 2026-11-12).md"),
        ("syncthingcopyword", "acme/2026-11-11-call.sync-conflict-20261112-120000-ABCDEFG.md"),
        ("hugestartword", "acme/2026-11-20-huge.md"),
        ("bomword", "acme/2026-11-12-bom.md"),
        ("crlfword", "acme/2026-11-13-crlf.md"),
        ("crword", "acme/2026-11-14-cr.md"),
    ],
)
def test_bad_files_stay_searchable(hrun, word, path):
    result = hrun("search", word, "--files")
    assert result.exit_code == 0, result.output
    assert result.stdout.split("\n")[0] == path


def test_symlinks_out_of_the_vault_and_loops_are_not_followed(hrun):
    result = hrun("search", "outsideword", "--json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["hits"] == []
    assert hrun("search", "ignoredword").exit_code == 1


def test_bom_crlf_and_cr_are_read_correctly(hrun):
    data = hrun.json("followups", "--horizon", "30d", today="2026-11-25")
    texts = {(t["path"], t["line"], t["due"]) for t in data["tasks"]}
    assert ("acme/2026-11-13-crlf.md", 6, "2026-12-02") in texts
    assert ("acme/2026-11-14-cr.md", 6, "2026-12-03") in texts
    result = hrun("search", "bomword", "--json")
    assert json.loads(result.stdout)["hits"][0]["title"] == "BOM entry"


COMMANDS = [
    ("index",), ("search", "word"), ("check",), ("clients",), ("followups",), ("digest",),
    ("brief", "acme"), ("timeline", "acme"), ("stats",), ("export", "--format", "json"),
    ("export", "--format", "ics"),
]


@pytest.mark.parametrize("args", COMMANDS)
def test_no_command_fails_on_a_hostile_vault(hrun, hostile_vault, args):
    before = tree_bytes(hostile_vault)
    result = hrun(*args)
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
    assert "internal error" not in result.output
    assert tree_bytes(hostile_vault) == before


def test_file_names_that_are_not_utf8_are_indexed_and_reported(hrun):
    shown = "bad\ufffdclient/2026-11-29-caf\ufffd.md"
    problems = [p for p in _problems(hrun) if p["code"] == "filename-invalid"]
    assert [p["path"] for p in problems] == [shown]
    assert hrun("search", "badnameword", "--files").stdout.strip() == shown
    data = hrun.json("followups", today="2026-11-25")
    assert [t["client"] for t in data["tasks"] if t["path"] == shown] == ["bad\ufffdclient"]
    assert hrun("search", "spacesword", "--files").stdout.strip() == "acme/2026-11-28 spaces & [brackets].md"
