#!/usr/bin/env bash
# scripts/release/build-linux.sh [--check] [--host] - the Linux x86_64
# release binaries, which need nothing on a volunteer's host but the C
# library, glibc 2.31 or newer:
# build/release/vboxwrapper_<ver>_x86_64-pc-linux-gnu and
# vbw_<ver>_x86_64-pc-linux-gnu.
#
# A binary needs the glibc it was linked against or newer, so they are built
# inside a Debian 11 (bullseye, glibc 2.31) root made and cached by
# oldroot.sh: the oldest Debian the package registry serves. Built on
# Debian 12 they needed glibc 2.34 and did not start on Debian 11, Ubuntu
# 20.04 or RHEL 8. libxml2, PCRE2 and the BOINC API (8.2.15, with the 8.2.14
# network-suspend fix) are built from source in that root by build-deps.sh
# (its own cache, /var/cache/vbw-deps inside the root) and linked
# statically, libstdc++ and libgcc statically. Then, for each binary: any
# NEEDED library outside glibc's own fails (readelf -d), and so does a
# GLIBC_x.y symbol version newer than the root's glibc (VBW_GLIBC_MAX
# overrides the ceiling). Finally the binaries run inside the root: vbw
# --version, and a whole standalone vboxwrapper task over a replay
# transcript (tests/release/task_standalone.sh, with /proc mounted in the
# root for the task's length).
#
# --host: build on this machine instead (its glibc is the ceiling; no root
# needed). --check (CI): where no BOINC source can be had (some Debian
# mirrors do not serve boinc's source package, and Debian's own static BOINC
# archives are LTO-only objects that do not link), build and check vbw alone
# and say that vboxwrapper was NOT BUILT; where the bullseye root cannot be
# made (not root, no registry) build on this machine and say that the glibc
# 2.31 floor was NOT CHECKED -- under CI=true that is a failure.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
jobs=${VBW_JOBS:-$(nproc 2>/dev/null || echo 2)}

check=0 where=root
for arg; do
    case $arg in
    --check) check=1 ;;
    --host) where=host ;;
    *) echo "usage: build-linux.sh [--check] [--host]" >&2; exit 2 ;;
    esac
done
say() { echo "build-linux: $*" >&2; }

if [ $where = root ]; then
    rc=0
    root=$(bash "$here/oldroot.sh") || rc=$?
    if [ $rc = 77 ] && [ $check = 1 ]; then
        say "NOT CHECKED: the glibc 2.31 floor (no Debian 11 build root here); building on this machine," \
            "whose binaries need its glibc $(getconf GNU_LIBC_VERSION | cut -d' ' -f2)"
        where=host
    elif [ $rc != 0 ]; then
        say "no Debian 11 build root (oldroot.sh exit $rc); --host builds on this machine (its glibc)"
        exit 1
    fi
fi

progs="vboxwrapper vbw"
with_boinc=ON
deps_env=()
[ $check = 1 ] && deps_env=(VBW_DEPS_BOINC=optional)

if [ $where = root ]; then
    # The project is copied into the root (not bind-mounted: nothing of the
    # work tree is ever mounted there); each work tree has its own folder,
    # and its build folder is kept, so a second run rebuilds only changes.
    opt=/opt/vbw/$(printf %s "$top" | md5sum | cut -c1-10)
    in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
        LANG=C.UTF-8 VBW_JOBS="$jobs" "$@"; }
    rm -rf "$root$opt/src"
    mkdir -p "$root$opt/src"
    tar -C "$top" --exclude=./build --exclude=./.git -cf - . | tar -C "$root$opt/src" -xf -
    env "${deps_env[@]}" bash "$here/build-deps.sh" --seed "$root/var/cache/vbw-deps/src" linux-x86_64
    deps=$(in_root "${deps_env[@]}" VBW_DEPS_OFFLINE=1 bash "$opt/src/scripts/release/build-deps.sh" linux-x86_64)
    build_in() { in_root "$@"; }
    src=$opt/src build=$opt/build
    host_path=$root
    glibc_max=${VBW_GLIBC_MAX:-$(in_root getconf GNU_LIBC_VERSION | cut -d' ' -f2)}
else
    deps=$(env "${deps_env[@]}" bash "$here/build-deps.sh" linux-x86_64)
    build_in() { "$@"; }
    src=$top build=$top/build/linux-release
    host_path=
    glibc_max=${VBW_GLIBC_MAX:-$(getconf GNU_LIBC_VERSION | cut -d' ' -f2)}
fi
if [ ! -f "$host_path$deps/boinc/lib/libboinc_api.a" ]; then
    [ $check = 1 ] || { say "no BOINC API in $host_path$deps"; exit 1; }
    progs=vbw with_boinc=OFF
    say "NOT BUILT: vboxwrapper (no BOINC source on this machine; set VBW_BOINC_SRC to a BOINC" \
        "8.2.15 tree); checking vbw alone"
fi

build_in env PKG_CONFIG_LIBDIR="$deps/lib/pkgconfig" cmake -S "$src" -B "$build" \
    -DCMAKE_BUILD_TYPE=Release -DBOINC_ROOT="$deps/boinc" -DVBW_WITH_BOINC=$with_boinc -DVBW_BUILD_TESTS=OFF \
    -DCMAKE_EXE_LINKER_FLAGS="-static-libstdc++ -static-libgcc" \
    -DCMAKE_C_STANDARD_LIBRARIES="-lm -lpthread" -DCMAKE_CXX_STANDARD_LIBRARIES="-lm -lpthread" >/dev/null
# The replay program stands in for VBoxManage in the task run below.
build_in env PKG_CONFIG_LIBDIR="$deps/lib/pkgconfig" cmake --build "$build" -j"$jobs" \
    --target $progs vbw-vboxmanage-replay

version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$host_path$build/CMakeCache.txt")
mkdir -p "$top/build/release"
for prog in $progs; do
    out=$top/build/release/${prog}_${version}_x86_64-pc-linux-gnu
    # Checked under a temporary name: a binary that fails is never left
    # where a release would pick it up.
    rm -f "$out"
    strip -o "$out.tmp" "$host_path$build/bin/$prog"
    needed=$(readelf -d "$out.tmp" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
    bad=$(echo "$needed" | grep -vE '^(libc|libm|libpthread|libdl|librt|ld-linux-x86-64)\.so\.[0-9.]+$' || true)
    if [ -n "$bad" ]; then
        rm -f "$out.tmp"
        say "$out needs $(echo $bad): only the C library may be dynamic"
        exit 1
    fi
    glibc=$(objdump -T "$out.tmp" | grep -o 'GLIBC_[0-9.]*' | sort -t. -k2,2n -k3,3n -u | tail -n 1)
    if [ "$(printf '%s\n' "${glibc#GLIBC_}" "$glibc_max" | sort -V | tail -n 1)" != "$glibc_max" ]; then
        rm -f "$out.tmp"
        say "$out uses $glibc, newer than glibc $glibc_max: it would not start on the oldest hosts"
        exit 1
    fi
    mv "$out.tmp" "$out"
    echo "$out ($(stat -c %s "$out") bytes; needs $(echo $needed); newest symbol $glibc; built against glibc $glibc_max)"
done

# Run them where they were built (the oldest glibc): in the root, the
# stripped release files themselves.
if [ $where = root ]; then
    mkdir -p "$root$opt/release"
    for prog in $progs; do
        cp "$top/build/release/${prog}_${version}_x86_64-pc-linux-gnu" "$root$opt/release/"
    done
    run_in() { in_root "$@"; }
    rel=$opt/release
else
    run_in() { "$@"; }
    rel=$top/build/release
fi
echo "$(run_in "$rel/vbw_${version}_x86_64-pc-linux-gnu" --version) runs ($where)"
if [ "$with_boinc" = ON ]; then
    proc_mounted=0
    if [ $where = root ] && ! mountpoint -q "$root/proc"; then
        mount -t proc proc "$root/proc"
        proc_mounted=1
        trap 'umount -l "$root/proc"' EXIT
    fi
    run_in bash "$src/tests/release/task_standalone.sh" "$rel/vboxwrapper_${version}_x86_64-pc-linux-gnu" \
        "$build/bin" "$src/tests/windows/data/standalone-task-vbox70.txt"
    if [ $proc_mounted = 1 ]; then umount "$root/proc"; trap - EXIT; fi
else
    say "NOT TESTED: a vboxwrapper task (vboxwrapper NOT BUILT)"
fi
