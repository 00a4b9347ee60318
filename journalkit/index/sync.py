"""The one sync path: diff the vault against the index, apply in one commit.

Used by `journalkit index`, by the refresh before every reading command, by
`done` after it writes, and by the watcher (whose events are only hints that
it is time to call this). The diff is by mtime and size against the manifest;
a file whose stamp differs is hashed, and only a changed hash is re-parsed.

    walk(vault) ──► stamps ──┐
                             ├─► diff ─► nothing?  ──► done (no lock, no whoosh write)
    manifest.pickle ────────┘        └─► lock ─► re-diff ─► read+hash ─► parse ─► one commit ─► manifest
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from journalkit import model
from journalkit.decode import MAX_BYTES
from journalkit.index import store as store_mod
from journalkit.index.store import CORRUPT_ERRORS, Doc, Stamp, Store
from journalkit.records import build_record, unreadable_record
from journalkit.vault import VaultConfig, VaultFile, client_names, read_bytes, walk, walk_paths

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class SyncResult:
    added: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    moved: tuple[tuple[str, str], ...] = ()
    unchanged: int = 0
    rebuilt: bool = False
    files: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed or self.moved or self.rebuilt)


@dataclass
class _Diff:
    new: list[VaultFile] = field(default_factory=list)
    touched: list[VaultFile] = field(default_factory=list)
    gone: list[str] = field(default_factory=list)
    same: int = 0

    @property
    def empty(self) -> bool:
        return not (self.new or self.touched or self.gone)


def _diff(files: tuple[VaultFile, ...], known: dict[str, Stamp]) -> _Diff:
    d = _Diff()
    seen = set()
    for f in files:
        seen.add(f.path)
        old = known.get(f.path)
        if old is None:
            d.new.append(f)
        elif old.mtime_ns != f.mtime_ns or old.size != f.size:
            d.touched.append(f)
        else:
            d.same += 1
    d.gone = sorted(p for p in known if p not in seen)
    return d


def _known(store: Store) -> tuple[dict[str, Stamp] | None, bool]:
    """The index's view of the vault (None: no usable index), and whether the
    manifest matches the index's generation (else it came from stored fields
    and must be rewritten)."""
    try:
        if not store.exists() or not store.schema_current():
            return None, False
        manifest = store.read_manifest()
        generation = store.generation()
        if manifest is not None and manifest[0] == generation:
            return manifest[1], True
        return store.stamps_from_index(), False
    except CORRUPT_ERRORS:
        return None, False


def sync(
    store: Store,
    config: VaultConfig,
    *,
    rebuild: bool = False,
    progress: Progress | None = None,
    timeout: float | None = None,
    scope: list[str] | None = None,
) -> SyncResult:
    """Bring the index up to date with the vault; cheap when nothing changed.

    `scope` (the watcher's hint) limits the diff to these vault-relative files
    and folders; without it the whole vault is compared. Without a usable
    index the scope is ignored and the whole vault is indexed.
    """
    files = walk(config.root).files if scope is None else walk_paths(config.root, scope)
    if not rebuild:
        known, current = _known(store)
        if known is not None and current and _diff(files, _limit(known, scope)).empty:
            return SyncResult(unchanged=len(files), files=len(files))
    with store.write_lock(store_mod.LOCK_TIMEOUT if timeout is None else timeout):
        # Someone may have synced while we waited: decide again under the lock
        # (cheap: the manifest is re-read only if its file changed).
        known = None if rebuild else _known(store)[0]
        if known is not None:
            return _apply(store, config.root, files, known, _diff(files, _limit(known, scope)), False, progress)
        # No usable index: build a new one beside the live one and swap it in
        # whole, so readers never see a half-built index.
        if scope is not None:
            files = walk(config.root).files
        store.create_empty()
        try:
            result = _apply(store, config.root, files, {}, _diff(files, {}), True, progress)
        except BaseException:
            store.abandon()
            raise
        store.publish()
        return result


def _limit(known: dict[str, Stamp], scope: list[str] | None) -> dict[str, Stamp]:
    """The known paths within scope (same rule as vault.in_scope, but a set
    lookup per ancestor: a watcher batch of many paths over 100k known files
    must not cost len(known) x len(scope))."""
    if scope is None:
        return known
    roots = {r.strip("/") for r in scope}
    if "" in roots:
        return known
    return {p: s for p, s in known.items() if _under(p, roots)}


def _under(path: str, roots: set[str]) -> bool:
    if path in roots:
        return True
    i = path.find("/")
    while i != -1:
        if path[:i] in roots:
            return True
        i = path.find("/", i + 1)
    return False


def _apply(store: Store, root: Path, files: tuple[VaultFile, ...], known: dict[str, Stamp],
           diff: _Diff, rebuilt: bool, progress: Progress | None) -> SyncResult:
    stamps = dict(known)
    docs: list[Doc] = []
    added: list[str] = []
    updated: list[str] = []
    candidates = diff.new + diff.touched
    total = len(candidates)
    for n, vf in enumerate(candidates, 1):
        if progress:
            progress(n, total)
        try:
            data = read_bytes(root, vf.fs_path or vf.path, MAX_BYTES)
        except OSError as exc:
            # Unreadable (permissions, I/O): index a placeholder that `check`
            # reports, stamped so that the next sync tries the file again
            # (chmod does not change mtime).
            stamp = Stamp(-1, vf.size, "unreadable")
            stamps[vf.path] = stamp
            if known.get(vf.path) != stamp:
                docs.append(Doc(vf.path, stamp, unreadable_record(vf.path, vf.client, vf.kind, exc.strerror or str(exc))))
                (updated if vf.path in known else added).append(vf.path)
            continue
        if data is None:
            # Vanished between walk and read: treat as gone; the next sync sees the truth.
            if vf.path in stamps:
                diff.gone.append(vf.path)
                del stamps[vf.path]
            continue
        sha = hashlib.sha1(data).hexdigest()
        stamp = Stamp(vf.mtime_ns, vf.size, sha)
        old = known.get(vf.path)
        stamps[vf.path] = stamp
        if old is not None and old.sha1 == sha:
            continue  # touched, not changed (a sync tool reset mtimes)
        entry, profile = build_record(data, path=vf.path, client=vf.client, kind=vf.kind,
                                      name_invalid=vf.fs_path is not None)
        docs.append(Doc(vf.path, stamp, entry, profile))
        (updated if old is not None else added).append(vf.path)
    for path in diff.gone:
        stamps.pop(path, None)
    moved = _pair_moves(added, diff.gone, stamps, known)
    moved_to = {new for _, new in moved}
    moved_from = {old for old, _ in moved}
    if docs or diff.gone:
        generation = store.apply(docs, sorted(set(diff.gone)), fresh=rebuilt)
    else:
        generation = store.generation()
    store.write_manifest(stamps, generation)
    return SyncResult(
        added=tuple(p for p in added if p not in moved_to) if not rebuilt else tuple(added),
        updated=tuple(updated),
        removed=tuple(p for p in diff.gone if p not in moved_from),
        moved=tuple(moved) if not rebuilt else (),
        unchanged=len(files) - len(added) - len(updated),
        rebuilt=rebuilt,
        files=len(files),
    )


def _pair_moves(added: list[str], gone: list[str], stamps: dict[str, Stamp],
                known: dict[str, Stamp]) -> list[tuple[str, str]]:
    """A deleted path and an added path with the same content: a rename."""
    by_hash: dict[str, list[str]] = {}
    for path in gone:
        if path in known:
            by_hash.setdefault(known[path].sha1, []).append(path)
    moves = []
    for path in added:
        olds = by_hash.get(stamps[path].sha1)
        if olds:
            moves.append((olds.pop(0), path))
    return moves


def load_snapshot(store: Store, config: VaultConfig) -> model.Snapshot:
    """Every record from the index, plus a profile for every client folder."""
    entries, profiles = store.records()
    by_client = {p.client: p for p in profiles}
    clients = sorted({e.client for e in entries if e.client} | set(by_client) | set(client_names(config.root)))
    out = []
    from journalkit.parse import default_profile

    for client in clients:
        p = by_client.get(client) or default_profile(client)
        days = p.cadence_days if p.cadence_days is not None else config.default_cadence_days
        out.append(dataclasses.replace(p, cadence_days=days))
    return model.Snapshot(entries=tuple(entries), profiles=tuple(out))
