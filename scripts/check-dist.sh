#!/usr/bin/env bash
# Rebuilds dist/ (bundles, compiled policies, rule catalogue) and the generated policy schema,
# and fails with the difference when the committed files are not what the sources build.
set -euo pipefail
cd "$(dirname "$0")/.."
npx node scripts/build-policies.mjs
npx node scripts/build-docs.mjs
npx node scripts/build-action-docs.mjs
npx node scripts/bundle.mjs
generated=(dist policies/schema docs/rules README.md)
if ! git diff --quiet --exit-code -- "${generated[@]}" || [ -n "$(git ls-files --others --exclude-standard -- "${generated[@]}")" ]; then
  echo "check-dist: the committed build output is out of date; run 'npm run build' and commit:" >&2
  git --no-pager diff --stat -- "${generated[@]}" >&2
  git --no-pager diff -- "${generated[@]}" ':!dist/*.wasm' | head -n 200 >&2
  git ls-files --others --exclude-standard -- "${generated[@]}" | sed 's/^/untracked: /' >&2
  exit 1
fi
echo "check-dist: dist/ and policies/schema are up to date" >&2
