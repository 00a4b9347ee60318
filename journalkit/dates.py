"""Dates as notes and command lines write them. Pure: "today" is always passed in.

Normal forms produced here (what JSON shows):

* a day: `YYYY-MM-DD`;
* a date-time: `YYYY-MM-DDTHH:MM`, or `YYYY-MM-DDTHH:MM:SS` when seconds were
  written, followed by the offset when one was written: `Z` is kept as `Z`
  (the note's own spelling), any other offset becomes `+HH:MM`. Fractions of a
  second are dropped;
* a yearly date (birthday, anniversary): `YYYY-MM-DD`, or `--MM-DD` when the
  year is unknown.
"""

from __future__ import annotations

import datetime as dt
import re

from .errors import UsageError

_DATETIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})"
    r"(?:(?:[Tt]|[ \t]+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?"
    r"(?:[ \t]*(Z|z|[+-]\d{2}(?::?\d{2})?))?)?"
)
_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_SPAN = re.compile(r"(\d{1,6})([dwmy])")
_YEARLESS = re.compile(r"(?:--)?(\d{2})-(\d{2})")

SPAN_UNITS = {"d": 1, "w": 7, "m": 30, "y": 365}
_SPAN_HELP = "use a number and a unit: 7d (days), 2w (weeks), 3m (30-day months), 1y (365 days)"


def parse_date(value: object) -> str | None:
    """Normalise a date or date-time (see the module doc); None if it is not one."""
    if isinstance(value, dt.datetime):
        return _format_datetime(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if not isinstance(value, str):
        return None
    match = _DATETIME.fullmatch(value.strip())
    if not match:
        return None
    year, month, day, hour, minute, second, offset = match.groups()
    try:
        date = dt.date(int(year), int(month), int(day))
    except ValueError:
        return None
    if hour is None:
        return date.isoformat()
    if int(hour) > 23 or int(minute) > 59 or (second is not None and int(second) > 59):
        return None
    out = f"{date.isoformat()}T{int(hour):02d}:{minute}"
    if second is not None:
        out += f":{second}"
    if offset:
        normal = _offset(offset)
        if normal is None:
            return None
        out += normal
    return out


def _offset(text: str) -> str | None:
    if text in ("Z", "z"):
        return "Z"
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:] or 0)
    if hours > 23 or minutes > 59:
        return None
    return f"{text[0]}{hours:02d}:{minutes:02d}"


def _format_datetime(value: dt.datetime) -> str:
    spec = "minutes" if value.second == 0 and value.microsecond == 0 else "seconds"
    return value.isoformat(timespec=spec)


def parse_day(value: object) -> str | None:
    """Like parse_date, but only the calendar day (`YYYY-MM-DD`) as written."""
    normal = parse_date(value)
    return normal[:10] if normal else None


# -- spans and command-line dates --------------------------------------------

def try_parse_span(text: object) -> int | None:
    """`Nd`, `Nw`, `Nm`, `Ny` -> days; None if `text` is not a span."""
    if not isinstance(text, str):
        return None
    match = _SPAN.fullmatch(text.strip().lower())
    if not match:
        return None
    return int(match.group(1)) * SPAN_UNITS[match.group(2)]


def parse_span(text: str) -> int:
    days = try_parse_span(text)
    if days is None:
        raise UsageError(f"invalid span '{text}': {_SPAN_HELP}")
    return days


def parse_cli_date(value: str) -> dt.date:
    match = _DAY.fullmatch(value.strip()) if isinstance(value, str) else None
    if match:
        try:
            return dt.date(*(int(g) for g in match.groups()))
        except ValueError:
            pass
    raise UsageError(f"invalid date '{value}': use YYYY-MM-DD, e.g. 2026-11-03")


def _resolve(value: str, today: dt.date, sign: int, option: str) -> dt.date:
    days = try_parse_span(value)
    if days is None:
        if isinstance(value, str) and _DAY.fullmatch(value.strip()):
            return parse_cli_date(value)
        raise UsageError(f"invalid {option} '{value}': use YYYY-MM-DD or a span ({_SPAN_HELP})")
    try:
        return today + dt.timedelta(days=sign * days)
    except OverflowError:
        raise UsageError(f"{option} '{value}' reaches beyond the calendar: use a shorter span") from None


def resolve_since(value: str, today: dt.date) -> dt.date:
    """`--since`: a date, or a span back from today."""
    return _resolve(value, today, -1, "--since")


def resolve_horizon(value: str, today: dt.date) -> dt.date:
    """`--horizon`: a date, or a span forward from today."""
    return _resolve(value, today, +1, "--horizon")


# -- yearly dates -------------------------------------------------------------

def parse_yearly(value: object) -> str | None:
    """`YYYY-MM-DD`, `--MM-DD` or `MM-DD` -> `YYYY-MM-DD` / `--MM-DD`; None if invalid."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    if not isinstance(value, str):
        return None
    text = value.strip()
    match = _DAY.fullmatch(text)
    if match:
        try:
            return dt.date(*(int(g) for g in match.groups())).isoformat()
        except ValueError:
            return None
    match = _YEARLESS.fullmatch(text)
    if match:
        month, day = int(match.group(1)), int(match.group(2))
        try:
            dt.date(2000, month, day)  # a leap year: 29 February is a valid yearless date
        except ValueError:
            return None
        return f"--{month:02d}-{day:02d}"
    return None


def _month_day(yearly: str) -> tuple[int, int]:
    normal = parse_yearly(yearly)
    if normal is None:
        raise ValueError(f"not a yearly date: {yearly!r}")
    return int(normal[-5:-3]), int(normal[-2:])


def _in_year(year: int, month: int, day: int) -> dt.date:
    if month == 2 and day == 29:
        try:
            return dt.date(year, 2, 29)
        except ValueError:
            return dt.date(year, 2, 28)
    return dt.date(year, month, day)


def next_occurrence(yearly: str, today: dt.date) -> dt.date:
    """The next occurrence on or after `today` (29 February -> 28 February in other years)."""
    month, day = _month_day(yearly)
    this_year = _in_year(today.year, month, day)
    return this_year if this_year >= today else _in_year(today.year + 1, month, day)


def age_on(yearly: str, day: dt.date) -> int | None:
    """Whole years from the yearly date's year to `day`; None when yearless or before it."""
    normal = parse_yearly(yearly)
    if normal is None or normal.startswith("--"):
        return None
    born = int(normal[:4])
    month, mday = int(normal[5:7]), int(normal[8:10])
    anniversary = _in_year(day.year, month, mday)
    age = day.year - born - (1 if day < anniversary else 0)
    return age if age >= 0 else None
