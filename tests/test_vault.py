"""Vault discovery, settings and the walk."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from journalkit import model
from journalkit.errors import ConfigError, VaultNotFound
from journalkit.vault import classify, find_vault, load_config, walk, walk_paths


def test_find_vault_order(tmp_path):
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    for d in (a, b, c):
        d.mkdir()
    (c / ".journalkit.toml").write_text("")
    (c / "x" / "y").mkdir(parents=True)
    assert find_vault(str(a), {"JOURNALKIT_VAULT": str(b)}, c) == a.resolve()
    assert find_vault(None, {"JOURNALKIT_VAULT": str(b)}, c) == b.resolve()
    assert find_vault(None, {}, c / "x" / "y") == c.resolve()
    with pytest.raises(VaultNotFound) as info:
        find_vault(None, {}, a)
    assert "journalkit init" in str(info.value)
    with pytest.raises(VaultNotFound):
        find_vault(str(tmp_path / "missing"), {}, a)


def test_config(tmp_path):
    assert load_config(tmp_path).default_cadence_days is None
    (tmp_path / ".journalkit.toml").write_text('[vault]\ndefault_cadence = "2w"\n[index]\ndir = "~/elsewhere"\n')
    cfg = load_config(tmp_path)
    assert cfg.default_cadence_days == 14 and cfg.index_dir == Path("~/elsewhere").expanduser()
    (tmp_path / ".journalkit.toml").write_text('[vault]\ndefault_cadence = "soon"\n')
    with pytest.raises(ConfigError):
        load_config(tmp_path)


@pytest.mark.parametrize(
    "rel,expected",
    [
        ("acme/2026-11-03-call.md", ("acme", model.ENTRY)),
        ("acme/2026/11/deep.md", ("acme", model.ENTRY)),
        ("acme/client.md", ("acme", model.PROFILE)),
        ("acme/2026/client.md", ("acme", model.ENTRY)),
        ("notes.md", (None, model.NOTE)),
        ("acme/x (conflicted copy 2026-11-03).md", ("acme", model.CONFLICT)),
        ("acme/x.sync-conflict-20261103-120000-ABC.md", ("acme", model.CONFLICT)),
        ("acme/x.MD", ("acme", model.ENTRY)),
        ("_templates/entry.md", None),
        (".obsidian/x.md", None),
        ("acme/.x.md", None),
        ("acme/x.md~", None),
        ("acme~/x.md", None),
        ("acme/.git/x.md", None),
        ("acme/photo.png", None),
        ("acme/4913", None),
    ],
)
def test_classify(rel, expected):
    assert classify(rel) == expected


def test_walk_lists_clients_and_files(tmp_path):
    (tmp_path / "acme" / "2026").mkdir(parents=True)
    (tmp_path / "empty").mkdir()
    (tmp_path / "_archive").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "acme" / "2026" / "a.md").write_text("x")
    (tmp_path / "acme" / "client.md").write_text("x")
    (tmp_path / "_archive" / "old.md").write_text("x")
    (tmp_path / "notes.md").write_text("x")
    os.symlink(tmp_path, tmp_path / "acme" / "loop")
    listing = walk(tmp_path)
    assert listing.clients == ("acme", "empty")
    assert [f.path for f in listing.files] == ["acme/2026/a.md", "acme/client.md", "notes.md"]
    assert [f.path for f in walk_paths(tmp_path, ["acme/2026"])] == ["acme/2026/a.md"]
    assert walk_paths(tmp_path, ["acme/gone.md", "_archive/old.md"]) == ()


def test_symlink_inside_vault_is_followed_once(tmp_path):
    (tmp_path / "acme").mkdir()
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "2026-11-01-x.md").write_text("x")
    os.symlink(tmp_path / "shared", tmp_path / "acme" / "linked")
    paths = [f.path for f in walk(tmp_path).files]
    # reachable twice, listed once (nothing counted twice), always under the same path
    assert paths == ["acme/linked/2026-11-01-x.md"]
