#!/usr/bin/env python3
"""Speed and memory of `itinerary places`, measured against `grep -F -o -w -f NAMES` in one run.

    python benchmarks/bench_places.py [--corpus FILE.jsonl|DIR ...] [--mb 10] [--keep DIR] [--repeat 3] [--jobs 2]

1. Throughput: ~10 MB of news text (the `text` of every line of the given JSONL files, or the
   .txt files of the given folders, one article per file, repeated until the size is reached) is
   run through the whole `itinerary places DIR --format jsonl` command and through
   `grep -F -o -w -f NAMES` with NAMES = every name form in the gazetteer index; MB/s of each
   and their ratio (each the fastest of `--repeat` runs); then the same `places` run with
   `--jobs N` worker processes (default 2), labelled as such.
2. Start-up: `python -c "import itinerary"`, then `itinerary places ONE_ARTICLE` with an empty
   cache folder (cold: the index is built), and again (warm: the index is reused); the warm run's
   cost over the import.
3. Peak resident memory of each `itinerary` run (from the kernel's rusage of the child).

Nothing here is committed data: the corpus is assembled in a temporary folder.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def run(cmd: list[str], env: dict | None = None, stdout=subprocess.DEVNULL) -> tuple[float, float, int]:
    """(wall seconds, peak RSS in MB, exit code) of one child process."""
    t = time.perf_counter()
    p = subprocess.Popen(cmd, env=env, stdout=stdout, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t
    return wall, usage.ru_maxrss / 1024.0, os.waitstatus_to_exitcode(status)


def articles(sources: list[str]) -> list[str]:
    out = []
    for s in sources:
        p = Path(s)
        if p.is_dir():
            out += [f.read_text("utf-8") for f in sorted(p.rglob("*.txt"))]
        elif p.is_file():
            with open(p, encoding="utf-8") as f:
                out += [json.loads(line)["text"] for line in f if line.strip()]
    return [a for a in out if a.strip()]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = [str(p) for p in (ROOT.parent / "shared" / "eval" / "geoparse").glob("*.dev.jsonl")] or [str(ROOT / "seeds")]
    ap.add_argument("--corpus", nargs="+", default=default)
    ap.add_argument("--mb", type=float, default=10.0)
    ap.add_argument("--keep", help="work folder (default: a temporary one, removed afterwards)")
    ap.add_argument("--repeat", type=int, default=3,
                    help="time each throughput command this many times and keep the fastest (less noise)")
    ap.add_argument("--jobs", type=int, default=2,
                    help="also time `places --jobs N` (N worker processes; 0 or 1: skip)")
    a = ap.parse_args()
    work = Path(a.keep or tempfile.mkdtemp(prefix="bench-places-"))
    corpus = work / "corpus"
    shutil.rmtree(corpus, ignore_errors=True)
    corpus.mkdir(parents=True)
    texts = articles(a.corpus)
    if not texts:
        sys.exit("no articles found in --corpus")
    size, i = 0, 0
    while size < a.mb * 1e6:
        t = texts[i % len(texts)]
        (corpus / f"a{i:06d}.txt").write_text(t, encoding="utf-8")
        size += len(t.encode("utf-8"))
        i += 1
    mb = size / 1e6
    env = dict(os.environ)
    env.setdefault("ITINERARY_CACHE", str(work / "cache"))
    itinerary = str(BIN / "itinerary")

    # the warm index first (so that the throughput run does not include the build)
    one = corpus / "a000000.txt"
    run([itinerary, "places", str(one)], env)

    # names for grep: every distinct written form in the index
    names = work / "NAMES"
    code = ("from itinerary.gazetteer import load_gazetteer\n"
            "import sys\n"
            "g = load_gazetteer()\n"
            "sys.stdout.write(''.join(f + '\\n' for f in g.all_forms() if '\\n' not in f))\n")
    with open(names, "w", encoding="utf-8") as f:
        subprocess.run([sys.executable, "-c", code], env=env, stdout=f, check=True)
    n_names = sum(1 for _ in open(names, encoding="utf-8"))
    files = sorted(str(p) for p in corpus.glob("*.txt"))

    # Each command --repeat times, taking turns so that a busy moment on the machine does not
    # favour one side; the fastest run of each counts.
    cmds = {"grep": (["grep", "-F", "-o", "-w", "-h", "-f", str(names), *files], None),
            "places": ([itinerary, "places", str(corpus), "--format", "jsonl"], env)}
    if a.jobs > 1:
        cmds["jobs"] = ([itinerary, "places", str(corpus), "--format", "jsonl", "--jobs", str(a.jobs)], env)
    runs: dict[str, list] = {k: [] for k in cmds}
    for _ in range(max(1, a.repeat)):
        for k, (cmd, e) in cmds.items():
            r = run(cmd, e)
            if r[2] not in (0, 1, 2):  # grep: 1 = no match; places: 2 = some files skipped
                sys.exit(f"{' '.join(cmd[:2])} failed (exit {r[2]})")
            runs[k].append(r)
    grep_s, grep_rss = min(runs["grep"])[:2]
    places_s, places_rss = min(runs["places"])[:2]
    jobs_s, jobs_rss = min(runs["jobs"])[:2] if "jobs" in runs else (None, 0.0)

    import_s = min(run([sys.executable, "-c", "import itinerary"], env)[0] for _ in range(3))
    cold_env = dict(env, ITINERARY_CACHE=str(work / "cold-cache"))
    shutil.rmtree(work / "cold-cache", ignore_errors=True)
    cold_s, cold_rss, _ = run([itinerary, "places", str(one)], cold_env)
    warm = [run([itinerary, "places", str(one)], cold_env) for _ in range(3)]
    warm_s, warm_rss = min(w[0] for w in warm), max(w[1] for w in warm)

    print(f"corpus: {len(files)} articles, {mb:.1f} MB; names: {n_names:,}")
    print(f"throughput  itinerary places  {mb / places_s:6.2f} MB/s  ({places_s:.2f} s, peak RSS {places_rss:.0f} MB)")
    print(f"            grep -F -o -w -f   {mb / grep_s:6.2f} MB/s  ({grep_s:.2f} s, peak RSS {grep_rss:.0f} MB)")
    print(f"            ratio places/grep  {grep_s / places_s:6.2f}x   (target >= 0.5x)")
    if jobs_s is not None:
        print(f"            places --jobs {a.jobs:<4} {mb / jobs_s:6.2f} MB/s  ({jobs_s:.2f} s, peak RSS per process "
              f"{jobs_rss:.0f} MB): {grep_s / jobs_s:.2f}x grep's")
    print(f"start-up    import itinerary   {import_s:6.2f} s")
    print(f"            cold (index build) {cold_s:6.2f} s  (peak RSS {cold_rss:.0f} MB)")
    print(f"            warm one article   {warm_s:6.2f} s  (peak RSS {warm_rss:.0f} MB)")
    print(f"            warm - import      {warm_s - import_s:6.2f} s  (target <= 0.5 s)")
    print(f"memory      peak RSS           {max(places_rss, cold_rss, warm_rss):6.0f} MB (target <= 1024 MB)")
    if not a.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
