#!/usr/bin/env bash
# scripts/provision-regression-db.sh -- build PostgreSQL's own regression database (the one
# `make installcheck-parallel` leaves behind, named `regression`) on the Apache test server (port 55432),
# as a large, hostile migration source: several hundred tables of every kind, inheritance, rules, exotic
# types, large objects, C functions.
#
# Idempotent: when the database exists (and has several hundred tables) and the C libraries it references
# are in place, a run only checks and prints a summary.
#
# What it does:
#   1. Fetches Debian 12's `postgresql-15` SOURCE package (suite bookworm) with `apt-get source` through a
#      PRIVATE, throw-away apt configuration (scripts/lib/apt-source.sh, as provision-test-db.sh fetches the
#      TimescaleDB source: archive URI from this machine's apt configuration, signed Release verified with
#      the Debian archive keyring, system apt configuration untouched). Cached.
#   2. Configures it minimally (no readline, zlib, ICU) in a build directory of its own and builds only what
#      installcheck needs: pg_regress, regress.so and contrib/spi's refint.so and autoinc.so. Cached.
#   3. Installs those into a stable run directory the server's OS user can read (TSM_RUN_BASE, see
#      scripts/lib/testbed.sh: /var/tmp/timescale-migrate when root, else the cache), with the test suite
#      (sql/, expected/, data/, parallel_schedule, resultmap). The database's C functions point to
#      <run dir>/lib/*.so, so it keeps working after the build directory is removed.
#   4. Runs pg_regress with the parallel schedule against the running test server (127.0.0.1, the test
#      server's port, user postgres), like `make installcheck-parallel`. pg_regress drops and recreates the
#      database `regression` and leaves it behind.
#      Some tests fail against a server of a newer minor version (and with TimescaleDB preloaded): that is
#      expected and does not fail this script; only a missing or nearly empty database does.
#
# Usage: scripts/provision-regression-db.sh [--rebuild]
#   --rebuild   drop the database `regression` and build it again (also done when it is missing).
#
# Environment:
#   TSM_CACHE_DIR     cache directory (default: $HOME/.cache/timescale-migrate)
#   TSM_TEST_DB_PORT  the Apache test server's port (default 55432)
#   TSM_DEBIAN_ARCHIVE_URI  see scripts/lib/apt-source.sh
#
# Needs the test server running (scripts/test-db.sh start); `scripts/test-db.sh regression` starts it and
# runs this script.
set -euo pipefail

ME=$(basename "$0")
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib/testbed.sh
. "$SCRIPT_DIR/lib/testbed.sh"
# shellcheck source=lib/apt-source.sh
. "$SCRIPT_DIR/lib/apt-source.sh"
tsm_server_settings apache

PG_MAJOR=$TSM_PG_MAJOR
HOST=127.0.0.1
DB_NAME=regression
MIN_TABLES=300          # PostgreSQL 15's regression database has about 400 after a full run
SRC_PKG=postgresql-$PG_MAJOR
SRC_SUITE=bookworm
SRC_UPSTREAM="$PG_MAJOR.*"

CACHE=$TSM_CACHE_DIR/postgresql-$PG_MAJOR-regress
SRC_DIR=$CACHE/source           # downloaded .dsc/.orig/.debian + unpacked tree
BUILD_DIR=$CACHE/build          # VPATH configure/make directory
BUILD_OK=$CACHE/build.ok        # marker: pg_regress and the libraries are built
RUN_DIR=$TSM_RUN_BASE/regression-pg$PG_MAJOR
LIB_DIR=$RUN_DIR/lib            # the stable dlpath the database's C functions reference
SUITE_DIR=$RUN_DIR/suite        # pg_regress --inputdir
OUT_DIR=$RUN_DIR/results        # pg_regress --outputdir (server-side COPY TO and lo_export write here)
LIBS=(regress refint autoinc)

REBUILD=no
for arg in "$@"; do
    case $arg in
        --rebuild) REBUILD=yes ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 0 ;;
        *) printf '%s: unknown argument %s (usage: %s [--rebuild])\n' "$ME" "$arg" "$ME" >&2; exit 2 ;;
    esac
done

log()  { printf '%s: %s\n' "$ME" "$*" >&2; }
die()  { printf '%s: ERROR: %s\n' "$ME" "$*" >&2; exit 1; }
now()  { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1fs", b - a }'; }

# step "description" command args... : runs the command and prints its duration.
step() {
    local what=$1 t0
    shift
    log "==> $what"
    t0=$(now)
    "$@"
    log "    $what: done in $(elapsed "$t0")"
}

T_START=$(now)

IS_ROOT=no
[[ $(id -u) -eq 0 ]] && IS_ROOT=yes
# The server's OS user must read the suite and libraries and write the results (server-side COPY).
as_pg() {
    if [[ $IS_ROOT == yes ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

psql_q() {
    PGOPTIONS='-c client_min_messages=warning' "$PG_BIN/psql" -X -q -At -v ON_ERROR_STOP=1 --no-psqlrc \
        -h "$HOST" -p "$PORT" -U postgres "$@"
}

# --------------------------------------------------------------------------
# 0. The server
# --------------------------------------------------------------------------
[[ -x $PG_BIN/psql && -x $PG_BIN/pg_config ]] || die "$PG_BIN has no psql/pg_config; run scripts/provision-test-db.sh"
"$PG_BIN/pg_isready" -q -h "$HOST" -p "$PORT" -U postgres -d postgres -t 5 ||
    die "the test server does not accept connections on $HOST:$PORT; start it with scripts/test-db.sh start"
SERVER_VERSION=$(psql_q -d postgres -c "SHOW server_version")
[[ $SERVER_VERSION == "$PG_MAJOR".* ]] || die "the server on $HOST:$PORT runs PostgreSQL $SERVER_VERSION, expected $PG_MAJOR.x"

db_exists() {
    [[ $(psql_q -d postgres -c "SELECT count(*) FROM pg_database WHERE datname = '$DB_NAME'") == 1 ]]
}

# Ordinary and partitioned tables outside the system schemas.
table_count() {
    psql_q -d "$DB_NAME" -c "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
          AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp%'"
}

libs_installed() {
    local l
    for l in "${LIBS[@]}"; do
        [[ -f $LIB_DIR/$l.so ]] || return 1
    done
    [[ -x $RUN_DIR/bin/pg_regress && -f $SUITE_DIR/parallel_schedule ]]
}

healthy() {
    db_exists && libs_installed && (( $(table_count) >= MIN_TABLES ))
}

summary() {
    local size
    size=$(psql_q -d postgres -c "SELECT pg_size_pretty(pg_database_size('$DB_NAME'))")
    log "database '$DB_NAME' on $HOST:$PORT: $(table_count) tables, $size"
    log "    C libraries: $LIB_DIR ($(psql_q -d "$DB_NAME" -c "SELECT count(*) FROM pg_proc WHERE probin LIKE '$LIB_DIR/%'") functions reference them)"
    log "    built from:  $SRC_PKG $(cat "$SRC_DIR/deb-version" 2>/dev/null || echo '?') against server $SERVER_VERSION"
    [[ -f $OUT_DIR/regression.out ]] && log "    last pg_regress run: $OUT_DIR/regression.out, diffs $OUT_DIR/regression.diffs"
    log "    JDBC URL:    jdbc:postgresql://$HOST:$PORT/$DB_NAME?user=postgres"
}

if [[ $REBUILD == no ]] && healthy; then
    log "database '$DB_NAME' is in place: nothing to build"
    summary
    log "done in $(elapsed "$T_START")"
    exit 0
fi

mkdir -p "$CACHE"
# Serialize concurrent runs.
exec 9>"$CACHE/.lock"
flock 9

# --------------------------------------------------------------------------
# 1. Source
# --------------------------------------------------------------------------
fetch_source() {
    tsm_apt_source_fetch "$SRC_PKG" "$SRC_SUITE" "$SRC_UPSTREAM" "$SRC_DIR"
    [[ -f $SRC_DIR/tree/configure && -f $SRC_DIR/tree/src/test/regress/parallel_schedule ]] ||
        die "unpacked source tree $SRC_DIR/tree lacks configure or src/test/regress/parallel_schedule"
}

if [[ -f $SRC_DIR/deb-version && -f $SRC_DIR/tree/src/test/regress/parallel_schedule ]]; then
    log "using cached source of $SRC_PKG $(cat "$SRC_DIR/deb-version") in $SRC_DIR"
else
    rm -f "$BUILD_OK"
    step "fetching Debian source package '$SRC_PKG' from $SRC_SUITE" fetch_source
fi

# --------------------------------------------------------------------------
# 2. Build (only pg_regress, regress.so, refint.so, autoinc.so)
# --------------------------------------------------------------------------
build() {
    local jobs t0 tree
    jobs=$(nproc 2>/dev/null || echo 2)
    # The real path: configure's prep_buildtree runs find on it, which does not follow the tree symlink.
    tree=$(readlink -f "$SRC_DIR/tree")
    rm -rf "$BUILD_DIR" "$BUILD_OK"
    mkdir -p "$BUILD_DIR"
    t0=$(now)
    # Minimal: the server's own features do not matter for the test modules; the ABI-relevant defaults
    # (block size, float8 by value, ...) are the same as Debian's.
    (cd "$BUILD_DIR" && "$tree/configure" --without-readline --without-zlib --without-icu \
        --without-llvm --disable-nls --disable-rpath --prefix=/usr/lib/postgresql/$PG_MAJOR) \
        >"$CACHE/configure.log" 2>&1 ||
        { tail -n 40 "$CACHE/configure.log" >&2; die "configure failed (full log: $CACHE/configure.log)"; }
    log "    configure: $(elapsed "$t0")"
    t0=$(now)
    # src/test/regress's default target builds pg_regress, regress.so and (via contrib/spi) refint/autoinc.
    make -C "$BUILD_DIR/src/test/regress" -j"$jobs" >"$CACHE/make.log" 2>&1 ||
        { tail -n 40 "$CACHE/make.log" >&2; die "make failed (full log: $CACHE/make.log)"; }
    log "    make -j$jobs (src/test/regress): $(elapsed "$t0")"
    local l
    for l in pg_regress "${LIBS[@]/%/.so}"; do
        [[ -f $BUILD_DIR/src/test/regress/$l ]] || die "$BUILD_DIR/src/test/regress/$l was not built (log: $CACHE/make.log)"
    done
    {
        echo "debian-source=$(cat "$SRC_DIR/deb-version")"
        echo "built-at=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    } >"$BUILD_OK"
}

if [[ -f $BUILD_OK ]]; then
    log "using cached build in $BUILD_DIR ($(grep '^debian-source=' "$BUILD_OK" | cut -d= -f2))"
else
    step "building pg_regress, regress.so, refint.so, autoinc.so from $SRC_PKG $(cat "$SRC_DIR/deb-version")" build
fi

# --------------------------------------------------------------------------
# 3. Stable run directory
# --------------------------------------------------------------------------
install_run_dir() {
    local src=$SRC_DIR/tree/src/test/regress b=$BUILD_DIR/src/test/regress l
    mkdir -p "$TSM_RUN_BASE"
    if [[ $IS_ROOT == yes ]]; then chmod o+x "$TSM_RUN_BASE"; fi
    mkdir -p "$RUN_DIR/bin" "$LIB_DIR" "$SUITE_DIR"
    install -m 755 "$b/pg_regress" "$RUN_DIR/bin/pg_regress"
    for l in "${LIBS[@]}"; do
        # Replace atomically: the server may have the old file mapped.
        install -m 755 "$b/$l.so" "$LIB_DIR/.$l.so.new"
        mv -f "$LIB_DIR/.$l.so.new" "$LIB_DIR/$l.so"
    done
    rm -rf "$SUITE_DIR"
    mkdir -p "$SUITE_DIR"
    cp -r "$src/sql" "$src/expected" "$src/data" "$src/parallel_schedule" "$src/resultmap" "$SUITE_DIR/"
    if [[ $IS_ROOT == yes ]]; then
        chown -R postgres:postgres "$RUN_DIR"
    fi
}
step "installing pg_regress, the libraries and the suite into $RUN_DIR" install_run_dir

# --------------------------------------------------------------------------
# 4. pg_regress
# --------------------------------------------------------------------------
run_regress() {
    local rc=0 failed
    if db_exists; then
        log "    dropping the existing database '$DB_NAME'"
        psql_q -d postgres -c "DROP DATABASE $DB_NAME WITH (FORCE)"
    fi
    as_pg rm -rf "$OUT_DIR"
    as_pg mkdir -p "$OUT_DIR"
    # cd: the server's OS user may not be able to read the caller's working directory.
    (cd "$RUN_DIR" && as_pg env -u PGDATABASE -u PGSERVICE -u PGOPTIONS \
        "$RUN_DIR/bin/pg_regress" \
        --inputdir="$SUITE_DIR" --outputdir="$OUT_DIR" --bindir="$PG_BIN" --dlpath="$LIB_DIR" \
        --host="$HOST" --port="$PORT" --user=postgres \
        --schedule="$SUITE_DIR/parallel_schedule" --max-concurrent-tests=20 \
        >"$CACHE/pg_regress.log" 2>&1) || rc=$?
    failed=$(grep -c 'FAILED' "$CACHE/pg_regress.log" || true)
    log "    pg_regress exited with $rc; $failed test(s) failed (expected against server $SERVER_VERSION with TimescaleDB preloaded); output: $CACHE/pg_regress.log, diffs: $OUT_DIR/regression.diffs"
    if (( failed > 0 )); then
        log "    failed: $(grep 'FAILED' "$CACHE/pg_regress.log" | sed -E 's/^[[:space:]]*(test[[:space:]]+)?//; s/[[:space:]]+\.\.\..*//' | tr '\n' ' ')"
    fi
    grep -q 'ok\|FAILED' "$CACHE/pg_regress.log" || { tail -n 30 "$CACHE/pg_regress.log" >&2; die "pg_regress ran no test"; }
}
step "running pg_regress (parallel schedule) against $HOST:$PORT" run_regress

db_exists || die "pg_regress left no database '$DB_NAME' (log: $CACHE/pg_regress.log)"
tables=$(table_count)
(( tables >= MIN_TABLES )) || die "database '$DB_NAME' has only $tables tables, expected at least $MIN_TABLES (log: $CACHE/pg_regress.log)"
flock -u 9

summary
log "done in $(elapsed "$T_START")"
