# shellcheck shell=bash
# scripts/lib/testbed.sh -- where the test bed's two servers live. Sourced by provision-test-db.sh,
# provision-licensed-db.sh, test-db.sh and test.sh, so that they agree on every path and port.
#
#   apache    Debian's PostgreSQL 15 in /usr/lib/postgresql/15 with TimescaleDB 2.19.3 built from
#             Debian's (Apache-2.0 only) source package; port 55432.
#   licensed  a copy of that PostgreSQL tree of its own, with the Timescale License editions of
#             TSM_LICENSED_VERSIONS built from the release sources in TSM_TIMESCALEDB_SOURCES (the
#             last version is the default one); port 55433, timescaledb.license = 'timescale'.
#             The repository never holds those sources or binaries: they are built on the machine.

TSM_PG_MAJOR=15
TSM_CACHE_DIR=${TSM_CACHE_DIR:-$HOME/.cache/timescale-migrate}
# Trees and data directories the postgres OS user must read: outside root's mode-700 home.
if [[ $(id -u) -eq 0 ]]; then
    TSM_RUN_BASE=/var/tmp/timescale-migrate
else
    TSM_RUN_BASE=$TSM_CACHE_DIR
fi
# Oldest first: the loader and the control file's default_version come from the last one installed.
TSM_LICENSED_VERSIONS=(2.19.3 2.28.3)
TSM_LICENSED_ROOT=${TSM_LICENSED_ROOT:-$TSM_RUN_BASE/pg$TSM_PG_MAJOR-licensed}

# tsm_server_settings FLAVOR: sets PG_BIN, PORT, DATA_DIR_DEFAULT, LICENSE for apache|licensed.
tsm_server_settings() {
    case $1 in
        apache)
            PG_BIN=/usr/lib/postgresql/$TSM_PG_MAJOR/bin
            PORT=${TSM_TEST_DB_PORT:-55432}
            DATA_DIR_DEFAULT=$TSM_RUN_BASE/testdb
            LICENSE=apache
            ;;
        licensed)
            PG_BIN=$TSM_LICENSED_ROOT/usr/lib/postgresql/$TSM_PG_MAJOR/bin
            PORT=${TSM_TEST_LICENSED_DB_PORT:-55433}
            DATA_DIR_DEFAULT=$TSM_RUN_BASE/testdb-licensed
            LICENSE=timescale
            ;;
        *)
            return 1
            ;;
    esac
}
