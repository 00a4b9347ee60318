"""Bytes of one vault file -> the records the index stores.

The glue between the walk (which says what a file is) and the pure parsers
(which take text). Kept free of I/O so the sync, `check` and tests share it.
"""

from __future__ import annotations

import dataclasses
import posixpath

from journalkit import model
from journalkit.decode import decode
from journalkit.parse import default_profile, parse_entry, parse_profile


def build_record(data: bytes, *, path: str, client: str | None, kind: str,
                 name_invalid: bool = False) -> tuple[model.Entry, model.Profile | None]:
    entry, profile = _build(data, path=path, client=client, kind=kind)
    if name_invalid:
        problem = model.Problem(path, 1, model.WARNING, "filename-invalid",
                                "the file name is not valid UTF-8 (shown with �): rename the file")
        entry = dataclasses.replace(entry, problems=(problem,) + entry.problems)
    return entry, profile


def _build(data: bytes, *, path: str, client: str | None, kind: str) -> tuple[model.Entry, model.Profile | None]:
    decoded = decode(data, path)
    if decoded.text is None:
        # Binary under a .md name: nothing to parse, but `check` must see it
        # and it still counts as a file of the vault.
        entry = model.Entry(path=path, client=client, kind=kind, date=None, type=None, title=_title(path),
                            problems=decoded.problems)
        profile = None
        if kind == model.PROFILE and client:
            profile = dataclasses.replace(default_profile(client), path=path)
        return entry, profile
    if kind == model.PROFILE and client:
        profile, entry = parse_profile(decoded.text, path=path, client=client)
    else:
        entry = parse_entry(decoded.text, path=path, client=client, kind=kind)
        profile = None
    if decoded.problems:
        entry = dataclasses.replace(entry, problems=decoded.problems + entry.problems)
    return entry, profile


def _title(path: str) -> str:
    """The file name without `.md` (any case): the title of a file we could not parse."""
    return posixpath.basename(path).rsplit(".", 1)[0]


def unreadable_record(path: str, client: str | None, kind: str, reason: str) -> model.Entry:
    """A file the walk saw but could not read: listed by `check`, nothing else."""
    problem = model.Problem(path, 1, model.ERROR, "file-unreadable",
                            f"cannot read the file ({reason}): check its permissions")
    return model.Entry(path=path, client=client, kind=kind, date=None, type=None, title=_title(path), problems=(problem,))
