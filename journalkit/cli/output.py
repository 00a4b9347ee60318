"""Formatting core values for people (aligned, coloured on a terminal) and JSON."""

from __future__ import annotations

from typing import Any

from journalkit import model
from journalkit.index.search import HL_END, HL_START, Hit


def snippet_json(hit: Hit) -> dict[str, Any]:
    """SPEC's hit shape; highlighted terms are wrapped in ** (Markdown bold)."""
    d = model.to_dict(hit)
    d["snippet"] = hit.snippet.replace(HL_START, "**").replace(HL_END, "**")
    return d


def format_hit(hit: Hit, app: Any) -> str:
    date = (hit.date or "undated")[:10]
    head = f"{app.style(date, fg='cyan')}  {app.style(hit.client or '-', fg='green')}  {app.style(hit.title, bold=True)}"
    if app.color:
        snippet = hit.snippet.replace(HL_START, "\x1b[1;33m").replace(HL_END, "\x1b[0m")
    else:
        snippet = hit.snippet.replace(HL_START, "").replace(HL_END, "")
    lines = [head, "  " + app.style(hit.path, dim=True)]
    if snippet:
        lines.append("  " + snippet)
    return "\n".join(lines) + "\n"


def format_problem(p: model.Problem, app: Any) -> str:
    sev = app.style(p.severity, fg="red" if p.severity == model.ERROR else "yellow", bold=p.severity == model.ERROR)
    return f"{p.path}:{p.line}: {sev}: {p.message} [{p.code}]"


def format_sync(result: Any, app: Any) -> list[str]:
    lines: list[str] = []
    if result.rebuilt:
        lines.append(f"rebuilt the index: {result.files} file(s)")
        return lines
    for path in result.added:
        lines.append(f"added    {path}")
    for path in result.updated:
        lines.append(f"updated  {path}")
    for old, new in result.moved:
        lines.append(f"moved    {old} -> {new}")
    for path in result.removed:
        lines.append(f"removed  {path}")
    if not result.changed:
        lines.append(f"index up to date: {result.files} file(s)")
    else:
        lines.append(
            f"{len(result.added)} added, {len(result.updated)} updated, {len(result.moved)} moved, "
            f"{len(result.removed)} removed; {result.files} file(s) in the vault"
        )
    return lines
