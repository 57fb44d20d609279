#!/usr/bin/env python3
"""Geoparsing evaluation on the LGL corpus (local US news, gold toponyms with GeoNames
coordinates) or GeoVirus (disease-outbreak news, Wikipedia-linked locations; both read by
path, never copied): place mentions found by `incidentmap places`
against the gold toponyms.

Reports, for a development split (80% of the articles) and a held-out split (a fixed random
20%, never used for tuning):
  recall     share of gold toponyms (with coordinates) overlapped by a found mention;
  precision  share of found mentions that overlap a gold toponym;
  and for the overlapped ones: accuracy within 161 km and 25 km, mean and median error (km),
  and the AUC of log error (Jurgens et al.: errors sorted, log(1 + err_km) integrated with the
  trapezoid rule, divided by log(20039) * (n - 1); lower is better).
Also the throughput in articles per second on one thread.

usage: geoparse_eval.py INCIDENTMAP [CORPUS_XML] [--gazetteer FILE] [--failures N]
"""
import argparse
import csv
import io
import json
import math
import os
import random
import statistics
import subprocess
import tempfile
import time
import xml.etree.ElementTree as ET


def auc_log_error(errors_km):
    e = sorted(errors_km)
    if len(e) < 2:
        return float("nan")
    ys = [math.log(1 + x) for x in e]
    area = sum((ys[i] + ys[i + 1]) / 2 for i in range(len(ys) - 1))
    return area / (math.log(20039) * (len(e) - 1))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("incidentmap")
    ap.add_argument("corpus", nargs="?", default="../shared/data/geoparsing/lgl.xml")
    ap.add_argument("--gazetteer", action="append", default=[])
    ap.add_argument("--failures", type=int, default=0)
    ap.add_argument("--missed", type=int, default=0,
                    help="list the N gold phrases of the development split missed most often")
    args = ap.parse_args()

    # LGL: <toponym><start/><end/><phrase/><gaztag><lat/><lon/></gaztag></toponym>;
    # GeoVirus: <location><name/><start/><end/><lat/><lon/></location>.
    articles = []
    for art in ET.parse(args.corpus).getroot().iter("article"):
        text = art.findtext("text") or ""
        gold = []
        for top in list(art.iter("toponym")) + list(art.iter("location")):
            start, end = int(top.findtext("start")), int(top.findtext("end"))
            holder = top.find("gaztag") if top.find("gaztag") is not None else top
            coords = None
            if holder.findtext("lat") and holder.findtext("lon"):
                coords = (float(holder.findtext("lon")), float(holder.findtext("lat")))
            gold.append((start, end, top.findtext("phrase") or top.findtext("name"), coords))
        articles.append({"id": art.get("docid"), "text": text, "gold": gold})
    rng = random.Random(2026)
    held_out = set(rng.sample(range(len(articles)), k=len(articles) // 5))

    gz = [a for g in args.gazetteer for a in ("--gazetteer", g)]
    with tempfile.TemporaryDirectory() as tmp:
        jl = os.path.join(tmp, "articles.jsonl")
        with open(jl, "w", encoding="utf-8") as f:
            for i, a in enumerate(articles):
                f.write(json.dumps({"id": i, "text": a["text"]}) + "\n")
        t0 = time.perf_counter()
        out = subprocess.run([args.incidentmap, *gz, "places", "--articles", jl, "--threads", "1"],
                             capture_output=True, text=True)
        elapsed = time.perf_counter() - t0
        found = {}
        for line in out.stdout.splitlines():
            d = json.loads(line)
            found[d["id"]] = d["places"]
        # LGL offsets count characters; the CLI reports UTF-8 byte offsets: convert.
        for i, a in enumerate(articles):
            text = a["text"]
            byte_to_char = {}
            b = 0
            for c, ch in enumerate(text):
                byte_to_char[b] = c
                b += len(ch.encode("utf-8"))
            byte_to_char[b] = len(text)
            for m in found.get(i, []):
                m["cbegin"] = byte_to_char.get(m["begin"], 0)
                m["cend"] = byte_to_char.get(m["end"], len(text))

        # Pair gold toponyms with overlapping mentions; collect coordinates for distances.
        pairs = []
        missed = {}
        stats = {"dev": {"gold": 0, "hit": 0, "found": 0, "correct": 0},
                 "held-out": {"gold": 0, "hit": 0, "found": 0, "correct": 0}}
        for i, a in enumerate(articles):
            split = "held-out" if i in held_out else "dev"
            mentions = found.get(i, [])
            stats[split]["found"] += len(mentions)
            for m in mentions:
                if any(m["cbegin"] < e and s < m["cend"] for s, e, _, _ in a["gold"]):
                    stats[split]["correct"] += 1
            for s, e, phrase, coords in a["gold"]:
                if coords is None:
                    continue
                stats[split]["gold"] += 1
                hit = next((m for m in mentions if m["cbegin"] < e and s < m["cend"]), None)
                if hit is None and split == "dev":
                    missed[phrase] = missed.get(phrase, 0) + 1
                if hit is not None:
                    stats[split]["hit"] += 1
                    pairs.append((split, phrase, coords, (hit["lon"], hit["lat"]), hit["name"],
                                  hit["admin"]["state"] or hit["admin"]["country_code"], hit["kind"]))
        pfile = os.path.join(tmp, "pairs.csv")
        with open(pfile, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["i", "lon1", "lat1", "lon2", "lat2"])
            for k, p in enumerate(pairs):
                w.writerow([k, p[2][0], p[2][1], p[3][0], p[3][1]])
        dist = subprocess.run([args.incidentmap, "distance", "--input", pfile], capture_output=True, text=True)
        err = {int(r["i"]): float(r["distance_m"]) / 1000 for r in csv.DictReader(io.StringIO(dist.stdout))
               if r["distance_m"]}
        # Right place: country, state or province and continent readings whose polygon holds
        # the gold point differ from the gold only in the representative point (polygon
        # centre versus GeoNames' or Wikipedia's point); counted at 0 km, they show what that
        # convention costs (issue 10's "right-place acc@161").
        areas = [k for k, p in enumerate(pairs) if p[6] in ("country", "state", "region")]
        rfile = os.path.join(tmp, "areas.csv")
        with open(rfile, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["lon", "lat"])
            for k in areas:
                w.writerow([pairs[k][2][0], pairs[k][2][1]])
        rev = subprocess.run([args.incidentmap, *gz, "reverse", "--input", rfile, "--nearest", "0",
                              "--threads", "1"], capture_output=True, text=True)
        holds = set()
        for k, line in zip(areas, rev.stdout.splitlines()):
            r = json.loads(line)
            kind, name = pairs[k][6], pairs[k][4]
            area = r.get("continent" if kind == "region" else kind)
            if area and area["name"] == name and not (kind == "country" and r.get("outside_countries")):
                holds.add(k)

    print(f"{len(articles)} articles; places on one thread: {len(articles) / elapsed:.0f} articles/s "
          f"({elapsed:.2f} s)")
    for split in ("dev", "held-out"):
        st = stats[split]
        errs = [err[k] for k, p in enumerate(pairs) if p[0] == split and k in err]
        n = len(errs)
        print(f"{split}: recall {st['hit'] / st['gold']:.1%} ({st['hit']}/{st['gold']}), "
              f"precision {st['correct'] / max(1, st['found']):.1%} ({st['correct']}/{st['found']})")
        if n:
            print(f"  resolved: acc@161km {sum(e <= 161 for e in errs) / n:.1%}, acc@25km "
                  f"{sum(e <= 25 for e in errs) / n:.1%}, mean {statistics.mean(errs):.0f} km, "
                  f"median {statistics.median(errs):.1f} km, AUC {auc_log_error(errs):.3f}")
            # Recall counts a found mention however it is read; this counts the right ones.
            near = sum(e <= 161 for e in errs)
            print(f"  gold places found and placed within 161 km: {near / st['gold']:.1%} "
                  f"({near}/{st['gold']})")
            diag = [0.0 if k in holds else err[k] for k, p in enumerate(pairs) if p[0] == split and k in err]
            n_holds = sum(1 for k in holds if pairs[k][0] == split)
            print(f"  right place: {n_holds} country, state or continent readings whose polygon holds the gold point "
                  f"counted at 0 km: acc@161km {sum(e <= 161 for e in diag) / n:.1%}, acc@25km "
                  f"{sum(e <= 25 for e in diag) / n:.1%}, median {statistics.median(diag):.1f} km, "
                  f"AUC {auc_log_error(diag):.3f}")
    if args.missed:
        print(f"gold phrases missed most often (dev, first {args.missed}):")
        print("  " + ", ".join(f"{p} ({n})" for p, n in
                               sorted(missed.items(), key=lambda x: -x[1])[:args.missed]))
    if args.failures:
        worst = sorted(((err.get(k, 0), p) for k, p in enumerate(pairs)), key=lambda x: -x[0])
        print(f"largest errors (first {args.failures}):")
        for e, p in worst[:args.failures]:
            print(f"  {p[1]!r} -> {p[4]} ({p[5]}): {e:.0f} km")


if __name__ == "__main__":
    main()
