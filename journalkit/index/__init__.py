"""The index: a cache of the vault's parsed records, kept current by one sync path.

Public surface: `open_index`, `sync`, `SyncResult`, `search`, `SearchResult`.
"""

from journalkit.index.location import index_dir_for
from journalkit.index.search import Hit, SearchResult, search
from journalkit.index.store import Store
from journalkit.index.sync import SyncResult, load_snapshot, sync

__all__ = ["Hit", "SearchResult", "Store", "SyncResult", "index_dir_for", "load_snapshot", "search", "sync"]
