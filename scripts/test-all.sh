#!/usr/bin/env bash
# The one test command (README: "npm test"). From a fresh checkout it installs everything it
# needs (npm packages, OPA, Debian's PostgreSQL), then runs every suite: static checks, the
# dist-is-current check, the Rego tests on both evaluators, and vitest, which includes the
# integration tests against a real PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
step() { printf '\n== %s (%ss)\n' "$1" "$(( $(date +%s) - start ))"; }

step "install npm packages"
npm ci --no-audit --no-fund --loglevel=error
step "install OPA and PostgreSQL"
bash scripts/install-tools.sh
export PATH="$PWD/node_modules/.bin:$PATH"
echo "node $(node --version)"

step "typecheck, lint, format"
npx tsc -p tsconfig.json
npx eslint --max-warnings=0 --report-unused-disable-directives .
npx prettier --check . >/dev/null || { npx prettier --check .; exit 1; }

step "dist is current"
bash scripts/check-dist.sh

step "Rego policies (opa fmt, opa check, opa test on Go and WebAssembly)"
opa_out=$(mktemp)
bash scripts/test-policies.sh 2>&1 | tee "$opa_out"
count() { { grep -Eo "^$1: [0-9]+/[0-9]+" "$opa_out" || true; } | awk -F'[ /]' '{s+=$2} END {print s+0}'; }
opa_passed=$(count PASS)
opa_failed=$(count FAIL)
rm -f "$opa_out"

step "vitest (unit, dist, integration against real PostgreSQL)"
vitest_json=$(mktemp)
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json="$vitest_json" || status=$?
read -r v_passed v_failed < <(node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  console.log(r.numPassedTests, r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0));' "$vitest_json")
rm -f "$vitest_json"

step "done"
echo "opa test: ${opa_passed} passed (both evaluators), vitest: ${v_passed} passed, ${v_failed} failed"
echo "$(( opa_passed + v_passed )) passed, $(( opa_failed + v_failed )) failed"
exit "$status"
