"""The core commands through click's CliRunner: init, client add, new, index, check, globals."""

from __future__ import annotations

import json
import stat

import pytest

from tests.helpers import tree_bytes

EXPECTED_CHECK = {
    "problems": [
        {
            "path": "green-commons/2026-10-02-call.md",
            "line": 5,
            "severity": "error",
            "code": "yaml-invalid",
            "message": "front matter is not valid YAML (did not find expected ',' or ']'): fix this line, or quote the value (key: \"text\")",
        }
    ]
}


def test_check_on_example_vault_exact_json(run):
    result = run("check", "--json")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == EXPECTED_CHECK


def test_check_people_output(run):
    result = run("check")
    assert result.exit_code == 1
    assert "green-commons/2026-10-02-call.md:5: error:" in result.stdout
    assert "[yaml-invalid]" in result.stdout


def test_check_exit_0_with_warnings_only(run, example_vault):
    (example_vault / "green-commons/2026-10-02-call.md").unlink()
    (example_vault / "acme-labs/undated.md").write_text("# no date\n")
    result = run("check", "--json")
    assert result.exit_code == 0
    assert [p["code"] for p in json.loads(result.stdout)["problems"]] == ["entry-undated"]


def test_no_vault_exits_2_and_names_init(make_run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = make_run(None)("search", "x")
    assert result.exit_code == 2
    assert "journalkit init" in result.stderr


def test_vault_found_from_env_and_from_parent_folder(make_run, example_vault, monkeypatch):
    r = make_run(None)
    result = r("search", "pricing", "--files", env={"JOURNALKIT_VAULT": str(example_vault)})
    assert result.exit_code == 0 and result.stdout
    monkeypatch.chdir(example_vault / "acme-labs" / "2026")
    result = r("search", "pricing", "--files")
    assert result.exit_code == 0 and result.stdout


def test_globals_before_and_after_command(make_run, example_vault):
    r = make_run(None)
    after = r("search", "pricing", "--files", "--vault", str(example_vault), "--today", "2026-12-04", "--no-refresh",
              vault=False, today=None)
    before = r("--vault", str(example_vault), "--no-refresh", "search", "pricing", "--files", vault=False)
    assert after.exit_code == 0, after.output
    assert after.stdout == before.stdout


def test_bad_today_is_usage_error(run):
    result = run("check", today="2026-13-01")
    assert result.exit_code == 2
    assert "--today" in result.stderr


def test_init_makes_config_and_templates(make_run, tmp_path):
    target = tmp_path / "newvault"
    r = make_run(None)
    result = r("init", str(target), vault=False)
    assert result.exit_code == 0, result.output
    assert (target / ".journalkit.toml").is_file()
    assert (target / "_templates" / "entry" / "meeting.md.j2").is_file()
    assert (target / "_templates" / "client.md.j2").is_file()
    before = tree_bytes(target)
    again = r("init", str(target), vault=False)
    assert again.exit_code == 0 and "kept" in again.stdout
    assert tree_bytes(target) == before


@pytest.mark.parametrize(
    "name,slug",
    [("Acme Research", "acme-research"), ("  Zoë & Søn GmbH ", "zoë-søn-gmbh"), ("東京 Studio", "東京-studio"), ("R2-D2", "r2-d2")],
)
def test_client_add_slugs(run, example_vault, name, slug):
    result = run("client", "add", name)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"{slug}/client.md"
    text = (example_vault / slug / "client.md").read_text()
    assert text.startswith("---\n")
    import yaml

    front = yaml.safe_load(text.split("---\n")[1])
    assert front["name"] == name.strip()


@pytest.mark.parametrize("name", ["../escape", "a/b", "a\\b", ".", "..", "---", "!!!"])
def test_client_add_refuses_bad_names(run, example_vault, name):
    before = tree_bytes(example_vault)
    result = run("client", "add", name)
    assert result.exit_code == 2
    assert tree_bytes(example_vault) == before


def test_client_add_refuses_existing(run):
    result = run("client", "add", "Acme Labs")
    assert result.exit_code == 2
    assert "already exists" in result.stderr


def test_new_entry_from_template_with_open_tasks(run, example_vault):
    result = run("new", "acme-labs", "--type", "call", "--title", 'Q1 "kick-off": plan', "--no-edit")
    assert result.exit_code == 0, result.output
    rel = result.stdout.strip()
    assert rel == "acme-labs/2026-12-04-call-q1-kick-off-plan.md"
    text = (example_vault / rel).read_text()
    import yaml

    front = yaml.safe_load(text.split("---\n")[1])
    assert front["title"] == 'Q1 "kick-off": plan'
    assert str(front["date"]).startswith("2026-12-04")
    assert "Send revised proposal" in text  # an open task carried in as a reminder
    assert "- [ ] Send revised proposal" not in text  # ...but not as a task line
    # the new entry counts no task twice
    data = run.json("followups", "--horizon", "365d")
    assert not [t for t in data["tasks"] if t["path"] == rel]


def test_new_twice_same_day_gets_a_new_name(run):
    first = run("new", "acme-labs", "--no-edit").stdout.strip()
    second = run("new", "acme-labs", "--no-edit").stdout.strip()
    assert first != second and second.endswith("-2.md")


def test_new_unknown_client_names_client_add(run):
    result = run("new", "nobody", "--no-edit")
    assert result.exit_code == 2
    assert "client add" in result.stderr


def test_new_date_option(run):
    result = run("new", "fern-and-fig", "--date", "2026-12-10 09:30", "--type", "workshop", "--no-edit")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "fern-and-fig/2026-12-10-workshop.md"
    assert run("new", "fern-and-fig", "--date", "tomorrow", "--no-edit").exit_code == 2


def test_index_reports_changes(run, example_vault):
    first = run("index")
    assert first.exit_code == 0
    assert "rebuilt the index" in first.stdout
    assert "up to date" in run("index").stdout
    (example_vault / "acme-labs/2026-12-03-note.md").write_text("---\ndate: 2026-12-03\n---\nhello\n")
    (example_vault / "acme-labs/2026-06-24-call.md").rename(example_vault / "acme-labs/moved-call.md")
    (example_vault / "fern-and-fig/2026-08-26-call.md").unlink()
    with open(example_vault / "acme-labs/2026-12-02-call.md", "a") as fh:
        fh.write("\nappended\n")
    out = run("index").stdout
    assert "added    acme-labs/2026-12-03-note.md" in out
    assert "moved    acme-labs/2026-06-24-call.md -> acme-labs/moved-call.md" in out
    assert "removed  fern-and-fig/2026-08-26-call.md" in out
    assert "updated  acme-labs/2026-12-02-call.md" in out
    rebuilt = run("index", "--rebuild")
    assert "rebuilt the index" in rebuilt.stdout


READ_ONLY = [
    ("search", "pricing"), ("check",), ("index",), ("index", "--rebuild"), ("clients",), ("followups",),
    ("digest",), ("brief", "acme-labs"), ("timeline", "acme-labs"), ("stats",), ("export", "--format", "json"),
    ("export", "--format", "ics"),
]


@pytest.mark.parametrize("args", READ_ONLY)
def test_read_only_commands_leave_the_vault_byte_identical(run, example_vault, args):
    before = tree_bytes(example_vault)
    mtimes = {p: p.stat().st_mtime_ns for p in example_vault.rglob("*")}
    result = run(*args)
    assert result.exit_code in (0, 1), result.output
    assert tree_bytes(example_vault) == before
    assert {p: p.stat().st_mtime_ns for p in example_vault.rglob("*")} == mtimes


def test_index_lives_outside_the_vault_owner_only(run, example_vault, index_dir):
    run("index")
    assert not any(p.name in ("manifest.pickle", "records.pickle", "lock") or p.suffix in (".toc", ".seg") for p in example_vault.rglob("*"))
    (leaf,) = list(index_dir.iterdir())
    from journalkit.index import Store

    live = Store(leaf)
    assert live.exists() and live.manifest_path.is_file()
    assert stat.S_IMODE(leaf.stat().st_mode) == 0o700


def test_default_index_location_is_user_cache(make_run, example_vault, tmp_path):
    r = make_run(example_vault)
    r.env["JOURNALKIT_INDEX_DIR"] = ""
    result = r("index")
    assert result.exit_code == 0, result.output
    cache = tmp_path / "home" / ".cache" / "journalkit"
    assert len(list(cache.iterdir())) == 1


def test_config_index_dir_inside_vault_is_refused(make_run, example_vault):
    (example_vault / ".journalkit.toml").write_text('[index]\ndir = "cache"\n')
    r = make_run(example_vault)
    r.env["JOURNALKIT_INDEX_DIR"] = ""
    result = r("search", "pricing")
    assert result.exit_code == 2
    assert "inside the vault" in result.stderr


def test_bad_config_is_a_clear_error(run, example_vault):
    (example_vault / ".journalkit.toml").write_text("[vault\n")
    result = run("check")
    assert result.exit_code == 2
    assert ".journalkit.toml" in result.stderr


def test_every_command_help_has_summary_and_example():
    from click.testing import CliRunner

    from journalkit.cli import cli

    def walk(group, prefix):
        for name, cmd in group.commands.items():
            if hasattr(cmd, "commands"):
                yield from walk(cmd, prefix + [name])
            yield prefix + [name]

    for argv in walk(cli, []):
        out = CliRunner().invoke(cli, argv + ["--help"]).output
        assert "Example" in out, argv


def test_shell_completion_offers_client_names(example_vault, monkeypatch):
    from click.testing import CliRunner

    from journalkit.cli import cli

    monkeypatch.chdir(example_vault)
    env = {"_JOURNALKIT_COMPLETE": "bash_complete", "COMP_WORDS": "journalkit brief a", "COMP_CWORD": "2"}
    result = CliRunner().invoke(cli, [], prog_name="journalkit", env=env)
    assert "acme-labs" in result.output and "brightsmile-dental" not in result.output
    env["COMP_WORDS"], env["COMP_CWORD"] = "journalkit search x --client ro", "4"
    result = CliRunner().invoke(cli, [], prog_name="journalkit", env=env)
    assert "rosemary-bakery" in result.output
    env["COMP_WORDS"], env["COMP_CWORD"] = "journalkit new ", "2"
    result = CliRunner().invoke(cli, [], prog_name="journalkit", env=env)
    assert "green-commons" in result.output and "_templates" not in result.output
