"""Report commands: followups, clients, digest, brief, timeline, stats, done, export.

Each one resolves its options to plain values, calls a pure report over the
snapshot, and prints JSON or a rendered template.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import click

from journalkit.cli.app import App, complete_clients, dumps, global_options, pass_app
from journalkit.errors import UsageError

FORMATS = click.Choice(["txt", "md", "html"])


def register(group: click.Group) -> None:
    for command in (followups, clients, digest, brief, timeline, stats, done, export):
        group.add_command(command)


def _horizon(app: App, value: str) -> date:
    from journalkit.dates import resolve_horizon

    return resolve_horizon(value, app.today)


def _show(app: App, report: Any, name: str, fmt: str, as_json: bool) -> None:
    from journalkit.reports import context

    if as_json:
        app.echo_json(report)
    else:
        app.echo(app.renderer().render(f"{name}.{fmt}.j2", context(report)), nl=False)


def _json_option(f):
    return click.option("--json", "as_json", is_flag=True, help="Print JSON.")(f)


def _format_option(f):
    return click.option("--format", "fmt", type=FORMATS, default="txt", show_default=True,
                         help="txt for the terminal, md for notes, html for a browser or an e-mail.")(f)


@click.command()
@click.option("--client", "client_", shell_complete=complete_clients, help="Only this client.")
@click.option("--horizon", default="14d", show_default=True, metavar="DATE|SPAN",
              help="Look this far ahead: a date or a span (7d, 2w, 1m).")
@click.option("--mine", "owner", flag_value="mine", help="Only tasks I owe.")
@click.option("--theirs", "owner", flag_value="theirs", help="Only tasks I am waiting on others for.")
@_format_option
@_json_option
@global_options
@pass_app
def followups(app: App, client_: str | None, horizon: str, owner: str | None, fmt: str, as_json: bool) -> None:
    """Overdue and upcoming action items, undated open items, clients due for
    contact, and birthdays / important dates within the horizon.

    \b
    Examples:
      journalkit followups
      journalkit followups --theirs --horizon 30d
      journalkit followups --format html > followups.html
    """
    from journalkit.reports import followups as report

    r = report(app.snapshot(), app.today, _horizon(app, horizon), client=client_, owner=owner or "all")
    _show(app, r, "followups", fmt, as_json)


@click.command()
@click.option("--horizon", default="14d", show_default=True, metavar="DATE|SPAN",
              help="Due for contact when the next contact falls within this.")
@_json_option
@global_options
@pass_app
def clients(app: App, horizon: str, as_json: bool) -> None:
    """One row per client: last contact, entries, open tasks, next contact.

    The most neglected active clients come first; paused and former ones last.

    \b
    Example:
      journalkit clients --horizon 7d
    """
    from journalkit.reports import clients as report

    _show(app, report(app.snapshot(), app.today, _horizon(app, horizon)), "clients", "txt", as_json)


@click.command()
@click.option("--since", default="7d", show_default=True, metavar="DATE|SPAN",
              help="From this date, or this far back (7d, 2w, 1m).")
@click.option("--until", metavar="DATE", help="Up to this date, inclusive (default: today).")
@click.option("--client", "client_", shell_complete=complete_clients, help="Only this client.")
@_format_option
@click.option("--template", type=click.Path(dir_okay=False, path_type=Path),
              help="Render with this jinja2 template file instead (context: r, chart).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of standard output.")
@_json_option
@global_options
@pass_app
def digest(app: App, since: str, until: str | None, client_: str | None, fmt: str, template: Path | None,
           output: Path | None, as_json: bool) -> None:
    """The period's review: per client its entries with key points, tasks
    written and done, milestones; then what is due in the week after.

    \b
    Examples:
      journalkit digest
      journalkit digest --since 2026-11-01 --until 2026-11-30 --format md -o november.md
      journalkit digest --since 1m --format html -o digest.html
    """
    from journalkit.dates import parse_cli_date, resolve_since
    from journalkit.reports import context
    from journalkit.reports import digest as report

    start = resolve_since(since, app.today)
    end = parse_cli_date(until) if until else app.today
    if start > end:
        raise UsageError(f"--since {start} is after --until {end}.", "Pick a start on or before the end.")
    r = report(app.snapshot(), start, end, client=client_, today=app.today)
    if as_json:
        text = dumps(r) + "\n"
    else:
        renderer = app.renderer() if output is None else _plain_renderer(app)
        ctx = context(r)
        text = renderer.render_file(template, ctx) if template else renderer.render(f"digest.{fmt}.j2", ctx)
    _emit(app, text, output)


@click.command()
@click.argument("client_", metavar="CLIENT", shell_complete=complete_clients)
@click.option("--last", default=5, show_default=True, type=click.IntRange(min=0),
              help="How many recent interactions to show.")
@click.option("--horizon", default="30d", show_default=True, metavar="DATE|SPAN",
              help="Show important dates this far ahead.")
@_format_option
@_json_option
@global_options
@pass_app
def brief(app: App, client_: str, last: int, horizon: str, fmt: str, as_json: bool) -> None:
    """Before a meeting: profile, goals, milestones, personal notes, the last
    interactions, open tasks both ways, days since last contact, dates ahead.

    \b
    Example:
      journalkit brief acme-labs --last 3
    """
    from journalkit.reports import brief as report

    r = report(app.snapshot(), client_, app.today, last=last, horizon_end=_horizon(app, horizon))
    _show(app, r, "brief", fmt, as_json)


@click.command()
@click.argument("client_", metavar="CLIENT", shell_complete=complete_clients)
@_json_option
@global_options
@pass_app
def timeline(app: App, client_: str, as_json: bool) -> None:
    """Every interaction with CLIENT, newest first (undated ones last).

    \b
    Example:
      journalkit timeline acme-labs
    """
    from journalkit.reports import timeline as report

    _show(app, report(app.snapshot(), client_), "timeline", "txt", as_json)


@click.command()
@click.option("--client", "client_", shell_complete=complete_clients, help="Only this client.")
@_json_option
@global_options
@pass_app
def stats(app: App, client_: str | None, as_json: bool) -> None:
    """Interactions per month, by type, by tag and by client, with terminal charts.

    \b
    Example:
      journalkit stats --client acme-labs
    """
    from journalkit.reports import stats as report

    _show(app, report(app.snapshot(), client=client_), "stats", "txt", as_json)


@click.command()
@click.argument("task_id", metavar="TASK_ID")
@global_options
@pass_app
def done(app: App, task_id: str) -> None:
    """Tick a task in its file ([ ] -> [x], adds a done date), changing nothing else.

    Task ids are in `journalkit followups` and its --json output.

    \b
    Example:
      journalkit done k3x9q2ab
    """
    from journalkit.done import AlreadyClosed, find_task, tick_task

    task = find_task(app.snapshot(), task_id)
    where = f"{task.path}:{task.line}"
    try:
        tick_task(app.root, task, app.today)
    except AlreadyClosed as exc:
        app.echo(f"already {exc.status}: {task.text} ({where}); left as it is")
        return
    app.refresh(scope=[task.path], always=True)  # the index reflects it at once
    app.echo(f"done: {task.text} ({where})")


@click.command()
@click.option("--format", "fmt", type=click.Choice(["json", "ics"]), default="json", show_default=True,
              help="json: every entry and note; ics: an iCalendar feed of due tasks, contacts and dates.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of standard output.")
@global_options
@pass_app
def export(app: App, fmt: str, output: Path | None) -> None:
    """All entries as JSON, or an iCalendar (.ics) feed to subscribe to.

    \b
    Examples:
      journalkit export > journal.json
      journalkit export --format ics -o ~/Dropbox/Public/journalkit.ics
    """
    from journalkit.reports import export_ics, export_json

    snap = app.snapshot()
    text = export_ics(snap, app.today) if fmt == "ics" else dumps(export_json(snap)) + "\n"
    _emit(app, text, output)


# -- output -----------------------------------------------------------------------


def _plain_renderer(app: App):
    """A file gets no terminal colour codes."""
    from journalkit.render import Renderer

    return Renderer(app.root / "_templates", color=False)


def _emit(app: App, text: str, output: Path | None) -> None:
    """Bytes as made (an .ics keeps its CRLF): to the file, or to standard output."""
    data = text.encode("utf-8")
    if output is None or str(output) == "-":
        click.echo(data, nl=False)  # bytes go to the binary stream, untranslated
        return
    try:
        output.expanduser().write_bytes(data)
    except OSError as exc:
        raise UsageError(f"cannot write {output}: {exc.strerror}") from None
    click.echo(f"wrote {output}", err=True)
