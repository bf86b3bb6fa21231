#!/usr/bin/env python3
"""Run `itinerary places` on a geoparse gold file and score it with the shared scorer.

    python benchmarks/geoparse_eval.py ../shared/eval/geoparse/gwn.dev.jsonl [--keep DIR] [--cmd "itinerary places"]
                                       [--errors N]

Writes each gold document's text to DIR/<id>.txt, runs the command with `--format jsonl`, and
prints the scorer's table (score.py sits next to the gold file). A benchmark, not a test: the gold
files are never read by the package or the test suite.

--errors N also lists the misses of more than 161 km among exactly matched spans, grouped by the
system's feature and the surface, N rows (to see which kinds of error dominate: a namesake in the
wrong country, a region read for its city, the point of a large area far from the gold's).
"""
from __future__ import annotations

import argparse
import json
import shlex
import subprocess
import sys
import tempfile
import math
from collections import Counter
from pathlib import Path


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold")
    ap.add_argument("--keep", help="folder for the texts and sys.jsonl (default: a temp folder)")
    ap.add_argument("--cmd", default=f"{Path(sys.executable).parent / 'itinerary'} places",
                    help="the geoparser command; gets DIR and must print places-style jsonl")
    ap.add_argument("--json", action="store_true", help="pass --json to the scorer")
    ap.add_argument("--errors", type=int, default=0, metavar="N", help="list N groups of misses > 161 km")
    ap.add_argument("score_args", nargs="*", help="extra scorer arguments (after --)")
    a = ap.parse_args()
    gold = Path(a.gold).resolve()
    work = Path(a.keep or tempfile.mkdtemp(prefix="geoparse-"))
    texts = work / "texts"
    texts.mkdir(parents=True, exist_ok=True)
    with open(gold, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            (texts / f"{d['id']}.txt").write_text(d["text"], encoding="utf-8")
    out = work / "sys.jsonl"
    with open(out, "w", encoding="utf-8") as f:
        r = subprocess.run([*shlex.split(a.cmd), str(texts), "--format", "jsonl"], stdout=f)
    if r.returncode not in (0, 2):
        return r.returncode
    cmd = [sys.executable, str(gold.parent / "score.py"), str(gold), str(out), *a.score_args]
    if a.json:
        cmd.append("--json")
    rc = subprocess.run(cmd).returncode
    if a.errors:
        _print_errors(gold, out, a.errors)
    return rc


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


def _print_errors(gold: Path, system: Path, n: int) -> None:
    """The misses > 161 km among exact span matches, grouped by (surface, system place, feature)."""
    found = {}
    with open(system, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            found[d["id"]] = {(t["start"], t["end"]): t for t in d.get("toponyms", ())}
    groups: Counter = Counter()
    far: dict = {}
    with open(gold, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            for t in d["toponyms"]:
                s = found.get(d["id"], {}).get((t["start"], t["end"]))
                if s is None or t.get("lat") is None or s.get("lat") is None:
                    continue
                km = _km(t["lat"], t["lon"], s["lat"], s["lon"])
                if km > 161:
                    k = (t["name"], s.get("place_id"), s.get("feature"), s.get("country"))
                    groups[k] += 1
                    far[k] = round(km)
    print(f"\nMISSES > 161 km (exact spans): {sum(groups.values())}, by surface and system place")
    for (name, pid, feature, cc), c in groups.most_common(n):
        print(f"  {c:4d}  {name:24.24s} -> {pid} ({feature}, {cc}) {far[(name, pid, feature, cc)]} km")


if __name__ == "__main__":
    sys.exit(main())
