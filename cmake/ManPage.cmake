# cmake -DWOA=build/woa -DHELP2MAN=/usr/bin/help2man -DEXIT_CODES=core/exit_codes.h -DOUT=woa.1
#       -P ManPage.cmake
# woa.1 from `woa --help` (help2man) plus every command's own help, the environment and the exit
# statuses of core/exit_codes.h, so the page says what the built woa does.
foreach(var WOA HELP2MAN EXIT_CODES OUT)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "ManPage.cmake: -D${var}=... is required")
  endif()
endforeach()

# Text for a roff no-fill block: backslashes doubled, lines starting with . or ' protected.
function(roff_literal text out)
  string(REPLACE "\\" "\\e" text "${text}")
  string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" text "${text}")
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

execute_process(COMMAND ${WOA} --help OUTPUT_VARIABLE top RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "${WOA} --help failed (${status})")
endif()
# The commands: the lines of the Subcommands: section ("  name   summary").
string(REGEX REPLACE ".*\nSubcommands:\n" "" listing "${top}")
string(REGEX MATCHALL "(^|\n)  [a-z][a-z-]*" names "${listing}")
set(include "[COMMANDS]\nEach command has its own options; \\fBwoa help\\fR \\fICOMMAND\\fR prints them.\n")
foreach(name IN LISTS names)
  string(STRIP "${name}" name)
  if(name STREQUAL "help")
    continue()
  endif()
  execute_process(COMMAND ${WOA} ${name} --help OUTPUT_VARIABLE text RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "${WOA} ${name} --help failed (${status})")
  endif()
  roff_literal("${text}" text)
  string(APPEND include ".SS \"woa ${name}\"\n.nf\n${text}.fi\n")
endforeach()

string(APPEND include "[ENVIRONMENT]
.TP
\\fBWOA_HOME\\fR
woa's cache: targets, fetched programs, logs (default \\fB$XDG_CACHE_HOME/woa\\fR, else \\fB~/.cache/woa\\fR).
.TP
\\fBXDG_DATA_HOME\\fR
The results database is \\fB$XDG_DATA_HOME/woa/results.db\\fR (else \\fB~/.local/share/woa/results.db\\fR).
.TP
\\fBWOA_CORPUS\\fR, \\fBWOA_REFERENCES\\fR
The corpus and reference results used without \\fB--corpus\\fR / \\fB--references\\fR (default: the installed ones).
.TP
\\fBWOA_TARGET\\fR
The target used without \\fB--target\\fR (default: trixie).
.TP
\\fBNO_COLOR\\fR
Honoured trivially: woa never prints colour.
")

# Exit statuses: `constexpr int NAME = N; // what` lines of core/exit_codes.h.
file(STRINGS ${EXIT_CODES} lines REGEX "constexpr int")
string(APPEND include "[EXIT STATUS]\n")
foreach(line IN LISTS lines)
  if(line MATCHES "constexpr int ([a-z_]+) = ([0-9]+);[ ]*(// (.*))?")
    set(meaning "${CMAKE_MATCH_4}")
    if(meaning STREQUAL "")
      set(meaning "${CMAKE_MATCH_1}")
    endif()
    string(APPEND include ".TP\n\\fB${CMAKE_MATCH_2}\\fR\n${meaning}\n")
  endif()
endforeach()

get_filename_component(dir ${OUT} DIRECTORY)
file(MAKE_DIRECTORY ${dir})
file(WRITE ${OUT}.include "${include}")
execute_process(
  COMMAND ${HELP2MAN} --no-info --section 1 --source "woa-compat"
          --name "test Windows-on-Arm programs under qemu-user and wine-arm64"
          --include ${OUT}.include --output ${OUT}.tmp ${WOA}
  RESULT_VARIABLE status ERROR_VARIABLE errors)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "help2man failed (${status}): ${errors}")
endif()
file(RENAME ${OUT}.tmp ${OUT})
