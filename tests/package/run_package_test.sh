#!/usr/bin/env bash
# Installs the built project into a temporary prefix and builds and runs a consumer
# project against it with find_package(incidentmap).
# usage: run_package_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
test -f "$tmp/prefix/lib/cmake/incidentmap/incidentmapConfigVersion.cmake"
test -x "$tmp/prefix/bin/incidentmap"
ctest --build-and-test "$src/tests/package/find-package" "$tmp/consumer" \
  --build-generator "Unix Makefiles" \
  --build-options "-DCMAKE_PREFIX_PATH=$tmp/prefix" \
  --test-command ctest --output-on-failure
