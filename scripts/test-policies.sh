#!/usr/bin/env bash
# Rego checks: formatting, strict type checking against the facts schema, and the policy unit
# tests on both of OPA's evaluators (Go topdown and WebAssembly, which the action runs).
set -euo pipefail
cd "$(dirname "$0")/.."
OPA=${OPA:-.tools/bin/opa}
unformatted=$("$OPA" fmt --list policies)
if [ -n "$unformatted" ]; then
  echo "opa fmt: these files need formatting (npm run format):" >&2
  echo "$unformatted" >&2
  exit 1
fi
"$OPA" check --strict -s policies/schema policies
"$OPA" test policies --ignore schema "$@"
"$OPA" test -t wasm policies --ignore schema "$@"
