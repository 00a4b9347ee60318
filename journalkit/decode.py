"""Bytes of a vault file -> text that the parsers can trust.

Everything a sync tool or an editor can do to a file's bytes is handled here,
once, so the parsers downstream only ever see `\\n`-terminated Unicode text
whose line numbers equal those of the file on disk.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from .model import WARNING, Problem

#: Files larger than this are indexed only up to this size (SPEC "Bad input":
#: "huge ... over a limit the project sets and documents"). Two MiB is far
#: beyond any hand-written meeting note, yet small enough that one stray log
#: or data dump renamed to .md cannot stall an index run.
MAX_BYTES = 2 * 1024 * 1024

_SNIFF = 8 * 1024
# Control bytes that never appear in text files (tab, LF, VT, FF, CR and ESC
# are left out: they do show up in real notes and pasted terminal output).
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27))
_CONTROL_RATIO = 0.10


@dataclass(frozen=True)
class Decoded:
    """`text` is None when the file is binary (nothing to index)."""

    text: str | None
    problems: tuple[Problem, ...]
    truncated: bool = False


def line_of_offset(text: str, offset: int) -> int:
    """1-based line number of a character offset in normalised text."""
    return text.count("\n", 0, max(0, offset)) + 1


def normalise_newlines(text: str) -> str:
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _size(n: int) -> str:
    if n >= 1024 * 1024 and n % (1024 * 1024) == 0:
        return f"{n // (1024 * 1024)} MiB"
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MiB"
    return f"{n} bytes"


def _is_binary(head: bytes) -> bool:
    if b"\x00" in head:
        return True
    if not head:
        return False
    controls = len(head) - len(head.translate(None, _CONTROL))
    return controls / len(head) > _CONTROL_RATIO


def _cut(data: bytes, limit: int) -> bytes:
    """The first `limit` bytes, cut back to the last complete line.

    A single line longer than the limit is cut at a UTF-8 character boundary
    instead, so the cut itself never produces an encoding warning.
    """
    head = data[:limit]
    end = max(head.rfind(b"\n"), head.rfind(b"\r"))
    if end >= 0:
        return head[: end + 1]
    i = len(head)
    # Step back over continuation bytes to the start of the last character;
    # drop it if the cut split it.
    while i > 0 and len(head) - i < 4 and (head[i - 1] & 0xC0) == 0x80:
        i -= 1
    if i > 0 and head[i - 1] >= 0xC0:
        lead = head[i - 1]
        need = 2 if lead < 0xE0 else 3 if lead < 0xF0 else 4
        if len(head) - (i - 1) < need:
            return head[: i - 1]
    return head


def decode(data: bytes, path: str, *, limit: int = MAX_BYTES) -> Decoded:
    problems: list[Problem] = []
    truncated = False
    if len(data) > limit:
        data = _cut(data, limit)
        truncated = True
        problems.append(Problem(
            path, 1, WARNING, "file-too-large",
            f"file is larger than the {_size(limit)} limit: only its first "
            f"{_size(len(data))} are indexed; split it into smaller notes"))

    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Windows editors still save "Unicode" as UTF-16; it is text, just not
        # UTF-8, so read it and say so rather than calling it binary.
        text = data.decode("utf-16", errors="replace")
        problems.append(Problem(
            path, 1, WARNING, "encoding-invalid",
            "file is UTF-16, not UTF-8: it was read, but save it as UTF-8"))
        return Decoded(normalise_newlines(text.lstrip("\ufeff")), tuple(problems), truncated)

    if _is_binary(data[:_SNIFF]):
        problems.append(Problem(
            path, 1, WARNING, "binary-file",
            "file looks binary (not text) although it is named .md: it is not indexed; "
            "rename or move it out of the vault"))
        return Decoded(None, tuple(problems), truncated)

    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        good = normalise_newlines(data[: exc.start].decode("utf-8"))
        line = good.count("\n") + 1
        text = data.decode("utf-8", errors="replace")
        problems.append(Problem(
            path, line, WARNING, "encoding-invalid",
            f"file is not valid UTF-8 (first bad byte on line {line}): invalid bytes were "
            "replaced by '\ufffd'; re-save the file as UTF-8"))
    return Decoded(normalise_newlines(text), tuple(problems), truncated)
