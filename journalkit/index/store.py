"""The whoosh index: schema, opening, locking, applying a batch, reading records.

Only journalkit.index.* imports whoosh, so the index could be replaced (it is a
cache: switching engines is a rebuild). See docs/DESIGN.md for the measured
reasons behind whoosh-reloaded 2.7.5 with `compound=False` writers.

Layout of the index folder (mode 0700, outside the vault):
    lock              our own flock(2) lock: one writer at a time, rebuilds included
    watch.lock        held by a running `journalkit watch`
    current           names the live generation folder, replaced atomically
    ix-<n>/whoosh/    whoosh's files
    ix-<n>/manifest.pickle   (schema, generation, {path: Stamp(mtime_ns, size, sha1)})
    ix-<n>/records.pickle    the parsed records, tagged with whoosh's generation
    ix-<n>/schema-version

The manifest makes the per-command refresh cheap: a stat walk compared with a
JSON file, no whoosh at all when nothing changed. It is written after each
commit, under the lock, tagged with whoosh's generation; a manifest whose
generation disagrees with the index (a crash between the two) is rebuilt from
the stored fields.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import pickle
import shutil
import struct
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Iterator, NamedTuple, TypeVar

from whoosh import fields, index as windex
from whoosh.analysis import StemmingAnalyzer
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.filetables import FileFormatError

from journalkit import model
from journalkit.errors import IndexBusy, IndexError_

# Bump when the schema or the stored record format changes: the index is then
# rebuilt by itself on the next command.
SCHEMA_VERSION = 5
T = TypeVar("T")
LOCK_TIMEOUT = 5.0
BIG_BATCH = 500

# Errors that mean "these files are not a usable index" (half-written,
# truncated, from another version). Any of them triggers a rebuild.
CORRUPT_ERRORS = (
    windex.IndexError,  # whoosh's own, not the builtin: EmptyIndexError, IndexVersionError, ...
    FileFormatError,
    EOFError,
    pickle.UnpicklingError,
    ValueError,
    KeyError,
    IndexError,
    AttributeError,
    TypeError,
    struct.error,
    OSError,
)


def make_schema() -> fields.Schema:
    text = StemmingAnalyzer()
    return fields.Schema(
        path=fields.ID(stored=True, unique=True),
        # KEYWORD with lowercase so `client:Acme-Labs` and `type:Call` match.
        client=fields.KEYWORD(stored=True, lowercase=True),
        kind=fields.ID(stored=True),
        type=fields.KEYWORD(lowercase=True),
        tag=fields.KEYWORD(commas=True, lowercase=True),
        date=fields.DATETIME(sortable=True),
        title=fields.TEXT(analyzer=text, stored=True, field_boost=2.0),
        content=fields.TEXT(analyzer=text, stored=True),
        data=fields.STORED(),
    )


class Stamp(NamedTuple):
    """What the sync compares: a NamedTuple, since there are 100k of them in a big manifest."""

    mtime_ns: int
    size: int
    sha1: str


@dataclass(frozen=True)
class Doc:
    """What the sync hands the store for one file."""

    path: str
    stamp: Stamp
    entry: model.Entry
    profile: model.Profile | None = None


class Store:
    """One vault's index folder.

    The live index is a generation folder (`ix-<n>`: whoosh's files in
    `whoosh/`, plus our manifest, records cache and schema version) named by
    the small file `current`. A rebuild fills a new generation folder beside
    the live one and then replaces `current` atomically, so readers keep
    answering from the old index until the new one is complete, and a crash
    mid-rebuild leaves the old one in place.
    """

    def __init__(self, directory: Path):
        self.dir = directory
        self.lock_path = directory / "lock"
        self.current_path = directory / "current"
        self.home = directory / "ix-0"  # replaced by _resolve() from `current`
        self._ix: Any = None
        self._staging = False
        self._manifest_cache: tuple[tuple[int, int, int], tuple[int, dict[str, Stamp]]] | None = None

    @property
    def ix_dir(self) -> Path:
        return self.home / "whoosh"

    @property
    def manifest_path(self) -> Path:
        return self.home / "manifest.pickle"

    @property
    def records_path(self) -> Path:
        return self.home / "records.pickle"

    @property
    def version_path(self) -> Path:
        return self.home / "schema-version"

    def _resolve(self) -> None:
        """Follow `current` (unless we are filling a staging generation)."""
        if self._staging:
            return
        try:
            name = self.current_path.read_text("utf-8").strip()
        except OSError:
            name = ""
        home = self.dir / name if name.startswith("ix-") and "/" not in name else self.dir / "ix-0"
        if home != self.home:
            self.home = home
            self._ix = None

    # -- set-up -----------------------------------------------------------

    def ensure_dir(self) -> None:
        try:
            self.dir.mkdir(parents=True, exist_ok=True, mode=0o700)
            os.chmod(self.dir, 0o700)  # nobody but the owner reads the notes' text
        except OSError as exc:
            raise IndexError_(
                f"Cannot create the index folder {self.dir} ({exc.strerror}).",
                "Set JOURNALKIT_INDEX_DIR or [index] dir in .journalkit.toml to a writable folder.",
            ) from exc

    @contextlib.contextmanager
    def write_lock(self, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
        """One writer at a time across processes. flock is released by the kernel
        when a holder dies, so a `kill -9` never leaves a stale lock."""
        self.ensure_dir()
        fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except OSError as exc:
                    if exc.errno not in (errno.EAGAIN, errno.EACCES):
                        raise
                    if time.monotonic() >= deadline:
                        raise IndexBusy(
                            f"The index is busy: another journalkit process has been writing it for {timeout:.0f}s.",
                            "Try again in a moment; if it persists, look for a stuck `journalkit` process.",
                        ) from None
                    time.sleep(0.05)
            yield
        finally:
            os.close(fd)  # closing releases the flock

    # -- whoosh index -------------------------------------------------------

    def _open(self) -> Any:
        if self._ix is None:
            self._ix = windex.open_dir(str(self.ix_dir))
        return self._ix

    def exists(self) -> bool:
        self._resolve()
        return self.ix_dir.is_dir() and windex.exists_in(str(self.ix_dir))

    def schema_current(self) -> bool:
        """False when the index was built by another journalkit version: rebuild."""
        try:
            return self.version_path.read_text().strip() == str(SCHEMA_VERSION)
        except OSError:
            return False

    def create_empty(self) -> None:
        """Start a new, empty generation beside the live one (under the write
        lock); writes go there until publish() makes it the live index."""
        self.ensure_dir()
        self._ix = None
        self._manifest_cache = None
        self._staging = True
        self.home = self.dir / f"ix-{time.time_ns()}"
        self.ix_dir.mkdir(parents=True, mode=0o700)
        self._ix = FileStorage(str(self.ix_dir)).create_index(make_schema())
        self.write_manifest({}, self._ix.latest_generation())
        self.version_path.write_text(f"{SCHEMA_VERSION}\n")

    def publish(self) -> None:
        """Make the staging generation live (one atomic rename), then remove
        every other generation and files of older layouts. Readers still in an
        old generation fail over to the new one (see read())."""
        if not self._staging:
            return
        tmp = self.dir / f"current.{os.getpid()}.tmp"
        tmp.write_text(self.home.name + "\n", "utf-8")
        os.replace(tmp, self.current_path)
        self._staging = False
        self.discard_stale()

    def abandon(self) -> None:
        """A rebuild failed midway: forget the staging generation."""
        if self._staging:
            staging = self.home
            self._staging = False
            self._ix = None
            self._resolve()
            shutil.rmtree(staging, ignore_errors=True)

    def discard_stale(self) -> None:
        keep = {self.home.name, "lock", "watch.lock", "current"}
        for item in self.dir.iterdir():
            if item.name in keep:
                continue
            if item.name.startswith("ix") and item.is_dir():
                shutil.rmtree(item, ignore_errors=True)
            elif item.name.startswith(("manifest.", "records.", "schema-version", "current.")):
                with contextlib.suppress(OSError):
                    item.unlink()

    def generation(self) -> int:
        return self._open().latest_generation()

    def searcher(self) -> Any:
        """A whoosh searcher; retried because a concurrent commit can delete a
        segment file between reading the TOC and opening the segment."""
        last: Exception | None = None
        for attempt in range(8):
            try:
                self._ix = None
                self._resolve()
                return self._open().searcher()
            except (FileNotFoundError, windex.EmptyIndexError) as exc:
                last = exc
                time.sleep(0.05 * (attempt + 1))
        raise IndexError_(f"Cannot open the index in {self.ix_dir}: {last}", "Run `journalkit index --rebuild`.")

    def read(self, fn: Callable[[Any], T]) -> T:
        """Run fn(searcher), retried on a fresh searcher when it fails.

        whoosh opens a segment's files lazily, so a read that started before a
        concurrent commit merged (and deleted) that segment fails midway with
        assorted errors. A few retries with back-off see the new generation;
        only an error that persists is treated as a damaged index.
        """
        last: BaseException | None = None
        for attempt in range(6):
            try:
                with self.searcher() as s:
                    return fn(s)
            except CORRUPT_ERRORS as exc:
                last = exc
                self._ix = None
                time.sleep(0.03 * (attempt + 1))
        assert last is not None
        raise last

    def apply(self, docs: list[Doc], deletes: list[str], *, fresh: bool = False) -> int:
        """Add/replace docs and delete paths in ONE commit; returns the new generation.
        Must be called under write_lock(). `fresh`: the index is empty (a rebuild)."""
        ix = self._open()
        # compound=False: the compound file is copied into memory on every
        # open (measured ~100 ms and 450 MB at 100k entries); separate files
        # open in ~6 ms. A big rebuild uses both cores (measured 12.5 s -> 7.4 s
        # at 10k entries); one-file commits stay single-process.
        # whoosh's two-process writer forks; forking a process that runs other
        # threads (the watcher's observer) can deadlock, so only a
        # single-threaded process (a command) builds on two cores.
        if fresh and len(docs) > BIG_BATCH and (os.cpu_count() or 1) > 1 and threading.active_count() == 1:
            writer = ix.writer(procs=2, multisegment=True, limitmb=256, compound=False)
        else:
            writer = ix.writer(limitmb=256 if len(docs) > BIG_BATCH else 64, compound=False)
        try:
            for path in deletes:
                writer.delete_by_term("path", path)
            for doc in docs:
                if fresh:
                    writer.add_document(**_fields(doc))
                else:
                    writer.update_document(**_fields(doc))
            writer.commit()
        except BaseException:
            writer.cancel()
            raise
        self._ix = None
        return self._open().latest_generation()

    # -- manifest -----------------------------------------------------------

    def read_manifest(self) -> tuple[int, dict[str, Stamp]] | None:
        """(generation, stamps), or None when missing, unreadable or from another version.

        Kept in memory keyed by the file's stat: a long-lived process (the
        watcher) re-reads it only when another process has rewritten it. At
        100k files that saves ~0.1 s per sync. Callers must not mutate it.
        """
        self._resolve()
        try:
            st = os.stat(self.manifest_path)
            key = (st.st_ino, st.st_mtime_ns, st.st_size)
            if self._manifest_cache is not None and self._manifest_cache[0] == key:
                return self._manifest_cache[1]
            with open(self.manifest_path, "rb") as fh:
                version, generation, files = pickle.load(fh)
            if version != SCHEMA_VERSION:
                return None
            result = (int(generation), files)
            self._manifest_cache = (key, result)
            return result
        except Exception:  # missing, truncated, garbage: the caller recovers
            return None

    def write_manifest(self, files: dict[str, Stamp], generation: int) -> None:
        # pickle, not JSON: 100k stamps dump in ~40 ms instead of ~350 ms,
        # and the file is private to this cache.
        tmp = self.dir / f"manifest.{os.getpid()}.tmp"
        with _private(tmp) as fh:
            pickle.dump((SCHEMA_VERSION, generation, files), fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, self.manifest_path)
        st = os.stat(self.manifest_path)
        self._manifest_cache = ((st.st_ino, st.st_mtime_ns, st.st_size), (generation, files))

    def stamps_from_index(self) -> dict[str, Stamp]:
        """Slow path after a crash: rebuild the manifest from stored fields."""
        def read(s: Any) -> dict[str, Stamp]:
            out: dict[str, Stamp] = {}
            for stored in s.reader().all_stored_fields():
                st = (stored.get("data") or {}).get("stamp")
                if st:
                    out[stored["path"]] = Stamp(*st)
            return out

        return self.read(read)

    # -- records ------------------------------------------------------------

    def records(self) -> tuple[list[model.Entry], list[model.Profile]]:
        """Every stored record. Rebuilding 10k dataclasses from whoosh's stored
        fields costs ~0.7 s, so the result is also kept in records.pickle,
        tagged with the generation it was read at, and reused until a commit
        moves the generation on (then it is read from whoosh again)."""
        self._resolve()
        generation = self._open().latest_generation()
        cached = self._read_records_cache(generation)
        if cached is not None:
            return cached
        def read(s: Any) -> tuple[list[model.Entry], list[model.Profile]]:
            entries: list[model.Entry] = []
            profiles: list[model.Profile] = []
            for stored in s.reader().all_stored_fields():
                data = stored.get("data") or {}
                entries.append(model.from_dict(model.Entry, data["entry"]))
                if data.get("profile"):
                    profiles.append(model.from_dict(model.Profile, data["profile"]))
            return entries, profiles

        entries, profiles = self.read(read)
        entries.sort(key=lambda e: e.path)
        profiles.sort(key=lambda p: p.client)
        self._write_records_cache(generation, entries, profiles)
        return entries, profiles

    def _read_records_cache(self, generation: int) -> tuple[list[model.Entry], list[model.Profile]] | None:
        try:
            with open(self.records_path, "rb") as fh:
                version, gen, entries, profiles = pickle.load(fh)
        except Exception:  # missing, truncated, from another version: just read whoosh
            return None
        if version != SCHEMA_VERSION or gen != generation:
            return None
        return entries, profiles

    def _write_records_cache(self, generation: int, entries: list[model.Entry], profiles: list[model.Profile]) -> None:
        tmp = self.dir / f"records.{os.getpid()}.tmp"
        try:
            with _private(tmp) as fh:
                pickle.dump((SCHEMA_VERSION, generation, entries, profiles), fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self.records_path)
        except OSError:
            with contextlib.suppress(OSError):
                tmp.unlink()


def _private(path: Path) -> Any:
    """A new file only its owner can read (the folder is 0700 too; this keeps
    the notes' text private even if someone loosens the folder)."""
    return os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb")


def _fields(doc: Doc) -> dict[str, Any]:
    e = doc.entry
    data: dict[str, Any] = {
        "stamp": [doc.stamp.mtime_ns, doc.stamp.size, doc.stamp.sha1],
        "entry": model.to_dict(e),
    }
    data["entry"]["body"] = ""  # the text is stored once, in `content`
    if doc.profile is not None:
        data["profile"] = model.to_dict(doc.profile)
    out: dict[str, Any] = {
        "path": doc.path,
        "kind": e.kind,
        "title": e.title,
        "content": _without_title_heading(e.body, e.title),
        "data": data,
    }
    if e.client:
        out["client"] = e.client
    if e.type:
        out["type"] = e.type.lower()
    if e.tags:
        out["tag"] = ",".join(e.tags)
    when = _as_datetime(e.date)
    if when is not None:
        out["date"] = when
    return out


def _without_title_heading(body: str, title: str) -> str:
    """The title is indexed (and boosted) on its own; its `# Title` line in
    the body would only repeat it at the start of every snippet."""
    head, sep, rest = body.lstrip("\n").partition("\n")
    if head.startswith("# ") and head[2:].strip() == title.strip():
        return rest
    return body


def _as_datetime(value: str | None) -> datetime | None:
    """The calendar date as written (SPEC compares calendar dates)."""
    if not value:
        return None
    try:
        return datetime.strptime(value[:10], "%Y-%m-%d")
    except ValueError:
        return None
