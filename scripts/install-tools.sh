#!/usr/bin/env bash
# Installs what the build and the tests need and the npm registry does not carry:
# OPA (pinned, into the git-ignored .tools/) and Debian's PostgreSQL when it is absent.
# Reuses what is already there; safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

OPA_VERSION=v1.22.2
TOOLS_BIN=$PWD/.tools/bin
mkdir -p "$TOOLS_BIN"

installed_opa_version() {
  "$TOOLS_BIN/opa" version 2>/dev/null | sed -n 's/^Version: /v/p'
}

if [ "$(installed_opa_version)" != "$OPA_VERSION" ] || ! "$TOOLS_BIN/opa" version | grep -q '^WebAssembly: available'; then
  command -v go >/dev/null || { echo "install-tools: Go is needed to install OPA" >&2; exit 1; }
  echo "install-tools: installing OPA $OPA_VERSION into .tools/bin" >&2
  # The opa_wasm tag adds the WebAssembly runtime, so `opa test -t wasm` can check the policies
  # on the same evaluator the action uses.
  GOBIN=$TOOLS_BIN GOFLAGS=-mod=mod go install -tags opa_wasm "github.com/open-policy-agent/opa@$OPA_VERSION"
fi

pg_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

if [ -z "$(pg_bin)" ] && ! command -v initdb >/dev/null; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-tools: PostgreSQL is missing; run as root or install Debian's postgresql package" >&2
    exit 1
  fi
  echo "install-tools: installing Debian's postgresql" >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
# PgBouncer itself is the oracle of the pgbouncer.ini parser's differential test.
if ! command -v pgbouncer >/dev/null && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "install-tools: installing Debian's pgbouncer" >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pgbouncer >/dev/null
fi

# Real-world configs name locales (lc_messages = 'de_DE.UTF-8') that PostgreSQL accepts only when
# they are installed; the differential tests need them to tell real disagreements apart.
if ! dpkg -s locales-all >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "install-tools: installing Debian's locales-all" >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq locales-all >/dev/null
fi
echo "install-tools: OPA $(installed_opa_version), PostgreSQL in $(pg_bin)" >&2
