#!/usr/bin/env bash
# scripts/bench-follow.sh -- following a source that keeps ingesting: our
# `migrate --follow` next to `pgcopydb clone --follow`, on the same table and
# the same write load.
#
# Usage: scripts/bench-follow.sh [--rows N] [--rate R] [--seconds S]
#                                [--burst B] [--parallel N]
#
#   --rows N     rows in the table before the run (default 200000)
#   --rate R     rows per second the application inserts while the tool
#                follows, in transactions of R/10 rows every 100 ms
#                (default 10000)
#   --seconds S  how long it writes at that rate (default 30)
#   --burst B    then rows written as fast as one session can, in
#                transactions of 1,000 (default 200000): the tools' apply
#                rate is how fast they drain that backlog
#   --parallel N --parallelism and pgcopydb's --table-jobs/--index-jobs
#                (default 2)
#
# The table (public.metrics: ts timestamptz, host_id int, cpu/mem double
# precision, status text, primary key (host_id, ts), an index on ts) is
# written in time order, row k at 2024-01-01 + k ms. Methods, each from a fresh
# source and target database:
#   (a) tsm       scripts/tsm migrate --strategy whole-database --follow, cut
#                 over with SIGTERM (Apache test server, 55432, a plain table)
#   (b) pgcopydb  pgcopydb clone --follow (wal2json), ended with pgcopydb
#                 stream sentinel set endpos --current (same server and table;
#                 skipped when pgcopydb or wal2json is missing)
#   (c) tsm       (a) into a hypertable of 1-hour chunks on the licensed
#                 server (55433), when it runs
# Each second it samples the newest row on source and target; the lag is how
# long ago the application wrote the target's newest row. It prints, per
# method: rows per second written and applied during the steady load, the
# lag's mean and maximum, the burst's apply rate and catch-up time, the
# cutover's time, and whether the target ends with the source's rows.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ROWS=200000
RATE=10000
SECONDS_=30
BURST=200000
PAR=2
while (( $# )); do
    case $1 in
        --rows) ROWS=${2:?}; shift 2 ;;
        --rate) RATE=${2:?}; shift 2 ;;
        --seconds) SECONDS_=${2:?}; shift 2 ;;
        --burst) BURST=${2:?}; shift 2 ;;
        --parallel) PAR=${2:?}; shift 2 ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown argument $1" >&2; exit 2 ;;
    esac
done
# shellcheck source=lib/bench.sh
source "$ROOT/scripts/lib/bench.sh"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/tsm-bench-follow.XXXXXX")
SRC=tsm_bench_fl_src
DST=tsm_bench_fl_dst
PIDS=()
cleanup() {
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    for port in 55432 55433; do
        for db in $SRC $DST; do
            psql -X -q "postgresql://postgres@127.0.0.1:$port/postgres" \
                -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" 2>/dev/null || true
        done
        psql -X -q -At "postgresql://postgres@127.0.0.1:$port/postgres" -c "SELECT pg_drop_replication_slot(slot_name)
            FROM pg_replication_slots WHERE slot_name IN ('pgcopydb', 'tsm_bench_follow')" >/dev/null 2>&1 || true
        # pgcopydb's replication origin is the cluster's, not the database's
        psql -X -q -At "postgresql://postgres@127.0.0.1:$port/postgres" -c "SELECT pg_replication_origin_drop(roname)
            FROM pg_replication_origin WHERE roname = 'pgcopydb'" >/dev/null 2>&1 || true
    done
    rm -rf "$WORK"
}
trap cleanup EXIT

declare -A RESULT

# fresh source and target on PORT; HYPER=1 makes metrics a hypertable (and the target gets the extension)
setup() {
    local port=$1 hyper=$2 base="postgresql://postgres@127.0.0.1:$1"
    for db in $SRC $DST; do
        psql_ "$base/postgres" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
    done
    psql_ "$base/$SRC" <<SQL
CREATE TABLE metrics (ts timestamptz NOT NULL, host_id int NOT NULL, cpu double precision, mem double precision,
    status text, PRIMARY KEY (host_id, ts));
CREATE INDEX metrics_ts ON metrics (ts);
SQL
    if (( hyper )); then
        psql_ "$base/$SRC" -c "CREATE EXTENSION timescaledb" \
            -c "SELECT create_hypertable('metrics', 'ts', chunk_time_interval => interval '1 hour')" >/dev/null
        psql_ "$base/$SRC" -c "ALTER DATABASE $SRC SET timescaledb.enable_chunk_auto_publication = on"
        psql_ "$base/$DST" -c "CREATE EXTENSION timescaledb"
    fi
    psql_ "$base/$SRC" -c "$(insert_sql 0 "$ROWS")" -c "ANALYZE metrics"
}

# rows FROM .. FROM+N-1: row k at 2024-01-01 + k ms, 1,000 hosts
insert_sql() {
    echo "INSERT INTO metrics SELECT timestamptz '2024-01-01 00:00:00+00' + k * interval '1 millisecond', k % 1000,
        (k % 10000) / 100.0, (k % 777) / 7.0, CASE WHEN k % 97 = 0 THEN 'degraded' ELSE 'ok' END
        FROM generate_series($1::bigint, $1::bigint + $2 - 1) k;"
}

# the newest row's number on a database (-1 when empty)
newest() {
    q "$1" -c "SELECT coalesce((extract(epoch FROM max(ts) - timestamptz '2024-01-01 00:00:00+00') * 1000)::bigint, -1)
               FROM metrics" 2>/dev/null || echo -1
}

# the application: RATE rows/s for SECONDS_ s in 10 transactions a second, paced by the server's clock, then BURST
# rows as fast as it can; writes its start time, the burst's start and its end into $WORK/writer.times
writer() {
    local url=$1 batch=$((RATE / 10)) n=$((SECONDS_ * 10)) from=$ROWS
    {
        echo "SELECT extract(epoch FROM clock_timestamp()) AS t0 \\gset"
        echo "\\o $WORK/writer.times"
        echo "SELECT 'start ' || :t0;"
        for ((i = 0; i < n; i++)); do
            insert_sql $((from + i * batch)) "$batch"
            echo "SELECT pg_sleep(greatest(0, :t0 + $(( i + 1 )) * 0.1 - extract(epoch FROM clock_timestamp())));"
        done
        from=$((from + n * batch))
        echo "SELECT 'burst ' || extract(epoch FROM clock_timestamp());"
        for ((i = 0; i < BURST / 1000; i++)); do
            insert_sql $((from + i * 1000)) 1000
        done
        echo "SELECT 'end ' || extract(epoch FROM clock_timestamp());"
    } | psql -X -q -At -v ON_ERROR_STOP=1 "$url" > /dev/null
}

# samples (epoch, source newest, target newest) into FILE every second while the writer runs and then until the
# target has the source's newest row; gives up when the tool ends or 300 s after the writer
sample() {
    local src=$1 dst=$2 file=$3 writer_pid=$4 tool_pid=$5 done_at=""
    while :; do
        local t s d
        t=$(now); s=$(newest "$src"); d=$(newest "$dst")
        echo "$t $s $d" >> "$file"
        if ! kill -0 "$writer_pid" 2>/dev/null; then
            [[ -n $done_at ]] || done_at=$t
            [[ $d == "$s" ]] && break
            awk -v a="$done_at" -v b="$t" 'BEGIN { exit !(b - a > 300) }' && { echo "the target did not catch up" >&2; break; }
        fi
        kill -0 "$tool_pid" 2>/dev/null || { echo "the tool ended while following" >&2; break; }
        sleep 1
    done
}

# METHOD PORT: runs the writer and the sampler against a started tool, then prints nothing; fills RESULT[METHOD,...]
measure() {
    local m=$1 port=$2 tool=$3 base="postgresql://postgres@127.0.0.1:$2"
    rm -f "$WORK/writer.times" "$WORK/$m.samples"
    writer "$base/$SRC" &
    local wpid=$!
    PIDS+=("$wpid")
    sample "$base/$SRC" "$base/$DST" "$WORK/$m.samples" "$wpid" "$tool"
    wait "$wpid" || true
    local total=$((ROWS + SECONDS_ * RATE + BURST))
    read -r start burst end < <(awk '{ v[$1] = $2 } END { print v["start"], v["burst"], v["end"] }' "$WORK/writer.times")
    # steady phase: samples between the writer's start (plus 5 s for the tool to begin following) and the burst
    RESULT[$m,steady]=$(awk -v a="$start" -v b="$burst" -v r="$RATE" -v rows="$ROWS" '
        $1 >= a + 5 && $1 <= b && $3 >= rows {
            lag = $1 - a - ($3 - rows) / r; if (lag < 0) lag = 0
            sum += lag; n++; if (lag > max) max = lag
            if (!t0) { t0 = $1; d0 = $3 } t1 = $1; d1 = $3 }
        END { if (n == 0 || t1 == t0) print "- - -"; else printf "%.0f %.1f %.1f\n", (d1 - d0) / (t1 - t0), sum / n, max }' \
        "$WORK/$m.samples")
    # burst: from its start until the target has every row
    local caught
    caught=$(awk -v t="$total" '$3 == t - 1 { print $1; exit }' "$WORK/$m.samples")
    RESULT[$m,burst]=$(awk -v a="$burst" -v c="${caught:-0}" -v e="$end" -v b="$BURST" -v r="$RATE" -v s="$SECONDS_" '
        BEGIN { if (c == 0) print "- -"; else printf "%.0f %.1f\n", b / (c - a), c - e }')
}

report() {
    local m=$1 label=$2 extra=$3
    read -r applied lagmean lagmax <<< "${RESULT[$m,steady]}"
    read -r burstrate catchup <<< "${RESULT[$m,burst]}"
    printf '%-40s %9s %9s %8s %8s %11s %9s %9s  %s\n' "$label" "$RATE" "$applied" "$lagmean" "$lagmax" \
        "$burstrate" "$catchup" "${RESULT[$m,cutover]:--}" "$extra"
}

# METHOD PORT PID T0: waits for the tool PID whose cutover began at T0 (its log's tail when it fails); fills
# RESULT[METHOD,cutover], RESULT[METHOD,rows] (the target's) and RESULT[METHOD,code]
cutover_end() {
    local m=$1 pid=$3 t0=$4 base="postgresql://postgres@127.0.0.1:$2" code=0
    wait "$pid" || code=$?
    RESULT[$m,cutover]=$(since "$t0")
    (( code == 0 )) || { tail -30 "$WORK/$m.log" >&2; echo "($m) exited $code" >&2; }
    RESULT[$m,rows]=$(q "$base/$DST" -c "SELECT count(*) FROM metrics")
    RESULT[$m,code]=$code
}

tsm_follow() {
    local m=$1 port=$2 jbase="jdbc:postgresql://127.0.0.1:$2"
    echo "($m) scripts/tsm migrate --strategy whole-database --follow (port $port) ..." >&2
    "$ROOT/scripts/tsm" migrate --source "$jbase/$SRC?user=postgres" --target "$jbase/$DST?user=postgres" \
        --strategy whole-database --follow --parallelism "$PAR" --no-progress --no-verify \
        --migration-id bench-follow > "$WORK/$m.log" 2>&1 &
    local pid=$!
    PIDS+=("$pid")
    measure "$m" "$port" "$pid"
    local t0; t0=$(now)
    kill -TERM "$pid"
    cutover_end "$m" "$port" "$pid" "$t0"
}

pgcopydb_follow() {
    local m=$1 port=$2 base="postgresql://postgres@127.0.0.1:$2"
    echo "($m) pgcopydb clone --follow (port $port) ..." >&2
    # this machine's PostgreSQL lets only the listed libraries decode (output_plugin_libraries); pgcopydb 0.10
    # decodes with wal2json
    local allowed; allowed=$(q "$base/postgres" -c "SELECT current_setting('output_plugin_libraries', true)")
    if [[ -n $allowed && $allowed != *wal2json* ]]; then
        echo "    allowing wal2json on port $port: ALTER SYSTEM SET output_plugin_libraries = $allowed, wal2json" >&2
        q "$base/postgres" -c "ALTER SYSTEM SET output_plugin_libraries = $allowed, wal2json" \
            -c "SELECT pg_reload_conf()" >/dev/null
        sleep 1
    fi
    pgcopydb clone --follow --source "$base/$SRC" --target "$base/$DST" --table-jobs "$PAR" --index-jobs "$PAR" \
        --dir "$WORK/pgcopydb" --no-owner --no-acl > "$WORK/$m.log" 2>&1 &
    local pid=$!
    PIDS+=("$pid")
    measure "$m" "$port" "$pid"
    local t0; t0=$(now)
    pgcopydb stream sentinel set endpos --current --source "$base/$SRC" >> "$WORK/$m.log" 2>&1
    # pgcopydb 0.10 applies a WAL segment's changes once the segment is complete: switch segments until it ends
    local i
    for ((i = 0; i < 60; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        q "$base/$SRC" -c "SELECT pg_switch_wal()" >/dev/null
        sleep 2
    done
    cutover_end "$m" "$port" "$pid" "$t0"
}

TOTAL=$((ROWS + SECONDS_ * RATE + BURST))
setup 55432 0
tsm_follow a 55432
METHODS=(a)
if command -v pgcopydb >/dev/null && [[ -f "$(pg_config --pkglibdir 2>/dev/null || echo /usr/lib/postgresql/15/lib)/wal2json.so" \
        || -f /usr/lib/postgresql/15/lib/wal2json.so ]]; then
    setup 55432 0
    pgcopydb_follow b 55432
    METHODS+=(b)
else
    echo "(b) skipped: pgcopydb or the wal2json plugin is not installed (apt-get install pgcopydb postgresql-15-wal2json)" >&2
fi
if psql -X -At "postgresql://postgres@127.0.0.1:55433/postgres" -c "SELECT 1" >/dev/null 2>&1; then
    setup 55433 1
    tsm_follow c 55433
    METHODS+=(c)
fi

echo
echo "follow: $ROWS rows before the run, then $RATE rows/s for $SECONDS_ s (transactions of $((RATE / 10)) rows),"
echo "  then a burst of $BURST rows (transactions of 1,000); source and target on one server, $(nproc) cores"
printf '%-40s %9s %9s %8s %8s %11s %9s %9s  %s\n' method written/s applied/s lag-avg lag-max burst-rows/s \
    catchup-s cutover-s notes
for m in "${METHODS[@]}"; do
    ok="rows $([[ ${RESULT[$m,rows]} == "$TOTAL" ]] && echo ok || echo "MISSING: ${RESULT[$m,rows]} of $TOTAL"), exit ${RESULT[$m,code]}"
    case $m in
        a) report a "(a) tsm --follow, plain table" "$ok" ;;
        b) report b "(b) pgcopydb clone --follow" "$ok; $(pgcopydb --version 2>&1 | sed -n 's/.*pgcopydb version \([^ ]*\).*/pgcopydb \1/p' | head -1)" ;;
        c) report c "(c) tsm --follow, hypertable (licensed)" "$ok" ;;
    esac
done
if [[ -n ${RESULT[b,burst]:-} && -n ${RESULT[a,burst]:-} ]]; then
    read -r ra _ <<< "${RESULT[a,burst]}"; read -r rb _ <<< "${RESULT[b,burst]}"
    [[ $ra != - && $rb != - ]] && echo "apply rate (burst) tsm / pgcopydb: $(ratio "$ra" "$rb") (target >= 3.00x)"
fi
read -r _ _ lagmax <<< "${RESULT[a,steady]}"
echo "lag at $RATE rows/s, tsm (plain table): max $lagmax s (target < 5 s)"
