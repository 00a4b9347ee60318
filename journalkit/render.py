"""Templates: the only module that imports jinja2.

A template is looked up first in the vault's `_templates/` (the user's own
copies), then in the templates shipped with journalkit. Environment, the same
for every template so a user's copy behaves like the original:

- Jinja's default whitespace handling (no trim_blocks / lstrip_blocks; use
  `{%-` / `-%}`), but a template's final newline is kept;
- a *sandboxed* environment with StrictUndefined: a missing variable is an
  error naming the file and line, never a silent blank;
- autoescape on for `*.html`, `*.htm`, `*.xml`, `*.svg` (with or without a
  `.j2` suffix), off otherwise;
- every `{{ }}` output is passed through `finalize`: None prints as nothing,
  and control characters (ESC, CR, ...) from note text are dropped so a note
  can never drive the terminal. Only `style` emits escape codes, and only
  when colour is on.

Note text only ever reaches a template as data, never as template source, so
`{{ 7*7 }}` in a note prints literally.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import traceback
import unicodedata
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

import journalkit
from journalkit.errors import TemplateProblem

_ESCAPED_SUFFIXES = (".html", ".htm", ".xml", ".svg")
_TEMPLATE_SUFFIXES = (".j2", ".jinja", ".jinja2")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

_FG = {"black": 30, "red": 31, "green": 32, "yellow": 33, "blue": 34, "magenta": 35, "cyan": 36, "white": 37}


def templates_dir() -> Path:
    """The packaged templates: inside the package in a wheel, beside it in a checkout."""
    here = Path(journalkit.__file__).parent
    inside = here / "templates"
    return inside if inside.is_dir() else here.parent / "templates"


def packaged_templates() -> list[tuple[str, bytes]]:
    """(relative name, bytes) of every default template `init` copies into `_templates/`.

    The config template is left out: `init` writes `.journalkit.toml` from it.
    """
    root = templates_dir()
    return [
        (p.relative_to(root).as_posix(), p.read_bytes())
        for p in sorted(root.rglob("*.j2"))
        if p.is_file() and p.name != "journalkit.toml.j2"
    ]


def _autoescape(name: str | None) -> bool:
    name = (name or "").lower()
    for suffix in _TEMPLATE_SUFFIXES:
        if name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    return name.endswith(_ESCAPED_SUFFIXES)


class _Styled(str):
    """Text with ANSI codes made by `style`; `finalize` lets these (and only these) through."""


def _clean(value: Any) -> str:
    return _CONTROL.sub("", str(value))


def _finalize(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, (_Styled, Markup)):
        return value
    if isinstance(value, str):
        return _clean(value)
    return value


def display_width(text: Any) -> int:
    """Terminal cells: wide East Asian characters take two, combining marks none."""
    width = 0
    for ch in str(text):
        if unicodedata.combining(ch):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
    return width


def _pad(value: Any, width: int, right: bool) -> str:
    text = "" if value is None else str(value)
    fill = " " * max(0, width - display_width(_clean(text)))
    out = fill + text if right else text + fill
    return _Styled(out) if isinstance(value, _Styled) else out


def _widest(items: Any, attribute: str | None = None, minimum: int = 0) -> int:
    """Column width: the widest of `items` (or of their `attribute`), at least `minimum`."""
    values = [(i.get(attribute) if isinstance(i, dict) else getattr(i, attribute, None)) if attribute else i
              for i in items or ()]
    return max([minimum, *(display_width("" if v is None else v) for v in values)])


def _to_date(value: Any) -> dt.date | dt.datetime | None:
    if value in (None, ""):
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value
    text = str(value)
    try:
        return dt.datetime.fromisoformat(text) if len(text) > 10 else dt.date.fromisoformat(text)
    except ValueError:
        return None


def _format_date(value: Any, fmt: str = "%a %d %b %Y") -> str:
    """Format an ISO date or date-time; anything that is not one prints as given."""
    parsed = _to_date(value)
    return parsed.strftime(fmt) if parsed else ("" if value is None else str(value))


def _ago(days: Any) -> str:
    """Days since -> words."""
    if days is None:
        return "never"
    days = int(days)
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    return f"{days} days ago" if days > 0 else f"in {-days} days"


def _in_days(days: Any) -> str:
    """Days until -> words."""
    if days is None:
        return ""
    days = int(days)
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    return f"in {days} days" if days > 0 else f"{-days} days ago"


def _plural(n: Any, singular: str, plural: str | None = None) -> str:
    return f"{n} {singular if n == 1 else (plural or singular + 's')}"


class Renderer:
    """Renders packaged or user templates; see the module doc for the rules."""

    def __init__(self, user_dir: Path | None, *, color: bool = False):
        self.user_dir = Path(user_dir) if user_dir else None
        self.color = color
        self.env = self._make_env(self._search_path())

    # -- public ----------------------------------------------------------------

    def exists(self, name: str) -> bool:
        try:
            self.env.get_template(name)
        except jinja2.TemplateNotFound:
            return False
        except jinja2.TemplateError:
            return True  # there, but broken: render() will say where
        return True

    def render(self, name: str, context: dict[str, Any]) -> str:
        return self._render(self.env, name, context)

    def render_file(self, path: Path, context: dict[str, Any]) -> str:
        """Render a template file given on the command line (`digest --template F`).

        It may `{% extends %}` or `{% include %}` files beside it, the user's
        templates and the packaged ones.
        """
        path = Path(path)
        if not path.is_file():
            raise TemplateProblem(f"template file {path} not found")
        env = self._make_env([path.parent, *self._search_path()])
        return self._render(env, path.name, context)

    # -- internals ---------------------------------------------------------------

    def _search_path(self) -> list[Path]:
        dirs = [self.user_dir] if self.user_dir and self.user_dir.is_dir() else []
        return [*dirs, templates_dir()]

    def _make_env(self, search_path: list[Path]) -> SandboxedEnvironment:
        env = SandboxedEnvironment(
            loader=jinja2.FileSystemLoader([str(p) for p in search_path]),
            autoescape=_autoescape,
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
            finalize=_finalize,
            auto_reload=False,
        )
        env.filters.update(
            style=self._style,
            tojson=_tojson,
            date=_format_date,
            ago=_ago,
            in_days=_in_days,
            plural=_plural,
            ljust=lambda v, w: _pad(v, w, right=False),
            rjust=lambda v, w: _pad(v, w, right=True),
        )
        env.globals.update(color=self.color, widest=_widest, display_width=display_width)
        return env

    def _style(self, text: Any, fg: str | None = None, bold: bool = False, dim: bool = False,
               underline: bool = False) -> str:
        """ANSI-styled text when colour is on; the text as is otherwise."""
        plain = _clean("" if text is None else text)
        if not self.color:
            return plain
        codes = [str(c) for c, on in ((1, bold), (2, dim), (4, underline)) if on]
        if fg:
            base = fg.removeprefix("bright_")
            if base not in _FG:
                raise ValueError(f"unknown colour {fg!r}; use one of {', '.join(_FG)}")
            codes.append(str(_FG[base] + (60 if fg.startswith("bright_") else 0)))
        if not codes:
            return plain
        return _Styled(f"\x1b[{';'.join(codes)}m{plain}\x1b[0m")

    def _render(self, env: SandboxedEnvironment, name: str, context: dict[str, Any]) -> str:
        try:
            return env.get_template(name).render(context)
        except jinja2.TemplateNotFound as exc:
            where = " or ".join(str(p) for p in self._search_path())
            raise TemplateProblem(f"template {exc.name or name!r} not found in {where}") from None
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateProblem(
                f"{exc.filename or exc.name or name}:{exc.lineno}: template syntax error: {exc.message}"
            ) from None
        except Exception as exc:  # anything a template can raise while rendering
            file, line = _template_frame(exc, name)
            detail = str(exc) or type(exc).__name__
            raise TemplateProblem(f"{file}:{line}: error in template: {detail}") from None


# In HTML templates JSON must not close a <script> or an attribute: Jinja's
# HTML-safe form there; elsewhere plain JSON, which YAML front matter and
# Markdown read as they are.
@jinja2.pass_eval_context
def _tojson(eval_ctx: Any, value: Any, indent: int | None = None) -> Any:
    if eval_ctx.autoescape:
        return jinja2.utils.htmlsafe_json_dumps(value, indent=indent)
    return json.dumps(value, ensure_ascii=False, indent=indent, default=str)


def _template_frame(exc: BaseException, fallback: str) -> tuple[str, int | str]:
    """The template file and line of a render-time error.

    Jinja rewrites tracebacks so template code appears as frames whose file
    is the template; the innermost such frame is where it went wrong.
    """
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if not f.filename.endswith(".py")]
    if frames:
        return frames[-1].filename, frames[-1].lineno or "?"
    return fallback, "?"
