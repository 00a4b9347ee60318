"""Search through the CLI on a copy of example-vault: query language, filters, output forms."""

from __future__ import annotations

import json

import pytest


def paths(run, *args):
    result = run("search", *args, "--files", "--limit", "100")
    assert result.exit_code in (0, 1), result.output
    return [p for p in result.stdout.splitlines() if p]


def test_json_shape_and_highlight(run):
    data = run.json("search", '"revised proposal"')
    assert data["query"] == '"revised proposal"'
    assert data["total"] == 1
    hit = data["hits"][0]
    assert set(hit) == {"path", "client", "date", "type", "title", "tags", "score", "snippet", "meta"}
    assert hit["path"] == "acme-labs/2026-11-03-call.md"
    assert hit["client"] == "acme-labs"
    assert hit["date"] == "2026-11-03T14:30"
    assert hit["type"] == "call"
    assert hit["title"] == "Q4 pricing review"
    assert hit["tags"] == ["pricing", "renewal"]
    assert isinstance(hit["score"], float) and hit["score"] > 0
    assert "**revised** **proposal**" in hit["snippet"]


def test_phrase_is_stricter_than_words(run):
    assert len(paths(run, "revised proposal")) >= len(paths(run, '"revised proposal"'))


def test_field_queries(run):
    calls = paths(run, "client:acme-labs type:call")
    assert calls and all(p.startswith("acme-labs/") for p in calls)
    assert "acme-labs/2026-11-03-call.md" in calls
    assert all(json.loads(run("search", "tag:pricing", "--json").stdout)["hits"][i]["tags"].count("pricing") == 1
               for i in range(2))
    upper = paths(run, "client:ACME-LABS type:Call")
    assert upper == calls


def test_date_queries(run):
    november = paths(run, "date:2026-11")
    assert november and all("2026-11" in p for p in november)
    ranged = paths(run, "date:[2026-11-01 to 2026-11-05]")
    assert ranged == ["acme-labs/2026-11-03-call.md", "rosemary-bakery/2026-11-05-call.md"] or set(ranged) == {
        "acme-labs/2026-11-03-call.md", "rosemary-bakery/2026-11-05-call.md"}


def test_prefix_fuzzy_boolean(run):
    assert "acme-labs/2026-11-03-call.md" in paths(run, "propos*")
    assert "acme-labs/2026-11-03-call.md" in paths(run, "proposl~")
    both = set(paths(run, "pricing AND renewal"))
    either = set(paths(run, "pricing OR renewal"))
    without = set(paths(run, "pricing NOT renewal"))
    assert both <= either and without <= either and not (both & without)


def test_filters_and_sort(run):
    since = paths(run, "pricing", "--since", "2026-10-01", "--sort", "date")
    data = run.json("search", "pricing", "--since", "2026-10-01", "--sort", "date")
    dates = [h["date"][:10] for h in data["hits"]]
    assert dates == sorted(dates, reverse=True) and all(d >= "2026-10-01" for d in dates)
    assert since == [h["path"] for h in data["hits"]]
    span = run.json("search", "pricing", "--since", "30d")
    assert all(h["date"][:10] >= "2026-11-04" for h in span["hits"])
    until = run.json("search", "pricing", "--until", "2026-07-31")
    assert until["hits"] and all(h["date"][:10] <= "2026-07-31" for h in until["hits"])
    client = run.json("search", "pricing", "--client", "acme-labs")
    assert client["hits"] and all(h["client"] == "acme-labs" for h in client["hits"])
    limited = run.json("search", "the", "--limit", "2")
    assert len(limited["hits"]) <= 2


def test_nothing_found_exits_1_and_still_prints_json(run):
    result = run("search", "xylophonequartz", "--json")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == {"query": "xylophonequartz", "total": 0, "hits": []}


@pytest.mark.parametrize("query", ["date:notadate", "date:[foo to bar]"])
def test_malformed_query_is_a_clear_error(run, query):
    result = run("search", query)
    assert result.exit_code == 2
    assert "Cannot read the query" in result.stderr
    assert "Traceback" not in result.output


def test_people_output_names_path_and_snippet(run):
    result = run("search", "pricing", "--limit", "1")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0][:10].count("-") == 2  # a date first
    assert lines[1].strip().endswith(".md")
    assert "\x1b[" not in result.stdout  # NO_COLOR / not a terminal: plain


def test_bad_since_is_usage_error(run):
    result = run("search", "pricing", "--since", "soon")
    assert result.exit_code == 2
    assert "soon" in result.stderr


def test_snippets_read_as_prose():
    from journalkit.index.search import HL_END, HL_START, tidy_snippet

    raw = f"## Key points\n- Budget {HL_START}approved{HL_END}\n\n## Action items\n- [ ] Send deck\n  - [x] Done one\n* [-] dropped"
    assert tidy_snippet(raw) == f"Key points · Budget {HL_START}approved{HL_END} Action items ☐ Send deck ☑ Done one ☒ dropped"


def test_snippet_does_not_repeat_the_title(run):
    hits = run.json("search", '"consultations alone"')["hits"]
    assert [h["title"] for h in hits] == ["Session 2 — pricing"]
    assert "Session 2" not in hits[0]["snippet"]
