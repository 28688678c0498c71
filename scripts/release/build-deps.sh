#!/usr/bin/env bash
# scripts/release/build-deps.sh TARGET - builds the static libraries a release
# binary links, from Debian's own source packages, into a cache on this
# machine (outside the clone) that later runs reuse:
#   TARGET=windows-x86_64   mingw-w64 cross build: libxml2, PCRE2, cmocka
#                           (the tests), libboinc + libboinc_api (BOINC's
#                           lib/Makefile.mingw)
#   TARGET=linux-x86_64     libxml2, PCRE2 and the BOINC API, static, -fPIC
# Prints the prefix (VBW_DEPS_PREFIX; BOINC under PREFIX/boinc) on stdout.
#
# build-deps.sh --seed DIR TARGET copies the source trees TARGET needs into
# DIR (fetching them into this machine's cache first where missing) and
# builds nothing: build-linux.sh seeds its Debian 11 build root this way and
# runs build-deps.sh there with VBW_DEPS_OFFLINE=1 (sources only from the
# cache's src/, never apt-get source: the root has no deb-src and no
# dpkg-dev), so the root gets its own prefix built by its own compiler.
#
# Environment: VBW_DEPS_CACHE (default /var/cache/vbw-deps; sources in src/,
# one prefix per target), VBW_BOINC_SRC (a BOINC source tree to use instead of
# `apt-get source boinc`), VBW_JOBS (default: nproc), VBW_DEPS_BOINC=optional
# (test builds: when no BOINC source can be had -- some Debian mirrors do not
# serve boinc's source package -- print the prefix without BOINC and say so on
# stderr; the next run tries BOINC again; a release build never sets it).
#
# Versions: libxml2, PCRE2 and cmocka from Debian 12 (bookworm); BOINC 8.2.15
# (Debian sid's boinc 8.2.15+dfsg), the first with the 8.2.14 network-suspend
# fix in the API; Debian 12's 7.20.5 lacks it.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$here/debsrc.sh"

seed_dir=
if [ "${1:-}" = --seed ]; then
    seed_dir=${2:?usage: build-deps.sh --seed DIR TARGET}
    shift 2
fi
target=${1:?usage: build-deps.sh [--seed DIR] windows-x86_64|linux-x86_64}
cache=${VBW_DEPS_CACHE:-/var/cache/vbw-deps}
jobs=${VBW_JOBS:-$(nproc 2>/dev/null || echo 2)}
boinc_suite=sid
boinc_version=8.2.15

case $target in
windows-x86_64)
    toolchain=$top/cmake/toolchains/mingw-w64-x86_64.cmake
    cmake_target=(-DCMAKE_TOOLCHAIN_FILE="$toolchain") ;;
linux-x86_64)
    cmake_target=(-DCMAKE_POSITION_INDEPENDENT_CODE=ON) ;;
*) echo "build-deps: unknown target $target" >&2; exit 2 ;;
esac
prefix=$cache/$target
# The stamp names what the prefix is built with: bump recipe when changing
# the versions or options below; another stamp starts the prefix afresh.
# Each library marks itself done, so an interrupted run resumes.
recipe=3
stamp_want="recipe $recipe boinc $boinc_version"
log() { echo "build-deps[$target]: $*" >&2; }

need_source() {
    if [ "${VBW_DEPS_OFFLINE:-}" = 1 ]; then
        vbw_debsrc_cached "$cache/src" "${1%%/*}" && return 0
        log "no ${1%%/*} source tree in $cache/src (VBW_DEPS_OFFLINE=1)"
        return 1
    fi
    vbw_debsrc_ensure bookworm $boinc_suite >&2
    vbw_debsrc_fetch "$cache/src" "$1"
}

if [ -n "$seed_dir" ]; then
    seed() { # PACKAGE/SUITE: its tree into $seed_dir unless one is there
        local tree
        vbw_debsrc_cached "$seed_dir" "${1%%/*}" >/dev/null && return 0
        tree=$(need_source "$1") || return 1
        log "seeding $seed_dir with $tree"
        cp -a "$tree" "$seed_dir/"
    }
    mkdir -p "$seed_dir"
    seed libxml2/bookworm
    seed pcre2/bookworm
    if [ "$target" = windows-x86_64 ]; then seed cmocka/bookworm; fi
    if [ -n "${VBW_BOINC_SRC:-}" ]; then
        vbw_debsrc_cached "$seed_dir" boinc >/dev/null || cp -a "$VBW_BOINC_SRC" "$seed_dir/boinc-$boinc_version"
    elif ! seed boinc/$boinc_suite; then
        [ "${VBW_DEPS_BOINC:-}" = optional ] || { log "no BOINC source: set VBW_BOINC_SRC"; exit 1; }
        log "no BOINC source (apt-get source boinc/$boinc_suite failed; set VBW_BOINC_SRC): seeded without BOINC"
    fi
    exit 0
fi

if [ -f "$prefix/.vbw-stamp" ] && [ "$(cat "$prefix/.vbw-stamp")" = "$stamp_want" ]; then
    echo "$prefix"
    exit 0
fi
if [ "$(cat "$prefix/.vbw-recipe" 2>/dev/null)" != "$stamp_want" ]; then
    rm -rf "$prefix"
    mkdir -p "$prefix"
    echo "$stamp_want" >"$prefix/.vbw-recipe"
fi
build=$cache/build-$target
xml_src= pcre_src= cmocka_src=
mkdir -p "$build"
done_mark() { [ -f "$prefix/.done-$1" ]; }

cmake_dep() { # name srcdir options...
    local name=$1 src=$2; shift 2
    done_mark "$name" && return 0
    log "$name"
    cmake -S "$src" -B "$build/$name" -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$prefix" \
        -DCMAKE_INSTALL_LIBDIR=lib "${cmake_target[@]}" -DBUILD_SHARED_LIBS=OFF "$@" >"$build/$name.log" 2>&1 \
        || { tail -n 30 "$build/$name.log" >&2; return 1; }
    cmake --build "$build/$name" -j"$jobs" --target install >>"$build/$name.log" 2>&1 \
        || { tail -n 30 "$build/$name.log" >&2; return 1; }
    touch "$prefix/.done-$name"
}

done_mark libxml2 || xml_src=$(need_source libxml2/bookworm)
# Only what vbw uses: the parser and tree. No iconv (the job files are UTF-8),
# no network, no compression libraries, no extra threads library on Linux.
cmake_dep libxml2 "$xml_src" -DLIBXML2_WITH_ICONV=OFF -DLIBXML2_WITH_ICU=OFF \
    -DLIBXML2_WITH_LZMA=OFF -DLIBXML2_WITH_ZLIB=OFF -DLIBXML2_WITH_PYTHON=OFF \
    -DLIBXML2_WITH_HTTP=OFF -DLIBXML2_WITH_FTP=OFF -DLIBXML2_WITH_MODULES=OFF \
    -DLIBXML2_WITH_PROGRAMS=OFF -DLIBXML2_WITH_TESTS=OFF -DLIBXML2_WITH_DOCB=OFF

done_mark pcre2 || pcre_src=$(need_source pcre2/bookworm)
cmake_dep pcre2 "$pcre_src" -DPCRE2_BUILD_PCRE2GREP=OFF -DPCRE2_BUILD_TESTS=OFF \
    -DBUILD_STATIC_LIBS=ON -DPCRE2_SUPPORT_LIBBZ2=OFF -DPCRE2_SUPPORT_LIBZ=OFF \
    -DPCRE2_SUPPORT_LIBEDIT=OFF -DPCRE2_SUPPORT_LIBREADLINE=OFF
# A static PCRE2 must be compiled against with PCRE2_STATIC on Windows (no
# dllimport); its .pc file does not say so.
grep -q PCRE2_STATIC "$prefix/lib/pkgconfig/libpcre2-8.pc" \
    || sed -i 's/^Cflags: \(.*\)$/Cflags: \1 -DPCRE2_STATIC/' "$prefix/lib/pkgconfig/libpcre2-8.pc"

if [ "$target" = windows-x86_64 ]; then
    done_mark cmocka || cmocka_src=$(need_source cmocka/bookworm)
    cmake_dep cmocka "$cmocka_src" -DWITH_STATIC_LIB=ON -DWITH_EXAMPLES=OFF -DUNIT_TESTING=OFF
    # Link the archive, never the import library of the DLL built beside it.
    rm -f "$prefix/lib/libcmocka.dll.a" "$prefix/bin/libcmocka.dll"
    [ -f "$prefix/lib/libcmocka.a" ] || cp "$prefix/lib/libcmocka-static.a" "$prefix/lib/libcmocka.a"
fi

# BOINC: a tree given, else one fetched earlier into the cache, else Debian's
# source package.
if [ -n "${VBW_BOINC_SRC:-}" ]; then
    boinc_src=$VBW_BOINC_SRC
elif ! boinc_src=$(need_source boinc/$boinc_suite); then
    if [ "${VBW_DEPS_BOINC:-}" = optional ]; then
        log "no BOINC source (apt-get source boinc/$boinc_suite failed; set VBW_BOINC_SRC): prefix without BOINC"
        echo "$prefix"
        exit 0
    fi
    log "no BOINC source: apt-get source boinc/$boinc_suite failed; set VBW_BOINC_SRC to a BOINC $boinc_version tree"
    exit 1
fi
grep -q "BOINC_VERSION_STRING \"$boinc_version\"" "$boinc_src/version.h" \
    || log "warning: $boinc_src is not BOINC $boinc_version"
mkdir -p "$prefix/boinc/include/boinc" "$prefix/boinc/lib" "$build/boinc"
log "boinc ($boinc_src)"
if [ "$target" = windows-x86_64 ]; then
    # Unchanged, out of tree: the Makefile BOINC maintains for this.
    (cd "$build/boinc" && make -f "$boinc_src/lib/Makefile.mingw" -j"$jobs" BOINC_SRC="$boinc_src" \
        CC=x86_64-w64-mingw32-gcc-posix CXX=x86_64-w64-mingw32-g++-posix \
        AR=x86_64-w64-mingw32-ar RANLIB=x86_64-w64-mingw32-ranlib libboinc.a libboinc_api.a) >"$build/boinc.log" 2>&1 \
        || { tail -n 30 "$build/boinc.log" >&2; exit 1; }
    cp "$build/boinc/libboinc.a" "$build/boinc/libboinc_api.a" "$prefix/boinc/lib/"
    cp "$boinc_src/win_build/config.h" "$prefix/boinc/include/boinc/"
else
    # BOINC's own autotools build, only its two libraries, static and PIC.
    rm -rf "$build/boinc"
    cp -a "$boinc_src" "$build/boinc"
    (cd "$build/boinc" && ./_autosetup && ./configure --disable-server --disable-client \
        --disable-manager --disable-shared --enable-static --with-pic \
        && make -C lib -j"$jobs" libboinc.la && make -C api -j"$jobs" libboinc_api.la) \
        >"$build/boinc.log" 2>&1 || { tail -n 30 "$build/boinc.log" >&2; exit 1; }
    cp "$build/boinc/lib/.libs/libboinc.a" "$build/boinc/api/.libs/libboinc_api.a" "$prefix/boinc/lib/"
    cp "$build/boinc/config.h" "$prefix/boinc/include/boinc/"
fi
cp "$boinc_src"/api/*.h "$boinc_src"/lib/*.h "$boinc_src/version.h" "$prefix/boinc/include/boinc/"
[ -f "$boinc_src/svn_version.h" ] && cp "$boinc_src/svn_version.h" "$prefix/boinc/include/boinc/"

rm -rf "$build"
echo "$stamp_want" >"$prefix/.vbw-stamp"
log "done: $prefix"
echo "$prefix"
