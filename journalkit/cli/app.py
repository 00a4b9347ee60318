"""What every command shares: the resolved vault, today, the index, output.

The CLI resolves its inputs (options, environment, clock) once, here, and
hands plain values to the core. Command modules stay thin: parse options,
call the core, print.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Callable, Mapping

import click

from journalkit import model
from journalkit.errors import IndexBusy, UsageError


@dataclass
class App:
    env: Mapping[str, str]
    cwd: Path
    vault_opt: str | None = None
    today_opt: str | None = None
    no_refresh: bool = False
    _config: Any = None
    _store: Any = None
    _snapshot: model.Snapshot | None = None
    _today: date | None = None
    warnings: list[str] = field(default_factory=list)

    # -- inputs ---------------------------------------------------------------

    @property
    def today(self) -> date:
        """Resolved once per run: --today, then JOURNALKIT_TODAY, then the clock."""
        if self._today is None:
            raw = self.today_opt or self.env.get("JOURNALKIT_TODAY")
            if raw:
                try:
                    self._today = date.fromisoformat(raw.strip())
                except ValueError:
                    source = "--today" if self.today_opt else "JOURNALKIT_TODAY"
                    raise UsageError(f"{source} {raw!r} is not a date.", "Use YYYY-MM-DD, e.g. --today 2026-12-01.") from None
            else:
                self._today = date.today()
        return self._today

    @property
    def config(self):
        if self._config is None:
            from journalkit.vault import find_vault, load_config

            self._config = load_config(find_vault(self.vault_opt, self.env, self.cwd))
        return self._config

    @property
    def root(self) -> Path:
        return self.config.root

    @property
    def color(self) -> bool:
        return "NO_COLOR" not in self.env and sys.stdout.isatty()

    # -- the index ------------------------------------------------------------

    @property
    def store(self):
        if self._store is None:
            from journalkit.index import Store, index_dir_for

            self._store = Store(index_dir_for(self.root, self.env, self.config.index_dir))
        return self._store

    def refresh(self, *, rebuild: bool = False, progress: Callable[[int, int], None] | None = None,
                strict: bool = False, scope: list[str] | None = None, always: bool = False):
        """The refresh before every reading command: one sync, unless --no-refresh.

        strict (the `index` command): always sync, and a busy index is an error.
        always (after `done` wrote): sync even with --no-refresh; scope limits it.
        """
        from journalkit.index import sync

        if self.no_refresh and not (strict or always or rebuild) and self.store.exists():
            return None
        try:
            return sync(self.store, self.config, rebuild=rebuild, progress=progress, scope=scope)
        except IndexBusy:
            if strict or rebuild or not self.store.exists():
                raise
            # A watcher or another command is writing; its result is at most
            # moments old, which beats failing the user's query.
            self.warn("the index is being updated by another process; answering from the index as it stands")
            return None

    def read_index(self, fn: Callable[[Any], Any]) -> Any:
        """Refresh, then run fn(store). A damaged index (a crash mid-commit, a
        truncated file) is rebuilt once and fn retried: the index is a cache."""
        from journalkit.index.store import CORRUPT_ERRORS

        self.refresh()
        try:
            return fn(self.store)
        except CORRUPT_ERRORS:
            self.refresh(rebuild=True)
            return fn(self.store)

    def snapshot(self) -> model.Snapshot:
        if self._snapshot is None:
            from journalkit.index import load_snapshot

            self._snapshot = self.read_index(lambda store: load_snapshot(store, self.config))
        return self._snapshot

    def renderer(self):
        from journalkit.render import Renderer

        return Renderer(self.root / "_templates", color=self.color)

    # -- output ---------------------------------------------------------------

    def warn(self, message: str) -> None:
        click.echo(click.style("warning: ", fg="yellow") + message if self.color else f"warning: {message}", err=True)

    def echo(self, text: str = "", *, nl: bool = True) -> None:
        click.echo(text, nl=nl, color=self.color)

    def style(self, text: str, **kw: Any) -> str:
        return click.style(text, **kw) if self.color else text

    def echo_json(self, obj: Any) -> None:
        click.echo(dumps(obj))


def dumps(obj: Any) -> str:
    return json.dumps(model.to_dict(obj), ensure_ascii=False, indent=2)


def get_app() -> App:
    ctx = click.get_current_context()
    app = ctx.find_object(App)
    if app is None:  # pragma: no cover - only when a command is invoked outside the group
        app = App(env=dict(os.environ), cwd=Path.cwd())
        ctx.obj = app
    return app


def pass_app(f: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(f)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return f(get_app(), *args, **kwargs)

    return wrapper


def check_today(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None and not ctx.resilient_parsing:
        try:
            date.fromisoformat(value.strip())
        except ValueError:
            raise click.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD, e.g. 2026-12-01.") from None
    return value


def _set_global(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    if value is None or value is False or ctx.resilient_parsing:
        return value
    if param.name == "today":
        check_today(ctx, param, value)
    app = ctx.find_object(App)
    if app is not None:
        setattr(app, {"vault": "vault_opt", "today": "today_opt", "no_refresh": "no_refresh"}[param.name], value)
    return value


def global_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """SPEC: --vault, --today and --no-refresh are accepted before the command
    name and after it. The group has them too; here they also attach to each
    command and write into the same App."""
    f = click.option("--no-refresh", is_flag=True, default=False, expose_value=False, callback=_set_global,
                     help="Answer from the index as it stands, without refreshing it first.")(f)
    f = click.option("--today", metavar="YYYY-MM-DD", expose_value=False, callback=_set_global,
                     help="What 'today' is, for reproducible reports (also JOURNALKIT_TODAY).")(f)
    f = click.option("--vault", metavar="PATH", expose_value=False, callback=_set_global,
                     help="The vault folder (also JOURNALKIT_VAULT).")(f)
    return f


def complete_clients(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    """Shell completion of client slugs: folder names only, no index needed."""
    from click.shell_completion import CompletionItem

    from journalkit.vault import client_names, find_vault

    try:
        root_params = ctx.find_root().params
        root = find_vault(root_params.get("vault") or ctx.params.get("vault"), os.environ, Path.cwd())
        names = client_names(root)
    except Exception:
        return []
    return [CompletionItem(n) for n in names if n.startswith(incomplete)]
