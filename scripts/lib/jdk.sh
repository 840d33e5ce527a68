# shellcheck shell=bash
# scripts/lib/jdk.sh -- locate a JDK 21+ for timescale-migrate.
#
# Meant to be SOURCED, not executed:
#
#     . "$(dirname "$0")/lib/jdk.sh"
#     tsm_find_jdk || exit 1
#
# tsm_find_jdk sets and exports JAVA_HOME to a JDK whose major version is
# >= TSM_MIN_JAVA_MAJOR (default 21) and puts $JAVA_HOME/bin first on PATH.
#
#   1. If JAVA_HOME already points to a JDK (bin/java + bin/javac) of a
#      suitable version, it is kept.
#   2. Otherwise these locations are searched: /usr/lib/jvm/*, /opt/java/*,
#      /opt/jdk*, and the highest version that has bin/javac wins.
#   3. If nothing qualifies, an error is printed and the function returns 1.
#
# The version of a candidate is read from "$dir/release" (JAVA_VERSION="25.0.1")
# or, failing that, from the output of "$dir/bin/java -version".
#
# Safe under `set -euo pipefail`; defines only tsm_* functions, uses locals.

# Prints the full version (e.g. "25.0.1", "17.0.15", "1.8.0_402") of the JDK in
# directory $1, or nothing if it cannot be determined.
tsm_jdk_version() {
    local dir=$1 v=""
    if [[ -r "$dir/release" ]]; then
        v=$(sed -n 's/^JAVA_VERSION="\{0,1\}\([^"]*\)"\{0,1\}[[:space:]]*$/\1/p' "$dir/release" 2>/dev/null | head -n 1) || v=""
    fi
    if [[ -z "$v" && -x "$dir/bin/java" ]]; then
        # First line looks like: openjdk version "21.0.2" 2024-01-16
        v=$("$dir/bin/java" -version 2>&1 | sed -n 's/^.* version "\([^"]*\)".*$/\1/p' | head -n 1) || v=""
    fi
    printf '%s' "$v"
}

# Prints the major version for a full version string: "1.8.0_402" -> 8,
# "25.0.1" -> 25, "21" -> 21, "22-ea" -> 22. Prints nothing if unparsable.
tsm_jdk_major() {
    local v=$1 major
    if [[ "$v" == 1.* ]]; then
        v=${v#1.}
    fi
    major=${v%%[!0-9]*}
    printf '%s' "$major"
}

# Returns 0 if $1 is a JDK directory of major version >= the minimum.
tsm_jdk_ok() {
    local dir=$1 min=${TSM_MIN_JAVA_MAJOR:-21} v major
    [[ -d "$dir" && -x "$dir/bin/java" && -x "$dir/bin/javac" ]] || return 1
    v=$(tsm_jdk_version "$dir")
    major=$(tsm_jdk_major "$v")
    [[ -n "$major" ]] || return 1
    (( major >= min ))
}

tsm_find_jdk() {
    local min=${TSM_MIN_JAVA_MAJOR:-21}
    local me="jdk.sh"
    local best="" best_v="" d real v
    local -A seen=()

    if [[ -n "${JAVA_HOME:-}" ]]; then
        if tsm_jdk_ok "$JAVA_HOME"; then
            best=$JAVA_HOME
            best_v=$(tsm_jdk_version "$JAVA_HOME")
        else
            echo "$me: note: JAVA_HOME=$JAVA_HOME is not a JDK $min+ (version '$(tsm_jdk_version "$JAVA_HOME")'); searching for another one" >&2
        fi
    fi

    if [[ -z "$best" ]]; then
        for d in /usr/lib/jvm/* /opt/java/* /opt/jdk*; do
            [[ -d "$d" ]] || continue
            real=$(readlink -f -- "$d" 2>/dev/null) || real=$d
            [[ -n "${seen[$real]:-}" ]] && continue
            seen[$real]=1
            tsm_jdk_ok "$real" || continue
            v=$(tsm_jdk_version "$real")
            # Keep the highest version (sort -V handles 21.0.2 < 21.0.10 < 25).
            if [[ -z "$best" ]] || [[ "$(printf '%s\n%s\n' "$best_v" "$v" | sort -V | tail -n 1)" == "$v" && "$v" != "$best_v" ]]; then
                best=$real
                best_v=$v
            fi
        done
    fi

    if [[ -z "$best" ]]; then
        echo "$me: ERROR: no JDK with major version >= $min found." >&2
        echo "$me:   searched: \$JAVA_HOME, /usr/lib/jvm/*, /opt/java/*, /opt/jdk*" >&2
        echo "$me:   install a JDK $min+ (e.g. 'apt-get install openjdk-$min-jdk-headless' where available)" >&2
        echo "$me:   or set JAVA_HOME to the directory of a JDK $min+." >&2
        return 1
    fi

    JAVA_HOME=$best
    export JAVA_HOME
    case ":$PATH:" in
        ":$JAVA_HOME/bin:"*) ;;  # already first
        *) PATH="$JAVA_HOME/bin:$PATH" ;;
    esac
    export PATH
    echo "$me: using JDK $best_v at $JAVA_HOME" >&2
    return 0
}
