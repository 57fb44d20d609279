#!/usr/bin/env bash
# Writes the layers of the seed incidents and of the edge-case fixture, then has real
# readers check them: GDAL's GeoJSON driver (ogrinfo) and @mapbox/geojsonhint (no errors,
# no warnings). usage: check_layers.sh INCIDENTMAP_BINARY SOURCE_DIR
set -euo pipefail
bin=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
hint="$src/tests/tools/hint.js"
if [[ ! -d $src/tests/tools/node_modules/@mapbox/geojsonhint ]]; then
  echo "geojsonhint is not installed: run (cd tests/tools && npm ci)" >&2
  exit 1
fi
fail=0
expect() {  # expect FILE PATTERN: ogrinfo's summary of FILE must match PATTERN
  if ! ogrinfo -ro -al -so "$1" 2>&1 | grep -Eq "$2"; then
    echo "FAIL: ogrinfo -al -so $1 does not show /$2/:" >&2
    ogrinfo -ro -al -so "$1" >&2 || true
    fail=1
  fi
}

"$bin" layers "$src/tests/data/located-incidents.json" --output-dir "$tmp/seed" >/dev/null
"$bin" layers "$src/tests/data/located-incidents.json" --output-dir "$tmp/seed6" --decimals 6 --bbox >/dev/null
"$bin" layers "$src/tests/data/edge-incidents.json" --output-dir "$tmp/edge" --bbox >/dev/null
"$bin" layers "$src/tests/data/edge-incidents.json" --output-dir "$tmp/edge-seq" --seq >/dev/null

for dir in seed seed6 edge; do
  for layer in locations links uncertainty; do
    f="$tmp/$dir/$layer.geojson"
    expect "$f" "Layer name: $layer"
    # Opening without warnings: GDAL prints "Warning" for anything it had to guess.
    if ogrinfo -ro -al -so "$f" 2>&1 | grep -qi "warning\|error"; then
      echo "FAIL: GDAL warns about $f" >&2
      fail=1
    fi
  done
done
expect "$tmp/seed/locations.geojson" "Feature Count: 4"
expect "$tmp/seed/locations.geojson" "uncertainty_m: Real"
expect "$tmp/seed/locations.geojson" "types: StringList"
expect "$tmp/seed/links.geojson" "distance_low_m: Real"
expect "$tmp/seed/uncertainty.geojson" "Feature Count: 4"
expect "$tmp/seed/uncertainty.geojson" "inner_radius_m: Real"
expect "$tmp/edge/links.geojson" "Geometry: Multi Line String"
expect "$tmp/edge/uncertainty.geojson" "Extent: \(-180\.000000, .*\) - \(180\.000000, 90\.000000\)"
expect "$tmp/edge-seq/locations.geojsons" "Feature Count: 9"

node "$hint" "$tmp"/seed/*.geojson "$tmp"/edge/*.geojson "$tmp"/edge-seq/*.geojsons || fail=1
node "$hint" --precision-warning "$tmp"/seed6/*.geojson || fail=1

if ((fail)); then
  echo "layers checks: 0 passed, 1 failed"
  exit 1
fi
echo "layers checks: 1 passed, 0 failed"
