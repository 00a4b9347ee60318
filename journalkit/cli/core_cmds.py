"""Core commands: init, client add, new, index, search, check."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from journalkit.cli.app import App, complete_clients, global_options, pass_app
from journalkit.cli.output import format_hit, format_problem, format_sync, snippet_json
from journalkit.errors import UsageError


def register(group: click.Group) -> None:
    for command in (init, client, new, index, search, check):
        group.add_command(command)


@click.command()
@click.argument("path", required=False, type=click.Path(file_okay=False, path_type=Path))
@global_options
@pass_app
def init(app: App, path: Path | None) -> None:
    """Make a vault: .journalkit.toml and _templates/ with the defaults to edit.

    \b
    Example:
      journalkit init ~/clients
    """
    from journalkit.authoring import init_vault
    from journalkit.render import Renderer, packaged_templates

    root = (path or app.cwd).expanduser().resolve()
    result = init_vault(root, Renderer(None), packaged_templates())
    for rel in result.created:
        app.echo(f"created {rel}")
    if result.kept:
        app.echo(f"kept {len(result.kept)} existing file(s) unchanged")
    app.echo(f"Vault ready at {root}. Next: cd {root} && journalkit client add \"Acme Labs\"")


@click.group()
def client() -> None:
    """Manage clients (one folder each).

    \b
    Example:
      journalkit client add "Acme Labs"
    """


@client.command("add")
@click.argument("name")
@global_options
@pass_app
def client_add(app: App, name: str) -> None:
    """Make a client folder with a client.md profile from the template.

    \b
    Example:
      journalkit client add "Acme Labs"     # creates acme-labs/client.md
    """
    from journalkit.authoring import add_client

    app.echo(add_client(app.root, name, app.renderer()))


@click.command()
@click.argument("client_", metavar="CLIENT", shell_complete=complete_clients)
@click.option("--type", "type_", default="meeting", show_default=True, help="Entry type: meeting, call, email, note, ...")
@click.option("--title", help="Title (default: '<Type> with <client name>').")
@click.option("--date", "date_", metavar="YYYY-MM-DD[ HH:MM]", help="Date of the entry (default: today).")
@click.option("--no-edit", is_flag=True, help="Do not open $VISUAL/$EDITOR.")
@global_options
@pass_app
def new(app: App, client_: str, type_: str, title: str | None, date_: str | None, no_edit: bool) -> None:
    """Start a new entry for CLIENT from the template for its type.

    Lists the client's open tasks in it as a reminder, prints its path, and
    opens $VISUAL/$EDITOR (unless --no-edit or not on a terminal).

    \b
    Example:
      journalkit new acme-labs --type call --title "Q3 pricing"
    """
    from journalkit.authoring import check_type, new_entry
    from journalkit.dates import parse_date

    day, time = app.today, ""
    if date_:
        parsed = parse_date(date_)
        if parsed is None:
            raise UsageError(f"--date {date_!r} is not a date.", "Use YYYY-MM-DD or 'YYYY-MM-DD HH:MM'.")
        from datetime import date as _date

        day, time = _date.fromisoformat(parsed[:10]), parsed[11:16]
    rel = new_entry(app.root, app.snapshot(), client_, app.renderer(), day=day, time=time,
                    type_=check_type(type_), title=title)
    app.echo(rel)
    if not no_edit and sys.stdin.isatty() and sys.stdout.isatty():
        editor = app.env.get("VISUAL") or app.env.get("EDITOR")
        try:
            click.edit(filename=str(app.root / rel), editor=editor)
        except click.ClickException as exc:
            app.warn(f"could not open an editor ({exc.message}); the note is at {rel}")


@click.command()
@click.option("--rebuild", is_flag=True, help="Throw the index away and build it again from the files.")
@global_options
@pass_app
def index(app: App, rebuild: bool) -> None:
    """Bring the index up to date with the vault and say what changed.

    \b
    Example:
      journalkit index            # after a git pull, say
      journalkit index --rebuild  # start over
    """
    progress = _progress_bar(app)
    with progress as update:
        result = app.refresh(rebuild=rebuild, progress=update, strict=True)
    for line in format_sync(result, app):
        app.echo(line)


class _Progress:
    """click's progress bar on a terminal, only for long runs; silent otherwise."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.bar = None

    def __enter__(self):
        return self.update

    def update(self, done: int, total: int) -> None:
        if not self.enabled or total < 200:
            return
        if self.bar is None:
            self.bar = click.progressbar(length=total, label="indexing", file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(1)

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)


def _progress_bar(app: App) -> _Progress:
    return _Progress(sys.stderr.isatty())


@click.command()
@click.argument("query", nargs=-1)
@click.option("--client", "client_", shell_complete=complete_clients, help="Only this client's notes.")
@click.option("--type", "type_", help="Only entries of this type.")
@click.option("--tag", help="Only entries with this tag.")
@click.option("--since", metavar="DATE|SPAN", help="From this date, or this far back (7d, 2w, 3m, 1y).")
@click.option("--until", metavar="DATE", help="Up to this date (inclusive).")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(min=1), help="At most this many hits.")
@click.option("--sort", type=click.Choice(["score", "date"]), default="score", show_default=True)
@click.option("--files", is_flag=True, help="Print matching paths only.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@global_options
@pass_app
def search(app: App, query: tuple[str, ...], client_: str | None, type_: str | None, tag: str | None,
           since: str | None, until: str | None, limit: int, sort: str, files: bool, as_json: bool) -> None:
    """Ranked full-text search; exit 1 when nothing is found.

    Field queries (client: type: tag: date:), "phrases", prefix*, fuzzy~,
    AND / OR / NOT.

    \b
    Examples:
      journalkit search pricing renewal
      journalkit search '"revised proposal" client:acme-labs' --since 30d
      journalkit search 'onboard* OR hiring NOT tag:family' --sort date --json
    """
    from journalkit.dates import parse_cli_date, resolve_since
    from journalkit.index import search as run_search
    from journalkit.index.search import SearchOptions

    opts = SearchOptions(
        client=client_, type=type_, tag=tag,
        since=resolve_since(since, app.today) if since else None,
        until=parse_cli_date(until) if until else None,
        limit=limit, sort=sort,
    )
    text = " ".join(query)
    result = app.read_index(lambda store: run_search(store, text, opts, app.today))
    if as_json:
        app.echo_json({"query": result.query, "total": result.total,
                       "hits": [snippet_json(h) for h in result.hits]})
    elif files:
        for hit in result.hits:
            app.echo(hit.path)
    else:
        for hit in result.hits:
            app.echo(format_hit(hit, app))
        if result.hits:
            shown = len(result.hits)
            more = f" (showing {shown}; --limit for more)" if result.total > shown else ""
            app.echo(app.style(f"{result.total} hit{'s' if result.total != 1 else ''}{more}", dim=True))
        else:
            click.echo("no matches", err=True)
    if not result.hits:
        click.get_current_context().exit(1)


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@global_options
@pass_app
def check(app: App, as_json: bool) -> None:
    """Report every problem in the vault with path, line and reason.

    Exit 1 when there are errors (warnings alone exit 0).

    \b
    Example:
      journalkit check
    """
    from journalkit.reports.check import check as run_check

    report = run_check(app.snapshot())
    if as_json:
        app.echo_json({"problems": report.problems})
    else:
        for problem in report.problems:
            app.echo(format_problem(problem, app))
        if report.problems:
            app.echo(f"{report.errors} error(s), {report.warnings} warning(s)")
        else:
            app.echo("no problems found")
    if report.errors:
        click.get_current_context().exit(1)
