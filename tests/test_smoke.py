"""One subprocess run of the installed `journalkit` entry point."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _entry_point() -> str:
    exe = Path(sys.executable).parent / "journalkit"
    return str(exe) if exe.exists() else shutil.which("journalkit") or "journalkit"


def test_installed_entry_point_runs(tmp_path):
    vault = tmp_path / "vault"
    shutil.copytree(REPO / "example-vault", vault)
    env = dict(os.environ, JOURNALKIT_INDEX_DIR=str(tmp_path / "idx"), NO_COLOR="1")
    env.pop("JOURNALKIT_VAULT", None)
    out = subprocess.run([_entry_point(), "--version"], capture_output=True, text=True, env=env, timeout=60)
    assert out.returncode == 0 and "journalkit" in out.stdout
    out = subprocess.run(
        [_entry_point(), "--vault", str(vault), "--today", "2026-12-04", "search", "pricing", "--json"],
        capture_output=True, text=True, env=env, timeout=60,
    )
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["total"] > 0
    out = subprocess.run([_entry_point(), "--vault", str(vault), "check"], capture_output=True, text=True, env=env, timeout=60)
    assert out.returncode == 1 and "yaml-invalid" in out.stdout and "Traceback" not in out.stderr
