#!/usr/bin/env bash
# Set everything up and analyse the canonical sample (or the bundled example when
# ../shared is absent): prints a Markdown report and writes out/report.html.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-env.sh
sample=../shared/samples/sputnik-interview.txt
[ -f "$sample" ] || sample=examples/interview.txt
mkdir -p out
.venv/bin/unspin analyze "$sample" --format html -o out/report.html
.venv/bin/unspin analyze "$sample" --format md
echo
echo "HTML report: $(pwd)/out/report.html"
