#!/usr/bin/env bash
# scripts/bench-all.sh -- every benchmark in one run, one after the other, each
# printing its figures side by side with its ratios and targets:
#   scripts/bench.sh             per-table strategy (verified, unverified,
#                                verification alone) vs a COPY pipe,
#                                pg_dump/pg_restore and pgcopydb (Apache
#                                server, 55432)
#   scripts/bench-streaming.sh   streaming vs COPY-then-compress and direct
#                                compress COPY (licensed server, 55433)
#   scripts/bench-compressed.sh  whole-database of a compressed source vs
#                                pg_dump/pg_restore (licensed server, 55433)
#   scripts/bench-backfill.sh    schema-only + dual writes + backfill vs a
#                                full migration (licensed server, 55433)
#
# Usage: scripts/bench-all.sh [--rows N] [--parallel N]
# The servers must be running (scripts/test-db.sh start; scripts/test-db.sh
# --licensed start); without the licensed one, the last two are skipped and
# say so. Needs what each script needs (psql, pg_dump, pg_restore, jq, a
# built CLI; pgcopydb when installed).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ARGS=()
while (( $# )); do
    case $1 in
        --rows|--parallel) ARGS+=("$1" "${2:?}"); shift 2 ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown argument $1" >&2; exit 2 ;;
    esac
done
echo "=== scripts/bench.sh ${ARGS[*]}"
"$ROOT/scripts/bench.sh" "${ARGS[@]}"
if psql -X -At "postgresql://postgres@127.0.0.1:55433/postgres" -c "SELECT 1" >/dev/null 2>&1; then
    echo
    echo "=== scripts/bench-streaming.sh --port 55433 ${ARGS[*]}"
    "$ROOT/scripts/bench-streaming.sh" --port 55433 "${ARGS[@]}"
    echo
    echo "=== scripts/bench-compressed.sh --port 55433 ${ARGS[*]}"
    "$ROOT/scripts/bench-compressed.sh" --port 55433 "${ARGS[@]}"
    echo
    echo "=== scripts/bench-backfill.sh --port 55433 ${ARGS[*]}"
    "$ROOT/scripts/bench-backfill.sh" --port 55433 "${ARGS[@]}"
else
    echo
    echo "bench-streaming.sh, bench-compressed.sh and bench-backfill.sh skipped: the licensed server (55433) is not running" \
        "(TSM_TIMESCALEDB_SOURCES=... scripts/test-db.sh --licensed start)"
fi
