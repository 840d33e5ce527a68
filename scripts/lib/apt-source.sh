# shellcheck shell=bash
# scripts/lib/apt-source.sh -- fetch a Debian SOURCE package with `apt-get source` through a PRIVATE,
# throw-away apt configuration. Sourced by provision-test-db.sh (TimescaleDB from trixie) and
# provision-regression-db.sh (PostgreSQL from bookworm), so that both fetch the same way:
#
#   - an own sources list (one deb-src line), own lists/cache directories, no system source parts: the
#     system's apt configuration is NOT modified, and nothing of it but the archive URI is used;
#   - the archive URI is taken from this machine's own apt configuration (never hard-coded), or from
#     TSM_DEBIAN_ARCHIVE_URI;
#   - the Release file is verified with the system keyring /usr/share/keyrings/debian-archive-keyring.gpg
#     (signed-by), and apt checks every downloaded file against the signed hashes.
#
# Expects the caller to define log and die (as the provision scripts do). Needs dpkg-dev (dpkg-source),
# patch, xz-utils and debian-archive-keyring installed.
#
#   tsm_debian_archive_uri
#       prints the URI of the main Debian archive configured on this machine.
#   tsm_apt_source_fetch PACKAGE SUITE UPSTREAM_GLOB DEST_DIR
#       fetches the highest version of source package PACKAGE in SUITE (component main) whose upstream version
#       (no epoch, no Debian revision, no +suffix) matches the shell pattern UPSTREAM_GLOB (e.g. '2.19.3' or
#       '15.*'), unpacks it (Debian patches applied) and moves everything into DEST_DIR (replaced), with:
#           DEST_DIR/tree         symlink to the unpacked source tree
#           DEST_DIR/deb-version  the Debian version fetched
#       Runs in a subshell of its own, so its clean-up trap never replaces the caller's.

TSM_DEBIAN_KEYRING=${TSM_DEBIAN_KEYRING:-/usr/share/keyrings/debian-archive-keyring.gpg}

tsm_debian_archive_uri() {
    local uri=""
    if [[ -n "${TSM_DEBIAN_ARCHIVE_URI:-}" ]]; then
        printf '%s' "$TSM_DEBIAN_ARCHIVE_URI"
        return 0
    fi
    if [[ -r /etc/apt/sources.list.d/debian.sources ]]; then
        # deb822: take the URIs of the first stanza whose URIs and Suites are
        # not the security archive.
        uri=$(awk '
            function flush() {
                if (uris != "" && !found && uris !~ /security/ && suites !~ /-security/ && types ~ /deb/) {
                    split(uris, u, /[[:space:]]+/); print u[1]; found = 1
                }
                uris = ""; suites = ""; types = ""
            }
            /^[[:space:]]*#/ { next }
            /^[[:space:]]*$/ { flush(); next }
            tolower($1) == "uris:"   { $1 = ""; sub(/^[[:space:]]+/, ""); uris = $0 }
            tolower($1) == "suites:" { $1 = ""; suites = $0 }
            tolower($1) == "types:"  { $1 = ""; types = $0 }
            END { flush() }
        ' /etc/apt/sources.list.d/debian.sources)
    fi
    if [[ -z "$uri" && -r /etc/apt/sources.list ]]; then
        # one-line format: first "deb [options] URI suite ..." line that is not security
        uri=$(sed -e 's/#.*//' -e 's/\[[^]]*\]//' /etc/apt/sources.list |
            awk '$1 == "deb" && $2 !~ /security/ && $3 !~ /-security/ { print $2; exit }')
    fi
    [[ -n "$uri" ]] || return 1
    printf '%s' "${uri%/}"
}

tsm_apt_source_fetch() (
    local pkg=$1 suite=$2 glob=$3 dest=$4
    local uri tmp versions deb_version="" v upstream tree
    uri=$(tsm_debian_archive_uri) || die "cannot determine the Debian archive URI from /etc/apt/sources.list.d/debian.sources or /etc/apt/sources.list (set TSM_DEBIAN_ARCHIVE_URI)"
    [[ -r $TSM_DEBIAN_KEYRING ]] || die "$TSM_DEBIAN_KEYRING missing (install debian-archive-keyring)"
    log "    archive (from this machine's apt configuration): $uri"

    # A temporary directory under /tmp (not the cache, which may live under a
    # mode-700 home) so apt can keep downloading as its unprivileged _apt user.
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/tsm-apt.XXXXXXXX")
    # shellcheck disable=SC2064
    trap "rm -rf '$tmp'" EXIT
    chmod 755 "$tmp"
    mkdir -p "$tmp/lists/partial" "$tmp/cache/archives/partial" "$tmp/sourceparts" "$tmp/download"
    printf 'deb-src [signed-by=%s] %s %s main\n' "$TSM_DEBIAN_KEYRING" "$uri" "$suite" >"$tmp/sources.list"
    if [[ $(id -u) -eq 0 ]] && getent passwd _apt >/dev/null; then
        chown _apt "$tmp/download"
    fi
    local apt_opts=(
        -o "Dir::Etc::SourceList=$tmp/sources.list"
        -o "Dir::Etc::SourceParts=$tmp/sourceparts"
        -o "Dir::State::Lists=$tmp/lists"
        -o "Dir::Cache=$tmp/cache"
        -o "Dir::Cache::pkgcache="
        -o "Dir::Cache::srcpkgcache="
        -o "Acquire::Languages=none"
        -o "APT::Get::List-Cleanup=false"
    )
    apt-get "${apt_opts[@]}" -q update >&2 ||
        die "private 'apt-get update' for '$suite' failed (network? keyring?)"

    # The highest version of the source package whose upstream part matches $glob.
    versions=$(apt-cache "${apt_opts[@]}" showsrc "$pkg" 2>/dev/null | sed -n 's/^Version: //p')
    while read -r v; do
        [[ -n "$v" ]] || continue
        upstream=${v#*:}; upstream=${upstream%-*}; upstream=${upstream%%+*}
        # shellcheck disable=SC2053
        [[ $upstream == $glob ]] || continue
        if [[ -z $deb_version ]] || dpkg --compare-versions "$v" gt "$deb_version"; then
            deb_version=$v
        fi
    done <<<"$versions"
    [[ -n "$deb_version" ]] ||
        die "Debian '$suite' does not offer $pkg $glob (it has: $(echo "$versions" | tr '\n' ' '))"
    log "    $suite has $pkg $deb_version"

    (cd "$tmp/download" && apt-get "${apt_opts[@]}" -q source "$pkg=$deb_version" >&2) ||
        die "apt-get source $pkg=$deb_version failed"

    tree=$(find "$tmp/download" -mindepth 1 -maxdepth 1 -type d -name "$pkg-*" | head -n 1)
    [[ -n "$tree" ]] || die "unpacked source tree not found after apt-get source $pkg=$deb_version"

    rm -rf "$dest"
    mkdir -p "$dest"
    mv "$tmp/download/"* "$dest/"
    ln -sfn "$(basename "$tree")" "$dest/tree"
    printf '%s\n' "$deb_version" >"$dest/deb-version"
)
