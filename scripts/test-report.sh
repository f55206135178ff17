#!/usr/bin/env bash
# Prints what `make test` measured: test counts from the Surefire and Failsafe reports, and the line
# coverage of the main code from JaCoCo's report. Reads files only; run it after `mvn verify`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

shopt -s nullglob
reports=(target/surefire-reports/TEST-*.xml target/failsafe-reports/TEST-*.xml)
if [[ ${#reports[@]} -eq 0 ]]; then
  echo "No test reports under target/: did the tests run?" >&2
  exit 1
fi
# Each report's first <testsuite ...> line holds its counts.
awk '
  /<testsuite / {
    for (i = 1; i <= NF; i++) {
      if ($i ~ /^tests="/)    { gsub(/[^0-9]/, "", $i); tests += $i }
      if ($i ~ /^failures="/) { gsub(/[^0-9]/, "", $i); failed += $i }
      if ($i ~ /^errors="/)   { gsub(/[^0-9]/, "", $i); failed += $i }
      if ($i ~ /^skipped="/)  { gsub(/[^0-9]/, "", $i); skipped += $i }
    }
    nextfile
  }
  END { printf "tests: %d passed, %d failed, %d skipped\n", tests - failed - skipped, failed, skipped }
' "${reports[@]}"

if [[ -f target/site/jacoco/jacoco.csv ]]; then
  # Columns: ... LINE_MISSED (8), LINE_COVERED (9).
  awk -F, 'NR > 1 { missed += $8; covered += $9 }
    END { printf "line coverage of main code: %d of %d lines, %.1f%% (gate: 85%%)\n", covered, missed + covered, 100 * covered / (missed + covered) }' \
    target/site/jacoco/jacoco.csv
fi
