#!/usr/bin/env bash
# The evaluation report renders in headless Chromium: two toy tables → `causalmix evaluate`
# → report.html, loaded offline; the DOM must hold every chart (the count the page declares,
# and the count this comparison should produce) and the page must log nothing to the console.
# Usage: tests/report_render_test.sh path/to/causalmix   (ctest ReportRendersInChromium)
set -euo pipefail

exe=${1:?usage: report_render_test.sh path/to/causalmix}
browser=""
for candidate in chromium chromium-browser; do
  if command -v "$candidate" >/dev/null 2>&1; then browser=$(command -v "$candidate"); break; fi
done
if [[ -z "$browser" ]]; then
  if [[ -n "${CI:-}" ]]; then
    echo "FAIL: chromium is not installed (CI installs it: CAUSALMIX_WITH_BROWSER=1 scripts/install-deps.sh)" >&2
    exit 1
  fi
  echo "SKIPPED: chromium is not installed (apt-get install -y chromium to run this check)"
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$exe" -q toy -n 600 --seed 1 -o "$work/real.csv"
"$exe" -q toy -n 500 --seed 2 -o "$work/synthetic.csv"
"$exe" -q evaluate --real "$work/real.csv" --synthetic "$work/synthetic.csv" --treatment T --outcome Y \
  --seed 3 -o "$work/report" > "$work/summary.txt"
grep -q "KS complement" "$work/summary.txt" || { echo "FAIL: no summary on stdout" >&2; exit 1; }
html="$work/report/report.html"
[[ -s "$html" && -s "$work/report/report.json" ]] || { echo "FAIL: report files missing" >&2; exit 1; }

# Offline: nothing may point at the network.
if grep -Eq '<script|(src|href)="(https?:)?//' "$html"; then
  echo "FAIL: report.html loads scripts or remote resources" >&2
  exit 1
fi

# 7 marginals (X_bin X_cat X_exp X_uniform X_beta T Y) + heatmap + PCA + propensity (real, synthetic).
expected=11
declared=$(sed -n 's/.*name="chart-count" content="\([0-9]*\)".*/\1/p' "$html")

profile=$(mktemp -d -p "$work")
timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$profile" --enable-logging=stderr --v=0 --dump-dom "file://$html" \
  > "$work/dom.html" 2> "$work/browser.log" || { cat "$work/browser.log" >&2; echo "FAIL: chromium failed" >&2; exit 1; }

charts=$(grep -o '<svg class="chart"' "$work/dom.html" | wc -l)
echo "charts in DOM: $charts, declared: $declared, expected: $expected"
if [[ "$charts" -ne "$expected" || "$declared" -ne "$expected" ]]; then
  echo "FAIL: chart count" >&2
  exit 1
fi
grep -q '</html>' "$work/dom.html" || { echo "FAIL: DOM incomplete" >&2; exit 1; }

# Console messages from the page (errors, failed loads) appear as CONSOLE lines.
if grep -E 'CONSOLE|Uncaught|Failed to load resource|net::ERR_' "$work/browser.log"; then
  echo "FAIL: the page logged to the console" >&2
  exit 1
fi
echo "PASS: report.html renders with $charts charts and a clean console"
