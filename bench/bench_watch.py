#!/usr/bin/env python3
"""Benchmark of `journalkit watch` (run by hand; not collected by pytest).

    .venv/bin/python bench/bench_watch.py --entries 10000 --workdir /var/tmp/jk-bench

1. Generates a vault with ../shared/bench/make_vault.py (once per size), builds
   its index with `journalkit index`, starts `journalkit watch` as a subprocess.
2. Save-to-searchable: 50 saves, each rewriting an existing entry with a new
   word; the latency is from just before the write until a search for the word
   finds the file with `--no-refresh` semantics, measured two ways:
   - index: the bench polls every 10 ms in-process with journalkit.index.search
     (exactly what `search --no-refresh` runs, without the ~0.3 s start-up of a
     new Python process) -> when the watcher made the save searchable;
   - cli: it runs `journalkit search --no-refresh WORD --files` in a loop and
     takes the end of the first run that finds it -> what a user at a terminal
     sees (an upper bound: includes that process's own start-up).
3. Checkout: 1,000 entries deleted and re-created with new content (git's
   pattern) plus 1,000 files of `.git/` churn, as fast as Python can; the time
   until the watcher's manifest holds the new content of all 1,000 files.

Prints a Markdown table and the watcher's log lines per batch. Use the
vault's own folder outside /tmp if you want Vim-like behaviour elsewhere; this
bench writes files itself.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
MAKE_VAULT = Path(os.environ.get("JOURNALKIT_MAKE_VAULT", REPO.parent / "shared" / "bench" / "make_vault.py"))
if not MAKE_VAULT.exists():
    MAKE_VAULT = Path("/work/shared/bench/make_vault.py")
BIN = Path(sys.executable).with_name("journalkit")


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    k = (len(values) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def run(args: argparse.Namespace) -> None:
    sys.path.insert(0, str(REPO))
    from journalkit.index import Store, index_dir_for
    from journalkit.index import search as run_search
    from journalkit.index.search import SearchOptions

    work = Path(args.workdir).resolve()
    work.mkdir(parents=True, exist_ok=True)
    vault = work / f"v{args.entries}"
    if args.fresh and vault.exists():
        shutil.rmtree(vault)
    if not vault.exists():
        t = time.perf_counter()
        subprocess.run([sys.executable, str(MAKE_VAULT), str(vault), "--clients", str(args.clients),
                        "--entries", str(args.entries), "--seed", "1"], check=True, stdout=subprocess.DEVNULL)
        print(f"generated {vault} in {time.perf_counter() - t:.1f}s", file=sys.stderr)
    env = dict(os.environ, JOURNALKIT_INDEX_DIR=str(work / f"ix{args.entries}"), NO_COLOR="1")
    os.environ["JOURNALKIT_INDEX_DIR"] = env["JOURNALKIT_INDEX_DIR"]
    t = time.perf_counter()
    subprocess.run([str(BIN), "--vault", str(vault), "index"], env=env, check=True, stdout=subprocess.DEVNULL)
    index_s = time.perf_counter() - t
    print(f"index brought up to date in {index_s:.1f}s", file=sys.stderr)

    store = Store(index_dir_for(vault, env, None))
    entries = sorted(p for p in vault.rglob("*.md") if p.name != "client.md" and ".git" not in p.parts)
    rng = random.Random(1)
    log_path = work / f"watch{args.entries}.log"
    with open(log_path, "w") as log:
        proc = subprocess.Popen([str(BIN), "--vault", str(vault), "watch", "--debounce", str(args.debounce)],
                                env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        t = time.perf_counter()
        while "index current" not in log_path.read_text():
            if proc.poll() is not None or time.perf_counter() - t > 600:
                raise SystemExit(f"watcher did not start: {log_path.read_text()}")
            time.sleep(0.05)
        start_s = time.perf_counter() - t
        print(f"watcher ready in {start_s:.2f}s", file=sys.stderr)
        today = __import__("datetime").date(2026, 12, 1)
        opts = SearchOptions(limit=5)

        def searchable(word: str, rel: str) -> bool:
            try:
                return any(h.path == rel for h in run_search(store, word, opts, today).hits)
            except Exception:  # noqa: BLE001 - mid-commit: poll again
                return False

        # Words no earlier run left in the vault: letters only, unique per run.
        run_tag = "".join(random.Random(time.time_ns()).choice("bcdfghjklmnpqrstvwxz") for _ in range(6))
        lat_index: list[float] = []
        lat_cli: list[float] = []
        for n in range(args.saves):
            p = rng.choice(entries)
            rel = p.relative_to(vault).as_posix()
            word = f"quokka{run_tag}{n:03d}"
            if searchable(word, rel):
                raise SystemExit(f"{word} is already in the index: the measurement would be void")
            text = p.read_text("utf-8").rstrip("\n") + f"\n\nBench note: {word}.\n"
            t0 = time.perf_counter()
            with open(p, "w", encoding="utf-8") as fh:  # an editor's save: truncate, write, close
                fh.write(text)
            while not searchable(word, rel):
                if time.perf_counter() - t0 > 30:
                    raise SystemExit(f"save {n} not searchable after 30s")
                time.sleep(0.01)
            lat_index.append(time.perf_counter() - t0)
            if n < args.cli_saves:
                # The same measurement through the real CLI, on a second word.
                word2 = f"wombat{run_tag}{n:03d}"
                p.write_text(text + f"Bench note: {word2}.\n", "utf-8")
                t1 = time.perf_counter()
                while True:
                    r = subprocess.run([str(BIN), "--vault", str(vault), "search", "--no-refresh", word2, "--files"],
                                       env=env, capture_output=True, text=True)
                    if r.returncode == 0 and rel in r.stdout:
                        break
                    if time.perf_counter() - t1 > 30:
                        raise SystemExit(f"cli save {n} not searchable after 30s")
                lat_cli.append(time.perf_counter() - t1)
            time.sleep(args.gap / 1000)

        # One bare `search --no-refresh` run: the CLI's own cost per query.
        t = time.perf_counter()
        for _ in range(5):
            subprocess.run([str(BIN), "--vault", str(vault), "search", "--no-refresh", "pricing", "--files"],
                           env=env, capture_output=True)
        cli_cost = (time.perf_counter() - t) / 5

        # Checkout-like rewrite of N files.
        chosen = rng.sample(entries, min(args.checkout, len(entries)))
        git = vault / ".git" / "objects" / "bench"
        git.mkdir(parents=True, exist_ok=True)
        want: dict[str, str] = {}
        stamp = time.time_ns()
        new_texts = []
        for i, p in enumerate(chosen):
            data = (p.read_text("utf-8") + f"\ncheckout {stamp} {i}\n").encode()
            want[p.relative_to(vault).as_posix()] = hashlib.sha1(data).hexdigest()
            new_texts.append(data)
        log_mark = len(log_path.read_text())
        t0 = time.perf_counter()
        for i, (p, data) in enumerate(zip(chosen, new_texts)):
            p.unlink()
            p.write_bytes(data)
            (git / f"{i:04x}").write_bytes(b"blob")
        ops_s = time.perf_counter() - t0

        def settled() -> bool:
            m = store.read_manifest()
            return m is not None and all(m[1].get(r) and m[1][r].sha1 == s for r, s in want.items())

        while not settled():
            if time.perf_counter() - t0 > 300:
                raise SystemExit("checkout did not settle in 300s")
            time.sleep(0.02)
        settle_s = time.perf_counter() - t0
        time.sleep(1.0)
        checkout_log = log_path.read_text()[log_mark:].strip().splitlines()
    finally:
        proc.send_signal(signal.SIGTERM)
        rc = proc.wait(timeout=60)

    files = len(store.read_manifest()[1])
    print(f"\n### {args.entries:,} entries ({files:,} files in the index), debounce {args.debounce} ms\n")
    print("| measurement | median | p95 | max |")
    print("| --- | --- | --- | --- |")
    print(f"| save → searchable, index (n={len(lat_index)}) | {statistics.median(lat_index) * 1000:.0f} ms | "
          f"{pct(lat_index, .95) * 1000:.0f} ms | {max(lat_index) * 1000:.0f} ms |")
    if lat_cli:
        print(f"| save → searchable, `journalkit search --no-refresh` loop (n={len(lat_cli)}) | "
              f"{statistics.median(lat_cli) * 1000:.0f} ms | {pct(lat_cli, .95) * 1000:.0f} ms | "
              f"{max(lat_cli) * 1000:.0f} ms |")
    print(f"\n- one `journalkit search --no-refresh` run: {cli_cost * 1000:.0f} ms")
    print(f"- watcher start (index already current): {start_s:.2f} s; `journalkit index` before it: {index_s:.1f} s")
    print(f"- checkout of {len(chosen)} files (delete + re-create, plus {len(chosen)} `.git/` files): "
          f"written in {ops_s:.2f} s, index settled {settle_s:.2f} s after the first write")
    print(f"- watcher log during the checkout: {checkout_log}")
    print(f"- watcher exit status after SIGTERM: {rc}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--entries", type=int, default=10_000)
    ap.add_argument("--clients", type=int, default=200)
    ap.add_argument("--saves", type=int, default=50)
    ap.add_argument("--cli-saves", type=int, default=20, help="how many saves also measured through the CLI")
    ap.add_argument("--gap", type=int, default=300, help="ms between saves")
    ap.add_argument("--checkout", type=int, default=1000)
    ap.add_argument("--debounce", type=int, default=400)
    ap.add_argument("--workdir", default="/var/tmp/journalkit-bench")
    ap.add_argument("--fresh", action="store_true", help="regenerate the vault")
    run(ap.parse_args())


if __name__ == "__main__":
    main()
