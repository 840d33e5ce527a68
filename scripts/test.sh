#!/usr/bin/env bash
# scripts/test.sh -- everything needed to run the whole test suite on a fresh Debian 12 machine:
# installs Maven if missing, finds a JDK 21+, provisions and starts the PostgreSQL 15 + TimescaleDB
# test bed (scripts/test-db.sh start), points the tests at it and runs `mvn verify`.
#
# Usage: scripts/test.sh [extra Maven arguments...]
#   e.g. scripts/test.sh -pl timescale-migrate-jdbc -Dit.test=IntrospectionRoundTripIT
#
# With TSM_TEST_JDBC_URL already set, that server is used and the Apache test server is not started.
# Otherwise PostgreSQL's regression database is built on the Apache test server too (scripts/test-db.sh
# regression; TSM_REGRESSION_DB=no leaves it out).
#
# The licensed-feature and cross-version tests need the Timescale-licensed server as well: with
# TSM_TIMESCALEDB_SOURCES naming a directory of TimescaleDB's release sources (CI passes
# ../shared/timescaledb), it is built once (cached) and started, and TSM_TEST_LICENSED_JDBC_URL points the
# tests at it; or set TSM_TEST_LICENSED_JDBC_URL yourself. Without either, those tests are skipped with
# their reason; under CI (CI=true) they fail instead, so nothing is skipped there.
set -euo pipefail

ME=$(basename "$0")
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

log() { printf '%s: %s\n' "$ME" "$*" >&2; }

started=$(date +%s)

# shellcheck source=lib/jdk.sh
. "$ROOT/scripts/lib/jdk.sh"
tsm_find_jdk || exit 1

# shellcheck source=lib/maven.sh
. "$ROOT/scripts/lib/maven.sh"
tsm_ensure_maven || exit 1

if [[ -z "${TSM_TEST_JDBC_URL:-}" ]]; then
  "$ROOT/scripts/test-db.sh" start
  TSM_TEST_JDBC_URL=$("$ROOT/scripts/test-db.sh" url)
  export TSM_TEST_JDBC_URL
  # PostgreSQL's regression database, which RegressionDatabaseIT migrates (built once, about three minutes;
  # TSM_REGRESSION_DB=no leaves it out, and that test then skips, or fails under CI)
  if [[ ${TSM_REGRESSION_DB:-yes} != no ]]; then
    "$ROOT/scripts/test-db.sh" regression
  fi
fi
if [[ -z "${TSM_TEST_LICENSED_JDBC_URL:-}" && -n "${TSM_TIMESCALEDB_SOURCES:-}" ]]; then
  "$ROOT/scripts/test-db.sh" --licensed start
  TSM_TEST_LICENSED_JDBC_URL=$("$ROOT/scripts/test-db.sh" --licensed url)
  export TSM_TEST_LICENSED_JDBC_URL
fi
log "test server: $TSM_TEST_JDBC_URL"
log "licensed test server: ${TSM_TEST_LICENSED_JDBC_URL:-none (set TSM_TIMESCALEDB_SOURCES or TSM_TEST_LICENSED_JDBC_URL; the licensed tests skip)}"
log "set-up took $(( $(date +%s) - started )) s"

mvn_started=$(date +%s)
mvn -B -ntp verify "$@"
log "mvn verify took $(( $(date +%s) - mvn_started )) s; everything $(( $(date +%s) - started )) s"
