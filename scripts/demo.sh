#!/usr/bin/env bash
# scripts/demo.sh -- the README's demo, everything set up on a fresh Debian 12 machine:
# starts the PostgreSQL + TimescaleDB test bed, creates a sample source database (tsm_demo_source) and an
# empty target database (tsm_demo_target; the migration creates the timescaledb extension), builds the
# command line, shows the plan, then migrates the sample into the target with app.readings as a
# hypertable, verifies it and inspects the result.
set -euo pipefail
ME=$(basename "$0")
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
log() { printf '%s: %s\n' "$ME" "$*" >&2; }

# shellcheck source=lib/jdk.sh
. "$ROOT/scripts/lib/jdk.sh"
tsm_find_jdk || exit 1
# shellcheck source=lib/maven.sh
. "$ROOT/scripts/lib/maven.sh"
tsm_ensure_maven || exit 1

"$ROOT/scripts/test-db.sh" start
ADMIN_URL=$("$ROOT/scripts/test-db.sh" url)
SOURCE_URL=${ADMIN_URL/\/postgres\?/\/tsm_demo_source?}
TARGET_URL=${ADMIN_URL/\/postgres\?/\/tsm_demo_target?}

log "creating the sample source database tsm_demo_source"
"$ROOT/scripts/test-db.sh" psql -q -v ON_ERROR_STOP=1 \
  -c "DROP DATABASE IF EXISTS tsm_demo_source WITH (FORCE)" -c "CREATE DATABASE tsm_demo_source"
"$ROOT/scripts/test-db.sh" psql -q -v ON_ERROR_STOP=1 -d tsm_demo_source \
  < "$ROOT/timescale-migrate-examples/src/main/resources/demo/sample-source.sql"

log "creating an empty target database tsm_demo_target (the migration creates the timescaledb extension in it)"
"$ROOT/scripts/test-db.sh" psql -q -v ON_ERROR_STOP=1 \
  -c "DROP DATABASE IF EXISTS tsm_demo_target WITH (FORCE)" -c "CREATE DATABASE tsm_demo_target"

log "building the command line"
mvn -B -q -ntp -DskipTests install

log "the plan (a dry run: nothing is written)"
"$ROOT/scripts/tsm" plan --source "$SOURCE_URL" --target "$TARGET_URL" --hypertable app.readings:ts:1d | head -40

log "migrating $SOURCE_URL into $TARGET_URL"
"$ROOT/scripts/tsm" migrate --source "$SOURCE_URL" --target "$TARGET_URL" --hypertable app.readings:ts:1d \
  --report-json "$ROOT/timescale-migrate-examples/target/demo-report.json"

log "the target now"
"$ROOT/scripts/tsm" inspect --url "$TARGET_URL" | sed -n '1,60p'
log "report as JSON: timescale-migrate-examples/target/demo-report.json"
