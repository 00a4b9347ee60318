"""`check`: every problem the parsers found, from the index (no file is re-read)."""

from __future__ import annotations

from dataclasses import dataclass

from journalkit import model

_SEVERITY_ORDER = {model.ERROR: 0, model.WARNING: 1}


@dataclass(frozen=True)
class CheckReport:
    problems: tuple[model.Problem, ...]

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.severity == model.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for p in self.problems if p.severity == model.WARNING)


def check(snap: model.Snapshot) -> CheckReport:
    problems = [p for e in snap.entries for p in e.problems]
    problems.sort(key=lambda p: (p.path, p.line, _SEVERITY_ORDER.get(p.severity, 2), p.code))
    return CheckReport(tuple(problems))
