"""One file's text -> model.Entry (and model.Profile for client.md). Pure.

Every rule of SPEC "Entries", "Action items" and "Client profile" that can be
decided from a single file is decided here; nothing here knows about the
vault's other files, the index or the clock.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from . import dates
from .fm import FrontMatter, split_front_matter
from .model import (CONFLICT, ENTRY, ERROR, PROFILE, WARNING, Entry, Goal, ImportantDate,
                    Problem, Profile, Task)
from .tasks import lines_outside_fences, parse_tasks

# -- sync-conflict copies -----------------------------------------------------

CONFLICT_PATTERNS = (
    # Dropbox: "name (conflicted copy 2026-11-03).md", "name (Dana's conflicted copy 2026-11-03).md";
    # Obsidian Sync: "name (Conflicted copy laptop 202611031200).md".
    # Dropbox may add a counter in parentheses, "(... conflicted copy 2026-11-03 (1))".
    re.compile(r"\([^()]*\bconflicted copy\b", re.IGNORECASE),
    # Syncthing: "name.sync-conflict-20261103-120000-ABCDEFG.md".
    re.compile(r"\.sync-conflict-\d{8}-\d{6}(?:-[a-z0-9]+)?(?:\.|$)", re.IGNORECASE),
)


def is_conflict_copy(filename: str) -> bool:
    base = filename.replace("\\", "/").rsplit("/", 1)[-1]
    # Every pattern names "conflict": a substring test spares the regexes for
    # all but a few of the 100k names a big vault's walk asks about.
    if "onflict" not in base and "ONFLICT" not in base.upper():
        return False
    return any(pattern.search(base) for pattern in CONFLICT_PATTERNS)


# -- shared helpers -------------------------------------------------------------

ENTRY_KEYS = frozenset({"date", "type", "title", "attendees", "tags", "follow_up",
                        "milestones", "summary"})
PROFILE_KEYS = frozenset({"name", "contact", "email", "birthday", "important_dates", "cadence",
                          "status", "interests", "preferences", "goals", "tags"})
STATUSES = ("active", "paused", "former")
GOAL_STATUSES = ("open", "achieved", "dropped")

_FILE_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})(?!\d)")
_HEADING = re.compile(r" {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$")
_CLOSING_HASHES = re.compile(r"(?:^|[ \t]+)#+$")
_LIST_ITEM = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+(.*\S)")
_TASK_BOX = re.compile(r"\[[ xX/\-]\](?:[ \t]|$)")
_RULE = re.compile(r" {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$")
_CODE_SPAN = re.compile(r"(`+).*?\1")
_INLINE_TAG = re.compile(r"(?<![\w#&/\\])(?<!\]\()#([^\W\d_][\w/\-]*)")
_MERGE_START = re.compile(r"^<{7}(?:[ \t]|$)", re.M)
_MERGE_ANY = re.compile(r"^(?:>{7}|={7})(?:[ \t]|$)", re.M)
_KEY_POINTS_MAX = 200


class _Problems:
    """Collects problems for one file; `line_of(key)` finds a front-matter key's line."""

    def __init__(self, path: str, fm: FrontMatter):
        self.path = path
        self.fm = fm
        self.items: list[Problem] = list(fm.problems)

    def line_of(self, key: str) -> int:
        return self.fm.key_lines.get(key, 1)

    def add(self, line: int, severity: str, code: str, message: str) -> None:
        self.items.append(Problem(self.path, line, severity, code, message))

    def sorted(self) -> tuple[Problem, ...]:
        return tuple(sorted(self.items, key=lambda p: p.line))

    def bad_field(self, key: str, expected: str) -> None:
        self.add(self.line_of(key), WARNING, "field-invalid",
                 f"'{key}' should be {expected}: the value is ignored; fix it")


def _text(value: Any, key: str, problems: _Problems) -> str | None:
    if value is None:
        return None
    if isinstance(value, (dict, list)):
        problems.bad_field(key, "a single line of text")
        return None
    text = str(value).strip()
    return text or None


def _text_list(value: Any, key: str, problems: _Problems, *, split_commas: bool = True) -> tuple[str, ...]:
    """A YAML list, or one string (comma-separated when `split_commas`)."""
    if value is None:
        return ()
    if isinstance(value, dict):
        problems.bad_field(key, "a list (or one comma-separated line)")
        return ()
    items = value if isinstance(value, list) else (
        str(value).split(",") if split_commas else [str(value)])
    out = []
    for item in items:
        if isinstance(item, (dict, list)):
            problems.bad_field(key, "a list of plain values")
            continue
        if item is not None and (text := str(item).strip()):
            out.append(text)
    return tuple(out)


def _json_safe(value: Any) -> Any:
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_safe(v) for v in value]
    return str(value)


def _unknown_meta(meta: dict, known: frozenset) -> dict:
    return {key: _json_safe(value) for key, value in meta.items() if key not in known}


def _merge_conflict(text: str, problems: _Problems) -> None:
    if "<<<<<<<" not in text and ">>>>>>>" not in text:
        return
    match = _MERGE_START.search(text) or (
        _MERGE_ANY.search(text) if ">>>>>>>" in text else None)
    if match:
        line = text.count("\n", 0, match.start()) + 1
        problems.add(line, ERROR, "merge-conflict",
                     "git merge conflict markers ('<<<<<<<', '=======', '>>>>>>>'): "
                     "keep the right version of the text and delete the markers")


def _task_problems(tasks: tuple[Task, ...], problems: _Problems) -> None:
    for task in tasks:
        if task.due_raw is not None:
            problems.add(task.line, WARNING, "task-due-invalid",
                         f"task due date '{task.due_raw}' is not a date: write it as YYYY-MM-DD "
                         "(e.g. 📅 2026-11-07 or due:2026-11-07); until then the task has no due date")


def _tags(fm_tags: Any, inline: list[str], problems: _Problems) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for item in _text_list(fm_tags, "tags", problems):
        # A tag never holds a space (SPEC's inline rule), so "a b" is two tags.
        for tag in item.split():
            tag = tag.lstrip("#").lower()
            if tag:
                seen.setdefault(tag, None)
    for tag in inline:
        seen.setdefault(tag, None)
    return tuple(seen)


# -- body structure ---------------------------------------------------------------

@dataclass
class _Body:
    heading: str | None = None            # the first level-1 heading's text
    tags: list[str] = field(default_factory=list)
    key_points: list[str] = field(default_factory=list)
    personal: list[str] = field(default_factory=list)
    paragraph: list[str] = field(default_factory=list)


def _heading_text(raw: str | None) -> str:
    text = (raw or "").strip()
    return _CLOSING_HASHES.sub("", text).strip()


def _scan_body(body: str) -> _Body:
    """One pass over the body's lines outside fenced code."""
    out = _Body()
    section: str | None = None          # "key points" / "personal" while inside one
    section_level = 0
    paragraph_done = False
    for _, line in lines_outside_fences(body):
        heading = _HEADING.match(line) if "#" in line else None
        if heading:
            level, text = len(heading.group(1)), _heading_text(heading.group(2))
            if out.heading is None and level == 1 and text:
                out.heading = text
            name = text.rstrip(":").strip().casefold()
            if name in ("key points", "personal"):
                section, section_level = name, level
            elif section is not None and level <= section_level:
                section = None
            if out.paragraph:
                paragraph_done = True
            _collect_tags(text, out.tags)
            continue
        if "#" in line:
            _collect_tags(line, out.tags)
        stripped = line.strip()
        if section is not None and stripped:
            item = _LIST_ITEM.match(line)
            if item and not _TASK_BOX.match(item.group(1)):
                (out.key_points if section == "key points" else out.personal).append(item.group(1))
        if not paragraph_done:
            if not stripped:
                paragraph_done = bool(out.paragraph)
            elif not (_RULE.match(line) or stripped.startswith("<!--") or _is_task_line(line)):
                out.paragraph.append(stripped)
    return out


def _is_task_line(line: str) -> bool:
    item = _LIST_ITEM.match(line) if "[" in line else None
    return bool(item and _TASK_BOX.match(item.group(1)))


def _collect_tags(line: str, into: list[str]) -> None:
    if "`" in line:
        line = _CODE_SPAN.sub(" ", line)
    for match in _INLINE_TAG.finditer(line):
        tag = match.group(1).rstrip("/-").lower()
        if tag:
            into.append(tag)


def _first_paragraph(lines: list[str]) -> tuple[str, ...]:
    text = " ".join(" ".join(lines).split())
    if not text:
        return ()
    if len(text) > _KEY_POINTS_MAX:
        cut = text[:_KEY_POINTS_MAX]
        space = cut.rfind(" ")
        if space > _KEY_POINTS_MAX // 2:
            cut = cut[:space]
        text = cut.rstrip(" ,;:.-") + "…"
    return (text,)


# -- entries --------------------------------------------------------------------

def _basename(path: str) -> str:
    return path.rsplit("/", 1)[-1]


def _stem(path: str) -> str:
    name = _basename(path)
    return name[:-3] if name.lower().endswith(".md") else name


def _entry_date(meta: dict, path: str, problems: _Problems) -> str | None:
    value = meta.get("date")
    if value is not None and value != "":
        date = dates.parse_date(value)
        if date is not None:
            return date
        problems.add(problems.line_of("date"), ERROR, "date-invalid",
                     f"date '{value}' does not parse: write YYYY-MM-DD, 'YYYY-MM-DD HH:MM' "
                     "or ISO 8601 (2026-11-03T14:30)")
    match = _FILE_DATE.match(_basename(path))
    return dates.parse_date(match.group(1)) if match else None


def _follow_up(meta: dict, problems: _Problems) -> str | None:
    value = meta.get("follow_up")
    if value is None or value == "":
        return None
    day = dates.parse_day(value)
    if day is None:
        problems.add(problems.line_of("follow_up"), ERROR, "date-invalid",
                     f"follow_up '{value}' does not parse: write YYYY-MM-DD")
    return day


def parse_entry(text: str, *, path: str, client: str | None, kind: str) -> Entry:
    """An entry (kind ENTRY), a note outside client folders (NOTE) or a sync-conflict copy (CONFLICT)."""
    fm = split_front_matter(text, path)
    problems = _Problems(path, fm)
    meta = fm.meta
    date = _entry_date(meta, path, problems)
    if date is None and kind == ENTRY:
        problems.add(1, WARNING, "entry-undated",
                     "entry has no date: add 'date: YYYY-MM-DD' to its front matter or start "
                     "its file name with YYYY-MM-DD")
    body = _scan_body(fm.body)
    summary = _text(meta.get("summary"), "summary", problems)
    tasks = parse_tasks(fm.body, path=path, client=client, first_line=fm.body_line)
    _task_problems(tasks, problems)
    _merge_conflict(text, problems)
    if kind == CONFLICT:
        problems.add(1, WARNING, "sync-conflict",
                     "this is a sync-conflict copy: merge what differs into the original note and "
                     "delete the copy (until then it is searchable but counts nowhere)")
    if summary:
        key_points: tuple[str, ...] = (summary,)
    elif body.key_points:
        key_points = tuple(body.key_points)
    else:
        key_points = _first_paragraph(body.paragraph)
    return Entry(
        path=path,
        client=client,
        kind=kind,
        date=date,
        type=_text(meta.get("type"), "type", problems),
        title=_text(meta.get("title"), "title", problems) or body.heading or _stem(path),
        tags=_tags(meta.get("tags"), body.tags, problems),
        attendees=_text_list(meta.get("attendees"), "attendees", problems),
        follow_up=_follow_up(meta, problems),
        milestones=_text_list(meta.get("milestones"), "milestones", problems, split_commas=False),
        summary=summary,
        key_points=key_points,
        personal=tuple(body.personal),
        tasks=tasks,
        meta=_unknown_meta(meta, ENTRY_KEYS),
        body=fm.body,
        problems=problems.sorted(),
    )


# -- client profiles ------------------------------------------------------------

def default_profile(client: str) -> Profile:
    """A client folder without client.md: its name is its slug, its cadence the vault default."""
    return Profile(client=client, path=None, name=client)


def _yearly(value: Any, label: str, line: int, problems: _Problems) -> str | None:
    if value is None or value == "":
        return None
    normal = dates.parse_yearly(value)
    if normal is None:
        problems.add(line, ERROR, "date-invalid",
                     f"{label} '{value}' does not parse: write YYYY-MM-DD, or --MM-DD "
                     "when the year is unknown")
    return normal


def _important_dates(value: Any, problems: _Problems) -> tuple[ImportantDate, ...]:
    if value is None:
        return ()
    line = problems.line_of("important_dates")
    pairs: list[tuple[Any, Any]] = []
    if isinstance(value, dict):
        pairs = list(value.items())
    elif isinstance(value, list) and all(isinstance(v, dict) for v in value):
        pairs = [pair for item in value for pair in item.items()]
    else:
        problems.bad_field("important_dates", "a mapping of 'label: date' lines")
    out = []
    for label, date in pairs:
        normal = _yearly(date, f"important date '{label}'", line, problems)
        if normal:
            out.append(ImportantDate(label=str(label).strip(), date=normal))
    return tuple(out)


def _cadence(value: Any, problems: _Problems) -> tuple[str | None, int | None]:
    text = _text(value, "cadence", problems)
    if text is None:
        return None, None
    days = dates.try_parse_span(text)
    if not days:
        problems.add(problems.line_of("cadence"), ERROR, "cadence-invalid",
                     f"cadence '{text}' is not a span: write a number and a unit, e.g. 14d, 2w, "
                     "1m, 1y; until then the vault's default cadence applies")
        return None, None
    return text, days


def _status(value: Any, problems: _Problems) -> str:
    text = (_text(value, "status", problems) or "active").lower()
    if text in STATUSES:
        return text
    problems.add(problems.line_of("status"), WARNING, "status-invalid",
                 f"status '{text}' is not one of active, paused, former: treated as active")
    return "active"


def _goals(value: Any, problems: _Problems) -> tuple[Goal, ...]:
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    line = problems.line_of("goals")
    out = []
    for item in items:
        if isinstance(item, dict):
            title = _text(item.get("title"), "goals", problems)
            if not title:
                problems.bad_field("goals", "a list of goals, each with a 'title'")
                continue
            due = None
            if item.get("due") not in (None, ""):
                due = dates.parse_day(item["due"])
                if due is None:
                    problems.add(line, ERROR, "date-invalid",
                                 f"due date '{item['due']}' of goal '{title}' does not parse: "
                                 "write YYYY-MM-DD")
            status = str(item.get("status") or "open").strip().lower()
            if status not in GOAL_STATUSES:
                problems.add(line, WARNING, "status-invalid",
                             f"status '{status}' of goal '{title}' is not one of open, achieved, "
                             "dropped: treated as open")
                status = "open"
            out.append(Goal(title=title, due=due, status=status))
        elif isinstance(item, list):
            problems.bad_field("goals", "a list of goals")
        elif item is not None and str(item).strip():
            out.append(Goal(title=str(item).strip()))
    return tuple(out)


def parse_profile(text: str, *, path: str, client: str) -> tuple[Profile, Entry]:
    """client.md -> its Profile, and a PROFILE Entry that makes it searchable (and holds its problems)."""
    fm = split_front_matter(text, path)
    problems = _Problems(path, fm)
    meta = fm.meta
    body = _scan_body(fm.body)
    name = _text(meta.get("name"), "name", problems) or client
    cadence, cadence_days = _cadence(meta.get("cadence"), problems)
    tags = _tags(meta.get("tags"), body.tags, problems)
    tasks = parse_tasks(fm.body, path=path, client=client, first_line=fm.body_line)
    _task_problems(tasks, problems)
    profile = Profile(
        client=client,
        path=path,
        name=name,
        contact=_text(meta.get("contact"), "contact", problems),
        email=_text(meta.get("email"), "email", problems),
        birthday=_yearly(meta.get("birthday"), "birthday", problems.line_of("birthday"), problems),
        important_dates=_important_dates(meta.get("important_dates"), problems),
        cadence=cadence,
        cadence_days=cadence_days,
        status=_status(meta.get("status"), problems),
        interests=_text_list(meta.get("interests"), "interests", problems),
        preferences=_text_list(meta.get("preferences"), "preferences", problems),
        goals=_goals(meta.get("goals"), problems),
        tags=tags,
        notes=fm.body,
        tasks=tasks,
        meta=_unknown_meta(meta, PROFILE_KEYS),
    )
    _merge_conflict(text, problems)
    entry = Entry(
        path=path,
        client=client,
        kind=PROFILE,
        date=None,
        type=None,
        title=name,
        tags=tags,
        tasks=tasks,
        meta=profile.meta,
        body=fm.body,
        problems=problems.sorted(),
    )
    return profile, entry
