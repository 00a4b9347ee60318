"""Finding the vault, reading its settings, and walking its files.

The walk is the only place that decides which files are entries, profiles,
notes or conflict copies (SPEC "The vault"); everything downstream trusts it.
"""

from __future__ import annotations

import os
import stat
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Mapping

from journalkit import model
from journalkit.errors import ConfigError, VaultNotFound
from journalkit.parse import is_conflict_copy

CONFIG_NAME = ".journalkit.toml"
PROFILE_NAME = "client.md"
TEMPLATES_DIR = "_templates"


@dataclass(frozen=True)
class VaultConfig:
    root: Path
    default_cadence: str | None = None
    default_cadence_days: int | None = None
    index_dir: Path | None = None


@dataclass(frozen=True)
class VaultFile:
    """A file the walk keeps. `path` is vault-relative with '/'."""

    path: str
    client: str | None
    kind: str
    mtime_ns: int
    size: int
    # Set only when the name on disk is not valid UTF-8: `path` then shows it
    # with U+FFFD (so JSON, whoosh and terminals can carry it) and this is
    # the real name to open.
    fs_path: str | None = None


def shown_name(name: str) -> str:
    """A name from the file system as it can be printed (undecodable bytes -> U+FFFD)."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def make_file(rel: str, kind: tuple[str | None, str], st: os.stat_result) -> VaultFile:
    shown = shown_name(rel)
    client = shown_name(kind[0]) if kind[0] else None
    return VaultFile(shown, client, kind[1], st.st_mtime_ns, st.st_size, fs_path=None if shown == rel else rel)


def client_names(root: Path) -> list[str]:
    """Every client folder, including empty ones (they are clients too)."""
    try:
        return sorted(shown_name(p.name) for p in root.iterdir() if p.is_dir() and is_client_dir_name(p.name))
    except OSError:
        return []


@dataclass(frozen=True)
class VaultListing:
    files: tuple[VaultFile, ...]
    clients: tuple[str, ...]


def find_vault(explicit: str | None, env: Mapping[str, str], cwd: Path) -> Path:
    """SPEC order: --vault, then JOURNALKIT_VAULT, then the nearest folder with .journalkit.toml."""
    for source, value in (("--vault", explicit), ("JOURNALKIT_VAULT", env.get("JOURNALKIT_VAULT"))):
        if value:
            root = Path(value).expanduser()
            if not root.is_dir():
                raise VaultNotFound(
                    f"{source} points to {value!r}, which is not a folder.",
                    "Create it with `journalkit init PATH`, or fix the path.",
                )
            return root.resolve()
    here = cwd.resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    raise VaultNotFound(
        "No vault found: no --vault, no JOURNALKIT_VAULT, and no .journalkit.toml here or above.",
        "Run `journalkit init PATH` to make one, or pass --vault PATH.",
    )


def load_config(root: Path) -> VaultConfig:
    from journalkit.dates import try_parse_span

    path = root / CONFIG_NAME
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return VaultConfig(root=root)
    except OSError as exc:
        raise ConfigError(f"{CONFIG_NAME}: cannot read it ({exc.strerror}).") from exc
    try:
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{CONFIG_NAME}: {exc}", "Fix the file (it is TOML) or delete it.") from exc
    vault = data.get("vault") or {}
    index = data.get("index") or {}
    if not isinstance(vault, dict) or not isinstance(index, dict):
        raise ConfigError(f"{CONFIG_NAME}: [vault] and [index] must be tables.")
    cadence = vault.get("default_cadence")
    days = None
    if cadence not in (None, ""):
        days = try_parse_span(str(cadence))
        if days is None:
            raise ConfigError(
                f"{CONFIG_NAME}: default_cadence = {cadence!r} is not a span.",
                "Use a number and a unit: 14d, 2w, 1m or 1y.",
            )
    index_dir = index.get("dir")
    return VaultConfig(
        root=root,
        default_cadence=str(cadence) if cadence else None,
        default_cadence_days=days,
        index_dir=Path(str(index_dir)).expanduser() if index_dir else None,
    )


def ignored_name(name: str) -> bool:
    """Hidden, editor swap/lock/backup files; SPEC says leading '.' or trailing '~'."""
    return name.startswith(".") or name.endswith("~")


def is_client_dir_name(name: str) -> bool:
    return not (name.startswith(".") or name.startswith("_") or name.endswith("~"))


def classify(rel: str) -> tuple[str | None, str] | None:
    """Vault-relative path -> (client, kind), or None when the file is not ours.

    Used by the walk and by the watcher to judge single paths the same way.
    """
    parts = rel.split("/")
    if any(ignored_name(p) for p in parts):
        return None
    return _kind(parts)


def _kind(parts: list[str]) -> tuple[str | None, str] | None:
    """classify() for a path whose components are known not to be ignored."""
    if not parts[-1].lower().endswith(".md"):
        return None
    if len(parts) == 1:
        return None, (model.CONFLICT if is_conflict_copy(parts[0]) else model.NOTE)
    client = parts[0]
    if not is_client_dir_name(client):
        return None
    if is_conflict_copy(parts[-1]):
        return client, model.CONFLICT
    if len(parts) == 2 and parts[1] == PROFILE_NAME:
        return client, model.PROFILE
    return client, model.ENTRY


def walk(root: Path) -> VaultListing:
    """Every file journalkit reads, with mtime and size.

    Symlinks are followed only when they stay inside the vault, and each real
    folder is entered once, so loops end. Files that vanish mid-walk are
    skipped (the next refresh sees them as deleted).
    """
    root = root.resolve()
    files: list[VaultFile] = []
    clients: list[str] = []
    seen_dirs: set[tuple[int, int]] = set()
    try:
        st = root.stat()
    except OSError:
        return VaultListing((), ())
    seen_dirs.add((st.st_dev, st.st_ino))
    for entry, rel, st in _scan(root, root, "", seen_dirs):
        if stat.S_ISDIR(st.st_mode):
            if "/" not in rel and is_client_dir_name(entry):
                clients.append(shown_name(rel))
            continue
        kind = _kind(rel.split("/"))  # the walk already skipped ignored names
        if kind is None:
            continue
        files.append(make_file(rel, kind, st))
    files.sort(key=lambda f: f.path)
    clients.sort()
    return VaultListing(tuple(files), tuple(clients))


def walk_paths(root: Path, rels: list[str]) -> tuple[VaultFile, ...]:
    """Like walk(), limited to some vault-relative files or folders (the watcher's hints).

    A path that no longer exists yields nothing: the sync then sees it as gone.
    """
    root = root.resolve()
    out: dict[str, VaultFile] = {}
    for rel in rels:
        rel = rel.strip("/")
        if not rel:
            return walk(root).files
        full = root / rel
        try:
            if full.is_symlink() and not _inside(Path(os.path.realpath(full)), root):
                continue
            st = os.stat(full)
        except OSError:
            continue
        if stat.S_ISDIR(st.st_mode):
            parts = rel.split("/")
            if any(ignored_name(p) for p in parts) or not is_client_dir_name(parts[0]):
                continue
            seen = {(st.st_dev, st.st_ino)}
            for _name, sub, sst in _scan(root, full, rel + "/", seen):
                kind = classify(sub)
                if kind is not None and stat.S_ISREG(sst.st_mode):
                    out[sub] = make_file(sub, kind, sst)
        elif stat.S_ISREG(st.st_mode):
            kind = classify(rel)
            if kind is not None:
                out[rel] = make_file(rel, kind, st)
    return tuple(sorted(out.values(), key=lambda f: f.path))


def in_scope(path: str, rels: list[str]) -> bool:
    return any(not r.strip("/") or path == r.strip("/") or path.startswith(r.strip("/") + "/") for r in rels)


def _scan(root: Path, folder: Path, prefix: str, seen: set[tuple[int, int]]) -> Iterator[tuple[str, str, os.stat_result]]:
    """Depth-first, names sorted (so a folder reachable twice via a symlink is
    always listed under the same path). Iterative: a hostile vault can nest
    folders deeper than Python's recursion limit."""
    stack: list[Iterator[tuple[str, str, os.stat_result, Path | None]]] = [_entries(root, folder, prefix, seen)]
    while stack:
        item = next(stack[-1], None)
        if item is None:
            stack.pop()
            continue
        name, rel, st, subfolder = item
        yield name, rel, st
        if subfolder is not None:
            stack.append(_entries(root, subfolder, rel + "/", seen))


def _entries(root: Path, folder: Path, prefix: str,
             seen: set[tuple[int, int]]) -> Iterator[tuple[str, str, os.stat_result, Path | None]]:
    try:
        with os.scandir(folder) as it:
            items = sorted(it, key=lambda e: e.name)
    except OSError:
        return
    for item in items:
        name = item.name
        if ignored_name(name):
            continue
        if not prefix and item.is_dir(follow_symlinks=True) and not is_client_dir_name(name):
            continue  # _templates, _archive: never read
        rel = f"{prefix}{name}"
        try:
            if item.is_symlink():
                target = Path(os.path.realpath(item.path))
                if not _inside(target, root):
                    continue
            st = os.stat(item.path)
        except OSError:
            continue  # dangling link, or removed while walking
        if stat.S_ISDIR(st.st_mode):
            key = (st.st_dev, st.st_ino)
            if key in seen:
                continue
            seen.add(key)
            yield name, rel, st, Path(item.path)
        elif stat.S_ISREG(st.st_mode):
            yield name, rel, st, None


def _inside(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
    except ValueError:
        return False
    return True


def read_bytes(root: Path, rel: str, limit: int) -> bytes | None:
    """Read up to limit+1 bytes (so the decoder can tell 'too large').

    None when the file is gone (removed or renamed since the walk); any other
    OSError (permission denied, I/O error) is raised for the caller to report.
    """
    try:
        with open(root / rel, "rb") as fh:
            return fh.read(limit + 1)
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None
