#!/usr/bin/env bash
# scripts/provision-test-db.sh -- install what the timescale-migrate test
# database needs: PostgreSQL 15 (Debian 12 packages) and TimescaleDB 2.19.3
# (Apache-2.0 edition) built from source.
#
# Idempotent: safe to run any number of times; a run where everything is in
# place only checks and prints a summary (well under a second).
#
# What it does:
#   1. Installs missing Debian packages (postgresql-15 & co., build tools).
#      `apt-get update` runs at most once, and only if something is missing.
#   2. If TimescaleDB 2.19.3 is not installed for PostgreSQL 15:
#      a. fetches Debian's `timescaledb` SOURCE package from the next Debian
#         release (trixie, which ships 2.19.3+dfsg-1[+deb13uN]) with
#         `apt-get source`, through a PRIVATE, throw-away apt configuration
#         (own sources list, own lists/cache dirs, no system source parts;
#         scripts/lib/apt-source.sh, shared with provision-regression-db.sh).
#         The archive URI is taken from this machine's own apt configuration
#         (never hard-coded); the Release file is verified with the system
#         keyring /usr/share/keyrings/debian-archive-keyring.gpg, and every
#         downloaded file is checked against the signed hashes. The system's
#         apt configuration is NOT modified.
#      b. builds it with cmake (APACHE_ONLY, no tests, telemetry off by
#         default) and stages it with `make install DESTDIR=...` in the cache;
#      c. copies the staged files into / .
#      Fetched sources and the staged build are kept in the cache, so later
#      runs (e.g. on a machine where the extension files were removed) only
#      re-copy the staged files.
#
# Environment:
#   TSM_CACHE_DIR   cache directory (default: $HOME/.cache/timescale-migrate)
#   TSM_DEBIAN_ARCHIVE_URI  override the archive URI used for the source
#                   package (default: derived from /etc/apt/sources.list.d/
#                   debian.sources or /etc/apt/sources.list)
#
# Needs root (or sudo) only when something must be installed.
set -euo pipefail

ME=$(basename "$0")
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib/apt-source.sh
. "$SCRIPT_DIR/lib/apt-source.sh"
PG_MAJOR=15
PG_BIN=/usr/lib/postgresql/$PG_MAJOR/bin
PG_CONFIG=$PG_BIN/pg_config
PG_EXT_DIR=/usr/share/postgresql/$PG_MAJOR/extension
PG_LIB_DIR=/usr/lib/postgresql/$PG_MAJOR/lib
TSDB_VERSION=2.19.3
TSDB_SRC_PKG=timescaledb
TSDB_SRC_SUITE=trixie

CACHE_DIR=${TSM_CACHE_DIR:-$HOME/.cache/timescale-migrate}
TSDB_CACHE=$CACHE_DIR/timescaledb-$TSDB_VERSION-pg$PG_MAJOR
SRC_DIR=$TSDB_CACHE/source      # downloaded .dsc/.orig/.debian + unpacked tree
BUILD_DIR=$TSDB_CACHE/build     # cmake build dir (removed after staging)
STAGE_DIR=$TSDB_CACHE/stage     # make install DESTDIR=... tree (the cache)
STAGE_OK=$TSDB_CACHE/stage.ok   # marker: stage is complete

PACKAGES=(
    "postgresql-$PG_MAJOR"
    "postgresql-client-$PG_MAJOR"
    "postgresql-server-dev-$PG_MAJOR"
    cmake
    gcc
    make
    libc6-dev
    libssl-dev          # TimescaleDB's optional OpenSSL support (USE_OPENSSL)
    dpkg-dev            # dpkg-source, used by `apt-get source`
    patch               # applying the Debian patches
    xz-utils            # unpacking the .tar.xz source
    debian-archive-keyring
)

log()  { printf '%s: %s\n' "$ME" "$*" >&2; }
die()  { printf '%s: ERROR: %s\n' "$ME" "$*" >&2; exit 1; }

now()  { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1fs", b - a }'; }

# step "description" command args... : runs the command and prints its duration.
step() {
    local what=$1 t0
    shift
    log "==> $what"
    t0=$(now)
    "$@"
    log "    $what: done in $(elapsed "$t0")"
}

T_START=$(now)

if [[ $(id -u) -eq 0 ]]; then
    SUDO=()
else
    SUDO=(sudo)
fi
as_root() {
    if [[ ${#SUDO[@]} -gt 0 ]] && ! command -v sudo >/dev/null 2>&1; then
        die "root privileges needed for: $* (run this script as root, or install sudo)"
    fi
    "${SUDO[@]}" "$@"
}

# --------------------------------------------------------------------------
# 1. Debian packages
# --------------------------------------------------------------------------
pkg_installed() {
    [[ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null || true)" == "installed" ]]
}

PG_WAS_INSTALLED=yes
pkg_installed postgresql-$PG_MAJOR || PG_WAS_INSTALLED=no

install_packages() {
    local missing=() p
    for p in "${PACKAGES[@]}"; do
        pkg_installed "$p" || missing+=("$p")
    done
    if [[ ${#missing[@]} -eq 0 ]]; then
        log "    all required Debian packages are installed"
        return 0
    fi
    log "    missing: ${missing[*]}"
    local t0
    t0=$(now)
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
    log "    apt-get update: $(elapsed "$t0")"
    t0=$(now)
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends -o Dpkg::Use-Pty=0 "${missing[@]}"
    log "    apt-get install: $(elapsed "$t0")"
}

step "checking Debian packages" install_packages

[[ -x $PG_CONFIG ]] || die "$PG_CONFIG not found although postgresql-client-$PG_MAJOR is installed"
[[ -x $PG_BIN/postgres ]] || die "$PG_BIN/postgres not found although postgresql-$PG_MAJOR is installed"

# Installing postgresql-15 on Debian creates and starts a default cluster
# "15 main" on port 5432. Our test cluster is separate (see test-db.sh), so if
# THIS run installed the server, stop that default cluster again (it is left
# in place; start it with `pg_ctlcluster 15 main start` if you want it).
if [[ $PG_WAS_INSTALLED == no ]] && command -v pg_lsclusters >/dev/null 2>&1; then
    if pg_lsclusters -h 2>/dev/null | awk -v v=$PG_MAJOR '$1 == v && $2 == "main" && $4 == "online" { found = 1 } END { exit !found }'; then
        log "stopping the default cluster '$PG_MAJOR main' (port 5432) that installing postgresql-$PG_MAJOR started; it is not used"
        as_root pg_ctlcluster $PG_MAJOR main stop || log "    (could not stop it; continuing)"
    fi
fi

# --------------------------------------------------------------------------
# 2. TimescaleDB
# --------------------------------------------------------------------------
tsdb_installed() {
    [[ -f $PG_EXT_DIR/timescaledb.control ]] &&
        grep -Eq "^default_version[[:space:]]*=[[:space:]]*'$TSDB_VERSION'" "$PG_EXT_DIR/timescaledb.control" &&
        [[ -f $PG_EXT_DIR/timescaledb--$TSDB_VERSION.sql ]] &&
        [[ -f $PG_LIB_DIR/timescaledb.so ]] &&
        [[ -f $PG_LIB_DIR/timescaledb-$TSDB_VERSION.so ]]
}

# Fetches the source package into $SRC_DIR using a private apt configuration (scripts/lib/apt-source.sh).
fetch_source() {
    tsm_apt_source_fetch "$TSDB_SRC_PKG" "$TSDB_SRC_SUITE" "$TSDB_VERSION" "$SRC_DIR"
    [[ -f $SRC_DIR/tree/CMakeLists.txt ]] || die "unpacked source tree $SRC_DIR/tree lacks CMakeLists.txt"
    grep -Eq "^version = $TSDB_VERSION\$" "$SRC_DIR/tree/version.config" ||
        die "unexpected version in $SRC_DIR/tree/version.config: $(cat "$SRC_DIR/tree/version.config")"
}

build_and_stage() {
    local jobs
    jobs=$(nproc 2>/dev/null || echo 2)
    rm -rf "$BUILD_DIR" "$STAGE_DIR" "$STAGE_OK"
    mkdir -p "$BUILD_DIR"
    local t0
    t0=$(now)
    cmake -S "$SRC_DIR/tree" -B "$BUILD_DIR" \
        -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DPG_CONFIG="$PG_CONFIG" \
        -DAPACHE_ONLY=ON \
        -DREGRESS_CHECKS=OFF \
        -DTAP_CHECKS=OFF \
        -DWARNINGS_AS_ERRORS=OFF \
        -DSEND_TELEMETRY_DEFAULT=OFF >"$TSDB_CACHE/cmake.log" 2>&1 ||
        { tail -n 40 "$TSDB_CACHE/cmake.log" >&2; die "cmake configure failed (full log: $TSDB_CACHE/cmake.log)"; }
    log "    cmake configure: $(elapsed "$t0")"
    t0=$(now)
    make -C "$BUILD_DIR" -j"$jobs" >"$TSDB_CACHE/make.log" 2>&1 ||
        { tail -n 40 "$TSDB_CACHE/make.log" >&2; die "make failed (full log: $TSDB_CACHE/make.log)"; }
    log "    make -j$jobs: $(elapsed "$t0")"
    t0=$(now)
    make -C "$BUILD_DIR" install DESTDIR="$STAGE_DIR" >"$TSDB_CACHE/make-install.log" 2>&1 ||
        { tail -n 40 "$TSDB_CACHE/make-install.log" >&2; die "make install (staging) failed (full log: $TSDB_CACHE/make-install.log)"; }
    log "    make install DESTDIR=$STAGE_DIR: $(elapsed "$t0")"
    [[ -f $STAGE_DIR$PG_EXT_DIR/timescaledb--$TSDB_VERSION.sql && -f $STAGE_DIR$PG_LIB_DIR/timescaledb-$TSDB_VERSION.so ]] ||
        die "staged tree under $STAGE_DIR lacks the expected extension files"
    {
        echo "timescaledb=$TSDB_VERSION"
        echo "debian-source=$(cat "$SRC_DIR/deb-version")"
        echo "pg_config=$PG_CONFIG"
        echo "built-against=$("$PG_CONFIG" --version)"
        echo "built-at=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    } >"$STAGE_OK"
    rm -rf "$BUILD_DIR"
}

install_staged() {
    # Copy files only; keep owners/modes of existing system directories.
    (cd "$STAGE_DIR" && find . \( -type f -o -type l \) | sed 's|^\./||' | sort) >"$TSDB_CACHE/installed-files.txt"
    tar -C "$STAGE_DIR" -cf - . | as_root tar -C / -xf - --no-same-owner --no-overwrite-dir
    log "    copied $(wc -l <"$TSDB_CACHE/installed-files.txt") files (list: $TSDB_CACHE/installed-files.txt)"
}

if tsdb_installed; then
    log "TimescaleDB $TSDB_VERSION is already installed for PostgreSQL $PG_MAJOR: nothing to build"
else
    mkdir -p "$TSDB_CACHE"
    # Serialize concurrent runs (e.g. two `test-db.sh start` at once).
    exec 9>"$TSDB_CACHE/.lock"
    flock 9
    if tsdb_installed; then
        log "TimescaleDB $TSDB_VERSION was installed by a concurrent run"
    else
        if [[ -f $STAGE_OK && -d $STAGE_DIR ]]; then
            log "using cached build of TimescaleDB $TSDB_VERSION in $STAGE_DIR ($(grep '^debian-source=' "$STAGE_OK" | cut -d= -f2))"
        else
            if [[ -f $SRC_DIR/deb-version && -f $SRC_DIR/tree/CMakeLists.txt ]]; then
                log "using cached source of $TSDB_SRC_PKG $(cat "$SRC_DIR/deb-version") in $SRC_DIR"
            else
                step "fetching Debian source package '$TSDB_SRC_PKG' ($TSDB_VERSION) from $TSDB_SRC_SUITE" fetch_source
            fi
            step "building TimescaleDB $TSDB_VERSION (Apache-2.0 only) for PostgreSQL $PG_MAJOR" build_and_stage
        fi
        step "installing TimescaleDB $TSDB_VERSION into $PG_LIB_DIR and $PG_EXT_DIR" install_staged
        tsdb_installed || die "TimescaleDB $TSDB_VERSION still not found in $PG_EXT_DIR after installing"
    fi
    flock -u 9
fi

# --------------------------------------------------------------------------
# 3. Summary
# --------------------------------------------------------------------------
tsdb_so_version=$(sed -n "s/^default_version[[:space:]]*=[[:space:]]*'\(.*\)'.*/\1/p" "$PG_EXT_DIR/timescaledb.control")
log "installed:"
log "    PostgreSQL:  $("$PG_BIN/postgres" --version) (package postgresql-$PG_MAJOR $(dpkg-query -W -f='${Version}' postgresql-$PG_MAJOR))"
log "    TimescaleDB: $tsdb_so_version (Apache-2.0 build; $PG_LIB_DIR/timescaledb-$tsdb_so_version.so)"
log "    cache:       $TSDB_CACHE"
log "done in $(elapsed "$T_START")"
