# Cross-compiling vbw for 64-bit Windows with Debian's mingw-w64
# (gcc-mingw-w64-x86-64, g++-mingw-w64-x86-64). Used by
# scripts/release/build-windows.sh; VBW_DEPS_PREFIX is the prefix the static
# libxml2, PCRE2 and cmocka were installed into (pkg-config looks only there)
# and BOINC_ROOT a BOINC tree built with its lib/Makefile.mingw.
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(VBW_MINGW_TRIPLET x86_64-w64-mingw32)

# The posix thread model of Debian's mingw-w64 (…-posix) is the one with
# std::thread and winpthreads; BOINC's API runs a timer thread.
find_program(CMAKE_C_COMPILER NAMES ${VBW_MINGW_TRIPLET}-gcc-posix ${VBW_MINGW_TRIPLET}-gcc)
find_program(CMAKE_CXX_COMPILER NAMES ${VBW_MINGW_TRIPLET}-g++-posix ${VBW_MINGW_TRIPLET}-g++)
find_program(CMAKE_RC_COMPILER NAMES ${VBW_MINGW_TRIPLET}-windres)

set(CMAKE_FIND_ROOT_PATH /usr/${VBW_MINGW_TRIPLET})
if(DEFINED ENV{VBW_DEPS_PREFIX})
  list(APPEND CMAKE_FIND_ROOT_PATH $ENV{VBW_DEPS_PREFIX})
  set(ENV{PKG_CONFIG_LIBDIR} "$ENV{VBW_DEPS_PREFIX}/lib/pkgconfig")
  set(ENV{PKG_CONFIG_SYSROOT_DIR} "")
endif()
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# Fully static: a volunteer's Windows has no libstdc++, libgcc or
# winpthread DLL next to the wrapper.
set(CMAKE_EXE_LINKER_FLAGS_INIT "-static -static-libgcc -static-libstdc++")

# Tests run under wine (tests/run-all.sh sets VBW_WINE to the wine program).
if(DEFINED ENV{VBW_WINE})
  set(CMAKE_CROSSCOMPILING_EMULATOR $ENV{VBW_WINE})
endif()
