"""`journalkit stats`: interactions (dated entries) per month, by type, by tag, by client.

JSON shape (SPEC gives none; documented in docs/REPORTS.md):
{"client": slug|null, "total", "first", "last",
 "by_month": [{"month": "YYYY-MM", "count"}],  every month first..last, zeros included
 "by_type": [{"type": str|null, "count"}], "by_tag": [{"tag", "count"}],
 "by_client": [{"client", "count"}]}
Counts are sorted largest first, ties by name. Every dated entry counts,
future-dated ones included: stats describe the vault, not "contact so far".
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from journalkit.model import Snapshot
from journalkit.reports.contact import entries_by_client, parse_day, require_profile


@dataclass(frozen=True)
class MonthCount:
    month: str
    count: int


@dataclass(frozen=True)
class TypeCount:
    type: str | None
    count: int


@dataclass(frozen=True)
class TagCount:
    tag: str
    count: int


@dataclass(frozen=True)
class ClientCount:
    client: str
    count: int


@dataclass(frozen=True)
class Stats:
    client: str | None
    total: int
    first: str | None
    last: str | None
    by_month: tuple[MonthCount, ...]
    by_type: tuple[TypeCount, ...]
    by_tag: tuple[TagCount, ...]
    by_client: tuple[ClientCount, ...]


def _months(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:7])
    out = []
    while f"{year:04d}-{month:02d}" <= last:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _largest_first(counter: Counter) -> list[tuple]:
    return sorted(counter.items(), key=lambda kv: (-kv[1], "" if kv[0] is None else str(kv[0])))


def stats(snap: Snapshot, *, client: str | None = None) -> Stats:
    if client is not None:
        require_profile(snap, client)
    dated = [
        e
        for slug, entries in entries_by_client(snap).items()
        if client is None or slug == client
        for e in entries
        if parse_day(e.day)
    ]
    months = Counter(e.day[:7] for e in dated)
    days = sorted(parse_day(e.day) for e in dated)
    span = _months(min(months), max(months)) if months else []
    return Stats(
        client=client,
        total=len(dated),
        first=days[0].isoformat() if days else None,
        last=days[-1].isoformat() if days else None,
        by_month=tuple(MonthCount(m, months.get(m, 0)) for m in span),
        by_type=tuple(TypeCount(t, n) for t, n in _largest_first(Counter(e.type for e in dated))),
        by_tag=tuple(TagCount(t, n) for t, n in _largest_first(Counter(t for e in dated for t in set(e.tags)))),
        by_client=tuple(ClientCount(c, n) for c, n in _largest_first(Counter(e.client for e in dated))),
    )


# -- terminal charts -----------------------------------------------------------------

_EIGHTHS = " ▏▎▍▌▋▊▉"
_SPARKS = "▁▂▃▄▅▆▇█"


def bar(value: float, top: float, width: int) -> str:
    """A horizontal bar of up to `width` cells, in eighth-cell steps."""
    if top <= 0 or value <= 0 or width <= 0:
        return ""
    eighths = max(1, round(value / top * width * 8))
    full, rest = divmod(eighths, 8)
    return "█" * full + (_EIGHTHS[rest] if rest else "")


def bar_chart(pairs, width: int = 40) -> list[str]:
    """`label  ████▌ count` lines, labels and counts aligned; pairs are (label, count)."""
    pairs = [("(none)" if label is None else str(label), int(n)) for label, n in pairs]
    if not pairs:
        return []
    label_w = max(len(label) for label, _ in pairs)
    count_w = max(len(str(n)) for _, n in pairs)
    top = max(n for _, n in pairs)
    return [
        f"{label.ljust(label_w)}  {str(n).rjust(count_w)} {bar(n, top, width)}".rstrip()
        for label, n in pairs
    ]


def sparkline(values) -> str:
    values = list(values)
    top = max(values, default=0)
    if top <= 0:
        return _SPARKS[0] * len(values)
    return "".join(_SPARKS[min(len(_SPARKS) - 1, int(v / top * (len(_SPARKS) - 1) + 0.5))] for v in values)
