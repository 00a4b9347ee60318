"""The watcher under real file-system events (no mocked observer).

Each scenario replays what an editor, a sync tool or git does to the files,
with os.rename/open like the tools themselves, then waits until the watcher's
index equals a fresh full index of the same vault: same manifest (paths and
stamps) and the same records.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from journalkit.index import Store, index_dir_for, sync
from journalkit.vault import load_config
from journalkit.watch import Watcher, WatchRunning, relevant

EXAMPLE = Path(__file__).resolve().parents[1] / "example-vault"
BIN = Path(sys.executable).with_name("journalkit")


def wait_until(predicate, timeout: float = 10.0, interval: float = 0.05):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            return value
        time.sleep(interval)


def index_state(store: Store):
    manifest = store.read_manifest()
    entries, profiles = store.records()
    return (
        manifest[1] if manifest else None,
        entries,
        sorted(profiles, key=lambda p: p.client or ""),
    )


@dataclass
class Ctx:
    root: Path
    tmp: Path
    store: Store
    watcher: Watcher
    logs: list = field(default_factory=list)
    _fresh_n: int = 0

    def fresh(self):
        self._fresh_n += 1
        store = Store(self.tmp / f"fresh{self._fresh_n}")
        sync(store, load_config(self.root), rebuild=True)
        return index_state(store)

    def assert_current(self, timeout: float = 10.0) -> None:
        """The watcher's index ends exactly equal to a fresh full index."""
        want = self.fresh()

        def same():
            try:
                return index_state(self.store) == want
            except Exception:  # mid-commit: try again
                return False

        ok = wait_until(same, timeout)
        if not ok:
            got = index_state(self.store)
            only_got = sorted(set(got[0] or {}) - set(want[0]))
            only_want = sorted(set(want[0]) - set(got[0] or {}))
            differ = sorted(p for p in set(want[0]) & set(got[0] or {}) if want[0][p] != got[0][p])
            pytest.fail(f"index differs from a fresh one: extra={only_got} missing={only_want} "
                        f"stale={differ}\nlog: {self.logs[-20:]}")
        # ...and stays equal once the watcher has drained whatever came late.
        assert self.watcher.wait_current(5)
        time.sleep(0.2)
        assert self.watcher.wait_current(5)
        assert index_state(self.store) == want
        errors = [m for lvl, m in self.logs if lvl == "error"]
        assert not errors, errors

    def write(self, rel: str, text: str) -> Path:
        p = self.root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, "utf-8")
        return p


def _vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    shutil.copytree(EXAMPLE, root)
    return root


@pytest.fixture(autouse=True)
def _index_env(tmp_path, monkeypatch):
    monkeypatch.setenv("JOURNALKIT_INDEX_DIR", str(tmp_path / "ix"))


def _start(tmp_path: Path, root: Path, **kw) -> tuple[Watcher, threading.Thread, list]:
    logs: list = []
    store = Store(index_dir_for(root, os.environ, None))
    opts = dict(debounce=0.1, settle=0.05, max_wait=1.0, on_log=lambda lvl, msg: logs.append((lvl, msg)))
    opts.update(kw)
    w = Watcher(store, load_config(root), **opts)
    w.start()
    t = threading.Thread(target=w.run_until_stopped, daemon=True)
    t.start()
    return w, t, logs


@pytest.fixture
def ctx(tmp_path):
    root = _vault(tmp_path)
    w, t, logs = _start(tmp_path, root)
    c = Ctx(root=root.resolve(), tmp=tmp_path, store=w.store, watcher=w, logs=logs)
    yield c
    w.stop()
    t.join(5)
    assert not t.is_alive()
    w.close()


NOTE = "acme-labs/2026-11-03-call.md"


def body(word: str, date: str = "2026-11-03") -> str:
    return f"---\ndate: {date}\ntype: call\ntitle: About {word}\n---\n# About {word}\n\nWe talked about {word}.\n"


# -- scenarios ------------------------------------------------------------------


def test_start_indexes_the_vault(ctx):
    ctx.assert_current()
    assert ctx.watcher.status().current
    assert ctx.watcher.status().observer == "inotify"


def test_plain_write_new_and_existing(ctx):
    ctx.write("acme-labs/2026-12-01-call.md", body("aardvark", "2026-12-01"))
    with open(ctx.root / NOTE, "a", encoding="utf-8") as fh:
        fh.write("\n- extra point about zeppelins\n")
    ctx.assert_current()
    assert any("indexed" in m or "batch:" in m for _, m in ctx.logs)


def test_truncate_then_write(ctx):
    # VS Code / nano: truncate to zero, then the content in several writes.
    with open(ctx.root / NOTE, "r+", encoding="utf-8") as fh:
        fh.truncate(0)
        fh.flush()
        os.fsync(fh.fileno())
        time.sleep(0.03)
        text = body("truncation")
        for i in range(0, len(text), 20):
            fh.write(text[i:i + 20])
            fh.flush()
            time.sleep(0.005)
    ctx.assert_current()


def test_atomic_rename_over(ctx):
    tmp = ctx.root / "acme-labs" / ".2026-11-03-call.md.tmp12345"
    tmp.write_text(body("atomicity"), "utf-8")
    os.replace(tmp, ctx.root / NOTE)
    ctx.assert_current()


def test_vim_backup_rename_with_4913_probe(ctx):
    d = ctx.root / "acme-labs"
    note = d / "2026-11-03-call.md"
    swp = d / ".2026-11-03-call.md.swp"
    swp.write_bytes(b"b0VIM 9.0" + b"\0" * 100)
    probe = d / "4913"
    probe.write_bytes(b"")
    probe.unlink()
    os.rename(note, d / "2026-11-03-call.md~")
    note.write_text(body("vimming"), "utf-8")
    (d / "2026-11-03-call.md~").unlink()
    swp.unlink()
    ctx.assert_current()


def test_jetbrains_safe_write(ctx):
    d = ctx.root / "acme-labs"
    note = d / "2026-11-03-call.md"
    tmp = d / "2026-11-03-call.md___jb_tmp___"
    old = d / "2026-11-03-call.md___jb_old___"
    tmp.write_text(body("intellij"), "utf-8")
    os.rename(note, old)
    os.rename(tmp, note)
    old.unlink()
    ctx.assert_current()


def test_emacs_lock_autosave_and_backup(ctx):
    d = ctx.root / "acme-labs"
    note = d / "2026-11-03-call.md"
    lock = d / ".#2026-11-03-call.md"
    os.symlink("me@host.1234:1700000000", lock)  # dangling: stat fails
    auto = d / "#2026-11-03-call.md#"
    auto.write_text(body("autosaved"), "utf-8")
    os.rename(note, d / "2026-11-03-call.md~")
    note.write_text(body("emacsen"), "utf-8")
    auto.unlink()
    lock.unlink()
    ctx.assert_current()
    assert (d / "2026-11-03-call.md~").exists()  # the backup stays, and is ignored


def test_delete(ctx):
    (ctx.root / NOTE).unlink()
    (ctx.root / "notes.md").unlink()
    ctx.assert_current()


def test_folder_rename_inside_the_vault(ctx):
    os.rename(ctx.root / "acme-labs" / "2026", ctx.root / "acme-labs" / "archive-2026")
    os.rename(ctx.root / "fern-and-fig", ctx.root / "fern-fig")
    ctx.assert_current()


def test_folder_moved_out_of_and_into_the_vault(ctx):
    outside = ctx.tmp / "outside"
    outside.mkdir()
    shutil.move(str(ctx.root / "green-commons"), str(outside / "green-commons"))
    ctx.assert_current()
    shutil.move(str(outside / "green-commons"), str(ctx.root / "green-commons-back"))
    ctx.assert_current()
    # into and out of ignored folders
    os.rename(ctx.root / "rosemary-bakery", ctx.root / "_archive-rosemary")
    ctx.assert_current()


def test_burst_of_500_files(ctx):
    for i in range(500):
        ctx.write(f"burst-client/{i // 100}/2026-10-{i % 28 + 1:02d}-note-{i}.md", body(f"burst{i}", "2026-10-01"))
    ctx.assert_current(timeout=20)
    batches = [m for _, m in ctx.logs if m.startswith("batch:") or m.startswith("reconcile:")]
    assert len(batches) <= 5, batches  # coalesced, not one commit per file


def test_git_checkout_like_churn(ctx):
    # delete + recreate every file of a folder, plus .git/ churn, all at once
    git = ctx.root / ".git" / "objects"
    git.mkdir(parents=True)
    for p in sorted((ctx.root / "acme-labs").rglob("*.md")):
        text = p.read_text("utf-8")
        p.unlink()
        p.write_text(text.replace("Budget", "Budgetary"), "utf-8")
        (git / p.name).write_text("blob", "utf-8")
    (ctx.root / ".git" / "index.lock").write_text("x")
    os.replace(ctx.root / ".git" / "index.lock", ctx.root / ".git" / "index")
    ctx.assert_current()


def test_sync_conflict_copy_appears(ctx):
    cache = ctx.root / ".dropbox.cache"
    cache.mkdir()
    staged = cache / "staging-1"
    staged.write_text(body("conflicted"), "utf-8")
    os.rename(staged, ctx.root / "acme-labs" / "2026-11-03-call (conflicted copy 2026-11-03).md")
    sy = ctx.root / "acme-labs" / ".syncthing.2026-11-24-message.md.tmp"
    sy.write_text(body("syncthing"), "utf-8")
    os.rename(sy, ctx.root / "acme-labs" / "2026-11-24-message.sync-conflict-20261124-101010-ABCDEFG.md")
    ctx.assert_current()


def test_file_becomes_invalid_yaml(ctx):
    (ctx.root / NOTE).write_text("---\ndate: [2026-11-03\ntitle: : :\n---\n# Broken but searchable quokka\n", "utf-8")
    ctx.assert_current()
    (ctx.root / "notes.md").write_bytes(b"\xff\xfe binary \x00\x01 garbage")
    ctx.assert_current()


def test_lost_events_trigger_a_full_reconcile(ctx):
    ctx.assert_current()
    before = ctx.watcher.status().last_reconcile
    ctx.watcher._events_lost()  # what watchdog's on_events_lost delivers
    wait_until(lambda: ctx.watcher.status().last_reconcile != before, 5)
    assert ctx.watcher.status().last_reconcile != before
    assert any("lost" in m for _, m in ctx.logs)


def test_busy_index_is_retried_not_dropped(ctx):
    ctx.assert_current()
    with ctx.store.write_lock():
        ctx.write("acme-labs/2026-12-03-call.md", body("patience", "2026-12-03"))
        time.sleep(0.6)  # the watcher waits for the lock meanwhile
    ctx.assert_current()


def test_periodic_reconcile(tmp_path):
    root = _vault(tmp_path)
    w, t, logs = _start(tmp_path, root, reconcile_every=0.3)
    try:
        first = w.status().last_reconcile
        assert wait_until(lambda: w.status().last_reconcile != first, 5)
    finally:
        w.stop()
        t.join(5)
        w.close()


def test_inotify_limit_falls_back_to_polling(tmp_path, monkeypatch):
    import journalkit.watch as watch_mod

    def over_the_limit():
        raise OSError(errno.ENOSPC, "inotify watch limit reached")

    monkeypatch.setattr(watch_mod, "_native_observer", over_the_limit)
    root = _vault(tmp_path)
    w, t, logs = _start(tmp_path, root, poll_interval=0.1)
    c = Ctx(root=root.resolve(), tmp=tmp_path, store=w.store, watcher=w, logs=logs)
    try:
        assert w.status().observer == "polling"
        assert any("max_user_watches=524288" in m for lvl, m in logs if lvl == "warning")
        c.write("acme-labs/2026-12-04-call.md", body("polled", "2026-12-04"))
        c.assert_current()
    finally:
        w.stop()
        t.join(5)
        w.close()


def test_second_watcher_refuses_and_lock_is_released(ctx):
    other = Watcher(Store(ctx.store.dir), load_config(ctx.root))
    with pytest.raises(WatchRunning) as info:
        other.start()
    assert f"pid {os.getpid()}" in info.value.message
    assert info.value.exit_code == 2
    ctx.watcher.stop()
    ctx.watcher.close()
    again = Watcher(Store(ctx.store.dir), load_config(ctx.root))
    again.start()
    again.close()


@pytest.mark.parametrize("rel,is_dir,expected", [
    ("acme-labs/2026-11-03-call.md", False, True),
    ("notes.md", False, True),
    ("acme-labs/4913", False, False),
    ("acme-labs/x.md~", False, False),
    ("acme-labs/.x.md.swp", False, False),
    ("acme-labs/.#x.md", False, False),
    ("acme-labs/#x.md#", False, False),
    ("acme-labs/x.md___jb_tmp___", False, False),
    ("acme-labs/x.md___jb_old___", False, False),
    (".git/index", False, False),
    (".git", True, False),
    (".dropbox.cache/x.md", False, False),
    ("acme-labs/.syncthing.x.md.tmp", False, False),
    ("_templates/call.md", False, False),
    ("_archive", True, False),
    ("acme-labs", True, True),
    ("acme-labs/2026", True, True),
    ("acme-labs/.hidden", True, False),
])
def test_relevant(rel, is_dir, expected):
    assert relevant(rel, is_dir) is expected


# -- the real CLI -----------------------------------------------------------------


def _cli_env(tmp_path: Path) -> dict:
    env = dict(os.environ)
    env["JOURNALKIT_INDEX_DIR"] = str(tmp_path / "ix")
    env["NO_COLOR"] = "1"
    env.pop("JOURNALKIT_VAULT", None)
    return env


def _spawn_watch(root: Path, env: dict, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([str(BIN), "--vault", str(root), "watch", "--debounce", "100", *extra],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_ready(proc: subprocess.Popen) -> list[str]:
    lines = []
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        lines.append(line)
        if "index current" in line:
            return lines
    proc.kill()
    pytest.fail(f"watcher did not get ready: {lines}")


def test_cli_watch_search_no_refresh_and_sigterm(tmp_path):
    root = _vault(tmp_path)
    env = _cli_env(tmp_path)
    proc = _spawn_watch(root, env)
    try:
        _wait_ready(proc)
        second = subprocess.run([str(BIN), "--vault", str(root), "watch"], env=env,
                                capture_output=True, text=True, timeout=20)
        assert second.returncode == 2
        assert "already running" in second.stderr and f"pid {proc.pid}" in second.stderr
        (root / "acme-labs" / "2026-12-05-call.md").write_text(body("narwhal", "2026-12-05"), "utf-8")

        def found():
            r = subprocess.run([str(BIN), "--vault", str(root), "search", "--no-refresh", "narwhal", "--files"],
                               env=env, capture_output=True, text=True, timeout=20)
            return r.returncode == 0 and "acme-labs/2026-12-05-call.md" in r.stdout

        assert wait_until(found, 15, 0.1)
    finally:
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=15)
    assert proc.returncode == 0, err
    assert "indexed acme-labs/2026-12-05-call.md" in err
    assert "stopped" in err


def test_cli_kill_9_mid_burst_leaves_a_usable_index(tmp_path):
    root = _vault(tmp_path)
    env = _cli_env(tmp_path)
    proc = _spawn_watch(root, env)
    try:
        _wait_ready(proc)
        for i in range(300):
            p = root / "burst" / f"2026-10-{i % 28 + 1:02d}-n{i}.md"
            p.parent.mkdir(exist_ok=True)
            p.write_text(body(f"kill{i}", "2026-10-01"), "utf-8")
        time.sleep(0.25)  # the batch is being committed about now
    finally:
        proc.kill()
        proc.communicate(timeout=10)
    r = subprocess.run([str(BIN), "--vault", str(root), "index"], env=env, capture_output=True, text=True,
                       timeout=60)
    assert r.returncode == 0, r.stderr
    store = Store(index_dir_for(root, env, None))
    fresh = Store(tmp_path / "fresh")
    sync(fresh, load_config(root), rebuild=True)
    assert index_state(store) == index_state(fresh)


def test_vault_folder_gone_and_back_keeps_the_index(ctx):
    ctx.assert_current()
    away = ctx.root.with_name("vault-away")
    os.rename(ctx.root, away)
    assert wait_until(lambda: any("is gone" in m for _, m in ctx.logs), 5)
    manifest = ctx.store.read_manifest()
    assert manifest and len(manifest[1]) > 40  # not emptied while the drive was away
    (away / "acme-labs" / "2026-12-06-call.md").write_text(body("returning", "2026-12-06"), "utf-8")
    os.rename(away, ctx.root)
    assert wait_until(lambda: any("is back" in m for _, m in ctx.logs), 5)
    ctx.logs[:] = [(lvl, m) for lvl, m in ctx.logs if lvl != "error"]
    ctx.assert_current()
    # and it still sees new events after the observer restarted
    ctx.write("acme-labs/2026-12-07-call.md", body("afterwards", "2026-12-07"))
    ctx.assert_current()


def test_dead_observer_is_restarted(ctx):
    ctx.assert_current()
    old = ctx.watcher._observer
    old.stop()  # as if watchdog's thread had died
    old.join(5)
    assert wait_until(lambda: ctx.watcher._observer is not None and ctx.watcher._observer is not old, 5)
    ctx.logs[:] = [(lvl, m) for lvl, m in ctx.logs if lvl != "error"]
    ctx.write("acme-labs/2026-12-08-call.md", body("phoenix", "2026-12-08"))
    ctx.assert_current()


def test_pending_windows_and_counts():
    from journalkit.watch import _Pending

    p = _Pending()
    assert p.add("a.md", 0.0, False) is True        # first path: the deadline is new
    assert p.due_in(0.0, 0.1, 0.4, 2.0) == pytest.approx(0.4)
    assert p.add("a.md", 0.05, True) is True        # the write finished: sooner
    assert p.due_in(0.05, 0.1, 0.4, 2.0) == pytest.approx(0.1)
    assert p.add("b.md", 0.06, None) is False       # attributes only: still complete
    assert p.take(0.1, 0.1, 0.4, 2.0) == []
    assert p.take(0.2, 0.1, 0.4, 2.0) == ["a.md", "b.md"]
    assert len(p) == 0 and p.incomplete == 0
    # a busy vault: max_wait forces out the paths that are themselves quiet
    p.add("c.md", 1.0, False)
    for i in range(30):
        p.add("d.md", 1.0 + i * 0.1, False)
    assert p.take(3.95, 0.1, 0.4, 2.0) == ["c.md"]
    assert p.incomplete == 1
    p.put_back(["c.md"], 4.0)
    assert len(p) == 2
