"""YAML front matter, read safely and with the file's own line numbers.

The YAML is read event by event from PyYAML's (C, when available) parser and
the values are built here, not by PyYAML's constructor, because:

* anchors and aliases must be refused at the first sight, never expanded
  ("billion laughs");
* nesting depth must be capped without relying on Python's recursion limit;
* scalars must follow YAML 1.2's core schema (PyYAML implements 1.1, where
  `no` is False, `1:30` is 90 and `2026-11-03` is a date object);
* for the keys journalkit itself reads, the value is the text as written
  (`title: 1.10` is "1.10"), and dates stay strings for `dates.py`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .decode import normalise_newlines
from .model import ERROR, WARNING, Problem

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: Deeper than this is refused: no real note nests like that, and the cap keeps
#: hostile input from costing time or memory.
MAX_DEPTH = 100

#: Keys whose scalar values are kept as the source text (never numbers,
#: booleans or dates): everything journalkit reads itself.
TEXT_KEYS = frozenset({
    "date", "type", "title", "attendees", "tags", "follow_up", "milestones", "summary",
    "name", "contact", "email", "birthday", "important_dates", "cadence", "status",
    "interests", "preferences", "goals",
})

_OPEN = re.compile(r"---[ \t]*(?:\n|\Z)")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.M)

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_BOOLS = {"true": True, "True": True, "TRUE": True,
          "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
# `007` or `01234` is an identifier (a zip code, a room), not the number 7.
_LEADING_ZERO = re.compile(r"[-+]?0[0-9]")
_STR_TAG = "tag:yaml.org,2002:str"


@dataclass(frozen=True)
class FrontMatter:
    meta: dict
    body: str
    body_line: int
    problems: tuple[Problem, ...]
    has_front_matter: bool
    key_lines: dict[str, int] = field(default_factory=dict)


class _Refused(Exception):
    def __init__(self, code: str, line: int, message: str):
        super().__init__(message)
        self.code, self.line, self.message = code, line, message


def split_front_matter(text: str, path: str) -> FrontMatter:
    """Split `text` into front matter and body. Never raises."""
    text = normalise_newlines(text)
    if text.startswith("\ufeff"):
        text = text[1:]
    opening = _OPEN.match(text)
    if not opening:
        return FrontMatter({}, text, 1, (), False, {})
    start = opening.end()
    closing = _CLOSE.search(text, start) if opening.group().endswith("\n") else None
    if closing is None:
        problem = Problem(path, 1, ERROR, "front-matter-unclosed",
                          "front matter is never closed: add a line '---' after the last key "
                          "(or remove the '---' on line 1 if it is not front matter)")
        return FrontMatter({}, text, 1, (problem,), True, {})

    yaml_text = text[start:closing.start()]
    close_line = 2 + yaml_text.count("\n")
    body_start = closing.end() + 1 if closing.end() < len(text) else closing.end()
    body = text[body_start:]
    problems: list[Problem] = []
    try:
        meta, key_lines = _load(yaml_text, 2, path, problems)
    except _Refused as refused:
        problems.append(Problem(path, refused.line, ERROR, refused.code, refused.message))
        meta, key_lines = {}, {}
    return FrontMatter(meta, body, close_line + 1, tuple(problems), True, key_lines)


# -- the loader ---------------------------------------------------------------

class _Frame:
    __slots__ = ("value", "key", "text_mode", "line")

    def __init__(self, value: Any, text_mode: bool, line: int):
        self.value = value
        self.key: Any = _Frame  # sentinel: waiting for a key
        self.text_mode = text_mode
        self.line = line


def _load(yaml_text: str, first_line: int, path: str,
          problems: list[Problem]) -> tuple[dict, dict[str, int]]:
    """Build the front matter mapping; raise _Refused for what makes it unusable."""
    if not yaml_text.strip():
        return {}, {}
    try:
        root, key_lines = _build(yaml_text, first_line, path, problems)
    except _Refused:
        raise
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, yaml_text, first_line) from None
    except RecursionError:
        raise _too_deep(first_line) from None
    except Exception as exc:  # noqa: BLE001 - hostile text must never crash indexing
        raise _Refused("yaml-invalid", first_line,
                       f"front matter cannot be read as YAML ({type(exc).__name__}): "
                       "fix or remove it") from None
    if root is None:
        return {}, {}
    if not isinstance(root, dict):
        kind = "a list" if isinstance(root, list) else "a single value"
        raise _Refused("front-matter-not-mapping", first_line,
                       f"front matter is {kind}, not 'key: value' lines: "
                       "write it as keys, e.g. 'date: 2026-11-03'")
    return root, key_lines


def _yaml_error(exc: yaml.YAMLError, yaml_text: str, first_line: int) -> _Refused:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if mark is not None:
        line = first_line + mark.line
    else:
        position = getattr(exc, "position", 0) or 0
        line = first_line + yaml_text.count("\n", 0, position)
    last = first_line + yaml_text.count("\n") - 1
    line = max(first_line, min(line, max(first_line, last)))
    reason = getattr(exc, "problem", None) or getattr(exc, "reason", None) or "invalid YAML"
    if "nesting depth" in str(reason):  # libyaml's own cap, below ours or not
        return _too_deep(line)
    return _Refused("yaml-invalid", line,
                    f"front matter is not valid YAML ({reason}): fix this line, "
                    "or quote the value (key: \"text\")")


def _too_deep(line: int) -> _Refused:
    return _Refused("yaml-too-deep", line,
                    f"front matter nests deeper than {MAX_DEPTH} levels: it is ignored; "
                    "flatten it")


def _build(yaml_text: str, first_line: int, path: str,
           problems: list[Problem]) -> tuple[Any, dict[str, int]]:
    loader = _Loader(yaml_text)
    try:
        return _compose(loader, first_line, path, problems)
    finally:
        loader.dispose()


def _compose(loader: Any, first_line: int, path: str,
             problems: list[Problem]) -> tuple[Any, dict[str, int]]:
    # Iterative on purpose: the depth of the input never becomes Python stack depth.
    stack: list[_Frame] = []
    key_lines: dict[str, int] = {}
    root: Any = None
    documents = 0

    def add(value: Any, source: str | None, line: int) -> None:
        nonlocal root
        if not stack:
            root = value
            return
        frame = stack[-1]
        if isinstance(frame.value, list):
            frame.value.append(value)
        elif frame.key is _Frame:
            frame.key = source if source is not None else str(value)
            if len(stack) == 1:
                key_lines.setdefault(frame.key, line)
        else:
            if frame.key in frame.value:
                problems.append(Problem(
                    path, line, WARNING, "yaml-duplicate-key",
                    f"key '{frame.key}' appears twice in the front matter: the last one wins; "
                    "remove the other"))
            frame.value[frame.key] = value
            frame.key = _Frame

    def child_text_mode() -> bool:
        if not stack:
            return False
        frame = stack[-1]
        if frame.text_mode:
            return True
        return (len(stack) == 1 and isinstance(frame.value, dict)
                and frame.key is not _Frame and frame.key in TEXT_KEYS)

    while loader.check_event():
        event = loader.get_event()
        line = first_line + event.start_mark.line
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise _Refused("yaml-alias", line,
                           "front matter uses a YAML anchor or alias ('&name' / '*name'), "
                           "which journalkit refuses: its keys are ignored; write the values out")
        if isinstance(event, yaml.ScalarEvent):
            add(_scalar(event, child_text_mode()), event.value, line)
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            if len(stack) >= MAX_DEPTH:
                raise _too_deep(line)
            container: Any = {} if isinstance(event, yaml.MappingStartEvent) else []
            stack.append(_Frame(container, child_text_mode(), line))
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            frame = stack.pop()
            add(frame.value, None, frame.line)
        elif isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise _Refused("yaml-invalid", line,
                               "front matter holds more than one YAML document ('---' inside "
                               "it): keep a single block of keys")
    return root, key_lines


def _scalar(event: yaml.ScalarEvent, text_mode: bool) -> Any:
    value = event.value
    plain = not event.style
    if not plain or event.tag == _STR_TAG:
        return value
    if value in _NULLS:
        return None
    if text_mode:
        return value
    if value in _BOOLS:
        return _BOOLS[value]
    if _INT.fullmatch(value):
        return int(value)
    if _FLOAT.fullmatch(value) and any(c.isdigit() for c in value) and not _LEADING_ZERO.match(value):
        number = float(value)
        if number not in (float("inf"), float("-inf")):
            return number
    return value
