# scripts/release/debsrc.sh - sourced by the release scripts: fetch Debian
# source packages with `apt-get source` into a cache directory.
#
# apt-get source needs a deb-src entry. We derive it from the machine's own
# apt configuration (the URI and key of its Debian archive entry), so the
# sources come from the same mirror or snapshot the machine already trusts;
# no host name is written here.

# Writes /etc/apt/sources.list.d/vbw-deb-src.sources (suites $*) once.
vbw_debsrc_ensure() {
    local list=/etc/apt/sources.list.d/vbw-deb-src.sources suites="$*"
    if [ -f "$list" ] && grep -qx "Suites: $suites" "$list"; then
        return 0
    fi
    local uri key
    if [ -f /etc/apt/sources.list.d/debian.sources ]; then
        # The first stanza whose URI is the main archive (not -security).
        uri=$(awk '/^URIs:/ && $2 !~ /security/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources)
        key=$(awk '/^Signed-By:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources)
    elif [ -f /etc/apt/sources.list ]; then
        uri=$(awk '$1 == "deb" && $2 !~ /security/ && $2 !~ /^\[/ {print $2; exit}' /etc/apt/sources.list)
    fi
    if [ -z "$uri" ]; then
        echo "debsrc: no Debian archive entry in the apt sources to derive deb-src from" >&2
        return 1
    fi
    {
        echo "# Written by vbw scripts/release/debsrc.sh: source packages for release builds."
        echo "Types: deb-src"
        echo "URIs: $uri"
        echo "Suites: $suites"
        echo "Components: main"
        [ -n "$key" ] && echo "Signed-By: $key"
    } >"$list"
    apt-get update -qq
}

# vbw_debsrc_cached DIR PACKAGE -> prints the unpacked source tree of
# PACKAGE in DIR (the newest), or fails when there is none.
vbw_debsrc_cached() {
    local tree
    tree=$(find "$1" -mindepth 1 -maxdepth 1 -type d -name "$2-[0-9]*" ! -name '*.orig' 2>/dev/null |
           sort | tail -n 1)
    [ -n "$tree" ] && echo "$tree"
}

# vbw_debsrc_fetch DIR PACKAGE[/SUITE] -> prints the unpacked source tree.
# Kept in DIR between runs (the cache); fetched only when missing.
vbw_debsrc_fetch() {
    local dir=$1 spec=$2 pkg=${2%%/*}
    mkdir -p "$dir"
    vbw_debsrc_cached "$dir" "$pkg" && return 0
    (cd "$dir" && apt-get source -qq "$spec" >&2)
    vbw_debsrc_cached "$dir" "$pkg" || { echo "debsrc: apt-get source $spec gave no tree" >&2; return 1; }
}
