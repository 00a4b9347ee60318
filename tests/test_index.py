"""The index and its one sync path: diffs, rebuilds, corruption, locking."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from journalkit import model
from journalkit.errors import IndexBusy
from journalkit.index import Store, load_snapshot, sync
from journalkit.index import store as store_mod
from journalkit.vault import load_config


@pytest.fixture
def vault(tmp_path):
    root = tmp_path / "vault"
    (root / "acme").mkdir(parents=True)
    (root / "acme" / "client.md").write_text("---\nname: Acme\ncadence: 2w\n---\nLikes sailing.\n")
    (root / "acme" / "2026-11-01-call.md").write_text("---\ntype: call\n---\n# First call\nalpha words\n- [ ] send deck due:2026-11-10\n")
    (root / "acme" / "2026" / "11").mkdir(parents=True)
    (root / "acme" / "2026" / "11" / "2026-11-15-meeting.md").write_text("# Meeting\nbeta words\n")
    (root / "empty-client").mkdir()
    (root / "notes.md").write_text("- [ ] general task\n")
    return root


@pytest.fixture
def store(tmp_path):
    return Store(tmp_path / "index" / "v")


def cfg(vault):
    return load_config(vault)


def records(store):
    entries, profiles = store.records()
    return sorted(model.to_dict(e)["path"] for e in entries)


def test_first_sync_builds_and_second_is_a_no_op(vault, store):
    first = sync(store, cfg(vault))
    assert first.rebuilt and first.files == 4
    generation = store.generation()
    second = sync(store, cfg(vault))
    assert not second.changed and second.unchanged == 4
    assert store.generation() == generation  # nothing committed


def test_add_update_move_delete_in_one_commit(vault, store):
    sync(store, cfg(vault))
    generation = store.generation()
    (vault / "acme" / "2026-11-20-email.md").write_text("# Email\ngamma\n")
    (vault / "acme" / "2026-11-01-call.md").write_text("# First call\nchanged text\n")
    (vault / "acme" / "2026" / "11" / "2026-11-15-meeting.md").rename(vault / "acme" / "2026-11-15-meeting.md")
    (vault / "notes.md").unlink()
    result = sync(store, cfg(vault))
    assert result.added == ("acme/2026-11-20-email.md",)
    assert result.updated == ("acme/2026-11-01-call.md",)
    assert result.moved == (("acme/2026/11/2026-11-15-meeting.md", "acme/2026-11-15-meeting.md"),)
    assert result.removed == ("notes.md",)
    assert store.generation() == generation + 1
    assert records(store) == ["acme/2026-11-01-call.md", "acme/2026-11-15-meeting.md", "acme/2026-11-20-email.md", "acme/client.md"]


def test_touched_but_unchanged_file_is_not_reparsed(vault, store):
    sync(store, cfg(vault))
    generation = store.generation()
    path = vault / "acme" / "2026-11-01-call.md"
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 10_000_000_000))
    result = sync(store, cfg(vault))
    assert not result.updated and store.generation() == generation
    # the new stamp is remembered: the next sync does not even hash it
    assert sync(store, cfg(vault)).unchanged == 4


def test_same_size_same_mtime_edit_is_seen_after_mtime_changes(vault, store):
    sync(store, cfg(vault))
    path = vault / "acme" / "2026-11-01-call.md"
    text = path.read_text().replace("alpha", "omega")
    st = path.stat()
    path.write_text(text)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1))
    assert sync(store, cfg(vault)).updated == ("acme/2026-11-01-call.md",)


def test_scoped_sync_limits_the_diff(vault, store):
    sync(store, cfg(vault))
    (vault / "acme" / "2026-11-20-email.md").write_text("# Email\n")
    (vault / "notes.md").write_text("changed\n")
    scoped = sync(store, cfg(vault), scope=["acme"])
    assert scoped.added == ("acme/2026-11-20-email.md",) and not scoped.updated
    assert sync(store, cfg(vault)).updated == ("notes.md",)
    shutil.rmtree(vault / "acme" / "2026")
    assert sync(store, cfg(vault), scope=["acme/2026"]).removed == ("acme/2026/11/2026-11-15-meeting.md",)


def test_snapshot_has_a_profile_per_client_with_resolved_cadence(vault, store):
    (vault / ".journalkit.toml").write_text('[vault]\ndefault_cadence = "30d"\n')
    sync(store, cfg(vault))
    snap = load_snapshot(store, cfg(vault))
    profiles = {p.client: p for p in snap.profiles}
    assert set(profiles) == {"acme", "empty-client"}
    assert profiles["acme"].cadence_days == 14
    assert profiles["empty-client"].cadence_days == 30
    assert profiles["empty-client"].name == "empty-client"


@pytest.mark.parametrize("damage", ["garbage-toc", "truncate-segments", "delete-ix", "garbage-manifest", "stale-manifest"])
def test_damaged_index_is_rebuilt_or_recovered(vault, store, damage):
    sync(store, cfg(vault))
    expected = records(store)
    ix = store.ix_dir
    if damage == "garbage-toc":
        for p in ix.glob("*.toc"):
            p.write_bytes(b"\x00garbage")
    elif damage == "truncate-segments":
        for p in ix.iterdir():
            if not p.name.endswith(".toc") and p.is_file():
                p.write_bytes(p.read_bytes()[:7])
    elif damage == "delete-ix":
        shutil.rmtree(ix)
    elif damage == "garbage-manifest":
        store.manifest_path.write_text("{not json")
    elif damage == "stale-manifest":
        store.write_manifest({}, -5)  # as if a crash fell between commit and manifest
    fresh = Store(store.dir)
    try:
        sync(fresh, cfg(vault))
        got = records(fresh)
    except store_mod.CORRUPT_ERRORS:
        sync(fresh, cfg(vault), rebuild=True)
        got = records(fresh)
    assert got == expected


def test_damaged_segments_recovered_through_the_cli(run, index_dir):
    assert run("index").exit_code == 0
    (leaf,) = list(index_dir.iterdir())
    live = Store(leaf)
    assert live.exists()
    for p in live.ix_dir.iterdir():
        if p.suffix != ".toc":
            p.write_bytes(b"")
    result = run("search", "pricing", "--files")
    assert result.exit_code == 0, result.output
    assert "acme-labs/2026-11-03-call.md" in result.stdout


def test_schema_version_change_rebuilds(vault, store, monkeypatch):
    sync(store, cfg(vault))
    monkeypatch.setattr(store_mod, "SCHEMA_VERSION", store_mod.SCHEMA_VERSION + 1)
    assert sync(Store(store.dir), cfg(vault)).rebuilt


def test_writer_waits_then_says_busy(vault, store):
    sync(store, cfg(vault))
    (vault / "notes.md").write_text("changed\n")
    other = Store(store.dir)
    with other.write_lock():
        start = time.monotonic()
        with pytest.raises(IndexBusy) as info:
            sync(store, cfg(vault), timeout=0.3)
        assert time.monotonic() - start >= 0.3
    assert "busy" in info.value.message
    assert sync(store, cfg(vault)).updated == ("notes.md",)


def test_reading_command_answers_while_another_process_holds_the_lock(run, example_vault, index_dir, monkeypatch):
    run("index")
    (leaf,) = list(index_dir.iterdir())
    (example_vault / "acme-labs" / "2026-12-03-note.md").write_text("# New\nfreshword\n")
    monkeypatch.setattr(store_mod, "LOCK_TIMEOUT", 0.2)
    with Store(leaf).write_lock():
        result = run("search", "pricing", "--files", env={})
    assert result.exit_code == 0
    assert "answering from the index as it stands" in result.stderr


def test_files_vanishing_mid_sync_are_skipped(vault, store, monkeypatch):
    import sys

    sync_mod = sys.modules["journalkit.index.sync"]
    real = sync_mod.read_bytes

    def flaky(root, rel, limit):
        if rel == "notes.md":
            return None  # removed between walk and read
        return real(root, rel, limit)

    monkeypatch.setattr(sync_mod, "read_bytes", flaky)
    result = sync(store, cfg(vault))
    assert "notes.md" not in records(store)
    assert "notes.md" not in result.added
    monkeypatch.setattr(sync_mod, "read_bytes", real)
    assert sync(store, cfg(vault)).added == ("notes.md",)


def test_unreadable_file_is_reported_and_retried(vault, store, monkeypatch):
    import sys

    sync_mod = sys.modules["journalkit.index.sync"]
    real = sync_mod.read_bytes

    def denied(root, rel, limit):
        if rel == "notes.md":
            raise PermissionError(13, "Permission denied")
        return real(root, rel, limit)

    monkeypatch.setattr(sync_mod, "read_bytes", denied)
    sync(store, cfg(vault))
    entries, _ = store.records()
    (note,) = [e for e in entries if e.path == "notes.md"]
    assert [p.code for p in note.problems] == ["file-unreadable"]
    assert not sync(store, cfg(vault)).changed  # still unreadable: nothing new to commit
    monkeypatch.setattr(sync_mod, "read_bytes", real)  # permissions fixed (mtime unchanged)
    assert sync(store, cfg(vault)).updated == ("notes.md",)
    entries, _ = store.records()
    assert [e.tasks[0].text for e in entries if e.path == "notes.md"] == ["general task"]


def test_folders_nested_deeper_than_the_recursion_limit(tmp_path, store):
    root = tmp_path / "deep"
    here = os.getcwd()
    try:
        os.makedirs(root / "acme")
        os.chdir(root / "acme")
        for _ in range(1100):
            os.mkdir("d")
            os.chdir("d")
        with open("2026-11-01-deep.md", "w") as fh:
            fh.write("deepest note\n")
    finally:
        os.chdir(here)
    try:
        result = sync(store, cfg(root))
        assert result.files == 1
    finally:
        _remove_deep(root / "acme")


def _remove_deep(top: Path) -> None:
    """shutil.rmtree (and pytest's tmp cleanup) recurse: unwind by hand."""
    here = os.getcwd()
    try:
        os.chdir(top)
        depth = 0
        while os.path.isdir("d"):
            os.chdir("d")
            depth += 1
        for name in os.listdir("."):
            os.unlink(name)
        for _ in range(depth):
            os.chdir("..")
            os.rmdir("d")
    finally:
        os.chdir(here)


def _writer_process(vault: str, index: str, rounds: int) -> None:
    from pathlib import Path

    from journalkit.index import Store, sync
    from journalkit.vault import load_config

    store = Store(Path(index))
    for n in range(rounds):
        (Path(vault) / "acme" / f"2026-11-{n % 28 + 1:02d}-burst.md").write_text(f"# Burst {n}\nburstword {n}\n")
        sync(store, load_config(Path(vault)), timeout=30)


def test_readers_never_fail_while_another_process_commits(vault, store):
    import multiprocessing

    sync(store, cfg(vault))
    ctx = multiprocessing.get_context("spawn")
    writer = ctx.Process(target=_writer_process, args=(str(vault), str(store.dir), 40))
    writer.start()
    from datetime import date

    from journalkit.index.search import SearchOptions, search

    reads = 0
    try:
        while writer.is_alive() or reads < 5:
            reader = Store(store.dir)
            search(reader, "burstword OR alpha", SearchOptions(limit=50), date(2026, 12, 1))
            reader.records()
            reads += 1
    finally:
        writer.join(60)
    assert writer.exitcode == 0
    assert reads >= 5
    final = search(Store(store.dir), "burstword", SearchOptions(limit=100), date(2026, 12, 1))
    assert final.total == 28


def _rebuilder_process(vault: str, index: str, rounds: int) -> None:
    from pathlib import Path

    from journalkit.index import Store, sync
    from journalkit.vault import load_config

    for _ in range(rounds):
        sync(Store(Path(index)), load_config(Path(vault)), rebuild=True, timeout=30)


def test_readers_keep_answering_during_rebuilds(vault, store):
    import multiprocessing
    from datetime import date

    from journalkit.index.search import SearchOptions, search

    sync(store, cfg(vault))
    ctx = multiprocessing.get_context("spawn")
    rebuilder = ctx.Process(target=_rebuilder_process, args=(str(vault), str(store.dir), 15))
    rebuilder.start()
    seen = set()
    try:
        while rebuilder.is_alive() or not seen:
            seen.add(search(Store(store.dir), "alpha OR beta", SearchOptions(), date(2026, 12, 1)).total)
    finally:
        rebuilder.join(60)
    assert rebuilder.exitcode == 0
    assert seen == {2}  # never an empty or half-built index
    generations = [p.name for p in store.dir.iterdir() if p.name.startswith("ix-")]
    assert len(generations) == 1  # old generations are cleaned up


def test_a_failed_rebuild_leaves_the_live_index(vault, store, monkeypatch):
    import sys

    sync(store, cfg(vault))
    sync_mod = sys.modules["journalkit.index.sync"]

    def boom(*args, **kwargs):
        raise RuntimeError("disk full, say")

    monkeypatch.setattr(sync_mod, "build_record", boom)
    with pytest.raises(RuntimeError):
        sync(store, cfg(vault), rebuild=True)
    monkeypatch.undo()
    assert records(Store(store.dir)) == ["acme/2026-11-01-call.md", "acme/2026/11/2026-11-15-meeting.md",
                                         "acme/client.md", "notes.md"]
    assert len([p for p in store.dir.iterdir() if p.name.startswith("ix-")]) == 1
