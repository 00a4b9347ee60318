"""`journalkit watch`: keep the index current while files change (see docs/WATCH.md)."""

from __future__ import annotations

import signal
import sys
import threading
from datetime import datetime
from typing import Any

import click

from journalkit.cli.app import App, global_options, pass_app


def register(group: click.Group) -> None:
    group.add_command(watch)


@click.command()
@click.option("--polling", is_flag=True,
              help="Poll the folder instead of using inotify (network drives, WSL /mnt, container mounts).")
@click.option("--debounce", metavar="MS", type=click.IntRange(min=0, max=60_000), default=400, show_default=True,
              help="Quiet time before a batch is indexed (a finished save needs only 100 ms of it).")
@click.option("-v", "--verbose", is_flag=True, help="Log every event and every file of every batch.")
@global_options
@pass_app
def watch(app: App, polling: bool, debounce: int, verbose: bool) -> None:
    """Keep the index current while files change; stop with Ctrl-C.

    Every save, rename, delete, sync or checkout is indexed within moments, so
    `--no-refresh` answers are current. Logs one line per batch (-v for more).
    Other commands keep working beside it; a second watcher refuses.

    \b
    Example:
      journalkit --vault ~/clients watch
    """
    from journalkit.watch import SETTLE, Watcher

    log = _Logger(verbose, app.color)
    debounce_s = debounce / 1000
    watcher = Watcher(app.store, app.config, polling=polling, debounce=debounce_s,
                      settle=min(SETTLE, debounce_s), on_log=log)
    previous = _install_signals(watcher)
    try:
        watcher.start()
        watcher.run_until_stopped()
    finally:
        watcher.close()
        _restore_signals(previous)
    log("info", "stopped")


class _Logger:
    """The watcher's log sink: timestamped lines on stderr; debug only with -v.
    Called from the watcher's loop and from watchdog's thread, hence the lock."""

    def __init__(self, verbose: bool, color: bool):
        self.verbose = verbose
        self.color = color and sys.stderr.isatty()
        self.lock = threading.Lock()

    def __call__(self, level: str, message: str) -> None:
        if level == "debug" and not self.verbose:
            return
        stamp = datetime.now().strftime("%H:%M:%S")
        if level in ("warning", "error"):
            tag = f"{level}: "
            if self.color:
                tag = click.style(tag, fg="yellow" if level == "warning" else "red", bold=level == "error")
            message = tag + message
        with self.lock:
            click.echo(f"{stamp} {message}", err=True, color=self.color)
            sys.stderr.flush()


def _install_signals(watcher: Any) -> dict[int, Any]:
    """SIGINT (Ctrl-C) and SIGTERM (systemd, launchd, kill) end the loop cleanly."""
    previous: dict[int, Any] = {}
    if threading.current_thread() is not threading.main_thread():
        return previous

    def handler(signum: int, frame: Any) -> None:
        if watcher.stopping:
            # A second Ctrl-C / SIGTERM while a long sync runs (the first
            # reconcile of a big vault): stop now; the sync cancels its commit.
            raise KeyboardInterrupt
        watcher.stop()

    for sig in (signal.SIGINT, signal.SIGTERM):
        previous[sig] = signal.signal(sig, handler)
    return previous


def _restore_signals(previous: dict[int, Any]) -> None:
    for sig, old in previous.items():
        signal.signal(sig, old)
