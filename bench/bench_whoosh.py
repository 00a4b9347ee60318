#!/usr/bin/env python3
"""Verify the whoosh settings in docs/DESIGN.md, run by hand (not by pytest).

    .venv/bin/python bench/bench_whoosh.py --entries 10000

Builds the same documents (parsed from a generated vault) into whoosh indexes
with the writer settings we considered, then measures, each in a fresh
process: the build, opening a searcher and running one query, and a
one-document commit, with peak memory. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MAKE_VAULT = REPO.parent / "shared" / "bench" / "make_vault.py"

SETTINGS = {
    "default writer (compound)": {},
    "compound=False": {"compound": False},
    "compound=False, limitmb=512": {"compound": False, "limitmb": 512},
    "compound=False, procs=2, multisegment": {"compound": False, "procs": 2, "multisegment": True, "limitmb": 256},
}

CHILD = r"""
import json, sys, time
from pathlib import Path
from whoosh import index
mode, ixdir, kw = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
t = time.perf_counter()
ix = index.open_dir(ixdir)
if mode == "search":
    with ix.searcher() as s:
        from whoosh.qparser import QueryParser
        n = len(s.search(QueryParser("content", ix.schema).parse("pricing"), limit=20))
else:
    from journalkit.index.store import Doc, Stamp, _fields
    from journalkit import model
    e = model.Entry(path="zz/bench.md", client="zz", kind="entry", date="2026-12-01", type="call", title="bench", body="bench text")
    w = ix.writer(**{k: v for k, v in kw.items() if k in ("compound", "limitmb")})
    w.update_document(**_fields(Doc("zz/bench.md", Stamp(0, 0, "x"), e)))
    w.commit()
# VmHWM, not ru_maxrss: Linux carries ru_maxrss across exec from the parent.
hwm = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM"))
print(json.dumps({"secs": time.perf_counter() - t, "rss_mb": hwm / 1024}))
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--entries", type=int, default=10000)
    args = ap.parse_args()
    vault = Path(f"/tmp/jk-bench-{args.entries}")
    if not vault.exists():
        subprocess.run([sys.executable, str(MAKE_VAULT), str(vault), "--clients", str(max(5, args.entries // 50)),
                        "--entries", str(args.entries), "--seed", "1"], check=True)
    from journalkit.index.store import Doc, Stamp, Store, _fields
    from journalkit.records import build_record
    from journalkit.vault import read_bytes, walk

    docs = []
    for f in walk(vault).files:
        data = read_bytes(vault, f.path, 2 << 20)
        entry, profile = build_record(data, path=f.path, client=f.client, kind=f.kind)
        docs.append(Doc(f.path, Stamp(f.mtime_ns, f.size, "x"), entry, profile))

    print(f"\n### whoosh-reloaded settings, {len(docs):,} documents\n")
    print("| writer | build s | open + search s | search RSS MB | 1-doc commit s | commit RSS MB |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for label, kw in SETTINGS.items():
        where = Path("/tmp/jk-bench-whoosh")
        shutil.rmtree(where, ignore_errors=True)
        store = Store(where)
        store.create_empty()
        ix = store._open()
        start = time.perf_counter()
        writer = ix.writer(**kw)
        for d in docs:
            writer.add_document(**_fields(d))
        writer.commit()
        build = time.perf_counter() - start
        runs = {}
        for mode in ("search", "commit"):
            out = subprocess.run([sys.executable, "-c", CHILD, mode, str(store.ix_dir), json.dumps(kw)],
                                 capture_output=True, text=True, check=True)
            runs[mode] = json.loads(out.stdout)
        print(f"| {label} | {build:.1f} | {runs['search']['secs']:.3f} | {runs['search']['rss_mb']:.0f} | "
              f"{runs['commit']['secs']:.3f} | {runs['commit']['rss_mb']:.0f} |")


if __name__ == "__main__":
    main()
