"""Corpus benchmark: `itinerary places DIR --format jsonl` over thousands of generated articles.

    python benchmarks/bench_corpus.py                 # 5,000 articles, --jobs 1 and 2
    python benchmarks/bench_corpus.py -n 500 --jobs 1 2 4 --keep /tmp/corpus

The articles are synthesised here from sentence templates and a list of world cities (English and
Indonesian, 1-4 KB each, with front matter, dates and distances); nothing is copied from real
articles. Each run is timed in a fresh child process and reports wall time, throughput, the peak
RSS of the largest process (getrusage of the children) and the peak RSS of the whole process tree
(sampled from /proc, so the workers of --jobs count too). The outputs of all runs must be equal.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

CITIES = [
    "Jakarta", "Surabaya", "Bandung", "Medan", "Makassar", "Semarang", "Yogyakarta", "Denpasar", "Tokyo", "Osaka",
    "Seoul", "Busan", "Beijing", "Shanghai", "Moscow", "Vladivostok", "Khabarovsk", "Novosibirsk", "Irkutsk",
    "Paris", "Lyon", "Berlin", "Munich", "Rome", "Milan", "Madrid", "Barcelona", "London", "Manchester", "Cairo",
    "Nairobi", "Lagos", "Sydney", "Melbourne", "Auckland", "Lima", "Santiago", "Toronto", "Vancouver", "Chicago",
    "Houston", "Delhi", "Mumbai", "Karachi", "Dhaka", "Bangkok", "Hanoi", "Manila", "Kuala Lumpur", "Singapore",
    "Istanbul", "Tehran", "Riyadh", "Dubai", "Ulaanbaatar", "Almaty", "Tashkent", "Warsaw", "Prague", "Vienna",
]
PEOPLE = ["The president", "The prime minister", "The foreign minister", "The delegation", "The governor",
          "The trade envoy", "The football team", "The orchestra"]
EN = [
    "{who} arrived in {a} on {day} after an overnight flight from {b}, officials said.",
    "From {a}, the convoy travelled about {km} km to {b}, where talks were held.",
    "{who} is expected to visit {c} later in the week before returning to {b}.",
    "Local media in {a} reported that security was tightened around the central station.",
    "The journey from {b} to {c} took almost {hours} hours by train.",
    "Reporters in {c} said the visit had been planned since {month}.",
    "A spokesman declined to say whether {who_l} would stop in {a} on the way back.",
    "Earlier, {who_l} met business leaders in {b} and toured a port on the outskirts of the city.",
    "Crowds lined the road between {a} and {c}, some {km} kilometres apart.",
    "The trip ends on {day2}, according to the schedule released in {b}.",
]
ID = [
    "{who_id} tiba di {a} pada {day_id} setelah penerbangan dari {b}.",
    "Dari {a}, rombongan menempuh perjalanan sekitar {km} km menuju {b}.",
    "{who_id} dijadwalkan mengunjungi {c} sebelum kembali ke {b}.",
    "Media setempat di {a} melaporkan pengamanan diperketat di sekitar stasiun.",
    "Perjalanan dari {b} ke {c} memakan waktu hampir {hours} jam dengan kereta.",
    "Kunjungan ke {c} telah direncanakan sejak {month_id}, kata juru bicara.",
    "Sebelumnya, rombongan bertemu para pengusaha di {b} dan meninjau pelabuhan.",
]
WHO_ID = ["Presiden", "Perdana menteri", "Menteri luar negeri", "Delegasi", "Gubernur"]
MONTHS_ID = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
             "November", "Desember"]
DAYS_ID = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]


def article_parts(rng: random.Random, lo: int, hi: int) -> tuple[str, date, str, list[str], str]:
    """(language, publication date, traveller, lo..hi sentences, title) of one generated article."""
    lang = "id" if rng.random() < 0.4 else "en"
    published = date(2021, 1, 1) + timedelta(days=rng.randrange(1200))
    who = rng.choice(PEOPLE)
    sentences = []
    for _ in range(rng.randint(lo, hi)):
        a, b, c = rng.sample(CITIES, 3)
        d = published - timedelta(days=rng.randrange(4))
        fill = {
            "a": a, "b": b, "c": c, "who": who, "who_l": who[0].lower() + who[1:], "who_id": rng.choice(WHO_ID),
            "km": f"{rng.randrange(40, 9000):,}", "hours": rng.randrange(2, 40),
            "day": d.strftime("%A, %d %B %Y"), "day2": (d + timedelta(days=3)).strftime("%A"),
            "month": d.strftime("%B"), "month_id": MONTHS_ID[d.month - 1],
            "day_id": f"{DAYS_ID[d.weekday()]} ({d.day}/{d.month}/{d.year})",
        }
        sentences.append(rng.choice(ID if lang == "id" else EN).format(**fill))
    title = f"{who} in {rng.choice(CITIES)}" if lang == "en" else f"Kunjungan ke {rng.choice(CITIES)}"
    return lang, published, who, sentences, title


def article(rng: random.Random, i: int) -> str:
    lang, published, _, paragraphs, title = article_parts(rng, 8, 22)
    head = f'---\ntitle: "{title}"\nsource: Bench Wire\npublished: {published.isoformat()}\nlanguage: {lang}\n---\n'
    return head + "\n".join(paragraphs) + "\n"


def generate(folder: Path, n: int, seed: int = 7) -> int:
    rng = random.Random(seed)
    total = 0
    for i in range(n):
        sub = folder / f"{i // 500:02d}"  # 500 per folder, as a newsroom archive might keep them
        sub.mkdir(parents=True, exist_ok=True)
        data = article(rng, i).encode("utf-8")
        (sub / f"article-{i:05d}.md").write_bytes(data)
        total += len(data)
    return total


def procs() -> dict[int, tuple[int, int]]:
    """pid -> (ppid, VmRSS kB) of every process (Linux /proc)."""
    out = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status") as f:
                fields = dict(line.split(":", 1) for line in f if ":" in line)
        except OSError:
            continue
        out[int(entry)] = (int(fields.get("PPid", "0").strip() or 0),
                           int(fields["VmRSS"].split()[0]) if "VmRSS" in fields else 0)
    return out


def _tree_rss_kb(root: int) -> int:
    """Sum of VmRSS over `root` and its descendants (Linux /proc)."""
    table = procs()
    total, stack = 0, [root]
    while stack:
        p = stack.pop()
        total += table.get(p, (0, 0))[1]
        stack.extend(q for q, (pp, _) in table.items() if pp == p)
    return total


def measure(cmd: list[str]) -> dict:
    """Run `cmd` in a child; wall time, exit code, largest-process and whole-tree peak RSS."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    tree_peak = 0
    while proc.poll() is None:
        tree_peak = max(tree_peak, _tree_rss_kb(proc.pid))
        time.sleep(0.1)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode("utf-8", "replace")
    max_rss_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # fresh process: only this run
    return {"wall_s": round(wall, 2), "exit": proc.returncode, "peak_rss_mb": round(max_rss_kb / 1024, 1),
            "tree_peak_rss_mb": round(tree_peak / 1024, 1), "stderr": err[-500:]}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", "--files", type=int, default=5000, help="articles to generate (default 5000)")
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="--jobs values to run (default 1 2)")
    ap.add_argument("--keep", type=Path, help="generate into this folder and keep it (default: a temp folder)")
    ap.add_argument("--cmd", default=str(Path(sys.executable).parent / "itinerary"), help="the itinerary command")
    ap.add_argument("--_measure", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args._measure:  # child mode: one measured run, result as JSON on stdout
        print(json.dumps(measure(args._measure)))
        return 0

    folder = args.keep or Path(tempfile.mkdtemp(prefix="itinerary-bench-"))
    try:
        t = time.perf_counter()
        size = generate(folder, args.files)
        print(f"generated {args.files:,} articles ({size / 1e6:.1f} MB) in {folder} in {time.perf_counter() - t:.1f} s")
        # Warm-up on one file, so that building the gazetteer index (first run only) is not measured.
        first = next(folder.rglob("*.md"))
        subprocess.run([args.cmd, "places", str(first), "--format", "jsonl"], stdout=subprocess.DEVNULL, check=True)
        outputs = {}
        print(f"{'jobs':>4}  {'wall s':>7}  {'files/s':>8}  {'MB/s':>5}  {'peak RSS MB':>11}  "
              f"{'tree RSS MB':>11}  exit")
        for jobs in args.jobs:
            out = folder.parent / f"{folder.name}-jobs{jobs}.jsonl"
            cmd = [args.cmd, "places", str(folder), "--format", "jsonl", "--jobs", str(jobs), "-o", str(out)]
            res = json.loads(subprocess.run([sys.executable, __file__, "--_measure", *cmd], capture_output=True,
                                            text=True, check=True).stdout)
            lines = out.read_text(encoding="utf-8").count("\n") if out.exists() else 0
            outputs[jobs] = out.read_bytes() if out.exists() else b""
            print(f"{jobs:>4}  {res['wall_s']:>7.1f}  {args.files / res['wall_s']:>8.0f}  "
                  f"{size / 1e6 / res['wall_s']:>5.2f}  {res['peak_rss_mb']:>11.0f}  {res['tree_peak_rss_mb']:>11.0f}  "
                  f"{res['exit']}")
            if res["exit"] != 0 or lines != args.files:
                print(f"  run failed or incomplete ({lines} lines): {res['stderr']}")
                return 1
            out.unlink()
        if len(set(outputs.values())) > 1:
            print("outputs differ between --jobs values")
            return 1
        print("outputs identical for --jobs " + ", ".join(map(str, args.jobs)))
        return 0
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
