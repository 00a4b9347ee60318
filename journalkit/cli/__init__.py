"""The `journalkit` command: a thin click layer over the core.

Errors from the core (journalkit.errors) become a message on stderr and an
exit code here, in one place: 2 for usage and vault errors (SPEC); commands
themselves return 1 for "nothing found" / "errors found".
"""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path
from typing import Any

import click

from journalkit import __version__
from journalkit.cli.app import App, check_today
from journalkit.errors import JournalkitError


class JournalkitGroup(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except JournalkitError as exc:
            _error(exc.message, exc.hint)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            ctx.exit(130)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except BrokenPipeError:
            # `journalkit search x | head`: the reader left; that is not an error.
            _silence_stdout()
            ctx.exit(0)
        except Exception as exc:  # the promise: never a traceback for the user
            if os.environ.get("JOURNALKIT_DEBUG"):
                traceback.print_exc()
            _error(
                f"internal error: {type(exc).__name__}: {exc}",
                "This is a bug in journalkit. Re-run with JOURNALKIT_DEBUG=1 for details and report it.",
            )
            ctx.exit(2)


def _error(message: str, hint: str | None) -> None:
    color = "NO_COLOR" not in os.environ and sys.stderr.isatty()
    prefix = click.style("error: ", fg="red", bold=True) if color else "error: "
    click.echo(prefix + message, err=True, color=color)
    if hint:
        click.echo(hint, err=True)


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group(cls=JournalkitGroup, context_settings=CONTEXT_SETTINGS)
@click.option("--vault", metavar="PATH", help="The vault folder (also JOURNALKIT_VAULT).")
@click.option("--today", metavar="YYYY-MM-DD", callback=check_today, help="What 'today' is, for reproducible reports (also JOURNALKIT_TODAY).")
@click.option("--no-refresh", is_flag=True, help="Answer from the index as it stands, without refreshing it first.")
@click.version_option(__version__, prog_name="journalkit")
@click.pass_context
def cli(ctx: click.Context, vault: str | None, today: str | None, no_refresh: bool) -> None:
    """A terminal companion for your client journal.

    Keeps a full-text index of a folder of Markdown notes current and answers:
    what did we discuss last time, what do I owe whom, who have I not talked to.

    \b
    Example:
      journalkit --vault ~/clients search "pricing review"
    """
    ctx.obj = App(env=dict(os.environ), cwd=Path.cwd(), vault_opt=vault, today_opt=today, no_refresh=no_refresh)


def _register() -> None:
    from journalkit.cli import core_cmds, reports, watch_cmd

    for module in (core_cmds, reports, watch_cmd):
        module.register(cli)


_register()


def main() -> None:
    cli(prog_name="journalkit")
