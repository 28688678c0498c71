#!/usr/bin/env bash
# scripts/release/build-linux.sh - the Linux x86_64 release binaries, which
# need nothing on a volunteer's host but the C library:
# build/release/vboxwrapper_<ver>_x86_64-pc-linux-gnu and
# vbw_<ver>_x86_64-pc-linux-gnu.
#
# libxml2, PCRE2 and the BOINC API (8.2.15, with the 8.2.14 network-suspend
# fix) are linked statically from scripts/release/build-deps.sh's cache,
# libstdc++ and libgcc statically. The result is checked with readelf -d:
# any NEEDED library outside glibc's own fails the build. Build it on the
# oldest Debian you support: the binary needs that glibc or newer (the
# script prints the newest GLIBC_x.y symbol version it uses).
#
# --check (CI): where no BOINC source can be had (some Debian mirrors do not
# serve boinc's source package, and Debian's own static BOINC archives are
# LTO-only objects that do not link), build and check vbw alone and say that
# vboxwrapper was not built.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
jobs=${VBW_JOBS:-$(nproc 2>/dev/null || echo 2)}

progs="vboxwrapper vbw"
with_boinc=ON
if [ "${1:-}" = --check ]; then
    deps=$(VBW_DEPS_BOINC=optional bash "$here/build-deps.sh" linux-x86_64)
    if [ ! -f "$deps/boinc/lib/libboinc_api.a" ]; then
        progs=vbw with_boinc=OFF
        echo "build-linux: NOT BUILT: vboxwrapper (no BOINC source on this machine; set" \
             "VBW_BOINC_SRC to a BOINC 8.2.15 tree); checking vbw alone" >&2
    fi
else
    deps=$(bash "$here/build-deps.sh" linux-x86_64)
fi
build=$top/build/linux-release
PKG_CONFIG_LIBDIR=$deps/lib/pkgconfig cmake -S "$top" -B "$build" -DCMAKE_BUILD_TYPE=Release \
    -DBOINC_ROOT="$deps/boinc" -DVBW_WITH_BOINC=$with_boinc -DVBW_BUILD_TESTS=OFF \
    -DCMAKE_EXE_LINKER_FLAGS="-static-libstdc++ -static-libgcc" \
    -DCMAKE_C_STANDARD_LIBRARIES="-lm -lpthread" -DCMAKE_CXX_STANDARD_LIBRARIES="-lm -lpthread" >/dev/null
PKG_CONFIG_LIBDIR=$deps/lib/pkgconfig cmake --build "$build" -j"$jobs" --target $progs

version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build/CMakeCache.txt")
mkdir -p "$top/build/release"
for prog in $progs; do
    out=$top/build/release/${prog}_${version}_x86_64-pc-linux-gnu
    strip -o "$out" "$build/bin/$prog"
    needed=$(readelf -d "$out" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
    bad=$(echo "$needed" | grep -vE '^(libc|libm|libpthread|libdl|librt|ld-linux-x86-64)\.so\.[0-9.]+$' || true)
    if [ -n "$bad" ]; then
        echo "build-linux: $out needs $(echo $bad): only the C library may be dynamic" >&2
        exit 1
    fi
    glibc=$(objdump -T "$out" | grep -o 'GLIBC_[0-9.]*' | sort -t. -k2,2n -k3,3n -u | tail -n 1)
    echo "$out ($(stat -c %s "$out") bytes; needs $(echo $needed); newest symbol $glibc)"
done
