#!/usr/bin/env bash
# The test suite on a fresh machine: install, build, run every test with ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
CAUSALMIX_WITH_BROWSER=1 scripts/install-deps.sh
scripts/build.sh
cd build && ctest --output-on-failure -j"$(nproc)" "$@"
