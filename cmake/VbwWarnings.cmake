# Warnings are errors everywhere in our own code (VBW_WERROR=OFF only for
# builds with another compiler than the one CI gates on, e.g. the clang fuzz
# build).
option(VBW_WERROR "Treat warnings as errors" ON)
function(vbw_target_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra $<$<BOOL:${VBW_WERROR}>:-Werror> -Wshadow
    -Wformat=2 -Wno-unused-parameter $<$<COMPILE_LANGUAGE:C>:-Wstrict-prototypes>)
endfunction()
