#!/usr/bin/env bash
# scripts/test-db.sh -- the private, throw-away PostgreSQL 15 + TimescaleDB servers of
# timescale-migrate's tests:
#   (default)   the Apache-2.0 edition: Debian's PostgreSQL 15 with TimescaleDB 2.19.3 built from
#               Debian's source package; port 55432.
#   --licensed  the Timescale License edition: a PostgreSQL tree of its own with TimescaleDB 2.19.3 and
#               2.28.3 (the default; `CREATE EXTENSION timescaledb VERSION '2.19.3'` gives the older one)
#               built from the release sources in TSM_TIMESCALEDB_SOURCES by
#               scripts/provision-licensed-db.sh; port 55433, timescaledb.license = 'timescale'.
# Both run with wal_level = logical.
#
# Usage: scripts/test-db.sh [--licensed] start|stop|restart|status|url|psql [psql args...]
#        scripts/test-db.sh regression [--rebuild]
#
#   start    provision (idempotent, fast when done), create the cluster if needed, start it (no-op if
#            running), wait until it accepts connections and check that `CREATE EXTENSION timescaledb`
#            works in a scratch database (every version, with the license expected), which is dropped
#            again; template1 is left untouched.
#   stop     stop it (fast mode); no-op if not running.
#   restart  stop, then start.
#   status   print "running ..." (exit 0) or "stopped ..." (exit 3).
#   url      print the JDBC URL, e.g.
#            jdbc:postgresql://127.0.0.1:55432/postgres?user=postgres
#   psql     run psql against the cluster (user postgres, database postgres
#            unless given with -d); remaining arguments are passed to psql.
#   regression  (Apache server only; scripts/test.sh runs it) start the server, then build
#            PostgreSQL's regression database `regression` on it with scripts/provision-regression-db.sh
#            (cached; a run with the database in place only checks; --rebuild builds it again).
#
# Environment:
#   TSM_TEST_DB_PORT, TSM_TEST_LICENSED_DB_PORT   TCP ports (default 55432, 55433); 127.0.0.1 only.
#   TSM_TEST_DB_DIR, TSM_TEST_LICENSED_DB_DIR     data directories. Default:
#                       non-root: ${TSM_CACHE_DIR:-$HOME/.cache/timescale-migrate}/testdb[-licensed]
#                       root:     /var/tmp/timescale-migrate/testdb[-licensed]
#                     When run as root the server runs as the `postgres` OS
#                     user (via runuser), so the data directory must be owned
#                     by postgres and every parent directory must be
#                     traversable by it. root's home (/root) is usually mode
#                     700, hence the default outside it. (On systemd machines
#                     files in /var/tmp unused for 30 days may be cleaned up;
#                     this is a throw-away test cluster, `start` re-creates a
#                     missing one.)
#   TSM_TIMESCALEDB_SOURCES  with --licensed: the directory of the TimescaleDB release sources
#                     (see scripts/provision-licensed-db.sh).
#   TSM_CACHE_DIR     see scripts/provision-test-db.sh.
#
# Authentication is `trust`, but only for local (unix socket) and loopback
# connections (127.0.0.1/32, ::1/128); nothing else is in pg_hba.conf. The
# unix socket lives in the data directory (or /tmp if that path is too long).
# Durability is switched off (fsync, synchronous_commit, full_page_writes):
# never keep data you care about in this cluster. The server log is
# <data dir>/postgresql.log.
set -euo pipefail

ME=$(basename "$0")
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib/testbed.sh
. "$SCRIPT_DIR/lib/testbed.sh"
FLAVOR=apache
if [[ ${1:-} == --licensed ]]; then
    FLAVOR=licensed
    shift
fi
tsm_server_settings "$FLAVOR"
PG_MAJOR=$TSM_PG_MAJOR
HOST=127.0.0.1
CHECK_DB=tsm_extension_check

log() { printf '%s: %s\n' "$ME" "$*" >&2; }
die() { printf '%s: ERROR: %s\n' "$ME" "$*" >&2; exit 1; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1fs", b - a }'; }

if ! [[ $PORT =~ ^[0-9]+$ ]] || (( PORT < 1 || PORT > 65535 )); then
    die "the $FLAVOR server's port must be a number from 1 to 65535, got '$PORT'"
fi

IS_ROOT=no
[[ $(id -u) -eq 0 ]] && IS_ROOT=yes
if [[ $FLAVOR == licensed ]]; then
    PGDATA_DIR=${TSM_TEST_LICENSED_DB_DIR:-$DATA_DIR_DEFAULT}
else
    PGDATA_DIR=${TSM_TEST_DB_DIR:-$DATA_DIR_DEFAULT}
fi
[[ $PGDATA_DIR == /* ]] || PGDATA_DIR=$PWD/$PGDATA_DIR
PGDATA_DIR=${PGDATA_DIR%/}
LOG_FILE=$PGDATA_DIR/postgresql.log
CONF_FILE=timescale-migrate.conf

# Unix socket path must fit in sun_path (107 bytes) including ".s.PGSQL.<port>".
if (( ${#PGDATA_DIR} + 16 <= 100 )); then
    SOCKET_DIR=$PGDATA_DIR
else
    SOCKET_DIR=/tmp
fi

# The postgres OS user may not be able to read the caller's working directory.
cd /

# Runs a command as the OS user that owns the cluster.
as_pg() {
    if [[ $IS_ROOT == yes ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

client_env() {
    export PGHOST=$HOST PGPORT=$PORT PGUSER=postgres
    export PGDATABASE=postgres
    unset PGSERVICE PGPASSWORD PGSSLMODE 2>/dev/null || true
}

provisioner() {
    if [[ $FLAVOR == licensed ]]; then
        echo "TSM_TIMESCALEDB_SOURCES=<dir> scripts/provision-licensed-db.sh"
    else
        echo "scripts/provision-test-db.sh"
    fi
}

require_binaries() {
    local b
    for b in initdb pg_ctl pg_isready psql postgres; do
        [[ -x $PG_BIN/$b ]] || die "$PG_BIN/$b not found; run $(provisioner)"
    done
    if [[ $IS_ROOT == yes ]] && ! getent passwd postgres >/dev/null; then
        die "running as root but there is no 'postgres' OS user (is postgresql-$PG_MAJOR installed?)"
    fi
}

is_initialized() { [[ -f $PGDATA_DIR/PG_VERSION ]]; }

is_running() {
    is_initialized || return 1
    as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" status >/dev/null 2>&1
}

running_pid()  { sed -n 1p "$PGDATA_DIR/postmaster.pid" 2>/dev/null || true; }
running_port() { sed -n 4p "$PGDATA_DIR/postmaster.pid" 2>/dev/null || true; }

init_cluster() {
    if is_initialized; then
        local v
        v=$(cat "$PGDATA_DIR/PG_VERSION")
        [[ $v == "$PG_MAJOR" ]] || die "$PGDATA_DIR holds a PostgreSQL $v cluster, expected $PG_MAJOR (remove it or set TSM_TEST_DB_DIR)"
        return 0
    fi
    if [[ -d $PGDATA_DIR ]] && [[ -n "$(ls -A "$PGDATA_DIR" 2>/dev/null)" ]]; then
        die "$PGDATA_DIR exists, is not empty and is not a PostgreSQL cluster; remove it or set TSM_TEST_DB_DIR"
    fi
    log "creating cluster in $PGDATA_DIR"
    mkdir -p "$PGDATA_DIR"
    if [[ $IS_ROOT == yes ]]; then
        chown postgres:postgres "$PGDATA_DIR"
        chmod 700 "$PGDATA_DIR"
        as_pg test -w "$PGDATA_DIR" -a -x "$PGDATA_DIR" ||
            die "the postgres OS user cannot use $PGDATA_DIR: every parent directory must be traversable (o+x) by postgres; choose another TSM_TEST_DB_DIR"
    else
        chmod 700 "$PGDATA_DIR"
    fi
    local out
    if ! out=$(as_pg "$PG_BIN/initdb" -D "$PGDATA_DIR" -U postgres --auth=trust \
        --encoding=UTF8 --no-locale --no-instructions 2>&1); then
        printf '%s\n' "$out" >&2
        die "initdb failed"
    fi
    printf "\n# timescale-migrate test settings (rewritten by scripts/test-db.sh on every start)\ninclude = '%s'\n" "$CONF_FILE" |
        as_pg tee -a "$PGDATA_DIR/postgresql.conf" >/dev/null
}

write_config() {
    as_pg tee "$PGDATA_DIR/$CONF_FILE" >/dev/null <<EOF
# Written by scripts/test-db.sh -- do not edit, changes are overwritten on start.
listen_addresses = '$HOST'
port = $PORT
unix_socket_directories = '$SOCKET_DIR'
max_connections = 200

shared_preload_libraries = 'timescaledb'
timescaledb.license = '$LICENSE'
timescaledb.telemetry_level = off
timescaledb.max_background_workers = 16
max_worker_processes = 32
max_parallel_workers = 8
max_locks_per_transaction = 256

shared_buffers = 512MB
work_mem = 16MB
maintenance_work_mem = 256MB

# logical replication (live migration)
wal_level = logical
max_replication_slots = 16
max_wal_senders = 16

# throw-away test cluster: no durability
fsync = off
synchronous_commit = off
full_page_writes = off
max_wal_size = 4GB
checkpoint_timeout = 30min

timezone = 'UTC'
log_timezone = 'UTC'
log_line_prefix = '%m [%p] %q%u@%d '
log_min_duration_statement = -1
EOF
    as_pg tee "$PGDATA_DIR/pg_hba.conf" >/dev/null <<EOF
# Written by scripts/test-db.sh -- trust for local and loopback only.
# TYPE  DATABASE  USER  ADDRESS        METHOD
local   all       all                  trust
host    all       all   127.0.0.1/32   trust
host    all       all   ::1/128        trust
EOF
}

wait_ready() {
    local i
    for (( i = 0; i < 60; i++ )); do
        if "$PG_BIN/pg_isready" -q -h "$HOST" -p "$PORT" -U postgres -d postgres -t 2; then
            return 0
        fi
        sleep 0.5
    done
    tail -n 30 "$LOG_FILE" >&2 2>/dev/null || true
    die "server did not accept connections on $HOST:$PORT within 30s (log: $LOG_FILE)"
}

check_extension() {
    client_env
    local psql=("$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 --no-psqlrc)
    local out
    PGOPTIONS='-c client_min_messages=warning' "${psql[@]}" -d postgres \
        -c "DROP DATABASE IF EXISTS $CHECK_DB WITH (FORCE)" \
        -c "CREATE DATABASE $CHECK_DB" >/dev/null ||
        die "could not create the scratch database $CHECK_DB"
    local versions=("") v license all=()
    [[ $FLAVOR == licensed ]] && versions=("${TSM_LICENSED_VERSIONS[@]}")
    for v in "${versions[@]}"; do
        if ! out=$(PGOPTIONS='-c client_min_messages=warning' "${psql[@]}" -At -d "$CHECK_DB" \
            -c "DROP EXTENSION IF EXISTS timescaledb" \
            -c "CREATE EXTENSION timescaledb${v:+ VERSION '$v'}" \
            -c "SELECT extversion || ' ' || current_setting('timescaledb.license') FROM pg_extension WHERE extname = 'timescaledb'" 2>&1); then
            printf '%s\n' "$out" >&2
            PGOPTIONS='-c client_min_messages=warning' "${psql[@]}" -d postgres -c "DROP DATABASE IF EXISTS $CHECK_DB WITH (FORCE)" >/dev/null 2>&1 || true
            die "CREATE EXTENSION timescaledb${v:+ VERSION '$v'} failed in the scratch database"
        fi
        license=${out##* }
        [[ -z $v || ${out%% *} == "$v" ]] || die "CREATE EXTENSION timescaledb VERSION '$v' gave version ${out%% *}"
        [[ $license == "$LICENSE" ]] || die "timescaledb.license is '$license' on the $FLAVOR server, expected '$LICENSE'"
        all+=("${out%% *}")
    done
    out="${all[*]} (license: $LICENSE)"
    PGOPTIONS='-c client_min_messages=warning' "${psql[@]}" -d postgres \
        -c "DROP DATABASE IF EXISTS $CHECK_DB WITH (FORCE)" >/dev/null ||
        die "could not drop the scratch database $CHECK_DB"
    log "CREATE EXTENSION timescaledb works: version $out"
}

cmd_start() {
    local t0 t1
    t0=$(now)
    if [[ $FLAVOR == licensed ]]; then
        "$SCRIPT_DIR/provision-licensed-db.sh"
    else
        "$SCRIPT_DIR/provision-test-db.sh"
    fi
    require_binaries
    init_cluster
    if is_running; then
        local p
        p=$(running_port)
        if [[ -n $p && $p != "$PORT" ]]; then
            log "WARNING: already running, but on port $p, not $PORT (run '$ME restart' to apply)"
        fi
        log "already running (pid $(running_pid), port ${p:-?}, data dir $PGDATA_DIR)"
        return 0
    fi
    write_config
    t1=$(now)
    log "starting PostgreSQL $PG_MAJOR on $HOST:$PORT (data dir $PGDATA_DIR, log $LOG_FILE)"
    if ! as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -l "$LOG_FILE" -w -t 60 start >/dev/null; then
        tail -n 30 "$LOG_FILE" >&2 2>/dev/null || true
        die "pg_ctl start failed (log: $LOG_FILE)"
    fi
    wait_ready
    log "accepting connections after $(elapsed "$t1")"
    check_extension
    log "started in $(elapsed "$t0") total; JDBC URL: $(jdbc_url)"
}

cmd_stop() {
    require_binaries
    if ! is_running; then
        log "not running (data dir $PGDATA_DIR)"
        return 0
    fi
    local t0
    t0=$(now)
    as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -m fast -w -t 60 stop >/dev/null ||
        die "pg_ctl stop failed (log: $LOG_FILE)"
    log "stopped in $(elapsed "$t0")"
}

cmd_status() {
    if ! is_initialized; then
        echo "stopped (no cluster in $PGDATA_DIR)"
        return 3
    fi
    if is_running; then
        echo "running (pid $(running_pid), port $(running_port), data dir $PGDATA_DIR, url $(jdbc_url))"
        return 0
    fi
    echo "stopped (data dir $PGDATA_DIR)"
    return 3
}

jdbc_url() { printf 'jdbc:postgresql://%s:%s/postgres?user=postgres' "$HOST" "$PORT"; }

usage() {
    cat >&2 <<EOF
usage: $ME [--licensed] start|stop|restart|status|url|psql [psql args...]
       $ME regression [--rebuild]
  $FLAVOR server: data dir $PGDATA_DIR, port $PORT
EOF
}

cmd=${1:-}
[[ $# -gt 0 ]] && shift
case $cmd in
    start)   cmd_start ;;
    stop)    cmd_stop ;;
    restart) cmd_stop; cmd_start ;;
    status)  rc=0; cmd_status || rc=$?; exit "$rc" ;;
    url)     jdbc_url; echo ;;
    psql)
        [[ -x $PG_BIN/psql ]] || die "$PG_BIN/psql not found; run scripts/provision-test-db.sh"
        client_env
        exec "$PG_BIN/psql" "$@"
        ;;
    regression)
        [[ $FLAVOR == apache ]] || die "the regression database is built on the Apache server only"
        cmd_start
        exec "$SCRIPT_DIR/provision-regression-db.sh" "$@"
        ;;
    -h|--help|help) usage ;;
    *) usage; exit 2 ;;
esac
