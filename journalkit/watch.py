"""The watcher: keeps the index current while files change.

File-system events are only *hints* about which paths may have changed; the
one sync path (journalkit.index.sync) decides what really changed, by stat and
hash, and applies it in one commit. So a missed, duplicated or misleading event
never makes the index wrong: at worst it makes it late until the next batch or
reconcile.

    watchdog thread                         consumer loop (run_until_stopped)
    ─────────────────                       ─────────────────────────────────
    _Handler.dispatch(event) ──► _Pending ──► quiet for `settle`/`debounce`, or
      (records vault-relative     (path → first/    a path waited `max_wait`
       paths, both ends of         last seen)     ──► sync(store, config, scope=[...])
       moves; never raises)                           one call = one commit
    on_events_lost ──────────► "reconcile" flag ──► sync(store, config) (whole vault)

A full reconcile runs at start, after lost events, after any error in the loop
or the handler, when the observer thread died, and every `reconcile_every`
seconds. A busy index (another process holds the write lock) is retried later;
no path is ever dropped.

This is the only module that imports watchdog. It never prints: it reports
through the `on_log(level, message)` callback the CLI supplies.

The resident-process seam: a `Watcher` is the one long-lived process that holds
the index and knows whether it is current (`status()`, `wait_current()`). A
later local-socket query server would start in `start()` after the first
reconcile and answer each request after `wait_current()`; see docs/WATCH.md,
"Design: the resident-process seam".
"""

from __future__ import annotations

import errno
import fcntl
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from journalkit.errors import IndexBusy, JournalkitError
from journalkit.index.store import Store
from journalkit.index.sync import SyncResult, sync
from journalkit.vault import VaultConfig, classify, ignored_name, is_client_dir_name

DEBUG, INFO, WARNING, ERROR = "debug", "info", "warning", "error"

Log = Callable[[str, str], None]

DEBOUNCE = 0.4          # quiet window after events that may be followed by more writes
SETTLE = 0.1            # quiet window when every pending path saw a finished write
MAX_WAIT = 2.0          # no path waits longer than this while the vault stays busy
RECONCILE_EVERY = 600.0  # a full reconcile this often, whatever the events said
POLL_INTERVAL = 2.0     # the polling observer's scan interval (~0.1 CPU-s per s at 10k files)
SCOPE_LIMIT = 256       # above this many paths, one walk of the vault is cheaper
RETRY_MAX = 30.0        # longest back-off after a failed batch
DETAIL_LINES = 50       # -v: at most this many per-file lines per batch

INOTIFY_FIX = ("echo fs.inotify.max_user_watches=524288 | sudo tee /etc/sysctl.d/40-journalkit.conf "
               "&& sudo sysctl --system")


class WatchRunning(JournalkitError):
    """A second `journalkit watch` for the same vault (exit 2)."""


def relevant(rel: str, is_directory: bool) -> bool:
    """Could an event on this vault-relative path change the index?

    The same rules as the walk (vault.classify), so the watcher and a fresh
    index never disagree about which files count. They already reject every
    editor and sync helper: `.git/`, `.dropbox.cache/`, `.syncthing.*.tmp`,
    `.note.md.swp`, `.#note.md` (names starting with '.'); `note.md~` (ending
    with '~'); Vim's `4913` probe, `note.md___jb_tmp___` / `___jb_old___`,
    `#note.md#` (not ending in `.md`); `_templates/` and other top-level
    folders starting with '_'.
    """
    if not rel:
        return False
    parts = rel.split("/")
    if is_directory:
        return not any(ignored_name(p) for p in parts) and is_client_dir_name(parts[0])
    return classify(rel) is not None


@dataclass(frozen=True)
class WatchStatus:
    """What a resident process knows about the index (for `status` or a query server)."""

    observer: str               # "inotify" or "polling" (watchdog's class name elsewhere)
    started: float              # time.time() of start()
    last_sync: float | None     # time.time() of the last successful sync (batch or reconcile)
    last_reconcile: float | None
    pending: int                # paths waiting for their batch
    reconcile_due: bool         # a full reconcile is scheduled (lost events, an error)
    batches: int
    errors: int

    @property
    def current(self) -> bool:
        return self.last_sync is not None and self.pending == 0 and not self.reconcile_due


class _Pending:
    """Paths waiting for their batch, with first- and last-seen times.

    `complete` marks a path whose last event finished a write (close after
    write, a rename onto it): it needs only the short `settle` window. The
    count of incomplete paths is kept so every check is O(1) in a burst.
    """

    def __init__(self) -> None:
        self.first: dict[str, float] = {}
        self.last: dict[str, float] = {}
        self.complete: dict[str, bool] = {}
        self.incomplete = 0
        self.last_event = 0.0

    def __len__(self) -> int:
        return len(self.first)

    def add(self, rel: str, now: float, complete: bool | None) -> bool:
        """Record an event; True when the batch's deadline may have moved
        earlier (the consumer must recompute it), False when only later."""
        was_empty, was_incomplete = not self.first, self.incomplete > 0
        self.first.setdefault(rel, now)
        self.last[rel] = now
        old = self.complete.get(rel)
        # neutral events (attributes) keep what the path was; a new path counts as complete
        new = complete if complete is not None else (old if old is not None else True)
        self.complete[rel] = new
        self.incomplete += (not new) - (old is False)
        self.last_event = now
        return was_empty or (was_incomplete and self.incomplete == 0)

    def _window(self, settle: float, debounce: float) -> float:
        return debounce if self.incomplete else settle

    def due_in(self, now: float, settle: float, debounce: float, max_wait: float) -> float | None:
        """Seconds until a batch is due (<= 0: now), None when nothing waits."""
        if not self.first:
            return None
        quiet_due = self.last_event + self._window(settle, debounce) - now
        wait_due = next(iter(self.first.values())) + max_wait - now  # insertion order = first seen
        return min(quiet_due, wait_due)

    def take(self, now: float, settle: float, debounce: float, max_wait: float) -> list[str]:
        """The batch: everything when the vault is quiet; when forced by max_wait,
        the paths that are themselves quiet (or have waited far too long)."""
        if now - self.last_event >= self._window(settle, debounce):
            batch = list(self.first)
        else:
            batch = [p for p in self.first
                     if (now - self.last[p] >= settle and now - self.first[p] >= max_wait)
                     or now - self.first[p] >= 4 * max_wait]
        self._remove(batch)
        return sorted(batch)

    def put_back(self, paths: list[str], now: float) -> None:
        for p in paths:
            if p not in self.first:
                self.add(p, now, True)

    def drop_older_than(self, t: float) -> None:
        self._remove([p for p, seen in self.last.items() if seen <= t])

    def _remove(self, paths: list[str]) -> None:
        for p in paths:
            if self.complete.pop(p) is False:
                self.incomplete -= 1
            del self.first[p], self.last[p]


class Watcher:
    """Watch a vault and keep its index current.

        w = Watcher(store, config, on_log=log)
        w.start()               # lock, observer, first full reconcile
        w.run_until_stopped()   # the consumer loop; w.stop() from a signal handler ends it
        w.close()               # observer stopped and joined, locks released (idempotent)

    Also a context manager: `with Watcher(...) as w: w.run_until_stopped()`.
    """

    def __init__(self, store: Store, config: VaultConfig, *, polling: bool = False,
                 debounce: float = DEBOUNCE, settle: float = SETTLE, max_wait: float = MAX_WAIT,
                 reconcile_every: float = RECONCILE_EVERY, poll_interval: float = POLL_INTERVAL,
                 on_log: Log | None = None, on_sync: Callable[[SyncResult, bool], None] | None = None):
        self.store = store
        self.config = config
        self.root = config.root.resolve()
        self.polling = polling
        self.debounce = max(0.0, debounce)
        self.settle = min(settle, self.debounce)
        self.max_wait = max(max_wait, self.debounce)
        self.reconcile_every = reconcile_every
        self.poll_interval = poll_interval
        self._log_cb = on_log
        self._on_sync = on_sync
        # An RLock: stop() may run in a signal handler that interrupted the
        # main thread while it held this lock.
        self._cond = threading.Condition(threading.RLock())
        self._pending = _Pending()
        self._stopping = False
        self._reconcile_due = True
        self._reconcile_reason = "start"
        self._next_reconcile = 0.0
        self._retry_at = 0.0
        self._backoff = 0.0
        self._observer: Any = None
        self._observer_kind = ""
        self._lock_fd: int | None = None
        self._root_missing = False
        self._started = 0.0
        self._last_sync: float | None = None
        self._last_reconcile: float | None = None
        self._batches = 0
        self._errors = 0

    # -- life cycle -----------------------------------------------------------

    def __enter__(self) -> "Watcher":
        self.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def start(self) -> None:
        """Take the single-watcher lock, start the observer, reconcile once.

        The observer starts before the first reconcile, so nothing that changes
        during it is missed. Raises WatchRunning when another watcher runs."""
        self._take_watch_lock()
        try:
            self._started = time.time()
            self._start_observer()
            self._log(INFO, f"watching {self.root} ({self._observer_kind}); index in {self.store.dir}")
            self._full_reconcile()
        except BaseException:
            self.close()
            raise

    @property
    def stopping(self) -> bool:
        return self._stopping

    def stop(self) -> None:
        """Ask the loop to end. Safe from a signal handler and from any thread."""
        self._stopping = True
        with self._cond:
            self._cond.notify_all()

    def close(self) -> None:
        """Stop and join the observer, release the lock. Idempotent."""
        self._stopping = True
        obs, self._observer = self._observer, None
        if obs is not None:
            try:
                obs.stop()
                obs.join(timeout=10)
            except Exception as exc:  # noqa: BLE001 - shutting down: report, carry on
                self._log(WARNING, f"stopping the observer: {type(exc).__name__}: {exc}")
        if self._lock_fd is not None:
            os.close(self._lock_fd)  # releases the flock
            self._lock_fd = None

    def run_until_stopped(self) -> None:
        """The consumer loop: batches, reconciles, observer health. Never raises
        for a bad file or a failed batch: logs it and tries again later."""
        while not self._stopping:
            try:
                self._step()
            except Exception as exc:  # noqa: BLE001 - the promise: never die
                self._errors += 1
                self._log(ERROR, f"internal error: {type(exc).__name__}: {exc}; a full reconcile follows")
                self._schedule_reconcile("internal error")
                self._back_off()
            if self._stopping:
                break
            with self._cond:
                timeout = self._sleep_for()
                if timeout > 0 and not self._stopping:
                    self._cond.wait(timeout)

    # -- what a resident process would expose --------------------------------

    def status(self) -> WatchStatus:
        with self._cond:
            return WatchStatus(
                observer=self._observer_kind, started=self._started, last_sync=self._last_sync,
                last_reconcile=self._last_reconcile, pending=len(self._pending),
                reconcile_due=self._reconcile_due, batches=self._batches, errors=self._errors,
            )

    def wait_current(self, timeout: float) -> bool:
        """Block until no path is pending and no reconcile is due (True), or timeout (False).
        What a query server would call before answering from `self.store`."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while not self.status().current:
                left = deadline - time.monotonic()
                if left <= 0 or self._stopping:
                    return self.status().current
                self._cond.wait(min(left, 0.1))
            return True

    # -- events (watchdog's thread) --------------------------------------------

    def _record(self, paths: list[tuple[str, bool, bool | None]], what: str) -> None:
        now = time.monotonic()
        kept = []
        sooner = False
        for abs_path, is_dir, complete in paths:
            rel = self._rel(abs_path)
            if rel is None or not relevant(rel, is_dir):
                continue
            kept.append(rel)
            with self._cond:
                sooner = self._pending.add(rel, now, complete) or sooner
        if kept:
            self._log(DEBUG, f"event: {what} {' -> '.join(kept)}")
        if sooner:
            # Wake the loop only when its deadline moved earlier: waking it on
            # each of a checkout's thousands of events would cost O(n^2).
            with self._cond:
                self._cond.notify_all()

    def _rel(self, abs_path: str) -> str | None:
        try:
            rel = Path(abs_path).relative_to(self.root).as_posix()
        except ValueError:
            return None
        return "" if rel == "." else rel

    def _events_lost(self) -> None:
        self._log(WARNING, "file-system events were lost (the event queue overflowed); reconciling the whole vault")
        self._schedule_reconcile("lost events")

    def _handler_failed(self, exc: BaseException) -> None:
        self._errors += 1
        self._log(ERROR, f"event handler error: {type(exc).__name__}: {exc}; a full reconcile follows")
        self._schedule_reconcile("handler error")

    # -- the loop -----------------------------------------------------------------

    def _step(self) -> None:
        now = time.monotonic()
        if now < self._retry_at:
            return
        if not self.root.is_dir():
            # Unmounted drive, vault moved away: syncing now would empty the
            # index. Wait for it to come back, then reconcile.
            if not self._root_missing:
                self._root_missing = True
                self._log(WARNING, f"the vault folder {self.root} is gone; waiting for it to come back")
            self._retry_at = now + 1.0
            return
        if self._root_missing:
            self._root_missing = False
            self._log(INFO, f"the vault folder {self.root} is back")
            self._schedule_reconcile("vault back")
            obs, self._observer = self._observer, None  # its watches died with the folder
            if obs is not None:
                with _suppress():
                    obs.stop()
                    obs.join(timeout=5)
        self._check_observer()
        if self._reconcile_due or now >= self._next_reconcile:
            self._full_reconcile()
            return
        with self._cond:
            due = self._pending.due_in(now, self.settle, self.debounce, self.max_wait)
            batch = self._pending.take(now, self.settle, self.debounce, self.max_wait) \
                if due is not None and due <= 0 else []
        if batch:
            self._flush(batch)

    def _sleep_for(self) -> float:
        now = time.monotonic()
        waits = [self._next_reconcile - now, 1.0]  # wake at least once a second (observer health)
        if now < self._retry_at:
            waits.append(self._retry_at - now)
        elif self._reconcile_due:
            return 0.0
        else:
            due = self._pending.due_in(now, self.settle, self.debounce, self.max_wait)
            if due is not None:
                waits.append(due)
        return max(0.0, min(waits))

    def _flush(self, batch: list[str]) -> None:
        # Taken out of the pending set before the sync reads the files: an
        # event that arrives meanwhile queues the path again, so a write that
        # lands after our read is never lost.
        scope = None if len(batch) > SCOPE_LIMIT else batch
        try:
            result = sync(self.store, self.config, scope=scope)
        except IndexBusy:
            with self._cond:
                self._pending.put_back(batch, time.monotonic())
            self._log(WARNING, f"the index is busy (another journalkit process is writing); "
                               f"retrying {len(batch)} path(s) shortly")
            self._back_off()
            return
        except Exception:
            with self._cond:
                self._pending.put_back(batch, time.monotonic())
            raise
        self._succeeded()
        self._batches += 1
        if scope is None:
            self._last_reconcile = time.time()
        self._report(result, full=False, paths=len(batch))

    def _full_reconcile(self) -> None:
        first = self._last_reconcile is None
        with self._cond:
            reason = self._reconcile_reason if self._reconcile_due else "periodic"
            self._reconcile_due = False
        started = time.monotonic()
        try:
            result = sync(self.store, self.config)
        except IndexBusy:
            self._schedule_reconcile(reason)
            self._log(WARNING, "the index is busy (another journalkit process is writing); reconciling shortly")
            self._back_off()
            return
        except Exception:
            self._schedule_reconcile(reason)
            raise
        with self._cond:
            # Everything seen before the walk started is covered by it.
            self._pending.drop_older_than(started)
        self._succeeded()
        self._last_reconcile = time.time()
        self._next_reconcile = time.monotonic() + self.reconcile_every
        self._log(DEBUG, f"full reconcile ({reason}) in {time.monotonic() - started:.2f}s")
        self._report(result, full=True, first=first)

    def _schedule_reconcile(self, reason: str) -> None:
        with self._cond:
            if not self._reconcile_due:
                self._reconcile_due = True
                self._reconcile_reason = reason
            self._cond.notify_all()

    def _succeeded(self) -> None:
        self._backoff = 0.0
        self._retry_at = 0.0
        self._last_sync = time.time()
        with self._cond:
            self._cond.notify_all()

    def _back_off(self) -> None:
        self._backoff = min(RETRY_MAX, max(0.5, self._backoff * 2))
        self._retry_at = time.monotonic() + self._backoff

    def _report(self, result: SyncResult, *, full: bool, paths: int = 0, first: bool = False) -> None:
        if self._on_sync is not None:
            try:
                self._on_sync(result, full)
            except Exception as exc:  # noqa: BLE001
                self._log(WARNING, f"on_sync callback failed: {type(exc).__name__}: {exc}")
        if not result.rebuilt:
            lines = describe(result, detail=True)
            for line in lines[:DETAIL_LINES]:
                self._log(DEBUG, line)
            if len(lines) > DETAIL_LINES:
                self._log(DEBUG, f"  ... and {len(lines) - DETAIL_LINES} more")
        if first:
            if result.rebuilt:
                self._log(INFO, f"rebuilt the index: {result.files} file(s)")
            elif result.changed:
                self._log(INFO, describe(result, label="caught up")[0])
            self._log(INFO, f"index current: {result.files} file(s)")
        elif result.changed:
            self._log(INFO, describe(result, label="reconcile" if full else "batch")[0])
        else:
            self._log(DEBUG, f"batch of {paths} path(s): nothing changed" if not full else "reconcile: no change")

    # -- observer ---------------------------------------------------------------

    def _start_observer(self) -> None:
        if not self.polling:
            try:
                self._observer = self._make_observer(polling=False)
                self._observer_kind = "inotify" if _is_inotify(self._observer) else type(self._observer).__name__
                return
            except OSError as exc:
                if exc.errno not in (errno.ENOSPC, errno.EMFILE):
                    raise
                self._observer = None
                what = "watches" if exc.errno == errno.ENOSPC else "instances"
                self._log(WARNING, f"the system's inotify {what} limit is reached, so the vault cannot be watched "
                                   f"natively; falling back to polling (slower, more CPU). To fix it: {INOTIFY_FIX}")
                self.polling = True
        self._observer = self._make_observer(polling=True)
        self._observer_kind = "polling"

    def _make_observer(self, *, polling: bool) -> Any:
        observer = _polling_observer(self.poll_interval) if polling else _native_observer()
        observer.schedule(_Handler(self), str(self.root), recursive=True)
        try:
            observer.start()
        except BaseException:
            with _suppress():
                observer.stop()
            raise
        return observer

    def _check_observer(self) -> None:
        """watchdog's threads can die (an error adding a watch for a new folder,
        the watched folder unmounted): restart them, then reconcile."""
        if self._stopping:
            return
        obs = self._observer
        if obs is not None:
            if obs.is_alive() and all(e.is_alive() for e in list(obs.emitters)):
                return
            self._errors += 1
            self._log(ERROR, "the file-system observer stopped; restarting it and reconciling the whole vault")
            self._observer = None
            with _suppress():
                obs.stop()
                obs.join(timeout=5)
        self._start_observer()  # raises when it cannot: the loop logs, backs off, retries
        self._schedule_reconcile("observer restarted")

    # -- single watcher ------------------------------------------------------------

    def _take_watch_lock(self) -> None:
        self.store.ensure_dir()
        path = self.store.dir / "watch.lock"
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            try:
                pid = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
            finally:
                os.close(fd)
            if exc.errno in (errno.EAGAIN, errno.EACCES):
                raise WatchRunning(
                    f"another `journalkit watch` is already running for this vault (pid {pid}).",
                    "Stop it first (kill " + pid + "), or just use it: other commands work beside it.",
                ) from None
            raise
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self._lock_fd = fd

    def _log(self, level: str, message: str) -> None:
        if self._log_cb is None:
            return
        try:
            self._log_cb(level, message)
        except Exception:  # noqa: BLE001 - a broken log sink must not stop the watcher
            pass


def describe(result: SyncResult, detail: bool = False, label: str = "batch") -> list[str]:
    """Log lines for a sync: one summary line, or (detail) one per file."""
    if detail:
        return ([f"  added    {p}" for p in result.added] + [f"  updated  {p}" for p in result.updated]
                + [f"  moved    {a} -> {b}" for a, b in result.moved] + [f"  removed  {p}" for p in result.removed])
    if result.rebuilt:
        return [f"rebuilt the index: {result.files} file(s)"]
    changes = len(result.added) + len(result.updated) + len(result.removed) + len(result.moved)
    pre = "" if label == "batch" else f"{label}: "
    if changes == 1:
        if result.added or result.updated:
            return [f"{pre}indexed {(result.added or result.updated)[0]}"]
        if result.removed:
            return [f"{pre}removed {result.removed[0]}"]
        return [f"{pre}moved {result.moved[0][0]} -> {result.moved[0][1]}"]
    line = f"{label}: {len(result.added)} added, {len(result.updated)} updated, {len(result.removed)} removed"
    if result.moved:
        line += f", {len(result.moved)} moved"
    return [line]


# -- watchdog glue (the only watchdog imports in journalkit) ----------------------


def _native_observer() -> Any:
    from watchdog.observers import Observer

    return Observer()


def _polling_observer(interval: float) -> Any:
    from watchdog.observers.polling import PollingObserver

    return PollingObserver(timeout=interval)


def _is_inotify(observer: Any) -> bool:
    return "inotify" in type(observer).__module__


class _suppress:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: Any) -> bool:
        return True


def _make_handler_class() -> type:
    from watchdog.events import FileSystemEventHandler

    class Handler(FileSystemEventHandler):
        """Only records paths; every exception is caught here, because one that
        escaped would silently kill watchdog's observer thread."""

        def __init__(self, watcher: Watcher):
            super().__init__()
            self.watcher = watcher

        def dispatch(self, event: Any) -> None:
            try:
                self._dispatch(event)
            except Exception as exc:  # noqa: BLE001
                self.watcher._handler_failed(exc)

        def _dispatch(self, event: Any) -> None:
            kind = event.event_type
            if kind == "events_lost":
                self.watcher._events_lost()
                return
            is_dir = bool(event.is_directory)
            src = os.fsdecode(event.src_path) if event.src_path else ""
            if kind == "moved":
                dest = os.fsdecode(event.dest_path) if event.dest_path else ""
                # Both ends: the source is gone (incomplete: its replacement may
                # follow, as in Vim's rename-to-backup), the destination is whole.
                self.watcher._record([(src, is_dir, False), (dest, is_dir, True)], "moved")
            elif kind in ("created", "deleted"):
                self.watcher._record([(src, is_dir, False)], kind)
            elif kind == "modified":
                if not is_dir:  # a folder's own "modified" only echoes its files' events
                    self.watcher._record([(src, False, False)], kind)
            elif kind == "closed":  # closed after writing: the write is finished
                self.watcher._record([(src, False, True)], kind)
            elif kind == "attrib":
                if not is_dir:
                    self.watcher._record([(src, False, None)], kind)
            # opened, closed_no_write: reads change nothing

    return Handler


_HANDLER: type | None = None


def _Handler(watcher: Watcher) -> Any:
    global _HANDLER
    if _HANDLER is None:
        _HANDLER = _make_handler_class()
    return _HANDLER(watcher)
