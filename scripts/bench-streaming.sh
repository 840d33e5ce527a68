#!/usr/bin/env bash
# scripts/bench-streaming.sh -- the streaming strategy next to "raw COPY into a
# hypertable, then compress every chunk" on one generated metrics table.
#
# Usage: scripts/bench-streaming.sh [--rows N] [--parallel N]
#
#   --rows N      rows in app.metrics (default 3000000: one row every 50 s
#                 per device, 50 devices, about 35 days)
#   --parallel N  --parallelism of both runs (default 2); both use --unit-size
#                 32MiB, so the streaming strategy aims at ~32 MiB chunks
#
# Runs on the test bed (scripts/test-db.sh), needs psql and a built CLI
# (mvn -B -q -DskipTests package). Each method migrates into a fresh database:
#   (a) streaming   scripts/tsm migrate --strategy streaming (inferred layout;
#                   --skip-licensed-features on the Apache edition, where
#                   nothing is compressed)
#   (b) raw+compress scripts/tsm migrate --strategy per-table --hypertable
#                   app.metrics:ts:<the interval (a) chose>, then the same
#                   compression settings and compress_chunk on every chunk
#                   (skipped, and said so, on the Apache edition)
# Prints wall time, final hypertable_size and, for (a), the peak size the
# strategy sampled.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ROWS=3000000
PAR=2
while (( $# )); do
    case $1 in
        --rows) ROWS=${2:?}; shift 2 ;;
        --parallel) PAR=${2:?}; shift 2 ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown argument $1" >&2; exit 2 ;;
    esac
done
PORT=${TSM_TEST_DB_PORT:-55432}
BASE=postgresql://postgres@127.0.0.1:$PORT
JBASE="jdbc:postgresql://127.0.0.1:$PORT"
psql_() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
SRC=tsm_bench_stream_src
A=tsm_bench_stream_a
B=tsm_bench_stream_b
for db in $SRC $A $B; do psql_ "$BASE/postgres" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"; done
trap 'for db in $SRC $A $B; do psql_ "$BASE/postgres" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true; done' EXIT
psql_ "$BASE/postgres" -c "CREATE DATABASE $SRC" -c "CREATE DATABASE $A" -c "CREATE DATABASE $B"
psql_ "$BASE/$A" -c "CREATE EXTENSION timescaledb"
psql_ "$BASE/$B" -c "CREATE EXTENSION timescaledb"
echo "generating $ROWS rows ..." >&2
psql_ "$BASE/$SRC" <<SQL
CREATE SCHEMA app;
CREATE TABLE app.metrics (ts timestamptz NOT NULL, device_id int NOT NULL, cpu double precision,
                          mem double precision, status text, PRIMARY KEY (ts, device_id));
INSERT INTO app.metrics
SELECT timestamptz '2024-01-01 00:00:00+00' + (g / 50) * interval '50 seconds', g % 50,
       random() * 100, 1000 + (g % 977), CASE WHEN g % 100 = 0 THEN 'warn' ELSE 'ok' END
FROM generate_series(0, $ROWS - 1) g;
ANALYZE app.metrics;
SQL
LICENSE=$(psql -X -At "$BASE/$A" -c "SELECT current_setting('timescaledb.license')")
SKIP=(); [[ $LICENSE == apache ]] && SKIP=(--skip-licensed-features)
echo "source: $(psql -X -At "$BASE/$SRC" -c "SELECT pg_size_pretty(pg_total_relation_size('app.metrics'))"), license $LICENSE" >&2
now() { date +%s.%N; }

t0=$(now)
"$ROOT/scripts/tsm" migrate --source "$JBASE/$SRC?user=postgres" --target "$JBASE/$A?user=postgres" \
    --strategy streaming "${SKIP[@]}" --parallelism "$PAR" --unit-size 32MiB --no-verify --no-progress --report-json /tmp/bench-stream-a.json >/dev/null
t1=$(now)
INTERVAL=$(psql -X -At "$BASE/$A" -c "SELECT time_interval FROM timescaledb_information.dimensions WHERE hypertable_name = 'metrics'")
SEG=$(psql -X -At "$BASE/$A" -c "SELECT string_agg(attname, ',') FROM timescaledb_information.compression_settings WHERE hypertable_name = 'metrics' AND segmentby_column_index IS NOT NULL" 2>/dev/null || true)
SIZE_A=$(psql -X -At "$BASE/$A" -c "SELECT hypertable_size('app.metrics')")
PEAK_A=$(python3 -c "import json;t=[t for t in json.load(open('/tmp/bench-stream-a.json'))['tables'] if t['name']=='metrics'][0];print(t.get('storage',{}).get('peakBytes','?'))")
CHUNKS_A=$(psql -X -At "$BASE/$A" -c "SELECT count(*) || ' (' || count(*) FILTER (WHERE is_compressed) || ' compressed)' FROM timescaledb_information.chunks WHERE hypertable_name = 'metrics'")

t2=$(now)
"$ROOT/scripts/tsm" migrate --source "$JBASE/$SRC?user=postgres" --target "$JBASE/$B?user=postgres" \
    --hypertable "app.metrics:ts:$(echo "$INTERVAL" | sed 's/ days\?/d/; s/^\([0-9][0-9]\):00:00$/\1h/')" \
    --parallelism "$PAR" --unit-size 32MiB --no-verify --no-progress >/dev/null
if [[ $LICENSE == apache ]]; then
    echo "(b): the Apache edition cannot compress: (b) is the raw COPY into the hypertable only" >&2
else
    psql_ "$BASE/$B" -c "ALTER TABLE app.metrics SET (timescaledb.compress, timescaledb.compress_segmentby = '${SEG}', timescaledb.compress_orderby = 'ts DESC')" \
        -c "SELECT count(compress_chunk(c, true)) FROM show_chunks('app.metrics') c"
fi
t3=$(now)
SIZE_B=$(psql -X -At "$BASE/$B" -c "SELECT hypertable_size('app.metrics')")
printf '%-34s %10s %14s %14s  %s\n' method "wall s" "final bytes" "peak bytes" chunks
printf '%-34s %10.1f %14s %14s  %s\n' "(a) streaming ($INTERVAL, seg $SEG)" "$(echo "$t1 - $t0" | bc)" "$SIZE_A" "$PEAK_A" "$CHUNKS_A"
printf '%-34s %10.1f %14s %14s  %s\n' "(b) per-table + compress" "$(echo "$t3 - $t2" | bc)" "$SIZE_B" "-" \
    "$(psql -X -At "$BASE/$B" -c "SELECT count(*) || ' (' || count(*) FILTER (WHERE is_compressed) || ' compressed)' FROM timescaledb_information.chunks WHERE hypertable_name = 'metrics'")"
