#!/usr/bin/python3
"""Train the ranking model of `incidentmap extract` (data/extract-model.json) on the tuning part
of the Gun Violence Archive news corpus.

usage: bench/train_extract_model.py INCIDENTMAP [--corpus DIR] [--out data/extract-model.json]
                                    [--work DIR] [--threads N] [--country US]

The extractor finds candidates by its rules and scores them with logistic regressions; this
script fits those regressions, with LIBLINEAR (Debian's python3-liblinear: L2-regularised
logistic regression, -s 0, with a bias term), from the tuning part only (the split of
bench/incident_eval.py, by incident id; the held-out part is never read here):
  scene       each place an article names (`extract --candidates`, kind "scene"): 1 when it
              lies within 25 km of the record's point;
  day         each day an article names (kind "day"): 1 when it is the record's date;
  killed, injured  each count the statements of an article's main incident support (kinds
              "killed", "injured"): 1 when it is the record's, in articles whose chosen scene
              is the record's;
  confidence  each incident extracted (kind "confidence"): 1 when its scene lies within 25 km of
              the record's point. The article's other incidents count as 0, although about a
              third of them are real other incidents: the confidence is that an incident is
              the one the article reports, at its scene.
The regularisation C of each is chosen by 5-fold cross-validation on the tuning part, folds by
incident id: the top-1 accuracy for scene, day and counts (articles with a right candidate),
the log loss for confidence. The models are fitted in three stages, and the articles are read
again with each stage's models before the next: the scene (it decides which clauses are the
main incident's, and so the day's and the counts' candidates), then day, killed and injured,
then the confidence (two of its features are the scene's probability and margin). The model
file records what it was trained on.
"""

import argparse
import datetime
import gzip
import hashlib
import json
import math
import os
import subprocess
import sys

import liblinearutil

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import incident_eval as ev  # noqa: E402

CS = [0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0]


def run_candidates(incidentmap, articles, work, model, threads, country):
    src = os.path.join(work, "tune.jsonl")
    with open(src, "w", encoding="utf-8") as f:
        for a in articles:
            f.write(json.dumps({"id": a["id"], "text": a["text"], "title": a["title"],
                                "url": a["url"], "published": a["published"]}) + "\n")
    cand = os.path.join(work, "candidates.jsonl")
    cmd = [incidentmap, "extract", "--articles", src, "--output", os.path.join(work, "inc.json"),
           "--candidates", cand, "--threads", str(threads)]
    if model:
        cmd += ["--model", model]
    if country:
        cmd += ["--country", country]
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if p.returncode not in (0, 3):
        sys.exit(p.stderr.decode(errors="replace")[-2000:])
    with open(cand, encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def label(c, record):
    if c["kind"] in ("scene", "confidence"):
        return int(ev.distance_km(c["lon"], c["lat"], record["lon"], record["lat"]) <= ev.SCENE_KM)
    if c["kind"] in ("killed", "injured"):
        return int(int(c["value"]) == record[c["kind"]])
    return int(c["value"] == record["date"])


def examples(cands, kind, records, article_incident):
    """Groups of (features, label), one group per article and incident. Counts are learnt
    only where the scene chosen is the record's (else the incident is another one)."""
    scene_right = {c["article"] for c in cands if c["kind"] == "scene" and c["chosen"] and
                   label(c, records[article_incident[c["article"]]])}
    groups = {}
    names = None
    for c in cands:
        if c["kind"] != kind:
            continue
        if kind in ("killed", "injured") and c["article"] not in scene_right:
            continue
        names = list(c["features"])
        rec = records[article_incident[c["article"]]]
        key = (c["article"], c["incident"]) if kind != "confidence" else (c["article"], "")
        groups.setdefault(key, []).append(([c["features"][n] for n in names], label(c, rec)))
    return names, groups


def fit(rows, c):
    y = [r[1] for r in rows]
    x = [{i + 1: v for i, v in enumerate(r[0]) if v != 0} for r in rows]
    m = liblinearutil.train(y, x, f"-s 0 -c {c} -B 1 -q")
    n = m.get_nr_feature()
    w, b = m.get_decfun(0)
    if m.get_labels()[0] != 1:  # the decision function is for the first label
        w, b = [-v for v in w], -b
    return list(w[:n]) + [0.0] * (len(rows[0][0]) - n), b


def score(w, b, x):
    return b + sum(wi * xi for wi, xi in zip(w, x))


def top1(w, b, groups):
    """Share of groups with a right candidate whose best-scored candidate is right."""
    n = ok = 0
    for rows in groups:
        if not any(r[1] for r in rows):
            continue
        n += 1
        best = max(rows, key=lambda r: score(w, b, r[0]))
        ok += best[1]
    return ok / n if n else float("nan")


def logloss(w, b, groups):
    total = n = 0
    for rows in groups:
        for x, y in rows:
            p = 1 / (1 + math.exp(-max(-30, min(30, score(w, b, x)))))
            total -= math.log(max(1e-12, p if y else 1 - p))
            n += 1
    return total / n


def choose(groups_by_key, kind):
    """C by 5-fold cross-validation, folds by incident id; then a fit on everything."""
    keys = sorted(groups_by_key)
    fold = {k: int(hashlib.sha256(("fold:" + k[2]).encode()).hexdigest(), 16) % 5 for k in keys}
    results = []
    for c in CS:
        vals = []
        for f in range(5):
            train = [r for k in keys if fold[k] != f for r in groups_by_key[k]]
            test = [groups_by_key[k] for k in keys if fold[k] == f]
            if not train or not any(r[1] for r in train):
                continue
            w, b = fit(train, c)
            vals.append(-logloss(w, b, test) if kind == "confidence" else top1(w, b, test))
        if vals:
            results.append((sum(vals) / len(vals), c))
    if not results:
        sys.exit(f"{kind}: no fold has a positive example to learn from")
    best, c = max(results)
    w, b = fit([r for k in keys for r in groups_by_key[k]], c)
    return w, b, c, best, results


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("incidentmap")
    ap.add_argument("--corpus", default=ev.DEFAULT_CORPUS)
    ap.add_argument("--out", default=os.path.join(HERE, "..", "data", "extract-model.json"))
    ap.add_argument("--work", default="/tmp/incidentmap-train")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--country", default="US",
                    help="passed to extract: the country the news comes from (the corpus is US news)")
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    articles, records = ev.load_corpus(args.corpus)
    tune = [a for a in articles if ev.part_of(a["incident"]) == "tune"]
    article_incident = {a["id"]: a["incident"] for a in tune}

    with open(args.out, encoding="utf-8") as f:
        model = json.load(f)
    # The features of this build (they change as the extractor does): a feature the model file
    # lacks starts at weight 0, one the build no longer has is dropped.
    names = json.loads(subprocess.run([args.incidentmap, "extract", "--features"], check=True,
                                      capture_output=True, text=True).stdout)
    for name, features in names.items():
        old = model["models"].get(name, {"features": [], "weights": [], "bias": 0.0})
        w = dict(zip(old["features"], old["weights"]))
        model["models"][name] = {"features": features, "weights": [w.get(f, 0.0) for f in features],
                                 "bias": old["bias"]}
    staged = os.path.join(args.work, "model.json")
    with open(staged, "w", encoding="utf-8") as f:
        json.dump(model, f)
    report = {}

    def train_kind(cands, kind):
        model_name = kind  # the model of a kind of candidate has its name
        names, groups = examples(cands, kind, records, article_incident)
        by_key = {(k[0], k[1], article_incident[k[0]]): v for k, v in groups.items()}
        w, b, c, cv, results = choose(by_key, kind)
        model["models"][model_name] = {"features": names, "weights": [round(x, 6) for x in w],
                                       "bias": round(b, 6)}
        rows = sum(len(v) for v in by_key.values())
        report[model_name] = {"C": c, "groups": len(by_key), "candidates": rows,
                              ("cv_log_loss" if kind == "confidence" else "cv_top1"):
                                  round(-cv if kind == "confidence" else cv, 4)}
        print(f"{model_name}: {len(by_key)} groups, {rows} candidates; C={c}; cross-validated "
              + ", ".join(f"{cc}: {v:.4f}" for v, cc in results))

    # Each stage reads the articles again with the models fitted before it: the scene decides
    # which clauses are the main incident's, and so its days and counts; the confidence sees
    # the scene's, the day's and the counts' scores.
    for stage in (["scene"], ["day", "killed", "injured"], ["confidence"]):
        cands = run_candidates(args.incidentmap, tune, args.work, staged, args.threads, args.country)
        for kind in stage:
            train_kind(cands, kind)
        with open(staged, "w", encoding="utf-8") as f:
            json.dump(model, f)

    with open(os.path.join(args.corpus, "gva-news-dev.jsonl.gz"), "rb") as f:
        corpus_sha = hashlib.sha256(f.read()).hexdigest()
    model["description"] = (
        "Logistic regressions that choose among the candidates the rules find: the scene of an "
        "article's main incident among the places it names, the incident's day among the days it "
        "names, its killed and injured counts among those its statements support, and each "
        "incident's confidence that it is the incident the article reports, at its scene. Trained by bench/train_extract_model.py; see docs/extract.md.")
    model["provenance"] = {
        "trained": True,
        "script": "bench/train_extract_model.py",
        "date": datetime.date.today().isoformat(),
        "data": "the tuning part (sha256(\"gva-split-1:\" + incident id) mod 10 >= 3) of the GVA "
                "news development set, gva-news-dev.jsonl.gz sha256 " + corpus_sha,
        "articles": len(tune),
        "learner": "LIBLINEAR 2.3.0 (Debian python3-liblinear), L2-regularised logistic "
                   "regression (-s 0 -B 1); C by 5-fold cross-validation by incident",
        "models": report,
    }
    text = json.dumps(model, indent=2) + "\n"
    tmp = args.out + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, args.out)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
