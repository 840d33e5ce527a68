#!/usr/bin/env bash
# scripts/bench.sh -- compares a timescale-migrate strategy (per-table by
# default) with plain COPY, pg_dump/pg_restore and pgcopydb on one generated
# metrics table.
#
# Usage:
#   scripts/bench.sh [--rows N] [--parallel N] [--strategy NAME]
#                    [--source-url URL --target-admin-url URL] [--clean]
#
#   --rows N               rows in metrics (default 5000000)
#   --parallel N           jobs for pg_dump/pg_restore, pgcopydb and
#                          timescale-migrate --parallelism (default 2)
#   --strategy NAME        timescale-migrate strategy for (d): per-table
#                          (default) or whole-database
#   --source-url URL       libpq URI of the source DATABASE, generated here if
#                          missing or of another row count (default: the test
#                          bed, postgresql://postgres@127.0.0.1:55432/tsm_bench_source)
#   --target-admin-url URL libpq URI of a database on the target server in
#                          which CREATE/DROP DATABASE may be run (default:
#                          postgresql://postgres@127.0.0.1:55432/postgres);
#                          the targets tsm_bench_t_* are created there and
#                          dropped at the end
#   --clean                also drop the source database at the end
#
# URIs have the form postgresql://user@host:port/dbname; give passwords with
# PGPASSWORD (or ~/.pgpass), which is passed on to timescale-migrate too.
#
# Needs psql, pg_dump, pg_restore (same major as the servers), and a built CLI
# (mvn -B -q -DskipTests package). pgcopydb is used when installed.
#
# Methods, each into a freshly created empty database:
#   (a) copy      psql COPY TO STDOUT (binary) | psql COPY FROM STDIN into a
#                 table WITHOUT keys or indexes -- data only, single stream
#   (b) dump      pg_dump -Fd -j N, then pg_restore -j N (whole database)
#   (c) pgcopydb  pgcopydb clone --table-jobs N --index-jobs N
#   (d) tsm       scripts/tsm migrate --parallelism N (whole migration,
#                 verified, as the command line runs by default), JVM at
#                 -Xmx256m with a GC log for peak heap; its metrics data
#                 phase and its verification phase from the JSON report
#   (e) tsm       the same with --no-verify
#   (f) verify    scripts/tsm verify alone on the target of (e)
# While each runs, `top` is sampled once a second and the mean CPU of the JVM,
# of the source and the target backends and of client tools is printed.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ME=$(basename "$0")
ROWS=5000000
PAR=2
SRC_URL=postgresql://postgres@127.0.0.1:55432/tsm_bench_source
ADMIN_URL=postgresql://postgres@127.0.0.1:55432/postgres
CLEAN=no
HOSTS=1000
STRATEGY=per-table

log() { printf '%s: %s\n' "$ME" "$*" >&2; }
die() { printf '%s: ERROR: %s\n' "$ME" "$*" >&2; exit 1; }
usage() { sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'; exit "${1:-0}"; }

while (( $# )); do
    case $1 in
        --rows) ROWS=${2:?}; shift 2 ;;
        --parallel) PAR=${2:?}; shift 2 ;;
        --strategy) STRATEGY=${2:?}; shift 2 ;;
        --source-url) SRC_URL=${2:?}; shift 2 ;;
        --target-admin-url) ADMIN_URL=${2:?}; shift 2 ;;
        --clean) CLEAN=yes; shift ;;
        -h|--help) usage 0 ;;
        *) printf '%s: unknown argument %s\n' "$ME" "$1" >&2; usage 2 >&2 ;;
    esac
done
if ! [[ $ROWS =~ ^[0-9]+$ ]] || (( ROWS < HOSTS )); then die "--rows must be an integer >= $HOSTS"; fi
if ! [[ $PAR =~ ^[0-9]+$ ]] || (( PAR < 1 )); then die "--parallel must be a positive integer"; fi

# --- URIs -------------------------------------------------------------------
URI_RE='^postgres(ql)?://(([^:@/]+)@)?([^:/?]+)(:([0-9]+))?/([^?]+)(\?.*)?$'
# uri_part URI FIELD -> user|host|port|db
uri_part() {
    [[ $1 =~ $URI_RE ]] || die "cannot parse '$1' (expected postgresql://user@host:port/dbname)"
    case $2 in
        user) printf '%s' "${BASH_REMATCH[3]:-${PGUSER:-$(id -un)}}" ;;
        host) printf '%s' "${BASH_REMATCH[4]}" ;;
        port) printf '%s' "${BASH_REMATCH[6]:-5432}" ;;
        db) printf '%s' "${BASH_REMATCH[7]}" ;;
    esac
}
# with_db URI DB -> the same server, another database
with_db() {
    printf 'postgresql://%s@%s:%s/%s' "$(uri_part "$1" user)" "$(uri_part "$1" host)" "$(uri_part "$1" port)" "$2"
}
jdbc() {
    printf 'jdbc:postgresql://%s:%s/%s?user=%s' "$(uri_part "$1" host)" "$(uri_part "$1" port)" \
        "$(uri_part "$1" db)" "$(uri_part "$1" user)"
}
SRC_DB=$(uri_part "$SRC_URL" db)
SRC_MAINT=$(with_db "$SRC_URL" postgres)
[[ -n ${PGPASSWORD:-} ]] && export TSM_SOURCE_PASSWORD=$PGPASSWORD TSM_TARGET_PASSWORD=$PGPASSWORD

export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"   # no NOTICEs from psql
PSQL=(psql -X -q -v ON_ERROR_STOP=1)
q() { "${PSQL[@]}" -At -d "$1" -c "$2"; }   # q URI SQL -> value(s)

for tool in psql pg_dump pg_restore; do command -v "$tool" >/dev/null || die "$tool not found"; done
[[ -f $ROOT/timescale-migrate-examples/target/timescale-migrate-cli.jar ]] \
    || die "CLI not built; run: (cd $ROOT && mvn -B -q -DskipTests install && mvn -B -q -DskipTests package)"
q "$SRC_MAINT" 'SELECT 1' >/dev/null || die "cannot connect to $SRC_MAINT"
q "$ADMIN_URL" 'SELECT 1' >/dev/null || die "cannot connect to $ADMIN_URL"

declare -A WALL ROWS_S MB_S CPU NOTE
TGT=
JVM_PID=
WORK=$(mktemp -d "${TMPDIR:-/tmp}/tsm-bench.XXXXXX")
TARGETS=()
TOP_PID=
cleanup() {
    set +e
    [[ -n $TOP_PID ]] && kill "$TOP_PID" 2>/dev/null
    [[ -n ${JVM_PID:-} ]] && kill "$JVM_PID" 2>/dev/null
    for t in "${TARGETS[@]}"; do
        q "$ADMIN_URL" "DROP DATABASE IF EXISTS $t WITH (FORCE)" >/dev/null 2>&1 || log "could not drop $t"
    done
    if [[ $CLEAN == yes ]]; then
        q "$SRC_MAINT" "DROP DATABASE IF EXISTS $SRC_DB WITH (FORCE)" >/dev/null 2>&1 && log "dropped $SRC_DB"
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }

# --- 1. source --------------------------------------------------------------
generate_source() {
    local have
    if [[ -z $(q "$SRC_MAINT" "SELECT 1 FROM pg_database WHERE datname = '$SRC_DB'") ]]; then
        q "$SRC_MAINT" "CREATE DATABASE $SRC_DB" >/dev/null
    fi
    # The table comment is written last, so it also proves that generation finished.
    have=$(q "$SRC_URL" "SELECT obj_description('public.metrics'::regclass, 'pg_class')" 2>/dev/null || true)
    if [[ $have == "tsm-bench rows=$ROWS" ]] \
        && [[ $(q "$SRC_URL" "SELECT count(*) FROM metrics") == "$ROWS" ]]; then
        log "reusing $SRC_DB ($ROWS rows)"
        return
    fi
    log "generating $SRC_DB with $ROWS rows ..."
    local t0; t0=$(now)
    # ROWS/HOSTS samples per host, spread over 3 weeks, inserted in time order.
    "${PSQL[@]}" -d "$SRC_URL" <<SQL
DROP TABLE IF EXISTS metrics, hosts;
CREATE TABLE hosts(id int PRIMARY KEY, name text, region text);
INSERT INTO hosts SELECT i, format('host-%s', lpad(i::text, 4, '0')),
       (ARRAY['us-east-1','us-west-2','eu-west-1','eu-central-1','ap-southeast-1'])[1 + i % 5]
  FROM generate_series(1, $HOSTS) i;
CREATE TABLE metrics(ts timestamptz NOT NULL, host_id int NOT NULL, cpu double precision,
    mem double precision, disk_read bigint, disk_write bigint, load real, status text);
INSERT INTO metrics
SELECT timestamptz '2024-01-01 00:00:00+00'
         + (i / $HOSTS) * (interval '21 days' / greatest(1, $ROWS / $HOSTS)),
       1 + i % $HOSTS,
       round((random() * 100)::numeric, 2),
       round((20 + random() * 70)::numeric, 2),
       (random() * 5e8)::bigint,
       (random() * 2e8)::bigint,
       (random() * 8)::real,
       CASE WHEN random() < 0.97 THEN 'ok' WHEN random() < 0.8 THEN 'degraded' ELSE 'down' END
  FROM generate_series(0, $ROWS - 1) i;
ALTER TABLE metrics ADD PRIMARY KEY (host_id, ts);
CREATE INDEX metrics_ts_idx ON metrics (ts);
ANALYZE hosts, metrics;
COMMENT ON TABLE metrics IS 'tsm-bench rows=$ROWS';
SQL
    log "generated in $(since "$t0")s"
}
generate_source
TABLE_BYTES=$(q "$SRC_URL" "SELECT pg_table_size('public.metrics')")
DB_BYTES=$(q "$SRC_URL" "SELECT pg_database_size(current_database())")
TABLE_MB=$(awk -v b="$TABLE_BYTES" 'BEGIN { printf "%.1f", b / 1e6 }')
log "metrics: $ROWS rows, pg_table_size $TABLE_MB MB; database $(awk -v b="$DB_BYTES" 'BEGIN { printf "%.1f", b / 1e6 }') MB"

new_target() {   # new_target NAME; sets TGT to its URI (not run in a subshell, so TARGETS is kept)
    local t=tsm_bench_t_$1
    q "$ADMIN_URL" "DROP DATABASE IF EXISTS $t WITH (FORCE)" >/dev/null
    q "$ADMIN_URL" "CREATE DATABASE $t" >/dev/null
    TARGETS+=("$t")
    TGT=$(with_db "$ADMIN_URL" "$t")
}
drop_target() {
    q "$ADMIN_URL" "DROP DATABASE IF EXISTS tsm_bench_t_$1 WITH (FORCE)" >/dev/null
}

# CPU sampling: top once a second; cpu_summary prints mean %CPU per group
# (100% = one core; the machine has $(nproc) cores).
cpu_start() {
    top -b -c -d 1 -w 512 > "$WORK/top.$1" 2>/dev/null &
    TOP_PID=$!
}
cpu_stop() {   # cpu_stop NAME; sets CPU[NAME] (not run in a subshell, so TOP_PID is cleared)
    kill "$TOP_PID" 2>/dev/null || true
    wait "$TOP_PID" 2>/dev/null || true
    TOP_PID=
    CPU[$1]=$(cpu_summary "$1")
}
cpu_summary() {
    awk -v src="$SRC_DB" -v jvm="${JVM_PID:-none}" '
        /^top - / { n++; next }
        n >= 2 && /^%Cpu/ { if (match($0, /[0-9.]+ id/)) idle += substr($0, RSTART, RLENGTH - 3) + 0 }
        n >= 2 && $1 ~ /^[0-9]+$/ && NF >= 12 {
            cmd = ""; for (i = 12; i <= NF; i++) cmd = cmd " " $i
            prog = $12; sub(/.*\//, "", prog)
            g = "other"
            if ($1 == jvm) g = "jvm"   # only the JVM started here; other JVMs count as other
            else if (prog ~ /^(psql|pg_dump|pg_restore|pgcopydb)$/) g = "client"
            else if (cmd ~ /^ postgres: .* tsm_bench_t_/) g = "pg-tgt"
            else if (cmd ~ ("^ postgres: .* " src " ")) g = "pg-src"
            else if (cmd ~ /^ postgres: / || prog == "postgres") g = "pg-other"
            s[g] += $9
        }
        END {
            n--   # the first top sample is an average since process start
            if (n < 1) { print "n/a (run too short)"; exit }
            split("jvm pg-src pg-tgt pg-other client other", order, " ")
            out = ""
            for (k = 1; k <= 6; k++) if (s[order[k]] / n >= 1) out = out sprintf("%s %.0f%% ", order[k], s[order[k]] / n)
            printf "%s| machine busy %.0f%% of all cores (%d samples)\n", out, 100 - idle / n, n
        }' "$WORK/top.$1"
}


record() {   # record NAME SECONDS
    WALL[$1]=$2
    ROWS_S[$1]=$(awk -v r="$ROWS" -v s="$2" 'BEGIN { printf "%.0f", r / s }')
    MB_S[$1]=$(awk -v b="$TABLE_BYTES" -v s="$2" 'BEGIN { printf "%.1f", b / 1e6 / s }')
}

# --- (a) baseline COPY ------------------------------------------------------
log "(a) COPY binary pipe (data only) ..."
new_target copy
q "$TGT" "CREATE TABLE metrics(ts timestamptz NOT NULL, host_id int NOT NULL, cpu double precision,
    mem double precision, disk_read bigint, disk_write bigint, load real, status text)" >/dev/null
cpu_start copy
t0=$(now)
"${PSQL[@]}" -d "$SRC_URL" -c "COPY metrics TO STDOUT (FORMAT binary)" \
    | "${PSQL[@]}" -d "$TGT" -c "COPY metrics FROM STDIN (FORMAT binary)"
record copy "$(since "$t0")"
cpu_stop copy
got=$(q "$TGT" "SELECT count(*) FROM metrics")
[[ $got == "$ROWS" ]] || die "baseline copied $got rows, expected $ROWS"
drop_target copy
log "(a) ${WALL[copy]}s"

# --- (b) pg_dump / pg_restore -----------------------------------------------
log "(b) pg_dump -Fd -j $PAR + pg_restore -j $PAR ..."
new_target dump
cpu_start dump
t0=$(now)
pg_dump -Fd -j "$PAR" -f "$WORK/dump" -d "$SRC_URL"
DUMP_S=$(since "$t0")
t1=$(now)
pg_restore -j "$PAR" --no-owner -d "$TGT" "$WORK/dump"
RESTORE_S=$(since "$t1")
record dump "$(since "$t0")"
cpu_stop dump
NOTE[dump]="dump ${DUMP_S}s + restore ${RESTORE_S}s"
rm -rf "$WORK/dump"
drop_target dump
log "(b) ${WALL[dump]}s (${NOTE[dump]})"

# --- (c) pgcopydb -----------------------------------------------------------
if command -v pgcopydb >/dev/null; then
    log "(c) pgcopydb clone --table-jobs $PAR --index-jobs $PAR ..."
    new_target pgcopydb
    cpu_start pgcopydb
    t0=$(now)
    if pgcopydb clone --source "$SRC_URL" --target "$TGT" --table-jobs "$PAR" --index-jobs "$PAR" \
            --dir "$WORK/pgcopydb" --no-owner > "$WORK/pgcopydb.log" 2>&1; then
        record pgcopydb "$(since "$t0")"
        cpu_stop pgcopydb
        got=$(q "$TGT" "SELECT count(*) FROM metrics")
        [[ $got == "$ROWS" ]] || die "pgcopydb copied $got rows, expected $ROWS"
        NOTE[pgcopydb]=$(pgcopydb --version 2>&1 | sed -n 's/.*pgcopydb version \([^ ]*\).*/pgcopydb \1/p' | head -1)
        log "(c) ${WALL[pgcopydb]}s"
    else
        cpu_stop pgcopydb
        tail -20 "$WORK/pgcopydb.log" >&2
        NOTE[pgcopydb_skip]="pgcopydb clone failed (log above)"
        log "(c) skipped: ${NOTE[pgcopydb_skip]}"
    fi
    drop_target pgcopydb
else
    NOTE[pgcopydb_skip]="pgcopydb is not installed (e.g. apt-get install pgcopydb)"
    log "(c) skipped: ${NOTE[pgcopydb_skip]}"
fi

# --- (d)/(e) timescale-migrate -----------------------------------------------
# run_tsm KEY [flags...]: scripts/tsm migrate into a fresh target, at -Xmx256m with a GC log; records the wall
# time, peak heap, GC pauses, the metrics table's data phase and the verification phase from the JSON report.
declare -A PEAK GCS DATA_SECS DATA_RATE DATA_BYTES_OF DATA_UNITS_OF TOTAL_S VERIFY_PHASE VERIFIED
run_tsm() {
    local key=$1; shift
    log "($key) scripts/tsm migrate --parallelism $PAR $* ..."
    new_target "$key"
    cpu_start "$key"
    local t0; t0=$(now)
    # scripts/tsm execs java, so $! is the JVM's pid.
    TSM_JAVA_OPTS="-Xmx256m -Xlog:gc,gc+heap+exit:file=$WORK/gc-$key.log" "$ROOT/scripts/tsm" migrate \
        --source "$(jdbc "$SRC_URL")" --target "$(jdbc "$TGT")" --parallelism "$PAR" --strategy "$STRATEGY" \
        --report-json "$WORK/report-$key.json" --no-progress "$@" > "$WORK/tsm-$key.log" 2>&1 &
    JVM_PID=$!
    wait "$JVM_PID" || { cat "$WORK/tsm-$key.log" >&2; die "tsm migrate failed"; }
    record "$key" "$(since "$t0")"
    cpu_stop "$key"
    JVM_PID=
    # Peak heap: the largest "before" of any GC pause and the heap used at exit (MB).
    PEAK[$key]=$(awk '
        { if (match($0, /[0-9]+M->[0-9]+M/)) { v = substr($0, RSTART, RLENGTH); sub(/M->.*/, "", v); if (v + 0 > m) m = v + 0 } }
        /used [0-9]+K/ { if (match($0, /used [0-9]+K/)) { v = substr($0, RSTART + 5, RLENGTH - 6) / 1024; if (v > m) m = v } }
        END { printf "%.0f", m }' "$WORK/gc-$key.log")
    GCS[$key]=$(grep -c 'Pause' "$WORK/gc-$key.log" || true)
    read -r "DATA_SECS[$key]" "DATA_RATE[$key]" "DATA_BYTES_OF[$key]" "DATA_UNITS_OF[$key]" < <(jq -r '
        .tables[] | select(.name == "metrics")
        | "\(.durationSeconds * 100 | round / 100) \(.megabytesPerSecond * 10 | round / 10) \(.bytes) \(.units)"' \
        "$WORK/report-$key.json")
    TOTAL_S[$key]=$(jq -r '.durationSeconds * 100 | round / 100' "$WORK/report-$key.json")
    VERIFY_PHASE[$key]=$(jq -r 'if .verification then (.verification.durationSeconds * 100 | round / 100) else "-" end' \
        "$WORK/report-$key.json")
    VERIFIED[$key]=$(jq -r 'if .verification == null then "off" elif .verification.matches then "matched"
        else "MISMATCH" end' "$WORK/report-$key.json")
    log "($key) ${WALL[$key]}s (metrics data phase ${DATA_SECS[$key]}s, verification ${VERIFY_PHASE[$key]}s, peak heap ${PEAK[$key]} MB)"
}

# (d) as a user runs it: verification on (the command line's default)
run_tsm tsm
drop_target tsm
# (e) without verification, then the verification alone afterwards on its target
run_tsm tsmnv --no-verify
log "verifying with scripts/tsm verify ..."
t0=$(now)
set +e
"$ROOT/scripts/tsm" verify --source "$(jdbc "$SRC_URL")" --target "$(jdbc "$TGT")" > "$WORK/verify.log" 2>&1
VRC=$?
set -e
record verify "$(since "$t0")"
case $VRC in
    0) VERIFY="matched" ;;
    3) VERIFY="MISMATCH"; cat "$WORK/verify.log" >&2 ;;
    *) VERIFY="verify failed (exit $VRC)"; cat "$WORK/verify.log" >&2 ;;
esac
drop_target tsmnv

# --- 3. results -------------------------------------------------------------
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else print "-" }'; }
BEST_PEER=dump
if [[ -n ${WALL[pgcopydb]:-} ]] && awk -v a="${WALL[pgcopydb]}" -v b="${WALL[dump]}" 'BEGIN { exit !(a < b) }'; then
    BEST_PEER=pgcopydb
fi
# data phase of (d) as its own row
WALL[tsm-data]=${DATA_SECS[tsm]}
ROWS_S[tsm-data]=$(awk -v r="$ROWS" -v s="${DATA_SECS[tsm]}" 'BEGIN { printf "%.0f", r / s }')
MB_S[tsm-data]=$(awk -v b="$TABLE_BYTES" -v s="${DATA_SECS[tsm]}" 'BEGIN { printf "%.1f", b / 1e6 / s }')
VPHASE=${VERIFY_PHASE[tsm]}
WALL[tsm-verify]=$VPHASE
ROWS_S[tsm-verify]=$(awk -v r="$ROWS" -v s="$VPHASE" 'BEGIN { printf "%.0f", r / s }')
MB_S[tsm-verify]=$(awk -v b="$TABLE_BYTES" -v s="$VPHASE" 'BEGIN { printf "%.1f", b / 1e6 / s }')

echo
echo "timescale-migrate benchmark: $ROWS rows in metrics ($HOSTS hosts, 3 weeks) + hosts; --parallel $PAR"
echo "  source $SRC_URL; targets on $(with_db "$ADMIN_URL" '*'); $(nproc) cores"
echo "  MB = pg_table_size(metrics) on the source = $TABLE_MB MB (heap+TOAST+FSM/VM, no indexes), for every row"
echo "  ratio wall = method wall / baseline (a) wall (lower is faster); peer = faster of (b)/(c) = $BEST_PEER"
echo
fmt='%-30s %9s %11s %8s %9s %9s %9s  %s\n'
# shellcheck disable=SC2059
printf "$fmt" method wall-s rows/s MB/s vs-copy vs-peer heap-MB notes
for m in copy dump pgcopydb tsm tsm-data tsm-verify tsmnv verify; do
    [[ -n ${WALL[$m]:-} ]] || continue
    case $m in
        copy) label="(a) COPY binary pipe, no keys" ;;
        dump) label="(b) pg_dump+pg_restore -j$PAR" ;;
        pgcopydb) label="(c) pgcopydb clone" ;;
        tsm) label="(d) tsm migrate $STRATEGY" ;;
        tsm-data) label="    (d) metrics data phase" ;;
        tsm-verify) label="    (d) verification phase" ;;
        tsmnv) label="(e) (d) with --no-verify" ;;
        verify) label="(f) tsm verify alone, after (e)" ;;
    esac
    heap=-; [[ $m == tsm || $m == tsmnv ]] && heap=${PEAK[$m]}
    note=${NOTE[$m]:-}
    [[ $m == tsm || $m == tsmnv ]] && note="report total ${TOTAL_S[$m]}s, verification ${VERIFIED[$m]}, ${GCS[$m]} GC pauses"
    [[ $m == tsm-data ]] && note="report: ${DATA_RATE[tsm]} MB/s of $(awk -v b="${DATA_BYTES_OF[tsm]}" 'BEGIN { printf "%.1f", b / 1e6 }') MB COPY bytes, ${DATA_UNITS_OF[tsm]} units"
    if [[ $m == tsm-verify ]]; then
        if [[ $STRATEGY == whole-database ]]; then
            note="one snapshot: source side from the copies' digests, target read back"
        else
            note="units read in snapshots of their own: both sides read"
        fi
    fi
    [[ $m == verify ]] && note="$VERIFY; both sides read"
    # shellcheck disable=SC2059
    printf "$fmt" "$label" "${WALL[$m]}" "${ROWS_S[$m]}" "${MB_S[$m]}" \
        "$(ratio "${WALL[$m]}" "${WALL[copy]}")" "$(ratio "${WALL[$m]}" "${WALL[$BEST_PEER]}")" "$heap" "$note"
done
[[ -n ${NOTE[pgcopydb_skip]:-} ]] && echo "(c) pgcopydb skipped: ${NOTE[pgcopydb_skip]}"
echo
echo "mean CPU while running, from top -b -d 1 (100% = one core; other = processes outside the benchmark):"
for m in copy dump pgcopydb tsm tsmnv; do
    [[ -n ${CPU[$m]:-} ]] && printf '  %-10s %s\n' "$m" "${CPU[$m]}"
done
echo
echo "targets:"
met() { if awk "BEGIN { exit !($1) }"; then echo MET; else echo MISSED; fi; }
DATA_S=${DATA_SECS[tsm]}
thr=$(awk -v a="${WALL[copy]}" -v d="$DATA_S" 'BEGIN { printf "%.2f", a / d }')
printf '  %-7s data phase throughput >= 0.9x baseline (a):     %sx (%s vs %s rows/s)\n' \
    "$(met "$thr >= 0.9")" "$thr" "${ROWS_S[tsm-data]}" "${ROWS_S[copy]}"
whole=$(awk -v d="${WALL[tsm]}" -v p="${WALL[$BEST_PEER]}" 'BEGIN { printf "%.2f", d / p }')
printf '  %-7s verified migration <= 0.8x fastest peer (%s): %sx (%ss vs %ss)\n' \
    "$(met "$whole <= 0.8")" "$BEST_PEER" "$whole" "${WALL[tsm]}" "${WALL[$BEST_PEER]}"
added=$(awk -v v="$VPHASE" -v d="$DATA_S" 'BEGIN { printf "%.0f", 100 * v / d }')
printf '  %-7s verification adds <= 25%% to the data phase:   %s%% (%ss on %ss)\n' \
    "$(met "$added <= 25")" "$added" "$VPHASE" "$DATA_S"
printf '  %-7s peak JVM heap < 256 MB:                         %s MB (-Xmx256m)\n' \
    "$(met "${PEAK[tsm]} < 256")" "${PEAK[tsm]}"
printf '  %-7s verify\n' "$([[ $VERIFY == matched && ${VERIFIED[tsm]} == matched ]] && echo OK || echo FAILED)"
