"""Where a vault's index lives: outside the vault, one folder per vault."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Mapping

from journalkit.errors import IndexError_


def index_dir_for(root: Path, env: Mapping[str, str], configured: Path | None) -> Path:
    """JOURNALKIT_INDEX_DIR, then [index] dir, then the user cache folder.

    The chosen folder holds one sub-folder per vault (name + hash of the
    vault's real path), so one setting can serve several vaults.
    """
    root = root.resolve()
    base: Path
    if env.get("JOURNALKIT_INDEX_DIR"):
        base = Path(env["JOURNALKIT_INDEX_DIR"]).expanduser()
    elif configured is not None:
        base = configured if configured.is_absolute() else (root / configured)
    else:
        base = _cache_base(env)
    base = base.resolve()
    leaf = re.sub(r"[^A-Za-z0-9._-]+", "-", root.name).strip("-") or "vault"
    folder = base / f"{leaf}-{hashlib.sha1(str(root).encode()).hexdigest()[:12]}"
    try:
        folder.relative_to(root)
    except ValueError:
        return folder
    raise IndexError_(
        f"The index folder {folder} would be inside the vault {root}.",
        "journalkit never writes into the vault: point JOURNALKIT_INDEX_DIR or [index] dir elsewhere.",
    )


def _cache_base(env: Mapping[str, str]) -> Path:
    # SPEC: on Linux $XDG_CACHE_HOME, else ~/.cache. Read from the env we were
    # given (tests pass their own), falling back to platformdirs elsewhere.
    import sys

    if sys.platform.startswith("linux"):
        xdg = env.get("XDG_CACHE_HOME")
        if xdg and Path(xdg).is_absolute():
            return Path(xdg) / "journalkit"
        home = env.get("HOME")
        if home:
            return Path(home) / ".cache" / "journalkit"
    import platformdirs

    return Path(platformdirs.user_cache_dir("journalkit", appauthor=False))
