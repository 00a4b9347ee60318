"""Reports: pure functions from a Snapshot (and dates passed in) to frozen dataclasses.

Field names are SPEC's JSON keys; `model.to_dict(report)` is the `--json`
document. Reports never read files, the clock or the environment, and never
print. `context(report)` is what the templates receive.
"""

from __future__ import annotations

from typing import Any

from journalkit import model
from journalkit.reports.brief import Brief, brief
from journalkit.reports.clients import ClientsReport, clients
from journalkit.reports.digest import Digest, activity_chart, digest
from journalkit.reports.export import export_ics, export_json
from journalkit.reports.followups import Followups, followups
from journalkit.reports.stats import Stats, bar_chart, sparkline, stats
from journalkit.reports.timeline import Timeline, timeline

__all__ = [
    "Brief", "ClientsReport", "Digest", "Followups", "Stats", "Timeline",
    "brief", "clients", "digest", "followups", "stats", "timeline",
    "export_json", "export_ics", "bar_chart", "sparkline", "context",
]


def context(report: Any, **extra: Any) -> dict[str, Any]:
    """Template context: `r` is the report's JSON form, plus what a template needs to draw it."""
    r = model.to_dict(report)
    ctx: dict[str, Any] = {"r": r}
    if isinstance(report, Digest):
        ctx["chart"] = activity_chart(r["activity"])
    if isinstance(report, Stats):
        ctx["month_chart"] = bar_chart([(m["month"], m["count"]) for m in r["by_month"]])
        ctx["type_chart"] = bar_chart([(t["type"], t["count"]) for t in r["by_type"]])
        ctx["tag_chart"] = bar_chart([(t["tag"], t["count"]) for t in r["by_tag"][:15]])
        ctx["client_chart"] = bar_chart([(c["client"], c["count"]) for c in r["by_client"][:15]])
        ctx["spark"] = sparkline(m["count"] for m in r["by_month"])
    ctx.update(extra)
    return ctx
