#!/usr/bin/env bash
# scripts/bench-backfill.sh -- migrating an active database (schema first, the
# application writing to both, then a backfill up to a cutoff) next to a full
# migration of the same source.
#
# Usage: scripts/bench-backfill.sh [--rows N] [--parallel N] [--port PORT]
#
#   --rows N      rows in the hypertable public.metrics (default 5000000: the
#                 table of scripts/bench.sh, 1,000 hosts over 3 weeks from
#                 2024-01-01, primary key (host_id, ts), 2-day chunks,
#                 segmentby host_id, orderby ts DESC, chunks before
#                 2024-01-15 compressed), plus public.hosts (a dimension
#                 table) and public.metrics_hourly (a continuous aggregate)
#   --parallel N  --parallelism (default 2)
#   --port PORT   a Timescale-licensed test bed server (default 55433, started
#                 by scripts/test-db.sh --licensed); source and targets are
#                 databases on it
#
# Needs psql of the server's major version, jq and a built CLI
# (mvn -B -q -DskipTests install). Into fresh databases with the timescaledb
# extension:
#   (a) full        scripts/tsm migrate --strategy whole-database (verified)
#   (b) schema      scripts/tsm migrate --strategy whole-database --schema-only
#       app         the "application" writes the rows at or after the cutoff
#                   (2024-01-18, the last 4 of the 21 days) and every row of
#                   public.hosts into the target, as dual writes would (timed
#                   apart: it is not ours)
#       backfill    scripts/tsm migrate --strategy whole-database
#                   --backfill-until=2024-01-18T00:00:00Z (verified: it
#                   compares the rows before the cutoff)
# then checks that both targets hold the source's rows (counts and an
# order-independent md5 of every row) and the aggregate's buckets, and prints
# wall times with ratios.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ROWS=5000000
PAR=2
PORT=55433
HOSTS=1000
CUTOFF=2024-01-18T00:00:00Z
# shellcheck source=lib/bench.sh
source "$ROOT/scripts/lib/bench.sh"
bench_args "$@"
BASE=postgresql://postgres@127.0.0.1:$PORT
JBASE="jdbc:postgresql://127.0.0.1:$PORT"
SRC=tsm_bench_bf_src
FULL=tsm_bench_bf_full
DUAL=tsm_bench_bf_dual
WORK=$(mktemp -d "${TMPDIR:-/tmp}/tsm-bench-bf.XXXXXX")
cleanup() {
    for db in $FULL $DUAL; do psql_ "$BASE/postgres" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT
for db in $FULL $DUAL; do
    psql_ "$BASE/postgres" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
    psql_ "$BASE/$db" -c "CREATE EXTENSION timescaledb"
done
LICENSE=$(q "$BASE/$FULL" -c "SELECT current_setting('timescaledb.license')")
[[ $LICENSE == timescale ]] || { echo "port $PORT runs TimescaleDB's $LICENSE edition, which has no compression or continuous aggregates: use the licensed test bed (scripts/test-db.sh --licensed start)" >&2; exit 1; }

# --- the source, generated once per row count ------------------------------------------------------------------
compressed_source "$SRC" backfill 2024-01-15 "$CUTOFF"
VERSION=$(q "$BASE/$SRC" -c "SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'")
BEFORE=$(q "$BASE/$SRC" -c "SELECT count(*) FROM metrics WHERE ts < '$CUTOFF'")
AFTER=$(q "$BASE/$SRC" -c "SELECT count(*) FROM metrics WHERE ts >= '$CUTOFF'")
echo "source: $ROWS rows ($BEFORE before the cutoff $CUTOFF, $AFTER after), TimescaleDB $VERSION" >&2

declare -A WALL
echo "(a) scripts/tsm migrate --strategy whole-database ..." >&2
tsm_migrate full "$SRC" "$FULL" "$WORK/full" --strategy whole-database

echo "(b) scripts/tsm migrate --strategy whole-database --schema-only ..." >&2
tsm_migrate schema "$SRC" "$DUAL" "$WORK/schema" --strategy whole-database --schema-only
echo "    the application writes the rows at or after $CUTOFF into the target ..." >&2
t0=$(now)
q "$BASE/$SRC" -c "\\copy (SELECT * FROM hosts) TO STDOUT" | q "$BASE/$DUAL" -c "\\copy hosts FROM STDIN" >/dev/null
q "$BASE/$SRC" -c "\\copy (SELECT * FROM metrics WHERE ts >= '$CUTOFF') TO STDOUT" \
    | q "$BASE/$DUAL" -c "\\copy metrics FROM STDIN" >/dev/null
APP_S=$(since "$t0")
echo "    scripts/tsm migrate --strategy whole-database --backfill-until=$CUTOFF ..." >&2
tsm_migrate backfill "$SRC" "$DUAL" "$WORK/backfill" --strategy whole-database "--backfill-until=$CUTOFF"

# --- the oracle: the source's rows, independent of the tool's own verification ----------------------------------
rows_of() { # DB TABLE: count and an order-independent digest of every row's text
    q "$BASE/$1" -c "SELECT count(*) || ' ' || coalesce(sum(('x' || left(md5(t::text), 15))::bit(60)::bigint), 0)
                       FROM $2 t"
}
buckets_of() { q "$BASE/$1" -c "SELECT count(*) || ' ' || coalesce(sum(n), 0) FROM metrics_hourly WHERE bucket < '$CUTOFF'"; }
STATUS=ok
for t in metrics hosts; do
    want=$(rows_of "$SRC" $t)
    for db in $FULL $DUAL; do
        got=$(rows_of "$db" $t)
        [[ $got == "$want" ]] || { echo "$db.$t: $got, source $want" >&2; STATUS=DIFFERENT; }
    done
done
want=$(buckets_of "$SRC")
for db in $FULL $DUAL; do
    got=$(buckets_of "$db")
    [[ $got == "$want" ]] || { echo "$db.metrics_hourly before the cutoff: $got buckets/rows, source $want" >&2; STATUS=DIFFERENT; }
done
compressed() { q "$BASE/$1" -c "SELECT count(*) FILTER (WHERE is_compressed) || ' of ' || count(*) FROM timescaledb_information.chunks WHERE hypertable_name = 'metrics'"; }

DUAL_S=$(awk -v a="${WALL[schema]}" -v b="${WALL[backfill]}" 'BEGIN { printf "%.1f", a + b }')
echo
echo "source: $ROWS rows of public.metrics ($BEFORE before the cutoff), public.hosts, public.metrics_hourly;"
echo "  TimescaleDB $VERSION ($LICENSE) on port $PORT, source and targets on one server, $(nproc) cores, --parallelism $PAR"
printf '%-46s %8s %9s  %s\n' step wall-s 'vs-(a)' notes
printf '%-46s %8s %9s  %s\n' "(a) full migration, verified" "${WALL[full]}" 1.00x \
    "$(compressed $FULL) chunks compressed; verification $(verification_of "$WORK/full.json")"
printf '%-46s %8s %9s  %s\n' "(b) schema only" "${WALL[schema]}" "$(ratio "${WALL[schema]}" "${WALL[full]}")" ""
printf '%-46s %8s %9s  %s\n' "    application's writes (not ours)" "$APP_S" - "$AFTER rows at or after the cutoff, $HOSTS hosts"
printf '%-46s %8s %9s  %s\n' "    backfill until $CUTOFF, verified" "${WALL[backfill]}" \
    "$(ratio "${WALL[backfill]}" "${WALL[full]}")" \
    "$(compressed $DUAL) chunks compressed; verification $(verification_of "$WORK/backfill.json")"
printf '%-46s %8s %9s\n' "    schema only + backfill" "$DUAL_S" "$(ratio "$DUAL_S" "${WALL[full]}")"
echo "both targets equal the source (rows of metrics and hosts, aggregate buckets before the cutoff): $STATUS"
[[ $STATUS == ok ]]
