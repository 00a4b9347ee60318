"""Shared fixtures: a copy of a vault in tmp_path, an index dir outside it, a CLI runner."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "example-vault"
TODAY = "2026-12-04"


@pytest.fixture
def index_dir(tmp_path: Path) -> Path:
    d = tmp_path / "index"
    return d


@pytest.fixture
def example_vault(tmp_path: Path) -> Path:
    dest = tmp_path / "vault"
    shutil.copytree(EXAMPLE, dest, symlinks=True)
    return dest


class Run:
    """Invoke the CLI in-process with a clean environment of our choosing."""

    def __init__(self, vault: Path | None, index_dir: Path, home: Path):
        self.vault = vault
        self.env = {
            "JOURNALKIT_INDEX_DIR": str(index_dir),
            "HOME": str(home),
            "XDG_CACHE_HOME": str(home / ".cache"),
            "JOURNALKIT_VAULT": "",
            "JOURNALKIT_TODAY": "",
            "NO_COLOR": "1",
            "VISUAL": "",
            "EDITOR": "",
        }

    def __call__(self, *args: str, vault: bool = True, today: str | None = TODAY, input: str | None = None, env=None):
        from journalkit.cli import cli

        argv: list[str] = []
        if vault and self.vault is not None:
            argv += ["--vault", str(self.vault)]
        if today:
            argv += ["--today", today]
        argv += list(args)
        runner = CliRunner()
        merged = dict(self.env)
        merged.update(env or {})
        # CliRunner treats "" as "unset" only for None; drop empties explicitly.
        merged = {k: (v if v != "" else None) for k, v in merged.items()}
        return runner.invoke(cli, argv, env=merged, input=input, catch_exceptions=False)

    def json(self, *args: str, **kw):
        result = self(*args, "--json", **kw)
        assert result.exit_code in (0, 1), result.output
        return json.loads(result.stdout)


@pytest.fixture
def run(example_vault: Path, index_dir: Path, tmp_path: Path) -> Run:
    return Run(example_vault, index_dir, tmp_path / "home")


@pytest.fixture
def make_run(index_dir: Path, tmp_path: Path):
    def factory(vault: Path | None) -> Run:
        return Run(vault, index_dir, tmp_path / "home")

    return factory
