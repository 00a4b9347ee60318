"""Markdown task lines (`- [ ] text 📅 2026-11-07 @dana`) -> model.Task."""

from __future__ import annotations

import base64
import hashlib
import re
from typing import Iterator

from .dates import parse_day
from .model import CANCELLED, DONE, OPEN, Task

_TASK = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+\[([ xX/\-])\][ \t]+(\S.*)")
_STATUS = {" ": OPEN, "/": OPEN, "x": DONE, "X": DONE, "-": CANCELLED}

# Dataview first, so that `[due:: ...]` is never read as the todo.txt `due:`.
_MARKER = re.compile(
    r"[\[(](?P<dv_key>due|completion)::[ \t]*(?P<dv>[^\])]*?)[ \t]*[\])]"
    r"|(?P<due_emoji>[\U0001F4C5\U0001F4C6\U0001F5D3])\uFE0F?[ \t]*(?P<due_e>\S+)?"
    r"|\u2705\uFE0F?[ \t]*(?P<done_e>\S+)?"
    r"|(?<![\w:/\-])(?P<kw_key>due|done):(?!:)(?P<kw>\S+)",
    re.IGNORECASE,
)
_TRAILING_PUNCT = ".,;:!?)]}"

# A name stands at the start of a word: not after a letter, digit, '.', '@' ...
# which is what keeps `dana@acme.example` from being an owner.
_OWNER = re.compile(r"(?<![\w@.+\-/])@(\w+(?:[-.]\w+)*)")

_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})(.*)")


def task_id(path: str, line: int) -> str:
    """8 characters, stable while the file's path and the task's line stay the same."""
    digest = hashlib.sha1(f"{path}\n{line}".encode("utf-8", "surrogatepass")).digest()
    return base64.b32encode(digest).decode("ascii").lower()[:8]


def parse_task_line(line: str, *, path: str, line_no: int, client: str | None) -> Task | None:
    match = _TASK.match(line)
    if not match:
        return None
    mark, rest = match.groups()
    due = due_raw = done = None
    seen_due = seen_done = False
    pieces: list[str] = []
    last = 0
    for marker in _MARKER.finditer(rest):
        pieces.append(rest[last:marker.start()])
        last = marker.end()
        kind, value = _marker_kind(marker)
        value = (value or "").rstrip(_TRAILING_PUNCT)
        if kind == "due" and not seen_due:
            seen_due = True
            due = parse_day(value)
            if due is None:
                due_raw = value
        elif kind == "done" and not seen_done:
            seen_done = True
            done = parse_day(value)
    pieces.append(rest[last:])
    text = " ".join("".join(pieces).split())
    return Task(
        id=task_id(path, line_no),
        client=client,
        path=path,
        line=line_no,
        text=text,
        status=_STATUS[mark],
        due=due,
        owner=_owner(text),
        done=done,
        raw=line,
        due_raw=due_raw,
    )


def _marker_kind(marker: re.Match) -> tuple[str, str | None]:
    if marker.group("dv_key"):
        kind = "due" if marker.group("dv_key").lower() == "due" else "done"
        return kind, marker.group("dv")
    if marker.group("due_emoji"):
        return "due", marker.group("due_e")
    if marker.group("kw_key"):
        return marker.group("kw_key").lower(), marker.group("kw")
    return "done", marker.group("done_e")


def _owner(text: str) -> str | None:
    match = _OWNER.search(text)
    if not match or match.group(1).lower() == "me":
        return None
    return match.group(1)


def lines_outside_fences(text: str, first_line: int = 1) -> Iterator[tuple[int, str]]:
    """(file line number, line) for each line not inside a fenced code block.

    The fence lines themselves are skipped too. A fence closes on a line of the
    same character at least as long as the opening one; an unclosed fence runs
    to the end (as CommonMark says).
    """
    fence: str | None = None
    for number, line in enumerate(text.split("\n"), first_line):
        if fence is None:
            if ("`" in line or "~" in line) and (opening := _FENCE.match(line)):
                marker, info = opening.groups()
                if not (marker[0] == "`" and "`" in info):
                    fence = marker
                    continue
            yield number, line
        else:
            closing = _FENCE.match(line)
            if (closing and closing.group(1)[0] == fence[0]
                    and len(closing.group(1)) >= len(fence) and not closing.group(2).strip()):
                fence = None


def parse_tasks(text: str, *, path: str, client: str | None, first_line: int = 1) -> tuple[Task, ...]:
    """Every task line of `text`, outside fenced code. `first_line` is the file line of text's first line."""
    if "[" not in text:
        return ()
    tasks = []
    for number, line in lines_outside_fences(text, first_line):
        if "[" in line:
            task = parse_task_line(line, path=path, line_no=number, client=client)
            if task is not None:
                tasks.append(task)
    return tuple(tasks)
