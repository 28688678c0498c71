# Warnings are errors everywhere in our own code.
function(vbw_target_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Werror -Wshadow
    -Wformat=2 -Wno-unused-parameter $<$<COMPILE_LANGUAGE:C>:-Wstrict-prototypes>)
endfunction()
