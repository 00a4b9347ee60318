"""Bytes of one vault file -> the records the index stores.

The glue between the walk (which says what a file is) and the pure parsers
(which take text). Kept free of I/O so the sync, `check` and tests share it.
"""

from __future__ import annotations

import posixpath

from journalkit import model
from journalkit.decode import decode
from journalkit.parse import parse_entry, parse_profile


def build_record(data: bytes, *, path: str, client: str | None, kind: str,
                 name_invalid: bool = False) -> tuple[model.Entry, model.Profile | None]:
    entry, profile = _build(data, path=path, client=client, kind=kind)
    if name_invalid:
        problem = model.Problem(path, 1, model.WARNING, "filename-invalid",
                                "the file name is not valid UTF-8 (shown with �): rename the file")
        entry = _with_problems(entry, (problem,) + entry.problems)
    return entry, profile


def _build(data: bytes, *, path: str, client: str | None, kind: str) -> tuple[model.Entry, model.Profile | None]:
    decoded = decode(data, path)
    if decoded.text is None:
        # Binary under a .md name: nothing to parse, but `check` must see it
        # and it still counts as a file of the vault.
        title = posixpath.basename(path)[:-3]
        entry = model.Entry(path=path, client=client, kind=kind, date=None, type=None, title=title,
                            problems=decoded.problems)
        profile = None
        if kind == model.PROFILE and client:
            from journalkit.parse import default_profile
            profile = default_profile(client)
            profile = _with_path(profile, path)
        return entry, profile
    if kind == model.PROFILE and client:
        profile, entry = parse_profile(decoded.text, path=path, client=client)
    else:
        entry = parse_entry(decoded.text, path=path, client=client, kind=kind)
        profile = None
    if decoded.problems:
        entry = _with_problems(entry, decoded.problems + entry.problems)
    return entry, profile


def _with_problems(entry: model.Entry, problems: tuple[model.Problem, ...]) -> model.Entry:
    import dataclasses
    return dataclasses.replace(entry, problems=problems)


def _with_path(profile: model.Profile, path: str) -> model.Profile:
    import dataclasses
    return dataclasses.replace(profile, path=path)


def unreadable_record(path: str, client: str | None, kind: str, reason: str) -> model.Entry:
    """A file the walk saw but could not read: listed by `check`, nothing else."""
    problem = model.Problem(path, 1, model.ERROR, "file-unreadable",
                            f"cannot read the file ({reason}): check its permissions")
    title = posixpath.basename(path).rsplit(".", 1)[0]
    return model.Entry(path=path, client=client, kind=kind, date=None, type=None, title=title, problems=(problem,))
