"""`journalkit timeline CLIENT`: every entry of the client, newest first, undated last."""

from __future__ import annotations

from dataclasses import dataclass

from journalkit.model import Snapshot
from journalkit.reports.contact import EntryItem, entries_by_client, entry_item, newest_first, require_profile


@dataclass(frozen=True)
class Timeline:
    client: str
    entries: tuple[EntryItem, ...]


def timeline(snap: Snapshot, client: str) -> Timeline:
    """Future-dated entries (plans) are included, at the top. Raises UnknownClient."""
    require_profile(snap, client)
    entries = newest_first(entries_by_client(snap).get(client, []))
    return Timeline(client=client, entries=tuple(entry_item(e) for e in entries))
