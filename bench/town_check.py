#!/usr/bin/env python3
"""US towns as a user types them ("Rocky Mount, NC"), checked against an independent source:
the Gun Violence Archive records of the GVA news development set
(../shared/data/incidents/gva-incidents-dev.json). GVA places each incident at its street
address, geocoded by GVA, not from GeoNames; its city field names the town.

One query per distinct (town, state): "Town, ST". GVA writes "City (Place)" when the
incident lies in Place, a town or neighbourhood of the city's area ("Salt Lake City
(Murray)"): Place is the town asked for. Counties ("Polk (county)", "Orange County") are
left out. The reference point is the incident of that town with the lowest GVA id (one
point per town, so that big cities weigh as much as villages).

Reports, over all towns and by how the answer matched (exact, postal, ...):
  answered      a result came back;
  within 10 km  the first result's point is within 10 km of the incident;
  radius holds  the incident lies within the first result's uncertainty radius.
An incident in a big city may lie more than 10 km from the city's point and still be in the
city: the radius check is the one that says whether the answer is honest.
Distances are geodesic (pyproj Geod on WGS84 when installed, else the haversine, which
differs by under 0.5%).

usage: town_check.py INCIDENTMAP [--records FILE] [--gazetteer FILE] [--failures N]
"""
import argparse
import collections
import json
import math
import os
import re
import subprocess
import sys
import tempfile

USPS = {
    "Alabama": "AL", "Alaska": "AK", "Arizona": "AZ", "Arkansas": "AR", "California": "CA",
    "Colorado": "CO", "Connecticut": "CT", "Delaware": "DE", "District of Columbia": "DC",
    "Florida": "FL", "Georgia": "GA", "Hawaii": "HI", "Idaho": "ID", "Illinois": "IL",
    "Indiana": "IN", "Iowa": "IA", "Kansas": "KS", "Kentucky": "KY", "Louisiana": "LA",
    "Maine": "ME", "Maryland": "MD", "Massachusetts": "MA", "Michigan": "MI",
    "Minnesota": "MN", "Mississippi": "MS", "Missouri": "MO", "Montana": "MT",
    "Nebraska": "NE", "Nevada": "NV", "New Hampshire": "NH", "New Jersey": "NJ",
    "New Mexico": "NM", "New York": "NY", "North Carolina": "NC", "North Dakota": "ND",
    "Ohio": "OH", "Oklahoma": "OK", "Oregon": "OR", "Pennsylvania": "PA",
    "Rhode Island": "RI", "South Carolina": "SC", "South Dakota": "SD", "Tennessee": "TN",
    "Texas": "TX", "Utah": "UT", "Vermont": "VT", "Virginia": "VA", "Washington": "WA",
    "West Virginia": "WV", "Wisconsin": "WI", "Wyoming": "WY",
}

try:
    from pyproj import Geod

    _GEOD = Geod(ellps="WGS84")

    def distance_m(lon1, lat1, lon2, lat2):
        return _GEOD.inv(lon1, lat1, lon2, lat2)[2]
except ImportError:

    def distance_m(lon1, lat1, lon2, lat2):
        p1, p2 = math.radians(lat1), math.radians(lat2)
        a = (math.sin((p2 - p1) / 2) ** 2
             + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
        return 2 * 6371008.8 * math.asin(math.sqrt(a))


def towns(records):
    """(query, lon, lat) per distinct town, from the record with the lowest id."""
    out = {}
    for rid in sorted(records, key=int):
        r = records[rid]
        state = USPS.get(r.get("state", ""))
        city = (r.get("city") or "").strip()
        if not state or not city or r.get("lat") is None:
            continue
        inner = re.search(r"\(([^)]*)\)\s*$", city)
        if inner:
            city = inner.group(1).strip()
        if not city or "county" in city.lower() or "township" in city.lower():
            continue
        query = f"{city}, {state}"
        out.setdefault(query, (float(r["lon"]), float(r["lat"])))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("incidentmap")
    ap.add_argument("--records", default="../shared/data/incidents/gva-incidents-dev.json")
    ap.add_argument("--gazetteer", action="append", default=[])
    ap.add_argument("--failures", type=int, default=20)
    args = ap.parse_args()
    if not os.path.exists(args.records):
        sys.exit(f"town_check: {args.records} is missing (it is in ../shared, never copied)")
    with open(args.records, encoding="utf-8") as f:
        places = towns(json.load(f))
    queries = sorted(places)
    with tempfile.TemporaryDirectory() as tmp:
        qfile = os.path.join(tmp, "q.txt")
        ofile = os.path.join(tmp, "out.jsonl")
        with open(qfile, "w", encoding="utf-8") as f:
            f.write("\n".join(queries) + "\n")
        cmd = [args.incidentmap, "geocode", "--input", qfile, "--output", ofile, "--limit", "1"]
        for g in args.gazetteer:
            cmd += ["--gazetteer", g]
        done = subprocess.run(cmd, capture_output=True, text=True)
        if done.returncode not in (0, 1) or not os.path.exists(ofile):
            sys.exit(f"town_check: {' '.join(cmd)} failed:\n{done.stderr}")
        with open(ofile, encoding="utf-8") as f:
            answers = [json.loads(line) for line in f]
    stats = collections.defaultdict(lambda: [0, 0, 0, 0])  # towns, answered, 10 km, radius
    failures = []
    for doc in answers:
        q = doc["query"]
        lon, lat = places[q]
        res = doc.get("results") or []
        match = res[0]["match"] if res else "none"
        row = [1, 0, 0, 0]
        if res:
            r = res[0]
            d = distance_m(lon, lat, r["lon"], r["lat"])
            row = [1, 1, int(d <= 10000), int(d <= r["uncertainty_m"])]
            if d > 10000:
                failures.append((d, q, f'{r["name"]} ({r.get("admin", {}).get("state", "")},'
                                 f' {r["admin"]["country_code"]}, {match})'))
        else:
            failures.append((math.inf, q, "no answer"))
        for key in ("all", match):
            stats[key] = [a + b for a, b in zip(stats[key], row)]
    print(f"{len(queries)} distinct towns from {args.records}")
    print(f"{'answers':<12}{'towns':>7}{'answered':>10}{'within 10 km':>14}{'radius holds':>14}")
    for key in ["all"] + sorted(k for k in stats if k != "all"):
        n, a, w, h = stats[key]
        print(f"{key:<12}{n:>7}{100 * a / n:>9.1f}%{100 * w / n:>13.1f}%{100 * h / n:>13.1f}%")
    failures.sort(key=lambda x: -x[0])
    print(f"\nfailures (none, or beyond 10 km), worst first ({len(failures)}):")
    for d, q, what in failures[: args.failures]:
        dist = "no answer" if math.isinf(d) else f"{d / 1000:8.1f} km"
        print(f"  {dist:>11}  {q:<36} {what if not math.isinf(d) else ''}")


if __name__ == "__main__":
    main()
