"""`journalkit done TASK_ID`: tick one task in its file and change nothing else.

`tick_line` is pure (bytes in, bytes out); `tick_task` is the only part that
touches the disk. Three outcomes, so the CLI can map them to exit codes:

- ticked: the new bytes are returned (and written by `tick_task`);
- already done or cancelled: `AlreadyClosed` is raised — not a
  JournalkitError, because SPEC says this is a success (exit 0, say so);
- unknown/ambiguous id, or the line changed since indexing: `TaskError` (exit 2).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from journalkit import model, writer
from journalkit.errors import TaskError
from journalkit.model import Snapshot, Task
from journalkit.reports.contact import counted_tasks

BOM = b"\xef\xbb\xbf"
_LINE_END = re.compile(rb"\r\n|\r|\n")
# The bullet and box of a task line, also inside block quotes.
_BOX = re.compile(r"^((?:[ \t]*>)*[ \t]*(?:[-*+]|\d+[.)])[ \t]+)\[(.)\]")
_TRAILING_SPACE = re.compile(r"[ \t]*$")

STATUS_OF_MARK = {" ": model.OPEN, "/": model.OPEN, "x": model.DONE, "X": model.DONE, "-": model.CANCELLED}


class AlreadyClosed(Exception):
    """The task is already done or cancelled; nothing was changed."""

    def __init__(self, status: str):
        super().__init__(f"task is already {status}")
        self.status = status


def _changed(line_no: int) -> TaskError:
    return TaskError(
        f"line {line_no} changed since the index saw it; run `journalkit index` and try again"
    )


def _line_span(data: bytes, line_no: int) -> tuple[int, int]:
    """Byte offsets of line `line_no`'s text (line end excluded, a leading BOM skipped)."""
    if line_no < 1:
        raise _changed(line_no)
    start = 0
    for _ in range(line_no - 1):
        m = _LINE_END.search(data, start)
        if m is None:
            raise _changed(line_no)
        start = m.end()
    m = _LINE_END.search(data, start)
    end = m.start() if m else len(data)
    if start == 0 and data.startswith(BOM):
        start = len(BOM)
    return start, end


def tick_line(data: bytes, line_no: int, expected_raw: str, today: dt.date) -> bytes:
    """Return `data` with the task on `line_no` ticked and `✅ today` added before any trailing blanks."""
    start, end = _line_span(data, line_no)
    try:
        text = data[start:end].decode("utf-8")
    except UnicodeDecodeError:
        raise TaskError(f"line {line_no} is not UTF-8; journalkit will not edit it") from None
    if text != expected_raw:
        raise _changed(line_no)
    m = _BOX.match(text)
    if m is None or m.group(2) not in STATUS_OF_MARK:
        raise TaskError(f"line {line_no} is not a task line", hint="run `journalkit index` and try again")
    status = STATUS_OF_MARK[m.group(2)]
    if status != model.OPEN:
        raise AlreadyClosed(status)
    body = m.group(1) + "[x]" + text[m.end():]
    # Trailing blanks (a Markdown hard break) stay at the end of the line.
    cut = _TRAILING_SPACE.search(body).start()
    body = f"{body[:cut]} ✅ {today.isoformat()}{body[cut:]}"
    return data[:start] + body.encode("utf-8") + data[end:]


def find_task(snap: Snapshot, task_id: str) -> Task:
    """The one counted task with this id (exact, else case-insensitive). Conflict copies never match."""
    wanted = task_id.strip()
    tasks = counted_tasks(snap)
    hits = [t for t in tasks if t.id == wanted] or [t for t in tasks if t.id.lower() == wanted.lower()]
    if not hits:
        raise TaskError(f"no task with id {task_id!r}", hint="see task ids with `journalkit followups --json`")
    if len(hits) > 1:
        where = ", ".join(f"{t.path}:{t.line}" for t in hits)
        raise TaskError(f"task id {task_id!r} is ambiguous: {where}", hint="run `journalkit index --rebuild`")
    return hits[0]


def tick_task(vault: Path, task: Task, today: dt.date) -> Path:
    """Tick `task` in its file under `vault`, atomically; returns the file's path.

    Raises AlreadyClosed (nothing written) or TaskError. The write goes
    through journalkit.writer (atomic replace, permission bits kept).
    """
    root = vault.resolve()
    target = (root / task.path).resolve()
    if root not in target.parents:
        raise TaskError(f"{task.path} is outside the vault; not editing it")
    try:
        data = target.read_bytes()
    except OSError as exc:
        raise TaskError(f"cannot read {task.path}: {exc.strerror}", hint="run `journalkit index` and try again") from None
    try:
        new = tick_line(data, task.line, task.raw, today)
    except TaskError as exc:
        raise TaskError(f"{task.path}: {exc.message}", hint=exc.hint) from None
    writer.replace_file(root, task.path, new)
    return target
