"""Reports on a generated vault, checked against an independent oracle that reads
the files with nothing but regular expressions and SPEC's rules.

The same oracle runs by hand on 10,000 entries: `python -m tests.test_generated_reports /tmp/v10k`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

MAKE_VAULT = Path(__file__).resolve().parents[2] / "shared" / "bench" / "make_vault.py"
TODAY = dt.date(2026, 12, 1)
HORIZON = 14

TASK = re.compile(r"^\s*[-*+] \[(.)\] (.*)$")
DUE = re.compile(r"(?:📅|due:)\s*(\d{4}-\d{2}-\d{2})")
OWNER = re.compile(r"(?:^|\s)@([A-Za-z0-9_]+(?:[.-][A-Za-z0-9_]+)*)")
SPAN = {"d": 1, "w": 7, "m": 30, "y": 365}


def oracle(root: Path, today: dt.date, horizon_days: int) -> dict:
    """SPEC's followups rules, computed straight from the generated files."""
    end = today + dt.timedelta(days=horizon_days)
    profiles = {}
    for prof in root.glob("*/client.md"):
        text = prof.read_text()
        status = re.search(r"^status: (\w+)", text, re.M).group(1)
        cadence = re.search(r"^cadence: (\d+)([dwmy])", text, re.M)
        profiles[prof.parent.name] = (status, int(cadence.group(1)) * SPAN[cadence.group(2)])
    tasks, undated = set(), set()
    dated: dict[str, list[tuple[dt.date, dt.date | None]]] = {}
    for path in root.rglob("*.md"):
        rel = path.relative_to(root).as_posix()
        client = rel.split("/")[0] if "/" in rel else None
        if client and profiles.get(client, ("active",))[0] == "former":
            continue
        text = path.read_text()
        if path.name != "client.md":
            m = re.search(r"^date: (\d{4}-\d{2}-\d{2})", text, re.M)
            f = re.search(r"^follow_up: (\d{4}-\d{2}-\d{2})", text, re.M)
            dated.setdefault(client, []).append((dt.date.fromisoformat(m.group(1)), dt.date.fromisoformat(f.group(1)) if f else None))
        for n, line in enumerate(text.split("\n"), 1):
            t = TASK.match(line)
            if not t or t.group(1) not in " /":
                continue
            due = DUE.search(t.group(2))
            owner = OWNER.search(t.group(2))
            owner_name = owner.group(1) if owner and owner.group(1) != "me" else None
            if due is None:
                undated.add((rel, n, owner_name))
            elif dt.date.fromisoformat(due.group(1)) <= end:
                d = dt.date.fromisoformat(due.group(1))
                tasks.add((rel, n, d.isoformat(), owner_name, d < today))
    due_clients = set()
    for client, (status, cadence) in profiles.items():
        if status != "active":
            continue
        entries = dated.get(client, [])
        past = [d for d, _ in entries if d <= today]
        if not past:
            due_clients.add(client)
            continue
        last = max(past)
        candidates = [last + dt.timedelta(days=cadence)] + [f for _, f in entries if f and f > last]
        if min(candidates) <= end:
            due_clients.add(client)
    return {"tasks": tasks, "undated": undated, "due": due_clients}


def compare(data: dict, expected: dict) -> None:
    got_tasks = {(t["path"], t["line"], t["due"], t["owner"], t["overdue"]) for t in data["tasks"] if t["due"]}
    got_undated = {(t["path"], t["line"], t["owner"]) for t in data["tasks"] if not t["due"]}
    assert got_tasks == expected["tasks"]
    assert got_undated == expected["undated"]
    assert {c["client"] for c in data["contact_due"]} == expected["due"]
    dues = [t["due"] for t in data["tasks"] if t["due"]]
    assert dues == sorted(dues)
    first_undated = next((i for i, t in enumerate(data["tasks"]) if not t["due"]), len(data["tasks"]))
    assert all(not t["due"] for t in data["tasks"][first_undated:])


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    root = tmp_path_factory.mktemp("genrep") / "vault"
    subprocess.run([sys.executable, str(MAKE_VAULT), str(root), "--clients", "15", "--entries", "600", "--seed", "7"],
                   check=True, capture_output=True)
    return root


def test_followups_agree_with_an_independent_oracle(make_run, generated):
    data = make_run(generated).json("followups", "--horizon", f"{HORIZON}d", today=TODAY.isoformat())
    compare(data, oracle(generated, TODAY, HORIZON))


def test_clients_last_contact_agrees_with_file_names(make_run, generated):
    data = make_run(generated).json("clients", today=TODAY.isoformat())
    for row in data["clients"]:
        days = [dt.date.fromisoformat(p.name[:10]) for p in (generated / row["client"]).rglob("*.md")
                if p.name != "client.md" and p.name[:10] <= TODAY.isoformat()]
        assert row["last_contact"] == (max(days).isoformat() if days else None)
        assert row["entries"] == len([p for p in (generated / row["client"]).rglob("*.md") if p.name != "client.md"])


if __name__ == "__main__":  # by hand on a big vault: python -m tests.test_generated_reports /tmp/v10k
    import os

    root = Path(sys.argv[1])
    env = dict(os.environ, NO_COLOR="1")
    out = subprocess.run([str(Path(sys.executable).parent / "journalkit"), "--vault", str(root), "--today", TODAY.isoformat(),
                          "followups", "--horizon", f"{HORIZON}d", "--json"], capture_output=True, text=True, env=env, check=True)
    compare(json.loads(out.stdout), oracle(root, TODAY, HORIZON))
    print("followups agree with the oracle on", root)
