# FindBOINC: the BOINC API library (libboinc_api) and libboinc.
#
# Debian ships them in libboinc-app-dev with no pkg-config file: headers in
# /usr/include/boinc, shared libboinc_api.so and libboinc.so (its
# libboinc_api.a is empty in Debian 12, so we link the shared ones there).
# For a static release binary point BOINC_ROOT at a BOINC source build (its
# api/ and lib/ folders hold the headers and the .a archives side by side) or
# at a prefix with include/boinc/ and lib/ (scripts/release/build-deps.sh).
#
# Defines the imported target BOINC::api (which brings BOINC::lib along) and
# BOINC_FOUND, BOINC_INCLUDE_DIRS.

set(_boinc_hints)
if(BOINC_ROOT)
  list(APPEND _boinc_hints "${BOINC_ROOT}" "${BOINC_ROOT}/api" "${BOINC_ROOT}/lib"
       "${BOINC_ROOT}/include/boinc")
elseif(DEFINED ENV{BOINC_ROOT})
  list(APPEND _boinc_hints "$ENV{BOINC_ROOT}" "$ENV{BOINC_ROOT}/api" "$ENV{BOINC_ROOT}/lib"
       "$ENV{BOINC_ROOT}/include/boinc")
endif()

if(_boinc_hints)
  # A source build: headers sit in api/ and lib/, archives next to them.
  # BOINC_ROOT is a host path even when cross-compiling: a toolchain file's
  # CMAKE_FIND_ROOT_PATH_MODE_* ONLY would otherwise re-root it into the
  # target's sysroot, where it is not.
  set(_boinc_find NO_DEFAULT_PATH NO_CMAKE_FIND_ROOT_PATH)
  find_path(BOINC_API_INCLUDE_DIR boinc_api.h HINTS ${_boinc_hints} ${_boinc_find})
  find_path(BOINC_LIB_INCLUDE_DIR error_numbers.h HINTS ${_boinc_hints} ${_boinc_find})
  find_library(BOINC_API_LIBRARY NAMES libboinc_api.a boinc_api HINTS ${_boinc_hints} ${_boinc_find})
  find_library(BOINC_LIBRARY NAMES libboinc.a boinc HINTS ${_boinc_hints} ${_boinc_find})
else()
  find_path(BOINC_API_INCLUDE_DIR boinc_api.h PATH_SUFFIXES boinc)
  find_path(BOINC_LIB_INCLUDE_DIR error_numbers.h PATH_SUFFIXES boinc)
  # Prefer the shared objects: Debian's libboinc_api.a is an empty archive.
  find_library(BOINC_API_LIBRARY NAMES libboinc_api.so boinc_api)
  find_library(BOINC_LIBRARY NAMES libboinc.so boinc)
endif()

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(BOINC
  REQUIRED_VARS BOINC_API_LIBRARY BOINC_LIBRARY BOINC_API_INCLUDE_DIR BOINC_LIB_INCLUDE_DIR)

if(BOINC_FOUND)
  set(BOINC_INCLUDE_DIRS "${BOINC_API_INCLUDE_DIR}" "${BOINC_LIB_INCLUDE_DIR}")
  list(REMOVE_DUPLICATES BOINC_INCLUDE_DIRS)
  if(NOT TARGET BOINC::lib)
    add_library(BOINC::lib UNKNOWN IMPORTED)
    set_target_properties(BOINC::lib PROPERTIES
      IMPORTED_LOCATION "${BOINC_LIBRARY}"
      INTERFACE_INCLUDE_DIRECTORIES "${BOINC_INCLUDE_DIRS}")
  endif()
  if(NOT TARGET BOINC::api)
    find_package(Threads REQUIRED)
    add_library(BOINC::api UNKNOWN IMPORTED)
    set_target_properties(BOINC::api PROPERTIES
      IMPORTED_LOCATION "${BOINC_API_LIBRARY}"
      INTERFACE_INCLUDE_DIRECTORIES "${BOINC_INCLUDE_DIRS}"
      INTERFACE_LINK_LIBRARIES "BOINC::lib;Threads::Threads")
  endif()
endif()
mark_as_advanced(BOINC_API_INCLUDE_DIR BOINC_LIB_INCLUDE_DIR BOINC_API_LIBRARY BOINC_LIBRARY)
