import datetime as dt

import pytest

from journalkit.dates import (age_on, next_occurrence, parse_cli_date, parse_date, parse_day,
                              parse_span, parse_yearly, resolve_horizon, resolve_since,
                              try_parse_span)
from journalkit.errors import UsageError

D = dt.date


@pytest.mark.parametrize("value, expected", [
    ("2026-11-03", "2026-11-03"),
    (" 2026-11-03 ", "2026-11-03"),
    ("2026-11-03 14:30", "2026-11-03T14:30"),
    ("2026-11-03 9:05", "2026-11-03T09:05"),
    ("2026-11-03T14:30", "2026-11-03T14:30"),
    ("2026-11-03T14:30:15", "2026-11-03T14:30:15"),
    ("2026-11-03T14:30:15.123", "2026-11-03T14:30:15"),
    ("2026-11-03T14:30:00+02:00", "2026-11-03T14:30:00+02:00"),
    ("2026-11-03T14:30-0500", "2026-11-03T14:30-05:00"),
    ("2026-11-03T14:30Z", "2026-11-03T14:30Z"),
    ("2026-11-03 14:30 +01:00", "2026-11-03T14:30+01:00"),
    ("2024-02-29", "2024-02-29"),
    (D(2026, 1, 2), "2026-01-02"),
    (dt.datetime(2026, 1, 2, 3, 4), "2026-01-02T03:04"),
    (dt.datetime(2026, 1, 2, 3, 4, 5), "2026-01-02T03:04:05"),
    (dt.datetime(2026, 1, 2, 3, 4, tzinfo=dt.timezone(dt.timedelta(hours=2))), "2026-01-02T03:04+02:00"),
])
def test_parse_date_valid(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize("value", [
    "2026-02-30", "2025-02-29", "2026-13-01", "2026-11-3", "26-11-03", "tomorrow", "",
    "2026-11-03 25:00", "2026-11-03 12:60", "2026-11-03T12:00:61", "2026-11-03T12:00+25:00",
    "2026-11-03x", None, 20261103, True, 1.5, ["2026-11-03"],
])
def test_parse_date_invalid(value):
    assert parse_date(value) is None


def test_parse_day():
    assert parse_day("2026-11-03T14:30+02:00") == "2026-11-03"
    assert parse_day("nope") is None


@pytest.mark.parametrize("text, days", [
    ("7d", 7), ("2w", 14), ("3m", 90), ("1y", 365), ("0d", 0), (" 14D ", 14), ("10w", 70),
])
def test_spans(text, days):
    assert parse_span(text) == days and try_parse_span(text) == days


@pytest.mark.parametrize("text", ["", "d", "7", "7x", "-7d", "7 days", "1.5w", "7dd", "9999999d"])
def test_bad_spans(text):
    assert try_parse_span(text) is None
    with pytest.raises(UsageError) as err:
        parse_span(text)
    assert "7d" in err.value.message


def test_try_parse_span_non_string():
    assert try_parse_span(None) is None and try_parse_span(14) is None


def test_resolve_since_and_horizon():
    today = D(2026, 12, 1)
    assert resolve_since("7d", today) == D(2026, 11, 24)
    assert resolve_since("2026-01-05", today) == D(2026, 1, 5)
    assert resolve_horizon("14d", today) == D(2026, 12, 15)
    assert resolve_horizon("1m", today) == D(2026, 12, 31)
    assert resolve_horizon("2027-01-01", today) == D(2027, 1, 1)


@pytest.mark.parametrize("value", ["soon", "2026-02-30", "", "7"])
def test_resolve_bad(value):
    with pytest.raises(UsageError):
        resolve_since(value, D(2026, 1, 1))
    with pytest.raises(UsageError):
        resolve_horizon(value, D(2026, 1, 1))


def test_resolve_overflow_is_usage_error():
    with pytest.raises(UsageError):
        resolve_horizon("999999y", D(2026, 1, 1))


def test_parse_cli_date():
    assert parse_cli_date("2026-11-03") == D(2026, 11, 3)
    for bad in ("2026-11-31", "11/03/2026", "2026-11-03T10:00", ""):
        with pytest.raises(UsageError):
            parse_cli_date(bad)


@pytest.mark.parametrize("value, expected", [
    ("1984-04-03", "1984-04-03"), ("--04-03", "--04-03"), ("04-03", "--04-03"),
    ("--02-29", "--02-29"), ("02-29", "--02-29"), ("2000-02-29", "2000-02-29"),
    (D(1990, 5, 6), "1990-05-06"),
    ("1985-02-29", None), ("--02-30", None), ("13-01", None), ("april 3", None), ("", None),
    (None, None), (403, None),
])
def test_parse_yearly(value, expected):
    assert parse_yearly(value) == expected


def test_next_occurrence():
    assert next_occurrence("1984-04-03", D(2026, 4, 3)) == D(2026, 4, 3)
    assert next_occurrence("1984-04-03", D(2026, 4, 4)) == D(2027, 4, 3)
    assert next_occurrence("--12-31", D(2026, 1, 1)) == D(2026, 12, 31)
    assert next_occurrence("04-03", D(2026, 1, 1)) == D(2026, 4, 3)


def test_leap_day_falls_on_28_february():
    assert next_occurrence("2000-02-29", D(2026, 1, 1)) == D(2026, 2, 28)
    assert next_occurrence("--02-29", D(2028, 1, 1)) == D(2028, 2, 29)
    assert next_occurrence("--02-29", D(2027, 3, 1)) == D(2028, 2, 29)
    assert next_occurrence("--02-29", D(2027, 2, 28)) == D(2027, 2, 28)


def test_next_occurrence_rejects_garbage():
    with pytest.raises(ValueError):
        next_occurrence("soon", D(2026, 1, 1))


def test_age_on():
    assert age_on("1984-04-03", D(2026, 4, 3)) == 42
    assert age_on("1984-04-03", D(2026, 4, 2)) == 41
    assert age_on("--04-03", D(2026, 4, 3)) is None
    assert age_on("2000-02-29", D(2026, 2, 28)) == 26
    assert age_on("2030-01-01", D(2026, 1, 1)) is None
