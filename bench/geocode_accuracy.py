#!/usr/bin/env python3
"""Geocoding accuracy on a development query set built from the LGL corpus's gold toponyms
(local US news, each toponym annotated with its GeoNames place and coordinates).

Two query sets, from every toponym with gold coordinates:
  name          the phrase as written ("Alexandria"): how good the prominence prior is;
  name, state   the phrase with the gold place's first-level division ("Alexandria,
                Louisiana"), for populated places (class P): how well context resolves.
Reports accuracy within 1, 5 and 25 km, the median error, and the failures (beyond 25 km),
worst first. Errors are geodesic distances from `incidentmap distance --input`.

usage: geocode_accuracy.py INCIDENTMAP [LGL_XML] [--gazetteer FILE] [--failures N]
(LGL_XML defaults to ../shared/data/geoparsing/lgl.xml; it is read by path, never copied.)
"""
import argparse
import csv
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET


def run(cmd):
    return subprocess.run(cmd, check=False, capture_output=True, text=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("incidentmap")
    ap.add_argument("lgl", nargs="?", default="../shared/data/geoparsing/lgl.xml")
    ap.add_argument("--gazetteer", action="append", default=[])
    ap.add_argument("--failures", type=int, default=15)
    args = ap.parse_args()

    sets = {"name": [], "name, state": []}
    for top in ET.parse(args.lgl).getroot().iter("toponym"):
        tag = top.find("gaztag")
        if tag is None or tag.find("lat") is None or tag.find("lon") is None:
            continue
        phrase = (top.findtext("phrase") or "").strip()
        if not phrase:
            continue
        gold = (float(tag.findtext("lon")), float(tag.findtext("lat")))
        sets["name"].append((phrase, gold))
        admin1 = tag.findtext("admin1")
        if tag.findtext("fclass") == "P" and admin1:
            sets["name, state"].append((f"{phrase}, {admin1}", gold))

    gz = [a for g in args.gazetteer for a in ("--gazetteer", g)]
    with tempfile.TemporaryDirectory() as tmp:
        for label, queries in sets.items():
            qfile = os.path.join(tmp, "q.txt")
            with open(qfile, "w", encoding="utf-8") as f:
                for q, _ in queries:
                    f.write(q.replace("\n", " ") + "\n")
            out = run([args.incidentmap, *gz, "geocode", "--input", qfile, "--limit", "1"])
            results = [json.loads(line) for line in out.stdout.splitlines()]
            if len(results) != len(queries):
                sys.exit(f"expected {len(queries)} answers, got {len(results)}: {out.stderr[:500]}")
            pairs = os.path.join(tmp, "pairs.csv")
            rows = []
            with open(pairs, "w", newline="") as f:
                w = csv.writer(f)
                w.writerow(["i", "lon1", "lat1", "lon2", "lat2"])
                for i, ((q, gold), r) in enumerate(zip(queries, results)):
                    if r.get("results"):
                        best = r["results"][0]
                        w.writerow([i, gold[0], gold[1], best["lon"], best["lat"]])
                        rows.append(i)
            dist = run([args.incidentmap, "distance", "--input", pairs])
            err_km = {}
            for rec in csv.DictReader(io.StringIO(dist.stdout)):
                if rec["distance_m"]:
                    err_km[int(rec["i"])] = float(rec["distance_m"]) / 1000.0
            n = len(queries)
            errors = [err_km.get(i) for i in range(n)]
            found = [e for e in errors if e is not None]
            acc = {k: sum(1 for e in found if e <= k) / n for k in (1, 5, 25)}
            print(f"{label}: {n} queries, {len(found)} answered ({len(found) / n:.1%})")
            print(f"  accuracy@1km {acc[1]:.1%}  @5km {acc[5]:.1%}  @25km {acc[25]:.1%}  "
                  f"median error {statistics.median(found):.1f} km (answered only)")
            fails = sorted(((e if e is not None else float("inf"), i) for i, e in enumerate(errors)
                            if e is None or e > 25), reverse=True)
            print(f"  failures (beyond 25 km or unanswered): {len(fails)}; the first {args.failures}:")
            seen = set()
            shown = 0
            for e, i in fails:
                q = queries[i][0]
                if q in seen:
                    continue
                seen.add(q)
                got = results[i]["results"][0] if results[i].get("results") else None
                what = f"{got['name']} ({got['admin']['state'] or got['admin']['country_code']})" if got else "no answer"
                print(f"    {q!r}: {'unanswered' if e == float('inf') else f'{e:.0f} km'} -> {what}")
                shown += 1
                if shown >= args.failures:
                    break


if __name__ == "__main__":
    main()
