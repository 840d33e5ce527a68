#!/usr/bin/env bash
# scripts/regression-check.sh -- measure what the project does with PostgreSQL's regression database
# (scripts/provision-regression-db.sh builds it on the Apache test server), next to pg_dump/pg_restore:
#
#   1. baseline: pg_dump -Fd of `regression`, pg_restore into a fresh database tsm_regress_restore, timed;
#      then the dump oracle (DumpOracle, jdbc module's test classes) compares it with the source, which shows
#      what even pg_dump/pg_restore cannot reproduce exactly on this server.
#   2. the project: `scripts/tsm migrate --strategy whole-database` from `regression` into a fresh, empty
#      database tsm_regress_target, timed, and the oracle comparison.
#   3. as a run stops at its first failing statement, the plan's DDL of that last run (`tsm plan`) is replayed
#      statement by statement with psql into a fresh database tsm_regress_replay (check_function_bodies off, as
#      the migration writes), which lists every statement the target refuses, in plan order (data not copied).
# It prints the number of differences and the first ones, and exits 0 whatever the migration does (this is a
# measurement); logs and reports are kept in $TSM_CACHE_DIR/regression-check.
#
# Usage: scripts/regression-check.sh [--skip-baseline] [--max-shown N] [extra `tsm migrate` options...]
#
# Needs: the test server running with the regression database (scripts/test-db.sh regression), the project
# built with its test classes (mvn -DskipTests package builds the CLI; the oracle needs
# timescale-migrate-jdbc/target/test-classes, e.g. mvn -DskipTests install or test-compile).
set -euo pipefail

ME=$(basename "$0")
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=lib/testbed.sh
. "$ROOT/scripts/lib/testbed.sh"
# shellcheck source=lib/jdk.sh
. "$ROOT/scripts/lib/jdk.sh"
tsm_server_settings apache
HOST=127.0.0.1
SOURCE_DB=regression
RESTORE_DB=tsm_regress_restore
TARGET_DB=tsm_regress_target
WORK=$TSM_CACHE_DIR/regression-check
MAX_SHOWN=25
BASELINE=yes
EXTRA=()
while [[ $# -gt 0 ]]; do
    case $1 in
        --skip-baseline) BASELINE=no; shift ;;
        --max-shown) MAX_SHOWN=$2; shift 2 ;;
        *) EXTRA+=("$1"); shift ;;
    esac
done

log()  { printf '%s: %s\n' "$ME" "$*" >&2; }
die()  { printf '%s: ERROR: %s\n' "$ME" "$*" >&2; exit 1; }
now()  { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1fs", b - a }'; }

url() { printf 'jdbc:postgresql://%s:%s/%s?user=postgres' "$HOST" "$PORT" "$1"; }
psql_q() {
    PGOPTIONS='-c client_min_messages=warning' "$PG_BIN/psql" -X -q -At -v ON_ERROR_STOP=1 --no-psqlrc \
        -h "$HOST" -p "$PORT" -U postgres "$@"
}
fresh_db() {
    psql_q -d postgres -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1 TEMPLATE template0 ENCODING 'UTF8'"
}

tsm_find_jdk >/dev/null 2>&1 || tsm_find_jdk || exit 1
CLI_LIB=$ROOT/timescale-migrate-examples/target/lib
TEST_CLASSES=$ROOT/timescale-migrate-jdbc/target/test-classes
[[ -f $ROOT/timescale-migrate-examples/target/timescale-migrate-cli.jar && -d $CLI_LIB ]] ||
    die "the CLI is not built: (cd $ROOT && mvn -B -q -DskipTests package)"
[[ -f $TEST_CLASSES/dev/timescalemigrate/testing/DumpOracle.class ]] ||
    die "the oracle is not compiled: (cd $ROOT && mvn -B -q -DskipTests -pl timescale-migrate-jdbc -am test-compile)"
"$PG_BIN/pg_isready" -q -h "$HOST" -p "$PORT" -t 5 || die "the test server is not running on $HOST:$PORT (scripts/test-db.sh start)"
[[ $(psql_q -d postgres -c "SELECT count(*) FROM pg_database WHERE datname = '$SOURCE_DB'") == 1 ]] ||
    die "no database '$SOURCE_DB' on $HOST:$PORT: build it with scripts/test-db.sh regression"
mkdir -p "$WORK"

# oracle NAME DB: compares the source with DB and prints the number of differences and the first ones.
oracle() {
    local name=$1 db=$2 t0 rc=0
    t0=$(now)
    java -cp "$TEST_CLASSES:$CLI_LIB/*" dev.timescalemigrate.testing.DumpOracle "$(url "$SOURCE_DB")" "$(url "$db")" \
        100000 >"$WORK/$name.oracle.txt" 2>"$WORK/$name.oracle.err" || rc=$?
    if (( rc != 0 && rc != 3 )); then
        cat "$WORK/$name.oracle.err" >&2
        log "    oracle ($name): failed with exit $rc"
        return 0
    fi
    log "    oracle ($name, $(elapsed "$t0")): $(head -n 1 "$WORK/$name.oracle.txt"); all: $WORK/$name.oracle.txt"
    # the first differences, each at most 12 lines
    awk -v max="$MAX_SHOWN" 'NR == 1 { next } /^(@@|table |large object |\.\.\. and )/ { n++; shown = 0 }
        n > max { exit } { if (++shown <= 12) print "        " $0; else if (shown == 13) print "        ..." }' \
        "$WORK/$name.oracle.txt" >&2
}

# migrate NAME DB [options...]: runs the CLI's whole-database migration into a fresh DB.
migrate() {
    local name=$1 db=$2 t0 rc=0
    shift 2
    fresh_db "$db"
    t0=$(now)
    "$ROOT/scripts/tsm" migrate --source "$(url "$SOURCE_DB")" --target "$(url "$db")" \
        --strategy whole-database --no-progress --report-json "$WORK/$name.report.json" "$@" "${EXTRA[@]}" \
        >"$WORK/$name.log" 2>&1 </dev/null || rc=$?
    LAST_RC=$rc
    log "    tsm migrate ($name): exit $rc after $(elapsed "$t0"); log: $WORK/$name.log"
    grep -E 'ERROR|Exception|error|refus|cannot|WARN|warning' "$WORK/$name.log" | head -n 60 | sed 's/^/        /' >&2 || true
}

T_START=$(now)
log "source: $(url "$SOURCE_DB") ($(psql_q -d "$SOURCE_DB" -c "SELECT count(*) FROM pg_class WHERE relkind IN ('r','p') AND relnamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace, 'pg_toast'::regnamespace)") tables, $(psql_q -d postgres -c "SELECT pg_size_pretty(pg_database_size('$SOURCE_DB'))"))"

if [[ $BASELINE == yes ]]; then
    log "==> baseline: pg_dump -Fd + pg_restore into $RESTORE_DB"
    fresh_db "$RESTORE_DB"
    rm -rf "$WORK/dump"
    t0=$(now)
    rc=0
    "$PG_BIN/pg_dump" -h "$HOST" -p "$PORT" -U postgres -Fd -j 2 -f "$WORK/dump" "$SOURCE_DB" 2>"$WORK/pg_dump.err" || rc=$?
    log "    pg_dump -Fd -j 2: exit $rc, $(elapsed "$t0"), $(du -sh "$WORK/dump" | cut -f1)"
    t0=$(now)
    rc=0
    "$PG_BIN/pg_restore" -h "$HOST" -p "$PORT" -U postgres -j 2 -d "$RESTORE_DB" "$WORK/dump" 2>"$WORK/pg_restore.err" || rc=$?
    log "    pg_restore -j 2: exit $rc, $(elapsed "$t0"), $(grep -c '^pg_restore: error' "$WORK/pg_restore.err" || true) errors (log: $WORK/pg_restore.err)"
    grep '^pg_restore: error' "$WORK/pg_restore.err" | head -n 10 | sed 's/^/        /' >&2 || true
    oracle restore "$RESTORE_DB"
fi

log "==> the project: tsm migrate --strategy whole-database into $TARGET_DB"
migrate whole "$TARGET_DB"
oracle whole "$TARGET_DB"

args=()

log "==> replaying the plan's DDL statement by statement into tsm_regress_replay"
fresh_db tsm_regress_replay
"$ROOT/scripts/tsm" plan --source "$(url "$SOURCE_DB")" --target "$(url tsm_regress_replay)" \
    --strategy whole-database "${args[@]}" "${EXTRA[@]}" >"$WORK/plan.txt" 2>&1 </dev/null || true
# Plan lines: "  12. [phase] kind name", then the statement indented by 8 spaces.
awk 'BEGIN { print "SET check_function_bodies = off;" }
     /^ *[0-9]+\. \[[a-z-]+\] / { flush(); sub(/^ +/, ""); head = $0; body = ""; inside = 1; next }
     inside && /^        / { body = body substr($0, 9) "\n"; next }
     inside && /^$/ { body = body "\n"; next }
     { flush(); inside = 0 }
     function flush() { if (body ~ /[^ \n]/) { gsub(/\\/, "\\\\", head); print "\\echo @@STEP " head; sub(/[ \n;]+$/, "", body); print body ";" } body = "" }
     END { flush() }' "$WORK/plan.txt" >"$WORK/replay.sql"
PGOPTIONS='-c client_min_messages=warning' "$PG_BIN/psql" -X -q --no-psqlrc -h "$HOST" -p "$PORT" -U postgres \
    -d tsm_regress_replay -f "$WORK/replay.sql" >"$WORK/replay.out" 2>&1 || true
awk '/^@@STEP/ { step = substr($0, 8); next } /ERROR:/ { sub(/^.*ERROR: +/, ""); print step " => " $0 }' \
    "$WORK/replay.out" >"$WORK/replay-errors.txt"
log "    $(grep -c '^@@STEP' "$WORK/replay.out" || true) statements, $(wc -l <"$WORK/replay-errors.txt") refused (all: $WORK/replay-errors.txt); the first $MAX_SHOWN:"
head -n "$MAX_SHOWN" "$WORK/replay-errors.txt" | cut -c1-220 | sed 's/^/        /' >&2
log "done in $(elapsed "$T_START"); logs, reports and oracle outputs in $WORK"
