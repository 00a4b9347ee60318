"""Full-text search over the index: query language, filters, ranking, snippets."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from whoosh import highlight, query as Q
from whoosh.qparser import FuzzyTermPlugin, GtLtPlugin, MultifieldParser

from journalkit.errors import QueryError
from journalkit.index.store import Store

# Marks around highlighted terms in a snippet; the presentation layer turns
# them into bold (terminal) or ** (JSON). Control characters cannot occur in
# the text we store for search, so they are unambiguous.
HL_START = "\x02"
HL_END = "\x03"


@dataclass(frozen=True)
class Hit:
    path: str
    client: str | None
    date: str | None
    type: str | None
    title: str
    tags: tuple[str, ...]
    score: float
    snippet: str
    meta: dict[str, Any] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class SearchResult:
    query: str
    total: int
    hits: tuple[Hit, ...]


@dataclass(frozen=True)
class SearchOptions:
    client: str | None = None
    type: str | None = None
    tag: str | None = None
    since: date | None = None
    until: date | None = None
    limit: int = 20
    sort: str = "score"  # score | date


class _Marker(highlight.Formatter):
    between = " … "

    def format_token(self, text: str, token: Any, replace: bool = False) -> str:
        return f"{HL_START}{highlight.get_text(text, token, replace)}{HL_END}"


def parse_query(text: str, schema: Any, today: date) -> Any:
    parser = MultifieldParser(["title", "content"], schema)
    parser.add_plugin(FuzzyTermPlugin())
    parser.add_plugin(GtLtPlugin())  # date:>2026-11-01
    # (no DateParserPlugin: it reads "2026-11-01" as the year 2026)
    try:
        q = parser.parse(text)
    except Exception as exc:  # QueryParserError, and assorted others on odd syntax
        raise QueryError(f"Cannot read the query {text!r}: {exc}", _QUERY_HINT) from None
    bad = _bad_dates(text, parser) or _errors(q)
    if bad:
        raise QueryError(f"Cannot read the query {text!r}: {bad}", _QUERY_HINT)
    return q


_DATE_TERM = re.compile(r"(?<![\w-])date:(\[[^\]]*\]|\{[^}]*\}|\"[^\"]*\"|\S+)", re.I)


def _bad_dates(text: str, parser: Any) -> str | None:
    """whoosh turns an unreadable `date:` term into a silent match-nothing;
    say so instead, since the user surely meant a date."""
    for m in _DATE_TERM.finditer(text):
        if isinstance(parser.parse(m.group(0)), Q.NullQuery.__class__):
            return f"{m.group(0)!r} is not a date: use date:2026, date:2026-11, date:2026-11-03 or date:[2026-11-01 to 2026-11-30]"
    return None


_QUERY_HINT = (
    "Examples: budget renewal · \"revised proposal\" · propos* · budgt~ · "
    "client:acme-labs type:call · tag:pricing · date:2026-11 · date:[2026-11-01 to 2026-11-30] · a OR b NOT c"
)


def _errors(q: Any) -> str | None:
    """whoosh marks a term it could not read with an `error` attribute."""
    for node in _walk(q):
        if getattr(node, "error", None):
            return str(node.error)
    return None


def _walk(q: Any):
    yield q
    for child in q.children() if hasattr(q, "children") else ():
        yield from _walk(child)


def search(store: Store, text: str, opts: SearchOptions, today: date) -> SearchResult:
    text = text.strip()
    return store.read(lambda s: _run(s, text, opts, today))


def _run(s: Any, text: str, opts: SearchOptions, today: date) -> SearchResult:
    q = parse_query(text, s.schema, today) if text else Q.Every()
    filters = _filters(opts)
    kwargs: dict[str, Any] = {"limit": max(1, opts.limit), "terms": True}
    if filters:
        kwargs["filter"] = Q.And(filters)
    if opts.sort == "date" or not text:
        kwargs["sortedby"] = "date"
        kwargs["reverse"] = True
    results = s.search(q, **kwargs)
    results.fragmenter = highlight.ContextFragmenter(maxchars=160, surround=60)
    results.formatter = _Marker()
    hits = tuple(_hit(h, bool(text)) for h in results)
    return SearchResult(query=text, total=len(results), hits=hits)


def _filters(opts: SearchOptions) -> list[Any]:
    out: list[Any] = []
    if opts.client:
        out.append(Q.Term("client", opts.client.lower()))
    if opts.type:
        out.append(Q.Term("type", opts.type.lower()))
    if opts.tag:
        out.append(Q.Term("tag", opts.tag.lower().lstrip("#")))
    if opts.since or opts.until:
        start = datetime.combine(opts.since, datetime.min.time()) if opts.since else None
        end = datetime.combine(opts.until + timedelta(days=1), datetime.min.time()) - timedelta(microseconds=1) if opts.until else None
        out.append(Q.DateRange("date", start, end))
    return out


def _hit(h: Any, highlighted: bool) -> Hit:
    data = h["data"]["entry"]
    snippet = ""
    if highlighted:
        try:
            snippet = h.highlights("content", top=2) or ""
        except Exception:  # a highlighter failure must not lose the hit
            snippet = ""
    if not snippet:
        snippet = _lead(h.get("content") or "")
    return Hit(
        path=data["path"],
        client=data.get("client"),
        date=data.get("date"),
        type=data.get("type"),
        title=data.get("title") or "",
        tags=tuple(data.get("tags") or ()),
        score=round(float(h.score or 0.0), 4),
        snippet=tidy_snippet(snippet),
        meta=data.get("meta") or {},
    )


_BOX = {" ": "☐", "/": "☐", "x": "☑", "X": "☑", "-": "☒"}
_TASK = re.compile(r"(?:(?<=\s)|^)(?:[-*+]|\d+[.)]) \[([ /xX-])\] ")
_HEADING = re.compile(r"(?:(?<=\s)|^)#{1,6} ")
_BULLET = re.compile(r"(?:(?<=\s)|^)[-*+] (?=\S)")


def tidy_snippet(text: str) -> str:
    """A snippet reads as prose: whitespace folded, Markdown's heading marks
    dropped, task boxes as ☐ ☑ ☒ and bullets as ·."""
    text = re.sub(r"\s+", " ", text).strip()
    text = _TASK.sub(lambda m: _BOX[m.group(1)] + " ", text)
    text = _HEADING.sub("", text)
    return _BULLET.sub("· ", text)


def _lead(text: str, n: int = 160) -> str:
    text = re.sub(r"\s+", " ", re.sub(r"^#+\s*", "", text, flags=re.M)).strip()
    return text if len(text) <= n else text[:n].rsplit(" ", 1)[0] + " …"
