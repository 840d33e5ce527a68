#!/usr/bin/env bash
# scripts/bench-compressed.sh -- a whole-database migration of a TimescaleDB
# source whose hypertable is compressed, next to pg_dump/pg_restore of the same
# database (which moves the compressed rows as they are).
#
# Usage: scripts/bench-compressed.sh [--rows N] [--parallel N] [--port PORT]
#
#   --rows N      rows in the hypertable public.metrics (default 5000000: the
#                 table of scripts/bench.sh, 1,000 hosts over 3 weeks, primary
#                 key (host_id, ts), 2-day chunks, segmentby host_id, orderby
#                 ts DESC, every chunk compressed)
#   --parallel N  jobs of pg_dump and --parallelism (default 2)
#   --port PORT   a Timescale-licensed test bed server (default 55433, started
#                 by scripts/test-db.sh --licensed); source and targets are
#                 databases on it
#
# Needs psql, pg_dump and pg_restore of the server's major version, jq and a
# built CLI (mvn -B -q -DskipTests install). Each method writes into a fresh
# database with the timescaledb extension:
#   (a) tsm           scripts/tsm migrate --strategy whole-database --no-verify
#   (b) tsm+verify    the same, verified (the command line's default)
#   (c) dump/restore  pg_dump -Fd -j N, then timescaledb_pre_restore(),
#                     pg_restore (one job: TimescaleDB's catalog tables
#                     reference each other, and a parallel restore loads them
#                     out of order and fails), timescaledb_post_restore()
# and prints wall times, the target's hypertable_size and its compressed
# chunks, with ratios.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ROWS=5000000
PAR=2
PORT=55433
HOSTS=1000
# shellcheck source=lib/bench.sh
source "$ROOT/scripts/lib/bench.sh"
bench_args "$@"
BASE=postgresql://postgres@127.0.0.1:$PORT
JBASE="jdbc:postgresql://127.0.0.1:$PORT"
SRC=tsm_bench_cmp_src
TARGETS=(tsm_bench_cmp_a tsm_bench_cmp_b tsm_bench_cmp_c)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/tsm-bench-cmp.XXXXXX")
cleanup() {
    for db in "${TARGETS[@]}"; do psql_ "$BASE/postgres" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT
for db in "${TARGETS[@]}"; do
    psql_ "$BASE/postgres" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
    psql_ "$BASE/$db" -c "CREATE EXTENSION timescaledb"
done
LICENSE=$(q "$BASE/${TARGETS[0]}" -c "SELECT current_setting('timescaledb.license')")
[[ $LICENSE == timescale ]] || { echo "port $PORT runs TimescaleDB's $LICENSE edition, which cannot compress: use the licensed test bed (scripts/test-db.sh --licensed start)" >&2; exit 1; }

# --- the compressed source, generated once per row count -----------------------------------------------------
compressed_source "$SRC" compressed "" ""
VERSION=$(q "$BASE/$SRC" -c "SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'")
SRC_SIZE=$(q "$BASE/$SRC" -c "SELECT hypertable_size('public.metrics')")
echo "source: $ROWS rows, hypertable_size $SRC_SIZE bytes, TimescaleDB $VERSION" >&2

declare -A WALL SIZE NOTE
compressed() { q "$BASE/$1" -c "SELECT count(*) FILTER (WHERE is_compressed) || ' of ' || count(*) || ' chunks compressed' FROM timescaledb_information.chunks WHERE hypertable_name = 'metrics'"; }
tsm() { # KEY DB [flags]
    local key=$1 db=$2; shift 2
    echo "($key) scripts/tsm migrate --strategy whole-database $* ..." >&2
    tsm_migrate "$key" "$SRC" "$db" "$WORK/$key" --strategy whole-database "$@"
    SIZE[$key]=$(q "$BASE/$db" -c "SELECT hypertable_size('public.metrics')")
    NOTE[$key]="$(compressed "$db"); verification $(verification_of "$WORK/$key.json")"
}
tsm a "${TARGETS[0]}" --no-verify
tsm b "${TARGETS[1]}"

C=${TARGETS[2]}
echo "(c) pg_dump -Fd -j $PAR + pg_restore ..." >&2
t0=$(now)
pg_dump -Fd -j "$PAR" -f "$WORK/dump" "$BASE/$SRC" 2> "$WORK/dump.log"
DUMP_S=$(since "$t0")
q "$BASE/$C" -c "SELECT timescaledb_pre_restore()" >/dev/null
pg_restore -d "$BASE/$C" "$WORK/dump" 2> "$WORK/restore.log" || true
q "$BASE/$C" -c "SELECT timescaledb_post_restore()" >/dev/null
WALL[c]=$(since "$t0")
SIZE[c]=$(q "$BASE/$C" -c "SELECT hypertable_size('public.metrics')")
ROWS_C=$(q "$BASE/$C" -c "SELECT count(*) FROM metrics")
NOTE[c]="$(compressed "$C"); dump ${DUMP_S} s; $ROWS_C rows; $(grep -c 'error' "$WORK/restore.log" || true) restore errors"

echo
echo "compressed source: $ROWS rows in a hypertable of 2-day chunks, all compressed ($SRC_SIZE bytes);"
echo "  TimescaleDB $VERSION ($LICENSE) on port $PORT, source and targets on one server, $(nproc) cores, -j/--parallelism $PAR"
printf '%-34s %8s %12s %9s  %s\n' method wall-s final-bytes 'vs-(c)' notes
for m in a b c; do
    case $m in
        a) label="(a) tsm whole-database" ;;
        b) label="(b) tsm whole-database, verified" ;;
        c) label="(c) pg_dump + pg_restore" ;;
    esac
    printf '%-34s %8s %12s %9s  %s\n' "$label" "${WALL[$m]}" "${SIZE[$m]}" "$(ratio "${WALL[$m]}" "${WALL[c]}")" \
        "${NOTE[$m]}"
done
