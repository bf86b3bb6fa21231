#!/usr/bin/env python3
"""Archive benchmarks (issue 14): a script, not a test; figures are ratios measured in one run.

    python benchmarks/bench_archive.py                      # all three, 100,000 Parquet articles
    python benchmarks/bench_archive.py dask --n 20000       # a smaller corpus (say so when reporting)
    python benchmarks/bench_archive.py route grep

1. route: documents/s of `itinerary route DIR --format json` (whole process, start-up included) on
   the 100 GeoWebNews dev articles (../shared/eval/geoparse/gwn.dev.jsonl, written to a temp
   folder as geoparse_eval.py does), with -j 1 and -j 2.
2. dask: `itinerary route CORPUS.parquet --per-document --engine dask -j W -o out.parquet` with
   W = 1 and 2 local workers, on a Parquet corpus of --n generated short articles (2-6 sentences
   from benchmarks/bench_corpus.py's templates and cities, English and Indonesian; fixed seed;
   written in a temp folder in row groups, never held whole). Reports articles/s, the speed-up,
   the peak RSS of each process of the run (sampled from /proc: the client with its scheduler,
   and each worker), and, with --bounded, the same at a quarter of --n, to show that a worker's
   memory does not grow with the corpus. The two outputs must be byte-identical.
3. grep: extraction MB/s of `itinerary places CORPUS.jsonl --format jsonl -j 1` against
   `grep -F -o -w -f NAMES CORPUS.txt` on the same text (the first --grep-n articles of the
   generated corpus) and the same names (every distinct name form in the gazetteer index, ~720,000).
   Both whole-process; grep only matches strings, itinerary also resolves and filters them.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_corpus import article_parts, procs as bench_procs  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
GWN = ROOT.parent / "shared" / "eval" / "geoparse" / "gwn.dev.jsonl"
ITINERARY = str(Path(sys.executable).parent / "itinerary")


# ---------------------------------------------------------------- generated short articles


def short_article(rng: random.Random, i: int) -> dict:
    """One row: a 2-6 sentence article from bench_corpus's templates (200-900 bytes)."""
    lang, published, _, sentences, title = article_parts(rng, 2, 6)
    return {"id": f"wire-{i:06d}", "text": " ".join(sentences), "published": published.isoformat(),
            "title": title, "language": lang, "url": f"https://wire.example.org/{i}"}


def write_parquet(path: Path, n: int, seed: int = 14) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rng = random.Random(seed)
    size = 0
    with pq.ParquetWriter(path, pa.schema([(k, pa.string()) for k in
                                           ("id", "text", "published", "title", "language", "url")])) as w:
        for start in range(0, n, 10_000):
            rows = [short_article(rng, i) for i in range(start, min(n, start + 10_000))]
            size += sum(len(r["text"].encode("utf-8")) for r in rows)
            w.write_table(pa.Table.from_pylist(rows))
    return size


# ---------------------------------------------------------------- measuring


def measure(cmd: list[str], env: dict | None = None) -> dict:
    """Run cmd; wall time, exit status, and the peak RSS (MB) of the process and of each of its
    descendants (sampled every 0.1 s), largest first."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    peaks: dict[int, int] = {}
    while proc.poll() is None:
        procs = bench_procs()
        tree, stack = [], [proc.pid]
        while stack:
            p = stack.pop()
            tree.append(p)
            stack.extend(q for q, (pp, _) in procs.items() if pp == p)
        for p in tree:
            if p in procs:
                peaks[p] = max(peaks.get(p, 0), procs[p][1])
        time.sleep(0.1)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode("utf-8", "replace")
    main_mb = peaks.pop(proc.pid, 0) / 1024
    others = sorted((v / 1024 for v in peaks.values() if v > 30 * 1024), reverse=True)  # not the resource tracker
    return {"wall": wall, "exit": proc.returncode, "main_mb": main_mb, "workers_mb": others, "stderr": err[-400:]}


# ---------------------------------------------------------------- 1. route on the GWN dev articles


def bench_route(tmp: Path) -> None:
    if not GWN.is_file():
        print(f"route: {GWN} not found; skipped")
        return
    texts = tmp / "gwn"
    texts.mkdir()
    n = 0
    with open(GWN, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            (texts / f"{d['id']}.txt").write_text(d["text"], encoding="utf-8")
            n += 1
    subprocess.run([ITINERARY, "route", str(texts), "--format", "json"], stdout=subprocess.DEVNULL, check=True)  # warm
    res = {}
    for jobs in (1, 2):
        r = measure([ITINERARY, "route", str(texts), "--format", "json", "-j", str(jobs)])
        res[jobs] = r
        print(f"route  -j {jobs}: {n} GWN dev articles in {r['wall']:.2f} s = {n / r['wall']:.0f} documents/s "
              f"(whole process), exit {r['exit']}")
    print(f"route  -j 2 / -j 1 throughput: {res[1]['wall'] / res[2]['wall']:.2f}x")


# ---------------------------------------------------------------- 2. Dask, 1 and 2 workers


def dask_run(corpus: Path, out: Path, workers: int) -> dict:
    cmd = [ITINERARY, "route", str(corpus), "--per-document", "--engine", "dask", "-j", str(workers), "-o", str(out)]
    return measure(cmd)


def _peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def warm_run(corpus: Path, workers: int) -> dict:
    """In this process, with the LocalCluster started (and its workers' gazetteers loaded) before
    the clock starts: the steady throughput of `routes` -> Parquet bytes (as route --per-document
    -o trips.parquet), and each worker's peak RSS (getrusage on the worker) after the run."""
    import logging

    from distributed import Client, LocalCluster

    from itinerary import api
    from itinerary.corpora import routes_parquet

    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0",
                      silence_logs=logging.ERROR) as cluster, Client(cluster, set_as_default=False) as client:
        api.places([ROOT / "seeds"], client=client)  # warm: every worker loads its gazetteer
        t = time.perf_counter()
        size = sum(len(b) for b in routes_parquet(api.route_rows([corpus], client=client)))
        wall = time.perf_counter() - t
        rss = sorted(client.run(_peak_rss_mb).values(), reverse=True)
    return {"wall": wall, "bytes": size, "workers_mb": rss}


def bench_dask(tmp: Path, n: int, bounded: bool, warm_too: bool = True) -> None:
    sizes = [n // 4, n] if bounded else [n]
    for size in sizes:
        corpus = tmp / f"corpus-{size}.parquet"
        t = time.perf_counter()
        mb = write_parquet(corpus, size) / 1e6
        print(f"dask: generated {size:,} short articles ({mb:.1f} MB of text, {corpus.stat().st_size / 1e6:.1f} MB "
              f"Parquet) in {time.perf_counter() - t:.1f} s")
        res, outs = {}, {}
        for w in (1, 2):
            out = tmp / f"trips-{size}-{w}.parquet"
            r = dask_run(corpus, out, w)
            res[w], outs[w] = r, out.read_bytes() if out.exists() else b""
            print(f"dask  {w} worker{'s' if w > 1 else ' '}: {size:,} articles in {r['wall']:.1f} s = "
                  f"{size / r['wall']:.0f} articles/s; peak RSS client {r['main_mb']:.0f} MB, workers "
                  f"{', '.join(f'{x:.0f}' for x in r['workers_mb'][:w])} MB; exit {r['exit']}")
            if r["exit"] != 0:
                print("   " + r["stderr"])
        print(f"dask  2 workers / 1 worker throughput at {size:,} (whole process, cluster start-up included): "
              f"{res[1]['wall'] / res[2]['wall']:.2f}x; outputs {'byte-identical' if outs[1] == outs[2] and outs[1] else 'DIFFER'}")
        if not warm_too:
            continue
        warm = {}
        for w in (1, 2):
            warm[w] = r = warm_run(corpus, w)
            print(f"dask  warm, {w} worker{'s' if w > 1 else ' '}: {size / r['wall']:.0f} articles/s; worker peak RSS "
                  f"{', '.join(f'{x:.0f}' for x in r['workers_mb'])} MB (load average {os.getloadavg()[0]:.2f})")
        print(f"dask  warm 2 workers / 1 worker throughput at {size:,}: {warm[1]['wall'] / warm[2]['wall']:.2f}x")


# ---------------------------------------------------------------- 3. extraction against grep


def bench_grep(tmp: Path, n: int) -> None:
    from itinerary.gazetteer import load_gazetteer

    names = tmp / "NAMES"
    forms = [f for (f,) in load_gazetteer()._db.execute("SELECT DISTINCT form FROM names") if f and "\n" not in f]
    names.write_text("\n".join(forms) + "\n", encoding="utf-8")
    rng = random.Random(14)
    rows = [short_article(rng, i) for i in range(n)]
    text = tmp / "corpus.txt"
    text.write_text("\n".join(r["text"] for r in rows) + "\n", encoding="utf-8")
    jsonl = tmp / "corpus.jsonl"
    jsonl.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    mb = text.stat().st_size / 1e6
    env = {**os.environ, "LC_ALL": "C.UTF-8"}
    g = measure(["grep", "-F", "-o", "-w", "-f", str(names), str(text)], env)
    it = measure([ITINERARY, "places", str(jsonl), "--format", "jsonl", "-j", "1"])
    print(f"grep: {len(forms):,} names, {n:,} articles ({mb:.2f} MB of text)")
    print(f"grep -F -o -w -f NAMES: {g['wall']:.2f} s = {mb / g['wall']:.2f} MB/s, peak RSS {g['main_mb']:.0f} MB "
          f"(exit {g['exit']})")
    print(f"itinerary places -j 1:  {it['wall']:.2f} s = {mb / it['wall']:.2f} MB/s, peak RSS {it['main_mb']:.0f} MB "
          f"(exit {it['exit']})")
    print(f"itinerary / grep throughput: {g['wall'] / it['wall']:.2f}x")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("parts", nargs="*", default=["route", "dask", "grep"], choices=["route", "dask", "grep"])
    ap.add_argument("--n", type=int, default=100_000, help="articles in the Parquet corpus (default 100,000)")
    ap.add_argument("--bounded", action="store_true", help="also run the Dask part at n/4, to compare memory")
    ap.add_argument("--no-warm", action="store_true", help="dask: only the whole-process runs of the CLI")
    ap.add_argument("--grep-n", type=int, default=20_000, help="articles for the grep comparison (default 20,000)")
    ap.add_argument("--keep", type=Path, help="work in this folder and keep it (default: a temp folder)")
    a = ap.parse_args()
    tmp = a.keep or Path(tempfile.mkdtemp(prefix="itinerary-archive-"))
    tmp.mkdir(parents=True, exist_ok=True)
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at the start")
    try:
        if "route" in a.parts:
            bench_route(tmp)
        if "dask" in a.parts:
            bench_dask(tmp, a.n, a.bounded, warm_too=not a.no_warm)
        if "grep" in a.parts:
            bench_grep(tmp, a.grep_n)
    finally:
        if a.keep is None:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
