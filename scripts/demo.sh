#!/usr/bin/env bash
# scripts/demo.sh -- the README's demo, everything set up on a fresh Debian 12 machine:
# starts the PostgreSQL + TimescaleDB test bed, creates a sample source database (tsm_demo_source),
# builds the command line and inspects the sample database with it.
set -euo pipefail
ME=$(basename "$0")
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
log() { printf '%s: %s\n' "$ME" "$*" >&2; }

# shellcheck source=lib/jdk.sh
. "$ROOT/scripts/lib/jdk.sh"
tsm_find_jdk || exit 1
command -v mvn >/dev/null 2>&1 || { log "Maven is missing: run scripts/test.sh once, or apt-get install maven"; exit 1; }

"$ROOT/scripts/test-db.sh" start
ADMIN_URL=$("$ROOT/scripts/test-db.sh" url)
SOURCE_URL=${ADMIN_URL/\/postgres\?/\/tsm_demo_source?}

log "creating the sample source database tsm_demo_source"
"$ROOT/scripts/test-db.sh" psql -q -v ON_ERROR_STOP=1 \
  -c "DROP DATABASE IF EXISTS tsm_demo_source WITH (FORCE)" -c "CREATE DATABASE tsm_demo_source"
"$ROOT/scripts/test-db.sh" psql -q -v ON_ERROR_STOP=1 -d tsm_demo_source \
  < "$ROOT/timescale-migrate-examples/src/main/resources/demo/sample-source.sql"

log "building the command line"
mvn -B -q -ntp -DskipTests package

log "inspecting $SOURCE_URL"
"$ROOT/scripts/tsm" inspect --url "$SOURCE_URL"
