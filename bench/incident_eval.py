#!/usr/bin/python3
"""Score a run of `incidentmap extract --articles` on the Gun Violence Archive news corpus.

Usage:
  bench/incident_eval.py run INCIDENTMAP [--corpus DIR] [--out DIR] [--threads N]
      writes DIR/articles.jsonl (the corpus as `extract --articles` reads it), runs the CLI
      on it, then scores DIR/incidents.json as `score` does
  bench/incident_eval.py score INCIDENTS.json [--corpus DIR] [--part tune|heldout|both]
      [--thresholds 0,0.3,0.5,0.7] [--dump FILE]

The corpus is ../shared/data/incidents: gva-news-dev.jsonl.gz (articles: id, incident, title,
published, url, text) and gva-incidents-dev.json (the record of each incident: date, state,
city, killed, injured, lat, lon).

Per article, against the record of the incident it is linked to (as in issue 9):
  - scene: an extracted incident of the article whose scene lies within 25 km of the
    record's point. When several do, the one with the highest confidence (the first in the
    file on a tie) is the matched incident; the facts are never used to choose it.
  - killed / injured: the matched incident's count equals the record's ("unknown" is wrong);
  - day: its start day (day precision) equals the record's date;
  - all four: scene, killed, injured and day right;
  - extra: the article's other incidents (all of them when none matched).
The split is by incident id, fixed once: sha256("gva-split-1:" + incident) modulo 10 below 3
is held out (about 30% of incidents and their articles), the rest is for tuning.

A scene's point is its geometry's representative point (a point, or the area centroid of a
polygon's exterior ring, as incident::representative_point), and distances are geodesics
on WGS84 (pyproj's Geod, Karney's algorithm) when pyproj is installed, else haversine.
"""

import argparse
import gzip
import hashlib
import json
import math
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_CORPUS = os.path.normpath(os.path.join(HERE, "..", "..", "shared", "data", "incidents"))

try:
    from pyproj import Geod

    _GEOD = Geod(ellps="WGS84")

    def distance_km(lon1, lat1, lon2, lat2):
        return _GEOD.inv(lon1, lat1, lon2, lat2)[2] / 1000.0

except ImportError:  # pragma: no cover

    def distance_km(lon1, lat1, lon2, lat2):
        p1, p2 = math.radians(lat1), math.radians(lat2)
        dp, dl = p2 - p1, math.radians(lon2 - lon1)
        a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
        return 2 * 6371.0088 * math.asin(math.sqrt(min(1.0, a)))


SCENE_KM = 25.0


def part_of(incident_id):
    h = hashlib.sha256(("gva-split-1:" + str(incident_id)).encode()).hexdigest()
    return "heldout" if int(h, 16) % 10 < 3 else "tune"


def load_corpus(corpus):
    with gzip.open(os.path.join(corpus, "gva-news-dev.jsonl.gz"), "rt", encoding="utf-8") as f:
        articles = [json.loads(line) for line in f if line.strip()]
    with open(os.path.join(corpus, "gva-incidents-dev.json"), encoding="utf-8") as f:
        records = json.load(f)
    return articles, records


def ring_centroid(ring):
    # Area centroid in the lon/lat plane (unwrapped across the antimeridian).
    pts = [(p[0], p[1]) for p in ring]
    base = pts[0][0]
    pts = [((x - base + 540) % 360 - 180 + base, y) for x, y in pts]
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(pts, pts[1:]):
        c = x0 * y1 - x1 * y0
        a += c
        cx += (x0 + x1) * c
        cy += (y0 + y1) * c
    if abs(a) < 1e-15:
        return sum(x for x, _ in pts) / len(pts), sum(y for _, y in pts) / len(pts)
    return cx / (3 * a), cy / (3 * a)


def representative_point(loc):
    if "lon" in loc and "lat" in loc:
        return loc["lon"], loc["lat"]
    g = loc.get("geometry")
    if not g:
        return None
    t, c = g["type"], g["coordinates"]
    if t == "Point":
        return c[0], c[1]
    if t == "LineString":
        return tuple(c[len(c) // 2][:2])
    if t == "MultiLineString":
        return tuple(c[0][len(c[0]) // 2][:2])
    if t == "Polygon":
        return ring_centroid(c[0])
    if t == "MultiPolygon":
        return ring_centroid(c[0][0])
    return None


def count_of(v):
    if v is None:
        return None
    if isinstance(v, dict):
        return v.get("best")
    return v


def start_day(inc):
    t = inc.get("time") or {}
    s = t.get("start")
    if not s or len(s) < 10:
        return None
    prec = t.get("start_precision")
    if prec in ("year", "month"):
        return None
    return s[:10]


def group_by_article(incidents):
    by = {}
    for inc in incidents:
        art, _, _ = inc["id"].partition("/")
        by.setdefault(art, []).append(inc)
    return by


def score_article(record, incs):
    """The per-article outcome: dict of booleans, the matched incident and the distance."""
    best = None
    for order, inc in enumerate(incs):
        scene = next((l for l in inc.get("locations", []) if l.get("role") == "scene"), None)
        p = representative_point(scene) if scene else None
        if p is None:
            continue
        d = distance_km(p[0], p[1], record["lon"], record["lat"])
        if d > SCENE_KM:
            continue
        key = (-(inc.get("confidence") or 0.0), order)
        if best is None or key < best[0]:
            best = (key, inc, d)
    out = {"scene": best is not None, "killed": False, "injured": False, "day": False,
           "extra": len(incs) - (1 if best else 0), "matched": best[1] if best else None,
           "km": best[2] if best else None}
    if best:
        inc = best[1]
        cas = inc.get("casualties") or {}
        out["killed"] = count_of(cas.get("killed")) == record["killed"]
        out["injured"] = count_of(cas.get("injured")) == record["injured"]
        out["day"] = start_day(inc) == record["date"]
    out["all"] = out["scene"] and out["killed"] and out["injured"] and out["day"]
    return out


def pct(n, d):
    return 100.0 * n / d if d else float("nan")


def summarize(rows):
    n = len(rows)
    scene = [r for r in rows if r["scene"]]
    s = len(scene)
    return {
        "articles": n,
        "scene": pct(s, n),
        "killed": pct(sum(r["killed"] for r in scene), s),
        "injured": pct(sum(r["injured"] for r in scene), s),
        "day": pct(sum(r["day"] for r in scene), s),
        "all": pct(sum(r["all"] for r in rows), n),
        "extra": sum(r["extra"] for r in rows) / n if n else float("nan"),
        "incidents": sum(r["n"] for r in rows) / n if n else float("nan"),
    }


def table(label_rows):
    head = ("| part | articles | scene <= 25 km | killed | injured | day | all four | "
            "extra / article | incidents / article |")
    lines = [head, "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for label, m in label_rows:
        lines.append(
            f"| {label} | {m['articles']:,} | {m['scene']:.1f}% | {m['killed']:.1f}% | "
            f"{m['injured']:.1f}% | {m['day']:.1f}% | **{m['all']:.1f}%** | {m['extra']:.2f} | "
            f"{m['incidents']:.2f} |")
    return "\n".join(lines)


def score(args):
    articles, records = load_corpus(args.corpus)
    with open(args.incidents, encoding="utf-8") as f:
        incidents = json.load(f)["incidents"]
    by_article = group_by_article(incidents)
    parts = ["tune", "heldout"] if args.part == "both" else [args.part]
    thresholds = [float(x) for x in args.thresholds.split(",")] if args.thresholds else [None]
    results = []
    dump = []
    for threshold in thresholds:
        rows = {p: [] for p in parts}
        for a in articles:
            p = part_of(a["incident"])
            if p not in rows:
                continue
            incs = by_article.get(a["id"], [])
            if threshold is not None:
                incs = [i for i in incs if (i.get("confidence") or 0.0) >= threshold]
            r = score_article(records[a["incident"]], incs)
            r["n"] = len(incs)
            rows[p].append(r)
            if threshold == thresholds[0]:
                dump.append((a, records[a["incident"]], r, incs))
        for p in parts:
            label = p if threshold is None else f"{p}, confidence >= {threshold:g}"
            results.append((label, summarize(rows[p])))
    print(table(results))
    if args.dump:
        with open(args.dump, "w", encoding="utf-8") as f:
            for a, rec, r, incs in dump:
                m = r["matched"]
                f.write(json.dumps({
                    "id": a["id"], "incident": a["incident"], "part": part_of(a["incident"]),
                    "published": a["published"], "record": rec,
                    "scene": r["scene"], "killed": r["killed"], "injured": r["injured"],
                    "day": r["day"], "all": r["all"], "km": r["km"],
                    "matched": m["id"] if m else None,
                    "incidents": [{"id": i["id"], "title": i.get("title"),
                                   "confidence": i.get("confidence"),
                                   "casualties": i.get("casualties"), "time": i.get("time")}
                                  for i in incs],
                }) + "\n")
    return 0


def run(args):
    os.makedirs(args.out, exist_ok=True)
    articles, _ = load_corpus(args.corpus)
    src = os.path.join(args.out, "articles.jsonl")
    with open(src, "w", encoding="utf-8") as f:
        for a in articles:
            f.write(json.dumps({"id": a["id"], "text": a["text"], "title": a["title"],
                                "url": a["url"], "published": a["published"]}) + "\n")
    out = os.path.join(args.out, "incidents.json")
    cmd = [args.incidentmap, "extract", "--articles", src, "--output", out,
           "--threads", str(args.threads)]
    if args.country:
        cmd += ["--country", args.country]
    t0 = time.monotonic()
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.monotonic() - t0
    if p.returncode not in (0, 3):
        sys.stderr.write(p.stderr.decode(errors="replace")[-4000:])
        return p.returncode
    print(f"{len(articles)} articles in {elapsed:.2f} s on {args.threads} thread(s): "
          f"{len(articles) / elapsed:.0f} articles/s")
    args.incidents = out
    return score(args)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    for name in ("run", "score"):
        s = sub.add_parser(name)
        if name == "run":
            s.add_argument("incidentmap")
            s.add_argument("--out", default="/tmp/gva-eval")
            s.add_argument("--threads", type=int, default=1)
            s.add_argument("--country", default="",
                           help="passed to extract: the country the news comes from (US)")
        else:
            s.add_argument("incidents")
        s.add_argument("--corpus", default=DEFAULT_CORPUS)
        s.add_argument("--part", choices=["tune", "heldout", "both"], default="tune")
        s.add_argument("--thresholds", default="")
        s.add_argument("--dump", default="")
    args = ap.parse_args()
    if not os.path.exists(os.path.join(args.corpus, "gva-news-dev.jsonl.gz")):
        print(f"no corpus at {args.corpus} (../shared/data/incidents): nothing to score",
              file=sys.stderr)
        return 0
    return run(args) if args.cmd == "run" else score(args)


if __name__ == "__main__":
    sys.exit(main())
