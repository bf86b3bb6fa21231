"""Whole-process time of `itinerary route` on the 100 GeoWebNews dev articles, against a baseline.

    .venv/bin/python benchmarks/bench_route.py [--baseline "/path/to/old/venv/bin/itinerary"] [--repeat 3]

Writes the articles' texts to a temporary folder (never into the project), warms both commands
once (index build), then alternates them `--repeat` times and prints the best time of each and
their ratio. The issue's target: within 1.5x of the previous release, measured in one run.
Issue 14's: at least 60 documents/s single-core, i.e. "current" at most 1.66 s.

The warm-up run also fills the start-up caches kept beside the index (parsed packs, decoded
simplemma dictionaries, the mapped language model, per-country areas: see
`itinerary.languages.disk_cached`), as any second run on a machine would find them. With
PYTHONDONTWRITEBYTECODE=1 in the environment every run compiles the package's sources again
(about 0.07 s of a run here); an installed package has its bytecode.
"""
from __future__ import annotations

import argparse
import json
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
GWN = HERE.parent.parent / "shared" / "eval" / "geoparse" / "gwn.dev.jsonl"


def run(cmd: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--tool", default=str(Path(sys.executable).with_name("itinerary")))
    ap.add_argument("--baseline", default="")
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="itin-gwn-"))
    for i, line in enumerate(open(GWN, encoding="utf-8")):
        (folder / f"{i:03d}.txt").write_text(json.loads(line).get("text", ""), encoding="utf-8")
    tools = {"current": shlex.split(a.tool)}
    if a.baseline:
        tools["baseline"] = shlex.split(a.baseline)
    best = {}
    for cmd in tools.values():
        run(cmd + ["route", str(folder), "-j", "1"])  # warm: index build, model caches
    for _ in range(a.repeat):
        for name, cmd in tools.items():
            t = run(cmd + ["route", str(folder), "-j", "1"])
            best[name] = min(best.get(name, t), t)
    for name, t in best.items():
        print(f"{name:9s} {t:.2f} s  ({100 / t:.0f} documents/s)")
    if "baseline" in best:
        print(f"ratio current/baseline: {best['current'] / best['baseline']:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
