# vbw_check_boinc_aux(RESULT_VAR): whether BOINC's boinc_report_app_status_aux
# takes the working-set size as a 7th argument (BOINC 8.x) or not (7.20).
#
# The test program is only compiled, never linked: a link would need the BOINC
# libraries and, when cross-compiling, their own system libraries (ws2_32 ...),
# and a link failure must not pass for "6 arguments". A compile error is what
# tells the two signatures apart.
include(CheckCXXSourceCompiles)
function(vbw_check_boinc_aux result_var)
  set(CMAKE_REQUIRED_INCLUDES ${BOINC_INCLUDE_DIRS})
  set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)
  check_cxx_source_compiles("
#include <string>
#include \"boinc_api.h\"
int vbw_aux_probe() { return boinc_report_app_status_aux(0, 0, 0, 0, 0, 0, 0); }
" ${result_var})
  set(${result_var} "${${result_var}}" PARENT_SCOPE)
endfunction()
