#!/usr/bin/env bash
# scripts/bench-streaming.sh -- the streaming strategy next to the two ways of
# loading a compressed hypertable by hand, on one generated metrics table.
#
# Usage: scripts/bench-streaming.sh [--rows N] [--parallel N] [--port PORT]
#
#   --rows N      rows in public.metrics (default 5000000: 1,000 hosts over 3
#                 weeks, primary key (host_id, ts), an index on ts; the table
#                 of scripts/bench.sh)
#   --parallel N  --parallelism of the streaming runs (default 2)
#   --port PORT   the test bed server to run on (default: the licensed one,
#                 55433, when it is running, else 55432); source and targets
#                 are databases on it
#
# Needs psql, jq and a built CLI (mvn -B -q -DskipTests install). Every
# method writes into a fresh database with a hypertable of 2-day chunks:
#   (a) streaming        scripts/tsm migrate --strategy streaming
#                        --hypertable public.metrics:ts:2d --no-verify: the
#                        primary key kept, compression settings inferred
#   (b) streaming+verify the same, verified (the command line's default)
#   (c) COPY+key, then compress   a binary COPY pipe (psql | psql) into the
#                        hypertable WITH its primary key, then compress_chunk
#                        on every chunk, with (a)'s compression settings
#   (d) direct COPY, no key       a binary COPY pipe with
#                        timescaledb.enable_direct_compress_copy = on into the
#                        hypertable WITHOUT unique keys (TimescaleDB turns
#                        direct compression off for tables with one); 2.21+
# and prints the wall time, the final hypertable_size and, for (a), the peak
# size the strategy measured, with ratios. On the Apache edition nothing can
# be compressed: (a) and (b) run with --skip-licensed-features, (c) and (d)
# are skipped and say so.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ROWS=5000000
PAR=2
PORT=
HOSTS=1000
# shellcheck source=lib/bench.sh
source "$ROOT/scripts/lib/bench.sh"
bench_args "$@"
if [[ -z $PORT ]]; then
    if psql -X -At "postgresql://postgres@127.0.0.1:55433/postgres" -c "SELECT 1" >/dev/null 2>&1; then
        PORT=55433
    else
        PORT=55432
    fi
fi
BASE=postgresql://postgres@127.0.0.1:$PORT
JBASE="jdbc:postgresql://127.0.0.1:$PORT"
SRC=tsm_bench_stream_src
TARGETS=(tsm_bench_stream_a tsm_bench_stream_b tsm_bench_stream_c tsm_bench_stream_d)
for db in "${TARGETS[@]}"; do psql_ "$BASE/postgres" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"; done
trap 'for db in "${TARGETS[@]}"; do psql_ "$BASE/postgres" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true; done' EXIT
for db in "${TARGETS[@]}"; do
    psql_ "$BASE/postgres" -c "CREATE DATABASE $db"
    psql_ "$BASE/$db" -c "CREATE EXTENSION timescaledb"
done

# --- the source, generated once per row count ------------------------------------------------------------------
if [[ -z $(q "$BASE/postgres" -c "SELECT 1 FROM pg_database WHERE datname = '$SRC'") ]]; then
    psql_ "$BASE/postgres" -c "CREATE DATABASE $SRC"
fi
if [[ $(q "$BASE/$SRC" -c "SELECT obj_description('public.metrics'::regclass, 'pg_class')" 2>/dev/null || true) \
        != "tsm-bench rows=$ROWS" ]]; then
    echo "generating $ROWS rows ..." >&2
    psql_ "$BASE/$SRC" <<SQL
DROP TABLE IF EXISTS metrics;
CREATE TABLE metrics(ts timestamptz NOT NULL, host_id int NOT NULL, cpu double precision,
    mem double precision, disk_read bigint, disk_write bigint, load real, status text);
$(metrics_sql "$ROWS" "$HOSTS")
ALTER TABLE metrics ADD PRIMARY KEY (host_id, ts);
CREATE INDEX metrics_ts_idx ON metrics (ts);
ANALYZE metrics;
COMMENT ON TABLE metrics IS 'tsm-bench rows=$ROWS';
SQL
fi
A=${TARGETS[0]}
LICENSE=$(q "$BASE/$A" -c "SELECT current_setting('timescaledb.license')")
VERSION=$(q "$BASE/$A" -c "SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'")
SKIP=(); [[ $LICENSE == apache ]] && SKIP=(--skip-licensed-features)
SOURCE_BYTES=$(q "$BASE/$SRC" -c "SELECT pg_table_size('public.metrics')")
echo "source: $ROWS rows, $SOURCE_BYTES bytes (pg_table_size); target TimescaleDB $VERSION, license $LICENSE, port $PORT" >&2

declare -A WALL SIZE NOTE
chunks() { q "$BASE/$1" -c "SELECT count(*) || ' chunks, ' || count(*) FILTER (WHERE is_compressed) || ' compressed' FROM timescaledb_information.chunks WHERE hypertable_name = 'metrics'"; }

# --- (a), (b): the streaming strategy ----------------------------------------------------------------------------
stream() { # KEY DB [flags]
    local key=$1 db=$2; shift 2
    echo "($key) scripts/tsm migrate --strategy streaming $* ..." >&2
    tsm_migrate "$key" "$SRC" "$db" "/tmp/bench-stream-$key" --strategy streaming --hypertable public.metrics:ts:2d \
        "${SKIP[@]}" "$@"
    SIZE[$key]=$(q "$BASE/$db" -c "SELECT hypertable_size('public.metrics')")
    NOTE[$key]="$(chunks "$db"); peak $(jq -r '.tables[] | select(.name == "metrics") | .storage.peakBytes' \
        "/tmp/bench-stream-$key.json") bytes; verification $(verification_of "/tmp/bench-stream-$key.json")"
}
stream a "$A" --no-verify
PEAK_A=$(jq -r '.tables[] | select(.name == "metrics") | .storage.peakBytes' /tmp/bench-stream-a.json)
stream b "${TARGETS[1]}"
SEG=$(q "$BASE/$A" -c "SELECT coalesce(string_agg(attname, ',' ORDER BY segmentby_column_index), '') FROM timescaledb_information.compression_settings WHERE hypertable_name = 'metrics' AND segmentby_column_index IS NOT NULL" 2>/dev/null || true)
ORD=$(q "$BASE/$A" -c "SELECT coalesce(string_agg(attname || CASE WHEN orderby_asc THEN '' ELSE ' DESC' END, ',' ORDER BY orderby_column_index), 'ts DESC') FROM timescaledb_information.compression_settings WHERE hypertable_name = 'metrics' AND orderby_column_index IS NOT NULL" 2>/dev/null || echo "ts DESC")

# --- (c), (d): by hand, with (a)'s compression settings ----------------------------------------------------------
hypertable() { # DB WITH_KEY
    psql_ "$BASE/$1" -c "CREATE TABLE metrics(ts timestamptz NOT NULL, host_id int NOT NULL, cpu double precision,
        mem double precision, disk_read bigint, disk_write bigint, load real, status text)" \
        -c "SELECT create_hypertable('metrics', 'ts', chunk_time_interval => interval '2 days')" \
        -c "ALTER TABLE metrics SET (timescaledb.compress, timescaledb.compress_segmentby = '$SEG', timescaledb.compress_orderby = '$ORD')" >/dev/null
    if [[ $2 == key ]]; then psql_ "$BASE/$1" -c "ALTER TABLE metrics ADD PRIMARY KEY (host_id, ts)"; fi
}
pipe() { # DB SETTING
    psql -X -q "$BASE/$SRC" -c "COPY metrics TO STDOUT (FORMAT binary)" \
        | psql_ "$BASE/$1" -c "$2" -c "COPY metrics FROM STDIN (FORMAT binary)"
}
DIRECT=no
if [[ $LICENSE != apache ]]; then
    C=${TARGETS[2]}
    echo "(c) COPY into the hypertable with its key, then compress_chunk ..." >&2
    hypertable "$C" key
    t0=$(now)
    pipe "$C" "SET application_name = 'bench'"
    COPY_C=$(since "$t0")
    q "$BASE/$C" -c "SELECT count(compress_chunk(c, true)) FROM show_chunks('metrics') c" >/dev/null
    WALL[c]=$(since "$t0")
    SIZE[c]=$(q "$BASE/$C" -c "SELECT hypertable_size('metrics')")
    NOTE[c]="$(chunks "$C"); COPY ${COPY_C} s, then compress"
    if [[ -n $(q "$BASE/$C" -c "SELECT 1 FROM pg_settings WHERE name = 'timescaledb.enable_direct_compress_copy'") ]]; then
        DIRECT=yes
        D=${TARGETS[3]}
        echo "(d) direct compress COPY into the hypertable without unique keys ..." >&2
        hypertable "$D" nokey
        t0=$(now)
        pipe "$D" "SET timescaledb.enable_direct_compress_copy = on"
        WALL[d]=$(since "$t0")
        SIZE[d]=$(q "$BASE/$D" -c "SELECT hypertable_size('metrics')")
        NOTE[d]="$(chunks "$D"); no primary key"
    fi
fi

# --- results -----------------------------------------------------------------------------------------------------
echo
echo "streaming benchmark: $ROWS rows ($HOSTS hosts, 3 weeks), 2-day chunks, segmentby '$SEG', orderby '$ORD';"
echo "  TimescaleDB $VERSION ($LICENSE) on port $PORT, $(nproc) cores, --parallel $PAR; source table $SOURCE_BYTES bytes"
printf '%-36s %8s %12s %9s %9s  %s\n' method wall-s final-bytes 'vs-(d)' 'vs-(c)' notes
for m in a b c d; do
    [[ -n ${WALL[$m]:-} ]] || continue
    case $m in
        a) label="(a) streaming, key kept" ;;
        b) label="(b) streaming, key kept, verified" ;;
        c) label="(c) COPY with key, then compress" ;;
        d) label="(d) direct compress COPY, no key" ;;
    esac
    printf '%-36s %8s %12s %9s %9s  %s\n' "$label" "${WALL[$m]}" "${SIZE[$m]}" \
        "$(ratio "${WALL[$m]}" "${WALL[d]:-0}")" "$(ratio "${SIZE[$m]}" "${SIZE[c]:-0}")" "${NOTE[$m]}"
done
echo "  vs-(d): wall time / (d)'s; vs-(c): final size / (c)'s"
[[ $LICENSE == apache ]] && echo "(c), (d) skipped: the Apache edition cannot compress"
[[ $LICENSE != apache && $DIRECT == no ]] && echo "(d) skipped: TimescaleDB $VERSION has no direct compression on COPY"
if [[ $LICENSE != apache ]]; then
    met() { if awk "BEGIN { exit !($1) }"; then echo MET; else echo MISSED; fi; }
    echo
    echo "targets:"
    if [[ $DIRECT == yes ]]; then
        printf '  %-7s streaming no slower than direct compress COPY (d): %s\n' \
            "$(met "${WALL[a]} <= ${WALL[d]}")" "$(ratio "${WALL[a]}" "${WALL[d]}")"
    fi
    printf '  %-7s final size <= 1.1x compress-after-copy (c):         %s\n' \
        "$(met "${SIZE[a]} <= 1.1 * ${SIZE[c]}")" "$(ratio "${SIZE[a]}" "${SIZE[c]}")"
    NCHUNKS=$(q "$BASE/$A" -c "SELECT count(*) FROM timescaledb_information.chunks WHERE hypertable_name = 'metrics'")
    CHUNK=$(( SOURCE_BYTES / (NCHUNKS > 0 ? NCHUNKS : 1) ))   # a chunk's rows, uncompressed
    printf '  %-7s peak <= 1.2x final + one chunk per copy in flight:  peak %s, final %s (%s; a chunk ~%s uncompressed)\n' \
        "$(met "$PEAK_A <= 1.2 * ${SIZE[a]} + $PAR * $CHUNK")" "$PEAK_A" "${SIZE[a]}" "$(ratio "$PEAK_A" "${SIZE[a]}")" "$CHUNK"
fi
