#!/usr/bin/env bash
# The main job on a fresh machine: install, build, then fit a sandbox on the embedded
# lalonde data, sample from it and print the summary (see `causalmix demo --help`).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
./build/causalmix demo "$@"
