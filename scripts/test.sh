#!/usr/bin/env bash
# The whole suite: typecheck, vitest (unit + integration against a real
# database), then Playwright in Chromium against a production build.
# Tests use TEST_DATABASE_URL (or DATABASE_URL) when set, else embedded PostgreSQL.
set -uo pipefail
cd "$(dirname "$0")/.."
# Reports live outside test-results/, which Playwright empties when it starts.
rm -rf reports && mkdir -p reports
status=0
# "name seconds" for each phase, printed at the end beside the totals.
phases=()
phase_start=$SECONDS
phase() {
  phases+=("$1 $((SECONDS - phase_start)) s")
  phase_start=$SECONDS
}

bash scripts/ensure-chromium.sh || exit 1
phase chromium

echo "== typecheck"
npx tsc --noEmit || status=1
phase typecheck

# One production build for the whole run: the production server's own tests (app-server.test.ts)
# and Playwright's server both serve it, so neither builds again. The types were checked above.
echo "== build"
build_ok=1
HERALD_TEST_BUILD=1 npm run build || { status=1; build_ok=0; }
phase build

echo "== vitest"
npx vitest run --exclude "tests/integration/bench-*.test.ts" --reporter=default --reporter=json --outputFile.json=reports/vitest.json || status=1
phase vitest

# The proof suites' small runs start servers, executors and the simulator of their own and drive
# them to a drain: one at a time, after the rest, so each has the machine to itself.
echo "== vitest: proof suites, one at a time"
npx vitest run tests/integration/bench- --no-file-parallelism --reporter=default --reporter=json --outputFile.json=reports/vitest-proof.json || status=1
phase proof

echo "== playwright"
E2E_SKIP_BUILD=$build_ok PLAYWRIGHT_JSON_OUTPUT_NAME=reports/playwright.json npx playwright test --reporter=list,json || status=1
phase playwright

(IFS=,; echo "phases:${phases[*]/#/ }")
node scripts/test-summary.mjs reports/vitest.json reports/vitest-proof.json reports/playwright.json || status=1
exit $status
