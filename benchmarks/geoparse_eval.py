#!/usr/bin/env python3
"""Run `itinerary places` on a geoparse gold file and score it with the shared scorer.

    python benchmarks/geoparse_eval.py ../shared/eval/geoparse/gwn.dev.jsonl [--keep DIR] [--cmd "itinerary places"]

Writes each gold document's text to DIR/<id>.txt, runs the command with `--format jsonl`, and
prints the scorer's table (score.py sits next to the gold file). A benchmark, not a test: the gold
files are never read by the package or the test suite.
"""
from __future__ import annotations

import argparse
import json
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold")
    ap.add_argument("--keep", help="folder for the texts and sys.jsonl (default: a temp folder)")
    ap.add_argument("--cmd", default=f"{Path(sys.executable).parent / 'itinerary'} places",
                    help="the geoparser command; gets DIR and must print places-style jsonl")
    ap.add_argument("--json", action="store_true", help="pass --json to the scorer")
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
    return subprocess.run(cmd).returncode


if __name__ == "__main__":
    sys.exit(main())
