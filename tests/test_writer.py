"""The one module that writes into the vault."""

from __future__ import annotations

import os
import stat

import pytest

from journalkit.errors import VaultWriteError
from journalkit.writer import create_file, replace_file


def test_replace_is_atomic_and_keeps_mode(tmp_path):
    p = tmp_path / "a.md"
    p.write_bytes(b"old")
    os.chmod(p, 0o600)
    replace_file(tmp_path, "a.md", b"new\r\n")
    assert p.read_bytes() == b"new\r\n"
    assert stat.S_IMODE(p.stat().st_mode) == 0o600
    assert [x.name for x in tmp_path.iterdir()] == ["a.md"]  # no temp file left


def test_create_refuses_existing_and_outside(tmp_path):
    create_file(tmp_path, "c/new.md", b"x")
    assert (tmp_path / "c" / "new.md").read_bytes() == b"x"
    with pytest.raises(VaultWriteError):
        create_file(tmp_path, "c/new.md", b"y")
    assert (tmp_path / "c" / "new.md").read_bytes() == b"x"
    with pytest.raises(VaultWriteError):
        create_file(tmp_path, "../escape.md", b"y")
    assert not (tmp_path.parent / "escape.md").exists()
