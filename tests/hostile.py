"""A vault with one file per bad-input class of SPEC "Bad input" (and a few good oddities)."""

from __future__ import annotations

import os
from pathlib import Path

GOOD_ENTRY = "---\ndate: 2026-11-03\ntype: call\ntitle: Fine\n---\n# Fine\n\n- [ ] a task due:2026-12-01\n"

# path -> (bytes, expected problem code or None, expected line or None)
CASES: dict[str, tuple[bytes, str | None, int | None]] = {
    "acme/2026-11-01-invalid-yaml.md": (b"---\ndate: 2026-11-01\ntitle: [unclosed\n---\nbody text invalidyamlword\n", "yaml-invalid", None),
    "acme/2026-11-02-list-fm.md": (b"---\n- a\n- b\n---\nbody notmappingword\n", "front-matter-not-mapping", 2),
    "acme/2026-11-03-unclosed.md": (b"---\ndate: 2026-11-03\ntitle: never closed\n\nunclosedword here\n", "front-matter-unclosed", 1),
    "acme/2026-11-04-bad-date.md": (b"---\ndate: 2026-13-45\n---\nbaddateword\n", "date-invalid", 2),
    "acme/2026-11-05-bad-due.md": (b"---\ndate: 2026-11-05\n---\n# T\n\n- [ ] pay invoice due:2026-02-30\n", "task-due-invalid", 6),
    "acme/undated-note.md": (b"# No date anywhere\n\nundatedword\n", "entry-undated", 1),
    "acme/2026-11-06-latin1.md": ("---\ndate: 2026-11-06\n---\ncaf\xe9 latinword\n".encode("latin-1"), "encoding-invalid", 4),
    "acme/2026-11-07-binary.md": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary-file", 1),
    "acme/2026-11-08-laughs.md": (
        b"---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        b"b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
        b"d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
        b"f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n---\nlaughsword\n",
        "yaml-alias", None),
    "acme/2026-11-09-deep.md": (b"---\nx: " + b"[" * 5000 + b"]" * 5000 + b"\n---\ndeepword\n", "yaml-too-deep", None),
    "acme/2026-11-10-merge.md": (
        b"---\ndate: 2026-11-10\n---\n# Merge\n<<<<<<< HEAD\nmine mergeword\n=======\ntheirs\n>>>>>>> origin/main\n",
        "merge-conflict", 5),
    "acme/2026-11-11-call (conflicted copy 2026-11-12).md": (GOOD_ENTRY.replace("Fine", "dropboxcopyword").encode(), "sync-conflict", 1),
    "acme/2026-11-11-call (Conflicted copy laptop 202611121200).md": (GOOD_ENTRY.replace("Fine", "obsidiancopyword").encode(), "sync-conflict", 1),
    "acme/2026-11-11-call.sync-conflict-20261112-120000-ABCDEFG.md": (GOOD_ENTRY.replace("Fine", "syncthingcopyword").encode(), "sync-conflict", 1),
    # Read correctly, no problem expected:
    "acme/2026-11-12-bom.md": (b"\xef\xbb\xbf---\ndate: 2026-11-12\ntitle: BOM entry\n---\nbomword\n", None, None),
    "acme/2026-11-13-crlf.md": (b"---\r\ndate: 2026-11-13\r\ntitle: CRLF entry\r\n---\r\ncrlfword\r\n- [ ] crlf task due:2026-12-02\r\n", None, None),
    "acme/2026-11-14-cr.md": (b"---\rdate: 2026-11-14\rtitle: CR entry\r---\rcrword\r- [ ] cr task due:2026-12-03\r", None, None),
    "acme/2026-11-15-empty.md": (b"", None, None),
    "acme/2026-11-16-fine.md": (GOOD_ENTRY.encode(), None, None),
}


def huge_bytes(limit: int) -> bytes:
    line = b"- filler line with hugeword in it and some more words to make it long enough\n"
    head = b"---\ndate: 2026-11-20\n---\n# Huge\nhugestartword\n"
    return head + line * (limit // len(line) + 10)


def build(root: Path, limit: int) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / ".journalkit.toml").write_text('[vault]\ndefault_cadence = "30d"\n')
    for rel, (data, _code, _line) in CASES.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
    (root / "acme/2026-11-20-huge.md").write_bytes(huge_bytes(limit))
    (root / "acme/client.md").write_text("---\nname: Acme\ncadence: 14d\n---\nNotes.\n")
    # Symlinks: a loop, and one leading out of the vault; neither is followed.
    os.symlink("..", root / "acme" / "loop")
    outside = root.parent / "outside"
    outside.mkdir(exist_ok=True)
    (outside / "2026-11-01-secret.md").write_text("---\ndate: 2026-11-01\n---\noutsideword\n")
    os.symlink(str(outside), root / "acme" / "escape")
    os.symlink(str(outside / "2026-11-01-secret.md"), root / "acme" / "2026-11-01-linked.md")
    # Ignored: hidden, _-prefixed, backups, swap files, non-md.
    (root / ".obsidian").mkdir()
    (root / ".obsidian" / "x.md").write_text("ignoredword\n")
    (root / "_archive").mkdir()
    (root / "_archive" / "2026-01-01-old.md").write_text("ignoredword\n")
    (root / "acme" / "2026-11-16-fine.md~").write_text("ignoredword\n")
    (root / "acme" / ".2026-11-16-fine.md.swp").write_text("ignoredword\n")
    (root / "acme" / "photo.png").write_bytes(b"\x89PNG")
    # Names that are not valid UTF-8 (a Latin-1 file name from an old sync).
    os.makedirs(os.fsencode(root) + b"/bad\xffclient", exist_ok=True)
    with open(os.fsencode(root) + b"/bad\xffclient/2026-11-29-caf\xe9.md", "wb") as fh:
        fh.write(b"---\ndate: 2026-11-29\n---\nbadnameword\n- [ ] badname task due:2026-11-30\n")
    (root / "acme" / "2026-11-28 spaces & [brackets].md").write_text("---\ndate: 2026-11-28\n---\nspacesword\n")
    return root
