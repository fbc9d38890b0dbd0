#!/usr/bin/env bash
# Installs the build's dependencies from Debian's packages. Idempotent, non-interactive;
# skips apt entirely when everything is already there.
set -euo pipefail
packages=(g++ cmake make libeigen3-dev nlohmann-json3-dev libcli11-dev libyaml-cpp-dev
          googletest libgtest-dev libgmock-dev libbenchmark-dev)
if [ "${CAUSALMIX_WITH_BROWSER:-0}" = 1 ]; then packages+=(chromium); fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
echo "installing: ${missing[*]}" >&2
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
