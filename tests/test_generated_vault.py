"""On a vault from ../shared/bench/make_vault.py: clean check, and search stays current
after edits, additions, renames and deletions with no watcher running."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

MAKE_VAULT = Path(__file__).resolve().parents[2] / "shared" / "bench" / "make_vault.py"


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    if not MAKE_VAULT.exists():
        pytest.fail(f"{MAKE_VAULT} is missing: the shared folder must sit beside the repo")
    root = tmp_path_factory.mktemp("gen") / "vault"
    subprocess.run([sys.executable, str(MAKE_VAULT), str(root), "--clients", "12", "--entries", "400", "--seed", "3"],
                   check=True, capture_output=True)
    return root


def test_check_reports_nothing_on_generated_files(make_run, generated):
    run = make_run(generated)
    result = run("check", "--json", today="2026-12-01")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"problems": []}


def test_search_is_current_after_changes_without_a_watcher(make_run, generated, tmp_path):
    import shutil

    vault = tmp_path / "copy"
    shutil.copytree(generated, vault)
    run = make_run(vault)

    def files(query):
        result = run("search", query, "--files", "--limit", "50")
        return result.stdout.split()

    assert run("index").exit_code == 0
    entries = sorted(p for p in vault.glob("*/*.md") if p.name != "client.md")
    edited, renamed, deleted = entries[0], entries[1], entries[2]
    with open(edited, "a") as fh:
        fh.write("\nquetzalcoatl appears\n")
    marker = renamed.read_text().split("\n# ", 1)[1].split("\n", 1)[0]  # its title
    renamed.rename(renamed.parent / "renamed-note.md")
    deleted_rel = deleted.relative_to(vault).as_posix()
    deleted_title = deleted.read_text().split("\n# ", 1)[1].split("\n", 1)[0]
    deleted.unlink()
    client = entries[3].parent.name
    (vault / client / "2026-11-30-added.md").write_text("---\ndate: 2026-11-30\n---\n# Added\nxylophonist\n")

    assert files("quetzalcoatl") == [edited.relative_to(vault).as_posix()]
    assert files("xylophonist") == [f"{client}/2026-11-30-added.md"]
    renamed_rel = f"{renamed.parent.name}/renamed-note.md"
    assert renamed_rel in files(f'"{marker}"')
    assert deleted_rel not in files(f'"{deleted_title}"')
