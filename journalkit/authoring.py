"""Commands whose purpose is to write into the vault: init, client add, new.

Each returns the paths it wrote; the CLI prints them. Rendering goes through
journalkit.render, writing through journalkit.writer (atomic, never
overwriting).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from journalkit import model, writer
from journalkit.errors import UnknownClient, UsageError, VaultWriteError
from journalkit.vault import CONFIG_NAME, PROFILE_NAME, TEMPLATES_DIR, is_client_dir_name

ENTRY_TYPES_WITH_TEMPLATE = ("meeting", "call", "email", "note")


@dataclass(frozen=True)
class InitResult:
    root: str
    created: tuple[str, ...]
    kept: tuple[str, ...]


def slugify(name: str) -> str:
    """SPEC: lower-cased, letters and digits (any script) kept, other runs -> '-'."""
    if "/" in name or "\\" in name or name.strip() in (".", ".."):
        raise UsageError(f"{name!r} cannot be a client name: it would leave the client's folder.",
                         "Use letters, digits and spaces, e.g. `journalkit client add \"Acme Labs\"`.")
    out: list[str] = []
    for ch in unicodedata.normalize("NFC", name).lower():
        if ch.isalnum():
            out.append(ch)
        elif out and out[-1] != "-":
            out.append("-")
    slug = "".join(out).strip("-")
    if not slug or not any(c.isalnum() for c in slug):
        raise UsageError(f"{name!r} has no letter or digit to make a folder name from.",
                         "Use a name like \"Acme Labs\".")
    return slug


def init_vault(root: Path, renderer: Any, template_files: list[tuple[str, bytes]]) -> InitResult:
    """Make `.journalkit.toml` and `_templates/` (defaults copied in for editing).

    Existing files are kept, so running init twice is harmless.
    """
    root.mkdir(parents=True, exist_ok=True)
    created: list[str] = []
    kept: list[str] = []
    config = renderer.render("journalkit.toml.j2", {}).encode("utf-8")
    for rel, data in [(CONFIG_NAME, config)] + [(f"{TEMPLATES_DIR}/{n}", d) for n, d in template_files]:
        if (root / rel).exists():
            kept.append(rel)
            continue
        writer.create_file(root, rel, data)
        created.append(rel)
    return InitResult(str(root), tuple(created), tuple(kept))


def add_client(root: Path, name: str, renderer: Any) -> str:
    slug = slugify(name)
    if not is_client_dir_name(slug):
        raise UsageError(f"{name!r} gives the folder name {slug!r}, which journalkit ignores.")
    folder = root / slug
    if (folder / PROFILE_NAME).exists():
        raise UsageError(f"Client {slug!r} already exists ({slug}/{PROFILE_NAME}).",
                         f"Start a note with `journalkit new {slug}`.")
    text = renderer.render("client.md.j2", {"name": name.strip(), "slug": slug})
    rel = f"{slug}/{PROFILE_NAME}"
    writer.create_file(root, rel, text.encode("utf-8"))
    return rel


def new_entry(
    root: Path,
    snap: model.Snapshot,
    client: str,
    renderer: Any,
    *,
    day: date,
    time: str = "",
    type_: str = "meeting",
    title: str | None = None,
) -> str:
    """Write a new entry from the type's template; return its vault path."""
    profile = snap.profile(client)
    if profile is None or not (root / client).is_dir():
        raise UnknownClient(f"No client {client!r} in this vault.",
                            f"Create it with `journalkit client add \"{client}\"`, or check `journalkit clients`.")
    type_ = (type_ or "meeting").strip().lower()
    explicit_title = title
    title = title or f"{type_.capitalize()} with {profile.name}"
    open_tasks = [
        {"text": t.text, "path": t.path, "due": t.due, "owner": t.owner}
        for e in snap.entries
        if e.client == client and e.kind in (model.ENTRY, model.PROFILE)
        for t in e.tasks
        if t.status == model.OPEN
    ]
    open_tasks.sort(key=lambda t: (t["due"] is None, t["due"] or "", t["path"]))
    template = f"entry/{type_}.md.j2" if renderer.exists(f"entry/{type_}.md.j2") else "entry/default.md.j2"
    context = {
        "date": day.isoformat(),
        "time": time,
        "type": type_,
        "title": title,
        "client": {"client": client, "name": profile.name, "contact": profile.contact},
        "open_tasks": open_tasks,
    }
    text = renderer.render(template, context)
    base = f"{day.isoformat()}-{type_}"
    suffix = _slug_or_empty(explicit_title) if explicit_title else ""
    name = f"{base}-{suffix}" if suffix else base
    for n in range(1, 100):
        rel = f"{client}/{name}{'' if n == 1 else f'-{n}'}.md"
        if not (root / rel).exists():
            try:
                writer.create_file(root, rel, text.encode("utf-8"))
            except VaultWriteError:
                continue  # appeared meanwhile
            return rel
    raise VaultWriteError(f"Too many notes named {client}/{name}*.md; pass a --title.")


def _slug_or_empty(title: str) -> str:
    try:
        return slugify(title)[:40].strip("-")
    except UsageError:
        return ""


_TYPE_RE = re.compile(r"^[\w-]+$")


def check_type(type_: str) -> str:
    if not _TYPE_RE.match(type_ or ""):
        raise UsageError(f"--type {type_!r}: use one word such as meeting, call, email, note.")
    return type_
