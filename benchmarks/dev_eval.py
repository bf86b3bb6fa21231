"""Score the journey on a set of real articles in-process, per language (development aid).

    .venv/bin/python benchmarks/dev_eval.py [--set ../shared/eval/itinerary-dev] [--show ID|all] [--json]

Uses the scoring functions of ../shared/eval/score_itinerary.py (imported, not copied) on the
same inputs the scorer writes, but calls `itinerary.route` in one process (seconds, not a
minute), and breaks stop precision/recall down by the article's language. The official figures
are the scorer's own (run it with --tool .venv/bin/itinerary); this script agrees with it.
The articles stay in ../shared: they are written to a temporary folder for the run, never into
the project.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import itinerary
from itinerary.render.serialize import stop_dict

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared" / "eval"


def _scorer():
    spec = importlib.util.spec_from_file_location("score_itinerary", SHARED / "score_itinerary.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--set", default=str(SHARED / "itinerary-dev"))
    ap.add_argument("--show", default="", help="article id (or 'all', or a language code) to print stops for")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    S = _scorer()
    root = Path(a.set)
    gold = {g["id"]: g for g in json.load(open(root / "gold.json", encoding="utf-8"))}
    trips = json.load(open(root / "trips.json", encoding="utf-8"))
    tmp = Path(tempfile.mkdtemp(prefix="itin-dev-"))
    files = {}
    for gid in gold:
        meta, body, title = S.read_article(str(root / "articles" / f"{gid}.txt"))
        p = tmp / f"{gid}.md"
        p.write_text(S.as_input(meta, body, title), encoding="utf-8")
        files[gid] = p
    total, by_lang, trip_total = {}, defaultdict(dict), {}
    for gid, g in gold.items():
        itin = itinerary.route([files[gid]])
        pred = [stop_dict(s) for s in itin.stops]
        s = S.score_stops(g["stops"], pred)
        S.add(total, s)
        S.add(by_lang[g["language"]], s)
        if a.show in (gid, "all", g["language"]):
            print(f"== {gid} ({g['language']}) {s['matched']}/{s['gold']} pred {s['pred']}")
            print("   gold:", "; ".join(f"{x['place']} {x.get('date')}" for x in g["stops"]))
            print("   pred:", "; ".join(f"{x['name']} {x.get('date')} {x.get('status')}" for x in pred))
    for t in trips:
        itin = itinerary.route([files[i] for i in t["articles"] if i in files])
        S.add(trip_total, S.score_stops(t["itinerary"], [stop_dict(s) for s in itin.stops]))
        if a.show in ("trips", t.get("id", "")):
            print(f"== trip {t.get('id', '?')}")
            print("   gold:", "; ".join(f"{g['place']} {g.get('date')}" for g in t["itinerary"]))
            print("   pred:", "; ".join(f"{s.place.name} {s.date} {s.status}" for s in itin.stops))
    out = {"articles": S.summary(total), "trips": S.summary(trip_total),
           "languages": {k: {**S.summary(v), "gold": v["gold"]} for k, v in sorted(by_lang.items())}}
    if a.json:
        print(json.dumps(out, indent=1))
        return 0
    print("articles:", json.dumps(out["articles"]))
    print("trips:   ", json.dumps(out["trips"]))
    for k, v in out["languages"].items():
        print(f"  {k}: P {v['stop_P']} R {v['stop_R']} F1 {v['stop_F1']} dates {v['date_exact']} (gold stops {v['gold']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
