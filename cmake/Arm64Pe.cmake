# woa_arm64_pe(NAME SOURCES a.c ... [FLAGS -fms-extensions ...] [LIBS -lws2_32 ...]
#              [DEPENDS file ...] [ENTRY symbol] OUTPUT_DIR dir)
# Builds dir/NAME.exe, an arm64 Windows console program, with Debian's clang and lld against the
# wine SDK (see WineSdk.cmake), then checks with woa-pe-check that it really is a PE32+ image for
# machine 0xAA64 before it takes its final name: a wrong build never looks finished.
find_program(WOA_PE_CC NAMES clang clang-14 REQUIRED)
find_program(WOA_PE_LLD NAMES ld.lld lld REQUIRED)
execute_process(COMMAND ${WOA_PE_CC} -print-resource-dir
                OUTPUT_VARIABLE WOA_PE_CC_RESOURCES OUTPUT_STRIP_TRAILING_WHITESPACE)

set(WOA_PE_FLAGS
    --target=aarch64-windows-gnu -fuse-ld=lld -nostdinc -nostdlib
    -isystem ${WOA_WINE_SDK}/usr/include/wine/wine/msvcrt
    -isystem ${WOA_WINE_SDK}/usr/include/wine/wine/windows
    -isystem ${WOA_PE_CC_RESOURCES}/include
    # wine's headers are written for msvcrt or ucrt; ucrtbase has the stdio this needs.
    -D_UCRT -Wno-pragma-pack -O2 -Wall -Werror)
set(WOA_PE_LIBDIR -L ${WOA_WINE_SDK}/usr/lib/aarch64-linux-gnu/wine/aarch64-windows)
# A C program: wine's crt0 calls main(); ucrtbase is the C library.
set(WOA_PE_CRT -lwinecrt0 -lucrtbase)

# The same for x86-64 Windows (ARCH x86_64): the launcher of x86-64 control targets.
string(REPLACE "aarch64-windows-gnu" "x86_64-windows-gnu" WOA_PE_FLAGS_X64 "${WOA_PE_FLAGS}")
string(REPLACE "${WOA_WINE_SDK}" "${WOA_WINE_SDK_X64}" WOA_PE_FLAGS_X64 "${WOA_PE_FLAGS_X64}")
set(WOA_PE_LIBDIR_X64 -L ${WOA_WINE_SDK_X64}/usr/lib/x86_64-linux-gnu/wine/x86_64-windows)

function(woa_arm64_pe name)
  cmake_parse_arguments(PE "" "OUTPUT_DIR;ENTRY;ARCH" "SOURCES;FLAGS;LIBS;DEPENDS" ${ARGN})
  set(flags ${WOA_PE_FLAGS})
  set(libdir ${WOA_PE_LIBDIR})
  set(check "")
  if(PE_ARCH STREQUAL "x86_64")
    set(flags ${WOA_PE_FLAGS_X64})
    set(libdir ${WOA_PE_LIBDIR_X64})
    set(check --amd64)
  endif()
  # With ENTRY, no C runtime at all: the program starts at that function.
  if(PE_ENTRY)
    set(link ${libdir} -Wl,--entry=${PE_ENTRY} ${PE_LIBS} -lkernel32 -Wl,--subsystem,console)
  else()
    set(link ${libdir} ${WOA_PE_CRT} ${PE_LIBS} -lkernel32 -Wl,--subsystem,console)
  endif()
  set(out ${PE_OUTPUT_DIR}/${name}.exe)
  set(sources "")
  foreach(s ${PE_SOURCES})
    list(APPEND sources ${CMAKE_CURRENT_SOURCE_DIR}/${s})
  endforeach()
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${PE_OUTPUT_DIR}
    COMMAND ${WOA_PE_CC} ${flags} ${PE_FLAGS} ${sources} -o ${out}.partial ${link}
    COMMAND $<TARGET_FILE:woa-pe-check> ${check} ${out}.partial
    COMMAND ${CMAKE_COMMAND} -E rename ${out}.partial ${out}
    DEPENDS ${sources} ${PE_DEPENDS} woa-pe-check
    COMMENT "arm64 PE ${name}.exe"
    VERBATIM)
  add_custom_target(pe-${name} ALL DEPENDS ${out})
endfunction()
