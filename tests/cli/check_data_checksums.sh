#!/usr/bin/env bash
# Every file in data/ with a recorded checksum still matches it (data/SHA256SUMS).
set -euo pipefail
cd "$1/data"
sha256sum --check --strict SHA256SUMS
for f in *.json *.txt gazetteer/* lexicon/*; do
  grep -q " $f\$" SHA256SUMS || { echo "FAIL: data/$f has no checksum in data/SHA256SUMS"; exit 1; }
done
