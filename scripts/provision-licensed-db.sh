#!/usr/bin/env bash
# scripts/provision-licensed-db.sh -- builds the test bed's Timescale-licensed server: a PostgreSQL 15
# tree of its own (a copy of Debian's, beside the Apache one) with TimescaleDB 2.19.3 and 2.28.3 of the
# Timescale License edition installed into it, 2.28.3 the default version.
#
# Usage: TSM_TIMESCALEDB_SOURCES=DIR scripts/provision-licensed-db.sh
#
#   DIR holds the unmodified release sources timescaledb-2.19.3.tar.xz and timescaledb-2.28.3.tar.xz
#   (the project keeps none: CI passes ../shared/timescaledb). Each version is built once and cached
#   (keyed by the SHA-256 of its tarball) in $TSM_CACHE_DIR; the tree is assembled again only when
#   Debian's PostgreSQL or a build changed. A run with everything in place takes well under a second.
#
# Environment:
#   TSM_TIMESCALEDB_SOURCES  the directory above (required)
#   TSM_CACHE_DIR            build cache (default $HOME/.cache/timescale-migrate)
#   TSM_LICENSED_ROOT        where the tree goes (default /var/tmp/timescale-migrate/pg15-licensed as
#                            root, else $TSM_CACHE_DIR/pg15-licensed)
#
# Needs scripts/provision-test-db.sh first (Debian's PostgreSQL 15 and the build tools); runs it itself.
set -euo pipefail

ME=$(basename "$0")
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib/testbed.sh
. "$SCRIPT_DIR/lib/testbed.sh"

log()  { printf '%s: %s\n' "$ME" "$*" >&2; }
die()  { printf '%s: ERROR: %s\n' "$ME" "$*" >&2; exit 1; }
now()  { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1fs", b - a }'; }

SOURCES=${TSM_TIMESCALEDB_SOURCES:-}
[[ -n $SOURCES ]] || die "TSM_TIMESCALEDB_SOURCES is not set: point it at a directory with timescaledb-{${TSM_LICENSED_VERSIONS[*]// /,}}.tar.xz (the Timescale License release sources)"
[[ -d $SOURCES ]] || die "TSM_TIMESCALEDB_SOURCES=$SOURCES is not a directory"
SOURCES=$(cd "$SOURCES" && pwd)

SYS_LIB=/usr/lib/postgresql/$TSM_PG_MAJOR
SYS_SHARE=/usr/share/postgresql/$TSM_PG_MAJOR
PG_CONFIG=$SYS_LIB/bin/pg_config
ROOT=$TSM_LICENSED_ROOT
TREE_OK=$ROOT/tree.ok

T_START=$(now)

"$SCRIPT_DIR/provision-test-db.sh"

tarball() { printf '%s/timescaledb-%s.tar.xz' "$SOURCES" "$1"; }

for v in "${TSM_LICENSED_VERSIONS[@]}"; do
    [[ -r $(tarball "$v") ]] || die "$(tarball "$v") is missing: TSM_TIMESCALEDB_SOURCES must hold the release sources of ${TSM_LICENSED_VERSIONS[*]}"
done

mkdir -p "$TSM_CACHE_DIR"
exec 9>"$TSM_CACHE_DIR/.licensed.lock"
flock 9

# build VERSION: stages the licensed build of VERSION in the cache (unless cached for this tarball).
build() {
    local v=$1 dir sha stage ok jobs t0
    dir=$TSM_CACHE_DIR/timescaledb-tsl-$v-pg$TSM_PG_MAJOR
    stage=$dir/stage
    ok=$dir/stage.ok
    sha=$(sha256sum "$(tarball "$v")" | cut -d' ' -f1)
    if [[ -f $ok ]] && grep -qx "source-sha256=$sha" "$ok" && grep -qx "built-against=$("$PG_CONFIG" --version)" "$ok"; then
        log "TimescaleDB $v (Timescale License): cached build in $stage"
        return 0
    fi
    log "==> building TimescaleDB $v (Timescale License edition) for PostgreSQL $TSM_PG_MAJOR"
    t0=$(now)
    rm -rf "$dir"
    mkdir -p "$dir/src"
    tar -xJf "$(tarball "$v")" -C "$dir/src"
    grep -Eq "^version = $v\$" "$dir/src/version.config" ||
        die "$(tarball "$v") is not TimescaleDB $v: $(head -n 1 "$dir/src/version.config")"
    [[ -f $dir/src/tsl/LICENSE-TIMESCALE ]] || die "$(tarball "$v") has no tsl/: not the Timescale License edition"
    jobs=$(nproc 2>/dev/null || echo 2)
    cmake -S "$dir/src" -B "$dir/build" \
        -DCMAKE_BUILD_TYPE=Release \
        -DPG_CONFIG="$PG_CONFIG" \
        -DREGRESS_CHECKS=OFF \
        -DTAP_CHECKS=OFF \
        -DWARNINGS_AS_ERRORS=OFF \
        -DSEND_TELEMETRY_DEFAULT=OFF >"$dir/cmake.log" 2>&1 ||
        { tail -n 40 "$dir/cmake.log" >&2; die "cmake configure of $v failed (log: $dir/cmake.log)"; }
    make -C "$dir/build" -j"$jobs" >"$dir/make.log" 2>&1 ||
        { tail -n 40 "$dir/make.log" >&2; die "make of $v failed (log: $dir/make.log)"; }
    make -C "$dir/build" install DESTDIR="$stage" >"$dir/make-install.log" 2>&1 ||
        { tail -n 40 "$dir/make-install.log" >&2; die "make install of $v failed (log: $dir/make-install.log)"; }
    [[ -f $stage$SYS_LIB/lib/timescaledb-tsl-$v.so ]] || die "the build of $v staged no timescaledb-tsl-$v.so"
    rm -rf "$dir/src" "$dir/build"
    {
        echo "timescaledb=$v"
        echo "source-sha256=$sha"
        echo "built-against=$("$PG_CONFIG" --version)"
    } >"$ok"
    log "    TimescaleDB $v built in $(elapsed "$t0")"
}

for v in "${TSM_LICENSED_VERSIONS[@]}"; do
    build "$v"
done

# What the tree is made of: Debian's PostgreSQL package and each staged build.
want=$(
    echo "postgresql=$(dpkg-query -W -f='${Version}' "postgresql-$TSM_PG_MAJOR")"
    for v in "${TSM_LICENSED_VERSIONS[@]}"; do
        grep '^source-sha256=' "$TSM_CACHE_DIR/timescaledb-tsl-$v-pg$TSM_PG_MAJOR/stage.ok" | sed "s/^/$v-/"
    done
)
if [[ -f $TREE_OK && "$(cat "$TREE_OK")" == "$want" ]]; then
    log "licensed PostgreSQL tree in $ROOT is up to date"
else
    log "==> assembling the licensed PostgreSQL tree in $ROOT"
    t0=$(now)
    rm -rf "$ROOT"
    mkdir -p "$ROOT/usr/lib/postgresql" "$ROOT/usr/share/postgresql"
    cp -a "$SYS_LIB" "$ROOT/usr/lib/postgresql/"
    cp -a "$SYS_SHARE" "$ROOT/usr/share/postgresql/"
    # Leave out the Apache build copied along with Debian's tree: only the licensed builds belong here.
    find "$ROOT" \( -name 'timescaledb*.so' -o -name 'timescaledb*.sql' -o -name 'timescaledb.control' \) -delete
    for v in "${TSM_LICENSED_VERSIONS[@]}"; do
        tar -C "$TSM_CACHE_DIR/timescaledb-tsl-$v-pg$TSM_PG_MAJOR/stage" -cf - . | tar -C "$ROOT" -xf - --no-same-owner
    done
    # PostgreSQL resolves its lib and share directories relative to its binaries, so this tree's
    # server loads only the extension files in this tree.
    chmod -R go+rX "$ROOT"
    printf '%s\n' "$want" >"$TREE_OK"
    log "    assembled in $(elapsed "$t0")"
fi

default=$(sed -n "s/^default_version[[:space:]]*=[[:space:]]*'\(.*\)'.*/\1/p" "$ROOT$SYS_SHARE/extension/timescaledb.control")
[[ $default == "${TSM_LICENSED_VERSIONS[-1]}" ]] || die "the tree's default TimescaleDB version is '$default', expected ${TSM_LICENSED_VERSIONS[-1]}"
log "licensed tree: $ROOT$SYS_LIB/bin (TimescaleDB ${TSM_LICENSED_VERSIONS[*]}, default $default); done in $(elapsed "$T_START")"
