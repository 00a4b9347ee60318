"""The one module that writes into the vault, always atomically.

A note is replaced by writing a temporary file beside it and renaming it over
the original, so a crash leaves either the old or the new file, never half of
one. New files are created exclusively: journalkit never overwrites a note it
did not mean to.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from journalkit.errors import VaultWriteError


def _inside(root: Path, target: Path) -> Path:
    root = root.resolve()
    resolved = target.resolve()
    try:
        resolved.relative_to(root)
    except ValueError:
        raise VaultWriteError(f"Refusing to write {target}: it is outside the vault {root}.") from None
    return resolved


def replace_file(root: Path, rel: str, data: bytes) -> None:
    """Atomically replace an existing file, keeping its permission bits."""
    target = _inside(root, root / rel)
    try:
        mode = target.stat().st_mode & 0o7777
    except OSError as exc:
        raise VaultWriteError(f"{rel}: cannot read it ({exc.strerror}).") from exc
    _atomic_write(target, data, mode, rel)


def create_file(root: Path, rel: str, data: bytes) -> None:
    """Create a new file (and its folders); refuse if it already exists."""
    target = _inside(root, root / rel)
    if target.exists():
        raise VaultWriteError(f"{rel} already exists; journalkit will not overwrite it.")
    target.parent.mkdir(parents=True, exist_ok=True)
    _atomic_write(target, data, 0o644 & ~_umask(), rel, exclusive=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _atomic_write(target: Path, data: bytes, mode: int, rel: str, exclusive: bool = False) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp~", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        if exclusive:
            # link() fails if the name appeared meanwhile; rename would clobber it.
            try:
                os.link(tmp, target)
            except FileExistsError:
                raise VaultWriteError(f"{rel} already exists; journalkit will not overwrite it.") from None
            except OSError:
                if target.exists():
                    raise VaultWriteError(f"{rel} already exists; journalkit will not overwrite it.") from None
                os.replace(tmp, target)  # file systems without hard links
            finally:
                if os.path.exists(tmp):
                    os.unlink(tmp)
        else:
            os.replace(tmp, target)
    except VaultWriteError:
        raise
    except OSError as exc:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise VaultWriteError(f"{rel}: cannot write it ({exc.strerror}).") from exc
