"""Scale benchmark (issue 11): do the journey stages (`route`) grow like `places` does?

    .venv/bin/python benchmarks/bench_scale.py            # 1 MB article, 1 MB single line, 5,000 files
    .venv/bin/python benchmarks/bench_scale.py --small    # 200 KB and 1,000 files: a quick look
    .venv/bin/python benchmarks/bench_scale.py --mb 2 --files 0 --only big      # one 2 MB article

Generates, deterministically (seeded), in a temporary folder:

  big     one ~N MB article: the project's own seeds/ articles (mutated: places, dates and numbers
          swapped) interleaved with generated news-like sentences (English and Indonesian) naming
          places from the project's gazetteer.csv and a list of world cities, one paragraph a line;
  line    the same text on one single line (no newline at all);
  files   F small articles (1-4 KB, with front matter), 500 per folder.

Then times whole processes (wall clock; CPU time, user + system, and the peak RSS of the largest
process, workers included, from getrusage of the children of a fresh measuring process) of `itinerary places`, `itinerary route`,
on the files each with `-j 1` and `-j 2`, and prints the ratios route/places measured in this
one run. The issue's acceptance: route within 10x places on the 1 MB article, within 5x places on
5,000 files, and `-j 2` faster than `-j 1`. A run over --timeout seconds is killed and reported.
On a machine shared with other work, wall times swing: the CPU times and the ratios within one run
are the steadier figures. Each row shows the 1-minute load average just before its run (more than
the machine's CPUs minus one: others compete for the CPUs and -j ratios mean little); --repeat N
runs each command N times, interleaved, and keeps the fastest.

    .venv/bin/python benchmarks/bench_scale.py --mb 0 --only files --commands places route check --repeat 2
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import resource
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

from bench_corpus import CITIES  # noqa: E402  (the same city names as the corpus benchmark; run as a script)
TRAVELLERS = ["Kim Jong Un", "President Widodo", "Chancellor Brandt", "Minister Okafor"]
EN = [
    "{who} arrived in {a} on {day} after an overnight flight from {b}, officials said.",
    "From {a}, the convoy travelled about {km} km to {b}, where talks were held on {day}.",
    "{who} is expected to visit {c} later in the week before returning to {b}.",
    "Local media in {a} reported that security was tightened around the central station.",
    "The journey from {b} to {c} took almost {hours} hours by train.",
    "Reporters in {c} said the visit had been planned since {month}.",
    "A spokesman declined to say whether {who} would stop in {a} on the way back.",
    "On {day}, {who} met business leaders in {b} and toured a port on the outskirts of the city.",
    "Crowds lined the road between {a} and {c}, some {km} kilometres apart.",
    "{who} left {a} on {day} and is due in {c}, {km} km away, on {day2}.",
    "The talks in {b} lasted {hours} hours; no statement was issued.",
    "{a} is about {km} miles from {c}, officials in {b} noted.",
]
ID = [
    "{who} tiba di {a} pada {day_id} setelah penerbangan dari {b}.",
    "Dari {a}, rombongan menempuh perjalanan sekitar {km} km menuju {b}.",
    "{who} dijadwalkan mengunjungi {c} sebelum kembali ke {b}.",
    "Media setempat di {a} melaporkan pengamanan diperketat di sekitar stasiun.",
    "Perjalanan dari {b} ke {c} memakan waktu hampir {hours} jam dengan kereta.",
    "Kunjungan ke {c} telah direncanakan sejak {month_id}, kata juru bicara.",
    "Sebelumnya, {who} bertemu para pengusaha di {b} pada {day_id} dan meninjau pelabuhan.",
]
MONTHS_ID = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
             "November", "Desember"]
DAYS_ID = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]


def gazetteer_names() -> list[str]:
    """Names from the project's own gazetteer.csv (its places, the seed articles' journey)."""
    try:
        with open(ROOT / "gazetteer.csv", encoding="utf-8", newline="") as f:
            return [r["name"] for r in csv.DictReader(f) if r.get("name")]
    except OSError:
        return []


def sentence(rng: random.Random, places: list[str], who: str, day: date, lang: str) -> str:
    a, b, c = rng.sample(places, 3)
    fill = {
        "a": a, "b": b, "c": c, "who": who, "km": f"{rng.randrange(40, 9000):,}", "hours": rng.randrange(2, 40),
        "day": day.strftime("%A, %d %B %Y") if rng.random() < 0.5 else day.strftime("%B %d"),
        "day2": (day + timedelta(days=rng.randrange(1, 4))).strftime("%A"),
        "month": day.strftime("%B"), "month_id": MONTHS_ID[day.month - 1],
        "day_id": f"{DAYS_ID[day.weekday()]} ({day.day}/{day.month}/{day.year})",
    }
    return rng.choice(ID if lang == "id" else EN).format(**fill)


def mutate_seed(rng: random.Random, text: str, places: list[str]) -> str:
    """A seed article with its figures and day numbers shifted and some place names swapped."""
    text = re.sub(r"^---.*?^---\s*$", "", text, count=1, flags=re.S | re.M)  # no front matter mid-article
    text = re.sub(r"\b(\d{2,4})\b(?= ?(?:km|kilometer|kilometres|mil))",
                  lambda m: str(max(10, int(m.group(1)) + rng.randrange(-50, 50))), text)
    for name in ("Vladivostok", "Artyom", "Moskow", "Moscow", "Seoul"):
        if rng.random() < 0.4:
            text = text.replace(name, rng.choice(places))
    return text


def big_article(rng: random.Random, target_bytes: int) -> str:
    places = sorted(set(CITIES + gazetteer_names()))
    seeds = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))] if SEEDS.is_dir() else []
    who = rng.choice(TRAVELLERS)
    day = date(2023, 9, 10)
    parts: list[str] = ["---\ntitle: \"A long journey\"\nsource: Bench Wire\npublished: 2024-12-31\n---\n"]
    size = len(parts[0])
    while size < target_bytes:
        if seeds and rng.random() < 0.15:
            chunk = mutate_seed(rng, rng.choice(seeds), places)
        else:
            lang = "id" if rng.random() < 0.3 else "en"
            chunk = " ".join(sentence(rng, places, who, day, lang) for _ in range(rng.randint(2, 6)))
            if rng.random() < 0.3:
                day += timedelta(days=1)
        parts.append(chunk.strip() + "\n")
        size += len(parts[-1].encode("utf-8"))
    return "".join(parts)


def small_article(rng: random.Random) -> str:
    lang = "id" if rng.random() < 0.4 else "en"
    published = date(2021, 1, 1) + timedelta(days=rng.randrange(1200))
    who = rng.choice(TRAVELLERS)
    lines = [sentence(rng, CITIES, who, published - timedelta(days=rng.randrange(4)), lang)
             for _ in range(rng.randint(8, 22))]
    head = f'---\ntitle: "{who} abroad"\nsource: Bench Wire\npublished: {published.isoformat()}\nlanguage: {lang}\n---\n'
    return head + "\n".join(lines) + "\n"


def generate(folder: Path, mb: float, files: int, seed: int) -> dict[str, tuple[Path, int]]:
    rng = random.Random(seed)
    out: dict[str, tuple[Path, int]] = {}
    if mb > 0:
        text = big_article(rng, int(mb * 1_000_000))
        big = folder / "big" / "article.txt"
        big.parent.mkdir(parents=True)
        big.write_text(text, encoding="utf-8")
        out["big"] = (big, 1)
        # the single line: front matter dropped (it needs lines), every line break a space
        body = re.sub(r"^---.*?^---\s*$", "", text, count=1, flags=re.S | re.M)
        line = folder / "line" / "article.txt"
        line.parent.mkdir(parents=True)
        line.write_text(" ".join(body.split("\n")).strip(), encoding="utf-8")
        out["line"] = (line, 1)
    if files > 0:
        root = folder / "files"
        for i in range(files):
            sub = root / f"{i // 500:02d}"
            sub.mkdir(parents=True, exist_ok=True)
            (sub / f"article-{i:05d}.md").write_text(small_article(rng), encoding="utf-8")
        out["files"] = (root, files)
    return out


def measure(cmd: list[str], timeout: float) -> dict:
    """Child mode: run `cmd`; wall time, exit code, peak RSS of its largest process (workers too)."""
    start = time.perf_counter()
    try:
        proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=timeout)
        code, err = proc.returncode, proc.stderr.decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        code, err = None, f"killed after {timeout:.0f} s"
    wall = time.perf_counter() - start
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)  # a fresh process: only this run (workers too)
    return {"wall_s": wall, "cpu_s": ru.ru_utime + ru.ru_stime, "exit": code, "rss_mb": ru.ru_maxrss / 1024,
            "stderr": err[-400:]}


def timed(args, cmd: list[str]) -> dict:
    load = os.getloadavg()[0]
    res = subprocess.run([sys.executable, __file__, "--_measure", str(args.timeout), *cmd], capture_output=True,
                         text=True, check=True)
    return {**json.loads(res.stdout), "load": load}


def ratio_lines(name: str, res: dict, jobs: list[int]) -> list[str]:
    """The ratios within this run: each command to places at the same -j and at -j 1, and each
    command at the last -j to itself at the first."""
    out = []

    def r(a: str, b: str) -> str:
        x, y = res.get(a), res.get(b)
        if not x or not y or x["exit"] != 0 or y["exit"] != 0:
            return "n/a"
        return f"{x['wall_s'] / y['wall_s']:.2f}x wall, {x['cpu_s'] / max(y['cpu_s'], 1e-9):.2f}x CPU"

    for label in res:
        command, _, j = label.partition(" ")
        if command == "places":
            continue
        base = " ".join(["places", j]).strip()
        out.append(f"{name:6} ratio {label} / {base}: {r(label, base)}")
        first = " ".join(["places", f"-j {jobs[0]}"]) if j else ""
        if j and first != base:
            out.append(f"{name:6} ratio {label} / {first}: {r(label, first)}")
    if len(jobs) > 1:
        commands = dict.fromkeys(label.partition(" ")[0] for label in res)
        for command in commands:
            a, b = f"{command} -j {jobs[-1]}", f"{command} -j {jobs[0]}"
            if a in res and b in res:
                out.append(f"{name:6} ratio {a} / {b}: {r(a, b)}")
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=1.0, help="size of the big article, MB (default 1)")
    ap.add_argument("--files", type=int, default=5000, help="small files (default 5000)")
    ap.add_argument("--small", action="store_true", help="quick: --mb 0.2 --files 1000")
    ap.add_argument("--only", nargs="+", choices=("big", "line", "files"), help="inputs to run (default all)")
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="-j values of route on the files")
    ap.add_argument("--commands", nargs="+", choices=("places", "route", "check"), default=["places", "route"],
                    help="commands to time (default: places route; places is always timed, as the base)")
    ap.add_argument("--repeat", type=int, default=1, help="run each command N times (interleaved), keep the fastest")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--timeout", type=float, default=900.0, help="kill a run after this many seconds")
    ap.add_argument("--keep", type=Path, help="generate into this (new) folder and keep it")
    ap.add_argument("--cmd", default=str(Path(sys.executable).parent / "itinerary"),
                    help="the itinerary command, split as a shell would: to time another tree, "
                         "'env PYTHONSAFEPATH=1 PYTHONPATH=/old/tree /path/python -m itinerary.cli' (PYTHONSAFEPATH: "
                         "else `-m` puts the current folder first on the path)")
    ap.add_argument("--_measure", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args._measure:
        print(json.dumps(measure(args._measure[1:], float(args._measure[0]))))
        return 0
    if args.small:
        args.mb, args.files = 0.2, 1000
    cmd = shlex.split(args.cmd)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="itinerary-scale-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        t = time.perf_counter()
        inputs = generate(folder, args.mb, args.files, args.seed)
        if args.only:
            inputs = {k: v for k, v in inputs.items() if k in args.only}
        print(f"generated in {time.perf_counter() - t:.1f} s in {folder}: " + ", ".join(
            f"{k} {sum(p.stat().st_size for p in ([path] if path.is_file() else path.rglob('*.md'))) / 1e6:.2f} MB"
            + (f" / {n} files" if n > 1 else "") for k, (path, n) in inputs.items()))
        some = next(iter(inputs.values()))[0]
        warm = some if some.is_file() else next(some.rglob("*.md"))
        subprocess.run([*cmd, "places", str(warm)], stdout=subprocess.DEVNULL, check=True)  # index build
        print(f"{'input':6} {'command':14} {'wall s':>8} {'CPU s':>8} {'peak RSS MB':>12} {'load':>5}  exit"
              f"   ({os.cpu_count()} CPUs)")
        failed = False
        commands = ["places", *[c for c in args.commands if c != "places"]]
        for name, (path, n) in inputs.items():
            runs = [(c, []) for c in commands]
            if n > 1:
                runs = [(c, ["-j", str(j)]) for j in args.jobs for c in commands]
            res: dict[str, dict] = {}
            for attempt in range(max(1, args.repeat)):
                for command, extra in runs:
                    label = " ".join([command, *extra])
                    r = timed(args, [*cmd, command, str(path), *extra])
                    print(f"{name:6} {label:14} {r['wall_s']:>8.2f} {r['cpu_s']:>8.2f} {r['rss_mb']:>12.0f} "
                          f"{r['load']:>5.2f}  {r['exit']}", flush=True)
                    if r["exit"] not in (0,):
                        failed = True
                        print(f"       {r['stderr'].strip()}")
                    if label not in res or (r["exit"] == 0 and r["wall_s"] < res[label]["wall_s"]):
                        res[label] = r
            if args.repeat > 1:
                best = ", ".join(f"{k} {v['wall_s']:.2f} s" for k, v in res.items())
                print(f"{name:6} fastest of {args.repeat}: {best}")
            for line in ratio_lines(name, res, args.jobs if n > 1 else [1]):
                print(line)
            print(f"{name:6} load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
        return 1 if failed else 0
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
