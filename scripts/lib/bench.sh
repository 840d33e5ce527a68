# shellcheck shell=bash
# scripts/lib/bench.sh -- what the benchmark scripts share. Sourced, never run.
#
#   bench_args "$@"     parses --rows N, --parallel N, --port PORT (and -h/--help, which prints the calling
#                       script's header) into ROWS, PAR and PORT, keeping the caller's defaults
#   psql_ ARGS...       psql, quiet, stopping at the first error
#   q ARGS...           psql, unaligned tuples only, stopping at the first error
#   now / since T0      the time, and the seconds since T0 with one decimal
#   ratio A B           A / B as "1.23x", "-" when B is 0
#   tsm_migrate KEY SOURCE_DB TARGET_DB OUT FLAGS...
#                       times scripts/tsm migrate from and to databases of $JBASE with --parallelism $PAR, its JSON
#                       report in OUT.json and its output in OUT.log (printed when it fails, and the script exits);
#                       the seconds into WALL[KEY] (an associative array the caller declares)
#   verification_of JSON
#                       off, matched (its seconds) or MISMATCH, from a JSON report
#   metrics_sql ROWS HOSTS
#                       the statements that fill public.metrics (the table of scripts/bench.sh: ROWS rows of HOSTS
#                       hosts over 3 weeks, in time order): ts timestamptz, host_id int, cpu/mem double precision,
#                       disk_read/disk_write bigint, load real, status text; the table must exist

bench_args() {
    while (( $# )); do
        case $1 in
            --rows) ROWS=${2:?}; shift 2 ;;
            --parallel) PAR=${2:?}; shift 2 ;;
            --port) PORT=${2:?}; shift 2 ;;
            -h|--help) sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 0 ;;
            *) echo "unknown argument $1" >&2; exit 2 ;;
        esac
    done
}

psql_() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
q() { psql -X -At -v ON_ERROR_STOP=1 "$@"; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else print "-" }'; }

metrics_sql() {
    local rows=$1 hosts=$2
    cat <<SQL
INSERT INTO metrics
SELECT timestamptz '2024-01-01 00:00:00+00' + (i / $hosts) * (interval '21 days' / greatest(1, $rows / $hosts)),
       1 + i % $hosts, round((random() * 100)::numeric, 2), round((20 + random() * 70)::numeric, 2),
       (random() * 5e8)::bigint, (random() * 2e8)::bigint, (random() * 8)::real,
       CASE WHEN random() < 0.97 THEN 'ok' WHEN random() < 0.8 THEN 'degraded' ELSE 'down' END
  FROM generate_series(0, $rows - 1) i;
SQL
}

tsm_migrate() {
    local key=$1 src=$2 dst=$3 out=$4; shift 4
    local t0; t0=$(now)
    "$ROOT/scripts/tsm" migrate --source "$JBASE/$src?user=postgres" --target "$JBASE/$dst?user=postgres" \
        --parallelism "$PAR" --no-progress --report-json "$out.json" "$@" > "$out.log" 2>&1 \
        || { cat "$out.log" >&2; exit 1; }
    WALL[$key]=$(since "$t0")
}

verification_of() {
    jq -r 'if .verification == null then "off"
        elif .verification.matches then "matched (\(.verification.durationSeconds * 10 | round / 10) s)"
        else "MISMATCH" end' "$1"
}
